//! verify: open a vault and say what is inside, changing nothing.
//!
//! Also home of [`open_file`], the one way every command opens a vault: size-checked read,
//! passphrase from file or console (three tries at the console), full strict verification.
//! It must never write anything, and never say whether a failure was the passphrase or damage.

use std::fs;
use std::path::Path;

use chrono::DateTime;

use crate::error::{Error, Result};
use crate::fl;
use crate::passphrase;
use crate::ui::{SecretSource, Ui, escape, shown};
use crate::vault::{self, Contents, OpenError};

const TRIES: usize = 3;

/// A vault opened and verified, with its file bytes' check code.
#[derive(Debug)]
pub struct Opened {
    /// The decrypted, verified contents.
    pub contents: Contents,
    /// The check code of the vault file.
    pub check_code: String,
}

/// Reads the vault at `path` and opens it with the passphrase from `source`.
pub fn open_file(path: &Path, source: &SecretSource, ui: &mut dyn Ui) -> Result<Opened> {
    let meta = fs::metadata(path).map_err(Error::read(path))?;
    if !meta.is_file() || meta.len() > vault::MAX_VAULT_FILE {
        return Err(Error::VaultUnreadable { path: path.to_owned() });
    }
    let bytes = fs::read(path).map_err(Error::read(path))?;
    let check_code = vault::check_code(&bytes);
    let tries = if source.is_file() { 1 } else { TRIES };
    for attempt in 1..=tries {
        let typed = source.get(ui, &fl!("prompt-passphrase"))?;
        match vault::open(&bytes, &passphrase::canonical(&typed)) {
            Ok(contents) => return Ok(Opened { contents, check_code }),
            Err(OpenError::TooCostly(work_factor)) => {
                return Err(Error::VaultTooCostly { path: path.to_owned(), work_factor });
            }
            Err(OpenError::Unreadable(_)) if attempt < tries => {
                let left: usize = tries - attempt;
                ui.warn(&fl!("passphrase-retry", left = left));
            }
            Err(OpenError::Unreadable(_)) => {}
        }
    }
    Err(Error::VaultUnreadable { path: path.to_owned() })
}

/// `sigillo verify`: opens the vault and prints its manifest in plain words.
pub fn verify(path: &Path, source: &SecretSource, ui: &mut dyn Ui) -> Result<Opened> {
    let opened = open_file(path, source, ui)?;
    ui.say(&fl!("verify-ok", path = shown(path)));
    describe(&opened, ui);
    Ok(opened)
}

/// Prints what a vault holds: who sealed it, when, where, which files, the check code.
pub fn describe(opened: &Opened, ui: &mut dyn Ui) {
    let m = &opened.contents.manifest;
    let when = DateTime::parse_from_rfc3339(&m.created_at)
        .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_else(|_| escape(&m.created_at));
    ui.say(&fl!("check-code", code = opened.check_code.clone()));
    ui.say(&fl!(
        "verify-sealed",
        when = when,
        host = escape(&m.source_host),
        by = escape(&m.created_by)
    ));
    if !m.subject.is_empty() {
        ui.say(&fl!("verify-subject", subject = escape(&m.subject)));
    }
    ui.say(&fl!("verify-files"));
    for file in &m.files {
        ui.say(&format!("  {:<10} {:>8} byte  SHA-256 {}", file.name, file.size, file.sha256));
    }
    if !m.certificates.is_empty() {
        ui.say(&fl!("verify-certificates"));
    }
    let mut seen: Vec<&str> = Vec::new();
    for cert in &m.certificates {
        // The keystore repeats the P12 certificates: one line per certificate.
        if seen.contains(&cert.serial.as_str()) {
            continue;
        }
        seen.push(&cert.serial);
        let date = |t: &str| {
            DateTime::parse_from_rfc3339(t)
                .map(|t| t.format("%d-%m-%Y").to_string())
                .unwrap_or_else(|_| escape(t))
        };
        ui.say(&fl!(
            "verify-certificate",
            file = escape(&cert.file),
            subject = escape(&cert.subject),
            serial = escape(&cert.serial),
            from = date(&cert.not_before),
            to = date(&cert.not_after),
            bits = cert.key_bits.map(|b| b.to_string()).unwrap_or_else(|| "?".into())
        ));
    }
    ui.say(&if m.password { fl!("verify-password-yes") } else { fl!("verify-password-no") });
}
