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
use crate::disk;
use crate::error::{Error, Hazard, Result};
use crate::folder::{Folder, Kind};
use crate::hash::Sha256;
use crate::i18n::fl;
use crate::platform;
use crate::talk::WarningKind;
use crate::ui::Ui;
use crate::vault::CheckCode;

/// The archive root's name, the office convention.
pub const ROOT_NAME: &str = "Chiavi di Sicurezza Scadute";
/// The audit log's name, in the archive root.
pub const LOG_NAME: &str = "sigillo-registro.txt";

/// The archive root for a key folder: `--archive-dir` when given, else beside the key folder
/// when its parent is writable, else inside the key folder. Always one of [`root_places`].
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

/// Every place an archive root for a key folder may be, the one rule for where sigillo looks
/// for archived sets and which archive roots a journal may name: `--archive-dir` when given,
/// beside the key folder, inside it. [`root_for`] picks one of them.
pub fn root_places(key_dir: &Path, explicit: Option<&Path>) -> Vec<PathBuf> {
    let mut places: Vec<PathBuf> = explicit.map(Path::to_path_buf).into_iter().collect();
    if let Some(parent) = key_dir.parent() {
        places.push(parent.join(ROOT_NAME));
    }
    places.push(key_dir.join(ROOT_NAME));
    places
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

/// The archive folder's name for copies of the very keys being installed, replaced because
/// their password changed `today`: `Chiavi <Soggetto> - Password cambiata il gg-mm-aaaa`. Those
/// keys are still valid; a name that said "Scadute" would be false.
pub fn password_changed_name(subject: &str, today: NaiveDate) -> String {
    let subject = clean_subject(subject);
    let who = if subject.is_empty() { String::from("Chiavi") } else { format!("Chiavi {subject}") };
    format!("{who} - Password cambiata il {}", dates::day(today))
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

/// `root/name`, or `root/name (2)`, `(3)`…: the first that does not exist now. For what is
/// announced before asking; the folder itself is made later by an exclusive create
/// ([`Folder::create_unused_child`]), which takes the next free name should this one be taken.
pub fn first_free(root: &Path, name: &str) -> PathBuf {
    let first = root.join(name);
    if fs::symlink_metadata(&first).is_err() {
        return first;
    }
    (2..)
        .map(|n| root.join(format!("{name} ({n})")))
        .find(|p| fs::symlink_metadata(p).is_err())
        .expect("unbounded")
}

/// The name under which staged files that were never installed are set aside in the archive
/// root: they are the vault's copies, kept (sigillo never deletes a key file) but never taken
/// for an archived set.
pub fn set_aside_name(today: NaiveDate) -> String {
    format!("{SET_ASIDE_PREFIX}{}", dates::day(today))
}

const SET_ASIDE_PREFIX: &str = "Chiavi non installate il ";

/// Whether a folder in the archive root holds a set aside ([`set_aside_name`]), not an archived
/// set. [`folder_name`] and [`password_changed_name`] never make such a name: theirs end in
/// "Scadute al", "Sostituite il" or "Password cambiata il" and a date.
pub fn is_set_aside(name: &str) -> bool {
    name.starts_with(SET_ASIDE_PREFIX) && !name.contains(" - ")
}

/// Opens the archive root for a key folder ([`root_for`]), creating it when missing, without
/// following a link at any step it makes: beside the key folder it is created and opened through
/// the parent's handle, inside it through the key folder's own.
pub fn open_root(key: &Folder, explicit: Option<&Path>) -> Result<Folder> {
    let path = root_for(key.path(), explicit);
    if let Some(explicit) = explicit {
        if fs::symlink_metadata(explicit).is_err() {
            fs::create_dir_all(explicit).map_err(Error::write(explicit))?;
        }
        return Folder::open(explicit);
    }
    let parent_holder;
    let parent: &Folder = if path == key.path().join(ROOT_NAME) {
        key
    } else {
        parent_holder = Folder::open(disk::parent(&path))?;
        &parent_holder
    };
    match parent.create_child(ROOT_NAME) {
        Ok(root) => Ok(root),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => parent.open_child(ROOT_NAME),
        Err(e) => Err(Error::Write { path, source: e }),
    }
}

/// An archived set, open: its root, its folder's name there, and the folder.
#[derive(Debug)]
pub struct Archived {
    /// The archive root it is in.
    pub root: Folder,
    /// Its folder's name in the root.
    pub name: String,
    /// The folder.
    pub folder: Folder,
}

/// Archived sets for a key folder: folders under either archive root that hold key files, newest
/// first (by the time the folder was last changed). Never through a link: a root or a folder
/// that is a link is not listed; folders of sets set aside ([`is_set_aside`]) are not either.
pub fn sets(key_dir: &Path, explicit: Option<&Path>) -> Vec<Archived> {
    let mut found: Vec<(std::time::SystemTime, PathBuf, Archived)> = Vec::new();
    for root_path in root_places(key_dir, explicit) {
        let Ok(root) = Folder::open(&root_path) else { continue };
        let Ok(entries) = root.entries() else { continue };
        for (name, kind) in entries {
            let path = root.shown(&name);
            if kind != Kind::Folder || is_set_aside(&name) || found.iter().any(|f| f.1 == path) {
                continue;
            }
            let Ok(folder) = root.open_child(&name) else { continue };
            let holds_keys = crate::keyset::entries_in(&folder)
                .is_ok_and(|keys| keys.iter().any(|(.., kind)| *kind == Kind::File));
            if !holds_keys {
                continue;
            }
            let made = folder.modified().unwrap_or(std::time::UNIX_EPOCH);
            let Ok(root) = Folder::open(&root_path) else { continue };
            found.push((made, path, Archived { root, name, folder }));
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    found.into_iter().map(|(_, _, set)| set).collect()
}

/// The paths of [`sets`], newest first (for status).
pub fn list(key_dir: &Path, explicit: Option<&Path>) -> Vec<PathBuf> {
    sets(key_dir, explicit).into_iter().map(|set| set.folder.path().to_owned()).collect()
}

/// A key file as the audit log names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditFile {
    /// The file name.
    pub name: String,
    /// Its SHA-256 (lower-case hex in the log).
    pub sha256: Sha256,
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
    // The log is written after the swap: one that could not be written (a FIFO, a hard link of
    // a key file) is refused now, before anything moves; the open checks it again.
    let log = root.join(LOG_NAME);
    if let Ok(meta) = fs::symlink_metadata(&log)
        && (!meta.is_file() || platform::link_count_at(&log).map_err(Error::read(&log))? != 1)
    {
        return Err(Error::Unsafe { path: log, hazard: Hazard::OwnFileLinked });
    }
    Ok(())
}

/// Appends one record to the audit log in the open archive root, creating it when needed.
/// Never through a link: the log is opened without following one and must be a regular file.
pub fn log(root: &Folder, record: &AuditRecord) -> Result<()> {
    let path = root.shown(LOG_NAME);
    let mut file = root.open_append(LOG_NAME)?;
    let stamp = dates::now_local().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    // CRLF: the office reads it in Notepad.
    write!(file, "{stamp} {record}\r\n").map_err(Error::write(&path))?;
    file.sync_all().map_err(Error::write(&path))
}

/// Says that the audit log could not be written after a swap that is done: the keys are in
/// place all the same, and the step goes on to its end.
pub fn log_failed(error: &Error, ui: &mut dyn Ui) {
    ui.warn_of(WarningKind::Other, &fl!("audit-not-written", problem = error.to_string()));
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
        assert_eq!(
            password_changed_name("STUDIO DEMO/ROSSI", today),
            "Chiavi STUDIO DEMO ROSSI - Password cambiata il 22-11-2026"
        );
        assert!(!is_set_aside(&password_changed_name("non installate il 22-11-2026", today)));
    }

    #[test]
    fn subjects_cannot_make_bad_folder_names() {
        let today = date("2026-11-22");
        let name = folder_name("A/B\\C:D*?\"<>|\u{1b}E...", None, today);
        assert_eq!(name, "Chiavi A B C D E - Sostituite il 22-11-2026");
        assert!(!folder_name("../../etc", None, today).contains('/'));
    }

    #[test]
    fn the_announced_folder_is_the_first_free_name() {
        let dir = tempfile::tempdir().unwrap();
        let first = first_free(dir.path(), "Chiavi X - Scadute al 31-10-2026");
        assert!(first.ends_with("Chiavi X - Scadute al 31-10-2026"));
        fs::create_dir(&first).unwrap();
        let second = first_free(dir.path(), "Chiavi X - Scadute al 31-10-2026");
        assert!(second.ends_with("Chiavi X - Scadute al 31-10-2026 (2)"));
        fs::create_dir(&second).unwrap();
        let third = first_free(dir.path(), "Chiavi X - Scadute al 31-10-2026");
        assert!(third.to_string_lossy().ends_with(" (3)"));
    }

    #[test]
    fn sets_set_aside_are_never_taken_for_archived_sets() {
        let today = date("2026-12-05");
        let aside = set_aside_name(today);
        assert_eq!(aside, "Chiavi non installate il 05-12-2026");
        assert!(is_set_aside(&aside));
        assert!(is_set_aside(&format!("{aside} (2)")));
        for subject in ["non installate il 05-12-2026", "STUDIO", ""] {
            for expiry in [Some(today), None] {
                assert!(!is_set_aside(&folder_name(subject, expiry, today)), "{subject}");
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("Entratel");
        let root = dir.path().join(ROOT_NAME);
        for name in [aside.as_str(), "Chiavi X - Scadute al 31-10-2026"] {
            fs::create_dir_all(root.join(name)).unwrap();
            fs::write(root.join(name).join("UTEF.P12"), b"k").unwrap();
        }
        fs::create_dir(&keys).unwrap();
        let found = list(&keys, None);
        assert_eq!(found, [root.join("Chiavi X - Scadute al 31-10-2026")]);
    }

    #[cfg(unix)]
    #[test]
    fn listing_never_follows_a_link_planted_as_an_archived_set() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("Entratel");
        fs::create_dir(&keys).unwrap();
        fs::write(keys.join("UTEF.P12"), b"vive").unwrap();
        let root = dir.path().join(ROOT_NAME);
        fs::create_dir(&root).unwrap();
        std::os::unix::fs::symlink(&keys, root.join("Chiavi Z - Scadute al 31-12-2099")).unwrap();
        assert!(list(&keys, None).is_empty());
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
            files: vec![AuditFile {
                name: "UTEF.P12".into(),
                sha256: "ab".repeat(32).parse().unwrap(),
            }],
            archive: None,
            check_code: CheckCode::of(b"vault"),
        };
        let root = Folder::open(dir.path()).unwrap();
        log(&root, &installed).unwrap();
        let undone = AuditRecord::InstallUndone {
            key_dir: "/pc/Entratel".into(),
            check_code: CheckCode::of(b"vault"),
        };
        log(&root, &undone).unwrap();
        let text = fs::read_to_string(dir.path().join(LOG_NAME)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        let code = CheckCode::of(b"vault");
        assert!(
            lines[0].ends_with(&format!(
                "installazione | \"/pc/Entratel\" | UTEF.P12 sha256={} | archivio - | cassaforte {code}",
                "ab".repeat(32)
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
        let err = log(&Folder::open(&root).unwrap(), &record).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::Link, .. }), "{err:?}");
        assert_eq!(fs::read(&victim).unwrap(), b"mio");

        let elsewhere = dir.path().join("altrove");
        fs::create_dir(&elsewhere).unwrap();
        let linked_root = dir.path().join("radice");
        std::os::unix::fs::symlink(&elsewhere, &linked_root).unwrap();
        let err = Folder::open(&linked_root).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::Link, .. }), "{err:?}");
        assert!(check_root(&linked_root).is_err());
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
        log(&Folder::open(dir.path()).unwrap(), &record).unwrap();
        let mode = fs::metadata(dir.path().join(LOG_NAME)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
