//! passphrase: the secret that opens a vault — generated, checked, compared.
//!
//! By default seal generates the passphrase: [`WORDS`] words drawn uniformly from the Italian
//! BIP39 list (2048 words, 11 bits each: 88 bits), easy to read aloud on the phone. A typed
//! passphrase must pass [`check_strength`]: zxcvbn (Dropbox's estimator, the standard one) rates
//! it, with the Italian word list and the words of an accounting office as known words, and it
//! must not contain the keys' password. Word-list passphrases are put in one canonical form
//! ([`canonical`]) both when sealing and when opening, so "Casa  Albero" typed on the other PC
//! opens a vault sealed with "casa albero".
//!
//! This module must never print, log or keep a copy of a passphrase outside secret types: every
//! intermediate buffer is sized exactly and wiped (a `String` that grows leaves its old buffer,
//! unwiped, in freed memory). The one exception is zxcvbn, which copies the text it rates into
//! its own match list; README's threat model says so.

use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Words in a generated passphrase: 8 × 11 bits = 88 bits (DESIGN.md: at least 80).
pub const WORDS: usize = 8;

/// Shortest typed passphrase accepted, in characters.
pub const MIN_CHARS: usize = 12;

/// zxcvbn's estimate of the guesses an attacker needs, as a power of ten, that a typed
/// passphrase must reach: 10^12. The vault's scrypt (work factor 18, 256 MiB per guess) holds
/// an attacker to a few guesses per second per machine, so 10^12 guesses is thousands of
/// machine-years; zxcvbn's own top score (4) starts at 10^10, so this is above it.
pub const MIN_GUESSES_LOG10: f64 = 12.0;

/// Words an office would reach for first, rated by zxcvbn as known words (beside the Italian
/// BIP39 list and zxcvbn's English lists): the program, the agency, the trade, the months.
const OFFICE_WORDS: [&str; 40] = [
    "password",
    "passphrase",
    "sigillo",
    "cassaforte",
    "chiave",
    "chiavi",
    "chiavetta",
    "entratel",
    "desktop",
    "telematico",
    "sogei",
    "agenzia",
    "entrate",
    "fisco",
    "fiscale",
    "studio",
    "ufficio",
    "commercialista",
    "contabile",
    "fattura",
    "bilancio",
    "dichiarazione",
    "segreto",
    "segreta",
    "sicurezza",
    "protezione",
    "accesso",
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
    "italia",
];

fn word_list() -> &'static [&'static str; 2048] {
    bip39::Language::Italian.word_list()
}

/// Generates a new passphrase of [`WORDS`] Italian words separated by single spaces.
pub fn generate() -> SecretString {
    let list = word_list();
    // Sized for the longest words up front: the buffer never grows, so no copy is left behind.
    let longest = list.iter().map(|w| w.len()).max().unwrap_or(0);
    let mut phrase = Zeroizing::new(String::with_capacity(WORDS * (longest + 1)));
    for i in 0..WORDS {
        // 2048 = 2^11 divides 2^16 evenly: masking a random u16 gives a uniform index.
        let mut bytes = Zeroizing::new([0u8; 2]);
        getrandom::getrandom(&mut bytes[..]).expect("the operating system's random source works");
        let index = usize::from(u16::from_le_bytes(*bytes) & 0x07FF);
        if i > 0 {
            phrase.push(' ');
        }
        phrase.push_str(list[index]);
    }
    exact(&phrase)
}

/// A secret holding exactly `text`: `SecretString::from(String)` shrinks a roomier buffer by
/// reallocating, which would leave the old one unwiped; from `&str` the copy is exact.
fn exact(text: &str) -> SecretString {
    SecretString::from(text)
}

/// `text` in lower case, in a buffer sized exactly before it is filled (`str::to_lowercase`
/// grows its buffer when a letter lowercases to more bytes). Letter by letter: only word-list
/// passphrases, all ASCII, keep the result.
fn lowercase(text: &str) -> Zeroizing<String> {
    let size = text.chars().flat_map(char::to_lowercase).map(char::len_utf8).sum();
    let mut lower = Zeroizing::new(String::with_capacity(size));
    lower.extend(text.chars().flat_map(char::to_lowercase));
    lower
}

/// The canonical form of a passphrase: when it is made only of words from the list (any case,
/// separated by spaces or hyphens), lower case with single spaces; otherwise exactly as typed.
pub fn canonical(passphrase: &SecretString) -> SecretString {
    let text = passphrase.expose_secret();
    let lower = lowercase(text);
    let words: Vec<&str> = lower.split([' ', '-', '\t']).filter(|w| !w.is_empty()).collect();
    let all_listed = words.len() >= 2 && words.iter().all(|w| word_list().binary_search(w).is_ok());
    if all_listed {
        // `join` sizes its result exactly before filling it.
        let joined = Zeroizing::new(words.join(" "));
        exact(&joined)
    } else {
        exact(text)
    }
}

/// zxcvbn's estimate of the guesses needed, as a power of ten. `password` (the keys'
/// password, when known) counts as a known word.
pub fn guesses_log10(passphrase: &SecretString, password: Option<&SecretString>) -> f64 {
    let mut known: Vec<&str> = word_list().to_vec();
    known.extend(OFFICE_WORDS);
    known.extend(password.map(|p| p.expose_secret()));
    zxcvbn::zxcvbn(passphrase.expose_secret(), &known).guesses_log10()
}

/// Why a typed passphrase is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weakness {
    /// Too short or too easy to guess (below [`MIN_CHARS`] or [`MIN_GUESSES_LOG10`]).
    Guessable,
    /// It is, or contains, the keys' password: whoever knows the password (every colleague
    /// who uses Desktop Telematico) would open the vault.
    HasPassword,
}

/// Checks a typed passphrase: long enough, hard enough to guess by zxcvbn's estimate, and not
/// holding the keys' password (compared ignoring letter case: "Prova.2026!" and "PROVA.2026"
/// are the same risk).
pub fn check_strength(
    passphrase: &SecretString,
    password: Option<&SecretString>,
) -> Result<(), Weakness> {
    if let Some(password) = password.filter(|p| !p.expose_secret().is_empty()) {
        let phrase = lowercase(passphrase.expose_secret());
        if phrase.contains(lowercase(password.expose_secret()).as_str()) {
            return Err(Weakness::HasPassword);
        }
    }
    if passphrase.expose_secret().chars().count() < MIN_CHARS
        || guesses_log10(passphrase, password) < MIN_GUESSES_LOG10
    {
        return Err(Weakness::Guessable);
    }
    Ok(())
}

/// Compares two secrets in constant time (confirmation prompts).
pub fn same(a: &SecretString, b: &SecretString) -> bool {
    a.expose_secret().as_bytes().ct_eq(b.expose_secret().as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> SecretString {
        SecretString::from(text.to_owned())
    }

    #[test]
    fn generated_passphrases_are_eight_listed_words_and_differ() {
        let a = generate();
        let b = generate();
        let words: Vec<&str> = a.expose_secret().split(' ').collect();
        assert_eq!(words.len(), WORDS);
        assert!(words.iter().all(|w| word_list().binary_search(w).is_ok()));
        assert!(!same(&a, &b));
    }

    #[test]
    fn generated_passphrases_pass_the_strength_check() {
        for _ in 0..20 {
            let phrase = generate();
            assert_eq!(check_strength(&phrase, Some(&s("Prova.2026"))), Ok(()));
        }
        // Eight different words spread over the list, as a generation almost always draws
        // (a repeat-only phrase has odds of 2^-77).
        let list = word_list();
        let varied: Vec<&str> = (0..WORDS).map(|i| list[i * 250]).collect();
        assert_eq!(check_strength(&s(&varied.join(" ")), None), Ok(()));
    }

    #[test]
    fn word_passphrases_are_canonical_whatever_the_typing() {
        let list = word_list();
        let sealed = format!("{} {} {}", list[0], list[1], list[2]);
        let typed = format!("  {}-{}   {} ", list[0].to_uppercase(), list[1], list[2]);
        assert_eq!(canonical(&s(&typed)).expose_secret(), sealed);
        // Anything else is taken exactly as typed.
        assert_eq!(canonical(&s(" Xy Zw ")).expose_secret(), " Xy Zw ");
    }

    #[test]
    fn weak_passphrases_are_refused() {
        let word = word_list()[1000];
        let repeated = [word; 6].join(" ");
        for weak in [
            "password",
            "Password123!",
            "Qwerty123456",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "123456789012",
            "Entratel2026!",
            "studiorossi2026",
            repeated.as_str(),
        ] {
            assert_eq!(check_strength(&s(weak), None), Err(Weakness::Guessable), "{weak:?}");
        }
        assert_eq!(check_strength(&s("Gatto.Nero-sul/Tetto42"), None), Ok(()));
    }

    #[test]
    fn a_passphrase_holding_the_password_is_refused() {
        let password = s("Prova.2026");
        let has = |phrase: &str| check_strength(&s(phrase), Some(&password));
        assert_eq!(has("Prova.2026"), Err(Weakness::HasPassword));
        assert_eq!(has("Gatto.Nero-Prova.2026-sul/Tetto42"), Err(Weakness::HasPassword));
        assert_eq!(has("gatto nero PROVA.2026 sul tetto"), Err(Weakness::HasPassword));
        assert_eq!(has("Gatto.Nero-sul/Tetto42"), Ok(()));
    }

    #[test]
    fn lowercase_is_sized_exactly() {
        for text in ["CASA Albero", "İSTANBUL", "ÀÉÌÒÙ", ""] {
            let lower = lowercase(text);
            assert_eq!(*lower, text.chars().flat_map(char::to_lowercase).collect::<String>());
            assert_eq!(lower.capacity(), lower.len(), "{text:?} never grew");
        }
    }

    #[test]
    fn comparison_is_exact() {
        assert!(same(&s("abc"), &s("abc")));
        assert!(!same(&s("abc"), &s("abd")));
        assert!(!same(&s("abc"), &s("abcd")));
    }
}
