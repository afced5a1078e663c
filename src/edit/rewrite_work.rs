//! An actor's `work:` rows rewritten: rows that did not change keep their
//! lines (and comments); a changed or new row is written as the rows are
//! (`- { need_area: a, for: b, does: "…" }` or a block mapping).

use super::kinds::{Value, WorkRow};
use super::yaml_text::{self as yt, Segment, Style};

/// A scalar inside `{ … }`: quoted when a comma or bracket would end it.
fn flow_scalar(s: &str) -> String {
    if yt::plain_ok(s) && !s.contains([',', '[', ']', '{', '}']) {
        s.to_string()
    } else {
        yt::double_quoted(s)
    }
}

/// One row, its dash at column `d`.
fn row_lines(d: usize, row: &WorkRow, flow: bool) -> Vec<String> {
    let pad = " ".repeat(d);
    let clean = |s: &str| -> String {
        s.split(['\r', '\n'])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .filter(|c| !c.is_control())
            .collect()
    };
    let (need, group, does) = (
        clean(&row.need_area),
        clean(&row.target_group),
        clean(&row.does),
    );
    if flow {
        let mut parts = vec![format!("need_area: {}", flow_scalar(&need))];
        if !group.is_empty() {
            parts.push(format!("for: {}", flow_scalar(&group)));
        }
        if !does.is_empty() {
            parts.push(format!("does: {}", flow_scalar(&does)));
        }
        return vec![format!("{pad}- {{ {} }}", parts.join(", "))];
    }
    let mut out = vec![format!(
        "{pad}- need_area: {}",
        yt::scalar(&need, Style::Plain)
    )];
    if !group.is_empty() {
        out.push(format!("{pad}  for: {}", yt::scalar(&group, Style::Plain)));
    }
    if !does.is_empty() {
        out.push(format!("{pad}  does: {}", yt::scalar(&does, Style::Plain)));
    }
    out
}

/// The file's lines, where each row is in them, and the rows as they were.
type Kept<'a> = (&'a [String], Vec<(usize, usize)>, &'a [WorkRow]);

/// `key:` at column `at` and its rows, new ones with their dash at column
/// `d` unless the rows have one; rows equal to the `old` row at the same
/// place keep their lines.
pub(super) fn work_lines(
    at: usize,
    d: usize,
    key: &str,
    rows: &[WorkRow],
    orig: Option<(&[String], &Segment)>,
    old: Option<&Value>,
) -> Vec<String> {
    let mut out = vec![format!("{}{key}:", " ".repeat(at))];
    let mut dash = d;
    let mut flow = true;
    let mut kept: Option<Kept<'_>> = None;
    if let Some((lines, seg)) = orig
        && let Some(first) = (seg.key_line + 1..seg.end).find(|&i| !yt::is_filler(&lines[i]))
    {
        dash = yt::indent(&lines[first]);
        flow = lines[first][dash..]
            .trim_start_matches('-')
            .trim_start()
            .starts_with('{');
        let found = yt::entries(lines, first, seg.end, dash);
        if let Some(Value::Work(before)) = old
            && found.len() == before.len()
            && !found.is_empty()
        {
            // The key's own line (with its comment) and what is between it
            // and the first row.
            out = lines[seg.key_line..found[0].0].to_vec();
            kept = Some((lines, found, before.as_slice()));
        }
    }
    for (i, row) in rows.iter().enumerate() {
        match &kept {
            Some((lines, found, before)) if before.get(i) == Some(row) => {
                let end = found.get(i + 1).map_or(found[i].1, |n| n.0);
                out.extend(lines[found[i].0..end].iter().cloned());
            }
            _ => out.extend(row_lines(dash, row, flow)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_row_is_written_as_the_rows_are_and_reads_back() {
        let row = WorkRow {
            need_area: "halsa".into(),
            target_group: "unga".into(),
            does: "Läxhjälp, två kvällar {ibland}".into(),
        };
        assert_eq!(
            row_lines(6, &row, true),
            ["      - { need_area: halsa, for: unga, does: \"Läxhjälp, två kvällar {ibland}\" }"]
        );
        assert_eq!(
            row_lines(6, &row, false),
            [
                "      - need_area: halsa",
                "        for: unga",
                "        does: Läxhjälp, två kvällar {ibland}"
            ]
        );
        let plain = WorkRow {
            need_area: "halsa".into(),
            target_group: String::new(),
            does: "Språkcafé\nvarje vecka".into(),
        };
        assert_eq!(
            row_lines(0, &plain, true),
            ["- { need_area: halsa, does: Språkcafé varje vecka }"]
        );
    }
}
