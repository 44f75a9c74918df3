//! window: the native Windows window (winsafe over Win32 controls, which Windows itself draws:
//! screen readers, high contrast and Remote Desktop work as in any Windows program).
//!
//! One window, several pages ([`Page`]): the first shows the five actions; an action runs its
//! guided step on a worker thread, whose messages ([`Message`]) arrive here through
//! `run_ui_thread` and turn into the log, a question page or the end page. The keyboard works as
//! in a dialog: Tab moves, Enter gives the page's default answer, Esc cancels, Alt+letter (or
//! Alt+1..5 on the first page) presses a button.
//!
//! This module must never keep a secret longer than the page that shows or asks it: the masked
//! field is emptied as soon as it is read, the shown secret as soon as the user goes on or
//! cancels, and neither control lets the text be selected or copied.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use winsafe::{self as w, co, gui, prelude::*};
use zeroize::Zeroizing;

use super::bridge::{
    Answer, Ask, Bridge, Cancel, Message, Outcome, Reply, SecretField, take_secret,
};
use super::layout::{self, Control, Page};
use crate::context::Context;
use crate::error::Exit;
use crate::i18n::fl;
use crate::stick;
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
}

/// The kind of question on screen (its secret, if any, is in the controls, not here).
#[derive(Clone, Copy)]
enum Pending {
    Confirm { default: bool },
    Line,
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
    shown: BigText,
    browse: gui::Button,
    progress: gui::ProgressBar,
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
        // Drawn, not an edit box: it cannot be selected, so it cannot be copied.
        let shown = BigText::new(&wnd, Control::Shown);
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
            shown,
            browse,
            progress,
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
            Control::Shown => self.shown.wnd.hwnd(),
            Control::Browse => self.browse.hwnd(),
            Control::Progress => self.progress.hwnd(),
            Control::Ok => self.ok.hwnd(),
            Control::No => self.no.hwnd(),
            Control::Cancel => self.cancel.hwnd(),
        }
    }

    /// Shows `page`: its controls visible, the others hidden, the marquee running only while
    /// the step works.
    fn show(&self, page: Page) {
        self.state().page = Some(page);
        for control in layout::all() {
            let visible = layout::shows(page, control);
            self.hwnd(control).ShowWindow(if visible { co::SW::SHOW } else { co::SW::HIDE });
        }
        self.progress.set_marquee(page == Page::Busy);
        let ok = match page {
            Page::Confirm => fl!("gui-yes"),
            Page::Finished => fl!("gui-back"),
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
            Page::Line | Page::Folder => {
                let _ = self.field.focus();
            }
            Page::Choose => {
                let _ = self.list.focus();
            }
            Page::Secret => {
                let _ = self.masked.focus();
            }
            Page::Reveal | Page::Finished => {
                let _ = self.ok.focus();
            }
            // Focus on the answer Enter would give (see `enter`).
            Page::Confirm => {}
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
        // Enter and Esc, as the dialog manager sends them.
        self.wnd.on().wm_command(ID_ENTER, co::BN::CLICKED, self.handler(Window::enter));
        self.wnd.on().wm_command(ID_ESCAPE, co::BN::CLICKED, self.handler(Window::cancel_step));
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
            state.remembered.clone()
        };
        self.log.set_text("").ok();
        let _ = self.prompt.hwnd().SetWindowText("");
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
            Message::Warn(text) => self.append(&format!("{} {text}", fl!("warning-prefix"))),
            Message::Ask(ask, reply) => self.ask(ask, reply),
            Message::Finished(outcome) => self.finished(outcome),
        }
    }

    fn ask(&self, ask: Ask, reply: Reply) {
        let (pending, page, prompt) = match ask {
            Ask::Confirm { question, default } => {
                (Pending::Confirm { default }, Page::Confirm, question)
            }
            Ask::Line { prompt, folder } => {
                (Pending::Line, if folder { Page::Folder } else { Page::Line }, prompt)
            }
            Ask::Choose { prompt, items } => {
                self.list.items().delete_all();
                let _ = self.list.items().add(&items);
                (Pending::Choose, Page::Choose, prompt)
            }
            Ask::Secret { prompt } => (Pending::Secret, Page::Secret, prompt),
            Ask::Reveal { label, secret, then_hide: _ } => {
                use secrecy::ExposeSecret;
                // Shown as soon as the page opens: the page itself is the "press to see" step,
                // and Next (or Cancel, or closing) hides it again.
                self.shown.set(secret.expose_secret());
                (Pending::Reveal, Page::Reveal, label)
            }
        };
        let _ = self.prompt.hwnd().SetWindowText(prompt.trim_end());
        self.state().pending = Some((pending, reply));
        self.show(page);
        if let Pending::Confirm { default } = pending {
            let _ = if default { self.ok.focus() } else { self.no.focus() };
        }
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

    /// Next / Yes / Back.
    fn answer_ok(&self) {
        let (page, pending) = {
            let state = self.state();
            (state.page, state.pending.as_ref().map(|(p, _)| *p))
        };
        match (page, pending) {
            (Some(Page::Finished), _) => self.show(Page::Home),
            (_, Some(Pending::Confirm { .. })) => self.answer(Answer::Yes(true)),
            (_, Some(Pending::Line)) => {
                let text = self.field.text().unwrap_or_default();
                let _ = self.field.set_text("");
                self.answer(Answer::Text(text));
            }
            (_, Some(Pending::Choose)) => {
                let chosen = self.list.items().iter_selected().ok().and_then(|mut selected| {
                    selected.next().and_then(|item| item.ok()).map(|(index, _)| index)
                });
                match chosen {
                    // The number the console would have typed.
                    Some(index) => self.answer(Answer::Text((index + 1).to_string())),
                    None => {
                        let _ = self.list.focus();
                    }
                }
            }
            (_, Some(Pending::Secret)) => {
                let secret = take_secret(&Masked(&self.masked));
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

    /// Cancel / Esc: stops the step at its question (nothing is changed: each step asks before
    /// it changes anything); on the end page, back to the first.
    fn cancel_step(&self) {
        let (cancel, reply, page) = {
            let mut state = self.state();
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
            None if page == Some(Page::Finished) => self.show(Page::Home),
            None => {}
        }
    }

    /// Empties every control that may hold a secret.
    fn clear_secrets(&self) {
        let _ = self.masked.set_text("");
        self.shown.set("");
    }

    fn finished(&self, outcome: Outcome) {
        let closing = {
            let mut state = self.state();
            state.running = None;
            state.pending = None;
            if let Outcome::Done(Some(dir)) = &outcome {
                state.remembered = Some(dir.clone());
            }
            state.closing
        };
        self.clear_secrets();
        if closing {
            let _ = self.wnd.hwnd().DestroyWindow();
            return;
        }
        match outcome {
            Outcome::Done(_) => {
                self.append("");
                self.append(&fl!("gui-done"));
                self.show(Page::Finished);
            }
            Outcome::Cancelled(sentence) => {
                self.append("");
                self.append(&sentence);
                self.show(Page::Finished);
            }
            Outcome::Failed { sentence, advice } => {
                self.append("");
                self.append(&sentence);
                let mut text = sentence;
                if let Some(advice) = advice {
                    self.append(&advice);
                    text = format!("{text}\n\n{advice}");
                }
                self.show(Page::Finished);
                let _ =
                    self.wnd.hwnd().MessageBox(&text, "sigillo", co::MB::ICONERROR | co::MB::OK);
                self.show(Page::Home);
            }
        }
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

/// A secret shown on purpose, large (the generated passphrase is read aloud on the phone from it):
/// drawn by the window itself, so no control holds it as text that could be selected or copied.
/// Its only copy is wiped when the page changes.
#[derive(Clone)]
struct BigText {
    wnd: gui::WindowControl,
    text: Arc<Mutex<Zeroizing<String>>>,
}

impl BigText {
    fn new(parent: &gui::WindowMain, control: Control) -> BigText {
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
        let big = BigText { wnd, text: Arc::new(Mutex::new(Zeroizing::new(String::new()))) };
        let me = big.clone();
        big.wnd.on().wm_paint(move || {
            let hwnd = me.wnd.hwnd();
            let hdc = hwnd.BeginPaint()?;
            let mut bounds = hwnd.GetClientRect()?;
            let mut font = w::LOGFONT::new_face(-gui::dpi_y(layout::BIG_TEXT), "Segoe UI");
            font.lfWeight = co::FW::SEMIBOLD;
            let font = w::HFONT::CreateFontIndirect(&font)?;
            let _selected = hdc.SelectObject(&*font)?;
            hdc.SetBkMode(co::BKMODE::TRANSPARENT)?;
            let text = me.text.lock().unwrap_or_else(|p| p.into_inner());
            hdc.DrawText(&text, &mut bounds, co::DT::WORDBREAK | co::DT::NOPREFIX)?;
            Ok(())
        });
        big
    }

    /// Shows `text` (empty: wipes the one shown).
    fn set(&self, text: &str) {
        {
            let mut shown = self.text.lock().unwrap_or_else(|p| p.into_inner());
            // Zeroizing wipes the old text when it is replaced.
            *shown = Zeroizing::new(text.to_owned());
        }
        let _ = self.wnd.hwnd().InvalidateRect(None, true);
    }
}

/// The masked edit box, as the bridge reads a secret field.
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
