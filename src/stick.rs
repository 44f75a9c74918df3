//! stick: the USB stick's side of the story — the `wipe` command, and the plaintext leftovers
//! of the old manual procedure (`Password.txt`, loose key files) found there and offered for
//! wiping.
//!
//! Wiping itself is [`crate::wipe`]; this module decides what to wipe and asks first. It must
//! never wipe anything the user did not name or confirm, and never a folder.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fl;
use crate::ui::{Ui, agree, shown};
use crate::wipe;

/// How deep below the program's folder leftovers are looked for.
pub const LEFTOVER_DEPTH: usize = 3;
/// How many folder entries the leftover search reads at most.
pub const LEFTOVER_ENTRIES: usize = 20_000;

/// `sigillo wipe FILE...`: wipes the named files after one confirmation, then offers the
/// leftovers found on the stick.
pub fn wipe_command(files: &[PathBuf], stick: &Path, yes: bool, ui: &mut dyn Ui) -> Result<()> {
    for path in files {
        let meta = fs::symlink_metadata(path).map_err(Error::read(path))?;
        if !meta.is_file() {
            return Err(Error::NotAFile { path: path.clone() });
        }
    }
    if !files.is_empty() {
        ui.say(&fl!("wipe-list"));
        for path in files {
            ui.say(&format!("  \"{}\"", shown(path)));
        }
        if !agree(ui, yes, &fl!("wipe-ask"))? {
            return Err(Error::Cancelled);
        }
        wipe_all(files, ui)?;
    }
    offer_leftovers(stick, files, ui)
}

/// Looks for plaintext leftovers on the stick and, at a terminal, offers to wipe them. Without
/// a terminal it only lists them: they were not named, so they are not touched.
pub fn offer_leftovers(stick: &Path, skip: &[PathBuf], ui: &mut dyn Ui) -> Result<()> {
    let leftovers: Vec<PathBuf> = wipe::find_leftovers(stick, LEFTOVER_DEPTH, LEFTOVER_ENTRIES)
        .into_iter()
        .filter(|p| !skip.contains(p))
        .collect();
    if leftovers.is_empty() {
        return Ok(());
    }
    ui.warn(&fl!("leftovers-found", dir = shown(stick)));
    for path in &leftovers {
        ui.say(&format!("  \"{}\"", shown(path)));
    }
    if !ui.interactive() {
        ui.say(&fl!("leftovers-how"));
        return Ok(());
    }
    if ui.confirm(&fl!("leftovers-ask"), true).map_err(|_| Error::Cancelled)? {
        wipe_all(&leftovers, ui)?;
    }
    Ok(())
}

fn wipe_all(files: &[PathBuf], ui: &mut dyn Ui) -> Result<()> {
    for path in files {
        wipe::wipe_file(path).map_err(Error::write(path))?;
        ui.say(&fl!("wipe-done", path = shown(path)));
    }
    // Say honestly what flash memory may keep: for a vault, only ciphertext; for a plaintext
    // copy, the plaintext.
    if files.iter().all(|p| is_vault(p)) {
        ui.say(&fl!("wipe-flash-note"));
    } else {
        ui.say(&fl!("wipe-flash-note-plaintext"));
    }
    Ok(())
}

fn is_vault(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("age"))
}
