//! seal → verify through the real binary: the manifest, the check code, armor, overwriting,
//! bad key folders, missing secrets, wrong passphrases, flipped bytes and truncations.

use std::fs;

use chrono::{DateTime, NaiveDate};
use secrecy::ExposeSecret;
use sigillo::keyset::KeyKind;
use sigillo::vault::{self, OpenError};

use crate::env::{self, PASSPHRASE, PASSWORD, TestEnv, secret, sha256_hex};

/// The demo set's files, read from the fixture, in sealing order.
fn demo_files(fixture: &str) -> Vec<(String, Vec<u8>)> {
    let dir = env::fixtures().join(fixture);
    let mut files = Vec::new();
    for kind in KeyKind::ALL {
        let entry = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap())
            .find(|e| e.file_name().to_string_lossy().eq_ignore_ascii_case(kind.name()))
            .unwrap();
        files.push((kind.name().to_owned(), fs::read(entry.path()).unwrap()));
    }
    files
}

#[test]
fn seal_then_verify_round_trip_checks_every_manifest_field() {
    let env = TestEnv::with_fixture("demo");
    let before = chrono::Utc::now();
    let sealed = env.seal("stick/v.age", &["--subject", "Studio Demo Rossi"]);
    sealed.ok();
    assert_eq!(env.stick_files(), ["v.age"], "only the vault is left on the stick");
    let bytes = fs::read(env.stick().join("v.age")).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "), "binary age v1, scrypt");

    let contents = vault::open(&bytes, &secret(PASSPHRASE)).unwrap();
    let m = &contents.manifest;
    assert_eq!(m.format, "sigillo-vault");
    assert_eq!(m.version, 1);
    // On disk the manifest spells it RFC 3339 with the sealing PC's offset.
    let raw = serde_json::to_value(m).unwrap()["created_at"].as_str().unwrap().to_owned();
    let created = DateTime::parse_from_rfc3339(&raw).expect("created_at is RFC 3339");
    assert!(
        raw.ends_with('Z') || raw[19..].contains(['+', '-']),
        "created_at has an offset: {raw}"
    );
    let age = created.with_timezone(&chrono::Utc) - before;
    assert!(age.num_seconds().abs() <= 120, "created_at is now: {}", m.created_at);
    assert_eq!(m.created_by, format!("sigillo {}", env!("CARGO_PKG_VERSION")));
    assert!(!m.source_host.trim().is_empty());
    assert_eq!(m.profile, "entratel");
    assert_eq!(m.subject, "Studio Demo Rossi");
    let expected = demo_files("demo");
    assert_eq!(m.files.len(), 3);
    for (entry, (name, data)) in m.files.iter().zip(&expected) {
        assert_eq!(&entry.name, name);
        assert_eq!(entry.size, data.len() as u64, "{name}");
        assert_eq!(entry.sha256.to_string(), sha256_hex(data), "{name}");
        let modified = entry.modified.unwrap_or_else(|| panic!("{name}: no mtime"));
        let on_disk: DateTime<chrono::Utc> =
            fs::metadata(env.source().join(name)).unwrap().modified().unwrap().into();
        assert_eq!(modified.timestamp(), on_disk.timestamp(), "{name}: modified");
    }
    assert!(m.password);
    assert_eq!(contents.password.as_ref().unwrap().expose_secret(), PASSWORD);
    for ((kind, data), (name, expected)) in contents.files.iter().zip(&expected) {
        assert_eq!(kind.name(), name);
        assert_eq!(&data[..], &expected[..], "{name}: bytes");
    }

    let listing = env.listing(env.root());
    let verified = env.verify("stick/v.age");
    verified.ok();
    assert_eq!(env.listing(env.root()), listing, "verify changes nothing");
    assert_eq!(verified.check_code(), sealed.check_code());
    assert_eq!(sealed.check_code(), vault::CheckCode::of(&bytes).to_string());
    verified
        .stdout_has("Soggetto: Studio Demo Rossi")
        .stdout_has("La password delle chiavi è inclusa.")
        .stdout_has(&m.source_host);
    for entry in &m.files {
        verified.stdout_has(&entry.name).stdout_has(&entry.sha256.to_string());
        verified.stdout_has(&entry.size.to_string());
    }
    for out in [&sealed, &verified] {
        let all = format!("{}{}", out.stdout, out.stderr);
        assert!(!all.contains(PASSWORD) && !all.contains(PASSPHRASE), "a secret was printed");
    }
}

/// The certificates the manifest lists are the ones openssl/keytool reported when the fixtures
/// were made (`fixtures/expected.json`).
#[test]
fn manifest_lists_the_certificates_read_when_sealing() {
    let env = TestEnv::with_fixture("demo");
    let vault_path = env.sealed("v.age");
    let contents = vault::open(&fs::read(vault_path).unwrap(), &secret(PASSPHRASE)).unwrap();
    let expected: serde_json::Value =
        serde_json::from_slice(&fs::read(env::fixtures().join("expected.json")).unwrap()).unwrap();
    let set = &expected["sets"]["demo"];
    let certs = &contents.manifest.certificates;
    for p12 in set["p12"].as_array().unwrap() {
        let file = p12["file"].as_str().unwrap();
        let ee = &p12["end_entity"];
        let cert = certs.iter().find(|c| c.file == file).unwrap_or_else(|| panic!("{file}"));
        assert!(cert.subject.contains("STUDIO DEMO ROSSI"), "{}", cert.subject);
        assert_eq!(cert.serial, ee["serial"].as_str().unwrap(), "{file}");
        let date = |t: &str| DateTime::parse_from_rfc3339(t).unwrap().timestamp();
        assert_eq!(cert.not_before.timestamp(), date(ee["not_before"].as_str().unwrap()));
        assert_eq!(cert.not_after.timestamp(), date(ee["not_after"].as_str().unwrap()));
        assert_eq!(cert.key_bits, Some(4096), "{file}");
    }
    // The keystore's two end-entity certificates: the same serials as the P12 files.
    let mut in_ks: Vec<&str> =
        certs.iter().filter(|c| c.file == "UTENTE.KS").map(|c| c.serial.as_str()).collect();
    in_ks.sort_unstable();
    let mut p12: Vec<&str> = set["p12"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["end_entity"]["serial"].as_str().unwrap())
        .collect();
    p12.sort_unstable();
    assert_eq!(in_ks, p12);
    // Without --subject the label is the holder's name from the certificates.
    assert_eq!(contents.manifest.subject, "STUDIO DEMO ROSSI");
}

/// A password of 20 characters (the maximum) with spaces and symbols, on P12 files with openssl 3's
/// defaults and no friendlyName: read whole from the first line of the file, it opens both.
#[test]
fn twenty_character_password_with_spaces_and_symbols_seals_openssl3_defaults() {
    let env = TestEnv::with_fixture("producers/openssl3");
    let line = fs::read_to_string(env::fixtures().join("producers/openssl3.password")).unwrap();
    assert_eq!(line.trim_end_matches('\n').chars().count(), 20);
    assert!(line.contains(' ') && line.contains('&') && line.contains('#'));
    let password = env.secret_file("password.txt", &line);
    let passphrase = env.passphrase_file();
    env.seal_with("source", &password, &passphrase).ok();
    let contents =
        vault::open(&fs::read(env.stick().join("v.age")).unwrap(), &secret(PASSPHRASE)).unwrap();
    let stored = contents.password.as_ref().expect("password sealed");
    assert_eq!(stored.expose_secret(), line.trim_end_matches('\n'));
    let expected: serde_json::Value =
        serde_json::from_slice(&fs::read(env::fixtures().join("expected.json")).unwrap()).unwrap();
    for p12 in expected["producers"]["producers/openssl3"]["p12"].as_array().unwrap() {
        let file = p12["file"].as_str().unwrap();
        let cert = contents.manifest.certificates.iter().find(|c| c.file == file);
        let cert = cert.unwrap_or_else(|| panic!("{file} in the manifest"));
        assert_eq!(cert.serial, p12["end_entity"]["serial"].as_str().unwrap(), "{file}");
    }
}

#[test]
fn armored_vault_starts_with_the_age_armor_line_and_verifies() {
    let env = TestEnv::with_fixture("demo");
    let sealed = env.seal("stick/v.txt", &["--armor"]);
    sealed.ok();
    let text = fs::read_to_string(env.stick().join("v.txt")).expect("armor is text");
    assert!(text.starts_with("-----BEGIN AGE ENCRYPTED FILE-----\n"), "{text}");
    assert!(text.trim_end().ends_with("-----END AGE ENCRYPTED FILE-----"));
    let verified = env.verify("stick/v.txt");
    verified.ok();
    assert_eq!(verified.check_code(), sealed.check_code());
    assert_eq!(env.stick_files(), ["v.txt"]);
}

#[test]
fn default_vault_name_is_chiavi_and_the_date() {
    let day = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
    assert_eq!(sigillo::seal::default_name(day), "chiavi-2026-03-05.age");
    let day = NaiveDate::from_ymd_opt(2029, 12, 31).unwrap();
    assert_eq!(sigillo::seal::default_name(day), "chiavi-2029-12-31.age");
}

#[test]
fn italian_aliases_sigilla_and_verifica_work() {
    let env = TestEnv::with_fixture("demo");
    let (password, passphrase) = (env.password_file(), env.passphrase_file());
    env.run([
        "sigilla",
        "--work-factor",
        env::WF,
        "--from",
        "source",
        "--out",
        "stick/v.age",
        "--password-file",
        &password,
        "--passphrase-file",
        &passphrase,
    ])
    .ok();
    env.run(["verifica", "stick/v.age", "--passphrase-file", &passphrase])
        .ok()
        .stdout_has("è integra");
}

#[test]
fn existing_vault_is_kept_without_yes_and_replaced_with_it() {
    let env = TestEnv::with_fixture("demo");
    fs::write(env.stick().join("v.age"), b"an older vault").unwrap();
    env.seal("stick/v.age", &[])
        .code(1)
        .stderr_has("\"stick/v.age\" esiste già")
        .stderr_has("--yes");
    assert_eq!(fs::read(env.stick().join("v.age")).unwrap(), b"an older vault");
    assert_eq!(env.stick_files(), ["v.age"]);

    env.seal("stick/v.age", &["--yes"]).ok();
    assert_eq!(env.stick_files(), ["v.age"]);
    env.verify("stick/v.age").ok();
}

/// What is broken, how to break it, what the message must say.
type Breakage<'a> = (&'a str, &'a dyn Fn(&TestEnv), &'a [&'a str]);

/// Each broken key folder: the message names the file, exit 1, nothing lands on the stick.
#[test]
fn bad_key_folders_are_named_and_nothing_is_written() {
    let cases: [Breakage; 5] = [
        (
            "missing",
            &|env| fs::remove_file(env.source().join("UTEC.P12")).unwrap(),
            &["Manca il file UTEC.P12", "/source\"."],
        ),
        (
            "empty",
            &|env| fs::write(env.source().join("UTEF.P12"), b"").unwrap(),
            &["/source/UTEF.P12\" è vuoto"],
        ),
        (
            "twice",
            &|env| {
                fs::copy(env.source().join("UTEF.P12"), env.source().join("utef.p12")).unwrap();
            },
            &["due volte", "/source/UTEF.P12\"", "/source/utef.p12\""],
        ),
        (
            "wrong format",
            &|env| fs::write(env.source().join("UTENTE.KS"), b"Password.txt\n").unwrap(),
            &["/source/UTENTE.KS\" non è un file delle chiavi", "è un file di testo"],
        ),
        (
            "too large",
            &|env| fs::write(env.source().join("UTEF.P12"), vec![0x30; 1024 * 1024 + 1]).unwrap(),
            &["/source/UTEF.P12\" è troppo grande"],
        ),
    ];
    for (what, break_it, expected) in cases {
        let env = TestEnv::with_fixture("demo");
        break_it(&env);
        let out = env.seal("stick/v.age", &[]);
        assert_eq!(out.code, 1, "{what}: {out:?}");
        for text in expected {
            assert!(out.stderr.contains(text), "{what}: stderr lacks {text:?}:\n{}", out.stderr);
        }
        assert!(out.stderr.starts_with("Errore: "), "{what}: {}", out.stderr);
        assert!(env.stick_files().is_empty(), "{what}: {:?}", env.stick_files());
    }
}

#[test]
fn key_folder_that_is_a_file_or_absent_is_refused() {
    let env = TestEnv::with_fixture("demo");
    let (password, passphrase) = (env.password_file(), env.passphrase_file());
    for from in ["source/UTEF.P12", "nowhere"] {
        let out = env.seal_with(from, &password, &passphrase);
        out.code(1).stderr_has(&format!("/{from}\""));
        assert!(env.stick_files().is_empty());
    }
}

#[test]
fn lower_case_key_file_names_seal_fine() {
    let env = TestEnv::with_fixture("lowercase");
    let vault_path = env.sealed("v.age");
    let contents = vault::open(&fs::read(vault_path).unwrap(), &secret(PASSPHRASE)).unwrap();
    let names: Vec<&str> = contents.manifest.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["UTEF.P12", "UTEC.P12", "UTENTE.KS"], "canonical names in the vault");
    for (entry, (_, data)) in contents.manifest.files.iter().zip(demo_files("lowercase")) {
        assert_eq!(entry.sha256.to_string(), sha256_hex(&data));
    }
    env.verify("stick/v.age").ok();
}

/// No secret files and no terminal: a clear message at once (exit 2), never a hang, never
/// rpassword's "os error 6".
#[test]
fn without_secret_files_and_terminal_commands_fail_at_once() {
    let env = TestEnv::with_fixture("demo");
    let out =
        env.run(["seal", "--work-factor", env::WF, "--from", "source", "--out", "stick/v.age"]);
    out.code(2).stderr_has("terminale").stderr_has("--password-file");
    assert!(!out.stderr.contains("os error"), "{}", out.stderr);

    let password = env.password_file();
    let out = env.run([
        "seal",
        "--work-factor",
        env::WF,
        "--from",
        "source",
        "--out",
        "stick/v.age",
        "--password-file",
        &password,
    ]);
    out.code(2).stderr_has("terminale").stderr_has("--passphrase-file");
    assert!(env.stick_files().is_empty());

    fs::write(env.stick().join("v.age"), small_vault_bytes()).unwrap();
    let out = env.run(["verify", "stick/v.age"]);
    out.code(2).stderr_has("--passphrase-file");
    assert!(!out.stderr.contains("os error"), "{}", out.stderr);
}

fn small_vault_bytes() -> Vec<u8> {
    env::small_vault()
}

#[test]
fn weak_passphrase_file_is_refused() {
    let env = TestEnv::with_fixture("demo");
    let password = env.password_file();
    for weak in ["password", "aaaaaaaaaaaaaaaaaaaaaaaa", "Password123!", "Qwerty123456"] {
        let weak = env.secret_file("weak.txt", &format!("{weak}\n"));
        let out = env.seal_with("source", &password, &weak);
        out.code(1).stderr_has("troppo facile da indovinare");
        assert!(env.stick_files().is_empty(), "{:?}", env.stick_files());
    }
    // The keys' password, alone or inside a longer passphrase, opens nothing new.
    for holding in
        [crate::env::PASSWORD.to_owned(), format!("Gatto.Nero-{}-sul/Tetto", "prova.2026")]
    {
        let file = env.secret_file("holding.txt", &format!("{holding}\n"));
        let out = env.seal_with("source", &password, &file);
        out.code(1).stderr_has("contiene la password delle chiavi");
        assert!(env.stick_files().is_empty(), "{:?}", env.stick_files());
    }
}

#[test]
fn empty_secret_file_is_named_not_shown() {
    let env = TestEnv::with_fixture("demo");
    let empty = env.secret_file("empty.txt", "\n");
    let passphrase = env.passphrase_file();
    let out = env.seal_with("source", &empty, &passphrase);
    out.code(1).stderr_has("\"secrets/empty.txt\"");
    assert!(env.stick_files().is_empty());
}

#[test]
fn wrong_keys_password_is_caught_before_sealing() {
    let env = TestEnv::with_fixture("demo");
    let wrong = env.secret_file("wrong.txt", "prova.2026\n");
    let passphrase = env.passphrase_file();
    let out = env.seal_with("source", &wrong, &passphrase);
    out.code(1).stderr_has("UTEF.P12");
    assert!(!out.stderr.contains("prova.2026"));
    assert!(env.stick_files().is_empty());
}

#[test]
fn nothing_but_the_vault_is_left_on_the_stick() {
    let env = TestEnv::with_fixture("demo");
    env.seal("stick/a.age", &[]).ok();
    env.seal("stick/b.txt", &["--armor", "--subject", "Altro"]).ok();
    env.seal("stick/a.age", &["--yes"]).ok();
    env.seal("stick/a.age", &[]).code(1);
    assert_eq!(env.stick_files(), ["a.age", "b.txt"]);
    // The source folder is only read.
    let mut source: Vec<String> = fs::read_dir(env.source())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    source.sort();
    assert_eq!(source, ["UTEC.P12", "UTEF.P12", "UTENTE.KS"]);
    for (name, data) in demo_files("demo") {
        assert_eq!(fs::read(env.source().join(&name)).unwrap(), data, "{name} unchanged");
    }
}

/// The real work factor (18), once: the header says so and verify opens it.
#[test]
fn seal_uses_work_factor_18_by_default_and_verify_opens_it() {
    let env = TestEnv::with_fixture("demo");
    let (password, passphrase) = (env.password_file(), env.passphrase_file());
    let sealed = env.run([
        "seal",
        "--from",
        "source",
        "--out",
        "stick/v.age",
        "--password-file",
        &password,
        "--passphrase-file",
        &passphrase,
    ]);
    sealed.ok();
    let bytes = fs::read(env.stick().join("v.age")).unwrap();
    let header = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    let stanza = header.lines().nth(1).unwrap();
    assert!(stanza.starts_with("-> scrypt ") && stanza.ends_with(" 18"), "{stanza}");
    assert_eq!(header.matches("-> ").count(), 1, "exactly one stanza");
    let verified = env.verify("stick/v.age");
    verified.ok();
    assert_eq!(verified.check_code(), sealed.check_code());
}

#[test]
fn work_factor_option_is_bounded() {
    let env = TestEnv::with_fixture("demo");
    // Everything else a seal needs is given, so only the range can refuse it.
    let (password, passphrase) = (env.password_file(), env.passphrase_file());
    let seal = |wf: &str, out: &str| {
        env.run([
            "seal",
            "--work-factor",
            wf,
            "--from",
            "source",
            "--out",
            out,
            "--yes",
            "--password-file",
            &password,
            "--passphrase-file",
            &passphrase,
        ])
    };
    for wf in ["9", "23", "x"] {
        seal(wf, "stick/v.age").code(2).stderr_has("--work-factor");
    }
    assert!(env.stick_files().is_empty());
    seal("10", "stick/v.age").code(0);
    assert_eq!(env.stick_files(), ["v.age"]);
}

/// A wrong passphrase: exit 4 and one message (with its advice). A vault damaged after its
/// header, opened with the right passphrase, is also exit 4, but said as damage: the header's
/// MAC proved the passphrase (issue 22, item 6).
#[test]
fn wrong_passphrase_exits_4_with_the_one_message() {
    let env = TestEnv::with_fixture("demo");
    env.sealed("v.age");
    let wrong = env.verify_with("stick/v.age", "Gatto.Nero-sul/Tetto43");
    wrong.code(4).stderr_has("\"stick/v.age\" non si apre");
    assert!(wrong.stdout.is_empty(), "{}", wrong.stdout);
    // Message and advice (after the warning that the test vault's work factor is low).
    let lines = wrong.stderr.lines().filter(|l| !l.starts_with("Attenzione:")).count();
    assert_eq!(lines, 2, "message and advice:\n{}", wrong.stderr);

    let mut bytes = fs::read(env.stick().join("v.age")).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(env.stick().join("v.age"), &bytes).unwrap();
    let damaged = env.verify("stick/v.age");
    damaged
        .code(4)
        .stderr_has("La passphrase è giusta, ma la cassaforte \"stick/v.age\" è danneggiata");
    assert!(!damaged.stderr.contains("non si apre"), "{}", damaged.stderr);
    // With a wrong passphrase the damage cannot be seen: the one message stays.
    let damaged_wrong = env.verify_with("stick/v.age", "Gatto.Nero-sul/Tetto43");
    assert_eq!(damaged_wrong.stderr, wrong.stderr, "a wrong passphrase looks the same");
}

#[test]
fn every_flipped_byte_of_a_small_vault_is_rejected() {
    let good = env::small_vault();
    assert!(good.len() < 2048, "small: {} bytes", good.len());
    let passphrase = secret(PASSPHRASE);
    vault::open(&good, &passphrase).expect("the unflipped vault opens");
    for i in 0..good.len() {
        // The lowest bit and the highest bit in turn: every byte once, both ends of it.
        let mask = if i % 2 == 0 { 0x01u8 } else { 0x80 };
        let mut bad = good.clone();
        bad[i] ^= mask;
        match vault::open(&bad, &passphrase) {
            Err(OpenError::Unreadable(_)) => {}
            // Flipping a work factor digit may ask for more work: refused as well.
            Err(OpenError::TooCostly(_)) => {}
            Err(OpenError::TooWeak(_)) => {}
            Ok(_) => panic!("byte {i} ^ {mask:#04x} still opens"),
        }
    }

    let env = TestEnv::new();
    let step = good.len() / 7;
    for i in [0, 5, 30, 60, good.len() / 2, good.len() - step, good.len() - 1] {
        let mut bad = good.clone();
        bad[i] ^= 0x01;
        fs::write(env.stick().join("v.age"), &bad).unwrap();
        let out = env.verify("stick/v.age");
        assert_eq!(out.code, 4, "byte {i}: {out:?}");
        // A flip in the header is said from the header (not a vault, damaged header, work
        // factor); past it, the one message for damage and a wrong passphrase.
        out.stderr_has("Errore: ").stderr_has("\"stick/v.age\"");
    }
    fs::write(env.stick().join("v.age"), &good).unwrap();
    env.verify("stick/v.age").ok();
}

#[test]
fn every_truncation_of_a_small_vault_is_rejected() {
    let good = env::small_vault();
    let passphrase = secret(PASSPHRASE);
    for len in 0..good.len() {
        assert!(vault::open(&good[..len], &passphrase).is_err(), "{len} bytes of {}", good.len());
    }
    // Extra bytes after the end are damage too.
    let mut longer = good.clone();
    longer.push(0);
    assert!(vault::open(&longer, &passphrase).is_err());

    let env = TestEnv::new();
    for len in [0, 1, 21, 22, 100, good.len() / 2, good.len() - 16, good.len() - 1] {
        fs::write(env.stick().join("v.age"), &good[..len]).unwrap();
        let out = env.verify("stick/v.age");
        assert_eq!(out.code, 4, "{len} bytes: {out:?}");
        out.stderr_has("Errore: ").stderr_has("\"stick/v.age\"");
    }
}

/// English with `--lang en`, or with an English locale; Italian with any other locale.
/// Italian first: `--lang`, then `SIGILLO_LANG`; the system locale never switches the language
/// (an English-configured office PC still reads Italian), on every platform alike.
#[test]
fn messages_follow_lang_flag_and_sigillo_lang_never_the_locale() {
    let env = TestEnv::new().lang("en");
    fs::write(env.stick().join("v.age"), env::small_vault()).unwrap();
    env.verify_with("stick/v.age", "Gatto.Nero-sul/Tetto43")
        .code(4)
        .stderr_has("Error: The vault \"stick/v.age\" does not open");

    let env = TestEnv::new();
    fs::write(env.stick().join("v.age"), env::small_vault()).unwrap();
    let passphrase = env.passphrase_file();
    let english = "The vault \"stick/v.age\" is intact";
    let italian = "La cassaforte \"stick/v.age\" è integra";
    for (var, value, expected) in [
        ("LANG", "en_US.UTF-8", italian),
        ("LC_ALL", "en_GB", italian),
        ("LANG", "it_IT.UTF-8", italian),
        ("SIGILLO_LANG", "en", english),
        ("SIGILLO_LANG", "it", italian),
        ("SIGILLO_LANG", "fr", italian),
    ] {
        let mut cmd = env.command(["verify", "stick/v.age", "--passphrase-file", &passphrase]);
        cmd.env(var, value);
        env::run_command(cmd).ok().stdout_has(expected);
    }
    // --lang wins over SIGILLO_LANG.
    let mut cmd =
        env.command(["--lang", "it", "verify", "stick/v.age", "--passphrase-file", &passphrase]);
    cmd.env("SIGILLO_LANG", "en");
    env::run_command(cmd).ok().stdout_has("è integra");
}

/// A damaged P12 is never a panic: unparseable, it is carried only after confirmation; with a
/// broken MAC, it is refused with advice that names both causes.
#[test]
fn damaged_key_files_get_a_clear_message_and_no_vault() {
    let env = TestEnv::with_fixture("demo");
    let utef = env.source().join("UTEF.P12");
    let good = fs::read(&utef).unwrap();
    fs::write(&utef, &good[..good.len() / 2]).unwrap();
    let out = env.seal("stick/v.age", &[]);
    out.code(2).stderr_has("Non è stato possibile leggere i certificati").stderr_has("--yes");
    assert!(env.stick_files().is_empty());

    let mut flipped = good.clone();
    let last = flipped.len() - 30; // inside the MAC digest, just before the salt and iterations
    flipped[last] ^= 0x01;
    fs::write(&utef, &flipped).unwrap();
    // The password opens the other two, but nothing in this file shows another generation (its
    // certificates are encrypted): the password does not open it, and the advice names the
    // damage (issue 21: "another generation" only where the certificates prove it).
    let out = env.seal("stick/v.age", &[]);
    out.code(1).stderr_has("La password non apre").stderr_has("danneggiato");
    assert!(!out.stderr.contains("altra generazione"), "{}", out.stderr);
    assert!(env.stick_files().is_empty());
}

#[test]
fn an_expired_set_is_said_expired_once_not_once_per_file() {
    // Issue 22: the same expiry was a warning for UTEF.P12, UTEC.P12 and UTENTE.KS each.
    let env = TestEnv::with_fixture("expired");
    let out = env.seal("stick/v.age", &["--yes"]);
    out.ok();
    let expired: Vec<&str> = out.stderr.lines().filter(|l| l.contains("30-06-2025")).collect();
    assert_eq!(
        expired,
        ["Attenzione: I certificati di UTEF.P12, UTEC.P12, UTENTE.KS sono scaduti il 30-06-2025."],
        "{}",
        out.stderr
    );
}
