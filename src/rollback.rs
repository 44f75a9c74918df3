//! rollback: undo the last install — the most recently archived set goes back into the key
//! folder, and the current set is archived first (never deleted), through the same journaled
//! swap as install.
//!
//! The set taken out is named `… - Sostituite il gg-mm-aaaa`: it has not expired, it was set
//! aside. Rollback must never run while Desktop Telematico is open, and never lose either set.

use std::fs;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::archive;
use crate::certs;
use crate::error::{Error, Result};
use crate::fl;
use crate::install::{finish_pending, refuse_while_running};
use crate::journal::{self, NewFile};
use crate::keyset;
use crate::ui::{Ui, agree, shown};
use crate::vault::sha256_hex;

/// A validated rollback request.
#[derive(Debug)]
pub struct RollbackPlan {
    /// The key folder.
    pub dir: PathBuf,
    /// Where archives are, when not in the default place.
    pub archive_dir: Option<PathBuf>,
    /// Answer yes to every confirmation.
    pub yes: bool,
    /// Today, for the name of the set taken out.
    pub today: NaiveDate,
}

/// `sigillo rollback`.
pub fn rollback(plan: &RollbackPlan, ui: &mut dyn Ui) -> Result<()> {
    let dir = &plan.dir;
    finish_pending(dir, ui)?;
    let Some(latest) = archive::list(dir, plan.archive_dir.as_deref()).into_iter().next() else {
        return Err(Error::NothingToRollBack { dir: dir.clone() });
    };
    let restored = keyset::read(&latest)?;
    refuse_while_running(plan.yes, ui)?;
    if !archive::writable(dir) || journal::failpoint_readonly() {
        return Err(Error::NotWritable { path: dir.clone() });
    }

    let current = keyset::locate_files(dir)?;
    let has_current = current.iter().any(Option::is_some);
    let subject =
        certs::examine_folder(dir).and_then(|exam| exam.common_name()).unwrap_or_default();
    let root = archive::root_for(dir, plan.archive_dir.as_deref());
    let set_aside =
        archive::unused_folder(&root, &archive::folder_name(&subject, None, plan.today));

    ui.say(&fl!("rollback-from", from = shown(&latest), dir = shown(dir)));
    if has_current {
        ui.say(&fl!("install-will-archive", dir = shown(&set_aside)));
    }
    if !agree(ui, plan.yes, &fl!("rollback-ask"))? {
        return Err(Error::Cancelled);
    }

    let new: Vec<NewFile> = restored
        .files
        .iter()
        .map(|f| NewFile { kind: f.kind, bytes: f.bytes.clone(), modified: f.modified })
        .collect();
    journal::swap(dir, &new, &set_aside, "rollback")?;
    // The restored files are in the key folder now; their archive copies go, and so does the
    // emptied folder. A failure here leaves a harmless duplicate, so it is only reported.
    for file in &restored.files {
        let _ = fs::remove_file(&file.path);
    }
    let _ = fs::remove_dir(&latest);

    let archived = if has_current { format!("\"{}\"", set_aside.display()) } else { "-".into() };
    let files: Vec<String> = restored
        .files
        .iter()
        .map(|f| format!("{} sha256={}", f.kind.name(), sha256_hex(&f.bytes)))
        .collect();
    archive::log(
        &root,
        &format!(
            "ripristino | \"{}\" | {} | da \"{}\" | archivio {}",
            dir.display(),
            files.join(" "),
            latest.display(),
            archived
        ),
    )?;
    ui.say(&fl!("rollback-done", dir = shown(dir)));
    if has_current {
        ui.say(&fl!("install-archived", dir = shown(&set_aside)));
    }
    Ok(())
}
