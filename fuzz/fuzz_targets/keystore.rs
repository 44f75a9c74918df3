//! The JKS/JCEKS reader (`UTENTE.KS`), without a password (certificates only) and with the
//! fixtures' password (integrity digest too). Every length and count in a keystore is untrusted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secrecy::SecretString;

fuzz_target!(|data: &[u8]| {
    let without = sigillo::certs::read_keystore(data, None);
    let password = SecretString::from("Prova.2026");
    let with = sigillo::certs::read_keystore(data, Some(&password));
    // The password adds a check; it never makes an unreadable file readable.
    if without.is_err() {
        assert!(with.is_err());
    }
    let _ = sigillo::certs::sniff_keystore(data);
});
