//! QR codes as inline SVG: one path of dark modules with a quiet zone,
//! `role="img"` and a title, so a flyer can point at its published page.

use qrcode::{Color, EcLevel, QrCode};

/// An SVG QR code for `url`, or `None` if the text is too long to encode.
pub fn svg(url: &str, id: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::new();
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] == Color::Dark {
                let start = x;
                while x < width && colors[y * width + x] == Color::Dark {
                    x += 1;
                }
                path.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + quiet,
                    y + quiet,
                    x - start,
                    x - start
                ));
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-labelledby=\"{id}\" shape-rendering=\"crispEdges\"><title id=\"{id}\">{}</title><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        escape(label)
    ))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_path_with_quiet_zone_and_title() {
        let s = svg("https://example.org/a.html", "qr-1", "QR-kod").unwrap();
        assert!(s.starts_with("<svg class=\"qr\""));
        assert!(s.contains("role=\"img\" aria-labelledby=\"qr-1\""));
        assert!(s.contains("<title id=\"qr-1\">QR-kod</title>"));
        // Version 2 (25 modules) plus a quiet zone of 4 on each side.
        assert!(s.contains("viewBox=\"0 0 33 33\""), "{s}");
        assert_eq!(s.matches("<path").count(), 1);
        // Decoding is tested end to end in tests/testsuite/residents.rs.
    }
}
