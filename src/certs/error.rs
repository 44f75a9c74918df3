//! Why a key file could not be read ([`CertError`]).

use std::fmt;

/// Why a key file could not be read. Carries no content of the file, by design.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertError {
    /// The password does not open the file (PKCS#12 MAC or keystore digest mismatch).
    ///
    /// A MAC cannot tell a wrong password from a file altered after it was written: both end here.
    WrongPassword,
    /// The file is not what it claims to be, or is damaged.
    Malformed,
    /// A well-formed file using a structure we do not implement (named: a version, an entry
    /// type).
    Unsupported(&'static str),
    /// A well-formed file using an algorithm we do not implement (named, for the warning).
    UnsupportedAlgorithm(&'static str),
    /// A well-formed PKCS#12 file that holds no certificate.
    NoCertificate,
    /// Reading it would take more work than any key file needs (too many safes or bags, key
    /// derivations too costly): refused before the work, as "cannot read its certificates".
    TooCostly,
    /// Its certificates are encrypted: they can be read only with the password.
    NeedsPassword,
    /// The password is proven (by the MAC or a private key), but the certificates are encrypted
    /// with an algorithm sigillo does not implement (named, for the warning).
    CertificatesUnsupported(&'static str),
    /// A non-ASCII password did not open the file in its BMP form, and its second, older form
    /// (OpenSSL before 1.1) could not be tried within the file's work limit: whether it is
    /// right is unknown (review 21-c, finding 4). Unproven, never "wrong".
    LegacyFormTooCostly,
}

impl fmt::Display for CertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertError::WrongPassword => f.write_str("wrong password (or the file was altered)"),
            CertError::Malformed => f.write_str("damaged or not a key file"),
            CertError::Unsupported(what) => write!(f, "unsupported: {what}"),
            CertError::UnsupportedAlgorithm(what) => write!(f, "unsupported algorithm: {what}"),
            CertError::NoCertificate => f.write_str("no certificate in the file"),
            CertError::TooCostly => f.write_str("reading it would take too much work"),
            CertError::NeedsPassword => f.write_str("its certificates need the password"),
            CertError::CertificatesUnsupported(what) => {
                write!(f, "certificates encrypted with an unsupported algorithm: {what}")
            }
            CertError::LegacyFormTooCostly => {
                f.write_str("the password's older form would take too much work to check")
            }
        }
    }
}

impl std::error::Error for CertError {}
