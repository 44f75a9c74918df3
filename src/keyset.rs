//! keyset: the three files of a Desktop Telematico security environment, read from a folder.
//!
//! `UTEF.P12` (signing), `UTEC.P12` (encryption) and `UTENTE.KS` (Java keystore with both pairs)
//! come from one generation and travel together. Names match in any letter case; each must be
//! there once, non-empty, at most [`MAX_KEY_FILE`] bytes, and not provably something else (text,
//! a web page, a ZIP: [`NotKey`]). Their format is recognised by content ([`Format`]), never by
//! name: a format sigillo cannot read is carried, not refused.
//! Key bytes stay in [`Zeroizing`] buffers and never appear in `Debug` output.
//!
//! This module only reads; it must never change, move or create a file.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use zeroize::Zeroizing;

use crate::disk;
use crate::error::{Error, Result};
use crate::folder::{Folder, Kind};
use crate::sniff::{Format, NotKey};

/// No real key file comes near this; a larger one is not a key file.
pub const MAX_KEY_FILE: u64 = 1024 * 1024;

/// One of the three files, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyKind {
    /// `UTEF.P12`: the signing key pair (firma).
    Utef,
    /// `UTEC.P12`: the encryption key pair (cifratura).
    Utec,
    /// `UTENTE.KS`: the Java keystore with both pairs.
    Utente,
}

impl KeyKind {
    /// The three, in the order they are sealed and installed.
    pub const ALL: [KeyKind; 3] = [KeyKind::Utef, KeyKind::Utec, KeyKind::Utente];

    /// The canonical file name.
    pub const fn name(self) -> &'static str {
        match self {
            KeyKind::Utef => "UTEF.P12",
            KeyKind::Utec => "UTEC.P12",
            KeyKind::Utente => "UTENTE.KS",
        }
    }

    /// The kind a file name stands for, in any letter case.
    pub fn from_name(name: &str) -> Option<KeyKind> {
        KeyKind::ALL.into_iter().find(|kind| kind.name().eq_ignore_ascii_case(name))
    }
}

/// One key file, read into memory.
pub struct KeyFile {
    /// Its role.
    pub kind: KeyKind,
    /// Where it was read from (its name may be in any case).
    pub path: PathBuf,
    /// Its bytes, wiped from memory when dropped.
    pub bytes: Zeroizing<Vec<u8>>,
    /// Its modification time, when the file system keeps one.
    pub modified: Option<SystemTime>,
    /// What its content is (by content, not by name).
    pub format: Format,
}

impl fmt::Debug for KeyFile {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the bytes: they are the keys.
        out.debug_struct("KeyFile")
            .field("kind", &self.kind)
            .field("path", &self.path)
            .field("len", &self.bytes.len())
            .field("format", &self.format)
            .finish()
    }
}

/// The three files, in [`KeyKind::ALL`] order.
#[derive(Debug)]
pub struct KeySet {
    /// The folder they were read from.
    pub dir: PathBuf,
    /// UTEF, UTEC, UTENTE.
    pub files: Vec<KeyFile>,
}

impl KeySet {
    /// The file of one kind.
    pub fn file(&self, kind: KeyKind) -> &KeyFile {
        self.files.iter().find(|f| f.kind == kind).expect("a key set holds all three kinds")
    }
}

/// Where each of the three files is in `dir`, if it is there. Two names for one kind (`UTEF.P12`
/// and `utef.p12` on a case-sensitive file system) is an error: which one is current is unknowable.
pub fn locate_files(dir: &Path) -> Result<[Option<PathBuf>; 3]> {
    let meta = fs::metadata(dir).map_err(Error::read(dir))?;
    if !meta.is_dir() {
        return Err(Error::NotAFolder { path: dir.to_owned() });
    }
    let mut found: [Option<PathBuf>; 3] = Default::default();
    for entry in fs::read_dir(dir).map_err(Error::read(dir))? {
        let entry = entry.map_err(Error::read(dir))?;
        let name = entry.file_name();
        let Some(kind) = name.to_str().and_then(KeyKind::from_name) else { continue };
        let slot = &mut found[kind as usize];
        if let Some(first) = slot {
            let mut pair = [first.clone(), entry.path()];
            pair.sort();
            let [first, second] = pair;
            return Err(Error::KeyFileTwice { first, second });
        }
        *slot = Some(entry.path());
    }
    Ok(found)
}

/// Reads and checks the whole key set in `dir`.
pub fn read(dir: &Path) -> Result<KeySet> {
    let found = locate_files(dir)?;
    let mut files = Vec::with_capacity(3);
    for kind in KeyKind::ALL {
        let path = found[kind as usize]
            .clone()
            .ok_or(Error::KeyFileMissing { dir: dir.to_owned(), name: kind.name() })?;
        files.push(read_file(kind, &path)?);
    }
    Ok(KeySet { dir: dir.to_owned(), files })
}

/// Reads one key file and checks its size and format. A link or anything but a regular file is
/// not a key file ([`disk::read_regular`]: the file checked is the file read).
pub fn read_file(kind: KeyKind, path: &Path) -> Result<KeyFile> {
    let bytes = disk::read_regular(path, MAX_KEY_FILE).map_err(|refused| match refused {
        disk::Refused::NotAFile => {
            Error::KeyFileNotKey { path: path.to_owned(), what: NotKey::NotAFile }
        }
        disk::Refused::TooLarge => Error::KeyFileTooLarge { path: path.to_owned() },
        disk::Refused::Io(e) => Error::reading(path, e),
    })?;
    if bytes.is_empty() {
        return Err(Error::KeyFileEmpty { path: path.to_owned() });
    }
    if let Some(what) = NotKey::identify(&bytes) {
        return Err(Error::KeyFileNotKey { path: path.to_owned(), what });
    }
    // Any other content is carried, even one sigillo cannot read: the certificates' examination
    // says what could not be checked, and the user decides.
    let format = Format::sniff(&bytes);
    let modified = fs::symlink_metadata(path).and_then(|m| m.modified()).ok();
    Ok(KeyFile { kind, path: path.to_owned(), bytes, modified, format })
}

/// A key file found in an open folder, read through its handle (the installed set, an
/// archived one): only what sigillo needs to compare, name and show it.
pub struct Present {
    /// Which file.
    pub kind: KeyKind,
    /// Its name as found (any case).
    pub name: String,
    /// Its bytes.
    pub bytes: Zeroizing<Vec<u8>>,
    /// When it was last changed, when the system says.
    pub modified: Option<SystemTime>,
}

/// The entries of an open folder named like key files (any case), with their kinds, in the order
/// UTEF, UTEC, UTENTE. Two names for one key (`UTEF.P12` and `utef.p12`) are
/// [`Error::KeyFileTwice`].
pub fn entries_in(folder: &Folder) -> Result<Vec<(KeyKind, String, Kind)>> {
    let mut found: Vec<(KeyKind, String, Kind)> = Vec::new();
    for (name, kind) in folder.entries().map_err(Error::read(folder.path()))? {
        let Some(key_kind) = KeyKind::from_name(&name) else { continue };
        if let Some((_, first, _)) = found.iter().find(|(k, ..)| *k == key_kind) {
            return Err(Error::KeyFileTwice {
                first: folder.shown(first),
                second: folder.shown(&name),
            });
        }
        found.push((key_kind, name, kind));
    }
    found.sort();
    Ok(found)
}

/// The key files in an open folder, read through its handle: never through a link, never past
/// [`MAX_KEY_FILE`]. A name that is not a regular file within the bound is an error.
pub fn present_in(folder: &Folder) -> Result<Vec<Present>> {
    let mut present = Vec::new();
    for (kind, name, _) in entries_in(folder)? {
        let path = folder.shown(&name);
        let bytes = folder.read_regular(&name, MAX_KEY_FILE).map_err(|refused| match refused {
            disk::Refused::NotAFile => {
                Error::KeyFileNotKey { path: path.clone(), what: NotKey::NotAFile }
            }
            disk::Refused::TooLarge => Error::KeyFileTooLarge { path: path.clone() },
            disk::Refused::Io(e) => Error::reading(&path, e),
        })?;
        let modified = folder.modified_of(&name);
        present.push(Present { kind, name, bytes, modified });
    }
    Ok(present)
}

/// The whole set in an open folder (an archived set), read through its handle, each file
/// checked as [`read_file`] checks it.
pub fn read_in(folder: &Folder) -> Result<KeySet> {
    let present = present_in(folder)?;
    let mut files = Vec::with_capacity(3);
    for kind in KeyKind::ALL {
        let Some(found) = present.iter().find(|p| p.kind == kind) else {
            return Err(Error::KeyFileMissing { dir: folder.path().to_owned(), name: kind.name() });
        };
        let path = folder.shown(&found.name);
        if found.bytes.is_empty() {
            return Err(Error::KeyFileEmpty { path });
        }
        if let Some(what) = NotKey::identify(&found.bytes) {
            return Err(Error::KeyFileNotKey { path, what });
        }
        let format = Format::sniff(&found.bytes);
        files.push(KeyFile {
            kind,
            path,
            bytes: found.bytes.clone(),
            modified: found.modified,
            format,
        });
    }
    Ok(KeySet { dir: folder.path().to_owned(), files })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p12() -> Vec<u8> {
        let mut bytes = vec![0x30, 0x82, 0x01, 0x00];
        bytes.resize(260, 7);
        bytes
    }

    fn jks() -> Vec<u8> {
        let mut bytes = vec![0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2];
        bytes.resize(100, 1);
        bytes
    }

    fn folder(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            fs::write(dir.path().join(name), bytes).unwrap();
        }
        dir
    }

    #[test]
    fn names_in_any_case_are_found() {
        let dir = folder(&[("utef.p12", p12()), ("Utec.P12", p12()), ("utente.KS", jks())]);
        let set = read(dir.path()).unwrap();
        assert_eq!(set.files.len(), 3);
        assert!(set.file(KeyKind::Utec).path.ends_with("Utec.P12"));
    }

    #[test]
    fn a_missing_file_is_named() {
        let dir = folder(&[("UTEF.P12", p12()), ("UTENTE.KS", jks())]);
        let err = read(dir.path()).unwrap_err();
        assert!(matches!(err, Error::KeyFileMissing { name: "UTEC.P12", .. }), "{err:?}");
    }

    #[test]
    fn a_file_twice_in_different_case_is_refused() {
        let dir = folder(&[
            ("UTEF.P12", p12()),
            ("utef.p12", p12()),
            ("UTEC.P12", p12()),
            ("UTENTE.KS", jks()),
        ]);
        assert!(matches!(read(dir.path()), Err(Error::KeyFileTwice { .. })));
    }

    #[test]
    fn empty_oversized_and_provably_wrong_files_are_refused() {
        let base = [("UTEC.P12", p12()), ("UTENTE.KS", jks())];
        let with = |utef: Vec<u8>| {
            let mut files = base.to_vec();
            files.push(("UTEF.P12", utef));
            folder(&files)
        };
        let empty = with(Vec::new());
        assert!(matches!(read(empty.path()), Err(Error::KeyFileEmpty { .. })));
        let mut huge = p12();
        huge.resize(MAX_KEY_FILE as usize + 1, 0);
        let huge = with(huge);
        assert!(matches!(read(huge.path()), Err(Error::KeyFileTooLarge { .. })));
        let cases: [(&[u8], NotKey); 7] = [
            (b"not a key file at all", NotKey::Text),
            (b"Password: Prova.2026\r\n", NotKey::Text),
            (b"\xEF\xBB\xBFtesto con BOM \xC3\xA8\n", NotKey::Text),
            (b"\xFF\xFEc\x00i\x00a\x00o\x00", NotKey::Text),
            (b"\n  <!DOCTYPE html><html><body>404</body></html>", NotKey::Html),
            (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", NotKey::Zip),
            (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", NotKey::Pdf),
        ];
        for (bytes, what) in cases {
            let dir = with(bytes.to_vec());
            let err = read(dir.path()).unwrap_err();
            assert!(matches!(err, Error::KeyFileNotKey { what: w, .. } if w == what), "{err:?}");
        }
    }

    #[test]
    fn formats_are_recognised_by_content_not_by_name() {
        let ber = [vec![0x30, 0x80, 0x02, 0x01, 0x03], vec![0; 200]].concat();
        let bks = [vec![0, 0, 0, 2, 0, 0, 0, 20], vec![9; 200]].concat();
        let jceks = [vec![0xCE, 0xCE, 0xCE, 0xCE, 0, 0, 0, 2], vec![1; 100]].concat();
        let unknown = [vec![0x8A, 0x01, 0xFF, 0x00], vec![0xAB; 100]].concat();
        // A PKCS#12 UTENTE.KS (keytool's default since Java 9), a BER UTEF.P12, a BKS keystore,
        // a keystore where a P12 should be, and bytes nobody recognises: all carried.
        let dir = folder(&[("UTEF.P12", ber), ("UTEC.P12", jceks), ("UTENTE.KS", p12())]);
        let set = read(dir.path()).unwrap();
        let formats = KeyKind::ALL.map(|kind| set.file(kind).format);
        assert_eq!(formats, [Format::Pkcs12, Format::Jceks, Format::Pkcs12]);
        let dir = folder(&[("UTEF.P12", unknown), ("UTEC.P12", p12()), ("UTENTE.KS", bks)]);
        let set = read(dir.path()).unwrap();
        assert_eq!(set.file(KeyKind::Utef).format, Format::Unknown);
        assert_eq!(set.file(KeyKind::Utente).format, Format::Bks);
    }

    #[test]
    fn debug_never_shows_key_bytes() {
        let file = KeyFile {
            kind: KeyKind::Utef,
            path: "UTEF.P12".into(),
            bytes: Zeroizing::new(b"SECRETKEYBYTES".to_vec()),
            modified: None,
            format: Format::Unknown,
        };
        assert!(!format!("{file:?}").contains("SECRETKEYBYTES"));
        assert!(!format!("{file:?}").contains("83, 69"));
    }
}
