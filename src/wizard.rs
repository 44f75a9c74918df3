//! wizard: guided mode — what a double-click on the stick opens. A numbered menu in plain words
//! (seal, install, status, rollback, wipe), each path saying in a sentence or two what will
//! happen, showing what it found, and asking before anything changes.
//!
//! The wizard only talks and chooses: every step is the same library code the subcommands run
//! ([`seal::seal`], [`install::install`], [`status::status`], [`rollback::rollback`],
//! [`stick::wipe_command`], [`stick::offer_leftovers`]). It must never implement a step a
//! second time, never end on an error (it says what happened and what to do, then shows the
//! menu again), and never wait for an answer when there is nobody at a terminal.

use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, Result, Secret};
use crate::fl;
use crate::install;
use crate::locate::{self, SearchRoots};
use crate::rollback;
use crate::seal;
use crate::status;
use crate::stick;
use crate::ui::{SecretSource, Ui, agree, shown};
use crate::vault;
use crate::wipe;

/// What guided mode works with: the stick, where to look for key folders, today.
#[derive(Debug)]
pub struct GuidedPlan {
    /// The USB stick: the folder of the running program (vaults are written and looked for
    /// here, leftovers are searched below it).
    pub stick: PathBuf,
    /// Where to search for the key folder.
    pub roots: SearchRoots,
    /// Today: names the vault and the archives.
    pub today: NaiveDate,
    /// scrypt work factor for sealing ([`vault::SEAL_WORK_FACTOR`] except in tests).
    pub work_factor: u8,
}

/// The menu's choices, in the order shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    Seal,
    Install,
    Status,
    Rollback,
    Wipe,
    Leave,
}

impl Choice {
    /// The choice for a typed answer; `None` for anything else.
    fn parse(answer: &str) -> Option<Choice> {
        Some(match answer.trim() {
            "1" => Choice::Seal,
            "2" => Choice::Install,
            "3" => Choice::Status,
            "4" => Choice::Rollback,
            "5" => Choice::Wipe,
            "0" => Choice::Leave,
            _ => return None,
        })
    }
}

/// Guided mode: the menu, again and again, until the user leaves (or input ends).
pub fn guided(plan: &GuidedPlan, ui: &mut dyn Ui) -> Result<()> {
    if !ui.interactive() {
        return Err(Error::GuidedNeedsTerminal);
    }
    ui.say(&fl!("wizard-title"));
    ui.say(&fl!("wizard-stick", dir = shown(&plan.stick)));
    loop {
        ui.say("");
        menu(ui);
        let Ok(answer) = ui.line(&fl!("wizard-choice")) else {
            // End of input (Ctrl-D, closed console): nobody can answer any more.
            ui.say("");
            break;
        };
        let Some(choice) = Choice::parse(&answer) else {
            ui.warn(&fl!("wizard-bad-choice"));
            continue;
        };
        ui.say("");
        let outcome = match choice {
            Choice::Seal => seal_path(plan, ui),
            Choice::Install => install_path(plan, ui),
            Choice::Status => status_path(plan, ui),
            Choice::Rollback => rollback_path(plan, ui),
            Choice::Wipe => wipe_path(plan, ui),
            Choice::Leave => break,
        };
        if let Err(error) = outcome {
            explain(&error, ui);
        }
    }
    ui.say(&fl!("wizard-bye"));
    Ok(())
}

fn menu(ui: &mut dyn Ui) {
    ui.say(&fl!("wizard-menu"));
    for (n, text) in [
        (1, fl!("wizard-menu-seal")),
        (2, fl!("wizard-menu-install")),
        (3, fl!("wizard-menu-status")),
        (4, fl!("wizard-menu-rollback")),
        (5, fl!("wizard-menu-wipe")),
        (0, fl!("wizard-menu-leave")),
    ] {
        ui.say(&format!("  {n}) {text}"));
    }
}

/// An error as guided mode shows it: what happened, then what to do; then the menu again.
fn explain(error: &Error, ui: &mut dyn Ui) {
    ui.say("");
    ui.say(&format!("{} {error}", fl!("error-prefix")));
    // The command-line advice names options the menu does not have; a cancelled step needs
    // none (the message says nothing changed).
    match error {
        Error::Cancelled => {}
        Error::NoVault { .. } | Error::SeveralVaults { .. } => ui.say(&fl!("wizard-rec-no-vault")),
        Error::NoKeyFolder | Error::SeveralKeyFolders { .. } => {
            ui.say(&fl!("wizard-rec-key-folder"))
        }
        _ => ui.say(&error.advice()),
    }
}

/// Menu item 1, seal: find the keys, say where the vault goes, ask, then [`seal::seal`];
/// then the leftovers.
fn seal_path(plan: &GuidedPlan, ui: &mut dyn Ui) -> Result<()> {
    ui.say(&fl!("wizard-seal-intro"));
    let from = locate::key_folder(None, &plan.roots, std::slice::from_ref(&plan.stick), ui)?;
    ui.say(&fl!("wizard-seal-keys", folder = locate::describe_folder(&from)));
    let out = plan.stick.join(seal::default_name(plan.today));
    ui.say(&fl!("wizard-seal-out", path = shown(&out)));
    let overwrite = out.exists();
    if overwrite && !agree(ui, false, &fl!("wizard-seal-replace", path = shown(&out)))? {
        return Err(Error::Cancelled);
    }
    if !agree(ui, false, &fl!("wizard-seal-ask"))? {
        return Err(Error::Cancelled);
    }
    let seal_plan = seal::SealPlan {
        from,
        out,
        subject: None,
        armor: false,
        work_factor: plan.work_factor,
        yes: false,
        overwrite,
        password: console(Secret::Password),
        passphrase: console(Secret::Passphrase),
    };
    seal::seal(&seal_plan, ui)?;
    ui.say(&fl!("wizard-seal-next"));
    stick::offer_leftovers(&plan.stick, &[], ui)
}

/// Menu item 2, install: the vault on the stick and its check code, then
/// [`install::install`] (which asks for the passphrase, shows what it will do and asks); then
/// the leftovers.
fn install_path(plan: &GuidedPlan, ui: &mut dyn Ui) -> Result<()> {
    ui.say(&fl!("wizard-install-intro"));
    let vault_path = match install::find_vaults(&plan.stick).as_slice() {
        [] => return Err(Error::NoVault { dir: plan.stick.clone() }),
        [one] => {
            let code = check_code(one);
            ui.say(&fl!("wizard-install-vault", path = shown(one), code = code));
            one.clone()
        }
        _ => install::choose_vault(&plan.stick, ui)?,
    };
    ui.say(&fl!("wizard-install-check-code"));
    let install_plan = install::InstallPlan {
        vault: Some(vault_path),
        to: None,
        archive_dir: None,
        keep_vault: false,
        force: false,
        yes: false,
        passphrase: console(Secret::Passphrase),
        roots: plan.roots.clone(),
        stick: plan.stick.clone(),
        today: plan.today,
    };
    install::install(&install_plan, ui)?;
    stick::offer_leftovers(&plan.stick, &[], ui)
}

/// Menu item 3, status: only reads.
fn status_path(plan: &GuidedPlan, ui: &mut dyn Ui) -> Result<()> {
    ui.say(&fl!("wizard-status-intro"));
    let dir = locate::key_folder(None, &plan.roots, std::slice::from_ref(&plan.stick), ui)?;
    status::status(&status::StatusPlan { dir, password: None, ics: None, today: plan.today }, ui)
}

/// Menu item 4, rollback: [`rollback::rollback`] says what goes where and asks.
fn rollback_path(plan: &GuidedPlan, ui: &mut dyn Ui) -> Result<()> {
    ui.say(&fl!("wizard-rollback-intro"));
    let dir = locate::key_folder(None, &plan.roots, std::slice::from_ref(&plan.stick), ui)?;
    let rollback_plan =
        rollback::RollbackPlan { dir, archive_dir: None, yes: false, today: plan.today };
    rollback::rollback(&rollback_plan, ui)
}

/// Menu item 5, wipe: vaults only when the user says no other PC needs them; leftovers
/// through [`stick::wipe_command`], which lists them and asks.
fn wipe_path(plan: &GuidedPlan, ui: &mut dyn Ui) -> Result<()> {
    ui.say(&fl!("wizard-wipe-intro"));
    let vaults = install::find_vaults(&plan.stick);
    let leftovers =
        wipe::find_leftovers(&plan.stick, stick::LEFTOVER_DEPTH, stick::LEFTOVER_ENTRIES);
    if vaults.is_empty() && leftovers.is_empty() {
        ui.say(&fl!("wizard-wipe-nothing", dir = shown(&plan.stick)));
        return Ok(());
    }
    let mut chosen = Vec::new();
    if !vaults.is_empty() {
        ui.say(&fl!("wizard-wipe-vaults"));
        for path in &vaults {
            ui.say(&format!(
                "  \"{}\" — {}",
                shown(path),
                fl!("check-code", code = check_code(path))
            ));
        }
        if agree(ui, false, &fl!("wizard-wipe-ask-vaults"))? {
            chosen = vaults;
        }
    }
    if chosen.is_empty() && leftovers.is_empty() {
        return Err(Error::Cancelled);
    }
    // The user has just said yes to these vaults: wipe_command does not ask again, and still
    // asks (offer_leftovers) about each leftover it finds.
    let agreed = !chosen.is_empty();
    stick::wipe_command(&chosen, &plan.stick, agreed, ui)
}

/// A secret typed at the console (guided mode never reads secret files).
fn console(secret: Secret) -> SecretSource {
    SecretSource { secret, file: None }
}

/// The check code of a vault file, from its bytes (no passphrase needed); `?` when unreadable.
fn check_code(path: &Path) -> String {
    fs::read(path).map(|bytes| vault::check_code(&bytes)).unwrap_or_else(|_| "?".into())
}

/// Whether to keep the window open at the end: only a console that Windows opened for this
/// program alone, which closes the moment the program ends. That is a double-click in
/// Explorer: the parent process is `explorer.exe`. From cmd, PowerShell or any other terminal
/// the window stays anyway, so there is no pause; without a terminal there is nobody to press
/// Enter.
pub fn should_pause(windows: bool, parent: Option<&str>, terminal: bool) -> bool {
    windows
        && terminal
        && parent.is_some_and(|name| {
            let name = name.rsplit(['\\', '/']).next().unwrap_or(name);
            name.eq_ignore_ascii_case("explorer.exe") || name.eq_ignore_ascii_case("explorer")
        })
}

/// The image name of this process's parent, if the system says.
fn parent_name() -> Option<String> {
    use sysinfo::{ProcessRefreshKind, ProcessesToUpdate, System};
    let me = sysinfo::get_current_pid().ok()?;
    let mut system = System::new().ok()?;
    system.refresh_processes_specifics(
        ProcessesToUpdate::Some(&[me]),
        false,
        ProcessRefreshKind::nothing(),
    );
    let parent = system.process(me)?.parent()?;
    system.refresh_processes_specifics(
        ProcessesToUpdate::Some(&[parent]),
        false,
        ProcessRefreshKind::nothing(),
    );
    Some(system.process(parent)?.name().to_string_lossy().into_owned())
}

/// At the very end: "Premi Invio per chiudere" and wait, when launched by double-click
/// ([`should_pause`]), so the last message can be read before Windows closes the window.
pub fn pause_if_double_clicked() {
    let windows = cfg!(windows);
    let terminal = io::stdin().is_terminal();
    // Reading the process list costs a little: only where a pause is possible at all.
    let parent = if windows && terminal { parent_name() } else { None };
    if !should_pause(windows, parent.as_deref(), terminal) {
        return;
    }
    print!("\n{} ", fl!("wizard-press-enter-to-close"));
    let _ = io::stdout().flush();
    let _ = io::stdin().lock().read_line(&mut String::new());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::testing::Script;

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
    fn menu_answers_are_numbers_zero_to_five() {
        assert_eq!(Choice::parse(" 1 "), Some(Choice::Seal));
        assert_eq!(Choice::parse("2"), Some(Choice::Install));
        assert_eq!(Choice::parse("5"), Some(Choice::Wipe));
        assert_eq!(Choice::parse("0"), Some(Choice::Leave));
        for wrong in ["", "6", "uno", "1)", "-1"] {
            assert_eq!(Choice::parse(wrong), None, "{wrong:?}");
        }
    }

    fn plan(stick: &Path) -> GuidedPlan {
        GuidedPlan {
            stick: stick.to_owned(),
            roots: SearchRoots {
                known: Vec::new(),
                scan: Vec::new(),
                max_depth: 0,
                time_limit: std::time::Duration::from_secs(1),
                max_dirs: 10,
            },
            today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            work_factor: 10,
        }
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
