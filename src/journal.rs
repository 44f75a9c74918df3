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
//! This module must never delete a file whose hash is not one the journal names, and never
//! write a key file anywhere but the key folder, its hidden staging folder and the archive.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use chrono::{DateTime, FixedOffset};

use crate::dates;
use crate::disk;
use crate::error::{Error, Result};
use crate::failpoint;
use crate::fl;
use crate::hash::sha256_hex;
use crate::keyset::{self, KeyKind};
use crate::platform;
use crate::sanitize::shown;
use crate::ui::Ui;

/// The journal's file name, in the key folder.
pub const FILE_NAME: &str = ".sigillo-journal.json";
/// The hidden staging folder, in the key folder.
pub const STAGING_NAME: &str = ".sigillo-nuove";

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
    let found = keyset::locate_files(key_dir)?;
    let mut old = Vec::new();
    for path in found.iter().flatten() {
        let bytes = Zeroizing::new(fs::read(path).map_err(Error::read(path))?);
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        old.push(Entry { name, sha256: sha256_hex(&bytes) });
    }
    let journal = Journal {
        format: "sigillo-journal".into(),
        version: 1,
        operation,
        started_at: dates::now_local(),
        archive: absolute(archive),
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
            undo(key_dir, &journal, true)?;
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
    fs::create_dir(&staging).map_err(Error::write(&staging))?;
    for file in new {
        write_file(&staging.join(file.kind.name()), &file.bytes, file.modified)?;
        failpoint::crash("staging-one");
    }
    disk::sync_dir(&staging).map_err(Error::write(&staging))?;
    failpoint::crash("after-staging");

    if !journal.old.is_empty() {
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
/// that touches a key folder calls this first.
pub fn finish_pending(key_dir: &Path, ui: &mut dyn Ui) -> Result<()> {
    match recover(key_dir)? {
        Some(Recovered::Forward) => ui.warn(&fl!("recovered-forward", dir = shown(key_dir))),
        Some(Recovered::Back) => ui.warn(&fl!("recovered-back", dir = shown(key_dir))),
        None => {}
    }
    Ok(())
}

/// Completes an operation a previous run left half done, if any.
pub fn recover(key_dir: &Path) -> Result<Option<Recovered>> {
    let path = key_dir.join(FILE_NAME);
    let text = match fs::read(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // A staging folder without a journal is the tail of a finished swap.
            let staging = key_dir.join(STAGING_NAME);
            if staging.exists() {
                platform::retry_in_use(|| fs::remove_dir_all(&staging))
                    .map_err(Error::write(&staging))?;
            }
            return Ok(None);
        }
        Err(e) => return Err(Error::Read { path, source: e }),
    };
    let journal: Journal =
        serde_json::from_slice(&text).map_err(|_| Error::JournalDamaged { path: path.clone() })?;
    if complete_forward(key_dir, &journal) {
        finish(key_dir)?;
        Ok(Some(Recovered::Forward))
    } else {
        undo(key_dir, &journal, false)?;
        Ok(Some(Recovered::Back))
    }
}

/// The journal of a pending operation, if any (for messages).
pub fn pending(key_dir: &Path) -> Option<Journal> {
    serde_json::from_slice(&fs::read(key_dir.join(FILE_NAME)).ok()?).ok()
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
fn undo(key_dir: &Path, journal: &Journal, just_placed: bool) -> Result<()> {
    // New files out first, so the old names are free again (on Windows UTEF.P12 and utef.p12
    // are one name). Only a file with the new hash is removed, and never one whose hash is also
    // the old file's (unchanged between generations: it stays and counts as restored).
    for entry in &journal.new {
        let path = key_dir.join(&entry.name);
        let Some(hash) = hash_of(&path) else { continue };
        let is_new = hash == entry.sha256 || just_placed;
        let also_old = journal.old.iter().any(|o| o.sha256 == hash);
        if is_new && !also_old {
            platform::retry_in_use(|| fs::remove_file(&path)).map_err(Error::write(&path))?;
        }
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
    match platform::retry_in_use(|| fs::remove_file(&journal)) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::Write { path: journal, source: e }),
    }
    disk::sync_dir(key_dir).map_err(Error::write(key_dir))
}

fn write(key_dir: &Path, journal: &Journal) -> Result<()> {
    let bytes = serde_json::to_vec_pretty(journal).expect("a journal serializes");
    disk::write_atomic(&key_dir.join(FILE_NAME), &bytes, true)
}

fn hash_of(path: &Path) -> Option<String> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > keyset::MAX_KEY_FILE {
        return None;
    }
    fs::read(path).ok().map(|bytes| sha256_hex(&Zeroizing::new(bytes)))
}

/// Writes a new key file, flushed, with the given modification time.
fn write_file(path: &Path, bytes: &[u8], modified: Option<SystemTime>) -> Result<()> {
    let mut file = fs::File::create_new(path).map_err(Error::write(path))?;
    file.write_all(bytes).map_err(Error::write(path))?;
    if let Some(time) = modified {
        file.set_modified(time).map_err(Error::write(path))?;
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
    let bytes = Zeroizing::new(fs::read(from).map_err(Error::read(from))?);
    let modified = fs::metadata(from).and_then(|m| m.modified()).ok();
    write_file(to, &bytes, modified)?;
    if hash_of(to) != Some(sha256_hex(&bytes)) {
        let _ = fs::remove_file(to);
        return Err(Error::VerifyFailed { dir: disk::parent(to).to_owned() });
    }
    platform::retry_in_use(|| fs::remove_file(from)).map_err(Error::write(from))
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}
