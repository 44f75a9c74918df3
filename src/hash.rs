//! hash: SHA-256 as sigillo writes it everywhere (manifest, journal, audit log, status):
//! lower-case hex. One place, so every comparison compares the same spelling: digests are
//! compared as [`Sha256`] values, and hex is written by one encoder ([`hex`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::Digest;

/// What the error of a [`Sha256`] read from JSON says, so that a reader can tell a malformed
/// hash from other damage (as `dates::NOT_RFC3339` does for dates).
pub const NOT_SHA256: &str = "not a SHA-256 in lower-case hex";

/// A SHA-256 digest. Written (Display, JSON) as 64 lower-case hex digits, and read back only
/// from exactly that: upper-case, short or non-hex text is refused, never normalised.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sha256([u8; 32]);

impl Sha256 {
    /// The SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Sha256 {
        Sha256(sha2::Sha256::digest(bytes).into())
    }

    /// The raw digest.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl From<[u8; 32]> for Sha256 {
    fn from(digest: [u8; 32]) -> Self {
        Sha256(digest)
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex(&self.0))
    }
}

impl fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256({self})")
    }
}

/// Text that is not a SHA-256 as sigillo writes it ([`NOT_SHA256`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotSha256;

impl fmt::Display for NotSha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(NOT_SHA256)
    }
}

impl std::error::Error for NotSha256 {}

impl FromStr for Sha256 {
    type Err = NotSha256;

    /// Exactly 64 lower-case hex digits.
    fn from_str(text: &str) -> Result<Self, NotSha256> {
        let digit = |c: u8| match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            _ => Err(NotSha256),
        };
        let text = text.as_bytes();
        if text.len() != 64 {
            return Err(NotSha256);
        }
        let mut digest = [0u8; 32];
        for (byte, pair) in digest.iter_mut().zip(text.chunks_exact(2)) {
            *byte = (digit(pair[0])? << 4) | digit(pair[1])?;
        }
        Ok(Sha256(digest))
    }
}

impl Serialize for Sha256 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Sha256 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// `bytes` as lower-case hex, two digits a byte: the one hex encoder. Where a format wants
/// upper case (a certificate's serial, as `openssl` writes it), the caller says so with
/// `to_ascii_uppercase`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0F)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn known_digest_in_lower_case_hex() {
        assert_eq!(Sha256::of(b"").to_string(), EMPTY);
        assert_eq!(hex(&[0x00, 0x0F, 0xA5, 0xFF]), "000fa5ff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn a_digest_is_read_back_only_from_lower_case_hex() {
        assert_eq!(EMPTY.parse::<Sha256>(), Ok(Sha256::of(b"")));
        for bad in [
            EMPTY.to_uppercase(),
            EMPTY[1..].to_owned(),
            format!("{EMPTY}0"),
            format!("{}g", &EMPTY[1..]),
            format!("{} ", &EMPTY[1..]),
            String::new(),
            "é".repeat(32),
        ] {
            assert_eq!(bad.parse::<Sha256>(), Err(NotSha256), "{bad:?}");
        }
    }

    #[test]
    fn json_holds_the_same_lower_case_hex_and_refuses_any_other() {
        let digest = Sha256::of(b"UTEF.P12");
        let json = serde_json::to_string(&digest).unwrap();
        assert_eq!(json, format!("\"{digest}\""));
        assert_eq!(serde_json::from_str::<Sha256>(&json).unwrap(), digest);
        let upper = json.to_uppercase();
        let err = serde_json::from_str::<Sha256>(&upper).unwrap_err();
        assert!(err.to_string().contains(NOT_SHA256), "{err}");
        assert!(serde_json::from_str::<Sha256>("17").is_err());
        // An escaped string is read as owned text, not borrowed: still checked the same way.
        let text = digest.to_string();
        let escaped = format!("\"\\u{:04x}{}\"", text.as_bytes()[0], &text[1..]);
        assert_eq!(serde_json::from_str::<Sha256>(&escaped).unwrap(), digest);
    }
}
