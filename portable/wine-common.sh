# wine-common.sh — sourced by the Wine test scripts: finds Wine, builds or takes sigillo.exe, makes
# the sandbox (a Wine prefix, the stick as drive D:, the test-only bcryptprimitives.dll stub) and
# keeps the "ok - / not ok -" tally. The caller sets ROOT and sources cross-env.sh first.
#
# Environment (as wine-test.sh):
#   SIGILLO_WINEPREFIX=DIR  reuse a Wine prefix between runs (skips the ~10-30 s wineboot)
#   SIGILLO_WINE_KEEP=1     keep the temp folder (prefix, stick, outputs) for inspection
#   WINE64=PATH             the wine64 loader, if not in /usr/lib/wine
# shellcheck shell=bash disable=SC2034

wc_die() { printf '%s: %s\n' "${WC_NAME:-wine}" "$*" >&2; exit 1; }
note() { printf -- '--- %s\n' "$*"; }

# Sets WINE64 and WINESERVER; returns 1 (saying why in WC_MISSING) when Wine is not installed.
wc_find_wine() {
    local candidate
    WINE64=${WINE64:-}
    for candidate in /usr/lib/wine/wine64 "$(command -v wine64 2>/dev/null)" "$(command -v wine 2>/dev/null)"; do
        [[ -z "$WINE64" && -n "$candidate" && -x "$candidate" ]] && WINE64=$candidate
    done
    [[ -n "$WINE64" ]] || { WC_MISSING="wine64 (apt-get install wine64)"; return 1; }
    WINESERVER=$(dirname "$WINE64")/wineserver
    [[ -x "$WINESERVER" ]] || WINESERVER=$(command -v wineserver 2>/dev/null) ||
        { WC_MISSING="wineserver"; return 1; }
}

# EXE: the given path, or a release cross-build.
wc_exe() {
    local win=$SIGILLO_WIN_TARGET
    if (($# >= 1)) && [[ -n "$1" ]]; then
        EXE=$(realpath "$1") || wc_die "no such file: $1"
    else
        (cd "$ROOT" && sigillo_has_target "$win") ||
            wc_die "Rust target $win missing: (cd $ROOT && rustup target add $win)"
        note "cross-building sigillo.exe (cargo build --release --target $win)"
        (cd "$ROOT" && cargo build --release --locked --bin sigillo --target "$win") || wc_die "cross-build failed"
        EXE=${CARGO_TARGET_DIR:-$ROOT/target}/$win/release/sigillo.exe
    fi
    [[ -f "$EXE" ]] || wc_die "no sigillo.exe at $EXE"
}

# WORK (temp folder), WINEPREFIX (booted), STICK (drive D:, holding sigillo.exe and, on a Wine
# without it, the bcryptprimitives.dll stub), DRIVE_C. Ends the prefix's processes on exit.
WC_BACKGROUND=()
# Wine's Z: is the whole Linux file system. The shipped exe has no test option to name where
# key folders are searched, so a run that searches uses the real default (every drive from C:
# to Z:): Z: is unmapped meanwhile, or the search would spend its time limit there, where no
# office PC has anything. Mapped again after, and at exit (a reused prefix keeps its Z:).
wc_z_away() {
    if [[ -L "$WINEPREFIX/dosdevices/z:" ]]; then mv "$WINEPREFIX/dosdevices/z:" "$WORK/z-drive"; fi
}
wc_z_back() {
    if [[ -L "$WORK/z-drive" ]]; then mv "$WORK/z-drive" "$WINEPREFIX/dosdevices/z:"; fi
}
wc_cleanup() {
    local pid
    if declare -F wc_on_exit >/dev/null; then wc_on_exit; fi   # the caller's own cleanup
    wc_z_back
    for pid in "${WC_BACKGROUND[@]}"; do kill "$pid" 2>/dev/null; done
    "$WINESERVER" -k >/dev/null 2>&1   # ends what runs in this prefix only (ours)
    if [[ "${SIGILLO_WINE_KEEP:-}" == 1 ]]; then
        echo "kept: $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
wc_sandbox() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/sigillo-wine.XXXXXX") || wc_die "mktemp failed"
    export WINEPREFIX=${SIGILLO_WINEPREFIX:-$WORK/prefix}
    export WINEDEBUG=-all WINEARCH=win64
    export WINEDLLOVERRIDES='mscoree,mshtml='   # no Mono/Gecko install prompts during wineboot
    export LANG=C.UTF-8
    unset LC_ALL LC_MESSAGES LANGUAGE
    trap wc_cleanup EXIT
    if [[ ! -f "$WINEPREFIX/system.reg" ]]; then
        note "wineboot: creating the Wine prefix $WINEPREFIX (first time only)"
        mkdir -p "$WINEPREFIX"
        timeout 900 "$WINE64" wineboot --init >"$WORK/wineboot.log" 2>&1
        "$WINESERVER" -w
        [[ -f "$WINEPREFIX/system.reg" ]] || { cat "$WORK/wineboot.log" >&2; wc_die "wineboot failed"; }
    fi
    "$WINESERVER" -p
    "$WINE64" wineboot </dev/null >/dev/null 2>&1
    DRIVE_C=$WINEPREFIX/drive_c
    STICK=$WORK/stick
    mkdir -p "$STICK"
    ln -sfn "$STICK" "$WINEPREFIX/dosdevices/d:"
    cp "$EXE" "$STICK/sigillo.exe"
    # Wine 8.0 (Debian 12) has no bcryptprimitives.dll, which Rust's std imports (ProcessPrng):
    # a test-only stub beside the exe (portable/wine/); never on a real stick.
    if [[ ! -f "$DRIVE_C/windows/system32/bcryptprimitives.dll" ]]; then
        x86_64-w64-mingw32-gcc -shared -O2 -s -o "$STICK/bcryptprimitives.dll" \
            "$ROOT/portable/wine/bcryptprimitives.c" "$ROOT/portable/wine/bcryptprimitives.def" -ladvapi32 ||
            wc_die "could not build the bcryptprimitives.dll stub"
    fi
}

# The tally: begin NAME; bad WHY (any number); end. The last line of a script is wc_summary.
PASSED=0
FAILED=0
FAILED_NAMES=()
CASE=
CASE_BAD=0
OUT=
RC=
begin() { CASE=$1; CASE_BAD=0; }
bad() { printf '    FAIL %s: %s\n' "$CASE" "$*"; CASE_BAD=1; }
end() {
    if ((CASE_BAD)); then
        FAILED=$((FAILED + 1))
        FAILED_NAMES+=("$CASE")
        printf 'not ok - %s\n' "$CASE"
        printf '    | %s\n' "exit code $RC; output:"
        sed 's/^/    | /' <<<"$OUT"
    else
        PASSED=$((PASSED + 1))
        printf 'ok - %s\n' "$CASE"
    fi
}
want_rc() { [[ "$RC" == "$1" ]] || bad "exit code $RC, expected $1"; }
want_out() { grep -qE -- "$1" <<<"$OUT" || bad "output lacks /$1/"; }
want_no_out() { ! grep -qE -- "$1" <<<"$OUT" || bad "output has /$1/"; }
wc_summary() {
    echo
    ((FAILED == 0)) || printf 'failed: %s\n' "${FAILED_NAMES[@]}"
    echo "$PASSED passed, $FAILED failed"
    ((FAILED == 0))
}

# A test that cannot run here: SKIPPED, or a failure under SIGILLO_REQUIRE_INTEROP=1 (CI).
wc_skip_all() {
    if [[ "${SIGILLO_REQUIRE_INTEROP:-}" == 1 ]]; then
        echo "${WC_NAME:-wine}: SKIPPED but required (SIGILLO_REQUIRE_INTEROP=1): $*" >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
    echo "SKIPPED: ${WC_NAME:-wine}: $*" >&2
    echo "0 passed, 0 failed"
    exit 0
}
