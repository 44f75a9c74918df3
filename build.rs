//! Build script: gives `sigillo.exe` what a Windows program carries — version information,
//! an icon and an application manifest (`portable/windows/`).
//!
//! It acts only when the *target* is Windows (`CARGO_CFG_TARGET_OS`, not `cfg!(windows)`, which
//! is the host): a Linux or macOS build, and `cargo test` on them, compile nothing and need no
//! resource compiler. For `x86_64-pc-windows-gnu`, cross-built from Linux or built on Windows,
//! embed-resource runs mingw's `x86_64-w64-mingw32-windres` (override: `RC_<target>` or `RC`)
//! and links the result into the binary only, not into test executables.
//!
//! A Windows build without its resources fails here rather than ship an exe without its
//! manifest (`manifest_required`): the manifest is what keeps Windows from virtualising or
//! elevating sigillo, not decoration.

use std::env;
use std::fs;
use std::path::PathBuf;

const RESOURCES: &str = "portable/windows";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    for file in ["sigillo.rc", "sigillo.ico", "sigillo.exe.manifest"] {
        println!("cargo:rerun-if-changed={RESOURCES}/{file}");
    }

    // The version block is written from Cargo.toml's version, so the two can never disagree.
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out_dir.join("version.h"), version_header()).expect("write version.h in OUT_DIR");

    // windres resolves the .rc's ICON and RT_MANIFEST file names from the .rc's own folder;
    // embed-resource puts OUT_DIR (version.h) on the include path.
    embed_resource::compile(format!("{RESOURCES}/sigillo.rc"), embed_resource::NONE)
        .manifest_required()
        .unwrap_or_else(|e| {
            panic!(
                "{e}\nsigillo.exe needs its Windows resources: install mingw's windres \
                 (Debian: apt-get install binutils-mingw-w64-x86-64) or set RC to a resource compiler"
            )
        });
}

/// `version.h` for sigillo.rc: the numeric FILEVERSION parts, the version string, and the
/// pre-release flag when the version has a `-` part (`0.2.0-rc.1`).
fn version_header() -> String {
    let var = |name: &str| env::var(name).unwrap_or_else(|_| panic!("cargo sets {name}"));
    let version = var("CARGO_PKG_VERSION");
    // FILEVERSION parts are 16-bit; a larger number would be silently truncated by windres.
    let part = |name: &str| {
        let value = var(name);
        value.parse::<u16>().unwrap_or_else(|_| {
            panic!("{name}={value} does not fit a Windows FILEVERSION (0-65535)")
        });
        value
    };
    let flags = if var("CARGO_PKG_VERSION_PRE").is_empty() { "0" } else { "VS_FF_PRERELEASE" };
    format!(
        "// Written by build.rs from Cargo.toml; do not edit.\n\
         #define SIGILLO_VERSION_MAJOR {}\n\
         #define SIGILLO_VERSION_MINOR {}\n\
         #define SIGILLO_VERSION_PATCH {}\n\
         #define SIGILLO_VERSION_STRING \"{version}\"\n\
         #define SIGILLO_FILEFLAGS {flags}\n",
        part("CARGO_PKG_VERSION_MAJOR"),
        part("CARGO_PKG_VERSION_MINOR"),
        part("CARGO_PKG_VERSION_PATCH"),
    )
}
