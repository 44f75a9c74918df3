//! wipe: the `wipe` step — overwrite and delete the files the user names (a vault, a stray
//! `Password.txt`), then offer the plaintext leftovers found on the stick; and guided mode's
//! "wipe the stick", which lists vaults and leftovers first.
//!
//! Shredding itself is [`shred`]; finding what is on the stick is [`stick`]. This step must never
//! wipe anything the user did not name or confirm, never a folder, and must say honestly what
//! flash memory may keep. Leftover key files are offered only when the program runs from a
//! removable drive, and the question about them defaults to No: the "stick" may be the key
//! folder's parent, where a wrong Enter would cost the office its keys.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::i18n::fl;
use crate::platform;
use crate::sanitize::shown;
use crate::shred;
use crate::stick;
use crate::talk::{Done, Event, Plan, WarningKind};
use crate::ui::{Ui, agree};

/// `sigillo wipe FILE...`: wipes the named files after one confirmation, then offers the
/// leftovers found on the stick.
pub fn wipe_command(files: &[PathBuf], stick: &Path, yes: bool, ui: &mut dyn Ui) -> Result<()> {
    // A file named twice is wiped once (the second wipe would find it gone, and fail after
    // the first had wiped it).
    let mut named: Vec<PathBuf> = Vec::with_capacity(files.len());
    for path in files {
        if !named.iter().any(|seen| platform::same_path(seen, path)) {
            named.push(path.clone());
        }
    }
    let files = &named[..];
    for path in files {
        let meta = fs::symlink_metadata(path).map_err(Error::read(path))?;
        if meta.file_type().is_symlink() {
            return Err(Error::WipeLink { path: path.clone() });
        }
        if !meta.is_file() {
            return Err(Error::NotAFile { path: path.clone() });
        }
        // A file the wipe would refuse (a hard link) stops it before any file is touched: a
        // refusal (exit 3) means nothing changed.
        shred::check(path).map_err(wipe_error(path))?;
    }
    if !files.is_empty() {
        ui.tell(Event::Plan(Plan::Wipe { files: files.to_vec() }));
        if !agree(ui, yes, &fl!("wipe-ask"))? {
            return Err(Error::Cancelled);
        }
        wipe_all(files, ui)?;
        return offer_leftovers_after(stick, files, ui);
    }
    offer_leftovers(stick, files, ui)
}

/// Guided mode's "wipe the stick": the vaults on it (only when the user says no other PC needs
/// them), then the leftovers, each list shown before the question.
pub fn clean_stick(stick_dir: &Path, ui: &mut dyn Ui) -> Result<()> {
    let vaults = stick::find_vaults(stick_dir);
    let offer = Offer::find(stick_dir, &[], stick::on_removable_volume(stick_dir));
    if vaults.is_empty() && offer.files.is_empty() {
        offer.explain_withheld(stick_dir, ui);
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
    if chosen.is_empty() && offer.files.is_empty() {
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
    offer_leftovers_on(stick_dir, skip, stick::on_removable_volume(stick_dir), ui)
}

/// [`offer_leftovers`] after a step that has done its work (a seal, an install, a wipe): a
/// cancel at the question keeps the leftovers, says so, and leaves the step done; it never
/// turns what was done into "nothing was changed".
pub fn offer_leftovers_after(stick_dir: &Path, skip: &[PathBuf], ui: &mut dyn Ui) -> Result<()> {
    kept_on_cancel(offer_leftovers(stick_dir, skip, ui), ui)
}

fn kept_on_cancel(offered: Result<()>, ui: &mut dyn Ui) -> Result<()> {
    match offered {
        Err(Error::Cancelled) => {
            ui.say(&fl!("leftovers-kept"));
            Ok(())
        }
        other => other,
    }
}

/// [`offer_leftovers`], told whether the stick is on a removable drive.
fn offer_leftovers_on(
    stick_dir: &Path,
    skip: &[PathBuf],
    removable: bool,
    ui: &mut dyn Ui,
) -> Result<()> {
    let offer = Offer::find(stick_dir, skip, removable);
    offer.explain_withheld(stick_dir, ui);
    let leftovers = offer.files;
    if leftovers.is_empty() {
        return Ok(());
    }
    ui.warn_of(WarningKind::Leftover, &fl!("leftovers-found", dir = shown(stick_dir)));
    for path in &leftovers {
        ui.say(&format!("  \"{}\"", shown(path)));
    }
    if !ui.interactive() {
        ui.say(&fl!("leftovers-how"));
        return Ok(());
    }
    // Wiping a key file is not undone by anything: unless the user says so, it stays.
    let keys = leftovers.iter().any(|p| is_key_leftover(p));
    let agreed = if keys {
        ui.confirm(&fl!("leftovers-ask-keys"), false)
    } else {
        ui.confirm(&fl!("leftovers-ask"), true)
    };
    if agreed.map_err(|_| Error::Cancelled)? {
        wipe_all(&leftovers, ui)?;
    }
    Ok(())
}

/// What the leftover scan may offer from the stick.
struct Offer {
    /// Leftovers that may be offered for wiping.
    files: Vec<PathBuf>,
    /// Key-file copies found but not offered: the program is not on a removable drive.
    withheld: Vec<PathBuf>,
}

impl Offer {
    /// On a removable drive, everything [`stick::find_leftovers`] lists. Elsewhere (the
    /// Desktop, `C:\`, the key folder's parent) only the program's own folder is looked at, and
    /// only password files are offered: key files there may be the office's own.
    fn find(stick_dir: &Path, skip: &[PathBuf], removable: bool) -> Offer {
        let depth = if removable { stick::LEFTOVER_DEPTH } else { 0 };
        let (withheld, files): (Vec<PathBuf>, Vec<PathBuf>) =
            stick::find_leftovers(stick_dir, depth, stick::LEFTOVER_ENTRIES)
                .into_iter()
                .filter(|p| !skip.contains(p))
                .partition(|p| !removable && is_key_leftover(p));
        Offer { files, withheld }
    }

    /// Says why key-file copies were not offered, when some were not.
    fn explain_withheld(&self, stick_dir: &Path, ui: &mut dyn Ui) {
        if self.withheld.is_empty() {
            return;
        }
        ui.warn_of(WarningKind::Leftover, &fl!("leftovers-not-removable", dir = shown(stick_dir)));
        for path in &self.withheld {
            ui.say(&format!("  \"{}\"", shown(path)));
        }
        ui.say(&fl!("leftovers-how"));
    }
}

fn is_key_leftover(path: &Path) -> bool {
    path.file_name().is_some_and(|n| stick::is_key_leftover_name(&n.to_string_lossy()))
}

/// The error for a file wipe could not wipe: a refusal for safety keeps its reason.
fn wipe_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| match shred::hazard(&source) {
        Some(hazard) => Error::Unsafe { path: path.to_owned(), hazard },
        None => Error::Write { path: path.to_owned(), source },
    }
}

/// Wipes `files`, and tells what was wiped ([`Done::Wiped`]; with what flash memory may keep:
/// for a vault, only ciphertext; for a plaintext copy, the plaintext). A failure ends it: the
/// files wiped before it are said one by one, and the error says the rest.
fn wipe_all(files: &[PathBuf], ui: &mut dyn Ui) -> Result<()> {
    for (n, path) in files.iter().enumerate() {
        if let Err(source) = shred::wipe_file(path) {
            for wiped in &files[..n] {
                ui.say(&fl!("wipe-done", path = shown(wiped)));
            }
            return Err(wipe_error(path)(source));
        }
    }
    let plaintext = !files.iter().all(|p| stick::is_vault_name(p));
    ui.tell(Event::Done(Done::Wiped { files: files.to_vec(), plaintext }));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use crate::error::Hazard;
    use crate::i18n::fl;
    use crate::ui::testing::Script;

    fn said(ui: &Script) -> String {
        ui.said.join("\n")
    }

    /// Off a removable drive key-file copies are withheld (and said so); password files
    /// beside the program are still offered, default yes.
    #[test]
    fn off_a_removable_drive_key_files_are_not_offered() {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("UTEF - Copia.P12");
        fs::write(&copy, b"k").unwrap();
        let password = dir.path().join("Password.txt");
        fs::write(&password, b"p").unwrap();
        fs::create_dir(dir.path().join("sotto")).unwrap();
        fs::write(dir.path().join("sotto/Password.txt"), b"p").unwrap();
        let mut ui = Script::default();
        ui.answers.push_back(String::new());
        offer_leftovers_on(dir.path(), &[], false, &mut ui).unwrap();
        let text = said(&ui);
        assert!(text.contains(&fl!("leftovers-not-removable", dir = shown(dir.path()))), "{text}");
        assert!(copy.exists(), "the key-file copy is never offered here");
        assert!(!password.exists(), "the password file is offered, default yes");
        assert!(dir.path().join("sotto/Password.txt").exists(), "only the program's folder");
    }

    /// On a removable drive key-file copies are offered, and Enter keeps them.
    #[test]
    fn on_a_removable_drive_enter_keeps_key_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("copia")).unwrap();
        let copy = dir.path().join("copia/UTEF - Copia.P12");
        fs::write(&copy, b"k").unwrap();
        let password = dir.path().join("Password.txt");
        fs::write(&password, b"p").unwrap();
        let mut ui = Script::default();
        ui.answers.push_back(String::new());
        offer_leftovers_on(dir.path(), &[], true, &mut ui).unwrap();
        assert!(copy.exists() && password.exists(), "Enter wiped nothing: {}", said(&ui));
        let mut ui = Script::default();
        ui.answers.push_back("s".into());
        offer_leftovers_on(dir.path(), &[], true, &mut ui).unwrap();
        assert!(!copy.exists() && !password.exists(), "{}", said(&ui));
    }

    /// `sigillo wipe a.age tesi.age --yes` where the second is a hard link: refused before the
    /// first is touched, so the refusal (exit 3) is true: nothing changed.
    #[cfg(unix)]
    #[test]
    fn one_refused_file_stops_the_wipe_before_any_other_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("a.age");
        fs::write(&first, b"age").unwrap();
        let thesis = dir.path().join("tesi.txt");
        fs::write(&thesis, b"mia").unwrap();
        let linked = dir.path().join("b.age");
        fs::hard_link(&thesis, &linked).unwrap();
        let mut ui = Script::default();
        let files = [first.clone(), linked.clone()];
        let err = wipe_command(&files, dir.path(), true, &mut ui).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::HardLinked, .. }), "{err:?}");
        assert_eq!(fs::read(&first).unwrap(), b"age", "{}", said(&ui));
        assert_eq!(fs::read(&linked).unwrap(), b"mia");
    }

    /// `sigillo wipe a.age a.age`: one file, wiped once, and the step ends well.
    #[test]
    fn a_file_named_twice_is_wiped_once() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("a.age");
        fs::write(&vault, b"age").unwrap();
        let mut ui = Script::default();
        wipe_command(&[vault.clone(), vault.clone()], dir.path(), true, &mut ui).unwrap();
        assert!(!vault.exists());
        let wiped = ui.told.iter().find_map(|e| match e {
            Event::Done(Done::Wiped { files, .. }) => Some(files.clone()),
            _ => None,
        });
        assert_eq!(wiped, Some(vec![vault]));
    }

    /// `sigillo wipe v.age` with a `Password.txt` beside it, then Ctrl-D at the leftovers
    /// question: the vault is gone and said so, the leftover stays, and the step ends well
    /// (never "cancelled; nothing was changed").
    #[test]
    fn a_cancel_at_the_leftovers_keeps_them_and_what_was_wiped_stays_told() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("chiavi-2026-11-22.age");
        fs::write(&vault, b"age").unwrap();
        let password = dir.path().join("Password.txt");
        fs::write(&password, b"p").unwrap();
        let mut ui = Script::default();
        ui.answers.push_back(Script::CANCEL.to_owned());
        wipe_command(std::slice::from_ref(&vault), dir.path(), true, &mut ui).unwrap();
        assert!(!vault.exists() && password.exists(), "{}", said(&ui));
        assert!(
            ui.told.iter().any(
                |e| matches!(e, Event::Done(Done::Wiped { files, .. }) if files == std::slice::from_ref(&vault))
            ),
            "{:?}",
            ui.told
        );
        assert!(ui.said.contains(&fl!("leftovers-kept")), "{}", said(&ui));
    }

    /// `sigillo wipe` naming nothing, Ctrl-D at the leftovers question: nothing was done, and
    /// the cancel says so (exit 1, "nothing was changed").
    #[test]
    fn a_cancel_at_the_leftovers_when_nothing_was_done_is_a_cancel() {
        let dir = tempfile::tempdir().unwrap();
        let password = dir.path().join("Password.txt");
        fs::write(&password, b"p").unwrap();
        let mut ui = Script::default();
        ui.answers.push_back(Script::CANCEL.to_owned());
        let err = wipe_command(&[], dir.path(), true, &mut ui).unwrap_err();
        assert!(matches!(err, Error::Cancelled), "{err:?}");
        assert!(password.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_linked_file_is_refused_with_its_reason() {
        let dir = tempfile::tempdir().unwrap();
        let thesis = dir.path().join("tesi.txt");
        fs::write(&thesis, b"mia").unwrap();
        let vault = dir.path().join("chiavi.age");
        fs::hard_link(&thesis, &vault).unwrap();
        let mut ui = Script::default();
        let err = wipe_all(std::slice::from_ref(&vault), &mut ui).unwrap_err();
        assert!(matches!(err, Error::Unsafe { hazard: Hazard::HardLinked, .. }), "{err:?}");
        assert_eq!(err.exit(), crate::error::Exit::Refused);
        assert_eq!(fs::read(&thesis).unwrap(), b"mia");
        assert_eq!(fs::read(&vault).unwrap(), b"mia");
    }
}
