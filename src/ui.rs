//! ui: what the user reads and types — prompts, confirmations, secret input, safe printing.
//!
//! The library talks to the user only through [`Ui`], so every workflow runs in tests without a
//! terminal. Secrets are read from the console without echo (rpassword: `/dev/tty`, `CONIN$`) or
//! from the first line of a file given by flag; never from arguments or the environment.
//! This module must never print a secret, except [`Ui::reveal`], which exists to show the
//! password and the generated passphrase once, on purpose.

use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::error::{Error, Result, Secret};
use crate::i18n::fl;
use crate::platform::Terminal;
use crate::render::{self, Line};
use crate::talk::{Answer, Event, Progress, Question, WarningKind};

/// How many times an interactive user may retry a mistyped secret.
pub const TRIES: usize = 3;

/// The conversation with the people: a step tells [`Event`]s and asks [`Question`]s; each face
/// (the [`Console`], the window's bridge, `--json`) renders them its own way (see [`crate::talk`]).
pub trait Ui {
    /// True when there is a person to ask.
    fn interactive(&self) -> bool;
    /// Tells the people what happened.
    fn tell(&mut self, event: Event);
    /// Asks a question and waits for the answer (the [`Answer`] variant that matches it). An
    /// `Interrupted` error is the people's Cancel; any error means no answer.
    fn ask(&mut self, question: Question) -> io::Result<Answer>;
    /// Whether a secret can be shown: there is a terminal to show it on. Standard output
    /// does not count: it may be a pipe into a log file.
    fn can_reveal(&self) -> bool {
        self.interactive()
    }
    /// Shows a secret once, on purpose (generated passphrase, the keys' password), on the
    /// terminal itself and never on a redirected output. With `then_hide`, the user presses
    /// Enter to see it and Enter again to clear it from the screen. False when it could not be
    /// shown (no terminal): the user has been told so.
    fn reveal(&mut self, label: &str, secret: &SecretString, then_hide: bool) -> bool;

    /// Tells a line of the story ([`Event::Note`]).
    fn say(&mut self, text: &str) {
        self.tell(Event::Note { text: text.to_owned() });
    }
    /// Tells a warning of `kind`.
    fn warn_of(&mut self, kind: WarningKind, text: &str) {
        self.tell(Event::Warning { kind, text: text.to_owned() });
    }
    /// Tells a warning of no particular kind.
    fn warn(&mut self, text: &str) {
        self.warn_of(WarningKind::Other, text);
    }
    /// Asks a yes/no question; `default` is the answer to a bare Enter.
    fn confirm(&mut self, text: &str, default: bool) -> io::Result<bool> {
        match self.ask(Question::YesNo { text: text.to_owned(), default })? {
            Answer::Yes(yes) => Ok(yes),
            _ => Err(mismatch()),
        }
    }
    /// Asks for one of `items` under `heading`, with `prompt`; returns its index.
    fn choose(&mut self, heading: &str, items: Vec<String>, prompt: &str) -> io::Result<usize> {
        let count = items.len();
        let (heading, prompt) = (heading.to_owned(), prompt.to_owned());
        match self.ask(Question::Choose { heading, items, leave: None, prompt })? {
            Answer::Chosen(n) if n < count => Ok(n),
            _ => Err(mismatch()),
        }
    }
    /// Asks for a folder.
    fn folder(&mut self, text: &str) -> io::Result<PathBuf> {
        match self.ask(Question::Folder { text: text.to_owned() })? {
            Answer::Folder(path) => Ok(path),
            _ => Err(mismatch()),
        }
    }
    /// Asks for a secret without echo.
    fn secret(&mut self, secret: Secret, text: &str) -> io::Result<SecretString> {
        let may_show = secret == Secret::Passphrase;
        match self.ask(Question::Secret { secret, text: text.to_owned(), may_show })? {
            Answer::Secret(typed) => Ok(typed),
            _ => Err(mismatch()),
        }
    }
}

/// An answer of the wrong kind is a bug in a face; the step takes it as a cancel (nothing is
/// changed without a clear yes).
fn mismatch() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "answer of the wrong kind")
}

/// The real console.
pub struct Console {
    interactive: bool,
    /// Standard output was closed by its reader (`sigillo status | head -1`): what would have
    /// been printed is dropped and the command goes on to its own end (an install stopped
    /// halfway because nobody reads its messages would be worse than one that finishes).
    stdout_closed: bool,
    /// The same for standard error.
    stderr_closed: bool,
    /// The spinner of a long search, while one runs ([`Progress::Searching`]).
    spinner: Spinner,
}

impl Console {
    /// A console that asks questions only when standard input is a terminal.
    pub fn new() -> Self {
        Console {
            interactive: io::stdin().is_terminal(),
            stdout_closed: false,
            stderr_closed: false,
            spinner: Spinner::default(),
        }
    }

    fn warning(&mut self, text: &str) {
        if !self.stderr_closed {
            let line = format!("{} {text}\n", fl!("warning-prefix"));
            self.stderr_closed = closed_pipe(io::stderr().lock().write_all(line.as_bytes()));
        }
    }

    fn yes_no(&mut self, question: &str, default: bool) -> io::Result<bool> {
        let hint = if default { fl!("yes-no-default-yes") } else { fl!("yes-no-default-no") };
        loop {
            self.out(&format!("{question} {hint} "));
            match read_answer()?.trim().to_lowercase().as_str() {
                "" => return Ok(default),
                "s" | "si" | "sì" | "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                _ => self.out(&format!("{}\n", fl!("yes-no-again"))),
            }
        }
    }

    /// Asks for the number of one of `items` (listed from 1 under `heading`, with `leave` as 0
    /// when there is one); `0` or the end of input cancels. A menu (with `leave`) is shown again
    /// after a wrong answer; a list is not.
    fn number(
        &mut self,
        heading: &str,
        items: &[String],
        leave: Option<&str>,
        prompt: &str,
    ) -> io::Result<usize> {
        let mut show = true;
        loop {
            if show {
                self.out(&format!("{heading}\n"));
                for (n, item) in items.iter().enumerate() {
                    self.out(&format!("  {}) {item}\n", n + 1));
                }
                if let Some(leave) = leave {
                    self.out(&format!("  0) {leave}\n"));
                }
                show = false;
            }
            self.out(prompt);
            match read_answer()?.trim().parse::<usize>() {
                Ok(0) => return Err(io::ErrorKind::Interrupted.into()),
                Ok(n) if (1..=items.len()).contains(&n) => return Ok(n - 1),
                _ if leave.is_some() => {
                    self.warning(&fl!("wizard-bad-choice"));
                    self.out("\n");
                    show = true;
                }
                _ => self.warning(&fl!("locate-bad-number")),
            }
        }
    }

    fn hidden(&mut self, prompt: &str) -> io::Result<SecretString> {
        // From `&str`: the secret's buffer is an exact copy, and rpassword's one is wiped
        // (`SecretString::from(String)` would shrink it by reallocating, leaving a copy).
        let typed = match rpassword::prompt_password(prompt) {
            Ok(typed) => Zeroizing::new(typed),
            // Ctrl-C at the prompt: the program ends, saying so (not a cancelled question).
            Err(e) if e.kind() == io::ErrorKind::Interrupted => crate::interrupt::from_prompt(),
            Err(e) => return Err(e),
        };
        Ok(SecretString::from(typed.as_str()))
    }

    /// Prints `text` to standard output; a closed pipe is not an error (see `stdout_closed`).
    fn out(&mut self, text: &str) {
        if !self.stdout_closed {
            let mut stdout = io::stdout().lock();
            let written = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
            self.stdout_closed = closed_pipe(written);
        }
    }
}

impl Default for Console {
    fn default() -> Self {
        Self::new()
    }
}

/// The spinner with a count of folders read, on the terminal's stderr, once a search has taken
/// more than a second (a fast search shows nothing). Never drawn when stderr is not a terminal:
/// redirected output stays clean.
#[derive(Default)]
struct Spinner {
    /// When the search began (its first [`Progress::Searching`]).
    start: Option<std::time::Instant>,
    bar: Option<indicatif::ProgressBar>,
}

impl Spinner {
    /// After this long a search shows its progress.
    const AFTER: std::time::Duration = std::time::Duration::from_secs(1);

    fn show(&mut self, progress: &Progress) {
        match progress {
            Progress::Searching { folders } => self.tick(*folders),
            // Clears the spinner's line, so what follows starts on a clean line.
            Progress::Finished => {
                self.start = None;
                if let Some(bar) = self.bar.take() {
                    bar.finish_and_clear();
                }
            }
            // Deriving and checking take a few seconds at most: no spinner, as before.
            Progress::Deriving | Progress::Checking => {}
        }
    }

    fn tick(&mut self, folders: u64) {
        let start = *self.start.get_or_insert_with(std::time::Instant::now);
        if self.bar.is_none() {
            if start.elapsed() < Self::AFTER || !io::stderr().is_terminal() {
                return;
            }
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg}") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(std::time::Duration::from_millis(150));
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_message(fl!("locate-progress", count = folders));
        }
    }
}

/// Whether a write failed because its reader is gone (any other failure of a console write has
/// nothing better to do than be ignored too: there is nowhere left to report it).
fn closed_pipe(written: io::Result<()>) -> bool {
    written.is_err_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

impl Ui for Console {
    fn interactive(&self) -> bool {
        self.interactive
    }

    fn can_reveal(&self) -> bool {
        Terminal::open().is_ok()
    }

    fn tell(&mut self, event: Event) {
        if let Event::Progress(progress) = &event {
            self.spinner.show(progress);
            return;
        }
        for line in render::lines(&event) {
            match line {
                Line::Say(text) => self.out(&format!("{text}\n")),
                Line::Warn(text) => self.warning(&text),
            }
        }
    }

    fn ask(&mut self, question: Question) -> io::Result<Answer> {
        match question {
            Question::YesNo { text, default } => self.yes_no(&text, default).map(Answer::Yes),
            Question::Choose { heading, items, leave, prompt } => {
                self.number(&heading, &items, leave.as_deref(), &prompt).map(Answer::Chosen)
            }
            Question::Folder { text } => {
                self.out(&text);
                read_answer().map(|typed| Answer::Folder(PathBuf::from(typed)))
            }
            Question::Secret { text, .. } => self.hidden(&text).map(Answer::Secret),
        }
    }

    fn reveal(&mut self, label: &str, secret: &SecretString, then_hide: bool) -> bool {
        use secrecy::ExposeSecret;
        // Only the terminal device itself: standard output may be a pipe into a log file.
        let Ok(mut tty) = Terminal::open() else {
            self.say(&fl!("reveal-no-terminal"));
            return false;
        };
        let secret = secret.expose_secret();
        // The secret goes to the device in pieces, straight from its own buffer: no string is
        // built around it (one that grows would leave copies in freed memory).
        if !then_hide {
            let label = format!("\n    {label}  ");
            let parts = [label.as_bytes(), secret.as_bytes(), b"\n\n"];
            return parts
                .iter()
                .try_for_each(|p| tty.write_all(p))
                .and_then(|()| tty.flush())
                .is_ok();
        }
        let asked = tty.write_all(fl!("reveal-press-enter").as_bytes()).and_then(|()| tty.flush());
        if asked.is_err() || read_answer().map(Zeroizing::new).is_err() {
            return false;
        }
        // The label and the hint on a line of their own, the secret alone below it, in rows
        // narrower than the console: no row ever wraps, so the carriage returns below reach
        // every character shown. The Enter that hides it is read without echo, so the cursor
        // stays on the secret's last row.
        let rows = secret_rows(secret, tty.width());
        let widths: Vec<usize> = rows.iter().map(|r| secret[r.clone()].chars().count()).collect();
        // Said on screen before the first character is written, and held while writing: an
        // interruption from now on blanks exactly these rows ([`hide_shown_secret`]).
        let mut on_screen = shown_secret();
        *on_screen = Some(widths);
        let mut shown =
            tty.write_all(format!("    {label}  {}\n", fl!("reveal-press-enter-hide")).as_bytes());
        for (i, row) in rows.iter().enumerate() {
            let before: &[u8] = if i == 0 { b"    " } else { b"\n    " };
            shown = shown
                .and_then(|()| tty.write_all(before))
                .and_then(|()| tty.write_all(secret[row.clone()].as_bytes()));
        }
        let _ = shown.and_then(|()| tty.flush());
        drop(on_screen);
        // rpassword ends a read with a newline of its own; discarded, so the cursor is still
        // on the secret's row when the carriage return below overwrites it. Whatever was typed
        // before Enter is wiped with the rest.
        let quiet = rpassword::ConfigBuilder::new().output_discard().build();
        if let Err(e) = rpassword::read_password_with_config(quiet).map(Zeroizing::new)
            && e.kind() == io::ErrorKind::Interrupted
        {
            // Ctrl-C while the secret is shown: it is blanked and the program ends.
            crate::interrupt::from_prompt();
        }
        hide_shown_secret_on(&mut tty)
    }
}

/// The rows of the secret [`Ui::reveal`] has on screen now, by width: what an interruption
/// must blank before the program ends.
static SHOWN_SECRET: Mutex<Option<Vec<usize>>> = Mutex::new(None);

fn shown_secret() -> MutexGuard<'static, Option<Vec<usize>>> {
    SHOWN_SECRET.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Blanks the secret [`Ui::reveal`] has on screen, if any, as its own Enter would: called when
/// the program is interrupted (Ctrl-C) while a secret is shown, so that it does not stay on
/// the screen after the program has ended. False when it could not be written.
pub fn hide_shown_secret() -> bool {
    match Terminal::open() {
        Ok(mut tty) => hide_shown_secret_on(&mut tty),
        Err(_) => false,
    }
}

fn hide_shown_secret_on(tty: &mut Terminal) -> bool {
    let Some(widths) = shown_secret().take() else { return true };
    let hidden = format!("{}    {}\n", clear_rows(&widths), fl!("reveal-hidden"));
    tty.write_all(hidden.as_bytes()).and_then(|()| tty.flush()).is_ok()
}

/// Reads one answer line from standard input, without its line ending.
fn read_answer() -> io::Result<String> {
    let mut answer = String::new();
    if io::stdin().lock().read_line(&mut answer)? == 0 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(answer.trim_end_matches(['\r', '\n']).to_owned())
}

/// Where to cut the secret into rows that fit a console `width` columns wide after a
/// four-space indent, with a column to spare (a console that wraps as soon as the last column
/// is written, as Windows' does, would otherwise move to the next row). Byte ranges of the
/// secret, on character boundaries: the secret is never copied.
fn secret_rows(secret: &str, width: Option<u16>) -> Vec<std::ops::Range<usize>> {
    // Unknown width: the narrowest console anyone reads a password on.
    let fit = usize::from(width.unwrap_or(40)).saturating_sub(5).max(1);
    let mut rows = Vec::new();
    let mut start = 0;
    for (count, (at, _)) in secret.char_indices().enumerate() {
        if count > 0 && count % fit == 0 {
            rows.push(start..at);
            start = at;
        }
    }
    rows.push(start..secret.len());
    rows
}

/// What blanks the rows [`secret_rows`] printed (`widths` in characters, after the indent),
/// the cursor being at the end of the last one: each row overwritten with spaces from its
/// start, moving up one row (ANSI `ESC [ A`, which every Unix terminal and Windows 10's console
/// understand) between rows. A one-row secret, the usual case, needs no escape at all. Ends at
/// the start of the first row.
fn clear_rows(widths: &[usize]) -> String {
    let mut out = String::new();
    for (i, width) in widths.iter().enumerate().rev() {
        out.push('\r');
        out.push_str(&" ".repeat(width + 4));
        out.push('\r');
        if i > 0 {
            out.push_str("\x1b[A");
        }
    }
    out
}

/// Where a secret comes from: a file given by flag, or the console.
#[derive(Clone, Debug)]
pub struct SecretSource {
    /// Which secret it is (for the messages).
    pub secret: Secret,
    /// `--passphrase-file` / `--password-file`.
    pub file: Option<PathBuf>,
}

impl SecretSource {
    /// True when the secret is read from a file and cannot be asked again.
    pub fn is_file(&self) -> bool {
        self.file.is_some()
    }

    /// Reads the secret: the file's first line, or the console with `prompt`.
    pub fn get(&self, ui: &mut dyn Ui, prompt: &str) -> Result<SecretString> {
        match &self.file {
            Some(path) => read_secret_file(path),
            None => ask_secret(ui, self.secret, prompt),
        }
    }
}

/// Asks for a secret on the console; fails at once, with advice, when nobody can answer.
pub fn ask_secret(ui: &mut dyn Ui, secret: Secret, prompt: &str) -> Result<SecretString> {
    if !ui.interactive() {
        return Err(Error::SecretNeedsTerminal { secret });
    }
    // rpassword reads the console device itself; when that is missing it reports "os error 6",
    // which means nothing to a user: say what is missing instead. An interrupted question is
    // the user's Cancel (the window's), not a missing terminal.
    ui.secret(secret, prompt).map_err(|e| match e.kind() {
        io::ErrorKind::Interrupted => Error::Cancelled,
        _ => Error::SecretNeedsTerminal { secret },
    })
}

/// Reads a secret from the first line of a file: without the line ending, without a UTF-8 byte
/// order mark (Windows Notepad writes one). The file's bytes are wiped from memory afterwards.
pub fn read_secret_file(path: &Path) -> Result<SecretString> {
    let bytes = Zeroizing::new(fs::read(path).map_err(Error::read(path))?);
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    if first.is_empty() {
        return Err(Error::SecretFileEmpty { path: path.to_owned() });
    }
    let text = std::str::from_utf8(first)
        .map_err(|_| Error::SecretFileNotText { path: path.to_owned() })?;
    Ok(SecretString::from(text.to_owned()))
}

/// Asks before changing something: `--yes` answers for the user; without a terminal and
/// without `--yes` nobody can answer, which is an error that says to add `--yes`.
pub fn agree(ui: &mut dyn Ui, yes: bool, question: &str) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    if !ui.interactive() {
        return Err(Error::NeedsConfirmation);
    }
    ui.confirm(question, false).map_err(|_| Error::Cancelled)
}

/// A safety guard that cannot clear the way by itself (keys already expired, dates that cannot be
/// read): with `--force` it warns and goes on; at a terminal without `--yes` it asks, default
/// no; otherwise (`--yes`, or nobody to ask) it refuses with `refusal` — it fails safe, never
/// open.
pub fn agree_or_refuse(
    ui: &mut dyn Ui,
    yes: bool,
    force: bool,
    question: &str,
    refusal: Error,
) -> Result<()> {
    if force {
        // What is true: done anyway, as asked (the refusal's own words say it was not).
        ui.warn_of(WarningKind::Forced, &refusal.forced());
        return Ok(());
    }
    if yes || !ui.interactive() {
        return Err(refusal);
    }
    match ui.confirm(question, false) {
        Ok(true) => Ok(()),
        _ => Err(Error::Cancelled),
    }
}

/// Whether to keep the window open at the end: only a console that Windows opened for this
/// program alone, which closes the moment the program ends. That is a double-click in
/// Explorer: the parent process is `explorer.exe`. From cmd, PowerShell or any other terminal
/// the window stays anyway, so there is no pause; without a terminal there is nobody to press
/// Enter.
pub fn should_pause(windows: bool, parent: Option<&str>, terminal: bool) -> bool {
    windows && terminal && started_by_explorer(parent)
}

/// Whether the parent process named `parent` is Explorer: a double-click.
pub fn started_by_explorer(parent: Option<&str>) -> bool {
    parent.is_some_and(|name| {
        let name = name.rsplit(['\\', '/']).next().unwrap_or(name);
        name.eq_ignore_ascii_case("explorer.exe") || name.eq_ignore_ascii_case("explorer")
    })
}

/// At the very end: "Premi Invio per chiudere" and wait, when launched by double-click
/// ([`should_pause`]), so the last message can be read before Windows closes the window.
pub fn pause_if_double_clicked() {
    let windows = cfg!(windows);
    let terminal = io::stdin().is_terminal();
    // Reading the process list costs a little: only where a pause is possible at all.
    let parent = if windows && terminal { crate::platform::parent_process_name() } else { None };
    if !should_pause(windows, parent.as_deref(), terminal) {
        return;
    }
    let _ = write!(io::stdout(), "\n{} ", fl!("wizard-press-enter-to-close"));
    let _ = io::stdout().flush();
    let _ = io::stdin().lock().read_line(&mut String::new());
}

#[cfg(test)]
pub mod testing {
    //! A scripted [`Ui`] for unit tests.
    use super::*;
    use std::collections::VecDeque;

    /// Answers from a script, records what was said. [`Script::CANCEL`] as an answer cancels
    /// the question (Ctrl-D at the console, Annulla in the window).
    #[derive(Default)]
    pub struct Script {
        pub answers: VecDeque<String>,
        pub secrets: VecDeque<String>,
        pub said: Vec<String>,
        /// The typed events told (notes and warnings go to `said`, and so do the console's
        /// lines for the typed events).
        pub told: Vec<Event>,
        pub revealed: Vec<String>,
        /// No terminal to show a secret on (standard input may still be one).
        pub no_terminal: bool,
    }

    impl Script {
        /// The answer that cancels a yes/no question.
        pub const CANCEL: &str = "\u{4}";
    }

    impl Ui for Script {
        fn interactive(&self) -> bool {
            true
        }
        fn can_reveal(&self) -> bool {
            !self.no_terminal
        }
        fn tell(&mut self, event: Event) {
            match event {
                Event::Note { text } | Event::Warning { text, .. } => self.said.push(text),
                // What the console would print for it, and the event itself.
                other => {
                    self.said.extend(render::lines(&other).into_iter().map(|line| match line {
                        Line::Say(text) | Line::Warn(text) => text,
                    }));
                    self.told.push(other);
                }
            }
        }
        fn ask(&mut self, question: Question) -> io::Result<Answer> {
            let eof = || io::Error::from(io::ErrorKind::UnexpectedEof);
            match question {
                Question::YesNo { default, .. } => {
                    Ok(Answer::Yes(match self.answers.pop_front().as_deref() {
                        Some(Script::CANCEL) => return Err(eof()),
                        Some("s") => true,
                        Some("n") => false,
                        _ => default,
                    }))
                }
                // As the console: the heading shown, a wrong number said (a menu shown again).
                Question::Choose { heading, items, leave, .. } => loop {
                    self.said.push(heading.clone());
                    let answer = self.answers.pop_front().ok_or_else(eof)?;
                    match answer.trim().parse::<usize>() {
                        Ok(0) => return Err(io::ErrorKind::Interrupted.into()),
                        Ok(n) if (1..=items.len()).contains(&n) => {
                            return Ok(Answer::Chosen(n - 1));
                        }
                        _ if leave.is_some() => self.said.push(fl!("wizard-bad-choice")),
                        _ => self.said.push(fl!("locate-bad-number")),
                    }
                },
                Question::Folder { .. } => {
                    self.answers.pop_front().map(|a| Answer::Folder(a.into())).ok_or_else(eof)
                }
                Question::Secret { .. } => self
                    .secrets
                    .pop_front()
                    .map(|s| Answer::Secret(SecretString::from(s)))
                    .ok_or_else(eof),
            }
        }
        fn reveal(&mut self, _: &str, secret: &SecretString, _: bool) -> bool {
            use secrecy::ExposeSecret;
            self.revealed.push(secret.expose_secret().to_owned());
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn pauses_only_after_a_double_click_on_windows() {
        assert!(should_pause(true, Some("explorer.exe"), true));
        assert!(should_pause(true, Some("EXPLORER.EXE"), true));
        assert!(should_pause(true, Some(r"C:\Windows\explorer.exe"), true));
        // An existing console: cmd, PowerShell, Windows Terminal.
        assert!(!should_pause(true, Some("cmd.exe"), true));
        assert!(!should_pause(true, Some("powershell.exe"), true));
        assert!(!should_pause(true, Some("WindowsTerminal.exe"), true));
        assert!(!should_pause(true, None, true));
        // Output redirected or no keyboard: nobody to press Enter.
        assert!(!should_pause(true, Some("explorer.exe"), false));
        // Unix terminals never close with the program.
        assert!(!should_pause(false, Some("explorer.exe"), true));
        assert!(!should_pause(false, Some("bash"), true));
    }

    #[test]
    fn secret_file_first_line_without_bom_and_crlf() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.txt");
        fs::write(&path, b"\xEF\xBB\xBFProva.2026\r\nsecond line\n").unwrap();
        assert_eq!(read_secret_file(&path).unwrap().expose_secret(), "Prova.2026");
        fs::write(&path, b"\n").unwrap();
        assert!(matches!(read_secret_file(&path), Err(Error::SecretFileEmpty { .. })));
        fs::write(&path, b"\xff\xfe\n").unwrap();
        assert!(matches!(read_secret_file(&path), Err(Error::SecretFileNotText { .. })));
    }

    #[test]
    fn no_terminal_means_a_clear_error_not_a_hang() {
        struct Silent;
        impl Ui for Silent {
            fn interactive(&self) -> bool {
                false
            }
            fn tell(&mut self, _: Event) {}
            fn ask(&mut self, _: Question) -> io::Result<Answer> {
                unreachable!()
            }
            fn reveal(&mut self, _: &str, _: &SecretString, _: bool) -> bool {
                false
            }
        }
        let err = ask_secret(&mut Silent, Secret::Password, "?").unwrap_err();
        assert!(matches!(err, Error::SecretNeedsTerminal { secret: Secret::Password }));
        assert!(matches!(agree(&mut Silent, false, "?"), Err(Error::NeedsConfirmation)));
        assert!(agree(&mut Silent, true, "?").unwrap());
    }
}
