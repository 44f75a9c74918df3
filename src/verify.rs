//! verify: open a vault and say what is inside, changing nothing.
//!
//! Opening is [`vault::open_file`] (the one way every command opens a vault), describing it is
//! [`describe::vault`]. This step must never write anything, and never say whether a failure was
//! the passphrase or damage.

use std::path::PathBuf;

use crate::certs;
use crate::cli::VerifyArgs;
use crate::context::Context;
use crate::describe;
use crate::error::Result;
use crate::i18n::fl;
use crate::sanitize::shown;
use crate::talk::{Done, Event, WarningKind};
use crate::ui::{SecretSource, Ui};
use crate::vault::{self, Opened};

/// A validated verify request.
#[derive(Debug)]
pub struct VerifyPlan {
    /// The vault file.
    pub vault: PathBuf,
    /// Where the passphrase comes from.
    pub passphrase: SecretSource,
}

impl VerifyPlan {
    /// The plan `sigillo verify` describes.
    pub fn from_args(args: VerifyArgs, ctx: &Context) -> VerifyPlan {
        VerifyPlan { vault: args.vault, passphrase: ctx.passphrase.clone() }
    }
}

/// `sigillo verify`: opens the vault and prints its manifest in plain words.
pub fn verify(plan: &VerifyPlan, ui: &mut dyn Ui) -> Result<Opened> {
    let opened = vault::open_file(&plan.vault, &plan.passphrase, ui)?;
    ui.say(&fl!("verify-ok", path = shown(&plan.vault)));
    // verify is the detailed look: hashes and full names always, and the certificates as the
    // files themselves give them (the password is in the vault).
    let files = opened.contents.examine(&certs::Budget::new());
    describe::vault(&plan.vault, &opened, Some(&files), true, ui);
    // What install would refuse, said here: the vault opens and is intact, its set is not one.
    if let Some(problem) = describe::set_problem(&opened.contents, &files) {
        ui.warn_of(WarningKind::KeyFile, &fl!("verify-set-refused", problem = problem.to_string()));
    }
    let check_code = opened.check_code.to_string();
    ui.tell(Event::Done(Done::Verified { vault: plan.vault.clone(), check_code }));
    Ok(opened)
}
