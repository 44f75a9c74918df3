//! The journal reader (`.sigillo-journal.json` read back from the key folder). Anyone who can
//! write the key folder controls these bytes (on Windows `C:\Entratel` is often writable by
//! every user), so the reader must never panic, and whatever it accepts must hold what recovery
//! relies on: exact format and version, a run id of 32 hex digits, key names only (no folder,
//! once each), well-formed hashes, absolute archive roots of plain names, and folder names that
//! are one plain name.
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
    assert_eq!(parsed.run.len(), 32);
    assert!(parsed.run.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    let mut roots = vec![&parsed.archive_root];
    let mut names: Vec<&str> = parsed.archive.iter().map(String::as_str).collect();
    if let journal::Source::Archived { root, name } = &parsed.source {
        roots.push(root);
        names.push(name);
    }
    for path in roots {
        assert!(path.is_absolute());
        assert!(path.components().all(|c| !matches!(c, Component::ParentDir | Component::CurDir)));
    }
    for name in names {
        assert!(!name.is_empty() && name != "." && name != "..");
        assert!(!name.contains(['/', '\\', ':']), "{name:?}");
    }
    assert!(parsed.archive.is_some() || parsed.old.is_empty());
    // Placing it next to a key folder never panics either.
    let _ = journal::check_location(Path::new("/pc/Entratel"), None, &parsed);
});
