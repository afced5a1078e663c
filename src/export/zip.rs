//! `kartsite export zip`: the built site as a zip archive with
//! `index.html` at its root, to hand to whoever runs the web server or to
//! unpack on a share. The same input gives the same bytes: entries sorted
//! by path, every timestamp 1980-01-01 00:00, no extra fields. Files are
//! deflated unless that does not make them smaller (images, PDFs).

use crate::render::OutFile;

/// A ZIP archive of `files` (site-relative paths with `/`), in path order.
/// `None` if it would need ZIP64 (more than 65,535 files or 4 GB).
pub fn archive(files: &[OutFile]) -> Option<Vec<u8>> {
    let mut files: Vec<&OutFile> = files.iter().collect();
    files.sort_by(|a, b| a.url.cmp(&b.url));
    let count = u16::try_from(files.len()).ok()?;
    let mut out: Vec<u8> = Vec::new();
    let mut central: Vec<u8> = Vec::new();
    for f in files {
        let offset = u32::try_from(out.len()).ok()?;
        let crc = crc32(&f.bytes);
        let deflated = miniz_oxide::deflate::compress_to_vec(&f.bytes, 6);
        let (method, data): (u16, &[u8]) = if deflated.len() < f.bytes.len() {
            (8, &deflated)
        } else {
            (0, &f.bytes)
        };
        let size = u32::try_from(f.bytes.len()).ok()?;
        let packed = u32::try_from(data.len()).ok()?;
        let name = f.url.as_bytes();
        let name_len = u16::try_from(name.len()).ok()?;
        // What the local and the central header share, from "version
        // needed" to the name's length.
        let mut common = Vec::with_capacity(26);
        common.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
        common.extend_from_slice(&0x0800u16.to_le_bytes()); // names are UTF-8
        common.extend_from_slice(&method.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // time 00:00:00
        common.extend_from_slice(&DOS_DATE_1980_01_01.to_le_bytes());
        common.extend_from_slice(&crc.to_le_bytes());
        common.extend_from_slice(&packed.to_le_bytes());
        common.extend_from_slice(&size.to_le_bytes());
        common.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&common);
        out.extend_from_slice(&0u16.to_le_bytes()); // no extra field
        out.extend_from_slice(name);
        out.extend_from_slice(data);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&0x031Eu16.to_le_bytes()); // made by: Unix, 3.0
        central.extend_from_slice(&common);
        central.extend_from_slice(&0u16.to_le_bytes()); // extra
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&(0o100_644u32 << 16).to_le_bytes()); // rw-r--r--
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let central_offset = u32::try_from(out.len()).ok()?;
    let central_size = u32::try_from(central.len()).ok()?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    u32::try_from(out.len()).ok()?;
    Some(out)
}

/// 1980-01-01 in MS-DOS form: (year - 1980) << 9 | month << 5 | day.
const DOS_DATE_1980_01_01: u16 = (1 << 5) | 1;

/// CRC-32 (IEEE) as ZIP wants it.
fn crc32(bytes: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, slot) in t.iter_mut().enumerate() {
            let mut c = u32::try_from(i).unwrap_or(0);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        t
    });
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc = table[usize::from((crc as u8) ^ b)] ^ (crc >> 8);
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_a_known_string() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn entries_sorted_with_fixed_dates() {
        let f = |u: &str, b: &[u8]| OutFile {
            url: u.into(),
            bytes: b.to_vec(),
        };
        let a = archive(&[f("b/x.html", &[b'x'; 1000]), f("index.html", b"<p>")]).unwrap();
        let b = archive(&[f("index.html", b"<p>"), f("b/x.html", &[b'x'; 1000])]).unwrap();
        assert_eq!(a, b);
        // The first local header is b/x.html, deflated; the second stored.
        assert_eq!(&a[0..4], b"PK\x03\x04");
        assert_eq!(&a[8..10], &8u16.to_le_bytes());
        assert_eq!(&a[12..14], &DOS_DATE_1980_01_01.to_le_bytes());
        assert_eq!(&a[30..38], b"b/x.html");
        assert!(a.len() < 1000);
    }
}
