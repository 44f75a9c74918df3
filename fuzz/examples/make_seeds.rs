//! Writes the seed corpora under `fuzz/seeds/` from the fixtures. Run from `fuzz/`:
//! `cargo run --example make_seeds` (no fuzzing flags needed). Deterministic: same fixtures,
//! same seeds.
//!
//! - `vault_unpack/`: real vault plaintexts made by `sigillo::vault::pack` (what `age -d` gives
//!   for a sealed vault), plus the same tar streams inside zstd *raw blocks*, where the tar bytes
//!   sit uncompressed, so in-place mutations reach the tar and manifest rules.
//! - `vault_tar/`: the decompressed tar streams (that target compresses its input itself).
//! - `p12/`, `keystore/`: fixture key files, one per encoding.
//! - `journal/`: journals as the swap writes them (install with an old set, a first install,
//!   a rollback with the archive inside the key folder), each checked to parse.

use std::fs;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use sigillo::keyset::KeyKind;
use sigillo::vault::{self, Contents, FileEntry, Manifest};
use zeroize::Zeroizing;

/// A fixed sealing time, so the seeds do not change from run to run.
const MTIME: u64 = 1_780_000_000;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("../fixtures");
    let seeds = root.join("seeds");
    for target in ["vault_unpack", "vault_tar", "p12", "keystore", "journal"] {
        let dir = seeds.join(target);
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
    }

    // Real key files: weak1024/ is the smallest set (1024-bit keys).
    let weak = key_files(&fixtures.join("weak1024"));
    // Tiny stand-ins: unpack only hashes key files, so small ones keep the fuzzer fast.
    let tiny: Vec<Vec<u8>> = vec![b"\x30\x82\x00\x01p12".to_vec(), b"\x30c".to_vec(), {
        let mut ks = vec![0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0, 0, 0, 0];
        ks.extend_from_slice(&[0u8; 20]);
        ks
    }];
    let variants: [(&str, &[Vec<u8>], Option<&str>); 4] = [
        ("weak1024_password", &weak, Some("Prova.2026")),
        ("weak1024_no_password", &weak, None),
        ("tiny_password", &tiny, Some("Prova.2026")),
        ("tiny_no_password", &tiny, None),
    ];
    for (name, files, password) in variants {
        let contents = contents(files, password);
        let packed = vault::pack(&contents, MTIME).unwrap();
        // The seeds must be what the reader accepts, or they teach the fuzzer nothing.
        vault::unpack(&packed).expect("a packed vault unpacks");
        let tar = zstd::bulk::decompress(&packed, vault::MAX_PLAINTEXT as usize).unwrap();
        let raw = zstd_raw_blocks(&tar);
        vault::unpack(&raw).expect("a raw-block frame unpacks");
        if name.starts_with("tiny") {
            write(&seeds, "vault_unpack", &format!("{name}.zst"), &packed);
        }
        write(&seeds, "vault_unpack", &format!("{name}_raw.zst"), &raw);
        write(&seeds, "vault_tar", &format!("{name}.tar"), &tar);
    }
    // The demo set as sealed for real (4096-bit keys, zstd level 9).
    let demo = contents(&key_files(&fixtures.join("demo")), Some("Prova.2026"));
    write(&seeds, "vault_unpack", "demo_password.zst", &vault::pack(&demo, MTIME).unwrap());

    journal_seeds(&seeds);

    for (set, file) in [
        ("demo", "UTEF.P12"),     // keytool legacy: 3DES keys, RC2-40 certs, SHA-1 MAC
        ("demo-old", "UTEC.P12"), // openssl legacy
        ("modern", "UTEF.P12"),   // keytool PBES2 (another password: MAC path)
        ("expired", "UTEF.P12"),  // openssl 3 PBES2, 2048-bit
        ("weak1024", "UTEF.P12"), // 1024-bit, smallest
    ] {
        let bytes = fs::read(fixtures.join(set).join(file)).unwrap();
        write(&seeds, "p12", &format!("{set}_{file}"), &bytes);
    }
    for set in ["weak1024", "modern", "expired"] {
        // JKS, JCEKS, JKS with mixed key sizes.
        let bytes = fs::read(fixtures.join(set).join("UTENTE.KS")).unwrap();
        write(&seeds, "keystore", &format!("{set}_UTENTE.KS"), &bytes);
    }
}

fn key_files(dir: &Path) -> Vec<Vec<u8>> {
    KeyKind::ALL.iter().map(|k| fs::read(dir.join(k.name())).unwrap()).collect()
}

fn contents(files: &[Vec<u8>], password: Option<&str>) -> Contents {
    let manifest = Manifest {
        format: vault::FORMAT.into(),
        version: vault::VERSION,
        created_at: "2026-05-28T10:00:00+02:00".parse().unwrap(),
        created_by: "sigillo 0.1.0".into(),
        source_host: "UFFICIO-01".into(),
        profile: vault::PROFILE.into(),
        subject: "Studio Demo Rossi".into(),
        files: KeyKind::ALL
            .iter()
            .zip(files)
            .map(|(kind, bytes)| FileEntry {
                name: kind.name().into(),
                size: bytes.len() as u64,
                sha256: sigillo::hash::Sha256::of(bytes),
                modified: Some("2026-05-01T09:30:00+02:00".parse().unwrap()),
            })
            .collect(),
        certificates: Vec::new(),
        password: password.is_some(),
    };
    Contents {
        manifest,
        files: KeyKind::ALL.into_iter().zip(files).map(|(k, b)| (k, Zeroizing::new(b.clone()))).collect(),
        password: password.map(|p| SecretString::from(p.to_owned())),
    }
}

/// A zstd frame whose blocks are all Raw_Block: the payload is stored as is. No content size,
/// no checksum, 32 MiB window (within the reader's 2^25 limit).
fn zstd_raw_blocks(payload: &[u8]) -> Vec<u8> {
    const MAX_BLOCK: usize = 128 * 1024;
    let mut out = vec![0x28, 0xB5, 0x2F, 0xFD];
    out.push(0x00); // frame header descriptor: no FCS, not single segment, no checksum, no dict id
    out.push((25 - 10) << 3); // window descriptor: 2^25 bytes
    let chunks: Vec<&[u8]> = payload.chunks(MAX_BLOCK).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        let last = u32::from(i + 1 == chunks.len());
        let header = last | (0 << 1) | ((chunk.len() as u32) << 3); // block type 0 = Raw
        out.extend_from_slice(&header.to_le_bytes()[..3]);
        out.extend_from_slice(chunk);
    }
    out
}

fn write(seeds: &Path, target: &str, name: &str, bytes: &[u8]) {
    fs::write(seeds.join(target).join(name), bytes).unwrap();
}

/// Journals in the shape `journal::swap` writes, with fixed times and hashes.
fn journal_seeds(seeds: &Path) {
    let hash = |n: u8| format!("{n:02x}").repeat(32);
    let names = |case: fn(&str) -> String, first: u8| -> Vec<serde_json::Value> {
        KeyKind::ALL
            .iter()
            .zip(first..)
            .map(|(k, n)| serde_json::json!({ "name": case(k.name()), "sha256": hash(n) }))
            .collect()
    };
    let seeds_list = [
        ("install", "/pc", "install", names(|s| s.to_lowercase(), 1), names(str::to_owned, 4)),
        ("first_install", "/pc", "install", Vec::new(), names(str::to_owned, 4)),
        ("rollback_inside", "/pc/Entratel", "rollback", names(str::to_owned, 4), names(str::to_owned, 1)),
    ];
    for (name, parent, operation, old, new) in seeds_list {
        let root = format!("{parent}/Chiavi di Sicurezza Scadute");
        let archive = (!old.is_empty()).then_some("Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026");
        let source = match operation {
            "rollback" => serde_json::json!({
                "archived": { "root": root, "name": "Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2029" }
            }),
            _ => serde_json::json!("staging"),
        };
        let text = serde_json::to_vec_pretty(&serde_json::json!({
            "format": "sigillo-journal",
            "version": 2,
            "run": "0123456789abcdef0123456789abcdef",
            "operation": operation,
            "started_at": "2026-11-22T10:00:00+01:00",
            "archive_root": root,
            "archive": archive,
            "source": source,
            "old": old,
            "new": new,
        }))
        .unwrap();
        sigillo::journal::parse(&text).expect("a seed journal parses");
        write(seeds, "journal", &format!("{name}.json"), &text);
    }
}
