//! Issue 22, what the set itself brings: the same keys under a changed password, another
//! holder's keys, a vault whose files are not what its manifest says, a mixed set opened in part
//! by the password.

use std::fs;
use std::path::Path;

use crate::env::{PASSPHRASE, TestEnv, WF, fixtures, secret, sha256_hex};

const ARCHIVE: &str = "Chiavi di Sicurezza Scadute";
const NAMES: [&str; 3] = ["UTEF.P12", "UTEC.P12", "UTENTE.KS"];

/// The hashes of a fixture set, UTEF, UTEC, UTENTE.
fn fixture_hashes(set: &str) -> Vec<Option<String>> {
    NAMES
        .iter()
        .map(|n| Some(sha256_hex(&fs::read(fixtures().join(set).join(n)).unwrap())))
        .collect()
}

/// The hashes of the key files in `dir` (None where missing).
fn hashes(dir: &Path) -> Vec<Option<String>> {
    NAMES.iter().map(|n| fs::read(dir.join(n)).ok().map(|b| sha256_hex(&b))).collect()
}

/// The folders of the archive root, sorted.
fn archived(env: &TestEnv) -> Vec<String> {
    let Ok(entries) = fs::read_dir(env.root().join(ARCHIVE)) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A target PC holding `installed`, and `stick/v.age` sealed from `source` with its password.
fn env_with(source: &str, password: &str, installed: &str) -> TestEnv {
    let env = TestEnv::with_fixture(source);
    for name in NAMES {
        fs::copy(fixtures().join(installed).join(name), env.target().join(name)).unwrap();
    }
    seal_source(&env, password);
    env
}

/// Seals `source/` with `password` into `stick/v.age` (`--yes`: other-holder's 2048-bit
/// cifratura key is a warning that asks).
fn seal_source(env: &TestEnv, password: &str) {
    let password = env.secret_file("source-password.txt", &format!("{password}\n"));
    let passphrase = env.passphrase_file();
    let args = ["--work-factor", WF, "--from", "source", "--out", "stick/v.age", "--yes"];
    let secrets = ["--password-file", &password, "--passphrase-file", &passphrase];
    env.run(["seal"].into_iter().chain(args).chain(secrets)).ok();
}

fn install(env: &TestEnv, extra: &[&str]) -> crate::env::Output {
    let passphrase = env.passphrase_file();
    let mut args = vec!["install", "stick/v.age", "--to", "target", "--passphrase-file"];
    args.push(&passphrase);
    args.extend(extra);
    env.run(args)
}

fn today() -> String {
    chrono::Local::now().date_naive().format("%d-%m-%Y").to_string()
}

#[test]
fn a_changed_password_is_the_same_keys_archived_as_such_and_rollback_finds_them() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    // demo-newpass: demo's own keys under Cambiata.2027; the PC has demo (Prova.2026).
    let env = env_with("demo-newpass", "Cambiata.2027", "demo");
    // The installed keys' password (--password-file) reads every installed file: "the same
    // keys" is said only then (without it, the P12s' certificates cannot be read).
    let old_password = env.secret_file("old-password.txt", "Prova.2026\n");
    let out = install(&env, &["--yes", "--keep-vault", "--password-file", &old_password]);
    out.ok().stdout_has("Stesse chiavi, password cambiata");
    assert_eq!(hashes(&env.target()), fixture_hashes("demo-newpass"));
    let folder = format!("Chiavi STUDIO DEMO ROSSI - Password cambiata il {}", today());
    assert_eq!(
        archived(&env),
        std::slice::from_ref(&folder),
        "never \"Scadute\": these keys are valid"
    );
    assert_eq!(hashes(&env.root().join(ARCHIVE).join(&folder)), fixture_hashes("demo"));
    out.stdout_has(&folder);

    // Rollback finds that folder and brings the old-password copies back; the copies taken
    // out hold the same, valid keys: not "Scadute" either.
    let out = env.run(["rollback", "--dir", "target", "--yes"]);
    out.ok().stdout_has("Stesse chiavi, con un'altra password: quelle che tornano in uso si aprono con la password di prima");
    assert_eq!(hashes(&env.target()), fixture_hashes("demo"));
    let names = archived(&env);
    assert!(names.iter().all(|n| !n.contains("Scadute")), "{names:?}");
    let taken_out = names.iter().find(|n| n.contains("Sostituite il")).expect("set taken out");
    assert_eq!(hashes(&env.root().join(ARCHIVE).join(taken_out)), fixture_hashes("demo-newpass"));
}

/// Without the installed keys' password the P12s' certificates cannot be read: "the same keys"
/// is not claimed, but the readable certificates are the vault's and still valid, so the old
/// copies are never archived as "Scadute al 31-10-2029" (issue 22 item 1: never call valid keys
/// expired); the output says how to have it verified.
#[test]
fn a_changed_password_without_the_old_one_is_not_archived_as_expired() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with("demo-newpass", "Cambiata.2027", "demo");
    let out = install(&env, &["--yes", "--keep-vault"]);
    out.ok().stdout_has("forse con un'altra password").stdout_has("--password-file");
    assert!(!out.stdout.contains("Stesse chiavi, password cambiata"), "{}", out.stdout);
    assert_eq!(archived(&env), [format!("Chiavi STUDIO DEMO ROSSI - Sostituite il {}", today())]);
}

#[test]
fn a_renewal_is_not_taken_for_a_password_change() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with("demo", "Prova.2026", "demo-old");
    let out = install(&env, &["--yes", "--keep-vault"]);
    assert!(!out.stdout.contains("Stesse chiavi"), "{}", out.stdout);
    assert_eq!(archived(&env), ["Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026"]);
}

#[test]
fn another_holders_keys_are_refused_under_yes_and_go_in_with_force() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with("other-holder", "Altra.2026", "demo");
    let out = install(&env, &["--yes", "--keep-vault"]);
    out.code(3).stderr_has("STUDIO DEMO ROSSI").stderr_has("STUDIO BIANCHI ASSOCIATI");
    // Said once: the refusal, not a warning first and the same words again.
    assert_eq!(out.stderr.matches("STUDIO BIANCHI ASSOCIATI").count(), 1, "{}", out.stderr);
    assert_eq!(hashes(&env.target()), fixture_hashes("demo"), "nothing moved");
    assert!(archived(&env).is_empty());

    // --force: what is true, installed anyway; never "non sono state installate".
    let out = install(&env, &["--yes", "--keep-vault", "--force"]);
    out.ok()
        .stderr_has("STUDIO BIANCHI ASSOCIATI")
        .stderr_has("installate comunque, come chiesto con --force");
    assert!(!out.stderr.contains("non sono state installate"), "{}", out.stderr);
    assert_eq!(hashes(&env.target()), fixture_hashes("other-holder"));
    // The office's keys were valid (to 31-10-2029): replaced today, not "Scadute".
    assert_eq!(archived(&env), [format!("Chiavi STUDIO DEMO ROSSI - Sostituite il {}", today())]);
}

#[cfg(unix)]
#[test]
fn another_holder_is_asked_about_at_a_terminal_naming_both() {
    use expectrl::{Eof, Expect, Session};
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with("other-holder", "Altra.2026", "demo");
    let passphrase = env.passphrase_file();
    let mut cmd = std::process::Command::new(crate::env::BIN);
    cmd.current_dir(env.root()).env("LANG", "C").env_remove("LC_ALL").env_remove("LANGUAGE");
    cmd.args(["install", "stick/v.age", "--to", "target", "--passphrase-file", &passphrase]);
    let mut session = Session::spawn(cmd).unwrap();
    session.set_expect_timeout(Some(std::time::Duration::from_secs(600)));
    // The first question: about the holders, before the one about the install itself.
    let found = session
        .expect(expectrl::Regex(r"(Sostituire le chiavi di|Procedere)[^\n]*\[s/N\] "))
        .unwrap();
    let question = String::from_utf8_lossy(found.get(0).unwrap()).into_owned();
    assert_eq!(
        question,
        "Sostituire le chiavi di \"STUDIO DEMO ROSSI\" con quelle di \"STUDIO BIANCHI ASSOCIATI\"? [s/N] "
    );
    session.send_line("n").unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(hashes(&env.target()), fixture_hashes("demo"), "answered no: nothing moved");
    assert!(archived(&env).is_empty());
}

/// A vault whose manifest is demo's (STUDIO DEMO ROSSI, 4096-bit keys) and whose files are
/// other-holder's (another holder, a 2048-bit cifratura key): what a tampered or mistaken
/// vault looks like, with every hash in the manifest matching the files.
fn vault_that_lies(env: &TestEnv) {
    let open = |set: &str, password: &str| {
        let env = TestEnv::with_fixture(set);
        seal_source(&env, password);
        let bytes = fs::read(env.stick().join("v.age")).unwrap();
        sigillo::vault::open(&bytes, &secret(PASSPHRASE)).unwrap()
    };
    let claimed = open("demo", "Prova.2026");
    let mut actual = open("other-holder", "Altra.2026");
    actual.manifest = sigillo::vault::Manifest {
        files: actual.manifest.files.clone(),
        ..claimed.manifest.clone()
    };
    let packed = sigillo::vault::pack(&actual, 1_793_000_000).unwrap();
    let vault = sigillo::vault::encrypt(&packed, &secret(PASSPHRASE), WF.parse().unwrap(), false);
    fs::write(env.stick().join("v.age"), vault.unwrap()).unwrap();
}

#[test]
fn install_and_verify_describe_the_files_and_warn_where_the_manifest_disagrees() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::new();
    vault_that_lies(&env);
    for out in [env.verify("stick/v.age"), install(&env, &["--yes", "--keep-vault"])] {
        out.ok();
        // What the files are, not what the manifest claims.
        // verify gives whole names (CN=…), install the holder's.
        let files_say = ["UTEF.P12: CN=STUDIO BIANCHI ASSOCIATI", "UTEF.P12: STUDIO BIANCHI"];
        assert!(files_say.iter().any(|s| out.stdout.contains(s)), "{}", out.stdout);
        assert!(!out.stdout.contains("STUDIO DEMO ROSSI,"), "{}", out.stdout);
        out.stderr_has("Attenzione: La descrizione nella cassaforte dice \"STUDIO DEMO ROSSI\"")
            .stderr_has("i certificati dei file sono di \"STUDIO BIANCHI ASSOCIATI\"");
        out.stderr_has("la chiave di \"UTEC.P12\" è di 4096 bit, ma quella del file è di 2048");
        assert!(!out.stderr.contains("Attenzione: Attenzione:"), "{}", out.stderr);
        out.stderr_has("La chiave di \"UTEC.P12\" è di soli 2048 bit");
    }
}

#[test]
fn an_honest_vault_gives_no_warning_about_its_description() {
    let env = TestEnv::with_fixture("demo");
    env.seal("stick/v.age", &[]).ok();
    let out = env.verify("stick/v.age");
    out.ok().stdout_has("UTEF.P12: CN=STUDIO DEMO ROSSI");
    assert!(!out.stderr.contains("descrizione"), "{}", out.stderr);

    // A manifest that lists no certificate (its seal could not read them) claims nothing
    // about them: the files' certificates are shown, without a warning.
    let bytes = fs::read(env.stick().join("v.age")).unwrap();
    let mut contents = sigillo::vault::open(&bytes, &secret(PASSPHRASE)).unwrap();
    contents.manifest.certificates.clear();
    let packed = sigillo::vault::pack(&contents, 1_793_000_000).unwrap();
    let vault = sigillo::vault::encrypt(&packed, &secret(PASSPHRASE), WF.parse().unwrap(), false);
    fs::write(env.stick().join("v.age"), vault.unwrap()).unwrap();
    let out = env.verify("stick/v.age");
    out.ok().stdout_has("UTEF.P12: CN=STUDIO DEMO ROSSI");
    assert!(!out.stderr.contains("descrizione"), "{}", out.stderr);
}

#[test]
fn a_mixed_set_opened_in_part_says_what_the_password_opens_and_the_two_generations() {
    // UTEF.P12 of the previous generation (Prova.2026); UTEC.P12 and UTENTE.KS of the current
    // one under its new password. The old password opens UTEF.P12 only; UTENTE.KS keeps its
    // certificates in clear, and they are not UTEF.P12's.
    let env = TestEnv::new();
    fs::copy(fixtures().join("demo-old/UTEF.P12"), env.source().join("UTEF.P12")).unwrap();
    for name in ["UTEC.P12", "UTENTE.KS"] {
        fs::copy(fixtures().join("demo-newpass").join(name), env.source().join(name)).unwrap();
    }
    let out = env.seal("stick/v.age", &["--yes"]);
    out.code(1).stderr_has("La password apre UTEF.P12 ma non UTEC.P12 né UTENTE.KS");
    out.stderr_has("due generazioni di chiavi")
        .stderr_has("UTEF.P12 valgono dal 01-11-2023 al 31-10-2026")
        .stderr_has("UTENTE.KS dal 01-11-2026 al 31-10-2029");
    assert!(env.stick_files().is_empty());

    // Without proof of two generations (nothing read in clear), what is known: what it opens.
    let env = TestEnv::with_fixture("demo");
    fs::copy(fixtures().join("demo-newpass/UTEC.P12"), env.source().join("UTEC.P12")).unwrap();
    let out = env.seal("stick/v.age", &["--yes"]);
    out.code(1).stderr_has("La password apre UTEF.P12 e UTENTE.KS ma non UTEC.P12");
    out.stderr_has("La password non apre");
    assert!(!out.stderr.contains("due generazioni"), "{}", out.stderr);
}

#[test]
fn a_set_with_the_same_dates_and_other_keys_is_said_to_be_a_re_issue() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    // producers/openssl-legacy: the same holder and dates as demo, other keys (JCEKS keystore,
    // certificates in clear).
    let env = TestEnv::with_fixture("demo");
    for name in NAMES {
        let from = fixtures().join("producers/openssl-legacy").join(name);
        fs::copy(from, env.target().join(name)).unwrap();
    }
    seal_source(&env, "Prova.2026");
    let out = install(&env, &["--yes", "--keep-vault"]);
    out.ok().stderr_has("stesse date di quelle installate, ma sono altre chiavi");
    assert!(!out.stdout.contains("Stesse chiavi"), "{}", out.stdout);
}

/// `vault` (sealed by the test) with its files replaced by `files` (kind, bytes) and the
/// manifest's hashes and sizes made to match: a crafted vault whose every hash checks.
fn replace_files(env: &TestEnv, files: &[(sigillo::keyset::KeyKind, Vec<u8>)]) {
    let bytes = fs::read(env.stick().join("v.age")).unwrap();
    let mut contents = sigillo::vault::open(&bytes, &secret(PASSPHRASE)).unwrap();
    for (kind, new) in files {
        for (k, file) in contents.files.iter_mut() {
            if k == kind {
                *file = new.clone().into();
            }
        }
        for entry in contents.manifest.files.iter_mut() {
            if entry.name == kind.name() {
                entry.size = new.len() as u64;
                entry.sha256 = sigillo::hash::Sha256::of(new);
            }
        }
    }
    let packed = sigillo::vault::pack(&contents, 1_793_000_000).unwrap();
    let vault = sigillo::vault::encrypt(&packed, &secret(PASSPHRASE), WF.parse().unwrap(), false);
    fs::write(env.stick().join("v.age"), vault.unwrap()).unwrap();
}

/// Certificates are public: fixtures/forged-keys holds the office's certificates beside other
/// private keys. Seal refuses them; a vault crafted to hold them is refused at install (exit 3,
/// nothing moved), never taken for "the same keys under a changed password".
#[test]
fn private_keys_that_are_not_their_certificates_are_refused_at_seal_and_install() {
    use sigillo::keyset::KeyKind;
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("forged-keys");
    let out = env.seal("stick/v.age", &["--yes"]);
    out.code(1).stderr_has("La chiave privata di").stderr_has("non corrisponde al suo certificato");
    assert!(env.stick_files().is_empty(), "nothing sealed");

    // The crafted vault: demo sealed, its files swapped for the forged ones; the PC holds the
    // office's keys under their new password.
    let env = env_with("demo", "Prova.2026", "demo-newpass");
    let forged = |name: &str| fs::read(fixtures().join("forged-keys").join(name)).unwrap();
    let files: Vec<(KeyKind, Vec<u8>)> =
        KeyKind::ALL.into_iter().map(|k| (k, forged(k.name()))).collect();
    replace_files(&env, &files);
    // verify opens it (intact) and says what install will do with it.
    env.verify("stick/v.age")
        .ok()
        .stderr_has("non corrisponde al suo certificato")
        .stderr_has("«sigillo installa» rifiuterà queste chiavi");
    let out = install(&env, &["--yes", "--keep-vault"]);
    out.code(3).stderr_has("La chiave privata di \"UTEF.P12\" non corrisponde al suo certificato");
    out.stderr_has("non sono state installate");
    assert!(!out.stdout.contains("Stesse chiavi"), "{}", out.stdout);
    assert_eq!(hashes(&env.target()), fixture_hashes("demo-newpass"), "nothing moved");
    assert!(archived(&env).is_empty());
}

/// Another holder's UTEF/UTEC beside the office's own UTENTE.KS (a crafted vault): the vault's
/// own set is mixed (its password does not open the keystore, whose certificates are not the
/// P12s'), and install acts on that as seal does: refused, exit 3, nothing moved. (The holder
/// check itself now looks both ways too: `certs::set` tests, kinship.)
#[test]
fn a_vault_mixing_another_holders_p12s_with_the_offices_keystore_is_refused() {
    use sigillo::keyset::KeyKind;
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with("other-holder", "Altra.2026", "demo");
    let demo_ks = fs::read(fixtures().join("demo/UTENTE.KS")).unwrap();
    replace_files(&env, &[(KeyKind::Utente, demo_ks)]);
    let out = install(&env, &["--yes", "--keep-vault"]);
    out.code(3).stderr_has("\"UTENTE.KS\" non appartiene allo stesso gruppo di chiavi");
    out.stderr_has("non sono state installate");
    assert_eq!(hashes(&env.target()), fixture_hashes("demo"), "nothing moved");
    assert!(archived(&env).is_empty());
}

/// "Same keys" is a claim about every installed file: here only the installed UTENTE.KS (demo's
/// keys, new password, certificates in clear) can be read; UTEF/UTEC are another holder's under
/// another password. No "Stesse chiavi", no "Password cambiata" archive.
#[test]
fn same_keys_is_claimed_only_when_every_installed_file_was_read() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with("demo", "Prova.2026", "demo-newpass");
    for name in ["UTEF.P12", "UTEC.P12"] {
        fs::copy(fixtures().join("other-holder").join(name), env.target().join(name)).unwrap();
    }
    let out = install(&env, &["--yes", "--keep-vault"]);
    assert!(!out.stdout.contains("Stesse chiavi"), "false claim:\n{}", out.stdout);
    let names = archived(&env);
    assert!(!names.iter().any(|n| n.contains("Password cambiata")), "{names:?}");
}

/// A vault whose included password opens none of its files is refused (exit 3, nothing moved),
/// with the reason: at a terminal it would otherwise show that wrong password as the keys'.
#[test]
fn a_vault_whose_password_opens_none_of_its_files_is_refused() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with("demo", "Prova.2026", "demo-newpass");
    let bytes = fs::read(env.stick().join("v.age")).unwrap();
    let mut contents = sigillo::vault::open(&bytes, &secret(PASSPHRASE)).unwrap();
    contents.password = Some(secret("Sbagliata.1"));
    let packed = sigillo::vault::pack(&contents, 1_793_000_000).unwrap();
    let vault = sigillo::vault::encrypt(&packed, &secret(PASSPHRASE), WF.parse().unwrap(), false);
    fs::write(env.stick().join("v.age"), vault.unwrap()).unwrap();
    let out = install(&env, &["--yes", "--keep-vault"]);
    out.code(3).stderr_has("La password inclusa nella cassaforte non apre nessuno dei suoi file");
    assert!(!out.stdout.contains("Stesse chiavi"), "{}", out.stdout);
    assert_eq!(hashes(&env.target()), fixture_hashes("demo-newpass"), "nothing moved");
    assert!(archived(&env).is_empty());
}

/// `seal --subject` is a free label (the office, a branch): not a claim about the
/// certificates, so no warning about the description, and never "Attenzione: Attenzione:".
#[test]
fn a_subject_label_given_at_seal_is_not_a_disagreement() {
    let env = TestEnv::with_fixture("demo");
    env.seal("stick/v.age", &["--subject", "Studio Rossi (sede di Milano)"]).ok();
    let out = env.verify("stick/v.age");
    out.ok();
    assert!(!out.stderr.contains("descrizione"), "{}", out.stderr);
    assert!(!out.stderr.contains("Attenzione: Attenzione:"), "{}", out.stderr);
}

/// Another holder installed behind a PKCS#12 UTENTE.KS (certificates encrypted): nothing
/// installed can be read. The question says whose keys they are is unknown, and --force archives
/// them under a neutral name, never under the incoming holder's.
#[test]
fn installed_keys_that_cannot_be_read_are_not_named_after_the_incoming_holder() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    // producers/keytool-pkcs12: PKCS#12 keystore, everything encrypted under Prova.2026; the
    // vault is other-holder's under Altra.2026.
    let env = TestEnv::with_fixture("other-holder");
    for name in NAMES {
        let from = fixtures().join("producers/keytool-pkcs12").join(name);
        fs::copy(from, env.target().join(name)).unwrap();
    }
    seal_source(&env, "Altra.2026");
    let out = install(&env, &["--yes", "--force", "--keep-vault"]);
    out.ok();
    let names = archived(&env);
    assert_eq!(names, [format!("Chiavi precedenti - Sostituite il {}", today())]);
}

#[cfg(unix)]
#[test]
fn a_question_over_unreadable_installed_keys_says_their_holder_is_unknown() {
    use expectrl::{Eof, Expect, Session};
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("other-holder");
    for name in NAMES {
        let from = fixtures().join("producers/keytool-pkcs12").join(name);
        fs::copy(from, env.target().join(name)).unwrap();
    }
    seal_source(&env, "Altra.2026");
    let passphrase = env.passphrase_file();
    let mut cmd = std::process::Command::new(crate::env::BIN);
    cmd.current_dir(env.root()).env("LANG", "C").env_remove("LC_ALL").env_remove("LANGUAGE");
    cmd.args(["install", "stick/v.age", "--to", "target", "--passphrase-file", &passphrase]);
    let mut session = Session::spawn(cmd).unwrap();
    session.set_expect_timeout(Some(std::time::Duration::from_secs(600)));
    // The installed keys' password is asked first (Enter skips it).
    session.expect("Invio per saltare").unwrap();
    session.send_line("").unwrap();
    let found = session.expect(expectrl::Regex(r"(Non si può|Sostituire)[^\n]*\[s/N\] ")).unwrap();
    let question = String::from_utf8_lossy(found.get(0).unwrap()).into_owned();
    assert!(question.contains("Non si può leggere di chi sono le chiavi installate"), "{question}");
    session.send_line("n").unwrap();
    session.expect(Eof).unwrap();
    assert!(archived(&env).is_empty(), "answered no: nothing moved");
}
