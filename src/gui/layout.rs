//! layout: where every control of the window sits, and which ones each page shows. All the
//! arithmetic is here, in pixels at 96 DPI (the window scales them for the screen); the window
//! module only creates the controls at these places and shows or hides them.
//!
//! This module must never draw anything nor depend on Windows: it is tested on every system.

/// The client area, at 96 DPI.
pub const CLIENT: (i32, i32) = (640, 470);
/// The height of a secret shown on purpose (two lines fit in [`Control::Shown`]).
pub const BIG_TEXT: i32 = 22;
/// The height of the check code on the plan page: read aloud and compared on the phone.
pub const CODE_TEXT: i32 = 30;
/// The height of the result's line, beside its mark.
pub const HEADLINE_TEXT: i32 = 17;
/// The height of the line that says a secret was wrong.
pub const ALERT_TEXT: i32 = 16;
/// The margin around everything.
const MARGIN: i32 = 20;
/// The usable width.
const WIDTH: i32 = CLIENT.0 - 2 * MARGIN;

/// A control's place: x, y, width, height at 96 DPI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    const fn new(x: i32, y: i32, w: i32, h: i32) -> Rect {
        Rect { x, y, w, h }
    }

    #[cfg(test)]
    fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    #[cfg(test)]
    fn inside_client(&self) -> bool {
        self.x >= 0 && self.y >= 0 && self.x + self.w <= CLIENT.0 && self.y + self.h <= CLIENT.1
    }
}

/// Every control the window has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// The first page's heading.
    Title,
    /// The `n`th action's big button (0 to 4).
    Action(usize),
    /// The line under the `n`th action's button.
    Explain(usize),
    /// What the step says, a read-only text that scrolls.
    Log,
    /// The question.
    Prompt,
    /// A line of text (a folder, a number).
    Field,
    /// The numbered items to choose from (found key folders, vaults), where the log is.
    List,
    /// A masked field for a secret.
    Masked,
    /// A secret shown on purpose (not selectable, so never copied).
    Shown,
    /// The system folder picker, beside the text field.
    Browse,
    /// The marquee while the step works.
    Progress,
    /// The plan's or the result's line (with the result's mark), drawn large.
    Headline,
    /// What the plan will change, or where things are after it: a line each.
    Summary,
    /// The vault's check code, drawn large on the plan page.
    CheckCode,
    /// On a secret's page, after a wrong one: wrong, and the tries left.
    Alert,
    /// "Mostra": shows what is typed in the secret's field (a passphrase dictated by phone).
    ShowSecret,
    /// The secret's field as plain text, in the masked field's place while "Mostra" is
    /// checked: the window swaps the two (no page shows both).
    Unmasked,
    /// The working page's phase (the search count, "opening the vault").
    Phase,
    /// "Dettagli": the transcript, for support.
    Details,
    /// "Apri cartella": the key folder in Explorer.
    OpenFolder,
    /// Yes / Next / Proceed / Back.
    Ok,
    /// No.
    No,
    /// Cancel.
    Cancel,
}

/// Rows of the first page: one button and its line per action.
const ACTION_TOP: i32 = 60;
const ACTION_STEP: i32 = 78;
const ACTION_BUTTON: i32 = 38;
const BUTTONS_Y: i32 = CLIENT.1 - MARGIN - 30;

/// Where `control` sits.
pub fn rect(control: Control) -> Rect {
    match control {
        Control::Title => Rect::new(MARGIN, 18, WIDTH, 28),
        Control::Action(n) => {
            Rect::new(MARGIN, ACTION_TOP + ACTION_STEP * n as i32, WIDTH, ACTION_BUTTON)
        }
        Control::Explain(n) => Rect::new(
            MARGIN + 6,
            ACTION_TOP + ACTION_STEP * n as i32 + ACTION_BUTTON + 4,
            WIDTH - 6,
            32,
        ),
        Control::Log | Control::List => Rect::new(MARGIN, MARGIN, WIDTH, 250),
        Control::Prompt => Rect::new(MARGIN, 280, WIDTH, 44),
        Control::Field | Control::Masked | Control::Unmasked => {
            Rect::new(MARGIN, 328, WIDTH - 130, 26)
        }
        Control::Shown => Rect::new(MARGIN, 324, WIDTH, 54),
        Control::Browse => Rect::new(MARGIN + WIDTH - 120, 327, 120, 28),
        Control::Progress => Rect::new(MARGIN, 382, WIDTH, 18),
        Control::Headline => Rect::new(MARGIN, 12, WIDTH, 50),
        Control::Summary => Rect::new(MARGIN, 66, WIDTH, 158),
        Control::CheckCode => Rect::new(MARGIN, 226, WIDTH, 50),
        Control::Alert => Rect::new(MARGIN, 364, WIDTH, 26),
        Control::ShowSecret => Rect::new(MARGIN + WIDTH - 120, 329, 120, 24),
        Control::Phase => Rect::new(MARGIN, 350, WIDTH, 24),
        Control::Details => Rect::new(MARGIN, BUTTONS_Y, 110, 30),
        Control::OpenFolder => Rect::new(MARGIN + 120, BUTTONS_Y, 150, 30),
        Control::Ok => Rect::new(MARGIN + WIDTH - 3 * 110 + 10, BUTTONS_Y, 100, 30),
        Control::No => Rect::new(MARGIN + WIDTH - 2 * 110 + 10, BUTTONS_Y, 100, 30),
        Control::Cancel => Rect::new(MARGIN + WIDTH - 110 + 10, BUTTONS_Y, 100, 30),
    }
}

/// The window's pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// The five actions.
    Home,
    /// A step works: its messages, the phase and the marquee; only Cancel.
    Busy,
    /// What the step will change, before anything does: Procedi / Annulla.
    Plan,
    /// A yes/no question.
    Confirm,
    /// A folder, typed or picked with the system's folder picker.
    Folder,
    /// One of a list (the list in place of the log).
    Choose,
    /// A masked secret (with "Mostra" where it may be shown, and a wrong one said).
    Secret,
    /// A secret shown once.
    Reveal,
    /// The step is over: what happened in one line with its mark, the details, Back.
    Result,
    /// What the step said, for support ("Dettagli"); Back returns to the page before.
    Transcript,
}

/// Whether `page` shows `control`.
pub fn shows(page: Page, control: Control) -> bool {
    use Control as C;
    let home = matches!(control, C::Title | C::Action(_) | C::Explain(_));
    match page {
        Page::Home => home,
        _ if home => false,
        Page::Busy => matches!(control, C::Log | C::Phase | C::Progress | C::Cancel),
        Page::Plan => matches!(
            control,
            C::Headline | C::Summary | C::CheckCode | C::Prompt | C::Details | C::Ok | C::Cancel
        ),
        Page::Confirm => matches!(control, C::Log | C::Prompt | C::Ok | C::No | C::Cancel),
        Page::Folder => {
            matches!(control, C::Log | C::Prompt | C::Field | C::Browse | C::Ok | C::Cancel)
        }
        Page::Choose => matches!(control, C::List | C::Prompt | C::Ok | C::Cancel),
        Page::Secret => matches!(
            control,
            C::Log | C::Prompt | C::Masked | C::ShowSecret | C::Alert | C::Ok | C::Cancel
        ),
        Page::Reveal => matches!(control, C::Log | C::Prompt | C::Shown | C::Ok | C::Cancel),
        Page::Result => matches!(
            control,
            C::Headline | C::Summary | C::CheckCode | C::Details | C::OpenFolder | C::Ok
        ),
        Page::Transcript => matches!(control, C::Log | C::Ok),
    }
}

/// Every control, for walking them (the window shows and hides them by page).
pub fn all() -> Vec<Control> {
    use Control as C;
    let mut all = vec![C::Title];
    for n in 0..crate::wizard::Choice::ACTIONS.len() {
        all.extend([C::Action(n), C::Explain(n)]);
    }
    all.extend([
        C::Log,
        C::Prompt,
        C::Field,
        C::List,
        C::Masked,
        C::Shown,
        C::Browse,
        C::Progress,
        C::Headline,
        C::Summary,
        C::CheckCode,
        C::Alert,
        C::ShowSecret,
        C::Unmasked,
        C::Phase,
        C::Details,
        C::OpenFolder,
        C::Ok,
        C::No,
        C::Cancel,
    ]);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGES: [Page; 10] = [
        Page::Home,
        Page::Busy,
        Page::Plan,
        Page::Confirm,
        Page::Folder,
        Page::Choose,
        Page::Secret,
        Page::Reveal,
        Page::Result,
        Page::Transcript,
    ];

    #[test]
    fn every_page_fits_the_window_without_overlaps() {
        for page in PAGES {
            let shown: Vec<Control> = all().into_iter().filter(|c| shows(page, *c)).collect();
            assert!(!shown.is_empty(), "{page:?} shows something");
            for (i, a) in shown.iter().enumerate() {
                assert!(rect(*a).inside_client(), "{page:?}: {a:?} inside the window");
                for b in &shown[i + 1..] {
                    assert!(!rect(*a).overlaps(&rect(*b)), "{page:?}: {a:?} overlaps {b:?}");
                }
            }
        }
        // The plain field stands in the masked one's place, never beside it.
        assert_eq!(rect(Control::Unmasked), rect(Control::Masked));
        assert!(rect(Control::Unmasked).inside_client());
    }

    #[test]
    fn secrets_have_their_own_controls_on_their_own_pages() {
        // The masked field and the shown secret appear only where a secret is asked or shown;
        // the plain field never holds one; the unmasked field is never shown by a page (the
        // window puts it in the masked one's place only while "Mostra" is checked).
        for page in PAGES {
            assert_eq!(shows(page, Control::Masked), page == Page::Secret, "{page:?}");
            assert_eq!(shows(page, Control::ShowSecret), page == Page::Secret, "{page:?}");
            assert_eq!(shows(page, Control::Shown), page == Page::Reveal, "{page:?}");
            assert!(!shows(page, Control::Unmasked), "{page:?}");
        }
        assert!(!shows(Page::Secret, Control::Field));
    }

    #[test]
    fn every_question_can_be_cancelled_and_only_the_end_has_no_cancel() {
        for page in
            PAGES.into_iter().filter(|p| !matches!(p, Page::Home | Page::Result | Page::Transcript))
        {
            assert!(shows(page, Control::Cancel), "{page:?}");
        }
        for end in [Page::Result, Page::Transcript] {
            assert!(!shows(end, Control::Cancel), "{end:?}");
            assert!(shows(end, Control::Ok), "{end:?}: Back");
        }
        assert!(shows(Page::Confirm, Control::No));
        // The folder picker only where a folder is asked.
        for page in PAGES {
            assert_eq!(shows(page, Control::Browse), page == Page::Folder, "{page:?}");
        }
    }

    #[test]
    fn the_plan_and_the_result_keep_the_transcript_behind_details() {
        for page in [Page::Plan, Page::Result] {
            assert!(shows(page, Control::Details) && !shows(page, Control::Log), "{page:?}");
            assert!(shows(page, Control::Headline) && shows(page, Control::Summary), "{page:?}");
        }
        for page in [Page::Plan, Page::Result] {
            assert!(shows(page, Control::CheckCode), "{page:?}: the check code, large");
        }
        assert!(shows(Page::Result, Control::OpenFolder));
        assert!(shows(Page::Busy, Control::Phase) && shows(Page::Busy, Control::Progress));
    }
}
