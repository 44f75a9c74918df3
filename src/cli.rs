//! cli: the command line, as clap derive structures and nothing else.
//!
//! Help texts come from the Fluent files (`fl!`), so `i18n::init` must run before
//! `Cli::command()`. Subcommands have English names and Italian aliases. Secrets are never
//! arguments: only the *files* holding them are.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::i18n::Lang;
use crate::i18n::fl;

/// sigillo: carries Desktop Telematico keys from one PC to another, sealed.
#[derive(Debug, Parser)]
#[command(
    name = "sigillo",
    bin_name = "sigillo",
    version = crate::version(),
    about = fl!("about"),
    after_help = fl!("after-help"),
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    color = clap::ColorChoice::Never
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command accepts.
#[derive(Debug, Args)]
pub struct Global {
    /// Language of messages.
    #[arg(long, global = true, value_name = fl!("value-lang"), hide_possible_values = true, help = fl!("help-lang"))]
    pub lang: Option<Lang>,

    /// Answers yes to every confirmation.
    #[arg(long, short = 'y', global = true, help = fl!("help-yes"))]
    pub yes: bool,

    /// File whose first line is the vault passphrase.
    #[arg(long, global = true, value_name = "FILE", help = fl!("help-passphrase-file"))]
    pub passphrase_file: Option<PathBuf>,

    /// Shows SHA-256 values, full certificate names and serial numbers (verify always does).
    #[arg(long = "dettagli", visible_alias = "details", global = true, help = fl!("help-details"))]
    pub details: bool,

    /// File whose first line is the keys' password.
    #[arg(long, global = true, value_name = "FILE", help = fl!("help-password-file"))]
    pub password_file: Option<PathBuf>,

    /// Windows: stays in the console even when started by a double-click (no window).
    #[arg(long, global = true, help = fl!("help-console"))]
    pub console: bool,

    /// Writes every event as one JSON object per line on standard output, for scripts; asks
    /// nothing (confirmations need `--yes`, secrets their file flags).
    #[arg(long, global = true, help = fl!("help-json"))]
    pub json: bool,

    #[arg(short = 'h', long, global = true, action = ArgAction::Help, help = fl!("help-help"))]
    pub help: Option<bool>,

    #[arg(short = 'V', long, action = ArgAction::Version, help = fl!("help-version"))]
    pub version: Option<bool>,

    // The test hooks below exist only in test builds (the failpoints' cfg,
    // [`crate::failpoint::COMPILED`]): a release build refuses them as unknown arguments, so no
    // shipped binary can seal a weak vault or be told another date.
    #[cfg(all(feature = "failpoints", debug_assertions))]
    /// Where to search for key folders instead of the usual places: for tests only.
    #[arg(long, global = true, hide = true, value_name = "DIR")]
    pub search_root: Vec<PathBuf>,

    #[cfg(all(feature = "failpoints", debug_assertions))]
    /// The date taken as today: for tests only.
    #[arg(long, global = true, hide = true, value_name = "AAAA-MM-GG")]
    pub today: Option<chrono::NaiveDate>,

    #[cfg(all(feature = "failpoints", debug_assertions))]
    /// The folder guided mode takes as the USB stick instead of the program's own: for tests
    /// only.
    #[arg(long, global = true, hide = true, value_name = "DIR")]
    pub stick: Option<PathBuf>,

    #[cfg(all(feature = "failpoints", debug_assertions))]
    /// scrypt work factor of `seal` and of guided mode's seal: for tests and benchmarks only.
    #[arg(long, global = true, hide = true, value_parser = clap::value_parser!(u8).range(10..=20))]
    pub work_factor: Option<u8>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(visible_alias = "sigilla", about = fl!("about-seal"))]
    Seal(SealArgs),
    #[command(visible_alias = "verifica", about = fl!("about-verify"))]
    Verify(VerifyArgs),
    #[command(visible_alias = "installa", about = fl!("about-install"))]
    Install(InstallArgs),
    #[command(visible_alias = "stato", about = fl!("about-status"))]
    Status(StatusArgs),
    #[command(visible_alias = "ripristina", about = fl!("about-rollback"))]
    Rollback(RollbackArgs),
    #[command(visible_alias = "cancella", about = fl!("about-wipe"))]
    Wipe(WipeArgs),
}

/// `sigillo seal`.
#[derive(Debug, Default, Args)]
pub struct SealArgs {
    /// The folder holding UTEF.P12, UTEC.P12 and UTENTE.KS.
    #[arg(long, value_name = fl!("value-folder"), help = fl!("help-from"))]
    pub from: Option<PathBuf>,

    /// Where to write the vault.
    #[arg(long, value_name = "FILE", help = fl!("help-out"))]
    pub out: Option<PathBuf>,

    /// A label for the key set (the office or holder).
    #[arg(long, value_name = fl!("value-name"), help = fl!("help-subject"))]
    pub subject: Option<String>,

    /// Writes the vault as text (ASCII armor), for e-mail.
    #[arg(long, help = fl!("help-armor"))]
    pub armor: bool,

    /// Seals even when the password cannot be checked on a file (no MAC, nothing encrypted).
    #[arg(long, help = fl!("help-force-seal"))]
    pub force: bool,
}

/// `sigillo verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The vault to check.
    #[arg(value_name = fl!("value-vault"), help = fl!("help-vault"))]
    pub vault: PathBuf,
}

/// `sigillo status`.
#[derive(Debug, Default, Args)]
pub struct StatusArgs {
    /// The key folder (searched when not given).
    #[arg(long, value_name = fl!("value-folder"), help = fl!("help-dir"))]
    pub dir: Option<PathBuf>,

    /// Writes a calendar reminder of the expiry to this file.
    #[arg(long, value_name = "FILE", help = fl!("help-ics"))]
    pub ics: Option<PathBuf>,
}

/// `sigillo install`.
#[derive(Debug, Default, Args)]
pub struct InstallArgs {
    /// The vault (looked for beside sigillo when not given).
    #[arg(value_name = fl!("value-vault"), help = fl!("help-install-vault"))]
    pub vault: Option<PathBuf>,

    /// The key folder (searched when not given).
    #[arg(long, value_name = fl!("value-folder"), help = fl!("help-to"))]
    pub to: Option<PathBuf>,

    /// Where to archive the old keys.
    #[arg(long, value_name = fl!("value-folder"), help = fl!("help-archive-dir"))]
    pub archive_dir: Option<PathBuf>,

    /// Leaves the vault on the stick (other PCs need it).
    #[arg(long, help = fl!("help-keep-vault"))]
    pub keep_vault: bool,

    /// Wipes the vault from the stick after the install without asking, even when its password
    /// could not be shown: without it, a vault nobody was asked about stays.
    #[arg(long, visible_alias = "cancella-cassaforte", conflicts_with = "keep_vault", help = fl!("help-wipe-vault"))]
    pub wipe_vault: bool,

    /// Installs even keys older than the installed ones.
    #[arg(long, help = fl!("help-force"))]
    pub force: bool,

    /// Process ids the Desktop Telematico check must not count (false alarms).
    #[arg(long = "ignora-programma", visible_alias = "ignore-program", value_name = fl!("value-pid"), help = fl!("help-ignore-program"))]
    pub ignore_program: Vec<u32>,

    /// Creates the `--to` folder when it does not exist (a first install on this PC).
    #[arg(long = "crea", visible_alias = "create", help = fl!("help-create"))]
    pub create: bool,
}

/// `sigillo rollback`.
#[derive(Debug, Default, Args)]
pub struct RollbackArgs {
    /// The key folder (searched when not given).
    #[arg(long, value_name = fl!("value-folder"), help = fl!("help-dir"))]
    pub dir: Option<PathBuf>,

    /// Where the archives are.
    #[arg(long, value_name = fl!("value-folder"), help = fl!("help-archive-dir"))]
    pub archive_dir: Option<PathBuf>,

    /// Brings back even expired keys, or keys whose dates cannot be read.
    #[arg(long, help = fl!("help-force-rollback"))]
    pub force: bool,

    /// Process ids the Desktop Telematico check must not count (false alarms).
    #[arg(long = "ignora-programma", visible_alias = "ignore-program", value_name = fl!("value-pid"), help = fl!("help-ignore-program"))]
    pub ignore_program: Vec<u32>,
}

/// `sigillo wipe`.
#[derive(Debug, Args)]
pub struct WipeArgs {
    /// The files to overwrite and delete.
    #[arg(value_name = "FILE", help = fl!("help-wipe-files"))]
    pub files: Vec<PathBuf>,
}
