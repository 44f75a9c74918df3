//! journal: the one swap of key sets (install and rollback), crash-safe, and its record.
//!
//! A swap replaces the set in a key folder with a new one and moves the old one into the
//! archive. Every step is a rename between folder handles ([`Folder`]), under the key folder's
//! lock ([`KeyFolder`]); no key file is ever deleted here:
//! 1. the old files are read through the key folder's handle (regular files, within the bound);
//! 2. the archive folder is made by an exclusive create (a name, link or not, is never reused);
//! 3. the journal `.sigillo-journal.json` says what moves where, with hashes and a random run
//!    id; its witness (the journal's SHA-256, in a file named after the run id in the user's
//!    own state folder) is written first;
//! 4. install stages the vault's files in `.sigillo-nuove` (rollback takes the archived folder
//!    as it is: its files move back, they are never copied);
//! 5. the old set is renamed into the archive, then the new set into the key folder;
//! 6. both are read back and compared with the journal's hashes;
//! 7. the witness goes, then the journal; the emptied staging (or archived) folder goes too.
//!
//! Anything that fails puts the old set back in the same run ([`swap`]): the new files go back
//! where they came from, the old ones come back from the archive, and staged files that were
//! never installed are set aside in the archive root (`Chiavi non installate il …`), never
//! deleted. A later run that finds a journal ([`finish_pending`]) completes it in one direction:
//! forward when the new set is whole in place and the old one whole in the archive, else back,
//! by the same renames. Kill the process at any instant: the folder ends with the complete old
//! set or the complete new set, never a mix, never nothing.
//!
//! The journal read back is untrusted input: anyone who can write the key folder could have
//! planted or replayed it. It is read through the folder's handle, bounded, never through a
//! link; acted on only when its shape is exact ([`parse`]), its archive roots are ones sigillo
//! would choose for that folder ([`check_location`]), its witness matches its bytes exactly
//! (so a journal rewritten during a run, or an old one written back later, is refused), and
//! every file it names still has its recorded hash. What a run removes when it finishes is
//! decided from what that run wrote, never from bytes read back.

use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::archive;
use crate::dates;
use crate::disk::{self, Refused};
use crate::error::{Error, Hazard, Result};
use crate::failpoint;
use crate::folder::{Folder, KeyFolder, Kind};
use crate::hash::{self, Sha256};
use crate::i18n::fl;
use crate::keyset::{self, KeyKind};
use crate::platform::{self, same_path};
use crate::sanitize::shown;
use crate::ui::Ui;

/// The journal's file name, in the key folder.
pub const FILE_NAME: &str = ".sigillo-journal.json";
/// The hidden staging folder, in the key folder.
pub const STAGING_NAME: &str = ".sigillo-nuove";
/// The journal's `format`.
pub const FORMAT: &str = "sigillo-journal";
/// The journal's `version` (2: run id and witness, archive by name, the new set's source).
pub const VERSION: u32 = 2;
/// No journal sigillo writes comes near this size; a larger file is not read.
pub const MAX_JOURNAL: u64 = 64 * 1024;
/// A witness holds one SHA-256 in hex.
const MAX_WITNESS: u64 = 1024;

/// What one swap does, written before it starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journal {
    /// Always `sigillo-journal`.
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// A random id of the run that wrote it (32 hex digits); its witness is named after it.
    pub run: String,
    /// What the swap is part of.
    pub operation: Operation,
    /// When it started (RFC 3339 on disk).
    #[serde(with = "dates::rfc3339")]
    pub started_at: DateTime<FixedOffset>,
    /// The archive root the run chose: where the old set goes.
    pub archive_root: PathBuf,
    /// The archive folder's name in `archive_root` (`None` when there is no old set).
    pub archive: Option<String>,
    /// Where the new set comes from.
    pub source: Source,
    /// The old set: names as they were in the key folder (any case), moved to the archive.
    pub old: Vec<Entry>,
    /// The new set: canonical names, moved from the source into the key folder.
    pub new: Vec<Entry>,
}

/// Where a swap's new set comes from, and where it goes back to on undo.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Source {
    /// Staged from the vault into [`STAGING_NAME`] in the key folder (install).
    Staging,
    /// An archived set, folder `name` in the archive root `root` (rollback).
    Archived { root: PathBuf, name: String },
}

/// The operation a swap belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    /// A vault's set replaces the installed one.
    Install,
    /// An archived set comes back.
    Rollback,
}

/// One file the journal speaks of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// File name (no folder).
    pub name: String,
    /// SHA-256 (lower-case hex on disk; anything else is refused, [`Problem::Hash`]).
    pub sha256: Sha256,
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

/// Where a swap's new set is.
pub enum NewSet<'a> {
    /// The vault's files, staged in the key folder first (install).
    Vault(&'a [NewFile]),
    /// An archived set, moved back as it is (rollback). `files` are its key files' names and
    /// hashes as they were read and checked through `set.folder`.
    Archived { set: archive::Archived, files: Vec<Entry> },
}

/// What a swap did.
#[derive(Debug)]
pub struct Swapped {
    /// The archive folder the old set went to (`None` when the key folder was empty).
    pub archive: Option<PathBuf>,
}

/// How a pending journal was completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovered {
    /// The new set was complete and verified: the operation was finished.
    Forward,
    /// The operation was undone: the old set is back.
    Back,
    /// A journal without its witness (a kill between the witness's removal and the journal's, or
    /// a journal planted or written back) needed no key file moved: it was only removed.
    Cleared,
}

/// The folders one swap acts on, all open as handles.
struct Places<'a> {
    key: &'a Folder,
    archive: Option<Folder>,
    source: &'a Folder,
}

/// Replaces the key set in `key` with `new`, archiving the current one in a new folder named
/// `archive_name` (or `… (2)`) under `root`. On any failure the old set is put back before
/// returning; a verification failure is [`Error::VerifyFailed`].
pub fn swap(
    key: &KeyFolder,
    root: &Folder,
    archive_name: &str,
    new: NewSet<'_>,
    operation: Operation,
    ui: &mut dyn Ui,
) -> Result<Swapped> {
    // Links and odd files are refused with their own reason; the reads below refuse them again
    // should one be swapped in meanwhile.
    check_swappable(key)?;
    if !key.same_volume(root).map_err(Error::read(root.path()))? {
        return Err(Error::ArchiveElsewhere {
            dir: key.path().to_owned(),
            archive: root.path().to_owned(),
        });
    }
    let mut old = Vec::new();
    for (name, _) in key_entries(key)? {
        let bytes = read_key_file(key, &name)?;
        old.push(Entry { name, sha256: Sha256::of(&bytes) });
    }
    let (source, new_entries) = match &new {
        NewSet::Vault(files) => (
            Source::Staging,
            files
                .iter()
                .map(|f| Entry { name: f.kind.name().into(), sha256: Sha256::of(&f.bytes) })
                .collect(),
        ),
        NewSet::Archived { set, files } => {
            if !key.same_volume(&set.root).map_err(Error::read(set.root.path()))? {
                return Err(Error::ArchiveElsewhere {
                    dir: key.path().to_owned(),
                    archive: set.root.path().to_owned(),
                });
            }
            (
                Source::Archived { root: normal(set.root.path()), name: set.name.clone() },
                files.clone(),
            )
        }
    };
    // The archive folder first, by an exclusive create: its final name goes into the journal.
    let archive = match old.is_empty() {
        true => None,
        false => Some(root.create_unused_child(archive_name)?),
    };
    let journal = Journal {
        format: FORMAT.into(),
        version: VERSION,
        run: random_hex()?,
        operation,
        started_at: dates::now_local(),
        archive_root: normal(root.path()),
        archive: archive.as_ref().map(|(name, _)| name.clone()),
        source,
        old,
        new: new_entries,
    };
    let written = match write(key, &journal) {
        Ok(written) => written,
        Err(error) => {
            drop(archive);
            if let Some(name) = &journal.archive {
                root.remove_empty_child(name);
            }
            return Err(error);
        }
    };
    failpoint::crash("after-journal");
    // Staging is made after the journal, so a journal always outlives it. The archived folder of
    // a rollback is the one rollback opened and read: its files move back as they are.
    let (files, source, source_root, source_name) = match new {
        NewSet::Vault(files) => match key.create_child(STAGING_NAME) {
            Ok(staging) => (Some(files), staging, None, STAGING_NAME.to_owned()),
            Err(e) => {
                let error = Error::Write { path: key.shown(STAGING_NAME), source: e };
                drop(archive);
                let _ = finish(key, root, &journal, &written, key, STAGING_NAME);
                return Err(error);
            }
        },
        NewSet::Archived { set, .. } => (None, set.folder, Some(set.root), set.name),
    };
    let source_parent: &Folder = source_root.as_ref().unwrap_or(key);
    let outcome = {
        let places = Places { key, archive: archive.map(|(_, folder)| folder), source: &source };
        match apply(&places, files, &journal) {
            Ok(()) => Ok(()),
            Err(error) => {
                undo(&places, &journal, true)?;
                Err(error)
            }
        }
    };
    // Windows renames and removes no folder that is open: the handles on staging, the archive
    // folder and the archived set are closed before [`finish`] tidies them by name.
    drop(source);
    if let Some(aside) = finish(key, root, &journal, &written, source_parent, &source_name)? {
        ui.warn(&fl!("swap-set-aside", dir = shown(&aside)));
    }
    outcome
        .map(|()| Swapped { archive: journal.archive.as_ref().map(|name| root.path().join(name)) })
}

/// Steps 4–6: stage, archive, place, verify. Any error leaves the journal to [`undo`].
fn apply(places: &Places<'_>, files: Option<&[NewFile]>, journal: &Journal) -> Result<()> {
    let Places { key, source, .. } = *places;
    if let Some(files) = files {
        for file in files {
            let name = file.kind.name();
            source
                .write_new(name, &file.bytes, file.modified)
                .map_err(Error::write(&source.shown(name)))?;
            failpoint::crash("staging-one");
        }
        source.sync().map_err(Error::write(source.path()))?;
    }
    failpoint::crash("after-staging");

    if let Some(archive) = &places.archive {
        for entry in &journal.old {
            key.rename_to(&entry.name, archive, &entry.name)
                .map_err(moved(&key.shown(&entry.name), &archive.shown(&entry.name)))?;
            failpoint::crash("archive-one");
        }
        archive.sync().map_err(Error::write(archive.path()))?;
    }
    key.sync().map_err(Error::write(key.path()))?;
    failpoint::crash("after-archive");

    for entry in &journal.new {
        if failpoint::hit("write-error") {
            return Err(Error::Write {
                path: key.shown(&entry.name),
                source: io::Error::other("injected"),
            });
        }
        source
            .rename_to(&entry.name, key, &entry.name)
            .map_err(moved(&source.shown(&entry.name), &key.shown(&entry.name)))?;
        failpoint::crash("place-one");
    }
    key.sync().map_err(Error::write(key.path()))?;
    source.sync().map_err(Error::write(source.path()))?;
    failpoint::crash("after-place");
    if failpoint::hit("corrupt-installed") {
        let victim = key.shown(KeyKind::Utec.name());
        let mut bytes = std::fs::read(&victim).map_err(Error::read(&victim))?;
        bytes[0] ^= 0xFF;
        std::fs::write(&victim, bytes).map_err(Error::write(&victim))?;
    }

    if !complete_forward(places, journal) {
        return Err(Error::VerifyFailed { dir: key.path().to_owned() });
    }
    failpoint::crash("after-verify");
    Ok(())
}

/// The error of a rename from `from` to `to`: another program holding the file, or a write
/// error on the destination.
fn moved<'a>(from: &'a Path, to: &'a Path) -> impl FnOnce(io::Error) -> Error + 'a {
    move |e| {
        if platform::is_in_use(&e) {
            Error::FileInUse { path: from.to_owned() }
        } else {
            Error::Write { path: to.to_owned(), source: e }
        }
    }
}

/// Completes an operation a previous run left half done, and says what it did. Every command
/// that changes a key folder calls this first, under the folder's lock; `archive_dir` is the
/// run's `--archive-dir` (a journal whose archive is there is accepted too).
pub fn finish_pending(key: &KeyFolder, archive_dir: Option<&Path>, ui: &mut dyn Ui) -> Result<()> {
    // Ctrl-C waits for the recovery: it says the folder was put in order, not "nothing changed".
    let _critical = crate::interrupt::Critical::begin();
    let Some((outcome, aside)) = recover_saying(key, archive_dir)? else { return Ok(()) };
    crate::interrupt::done(crate::interrupt::Change::Recovered { dir: key.path().to_owned() });
    let dir = shown(key.path());
    match outcome {
        Recovered::Forward => ui.warn(&fl!("recovered-forward", dir = dir)),
        Recovered::Back => ui.warn(&fl!("recovered-back", dir = dir)),
        Recovered::Cleared => ui.warn(&fl!("recovered-cleared", dir = dir)),
    }
    if let Some(aside) = aside {
        ui.warn(&fl!("swap-set-aside", dir = shown(&aside)));
    }
    Ok(())
}

/// Whether an interrupted run left something in the folder (a journal, staging, a temporary
/// file): a command that only reads (status) takes the lock and recovers only then.
pub fn is_pending(key_dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(key_dir) else { return false };
    entries.flatten().any(|entry| {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        name == FILE_NAME || name == STAGING_NAME || disk::is_temp_name(&name)
    })
}

/// Completes an operation a previous run left half done, if any.
///
/// The journal is read as untrusted input ([`read_trusted`]); one that fails is refused and
/// nothing is touched. sigillo's own stale temporary files (a kill before the journal's
/// rename) go in every case.
pub fn recover(key: &KeyFolder, archive_dir: Option<&Path>) -> Result<Option<Recovered>> {
    Ok(recover_saying(key, archive_dir)?.map(|(outcome, _)| outcome))
}

/// [`recover`], and where staged copies that were never installed were set aside, if they were.
fn recover_saying(
    key: &KeyFolder,
    archive_dir: Option<&Path>,
) -> Result<Option<(Recovered, Option<PathBuf>)>> {
    let Some((journal, witnessed)) = read_trusted(key, archive_dir)? else {
        set_aside_stray_staging(key, archive_dir)?;
        remove_stale_temp_files(key);
        return Ok(None);
    };
    // The archive root is made by the swap only when there is an old set; recovery may need it
    // (to set staged files aside), and it is one sigillo would choose ([`check_location`]).
    if std::fs::symlink_metadata(&journal.archive_root).is_err() {
        std::fs::create_dir_all(&journal.archive_root)
            .map_err(Error::write(&journal.archive_root))?;
    }
    let root = Folder::open(&journal.archive_root)?;
    let archive = match &journal.archive {
        Some(name) => match root.kind(name).map_err(Error::read(&root.shown(name)))? {
            Some(_) => Some(root.open_child(name)?),
            None => None,
        },
        None => None,
    };
    let (source_root, source_name) = match &journal.source {
        Source::Staging => (None, STAGING_NAME.to_owned()),
        Source::Archived { root, name } => (Some(Folder::open(root)?), name.clone()),
    };
    let source_parent: &Folder = source_root.as_ref().unwrap_or(key);
    let source = match source_parent.kind(&source_name).map_err(Error::read(key.path()))? {
        Some(_) => source_parent.open_child(&source_name)?,
        // Staging is made after the journal: a kill in between leaves none. Made now, empty,
        // so that the new files have somewhere to go back to.
        None if journal.source == Source::Staging => {
            key.create_child(STAGING_NAME).map_err(Error::write(&key.shown(STAGING_NAME)))?
        }
        None => return Err(Error::JournalDamaged { path: key.shown(FILE_NAME) }),
    };
    let written = Written { run: journal.run.clone() };
    // Without its witness (a kill between the witness's removal and the journal's, or a journal
    // planted or written back) a journal may still be finished when that moves no key file: the
    // swap is complete, or the old set is whole at home. Anything else is refused.
    let outcome = {
        let places = Places { key, archive, source: &source };
        if complete_forward(&places, &journal) {
            if witnessed { Recovered::Forward } else { Recovered::Cleared }
        } else {
            let moves = undo_plan(&places, &journal, false)?;
            match (witnessed, moves.is_empty()) {
                (false, false) => {
                    return Err(Error::JournalUnwitnessed { path: key.shown(FILE_NAME) });
                }
                (false, true) => Recovered::Cleared,
                (true, _) => {
                    undo_moves(&places, moves)?;
                    Recovered::Back
                }
            }
        }
    };
    drop(source);
    let aside = finish(key, &root, &journal, &written, source_parent, &source_name)?;
    remove_stale_temp_files(key);
    Ok(Some((outcome, aside)))
}

/// Reads and checks the journal in the key folder, and says whether this user's sigillo holds a
/// witness of exactly these bytes: `None` when there is none; [`Hazard::Journal`] when it is a
/// link, too large, or fails [`parse`] or [`check_location`]; [`Error::JournalDamaged`] when it
/// is not JSON at all.
fn read_trusted(key: &KeyFolder, archive_dir: Option<&Path>) -> Result<Option<(Journal, bool)>> {
    let path = key.shown(FILE_NAME);
    let suspicious = || Error::Unsafe { path: path.clone(), hazard: Hazard::Journal };
    let bytes = match key.read_regular(FILE_NAME, MAX_JOURNAL) {
        Ok(bytes) => bytes,
        Err(Refused::Io(e)) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(Refused::Io(e)) => return Err(Error::Read { path, source: e }),
        Err(Refused::NotAFile | Refused::TooLarge) => return Err(suspicious()),
    };
    let journal = match parse(&bytes) {
        Ok(journal) => journal,
        Err(Problem::NotJson) => return Err(Error::JournalDamaged { path }),
        Err(_) => return Err(suspicious()),
    };
    if check_location(key.path(), archive_dir, &journal).is_err() {
        return Err(suspicious());
    }
    let witnessed = witnessed(&journal.run, &bytes);
    Ok(Some((journal, witnessed)))
}

/// Where this user's sigillo notes that run `run` wrote a journal: a file named after the run id
/// in the user's own state folder ([`platform::state_dir`]), which other users of the PC cannot
/// write, holding the SHA-256 of the journal's exact bytes.
fn witness_path(run: &str) -> Option<PathBuf> {
    Some(platform::state_dir()?.join(format!("journal-{run}")))
}

/// Whether the witness of `run` names exactly these journal bytes.
fn witnessed(run: &str, journal_bytes: &[u8]) -> bool {
    let Some(path) = witness_path(run) else { return false };
    disk::read_regular(&path, MAX_WITNESS)
        .ok()
        .and_then(|text| std::str::from_utf8(&text).ok()?.parse::<Sha256>().ok())
        .is_some_and(|witness| witness == Sha256::of(journal_bytes))
}

/// Why a journal is not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not JSON of the journal's shape.
    NotJson,
    /// `format` or `version` is not exactly sigillo's, or the run id is not 32 hex digits.
    Format,
    /// A name that is not one of the three key names, or names one key twice.
    Name,
    /// A hash that is not 64 lower-case hex digits.
    Hash,
    /// An archive root is not an absolute path of plain folder names, or a folder name is not
    /// one plain name.
    ArchivePath,
    /// An archive root is not one sigillo would choose for the key folder.
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
/// format and version, a run id of 32 lower-case hex digits, key names only (any case, no
/// folder), one entry per key, well-formed hashes, absolute archive roots of plain names and
/// folder names that are one plain name. Pure: reads no file (the fuzz target calls it).
pub fn parse(bytes: &[u8]) -> std::result::Result<Journal, Problem> {
    let journal: Journal = serde_json::from_slice(bytes).map_err(|e| {
        // JSON of another shape (another version's journal, or a planted one) is refused as
        // not sigillo's; only what is not JSON at all is a damaged file. A hash that is not 64
        // lower-case hex digits is named apart ([`Sha256`] refuses it while reading).
        if e.to_string().contains(hash::NOT_SHA256) {
            return Problem::Hash;
        }
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(_) => Problem::Format,
            Err(_) => Problem::NotJson,
        }
    })?;
    let run_ok = journal.run.len() == 32
        && journal.run.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if journal.format != FORMAT || journal.version != VERSION || !run_ok {
        return Err(Problem::Format);
    }
    for list in [&journal.old, &journal.new] {
        let mut seen = [false; KeyKind::ALL.len()];
        for entry in list {
            // `from_name` takes the whole name: "../UTEF.P12" or "C:UTEF.P12" is no key name.
            let Some(kind) = KeyKind::from_name(&entry.name) else {
                return Err(Problem::Name);
            };
            if !plain_name(&entry.name) || std::mem::replace(&mut seen[kind as usize], true) {
                return Err(Problem::Name);
            }
        }
    }
    let plain_root = |path: &Path| {
        path.is_absolute()
            && path.components().all(|c| !matches!(c, Component::CurDir | Component::ParentDir))
    };
    let mut roots_ok = plain_root(&journal.archive_root);
    let mut names_ok = journal.archive.as_deref().is_none_or(plain_name);
    if let Source::Archived { root, name } = &journal.source {
        roots_ok &= plain_root(root);
        names_ok &= plain_name(name) && !name.starts_with('.');
    }
    if !roots_ok || !names_ok || (journal.archive.is_none() && !journal.old.is_empty()) {
        return Err(Problem::ArchivePath);
    }
    Ok(journal)
}

/// One plain file or folder name: not empty, not `.` or `..`, no separator of any OS.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', ':', '\0'])
        && Path::new(name).components().count() == 1
}

/// Checks that a parsed journal's archive roots are ones sigillo would choose for `key_dir`:
/// beside it, inside it, or the `--archive-dir` of this run ([`archive::root_places`]).
pub fn check_location(
    key_dir: &Path,
    archive_dir: Option<&Path>,
    journal: &Journal,
) -> std::result::Result<(), Problem> {
    let archive_dir = archive_dir.map(normal);
    let roots = archive::root_places(&normal(key_dir), archive_dir.as_deref());
    let acceptable = |root: &Path| roots.iter().any(|r| same_path(r, root));
    let source_ok = match &journal.source {
        Source::Staging => true,
        Source::Archived { root, .. } => acceptable(root),
    };
    if acceptable(&journal.archive_root) && source_ok { Ok(()) } else { Err(Problem::ArchivePlace) }
}

/// Removes sigillo's own temporary files (`.sigillo-*.tmp`, what a kill before the journal's
/// rename leaves) from the key folder. Only regular files with that exact pattern: never a link,
/// a folder, a key file or any other name. Best effort: a file that cannot go stays.
fn remove_stale_temp_files(key: &KeyFolder) {
    let Ok(entries) = key.entries() else { return };
    for (name, kind) in entries {
        if kind == Kind::File && disk::is_temp_name(&name) {
            let _ = key.remove_own_file(&name);
        }
    }
}

/// A staging folder without a journal: emptied staging is removed; files in it (a run of an
/// older sigillo, or someone's) are set aside in the archive root, never deleted.
fn set_aside_stray_staging(key: &KeyFolder, archive_dir: Option<&Path>) -> Result<()> {
    match key.kind(STAGING_NAME).map_err(Error::read(key.path()))? {
        None => return Ok(()),
        Some(Kind::Folder) => {}
        Some(_) => {
            return Err(Error::Unsafe { path: key.shown(STAGING_NAME), hazard: Hazard::Link });
        }
    }
    key.remove_empty_child(STAGING_NAME);
    if key.kind(STAGING_NAME).map_err(Error::read(key.path()))?.is_none() {
        return Ok(());
    }
    let root = archive::open_root(key, archive_dir)?;
    set_aside(key, STAGING_NAME, &root)?;
    Ok(())
}

/// Moves the folder `name` of `parent` into `root` as `Chiavi non installate il gg-mm-aaaa`
/// (or `… (2)`): by one rename, never replacing anything. Returns its new path.
fn set_aside(parent: &Folder, name: &str, root: &Folder) -> Result<PathBuf> {
    if !parent.same_volume(root).map_err(Error::read(root.path()))? {
        return Err(Error::ArchiveElsewhere {
            dir: parent.path().to_owned(),
            archive: root.path().to_owned(),
        });
    }
    let base = archive::set_aside_name(dates::now_local().date_naive());
    for n in 1..=999 {
        let candidate = if n == 1 { base.clone() } else { format!("{base} ({n})") };
        match parent.rename_to(name, root, &candidate) {
            Ok(()) => return Ok(root.shown(&candidate)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::Write { path: root.shown(&candidate), source: e }),
        }
    }
    Err(Error::Write { path: root.shown(&base), source: io::ErrorKind::AlreadyExists.into() })
}

/// Refuses, before any journal exists, what the journal could not later verify: old key files
/// that are links, not regular files or too large ([`Hazard::KeyLink`],
/// [`Hazard::KeyNotRegular`], [`Hazard::KeyTooLarge`]). Install and rollback call it before
/// asking; the swap calls it again.
pub fn check_swappable(key: &Folder) -> Result<()> {
    for (name, kind) in key_entries(key)? {
        let path = key.shown(&name);
        let hazard = match kind {
            Kind::Link => Hazard::KeyLink,
            Kind::Folder | Kind::Other => Hazard::KeyNotRegular,
            Kind::File => match key.read_regular(&name, keyset::MAX_KEY_FILE) {
                Err(Refused::TooLarge) => Hazard::KeyTooLarge,
                Err(Refused::NotAFile) => Hazard::KeyNotRegular,
                // Held past the retries: said now, not waited for again by the next read.
                Err(Refused::Io(e)) if crate::platform::is_in_use(&e) => {
                    return Err(Error::FileHeld { path });
                }
                _ => continue,
            },
        };
        return Err(Error::Unsafe { path, hazard });
    }
    Ok(())
}

/// The entries of a folder named like key files (any case), with their kinds
/// ([`keyset::entries_in`]).
pub fn key_entries(folder: &Folder) -> Result<Vec<(String, Kind)>> {
    Ok(keyset::entries_in(folder)?.into_iter().map(|(_, name, kind)| (name, kind)).collect())
}

/// The hash of the regular file `name` in `folder`, read through its handle; `None` when there
/// is none (or it is not a regular file within the bound).
fn hash_in(folder: &Folder, name: &str) -> Option<Sha256> {
    folder.read_regular(name, keyset::MAX_KEY_FILE).ok().map(|bytes| Sha256::of(&bytes))
}

/// True when the new set is in place with the right hashes and the old set is whole in the
/// archive.
fn complete_forward(places: &Places<'_>, journal: &Journal) -> bool {
    let key = places.key;
    let new_in_place =
        journal.new.iter().all(|e| hash_in(key, &e.name).as_ref() == Some(&e.sha256));
    let old_archived = match &places.archive {
        Some(archive) => {
            journal.old.iter().all(|e| hash_in(archive, &e.name).as_ref() == Some(&e.sha256))
        }
        None => journal.old.is_empty(),
    };
    // An old name still in the key folder must be a new file under the same name (a file system
    // that ignores case): otherwise the old set is not fully out.
    let old_gone = journal.old.iter().all(|e| match hash_in(key, &e.name) {
        None => !matches!(key.kind(&e.name), Ok(Some(_))),
        Some(hash) => {
            journal.new.iter().any(|n| n.name.eq_ignore_ascii_case(&e.name) && n.sha256 == hash)
        }
    });
    new_in_place && old_archived && old_gone
}

/// One rename of an undo.
struct Move<'a> {
    from: &'a Folder,
    to: &'a Folder,
    name: String,
}

/// Puts the old set back, by renames only, and sends every new file back where it came from.
///
/// Everything is decided before anything moves: each name of the new set in the key folder
/// must have the new hash (in the run that placed it, `in_run`, any content that is not an old
/// file's is its own); each old file must be in the key folder or in the archive with its hash.
/// Anything else cannot be proven and is refused ([`Error::JournalDamaged`]) with nothing moved.
/// Staged files that were never installed are then set aside in the archive root.
fn undo(places: &Places<'_>, journal: &Journal, in_run: bool) -> Result<()> {
    let moves = undo_plan(places, journal, in_run)?;
    undo_moves(places, moves)
}

/// The renames that undo a swap, decided before anything moves (see [`undo`]).
fn undo_plan<'p>(places: &'p Places<'_>, journal: &Journal, in_run: bool) -> Result<Vec<Move<'p>>> {
    let key = places.key;
    let damaged = || Error::JournalDamaged { path: key.shown(FILE_NAME) };
    let mut moves = Vec::new();
    let mut taken_back = Vec::new();
    for entry in &journal.new {
        let Some(hash) = hash_in(key, &entry.name) else {
            // Nothing by that name: the new file never came (or already went back).
            if matches!(key.kind(&entry.name), Ok(None)) {
                continue;
            }
            return Err(damaged());
        };
        if journal.old.iter().any(|o| o.sha256 == hash && o.name.eq_ignore_ascii_case(&entry.name))
        {
            // An old file at home under this name (a case-insensitive file system).
            continue;
        }
        if hash != entry.sha256 && !in_run {
            return Err(damaged());
        }
        // The actual name found may differ in case: rename what is there, keep the journal's.
        if matches!(places.source.kind(&entry.name), Ok(Some(_))) {
            return Err(damaged());
        }
        moves.push(Move { from: key, to: places.source, name: entry.name.clone() });
        taken_back.push(entry.name.to_ascii_lowercase());
    }
    for entry in &journal.old {
        let home = hash_in(key, &entry.name);
        if home.as_ref() == Some(&entry.sha256) {
            continue;
        }
        let freed = taken_back.contains(&entry.name.to_ascii_lowercase());
        if home.is_some() && !freed {
            // Neither old nor new: not ours to move.
            return Err(damaged());
        }
        match &places.archive {
            Some(archive) if hash_in(archive, &entry.name).as_ref() == Some(&entry.sha256) => {
                moves.push(Move { from: archive, to: key, name: entry.name.clone() });
            }
            _ => return Err(damaged()),
        }
    }
    Ok(moves)
}

/// Carries out an undo's renames, then flushes and removes the emptied archive folder.
fn undo_moves(places: &Places<'_>, moves: Vec<Move<'_>>) -> Result<()> {
    let key = places.key;
    for Move { from, to, name } in moves {
        from.rename_to(&name, to, &name).map_err(moved(&from.shown(&name), &to.shown(&name)))?;
    }
    key.sync().map_err(Error::write(key.path()))?;
    if let Some(archive) = &places.archive {
        archive.sync().map_err(Error::write(archive.path()))?;
    }
    Ok(())
}

/// Ends a swap, once its folder handles are closed (Windows renames and removes no open folder):
/// the witness first, then the emptied source folder (staging, or the archived folder a
/// rollback emptied) and an archive folder an undo emptied, then the journal. Staging that still
/// holds files (never installed) is set aside in the archive root: its new path is returned.
/// What is removed is what this run knows it wrote: the witness of its own run id, the
/// journal's name, empty folders.
fn finish(
    key: &KeyFolder,
    root: &Folder,
    journal: &Journal,
    written: &Written,
    source_parent: &Folder,
    source_name: &str,
) -> Result<Option<PathBuf>> {
    if let Some(witness) = witness_path(&written.run) {
        let _ = std::fs::remove_file(witness);
    }
    source_parent.remove_empty_child(source_name);
    let mut aside = None;
    if journal.source == Source::Staging && key.kind(STAGING_NAME).ok().flatten().is_some() {
        aside = Some(set_aside(key, STAGING_NAME, root)?);
    }
    if let Some(name) = &journal.archive {
        root.remove_empty_child(name);
    }
    match key.remove_own_file(FILE_NAME) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::Write { path: key.shown(FILE_NAME), source: e }),
    }
    key.sync().map_err(Error::write(key.path()))?;
    Ok(aside)
}

/// What this run wrote: its run id (the witness is named after it).
struct Written {
    run: String,
}

/// Writes the journal, its witness first (a witness without a journal is harmless; a journal
/// without one is refused by a later run, which then touches nothing). The journal is written
/// to a temporary file in the key folder, flushed, and renamed into place (never over another).
fn write(key: &KeyFolder, journal: &Journal) -> Result<Written> {
    let bytes = Zeroizing::new(serde_json::to_vec_pretty(journal).expect("a journal serializes"));
    // Without its witness a journal left by a crash could not be acted on: the folder would stay
    // half swapped until someone fixed it by hand. So no witness, no swap: refused here, before
    // the journal and before anything moves.
    let Some(witness) = witness_path(&journal.run) else {
        let path = PathBuf::from(platform::STATE_DIR_HINT);
        return Err(Error::Write { path, source: io::ErrorKind::NotFound.into() });
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    platform::owner_only_dir(&mut builder);
    let folder = disk::parent(&witness);
    builder.create(folder).map_err(Error::write(folder))?;
    write_witness(&witness, Sha256::of(&bytes).to_string().as_bytes())
        .map_err(Error::write(&witness))?;
    let temp = format!(".sigillo-{}.tmp", random_hex()?);
    let path = key.shown(FILE_NAME);
    key.write_new(&temp, &bytes, None).map_err(Error::write(&path))?;
    failpoint::crash("before-rename");
    if let Err(e) = key.rename_to(&temp, key, FILE_NAME) {
        let _ = key.remove_own_file(&temp);
        return Err(Error::Write { path, source: e });
    }
    key.sync().map_err(Error::write(key.path()))?;
    Ok(Written { run: journal.run.clone() })
}

/// Creates the witness file (owner-only, never over an existing one) and flushes it.
fn write_witness(path: &Path, text: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    platform::owner_only_file(&mut options);
    let mut file = options.open(path)?;
    file.write_all(text)?;
    file.sync_all()
}

/// 32 random hex digits.
fn random_hex() -> Result<String> {
    let mut raw = [0u8; 16];
    getrandom::getrandom(&mut raw).map_err(|e| Error::Write {
        path: PathBuf::from(FILE_NAME),
        source: io::Error::other(e.to_string()),
    })?;
    Ok(crate::hash::hex(&raw))
}

/// `path` made absolute, with `.` and `..` resolved by name (not through links): the form the
/// journal records and compares.
pub fn normal(path: &Path) -> PathBuf {
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

/// A key file of the set being moved, read through the folder's handle: never through a link,
/// never past [`keyset::MAX_KEY_FILE`].
fn read_key_file(folder: &Folder, name: &str) -> Result<Zeroizing<Vec<u8>>> {
    let path = folder.shown(name);
    folder.read_regular(name, keyset::MAX_KEY_FILE).map_err(|refused| match refused {
        Refused::Io(e) => Error::reading(&path, e),
        Refused::NotAFile => Error::Unsafe { path, hazard: Hazard::KeyNotRegular },
        Refused::TooLarge => Error::Unsafe { path, hazard: Hazard::KeyTooLarge },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::testing::Script;

    const HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

    /// A journal as sigillo writes it for `key_dir`, archiving beside it.
    fn journal_for(key_dir: &Path) -> Journal {
        let key_dir = normal(key_dir);
        let archive_root = key_dir.parent().unwrap().join(archive::ROOT_NAME);
        Journal {
            format: FORMAT.into(),
            version: VERSION,
            run: "0123456789abcdef0123456789abcdef".into(),
            operation: Operation::Install,
            started_at: dates::now_local(),
            archive_root,
            archive: Some("Chiavi X - Scadute al 31-10-2026".into()),
            source: Source::Staging,
            old: KeyKind::ALL
                .iter()
                .map(|k| Entry { name: k.name().to_lowercase(), sha256: HASH.parse().unwrap() })
                .collect(),
            new: KeyKind::ALL
                .iter()
                .map(|k| Entry { name: k.name().into(), sha256: HASH.parse().unwrap() })
                .collect(),
        }
    }

    fn bytes(journal: &Journal) -> Vec<u8> {
        serde_json::to_vec(journal).unwrap()
    }

    /// A key folder holding three files with the given contents' first byte.
    fn key_folder_with(dir: &Path, tag: u8) -> PathBuf {
        let key_dir = dir.join("Entratel");
        std::fs::create_dir_all(&key_dir).unwrap();
        for kind in KeyKind::ALL {
            std::fs::write(key_dir.join(kind.name()), [tag, kind as u8]).unwrap();
        }
        key_dir
    }

    fn vault_files(tag: u8) -> Vec<NewFile> {
        KeyKind::ALL
            .iter()
            .map(|&kind| NewFile {
                kind,
                bytes: Zeroizing::new(vec![tag, kind as u8]),
                modified: None,
            })
            .collect()
    }

    /// An install's swap of `new` into `key`, archiving under "Chiavi X", saying nothing.
    fn install_swap(key: &KeyFolder, root: &Folder, new: &[NewFile]) -> Result<Swapped> {
        let quiet = &mut Script::default();
        swap(key, root, "Chiavi X", NewSet::Vault(new), Operation::Install, quiet)
    }

    fn contents(dir: &Path) -> Vec<Option<Vec<u8>>> {
        KeyKind::ALL.iter().map(|k| std::fs::read(dir.join(k.name())).ok()).collect()
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
        for bad in ["../x", &"AB".repeat(32), &"ab".repeat(32)[1..], &"ag".repeat(32)] {
            let mut json = serde_json::to_value(&journal).unwrap();
            json["new"][0]["sha256"] = bad.into();
            assert_eq!(parse(&serde_json::to_vec(&json).unwrap()), Err(Problem::Hash), "{bad}");
        }
    }

    #[test]
    fn format_version_and_run_must_be_exact() {
        let dir = tempfile::tempdir().unwrap();
        let journal = journal_for(&dir.path().join("Entratel"));
        let mut format = journal.clone();
        format.format = "sigillo-journal ".into();
        assert_eq!(parse(&bytes(&format)), Err(Problem::Format));
        let mut version = journal.clone();
        version.version = 1;
        assert_eq!(parse(&bytes(&version)), Err(Problem::Format));
        for run in ["", "0123", "../../../../../../../../etc/pass", &"A".repeat(32)] {
            let mut bad = journal.clone();
            bad.run = run.into();
            assert_eq!(parse(&bytes(&bad)), Err(Problem::Format), "{run:?}");
        }
        assert_eq!(parse(b"{"), Err(Problem::NotJson));
        let mut extra: serde_json::Value = serde_json::from_slice(&bytes(&journal)).unwrap();
        extra["more"] = serde_json::Value::Bool(true);
        assert_eq!(parse(&serde_json::to_vec(&extra).unwrap()), Err(Problem::Format));
    }

    #[test]
    fn an_archive_anywhere_else_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = dir.path().join("Entratel");
        let journal = journal_for(&key_dir);
        let elsewhere = normal(&dir.path().join("attaccante"));

        for name in ["a/b", "..", ".", "", "a\\b", "C:x"] {
            let mut bad = journal.clone();
            bad.archive = Some(name.into());
            assert_eq!(parse(&bytes(&bad)), Err(Problem::ArchivePath), "{name:?}");
        }
        let mut relative = journal.clone();
        relative.archive_root = PathBuf::from(archive::ROOT_NAME);
        assert_eq!(parse(&bytes(&relative)), Err(Problem::ArchivePath));
        let mut dots = journal.clone();
        dots.archive_root = journal.archive_root.join("..").join("attaccante");
        assert_eq!(parse(&bytes(&dots)), Err(Problem::ArchivePath));
        let mut no_archive = journal.clone();
        no_archive.archive = None;
        assert_eq!(parse(&bytes(&no_archive)), Err(Problem::ArchivePath), "old files, no archive");
        let mut staging = journal.clone();
        staging.source = Source::Archived { root: journal.archive_root.clone(), name: ".x".into() };
        assert_eq!(parse(&bytes(&staging)), Err(Problem::ArchivePath), "a hidden source");

        // Well formed, but a root sigillo would not choose for this key folder.
        let mut moved = journal.clone();
        moved.archive_root = elsewhere.clone();
        let parsed = parse(&bytes(&moved)).unwrap();
        assert_eq!(check_location(&key_dir, None, &parsed), Err(Problem::ArchivePlace));
        // ... unless this run was given it as --archive-dir.
        assert_eq!(check_location(&key_dir, Some(&elsewhere), &parsed), Ok(()));
        // A rollback's source elsewhere is refused the same way.
        let mut source = journal.clone();
        source.source = Source::Archived { root: elsewhere.clone(), name: "Chiavi".into() };
        let parsed = parse(&bytes(&source)).unwrap();
        assert_eq!(check_location(&key_dir, None, &parsed), Err(Problem::ArchivePlace));
        // A journal copied from another key folder does not fit this one.
        let other = dir.path().join("altra").join("Entratel");
        assert_eq!(check_location(&other, None, &journal), Err(Problem::ArchivePlace));
    }

    #[test]
    fn a_swap_archives_the_old_set_by_renames_and_leaves_no_journal() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = key_folder_with(dir.path(), b'o');
        let key = KeyFolder::lock(&key_dir).unwrap();
        let root = archive::open_root(&key, None).unwrap();
        let new = vault_files(b'n');
        let done = install_swap(&key, &root, &new).unwrap();
        let archived = done.archive.unwrap();
        assert_eq!(archived, root.path().join("Chiavi X"));
        assert!(contents(&key_dir).iter().all(|c| c.as_ref().unwrap()[0] == b'n'));
        assert!(contents(&archived).iter().all(|c| c.as_ref().unwrap()[0] == b'o'));
        let mut left: Vec<String> = std::fs::read_dir(&key_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, [crate::folder::LOCK_NAME, "UTEC.P12", "UTEF.P12", "UTENTE.KS"]);
    }

    /// Issue 20, item 4: a dangling link planted under the archive folder's predictable name is a
    /// taken name: the old keys go to `… (2)`, never through the link.
    #[cfg(unix)]
    #[test]
    fn a_link_planted_under_the_archive_name_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = key_folder_with(dir.path(), b'o');
        let key = KeyFolder::lock(&key_dir).unwrap();
        let root = archive::open_root(&key, None).unwrap();
        let elsewhere = dir.path().join("attaccante");
        std::os::unix::fs::symlink(&elsewhere, root.path().join("Chiavi X")).unwrap();
        std::os::unix::fs::symlink(key_dir.join(STAGING_NAME), root.path().join("Chiavi X (2)"))
            .unwrap();
        let new = vault_files(b'n');
        let done = install_swap(&key, &root, &new).unwrap();
        assert_eq!(done.archive.unwrap(), root.path().join("Chiavi X (3)"));
        assert!(!elsewhere.exists(), "nothing was written through the dangling link");
        let archived = root.path().join("Chiavi X (3)");
        assert!(contents(&archived).iter().all(|c| c.as_ref().unwrap()[0] == b'o'));
    }

    /// Issue 20, item 2 (racing variant): the archived set's folder is swapped for a link to the
    /// key folder after rollback opened it. The swap acts on the handle it opened: the real set
    /// comes back, the current one is archived, and nothing is lost.
    #[cfg(unix)]
    #[test]
    fn a_rollback_source_swapped_for_a_link_still_moves_the_checked_folder() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = key_folder_with(dir.path(), b'n');
        let key = KeyFolder::lock(&key_dir).unwrap();
        let root = archive::open_root(&key, None).unwrap();
        let (name, folder) = root.create_unused_child("Chiavi X - Scadute al 31-10-2026").unwrap();
        for kind in KeyKind::ALL {
            folder.write_new(kind.name(), &[b'o', kind as u8], None).unwrap();
        }
        let files = KeyKind::ALL
            .iter()
            .map(|&k| Entry { name: k.name().into(), sha256: Sha256::of(&[b'o', k as u8]) })
            .collect();
        // The attacker's move, while the question waits.
        let moved_away = dir.path().join("spostata");
        std::fs::rename(root.path().join(&name), &moved_away).unwrap();
        std::os::unix::fs::symlink(&key_dir, root.path().join(&name)).unwrap();
        let set = archive::Archived { root: Folder::open(root.path()).unwrap(), name, folder };
        let new = NewSet::Archived { set, files };
        let result =
            swap(&key, &root, "Chiavi Y", new, Operation::Rollback, &mut Script::default());
        // Whatever the outcome, no key file is lost: three old-set files and three new-set files
        // are somewhere, each exactly once.
        let mut seen = Vec::new();
        for place in [key_dir.clone(), moved_away.clone(), root.path().join("Chiavi Y")] {
            for c in contents(&place).into_iter().flatten() {
                seen.push(c);
            }
        }
        seen.sort();
        let mut expected: Vec<Vec<u8>> =
            KeyKind::ALL.iter().flat_map(|&k| [vec![b'n', k as u8], vec![b'o', k as u8]]).collect();
        expected.sort();
        assert_eq!(seen, expected, "{result:?}");
        assert!(contents(&key_dir).iter().all(|c| c.as_ref().unwrap()[0] == b'o'), "{result:?}");
    }

    /// A journal without a witness that would move key files (a half-placed "install" naming the
    /// live UTEF as new and an archived set as old) is refused with nothing moved.
    #[test]
    fn a_planted_journal_that_would_move_keys_without_a_witness_touches_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = key_folder_with(dir.path(), b'o');
        std::fs::remove_file(key_dir.join("UTEC.P12")).unwrap();
        let archived = dir.path().join(archive::ROOT_NAME).join("Chiavi X - Scadute al 31-10-2026");
        std::fs::create_dir_all(&archived).unwrap();
        for kind in KeyKind::ALL {
            std::fs::write(archived.join(kind.name()), [b'a', kind as u8]).unwrap();
        }
        let mut journal = journal_for(&key_dir);
        let hash = |tag: u8, kind: KeyKind| Sha256::of(&[tag, kind as u8]);
        journal.new = KeyKind::ALL
            .iter()
            .map(|&k| Entry { name: k.name().into(), sha256: hash(b'o', k) })
            .collect();
        journal.old = KeyKind::ALL
            .iter()
            .map(|&k| Entry { name: k.name().into(), sha256: hash(b'a', k) })
            .collect();
        std::fs::write(key_dir.join(FILE_NAME), bytes(&journal)).unwrap();
        let (keys, kept) = (contents(&key_dir), contents(&archived));
        let key = KeyFolder::lock(&key_dir).unwrap();
        let err = recover(&key, None).unwrap_err();
        assert!(matches!(err, Error::JournalUnwitnessed { .. }), "{err:?}");
        assert_eq!(err.exit(), crate::error::Exit::Refused);
        assert_eq!((contents(&key_dir), contents(&archived)), (keys, kept));
        assert!(key_dir.join(FILE_NAME).exists(), "the evidence stays");
    }

    /// Issue 20, item 3: a journal naming the live keys as the "new" set of a finished install,
    /// without a witness (written back later). Before, recovery deleted the live keys. Now it is
    /// only removed, and said so: no key file moves.
    #[test]
    fn a_replayed_journal_of_a_finished_swap_is_only_removed() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = key_folder_with(dir.path(), b'o');
        let before = contents(&key_dir);
        let mut journal = journal_for(&key_dir);
        journal.new = KeyKind::ALL
            .iter()
            .map(|&k| Entry { name: k.name().into(), sha256: Sha256::of(&[b'o', k as u8]) })
            .collect();
        journal.old.clear();
        journal.archive = None;
        std::fs::write(key_dir.join(FILE_NAME), bytes(&journal)).unwrap();
        let key = KeyFolder::lock(&key_dir).unwrap();
        assert_eq!(recover(&key, None).unwrap(), Some(Recovered::Cleared));
        assert_eq!(contents(&key_dir), before);
        assert!(!key_dir.join(FILE_NAME).exists());
    }

    /// Issue 20, item 5: a journal swapped for a link (to /dev/zero, or anywhere) is never read
    /// through it.
    #[cfg(unix)]
    #[test]
    fn a_linked_journal_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = key_folder_with(dir.path(), b'o');
        std::os::unix::fs::symlink("/dev/zero", key_dir.join(FILE_NAME)).unwrap();
        let key = KeyFolder::lock(&key_dir).unwrap();
        let err = recover(&key, None).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::Journal, .. }), "{err:?}");
    }

    #[test]
    fn recovery_removes_only_sigillos_own_stale_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = dir.path();
        std::fs::write(key_dir.join(".sigillo-AbC123.tmp"), b"{").unwrap();
        std::fs::write(key_dir.join("UTEF.P12"), b"k").unwrap();
        std::fs::write(key_dir.join("appunti.tmp"), b"mio").unwrap();
        std::fs::write(key_dir.join(".sigillo-journal.json.bak"), b"x").unwrap();
        std::fs::create_dir(key_dir.join(".sigillo-cartella.tmp")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(key_dir.join("appunti.tmp"), key_dir.join(".sigillo-L.tmp"))
            .unwrap();
        let key = KeyFolder::lock(key_dir).unwrap();
        assert_eq!(recover(&key, None).unwrap(), None);
        let mut left: Vec<String> = std::fs::read_dir(key_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut expected = vec![
            ".sigillo-cartella.tmp",
            ".sigillo-journal.json.bak",
            crate::folder::LOCK_NAME,
            "UTEF.P12",
            "appunti.tmp",
        ];
        if cfg!(unix) {
            expected.insert(0, ".sigillo-L.tmp");
        }
        assert_eq!(left, expected);
    }

    /// Staged files left without a journal (an older sigillo's run) are set aside in the
    /// archive, never deleted.
    #[test]
    fn stray_staged_files_are_set_aside_not_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = key_folder_with(dir.path(), b'o');
        std::fs::create_dir(key_dir.join(STAGING_NAME)).unwrap();
        std::fs::write(key_dir.join(STAGING_NAME).join("UTEF.P12"), b"nuova").unwrap();
        let key = KeyFolder::lock(&key_dir).unwrap();
        assert_eq!(recover(&key, None).unwrap(), None);
        assert!(!key_dir.join(STAGING_NAME).exists());
        let aside = dir
            .path()
            .join(archive::ROOT_NAME)
            .join(archive::set_aside_name(dates::now_local().date_naive()));
        assert_eq!(std::fs::read(aside.join("UTEF.P12")).unwrap(), b"nuova");
    }

    #[cfg(unix)]
    #[test]
    fn linked_or_oversized_old_files_are_refused_before_the_journal() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = dir.path().join("Entratel");
        std::fs::create_dir_all(&key_dir).unwrap();
        let elsewhere = dir.path().join("UTEF-vero.P12");
        std::fs::write(&elsewhere, b"k").unwrap();
        std::os::unix::fs::symlink(&elsewhere, key_dir.join("UTEF.P12")).unwrap();
        let key = KeyFolder::lock(&key_dir).unwrap();
        let err = check_swappable(&key).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::KeyLink, .. }), "{err:?}");
        std::fs::remove_file(key_dir.join("UTEF.P12")).unwrap();

        std::fs::create_dir(key_dir.join("UTEC.P12")).unwrap();
        let err = check_swappable(&key).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::KeyNotRegular, .. }), "{err:?}");
        std::fs::remove_dir(key_dir.join("UTEC.P12")).unwrap();

        let big = std::fs::File::create(key_dir.join("UTENTE.KS")).unwrap();
        big.set_len(keyset::MAX_KEY_FILE + 1).unwrap();
        let err = check_swappable(&key).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::KeyTooLarge, .. }), "{err:?}");
        big.set_len(10).unwrap();
        check_swappable(&key).unwrap();

        // The swap itself refuses too, before writing a journal or making an archive folder.
        big.set_len(keyset::MAX_KEY_FILE + 1).unwrap();
        let root = archive::open_root(&key, None).unwrap();
        let new = vault_files(1);
        let err = swap(
            &key,
            &root,
            "Chiavi",
            NewSet::Vault(&new),
            Operation::Install,
            &mut Script::default(),
        )
        .unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::KeyTooLarge, .. }), "{err:?}");
        assert!(!key_dir.join(FILE_NAME).exists());
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);
    }
}
