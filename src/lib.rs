//! sigillo carries a Desktop Telematico (Entratel) key set from one PC to another, sealed.
//!
//! The story, and the step (module) that tells each part:
//! 1. **seal** ([`seal`]) — on the PC where the keys were renewed, the three key files
//!    ([`keyset`]) are checked against their certificates ([`certs`]: the password opens them,
//!    they belong together) and go, with the password, into one passphrase-encrypted [`vault`]
//!    on a USB stick ([`stick`]). The passphrase ([`passphrase`]) is generated, shown once and
//!    told by phone: it never travels on the stick.
//! 2. **courier** — the stick is carried to the other PC. [`verify`] opens a vault and says what
//!    is inside without changing anything; its check code matches the one seal printed.
//! 3. **install** ([`install`]) — on the target PC the key folder is found ([`locate`]), Desktop
//!    Telematico must be closed ([`guard`]), the old set goes to the office's archive
//!    ([`archive`]) and the new one comes in through a crash-safe swap ([`journal`]).
//!    [`rollback`] undoes the last install; [`status`] tells what this PC has and when it expires.
//! 4. **wipe** ([`wipe`]) — the vault, and any plaintext leftovers of the old manual procedure
//!    found on the stick, are overwritten and deleted ([`shred`]).
//!
//! [`wizard`] is the guided mode a double-click opens: a menu over the same steps; on Windows
//! the [`gui`] window offers the same menu and runs the same steps.
//!
//! How the house is laid out: `main.rs` parses and dispatches; [`run`] turns each command's
//! arguments ([`cli`]) and the global options ([`context_from`]) into that step's plan and runs
//! it. Only this file (and `main.rs`) knows clap: the steps see plans, never arguments.
//! Steps (seal, verify, install, status, rollback, wipe) call building blocks, never each other;
//! the wizard calls steps. Building blocks: [`error`] (one error type and the exit codes),
//! [`i18n`] (Italian first), [`talk`] (the events and questions between the steps and the
//! people), [`ui`] (the seam, and the console), [`render`] (the console's sentences for each
//! event), [`json`] (the `--json` face), [`sanitize`] (safe printing), [`describe`] (a
//! vault, a folder, a file in words), [`disk`] (atomic writes), [`dates`] and [`hash`] (how
//! times and digests are written), [`platform`] (everything Windows and Unix do differently),
//! [`failpoint`] (test-only crash points), [`sniff`] (what a file that is not a key file is),
//! [`interrupt`] (Ctrl-C: one true line, no secret left on screen).

#![forbid(unsafe_code)]

// The steps of the story: each depends only on building blocks, never on another step.
pub mod install;
pub mod rollback;
pub mod seal;
pub mod status;
pub mod verify;
pub mod wipe;
pub mod wizard;

// The building blocks.
pub mod archive;
pub mod certs;
pub mod cli;
pub mod context;
pub mod dates;
pub mod describe;
pub mod disk;
pub mod error;
pub mod failpoint;
pub mod folder;
pub mod guard;
pub mod gui;
pub mod hash;
pub mod i18n;
pub mod interrupt;
pub mod journal;
pub mod json;
pub mod keyset;
pub mod locate;
pub mod lock;
pub mod passphrase;
pub mod platform;
pub mod render;
pub mod sanitize;
pub mod shred;
pub mod sniff;
pub mod stick;
pub mod talk;
pub mod ui;
pub mod vault;
pub mod walk;

use std::ffi::OsString;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command, Global};
use crate::context::Context;
use crate::dates::Clock;
use crate::error::{Error, Exit, Result};
use crate::i18n::fl;
use crate::install::InstallPlan;
use crate::rollback::RollbackPlan;
use crate::seal::SealPlan;
use crate::status::StatusPlan;
use crate::ui::Ui;
use crate::verify::VerifyPlan;

/// The commit this binary was built from, when the build knew it: `SIGILLO_COMMIT` at compile
/// time, which `portable/cross-env.sh` sets for the stick build from `git rev-parse HEAD` (with
/// `-dirty` when tracked files differ from it), or takes from the environment of a build from a
/// tarball without `.git`. A plain `cargo build` leaves it unset: the version then says the
/// commit is unknown rather than guess (a commit read here from `.git` could be stale).
pub const COMMIT: Option<&str> = option_env!("SIGILLO_COMMIT");

// Whatever sets it, the binary names a commit only in the form an auditor can look up.
const _: () = assert!(
    is_commit_id(COMMIT),
    "SIGILLO_COMMIT must be a full git commit id (40 lower-case hex digits), optionally followed by -dirty"
);

const fn is_commit_id(commit: Option<&str>) -> bool {
    let Some(commit) = commit else { return true };
    let hex = match commit.as_bytes() {
        [hex @ .., b'-', b'd', b'i', b'r', b't', b'y'] => hex,
        all => all,
    };
    if hex.len() != 40 {
        return false;
    }
    let mut i = 0;
    while i < hex.len() {
        if !matches!(hex[i], b'0'..=b'9' | b'a'..=b'f') {
            return false;
        }
        i += 1;
    }
    true
}

/// What `sigillo --version` prints after the name: the version and the commit it was built
/// from, e.g. `0.1.0 (commit 0123…cdef)`. Nothing of the build machine (path, date, host).
pub fn version() -> String {
    let commit = match COMMIT {
        Some(commit) => fl!("version-commit", commit = commit),
        None => fl!("version-commit-unknown"),
    };
    format!("{} ({commit})", env!("CARGO_PKG_VERSION"))
}

/// Parses the command line. On `--help`/`--version` prints them; on a usage error prints a
/// translated message. Either way returns the exit code to end with.
pub fn parse_args(args: Vec<OsString>) -> std::result::Result<Cli, Exit> {
    let matches = Cli::command().try_get_matches_from(&args);
    let error = match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => return Ok(cli),
        Err(error) => error,
    };
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let text = localize_help(&error.render().to_string());
            if !wants_json(&args) {
                print!("{text}");
                return Err(Exit::Ok);
            }
            // With `--json` the text is a note, and the result line follows: every line is JSON.
            let text = text.trim_end().to_owned();
            json::Json::new().tell(talk::Event::Note { text });
            Err(json::finish(Ok(())))
        }
        // `--json` asked for: the usage error is its result line, on standard output.
        _ if wants_json(&args) => {
            let headline = format!("{} {}", fl!("error-prefix"), usage_message(&error));
            json::failure(Exit::Usage, "usage", headline, fl!("rec-usage"));
            Err(Exit::Usage)
        }
        _ => {
            eprintln!("{} {}", fl!("error-prefix"), usage_message(&error));
            eprintln!("{}", fl!("rec-usage"));
            Err(Exit::Usage)
        }
    }
}

/// Whether the command line asks for `--json` (before a `--` that ends the options), read from
/// the arguments themselves: a line clap refused has no parsed flags to ask.
pub fn wants_json(args: &[OsString]) -> bool {
    args.iter().skip(1).take_while(|a| *a != "--").any(|a| a == "--json")
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
        Some(ContextValue::String(s)) => sanitize::escape(s),
        Some(ContextValue::Strings(v)) => sanitize::escape(&v.join(", ")),
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

/// The context the command line's global options describe: the stick, the search, the clock
/// and the work factor are the real ones, except in test builds, whose hidden options
/// (`--stick`, `--search-root`, `--today`, `--work-factor`) may name others.
pub fn context_from(global: &Global) -> Context {
    let hooks = TestHooks::from(global);
    let roots = if hooks.search_root.is_empty() {
        locate::default_roots()
    } else {
        locate::SearchRoots {
            known: Vec::new(),
            scan: hooks.search_root,
            ..locate::default_roots()
        }
    };
    Context {
        stick: hooks.stick.unwrap_or_else(stick::program_dir),
        roots,
        clock: hooks.today.map_or_else(Clock::system, Clock::on),
        work_factor: hooks.work_factor.unwrap_or(vault::SEAL_WORK_FACTOR),
        yes: global.yes,
        details: global.details,
        passphrase: ui::SecretSource {
            secret: error::Secret::Passphrase,
            file: global.passphrase_file.clone(),
        },
        password: ui::SecretSource {
            secret: error::Secret::Password,
            file: global.password_file.clone(),
        },
    }
}

/// The test hooks of the command line: in a release build there are none ([`cli::Global`] has
/// no such options, [`failpoint::COMPILED`]'s cfg), so every value is the real one.
#[derive(Default)]
struct TestHooks {
    search_root: Vec<std::path::PathBuf>,
    stick: Option<std::path::PathBuf>,
    today: Option<chrono::NaiveDate>,
    work_factor: Option<u8>,
}

impl From<&Global> for TestHooks {
    #[cfg(all(feature = "failpoints", debug_assertions))]
    fn from(global: &Global) -> TestHooks {
        TestHooks {
            search_root: global.search_root.clone(),
            stick: global.stick.clone(),
            today: global.today,
            work_factor: global.work_factor,
        }
    }

    #[cfg(not(all(feature = "failpoints", debug_assertions)))]
    fn from(_: &Global) -> TestHooks {
        TestHooks::default()
    }
}

/// `sigillo seal`'s plan: the options laid over [`SealPlan::new`].
fn seal_plan(args: cli::SealArgs, ctx: &Context) -> SealPlan {
    let plan = SealPlan::new(ctx);
    SealPlan {
        from: args.from,
        out: args.out.unwrap_or(plan.out),
        subject: args.subject,
        armor: args.armor,
        force: args.force,
        ..plan
    }
}

/// `sigillo verify`'s plan.
fn verify_plan(args: cli::VerifyArgs, ctx: &Context) -> VerifyPlan {
    VerifyPlan { vault: args.vault, passphrase: ctx.passphrase.clone(), clock: ctx.clock }
}

/// `sigillo install`'s plan: the options laid over [`InstallPlan::new`].
fn install_plan(args: cli::InstallArgs, ctx: &Context) -> InstallPlan {
    InstallPlan {
        vault: args.vault,
        to: args.to,
        archive_dir: args.archive_dir,
        keep_vault: args.keep_vault,
        wipe_vault: args.wipe_vault,
        force: args.force,
        create: args.create,
        ignore_programs: args.ignore_program,
        ..InstallPlan::new(ctx)
    }
}

/// `sigillo status`'s plan: the P12 files are read only when a password file is given.
fn status_plan(args: cli::StatusArgs, ctx: &Context) -> StatusPlan {
    StatusPlan { dir: args.dir, ics: args.ics, ..StatusPlan::new(ctx) }
}

/// `sigillo rollback`'s plan: the options laid over [`RollbackPlan::new`].
fn rollback_plan(args: cli::RollbackArgs, ctx: &Context) -> RollbackPlan {
    RollbackPlan {
        dir: args.dir,
        archive_dir: args.archive_dir,
        force: args.force,
        ignore_programs: args.ignore_program,
        ..RollbackPlan::new(ctx)
    }
}

/// Runs a parsed command line: each command's arguments become its step's plan.
pub fn run(cli: Cli, ui: &mut dyn Ui) -> Result<()> {
    let ctx = context_from(&cli.global);
    match cli.command {
        Some(Command::Seal(args)) => seal::seal(&seal_plan(args, &ctx), ui).map(drop),
        Some(Command::Verify(args)) => verify::verify(&verify_plan(args, &ctx), ui).map(drop),
        Some(Command::Install(args)) => install::install(&install_plan(args, &ctx), ui).map(drop),
        Some(Command::Status(args)) => status::status(&status_plan(args, &ctx), ui).map(drop),
        Some(Command::Rollback(args)) => {
            rollback::rollback(&rollback_plan(args, &ctx), ui).map(drop)
        }
        Some(Command::Wipe(args)) => wipe::wipe_command(&args.files, &ctx.stick, ctx.yes, ui),
        // The menu is questions, and `--json` asks none.
        None if cli.global.json => Err(Error::JsonNeedsCommand),
        None if ui.interactive() => wizard::guided(&ctx, ui),
        None => {
            // Nobody to answer the menu: say how to use the commands instead of waiting.
            print!("{}", localize_help(&Cli::command().render_help().to_string()));
            Err(Error::GuidedNeedsTerminal)
        }
    }
}

/// Prints an error the way users read it: what happened ([`Error::headline`]: a cancel plainly,
/// without "Errore:"), then what to do.
pub fn report(error: &Error) {
    eprintln!("{}", error.headline());
    eprintln!("{}", error.advice());
}

#[cfg(test)]
mod tests {
    use super::is_commit_id;

    #[test]
    fn only_a_full_commit_id_is_named_in_the_version() {
        let id = "e7d4b55a1c0b9d3f0e6c2a4b8d1f3e5a7c9b0d2f";
        assert!(is_commit_id(None));
        assert!(is_commit_id(Some(id)));
        assert!(is_commit_id(Some(&format!("{id}-dirty"))));
        assert!(!is_commit_id(Some("")));
        assert!(!is_commit_id(Some("e7d4b55")), "a short id is ambiguous");
        assert!(!is_commit_id(Some(&id.to_uppercase())));
        assert!(!is_commit_id(Some(&format!("{id}-modified"))));
        assert!(!is_commit_id(Some(&format!("{id}\n"))));
        assert!(!is_commit_id(Some("main")));
    }
}
