//! Reading text files the way people save them: UTF-8 with or without a
//! byte-order mark, UTF-16 with a byte-order mark (Notepad's and Excel's
//! "Unicode"), LF or CRLF line endings.

use std::path::Path;

use crate::error::{Diagnostic, Pos, offset_to_pos};

/// Decode `bytes` as UTF-8 text, dropping a byte-order mark and turning
/// CRLF (and lone CR) line endings into LF. Invalid UTF-8 is a located error.
pub fn decode_text(file: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    if let Some(decoded) = decode_utf16(bytes) {
        return match decoded {
            Ok(text) => Ok(normalise_newlines(text)),
            Err(valid) => {
                let pos = offset_to_pos(&valid, valid.len());
                Err(
                    Diagnostic::error("encoding", file, crate::msg!("text.the-file-is-utf-16"))
                        .at(Some(Pos::new(pos.line, pos.column)))
                        .hint(crate::msg!("text.save-the-file-as-utf")),
                )
            }
        };
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        // UTF-16 without a byte-order mark is valid UTF-8 full of NULs.
        let before = String::from_utf8_lossy(&bytes[..nul]);
        let pos = offset_to_pos(&before, before.len());
        return Err(Diagnostic::error(
            "encoding",
            file,
            crate::msg!("text.the-file-holds-nul-bytes"),
        )
        .at(Some(Pos::new(pos.line, pos.column)))
        .hint(crate::msg!("text.save-the-file-as-utf-2")));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.valid_up_to();
            // `valid` bytes are valid UTF-8, so this slice always decodes.
            let before = String::from_utf8_lossy(&bytes[..valid]);
            let pos = offset_to_pos(&before, before.len());
            return Err(Diagnostic::error(
                "encoding",
                file,
                crate::msg!(
                    "text.the-file-is-not-utf",
                    valid = format!("{:02X}", bytes[valid])
                ),
            )
            .at(Some(Pos::new(pos.line, pos.column)))
            .hint(crate::msg!("text.save-the-file-as-utf-2")));
        }
    };
    Ok(normalise_newlines(text.to_string()))
}

/// The UTF-16 encoding named by a byte-order mark at the start of `bytes`
/// (FF FE little-endian, FE FF big-endian) and the bytes after it.
pub(crate) fn utf16_bom(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, &[u8])> {
    if let Some(b) = bytes.strip_prefix(b"\xFF\xFE") {
        Some((encoding_rs::UTF_16LE, b))
    } else {
        bytes
            .strip_prefix(b"\xFE\xFF")
            .map(|b| (encoding_rs::UTF_16BE, b))
    }
}

/// Text that starts with a UTF-16 byte-order mark, decoded without it;
/// `Err` holds the text before the first broken character. `None` without
/// such a mark.
fn decode_utf16(bytes: &[u8]) -> Option<Result<String, String>> {
    let (encoding, body) = utf16_bom(bytes)?;
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if !had_errors {
        return Some(Ok(text.into_owned()));
    }
    let valid = text.find('\u{FFFD}').map_or(&text[..], |i| &text[..i]);
    Some(Err(valid.to_string()))
}

/// CRLF and lone CR line endings become LF.
pub(crate) fn normalise_newlines(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let t = decode_text(Path::new("a"), b"\xEF\xBB\xBFa\r\nb\r\n").unwrap();
        assert_eq!(t, "a\nb\n");
    }

    fn utf16(big_endian: bool, text: &str) -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in text.encode_utf16() {
            let b = if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            };
            out.extend_from_slice(&b);
        }
        out
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let src = "title: Trygghet på torget\r\nföre: ✓ 😀\r\n";
        for be in [false, true] {
            let t = decode_text(Path::new("a"), &utf16(be, src)).unwrap();
            assert_eq!(t, "title: Trygghet på torget\nföre: ✓ 😀\n");
        }
    }

    #[test]
    fn broken_utf16_is_located() {
        let mut bytes = utf16(false, "ok\nrad två: x");
        // An unpaired high surrogate where the x was.
        let n = bytes.len();
        bytes[n - 2..].copy_from_slice(&0xD800u16.to_le_bytes());
        let e = decode_text(Path::new("a.md"), &bytes).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(10)));
        assert!(e.message.contains("UTF-16"), "{}", e.message);
        let odd = [0xFF, 0xFE, b'a', 0, b'b'];
        let e = decode_text(Path::new("a.md"), &odd).unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(2)));
    }

    #[test]
    fn utf16_without_bom_is_located() {
        let bytes: Vec<u8> = "ab\ncd".bytes().flat_map(|b| [b, 0]).collect();
        let e = decode_text(Path::new("a.md"), &bytes).unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(2)));
        assert!(e.message.contains("UTF-16"), "{}", e.message);
    }

    #[test]
    fn latin1_is_located() {
        let e = decode_text(Path::new("a.md"), b"ok\nfel: \xE4\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(6)));
        assert!(e.message.contains("UTF-8"));
    }
}
