//! wipe: the `wipe` step — overwrite and delete the files the user names (a vault, a stray
//! `Password.txt`), then offer the plaintext leftovers found on the stick; and guided mode's
//! "wipe the stick", which lists vaults and leftovers first.
//!
//! Shredding itself is [`shred`]; finding what is on the stick is [`stick`]. This step must never
//! wipe anything the user did not name or confirm, never a folder, and must say honestly what
//! flash memory may keep.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fl;
use crate::sanitize::shown;
use crate::shred;
use crate::stick;
use crate::ui::{Ui, agree};

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

/// Guided mode's "wipe the stick": the vaults on it (only when the user says no other PC needs
/// them), then the leftovers, each list shown before the question.
pub fn clean_stick(stick_dir: &Path, ui: &mut dyn Ui) -> Result<()> {
    let vaults = stick::find_vaults(stick_dir);
    let leftovers =
        stick::find_leftovers(stick_dir, stick::LEFTOVER_DEPTH, stick::LEFTOVER_ENTRIES);
    if vaults.is_empty() && leftovers.is_empty() {
        ui.say(&fl!("wizard-wipe-nothing", dir = shown(stick_dir)));
        return Ok(());
    }
    let mut chosen = Vec::new();
    if !vaults.is_empty() {
        ui.say(&fl!("wizard-wipe-vaults"));
        for path in &vaults {
            ui.say(&format!("  {}", stick::describe_vault(path)));
        }
        if agree(ui, false, &fl!("wizard-wipe-ask-vaults"))? {
            chosen = vaults;
        }
    }
    if chosen.is_empty() && leftovers.is_empty() {
        return Err(Error::Cancelled);
    }
    // The user has just said yes to these vaults: do not ask again; the leftovers are still
    // offered one list at a time.
    let agreed = !chosen.is_empty();
    wipe_command(&chosen, stick_dir, agreed, ui)
}

/// Looks for plaintext leftovers on the stick and, at a terminal, offers to wipe them. Without
/// a terminal it only lists them: they were not named, so they are not touched.
pub fn offer_leftovers(stick_dir: &Path, skip: &[PathBuf], ui: &mut dyn Ui) -> Result<()> {
    let leftovers: Vec<PathBuf> =
        stick::find_leftovers(stick_dir, stick::LEFTOVER_DEPTH, stick::LEFTOVER_ENTRIES)
            .into_iter()
            .filter(|p| !skip.contains(p))
            .collect();
    if leftovers.is_empty() {
        return Ok(());
    }
    ui.warn(&fl!("leftovers-found", dir = shown(stick_dir)));
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
        shred::wipe_file(path).map_err(Error::write(path))?;
        ui.say(&fl!("wipe-done", path = shown(path)));
    }
    // Say honestly what flash memory may keep: for a vault, only ciphertext; for a plaintext
    // copy, the plaintext.
    if files.iter().all(|p| stick::is_vault_name(p)) {
        ui.say(&fl!("wipe-flash-note"));
    } else {
        ui.say(&fl!("wipe-flash-note-plaintext"));
    }
    Ok(())
}
