//! journal: the record that makes swapping key sets crash-safe, and the swap itself.
//!
//! Before the first file moves, `.sigillo-journal.json` in the key folder says what will move
//! where and with which hashes. Every later run that finds it completes the operation in one
//! deterministic direction ([`recover`]): forward when the new set is complete and verified in
//! place and the old one complete in the archive, otherwise back. Kill the process at any
//! instant: the folder ends with the complete old set or the complete new set, never a mix,
//! never nothing.
//!
//! [`finish_pending`] is what every command that touches a key folder calls first.
//!
//! The journal is read back as untrusted input: anyone who can write the key folder (on Windows
//! `C:\Entratel` is usually writable by every user of the PC) could have planted it. It is acted
//! on only when its format and version are exact, every name is one of the three key names with
//! no folder in it, and its archive is a direct child of an archive root sigillo would choose for
//! that key folder ([`parse`], then [`check_location`]); anything else is refused, untouched.
//!
//! This module must never delete a file whose hash is not one the journal names, and never
//! write a key file anywhere but the key folder, its hidden staging folder and the archive.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use chrono::{DateTime, FixedOffset};

use crate::archive;
use crate::dates;
use crate::disk;
use crate::error::{Error, Hazard, Result};
use crate::failpoint;
use crate::fl;
use crate::hash::sha256_hex;
use crate::keyset::{self, KeyKind};
use crate::platform::{self, same_path};
use crate::sanitize::shown;
use crate::sniff::NotKey;
use crate::ui::Ui;

/// The journal's file name, in the key folder.
pub const FILE_NAME: &str = ".sigillo-journal.json";
/// The hidden staging folder, in the key folder.
pub const STAGING_NAME: &str = ".sigillo-nuove";
/// The journal's `format`.
pub const FORMAT: &str = "sigillo-journal";
/// The journal's `version`.
pub const VERSION: u32 = 1;
/// No journal sigillo writes comes near this size; a larger file is not read.
pub const MAX_JOURNAL: u64 = 64 * 1024;

/// What one swap does, written before it starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journal {
    /// Always `sigillo-journal`.
    pub format: String,
    /// Always 1.
    pub version: u32,
    /// What the swap is part of.
    pub operation: Operation,
    /// When it started (RFC 3339 on disk).
    #[serde(with = "dates::rfc3339")]
    pub started_at: DateTime<FixedOffset>,
    /// The archive root the run chose (`archive::root_for`): the archive's parent.
    pub archive_root: PathBuf,
    /// The folder the old set moves into.
    pub archive: PathBuf,
    /// The old set: names as they were in the key folder (any case), moved to `archive`.
    pub old: Vec<Entry>,
    /// The new set: canonical names, staged then moved into the key folder.
    pub new: Vec<Entry>,
}

/// The operation a swap belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    /// A vault's set replaces the installed one.
    Install,
    /// The last archived set comes back.
    Rollback,
}

/// One file the journal speaks of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// File name (no folder).
    pub name: String,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

/// A file of the new set, in memory.
pub struct NewFile {
    /// Which file.
    pub kind: KeyKind,
    /// Its bytes.
    pub bytes: Zeroizing<Vec<u8>>,
    /// The modification time to give it (the source PC's), when known.
    pub modified: Option<SystemTime>,
}

/// How a pending journal was completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovered {
    /// The new set was complete and verified: the operation was finished.
    Forward,
    /// The operation was undone: the old set is back.
    Back,
}

/// Replaces the key set in `key_dir` with `new`, archiving the current one into `archive`
/// (created; must not exist yet). On a verification failure everything is undone and the error
/// is [`Error::VerifyFailed`].
pub fn swap(key_dir: &Path, new: &[NewFile], archive: &Path, operation: Operation) -> Result<()> {
    let archive = normal(archive);
    let archive_root = disk::parent(&archive).to_owned();
    // Links and odd files are refused by name first, with their own reason; the reads below
    // refuse them again should one be swapped in meanwhile.
    check_swappable(key_dir, &archive_root)?;
    let found = keyset::locate_files(key_dir)?;
    let mut old = Vec::new();
    for path in found.iter().flatten() {
        let bytes = read_key_file(path)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        old.push(Entry { name, sha256: sha256_hex(&bytes) });
    }
    let journal = Journal {
        format: FORMAT.into(),
        version: VERSION,
        operation,
        started_at: dates::now_local(),
        archive_root,
        archive,
        old,
        new: new
            .iter()
            .map(|f| Entry { name: f.kind.name().into(), sha256: sha256_hex(&f.bytes) })
            .collect(),
    };
    write(key_dir, &journal)?;
    // From here on the journal exists: whatever fails, put the old set back now (a later run
    // would do the same, but the user should not have to run one).
    match apply(key_dir, new, &journal) {
        Ok(()) => finish(key_dir),
        Err(error) => {
            undo(key_dir, &journal, true, true)?;
            Err(error)
        }
    }
}

/// Steps 5–8: stage, archive, place, verify. Any error leaves the journal to [`undo`].
fn apply(key_dir: &Path, new: &[NewFile], journal: &Journal) -> Result<()> {
    failpoint::crash("after-journal");

    let staging = key_dir.join(STAGING_NAME);
    if staging.exists() {
        platform::retry_in_use(|| fs::remove_dir_all(&staging)).map_err(Error::write(&staging))?;
    }
    // Owner-only on Unix (the files inside are too); on Windows it inherits the folder's ACL.
    let mut builder = fs::DirBuilder::new();
    builder.recursive(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(&staging).map_err(Error::write(&staging))?;
    for file in new {
        write_file(&staging.join(file.kind.name()), &file.bytes, file.modified, None)?;
        failpoint::crash("staging-one");
    }
    disk::sync_dir(&staging).map_err(Error::write(&staging))?;
    failpoint::crash("after-staging");

    if !journal.old.is_empty() {
        archive::make_root(&journal.archive_root)?;
        fs::create_dir_all(&journal.archive).map_err(Error::write(&journal.archive))?;
    }
    for entry in &journal.old {
        move_file(&key_dir.join(&entry.name), &journal.archive.join(&entry.name))?;
        failpoint::crash("archive-one");
    }
    if !journal.old.is_empty() {
        disk::sync_dir(&journal.archive).map_err(Error::write(&journal.archive))?;
    }
    disk::sync_dir(key_dir).map_err(Error::write(key_dir))?;
    failpoint::crash("after-archive");

    for entry in &journal.new {
        if failpoint::hit("write-error") {
            return Err(Error::Write {
                path: key_dir.join(&entry.name),
                source: io::Error::other("injected"),
            });
        }
        move_file(&staging.join(&entry.name), &key_dir.join(&entry.name))?;
        failpoint::crash("place-one");
    }
    disk::sync_dir(key_dir).map_err(Error::write(key_dir))?;
    failpoint::crash("after-place");
    if failpoint::hit("corrupt-installed") {
        let victim = key_dir.join(KeyKind::Utec.name());
        let mut bytes = fs::read(&victim).map_err(Error::read(&victim))?;
        bytes[0] ^= 0xFF;
        fs::write(&victim, bytes).map_err(Error::write(&victim))?;
    }

    if !complete_forward(key_dir, journal) {
        return Err(Error::VerifyFailed { dir: key_dir.to_owned() });
    }
    failpoint::crash("after-verify");
    Ok(())
}

/// Completes an operation a previous run left half done, and says what it did. Every command
/// that touches a key folder calls this (or [`finish_pending_with`]) first.
pub fn finish_pending(key_dir: &Path, ui: &mut dyn Ui) -> Result<()> {
    finish_pending_with(key_dir, None, ui)
}

/// [`finish_pending`] for a run given `--archive-dir`: a journal whose archive is under that
/// folder is accepted too.
pub fn finish_pending_with(
    key_dir: &Path,
    archive_dir: Option<&Path>,
    ui: &mut dyn Ui,
) -> Result<()> {
    match recover_with(key_dir, archive_dir)? {
        Some(Recovered::Forward) => ui.warn(&fl!("recovered-forward", dir = shown(key_dir))),
        Some(Recovered::Back) => ui.warn(&fl!("recovered-back", dir = shown(key_dir))),
        None => {}
    }
    Ok(())
}

/// Completes an operation a previous run left half done, if any.
pub fn recover(key_dir: &Path) -> Result<Option<Recovered>> {
    recover_with(key_dir, None)
}

/// [`recover`], also accepting an archive under `archive_dir` (the run's `--archive-dir`).
///
/// Before anything moves the journal is read as untrusted input ([`read_trusted`]); a journal
/// that fails is refused with [`Hazard::Journal`] and nothing is touched. sigillo's own stale
/// temporary files (a kill before the journal's rename) go in every case.
pub fn recover_with(key_dir: &Path, archive_dir: Option<&Path>) -> Result<Option<Recovered>> {
    let Some((journal, witnessed)) = read_trusted(key_dir, archive_dir)? else {
        // A staging folder without a journal is the tail of a finished swap.
        let staging = key_dir.join(STAGING_NAME);
        if fs::symlink_metadata(&staging).is_ok_and(|m| m.is_dir()) {
            platform::retry_in_use(|| fs::remove_dir_all(&staging))
                .map_err(Error::write(&staging))?;
        }
        remove_stale_temp_files(key_dir);
        return Ok(None);
    };
    let outcome = if complete_forward(key_dir, &journal) {
        finish(key_dir)?;
        Recovered::Forward
    } else {
        undo(key_dir, &journal, false, witnessed)?;
        Recovered::Back
    };
    remove_stale_temp_files(key_dir);
    Ok(Some(outcome))
}

/// The journal of a pending operation, if any (for messages). Only a journal that passes every
/// check [`recover`] makes is returned.
pub fn pending(key_dir: &Path) -> Option<Journal> {
    read_trusted(key_dir, None).ok().flatten().map(|(journal, _)| journal)
}

/// Reads and checks the journal in `key_dir`, and says whether this user's sigillo wrote it
/// ([`witness`]): `None` when there is none; [`Hazard::Journal`]
/// when it is a link, too large, or fails [`parse`] or [`check_location`]; [`Error::JournalDamaged`]
/// when it is not JSON at all (a torn write of sigillo's own cannot happen: it is written
/// atomically, but a damaged disk can).
fn read_trusted(key_dir: &Path, archive_dir: Option<&Path>) -> Result<Option<(Journal, bool)>> {
    let path = key_dir.join(FILE_NAME);
    let suspicious = || Error::Unsafe { path: path.clone(), hazard: Hazard::Journal };
    let meta = match fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::Read { path, source: e }),
    };
    if !meta.is_file() || meta.len() > MAX_JOURNAL {
        return Err(suspicious());
    }
    let text = fs::read(&path).map_err(Error::read(&path))?;
    let journal = match parse(&text) {
        Ok(journal) => journal,
        Err(Problem::NotJson) => return Err(Error::JournalDamaged { path }),
        Err(_) => return Err(suspicious()),
    };
    if check_location(key_dir, archive_dir, &journal).is_err() {
        return Err(suspicious());
    }
    let witnessed = witness(&text).is_some_and(|w| fs::symlink_metadata(w).is_ok());
    Ok(Some((journal, witnessed)))
}

/// Where this user's sigillo notes that it wrote a journal with these exact bytes: a file named
/// after their SHA-256 in the user's own state folder ([`platform::state_dir`]), which other
/// users of the PC cannot write. A journal anyone could have planted in a shared key folder
/// (`C:\Entratel`) is thereby told apart from one sigillo wrote: only a witnessed journal may
/// make a later run delete key files (the new files of an interrupted install).
fn witness(journal_bytes: &[u8]) -> Option<PathBuf> {
    let dir = platform::state_dir()?;
    Some(dir.join(format!("journal-{}", sha256_hex(journal_bytes))))
}

/// Why a journal is not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not JSON of the journal's shape.
    NotJson,
    /// `format` or `version` is not exactly sigillo's.
    Format,
    /// A name that is not one of the three key names, or names one key twice.
    Name,
    /// A hash that is not 64 lower-case hex digits.
    Hash,
    /// The archive path is not an absolute path of plain folder names.
    ArchivePath,
    /// The archive is not a direct child of an archive root sigillo would choose.
    ArchivePlace,
}

impl Problem {
    /// A short English tag (tests, fuzzing).
    pub fn as_str(self) -> &'static str {
        match self {
            Problem::NotJson => "not-json",
            Problem::Format => "format",
            Problem::Name => "name",
            Problem::Hash => "hash",
            Problem::ArchivePath => "archive-path",
            Problem::ArchivePlace => "archive-place",
        }
    }
}

/// Parses a journal and checks everything that does not depend on where it was found: exact
/// format and version, key names only (any case, no folder), one entry per key, well-formed
/// hashes, an absolute archive path of plain names whose parent is the recorded archive root.
/// Pure: reads no file (the fuzz target calls it).
pub fn parse(bytes: &[u8]) -> std::result::Result<Journal, Problem> {
    let journal: Journal = serde_json::from_slice(bytes).map_err(|_| Problem::NotJson)?;
    if journal.format != FORMAT || journal.version != VERSION {
        return Err(Problem::Format);
    }
    for list in [&journal.old, &journal.new] {
        let mut seen = [false; KeyKind::ALL.len()];
        for entry in list {
            // `from_name` takes the whole name: "../UTEF.P12" or "C:UTEF.P12" is no key name.
            let Some(kind) = KeyKind::from_name(&entry.name) else {
                return Err(Problem::Name);
            };
            if Path::new(&entry.name).components().count() != 1
                || std::mem::replace(&mut seen[kind as usize], true)
            {
                return Err(Problem::Name);
            }
            let hex = entry.sha256.as_bytes();
            if hex.len() != 64 || !hex.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                return Err(Problem::Hash);
            }
        }
    }
    let plain = |path: &Path| {
        path.is_absolute()
            && path.components().all(|c| !matches!(c, Component::CurDir | Component::ParentDir))
    };
    let name_ok = journal.archive.file_name().is_some_and(|n| !n.is_empty());
    if !plain(&journal.archive)
        || !plain(&journal.archive_root)
        || !name_ok
        || !same_path(disk::parent(&journal.archive), &journal.archive_root)
    {
        return Err(Problem::ArchivePath);
    }
    Ok(journal)
}

/// Checks that a parsed journal's archive root is one sigillo would choose for `key_dir`:
/// beside it, inside it, or the `--archive-dir` of this run.
pub fn check_location(
    key_dir: &Path,
    archive_dir: Option<&Path>,
    journal: &Journal,
) -> std::result::Result<(), Problem> {
    let key_dir = normal(key_dir);
    let mut roots = vec![key_dir.join(archive::ROOT_NAME)];
    if let Some(parent) = key_dir.parent() {
        roots.push(parent.join(archive::ROOT_NAME));
    }
    roots.extend(archive_dir.map(normal));
    if roots.iter().any(|root| same_path(root, &journal.archive_root)) {
        Ok(())
    } else {
        Err(Problem::ArchivePlace)
    }
}

/// Removes sigillo's own temporary files (`.sigillo-*.tmp`, what [`disk::write_atomic`] leaves
/// when killed before its rename) from `key_dir`. Only regular files with that exact pattern:
/// never a link, a folder, or any other name. Best effort: a file that cannot go stays.
fn remove_stale_temp_files(key_dir: &Path) {
    let Ok(entries) = fs::read_dir(key_dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !disk::is_temp_name(name) || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let _ = fs::remove_file(entry.path());
    }
}

/// Refuses, before any journal exists, what the journal could not later verify or where sigillo
/// would write through a link: old key files that are links, not regular files or too large
/// ([`Hazard::KeyLink`], [`Hazard::KeyNotRegular`], [`Hazard::KeyTooLarge`]); an archive root or
/// audit log that is a link ([`Hazard::Link`]). Install and rollback call it before asking; the
/// swap calls it again.
pub fn check_swappable(key_dir: &Path, archive_root: &Path) -> Result<()> {
    for path in keyset::locate_files(key_dir)?.iter().flatten() {
        let meta = fs::symlink_metadata(path).map_err(Error::read(path))?;
        let hazard = if meta.file_type().is_symlink() {
            Hazard::KeyLink
        } else if !meta.is_file() {
            Hazard::KeyNotRegular
        } else if meta.len() > keyset::MAX_KEY_FILE {
            Hazard::KeyTooLarge
        } else {
            continue;
        };
        return Err(Error::Unsafe { path: path.clone(), hazard });
    }
    archive::check_root(archive_root)
}

/// True when the new set is in place with the right hashes and the old set is whole in the
/// archive.
fn complete_forward(key_dir: &Path, journal: &Journal) -> bool {
    let new_in_place =
        journal.new.iter().all(|e| hash_of(&key_dir.join(&e.name)) == Some(e.sha256.clone()));
    let old_archived = journal
        .old
        .iter()
        .all(|e| hash_of(&journal.archive.join(&e.name)) == Some(e.sha256.clone()));
    // An old name still in the key folder must be a new file under the same name (a file system
    // that ignores case): otherwise the old set is not fully out.
    let old_gone = journal.old.iter().all(|e| {
        let path = key_dir.join(&e.name);
        !path.exists()
            || journal.new.iter().any(|n| {
                n.name.eq_ignore_ascii_case(&e.name) && hash_of(&path) == Some(n.sha256.clone())
            })
    });
    new_in_place && old_archived && old_gone
}

/// Puts the old set back and removes every new file the journal placed. `just_placed` is true
/// in the run that placed them: a new file that no longer has its hash (a faulty disk) is ours
/// and goes too. A later run cannot know who wrote such a file and leaves it, refusing.
///
/// Deleting is the one thing a planted journal could turn against the user (name the live
/// keys' hashes as "new" and they go): a later run deletes only when this user's sigillo wrote
/// the journal (`witnessed`); otherwise it refuses before anything changes.
fn undo(key_dir: &Path, journal: &Journal, just_placed: bool, witnessed: bool) -> Result<()> {
    // New files out first, so the old names are free again (on Windows UTEF.P12 and utef.p12
    // are one name). Only a file with the new hash is removed, and never one whose hash is also
    // the old file's (unchanged between generations: it stays and counts as restored).
    let mut doomed = Vec::new();
    for entry in &journal.new {
        let path = key_dir.join(&entry.name);
        let Some(hash) = hash_of(&path) else { continue };
        let is_new = hash == entry.sha256 || just_placed;
        let also_old = journal.old.iter().any(|o| o.sha256 == hash);
        if is_new && !also_old {
            doomed.push(path);
        }
    }
    if !doomed.is_empty() && !witnessed {
        return Err(Error::Unsafe { path: key_dir.join(FILE_NAME), hazard: Hazard::Journal });
    }
    for path in doomed {
        platform::retry_in_use(|| fs::remove_file(&path)).map_err(Error::write(&path))?;
    }
    for entry in &journal.old {
        let home = key_dir.join(&entry.name);
        let archived = journal.archive.join(&entry.name);
        if hash_of(&home) == Some(entry.sha256.clone()) {
            continue;
        }
        if home.exists() {
            // Neither old nor new: not ours to touch.
            return Err(Error::JournalDamaged { path: key_dir.join(FILE_NAME) });
        }
        if hash_of(&archived) == Some(entry.sha256.clone()) {
            move_file(&archived, &home)?;
        } else {
            return Err(Error::JournalDamaged { path: key_dir.join(FILE_NAME) });
        }
    }
    disk::sync_dir(key_dir).map_err(Error::write(key_dir))?;
    // The archive folder was made for this operation: remove it when it is empty again.
    let _ = fs::remove_dir(&journal.archive);
    finish(key_dir)
}

/// Removes staging, then the journal (in that order: a journal always outlives its staging).
fn finish(key_dir: &Path) -> Result<()> {
    let staging = key_dir.join(STAGING_NAME);
    if staging.exists() {
        platform::retry_in_use(|| fs::remove_dir_all(&staging)).map_err(Error::write(&staging))?;
    }
    let journal = key_dir.join(FILE_NAME);
    // The witness goes with its journal (a leftover witness is harmless: it names only a hash).
    if let Some(witness) = fs::read(&journal).ok().and_then(|bytes| witness(&bytes)) {
        let _ = fs::remove_file(witness);
    }
    match platform::retry_in_use(|| fs::remove_file(&journal)) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::Write { path: journal, source: e }),
    }
    disk::sync_dir(key_dir).map_err(Error::write(key_dir))
}

/// Writes the journal, its [`witness`] first (a witness without a journal is harmless; a
/// journal without one only means a later run will not delete files on its word). A witness
/// that cannot be written does not stop the swap: this run can always undo its own work.
fn write(key_dir: &Path, journal: &Journal) -> Result<()> {
    let bytes = serde_json::to_vec_pretty(journal).expect("a journal serializes");
    if let Some(witness) = witness(&bytes) {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        if builder.create(disk::parent(&witness)).is_ok() {
            // Its content is only for a person who looks (which folder): the name is the proof.
            let _ = fs::write(&witness, key_dir.as_os_str().as_encoded_bytes());
        }
    }
    disk::write_atomic(&key_dir.join(FILE_NAME), &bytes, true)
}

/// `path` made absolute, with `.` and `..` resolved by name (not through links): the form the
/// journal records and compares.
fn normal(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn hash_of(path: &Path) -> Option<String> {
    disk::read_regular(path, keyset::MAX_KEY_FILE).ok().map(|bytes| sha256_hex(&bytes))
}

/// A key file of the set being moved, read as [`disk::read_regular`] reads: never through a
/// link, never past [`keyset::MAX_KEY_FILE`].
fn read_key_file(path: &Path) -> Result<Zeroizing<Vec<u8>>> {
    disk::read_regular(path, keyset::MAX_KEY_FILE).map_err(|refused| match refused {
        disk::Refused::Io(e) => Error::Read { path: path.to_owned(), source: e },
        disk::Refused::NotAFile => {
            Error::KeyFileNotKey { path: path.to_owned(), what: NotKey::NotAFile }
        }
        disk::Refused::TooLarge => Error::KeyFileTooLarge { path: path.to_owned() },
    })
}

/// Writes a new key file, flushed, with the given modification time. It is created owner-only
/// (0600 on Unix; on Windows it inherits the folder's ACL), then given `permissions` when they
/// are the original's (an archive copy across volumes keeps its mode).
fn write_file(
    path: &Path,
    bytes: &[u8],
    modified: Option<SystemTime>,
    permissions: Option<fs::Permissions>,
) -> Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(Error::write(path))?;
    file.write_all(bytes).map_err(Error::write(path))?;
    if let Some(time) = modified {
        file.set_modified(time).map_err(Error::write(path))?;
    }
    if let Some(permissions) = permissions {
        file.set_permissions(permissions).map_err(Error::write(path))?;
    }
    file.sync_all().map_err(Error::write(path))
}

/// Moves a file, keeping its bytes and modification time. A rename when both are on one volume;
/// otherwise copy, flush, compare, then delete the original.
pub fn move_file(from: &Path, to: &Path) -> Result<()> {
    if to.exists() {
        return Err(Error::Write {
            path: to.to_owned(),
            source: io::ErrorKind::AlreadyExists.into(),
        });
    }
    match platform::retry_in_use(|| fs::rename(from, to)) {
        Ok(()) => return Ok(()),
        Err(e) if platform::is_in_use(&e) => return Err(Error::FileInUse { path: from.into() }),
        Err(e) if e.kind() != io::ErrorKind::CrossesDevices => {
            return Err(Error::Write { path: to.to_owned(), source: e });
        }
        Err(_) => {}
    }
    let bytes = read_key_file(from)?;
    let meta = fs::symlink_metadata(from).map_err(Error::read(from))?;
    write_file(to, &bytes, meta.modified().ok(), Some(meta.permissions()))?;
    if hash_of(to) != Some(sha256_hex(&bytes)) {
        let _ = fs::remove_file(to);
        return Err(Error::VerifyFailed { dir: disk::parent(to).to_owned() });
    }
    platform::retry_in_use(|| fs::remove_file(from)).map_err(Error::write(from))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

    /// A journal as sigillo writes it for `key_dir`, archiving beside it.
    fn journal_for(key_dir: &Path) -> Journal {
        let key_dir = normal(key_dir);
        let archive_root = key_dir.parent().unwrap().join(archive::ROOT_NAME);
        Journal {
            format: FORMAT.into(),
            version: VERSION,
            operation: Operation::Install,
            started_at: dates::now_local(),
            archive: archive_root.join("Chiavi X - Scadute al 31-10-2026"),
            archive_root,
            old: KeyKind::ALL
                .iter()
                .map(|k| Entry { name: k.name().to_lowercase(), sha256: HASH.into() })
                .collect(),
            new: KeyKind::ALL
                .iter()
                .map(|k| Entry { name: k.name().into(), sha256: HASH.into() })
                .collect(),
        }
    }

    fn bytes(journal: &Journal) -> Vec<u8> {
        serde_json::to_vec(journal).unwrap()
    }

    #[test]
    fn what_sigillo_writes_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = dir.path().join("Entratel");
        let journal = journal_for(&key_dir);
        let parsed = parse(&bytes(&journal)).unwrap();
        assert_eq!(parsed, journal);
        assert_eq!(check_location(&key_dir, None, &parsed), Ok(()));
        // The same folder named through `.` and `..` is the same folder.
        let roundabout = dir.path().join("altro").join("..").join(".").join("Entratel");
        assert_eq!(check_location(&roundabout, None, &parsed), Ok(()));
        // Inside the key folder, when its parent is not writable.
        let mut inside = journal.clone();
        inside.archive_root = normal(&key_dir).join(archive::ROOT_NAME);
        inside.archive = inside.archive_root.join("Chiavi X - Sostituite il 22-11-2026");
        assert_eq!(check_location(&key_dir, None, &parse(&bytes(&inside)).unwrap()), Ok(()));
    }

    #[test]
    fn names_that_are_not_key_names_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let journal = journal_for(&dir.path().join("Entratel"));
        let outside = dir.path().join("fuori").join("prezioso.txt");
        for name in [
            "../../fuori/prezioso.txt",
            outside.to_str().unwrap(),
            "../UTEF.P12",
            "sub/UTEF.P12",
            "sub\\UTEF.P12",
            "UTEF.P12/",
            ".",
            "",
            "UTEF.P12 ",
        ] {
            for old in [true, false] {
                let mut bad = journal.clone();
                let list = if old { &mut bad.old } else { &mut bad.new };
                list[0].name = name.into();
                assert_eq!(parse(&bytes(&bad)), Err(Problem::Name), "{name:?} old={old}");
            }
        }
        let mut twice = journal.clone();
        twice.new[1].name = "utef.p12".into();
        assert_eq!(parse(&bytes(&twice)), Err(Problem::Name));
        let mut hash = journal.clone();
        hash.new[0].sha256 = "../x".into();
        assert_eq!(parse(&bytes(&hash)), Err(Problem::Hash));
    }

    #[test]
    fn format_and_version_must_be_exact() {
        let dir = tempfile::tempdir().unwrap();
        let journal = journal_for(&dir.path().join("Entratel"));
        let mut format = journal.clone();
        format.format = "sigillo-journal ".into();
        assert_eq!(parse(&bytes(&format)), Err(Problem::Format));
        let mut version = journal.clone();
        version.version = 2;
        assert_eq!(parse(&bytes(&version)), Err(Problem::Format));
        assert_eq!(parse(b"{"), Err(Problem::NotJson));
        let mut extra: serde_json::Value = serde_json::from_slice(&bytes(&journal)).unwrap();
        extra["more"] = serde_json::Value::Bool(true);
        assert_eq!(parse(&serde_json::to_vec(&extra).unwrap()), Err(Problem::NotJson));
    }

    #[test]
    fn an_archive_anywhere_else_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = dir.path().join("Entratel");
        let journal = journal_for(&key_dir);
        let elsewhere = normal(&dir.path().join("attaccante"));

        // Not a direct child of the recorded root, or with `..` in it.
        let mut deeper = journal.clone();
        deeper.archive = journal.archive_root.join("a").join("b");
        assert_eq!(parse(&bytes(&deeper)), Err(Problem::ArchivePath));
        let mut dots = journal.clone();
        dots.archive = journal.archive_root.join("..").join("..").join("attaccante");
        assert_eq!(parse(&bytes(&dots)), Err(Problem::ArchivePath));
        let mut relative = journal.clone();
        relative.archive = PathBuf::from(archive::ROOT_NAME).join("x");
        relative.archive_root = PathBuf::from(archive::ROOT_NAME);
        assert_eq!(parse(&bytes(&relative)), Err(Problem::ArchivePath));

        // Well formed, but a root sigillo would not choose for this key folder.
        let mut moved = journal.clone();
        moved.archive_root = elsewhere.clone();
        moved.archive = elsewhere.join("Chiavi");
        let parsed = parse(&bytes(&moved)).unwrap();
        assert_eq!(check_location(&key_dir, None, &parsed), Err(Problem::ArchivePlace));
        // ... unless this run was given it as --archive-dir.
        assert_eq!(check_location(&key_dir, Some(&elsewhere), &parsed), Ok(()));
        // A journal copied from another key folder does not fit this one.
        let other = dir.path().join("altra").join("Entratel");
        assert_eq!(check_location(&other, None, &journal), Err(Problem::ArchivePlace));
    }

    #[test]
    fn a_planted_journal_touches_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = dir.path().join("Entratel");
        let outside = dir.path().join("fuori");
        fs::create_dir_all(&key_dir).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("prezioso.txt"), b"tesi").unwrap();
        let mut journal = journal_for(&key_dir);
        journal.new[0] =
            Entry { name: "../fuori/prezioso.txt".into(), sha256: sha256_hex(b"tesi") };
        fs::write(key_dir.join(FILE_NAME), bytes(&journal)).unwrap();
        let err = recover(&key_dir).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::Journal, .. }), "{err:?}");
        assert_eq!(err.exit(), crate::error::Exit::Refused);
        assert_eq!(fs::read(outside.join("prezioso.txt")).unwrap(), b"tesi");
        assert!(key_dir.join(FILE_NAME).exists(), "the evidence stays");
        assert!(pending(&key_dir).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_journal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = dir.path().join("Entratel");
        fs::create_dir_all(&key_dir).unwrap();
        let real = dir.path().join("journal.json");
        fs::write(&real, bytes(&journal_for(&key_dir))).unwrap();
        std::os::unix::fs::symlink(&real, key_dir.join(FILE_NAME)).unwrap();
        let err = recover(&key_dir).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::Journal, .. }), "{err:?}");
    }

    #[test]
    fn recovery_removes_only_sigillos_own_stale_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = dir.path();
        fs::write(key_dir.join(".sigillo-AbC123.tmp"), b"{").unwrap();
        fs::write(key_dir.join("UTEF.P12"), b"k").unwrap();
        fs::write(key_dir.join("appunti.tmp"), b"mio").unwrap();
        fs::write(key_dir.join(".sigillo-journal.json.bak"), b"x").unwrap();
        fs::create_dir(key_dir.join(".sigillo-cartella.tmp")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(key_dir.join("appunti.tmp"), key_dir.join(".sigillo-L.tmp"))
            .unwrap();
        assert_eq!(recover(key_dir).unwrap(), None);
        let mut left: Vec<String> = fs::read_dir(key_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut expected =
            vec![".sigillo-cartella.tmp", ".sigillo-journal.json.bak", "UTEF.P12", "appunti.tmp"];
        if cfg!(unix) {
            expected.insert(0, ".sigillo-L.tmp");
        }
        assert_eq!(left, expected);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_owner_only_and_copies_keep_the_original_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("UTEF.P12");
        write_file(&fresh, b"k", None, None).unwrap();
        assert_eq!(fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o600);
        let copy = dir.path().join("UTEC.P12");
        write_file(&copy, b"k", None, Some(fs::Permissions::from_mode(0o640))).unwrap();
        assert_eq!(fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn linked_or_oversized_old_files_are_refused_before_the_journal() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = dir.path().join("Entratel");
        fs::create_dir_all(&key_dir).unwrap();
        let root = dir.path().join(archive::ROOT_NAME);
        let elsewhere = dir.path().join("UTEF-vero.P12");
        fs::write(&elsewhere, b"k").unwrap();
        std::os::unix::fs::symlink(&elsewhere, key_dir.join("UTEF.P12")).unwrap();
        let err = check_swappable(&key_dir, &root).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::KeyLink, .. }), "{err:?}");
        fs::remove_file(key_dir.join("UTEF.P12")).unwrap();

        fs::create_dir(key_dir.join("UTEC.P12")).unwrap();
        let err = check_swappable(&key_dir, &root).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::KeyNotRegular, .. }), "{err:?}");
        fs::remove_dir(key_dir.join("UTEC.P12")).unwrap();

        let big = fs::File::create(key_dir.join("UTENTE.KS")).unwrap();
        big.set_len(keyset::MAX_KEY_FILE + 1).unwrap();
        let err = check_swappable(&key_dir, &root).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::KeyTooLarge, .. }), "{err:?}");
        big.set_len(10).unwrap();
        check_swappable(&key_dir, &root).unwrap();

        // The swap itself refuses too, before writing a journal.
        big.set_len(keyset::MAX_KEY_FILE + 1).unwrap();
        let archive = root.join("Chiavi");
        let new: Vec<NewFile> = KeyKind::ALL
            .iter()
            .map(|&kind| NewFile { kind, bytes: Zeroizing::new(vec![1]), modified: None })
            .collect();
        let err = swap(&key_dir, &new, &archive, Operation::Install).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::KeyTooLarge, .. }), "{err:?}");
        assert!(!key_dir.join(FILE_NAME).exists());
        assert!(!root.exists());
    }
}
