//! Guided mode as a person meets it: the real binary in a pseudo-terminal, menu items chosen,
//! secrets typed (rpassword reads `/dev/tty`, which is the pty), answers given. The stick is
//! `stick/` (hidden `--stick`), the key folder is found through `--search-root`, today is fixed
//! and vaults use the test work factor, so the screens are the same on every run.
//!
//! Every read has a timeout: a wizard that waits where it should not fails the test instead of
//! hanging it. Screens are pinned in `snapshots/guided-*.txt` with the temporary folder, check
//! codes and the generated passphrase redacted; update them after a deliberate change with
//! `SNAPSHOTS=overwrite cargo test --test cli guided`.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};
use snapbox::{assert_data_eq, file};

use crate::env::{BIN, PASSPHRASE, PASSWORD, TestEnv, fixtures, sha256_hex};

/// A screen that has not appeared by now never will: a hang's watchdog, never a measure of
/// speed ([`crate::env::TIMEOUT`]).
const READ_TIMEOUT: Duration = crate::env::TIMEOUT;
const TODAY: &str = "2026-11-22";
const VAULT: &str = "chiavi-2026-11-22.age";
const NAMES: [&str; 3] = ["UTEF.P12", "UTEC.P12", "UTENTE.KS"];
const ARCHIVE: &str = "Chiavi di Sicurezza Scadute";

/// What the tests wait for, in each language.
struct Words {
    lang: Option<&'static str>,
    yes: &'static str,
    ask_no: &'static str,
    ask_yes: &'static str,
    password: &'static str,
    password_again: &'static str,
    passphrase: &'static str,
    passphrase_label: &'static str,
    password_label: &'static str,
    retry: &'static str,
    hide: &'static str,
    hidden: &'static str,
    cancelled: &'static str,
    leftovers: &'static str,
    wiped: &'static str,
}

const IT: Words = Words {
    lang: None,
    yes: "s",
    ask_no: "[s/N] ",
    ask_yes: "[S/n] ",
    password: "Password delle chiavi (quella di Desktop Telematico): ",
    password_again: "Ripetere la password delle chiavi: ",
    passphrase: "Passphrase della cassaforte: ",
    passphrase_label: "    Passphrase:  ",
    password_label: "Password delle chiavi:  ",
    retry: "Tentativi rimasti",
    hide: "(Invio per nasconderla)",
    hidden: "(nascosta)",
    cancelled: "Operazione annullata; non è stato cambiato nulla.",
    leftovers: "copie in chiaro",
    wiped: "Cancellato: ",
};

const EN: Words = Words {
    lang: Some("en"),
    yes: "y",
    ask_no: "[y/N] ",
    ask_yes: "[Y/n] ",
    password: "The keys' password (the Desktop Telematico one): ",
    password_again: "Repeat the keys' password: ",
    passphrase: "Vault passphrase: ",
    passphrase_label: "    Passphrase:  ",
    password_label: "Keys' password:  ",
    retry: "Tries left",
    hide: "(Enter to hide it)",
    hidden: "(hidden)",
    cancelled: "Cancelled; nothing was changed.",
    leftovers: "plaintext copies",
    wiped: "Wiped: ",
};

/// The menu's prompt ends the same way in both languages.
const CHOICE: &str = "(0-5): ";

/// The wizard running in a pseudo-terminal, and everything it has shown so far.
struct Pty {
    session: OsSession,
    raw: Vec<u8>,
}

impl Pty {
    /// `sigillo` without a command, in `env`, with the stick at `stick/` and the key folder
    /// searched only under `search_root`.
    fn start(env: &TestEnv, words: &Words, search_root: &Path) -> Pty {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(env.root())
            .env("LANG", "C")
            .env("TMPDIR", env.root().join("tmp"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANGUAGE");
        if let Some(lang) = words.lang {
            cmd.args(["--lang", lang]);
        }
        cmd.arg("--stick").arg(env.stick());
        cmd.arg("--search-root").arg(search_root);
        cmd.args(["--today", TODAY, "--work-factor", "10"]);
        let mut session = Session::spawn(cmd).expect("the binary starts in a pty");
        // ptyprocess starts the child with echo off; a real terminal echoes what is typed
        // (and rpassword turns it off for secrets, which is what `secret` waits for). Nothing
        // is typed before the first prompt, so turning it on now cannot race the program.
        session.get_process_mut().set_echo(true, None).unwrap();
        session.set_expect_timeout(Some(READ_TIMEOUT));
        Pty { session, raw: Vec::new() }
    }

    /// Waits for `text`, keeping what came before it.
    #[track_caller]
    fn expect(&mut self, text: &str) {
        match self.session.expect(text) {
            Ok(found) => {
                self.raw.extend_from_slice(found.before());
                self.raw.extend_from_slice(found.get(0).unwrap_or_default());
            }
            Err(error) => panic!(
                "waiting for {text:?}: {error}\n--- screen so far:\n{}",
                screen(&String::from_utf8_lossy(&self.raw))
            ),
        }
    }

    /// Waits for `prompt`, then types `answer` and Enter.
    #[track_caller]
    fn answer(&mut self, prompt: &str, answer: &str) {
        self.expect(prompt);
        self.session.send_line(answer).unwrap();
    }

    /// Waits for the secret prompt `prompt` and for the terminal to stop echoing (rpassword
    /// has taken it), then types `secret` and Enter. Typed earlier, the secret would be echoed
    /// or flushed away.
    #[track_caller]
    fn secret(&mut self, prompt: &str, secret: &str) {
        self.expect(prompt);
        let start = Instant::now();
        while self.session.get_process().get_echo().unwrap() {
            assert!(start.elapsed() < READ_TIMEOUT, "the terminal never stopped echoing");
            std::thread::sleep(Duration::from_millis(2));
        }
        self.session.send_line(secret).unwrap();
    }

    /// Chooses `item` at the menu.
    #[track_caller]
    fn choose(&mut self, item: &str) {
        self.answer(CHOICE, item);
    }

    /// Leaves from the menu and returns the exit code and the screen.
    #[track_caller]
    fn leave(mut self) -> (i32, String) {
        self.choose("0");
        self.finish()
    }

    /// Reads to the end and returns the exit code and the screen.
    #[track_caller]
    fn finish(mut self) -> (i32, String) {
        self.expect_eof();
        let code = match self.session.get_process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("the wizard did not exit normally: {other:?}"),
        };
        (code, screen(&String::from_utf8_lossy(&self.raw)))
    }

    #[track_caller]
    fn expect_eof(&mut self) {
        match self.session.expect(Eof) {
            Ok(found) => self.raw.extend_from_slice(found.get(0).unwrap_or_default()),
            Err(error) => panic!(
                "waiting for the end: {error}\n--- screen so far:\n{}",
                screen(&String::from_utf8_lossy(&self.raw))
            ),
        }
    }
}

/// What the terminal shows for `raw`: CRLF as line ends, a bare CR overwriting the line from
/// its start (how the password is hidden), trailing blanks dropped.
fn screen(raw: &str) -> String {
    let mut out = String::new();
    for line in raw.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut cells: Vec<char> = Vec::new();
        let mut col = 0;
        for c in line.chars() {
            if c == '\r' {
                col = 0;
                continue;
            }
            if col < cells.len() {
                cells[col] = c;
            } else {
                cells.push(c);
            }
            col += 1;
        }
        out.push_str(cells.iter().collect::<String>().trim_end());
        out.push('\n');
    }
    out
}

/// `screen` with what changes between runs replaced: the temporary folder, check codes
/// (`1234-5678-9012`) and, when given, the generated passphrase.
fn redact(env: &TestEnv, screen: &str, passphrase: Option<&str>) -> String {
    let mut text = screen.to_owned();
    let root = env.root().to_string_lossy().into_owned();
    if let Ok(real) = env.root().canonicalize() {
        text = text.replace(&*real.to_string_lossy(), "[ROOT]");
    }
    text = text.replace(&root, "[ROOT]");
    if let Some(passphrase) = passphrase {
        text = text.replace(passphrase, "[PASSPHRASE]");
    }
    redact_codes(&text)
}

fn redact_codes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let shape = "dddd-dddd-dddd";
    let is_code = |at: usize| {
        at + shape.len() <= chars.len()
            && shape.chars().zip(&chars[at..]).all(|(s, c)| match s {
                'd' => c.is_ascii_digit(),
                _ => *c == '-',
            })
            && chars.get(at + shape.len()).is_none_or(|c| !c.is_ascii_digit())
            && (at == 0 || !chars[at - 1].is_ascii_digit())
    };
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if is_code(i) {
            out.push_str("[CODE]");
            i += shape.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The generated passphrase as it was shown, before it was hidden: the text between its label
/// and the "Enter to hide it" hint.
fn shown_passphrase(raw: &str, words: &Words) -> String {
    let at =
        raw.find(words.passphrase_label).unwrap_or_else(|| panic!("no passphrase shown:\n{raw}"));
    // The label and the hint on one row, the secret alone on the row below (until the carriage
    // return that blanks it).
    let rest = &raw[at + words.passphrase_label.len()..];
    let hint = rest.find(words.hide).unwrap_or_else(|| panic!("no hint after it:\n{raw}"));
    let below = &rest[hint + words.hide.len()..];
    let row = below.trim_start_matches(['\r', '\n']);
    row[..row.find(['\r', '\n']).unwrap_or(row.len())].trim().to_owned()
}

/// A fixed modification time for key files, so "chiavi del …" reads the same on every run.
fn old_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_698_919_200) // 2023-11-02
}

fn copy_set(set: &str, to: &Path) {
    for name in NAMES {
        let dest = to.join(name);
        fs::copy(fixtures().join(set).join(name), &dest).unwrap();
        fs::File::options().write(true).open(&dest).unwrap().set_modified(old_time()).unwrap();
    }
}

fn holds_set(dir: &Path, set: &str) -> bool {
    NAMES.iter().all(|n| {
        let want = sha256_hex(&fs::read(fixtures().join(set).join(n)).unwrap());
        fs::read(dir.join(n)).is_ok_and(|b| sha256_hex(&b) == want)
    })
}

/// `source/` holds `demo`; `stick/` holds a stale `Password.txt` from the old procedure.
fn seal_env() -> TestEnv {
    let env = TestEnv::new();
    copy_set("demo", &env.source());
    fs::write(env.stick().join("Password.txt"), format!("{PASSWORD}\n")).unwrap();
    env
}

/// `target/` holds `demo-old`; `stick/` holds a vault of `demo` (sealed with the CLI) and a
/// stale `Password.txt`.
fn install_env() -> TestEnv {
    let env = TestEnv::new();
    copy_set("demo", &env.source());
    copy_set("demo-old", &env.target());
    env.seal(&format!("stick/{VAULT}"), &[]).ok();
    fs::write(env.stick().join("Password.txt"), format!("{PASSWORD}\n")).unwrap();
    env
}

/// The seal story from the menu; returns the screen with the passphrase redacted.
fn seal_story(words: &Words) -> String {
    let env = seal_env();
    let mut pty = Pty::start(&env, words, &env.source());
    pty.choose("1");
    pty.answer(words.ask_no, words.yes);
    pty.secret(words.password, PASSWORD);
    pty.secret(words.password_again, PASSWORD);
    pty.answer(words.ask_yes, "");
    // The generated passphrase: Enter to see it, Enter (unechoed) to hide it, then "written
    // down?" — the vault is written only after a yes.
    pty.answer("…", "");
    pty.secret(words.hide, "");
    pty.expect(words.hidden);
    let offered = String::from_utf8_lossy(&pty.raw).into_owned();
    pty.expect(words.ask_no);
    assert!(env.stick_files().iter().all(|f| f != VAULT), "written before the confirmation");
    pty.session.send_line(words.yes).unwrap();
    // The stale Password.txt is found once the vault is written, and wiped on "yes".
    pty.expect(words.leftovers);
    pty.answer(words.ask_yes, words.yes);
    pty.expect(words.wiped);
    let (code, screen) = pty.leave();
    assert_eq!(code, 0, "{screen}");

    let vault = env.stick().join(VAULT);
    assert!(vault.exists(), "the vault is on the stick:\n{screen}");
    assert!(!env.stick().join("Password.txt").exists(), "the leftover is wiped");
    assert_eq!(env.stick_files(), [VAULT], "nothing else is on the stick");
    assert!(holds_set(&env.source(), "demo"), "the source keys are untouched");
    assert!(!screen.contains(PASSWORD), "the keys' password is never echoed:\n{screen}");

    // The passphrase shown opens the vault, and the check codes agree; once hidden it is no
    // longer on the screen.
    let passphrase = shown_passphrase(&offered, words);
    assert!(!screen.contains(&passphrase), "the passphrase stays on the screen:\n{screen}");
    assert_eq!(passphrase.split(' ').count(), 8, "eight words: {passphrase}");
    let verified = env.verify_with(&format!("stick/{VAULT}"), &passphrase);
    verified.ok();
    assert!(screen.contains(&verified.check_code()), "the same check code:\n{screen}");
    redact(&env, &screen, Some(&passphrase))
}

/// The install story from the menu: two wrong passphrases, then the right one.
fn install_story(words: &Words) -> String {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = install_env();
    let vault = env.stick().join(VAULT);
    let code = env
        .run(["verify", &format!("stick/{VAULT}"), "--passphrase-file", &env.passphrase_file()])
        .check_code();

    let mut pty = Pty::start(&env, words, &env.target());
    pty.choose("2");
    pty.secret(words.passphrase, "Gatto.Nero-sul/Tetto43");
    pty.expect(words.retry);
    pty.secret(words.passphrase, "gatto nero sul tetto");
    pty.expect(words.retry);
    pty.secret(words.passphrase, PASSPHRASE);
    pty.answer(words.ask_no, words.yes);
    // The password: Enter to see it, Enter (unechoed) to hide it.
    pty.answer("…", "");
    pty.secret(words.hide, "");
    pty.expect(words.hidden);
    let offered = String::from_utf8_lossy(&pty.raw).into_owned();
    // No other PC needs the vault: it is wiped.
    pty.answer(words.ask_no, "n");
    pty.expect(words.leftovers);
    pty.answer(words.ask_yes, "");
    pty.expect(words.wiped);
    let (exit, screen) = pty.leave();
    assert_eq!(exit, 0, "{screen}");

    assert!(holds_set(&env.target(), "demo"), "the target holds the new set:\n{screen}");
    let archived =
        env.root().join(ARCHIVE).join("Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026");
    assert!(holds_set(&archived, "demo-old"), "the old set is archived:\n{screen}");
    assert!(!vault.exists(), "the vault is wiped");
    assert!(!env.stick().join("Password.txt").exists(), "the leftover is wiped");
    assert!(screen.contains(&code), "the check code is shown:\n{screen}");
    assert!(!screen.contains(PASSPHRASE), "the passphrase is never echoed");
    // The password was shown on request, alone on the row under its label (so it never wraps
    // out of reach), and once hidden it is no longer on the screen: its row says "(hidden)".
    let label_line = format!("    {}{}\r\n", words.password_label, words.hide);
    assert!(offered.contains(&format!("{label_line}    {PASSWORD}")), "{offered}");
    assert!(!screen.contains(PASSWORD), "the password stays on the screen:\n{screen}");
    let hidden_rows = format!("    {}{}\n    {}\n", words.password_label, words.hide, words.hidden);
    assert!(screen.contains(&hidden_rows), "{screen}");
    redact(&env, &screen, None)
}

#[test]
fn guided_seal_from_the_menu_it() {
    assert_data_eq!(seal_story(&IT), file!["snapshots/guided-seal-it.txt"]);
}

#[test]
fn guided_seal_from_the_menu_en() {
    assert_data_eq!(seal_story(&EN), file!["snapshots/guided-seal-en.txt"]);
}

#[test]
fn guided_install_from_the_menu_after_two_wrong_passphrases_it() {
    assert_data_eq!(install_story(&IT), file!["snapshots/guided-install-it.txt"]);
}

#[test]
fn guided_install_from_the_menu_after_two_wrong_passphrases_en() {
    assert_data_eq!(install_story(&EN), file!["snapshots/guided-install-en.txt"]);
}

fn menu(words: &Words) -> String {
    let env = TestEnv::new();
    let pty = Pty::start(&env, words, &env.source());
    let (code, screen) = pty.leave();
    assert_eq!(code, 0, "{screen}");
    redact(&env, &screen, None)
}

#[test]
fn guided_menu_it() {
    assert_data_eq!(menu(&IT), file!["snapshots/guided-menu-it.txt"]);
}

#[test]
fn guided_menu_en() {
    assert_data_eq!(menu(&EN), file!["snapshots/guided-menu-en.txt"]);
}

/// Status and rollback screens: after a CLI install, check the keys, then undo the install.
fn status_and_rollback(words: &Words) -> String {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = install_env();
    fs::remove_file(env.stick().join("Password.txt")).unwrap();
    let passphrase = env.passphrase_file();
    env.run([
        "install",
        &format!("stick/{VAULT}"),
        "--to",
        "target",
        "--passphrase-file",
        &passphrase,
        "--yes",
        "--today",
        TODAY,
    ])
    .ok();

    let mut pty = Pty::start(&env, words, &env.target());
    pty.choose("3");
    pty.choose("4");
    // demo-old expired on 31-10-2026: one question, after the plan, that says so.
    pty.answer(words.ask_no, words.yes);
    let (code, screen) = pty.leave();
    assert_eq!(code, 0, "{screen}");
    assert!(holds_set(&env.target(), "demo-old"), "the old set is back:\n{screen}");
    // The folder found for the status is remembered: the rollback does not search again.
    let searches =
        screen.matches("Cerco la cartella").count() + screen.matches("Looking for").count();
    assert_eq!(searches, 1, "searched again:\n{screen}");
    redact(&env, &screen, None)
}

#[test]
fn guided_status_and_rollback_it() {
    assert_data_eq!(status_and_rollback(&IT), file!["snapshots/guided-status-rollback-it.txt"]);
}

#[test]
fn guided_status_and_rollback_en() {
    assert_data_eq!(status_and_rollback(&EN), file!["snapshots/guided-status-rollback-en.txt"]);
}

/// Saying no at each confirmation leaves every file as it was, and the menu comes back.
#[test]
fn guided_cancelling_at_each_confirmation_changes_nothing() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    // Today's vault is on the stick already (seal asks to replace it), with a Password.txt.
    let env = install_env();
    let before = env.listing(env.root());
    let unchanged = |what: &str, screen: &str, before: &[String]| {
        assert_eq!(env.listing(env.root()), before, "{what} changed files:\n{screen}");
        assert!(screen.contains(IT.cancelled), "{what} says nothing changed:\n{screen}");
    };

    // Seal: "replace the vault?" no; then yes, and "go ahead?" no.
    let mut pty = Pty::start(&env, &IT, &env.source());
    pty.choose("1");
    pty.answer(IT.ask_no, "n");
    let (_, screen) = pty.leave();
    unchanged("seal, replace?", &screen, &before);
    let mut pty = Pty::start(&env, &IT, &env.source());
    pty.choose("1");
    pty.answer(IT.ask_no, "s");
    pty.answer(IT.ask_no, "n");
    let (_, screen) = pty.leave();
    unchanged("seal, go ahead?", &screen, &before);

    // Install: the vault opens, "go ahead with the installation?" no.
    let mut pty = Pty::start(&env, &IT, &env.target());
    pty.choose("2");
    pty.secret(IT.passphrase, PASSPHRASE);
    pty.answer(IT.ask_no, "n");
    let (_, screen) = pty.leave();
    unchanged("install", &screen, &before);

    // Wipe: "wipe the vaults?" no, "wipe the leftovers?" no.
    let mut pty = Pty::start(&env, &IT, &env.target());
    pty.choose("5");
    pty.answer(IT.ask_no, "n");
    pty.answer(IT.ask_yes, "n");
    let (_, screen) = pty.leave();
    assert_eq!(env.listing(env.root()), before, "wipe changed files:\n{screen}");

    // Rollback needs an install to undo: one through the command line, then "go ahead?" no.
    let passphrase = env.passphrase_file();
    let vault = format!("stick/{VAULT}");
    env.run(["install", &vault, "--to", "target", "--passphrase-file", &passphrase, "--yes"]).ok();
    let installed = env.listing(env.root());
    let mut pty = Pty::start(&env, &IT, &env.target());
    pty.choose("4");
    pty.answer(IT.ask_no, "n");
    let (_, screen) = pty.leave();
    unchanged("rollback", &screen, &installed);
}

/// A mistake is one sentence and what to do; the menu comes back; never a Rust error.
#[test]
fn guided_errors_are_plain_and_return_to_the_menu() {
    let env = TestEnv::new();
    let mut pty = Pty::start(&env, &IT, &env.source());
    pty.choose("7");
    pty.expect("Scrivere un numero da 0 a 5.");
    pty.choose("2");
    pty.expect("Errore: Non ho trovato nessuna cassaforte");
    pty.expect("voce 1 del menu");
    let (code, screen) = pty.leave();
    assert_eq!(code, 0);
    assert_eq!(screen.matches("Cosa si vuole fare?").count(), 3, "{screen}");
    for rust in ["panicked", "Os {", "Error {", "kind:"] {
        assert!(!screen.contains(rust), "{rust:?} on screen:\n{screen}");
    }
}

/// Without a terminal the wizard does not wait: help, a sentence, exit 2.
#[test]
fn guided_without_a_terminal_prints_help_and_exits_2() {
    let env = TestEnv::new();
    let out = env.run(Vec::<&str>::new());
    out.code(2).stdout_has("Uso:").stderr_has("modalità guidata ha bisogno di una finestra");
}

/// Ctrl-D at the menu leaves cleanly, and from a Unix terminal there is no "press Enter".
#[test]
fn guided_end_of_input_leaves_without_a_pause() {
    let env = TestEnv::new();
    let mut pty = Pty::start(&env, &IT, &env.source());
    pty.expect(CHOICE);
    pty.session.send(expectrl::ControlCode::EndOfTransmission).unwrap();
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("Premi Invio"), "{screen}");
}

impl Pty {
    /// [`Pty::start`] with the stick at `stick` and a failpoint set.
    fn start_with_stick(env: &TestEnv, search_root: &Path, stick: &Path, failpoint: &str) -> Pty {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(env.root())
            .env("LANG", "C")
            .env("TMPDIR", env.root().join("tmp"))
            .env("SIGILLO_FAILPOINT", failpoint)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANGUAGE");
        cmd.arg("--stick").arg(stick);
        cmd.arg("--search-root").arg(search_root);
        cmd.args(["--today", TODAY, "--work-factor", "10"]);
        let mut session = Session::spawn(cmd).expect("the binary starts in a pty");
        session.get_process_mut().set_echo(true, None).unwrap();
        session.set_expect_timeout(Some(READ_TIMEOUT));
        Pty { session, raw: Vec::new() }
    }
}

/// The lines of `screen` that list leftovers: after each "plaintext copies" warning, up to the
/// question.
fn listed_leftovers(screen: &str) -> Vec<String> {
    let mut listed = Vec::new();
    let mut inside = false;
    for line in screen.lines() {
        if line.contains(IT.leftovers) {
            inside = true;
        } else if inside && line.starts_with("  \"") {
            listed.push(line.trim().to_owned());
        } else {
            inside = false;
        }
    }
    listed
}

/// Issue 9, item 2: `sigillo` copied into the key folder's parent (`C:\`, the Desktop) takes
/// that folder as the stick. Menu item 5 (the same scan install and seal offer afterwards) must
/// not list the live key folder, the source key folder or the archive; the question about key
/// files defaults to No (Enter keeps them), and even "yes" wipes only what was listed. (The
/// stick is taken as removable, through the `removable-stick` failpoint, so that the whole scan
/// runs.)
#[test]
fn guided_run_from_the_key_folders_parent_never_offers_the_keys_or_the_archive() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = install_env();
    let words = &IT;
    let root = env.root().to_owned();
    let passphrase = env.passphrase_file();
    let vault = format!("stick/{VAULT}");
    env.run(["install", &vault, "--to", "target", "--passphrase-file", &passphrase, "--yes"]).ok();
    // The test's own secret files are plaintext leftovers too: out of the way.
    fs::remove_dir_all(root.join("secrets")).unwrap();
    // The office keeps its password beside its keys; a loose copy sits in another folder.
    fs::write(env.target().join("Password.txt"), PASSWORD).unwrap();
    fs::create_dir(root.join("copie")).unwrap();
    fs::write(root.join("copie").join("UTEF - Copia.P12"), b"copia").unwrap();

    let mut pty = Pty::start_with_stick(&env, &env.target(), &root, "removable-stick");
    pty.choose("5");
    pty.expect(words.leftovers);
    // Key files among them: the question defaults to No, and Enter keeps everything.
    pty.answer(words.ask_no, "");
    pty.choose("5");
    pty.expect(words.leftovers);
    pty.answer(words.ask_no, words.yes);
    pty.expect(words.wiped);
    let (exit, screen) = pty.leave();
    assert_eq!(exit, 0, "{screen}");

    let listed = listed_leftovers(&screen);
    let copy = root.join("copie").join("UTEF - Copia.P12");
    let stale = env.stick().join("Password.txt");
    let expected: Vec<String> =
        [&copy, &stale].iter().map(|p| format!("\"{}\"", p.display())).collect();
    assert_eq!(listed, [expected.clone(), expected].concat(), "{screen}");
    assert!(holds_set(&env.target(), "demo"), "the live keys are in place:\n{screen}");
    assert!(env.target().join("Password.txt").exists());
    let archived = root.join(ARCHIVE).join("Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026");
    assert!(holds_set(&archived, "demo-old"), "the archive is whole:\n{screen}");
    assert!(holds_set(&env.source(), "demo"));
    assert!(!copy.exists() && !stale.exists(), "what was listed and agreed to is wiped");
}

/// A cancel in guided mode reads as on the command line, whatever the question: Enter at the
/// folder prompt (status, install, rollback), 0 at "Quale usare?", "n" at a confirmation. The
/// one plain line, never "Errore"; the menu comes back; nothing changes (issue 22 item 8).
#[test]
fn guided_every_cancel_is_the_same_plain_line_never_an_error() {
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = install_env();
    let nowhere = env.path("nowhere");
    fs::create_dir_all(&nowhere).unwrap();
    let folder = "(Invio per annullare): ";
    let number = "Quale usare? (numero, 0 per annullare): ";
    let before = env.listing(env.root());
    // `env.root()` holds two key folders (source/ and target/): the search asks which one.
    let cases: [(&str, &Path, &str, &str, &str); 5] = [
        ("status, Enter at the folder", &nowhere, "3", folder, ""),
        ("install, Enter at the folder", &nowhere, "2", folder, ""),
        ("rollback, Enter at the folder", &nowhere, "4", folder, ""),
        ("status, 0 at the list", env.root(), "3", number, "0"),
        ("install, n at the confirmation", &env.target(), "2", IT.ask_no, "n"),
    ];
    for (what, search_root, item, prompt, answer) in cases {
        let mut pty = Pty::start(&env, &IT, search_root);
        pty.choose(item);
        if item == "2" {
            pty.secret(IT.passphrase, PASSPHRASE);
        }
        pty.answer(prompt, answer);
        let (code, screen) = pty.leave();
        assert_eq!(code, 0, "{what}:\n{screen}");
        assert!(screen.contains(IT.cancelled), "{what}:\n{screen}");
        assert!(!screen.contains("Errore"), "{what}: a cancel shown as an error:\n{screen}");
        assert_eq!(screen.matches("Cosa si vuole fare?").count(), 2, "{what}:\n{screen}");
        assert_eq!(env.listing(env.root()), before, "{what} changed files:\n{screen}");
    }
}

#[test]
fn guided_a_wrong_folder_typed_is_explained_and_asked_again() {
    // Issue 22: a folder without the keys ended the step on "Errore: Manca il file UTEF.P12".
    let env = seal_env();
    let nowhere = env.path("vuota");
    fs::create_dir_all(&nowhere).unwrap();
    fs::write(nowhere.join("UTENTE.KS"), b"not the keys").unwrap();
    let mut pty = Pty::start(&env, &IT, &nowhere);
    pty.choose("1");
    pty.answer("Scrivere il percorso della cartella (Invio per annullare): ", "manca");
    pty.expect("non esiste.");
    pty.answer("Scrivere il percorso di un'altra cartella (Invio per annullare): ", "vuota");
    pty.expect("mancano i file UTEF.P12, UTEC.P12: le chiavi sono nella cartella che contiene");
    pty.answer("un'altra cartella (Invio per annullare): ", "source/UTEF.P12");
    pty.expect("è un file, non una cartella.");
    pty.answer("un'altra cartella (Invio per annullare): ", "source");
    // The right folder: seal goes on with it, and asks before starting.
    pty.expect("Chiavi da sigillare: ");
    pty.answer(IT.ask_no, "n");
    pty.expect("non è stato cambiato nulla");
    let (code, screen) = pty.leave();
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("Manca il file"), "{screen}");
    assert!(!screen.contains("os error"), "{screen}");
    assert_eq!(env.stick_files(), ["Password.txt"], "nothing written");
}

#[test]
fn guided_enter_at_the_folder_prompt_cancels() {
    let env = seal_env();
    let nowhere = env.path("vuota");
    fs::create_dir_all(&nowhere).unwrap();
    let mut pty = Pty::start(&env, &IT, &nowhere);
    pty.choose("1");
    pty.answer("Scrivere il percorso della cartella (Invio per annullare): ", "manca");
    pty.answer("un'altra cartella (Invio per annullare): ", "");
    pty.expect("non è stato cambiato nulla");
    let (code, screen) = pty.leave();
    assert_eq!(code, 0, "{screen}");
    assert_eq!(screen.matches("Cosa si vuole fare?").count(), 2, "back to the menu:\n{screen}");
}
