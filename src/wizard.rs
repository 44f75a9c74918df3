//! wizard: guided mode — what a double-click on the stick opens. A numbered menu in plain words
//! (seal, install, status, rollback, wipe), each path saying in a sentence or two what will
//! happen, showing what it found, and asking before anything changes.
//!
//! The wizard only talks and chooses: every path is a step's own guided plan
//! ([`SealPlan::guided`], [`InstallPlan::guided`], …) run by the same code the subcommands run.
//! It must never implement a step a second time, never end on an error (it says what happened
//! and what to do, then shows the menu again), and never wait for an answer when there is nobody
//! at a terminal.

use std::path::PathBuf;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::fl;
use crate::install::{self, InstallPlan};
use crate::rollback::{self, RollbackPlan};
use crate::sanitize::shown;
use crate::seal::{self, SealPlan};
use crate::status::{self, StatusPlan};
use crate::stick;
use crate::talk::{Answer, Question};
use crate::ui::Ui;
use crate::wipe;

/// The menu's choices, in the order shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Seal,
    Install,
    Status,
    Rollback,
    Wipe,
    Leave,
}

impl Choice {
    /// The five actions (everything but leaving), in the order shown: the window's buttons.
    pub const ACTIONS: [Choice; 5] =
        [Choice::Seal, Choice::Install, Choice::Status, Choice::Rollback, Choice::Wipe];

    /// What the menu says for it.
    pub fn text(self) -> String {
        match self {
            Choice::Seal => fl!("wizard-menu-seal"),
            Choice::Install => fl!("wizard-menu-install"),
            Choice::Status => fl!("wizard-menu-status"),
            Choice::Rollback => fl!("wizard-menu-rollback"),
            Choice::Wipe => fl!("wizard-menu-wipe"),
            Choice::Leave => fl!("wizard-menu-leave"),
        }
    }
}

/// Guided mode: the menu, again and again, until the user leaves (or input ends).
pub fn guided(ctx: &Context, ui: &mut dyn Ui) -> Result<()> {
    if !ui.interactive() {
        return Err(Error::GuidedNeedsTerminal);
    }
    greet(ctx, stick::on_removable_volume(&ctx.stick), ui);
    // The key folder found or chosen by an earlier step of this run: the next steps use it
    // instead of searching the disk (and asking) again.
    let mut remembered: Option<PathBuf> = None;
    loop {
        ui.say("");
        let choice = match menu(ui) {
            Ok(choice) => choice,
            // Leave (0).
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Choice::Leave,
            Err(_) => {
                // End of input (Ctrl-D, closed console): nobody can answer any more.
                ui.say("");
                break;
            }
        };
        ui.say("");
        if choice == Choice::Leave {
            break;
        }
        match action(ctx, choice, remembered.clone(), ui) {
            Ok(Some(dir)) => remembered = Some(dir),
            Ok(None) => {}
            Err(error) => explain(&error, ui),
        }
    }
    ui.say(&fl!("wizard-bye"));
    Ok(())
}

/// The title and the stick; when the program does not run from a removable drive, says so once,
/// with what that changes (the vault is written there, key-file copies there are never offered
/// for wiping).
fn greet(ctx: &Context, removable: bool, ui: &mut dyn Ui) {
    ui.say(&fl!("wizard-title"));
    ui.say(&fl!("wizard-stick", dir = shown(&ctx.stick)));
    if !removable {
        not_on_a_stick(ctx, ui);
    }
}

/// Warns that sigillo does not run from a removable drive, with what that changes. The console
/// says it once at the start; the window at the top of each action's page.
pub fn not_on_a_stick(ctx: &Context, ui: &mut dyn Ui) {
    ui.warn(&fl!("wizard-stick-not-removable", dir = shown(&ctx.stick)));
}

/// Runs one menu choice (any but [`Choice::Leave`], which does nothing): the console menu and
/// the window's buttons both come here. `known` is the key folder an earlier choice of this run
/// found; returns the one this choice found or chose, for the next.
pub fn action(
    ctx: &Context,
    choice: Choice,
    known: Option<PathBuf>,
    ui: &mut dyn Ui,
) -> Result<Option<PathBuf>> {
    // Each action of a long session reads the clock when it starts (ARCHITECTURE.md §4.11).
    let ctx = &Context { clock: ctx.clock.fresh(), ..ctx.clone() };
    if let Some(dir) = &known
        && choice != Choice::Wipe
        && choice != Choice::Leave
    {
        ui.say(&fl!("wizard-remembered-folder", dir = shown(dir)));
    }
    match choice {
        Choice::Seal => seal_path(ctx, known, ui).map(Some),
        Choice::Install => install_path(ctx, known, ui).map(Some),
        Choice::Status => {
            ui.say(&fl!("wizard-status-intro"));
            let plan = StatusPlan { dir: known, ..StatusPlan::guided(ctx) };
            status::status(&plan, ui).map(Some)
        }
        Choice::Rollback => {
            ui.say(&fl!("wizard-rollback-intro"));
            let plan = RollbackPlan { dir: known, ..RollbackPlan::guided(ctx) };
            rollback::rollback(&plan, ui).map(Some)
        }
        Choice::Wipe => {
            ui.say(&fl!("wizard-wipe-intro"));
            wipe::clean_stick(&ctx.stick, ui).map(|()| None)
        }
        Choice::Leave => Ok(None),
    }
}

fn menu(ui: &mut dyn Ui) -> std::io::Result<Choice> {
    let items = Choice::ACTIONS.iter().map(|choice| choice.text()).collect();
    let question = Question::Choose {
        heading: fl!("wizard-menu"),
        items,
        leave: Some(Choice::Leave.text()),
        prompt: fl!("wizard-choice"),
    };
    match ui.ask(question)? {
        Answer::Chosen(n) if n < Choice::ACTIONS.len() => Ok(Choice::ACTIONS[n]),
        _ => Err(std::io::ErrorKind::InvalidData.into()),
    }
}

/// An error as guided mode shows it: what happened, then what to do; then the menu again. A
/// cancel reads as on the command line: plainly, never as an error.
fn explain(error: &Error, ui: &mut dyn Ui) {
    ui.say("");
    ui.say(&error.headline());
    if let Some(advice) = advice(error) {
        ui.say(&advice);
    }
}

/// What to do after `error`, as guided mode (console or window) says it. The command-line
/// advice names options the menu does not have; a cancelled step needs none (the message says
/// nothing changed).
pub fn advice(error: &Error) -> Option<String> {
    match error {
        Error::Cancelled => None,
        Error::NoVault { .. } | Error::SeveralVaults { .. } => Some(fl!("wizard-rec-no-vault")),
        Error::NoKeyFolder | Error::SeveralKeyFolders { .. } => Some(fl!("wizard-rec-key-folder")),
        Error::TargetOnStick { place, .. } => {
            Some(fl!("wizard-rec-target-on-stick", place = place.as_str()))
        }
        Error::TargetUnresolved { .. } => Some(fl!("wizard-rec-target-unresolved")),
        _ => Some(error.advice()),
    }
}

/// Menu item 1, seal: [`seal::seal`] shows the keys and where the vault goes and asks first;
/// then the leftovers.
fn seal_path(ctx: &Context, from: Option<PathBuf>, ui: &mut dyn Ui) -> Result<PathBuf> {
    ui.say(&fl!("wizard-seal-intro"));
    let sealed = seal::seal(&SealPlan { from, ..SealPlan::guided(ctx) }, ui)?;
    ui.say(&fl!("wizard-seal-next"));
    wipe::offer_leftovers_after(&ctx.stick, &[], ui)?;
    Ok(sealed.from)
}

/// Menu item 2, install: [`install::install`] shows the vault and its check code, asks for the
/// passphrase, says what it will do and asks; then the leftovers.
fn install_path(ctx: &Context, to: Option<PathBuf>, ui: &mut dyn Ui) -> Result<PathBuf> {
    ui.say(&fl!("wizard-install-intro"));
    let key_dir = install::install(&InstallPlan { to, ..InstallPlan::guided(ctx) }, ui)?;
    wipe::offer_leftovers_after(&ctx.stick, &[], ui)?;
    Ok(key_dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::testing::Script;
    use std::fs;
    use std::path::Path;

    fn plan(stick: &Path) -> Context {
        use crate::error::Secret;
        use crate::ui::SecretSource;
        Context {
            stick: stick.to_owned(),
            roots: crate::locate::SearchRoots {
                known: Vec::new(),
                scan: Vec::new(),
                max_depth: 0,
                time_limit: std::time::Duration::from_secs(1),
                max_dirs: 10,
            },
            clock: crate::dates::Clock::on(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
            work_factor: 10,
            yes: false,
            details: false,
            passphrase: SecretSource { secret: Secret::Passphrase, file: None },
            password: SecretSource { secret: Secret::Password, file: None },
        }
    }

    /// A target refused as on the stick: guided mode has no `--to` nor `--force`, so its advice
    /// names neither, and still says what to do (the command line's does name `--to`).
    #[test]
    fn a_target_on_the_stick_is_advised_without_options_the_menu_lacks() {
        use crate::error::StickPlace;
        let path = PathBuf::from("E:\\Entratel");
        for place in [StickPlace::VaultFolder, StickPlace::Stick, StickPlace::StickDrive] {
            let error = Error::TargetOnStick { path: path.clone(), place };
            let guided = advice(&error).unwrap();
            assert!(!guided.contains("--"), "{place:?}: {guided}");
            assert!(guided.contains("C:\\Entratel"), "{place:?}: {guided}");
            assert!(error.advice().contains("--to"), "{place:?}");
        }
        let drive = Error::TargetOnStick { path: path.clone(), place: StickPlace::StickDrive };
        assert!(advice(&drive).unwrap().contains("avviare sigillo dalla chiavetta"));
        let unresolved = advice(&Error::TargetUnresolved { path }).unwrap();
        assert!(!unresolved.contains("--"), "{unresolved}");
    }

    #[test]
    fn an_error_goes_back_to_the_menu_and_end_of_input_leaves() {
        let stick = tempfile::tempdir().unwrap();
        let mut ui = Script::default();
        // Install with no vault on the stick, a wrong answer, then the input ends.
        ui.answers.extend(["2".to_owned(), "9".to_owned()]);
        guided(&plan(stick.path()), &mut ui).unwrap();
        let said = ui.said.join("\n");
        assert!(said.contains(&fl!("wizard-rec-no-vault")), "{said}");
        assert_eq!(said.matches(&fl!("wizard-menu")).count(), 3, "{said}");
        assert!(said.contains(&fl!("wizard-bad-choice")));
        assert!(said.ends_with(&fl!("wizard-bye")));
    }

    #[test]
    fn a_cancel_at_the_folder_prompt_is_said_plainly_and_the_menu_comes_back() {
        let stick = tempfile::tempdir().unwrap();
        let mut ui = Script::default();
        // Status finds no key folder and asks for one: Enter cancels; then the input ends.
        ui.answers.extend(["3".to_owned(), String::new()]);
        guided(&plan(stick.path()), &mut ui).unwrap();
        let said = ui.said.join("\n");
        assert!(ui.said.contains(&fl!("err-cancelled")), "{said}");
        assert!(!said.contains(&fl!("error-prefix")), "a cancel shown as an error:\n{said}");
        assert_eq!(said.matches(&fl!("wizard-menu")).count(), 2, "{said}");
    }

    #[test]
    fn a_fixed_disk_is_named_as_such_once_at_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let not_removable = fl!("wizard-stick-not-removable", dir = shown(dir.path()));
        let mut ui = Script::default();
        greet(&plan(dir.path()), false, &mut ui);
        assert_eq!(
            ui.said.iter().filter(|s| s.contains(&not_removable)).count(),
            1,
            "{:?}",
            ui.said
        );
        let mut ui = Script::default();
        greet(&plan(dir.path()), true, &mut ui);
        assert!(!ui.said.iter().any(|s| s.contains(&not_removable)), "{:?}", ui.said);
        assert!(ui.said.iter().any(|s| s.contains(&fl!("wizard-stick", dir = shown(dir.path())))));
    }

    #[test]
    fn wiping_an_empty_stick_says_so_and_changes_nothing() {
        let stick = tempfile::tempdir().unwrap();
        fs::write(stick.path().join("LEGGIMI.txt"), "guida").unwrap();
        let mut ui = Script::default();
        ui.answers.extend(["5".to_owned(), "0".to_owned()]);
        guided(&plan(stick.path()), &mut ui).unwrap();
        let said = ui.said.join("\n");
        assert!(said.contains(&fl!("wizard-wipe-nothing", dir = shown(stick.path()))), "{said}");
        assert!(stick.path().join("LEGGIMI.txt").exists());
    }
}
