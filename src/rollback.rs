//! rollback: undo the last install — the most recently archived set goes back into the key
//! folder, and the current set is archived first (never deleted), through the same journaled
//! swap as install. The archived folder is opened once (never through a link) and its files are
//! moved back by rename through that handle, never copied and deleted.
//!
//! The set taken out keeps its true name, `… - Scadute al gg-mm-aaaa` with its certificates'
//! expiry when it can be read (so two rollbacks in a row swap two truly named sets, never a
//! `Sostituite il … (2)`), else `… - Sostituite il gg-mm-aaaa`; so too when the set taken out
//! holds the very keys that come back (a password change undone: those keys are not expired).
//! Before its one question, rollback
//! says which set comes back (whose, until when, from which archive folder) and which goes
//! (where it will be archived); keys already expired, or of unknown dates, are part of that
//! question. Rollback must never run while Desktop Telematico is open, and never lose either set.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::archive::{self, AuditFile, AuditRecord};
use crate::certs;
use crate::context::Context;
use crate::dates::{self, Clock};
use crate::error::{Error, Result};
use crate::failpoint;
use crate::folder::KeyFolder;
use crate::guard;
use crate::hash::Sha256;
use crate::i18n::fl;
use crate::interrupt::{self, Change, Critical};
use crate::journal::{self, NewSet, Operation};
use crate::keyset::{self, KeyKind};
use crate::locate::{self, SearchRoots};
use crate::stick;
use crate::talk::{Done, Event, Plan, SetInfo, WarningKind};
use crate::ui::{SecretSource, Ui, agree, agree_or_refuse};
use secrecy::{ExposeSecret, SecretString};

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
    /// The run's clock: today for the name of the set taken out and the expiry question.
    pub clock: Clock,
    /// Process ids the Desktop Telematico check must not count (`--ignora-programma`).
    pub ignore_programs: Vec<u32>,
    /// `--password-file`: the password of the set coming back, to read its dates when they
    /// are under it (a PKCS#12 `UTENTE.KS`). At a terminal it is asked instead (Enter skips).
    pub password: Option<SecretSource>,
}

impl RollbackPlan {
    /// The plan of a rollback in `ctx` with nothing else said: the folder searched for, the
    /// default archive. The dispatch (`lib.rs`) lays the command line's options over it.
    pub fn new(ctx: &Context) -> RollbackPlan {
        RollbackPlan {
            dir: None,
            roots: ctx.roots.clone(),
            stick: ctx.stick.clone(),
            archive_dir: None,
            yes: ctx.yes,
            force: false,
            clock: ctx.clock,
            ignore_programs: Vec::new(),
            password: ctx.password.is_file().then(|| ctx.password.clone()),
        }
    }

    /// The plan guided mode follows.
    pub fn guided(ctx: &Context) -> RollbackPlan {
        RollbackPlan::new(&ctx.guided())
    }
}

/// What a key set's keystore says without a password, from the bytes already read: whose keys
/// they are and when they expire (each `None` when it cannot be read that way).
struct Known {
    holder: Option<String>,
    expiry: Option<NaiveDate>,
    /// The certificates read, to tell the very keys that come back from others.
    certificates: Vec<certs::CertInfo>,
}

impl Known {
    fn of(files: [&[u8]; 3], now: DateTime<Utc>) -> Known {
        // Without a password nothing is derived: a budget of its own costs nothing.
        Known::read(files, None, now, &certs::Budget::new())
    }

    /// What the set says with `password` (its certificates and dates under it too), on the
    /// run's clock `now`.
    fn read(
        files: [&[u8]; 3],
        password: Option<&SecretString>,
        now: DateTime<Utc>,
        budget: &certs::Budget,
    ) -> Known {
        let exam = certs::examine(files, password, now, budget);
        Known {
            holder: exam.common_name(),
            expiry: exam.expiry().map(|d| d.date_naive()),
            certificates: exam.certificates().into_iter().map(|(_, c)| c.clone()).collect(),
        }
    }

    /// Whose, until when, and whether expired on `today`: as the plan tells it.
    fn info(&self, today: NaiveDate) -> SetInfo {
        SetInfo {
            holder: self.holder.clone(),
            expires: self.expiry,
            expired: self.expiry.is_some_and(|expiry| expiry < today),
        }
    }

    /// Why bringing this set back needs more than the usual yes: keys already expired, or
    /// dates that cannot be read without their password. The guard fails safe: `None` only
    /// when the set is known to be valid.
    fn doubt(&self, archived: &Path, today: NaiveDate) -> Option<(String, Error)> {
        match self.expiry {
            Some(expiry) if expiry < today => Some((
                fl!("rollback-ask-expired", date = dates::day(expiry)),
                Error::KeysExpired { expiry },
            )),
            Some(_) => None,
            None => Some((
                fl!("rollback-ask-dates-unknown"),
                Error::DatesUnknown { dir: archived.to_owned() },
            )),
        }
    }
}

/// The set coming back, read with its password when its dates are under it (a PKCS#12
/// `UTENTE.KS`): from `--password-file`, or asked at a terminal without `--yes` (Enter skips).
/// A password that does not open it is said, and the dates stay unknown (the question, or the
/// refusal under `--yes`, follows as before).
fn known_back(
    plan: &RollbackPlan,
    files: [&[u8]; 3],
    budget: &certs::Budget,
    ui: &mut dyn Ui,
) -> Result<Known> {
    let known = Known::of(files, plan.clock.now());
    if known.expiry.is_some() {
        return Ok(known);
    }
    let password = match &plan.password {
        Some(source) => Some(source.get(ui, "")?),
        None if ui.interactive() && !plan.yes => {
            ui.say(&fl!("rollback-dates-need-password"));
            let answer =
                ui.secret(crate::error::Secret::Password, &fl!("prompt-rollback-password")).ok();
            answer.filter(|p| !p.expose_secret().is_empty())
        }
        None => None,
    };
    let Some(password) = password else { return Ok(known) };
    let opened = Known::read(files, Some(&password), plan.clock.now(), budget);
    if opened.expiry.is_none() {
        ui.warn_of(WarningKind::Secret, &fl!("rollback-password-wrong"));
        return Ok(known);
    }
    Ok(opened)
}

/// The plan, before the one question: which set comes back (whose, until when, from which
/// archive folder) and which goes (the installed one, and where it will be archived). When
/// both are the same keys (a password change undone), the keys coming back open with the
/// password they had before, and the plan says so.
fn announce(
    plan: &RollbackPlan,
    dir: &Path,
    from: &Path,
    back: &Known,
    out: Option<(&Known, &Path)>,
    ui: &mut dyn Ui,
) {
    ui.tell(Event::Plan(Plan::Rollback {
        target: dir.to_owned(),
        from: from.to_owned(),
        set_aside: out.map(|(_, to)| to.to_owned()),
        back: back.info(plan.clock.today()),
        out: out.map(|(out, _)| out.info(plan.clock.today())),
        same_keys: out.is_some_and(|(out, _)| same_keys(out, back)),
    }));
}

/// The one question, after the plan. Keys already expired, or of unknown dates, are part of
/// its text; under `--yes` such a set is refused unless `--force` (which then says why it goes
/// on anyway); nobody to ask is a refusal too. The guard fails safe, never open.
fn confirm(plan: &RollbackPlan, doubt: Option<(String, Error)>, ui: &mut dyn Ui) -> Result<()> {
    let agreed = match doubt {
        None => agree(ui, plan.yes, &fl!("rollback-ask"))?,
        Some((_, refusal)) if plan.force && plan.yes => {
            ui.warn_of(WarningKind::Forced, &refusal.to_string());
            true
        }
        Some((question, _)) if plan.force => agree(ui, false, &question)?,
        Some((question, refusal)) => {
            return agree_or_refuse(ui, plan.yes, false, &question, refusal);
        }
    };
    if agreed { Ok(()) } else { Err(Error::Cancelled) }
}

/// `sigillo rollback`.
/// Returns the key folder it restored (guided mode remembers it).
pub fn rollback(plan: &RollbackPlan, ui: &mut dyn Ui) -> Result<PathBuf> {
    let dir = &locate::key_folder(
        plan.dir.as_deref(),
        &plan.roots,
        std::slice::from_ref(&plan.stick),
        locate::Need::Folder,
        ui,
    )?;
    // The keys in clear on the stick: refused here as install refuses them (`--force` too).
    stick::check_target(dir, None, &plan.stick)?;
    if let Some(archive_dir) = &plan.archive_dir {
        stick::check_target(archive_dir, None, &plan.stick)?;
    }
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
    if !archive::writable(dir) {
        return Err(Error::not_writable(dir));
    }

    let root_path = archive::root_for(dir, plan.archive_dir.as_deref());
    // What the journal could not verify later, and links it would write through: refused
    // before anything is read or asked, with nothing moved.
    journal::check_swappable(&key)?;
    archive::check_root(&root_path)?;
    let current = keyset::present_in(&key)?;
    let file = |kind: KeyKind| {
        current.iter().find(|p| p.kind == kind).map(|p| p.bytes.as_slice()).unwrap_or_default()
    };
    let out = Known::of(KeyKind::ALL.map(file), plan.clock.now());
    let budget = certs::Budget::new();
    let back_files = KeyKind::ALL.map(|kind| restored.file(kind).bytes.as_slice());
    let back = known_back(plan, back_files, &budget, ui)?;
    // The very keys that come back (a password change undone): still valid, never "Scadute".
    let out_expiry = out.expiry.filter(|_| !same_keys(&out, &back));
    let set_aside_name = archive::folder_name(
        out.holder.as_deref().unwrap_or_default(),
        out_expiry,
        plan.clock.today(),
    );
    let expected = archive::first_free(&root_path, &set_aside_name);
    let taken_out = (!current.is_empty()).then_some((&out, expected.as_path()));
    announce(plan, dir, &latest_path, &back, taken_out, ui);
    confirm(plan, back.doubt(&latest_path, plan.clock.today()), ui)?;

    let root = archive::open_root(&key, plan.archive_dir.as_deref())?;
    let files: Vec<journal::Entry> = restored
        .files
        .iter()
        .map(|f| journal::Entry { name: file_name(&f.path), sha256: Sha256::of(&f.bytes) })
        .collect();
    let new = NewSet::Archived { set: latest, files };
    // Ctrl-C waits for the swap and its record, then says the archived set is back.
    let critical = Critical::begin();
    let swapped = journal::swap(&key, &root, &set_aside_name, new, Operation::Rollback, ui)?;
    interrupt::done(Change::RolledBack { dir: dir.clone() });

    let files = restored
        .files
        .iter()
        .map(|f| AuditFile { name: f.kind.name().into(), sha256: Sha256::of(&f.bytes) })
        .collect();
    let record = AuditRecord::RolledBack {
        key_dir: dir.clone(),
        files,
        from: latest_path.clone(),
        archive: swapped.archive.clone(),
    };
    // The archived set is back: a log line that cannot be written is said, and changes
    // nothing of that.
    let logged = ignored
        .iter()
        .try_for_each(|program| archive::log(&root, &AuditRecord::program_ignored(dir, program)))
        .and_then(|()| archive::log(&root, &record));
    if let Err(error) = logged {
        archive::log_failed(&error, ui);
    }
    drop(critical);
    drop(key);
    ui.tell(Event::Done(Done::RolledBack {
        key_folder: dir.clone(),
        from: latest_path,
        set_aside: swapped.archive,
    }));
    Ok(dir.clone())
}

/// Whether the set taken out holds the same keys as the one coming back, as far as their
/// certificates can be read without a password ([`certs::kinship`]).
fn same_keys(current: &Known, restored: &Known) -> bool {
    let current: Vec<_> = current.certificates.iter().collect();
    let restored: Vec<_> = restored.certificates.iter().collect();
    certs::kinship(&current, &restored) == certs::Kinship::SameKeys
}

/// The name of a file as found in its folder.
fn file_name(path: &Path) -> String {
    path.file_name().unwrap_or_default().to_string_lossy().into_owned()
}
