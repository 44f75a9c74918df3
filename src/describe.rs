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
use crate::error::SetProblem;
use crate::hash::Sha256;
use crate::i18n::fl;
use crate::keyset::{self, KeyKind};
use crate::sanitize::{escape, shown};
use crate::ui::Ui;
use crate::vault::{CertEntry, Contents, Manifest, Opened};

/// One key file as a line: name, size, date when known; its SHA-256 with `details`.
pub fn file_line(
    name: &str,
    size: u64,
    modified: Option<DateTime<FixedOffset>>,
    sha256: &Sha256,
    details: bool,
) -> String {
    let modified = modified.map(|t| format!("{}  ", dates::day_time(&t))).unwrap_or_default();
    // Right-aligned as a whole: "4965 byte" in Italian, "4965 bytes" / "1 byte" in English.
    let line = format!("  {:<10} {:>13}  {modified}", escape(name), fl!("size-bytes", size = size));
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
///
/// `files` is what the certificates of the vault's own files say (read with the password inside
/// it): those are what would be installed, so they are described, and every point where the
/// manifest (written by whoever sealed the vault) claims otherwise is a warning. Without it, or
/// when no certificate could be read from the files, the manifest's own list is shown.
pub fn vault(opened: &Opened, files: Option<&certs::Examination>, details: bool, ui: &mut dyn Ui) {
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
    let read: Vec<CertEntry> = files.map(certificates_of).unwrap_or_default();
    let shown_certs = if read.is_empty() { &m.certificates } else { &read };
    if files.is_some() && read.is_empty() && !m.certificates.is_empty() {
        ui.warn(&fl!("vault-certificates-unread"));
    }
    if !shown_certs.is_empty() {
        ui.say(&fl!("verify-certificates"));
    }
    certificate_lines(shown_certs, details, ui);
    if let Some(exam) = files.filter(|_| !read.is_empty()) {
        disagreements(m, exam, &read, ui);
        for finding in &exam.findings {
            match finding {
                certs::Finding::Weak(kind, bits) => {
                    let bits: u32 = *bits;
                    ui.warn(&fl!("finding-weak", name = kind.name(), bits = bits));
                }
                certs::Finding::NoPrivateKey(kind) => {
                    ui.warn(&fl!("finding-no-private-key", name = kind.name()));
                }
                _ => {}
            }
        }
    }
    ui.say(&if m.password { fl!("verify-password-yes") } else { fl!("verify-password-no") });
}

/// What a seal would refuse in a vault's own set, examined with the password it carries: a
/// private key that is not its certificate's, a file of another generation or holder, a
/// password that opens only some of the files, or none. install refuses it; verify says so.
pub fn set_problem(contents: &Contents, exam: &certs::Examination) -> Option<SetProblem> {
    let problem = exam.findings.iter().find_map(|finding| match finding {
        certs::Finding::KeyMismatch(kind) => Some(SetProblem::KeyMismatch(kind.name())),
        certs::Finding::Mixed(kind) => Some(SetProblem::Mixed(kind.name())),
        _ => None,
    });
    let refused = exam.findings.iter().any(|f| matches!(f, certs::Finding::WrongPassword(_)));
    problem.or_else(|| match exam.opened_in_part() {
        Some((opened, refused)) => {
            let names = |kinds: Vec<KeyKind>| kinds.into_iter().map(KeyKind::name).collect();
            Some(SetProblem::OpensSome { opened: names(opened), refused: names(refused) })
        }
        None if contents.password.is_some() && refused => Some(SetProblem::OpensNone),
        None => None,
    })
}

/// The certificates an examination read, as the manifest lists them (seal writes them so;
/// install and verify compare the manifest with them).
pub fn certificates_of(exam: &certs::Examination) -> Vec<CertEntry> {
    exam.certificates()
        .into_iter()
        .map(|(kind, cert)| CertEntry {
            file: kind.name().into(),
            subject: cert.subject.clone(),
            serial: cert.serial.clone(),
            not_before: cert.not_before,
            not_after: cert.not_after,
            key_bits: cert.key_bits,
        })
        .collect()
}

fn certificate_lines(list: &[CertEntry], details: bool, ui: &mut dyn Ui) {
    let mut seen: Vec<&str> = Vec::new();
    for cert in list {
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
}

/// Warns where the manifest's claims (its label, its certificates) differ from what the files'
/// certificates say: the holder, the expiry, the key sizes; anything else about the
/// certificates in one sentence.
fn disagreements(m: &Manifest, exam: &certs::Examination, read: &[CertEntry], ui: &mut dyn Ui) {
    let holders: Vec<&str> = read.iter().map(|c| common_name(&c.subject)).collect();
    let actual = exam.common_name().unwrap_or_else(|| holders[0].to_owned());
    let claimed_holders: Vec<&str> =
        m.certificates.iter().map(|c| common_name(&c.subject)).collect();
    // The manifest's certificate entries, never its free label (`seal --subject` is any name
    // the office likes: "Studio Rossi (sede di Milano)" is no claim about the certificates).
    let stranger = claimed_holders.iter().find(|c| !holders.contains(c)).copied();
    if let Some(claimed) = stranger {
        ui.warn(&fl!(
            "vault-manifest-holder-differs",
            claimed = escape(claimed),
            actual = escape(&actual)
        ));
    }
    let expiry = |list: &[CertEntry]| list.iter().map(|c| c.not_after).min();
    if let (Some(claimed), Some(actual)) = (expiry(&m.certificates), expiry(read))
        && claimed.date_naive() != actual.date_naive()
    {
        ui.warn(&fl!(
            "vault-manifest-expiry-differs",
            claimed = dates::day(claimed.date_naive()),
            actual = dates::day(actual.date_naive())
        ));
    }
    for kind in KeyKind::ALL {
        let bits = |list: &[CertEntry]| {
            let mut bits: Vec<u32> =
                list.iter().filter(|c| c.file == kind.name()).filter_map(|c| c.key_bits).collect();
            bits.sort();
            bits.dedup();
            bits
        };
        let (claimed, actual) = (bits(&m.certificates), bits(read));
        if !claimed.is_empty() && !actual.is_empty() && claimed != actual {
            let list = |b: Vec<u32>| b.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
            ui.warn(&fl!(
                "vault-manifest-bits-differ",
                file = kind.name(),
                claimed = list(claimed),
                actual = list(actual)
            ));
        }
    }
    let key = |c: &CertEntry| (c.file.clone(), c.serial.clone());
    let mut claimed: Vec<_> = m.certificates.iter().map(key).collect();
    let mut actual: Vec<_> = read.iter().map(key).collect();
    claimed.sort();
    claimed.dedup();
    actual.sort();
    actual.dedup();
    // A manifest that lists no certificate (its seal could not read them) claims nothing.
    if !claimed.is_empty() && claimed != actual {
        ui.warn(&fl!("vault-manifest-certificates-differ"));
    }
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
        certs::Part::KeySafe => "keysafe",
    };
    let proven = if proven { "yes" } else { "no" };
    let what = algorithm(what);
    fl!("finding-unsupported-part", name = name, part = part, what = what, proven = proven)
}

/// An algorithm's technical name as a message shows it: its unknown part
/// ([`certs::UNKNOWN_MARK`]) in words, "sconosciuto", not "?" (review 21-c, finding 8).
pub fn algorithm(what: &str) -> String {
    what.replace(certs::UNKNOWN_MARK, &fl!("algorithm-unknown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_algorithm_is_said_in_words_not_as_a_question_mark() {
        // Review 21-c, finding 8: "usa un algoritmo che sigillo non sa leggere (?)".
        let unknown = fl!("algorithm-unknown");
        assert_eq!(algorithm("PBES2 (KDF ?)"), format!("PBES2 (KDF {unknown})"));
        assert_eq!(algorithm("CAMELLIA-256-CBC"), "CAMELLIA-256-CBC");
        let line = unsupported_part("UTEF.P12".into(), certs::Part::Certificates, "?", true);
        assert!(line.contains(&format!("({unknown})")) && !line.contains("(?)"), "{line}");
    }

    #[test]
    fn details_add_the_hash_and_the_common_name_stands_for_the_dn() {
        let sha: Sha256 = "ab".repeat(32).parse().unwrap();
        let plain = file_line("UTEF.P12", 4965, None, &sha, false);
        assert_eq!(plain, "  UTEF.P12       4965 byte");
        let detailed = file_line("UTEF.P12", 4965, None, &sha, true);
        assert!(detailed.ends_with(&format!("SHA-256 {sha}")), "{detailed}");
        assert_eq!(file_line("UTEF.P12", 1, None, &sha, false), "  UTEF.P12          1 byte");
        assert_eq!(
            common_name("CN=STUDIO DEMO ROSSI, O=Studio Demo Rossi, C=IT"),
            "STUDIO DEMO ROSSI"
        );
        assert_eq!(common_name("O=Studio, C=IT"), "O=Studio, C=IT");
        assert_eq!(common_name("C=IT,CN=Rossi"), "Rossi");
    }
}
