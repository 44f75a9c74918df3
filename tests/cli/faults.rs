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
    run_command(cmd)
        .code(1)
        .stderr_has("Impossibile scrivere")
        .stderr_has("sono state messe da parte (non cancellate)");
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        let old = sha256_hex(&fs::read(fixtures().join("demo-old").join(name)).unwrap());
        assert_eq!(sha256_hex(&fs::read(env.target().join(name)).unwrap()), old, "{name}");
    }
    let hidden: Vec<String> = fs::read_dir(env.target())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".sigillo") && n != crate::env::LOCK_NAME)
        .collect();
    assert_eq!(hidden, Vec::<String>::new(), "no journal is left: it was undone in the same run");
    assert!(vault.exists(), "the vault stays on the stick");
    let root = env.root().join("Chiavi di Sicurezza Scadute");
    assert!(!root.join("Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026").exists());
    // The staged copies were never installed: set aside whole in the archive, never deleted.
    let aside: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name().unwrap().to_string_lossy().starts_with("Chiavi non installate il")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        let new = sha256_hex(&fs::read(fixtures().join("demo").join(name)).unwrap());
        assert_eq!(sha256_hex(&fs::read(aside[0].join(name)).unwrap()), new, "{name}");
    }
}

/// An archive on another volume (`--archive-dir` on a tmpfs): the old keys could only be copied
/// there and deleted here, and sigillo never deletes a key file (issue 20). Refused before
/// anything moves, saying why and what to do.
#[test]
fn an_archive_on_another_volume_is_refused_before_anything_moves() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo");
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        fs::copy(fixtures().join("demo-old").join(name), env.target().join(name)).unwrap();
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
    .code(3)
    .stderr_has("è su un altro disco")
    .stderr_has("Nessun file è stato spostato");
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        let old = fs::read(fixtures().join("demo-old").join(name)).unwrap();
        assert_eq!(fs::read(env.target().join(name)).unwrap(), old, "{name}");
    }
    let in_other: Vec<_> = fs::read_dir(&other)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "sigillo-registro.txt")
        .collect();
    assert_eq!(in_other, Vec::<String>::new(), "no archive folder on the other disk");
    assert!(vault.exists(), "the vault stays");
}
