//! The PKCS#12 reader (`UTEF.P12`, `UTEC.P12`) with the fixtures' password, so that mutated
//! files still pass the MAC often enough to reach bag decryption and certificate parsing.
//! It must never panic, hang on a crafted KDF iteration count, or allocate from a length field.
//!
//! Each input is a command of its own, with a fresh work budget: a budget shared across inputs
//! would run out after a few hundred and leave the MAC and decryption paths unreached.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secrecy::SecretString;
use sigillo::certs::{Budget, FILE_BUDGET, open_p12};

fuzz_target!(|data: &[u8]| {
    let password = SecretString::from("Prova.2026");
    let budget = Budget::new();
    let before = budget.left();
    let result = open_p12(data, &password, &budget);
    // One file never spends more than its own budget, whatever it says.
    assert!(before - budget.left() <= FILE_BUDGET);
    // What opened says which certificate it is for, and a key pair's certificate is one of
    // those it read.
    if let Ok(info) = &result {
        assert!(!info.pairs.is_empty());
        assert!(info.pairs.contains(&info.end_entity));
    }
});
