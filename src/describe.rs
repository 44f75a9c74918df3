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

/// One key file as a line: name, size, date when known; its SHA-256 with `details`.
pub fn file_line(
    name: &str,
    size: u64,
    modified: Option<DateTime<FixedOffset>>,
    sha256: &str,
    details: bool,
) -> String {
    let modified = modified.map(|t| format!("{}  ", dates::day_time(&t))).unwrap_or_default();
    let line = format!("  {:<10} {:>8} byte  {modified}", escape(name), size);
    if details { format!("{line}SHA-256 {sha256}") } else { line.trim_end().to_owned() }
}

/// The common name (`CN=`) of a distinguished name, or the whole name when it has none: what an
/// office worker recognises ("STUDIO DEMO ROSSI"), without the rest of the DN.
pub fn common_name(dn: &str) -> &str {
    dn.split(',')
        .map(str::trim)
        .find_map(|part| part.strip_prefix("CN="))
        .filter(|cn| !cn.is_empty())
        .unwrap_or(dn)
}

/// What a vault holds: who sealed it, when, where, which files, the certificates, the check code.
/// Without `details` the files and certificates say what a person needs (name, size, holder,
/// validity); with it, SHA-256 values, full names, serial numbers and key sizes.
pub fn vault(opened: &Opened, details: bool, ui: &mut dyn Ui) {
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
        ui.say(&file_line(&file.name, file.size, None, &file.sha256, details));
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
        if !details {
            ui.say(&fl!(
                "verify-certificate-short",
                file = escape(&cert.file),
                subject = escape(common_name(&cert.subject)),
                from = dates::day(cert.not_before.date_naive()),
                to = dates::day(cert.not_after.date_naive())
            ));
            continue;
        }
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

/// The warning for a key file one part of which uses an algorithm sigillo does not implement
/// ([`certs::Finding::UnsupportedPart`]): which part, the algorithm's technical name, and
/// whether the password was still proven on the file by another part.
pub fn unsupported_part(name: String, part: certs::Part, what: &str, proven: bool) -> String {
    let part = match part {
        certs::Part::Mac => "mac",
        certs::Part::Certificates => "certificates",
        certs::Part::PrivateKey => "key",
    };
    let proven = if proven { "yes" } else { "no" };
    fl!("finding-unsupported-part", name = name, part = part, what = what, proven = proven)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_add_the_hash_and_the_common_name_stands_for_the_dn() {
        let sha = "ab".repeat(32);
        let plain = file_line("UTEF.P12", 4965, None, &sha, false);
        assert_eq!(plain, "  UTEF.P12       4965 byte");
        let detailed = file_line("UTEF.P12", 4965, None, &sha, true);
        assert!(detailed.ends_with(&format!("SHA-256 {sha}")), "{detailed}");
        assert_eq!(
            common_name("CN=STUDIO DEMO ROSSI, O=Studio Demo Rossi, C=IT"),
            "STUDIO DEMO ROSSI"
        );
        assert_eq!(common_name("O=Studio, C=IT"), "O=Studio, C=IT");
        assert_eq!(common_name("C=IT,CN=Rossi"), "Rossi");
    }
}
