//! sigillo carries a Desktop Telematico (Entratel) key set from one PC to another, sealed.
//!
//! The story, and the module that tells each step:
//! 1. **seal** ([`seal`]) — on the PC where the keys were renewed, the three key files
//!    ([`keyset`]) are checked against their certificates ([`certs`]: the password opens them,
//!    they belong together) and go, with the password, into one passphrase-encrypted [`vault`]
//!    on a USB stick. The passphrase ([`passphrase`]) is generated, shown once and told by phone:
//!    it never travels on the stick.
//! 2. **courier** — the stick is carried to the other PC. [`verify`] opens a vault and says what
//!    is inside without changing anything; its check code matches the one seal printed.
//! 3. **install** ([`install`]) — on the target PC the key folder is found ([`locate`]), Desktop
//!    Telematico must be closed ([`guard`]), the old set goes to the office's archive
//!    ([`archive`]) and the new one comes in through a crash-safe swap ([`journal`]).
//!    [`rollback`] undoes the last install; [`status`] tells what this PC has and when it expires.
//! 4. **wipe** ([`stick`], [`wipe`]) — the vault, and any plaintext leftovers of the old manual
//!    procedure, are overwritten and deleted from the stick.
//!
//! [`wizard`] is the guided mode a double-click opens: a menu over the same steps. Building
//! blocks: [`error`] (one error type and the exit codes), [`i18n`] (Italian first), [`ui`]
//! (prompts and safe printing), [`disk`] (atomic writes), [`cli`] (the command line).

#![forbid(unsafe_code)]

pub mod archive;
pub mod certs;
pub mod cli;
pub mod disk;
pub mod error;
pub mod guard;
pub mod i18n;
pub mod install;
pub mod journal;
pub mod keyset;
pub mod locate;
pub mod passphrase;
pub mod rollback;
pub mod seal;
pub mod status;
pub mod stick;
pub mod ui;
pub mod vault;
pub mod verify;
pub mod wipe;
pub mod wizard;

use std::ffi::OsString;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command};
use crate::error::{Error, Exit, Result, Secret};
use crate::ui::{SecretSource, Ui};

/// Parses the command line. On `--help`/`--version` prints them; on a usage error prints a
/// translated message. Either way returns the exit code to end with.
pub fn parse_args(args: Vec<OsString>) -> std::result::Result<Cli, Exit> {
    let matches = Cli::command().try_get_matches_from(args);
    let error = match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => return Ok(cli),
        Err(error) => error,
    };
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{}", localize_help(&error.render().to_string()));
            Err(Exit::Ok)
        }
        _ => {
            eprintln!("{} {}", fl!("error-prefix"), usage_message(&error));
            eprintln!("{}", fl!("rec-usage"));
            Err(Exit::Usage)
        }
    }
}

/// clap writes its headings in English; the rest of the help is already translated.
fn localize_help(text: &str) -> String {
    if i18n::current() == i18n::Lang::En {
        return text.to_owned();
    }
    text.replace("Usage:", "Uso:")
        .replace("Commands:", "Comandi:")
        .replace("Options:", "Opzioni:")
        .replace("Arguments:", "Argomenti:")
        .replace("[aliases: ", "[alias: ")
        .replace("[possible values: ", "[valori possibili: ")
        .replace("[default: ", "[predefinito: ")
        .replace("[OPTIONS]", "[OPZIONI]")
        .replace("[COMMAND]", "[COMANDO]")
        .replace("<COMMAND>", "<COMANDO>")
}

fn usage_message(error: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => ui::escape(s),
        Some(ContextValue::Strings(v)) => ui::escape(&v.join(", ")),
        _ => String::new(),
    };
    match error.kind() {
        ErrorKind::UnknownArgument => {
            fl!("usage-unknown-argument", arg = context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => {
            fl!("usage-unknown-command", arg = context(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => {
            fl!("usage-missing", arg = context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => fl!(
            "usage-invalid-value",
            arg = context(ContextKind::InvalidArg),
            value = context(ContextKind::InvalidValue)
        ),
        _ => fl!("usage-other"),
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli, ui: &mut dyn Ui) -> Result<()> {
    let global = cli.global;
    let passphrase =
        SecretSource { secret: Secret::Passphrase, file: global.passphrase_file.clone() };
    let password = SecretSource { secret: Secret::Password, file: global.password_file.clone() };
    let today = global.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let roots = if global.search_root.is_empty() {
        locate::default_roots()
    } else {
        locate::SearchRoots {
            known: Vec::new(),
            scan: global.search_root.clone(),
            ..locate::default_roots()
        }
    };
    // The stick: the program's own folder (tests name another with the hidden --stick).
    let stick = global.stick.clone().unwrap_or_else(seal::stick_dir);
    let not_the_stick = [stick.clone()];
    match cli.command {
        Some(Command::Seal(args)) => {
            let from = locate::key_folder(args.from.as_deref(), &roots, &not_the_stick, ui)?;
            let out = args.out.unwrap_or_else(|| stick.join(seal::default_name(today)));
            let plan = seal::SealPlan {
                from,
                out,
                subject: args.subject,
                armor: args.armor,
                work_factor: global.work_factor.unwrap_or(vault::SEAL_WORK_FACTOR),
                yes: global.yes,
                overwrite: false,
                password,
                passphrase,
            };
            seal::seal(&plan, ui).map(drop)
        }
        Some(Command::Verify(args)) => verify::verify(&args.vault, &passphrase, ui).map(drop),
        Some(Command::Install(args)) => {
            let plan = install::InstallPlan {
                vault: args.vault,
                to: args.to,
                archive_dir: args.archive_dir,
                keep_vault: args.keep_vault,
                force: args.force,
                yes: global.yes,
                passphrase,
                roots,
                stick,
                today,
            };
            install::install(&plan, ui)
        }
        Some(Command::Rollback(args)) => {
            let dir = locate::key_folder(args.dir.as_deref(), &roots, &not_the_stick, ui)?;
            let plan = rollback::RollbackPlan {
                dir,
                archive_dir: args.archive_dir,
                yes: global.yes,
                today,
            };
            rollback::rollback(&plan, ui)
        }
        Some(Command::Wipe(args)) => stick::wipe_command(&args.files, &stick, global.yes, ui),
        Some(Command::Status(args)) => {
            let dir = locate::key_folder(args.dir.as_deref(), &roots, &not_the_stick, ui)?;
            let plan = status::StatusPlan {
                dir,
                password: global.password_file.is_some().then_some(password),
                ics: args.ics,
                today,
            };
            status::status(&plan, ui)
        }
        None if !ui.interactive() => {
            // Nobody to answer the menu: say how to use the commands instead of waiting.
            print!("{}", localize_help(&Cli::command().render_help().to_string()));
            Err(Error::GuidedNeedsTerminal)
        }
        None => {
            let plan = wizard::GuidedPlan {
                stick,
                roots,
                today,
                work_factor: global.work_factor.unwrap_or(vault::SEAL_WORK_FACTOR),
            };
            wizard::guided(&plan, ui)
        }
    }
}

/// Prints an error the way users read it: what happened, then what to do.
pub fn report(error: &Error) {
    eprintln!("{} {error}", fl!("error-prefix"));
    eprintln!("{}", error.advice());
}
