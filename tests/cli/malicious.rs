//! Hand-made malicious vaults: valid age encryption (the right passphrase, work factor 10) of
//! bad plaintext built entry by entry with the `tar` and `zstd` crates. Each must be refused by
//! the library for the reason it was built to trigger, and by `sigillo verify` with exit 4, no
//! output on stdout (never a partial result) and nothing written anywhere.

use std::fs;
use std::io::Write;

use sigillo::vault::{self, OpenError};

use crate::env::{self, PASSPHRASE, PASSWORD, TestEnv, secret};
use crate::tarball::*;

/// Checks one malicious vault file: the library refuses it (for `reason`, when given) and the
/// binary says exit 4, prints nothing on stdout, writes nothing.
#[track_caller]
fn refused(vault_file: &[u8], reason: Option<&str>) {
    let foreign = match (vault::open(vault_file, &secret(PASSPHRASE)), reason) {
        (Ok(contents), _) => panic!("accepted: {contents:?}"),
        (Err(OpenError::Unreadable(why)), Some(reason)) => {
            assert_eq!(why.as_str(), reason);
            why.is_foreign()
        }
        (Err(OpenError::Unreadable(why)), None) => why.is_foreign(),
        (Err(error), _) => panic!("{error:?}"),
    };
    let env = TestEnv::new();
    fs::write(env.stick().join("v.age"), vault_file).unwrap();
    let passphrase = env.passphrase_file();
    let before = env.listing(env.root());
    let out = env.run(["verify", "stick/v.age", "--passphrase-file", &passphrase]);
    // The right passphrase opened the header: what follows is damage (issue 22), or, when the
    // payload authenticated whole, a file written so: not a vault this sigillo reads.
    let said = match foreign {
        true => "\"stick/v.age\" è intero, ma non è una cassaforte che questa versione",
        false => "\"stick/v.age\" è danneggiata o incompleta",
    };
    out.code(4).stderr_has(said);
    assert!(out.stdout.is_empty(), "partial output:\n{}", out.stdout);
    assert_eq!(env.listing(env.root()), before, "something was written");
}

/// A plaintext encrypted the way a vault is, then refused.
#[track_caller]
fn refused_plaintext(plaintext: &[u8], reason: Option<&str>) {
    refused(&env::encrypt(plaintext), reason);
}

/// The builders above make a vault the library accepts: every case below differs from it in
/// one thing only.
#[test]
fn the_unbent_hand_made_vault_opens() {
    let contents = vault::open(&env::encrypt(&bent(|_| {})), &secret(PASSPHRASE)).unwrap();
    assert_eq!(contents.files.len(), 3);
    let env = TestEnv::new();
    fs::write(env.stick().join("v.age"), env::encrypt(&bent(|_| {}))).unwrap();
    env.verify("stick/v.age").ok();
}

const NAME: Option<&str> = Some("unexpected-entry");
const NOT_REGULAR: Option<&str> = Some("not-a-regular-file");

#[test]
fn entry_name_with_dot_dot_is_refused() {
    refused_plaintext(&bent(|e| e[1].name = b"files/../UTEF.P12".to_vec()), NAME);
    refused_plaintext(&bent(|e| e[1].name = b"../files/UTEF.P12".to_vec()), NAME);
}

#[test]
fn absolute_entry_name_is_refused() {
    refused_plaintext(&bent(|e| e[1].name = b"/files/UTEF.P12".to_vec()), NAME);
}

#[test]
fn backslash_and_dot_slash_names_are_refused() {
    refused_plaintext(&bent(|e| e[1].name = b"files\\UTEF.P12".to_vec()), NAME);
    refused_plaintext(&bent(|e| e[1].name = b"./files/UTEF.P12".to_vec()), NAME);
    refused_plaintext(&bent(|e| e[1].name = b"files/utef.p12".to_vec()), NAME);
}

#[test]
fn symlink_entry_is_refused() {
    let link = special("files/UTEF.P12", tar::EntryType::Symlink, b"", "/etc/passwd");
    refused_plaintext(&bent(|e| e[1] = link), NOT_REGULAR);
}

#[test]
fn directory_entry_is_refused() {
    let dir = special("files/", tar::EntryType::Directory, b"", "");
    refused_plaintext(&bent(|e| e.insert(1, dir)), NOT_REGULAR);
}

#[test]
fn hard_link_entry_is_refused() {
    let link = special("files/UTEF.P12", tar::EntryType::Link, b"", "sigillo.json");
    refused_plaintext(&bent(|e| e[1] = link), NOT_REGULAR);
}

#[test]
fn fifo_and_device_entries_are_refused() {
    for kind in [tar::EntryType::Fifo, tar::EntryType::Char, tar::EntryType::Block] {
        let odd = special("files/UTEF.P12", kind, b"", "");
        refused_plaintext(&bent(|e| e[1] = odd), NOT_REGULAR);
    }
}

/// A GNU long-name entry naming the very entry that follows: refused, not interpreted.
#[test]
fn gnu_long_name_entry_is_refused() {
    let long = special("././@LongLink", tar::EntryType::GNULongName, b"files/UTEF.P12\0", "");
    refused_plaintext(&bent(|e| e.insert(1, long)), NOT_REGULAR);
    let long = special("././@LongLink", tar::EntryType::GNULongLink, b"sigillo.json\0", "");
    refused_plaintext(&bent(|e| e.insert(1, long)), NOT_REGULAR);
}

#[test]
fn pax_header_entries_are_refused() {
    let record = b"23 path=files/UTEF.P12\n";
    let pax = special("PaxHeaders/UTEF.P12", tar::EntryType::XHeader, record, "");
    refused_plaintext(&bent(|e| e.insert(1, pax)), NOT_REGULAR);
    let global = special("pax_global_header", tar::EntryType::XGlobalHeader, record, "");
    refused_plaintext(&bent(|e| e.insert(0, global)), NOT_REGULAR);
}

#[test]
fn extra_entry_after_the_password_is_refused() {
    let extra = regular("secret/extra", b"more");
    refused_plaintext(&bent(|e| e.push(extra)), Some("extra-entry"));
    let again = regular("secret/password", PASSWORD.as_bytes());
    refused_plaintext(&bent(|e| e.push(again)), Some("extra-entry"));
}

#[test]
fn password_entry_missing_while_the_manifest_says_it_is_there_is_refused() {
    refused_plaintext(&bent(|e| drop(e.pop())), Some("entry-missing"));
}

#[test]
fn password_entry_present_while_the_manifest_says_it_is_not_is_refused() {
    let (files, mut manifest) = parts();
    manifest["password"] = false.into();
    refused_plaintext(&zst(&tar_of(&entries(&files, &manifest))), Some("extra-entry"));
}

#[test]
fn empty_or_non_text_password_is_refused() {
    refused_plaintext(&bent(|e| e[4].data.clear()), Some("password-empty"));
    refused_plaintext(&bent(|e| e[4].data = vec![0xFF, 0xFE]), Some("password-not-text"));
}

#[test]
fn missing_key_file_entry_is_refused() {
    refused_plaintext(&bent(|e| drop(e.remove(2))), NAME);
    // Only the manifest.
    refused_plaintext(&bent(|e| e.truncate(1)), Some("entry-missing"));
    // No manifest at all.
    refused_plaintext(&bent(|e| drop(e.remove(0))), NAME);
    refused_plaintext(&zst(&tar_of(&[])), Some("entry-missing"));
}

#[test]
fn entries_in_the_wrong_order_are_refused() {
    refused_plaintext(&bent(|e| e.swap(1, 2)), NAME);
    refused_plaintext(&bent(|e| e.swap(0, 1)), NAME);
    refused_plaintext(&bent(|e| e.swap(3, 4)), NAME);
}

#[test]
fn duplicate_key_file_entry_is_refused() {
    refused_plaintext(
        &bent(|e| {
            let copy = regular("files/UTEF.P12", &e[1].data.clone());
            e.insert(2, copy);
        }),
        NAME,
    );
}

#[test]
fn hash_mismatch_is_refused() {
    refused_plaintext(&bent(|e| e[2].data[10] ^= 1), Some("hash-mismatch"));
    refused_plaintext(
        &bent_manifest(|m| m["files"][2]["sha256"] = "0".repeat(64).into()),
        Some("hash-mismatch"),
    );
}

#[test]
fn size_mismatch_is_refused() {
    refused_plaintext(
        &bent_manifest(|m| {
            m["files"][0]["size"] = (m["files"][0]["size"].as_u64().unwrap() + 1).into()
        }),
        Some("size-mismatch"),
    );
    refused_plaintext(&bent(|e| e[3].data.push(0)), Some("size-mismatch"));
}

/// A tar header that promises more bytes than the stream holds.
#[test]
fn entry_cut_short_is_refused() {
    let mut tar = tar_of(&entries(&parts().0, &parts().1));
    // Keep the first two headers and a few bytes of the second entry's data.
    tar.truncate(512 + 1024 + 512 + 10);
    refused_plaintext(&zst(&tar), None);
}

#[test]
fn oversized_key_entry_is_refused() {
    let big = {
        let mut big = vec![0x30, 0x83, 0x10, 0x00, 0x01];
        big.resize(1024 * 1024 + 1, 0xAB);
        big
    };
    // The manifest tells the truth about the size: refused at the manifest.
    let (mut files, _) = parts();
    files[0].1 = big.clone();
    let manifest = serde_json::to_value(env::manifest_for(&files)).unwrap();
    refused_plaintext(&zst(&tar_of(&entries(&files, &manifest))), Some("file-entry"));
    // The manifest says the real small size: refused at the entry, before reading it.
    refused_plaintext(&bent(|e| e[1].data = big), Some("entry-too-large"));
}

#[test]
fn manifest_with_an_unknown_field_is_refused() {
    refused_plaintext(&bent_manifest(|m| m["extra"] = "x".into()), Some("manifest-invalid"));
    refused_plaintext(
        &bent_manifest(|m| m["files"][0]["mode"] = 0o777.into()),
        Some("manifest-invalid"),
    );
}

#[test]
fn manifest_with_another_format_version_or_profile_is_refused() {
    let unknown = Some("unknown-format");
    refused_plaintext(&bent_manifest(|m| m["format"] = "tar-of-keys".into()), unknown);
    refused_plaintext(&bent_manifest(|m| m["version"] = 2.into()), unknown);
    refused_plaintext(&bent_manifest(|m| m["profile"] = "other".into()), unknown);
}

#[test]
fn manifest_that_is_not_json_or_misses_fields_is_refused() {
    let bad = Some("manifest-invalid");
    refused_plaintext(&bent(|e| e[0].data = b"{\"format\":".to_vec()), bad);
    refused_plaintext(&bent_manifest(|m| drop(m.as_object_mut().unwrap().remove("files"))), bad);
    refused_plaintext(
        &bent_manifest(|m| m["created_at"] = "2 novembre 2026".into()),
        Some("manifest-date"),
    );
    refused_plaintext(
        &bent_manifest(|m| m["files"][1]["name"] = "UTEF.P12".into()),
        Some("file-entry"),
    );
    refused_plaintext(
        &bent_manifest(|m| drop(m["files"].as_array_mut().unwrap().pop())),
        Some("file-count"),
    );
}

#[test]
fn plaintext_that_is_not_zstd_is_refused() {
    refused_plaintext(&tar_of(&entries(&parts().0, &parts().1)), None);
    refused_plaintext(b"", None);
    // zstd, but cut in the middle of the frame.
    let whole = bent(|_| {});
    refused_plaintext(&whole[..whole.len() / 2], None);
}

/// 200 MiB of zeros after a valid vault's entries, compressed to a few kilobytes: the reader
/// must stop at 64 MiB. Built streaming, so the test never holds the 200 MiB.
#[test]
fn zstd_bomb_is_refused() {
    let (files, manifest) = parts();
    let tar = tar_of(&entries(&files, &manifest));
    let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
    encoder.write_all(&tar).unwrap();
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..200 {
        encoder.write_all(&zeros).unwrap();
    }
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 256 * 1024, "the bomb is small: {} bytes", bomb.len());
    refused_plaintext(&bomb, Some("plaintext-too-large"));
}

/// A file that is refused from its age header alone: the library says `reason`; the binary,
/// run without a terminal and without a passphrase file, says `message` with exit 4. Had it
/// asked for the passphrase it would have ended with exit 2 (no terminal to ask on): the
/// header is read before any prompt.
#[track_caller]
fn refused_before_passphrase(vault_file: &[u8], reason: &str, message: &str) {
    match vault::open(vault_file, &secret(PASSPHRASE)) {
        Err(OpenError::Unreadable(why)) => assert_eq!(why.as_str(), reason),
        other => panic!("{other:?} instead of {reason}"),
    }
    let env = TestEnv::new();
    fs::write(env.stick().join("v.age"), vault_file).unwrap();
    let before = env.listing(env.root());
    let out = env.run(["verify", "stick/v.age"]);
    out.code(4).stderr_has(message);
    assert!(!out.stderr.contains("non si apre"), "it blamed the passphrase:\n{}", out.stderr);
    assert!(out.stdout.is_empty(), "partial output:\n{}", out.stdout);
    assert_eq!(env.listing(env.root()), before, "something was written");
}

#[test]
fn empty_file_is_refused_as_empty_without_asking_the_passphrase() {
    refused_before_passphrase(b"", "empty", "\"stick/v.age\" è vuoto: non è una cassaforte");
}

#[test]
fn random_garbage_is_not_a_vault_and_never_blames_the_passphrase() {
    // A fixed pseudo-random sequence (xorshift), so a failure can be reproduced.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let garbage: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let not_a_vault = "\"stick/v.age\" non è una cassaforte di sigillo";
    refused_before_passphrase(&garbage, "not-a-vault", not_a_vault);
    refused_before_passphrase(b"Password.txt: Prova.2026\n", "not-a-vault", not_a_vault);
}

#[test]
fn a_header_cut_short_is_damaged_not_a_wrong_passphrase() {
    let damaged = "\"stick/v.age\" è incompleta o danneggiata";
    refused_before_passphrase(b"age-encryption.org/v1\n", "age-header", damaged);
    refused_before_passphrase(b"-----BEGIN AGE ENCRYPTED FILE-----\n", "age-header", damaged);
    let good = env::small_vault();
    refused_before_passphrase(&good[..40], "age-header", damaged);
}

#[test]
fn vault_encrypted_to_an_x25519_recipient_is_refused() {
    let out = x25519_vault();
    assert!(String::from_utf8_lossy(&out[..60]).contains("-> X25519 "));
    refused_before_passphrase(
        &out,
        "not-a-passphrase-vault",
        "è cifrato per una chiave, non con una passphrase",
    );
}

/// A folder given as the vault is a usage error (exit 2), said as such, with no prompt.
#[test]
fn a_folder_given_as_the_vault_is_a_usage_error() {
    let env = TestEnv::new();
    let out = env.run(["verify", "stick"]);
    out.code(2).stderr_has("\"stick\" è una cartella, non una cassaforte");
    let out = env.run(["install", "stick", "--to", "target", "--yes"]);
    out.code(2).stderr_has("è una cartella");
    assert!(env.listing(&env.target()).is_empty(), "nothing installed");
}

/// A header asking for scrypt work factor 21 (2 GiB), 30 (hours, 1 TiB) or 9 (too cheap to
/// protect anything): refused on the number alone, before any scrypt work and so before the
/// header MAC, which the patch broke — and before any passphrase is asked: run without a
/// terminal and without a passphrase file, a prompt would have ended with exit 2.
#[test]
fn work_factors_out_of_bounds_are_refused_before_the_passphrase() {
    let good = env::encrypt(&bent(|_| {}));
    for factor in ["21", "30", "9"] {
        let stanza = good.windows(10).position(|w| w == b"-> scrypt ").unwrap();
        let line_end = stanza + good[stanza..].iter().position(|&b| b == b'\n').unwrap();
        let line = std::str::from_utf8(&good[stanza..line_end]).unwrap();
        assert!(line.ends_with(" 10"), "{line}");
        let mut patched = good[..line_end - 2].to_vec();
        patched.extend_from_slice(factor.as_bytes());
        patched.extend_from_slice(&good[line_end..]);

        let number: u8 = factor.parse().unwrap();
        let (expected, message) = if number > vault::MAX_WORK_FACTOR {
            (
                OpenError::TooCostly(number),
                format!("lavoro di decifratura eccessivo (fattore {factor})"),
            )
        } else {
            (
                OpenError::TooWeak(number),
                format!("lavoro di decifratura troppo basso (fattore {factor})"),
            )
        };
        assert_eq!(vault::open(&patched, &secret(PASSPHRASE)).unwrap_err(), expected);

        let env = TestEnv::new();
        fs::write(env.stick().join("v.age"), &patched).unwrap();
        let before = env.listing(env.root());
        let out = env.run(["verify", "stick/v.age"]);
        out.code(4).stderr_has(&message);
        assert!(out.stdout.is_empty());
        assert_eq!(env.listing(env.root()), before, "something was written");
    }
}

/// Work factors 10 to 15 open, with a warning that sigillo did not make the vault with its
/// settings; 16 and above open quietly.
#[test]
fn a_low_work_factor_opens_with_a_warning() {
    let packed = vault::pack(&env::small_contents(), 1_793_000_000).unwrap();
    let warning = "non è stata creata con le impostazioni di sigillo (fattore di lavoro 12";
    for (factor, warned) in [(12u8, true), (16, false)] {
        let sealed = vault::encrypt(&packed, &secret(PASSPHRASE), factor, false).unwrap();
        let env = TestEnv::new();
        fs::write(env.stick().join("v.age"), &sealed).unwrap();
        let out = env.verify("stick/v.age");
        out.ok();
        assert_eq!(
            out.stderr.contains("non è stata creata con le impostazioni"),
            warned,
            "{}",
            out.stderr
        );
        if warned {
            out.stderr_has(warning);
        }
    }
}
