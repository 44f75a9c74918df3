# cross-env.sh — sourced by build-stick.sh and wine-test.sh: how to cross-build sigillo.
#
# Target-specific variables only, so host build scripts and a plain `cargo build` are untouched
# (and the repository needs no .cargo/config.toml):
#  - Windows (x86_64-pc-windows-gnu): Debian's mingw-w64 gcc links; the cc crate compiles zstd-sys's
#    C with the same gcc; +crt-static links libgcc and winpthread statically, so the .exe imports
#    only Windows' own DLLs.
#  - Linux (x86_64-unknown-linux-musl): Rust's musl target is static by default; zstd-sys's C is
#    compiled with musl-gcc (Debian's musl-tools).
#  - Reproducible (issue 24): the same commit gives the same bytes from any folder, CARGO_HOME or
#    day. Build paths are remapped to fixed names in Rust (--remap-path-prefix: panic locations
#    name `/cargo/registry/src/…/age-0.12.1/src/…`, not the builder's home) and in C
#    (-ffile-prefix-map, zstd-sys); the PE header gets no link time (--no-insert-timestamp); the
#    exe's import table does not depend on the target dir's path (portable/bin/sigillo-mingw-gcc);
#    SOURCE_DATE_EPOCH is the commit's date; SIGILLO_COMMIT is the commit `sigillo --version` names.
# Values already in the environment win, except that +crt-static and the path remapping are
# always added.
# shellcheck shell=bash disable=SC2034

SIGILLO_WIN_TARGET=x86_64-pc-windows-gnu
SIGILLO_LINUX_TARGET=x86_64-unknown-linux-musl

# The Windows linker is mingw's gcc, through portable/bin/sigillo-mingw-gcc (on PATH under that
# fixed name, so the setting is the same string in every checkout): see that script and below.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER:-sigillo-mingw-gcc}
case " ${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS:-} " in
    *crt-static*) ;;
    *) export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS:+$CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS }-C target-feature=+crt-static" ;;
esac
export CC_x86_64_pc_windows_gnu=${CC_x86_64_pc_windows_gnu:-x86_64-w64-mingw32-gcc}
export AR_x86_64_pc_windows_gnu=${AR_x86_64_pc_windows_gnu:-x86_64-w64-mingw32-ar}
export CC_x86_64_unknown_linux_musl=${CC_x86_64_unknown_linux_musl:-musl-gcc}

# --- reproducible builds ---------------------------------------------------------------------------
SIGILLO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case ":$PATH:" in
    *":$SIGILLO_ROOT/portable/bin:"*) ;;
    *) export PATH="$SIGILLO_ROOT/portable/bin:$PATH" ;;
esac
SIGILLO_SYSROOT=$(cd "$SIGILLO_ROOT" && rustc --print sysroot 2>/dev/null) || SIGILLO_SYSROOT=
# The scripts run cargo in the checkout: a relative target dir is relative to it.
SIGILLO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
[[ "$SIGILLO_TARGET_DIR" == /* ]] || SIGILLO_TARGET_DIR=$SIGILLO_ROOT/$SIGILLO_TARGET_DIR

# Every folder whose name could end up in a binary, and the fixed name it gets. Both the path as
# given and as resolved (cargo and gcc see the resolved one when a symlink leads there). Sorted
# shortest first, because rustc applies the *last* prefix that matches: a target dir inside the
# checkout must be named by its own rule, not the checkout's.
sigillo_remaps() {
    local cargo_home=${CARGO_HOME:-$HOME/.cargo} from to
    while read -r from to; do
        [[ -n "$from" ]] || continue
        printf '%s %s\n' "$from" "$to"
        if [[ -e "$from" ]]; then printf '%s %s\n' "$(realpath "$from")" "$to"; fi
    done <<EOF_REMAPS | awk '!seen[$1]++ { print length($1), $0 }' | sort -n -s -k1,1 | cut -d' ' -f2-
$SIGILLO_SYSROOT /rustc/sysroot
$cargo_home /cargo
$SIGILLO_ROOT /sigillo
$SIGILLO_TARGET_DIR /sigillo/target
EOF_REMAPS
}
# A folder name with a space cannot be passed through RUSTFLAGS/CFLAGS (cargo and cc split them on
# whitespace): build-stick.sh refuses it rather than ship a build path.
SIGILLO_REPRO_PROBLEM=
SIGILLO_REMAP_RUST=
SIGILLO_REMAP_C=
while read -r from to; do
    if [[ "$from" == *[[:space:]]* ]]; then
        SIGILLO_REPRO_PROBLEM="the folder \"$from\" has a space in its name; build from a folder without spaces"
        continue
    fi
    SIGILLO_REMAP_RUST+=" --remap-path-prefix=$from=$to"
    SIGILLO_REMAP_C+=" -ffile-prefix-map=$from=$to"
done < <(sigillo_remaps)

# Always added, after any already there: rustc and gcc apply the last that matches, so a copy
# exported by a script sourced for another checkout cannot name this one.
for var in CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS; do
    export "$var=${!var:+${!var} }${SIGILLO_REMAP_RUST# }"
done
for var in CFLAGS_x86_64_pc_windows_gnu CFLAGS_x86_64_unknown_linux_musl; do
    export "$var=${!var:+${!var} }${SIGILLO_REMAP_C# }"
done
# For sigillo-mingw-gcc: the folders it hides from ld behind fixed names, as given and resolved.
SIGILLO_LINK_SYSROOT=$SIGILLO_SYSROOT
SIGILLO_LINK_TARGET_DIR=$SIGILLO_TARGET_DIR
[[ ! -e "$SIGILLO_SYSROOT" ]] || SIGILLO_LINK_SYSROOT+=$'\n'$(realpath "$SIGILLO_SYSROOT")
[[ ! -e "$SIGILLO_TARGET_DIR" ]] || SIGILLO_LINK_TARGET_DIR+=$'\n'$(realpath "$SIGILLO_TARGET_DIR")
export SIGILLO_LINK_SYSROOT SIGILLO_LINK_TARGET_DIR
# The PE header's TimeDateStamp is the link time unless told otherwise: zero, as Go and
# `link /Brepro` do, so the exe does not depend on SOURCE_DATE_EPOCH either.
case " $CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS " in
    *no-insert-timestamp*) ;;
    *) CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS+=" -C link-arg=-Wl,--no-insert-timestamp" ;;
esac

# The commit the binaries are built from, for `sigillo --version` (src/lib.rs: COMMIT). In a git
# checkout, git says it (`-dirty` when tracked files differ from it) and an SIGILLO_COMMIT already
# set must agree; from a tarball without .git, SIGILLO_COMMIT is taken from the environment (the
# full commit id the tarball was made from) or left unset: the binary then says "unknown".
# SOURCE_DATE_EPOCH (Reproducible Builds' convention) is the commit's date, for any tool that
# stamps a date; sigillo's binaries do not depend on it.
if [[ -e "$SIGILLO_ROOT/.git" ]]; then
    if sigillo_git_commit=$(git -C "$SIGILLO_ROOT" rev-parse --verify HEAD 2>/dev/null); then
        # `status` (not `diff-index`) so a file merely touched, same content, is not "changed".
        [[ -z "$(git -C "$SIGILLO_ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]] ||
            sigillo_git_commit+=-dirty
        if [[ -n "${SIGILLO_COMMIT:-}" && "$SIGILLO_COMMIT" != "$sigillo_git_commit" ]]; then
            SIGILLO_REPRO_PROBLEM="SIGILLO_COMMIT=$SIGILLO_COMMIT, but the checkout is at $sigillo_git_commit"
        fi
        export SIGILLO_COMMIT=$sigillo_git_commit
        export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$SIGILLO_ROOT" log -1 --format=%ct HEAD)}
    else
        SIGILLO_REPRO_PROBLEM="git cannot read the commit of $SIGILLO_ROOT (git rev-parse HEAD failed)"
    fi
fi
if [[ -n "${SIGILLO_COMMIT:-}" && ! "$SIGILLO_COMMIT" =~ ^[0-9a-f]{40}(-dirty)?$ ]]; then
    SIGILLO_REPRO_PROBLEM="SIGILLO_COMMIT=$SIGILLO_COMMIT is not a full commit id (40 lower-case hex digits)"
    unset SIGILLO_COMMIT
fi

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
