//! rollback: undo the last install — the most recently archived set goes back into the key
//! folder, and the current set is archived first (never deleted), through the same journaled
//! swap as install.
//!
//! The set taken out keeps its true name, `… - Scadute al gg-mm-aaaa` with its certificates'
//! expiry when it can be read (so two rollbacks in a row swap two truly named sets, never a
//! `Sostituite il … (2)`), else `… - Sostituite il gg-mm-aaaa`. Before asking, rollback says which
//! set comes back and which goes, with their dates. Rollback must never run while Desktop
//! Telematico is open, and never lose either set.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::archive::{self, AuditFile, AuditRecord};
use crate::certs;
use crate::cli::RollbackArgs;
use crate::context::Context;
use crate::dates;
use crate::describe;
use crate::error::{Error, Result};
use crate::failpoint;
use crate::fl;
use crate::guard;
use crate::hash::sha256_hex;
use crate::journal::{self, NewFile, Operation};
use crate::keyset;
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
fn refuse_expired(plan: &RollbackPlan, archived: &Path, ui: &mut dyn Ui) -> Result<()> {
    let expiry = certs::examine_folder(archived).and_then(|exam| exam.expiry());
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

/// `sigillo rollback`.
/// Returns the key folder it restored (guided mode remembers it).
pub fn rollback(plan: &RollbackPlan, ui: &mut dyn Ui) -> Result<PathBuf> {
    let dir = &locate::key_folder(
        plan.dir.as_deref(),
        &plan.roots,
        std::slice::from_ref(&plan.stick),
        ui,
    )?;
    journal::finish_pending_with(dir, plan.archive_dir.as_deref(), ui)?;
    let Some(latest) = archive::list(dir, plan.archive_dir.as_deref()).into_iter().next() else {
        return Err(Error::NothingToRollBack { dir: dir.clone() });
    };
    let restored = keyset::read(&latest)?;
    let ignored = guard::refuse_while_running(plan.yes, &plan.ignore_programs, ui)?;
    refuse_expired(plan, &latest, ui)?;
    if !archive::writable(dir) || failpoint::hit("readonly-target") {
        return Err(Error::not_writable(dir));
    }

    let root = archive::root_for(dir, plan.archive_dir.as_deref());
    // What the journal could not verify later, and links it would write through: refused
    // before anything is read or asked, with nothing moved.
    journal::check_swappable(dir, &root)?;
    let current = keyset::locate_files(dir)?;
    let has_current = current.iter().any(Option::is_some);
    let exam = certs::examine_folder(dir);
    let subject = exam.as_ref().and_then(|exam| exam.common_name()).unwrap_or_default();
    let expiry = exam.as_ref().and_then(|exam| exam.expiry()).map(|d| d.date_naive());
    let set_aside =
        archive::unused_folder(&root, &archive::folder_name(&subject, expiry, plan.today));

    ui.say(&fl!("rollback-from", from = shown(&latest), dir = shown(dir)));
    ui.say(&fl!("rollback-bring-back", folder = describe::folder(&latest)));
    if has_current {
        ui.say(&fl!("rollback-take-out", folder = describe::folder(dir)));
        ui.say(&fl!("install-will-archive", dir = shown(&set_aside)));
    }
    if !agree(ui, plan.yes, &fl!("rollback-ask"))? {
        return Err(Error::Cancelled);
    }

    let new: Vec<NewFile> = restored
        .files
        .iter()
        .map(|f| NewFile { kind: f.kind, bytes: f.bytes.clone(), modified: f.modified })
        .collect();
    journal::swap(dir, &new, &set_aside, Operation::Rollback)?;
    // The restored files are in the key folder now; their archive copies go, and so does the
    // emptied folder. A failure here leaves a harmless duplicate, so it is only reported.
    for file in &restored.files {
        let _ = fs::remove_file(&file.path);
    }
    let _ = fs::remove_dir(&latest);

    let files = restored
        .files
        .iter()
        .map(|f| AuditFile { name: f.kind.name().into(), sha256: sha256_hex(&f.bytes) })
        .collect();
    let record = AuditRecord::RolledBack {
        key_dir: dir.clone(),
        files,
        from: latest.clone(),
        archive: has_current.then(|| set_aside.clone()),
    };
    for program in &ignored {
        archive::log(&root, &AuditRecord::program_ignored(dir, program))?;
    }
    archive::log(&root, &record)?;
    ui.say(&fl!("rollback-done", dir = shown(dir)));
    if has_current {
        ui.say(&fl!("install-archived", dir = shown(&set_aside)));
    }
    Ok(dir.clone())
}
