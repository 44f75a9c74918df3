//! walk: the one bounded folder walk, for the searches that look through folders sigillo did not
//! make: the key folder search ([`crate::locate`]) and the leftovers on a stick
//! ([`crate::stick`]).
//!
//! The walk is breadth-first (nearest folders first), reads each folder once, never follows a
//! symbolic link (nor a Windows junction: `DirEntry::file_type` does not follow links, and std
//! reports junctions as links), skips folders it cannot read without complaint, and stops at
//! its bounds with what it has: a partial answer is still useful. It only reads listings; what
//! an entry means is the caller's business ([`Visit`]).

use std::collections::{HashSet, VecDeque};
use std::fs::{self, DirEntry, FileType};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How far a walk goes. A bound it does not need is left at its `NONE` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Levels of folders below a root that are read (0 = the roots only).
    pub depth: usize,
    /// Folders read at most.
    pub folders: usize,
    /// Folder entries looked at in all, at most; the walk stops in the middle of a folder.
    pub entries: usize,
    /// Time after which the walk stops.
    pub time: Duration,
}

impl Bounds {
    /// No bound but the depth.
    pub const fn depth(depth: usize) -> Self {
        Bounds { depth, folders: usize::MAX, entries: usize::MAX, time: Duration::MAX }
    }
}

/// What the caller of [`walk`] decides and learns, folder by folder.
pub trait Visit {
    /// Whether `dir` (a root at depth 0, or a folder met at `depth`) is read. Called when its
    /// turn comes, once per folder.
    fn enter(&mut self, _dir: &Path, _depth: usize) -> bool {
        true
    }
    /// `dir` could be read (the `read`th folder so far); its entries follow.
    fn folder(&mut self, _dir: &Path, _read: usize) {}
    /// One entry of the folder being read, with what it is (a link is neither a file nor a
    /// folder: it is not followed).
    fn entry(&mut self, entry: &DirEntry, kind: FileType);
    /// Every entry of `dir` has been seen (not called for a folder the entries bound cut short).
    fn folder_done(&mut self, _dir: &Path) {}
}

/// Walks `roots` in order, breadth-first, within `bounds`, telling `visit` what it reads.
pub fn walk(roots: Vec<PathBuf>, bounds: &Bounds, visit: &mut dyn Visit) {
    let start = Instant::now();
    let mut queue: VecDeque<(PathBuf, usize)> = roots.into_iter().map(|root| (root, 0)).collect();
    let mut visited: HashSet<PathBuf> = HashSet::new();
    let mut folders_read = 0usize;
    let mut entries_seen = 0usize;
    while let Some((dir, depth)) = queue.pop_front() {
        if start.elapsed() >= bounds.time || folders_read >= bounds.folders {
            return;
        }
        // A user's home is also reached from its drive's root: read each folder once.
        if !visited.insert(dir.clone()) || !visit.enter(&dir, depth) {
            continue;
        }
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        folders_read += 1;
        visit.folder(&dir, folders_read);
        for entry in entries {
            if entries_seen >= bounds.entries {
                return;
            }
            entries_seen += 1;
            let Ok(entry) = entry else { continue };
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && depth < bounds.depth {
                queue.push_back((entry.path(), depth + 1));
            }
            visit.entry(&entry, kind);
        }
        visit.folder_done(&dir);
    }
}
