//! The keystore reader (`UTENTE.KS`: JKS, JCEKS, BKS, PKCS#12), without a password
//! (certificates in clear only) and with the fixtures' password (integrity too). Every length
//! and count in a keystore is untrusted. Each reading has a fresh work budget.
//!
//! Only invariants true of every format are asserted. In particular a PKCS#12 keystore whose
//! certificates are encrypted is `NeedsPassword` without the password and readable with it, so
//! "unreadable without the password implies unreadable with it" is false in general; what holds
//! is that a *malformed* file stays malformed, and that certificates read in clear are read
//! the same with the password.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secrecy::SecretString;
use sigillo::certs::{Budget, CertError, read_keystore};

fuzz_target!(|data: &[u8]| {
    let without = read_keystore(data, None, &Budget::new());
    let password = SecretString::from("Prova.2026");
    let with = read_keystore(data, Some(&password), &Budget::new());
    // The structure is read the same way with or without the password.
    if without == Err(CertError::Malformed) {
        assert!(with.is_err());
    }
    // The password adds checks and encrypted certificates; it never changes one read in clear.
    if let (Ok(clear), Ok(opened)) = (&without, &with) {
        for cert in clear.end_entity_certs() {
            assert!(opened.end_entity_certs().any(|c| c == cert));
        }
    }
    let _ = sigillo::certs::sniff_keystore(data);
});
