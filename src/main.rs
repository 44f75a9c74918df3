//! The sigillo binary: language, arguments, dispatch, exit code. Everything else is in the library.

use std::process::ExitCode;

use sigillo::error::Exit;
use sigillo::ui::Console;

fn main() -> ExitCode {
    // Before anything else: no core dump may carry a secret read later.
    sigillo::platform::harden_process();
    // Ctrl-C from here on says what changed, blanks a shown secret and ends with 130.
    sigillo::interrupt::install(sigillo::ui::hide_shown_secret);
    let exit = run();
    // A double-clicked console closes with the program: keep the last words on screen.
    sigillo::ui::pause_if_double_clicked();
    exit
}

fn run() -> ExitCode {
    let args: Vec<_> = std::env::args_os().collect();
    sigillo::i18n::init(sigillo::i18n::lang_from_args(&args));
    let cli = match sigillo::parse_args(args) {
        Ok(cli) => cli,
        Err(exit) => return exit.into(),
    };
    // For scripts: JSON lines on standard output, the result last, nothing asked.
    if cli.global.json {
        sigillo::interrupt::report_with(sigillo::json::interrupted);
        let result = sigillo::run(cli, &mut sigillo::json::Json::new());
        return sigillo::json::finish(result).into();
    }
    // A double-click on Windows: the window instead of the console (src/gui).
    #[cfg(windows)]
    if sigillo::gui::double_clicked(cli.command.is_some(), cli.global.console) {
        return sigillo::gui::run(sigillo::context_from(&cli.global)).into();
    }
    match sigillo::run(cli, &mut Console::new()) {
        Ok(()) => Exit::Ok.into(),
        Err(error) => {
            sigillo::report(&error);
            error.exit().into()
        }
    }
}
