//! The plaintext builders shared by the malicious-vault tests and the corpus generator: tar
//! entries written byte for byte (names unchecked, any type), then zstd.

use std::io::Write;

use sigillo::keyset::KeyKind;

use crate::env::{self, PASSWORD};

/// One tar entry, written exactly as given (names are copied byte for byte, unchecked).
pub struct Entry {
    pub name: Vec<u8>,
    pub kind: tar::EntryType,
    pub data: Vec<u8>,
    pub link: Vec<u8>,
}

/// A regular file entry.
pub fn regular(name: &str, data: &[u8]) -> Entry {
    Entry { name: name.into(), kind: tar::EntryType::Regular, data: data.to_vec(), link: vec![] }
}

/// An entry of any type, with a link target.
pub fn special(name: &str, kind: tar::EntryType, data: &[u8], link: &str) -> Entry {
    Entry { name: name.into(), kind, data: data.to_vec(), link: link.into() }
}

/// The ustar header for `entry`, checksum set.
pub fn header_of(entry: &Entry) -> tar::Header {
    let mut header = tar::Header::new_ustar();
    let raw = header.as_mut_bytes();
    raw[..entry.name.len()].copy_from_slice(&entry.name);
    raw[157..157 + entry.link.len()].copy_from_slice(&entry.link);
    header.set_size(entry.data.len() as u64);
    header.set_mode(0o600);
    header.set_mtime(1_793_000_000);
    header.set_entry_type(entry.kind);
    header.set_cksum();
    header
}

/// A ustar stream of `entries`, with its end-of-archive blocks.
pub fn tar_of(entries: &[Entry]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for entry in entries {
        builder.append(&header_of(entry), &entry.data[..]).unwrap();
    }
    builder.into_inner().unwrap()
}

/// zstd, as seal compresses.
pub fn zst(tar: &[u8]) -> Vec<u8> {
    zstd::bulk::compress(tar, 19).unwrap()
}

/// The fake key files and their (valid) manifest as JSON, to be bent by each case.
pub fn parts() -> (Vec<(KeyKind, Vec<u8>)>, serde_json::Value) {
    let files = env::fake_files();
    let manifest = serde_json::to_value(env::manifest_for(&files)).unwrap();
    (files, manifest)
}

/// The entries of a valid vault for `files` and `manifest`.
pub fn entries(files: &[(KeyKind, Vec<u8>)], manifest: &serde_json::Value) -> Vec<Entry> {
    let mut all = vec![regular("sigillo.json", &serde_json::to_vec_pretty(manifest).unwrap())];
    for (kind, bytes) in files {
        all.push(regular(&format!("files/{}", kind.name()), bytes));
    }
    all.push(regular("secret/password", PASSWORD.as_bytes()));
    all
}

/// The valid tar, entries bent by `bend`.
pub fn bent_tar(bend: impl FnOnce(&mut Vec<Entry>)) -> Vec<u8> {
    let (files, manifest) = parts();
    let mut all = entries(&files, &manifest);
    bend(&mut all);
    tar_of(&all)
}

/// A valid vault's compressed plaintext, entries changed by `bend`.
pub fn bent(bend: impl FnOnce(&mut Vec<Entry>)) -> Vec<u8> {
    zst(&bent_tar(bend))
}

/// A valid vault's compressed plaintext with the manifest changed by `bend`.
pub fn bent_manifest(bend: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let (files, mut manifest) = parts();
    bend(&mut manifest);
    zst(&tar_of(&entries(&files, &manifest)))
}

/// A valid binary vault encrypted to an X25519 recipient.
pub fn x25519_vault() -> Vec<u8> {
    let recipient = age::x25519::Identity::generate().to_public();
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .unwrap();
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out).unwrap();
    writer.write_all(&bent(|_| {})).unwrap();
    writer.finish().unwrap();
    out
}
