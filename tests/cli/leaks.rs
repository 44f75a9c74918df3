//! Secrets stay secret: after a seal and an install, neither the keys' password nor the vault
//! passphrase is in any file (UTF-8, UTF-16LE, UTF-16BE) outside the secret files the test
//! itself wrote, nor in any output, help or `Debug` text.

use std::fs;
use std::path::{Path, PathBuf};

use crate::env::{PASSPHRASE, PASSWORD, TestEnv, fixtures, small_contents};

fn encodings(secret: &str) -> Vec<Vec<u8>> {
    let le: Vec<u8> = secret.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = secret.encode_utf16().flat_map(u16::to_be_bytes).collect();
    vec![secret.as_bytes().to_vec(), le, be]
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file under `dir`, skipping `skip`.
fn files(dir: &Path, skip: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path == skip {
            continue;
        }
        if path.is_dir() {
            files(&path, skip, out);
        } else {
            out.push(path);
        }
    }
}

fn assert_nowhere(env: &TestEnv, outputs: &[&crate::env::Output]) {
    let mut all = Vec::new();
    files(env.root(), &env.root().join("secrets"), &mut all);
    assert!(all.len() >= 6, "the scan saw the key files and the archive: {all:?}");
    for secret in [PASSWORD, PASSPHRASE] {
        for needle in encodings(secret) {
            for path in &all {
                let bytes = fs::read(path).unwrap();
                assert!(!contains(&bytes, &needle), "a secret is in {}", path.display());
            }
            for out in outputs {
                assert!(!contains(out.stdout.as_bytes(), &needle), "a secret is in stdout");
                assert!(!contains(out.stderr.as_bytes(), &needle), "a secret is in stderr");
            }
        }
    }
}

#[test]
fn no_secret_is_left_in_any_file_or_output_after_seal_and_install() {
    let env = TestEnv::with_fixture("demo");
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        fs::copy(fixtures().join("demo-old").join(name), env.target().join(name)).unwrap();
    }
    let sealed = env.seal("stick/chiavi.age", &[]);
    sealed.ok();
    let verified = env.verify("stick/chiavi.age");
    verified.ok();
    let passphrase = env.passphrase_file();
    let installed = env.run([
        "install",
        "stick/chiavi.age",
        "--to",
        "target",
        "--passphrase-file",
        &passphrase,
        "--yes",
        "--keep-vault",
    ]);
    installed.ok();
    let status = env.run(["status", "--dir", "target", "--password-file", &env.password_file()]);
    status.ok();
    // A wrong passphrase's error message names the file, never the secret typed.
    let wrong = env.verify_with("stick/chiavi.age", &format!("{PASSPHRASE}x"));
    wrong.code(4);
    assert!(!wrong.stderr.contains(&format!("{PASSPHRASE}x")));
    assert_nowhere(&env, &[&sealed, &verified, &installed, &status, &wrong]);
}

#[test]
fn help_and_debug_never_print_secrets() {
    let env = TestEnv::new();
    // The secrets are given first (as files, the only way sigillo takes them), so a help
    // screen that echoed them would be caught.
    let (password, passphrase) = (env.password_file(), env.passphrase_file());
    for args in [
        vec!["--help"],
        vec!["seal", "--help"],
        vec!["install", "--help"],
        vec!["--lang", "en", "--help"],
    ] {
        let mut all = vec!["--password-file", &password, "--passphrase-file", &passphrase];
        all.extend(args);
        let out = env.run(all);
        out.code(0);
        assert!(!out.stdout.contains(PASSWORD) && !out.stdout.contains(PASSPHRASE));
        assert!(!out.stderr.contains(PASSWORD) && !out.stderr.contains(PASSPHRASE));
    }
    let contents = small_contents();
    let debug = format!("{contents:?}");
    assert!(!debug.contains(PASSWORD), "{debug}");
    let key_bytes = format!("{:?}", &contents.files[0].1[..8]);
    assert!(!debug.contains(&key_bytes), "no key bytes in Debug: {debug}");
    let secret = crate::env::secret(PASSPHRASE);
    assert!(!format!("{secret:?}").contains(PASSPHRASE));
}
