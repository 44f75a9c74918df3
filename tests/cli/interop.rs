//! Interoperability with an independent implementation: the `age` command line tool (Go,
//! Debian package `age`), GNU `tar` and the `zstd` tool. age reads passphrases from the terminal
//! only, so `expect` gives it one (a pseudo-terminal).
//!
//! Where a tool is missing the tests say so and skip — unless `SIGILLO_REQUIRE_INTEROP=1`
//! (set by `.ci/run`), where a missing tool is a failure.

use std::fs;
use std::path::Path;
use std::process::Command;

use sigillo::keyset::KeyKind;
use sigillo::vault::{self, Manifest};

use crate::env::{self, Output, PASSPHRASE, PASSWORD, TestEnv, run_command, secret, sha256_hex};

const TOOLS: [&str; 4] = ["age", "expect", "zstd", "tar"];

/// Answers every passphrase prompt of the spawned command with `$SIGILLO_TEST_PASSPHRASE`,
/// then ends with the command's own exit code.
const EXPECT_SCRIPT: &str = r#"
set timeout 600
log_user 0
spawn -noecho {*}$argv
expect {
    -re {(?i)passphrase[^\n]*:} { send -- "$env(SIGILLO_TEST_PASSPHRASE)\r"; exp_continue }
    eof
}
lassign [wait] pid spawn_id os_error value
exit $value
"#;

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
}

/// True when every tool is there; otherwise says what is missing and skips (or fails).
fn tools_present(test: &str) -> bool {
    let missing: Vec<&str> = TOOLS.into_iter().filter(|t| !on_path(t)).collect();
    if missing.is_empty() {
        return true;
    }
    crate::env::skip(
        test,
        &format!("not installed: {missing:?} (apt-get install age expect zstd tar)"),
    );
    false
}

/// Runs the shell command `script` in `dir` under expect, answering age's passphrase prompts.
#[track_caller]
fn with_passphrase_typed(env: &TestEnv, dir: &Path, script: &str) -> Output {
    let expect = env.path("answer.exp");
    fs::write(&expect, EXPECT_SCRIPT).unwrap();
    let mut cmd = Command::new("expect");
    cmd.arg(&expect)
        .args(["sh", "-c", script])
        .current_dir(dir)
        .env("SIGILLO_TEST_PASSPHRASE", PASSPHRASE)
        .stdin(std::process::Stdio::null());
    let out = run_command(cmd);
    assert_eq!(out.code, 0, "{script}: {out:?}");
    out
}

/// The demo key set's bytes in sealing order.
fn demo_files() -> Vec<(KeyKind, Vec<u8>)> {
    KeyKind::ALL
        .into_iter()
        .map(|kind| (kind, fs::read(env::fixtures().join("demo").join(kind.name())).unwrap()))
        .collect()
}

/// `age -d vault | zstd -d | tar -x`, exactly as README tells a user without sigillo, yields
/// the manifest, the three files with the manifest's hashes and the password.
#[test]
fn age_cli_decrypts_a_sigillo_vault_and_tar_extracts_it() {
    if !tools_present("age_cli_decrypts_a_sigillo_vault_and_tar_extracts_it") {
        return;
    }
    let env = TestEnv::with_fixture("demo");
    for (name, extra) in [("v.age", &[][..]), ("v.txt", &["--armor"][..])] {
        env.seal(&format!("stick/{name}"), extra).ok();
        let out = env.path(&format!("out-{name}"));
        fs::create_dir(&out).unwrap();
        let vault_path = env.stick().join(name);
        let vault_path = vault_path.display();
        with_passphrase_typed(&env, &out, &format!("age -d '{vault_path}' | zstd -d | tar -x"));
        with_passphrase_typed(
            &env,
            &out,
            &format!("age -d '{vault_path}' | zstd -d -q | tar -t > ../list-{name}.txt"),
        );
        let list = fs::read_to_string(env.path(&format!("list-{name}.txt"))).unwrap();
        let list: Vec<&str> = list.lines().collect();
        assert_eq!(
            list,
            [
                "sigillo.json",
                "files/UTEF.P12",
                "files/UTEC.P12",
                "files/UTENTE.KS",
                "secret/password"
            ],
            "{name}: entries and their order"
        );

        let manifest: Manifest =
            serde_json::from_slice(&fs::read(out.join("sigillo.json")).unwrap()).unwrap();
        assert_eq!(manifest.format, "sigillo-vault");
        assert!(manifest.password);
        for (entry, (kind, fixture)) in manifest.files.iter().zip(demo_files()) {
            let extracted = fs::read(out.join("files").join(kind.name())).unwrap();
            assert_eq!(entry.name, kind.name());
            assert_eq!(entry.sha256.to_string(), sha256_hex(&extracted), "{name}: {}", kind.name());
            assert_eq!(entry.size, extracted.len() as u64);
            assert_eq!(extracted, fixture, "{name}: {} as sealed", kind.name());
        }
        assert_eq!(fs::read(out.join("secret/password")).unwrap(), PASSWORD.as_bytes());
    }
}

/// A vault made with nothing but GNU tar, zstd and `age -p` (its own work factor, 18) opens
/// with `sigillo verify`: the format is the standard tools' format, not sigillo's own.
#[test]
fn vault_made_with_tar_zstd_and_age_cli_opens_with_sigillo() {
    if !tools_present("vault_made_with_tar_zstd_and_age_cli_opens_with_sigillo") {
        return;
    }
    let env = TestEnv::new();
    let staging = env.path("staging");
    fs::create_dir_all(staging.join("files")).unwrap();
    fs::create_dir_all(staging.join("secret")).unwrap();
    let files = demo_files();
    let mut manifest = env::manifest_for(&files);
    manifest.subject = "Fatto a mano".into();
    fs::write(staging.join("sigillo.json"), serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
    for (kind, bytes) in &files {
        fs::write(staging.join("files").join(kind.name()), bytes).unwrap();
    }
    fs::write(staging.join("secret/password"), PASSWORD).unwrap();

    let names = "sigillo.json files/UTEF.P12 files/UTEC.P12 files/UTENTE.KS secret/password";
    for (vault_name, format) in [("gnu.age", ""), ("ustar.age", "--format=ustar")] {
        let script =
            format!("tar -c -f - {format} {names} | zstd -q -c | age -p -o ../stick/{vault_name}");
        with_passphrase_typed(&env, &staging, &script);
        let bytes = fs::read(env.stick().join(vault_name)).unwrap();
        let header = String::from_utf8_lossy(&bytes[..120]).into_owned();
        assert!(header.contains("-> scrypt "), "{vault_name}: {header}");

        let out = env.verify(&format!("stick/{vault_name}"));
        out.ok().stdout_has("Fatto a mano").stdout_has("La password delle chiavi è inclusa.");
        assert_eq!(out.check_code(), vault::CheckCode::of(&bytes).to_string());
        let contents = vault::open(&bytes, &secret(PASSPHRASE)).unwrap();
        assert_eq!(contents.manifest, manifest);
        for ((kind, got), (_, expected)) in contents.files.iter().zip(&files) {
            assert_eq!(&got[..], &expected[..], "{vault_name}: {}", kind.name());
        }
    }
}
