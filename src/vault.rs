//! vault: the sealed file — age encryption around a zstd-compressed tar with a manifest.
//!
//! Format v1 (DESIGN.md §3): an age v1 file with exactly one scrypt stanza (binary or ASCII
//! armor). Its plaintext is a zstd-compressed ustar stream holding, in this order and nothing
//! else: `sigillo.json` (the [`Manifest`]), `files/UTEF.P12`, `files/UTEC.P12`,
//! `files/UTENTE.KS`, then `secret/password` when the manifest says the password is inside.
//!
//! The reader is strict and all-or-nothing: any deviation — order, names, types, sizes, hashes,
//! limits — is [`Damaged`], and no part of a damaged vault is ever returned. It must never write
//! plaintext anywhere: everything stays in zeroizing buffers in memory.
//!
//! Anyone can open a vault without sigillo: `age -d vault.age | zstd -d | tar -x`.

use std::fmt;
use std::io::{self, Read, Write};

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::keyset::{KeyKind, MAX_KEY_FILE};

/// `format` in the manifest.
pub const FORMAT: &str = "sigillo-vault";
/// `version` in the manifest.
pub const VERSION: u32 = 1;
/// `profile` in the manifest: the Desktop Telematico key set.
pub const PROFILE: &str = "entratel";

/// The scrypt work factor seal always uses: age's own default, fixed. Never calibrated to the
/// sealing PC: a vault sealed on a fast PC must open on the office's slowest one.
pub const SEAL_WORK_FACTOR: u8 = 18;
/// The highest work factor open accepts (about 16× the default). A higher one could make a
/// crafted file take hours and gigabytes; it is refused before any scrypt work.
pub const MAX_WORK_FACTOR: u8 = 22;
/// The lowest work factor the hidden test option allows.
pub const MIN_WORK_FACTOR: u8 = 10;

/// Limit on the whole decompressed plaintext.
pub const MAX_PLAINTEXT: u64 = 64 * 1024 * 1024;
/// Limit on a vault file read from disk (armor adds a third to the compressed size).
pub const MAX_VAULT_FILE: u64 = 96 * 1024 * 1024;
const MAX_MANIFEST: u64 = 64 * 1024;
const MAX_PASSWORD: u64 = 1024;
const MAX_LABEL: usize = 512;
const MAX_CERTIFICATES: usize = 32;
/// zstd window limit for decompression (2^25 = 32 MiB), bounding the decoder's memory.
const ZSTD_WINDOW_LOG_MAX: u32 = 25;

const MANIFEST_ENTRY: &str = "sigillo.json";
const PASSWORD_ENTRY: &str = "secret/password";

/// The vault's table of contents, stored first in the tar stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// When it was sealed, RFC 3339 with the sealing PC's offset.
    pub created_at: String,
    /// `sigillo X.Y.Z`.
    pub created_by: String,
    /// The sealing PC's host name.
    pub source_host: String,
    /// Always [`PROFILE`].
    pub profile: String,
    /// A label for the key set (the office, the holder); may be empty.
    pub subject: String,
    /// The key files, in sealing order.
    pub files: Vec<FileEntry>,
    /// What was read from the certificates when sealing.
    pub certificates: Vec<CertEntry>,
    /// True when `secret/password` is inside.
    pub password: bool,
}

/// One key file in the manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Canonical name (`UTEF.P12`, …).
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
    /// The file's modification time on the source PC, RFC 3339.
    pub modified: Option<String>,
}

/// What a certificate said about itself when sealing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertEntry {
    /// The key file it was read from.
    pub file: String,
    /// Distinguished name.
    pub subject: String,
    /// Serial number, upper-case hex.
    pub serial: String,
    /// Start of validity, RFC 3339.
    pub not_before: String,
    /// End of validity, RFC 3339.
    pub not_after: String,
    /// RSA key size in bits, when known.
    pub key_bits: Option<u32>,
}

/// A vault's plaintext, opened and verified.
pub struct Contents {
    /// The manifest; every hash in it has been checked against the files.
    pub manifest: Manifest,
    /// The key files in [`KeyKind::ALL`] order.
    pub files: Vec<(KeyKind, Zeroizing<Vec<u8>>)>,
    /// The keys' password, when included.
    pub password: Option<SecretString>,
}

impl Contents {
    /// The bytes of one key file.
    pub fn file(&self, kind: KeyKind) -> &[u8] {
        self.files.iter().find(|(k, _)| *k == kind).map(|(_, b)| &b[..]).unwrap_or_default()
    }
}

impl fmt::Debug for Contents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Key bytes and password never appear here.
        f.debug_struct("Contents")
            .field("manifest", &self.manifest)
            .field("files", &self.files.iter().map(|(k, b)| (k, b.len())).collect::<Vec<_>>())
            .field("password", &self.password.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

/// Why a plaintext was refused. Users see one message for all of these (and for a wrong
/// passphrase); the reason is for tests and for the fuzzer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Damaged(pub &'static str);

/// Why a vault did not open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenError {
    /// Wrong passphrase, damaged, or not a sigillo vault — deliberately one case.
    Unreadable(&'static str),
    /// The scrypt work factor is above [`MAX_WORK_FACTOR`]; refused without trying.
    TooCostly(u8),
}

impl From<Damaged> for OpenError {
    fn from(damaged: Damaged) -> Self {
        OpenError::Unreadable(damaged.0)
    }
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The check code of a vault file: twelve digits from its SHA-256, grouped for reading aloud.
/// Seal and install both print it, so two people on the phone can tell it is the same vault.
pub fn check_code(vault_file: &[u8]) -> String {
    let digest = Sha256::digest(vault_file);
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let digits = format!("{:012}", u64::from_be_bytes(first) % 1_000_000_000_000);
    format!("{}-{}-{}", &digits[0..4], &digits[4..8], &digits[8..12])
}

/// Builds the compressed plaintext (tar + zstd) of a vault.
pub fn pack(contents: &Contents, mtime: u64) -> io::Result<Zeroizing<Vec<u8>>> {
    let manifest = serde_json::to_vec_pretty(&contents.manifest)?;
    let capacity = 4096 + contents.files.iter().map(|(_, b)| b.len() + 1024).sum::<usize>();
    let mut builder = tar::Builder::new(Vec::with_capacity(capacity));
    let mut append = |name: &str, data: &[u8]| -> io::Result<()> {
        let mut header = tar::Header::new_ustar();
        header.set_path(name)?;
        header.set_size(data.len() as u64);
        header.set_mode(0o600);
        header.set_mtime(mtime);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, data)
    };
    append(MANIFEST_ENTRY, &manifest)?;
    for (kind, bytes) in &contents.files {
        append(&format!("files/{}", kind.name()), bytes)?;
    }
    if let Some(password) = &contents.password {
        append(PASSWORD_ENTRY, password.expose_secret().as_bytes())?;
    }
    let tar = Zeroizing::new(builder.into_inner()?);
    Ok(Zeroizing::new(zstd::bulk::compress(&tar, 9)?))
}

/// Encrypts a compressed plaintext to `passphrase` with exactly one scrypt stanza.
pub fn encrypt(
    compressed: &[u8],
    passphrase: &SecretString,
    work_factor: u8,
    armor: bool,
) -> io::Result<Vec<u8>> {
    let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
    recipient.set_work_factor(work_factor);
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
        .map_err(io::Error::other)?;
    let format = if armor { Format::AsciiArmor } else { Format::Binary };
    let mut out = Vec::with_capacity(compressed.len() * 4 / 3 + 1024);
    let armored = ArmoredWriter::wrap_output(&mut out, format)?;
    let mut writer = encryptor.wrap_output(armored)?;
    writer.write_all(compressed)?;
    writer.finish()?.finish()?;
    Ok(out)
}

/// Decrypts a vault file (binary or armored) to its compressed plaintext.
pub fn decrypt(
    vault_file: &[u8],
    passphrase: &SecretString,
) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    use age::DecryptError;
    let unreadable = OpenError::Unreadable;
    let decryptor = age::Decryptor::new_buffered(ArmoredReader::new(vault_file))
        .map_err(|_| unreadable("age header"))?;
    if !decryptor.is_scrypt() {
        return Err(unreadable("not a passphrase vault"));
    }
    let mut identity = age::scrypt::Identity::new(passphrase.clone());
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let reader = decryptor.decrypt(std::iter::once(&identity as _)).map_err(|e| match e {
        DecryptError::ExcessiveWork { required, .. } => OpenError::TooCostly(required),
        _ => unreadable("passphrase or header"),
    })?;
    let mut plaintext = Zeroizing::new(Vec::with_capacity(vault_file.len()));
    reader
        .take(MAX_VAULT_FILE + 1)
        .read_to_end(&mut plaintext)
        .map_err(|_| unreadable("payload"))?;
    Ok(plaintext)
}

/// Opens a vault file completely: decrypt, decompress, check every rule and every hash.
pub fn open(vault_file: &[u8], passphrase: &SecretString) -> Result<Contents, OpenError> {
    let compressed = decrypt(vault_file, passphrase)?;
    Ok(unpack(&compressed)?)
}

/// Reads a compressed plaintext strictly. This is the parser that faces untrusted bytes once
/// the passphrase is right: bounded everywhere, all-or-nothing.
pub fn unpack(compressed: &[u8]) -> Result<Contents, Damaged> {
    let tar = decompress(compressed)?;
    let mut archive = tar::Archive::new(&tar[..]);
    let mut entries = Entries::new(&mut archive)?;

    let manifest_bytes = entries.next_file(MANIFEST_ENTRY, MAX_MANIFEST)?;
    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|_| Damaged("manifest is not valid"))?;
    check_manifest(&manifest)?;

    let mut files = Vec::with_capacity(3);
    for (kind, entry) in KeyKind::ALL.into_iter().zip(&manifest.files) {
        let bytes = entries.next_file(&format!("files/{}", kind.name()), MAX_KEY_FILE)?;
        if bytes.len() as u64 != entry.size {
            return Err(Damaged("file size differs from manifest"));
        }
        if sha256_hex(&bytes) != entry.sha256 {
            return Err(Damaged("file hash differs from manifest"));
        }
        files.push((kind, bytes));
    }

    let password = if manifest.password {
        let bytes = entries.next_file(PASSWORD_ENTRY, MAX_PASSWORD)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| Damaged("password is not text"))?;
        if text.is_empty() {
            return Err(Damaged("password is empty"));
        }
        Some(SecretString::from(text.to_owned()))
    } else {
        None
    };
    entries.end(&tar)?;
    Ok(Contents { manifest, files, password })
}

fn decompress(compressed: &[u8]) -> Result<Zeroizing<Vec<u8>>, Damaged> {
    let mut decoder =
        zstd::stream::read::Decoder::with_buffer(compressed).map_err(|_| Damaged("zstd"))?;
    decoder.window_log_max(ZSTD_WINDOW_LOG_MAX).map_err(|_| Damaged("zstd"))?;
    // Reserve up front so the buffer is not reallocated, leaving plaintext copies behind.
    let hint = compressed.len().saturating_mul(2).min(MAX_PLAINTEXT as usize) + 64 * 1024;
    let mut tar = Zeroizing::new(Vec::with_capacity(hint));
    decoder
        .take(MAX_PLAINTEXT + 1)
        .read_to_end(&mut tar)
        .map_err(|_| Damaged("zstd stream is damaged"))?;
    if tar.len() as u64 > MAX_PLAINTEXT {
        return Err(Damaged("plaintext too large"));
    }
    Ok(tar)
}

fn check_manifest(m: &Manifest) -> Result<(), Damaged> {
    if m.format != FORMAT || m.version != VERSION || m.profile != PROFILE {
        return Err(Damaged("unknown format, version or profile"));
    }
    if chrono::DateTime::parse_from_rfc3339(&m.created_at).is_err() {
        return Err(Damaged("created_at is not RFC 3339"));
    }
    let labels = [&m.created_by, &m.source_host, &m.subject];
    if labels.iter().any(|l| l.len() > MAX_LABEL) || m.certificates.len() > MAX_CERTIFICATES {
        return Err(Damaged("manifest field too long"));
    }
    if m.files.len() != KeyKind::ALL.len() {
        return Err(Damaged("manifest must list the three key files"));
    }
    let is_date = |t: &str| chrono::DateTime::parse_from_rfc3339(t).is_ok();
    let dates_ok = m.files.iter().all(|f| f.modified.as_deref().is_none_or(is_date))
        && m.certificates.iter().all(|c| is_date(&c.not_before) && is_date(&c.not_after));
    if !dates_ok {
        return Err(Damaged("a date in the manifest is not RFC 3339"));
    }
    for (kind, entry) in KeyKind::ALL.into_iter().zip(&m.files) {
        let hash_ok = entry.sha256.len() == 64
            && entry.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if entry.name != kind.name() || entry.size == 0 || entry.size > MAX_KEY_FILE || !hash_ok {
            return Err(Damaged("manifest file entry"));
        }
    }
    Ok(())
}

/// The tar entries, taken one at a time under the strict rules.
struct Entries<'a, 'b> {
    inner: tar::Entries<'a, &'b [u8]>,
    /// Bytes of the stream taken by the entries read so far (headers, data, padding).
    consumed: u64,
}

impl<'a, 'b> Entries<'a, 'b> {
    fn new(archive: &'a mut tar::Archive<&'b [u8]>) -> Result<Self, Damaged> {
        let inner = archive.entries().map_err(|_| Damaged("tar"))?.raw(true);
        Ok(Entries { inner, consumed: 0 })
    }

    /// The next entry must be a regular file named exactly `name`, at most `max` bytes.
    fn next_file(&mut self, name: &str, max: u64) -> Result<Zeroizing<Vec<u8>>, Damaged> {
        let mut entry = match self.inner.next() {
            Some(Ok(entry)) => entry,
            Some(Err(_)) => return Err(Damaged("tar header is damaged")),
            None => return Err(Damaged("entry missing")),
        };
        // Raw mode: GNU long names, pax headers, links and folders arrive as entries of their
        // own type and are refused here, never interpreted.
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(Damaged("entry is not a regular file"));
        }
        if &entry.path_bytes()[..] != name.as_bytes() {
            return Err(Damaged("unexpected entry name or order"));
        }
        let size = entry.header().entry_size().map_err(|_| Damaged("tar size"))?;
        if size > max {
            return Err(Damaged("entry too large"));
        }
        let mut bytes = Zeroizing::new(Vec::with_capacity(size as usize));
        (&mut entry)
            .take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| Damaged("entry truncated"))?;
        if bytes.len() as u64 != size {
            return Err(Damaged("entry truncated"));
        }
        self.consumed = entry.raw_file_position() + size.div_ceil(512) * 512;
        Ok(bytes)
    }

    /// No entry may follow the last expected one — not even hidden after the end-of-archive
    /// blocks, where the tar reader stops looking: everything after the last entry is zeros.
    fn end(mut self, tar: &[u8]) -> Result<(), Damaged> {
        if self.inner.next().is_some() {
            return Err(Damaged("extra entry"));
        }
        let rest = usize::try_from(self.consumed).ok().and_then(|at| tar.get(at..));
        match rest {
            Some(rest) if rest.iter().all(|&b| b == 0) => Ok(()),
            _ => Err(Damaged("data after the end of the archive")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents() -> Contents {
        let files: Vec<(KeyKind, Zeroizing<Vec<u8>>)> = KeyKind::ALL
            .into_iter()
            .map(|kind| (kind, Zeroizing::new(kind.name().as_bytes().repeat(3))))
            .collect();
        let manifest = Manifest {
            format: FORMAT.into(),
            version: VERSION,
            created_at: "2026-11-22T10:00:00+01:00".into(),
            created_by: "sigillo 0.1.0".into(),
            source_host: "PC".into(),
            profile: PROFILE.into(),
            subject: String::new(),
            files: files
                .iter()
                .map(|(kind, bytes)| FileEntry {
                    name: kind.name().into(),
                    size: bytes.len() as u64,
                    sha256: sha256_hex(bytes),
                    modified: Some("2026-11-01T09:00:00+01:00".into()),
                })
                .collect(),
            certificates: Vec::new(),
            password: false,
        };
        Contents { manifest, files, password: None }
    }

    #[test]
    fn a_packed_vault_unpacks_to_the_same_contents() {
        let packed = pack(&contents(), 0).unwrap();
        let back = unpack(&packed).unwrap();
        assert_eq!(back.manifest, contents().manifest);
        assert_eq!(back.file(KeyKind::Utec), contents().file(KeyKind::Utec));
    }

    #[test]
    fn dates_in_the_manifest_must_be_rfc3339() {
        let mut bad = contents();
        bad.manifest.files[1].modified = Some("ieri".into());
        assert_eq!(
            unpack(&pack(&bad, 0).unwrap()).unwrap_err().0,
            "a date in the manifest is not RFC 3339"
        );
        let mut bad = contents();
        bad.manifest.certificates.push(CertEntry {
            file: "UTEF.P12".into(),
            subject: "CN=X".into(),
            serial: "01".into(),
            not_before: "2026-11-01T00:00:00Z".into(),
            not_after: "31/10/2029".into(),
            key_bits: Some(4096),
        });
        assert!(unpack(&pack(&bad, 0).unwrap()).is_err());
    }

    #[test]
    fn zeros_after_the_archive_are_padding_anything_else_is_refused() {
        let tar = {
            let packed = pack(&contents(), 0).unwrap();
            zstd::bulk::decompress(&packed, 1 << 20).unwrap()
        };
        let mut padded = tar.clone();
        padded.extend([0u8; 10240]);
        assert!(unpack(&zstd::bulk::compress(&padded, 3).unwrap()).is_ok());
        let mut smuggled = tar;
        smuggled.extend(b"hidden");
        let err = unpack(&zstd::bulk::compress(&smuggled, 3).unwrap()).unwrap_err();
        assert_eq!(err.0, "data after the end of the archive");
    }
}
