//! error: the one error type, its message, the advice that follows it, and the exit code.
//!
//! Every variant names the file or folder it is about, so the user knows where to look. A message
//! never carries secret content: for a bad secret file it names the file, never the line.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::dates;
use crate::i18n::fl;
use crate::platform;
use crate::sanitize::{escape, shown};

/// What is wrong with a vault's own key set, in the words a seal of it would have used. Files
/// by name (`UTEF.P12`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetProblem {
    /// A private key in this file is not its certificate's.
    KeyMismatch(&'static str),
    /// This file belongs to another generation or holder than the other two.
    Mixed(&'static str),
    /// The password in the vault opens these files and not those.
    OpensSome { opened: Vec<&'static str>, refused: Vec<&'static str> },
    /// The password in the vault opens none of its files.
    OpensNone,
}

impl fmt::Display for SetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |files: &[&str]| files.iter().map(|n| (*n).to_owned()).collect();
        let text = match self {
            SetProblem::KeyMismatch(name) => fl!("err-key-mismatch", path = name.to_string()),
            SetProblem::Mixed(name) => fl!("err-mixed-set", path = name.to_string()),
            SetProblem::OpensSome { opened, refused } => fl!(
                "password-opens-some",
                opened = joined(names(opened), fl!("list-and")),
                refused = joined(names(refused), fl!("list-nor"))
            ),
            SetProblem::OpensNone => fl!("vault-password-opens-none"),
        };
        f.write_str(&text)
    }
}

/// `a, b and c` (or `a, b né c`): names joined the way a sentence lists them.
pub fn joined(names: Vec<String>, conjunction: String) -> String {
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {conjunction} {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The process exit codes, as documented in ARCHITECTURE.md §4 and README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Done.
    Ok = 0,
    /// Failed; nothing lost.
    Failure = 1,
    /// The command line was wrong, or a secret was needed and there was no way to ask for it.
    Usage = 2,
    /// Refused for safety: program running, another sigillo at work on the folder, downgrade,
    /// journal pending, archive on another disk, target not writable.
    Refused = 3,
    /// Wrong passphrase or damaged vault (one code: the two must look the same).
    BadVault = 4,
    /// The installed files failed verification; the old set was put back.
    RolledBack = 5,
    /// Interrupted (Ctrl-C, a closed window, a kill): the shells' code for Ctrl-C (128 + 2).
    /// One line said what had changed by then, if anything; a shown secret was blanked. A
    /// change that must not stop halfway (the journaled swap, writing the vault, a wipe)
    /// finished first.
    Interrupted = 130,
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit as u8)
    }
}

/// Which secret a message is about (never its value).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Secret {
    /// The passphrase that opens the vault.
    Passphrase,
    /// The password that protects the key files.
    Password,
}

/// Why a typed passphrase was not accepted after the last try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PassphraseRefusal {
    /// Still too easy to guess.
    Guessable,
    /// It still held the keys' password.
    HasPassword,
    /// The repetition did not match it.
    NotRepeated,
}

/// Something on disk that sigillo will not act on, because acting on it could be turned against
/// the user (issue 9: everything read back from disk is untrusted input).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hazard {
    /// A journal that names files or folders sigillo would never have written there.
    Journal,
    /// An installed key file that is a symbolic link.
    KeyLink,
    /// An installed key file that is not a regular file (a folder, a device…).
    KeyNotRegular,
    /// An installed key file larger than any real one.
    KeyTooLarge,
    /// The audit log or the archive root is a symbolic link.
    Link,
    /// A file to wipe has other names (hard links): overwriting it would destroy them too.
    HardLinked,
    /// The file to wipe was replaced by another while it was being wiped.
    Swapped,
    /// One of sigillo's own files (the lock file, the audit log) has other names (hard links) or
    /// is not a regular file: writing it would change another file (a key file, even).
    OwnFileLinked,
    /// The file to wipe was emptied and its handle closed to delete it, but its name remains.
    NotRemoved,
}

impl fmt::Display for Hazard {
    /// The short reason, as an I/O error carries it (shred refuses with one).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Hazard::HardLinked => fl!("io-hard-linked"),
            Hazard::Swapped => fl!("io-swapped"),
            Hazard::NotRemoved => fl!("io-not-removed"),
            _ => fl!("io-unsafe"),
        })
    }
}

impl std::error::Error for Hazard {}

/// Where a key folder given to install lies that makes it the wrong place: the key files would
/// be in clear where the vault travels (issue 22, item 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StickPlace {
    /// The folder holding the vault, or a folder inside it.
    VaultFolder,
    /// The stick sigillo runs from (the program's folder), or a folder inside it.
    Stick,
    /// The drive sigillo runs from, which is not the system's (Windows: a USB disk may say
    /// "fixed", so the whole drive is taken for the stick).
    StickDrive,
    /// A removable volume (a USB stick, a memory card).
    Removable,
}

impl StickPlace {
    /// The Fluent selector of the message.
    pub fn as_str(self) -> &'static str {
        match self {
            StickPlace::VaultFolder => "vault",
            StickPlace::Stick => "stick",
            StickPlace::StickDrive => "drive",
            StickPlace::Removable => "removable",
        }
    }
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
    /// A file named like a key file is provably something else (text, a web page, a ZIP…).
    KeyFileNotKey { path: PathBuf, what: crate::sniff::NotKey },
    /// A secret is needed, no terminal can ask for it and no file flag gives it.
    SecretNeedsTerminal { secret: Secret },
    /// A secret file is empty or its first line is.
    SecretFileEmpty { path: PathBuf },
    /// A secret file's first line is not text (UTF-8).
    SecretFileNotText { path: PathBuf },
    /// A typed passphrase is too easy to guess.
    PassphraseWeak,
    /// A typed passphrase is, or contains, the keys' password.
    PassphraseHasPassword,
    /// Every try at typing a passphrase was refused; `why` says what was wrong with the last.
    PassphraseNotAccepted { why: PassphraseRefusal },
    /// A generated passphrase must be shown, and there is no terminal to show it on (standard
    /// output does not count: it may be a log file).
    NoTerminalToShow,
    /// The output vault exists already and `--yes` was not given.
    VaultExists { path: PathBuf },
    /// The vault does not open: wrong passphrase, damaged or not a sigillo vault.
    VaultUnreadable { path: PathBuf },
    /// The vault asks for far more scrypt work than sigillo ever writes.
    VaultTooCostly { path: PathBuf, work_factor: u8 },
    /// The vault asks for less scrypt work than sigillo ever writes (too easy to guess).
    VaultTooWeak { path: PathBuf, work_factor: u8 },
    /// A folder was given where a vault file was expected.
    VaultIsFolder { path: PathBuf },
    /// The file given as a vault is empty.
    VaultEmpty { path: PathBuf },
    /// The file given as a vault is not an age file at all.
    NotAVault { path: PathBuf },
    /// The file is an age file encrypted to a key, not to a passphrase.
    NotPassphraseVault { path: PathBuf },
    /// The file starts like a vault, but its header is damaged or cut short.
    VaultHeaderDamaged { path: PathBuf },
    /// The vault written on the stick did not read back identical.
    ReadBackFailed { path: PathBuf },
    /// Input and output are the same file.
    SameFile { path: PathBuf },
    /// The password does not open this key file (MAC or digest check failed).
    WrongPassword { path: PathBuf },
    /// This key file belongs to another generation or holder than the other two.
    MixedSet { path: PathBuf },
    /// A private key in this key file is not its certificate's (certificates are public: the
    /// right ones beside other keys are no set of that holder's).
    KeyMismatch { path: PathBuf },
    /// The vault's own key set is what a seal refuses (its files examined with the password it
    /// carries): nothing was installed.
    VaultSetRefused { problem: SetProblem },
    /// A confirmation is needed and there is neither a terminal nor `--yes`.
    NeedsConfirmation,
    /// No key folder was found and none was given.
    NoKeyFolder,
    /// Several key folders were found and nobody can choose.
    SeveralKeyFolders { count: usize },
    /// Desktop Telematico is running: its image name, process id and image path (when the
    /// system says).
    ProgramRunning { name: String, pid: u32, path: Option<PathBuf> },
    /// The key folder cannot be written.
    NotWritable { path: PathBuf },
    /// The vault's keys expire before the installed ones.
    Downgrade { installed: NaiveDate, vault: NaiveDate },
    /// The keys to install or bring back expired already (`--force` goes on anyway).
    KeysExpired { expiry: NaiveDate },
    /// The dates of the keys in this folder cannot be read (without their password), so a
    /// downgrade cannot be ruled out (`--force` goes on anyway).
    DatesUnknown { dir: PathBuf },
    /// The vault's keys are another holder's than the installed ones (names as the
    /// certificates give them, already escaped; `--force` goes on anyway).
    OtherHolder { installed: String, incoming: String },
    /// This key file has nothing that could prove the password (no MAC, nothing encrypted), so
    /// a wrong password cannot be ruled out (`--force` goes on anyway).
    PasswordUnchecked { path: PathBuf },
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
    /// Wipe was given a symbolic link: neither it nor what it points to is wiped.
    WipeLink { path: PathBuf },
    /// Guided mode was started without a terminal to show its menu on.
    GuidedNeedsTerminal,
    /// `--json` without a command: guided mode asks, and `--json` asks nothing.
    JsonNeedsCommand,
    /// The `--to` folder does not exist and `--crea` was not given.
    TargetMissing { path: PathBuf },
    /// The user said no.
    Cancelled,
    /// Something on disk is not what sigillo would have left there: nothing was touched.
    Unsafe { path: PathBuf, hazard: Hazard },
    /// Another program kept a file open past the retries (Windows); the journal rolled back.
    FileInUse { path: PathBuf },
    /// The key folder refuses writes and is where Windows wants administrator rights.
    NeedsAdministrator { path: PathBuf },
    /// Another sigillo holds the key folder's lock (who, where known): nothing was changed.
    Busy { dir: PathBuf, holder: Option<crate::lock::Holder> },
    /// The archive is on another disk than the key folder: the old keys could only be copied
    /// there and deleted here, and sigillo never deletes a key file.
    ArchiveElsewhere { dir: PathBuf, archive: PathBuf },
    /// A pending journal has no witness from this user's sigillo (or not the one it names): it
    /// may have been planted or replayed, so it is not acted on.
    JournalUnwitnessed { path: PathBuf },
    /// The vault's header opened with the passphrase (its MAC proves it right), and what follows
    /// is damaged or cut short: a copy interrupted, not a wrong passphrase.
    VaultBodyDamaged { path: PathBuf },
    /// The passphrase opened the vault and its content is whole as written, but it is not a
    /// vault this sigillo reads (another format version, another program's age file).
    VaultForeign { path: PathBuf },
    /// The key folder given to install is on the stick or beside the vault: the keys would be
    /// in clear where they travel. `--force` does not override it.
    TargetOnStick { path: PathBuf, place: StickPlace },
    /// Where the key folder given really is could not be told (a link that leads nowhere, a
    /// folder that cannot be opened): refused, since it could be on the stick.
    TargetUnresolved { path: PathBuf },
    /// Another program kept a file open without sharing past the retries, so it could not be
    /// read (Windows errors 32 and 33).
    FileHeld { path: PathBuf },
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Shorthand for a read failure on `path` ([`Error::reading`]).
    pub fn read(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
        move |source| Error::reading(path, source)
    }

    /// A read failure on `path`: [`Error::FileHeld`] when another program holds the file open
    /// (after the retries), [`Error::Read`] otherwise.
    pub fn reading(path: &Path, source: io::Error) -> Error {
        if platform::is_in_use(&source) {
            Error::FileHeld { path: path.to_owned() }
        } else {
            Error::Read { path: path.to_owned(), source }
        }
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
            | Error::GuidedNeedsTerminal
            | Error::JsonNeedsCommand
            | Error::NoTerminalToShow
            | Error::VaultIsFolder { .. }
            | Error::TargetMissing { .. } => Exit::Usage,
            Error::VaultUnreadable { .. }
            | Error::VaultTooCostly { .. }
            | Error::VaultTooWeak { .. }
            | Error::VaultEmpty { .. }
            | Error::NotAVault { .. }
            | Error::NotPassphraseVault { .. }
            | Error::VaultHeaderDamaged { .. }
            | Error::VaultBodyDamaged { .. }
            | Error::VaultForeign { .. } => Exit::BadVault,
            Error::ProgramRunning { .. }
            | Error::NotWritable { .. }
            | Error::Downgrade { .. }
            | Error::KeysExpired { .. }
            | Error::DatesUnknown { .. }
            | Error::OtherHolder { .. }
            | Error::VaultSetRefused { .. }
            | Error::PasswordUnchecked { .. }
            | Error::JournalDamaged { .. }
            | Error::NothingToRollBack { .. }
            | Error::Unsafe { .. }
            | Error::FileInUse { .. }
            | Error::NeedsAdministrator { .. }
            | Error::Busy { .. }
            | Error::ArchiveElsewhere { .. }
            | Error::JournalUnwitnessed { .. }
            | Error::TargetOnStick { .. }
            | Error::TargetUnresolved { .. }
            | Error::FileHeld { .. } => Exit::Refused,
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
            | Error::PassphraseHasPassword
            | Error::PassphraseNotAccepted { .. }
            | Error::VaultExists { .. }
            | Error::ReadBackFailed { .. }
            | Error::SameFile { .. }
            | Error::WrongPassword { .. }
            | Error::MixedSet { .. }
            | Error::KeyMismatch { .. }
            | Error::NoVault { .. }
            | Error::NotAFile { .. }
            | Error::WipeLink { .. }
            | Error::Cancelled => Exit::Failure,
        }
    }

    /// What a refusal that `--force` overrode says instead: the same facts, and that the step
    /// went ahead anyway as asked. Refusals `--force` cannot override keep their own words.
    pub fn forced(&self) -> String {
        match self {
            Error::OtherHolder { installed, incoming } => fl!(
                "forced-other-holder",
                installed = installed.clone(),
                incoming = incoming.clone()
            ),
            Error::KeysExpired { expiry } => fl!("forced-keys-expired", date = dates::day(*expiry)),
            Error::DatesUnknown { dir } => fl!("forced-dates-unknown", dir = shown(dir)),
            Error::Downgrade { installed, vault } => fl!(
                "forced-downgrade",
                installed = dates::day(*installed),
                vault = dates::day(*vault)
            ),
            Error::PasswordUnchecked { path } => {
                fl!("forced-password-unchecked", path = shown(path))
            }
            other => other.to_string(),
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
            Error::PassphraseHasPassword => fl!("rec-passphrase-has-password"),
            Error::PassphraseNotAccepted { why: PassphraseRefusal::NotRepeated } => {
                fl!("rec-passphrase-not-repeated")
            }
            Error::PassphraseNotAccepted { .. } => fl!("rec-passphrase-not-accepted"),
            Error::NoTerminalToShow => fl!("rec-no-terminal-to-show"),
            Error::VaultExists { .. } => fl!("rec-vault-exists"),
            Error::VaultUnreadable { .. } => fl!("rec-vault-unreadable"),
            Error::VaultTooCostly { .. } | Error::VaultTooWeak { .. } => {
                fl!("rec-vault-too-costly")
            }
            Error::VaultIsFolder { .. } => fl!("rec-vault-is-folder"),
            Error::VaultEmpty { .. }
            | Error::VaultHeaderDamaged { .. }
            | Error::VaultBodyDamaged { .. } => fl!("rec-vault-cut-short"),
            Error::VaultForeign { .. } => fl!("rec-vault-foreign"),
            Error::NotAVault { .. } => fl!("rec-not-a-vault"),
            Error::NotPassphraseVault { .. } => fl!("rec-not-passphrase-vault"),
            Error::ReadBackFailed { .. } => fl!("rec-read-back"),
            Error::SameFile { .. } => fl!("rec-same-file"),
            Error::WrongPassword { .. } => fl!("rec-wrong-password"),
            Error::MixedSet { .. } => fl!("rec-mixed-set"),
            Error::KeyMismatch { .. } => fl!("rec-key-mismatch"),
            Error::VaultSetRefused { .. } => fl!("rec-vault-set-refused"),
            Error::NeedsConfirmation => fl!("rec-needs-confirmation"),
            Error::NoKeyFolder | Error::SeveralKeyFolders { .. } => fl!("rec-key-folder"),
            Error::ProgramRunning { pid, .. } => {
                let pid: u32 = *pid;
                format!(
                    "{}\n{}",
                    fl!("rec-program-running"),
                    fl!("rec-program-running-override", pid = pid)
                )
            }
            Error::NotWritable { .. } => fl!("rec-not-writable"),
            Error::Downgrade { .. } => fl!("rec-downgrade"),
            Error::KeysExpired { .. } => fl!("rec-keys-expired"),
            Error::DatesUnknown { .. } => fl!("rec-dates-unknown"),
            Error::OtherHolder { .. } => fl!("rec-other-holder"),
            Error::PasswordUnchecked { .. } => fl!("rec-password-unchecked"),
            Error::VerifyFailed { .. } => fl!("rec-verify-failed"),
            Error::JournalDamaged { .. } => fl!("rec-journal-damaged"),
            Error::NothingToRollBack { .. } => fl!("rec-nothing-to-roll-back"),
            Error::NoVault { .. } | Error::SeveralVaults { .. } => fl!("rec-no-vault"),
            Error::NotAFile { .. } => fl!("rec-not-a-file"),
            Error::WipeLink { .. } => fl!("rec-wipe-link"),
            Error::GuidedNeedsTerminal => fl!("wizard-rec-no-terminal"),
            Error::JsonNeedsCommand => fl!("rec-json-needs-command"),
            Error::TargetMissing { .. } => fl!("rec-target-missing"),
            Error::Cancelled => fl!("rec-cancelled"),
            Error::Unsafe { hazard, .. } => match hazard {
                Hazard::Journal => fl!("rec-unsafe-journal"),
                Hazard::KeyLink | Hazard::KeyNotRegular | Hazard::KeyTooLarge => {
                    fl!("rec-unsafe-key")
                }
                Hazard::Link => fl!("rec-unsafe-link"),
                Hazard::HardLinked => fl!("rec-unsafe-hard-linked"),
                Hazard::Swapped => fl!("rec-unsafe-swapped"),
                Hazard::NotRemoved => fl!("rec-unsafe-not-removed"),
                Hazard::OwnFileLinked => fl!("rec-unsafe-own-file"),
            },
            Error::FileInUse { .. } => fl!("rec-file-in-use"),
            Error::NeedsAdministrator { .. } => fl!("rec-needs-administrator"),
            Error::Busy { .. } => fl!("rec-busy"),
            Error::ArchiveElsewhere { .. } => fl!("rec-archive-elsewhere"),
            Error::JournalUnwitnessed { .. } => fl!("rec-journal-unwitnessed"),
            Error::TargetOnStick { place, .. } => {
                fl!("rec-target-on-stick", place = place.as_str())
            }
            Error::TargetUnresolved { .. } => fl!("rec-target-unresolved"),
            Error::FileHeld { .. } => fl!("rec-file-held"),
        }
    }
}

impl Error {
    /// The first line a person reads about this error, the same in every face (the command
    /// line, guided mode, the window): "Errore: …"; a cancel is the user's own choice, not an
    /// error, and reads plainly (issue 22 item 8). Its exit code stays [`Exit::Failure`]: the
    /// command did not do what it was asked, and nothing was changed.
    pub fn headline(&self) -> String {
        match self {
            Error::Cancelled => self.to_string(),
            _ => format!("{} {self}", fl!("error-prefix")),
        }
    }
}

impl Error {
    /// What went wrong, as a name that stays the same in every language and release: the
    /// `"error"` of `--json`'s result line, for scripts. Every variant is named.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Read { .. } => "read",
            Error::Write { .. } => "write",
            Error::NotAFolder { .. } => "not_a_folder",
            Error::KeyFileMissing { .. } => "key_file_missing",
            Error::KeyFileEmpty { .. } => "key_file_empty",
            Error::KeyFileTooLarge { .. } => "key_file_too_large",
            Error::KeyFileTwice { .. } => "key_file_twice",
            Error::KeyFileNotKey { .. } => "key_file_not_key",
            Error::SecretNeedsTerminal { .. } => "secret_needs_terminal",
            Error::SecretFileEmpty { .. } => "secret_file_empty",
            Error::SecretFileNotText { .. } => "secret_file_not_text",
            Error::PassphraseWeak => "passphrase_weak",
            Error::PassphraseHasPassword => "passphrase_has_password",
            Error::PassphraseNotAccepted { .. } => "passphrase_not_accepted",
            Error::NoTerminalToShow => "no_terminal_to_show",
            Error::VaultExists { .. } => "vault_exists",
            Error::VaultUnreadable { .. } => "vault_unreadable",
            Error::VaultTooCostly { .. } => "vault_too_costly",
            Error::VaultTooWeak { .. } => "vault_too_weak",
            Error::VaultIsFolder { .. } => "vault_is_folder",
            Error::VaultEmpty { .. } => "vault_empty",
            Error::NotAVault { .. } => "not_a_vault",
            Error::NotPassphraseVault { .. } => "not_passphrase_vault",
            Error::VaultHeaderDamaged { .. } => "vault_header_damaged",
            Error::ReadBackFailed { .. } => "read_back_failed",
            Error::SameFile { .. } => "same_file",
            Error::WrongPassword { .. } => "wrong_password",
            Error::MixedSet { .. } => "mixed_set",
            Error::KeyMismatch { .. } => "key_mismatch",
            Error::VaultSetRefused { .. } => "vault_set_refused",
            Error::NeedsConfirmation => "needs_confirmation",
            Error::NoKeyFolder => "no_key_folder",
            Error::SeveralKeyFolders { .. } => "several_key_folders",
            Error::ProgramRunning { .. } => "program_running",
            Error::NotWritable { .. } => "not_writable",
            Error::Downgrade { .. } => "downgrade",
            Error::KeysExpired { .. } => "keys_expired",
            Error::DatesUnknown { .. } => "dates_unknown",
            Error::OtherHolder { .. } => "other_holder",
            Error::PasswordUnchecked { .. } => "password_unchecked",
            Error::VerifyFailed { .. } => "verify_failed",
            Error::JournalDamaged { .. } => "journal_damaged",
            Error::NothingToRollBack { .. } => "nothing_to_roll_back",
            Error::NoVault { .. } => "no_vault",
            Error::SeveralVaults { .. } => "several_vaults",
            Error::NotAFile { .. } => "not_a_file",
            Error::WipeLink { .. } => "wipe_link",
            Error::GuidedNeedsTerminal => "guided_needs_terminal",
            Error::JsonNeedsCommand => "json_needs_command",
            Error::TargetMissing { .. } => "target_missing",
            Error::Cancelled => "cancelled",
            Error::Unsafe { .. } => "unsafe",
            Error::FileInUse { .. } => "file_in_use",
            Error::NeedsAdministrator { .. } => "needs_administrator",
            Error::Busy { .. } => "busy",
            Error::ArchiveElsewhere { .. } => "archive_elsewhere",
            Error::JournalUnwitnessed { .. } => "journal_unwitnessed",
            Error::VaultBodyDamaged { .. } => "vault_body_damaged",
            Error::VaultForeign { .. } => "vault_foreign",
            Error::TargetOnStick { .. } => "target_on_stick",
            Error::TargetUnresolved { .. } => "target_unresolved",
            Error::FileHeld { .. } => "file_held",
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
            Error::KeyFileNotKey { path, what } => {
                fl!("err-key-not-key", path = shown(path), what = what.as_str())
            }
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
            Error::PassphraseHasPassword => fl!("err-passphrase-has-password"),
            Error::PassphraseNotAccepted { why } => match why {
                PassphraseRefusal::Guessable => fl!("err-passphrase-not-accepted-weak"),
                PassphraseRefusal::HasPassword => fl!("err-passphrase-not-accepted-password"),
                PassphraseRefusal::NotRepeated => fl!("err-passphrase-not-accepted-repeat"),
            },
            Error::NoTerminalToShow => fl!("err-no-terminal-to-show"),
            Error::VaultExists { path } => fl!("err-vault-exists", path = shown(path)),
            Error::VaultUnreadable { path } => fl!("err-vault-unreadable", path = shown(path)),
            Error::VaultTooCostly { path, work_factor } => {
                fl!("err-vault-too-costly", path = shown(path), factor = u32::from(*work_factor))
            }
            Error::VaultTooWeak { path, work_factor } => {
                fl!("err-vault-too-weak", path = shown(path), factor = u32::from(*work_factor))
            }
            Error::VaultIsFolder { path } => fl!("err-vault-is-folder", path = shown(path)),
            Error::VaultEmpty { path } => fl!("err-vault-empty", path = shown(path)),
            Error::NotAVault { path } => fl!("err-not-a-vault", path = shown(path)),
            Error::NotPassphraseVault { path } => {
                fl!("err-not-passphrase-vault", path = shown(path))
            }
            Error::VaultHeaderDamaged { path } => {
                fl!("err-vault-header-damaged", path = shown(path))
            }
            Error::ReadBackFailed { path } => fl!("err-read-back", path = shown(path)),
            Error::SameFile { path } => fl!("err-same-file", path = shown(path)),
            Error::WrongPassword { path } => fl!("err-wrong-password", path = shown(path)),
            Error::MixedSet { path } => fl!("err-mixed-set", path = shown(path)),
            Error::KeyMismatch { path } => fl!("err-key-mismatch", path = shown(path)),
            Error::VaultSetRefused { problem } => {
                fl!("err-vault-set-refused", problem = problem.to_string())
            }
            Error::NeedsConfirmation => fl!("err-needs-confirmation"),
            Error::NoKeyFolder => fl!("err-no-key-folder"),
            Error::SeveralKeyFolders { count } => {
                let count: usize = *count;
                fl!("err-several-key-folders", count = count)
            }
            Error::ProgramRunning { name, pid, path: None } => {
                let pid: u32 = *pid;
                fl!("err-program-running", name = escape(name), pid = pid)
            }
            Error::ProgramRunning { name, pid, path: Some(path) } => {
                let pid: u32 = *pid;
                fl!("err-program-running-at", name = escape(name), pid = pid, path = shown(path))
            }
            Error::NotWritable { path } => fl!("err-not-writable", path = shown(path)),
            Error::Downgrade { installed, vault } => {
                fl!("err-downgrade", installed = dates::day(*installed), vault = dates::day(*vault))
            }
            Error::KeysExpired { expiry } => fl!("err-keys-expired", date = dates::day(*expiry)),
            Error::DatesUnknown { dir } => fl!("err-dates-unknown", dir = shown(dir)),
            Error::OtherHolder { installed, incoming } => {
                fl!("err-other-holder", installed = installed.clone(), incoming = incoming.clone())
            }
            Error::PasswordUnchecked { path } => {
                fl!("err-password-unchecked", path = shown(path))
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
            Error::WipeLink { path } => fl!("err-wipe-link", path = shown(path)),
            Error::GuidedNeedsTerminal => fl!("wizard-err-no-terminal"),
            Error::JsonNeedsCommand => fl!("err-json-needs-command"),
            Error::TargetMissing { path } => fl!("err-target-missing", path = shown(path)),
            Error::Cancelled => fl!("err-cancelled"),
            Error::Unsafe { path, hazard } => {
                let path = shown(path);
                match hazard {
                    Hazard::Journal => fl!("err-unsafe-journal", path = path),
                    Hazard::KeyLink => fl!("err-unsafe-key-link", path = path),
                    Hazard::KeyNotRegular => fl!("err-unsafe-key-not-regular", path = path),
                    Hazard::KeyTooLarge => fl!("err-unsafe-key-too-large", path = path),
                    Hazard::Link => fl!("err-unsafe-link", path = path),
                    Hazard::HardLinked => fl!("err-unsafe-hard-linked", path = path),
                    Hazard::Swapped => fl!("err-unsafe-swapped", path = path),
                    Hazard::OwnFileLinked => fl!("err-unsafe-own-file", path = path),
                    Hazard::NotRemoved => fl!("err-unsafe-not-removed", path = path),
                }
            }
            Error::FileInUse { path } => fl!("err-file-in-use", path = shown(path)),
            Error::NeedsAdministrator { path } => {
                fl!("err-needs-administrator", path = shown(path))
            }
            Error::Busy { dir, holder: None } => fl!("err-busy", dir = shown(dir)),
            Error::Busy { dir, holder: Some(holder) } => fl!(
                "err-busy-holder",
                dir = shown(dir),
                since = dates::day_time(&holder.since),
                user = escape(&holder.user),
                host = escape(&holder.host)
            ),
            Error::ArchiveElsewhere { dir, archive } => {
                fl!("err-archive-elsewhere", dir = shown(dir), archive = shown(archive))
            }
            Error::JournalUnwitnessed { path } => {
                fl!("err-journal-unwitnessed", path = shown(path))
            }
            Error::VaultBodyDamaged { path } => fl!("err-vault-body-damaged", path = shown(path)),
            Error::VaultForeign { path } => fl!("err-vault-foreign", path = shown(path)),
            Error::TargetOnStick { path, place } => {
                fl!("err-target-on-stick", path = shown(path), place = place.as_str())
            }
            Error::TargetUnresolved { path } => fl!("err-target-unresolved", path = shown(path)),
            Error::FileHeld { path } => fl!("err-file-held", path = shown(path)),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for Error {}

/// The reason behind an I/O failure, in the user's language: every common kind (missing, access
/// denied, another program holding the file, disk full or read-only, a name that exists or is
/// not valid, a folder where a file was expected and back…) in words of our own, and nothing
/// else: the system's text is English on Linux ("No such file or directory (os error 2)") and
/// would sit in the middle of an Italian sentence. Only a kind we do not translate keeps the
/// system's own words, which are then all there is to say.
fn io_reason(error: &io::Error) -> String {
    if platform::is_in_use(error) {
        return fl!("io-in-use");
    }
    if platform::is_link_loop(error) {
        return fl!("io-link");
    }
    use io::ErrorKind as K;
    match error.kind() {
        K::NotFound => fl!("io-not-found"),
        K::PermissionDenied => fl!("io-permission"),
        K::StorageFull => fl!("io-full"),
        K::ReadOnlyFilesystem => fl!("io-read-only"),
        K::AlreadyExists => fl!("io-exists"),
        K::InvalidFilename => fl!("io-name-invalid"),
        K::NotADirectory => fl!("io-not-a-directory"),
        K::IsADirectory => fl!("io-is-a-directory"),
        K::DirectoryNotEmpty => fl!("io-not-empty"),
        K::ResourceBusy | K::ExecutableFileBusy => fl!("io-busy"),
        K::FileTooLarge => fl!("io-too-large"),
        K::TimedOut => fl!("io-timed-out"),
        K::CrossesDevices => fl!("io-crosses-devices"),
        K::UnexpectedEof => fl!("io-cut-short"),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_os_errors_read_in_italian_without_the_system_english() {
        use io::ErrorKind as K;
        // Issue 22: "non esiste (No such file or directory (os error 2))".
        #[cfg(unix)]
        for (code, ours) in [
            (2, "non esiste"),
            (13, "accesso negato"),
            (17, "esiste già"),
            (20, "una parte del percorso non è una cartella"),
            (21, "è una cartella"),
            (28, "spazio esaurito"),
            (30, "il disco è in sola lettura"),
            (36, "il nome del file è troppo lungo o non valido"),
        ] {
            assert_eq!(io_reason(&io::Error::from_raw_os_error(code)), ours, "errno {code}");
        }
        // Windows: ERROR_SHARING_VIOLATION, a file another program holds open.
        #[cfg(windows)]
        assert_eq!(
            io_reason(&io::Error::from_raw_os_error(32)),
            "il file è aperto in un altro programma"
        );
        for kind in [K::NotFound, K::PermissionDenied, K::AlreadyExists, K::StorageFull] {
            // Not std's English name of the kind ("entity not found", …).
            let english = io::Error::from(kind).to_string();
            assert_ne!(io_reason(&io::Error::from(kind)), english, "{kind:?}");
        }
        // A kind without words of our own keeps the system's: all there is to say.
        let unknown = io_reason(&io::Error::other("qualcosa"));
        assert_eq!(unknown, "qualcosa");
    }

    #[test]
    fn a_link_where_a_file_was_expected_reads_in_italian() {
        // Review of issue 22: opening without following links met a symbolic link and said
        // "Too many levels of symbolic links (os error 40)".
        #[cfg(unix)]
        let code = rustix::io::Errno::LOOP.raw_os_error();
        #[cfg(windows)]
        let code = 1921;
        let error = io::Error::from_raw_os_error(code);
        let reason = io_reason(&error);
        assert_eq!(reason, "è un collegamento (link), che sigillo non segue");
        assert!(!reason.contains(&error.to_string()), "{reason}");
    }

    #[test]
    fn a_cancel_heads_plainly_and_every_other_error_as_an_error() {
        let cancel = Error::Cancelled.headline();
        assert_eq!(cancel, fl!("err-cancelled"));
        assert!(!cancel.contains(&fl!("error-prefix")), "{cancel}");
        let error = Error::NoKeyFolder.headline();
        assert_eq!(error, format!("{} {}", fl!("error-prefix"), fl!("err-no-key-folder")));
    }

    #[test]
    fn a_cancel_is_exit_1_and_not_a_usage_error() {
        assert_eq!(Error::Cancelled.exit(), Exit::Failure);
        assert_eq!(Error::TargetMissing { path: "x".into() }.exit(), Exit::Usage);
        assert_eq!(Error::VaultIsFolder { path: "x".into() }.exit(), Exit::Usage);
        assert_eq!(Error::NotAVault { path: "x".into() }.exit(), Exit::BadVault);
    }
}
