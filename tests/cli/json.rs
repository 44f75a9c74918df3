//! `--json`: every command writes one JSON object per line on standard output, each with an
//! `"event"`; the last is the result, with the exit code the process ends with, also on a
//! failure. Nothing is asked, nothing goes to standard error, no secret appears.

use std::fs;

use serde_json::Value;

use crate::env::{Output, PASSPHRASE, PASSWORD, TestEnv, fixtures};

const NAMES: [&str; 3] = ["UTEF.P12", "UTEC.P12", "UTENTE.KS"];

/// What a `--json` run wrote, parsed: every line a JSON object with an `"event"`, the last the
/// result, whose `"exit"` is the process's own; nothing on standard error; neither secret
/// anywhere.
struct Lines {
    out: Output,
    events: Vec<Value>,
}

impl Lines {
    /// The `"event"` of each line, in order.
    fn names(&self) -> Vec<&str> {
        self.events.iter().map(|e| e["event"].as_str().unwrap()).collect()
    }

    /// The first line whose `"event"` is `name`.
    fn first(&self, name: &str) -> &Value {
        let found = self.events.iter().find(|e| e["event"] == name);
        found.unwrap_or_else(|| panic!("no {name} in {:?}", self.names()))
    }

    /// The result line.
    fn result(&self) -> &Value {
        self.events.last().unwrap()
    }

    /// Whether an event `name` comes before an event `later`.
    fn before(&self, name: &str, later: &str) -> bool {
        let names = self.names();
        let at = |n: &str| names.iter().position(|x| *x == n);
        matches!((at(name), at(later)), (Some(a), Some(b)) if a < b)
    }
}

#[track_caller]
fn json(env: &TestEnv, args: &[&str]) -> Lines {
    let mut all = vec!["--json"];
    all.extend(args);
    let out = env.run(all);
    assert_eq!(out.stderr, "", "nothing on standard error with --json");
    for secret in [PASSWORD, PASSPHRASE] {
        assert!(!out.stdout.contains(secret), "a secret in the output:\n{}", out.stdout);
    }
    let events: Vec<Value> = out
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert!(!events.is_empty(), "no line at all");
    for event in &events {
        assert!(event["event"].is_string(), "a line without \"event\": {event}");
    }
    let result = events.last().unwrap();
    assert_eq!(result["event"], "result", "the last line is the result: {}", out.stdout);
    assert_eq!(result["exit"], out.code, "the result says the process's exit code");
    assert_eq!(result["ok"], out.code == 0);
    let results = events.iter().filter(|e| e["event"] == "result").count();
    assert_eq!(results, 1, "one result line: {}", out.stdout);
    Lines { out, events }
}

/// A failure's result line: its exit code, its stable kind, a headline and advice in words.
#[track_caller]
fn failed(lines: &Lines, exit: i32, kind: &str) {
    let result = lines.result();
    assert_eq!(lines.out.code, exit, "{}", lines.out.stdout);
    assert_eq!(result["ok"], false);
    assert_eq!(result["error"], kind, "{result}");
    assert!(result["headline"].as_str().is_some_and(|h| !h.is_empty()), "{result}");
    assert!(result["advice"].as_str().is_some_and(|a| !a.is_empty()), "{result}");
}

/// The sealed vault `stick/chiavi.age`, from `source/`.
fn sealed(env: &TestEnv) -> String {
    env.sealed("chiavi.age");
    "stick/chiavi.age".into()
}

/// `target/` holds the older `demo-old` set, which an install archives.
fn old_keys_in_target(env: &TestEnv) {
    for name in NAMES {
        fs::copy(fixtures().join("demo-old").join(name), env.target().join(name)).unwrap();
    }
}

/// A `--json` install (`--yes`) of `demo` over `demo-old` in `target/`, its renames slowed,
/// returned once its swap is under way (its journal exists).
#[cfg(unix)]
fn install_in_its_swap(env: &TestEnv) -> std::process::Child {
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let vault = sealed(env);
    old_keys_in_target(env);
    let passphrase = env.passphrase_file();
    let child = env
        .command(["--json", "install", &vault, "--to", "target", "--passphrase-file", &passphrase])
        .arg("--yes")
        .env("SIGILLO_SLOW_RENAMES_MS", "400")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let journal = env.target().join(".sigillo-journal.json");
    let start = Instant::now();
    while !fs::read(&journal).is_ok_and(|b| !b.is_empty()) {
        assert!(start.elapsed() < Duration::from_secs(300), "no swap began");
        std::thread::sleep(Duration::from_millis(2));
    }
    child
}

#[test]
fn seal_tells_the_plan_and_what_it_sealed() {
    let env = TestEnv::with_fixture("demo");
    let (password, passphrase) = (env.password_file(), env.passphrase_file());
    let mut args = vec!["seal", "--work-factor", crate::env::WF, "--from", "source"];
    args.extend(["--out", "stick/v.age", "--password-file", &password]);
    args.extend(["--passphrase-file", &passphrase]);
    let lines = json(&env, &args);
    assert_eq!(lines.out.code, 0, "{}", lines.out.stdout);
    assert_eq!(lines.first("key_folder")["how"], "given");
    let plan = lines.first("plan");
    assert_eq!(plan["step"], "seal");
    assert_eq!(plan["out"], "stick/v.age");
    assert_eq!(plan["files"].as_array().unwrap().len(), 3);
    let done = lines.first("done");
    assert_eq!(done["step"], "sealed");
    assert_eq!(done["passphrase_generated"], false);
    assert!(done["check_code"].as_str().is_some_and(|c| c.len() == 14), "{done}");
    assert!(lines.before("plan", "done"));
    assert!(env.stick().join("v.age").exists());
}

#[test]
fn seal_asks_nothing_a_secret_needs_its_file() {
    let env = TestEnv::with_fixture("demo");
    let password = env.password_file();
    let args = ["seal", "--from", "source", "--out", "stick/v.age", "--password-file", &password];
    let lines = json(&env, &args);
    failed(&lines, 2, "secret_needs_terminal");
    assert!(!env.stick().join("v.age").exists());
}

#[test]
fn verify_tells_the_vault_opened() {
    let env = TestEnv::with_fixture("demo");
    let vault = sealed(&env);
    let passphrase = env.passphrase_file();
    let lines = json(&env, &["verify", &vault, "--passphrase-file", &passphrase]);
    assert_eq!(lines.out.code, 0, "{}", lines.out.stdout);
    let opened = lines.first("vault_opened");
    assert_eq!(opened["subject"], "STUDIO DEMO ROSSI");
    assert_eq!(opened["holder"], "STUDIO DEMO ROSSI");
    assert_eq!(opened["password_inside"], true);
    assert_eq!(opened["files"].as_array().unwrap().len(), 3);
    let done = lines.first("done");
    assert_eq!(done["step"], "verified");
    assert_eq!(done["check_code"], opened["check_code"]);
}

#[test]
fn verify_with_a_wrong_passphrase_ends_on_its_exit_code() {
    let env = TestEnv::with_fixture("demo");
    let vault = sealed(&env);
    let wrong = env.secret_file("wrong.txt", "Cane.Bianco-sul/Prato17\n");
    let lines = json(&env, &["verify", &vault, "--passphrase-file", &wrong]);
    failed(&lines, 4, "vault_unreadable");
    assert!(!lines.names().contains(&"vault_opened"));
}

#[test]
fn install_tells_vault_plan_and_done_with_the_archive() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo");
    let vault = sealed(&env);
    old_keys_in_target(&env);
    let passphrase = env.passphrase_file();
    let args = ["install", &vault, "--to", "target", "--yes", "--passphrase-file", &passphrase];
    let lines = json(&env, &args);
    assert_eq!(lines.out.code, 0, "{}", lines.out.stdout);
    let plan = lines.first("plan");
    assert_eq!(plan["step"], "install");
    assert_eq!(plan["holder"], "STUDIO DEMO ROSSI");
    assert_eq!(plan["check_code"], lines.first("vault_opened")["check_code"]);
    let archive = plan["archive"].as_str().expect("an old set to archive");
    assert!(archive.ends_with("Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026"), "{plan}");
    let done = lines.first("done");
    assert_eq!(done["step"], "installed");
    assert_eq!(done["key_folder"], plan["target"]);
    assert_eq!(done["archive"], plan["archive"]);
    // Nobody could be asked whether other PCs need it: it stays.
    assert_eq!(done["vault"], "kept_unasked");
    for (name, later) in
        [("vault_opened", "plan"), ("plan", "keys_in_place"), ("keys_in_place", "done")]
    {
        assert!(lines.before(name, later), "{name} before {later}: {:?}", lines.names());
    }
    assert!(fs::metadata(archive).unwrap().is_dir());
    // The password is never shown: said not to be, as without a terminal.
    let not_shown = lines.events.iter().any(|e| {
        e["event"] == "note" && e["text"].as_str().unwrap().contains("non viene mostrata")
    });
    assert!(not_shown, "{}", lines.out.stdout);
    // The result line lists the change as a value too.
    let changed = &lines.result()["changed"];
    assert_eq!(changed[0]["change"], "installed", "{changed}");
    assert_eq!(changed[0]["archived"], true, "{changed}");
}

/// The audit log cannot be written once the swap is over (here a folder takes its name while
/// the swap runs; a full disk would do the same): the keys are in place, and the run says so
/// (a warning, the keys in place, done, exit 0), not "not installed".
#[cfg(unix)]
#[test]
fn an_audit_log_that_cannot_be_written_after_the_swap_is_a_warning() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo");
    let child = install_in_its_swap(&env);
    fs::create_dir_all(env.root().join("Chiavi di Sicurezza Scadute/sigillo-registro.txt"))
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let events: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let has = |name: &str| events.iter().any(|e| e["event"] == name);
    assert!(has("keys_in_place") && has("done"), "{stdout}");
    let warned = events.iter().any(|e| {
        e["event"] == "warning" && e["text"].as_str().unwrap().contains("registro dell'archivio")
    });
    assert!(warned, "{stdout}");
    for name in NAMES {
        let installed = fs::read(env.target().join(name)).unwrap();
        assert_eq!(installed, fs::read(fixtures().join("demo").join(name)).unwrap(), "{name}");
    }
}

#[test]
fn install_without_yes_tells_the_plan_and_asks_nothing() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo");
    let vault = sealed(&env);
    old_keys_in_target(&env);
    let passphrase = env.passphrase_file();
    let args = ["install", &vault, "--to", "target", "--passphrase-file", &passphrase];
    let lines = json(&env, &args);
    failed(&lines, 2, "needs_confirmation");
    assert_eq!(lines.first("plan")["step"], "install", "the plan comes before the question");
    assert!(!lines.names().contains(&"done"));
    let old = fs::read(fixtures().join("demo-old").join("UTEF.P12")).unwrap();
    assert_eq!(fs::read(env.target().join("UTEF.P12")).unwrap(), old, "nothing changed");
}

#[test]
fn status_tells_the_folder_and_its_expiry() {
    let env = TestEnv::with_fixture("demo");
    for name in NAMES {
        fs::copy(fixtures().join("demo").join(name), env.target().join(name)).unwrap();
    }
    let lines = json(&env, &["status", "--dir", "target", "--today", "2029-10-01"]);
    assert_eq!(lines.out.code, 0, "{}", lines.out.stdout);
    let done = lines.first("done");
    assert_eq!(done["step"], "status");
    assert_eq!(done["expires"], "2029-10-31");
    assert_eq!(done["archives"], Value::Array(Vec::new()));
    // Under 60 days to expiry: a warning of its kind.
    let expiry = lines.events.iter().find(|e| e["event"] == "warning" && e["kind"] == "expiry");
    assert!(expiry.is_some(), "{}", lines.out.stdout);
}

#[test]
fn status_of_a_folder_without_keys_fails_with_its_exit_code() {
    let env = TestEnv::new();
    let lines = json(&env, &["status", "--dir", "target"]);
    failed(&lines, 1, "key_file_missing");
}

#[test]
fn rollback_tells_the_plan_and_what_came_back() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo");
    let vault = sealed(&env);
    old_keys_in_target(&env);
    let passphrase = env.passphrase_file();
    let install = json(
        &env,
        &["install", &vault, "--to", "target", "--yes", "--passphrase-file", &passphrase],
    );
    assert_eq!(install.out.code, 0, "{}", install.out.stdout);
    // The set coming back expired on 31-10-2026: brought back anyway, as asked, and said so.
    let lines = json(&env, &["rollback", "--dir", "target", "--yes", "--force"]);
    assert_eq!(lines.out.code, 0, "{}", lines.out.stdout);
    let plan = lines.first("plan");
    assert_eq!(plan["step"], "rollback");
    assert_eq!(plan["back"]["expires"], "2026-10-31");
    assert_eq!(plan["back"]["expired"], true);
    let forced = lines.events.iter().any(|e| e["event"] == "warning" && e["kind"] == "forced");
    assert!(forced, "{}", lines.out.stdout);
    assert_eq!(plan["out"]["holder"], "STUDIO DEMO ROSSI");
    let done = lines.first("done");
    assert_eq!(done["step"], "rolled_back");
    assert_eq!(done["from"], plan["from"]);
    assert!(done["set_aside"].is_string(), "{done}");
}

#[test]
fn rollback_with_nothing_archived_is_refused() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::new();
    old_keys_in_target(&env);
    let lines = json(&env, &["rollback", "--dir", "target", "--yes"]);
    failed(&lines, 3, "nothing_to_roll_back");
}

#[test]
fn wipe_tells_the_plan_and_what_it_wiped() {
    let env = TestEnv::with_fixture("demo");
    let vault = sealed(&env);
    let lines = json(&env, &["wipe", &vault, "--yes"]);
    assert_eq!(lines.out.code, 0, "{}", lines.out.stdout);
    assert_eq!(lines.first("plan")["files"][0], vault.as_str());
    let done = lines.first("done");
    assert_eq!(done["step"], "wiped");
    assert_eq!(done["files"][0], vault.as_str());
    assert!(!env.stick().join("chiavi.age").exists());
}

#[test]
fn wipe_without_yes_asks_nothing_and_wipes_nothing() {
    let env = TestEnv::with_fixture("demo");
    let vault = sealed(&env);
    let lines = json(&env, &["wipe", &vault]);
    failed(&lines, 2, "needs_confirmation");
    assert!(env.stick().join("chiavi.age").exists());
}

#[test]
fn guided_mode_is_refused_in_a_result_line() {
    let env = TestEnv::new();
    let lines = json(&env, &[]);
    failed(&lines, 2, "json_needs_command");
    assert_eq!(lines.events.len(), 1, "no help text, no menu: {}", lines.out.stdout);
}

#[test]
fn a_usage_error_is_a_result_line_too() {
    let env = TestEnv::new();
    let lines = json(&env, &["seal", "--nessuna-opzione"]);
    failed(&lines, 2, "usage");
}

#[test]
fn help_and_version_are_a_note_then_the_result() {
    let env = TestEnv::new();
    for flag in ["--help", "--version"] {
        let lines = json(&env, &[flag]);
        assert_eq!(lines.names(), ["note", "result"], "{flag}: {}", lines.out.stdout);
        assert_eq!(lines.out.code, 0);
        let text = lines.first("note")["text"].as_str().unwrap().to_owned();
        assert!(text.contains("sigillo"), "{flag}: {text}");
    }
}

#[test]
fn without_json_the_output_is_words() {
    // The human output is unchanged: no JSON line without the flag.
    let env = TestEnv::with_fixture("demo");
    let vault = sealed(&env);
    let out = env.verify(&vault);
    assert_eq!(out.code, 0);
    assert!(out.stdout.lines().all(|l| !l.starts_with('{')), "{}", out.stdout);
}

/// Ctrl-C ends a `--json` run on its result line, exit 130, with nothing on standard error.
/// The run is held where it reads the passphrase file, a FIFO nobody writes: the vault's
/// warning (the tests' low work factor) is its first line, and comes just before that read.
#[cfg(unix)]
#[test]
fn ctrl_c_ends_on_a_result_line_with_exit_130() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};

    let env = TestEnv::with_fixture("demo");
    let vault = sealed(&env);
    let fifo = env.path("secrets/fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let mut child = env
        .command(["--json", "verify", &vault, "--passphrase-file", "secrets/fifo"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let first: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(first["event"], "warning", "{first}");
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{rest}");
    assert_eq!(stderr, "");
    let last: Value = serde_json::from_str(rest.lines().last().expect("a result line")).unwrap();
    assert_eq!(last["event"], "result");
    assert_eq!(last["exit"], 130);
    assert_eq!(last["error"], "interrupted");
    assert!(last["headline"].as_str().is_some_and(|h| !h.is_empty()), "{last}");
    assert_eq!(last["changed"], serde_json::json!([]), "nothing had changed: {last}");
}

/// Ctrl-C during an install's swap: the swap finishes first, and the result line lists what
/// changed as values (the keys installed, the old ones archived), so a script need not read
/// the headline's words to know.
#[cfg(unix)]
#[test]
fn ctrl_c_during_the_swap_lists_what_changed_in_the_result() {
    use std::io::Read;
    use std::process::Command;

    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo");
    let mut child = install_in_its_swap(&env);
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let mut stdout = String::new();
    child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{stdout}");
    let last: Value = serde_json::from_str(stdout.lines().last().expect("a result line")).unwrap();
    assert_eq!(last["exit"], 130, "{last}");
    let changed = last["changed"].as_array().unwrap_or_else(|| panic!("no changed: {last}"));
    assert_eq!(changed.len(), 1, "{last}");
    assert_eq!(changed[0]["change"], "installed", "{last}");
    assert_eq!(changed[0]["archived"], true, "{last}");
    assert!(changed[0]["dir"].as_str().unwrap().ends_with("target"), "{last}");
    for name in NAMES {
        let installed = fs::read(env.target().join(name)).unwrap();
        assert_eq!(installed, fs::read(fixtures().join("demo").join(name)).unwrap(), "{name}");
    }
}

/// The search for the key folder tells its progress and the folder it settled on as lines,
/// never as a spinner on standard error.
#[test]
fn a_searched_key_folder_is_told_with_how_it_was_found() {
    let env = TestEnv::new();
    fs::create_dir_all(env.path("pc/Entratel")).unwrap();
    for name in NAMES {
        fs::copy(fixtures().join("demo").join(name), env.path("pc/Entratel").join(name)).unwrap();
    }
    let lines = json(&env, &["status", "--search-root", "pc"]);
    assert_eq!(lines.out.code, 0, "{}", lines.out.stdout);
    let folder = lines.first("key_folder");
    assert_eq!(folder["how"], "searched");
    assert!(folder["path"].as_str().unwrap().ends_with("Entratel"), "{folder}");
    assert_eq!(lines.first("progress")["phase"], "searching");
    assert!(lines.before("progress", "key_folder"), "{:?}", lines.names());
    assert_eq!(lines.first("done")["key_folder"], folder["path"]);
}
