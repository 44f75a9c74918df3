//! The journal reader (`.sigillo-journal.json` read back from the key folder). Anyone who can
//! write the key folder controls these bytes (on Windows `C:\Entratel` is often writable by
//! every user), so the reader must never panic, and whatever it accepts must hold what recovery
//! relies on: exact format and version, key names only (no folder, once each), well-formed
//! hashes, and an archive that is a plain direct child of its recorded root.
#![no_main]

use std::path::{Component, Path};

use libfuzzer_sys::fuzz_target;
use sigillo::journal;
use sigillo::keyset::KeyKind;

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = journal::parse(data) else { return };
    assert_eq!(parsed.format, journal::FORMAT);
    assert_eq!(parsed.version, journal::VERSION);
    for list in [&parsed.old, &parsed.new] {
        assert!(list.len() <= KeyKind::ALL.len());
        for entry in list {
            assert!(KeyKind::from_name(&entry.name).is_some(), "{:?}", entry.name);
            assert!(!entry.name.contains(['/', '\\']));
            assert_eq!(entry.sha256.len(), 64);
        }
    }
    for path in [&parsed.archive, &parsed.archive_root] {
        assert!(path.is_absolute());
        assert!(path.components().all(|c| !matches!(c, Component::ParentDir | Component::CurDir)));
    }
    assert_eq!(parsed.archive.parent(), Some(parsed.archive_root.as_path()));
    // Placing it next to a key folder never panics either.
    let _ = journal::check_location(Path::new("/pc/Entratel"), None, &parsed);
});
