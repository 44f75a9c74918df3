//! The vault reader on the bytes after decryption: zstd, then tar, then the manifest, then the
//! hashes. Anyone who knows the passphrase (or guesses it) controls these bytes, so the reader
//! must refuse every deviation without panicking, hanging or allocating past its limits
//! (64 MiB of plaintext, 1 MiB per key file, 64 KiB of manifest).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(contents) = sigillo::vault::unpack(data) {
        // Whatever is accepted must hold what the manifest promises.
        assert_eq!(contents.files.len(), 3);
        for ((kind, bytes), entry) in contents.files.iter().zip(&contents.manifest.files) {
            assert_eq!(kind.name(), entry.name);
            assert_eq!(bytes.len() as u64, entry.size);
            assert_eq!(sigillo::hash::Sha256::of(bytes), entry.sha256);
        }
        assert_eq!(contents.password.is_some(), contents.manifest.password);
    }
});
