//! describe: how sigillo tells people what a thing holds — a vault, a key folder, a key file.
//!
//! Steps print through these so a vault reads the same in `verify`, `install` and guided mode,
//! and a file line the same in `verify` and `status`. Every value that came from outside (a
//! vault's labels, a file name) goes through [`crate::sanitize`]. Nothing here changes a file.

use std::fs;
use std::path::Path;

use crate::certs;
use crate::dates;
use crate::error::SetProblem;
use crate::i18n::fl;
use crate::keyset::{self, KeyKind};
use crate::sanitize::{escape, shown};
use crate::talk::{Certificate, Event, VaultOpened, WarningKind};
use crate::ui::Ui;
use crate::vault::{CertEntry, Contents, Manifest, Opened};

// How a key file's line and a holder's name read: the console's words, shared with the steps
// that print them as they go (status).
pub use crate::render::{common_name, file_line};

/// What a vault holds: who sealed it, when, where, which files, the certificates, the check code.
/// Without `details` the files and certificates say what a person needs (name, size, holder,
/// validity); with it, SHA-256 values, full names, serial numbers and key sizes.
///
/// `files` is what the certificates of the vault's own files say (read with the password inside
/// it): those are what would be installed, so they are described, and every point where the
/// manifest (written by whoever sealed the vault) claims otherwise is a warning. Without it, or
/// when no certificate could be read from the files, the manifest's own list is shown.
pub fn vault(
    path: &Path,
    opened: &Opened,
    files: Option<&certs::Examination>,
    details: bool,
    ui: &mut dyn Ui,
) {
    let m = &opened.contents.manifest;
    let read: Vec<CertEntry> = files.map(certificates_of).unwrap_or_default();
    let shown_certs = if read.is_empty() { &m.certificates } else { &read };
    let expires = shown_certs.iter().map(|c| c.not_after.date_naive()).min();
    let holder = files.and_then(certs::Examination::common_name);
    ui.tell(Event::VaultOpened(VaultOpened {
        path: path.to_owned(),
        check_code: opened.check_code.to_string(),
        subject: m.subject.clone(),
        sealed_on: m.created_at.date_naive(),
        files: m.files.iter().map(|f| (f.name.clone(), f.size)).collect(),
        holder,
        expires,
        password_inside: m.password,
        sealed_at: m.created_at,
        host: m.source_host.clone(),
        sealed_by: m.created_by.clone(),
        sha256: m.files.iter().map(|f| f.sha256.clone()).collect(),
        certificates: shown_certs.iter().map(certificate).collect(),
        details,
    }));
    if files.is_some() && read.is_empty() && !m.certificates.is_empty() {
        ui.warn_of(WarningKind::KeyFile, &fl!("vault-certificates-unread"));
    }
    if let Some(exam) = files.filter(|_| !read.is_empty()) {
        disagreements(m, exam, &read, ui);
        for finding in &exam.findings {
            match finding {
                certs::Finding::Weak(kind, bits) => {
                    let bits: u32 = *bits;
                    let text = fl!("finding-weak", name = kind.name(), bits = bits);
                    ui.warn_of(WarningKind::KeyFile, &text);
                }
                certs::Finding::NoPrivateKey(kind) => {
                    let text = fl!("finding-no-private-key", name = kind.name());
                    ui.warn_of(WarningKind::KeyFile, &text);
                }
                _ => {}
            }
        }
    }
}

/// A certificate entry as faces describe it.
fn certificate(cert: &CertEntry) -> Certificate {
    Certificate {
        file: cert.file.clone(),
        subject: cert.subject.clone(),
        serial: cert.serial.clone(),
        valid_from: cert.not_before.date_naive(),
        valid_to: cert.not_after.date_naive(),
        key_bits: cert.key_bits,
    }
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
        ui.warn_of(
            WarningKind::KeyFile,
            &fl!(
                "vault-manifest-holder-differs",
                claimed = escape(claimed),
                actual = escape(&actual)
            ),
        );
    }
    let expiry = |list: &[CertEntry]| list.iter().map(|c| c.not_after).min();
    if let (Some(claimed), Some(actual)) = (expiry(&m.certificates), expiry(read))
        && claimed.date_naive() != actual.date_naive()
    {
        ui.warn_of(
            WarningKind::KeyFile,
            &fl!(
                "vault-manifest-expiry-differs",
                claimed = dates::day(claimed.date_naive()),
                actual = dates::day(actual.date_naive())
            ),
        );
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
            ui.warn_of(
                WarningKind::KeyFile,
                &fl!(
                    "vault-manifest-bits-differ",
                    file = kind.name(),
                    claimed = list(claimed),
                    actual = list(actual)
                ),
            );
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
        ui.warn_of(WarningKind::KeyFile, &fl!("vault-manifest-certificates-differ"));
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
        let sha = "ab".repeat(32);
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
