//! passphrase: the secret that opens a vault — generated, checked, compared.
//!
//! By default seal generates the passphrase: [`WORDS`] words drawn uniformly from the Italian
//! BIP39 list (2048 words, 11 bits each: 88 bits), easy to read aloud on the phone. A typed
//! passphrase must pass [`check_strength`]. Word-list passphrases are put in one canonical form
//! ([`canonical`]) both when sealing and when opening, so "Casa  Albero" typed on the other PC
//! opens a vault sealed with "casa albero".
//!
//! This module must never print, log or keep a copy of a passphrase outside secret types.

use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Words in a generated passphrase: 8 × 11 bits = 88 bits (DESIGN.md: at least 80).
pub const WORDS: usize = 8;

/// Bits a typed passphrase must reach by [`check_strength`]'s estimate.
pub const MIN_PASSPHRASE_BITS: f64 = 64.0;

fn word_list() -> &'static [&'static str; 2048] {
    bip39::Language::Italian.word_list()
}

/// Generates a new passphrase of [`WORDS`] Italian words separated by single spaces.
pub fn generate() -> SecretString {
    let list = word_list();
    let mut phrase = Zeroizing::new(String::new());
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
    SecretString::from(phrase.as_str().to_owned())
}

/// The canonical form of a passphrase: when it is made only of words from the list (any case,
/// separated by spaces or hyphens), lower case with single spaces; otherwise exactly as typed.
pub fn canonical(passphrase: &SecretString) -> SecretString {
    let text = passphrase.expose_secret();
    let lower = Zeroizing::new(text.to_lowercase());
    let words: Vec<&str> = lower.split([' ', '-', '\t']).filter(|w| !w.is_empty()).collect();
    let all_listed = words.len() >= 2 && words.iter().all(|w| word_list().binary_search(w).is_ok());
    if all_listed {
        SecretString::from(words.join(" "))
    } else {
        SecretString::from(text.to_owned())
    }
}

/// Estimated strength in bits: for a word-list passphrase 11 bits a word; otherwise length ×
/// log2(size of the character classes used), with repeated characters counted once.
pub fn estimate_bits(passphrase: &SecretString) -> f64 {
    let canonical = canonical(passphrase);
    let text = canonical.expose_secret();
    let words: Vec<&str> = text.split(' ').collect();
    if words.len() >= 2 && words.iter().all(|w| word_list().binary_search(w).is_ok()) {
        return words.len() as f64 * 11.0;
    }
    let mut pool = 0u32;
    if text.chars().any(|c| c.is_ascii_lowercase()) {
        pool += 26;
    }
    if text.chars().any(|c| c.is_ascii_uppercase()) {
        pool += 26;
    }
    if text.chars().any(|c| c.is_ascii_digit()) {
        pool += 10;
    }
    if text.chars().any(|c| !c.is_ascii_alphanumeric()) {
        pool += 33;
    }
    let mut chars: Vec<char> = text.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    // Distinct characters, not length: "aaaaaaaaaaaaaaaaaaaa" is not strong.
    let effective = chars.len().min(text.chars().count()) as f64;
    let length = text.chars().count() as f64;
    f64::from(pool.max(1)).log2() * (effective + length) / 2.0
}

/// True when a typed passphrase is strong enough to protect keys on a stick that may be lost.
pub fn check_strength(passphrase: &SecretString) -> bool {
    passphrase.expose_secret().chars().count() >= 12
        && estimate_bits(passphrase) >= MIN_PASSPHRASE_BITS
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
        assert!(estimate_bits(&a) >= 80.0);
        assert!(check_strength(&a));
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
        assert!(!check_strength(&s("password")));
        assert!(!check_strength(&s("aaaaaaaaaaaaaaaaaaaaaaaa")));
        assert!(!check_strength(&s("123456789012")));
        assert!(check_strength(&s("Gatto.Nero-sul/Tetto42")));
    }

    #[test]
    fn comparison_is_exact() {
        assert!(same(&s("abc"), &s("abc")));
        assert!(!same(&s("abc"), &s("abd")));
        assert!(!same(&s("abc"), &s("abcd")));
    }
}
