//! describe: how sigillo tells people what a thing holds — a vault, a key folder, a key file.
//!
//! Steps print through these so a vault reads the same in `verify`, `install` and guided mode,
//! and a file line the same in `verify` and `status`. Every value that came from outside (a
//! vault's labels, a file name) goes through [`crate::sanitize`]. Nothing here changes a file.

use std::fs;
use std::path::Path;

use chrono::{DateTime, FixedOffset};

use crate::certs;
use crate::dates;
use crate::fl;
use crate::keyset;
use crate::sanitize::{escape, shown};
use crate::ui::Ui;
use crate::vault::Opened;

/// One key file as a line: name, size, date when known, SHA-256.
pub fn file_line(
    name: &str,
    size: u64,
    modified: Option<DateTime<FixedOffset>>,
    sha256: &str,
) -> String {
    let modified = modified.map(|t| format!("{}  ", dates::day_time(&t))).unwrap_or_default();
    format!("  {:<10} {:>8} byte  {modified}SHA-256 {sha256}", escape(name), size)
}

/// What a vault holds: who sealed it, when, where, which files, the certificates, the check code.
pub fn vault(opened: &Opened, ui: &mut dyn Ui) {
    let m = &opened.contents.manifest;
    ui.say(&fl!("check-code", code = opened.check_code.to_string()));
    ui.say(&fl!(
        "verify-sealed",
        when = dates::day_time(&m.created_at),
        host = escape(&m.source_host),
        by = escape(&m.created_by)
    ));
    if !m.subject.is_empty() {
        ui.say(&fl!("verify-subject", subject = escape(&m.subject)));
    }
    ui.say(&fl!("verify-files"));
    for file in &m.files {
        ui.say(&file_line(&file.name, file.size, None, &file.sha256));
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
        ui.say(&fl!(
            "verify-certificate",
            file = escape(&cert.file),
            subject = escape(&cert.subject),
            serial = escape(&cert.serial),
            from = dates::day(cert.not_before.date_naive()),
            to = dates::day(cert.not_after.date_naive()),
            bits = cert.key_bits.map(|b| b.to_string()).unwrap_or_else(|| "?".into())
        ));
    }
    ui.say(&if m.password { fl!("verify-password-yes") } else { fl!("verify-password-no") });
}

/// A key folder in one line: its path, the date of its keys and their expiry (read from
/// `UTENTE.KS` without a password).
pub fn folder(dir: &Path) -> String {
    let files = keyset::locate_files(dir).unwrap_or_default();
    let mut text = format!("\"{}\"", shown(dir));
    if let Some(Some(utef)) = files.first()
        && let Ok(modified) = fs::metadata(utef).and_then(|m| m.modified())
    {
        let date = dates::day(dates::local(modified).date_naive());
        text.push_str(&format!(" — {}", fl!("locate-modified", date = date)));
    }
    if let Some(expiry) = certs::examine_folder(dir).and_then(|exam| exam.expiry()) {
        let date = dates::day(expiry.date_naive());
        text.push_str(&format!(" — {}", fl!("locate-expires", date = date)));
    }
    text
}
