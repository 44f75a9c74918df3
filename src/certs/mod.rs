//! certs: reads what the key files say about themselves.
//!
//! `UTEF.P12` and `UTEC.P12` are PKCS#12 files: with the password we check their MAC (the proof
//! that the password is right) and read the end-entity certificate. `UTENTE.KS` is a Java keystore
//! (JKS or JCEKS) whose certificates sit in clear: we read them without the password, and with it
//! we also check the keystore's integrity digest. From each certificate we keep what sigillo shows
//! and compares: subject, issuer, serial, validity dates and key size ([`CertInfo`]).
//!
//! What this module must never do:
//! - print, log or return secret bytes: the password is only exposed where a key derivation needs
//!   it, intermediate buffers are zeroized, and [`CertError`] carries no file content;
//! - refuse a file for *missing* evidence: a certificate without a common name, a non-RSA key or a
//!   keystore read without its password is reported as such (`None`, `integrity_checked: false`),
//!   not as an error. Errors are for files that cannot be read or a password that does not fit;
//! - panic or allocate from an untrusted length, whatever the input: these readers are fuzzed.

mod asn1;
mod error;
mod info;
mod keystore;
pub(crate) mod pkcs12;
mod set;

pub use error::CertError;
pub use info::{CertInfo, Role, key_size_text, rsa_bits};
pub(crate) use info::{cert_info, cert_info_parsed, looks_like_ca};
pub use keystore::{Keystore, KeystoreEntry, read_keystore, sniff_keystore};
pub use pkcs12::{
    Budget, COMMAND_BUDGET, FILE_BUDGET, P12Info, Part, UNKNOWN_MARK, Unsupported, open_p12,
    read_p12,
};
pub use set::{
    Examination, Finding, Kinship, MIN_KEY_BITS, MIN_KEY_BITS_CIFRATURA, TwoGenerations, Validity,
    examine, examine_folder, examine_folder_with, kinship,
};

pub use crate::sniff::Format;

#[cfg(test)]
pub(crate) mod test_support {
    //! Shared by the tests of this module: fixtures and what openssl/keytool said about them.
    use super::CertInfo;
    use chrono::SecondsFormat;
    use serde_json::Value;
    use std::path::PathBuf;

    pub fn fixtures() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
    }

    pub fn read(set: &str, file: &str) -> Vec<u8> {
        std::fs::read(fixtures().join(set).join(file)).expect("fixture present")
    }

    pub fn expected() -> Value {
        let text =
            std::fs::read_to_string(fixtures().join("expected.json")).expect("expected.json");
        serde_json::from_str(&text).expect("expected.json is JSON")
    }

    pub fn sets() -> Vec<(String, Value)> {
        let all = expected();
        all["sets"].as_object().expect("sets").iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// `fixtures/producers/<name>` sets (key sets written by other programs), keyed by folder.
    pub fn producers() -> Vec<(String, Value)> {
        let all = expected();
        let producers = all["producers"].as_object().expect("producers");
        producers.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// Asserts that our reading of a certificate matches openssl's.
    pub fn assert_cert(what: &str, ours: &CertInfo, theirs: &Value) {
        assert_eq!(ours.subject, theirs["subject"].as_str().unwrap(), "{what}: subject");
        assert_eq!(ours.issuer, theirs["issuer"].as_str().unwrap(), "{what}: issuer");
        assert_eq!(ours.serial, theirs["serial"].as_str().unwrap(), "{what}: serial");
        assert_eq!(
            ours.not_before.to_rfc3339_opts(SecondsFormat::Secs, true),
            theirs["not_before"].as_str().unwrap(),
            "{what}: not_before"
        );
        assert_eq!(
            ours.not_after.to_rfc3339_opts(SecondsFormat::Secs, true),
            theirs["not_after"].as_str().unwrap(),
            "{what}: not_after"
        );
        assert_eq!(ours.key_bits.map(u64::from), theirs["key_bits"].as_u64(), "{what}: key_bits");
    }
}
