//! What users read, pinned: `--help` and the main error messages, in Italian (the default) and
//! in English (`--lang en`). Commands run in the test folder with relative paths, and the
//! folder itself is redacted to `[ROOT]`, so the text holds no temporary path. To update after a deliberate change:
//! `SNAPSHOTS=overwrite cargo test --test cli snapshots`.

use std::fs;

use snapbox::cmd::Command;
use snapbox::file;

use crate::env::{self, BIN, TestEnv};

/// The binary in `env`, set up as every test runs it (C locale, so Italian unless `lang`).
/// Where a message shows an absolute path, the test folder reads `[ROOT]`.
fn sigillo(env: &TestEnv, lang: Option<&str>) -> Command {
    let mut redactions = snapbox::Redactions::new();
    redactions.insert("[ROOT]", env.root().to_path_buf()).unwrap();
    if let Ok(real) = env.root().canonicalize() {
        redactions.insert("[ROOT]", real).unwrap();
    }
    let assert = snapbox::Assert::new()
        .action_env(snapbox::assert::DEFAULT_ACTION_ENV)
        .redact_with(redactions);
    let mut cmd = Command::new(BIN)
        .with_assert(assert)
        .current_dir(env.root())
        .env("LANG", "C")
        .env("TMPDIR", env.root().join("tmp"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env_remove("COLUMNS")
        .timeout(env::TIMEOUT);
    if let Some(lang) = lang {
        cmd = cmd.args(["--lang", lang]);
    }
    cmd
}

/// `sigillo [ARGS] --help` in a language (`None`: the default, Italian) prints `expected`.
fn help_screen(lang: Option<&str>, args: &[&str], expected: snapbox::Data) {
    let env = TestEnv::new();
    sigillo(&env, lang)
        .args(args)
        .arg("--help")
        .assert()
        .success()
        .stdout_eq(expected)
        .stderr_eq("");
}

/// `sigillo --version` names the version and the commit the binary was built from: the
/// `SIGILLO_COMMIT` this test was compiled with (the same cargo run built the binary), or, as
/// in a plain `cargo test`, that the commit is unknown.
fn version_screen(lang: Option<&str>, unknown: &str) {
    let commit =
        option_env!("SIGILLO_COMMIT").map_or(unknown.to_owned(), |c| format!("commit {c}"));
    let env = TestEnv::new();
    sigillo(&env, lang)
        .arg("--version")
        .assert()
        .success()
        .stdout_eq(format!("sigillo {} ({commit})\n", env!("CARGO_PKG_VERSION")))
        .stderr_eq("");
}

#[test]
fn version_names_the_commit_it() {
    version_screen(None, "commit sconosciuto");
}

#[test]
fn version_names_the_commit_en() {
    version_screen(Some("en"), "commit unknown");
}

#[test]
fn help_it() {
    help_screen(None, &[], file!["snapshots/help_it.txt"]);
}

#[test]
fn help_en() {
    help_screen(Some("en"), &[], file!["snapshots/help_en.txt"]);
}

#[test]
fn seal_help_it() {
    help_screen(None, &["seal"], file!["snapshots/seal_help_it.txt"]);
    // The Italian alias shows the same help.
    help_screen(None, &["sigilla"], file!["snapshots/seal_help_it.txt"]);
}

#[test]
fn seal_help_en() {
    help_screen(Some("en"), &["seal"], file!["snapshots/seal_help_en.txt"]);
}

#[test]
fn verify_help_it() {
    help_screen(None, &["verify"], file!["snapshots/verify_help_it.txt"]);
}

#[test]
fn verify_help_en() {
    help_screen(Some("en"), &["verify"], file!["snapshots/verify_help_en.txt"]);
}

#[test]
fn install_help_it() {
    help_screen(None, &["install"], file!["snapshots/install_help_it.txt"]);
    help_screen(None, &["installa"], file!["snapshots/install_help_it.txt"]);
}

#[test]
fn install_help_en() {
    help_screen(Some("en"), &["install"], file!["snapshots/install_help_en.txt"]);
}

#[test]
fn status_help_it() {
    help_screen(None, &["status"], file!["snapshots/status_help_it.txt"]);
    help_screen(None, &["stato"], file!["snapshots/status_help_it.txt"]);
}

#[test]
fn status_help_en() {
    help_screen(Some("en"), &["status"], file!["snapshots/status_help_en.txt"]);
}

#[test]
fn rollback_help_it() {
    help_screen(None, &["rollback"], file!["snapshots/rollback_help_it.txt"]);
    help_screen(None, &["ripristina"], file!["snapshots/rollback_help_it.txt"]);
}

#[test]
fn rollback_help_en() {
    help_screen(Some("en"), &["rollback"], file!["snapshots/rollback_help_en.txt"]);
}

#[test]
fn wipe_help_it() {
    help_screen(None, &["wipe"], file!["snapshots/wipe_help_it.txt"]);
    help_screen(None, &["cancella"], file!["snapshots/wipe_help_it.txt"]);
}

#[test]
fn wipe_help_en() {
    help_screen(Some("en"), &["wipe"], file!["snapshots/wipe_help_en.txt"]);
}

/// A real vault on the stick and a passphrase file with the wrong passphrase.
fn wrong_passphrase(lang: Option<&str>) -> snapbox::cmd::OutputAssert {
    let env = TestEnv::new();
    fs::write(env.stick().join("chiavi-2026-11-22.age"), env::small_vault()).unwrap();
    let wrong = env.secret_file("sbagliata.txt", "Gatto.Nero-sul/Tetto43\n");
    sigillo(&env, lang)
        .args(["verify", "stick/chiavi-2026-11-22.age", "--passphrase-file", &wrong])
        .assert()
        .code(4)
        .stdout_eq("")
}

#[test]
fn error_wrong_passphrase_it() {
    wrong_passphrase(None).stderr_eq(file!["snapshots/error_wrong_passphrase_it.txt"]);
}

#[test]
fn error_wrong_passphrase_en() {
    wrong_passphrase(Some("en")).stderr_eq(file!["snapshots/error_wrong_passphrase_en.txt"]);
}

/// The demo set without UTEC.P12.
fn missing_key_file(lang: Option<&str>) -> snapbox::cmd::OutputAssert {
    let env = TestEnv::with_fixture("demo");
    fs::remove_file(env.source().join("UTEC.P12")).unwrap();
    let (password, passphrase) = (env.password_file(), env.passphrase_file());
    sigillo(&env, lang)
        .args(["seal", "--work-factor", env::WF, "--from", "source", "--out", "stick/v.age"])
        .args(["--password-file", &password, "--passphrase-file", &passphrase])
        .assert()
        .code(1)
        .stdout_eq("")
}

#[test]
fn error_missing_key_file_it() {
    missing_key_file(None).stderr_eq(file!["snapshots/error_missing_key_file_it.txt"]);
}

#[test]
fn error_missing_key_file_en() {
    missing_key_file(Some("en")).stderr_eq(file!["snapshots/error_missing_key_file_en.txt"]);
}

/// seal with no secret files and no terminal, then verify likewise.
fn no_terminal(lang: Option<&str>, which: &str) -> snapbox::cmd::OutputAssert {
    let env = TestEnv::with_fixture("demo");
    fs::write(env.stick().join("v.age"), env::small_vault()).unwrap();
    let cmd = sigillo(&env, lang);
    let cmd = match which {
        "seal" => cmd.args([
            "seal",
            "--work-factor",
            env::WF,
            "--from",
            "source",
            "--out",
            "stick/new.age",
        ]),
        _ => cmd.args(["verify", "stick/v.age"]),
    };
    cmd.assert().code(2)
}

#[test]
fn error_no_terminal_it() {
    no_terminal(None, "seal").stderr_eq(file!["snapshots/error_no_terminal_seal_it.txt"]);
    no_terminal(None, "verify").stderr_eq(file!["snapshots/error_no_terminal_verify_it.txt"]);
}

#[test]
fn error_no_terminal_en() {
    no_terminal(Some("en"), "seal").stderr_eq(file!["snapshots/error_no_terminal_seal_en.txt"]);
    no_terminal(Some("en"), "verify").stderr_eq(file!["snapshots/error_no_terminal_verify_en.txt"]);
}

#[test]
fn error_unknown_command_it() {
    let env = TestEnv::new();
    sigillo(&env, None)
        .arg("spedisci")
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(file!["snapshots/error_unknown_command_it.txt"]);
}

#[test]
fn error_unknown_command_en() {
    let env = TestEnv::new();
    sigillo(&env, Some("en"))
        .arg("spedisci")
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(file!["snapshots/error_unknown_command_en.txt"]);
}

/// `status` of the expired demo set with its password and `--ics`: the expired wording
/// ("scaduta da 510 giorni", not "-510 giorni"), the heading when the password opened the P12
/// files, and no reminder in the past.
fn status_expired(lang: Option<&str>) -> snapbox::cmd::OutputAssert {
    let env = TestEnv::with_fixture("expired");
    let when = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_698_919_200);
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        let file = fs::File::options().write(true).open(env.source().join(name)).unwrap();
        file.set_modified(when).unwrap();
    }
    let password = env.password_file();
    let out = sigillo(&env, lang)
        .args(["status", "--dir", "source", "--today", "2026-11-22", "--ics", "tmp/r.ics"])
        .args(["--password-file", &password])
        .env("TZ", "UTC")
        .assert()
        .success();
    assert!(!env.path("tmp/r.ics").exists(), "no reminder in the past");
    out
}

#[test]
fn status_expired_it() {
    status_expired(None)
        .stdout_eq(file!["snapshots/status_expired_it.txt"])
        .stderr_eq(file!["snapshots/status_expired_it.stderr.txt"]);
}

#[test]
fn status_expired_en() {
    status_expired(Some("en"))
        .stdout_eq(file!["snapshots/status_expired_en.txt"])
        .stderr_eq(file!["snapshots/status_expired_en.stderr.txt"]);
}

/// A one-character password: "1 carattere", not "1 caratteri".
fn one_character_password(lang: Option<&str>) -> snapbox::cmd::OutputAssert {
    let env = TestEnv::with_fixture("demo");
    let password = env.secret_file("one.txt", "x\n");
    let passphrase = env.passphrase_file();
    sigillo(&env, lang)
        .args(["seal", "--work-factor", env::WF, "--from", "source", "--out", "stick/v.age"])
        .args(["--password-file", &password, "--passphrase-file", &passphrase])
        .assert()
        .code(1)
}

#[test]
fn password_length_plural_it() {
    one_character_password(None).stderr_eq(file!["snapshots/password_one_character_it.txt"]);
}

#[test]
fn password_length_plural_en() {
    one_character_password(Some("en")).stderr_eq(file!["snapshots/password_one_character_en.txt"]);
}

/// install's description of the vault, without and with `--dettagli` (`--details`): by default
/// the holder's name, sizes, validity and the check code; SHA-256 values, full certificate names
/// and serial numbers only on request.
fn install_details(lang: Option<&str>, details: Option<&str>) -> snapbox::cmd::OutputAssert {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo");
    env.sealed("chiavi.age");
    let passphrase = env.passphrase_file();
    let mut cmd = sigillo(&env, lang)
        .args(["install", "stick/chiavi.age", "--to", "target", "--keep-vault", "--yes"])
        .args(["--passphrase-file", &passphrase]);
    if let Some(flag) = details {
        cmd = cmd.arg(flag);
    }
    cmd.assert().success()
}

#[test]
fn install_without_details_it() {
    install_details(None, None).stdout_eq(file!["snapshots/install_plain_it.txt"]);
}

#[test]
fn install_without_details_en() {
    install_details(Some("en"), None).stdout_eq(file!["snapshots/install_plain_en.txt"]);
}

#[test]
fn install_with_details_it() {
    install_details(None, Some("--dettagli")).stdout_eq(file!["snapshots/install_details_it.txt"]);
}

#[test]
fn install_with_details_en() {
    install_details(Some("en"), Some("--details"))
        .stdout_eq(file!["snapshots/install_details_en.txt"]);
}
