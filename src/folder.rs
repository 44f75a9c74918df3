//! folder: a folder opened once as a handle, and the one-writer lock on a key folder.
//!
//! Everything that changes a key folder or its archive acts through a [`Folder`]: the folder is
//! opened once without following a link (a symbolic link or a Windows junction in its place is
//! refused), and every later open, create, rename and removal names a single entry *relative to
//! that handle*, never by a path resolved again. A link swapped in for the folder after it was
//! opened changes nothing: the handle still names the folder that was checked. Entries are
//! opened without following links either, so a link planted inside is refused, never followed.
//!
//! The choice: `cap-std`'s `Dir` (Bytecode Alliance), with `cap-fs-ext` for the no-follow opens.
//! On Unix it is the `*at` system calls (`openat` with `O_NOFOLLOW`, `renameat`, `mkdirat`); on
//! Windows, relative opens that check every component and never follow a reparse point. A
//! rename never replaces what is at its destination: on Linux `renameat2(RENAME_NOREPLACE)`,
//! elsewhere a look first (under the [`WriteLock`], so no other sigillo can race it).
//!
//! [`WriteLock`]: one writer per key folder. Every command that changes a key folder (or its
//! archive) takes it first, with std's `File::try_lock` on `.sigillo-lock` in the key folder,
//! and holds it to the end; the OS releases it when the process dies, so a crash never leaves a
//! stale lock. The file stays (removing a lock file races the next run that opens it). A second
//! run is told who holds it, where known ([`Holder`]), and changes nothing.
//!
//! This module never deletes a key file: it renames, creates, removes empty folders, and removes
//! only sigillo's own files by name ([`Folder::remove_own_file`]: `.sigillo-` names only).

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use cap_fs_ext::{DirExt, FollowSymlinks, OpenOptionsFollowExt};
use cap_std::fs::{Dir, OpenOptions};
use zeroize::Zeroizing;

use crate::disk::Refused;
use crate::error::{Error, Hazard, Result};
use crate::lock::Holder;
use crate::platform;

/// The lock file's name, in the key folder. It stays once made: it holds only who took the lock
/// and when ([`Holder`]), and removing a lock file races the next run that opens it.
pub const LOCK_NAME: &str = ".sigillo-lock";

/// A folder opened once, without following a link; `path` is kept for messages only.
#[derive(Debug)]
pub struct Folder {
    path: PathBuf,
    dir: Dir,
}

/// What kind of entry a name is, looked at without following a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A regular file.
    File,
    /// A folder (never a link to one).
    Folder,
    /// A symbolic link or a junction.
    Link,
    /// A device, a FIFO, a socket.
    Other,
}

impl Kind {
    /// The kind of an entry whose type was looked at without following a link.
    fn of(kind: cap_std::fs::FileType) -> Kind {
        if kind.is_symlink() {
            Kind::Link
        } else if kind.is_dir() {
            Kind::Folder
        } else if kind.is_file() {
            Kind::File
        } else {
            Kind::Other
        }
    }
}

impl Folder {
    /// Opens the folder at `path`; a link (or junction) in its last component is refused with
    /// [`Hazard::Link`], a missing one is the OS's `NotFound`.
    pub fn open(path: &Path) -> Result<Folder> {
        match platform::open_dir_no_follow(path) {
            Ok(file) => Ok(Folder { path: path.to_owned(), dir: Dir::from_std_file(file) }),
            Err(e) if platform::is_link_refusal(&e) => {
                Err(Error::Unsafe { path: path.to_owned(), hazard: Hazard::Link })
            }
            Err(e) => Err(Error::Read { path: path.to_owned(), source: e }),
        }
    }

    /// The path the folder was opened by (for messages and the audit log).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path of an entry, for messages.
    pub fn shown(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// What `name` is, without following a link; `None` when there is nothing by that name.
    pub fn kind(&self, name: &str) -> io::Result<Option<Kind>> {
        match self.dir.symlink_metadata(name) {
            Ok(meta) => Ok(Some(Kind::of(meta.file_type()))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The names in the folder with their kinds (never following a link), sorted.
    pub fn entries(&self) -> io::Result<Vec<(String, Kind)>> {
        let mut found = Vec::new();
        for entry in self.dir.entries()? {
            let entry = entry?;
            let Ok(name) = entry.file_name().into_string() else { continue };
            found.push((name, Kind::of(entry.file_type()?)));
        }
        found.sort();
        Ok(found)
    }

    /// Opens the sub-folder `name` without following a link ([`Hazard::Link`] when it is one).
    pub fn open_child(&self, name: &str) -> Result<Folder> {
        let path = self.shown(name);
        if self.kind(name).map_err(Error::read(&path))? == Some(Kind::Link) {
            return Err(Error::Unsafe { path, hazard: Hazard::Link });
        }
        match self.dir.open_dir_nofollow(name) {
            Ok(dir) => Ok(Folder { path, dir }),
            Err(e) if platform::is_link_refusal(&e) => {
                Err(Error::Unsafe { path, hazard: Hazard::Link })
            }
            Err(e) => Err(Error::Read { path, source: e }),
        }
    }

    /// Creates the sub-folder `name` (owner-only on Unix) and opens it. An existing name, a
    /// link or anything else, is `AlreadyExists` and is never reused.
    pub fn create_child(&self, name: &str) -> io::Result<Folder> {
        let mut builder = cap_std::fs::DirBuilder::new();
        // One folder, by an exclusive create: never its parents, never an existing name.
        builder.recursive(false);
        platform::owner_only_dir_at(&mut builder);
        self.dir.create_dir_with(name, &builder)?;
        let dir = self.dir.open_dir_nofollow(name)?;
        Ok(Folder { path: self.shown(name), dir })
    }

    /// Creates `name`, or `name (2)`, `name (3)`…: the first that does not exist yet, by an
    /// exclusive create (a name taken by a link is taken). Returns the name and the folder.
    pub fn create_unused_child(&self, name: &str) -> Result<(String, Folder)> {
        for n in 1..=999 {
            let candidate = if n == 1 { name.to_owned() } else { format!("{name} ({n})") };
            match self.create_child(&candidate) {
                Ok(folder) => return Ok((candidate, folder)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::Write { path: self.shown(&candidate), source: e }),
            }
        }
        Err(Error::Write { path: self.shown(name), source: io::ErrorKind::AlreadyExists.into() })
    }

    /// Removes the sub-folder `name` when it is empty; anything in it keeps it. Never a file.
    pub fn remove_empty_child(&self, name: &str) {
        let _ = self.dir.remove_dir(name);
    }

    /// Removes sigillo's own file `name` (the journal, a temporary file): only a name that
    /// starts with `.sigillo-`, which no key file has; anything else is refused with
    /// `InvalidInput`. Key files are deleted only by `wipe`, never here.
    pub fn remove_own_file(&self, name: &str) -> io::Result<()> {
        if !name.starts_with(".sigillo-") || name.contains(['/', '\\']) {
            return Err(io::ErrorKind::InvalidInput.into());
        }
        platform::retry_in_use(|| self.dir.remove_file(name))
    }

    /// Reads the regular file `name`, of at most `max` bytes, into a buffer wiped on drop: opened
    /// without following a link and without waiting (a FIFO), and checked through the handle.
    /// A file another program holds open without sharing is tried again as a rename is
    /// ([`platform::retry_in_use`]); past that, the error says so ([`platform::is_in_use`]).
    pub fn read_regular(
        &self,
        name: &str,
        max: u64,
    ) -> std::result::Result<Zeroizing<Vec<u8>>, Refused> {
        let mut options = OpenOptions::new();
        options.read(true).follow(FollowSymlinks::No);
        platform::without_waiting_at(&mut options);
        let read = platform::retry_in_use(|| {
            if crate::failpoint::held_open(name) {
                return Err(platform::HeldOpen::error());
            }
            let file = self.dir.open_with(name, &options)?.into_std();
            match crate::disk::read_bounded(file, max) {
                Err(Refused::Io(e)) => Err(e),
                other => Ok(other),
            }
        });
        match read {
            Ok(read) => read,
            Err(e) if platform::is_link_refusal(&e) => Err(Refused::NotAFile),
            Err(e) => Err(Refused::Io(e)),
        }
    }

    /// Creates the file `name` (never an existing one, never through a link), owner-only on
    /// Unix, writes `bytes`, gives it `modified`, and flushes it to the device.
    pub fn write_new(
        &self,
        name: &str,
        bytes: &[u8],
        modified: Option<std::time::SystemTime>,
    ) -> io::Result<()> {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true).follow(FollowSymlinks::No);
        platform::owner_only_file_at(&mut options);
        let mut file = self.dir.open_with(name, &options)?.into_std();
        file.write_all(bytes)?;
        if let Some(time) = modified {
            file.set_modified(time)?;
        }
        file.sync_all()
    }

    /// Opens the file `name` for appending, created owner-only when missing, never through a
    /// link; the handle must be a regular file.
    pub fn open_append(&self, name: &str) -> Result<File> {
        let path = self.shown(name);
        let mut options = OpenOptions::new();
        options.append(true).create(true).follow(FollowSymlinks::No);
        own_file_options(&mut options);
        let file = match self.dir.open_with(name, &options) {
            Ok(file) => file.into_std(),
            Err(e) if platform::is_link_refusal(&e) => {
                return Err(Error::Unsafe { path, hazard: Hazard::Link });
            }
            Err(e) if platform::is_no_reader(&e) => {
                return Err(Error::Unsafe { path, hazard: Hazard::OwnFileLinked });
            }
            Err(e) => return Err(Error::Write { path, source: e }),
        };
        check_own_file(&file, &path)?;
        Ok(file)
    }

    /// Renames the entry `from` of this folder to `to` in `to_dir`, never replacing anything
    /// there (`AlreadyExists`). Retried while another program holds the file (Windows).
    pub fn rename_to(&self, from: &str, to_dir: &Folder, to: &str) -> io::Result<()> {
        crate::failpoint::slow_rename();
        platform::retry_in_use(|| platform::rename_no_replace(&self.dir, from, &to_dir.dir, to))
    }

    /// Whether `other` is on the same volume as this folder (a rename between them is possible).
    pub fn same_volume(&self, other: &Folder) -> io::Result<bool> {
        platform::same_volume(&self.dir, &other.dir)
    }

    /// When the folder's entries last changed (its modification time, from the handle).
    pub fn modified(&self) -> io::Result<std::time::SystemTime> {
        self.dir.dir_metadata()?.modified().map(|t| t.into_std())
    }

    /// When the entry `name` was last changed (without following a link), when the system says.
    pub fn modified_of(&self, name: &str) -> Option<std::time::SystemTime> {
        self.dir.symlink_metadata(name).and_then(|m| m.modified()).ok().map(|t| t.into_std())
    }

    /// Flushes the folder's entries to the device. On Unix through its handle (`.` opened
    /// relative to it: never by its name, which may name another folder by now); on Windows a
    /// folder is flushed only through a handle with write access, so by its name
    /// ([`platform::sync_dir`]): at worst another folder is flushed, never one written.
    pub fn sync(&self) -> io::Result<()> {
        platform::sync_folder(&self.dir, &self.path)
    }
}

/// The exclusive lock on one key folder, held until dropped (or the process ends).
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

/// A key folder opened once, with its lock held: the only way to change one.
#[derive(Debug)]
pub struct KeyFolder {
    folder: Folder,
    _lock: WriteLock,
}

impl std::ops::Deref for KeyFolder {
    type Target = Folder;
    fn deref(&self) -> &Folder {
        &self.folder
    }
}

impl KeyFolder {
    /// Opens the key folder at `path` and takes its lock. Another sigillo at work there is
    /// [`Error::Busy`]; a folder where the lock file cannot be made is not writable.
    pub fn lock(path: &Path) -> Result<KeyFolder> {
        let folder = Folder::open(path)?;
        let lock_path = folder.shown(LOCK_NAME);
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).follow(FollowSymlinks::No);
        own_file_options(&mut options);
        let file = match folder.dir.open_with(LOCK_NAME, &options) {
            Ok(file) => file.into_std(),
            Err(e) if platform::is_link_refusal(&e) => {
                return Err(Error::Unsafe { path: lock_path, hazard: Hazard::Link });
            }
            Err(e) if platform::is_in_use(&e) => {
                return Err(Error::Busy { dir: path.to_owned(), holder: None });
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
                ) =>
            {
                return Err(Error::not_writable(path));
            }
            Err(e) => return Err(Error::Write { path: lock_path, source: e }),
        };
        check_own_file(&file, &lock_path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::Busy { dir: path.to_owned(), holder: Holder::read_from(&file) });
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::Write { path: lock_path, source: e });
            }
        }
        // Who holds it, for the next run's message: best effort, never a reason to stop.
        let _ = Holder::me().write_to(&file);
        Ok(KeyFolder { folder, _lock: WriteLock { _file: file } })
    }
}

/// How sigillo opens its own files (the lock file, the audit log): owner-only when created, and
/// on Unix without waiting (a FIFO put in their place opens at once, or fails, and is refused).
fn own_file_options(options: &mut OpenOptions) {
    platform::owner_only_file_at(options);
    platform::without_waiting_at(options);
}

/// One of sigillo's own files must be a regular file with one name: writing to a hard link of a
/// key file (`ln UTEF.P12 .sigillo-lock`) would change the key file.
fn check_own_file(file: &File, path: &Path) -> Result<()> {
    let regular = file.metadata().map_err(Error::write(path))?.is_file();
    let names = platform::link_count(file).map_err(Error::write(path))?;
    if !regular || names != 1 {
        return Err(Error::Unsafe { path: path.to_owned(), hazard: Hazard::OwnFileLinked });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_folder_is_refused_and_says_who_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let first = KeyFolder::lock(dir.path()).unwrap();
        let err = KeyFolder::lock(dir.path()).unwrap_err();
        let Error::Busy { holder, .. } = &err else { panic!("{err:?}") };
        if cfg!(unix) {
            let holder = holder.as_ref().expect("the holder is readable on Unix");
            assert_eq!(holder.host, sysinfo::System::host_name().unwrap_or_default());
        }
        assert_eq!(err.exit(), crate::error::Exit::Refused);
        drop(first);
        KeyFolder::lock(dir.path()).expect("free again once the first is dropped");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_refused_as_the_folder_and_as_entries() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("vera");
        std::fs::create_dir(&real).unwrap();
        let link = dir.path().join("collegamento");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let err = Folder::open(&link).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::Link, .. }), "{err:?}");

        let folder = Folder::open(dir.path()).unwrap();
        let err = folder.open_child("collegamento").unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::Link, .. }), "{err:?}");
        std::fs::write(real.join("UTEF.P12"), b"k").unwrap();
        std::os::unix::fs::symlink(real.join("UTEF.P12"), dir.path().join("UTEF.P12")).unwrap();
        assert!(matches!(folder.read_regular("UTEF.P12", 10), Err(Refused::NotAFile)));
        // A lock file planted as a link is refused, not written through.
        std::os::unix::fs::symlink(real.join("UTEF.P12"), real.join(LOCK_NAME)).unwrap();
        let err = KeyFolder::lock(&real).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::Link, .. }), "{err:?}");
        assert_eq!(std::fs::read(real.join("UTEF.P12")).unwrap(), b"k");
    }

    /// Review of issue 20: a lock file or audit log planted as a hard link of a key file, or as
    /// a FIFO, is refused before a byte is written to it (the lock's holder line truncated the
    /// key file; a FIFO log hung the install).
    #[cfg(unix)]
    #[test]
    fn own_files_planted_as_hard_links_or_fifos_are_never_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("UTEF.P12"), b"chiave").unwrap();
        std::fs::hard_link(dir.path().join("UTEF.P12"), dir.path().join(LOCK_NAME)).unwrap();
        let err = KeyFolder::lock(dir.path()).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::OwnFileLinked, .. }), "{err:?}");
        let folder = Folder::open(dir.path()).unwrap();
        std::fs::hard_link(dir.path().join("UTEF.P12"), dir.path().join("registro.txt")).unwrap();
        let err = folder.open_append("registro.txt").unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::OwnFileLinked, .. }), "{err:?}");
        assert_eq!(std::fs::read(dir.path().join("UTEF.P12")).unwrap(), b"chiave");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            dir.path().join("fifo.txt"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let err = folder.open_append("fifo.txt").unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::OwnFileLinked, .. }), "{err:?}");
    }

    #[test]
    fn renames_never_replace_and_new_folders_are_never_reused() {
        let dir = tempfile::tempdir().unwrap();
        let folder = Folder::open(dir.path()).unwrap();
        std::fs::write(dir.path().join("a"), b"uno").unwrap();
        std::fs::write(dir.path().join("b"), b"due").unwrap();
        let err = folder.rename_to("a", &folder, "b").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(dir.path().join("b")).unwrap(), b"due");
        let (first, _) = folder.create_unused_child("Chiavi").unwrap();
        let (second, _) = folder.create_unused_child("Chiavi").unwrap();
        assert_eq!((first.as_str(), second.as_str()), ("Chiavi", "Chiavi (2)"));
        #[cfg(unix)]
        {
            // A dangling link under the next name is a taken name, never followed.
            std::os::unix::fs::symlink(dir.path().join("altrove"), dir.path().join("Chiavi (3)"))
                .unwrap();
            let (third, _) = folder.create_unused_child("Chiavi").unwrap();
            assert_eq!(third, "Chiavi (4)");
            assert!(!dir.path().join("altrove").exists());
        }
    }
}
