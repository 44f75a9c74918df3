//! archive: where old key sets go, and the audit log beside them.
//!
//! Old sets are never deleted: receipts encrypted for an old `UTEC.P12` can only be opened with
//! it. The office's own convention names the folder:
//! `Chiavi di Sicurezza Scadute/Chiavi <Soggetto> - Scadute al gg-mm-aaaa/`, in the key folder's
//! parent (inside the key folder when the parent is not writable). When the expiry cannot be
//! read the name says what the date really is (`Sostituite il gg-mm-aaaa`). An existing folder is
//! never reused: ` (2)`, ` (3)`… The audit log `sigillo-registro.txt` in the archive root gets one
//! line per operation, never a secret.
//!
//! sigillo never writes through a link here: an archive root or audit log that is a symbolic
//! link (or a Windows junction) is refused ([`check_root`]), and the log is opened without
//! following one.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::dates;
use crate::error::{Error, Hazard, Result};
use crate::keyset::KeyKind;
use crate::platform;
use crate::vault::CheckCode;

/// The archive root's name, the office convention.
pub const ROOT_NAME: &str = "Chiavi di Sicurezza Scadute";
/// The audit log's name, in the archive root.
pub const LOG_NAME: &str = "sigillo-registro.txt";

/// The archive root for a key folder: `--archive-dir` when given, else beside the key folder
/// when its parent is writable, else inside the key folder.
pub fn root_for(key_dir: &Path, explicit: Option<&Path>) -> PathBuf {
    if let Some(dir) = explicit {
        return dir.to_owned();
    }
    match key_dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() && writable(parent) => {
            parent.join(ROOT_NAME)
        }
        _ => key_dir.join(ROOT_NAME),
    }
}

/// True when a file can be created in `dir` (tried for real: permission bits, read-only media
/// and Windows ACLs all answer the same way).
pub fn writable(dir: &Path) -> bool {
    let root = dir.join(ROOT_NAME);
    let probe_in = if root.is_dir() { root.as_path() } else { dir };
    tempfile::Builder::new().prefix(".sigillo-probe-").tempdir_in(probe_in).is_ok()
}

/// The archive folder's name for a set. `expiry` is the old certificates' end of validity when
/// it could be read; otherwise the name says the set was replaced `today`.
pub fn folder_name(subject: &str, expiry: Option<NaiveDate>, today: NaiveDate) -> String {
    let subject = clean_subject(subject);
    let who = if subject.is_empty() { String::from("Chiavi") } else { format!("Chiavi {subject}") };
    match expiry {
        Some(date) => format!("{who} - Scadute al {}", dates::day(date)),
        None => format!("{who} - Sostituite il {}", dates::day(today)),
    }
}

/// A folder name free of what Windows forbids (`<>:"/\|?*`, control characters, trailing dots
/// and spaces), short enough for deep paths.
fn clean_subject(subject: &str) -> String {
    let cleaned: String = subject
        .chars()
        .map(|c| if c.is_control() || r#"<>:"/\|?*"#.contains(c) { ' ' } else { c })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut joined: String = words.join(" ").chars().take(80).collect();
    while joined.ends_with(['.', ' ']) {
        joined.pop();
    }
    joined
}

/// `root/name`, or `root/name (2)`, `(3)`… — the first that does not exist.
pub fn unused_folder(root: &Path, name: &str) -> PathBuf {
    let first = root.join(name);
    if !first.exists() {
        return first;
    }
    (2..).map(|n| root.join(format!("{name} ({n})"))).find(|p| !p.exists()).expect("unbounded")
}

/// Archived sets for a key folder: folders under either archive root that hold key files, newest
/// first (by the time the folder was made).
pub fn list(key_dir: &Path, explicit: Option<&Path>) -> Vec<PathBuf> {
    let mut roots = vec![root_for(key_dir, explicit), key_dir.join(ROOT_NAME)];
    if let Some(parent) = key_dir.parent() {
        roots.push(parent.join(ROOT_NAME));
    }
    roots.dedup();
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for root in roots {
        let Ok(entries) = fs::read_dir(&root) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_dir() || found.iter().any(|(_, p)| *p == path) {
                continue;
            }
            let holds_keys = fs::read_dir(&path)
                .into_iter()
                .flatten()
                .flatten()
                .any(|e| e.file_name().to_str().and_then(KeyKind::from_name).is_some());
            if holds_keys {
                let made =
                    entry.metadata().and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH);
                found.push((made, path));
            }
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    found.into_iter().map(|(_, p)| p).collect()
}

/// A key file as the audit log names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditFile {
    /// The file name.
    pub name: String,
    /// Its SHA-256, lower-case hex.
    pub sha256: String,
}

/// One line of the audit log. It renders itself (in Italian: the office reads the log in
/// Notepad) and can carry no secret: only names, hashes, folders and check codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditRecord {
    /// A vault's set was installed.
    Installed {
        key_dir: PathBuf,
        files: Vec<AuditFile>,
        /// Where the old set went; `None` on a first install.
        archive: Option<PathBuf>,
        check_code: CheckCode,
    },
    /// An install failed during the swap and was undone.
    InstallUndone { key_dir: PathBuf, check_code: CheckCode },
    /// An archived set was brought back.
    RolledBack {
        key_dir: PathBuf,
        files: Vec<AuditFile>,
        /// The archive folder it came from.
        from: PathBuf,
        /// Where the set taken out went; `None` when the folder was empty.
        archive: Option<PathBuf>,
    },
    /// The user told the Desktop Telematico check to ignore a process it took for the program
    /// (`--ignora-programma`); written just before the operation's own line.
    ProgramIgnored { key_dir: PathBuf, pid: u32, name: String, path: Option<PathBuf> },
}

impl AuditRecord {
    /// The line for a process the guard was told to ignore.
    pub fn program_ignored(key_dir: &Path, program: &crate::guard::RunningProgram) -> AuditRecord {
        AuditRecord::ProgramIgnored {
            key_dir: key_dir.to_owned(),
            pid: program.pid,
            name: program.name.clone(),
            path: program.path.clone(),
        }
    }
}

impl fmt::Display for AuditRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let files = |files: &[AuditFile]| {
            files
                .iter()
                .map(|a| format!("{} sha256={}", a.name, a.sha256))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let folder = |dir: &Option<PathBuf>| match dir {
            Some(dir) => format!("\"{}\"", dir.display()),
            None => "-".to_owned(),
        };
        match self {
            AuditRecord::Installed { key_dir, files: list, archive, check_code } => write!(
                f,
                "installazione | \"{}\" | {} | archivio {} | cassaforte {check_code}",
                key_dir.display(),
                files(list),
                folder(archive)
            ),
            AuditRecord::InstallUndone { key_dir, check_code } => write!(
                f,
                "installazione annullata | \"{}\" | cassaforte {check_code}",
                key_dir.display()
            ),
            AuditRecord::RolledBack { key_dir, files: list, from, archive } => write!(
                f,
                "ripristino | \"{}\" | {} | da \"{}\" | archivio {}",
                key_dir.display(),
                files(list),
                from.display(),
                folder(archive)
            ),
            AuditRecord::ProgramIgnored { key_dir, pid, name, path } => write!(
                f,
                "programma ignorato (--ignora-programma) | \"{}\" | processo {pid} {} | {}",
                key_dir.display(),
                crate::sanitize::escape(name),
                // Another process's image path: escaped, so it cannot forge a line of the log.
                match path {
                    Some(path) => format!("\"{}\"", crate::sanitize::shown(path)),
                    None => "-".to_owned(),
                }
            ),
        }
    }
}

/// Refuses an archive root, or an audit log in it, that is a link: sigillo would write the old
/// keys (or the log line) wherever the link points. A missing root or log is fine.
pub fn check_root(root: &Path) -> Result<()> {
    for path in [root.to_owned(), root.join(LOG_NAME)] {
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Error::Unsafe { path, hazard: Hazard::Link });
        }
    }
    Ok(())
}

/// Creates the archive root when it is missing, after [`check_root`].
pub fn make_root(root: &Path) -> Result<()> {
    check_root(root)?;
    fs::create_dir_all(root).map_err(Error::write(root))
}

/// Appends one record to the audit log in `root`, creating it when needed. Never through a
/// link: a linked root or log is [`Hazard::Link`], and the log is opened without following one.
pub fn log(root: &Path, record: &AuditRecord) -> Result<()> {
    make_root(root)?;
    let path = root.join(LOG_NAME);
    let mut file = platform::open_append_no_follow(&path).map_err(Error::write(&path))?;
    let meta = file.metadata().map_err(Error::write(&path))?;
    if !meta.is_file() {
        return Err(Error::Unsafe { path, hazard: Hazard::Link });
    }
    let stamp = dates::now_local().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    // CRLF: the office reads it in Notepad.
    write!(file, "{stamp} {record}\r\n").map_err(Error::write(&path))?;
    file.sync_all().map_err(Error::write(&path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn names_follow_the_office_convention_and_tell_the_truth() {
        let today = date("2026-11-22");
        assert_eq!(
            folder_name("STUDIO DEMO ROSSI", Some(date("2026-10-31")), today),
            "Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026"
        );
        assert_eq!(
            folder_name("STUDIO DEMO ROSSI", None, today),
            "Chiavi STUDIO DEMO ROSSI - Sostituite il 22-11-2026"
        );
        assert_eq!(folder_name("", None, today), "Chiavi - Sostituite il 22-11-2026");
    }

    #[test]
    fn subjects_cannot_make_bad_folder_names() {
        let today = date("2026-11-22");
        let name = folder_name("A/B\\C:D*?\"<>|\u{1b}E...", None, today);
        assert_eq!(name, "Chiavi A B C D E - Sostituite il 22-11-2026");
        assert!(!folder_name("../../etc", None, today).contains('/'));
    }

    #[test]
    fn existing_folders_are_never_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = unused_folder(dir.path(), "Chiavi X - Scadute al 31-10-2026");
        assert!(first.ends_with("Chiavi X - Scadute al 31-10-2026"));
        fs::create_dir(&first).unwrap();
        let second = unused_folder(dir.path(), "Chiavi X - Scadute al 31-10-2026");
        assert!(second.ends_with("Chiavi X - Scadute al 31-10-2026 (2)"));
        fs::create_dir(&second).unwrap();
        let third = unused_folder(dir.path(), "Chiavi X - Scadute al 31-10-2026");
        assert!(third.to_string_lossy().ends_with(" (3)"));
    }

    #[test]
    fn the_root_is_beside_the_key_folder_when_the_parent_is_writable() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("Entratel");
        fs::create_dir(&keys).unwrap();
        assert_eq!(root_for(&keys, None), dir.path().join(ROOT_NAME));
        let explicit = dir.path().join("altrove");
        assert_eq!(root_for(&keys, Some(&explicit)), explicit);
        // No probe folder is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_log_gets_one_line_per_record() {
        let dir = tempfile::tempdir().unwrap();
        let installed = AuditRecord::Installed {
            key_dir: "/pc/Entratel".into(),
            files: vec![AuditFile { name: "UTEF.P12".into(), sha256: "ab".into() }],
            archive: None,
            check_code: CheckCode::of(b"vault"),
        };
        log(dir.path(), &installed).unwrap();
        let undone = AuditRecord::InstallUndone {
            key_dir: "/pc/Entratel".into(),
            check_code: CheckCode::of(b"vault"),
        };
        log(dir.path(), &undone).unwrap();
        let text = fs::read_to_string(dir.path().join(LOG_NAME)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        let code = CheckCode::of(b"vault");
        assert!(
            lines[0].ends_with(&format!(
                "installazione | \"/pc/Entratel\" | UTEF.P12 sha256=ab | archivio - | cassaforte {code}"
            )),
            "{}",
            lines[0]
        );
        assert!(lines[1].contains("installazione annullata"));
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_log_or_root_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let record = AuditRecord::InstallUndone {
            key_dir: "/pc/Entratel".into(),
            check_code: CheckCode::of(b"vault"),
        };
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"mio").unwrap();
        let root = dir.path().join(ROOT_NAME);
        fs::create_dir(&root).unwrap();
        std::os::unix::fs::symlink(&victim, root.join(LOG_NAME)).unwrap();
        let err = log(&root, &record).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::Link, .. }), "{err:?}");
        assert_eq!(fs::read(&victim).unwrap(), b"mio");

        let elsewhere = dir.path().join("altrove");
        fs::create_dir(&elsewhere).unwrap();
        let linked_root = dir.path().join("radice");
        std::os::unix::fs::symlink(&elsewhere, &linked_root).unwrap();
        let err = log(&linked_root, &record).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::Link, .. }), "{err:?}");
        assert!(make_root(&linked_root).is_err());
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn the_log_is_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let record = AuditRecord::InstallUndone {
            key_dir: "/pc/Entratel".into(),
            check_code: CheckCode::of(b"vault"),
        };
        log(dir.path(), &record).unwrap();
        let mode = fs::metadata(dir.path().join(LOG_NAME)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
