//! install: on the target PC, the vault's key set replaces the installed one — safely.
//!
//! The story, one function each: [`open`] the vault fully in memory; refuse while Desktop
//! Telematico runs; find the [`target`] folder and take its one-writer lock
//! ([`KeyFolder::lock`]); [`preflight`] (finish a pending journal,
//! the folder is writable, compare with the installed set: identical → nothing to do, the same
//! keys under another password → archived as "Password cambiata", another holder → ask (under
//! `--yes` refuse unless `--force`), older → refuse unless `--force`); say what will happen and ask; the journaled [`journal::swap`]
//! (stage, archive the old set under the office's naming, move the new set in, verify both);
//! [`record`] the audit line; show the password once; wipe the vault from the stick unless it is
//! still needed.
//!
//! A failure before the swap changes nothing; during the swap the journal puts the old set back.
//! Install must never write plaintext outside the key folder and never delete a key file: old
//! sets are archived, always, by renames through the folders' handles. Once the keys are in, nothing after (the vault's wipe) can turn
//! the outcome into a failure.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use secrecy::{ExposeSecret, SecretString};

use crate::archive::{self, AuditFile, AuditRecord};
use crate::certs::{self, Examination, Kinship};
use crate::context::Context;
use crate::dates::{self, Clock};
use crate::describe;
use crate::disk;
use crate::error::{Error, Result};
use crate::failpoint;
use crate::folder::{Folder, KeyFolder};
use crate::guard;
use crate::hash::Sha256;
use crate::i18n::fl;
use crate::interrupt::{self, Change, Critical};
use crate::journal::{self, NewFile, NewSet, Operation};
use crate::keyset::{self, KeyKind};
use crate::locate::{self, SearchRoots};
use crate::sanitize::{escape, shown};
use crate::shred;
use crate::stick;
use crate::talk::{self, Done, Event, Plan, Progress, WarningKind};
use crate::ui::{SecretSource, Ui, agree, agree_or_refuse};
use crate::vault::{self, Opened};

/// A validated install request.
#[derive(Debug)]
pub struct InstallPlan {
    /// The vault; looked for on the stick when not given.
    pub vault: Option<PathBuf>,
    /// The key folder; searched for when not given.
    pub to: Option<PathBuf>,
    /// Where to archive instead of the default.
    pub archive_dir: Option<PathBuf>,
    /// Leave the vault on the stick.
    pub keep_vault: bool,
    /// Wipe the vault from the stick without asking (`--wipe-vault`).
    pub wipe_vault: bool,
    /// Install even when the vault's keys are older than the installed ones, already expired,
    /// or when the installed ones' dates cannot be read.
    pub force: bool,
    /// Create a missing `--to` folder without asking (`--crea`).
    pub create: bool,
    /// `--dettagli`: SHA-256 values and full certificate names in the vault's description.
    pub details: bool,
    /// The installed keys' password (`--password-file`), to read their dates when their
    /// keystore does not show them without it.
    pub old_password: Option<SecretSource>,
    /// Answer yes to every confirmation.
    pub yes: bool,
    /// Where the passphrase comes from.
    pub passphrase: SecretSource,
    /// Where to search for the key folder.
    pub roots: SearchRoots,
    /// The stick: where vaults are looked for, never a target.
    pub stick: PathBuf,
    /// The run's clock: today for archive names and the expiry check, now for certificates.
    pub clock: Clock,
    /// Process ids the Desktop Telematico check must not count (`--ignora-programma`).
    pub ignore_programs: Vec<u32>,
}

impl InstallPlan {
    /// The plan of an install in `ctx` with nothing else said: the vault on the stick, the
    /// folder searched for, the default archive, the vault's fate asked. The command line's
    /// options are laid over it by the dispatch (`lib.rs`).
    pub fn new(ctx: &Context) -> InstallPlan {
        InstallPlan {
            vault: None,
            to: None,
            archive_dir: None,
            keep_vault: false,
            wipe_vault: false,
            force: false,
            create: false,
            details: ctx.details,
            old_password: ctx.password.is_file().then(|| ctx.password.clone()),
            yes: ctx.yes,
            passphrase: ctx.passphrase.clone(),
            roots: ctx.roots.clone(),
            stick: ctx.stick.clone(),
            clock: ctx.clock,
            ignore_programs: Vec::new(),
        }
    }

    /// The plan guided mode follows: the vault on the stick, the folder searched for, every
    /// answer from the person at the console.
    pub fn guided(ctx: &Context) -> InstallPlan {
        InstallPlan::new(&ctx.guided())
    }
}

/// What the swap will do, decided before anything changes.
struct Swap {
    /// The archive folder's name for the old set (` (2)`… added when taken).
    archive_name: String,
    /// Where the old set is expected to go, for the announcement.
    archive: PathBuf,
    /// Whether the folder holds an old set (false on a first install).
    has_old: bool,
}

/// `sigillo install`. Returns the key folder (guided mode remembers it).
pub fn install(plan: &InstallPlan, ui: &mut dyn Ui) -> Result<PathBuf> {
    // The key derivations this install may do, vault's files and installed ones together.
    let budget = certs::Budget::new();
    let (vault_path, opened, incoming) = open(plan, &budget, ui)?;
    refuse_a_bad_set(&opened, &incoming)?;
    let ignored = guard::refuse_while_running(plan.yes, &plan.ignore_programs, ui)?;
    let key_dir = target(plan, &vault_path, ui)?;
    if failpoint::hit("readonly-target") {
        return Err(Error::not_writable(&key_dir));
    }
    // One writer: held from before the folder's state is read to the end of the install.
    let key = KeyFolder::lock(&key_dir)?;
    let Some(swap) = preflight(plan, &opened, &incoming, &key, &budget, ui)? else {
        // Already installed: the vault may still be wiped and the password shown again.
        let key_folder = key_dir.clone();
        ui.tell(Event::KeysInPlace { key_folder, archive: None, already: true });
        drop(key);
        let vault = finish(plan, &vault_path, &opened, ui);
        let key_folder = key_dir.clone();
        ui.tell(Event::Done(Done::AlreadyInstalled { key_folder, vault, vault_path }));
        return Ok(key_dir);
    };
    announce(&key, &swap, &opened, &incoming, ui);
    if !agree(ui, plan.yes, &fl!("install-ask"))? {
        return Err(Error::Cancelled);
    }
    let root = archive::open_root(&key, plan.archive_dir.as_deref())?;
    let new = new_files(&opened);
    // Ctrl-C during the swap and its record waits for them: the keys are never left half
    // moved by it, and the line it prints then says the new set is installed (or, after a
    // failure rolled it back, that nothing changed).
    let critical = Critical::begin();
    let swapped =
        journal::swap(&key, &root, &swap.archive_name, NewSet::Vault(&new), Operation::Install, ui);
    let swapped = match swapped {
        Ok(swapped) => swapped,
        Err(error) => {
            let undone = AuditRecord::InstallUndone {
                key_dir: key_dir.clone(),
                check_code: opened.check_code.clone(),
            };
            let _ = archive::log(&root, &undone);
            return Err(error);
        }
    };
    let archived = swapped.archive.is_some();
    interrupt::done(Change::Installed { dir: key_dir.clone(), archived });
    let (key_folder, archive) = (key_dir.clone(), swapped.archive.clone());
    ui.tell(Event::KeysInPlace { key_folder, archive, already: false });
    // The keys are in: a log line that cannot be written is said, and changes nothing of that.
    if let Err(error) = record(&key, &root, swapped.archive.as_deref(), &opened, &ignored) {
        archive::log_failed(&error, ui);
    }
    drop(critical);
    drop(key);
    let vault = finish(plan, &vault_path, &opened, ui);
    let (key_folder, archive) = (key_dir.clone(), swapped.archive);
    ui.tell(Event::Done(Done::Installed { key_folder, archive, vault, vault_path }));
    Ok(key_dir)
}

/// The vault, from the plan or the stick, opened fully in memory and verified; described from
/// the certificates of the files it holds (read with the password inside it), which is what
/// gets installed, whatever its manifest claims.
fn open(
    plan: &InstallPlan,
    budget: &certs::Budget,
    ui: &mut dyn Ui,
) -> Result<(PathBuf, Opened, Examination)> {
    let vault_path = match &plan.vault {
        Some(path) => path.clone(),
        None => {
            let path = stick::choose_vault(&plan.stick, ui)?;
            let code = stick::check_code_of(&path).map(|c| c.to_string()).unwrap_or_default();
            ui.say(&fl!("wizard-install-vault", path = shown(&path), code = code));
            ui.say(&fl!("wizard-install-check-code"));
            path
        }
    };
    let opened = vault::open_file(&vault_path, &plan.passphrase, ui)?;
    ui.say(&fl!("install-vault-ok", path = shown(&vault_path)));
    ui.tell(Event::Progress(Progress::Checking));
    let incoming = opened.contents.examine(plan.clock.now(), budget);
    ui.tell(Event::Progress(Progress::Finished));
    describe::vault(&vault_path, &opened, Some(&incoming), plan.details, ui);
    Ok((vault_path, opened, incoming))
}

/// The vault's own set, examined with the password it carries, as a seal examines the files it
/// seals ([`describe::set_problem`]): refused before anything is touched, in the words seal
/// uses. Certificates are public; only keys proven to be theirs make a set.
fn refuse_a_bad_set(opened: &Opened, exam: &Examination) -> Result<()> {
    match describe::set_problem(&opened.contents, exam) {
        Some(problem) => Err(Error::VaultSetRefused { problem }),
        None => Ok(()),
    }
}

/// The key folder: given, or found (never on the stick the vault is on); created when the user
/// agrees.
fn target(plan: &InstallPlan, vault_path: &Path, ui: &mut dyn Ui) -> Result<PathBuf> {
    let vault_stick = disk::parent(vault_path).to_owned();
    let key_dir = locate::key_folder(
        plan.to.as_deref(),
        &plan.roots,
        &[vault_stick, plan.stick.clone()],
        locate::Need::Target,
        ui,
    )?;
    // The keys in clear where the vault travels: refused whatever the flags (`--force` too),
    // looked at as the path will resolve before anything is created, and again once it exists.
    let vault_dir = disk::parent(vault_path);
    stick::check_target(&key_dir, Some(vault_dir), &plan.stick)?;
    // The archive holds the old keys in clear just as well.
    if let Some(archive_dir) = &plan.archive_dir {
        stick::check_target(archive_dir, Some(vault_dir), &plan.stick)?;
    }
    if !key_dir.exists() {
        // `--yes` answers questions, it does not choose folders: a mistyped `--to` must not
        // become a new key folder. Creating one takes `--crea` (or a person at the console).
        if !plan.create {
            if plan.yes || !ui.interactive() {
                return Err(Error::TargetMissing { path: key_dir });
            }
            if !agree(ui, false, &fl!("install-ask-create", dir = shown(&key_dir)))? {
                return Err(Error::Cancelled);
            }
        }
        fs::create_dir_all(&key_dir).map_err(Error::write(&key_dir))?;
        stick::check_target(&key_dir, Some(vault_dir), &plan.stick)?;
    }
    Ok(key_dir)
}

/// Everything that must hold before the journal: no half-done operation, a writable folder, and
/// a vault worth installing. `None` when the same set is installed already.
fn preflight(
    plan: &InstallPlan,
    opened: &Opened,
    new_exam: &Examination,
    key: &KeyFolder,
    budget: &certs::Budget,
    ui: &mut dyn Ui,
) -> Result<Option<Swap>> {
    let key_dir = key.path();
    journal::finish_pending(key, plan.archive_dir.as_deref(), ui)?;
    if !archive::writable(key_dir) {
        return Err(Error::not_writable(key_dir));
    }
    let root = archive::root_for(key_dir, plan.archive_dir.as_deref());
    // What the journal could not verify later, and links it would write through: refused now,
    // before anything is read or asked, with nothing moved.
    journal::check_swappable(key)?;
    archive::check_root(&root)?;
    let contents = &opened.contents;
    let installed = keyset::present_in(key)?;
    let wanted = contents.manifest.files.iter().map(|f| Some(f.sha256));
    let installed_hashes = KeyKind::ALL
        .iter()
        .map(|kind| installed.iter().find(|p| p.kind == *kind).map(|p| Sha256::of(&p.bytes)));
    if installed_hashes.eq(wanted) {
        return Ok(None);
    }
    let new_expiry = new_exam.expiry();
    if let Some(expiry) = new_expiry.filter(|e| e.date_naive() < plan.clock.today()) {
        let date = dates::day(expiry.date_naive());
        let refusal = Error::KeysExpired { expiry: expiry.date_naive() };
        agree_or_refuse(
            ui,
            plan.yes,
            plan.force,
            &fl!("ask-install-expired", date = date),
            refusal,
        )?;
    }
    let has_old = !installed.is_empty();
    let old = match has_old {
        true => installed_dates(plan, key, &installed, new_expiry, budget, ui)?,
        false => None,
    };
    let kin = match has_old {
        true => compare_holders(plan, &installed, old.as_ref(), new_exam, contents, budget, ui)?,
        false => Kin {
            kinship: Kinship::Unknown,
            password_changed: false,
            likely_same: false,
            holder: None,
        },
    };
    let old_expiry = old.as_ref().and_then(Examination::expiry);
    match (old_expiry, new_expiry) {
        (Some(old_expiry), Some(new_expiry)) if new_expiry < old_expiry => {
            let downgrade = Error::Downgrade {
                installed: old_expiry.date_naive(),
                vault: new_expiry.date_naive(),
            };
            if !plan.force {
                return Err(downgrade);
            }
            ui.warn_of(WarningKind::Forced, &downgrade.forced());
        }
        // One side's dates are unknown: the guard cannot decide, so it fails safe.
        (None, _) | (_, None) if has_old => {
            let refusal = Error::DatesUnknown { dir: key_dir.to_owned() };
            // Nothing installed read at all: whose keys they are is unknown too, and said.
            let question = match kin.holder {
                Some(_) => fl!("ask-install-dates-unknown"),
                None => fl!("ask-install-holder-unknown"),
            };
            agree_or_refuse(ui, plan.yes, plan.force, &question, refusal)?;
        }
        _ => {}
    }

    let name = archive_name(&kin, old_expiry, plan.clock.today());
    let archive = archive::first_free(&root, &name);
    Ok(Some(Swap { archive_name: name, archive, has_old }))
}

/// The archive folder's name for the installed set, from what was proven about it: the same
/// keys (still valid: never "Scadute"), keys replaced by another holder's before they expired
/// ("Sostituite il"), else the office's convention (renewals and re-issues: "Scadute al" their
/// expiry). Named after the installed holder only when a certificate of theirs was read, never
/// after the incoming one: otherwise "Chiavi precedenti".
fn archive_name(
    kin: &Kin,
    old_expiry: Option<chrono::DateTime<Utc>>,
    today: chrono::NaiveDate,
) -> String {
    let subject = kin.holder.as_deref().unwrap_or(PREVIOUS_KEYS);
    match kin {
        Kin { kinship: Kinship::SameKeys, password_changed: true, .. } => {
            archive::password_changed_name(subject, today)
        }
        Kin { kinship: Kinship::SameKeys, password_changed: false, .. } => {
            archive::folder_name(subject, None, today)
        }
        Kin { kinship: Kinship::OtherHolder { .. }, .. } | Kin { likely_same: true, .. }
            if old_expiry.is_some_and(|e| e.date_naive() >= today) =>
        {
            archive::folder_name(subject, None, today)
        }
        _ => archive::folder_name(subject, old_expiry.map(|d| d.date_naive()), today),
    }
}

/// The archive's name for an installed set whose holder could not be read: "Chiavi precedenti".
const PREVIOUS_KEYS: &str = "precedenti";

/// How the vault's set relates to the installed one, and whether the vault's password no longer
/// opens the installed copies.
struct Kin {
    kinship: Kinship,
    /// Proven: the vault's password does not open an installed file whose keys are the vault's.
    password_changed: bool,
    /// The certificates that could be read are the vault's, but not every installed file could
    /// be read: the same keys, unproven (see [`compare_holders`]).
    likely_same: bool,
    /// The installed holder's name (CN), when any installed certificate could be read.
    holder: Option<String>,
}

/// Compares the installed set with the vault's, from every installed certificate that can be
/// read without guessing (in clear, with the installed keys' password when it was given, with
/// the vault's password when it opens them), and says what it found: the same keys under
/// another password (only when every installed file's certificate was read), a re-issue, or
/// another holder, which is asked about (under `--yes` refused unless `--force`). Nothing is
/// claimed without certificates that prove it.
fn compare_holders(
    plan: &InstallPlan,
    installed: &[keyset::Present],
    old: Option<&Examination>,
    new_exam: &Examination,
    contents: &vault::Contents,
    budget: &certs::Budget,
    ui: &mut dyn Ui,
) -> Result<Kin> {
    let file = |kind: KeyKind| {
        installed.iter().find(|p| p.kind == kind).map(|p| p.bytes.as_slice()).unwrap_or_default()
    };
    let password = contents.password.as_ref();
    let with_new = certs::examine(KeyKind::ALL.map(file), password, plan.clock.now(), budget);
    let mut old_certs: Vec<(KeyKind, &certs::CertInfo)> = with_new.certificates();
    old_certs.extend(old.iter().flat_map(|exam| exam.certificates()));
    // The installed keys' own password (`--password-file`), when given: what reads the
    // installed P12s whose certificates neither the vault's password nor their keystore shows.
    let unread = |certs: &[(KeyKind, &certs::CertInfo)]| {
        installed.iter().any(|p| !certs.iter().any(|(kind, _)| *kind == p.kind))
    };
    let with_old = match &plan.old_password {
        Some(source) if unread(&old_certs) => {
            let password = source.get(ui, "")?;
            Some(certs::examine(KeyKind::ALL.map(file), Some(&password), plan.clock.now(), budget))
        }
        _ => None,
    };
    old_certs.extend(with_old.iter().flat_map(|exam| exam.certificates()));
    let holder = old_certs.iter().find_map(|(_, c)| c.common_name.clone());
    // "The same keys" is a claim about every installed file: each must have shown its
    // certificate (a file read nowhere may hold anything).
    let all_read = !unread(&old_certs);
    let old_certs: Vec<&certs::CertInfo> = old_certs.into_iter().map(|(_, c)| c).collect();
    let new_certs: Vec<&certs::CertInfo> =
        new_exam.certificates().into_iter().map(|(_, c)| c).collect();
    // The same keys as far as the readable files show, when not every file could be read
    // (a password change: the installed P12s open only with the old password): not claimed,
    // but never archived as "Scadute" either.
    let mut likely_same = false;
    let kinship = match certs::kinship(&old_certs, &new_certs) {
        Kinship::SameKeys if !all_read => {
            likely_same = true;
            Kinship::Unknown
        }
        kinship => kinship,
    };
    let password_changed = password.is_some()
        && with_new.findings.iter().any(|f| matches!(f, certs::Finding::WrongPassword(_)));
    match &kinship {
        Kinship::SameKeys if password_changed => ui.say(&fl!("install-same-keys-new-password")),
        Kinship::SameKeys => ui.say(&fl!("install-same-keys")),
        Kinship::Reissue => ui.warn(&fl!("install-reissue")),
        Kinship::OtherHolder { installed, incoming, serials } => {
            let (mut installed, mut incoming) = (escape(installed), escape(incoming));
            // Names that look alike on screen: each with its certificate's serial number.
            if let Some((old, new)) = serials {
                installed = fl!("holder-with-serial", name = installed, serial = escape(old));
                incoming = fl!("holder-with-serial", name = incoming, serial = escape(new));
            }
            // Said once: before the question at a terminal; otherwise the refusal (or, with
            // --force, what was done anyway) says it.
            if !plan.yes && !plan.force && ui.interactive() {
                ui.warn(&fl!(
                    "install-other-holder",
                    installed = installed.clone(),
                    incoming = incoming.clone()
                ));
            }
            let question = fl!(
                "ask-install-other-holder",
                installed = installed.clone(),
                incoming = incoming.clone()
            );
            let refusal = Error::OtherHolder { installed, incoming };
            agree_or_refuse(ui, plan.yes, plan.force, &question, refusal)?;
        }
        Kinship::Unknown if likely_same => ui.say(&fl!("install-same-keys-unproven")),
        Kinship::Unknown => {}
    }
    Ok(Kin { kinship, password_changed, likely_same, holder })
}

/// The installed set's dates: from its keystore when it keeps them in clear; otherwise say so,
/// show what is known (the installed files' dates, the vault's expiry) and try the installed
/// keys' password (`--password-file`, or asked at a terminal, Enter to skip). `None` when they
/// stay unknown. Read from the bytes read through the folder's handle, never by name again.
fn installed_dates(
    plan: &InstallPlan,
    key: &KeyFolder,
    installed: &[keyset::Present],
    vault_expiry: Option<chrono::DateTime<Utc>>,
    budget: &certs::Budget,
    ui: &mut dyn Ui,
) -> Result<Option<Examination>> {
    if let Some(exam) = examine_present(installed, None, plan.clock.now(), budget) {
        return Ok(Some(exam));
    }
    ui.warn_of(WarningKind::Expiry, &fl!("install-dates-unknown", dir = shown(key.path())));
    for file in installed {
        let modified = file.modified.map(dates::local);
        let modified = modified.map(|t| format!("  {}", dates::day_time(&t))).unwrap_or_default();
        let len = file.bytes.len();
        let size = fl!("size-bytes", size = len);
        ui.say(&format!("  {:<10} {size:>13}{modified}", escape(&file.name)));
    }
    match vault_expiry {
        Some(date) => ui.say(&fl!("install-vault-expiry", date = dates::day(date.date_naive()))),
        None => ui.say(&fl!("install-vault-expiry-unknown")),
    }
    let password = match &plan.old_password {
        Some(source) => Some(source.get(ui, "")?),
        None if ui.interactive() && !plan.yes => {
            let answer =
                ui.secret(crate::error::Secret::Password, &fl!("prompt-old-password")).ok();
            answer.filter(|p| !p.expose_secret().is_empty())
        }
        None => None,
    };
    let Some(password) = password else { return Ok(None) };
    let exam = examine_present(installed, Some(&password), plan.clock.now(), budget);
    if exam.is_none() {
        ui.warn_of(WarningKind::Secret, &fl!("install-old-password-wrong"));
    }
    Ok(exam)
}

/// What the installed files say of their certificates (without a password only the keystore),
/// `None` when no expiry could be read.
fn examine_present(
    installed: &[keyset::Present],
    password: Option<&SecretString>,
    now: chrono::DateTime<Utc>,
    budget: &certs::Budget,
) -> Option<Examination> {
    let file = |kind: KeyKind| {
        installed.iter().find(|p| p.kind == kind).map(|p| p.bytes.as_slice()).unwrap_or_default()
    };
    let exam = certs::examine(KeyKind::ALL.map(file), password, now, budget);
    exam.expiry().is_some().then_some(exam)
}

/// What will happen, before the one question (told with `--yes` too): whose keys, until when,
/// where they go, where the present ones go, and the check code to compare.
fn announce(
    key: &KeyFolder,
    swap: &Swap,
    opened: &Opened,
    incoming: &Examination,
    ui: &mut dyn Ui,
) {
    let holder = incoming.common_name().unwrap_or_else(|| opened.contents.manifest.subject.clone());
    ui.tell(Event::Plan(Plan::Install {
        holder,
        expires: incoming.expiry().map(|e| e.date_naive()),
        target: key.path().to_owned(),
        archive: swap.has_old.then(|| swap.archive.clone()),
        check_code: opened.check_code.to_string(),
    }));
}

/// The vault's files as the swap writes them, with the source PC's modification times.
fn new_files(opened: &Opened) -> Vec<NewFile> {
    let contents = &opened.contents;
    contents
        .files
        .iter()
        .zip(&contents.manifest.files)
        .map(|((kind, bytes), entry)| NewFile {
            kind: *kind,
            bytes: bytes.clone(),
            modified: entry.modified.map(std::time::SystemTime::from),
        })
        .collect()
}

/// The audit line: which files, from which vault, where the old set went; before it, one line
/// per process the user told the guard to ignore.
fn record(
    key: &KeyFolder,
    root: &Folder,
    archive: Option<&Path>,
    opened: &Opened,
    ignored: &[guard::RunningProgram],
) -> Result<()> {
    let files = opened
        .contents
        .manifest
        .files
        .iter()
        .map(|f| AuditFile { name: f.name.clone(), sha256: f.sha256 })
        .collect();
    let line = AuditRecord::Installed {
        key_dir: key.path().to_owned(),
        files,
        archive: archive.map(Path::to_owned),
        check_code: opened.check_code.clone(),
    };
    for program in ignored {
        archive::log(root, &AuditRecord::program_ignored(key.path(), program))?;
    }
    archive::log(root, &line)
}

/// What becomes of the vault on the stick once the keys are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum VaultFate {
    /// `--keep-vault`: it stays.
    Keep,
    /// `--wipe-vault`: it goes, unasked.
    Wipe,
    /// The person at the console says whether other PCs still need it.
    Ask,
    /// Nobody can answer (no terminal) or `--yes` answered "other PCs still need it": it stays,
    /// and how to wipe it is said. A vault is never wiped on nobody's word: it may be the only
    /// way left to see the keys' password (issue 22, item 10).
    KeepUnasked,
    /// `--wipe-vault`, but the password offered at the terminal was not looked at (Ctrl-D at
    /// "press Enter to see it"): the vault is the only way left to see it, so it stays, and how
    /// to see the password and wipe the vault later is said.
    KeepUnseen,
}

impl VaultFate {
    fn of(plan: &InstallPlan, ui: &dyn Ui) -> VaultFate {
        if plan.keep_vault {
            VaultFate::Keep
        } else if plan.wipe_vault {
            VaultFate::Wipe
        } else if ui.interactive() && !plan.yes {
            VaultFate::Ask
        } else {
            VaultFate::KeepUnasked
        }
    }
}

/// After the keys are in place (or were already): the password once, then the vault leaves
/// the stick only when someone says so. Nothing here can fail the install: what became of the
/// vault is the answer.
fn finish(
    plan: &InstallPlan,
    vault_path: &Path,
    opened: &Opened,
    ui: &mut dyn Ui,
) -> talk::VaultFate {
    let mut fate = VaultFate::of(plan, ui);
    if let Some(password) = &opened.contents.password {
        let seen = show_password(password, fate == VaultFate::Wipe, ui);
        if !seen && fate == VaultFate::Wipe {
            fate = VaultFate::KeepUnseen;
        }
    }
    wipe_vault(vault_path, fate, ui)
}

/// Shows the keys' password once: on the terminal itself (never a redirected output), only
/// when the user asks, then cleared. Without one, says how to see it later: with this vault,
/// unless `vault_goes` (`--wipe-vault` wipes it now), then with another copy of it. False
/// when it was offered at the terminal and not looked at: then a vault that was to go stays
/// ([`VaultFate::KeepUnseen`] says how to see the password), so nothing is said here for it.
fn show_password(password: &SecretString, vault_goes: bool, ui: &mut dyn Ui) -> bool {
    if !ui.interactive() || !ui.can_reveal() {
        ui.say(&fl!("install-password-not-shown"));
        ui.say(&if vault_goes {
            fl!("install-password-how-to-see-wiped")
        } else {
            fl!("install-password-how-to-see")
        });
        return true;
    }
    ui.say(&fl!("install-password-intro"));
    let seen = ui.reveal(&fl!("install-password-label"), password, true);
    if !seen && !vault_goes {
        ui.say(&fl!("install-password-how-to-see"));
    }
    seen
}

/// Wipes the vault from the stick when someone says so ([`VaultFate`]). A vault that cannot be
/// wiped (a read-only stick) is a warning that says the keys are installed and how to wipe it
/// later: the install has happened, and its outcome decides the exit code. The step's
/// [`Done`] says what became of it.
fn wipe_vault(vault_path: &Path, fate: VaultFate, ui: &mut dyn Ui) -> talk::VaultFate {
    let keep = match fate {
        VaultFate::Keep => true,
        VaultFate::Wipe => false,
        VaultFate::Ask => ui.confirm(&fl!("install-ask-keep-vault"), false).unwrap_or(true),
        VaultFate::KeepUnasked => return talk::VaultFate::KeptUnasked,
        VaultFate::KeepUnseen => return talk::VaultFate::KeptUnseen,
    };
    if keep {
        return talk::VaultFate::Kept;
    }
    match shred::wipe_file(vault_path) {
        Ok(()) => talk::VaultFate::Wiped,
        Err(source) => {
            let error = Error::Write { path: vault_path.to_owned(), source };
            let text = fl!("install-vault-not-wiped", reason = error.to_string());
            ui.warn_of(WarningKind::Leftover, &text);
            talk::VaultFate::NotWiped
        }
    }
}
