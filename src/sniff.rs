//! sniff: what a file is, by its first bytes: a key format ([`Format`]), or provably not a key
//! file at all ([`NotKey`]: text, a web page, a ZIP, a PDF). A building block of its own so that
//! the key reader (`keyset`), the certificate readers (`certs`) and the error messages can all
//! name a format without importing each other.
//!
//! This module only looks at bytes it is given; it never opens a file.

/// What a key file is, by its content (never by its name): the one place that knows the magic
/// numbers of the formats Desktop Telematico's files may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PKCS#12: a SEQUENCE, DER (`30 81..84`, definite length) or BER (`30 80`, indefinite).
    Pkcs12,
    /// Java KeyStore, magic `FEEDFEED`.
    Jks,
    /// Java Cryptography Extension KeyStore, magic `CECECECE`.
    Jceks,
    /// Bouncy Castle's BKS/UBER keystore: a big-endian version 1 or 2 (`00 00 00 0{1,2}`).
    Bks,
    /// Something else: carried anyway, its certificates unread.
    Unknown,
}

impl Format {
    /// Recognises a key file's format from its first bytes.
    pub fn sniff(bytes: &[u8]) -> Format {
        match bytes {
            // Real key files are far longer than 127 bytes: a short-form length is not one.
            [0x30, 0x80..=0x84, ..] => Format::Pkcs12,
            [0xFE, 0xED, 0xFE, 0xED, ..] => Format::Jks,
            [0xCE, 0xCE, 0xCE, 0xCE, ..] => Format::Jceks,
            [0, 0, 0, 1 | 2, ..] => Format::Bks,
            _ => Format::Unknown,
        }
    }

    /// The format's usual name, as keytool calls it.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pkcs12 => "PKCS#12",
            Format::Jks => "JKS",
            Format::Jceks => "JCEKS",
            Format::Bks => "BKS",
            Format::Unknown => "?",
        }
    }
}

/// What a file provably is when it is not a key file. Only these are refused: anything else,
/// even content sigillo cannot read, is carried (ARCHITECTURE.md §4: never refuse without proof).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotKey {
    /// A folder, a device, anything but a regular file.
    NotAFile,
    /// Plain text (UTF-8, or UTF-16 with its byte-order mark): a note, a `Password.txt`.
    Text,
    /// A web page, e.g. a download that saved the site's error page.
    Html,
    /// A ZIP archive (also `.docx`, `.jar`…): perhaps the keys, still packed.
    Zip,
    /// A PDF document.
    Pdf,
}

impl NotKey {
    /// Stable name, used by messages and tests.
    pub fn as_str(self) -> &'static str {
        match self {
            NotKey::NotAFile => "not-a-file",
            NotKey::Text => "text",
            NotKey::Html => "html",
            NotKey::Zip => "zip",
            NotKey::Pdf => "pdf",
        }
    }

    /// What `bytes` provably are, if they are provably not a key file. Key files are binary
    /// (PKCS#12 starts `30 8x`, which is not UTF-8; keystores start with non-text magic), so
    /// text is proof enough.
    pub fn identify(bytes: &[u8]) -> Option<NotKey> {
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            return Some(NotKey::Zip);
        }
        if bytes.starts_with(b"%PDF-") {
            return Some(NotKey::Pdf);
        }
        let text = decode_text(bytes)?;
        let start = text.trim_start().get(..14).unwrap_or(text.trim_start()).to_ascii_lowercase();
        if start.starts_with("<!doctype html") || start.starts_with("<html") {
            return Some(NotKey::Html);
        }
        Some(NotKey::Text)
    }
}

/// `bytes` as text, when they are text: UTF-8 (with or without BOM) or UTF-16 with a BOM, and
/// no control characters but tab, line ends and form feed.
fn decode_text(bytes: &[u8]) -> Option<String> {
    let text = match bytes {
        [0xFF, 0xFE, rest @ ..] | [0xFE, 0xFF, rest @ ..] if rest.len() % 2 == 0 => {
            let little = bytes[0] == 0xFF;
            let units = rest.chunks(2).map(|c| {
                if little {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            });
            char::decode_utf16(units).collect::<std::result::Result<String, _>>().ok()?
        }
        _ => {
            let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            std::str::from_utf8(rest).ok()?.to_owned()
        }
    };
    let plain = text.chars().all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\x0C'));
    plain.then_some(text)
}
