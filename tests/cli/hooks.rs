//! The test hooks (`--work-factor`, `--today`, `--search-root`, `--stick`) exist only in test
//! builds, with the failpoints: a release binary refuses them as unknown arguments (exit 2), so
//! no shipped sigillo seals a weak vault, takes another day for today or looks for keys where a
//! test says. `.ci/run` runs this test on the release build too (`cargo test --release`).

use std::fs;

use crate::env::*;

/// Each hook, with a value it would take.
const HOOKS_USED: [[&str; 2]; 4] = [
    ["--work-factor", WF],
    ["--today", "2030-01-01"],
    ["--search-root", "target"],
    ["--stick", "stick"],
];

#[test]
fn test_hooks_exist_only_in_test_builds() {
    // The tests are built like the binary under test, and the package's dev-dependency on itself
    // turns the failpoints on: so a debug test run has the hooks and the release run has none.
    // Either way one of the two branches below runs; the release run takes the refusal.
    assert_eq!(HOOKS, cfg!(debug_assertions), "the binary under test is not built as expected");
    let env = TestEnv::with_fixture("demo");
    for [hook, value] in HOOKS_USED {
        let out = env.run(["status", "--dir", "source", hook, value]);
        if HOOKS {
            out.ok();
        } else {
            out.code(2).stderr_has(&format!("Argomento sconosciuto: {hook}"));
            assert!(out.stdout.is_empty(), "{hook}: a refused command says nothing else");
        }
    }
    // The example: a release seal at the test work factor is a usage error, and writes
    // nothing.
    let password = env.password_file();
    let passphrase = env.passphrase_file();
    let out = env.run([
        "seal",
        "--work-factor",
        WF,
        "--from",
        "source",
        "--out",
        "stick/v.age",
        "--password-file",
        &password,
        "--passphrase-file",
        &passphrase,
    ]);
    if HOOKS {
        out.ok();
        assert!(env.stick().join("v.age").is_file());
    } else {
        out.code(2).stderr_has("Argomento sconosciuto: --work-factor");
        assert_eq!(fs::read_dir(env.stick()).unwrap().count(), 0, "a refused seal writes nothing");
    }
}
