//! bridge: the window's side of the [`Ui`] trait, with no window in it. A step runs on a worker
//! thread with a [`Bridge`] as its `Ui`; every call becomes a [`Message`] to the thread that
//! owns the window, and a question blocks the worker until that thread answers through the
//! [`Reply`] it was given.
//!
//! Cancel (the window's Cancel button, or the window being closed) answers the pending question
//! with [`io::ErrorKind::Interrupted`], and every later one at once, without asking: the steps
//! turn a failed question into [`Error::Cancelled`](crate::error::Error::Cancelled) ("stopped by
//! the user, nothing changed"), and each step asks before it changes anything. Secrets travel as
//! [`SecretString`] both ways and are never in a `Debug` output.
//!
//! This module must never draw anything nor depend on Windows: it is tested on every system.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::error::{Error, Result, Secret};
use crate::render;
use crate::talk::{self, Done, Event, Plan, Progress, Question, WarningKind};
use crate::ui::Ui;

/// A question from the step, waiting for the person at the window: the [`Question`] as the
/// window needs it, its values untouched (no text of it is read to tell what it asks).
pub enum Ask {
    /// Yes or no; `default` is what Enter picks.
    Confirm { question: String, default: bool },
    /// A folder (the window offers the folder picker); answered with [`Answer::Folder`].
    Folder { prompt: String },
    /// One of `items`, listed under `heading`; answered with [`Answer::Chosen`].
    Choose { heading: String, items: Vec<String> },
    /// A secret, typed in a masked field; `may_show` lets the person see what is typed (a
    /// passphrase dictated by phone).
    Secret { secret: Secret, prompt: String, may_show: bool },
    /// A secret to show once, on purpose; with `then_hide` it is hidden when the user goes on.
    Reveal { label: String, secret: SecretString, then_hide: bool },
}

impl std::fmt::Debug for Ask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ask::Confirm { question, default } => {
                write!(f, "Confirm({question:?}, default {default})")
            }
            Ask::Folder { prompt } => write!(f, "Folder({prompt:?})"),
            Ask::Choose { heading, items } => write!(f, "Choose({heading:?}, {items:?})"),
            Ask::Secret { secret, prompt, may_show } => {
                write!(f, "Secret({secret:?}, {prompt:?}, may show {may_show})")
            }
            // Never the secret itself.
            Ask::Reveal { label, then_hide, .. } => write!(f, "Reveal({label:?}, {then_hide})"),
        }
    }
}

/// The person's answer to an [`Ask`] (the variant that matches it).
pub enum Answer {
    /// To [`Ask::Confirm`].
    Yes(bool),
    /// To [`Ask::Folder`].
    Folder(PathBuf),
    /// To [`Ask::Choose`]: the index of the chosen item.
    Chosen(usize),
    /// To [`Ask::Secret`].
    Secret(SecretString),
    /// To [`Ask::Reveal`]: whether it was shown.
    Shown(bool),
}

/// How a step run from the window ended, as the window shows it.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done; the key folder it found or chose, for the next action.
    Done(Option<PathBuf>),
    /// Stopped by the user: nothing was changed (the sentence says so).
    Cancelled(String),
    /// An error: the same sentence and advice as the console's guided mode.
    Failed { sentence: String, advice: Option<String> },
}

impl Outcome {
    /// The outcome of a step's result, worded as guided mode words it.
    pub fn of(result: Result<Option<PathBuf>>) -> Outcome {
        match result {
            Ok(dir) => Outcome::Done(dir),
            Err(Error::Cancelled) => Outcome::Cancelled(Error::Cancelled.headline()),
            Err(error) => Outcome::Failed {
                sentence: error.headline(),
                advice: crate::wizard::advice(&error),
            },
        }
    }
}

/// What the worker tells the window: each [`Event`] and [`Question`] with its typed values.
#[derive(Debug)]
pub enum Message {
    /// A line of the step's story, for the transcript ("Dettagli"): a note, or the console's
    /// words for a typed event (which follows as its own message).
    Say(String),
    /// A warning of `kind`, for the transcript (with the console's prefix).
    Warn { kind: WarningKind, text: String },
    /// What the step is about to change: the plan page.
    Plan(Plan),
    /// How far a long phase has come: the working page.
    Progress(Progress),
    /// A secret typed at the last question was wrong: said on the next one's page.
    WrongSecret { secret: Secret, tries_left: usize },
    /// What the step changed: the result page.
    Done(Done),
    /// Any other event (the vault opened, the key folder found): the window uses what it
    /// knows and leaves the rest to the transcript's notes.
    Told(Event),
    /// A question: answer it through the reply (or drop the reply to cancel).
    Ask(Ask, Reply),
    /// The step is over.
    Finished(Outcome),
}

/// Where the answer to one [`Ask`] goes. Dropping it unanswered cancels the question.
pub struct Reply(Sender<Answer>);

impl Reply {
    /// Answers the question.
    pub fn answer(self, answer: Answer) {
        // The worker is gone only when it was cancelled already: nobody to tell.
        let _ = self.0.send(answer);
    }
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reply")
    }
}

/// The switch the window flips to cancel the running step: shared by the window and the
/// worker's [`Bridge`].
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// From now on every question of the step fails (the pending one is failed by dropping
    /// its [`Reply`]).
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether [`Cancel::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// The [`Ui`] a step gets when it runs from the window.
pub struct Bridge {
    deliver: Box<dyn FnMut(Message) + Send>,
    cancel: Cancel,
}

impl Bridge {
    /// A bridge that hands each message to `deliver` (which wakes the window's thread), and
    /// stops asking once `cancel` is set.
    pub fn new(deliver: impl FnMut(Message) + Send + 'static, cancel: Cancel) -> Bridge {
        Bridge { deliver: Box::new(deliver), cancel }
    }

    /// Sends a question and waits for its answer. Cancelled, or the window gone: `Interrupted`.
    fn send(&mut self, ask: Ask) -> io::Result<Answer> {
        if self.cancel.is_cancelled() {
            return Err(io::ErrorKind::Interrupted.into());
        }
        let (reply, answer) = mpsc::channel();
        (self.deliver)(Message::Ask(ask, Reply(reply)));
        match answer.recv() {
            Ok(answer) if !self.cancel.is_cancelled() => Ok(answer),
            _ => Err(io::ErrorKind::Interrupted.into()),
        }
    }

    /// Ends the step: tells the window how it went.
    pub fn finish(self, result: Result<Option<PathBuf>>) {
        self.finish_with(Outcome::of(result));
    }

    /// Ends the step with `outcome` (a step that panicked has no result of its own).
    pub fn finish_with(mut self, outcome: Outcome) {
        (self.deliver)(Message::Finished(outcome));
    }
}

/// An answer of the wrong kind is a bug in the window; the step takes it as a cancel (nothing
/// is changed without a clear yes).
fn mismatch() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "answer of the wrong kind")
}

impl Ui for Bridge {
    fn interactive(&self) -> bool {
        true
    }

    fn can_reveal(&self) -> bool {
        // The window itself shows it; it is never written anywhere else.
        true
    }

    fn tell(&mut self, event: Event) {
        // Told even after Cancel: what a step still does once cancelled (a vault kept, keys
        // already in place) is what the result page must say.
        if !matches!(event, Event::Note { .. } | Event::Warning { .. }) {
            // The console's words for it, for the transcript ("Dettagli", for support): made
            // from the values here, never read back.
            for line in render::lines(&event) {
                (self.deliver)(match line {
                    render::Line::Say(text) => Message::Say(text),
                    render::Line::Warn(text) => Message::Warn { kind: WarningKind::Other, text },
                });
            }
        }
        (self.deliver)(message_of(event));
    }

    fn ask(&mut self, question: Question) -> io::Result<talk::Answer> {
        let answer = match question {
            Question::YesNo { text, default } => {
                self.send(Ask::Confirm { question: text, default })?
            }
            Question::Choose { heading, items, .. } => {
                let count = items.len();
                match self.send(Ask::Choose { heading, items })? {
                    Answer::Chosen(n) if n < count => Answer::Chosen(n),
                    _ => return Err(mismatch()),
                }
            }
            Question::Folder { text } => self.send(Ask::Folder { prompt: text })?,
            Question::Secret { secret, text, may_show } => {
                self.send(Ask::Secret { secret, prompt: text, may_show })?
            }
        };
        match answer {
            Answer::Yes(yes) => Ok(talk::Answer::Yes(yes)),
            Answer::Folder(path) => Ok(talk::Answer::Folder(path)),
            Answer::Chosen(n) => Ok(talk::Answer::Chosen(n)),
            Answer::Secret(secret) => Ok(talk::Answer::Secret(secret)),
            Answer::Shown(_) => Err(mismatch()),
        }
    }

    fn reveal(&mut self, label: &str, secret: &SecretString, then_hide: bool) -> bool {
        // A copy for the window's thread, in a buffer of its own that is wiped when dropped.
        let copy = SecretString::from(secret.expose_secret());
        let ask = Ask::Reveal { label: label.to_owned(), secret: copy, then_hide };
        matches!(self.send(ask), Ok(Answer::Shown(true)))
    }
}

/// The message that carries `event` to the window, with its values.
fn message_of(event: Event) -> Message {
    match event {
        Event::Note { text } => Message::Say(text),
        Event::Warning { kind, text } => Message::Warn { kind, text },
        Event::Plan(plan) => Message::Plan(plan),
        Event::Progress(progress) => Message::Progress(progress),
        Event::WrongSecret { secret, tries_left, .. } => {
            Message::WrongSecret { secret, tries_left }
        }
        Event::Done(done) => Message::Done(done),
        other => Message::Told(other),
    }
}

/// A text field of the window holding a secret (a masked edit box), as the bridge needs it.
pub trait SecretField {
    /// The field's text, in a buffer wiped when dropped.
    fn text(&self) -> Zeroizing<String>;
    /// Empties the field.
    fn clear(&self);
}

/// Takes the secret out of `field`: the answer, with the field emptied at once, so the typed
/// secret stays in the window no longer than it takes to read it.
pub fn take_secret(field: &dyn SecretField) -> SecretString {
    let text = field.text();
    field.clear();
    SecretString::from(text.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::sync::mpsc::Receiver;
    use std::thread;

    use crate::i18n::fl;

    /// A bridge whose messages arrive on a channel, as the window's thread would get them.
    fn bridge() -> (Bridge, Receiver<Message>, Cancel) {
        let (to_window, window) = mpsc::channel();
        let cancel = Cancel::default();
        let bridge = Bridge::new(
            move |message| {
                let _ = to_window.send(message);
            },
            cancel.clone(),
        );
        (bridge, window, cancel)
    }

    #[test]
    fn each_call_is_a_message_and_questions_wait_for_their_answer() {
        let (mut ui, window, _) = bridge();
        let worker = thread::spawn(move || {
            ui.say("ciao");
            ui.warn_of(WarningKind::Expiry, "attenzione");
            let yes = ui.confirm("Procedere?", false).unwrap();
            let folder = ui.folder("Cartella:").unwrap();
            let secret = ui.secret(Secret::Password, "Password:").unwrap();
            let shown = ui.reveal("Passphrase:", &SecretString::from("una due tre"), true);
            (yes, folder, secret.expose_secret().to_owned(), shown)
        });
        assert!(matches!(window.recv().unwrap(), Message::Say(t) if t == "ciao"));
        assert!(matches!(
            window.recv().unwrap(),
            Message::Warn { kind: WarningKind::Expiry, text } if text == "attenzione"
        ));
        let Message::Ask(Ask::Confirm { question, default: false }, reply) = window.recv().unwrap()
        else {
            panic!("a confirmation was expected")
        };
        assert_eq!(question, "Procedere?");
        reply.answer(Answer::Yes(true));
        let Message::Ask(Ask::Folder { prompt }, reply) = window.recv().unwrap() else {
            panic!("a folder question was expected")
        };
        assert_eq!(prompt, "Cartella:");
        reply.answer(Answer::Folder(r"C:\Entratel".into()));
        let Message::Ask(Ask::Secret { .. }, reply) = window.recv().unwrap() else { panic!() };
        reply.answer(Answer::Secret(SecretString::from("Prova.2026")));
        let Message::Ask(Ask::Reveal { label, secret, then_hide: true }, reply) =
            window.recv().unwrap()
        else {
            panic!()
        };
        assert_eq!((label.as_str(), secret.expose_secret()), ("Passphrase:", "una due tre"));
        reply.answer(Answer::Shown(true));
        let got = worker.join().unwrap();
        assert_eq!(got, (true, r"C:\Entratel".into(), "Prova.2026".to_owned(), true));
    }

    #[test]
    fn a_secret_question_says_which_secret_and_whether_it_may_be_shown() {
        // The passphrase is dictated by phone: the window may show it as typed. The keys'
        // password is not. Nothing in the prompt's words decides it.
        let (mut ui, window, _) = bridge();
        let worker = thread::spawn(move || {
            let passphrase = ui.secret(Secret::Passphrase, "x").map(drop).is_ok();
            let password = ui.secret(Secret::Password, "x").map(drop).is_ok();
            (passphrase, password)
        });
        for (which, show) in [(Secret::Passphrase, true), (Secret::Password, false)] {
            let Message::Ask(Ask::Secret { secret, may_show, .. }, reply) = window.recv().unwrap()
            else {
                panic!("a secret question was expected")
            };
            assert_eq!((secret, may_show), (which, show));
            reply.answer(Answer::Secret(SecretString::from("z")));
        }
        assert_eq!(worker.join().unwrap(), (true, true));
    }

    #[test]
    fn cancel_fails_the_pending_question_and_every_later_one_without_asking() {
        let (mut ui, window, cancel) = bridge();
        let worker = thread::spawn(move || {
            let first = ui.confirm("Procedere?", true).map_err(|e| e.kind());
            let second = ui.secret(Secret::Password, "Password:");
            let second = second.map(drop).map_err(|e| e.kind());
            let shown = ui.reveal("Password:", &SecretString::from("x"), true);
            (first, second, shown)
        });
        let Message::Ask(_, reply) = window.recv().unwrap() else { panic!() };
        // The window's Cancel: the switch, then the pending question dropped unanswered.
        cancel.cancel();
        drop(reply);
        let (first, second, shown) = worker.join().unwrap();
        assert_eq!(first, Err(io::ErrorKind::Interrupted));
        assert_eq!(second, Err(io::ErrorKind::Interrupted));
        assert!(!shown);
        assert!(window.try_recv().is_err(), "no question reached the window after Cancel");
    }

    #[test]
    fn what_a_step_does_after_cancel_still_reaches_the_window() {
        // Annulla at "Altri PC hanno ancora bisogno…": the keys are in, the vault stays. The
        // result page must say so, so the outcome is told after the cancel too.
        let (mut ui, window, cancel) = bridge();
        let worker = thread::spawn(move || {
            let keep = ui.confirm("?", false).unwrap_or(true);
            ui.say("resta");
            ui.tell(Event::Done(installed(talk::VaultFate::Kept)));
            keep
        });
        let Message::Ask(_, reply) = window.recv().unwrap() else { panic!() };
        cancel.cancel();
        drop(reply);
        assert!(worker.join().unwrap());
        assert!(matches!(window.recv().unwrap(), Message::Say(t) if t == "resta"));
        let Message::Done(done) = next_typed(&window) else { panic!("the outcome, as a value") };
        assert_eq!(done, installed(talk::VaultFate::Kept));
    }

    /// The next message that is not a transcript line.
    fn next_typed(window: &Receiver<Message>) -> Message {
        loop {
            match window.recv().unwrap() {
                Message::Say(_) | Message::Warn { .. } => {}
                other => return other,
            }
        }
    }

    #[test]
    fn a_typed_event_leaves_the_console_words_in_the_transcript_then_its_value() {
        let (mut ui, window, _) = bridge();
        let done = installed(talk::VaultFate::Kept);
        let expected: Vec<String> = render::lines(&Event::Done(done.clone()))
            .into_iter()
            .map(|line| match line {
                render::Line::Say(text) | render::Line::Warn(text) => text,
            })
            .collect();
        assert!(!expected.is_empty(), "the console says something for it");
        ui.tell(Event::Done(done.clone()));
        for text in expected {
            match window.recv().unwrap() {
                Message::Say(said) | Message::Warn { text: said, .. } => assert_eq!(said, text),
                other => panic!("a transcript line was expected, got {other:?}"),
            }
        }
        assert!(matches!(window.recv().unwrap(), Message::Done(d) if d == done));
    }

    fn installed(vault: talk::VaultFate) -> Done {
        Done::Installed {
            key_folder: r"C:\SOGEI".into(),
            archive: Some(r"C:\SOGEI\Chiavi di Sicurezza Scadute\Chiavi X".into()),
            vault,
            vault_path: r"D:\chiavi.age".into(),
        }
    }

    #[test]
    fn a_plan_and_an_outcome_reach_the_window_as_values() {
        let (mut ui, window, _) = bridge();
        let plan = Plan::Install {
            holder: "STUDIO DEMO ROSSI".into(),
            expires: chrono::NaiveDate::from_ymd_opt(2029, 10, 31),
            target: r"C:\SOGEI".into(),
            archive: None,
            check_code: "1234-5678-9012".into(),
        };
        let told = plan.clone();
        let worker = thread::spawn(move || {
            ui.tell(Event::Plan(told));
            ui.tell(Event::Progress(Progress::Searching { folders: 42 }));
            ui.tell(Event::WrongSecret { secret: Secret::Passphrase, tries_left: 2, file: None });
            ui.tell(Event::Done(installed(talk::VaultFate::Wiped)));
            ui.tell(Event::KeyFolder { path: r"C:\SOGEI".into(), how: talk::Found::Searched });
            let key_folder = r"C:\SOGEI".into();
            ui.tell(Event::KeysInPlace { key_folder, archive: None, already: false });
        });
        worker.join().unwrap();
        assert!(matches!(next_typed(&window), Message::Plan(p) if p == plan));
        assert!(matches!(
            next_typed(&window),
            Message::Progress(Progress::Searching { folders: 42 })
        ));
        assert!(matches!(
            next_typed(&window),
            Message::WrongSecret { secret: Secret::Passphrase, tries_left: 2 }
        ));
        assert!(
            matches!(next_typed(&window), Message::Done(d) if d == installed(talk::VaultFate::Wiped))
        );
        assert!(matches!(next_typed(&window), Message::Told(Event::KeyFolder { .. })));
        assert!(matches!(
            next_typed(&window),
            Message::Told(Event::KeysInPlace { already: false, .. })
        ));
    }

    #[test]
    fn a_cancelled_secret_question_stops_the_step_as_cancelled() {
        // The steps read secrets through ask_secret: a cancel there is "stopped by the user",
        // not "needs a terminal".
        let (mut ui, window, cancel) = bridge();
        let worker = thread::spawn(move || {
            crate::ui::ask_secret(&mut ui, Secret::Password, "Password:").map(drop)
        });
        let Message::Ask(Ask::Secret { .. }, reply) = window.recv().unwrap() else { panic!() };
        cancel.cancel();
        drop(reply);
        assert!(matches!(worker.join().unwrap(), Err(Error::Cancelled)));
    }

    #[test]
    fn the_window_gone_is_a_cancel() {
        let (mut ui, window, _) = bridge();
        drop(window);
        // deliver's channel is closed: the reply is dropped with the message.
        assert_eq!(ui.folder("?").unwrap_err().kind(), io::ErrorKind::Interrupted);
    }

    #[test]
    fn a_choice_reaches_the_window_as_its_items_with_no_text_read() {
        let (mut ui, window, _) = bridge();
        let worker = thread::spawn(move || {
            let items = vec![r#""C:\SOGEI""#.to_owned(), r#""D:\CHIAVE PRIVATA""#.to_owned()];
            // Whatever the heading and prompt say, the window gets the items.
            let first = ui.choose("qualsiasi", items.clone(), "parole").unwrap();
            let out_of_range = ui.choose("qualsiasi", items, "parole").map_err(|e| e.kind());
            (first, out_of_range)
        });
        let Message::Ask(Ask::Choose { heading, items }, reply) = window.recv().unwrap() else {
            panic!("a choice was expected")
        };
        assert_eq!(heading, "qualsiasi");
        assert_eq!(items, [r#""C:\SOGEI""#, r#""D:\CHIAVE PRIVATA""#]);
        reply.answer(Answer::Chosen(1));
        let Message::Ask(Ask::Choose { .. }, reply) = window.recv().unwrap() else { panic!() };
        // An index that is not an item's is no answer (a bug in the window): taken as a cancel.
        reply.answer(Answer::Chosen(2));
        assert_eq!(worker.join().unwrap(), (1, Err(io::ErrorKind::Interrupted)));
    }

    #[test]
    fn outcomes_say_what_guided_mode_says() {
        use std::path::Path;
        let dir = Path::new("chiavi").to_owned();
        assert_eq!(Outcome::of(Ok(Some(dir.clone()))), Outcome::Done(Some(dir)));
        assert_eq!(
            Outcome::of(Err(Error::Cancelled)),
            Outcome::Cancelled(fl!("err-cancelled")),
            "a cancel is said plainly, never as an error"
        );
        let Outcome::Failed { sentence, advice } = Outcome::of(Err(Error::NoKeyFolder)) else {
            panic!()
        };
        assert_eq!(sentence, format!("{} {}", fl!("error-prefix"), Error::NoKeyFolder));
        assert_eq!(advice, crate::wizard::advice(&Error::NoKeyFolder));
        assert_eq!(advice.as_deref(), Some(fl!("wizard-rec-key-folder").as_str()));
    }

    #[test]
    fn a_taken_secret_leaves_the_field_empty() {
        struct Field(RefCell<String>);
        impl SecretField for Field {
            fn text(&self) -> Zeroizing<String> {
                Zeroizing::new(self.0.borrow().clone())
            }
            fn clear(&self) {
                self.0.borrow_mut().clear();
            }
        }
        let field = Field(RefCell::new("Prova.2026".into()));
        let secret = take_secret(&field);
        assert_eq!(secret.expose_secret(), "Prova.2026");
        assert!(field.0.borrow().is_empty(), "the field was emptied");
    }

    #[test]
    fn debug_output_never_holds_a_secret() {
        let ask = Ask::Reveal {
            label: "Passphrase:".into(),
            secret: SecretString::from("segreto-non-stampato"),
            then_hide: true,
        };
        let (reply, _) = mpsc::channel();
        let shown = format!("{:?}", Message::Ask(ask, Reply(reply)));
        assert!(!shown.contains("segreto"), "{shown}");
        let answer = Answer::Secret(SecretString::from("segreto"));
        assert!(matches!(answer, Answer::Secret(_)));
    }
}
