//! render: the console's words for each [`Event`] (ARCHITECTURE.md §3).
//!
//! A step tells what happened as values; this is where those values become today's Italian or
//! English sentences of the Fluent catalogue, line by line, each for standard output (a line of
//! the story) or standard error (a warning). The console prints them; the window may keep them
//! as its transcript ("Dettagli"). Every value that came from outside (a vault's labels, a file
//! name, a path) goes through [`crate::sanitize`] here.

use std::path::Path;

use chrono::{DateTime, FixedOffset};

use crate::dates;
use crate::error::{Error, Secret};
use crate::hash::Sha256;
use crate::i18n::fl;
use crate::sanitize::{escape, shown};
use crate::talk::{Certificate, Done, Event, Found, Plan, SetInfo, VaultFate, VaultOpened};

/// One line of what the console prints for an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// A line of the story, on standard output.
    Say(String),
    /// A warning, on standard error (the console puts "Attenzione:" before it).
    Warn(String),
}

/// The lines the console prints for `event`, in order. [`Event::Progress`] has none: the
/// console draws it as a spinner.
pub fn lines(event: &Event) -> Vec<Line> {
    let mut out = Lines(Vec::new());
    match event {
        Event::Note { text } => out.say(text.clone()),
        Event::Warning { text, .. } => out.warn(text.clone()),
        Event::VaultOpened(vault) => vault_opened(vault, &mut out),
        Event::KeyFolder { path, how: Found::Searched } => {
            out.say(fl!("locate-found-one", dir = shown(path)));
        }
        // Given, chosen or typed: the people know it already.
        Event::KeyFolder { .. } => {}
        Event::Plan(plan) => plan_lines(plan, &mut out),
        Event::Progress(_) => {}
        Event::WrongSecret { secret, tries_left, file } => match (secret, file) {
            (Secret::Password, Some(path)) => {
                out.warn(Error::WrongPassword { path: path.clone() }.to_string());
            }
            _ => {
                let left: usize = *tries_left;
                out.warn(fl!("passphrase-retry", left = left));
            }
        },
        Event::KeysInPlace { key_folder, already: true, .. } => {
            out.say(fl!("install-already", dir = shown(key_folder)));
        }
        Event::KeysInPlace { key_folder, archive, already: false } => {
            out.say(fl!("install-done", dir = shown(key_folder)));
            if let Some(archive) = archive {
                out.say(fl!("install-archived", dir = shown(archive)));
            }
        }
        Event::Done(done) => done_lines(done, &mut out),
    }
    out.0
}

struct Lines(Vec<Line>);

impl Lines {
    fn say(&mut self, text: String) {
        self.0.push(Line::Say(text));
    }
    fn warn(&mut self, text: String) {
        self.0.push(Line::Warn(text));
    }
}

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

/// What a vault holds: when and where it was sealed, its label, files, certificates, whether
/// the password is inside, and the check code first.
fn vault_opened(v: &VaultOpened, out: &mut Lines) {
    out.say(fl!("check-code", code = v.check_code.clone()));
    out.say(fl!(
        "verify-sealed",
        when = dates::day_time(&v.sealed_at),
        host = escape(&v.host),
        by = escape(&v.sealed_by)
    ));
    if !v.subject.is_empty() {
        out.say(fl!("verify-subject", subject = escape(&v.subject)));
    }
    out.say(fl!("verify-files"));
    for ((name, size), sha256) in v.files.iter().zip(&v.sha256) {
        out.say(file_line(name, *size, None, sha256, v.details));
    }
    if !v.certificates.is_empty() {
        out.say(fl!("verify-certificates"));
    }
    certificate_lines(&v.certificates, v.details, out);
    out.say(if v.password_inside { fl!("verify-password-yes") } else { fl!("verify-password-no") });
}

fn certificate_lines(list: &[Certificate], details: bool, out: &mut Lines) {
    let mut seen: Vec<&str> = Vec::new();
    for cert in list {
        // The keystore repeats the P12 certificates: one line per certificate.
        if seen.contains(&cert.serial.as_str()) {
            continue;
        }
        seen.push(&cert.serial);
        let (from, to) = (dates::day(cert.valid_from), dates::day(cert.valid_to));
        if !details {
            out.say(fl!(
                "verify-certificate-short",
                file = escape(&cert.file),
                subject = escape(common_name(&cert.subject)),
                from = from,
                to = to
            ));
            continue;
        }
        out.say(fl!(
            "verify-certificate",
            file = escape(&cert.file),
            subject = escape(&cert.subject),
            serial = escape(&cert.serial),
            from = from,
            to = to,
            bits = cert.key_bits.map(|b| b.to_string()).unwrap_or_else(|| "?".into())
        ));
    }
}

fn plan_lines(plan: &Plan, out: &mut Lines) {
    match plan {
        Plan::Seal { from, files, .. } => {
            out.say(fl!("seal-found", dir = shown(from)));
            for (name, size) in files {
                let size: u64 = *size;
                out.say(fl!("seal-found-file", name = shown(Path::new(name)), size = size));
            }
        }
        Plan::Install { target, archive, .. } => {
            out.say(fl!("install-target", dir = shown(target)));
            match archive {
                Some(archive) => out.say(fl!("install-will-archive", dir = shown(archive))),
                None => out.say(fl!("install-first-time")),
            }
        }
        Plan::Rollback { target, from, set_aside, back, out: taken_out, same_keys } => {
            let (state, date) = state(back);
            out.say(fl!(
                "rollback-plan-back",
                holder = holder(back),
                state = state,
                date = date,
                from = shown(from)
            ));
            match (taken_out, set_aside) {
                (Some(set), Some(to)) => {
                    let (state, date) = self::state(set);
                    out.say(fl!(
                        "rollback-plan-out",
                        dir = shown(target),
                        holder = holder(set),
                        state = state,
                        date = date,
                        to = shown(to)
                    ));
                }
                _ => out.say(fl!("rollback-plan-nothing-out", dir = shown(target))),
            }
            if *same_keys {
                out.say(fl!("rollback-plan-same-keys"));
            }
        }
        Plan::Wipe { files } => {
            out.say(fl!("wipe-list"));
            for path in files {
                out.say(format!("  \"{}\"", shown(path)));
            }
        }
    }
}

/// A set's holder as the rollback plan names it.
fn holder(set: &SetInfo) -> String {
    match &set.holder {
        Some(holder) => escape(holder),
        None => fl!("rollback-holder-unknown"),
    }
}

/// `expired`, `valid` or `unknown` (the messages' selector), and the date.
fn state(set: &SetInfo) -> (&'static str, String) {
    match set.expires {
        Some(expiry) if set.expired => ("expired", dates::day(expiry)),
        Some(expiry) => ("valid", dates::day(expiry)),
        None => ("unknown", String::new()),
    }
}

fn done_lines(done: &Done, out: &mut Lines) {
    match done {
        Done::Sealed { vault, check_code, passphrase_generated } => {
            out.say(fl!("seal-done", path = shown(vault)));
            // The advice names the passphrase and comes right after the vault it opens, before
            // the check code: under the code, "tell it by phone" read as if it were about it.
            if *passphrase_generated {
                out.say(fl!("seal-passphrase-advice"));
            }
            out.say(fl!("check-code", code = check_code.clone()));
        }
        // The vault's description said it all.
        Done::Verified { .. } => {}
        Done::Installed { vault, vault_path, .. }
        | Done::AlreadyInstalled { vault, vault_path, .. } => vault_fate(*vault, vault_path, out),
        Done::Status { archives, .. } => {
            if archives.is_empty() {
                out.say(fl!("status-no-archives"));
            } else {
                out.say(fl!("status-archives"));
                for dir in archives {
                    out.say(format!("  \"{}\"", shown(dir)));
                }
            }
        }
        Done::RolledBack { key_folder, from, set_aside } => {
            // Two sets, two names: the one brought back by its archive, the one taken out by
            // where it is now.
            out.say(fl!("rollback-restored", dir = shown(key_folder), from = shown(from)));
            if let Some(archive) = set_aside {
                out.say(fl!("rollback-set-aside", archive = shown(archive)));
            }
        }
        Done::Wiped { files, plaintext } => {
            for path in files {
                out.say(fl!("wipe-done", path = shown(path)));
            }
            // Honestly what flash memory may keep: for a vault, only ciphertext; for a
            // plaintext copy, the plaintext.
            out.say(if *plaintext {
                fl!("wipe-flash-note-plaintext")
            } else {
                fl!("wipe-flash-note")
            });
        }
    }
}

/// What became of the vault at the end of an install.
fn vault_fate(fate: VaultFate, path: &Path, out: &mut Lines) {
    let path = shown(path);
    match fate {
        VaultFate::Kept => out.say(fl!("install-vault-kept", path = path)),
        VaultFate::KeptUnasked => out.say(fl!("install-vault-kept-unasked", path = path)),
        VaultFate::KeptUnseen => out.say(fl!("install-vault-kept-unseen", path = path)),
        VaultFate::Wiped => {
            out.say(fl!("install-vault-wiped", path = path));
            out.say(fl!("wipe-flash-note"));
        }
        // Why it could not be wiped was a warning of its own, when it happened.
        VaultFate::NotWiped => out.say(fl!("install-vault-wipe-later", path = path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn said(event: Event) -> Vec<String> {
        lines(&event)
            .into_iter()
            .map(|line| match line {
                Line::Say(text) => text,
                Line::Warn(text) => format!("WARN {text}"),
            })
            .collect()
    }

    fn path(p: &str) -> PathBuf {
        PathBuf::from(p)
    }

    #[test]
    fn the_install_plan_says_where_the_keys_go_and_where_the_old_ones_go() {
        let plan = |archive: Option<PathBuf>| {
            Event::Plan(Plan::Install {
                holder: "STUDIO DEMO ROSSI".into(),
                expires: None,
                target: path("/pc/Entratel"),
                archive,
                check_code: "1234-5678-9012".into(),
            })
        };
        let target = fl!("install-target", dir = shown(Path::new("/pc/Entratel")));
        let archive = path("/pc/Chiavi di Sicurezza Scadute/Chiavi X - Scadute al 31-10-2026");
        assert_eq!(
            said(plan(Some(archive.clone()))),
            [target.clone(), fl!("install-will-archive", dir = shown(&archive))]
        );
        assert_eq!(said(plan(None)), [target, fl!("install-first-time")]);
    }

    #[test]
    fn a_key_folder_is_said_only_when_the_search_found_it() {
        let folder = |how| Event::KeyFolder { path: path("/pc/Entratel"), how };
        let found = fl!("locate-found-one", dir = shown(Path::new("/pc/Entratel")));
        assert_eq!(said(folder(Found::Searched)), [found]);
        for how in [Found::Given, Found::Chosen, Found::Typed] {
            assert!(said(folder(how)).is_empty(), "{how:?}");
        }
    }

    #[test]
    fn a_wrong_secret_is_a_warning_with_the_tries_left_or_the_file() {
        let passphrase =
            Event::WrongSecret { secret: Secret::Passphrase, tries_left: 2, file: None };
        let left: usize = 2;
        assert_eq!(said(passphrase), [format!("WARN {}", fl!("passphrase-retry", left = left))]);
        let file = path("/pc/chiavi/UTEF.P12");
        let password = Event::WrongSecret {
            secret: Secret::Password,
            tries_left: 1,
            file: Some(file.clone()),
        };
        let wrong = Error::WrongPassword { path: file }.to_string();
        assert_eq!(said(password), [format!("WARN {wrong}")]);
    }

    #[test]
    fn install_ends_with_the_keys_in_place_then_the_vaults_fate() {
        let (dir, archive, vault) = (path("/pc/E"), path("/pc/A"), path("/stick/v.age"));
        let keys_in = Event::KeysInPlace {
            key_folder: dir.clone(),
            archive: Some(archive.clone()),
            already: false,
        };
        assert_eq!(
            said(keys_in),
            [
                fl!("install-done", dir = shown(&dir)),
                fl!("install-archived", dir = shown(&archive))
            ]
        );
        let already = Event::KeysInPlace { key_folder: dir.clone(), archive: None, already: true };
        assert_eq!(said(already), [fl!("install-already", dir = shown(&dir))]);
        let done = |fate| {
            Event::Done(Done::Installed {
                key_folder: dir.clone(),
                archive: None,
                vault: fate,
                vault_path: vault.clone(),
            })
        };
        let v = || shown(&vault);
        assert_eq!(said(done(VaultFate::Kept)), [fl!("install-vault-kept", path = v())]);
        assert_eq!(
            said(done(VaultFate::KeptUnasked)),
            [fl!("install-vault-kept-unasked", path = v())]
        );
        assert_eq!(
            said(done(VaultFate::KeptUnseen)),
            [fl!("install-vault-kept-unseen", path = v())]
        );
        assert_eq!(
            said(done(VaultFate::Wiped)),
            [fl!("install-vault-wiped", path = v()), fl!("wipe-flash-note")]
        );
        assert_eq!(said(done(VaultFate::NotWiped)), [fl!("install-vault-wipe-later", path = v())]);
    }

    #[test]
    fn a_generated_passphrase_is_advised_about_between_the_vault_and_its_code() {
        let sealed = |generated| {
            Event::Done(Done::Sealed {
                vault: path("stick/v.age"),
                check_code: "1234-5678-9012".into(),
                passphrase_generated: generated,
            })
        };
        let done = fl!("seal-done", path = shown(Path::new("stick/v.age")));
        let code = fl!("check-code", code = "1234-5678-9012");
        assert_eq!(said(sealed(false)), [done.clone(), code.clone()]);
        assert_eq!(said(sealed(true)), [done, fl!("seal-passphrase-advice"), code]);
    }

    #[test]
    fn a_vault_is_described_once_per_certificate_with_its_labels_escaped() {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let cert = |file: &str| Certificate {
            file: file.into(),
            subject: "CN=STUDIO DEMO ROSSI, O=Studio".into(),
            serial: "38817B".into(),
            valid_from: day(1),
            valid_to: day(30),
            key_bits: Some(4096),
        };
        let sealed_at = DateTime::parse_from_rfc3339("2026-11-22T10:00:00+01:00").unwrap();
        let vault = VaultOpened {
            path: path("stick/v.age"),
            check_code: "1234-5678-9012".into(),
            subject: "Studio\u{1b}[2J".into(),
            sealed_on: sealed_at.date_naive(),
            files: vec![("UTEF.P12".into(), 4965)],
            holder: Some("STUDIO DEMO ROSSI".into()),
            expires: Some(day(30)),
            password_inside: true,
            sealed_at,
            host: "PC-1".into(),
            sealed_by: "sigillo 0.1.0".into(),
            sha256: vec![Sha256::of(b"UTEF")],
            // The keystore repeats the P12's certificate: one line.
            certificates: vec![cert("UTEF.P12"), cert("UTENTE.KS")],
            details: false,
        };
        let plain = said(Event::VaultOpened(vault.clone()));
        assert_eq!(plain.first(), Some(&fl!("check-code", code = "1234-5678-9012")));
        assert!(plain.contains(&fl!("verify-subject", subject = "Studio\\u{1b}[2J")), "{plain:?}");
        assert!(plain.contains(&"  UTEF.P12       4965 byte".to_owned()), "{plain:?}");
        let short = fl!(
            "verify-certificate-short",
            file = "UTEF.P12",
            subject = "STUDIO DEMO ROSSI",
            from = "01-11-2026",
            to = "30-11-2026"
        );
        assert_eq!(plain.iter().filter(|l| **l == short).count(), 1, "{plain:?}");
        assert_eq!(plain.iter().filter(|l| l.contains("UTENTE.KS:")).count(), 0, "{plain:?}");
        assert_eq!(plain.last(), Some(&fl!("verify-password-yes")));
        let detailed = said(Event::VaultOpened(VaultOpened { details: true, ..vault }));
        let hash = Sha256::of(b"UTEF");
        assert!(detailed.iter().any(|l| l.ends_with(&format!("SHA-256 {hash}"))), "{detailed:?}");
        assert!(detailed.iter().any(|l| l.contains("38817B")), "{detailed:?}");
    }

    #[test]
    fn the_rollback_plan_names_both_sets_and_their_state() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
        let back = SetInfo { holder: None, expires: Some(day), expired: true };
        let plan = Event::Plan(Plan::Rollback {
            target: path("/pc/E"),
            from: path("/pc/A/old"),
            set_aside: None,
            back,
            out: None,
            same_keys: false,
        });
        let lines = said(plan);
        let expected = fl!(
            "rollback-plan-back",
            holder = fl!("rollback-holder-unknown"),
            state = "expired",
            date = "31-10-2026",
            from = shown(Path::new("/pc/A/old"))
        );
        assert_eq!(
            lines,
            [expected, fl!("rollback-plan-nothing-out", dir = shown(Path::new("/pc/E")))]
        );
    }
}
