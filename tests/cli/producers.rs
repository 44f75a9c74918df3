//! Key sets from other producers (issue 11), end to end through the real binary: each seals,
//! verifies, installs byte for byte and shows its expiry wherever its format allows; and the
//! guards that must fail safe when dates cannot be read or keys have expired.

use std::fs;
use std::path::Path;

use crate::env::{TestEnv, fixtures, sha256_hex};

const NAMES: [&str; 3] = ["UTEF.P12", "UTEC.P12", "UTENTE.KS"];
const ARCHIVE: &str = "Chiavi di Sicurezza Scadute";

/// Every producer set under `fixtures/producers/`, by folder name.
fn producers() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixtures().join("producers"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The producer set's password file, copied into the environment's secrets.
fn password_file(env: &TestEnv, set: &str) -> String {
    let line = fs::read_to_string(fixtures().join(format!("producers/{set}.password"))).unwrap();
    env.secret_file("password.txt", &line)
}

fn hashes(dir: &Path) -> Vec<Option<String>> {
    NAMES.iter().map(|n| fs::read(dir.join(n)).ok().map(|b| sha256_hex(&b))).collect()
}

fn install(env: &TestEnv, extra: &[&str]) -> crate::env::Output {
    let passphrase = env.passphrase_file();
    let mut args = vec!["install", "stick/v.age", "--to", "target", "--passphrase-file"];
    args.push(&passphrase);
    args.extend(extra);
    env.run(args)
}

#[test]
fn every_producer_set_seals_verifies_installs_byte_for_byte_and_shows_its_expiry() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let sets = producers();
    assert!(sets.len() >= 8, "producer sets: {sets:?}");
    for set in sets {
        let env = TestEnv::with_fixture(&format!("producers/{set}"));
        let password = password_file(&env, &set);
        let passphrase = env.passphrase_file();
        let sealed = env.run([
            "seal",
            "--work-factor",
            crate::env::WF,
            "--from",
            "source",
            "--out",
            "stick/v.age",
            "--password-file",
            &password,
            "--passphrase-file",
            &passphrase,
            "--yes",
        ]);
        sealed.ok();
        env.verify("stick/v.age").ok().stdout_has("al 31-10-2029");
        install(&env, &["--yes", "--keep-vault"]).ok();
        assert_eq!(hashes(&env.target()), hashes(&env.source()), "{set}: byte for byte");

        // The expiry: without a password from a keystore that keeps certificates in clear;
        // with it, from the P12 files whatever the keystore.
        let with_password = env.run(["status", "--dir", "target", "--password-file", &password]);
        with_password.ok().stdout_has("Le chiavi scadono il 31-10-2029");
        let without = env.run(["status", "--dir", "target"]);
        without.ok();
        let keystore = fs::read(env.source().join("UTENTE.KS")).unwrap();
        let in_clear = keystore.starts_with(&[0xFE, 0xED, 0xFE, 0xED])
            || keystore.starts_with(&[0xCE, 0xCE, 0xCE, 0xCE])
            || keystore.starts_with(&[0, 0, 0, 2]);
        if in_clear {
            without.stdout_has("Le chiavi scadono il 31-10-2029");
        }
    }
}

#[test]
fn a_bks_keystore_and_ber_p12s_seal_without_a_doubt_and_show_their_certificates() {
    let env = TestEnv::with_fixture("producers/bouncycastle");
    let password = password_file(&env, "bouncycastle");
    let passphrase = env.passphrase_file();
    let args = [
        "seal",
        "--work-factor",
        crate::env::WF,
        "--from",
        "source",
        "--out",
        "stick/v.age",
        "--password-file",
        &password,
        "--passphrase-file",
        &passphrase,
    ];
    // Nothing to confirm: every file read, the BKS keystore's HMAC checked with the password.
    let out = env.run(args);
    out.ok();
    assert!(!out.stderr.contains("Attenzione"), "{}", out.stderr);
    let verified = env.verify("stick/v.age");
    verified.ok().stdout_has("UTEF.P12").stdout_has("UTEC.P12");
    // The keystore's certificates, without the password, labelled by key: aliases `1`, `mykey`.
    let status = env.run(["status", "--dir", "source"]);
    status.ok().stdout_has("  firma (UTENTE.KS)").stdout_has("  cifratura (UTENTE.KS)");
    status.stdout_has("Le chiavi scadono il 31-10-2029");
}

#[test]
fn an_unknown_keystore_format_is_carried_with_a_warning_not_refused() {
    let env = TestEnv::with_fixture("demo");
    let unknown: Vec<u8> = (0..600u32).map(|i| 0x80 | (i.wrapping_mul(37) as u8 & 0x7F)).collect();
    fs::write(env.source().join("UTENTE.KS"), &unknown).unwrap();
    // Nobody to confirm the warning: no vault, and the warning names the file.
    env.seal("stick/v.age", &[]).code(2).stderr_has("UTENTE.KS\"").stderr_has("così com'è");
    assert!(env.stick_files().is_empty());
    env.seal("stick/v.age", &["--yes"]).ok();
    let _shared = crate::install::PROCESSES.read().unwrap();
    install(&env, &["--yes"]).ok();
    assert_eq!(hashes(&env.target()), hashes(&env.source()), "carried byte for byte");
}

#[test]
fn text_html_and_zip_named_like_key_files_are_refused_saying_what_they_are() {
    for (bytes, what) in [
        (&b"Prova.2026\r\n"[..], "è un file di testo"),
        (b"<!DOCTYPE html><html><body>Errore</body></html>", "pagina web"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00rest", "archivio ZIP"),
    ] {
        let env = TestEnv::with_fixture("demo");
        fs::write(env.source().join("UTEC.P12"), bytes).unwrap();
        env.seal("stick/v.age", &[]).code(1).stderr_has(what).stderr_has("UTEC.P12");
        assert!(!env.stick().join("v.age").exists());
    }
}

/// The case: the installed keystore is PKCS#12 (its dates need the password).
fn env_with_unreadable_installed_set() -> TestEnv {
    let env = TestEnv::with_fixture("demo");
    for name in NAMES {
        let from = fixtures().join("producers/keytool-pkcs12").join(name);
        fs::copy(from, env.target().join(name)).unwrap();
    }
    env.seal("stick/v.age", &[]).ok();
    env
}

#[test]
fn unreadable_installed_dates_refuse_under_yes_unless_forced_or_opened_with_their_password() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with_unreadable_installed_set();
    let installed = hashes(&env.target());
    let out = install(&env, &["--yes", "--keep-vault"]);
    out.code(3).stderr_has("non si possono leggere senza la loro password");
    // What is known is shown: the installed files and the vault's expiry.
    out.stdout_has("UTENTE.KS").stdout_has("scadono il 31-10-2029");
    assert_eq!(hashes(&env.target()), installed, "nothing changed");
    assert!(!env.root().join(ARCHIVE).exists());

    // The installed keys' password opens their P12s: the dates are known, the archive is named
    // from them.
    let old = env.secret_file("old.txt", "Prova.2026\n");
    install(&env, &["--yes", "--keep-vault", "--password-file", &old]).ok();
    let archive = env.root().join(ARCHIVE).join("Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2029");
    assert_eq!(hashes(&archive), installed, "archived under the real expiry");

    // --force goes on without the dates, and the archive says what its date is.
    let env = env_with_unreadable_installed_set();
    install(&env, &["--yes", "--force"]).ok().stderr_has("non si possono leggere");
    let names: Vec<String> = fs::read_dir(env.root().join(ARCHIVE))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().any(|n| n.contains("Sostituite il")), "{names:?}");
}

#[cfg(unix)]
#[test]
fn unreadable_installed_dates_are_asked_about_at_a_terminal() {
    use expectrl::{Eof, Expect, Session};
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with_unreadable_installed_set();
    let installed = hashes(&env.target());
    let passphrase = env.passphrase_file();
    let mut cmd = std::process::Command::new(crate::env::BIN);
    cmd.current_dir(env.root()).env("LANG", "C").env_remove("LC_ALL").env_remove("LANGUAGE");
    cmd.args(["install", "stick/v.age", "--to", "target", "--passphrase-file", &passphrase]);
    let mut session = Session::spawn(cmd).unwrap();
    // As guided.rs does: echo on, so that rpassword turning it off shows it has the terminal.
    session.get_process_mut().set_echo(true, None).unwrap();
    session.set_expect_timeout(Some(crate::env::TIMEOUT));
    session.expect("Password delle chiavi installate (Invio per saltare):").unwrap();
    let start = std::time::Instant::now();
    while session.get_process().get_echo().unwrap() {
        assert!(start.elapsed() < crate::env::TIMEOUT, "the terminal never stopped echoing");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    session.send_line("").unwrap();
    session.expect("la loro scadenza è sconosciuta)? [s/N] ").unwrap();
    session.send_line("n").unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(hashes(&env.target()), installed, "answered no: nothing changed");
}

#[test]
fn an_expired_vault_is_refused_under_yes_even_on_an_empty_folder_unless_forced() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("expired");
    env.seal("stick/v.age", &["--yes"]).ok();
    install(&env, &["--yes", "--keep-vault"]).code(3).stderr_has("già scadute (il 30-06-2025)");
    assert_eq!(hashes(&env.target()), [None, None, None]);
    // --force: what happened, not the refusal's words.
    install(&env, &["--yes", "--force"])
        .ok()
        .stderr_has("già scadute (il 30-06-2025): installate comunque, come chiesto con --force");
    assert_eq!(hashes(&env.target()), hashes(&env.source()));
}

#[test]
fn rollback_to_expired_keys_is_refused_under_yes_unless_forced() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo");
    for name in NAMES {
        fs::copy(fixtures().join("demo-old").join(name), env.target().join(name)).unwrap();
    }
    env.seal("stick/v.age", &[]).ok();
    install(&env, &["--yes"]).ok();
    let new = hashes(&env.target());
    env.run(["rollback", "--dir", "target", "--yes"]).code(3).stderr_has("il 31-10-2026");
    assert_eq!(hashes(&env.target()), new, "nothing changed");
    env.run(["rollback", "--dir", "target", "--yes", "--force"]).ok();
    assert_ne!(hashes(&env.target()), new);
}

/// `demo/UTENTE.KS` with its aliases replaced by ones that say nothing (same lengths, so the
/// JKS layout holds; the integrity digest no longer matches, which only the password checks).
fn keystore_with_silent_aliases() -> Vec<u8> {
    let mut bytes = fs::read(fixtures().join("demo/UTENTE.KS")).unwrap();
    for (from, to) in
        [(&b"\0\x05firma"[..], &b"\0\x05mykey"[..]), (b"\0\x09cifratura", b"\0\x09123456789")]
    {
        let at = bytes.windows(from.len()).position(|w| w == from).expect("alias present");
        bytes[at..at + from.len()].copy_from_slice(to);
    }
    bytes
}

#[test]
fn roles_come_from_the_keys_not_from_aliases_that_say_nothing() {
    let env = TestEnv::with_fixture("demo");
    fs::write(env.source().join("UTENTE.KS"), keystore_with_silent_aliases()).unwrap();
    for lang in ["it", "en"] {
        // Without the password only the keystore is read: its certificates' key usage says.
        let out = env.run(["--lang", lang, "status", "--dir", "source", "--today", "2026-11-22"]);
        let (firma, cifratura, unknown) = match lang {
            "it" => ("  firma (UTENTE.KS)", "  cifratura (UTENTE.KS)", "  chiave ("),
            _ => ("  signing (UTENTE.KS)", "  encryption (UTENTE.KS)", "  key ("),
        };
        out.ok().stdout_has(firma).stdout_has(cifratura);
        assert!(!out.stdout.contains(unknown), "{}", out.stdout);
    }
    // With the password the P12s are read too; each keystore certificate is matched by its key.
    let password = env.password_file();
    let out = env.run(["status", "--dir", "source", "--password-file", &password]);
    out.ok().stdout_has("  firma (UTEF.P12)").stdout_has("  cifratura (UTEC.P12)");
}

#[test]
fn keystore_entries_match_the_p12_files_by_public_key() {
    // Bouncy Castle's set: aliases `1` (firma) and `mykey` (cifratura) in all three files.
    let env = TestEnv::with_fixture("producers/bouncycastle");
    let password = password_file(&env, "bouncycastle");
    let out = env.run(["status", "--dir", "source", "--password-file", &password]);
    out.ok().stdout_has("  firma (UTEF.P12)").stdout_has("  cifratura (UTEC.P12)");
    assert!(!out.stdout.contains("  chiave ("), "{}", out.stdout);
    // The keystore repeats the P12s' certificates (same keys): one line each, not four.
    assert_eq!(out.stdout.matches(" bit\n").count(), 2, "{}", out.stdout);
}

#[test]
fn a_file_the_password_does_not_open_is_another_generation_only_when_its_certificates_show_it() {
    // UTENTE.KS from another set (its own password, certificates in clear), beside demo's two
    // P12s: its certificates are not theirs, so it is another generation, with the dates.
    let env = TestEnv::with_fixture("demo");
    fs::copy(fixtures().join("modern/UTENTE.KS"), env.source().join("UTENTE.KS")).unwrap();
    let out = env.seal("stick/v.age", &["--yes"]);
    out.code(1).stderr_has("UTENTE.KS\" è di un'altra generazione di chiavi");
    out.stderr_has("il suo certificato vale dal 01-11-2026 al 31-10-2029");
    assert!(!out.stderr.contains("La password non apre"), "{}", out.stderr);
    assert!(!env.stick().join("v.age").exists());

    // UTEF.P12 from another set whose certificates are encrypted: nothing shows another
    // generation (issue 21), so what is said is what is known: the password does not open it.
    let env = TestEnv::with_fixture("demo");
    fs::copy(fixtures().join("producers/openssl3/UTEF.P12"), env.source().join("UTEF.P12"))
        .unwrap();
    let out = env.seal("stick/v.age", &["--yes"]);
    out.code(1).stderr_has("La password non apre").stderr_has("UTEF.P12");
    assert!(!out.stderr.contains("altra generazione"), "{}", out.stderr);
    assert!(!env.stick().join("v.age").exists());
}

#[test]
fn a_mixed_set_shows_the_dates_that_prove_it() {
    // fixtures/fail_mixed: UTEC.P12 from the previous generation (same password).
    let env = TestEnv::with_fixture("fail_mixed");
    let out = env.lang("en").seal("stick/v.age", &["--yes"]);
    out.code(1).stderr_has("UTEC.P12\" is from another generation of keys");
    out.stderr_has(
        "valid from 01-11-2023 to 31-10-2026, the other files' from 01-11-2026 to 31-10-2029",
    );
}

#[test]
fn a_keystore_where_a_p12_should_be_is_carried_after_a_warning_not_refused() {
    let env = TestEnv::with_fixture("demo");
    fs::copy(env.source().join("UTENTE.KS"), env.source().join("UTEC.P12")).unwrap();
    // Recognised by content: a JKS, not a PKCS#12. Its certificates as UTEC.P12 cannot be
    // checked: without anybody to confirm, nothing is written; with --yes it is carried.
    let out = env.seal("stick/v.age", &[]);
    out.code(2).stderr_has("UTEC.P12\"").stderr_has("Non è stato possibile leggere i certificati");
    assert!(env.stick_files().is_empty());
    env.seal("stick/v.age", &["--yes"]).ok();
    env.verify("stick/v.age").ok();
}
