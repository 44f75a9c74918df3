//! Trust nothing on disk (issue 9): a planted journal, linked or oversized old key files, linked
//! archive roots and audit logs, file modes, and sigillo's own stale temporary files. Each test
//! plays the other local user who can write the key folder's surroundings, and checks that the
//! real binary refuses (exit 3) with every file where it was.

use std::fs;
use std::path::Path;

use crate::env::{TestEnv, fixtures, run_command, sha256_hex};

const ARCHIVE: &str = "Chiavi di Sicurezza Scadute";
const NAMES: [&str; 3] = ["UTEF.P12", "UTEC.P12", "UTENTE.KS"];

/// A target PC whose key folder holds `demo-old`.
fn env_with_old_keys() -> TestEnv {
    let env = TestEnv::with_fixture("demo");
    for name in NAMES {
        fs::copy(fixtures().join("demo-old").join(name), env.target().join(name)).unwrap();
    }
    env
}

/// The hashes of the key files in `dir` (None where missing).
fn hashes(dir: &Path) -> Vec<Option<String>> {
    NAMES.iter().map(|n| fs::read(dir.join(n)).ok().map(|b| sha256_hex(&b))).collect()
}

fn old_hashes() -> Vec<Option<String>> {
    hashes(&fixtures().join("demo-old"))
}

/// Every name in `dir`, sorted, but the key folder's lock file (sigillo's own, which stays).
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != crate::env::LOCK_NAME)
        .collect();
    names.sort();
    names
}

fn install(env: &TestEnv, vault: &Path) -> crate::env::Output {
    let passphrase = env.passphrase_file();
    env.run([
        "install",
        vault.to_str().unwrap(),
        "--to",
        "target",
        "--passphrase-file",
        &passphrase,
        "--yes",
    ])
}

fn entry(name: &str, sha256: &str) -> serde_json::Value {
    serde_json::json!({ "name": name, "sha256": sha256 })
}

/// A journal in sigillo's own shape with the given entries and archive (its folder's parent is
/// the archive root it names); no witness of it exists.
fn journal(
    _archive_root: &Path,
    archive: &Path,
    old: Vec<serde_json::Value>,
    new: Vec<serde_json::Value>,
) -> String {
    serde_json::json!({
        "format": "sigillo-journal",
        "version": 2,
        "run": "0123456789abcdef0123456789abcdef",
        "operation": "install",
        "started_at": "2026-11-22T10:00:00+01:00",
        "archive_root": archive.parent().unwrap(),
        "archive": archive.file_name().unwrap().to_str().unwrap(),
        "source": "staging",
        "old": old,
        "new": new,
    })
    .to_string()
}

/// Issue 9, item 1: a journal planted in the key folder whose `new` entry names a file outside
/// it (relative with `..`, or absolute) with that file's hash, or whose archive is an attacker's
/// folder holding a file of the victim's. Before the fix, `sigillo status` deleted the outside
/// file (or moved the victim's file into the shared key folder) and exited 0.
#[test]
fn a_planted_journal_is_refused_and_touches_nothing() {
    let env = env_with_old_keys();
    let outside = env.path("fuori");
    fs::create_dir(&outside).unwrap();
    let precious = outside.join("prezioso.txt");
    fs::write(&precious, b"tre anni di lavoro").unwrap();
    let precious_hash = sha256_hex(b"tre anni di lavoro");
    let key_dir = fs::canonicalize(env.target()).unwrap();
    let root = key_dir.parent().unwrap().join(ARCHIVE);
    let archive = root.join("Chiavi X - Scadute al 31-10-2026");
    let old: Vec<_> = NAMES.iter().zip(old_hashes()).map(|(n, h)| entry(n, &h.unwrap())).collect();
    let zero = "0".repeat(64);

    // An attacker's folder holding a file of the victim's under a key name.
    let attacker = env.path("attaccante");
    fs::create_dir(&attacker).unwrap();
    fs::write(attacker.join("UTEF.P12"), b"chiave privata di un altro").unwrap();
    let stolen_hash = sha256_hex(b"chiave privata di un altro");

    let cases: Vec<(&str, String)> = vec![
        (
            "relative",
            journal(
                &root,
                &archive,
                old.clone(),
                vec![entry("../fuori/prezioso.txt", &precious_hash)],
            ),
        ),
        (
            "absolute",
            journal(
                &root,
                &archive,
                old.clone(),
                vec![entry(precious.to_str().unwrap(), &precious_hash)],
            ),
        ),
        (
            "dot-dot archive",
            journal(
                &root,
                &root.join("..").join("attaccante"),
                vec![entry("utef.p12", &stolen_hash)],
                vec![entry("UTEF.P12", &zero)],
            ),
        ),
        (
            "archive outside",
            journal(
                &attacker,
                &attacker.join("x"),
                vec![entry("UTEF.P12", &stolen_hash)],
                vec![entry("UTEF.P12", &zero)],
            ),
        ),
    ];
    for (case, text) in cases {
        // The archive-outside cases need UTEF.P12 out of the key folder for the move to happen.
        let utef = env.target().join("UTEF.P12");
        let kept = fs::read(&utef).unwrap();
        if case.contains("archive") {
            fs::remove_file(&utef).unwrap();
            fs::create_dir_all(attacker.join("x")).unwrap();
            fs::copy(attacker.join("UTEF.P12"), attacker.join("x/UTEF.P12")).unwrap();
        }
        let before = names(&env.target());
        fs::write(env.target().join(".sigillo-journal.json"), &text).unwrap();

        for args in
            [vec!["status", "--dir", "target"], vec!["rollback", "--dir", "target", "--yes"]]
        {
            let out = env.run(&args);
            out.code(3).stderr_has(".sigillo-journal.json").stderr_has("non è stato toccato nulla");
            assert_eq!(fs::read(&precious).unwrap(), b"tre anni di lavoro", "{case}: {args:?}");
            assert_eq!(
                fs::read(attacker.join("x/UTEF.P12")).ok().as_deref(),
                case.contains("archive").then_some(&b"chiave privata di un altro"[..]),
                "{case}: the attacker's archive is not emptied"
            );
            let mut expected = before.clone();
            expected.push(".sigillo-journal.json".into());
            expected.sort();
            assert_eq!(names(&env.target()), expected, "{case}: {args:?}");
        }
        fs::remove_file(env.target().join(".sigillo-journal.json")).unwrap();
        if case.contains("archive") {
            fs::write(&utef, kept).unwrap();
            fs::remove_dir_all(attacker.join("x")).unwrap();
        }
        assert_eq!(hashes(&env.target()), old_hashes(), "{case}");
    }
}

/// Issue 9, item 3: an installed key file that is a link, or too large for the journal to
/// verify, is refused before the journal is written; nothing moves (before the fix the folder
/// was left holding only the journal and staging, and every later command exited 3).
#[cfg(unix)]
#[test]
fn linked_or_oversized_old_key_files_are_refused_with_the_folder_intact() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let template = TestEnv::with_fixture("demo");
    let sealed = template.sealed("chiavi.age");
    for case in ["link", "large"] {
        let env = env_with_old_keys();
        let vault = env.stick().join("chiavi.age");
        fs::copy(&sealed, &vault).unwrap();
        let elsewhere = env.path("UTEF-vero.P12");
        let utef = env.target().join("UTEF.P12");
        let message = match case {
            "link" => {
                fs::rename(&utef, &elsewhere).unwrap();
                std::os::unix::fs::symlink(&elsewhere, &utef).unwrap();
                "è un collegamento"
            }
            _ => {
                let file = fs::File::options().append(true).open(&utef).unwrap();
                file.set_len(1024 * 1024 + 1).unwrap();
                "più grande"
            }
        };
        let before = names(&env.target());
        let hashes_before = hashes(&env.target());
        install(&env, &vault).code(3).stderr_has(message).stderr_has("UTEF.P12");
        assert_eq!(names(&env.target()), before, "{case}: nothing moved, no journal");
        assert_eq!(hashes(&env.target()), hashes_before, "{case}");
        assert!(!env.path(ARCHIVE).exists(), "{case}: no archive was made");
        assert!(vault.exists(), "{case}");
        if case == "link" {
            assert!(fs::symlink_metadata(&utef).unwrap().file_type().is_symlink());
        }
    }
}

/// An archived set is read back from disk like any other untrusted input: rollback refuses a key
/// file there that is a link (it would restore a link into the key folder, or read whatever it
/// points at as keys), and changes nothing.
#[cfg(unix)]
#[test]
fn rollback_refuses_an_archived_key_file_that_is_a_link() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with_old_keys();
    let vault = env.sealed("chiavi.age");
    install(&env, &vault).ok();
    let archived = env.path(ARCHIVE).join("Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026");
    let utef = archived.join("UTEF.P12");
    let elsewhere = env.path("UTEF-altrove.P12");
    fs::rename(&utef, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &utef).unwrap();
    let target_before = hashes(&env.target());
    let archive_before = names(&archived);
    env.run(["rollback", "--dir", "target", "--yes", "--force"])
        .code(1)
        .stderr_has("UTEF.P12")
        .stderr_has("non è un file normale");
    assert_eq!(hashes(&env.target()), target_before, "the new set stays in place");
    assert_eq!(names(&archived), archive_before);
    assert!(fs::symlink_metadata(&utef).unwrap().file_type().is_symlink(), "the link stays");
}

/// Issue 9, item 6: a linked archive root or audit log is refused before anything moves, and
/// nothing is written where the link points.
#[cfg(unix)]
#[test]
fn a_linked_archive_root_or_audit_log_is_refused() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let template = TestEnv::with_fixture("demo");
    let sealed = template.sealed("chiavi.age");
    for case in ["root", "log"] {
        let env = env_with_old_keys();
        let vault = env.stick().join("chiavi.age");
        fs::copy(&sealed, &vault).unwrap();
        let elsewhere = env.path("altrove");
        fs::create_dir(&elsewhere).unwrap();
        let victim = elsewhere.join("tesi.txt");
        fs::write(&victim, b"mia").unwrap();
        let root = env.path(ARCHIVE);
        let link = match case {
            "root" => {
                std::os::unix::fs::symlink(&elsewhere, &root).unwrap();
                root.clone()
            }
            _ => {
                fs::create_dir(&root).unwrap();
                let log = root.join("sigillo-registro.txt");
                std::os::unix::fs::symlink(&victim, &log).unwrap();
                log
            }
        };
        let out = install(&env, &vault);
        out.code(3).stderr_has("è un collegamento").stderr_has(link.to_str().unwrap());
        assert_eq!(hashes(&env.target()), old_hashes(), "{case}");
        assert_eq!(names(&elsewhere), ["tesi.txt"], "{case}: nothing written through the link");
        assert_eq!(fs::read(&victim).unwrap(), b"mia", "{case}");
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "{case}");
    }
}

/// Issue 9, item 4: installed key files are owner-only; archived ones keep their mode, and so do
/// restored ones (rollback moves the archived files back as they are, never copies them).
#[cfg(unix)]
#[test]
fn key_files_are_owner_only_and_archives_keep_their_mode() {
    use std::os::unix::fs::PermissionsExt;
    let _shared = crate::install::PROCESSES.read().unwrap();
    let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let env = env_with_old_keys();
    for name in NAMES {
        fs::set_permissions(env.target().join(name), fs::Permissions::from_mode(0o640)).unwrap();
    }
    let vault = env.sealed("chiavi.age");
    install(&env, &vault).ok();
    for name in NAMES {
        assert_eq!(mode(&env.target().join(name)), 0o600, "installed {name}");
        let archived = env.path(ARCHIVE).join("Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026");
        assert_eq!(mode(&archived.join(name)), 0o640, "archived {name}");
    }
    // The old set is expired: bringing it back under --yes needs --force.
    env.run(["rollback", "--dir", "target", "--yes", "--force"]).ok();
    for name in NAMES {
        assert_eq!(mode(&env.target().join(name)), 0o640, "restored {name}, as it was");
    }
}

/// Issue 9, item 7: a kill after the journal's temporary file is written and before its rename
/// leaves `.sigillo-*.tmp` in the key folder; the next command removes it, and only it.
#[test]
fn a_kill_before_the_first_rename_leaves_no_temp_file_after_the_next_command() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with_old_keys();
    fs::write(env.target().join("appunti.tmp"), b"mio").unwrap();
    let vault = env.sealed("chiavi.age");
    let passphrase = env.passphrase_file();
    let mut cmd = env.command(["install", vault.to_str().unwrap(), "--to", "target"]);
    cmd.args(["--passphrase-file", &passphrase, "--yes"]).env("SIGILLO_FAILPOINT", "before-rename");
    let crashed = run_command(cmd);
    assert_ne!(crashed.code, 0, "the process was stopped");
    let stale: Vec<String> = names(&env.target())
        .into_iter()
        .filter(|n| n.starts_with(".sigillo-") && n.ends_with(".tmp"))
        .collect();
    assert_eq!(stale.len(), 1, "the kill left the journal's temporary file: {stale:?}");

    env.run(["status", "--dir", "target"]).ok();
    assert_eq!(names(&env.target()), ["UTEC.P12", "UTEF.P12", "UTENTE.KS", "appunti.tmp"]);
    assert_eq!(hashes(&env.target()), old_hashes());
}

/// A planted journal that passes every check of its shape (key names, the folder's own archive
/// root) but names the live keys' hashes as the "new" files of an interrupted install: undoing
/// it would delete the live keys and bring an archived set back. Only a journal this user's
/// sigillo wrote (its witness in the user's own state folder) may make a later run delete key
/// files; this one is refused and nothing changes.
#[test]
fn a_well_formed_planted_journal_cannot_delete_the_live_keys() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with_old_keys();
    let vault = env.sealed("chiavi.age");
    install(&env, &vault).ok();
    let live = hashes(&env.target());
    let root = fs::canonicalize(env.root()).unwrap().join(ARCHIVE);
    let archive = root.join("Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026");
    let old = old_hashes();
    let text = journal(
        &root,
        &archive,
        vec![
            entry("UTEF.P12", old[0].as_ref().unwrap()),
            entry("UTEC.P12", old[1].as_ref().unwrap()),
        ],
        vec![
            entry("UTEF.P12", live[0].as_ref().unwrap()),
            entry("UTEC.P12", live[1].as_ref().unwrap()),
            entry("UTENTE.KS", &"0".repeat(64)),
        ],
    );
    fs::write(env.target().join(".sigillo-journal.json"), text).unwrap();
    env.run(["status", "--dir", "target"]).code(3).stderr_has(".sigillo-journal.json");
    assert_eq!(hashes(&env.target()), live, "the live keys are untouched");
    assert_eq!(hashes(&archive), old, "the archive is untouched");
}
