# cross-env.sh — sourced by build-stick.sh and wine-test.sh: how to cross-build sigillo.
#
# Target-specific variables only, so host build scripts and a plain `cargo build` are untouched
# (and the repository needs no .cargo/config.toml):
#  - Windows (x86_64-pc-windows-gnu): Debian's mingw-w64 gcc links; the cc crate compiles zstd-sys's
#    C with the same gcc; +crt-static links libgcc and winpthread statically, so the .exe imports
#    only Windows' own DLLs.
#  - Linux (x86_64-unknown-linux-musl): Rust's musl target is static by default; zstd-sys's C is
#    compiled with musl-gcc (Debian's musl-tools).
# Values already in the environment win, except that +crt-static is always added for Windows.
# shellcheck shell=bash disable=SC2034

SIGILLO_WIN_TARGET=x86_64-pc-windows-gnu
SIGILLO_LINUX_TARGET=x86_64-unknown-linux-musl

export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER:-x86_64-w64-mingw32-gcc}
case " ${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS:-} " in
    *crt-static*) ;;
    *) export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS:+$CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS }-C target-feature=+crt-static" ;;
esac
export CC_x86_64_pc_windows_gnu=${CC_x86_64_pc_windows_gnu:-x86_64-w64-mingw32-gcc}
export AR_x86_64_pc_windows_gnu=${AR_x86_64_pc_windows_gnu:-x86_64-w64-mingw32-ar}
export CC_x86_64_unknown_linux_musl=${CC_x86_64_unknown_linux_musl:-musl-gcc}

# Whether the Rust standard library for target $1 is installed in the toolchain in use (works for
# rustup toolchains and for linked/custom ones, where `rustup target list` does not).
sigillo_has_target() {
    local sysroot
    sysroot=$(rustc --print sysroot 2>/dev/null) || return 1
    [[ -d "$sysroot/lib/rustlib/$1/lib" ]]
}

# The Python that runs portable/check-resources.py: Debian's own (/usr/bin/python3), where
# apt-get install python3-pefile puts pefile; a python3 earlier on PATH (pyenv, a venv) lacks it.
SIGILLO_PYTHON=${SIGILLO_PYTHON:-/usr/bin/python3}
[[ -x "$SIGILLO_PYTHON" ]] || SIGILLO_PYTHON=python3
sigillo_has_pefile() {
    "$SIGILLO_PYTHON" -c 'import pefile' 2>/dev/null
}
