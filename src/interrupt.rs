//! interrupt: Ctrl-C (and a closed window, a `kill`) ends the program with one true line.
//!
//! The handler ([`install`]: the `ctrlc` crate, SIGINT/SIGTERM/SIGHUP on Unix and the console
//! control handler on Windows) runs on a thread of its own. It blanks a secret still on screen
//! (with the function [`install`] is given: `ui::hide_shown_secret`, which knows what `ui`
//! showed; `ui` sits above this module, which it calls at a secret prompt), gives the terminal
//! back its echo (a secret prompt turns it off), prints one line — "nothing was changed", or
//! what this run did change ([`Change`], recorded by the steps as they change things) — and
//! ends with [`Exit::Interrupted`] (130, the shells' code for Ctrl-C).
//!
//! A change that must not stop halfway (the journaled swap, writing the vault, a wipe) runs as a
//! [`Critical`] section: an interruption during it is noted, the change finishes (or rolls back,
//! as it would on any failure), and the program ends as soon as the section closes, saying what
//! is now true. The journal makes a swap safe even against a kill; this keeps the sentence
//! true too.
//!
//! This module must never print a secret; the line names paths only.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};

use serde::Serialize;

use crate::error::Exit;
use crate::i18n::fl;
use crate::sanitize::shown;

/// Something this run has changed on disk, said if the run is interrupted afterwards (and,
/// with `--json`, listed as values in the result line: `{"change":"installed","dir":…}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A file was written in full (the vault, a reminder).
    Written {
        #[serde(serialize_with = "lossy")]
        path: PathBuf,
    },
    /// A new key set is in `dir`; the old one in the archive when `archived`.
    Installed {
        #[serde(serialize_with = "lossy")]
        dir: PathBuf,
        archived: bool,
    },
    /// The archived set is back in `dir`.
    RolledBack {
        #[serde(serialize_with = "lossy")]
        dir: PathBuf,
    },
    /// An operation a previous run left half done in `dir` was completed.
    Recovered {
        #[serde(serialize_with = "lossy")]
        dir: PathBuf,
    },
    /// A file was wiped.
    Wiped {
        #[serde(serialize_with = "lossy")]
        path: PathBuf,
    },
}

/// A path as JSON text even when it is not Unicode (the last line of an interrupted run must
/// never fail to be written): such bytes become U+FFFD.
fn lossy<S: serde::Serializer>(path: &std::path::Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

impl Change {
    fn text(&self) -> String {
        match self {
            Change::Written { path } => fl!("interrupted-written", path = shown(path)),
            Change::Installed { dir, archived: true } => {
                fl!("interrupted-installed-archived", dir = shown(dir))
            }
            Change::Installed { dir, archived: false } => {
                fl!("interrupted-installed", dir = shown(dir))
            }
            Change::RolledBack { dir } => fl!("interrupted-rolled-back", dir = shown(dir)),
            Change::Recovered { dir } => fl!("interrupted-recovered", dir = shown(dir)),
            Change::Wiped { path } => fl!("interrupted-wiped", path = shown(path)),
        }
    }
}

struct State {
    /// Open critical sections.
    critical: usize,
    /// An interruption came during one.
    pending: bool,
    /// What this run has changed, in order.
    done: Vec<Change>,
}

static STATE: Mutex<State> = Mutex::new(State { critical: 0, pending: false, done: Vec::new() });

/// The state; a panic elsewhere while holding it does not stop an interruption from ending
/// the program.
fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Blanks a secret on screen, if any (given to [`install`]).
static HIDE_SECRET: OnceLock<fn() -> bool> = OnceLock::new();

/// Where the end is told instead of on standard error (`--json`: its result line).
static REPORT: OnceLock<fn(&[Change])> = OnceLock::new();

/// Has the end of an interrupted run told by `report`, given what the run had changed, instead
/// of the one line on standard error: `--json` writes its result line, on standard output.
pub fn report_with(report: fn(&[Change])) {
    let _ = REPORT.set(report);
}

/// Installs the handler; the binary calls it once at start, with the function that blanks a
/// secret on screen. The terminal's settings are saved now, while nothing has changed them, to
/// be put back by an interruption.
pub fn install(hide_secret: fn() -> bool) {
    let _ = HIDE_SECRET.set(hide_secret);
    crate::platform::save_terminal_modes();
    // Failing to install it (another handler already set) leaves the system's default: the
    // program ends at once, silently. Nothing better to do than go on.
    let _ = ctrlc::set_handler(on_interrupt);
}

/// Ctrl-C typed at a secret prompt: the prompt reads the key itself (the terminal is raw while
/// it reads) and reports it, besides raising the signal. The same end as the signal's, from the
/// thread that was reading, so that it never goes on as if the prompt had been cancelled; when
/// the handler is ending the program already, this waits for it.
pub fn from_prompt() -> ! {
    let state = state();
    stop(&state)
}

/// Records a change this run made.
pub fn done(change: Change) {
    state().done.push(change);
}

/// What this run has changed so far, in order.
pub fn changes() -> Vec<Change> {
    state().done.clone()
}

fn on_interrupt() {
    let mut state = state();
    if state.critical > 0 {
        state.pending = true;
        return;
    }
    stop(&state);
}

/// Ends the program: the secret off the screen, the terminal as it was, one line, 130.
fn stop(state: &State) -> ! {
    if let Some(hide_secret) = HIDE_SECRET.get() {
        hide_secret();
    }
    crate::platform::restore_terminal_modes();
    match REPORT.get() {
        Some(report) => report(&state.done),
        None => eprintln!("\n{}", line(&state.done)),
    }
    std::process::exit(Exit::Interrupted as i32)
}

/// The one line: nothing changed, or what did.
pub fn line(done: &[Change]) -> String {
    if done.is_empty() {
        return fl!("interrupted-nothing");
    }
    let changes: Vec<String> = done.iter().map(Change::text).collect();
    fl!("interrupted-done", changes = changes.join("; "))
}

/// A change that must not stop halfway: while it is alive an interruption waits; when it is
/// dropped (the change done, or undone after a failure) a waiting interruption ends the
/// program, saying what is true then. Record the change ([`done`]) before dropping it.
#[must_use = "the section ends when this is dropped"]
pub struct Critical(());

impl Critical {
    /// Opens a critical section.
    pub fn begin() -> Critical {
        state().critical += 1;
        Critical(())
    }
}

impl Drop for Critical {
    fn drop(&mut self) {
        let mut state = state();
        state.critical -= 1;
        if state.critical == 0 && state.pending {
            stop(&state);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_nothing_changed_or_what_did() {
        assert_eq!(line(&[]), "Interrotto: non è stato cambiato nulla.");
        let done = [
            Change::Recovered { dir: "chiavi".into() },
            Change::Installed { dir: "chiavi".into(), archived: true },
        ];
        let said = line(&done);
        assert!(!said.contains("non è stato cambiato nulla"), "{said}");
        assert!(
            said.contains(&Change::Installed { dir: "chiavi".into(), archived: true }.text()),
            "{said}"
        );
        assert!(said.contains(&Change::Recovered { dir: "chiavi".into() }.text()), "{said}");
        assert_eq!(said.lines().count(), 1, "one line: {said}");
    }
}
