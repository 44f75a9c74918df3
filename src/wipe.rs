//! Overwrite and delete a file, and find plaintext leftovers on the stick.
//!
//! [`wipe_file`] overwrites every byte of a regular file once with random data, flushes it to
//! the device (`fsync`, `FlushFileBuffers` on Windows), renames it to a random name in the same
//! folder, truncates it, deletes it and flushes the folder. That is all it promises. On flash
//! memory (USB sticks, SSDs) the controller remaps writes and may keep old pages out of reach
//! of the file system; for a vault those pages hold only encrypted data, useless without the
//! passphrase, which never travels on the stick. Nothing here claims DoD or Gutmann patterns:
//! more passes buy nothing on flash and little on modern disks.
//!
//! [`find_leftovers`] lists the plaintext copies the old manual procedure leaves on a stick
//! (`Password.txt`, loose key files) so the caller can offer to wipe them.
//!
//! This module must never follow a symbolic link: not when wiping (the link's target belongs to
//! someone else), not when walking. It never touches anything but the one path it was given,
//! never prints and never holds user-facing text.

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Size of one random chunk written over the file.
const CHUNK: usize = 64 * 1024;

/// Length of the random name the file gets before it is truncated and deleted.
const RANDOM_NAME_LEN: usize = 16;

/// Overwrites `path` once with random data, then renames, truncates and deletes it.
///
/// Refuses with [`io::ErrorKind::InvalidInput`] anything that is not a regular file: a
/// directory, a device, a FIFO, or a symbolic link (whose target is never touched). A missing
/// file gives [`io::ErrorKind::NotFound`]. A read-only file gives the operating system's
/// permission error: clearing the attribute is the caller's decision.
///
/// When an error happens after the overwrite, the data is already gone; the renamed file may
/// remain in the folder under a random name.
pub fn wipe_file(path: &Path) -> io::Result<()> {
    wipe_file_observed(path, |_| {})
}

/// [`wipe_file`] with a hook for tests: `observe` is called with the renamed path after the
/// overwrite has been flushed to the device and before the file is truncated and deleted.
pub fn wipe_file_observed(path: &Path, observe: impl FnOnce(&Path)) -> io::Result<()> {
    let before = fs::symlink_metadata(path)?;
    if !before.file_type().is_file() {
        return Err(not_a_regular_file());
    }

    let mut file = open_no_follow(path)?;
    let opened = file.metadata()?;
    // The path could have been swapped (for a link or another file) between the check and the
    // open; the handle we hold must be the regular file we looked at.
    if !opened.file_type().is_file() || !same_file(&before, &opened) {
        return Err(not_a_regular_file());
    }

    overwrite_with_random(&mut file, opened.len())?;
    // `File` has no user-space buffer, so `flush` is a no-op kept for clarity; `sync_all` is
    // what reaches the device (fsync on Unix, FlushFileBuffers on Windows).
    file.flush()?;
    file.sync_all()?;
    // Close before renaming: Windows does not rename a file that is open without
    // FILE_SHARE_DELETE, which std does not ask for.
    drop(file);

    let folder = parent_folder(path);
    let renamed = rename_to_random(path, &folder)?;
    observe(&renamed);

    // The content is already random. Truncating before deleting drops the file's length and
    // its blocks from the file system metadata, so an undelete tool finds an empty file.
    let truncated = truncate_and_sync(&renamed);
    fs::remove_file(&renamed)?;
    truncated?;
    sync_folder(&folder)
}

fn not_a_regular_file() -> io::Error {
    io::Error::from(io::ErrorKind::InvalidInput)
}

/// Opens for writing, without truncation and, where the platform allows it, without following
/// a link that appeared after the `symlink_metadata` check.
fn open_no_follow(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_FLAG_OPEN_REPARSE_POINT: open a link itself, not its target. The metadata check
        // after the open then sees the link and refuses it.
        const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
        options.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT);
    }
    options.open(path)
}

/// Whether two metadata records describe the same file. On Unix it compares device and inode.
/// On Windows std gives no stable file identity; the open already refuses links there
/// (`FILE_FLAG_OPEN_REPARSE_POINT`), so a type check is what remains.
#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    a.file_type().is_file() && b.file_type().is_file()
}

fn overwrite_with_random(file: &mut File, len: u64) -> io::Result<()> {
    file.seek(SeekFrom::Start(0))?;
    let mut buf = vec![0u8; CHUNK];
    let mut left = len;
    while left > 0 {
        let n = usize::try_from(left.min(CHUNK as u64)).unwrap_or(CHUNK);
        fill_random(&mut buf[..n])?;
        file.write_all(&buf[..n])?;
        left -= n as u64;
    }
    Ok(())
}

fn fill_random(buf: &mut [u8]) -> io::Result<()> {
    // getrandom's own io::Error conversion needs its "std" feature; map by hand instead.
    getrandom::getrandom(buf).map_err(|e| match e.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None => io::Error::other(e.to_string()),
    })
}

/// The folder holding `path`; `.` for a bare file name.
fn parent_folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Renames `path` to 16 random hex characters in `folder`.
///
/// The new name hides the old one (`chiavi-2025-03-01.age`, `Password.txt`) from directory
/// entries that a recovery tool could read back. `rename` replaces an existing file on both
/// Unix and Windows, so a taken name is skipped first; with 64 random bits a clash is
/// practically impossible, and a hard link (which would refuse to clobber) does not exist on
/// FAT32 sticks.
fn rename_to_random(path: &Path, folder: &Path) -> io::Result<PathBuf> {
    for _ in 0..8 {
        let mut raw = [0u8; RANDOM_NAME_LEN / 2];
        fill_random(&mut raw)?;
        let name: String = raw.iter().map(|b| format!("{b:02x}")).collect();
        let candidate = folder.join(name);
        match fs::symlink_metadata(&candidate) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::rename(path, &candidate)?;
                return Ok(candidate);
            }
            _ => continue,
        }
    }
    Err(io::Error::from(io::ErrorKind::AlreadyExists))
}

fn truncate_and_sync(path: &Path) -> io::Result<()> {
    let file = open_no_follow(path)?;
    file.set_len(0)?;
    file.sync_all()
}

/// Flushes the folder's entries (the rename and the delete) to the device.
///
/// On Unix a directory opens like a file and `fsync` on it commits its entries. File systems
/// that cannot sync a directory answer EINVAL; that is not a failure of the wipe. On Windows
/// std cannot open a directory (it needs FILE_FLAG_BACKUP_SEMANTICS, and FlushFileBuffers on a
/// directory handle needs write access to it), so this step is skipped: NTFS journals the
/// metadata change and FAT32 writes it through when the file is closed.
#[cfg(unix)]
fn sync_folder(folder: &Path) -> io::Result<()> {
    match File::open(folder).and_then(|dir| dir.sync_all()) {
        Err(e) if matches!(e.kind(), io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported) => {
            Ok(())
        }
        other => other,
    }
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> io::Result<()> {
    Ok(())
}

/// Plaintext leftovers of the old manual procedure under `root`, sorted.
///
/// Matches regular files, case-insensitively: `password*.txt` (`Password.txt`,
/// `password nuova.txt`), `ute*.p12` (`UTEF.P12`, `UTEC.P12`, `UTEF - Copia.p12`) and
/// `utente*.ks` (`UTENTE.KS`). A vault (`*.age`) never matches.
///
/// The walk is breadth-first and bounded: `max_depth` levels of folders below `root`
/// (0 = only `root` itself) and at most `max_entries` directory entries looked at in all. It
/// never follows symbolic links (nor Windows junctions, which std reports as links) and skips
/// folders it cannot read without complaint: a partial list is still useful.
pub fn find_leftovers(root: &Path, max_depth: usize, max_entries: usize) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut queue = VecDeque::from([(root.to_path_buf(), 0usize)]);
    let mut seen = 0usize;
    'walk: while let Some((dir, depth)) = queue.pop_front() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            if seen >= max_entries {
                break 'walk;
            }
            seen += 1;
            let Ok(entry) = entry else { continue };
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if depth < max_depth {
                    queue.push_back((entry.path(), depth + 1));
                }
            } else if kind.is_file() && is_leftover_name(&entry.file_name().to_string_lossy()) {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    found
}

/// Whether a file name looks like a plaintext leftover (see [`find_leftovers`]).
pub fn is_leftover_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    let pattern = |prefix: &str, suffix: &str| {
        lower.len() >= prefix.len() + suffix.len()
            && lower.starts_with(prefix)
            && lower.ends_with(suffix)
    };
    pattern("password", ".txt") || pattern("ute", ".p12") || pattern("utente", ".ks")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    const BLOCK: usize = 4096;

    fn names_in(dir: &Path) -> BTreeSet<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    /// 200 KB where each 4 KiB block is distinct, so any block that survives can be spotted.
    fn pattern(len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| {
                let block = (i / BLOCK) as u8;
                (i as u8).wrapping_mul(31) ^ block.wrapping_mul(7) ^ 0x5a
            })
            .collect()
    }

    #[test]
    fn wipe_overwrites_every_block_then_removes_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("LEGGIMI.txt");
        fs::write(&other, b"resta").unwrap();
        let target = dir.path().join("chiavi-2025-03-01.age");
        let original = pattern(200_000);
        fs::write(&target, &original).unwrap();
        let before = names_in(dir.path());

        let mut observed = None;
        wipe_file_observed(&target, |renamed| {
            assert!(!target.exists(), "the original name is gone after the rename");
            assert_eq!(renamed.parent(), Some(dir.path()));
            let name = renamed.file_name().unwrap().to_str().unwrap();
            assert_eq!(name.len(), RANDOM_NAME_LEN);
            assert!(name.bytes().all(|b| b.is_ascii_hexdigit()));

            let now = fs::read(renamed).unwrap();
            assert_eq!(now.len(), original.len(), "length unchanged by the overwrite");
            let new_blocks: BTreeSet<&[u8]> = now.chunks(BLOCK).collect();
            for (i, block) in original.chunks(BLOCK).enumerate() {
                assert!(!new_blocks.contains(block), "block {i} survived");
                assert_ne!(&now[i * BLOCK..i * BLOCK + block.len()], block);
            }
            observed = Some(renamed.to_path_buf());
        })
        .unwrap();

        let renamed = observed.expect("observer called");
        assert!(!target.exists());
        assert!(!renamed.exists());
        let mut expected = before;
        expected.remove("chiavi-2025-03-01.age");
        assert_eq!(names_in(dir.path()), expected);
        assert_eq!(fs::read(&other).unwrap(), b"resta");
    }

    #[test]
    fn wipe_handles_an_empty_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("Password.txt");
        fs::write(&target, b"").unwrap();
        wipe_file(&target).unwrap();
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn parent_of_a_bare_name_is_the_current_folder() {
        // parent() of a bare name is "", which must become "." for the folder sync.
        assert_eq!(parent_folder(Path::new("vault.age")), PathBuf::from("."));
        assert_eq!(parent_folder(Path::new("/x/vault.age")), PathBuf::from("/x"));
    }

    #[test]
    fn wipe_of_a_missing_file_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let err = wipe_file(&dir.path().join("assente.age")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn wipe_refuses_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("cartella");
        fs::create_dir(&sub).unwrap();
        fs::write(sub.join("dentro.txt"), b"x").unwrap();
        let err = wipe_file(&sub).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(fs::read(sub.join("dentro.txt")).unwrap(), b"x");
    }

    #[cfg(unix)]
    #[test]
    fn wipe_refuses_a_symlink_and_leaves_its_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("UTEF.P12");
        fs::write(&target, b"chiave vera").unwrap();
        let link = dir.path().join("collegamento.age");
        std::os::unix::fs::symlink(&target, &link).unwrap();

        let err = wipe_file(&link).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(fs::read(&target).unwrap(), b"chiave vera");
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn wipe_refuses_a_device() {
        let err = wipe_file(Path::new("/dev/null")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn leftover_names() {
        for yes in [
            "Password.txt",
            "PASSWORD.TXT",
            "password nuova.txt",
            "UTEF.P12",
            "utec.p12",
            "UTEF - Copia.P12",
            "UTENTE.KS",
            "utente.ks",
        ] {
            assert!(is_leftover_name(yes), "{yes}");
        }
        for no in [
            "chiavi-2025-03-01.age",
            "password",
            "Password.doc",
            "mypassword.txt",
            "UTEF.P12.age",
            "LEGGIMI.txt",
            "sigillo.exe",
            "utente.txt",
            ".txt",
        ] {
            assert!(!is_leftover_name(no), "{no}");
        }
    }

    #[test]
    fn find_leftovers_walks_bounded_and_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("Password.txt"), b"segreta").unwrap();
        fs::write(root.join("chiavi-2025-03-01.age"), b"age").unwrap();
        fs::write(root.join("sigillo.exe"), b"bin").unwrap();
        fs::create_dir_all(root.join("CHIAVI/vecchie/ancora")).unwrap();
        fs::write(root.join("CHIAVI/UTEF.P12"), b"f").unwrap();
        fs::write(root.join("CHIAVI/utec.p12"), b"c").unwrap();
        fs::write(root.join("CHIAVI/UTENTE.KS"), b"k").unwrap();
        fs::write(root.join("CHIAVI/vecchie/ancora/UTENTE.KS"), b"k").unwrap();
        // A folder named like a leftover is not a file to wipe.
        fs::create_dir(root.join("password.txt.d")).unwrap();
        fs::create_dir(root.join("UTEF.P12")).unwrap();

        let found = find_leftovers(root, 1, 10_000);
        assert_eq!(
            found,
            vec![
                root.join("CHIAVI/UTEF.P12"),
                root.join("CHIAVI/UTENTE.KS"),
                root.join("CHIAVI/utec.p12"),
                root.join("Password.txt"),
            ]
        );

        let deep = find_leftovers(root, 5, 10_000);
        assert!(deep.contains(&root.join("CHIAVI/vecchie/ancora/UTENTE.KS")));
        assert_eq!(deep.len(), 5);

        let only_root = find_leftovers(root, 0, 10_000);
        assert_eq!(only_root, vec![root.join("Password.txt")]);

        assert!(find_leftovers(root, 5, 0).is_empty());
        assert!(find_leftovers(&root.join("assente"), 5, 100).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn find_leftovers_never_follows_links() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("Password.txt"), b"x").unwrap();
        let stick = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), stick.path().join("link-dir")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("Password.txt"),
            stick.path().join("password-link.txt"),
        )
        .unwrap();
        assert!(find_leftovers(stick.path(), 5, 1000).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn find_leftovers_skips_unreadable_folders() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let closed = dir.path().join("chiusa");
        fs::create_dir(&closed).unwrap();
        fs::write(closed.join("Password.txt"), b"x").unwrap();
        fs::write(dir.path().join("UTEF.P12"), b"x").unwrap();
        fs::set_permissions(&closed, fs::Permissions::from_mode(0o000)).unwrap();
        let found = find_leftovers(dir.path(), 5, 1000);
        fs::set_permissions(&closed, fs::Permissions::from_mode(0o755)).unwrap();
        // As root the folder is still readable; either way the walk does not fail.
        assert!(found.contains(&dir.path().join("UTEF.P12")));
    }
}
