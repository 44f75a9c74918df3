//! One clock: every "today" and "now" of a run comes from the plan's clock, so the day a test
//! names (`--today`) is the day seal, status and install judge expiry by, certificates' findings
//! included (they once read the system's clock while the rest read `--today`).

use crate::env::*;

/// stdout and stderr together: warnings go to one, descriptions to the other.
fn said(out: &Output) -> String {
    format!("{}\n{}", out.stdout, out.stderr)
}

/// Seals `source/` into `stick/<name>` on `today`, `--yes` (warnings do not stop it).
fn seal_on(env: &TestEnv, name: &str, today: &str) -> Output {
    env.seal(&format!("stick/{name}"), &["--today", today, "--yes"])
}

/// Installs `stick/<name>` into a new `target/<folder>` on `today`, keeping the vault.
fn install_on(env: &TestEnv, name: &str, folder: &str, today: &str) -> Output {
    let passphrase = env.passphrase_file();
    let to = format!("target/{folder}");
    let vault = format!("stick/{name}");
    let args = ["install", &vault, "--to", &to, "--crea", "--keep-vault", "--yes"];
    env.run(args.into_iter().chain(["--passphrase-file", &passphrase, "--today", today]))
}

#[test]
fn after_the_expiry_every_step_says_expired() {
    // demo's certificates end on 31-10-2029: on 01-01-2030 they are expired for every step.
    let env = TestEnv::with_fixture("demo");
    let day = "2030-01-01";
    let sealed = seal_on(&env, "v.age", day);
    sealed.ok().stderr_has("sono scaduti il 31-10-2029");
    let status = env.run(["status", "--dir", "source", "--today", day]);
    assert!(said(status.ok()).contains("Le chiavi sono scadute il 31-10-2029"), "{status:?}");
    let installed = install_on(&env, "v.age", "keys", day);
    installed.code(3).stderr_has("già scadute (il 31-10-2029)");
}

#[test]
fn before_the_expiry_no_step_says_expired() {
    // The `expired` set ended on 30-06-2025: on 01-06-2025 it is valid for every step, whatever
    // the system's clock says.
    let env = TestEnv::with_fixture("expired");
    let day = "2025-06-01";
    let sealed = seal_on(&env, "v.age", day);
    assert!(!said(sealed.ok()).contains("scadut"), "{sealed:?}");
    let status = env.run(["status", "--dir", "source", "--today", day]);
    assert!(!said(status.ok()).contains("scadut"), "{status:?}");
    let installed = install_on(&env, "v.age", "keys", day);
    assert!(!said(installed.ok()).contains("scadut"), "{installed:?}");
}

#[test]
fn the_vault_says_it_was_sealed_on_the_plans_day() {
    // The manifest's timestamp is the plan's clock too: a vault sealed "on" 22-11-2026 says so
    // when opened, whatever the system's date.
    let env = TestEnv::with_fixture("demo");
    seal_on(&env, "v.age", "2026-11-22").ok();
    let verified = env.verify("stick/v.age");
    assert!(said(verified.ok()).contains("Sigillata il 22-11-2026"), "{verified:?}");
}
