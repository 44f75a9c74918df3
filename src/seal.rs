//! seal: on the source PC, the three key files and their password become one vault on the stick.
//!
//! Order: read and check the key set; ask the keys' password (twice) and the passphrase (generated
//! by default, shown once); build the manifest; encrypt; write atomically; read the file back
//! from the stick and open it again; only then report success with the check code.
//!
//! Seal must never write anything but the vault (and its temporary file, removed on failure),
//! and never print a secret except the generated passphrase, once, on purpose.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use secrecy::{ExposeSecret, SecretString};

use crate::certs::{self, Examination, Finding};
use crate::cli::SealArgs;
use crate::context::Context;
use crate::dates;
use crate::describe;
use crate::disk;
use crate::error::{Error, Result, Secret};
use crate::fl;
use crate::hash::sha256_hex;
use crate::keyset::{self, KeyKind, KeySet};
use crate::locate::{self, SearchRoots};
use crate::passphrase;
use crate::sanitize::shown;
use crate::ui::{SecretSource, TRIES, Ui, agree};
use crate::vault::{self, CertEntry, CheckCode, Contents, FileEntry, Manifest};

/// A validated seal request.
#[derive(Debug)]
pub struct SealPlan {
    /// The key folder; searched for when not given.
    pub from: Option<PathBuf>,
    /// Where to search for it.
    pub roots: SearchRoots,
    /// The stick: never taken as the key folder.
    pub stick: PathBuf,
    /// The vault file to write.
    pub out: PathBuf,
    /// The label; empty when not given.
    pub subject: Option<String>,
    /// ASCII armor instead of binary.
    pub armor: bool,
    /// scrypt work factor ([`vault::SEAL_WORK_FACTOR`] except in tests).
    pub work_factor: u8,
    /// Answer yes to every confirmation, overwriting an existing vault too.
    pub yes: bool,
    /// Guided mode: show the folder and the vault's name, and ask before starting (and before
    /// replacing a vault of the same name).
    pub ask_first: bool,
    /// Where the keys' password comes from.
    pub password: SecretSource,
    /// Where the passphrase comes from (console: generated unless the user types one).
    pub passphrase: SecretSource,
}

/// What seal made.
#[derive(Debug)]
pub struct Sealed {
    /// The vault file.
    pub path: PathBuf,
    /// Its check code.
    pub check_code: CheckCode,
    /// Its manifest.
    pub manifest: Manifest,
}

/// The default vault name: `chiavi-AAAA-MM-GG.age` (no subject: a lost stick should not say
/// whose keys it holds).
pub fn default_name(today: chrono::NaiveDate) -> String {
    format!("chiavi-{}.age", today.format("%Y-%m-%d"))
}

impl SealPlan {
    /// The plan `sigillo seal` describes; the vault goes on the stick unless `--out` says where.
    pub fn from_args(args: SealArgs, ctx: &Context) -> SealPlan {
        SealPlan {
            from: args.from,
            roots: ctx.roots.clone(),
            stick: ctx.stick.clone(),
            out: args.out.unwrap_or_else(|| ctx.stick.join(default_name(ctx.today))),
            subject: args.subject,
            armor: args.armor,
            work_factor: ctx.work_factor,
            yes: ctx.yes,
            ask_first: false,
            password: ctx.password.clone(),
            passphrase: ctx.passphrase.clone(),
        }
    }

    /// The plan guided mode follows: the key folder searched for, the vault on the stick, every
    /// answer from the person at the console.
    pub fn guided(ctx: &Context) -> SealPlan {
        SealPlan { ask_first: true, ..SealPlan::from_args(SealArgs::default(), &ctx.guided()) }
    }
}

/// Seals the key set of the plan's folder into `plan.out`.
pub fn seal(plan: &SealPlan, ui: &mut dyn Ui) -> Result<Sealed> {
    let from = locate::key_folder(
        plan.from.as_deref(),
        &plan.roots,
        std::slice::from_ref(&plan.stick),
        ui,
    )?;
    let overwrite = confirm_start(&from, plan, ui)?;
    let keys = keyset::read(&from)?;
    refuse_same_file(&keys, &plan.out)?;
    if plan.out.exists() && !overwrite {
        return Err(Error::VaultExists { path: plan.out.clone() });
    }
    ui.say(&fl!("seal-found", dir = shown(&keys.dir)));
    for file in &keys.files {
        let name = file.path.file_name().unwrap_or_default();
        ui.say(&fl!("seal-found-file", name = shown(Path::new(name)), size = file.bytes.len()));
    }

    let (password, exam) = password_that_opens(&keys, plan, ui)?;
    accept_findings(&keys, &exam, plan.yes, ui)?;
    let (passphrase, generated) = choose_passphrase(plan, ui)?;

    let subject = plan.subject.clone().or_else(|| exam.common_name()).unwrap_or_default();
    let mut manifest = manifest(&keys, subject);
    manifest.certificates = exam
        .certificates()
        .into_iter()
        .map(|(kind, cert)| CertEntry {
            file: kind.name().into(),
            subject: cert.subject.clone(),
            serial: cert.serial.clone(),
            not_before: cert.not_before,
            not_after: cert.not_after,
            key_bits: cert.key_bits,
        })
        .collect();
    let contents = Contents {
        manifest,
        files: keys.files.iter().map(|f| (f.kind, f.bytes.clone())).collect(),
        password: Some(password),
    };
    let compressed = vault::pack(&contents, Utc::now().timestamp().max(0) as u64)
        .map_err(Error::write(&plan.out))?;
    let sealed = vault::encrypt(&compressed, &passphrase, plan.work_factor, plan.armor)
        .map_err(Error::write(&plan.out))?;
    disk::write_atomic(&plan.out, &sealed, overwrite)?;

    // A flaky stick can accept a write and return other bytes: read the file back and open it
    // again with the same passphrase before calling the job done.
    if let Err(err) = read_back(&plan.out, &sealed, &passphrase, &contents) {
        let _ = fs::remove_file(&plan.out);
        return Err(err);
    }

    let check_code = CheckCode::of(&sealed);
    ui.say(&fl!("seal-done", path = shown(&plan.out)));
    ui.say(&fl!("check-code", code = check_code.to_string()));
    if generated {
        ui.say(&fl!("seal-passphrase-intro"));
        ui.reveal(&fl!("seal-passphrase-label"), &passphrase, false);
        ui.say(&fl!("seal-passphrase-advice"));
    }
    Ok(Sealed { path: plan.out.clone(), check_code, manifest: contents.manifest })
}

/// Guided mode shows what it found and where the vault goes, and asks before starting.
/// Returns whether an existing vault of the same name may be replaced.
fn confirm_start(from: &Path, plan: &SealPlan, ui: &mut dyn Ui) -> Result<bool> {
    if !plan.ask_first {
        return Ok(plan.yes);
    }
    ui.say(&fl!("wizard-seal-keys", folder = describe::folder(from)));
    ui.say(&fl!("wizard-seal-out", path = shown(&plan.out)));
    let replace = plan.out.exists();
    if replace && !agree(ui, plan.yes, &fl!("wizard-seal-replace", path = shown(&plan.out)))? {
        return Err(Error::Cancelled);
    }
    if !agree(ui, plan.yes, &fl!("wizard-seal-ask"))? {
        return Err(Error::Cancelled);
    }
    Ok(replace || plan.yes)
}

fn refuse_same_file(keys: &KeySet, out: &Path) -> Result<()> {
    let Ok(out_real) = out.canonicalize() else { return Ok(()) };
    for file in &keys.files {
        if file.path.canonicalize().is_ok_and(|p| p == out_real) {
            return Err(Error::SameFile { path: out.to_owned() });
        }
    }
    Ok(())
}

/// Asks for the keys' password until it opens the files (a wrong one is caught here, on the
/// source PC, not at the other office), and examines the set with it.
fn password_that_opens(
    keys: &KeySet,
    plan: &SealPlan,
    ui: &mut dyn Ui,
) -> Result<(SecretString, Examination)> {
    let files = KeyKind::ALL.map(|kind| &keys.file(kind).bytes[..]);
    let tries = if plan.password.is_file() { 1 } else { TRIES };
    for attempt in 1..=tries {
        let password = ask_password(plan, ui)?;
        let exam = certs::examine(files, Some(&password), Utc::now());
        let Some(kind) = exam.findings.iter().find_map(|f| match f {
            Finding::WrongPassword(kind) => Some(*kind),
            _ => None,
        }) else {
            return Ok((password, exam));
        };
        let path = keys.file(kind).path.clone();
        if attempt == tries {
            return Err(Error::WrongPassword { path });
        }
        ui.warn(&Error::WrongPassword { path }.to_string());
    }
    unreachable!("the last attempt returns")
}

/// Refuses a mixed set; asks before going on with expired, weak or unreadable files.
fn accept_findings(keys: &KeySet, exam: &Examination, yes: bool, ui: &mut dyn Ui) -> Result<()> {
    let name = |kind: KeyKind| shown(&keys.file(kind).path);
    let mut doubts = 0;
    for finding in &exam.findings {
        match finding {
            Finding::Mixed(kind) => {
                explain_generations(exam, *kind, &name(*kind), ui);
                return Err(Error::MixedSet { path: keys.file(*kind).path.clone() });
            }
            Finding::WrongPassword(_) => {}
            Finding::Unreadable(kind) => {
                doubts += 1;
                ui.warn(&fl!("finding-unreadable", name = name(*kind)));
            }
            Finding::Expired(kind, date) => {
                doubts += 1;
                let date = dates::day(date.date_naive());
                ui.warn(&fl!("finding-expired", name = name(*kind), date = date));
            }
            Finding::NoPrivateKey(kind) => {
                doubts += 1;
                ui.warn(&fl!("finding-no-private-key", name = name(*kind)));
            }
            Finding::Weak(kind, bits) => {
                doubts += 1;
                let bits: u32 = *bits;
                ui.warn(&fl!("finding-weak", name = name(*kind), bits = bits));
            }
        }
    }
    if doubts > 0 && !agree(ui, yes, &fl!("ask-seal-anyway"))? {
        return Err(Error::Cancelled);
    }
    Ok(())
}

/// Why `odd` is from another generation: the dates that show it, where they can be read.
fn explain_generations(exam: &Examination, odd: KeyKind, name: &str, ui: &mut dyn Ui) {
    let day = |d: chrono::DateTime<Utc>| dates::day(d.date_naive());
    match exam.generations(odd) {
        (Some(theirs), Some(others)) => ui.warn(&fl!(
            "mixed-generations",
            name = name.to_owned(),
            from = day(theirs.from),
            to = day(theirs.to),
            other_from = day(others.from),
            other_to = day(others.to)
        )),
        (None, Some(others)) => ui.warn(&fl!(
            "mixed-generation-unknown",
            name = name.to_owned(),
            other_from = day(others.from),
            other_to = day(others.to)
        )),
        _ => {}
    }
}

fn ask_password(plan: &SealPlan, ui: &mut dyn Ui) -> Result<SecretString> {
    if plan.password.is_file() {
        let password = plan.password.get(ui, "")?;
        warn_unusual_length(&password, ui);
        return Ok(password);
    }
    for _ in 0..TRIES {
        let first = plan.password.get(ui, &fl!("prompt-password"))?;
        let again = plan.password.get(ui, &fl!("prompt-password-again"))?;
        if first.expose_secret().is_empty() {
            ui.warn(&fl!("password-empty"));
        } else if passphrase::same(&first, &again) {
            warn_unusual_length(&first, ui);
            return Ok(first);
        } else {
            ui.warn(&fl!("secrets-differ"));
        }
    }
    Err(Error::Cancelled)
}

fn warn_unusual_length(password: &SecretString, ui: &mut dyn Ui) {
    // Desktop Telematico asks for 8–20 characters; another length is odd but not proof of a
    // mistake, so it is a warning, not a refusal.
    let chars = password.expose_secret().chars().count();
    if !(8..=20).contains(&chars) {
        ui.warn(&fl!("password-unusual-length", chars = chars));
    }
}

/// The passphrase and whether sigillo generated it (and so must show it).
fn choose_passphrase(plan: &SealPlan, ui: &mut dyn Ui) -> Result<(SecretString, bool)> {
    if plan.passphrase.is_file() {
        let passphrase = passphrase::canonical(&plan.passphrase.get(ui, "")?);
        if !passphrase::check_strength(&passphrase) {
            return Err(Error::PassphraseWeak);
        }
        return Ok((passphrase, false));
    }
    if !ui.interactive() {
        // A generated passphrase printed to a pipe would end up in a log.
        return Err(Error::SecretNeedsTerminal { secret: Secret::Passphrase });
    }
    let generate =
        ui.confirm(&fl!("ask-generate-passphrase"), true).map_err(|_| Error::Cancelled)?;
    if generate {
        return Ok((passphrase::generate(), true));
    }
    for _ in 0..TRIES {
        let first = passphrase::canonical(&plan.passphrase.get(ui, &fl!("prompt-new-passphrase"))?);
        let again =
            passphrase::canonical(&plan.passphrase.get(ui, &fl!("prompt-passphrase-again"))?);
        if !passphrase::same(&first, &again) {
            ui.warn(&fl!("secrets-differ"));
        } else if !passphrase::check_strength(&first) {
            ui.warn(&Error::PassphraseWeak.to_string());
            ui.warn(&Error::PassphraseWeak.advice());
        } else {
            return Ok((first, false));
        }
    }
    Err(Error::Cancelled)
}

fn manifest(keys: &KeySet, subject: String) -> Manifest {
    Manifest {
        format: vault::FORMAT.into(),
        version: vault::VERSION,
        created_at: dates::now_local(),
        created_by: format!("sigillo {}", env!("CARGO_PKG_VERSION")),
        source_host: sysinfo::System::host_name().unwrap_or_default(),
        profile: vault::PROFILE.into(),
        subject,
        files: keys
            .files
            .iter()
            .map(|f| FileEntry {
                name: f.kind.name().into(),
                size: f.bytes.len() as u64,
                sha256: sha256_hex(&f.bytes),
                modified: f.modified.map(dates::local),
            })
            .collect(),
        certificates: Vec::new(),
        password: true,
    }
}

fn read_back(
    path: &Path,
    written: &[u8],
    passphrase: &SecretString,
    contents: &Contents,
) -> Result<()> {
    let failed = || Error::ReadBackFailed { path: path.to_owned() };
    let on_disk = fs::read(path).map_err(Error::read(path))?;
    if on_disk != written {
        return Err(failed());
    }
    let reopened = vault::open(&on_disk, passphrase).map_err(|_| failed())?;
    let same_files = reopened.files.iter().zip(&contents.files).all(|(a, b)| a.1 == b.1);
    if reopened.manifest != contents.manifest || !same_files {
        return Err(failed());
    }
    Ok(())
}
