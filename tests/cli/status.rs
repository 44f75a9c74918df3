//! status: files, certificate dates, the expiry thresholds, key sizes, archives, the reminder.

use std::fs;
use std::time::{Duration, SystemTime};

use snapbox::cmd::Command;
use snapbox::file;

use crate::env::{self, BIN, TestEnv, fixtures};

/// A target folder holding a copy of `fixtures/<set>`, files dated 2026-11-01 10:00 UTC.
fn env_with(set: &str) -> TestEnv {
    let env = TestEnv::new();
    for entry in fs::read_dir(fixtures().join(set)).unwrap() {
        let entry = entry.unwrap();
        let to = env.target().join(entry.file_name());
        fs::copy(entry.path(), &to).unwrap();
        let when = SystemTime::UNIX_EPOCH + Duration::from_secs(1_793_527_200);
        fs::File::options().write(true).open(&to).unwrap().set_modified(when).unwrap();
    }
    env
}

fn status(env: &TestEnv, lang: &str, today: &str) -> Command {
    Command::new(BIN)
        .current_dir(env.root())
        .env("LANG", "C")
        .env("TZ", "UTC")
        .env_remove("LC_ALL")
        .timeout(env::TIMEOUT)
        .args(["--lang", lang, "status", "--dir", "target", "--today", today])
}

#[test]
fn status_warns_within_sixty_days_it() {
    let env = env_with("demo-old");
    status(&env, "it", "2026-09-15")
        .assert()
        .success()
        .stdout_eq(file!["snapshots/status_expiring_it.txt"])
        .stderr_eq(file!["snapshots/status_expiring_it.stderr.txt"]);
}

#[test]
fn status_warns_within_sixty_days_en() {
    let env = env_with("demo-old");
    status(&env, "en", "2026-09-15")
        .assert()
        .success()
        .stdout_eq(file!["snapshots/status_expiring_en.txt"])
        .stderr_eq(file!["snapshots/status_expiring_en.stderr.txt"]);
}

#[test]
fn status_says_when_keys_have_expired_and_when_they_are_fine() {
    let env = env_with("demo-old");
    let out = env.run(["status", "--dir", "target", "--today", "2026-11-22"]);
    out.ok().stderr_has("Le chiavi sono scadute il 31-10-2026: rinnovarle subito.");
    // At 60 days: the plain line; under 60: the warning.
    let out = env.run(["status", "--dir", "target", "--today", "2026-09-01"]);
    out.ok().stdout_has("Le chiavi scadono il 31-10-2026: mancano 60 giorni.");
    assert!(!out.stderr.contains("rinnovare"), "{}", out.stderr);
    let out = env.run(["status", "--dir", "target", "--today", "2026-09-02"]);
    out.ok().stderr_has("tra 59 giorni").stderr_has("rinnovarle entro quella data");
    // One day: singular, in words.
    let out = env.run(["status", "--dir", "target", "--today", "2026-10-30"]);
    out.ok().stderr_has("Le chiavi scadono il 31-10-2026, domani:").stdout_has("(manca 1 giorno)");
    // Expired: how long ago, never a negative count.
    let out = env.run(["status", "--dir", "target", "--today", "2026-11-08"]);
    out.ok().stdout_has("scaduta il 31-10-2026 (da 8 giorni)");
    // Only the count: the temporary folder's random name may hold "-8" too.
    assert!(!out.stdout.contains("-8 giorni") && !out.stdout.contains("(da -"), "{}", out.stdout);
}

#[test]
fn status_flags_small_keys_by_role() {
    let env = env_with("weak1024");
    let password = env.password_file();
    let out = env.run(["status", "--dir", "target", "--password-file", &password]);
    out.ok()
        .stderr_has("La chiave di firma è di 1024 bit: ne servono almeno 2048.")
        .stderr_has("La chiave di cifratura è di 1024 bit: ne servono almeno 4096.");
    // The expired set has a 2048-bit firma: fine for signing, so no flag for it.
    let env = env_with("expired");
    let out = env.run(["status", "--dir", "target", "--password-file", &env.password_file()]);
    out.ok();
    assert!(!out.stderr.contains("La chiave di firma"), "{}", out.stderr);
}

#[test]
fn status_reads_the_p12_files_with_the_password_and_says_so() {
    let env = env_with("demo");
    let out = env.run(["status", "--dir", "target", "--password-file", &env.password_file()]);
    out.ok()
        .stdout_has("letti con la password")
        .stdout_has("firma (UTEF.P12)")
        .stdout_has("cifratura (UTEC.P12)");
    let wrong = env.secret_file("wrong.txt", "Sbagliata.1\n");
    env.run(["status", "--dir", "target", "--password-file", &wrong])
        .ok()
        .stderr_has("La password non apre");
}

#[test]
fn the_ics_reminder_parses_and_falls_thirty_days_before_expiry() {
    use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
    let env = env_with("demo");
    env.run(["status", "--dir", "target", "--ics", "promemoria.ics"]).ok().stdout_has("01-10-2029");
    let text = fs::read_to_string(env.path("promemoria.ics")).unwrap();
    let calendar: Calendar = text.parse().expect("a valid iCalendar file");
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 1);
    let start = events[0].get_start().expect("the event has a start");
    assert_eq!(start, DatePerhapsTime::Date("2029-10-01".parse().unwrap()));
    assert!(events[0].get_summary().unwrap().contains("31-10-2029"));
}

#[test]
fn status_lists_archived_sets() {
    let env = env_with("demo-old");
    env.run(["status", "--dir", "target"]).ok().stdout_has("Nessuna chiave archiviata.");
    let archived = env.path("Chiavi di Sicurezza Scadute/Chiavi X - Scadute al 31-10-2023");
    fs::create_dir_all(&archived).unwrap();
    fs::copy(fixtures().join("demo/UTEF.P12"), archived.join("UTEF.P12")).unwrap();
    env.run(["status", "--dir", "target"]).ok().stdout_has("Chiavi X - Scadute al 31-10-2023");
}

#[test]
fn status_of_a_folder_without_keys_says_what_is_missing() {
    let env = TestEnv::new();
    let out = env.run(["status", "--dir", "target"]);
    out.code(1).stderr_has("Manca UTEF.P12");
}

// --- Issue 22 item 12: say why the certificates are not shown, and tell the two keys apart ---

/// Before: a PKCS#12 `UTENTE.KS` without the password gave only "Non è stato possibile leggere
/// i certificati". Now: why (the password protects them) and how to give it (nobody at a
/// terminal to ask); with `--password-file` the certificates, by role.
#[test]
fn status_of_a_pkcs12_keystore_without_password_says_why_and_how_to_give_it() {
    let env = env_with("producers/keytool-pkcs12");
    let out = env.run(["status", "--dir", "target", "--today", "2026-11-22"]);
    out.ok()
        .stderr_has("I certificati di UTENTE.KS sono protetti dalla password delle chiavi")
        .stdout_has("Per leggerli: ripetere con --password-file FILE");
    assert!(!out.stderr.contains("Non è stato possibile leggere"), "{}", out.stderr);
    let en = env.run(["--lang", "en", "status", "--dir", "target"]);
    en.ok()
        .stderr_has("The certificates of UTENTE.KS are protected by the keys' password")
        .stdout_has("run again with --password-file FILE");

    let password = env.password_file();
    let out = env.run(["status", "--dir", "target", "--password-file", &password]);
    out.ok()
        .stdout_has("Certificati (letti con la password):")
        .stdout_has("  firma (UTEF.P12): STUDIO DEMO ROSSI")
        .stdout_has("  cifratura (UTEC.P12): STUDIO DEMO ROSSI");
    assert!(!out.stderr.contains("protetti dalla password"), "{}", out.stderr);
}

/// At a terminal status asks for the password, as install does for the installed keys' dates:
/// typed, the certificates are read; Enter skips, and the reason is said without `--password-file`
/// advice (the person was just asked).
#[cfg(unix)]
#[test]
fn status_of_a_pkcs12_keystore_at_a_terminal_asks_for_the_password() {
    use expectrl::{Eof, Expect, Session};
    let env = env_with("producers/keytool-pkcs12");
    let run = |answer: &str| {
        let mut cmd = std::process::Command::new(BIN);
        cmd.current_dir(env.root()).env("LANG", "C").env_remove("LC_ALL").args([
            "status",
            "--dir",
            "target",
            "--today",
            "2026-11-22",
        ]);
        let mut session = Session::spawn(cmd).expect("the binary starts in a pty");
        session.set_expect_timeout(Some(Duration::from_secs(120)));
        session
            .expect("Password delle chiavi, per leggere i certificati (Invio per saltare): ")
            .expect("status asks for the password");
        // rpassword turns echo off when it reads: wait for that, or the password is echoed.
        let start = std::time::Instant::now();
        while session.get_process().get_echo().unwrap() {
            assert!(start.elapsed() < Duration::from_secs(120), "never stopped echoing");
            std::thread::sleep(Duration::from_millis(2));
        }
        session.send_line(answer).unwrap();
        let rest = session.expect(Eof).unwrap();
        String::from_utf8_lossy(rest.get(0).unwrap_or_default()).into_owned()
    };
    let typed = run(env::PASSWORD);
    assert!(typed.contains("Certificati (letti con la password):"), "{typed}");
    assert!(typed.contains("  firma (UTEF.P12): STUDIO DEMO ROSSI"), "{typed}");
    assert!(!typed.contains(env::PASSWORD), "the password is never shown:\n{typed}");
    let skipped = run("");
    assert!(skipped.contains("sono protetti dalla password delle chiavi"), "{skipped}");
    assert!(!skipped.contains("--password-file"), "{skipped}");
}

/// `<set>/UTENTE.KS` with both certificates' key usage saying "signs and enciphers" (as a CA may
/// issue them): the certificates no longer tell which key pair is which. The bits are changed
/// in place (same lengths); the integrity digest no longer matches, which only the password
/// checks.
fn keystore_without_roles(set: &str) -> Vec<u8> {
    let mut bytes = fs::read(fixtures().join(set).join("UTENTE.KS")).unwrap();
    // keyUsage, critical, BIT STRING: digitalSignature+nonRepudiation (firma), then
    // keyEncipherment+dataEncipherment (cifratura); both become all four.
    let both = [0x06, 0x03, 0x55, 0x1d, 0x0f, 0x01, 0x01, 0xff, 0x04, 0x04, 0x03, 0x02, 0x04, 0xf0];
    for usage in [[0x06, 0xc0], [0x04, 0x30]] {
        let mut from = both;
        from[12..].copy_from_slice(&usage);
        let at = bytes.windows(from.len()).position(|w| w == from).expect("key usage present");
        bytes[at..at + from.len()].copy_from_slice(&both);
    }
    bytes
}

/// Before: two identical "chiave (UTENTE.KS)" lines. Now each keystore entry is named as the
/// file names it, with a line saying the password tells the roles; with it, firma and cifratura.
#[test]
fn status_tells_two_keystore_entries_apart_when_their_certificates_do_not_say_the_role() {
    let env = env_with("demo");
    fs::write(env.target().join("UTENTE.KS"), keystore_without_roles("demo")).unwrap();
    let out = env.run(["status", "--dir", "target", "--today", "2026-11-22"]);
    out.ok()
        .stdout_has("  chiave \"cifratura\" (UTENTE.KS): STUDIO DEMO ROSSI")
        .stdout_has("  chiave \"firma\" (UTENTE.KS): STUDIO DEMO ROSSI")
        .stdout_has("Quale chiave è la firma e quale la cifratura si vede con la password");
    assert!(!out.stdout.contains("  chiave (UTENTE.KS)"), "{}", out.stdout);
    let en = env.run(["--lang", "en", "status", "--dir", "target"]);
    en.ok().stdout_has("  key \"firma\" (UTENTE.KS)").stdout_has("  key \"cifratura\" (UTENTE.KS)");

    let password = env.password_file();
    let out = env.run(["status", "--dir", "target", "--password-file", &password]);
    out.ok().stdout_has("  firma (UTEF.P12)").stdout_has("  cifratura (UTEC.P12)");
    assert!(!out.stdout.contains("chiave \""), "{}", out.stdout);
    assert!(!out.stdout.contains("Quale chiave"), "{}", out.stdout);
}

/// A small key in an entry of unknown role is named as its line names it, never "la chiave di
/// chiave".
#[test]
fn a_small_key_of_unknown_role_is_named_by_its_entry() {
    let env = env_with("weak1024");
    fs::write(env.target().join("UTENTE.KS"), keystore_without_roles("weak1024")).unwrap();
    let out = env.run(["status", "--dir", "target", "--today", "2026-11-22"]);
    out.ok().stderr_has("La chiave \"firma\" è di 1024 bit: ne servono almeno 2048.");
    assert!(!out.stderr.contains("di chiave"), "{}", out.stderr);
}
