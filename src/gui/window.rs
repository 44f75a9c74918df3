//! window: the native Windows window (winsafe over Win32 controls, which Windows itself draws:
//! screen readers, high contrast and Remote Desktop work as in any Windows program).
//!
//! One window, several pages ([`Page`]): the first shows the five actions; an action runs its
//! guided step on a worker thread, whose messages ([`Message`]) arrive here through
//! `run_ui_thread` and turn into pages with the typed values they carry ([`pages`]): the plan
//! before anything changes, the working page, each question, and the result in one line with its
//! mark. What the step said stays in the transcript, behind "Dettagli". The keyboard works as
//! in a dialog: Tab moves, Enter gives the page's default answer, Esc cancels, Alt+letter (or
//! Alt+1..5 on the first page) presses a button.
//!
//! This module must never keep a secret longer than the page that shows or asks it: the masked
//! field is emptied as soon as it is read, the shown secret as soon as the user goes on or
//! cancels, and neither control lets the text be selected or copied. "Mostra" moves what is typed
//! from the masked field into a plain one in its place (and back): the text is in one field at a
//! time, and both are emptied when the answer is read. (Toggling the masked field's own style
//! would need a raw window message, which `#![forbid(unsafe_code)]` rules out.)

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use winsafe::{self as w, co, gui, prelude::*};
use zeroize::Zeroizing;

use super::bridge::{
    Answer, Ask, Bridge, Cancel, Message, Outcome, Reply, SecretField, take_secret,
};
use super::layout::{self, Control, Page};
use super::pages::{self, Mark, Session};
use crate::context::Context;
use crate::error::Exit;
use crate::i18n::fl;
use crate::stick;
use crate::talk::Event;
use crate::wizard::{self, Choice};

/// The identifiers Windows' dialog keys send: Enter and Esc.
const ID_ENTER: u16 = 1;
const ID_ESCAPE: u16 = 2;

/// Lets go of the console and shows the window until it is closed.
pub fn run(ctx: Context) -> Exit {
    // The console Windows opened for the double-click would otherwise stay open behind the
    // window. Failing only means there was none.
    let _ = w::FreeConsole();
    let window = Window::new(ctx);
    match window.wnd.run_main(None) {
        Ok(_) => Exit::Ok,
        Err(_) => Exit::Failure,
    }
}

/// What the window's thread knows between messages.
#[derive(Default)]
struct State {
    page: Option<Page>,
    /// The question on screen and where its answer goes.
    pending: Option<(Pending, Reply)>,
    /// The running step's cancel switch; `None` when no step runs.
    running: Option<Cancel>,
    /// The window was closed while a step ran: close it when the step is over.
    closing: bool,
    /// The key folder an earlier action found, for the next one.
    remembered: Option<PathBuf>,
    /// What the running (or last) step told, in values.
    session: Session,
    /// The page "Dettagli" was pressed on, to go back to.
    before_transcript: Option<Page>,
    /// The secret asked now may be shown as typed ("Mostra").
    may_show: bool,
    /// What the alert line says on the secret's page (a wrong secret), if anything.
    alert: bool,
    /// The folder "Apri cartella" opens.
    open_folder: Option<PathBuf>,
}

/// The kind of question on screen (its secret, if any, is in the controls, not here).
#[derive(Clone, Copy)]
enum Pending {
    Confirm { default: bool },
    Folder,
    Choose,
    Secret,
    Reveal,
}

/// The window and its controls. Cloned into every event handler (the controls are handles).
#[derive(Clone)]
struct Window {
    wnd: gui::WindowMain,
    title: gui::Label,
    actions: Vec<gui::Button>,
    explains: Vec<gui::Label>,
    log: gui::Edit,
    prompt: gui::Label,
    field: gui::Edit,
    list: gui::ListBox,
    masked: gui::Edit,
    unmasked: gui::Edit,
    show_secret: gui::CheckBox,
    shown: Drawn,
    headline: Drawn,
    summary: gui::Label,
    check_code: Drawn,
    alert: Drawn,
    phase: gui::Label,
    browse: gui::Button,
    progress: gui::ProgressBar,
    details: gui::Button,
    open_folder: gui::Button,
    ok: gui::Button,
    no: gui::Button,
    cancel: gui::Button,
    state: Arc<Mutex<State>>,
    ctx: Arc<Context>,
    /// Whether sigillo runs from a removable drive: asked once, by the first action's worker
    /// (the volume list can take a moment).
    on_stick: Arc<OnceLock<bool>>,
}

/// A control's place, scaled for the screen's DPI.
fn place(control: Control) -> ((i32, i32), (i32, i32)) {
    let r = layout::rect(control);
    (gui::dpi(r.x, r.y), gui::dpi(r.w, r.h))
}

fn button(wnd: &gui::WindowMain, control: Control, text: &str) -> gui::Button {
    let ((x, y), (w, h)) = place(control);
    gui::Button::new(
        wnd,
        gui::ButtonOpts { text, position: (x, y), width: w, height: h, ..Default::default() },
    )
}

fn label(wnd: &gui::WindowMain, control: Control, text: &str) -> gui::Label {
    let (position, size) = place(control);
    gui::Label::new(
        wnd,
        gui::LabelOpts {
            text,
            position,
            size,
            // No "&" prefixes: a message with an ampersand shows it as written.
            control_style: co::SS::LEFT | co::SS::NOPREFIX,
            ..Default::default()
        },
    )
}

fn edit(wnd: &gui::WindowMain, control: Control, style: co::ES, window: co::WS) -> gui::Edit {
    let ((x, y), (w, h)) = place(control);
    gui::Edit::new(
        wnd,
        gui::EditOpts {
            position: (x, y),
            width: w,
            height: h,
            control_style: style,
            window_style: window,
            ..Default::default()
        },
    )
}

/// Colours of the drawn lines and marks.
const GREEN: (u8, u8, u8) = (0x1e, 0x7b, 0x34);
const RED: (u8, u8, u8) = (0xb0, 0x1c, 0x1c);
const GREY: (u8, u8, u8) = (0x6b, 0x6b, 0x6b);
const INK: (u8, u8, u8) = (0x10, 0x10, 0x10);

impl Window {
    fn new(ctx: Context) -> Window {
        let (cw, ch) = layout::CLIENT;
        let wnd = gui::WindowMain::new(gui::WindowMainOpts {
            title: "sigillo",
            class_icon: gui::Icon::Id(1),
            size: gui::dpi(cw, ch),
            style: co::WS::CAPTION
                | co::WS::SYSMENU
                | co::WS::CLIPCHILDREN
                | co::WS::BORDER
                | co::WS::MINIMIZEBOX
                | co::WS::VISIBLE,
            ..Default::default()
        });
        let child = co::WS::CHILD | co::WS::GROUP | co::WS::TABSTOP;
        let title = label(&wnd, Control::Title, &fl!("wizard-menu"));
        let mut actions = Vec::new();
        let mut explains = Vec::new();
        for (n, choice) in Choice::ACTIONS.iter().enumerate() {
            // "&1 Preparare la chiavetta…": Alt+1..5, the numbers the console menu uses.
            let text = format!("&{} {}", n + 1, choice.text());
            actions.push(button(&wnd, Control::Action(n), &text));
            explains.push(label(&wnd, Control::Explain(n), &explain(*choice)));
        }
        // Not a tab stop: Tab goes from question to answer to buttons.
        let log = edit(
            &wnd,
            Control::Log,
            co::ES::MULTILINE | co::ES::READONLY | co::ES::AUTOVSCROLL,
            co::WS::CHILD | co::WS::VSCROLL,
        );
        let prompt = label(&wnd, Control::Prompt, "");
        let field = edit(&wnd, Control::Field, co::ES::AUTOHSCROLL, child);
        let (position, size) = place(Control::List);
        let list = gui::ListBox::new(
            &wnd,
            gui::ListBoxOpts {
                position,
                size,
                control_style: co::LBS::NOTIFY | co::LBS::NOINTEGRALHEIGHT,
                window_style: child | co::WS::VSCROLL | co::WS::HSCROLL,
                ..Default::default()
            },
        );
        // ES_PASSWORD: shown as dots, and Windows refuses to copy it to the clipboard.
        let masked = edit(&wnd, Control::Masked, co::ES::AUTOHSCROLL | co::ES::PASSWORD, child);
        // In the masked field's place while "Mostra" is checked.
        let unmasked = edit(&wnd, Control::Unmasked, co::ES::AUTOHSCROLL, child);
        let (position, size) = place(Control::ShowSecret);
        let show_secret = gui::CheckBox::new(
            &wnd,
            gui::CheckBoxOpts {
                text: &fl!("gui-show-secret"),
                position,
                size,
                ..Default::default()
            },
        );
        // Drawn, not an edit box: it cannot be selected, so it cannot be copied.
        let shown = Drawn::new(&wnd, Control::Shown, layout::BIG_TEXT, false);
        let headline = Drawn::new(&wnd, Control::Headline, layout::HEADLINE_TEXT, true);
        let summary = label(&wnd, Control::Summary, "");
        let check_code = Drawn::new(&wnd, Control::CheckCode, layout::CODE_TEXT, true);
        let alert = Drawn::new(&wnd, Control::Alert, layout::ALERT_TEXT, true);
        alert.look(RED, None);
        let phase = label(&wnd, Control::Phase, "");
        let browse = button(&wnd, Control::Browse, &fl!("gui-browse"));
        let (position, size) = place(Control::Progress);
        let progress = gui::ProgressBar::new(
            &wnd,
            gui::ProgressBarOpts {
                position,
                size,
                control_style: co::PBS::SMOOTH | co::PBS::MARQUEE,
                ..Default::default()
            },
        );
        let details = button(&wnd, Control::Details, &fl!("gui-details"));
        let open_folder = button(&wnd, Control::OpenFolder, &fl!("gui-open-folder"));
        let ok = button(&wnd, Control::Ok, &fl!("gui-next"));
        let no = button(&wnd, Control::No, &fl!("gui-no"));
        let cancel = button(&wnd, Control::Cancel, &fl!("gui-cancel"));
        let window = Window {
            wnd,
            title,
            actions,
            explains,
            log,
            prompt,
            field,
            list,
            masked,
            unmasked,
            show_secret,
            shown,
            headline,
            summary,
            check_code,
            alert,
            phase,
            browse,
            progress,
            details,
            open_folder,
            ok,
            no,
            cancel,
            state: Arc::new(Mutex::new(State::default())),
            ctx: Arc::new(ctx),
            on_stick: Arc::default(),
        };
        window.events();
        window
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held leaves a state that is still whole: carry on.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The window of `control`.
    fn hwnd(&self, control: Control) -> &w::HWND {
        match control {
            Control::Title => self.title.hwnd(),
            Control::Action(n) => self.actions[n].hwnd(),
            Control::Explain(n) => self.explains[n].hwnd(),
            Control::Log => self.log.hwnd(),
            Control::Prompt => self.prompt.hwnd(),
            Control::Field => self.field.hwnd(),
            Control::List => self.list.hwnd(),
            Control::Masked => self.masked.hwnd(),
            Control::Unmasked => self.unmasked.hwnd(),
            Control::ShowSecret => self.show_secret.hwnd(),
            Control::Shown => self.shown.wnd.hwnd(),
            Control::Headline => self.headline.wnd.hwnd(),
            Control::Summary => self.summary.hwnd(),
            Control::CheckCode => self.check_code.wnd.hwnd(),
            Control::Alert => self.alert.wnd.hwnd(),
            Control::Phase => self.phase.hwnd(),
            Control::Browse => self.browse.hwnd(),
            Control::Progress => self.progress.hwnd(),
            Control::Details => self.details.hwnd(),
            Control::OpenFolder => self.open_folder.hwnd(),
            Control::Ok => self.ok.hwnd(),
            Control::No => self.no.hwnd(),
            Control::Cancel => self.cancel.hwnd(),
        }
    }

    /// Whether `control` is visible on `page` now: the layout's rule, then what this question
    /// allows (Mostra only for a secret that may be shown, the plain field in the masked one's
    /// place while it is checked, the alert only when there is one, Apri cartella only with a
    /// folder to open).
    fn visible(&self, page: Page, control: Control) -> bool {
        let (may_show, alert, folder) = {
            let state = self.state();
            (state.may_show, state.alert, state.open_folder.is_some())
        };
        let plain = may_show && self.show_secret.is_checked();
        match control {
            Control::Unmasked => layout::shows(page, Control::Masked) && plain,
            Control::Masked => layout::shows(page, control) && !plain,
            Control::ShowSecret => layout::shows(page, control) && may_show,
            Control::Alert => layout::shows(page, control) && alert,
            Control::OpenFolder => layout::shows(page, control) && folder,
            _ => layout::shows(page, control),
        }
    }

    /// Shows `page`: its controls visible, the others hidden, the marquee running only while
    /// the step works.
    fn show(&self, page: Page) {
        self.state().page = Some(page);
        for control in layout::all() {
            let visible = self.visible(page, control);
            self.hwnd(control).ShowWindow(if visible { co::SW::SHOW } else { co::SW::HIDE });
        }
        self.progress.set_marquee(page == Page::Busy);
        let ok = match page {
            Page::Confirm => fl!("gui-yes"),
            Page::Plan => fl!("gui-proceed"),
            Page::Result | Page::Transcript => fl!("gui-back"),
            _ => fl!("gui-next"),
        };
        let _ = self.ok.hwnd().SetWindowText(&ok);
        let _ = self.cancel.hwnd().SetWindowText(&fl!("gui-cancel"));
        self.cancel.hwnd().EnableWindow(true);
        match page {
            Page::Home => {
                let _ = self.actions[0].focus();
            }
            Page::Busy => {
                let _ = self.cancel.focus();
            }
            Page::Folder => {
                let _ = self.field.focus();
            }
            Page::Choose => {
                let _ = self.list.focus();
            }
            Page::Secret => {
                let _ = if self.visible(page, Control::Unmasked) {
                    self.unmasked.focus()
                } else {
                    self.masked.focus()
                };
            }
            Page::Reveal | Page::Result | Page::Transcript => {
                let _ = self.ok.focus();
            }
            // Focus on the answer Enter would give (see `ask`).
            Page::Confirm | Page::Plan => {}
        }
    }

    /// Adds a line to what the step said, scrolled into view.
    fn append(&self, text: &str) {
        let end = i32::MAX;
        self.log.set_selection(end, end);
        // Multi-line edit boxes break lines at "\r\n" only.
        let text = text.replace("\r\n", "\n").replace('\n', "\r\n");
        self.log.replace_selection(&format!("{text}\r\n"));
    }

    /// An event handler that runs `act` on this window.
    fn handler(&self, act: impl Fn(&Window) + 'static) -> impl Fn() -> w::AnyResult<()> + 'static {
        let me = self.clone();
        move || {
            act(&me);
            Ok(())
        }
    }

    fn events(&self) {
        for (n, choice) in Choice::ACTIONS.iter().copied().enumerate() {
            self.actions[n].on().bn_clicked(self.handler(move |me| me.start(choice)));
        }
        self.ok.on().bn_clicked(self.handler(Window::answer_ok));
        self.no.on().bn_clicked(self.handler(Window::answer_no));
        self.cancel.on().bn_clicked(self.handler(Window::cancel_step));
        self.list.on().lbn_dbl_clk(self.handler(Window::answer_ok));
        self.browse.on().bn_clicked(self.handler(Window::pick_folder));
        self.show_secret.on().bn_clicked(self.handler(Window::toggle_shown));
        self.details.on().bn_clicked(self.handler(Window::show_transcript));
        self.open_folder.on().bn_clicked(self.handler(Window::open_folder));
        // Enter and Esc, as the dialog manager sends them.
        self.wnd.on().wm_command(ID_ENTER, co::BN::CLICKED, self.handler(Window::enter));
        self.wnd.on().wm_command(ID_ESCAPE, co::BN::CLICKED, self.handler(Window::escape));
        let me = self.clone();
        self.wnd.on().wm_create(move |_| {
            me.show(Page::Home);
            Ok(0)
        });
        self.wnd.on().wm_close(self.handler(Window::close));
    }

    /// An action's button: its step starts on a worker thread.
    fn start(&self, choice: Choice) {
        let cancel = Cancel::default();
        let known = {
            let mut state = self.state();
            if state.running.is_some() {
                return;
            }
            state.running = Some(cancel.clone());
            state.session = Session::start(choice);
            state.open_folder = None;
            state.remembered.clone()
        };
        self.log.set_text("").ok();
        let _ = self.prompt.hwnd().SetWindowText("");
        let _ = self.phase.hwnd().SetWindowText(&fl!("gui-working"));
        self.show(Page::Busy);
        let me = self.clone();
        let deliver = move |message: Message| {
            let me2 = me.clone();
            me.wnd.run_ui_thread(move || {
                me2.receive(message);
                Ok(())
            });
        };
        let ctx = Arc::clone(&self.ctx);
        let on_stick = Arc::clone(&self.on_stick);
        std::thread::spawn(move || {
            let mut ui = Bridge::new(deliver, cancel);
            if !*on_stick.get_or_init(|| stick::on_removable_volume(&ctx.stick)) {
                wizard::not_on_a_stick(&ctx, &mut ui);
            }
            // A bug that panics in a step must not leave the window waiting for ever.
            let run = || wizard::action(&ctx, choice, known, &mut ui);
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
                Ok(result) => ui.finish(result),
                Err(_) => ui.finish_with(Outcome::Failed {
                    sentence: fl!("gui-internal-error"),
                    advice: Some(fl!("gui-rec-internal-error")),
                }),
            }
        });
    }

    /// A message from the worker, on the window's thread.
    fn receive(&self, message: Message) {
        match message {
            Message::Say(text) => self.append(&text),
            Message::Warn { text, .. } => {
                self.append(&format!("{} {text}", fl!("warning-prefix")));
            }
            Message::Plan(plan) => self.state().session.plan(plan),
            Message::Progress(progress) => {
                let mut phase = pages::working(&progress);
                if phase.is_empty() {
                    phase = fl!("gui-working");
                }
                let _ = self.phase.hwnd().SetWindowText(&phase);
            }
            Message::WrongSecret { secret, tries_left } => {
                self.state().session.wrong_secret(secret, tries_left);
            }
            Message::Done(done) => self.state().session.done(done),
            Message::Told(Event::KeyFolder { path, .. }) => self.state().session.key_folder(path),
            Message::Told(Event::KeysInPlace { key_folder, archive, .. }) => {
                self.state().session.keys_in_place(key_folder, archive);
            }
            // The rest is in the transcript's notes.
            Message::Told(_) => {}
            Message::Ask(ask, reply) => self.ask(ask, reply),
            Message::Finished(outcome) => self.finished(outcome),
        }
    }

    fn ask(&self, ask: Ask, reply: Reply) {
        let page = self.state().session.page_for(&ask);
        let (pending, prompt) = match ask {
            Ask::Confirm { question, default } => {
                let above = if page == Page::Plan { self.show_plan() } else { None };
                let question = match above {
                    Some(above) => format!("{above}\n{question}"),
                    None => question,
                };
                (Pending::Confirm { default }, question)
            }
            Ask::Folder { prompt } => (Pending::Folder, prompt),
            Ask::Choose { heading, items } => {
                self.list.items().delete_all();
                let _ = self.list.items().add(&items);
                (Pending::Choose, format!("{heading}\n{}", fl!("gui-choose")))
            }
            Ask::Secret { prompt, may_show, .. } => {
                // "Mostra" is for a secret that may be shown (the passphrase dictated by
                // phone); a later secret of the same step that may not starts masked.
                if !may_show {
                    self.show_secret.set_check(false);
                }
                let wrong = {
                    let mut state = self.state();
                    state.may_show = may_show;
                    let wrong = state.session.take_wrong();
                    state.alert = wrong.is_some();
                    wrong
                };
                self.alert.set(wrong.as_deref().unwrap_or(""));
                (Pending::Secret, prompt)
            }
            Ask::Reveal { label, secret, then_hide: _ } => {
                use secrecy::ExposeSecret;
                // Shown as soon as the page opens: the page itself is the "press to see" step,
                // and Next (or Cancel, or closing) hides it again.
                self.shown.set(secret.expose_secret());
                (Pending::Reveal, label)
            }
        };
        let _ = self.prompt.hwnd().SetWindowText(prompt.trim_end());
        self.state().pending = Some((pending, reply));
        self.show(page);
        if let Pending::Confirm { default } = pending {
            let _ = match (default, page) {
                (true, _) => self.ok.focus(),
                (false, Page::Plan) => self.cancel.focus(),
                (false, _) => self.no.focus(),
            };
        }
    }

    /// Fills the plan page from the plan the step told; returns the line that goes above its
    /// question (compare the check code), if any.
    fn show_plan(&self) -> Option<String> {
        let plan = self.state().session.take_plan()?;
        self.headline.look(INK, None);
        self.headline.set(&plan.heading);
        let compare = match &plan.check_code {
            Some(code) => {
                self.check_code.set(&format!("{}:  {code}", fl!("gui-plan-check-code")));
                Some(fl!("gui-plan-compare"))
            }
            None => {
                self.check_code.set("");
                None
            }
        };
        let _ = self.summary.hwnd().SetWindowText(&plan.lines.join("\n\n"));
        compare
    }

    /// Takes the pending question off the screen and answers it.
    fn answer(&self, answer: Answer) {
        let Some((_, reply)) = self.state().pending.take() else { return };
        self.clear_secrets();
        self.show(Page::Busy);
        reply.answer(answer);
    }

    /// No: answers a yes/no question (the button shows on no other page).
    fn answer_no(&self) {
        let confirm = matches!(self.state().pending, Some((Pending::Confirm { .. }, _)));
        if confirm {
            self.answer(Answer::Yes(false));
        }
    }

    /// Next / Yes / Procedi / Back.
    fn answer_ok(&self) {
        let (page, pending, before) = {
            let state = self.state();
            (state.page, state.pending.as_ref().map(|(p, _)| *p), state.before_transcript)
        };
        match (page, pending) {
            (Some(Page::Result), _) => self.show(Page::Home),
            (Some(Page::Transcript), _) => self.show(before.unwrap_or(Page::Home)),
            (_, Some(Pending::Confirm { .. })) => self.answer(Answer::Yes(true)),
            (_, Some(Pending::Folder)) => {
                let text = self.field.text().unwrap_or_default();
                let _ = self.field.set_text("");
                self.answer(Answer::Folder(PathBuf::from(text)));
            }
            (_, Some(Pending::Choose)) => {
                let chosen = self.list.items().iter_selected().ok().and_then(|mut selected| {
                    selected.next().and_then(|item| item.ok()).map(|(index, _)| index)
                });
                match chosen {
                    Some(index) => self.answer(Answer::Chosen(index as usize)),
                    None => {
                        let _ = self.list.focus();
                    }
                }
            }
            (_, Some(Pending::Secret)) => {
                // The field the page shows: the plain one only where the secret may be shown.
                let plain = self.state().may_show && self.show_secret.is_checked();
                let field = if plain { &self.unmasked } else { &self.masked };
                let secret = take_secret(&Masked(field));
                self.answer(Answer::Secret(secret));
            }
            (_, Some(Pending::Reveal)) => self.answer(Answer::Shown(true)),
            _ => {}
        }
    }

    /// Enter: the page's default answer (a yes/no question's default, as at the console); on
    /// the first page, the action whose button has the focus.
    fn enter(&self) {
        if self.state().page == Some(Page::Home) {
            let focus = w::HWND::GetFocus();
            let focused = Choice::ACTIONS
                .iter()
                .zip(&self.actions)
                .find(|(_, button)| focus.as_ref() == Some(button.hwnd()));
            if let Some((choice, _)) = focused {
                self.start(*choice);
            }
            return;
        }
        let pending = self.state().pending.as_ref().map(|(p, _)| *p);
        match pending {
            Some(Pending::Confirm { default }) => self.answer(Answer::Yes(default)),
            _ => self.answer_ok(),
        }
    }

    /// Esc: back from the transcript; otherwise Annulla.
    fn escape(&self) {
        if self.state().page == Some(Page::Transcript) {
            self.answer_ok();
        } else {
            self.cancel_step();
        }
    }

    /// Annulla / Esc: stops the step at its question (nothing is changed: each step asks before
    /// it changes anything); on the result page, back to the first.
    fn cancel_step(&self) {
        let (cancel, reply, page) = {
            let mut state = self.state();
            if state.running.is_some() {
                state.session.cancelled = true;
            }
            (state.running.clone(), state.pending.take(), state.page)
        };
        match cancel {
            Some(cancel) => {
                cancel.cancel();
                self.clear_secrets();
                // Dropping the reply answers the pending question with a cancel.
                drop(reply);
                self.show(Page::Busy);
                let _ = self.cancel.hwnd().SetWindowText(&fl!("gui-cancelling"));
                self.cancel.hwnd().EnableWindow(false);
            }
            None if page == Some(Page::Result) => self.show(Page::Home),
            None => {}
        }
    }

    /// "Mostra": moves what is typed between the masked field and the plain one in its place,
    /// so it is in one of them only.
    fn toggle_shown(&self) {
        let plain = self.show_secret.is_checked();
        let (from, to) =
            if plain { (&self.masked, &self.unmasked) } else { (&self.unmasked, &self.masked) };
        let typed = Zeroizing::new(from.text().unwrap_or_default());
        let _ = to.set_text(&typed);
        let _ = from.set_text("");
        drop(typed);
        // The state's lock is let go before `show` takes it again.
        let page = self.state().page;
        if let Some(page) = page {
            self.show(page);
        }
        let _ = to.focus();
        to.set_selection(i32::MAX, i32::MAX);
    }

    /// "Dettagli": what the step said, for support.
    fn show_transcript(&self) {
        let page = self.state().page;
        self.state().before_transcript = page;
        self.show(Page::Transcript);
    }

    /// "Apri cartella": the folder in Explorer.
    fn open_folder(&self) {
        let folder = self.state().open_folder.clone();
        if let Some(folder) = folder {
            let folder = folder.to_string_lossy();
            let _ = self.wnd.hwnd().ShellExecute("open", &folder, None, None, co::SW::SHOWNORMAL);
        }
    }

    /// Empties every control that may hold a secret.
    fn clear_secrets(&self) {
        let _ = self.masked.set_text("");
        let _ = self.unmasked.set_text("");
        self.show_secret.set_check(false);
        self.shown.set("");
    }

    fn finished(&self, outcome: Outcome) {
        let (closing, page) = {
            let mut state = self.state();
            state.running = None;
            state.pending = None;
            if let Outcome::Done(Some(dir)) = &outcome {
                state.remembered = Some(dir.clone());
            }
            let page = state.session.result(&outcome);
            state.open_folder = page.folder.clone();
            (state.closing, page)
        };
        self.clear_secrets();
        if closing {
            let _ = self.wnd.hwnd().DestroyWindow();
            return;
        }
        // The transcript ends as the console's guided mode ends.
        self.append("");
        match &outcome {
            Outcome::Done(_) => self.append(&page.headline),
            Outcome::Cancelled(sentence) => self.append(sentence),
            Outcome::Failed { sentence, advice } => {
                self.append(sentence);
                if let Some(advice) = advice {
                    self.append(advice);
                }
            }
        }
        let colour = match page.mark {
            Mark::Success => GREEN,
            Mark::Failure => RED,
            Mark::Stopped => GREY,
        };
        self.headline.look(INK, Some((page.mark, colour)));
        self.headline.set(&page.headline);
        let _ = self.summary.hwnd().SetWindowText(&page.details.join("\n\n"));
        match &page.check_code {
            Some(code) => self.check_code.set(&format!("{}:  {code}", fl!("gui-plan-check-code"))),
            None => self.check_code.set(""),
        }
        self.show(Page::Result);
    }

    /// The window's X (or Alt+F4): closes now, or, while a step runs, cancels it and closes
    /// when it has stopped (a step is never cut off halfway through a change).
    fn close(&self) {
        let running = self.state().running.is_some();
        if running {
            self.state().closing = true;
            self.cancel_step();
        } else {
            let _ = self.wnd.hwnd().DestroyWindow();
        }
    }

    /// "Sfoglia…": the system folder picker; the chosen folder goes into the text field.
    fn pick_folder(&self) {
        if let Ok(Some(path)) = self.folder_dialog() {
            let _ = self.field.set_text(&path);
            let _ = self.field.focus();
        }
    }

    fn folder_dialog(&self) -> w::HrResult<Option<String>> {
        let _com = w::CoInitializeEx(co::COINIT::APARTMENTTHREADED | co::COINIT::DISABLE_OLE1DDE)?;
        let dialog = w::CoCreateInstance::<w::IFileOpenDialog>(
            &co::CLSID::FileOpenDialog,
            None::<&w::IUnknown>,
            co::CLSCTX::INPROC_SERVER,
        )?;
        dialog
            .SetOptions(dialog.GetOptions()? | co::FOS::PICKFOLDERS | co::FOS::FORCEFILESYSTEM)?;
        dialog.SetTitle(&fl!("gui-browse-title"))?;
        if !dialog.Show(self.wnd.hwnd())? {
            return Ok(None);
        }
        Ok(Some(dialog.GetResult()?.GetDisplayName(co::SIGDN::FILESYSPATH)?))
    }
}

/// How a [`Drawn`] line looks: its colour and, for a result, the mark beside it.
#[derive(Clone, Copy)]
struct Look {
    ink: (u8, u8, u8),
    mark: Option<(Mark, (u8, u8, u8))>,
}

/// A line drawn by the window itself in a large font: the secret shown on purpose (the
/// generated passphrase is read aloud on the phone from it), the check code, the result's line
/// with its mark, a wrong secret in red. Nothing drawn can be selected, so nothing can be
/// copied. Only a `public` one is also the window's text (screen readers, the Wine GUI test);
/// a secret's only copy is its own buffer, wiped when the page changes.
#[derive(Clone)]
struct Drawn {
    wnd: gui::WindowControl,
    text: Arc<Mutex<Zeroizing<String>>>,
    look: Arc<Mutex<Look>>,
    public: bool,
}

impl Drawn {
    fn new(parent: &gui::WindowMain, control: Control, height: i32, public: bool) -> Drawn {
        let (position, size) = place(control);
        let wnd = gui::WindowControl::new(
            parent,
            gui::WindowControlOpts {
                position,
                size,
                class_bg_brush: gui::Brush::Color(co::COLOR::BTNFACE),
                style: co::WS::CHILD | co::WS::CLIPSIBLINGS,
                ..Default::default()
            },
        );
        let drawn = Drawn {
            wnd,
            text: Arc::new(Mutex::new(Zeroizing::new(String::new()))),
            look: Arc::new(Mutex::new(Look { ink: INK, mark: None })),
            public,
        };
        let me = drawn.clone();
        drawn.wnd.on().wm_paint(move || me.paint(height));
        drawn
    }

    fn paint(&self, height: i32) -> w::AnyResult<()> {
        let hwnd = self.wnd.hwnd();
        let hdc = hwnd.BeginPaint()?;
        let mut bounds = hwnd.GetClientRect()?;
        let look = *self.look.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((mark, colour)) = look.mark {
            let size = (bounds.bottom - bounds.top).min(gui::dpi_y(36));
            draw_mark(&hdc, mark, colour, bounds.left, bounds.top + 2, size - 4)?;
            bounds.left += size + gui::dpi_x(10);
        }
        let mut font = w::LOGFONT::new_face(-gui::dpi_y(height), "Segoe UI");
        font.lfWeight = co::FW::SEMIBOLD;
        let font = w::HFONT::CreateFontIndirect(&font)?;
        let _selected = hdc.SelectObject(&*font)?;
        hdc.SetBkMode(co::BKMODE::TRANSPARENT)?;
        let (r, g, b) = look.ink;
        hdc.SetTextColor(w::COLORREF::from_rgb(r, g, b))?;
        let text = self.text.lock().unwrap_or_else(|p| p.into_inner());
        // Nothing to draw is no call at all: winsafe passes an empty text as a null pointer,
        // which Wine's DrawTextW reads (an access violation, seen on a plan page with no code).
        if !text.is_empty() {
            hdc.DrawText(&text, &mut bounds, co::DT::WORDBREAK | co::DT::NOPREFIX)?;
        }
        Ok(())
    }

    /// Sets the colour and the mark.
    fn look(&self, ink: (u8, u8, u8), mark: Option<(Mark, (u8, u8, u8))>) {
        *self.look.lock().unwrap_or_else(|p| p.into_inner()) = Look { ink, mark };
        let _ = self.wnd.hwnd().InvalidateRect(None, true);
    }

    /// Shows `text` (empty: wipes the one shown).
    fn set(&self, text: &str) {
        {
            let mut shown = self.text.lock().unwrap_or_else(|p| p.into_inner());
            // Zeroizing wipes the old text when it is replaced.
            *shown = Zeroizing::new(text.to_owned());
        }
        if self.public {
            let _ = self.wnd.hwnd().SetWindowText(text);
        }
        let _ = self.wnd.hwnd().InvalidateRect(None, true);
    }
}

/// A round mark `size` pixels wide at (`x`, `y`): a tick for success, a cross for a failure, a
/// bar for a stop, white on `colour`. Drawn with lines, so it needs no font that has the glyph.
fn draw_mark(
    hdc: &w::HDC,
    mark: Mark,
    (r, g, b): (u8, u8, u8),
    x: i32,
    y: i32,
    size: i32,
) -> w::AnyResult<()> {
    let colour = w::COLORREF::from_rgb(r, g, b);
    let brush = w::HBRUSH::CreateSolidBrush(colour)?;
    let outline = w::HPEN::CreatePen(co::PS::SOLID, 1, colour)?;
    {
        let _brush = hdc.SelectObject(&*brush)?;
        let _pen = hdc.SelectObject(&*outline)?;
        hdc.Ellipse(w::RECT { left: x, top: y, right: x + size, bottom: y + size })?;
    }
    let white = w::COLORREF::from_rgb(255, 255, 255);
    let pen = w::HPEN::CreatePen(co::PS::SOLID, (size / 9).max(2), white)?;
    let _pen = hdc.SelectObject(&*pen)?;
    let at = |fx: i32, fy: i32| w::POINT::with(x + size * fx / 100, y + size * fy / 100);
    match mark {
        Mark::Success => hdc.Polyline(&[at(27, 52), at(43, 68), at(74, 34)])?,
        Mark::Failure => {
            hdc.Polyline(&[at(31, 31), at(69, 69)])?;
            hdc.Polyline(&[at(69, 31), at(31, 69)])?;
        }
        Mark::Stopped => hdc.Polyline(&[at(28, 50), at(72, 50)])?,
    }
    Ok(())
}

/// A secret's field (masked, or the plain one while "Mostra" is checked), as the bridge reads
/// a secret field.
struct Masked<'a>(&'a gui::Edit);

impl SecretField for Masked<'_> {
    fn text(&self) -> Zeroizing<String> {
        Zeroizing::new(self.0.text().unwrap_or_default())
    }
    fn clear(&self) {
        let _ = self.0.set_text("");
    }
}

/// The line under an action's button.
fn explain(choice: Choice) -> String {
    match choice {
        Choice::Seal => fl!("gui-explain-seal"),
        Choice::Install => fl!("gui-explain-install"),
        Choice::Status => fl!("gui-explain-status"),
        Choice::Rollback => fl!("gui-explain-rollback"),
        Choice::Wipe => fl!("gui-explain-wipe"),
        Choice::Leave => String::new(),
    }
}
