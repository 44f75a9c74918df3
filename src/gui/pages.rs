//! pages: what the window's pages say, made from the typed values the step told (ARCHITECTURE.md
//! §3): the plan before anything changes, the phase while it works, a wrong secret on the
//! question's own page, and the result in one line with its mark and details. No text told by
//! the step is read to decide anything here.
//!
//! This module must never draw anything nor depend on Windows: it is tested on every system.

use std::path::{Path, PathBuf};

use crate::dates;
use crate::error::Secret;
use crate::i18n::fl;
use crate::sanitize::shown;
use crate::talk::{Done, Plan, Progress, VaultFate};
use crate::wizard::Choice;

use super::bridge::{Ask, Outcome};
use super::layout::Page;

/// The mark beside the result's line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Done (green, a tick).
    Success,
    /// It went wrong (red, a cross).
    Failure,
    /// Stopped by the person, or nothing to do (grey).
    Stopped,
}

/// The plan page: what is about to change, before the question that lets it happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanPage {
    /// One line: what this step does.
    pub heading: String,
    /// What goes where, a line each.
    pub lines: Vec<String>,
    /// The vault's check code, shown large, to compare on the phone.
    pub check_code: Option<String>,
}

/// The result page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultPage {
    pub mark: Mark,
    /// What happened, in one line.
    pub headline: String,
    /// Where things are now, a line each.
    pub details: Vec<String>,
    /// The folder "Apri cartella" opens, when there is one.
    pub folder: Option<PathBuf>,
    /// The vault's check code, shown large (after a seal it is read out on the phone).
    pub check_code: Option<String>,
}

/// What the window remembers of the running step's events between its messages.
#[derive(Debug, Default)]
pub struct Session {
    /// The action the person started.
    pub choice: Option<Choice>,
    /// A plan told and not yet asked about.
    plan: Option<Plan>,
    /// What the step told it changed: its own outcome, the first told.
    done: Option<Done>,
    /// What was done after it (the stick's leftovers wiped after a seal or an install): said
    /// under it, never in its place.
    after: Vec<Done>,
    /// A wrong secret, to say on the next secret question's page.
    wrong: Option<String>,
    /// The key folder the step told it works on.
    key_folder: Option<PathBuf>,
    /// The new keys are in this folder, the old ones in the archive (if any): told by install
    /// as soon as its swap is over, so that a failure after it is not taken for "not installed".
    keys_in_place: Option<(PathBuf, Option<PathBuf>)>,
    /// The person pressed Annulla (or closed the window) while the step ran.
    pub cancelled: bool,
}

impl Session {
    /// A new step, started by `choice`.
    pub fn start(choice: Choice) -> Session {
        Session { choice: Some(choice), ..Session::default() }
    }

    pub fn plan(&mut self, plan: Plan) {
        self.plan = Some(plan);
    }

    pub fn done(&mut self, done: Done) {
        match self.done {
            None => self.done = Some(done),
            Some(_) => self.after.push(done),
        }
    }

    pub fn key_folder(&mut self, path: PathBuf) {
        self.key_folder = Some(path);
    }

    pub fn keys_in_place(&mut self, key_folder: PathBuf, archive: Option<PathBuf>) {
        self.keys_in_place = Some((key_folder, archive));
    }

    pub fn wrong_secret(&mut self, secret: Secret, tries_left: usize) {
        self.wrong = Some(wrong_secret(secret, tries_left));
    }

    /// The page that asks `ask`: a yes/no question right after a plan is the plan page. A plan
    /// is for the question that follows it only: any other question drops it, so that it never
    /// turns up later over an unrelated one.
    pub fn page_for(&mut self, ask: &Ask) -> Page {
        let page = match ask {
            Ask::Confirm { .. } if self.plan.is_some() => Page::Plan,
            Ask::Confirm { .. } => Page::Confirm,
            Ask::Folder { .. } => Page::Folder,
            Ask::Choose { .. } => Page::Choose,
            Ask::Secret { .. } => Page::Secret,
            Ask::Reveal { .. } => Page::Reveal,
        };
        if page != Page::Plan {
            self.plan = None;
        }
        page
    }

    /// The plan to show now (it is asked about once).
    pub fn take_plan(&mut self) -> Option<PlanPage> {
        self.plan.take().map(|plan| plan_page(&plan))
    }

    /// The wrong secret to say on this page (once).
    pub fn take_wrong(&mut self) -> Option<String> {
        self.wrong.take()
    }

    /// The result page for how the step ended. What the step had already changed (its
    /// outcome told, or the keys in place) is said whatever came after it: a cancel or a
    /// failure at a later question (the leftovers on the stick) never reads as "nothing changed".
    pub fn result(&self, outcome: &Outcome) -> ResultPage {
        let changed = self.changed();
        match (outcome, changed) {
            (Outcome::Done(found), changed) => {
                let mut page = match changed {
                    Some(page) => page,
                    // Ended well without telling what it changed: never a bare "Fatto." when
                    // the person had asked to stop.
                    None if self.cancelled => ResultPage {
                        mark: Mark::Stopped,
                        headline: fl!("gui-result-stopped-late"),
                        details: vec![fl!("gui-detail-see-details")],
                        folder: None,
                        check_code: None,
                    },
                    None => ResultPage {
                        mark: Mark::Success,
                        headline: fl!("gui-result-finished"),
                        details: vec![fl!("gui-detail-see-details")],
                        folder: None,
                        check_code: None,
                    },
                };
                if page.folder.is_none() {
                    page.folder = found.clone().or_else(|| self.key_folder.clone());
                }
                page
            }
            (Outcome::Cancelled(_), Some(page)) => page,
            (Outcome::Cancelled(sentence), None) => ResultPage {
                mark: Mark::Stopped,
                headline: sentence.clone(),
                details: Vec::new(),
                folder: None,
                check_code: None,
            },
            (Outcome::Failed { sentence, advice }, changed) => {
                let error = std::iter::once(sentence.clone()).chain(advice.clone());
                match changed {
                    // What was done stands (nothing undoes it); what failed came after.
                    Some(done) => ResultPage {
                        mark: Mark::Failure,
                        headline: fl!("gui-result-done-then-failed", done = done.headline),
                        details: done.details.into_iter().chain(error).collect(),
                        ..done
                    },
                    None => ResultPage {
                        mark: Mark::Failure,
                        headline: failed(self.choice),
                        details: error.collect(),
                        folder: None,
                        check_code: None,
                    },
                }
            }
        }
    }

    /// What the step told it had changed: its outcome, or else the keys in place.
    fn changed(&self) -> Option<ResultPage> {
        match (&self.done, &self.keys_in_place) {
            (Some(done), _) => {
                let mut page = done_page(done);
                for later in self.after.iter().map(done_page) {
                    page.details.push(later.headline);
                    page.details.extend(later.details);
                }
                Some(page)
            }
            (None, Some((key_folder, archive))) => Some(ResultPage {
                mark: Mark::Success,
                headline: fl!("gui-result-installed"),
                details: installed_details(key_folder, archive.as_ref()),
                folder: Some(key_folder.clone()),
                check_code: None,
            }),
            (None, None) => None,
        }
    }
}

/// What the plan page says of `plan`.
pub fn plan_page(plan: &Plan) -> PlanPage {
    match plan {
        Plan::Seal { from, out, files } => {
            let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
            PlanPage {
                heading: fl!("gui-plan-seal"),
                lines: vec![
                    fl!("gui-plan-seal-from", path = shown(from)),
                    fl!("gui-plan-seal-files", files = names.join(", ")),
                    fl!("gui-plan-seal-out", path = shown(out)),
                ],
                check_code: None,
            }
        }
        Plan::Install { holder, expires, target, archive, check_code } => {
            let mut lines = vec![fl!("gui-plan-holder", holder = holder.as_str())];
            lines.push(match expires {
                Some(date) => fl!("gui-plan-expires", date = dates::day(*date)),
                None => fl!("gui-plan-expires-unknown"),
            });
            lines.push(fl!("gui-plan-target", path = shown(target)));
            lines.push(match archive {
                Some(archive) => fl!("gui-plan-archive", path = shown(archive)),
                None => fl!("gui-plan-no-archive"),
            });
            PlanPage {
                heading: fl!("gui-plan-install"),
                lines,
                check_code: Some(check_code.clone()),
            }
        }
        Plan::Rollback { target, from, set_aside, back, .. } => {
            // Whose keys come back and until when, then where from and where to.
            let mut lines = Vec::new();
            if let Some(holder) = &back.holder {
                lines.push(fl!("gui-plan-holder", holder = holder.as_str()));
            }
            if let Some(date) = back.expires {
                let date = dates::day(date);
                lines.push(if back.expired {
                    fl!("gui-plan-expired", date = date)
                } else {
                    fl!("gui-plan-expires", date = date)
                });
            }
            lines.push(fl!("gui-plan-rollback-from", path = shown(from)));
            lines.push(fl!("gui-plan-rollback-target", path = shown(target)));
            if let Some(set_aside) = set_aside {
                lines.push(fl!("gui-plan-rollback-set-aside", path = shown(set_aside)));
            }
            PlanPage { heading: fl!("gui-plan-rollback"), lines, check_code: None }
        }
        Plan::Wipe { files } => PlanPage {
            heading: fl!("gui-plan-wipe", count = files.len()),
            lines: files.iter().map(|file| shown(file)).collect(),
            check_code: None,
        },
    }
}

/// What the result page says of what the step told it changed.
fn done_page(done: &Done) -> ResultPage {
    let success = |headline: String, details: Vec<String>, folder: Option<&PathBuf>| ResultPage {
        mark: Mark::Success,
        headline,
        details,
        folder: folder.cloned(),
        check_code: None,
    };
    match done {
        Done::Sealed { vault, check_code, .. } => ResultPage {
            check_code: Some(check_code.clone()),
            // "Apri cartella": where the vault is (the stick), not the keys it came from.
            folder: vault.parent().map(Path::to_path_buf),
            ..success(
                fl!("gui-result-sealed"),
                vec![fl!("gui-detail-vault", path = shown(vault)), fl!("gui-detail-tell-code")],
                None,
            )
        },
        Done::Verified { vault, check_code } => ResultPage {
            check_code: Some(check_code.clone()),
            ..success(
                fl!("gui-result-verified"),
                vec![fl!("gui-detail-vault", path = shown(vault))],
                None,
            )
        },
        Done::Installed { key_folder, archive, vault, vault_path } => {
            let mut details = installed_details(key_folder, archive.as_ref());
            details.push(vault_detail(*vault, vault_path));
            let headline = match vault {
                VaultFate::Wiped => fl!("gui-result-installed-wiped"),
                _ => fl!("gui-result-installed-kept"),
            };
            success(headline, details, Some(key_folder))
        }
        Done::AlreadyInstalled { key_folder, vault, vault_path } => ResultPage {
            mark: Mark::Stopped,
            headline: fl!("gui-result-already"),
            details: vec![
                fl!("gui-detail-key-folder", path = shown(key_folder)),
                vault_detail(*vault, vault_path),
            ],
            folder: Some(key_folder.clone()),
            check_code: None,
        },
        Done::Status { key_folder, expires, .. } => {
            let mut details = vec![fl!("gui-detail-key-folder", path = shown(key_folder))];
            if let Some(date) = expires {
                details.push(fl!("gui-plan-expires", date = dates::day(*date)));
            }
            success(fl!("gui-result-status"), details, Some(key_folder))
        }
        Done::RolledBack { key_folder, from, set_aside } => {
            let mut details = vec![
                fl!("gui-detail-key-folder", path = shown(key_folder)),
                fl!("gui-detail-from", path = shown(from)),
            ];
            if let Some(set_aside) = set_aside {
                details.push(fl!("gui-detail-set-aside", path = shown(set_aside)));
            }
            success(fl!("gui-result-rolled-back"), details, Some(key_folder))
        }
        Done::Wiped { files, .. } => success(
            fl!("gui-result-wiped", count = files.len()),
            files.iter().map(|file| shown(file)).collect(),
            None,
        ),
    }
}

/// Where the new keys and the old ones are after an install.
fn installed_details(key_folder: &Path, archive: Option<&PathBuf>) -> Vec<String> {
    vec![
        fl!("gui-detail-key-folder", path = shown(key_folder)),
        match archive {
            Some(archive) => fl!("gui-detail-archive", path = shown(archive)),
            None => fl!("gui-detail-no-archive"),
        },
    ]
}

/// What became of the vault.
fn vault_detail(fate: VaultFate, vault_path: &Path) -> String {
    match fate {
        VaultFate::Wiped => fl!("gui-detail-vault-wiped"),
        VaultFate::NotWiped => fl!("gui-detail-vault-not-wiped", path = shown(vault_path)),
        // Kept: as asked, unasked, or because the password was not looked at.
        _ => fl!("gui-detail-vault-kept", path = shown(vault_path)),
    }
}

/// The result's line when the step failed.
fn failed(choice: Option<Choice>) -> String {
    match choice {
        Some(Choice::Seal) => fl!("gui-failed-seal"),
        Some(Choice::Install) => fl!("gui-failed-install"),
        Some(Choice::Status) => fl!("gui-failed-status"),
        Some(Choice::Rollback) => fl!("gui-failed-rollback"),
        Some(Choice::Wipe) => fl!("gui-failed-wipe"),
        Some(Choice::Leave) | None => fl!("gui-failed"),
    }
}

/// The working page's line for a phase (empty when it is over).
pub fn working(progress: &Progress) -> String {
    match progress {
        Progress::Searching { folders } => {
            let folders = *folders;
            fl!("gui-working-search", folders = folders)
        }
        Progress::Deriving => fl!("gui-working-deriving"),
        Progress::Checking => fl!("gui-working-checking"),
        Progress::Finished => String::new(),
    }
}

/// What the secret question's page says after a wrong one.
pub fn wrong_secret(secret: Secret, tries_left: usize) -> String {
    match secret {
        Secret::Passphrase => fl!("gui-wrong-passphrase", tries = tries_left),
        Secret::Password => fl!("gui-wrong-password", tries = tries_left),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn install_plan(archive: Option<&str>) -> Plan {
        Plan::Install {
            holder: "STUDIO DEMO ROSSI".into(),
            expires: NaiveDate::from_ymd_opt(2029, 10, 31),
            target: "/pc/SOGEI".into(),
            archive: archive.map(PathBuf::from),
            check_code: "1234-5678-9012".into(),
        }
    }

    fn installed(vault: VaultFate) -> Done {
        Done::Installed {
            key_folder: "/pc/SOGEI".into(),
            archive: Some("/pc/Scadute".into()),
            vault,
            vault_path: "/stick/chiavi.age".into(),
        }
    }

    fn confirm() -> Ask {
        Ask::Confirm { question: "?".into(), default: false }
    }

    #[test]
    fn the_install_plan_names_holder_expiry_both_folders_and_the_check_code() {
        let page = plan_page(&install_plan(Some("/pc/Scadute")));
        assert_eq!(page.check_code.as_deref(), Some("1234-5678-9012"));
        let all = page.lines.join("\n");
        for part in ["STUDIO DEMO ROSSI", "31-10-2029", "/pc/SOGEI", "/pc/Scadute"] {
            assert!(all.contains(part), "{part} in {all}");
        }
        // A first install archives nothing, and says so instead of naming a folder.
        let first = plan_page(&install_plan(None)).lines;
        assert!(first.contains(&fl!("gui-plan-no-archive")), "{first:?}");
    }

    #[test]
    fn a_plan_turns_the_next_yes_no_question_into_the_plan_page_once() {
        let mut session = Session::start(Choice::Install);
        assert_eq!(session.page_for(&confirm()), Page::Confirm);
        session.plan(install_plan(None));
        assert_eq!(session.page_for(&confirm()), Page::Plan);
        assert!(session.take_plan().is_some());
        assert_eq!(session.page_for(&confirm()), Page::Confirm, "a later question is plain");
    }

    #[test]
    fn a_plan_followed_by_another_question_never_shows_over_a_later_one() {
        // Seal tells its plan before the password: "Passphrase annotata?" later is no plan page.
        let mut session = Session::start(Choice::Seal);
        session.plan(install_plan(None));
        let secret = Ask::Secret { secret: Secret::Password, prompt: "?".into(), may_show: false };
        assert_eq!(session.page_for(&secret), Page::Secret);
        assert_eq!(session.page_for(&confirm()), Page::Confirm);
        assert_eq!(session.take_plan(), None);
    }

    #[test]
    fn a_wrong_secret_is_said_once_with_the_tries_left() {
        let mut session = Session::start(Choice::Install);
        session.wrong_secret(Secret::Passphrase, 2);
        let said = session.take_wrong().unwrap();
        assert!(said.contains('2'), "{said}");
        assert_ne!(said, wrong_secret(Secret::Password, 2), "which secret is said");
        assert_ne!(said, wrong_secret(Secret::Passphrase, 1), "the tries are said");
        assert_eq!(session.take_wrong(), None);
    }

    #[test]
    fn an_install_cancelled_at_keep_vault_says_keys_installed_and_vault_kept() {
        // Annulla at "Altri PC hanno ancora bisogno…": the install is done, the vault stays.
        let mut session = Session::start(Choice::Install);
        session.cancelled = true;
        session.done(installed(VaultFate::Kept));
        let page = session.result(&Outcome::Done(None));
        assert_eq!(page.mark, Mark::Success);
        assert_eq!(page.headline, fl!("gui-result-installed-kept"));
        assert!(page.details.iter().any(|d| d.contains("/stick/chiavi.age")), "{page:?}");
        assert!(page.details.iter().any(|d| d.contains("/pc/Scadute")), "{page:?}");
        assert_eq!(page.folder, Some(PathBuf::from("/pc/SOGEI")), "Apri cartella");
        let wiped = Session { done: Some(installed(VaultFate::Wiped)), ..Session::default() };
        let page = wiped.result(&Outcome::Done(None));
        assert_eq!(page.headline, fl!("gui-result-installed-wiped"));
        assert!(page.details.contains(&fl!("gui-detail-vault-wiped")));
    }

    #[test]
    fn a_seal_ends_on_its_check_code_shown_large() {
        let session = Session {
            done: Some(Done::Sealed {
                vault: "/stick/chiavi.age".into(),
                check_code: "1234-5678-9012".into(),
                passphrase_generated: true,
            }),
            ..Session::start(Choice::Seal)
        };
        let page = session.result(&Outcome::Done(None));
        assert_eq!(
            (page.mark, page.check_code.as_deref()),
            (Mark::Success, Some("1234-5678-9012"))
        );
        assert!(page.details.iter().any(|d| d.contains("/stick/chiavi.age")), "{page:?}");
        assert_eq!(page.folder, Some(PathBuf::from("/stick")), "Apri cartella: the stick");
    }

    #[test]
    fn a_step_that_ends_well_after_cancel_without_its_outcome_is_not_called_done() {
        let mut session = Session::start(Choice::Install);
        session.cancelled = true;
        let page = session.result(&Outcome::Done(None));
        assert_eq!(page.mark, Mark::Stopped);
        assert_eq!(page.headline, fl!("gui-result-stopped-late"));
    }

    #[test]
    fn a_failure_has_its_mark_a_line_for_the_action_and_the_error_with_advice() {
        let session = Session::start(Choice::Rollback);
        let outcome =
            Outcome::Failed { sentence: "Errore: x".into(), advice: Some("Fare y".into()) };
        let page = session.result(&outcome);
        assert_eq!(page.mark, Mark::Failure);
        assert_eq!(page.headline, fl!("gui-failed-rollback"));
        assert_eq!(page.details, ["Errore: x", "Fare y"]);
        let cancelled = session.result(&Outcome::Cancelled(fl!("err-cancelled")));
        assert_eq!((cancelled.mark, cancelled.headline), (Mark::Stopped, fl!("err-cancelled")));
    }

    #[test]
    fn a_failure_after_the_keys_went_in_says_they_are_in() {
        // install tells KeysInPlace as soon as its swap is over: a failure after it (or an end
        // without Done) must not read as "not installed".
        let mut session = Session::start(Choice::Install);
        session.keys_in_place("/pc/SOGEI".into(), Some("/pc/Scadute".into()));
        let failed = Outcome::Failed { sentence: "Errore: x".into(), advice: None };
        let page = session.result(&failed);
        let then_failed = fl!("gui-result-done-then-failed", done = fl!("gui-result-installed"));
        assert_eq!((page.mark, page.headline.clone()), (Mark::Failure, then_failed));
        assert!(page.details.iter().any(|d| d.contains("/pc/Scadute")), "{page:?}");
        assert!(page.details.contains(&"Errore: x".to_owned()), "{page:?}");
        assert_eq!(session.result(&Outcome::Done(None)).headline, fl!("gui-result-installed"));
    }

    #[test]
    fn what_was_done_is_said_after_a_later_cancel_or_failure() {
        // A seal (or an install) is over; the question about the stick's leftovers that comes
        // after it is cancelled, or their wipe fails: the page still says the vault is ready,
        // with its check code, never "nothing was changed".
        let mut session = Session::start(Choice::Seal);
        let vault = PathBuf::from("/stick/chiavi-2026-11-22.age");
        let check_code = "1234-5678-9012".to_owned();
        session.done(Done::Sealed {
            vault: vault.clone(),
            check_code: check_code.clone(),
            passphrase_generated: true,
        });
        let cancelled = session.result(&Outcome::Cancelled(fl!("err-cancelled")));
        assert_eq!(
            (cancelled.mark, cancelled.headline.as_str()),
            (Mark::Success, &*fl!("gui-result-sealed"))
        );
        assert_eq!(cancelled.check_code.as_deref(), Some(check_code.as_str()));
        let failed = Outcome::Failed { sentence: "Errore: x".into(), advice: None };
        let page = session.result(&failed);
        let then_failed = fl!("gui-result-done-then-failed", done = fl!("gui-result-sealed"));
        assert_eq!((page.mark, page.headline.clone()), (Mark::Failure, then_failed));
        assert_eq!(page.check_code.as_deref(), Some(check_code.as_str()));
        assert!(page.details.contains(&fl!("gui-detail-vault", path = shown(&vault))), "{page:?}");
        assert!(page.details.contains(&"Errore: x".to_owned()), "{page:?}");
    }

    #[test]
    fn leftovers_wiped_after_a_seal_are_said_under_it_not_instead() {
        // The recommended wipe of a Password.txt after a seal tells its own Done: the page
        // still says the vault is ready, with its check code, and the wipe under it.
        let mut session = Session::start(Choice::Seal);
        session.done(Done::Sealed {
            vault: "/stick/v.age".into(),
            check_code: "1234-5678-9012".into(),
            passphrase_generated: true,
        });
        let leftover = PathBuf::from("/stick/Password.txt");
        session.done(Done::Wiped { files: vec![leftover.clone()], plaintext: true });
        let page = session.result(&Outcome::Done(None));
        assert_eq!(page.headline, fl!("gui-result-sealed"));
        assert_eq!(page.check_code.as_deref(), Some("1234-5678-9012"));
        assert_eq!(page.folder, Some(PathBuf::from("/stick")));
        assert!(page.details.contains(&fl!("gui-result-wiped", count = 1)), "{page:?}");
        assert!(page.details.contains(&shown(&leftover)), "{page:?}");
    }

    #[test]
    fn the_folder_to_open_is_the_told_key_folder_when_the_outcome_names_none() {
        let mut session = Session::start(Choice::Status);
        session.key_folder("/pc/SOGEI".into());
        assert_eq!(session.result(&Outcome::Done(None)).folder, Some("/pc/SOGEI".into()));
    }

    #[test]
    fn the_working_page_says_the_search_count_and_clears_when_finished() {
        assert!(working(&Progress::Searching { folders: 1234 }).contains("1234"));
        assert_ne!(working(&Progress::Deriving), working(&Progress::Checking));
        assert!(working(&Progress::Finished).is_empty());
    }
}
