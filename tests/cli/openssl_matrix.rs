//! sigillo's PKCS#12 reader against OpenSSL's, on files OpenSSL and keytool write at test time
//! (issue 21): a matrix over cipher × PRF × MAC × iteration count × bag order × key type.
//! For every file both readers must agree: the right password opens it and gives the same
//! end-entity certificate (serial, dates, key size); a wrong one opens it for neither — or, for
//! the one file that has nothing to prove a password with, for both, sigillo saying it could not
//! check.
//!
//! The files are made in a temporary folder (nothing committed), with low iteration counts, so
//! the whole matrix runs in seconds. Where `openssl` is missing the test says SKIPPED; where
//! OpenSSL's legacy provider is missing (RC2, RC4) those rows are SKIPPED; where `keytool` is
//! missing its rows are. Under `SIGILLO_REQUIRE_INTEROP=1` (CI) any of these fails instead.
//! The reader is the library's own entry point, the one seal, status and install call; a few
//! rows also go through `sigillo status --password-file`, the real binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use sigillo::certs::{self, Budget, CertError, Part, Role, Unsupported};

use crate::env::{self, TestEnv, run_command, secret};

/// ASCII with a space and symbols: keytool reads a password file in its own charset, so a
/// non-ASCII password would not be the same password for keytool and OpenSSL.
const PASSWORD: &str = "Prova 2026 & ok!";
const WRONG: &str = "Prova 2027 & ok!";

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
}

/// Runs a shell command line in `dir`; its output, or a panic that shows it.
#[track_caller]
fn sh(dir: &Path, script: &str) -> String {
    let out = try_sh(dir, script);
    assert_eq!(out.0, 0, "{script}:\n{}", out.2);
    out.1
}

fn try_sh(dir: &Path, script: &str) -> (i32, String, String) {
    let mut cmd = Command::new("sh");
    cmd.args(["-c", script]).current_dir(dir).stdin(std::process::Stdio::null());
    let out = run_command(cmd);
    (out.code, out.stdout, out.stderr)
}

/// What OpenSSL says of a certificate.
#[derive(Debug, PartialEq, Eq)]
struct Facts {
    serial: String,
    not_before: String,
    not_after: String,
    bits: Option<u32>,
}

fn openssl_date(line: &str) -> String {
    let text = line.split_whitespace().collect::<Vec<_>>().join(" ");
    let naive = NaiveDateTime::parse_from_str(&text, "%b %d %H:%M:%S %Y GMT")
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    DateTime::<Utc>::from_naive_utc_and_offset(naive, Utc)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `openssl x509 -noout -serial -startdate -enddate -text` of the PEM in `pem`.
fn x509_facts(dir: &Path, pem: &str) -> Facts {
    let text =
        sh(dir, &format!("openssl x509 -in '{pem}' -noout -serial -startdate -enddate -text"));
    let field = |prefix: &str| {
        text.lines().find_map(|l| l.trim().strip_prefix(prefix)).map(str::to_owned).unwrap()
    };
    let bits = text.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("Public-Key: (")?;
        rest.split_whitespace().next()?.parse().ok()
    });
    Facts {
        serial: field("serial="),
        not_before: openssl_date(&field("notBefore=")),
        not_after: openssl_date(&field("notAfter=")),
        bits,
    }
}

fn sigillo_facts(cert: &certs::CertInfo) -> Facts {
    Facts {
        serial: cert.serial.clone(),
        not_before: cert.not_before.to_rfc3339_opts(SecondsFormat::Secs, true),
        not_after: cert.not_after.to_rfc3339_opts(SecondsFormat::Secs, true),
        bits: cert.key_bits,
    }
}

/// One key pair and its certificate, signed by the matrix's CA.
struct Pair {
    key: String,
    cert: String,
}

/// The test CA (`ca.key`, `ca.pem`) in `dir`, which [`make_pair`] signs with.
fn make_ca(dir: &Path) {
    sh(
        dir,
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
         -subj '/C=IT/O=Matrice/CN=CA Matrice' -days 365 -out ca.pem 2>/dev/null",
    );
}

/// The CA, then one end-entity pair per key type, with the key usage of `usage`.
fn make_pair(dir: &Path, name: &str, genpkey: &str, usage: &str) -> Pair {
    let usage =
        if usage.is_empty() { String::new() } else { format!("keyUsage=critical,{usage}\\n") };
    let key = format!("{name}.key");
    let cert = format!("{name}.pem");
    sh(dir, &format!("openssl genpkey {genpkey} -out {key} 2>/dev/null"));
    sh(
        dir,
        &format!(
            "openssl req -new -key {key} -subj '/C=IT/O=Matrice/CN=STUDIO MATRICE {name}' \
             -out {name}.csr && \
             printf '{usage}basicConstraints=CA:FALSE\\n' > {name}.ext && \
             openssl x509 -req -in {name}.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
             -days 90 -extfile {name}.ext -out {cert} 2>/dev/null"
        ),
    );
    Pair { key, cert }
}

/// The cipher axis: `-keypbe`/`-certpbe` names, and whether the legacy provider is needed.
const CIPHERS: &[(&str, bool)] = &[
    ("PBE-SHA1-3DES", false),
    ("PBE-SHA1-2DES", true),
    ("PBE-SHA1-RC2-40", true),
    ("PBE-SHA1-RC2-128", true),
    ("PBE-SHA1-RC4-40", true),
    ("PBE-SHA1-RC4-128", true),
    ("AES-128-CBC", false),
    ("AES-192-CBC", false),
    ("AES-256-CBC", false),
    ("DES-EDE3-CBC", false),
];

/// The MAC axis (`None`: `-nomac`).
const MACS: &[Option<&str>] = &[
    Some("sha1"),
    Some("sha224"),
    Some("sha256"),
    Some("sha384"),
    Some("sha512"),
    Some("sha512-224"),
    Some("sha512-256"),
    None,
];

/// One file of the matrix and what it is.
struct Row {
    what: String,
    path: PathBuf,
    legacy: bool,
    /// The end-entity certificate sigillo must find (for `role`, when the file holds two pairs).
    expected: Vec<(Option<Role>, Facts)>,
    /// Whether the file has something that proves a password.
    provable: bool,
}

/// OpenSSL's own verdict on a password: `openssl pkcs12 -nodes` decrypts every bag, keys
/// included, and checks the MAC.
fn openssl_opens(dir: &Path, row: &Row, password_file: &str) -> bool {
    let legacy = if row.legacy { " -legacy" } else { "" };
    let script = format!(
        "openssl pkcs12 -in '{}' -passin file:{password_file}{legacy} -nodes -out /dev/null",
        row.path.display()
    );
    try_sh(dir, &script).0 == 0
}

fn check(dir: &Path, row: &Row, failures: &mut Vec<String>) {
    let bytes = fs::read(&row.path).unwrap();
    let budget = Budget::new();
    // The right password: both open; the same certificates.
    if !openssl_opens(dir, row, "right.txt") {
        failures.push(format!("{}: openssl does not open it with the right password", row.what));
        return;
    }
    match certs::open_p12(&bytes, &secret(PASSWORD), &budget) {
        Ok(info) => {
            if info.password_checked != row.provable {
                failures.push(format!("{}: password_checked {}", row.what, info.password_checked));
            }
            for (role, facts) in &row.expected {
                let cert = match role {
                    Some(role) => info.for_role(*role),
                    None => &info.end_entity,
                };
                if sigillo_facts(cert) != *facts {
                    failures.push(format!(
                        "{} ({role:?}): sigillo {:?}, openssl {facts:?}",
                        row.what,
                        sigillo_facts(cert)
                    ));
                }
            }
        }
        Err(e) => failures.push(format!("{}: right password: {e:?}", row.what)),
    }
    // A wrong password: neither opens it; only a file with nothing to prove a password with
    // opens for both, and sigillo says it could not check.
    let theirs = openssl_opens(dir, row, "wrong.txt");
    let ours = certs::open_p12(&bytes, &secret(WRONG), &budget);
    match (theirs, &ours) {
        (false, Err(CertError::WrongPassword)) => {}
        (true, Ok(info)) if !info.password_checked && !row.provable => {}
        _ => failures.push(format!(
            "{}: wrong password: openssl opens {theirs}, sigillo {:?}",
            row.what,
            ours.map(|i| i.password_checked)
        )),
    }
}

/// One DER element at the start of `bytes`: tag, content, length used. Definite lengths only
/// (openssl's).
fn tlv(bytes: &[u8]) -> (u8, &[u8], usize) {
    let tag = bytes[0];
    let (len, header) = match bytes[1] {
        n if n < 0x80 => (usize::from(n), 2),
        n => {
            let count = usize::from(n & 0x7F);
            let len = bytes[2..2 + count].iter().fold(0, |a, &b| (a << 8) | usize::from(b));
            (len, 2 + count)
        }
    };
    (tag, &bytes[header..header + len], header + len)
}

fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let be = len.to_be_bytes();
        let skip = be.iter().position(|&b| b != 0).unwrap();
        out.push(0x80 | (be.len() - skip) as u8);
        out.extend_from_slice(&be[skip..]);
    }
    out.extend_from_slice(content);
    out
}

fn children(mut content: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let (_, _, used) = tlv(content);
        out.push(&content[..used]);
        content = &content[used..];
    }
    out
}

/// The safes of a MAC-less PFX written by openssl, and its version and content type.
fn safes_of(pfx: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<Vec<u8>>) {
    let (_, pfx_content, _) = tlv(pfx);
    let parts = children(pfx_content);
    assert_eq!(parts.len(), 2, "a MAC-less PFX");
    let (_, content_info, _) = tlv(parts[1]);
    let info_parts = children(content_info);
    let (_, explicit, _) = tlv(info_parts[1]);
    let (_, octets, _) = tlv(explicit);
    let (_, safes, _) = tlv(octets);
    let safes = children(safes).into_iter().map(<[u8]>::to_vec).collect();
    (parts[0].to_vec(), info_parts[0].to_vec(), safes)
}

/// A MAC-less PFX of these safes.
fn pfx_of(version: &[u8], content_type: &[u8], safes: &[Vec<u8>]) -> Vec<u8> {
    let safes = der(0x30, &safes.concat());
    let explicit = der(0xA0, &der(0x04, &safes));
    let content_info = der(0x30, &[content_type, &explicit].concat());
    der(0x30, &[version, &content_info].concat())
}

/// DER of a MAC-less PFX written by openssl, with the safes of its authenticated safe in the
/// reverse order (key safe first): the bag-order axis.
fn reverse_safes(pfx: &[u8]) -> Vec<u8> {
    let (version, content_type, mut safes) = safes_of(pfx);
    assert!(safes.len() >= 2, "two safes to reorder");
    safes.reverse();
    pfx_of(&version, &content_type, &safes)
}

#[test]
fn sigillo_and_openssl_agree_on_a_matrix_of_pkcs12_encodings() {
    let test = "sigillo_and_openssl_agree_on_a_matrix_of_pkcs12_encodings";
    if !on_path("openssl") {
        env::skip(test, "openssl not installed (apt-get install openssl)");
        return;
    }
    let start = Instant::now();
    let env = TestEnv::new();
    let dir = env.path("matrix");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("right.txt"), format!("{PASSWORD}\n")).unwrap();
    fs::write(dir.join("wrong.txt"), format!("{WRONG}\n")).unwrap();
    make_ca(&dir);
    let sign = "digitalSignature,nonRepudiation";
    let pairs = [
        ("rsa", make_pair(&dir, "rsa", "-algorithm RSA -pkeyopt rsa_keygen_bits:1024", sign)),
        ("ec", make_pair(&dir, "ec", "-algorithm EC -pkeyopt ec_paramgen_curve:P-256", sign)),
        ("pss", make_pair(&dir, "pss", "-algorithm RSA-PSS -pkeyopt rsa_keygen_bits:1024", sign)),
    ];
    // The legacy provider (RC2, RC4, 2-key 3DES in OpenSSL 3): probed, not assumed.
    let legacy_ok = try_sh(&dir, "openssl list -providers -provider legacy").0 == 0
        && try_sh(
            &dir,
            "openssl pkcs12 -export -legacy -certpbe PBE-SHA1-RC4-40 -keypbe PBE-SHA1-RC2-40 \
             -inkey rsa.key -in rsa.pem -passout pass:x -out probe.p12",
        )
        .0 == 0;
    if !legacy_ok {
        env::skip(test, "OpenSSL's legacy provider is not available: RC2, RC4, 2DES rows");
    }

    let mut rows: Vec<Row> = Vec::new();
    let mut n = 0;
    let mut export = |what: String, pair: &Pair, args: &str, legacy: bool, reverse: bool| {
        n += 1;
        let file = format!("m{n:03}.p12");
        let legacy_flag = if legacy { " -legacy" } else { "" };
        sh(
            &dir,
            &format!(
                "openssl pkcs12 -export{legacy_flag} -inkey {} -in {} -certfile ca.pem \
                 -name 'firma' -passout file:right.txt {args} -out {file}",
                pair.key, pair.cert
            ),
        );
        let path = dir.join(&file);
        if reverse {
            let bytes = fs::read(&path).unwrap();
            fs::write(&path, reverse_safes(&bytes)).unwrap();
        }
        Row {
            what: format!("{file} {what}"),
            path,
            legacy,
            expected: vec![(None, x509_facts(&dir, &pair.cert))],
            provable: true,
        }
    };
    // Every cipher for key and certificates, on every key type; the MAC, iteration count and
    // bag order turn with them, so each value of each axis meets several of the others.
    for (k, (kind, pair)) in pairs.iter().enumerate() {
        for (i, (cipher, legacy)) in CIPHERS.iter().enumerate() {
            if *legacy && !legacy_ok {
                continue;
            }
            let mac = MACS[(i + 3 * k) % MACS.len()];
            let iter = [1, 64, 2048][(i + k) % 3];
            let mac_args = mac.map_or("-nomac".to_owned(), |m| format!("-macalg {m}"));
            let reverse = mac.is_none();
            let args = format!("-keypbe {cipher} -certpbe {cipher} -iter {iter} {mac_args}");
            let what = format!("{kind} {args}{}", if reverse { " key-safe-first" } else { "" });
            rows.push(export(what, pair, &args, *legacy, reverse));
        }
    }
    // Every MAC, on the default PBES2 encodings; and every MAC with certificates in clear.
    for mac in MACS.iter().flatten() {
        let args = format!("-macalg {mac} -iter 16");
        rows.push(export(format!("rsa {args}"), &pairs[0].1, &args, false, false));
        let args = format!("-macalg {mac} -iter 16 -certpbe NONE -keypbe AES-128-CBC");
        rows.push(export(format!("ec {args}"), &pairs[1].1, &args, false, false));
    }
    // No MAC, certificates in clear: only the shrouded key can prove the password; in both bag
    // orders. And the one file with nothing to prove it: no MAC, nothing encrypted.
    for reverse in [false, true] {
        // `-nomac` last: OpenSSL 3.0 lets a later `-iter` turn the MAC back on.
        let args = "-certpbe NONE -keypbe AES-256-CBC -iter 8 -nomac";
        let order = if reverse { " key-safe-first" } else { "" };
        rows.push(export(format!("rsa {args}{order}"), &pairs[0].1, args, false, reverse));
    }
    let args = "-nomac -certpbe NONE -keypbe NONE";
    let mut open = export(format!("rsa {args}"), &pairs[0].1, args, false, false);
    open.provable = false;
    rows.push(open);

    // keytool: PBES2 PRFs OpenSSL 3.0 cannot choose (HMAC-SHA-1 … SHA-512), its MAC algorithms,
    // MAC and certificate protection NONE, and two key pairs in one file in both orders.
    let keytool_rows = keytool_rows(&dir, &pairs[0].1);
    match keytool_rows {
        Some(more) => rows.extend(more),
        None => env::skip(test, "keytool not installed (apt-get install default-jre-headless)"),
    }

    let made = start.elapsed();
    let mut failures = Vec::new();
    for row in &rows {
        check(&dir, row, &mut failures);
    }
    // A few rows through the real binary: `status --password-file` reads the expiry with the
    // right password and says the password is wrong with another.
    for row in rows.iter().filter(|r| r.expected.len() == 1 && r.provable).step_by(9) {
        through_status(&env, row, &mut failures);
    }
    eprintln!(
        "openssl matrix: {} files, made in {:?}, checked in {:?}",
        rows.len(),
        made,
        start.elapsed() - made
    );
    assert!(rows.len() >= 40 || !legacy_ok, "matrix rows: {}", rows.len());
    assert!(
        failures.is_empty(),
        "{} of {} files disagree:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// The row's file as `UTEF.P12` of a key folder, read by `sigillo status --password-file`.
fn through_status(env: &TestEnv, row: &Row, failures: &mut Vec<String>) {
    let folder = env.path(&format!("status-{}", row.path.file_stem().unwrap().to_string_lossy()));
    fs::create_dir_all(&folder).unwrap();
    fs::copy(&row.path, folder.join("UTEF.P12")).unwrap();
    let right = env.secret_file("status-right.txt", &format!("{PASSWORD}\n"));
    let wrong = env.secret_file("status-wrong.txt", &format!("{WRONG}\n"));
    let folder_arg = folder.to_string_lossy().into_owned();
    let expiry = DateTime::parse_from_rfc3339(&row.expected[0].1.not_after).unwrap();
    let day = expiry.format("%d-%m-%Y").to_string();
    let out = env.run(["status", "--dir", &folder_arg, "--password-file", &right]);
    if !out.stdout.contains(&format!("Le chiavi scadono il {day}")) {
        failures.push(format!("{}: status with the right password: {out:?}", row.what));
    }
    let out = env.run(["status", "--dir", &folder_arg, "--password-file", &wrong]);
    if !format!("{}{}", out.stdout, out.stderr).contains("La password non apre") {
        failures.push(format!("{}: status with a wrong password: {out:?}", row.what));
    }
}

/// keytool's rows, made by re-encoding an OpenSSL file; `None` without keytool.
fn keytool_rows(dir: &Path, pair: &Pair) -> Option<Vec<Row>> {
    if !on_path("keytool") {
        return None;
    }
    let keytool = |out: &str, sources: &[&str], props: &[&str]| {
        let _ = fs::remove_file(dir.join(out));
        let props: String = props.iter().map(|p| format!(" -J-Dkeystore.pkcs12.{p}")).collect();
        for source in sources {
            sh(
                dir,
                &format!(
                    "keytool{props} -importkeystore -noprompt -srckeystore {source} \
                     -srcstoretype PKCS12 -srcstorepass:file right.txt -destkeystore {out} \
                     -deststoretype PKCS12 -deststorepass:file right.txt 2>&1"
                ),
            );
        }
    };
    sh(
        dir,
        &format!(
            "openssl pkcs12 -export -inkey {} -in {} -certfile ca.pem -name firma \
             -passout file:right.txt -out kt-firma.p12",
            pair.key, pair.cert
        ),
    );
    let mut rows = Vec::new();
    let single = |what: &str| Row {
        what: what.to_owned(),
        path: dir.join(format!("{what}.p12")),
        legacy: false,
        expected: vec![(None, x509_facts(dir, &pair.cert))],
        provable: true,
    };
    for (sha, aes, mac) in [
        ("SHA1", "128", "HmacPBESHA1"),
        ("SHA224", "256", "HmacPBESHA224"),
        ("SHA256", "128", "HmacPBESHA256"),
        ("SHA384", "256", "HmacPBESHA384"),
        ("SHA512", "256", "HmacPBESHA512"),
    ] {
        let what = format!("kt-{sha}-aes{aes}");
        let algorithm = format!("PBEWithHmac{sha}AndAES_{aes}");
        let props = [
            format!("certProtectionAlgorithm={algorithm}"),
            format!("keyProtectionAlgorithm={algorithm}"),
            format!("macAlgorithm={mac}"),
            "certPbeIterationCount=100".to_owned(),
            "keyPbeIterationCount=100".to_owned(),
            "macIterationCount=100".to_owned(),
        ];
        let props: Vec<&str> = props.iter().map(String::as_str).collect();
        keytool(&format!("{what}.p12"), &["kt-firma.p12"], &props);
        rows.push(single(&what));
    }
    // Java 18+'s "no MAC, certificates in clear": the shrouded key is the only proof.
    let props = ["macAlgorithm=NONE", "certProtectionAlgorithm=NONE", "keyPbeIterationCount=100"];
    keytool("kt-nomac-nocert.p12", &["kt-firma.p12"], &props);
    rows.push(single("kt-nomac-nocert"));

    // Two key pairs in one file, in both orders: the role comes from the key usage.
    let cifratura = make_pair(
        dir,
        "cifra",
        "-algorithm RSA -pkeyopt rsa_keygen_bits:1024",
        "keyEncipherment,dataEncipherment",
    );
    sh(
        dir,
        &format!(
            "openssl pkcs12 -export -inkey {} -in {} -certfile ca.pem -name cifratura \
             -passout file:right.txt -out kt-cifra.p12",
            cifratura.key, cifratura.cert
        ),
    );
    let props = ["certPbeIterationCount=100", "keyPbeIterationCount=100", "macIterationCount=100"];
    for (what, order) in [
        ("kt-two-firma-first", ["kt-firma.p12", "kt-cifra.p12"]),
        ("kt-two-cifra-first", ["kt-cifra.p12", "kt-firma.p12"]),
    ] {
        keytool(&format!("{what}.p12"), &order, &props);
        rows.push(Row {
            what: what.to_owned(),
            path: dir.join(format!("{what}.p12")),
            legacy: false,
            expected: vec![
                (Some(Role::Firma), x509_facts(dir, &pair.cert)),
                (Some(Role::Cifratura), x509_facts(dir, &cifratura.cert)),
            ],
            provable: true,
        });
    }
    Some(rows)
}

/// Review of issue 21 (F1, F2): three files none of which can prove the password (here a MAC
/// digest sigillo does not read, MD5, and nothing encrypted) were sealed under `--yes` with a wrong password. A set on
/// which no file proved the password is asked about, and under `--yes` refused unless `--force`.
#[test]
fn a_set_where_no_file_proves_the_password_is_refused_under_yes() {
    let test = "a_set_where_no_file_proves_the_password_is_refused_under_yes";
    if !on_path("openssl") {
        env::skip(test, "openssl not installed (apt-get install openssl)");
        return;
    }
    let env = TestEnv::new();
    let dir = env.source();
    fs::write(dir.join("right.txt"), format!("{PASSWORD}\n")).unwrap();
    fs::write(env.path("wrong.txt"), format!("{WRONG}\n")).unwrap();
    make_ca(&dir);
    let pair =
        make_pair(&dir, "rsa", "-algorithm RSA -pkeyopt rsa_keygen_bits:1024", "digitalSignature");
    // An MD5 MAC and nothing encrypted: no part sigillo can check proves the password.
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        sh(
            &dir,
            &format!(
                "openssl pkcs12 -export -inkey {} -in {} -certpbe NONE -keypbe NONE \
                 -macalg md5 -passout file:right.txt -out {name}",
                pair.key, pair.cert
            ),
        );
    }
    let wrong = env.path("wrong.txt");
    let passphrase = env.passphrase_file();
    let seal = |extra: &[&str]| {
        let mut cmd = env.command(["seal", "--from", "source", "--out", "stick/v.age", "--yes"]);
        cmd.args(["--password-file", wrong.to_str().unwrap(), "--passphrase-file", &passphrase]);
        cmd.args(extra);
        run_command(cmd)
    };
    seal(&[]).code(3).stderr_has("non è stata verificata su nessuno dei tre file");
    assert!(!env.stick().join("v.age").exists(), "no vault was written");
    // Asked for on purpose, it goes ahead (the office may know the files are right).
    seal(&["--force"]).ok();
}

/// Review of issue 21 (F3): a file one part of which uses an algorithm sigillo does not
/// implement (a certificate safe under Camellia or DES, a PBES1 with MD5, a key under Camellia,
/// an MD5 or SHA-3 MAC) is proven by the parts that can prove it: the MAC when its digest is
/// supported, else the shrouded key, else an encrypted safe. A wrong password is refused as
/// wrong; the right one is accepted and the part sigillo could not read is named.
#[test]
fn a_file_with_one_unsupported_part_is_proven_by_the_others() {
    let test = "a_file_with_one_unsupported_part_is_proven_by_the_others";
    if !on_path("openssl") {
        env::skip(test, "openssl not installed (apt-get install openssl)");
        return;
    }
    let env = TestEnv::new();
    let dir = env.path("parts");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("right.txt"), format!("{PASSWORD}\n")).unwrap();
    make_ca(&dir);
    let pair =
        make_pair(&dir, "rsa", "-algorithm RSA -pkeyopt rsa_keygen_bits:1024", "digitalSignature");
    let expected = x509_facts(&dir, &pair.cert);
    // (openssl arguments, the part sigillo cannot read and its name, whether the certificates
    // are still read, whether another part proves the password). `-nomac` first: OpenSSL 3.0
    // drops the certificates' encryption when it comes after `-certpbe`.
    let mut rows: Vec<(&str, Part, &str, bool, bool)> = vec![
        (
            "-certpbe CAMELLIA-256-CBC -macalg sha256",
            Part::Certificates,
            "CAMELLIA-256-CBC",
            false,
            true,
        ),
        ("-keypbe CAMELLIA-128-CBC -macalg sha1", Part::PrivateKey, "CAMELLIA-128-CBC", true, true),
        (
            "-nomac -certpbe AES-256-CBC -keypbe CAMELLIA-256-CBC",
            Part::PrivateKey,
            "CAMELLIA-256-CBC",
            true,
            true,
        ),
        ("-macalg md5", Part::Mac, "MD5", true, true),
        ("-macalg md5 -certpbe NONE", Part::Mac, "MD5", true, true),
        (
            "-macalg md5 -certpbe CAMELLIA-192-CBC",
            Part::Certificates,
            "CAMELLIA-192-CBC",
            false,
            true,
        ),
        ("-nomac -certpbe CAMELLIA-256-CBC", Part::Certificates, "CAMELLIA-256-CBC", false, true),
        // Nothing else to prove it with: said as what it is, not as "nothing encrypted".
        (
            "-nomac -certpbe NONE -keypbe CAMELLIA-256-CBC",
            Part::PrivateKey,
            "CAMELLIA-256-CBC",
            true,
            false,
        ),
    ];
    // SHA-3 MACs and the DES-based ciphers need an OpenSSL that writes them: probed.
    let probe = |args: &str| {
        try_sh(
            &dir,
            &format!(
                "openssl pkcs12 -export -inkey {} -in {} -passout pass:x {args} -out probe.p12",
                pair.key, pair.cert
            ),
        )
        .0 == 0
    };
    let optional: [(&str, Part, &str, bool, bool); 3] = [
        ("-macalg sha3-256", Part::Mac, "SHA3-256", true, true),
        ("-legacy -certpbe DES-CBC", Part::Certificates, "DES-CBC", false, true),
        ("-legacy -certpbe PBE-MD5-DES", Part::Certificates, "PBE-MD5-DES", false, true),
    ];
    for row in optional {
        if probe(row.0) {
            rows.push(row);
        } else {
            env::skip(test, &format!("openssl cannot write {}", row.0));
        }
    }

    let mut failures = Vec::new();
    for (n, (args, part, what, certs_read, provable)) in rows.iter().enumerate() {
        let file = format!("p{n}.p12");
        sh(
            &dir,
            &format!(
                "openssl pkcs12 -export -inkey {} -in {} -certfile ca.pem -name firma -iter 16 \
                 -passout file:right.txt {args} -out {file}",
                pair.key, pair.cert
            ),
        );
        let bytes = fs::read(dir.join(&file)).unwrap();
        let unsupported = Unsupported { part: *part, what };
        let read_as_expected = |info: &certs::P12Info| {
            info.password_checked == *provable
                && info.unsupported.contains(&unsupported)
                && sigillo_facts(&info.end_entity) == expected
        };
        match certs::open_p12(&bytes, &secret(PASSWORD), &Budget::new()) {
            Ok(info) if *certs_read && read_as_expected(&info) => {}
            Err(CertError::CertificatesUnsupported(name)) if !certs_read && name == *what => {}
            other => failures.push(format!("{args}: right password: {other:?}")),
        }
        match certs::open_p12(&bytes, &secret(WRONG), &Budget::new()) {
            Err(CertError::WrongPassword) if *provable => {}
            Ok(info) if !provable && read_as_expected(&info) => {}
            other => failures.push(format!("{args}: wrong password: {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Through the real binary: three files with an MD5 MAC (the key and the certificates
    // encrypted as OpenSSL does by default). A wrong password is refused as wrong (exit 1), the
    // right one seals, each file's MAC named.
    let source = env.source();
    for name in ["UTEF.P12", "UTEC.P12", "UTENTE.KS"] {
        sh(
            &dir,
            &format!(
                "openssl pkcs12 -export -inkey {} -in {} -macalg md5 -iter 16 \
                 -passout file:right.txt -out '{}'",
                pair.key,
                pair.cert,
                source.join(name).display()
            ),
        );
    }
    let passphrase = env.passphrase_file();
    let seal = |password: &str, vault: &str| {
        let password = env.secret_file(&format!("{vault}.txt"), &format!("{password}\n"));
        let out = format!("stick/{vault}.age");
        let mut cmd = env.command(["seal", "--from", "source", "--out", &out, "--yes"]);
        cmd.args(["--password-file", &password, "--passphrase-file", &passphrase]);
        run_command(cmd)
    };
    seal(WRONG, "wrong").code(1).stderr_has("La password non apre");
    assert!(!env.stick().join("wrong.age").exists(), "no vault was written");
    seal(PASSWORD, "right")
        .ok()
        .stderr_has("usa un algoritmo che sigillo non sa controllare (MD5)")
        .stderr_has("la password è stata verificata su questo file in un altro modo");

    // F5: no MAC, certificates in clear, the key under Camellia. What is true is said: the key
    // is protected with an algorithm sigillo cannot check, not that nothing is encrypted.
    let folder = env.path("camellia-key");
    fs::create_dir(&folder).unwrap();
    sh(
        &dir,
        &format!(
            "openssl pkcs12 -export -inkey {} -in {} -iter 16 -passout file:right.txt \
             -nomac -certpbe NONE -keypbe CAMELLIA-256-CBC -out '{}'",
            pair.key,
            pair.cert,
            folder.join("UTEF.P12").display()
        ),
    );
    let password = env.secret_file("status.txt", &format!("{PASSWORD}\n"));
    let out = env.run(["status", "--dir", folder.to_str().unwrap(), "--password-file", &password]);
    out.stderr_has("La chiave privata di \"").stderr_has(
        "è protetta con un algoritmo che sigillo non sa controllare (CAMELLIA-256-CBC): la \
         password non è stata verificata su questo file.",
    );
    assert!(!out.stderr.contains("né un codice di integrità"), "{out:?}");
}

/// Review of issue 21 (F4): without localKeyId and without key usage, a key pairs with its
/// certificate by public key, not by bag order. Made by OpenSSL as two MAC-less files, one with
/// the certificates only (the other pair's first, then the CA, then the key's own), one with the
/// key only (neither has a localKeyId then), their safes joined key last. RSA and EC, the key in
/// clear and shrouded.
#[test]
fn without_local_key_ids_or_key_usage_a_key_pairs_with_its_certificate_by_public_key() {
    let test = "without_local_key_ids_or_key_usage_a_key_pairs_with_its_certificate_by_public_key";
    if !on_path("openssl") {
        env::skip(test, "openssl not installed (apt-get install openssl)");
        return;
    }
    let env = TestEnv::new();
    let dir = env.path("pairs");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("right.txt"), format!("{PASSWORD}\n")).unwrap();
    make_ca(&dir);
    let mut failures = Vec::new();
    for (kind, genpkey) in [
        ("rsa", "-algorithm RSA -pkeyopt rsa_keygen_bits:1024"),
        ("ec", "-algorithm EC -pkeyopt ec_paramgen_curve:P-256"),
    ] {
        let own = make_pair(&dir, &format!("{kind}-own"), genpkey, "");
        let other = make_pair(&dir, &format!("{kind}-other"), genpkey, "");
        sh(&dir, &format!("cat {} ca.pem {} > {kind}-chain.pem", other.cert, own.cert));
        sh(
            &dir,
            &format!(
                "openssl pkcs12 -export -nokeys -in {kind}-chain.pem -nomac -certpbe NONE \
                 -passout file:right.txt -out {kind}-certs.p12"
            ),
        );
        for keypbe in ["NONE", "AES-256-CBC"] {
            sh(
                &dir,
                &format!(
                    "openssl pkcs12 -export -nocerts -inkey {} -keypbe {keypbe} -iter 16 -nomac \
                     -passout file:right.txt -out {kind}-key.p12",
                    own.key
                ),
            );
            let (version, content_type, mut safes) =
                safes_of(&fs::read(dir.join(format!("{kind}-certs.p12"))).unwrap());
            safes.extend(safes_of(&fs::read(dir.join(format!("{kind}-key.p12"))).unwrap()).2);
            let bytes = pfx_of(&version, &content_type, &safes);
            let expected = x509_facts(&dir, &own.cert);
            match certs::open_p12(&bytes, &secret(PASSWORD), &Budget::new()) {
                Ok(info) => {
                    let pairs: Vec<Facts> = info.pairs.iter().map(sigillo_facts).collect();
                    if pairs != [expected] || info.end_entity.usage.is_some() {
                        failures.push(format!("{kind} key {keypbe}: pairs {pairs:?}"));
                    }
                }
                Err(e) => failures.push(format!("{kind} key {keypbe}: {e:?}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
