//! The same reader as `vault_unpack`, one layer down: the input is the tar stream itself, which
//! the target compresses before calling `unpack`. Mutating compressed bytes mostly breaks the
//! zstd stream; this target lets the fuzzer reach the tar, manifest and hash rules directly.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Level 1: the compressor is not what is under test, and it runs on every input.
    let Ok(compressed) = zstd::bulk::compress(data, 1) else { return };
    if let Ok(contents) = sigillo::vault::unpack(&compressed) {
        assert_eq!(contents.files.len(), 3);
        for ((kind, bytes), entry) in contents.files.iter().zip(&contents.manifest.files) {
            assert_eq!(kind.name(), entry.name);
            assert_eq!(bytes.len() as u64, entry.size);
            assert_eq!(sigillo::hash::Sha256::of(bytes), entry.sha256);
        }
        assert_eq!(contents.password.is_some(), contents.manifest.password);
    }
});
