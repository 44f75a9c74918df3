//! install, rollback, wipe: the whole story on the target PC, fault injection at every step of
//! the swap, and real kills.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::time::{Duration, SystemTime};

use crate::env::{TestEnv, fixtures, run_command, sha256_hex};

/// Install tests read the process list; the one that starts a fake Desktop Telematico must not
/// run beside them.
pub static PROCESSES: RwLock<()> = RwLock::new(());

const ARCHIVE: &str = "Chiavi di Sicurezza Scadute";
const OLD_ARCHIVE: &str = "Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026";
const NAMES: [&str; 3] = ["UTEF.P12", "UTEC.P12", "UTENTE.KS"];

/// The hashes of a fixture set, UTEF, UTEC, UTENTE.
fn fixture_hashes(set: &str) -> Vec<String> {
    NAMES.iter().map(|n| sha256_hex(&fs::read(fixtures().join(set).join(n)).unwrap())).collect()
}

/// The hashes of the key files in `dir` (None where missing).
fn hashes(dir: &Path) -> Vec<Option<String>> {
    NAMES.iter().map(|n| fs::read(dir.join(n)).ok().map(|b| sha256_hex(&b))).collect()
}

fn is_set(dir: &Path, set: &str) -> bool {
    hashes(dir) == fixture_hashes(set).into_iter().map(Some).collect::<Vec<_>>()
}

/// A target PC whose key folder holds `demo-old`, files dated 2023-11-02.
fn env_with_old_keys(source: &str) -> TestEnv {
    let env = TestEnv::with_fixture(source);
    for name in NAMES {
        let to = env.target().join(name);
        fs::copy(fixtures().join("demo-old").join(name), &to).unwrap();
        let file = fs::File::options().write(true).open(&to).unwrap();
        file.set_modified(old_time()).unwrap();
    }
    env
}

fn old_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_698_919_200) // 2023-11-02
}

fn install(env: &TestEnv, vault: &Path, extra: &[&str]) -> crate::env::Output {
    let passphrase = env.passphrase_file();
    let vault = vault.to_string_lossy().into_owned();
    let mut args =
        vec!["install", &vault, "--to", "target", "--passphrase-file", &passphrase, "--yes"];
    args.extend(extra);
    env.run(args)
}

fn hidden_leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".sigillo") && n != crate::env::LOCK_NAME)
        .collect()
}

#[test]
fn the_whole_story_installs_archives_logs_and_wipes() {
    let _shared = PROCESSES.read().unwrap();
    let env = env_with_old_keys("demo");
    let sealed = env.seal("stick/chiavi.age", &[]);
    sealed.ok();
    let vault = env.stick().join("chiavi.age");

    // Wiped on request: without a terminal nobody is asked, and `--yes` keeps it (issue 22).
    let out = install(&env, &vault, &["--wipe-vault"]);
    out.ok();
    assert_eq!(out.check_code(), sealed.check_code(), "install prints the same check code");
    assert!(is_set(&env.target(), "demo"), "the target holds the new set");
    let archived = env.root().join(ARCHIVE).join(OLD_ARCHIVE);
    assert!(is_set(&archived, "demo-old"), "the archive holds the old set");
    for name in NAMES {
        let modified = fs::metadata(archived.join(name)).unwrap().modified().unwrap();
        assert_eq!(modified, old_time(), "{name} keeps its modification time");
    }
    assert!(!vault.exists(), "the vault is wiped from the stick");
    assert_eq!(env.stick_files(), Vec::<String>::new(), "nothing is left on the stick");
    assert_eq!(hidden_leftovers(&env.target()), Vec::<String>::new(), "no journal or staging");
    let log = fs::read_to_string(env.root().join(ARCHIVE).join("sigillo-registro.txt")).unwrap();
    assert_eq!(log.lines().count(), 1);
    assert!(
        log.contains("installazione")
            && log.contains(OLD_ARCHIVE)
            && log.contains(&sealed.check_code())
    );
    assert!(!log.contains(crate::env::PASSWORD) && !log.contains(crate::env::PASSPHRASE));
    out.stdout_has("Scadute al 31-10-2026");
    // Without a terminal the password is not shown (it would land in a log).
    assert!(!out.stdout.contains(crate::env::PASSWORD));
}

#[test]
fn a_first_install_into_an_empty_folder_archives_nothing() {
    let _shared = PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo");
    let vault = env.sealed("chiavi.age");
    install(&env, &vault, &["--keep-vault"]).ok().stdout_has("non ci sono chiavi da archiviare");
    assert!(is_set(&env.target(), "demo"));
    assert!(vault.exists(), "--keep-vault leaves the vault");
    let archives = fs::read_dir(env.root().join(ARCHIVE)).map(|d| d.count()).unwrap_or(0);
    assert_eq!(archives, 1, "only the log is in the archive root");
}

#[test]
fn a_folder_that_does_not_exist_yet_is_created() {
    let _shared = PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo");
    let vault = env.sealed("chiavi.age");
    let passphrase = env.passphrase_file();
    let vault = vault.to_string_lossy().into_owned();
    env.run([
        "install",
        &vault,
        "--to",
        "nuovo PC/Entratel",
        "--crea",
        "--passphrase-file",
        &passphrase,
        "--yes",
    ])
    .ok();
    assert!(is_set(&env.path("nuovo PC/Entratel"), "demo"));
}

#[test]
fn the_same_set_twice_is_already_installed_and_changes_nothing() {
    let _shared = PROCESSES.read().unwrap();
    let env = env_with_old_keys("demo");
    let vault = env.sealed("chiavi.age");
    install(&env, &vault, &["--keep-vault"]).ok();
    let before = env.listing(env.root());
    install(&env, &vault, &["--keep-vault"]).ok().stdout_has("già installate");
    assert_eq!(env.listing(env.root()), before);
}

#[test]
fn an_older_vault_is_refused_unless_forced() {
    let _shared = PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo-old");
    for name in NAMES {
        fs::copy(fixtures().join("demo").join(name), env.target().join(name)).unwrap();
    }
    // demo-old has expired: sealing it needs a confirmation.
    env.seal("stick/vecchie.age", &["--yes"]).ok();
    let vault = env.stick().join("vecchie.age");
    let before = env.listing(env.root());
    // Expired already (31-10-2026): refused under --yes before the downgrade is even weighed.
    install(&env, &vault, &[]).code(3).stderr_has("già scadute");
    assert_eq!(env.listing(env.root()), before, "nothing changed");
    install(&env, &vault, &["--force"]).ok();
    assert!(is_set(&env.target(), "demo-old"));
}

#[test]
fn a_read_only_target_is_refused_before_anything_moves() {
    let _shared = PROCESSES.read().unwrap();
    let env = env_with_old_keys("demo");
    let vault = env.sealed("chiavi.age");
    let before = env.listing(env.root());
    let passphrase = env.passphrase_file();
    let mut cmd = env.command(["install", vault.to_str().unwrap(), "--to", "target"]);
    cmd.args(["--passphrase-file", &passphrase, "--yes"])
        .env("SIGILLO_FAILPOINT", "readonly-target");
    run_command(cmd).code(3).stderr_has("non si può scrivere");
    assert_eq!(env.listing(env.root()), before);
}

#[test]
fn a_running_desktop_telematico_is_refused() {
    let _alone = PROCESSES.write().unwrap();
    let env = env_with_old_keys("demo");
    let vault = env.sealed("chiavi.age");
    let fake = env.path("tmp/DesktopTelematico");
    fs::copy("/bin/sleep", &fake).unwrap();
    let mut program = std::process::Command::new(&fake).arg("30").spawn().unwrap();
    let before = env.listing(env.root());
    let out = install(&env, &vault, &[]);
    program.kill().unwrap();
    program.wait().unwrap();
    out.code(3).stderr_has("Desktop Telematico è aperto").stderr_has(&program.id().to_string());
    assert_eq!(env.listing(env.root()), before, "nothing changed, the vault is still there");
}

#[test]
fn files_that_fail_verification_are_rolled_back_with_exit_5() {
    let _shared = PROCESSES.read().unwrap();
    let env = env_with_old_keys("demo");
    let vault = env.sealed("chiavi.age");
    let passphrase = env.passphrase_file();
    let mut cmd = env.command(["install", vault.to_str().unwrap(), "--to", "target"]);
    cmd.args(["--passphrase-file", &passphrase, "--yes"])
        .env("SIGILLO_FAILPOINT", "corrupt-installed");
    run_command(cmd).code(5).stderr_has("rimesse al loro posto");
    assert!(is_set(&env.target(), "demo-old"), "the old set is back");
    assert!(vault.exists(), "the vault stays: the keys are not installed");
    assert_eq!(hidden_leftovers(&env.target()), Vec::<String>::new());
}

/// Stops the process dead at every step of the swap; the next run must find exactly the old or
/// exactly the new set, and say it recovered.
#[test]
fn a_crash_at_any_step_recovers_to_exactly_the_old_or_the_new_set() {
    let _shared = PROCESSES.read().unwrap();
    let points = [
        ("after-journal", "demo-old"),
        ("staging-one", "demo-old"),
        ("after-staging", "demo-old"),
        ("archive-one", "demo-old"),
        ("after-archive", "demo-old"),
        ("place-one", "demo-old"),
        ("after-place", "demo"),
        ("after-verify", "demo"),
    ];
    let template = TestEnv::with_fixture("demo");
    let sealed = template.sealed("chiavi.age");
    for (point, expected) in points {
        let env = env_with_old_keys("demo");
        let vault = env.stick().join("chiavi.age");
        fs::copy(&sealed, &vault).unwrap();
        let passphrase = env.passphrase_file();
        let mut cmd = env.command(["install", vault.to_str().unwrap(), "--to", "target"]);
        cmd.args(["--passphrase-file", &passphrase, "--yes"]).env("SIGILLO_FAILPOINT", point);
        let crashed = run_command(cmd);
        assert_ne!(crashed.code, 0, "{point}: the process was stopped");
        assert!(vault.exists(), "{point}: the vault is not wiped before the install is done");

        // Any command that touches the folder completes the journal first.
        let recovered = env.run(["status", "--dir", "target"]);
        recovered.ok();
        assert!(
            is_set(&env.target(), expected),
            "{point}: expected {expected}, found {:?}",
            hashes(&env.target())
        );
        assert_eq!(hidden_leftovers(&env.target()), Vec::<String>::new(), "{point}");
        let archived = env.root().join(ARCHIVE).join(OLD_ARCHIVE);
        if expected == "demo" {
            recovered.stderr_has("è stata completata");
            assert!(is_set(&archived, "demo-old"), "{point}: the old set is archived whole");
        } else {
            recovered.stderr_has("è stata annullata");
            assert!(!archived.exists(), "{point}: no half archive is left");
        }
        // And the install can simply be run again.
        install(&env, &vault, &[]).ok();
        assert!(is_set(&env.target(), "demo"), "{point}: a second install works");
    }
}

/// The real binary killed with SIGKILL at many instants of the swap: after recovery the key
/// folder always holds exactly one whole set. The kills are spread over the time between the
/// journal appearing and the process ending, where the files move. (`cargo test --release`
/// runs it on the release build, where failpoints do not exist.)
#[cfg(unix)]
#[test]
fn sigkill_at_any_instant_leaves_one_whole_set() {
    use std::process::{Child, Stdio};
    use std::time::Instant;

    let _shared = PROCESSES.read().unwrap();
    let template = TestEnv::with_fixture("demo");
    let vault = template.sealed("chiavi.age");

    // Starts an install and returns it once its journal exists, and whether it was seen before
    // the process ended (on a loaded machine a poll can miss the whole swap).
    let start = |env: &TestEnv| -> (Child, Instant, bool) {
        let copy = env.stick().join("v.age");
        fs::copy(&vault, &copy).unwrap();
        let passphrase = env.passphrase_file();
        let mut cmd = env.command(["install", copy.to_str().unwrap(), "--to", "target"]);
        cmd.args(["--passphrase-file", &passphrase, "--yes"])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().unwrap();
        let journal = env.target().join(".sigillo-journal.json");
        loop {
            if journal.exists() {
                return (child, Instant::now(), true);
            }
            if child.try_wait().unwrap().is_some() {
                return (child, Instant::now(), false);
            }
            std::thread::sleep(Duration::from_micros(50));
        }
    };
    // How long the swap takes here, from the journal to the end: the longest of a few runs
    // that saw the journal.
    let mut swap = Duration::ZERO;
    for _ in 0..3 {
        let timing = env_with_old_keys("demo");
        let (mut child, journal_seen, seen) = start(&timing);
        child.wait().unwrap();
        if seen {
            swap = swap.max(journal_seen.elapsed());
        }
    }

    // The last few kills of a round land past the measured swap, so the spread covers its whole
    // length even when this run is slower than the timing runs. A machine under load can make
    // every kill of a round fall on one side of the commit point: then the next round spreads
    // them over twice the time (a watchdog for a vacuous test, never a measure of speed).
    let runs = 24u32;
    let (mut old, mut new) = (0, 0);
    for round in 0..4u32 {
        let spread = swap.max(Duration::from_millis(1)) * 2u32.pow(round);
        for i in 0..runs {
            let env = env_with_old_keys("demo");
            let (mut child, journal_seen, _) = start(&env);
            let at = spread * i / (runs - 4);
            while journal_seen.elapsed() < at {
                std::thread::sleep(Duration::from_micros(20));
            }
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
            env.run(["status", "--dir", "target"]).ok();
            let found = if is_set(&env.target(), "demo") {
                new += 1;
                assert!(is_set(&env.root().join(ARCHIVE).join(OLD_ARCHIVE), "demo-old"), "run {i}");
                "new"
            } else {
                assert!(
                    is_set(&env.target(), "demo-old"),
                    "run {i}: a mixed or empty folder: {:?}",
                    hashes(&env.target())
                );
                old += 1;
                "old"
            };
            assert_eq!(hidden_leftovers(&env.target()), Vec::<String>::new(), "run {i} ({found})");
        }
        eprintln!(
            "sigkill round {round}: {runs} kills over {spread:?} (swap {swap:?}): {old} old, {new} new so far"
        );
        if old > 0 && new > 0 {
            break;
        }
    }
    // Both outcomes were seen: the kills really fell before and after the swap's commit point.
    assert!(old > 0 && new > 0, "only one outcome seen: {old} old, {new} new");
}

#[test]
fn rollback_brings_the_old_set_back_and_sets_the_new_one_aside() {
    let _shared = PROCESSES.read().unwrap();
    let env = env_with_old_keys("demo");
    let vault = env.sealed("chiavi.age");
    install(&env, &vault, &[]).ok();
    // demo-old expired on 31-10-2026: bringing it back under --yes needs --force.
    env.run(["rollback", "--dir", "target", "--yes", "--force"]).ok().stdout_has("Ripristinate in");
    assert!(is_set(&env.target(), "demo-old"));
    let aside: Vec<PathBuf> = fs::read_dir(env.root().join(ARCHIVE))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("Scadute al 31-10-2029"))
        .collect();
    assert_eq!(aside.len(), 1, "the new set is archived under its true expiry");
    assert!(is_set(&aside[0], "demo"));
    assert!(
        !env.root().join(ARCHIVE).join(OLD_ARCHIVE).exists(),
        "the restored archive is emptied"
    );
    let log = fs::read_to_string(env.root().join(ARCHIVE).join("sigillo-registro.txt")).unwrap();
    assert_eq!(log.lines().count(), 2);
    assert!(log.lines().nth(1).unwrap().contains("ripristino"));
}

#[test]
fn rollback_with_nothing_archived_is_refused() {
    let _shared = PROCESSES.read().unwrap();
    let env = env_with_old_keys("demo");
    let before = env.listing(env.root());
    env.run(["rollback", "--dir", "target", "--yes"])
        .code(3)
        .stderr_has("Non ci sono chiavi archiviate");
    assert_eq!(env.listing(env.root()), before);
}

#[test]
fn wipe_deletes_files_and_refuses_folders() {
    let env = TestEnv::new();
    let file = env.stick().join("Password.txt");
    fs::write(&file, "Prova.2026\n").unwrap();
    env.run(["wipe", "stick", "--yes"]).code(1).stderr_has("non è un file");
    assert!(file.exists());
    env.run(["wipe", "stick/Password.txt"]).code(2).stderr_has("--yes");
    assert!(file.exists(), "without a terminal and without --yes nothing is wiped");
    env.run(["wipe", "stick/Password.txt", "--yes"]).ok().stdout_has("Cancellato");
    assert!(!file.exists());
    assert_eq!(env.stick_files(), Vec::<String>::new(), "no renamed remnant");
}

/// A link named to `wipe` is refused as a link (not as "a folder"), and neither the link nor
/// the key file it points to is touched.
#[cfg(unix)]
#[test]
fn wipe_refuses_a_link_saying_it_is_a_link_and_touches_nothing() {
    let env = TestEnv::new();
    let key = env.root().join("UTEF.P12");
    fs::copy(fixtures().join("demo/UTEF.P12"), &key).unwrap();
    let link = env.stick().join("UTEF.P12");
    std::os::unix::fs::symlink(&key, &link).unwrap();
    let before = env.listing(env.root());
    let out = env.run(["wipe", "stick/UTEF.P12", "--yes"]);
    out.code(1).stderr_has("è un collegamento").stderr_has("indicare il file stesso");
    assert!(!out.triple().2.contains("cartelle"), "not the folders' sentence");
    assert_eq!(env.listing(env.root()), before, "nothing changed");
    assert_eq!(fs::read(&key).unwrap(), fs::read(fixtures().join("demo/UTEF.P12")).unwrap());
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
}

#[test]
fn without_a_vault_argument_the_one_on_the_stick_is_used_and_several_need_a_choice() {
    let _shared = PROCESSES.read().unwrap();
    let env = env_with_old_keys("demo");
    env.sealed("chiavi.age");
    let passphrase = env.passphrase_file();
    let install = |env: &TestEnv| {
        env.run([
            "install",
            "--stick",
            "stick",
            "--to",
            "target",
            "--passphrase-file",
            &passphrase,
            "--yes",
            "--wipe-vault",
        ])
    };
    fs::copy(env.stick().join("chiavi.age"), env.stick().join("copia.age")).unwrap();
    let before = env.listing(env.root());
    install(&env).code(2).stderr_has("Ho trovato 2 casseforti");
    assert_eq!(env.listing(env.root()), before, "nothing changed");
    fs::remove_file(env.stick().join("copia.age")).unwrap();
    install(&env).ok();
    assert!(is_set(&env.target(), "demo"));
    // An empty stick says where it looked.
    install(&env).code(1).stderr_has("Non ho trovato nessuna cassaforte");
}

#[test]
fn wipe_lists_the_old_procedures_leftovers_on_the_stick_but_touches_only_what_it_was_given() {
    let env = TestEnv::new();
    fs::write(env.stick().join("Password.txt"), "Prova.2026\n").unwrap();
    fs::create_dir(env.stick().join("vecchie")).unwrap();
    fs::copy(fixtures().join("demo/UTEF.P12"), env.stick().join("vecchie/utef.p12")).unwrap();
    fs::write(env.stick().join("vault.age"), b"ciphertext").unwrap();
    // Taken as a removable stick (the failpoint stands in for sysinfo's disk list): the whole
    // scan runs and lists the loose key copy too.
    let mut cmd = env.command(["wipe", "--stick", "stick", "stick/vault.age", "--yes"]);
    cmd.env("SIGILLO_FAILPOINT", "removable-stick");
    let out = run_command(cmd);
    out.ok().stderr_has("copie in chiaro").stdout_has("Password.txt").stdout_has("utef.p12");
    assert!(!env.stick().join("vault.age").exists());
    // On a fixed disk only the program's own folder is looked at: no key copy below it.
    let out = env.run(["wipe", "--stick", "stick"]);
    out.ok().stdout_has("Password.txt");
    assert!(!out.stdout.contains("utef.p12"), "{}", out.stdout);
    assert!(env.stick().join("Password.txt").exists(), "not named, not confirmed: kept");
    assert!(env.stick().join("vecchie/utef.p12").exists());
}
