//! error: the one error type, its message, the advice that follows it, and the exit code.
//!
//! Every variant names the file or folder it is about, so the user knows where to look. A message
//! never carries secret content: for a bad secret file it names the file, never the line.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::dates;
use crate::fl;
use crate::platform;
use crate::sanitize::{escape, shown};

/// The process exit codes, as documented in DESIGN.md §2 and README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Done.
    Ok = 0,
    /// Failed; nothing lost.
    Failure = 1,
    /// The command line was wrong, or a secret was needed and there was no way to ask for it.
    Usage = 2,
    /// Refused for safety: program running, downgrade, journal pending, target not writable.
    Refused = 3,
    /// Wrong passphrase or damaged vault (one code: the two must look the same).
    BadVault = 4,
    /// The installed files failed verification; the old set was put back.
    RolledBack = 5,
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit as u8)
    }
}

/// Which secret a message is about (never its value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secret {
    /// The passphrase that opens the vault.
    Passphrase,
    /// The password that protects the key files.
    Password,
}

/// Everything that can go wrong, each with what it is about.
#[derive(Debug)]
pub enum Error {
    /// A file or folder could not be read.
    Read { path: PathBuf, source: io::Error },
    /// A file or folder could not be written, moved or removed.
    Write { path: PathBuf, source: io::Error },
    /// The path given as a key folder is not a folder.
    NotAFolder { path: PathBuf },
    /// One of the three key files is not in the folder.
    KeyFileMissing { dir: PathBuf, name: &'static str },
    /// A key file is empty.
    KeyFileEmpty { path: PathBuf },
    /// A key file is larger than any real one (1 MiB).
    KeyFileTooLarge { path: PathBuf },
    /// The same key file is there twice, in different letter case.
    KeyFileTwice { first: PathBuf, second: PathBuf },
    /// A key file is not what its name says (not PKCS#12, not a Java keystore).
    KeyFileNotKey { path: PathBuf },
    /// A secret is needed, no terminal can ask for it and no file flag gives it.
    SecretNeedsTerminal { secret: Secret },
    /// A secret file is empty or its first line is.
    SecretFileEmpty { path: PathBuf },
    /// A secret file's first line is not text (UTF-8).
    SecretFileNotText { path: PathBuf },
    /// A typed passphrase is too easy to guess.
    PassphraseWeak,
    /// The output vault exists already and `--yes` was not given.
    VaultExists { path: PathBuf },
    /// The vault does not open: wrong passphrase, damaged or not a sigillo vault.
    VaultUnreadable { path: PathBuf },
    /// The vault asks for far more scrypt work than sigillo ever writes.
    VaultTooCostly { path: PathBuf, work_factor: u8 },
    /// The vault written on the stick did not read back identical.
    ReadBackFailed { path: PathBuf },
    /// Input and output are the same file.
    SameFile { path: PathBuf },
    /// The password does not open this key file (MAC or digest check failed).
    WrongPassword { path: PathBuf },
    /// This key file belongs to another generation or holder than the other two.
    MixedSet { path: PathBuf },
    /// A confirmation is needed and there is neither a terminal nor `--yes`.
    NeedsConfirmation,
    /// No key folder was found and none was given.
    NoKeyFolder,
    /// Several key folders were found and nobody can choose.
    SeveralKeyFolders { count: usize },
    /// Desktop Telematico is running.
    ProgramRunning { name: String, pid: u32 },
    /// The key folder cannot be written.
    NotWritable { path: PathBuf },
    /// The vault's keys expire before the installed ones.
    Downgrade { installed: NaiveDate, vault: NaiveDate },
    /// The installed files did not verify; the old set was put back.
    VerifyFailed { dir: PathBuf },
    /// A journal from an interrupted run cannot be completed safely.
    JournalDamaged { path: PathBuf },
    /// There is no archived set to bring back.
    NothingToRollBack { dir: PathBuf },
    /// No vault was found beside the program.
    NoVault { dir: PathBuf },
    /// Several vaults were found beside the program and nobody can choose.
    SeveralVaults { count: usize },
    /// Wipe was given something that is not a regular file.
    NotAFile { path: PathBuf },
    /// Guided mode was started without a terminal to show its menu on.
    GuidedNeedsTerminal,
    /// The user said no.
    Cancelled,
    /// Another program kept a file open past the retries (Windows); the journal rolled back.
    FileInUse { path: PathBuf },
    /// The key folder refuses writes and is where Windows wants administrator rights.
    NeedsAdministrator { path: PathBuf },
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Shorthand for a read failure on `path`.
    pub fn read(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
        move |source| Error::Read { path: path.to_owned(), source }
    }

    /// Shorthand for a write failure on `path`.
    pub fn write(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
        move |source| Error::Write { path: path.to_owned(), source }
    }

    /// A key folder that refuses writes: on Windows, when the refusal is "access denied" (Program
    /// Files and the like, for a user without administrator rights), the advice is to start
    /// sigillo as administrator; otherwise the permissions or a read-only disk are to blame.
    pub fn not_writable(path: &Path) -> Error {
        if platform::needs_administrator(path) {
            Error::NeedsAdministrator { path: path.to_owned() }
        } else {
            Error::NotWritable { path: path.to_owned() }
        }
    }

    /// The exit code this error ends the process with. Every variant is named: a new error
    /// must say its code.
    pub fn exit(&self) -> Exit {
        match self {
            Error::SecretNeedsTerminal { .. }
            | Error::NeedsConfirmation
            | Error::NoKeyFolder
            | Error::SeveralKeyFolders { .. }
            | Error::SeveralVaults { .. }
            | Error::GuidedNeedsTerminal => Exit::Usage,
            Error::VaultUnreadable { .. } | Error::VaultTooCostly { .. } => Exit::BadVault,
            Error::ProgramRunning { .. }
            | Error::NotWritable { .. }
            | Error::Downgrade { .. }
            | Error::JournalDamaged { .. }
            | Error::NothingToRollBack { .. }
            | Error::FileInUse { .. }
            | Error::NeedsAdministrator { .. } => Exit::Refused,
            Error::VerifyFailed { .. } => Exit::RolledBack,
            Error::Read { .. }
            | Error::Write { .. }
            | Error::NotAFolder { .. }
            | Error::KeyFileMissing { .. }
            | Error::KeyFileEmpty { .. }
            | Error::KeyFileTooLarge { .. }
            | Error::KeyFileTwice { .. }
            | Error::KeyFileNotKey { .. }
            | Error::SecretFileEmpty { .. }
            | Error::SecretFileNotText { .. }
            | Error::PassphraseWeak
            | Error::VaultExists { .. }
            | Error::ReadBackFailed { .. }
            | Error::SameFile { .. }
            | Error::WrongPassword { .. }
            | Error::MixedSet { .. }
            | Error::NoVault { .. }
            | Error::NotAFile { .. }
            | Error::Cancelled => Exit::Failure,
        }
    }

    /// What to do now, in one sentence.
    pub fn advice(&self) -> String {
        match self {
            Error::Read { .. } => fl!("rec-read"),
            Error::Write { source, .. } if source.kind() == io::ErrorKind::StorageFull => {
                fl!("rec-full")
            }
            Error::Write { .. } => fl!("rec-write"),
            Error::NotAFolder { .. } => fl!("rec-not-a-folder"),
            Error::KeyFileMissing { .. } => fl!("rec-key-missing"),
            Error::KeyFileEmpty { .. }
            | Error::KeyFileTooLarge { .. }
            | Error::KeyFileNotKey { .. } => fl!("rec-key-bad"),
            Error::KeyFileTwice { .. } => fl!("rec-key-twice"),
            Error::SecretNeedsTerminal { secret: Secret::Passphrase } => {
                fl!("rec-needs-terminal-passphrase")
            }
            Error::SecretNeedsTerminal { secret: Secret::Password } => {
                fl!("rec-needs-terminal-password")
            }
            Error::SecretFileEmpty { .. } | Error::SecretFileNotText { .. } => {
                fl!("rec-secret-file")
            }
            Error::PassphraseWeak => fl!("rec-passphrase-weak"),
            Error::VaultExists { .. } => fl!("rec-vault-exists"),
            Error::VaultUnreadable { .. } => fl!("rec-vault-unreadable"),
            Error::VaultTooCostly { .. } => fl!("rec-vault-too-costly"),
            Error::ReadBackFailed { .. } => fl!("rec-read-back"),
            Error::SameFile { .. } => fl!("rec-same-file"),
            Error::WrongPassword { .. } => fl!("rec-wrong-password"),
            Error::MixedSet { .. } => fl!("rec-mixed-set"),
            Error::NeedsConfirmation => fl!("rec-needs-confirmation"),
            Error::NoKeyFolder | Error::SeveralKeyFolders { .. } => fl!("rec-key-folder"),
            Error::ProgramRunning { .. } => fl!("rec-program-running"),
            Error::NotWritable { .. } => fl!("rec-not-writable"),
            Error::Downgrade { .. } => fl!("rec-downgrade"),
            Error::VerifyFailed { .. } => fl!("rec-verify-failed"),
            Error::JournalDamaged { .. } => fl!("rec-journal-damaged"),
            Error::NothingToRollBack { .. } => fl!("rec-nothing-to-roll-back"),
            Error::NoVault { .. } | Error::SeveralVaults { .. } => fl!("rec-no-vault"),
            Error::NotAFile { .. } => fl!("rec-not-a-file"),
            Error::GuidedNeedsTerminal => fl!("wizard-rec-no-terminal"),
            Error::Cancelled => fl!("rec-cancelled"),
            Error::FileInUse { .. } => fl!("rec-file-in-use"),
            Error::NeedsAdministrator { .. } => fl!("rec-needs-administrator"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Error::Read { path, source } => {
                fl!("err-read", path = shown(path), reason = io_reason(source))
            }
            Error::Write { path, source } => {
                fl!("err-write", path = shown(path), reason = io_reason(source))
            }
            Error::NotAFolder { path } => fl!("err-not-a-folder", path = shown(path)),
            Error::KeyFileMissing { dir, name } => {
                fl!("err-key-missing", name = name.to_string(), dir = shown(dir))
            }
            Error::KeyFileEmpty { path } => fl!("err-key-empty", path = shown(path)),
            Error::KeyFileTooLarge { path } => fl!("err-key-too-large", path = shown(path)),
            Error::KeyFileTwice { first, second } => {
                fl!("err-key-twice", first = shown(first), second = shown(second))
            }
            Error::KeyFileNotKey { path } => fl!("err-key-not-key", path = shown(path)),
            Error::SecretNeedsTerminal { secret: Secret::Passphrase } => {
                fl!("err-needs-terminal-passphrase")
            }
            Error::SecretNeedsTerminal { secret: Secret::Password } => {
                fl!("err-needs-terminal-password")
            }
            Error::SecretFileEmpty { path } => fl!("err-secret-file-empty", path = shown(path)),
            Error::SecretFileNotText { path } => {
                fl!("err-secret-file-not-text", path = shown(path))
            }
            Error::PassphraseWeak => fl!("err-passphrase-weak"),
            Error::VaultExists { path } => fl!("err-vault-exists", path = shown(path)),
            Error::VaultUnreadable { path } => fl!("err-vault-unreadable", path = shown(path)),
            Error::VaultTooCostly { path, work_factor } => {
                fl!("err-vault-too-costly", path = shown(path), factor = u32::from(*work_factor))
            }
            Error::ReadBackFailed { path } => fl!("err-read-back", path = shown(path)),
            Error::SameFile { path } => fl!("err-same-file", path = shown(path)),
            Error::WrongPassword { path } => fl!("err-wrong-password", path = shown(path)),
            Error::MixedSet { path } => fl!("err-mixed-set", path = shown(path)),
            Error::NeedsConfirmation => fl!("err-needs-confirmation"),
            Error::NoKeyFolder => fl!("err-no-key-folder"),
            Error::SeveralKeyFolders { count } => {
                let count: usize = *count;
                fl!("err-several-key-folders", count = count)
            }
            Error::ProgramRunning { name, pid } => {
                let pid: u32 = *pid;
                fl!("err-program-running", name = escape(name), pid = pid)
            }
            Error::NotWritable { path } => fl!("err-not-writable", path = shown(path)),
            Error::Downgrade { installed, vault } => {
                fl!("err-downgrade", installed = dates::day(*installed), vault = dates::day(*vault))
            }
            Error::VerifyFailed { dir } => fl!("err-verify-failed", dir = shown(dir)),
            Error::JournalDamaged { path } => fl!("err-journal-damaged", path = shown(path)),
            Error::NothingToRollBack { dir } => fl!("err-nothing-to-roll-back", dir = shown(dir)),
            Error::NoVault { dir } => fl!("err-no-vault", dir = shown(dir)),
            Error::SeveralVaults { count } => {
                let count: usize = *count;
                fl!("err-several-vaults", count = count)
            }
            Error::NotAFile { path } => fl!("err-not-a-file", path = shown(path)),
            Error::GuidedNeedsTerminal => fl!("wizard-err-no-terminal"),
            Error::Cancelled => fl!("err-cancelled"),
            Error::FileInUse { path } => fl!("err-file-in-use", path = shown(path)),
            Error::NeedsAdministrator { path } => {
                fl!("err-needs-administrator", path = shown(path))
            }
        };
        f.write_str(&text)
    }
}

impl std::error::Error for Error {}

/// The reason behind an I/O failure, in the user's language where we know it.
fn io_reason(error: &io::Error) -> String {
    if platform::is_in_use(error) {
        return fl!("io-in-use");
    }
    match error.kind() {
        io::ErrorKind::NotFound => fl!("io-not-found"),
        io::ErrorKind::PermissionDenied => fl!("io-permission"),
        io::ErrorKind::StorageFull => fl!("io-full"),
        io::ErrorKind::ReadOnlyFilesystem => fl!("io-read-only"),
        io::ErrorKind::AlreadyExists => fl!("io-exists"),
        _ => error.to_string(),
    }
}
