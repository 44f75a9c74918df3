//! lock: who holds a key folder's one-writer lock, as the holder writes it for the next run.
//!
//! The lock itself is std's `File::try_lock` on `.sigillo-lock` in the key folder, taken by
//! [`crate::folder::KeyFolder::lock`]; this module only says who holds it. What a holder wrote is
//! untrusted input for the run that reads it: bounded, parsed strictly, shown escaped, never
//! acted on.

use std::fs::File;
use std::io::{self, Read, Write};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::dates;
use crate::platform;

/// What a lock file holds is a few hundred bytes; more is not read.
const MAX_HOLDER: u64 = 4096;

/// Who holds a key folder's lock, as the holder wrote it (untrusted: shown escaped, never acted on).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// When the holder took the lock.
    #[serde(with = "dates::rfc3339")]
    pub since: DateTime<FixedOffset>,
    /// The PC's name.
    pub host: String,
    /// The user's name.
    pub user: String,
}

impl Holder {
    /// This run: now, this PC, this user.
    pub fn me() -> Holder {
        Holder {
            since: dates::now_local(),
            host: sysinfo::System::host_name().unwrap_or_default(),
            user: platform::user_name().unwrap_or_default(),
        }
    }

    /// Writes itself into the lock file its run holds, replacing what an earlier holder wrote.
    pub fn write_to(&self, mut file: &File) -> io::Result<()> {
        file.set_len(0)?;
        let text = serde_json::to_vec(self).map_err(io::Error::other)?;
        file.write_all(&text)?;
        file.sync_all()
    }

    /// What the lock's holder wrote, when it can be read (on Windows the lock covers the bytes
    /// too, so another process cannot read them: then nothing is known).
    pub fn read_from(mut file: &File) -> Option<Holder> {
        let mut text = Vec::new();
        (&mut file).take(MAX_HOLDER).read_to_end(&mut text).ok()?;
        serde_json::from_slice(&text).ok()
    }
}
