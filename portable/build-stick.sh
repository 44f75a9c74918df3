#!/usr/bin/env bash
# build-stick.sh — builds the folder that goes on the USB stick:
#
#   sigillo.exe   Windows x86-64 (x86_64-pc-windows-gnu, mingw-w64, static CRT, no DLLs but Windows' own)
#   sigillo       Linux x86-64 (x86_64-unknown-linux-musl, static)
#   LEGGIMI.txt   the one-page Italian guide (CRLF, UTF-8 with BOM, for Notepad)
#   SHA256SUMS.txt  the SHA-256 of the three files above (`sha256sum -c SHA256SUMS.txt`; CRLF)
#
# Usage: portable/build-stick.sh [OUTDIR]        (default: dist/stick/ in the repository)
#
# Installs nothing: when a prerequisite is missing it says what to apt-get / rustup and stops
# (portable/ci-setup.sh installs all of them). Honors CARGO_TARGET_DIR (default: target/).
#
# Reproducible (issue 24): the same commit, built with the toolchain printed below (Rust pinned by
# rust-toolchain.toml, Debian 12's mingw-w64 and musl), gives the same bytes from any folder, any
# CARGO_HOME, any day; cross-env.sh sets how. The script refuses to write a stick whose binaries
# hold a folder name of this machine. `.ci/run` builds twice from two folders and compares.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/dist/stick}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

say() { printf '==> %s\n' "$*"; }
die() { printf 'build-stick: %s\n' "$*" >&2; exit 1; }

# shellcheck source=portable/cross-env.sh
source "$ROOT/portable/cross-env.sh"
WIN=$SIGILLO_WIN_TARGET
LINUX=$SIGILLO_LINUX_TARGET

cd "$ROOT"   # so rustup/cargo use the toolchain pinned in rust-toolchain.toml

# --- prerequisites ------------------------------------------------------------------------------
missing_apt=()
missing_target=()
command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs)"
for tool in x86_64-w64-mingw32-gcc:gcc-mingw-w64-x86-64 \
            x86_64-w64-mingw32-ar:binutils-mingw-w64-x86-64 \
            x86_64-w64-mingw32-objdump:binutils-mingw-w64-x86-64 \
            musl-gcc:musl-tools \
            file:file; do
    command -v "${tool%%:*}" >/dev/null || missing_apt+=("${tool#*:}")
done
sigillo_has_pefile || missing_apt+=(python3-pefile)
for target in "$WIN" "$LINUX"; do
    sigillo_has_target "$target" || missing_target+=("$target")
done
if ((${#missing_apt[@]} + ${#missing_target[@]})); then
    echo "build-stick: missing prerequisites. Install them with:" >&2
    if ((${#missing_apt[@]})); then
        # shellcheck disable=SC2046
        echo "    sudo apt-get install -y $(printf '%s\n' "${missing_apt[@]}" | sort -u | tr '\n' ' ')" >&2
    fi
    if ((${#missing_target[@]})); then
        echo "    rustup target add ${missing_target[*]}    (run inside $ROOT: pinned toolchain)" >&2
    fi
    echo "(or run portable/ci-setup.sh, which installs all of them)" >&2
    exit 1
fi
[[ -f "$ROOT/portable/LEGGIMI.txt" ]] || die "portable/LEGGIMI.txt is missing"
[[ -z "$SIGILLO_REPRO_PROBLEM" ]] || die "$SIGILLO_REPRO_PROBLEM"
# Cargo takes RUSTFLAGS (or its encoded form) *instead of* the target flags cross-env.sh sets:
# the exe would lose its static CRT and keep this machine's paths.
for var in RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS; do
    [[ -z "${!var:-}" ]] || die "$var is set (${!var}): it would replace the stick's own flags; unset it"
done

# --- the toolchain: pinned, and printed so a rebuild can use the same -----------------------------
# Rust: rust-toolchain.toml. Anything else gives other bytes, so it is an error.
pinned_rust=$(sed -n 's/^channel = "\(.*\)"$/\1/p' rust-toolchain.toml)
rustc_version=$(rustc --version)
[[ "$rustc_version" == "rustc $pinned_rust "* ]] ||
    die "$rustc_version is not the pinned Rust $pinned_rust (rust-toolchain.toml); run inside the repository with rustup"
# The C toolchains and the mingw runtime linked into the exe: what Debian 12 (bookworm) ships,
# as the release was built. Another version builds a working stick with other bytes: a warning.
PINNED_DEBIAN=(
    gcc-mingw-w64-x86-64-win32=12.2.0-14+deb12u1+25.2+b1   # x86_64-w64-mingw32-gcc (links the exe, zstd-sys)
    binutils-mingw-w64-x86-64=2.40-2+10.4                 # ld, windres (the .exe's resources)
    mingw-w64-x86-64-dev=10.0.0-3                         # the mingw-w64 CRT linked statically
    musl-tools=1.2.3-1                                    # musl-gcc (zstd-sys for Linux)
    musl-dev=1.2.3-1
    gcc-12=12.2.0-14+deb12u1                              # links the Linux binary
    binutils=2.40-2
)
say "toolchain (a rebuild that should give the same bytes needs the same):"
printf '    %s\n' "$rustc_version" "$(cargo --version)" \
    "$(rustc -vV | sed -n 's/^LLVM version: /LLVM /p')"
toolchain_warnings=0
for pin in "${PINNED_DEBIAN[@]}"; do
    package=${pin%%=*}
    want=${pin#*=}
    have=$(dpkg-query -W -f='${Version}' "$package" 2>/dev/null) || have="(not installed)"
    if [[ "$have" == "$want" ]]; then
        printf '    %-28s %s\n' "$package" "$have"
    else
        printf '    %-28s %s   WARNING: pinned %s\n' "$package" "$have" "$want"
        toolchain_warnings=$((toolchain_warnings + 1))
    fi
done
((toolchain_warnings == 0)) ||
    echo "build-stick: WARNING: $toolchain_warnings tool(s) differ from the pinned ones: the binaries will work but may not match the published SHA-256" >&2
say "commit ${SIGILLO_COMMIT:-unknown (no .git and no SIGILLO_COMMIT)}${SOURCE_DATE_EPOCH:+, SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH}"
[[ "${SIGILLO_COMMIT:-}" != *-dirty ]] ||
    echo "build-stick: WARNING: tracked files differ from the commit: this stick is not the commit's" >&2

# --- build ----------------------------------------------------------------------------------------
say "cargo build --release --locked --target $WIN --target $LINUX  (target dir: $TARGET_DIR)"
start=$SECONDS
cargo build --release --locked --bin sigillo --target "$WIN" --target "$LINUX"
say "built in $((SECONDS - start)) s"

EXE=$TARGET_DIR/$WIN/release/sigillo.exe
ELF=$TARGET_DIR/$LINUX/release/sigillo
[[ -f "$EXE" ]] || die "expected $EXE after the build"
[[ -f "$ELF" ]] || die "expected $ELF after the build"

# --- checks on the binaries -----------------------------------------------------------------------
fail=0
# Windows: every imported DLL must be one Windows itself ships (system32 or an API set).
# mingw runtime DLLs (libgcc_s_seh-1, libwinpthread-1, libstdc++-6, libssp-0) are not on a clean PC.
# comctl32, gdi32 and uxtheme (the theme of the window's controls: OpenThemeData, DrawThemeBackground)
# are in System32 of every Windows since XP.
system_dll='^(kernel32|kernelbase|ntdll|advapi32|bcrypt|bcryptprimitives|msvcrt|ucrtbase|user32|shell32|ole32|oleaut32|comctl32|gdi32|uxtheme|ws2_32|userenv|secur32|crypt32|psapi|pdh|powrprof|iphlpapi|netapi32|shlwapi|version|api-ms-win-[a-z0-9-]+)\.dll$'
mapfile -t dlls < <(x86_64-w64-mingw32-objdump -p "$EXE" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr '[:upper:]' '[:lower:]' | sort -u)
((${#dlls[@]})) || { echo "FAIL: objdump found no imports in $EXE" >&2; fail=1; }
for dll in "${dlls[@]}"; do
    if [[ ! "$dll" =~ $system_dll ]]; then
        echo "FAIL: sigillo.exe imports $dll, which is not a Windows system DLL" >&2
        fail=1
    fi
done
say "sigillo.exe imports: ${dlls[*]}"
file "$EXE" | grep -q 'PE32+ executable (console) x86-64' ||
    { echo "FAIL: $EXE is not a PE32+ x86-64 console program: $(file -b "$EXE")" >&2; fail=1; }
# What Windows shows of it: version information, icon, manifest (build.rs, portable/windows/).
if ! resources=$("$SIGILLO_PYTHON" "$ROOT/portable/check-resources.py" "$EXE" 2>&1); then
    grep -v '^ok - ' <<<"$resources" >&2
    echo "FAIL: sigillo.exe lacks some of its Windows resources (portable/check-resources.py)" >&2
    fail=1
fi
say "sigillo.exe resources: $(tail -1 <<<"$resources")"

# No folder of this machine inside either binary (panic locations, C file names): the remapping in
# cross-env.sh, checked. Each folder as given and as resolved.
# Also the home folder, which no remapping names (a RUSTUP_HOME elsewhere would show up here).
leaks=0
for f in "$EXE" "$ELF"; do
    while read -r folder _; do
        # Not inside a longer name: a checkout at /src is not found in /cargo/registry/src.
        hits=$( { grep -a -o -P -- "(?<![A-Za-z0-9._/-])\\Q$folder\\E" "$f" || true; } | wc -l)
        if ((hits)); then
            echo "FAIL: $(basename "$f") holds the build path $folder ($hits times): strings -a $f | grep -F '$folder'" >&2
            leaks=1
        fi
    done < <(sigillo_remaps; [[ -z "${HOME:-}" || "$HOME" == / ]] || echo "$HOME")
done
if ((leaks)); then fail=1; else say "no build path in either binary"; fi
say "sigillo.exe $(TZ=UTC x86_64-w64-mingw32-objdump -p "$EXE" | sed -n 's/^Time\/Date[[:space:]]*/PE time stamp: /p')"

# Linux: static. `file` says "statically linked" (or "static-pie linked"); ldd has nothing to load.
elf_kind=$(file -b "$ELF")
if [[ "$elf_kind" != *"statically linked"* && "$elf_kind" != *"static-pie linked"* ]]; then
    echo "FAIL: sigillo (Linux) is not static: $elf_kind" >&2
    fail=1
fi
if command -v ldd >/dev/null; then
    ldd_out=$(ldd "$ELF" 2>&1 || true)
    if [[ "$ldd_out" != *"not a dynamic executable"* && "$ldd_out" != *"statically linked"* ]]; then
        echo "FAIL: ldd lists libraries for sigillo (Linux): $ldd_out" >&2
        fail=1
    fi
fi
say "sigillo (Linux): $elf_kind"
# The Linux binary runs here: a smoke test that it starts and speaks.
if [[ "$(uname -sm)" == "Linux x86_64" ]]; then
    LANG=C.UTF-8 LC_ALL='' "$ELF" --help | grep -q 'Uso:' ||
        { echo "FAIL: sigillo (Linux) --help did not print the Italian help" >&2; fail=1; }
fi
((fail == 0)) || die "the binaries failed the checks above; the stick folder was not written"

# --- the stick folder -----------------------------------------------------------------------------
mkdir -p "$OUT"
# Only what the office worker needs. Never the Wine test stub (bcryptprimitives.dll): real Windows
# has the real one, and a stray copy beside the .exe would shadow it.
rm -f "$OUT/sigillo.exe" "$OUT/sigillo" "$OUT/LEGGIMI.txt" "$OUT/SHA256SUMS.txt" "$OUT/bcryptprimitives.dll"
cp "$EXE" "$OUT/sigillo.exe"
cp "$ELF" "$OUT/sigillo"
chmod 0755 "$OUT/sigillo"
# LEGGIMI.txt for Notepad: CRLF line endings and a UTF-8 BOM, whatever git did to the checkout.
{
    printf '\xEF\xBB\xBF'
    sed -e '1s/^\xEF\xBB\xBF//' -e 's/\r$//' -e 's/$/\r/' "$ROOT/portable/LEGGIMI.txt"
} >"$OUT/LEGGIMI.txt"

# SHA256SUMS.txt: what LEGGIMI.txt tells the office to compare with the SHA-256 published with the
# release (certutil -hashfile sigillo.exe SHA256). sha256sum's own format, so `sha256sum -c` checks
# it; CRLF for Notepad (GNU sha256sum -c accepts CRLF).
(cd "$OUT" && sha256sum sigillo.exe sigillo LEGGIMI.txt) | sed 's/$/\r/' >"$OUT/SHA256SUMS.txt"
(cd "$OUT" && sha256sum --quiet -c SHA256SUMS.txt) || die "SHA256SUMS.txt does not check out"

say "stick folder: $OUT"
for f in sigillo.exe sigillo LEGGIMI.txt SHA256SUMS.txt; do
    printf '    %-14s %10s bytes  (%s)  sha256 %s\n' "$f" "$(stat -c %s "$OUT/$f")" \
        "$(du -h --apparent-size "$OUT/$f" | cut -f1)" "$(sha256sum "$OUT/$f" | cut -c1-16)"
done
say "publish with the release: SHA-256 of sigillo.exe $(sha256sum "$OUT/sigillo.exe" | cut -d' ' -f1)"
say "and of sigillo (Linux):                         $(sha256sum "$OUT/sigillo" | cut -d' ' -f1)"
