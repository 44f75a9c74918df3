//! wipe on the file systems sticks really use: a FAT32 and an exFAT image, made with
//! `mkfs.vfat` and `mkfs.exfat` and mounted as `stick/` (issue 20: wipe left an empty randomly
//! named file on sticks).
//!
//! The Linux kernels of this project's machines and CI have no `vfat` or `exfat` driver
//! (`mount -o loop` answers "unknown filesystem type"), but they have FUSE and loop devices: the
//! images are mounted with the user-space drivers of the same on-disk formats, `fusefat` (on the
//! image file) and `exfat-fuse` (on a loop device). sigillo's own calls (`openat`, `renameat`,
//! `unlinkat`, `fsync`) go through the kernel to those drivers as they would to the kernel's.
//! After the wipe the image is unmounted and read raw: no byte of the old contents may be left
//! in it. Needs root, /dev/fuse, dosfstools, exfatprogs, fusefat and exfat-fuse (`.ci/run`
//! installs them); otherwise SKIPPED, a failure under SIGILLO_REQUIRE_INTEROP=1.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::env::{TestEnv, skip};

#[derive(Clone, Copy, Debug)]
enum Kind {
    Fat32,
    Exfat,
}

/// A FAT image mounted at a folder; unmounted (and its loop device freed) when dropped.
struct Mounted {
    at: PathBuf,
    loop_device: Option<String>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.unmount();
    }
}

impl Mounted {
    fn unmount(&mut self) {
        if !is_mount_point(&self.at) {
            return;
        }
        let _ = Command::new("fusermount").arg("-u").arg(&self.at).status();
        if is_mount_point(&self.at) {
            let _ = Command::new("umount").arg(&self.at).status();
        }
        if let Some(device) = self.loop_device.take() {
            let _ = Command::new("losetup").args(["-d", &device]).status();
        }
    }
}

fn is_mount_point(path: &Path) -> bool {
    let mounts = fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    let wanted = path.to_string_lossy().replace(' ', "\\040");
    mounts.lines().any(|line| line.split(' ').nth(1) == Some(wanted.as_str()))
}

fn run(program: &str, args: &[&str]) -> Result<String, String> {
    match Command::new(program).args(args).output() {
        Ok(out) if out.status.success() => Ok(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => {
            Err(format!("{program} failed: {}", String::from_utf8_lossy(&out.stderr).trim()))
        }
        Err(e) => Err(format!("{program} not found ({e})")),
    }
}

/// Makes a 40 MB image of `kind` in `image` and mounts it at `at`, or says why it cannot.
fn mount(kind: Kind, image: &Path, at: &Path) -> Result<Mounted, String> {
    if !rustix::process::geteuid().is_root() {
        return Err("not root (mounting needs it)".into());
    }
    if !Path::new("/dev/fuse").exists() {
        return Err("no /dev/fuse".into());
    }
    let file = fs::File::create(image).map_err(|e| e.to_string())?;
    file.set_len(40 * 1024 * 1024).map_err(|e| e.to_string())?;
    drop(file);
    let image_arg = image.to_str().unwrap();
    let at_arg = at.to_str().unwrap();
    match kind {
        Kind::Fat32 => {
            run("mkfs.vfat", &["-F", "32", image_arg])?;
            // hard_remove: a name unlinked while open goes at once, as on the kernel's vfat
            // (not renamed to .fuse_hidden until the close).
            run("fusefat", &["-o", "rw+,hard_remove", image_arg, at_arg])?;
            Ok(Mounted { at: at.to_owned(), loop_device: None })
        }
        Kind::Exfat => {
            run("mkfs.exfat", &["-L", "CHIAVETTA", image_arg])?;
            // Run as root, exfat-fuse mounts a block device (fuseblk): a loop device.
            let device = run("losetup", &["-f", "--show", image_arg])?.trim().to_owned();
            if let Err(e) = run("mount.exfat-fuse", &[&device, at_arg]) {
                let _ = Command::new("losetup").args(["-d", &device]).status();
                return Err(e);
            }
            Ok(Mounted { at: at.to_owned(), loop_device: Some(device) })
        }
    }
}

/// Whether `needle` occurs anywhere in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The stick's entries, waiting for a FUSE driver to finish a close: polled often, given up
/// only after minutes (a loaded machine is slow, never a reason to fail).
fn settled_entries(stick: &Path) -> Vec<String> {
    let start = Instant::now();
    loop {
        let mut names: Vec<String> = fs::read_dir(stick)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        if names.is_empty() || start.elapsed() > Duration::from_secs(120) {
            return names;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A vault-sized file whose every 64-byte line is distinct and findable in a raw image.
fn marked(tag: &str, lines: usize) -> Vec<u8> {
    (0..lines).flat_map(|n| format!("{tag}-{n:08}-{:-<40}\n", "").into_bytes()).collect()
}

fn wipe_leaves_nothing_on(kind: Kind) {
    let name = format!("wipe_on_a_{kind:?}_stick_leaves_nothing");
    let env = TestEnv::new();
    let image = env.path("tmp/chiavetta.img");
    let mut mounted = match mount(kind, &image, &env.stick()) {
        Ok(m) => m,
        Err(why) => return skip(&name, &why),
    };
    let vault = marked("VAULT", 5_000);
    let password = marked("PASSWORD", 20);
    fs::write(env.stick().join("chiavi-2025-03-01.age"), &vault).unwrap();
    fs::write(env.stick().join("Password.txt"), &password).unwrap();
    for file in ["chiavi-2025-03-01.age", "Password.txt"] {
        fs::File::open(env.stick().join(file)).unwrap().sync_all().unwrap();
    }
    // Not vacuous: the contents are in the image before the wipe.
    let raw = fs::read(&image).unwrap();
    assert!(contains(&raw, b"VAULT-00004999-"), "{kind:?}: the vault never reached the image");
    assert!(contains(&raw, b"PASSWORD-00000019-"), "{kind:?}: Password.txt never reached it");

    env.run(["wipe", "stick/chiavi-2025-03-01.age", "stick/Password.txt", "--yes"])
        .ok()
        .stdout_has("Cancellato: \"stick/chiavi-2025-03-01.age\"")
        .stdout_has("Cancellato: \"stick/Password.txt\"");
    assert_eq!(settled_entries(&env.stick()), Vec::<String>::new(), "{kind:?}: left on the stick");

    mounted.unmount();
    assert!(!is_mount_point(&env.stick()), "{kind:?}: still mounted");
    // Every line starts with its tag and a number: any surviving piece of a line shows one.
    let raw = fs::read(&image).unwrap();
    assert!(!contains(&raw, b"VAULT-0"), "{kind:?}: part of the vault is still in the image");
    assert!(!contains(&raw, b"PASSWORD-0"), "{kind:?}: part of Password.txt is still in the image");
}

#[test]
fn wipe_on_a_fat32_stick_leaves_nothing_and_no_old_byte() {
    wipe_leaves_nothing_on(Kind::Fat32);
}

#[test]
fn wipe_on_an_exfat_stick_leaves_nothing_and_no_old_byte() {
    wipe_leaves_nothing_on(Kind::Exfat);
}

/// The end of an install wipes the vault from a FAT32 stick when asked (`--wipe-vault`: without
/// a terminal nobody else can ask for it): nothing is left on it.
#[test]
fn install_from_a_fat32_stick_wipes_the_vault_and_leaves_the_stick_empty() {
    let name = "install_from_a_fat32_stick_wipes_the_vault_and_leaves_the_stick_empty";
    let _shared = crate::install::PROCESSES.read().unwrap();
    let env = TestEnv::with_fixture("demo");
    let image = env.path("tmp/chiavetta.img");
    let _mounted = match mount(Kind::Fat32, &image, &env.stick()) {
        Ok(m) => m,
        Err(why) => return skip(name, &why),
    };
    // Sealed beside the stick and copied on (sealing straight onto this FUSE driver's FAT is
    // another matter: fusefat answers EPERM to one of seal's calls and ENOSYS to std's `fs::copy`).
    env.seal("tmp/chiavi.age", &[]).ok();
    let vault = fs::read(env.path("tmp/chiavi.age")).unwrap();
    fs::write(env.stick().join("chiavi.age"), vault).unwrap();
    let passphrase = env.passphrase_file();
    env.run([
        "install",
        "stick/chiavi.age",
        "--to",
        "target",
        "--passphrase-file",
        &passphrase,
        "--yes",
        "--wipe-vault",
    ])
    .ok()
    .stdout_has("Cassaforte cancellata dalla chiavetta");
    assert_eq!(settled_entries(&env.stick()), Vec::<String>::new(), "left on the stick");
}
