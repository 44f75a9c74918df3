//! shred: overwrite a file once with random data, then truncate and delete it, all through the
//! one handle it was opened with.
//!
//! [`wipe_file`] overwrites every byte of a regular file once with random data, flushes it to
//! the device (`fsync`, `FlushFileBuffers` on Windows), truncates it, flushes again and deletes
//! it. That is all it promises.
//!
//! The folder may be writable by someone else (a stick in another's hands, a shared folder), who
//! could swap the name for a link or another file between two steps. So the file is opened
//! once, without following a link ([`platform::Doomed`]), and every step after acts on that
//! open handle; nothing re-opens the name or identifies the file again by it. A file with more
//! than one name (a hard link: `ln ~/tesi.txt chiavetta/chiavi.age`) is refused before any byte
//! changes: its bytes belong to the other name too.
//!
//! What happens to the name differs by system:
//! - **Unix**: the folder is opened once and the name is looked at, renamed to 16 random hex
//!   characters and removed relative to that folder handle (`fstatat`, `renameat`, `unlinkat`),
//!   each time only while it is still the open inode; a name someone swapped is left alone
//!   ([`Hazard::Swapped`]). The folder is then flushed.
//! - **Windows**: the file is opened with no sharing (no other program can open, rename or
//!   replace it meanwhile) and `FILE_FLAG_DELETE_ON_CLOSE`: closing the handle after the
//!   truncation deletes it; no name is needed for that. There is no rename first: renaming by
//!   name needs a second open, which no sharing forbids, and on FAT32/exFAT sticks a rename
//!   leaves the old name in a deleted directory entry anyway (see [`platform::Doomed`]). The
//!   file index is never compared: on FAT32/exFAT Windows derives it from the directory entry.
//!
//! Either way a deleted directory entry on a FAT32/exFAT stick may still show a file name (the
//! old one, or on Unix the random one and the old one); names are not secrets, contents are. On
//! flash memory (USB sticks, SSDs) the controller remaps writes and may keep old pages out of
//! reach of the file system; for a vault those pages hold only encrypted data, useless without
//! the passphrase, which never travels on the stick. Nothing here claims DoD or Gutmann
//! patterns: more passes buy nothing on flash and little on modern disks.
//!
//! This module must never follow a symbolic link (the link's target belongs to someone else),
//! never touch anything but the one path it was given, and never print.
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::Hazard;
use crate::platform::{self, Doomed, NameStep};

/// Size of one random chunk written over the file.
const CHUNK: usize = 64 * 1024;

/// Length of the random name the file gets (on Unix) before it is truncated and deleted.
const RANDOM_NAME_LEN: usize = 16;

/// Overwrites `path` once with random data, then truncates and deletes it.
///
/// Refuses with [`io::ErrorKind::InvalidInput`] anything that is not a regular file: a
/// directory, a device, a FIFO, or a symbolic link (whose target is never touched). A file with
/// more than one hard link is refused before any byte changes, and a name that stops naming the
/// open file midway is left alone: both errors carry a [`Hazard`] ([`hazard`] gets it back).
/// A missing file gives [`io::ErrorKind::NotFound`]. A read-only file gives the operating
/// system's permission error: clearing the attribute is the caller's decision.
///
/// When an error happens after the overwrite, the data is already gone; on Unix the renamed file
/// may remain in the folder under a random name, on Windows the handle's closing deletes it.
pub fn wipe_file(path: &Path) -> io::Result<()> {
    // Ctrl-C waits for the wipe to end: no half-overwritten file under a random name is left
    // behind by it, and the line it prints says the file was wiped.
    let _critical = crate::interrupt::Critical::begin();
    wipe_file_observed(path, |_| {})?;
    crate::interrupt::done(crate::interrupt::Change::Wiped { path: path.to_owned() });
    Ok(())
}

/// [`wipe_file`] with a hook for tests: `observe` is called with the file's current path (on
/// Unix the random name) after the overwrite has been flushed to the device and before the file
/// is truncated and deleted.
pub fn wipe_file_observed(path: &Path, observe: impl FnOnce(&Path)) -> io::Result<()> {
    check(path)?;
    let mut doomed = Doomed::open(path)?;
    // A hard link made between the look and the open: refused all the same. (On Windows the
    // closing handle then deletes the name it opened; the other name keeps every byte.)
    if platform::link_count(doomed.file())? > 1 {
        return Err(refused(Hazard::HardLinked));
    }

    let len = doomed.file().metadata()?.len();
    overwrite_with_random(doomed.file(), len)?;
    // `File` has no user-space buffer, so `flush` is a no-op kept for clarity; `sync_all` is
    // what reaches the device (fsync on Unix, FlushFileBuffers on Windows).
    doomed.file().flush()?;
    doomed.file().sync_all()?;

    if platform::WIPE_RENAMES {
        rename_to_random(&mut doomed)?;
    }
    observe(&doomed.path());

    // The content is already random. Truncating before deleting drops the file's length and
    // its blocks from the file system metadata, so an undelete tool finds an empty file. On
    // the handle: whatever the name points at now, it is this file that shrinks.
    doomed.file().set_len(0)?;
    doomed.file().sync_all()?;
    match doomed.remove()? {
        NameStep::Done => Ok(()),
        NameStep::NotOurs | NameStep::Taken => Err(refused(Hazard::Swapped)),
        NameStep::Remains => Err(refused(Hazard::NotRemoved)),
    }
}

/// What [`wipe_file`] checks before it opens `path`, with the same errors: a regular file, not
/// a link, with one name. A caller with several files checks them all first, so that one refused
/// file stops the wipe before any other is touched.
pub fn check(path: &Path) -> io::Result<()> {
    if !fs::symlink_metadata(path)?.file_type().is_file() {
        return Err(not_a_regular_file());
    }
    // Another name for the same bytes would lose them too: refuse before writing anything, and
    // on Windows before opening the handle that deletes the file when it closes.
    if platform::link_count_at(path)? > 1 {
        return Err(refused(Hazard::HardLinked));
    }
    Ok(())
}

/// The [`Hazard`] behind a refusal of [`wipe_file`], if that is what `error` is.
pub fn hazard(error: &io::Error) -> Option<Hazard> {
    error.get_ref().and_then(|inner| inner.downcast_ref::<Hazard>()).copied()
}

fn refused(hazard: Hazard) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, hazard)
}

fn not_a_regular_file() -> io::Error {
    io::Error::from(io::ErrorKind::InvalidInput)
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

/// Renames the file to 16 random hex characters in its folder (Unix, relative to the folder
/// handle), so that the listing no longer shows `chiavi-2025-03-01.age` or `Password.txt` while
/// the file is emptied and removed. A taken name is skipped (with 64 random bits a clash is
/// practically impossible); a name that is no longer the open file is left alone.
fn rename_to_random(doomed: &mut Doomed) -> io::Result<PathBuf> {
    for _ in 0..8 {
        let mut raw = [0u8; RANDOM_NAME_LEN / 2];
        fill_random(&mut raw)?;
        let name = crate::hash::hex(&raw);
        match doomed.rename(&OsString::from(name))? {
            NameStep::Done => return Ok(doomed.path()),
            NameStep::Taken => continue,
            NameStep::NotOurs | NameStep::Remains => return Err(refused(Hazard::Swapped)),
        }
    }
    Err(io::Error::from(io::ErrorKind::AlreadyExists))
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
            assert_eq!(renamed.parent(), Some(dir.path()));
            if !platform::WIPE_RENAMES {
                // Windows: no rename, and no other handle (not even ours) may open the file.
                assert_eq!(renamed, target);
                assert!(fs::File::open(renamed).is_err(), "opened while being wiped");
                observed = Some(renamed.to_path_buf());
                return;
            }
            assert!(!target.exists(), "the original name is gone after the rename");
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
    fn wipe_refuses_a_hard_linked_file_and_keeps_both_names() {
        let dir = tempfile::tempdir().unwrap();
        let thesis = dir.path().join("tesi.txt");
        fs::write(&thesis, b"tre anni di lavoro").unwrap();
        let vault = dir.path().join("chiavi.age");
        fs::hard_link(&thesis, &vault).unwrap();
        let err = wipe_file(&vault).unwrap_err();
        assert_eq!(hazard(&err), Some(Hazard::HardLinked), "{err:?}");
        assert_eq!(fs::read(&thesis).unwrap(), b"tre anni di lavoro");
        assert_eq!(fs::read(&vault).unwrap(), b"tre anni di lavoro");
    }

    /// The racer of issue 9: another user swaps the renamed file for a link to a file of the
    /// victim's between the rename and the truncation. The truncation acts on the handle, and
    /// the link is neither followed nor deleted.
    #[cfg(unix)]
    #[test]
    fn wipe_acts_on_its_handle_when_the_name_is_swapped_for_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("tesi.txt");
        fs::write(&victim, b"tre anni di lavoro").unwrap();
        let target = dir.path().join("chiavi.age");
        fs::write(&target, pattern(10_000)).unwrap();
        let mut swapped = None;
        let err = wipe_file_observed(&target, |renamed| {
            fs::remove_file(renamed).unwrap();
            std::os::unix::fs::symlink(&victim, renamed).unwrap();
            swapped = Some(renamed.to_path_buf());
        })
        .unwrap_err();
        assert_eq!(hazard(&err), Some(Hazard::Swapped), "{err:?}");
        assert_eq!(fs::read(&victim).unwrap(), b"tre anni di lavoro");
        let link = swapped.unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "not deleted");
    }

    /// The folder itself is moved away mid-wipe and another folder takes its name, holding a
    /// file under the random name: the wipe ends in the folder it opened (Unix: relative to the
    /// folder handle), and the other folder's file is not touched.
    #[cfg(unix)]
    #[test]
    fn wipe_ends_in_the_folder_it_opened_when_the_folder_is_swapped() {
        let dir = tempfile::tempdir().unwrap();
        let stick = dir.path().join("chiavetta");
        fs::create_dir(&stick).unwrap();
        let target = stick.join("chiavi.age");
        fs::write(&target, pattern(10_000)).unwrap();
        let moved = dir.path().join("spostata");
        let mut random = None;
        wipe_file_observed(&target, |renamed| {
            fs::rename(&stick, &moved).unwrap();
            fs::create_dir(&stick).unwrap();
            fs::write(renamed, b"altro").unwrap();
            random = Some(renamed.file_name().unwrap().to_owned());
        })
        .unwrap();
        let random = random.unwrap();
        assert_eq!(fs::read(stick.join(&random)).unwrap(), b"altro");
        assert!(names_in(&moved).is_empty(), "left: {:?}", names_in(&moved));
    }

    /// The same race with a hard link to the victim's file in place of the renamed name: a
    /// re-open by name would truncate and delete it.
    #[cfg(unix)]
    #[test]
    fn wipe_acts_on_its_handle_when_the_name_is_swapped_for_another_file() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("tesi.txt");
        fs::write(&victim, b"tre anni di lavoro").unwrap();
        let target = dir.path().join("chiavi.age");
        fs::write(&target, pattern(10_000)).unwrap();
        let mut swapped = None;
        let err = wipe_file_observed(&target, |renamed| {
            fs::remove_file(renamed).unwrap();
            fs::hard_link(&victim, renamed).unwrap();
            swapped = Some(renamed.to_path_buf());
        })
        .unwrap_err();
        assert_eq!(hazard(&err), Some(Hazard::Swapped), "{err:?}");
        assert_eq!(fs::read(&victim).unwrap(), b"tre anni di lavoro");
        assert_eq!(fs::read(swapped.unwrap()).unwrap(), b"tre anni di lavoro");
    }
}
