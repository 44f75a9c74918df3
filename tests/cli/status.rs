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
    assert!(!out.stdout.contains("-8"), "{}", out.stdout);
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
