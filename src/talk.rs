//! talk: the seam between the steps and the people (ARCHITECTURE.md §3), as values.
//!
//! A step never writes a sentence to a screen and never reads one back: it tells [`Event`]s and
//! asks [`Question`]s through [`Ui`](crate::ui::Ui). Each face renders them its own way: the
//! console into the Italian or English sentences of the Fluent catalogue, the window into pages,
//! `--json` into one JSON object per line. No face parses another's text: what a face acts on
//! (a list to pick from, a folder, a plan, how it ended) travels in the value's fields.
//!
//! Nothing here may hold a secret: events are serialized as they are for `--json`, and
//! questions carry only what is asked. A secret crosses the seam only as the answer to
//! [`Question::Secret`] and in [`Ui::reveal`](crate::ui::Ui::reveal), both [`SecretString`].

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use secrecy::SecretString;
use serde::Serialize;

use crate::error::Secret;

/// What a step tells the people.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A line of the step's story that no face acts on beyond showing it (the console prints
    /// it, the window keeps it in the transcript under "Dettagli", `--json` passes it on).
    Note { text: String },
    /// Something the people should know before they go on; `kind` says what, for a face that
    /// shows kinds differently (and for scripts).
    Warning { kind: WarningKind, text: String },
    /// A vault was opened and verified in full.
    VaultOpened(VaultOpened),
    /// The key folder the step works on, and how it was found.
    KeyFolder { path: PathBuf, how: Found },
    /// What the step is about to change, before it asks (or, with `--yes`, before it does).
    Plan(Plan),
    /// How far a long phase has come.
    Progress(Progress),
    /// A secret typed at a question was wrong; `tries_left` more may be asked. `file` is the key
    /// file the keys' password did not open (seal), when it is about one.
    WrongSecret { secret: Secret, tries_left: usize, file: Option<PathBuf> },
    /// The new key set is in `key_folder` (install's swap is over, or the set was there
    /// `already`); the old one in `archive`, if there was one. Told before the password is
    /// shown and the vault's fate decided: nothing after it can undo the install. The step's
    /// [`Done`] follows, with the vault's fate.
    KeysInPlace { key_folder: PathBuf, archive: Option<PathBuf>, already: bool },
    /// What the step changed, once it has: the outcome in values.
    Done(Done),
}

/// What a [`Event::Warning`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A certificate expired, expires soon, or its dates could not be read.
    Expiry,
    /// Something about the key files themselves (a part that cannot be read, a weak key, a
    /// password that could not be checked).
    KeyFile,
    /// The passphrase or the password as typed (too weak, the two entries differ).
    Secret,
    /// A safety guard overridden with `--force`: done anyway, as asked.
    Forced,
    /// Plaintext leftovers of the old manual procedure, or a vault that could not be wiped.
    Leftover,
    /// Anything else.
    Other,
}

/// A vault that opened and verified (its manifest, in values).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VaultOpened {
    /// Where it was read from.
    pub path: PathBuf,
    /// The check code seal printed; read back over the phone.
    pub check_code: String,
    /// The label given at seal (the office or holder).
    pub subject: String,
    /// When it was sealed (local date).
    pub sealed_on: NaiveDate,
    /// The key files inside: name and size in bytes.
    pub files: Vec<(String, u64)>,
    /// The holder named by the certificates, when they were read.
    pub holder: Option<String>,
    /// The earliest certificate expiry, when read.
    pub expires: Option<NaiveDate>,
    /// Whether the keys' password is inside.
    pub password_inside: bool,
    /// When it was sealed, as the manifest says (with the sealing PC's offset).
    pub sealed_at: DateTime<FixedOffset>,
    /// The name of the PC it was sealed on, as the manifest says.
    pub host: String,
    /// The program that sealed it ("sigillo 0.1.0"), as the manifest says.
    pub sealed_by: String,
    /// The SHA-256 of each file in `files`, in the same order (hex).
    pub sha256: Vec<String>,
    /// The certificates: as the vault's own files show them, else as its manifest lists them.
    pub certificates: Vec<Certificate>,
    /// The people asked for every detail (`--dettagli`; verify always): a face shows the
    /// hashes, full names, serial numbers and key sizes.
    pub details: bool,
}

/// A certificate, as faces describe it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Certificate {
    /// The key file it was read from (`UTEF.P12`, ...).
    pub file: String,
    /// The distinguished name of its holder.
    pub subject: String,
    /// Its serial number (upper-case hex).
    pub serial: String,
    /// First and last day of validity.
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    /// RSA key size in bits, when known.
    pub key_bits: Option<u32>,
}

/// What is known of a key set without opening it: whose, until when.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SetInfo {
    /// The holder's name (CN), when a certificate could be read.
    pub holder: Option<String>,
    /// The earliest expiry, when read.
    pub expires: Option<NaiveDate>,
    /// Expired already (on the step's today).
    pub expired: bool,
}

/// How the key folder was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Found {
    /// The only one the search found.
    Searched,
    /// Picked by the people among several.
    Chosen,
    /// Typed or picked with the folder dialog.
    Typed,
    /// Given on the command line (`--from`, `--to`, a folder argument).
    Given,
}

/// What a step will change, said before it changes it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Plan {
    /// Seal: these keys go into this vault; `files` are the key files found (name, size).
    Seal { from: PathBuf, out: PathBuf, files: Vec<(String, u64)> },
    /// Install: the new set goes into `target`; the old one (if any) to `archive`.
    Install {
        /// Who the new keys belong to (the certificates' holder, else the vault's label).
        holder: String,
        /// The new keys' earliest expiry, when known.
        expires: Option<NaiveDate>,
        /// The key folder that receives them.
        target: PathBuf,
        /// Where the present keys go; `None` when there are none (first install).
        archive: Option<PathBuf>,
        /// The vault's check code, to compare with the one seal printed.
        check_code: String,
    },
    /// Rollback: the archived set `from` comes back into `target`; the present one goes to
    /// `set_aside` (if any). `back` and `out` say whose they are and until when; `same_keys`
    /// when both are the same keys (a password change undone).
    Rollback {
        target: PathBuf,
        from: PathBuf,
        set_aside: Option<PathBuf>,
        back: SetInfo,
        out: Option<SetInfo>,
        same_keys: bool,
    },
    /// Wipe: these files are overwritten and deleted.
    Wipe { files: Vec<PathBuf> },
}

/// How far a long phase has come.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Progress {
    /// Searching the disks for key folders: `folders` looked at so far.
    Searching { folders: u64 },
    /// Deriving the key from the passphrase (scrypt: a few seconds on purpose).
    Deriving,
    /// Checking the key files against their certificates.
    Checking,
    /// The phase is over (the face clears its spinner).
    Finished,
}

/// What happened to the vault at the end of an install.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VaultFate {
    /// Overwritten and deleted.
    Wiped,
    /// Kept, as asked (`--keep-vault` or the answer to the question).
    Kept,
    /// Kept: nobody could be asked, or the password was not seen.
    KeptUnasked,
    /// The wipe was tried and failed; the vault is still there.
    NotWiped,
    /// Kept: it was to be wiped (`--wipe-vault`), but the keys' password offered at the
    /// terminal was not looked at, and the vault is the only way left to see it.
    KeptUnseen,
}

/// What a step changed, in values: the face's result page and `--json`'s last lines.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Done {
    /// `passphrase_generated`: sigillo made the passphrase (and showed it), so it must be told.
    Sealed {
        vault: PathBuf,
        check_code: String,
        passphrase_generated: bool,
    },
    Verified {
        vault: PathBuf,
        check_code: String,
    },
    /// The new set is in `key_folder`; the old one in `archive` (if there was one).
    Installed {
        key_folder: PathBuf,
        archive: Option<PathBuf>,
        vault: VaultFate,
        vault_path: PathBuf,
    },
    /// The vault's keys were already installed: nothing changed but the vault's fate.
    AlreadyInstalled {
        key_folder: PathBuf,
        vault: VaultFate,
        vault_path: PathBuf,
    },
    /// `archives`: the archived sets beside the folder, newest first.
    Status {
        key_folder: PathBuf,
        expires: Option<NaiveDate>,
        archives: Vec<PathBuf>,
    },
    RolledBack {
        key_folder: PathBuf,
        from: PathBuf,
        set_aside: Option<PathBuf>,
    },
    /// `plaintext`: some were plaintext copies, not vaults (flash memory may keep them).
    Wiped {
        files: Vec<PathBuf>,
        plaintext: bool,
    },
}

/// What a step asks the people.
#[derive(Clone, Debug, PartialEq)]
pub enum Question {
    /// Yes or no; `default` is what a bare Enter picks.
    YesNo { text: String, default: bool },
    /// One of `items` (shown in this order, under `heading`); answered with [`Answer::Chosen`].
    /// `leave`, when given, is the label of a way out listed with them (a menu's "Uscire"):
    /// choosing it, like cancelling, answers `Interrupted`. The console lists the items numbered
    /// from 1, the way out as 0, and asks `prompt`.
    Choose { heading: String, items: Vec<String>, leave: Option<String>, prompt: String },
    /// A folder (the window offers the folder dialog); answered with [`Answer::Folder`].
    Folder { text: String },
    /// A secret, typed without echo (the window may offer to show what is typed when
    /// `may_show`: a passphrase dictated by phone).
    Secret { secret: Secret, text: String, may_show: bool },
}

/// The people's answer to a [`Question`] (the variant that matches it).
pub enum Answer {
    Yes(bool),
    /// Index into the question's items.
    Chosen(usize),
    Folder(PathBuf),
    Secret(SecretString),
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Answer::Yes(yes) => write!(f, "Yes({yes})"),
            Answer::Chosen(n) => write!(f, "Chosen({n})"),
            Answer::Folder(path) => write!(f, "Folder({path:?})"),
            // Never the secret itself.
            Answer::Secret(_) => f.write_str("Secret(..)"),
        }
    }
}

/// Which secret [`Ui::reveal`](crate::ui::Ui::reveal) shows on purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shown {
    /// The generated passphrase, at seal: to be written down and told by phone.
    Passphrase,
    /// The keys' password, at install: Desktop Telematico asks for it.
    Password,
}
