//! The PKCS#12 reader (`UTEF.P12`, `UTEC.P12`) with the fixtures' password, so that mutated
//! files still pass the MAC often enough to reach bag decryption and certificate parsing.
//! It must never panic, hang on a crafted KDF iteration count, or allocate from a length field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secrecy::SecretString;

fuzz_target!(|data: &[u8]| {
    let password = SecretString::from("Prova.2026");
    let _ = sigillo::certs::read_p12(data, &password);
});
