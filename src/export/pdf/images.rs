//! Images in the PDF: their format and size from their first bytes, their
//! text alternative, inline SVG made to stand alone, and the site file an
//! `src` points to.

use super::dom::{Element, Node};

/// The image formats typst reads, by their first bytes.
pub(super) fn image_format(bytes: &[u8]) -> Option<&'static str> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]).to_ascii_lowercase();
    if bytes.starts_with(b"\x89PNG") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"GIF8") {
        Some("gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else if head.contains("<svg") || head.trim_start().starts_with("<?xml") {
        Some("svg")
    } else {
        None
    }
}

/// An image's text alternative: `alt`, `aria-label` or the SVG's `<title>`.
pub(super) fn image_alt(e: &Element) -> Option<String> {
    let alt = e
        .attr("alt")
        .or_else(|| e.attr("aria-label"))
        .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
        .or_else(|| e.find("title").map(Element::text))?;
    Some(alt).filter(|a| !a.is_empty())
}

/// The size of an SVG in CSS pixels: its `width` and `height`, or the
/// `viewBox` (at least 151 px, 4 cm, wide, so a QR code stays scannable
/// from a poster).
pub(super) fn svg_size(svg: &Element) -> Option<(f64, f64)> {
    let parse = |v: &str| v.trim().trim_end_matches("px").parse::<f64>().ok();
    let view: Option<(f64, f64)> = svg.attr("viewBox").and_then(|vb| {
        let n: Vec<f64> = vb
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .filter_map(parse)
            .collect();
        (n.len() == 4 && n[2] > 0.0 && n[3] > 0.0).then(|| (n[2], n[3]))
    });
    match (
        svg.attr("width").and_then(parse),
        svg.attr("height").and_then(parse),
        view,
    ) {
        (Some(w), Some(h), _) => Some((w, h)),
        (Some(w), None, Some((vw, vh))) => Some((w, w * vh / vw)),
        (None, _, Some((vw, vh))) => {
            let w = vw.max(151.0);
            Some((w, w * vh / vw))
        }
        _ => None,
    }
}

/// The pixel size of a PNG, GIF, JPEG or WebP image from its header.
pub(super) fn raster_size(b: &[u8]) -> Option<(f64, f64)> {
    let be16 = |i: usize| Some(f64::from(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?])));
    let le16 = |i: usize| Some(f64::from(u16::from_le_bytes([*b.get(i)?, *b.get(i + 1)?])));
    let be32 = |i: usize| {
        Some(f64::from(u32::from_be_bytes([
            *b.get(i)?,
            *b.get(i + 1)?,
            *b.get(i + 2)?,
            *b.get(i + 3)?,
        ])))
    };
    let le24 = |i: usize| {
        Some(f64::from(
            u32::from(*b.get(i)?)
                | u32::from(*b.get(i + 1)?) << 8
                | u32::from(*b.get(i + 2)?) << 16,
        ))
    };
    if b.starts_with(b"\x89PNG") {
        return Some((be32(16)?, be32(20)?));
    }
    if b.starts_with(b"GIF8") {
        return Some((le16(6)?, le16(8)?));
    }
    if b.len() > 30 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        return match &b[12..16] {
            b"VP8 " => Some((le16(26)? % 16384.0, le16(28)? % 16384.0)),
            b"VP8L" => {
                let bits = u32::from_le_bytes([b[21], b[22], b[23], b[24]]);
                Some((
                    f64::from((bits & 0x3FFF) + 1),
                    f64::from(((bits >> 14) & 0x3FFF) + 1),
                ))
            }
            b"VP8X" => Some((le24(24)? + 1.0, le24(27)? + 1.0)),
            _ => None,
        };
    }
    if b.starts_with(&[0xFF, 0xD8]) {
        // Walk the JPEG segments to a start-of-frame marker.
        let mut i = 2;
        while i + 9 < b.len() {
            if b[i] != 0xFF {
                return None;
            }
            let marker = b[i + 1];
            let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
            if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
                return Some((be16(i + 7)?, be16(i + 5)?));
            }
            i += 2 + len;
        }
    }
    None
}

/// Make an inline SVG stand alone: a namespace, the PDF's font for
/// `inherit`, black for `currentColor`.
pub(super) fn prepare_svg(svg: &mut Element) {
    if svg.attr("xmlns").is_none() {
        svg.attrs
            .push(("xmlns".into(), "http://www.w3.org/2000/svg".into()));
    }
    fix_svg(svg);
}

fn fix_svg(e: &mut Element) {
    for (k, v) in &mut e.attrs {
        if k == "font-family" && v == "inherit" {
            *v = super::world::FONT_FAMILY.to_string();
        }
        if v == "currentColor" {
            *v = "#000".to_string();
        }
    }
    for c in &mut e.children {
        if let Node::Element(c) = c {
            fix_svg(c);
        }
    }
}

/// The site-relative path of a same-site `src` (`./a/b.png`, `a/b.png`);
/// `None` for another host or a data URL.
pub(super) fn site_path(src: &str) -> Option<String> {
    let src = src.trim();
    if src.contains("://") || src.starts_with("data:") || src.starts_with("//") {
        return None;
    }
    let path = src.split(['?', '#']).next()?;
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    Some(percent_decode(&parts.join("/")))
}

fn hex(b: Option<&u8>) -> Option<u8> {
    (*b? as char).to_digit(16).map(|d| d as u8)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (hex(b.get(i + 1)), hex(b.get(i + 2)))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_sizes_come_from_the_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&480u32.to_be_bytes());
        assert_eq!(raster_size(&png), Some((640.0, 480.0)));
        let gif = b"GIF89a\x20\x03\x58\x02".to_vec();
        assert_eq!(raster_size(&gif), Some((800.0, 600.0)));
        assert_eq!(raster_size(b"nothing"), None);
    }

    #[test]
    fn site_paths_resolve() {
        assert_eq!(
            site_path("./bilder/a%20b.png").as_deref(),
            Some("bilder/a b.png")
        );
        assert_eq!(site_path("x/../y.png").as_deref(), Some("y.png"));
        assert_eq!(site_path("https://ex.org/a.png"), None);
    }
}
