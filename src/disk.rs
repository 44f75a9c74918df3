//! disk: writing files so that a crash or a pulled stick never leaves half a file.
//!
//! [`write_atomic`] writes a whole file (the vault, the journal, the `.ics` reminder) to a
//! temporary file in the same folder, flushes it to the device, renames it over its final name,
//! and flushes the folder too. On Unix the file is private (`0o600`, tempfile's default). Key
//! files are written by the journal's swap, not here. This module must never write anything but
//! what it is given.
//!
//! [`read_regular`] is the one way sigillo reads back a file whose content it then trusts (a key
//! file, a vault, what the journal hashes): a regular file, through the handle it checked, and
//! never more than a bound.

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::failpoint;
use crate::platform;

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
    // Ctrl-C waits for the rename (or the temporary file's removal on failure): an interrupted
    // write leaves no temporary file, and the line it prints says whether the file was written.
    let _critical = crate::interrupt::Critical::begin();
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
    crate::interrupt::done(crate::interrupt::Change::Written { path: path.to_owned() });
    sync_dir(dir).map_err(Error::write(dir))
}

/// Why [`read_regular`] read nothing.
#[derive(Debug)]
pub enum Refused {
    /// A link, a folder, a device, a FIFO: anything but a regular file, or not the file looked at.
    NotAFile,
    /// Larger than the bound given.
    TooLarge,
    /// The file could not be opened or read.
    Io(io::Error),
}

/// Reads the regular file at `path`, of at most `max` bytes, into a buffer wiped on drop.
///
/// The name is looked at without following a link, then opened without following one and
/// without waiting ([`platform::open_read_no_follow`]), and the open handle must be the same
/// regular file: a link, a device, a FIFO or a file swapped in between is never read. At most
/// `max + 1` bytes are read, so a file that grows meanwhile (or `/dev/zero` put in its place)
/// costs no more memory than the bound.
pub fn read_regular(path: &Path, max: u64) -> std::result::Result<Zeroizing<Vec<u8>>, Refused> {
    let looked = fs::symlink_metadata(path).map_err(Refused::Io)?;
    if !looked.is_file() {
        return Err(Refused::NotAFile);
    }
    if looked.len() > max {
        return Err(Refused::TooLarge);
    }
    // A file another program holds open without sharing is tried again, as renames are.
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let file = platform::retry_in_use(|| {
        if failpoint::held_open(&name) {
            return Err(platform::HeldOpen::error());
        }
        platform::open_read_no_follow(path)
    })
    .map_err(Refused::Io)?;
    let opened = file.metadata().map_err(Refused::Io)?;
    if !opened.is_file() || !platform::same_file(&looked, &opened) {
        return Err(Refused::NotAFile);
    }
    read_bounded(file, max)
}

/// Reads an open file of at most `max` bytes into a buffer wiped on drop; anything but a regular
/// file (a link opened as itself, a device, a FIFO) is [`Refused::NotAFile`]. At most `max + 1`
/// bytes are read, so a file that grows meanwhile costs no more memory than the bound.
pub fn read_bounded(file: fs::File, max: u64) -> std::result::Result<Zeroizing<Vec<u8>>, Refused> {
    let opened = file.metadata().map_err(Refused::Io)?;
    if !opened.is_file() {
        return Err(Refused::NotAFile);
    }
    if opened.len() > max {
        return Err(Refused::TooLarge);
    }
    // Room for the whole file up front: a buffer that grows leaves unwiped copies behind.
    let mut bytes = Zeroizing::new(Vec::with_capacity(opened.len().min(max) as usize + 1));
    file.take(max + 1).read_to_end(&mut bytes).map_err(Refused::Io)?;
    if bytes.len() as u64 > max {
        return Err(Refused::TooLarge);
    }
    Ok(bytes)
}

/// The SHA-256 of the regular file at `path`, of at most `max` bytes, read as a stream (memory
/// stays a small buffer whatever the size) through the handle [`read_regular`] would check: a
/// link, a device or a FIFO is [`Refused::NotAFile`], a longer file [`Refused::TooLarge`].
pub fn sha256_regular(path: &Path, max: u64) -> std::result::Result<[u8; 32], Refused> {
    use sha2::{Digest, Sha256};
    let looked = fs::symlink_metadata(path).map_err(Refused::Io)?;
    if !looked.is_file() {
        return Err(Refused::NotAFile);
    }
    let file = platform::open_read_no_follow(path).map_err(Refused::Io)?;
    let opened = file.metadata().map_err(Refused::Io)?;
    if !opened.is_file() || !platform::same_file(&looked, &opened) {
        return Err(Refused::NotAFile);
    }
    if opened.len() > max {
        return Err(Refused::TooLarge);
    }
    let mut hasher = Sha256::new();
    let mut reader = file.take(max + 1);
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf).map_err(Refused::Io)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buf[..n]);
    }
    if total > max {
        return Err(Refused::TooLarge);
    }
    Ok(hasher.finalize().into())
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

    #[test]
    fn read_regular_reads_a_file_within_its_bound_and_refuses_a_larger_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("UTEF.P12");
        fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_regular(&path, 10).unwrap().as_slice(), b"0123456789");
        assert!(matches!(read_regular(&path, 9), Err(Refused::TooLarge)));
        assert!(matches!(read_regular(dir.path(), 10), Err(Refused::NotAFile)));
        let missing = read_regular(&dir.path().join("nessuno"), 10);
        assert!(matches!(missing, Err(Refused::Io(e)) if e.kind() == io::ErrorKind::NotFound));
    }

    #[cfg(unix)]
    #[test]
    fn read_regular_never_reads_through_a_link_a_fifo_or_a_device() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("altrove.txt");
        fs::write(&target, b"di un altro").unwrap();
        let link = dir.path().join("UTEF.P12");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(matches!(read_regular(&link, 100), Err(Refused::NotAFile)));
        // A FIFO would block a plain read forever; a device would give endless bytes.
        let fifo = dir.path().join("UTEC.P12");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        assert!(matches!(read_regular(&fifo, 100), Err(Refused::NotAFile)));
        assert!(matches!(read_regular(Path::new("/dev/zero"), 100), Err(Refused::NotAFile)));
    }
}
