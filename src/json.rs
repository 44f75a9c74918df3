//! json: the face for scripts (`--json`), ARCHITECTURE.md §3.
//!
//! Every [`Event`] a step tells becomes one JSON object on one line of standard output, with
//! an `"event"` field (the serde form of [`Event`]); the last line is the result:
//! `{"event":"result","ok":…,"exit":N,…}` with the exit code the process ends with, and on a
//! failure what went wrong (`"error"`: [`Error::kind`], stable across languages and releases)
//! and the headline and advice a person would read.
//!
//! Nothing is asked: the face is not interactive, so a confirmation needs `--yes` and a secret
//! its file flag, exactly as without a terminal; no secret is ever shown (the keys' password is
//! said not to be, as without a terminal). Nothing goes to standard error. Events hold no
//! secret (see [`crate::talk`]), so no line can.

use std::io::{self, Write};

use secrecy::SecretString;
use serde::Serialize;

use crate::error::{Error, Exit};
use crate::interrupt::{self, Change};
use crate::render::{self, Line};
use crate::talk::{Answer, Event, Question, WarningKind};
use crate::ui::Ui;

/// The `--json` face: one line per event on standard output.
#[derive(Default)]
pub struct Json {
    /// Standard output was closed by its reader: the rest is dropped, the step goes on (as the
    /// console does).
    closed: bool,
}

impl Json {
    pub fn new() -> Json {
        Json::default()
    }

    fn write<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        let mut line = serde_json::to_vec(value).map_err(io::Error::other)?;
        line.push(b'\n');
        if !self.closed {
            let mut stdout = io::stdout().lock();
            let written = stdout.write_all(&line).and_then(|()| stdout.flush());
            self.closed = written.is_err();
        }
        Ok(())
    }
}

impl Ui for Json {
    fn interactive(&self) -> bool {
        false
    }

    fn can_reveal(&self) -> bool {
        false
    }

    fn tell(&mut self, event: Event) {
        if self.write(&event).is_ok() {
            return;
        }
        // A value JSON cannot hold (a path that is not Unicode): the console's words for it, as
        // notes and warnings, rather than nothing.
        for line in render::lines(&event) {
            let _ = self.write(&match line {
                Line::Say(text) => Event::Note { text },
                Line::Warn(text) => Event::Warning { kind: WarningKind::Other, text },
            });
        }
    }

    fn ask(&mut self, _: Question) -> io::Result<Answer> {
        // Never reached through the steps, which ask only an interactive face: a cancel.
        Err(io::Error::new(io::ErrorKind::Interrupted, "--json asks nothing"))
    }

    fn reveal(&mut self, _: &str, _: &SecretString, _: bool) -> bool {
        false
    }
}

/// The last line: how the command ended.
#[derive(Serialize)]
struct Outcome<'a> {
    event: &'static str,
    ok: bool,
    exit: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    headline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    advice: Option<String>,
    /// What the run changed on disk, as values (also when it failed or was interrupted after
    /// a change: a script need not read the headline's words).
    changed: &'a [Change],
}

impl Outcome<'_> {
    fn print(&self) {
        let _ = Json::new().write(self);
    }
}

/// Writes the result line of a command run with the `--json` face ([`crate::run`] with
/// [`Json`]); returns the exit code the process ends with (the one the line says).
pub fn finish(result: crate::error::Result<()>) -> Exit {
    let changed = interrupt::changes();
    let (exit, error) = match &result {
        Ok(()) => (Exit::Ok, None),
        Err(error) => (error.exit(), Some(error)),
    };
    Outcome {
        event: "result",
        ok: error.is_none(),
        exit: exit as u8,
        error: error.map(Error::kind),
        headline: error.map(Error::headline),
        advice: error.map(Error::advice).filter(|a| !a.is_empty()),
        changed: &changed,
    }
    .print();
    exit
}

/// The result line of the command line's own errors (usage, exit 2), which are not an
/// [`Error`] and come before anything runs: nothing changed.
pub fn failure(exit: Exit, kind: &str, headline: String, advice: String) {
    let advice = Some(advice).filter(|a| !a.is_empty());
    Outcome {
        event: "result",
        ok: false,
        exit: exit as u8,
        error: Some(kind),
        headline: Some(headline),
        advice,
        changed: &[],
    }
    .print();
}

/// The result line when Ctrl-C ends the program: what had changed by then, as values
/// (`"changed"`, empty when nothing had) and in words (`"headline"`).
pub fn interrupted(changed: &[Change]) {
    Outcome {
        event: "result",
        ok: false,
        exit: Exit::Interrupted as u8,
        error: Some("interrupted"),
        headline: Some(interrupt::line(changed)),
        advice: None,
        changed,
    }
    .print();
}
