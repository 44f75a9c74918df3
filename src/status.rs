//! status: what key set this PC has — files, hashes, certificate dates, expiry, archives.
//!
//! Certificates come from `UTENTE.KS` without a password (JKS/JCEKS keep them in clear) and, when
//! the password is given, from the two PKCS#12 files too. A keystore that encrypts them (PKCS#12)
//! is said to, and the password asked for at a terminal. Each certificate is labelled by its role
//! as the keys tell it, never by an alias; an entry whose role nothing tells is called by its
//! name in the file, so two entries never read the same. Warns under [`WARN_DAYS`] days to
//! expiry and once expired; flags small keys. Can write an iCalendar reminder.
//!
//! Status changes nothing of its own, with two exceptions: it first completes an operation a
//! previous run left half done ([`journal::finish_pending`], as every command that touches a key
//! folder does), and it writes the `.ics` file it is asked to write.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::archive;
use crate::certs::{self, CertInfo, Examination, MIN_KEY_BITS, MIN_KEY_BITS_CIFRATURA, Role};
use crate::cli::StatusArgs;
use crate::context::Context;
use crate::dates;
use crate::describe;
use crate::disk;
use crate::error::{Error, Result};
use crate::hash::sha256_hex;
use crate::i18n::fl;
use crate::journal;
use crate::keyset::{self, KeyKind};
use crate::locate::{self, SearchRoots};
use crate::sanitize::{escape, shown};
use crate::talk::{Done, Event, WarningKind};
use crate::ui::{SecretSource, Ui};

/// Under this many days to expiry, status warns to renew.
pub const WARN_DAYS: i64 = 60;
/// The calendar reminder falls this many days before expiry.
pub const REMIND_DAYS: i64 = 30;

/// A validated status request.
#[derive(Debug)]
pub struct StatusPlan {
    /// The key folder; searched for when not given.
    pub dir: Option<PathBuf>,
    /// Where to search for it.
    pub roots: SearchRoots,
    /// The stick: never taken as the key folder.
    pub stick: PathBuf,
    /// The keys' password, to read the PKCS#12 files too.
    pub password: Option<SecretSource>,
    /// Where to write the calendar reminder.
    pub ics: Option<PathBuf>,
    /// Today (injectable for tests).
    pub today: NaiveDate,
    /// `--dettagli`: SHA-256 values, full certificate names and serial numbers.
    pub details: bool,
}

impl StatusPlan {
    /// The plan `sigillo status` describes: the P12 files are read only when a password file
    /// is given.
    pub fn from_args(args: StatusArgs, ctx: &Context) -> StatusPlan {
        StatusPlan {
            dir: args.dir,
            roots: ctx.roots.clone(),
            stick: ctx.stick.clone(),
            password: ctx.password.is_file().then(|| ctx.password.clone()),
            ics: args.ics,
            today: ctx.today,
            details: ctx.details,
        }
    }

    /// The plan guided mode follows: no password, no reminder.
    pub fn guided(ctx: &Context) -> StatusPlan {
        StatusPlan::from_args(StatusArgs::default(), &ctx.guided())
    }
}

/// The installed files' bytes, in [`KeyKind::ALL`] order (`None` where missing or unreadable).
type Files = [Option<Zeroizing<Vec<u8>>>; 3];

/// `sigillo status`.
/// Returns the key folder it looked at (guided mode remembers it).
pub fn status(plan: &StatusPlan, ui: &mut dyn Ui) -> Result<PathBuf> {
    let dir = locate::key_folder(
        plan.dir.as_deref(),
        &plan.roots,
        std::slice::from_ref(&plan.stick),
        locate::Need::Folder,
        ui,
    )?;
    // Status changes a key folder only to finish what an interrupted run left: then it takes
    // the folder's lock like every writer, and only then.
    if journal::is_pending(&dir) {
        let key = crate::folder::KeyFolder::lock(&dir)?;
        journal::finish_pending(&key, None, ui)?;
    }
    ui.say(&fl!("status-folder", dir = shown(&dir)));
    let files = list_files(&dir, plan.details, ui)?;
    let locked = certificates_locked(&files);
    let password = match &plan.password {
        Some(source) => Some(source.get(ui, &fl!("prompt-password"))?),
        // Nothing can be read without it: at a terminal it is asked for (Enter skips), as
        // install asks for the installed keys' password when their dates are locked.
        None if locked && ui.interactive() => ask_password(ui)?,
        None => None,
    };
    let exam = examine(&dir, &files, password.as_ref(), ui);
    if locked && password.is_none() {
        // Without the password not one certificate was read: say why, not just "none".
        say_locked(ui);
    } else {
        certificates(&exam, password.is_some(), plan.today, plan.details, ui);
    }
    if let Some(expiry) = exam.expiry() {
        expiry_lines(expiry, plan.today, ui);
        if let Some(ics) = &plan.ics {
            if expiry.date_naive() < plan.today {
                // A reminder in the past would never ring: say what matters instead.
                ui.warn_of(WarningKind::Expiry, &fl!("status-ics-expired", path = shown(ics)));
            } else {
                write_reminder(ics, &exam, expiry, ui)?;
            }
        }
    }
    ui.tell(Event::Done(Done::Status {
        key_folder: dir.clone(),
        expires: exam.expiry().map(|e| e.date_naive()),
        archives: archive::list(&dir, None),
    }));
    Ok(dir)
}

/// One line per key file (name, size, date, SHA-256); a warning for each missing one.
fn list_files(dir: &Path, details: bool, ui: &mut dyn Ui) -> Result<Files> {
    let found = keyset::locate_files(dir)?;
    let mut files: Files = Default::default();
    for kind in KeyKind::ALL {
        let Some(path) = &found[kind as usize] else {
            ui.warn_of(WarningKind::KeyFile, &fl!("status-missing", name = kind.name()));
            continue;
        };
        match keyset::read_file(kind, path) {
            Ok(file) => {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                let modified = file.modified.map(dates::local);
                let size = file.bytes.len() as u64;
                let sha256 = sha256_hex(&file.bytes);
                ui.say(&describe::file_line(&name, size, modified, &sha256, details));
                files[kind as usize] = Some(file.bytes);
            }
            Err(error) => ui.warn_of(WarningKind::KeyFile, &error.to_string()),
        }
    }
    if files.iter().all(Option::is_none) {
        return Err(Error::KeyFileMissing { dir: dir.to_owned(), name: KeyKind::Utef.name() });
    }
    Ok(files)
}

/// Whether the certificates can be read only with the password: `UTENTE.KS` is a keystore that
/// encrypts them (PKCS#12, Java 9+'s default), and without a password it is the only file read.
fn certificates_locked(files: &Files) -> bool {
    let Some(keystore) = &files[KeyKind::Utente as usize] else { return false };
    // Without a password nothing is derived: a budget of its own costs nothing.
    let read = certs::read_keystore(keystore, None, &certs::Budget::new());
    matches!(read, Err(certs::CertError::NeedsPassword))
}

/// Asks for the keys' password to read the certificates; Enter (or no answer) skips, the
/// window's Annulla cancels.
fn ask_password(ui: &mut dyn Ui) -> Result<Option<SecretString>> {
    use secrecy::ExposeSecret;
    match ui.secret(crate::error::Secret::Password, &fl!("prompt-status-password")) {
        Ok(password) => Ok(Some(password).filter(|p| !p.expose_secret().is_empty())),
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Err(Error::Cancelled),
        Err(_) => Ok(None),
    }
}

/// Why no certificate is shown when the password was not given, and, where nobody was asked,
/// how to give it.
fn say_locked(ui: &mut dyn Ui) {
    let text = fl!("status-certificates-locked", name = KeyKind::Utente.name());
    ui.warn_of(WarningKind::KeyFile, &text);
    if !ui.interactive() {
        ui.say(&fl!("status-rec-password"));
    }
}

/// The certificates of the installed files, and the problems they show.
fn examine(
    dir: &Path,
    files: &Files,
    password: Option<&SecretString>,
    ui: &mut dyn Ui,
) -> Examination {
    let bytes = |kind: KeyKind| files[kind as usize].as_ref().map_or(&[][..], |b| b.as_slice());
    let exam = certs::examine(KeyKind::ALL.map(bytes), password, Utc::now(), &certs::Budget::new());
    for finding in &exam.findings {
        match finding {
            certs::Finding::WrongPassword(kind) => ui.warn_of(
                WarningKind::Secret,
                &Error::WrongPassword { path: dir.join(kind.name()) }.to_string(),
            ),
            certs::Finding::NoPrivateKey(kind) => ui.warn_of(
                WarningKind::KeyFile,
                &fl!("finding-no-private-key", name = shown(&dir.join(kind.name()))),
            ),
            certs::Finding::Mixed(kind) => ui.warn_of(
                WarningKind::KeyFile,
                &Error::MixedSet { path: dir.join(kind.name()) }.to_string(),
            ),
            certs::Finding::KeyMismatch(kind) => ui.warn_of(
                WarningKind::KeyFile,
                &Error::KeyMismatch { path: dir.join(kind.name()) }.to_string(),
            ),
            certs::Finding::PasswordUnchecked(kind) => ui.warn_of(
                WarningKind::KeyFile,
                &fl!("finding-password-unchecked", name = shown(&dir.join(kind.name()))),
            ),
            certs::Finding::PasswordTooCostly(kind) => ui.warn_of(
                WarningKind::KeyFile,
                &fl!("finding-password-too-costly", name = shown(&dir.join(kind.name()))),
            ),
            certs::Finding::Unsupported(kind, what) => {
                let what = describe::algorithm(what);
                ui.warn_of(
                    WarningKind::KeyFile,
                    &fl!("finding-unsupported", name = shown(&dir.join(kind.name())), what = what),
                )
            }
            certs::Finding::UnsupportedPart(kind, part, what) => {
                let name = shown(&dir.join(kind.name()));
                let proven = exam.proven[*kind as usize];
                ui.warn_of(
                    WarningKind::KeyFile,
                    &describe::unsupported_part(name, *part, what, proven),
                )
            }
            _ => {}
        }
    }
    exam
}

/// One line per certificate, with its role and a warning for a small key.
fn certificates(
    exam: &Examination,
    with_password: bool,
    today: NaiveDate,
    details: bool,
    ui: &mut dyn Ui,
) {
    let certificates = exam.certificates();
    // "Read with the password" only when the password did open a P12: a wrong one leaves the
    // keystore's certificates, read without it.
    let from_p12 = with_password && (exam.proven[0] || exam.proven[1]);
    if certificates.is_empty() {
        ui.warn_of(WarningKind::KeyFile, &fl!("status-no-certificates"));
    } else if from_p12 {
        ui.say(&fl!("status-certificates-with-password"));
    } else {
        ui.say(&fl!("status-certificates-keystore"));
    }
    let mut seen = Vec::new();
    let mut unknown_roles = false;
    for (kind, cert) in certificates {
        // By key, never by alias (real aliases are unknown): see `Examination::role`.
        let role = exam.role(kind, cert);
        // The keystore repeats the P12 certificates: one line per certificate.
        if seen.contains(&cert.serial) {
            continue;
        }
        seen.push(cert.serial.clone());
        unknown_roles |= role.is_none();
        let label = label(exam, role, cert);
        describe_certificate(kind, role, &label, cert, today, details, ui);
    }
    // Only the P12 files tell which key pair is which when the certificates do not say it:
    // they are read with the password.
    if unknown_roles && !with_password {
        ui.say(&fl!("status-roles-need-password"));
    }
}

/// What a certificate's line calls it: its role (firma, cifratura) when the keys say it;
/// otherwise the keystore entry's name (alias) as the file has it, which tells two entries
/// apart without claiming a role (aliases are chosen freely: one called "firma" proves nothing).
fn label(exam: &Examination, role: Option<Role>, cert: &CertInfo) -> String {
    match role {
        Some(Role::Firma) => return fl!("role-firma"),
        Some(Role::Cifratura) => return fl!("role-cifratura"),
        None => {}
    }
    let entries = exam.keystore.iter().flat_map(|k| k.entries.iter()).filter(|e| e.is_key);
    let entry = entries.enumerate().find(|(_, e)| e.chain.first() == Some(cert));
    match entry {
        Some((_, e)) if !e.alias.trim().is_empty() => {
            fl!("role-entry", alias = escape(&e.alias))
        }
        Some((n, _)) => {
            let number: usize = n + 1;
            fl!("role-entry-number", number = number)
        }
        None => fl!("role-unknown"),
    }
}

/// Writes the calendar reminder and says when it falls.
fn write_reminder(
    ics: &Path,
    exam: &Examination,
    expiry: DateTime<Utc>,
    ui: &mut dyn Ui,
) -> Result<()> {
    let subject = exam.common_name().unwrap_or_default();
    disk::write_atomic(ics, reminder(&subject, expiry, Utc::now()).as_bytes(), true)?;
    let date = dates::day(expiry.date_naive() - chrono::Days::new(REMIND_DAYS as u64));
    ui.say(&fl!("status-ics-written", path = shown(ics), date = date));
    Ok(())
}

fn describe_certificate(
    kind: KeyKind,
    role: Option<Role>,
    label: &str,
    cert: &CertInfo,
    today: NaiveDate,
    details: bool,
    ui: &mut dyn Ui,
) {
    let days: i64 = (cert.not_after.date_naive() - today).num_days();
    let state = match days {
        ..0 => "expired",
        0 => "today",
        _ => "valid",
    };
    let days = days.abs();
    let bits = certs::key_size_text(cert);
    // Without --dettagli: the holder's name, not the whole DN, and no serial number.
    let (subject, serial) = match details {
        true => {
            (escape(&cert.subject), fl!("status-certificate-serial", serial = escape(&cert.serial)))
        }
        false => (escape(describe::common_name(&cert.subject)), String::new()),
    };
    ui.say(&fl!(
        "status-certificate",
        role = label.to_owned(),
        file = kind.name(),
        subject = subject,
        serial = serial,
        to = dates::day(cert.not_after.date_naive()),
        state = state,
        days = days,
        bits = bits
    ));
    let minimum = match role {
        Some(Role::Cifratura) => MIN_KEY_BITS_CIFRATURA,
        Some(Role::Firma) | None => MIN_KEY_BITS,
    };
    if let Some(bits) = certs::rsa_bits(cert).filter(|&b| b < minimum) {
        let minimum: u32 = minimum;
        ui.warn_of(
            WarningKind::KeyFile,
            &match role {
                Some(_) => {
                    fl!("status-weak-key", role = label.to_owned(), bits = bits, minimum = minimum)
                }
                None => fl!(
                    "status-weak-key-entry",
                    label = label.to_owned(),
                    bits = bits,
                    minimum = minimum
                ),
            },
        );
    }
}

fn expiry_lines(expiry: DateTime<Utc>, today: NaiveDate, ui: &mut dyn Ui) {
    let date = dates::day(expiry.date_naive());
    let days: i64 = (expiry.date_naive() - today).num_days();
    if days < 0 {
        ui.warn_of(WarningKind::Expiry, &fl!("status-expired", date = date));
    } else if days < WARN_DAYS {
        ui.warn_of(WarningKind::Expiry, &fl!("status-expiring", date = date, days = days));
    } else {
        ui.say(&fl!("status-valid", date = date, days = days));
    }
}

/// An iCalendar file with one all-day event [`REMIND_DAYS`] before `expiry`, and an alarm.
pub fn reminder(subject: &str, expiry: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let day = expiry.date_naive() - chrono::Days::new(REMIND_DAYS as u64);
    let next = day + chrono::Days::new(1);
    let summary = fl!("ics-summary", date = dates::day(expiry.date_naive()));
    let description = fl!("ics-description", subject = subject.to_owned());
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//sigillo//sigillo//IT".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:sigillo-{}@sigillo.invalid", expiry.format("%Y%m%d")),
        format!("DTSTAMP:{}", now.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")),
        format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
        format!("SUMMARY:{}", ics_text(&summary)),
        format!("DESCRIPTION:{}", ics_text(&description)),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        "TRIGGER:PT9H".to_owned(),
        format!("DESCRIPTION:{}", ics_text(&summary)),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines.iter().map(|l| fold(l)).collect()
}

/// RFC 5545 TEXT escaping.
fn ics_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// RFC 5545 line folding at 75 octets, CRLF endings.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminder_is_thirty_days_before_expiry_and_folded() {
        let expiry = "2029-10-31T23:59:59Z".parse().unwrap();
        let now = "2026-11-22T10:00:00Z".parse().unwrap();
        let text = reminder("STUDIO DEMO ROSSI, Milano", expiry, now);
        assert!(text.contains("DTSTART;VALUE=DATE:20291001\r\n"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20291002\r\n"));
        assert!(text.lines().all(|l| l.len() <= 76));
        assert!(text.contains("\\,"), "commas are escaped: {text}");
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn folding_splits_long_lines_on_character_boundaries() {
        let long = format!("SUMMARY:{}", "è".repeat(60));
        let folded = fold(&long);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
    }
}
