//! platform: the few things Windows and Unix do differently, behind the same functions on both.
//!
//! Flushing a folder, opening a file without following a link, telling whether two open files
//! are one (and how many names a file has), opening a file to be wiped so that every later step
//! acts on that handle ([`Doomed`]), whether a folder is on a removable drive, where key folders
//! usually live, comparing path components, and the name of the process that started us.
//! Everything OS-specific in sigillo lives here (ripgrep keeps its console and process details
//! apart the same way), so the steps read the same on every OS.
//! This module never prints and never decides policy: it answers questions about the system.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// Flushes a folder's entries (creations, renames, deletions) to the device.
///
/// On Unix a folder opens like a file and `fsync` on it commits its entries; file systems that
/// cannot sync a folder answer `EINVAL`, which is not a failure (the entries are as durable as
/// that file system makes them). On Windows a folder opens only with `FILE_FLAG_BACKUP_SEMANTICS`,
/// and `FlushFileBuffers` (`sync_all`) needs write access: NTFS then commits the folder's entries
/// and its metadata journal. File systems and folders that refuse (FAT32/exFAT drivers may answer
/// "invalid function", a folder we may change but not open for writing answers "access denied")
/// are not a failure either: FAT writes a folder's entries through when the files are closed.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        match File::open(dir).and_then(|folder| folder.sync_all()) {
            Err(e)
                if matches!(e.kind(), io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported) =>
            {
                Ok(())
            }
            other => other,
        }
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_FLAG_BACKUP_SEMANTICS: u32 = 0x0200_0000;
        let opened =
            OpenOptions::new().write(true).custom_flags(FILE_FLAG_BACKUP_SEMANTICS).open(dir);
        match opened.and_then(|folder| folder.sync_all()) {
            Err(e) if flush_refusal_is_harmless(e.raw_os_error()) => Ok(()),
            other => other,
        }
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Windows errors a folder flush may answer without anything being wrong with the folder:
/// 1 ERROR_INVALID_FUNCTION and 87 ERROR_INVALID_PARAMETER (FAT, network shares), 5
/// ERROR_ACCESS_DENIED (no write access to the folder object itself), 50 ERROR_NOT_SUPPORTED.
#[cfg_attr(not(windows), allow(dead_code))]
fn flush_refusal_is_harmless(code: Option<i32>) -> bool {
    matches!(code, Some(1 | 5 | 50 | 87))
}

/// How long [`retry_in_use`] waits for another program to let go of a file.
pub const IN_USE_PATIENCE: Duration = Duration::from_secs(2);

/// Runs `op` (a rename, a removal, a copy, a read) and, on Windows, runs it again while it fails
/// because another program holds the file open (Desktop Telematico itself, an antivirus scan, the
/// search indexer, a backup agent): errors 32, 33 and 5 ([`is_in_use`]), with a short backoff,
/// for at most [`IN_USE_PATIENCE`]. Then the last error is returned as it is. On Unix `op` runs
/// once: an open file never stops a rename or a read there (only a [`HeldOpen`] error, which
/// the failpoints make, is retried, so the tests can prove the policy on Linux).
pub fn retry_in_use<T>(op: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    retry_while_in_use(op, cfg!(windows), IN_USE_PATIENCE, std::thread::sleep)
}

/// The error a test failpoint answers in place of Windows' sharing violation, on any OS: "another
/// program has this file open without sharing" as a type, not a number (on Unix 32 is EPIPE).
#[derive(Debug)]
pub struct HeldOpen;

impl std::fmt::Display for HeldOpen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("sharing violation (simulated)")
    }
}

impl std::error::Error for HeldOpen {}

impl HeldOpen {
    /// The simulated sharing violation, as an I/O error.
    pub fn error() -> io::Error {
        io::Error::new(io::ErrorKind::ResourceBusy, HeldOpen)
    }

    /// Whether `error` is one.
    fn is(error: &io::Error) -> bool {
        error.get_ref().is_some_and(|inner| inner.is::<HeldOpen>())
    }
}

/// [`retry_in_use`] with the decision's inputs injected: whether Windows' error codes apply, the
/// patience, and the sleep (tests count it instead of waiting).
fn retry_while_in_use<T>(
    mut op: impl FnMut() -> io::Result<T>,
    windows: bool,
    patience: Duration,
    mut sleep: impl FnMut(Duration),
) -> io::Result<T> {
    let mut waited = Duration::ZERO;
    let mut pause = Duration::from_millis(50);
    loop {
        match op() {
            Err(e)
                if ((windows && in_use_code(e.raw_os_error())) || HeldOpen::is(&e))
                    && waited < patience =>
            {
                let step = pause.min(patience - waited);
                sleep(step);
                waited += step;
                pause = (pause * 2).min(Duration::from_millis(400));
            }
            other => return other,
        }
    }
}

/// Windows' "another program has this file": 32 ERROR_SHARING_VIOLATION, 33
/// ERROR_LOCK_VIOLATION, and 5 ERROR_ACCESS_DENIED (a file deleted while still open, or being
/// scanned, answers that for a moment).
fn in_use_code(code: Option<i32>) -> bool {
    matches!(code, Some(5 | 32 | 33))
}

/// Whether an error says that another program holds the file open (Windows errors 32 and 33, or
/// the failpoints' [`HeldOpen`]). On Unix those numbers mean other things.
pub fn is_in_use(error: &io::Error) -> bool {
    (cfg!(windows) && sharing_code(error.raw_os_error())) || HeldOpen::is(error)
}

fn sharing_code(code: Option<i32>) -> bool {
    matches!(code, Some(32 | 33))
}

/// Whether an error says a link stood where sigillo opens without following links (or links
/// loop): Unix `ELOOP`, which `O_NOFOLLOW` answers for a symbolic link, and Windows' 1921
/// ERROR_CANT_RESOLVE_FILENAME. std has no stable kind for it, so the number is read here.
pub fn is_link_loop(error: &io::Error) -> bool {
    #[cfg(unix)]
    let code = rustix::io::Errno::LOOP.raw_os_error();
    #[cfg(windows)]
    let code = 1921;
    error.raw_os_error() == Some(code)
}

/// Opens an existing file for writing, without truncating it and, where the platform allows,
/// without following a link that appeared after the caller looked at the name (Windows:
/// `FILE_FLAG_OPEN_REPARSE_POINT` opens the link itself, which the caller then refuses by type).
pub fn open_write_no_follow(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    no_follow(&mut options, NoFollowExtra::None);
    options.open(path)
}

/// Opens an existing file for reading, never following a link in the last component (as
/// [`open_write_no_follow`]) and, on Unix, without waiting: a FIFO put in a file's place opens at
/// once (`O_NONBLOCK`, no effect on regular files) and the caller refuses it by type.
pub fn open_read_no_follow(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    no_follow(&mut options, NoFollowExtra::NonBlocking);
    options.open(path)
}

/// What [`no_follow`] adds on Unix beside `O_NOFOLLOW`.
enum NoFollowExtra {
    None,
    NonBlocking,
    PrivateMode,
}

/// The flags that keep an open from following a link in the last component. Windows:
/// `FILE_FLAG_OPEN_REPARSE_POINT` opens the link itself, which the caller then refuses by type.
/// Unix: `O_NOFOLLOW` fails the open (ELOOP) instead of following the link to a file that
/// belongs to someone else.
fn no_follow(options: &mut OpenOptions, extra: NoFollowExtra) {
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
        options.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT);
        let _ = extra;
    }
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = OFlags::NOFOLLOW;
        match extra {
            NoFollowExtra::None => {}
            NoFollowExtra::NonBlocking => flags |= OFlags::NONBLOCK,
            NoFollowExtra::PrivateMode => {
                options.mode(0o600);
            }
        }
        options.custom_flags(flags.bits() as i32);
    }
}

/// Opens a file for appending, creating it owner-only (0600 on Unix; on Windows it inherits the
/// folder's ACL) when missing, and never following a link in the last component: on Unix
/// `O_NOFOLLOW` fails the open; on Windows `FILE_FLAG_OPEN_REPARSE_POINT` opens the link itself,
/// which the caller refuses because it is not a regular file.
pub fn open_append_no_follow(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.append(true).create(true);
    no_follow(&mut options, NoFollowExtra::PrivateMode);
    options.open(path)
}

/// Whether writing in `dir` is refused with "access denied" on Windows, where that means the
/// folder belongs to the administrators (`C:\Program Files\SOGEI` and the like: a user, even an
/// administrator without "Esegui come amministratore", cannot change it). A write-protected disk
/// answers another error (19 ERROR_WRITE_PROTECT). Always false on Unix. Creates and at once
/// deletes an empty probe file.
pub fn needs_administrator(dir: &Path) -> bool {
    let probe = tempfile::Builder::new().prefix(".sigillo-probe-").tempfile_in(dir);
    administrator_would_help(cfg!(windows), probe.err().and_then(|e| e.raw_os_error()))
}

fn administrator_would_help(windows: bool, code: Option<i32>) -> bool {
    windows && code == Some(5)
}

/// Whether two metadata records describe the same file: device and inode on Unix. On Windows
/// std gives no stable file identity from metadata; the open there already refuses links, so a
/// type check is what remains.
pub fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        a.file_type().is_file() && b.file_type().is_file()
    }
}

/// Where Desktop Telematico users keep their keys: folders checked first, then the roots a
/// bounded search starts from.
///
/// On Windows the scan covers the user's profile, then every drive letter from `C:` to `Z:` that
/// answers. On other systems, the home folder.
pub fn key_folder_roots() -> (Vec<PathBuf>, Vec<PathBuf>) {
    #[cfg(windows)]
    {
        let mut known = [
            r"C:\Entratel",
            r"C:\SOGEI",
            r"C:\Programmi\SOGEI",
            r"C:\Program Files\SOGEI",
            r"C:\Program Files (x86)\SOGEI",
        ]
        .map(PathBuf::from)
        .to_vec();
        // UAC's VirtualStore: where Windows put what an old 32-bit program (or its installer)
        // wrote under Program Files without administrator rights. The scan skips AppData.
        if let Some(store) = virtual_store_root() {
            for folder in VIRTUALISED {
                known.push(store.join(folder).join("SOGEI"));
            }
        }
        let mut scan: Vec<PathBuf> = std::env::var_os("USERPROFILE")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
            .into_iter()
            .collect();
        scan.extend(
            (b'C'..=b'Z')
                .map(|letter| PathBuf::from(format!("{}:\\", letter as char)))
                .filter(|drive| drive.exists()),
        );
        (known, scan)
    }
    #[cfg(not(windows))]
    {
        let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
        else {
            return (Vec::new(), Vec::new());
        };
        let known = ["Entratel", "DesktopTelematico", "SOGEI", ".DesktopTelematico"]
            .iter()
            .map(|name| home.join(name))
            .collect();
        (known, vec![home])
    }
}

/// The folders Windows virtualises for old programs, as their names appear under the
/// VirtualStore (Italian Windows XP called Program Files "Programmi").
#[cfg_attr(not(windows), allow(dead_code))]
const VIRTUALISED: [&str; 3] = ["Program Files", "Program Files (x86)", "Programmi"];

/// `%LOCALAPPDATA%\VirtualStore` of the user running sigillo (Windows only).
fn virtual_store_root() -> Option<PathBuf> {
    if !cfg!(windows) {
        return None;
    }
    let local = std::env::var_os("LOCALAPPDATA").filter(|v| !v.is_empty())?;
    Some(PathBuf::from(local).join("VirtualStore"))
}

/// When `dir` lies in this user's VirtualStore, the folder it stands in for (`C:\Program
/// Files\SOGEI` for `...\VirtualStore\Program Files\SOGEI`): Windows shows old programs run by
/// this user the VirtualStore copy instead of the real one. `None` elsewhere and on Unix.
pub fn virtual_store_original(dir: &Path) -> Option<PathBuf> {
    let system_drive = std::env::var_os("SystemDrive").unwrap_or_else(|| "C:".into());
    let mut drive = PathBuf::from(system_drive);
    drive.push(std::path::MAIN_SEPARATOR_STR);
    original_in_store(dir, &virtual_store_root()?, &drive)
}

fn original_in_store(dir: &Path, store: &Path, drive: &Path) -> Option<PathBuf> {
    let mut rest = dir.components();
    if !store.components().all(|s| rest.next().is_some_and(|d| same_component(d, s))) {
        return None;
    }
    let first = rest.next()?;
    let virtualised = VIRTUALISED
        .iter()
        .any(|name| first.as_os_str().to_string_lossy().eq_ignore_ascii_case(name));
    virtualised.then(|| drive.join(first).join(rest.as_path()))
}

/// Whether two path components name the same thing: Windows file names ignore case.
pub fn same_component(a: Component<'_>, b: Component<'_>) -> bool {
    if cfg!(windows) {
        a.as_os_str().to_string_lossy().to_lowercase()
            == b.as_os_str().to_string_lossy().to_lowercase()
    } else {
        a == b
    }
}

/// The image name of this process's parent, if the system says.
pub fn parent_process_name() -> Option<String> {
    use sysinfo::{ProcessRefreshKind, ProcessesToUpdate, System};
    let me = sysinfo::get_current_pid().ok()?;
    let mut system = System::new().ok()?;
    system.refresh_processes_specifics(
        ProcessesToUpdate::Some(&[me]),
        false,
        ProcessRefreshKind::nothing(),
    );
    let parent = system.process(me)?.parent()?;
    system.refresh_processes_specifics(
        ProcessesToUpdate::Some(&[parent]),
        false,
        ProcessRefreshKind::nothing(),
    );
    Some(system.process(parent)?.name().to_string_lossy().into_owned())
}

/// How many names (hard links) the open file has. Unix: `st_nlink`. Windows: the
/// `nNumberOfLinks` of `GetFileInformationByHandle` (through winapi-util, the well-kept safe
/// wrapper walkdir and same-file use).
pub fn link_count(file: &File) -> io::Result<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok(file.metadata()?.nlink())
    }
    #[cfg(windows)]
    {
        winapi_util::file::information(file).map(|info| info.number_of_links())
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = file;
        Ok(1)
    }
}

/// How many names (hard links) the file at `path` has, looked at without following a link and
/// without opening anything that could change the file. Unix: `st_nlink` of `lstat`. Windows: the
/// name is opened as itself (`FILE_FLAG_OPEN_REPARSE_POINT`) with no access rights asked, and
/// `nNumberOfLinks` read from that handle.
///
/// [`Doomed::open`] deletes the file on Windows when its handle closes, refusal or not; this is
/// how a caller refuses a hard-linked file before any handle that could delete a name exists.
pub fn link_count_at(path: &Path) -> io::Result<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok(fs::symlink_metadata(path)?.nlink())
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        let named = OpenOptions::new()
            .access_mode(0)
            .custom_flags(windows_flags::OPEN_REPARSE_POINT)
            .open(path)?;
        link_count(&named)
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = path;
        Ok(1)
    }
}

/// Whether [`wipe`](crate::shred) renames a file to a random name before deleting it. On Unix
/// yes, relative to the folder handle. On Windows no: the rename would have to open the file
/// again by name, which the wipe's handle forbids (no sharing), and on FAT32/exFAT a rename hides
/// nothing anyway; [`Doomed`] says why.
pub const WIPE_RENAMES: bool = cfg!(unix);

/// What became of the name of a [`Doomed`] file that was to be moved or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameStep {
    /// Renamed or removed.
    Done,
    /// The new name is taken: nothing was renamed.
    Taken,
    /// The name no longer names the open file (someone swapped it): it was left alone.
    NotOurs,
    /// The handle was closed to delete the file, but the name is still in the folder.
    Remains,
}

/// A regular file opened to be wiped: every step after the open acts on this handle (and, on
/// Unix, on the handle of the folder it was found in), never on a path looked up again.
///
/// **Unix.** The folder is opened once (`O_DIRECTORY`; it is the folder the user named, resolved
/// once); the name is looked at with `fstatat` without following a link, and opened with `openat`
/// and `O_NOFOLLOW | O_NONBLOCK` (a FIFO swapped in opens at once, then is refused by type), and
/// the handle must be the very inode looked at (device and inode). Renaming and removing
/// (`renameat`, `unlinkat`) are relative to the folder handle, each only after `fstatat` says
/// the name still is this inode (device and inode, which Linux's FAT drivers keep for an open
/// file). POSIX has no "unlink this handle": between that check and `unlinkat` someone could
/// still swap the name, and then `unlinkat` removes *their* name (a link or another name of
/// their file), never a byte of any file.
///
/// **Windows.** One `CreateFileW` with `GENERIC_READ | GENERIC_WRITE | DELETE`, no sharing
/// (`share_mode(0)`: while it is open no other program can open, rename, delete or replace the
/// file) and `FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_DELETE_ON_CLOSE`: closing the handle
/// deletes the file, so the deletion needs no name at all. Nothing identifies the file again
/// by its file index: on FAT32/exFAT, what sticks use, Windows derives that index from the
/// directory entry, so it changes with a rename (and Wine reports a renamed handle's volume
/// serial as 0). There is no rename to a random name first: renaming by name opens the file
/// again, which no sharing forbids (and which `FILE_SHARE_DELETE` would allow to anybody, who
/// could then rename the file away and put another in its place); and on FAT32/exFAT a rename
/// does not erase the old name: the driver writes the new entries and marks the old ones
/// deleted (first byte 0xE5, or the in-use bit cleared on exFAT), exactly as a deletion does, so
/// the old long name stays readable to an undelete tool either way. Because the deletion is
/// armed at the open, the file is refused before it (regular file, one name: [`link_count_at`]);
/// a refusal after it can only follow a swap in between, and then the name opened is deleted on
/// close (a link itself, never its target; one name of a hard-linked file, never its bytes).
pub struct Doomed {
    file: File,
    folder: PathBuf,
    name: std::ffi::OsString,
    #[cfg(unix)]
    dir: rustix::fd::OwnedFd,
}

/// The flags std's `OpenOptionsExt` takes on Windows.
#[cfg(windows)]
mod windows_flags {
    pub const OPEN_REPARSE_POINT: u32 = 0x0020_0000;
    pub const DELETE_ON_CLOSE: u32 = 0x0400_0000;
    pub const GENERIC_READ: u32 = 0x8000_0000;
    pub const GENERIC_WRITE: u32 = 0x4000_0000;
    pub const DELETE: u32 = 0x0001_0000;
}

impl Doomed {
    /// Opens the regular file at `path` to be wiped. Anything else (a folder, a link, a device, a
    /// FIFO) is refused with [`io::ErrorKind::InvalidInput`]; a missing file is
    /// [`io::ErrorKind::NotFound`]. On Windows a file another program holds is waited for
    /// ([`retry_in_use`]), and from here on it is deleted when this value is dropped.
    pub fn open(path: &Path) -> io::Result<Doomed> {
        let name = path.file_name().ok_or_else(not_a_regular_file)?.to_owned();
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        #[cfg(unix)]
        {
            use rustix::fs::{AtFlags, FileType, Mode, OFlags};
            let dir = rustix::fs::open(
                &folder,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            )?;
            let seen = rustix::fs::statat(&dir, &name, AtFlags::SYMLINK_NOFOLLOW)?;
            if FileType::from_raw_mode(seen.st_mode) != FileType::RegularFile {
                return Err(not_a_regular_file());
            }
            let flags = OFlags::WRONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
            let fd = match rustix::fs::openat(&dir, &name, flags, Mode::empty()) {
                Ok(fd) => fd,
                // A link (ELOOP) or a FIFO without a reader (ENXIO) put in the file's place.
                Err(rustix::io::Errno::LOOP | rustix::io::Errno::NXIO) => {
                    return Err(not_a_regular_file());
                }
                Err(e) => return Err(e.into()),
            };
            let opened = rustix::fs::fstat(&fd)?;
            if FileType::from_raw_mode(opened.st_mode) != FileType::RegularFile
                || (opened.st_dev, opened.st_ino) != (seen.st_dev, seen.st_ino)
            {
                return Err(not_a_regular_file());
            }
            Ok(Doomed { file: File::from(fd), folder, name, dir })
        }
        #[cfg(windows)]
        {
            use std::os::windows::fs::OpenOptionsExt;
            use windows_flags as w;
            let file = retry_in_use(|| {
                OpenOptions::new()
                    .read(true)
                    .write(true)
                    .access_mode(w::GENERIC_READ | w::GENERIC_WRITE | w::DELETE)
                    .share_mode(0)
                    .custom_flags(w::OPEN_REPARSE_POINT | w::DELETE_ON_CLOSE)
                    .open(path)
            })?;
            // A link opened as itself is not a file: refused, and only the link goes on close.
            if !file.metadata()?.file_type().is_file() {
                return Err(not_a_regular_file());
            }
            Ok(Doomed { file, folder, name })
        }
        #[cfg(not(any(unix, windows)))]
        {
            let _ = (name, folder);
            Err(io::Error::from(io::ErrorKind::Unsupported))
        }
    }

    /// The open file: write, flush, truncate through it.
    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// Where the file is now (its folder and current name), for what is shown and observed.
    pub fn path(&self) -> PathBuf {
        self.folder.join(&self.name)
    }

    /// Renames the file to `new_name` in its folder, relative to the folder handle, when its
    /// name still names this file and `new_name` is free. Only where [`WIPE_RENAMES`].
    pub fn rename(&mut self, new_name: &std::ffi::OsStr) -> io::Result<NameStep> {
        #[cfg(unix)]
        {
            use rustix::fs::AtFlags;
            match rustix::fs::statat(&self.dir, new_name, AtFlags::SYMLINK_NOFOLLOW) {
                Err(rustix::io::Errno::NOENT) => {}
                Ok(_) => return Ok(NameStep::Taken),
                Err(e) => return Err(e.into()),
            }
            if !self.still_named()? {
                return Ok(NameStep::NotOurs);
            }
            rustix::fs::renameat(&self.dir, &self.name, &self.dir, new_name)?;
            self.name = new_name.to_owned();
            Ok(NameStep::Done)
        }
        #[cfg(not(unix))]
        {
            let _ = new_name;
            Err(io::Error::from(io::ErrorKind::Unsupported))
        }
    }

    /// Removes the file and flushes its folder. Unix: `unlinkat` relative to the folder handle,
    /// only while the name is still this file ([`NameStep::NotOurs`] otherwise, name untouched).
    /// Windows: closes the handle, which deletes the file, then checks that the name is gone
    /// ([`NameStep::Remains`] if not: the file is empty, its name still there).
    pub fn remove(self) -> io::Result<NameStep> {
        #[cfg(unix)]
        {
            if !self.still_named()? {
                return Ok(NameStep::NotOurs);
            }
            rustix::fs::unlinkat(&self.dir, &self.name, rustix::fs::AtFlags::empty())?;
            drop(self.file);
            match rustix::fs::fsync(&self.dir) {
                // File systems that cannot sync a folder (see sync_dir).
                Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOTSUP) | Ok(()) => {}
                Err(e) => return Err(e.into()),
            }
            Ok(NameStep::Done)
        }
        #[cfg(not(unix))]
        {
            let path = self.path();
            drop(self.file);
            match fs::symlink_metadata(&path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Ok(_) => return Ok(NameStep::Remains),
                Err(e) => return Err(e),
            }
            sync_dir(&self.folder)?;
            Ok(NameStep::Done)
        }
    }

    /// Whether the file's current name, looked at relative to the folder handle without
    /// following a link, is still the open file (device and inode).
    #[cfg(unix)]
    fn still_named(&self) -> io::Result<bool> {
        use rustix::fs::{AtFlags, FileType};
        let named = match rustix::fs::statat(&self.dir, &self.name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(named) => named,
            Err(rustix::io::Errno::NOENT) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        let open = rustix::fs::fstat(&self.file)?;
        Ok(FileType::from_raw_mode(named.st_mode) == FileType::RegularFile
            && (named.st_dev, named.st_ino) == (open.st_dev, open.st_ino))
    }
}

fn not_a_regular_file() -> io::Error {
    io::Error::from(io::ErrorKind::InvalidInput)
}

/// Where [`state_dir`] would be, for a message when the environment does not say.
pub const STATE_DIR_HINT: &str =
    if cfg!(windows) { r"%LOCALAPPDATA%\sigillo" } else { "~/.local/state/sigillo" };

/// The user's own folder for sigillo's state, which other users of the PC cannot write:
/// `%LOCALAPPDATA%\sigillo` on Windows, `$XDG_STATE_HOME/sigillo` or `~/.local/state/sigillo`
/// elsewhere. `None` when the environment does not say (then nothing is kept there).
pub fn state_dir() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    #[cfg(windows)]
    {
        std::env::var_os("LOCALAPPDATA").and_then(absolute).map(|d| d.join("sigillo"))
    }
    #[cfg(not(windows))]
    {
        std::env::var_os("XDG_STATE_HOME")
            .and_then(absolute)
            .or_else(|| std::env::var_os("HOME").and_then(absolute).map(|h| h.join(".local/state")))
            .map(|d| d.join("sigillo"))
    }
}

/// Whether `path` is on a removable volume (a USB stick, a memory card), by the longest mount
/// point that holds it among the system's [`volumes`] (Windows: `GetDriveTypeW` says
/// `DRIVE_REMOVABLE`; Linux: the block device's `removable` flag). `None` when the system does
/// not say (no volume list, no mount point holds the path): callers treat that as not removable.
pub fn is_removable(path: &Path) -> Option<bool> {
    let path = fs::canonicalize(path).ok()?;
    let path = strip_verbatim(&path);
    if volume_of_path_is_removable(&path) == Some(true) {
        return Some(true);
    }
    volumes()
        .into_iter()
        .filter(|(mount, _)| is_within(&path, mount))
        .max_by_key(|(mount, _)| mount.components().count())
        .map(|(_, removable)| removable)
}

/// Whether the volume holding `path` (canonical, existing) is removable, asked of the system
/// for that path itself rather than by comparing mount point names. Windows: `GetDriveTypeW` on
/// the root `GetVolumePathNameW` gives for the path (a drive letter, or the folder a volume is
/// mounted on) says `DRIVE_REMOVABLE`. Linux: the block device of the path's file system
/// (`st_dev`, through `/sys/dev/block/MAJOR:MINOR`; a partition's disk is the folder above it)
/// has `removable` = 1, or hangs below a USB controller (USB disks and some sticks say 0). `None`
/// where the system does not say (no block device: tmpfs, FUSE, network shares).
fn volume_of_path_is_removable(path: &Path) -> Option<bool> {
    #[cfg(windows)]
    {
        let root = winsafe::GetVolumePathName(path.to_str()?).ok()?;
        Some(winsafe::GetDriveType(Some(&root)) == winsafe::co::DRIVE::REMOVABLE)
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let dev = fs::metadata(path).ok()?.dev();
        let (major, minor) = (rustix::fs::major(dev), rustix::fs::minor(dev));
        let device = fs::canonicalize(format!("/sys/dev/block/{major}:{minor}")).ok()?;
        let disk = match device.join("partition").exists() {
            true => device.parent()?.to_owned(),
            false => device,
        };
        let flag = fs::read_to_string(disk.join("removable")).ok()?;
        let on_usb = disk.components().any(|c| c.as_os_str().to_string_lossy().starts_with("usb"));
        Some(flag.trim() == "1" || on_usb)
    }
    #[cfg(not(any(windows, target_os = "linux")))]
    {
        let _ = path;
        None
    }
}

/// A folder's identity, from a handle opened on it (following links: the folder files would
/// land in): device and inode on Unix, volume serial number and file index on Windows. Two
/// paths name one folder when their identities are equal, however they are spelled.
pub fn folder_identity(path: &Path) -> io::Result<(u64, u64)> {
    use cap_fs_ext::MetadataExt;
    let dir = cap_std::fs::Dir::open_ambient_dir(path, cap_std::ambient_authority())?;
    let meta = dir.dir_metadata()?;
    Ok((meta.dev(), meta.ino()))
}

/// The volume holding `path` (an existing folder): the device on Unix, the volume serial number
/// on Windows (the first half of [`folder_identity`]). `None` when it cannot be opened.
pub fn volume_id(path: &Path) -> Option<u64> {
    folder_identity(path).ok().map(|(volume, _)| volume)
}

/// The system volume: the one holding the Windows folder (`GetSystemDirectoryW`, compared by
/// [`volume_id`], never by its letter). `None` elsewhere, and when Windows does not say: then
/// no volume is taken for the system's (the safe side: the stick check refuses more, not less).
pub fn system_volume() -> Option<u64> {
    #[cfg(windows)]
    {
        let system = winsafe::GetSystemDirectory().ok()?;
        volume_id(Path::new(&system))
    }
    #[cfg(not(windows))]
    {
        None
    }
}

/// Whether the whole volume sigillo runs from counts as the stick when it is not the system
/// volume. Windows: yes, since a USB disk or many USB 3 sticks say `DRIVE_FIXED`, and no safe
/// call asks the bus (no `DeviceIoControl` without `unsafe`). Linux: no, the bus is asked
/// ([`is_removable`]: a device below a USB controller is removable), and a second internal
/// disk is common.
pub const WHOLE_PROGRAM_VOLUME_IS_STICK: bool = cfg!(windows);

/// The mount points of the removable volumes (USB sticks, memory cards): `E:\` on Windows
/// (`GetDriveTypeW` says `DRIVE_REMOVABLE`), `/media/...` on Linux. Empty when the system does
/// not say.
pub fn removable_mount_points() -> Vec<PathBuf> {
    volumes().into_iter().filter(|(_, removable)| *removable).map(|(mount, _)| mount).collect()
}

/// Every volume the system lists, with whether it is removable: sysinfo's disk list and, on
/// Windows, every drive letter with the type `GetDriveTypeW` gives its root (`E:\`). sysinfo
/// asks `GetDriveTypeW` on each volume's `\\?\Volume{…}\` name, which Wine 8 answers with 0
/// (unknown), so it lists nothing there; asked on the letter, Wine answers as Windows does, and
/// the Wine test can show the stick and other sticks as removable. Only the list is read: asking
/// a network drive for its free space can take seconds.
fn volumes() -> Vec<(PathBuf, bool)> {
    use sysinfo::{DiskRefreshKind, Disks};
    #[cfg_attr(not(windows), allow(unused_mut))]
    let mut found: Vec<(PathBuf, bool)> =
        Disks::new_with_refreshed_list_specifics(DiskRefreshKind::nothing())
            .map(|disks| {
                disks
                    .iter()
                    .map(|disk| (strip_verbatim(disk.mount_point()), disk.is_removable()))
                    .collect()
            })
            .unwrap_or_default();
    #[cfg(windows)]
    for root in winsafe::GetLogicalDriveStrings().unwrap_or_default() {
        let removable = winsafe::GetDriveType(Some(&root)) == winsafe::co::DRIVE::REMOVABLE;
        let root = PathBuf::from(root);
        if !found.iter().any(|(mount, _)| same_path(mount, &root)) {
            found.push((root, removable));
        }
    }
    found
}

/// Whether `path` is `root` or below it, component by component ([`same_component`]: Windows
/// file names are case-insensitive). Both as written: canonicalize both first, alike.
pub fn is_within(path: &Path, root: &Path) -> bool {
    let mut parts = path.components();
    root.components().all(|r| parts.next().is_some_and(|p| same_component(p, r)))
}

/// Whether two paths name the same place, component by component ([`is_within`]).
pub fn same_path(a: &Path, b: &Path) -> bool {
    a.components().count() == b.components().count() && is_within(a, b)
}

/// `\\?\C:\x` as `C:\x` (what `canonicalize` gives on Windows, and what mount points are not).
fn strip_verbatim(path: &Path) -> PathBuf {
    let text = path.to_string_lossy();
    match text.strip_prefix(r"\\?\") {
        Some(rest) if cfg!(windows) && rest.as_bytes().get(1) == Some(&b':') => PathBuf::from(rest),
        _ => path.to_owned(),
    }
}

/// Keeps secrets out of crash dumps: called first thing at start, before any secret is read.
///
/// A core dump holds the whole memory of the process: the password, the passphrase and the
/// decrypted key files while they are in use. On Linux the core-file limit is set to 0 (soft
/// and hard, so nothing later in this process can raise it) and the process is marked not
/// dumpable, which also stops another process of the same user from attaching a debugger or
/// reading `/proc/<pid>/mem`. Other Unix systems get the limit only. On Windows no safe crate
/// excludes a process from Windows Error Reporting: a crash there may still be dumped when
/// the PC's administrator has turned on WER "LocalDumps" (off by default); README says so.
/// Failures are ignored: a hardening that cannot be applied must not stop the program.
pub fn harden_process() {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, setrlimit};
        let _ = setrlimit(Resource::Core, Rlimit { current: Some(0), maximum: Some(0) });
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::process::{DumpableBehavior, set_dumpable_behavior};
        let _ = set_dumpable_behavior(DumpableBehavior::NotDumpable);
    }
}

/// The terminal's settings at start (Unix: the controlling terminal's termios), saved by
/// [`save_terminal_modes`] before any prompt changes them.
#[cfg(unix)]
static TERMINAL_MODES: std::sync::OnceLock<rustix::termios::Termios> = std::sync::OnceLock::new();

/// Saves the terminal's settings, so that [`restore_terminal_modes`] can give them back when the
/// program is interrupted in the middle of a secret prompt (which turns echo off: without this
/// the shell would be left not showing what is typed). Nothing without a terminal. On Windows
/// nothing either: the console's input mode belongs to the console, and the shell that started
/// sigillo sets its own again when it reads its next command.
pub fn save_terminal_modes() {
    #[cfg(unix)]
    if let Ok(tty) = OpenOptions::new().read(true).write(true).open("/dev/tty")
        && let Ok(modes) = rustix::termios::tcgetattr(&tty)
    {
        let _ = TERMINAL_MODES.set(modes);
    }
}

/// Puts back the settings [`save_terminal_modes`] saved (echo above all).
pub fn restore_terminal_modes() {
    #[cfg(unix)]
    if let Some(modes) = TERMINAL_MODES.get()
        && let Ok(tty) = OpenOptions::new().read(true).write(true).open("/dev/tty")
    {
        let _ = rustix::termios::tcsetattr(&tty, rustix::termios::OptionalActions::Now, modes);
    }
}

/// The terminal itself, for showing a secret: `/dev/tty` on Unix (the controlling terminal,
/// whatever standard output was redirected to); on Windows the console: standard output when
/// it is the console, otherwise `CONOUT$`, the console's own screen buffer.
pub enum Terminal {
    Device(File),
    #[cfg(windows)]
    Stdout(io::Stdout),
}

impl Terminal {
    /// Opens the terminal; fails when there is none (a pipe, a service, no console).
    pub fn open() -> io::Result<Terminal> {
        #[cfg(unix)]
        {
            OpenOptions::new().write(true).open("/dev/tty").map(Terminal::Device)
        }
        #[cfg(windows)]
        {
            if io::IsTerminal::is_terminal(&io::stdout()) {
                // std writes to a console with WriteConsoleW: accented letters come out right.
                return Ok(Terminal::Stdout(io::stdout()));
            }
            let conout = OpenOptions::new().read(true).write(true).open("CONOUT$")?;
            // A console opened by name exists even without a window in some setups: only a
            // real console counts.
            if !io::IsTerminal::is_terminal(&conout) {
                return Err(io::ErrorKind::NotFound.into());
            }
            // Multi-row clearing uses an ANSI escape: ask the console to honour it.
            let _ = anstyle_query::windows::enable_virtual_terminal_processing();
            Ok(Terminal::Device(conout))
        }
        #[cfg(not(any(unix, windows)))]
        {
            Err(io::ErrorKind::Unsupported.into())
        }
    }

    /// Columns of the console, when the system says.
    pub fn width(&self) -> Option<u16> {
        let size = match self {
            Terminal::Device(file) => terminal_size::terminal_size_of(file),
            #[cfg(windows)]
            Terminal::Stdout(stdout) => terminal_size::terminal_size_of(stdout),
        };
        size.map(|(terminal_size::Width(w), _)| w).filter(|w| *w > 0)
    }
}

impl io::Write for Terminal {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Terminal::Device(file) => file.write(buf),
            #[cfg(windows)]
            Terminal::Stdout(stdout) => stdout.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Terminal::Device(file) => file.flush(),
            #[cfg(windows)]
            Terminal::Stdout(stdout) => stdout.flush(),
        }
    }
}

/// Opens a folder as a handle without following a link in its last component: on Unix
/// `O_DIRECTORY | O_NOFOLLOW` (a link fails with `ELOOP`); on Windows the name is opened as itself
/// (`FILE_FLAG_OPEN_REPARSE_POINT`, with `FILE_FLAG_BACKUP_SEMANTICS` for a folder) and a
/// symbolic link or junction found there is refused ([`is_link_refusal`] says so for both).
pub fn open_dir_no_follow(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags((OFlags::NOFOLLOW | OFlags::DIRECTORY).bits() as i32);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
        const FILE_FLAG_BACKUP_SEMANTICS: u32 = 0x0200_0000;
        options.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        // Linux answers ENOTDIR, not ELOOP, for a link opened with O_DIRECTORY | O_NOFOLLOW.
        Err(e) if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) => {
            let _ = e;
            return Err(io::Error::from_raw_os_error(LINK_REFUSED));
        }
        Err(e) => return Err(e),
    };
    let kind = file.metadata()?.file_type();
    if kind.is_symlink() {
        return Err(io::Error::from_raw_os_error(LINK_REFUSED));
    }
    if !kind.is_dir() {
        return Err(io::Error::new(io::ErrorKind::NotADirectory, "not a folder"));
    }
    Ok(file)
}

/// The OS error a no-follow open answers when it finds a link: `ELOOP` on Unix,
/// `ERROR_STOPPED_ON_SYMLINK` (681) on Windows.
#[cfg(unix)]
const LINK_REFUSED: i32 = rustix::io::Errno::LOOP.raw_os_error();
#[cfg(not(unix))]
const LINK_REFUSED: i32 = 681;

/// Whether an open failed because it would have followed a link (see [`open_dir_no_follow`];
/// on Windows also cap-std's `ERROR_TOO_MANY_LINKS`, 1142).
pub fn is_link_refusal(error: &io::Error) -> bool {
    let code = error.raw_os_error();
    code == Some(LINK_REFUSED) || (cfg!(windows) && code == Some(1142))
}

/// Renames `from` in `from_dir` to `to` in `to_dir`, both relative to their folder handles, never
/// replacing an existing `to` (`AlreadyExists`). Linux: `renameat2` with `RENAME_NOREPLACE`, which
/// the kernel does atomically; where the file system does not support it (and on other systems)
/// the destination is looked at first: callers hold the key folder's lock, so no other sigillo
/// can take the name in between.
pub fn rename_no_replace(
    from_dir: &cap_std::fs::Dir,
    from: &str,
    to_dir: &cap_std::fs::Dir,
    to: &str,
) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{RenameFlags, renameat_with};
        match renameat_with(from_dir, from, to_dir, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    match to_dir.symlink_metadata(to) {
        Ok(_) => return Err(io::ErrorKind::AlreadyExists.into()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    from_dir.rename(from, to_dir, to)
}

/// Whether an open failed because it would wait for a reader: a FIFO opened for writing without
/// blocking (`ENXIO` on Unix). Never on Windows.
pub fn is_no_reader(error: &io::Error) -> bool {
    #[cfg(unix)]
    {
        error.raw_os_error() == Some(rustix::io::Errno::NXIO.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

/// Flushes an open folder's entries to the device, as [`sync_dir`] does by name (the same
/// refusals are harmless), through the handle: the folder that was checked, whatever its name
/// names now (Unix).
#[cfg(unix)]
fn sync_dir_handle(folder: File) -> io::Result<()> {
    match folder.sync_all() {
        Err(e) if matches!(e.kind(), io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported) => {
            Ok(())
        }
        other => other,
    }
}

/// Flushes the entries of the folder open as `dir` (named `path`) to the device. On Unix through
/// its handle (`.` opened relative to it: never by its name, which may name another folder by
/// now); on Windows a folder is flushed only through a handle with write access, so by its name
/// ([`sync_dir`]): at worst another folder is flushed, never one written.
pub fn sync_folder(dir: &cap_std::fs::Dir, path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use rustix::fs::{Mode, OFlags};
        let _ = path;
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let here = rustix::fs::openat(dir, ".", flags, Mode::empty())?;
        sync_dir_handle(File::from(here))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        sync_dir(path)
    }
}

/// Makes the folder `builder` creates owner-only: `0700` on Unix; on Windows it inherits its
/// parent's ACL, as every folder sigillo makes.
pub fn owner_only_dir(builder: &mut fs::DirBuilder) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    #[cfg(not(unix))]
    let _ = builder;
}

/// Makes the file `options` creates owner-only: `0600` on Unix; on Windows it inherits its
/// folder's ACL.
pub fn owner_only_file(options: &mut OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = options;
}

/// [`owner_only_dir`] for a folder made relative to a folder handle (cap-std).
pub fn owner_only_dir_at(builder: &mut cap_std::fs::DirBuilder) {
    #[cfg(unix)]
    {
        use cap_std::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    #[cfg(not(unix))]
    let _ = builder;
}

/// [`owner_only_file`] for a file made relative to a folder handle (cap-std).
pub fn owner_only_file_at(options: &mut cap_std::fs::OpenOptions) {
    #[cfg(unix)]
    {
        use cap_std::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = options;
}

/// Makes an open relative to a folder handle (cap-std) not wait: on Unix `O_NONBLOCK`, so a FIFO
/// put in a file's place opens at once (or fails) and the caller refuses it by type; no effect
/// on regular files. Nothing to do on Windows, which has no FIFOs in folders.
pub fn without_waiting_at(options: &mut cap_std::fs::OpenOptions) {
    #[cfg(unix)]
    {
        use cap_std::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    #[cfg(not(unix))]
    let _ = options;
}

/// Whether two open folders are on the same volume: device numbers on Unix, volume serial
/// numbers on Windows (from the handles).
pub fn same_volume(a: &cap_std::fs::Dir, b: &cap_std::fs::Dir) -> io::Result<bool> {
    use cap_fs_ext::MetadataExt;
    Ok(a.dir_metadata()?.dev() == b.dir_metadata()?.dev())
}

/// The name of the user running sigillo, as the environment says (`USERNAME` on Windows, `USER`
/// elsewhere): shown to another run that finds the key folder locked.
pub fn user_name() -> Option<String> {
    let variable = if cfg!(windows) { "USERNAME" } else { "USER" };
    std::env::var_os(variable).map(|v| v.to_string_lossy().into_owned()).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn opening_for_write_never_follows_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("tesi.txt");
        fs::write(&target, b"mia").unwrap();
        let link = dir.path().join("v.age");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(open_write_no_follow(&link).is_err());
        assert!(open_write_no_follow(&target).is_ok());
    }

    /// An operation that fails `failures` times with Windows error `code`, then succeeds.
    fn failing(
        failures: usize,
        code: i32,
    ) -> (impl FnMut() -> io::Result<()>, std::rc::Rc<std::cell::Cell<usize>>) {
        let calls = std::rc::Rc::new(std::cell::Cell::new(0));
        let counter = calls.clone();
        let op = move || {
            counter.set(counter.get() + 1);
            if counter.get() <= failures { Err(io::Error::from_raw_os_error(code)) } else { Ok(()) }
        };
        (op, calls)
    }

    #[test]
    fn a_file_held_for_a_moment_is_moved_after_retrying() {
        for code in [32, 33, 5] {
            let (op, calls) = failing(4, code);
            let mut slept = Duration::ZERO;
            retry_while_in_use(op, true, IN_USE_PATIENCE, |d| slept += d).unwrap();
            assert_eq!(calls.get(), 5, "error {code}");
            // 50 + 100 + 200 + 400 ms of backoff, well inside the patience.
            assert_eq!(slept, Duration::from_millis(750));
        }
    }

    #[test]
    fn a_file_held_too_long_gives_up_after_about_two_seconds() {
        let (op, calls) = failing(usize::MAX, 32);
        let mut slept = Duration::ZERO;
        let error = retry_while_in_use(op, true, IN_USE_PATIENCE, |d| slept += d).unwrap_err();
        assert_eq!(error.raw_os_error(), Some(32), "the last error is returned as it is");
        assert_eq!(slept, IN_USE_PATIENCE);
        assert!(calls.get() > 3 && calls.get() < 12, "tried {} times", calls.get());
    }

    #[test]
    fn other_errors_and_unix_are_never_retried() {
        // 2 ERROR_FILE_NOT_FOUND is not "in use".
        let (op, calls) = failing(1, 2);
        retry_while_in_use(op, true, IN_USE_PATIENCE, |_| panic!("slept")).unwrap_err();
        assert_eq!(calls.get(), 1);
        // On Unix 32 is EPIPE: not a reason to wait.
        let (op, calls) = failing(1, 32);
        retry_while_in_use(op, false, IN_USE_PATIENCE, |_| panic!("slept")).unwrap_err();
        assert_eq!(calls.get(), 1);
    }

    #[test]
    fn only_sharing_and_lock_violations_mean_in_use() {
        assert!(sharing_code(Some(32)) && sharing_code(Some(33)));
        assert!(!sharing_code(Some(5)) && !sharing_code(Some(2)) && !sharing_code(None));
        assert_eq!(is_in_use(&io::Error::from_raw_os_error(32)), cfg!(windows));
    }

    #[test]
    fn a_folder_flush_refused_by_fat_or_rights_is_not_a_failure() {
        for code in [1, 5, 50, 87] {
            assert!(flush_refusal_is_harmless(Some(code)), "{code}");
        }
        // A failing device (23 ERROR_CRC, 1117 ERROR_IO_DEVICE) is.
        assert!(!flush_refusal_is_harmless(Some(23)));
        assert!(!flush_refusal_is_harmless(Some(1117)));
        assert!(!flush_refusal_is_harmless(None));
    }

    #[test]
    fn only_access_denied_on_windows_asks_for_the_administrator() {
        assert!(administrator_would_help(true, Some(5)));
        // Write-protected stick, disk full, no error at all, or Unix's EIO (also 5).
        assert!(!administrator_would_help(true, Some(19)));
        assert!(!administrator_would_help(true, Some(112)));
        assert!(!administrator_would_help(true, None));
        assert!(!administrator_would_help(false, Some(5)));
        let dir = tempfile::tempdir().unwrap();
        assert!(!needs_administrator(dir.path()));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "the probe is gone");
    }

    #[test]
    fn a_virtual_store_copy_names_the_folder_it_stands_in_for() {
        let store = Path::new("/u/AppData/Local/VirtualStore");
        let drive = Path::new("/c");
        assert_eq!(
            original_in_store(
                Path::new("/u/AppData/Local/VirtualStore/Program Files (x86)/SOGEI"),
                store,
                drive
            ),
            Some(PathBuf::from("/c/Program Files (x86)/SOGEI"))
        );
        assert_eq!(
            original_in_store(
                Path::new("/u/AppData/Local/VirtualStore/program files/SOGEI/x"),
                store,
                drive
            ),
            Some(PathBuf::from("/c/program files/SOGEI/x"))
        );
        // Outside the store, or a store folder Windows does not virtualise: no note.
        assert_eq!(original_in_store(Path::new("/c/Program Files/SOGEI"), store, drive), None);
        assert_eq!(
            original_in_store(Path::new("/u/AppData/Local/VirtualStore/Dati/SOGEI"), store, drive),
            None
        );
        assert_eq!(original_in_store(store, store, drive), None);
        // Only Windows has a VirtualStore.
        if !cfg!(windows) {
            let copy = Path::new("/u/AppData/Local/VirtualStore/Program Files/SOGEI");
            assert_eq!(virtual_store_original(copy), None);
        }
    }

    #[test]
    fn a_folder_can_be_flushed() {
        let dir = tempfile::tempdir().unwrap();
        sync_dir(dir.path()).unwrap();
    }

    #[test]
    fn a_path_is_within_a_mount_point_by_whole_components() {
        let root = std::env::temp_dir();
        assert!(is_within(&root.join("a").join("b"), &root));
        assert!(is_within(&root, &root));
        let sibling = PathBuf::from(format!("{}x", root.display()));
        assert!(!is_within(&sibling, &root));
        assert!(!is_within(&root, &root.join("a")));
    }

    #[test]
    fn one_folder_has_one_identity_however_it_is_spelled() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("a");
        fs::create_dir(&inner).unwrap();
        let dotted = dir.path().join("a").join("..").join("a");
        assert_eq!(folder_identity(&inner).unwrap(), folder_identity(&dotted).unwrap());
        assert_ne!(folder_identity(&inner).unwrap(), folder_identity(dir.path()).unwrap());
        assert!(folder_identity(&dir.path().join("assente")).is_err());
    }

    #[test]
    fn a_simulated_sharing_violation_is_in_use_and_retried_on_every_os() {
        assert!(is_in_use(&HeldOpen::error()));
        assert!(!is_in_use(&io::Error::from(io::ErrorKind::ResourceBusy)));
        let mut calls = 0;
        let mut slept = Duration::ZERO;
        let result = retry_while_in_use(
            || {
                calls += 1;
                if calls <= 3 { Err(HeldOpen::error()) } else { Ok(()) }
            },
            false,
            IN_USE_PATIENCE,
            |d| slept += d,
        );
        result.unwrap();
        assert_eq!(calls, 4);
        assert_eq!(slept, Duration::from_millis(350));
    }

    #[test]
    fn removable_asks_the_disk_list_and_never_guesses_yes_for_a_missing_path() {
        assert_eq!(is_removable(Path::new("/definitely/not/here")), None);
        // Whatever the system says about the temporary folder, asking does not fail or hang.
        let _ = is_removable(&std::env::temp_dir());
    }

    #[cfg(unix)]
    #[test]
    fn a_doomed_file_is_renamed_and_removed_only_while_its_name_is_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        fs::write(&path, b"x").unwrap();
        let mut doomed = Doomed::open(&path).unwrap();
        assert_eq!(link_count(doomed.file()).unwrap(), 1);
        fs::write(dir.path().join("taken"), b"t").unwrap();
        assert_eq!(doomed.rename("taken".as_ref()).unwrap(), NameStep::Taken);
        assert_eq!(fs::read(dir.path().join("taken")).unwrap(), b"t");
        assert_eq!(doomed.rename("b".as_ref()).unwrap(), NameStep::Done);
        assert_eq!(doomed.path(), dir.path().join("b"));
        // Swapped for another file: neither renamed nor removed.
        fs::remove_file(dir.path().join("b")).unwrap();
        fs::write(dir.path().join("b"), b"altro").unwrap();
        assert_eq!(doomed.rename("c".as_ref()).unwrap(), NameStep::NotOurs);
        assert_eq!(doomed.remove().unwrap(), NameStep::NotOurs);
        assert_eq!(fs::read(dir.path().join("b")).unwrap(), b"altro");
    }

    #[cfg(unix)]
    #[test]
    fn a_doomed_file_is_removed_from_the_folder_it_was_opened_in() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("prima");
        fs::create_dir(&first).unwrap();
        fs::write(first.join("a"), b"x").unwrap();
        let doomed = Doomed::open(&first.join("a")).unwrap();
        // The folder's path is moved and another folder with a file "a" takes its place: the
        // removal acts on the folder opened, not on the path.
        let moved = dir.path().join("spostata");
        fs::rename(&first, &moved).unwrap();
        fs::create_dir(&first).unwrap();
        fs::write(first.join("a"), b"altro").unwrap();
        assert_eq!(doomed.remove().unwrap(), NameStep::Done);
        assert!(!moved.join("a").exists());
        assert_eq!(fs::read(first.join("a")).unwrap(), b"altro");
    }

    #[cfg(unix)]
    #[test]
    fn only_a_regular_file_is_doomed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("t");
        fs::write(&target, b"x").unwrap();
        let link = dir.path().join("l");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let fifo = dir.path().join("f");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
            0,
        )
        .unwrap();
        for path in [&link, &fifo, &dir.path().to_path_buf(), &PathBuf::from("/dev/null")] {
            let err = Doomed::open(path).err().unwrap();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{path:?}");
        }
        let err = Doomed::open(&dir.path().join("assente")).err().unwrap();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert_eq!(link_count_at(&target).unwrap(), 1);
        fs::hard_link(&target, dir.path().join("h")).unwrap();
        assert_eq!(link_count_at(&target).unwrap(), 2);
    }
}
