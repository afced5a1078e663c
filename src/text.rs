//! Reading text files the way people save them: UTF-8 with or without a
//! byte-order mark, LF or CRLF line endings.

use std::path::Path;

use crate::error::{Diagnostic, Pos, offset_to_pos};

/// Decode `bytes` as UTF-8 text, dropping a byte-order mark and turning
/// CRLF (and lone CR) line endings into LF. Invalid UTF-8 is a located error.
pub fn decode_text(file: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
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
                format!(
                    "the file is not UTF-8 text (invalid byte 0x{:02X})",
                    bytes[valid]
                ),
            )
            .at(Some(Pos::new(pos.line, pos.column)))
            .hint("save the file as UTF-8 (in most editors: Save as… → Encoding: UTF-8)"));
        }
    };
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text.to_string())
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

    #[test]
    fn latin1_is_located() {
        let e = decode_text(Path::new("a.md"), b"ok\nfel: \xE4\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(6)));
        assert!(e.message.contains("UTF-8"));
    }
}
