//! disk: writing files so that a crash or a pulled stick never leaves half a file.
//!
//! [`write_atomic`] writes a whole file (the vault, the journal, the `.ics` reminder) to a
//! temporary file in the same folder, flushes it to the device, renames it over its final name,
//! and flushes the folder too. On Unix the file is private (`0o600`, tempfile's default). Key
//! files are written by the journal's swap, not here. This module must never write anything but
//! what it is given.

use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically. Without `overwrite`, an existing `path` is an error and
/// stays untouched.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    let dir = parent(path);
    let mut temp = tempfile::Builder::new()
        .prefix(".sigillo-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(Error::write(dir))?;
    temp.write_all(bytes).map_err(Error::write(path))?;
    temp.as_file().sync_all().map_err(Error::write(path))?;
    let persisted = if overwrite { temp.persist(path) } else { temp.persist_noclobber(path) };
    // On failure the temporary file is dropped, which deletes it: nothing partial stays behind.
    persisted.map_err(|e| match e.error.kind() {
        io::ErrorKind::AlreadyExists => Error::VaultExists { path: path.to_owned() },
        _ => Error::Write { path: path.to_owned(), source: e.error },
    })?;
    sync_dir(dir).map_err(Error::write(dir))
}

/// Flushes a folder's entries to the device: [`platform::sync_dir`], the one copy.
pub use crate::platform::sync_dir;

/// The folder a path is in (`.` for a bare file name).
pub fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn atomic_write_never_clobbers_without_permission() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.age");
        write_atomic(&path, b"one", false).unwrap();
        let err = write_atomic(&path, b"two", false).unwrap_err();
        assert!(matches!(err, Error::VaultExists { .. }));
        assert_eq!(fs::read(&path).unwrap(), b"one");
        write_atomic(&path, b"three", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
        // No temporary file is left beside it.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
