//! Never lose a key file (issue 20): one writer per key folder, handles instead of paths, a
//! journal that cannot be replayed, bounded reads of what sigillo did not just write (Unix: links,
//! /dev/zero and `ulimit` are its tools; the Wine test covers the Windows build). Each test
//! plays another run, another user or a scanner acting on the same folder, with the real binary.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::env::{Output, TestEnv, fixtures, run_command, sha256_hex};

const ARCHIVE: &str = "Chiavi di Sicurezza Scadute";
const OLD_ARCHIVE: &str = "Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026";
const NAMES: [&str; 3] = ["UTEF.P12", "UTEC.P12", "UTENTE.KS"];
/// Each rename in a key folder or archive waits this long (a test-build failpoint), so that two
/// runs started together overlap for about a second.
const SLOW_MS: &str = "150";

fn set_hashes(set: &str) -> Vec<String> {
    NAMES.iter().map(|n| sha256_hex(&fs::read(fixtures().join(set).join(n)).unwrap())).collect()
}

fn is_set(dir: &Path, set: &str) -> bool {
    let found: Vec<Option<String>> =
        NAMES.iter().map(|n| fs::read(dir.join(n)).ok().map(|b| sha256_hex(&b))).collect();
    found == set_hashes(set).into_iter().map(Some).collect::<Vec<_>>()
}

/// A target PC whose key folder holds `demo-old`.
fn env_with_old_keys() -> TestEnv {
    let env = TestEnv::with_fixture("demo");
    for name in NAMES {
        fs::copy(fixtures().join("demo-old").join(name), env.target().join(name)).unwrap();
    }
    env
}

/// Every key file (any name) under `dir`, by hash, counted.
fn key_files_under(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            key_files_under(&entry.path(), out);
        } else if kind.is_file() {
            out.push(sha256_hex(&fs::read(entry.path()).unwrap()));
        }
    }
}

/// How many copies of each file of `set` exist under the environment's target and archive.
fn copies_of(env: &TestEnv, set: &str) -> Vec<usize> {
    let mut found = Vec::new();
    key_files_under(&env.target(), &mut found);
    key_files_under(&env.root().join(ARCHIVE), &mut found);
    set_hashes(set).iter().map(|h| found.iter().filter(|f| *f == h).count()).collect()
}

fn install_command(env: &TestEnv, vault: &Path) -> Command {
    let passphrase = env.passphrase_file();
    let mut cmd = env.command(["install", vault.to_str().unwrap(), "--to", "target"]);
    cmd.args(["--passphrase-file", &passphrase, "--yes"]);
    cmd
}

/// Runs two commands at once (each in its own thread) and returns both outputs.
fn together(mut a: Command, mut b: Command) -> (Output, Output) {
    a.env("SIGILLO_SLOW_RENAMES_MS", SLOW_MS);
    b.env("SIGILLO_SLOW_RENAMES_MS", SLOW_MS);
    let first = std::thread::spawn(move || run_command(a));
    let second = std::thread::spawn(move || run_command(b));
    (first.join().unwrap(), second.join().unwrap())
}

/// The refusal a second run must give: its own sentence, exit 3, no OS error text.
fn is_lock_refusal(out: &Output) -> bool {
    out.code == 3
        && out.stderr.contains("Un altro sigillo sta già lavorando sulla cartella")
        && out.stderr.contains("non è stato cambiato nulla")
        && !out.stderr.contains("os error")
}

/// Issue 20, item 1: two installs into one key folder at once, renames slowed. Before the lock:
/// mixed sets, lost old files, raw OS errors. Now one run installs and the other is refused with
/// the lock's own sentence (or, started after the first ended, finds the keys installed).
#[test]
fn two_installs_at_once_never_mix_or_lose_a_set() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let template = TestEnv::with_fixture("demo");
    let sealed = template.sealed("chiavi.age");
    let mut refused = 0;
    for round in 0..20 {
        let env = env_with_old_keys();
        let (a, b) = (env.stick().join("a.age"), env.stick().join("b.age"));
        fs::copy(&sealed, &a).unwrap();
        fs::copy(&sealed, &b).unwrap();
        let (first, second) = together(install_command(&env, &a), install_command(&env, &b));
        let outcomes = [&first, &second];
        assert!(outcomes.iter().any(|o| o.code == 0), "round {round}: {first:?}\n{second:?}");
        for out in outcomes {
            let already = out.code == 0 && out.stdout.contains("già installate");
            let installed = out.code == 0 && out.stdout.contains("Chiavi nuove installate");
            assert!(
                installed || already || is_lock_refusal(out),
                "round {round}: an outcome that is neither: {out:?}"
            );
            refused += usize::from(is_lock_refusal(out));
        }
        assert!(is_set(&env.target(), "demo"), "round {round}: the new set, whole, in place");
        assert!(
            is_set(&env.root().join(ARCHIVE).join(OLD_ARCHIVE), "demo-old"),
            "round {round}: the old set, whole, in its archive"
        );
        assert_eq!(copies_of(&env, "demo-old"), [1, 1, 1], "round {round}: old set exactly once");
        assert_eq!(copies_of(&env, "demo"), [1, 1, 1], "round {round}: new set exactly once");
    }
    // The two runs really overlapped (each round starts both within microseconds and holds the
    // lock about a second): a round where they did not would have no refusal.
    assert!(refused > 0, "no round had a second run refused");
}

/// Issue 20, item 1, with rollback: an install and a rollback on one folder at once. Whatever
/// order they get, the folder holds one whole set and neither set loses a file.
#[test]
fn an_install_and_a_rollback_at_once_lose_nothing() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let template = TestEnv::with_fixture("demo");
    let sealed = template.sealed("chiavi.age");
    let mut refused = 0;
    // Ten rounds at least, and more (up to 40) until the two runs have been seen to overlap: on
    // a loaded machine the two starts can drift apart for many rounds in a row.
    for round in 0.. {
        if round >= 10 && refused > 0 {
            break;
        }
        assert!(round < 40, "no round of 40 had a second run refused");
        let env = env_with_old_keys();
        let first = env.stick().join("a.age");
        fs::copy(&sealed, &first).unwrap();
        run_command(install_command(&env, &first)).ok();
        let again = env.stick().join("b.age");
        fs::copy(&sealed, &again).unwrap();
        let rollback = env.command(["rollback", "--dir", "target", "--yes", "--force"]);
        let (install, rollback) = together(install_command(&env, &again), rollback);
        for out in [&install, &rollback] {
            assert!(out.code == 0 || is_lock_refusal(out), "round {round}: {out:?}");
            refused += usize::from(is_lock_refusal(out));
        }
        assert!(
            is_set(&env.target(), "demo") || is_set(&env.target(), "demo-old"),
            "round {round}: one whole set in place"
        );
        // One order puts a set in twice, rightly: the rollback done first archives demo, then
        // the install (which found demo-old back in place) installs demo again.
        let reinstalled = rollback.code == 0 && install.stdout.contains("Chiavi nuove installate");
        for set in ["demo", "demo-old"] {
            let copies = copies_of(&env, set);
            let expected = if set == "demo" && reinstalled { 2 } else { 1 };
            assert!(copies.iter().all(|&n| n == expected), "round {round}: {set} {copies:?}");
        }
    }
}

/// The bytes of the journal a running swap wrote, once it is there (it appears whole: renamed
/// into place). Waits for minutes at most: a watchdog for a hang, not a measure of speed.
fn journal_of_the_running_swap(journal: &Path) -> Vec<u8> {
    let start = Instant::now();
    loop {
        if let Some(bytes) = fs::read(journal).ok().filter(|b| !b.is_empty()) {
            return bytes;
        }
        assert!(start.elapsed() < Duration::from_secs(300), "no journal appeared");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Issue 20, item 3: the journal rewritten during an install (its JSON plus a space) and its
/// original bytes written back after the install ended. Before: the next `stato` deleted the
/// three live files and exited 3. Now the journal has no witness any more: it needs no key file
/// moved (the swap is complete), so it is only removed, and said so; no key file moves.
#[test]
fn a_journal_rewritten_during_an_install_and_written_back_later_deletes_nothing() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with_old_keys();
    let vault = env.sealed("chiavi.age");
    let mut cmd = install_command(&env, &vault);
    cmd.env("SIGILLO_SLOW_RENAMES_MS", "300");
    let install = std::thread::spawn(move || run_command(cmd));
    let journal = env.target().join(".sigillo-journal.json");
    let original = journal_of_the_running_swap(&journal);
    let mut rewritten = original.clone();
    rewritten.push(b' ');
    fs::write(&journal, &rewritten).unwrap();
    install.join().unwrap().ok();
    assert!(is_set(&env.target(), "demo"));

    fs::write(&journal, &original).unwrap();
    env.run(["status", "--dir", "target"])
        .ok()
        .stderr_has("era rimasto il registro")
        .stderr_has("Nessun file delle chiavi è stato spostato");
    assert!(is_set(&env.target(), "demo"), "the live keys are untouched");
    assert!(is_set(&env.root().join(ARCHIVE).join(OLD_ARCHIVE), "demo-old"));
    assert!(!journal.exists());
}

/// Issue 20, item 2: a link named like a newer archived set, pointing at the key folder itself.
/// Before: rollback took it for the latest archive and emptied the key folder ("ripristinate",
/// exit 0). Now listing never follows a link: the real archived set comes back.
#[test]
fn rollback_never_takes_a_link_in_the_archive_for_a_set() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with_old_keys();
    let vault = env.sealed("chiavi.age");
    run_command(install_command(&env, &vault)).ok();
    let root = env.root().join(ARCHIVE);
    let link = root.join("Chiavi STUDIO DEMO ROSSI - Scadute al 31-12-2099");
    std::os::unix::fs::symlink(env.target(), &link).unwrap();
    env.run(["rollback", "--dir", "target", "--yes", "--force"]).ok();
    assert!(is_set(&env.target(), "demo-old"), "the archived set is back, whole");
    assert!(is_set(&root.join("Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2029"), "demo"));
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays");
    assert!(!root.join(OLD_ARCHIVE).exists(), "the emptied archive folder is gone");
}

/// Issue 20, item 4: a dangling link planted under the archive folder's predictable name. Before:
/// the old keys were renamed through it into a folder of the attacker's choice. Now the name is
/// taken: the old set goes to `… (2)`.
#[test]
fn install_never_archives_through_a_link_planted_under_the_archive_name() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with_old_keys();
    let vault = env.sealed("chiavi.age");
    let root = env.root().join(ARCHIVE);
    fs::create_dir(&root).unwrap();
    let elsewhere = env.path("attaccante");
    std::os::unix::fs::symlink(&elsewhere, root.join(OLD_ARCHIVE)).unwrap();
    let out = run_command(install_command(&env, &vault));
    out.ok();
    let second = root.join(format!("{OLD_ARCHIVE} (2)"));
    assert!(is_set(&second, "demo-old"), "{out:?}");
    assert!(!elsewhere.exists(), "nothing was written through the link");
    out.stdout_has(&format!("{OLD_ARCHIVE} (2)"));
}

/// `sh -c` running the binary with its address space capped (`ulimit -v`, KiB), so reading a
/// file whole where only its size should be looked at fails loudly.
fn capped(env: &TestEnv, kib: u64, args: &[&str]) -> Command {
    let mut cmd = Command::new("sh");
    cmd.current_dir(env.root())
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .stdin(std::process::Stdio::null())
        .arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
        .arg(crate::env::BIN)
        .args(args);
    cmd
}

/// Issue 20, item 5: a vault on the stick that is a link to /dev/zero or 3 GiB large, and a
/// journal that is a link to /dev/zero, are refused with their own sentence within 512 MiB of
/// address space (before: "out of memory", or 3.1 GB resident to print a check code).
#[test]
fn a_vault_or_journal_that_is_endless_or_huge_is_refused_in_bounded_memory() {
    let env = env_with_old_keys();
    let stick = env.stick();
    std::os::unix::fs::symlink("/dev/zero", stick.join("zero.age")).unwrap();
    let huge = fs::File::create(stick.join("enorme.age")).unwrap();
    huge.set_len(3 << 30).unwrap();
    let cap = 512 * 1024;
    let zero = stick.join("zero.age");
    let out = run_command(capped(&env, cap, &["verify", zero.to_str().unwrap()]));
    out.code(4).stderr_has("zero.age");
    let big = stick.join("enorme.age");
    let out = run_command(capped(&env, cap, &["verify", big.to_str().unwrap()]));
    out.code(4).stderr_has("enorme.age");
    // Without a vault named, install looks on the stick: the link is no vault, the huge file is
    // listed without reading it whole, then refused.
    let stick_arg = stick.to_str().unwrap().to_owned();
    let out = run_command(capped(
        &env,
        cap,
        &["install", "--to", "target", "--stick", &stick_arg, "--yes", "--passphrase-file", "x"],
    ));
    assert_ne!(out.code, 0, "{out:?}");
    assert!(!out.stderr.contains("memory") && !out.stderr.contains("memoria"), "{out:?}");
    assert!(is_set(&env.target(), "demo-old"));

    std::os::unix::fs::symlink("/dev/zero", env.target().join(".sigillo-journal.json")).unwrap();
    let out = run_command(capped(&env, cap, &["status", "--dir", "target"]));
    out.code(3).stderr_has(".sigillo-journal.json").stderr_has("non è stato toccato nulla");
    assert!(is_set(&env.target(), "demo-old"));
}

/// What a second run says while the first holds the folder, with who holds it.
#[test]
fn a_second_run_says_who_holds_the_folder_and_changes_nothing() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with_old_keys();
    let vault = env.sealed("chiavi.age");
    let mut slow = install_command(&env, &vault);
    slow.env("SIGILLO_SLOW_RENAMES_MS", "400");
    let first = std::thread::spawn(move || run_command(slow));
    journal_of_the_running_swap(&env.target().join(".sigillo-journal.json"));
    let out = env.run(["rollback", "--dir", "target", "--yes"]);
    assert!(is_lock_refusal(&out), "{out:?}");
    out.stderr_has("utente")
        .stderr_has("sul PC")
        .stderr_has("Attendere che l'altro sigillo finisca");
    // The refused rollback moved nothing: the install ends as if it had been alone.
    first.join().unwrap().ok();
    assert!(is_set(&env.target(), "demo"));
    assert!(is_set(&env.root().join(ARCHIVE).join(OLD_ARCHIVE), "demo-old"));
    assert_eq!(copies_of(&env, "demo-old"), [1, 1, 1]);
}

/// Review of issue 20: sigillo's own files planted as a hard link of a key file, or as a FIFO.
/// Before: the lock's holder line truncated `UTEF.P12`, the audit line was appended to the
/// archived `UTEC.P12` (both exit 0), and a FIFO log hung the install after the swap. Now each is
/// refused before anything moves, with its own sentence.
#[test]
fn own_files_planted_as_hard_links_or_fifos_are_refused_before_anything_moves() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    type Plant = fn(&TestEnv);
    let cases: [(&str, Plant); 3] = [
        ("lock hard-linked to UTEF.P12", |env| {
            fs::hard_link(env.target().join("UTEF.P12"), env.target().join(".sigillo-lock"))
                .unwrap();
        }),
        ("log hard-linked to UTEC.P12", |env| {
            fs::create_dir(env.root().join(ARCHIVE)).unwrap();
            let log = env.root().join(ARCHIVE).join("sigillo-registro.txt");
            fs::hard_link(env.target().join("UTEC.P12"), log).unwrap();
        }),
        ("log as a FIFO", |env| {
            fs::create_dir(env.root().join(ARCHIVE)).unwrap();
            let fifo = env.root().join(ARCHIVE).join("sigillo-registro.txt");
            assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        }),
    ];
    for (case, plant) in cases {
        let env = env_with_old_keys();
        let vault = env.sealed("v.age");
        plant(&env);
        let out = run_command(install_command(&env, &vault)); // a hang panics at the timeout
        out.code(3).stderr_has("non è un file normale").stderr_has("Non è stato cambiato nulla");
        assert!(is_set(&env.target(), "demo-old"), "{case}: the old set, untouched");
        assert!(!env.root().join(ARCHIVE).join(OLD_ARCHIVE).exists(), "{case}: nothing archived");
        assert!(env.stick().join("v.age").exists(), "{case}: the vault stays");
    }
}

/// Review of issue 20: with nowhere to write the journal's witness (no HOME), a crash left the
/// key folder empty and every later run refused the journal. Now the install refuses before the
/// journal, with nothing moved.
#[test]
fn without_a_place_for_the_witness_nothing_moves() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = env_with_old_keys();
    let vault = env.sealed("v.age");
    let mut cmd = install_command(&env, &vault);
    cmd.env_remove("HOME").env_remove("XDG_STATE_HOME").env("SIGILLO_FAILPOINT", "after-archive");
    let out = run_command(cmd);
    out.code(1).stderr_has(".local/state/sigillo");
    assert!(is_set(&env.target(), "demo-old"), "{out:?}");
    assert!(!env.target().join(".sigillo-journal.json").exists());
    assert!(!env.root().join(ARCHIVE).join(OLD_ARCHIVE).exists());
}
