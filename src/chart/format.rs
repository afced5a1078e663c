//! Numbers for people: decimal comma and grouped thousands in Swedish and
//! Norwegian, point and comma in English, a real minus sign, and a fixed
//! number of decimals per chart.

use super::table::{Cell, Table};

/// How one chart writes its numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberFormat {
    pub decimal: char,
    pub group: &'static str,
    pub decimals: usize,
    /// `%` after every value (the chart's unit is per cent).
    pub percent: bool,
    /// Marker for suppressed counts, e.g. `<5`.
    pub suppressed: String,
}

impl NumberFormat {
    pub fn new(lang: &str, decimals: usize, percent: bool, min_count: u32) -> Self {
        let (decimal, group) = match lang {
            "en" => ('.', ","),
            _ => (',', "\u{a0}"),
        };
        NumberFormat {
            decimal,
            group,
            decimals,
            percent,
            suppressed: format!("<{min_count}"),
        }
    }

    /// `v` with the chart's decimals.
    pub fn num(&self, v: f64) -> String {
        self.with_decimals(v, self.decimals)
    }

    /// `v` with `decimals` decimals, thousands grouped.
    pub fn with_decimals(&self, v: f64, decimals: usize) -> String {
        let s = format!("{:.*}", decimals, v.abs());
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let mut out = String::with_capacity(s.len() + 4);
        let negative = v < 0.0 && s.bytes().any(|b| matches!(b, b'1'..=b'9'));
        if negative {
            out.push('−');
        }
        let digits = int.len();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (digits - i) % 3 == 0 {
                out.push_str(self.group);
            }
            out.push(ch);
        }
        if !frac.is_empty() {
            out.push(self.decimal);
            out.push_str(frac);
        }
        out
    }

    /// A value as shown in labels and tables: with `%` when the unit is.
    pub fn value(&self, v: f64) -> String {
        if self.percent {
            format!("{}\u{a0}%", self.num(v))
        } else {
            self.num(v)
        }
    }

    /// A share in whole per cent.
    pub fn share(&self, v: f64) -> String {
        format!("{}\u{a0}%", self.with_decimals(v, 0))
    }

    /// A table cell: a value, "–" when missing, the marker when suppressed.
    pub fn cell(&self, c: Cell) -> String {
        match c {
            Cell::Value(v) => self.value(v),
            Cell::Missing => "–".into(),
            Cell::Suppressed => self.suppressed.clone(),
        }
    }

    /// A value in the CSV download: no grouping, ASCII minus.
    pub fn csv(&self, c: Cell) -> String {
        match c {
            Cell::Value(v) => {
                let s = format!("{:.*}", self.decimals, v);
                let s = if s.starts_with('-') && !s.bytes().any(|b| matches!(b, b'1'..=b'9')) {
                    s[1..].to_string()
                } else {
                    s
                };
                s.replace('.', &self.decimal.to_string())
            }
            Cell::Missing => String::new(),
            Cell::Suppressed => self.suppressed.clone(),
        }
    }
}

/// The decimals the data needs: the fewest (at most 3) that show every
/// value exactly.
pub fn auto_decimals(table: &Table) -> usize {
    let mut d = 0;
    for v in table.values() {
        while d < 3 {
            let scaled = v * 10f64.powi(i32::try_from(d).unwrap_or(0));
            if (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0) {
                break;
            }
            d += 1;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_and_english_numbers() {
        let sv = NumberFormat::new("sv", 1, false, 5);
        assert_eq!(sv.num(24.14), "24,1");
        assert_eq!(sv.num(1234.5), "1\u{a0}234,5");
        assert_eq!(sv.num(-3.0), "−3,0");
        assert_eq!(sv.num(-0.01), "0,0");
        let sv0 = NumberFormat::new("sv", 0, false, 5);
        assert_eq!(sv0.num(4300.0), "4\u{a0}300");
        assert_eq!(sv0.num(41000.0), "41\u{a0}000");
        assert_eq!(sv0.num(999.0), "999");
        let en = NumberFormat::new("en", 1, true, 5);
        assert_eq!(en.value(1234.5), "1,234.5\u{a0}%");
        assert_eq!(en.cell(Cell::Suppressed), "<5");
        assert_eq!(en.cell(Cell::Missing), "–");
        assert_eq!(sv.csv(Cell::Value(1234.5)), "1234,5");
        assert_eq!(en.csv(Cell::Value(-0.01)), "0.0");
    }
}
