//! sanitize: text from outside (file names, vault labels, certificate names) made safe to print.
//!
//! A file name or a label read from a vault is untrusted: it could carry terminal escape codes,
//! or invisible Unicode that reorders or hides what follows it (bidi overrides, zero-width
//! characters, line separators). Every printer — messages, errors, the wizard — passes such text
//! through [`escape`] or [`shown`] first (fd keeps its `sanitize` the same way, below both its
//! error and output modules). This module only transforms strings: it never prints.

use std::path::Path;

/// A path as it may be printed: see [`escape`].
pub fn shown(path: &Path) -> String {
    escape(&path.to_string_lossy())
}

/// Text as it may be printed: control characters (C0, DEL, C1) and every invisible formatting
/// or separator character that can reorder or hide text are written as `\u{…}` escapes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || is_invisible_format(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Unicode's format characters (general category Cf) and the line and paragraph separators
/// (Zl, Zp): bidi marks and overrides, zero-width joiners and spaces, the byte order mark, tag
/// characters. None of them belongs in a file name or a certificate label an office reads.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_inject_terminal_codes() {
        assert_eq!(escape("UTEF\u{1b}[2J.P12"), "UTEF\\u{1b}[2J.P12");
        assert_eq!(escape("Chiavi di Sicurezza Scadute"), "Chiavi di Sicurezza Scadute");
        assert_eq!(escape("a\u{202E}b"), "a\\u{202e}b");
        assert_eq!(escape("perché"), "perché");
    }

    #[test]
    fn invisible_marks_and_separators_are_escaped() {
        for (raw, escaped) in [
            ("PC\u{200E}1", "PC\\u{200e}1"),
            ("PC\u{200F}1", "PC\\u{200f}1"),
            ("riga\u{2028}due", "riga\\u{2028}due"),
            ("par\u{2029}due", "par\\u{2029}due"),
            ("zero\u{200B}width", "zero\\u{200b}width"),
            ("\u{FEFF}bom", "\\u{feff}bom"),
            ("tag\u{E0041}", "tag\\u{e0041}"),
            ("soft\u{AD}hyphen", "soft\\u{ad}hyphen"),
        ] {
            assert_eq!(escape(raw), escaped, "{raw:?}");
        }
        // Ordinary accented and non-Latin letters pass untouched.
        assert_eq!(escape("Società Rossi & Figli — Ñ ß 日本"), "Società Rossi & Figli — Ñ ß 日本");
    }
}
