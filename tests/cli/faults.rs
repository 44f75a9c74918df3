//! Resource faults: a stick that fills up mid-seal, a write error mid-install.

use std::fs;
use std::process::Command;

use crate::env::{TestEnv, fixtures, run_command, sha256_hex};

/// A tmpfs mounted on `dir` (root only), unmounted when dropped; `None`, after saying SKIPPED,
/// where mounting is not allowed.
#[must_use]
pub fn tmpfs(test: &str, dir: &std::path::Path, options: &[&str]) -> Option<Mounted> {
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs"])
        .args(options)
        .arg("tmpfs")
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        crate::env::skip(test, "cannot mount a tmpfs (needs root)");
        return None;
    }
    Some(Mounted(dir.to_owned()))
}

/// Unmounts its folder when dropped.
pub struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A stick of 24 KiB (a tmpfs, which needs root): the demo vault (~20 KiB) plus its temporary
/// copy cannot both fit. Skipped, saying so, where mounting is not allowed.
#[test]
fn a_stick_that_fills_up_mid_seal_leaves_no_partial_vault() {
    let env = TestEnv::with_fixture("demo");
    let small = env.path("small-stick");
    fs::create_dir(&small).unwrap();
    let Some(_mounted) = tmpfs("a_stick_that_fills_up_mid_seal", &small, &["-o", "size=24k"])
    else {
        return;
    };
    // Fill most of it, as a stick with other files on it.
    fs::write(small.join("altro.pdf"), vec![7u8; 12 * 1024]).unwrap();
    let out = env.seal("small-stick/chiavi.age", &[]);
    out.code(1).stderr_has("spazio esaurito");
    let left: Vec<String> = fs::read_dir(&small)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["altro.pdf"], "no vault and no temporary file are left");
}

#[test]
fn a_write_error_mid_install_puts_the_old_set_back_at_once() {
    let env = TestEnv::with_fixture("demo");
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        fs::copy(fixtures().join("demo-old").join(name), env.target().join(name)).unwrap();
    }
    let vault = env.sealed("chiavi.age");
    let passphrase = env.passphrase_file();
    let mut cmd = env.command(["install", vault.to_str().unwrap(), "--to", "target"]);
    cmd.args(["--passphrase-file", &passphrase, "--yes"]).env("SIGILLO_FAILPOINT", "write-error");
    run_command(cmd).code(1).stderr_has("Impossibile scrivere");
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        let old = sha256_hex(&fs::read(fixtures().join("demo-old").join(name)).unwrap());
        assert_eq!(sha256_hex(&fs::read(env.target().join(name)).unwrap()), old, "{name}");
    }
    let hidden = fs::read_dir(env.target())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with(".sigillo"));
    assert_eq!(hidden.count(), 0, "no journal is left: it was undone in the same run");
    assert!(vault.exists(), "the vault stays on the stick");
    assert!(
        !env.root()
            .join("Chiavi di Sicurezza Scadute")
            .join("Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026")
            .exists()
    );
}

/// An archive on another volume (`--archive-dir` on a tmpfs): files cannot be renamed there, so
/// they are copied, flushed, compared and only then removed — bytes and times kept.
#[test]
fn an_archive_on_another_volume_gets_copies_with_their_times() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo");
    let when = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_698_919_200);
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        let to = env.target().join(name);
        fs::copy(fixtures().join("demo-old").join(name), &to).unwrap();
        fs::File::options().write(true).open(&to).unwrap().set_modified(when).unwrap();
    }
    let other = env.path("altro-disco");
    fs::create_dir(&other).unwrap();
    let Some(_mounted) = tmpfs("cross_volume_archive", &other, &[]) else {
        return;
    };
    let vault = env.sealed("chiavi.age");
    let passphrase = env.passphrase_file();
    env.run([
        "install",
        vault.to_str().unwrap(),
        "--to",
        "target",
        "--archive-dir",
        "altro-disco",
        "--passphrase-file",
        &passphrase,
        "--yes",
    ])
    .ok();
    let archived = other.join("Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026");
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        let old = fs::read(fixtures().join("demo-old").join(name)).unwrap();
        assert_eq!(sha256_hex(&fs::read(archived.join(name)).unwrap()), sha256_hex(&old), "{name}");
        assert_eq!(fs::metadata(archived.join(name)).unwrap().modified().unwrap(), when, "{name}");
        let new = fs::read(fixtures().join("demo").join(name)).unwrap();
        assert_eq!(fs::read(env.target().join(name)).unwrap(), new, "{name}");
    }
    assert!(other.join("sigillo-registro.txt").exists(), "the log is in the archive root");
}
