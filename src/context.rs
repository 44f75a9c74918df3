//! context: what every step needs to know about where it runs — the stick, where key folders
//! are searched for, today, the scrypt work factor, whether `--yes` answers for the user, and
//! where each secret comes from.
//!
//! The command line builds it once from the global options ([`crate::context_from`], in `lib.rs`: only
//! the dispatch knows clap); guided mode builds one that always asks at the console
//! ([`Context::guided`]). The dispatch turns each command's arguments plus this into the step's
//! plan. This module only holds values: it touches no file.

use std::path::PathBuf;

use crate::dates::Clock;
use crate::error::Secret;
use crate::locate::SearchRoots;
use crate::ui::SecretSource;

/// Where and how a step runs.
#[derive(Clone, Debug)]
pub struct Context {
    /// The USB stick: the program's own folder (tests name another). Vaults are looked for and
    /// written here; it is never taken as a key folder.
    pub stick: PathBuf,
    /// Where key folders are searched for.
    pub roots: SearchRoots,
    /// The run's one clock: today (vault and archive names, days to expiry) and now
    /// (certificates' validity), read once ([`Clock::system`] except in tests).
    pub clock: Clock,
    /// scrypt work factor for sealing ([`crate::vault::SEAL_WORK_FACTOR`] except in tests).
    pub work_factor: u8,
    /// `--yes`: answer yes to every confirmation.
    pub yes: bool,
    /// `--dettagli`: SHA-256 values and full certificate names on screen (verify always).
    pub details: bool,
    /// Where the vault passphrase comes from.
    pub passphrase: SecretSource,
    /// Where the keys' password comes from.
    pub password: SecretSource,
}

impl Context {
    /// The same place, for guided mode: every question and every secret goes to the person at
    /// the console (no `--yes`, no secret files).
    pub fn guided(&self) -> Context {
        Context {
            yes: false,
            passphrase: SecretSource { secret: Secret::Passphrase, file: None },
            password: SecretSource { secret: Secret::Password, file: None },
            ..self.clone()
        }
    }
}
