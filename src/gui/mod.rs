//! gui: the window a double-click opens on Windows, over the same guided steps as the console.
//!
//! One exe, two faces. sigillo.exe stays a console program: started from cmd, PowerShell or a
//! script it prints, asks and returns its exit code exactly as before. Started by Explorer (a
//! double-click) with no command and without `--console`, it lets go of the console Windows
//! opened for it and shows a window instead ([`opens_window`]). Linux always keeps the console.
//!
//! The steps never learn about the window: each runs on a worker thread with a [`bridge::Bridge`]
//! as its [`Ui`](crate::ui::Ui), and every question becomes a message to the window's thread.
//! [`layout`] holds where each control sits, [`pages`] what the plan, working and result pages
//! say from the typed events. The window itself (Windows only) lives in
//! `window.rs`; everything it needs that does not draw is here and tested on every system.

pub mod bridge;
pub mod layout;
pub mod pages;
#[cfg(windows)]
mod window;

/// Whether this start opens the window: on Windows, started by Explorer (a double-click: the
/// parent process is `explorer.exe`), with no command to run and without `--console`. From a
/// console, with a command, or anywhere else, the console behaves as it always has. `parent`
/// names the parent process; it is asked only when the answer can still be yes.
pub fn opens_window(
    windows: bool,
    command: bool,
    console: bool,
    parent: impl FnOnce() -> Option<String>,
) -> bool {
    windows && !command && !console && crate::ui::started_by_explorer(parent().as_deref())
}

/// [`opens_window`] for this process: whether its command line names a `command`, and
/// `--console`.
pub fn double_clicked(command: bool, console: bool) -> bool {
    opens_window(cfg!(windows), command, console, crate::platform::parent_process_name)
}

/// Lets go of the console and runs the window until it is closed, in the command line's
/// context (`crate::context_from`).
#[cfg(windows)]
pub fn run(ctx: crate::context::Context) -> crate::error::Exit {
    window::run(ctx.guided())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_double_click_without_command_or_console_flag_opens_the_window() {
        let parent = |name: &'static str| move || Some(name.to_owned());
        assert!(opens_window(true, false, false, parent("explorer.exe")));
        assert!(opens_window(true, false, false, parent(r"C:\Windows\EXPLORER.EXE")));
        // From a console: the console, as always.
        assert!(!opens_window(true, false, false, parent("cmd.exe")));
        assert!(!opens_window(true, false, false, parent("powershell.exe")));
        assert!(!opens_window(true, false, false, || None));
        // A command (a shortcut with arguments), or --console: the console.
        assert!(!opens_window(true, true, false, parent("explorer.exe")));
        assert!(!opens_window(true, false, true, parent("explorer.exe")));
        // Linux keeps the console.
        assert!(!opens_window(false, false, false, parent("explorer.exe")));
        // Where the answer is no anyway, the system is not asked for the parent.
        assert!(!opens_window(true, true, false, || unreachable!("parent asked")));
        assert!(!opens_window(false, false, false, || unreachable!("parent asked")));
    }

    #[test]
    fn the_console_flag_parses_with_any_command() {
        let cli = crate::parse_args(["sigillo", "--console"].map(Into::into).to_vec()).unwrap();
        assert!(cli.global.console && cli.command.is_none());
        assert!(!double_clicked(cli.command.is_some(), cli.global.console));
        let cli =
            crate::parse_args(["sigillo", "status", "--console"].map(Into::into).to_vec()).unwrap();
        assert!(cli.global.console && cli.command.is_some());
    }
}
