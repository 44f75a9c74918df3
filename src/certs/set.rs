//! The three files' certificates, examined together: does the password open them, do they belong
//! to one generation, are they still valid and strong enough.
//!
//! Refusals need positive evidence (a MAC that fails, serials or subjects that disagree); a file
//! that cannot be parsed is a *finding* the user may accept, never a refusal (real files may
//! differ from our fixtures in ways nobody here can see).

use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use secrecy::SecretString;
use zeroize::Zeroizing;

use super::{
    Budget, CertError, CertInfo, Keystore, Part, Role, Unsupported, open_p12, read_keystore,
};
use crate::hash::Sha256;
use crate::keyset::KeyKind;

/// Two certificates of one generation are issued together; further apart than this they are not.
const SAME_GENERATION: TimeDelta = TimeDelta::days(30);

/// Below this a key is weak for any use.
pub const MIN_KEY_BITS: u32 = 2048;
/// Desktop Telematico's encryption keys are 4096 bits; less is worth a flag.
pub const MIN_KEY_BITS_CIFRATURA: u32 = 4096;

/// What was learnt from the certificates of a key set.
#[derive(Debug, Default)]
pub struct Examination {
    /// `UTEF.P12`'s end-entity certificate, when the password was given and it opened.
    pub utef: Option<CertInfo>,
    /// `UTEC.P12`'s end-entity certificate, likewise.
    pub utec: Option<CertInfo>,
    /// `UTENTE.KS`, read (without the password if none was given).
    pub keystore: Option<Keystore>,
    /// What is wrong or worth a word, most serious first.
    pub findings: Vec<Finding>,
    /// The certificate of a file the password does not open while it opens the other two,
    /// when that file keeps it in clear: the dates that show it is another generation.
    pub odd_clear: Option<(KeyKind, CertInfo)>,
    /// Whether a password was given (the keystore's integrity could be checked).
    pub password_given: bool,
    /// The files the password was proven on (MAC, digest, or a key bag it decrypts), in
    /// UTEF, UTEC, UTENTE order.
    pub proven: [bool; 3],
}

/// One thing worth telling the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// The password does not open this file (refuse).
    WrongPassword(KeyKind),
    /// This file belongs to another generation or holder than the others (refuse).
    Mixed(KeyKind),
    /// Its certificates could not be read; its bytes are still carried (confirm).
    Unreadable(KeyKind),
    /// A valid file that uses something sigillo does not read (named: an algorithm); carried
    /// as it is (confirm). Nothing in it was read and the password was not proven on it.
    Unsupported(KeyKind, &'static str),
    /// One part of a file uses an algorithm sigillo does not implement (named), the rest was
    /// read: whether the password was proven on the file by another part is in
    /// [`Examination::proven`]. Carried as it is (confirm).
    UnsupportedPart(KeyKind, Part, &'static str),
    /// The file has nothing that could prove a password (no MAC, nothing encrypted): whether
    /// the password is right cannot be known from it (confirm; refused under `--yes` without
    /// `--force`).
    PasswordUnchecked(KeyKind),
    /// The password did not open this file in its usual form, and checking its older form
    /// (OpenSSL before 1.1) would take more work than a key file may: unknown, not wrong
    /// (confirm; refused under `--yes` without `--force`, as [`Finding::PasswordUnchecked`]).
    PasswordTooCostly(KeyKind),
    /// Its certificate has expired (confirm).
    Expired(KeyKind, DateTime<Utc>),
    /// Its key is smaller than it should be (confirm).
    Weak(KeyKind, u32),
    /// A P12 with certificates but no private key: Desktop Telematico could not sign or
    /// decrypt with it (confirm).
    NoPrivateKey(KeyKind),
    /// A private key in this file is not its certificate's (refuse): the certificates are
    /// public, so the right ones beside other keys are no set of this holder's.
    KeyMismatch(KeyKind),
}

impl Finding {
    /// True for findings that stop a seal: there is positive evidence of a mistake.
    pub fn refuses(&self) -> bool {
        matches!(self, Finding::WrongPassword(_) | Finding::Mixed(_) | Finding::KeyMismatch(_))
    }
}

impl Examination {
    /// All end-entity certificates with the file they came from.
    pub fn certificates(&self) -> Vec<(KeyKind, &CertInfo)> {
        let mut all = Vec::new();
        all.extend(self.utef.iter().map(|c| (KeyKind::Utef, c)));
        all.extend(self.utec.iter().map(|c| (KeyKind::Utec, c)));
        if let Some(keystore) = &self.keystore {
            all.extend(keystore.end_entity_certs().map(|c| (KeyKind::Utente, c)));
        }
        all
    }

    /// The holder's name (CN), from the first certificate that has one.
    pub fn common_name(&self) -> Option<String> {
        self.certificates().into_iter().find_map(|(_, c)| c.common_name.clone())
    }

    /// When the set expires: the earliest end of validity among its certificates.
    pub fn expiry(&self) -> Option<DateTime<Utc>> {
        self.certificates().into_iter().map(|(_, c)| c.not_after).min()
    }

    /// The dates that tell `odd` from the rest of the set, where readable: its certificate's
    /// validity (read with the password, or in clear), and the other files' validity.
    pub fn generations(&self, odd: KeyKind) -> (Option<Validity>, Option<Validity>) {
        let validity = |c: &CertInfo| Validity { from: c.not_before, to: c.not_after };
        let all = self.certificates();
        let theirs = all.iter().find(|(kind, _)| *kind == odd).map(|(_, c)| validity(c));
        let theirs = theirs.or_else(|| {
            self.odd_clear.as_ref().filter(|(kind, _)| *kind == odd).map(|(_, c)| validity(c))
        });
        let odd_serials: Vec<&str> =
            all.iter().filter(|(k, _)| *k == odd).map(|(_, c)| c.serial.as_str()).collect();
        let others = all
            .iter()
            .find(|(kind, c)| *kind != odd && !odd_serials.contains(&c.serial.as_str()))
            .map(|(_, c)| validity(c));
        (theirs, others)
    }

    /// Which key pair a certificate is for, by key, never by alias: a P12's is its file's; a
    /// keystore certificate has the role of the P12 whose public key it carries, else the one
    /// its key usage states; `None` when nothing says.
    pub fn role(&self, kind: KeyKind, cert: &CertInfo) -> Option<Role> {
        match kind {
            KeyKind::Utef => Some(Role::Firma),
            KeyKind::Utec => Some(Role::Cifratura),
            KeyKind::Utente => {
                let same_key = |p12: &Option<CertInfo>| {
                    p12.as_ref().is_some_and(|c| c.public_key == cert.public_key)
                };
                if same_key(&self.utef) {
                    Some(Role::Firma)
                } else if same_key(&self.utec) {
                    Some(Role::Cifratura)
                } else {
                    cert.usage
                }
            }
        }
    }

    /// When the set was issued: the latest start of validity among its certificates.
    pub fn issued(&self) -> Option<DateTime<Utc>> {
        self.certificates().into_iter().map(|(_, c)| c.not_before).max()
    }
}

/// How a set about to be installed relates to the installed one, from what the certificates of
/// both show. Identity is a claim only with proof: [`Kinship::Unknown`] when too little could be
/// read to tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kinship {
    /// The same key pairs: the installed certificates that could be read carry exactly the
    /// incoming set's public keys (a password change, or the same set written again).
    SameKeys,
    /// Another holder: an installed certificate's subject is none of the incoming set's, or an
    /// incoming one's none of the installed set's. The holders' names (CN, or the whole subject when the CNs agree), installed first.
    OtherHolder {
        installed: String,
        incoming: String,
        /// The two certificates' serial numbers (installed, incoming) when the names look alike
        /// on screen (a Cyrillic "О" for a Latin "O", any non-Latin letter): what tells them
        /// apart for a person.
        serials: Option<(String, String)>,
    },
    /// The same holder and the same dates, other keys: a re-issue.
    Reissue,
    /// A new generation, or nothing that proves any of the above.
    Unknown,
}

/// Compares the installed set's certificates (all that could be read, from any of its files,
/// with or without a password) with the incoming set's.
pub fn kinship(installed: &[&CertInfo], incoming: &[&CertInfo]) -> Kinship {
    if installed.is_empty() || incoming.is_empty() {
        return Kinship::Unknown;
    }
    // Both ways: every installed holder among the incoming ones, and every incoming holder
    // among the installed ones (a stranger's P12s beside the office's own keystore).
    let among = |c: &CertInfo, others: &[&CertInfo]| others.iter().any(|o| o.subject == c.subject);
    let stranger_installed = installed.iter().find(|old| !among(old, incoming));
    let stranger_incoming = incoming.iter().find(|new| !among(new, installed));
    if stranger_installed.is_some() || stranger_incoming.is_some() {
        let old = stranger_installed.copied().unwrap_or(installed[0]);
        let new = stranger_incoming.copied().unwrap_or(incoming[0]);
        let name = |c: &CertInfo| c.common_name.clone().unwrap_or_else(|| c.subject.clone());
        let (mut old_name, mut new_name) = (name(old), name(new));
        if old_name == new_name {
            (old_name, new_name) = (old.subject.clone(), new.subject.clone());
        }
        let serials =
            look_alike(&old_name, &new_name).then(|| (old.serial.clone(), new.serial.clone()));
        return Kinship::OtherHolder { installed: old_name, incoming: new_name, serials };
    }
    let keys = |certs: &[&CertInfo]| {
        let mut keys: Vec<Sha256> = certs.iter().map(|c| c.public_key).collect();
        keys.sort();
        keys.dedup();
        keys
    };
    let (old_keys, new_keys) = (keys(installed), keys(incoming));
    if old_keys == new_keys {
        return Kinship::SameKeys;
    }
    let dates = |certs: &[&CertInfo]| {
        let mut dates: Vec<(DateTime<Utc>, DateTime<Utc>)> =
            certs.iter().map(|c| (c.not_before, c.not_after)).collect();
        dates.sort();
        dates.dedup();
        dates
    };
    let shared = old_keys.iter().any(|k| new_keys.contains(k));
    if !shared && dates(installed) == dates(incoming) {
        return Kinship::Reissue;
    }
    Kinship::Unknown
}

/// Whether two different names may look the same on screen: equal once the letters that look
/// Latin (Cyrillic and Greek capitals and a few small letters) are folded to Latin, or either
/// holds a letter of another script at all.
fn look_alike(a: &str, b: &str) -> bool {
    const CONFUSABLE: [(char, char); 31] = [
        ('А', 'A'),
        ('В', 'B'),
        ('Е', 'E'),
        ('К', 'K'),
        ('М', 'M'),
        ('Н', 'H'),
        ('О', 'O'),
        ('Р', 'P'),
        ('С', 'C'),
        ('Т', 'T'),
        ('Х', 'X'),
        ('І', 'I'),
        ('Ѕ', 'S'),
        ('а', 'a'),
        ('е', 'e'),
        ('о', 'o'),
        ('р', 'p'),
        ('с', 'c'),
        ('х', 'x'),
        ('у', 'y'),
        ('Α', 'A'),
        ('Β', 'B'),
        ('Ε', 'E'),
        ('Ζ', 'Z'),
        ('Η', 'H'),
        ('Ι', 'I'),
        ('Κ', 'K'),
        ('Μ', 'M'),
        ('Ν', 'N'),
        ('Ο', 'O'),
        ('Ρ', 'P'),
    ];
    let fold = |s: &str| -> String {
        s.chars()
            .map(|c| CONFUSABLE.iter().find(|(from, _)| *from == c).map_or(c, |(_, to)| *to))
            .collect()
    };
    // Latin letters run to U+024F (Latin Extended-B), plus the Latin Extended Additional block.
    let foreign = |s: &str| {
        s.chars()
            .any(|c| c.is_alphabetic() && c > '\u{024F}' && !('\u{1E00}'..='\u{1EFF}').contains(&c))
    };
    a != b && (fold(a) == fold(b) || foreign(a) || foreign(b))
}

/// A set whose files the password opens only in part, and whose certificates show two
/// generations: what the password opens, what it does not, and the two validities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TwoGenerations {
    /// The files the password opens, in UTEF, UTEC, UTENTE order.
    pub opened: Vec<KeyKind>,
    /// The files it does not open.
    pub refused: Vec<KeyKind>,
    /// The validity of the certificates of the files it opens.
    pub opened_validity: Validity,
    /// The files it does not open whose certificates were read in clear.
    pub read_in_clear: Vec<KeyKind>,
    /// The validity of those certificates.
    pub refused_validity: Validity,
}

impl Examination {
    /// The files the password opens (proven) and the ones it does not ([`Finding::WrongPassword`]),
    /// when it opens at least one and not all.
    pub fn opened_in_part(&self) -> Option<(Vec<KeyKind>, Vec<KeyKind>)> {
        let opened: Vec<KeyKind> =
            KeyKind::ALL.into_iter().filter(|k| self.proven[*k as usize]).collect();
        let refused: Vec<KeyKind> = KeyKind::ALL
            .into_iter()
            .filter(|k| self.findings.contains(&Finding::WrongPassword(*k)))
            .collect();
        (!opened.is_empty() && !refused.is_empty()).then_some((opened, refused))
    }

    /// When the password opens some files and not the others, and a file it does not open
    /// keeps certificates in clear that share no key with the opened files': the proof that
    /// the set mixes two generations, with their dates. `None` without that proof.
    pub fn two_generations(&self) -> Option<TwoGenerations> {
        let (opened, refused) = self.opened_in_part()?;
        let all = self.certificates();
        let of = |kinds: &[KeyKind]| -> Vec<&CertInfo> {
            let mut certs: Vec<&CertInfo> =
                all.iter().filter(|(k, _)| kinds.contains(k)).map(|(_, c)| *c).collect();
            if let Some((kind, cert)) = &self.odd_clear
                && kinds.contains(kind)
            {
                certs.push(cert);
            }
            certs
        };
        let (mine, theirs) = (of(&opened), of(&refused));
        let read_in_clear: Vec<KeyKind> =
            refused.iter().copied().filter(|k| !of(std::slice::from_ref(k)).is_empty()).collect();
        let shares_a_key = theirs.iter().any(|t| mine.iter().any(|m| m.public_key == t.public_key));
        if mine.is_empty() || theirs.is_empty() || shares_a_key {
            return None;
        }
        let validity = |certs: &[&CertInfo]| Validity {
            from: certs.iter().map(|c| c.not_before).min().expect("not empty"),
            to: certs.iter().map(|c| c.not_after).max().expect("not empty"),
        };
        Some(TwoGenerations {
            opened_validity: validity(&mine),
            refused_validity: validity(&theirs),
            read_in_clear,
            opened,
            refused,
        })
    }
}

/// A certificate's validity period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// The end-entity certificate of a key file that keeps it readable without the password: a
/// JKS/JCEKS keystore, or a PKCS#12 whose certificates are not encrypted.
fn read_clear(bytes: &[u8], budget: &Budget) -> Option<CertInfo> {
    if let Ok(keystore) = read_keystore(bytes, None, budget) {
        return keystore.end_entity_certs().next().cloned();
    }
    let contents = super::pkcs12::read_contents(bytes, None, budget).ok()?;
    let bag = contents
        .keys
        .iter()
        .find_map(|key| contents.certificate_of(key))
        .and_then(|index| contents.certs.get(index))
        .or(contents.certs.first())?;
    super::cert_info(&bag.der).ok()
}

/// Examines the three files' bytes (UTEF, UTEC, UTENTE order). Without a password only the
/// keystore's certificates are read. Every key derivation is paid from `budget`, the command's.
pub fn examine(
    files: [&[u8]; 3],
    password: Option<&SecretString>,
    now: DateTime<Utc>,
    budget: &Budget,
) -> Examination {
    let [utef, utec, utente] = files;
    let mut exam = Examination { password_given: password.is_some(), ..Examination::default() };
    let mut findings = Vec::new();

    if let Some(password) = password {
        for (kind, role, bytes) in
            [(KeyKind::Utef, Role::Firma, utef), (KeyKind::Utec, Role::Cifratura, utec)]
        {
            match open_p12(bytes, password, budget) {
                Ok(info) => {
                    // A key in a part sigillo cannot read is there, only unread.
                    let key_unread = info.unsupported.iter().any(|u| u.part == Part::KeySafe);
                    if !info.has_private_key && !key_unread {
                        findings.push(Finding::NoPrivateKey(kind));
                    }
                    if info.key_mismatch {
                        findings.push(Finding::KeyMismatch(kind));
                    }
                    exam.proven[kind as usize] = info.password_checked;
                    unsupported_parts(
                        kind,
                        info.password_checked,
                        &info.unsupported,
                        &mut findings,
                    );
                    // With both pairs in one file, the one for this file's role, by key usage.
                    let cert = info.for_role(role).clone();
                    let slot = if kind == KeyKind::Utef { &mut exam.utef } else { &mut exam.utec };
                    *slot = Some(cert);
                }
                // Proven by the MAC or the key; the certificates are what it cannot read.
                Err(CertError::CertificatesUnsupported(what)) => {
                    exam.proven[kind as usize] = true;
                    findings.push(Finding::UnsupportedPart(kind, Part::Certificates, what));
                }
                Err(error) => findings.push(finding(kind, error)),
            }
        }
    }
    match read_keystore(utente, password, budget) {
        Ok(keystore) => {
            if password.is_some() {
                let proven = keystore.integrity_checked;
                exam.proven[KeyKind::Utente as usize] = proven;
                unsupported_parts(KeyKind::Utente, proven, &keystore.unsupported, &mut findings);
                if keystore.key_mismatch {
                    findings.push(Finding::KeyMismatch(KeyKind::Utente));
                }
            }
            exam.keystore = Some(keystore);
        }
        // The keystore is read without the password first: its certificates are in clear, so a
        // digest mismatch says only that the password does not fit this file.
        Err(CertError::WrongPassword) => {
            findings.push(Finding::WrongPassword(KeyKind::Utente));
            exam.keystore = read_keystore(utente, None, budget).ok();
        }
        Err(error) => findings.push(finding(KeyKind::Utente, error)),
    }

    // One password protects all three files: when it opens two and not the third, the third is
    // from another generation only when its certificates, readable in clear, show it (they are
    // not the other files'). Otherwise the password does not open it, and that is what is said.
    let wrong: Vec<KeyKind> = findings
        .iter()
        .filter_map(|f| match f {
            Finding::WrongPassword(kind) => Some(*kind),
            _ => None,
        })
        .collect();
    if let [odd] = wrong[..]
        && exam.proven.iter().filter(|&&o| o).count() == 2
    {
        let others: Vec<String> = exam
            .certificates()
            .into_iter()
            .filter(|(kind, _)| *kind != odd)
            .map(|(_, c)| c.serial.clone())
            .collect();
        if let Some(clear) = read_clear(files[odd as usize], budget)
            && !others.contains(&clear.serial)
        {
            findings.retain(|f| *f != Finding::WrongPassword(odd));
            findings.push(Finding::Mixed(odd));
            exam.odd_clear = Some((odd, clear));
        }
    } else if let Some(odd) = odd_one(&exam) {
        findings.push(Finding::Mixed(odd));
    }
    for (kind, cert) in exam.certificates() {
        if cert.not_after < now && !findings.contains(&Finding::Expired(kind, cert.not_after)) {
            findings.push(Finding::Expired(kind, cert.not_after));
        }
        let minimum = match exam.role(kind, cert) {
            Some(Role::Cifratura) => MIN_KEY_BITS_CIFRATURA,
            _ => MIN_KEY_BITS,
        };
        if let Some(bits) = super::rsa_bits(cert).filter(|&b| b < minimum)
            && !findings.contains(&Finding::Weak(kind, bits))
        {
            findings.push(Finding::Weak(kind, bits));
        }
    }
    findings.sort_by_key(|f| !f.refuses());
    exam.findings = findings;
    exam
}

/// What a file that opened says of itself: the parts sigillo could not check or read, each
/// named; a file that proved nothing and has no such part has nothing to prove a password with.
fn unsupported_parts(
    kind: KeyKind,
    proven: bool,
    unsupported: &[Unsupported],
    findings: &mut Vec<Finding>,
) {
    if !proven && unsupported.is_empty() {
        findings.push(Finding::PasswordUnchecked(kind));
    }
    for part in unsupported {
        findings.push(Finding::UnsupportedPart(kind, part.part, part.what));
    }
}

/// A file that could not be read, as a finding: which way it failed.
fn finding(kind: KeyKind, error: CertError) -> Finding {
    match error {
        CertError::WrongPassword => Finding::WrongPassword(kind),
        CertError::LegacyFormTooCostly => Finding::PasswordTooCostly(kind),
        CertError::UnsupportedAlgorithm(what) => Finding::Unsupported(kind, what),
        CertError::CertificatesUnsupported(what) => {
            Finding::UnsupportedPart(kind, Part::Certificates, what)
        }
        _ => Finding::Unreadable(kind),
    }
}

/// What the keystore in `key_dir` says, read without a password (JKS/JCEKS keep their
/// certificates in clear): the installed set's holder and expiry. `None` when no certificate
/// can be read that way (a PKCS#12 or unknown keystore, or none). No clock is asked: nothing
/// is found expired here (a step judges the dates with [`examine`] and the run's clock).
pub fn examine_folder(key_dir: &Path) -> Option<Examination> {
    // Without a password nothing is derived: a budget of its own costs nothing. The earliest
    // instant as "now": no certificate is before it, so no finding depends on a clock.
    examine_folder_with(key_dir, None, DateTime::<Utc>::MIN_UTC, &Budget::new())
}

/// Like [`examine_folder`], and with a password the two PKCS#12 files too: what an installed
/// set's dates are when its keystore does not show them in clear. `None` when no certificate
/// could be read.
pub fn examine_folder_with(
    key_dir: &Path,
    password: Option<&SecretString>,
    now: DateTime<Utc>,
    budget: &Budget,
) -> Option<Examination> {
    let found = crate::keyset::locate_files(key_dir).ok()?;
    let read = |kind: KeyKind| -> Zeroizing<Vec<u8>> {
        found[kind as usize]
            .as_ref()
            .and_then(|path| crate::disk::read_regular(path, crate::keyset::MAX_KEY_FILE).ok())
            .unwrap_or_default()
    };
    let files = KeyKind::ALL.map(read);
    // Without a password `examine` reads only the keystore.
    let exam = examine(KeyKind::ALL.map(|k| &files[k as usize][..]), password, now, budget);
    exam.expiry().is_some().then_some(exam)
}

/// The file that does not belong with the others, when there is evidence of one.
fn odd_one(exam: &Examination) -> Option<KeyKind> {
    let serials: Vec<&str> = exam
        .keystore
        .iter()
        .flat_map(|k| k.end_entity_certs().map(|c| c.serial.as_str()))
        .collect();
    let p12s: Vec<(KeyKind, &CertInfo)> =
        [(KeyKind::Utef, &exam.utef), (KeyKind::Utec, &exam.utec)]
            .into_iter()
            .filter_map(|(kind, cert)| cert.as_ref().map(|c| (kind, c)))
            .collect();

    if !serials.is_empty() {
        // The keystore holds both pairs: a P12 whose certificate it does not hold is the odd one;
        // when it holds neither, the keystore is.
        let strangers: Vec<KeyKind> = p12s
            .iter()
            .filter(|(_, c)| !serials.contains(&c.serial.as_str()))
            .map(|(kind, _)| *kind)
            .collect();
        return match strangers.as_slice() {
            [] => None,
            [one] if p12s.len() == 2 => Some(*one),
            _ => Some(KeyKind::Utente),
        };
    }
    // No keystore to arbitrate: two P12s of different holders or generations; the older one is
    // the leftover.
    if let [(kind_a, a), (kind_b, b)] = p12s.as_slice() {
        let apart = (a.not_before - b.not_before).abs() > SAME_GENERATION;
        if a.subject != b.subject || apart {
            return Some(if a.not_before < b.not_before { *kind_a } else { *kind_b });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certs::Role;
    use crate::certs::test_support::read;

    fn set(name: &str) -> [Vec<u8>; 3] {
        let names: [&str; 3] = if name == "lowercase" {
            ["utef.p12", "Utec.P12", "utente.ks"]
        } else {
            ["UTEF.P12", "UTEC.P12", "UTENTE.KS"]
        };
        names.map(|file| read(name, file))
    }

    fn exam(name: &str, password: Option<&str>) -> Examination {
        let files = set(name);
        let password = password.map(|p| SecretString::from(p.to_owned()));
        let now = "2026-11-22T12:00:00Z".parse().unwrap();
        examine([&files[0], &files[1], &files[2]], password.as_ref(), now, &Budget::new())
    }

    #[test]
    fn a_good_set_has_no_findings_and_gives_its_holder() {
        let exam = exam("demo", Some("Prova.2026"));
        assert_eq!(exam.findings, []);
        assert_eq!(exam.common_name().as_deref(), Some("STUDIO DEMO ROSSI"));
        assert_eq!(exam.certificates().len(), 4);
        assert_eq!(exam.expiry().unwrap().date_naive().to_string(), "2029-10-31");
    }

    #[test]
    fn a_wrong_password_names_every_file_it_does_not_open() {
        let exam = exam("demo", Some("Sbagliata.1"));
        assert_eq!(
            exam.findings,
            [
                Finding::WrongPassword(KeyKind::Utef),
                Finding::WrongPassword(KeyKind::Utec),
                Finding::WrongPassword(KeyKind::Utente)
            ]
        );
        // The keystore's dates are still known: they are in clear.
        assert!(exam.expiry().is_some());
    }

    #[test]
    fn a_mixed_set_names_the_odd_file() {
        let exam = exam("fail_mixed", Some("Prova.2026"));
        assert!(exam.findings.contains(&Finding::Mixed(KeyKind::Utec)), "{:?}", exam.findings);
    }

    #[test]
    fn without_a_password_the_keystore_still_gives_the_dates() {
        let exam = exam("demo-old", None);
        assert_eq!(exam.expiry().unwrap().date_naive().to_string(), "2026-10-31");
        assert!(exam.utef.is_none());
        // Both of the keystore's pairs expired the same day: one finding for the file.
        assert_eq!(exam.findings, [Finding::Expired(KeyKind::Utente, exam.expiry().unwrap())]);
    }

    #[test]
    fn expired_and_weak_sets_are_flagged_not_refused() {
        let expired = exam("expired", Some("Prova.2026"));
        assert!(expired.findings.iter().any(|f| matches!(f, Finding::Expired(..))));
        assert!(expired.findings.iter().all(|f| !f.refuses()));
        let weak = exam("weak1024", Some("Prova.2026"));
        assert!(weak.findings.contains(&Finding::Weak(KeyKind::Utef, 1024)));
        assert!(weak.findings.iter().all(|f| !f.refuses()));
    }

    #[test]
    fn damaged_files_are_findings_not_panics() {
        let files = set("demo");
        let mut utec = files[1].clone();
        utec.truncate(utec.len() / 2);
        let password = SecretString::from("Prova.2026".to_owned());
        let now = "2026-11-22T12:00:00Z".parse().unwrap();
        let exam = examine(
            [&files[0], &utec, b"\xFE\xED\xFE\xEDjunk"],
            Some(&password),
            now,
            &Budget::new(),
        );
        assert!(
            exam.findings.contains(&Finding::Unreadable(KeyKind::Utente)),
            "{:?}",
            exam.findings
        );
        assert!(
            exam.findings.iter().any(|f| matches!(
                f,
                Finding::Unreadable(KeyKind::Utec) | Finding::WrongPassword(KeyKind::Utec)
            )),
            "{:?}",
            exam.findings
        );
    }

    #[test]
    fn keystore_roles_come_from_the_p12_keys_then_from_key_usage_never_from_aliases() {
        let exam = exam("demo", Some("Prova.2026"));
        let (utef, utec) = (exam.utef.clone().unwrap(), exam.utec.clone().unwrap());
        // A keystore certificate that says nothing of its use: the P12 with the same key decides.
        let silent = |c: &CertInfo| CertInfo { usage: None, ..c.clone() };
        assert_eq!(exam.role(KeyKind::Utente, &silent(&utef)), Some(Role::Firma));
        assert_eq!(exam.role(KeyKind::Utente, &silent(&utec)), Some(Role::Cifratura));
        // Without the P12s (no password), the certificate's key usage.
        let alone = Examination { keystore: exam.keystore.clone(), ..Examination::default() };
        assert_eq!(alone.role(KeyKind::Utente, &utec), Some(Role::Cifratura));
        assert_eq!(alone.role(KeyKind::Utente, &silent(&utec)), None);
        // The alias plays no part: the demo keystore's entries, whatever they are called.
        let keystore = alone.keystore.as_ref().unwrap();
        for entry in keystore.entries.iter().filter(|e| e.is_key) {
            let expected = if entry.alias == "firma" { Role::Firma } else { Role::Cifratura };
            assert_eq!(alone.role(KeyKind::Utente, &entry.chain[0]), Some(expected));
        }
    }

    fn examine_files(files: &[Vec<u8>; 3], password: &str) -> Examination {
        let password = SecretString::from(password.to_owned());
        let now = "2026-11-22T12:00:00Z".parse().unwrap();
        examine([&files[0], &files[1], &files[2]], Some(&password), now, &Budget::new())
    }

    #[test]
    fn a_third_file_is_another_generation_only_when_its_certificates_show_it() {
        // modern/UTENTE.KS: another set's JCEKS (another password), certificates in clear that
        // are not these: another generation, and its dates say so.
        let mut files = set("demo");
        files[2] = read("modern", "UTENTE.KS");
        let exam = examine_files(&files, "Prova.2026");
        assert_eq!(exam.findings, [Finding::Mixed(KeyKind::Utente)]);
        let (theirs, others) = exam.generations(KeyKind::Utente);
        assert!(theirs.is_some() && others.is_some());
        // openssl 3 encrypts the certificates: nothing shows another generation, so what is
        // said is what is known, the password does not open it.
        let mut files = set("demo");
        files[0] = read("producers/openssl3", "UTEF.P12");
        let exam = examine_files(&files, "Prova.2026");
        assert_eq!(exam.findings, [Finding::WrongPassword(KeyKind::Utef)]);
        // demo's own keystore under another password: the same certificates, so the same
        // generation; the password does not open it.
        let mut files = set("demo");
        let body = &files[2][..files[2].len() - 20];
        let other = SecretString::from("Altra.2026".to_owned());
        let digest = super::super::keystore::integrity_digest(&other, body);
        files[2] = [body, &digest[..]].concat();
        let exam = examine_files(&files, "Prova.2026");
        assert_eq!(exam.findings, [Finding::WrongPassword(KeyKind::Utente)]);
        // Two files the password does not open: no majority, the password is wrong.
        let mut files = set("demo");
        files[0] = read("producers/openssl3", "UTEF.P12");
        files[1] = read("producers/openssl3", "UTEC.P12");
        let exam = examine_files(&files, "Prova.2026");
        assert!(
            exam.findings.contains(&Finding::WrongPassword(KeyKind::Utef)),
            "{:?}",
            exam.findings
        );
    }

    #[test]
    fn mac_less_files_beside_a_jks_with_a_wrong_password_are_a_wrong_password() {
        // Issue 21 findings 2 and 3: no MAC, certificates in clear; the shrouded keys prove the
        // password. Before, the P12s "opened" with any password and the JKS was "another
        // generation".
        use crate::certs::pkcs12::tests::mac_less_with_key;
        let files = [
            mac_less_with_key("Prova.2026"),
            mac_less_with_key("Prova.2026"),
            read("demo", "UTENTE.KS"),
        ];
        let exam = examine_files(&files, "Sbagliata.1");
        assert_eq!(
            exam.findings,
            [
                Finding::WrongPassword(KeyKind::Utef),
                Finding::WrongPassword(KeyKind::Utec),
                Finding::WrongPassword(KeyKind::Utente)
            ]
        );
        let exam = examine_files(&files, "Prova.2026");
        assert_eq!(exam.proven, [true, true, true]);
        assert!(!exam.findings.iter().any(|f| matches!(f, Finding::WrongPassword(_))));
    }

    #[test]
    fn a_file_that_cannot_prove_the_password_is_a_finding_of_its_own() {
        use crate::certs::pkcs12::tests::nothing_to_prove_with;
        let mut files = set("demo");
        files[1] = nothing_to_prove_with();
        let exam = examine_files(&files, "Prova.2026");
        assert!(
            exam.findings.contains(&Finding::PasswordUnchecked(KeyKind::Utec)),
            "{:?}",
            exam.findings
        );
        assert_eq!(exam.proven, [true, false, true]);
    }

    #[test]
    fn kinship_needs_the_certificates_to_prove_it() {
        let certs = |exam: &Examination| -> Vec<CertInfo> {
            exam.certificates().into_iter().map(|(_, c)| c.clone()).collect()
        };
        let demo = certs(&exam("demo", Some("Prova.2026")));
        let kin = |other: &[CertInfo]| {
            let (a, b): (Vec<&CertInfo>, Vec<&CertInfo>) =
                (demo.iter().collect(), other.iter().collect());
            kinship(&a, &b)
        };
        // The keystore alone (no password) is enough when it carries both keys.
        assert_eq!(kin(&certs(&exam("demo-newpass", None))), Kinship::SameKeys);
        assert_eq!(kin(&certs(&exam("demo-newpass", Some("Cambiata.2027")))), Kinship::SameKeys);
        assert_eq!(kin(&certs(&exam("modern", None))), Kinship::Reissue);
        assert_eq!(kin(&certs(&exam("demo-old", None))), Kinship::Unknown);
        assert_eq!(
            kin(&certs(&exam("other-holder", None))),
            Kinship::OtherHolder {
                installed: "STUDIO DEMO ROSSI".into(),
                incoming: "STUDIO BIANCHI ASSOCIATI".into(),
                serials: None
            }
        );
        // Both ways: an incoming stranger beside the installed holder's own certificates.
        let bianchi = certs(&exam("other-holder", Some("Altra.2026")));
        let mixed: Vec<CertInfo> = bianchi[..2].iter().chain(&demo[2..]).cloned().collect();
        assert_eq!(
            kin(&mixed),
            Kinship::OtherHolder {
                installed: "STUDIO DEMO ROSSI".into(),
                incoming: "STUDIO BIANCHI ASSOCIATI".into(),
                serials: None
            }
        );
        // A lookalike holder (a Cyrillic "О" in the CN): the serials tell the two apart.
        let lookalike: Vec<CertInfo> = demo
            .iter()
            .map(|c| CertInfo {
                subject: c.subject.replace("DEMO", "DEM\u{041E}"),
                common_name: Some("STUDIO DEM\u{041E} ROSSI".into()),
                serial: format!("{}FF", c.serial),
                public_key: Sha256::of(c.public_key.as_bytes()),
                ..c.clone()
            })
            .collect();
        let Kinship::OtherHolder { serials: Some((theirs, ours)), .. } = kin(&lookalike) else {
            panic!("{:?}", kin(&lookalike))
        };
        assert_eq!(
            (theirs.as_str(), ours),
            (demo[0].serial.as_str(), format!("{}FF", demo[0].serial))
        );
        assert!(look_alike("STUDIO ROSSI", "STUDIO RОSSI") && !look_alike("ROSSI", "BIANCHI"));
        // One key of the two proves nothing about the set; nothing read proves nothing.
        assert_eq!(kin(&demo[..1]), Kinship::Unknown);
        assert_eq!(kin(&[]), Kinship::Unknown);
    }

    #[test]
    fn private_keys_that_are_not_their_certificates_are_refused() {
        // fixtures/forged-keys: demo's certificates (public) beside other private keys, in the
        // two P12s and a PKCS#12 keystore. The certificates alone would pass for demo's set.
        let exam = exam("forged-keys", Some("Prova.2026"));
        for kind in KeyKind::ALL {
            assert!(exam.findings.contains(&Finding::KeyMismatch(kind)), "{:?}", exam.findings);
        }
        assert!(exam.findings[0].refuses());
        // The real set's keys are their certificates'.
        let demo = exam_of("demo", "Prova.2026");
        assert!(!demo.findings.iter().any(|f| matches!(f, Finding::KeyMismatch(_))));
        let modern = exam_of("modern", "Moderna.2026");
        assert!(!modern.findings.iter().any(|f| matches!(f, Finding::KeyMismatch(_))));
        let keytool = exam_of("producers/keytool-pkcs12", "Prova.2026");
        assert!(!keytool.findings.iter().any(|f| matches!(f, Finding::KeyMismatch(_))));
    }

    fn exam_of(name: &str, password: &str) -> Examination {
        exam(name, Some(password))
    }

    #[test]
    fn a_p12_without_its_private_key_is_a_finding() {
        let mut files = set("demo");
        files[0] = crate::certs::pkcs12::tests::without_keys(&files[0]);
        let password = SecretString::from("Prova.2026".to_owned());
        let now = "2026-11-22T12:00:00Z".parse().unwrap();
        let exam = examine([&files[0], &files[1], &files[2]], Some(&password), now, &Budget::new());
        assert_eq!(exam.findings, [Finding::NoPrivateKey(KeyKind::Utef)]);
        assert!(!exam.findings[0].refuses(), "asked about, not refused");
    }

    #[test]
    fn a_right_password_whose_older_form_finds_no_room_is_unknown_not_wrong() {
        // Review 21-c, finding 4: "La password non apre" for the right password of a file of
        // OpenSSL before 1.1 whose second try did not fit in the work limit.
        let mut files = set("demo");
        files[0] = crate::certs::pkcs12::tests::legacy_form_file("Pròva.2026€");
        let password = SecretString::from("Pròva.2026€".to_owned());
        let now = "2026-11-22T12:00:00Z".parse().unwrap();
        let budget = Budget::with_limit(6);
        let exam = examine([&files[0], &files[1], &files[2]], Some(&password), now, &budget);
        // The demo UTEC.P12 and UTENTE.KS have another password: only UTEF.P12 matters here.
        let unknown = Finding::PasswordTooCostly(KeyKind::Utef);
        assert!(exam.findings.contains(&unknown), "{:?}", exam.findings);
        assert!(!exam.findings.contains(&Finding::WrongPassword(KeyKind::Utef)));
        assert!(!unknown.refuses(), "asked about (refused under --yes), not refused as wrong");
        assert!(!exam.proven[KeyKind::Utef as usize]);
    }

    #[test]
    fn a_key_in_a_part_sigillo_cannot_read_is_not_said_missing() {
        // Review 21-c, finding 5: the certificate in clear, the key in a CAMELLIA safe. It was
        // "the certificates were not read" and "the certificate but not the private key".
        let mut files = set("demo");
        files[0] = crate::certs::pkcs12::tests::key_in_unreadable_safe();
        let password = SecretString::from("Prova.2026".to_owned());
        let now = "2026-11-22T12:00:00Z".parse().unwrap();
        let exam = examine([&files[0], &files[1], &files[2]], Some(&password), now, &Budget::new());
        let unread = Finding::UnsupportedPart(KeyKind::Utef, Part::KeySafe, "CAMELLIA-256-CBC");
        assert_eq!(exam.findings, [unread]);
        assert!(exam.utef.is_some(), "its certificate is read");
        assert!(!exam.proven[KeyKind::Utef as usize]);
    }
}
