//! platform: the few things Windows and Unix do differently, behind the same functions on both.
//!
//! Flushing a folder, opening a file without following a link, telling whether two open files
//! are one, where key folders usually live, comparing path components, and the name of the
//! process that started us. Everything OS-specific in sigillo lives here (ripgrep keeps its
//! console and process details apart the same way), so the steps read the same on every OS.
//! This module never prints and never decides policy: it answers questions about the system.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Component, Path, PathBuf};

/// Flushes a folder's entries (creations, renames, deletions) to the device.
///
/// On Unix a folder opens like a file and `fsync` on it commits its entries; file systems that
/// cannot sync a folder answer `EINVAL`, which is not a failure (the entries are as durable as
/// that file system makes them). On Windows std cannot open a folder for `FlushFileBuffers`
/// without `FILE_FLAG_BACKUP_SEMANTICS` and write access; NTFS journals metadata and FAT writes
/// it through when a file is closed, so there this is a no-op.
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
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Opens an existing file for writing, without truncating it and, where the platform allows,
/// without following a link that appeared after the caller looked at the name (Windows:
/// `FILE_FLAG_OPEN_REPARSE_POINT` opens the link itself, which the caller then refuses by type).
pub fn open_write_no_follow(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
        options.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NOFOLLOW: a link in the last component fails the open (ELOOP) instead of being
        // followed to a file that belongs to someone else.
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    options.open(path)
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
        let known = [
            r"C:\Entratel",
            r"C:\SOGEI",
            r"C:\Programmi\SOGEI",
            r"C:\Program Files\SOGEI",
            r"C:\Program Files (x86)\SOGEI",
        ]
        .map(PathBuf::from)
        .to_vec();
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

    #[test]
    fn a_folder_can_be_flushed() {
        let dir = tempfile::tempdir().unwrap();
        sync_dir(dir.path()).unwrap();
    }
}
