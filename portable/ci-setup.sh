#!/usr/bin/env bash
# ci-setup.sh — installs what portable/build-stick.sh, wine-test.sh and wine-gui-test.sh need on a clean
# Debian 12 machine that has only Rust (rustup): the mingw-w64 and musl C toolchains, Wine, and the
# two Rust targets for the toolchain pinned in rust-toolchain.toml. Safe to run twice.
#
# Usage: portable/ci-setup.sh            (as root, or with sudo available)
# Exit: 0 ready · 1 apt failed or no root · 3 the Rust targets cannot be installed (offline or a
# linked toolchain): skip the stick build and the Wine test.
#
# Measured on a 2-core Debian 12 machine: the apt part took 28 s (109 packages, 266 MB downloaded,
# 1.4 GB installed, almost all of it Wine and its recommended libraries); the targets ~10 s.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PACKAGES=(
    gcc-mingw-w64-x86-64        # x86_64-w64-mingw32-gcc: links sigillo.exe, compiles zstd-sys, the Wine helpers
    binutils-mingw-w64-x86-64   # x86_64-w64-mingw32-objdump: the .exe's DLL imports check
    musl-tools                  # musl-gcc: zstd-sys for the static Linux binary
    wine64                      # /usr/lib/wine/wine64: runs sigillo.exe in wine-test.sh
    file                        # checks what the binaries are
    python3-pefile              # portable/check-resources.py: the .exe's version info, icon, manifest
    tmux                        # wine-test.sh drives sigillo.exe at a real console (guided mode, the double-click pause)
    xvfb                        # Xvfb: a screen for the window in wine-gui-test.sh
    xdotool                     # drives the window by keyboard in wine-gui-test.sh
    imagemagick                 # import: the screenshots of each page (portable/screenshots/)
)

SUDO=
if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null || { echo "ci-setup: run as root or install sudo" >&2; exit 1; }
    SUDO=sudo
fi

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "ci-setup: apt-get install ${missing[*]}"
    $SUDO apt-get update -q
    # With Recommends, as tested (wine64 recommends the `wine` wrapper package and the libraries
    # Wine's DLLs load at run time).
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

# The two Rust targets, for the toolchain pinned in rust-toolchain.toml (run inside the repository
# so the override applies). A machine that cannot download them (offline, or a toolchain linked
# with `rustup toolchain link`) cannot cross-build: exit 3 so the caller can skip the Wine test.
cd "$ROOT"
# shellcheck source=portable/cross-env.sh
source "$ROOT/portable/cross-env.sh"
for target in x86_64-pc-windows-gnu x86_64-unknown-linux-musl; do
    sigillo_has_target "$target" && continue
    if ! rustup target add "$target"; then
        echo "ci-setup: cannot install the Rust target $target for $(rustc --version)." >&2
        echo "ci-setup: the stick build and the Wine test cannot run on this machine." >&2
        exit 3
    fi
done

echo "ci-setup: ready. Build the stick:  portable/build-stick.sh    Test under Wine:  portable/wine-test.sh"
