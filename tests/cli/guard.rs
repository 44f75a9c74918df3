//! The Desktop Telematico guard against real processes: an Eclipse (Equinox) launcher counts
//! only from a Desktop Telematico / SOGEI installation, the refusal names it, and
//! `--ignora-programma PID` gets past a false alarm, written in the audit log.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::env::{TestEnv, fixtures};

const NAMES: [&str; 3] = ["UTEF.P12", "UTEC.P12", "UTENTE.KS"];

/// Kills the child on drop, so a failing assertion leaves no process behind.
struct Reaped(Child);
impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A shell copied as `<dir>/java`, running with the Eclipse launcher in its arguments (as an
/// IDE's Java server or Desktop Telematico does). It waits on its stdin, a pipe nobody writes.
fn fake_java(dir: &Path) -> (Reaped, std::path::PathBuf) {
    fs::create_dir_all(dir).unwrap();
    let java = dir.join("java");
    fs::copy("/bin/sh", &java).unwrap();
    let child = Command::new(&java)
        .args(["-c", "read line", "-jar", "plugins/org.eclipse.equinox.launcher_1.6.jar"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    (Reaped(child), java)
}

fn env_with_vault() -> TestEnv {
    let env = TestEnv::with_fixture("demo");
    for name in NAMES {
        fs::copy(fixtures().join("demo-old").join(name), env.target().join(name)).unwrap();
    }
    env.sealed("v.age");
    env
}

fn install(env: &TestEnv, extra: &[&str]) -> crate::env::Output {
    let passphrase = env.passphrase_file();
    let mut args = vec!["install", "stick/v.age", "--to", "target"];
    args.extend(["--passphrase-file", &passphrase, "--yes", "--keep-vault"]);
    args.extend(extra);
    env.run(args)
}

#[test]
fn an_ides_equinox_launcher_does_not_block_install() {
    let _alone = crate::install::PROCESSES.write().unwrap();
    let env = env_with_vault();
    let (_java, _) = fake_java(&env.path("tmp/.vscode/extensions/redhat.java/server"));
    install(&env, &[]).ok();
}

#[test]
fn desktop_telematicos_equinox_launcher_blocks_install_until_ignored_by_pid() {
    let _alone = crate::install::PROCESSES.write().unwrap();
    let env = env_with_vault();
    let (java, path) = fake_java(&env.path("tmp/SOGEI/DesktopTelematico/jre/bin"));
    let pid = java.0.id().to_string();

    let refused = install(&env, &[]);
    refused.code(3).stderr_has("Desktop Telematico è aperto").stderr_has(&pid);
    refused.stderr_has(&path.to_string_lossy()).stderr_has(&format!("--ignora-programma {pid}"));
    // Every run here has `--yes`: it is no way past the guard.
    assert!(!env.root().join("Chiavi di Sicurezza Scadute").exists(), "nothing was archived");

    // Another process id changes nothing; its own gets past, with a warning and a log line.
    install(&env, &["--ignora-programma", "1"]).code(3);
    let passed = install(&env, &["--ignora-programma", &pid]);
    passed.ok().stderr_has("viene ignorato");
    let log =
        fs::read_to_string(env.root().join("Chiavi di Sicurezza Scadute/sigillo-registro.txt"))
            .unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(
        lines[0].contains("programma ignorato")
            && lines[0].contains(&format!("processo {pid} java")),
        "{log}"
    );
    assert!(lines[0].contains(&*path.to_string_lossy()), "{log}");
    assert!(lines[1].contains("installazione"), "{log}");

    // The English spelling is the same flag.
    let env = env_with_vault();
    install(&env, &["--ignore-program", &pid]).ok();
}
