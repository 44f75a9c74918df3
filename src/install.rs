//! install: on the target PC, the vault's key set replaces the installed one — safely.
//!
//! The order is DESIGN.md §4's contract: open and verify the vault in memory; refuse while
//! Desktop Telematico runs; compare with the installed set (identical: nothing to do; older:
//! refuse unless `--force`); then the journaled swap ([`journal::swap`]): stage, archive the old
//! set under the office's naming, move the new set in, verify both; audit log; show the password
//! once; wipe the vault from the stick unless it is still needed.
//!
//! A failure at any step before the swap changes nothing; during the swap the journal puts the
//! old set back. Install must never write plaintext outside the key folder and never delete an
//! old key file: old sets are archived, always.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use secrecy::SecretString;

use crate::archive;
use crate::certs;
use crate::disk;
use crate::error::{Error, Result};
use crate::fl;
use crate::guard;
use crate::journal::{self, NewFile, Recovered};
use crate::keyset::{self, KeyKind};
use crate::locate::{self, SearchRoots};
use crate::ui::{SecretSource, Ui, agree, choose_number, shown};
use crate::vault::{self, sha256_hex};
use crate::verify;
use crate::wipe;

/// A validated install request.
#[derive(Debug)]
pub struct InstallPlan {
    /// The vault; looked for beside the program when not given.
    pub vault: Option<PathBuf>,
    /// The key folder; searched for when not given.
    pub to: Option<PathBuf>,
    /// Where to archive instead of the default.
    pub archive_dir: Option<PathBuf>,
    /// Leave the vault on the stick.
    pub keep_vault: bool,
    /// Install even when the vault's keys are older than the installed ones.
    pub force: bool,
    /// Answer yes to every confirmation.
    pub yes: bool,
    /// Where the passphrase comes from.
    pub passphrase: SecretSource,
    /// Where to search for the key folder.
    pub roots: SearchRoots,
    /// The stick: where vaults are looked for, never a target.
    pub stick: PathBuf,
    /// Today, for archive names.
    pub today: NaiveDate,
}

/// `sigillo install`.
pub fn install(plan: &InstallPlan, ui: &mut dyn Ui) -> Result<()> {
    // 1. The vault, opened fully in memory and verified.
    let vault_path = match &plan.vault {
        Some(path) => path.clone(),
        None => choose_vault(&plan.stick, ui)?,
    };
    let opened = verify::open_file(&vault_path, &plan.passphrase, ui)?;
    ui.say(&fl!("install-vault-ok", path = shown(&vault_path)));
    verify::describe(&opened, ui);
    let contents = &opened.contents;
    let new_exam = certs::examine(
        KeyKind::ALL.map(|kind| contents.file(kind)),
        contents.password.as_ref(),
        Utc::now(),
    );

    // 2. Desktop Telematico must be closed.
    refuse_while_running(plan.yes, ui)?;

    // The key folder: never the stick the vault is on.
    let stick = disk::parent(&vault_path).to_owned();
    let key_dir =
        locate::key_folder(plan.to.as_deref(), &plan.roots, &[stick, plan.stick.clone()], ui)?;
    if !key_dir.exists() {
        if !agree(ui, plan.yes, &fl!("install-ask-create", dir = shown(&key_dir)))? {
            return Err(Error::Cancelled);
        }
        fs::create_dir_all(&key_dir).map_err(Error::write(&key_dir))?;
    }
    finish_pending(&key_dir, ui)?;
    if !archive::writable(&key_dir) || crate::journal::failpoint_readonly() {
        return Err(Error::NotWritable { path: key_dir });
    }

    // 3. Compare with what is installed.
    let installed = installed_hashes(&key_dir)?;
    let wanted: Vec<&str> = contents.manifest.files.iter().map(|f| f.sha256.as_str()).collect();
    if installed.iter().map(|h| h.as_deref()).eq(wanted.iter().map(|h| Some(*h))) {
        ui.say(&fl!("install-already", dir = shown(&key_dir)));
        return Ok(());
    }
    let old = certs::examine_folder(&key_dir);
    let old_expiry = old.as_ref().and_then(certs::Examination::expiry);
    let new_expiry = new_exam.expiry();
    if let (Some(old_expiry), Some(new_expiry)) = (old_expiry, new_expiry)
        && new_expiry < old_expiry
    {
        let (installed, vault) = (day(old_expiry), day(new_expiry));
        if !plan.force {
            return Err(Error::Downgrade { installed, vault });
        }
        ui.warn(&Error::Downgrade { installed, vault }.to_string());
    }

    // What will happen, then the one question.
    let has_old = installed.iter().any(Option::is_some);
    let root = archive::root_for(&key_dir, plan.archive_dir.as_deref());
    let subject = old
        .as_ref()
        .and_then(certs::Examination::common_name)
        .unwrap_or_else(|| contents.manifest.subject.clone());
    let archive_dir = archive::unused_folder(
        &root,
        &archive::folder_name(&subject, old_expiry.map(|d| d.date_naive()), plan.today),
    );
    ui.say(&fl!("install-target", dir = shown(&key_dir)));
    if has_old {
        ui.say(&fl!("install-will-archive", dir = shown(&archive_dir)));
    } else {
        ui.say(&fl!("install-first-time"));
    }
    if !agree(ui, plan.yes, &fl!("install-ask"))? {
        return Err(Error::Cancelled);
    }

    // 4–9. The journaled swap.
    let new: Vec<NewFile> = contents
        .files
        .iter()
        .zip(&contents.manifest.files)
        .map(|((kind, bytes), entry)| NewFile {
            kind: *kind,
            bytes: bytes.clone(),
            modified: entry
                .modified
                .as_deref()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(std::time::SystemTime::from),
        })
        .collect();
    let result = journal::swap(&key_dir, &new, &archive_dir, "install");
    let log_root = if has_old { archive_dir.parent().unwrap_or(&root).to_owned() } else { root };
    let files: Vec<String> =
        contents.manifest.files.iter().map(|f| format!("{} sha256={}", f.name, f.sha256)).collect();
    if let Err(error) = result {
        let _ = archive::log(
            &log_root,
            &format!(
                "installazione annullata | \"{}\" | cassaforte {}",
                key_dir.display(),
                opened.check_code
            ),
        );
        return Err(error);
    }
    let archived = if has_old { format!("\"{}\"", archive_dir.display()) } else { "-".into() };
    archive::log(
        &log_root,
        &format!(
            "installazione | \"{}\" | {} | archivio {} | cassaforte {}",
            key_dir.display(),
            files.join(" "),
            archived,
            opened.check_code
        ),
    )?;
    ui.say(&fl!("install-done", dir = shown(&key_dir)));
    if has_old {
        ui.say(&fl!("install-archived", dir = shown(&archive_dir)));
    }

    // 10. The password, once; then the vault leaves the stick.
    if let Some(password) = &contents.password {
        show_password(password, ui);
    }
    wipe_vault(&vault_path, plan.keep_vault, ui)
}

/// Completes an operation a previous run left half done, and says what it did.
pub fn finish_pending(key_dir: &Path, ui: &mut dyn Ui) -> Result<()> {
    match journal::recover(key_dir)? {
        Some(Recovered::Forward) => ui.warn(&fl!("recovered-forward", dir = shown(key_dir))),
        Some(Recovered::Back) => ui.warn(&fl!("recovered-back", dir = shown(key_dir))),
        None => {}
    }
    Ok(())
}

/// Refuses while Desktop Telematico runs. When the process list cannot be read, says so and
/// asks (there is no evidence either way).
pub fn refuse_while_running(yes: bool, ui: &mut dyn Ui) -> Result<()> {
    match guard::find_running() {
        Ok(Some(program)) => Err(Error::ProgramRunning { name: program.name, pid: program.pid }),
        Ok(None) => Ok(()),
        Err(_) => {
            ui.warn(&fl!("guard-unknown"));
            if agree(ui, yes, &fl!("guard-ask-closed"))? { Ok(()) } else { Err(Error::Cancelled) }
        }
    }
}

/// SHA-256 of the installed UTEF, UTEC, UTENTE (None where missing).
fn installed_hashes(key_dir: &Path) -> Result<Vec<Option<String>>> {
    let found = keyset::locate_files(key_dir)?;
    found
        .iter()
        .map(|path| match path {
            Some(path) => {
                let bytes = zeroize::Zeroizing::new(fs::read(path).map_err(Error::read(path))?);
                Ok(Some(sha256_hex(&bytes)))
            }
            None => Ok(None),
        })
        .collect()
}

fn day(time: DateTime<Utc>) -> String {
    time.format("%d-%m-%Y").to_string()
}

/// The vaults beside the program, newest first; the user picks when there are several.
pub fn choose_vault(stick: &Path, ui: &mut dyn Ui) -> Result<PathBuf> {
    let vaults = find_vaults(stick);
    match vaults.as_slice() {
        [] => Err(Error::NoVault { dir: stick.to_owned() }),
        [one] => Ok(one.clone()),
        several => {
            if !ui.interactive() {
                return Err(Error::SeveralVaults { count: several.len() });
            }
            ui.say(&fl!("install-several-vaults"));
            for (n, path) in several.iter().enumerate() {
                let bytes = fs::read(path).unwrap_or_default();
                let when = fs::metadata(path)
                    .and_then(|m| m.modified())
                    .map(|t| {
                        DateTime::<chrono::Local>::from(t).format("%d-%m-%Y %H:%M").to_string()
                    })
                    .unwrap_or_default();
                ui.say(&format!(
                    "  {}) \"{}\" — {} — {}",
                    n + 1,
                    shown(path),
                    when,
                    fl!("check-code", code = vault::check_code(&bytes))
                ));
            }
            Ok(several[choose_number(ui, several.len())?].clone())
        }
    }
}

/// `*.age` files directly in `dir`, newest first.
pub fn find_vaults(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| {
            Path::new(&e.file_name()).extension().is_some_and(|x| x.eq_ignore_ascii_case("age"))
        })
        .map(|e| {
            (e.metadata().and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH), e.path())
        })
        .collect();
    found.sort_by(|a, b| b.cmp(a));
    found.into_iter().map(|(_, p)| p).collect()
}

/// Shows the keys' password once: at a terminal, only when the user asks, then cleared.
fn show_password(password: &SecretString, ui: &mut dyn Ui) {
    if !ui.interactive() {
        ui.say(&fl!("install-password-not-shown"));
        return;
    }
    ui.say(&fl!("install-password-intro"));
    ui.reveal(&fl!("install-password-label"), password, true);
}

/// Wipes the vault from the stick unless other PCs still need it.
fn wipe_vault(vault_path: &Path, keep: bool, ui: &mut dyn Ui) -> Result<()> {
    let keep = keep
        || (ui.interactive() && ui.confirm(&fl!("install-ask-keep-vault"), false).unwrap_or(true));
    if keep {
        ui.say(&fl!("install-vault-kept", path = shown(vault_path)));
        return Ok(());
    }
    wipe::wipe_file(vault_path).map_err(Error::write(vault_path))?;
    ui.say(&fl!("install-vault-wiped", path = shown(vault_path)));
    ui.say(&fl!("wipe-flash-note"));
    Ok(())
}
