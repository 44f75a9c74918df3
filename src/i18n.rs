//! i18n: every sentence a user reads, in Italian first and English second.
//!
//! The messages live in Fluent files (`i18n/<lang>/sigillo.ftl`) embedded in the binary; `fl!`
//! checks message IDs and arguments against the Italian file at compile time. Unicode isolation
//! marks are off: the Windows console shows them as boxes.
//!
//! This module must never format a secret: callers pass names, paths and numbers only.

use std::sync::LazyLock;

use i18n_embed::LanguageLoader;
use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use i18n_embed::unic_langid::LanguageIdentifier;
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "i18n/"]
struct Localizations;

/// The loader behind [`fl!`]; Italian until [`init`] says otherwise.
pub static LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    let loader = fluent_language_loader!();
    loader
        .load_fallback_language(&Localizations)
        .expect("the Italian messages are embedded at build time");
    loader.set_use_isolating(false);
    loader
});

/// A language sigillo speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Italiano
    It,
    /// English
    En,
}

impl Lang {
    /// Every language, Italian first.
    pub const ALL: [Lang; 2] = [Lang::It, Lang::En];

    /// The language's tag: how `--lang`, `SIGILLO_LANG` and the message files name it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }

    /// The one language parser: the language whose tag is exactly `tag`. `--lang` (through
    /// clap, [`clap::ValueEnum`]), `SIGILLO_LANG` and the loaded messages all go through it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.tag() == tag)
    }

    /// The language's own name, shown beside its tag in `--help`.
    fn own_name(self) -> &'static str {
        match self {
            Lang::It => "Italiano",
            Lang::En => "English",
        }
    }
}

impl clap::ValueEnum for Lang {
    fn value_variants<'a>() -> &'a [Self] {
        &Lang::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.tag()).help(self.own_name()))
    }
}

/// Looks up a message: `fl!("id")` or `fl!("id", name = value)`.
macro_rules! fl {
    ($message_id:literal) => {{
        i18n_embed_fl::fl!($crate::i18n::LOADER, $message_id)
    }};
    ($message_id:literal, $($args:expr),* $(,)?) => {{
        i18n_embed_fl::fl!($crate::i18n::LOADER, $message_id, $($args),*)
    }};
}
// Exported to the crate by path (`use crate::i18n::fl`), like any other item: the steps import
// it from the building block that owns it, not from the crate root.
pub(crate) use fl;

/// The environment variable that chooses the language when `--lang` is not given.
pub const LANG_VARIABLE: &str = "SIGILLO_LANG";

/// Chooses the language: `--lang` wins, then `SIGILLO_LANG` (`it` or `en`), else Italian.
/// The system locale is deliberately not consulted: sigillo is Italian-first, an office PC set
/// to English (or a Linux shell with `LANG=en_US.UTF-8`) still speaks Italian, and the rule is
/// the same for the Windows exe and the Linux binary. Call once, before building the command
/// line parser (its help is translated).
pub fn init(explicit: Option<Lang>) {
    let lang = explicit.unwrap_or_else(|| {
        lang_of_setting(std::env::var(LANG_VARIABLE).ok().as_deref()).unwrap_or(Lang::It)
    });
    let id: LanguageIdentifier = lang.tag().parse().expect("static language tags parse");
    LOADER
        .load_languages(&Localizations, &[id])
        .expect("both languages are embedded at build time");
    LOADER.set_use_isolating(false);
}

/// The language in force now.
pub fn current() -> Lang {
    let loaded = LOADER.current_languages();
    loaded.first().and_then(|id| Lang::from_tag(id.language.as_str())).unwrap_or(Lang::It)
}

/// The language a `SIGILLO_LANG` value names (`it`, `en`, any case); `None` for anything else.
fn lang_of_setting(value: Option<&str>) -> Option<Lang> {
    Lang::from_tag(&value?.trim().to_ascii_lowercase())
}

/// Finds `--lang X` / `--lang=X` in the raw arguments, so help can be translated before clap
/// parses them. An unknown value is left for clap to report.
pub fn lang_from_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut iter = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = iter.next() {
        let value = match arg.strip_prefix("--lang") {
            Some("") => iter.next().map(|v| v.into_owned()),
            Some(rest) if rest.starts_with('=') => Some(rest[1..].to_owned()),
            _ => continue,
        };
        return value.as_deref().and_then(Lang::from_tag);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn only_sigillo_lang_chooses_the_language_besides_the_flag() {
        assert_eq!(lang_of_setting(Some("en")), Some(Lang::En));
        assert_eq!(lang_of_setting(Some(" EN ")), Some(Lang::En));
        assert_eq!(lang_of_setting(Some("it")), Some(Lang::It));
        // Locale-shaped values are not a language choice: Italian stays the default.
        assert_eq!(lang_of_setting(Some("en_US.UTF-8")), None);
        assert_eq!(lang_of_setting(Some("")), None);
        assert_eq!(lang_of_setting(None), None);
    }

    #[test]
    fn lang_flag_is_found_before_parsing() {
        let args = |v: &[&str]| v.iter().map(Into::into).collect::<Vec<_>>();
        assert_eq!(lang_from_args(&args(&["sigillo", "--lang", "en"])), Some(Lang::En));
        assert_eq!(lang_from_args(&args(&["sigillo", "seal", "--lang=it"])), Some(Lang::It));
        assert_eq!(lang_from_args(&args(&["sigillo", "--lang", "fr"])), None);
        assert_eq!(lang_from_args(&args(&["sigillo"])), None);
    }

    /// Message ids of a Fluent file, each with the variables (`$name`) it uses.
    fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
        let file = Localizations::get(&format!("{lang}/sigillo.ftl")).expect("embedded");
        let text = std::str::from_utf8(&file.data).expect("UTF-8");
        let mut messages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut current = None;
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let starts_message = line.starts_with(|c: char| c.is_ascii_alphabetic());
            if starts_message {
                let (id, _) = line.split_once('=').expect("a message line is `id = …`");
                let id = id.trim().to_owned();
                assert!(
                    messages.insert(id.clone(), BTreeSet::new()).is_none(),
                    "{lang}: {id} twice"
                );
                current = Some(id);
            }
            let id = current.as_ref().expect("a continuation line follows a message");
            let vars = messages.get_mut(id).expect("inserted above");
            for (i, _) in line.match_indices('$') {
                let name: String = line[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                vars.insert(name);
            }
        }
        messages
    }

    #[test]
    fn italian_and_english_define_the_same_messages_with_the_same_variables() {
        let (it, en) = (messages("it"), messages("en"));
        let only_it: Vec<&String> = it.keys().filter(|k| !en.contains_key(*k)).collect();
        let only_en: Vec<&String> = en.keys().filter(|k| !it.contains_key(*k)).collect();
        assert!(
            only_it.is_empty() && only_en.is_empty(),
            "only it: {only_it:?}; only en: {only_en:?}"
        );
        for (id, vars) in &it {
            assert_eq!(vars, &en[id], "{id}: the two languages use different variables");
        }
        assert!(it.len() > 100, "the parser found the messages: {}", it.len());
    }
}
