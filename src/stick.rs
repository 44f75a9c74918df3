//! stick: the USB stick sigillo runs from — where it is, the vaults on it, and the plaintext
//! leftovers of the old manual procedure (`Password.txt`, loose key files) found there.
//!
//! The "stick" is the folder the program runs from, which may be anything: the key folder's
//! parent, the Desktop, `C:\`. So the leftover scan never lists a file inside a key folder in use
//! or an archive of old keys, and [`on_removable_volume`] tells the wipe step whether the
//! program really runs from a removable drive (elsewhere it offers no key file at all).
//!
//! This module only looks and lists (and lets the user pick one of several vaults): it never
//! changes a file: wiping is the wipe step's job.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::archive;
use crate::dates;
use crate::error::{Error, Result, StickPlace};
use crate::failpoint;
use crate::i18n::fl;
use crate::journal;
use crate::locate;
use crate::platform;
use crate::sanitize::shown;
use crate::ui::Ui;
use crate::vault::CheckCode;
use crate::walk::{self, Bounds, Visit};

/// How deep below the program's folder leftovers are looked for.
pub const LEFTOVER_DEPTH: usize = 3;
/// How many folder entries the leftover search reads at most.
pub const LEFTOVER_ENTRIES: usize = 20_000;

/// The folder of the running program: the stick.
pub fn program_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_owned))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Whether `dir` is on a removable volume ([`platform::is_removable`]).
/// When the system cannot tell, the answer is no: wiping key files is never offered on a guess.
/// Tests stand in a removable stick with the `removable-stick` failpoint.
pub fn on_removable_volume(dir: &Path) -> bool {
    failpoint::hit("removable-stick") || platform::is_removable(dir) == Some(true)
}

/// Refuses `target` (a key folder to write into, existing or not yet) when the key files would
/// lie in clear where the vault travels ([`stick_place`]): [`Error::TargetOnStick`]. When where
/// it really is cannot be told, it is refused too ([`Error::TargetUnresolved`]): never passed on
/// a guess. Called before anything is created, and again once the folder exists.
///
/// Folders are compared by identity ([`platform::folder_identity`]: device and inode, volume
/// and file index), never by how their paths are spelled: `stick/../stick/x`, a link to the
/// stick, `E:\` and `e:\CHIAVI` all land on the stick. A path not there yet is looked at as
/// it will resolve once created ([`resolved`]): `target/nope/../../stick` is the stick.
pub fn check_target(target: &Path, vault_dir: Option<&Path>, stick: &Path) -> Result<()> {
    let unresolved = || Error::TargetUnresolved { path: target.to_owned() };
    let real = resolved(target).map_err(|_| unresolved())?;
    let existing = real.ancestors().find(|a| a.is_dir()).ok_or_else(unresolved)?;
    let lies_in = |dir: &Path| {
        let Ok(id) = platform::folder_identity(dir) else { return false };
        existing.ancestors().any(|a| platform::folder_identity(a).is_ok_and(|a| a == id))
    };
    let volume = |dir: &Path, removable: bool| Volume { id: platform::volume_id(dir), removable };
    let target_removable =
        failpoint::hit("removable-target") || platform::is_removable(existing) == Some(true);
    let vault_removable =
        |dir: &Path| failpoint::hit("removable-vault") || platform::is_removable(dir) == Some(true);
    let facts = Volumes {
        target: volume(existing, target_removable),
        program: volume(stick, on_removable_volume(stick)),
        vault: vault_dir.map(|d| volume(d, vault_removable(d))).unwrap_or_default(),
        system: platform::system_volume(),
        whole_program_volume: platform::WHOLE_PROGRAM_VOLUME_IS_STICK,
    };
    let within =
        Within { vault_folder: vault_dir.is_some_and(lies_in), stick_folder: lies_in(stick) };
    match stick_place(&facts, within) {
        Some(place) => Err(Error::TargetOnStick { path: target.to_owned(), place }),
        None => Ok(()),
    }
}

/// Where `target` will really be once its missing folders are created: the nearest existing
/// folder above it, canonical (links followed, as the creation will), then the rest step by
/// step as `create_dir_all` takes it: `..` climbs from where the path really is, and a step that
/// lands on something existing (a link) is resolved again. Errors when a step cannot be
/// resolved: callers refuse then.
fn resolved(target: &Path) -> std::io::Result<PathBuf> {
    use std::path::Component;
    let absolute = std::path::absolute(target)?;
    let existing = absolute
        .ancestors()
        .find(|a| a.is_dir())
        .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))?;
    let tail = absolute.strip_prefix(existing).map_err(std::io::Error::other)?.to_owned();
    let mut real = fs::canonicalize(existing)?;
    for part in tail.components() {
        match part {
            Component::CurDir => continue,
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => real.push(name),
            Component::RootDir | Component::Prefix(_) => {
                return Err(std::io::Error::from(std::io::ErrorKind::InvalidInput));
            }
        }
        if fs::symlink_metadata(&real).is_ok() {
            real = fs::canonicalize(&real)?;
        }
    }
    Ok(real)
}

/// A volume, as far as the system says: its identity ([`platform::volume_id`]) and whether it
/// is removable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Volume {
    pub id: Option<u64>,
    pub removable: bool,
}

/// The volumes around an install's target, for [`stick_place`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Volumes {
    /// The volume the target folder is (or will be) on.
    pub target: Volume,
    /// The volume sigillo runs from.
    pub program: Volume,
    /// The volume the vault is on (default when there is no vault: rollback).
    pub vault: Volume,
    /// The system volume (Windows: the Windows folder's), when known.
    pub system: Option<u64>,
    /// Whether the program's whole volume is the stick unless it is the system's
    /// ([`platform::WHOLE_PROGRAM_VOLUME_IS_STICK`]).
    pub whole_program_volume: bool,
}

/// Whether the target lies in the vault's folder (or below it), in the program's folder (or
/// below it), compared by identity.
#[derive(Clone, Copy, Debug, Default)]
pub struct Within {
    pub vault_folder: bool,
    pub stick_folder: bool,
}

/// The rule, apart from the system that gives its facts: `None` when the target is a place for
/// keys in clear.
///
/// - A removable volume is never one.
/// - The program's volume is the stick when it is removable or, on Windows, when it is not the
///   system volume (a USB disk saying "fixed"): then its folder, and on Windows all of that
///   volume, is refused. sigillo copied to a folder of the system disk (even its root, `C:\`)
///   makes no folder of the PC "the stick".
/// - The vault's folder and below are refused only when the vault is on a stick (removable, or
///   the program's volume when that is the stick): a vault saved on the PC's disk, beside the
///   key folder or above it (`Documenti\chiavi.age`, keys in `Documenti\Entratel`), is not.
pub fn stick_place(facts: &Volumes, within: Within) -> Option<StickPlace> {
    let Volumes { target, program, vault, system, whole_program_volume } = *facts;
    if target.removable {
        return Some(StickPlace::Removable);
    }
    let program_volume_is_stick =
        whole_program_volume && program.id.is_some() && program.id != system;
    let program_is_stick = program.removable || program_volume_is_stick;
    if within.stick_folder && program_is_stick {
        return Some(StickPlace::Stick);
    }
    if program_volume_is_stick && target.id.is_some() && target.id == program.id {
        return Some(StickPlace::StickDrive);
    }
    let vault_on_stick =
        vault.removable || (program_is_stick && vault.id.is_some() && vault.id == program.id);
    (within.vault_folder && vault_on_stick).then_some(StickPlace::VaultFolder)
}

/// Whether a file name is a vault's (`*.age`, any case).
pub fn is_vault_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("age"))
}

/// Vault files (`*.age`) directly in `dir`, newest first.
pub fn find_vaults(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<(SystemTime, PathBuf)> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| is_vault_name(Path::new(&e.file_name())))
        .map(|e| {
            (e.metadata().and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH), e.path())
        })
        .collect();
    found.sort_by(|a, b| b.cmp(a));
    found.into_iter().map(|(_, p)| p).collect()
}

/// The check code of a vault file, from its bytes (no passphrase needed); `None` when unreadable,
/// not a regular file, or larger than any vault. Hashed as a stream: a large file on the stick
/// costs no memory.
pub fn check_code_of(path: &Path) -> Option<CheckCode> {
    let digest = crate::disk::sha256_regular(path, crate::vault::MAX_VAULT_FILE).ok()?;
    Some(CheckCode::from_sha256(&digest))
}

/// One line about a vault on the stick: its name, when it was written, its check code.
pub fn describe_vault(path: &Path) -> String {
    let when =
        fs::metadata(path).and_then(|m| m.modified()).map(dates::file_time).unwrap_or_default();
    let code = check_code_of(path).map(|c| c.to_string()).unwrap_or_else(|| "?".into());
    format!("\"{}\" — {} — {}", shown(path), when, fl!("check-code", code = code))
}

/// The vault to open: the one on the stick, or the user's pick among several (newest first).
pub fn choose_vault(stick: &Path, ui: &mut dyn Ui) -> Result<PathBuf> {
    let vaults = find_vaults(stick);
    match vaults.as_slice() {
        [] => Err(Error::NoVault { dir: stick.to_owned() }),
        [one] => Ok(one.clone()),
        several => {
            let items: Vec<String> = several.iter().map(|path| describe_vault(path)).collect();
            if !ui.interactive() {
                ui.say(&fl!("install-several-vaults"));
                for (n, item) in items.iter().enumerate() {
                    ui.say(&format!("  {}) {item}", n + 1));
                }
                return Err(Error::SeveralVaults { count: several.len() });
            }
            let heading = fl!("install-several-vaults");
            let chosen = ui.choose(&heading, items, &fl!("locate-ask-number"));
            Ok(several[chosen.map_err(|_| Error::Cancelled)?].clone())
        }
    }
}

/// Plaintext leftovers of the old manual procedure under `root`, sorted.
///
/// Matches regular files, case-insensitively: `password*.txt` (`Password.txt`,
/// `password nuova.txt`), `ute*.p12` (`UTEF.P12`, `UTEC.P12`, `UTEF - Copia.p12`) and
/// `utente*.ks` (`UTENTE.KS`). A vault (`*.age`) never matches.
///
/// The walk is breadth-first and bounded: `max_depth` levels of folders below `root`
/// (0 = only `root` itself) and at most `max_entries` directory entries looked at in all. It
/// never follows symbolic links (nor Windows junctions, which std reports as links) and skips
/// folders it cannot read without complaint: a partial list is still useful.
///
/// It never lists anything in or below a key folder in use ([`is_key_folder`]) or an archive of
/// old keys (`Chiavi di Sicurezza Scadute`): those are the office's keys, not leftovers.
pub fn find_leftovers(root: &Path, max_depth: usize, max_entries: usize) -> Vec<PathBuf> {
    let known: Vec<PathBuf> =
        platform::key_folder_roots().0.iter().filter_map(|k| fs::canonicalize(k).ok()).collect();
    let bounds = Bounds { entries: max_entries, ..Bounds::depth(max_depth) };
    let mut leftovers = Leftovers { known, found: Vec::new() };
    walk::walk(vec![root.to_path_buf()], &bounds, &mut leftovers);
    let mut found = leftovers.found;
    found.sort();
    found
}

/// What the leftover search does with each folder it reads: key folders and archives are not
/// entered, files named like leftovers are listed.
struct Leftovers {
    known: Vec<PathBuf>,
    found: Vec<PathBuf>,
}

impl Visit for Leftovers {
    fn enter(&mut self, dir: &Path, _depth: usize) -> bool {
        !is_archive(dir) && !is_key_folder(dir, &self.known)
    }

    fn entry(&mut self, entry: &fs::DirEntry, kind: fs::FileType) {
        if kind.is_file() && is_leftover_name(&entry.file_name().to_string_lossy()) {
            self.found.push(entry.path());
        }
    }
}

/// Whether `dir` is an archive root of old keys (its name, in any case).
fn is_archive(dir: &Path) -> bool {
    dir.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.eq_ignore_ascii_case(archive::ROOT_NAME))
}

/// Whether `dir` is a key folder in use: it holds a complete set ([`locate::holds_key_set`]),
/// a swap is pending in it (journal or staging folder), or it is one of the folders where
/// Desktop Telematico keeps its keys (`known`, canonical paths of
/// [`platform::key_folder_roots`]).
pub fn is_key_folder(dir: &Path, known: &[PathBuf]) -> bool {
    if locate::holds_key_set(dir)
        || fs::symlink_metadata(dir.join(journal::FILE_NAME)).is_ok()
        || fs::symlink_metadata(dir.join(journal::STAGING_NAME)).is_ok()
    {
        return true;
    }
    let Ok(dir) = fs::canonicalize(dir) else { return false };
    known.contains(&dir)
}

/// Whether a leftover's name is a key file's (`ute*.p12`, `utente*.ks`), not a password file's.
pub fn is_key_leftover_name(name: &str) -> bool {
    is_leftover_name(name) && !name.to_lowercase().starts_with("password")
}

/// Whether a file name looks like a plaintext leftover (see [`find_leftovers`]).
pub fn is_leftover_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    let pattern = |prefix: &str, suffix: &str| {
        lower.len() >= prefix.len() + suffix.len()
            && lower.starts_with(prefix)
            && lower.ends_with(suffix)
    };
    pattern("password", ".txt") || pattern("ute", ".p12") || pattern("utente", ".ks")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_names() {
        for yes in [
            "Password.txt",
            "PASSWORD.TXT",
            "password nuova.txt",
            "UTEF.P12",
            "utec.p12",
            "UTEF - Copia.P12",
            "UTENTE.KS",
            "utente.ks",
        ] {
            assert!(is_leftover_name(yes), "{yes}");
        }
        for no in [
            "chiavi-2025-03-01.age",
            "password",
            "Password.doc",
            "mypassword.txt",
            "UTEF.P12.age",
            "LEGGIMI.txt",
            "sigillo.exe",
            "utente.txt",
            ".txt",
        ] {
            assert!(!is_leftover_name(no), "{no}");
        }
    }

    #[test]
    fn find_leftovers_walks_bounded_and_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("Password.txt"), b"segreta").unwrap();
        fs::write(root.join("chiavi-2025-03-01.age"), b"age").unwrap();
        fs::write(root.join("sigillo.exe"), b"bin").unwrap();
        fs::create_dir_all(root.join("CHIAVI/vecchie/ancora")).unwrap();
        // Two of the three: loose copies, not a key folder in use.
        fs::write(root.join("CHIAVI/UTEF.P12"), b"f").unwrap();
        fs::write(root.join("CHIAVI/utec.p12"), b"c").unwrap();
        fs::write(root.join("CHIAVI/vecchie/ancora/UTENTE.KS"), b"k").unwrap();
        // A folder named like a leftover is not a file to wipe.
        fs::create_dir(root.join("password.txt.d")).unwrap();
        fs::create_dir(root.join("UTEF.P12")).unwrap();

        let found = find_leftovers(root, 1, 10_000);
        assert_eq!(
            found,
            vec![
                root.join("CHIAVI/UTEF.P12"),
                root.join("CHIAVI/utec.p12"),
                root.join("Password.txt"),
            ]
        );

        let deep = find_leftovers(root, 5, 10_000);
        assert!(deep.contains(&root.join("CHIAVI/vecchie/ancora/UTENTE.KS")));
        assert_eq!(deep.len(), 4);

        let only_root = find_leftovers(root, 0, 10_000);
        assert_eq!(only_root, vec![root.join("Password.txt")]);

        assert!(find_leftovers(root, 5, 0).is_empty());
        assert!(find_leftovers(&root.join("assente"), 5, 100).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn find_leftovers_never_follows_links() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("Password.txt"), b"x").unwrap();
        let stick = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), stick.path().join("link-dir")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("Password.txt"),
            stick.path().join("password-link.txt"),
        )
        .unwrap();
        assert!(find_leftovers(stick.path(), 5, 1000).is_empty());
    }

    #[test]
    fn key_folders_and_archives_are_never_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // The key folder in use, with a Password.txt the office keeps there.
        let keys = root.join("Entratel");
        fs::create_dir(&keys).unwrap();
        for name in ["UTEF.P12", "utec.p12", "UTENTE.KS", "Password.txt"] {
            fs::write(keys.join(name), b"k").unwrap();
        }
        fs::create_dir(keys.join("vecchie")).unwrap();
        fs::write(keys.join("vecchie/UTEF.P12"), b"k").unwrap();
        // The archive, beside it and inside it, in any case.
        for archived in ["Chiavi di Sicurezza Scadute/Chiavi X", "CHIAVI DI SICUREZZA SCADUTE/y"] {
            fs::create_dir_all(root.join(archived)).unwrap();
            fs::write(root.join(archived).join("UTEF.P12"), b"k").unwrap();
        }
        // A folder mid-swap: two files, a journal.
        let pending = root.join("SOGEI");
        fs::create_dir(&pending).unwrap();
        fs::write(pending.join("UTEF.P12"), b"k").unwrap();
        fs::write(pending.join(journal::FILE_NAME), b"{}").unwrap();
        // A real leftover.
        fs::create_dir(root.join("copia")).unwrap();
        fs::write(root.join("copia/UTEF - Copia.P12"), b"k").unwrap();

        assert_eq!(find_leftovers(root, 3, 10_000), vec![root.join("copia/UTEF - Copia.P12")]);
        // Run from inside the key folder: nothing at all.
        assert!(find_leftovers(&keys, 3, 10_000).is_empty());
        assert!(is_key_folder(&keys, &[]));
        let known = [fs::canonicalize(root.join("copia")).unwrap()];
        assert!(is_key_folder(&root.join("copia"), &known));
        assert!(!is_key_folder(&root.join("copia"), &[]));
    }

    /// The volumes of a PC: `C:` the system (1), `D:` a second fixed disk (2), `E:` a USB disk
    /// that says fixed (3), `F:` a stick that says removable (4).
    fn on(id: u64) -> Volume {
        Volume { id: Some(id), removable: id == 4 }
    }

    fn facts(target: u64, program: u64, vault: u64, windows: bool) -> Volumes {
        let system = windows.then_some(1);
        let (target, program, vault) = (on(target), on(program), on(vault));
        Volumes { target, program, vault, system, whole_program_volume: windows }
    }

    const NOWHERE: Within = Within { vault_folder: false, stick_folder: false };
    const IN_VAULT: Within = Within { vault_folder: true, stick_folder: false };
    const IN_STICK: Within = Within { vault_folder: false, stick_folder: true };

    #[test]
    fn a_usb_disk_that_says_fixed_is_the_stick_when_sigillo_runs_from_it_on_windows() {
        // sigillo and the vault at E:\ (USB disk, "fixed"): E:\Entratel is the stick's drive.
        assert_eq!(stick_place(&facts(3, 3, 3, true), NOWHERE), Some(StickPlace::StickDrive));
        assert_eq!(stick_place(&facts(3, 3, 3, true), IN_VAULT), Some(StickPlace::StickDrive));
        // The PC's disks stay targets.
        assert_eq!(stick_place(&facts(1, 3, 3, true), NOWHERE), None);
        assert_eq!(stick_place(&facts(2, 3, 3, true), NOWHERE), None);
        // A removable target is refused wherever sigillo runs from.
        assert_eq!(stick_place(&facts(4, 1, 1, true), NOWHERE), Some(StickPlace::Removable));
    }

    #[test]
    fn only_the_system_volume_is_not_the_stick() {
        // sigillo at C:\ or in C:\Users\x\Documenti, keys in a folder below it: no refusal
        // (the old rule exempted every fixed disk's root, and nothing else).
        assert_eq!(stick_place(&facts(1, 1, 1, true), IN_STICK), None);
        assert_eq!(stick_place(&facts(1, 1, 1, true), IN_VAULT), None);
        // sigillo at D:\ (not the system's): D:\Entratel is refused, C:\Entratel is not.
        assert_eq!(stick_place(&facts(2, 2, 2, true), NOWHERE), Some(StickPlace::StickDrive));
        assert_eq!(stick_place(&facts(1, 2, 2, true), NOWHERE), None);
        // Windows could not say which volume is the system's: the program's volume is the stick.
        let unknown = Volumes { system: None, ..facts(1, 1, 1, true) };
        assert_eq!(stick_place(&unknown, NOWHERE), Some(StickPlace::StickDrive));
    }

    #[test]
    fn a_vault_on_the_pcs_disk_does_not_make_its_folder_the_stick() {
        // Documenti\chiavi.age, keys into Documenti\Entratel, sigillo on a stick: installs.
        assert_eq!(stick_place(&facts(1, 4, 1, true), IN_VAULT), None);
        assert_eq!(stick_place(&facts(1, 1, 1, false), IN_VAULT), None);
        // The vault on a stick, the target inside its folder: refused.
        let vault_on_stick = Volumes { vault: on(4), ..facts(1, 1, 4, false) };
        assert_eq!(stick_place(&vault_on_stick, IN_VAULT), Some(StickPlace::VaultFolder));
        // On Linux the program's volume counts only when removable (the bus is asked).
        assert_eq!(stick_place(&facts(2, 2, 2, false), IN_STICK), None);
        assert_eq!(stick_place(&facts(2, 2, 2, false), NOWHERE), None);
        let program_on_stick = Volumes { program: on(4), ..facts(2, 4, 2, false) };
        assert_eq!(stick_place(&program_on_stick, IN_STICK), Some(StickPlace::Stick));
    }

    #[test]
    fn a_path_is_resolved_as_its_missing_folders_will_be_created() {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(root.join("chiavetta")).unwrap();
        fs::create_dir(root.join("pc")).unwrap();
        let cases = [
            ("pc/nope/../../chiavetta", "chiavetta"),
            ("pc/nope/../../chiavetta/Entratel", "chiavetta/Entratel"),
            ("pc/./nuova/x", "pc/nuova/x"),
            ("chiavetta", "chiavetta"),
        ];
        for (spelled, real) in cases {
            assert_eq!(resolved(&root.join(spelled)).unwrap(), root.join(real), "{spelled}");
        }
        #[cfg(unix)]
        {
            // Back through `..` onto a link: the link is followed, as create_dir_all would.
            std::os::unix::fs::symlink(root.join("chiavetta"), root.join("pc/link")).unwrap();
            let through = resolved(&root.join("pc/nope/../link/x")).unwrap();
            assert_eq!(through, root.join("chiavetta/x"));
            // A dangling link cannot be resolved: an error, never a pass.
            std::os::unix::fs::symlink(root.join("assente"), root.join("pc/rotto")).unwrap();
            assert!(resolved(&root.join("pc/nope/../rotto/x")).is_err());
        }
    }

    #[test]
    fn key_leftover_names() {
        assert!(is_key_leftover_name("UTEF - Copia.P12"));
        assert!(is_key_leftover_name("utente.ks"));
        assert!(!is_key_leftover_name("Password.txt"));
        assert!(!is_key_leftover_name("LEGGIMI.txt"));
    }
}
