//! vault: the sealed file — age encryption around a zstd-compressed tar with a manifest.
//!
//! Format v1 (ARCHITECTURE.md §5): an age v1 file with exactly one scrypt stanza (binary or ASCII
//! armor). Its plaintext is a zstd-compressed ustar stream holding, in this order and nothing
//! else: `sigillo.json` (the [`Manifest`]), `files/UTEF.P12`, `files/UTEC.P12`,
//! `files/UTENTE.KS`, then `secret/password` when the manifest says the password is inside.
//!
//! The reader is strict and all-or-nothing: any deviation — order, names, types, sizes, hashes,
//! limits — is [`Damaged`], and no part of a damaged vault is ever returned. It must never write
//! plaintext anywhere: everything stays in zeroizing buffers in memory.
//!
//! [`open_file`] is the one way every command opens a vault file from disk.
//!
//! Anyone can open a vault without sigillo: `age -d vault.age | zstd -d | tar -x`.

use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use chrono::{DateTime, FixedOffset, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::dates;
use crate::error::{Error, Result};
use crate::hash::{self, sha256_hex};
use crate::i18n::fl;
use crate::keyset::{KeyKind, MAX_KEY_FILE};
use crate::passphrase;
use crate::talk::{Event, Progress};
use crate::ui::{SecretSource, TRIES, Ui};

/// `format` in the manifest.
pub const FORMAT: &str = "sigillo-vault";
/// `version` in the manifest.
pub const VERSION: u32 = 1;
/// `profile` in the manifest: the Desktop Telematico key set.
pub const PROFILE: &str = "entratel";

/// The scrypt work factor seal always uses: age's own default, fixed. Never calibrated to the
/// sealing PC: a vault sealed on a fast PC must open on the office's slowest one.
pub const SEAL_WORK_FACTOR: u8 = 18;
/// The highest work factor open accepts (4× the default: 2^20, 1 GiB of memory, a few seconds
/// on an office PC). A higher one could make a crafted file take minutes and gigabytes per
/// attempt; it is refused from the header alone, before any scrypt work.
pub const MAX_WORK_FACTOR: u8 = 20;
/// The lowest work factor open accepts (and the hidden test option allows). Below it the
/// passphrase would be guessed too cheaply: sigillo never wrote such a vault.
pub const MIN_WORK_FACTOR: u8 = 10;
/// Below this work factor a vault opens with a warning: it was not made with sigillo's
/// defaults (tests seal at 10 on purpose).
pub const USUAL_WORK_FACTOR: u8 = 16;
/// The most of the (de-armored) file read to find the header: an age header with one scrypt
/// stanza is about 150 bytes; age itself reads headers in bounded steps.
const MAX_HEADER: u64 = 16 * 1024;

/// Limit on the whole decompressed plaintext.
pub const MAX_PLAINTEXT: u64 = 64 * 1024 * 1024;
/// Limit on a vault file read from disk (armor adds a third to the compressed size).
pub const MAX_VAULT_FILE: u64 = 96 * 1024 * 1024;
const MAX_MANIFEST: u64 = 64 * 1024;
const MAX_PASSWORD: u64 = 1024;
const MAX_LABEL: usize = 512;
const MAX_CERTIFICATES: usize = 32;
/// One tar block: headers and data padding come in these.
const TAR_BLOCK: usize = 512;
/// zstd level for sealing: key files are random and barely compress; 9 is quick and squeezes
/// the manifest and the certificates' text.
const ZSTD_LEVEL: i32 = 9;
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
    /// When it was sealed, with the sealing PC's offset (RFC 3339 on disk).
    #[serde(with = "dates::rfc3339")]
    pub created_at: DateTime<FixedOffset>,
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
    /// The file's modification time on the source PC (RFC 3339 on disk).
    #[serde(default, with = "dates::rfc3339_option")]
    pub modified: Option<DateTime<FixedOffset>>,
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
    /// Start of validity (RFC 3339 on disk).
    #[serde(with = "dates::rfc3339_utc")]
    pub not_before: DateTime<Utc>,
    /// End of validity (RFC 3339 on disk).
    #[serde(with = "dates::rfc3339_utc")]
    pub not_after: DateTime<Utc>,
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

impl Contents {
    /// What the certificates of the vault's own files say, read with the password inside it
    /// (without one, only what a keystore keeps in clear): what would be installed, whatever
    /// the manifest claims. Key derivations are paid from the command's `budget`.
    pub fn examine(&self, budget: &crate::certs::Budget) -> crate::certs::Examination {
        let files = KeyKind::ALL.map(|kind| self.file(kind));
        crate::certs::examine(files, self.password.as_ref(), Utc::now(), budget)
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

/// Why a vault was refused. Users see one message for all of these (and for a wrong
/// passphrase); the reason is for tests, the corpus sidecars and the fuzzer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Damaged {
    /// The file is empty.
    Empty,
    /// The file does not start like an age file (binary or armored): not a vault at all.
    NotAge,
    /// The file starts like an age file, but its header is damaged or cut short.
    AgeHeader,
    /// The file is encrypted to a key, not a passphrase.
    NotPassphrase,
    /// The passphrase does not open it, or its header was altered.
    PassphraseOrHeader,
    /// The passphrase opened the file key (the scrypt stanza's tag proves it), but the header's
    /// MAC does not verify: the header was altered after it was written.
    HeaderMac,
    /// The encrypted payload is damaged.
    Payload,
    /// The compressed stream does not start.
    Zstd,
    /// The compressed stream is damaged.
    ZstdDamaged,
    /// The plaintext is larger than any vault.
    PlaintextTooLarge,
    /// The tar stream does not start.
    Tar,
    /// A tar header is damaged.
    TarHeader,
    /// A tar size field is damaged.
    TarSize,
    /// An expected entry is missing.
    EntryMissing,
    /// An entry is a link, folder or extension header.
    NotRegular,
    /// An entry has an unexpected name or order.
    UnexpectedEntry,
    /// An entry is larger than its limit.
    EntryTooLarge,
    /// An entry is shorter than its header says.
    EntryTruncated,
    /// An entry follows the last expected one.
    ExtraEntry,
    /// Data follows the end of the archive.
    TrailingData,
    /// The manifest is not valid JSON of the expected shape.
    ManifestInvalid,
    /// A date in the manifest is not RFC 3339.
    ManifestDate,
    /// Unknown format, version or profile.
    UnknownFormat,
    /// A manifest field is too long.
    FieldTooLong,
    /// The manifest does not list the three key files.
    FileCount,
    /// A manifest file entry is wrong.
    FileEntry,
    /// A file's size differs from the manifest.
    SizeMismatch,
    /// A file's hash differs from the manifest.
    HashMismatch,
    /// The password is not text.
    PasswordNotText,
    /// The password is empty.
    PasswordEmpty,
}

impl Damaged {
    /// A stable name for the reason (the corpus sidecars use it).
    pub fn as_str(self) -> &'static str {
        match self {
            Damaged::Empty => "empty",
            Damaged::NotAge => "not-a-vault",
            Damaged::AgeHeader => "age-header",
            Damaged::NotPassphrase => "not-a-passphrase-vault",
            Damaged::PassphraseOrHeader => "passphrase-or-header",
            Damaged::HeaderMac => "header-mac",
            Damaged::Payload => "payload",
            Damaged::Zstd => "zstd",
            Damaged::ZstdDamaged => "zstd-damaged",
            Damaged::PlaintextTooLarge => "plaintext-too-large",
            Damaged::Tar => "tar",
            Damaged::TarHeader => "tar-header",
            Damaged::TarSize => "tar-size",
            Damaged::EntryMissing => "entry-missing",
            Damaged::NotRegular => "not-a-regular-file",
            Damaged::UnexpectedEntry => "unexpected-entry",
            Damaged::EntryTooLarge => "entry-too-large",
            Damaged::EntryTruncated => "entry-truncated",
            Damaged::ExtraEntry => "extra-entry",
            Damaged::TrailingData => "trailing-data",
            Damaged::ManifestInvalid => "manifest-invalid",
            Damaged::ManifestDate => "manifest-date",
            Damaged::UnknownFormat => "unknown-format",
            Damaged::FieldTooLong => "field-too-long",
            Damaged::FileCount => "file-count",
            Damaged::FileEntry => "file-entry",
            Damaged::SizeMismatch => "size-mismatch",
            Damaged::HashMismatch => "hash-mismatch",
            Damaged::PasswordNotText => "password-not-text",
            Damaged::PasswordEmpty => "password-empty",
        }
    }

    /// Whether this damage was found after the passphrase was proven: the scrypt stanza's tag
    /// proves it (a bad header MAC comes after it), and so does the header's MAC, keyed by the
    /// file key only the right passphrase unwraps. From there a failure is damage (a copy cut
    /// short, a flipped bit) or a file sigillo does not read ([`Damaged::is_foreign`]), never
    /// the passphrase (issue 22, item 6). Everything before (an empty file, a damaged header,
    /// [`Damaged::PassphraseOrHeader`]) cannot tell the two apart.
    pub fn in_body(self) -> bool {
        !matches!(
            self,
            Damaged::Empty
                | Damaged::NotAge
                | Damaged::AgeHeader
                | Damaged::NotPassphrase
                | Damaged::PassphraseOrHeader
        )
    }
}

impl Damaged {
    /// Whether the file is whole as its writer made it, yet not a vault this sigillo reads: the
    /// age payload authenticated to its last chunk (a cut or altered copy fails there, as
    /// [`Damaged::Payload`]), so what fails after it (compression, archive, manifest, a newer
    /// format version) was written so: by another version of sigillo, or another program.
    /// Copying it again cannot help.
    pub fn is_foreign(self) -> bool {
        self.in_body() && !matches!(self, Damaged::Payload | Damaged::HeaderMac)
    }
}

impl fmt::Display for Damaged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a vault did not open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenError {
    /// Wrong passphrase, damaged, or not a sigillo vault — deliberately one case.
    Unreadable(Damaged),
    /// The scrypt work factor is above [`MAX_WORK_FACTOR`]; refused without trying.
    TooCostly(u8),
    /// The scrypt work factor is below [`MIN_WORK_FACTOR`]; refused without trying.
    TooWeak(u8),
}

/// What the age header says, read before any passphrase is asked and any scrypt work done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// The scrypt work factor (log2 N), within [`MIN_WORK_FACTOR`]..=[`MAX_WORK_FACTOR`].
    pub work_factor: u8,
}

impl Header {
    /// True when the work factor is below what sigillo seals with: the vault opens, with a
    /// warning that it was not made with sigillo's defaults.
    pub fn unusual(&self) -> bool {
        self.work_factor < USUAL_WORK_FACTOR
    }
}

/// Reads the age header of a vault file without any passphrase: it must be an age file
/// (binary or armored), encrypted to a passphrase (exactly one scrypt stanza), with a work
/// factor within bounds. Each refusal says why, so a file that is not a vault never blames the
/// passphrase, and a crafted work factor costs nothing.
pub fn header(vault_file: &[u8]) -> Result<Header, OpenError> {
    if vault_file.is_empty() {
        return Err(Damaged::Empty.into());
    }
    let Ok(decryptor) = age::Decryptor::new_buffered(ArmoredReader::new(vault_file)) else {
        return Err(
            if looks_like_age(vault_file) { Damaged::AgeHeader } else { Damaged::NotAge }.into()
        );
    };
    if !decryptor.is_scrypt() {
        return Err(Damaged::NotPassphrase.into());
    }
    // The age crate has checked the header's shape (version line, stanzas, MAC line) but does
    // not expose the stanza's arguments: read the work factor from the de-armored text.
    // Read only as far as the MAC line: damage further on (the armor's later lines, the
    // payload) is for decryption to find, not a header fault.
    let mut text = Vec::new();
    let mut reader = ArmoredReader::new(vault_file).take(MAX_HEADER);
    let mut chunk = [0u8; 64];
    while !has_mac_line(&text) {
        match reader.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => text.extend_from_slice(&chunk[..n]),
        }
    }
    let work_factor = scrypt_work_factor(&text).ok_or(Damaged::AgeHeader)?;
    if work_factor > MAX_WORK_FACTOR {
        return Err(OpenError::TooCostly(work_factor));
    }
    if work_factor < MIN_WORK_FACTOR {
        return Err(OpenError::TooWeak(work_factor));
    }
    Ok(Header { work_factor })
}

/// True when the file starts (after blank space, as pasted from an e-mail) the way an age file
/// does: its version line or the armor's first line.
fn looks_like_age(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let rest = &bytes[start..];
    let armor = b"-----BEGIN AGE ENCRYPTED FILE";
    rest.starts_with(b"age-encryption.org/")
        || rest.get(..armor.len()).is_some_and(|start| start.eq_ignore_ascii_case(armor))
}

/// True once `text` holds the header's last line (`--- <mac>` and its newline).
fn has_mac_line(text: &[u8]) -> bool {
    text.windows(4).position(|w| w == b"\n---").is_some_and(|at| text[at + 1..].contains(&b'\n'))
}

/// The work factor of the header's one scrypt stanza (`-> scrypt <salt> <log2 N>`), written as
/// age writes it: decimal, no leading zero, exactly two arguments. `None` for anything else.
fn scrypt_work_factor(header: &[u8]) -> Option<u8> {
    let line = header
        .split(|&b| b == b'\n')
        .take_while(|line| !line.starts_with(b"---"))
        .find_map(|line| line.strip_prefix(b"-> scrypt "))?;
    let args: Vec<&[u8]> = line.split(|&b| b == b' ').collect();
    let [_salt, factor] = args[..] else { return None };
    let canonical = !factor.is_empty()
        && factor.len() <= 2
        && factor.iter().all(u8::is_ascii_digit)
        && factor[0] != b'0';
    if !canonical {
        return None;
    }
    std::str::from_utf8(factor).ok()?.parse().ok()
}

impl From<Damaged> for OpenError {
    fn from(damaged: Damaged) -> Self {
        OpenError::Unreadable(damaged)
    }
}

/// The check code of a vault file: twelve digits from its SHA-256, grouped for reading aloud
/// (`1234-5678-9012`). Seal and install both print it, so two people on the phone can tell it
/// is the same vault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckCode(String);

impl CheckCode {
    /// The check code of these vault file bytes.
    pub fn of(vault_file: &[u8]) -> CheckCode {
        CheckCode::from_sha256(&hash::sha256(vault_file))
    }

    /// The check code of a vault file whose SHA-256 is `digest` (hashed as a stream).
    pub fn from_sha256(digest: &[u8; 32]) -> CheckCode {
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        let digits = format!("{:012}", u64::from_be_bytes(first) % 1_000_000_000_000);
        CheckCode(format!("{}-{}-{}", &digits[0..4], &digits[4..8], &digits[8..12]))
    }
}

impl fmt::Display for CheckCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Builds the compressed plaintext (tar + zstd) of a vault.
pub fn pack(contents: &Contents, mtime: u64) -> io::Result<Zeroizing<Vec<u8>>> {
    let manifest = serde_json::to_vec_pretty(&contents.manifest)?;
    pack_with_manifest(&manifest, contents, mtime)
}

/// [`pack`] with the manifest already serialized (tests hand it malformed ones).
fn pack_with_manifest(
    manifest: &[u8],
    contents: &Contents,
    mtime: u64,
) -> io::Result<Zeroizing<Vec<u8>>> {
    let mut entries: Vec<(String, &[u8])> = vec![(MANIFEST_ENTRY.to_owned(), manifest)];
    for (kind, bytes) in &contents.files {
        entries.push((format!("files/{}", kind.name()), bytes));
    }
    if let Some(password) = &contents.password {
        entries.push((PASSWORD_ENTRY.to_owned(), password.expose_secret().as_bytes()));
    }
    // Sized exactly (a header and the padded data per entry, two zero blocks at the end), so the
    // buffer never grows: growing would leave a copy of keys and password in freed memory.
    let size =
        entries.iter().map(|(_, data)| TAR_BLOCK + data.len().div_ceil(TAR_BLOCK) * TAR_BLOCK);
    let capacity = size.sum::<usize>() + 2 * TAR_BLOCK;
    let mut tar = Zeroizing::new(Vec::with_capacity(capacity));
    let mut builder = tar::Builder::new(&mut *tar);
    for (name, data) in &entries {
        let mut header = tar::Header::new_ustar();
        header.set_path(name)?;
        header.set_size(data.len() as u64);
        header.set_mode(0o600);
        header.set_mtime(mtime);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, *data)?;
    }
    builder.into_inner()?;
    debug_assert_eq!(tar.capacity(), capacity, "the tar buffer never grows");
    Ok(Zeroizing::new(zstd::bulk::compress(&tar, ZSTD_LEVEL)?))
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
    // Every refusal that needs no passphrase comes first, and before any scrypt work (the age
    // crate's identity times scrypt when it is made).
    header(vault_file)?;
    let decryptor = age::Decryptor::new_buffered(ArmoredReader::new(vault_file))
        .map_err(|_| unreadable(Damaged::AgeHeader))?;
    let mut identity = age::scrypt::Identity::new(passphrase.clone());
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let reader = decryptor.decrypt(std::iter::once(&identity as _)).map_err(|e| match e {
        DecryptError::ExcessiveWork { required, .. } => OpenError::TooCostly(required),
        // Only after the stanza unwrapped the file key: the passphrase is right.
        DecryptError::InvalidMac => unreadable(Damaged::HeaderMac),
        _ => unreadable(Damaged::PassphraseOrHeader),
    })?;
    // age's payload is never longer than the file that carries it (binary or armored), so a
    // buffer of the file's size is filled without ever growing.
    read_zeroizing(reader, MAX_VAULT_FILE, vault_file.len())
        .map_err(|_| unreadable(Damaged::Payload))
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
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).map_err(|e| {
        // The date helpers say so when a date is the problem: name it apart.
        if e.to_string().contains(dates::NOT_RFC3339) {
            Damaged::ManifestDate
        } else {
            Damaged::ManifestInvalid
        }
    })?;
    check_manifest(&manifest)?;

    let mut files = Vec::with_capacity(3);
    for (kind, entry) in KeyKind::ALL.into_iter().zip(&manifest.files) {
        let bytes = entries.next_file(&format!("files/{}", kind.name()), MAX_KEY_FILE)?;
        if bytes.len() as u64 != entry.size {
            return Err(Damaged::SizeMismatch);
        }
        if sha256_hex(&bytes) != entry.sha256 {
            return Err(Damaged::HashMismatch);
        }
        files.push((kind, bytes));
    }

    let password = if manifest.password {
        let bytes = entries.next_file(PASSWORD_ENTRY, MAX_PASSWORD)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| Damaged::PasswordNotText)?;
        if text.is_empty() {
            return Err(Damaged::PasswordEmpty);
        }
        Some(SecretString::from(text.to_owned()))
    } else {
        None
    };
    entries.end(&tar)?;
    Ok(Contents { manifest, files, password })
}

fn decompress(compressed: &[u8]) -> Result<Zeroizing<Vec<u8>>, Damaged> {
    // sigillo writes the plaintext size in the zstd frame: the buffer is sized exactly and
    // filled in one pass, never reallocated (a reallocation leaves a copy of keys and password
    // in freed memory).
    if let Some(size) = content_size(compressed) {
        if size > MAX_PLAINTEXT {
            return Err(Damaged::PlaintextTooLarge);
        }
        let mut tar = Zeroizing::new(Vec::with_capacity(size as usize));
        let mut decompressor = zstd::bulk::Decompressor::new().map_err(|_| Damaged::Zstd)?;
        decompressor
            .set_parameter(zstd::zstd_safe::DParameter::WindowLogMax(ZSTD_WINDOW_LOG_MAX))
            .map_err(|_| Damaged::Zstd)?;
        // Writes into the spare capacity only: more data than the header said is an error.
        decompressor
            .decompress_to_buffer(compressed, &mut *tar)
            .map_err(|_| Damaged::ZstdDamaged)?;
        if tar.len() as u64 != size {
            return Err(Damaged::ZstdDamaged);
        }
        return Ok(tar);
    }
    // A frame without its size (written by another tool, streaming): read in steps, growing
    // by hand into wiped buffers.
    let mut decoder =
        zstd::stream::read::Decoder::with_buffer(compressed).map_err(|_| Damaged::Zstd)?;
    decoder.window_log_max(ZSTD_WINDOW_LOG_MAX).map_err(|_| Damaged::Zstd)?;
    let hint = compressed.len().saturating_mul(4).min(MAX_PLAINTEXT as usize);
    let tar = read_zeroizing(decoder, MAX_PLAINTEXT, hint).map_err(|_| Damaged::ZstdDamaged)?;
    if tar.len() as u64 > MAX_PLAINTEXT {
        return Err(Damaged::PlaintextTooLarge);
    }
    Ok(tar)
}

/// The plaintext size the zstd frames declare, added over every frame; `None` when a frame
/// does not say (or the frames cannot be walked: the decoder will then report the damage).
fn content_size(mut frames: &[u8]) -> Option<u64> {
    if frames.is_empty() {
        // Not even one frame: the decoder says it is damaged.
        return None;
    }
    let mut total = 0u64;
    while !frames.is_empty() {
        let size = zstd::zstd_safe::get_frame_content_size(frames).ok()??;
        let length = zstd::zstd_safe::find_frame_compressed_size(frames).ok()?;
        if length == 0 || length > frames.len() {
            return None;
        }
        total = total.checked_add(size)?;
        frames = &frames[length..];
    }
    Some(total)
}

/// Reads `reader` to its end, or to one byte past `limit` (so the caller can tell "too large"),
/// into a buffer that starts at `capacity` and never reallocates in place: when full, a buffer
/// twice as large is allocated, the bytes are copied over and the old buffer is wiped
/// (`Vec::read_to_end` would grow it by reallocation, leaving unwiped copies behind).
fn read_zeroizing(
    mut reader: impl Read,
    limit: u64,
    capacity: usize,
) -> io::Result<Zeroizing<Vec<u8>>> {
    let most = usize::try_from(limit).unwrap_or(usize::MAX).saturating_add(1);
    let mut buf = Zeroizing::new(Vec::with_capacity(capacity.clamp(1, most)));
    loop {
        if buf.len() == buf.capacity() {
            if buf.len() >= most {
                return Ok(buf);
            }
            let mut bigger =
                Zeroizing::new(Vec::with_capacity(buf.len().saturating_mul(2).min(most)));
            bigger.extend_from_slice(&buf);
            // The old buffer is wiped as it is dropped here.
            buf = bigger;
        }
        let filled = buf.len();
        let room = buf.capacity();
        // Within capacity: no reallocation. The zeros are overwritten by the read or cut off.
        buf.resize(room, 0);
        match reader.read(&mut buf[filled..]) {
            Ok(0) => {
                buf.truncate(filled);
                return Ok(buf);
            }
            Ok(n) => buf.truncate(filled + n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => buf.truncate(filled),
            Err(e) => return Err(e),
        }
    }
}

fn check_manifest(m: &Manifest) -> Result<(), Damaged> {
    if m.format != FORMAT || m.version != VERSION || m.profile != PROFILE {
        return Err(Damaged::UnknownFormat);
    }
    let labels = [&m.created_by, &m.source_host, &m.subject];
    if labels.iter().any(|l| l.len() > MAX_LABEL) || m.certificates.len() > MAX_CERTIFICATES {
        return Err(Damaged::FieldTooLong);
    }
    if m.files.len() != KeyKind::ALL.len() {
        return Err(Damaged::FileCount);
    }
    for (kind, entry) in KeyKind::ALL.into_iter().zip(&m.files) {
        let hash_ok = hash::is_sha256_hex(&entry.sha256);
        if entry.name != kind.name() || entry.size == 0 || entry.size > MAX_KEY_FILE || !hash_ok {
            return Err(Damaged::FileEntry);
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
        let inner = archive.entries().map_err(|_| Damaged::Tar)?.raw(true);
        Ok(Entries { inner, consumed: 0 })
    }

    /// The next entry must be a regular file named exactly `name`, at most `max` bytes.
    fn next_file(&mut self, name: &str, max: u64) -> Result<Zeroizing<Vec<u8>>, Damaged> {
        let mut entry = match self.inner.next() {
            Some(Ok(entry)) => entry,
            Some(Err(_)) => return Err(Damaged::TarHeader),
            None => return Err(Damaged::EntryMissing),
        };
        // Raw mode: GNU long names, pax headers, links and folders arrive as entries of their
        // own type and are refused here, never interpreted.
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(Damaged::NotRegular);
        }
        if &entry.path_bytes()[..] != name.as_bytes() {
            return Err(Damaged::UnexpectedEntry);
        }
        let size = entry.header().entry_size().map_err(|_| Damaged::TarSize)?;
        if size > max {
            return Err(Damaged::EntryTooLarge);
        }
        let mut bytes = Zeroizing::new(Vec::with_capacity(size as usize));
        (&mut entry).take(max + 1).read_to_end(&mut bytes).map_err(|_| Damaged::EntryTruncated)?;
        if bytes.len() as u64 != size {
            return Err(Damaged::EntryTruncated);
        }
        self.consumed = entry.raw_file_position() + size.div_ceil(512) * 512;
        Ok(bytes)
    }

    /// No entry may follow the last expected one — not even hidden after the end-of-archive
    /// blocks, where the tar reader stops looking: everything after the last entry is zeros.
    fn end(mut self, tar: &[u8]) -> Result<(), Damaged> {
        if self.inner.next().is_some() {
            return Err(Damaged::ExtraEntry);
        }
        let rest = usize::try_from(self.consumed).ok().and_then(|at| tar.get(at..));
        match rest {
            Some(rest) if rest.iter().all(|&b| b == 0) => Ok(()),
            _ => Err(Damaged::TrailingData),
        }
    }
}

/// A vault file opened and verified, with its check code.
#[derive(Debug)]
pub struct Opened {
    /// The decrypted, verified contents.
    pub contents: Contents,
    /// The check code of the vault file.
    pub check_code: CheckCode,
}

/// The one way every command opens a vault file: a size-checked read; the age header read
/// before any passphrase is asked (a folder, an empty file, a file that is not a vault, a vault
/// for a key instead of a passphrase, a damaged header, a work factor out of bounds: each said
/// plainly, no prompt); then the passphrase from its file or the console ([`TRIES`] times at
/// the console) and full strict verification. A failure before the header's MAC verifies may be
/// the passphrase or damage, and is said as one (with another try at the console); a failure
/// after it is damage ([`Damaged::in_body`]): the passphrase was right, so it is said at once,
/// with no retry.
pub fn open_file(path: &Path, source: &SecretSource, ui: &mut dyn Ui) -> Result<Opened> {
    let meta = fs::metadata(path).map_err(Error::read(path))?;
    if meta.is_dir() {
        return Err(Error::VaultIsFolder { path: path.to_owned() });
    }
    if !meta.is_file() {
        return Err(Error::NotAVault { path: path.to_owned() });
    }
    // Read through the handle it checked, never through a link, never past the bound (a link
    // to /dev/zero, a file that grows meanwhile).
    let bytes =
        crate::disk::read_regular(path, MAX_VAULT_FILE).map_err(|refused| match refused {
            crate::disk::Refused::Io(e) => Error::reading(path, e),
            crate::disk::Refused::NotAFile => Error::NotAVault { path: path.to_owned() },
            crate::disk::Refused::TooLarge => Error::VaultUnreadable { path: path.to_owned() },
        })?;
    let header = header(&bytes).map_err(|e| header_error(path, e))?;
    if header.unusual() {
        let factor = u32::from(header.work_factor);
        ui.warn(&fl!(
            "vault-unusual-work-factor",
            path = crate::sanitize::shown(path),
            factor = factor
        ));
    }
    let check_code = CheckCode::of(&bytes);
    let tries = if source.is_file() { 1 } else { TRIES };
    for attempt in 1..=tries {
        let typed = source.get(ui, &fl!("prompt-passphrase"))?;
        ui.tell(Event::Progress(Progress::Deriving));
        let opened = open(&bytes, &passphrase::canonical(&typed));
        ui.tell(Event::Progress(Progress::Finished));
        match opened {
            Ok(contents) => return Ok(Opened { contents, check_code }),
            Err(OpenError::Unreadable(why)) if why.is_foreign() => {
                return Err(Error::VaultForeign { path: path.to_owned() });
            }
            Err(OpenError::Unreadable(why)) if why.in_body() => {
                return Err(Error::VaultBodyDamaged { path: path.to_owned() });
            }
            Err(OpenError::Unreadable(_)) if attempt < tries => {
                let (secret, tries_left) = (crate::error::Secret::Passphrase, tries - attempt);
                ui.tell(Event::WrongSecret { secret, tries_left, file: None });
            }
            Err(OpenError::Unreadable(_)) => {}
            Err(other) => return Err(header_error(path, other)),
        }
    }
    Err(Error::VaultUnreadable { path: path.to_owned() })
}

/// The user's error for a vault refused from its header alone.
fn header_error(path: &Path, error: OpenError) -> Error {
    let path = path.to_owned();
    match error {
        OpenError::TooCostly(work_factor) => Error::VaultTooCostly { path, work_factor },
        OpenError::TooWeak(work_factor) => Error::VaultTooWeak { path, work_factor },
        OpenError::Unreadable(Damaged::Empty) => Error::VaultEmpty { path },
        OpenError::Unreadable(Damaged::NotAge) => Error::NotAVault { path },
        OpenError::Unreadable(Damaged::NotPassphrase) => Error::NotPassphraseVault { path },
        OpenError::Unreadable(Damaged::AgeHeader) => Error::VaultHeaderDamaged { path },
        OpenError::Unreadable(_) => Error::VaultUnreadable { path },
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
            created_at: "2026-11-22T10:00:00+01:00".parse().unwrap(),
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
                    modified: Some("2026-11-01T09:00:00+01:00".parse().unwrap()),
                })
                .collect(),
            certificates: Vec::new(),
            password: false,
        };
        Contents { manifest, files, password: None }
    }

    #[test]
    fn the_work_factor_is_read_only_as_age_writes_it() {
        let header = |stanza: &str| format!("age-encryption.org/v1\n{stanza}\nQUJD\n--- TUFD\n");
        let read = |stanza: &str| scrypt_work_factor(header(stanza).as_bytes());
        assert_eq!(read("-> scrypt c2FsdA 18"), Some(18));
        assert_eq!(read("-> scrypt c2FsdA 9"), Some(9));
        for bad in ["-> scrypt c2FsdA 018", "-> scrypt c2FsdA", "-> scrypt c2FsdA 18 x"] {
            assert_eq!(read(bad), None, "{bad}");
        }
        assert_eq!(read("-> scrypt c2FsdA 300"), None, "three digits");
        assert_eq!(read("-> scrypt c2FsdA +8"), None);
        // A stanza after the MAC line is payload, not header.
        assert_eq!(
            scrypt_work_factor(b"age-encryption.org/v1\n--- TUFD\n-> scrypt c2FsdA 12\n"),
            None
        );
    }

    #[test]
    fn a_file_that_does_not_start_like_age_is_not_a_vault() {
        assert!(looks_like_age(b"age-encryption.org/v1\n"));
        assert!(looks_like_age(b"\r\n  -----BEGIN AGE ENCRYPTED FILE-----\n"));
        assert!(looks_like_age(b"-----begin age encrypted file-----\n"));
        assert!(!looks_like_age(b"Prova.2026\n"));
        assert!(!looks_like_age(b"\x28\xb5\x2f\xfd"));
        assert_eq!(header(b""), Err(OpenError::Unreadable(Damaged::Empty)));
        assert_eq!(header(b"\0\0\0"), Err(OpenError::Unreadable(Damaged::NotAge)));
        assert_eq!(
            header(b"age-encryption.org/v1\n"),
            Err(OpenError::Unreadable(Damaged::AgeHeader))
        );
    }

    #[test]
    fn a_packed_vault_unpacks_to_the_same_contents() {
        let packed = pack(&contents(), 0).unwrap();
        let back = unpack(&packed).unwrap();
        assert_eq!(back.manifest, contents().manifest);
        assert_eq!(back.file(KeyKind::Utec), contents().file(KeyKind::Utec));
    }

    /// The manifest of `contents()` as JSON, with one field replaced.
    fn packed_with(pointer: &str, value: serde_json::Value) -> Zeroizing<Vec<u8>> {
        let base = contents();
        let mut json = serde_json::to_value(&base.manifest).unwrap();
        *json.pointer_mut(pointer).unwrap() = value;
        pack_with_manifest(&serde_json::to_vec(&json).unwrap(), &base, 0).unwrap()
    }

    #[test]
    fn dates_in_the_manifest_must_be_rfc3339() {
        for (pointer, bad) in [
            ("/created_at", "ieri"),
            ("/files/1/modified", "2026-11-01 09:00"),
            ("/created_at", "2026-11-22"),
        ] {
            let packed = packed_with(pointer, bad.into());
            assert_eq!(unpack(&packed).unwrap_err(), Damaged::ManifestDate, "{pointer} = {bad}");
        }
        assert_eq!(
            unpack(&packed_with("/created_at", 17.into())).unwrap_err(),
            Damaged::ManifestInvalid
        );
    }

    #[test]
    fn the_tar_buffer_is_sized_exactly_whatever_the_manifest() {
        // A long manifest (here a long subject) must not make the buffer grow (debug_assert in
        // pack_with_manifest) and must still unpack.
        let mut long = contents();
        long.manifest.subject = "S".repeat(MAX_LABEL);
        long.password = Some(SecretString::from("Prova.2026".to_owned()));
        long.manifest.password = true;
        let back = unpack(&pack(&long, 0).unwrap()).unwrap();
        assert_eq!(back.manifest.subject.len(), MAX_LABEL);
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
        assert_eq!(err, Damaged::TrailingData);
    }

    #[test]
    fn decompressing_sizes_the_plaintext_exactly_from_the_frame() {
        // A long manifest too: the plaintext buffer is exactly as large as the frame says.
        let mut long = contents();
        long.manifest.subject = "S".repeat(MAX_LABEL);
        let packed = pack(&long, 0).unwrap();
        let tar = decompress(&packed).unwrap();
        let size = zstd::zstd_safe::get_frame_content_size(&packed).unwrap().unwrap();
        assert_eq!(tar.len() as u64, size);
        assert_eq!(tar.capacity(), tar.len(), "sized once, never grown");
        // Two frames, each with its size: still one exact buffer.
        let plain = zstd::bulk::decompress(&packed, 1 << 20).unwrap();
        let (a, b) = plain.split_at(1000);
        let mut two = zstd::bulk::compress(a, 3).unwrap();
        two.extend(zstd::bulk::compress(b, 3).unwrap());
        let tar = decompress(&two).unwrap();
        assert_eq!(&tar[..], &plain[..]);
        assert_eq!(tar.capacity(), tar.len());
    }

    #[test]
    fn a_frame_without_its_size_is_read_through_wiped_buffers() {
        let tar = zstd::bulk::decompress(&pack(&contents(), 0).unwrap(), 1 << 20).unwrap();
        let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
        encoder.include_contentsize(false).unwrap();
        encoder.write_all(&tar).unwrap();
        let sizeless = encoder.finish().unwrap();
        assert_eq!(zstd::zstd_safe::get_frame_content_size(&sizeless).unwrap(), None);
        assert_eq!(&decompress(&sizeless).unwrap()[..], &tar[..]);
        assert!(unpack(&sizeless).is_ok());
    }

    #[test]
    fn reading_grows_by_copying_and_stops_past_the_limit() {
        let data: Vec<u8> = (0..10_000u32).map(|i| i as u8).collect();
        // Starting at one byte, the buffer is replaced many times: the bytes arrive intact.
        let read = read_zeroizing(&data[..], 1 << 20, 1).unwrap();
        assert_eq!(&read[..], &data[..]);
        // Never more than one byte past the limit, whatever the source holds.
        let read = read_zeroizing(&data[..], 100, 1).unwrap();
        assert_eq!(read.len(), 101);
        assert_eq!(&read[..], &data[..101]);
        // A buffer large enough from the start is never replaced.
        let read = read_zeroizing(&data[..], 1 << 20, data.len() + 1).unwrap();
        assert_eq!(read.capacity(), data.len() + 1);
    }

    #[test]
    fn decrypting_never_grows_the_plaintext_buffer() {
        let packed = pack(&contents(), 0).unwrap();
        let passphrase = SecretString::from("Gatto.Nero-sul/Tetto42");
        for armor in [false, true] {
            let vault = encrypt(&packed, &passphrase, 10, armor).unwrap();
            let plaintext = decrypt(&vault, &passphrase).unwrap();
            assert_eq!(&plaintext[..], &packed[..]);
            // Still the buffer sized to the vault file: it was never replaced.
            assert_eq!(plaintext.capacity(), vault.len(), "armor: {armor}");
        }
    }
}
