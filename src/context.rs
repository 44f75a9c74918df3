//! context: what every step needs to know about where it runs — the stick, where key folders
//! are searched for, today, the scrypt work factor, whether `--yes` answers for the user, and
//! where each secret comes from.
//!
//! The command line builds it once from the global options ([`Context::from_global`]); guided
//! mode builds one that always asks at the console ([`Context::guided`]). Each step turns its own
//! arguments plus this into a plan. This module only holds values: it touches no file.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::Global;
use crate::error::Secret;
use crate::locate::{self, SearchRoots};
use crate::stick;
use crate::ui::SecretSource;
use crate::vault;

/// Where and how a step runs.
#[derive(Clone, Debug)]
pub struct Context {
    /// The USB stick: the program's own folder (tests name another). Vaults are looked for and
    /// written here; it is never taken as a key folder.
    pub stick: PathBuf,
    /// Where key folders are searched for.
    pub roots: SearchRoots,
    /// Today: names vaults and archives, counts days to expiry.
    pub today: NaiveDate,
    /// scrypt work factor for sealing ([`vault::SEAL_WORK_FACTOR`] except in tests).
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
    /// The context the command line's global options describe.
    pub fn from_global(global: &Global) -> Context {
        let roots = if global.search_root.is_empty() {
            locate::default_roots()
        } else {
            SearchRoots {
                known: Vec::new(),
                scan: global.search_root.clone(),
                ..locate::default_roots()
            }
        };
        Context {
            stick: global.stick.clone().unwrap_or_else(stick::program_dir),
            roots,
            today: global.today.unwrap_or_else(|| chrono::Local::now().date_naive()),
            work_factor: global.work_factor.unwrap_or(vault::SEAL_WORK_FACTOR),
            yes: global.yes,
            details: global.details,
            passphrase: SecretSource {
                secret: Secret::Passphrase,
                file: global.passphrase_file.clone(),
            },
            password: SecretSource { secret: Secret::Password, file: global.password_file.clone() },
        }
    }

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
