//! What one X.509 certificate says about itself ([`CertInfo`]), read from its DER: subject,
//! issuer, serial, validity, key size and role. Public facts only.

use chrono::{DateTime, Utc};
use x509_parser::asn1_rs::Tag;
use x509_parser::certificate::X509Certificate;
use x509_parser::x509::{AttributeTypeAndValue, SubjectPublicKeyInfo, X509Name};

use super::{CertError, asn1};
use crate::hash::{self, Sha256};

/// What one X.509 certificate says about itself. Public facts only: nothing here is secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    /// RFC 4514 order, most specific first: `CN=STUDIO DEMO ROSSI, O=Studio Demo Rossi, C=IT`.
    pub subject: String,
    /// The subject's first common name (CN), if any.
    pub common_name: Option<String>,
    /// The issuer, formatted as `subject`.
    pub issuer: String,
    /// Uppercase hex, without the DER sign byte and without colons (as `openssl x509 -serial`).
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// Size in bits of the certificate's public key: the RSA modulus (RSA and RSA-PSS), the
    /// curve's order for EC and EdDSA keys; `None` for a key type sigillo does not know.
    pub key_bits: Option<u32>,
    /// The curve of an EC or EdDSA key (`P-256`, `Ed25519`, …); `None` for RSA. The RSA
    /// minimum sizes do not apply to a curve.
    pub key_curve: Option<&'static str>,
    /// SHA-256 of the certificate's SubjectPublicKeyInfo: which key pair it is for. Two files
    /// hold the same key pair when these match, whatever their aliases say.
    pub public_key: Sha256,
    /// What the certificate's key usage says it is for, when it says so unambiguously.
    pub usage: Option<Role>,
}

/// Which of the two key pairs a certificate is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Signing (`UTEF.P12`): key usage digitalSignature / nonRepudiation.
    Firma,
    /// Encryption (`UTEC.P12`): key usage keyEncipherment / dataEncipherment. Desktop
    /// Telematico's encryption keys are 4096 bits.
    Cifratura,
}

/// Parses one DER certificate into the facts we keep.
pub(crate) fn cert_info(der: &[u8]) -> Result<CertInfo, CertError> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).map_err(|_| CertError::Malformed)?;
    cert_info_parsed(&cert)
}

pub(crate) fn cert_info_parsed(cert: &X509Certificate<'_>) -> Result<CertInfo, CertError> {
    let validity = cert.validity();
    let not_before = DateTime::<Utc>::from_timestamp(validity.not_before.timestamp(), 0)
        .ok_or(CertError::Malformed)?;
    let not_after = DateTime::<Utc>::from_timestamp(validity.not_after.timestamp(), 0)
        .ok_or(CertError::Malformed)?;
    let (key_bits, key_curve) = key_size(cert.public_key());
    let usage = match cert.key_usage() {
        Ok(Some(ext)) => {
            let signs = ext.value.digital_signature() || ext.value.non_repudiation();
            let enciphers = ext.value.key_encipherment() || ext.value.data_encipherment();
            match (signs, enciphers) {
                (true, false) => Some(Role::Firma),
                (false, true) => Some(Role::Cifratura),
                _ => None,
            }
        }
        _ => None,
    };
    Ok(CertInfo {
        public_key: Sha256::of(cert.public_key().raw),
        usage,
        subject: format_name(cert.subject()),
        common_name: cert.subject().iter_common_name().next().map(attribute_value),
        issuer: format_name(cert.issuer()),
        serial: serial_hex(cert.raw_serial()),
        not_before,
        not_after,
        key_bits,
        key_curve,
    })
}

/// rsaEncryption and RSASSA-PSS (1.2.840.113549.1.1.{1,10}), id-ecPublicKey (1.2.840.10045.2.1).
const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const RSASSA_PSS: &str = "1.2.840.113549.1.1.10";
const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";

/// The key's size in bits and, for a curve, its name.
fn key_size(spki: &SubjectPublicKeyInfo<'_>) -> (Option<u32>, Option<&'static str>) {
    let algorithm = spki.algorithm.algorithm.to_id_string();
    match algorithm.as_str() {
        RSA_ENCRYPTION | RSASSA_PSS => {
            // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }, whatever
            // the algorithm identifier says (x509-parser reads only rsaEncryption's).
            let modulus = asn1::parse(&spki.subject_public_key.data).ok().and_then(|tree| {
                let parts = tree.children(asn1::SEQUENCE).ok()?;
                parts.first()?.primitive(asn1::INTEGER).ok().and_then(modulus_bits)
            });
            (modulus, None)
        }
        EC_PUBLIC_KEY => {
            let curve = spki.algorithm.parameters.as_ref().and_then(|p| p.as_oid().ok());
            let named = curve.map(|oid| oid.to_id_string()).and_then(|oid| match oid.as_str() {
                "1.2.840.10045.3.1.7" => Some(("P-256", 256)),
                "1.3.132.0.34" => Some(("P-384", 384)),
                "1.3.132.0.35" => Some(("P-521", 521)),
                "1.3.132.0.10" => Some(("secp256k1", 256)),
                "1.3.36.3.3.2.8.1.1.7" => Some(("brainpoolP256r1", 256)),
                "1.3.36.3.3.2.8.1.1.11" => Some(("brainpoolP384r1", 384)),
                "1.3.36.3.3.2.8.1.1.13" => Some(("brainpoolP512r1", 512)),
                _ => None,
            });
            match named {
                Some((name, bits)) => (Some(bits), Some(name)),
                None => (None, Some("EC")),
            }
        }
        "1.3.101.112" => (Some(256), Some("Ed25519")),
        "1.3.101.113" => (Some(456), Some("Ed448")),
        _ => (None, None),
    }
}

/// How a key's size reads in a message: `4096`, or `P-256 256` for a curve, `?` unknown.
pub fn key_size_text(cert: &CertInfo) -> String {
    match (cert.key_bits, cert.key_curve) {
        (Some(bits), None) => bits.to_string(),
        (Some(bits), Some(curve)) => format!("{curve} {bits}"),
        (None, Some(curve)) => format!("{curve} ?"),
        (None, None) => "?".to_owned(),
    }
}

/// The key's size when the RSA minimum applies to it (an RSA key), for the weak-key checks.
pub fn rsa_bits(cert: &CertInfo) -> Option<u32> {
    cert.key_bits.filter(|_| cert.key_curve.is_none())
}

/// Whether the certificate says it is a CA or is self-issued: not an end-entity certificate.
pub(crate) fn looks_like_ca(cert: &X509Certificate<'_>) -> bool {
    cert.is_ca() || cert.subject().as_raw() == cert.issuer().as_raw()
}

/// Bits of a big-endian unsigned modulus (leading zero bytes and bits do not count).
fn modulus_bits(modulus: &[u8]) -> Option<u32> {
    let start = modulus.iter().position(|&b| b != 0)?;
    let significant = u32::try_from(modulus.len() - start).ok()?;
    let top_bits = 8 - modulus[start].leading_zeros();
    significant.checked_sub(1)?.checked_mul(8)?.checked_add(top_bits)
}

/// Uppercase hex without leading zero bytes (the DER sign byte), "00" for zero.
fn serial_hex(raw: &[u8]) -> String {
    let start = raw.iter().position(|&b| b != 0).unwrap_or(raw.len());
    let digits = &raw[start..];
    if digits.is_empty() {
        return "00".to_owned();
    }
    hash::hex(digits).to_ascii_uppercase()
}

/// RFC 4514 order (last RDN first), `", "` between RDNs, `"+"` inside a multi-valued RDN.
fn format_name(name: &X509Name<'_>) -> String {
    let rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|atv| {
                    format!("{}={}", attribute_type(atv), escape_value(&attribute_value(atv)))
                })
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(", ")
}

fn attribute_type(atv: &AttributeTypeAndValue<'_>) -> String {
    let oid = atv.attr_type();
    let short = match oid.to_id_string().as_str() {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "title",
        "2.5.4.42" => "GN",
        "2.5.4.97" => "organizationIdentifier",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        "1.2.840.113549.1.9.1" => "emailAddress",
        other => return other.to_owned(),
    };
    short.to_owned()
}

/// The attribute's text. Unknown value types become `#` + hex of the raw value, as RFC 4514 does.
fn attribute_value(atv: &AttributeTypeAndValue<'_>) -> String {
    let any = atv.attr_value();
    let data = any.data;
    match any.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::NumericString
        | Tag::VisibleString => String::from_utf8_lossy(data).into_owned(),
        // T61String in practice holds Latin-1.
        Tag::T61String => data.iter().map(|&b| char::from(b)).collect(),
        Tag::BmpString => {
            let units: Vec<u16> = data
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Tag::UniversalString => data
            .chunks(4)
            .map(|c| {
                let mut b = [0u8; 4];
                b[..c.len()].copy_from_slice(c);
                char::from_u32(u32::from_be_bytes(b)).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect(),
        _ => {
            format!("#{}", hash::hex(data).to_ascii_uppercase())
        }
    }
}

/// RFC 4514 escaping of the characters that would change how the name reads.
fn escape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';')
            || (i == 0 && (c == '#' || c == ' '))
            || (i == last && c == ' ');
        if special {
            out.push('\\');
        }
        if c.is_control() {
            // Control characters would reach the terminal: show them as escapes instead.
            for b in c.to_string().bytes() {
                out.push('\\');
                out.push_str(&hash::hex(&[b]).to_ascii_uppercase());
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modulus_bits_ignores_leading_zeros() {
        assert_eq!(modulus_bits(&[0x00, 0x80, 0x00]), Some(16));
        assert_eq!(modulus_bits(&[0x01, 0x00]), Some(9));
        assert_eq!(modulus_bits(&[0x00, 0x00]), None);
        assert_eq!(modulus_bits(&[]), None);
    }

    #[test]
    fn serial_drops_sign_byte() {
        assert_eq!(serial_hex(&[0x00, 0x9A, 0x0B]), "9A0B");
        assert_eq!(serial_hex(&[0x0F]), "0F");
        assert_eq!(serial_hex(&[0x00]), "00");
        assert_eq!(serial_hex(&[]), "00");
    }

    #[test]
    fn escapes_what_rfc4514_escapes() {
        assert_eq!(escape_value("Rossi, Bianchi"), "Rossi\\, Bianchi");
        assert_eq!(escape_value(" a "), "\\ a\\ ");
        assert_eq!(escape_value("#1"), "\\#1");
        assert_eq!(escape_value("a\u{1b}b"), "a\\1Bb");
        assert_eq!(escape_value(""), "");
    }

    #[test]
    fn cert_info_rejects_garbage() {
        assert_eq!(cert_info(b"not a certificate"), Err(CertError::Malformed));
        assert_eq!(cert_info(&[]), Err(CertError::Malformed));
    }
}
