//! Find the folder that holds this PC's key set (`UTEF.P12`, `UTEC.P12`, `UTENTE.KS`).
//!
//! First the folders Desktop Telematico users usually pick (`C:\Entratel`, `C:\SOGEI`, ...),
//! then a bounded, time-limited breadth-first search of the drives and the user's home for a
//! folder that directly holds all three files, in any letter case.
//!
//! The search only reads directory listings; when several folders are found, describing them to
//! the user ([`describe::folder`]) reads each `UTENTE.KS` for its expiry. It must never change a
//! file, never follow a symbolic link or junction, never return or enter anything under an
//! excluded path or on a removable volume (the stick holding the vault, or another stick, must
//! never become the install target), and never return an archive of old keys (`Chiavi di
//! Sicurezza Scadute`) as the live key folder. Only [`key_folder`] talks to the user, to choose
//! among several results.

use std::collections::{HashSet, VecDeque};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use crate::archive::ROOT_NAME as ARCHIVE_FOLDER;
use crate::describe;
use crate::error::{Error, Result};
use crate::i18n::fl;
use crate::keyset::{self, KeyKind};
use crate::platform::{self, is_within, same_path};
use crate::sanitize::shown;
use crate::talk::{Event, Found, Progress};
use crate::ui::Ui;

/// Folder names never entered by the scan (compared case-insensitively): system folders,
/// recycle bins, caches and tool trees that are large and never hold a user's key folder.
/// `AppData` is skipped whole: a folder chosen in a file dialog is never inside it, and
/// `AppData\Local` alone (temp files, browser caches, app packages) can eat the time budget.
const NOISE_FOLDERS: [&str; 21] = [
    "windows",
    "$recycle.bin",
    "recycler",
    "system volume information",
    "$windows.~bt",
    "$windows.~ws",
    "$winreagent",
    "windowsapps",
    "perflogs",
    "msocache",
    "appdata",
    "node_modules",
    ".git",
    ".svn",
    ".hg",
    ".cache",
    ".cargo",
    ".rustup",
    ".npm",
    ".gradle",
    ".trash",
];

/// Where to look and how far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRoots {
    /// Folders checked first, in order, each for a key set directly inside it.
    pub known: Vec<PathBuf>,
    /// Roots of the breadth-first search, in order.
    pub scan: Vec<PathBuf>,
    /// Levels of folders below a scan root that are looked at (0 = the root only).
    pub max_depth: usize,
    /// Time after which the scan stops and returns what it found. Known folders are always
    /// checked.
    pub time_limit: Duration,
    /// Folders read by the scan at most.
    pub max_dirs: usize,
}

/// How many folder levels below a scan root the search looks at.
const SEARCH_DEPTH: usize = 6;
/// After this long the search stops and returns what it found.
const SEARCH_TIME: Duration = Duration::from_secs(5);
/// Folders the search reads at most.
const SEARCH_FOLDERS: usize = 50_000;

/// The usual places on this system ([`platform::key_folder_roots`]), with limits that keep the
/// search under a few seconds. The caller must pass the stick in `exclude` of
/// [`find_key_folders`] (it may not look removable: a folder on the Desktop); removable volumes
/// are skipped by the search itself, mapped network drives are searched within the same time
/// limit.
pub fn default_roots() -> SearchRoots {
    let (known, scan) = platform::key_folder_roots();
    SearchRoots {
        known,
        scan,
        max_depth: SEARCH_DEPTH,
        time_limit: SEARCH_TIME,
        max_dirs: SEARCH_FOLDERS,
    }
}

/// The key file a directory entry is, when it is one (a regular file, name in any case).
fn key_file_kind(entry: &fs::DirEntry) -> Option<KeyKind> {
    let kind = KeyKind::from_name(entry.file_name().to_str()?)?;
    entry.file_type().is_ok_and(|t| t.is_file()).then_some(kind)
}

/// Whether `dir` directly holds all three key files as regular files, in any letter case.
pub fn holds_key_set(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    let mut present = [false; KeyKind::ALL.len()];
    for kind in entries.flatten().filter_map(|entry| key_file_kind(&entry)) {
        present[kind as usize] = true;
    }
    present.iter().all(|&p| p)
}

/// Folders holding a key set: known folders first, then what the scan finds, nearest first.
///
/// Results are canonical paths (on Windows without the `\\?\` prefix), without duplicates.
/// Nothing at or under a path in `exclude`, or on a removable volume
/// ([`platform::removable_mount_points`]: the stick, other sticks), is entered or returned.
/// Unreadable folders, links, noise folders and archives of old keys ([`ARCHIVE_FOLDER`] and
/// everything below it) are skipped silently. The scan stops at `time_limit` or `max_dirs` with
/// what it has.
pub fn find_key_folders(roots: &SearchRoots, exclude: &[PathBuf]) -> Vec<PathBuf> {
    find_key_folders_with(roots, exclude, &mut |_| {})
}

/// [`find_key_folders`], telling `progress` how many folders it has read so far after each.
pub fn find_key_folders_with(
    roots: &SearchRoots,
    exclude: &[PathBuf],
    progress: &mut dyn FnMut(usize),
) -> Vec<PathBuf> {
    // Removable volumes (the stick itself, other sticks, memory cards) are never searched: a
    // key set there is a copy being carried, not this PC's keys. The list is read once.
    let removable: Vec<PathBuf> = platform::removable_mount_points();
    let on_removable = |path: &Path| removable.iter().any(|mount| is_within(path, mount));
    search(roots, exclude, &on_removable, progress)
}

/// [`find_key_folders_with`], told which paths lie on a removable volume (tests inject it).
fn search(
    roots: &SearchRoots,
    exclude: &[PathBuf],
    on_removable: &dyn Fn(&Path) -> bool,
    progress: &mut dyn FnMut(usize),
) -> Vec<PathBuf> {
    let start = Instant::now();
    let exclude: Vec<PathBuf> = exclude.iter().map(|p| canonical(p)).collect();
    let allowed = |path: &Path| {
        !exclude.iter().any(|ex| is_within(path, ex)) && !in_archive(path) && !on_removable(path)
    };

    let mut found: Vec<PathBuf> = Vec::new();

    for dir in &roots.known {
        // A known folder that is a link to the real one is fine: the user did not pick the
        // link by accident, and canonical() resolves it before the exclude check.
        let dir = canonical(dir);
        if allowed(&dir) && holds_key_set(&dir) {
            add_new(&mut found, dir);
        }
    }

    let mut visited: HashSet<PathBuf> = HashSet::new();
    let mut queue: VecDeque<(PathBuf, usize)> = VecDeque::new();
    for root in &roots.scan {
        let root = canonical(root);
        if allowed(&root) {
            queue.push_back((root, 0));
        }
    }
    let mut dirs_read = 0usize;
    while let Some((dir, depth)) = queue.pop_front() {
        if start.elapsed() >= roots.time_limit || dirs_read >= roots.max_dirs {
            break;
        }
        // The user's home is also reached from its drive's root: read each folder once.
        if !visited.insert(dir.clone()) {
            continue;
        }
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        dirs_read += 1;
        progress(dirs_read);
        if crate::failpoint::hit("slow-search") {
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut present = [false; KeyKind::ALL.len()];
        for entry in entries.flatten() {
            // `DirEntry::file_type` does not follow links; std reports Windows junctions as
            // links too, so `C:\Documents and Settings` and the like are not entered.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if let Some(key) = key_file_kind(&entry) {
                present[key as usize] = true;
            } else if kind.is_dir()
                && depth < roots.max_depth
                && !is_noise(&entry.file_name().to_string_lossy())
            {
                let child = entry.path();
                if allowed(&child) {
                    queue.push_back((child, depth + 1));
                }
            }
        }
        if present.iter().all(|&p| p) {
            add_new(&mut found, dir);
        }
    }
    found
}

/// Appends `path` unless an equal path is already there (known folders are met again by the
/// scan).
fn add_new(found: &mut Vec<PathBuf>, path: PathBuf) {
    if !found.iter().any(|f| same_path(f, &path)) {
        found.push(path);
    }
}

fn is_noise(name: &str) -> bool {
    let lower = name.to_lowercase();
    NOISE_FOLDERS.contains(&lower.as_str()) || lower == ARCHIVE_FOLDER.to_lowercase()
}

/// Whether any component of `path` is an archive of old keys.
fn in_archive(path: &Path) -> bool {
    path.components().any(|c| match c {
        Component::Normal(name) => name.to_string_lossy().eq_ignore_ascii_case(ARCHIVE_FOLDER),
        _ => false,
    })
}

/// `path` made absolute and free of links when possible, as given otherwise.
fn canonical(path: &Path) -> PathBuf {
    let resolved = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    match simplify_verbatim(&resolved.to_string_lossy()) {
        Some(short) => PathBuf::from(short),
        None => resolved,
    }
}

/// On Windows `canonicalize` returns `\\?\C:\...` and `\\?\UNC\server\share\...`. Users know
/// `C:\...` and `\\server\share\...`, and std adds the prefix by itself when a path is too
/// long, so the short form is what we keep and show. `None` when there is nothing to strip.
fn simplify_verbatim(path: &str) -> Option<String> {
    if let Some(rest) = path.strip_prefix(r"\\?\UNC\") {
        return Some(format!(r"\\{rest}"));
    }
    let rest = path.strip_prefix(r"\\?\")?;
    let bytes = rest.as_bytes();
    let is_drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    is_drive.then(|| rest.to_string())
}

/// What a folder the user types must be for the step that asks for it: a wrong one is said at
/// once and asked again, rather than ending the step on an error about a missing file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// A folder holding the three key files (seal: they are what it seals).
    KeySet,
    /// An existing folder (status, rollback: they look at what is in it).
    Folder,
    /// Any folder, even one not made yet (install: it offers to create it).
    Target,
}

/// The key folder to work on: `explicit` when given; else the one folder the search finds (and
/// says so); else the user's choice among several (with dates and expiry) or the folder the user
/// types, asked again until it is what `need` says (Enter alone cancels). Without a terminal,
/// several or none is an error that asks for `--dir`/`--to`/`--from`.
pub fn key_folder(
    explicit: Option<&Path>,
    roots: &SearchRoots,
    exclude: &[PathBuf],
    need: Need,
    ui: &mut dyn Ui,
) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        // Absolute, so that "the folder beside it" (the archive) means something for `.`.
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
        return Ok(settled(dir, Found::Given, ui));
    }
    ui.say(&fl!("locate-searching"));
    let found = search_telling(roots, exclude, ui);
    match found.as_slice() {
        [one] => {
            let one = settled(one.clone(), Found::Searched, ui);
            say_virtual_store(&found, ui);
            Ok(one)
        }
        [] => {
            if !ui.interactive() {
                return Err(Error::NoKeyFolder);
            }
            typed_folder(need, ui).map(|dir| settled(dir, Found::Typed, ui))
        }
        several => {
            // Listed even without a terminal: the error then says which flag chooses, and the
            // user needs the paths to use it.
            let items: Vec<String> = several.iter().map(|dir| describe::folder(dir)).collect();
            if !ui.interactive() {
                ui.say(&fl!("locate-found-several"));
                for (n, item) in items.iter().enumerate() {
                    ui.say(&format!("  {}) {item}", n + 1));
                }
                say_virtual_store(several, ui);
                return Err(Error::SeveralKeyFolders { count: several.len() });
            }
            say_virtual_store(several, ui);
            let heading = fl!("locate-found-several");
            let chosen = ui.choose(&heading, items, &fl!("locate-ask-number"));
            let chosen = several[chosen.map_err(|_| Error::Cancelled)?].clone();
            Ok(settled(chosen, Found::Chosen, ui))
        }
    }
}

/// Asks for the folder until the user types one that is what `need` says; Enter alone cancels.
fn typed_folder(need: Need, ui: &mut dyn Ui) -> Result<PathBuf> {
    let mut prompt = fl!("locate-ask-folder");
    loop {
        let typed = ui.folder(&prompt).map_err(|_| Error::Cancelled)?;
        let typed = typed.to_string_lossy();
        let typed = typed.trim().trim_matches('"');
        if typed.is_empty() {
            return Err(Error::Cancelled);
        }
        let dir = std::path::absolute(typed).unwrap_or_else(|_| PathBuf::from(typed));
        match what_is_wrong(&dir, need) {
            None => return Ok(dir),
            Some(why) => ui.warn(&why),
        }
        prompt = fl!("locate-ask-folder-again");
    }
}

/// What is wrong with a typed folder for `need`, in a sentence; `None` when it will do.
fn what_is_wrong(dir: &Path, need: Need) -> Option<String> {
    let dir_shown = shown(dir);
    match fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => return Some(fl!("locate-typed-not-folder", dir = dir_shown)),
        Ok(_) => {}
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Some(Error::Read { path: dir.to_owned(), source: e }.to_string());
        }
        Err(_) if need == Need::Target => return None,
        Err(_) => return Some(fl!("locate-typed-missing", dir = dir_shown)),
    }
    if need != Need::KeySet {
        return None;
    }
    let found = match keyset::locate_files(dir) {
        Ok(found) => found,
        Err(error) => return Some(error.to_string()),
    };
    let missing: Vec<&str> = KeyKind::ALL
        .iter()
        .filter(|kind| found[**kind as usize].is_none())
        .map(|kind| kind.name())
        .collect();
    if missing.is_empty() {
        return None;
    }
    let count = missing.len();
    Some(fl!("locate-typed-no-keys", dir = dir_shown, names = missing.join(", "), count = count))
}

/// The search, telling how far it has come ([`Progress::Searching`], at most every
/// [`PROGRESS_EVERY`]: a face draws a spinner, `--json` writes a line) and when it is over.
fn search_telling(roots: &SearchRoots, exclude: &[PathBuf], ui: &mut dyn Ui) -> Vec<PathBuf> {
    let mut told: Option<Instant> = None;
    let mut tell = |dirs: usize| {
        if told.is_some_and(|at| at.elapsed() < PROGRESS_EVERY) {
            return;
        }
        told = Some(Instant::now());
        ui.tell(Event::Progress(Progress::Searching { folders: dirs as u64 }));
    };
    let found = find_key_folders_with(roots, exclude, &mut tell);
    ui.tell(Event::Progress(Progress::Finished));
    found
}

/// How often the search tells its progress.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// The key folder the step works on, told with how it was found.
fn settled(dir: PathBuf, how: Found, ui: &mut dyn Ui) -> PathBuf {
    ui.tell(Event::KeyFolder { path: dir.clone(), how });
    dir
}

/// Says which found folders are a UAC VirtualStore copy, and of what: Desktop Telematico, an
/// old 32-bit program, run by this user reads the copy, not the folder under Program Files.
fn say_virtual_store(found: &[PathBuf], ui: &mut dyn Ui) {
    for dir in found {
        if let Some(real) = platform::virtual_store_original(dir) {
            ui.say(&fl!("locate-virtual-store", store = shown(dir), real = shown(&real)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_folder_is_checked_for_what_the_step_needs() {
        let root = tempfile::tempdir().unwrap();
        let missing = root.path().join("manca");
        assert_eq!(what_is_wrong(&missing, Need::Target), None, "install offers to create it");
        for need in [Need::Folder, Need::KeySet] {
            let why = what_is_wrong(&missing, need).expect("a missing folder will not do");
            assert!(why.contains("non esiste"), "{why}");
        }
        let file = root.path().join("UTEF.P12");
        fs::write(&file, b"x").unwrap();
        assert!(what_is_wrong(&file, Need::Target).unwrap().contains("non una cartella"));
        let why = what_is_wrong(root.path(), Need::KeySet).expect("two key files are missing");
        assert!(why.contains("mancano i file UTEC.P12, UTENTE.KS"), "{why}");
        assert_eq!(what_is_wrong(root.path(), Need::Folder), None);
    }

    fn key_set(dir: &Path) -> PathBuf {
        fs::create_dir_all(dir).unwrap();
        for name in KeyKind::ALL.map(KeyKind::name) {
            fs::write(dir.join(name), name).unwrap();
        }
        canonical(dir)
    }

    fn roots(known: Vec<PathBuf>, scan: Vec<PathBuf>) -> SearchRoots {
        SearchRoots {
            known,
            scan,
            max_depth: 6,
            time_limit: Duration::from_secs(5),
            max_dirs: 50_000,
        }
    }

    #[test]
    fn key_set_needs_all_three_files_in_any_case() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        assert!(!holds_key_set(dir));
        fs::write(dir.join("utef.p12"), b"f").unwrap();
        fs::write(dir.join("Utec.P12"), b"c").unwrap();
        assert!(!holds_key_set(dir));
        fs::create_dir(dir.join("UTENTE.KS")).unwrap();
        assert!(!holds_key_set(dir), "a folder named UTENTE.KS is not the file");
        fs::remove_dir(dir.join("UTENTE.KS")).unwrap();
        fs::write(dir.join("utente.ks"), b"k").unwrap();
        assert!(holds_key_set(dir));
        assert!(!holds_key_set(&dir.join("assente")));
    }

    #[test]
    fn known_folders_come_first_in_their_order() {
        let tmp = tempfile::tempdir().unwrap();
        let a = key_set(&tmp.path().join("SOGEI"));
        let b = key_set(&tmp.path().join("Entratel"));
        let empty = tmp.path().join("vuota");
        fs::create_dir(&empty).unwrap();
        let missing = tmp.path().join("assente");
        let found =
            find_key_folders(&roots(vec![missing, empty, b.clone(), a.clone()], vec![]), &[]);
        assert_eq!(found, vec![b, a]);
    }

    #[test]
    fn scan_finds_a_deep_folder_and_dedups_with_known() {
        let tmp = tempfile::tempdir().unwrap();
        let known = key_set(&tmp.path().join("Entratel"));
        let deep = key_set(&tmp.path().join("a/b/c/CHIAVE PRIVATA"));
        let found =
            find_key_folders(&roots(vec![known.clone()], vec![tmp.path().to_path_buf()]), &[]);
        assert_eq!(found, vec![known, deep]);
    }

    #[test]
    fn scan_returns_shallow_folders_first() {
        let tmp = tempfile::tempdir().unwrap();
        let deep = key_set(&tmp.path().join("a/b/c"));
        let shallow = key_set(&tmp.path().join("z"));
        let found = find_key_folders(&roots(vec![], vec![tmp.path().to_path_buf()]), &[]);
        assert_eq!(found, vec![shallow, deep]);
    }

    #[test]
    fn scan_stops_at_max_depth() {
        let tmp = tempfile::tempdir().unwrap();
        let at_2 = key_set(&tmp.path().join("a/b"));
        let at_3 = key_set(&tmp.path().join("a/b/c"));
        let mut search = roots(vec![], vec![tmp.path().to_path_buf()]);
        search.max_depth = 2;
        assert_eq!(find_key_folders(&search, &[]), vec![at_2.clone()]);
        search.max_depth = 1;
        assert!(find_key_folders(&search, &[]).is_empty());
        search.max_depth = 3;
        assert_eq!(find_key_folders(&search, &[]), vec![at_2, at_3]);
    }

    #[test]
    fn the_stick_is_never_returned() {
        let tmp = tempfile::tempdir().unwrap();
        let stick = tmp.path().join("stick");
        key_set(&stick);
        key_set(&stick.join("CHIAVI"));
        let pc = key_set(&tmp.path().join("pc/Entratel"));
        let search = roots(vec![stick.clone()], vec![tmp.path().to_path_buf(), stick.clone()]);
        assert_eq!(find_key_folders(&search, std::slice::from_ref(&stick)), vec![pc.clone()]);
        // Excluding the scan root itself leaves nothing to scan.
        assert!(find_key_folders(&roots(vec![], vec![stick.clone()]), &[stick]).is_empty());
        // A relative or differently spelled exclude path still matches once canonical.
        let dotted = tmp.path().join("pc/../pc");
        assert!(find_key_folders(&roots(vec![pc], vec![]), &[dotted]).is_empty());
    }

    #[test]
    fn removable_volumes_are_never_searched_nor_returned() {
        let tmp = tempfile::tempdir().unwrap();
        let pc = key_set(&tmp.path().join("pc/Entratel"));
        // Another stick, mounted as a drive of its own and as a folder inside the scan.
        let other_stick = key_set(&tmp.path().join("altra chiavetta/CHIAVI"));
        let card = key_set(&tmp.path().join("pc/scheda/copia"));
        let removable = [tmp.path().join("altra chiavetta"), tmp.path().join("pc/scheda")];
        let on_removable = |path: &Path| removable.iter().any(|r| is_within(path, &canonical(r)));
        let search_roots = roots(
            vec![other_stick.clone(), pc.clone()],
            vec![tmp.path().join("altra chiavetta"), tmp.path().to_path_buf()],
        );
        let found = search(&search_roots, &[], &on_removable, &mut |_| {});
        assert_eq!(found, vec![pc.clone()]);
        // The same folders, none removable: all three are found (the skip is what hid them).
        let found = search(&search_roots, &[], &|_| false, &mut |_| {});
        assert_eq!(found, vec![other_stick, pc, card]);
    }

    #[test]
    fn archives_of_old_keys_are_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let live = key_set(&tmp.path().join("Entratel"));
        let archive = tmp.path().join(ARCHIVE_FOLDER);
        key_set(&archive);
        key_set(&archive.join("Chiavi Rossi - Scadute al 01-03-2025"));
        let shouty = tmp.path().join("CHIAVI DI SICUREZZA SCADUTE/Chiavi X");
        key_set(&shouty);
        let search = roots(
            vec![archive.join("Chiavi Rossi - Scadute al 01-03-2025"), shouty],
            vec![tmp.path().to_path_buf()],
        );
        assert_eq!(find_key_folders(&search, &[]), vec![live]);
    }

    #[test]
    fn noise_folders_are_not_entered() {
        let tmp = tempfile::tempdir().unwrap();
        key_set(&tmp.path().join("node_modules/pkg"));
        key_set(&tmp.path().join("AppData/Local/Temp/x"));
        key_set(&tmp.path().join("$Recycle.Bin/S-1-5"));
        let real = key_set(&tmp.path().join("Documenti/Entratel"));
        let found = find_key_folders(&roots(vec![], vec![tmp.path().to_path_buf()]), &[]);
        assert_eq!(found, vec![real]);
    }

    #[cfg(unix)]
    #[test]
    fn scan_does_not_follow_links() {
        let outside = tempfile::tempdir().unwrap();
        key_set(outside.path());
        let tmp = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), tmp.path().join("link")).unwrap();
        let found = find_key_folders(&roots(vec![], vec![tmp.path().to_path_buf()]), &[]);
        assert!(found.is_empty());
    }

    #[test]
    fn zero_time_limit_returns_only_known_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let known = key_set(&tmp.path().join("Entratel"));
        key_set(&tmp.path().join("altro/chiavi"));
        let mut search = roots(vec![known.clone()], vec![tmp.path().to_path_buf()]);
        search.time_limit = Duration::ZERO;
        // Only the known folder: the scan below it never started (no timing asserted).
        assert_eq!(find_key_folders(&search, &[]), vec![known]);
    }

    #[test]
    fn max_dirs_bounds_the_scan() {
        let tmp = tempfile::tempdir().unwrap();
        key_set(&tmp.path().join("a/b"));
        let mut search = roots(vec![], vec![tmp.path().to_path_buf()]);
        search.max_dirs = 2; // the root and `a`, not `a/b`
        assert!(find_key_folders(&search, &[]).is_empty());
        search.max_dirs = 3;
        assert_eq!(find_key_folders(&search, &[]).len(), 1);
    }

    #[test]
    fn overlapping_scan_roots_give_one_result() {
        let tmp = tempfile::tempdir().unwrap();
        let keys = key_set(&tmp.path().join("home/Documenti/chiavi"));
        let search = roots(vec![], vec![tmp.path().join("home"), tmp.path().to_path_buf()]);
        assert_eq!(find_key_folders(&search, &[]), vec![keys]);
    }

    #[test]
    fn verbatim_prefixes_are_stripped() {
        assert_eq!(simplify_verbatim(r"\\?\C:\Entratel").as_deref(), Some(r"C:\Entratel"));
        assert_eq!(
            simplify_verbatim(r"\\?\UNC\server\share\chiavi").as_deref(),
            Some(r"\\server\share\chiavi")
        );
        assert_eq!(simplify_verbatim(r"\\?\Volume{abc}\x"), None);
        assert_eq!(simplify_verbatim("/home/studio"), None);
    }
}
