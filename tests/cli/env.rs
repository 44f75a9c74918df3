//! The test environment: a fresh temporary folder playing three places at once (fd's `TestEnv`,
//! ripgrep's `Dir`) — `source/` (the key folder on the PC that seals), `stick/` (the USB stick)
//! and `target/` (the key folder on the PC that installs) — and helpers that run the real binary
//! there, without a terminal, in Italian unless asked otherwise.

#![allow(dead_code)]

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use sha2::{Digest, Sha256};

/// The key folder's lock file (`sigillo::folder::LOCK_NAME`): sigillo's own, kept by design.
pub const LOCK_NAME: &str = sigillo::folder::LOCK_NAME;

/// The compiled binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_sigillo");

/// The password of every fixture key set except `modern/`.
pub const PASSWORD: &str = "Prova.2026";

/// A passphrase strong enough for seal's strength check.
pub const PASSPHRASE: &str = "Gatto.Nero-sul/Tetto42";

/// The work factor every test seals with, unless it is about the real default.
pub const WF: &str = "10";

/// Whether the binary under test has the test hooks (`--work-factor`, `--today`,
/// `--search-root`, `--stick`): a test build (`cargo test`) has them, `cargo test --release` not.
/// The tests link the library built exactly as the binary (same profile, same features), so its
/// [`sigillo::failpoint::COMPILED`] answers for the binary.
pub const HOOKS: bool = sigillo::failpoint::COMPILED;

/// `--work-factor WF` where the binary has the hook; nothing (the real work factor) where not.
pub fn work_factor_args() -> &'static [&'static str] {
    if HOOKS { &["--work-factor", WF] } else { &[] }
}

/// The watchdog of every command and every terminal read: only a hang reaches it. Ten minutes,
/// never a measure of speed: on a 2-core machine at load 9 a command took over a minute
/// (issue 22, item 15). Polling stays short; only the give-up is far away.
pub const TIMEOUT: Duration = Duration::from_secs(600);

/// The committed fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// `passphrase` as the library takes it.
pub fn secret(passphrase: &str) -> SecretString {
    SecretString::from(passphrase.to_owned())
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// What a finished command left: exit code, standard output, standard error.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Output {
    /// Panics, showing both streams, unless the exit code is `code`.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code {} instead of {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Panics unless the command succeeded.
    #[track_caller]
    pub fn ok(&self) -> &Self {
        self.code(0)
    }

    /// Panics unless standard error contains `text`.
    #[track_caller]
    pub fn stderr_has(&self, text: &str) -> &Self {
        assert!(self.stderr.contains(text), "stderr lacks {text:?}:\n{}", self.stderr);
        self
    }

    /// Panics unless standard output contains `text`.
    #[track_caller]
    pub fn stdout_has(&self, text: &str) -> &Self {
        assert!(self.stdout.contains(text), "stdout lacks {text:?}:\n{}", self.stdout);
        self
    }

    /// The (code, stdout, stderr) triple.
    pub fn triple(&self) -> (i32, &str, &str) {
        (self.code, &self.stdout, &self.stderr)
    }

    /// The check code printed on a `Codice di controllo: ` / `Check code: ` line.
    pub fn check_code(&self) -> String {
        self.stdout
            .lines()
            .find_map(|l| {
                l.strip_prefix("Codice di controllo: ").or_else(|| l.strip_prefix("Check code: "))
            })
            .unwrap_or_else(|| panic!("no check code in:\n{}", self.stdout))
            .trim()
            .to_owned()
    }
}

/// A `Command` for the binary, set up the way every test runs it: no terminal (stdin is null),
/// the C locale (so Italian, the default), no inherited language choice.
pub fn command(dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .stdin(Stdio::null());
    cmd
}

/// Runs `cmd` to the end, or kills it and panics after [`TIMEOUT`].
#[track_caller]
pub fn run_command(mut cmd: Command) -> Output {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not end within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    Output {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
        elapsed,
    }
}

/// A fresh folder with `source/`, `stick/` and `target/`, deleted when dropped.
pub struct TestEnv {
    dir: tempfile::TempDir,
    lang: Option<&'static str>,
}

impl TestEnv {
    /// An environment with an empty `source/`.
    pub fn new() -> TestEnv {
        let dir = tempfile::Builder::new().prefix("sigillo-test-").tempdir().unwrap();
        for sub in ["source", "stick", "target", "secrets", "tmp"] {
            fs::create_dir(dir.path().join(sub)).unwrap();
        }
        TestEnv { dir, lang: None }
    }

    /// An environment whose `source/` is a copy of `fixtures/<name>/`.
    pub fn with_fixture(name: &str) -> TestEnv {
        let env = TestEnv::new();
        for entry in fs::read_dir(fixtures().join(name)).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), env.source().join(entry.file_name())).unwrap();
        }
        env
    }

    /// Runs every later command with `--lang <lang>`.
    pub fn lang(mut self, lang: &'static str) -> TestEnv {
        self.lang = Some(lang);
        self
    }

    /// The root of the environment (every command's working folder).
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The key folder of the source PC.
    pub fn source(&self) -> PathBuf {
        self.root().join("source")
    }

    /// The USB stick.
    pub fn stick(&self) -> PathBuf {
        self.root().join("stick")
    }

    /// The key folder of the target PC.
    pub fn target(&self) -> PathBuf {
        self.root().join("target")
    }

    /// A path under the root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes a secret file under `secrets/` and returns its path (relative to the root, as
    /// commands see it).
    pub fn secret_file(&self, name: &str, content: &str) -> String {
        fs::write(self.root().join("secrets").join(name), content).unwrap();
        format!("secrets/{name}")
    }

    /// The keys' password file (`Prova.2026`).
    pub fn password_file(&self) -> String {
        self.secret_file("password.txt", &format!("{PASSWORD}\n"))
    }

    /// The vault passphrase file ([`PASSPHRASE`]).
    pub fn passphrase_file(&self) -> String {
        self.secret_file("passphrase.txt", &format!("{PASSPHRASE}\n"))
    }

    /// A command for the binary with `args`, in this environment.
    pub fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = command(self.root());
        // Temporary files too stay inside the environment, where tests can see them.
        cmd.env("TMPDIR", self.root().join("tmp"));
        if let Some(lang) = self.lang {
            cmd.args(["--lang", lang]);
        }
        cmd.args(args);
        cmd
    }

    /// Runs the binary with `args`.
    #[track_caller]
    pub fn run<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        run_command(self.command(args))
    }

    /// `seal --from source --out <out>` at the test work factor, secrets from files, plus `extra`.
    #[track_caller]
    pub fn seal(&self, out: &str, extra: &[&str]) -> Output {
        let password = self.password_file();
        let passphrase = self.passphrase_file();
        let mut args = vec!["seal"];
        args.extend(work_factor_args());
        args.extend(["--from", "source", "--out", out]);
        args.extend(["--password-file", &password, "--passphrase-file", &passphrase]);
        args.extend(extra);
        self.run(args)
    }

    /// `seal --from <from> --out stick/v.age` at the test work factor with the given secret
    /// files.
    #[track_caller]
    pub fn seal_with(&self, from: &str, password_file: &str, passphrase_file: &str) -> Output {
        let mut args = vec!["seal"];
        args.extend(work_factor_args());
        args.extend(["--from", from, "--out", "stick/v.age"]);
        args.extend(["--password-file", password_file, "--passphrase-file", passphrase_file]);
        self.run(args)
    }

    /// Seals `source/` into `stick/<name>` and panics unless it worked.
    #[track_caller]
    pub fn sealed(&self, name: &str) -> PathBuf {
        self.seal(&format!("stick/{name}"), &[]).ok();
        self.stick().join(name)
    }

    /// `verify <vault>` with the passphrase file holding `passphrase`.
    #[track_caller]
    pub fn verify_with(&self, vault: &str, passphrase: &str) -> Output {
        let file = self.secret_file("other-passphrase.txt", &format!("{passphrase}\n"));
        self.run(["verify", vault, "--passphrase-file", &file])
    }

    /// `verify <vault>` with the right passphrase.
    #[track_caller]
    pub fn verify(&self, vault: &str) -> Output {
        let file = self.passphrase_file();
        self.run(["verify", vault, "--passphrase-file", &file])
    }

    /// Every file and folder under `dir`, relative to it, sorted, with file sizes: what a test
    /// compares before and after to prove nothing was written. A key folder's lock file is left
    /// out: sigillo's own, made by the first run that changes the folder, and kept by design.
    pub fn listing(&self, dir: &Path) -> Vec<String> {
        fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
            for entry in fs::read_dir(dir).unwrap() {
                let entry = entry.unwrap();
                if entry.file_name() == LOCK_NAME {
                    continue;
                }
                let path = entry.path();
                let rel = path.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                let meta = fs::symlink_metadata(&path).unwrap();
                if meta.is_dir() {
                    out.push(format!("{rel}/"));
                    walk(base, &path, out);
                } else {
                    out.push(format!("{rel} {}", meta.len()));
                }
            }
        }
        let mut out = Vec::new();
        walk(dir, dir, &mut out);
        out.sort();
        out
    }

    /// The names of the files on the stick.
    pub fn stick_files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.stick())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// Small fake key files, shaped enough for the vault (which checks hashes, not formats).
pub fn fake_files() -> Vec<(sigillo::keyset::KeyKind, Vec<u8>)> {
    use sigillo::keyset::KeyKind;
    let mut utef = vec![0x30, 0x81, 0x60];
    utef.extend((0u8..0x60).map(|i| i.wrapping_mul(7)));
    let mut utec = vec![0x30, 0x81, 0x50];
    utec.extend((0u8..0x50).map(|i| i.wrapping_mul(13)));
    let mut utente = vec![0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2];
    utente.extend((0u8..0x70).map(|i| i.wrapping_mul(29)));
    vec![(KeyKind::Utef, utef), (KeyKind::Utec, utec), (KeyKind::Utente, utente)]
}

/// A manifest that matches `files`, as seal would write it.
pub fn manifest_for(files: &[(sigillo::keyset::KeyKind, Vec<u8>)]) -> sigillo::vault::Manifest {
    use sigillo::vault::{self, FileEntry, Manifest};
    Manifest {
        format: vault::FORMAT.into(),
        version: vault::VERSION,
        created_at: "2026-11-02T10:00:00+01:00".parse().unwrap(),
        created_by: "sigillo 0.1.0".into(),
        source_host: "PC-STUDIO".into(),
        profile: vault::PROFILE.into(),
        subject: "Studio Demo Rossi".into(),
        files: files
            .iter()
            .map(|(kind, bytes)| FileEntry {
                name: kind.name().into(),
                size: bytes.len() as u64,
                sha256: sigillo::hash::Sha256::of(bytes),
                modified: Some("2026-11-01T09:00:00+01:00".parse().unwrap()),
            })
            .collect(),
        certificates: Vec::new(),
        password: true,
    }
}

/// The contents of a small, valid vault: fake files, their manifest, the password.
pub fn small_contents() -> sigillo::vault::Contents {
    let files = fake_files();
    sigillo::vault::Contents {
        manifest: manifest_for(&files),
        files: files.into_iter().map(|(kind, bytes)| (kind, bytes.into())).collect(),
        password: Some(secret(PASSWORD)),
    }
}

/// Encrypts a (compressed) plaintext to [`PASSPHRASE`] at work factor 10, as the library does.
pub fn encrypt(plaintext: &[u8]) -> Vec<u8> {
    sigillo::vault::encrypt(plaintext, &secret(PASSPHRASE), 10, false).unwrap()
}

/// A small valid vault (a few hundred bytes), made with the library at work factor 10.
pub fn small_vault() -> Vec<u8> {
    let packed = sigillo::vault::pack(&small_contents(), 1_793_000_000).unwrap();
    encrypt(&packed)
}

/// A test that cannot run here says SKIPPED and passes — unless CI requires every test to run
/// (`SIGILLO_REQUIRE_INTEROP=1`, set by `.ci/run`), where it fails instead.
pub fn skip(test: &str, why: &str) {
    let required = std::env::var("SIGILLO_REQUIRE_INTEROP").is_ok_and(|v| v == "1");
    assert!(!required, "{test}: cannot run ({why}) and SIGILLO_REQUIRE_INTEROP=1");
    eprintln!("{test}: SKIPPED, {why}");
}
