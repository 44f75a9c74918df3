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

use std::collections::VecDeque;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::archive;
use crate::dates;
use crate::error::{Error, Result, StickPlace};
use crate::failpoint;
use crate::fl;
use crate::journal;
use crate::locate;
use crate::platform;
use crate::sanitize::shown;
use crate::ui::{Ui, choose_number};
use crate::vault::CheckCode;

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

/// Where `target` (a key folder to install into, existing or not yet) would put the keys in
/// clear where the vault travels: in the folder holding the vault or below it, in the stick's
/// folder or below it, or anywhere on a removable volume. `None` when it is none of these.
///
/// Folders are compared by identity ([`platform::folder_identity`]: device and inode, volume
/// and file index), never by how their paths are spelled: `stick/../stick/x`, a link to the
/// stick, `E:\` and `e:\CHIAVI` all land on the stick. For a folder that does not exist yet,
/// the nearest one above it that does is what counts. The `removable-target` failpoint stands
/// in a removable volume in tests.
///
/// The root of a fixed disk is never taken as the vault's folder or the stick: sigillo copied to
/// `C:\`, or a vault saved there, must not make every folder of the PC's disk (`C:\Entratel`)
/// "on the stick". A removable volume's root still is, as the removable check below says.
pub fn holds_target(target: &Path, vault_dir: &Path, stick: &Path) -> Option<StickPlace> {
    let existing = target.ancestors().find(|a| !a.as_os_str().is_empty() && a.is_dir())?;
    let places = [(vault_dir, StickPlace::VaultFolder), (stick, StickPlace::Stick)];
    let known: Vec<((u64, u64), StickPlace)> = places
        .iter()
        .filter(|(dir, _)| !is_fixed_disk_root(dir))
        .filter_map(|(dir, place)| platform::folder_identity(dir).ok().map(|id| (id, *place)))
        .collect();
    let canonical = fs::canonicalize(existing).ok()?;
    for folder in canonical.ancestors() {
        let Ok(id) = platform::folder_identity(folder) else { continue };
        if let Some((_, place)) = known.iter().find(|(known, _)| *known == id) {
            return Some(*place);
        }
    }
    let removable =
        failpoint::hit("removable-target") || platform::is_removable(existing) == Some(true);
    removable.then_some(StickPlace::Removable)
}

/// Whether `dir` is the root of a volume that is not removable (`C:\`, `/`).
fn is_fixed_disk_root(dir: &Path) -> bool {
    let is_root = fs::canonicalize(dir).is_ok_and(|c| c.parent().is_none());
    is_root && platform::is_removable(dir) != Some(true)
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
            ui.say(&fl!("install-several-vaults"));
            for (n, path) in several.iter().enumerate() {
                ui.say(&format!("  {}) {}", n + 1, describe_vault(path)));
            }
            if !ui.interactive() {
                return Err(Error::SeveralVaults { count: several.len() });
            }
            Ok(several[choose_number(ui, several.len())?].clone())
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
    let mut found = Vec::new();
    let mut queue = VecDeque::from([(root.to_path_buf(), 0usize)]);
    let mut seen = 0usize;
    let known: Vec<PathBuf> =
        platform::key_folder_roots().0.iter().filter_map(|k| fs::canonicalize(k).ok()).collect();
    'walk: while let Some((dir, depth)) = queue.pop_front() {
        if is_archive(&dir) || is_key_folder(&dir, &known) {
            continue;
        }
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            if seen >= max_entries {
                break 'walk;
            }
            seen += 1;
            let Ok(entry) = entry else { continue };
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if depth < max_depth {
                    queue.push_back((entry.path(), depth + 1));
                }
            } else if kind.is_file() && is_leftover_name(&entry.file_name().to_string_lossy()) {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    found
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

    #[test]
    fn the_vaults_folder_and_the_stick_hold_a_target_by_identity_but_a_fixed_disk_root_never() {
        let dir = tempfile::tempdir().unwrap();
        let stick = dir.path().join("chiavetta");
        let pc = dir.path().join("pc");
        fs::create_dir_all(stick.join("CHIAVI")).unwrap();
        fs::create_dir(&pc).unwrap();
        let other = dir.path().join("altrove");
        fs::create_dir(&other).unwrap();
        let vault_place = Some(StickPlace::VaultFolder);
        assert_eq!(holds_target(&stick.join("CHIAVI"), &stick, &other), vault_place);
        assert_eq!(holds_target(&stick.join("nuova/x"), &stick, &other), vault_place);
        assert_eq!(holds_target(&pc.join("../chiavetta"), &stick, &other), vault_place);
        assert_eq!(holds_target(&stick, &other, &stick), Some(StickPlace::Stick));
        assert_eq!(holds_target(&pc.join("Entratel"), &stick, &other), None);
        // sigillo run from the disk's root, or a vault saved there: the PC's folders stay targets
        // (unless this test's disk is itself removable).
        if platform::is_removable(Path::new("/")) != Some(true) && cfg!(unix) {
            assert_eq!(holds_target(&pc, Path::new("/"), Path::new("/")), None);
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
