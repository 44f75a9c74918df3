//! Secrets only on the terminal (issue 10): the real binary in a pseudo-terminal whose standard
//! output is redirected to a file, as `sigillo … > log` or `| tee log` would. The generated
//! passphrase and the keys' password appear on the terminal (`/dev/tty`, the pty) and never in
//! the file; without a terminal to show them on, seal refuses before writing anything. Also:
//! a shown password is hidden even in a console 20 columns wide; core dumps are off while a
//! secret prompt waits; a closed standard output does not make sigillo panic.

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};

use crate::env::{BIN, PASSPHRASE, PASSWORD, TestEnv, WF, command, run_command};

/// A hang's watchdog, never a measure of speed ([`crate::env::TIMEOUT`]).
const READ_TIMEOUT: Duration = crate::env::TIMEOUT;

/// `sh -c <script>` in a pty, in `env`, Italian; `$SIGILLO` names the binary.
fn spawn_sh(env: &TestEnv, script: &str, columns: u16) -> OsSession {
    let mut cmd = Command::new("sh");
    cmd.args(["-c", script])
        .current_dir(env.root())
        .env("SIGILLO", BIN)
        .env("LANG", "C")
        .env("TMPDIR", env.root().join("tmp"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE");
    let mut session = Session::spawn(cmd).expect("sh starts in a pty");
    session.get_process_mut().set_window_size(columns, 24).unwrap();
    session.get_process_mut().set_echo(true, None).unwrap();
    session.set_expect_timeout(Some(READ_TIMEOUT));
    session
}

/// Waits for `text` and returns what came before it and `text`.
#[track_caller]
fn expect(session: &mut OsSession, raw: &mut Vec<u8>, text: &str) {
    match session.expect(text) {
        Ok(found) => {
            raw.extend_from_slice(found.before());
            raw.extend_from_slice(found.get(0).unwrap_or_default());
        }
        Err(error) => panic!(
            "waiting for {text:?}: {error}\n--- terminal so far:\n{}",
            String::from_utf8_lossy(raw)
        ),
    }
}

/// Reads to the end; returns the exit code.
#[track_caller]
fn finish(mut session: OsSession, raw: &mut Vec<u8>) -> i32 {
    match session.expect(Eof) {
        Ok(found) => raw.extend_from_slice(found.get(0).unwrap_or_default()),
        Err(error) => panic!("waiting for the end: {error}\n{}", String::from_utf8_lossy(raw)),
    }
    match session.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit normally: {other:?}\n{}", String::from_utf8_lossy(raw)),
    }
}

/// Waits until the terminal stops echoing (rpassword has taken it), then sends Enter.
#[track_caller]
fn enter_unechoed(session: &mut OsSession) {
    let start = Instant::now();
    while session.get_process().get_echo().unwrap() {
        assert!(start.elapsed() < READ_TIMEOUT, "the terminal never stopped echoing");
        std::thread::sleep(Duration::from_millis(2));
    }
    session.send_line("").unwrap();
}

/// What a terminal `columns` wide shows after `raw`: printable characters wrap at the last
/// column, `\r` returns to the row's start, `\n` goes down a row, `ESC [ A` up a row, other
/// escapes are skipped. Enough of a terminal to see whether a secret is still on screen.
fn screen(raw: &[u8], columns: usize) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut rows: Vec<Vec<char>> = vec![Vec::new()];
    let (mut row, mut col) = (0usize, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => col = 0,
            '\n' => {
                row += 1;
                col = 0;
            }
            '\u{1b}' => {
                let mut sequence = String::new();
                if chars.peek() == Some(&'[') {
                    chars.next();
                    while let Some(&next) = chars.peek() {
                        chars.next();
                        if next.is_ascii_alphabetic() {
                            sequence.push(next);
                            break;
                        }
                    }
                }
                if sequence == "A" {
                    row = row.saturating_sub(1);
                }
            }
            c if c.is_control() => {}
            c => {
                if col == columns {
                    row += 1;
                    col = 0;
                }
                while rows.len() <= row {
                    rows.push(Vec::new());
                }
                let cells = &mut rows[row];
                while cells.len() <= col {
                    cells.push(' ');
                }
                cells[col] = c;
                col += 1;
            }
        }
        while rows.len() <= row {
            rows.push(Vec::new());
        }
    }
    rows.iter().map(|r| r.iter().collect::<String>().trim_end().to_owned() + "\n").collect()
}

/// A vault of `demo` on the stick, and the old set in `target/`.
fn install_env() -> TestEnv {
    let env = TestEnv::with_fixture("demo");
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        fs::copy(crate::env::fixtures().join("demo-old").join(name), env.target().join(name))
            .unwrap();
    }
    env.sealed("v.age");
    env
}

#[test]
fn seal_with_its_output_in_a_file_shows_the_generated_passphrase_only_on_the_terminal() {
    let env = TestEnv::with_fixture("demo");
    let password = env.password_file();
    let script = format!(
        "exec \"$SIGILLO\" seal --work-factor {WF} --from source --out stick/v.age \
         --password-file {password} > out.txt 2> err.txt"
    );
    // Wide enough that the passphrase stays on one row.
    let mut session = spawn_sh(&env, &script, 200);
    let mut raw = Vec::new();
    // "Generate a passphrase? [S/n]" goes to the file; Enter answers it.
    session.send_line("").unwrap();
    // The hand-over: Enter to see it, Enter to hide it, then "written down?" (to the file).
    expect(&mut session, &mut raw, "Premere Invio per vederla");
    session.send_line("").unwrap();
    expect(&mut session, &mut raw, "(Invio per nasconderla)");
    enter_unechoed(&mut session);
    expect(&mut session, &mut raw, "(nascosta)");
    session.send_line("s").unwrap();
    let code = finish(session, &mut raw);
    let shown = String::from_utf8_lossy(&raw);
    let out = fs::read_to_string(env.path("out.txt")).unwrap();
    let err = fs::read_to_string(env.path("err.txt")).unwrap();
    assert_eq!(code, 0, "{out}{err}");

    // The row under the label, before the carriage return that blanks it.
    let passphrase = shown
        .lines()
        .skip_while(|l| !l.contains("(Invio per nasconderla)"))
        .nth(1)
        .and_then(|l| l.split('\r').next())
        .expect("the passphrase is on the terminal")
        .trim()
        .to_owned();
    assert_eq!(passphrase.split(' ').count(), 8, "{passphrase:?}");
    assert!(out.contains("Codice di controllo"), "the rest of the output is in the file:\n{out}");
    // Whole words, two in a row: one list word alone may well be a word of the output itself
    // ("file", "codice": the test failed one run in ~30 when a generated word was one of them),
    // and a list word can be part of a longer word of the output ("arco" in "marco").
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (out_words, err_words) = (words(&out), words(&err));
    let secret: Vec<String> = passphrase.split(' ').map(str::to_lowercase).collect();
    for pair in secret.windows(2) {
        for printed in [&out_words, &err_words] {
            assert!(
                !printed.windows(2).any(|w| w == pair),
                "two words of the passphrase leaked: {pair:?}"
            );
        }
    }
    assert!(!out.contains(&passphrase) && !err.contains(&passphrase), "the passphrase leaked");
    // The passphrase shown on the terminal is the one that opens the vault.
    env.verify_with("stick/v.age", &passphrase).ok();
}

#[test]
fn seal_refuses_a_generated_passphrase_when_no_terminal_can_show_it() {
    let env = TestEnv::with_fixture("demo");
    let password = env.password_file();
    // `setsid` starts sigillo in a session of its own, without a controlling terminal: its
    // standard input is still the pty (so it asks), but `/dev/tty` cannot be opened.
    let script = format!(
        "exec setsid -w \"$SIGILLO\" seal --work-factor {WF} --from source --out stick/v.age \
         --password-file {password} > out.txt 2> err.txt"
    );
    let mut session = spawn_sh(&env, &script, 80);
    let mut raw = Vec::new();
    session.send_line("").unwrap();
    let code = finish(session, &mut raw);
    let out = fs::read_to_string(env.path("out.txt")).unwrap();
    let err = fs::read_to_string(env.path("err.txt")).unwrap();
    assert_eq!(code, 2, "refused as a usage error:\n{out}{err}");
    assert!(err.contains("non è stato scritto nulla"), "{err}");
    assert!(err.contains("--passphrase-file"), "it says what to do:\n{err}");
    assert_eq!(env.stick_files(), Vec::<String>::new(), "no vault was written");
}

/// Installs `stick/v.age` in a pty `columns` wide with standard output in `out.txt`, asks to
/// see the password and hides it again; returns what the terminal received and the file.
fn install_showing_the_password(env: &TestEnv, columns: u16) -> (Vec<u8>, String) {
    let passphrase = env.passphrase_file();
    let script = format!(
        "exec \"$SIGILLO\" install stick/v.age --to target --passphrase-file {passphrase} \
         --yes --keep-vault > out.txt"
    );
    let mut session = spawn_sh(env, &script, columns);
    let mut raw = Vec::new();
    expect(&mut session, &mut raw, "Premere Invio per vederla");
    session.send_line("").unwrap();
    expect(&mut session, &mut raw, "(Invio per nasconderla)");
    enter_unechoed(&mut session);
    expect(&mut session, &mut raw, "(nascosta)");
    let code = finish(session, &mut raw);
    let out = fs::read_to_string(env.path("out.txt")).unwrap();
    assert_eq!(code, 0, "{out}\n{}", String::from_utf8_lossy(&raw));
    (raw, out)
}

#[test]
fn install_with_its_output_in_a_file_shows_the_password_only_on_the_terminal() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = install_env();
    let (raw, out) = install_showing_the_password(&env, 80);
    let terminal = String::from_utf8_lossy(&raw);
    assert!(terminal.contains(PASSWORD), "the password was shown on the terminal");
    assert!(out.contains("Chiavi nuove installate"), "the rest of the output is in the file");
    assert!(!out.contains(PASSWORD) && !out.contains(PASSPHRASE), "a secret is in the file");
    assert!(!screen(&raw, 80).contains(PASSWORD), "the password was hidden again");
}

#[test]
fn the_password_is_hidden_again_in_a_console_twenty_columns_wide() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = install_env();
    let (raw, _) = install_showing_the_password(&env, 20);
    assert!(String::from_utf8_lossy(&raw).contains(PASSWORD), "the password was shown");
    let shown = screen(&raw, 20);
    assert!(!shown.contains(PASSWORD), "the password is still on the screen:\n{shown}");
    // Nor split over two rows by wrapping.
    let joined: String = shown.lines().map(str::trim).collect();
    assert!(!joined.contains(PASSWORD), "part of the password is still on screen:\n{shown}");
}

#[test]
fn a_password_longer_than_the_console_is_cut_into_rows_and_all_cleared() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    // A 30-character password: too long for one row of a 20-column console. Seal refuses a
    // password that does not open the keys, so the vault is made with the library.
    let env = TestEnv::new();
    let long = "Prova.2026-Prova.2026-Prova.26";
    let mut contents = crate::env::small_contents();
    contents.password = Some(crate::env::secret(long));
    let packed = sigillo::vault::pack(&contents, 1_793_000_000).unwrap();
    fs::write(env.stick().join("v.age"), crate::env::encrypt(&packed)).unwrap();
    let (raw, _) = install_showing_the_password(&env, 20);
    let terminal = String::from_utf8_lossy(&raw);
    assert!(!terminal.contains(long), "never printed in one piece that would wrap");
    let shown = screen(&raw, 20);
    for piece in [&long[..15], &long[15..]] {
        assert!(terminal.contains(piece), "{piece} was shown");
        assert!(!shown.contains(piece), "{piece} is still on the screen:\n{shown}");
    }
}

#[test]
fn core_dumps_are_off_while_a_secret_prompt_waits() {
    // The shell raises its own soft limit first, so a limit of 0 can only come from sigillo.
    let hard = fs::read_to_string("/proc/self/limits")
        .unwrap()
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .map(|l| l.split_whitespace().nth(5).unwrap_or("0").to_owned())
        .unwrap();
    if hard == "0" {
        eprintln!("SKIPPED: the hard core-file limit is 0 here, nothing to lower");
        assert!(std::env::var_os("SIGILLO_REQUIRE_INTEROP").is_none(), "required by .ci/run");
        return;
    }
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = install_env();
    let script =
        "ulimit -S -c $(ulimit -H -c) && exec \"$SIGILLO\" install stick/v.age --to target";
    let mut session = spawn_sh(&env, script, 80);
    let mut raw = Vec::new();
    expect(&mut session, &mut raw, "Passphrase della cassaforte: ");
    let pid = session.get_process().pid().as_raw();
    let limits = fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let core = limits.lines().find(|l| l.starts_with("Max core file size")).unwrap().to_owned();
    let _ = session.get_process_mut().exit(true);
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(&fields[4..6], ["0", "0"], "{core}");
}

#[test]
fn a_closed_standard_output_ends_status_without_a_panic() {
    let env = TestEnv::with_fixture("demo");
    for entry in fs::read_dir(env.source()).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), env.target().join(entry.file_name())).unwrap();
    }
    // `sigillo status | head -0`: the reader is gone before the first line is written, so
    // every write meets a closed pipe (with `head -1` the pipe's buffer may take it all).
    let mut cmd = command(env.root());
    cmd.args(["status", "--dir", "target"]).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    drop(child.stdout.take());
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let err: Vec<String> = stderr.lines().map_while(Result::ok).collect();
    let status = child.wait().unwrap();
    assert_ne!(status.code(), Some(101), "panicked:\n{}", err.join("\n"));
    assert!(!err.iter().any(|l| l.contains("panicked")), "{}", err.join("\n"));
    // The same command with someone reading prints the status: the pipe was the only change.
    let mut cmd = command(env.root());
    cmd.args(["status", "--dir", "target"]);
    run_command(cmd).stdout_has("UTEF.P12");
}

/// Issue 22, item 6: at a terminal, a vault cut in its body and opened with the right
/// passphrase is said once to be damaged (exit 4), never "Tentativi rimasti" and a second
/// prompt. So is a vault whose header MAC is damaged (the scrypt stanza proved the
/// passphrase before the MAC was checked). A wrong passphrase on the intact vault still gets
/// its retries.
#[test]
fn a_vault_cut_in_its_body_is_damaged_at_once_and_a_wrong_passphrase_is_asked_again() {
    use expectrl::Any;
    let env = TestEnv::with_fixture("demo");
    let vault = env.sealed("v.age");
    let bytes = fs::read(&vault).unwrap();
    fs::write(env.stick().join("cut.age"), &bytes[..bytes.len() / 2]).unwrap();
    let mut mac = bytes.clone();
    let at = mac.windows(5).position(|w| w == b"\n--- ").unwrap() + 5;
    mac[at] = if mac[at] == b'A' { b'B' } else { b'A' };
    fs::write(env.stick().join("mac.age"), &mac).unwrap();
    let prompt = "Passphrase della cassaforte: ";

    for damaged in ["cut.age", "mac.age"] {
        let script = format!("exec \"$SIGILLO\" verify stick/{damaged} 2> err.txt");
        let mut session = spawn_sh(&env, &script, 80);
        let mut raw = Vec::new();
        expect(&mut session, &mut raw, prompt);
        type_unechoed(&mut session, PASSPHRASE);
        let next = session.expect(Any::boxed(vec![Box::new(prompt), Box::new(Eof)])).unwrap();
        let asked_again = next.get(0).unwrap_or_default() == prompt.as_bytes();
        if asked_again {
            let _ = session.get_process_mut().exit(true);
        }
        let err = fs::read_to_string(env.path("err.txt")).unwrap();
        assert!(!asked_again, "the right passphrase was asked again:\n{err}");
        let code = match session.get_process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("did not exit normally: {other:?}\n{err}"),
        };
        assert_eq!(code, 4, "{err}");
        assert!(err.contains("è danneggiata o incompleta"), "{err}");
        assert!(!err.contains("Tentativi rimasti"), "{err}");
        assert_eq!(err.matches("Errore:").count(), 1, "{err}");
    }

    let script = "exec \"$SIGILLO\" verify stick/v.age 2> err.txt";
    let mut session = spawn_sh(&env, script, 80);
    let mut raw = Vec::new();
    expect(&mut session, &mut raw, prompt);
    type_unechoed(&mut session, "Gatto.Nero-sul/Tetto43");
    expect(&mut session, &mut raw, prompt);
    let _ = session.get_process_mut().exit(true);
    let err = fs::read_to_string(env.path("err.txt")).unwrap();
    assert!(err.contains("Tentativi rimasti: 2"), "{err}");
}

/// Waits until the terminal stops echoing (rpassword has taken it), then types `text` and Enter.
#[track_caller]
fn type_unechoed(session: &mut OsSession, text: &str) {
    let start = Instant::now();
    while session.get_process().get_echo().unwrap() {
        assert!(start.elapsed() < READ_TIMEOUT, "the terminal never stopped echoing");
        std::thread::sleep(Duration::from_millis(2));
    }
    session.send_line(text).unwrap();
}

/// Issue 22, item 10: `--yes` at a terminal answers "other PCs still need this vault?" with yes:
/// the password is offered, the question is not asked, the vault stays and how to wipe it is
/// said. An "n" typed where the question used to be finds nobody listening.
#[test]
fn install_with_yes_at_a_terminal_keeps_the_vault_without_asking() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = install_env();
    let passphrase = env.passphrase_file();
    let script = format!(
        "exec \"$SIGILLO\" install stick/v.age --to target --passphrase-file {passphrase} \
         --yes > out.txt"
    );
    let mut session = spawn_sh(&env, &script, 80);
    let mut raw = Vec::new();
    expect(&mut session, &mut raw, "Premere Invio per vederla");
    session.send_line("").unwrap();
    expect(&mut session, &mut raw, "(Invio per nasconderla)");
    enter_unechoed(&mut session);
    expect(&mut session, &mut raw, "(nascosta)");
    let _ = session.send_line("n");
    let code = finish(session, &mut raw);
    let out = fs::read_to_string(env.path("out.txt")).unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("Altri PC hanno ancora bisogno"), "asked:\n{out}");
    assert!(out.contains("La cassaforte resta sulla chiavetta"), "{out}");
    assert!(out.contains("sigillo cancella \"stick/v.age\""), "{out}");
    assert!(env.stick().join("v.age").exists(), "the vault was wiped");
}

/// `--wipe-vault` at a terminal, and Ctrl-D at "press Enter to see it": the password was
/// never seen, so the vault stays (it is the only way left to see it), and the output says so
/// and how to wipe it later; it never says "wiped". Before, it said to keep the vault to see
/// the password, then wiped it.
#[test]
fn wipe_vault_keeps_the_vault_when_the_password_was_not_looked_at() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = install_env();
    let passphrase = env.passphrase_file();
    let script = format!(
        "exec \"$SIGILLO\" install stick/v.age --to target --passphrase-file {passphrase} \
         --yes --wipe-vault > out.txt"
    );
    let mut session = spawn_sh(&env, &script, 80);
    let mut raw = Vec::new();
    expect(&mut session, &mut raw, "Premere Invio per vederla");
    session.send(expectrl::ControlCode::EndOfTransmission).unwrap();
    let code = finish(session, &mut raw);
    let out = fs::read_to_string(env.path("out.txt")).unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(env.stick().join("v.age").exists(), "the vault was wiped:\n{out}");
    assert!(!out.contains("Cassaforte cancellata"), "{out}");
    assert!(!out.contains("--keep-vault"), "{out}");
    assert!(out.contains("la cassaforte non viene cancellata"), "{out}");
    assert!(out.contains("sigillo cancella \"stick/v.age\""), "{out}");
}

/// Rollback at a terminal of a set whose dates are under its password (a PKCS#12
/// `UTENTE.KS`): the password is asked (Enter would skip), and with it the plan shows the
/// dates of the keys coming back. Before, rollback never read a password.
#[test]
fn rollback_at_a_terminal_asks_the_password_of_the_keys_coming_back_for_their_dates() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo");
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        let from = crate::env::fixtures().join("producers/keytool-pkcs12").join(name);
        fs::copy(from, env.target().join(name)).unwrap();
    }
    env.sealed("v.age");
    let passphrase = env.passphrase_file();
    let install = ["install", "stick/v.age", "--to", "target", "--passphrase-file", &passphrase];
    env.run(install.into_iter().chain(["--yes", "--force", "--keep-vault"])).ok();
    let script = "exec \"$SIGILLO\" rollback --dir target > out.txt";
    let mut session = spawn_sh(&env, script, 200);
    let mut raw = Vec::new();
    expect(&mut session, &mut raw, "Password delle chiavi che tornano in uso (Invio per saltare)");
    type_unechoed(&mut session, PASSWORD);
    session.send_line("s").unwrap();
    let code = finish(session, &mut raw);
    let out = fs::read_to_string(env.path("out.txt")).unwrap();
    assert_eq!(code, 0, "{out}{}", String::from_utf8_lossy(&raw));
    let back = out.lines().find(|l| l.starts_with("Tornano in uso")).unwrap_or_default();
    assert!(back.contains("valide fino al"), "{out}");
}

/// Seal in a pty with the password from a file, answering No to "generate one?": the typed
/// passphrase is asked next.
fn seal_typing_a_passphrase(env: &TestEnv) -> (OsSession, Vec<u8>) {
    let password = env.password_file();
    let script = format!(
        "exec \"$SIGILLO\" seal --work-factor {WF} --from source --out stick/v.age \
         --password-file {password}"
    );
    let mut session = spawn_sh(env, &script, 200);
    let mut raw = Vec::new();
    expect(&mut session, &mut raw, "Generarla? [S/n] ");
    session.send_line("n").unwrap();
    (session, raw)
}

#[test]
fn office_word_passphrases_are_rated_at_the_first_entry_and_three_are_not_accepted() {
    let env = TestEnv::with_fixture("demo");
    let (mut session, mut raw) = seal_typing_a_passphrase(&env);
    let mut prompt = "Nuova passphrase della cassaforte: ";
    for weak in
        ["gennaio febbraio marzo", "password chiave segreta", "agenzia entrate entratel sogei"]
    {
        expect(&mut session, &mut raw, prompt);
        type_unechoed(&mut session, weak);
        // Rated now, not after a repetition that would be thrown away.
        expect(&mut session, &mut raw, "La passphrase è troppo facile da indovinare.");
        prompt = "oppure premere Invio per usarne una generata: ";
    }
    expect(&mut session, &mut raw, "Passphrase non accettata:");
    let code = finish(session, &mut raw);
    let terminal = String::from_utf8_lossy(&raw);
    assert_eq!(code, 1, "a failure, nothing written:\n{terminal}");
    assert!(!terminal.contains("Ripetere la passphrase"), "never asked twice:\n{terminal}");
    assert!(!terminal.contains("Operazione annullata"), "not a cancel:\n{terminal}");
    // Rated in plain words: bits mean nothing to an office worker.
    assert!(
        terminal.contains("Robustezza di questa passphrase: molto bassa"),
        "three months, rated:\n{terminal}"
    );
    assert!(!terminal.contains(" bit"), "no bits:\n{terminal}");
    // The advice never promises a length that is refused (16 random characters are).
    assert!(!terminal.contains("12 caratteri"), "{terminal}");
    assert_eq!(env.stick_files(), Vec::<String>::new(), "no vault was written");
}

/// Review of issue 22: after the third mismatched repetition "…; riprovare." came right before
/// the final error, and the closing advice spoke of choosing "sei parole", which a mismatch is
/// not about.
#[test]
fn three_mismatched_repetitions_end_without_try_again_or_word_advice() {
    let env = TestEnv::with_fixture("demo");
    let (mut session, mut raw) = seal_typing_a_passphrase(&env);
    let mut prompt = "Nuova passphrase della cassaforte: ";
    for _ in 0..3 {
        expect(&mut session, &mut raw, prompt);
        type_unechoed(&mut session, "Gatto.Nero-sul/Tetto42");
        expect(&mut session, &mut raw, "Ripetere la passphrase: ");
        type_unechoed(&mut session, "Gatto.Nero-sul/Tetto43");
        prompt = "oppure premere Invio per usarne una generata: ";
    }
    expect(&mut session, &mut raw, "Passphrase non accettata:");
    let code = finish(session, &mut raw);
    let terminal = String::from_utf8_lossy(&raw);
    assert_eq!(code, 1, "{terminal}");
    assert_eq!(
        terminal.matches("riprovare").count(),
        2,
        "two tries left, two invitations:\n{terminal}"
    );
    let end = &terminal[terminal.find("Passphrase non accettata:").unwrap()..];
    assert!(end.contains("non coincidevano"), "{end}");
    assert!(end.contains("uguale le due volte"), "advice about typing it twice:\n{end}");
    assert!(!end.contains("sei parole"), "no advice about choosing words:\n{end}");
    assert_eq!(env.stick_files(), Vec::<String>::new(), "no vault was written");
}

#[test]
fn enter_after_a_refused_passphrase_seals_with_a_generated_one() {
    let env = TestEnv::with_fixture("demo");
    let (mut session, mut raw) = seal_typing_a_passphrase(&env);
    expect(&mut session, &mut raw, "Nuova passphrase della cassaforte: ");
    type_unechoed(&mut session, "sigillo cassaforte chiavetta");
    expect(&mut session, &mut raw, "oppure premere Invio per usarne una generata: ");
    type_unechoed(&mut session, "");
    expect(&mut session, &mut raw, "Premere Invio per vederla");
    session.send_line("").unwrap();
    expect(&mut session, &mut raw, "(Invio per nasconderla)");
    enter_unechoed(&mut session);
    expect(&mut session, &mut raw, "(nascosta)");
    session.send_line("s").unwrap();
    let code = finish(session, &mut raw);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&raw));
    assert_eq!(env.stick_files(), ["v.age"]);
}

/// `sh` turns the terminal's echo on (as a shell's terminal has it) and runs `command` (with
/// the shell's own Ctrl-C caught, so it goes on after sigillo ends), then prints sigillo's exit
/// code and whether the terminal echoes again.
fn interruptible(command: &str) -> String {
    format!(
        "stty echo; trap true INT; {command}; echo \"exit=$?\"; \
         stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo"
    )
}

/// [`spawn_sh`] for an [`interruptible`] script, which turns echo on itself: turned on from
/// here it could come after sigillo has started (and saved the terminal's settings to put back)
/// or even after a secret prompt has turned it off.
fn spawn_interruptible(env: &TestEnv, command: &str, columns: u16) -> OsSession {
    let mut cmd = Command::new("sh");
    cmd.args(["-c", &interruptible(command)])
        .current_dir(env.root())
        .env("SIGILLO", BIN)
        .env("LANG", "C")
        .env("TMPDIR", env.root().join("tmp"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE");
    let mut session = Session::spawn(cmd).expect("sh starts in a pty");
    session.get_process_mut().set_window_size(columns, 24).unwrap();
    session.set_expect_timeout(Some(READ_TIMEOUT));
    session
}

/// Sends Ctrl-C through the terminal, as the keyboard does, and reads to the end: the exit
/// code sigillo reported and the whole terminal output.
#[track_caller]
fn interrupt(mut session: OsSession, raw: &mut Vec<u8>) -> String {
    session.send([3u8]).unwrap();
    expect(&mut session, raw, "exit=");
    let code = finish(session, raw);
    assert_eq!(code, 0, "the shell ended normally");
    String::from_utf8_lossy(raw).into_owned()
}

#[test]
fn ctrl_c_while_the_generated_passphrase_is_shown_blanks_it_and_says_nothing_changed() {
    let env = TestEnv::with_fixture("demo");
    let password = env.password_file();
    let script = format!(
        "\"$SIGILLO\" seal --work-factor {WF} --from source --out stick/v.age \
         --password-file {password}"
    );
    let mut session = spawn_interruptible(&env, &script, 200);
    let mut raw = Vec::new();
    expect(&mut session, &mut raw, "Generarla? [S/n] ");
    session.send_line("").unwrap();
    expect(&mut session, &mut raw, "Premere Invio per vederla");
    session.send_line("").unwrap();
    expect(&mut session, &mut raw, "(Invio per nasconderla)");
    // The passphrase is on screen, and sigillo waits for the Enter that hides it.
    enter_unechoed_then(&mut session, &[]);
    let terminal = interrupt(session, &mut raw);
    let passphrase = terminal
        .lines()
        .skip_while(|l| !l.contains("(Invio per nasconderla)"))
        .nth(1)
        .and_then(|l| l.split('\r').next())
        .expect("the passphrase was on the terminal")
        .trim()
        .to_owned();
    assert_eq!(passphrase.split(' ').count(), 8, "{passphrase:?}");
    let screen = screen(&raw, 200);
    assert!(!screen.contains(&passphrase), "the passphrase is still on screen:\n{screen}");
    assert!(screen.contains("Interrotto: non è stato cambiato nulla."), "{screen}");
    assert!(screen.contains("exit=130"), "{screen}");
    assert!(terminal.lines().any(|l| l.trim() == "echo"), "the terminal echoes again:\n{terminal}");
    assert_eq!(env.stick_files(), Vec::<String>::new(), "no vault, no temporary file");
}

#[test]
fn ctrl_c_at_the_password_prompt_says_nothing_changed_and_gives_the_echo_back() {
    let env = TestEnv::with_fixture("demo");
    let script = format!("\"$SIGILLO\" seal --work-factor {WF} --from source --out stick/v.age");
    let mut session = spawn_interruptible(&env, &script, 200);
    let mut raw = Vec::new();
    expect(&mut session, &mut raw, "Password delle chiavi (quella di Desktop Telematico): ");
    enter_unechoed_then(&mut session, &[]);
    let terminal = interrupt(session, &mut raw);
    assert!(terminal.contains("Interrotto: non è stato cambiato nulla."), "{terminal}");
    assert!(terminal.contains("exit=130"), "{terminal}");
    assert!(terminal.lines().any(|l| l.trim() == "echo"), "echo is back:\n{terminal}");
    assert!(!terminal.contains("Errore"), "{terminal}");
    assert_eq!(env.stick_files(), Vec::<String>::new());
}

#[test]
fn ctrl_c_during_the_install_swap_lets_it_finish_and_says_the_keys_are_installed() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = install_env();
    let passphrase = env.passphrase_file();
    let script = format!(
        "SIGILLO_SLOW_RENAMES_MS=1500 \"$SIGILLO\" install stick/v.age --to target \
         --passphrase-file {passphrase} --yes --keep-vault"
    );
    let mut session = spawn_interruptible(&env, &script, 200);
    let mut raw = Vec::new();
    // The swap is under way while its journal is in the key folder (every rename of it takes
    // 1.5 s, so it stays there for several seconds).
    let journal = env.target().join(".sigillo-journal.json");
    let start = Instant::now();
    while !journal.exists() {
        assert!(start.elapsed() < Duration::from_secs(300), "the swap never started");
        std::thread::sleep(Duration::from_millis(2));
    }
    session.send([3u8]).unwrap();
    let mid_swap = journal.exists();
    expect(&mut session, &mut raw, "exit=");
    let code = finish(session, &mut raw);
    assert_eq!(code, 0);
    let terminal = String::from_utf8_lossy(&raw);
    assert!(mid_swap, "Ctrl-C came during the swap, while its journal was there");
    assert!(terminal.contains("Interrotto. Già fatto"), "{terminal}");
    assert!(terminal.contains("chiavi nuove installate in"), "{terminal}");
    assert!(!terminal.contains("non è stato cambiato nulla"), "{terminal}");
    assert!(terminal.contains("exit=130"), "{terminal}");
    // The swap finished: the new set in place, no journal, the old set archived.
    assert!(!journal.exists(), "the journal is gone");
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        let installed = fs::read(env.target().join(name)).unwrap();
        let new = fs::read(env.source().join(name)).unwrap();
        assert!(installed == new, "{name} is the vault's");
    }
    assert!(!terminal.contains(PASSWORD), "the password was never shown");
}

/// Waits until the terminal stops echoing (rpassword has taken it), then sends `bytes`.
#[track_caller]
fn enter_unechoed_then(session: &mut OsSession, bytes: &[u8]) {
    let start = Instant::now();
    while session.get_process().get_echo().unwrap() {
        assert!(start.elapsed() < READ_TIMEOUT, "the terminal never stopped echoing");
        std::thread::sleep(Duration::from_millis(2));
    }
    if !bytes.is_empty() {
        session.send(bytes).unwrap();
    }
}
