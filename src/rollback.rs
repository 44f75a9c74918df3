//! rollback: undo the last install — the most recently archived set goes back into the key
//! folder, and the current set is archived first (never deleted), through the same journaled
//! swap as install. The archived folder is opened once (never through a link) and its files are
//! moved back by rename through that handle, never copied and deleted.
//!
//! The set taken out keeps its true name, `… - Scadute al gg-mm-aaaa` with its certificates'
//! expiry when it can be read (so two rollbacks in a row swap two truly named sets, never a
//! `Sostituite il … (2)`), else `… - Sostituite il gg-mm-aaaa`; so too when the set taken out
//! holds the very keys that come back (a password change undone: those keys are not expired). Before asking, rollback says which
//! set comes back and which goes, with their dates. Rollback must never run while Desktop
//! Telematico is open, and never lose either set.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};

use crate::archive::{self, AuditFile, AuditRecord};
use crate::certs;
use crate::cli::RollbackArgs;
use crate::context::Context;
use crate::dates;
use crate::describe;
use crate::error::{Error, Result};
use crate::failpoint;
use crate::fl;
use crate::folder::KeyFolder;
use crate::guard;
use crate::hash::sha256_hex;
use crate::journal::{self, NewSet, Operation};
use crate::keyset::{self, KeyKind};
use crate::locate::{self, SearchRoots};
use crate::sanitize::shown;
use crate::ui::{Ui, agree, agree_or_refuse};

/// A validated rollback request.
#[derive(Debug)]
pub struct RollbackPlan {
    /// The key folder; searched for when not given.
    pub dir: Option<PathBuf>,
    /// Where to search for it.
    pub roots: SearchRoots,
    /// The stick: never taken as the key folder.
    pub stick: PathBuf,
    /// Where archives are, when not in the default place.
    pub archive_dir: Option<PathBuf>,
    /// Answer yes to every confirmation.
    pub yes: bool,
    /// Bring back even keys already expired, or whose dates cannot be read.
    pub force: bool,
    /// Today, for the name of the set taken out.
    pub today: NaiveDate,
    /// Process ids the Desktop Telematico check must not count (`--ignora-programma`).
    pub ignore_programs: Vec<u32>,
}

impl RollbackPlan {
    /// The plan `sigillo rollback` describes.
    pub fn from_args(args: RollbackArgs, ctx: &Context) -> RollbackPlan {
        RollbackPlan {
            dir: args.dir,
            roots: ctx.roots.clone(),
            stick: ctx.stick.clone(),
            archive_dir: args.archive_dir,
            yes: ctx.yes,
            force: args.force,
            today: ctx.today,
            ignore_programs: args.ignore_program,
        }
    }

    /// The plan guided mode follows.
    pub fn guided(ctx: &Context) -> RollbackPlan {
        RollbackPlan::from_args(RollbackArgs::default(), &ctx.guided())
    }
}

/// The set to bring back must still be valid: expired keys, or keys whose dates cannot be read
/// without their password, are asked about (with `--yes`: refused unless `--force`).
fn refuse_expired(
    plan: &RollbackPlan,
    archived: &Path,
    restored: &keyset::KeySet,
    ui: &mut dyn Ui,
) -> Result<()> {
    let expiry = examine(restored).and_then(|exam| exam.expiry());
    let (question, refusal) = match expiry {
        Some(expiry) if expiry.date_naive() < plan.today => {
            let date = dates::day(expiry.date_naive());
            (
                fl!("rollback-ask-expired", date = date),
                Error::KeysExpired { expiry: expiry.date_naive() },
            )
        }
        Some(_) => return Ok(()),
        None => {
            ui.warn(&fl!("rollback-dates-unknown", dir = shown(archived)));
            (fl!("rollback-ask-dates-unknown"), Error::DatesUnknown { dir: archived.to_owned() })
        }
    };
    agree_or_refuse(ui, plan.yes, plan.force, &question, refusal)
}

/// What a set's keystore says without a password, from the bytes already read.
fn examine(set: &keyset::KeySet) -> Option<certs::Examination> {
    let files = KeyKind::ALL.map(|kind| set.file(kind).bytes.as_slice());
    // Without a password nothing is derived: a budget of its own costs nothing.
    let exam = certs::examine(files, None, Utc::now(), &certs::Budget::new());
    exam.expiry().is_some().then_some(exam)
}

/// `sigillo rollback`.
/// Returns the key folder it restored (guided mode remembers it).
pub fn rollback(plan: &RollbackPlan, ui: &mut dyn Ui) -> Result<PathBuf> {
    let dir = &locate::key_folder(
        plan.dir.as_deref(),
        &plan.roots,
        std::slice::from_ref(&plan.stick),
        ui,
    )?;
    if failpoint::hit("readonly-target") {
        return Err(Error::not_writable(dir));
    }
    // One writer: held from before the folder's state is read to the end.
    let key = KeyFolder::lock(dir)?;
    journal::finish_pending(&key, plan.archive_dir.as_deref(), ui)?;
    // The archived set is opened (never through a link) and read now; the swap moves exactly
    // the files of this folder handle, whatever happens to its name while the question waits.
    let Some(latest) = archive::sets(dir, plan.archive_dir.as_deref()).into_iter().next() else {
        return Err(Error::NothingToRollBack { dir: dir.clone() });
    };
    let latest_path = latest.folder.path().to_owned();
    let restored = keyset::read_in(&latest.folder)?;
    let ignored = guard::refuse_while_running(plan.yes, &plan.ignore_programs, ui)?;
    refuse_expired(plan, &latest_path, &restored, ui)?;
    if !archive::writable(dir) {
        return Err(Error::not_writable(dir));
    }

    let root_path = archive::root_for(dir, plan.archive_dir.as_deref());
    // What the journal could not verify later, and links it would write through: refused
    // before anything is read or asked, with nothing moved.
    journal::check_swappable(&key)?;
    archive::check_root(&root_path)?;
    let current = keyset::present_in(&key)?;
    let has_current = !current.is_empty();
    let file = |kind: KeyKind| {
        current.iter().find(|p| p.kind == kind).map(|p| p.bytes.as_slice()).unwrap_or_default()
    };
    let exam = certs::examine(KeyKind::ALL.map(file), None, Utc::now(), &certs::Budget::new());
    let subject = exam.common_name().unwrap_or_default();
    let expiry = exam.expiry().map(|d| d.date_naive());
    // The very keys that come back (a password change undone): still valid, never "Scadute".
    let expiry = expiry.filter(|_| !same_keys(&exam, &restored));
    let set_aside_name = archive::folder_name(&subject, expiry, plan.today);

    ui.say(&fl!("rollback-from", from = shown(&latest_path), dir = shown(dir)));
    ui.say(&fl!("rollback-bring-back", folder = describe::folder(&latest_path)));
    if has_current {
        ui.say(&fl!("rollback-take-out", folder = describe::folder(dir)));
        let expected = archive::first_free(&root_path, &set_aside_name);
        ui.say(&fl!("install-will-archive", dir = shown(&expected)));
    }
    if !agree(ui, plan.yes, &fl!("rollback-ask"))? {
        return Err(Error::Cancelled);
    }

    let root = archive::open_root(&key, plan.archive_dir.as_deref())?;
    let files: Vec<journal::Entry> = restored
        .files
        .iter()
        .map(|f| journal::Entry { name: file_name(&f.path), sha256: sha256_hex(&f.bytes) })
        .collect();
    let new = NewSet::Archived { set: latest, files };
    let swapped = journal::swap(&key, &root, &set_aside_name, new, Operation::Rollback, ui)?;

    let files = restored
        .files
        .iter()
        .map(|f| AuditFile { name: f.kind.name().into(), sha256: sha256_hex(&f.bytes) })
        .collect();
    let record = AuditRecord::RolledBack {
        key_dir: dir.clone(),
        files,
        from: latest_path.clone(),
        archive: swapped.archive.clone(),
    };
    for program in &ignored {
        archive::log(&root, &AuditRecord::program_ignored(dir, program))?;
    }
    archive::log(&root, &record)?;
    drop(key);
    ui.say(&fl!("rollback-done", dir = shown(dir)));
    if let Some(archive) = &swapped.archive {
        ui.say(&fl!("install-archived", dir = shown(archive)));
    }
    Ok(dir.clone())
}

/// Whether the set taken out holds the same keys as the one coming back, as far as their
/// certificates can be read without a password ([`certs::kinship`]).
fn same_keys(current: &certs::Examination, restored: &keyset::KeySet) -> bool {
    let Some(restored) = examine(restored) else { return false };
    let certs_of = |exam: &certs::Examination| -> Vec<certs::CertInfo> {
        exam.certificates().into_iter().map(|(_, c)| c.clone()).collect()
    };
    let (current, restored) = (certs_of(current), certs_of(&restored));
    let (current, restored): (Vec<_>, Vec<_>) =
        (current.iter().collect(), restored.iter().collect());
    certs::kinship(&current, &restored) == certs::Kinship::SameKeys
}

/// The name of a file as found in its folder.
fn file_name(path: &Path) -> String {
    path.file_name().unwrap_or_default().to_string_lossy().into_owned()
}
