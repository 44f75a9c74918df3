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
use crate::failpoint;

/// The temporary files [`write_atomic`] makes are named `.sigillo-XXXXXX.tmp`.
const TEMP_PREFIX: &str = ".sigillo-";
const TEMP_SUFFIX: &str = ".tmp";

/// Whether `name` is one of sigillo's own temporary file names (`.sigillo-*.tmp`): what a kill
/// before [`write_atomic`]'s rename leaves behind, and what recovery may remove.
pub fn is_temp_name(name: &str) -> bool {
    name.len() > TEMP_PREFIX.len() + TEMP_SUFFIX.len()
        && name.starts_with(TEMP_PREFIX)
        && name.ends_with(TEMP_SUFFIX)
}

/// Writes `bytes` to `path` atomically. Without `overwrite`, an existing `path` is an error and
/// stays untouched.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    let dir = parent(path);
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(Error::write(dir))?;
    temp.write_all(bytes).map_err(Error::write(path))?;
    temp.as_file().sync_all().map_err(Error::write(path))?;
    failpoint::crash("before-rename");
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

    #[test]
    fn temp_names_match_what_write_atomic_makes_and_nothing_else() {
        let temp =
            tempfile::Builder::new().prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX).tempfile().unwrap();
        let name = temp.path().file_name().unwrap().to_str().unwrap();
        assert!(is_temp_name(name), "{name}");
        for other in
            [".sigillo-.tmp", ".sigillo-journal.json", ".sigillo-nuove", "UTEF.P12", "x.tmp"]
        {
            assert!(!is_temp_name(other), "{other}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn atomic_writes_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.age");
        write_atomic(&path, b"one", false).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
