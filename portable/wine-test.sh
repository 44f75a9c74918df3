#!/usr/bin/env bash
# wine-test.sh — runs the Windows sigillo.exe under Wine, the way the office uses it.
#
# Usage: portable/wine-test.sh [path/to/sigillo.exe]
#   Without a path it cross-builds the .exe first (release, x86_64-pc-windows-gnu; honors
#   CARGO_TARGET_DIR). Needs Debian's wine64 (/usr/lib/wine/wine64, not on PATH) and
#   gcc-mingw-w64-x86-64 (for the test-only helper programs in portable/wine/), and python3-pefile
#   for the .exe's resource check (check-resources.py; SKIPPED without it, a failure under
#   SIGILLO_REQUIRE_INTEROP=1), and tmux for the checks at a real console (guided mode, the
#   double-click pause; same rule); portable/ci-setup.sh installs all four.
#
# Environment:
#   SIGILLO_WINEPREFIX=DIR  reuse a Wine prefix (created on first use; skips the ~10-30 s wineboot
#                           on later runs). Default: a throwaway prefix in the temp folder.
#   SIGILLO_WINE_KEEP=1     keep the temp folder (prefix, stick, outputs) for inspection.
#   WINE64=PATH             the wine64 loader, if not in /usr/lib/wine.
#
# The Windows layout it builds (headless: console programs need no X):
#   D:\                               the stick: sigillo.exe (+ the test-only bcryptprimitives.dll)
#   C:\Studio Rossi\CHIAVE PRIVATA àè  the source PC's keys (fixtures/demo)
#   C:\Programmi\SOGEI\Chiavi Entratel è  the target PC's keys (fixtures/demo-old at first)
#   C:\segreti (non sulla chiavetta)\ the password/passphrase files (never on the stick)
#
# What Wine cannot show, and is unit-tested instead: access denied under Program Files (Wine has
# no ACLs and no UAC).
#
# Steps the CLI does not have yet (install, rollback) are skipped until `sigillo.exe --help` lists
# them; they are written already, with the behaviour README and ARCHITECTURE.md §4 describe.
# Exits non-zero on any failure; the last line is "N passed, M failed".
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=portable/cross-env.sh
source "$ROOT/portable/cross-env.sh"
FIXTURES=$ROOT/fixtures
KEY_PASSWORD='Prova.2026'                     # fixtures/README.md
PASSPHRASE='Città.Nera-sul/Tetto42'           # typed passphrase, strong enough, with an accent
WRONG_PASSPHRASE='Città.Nera-sul/Tetto43'
KEY_FILES=(UTEF.P12 UTEC.P12 UTENTE.KS)
ARCHIVE_ROOT_NAME='Chiavi di Sicurezza Scadute'
OLD_ARCHIVE_NAME='Chiavi STUDIO DEMO ROSSI - Scadute al 31-10-2026'   # demo-old expires 2026-10-31

WC_NAME=wine-test
# shellcheck source=portable/wine-common.sh
source "$ROOT/portable/wine-common.sh"

# --- prerequisites, the .exe, the sandbox (wine-common.sh) ---------------------------------------
wc_find_wine || wc_die "$WC_MISSING not found (portable/ci-setup.sh installs it)"
command -v x86_64-w64-mingw32-gcc >/dev/null ||
    wc_die "x86_64-w64-mingw32-gcc not found. Install it: sudo apt-get install -y gcc-mingw-w64-x86-64"
wc_exe "${1:-}"
unset DISPLAY WAYLAND_DISPLAY   # console programs need no X (wine-gui-test.sh gives the window one)
wc_on_exit() { tmux -S "$WORK/tmux.sock" kill-server >/dev/null 2>&1; }   # our own tmux server only
wc_sandbox

SRC_W='C:\Studio Rossi\CHIAVE PRIVATA àè'
SRC="$DRIVE_C/Studio Rossi/CHIAVE PRIVATA àè"
TARGET_PARENT_W='C:\Programmi\SOGEI'
TARGET_PARENT="$DRIVE_C/Programmi/SOGEI"
TARGET_W="$TARGET_PARENT_W"'\Chiavi Entratel è'
TARGET="$TARGET_PARENT/Chiavi Entratel è"
SECRETS_W='C:\segreti (non sulla chiavetta)'
SECRETS="$DRIVE_C/segreti (non sulla chiavetta)"
VAULT_W='D:\chiavi.age'
VAULT=$STICK/chiavi.age
# A reused prefix may hold the previous run's folders.
rm -rf "$DRIVE_C/Studio Rossi" "$TARGET_PARENT" "$SECRETS" "$DRIVE_C/Entratel"
mkdir -p "$SRC" "$SECRETS"
cp "${KEY_FILES[@]/#/$FIXTURES/demo/}" "$SRC/"
# Secret files as Notepad writes them: CRLF (the first line is what counts).
printf '%s\r\n' "$KEY_PASSWORD" >"$SECRETS/password.txt"
printf '%s\r\n' "$PASSPHRASE" >"$SECRETS/passphrase.txt"
printf '%s\r\n' "$WRONG_PASSPHRASE" >"$SECRETS/sbagliata.txt"

# Helper programs, built from portable/wine/*.c; they never go on a real stick.
HELPERS=$WORK/helpers
mkdir -p "$HELPERS"
x86_64-w64-mingw32-gcc -O2 -s -o "$HELPERS/sleeper.exe" "$ROOT/portable/wine/sleeper.c" ||
    wc_die "could not build the sleeper helper"
x86_64-w64-mingw32-gcc -municode -O2 -s -o "$HELPERS/verinfo.exe" "$ROOT/portable/wine/verinfo.c" \
    -lversion -lshell32 || wc_die "could not build the verinfo helper"
x86_64-w64-mingw32-gcc -municode -O2 -s -o "$HELPERS/hold.exe" "$ROOT/portable/wine/hold.c" ||
    wc_die "could not build the hold helper"
x86_64-w64-mingw32-gcc -municode -O2 -s -o "$HELPERS/drives.exe" "$ROOT/portable/wine/drives.c" ||
    wc_die "could not build the drives helper"
mkdir -p "$HELPERS/launch"   # explorer.exe: the name is the point, kept apart from the rest
x86_64-w64-mingw32-gcc -municode -O2 -s -o "$HELPERS/launch/explorer.exe" "$ROOT/portable/wine/explorer.c" ||
    wc_die "could not build the explorer.exe launcher"

# --- helpers --------------------------------------------------------------------------------------
skip() { printf 'skip - %s (%s)\n' "$1" "$2"; }

# Runs D:\sigillo.exe from the stick, no console input (so it can never wait for a key), and keeps
# stdout+stderr in OUT and the exit code in RC.
sig() {
    # Output to a file, not a pipe: a Wine helper process that outlives sigillo.exe cannot hold
    # the capture open.
    (cd "$STICK" && timeout 300 "$WINE64" 'D:\sigillo.exe' "$@" </dev/null >"$WORK/out.txt" 2>&1)
    RC=$?
    OUT=$(cat "$WORK/out.txt")
    printf '%s\n' "$OUT" >>"$WORK/all-output.txt"
}
# The three key files of $1 are byte-identical to those of $2.
same_set() {
    local f
    for f in "${KEY_FILES[@]}"; do
        cmp -s "$1/$f" "$2/$f" || bad "$1/$f differs from $2/$f"
    done
}
# Nothing but the three key files in $1 (no journal, no staging folder, no temp file), and the
# key folder's lock file, which stays by design (README: one writer per key folder).
only_keys() {
    local extra
    extra=$(find "$1" -mindepth 1 -maxdepth 1 -printf '%f\n' |
        grep -vxF -e UTEF.P12 -e UTEC.P12 -e UTENTE.KS -e .sigillo-lock)
    [[ -z "$extra" ]] || bad "unexpected entries in $1: $(tr '\n' ' ' <<<"$extra")"
}
check_code_of() { grep -oE '[0-9]{4}-[0-9]{4}-[0-9]{4}' <<<"$OUT" | head -1; }
# What is on the stick besides sigillo.exe and the test-only DLL, and besides the names given as
# "-e NAME": after a wipe, nothing (issue 20: wipe left an empty randomly named file there).
stick_extra() {
    find "$STICK" -mindepth 1 -maxdepth 1 -printf '%f\n' | grep -vxF -e sigillo.exe -e bcryptprimitives.dll "$@"
}

# --- what Windows shows of the .exe: version information, icon, manifest (build.rs) ----------------
# Statically, from the PE file: every key of portable/windows/ (check-resources.py, pefile).
if sigillo_has_pefile; then
    begin "the .exe carries its version information, icon and manifest (check-resources.py)"
    OUT=$("$SIGILLO_PYTHON" "$ROOT/portable/check-resources.py" "$EXE" 2>&1)
    RC=$?
    want_rc 0
    want_no_out '^FAIL'
    end
    # The check is not vacuous: an exe built without resources fails it.
    begin "check-resources.py fails an exe without resources (sleeper.exe)"
    OUT=$("$SIGILLO_PYTHON" "$ROOT/portable/check-resources.py" "$HELPERS/sleeper.exe" 2>&1)
    RC=$?
    want_rc 1
    want_out '^FAIL - version information present'
    want_out '^FAIL - one icon group'
    want_out '^FAIL - exactly one manifest'
    end
elif [[ "${SIGILLO_REQUIRE_INTEROP:-}" == 1 ]]; then
    begin "the .exe's resources (check-resources.py)"
    bad "SKIPPED but required (SIGILLO_REQUIRE_INTEROP=1): $SIGILLO_PYTHON has no pefile; apt-get install python3-pefile"
    end
else
    skip "the .exe's resources (check-resources.py)" "SKIPPED: $SIGILLO_PYTHON has no pefile; apt-get install python3-pefile"
fi

# Through Windows' own APIs under Wine, as Explorer's Properties and the loader read them.
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ROOT/Cargo.toml" | head -1)
begin "Windows reads the version block, the icon and the manifest's settings (verinfo.exe)"
(cd "$STICK" && timeout 60 "$WINE64" "$HELPERS/verinfo.exe" 'D:\sigillo.exe' </dev/null >"$WORK/out.txt" 2>&1)
RC=$?
OUT=$(tr -d '\r' <"$WORK/out.txt")
want_rc 0
want_out '^translation=041004b0$'
want_out '^ProductName=sigillo$'
want_out '^CompanyName=sigillo$'
want_out '^FileDescription=sigillo — trasporto sicuro delle chiavi di Desktop Telematico$'
want_out "^FileVersion=${VERSION//./\\.}\$"
want_out '^OriginalFilename=sigillo\.exe$'
want_out '^icons=1$'
want_out '^actctx=ok$'
want_out '^activeCodePage=UTF-8$'
want_out '^longPathAware=true$'
want_out '^dpiAwareness=PerMonitorV2'
end
begin "verinfo.exe finds nothing in an exe without resources (sleeper.exe)"
(cd "$STICK" && timeout 60 "$WINE64" "$HELPERS/verinfo.exe" "Z:${HELPERS//\//\\}\\sleeper.exe" </dev/null >"$WORK/out.txt" 2>&1)
RC=$?
OUT=$(tr -d '\r' <"$WORK/out.txt")
want_rc 1
want_out '^version=none$'
end

# --- help and language ----------------------------------------------------------------------------
begin "--help in Italian (default)"
sig --help
want_rc 0; want_out '^Uso: '; want_out '^Comandi:'; want_out 'sigilla'; want_no_out '^Usage:'
end
HELP_EN=
begin "--lang en --help in English"
sig --lang en --help
HELP_EN=$OUT
want_rc 0; want_out '^Usage: '; want_out '^Commands:'; want_no_out '^Uso:'
end
begin "SIGILLO_LANG=en gives English help; an English locale alone does not"
(cd "$STICK" && SIGILLO_LANG=en timeout 300 "$WINE64" 'D:\sigillo.exe' --help </dev/null >"$WORK/out.txt" 2>&1)
RC=$?
OUT=$(cat "$WORK/out.txt")
want_rc 0; want_out '^Usage: '
(cd "$STICK" && LANG=en_US.UTF-8 timeout 300 "$WINE64" 'D:\sigillo.exe' --help </dev/null >"$WORK/out.txt" 2>&1)
RC=$?
OUT=$(cat "$WORK/out.txt")
want_rc 0; want_out '^Uso: '
end
begin "--version"
sig --version
want_rc 0; want_out '^sigillo [0-9]+\.[0-9]+\.[0-9]+'
end
begin "unknown option: usage error (exit 2)"
sig --no-such-option
want_rc 2; want_no_out 'panicked'
end

begin "no arguments and no console: ends by itself (guided mode never hangs)"
(cd "$STICK" && timeout 60 "$WINE64" 'D:\sigillo.exe' </dev/null >"$WORK/out.txt" 2>&1)
RC=$?
OUT=$(cat "$WORK/out.txt")
[[ "$RC" != 124 ]] || bad "still running after 60 s"
want_no_out 'panicked'
want_no_out 'RUST_BACKTRACE'
end

# --- seal ------------------------------------------------------------------------------------------
STICK_BEFORE=$(ls -A "$STICK")
CODE=
begin "seal from a folder with spaces and accents to the stick"
sig seal --from "$SRC_W" --out "$VAULT_W" --password-file "$SECRETS_W\\password.txt" \
    --passphrase-file "$SECRETS_W\\passphrase.txt"
want_rc 0
want_out 'CHIAVE PRIVATA àè'
want_out 'Codice di controllo: [0-9]{4}-[0-9]{4}-[0-9]{4}'
want_no_out "$KEY_PASSWORD"
want_no_out 'Tetto42'
CODE=$(check_code_of)
[[ -s "$VAULT" ]] || bad "no vault at $VAULT"
same_set "$SRC" "$FIXTURES/demo"    # seal never changes the source
# Only the vault was added to the stick (no temp file left, no plaintext).
extra=$(comm -13 <(echo "$STICK_BEFORE") <(ls -A "$STICK"))
[[ "$extra" == chiavi.age ]] || bad "the stick gained: $(tr '\n' ' ' <<<"$extra")"
end

begin "seal refuses to overwrite an existing vault without --yes"
vault_sum=$(sha256sum <"$VAULT")
sig seal --from "$SRC_W" --out "$VAULT_W" --password-file "$SECRETS_W\\password.txt" \
    --passphrase-file "$SECRETS_W\\passphrase.txt"
want_rc 1
[[ "$(sha256sum <"$VAULT")" == "$vault_sum" ]] || bad "the existing vault was changed"
end

begin "seal without --out writes chiavi-AAAA-MM-GG.age beside sigillo.exe"
today=$(date +%Y-%m-%d)
sig sigilla --from "$SRC_W" --password-file "$SECRETS_W\\password.txt" \
    --passphrase-file "$SECRETS_W\\passphrase.txt"
want_rc 0
[[ -s "$STICK/chiavi-$today.age" ]] || bad "no $STICK/chiavi-$today.age (stick: $(ls -A "$STICK" | tr '\n' ' '))"
rm -f "$STICK/chiavi-$today.age"
end

# --- verify ----------------------------------------------------------------------------------------
begin "verify with the right passphrase"
sig verify "$VAULT_W" --passphrase-file "$SECRETS_W\\passphrase.txt"
want_rc 0
[[ -n "$CODE" ]] && want_out "Codice di controllo: $CODE"
want_out 'STUDIO DEMO ROSSI'
for f in "${KEY_FILES[@]}"; do
    want_out "$f +[0-9]+ byte +SHA-256 $(sha256sum "$FIXTURES/demo/$f" | cut -d' ' -f1)"
done
end

begin "verify (verifica) with a wrong passphrase: exit 4"
sig verifica "$VAULT_W" --passphrase-file "$SECRETS_W\\sbagliata.txt"
want_rc 4
want_out '^Errore: '
want_no_out 'integra'
want_no_out 'panicked'
WRONG_PASSPHRASE_OUT=$OUT
end

begin "verify with no passphrase and no console: exit 2, never waits"
sig verify "$VAULT_W"
want_rc 2
want_out -- '--passphrase-file'
end

begin "a vault damaged in its header: exit 4, same message as a wrong passphrase"
cp "$VAULT" "$STICK/rovinata.age"
# Change one character of the scrypt stanza's salt (byte 35: "age-encryption.org/v1\n-> scrypt "
# is 32 bytes) into another base64 character: the header still parses, but nothing proves the
# passphrase any more, so the file cannot be told from a wrong passphrase.
salt=$(dd if="$STICK/rovinata.age" bs=1 skip=35 count=1 status=none)
if [[ "$salt" == A ]]; then other=B; else other=A; fi
printf '%s' "$other" | dd of="$STICK/rovinata.age" bs=1 seek=35 conv=notrunc status=none
cmp -s "$VAULT" "$STICK/rovinata.age" && bad "could not damage the copy"
sig verify 'D:\rovinata.age' --passphrase-file "$SECRETS_W\\passphrase.txt"
want_rc 4
# Until the header's MAC proves the passphrase, damage and a wrong passphrase look the same
# (ARCHITECTURE.md §4): same words, other file name.
[[ "${OUT//rovinata.age/chiavi.age}" == "$WRONG_PASSPHRASE_OUT" ]] ||
    bad "the message differs from the wrong-passphrase one: $WRONG_PASSPHRASE_OUT"
rm -f "$STICK/rovinata.age"
end

begin "a vault damaged in its body: exit 4, said damaged once the passphrase is proven"
cp "$VAULT" "$STICK/rovinata.age"
# Flip one byte in the middle of the encrypted payload.
half=$(($(stat -c %s "$STICK/rovinata.age") / 2))
byte=$(od -An -tu1 -j "$half" -N1 "$STICK/rovinata.age" | tr -d ' ')
# shellcheck disable=SC2059  # the format is an octal escape on purpose
printf "\\$(printf '%03o' $(((byte + 1) % 256)))" |
    dd of="$STICK/rovinata.age" bs=1 seek="$half" conv=notrunc status=none
cmp -s "$VAULT" "$STICK/rovinata.age" && bad "could not damage the copy"
sig verify 'D:\rovinata.age' --passphrase-file "$SECRETS_W\\passphrase.txt"
want_rc 4
want_out 'danneggiata o incompleta'
[[ "${OUT//rovinata.age/chiavi.age}" != "$WRONG_PASSPHRASE_OUT" ]] ||
    bad "damage after a proven passphrase is still said as a wrong passphrase"
rm -f "$STICK/rovinata.age"
end

# --- install, rollback (once the CLI has them) ------------------------------------------------------
has_command() { grep -qE "^  $1( |$)" <<<"$HELP_EN"; }

prepare_target() {
    rm -rf "$TARGET_PARENT"
    mkdir -p "$TARGET"
    cp "${KEY_FILES[@]/#/$FIXTURES/demo-old/}" "$TARGET/"
}

# Starts a Windows program in the prefix in the background; waits until Wine runs it.
start_fake_program() {
    "$WINE64" "$@" </dev/null >/dev/null 2>&1 &
    WC_BACKGROUND+=($!)
    sleep 3
}
stop_fake_programs() {
    local pid
    for pid in "${WC_BACKGROUND[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    WC_BACKGROUND=()
}

ARCHIVE="$TARGET_PARENT/$ARCHIVE_ROOT_NAME/$OLD_ARCHIVE_NAME"
if has_command install; then
    prepare_target

    begin "install with a wrong passphrase: exit 4, nothing changed"
    sig install "$VAULT_W" --to "$TARGET_W" --passphrase-file "$SECRETS_W\\sbagliata.txt" --yes
    want_rc 4
    same_set "$TARGET" "$FIXTURES/demo-old"
    only_keys "$TARGET"
    [[ ! -e "$TARGET_PARENT/$ARCHIVE_ROOT_NAME" ]] || bad "an archive folder was created"
    [[ -f "$VAULT" ]] || bad "the vault was removed from the stick"
    end

    begin "install while DesktopTelematico.exe runs: refused (exit 3), nothing changed"
    mkdir -p "$TARGET_PARENT/DesktopTelematico"
    cp "$HELPERS/sleeper.exe" "$TARGET_PARENT/DesktopTelematico/DesktopTelematico.exe"
    start_fake_program "$TARGET_PARENT_W\\DesktopTelematico\\DesktopTelematico.exe"
    sig install "$VAULT_W" --to "$TARGET_W" --passphrase-file "$SECRETS_W\\passphrase.txt" --yes
    stop_fake_programs
    want_rc 3
    want_out 'Desktop ?Telematico'
    same_set "$TARGET" "$FIXTURES/demo-old"
    only_keys "$TARGET"
    [[ -f "$VAULT" ]] || bad "the vault was removed from the stick"
    rm -rf "$TARGET_PARENT/DesktopTelematico"
    end

    begin "install while javaw.exe runs Desktop Telematico: refused (exit 3)"
    mkdir -p "$DRIVE_C/Entratel/jre/bin"
    cp "$HELPERS/sleeper.exe" "$DRIVE_C/Entratel/jre/bin/javaw.exe"
    start_fake_program 'C:\Entratel\jre\bin\javaw.exe' -jar 'C:\Entratel\plugins\org.eclipse.equinox.launcher.jar'
    sig install "$VAULT_W" --to "$TARGET_W" --passphrase-file "$SECRETS_W\\passphrase.txt" --yes
    stop_fake_programs
    want_rc 3
    same_set "$TARGET" "$FIXTURES/demo-old"
    rm -rf "$DRIVE_C/Entratel"
    end

    # --- files in use: another program holds UTEF.P12 open ---------------------------------------
    # hold.exe (portable/wine/hold.c) opens the target's UTEF.P12 sharing only reading: sigillo can
    # still read the old set, but not rename it into the archive (Windows error 32). It starts in
    # the same prefix (same wineserver, so Wine enforces the share mode between the two
    # processes), and the install starts only once its marker says the file is really held. The
    # hold lasts MS milliseconds from the moment sigillo's journal appears, so the rename is
    # always tried while the file is held, however fast or slow this machine is.
    HOLD_PID=
    HOLD_OUT=
    start_hold() {   # MS [TRIGGER [--no-sharing]]: the journal by default
        rm -f "$DRIVE_C/hold-marker"
        local trigger=${2:-"$TARGET_W\\.sigillo-journal.json"}
        "$WINE64" "$HELPERS/hold.exe" ${3:+"$3"} "$TARGET_W\\UTEF.P12" "$1" 'C:\hold-marker' \
            "$trigger" </dev/null >"$WORK/hold.txt" 2>&1 &
        HOLD_PID=$!
        WC_BACKGROUND+=("$HOLD_PID")
        local tries=0
        until [[ -e "$DRIVE_C/hold-marker" ]]; do
            if ((tries++ >= 300)) || ! kill -0 "$HOLD_PID" 2>/dev/null; then
                bad "hold.exe never held UTEF.P12: $(tr -d '\r' <"$WORK/hold.txt")"
                return 1
            fi
            sleep 0.1
        done
    }
    stop_hold() {
        kill "$HOLD_PID" 2>/dev/null
        wait "$HOLD_PID" 2>/dev/null
        HOLD_OUT=$(tr -d '\r' <"$WORK/hold.txt")
        WC_BACKGROUND=()
    }
    millis() { echo $(($(date +%s%N) / 1000000)); }
    # Installs the vault into the target (keeping the vault); HELD_MS: how long it took.
    timed_install() {
        local t0
        t0=$(millis)
        sig install "$VAULT_W" --to "$TARGET_W" --passphrase-file "$SECRETS_W\\passphrase.txt" --yes --keep-vault
        HELD_MS=$(($(millis) - t0))
    }

    prepare_target
    begin "install while UTEF.P12 is held open for 10 s: exit 3, names the file, old set intact"
    if start_hold 10000; then
        timed_install
        stop_hold
        want_rc 3
        want_out 'UTEF\.P12" è aperto in un altro programma'
        want_out 'Chiudere il programma che usa il file'
        same_set "$TARGET" "$FIXTURES/demo-old"
        only_keys "$TARGET"   # no journal, no staging folder, no temp file
        # Nothing half-swapped: no old key file went to the archive (its audit log records the
        # try). The vault's staged copies, never installed, are set aside there whole, never
        # deleted (issue 20), and the output says where.
        archived=$(find "$TARGET_PARENT/$ARCHIVE_ROOT_NAME" -type f ! -name sigillo-registro.txt \
            ! -path '*/Chiavi non installate il */*' 2>/dev/null)
        [[ -z "$archived" ]] || bad "files left in the archive: $archived"
        aside=$(find "$TARGET_PARENT/$ARCHIVE_ROOT_NAME" -type d -name 'Chiavi non installate il *')
        if [[ -n "$aside" ]]; then
            same_set "$aside" "$FIXTURES/demo"
            want_out 'messe da parte \(non cancellate\)'
            rm -rf "$aside"
        fi
        grep -qx 'trigger=seen' <<<"$HOLD_OUT" || bad "the journal never appeared while held: $HOLD_OUT"
        # About 2 s of retrying (platform::IN_USE_PATIENCE) before giving up.
        ((HELD_MS >= 2000)) || bad "gave up after $HELD_MS ms, before the ~2 s of retrying"
        note "held 10 s: sigillo gave up after $HELD_MS ms"
        [[ -f "$VAULT" ]] || bad "the vault was removed from the stick"
    fi
    end

    prepare_target
    begin "install while UTEF.P12 is held open for 1 s: succeeds after retrying"
    if start_hold 1000; then
        timed_install
        wait "$HOLD_PID" 2>/dev/null
        stop_hold
        want_rc 0
        same_set "$TARGET" "$FIXTURES/demo"
        only_keys "$TARGET"
        same_set "$ARCHIVE" "$FIXTURES/demo-old"
        # The hold ended while sigillo's journal still existed: the install was waiting on it.
        grep -qx 'pending-at-release=yes' <<<"$HOLD_OUT" ||
            bad "the install did not wait for the held file: $HOLD_OUT"
        note "held 1 s: install done in $HELD_MS ms"
    fi
    end

    # --- an exclusive open (share mode 0): even reading the installed set fails --------------------
    # Issue 22, item 14: the first read of the old set met ERROR_SHARING_VIOLATION and the install
    # stopped at once. The hold starts when sigillo takes the key folder's lock (.sigillo-lock,
    # made just before the installed set is read; prepare_target starts without one) and lasts
    # MS milliseconds from then: the read is retried as renames are (~2 s), then refused.
    prepare_target
    begin "install while UTEF.P12 is held with share mode 0 for 1 s: the read is retried, install succeeds"
    if start_hold 1000 "$TARGET_W\\.sigillo-lock" --no-sharing; then
        timed_install
        wait "$HOLD_PID" 2>/dev/null
        stop_hold
        want_rc 0
        same_set "$TARGET" "$FIXTURES/demo"
        same_set "$ARCHIVE" "$FIXTURES/demo-old"
        grep -qx 'trigger=seen' <<<"$HOLD_OUT" || bad "the lock never appeared while held: $HOLD_OUT"
        note "held exclusively 1 s: install done in $HELD_MS ms"
    fi
    end

    prepare_target
    begin "install while UTEF.P12 is held with share mode 0 for 10 s: exit 3, names the file, nothing changed"
    if start_hold 10000 "$TARGET_W\\.sigillo-lock" --no-sharing; then
        timed_install
        stop_hold
        want_rc 3
        want_out 'UTEF\.P12" è aperto in un altro programma .*non ne permette la lettura'
        want_out 'Chiudere il programma che tiene aperto il file'
        same_set "$TARGET" "$FIXTURES/demo-old"
        only_keys "$TARGET"
        [[ ! -e "$TARGET_PARENT/$ARCHIVE_ROOT_NAME" ]] || bad "an archive folder was created"
        ((HELD_MS >= 2000)) || bad "gave up after $HELD_MS ms, before the ~2 s of retrying"
        note "held exclusively 10 s: sigillo gave up after $HELD_MS ms"
    fi
    end
    prepare_target

    begin "install --wipe-vault: new set in place, old set archived, vault wiped from the stick"
    # Without a terminal nobody answers "do other PCs still need it?": only --wipe-vault wipes it.
    sig install "$VAULT_W" --to "$TARGET_W" --passphrase-file "$SECRETS_W\\passphrase.txt" --yes --wipe-vault
    want_rc 0
    [[ -n "$CODE" ]] && want_out "$CODE"
    same_set "$TARGET" "$FIXTURES/demo"
    only_keys "$TARGET"
    if [[ -d "$ARCHIVE" ]]; then
        same_set "$ARCHIVE" "$FIXTURES/demo-old"
    else
        bad "no archive folder '$ARCHIVE' (found: $(ls -A "$TARGET_PARENT/$ARCHIVE_ROOT_NAME" 2>&1 | tr '\n' '|'))"
    fi
    [[ ! -e "$VAULT" ]] || bad "the vault is still on the stick (--wipe-vault wipes it)"
    want_out 'Cassaforte cancellata dalla chiavetta'
    left=$(stick_extra)
    [[ -z "$left" ]] || bad "left on the stick after the install's wipe: $(tr '\n' ' ' <<<"$left")"
    end
else
    skip "install: wrong passphrase, program running, new set + archive" "sigillo.exe --help does not list install yet"
fi

if has_command install && has_command rollback; then
    begin "rollback: the old set is back"
    # demo-old expired on 31-10-2026: bringing it back under --yes needs --force.
    sig rollback --dir "$TARGET_W" --yes --force
    want_rc 0
    same_set "$TARGET" "$FIXTURES/demo-old"
    only_keys "$TARGET"
    end
else
    skip "rollback after install" "sigillo.exe --help does not list install and rollback yet"
fi

if has_command status; then
    begin "status of the key folder shows the set and its archives"
    sig status --dir "$TARGET_W"
    want_rc 0
    want_out 'STUDIO DEMO ROSSI'
    want_out '31-10-2026'
    want_out "$ARCHIVE_ROOT_NAME"
    end
else
    skip "status" "sigillo.exe --help does not list status yet"
fi

# --- removable drives: the stick, other sticks, and a program that runs from a fixed disk --------
# sigillo asks sysinfo's disk list, which asks Windows for every volume (FindFirstVolumeW) and
# its type (GetDriveTypeW on the volume's \\?\Volume{...}\ name): removable is DRIVE_REMOVABLE.
# Wine makes a drive letter removable when HKLM\Software\Wine\Drives gives it type "floppy"; its
# mount manager reads that at start, so the wineserver is restarted after the change.
restart_wine() {
    "$WINESERVER" -k >/dev/null 2>&1
    "$WINESERVER" -w
    "$WINESERVER" -p </dev/null >/dev/null 2>&1
    "$WINE64" wineboot </dev/null >/dev/null 2>&1
}
drive_type() {   # LETTER TYPE: sets the drive's type in Wine's registry
    "$WINE64" reg add 'HKLM\Software\Wine\Drives' /v "$1" /t REG_SZ /d "$2" /f </dev/null >/dev/null 2>&1
}
# status over the real default search (the shipped exe has no option to name where): the
# target's folder and whatever E: offers are the only key sets, the source folder is aside.
search_status() {
    mv "$DRIVE_C/Studio Rossi" "$WORK/studio-altrove"
    wc_z_away
    sig status
    wc_z_back
    mv "$WORK/studio-altrove" "$DRIVE_C/Studio Rossi"
}
OTHER_STICK=$WORK/altra-chiavetta
mkdir -p "$OTHER_STICK/CHIAVI"
cp "${KEY_FILES[@]/#/$FIXTURES/demo/}" "$OTHER_STICK/CHIAVI/"
ln -sfn "$OTHER_STICK" "$WINEPREFIX/dosdevices/e:"
# A loose key-file copy beside sigillo.exe: offered for wiping only from a removable drive.
cp "$FIXTURES/demo/UTEF.P12" "$STICK/UTEF - Copia.P12"

# Run from a fixed disk (D: and E: are Wine's default type, DRIVE_FIXED).
drive_type d: hd
drive_type e: hd
restart_wine
if has_command wipe; then
    begin "run from a fixed disk: says so, and never offers the key-file copy there for wiping"
    sig wipe
    want_rc 0
    want_out 'non risulta avviato da una chiavetta rimovibile'
    want_out 'UTEF - Copia\.P12'
    want_no_out 'ci sono copie in chiaro lasciate'
    [[ -f "$STICK/UTEF - Copia.P12" ]] || bad "the key-file copy was wiped"
    end
fi
if has_command status; then
    begin "the key-folder search reaches a fixed drive E: (the check below is not vacuous)"
    search_status
    want_out 'E:\\CHIAVI'
    want_out 'Chiavi Entratel è'
    end
fi

if has_command install; then
    # A USB disk that Windows calls fixed (USB SSDs, many USB 3 sticks) is not DRIVE_REMOVABLE:
    # the drive sigillo runs from is taken for the stick unless it is the system drive.
    begin "run from a fixed D: that is not the system drive: D: is the stick, never a target (exit 3)"
    prepare_target
    sig seal --from "$SRC_W" --out 'D:\fisso.age' --password-file "$SECRETS_W\\password.txt" \
        --passphrase-file "$SECRETS_W\\passphrase.txt"
    [[ -s "$STICK/fisso.age" ]] || bad "no D:\\fisso.age to install (seal exit $RC)"
    before=$(cd "$STICK" && find . -printf '%p %s\n' | sort)
    sig install 'D:\fisso.age' --to 'D:\Altrove\Chiavi' --passphrase-file "$SECRETS_W\\passphrase.txt" \
        --yes --force --crea
    want_rc 3
    # sigillo runs from D:\ itself: "the program's folder" and "the program's drive" are both true.
    want_out "è sull'unità da cui è avviato sigillo|è la cartella da cui è avviato sigillo"
    [[ "$(cd "$STICK" && find . -printf '%p %s\n' | sort)" == "$before" ]] ||
        bad "something was written on D:"
    same_set "$TARGET" "$FIXTURES/demo-old"
    rm -f "$STICK/fisso.age"
    end
fi

# D: (the stick) and E: (another stick) as removable drives. A registry change made just before
# the wineserver is stopped is now and then not saved (seen on a loaded machine: E: stayed
# fixed); it is made again, at most three times in all, until drives.exe sees both.
for _ in 1 2 3; do
    drive_type d: floppy
    drive_type e: floppy
    restart_wine
    (cd "$STICK" && timeout 60 "$WINE64" "$HELPERS/drives.exe" </dev/null >"$WORK/out.txt" 2>&1)
    RC=$?
    OUT=$(tr -d '\r' <"$WORK/out.txt")
    grep -q '^letter D: type=2$' <<<"$OUT" && grep -q '^letter E: type=2$' <<<"$OUT" && break
done
begin "Wine reports D: and E: as removable drives (GetDriveTypeW, drives.exe)"
want_rc 0
want_out '^letter D: type=2$'
want_out '^letter E: type=2$'
end
# sysinfo asks each volume's \\?\Volume{...}\ name, which Wine 8 answers with 0 (DRIVE_UNKNOWN),
# so sigillo also asks each drive letter's root (platform::volumes), as drives.exe does.
note "drive types by volume name (what sysinfo asks): $(grep '^volume' <<<"$OUT" | tr '\n' ';')"
if has_command status; then
    begin "a removable E: is never searched for keys"
    search_status
    want_rc 0
    want_no_out 'E:\\CHIAVI'
    want_out 'Chiavi Entratel è'
    end
fi
if has_command wipe; then
    begin "run from a removable stick D:: recognised, the key-file copy is offered (listed), nothing wiped unasked"
    sig wipe
    want_rc 0
    want_no_out 'non risulta avviato da una chiavetta rimovibile'
    want_out 'UTEF - Copia\.P12'
    [[ -f "$STICK/UTEF - Copia.P12" ]] || bad "the key-file copy was wiped without being asked"
    end
fi
# A stick is a removable drive, which Wine's mount manager knows: there a renamed handle reports
# volume serial 0 (Wine 8.0), and on a real FAT32/exFAT stick Windows derives the file index from
# the directory entry, so a wipe that re-identified its file by name after a rename refused every
# file as "replaced by another" and left an empty randomly named file (issue 20).
if has_command wipe; then
    begin "wipe on the removable stick D:: a vault and Password.txt go, nothing is left on the stick"
    head -c 300000 /dev/urandom >"$STICK/chiavi-vecchia.age"
    printf '%s\r\n' "$KEY_PASSWORD" >"$STICK/Password.txt"
    sig wipe 'D:\chiavi-vecchia.age' 'D:\Password.txt' --yes
    want_rc 0
    want_out 'Cancellato: "D:\\chiavi-vecchia\.age"'
    want_out 'Cancellato: "D:\\Password\.txt"'
    want_no_out 'sostituito'
    left=$(stick_extra -e 'UTEF - Copia.P12')
    [[ -z "$left" ]] || bad "left on the stick: $(tr '\n' ' ' <<<"$left")"
    end
fi
# Issue 22, item 3: the keys are never installed in clear on a stick. E: is another removable
# drive (Windows says so: GetDriveTypeW on the root GetVolumePathNameW gives); D:\ holds the vault
# and sigillo.exe. Neither is a target, whatever the flags.
if has_command install; then
    begin "install --to a removable E: or into the stick D:: refused (exit 3), even with --force, nothing written"
    prepare_target
    sig seal --from "$SRC_W" --out 'D:\al-sicuro.age' --password-file "$SECRETS_W\\password.txt" \
        --passphrase-file "$SECRETS_W\\passphrase.txt"
    [[ -s "$STICK/al-sicuro.age" ]] || bad "no D:\\al-sicuro.age to install (seal exit $RC)"
    listing() { (cd "$1" && find . -printf '%p %s\n' | sort); }
    before=$(listing "$OTHER_STICK")
    sig install 'D:\al-sicuro.age' --to 'E:\CHIAVI' --passphrase-file "$SECRETS_W\\passphrase.txt" \
        --yes --force --crea
    want_rc 3
    want_out "è su un'unità rimovibile"
    want_out 'in chiaro'
    [[ "$(listing "$OTHER_STICK")" == "$before" ]] || bad "something changed on E:"
    before=$(listing "$STICK")
    sig install 'D:\al-sicuro.age' --to 'D:\Chiavi' --passphrase-file "$SECRETS_W\\passphrase.txt" \
        --yes --force --crea
    want_rc 3
    # D: is both the vault's folder and a removable drive: either reason is the true one.
    want_out "è su un'unità rimovibile|è la cartella della cassaforte"
    [[ "$(listing "$STICK")" == "$before" ]] || bad "something was written on the stick D:"
    same_set "$TARGET" "$FIXTURES/demo-old"
    rm -f "$STICK/al-sicuro.age"
    end
fi
if has_command install && has_command wipe; then
    begin "install from the removable stick D:: the vault is wiped at the end, nothing is left on the stick"
    prepare_target
    sig seal --from "$SRC_W" --out 'D:\consegna.age' --password-file "$SECRETS_W\\password.txt" \
        --passphrase-file "$SECRETS_W\\passphrase.txt"
    [[ -s "$STICK/consegna.age" ]] || bad "no D:\\consegna.age to install (seal exit $RC)"
    sig install 'D:\consegna.age' --to "$TARGET_W" --passphrase-file "$SECRETS_W\\passphrase.txt" --yes --wipe-vault
    want_rc 0
    want_out 'Cassaforte cancellata dalla chiavetta'
    want_no_out 'sostituito'
    same_set "$TARGET" "$FIXTURES/demo"
    left=$(stick_extra -e 'UTEF - Copia.P12')
    [[ -z "$left" ]] || bad "left on the stick: $(tr '\n' ' ' <<<"$left")"
    prepare_target   # the later cases start from the old set again
    end
fi
# Back to the start: D: and E: unknown to Wine's mount manager, as they were when the run began;
# the console cases below expect D: not to be a removable drive (guided mode says so).
"$WINE64" reg delete 'HKLM\Software\Wine\Drives' /v d: /f </dev/null >/dev/null 2>&1
"$WINE64" reg delete 'HKLM\Software\Wine\Drives' /v e: /f </dev/null >/dev/null 2>&1
rm -f "$WINEPREFIX/dosdevices/d:" "$WINEPREFIX/dosdevices/e:"
restart_wine
ln -sfn "$STICK" "$WINEPREFIX/dosdevices/d:"
rm -f "$STICK/UTEF - Copia.P12"

# --- UAC VirtualStore: keys under C:\Programmi\SOGEI and in this user's VirtualStore copy -------
# Windows redirects an old 32-bit program's writes under Program Files to
# %LOCALAPPDATA%\VirtualStore\...; Desktop Telematico run by this user then reads that copy. The
# search (default roots, no --search-root) must show both and say which one is used. Wine has no
# UAC and no ACLs: it never redirects writes and never refuses one with "access denied", so the
# "run as administrator" path (platform::needs_administrator) is unit-tested on the injected
# error only. Wine's Z: (the whole Linux file system) is unmapped meanwhile: the search would
# spend its time limit there.
if has_command status; then
    LOCALAPPDATA_W=$("$WINE64" cmd /c 'echo %LOCALAPPDATA%' </dev/null 2>/dev/null | tr -d '\r')
    LOCALAPPDATA_U=$("$WINE64" winepath -u "$LOCALAPPDATA_W" </dev/null 2>/dev/null | tr -d '\r')
    STORE_W="$LOCALAPPDATA_W\VirtualStore\Programmi\SOGEI"
    STORE="$LOCALAPPDATA_U/VirtualStore/Programmi/SOGEI"
    begin "VirtualStore: both key folders are shown, and the copy Desktop Telematico uses is named"
    if [[ -d "$LOCALAPPDATA_U" ]]; then
        mkdir -p "$STORE"
        cp "${KEY_FILES[@]/#/$FIXTURES/demo/}" "$STORE/"
        cp "${KEY_FILES[@]/#/$FIXTURES/demo-old/}" "$TARGET_PARENT/"
        wc_z_away
        sig status
        wc_z_back
        want_out 'Ho trovato più cartelle'
        # Both, listed: the real folder and the user's copy (any case: Wine keeps the names).
        want_out "^  [0-9]\) \"?C:\\\\Programmi\\\\SOGEI\"? "
        grep -qiF "${STORE_W}" <<<"$OUT" || bad "the VirtualStore copy $STORE_W is not listed"
        want_out 'usa davvero la copia nel VirtualStore'
        grep -qiF "al posto di \"C:\\Programmi\\SOGEI\"" <<<"$OUT" ||
            bad "the note does not name C:\\Programmi\\SOGEI as the folder the copy stands in for"
        rm -rf "$LOCALAPPDATA_U/VirtualStore"
        rm -f "${KEY_FILES[@]/#/$TARGET_PARENT/}"
    else
        bad "no LOCALAPPDATA in the prefix: '$LOCALAPPDATA_W' -> '$LOCALAPPDATA_U'"
    fi
    end
fi

if has_command wipe; then
    begin "wipe removes plaintext leftovers from the stick"
    mkdir -p "$STICK/vecchia copia"
    printf '%s\r\n' "$KEY_PASSWORD" >"$STICK/Password.txt"
    cp "$FIXTURES/demo/UTEF.P12" "$STICK/vecchia copia/UTEF.P12"
    sig wipe 'D:\Password.txt' 'D:\vecchia copia\UTEF.P12' --yes
    want_rc 0
    want_no_out 'sostituito'
    [[ ! -e "$STICK/Password.txt" ]] || bad "Password.txt is still on the stick"
    [[ -z "$(find "$STICK/vecchia copia" -mindepth 1)" ]] ||
        bad "left in 'vecchia copia': $(find "$STICK/vecchia copia" -mindepth 1 -printf '%f ')"
    rm -rf "$STICK/vecchia copia"
    left=$(stick_extra)
    [[ -z "$left" ]] || bad "left on the stick: $(tr '\n' ' ' <<<"$left")"
    end
else
    skip "wipe" "sigillo.exe --help does not list wipe yet"
fi

# --- the console, interactively: guided mode in a real console (tmux) -----------------------------
# wine64 run inside a detached tmux session of fixed size is a Windows console on a terminal:
# sigillo sees a console (GetConsoleMode succeeds), reads secrets with echo off through the
# console API (rpassword: CONIN$) and shows them on CONOUT$. The script types with send-keys and
# reads the screen with capture-pane (with the scrollback), polling with a timeout.
TMUX_SOCKET=$WORK/tmux.sock
PANES=$WORK/panes.txt   # every screen read, except those that show a secret on purpose
PANE=
tm() { tmux -S "$TMUX_SOCKET" "$@"; }
# Starts "D:\sigillo.exe ARGS" (or, with --via PROGRAM, "PROGRAM D:\sigillo.exe ARGS") in a new
# 120x50 console named NAME; the pane prints EXIT=<code> when it ends.
console_start() {   # NAME [--via PROGRAM] ARGS...
    local name=$1 line
    shift
    local launcher=()
    if [[ "${1:-}" == --via ]]; then launcher=("$2"); shift 2; fi
    printf -v line '%q ' "$WINE64" "${launcher[@]}" 'D:\sigillo.exe' "$@"
    tm new-session -d -s "$name" -x 120 -y 50 \
        "cd $(printf %q "$STICK") && $line; echo EXIT=\$?; sleep 600"
}
screen_of() { tm capture-pane -p -J -S - -t "$1" 2>/dev/null | sed 's/[[:space:]]*$//'; }
# Runs CMD every 0.2 s until it succeeds (status 0), or SECONDS have passed (status 1).
poll() {   # SECONDS CMD...
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS >= deadline)) && return 1
        sleep 0.2
    done
}
# Reads NAME's screen into PANE, appending it to $PANES when LOG is 1; whether it matches REGEX.
screen_matches() {   # NAME REGEX LOG
    PANE=$(screen_of "$1")
    (($3)) && printf '%s\n' "$PANE" >>"$PANES"
    grep -qE -- "$2" <<<"$PANE"
}
# Waits until the screen of NAME matches REGEX (at most SECONDS, default 60). Every screen read
# goes to $PANES unless --secret-shown says this one shows a secret on purpose.
console_wait() {   # [--secret-shown] NAME REGEX [SECONDS]
    local log=1
    if [[ "$1" == --secret-shown ]]; then log=0; shift; fi
    poll "${3:-60}" screen_matches "$1" "$2" "$log" && return 0
    bad "the console never showed /$2/"
    OUT=$PANE
    return 1
}
# Whether NAME's screen (read again, logged) shows the menu's prompt at least N times.
menu_count_reached() {   # NAME N
    screen_matches "$1" 'Scelta \(0-5\):' 1 && (($(grep -c 'Scelta (0-5):' <<<"$PANE") >= $2))
}
# Waits until the menu's prompt has been shown N times on NAME's screen (the menu is back).
menu_shown() {   # NAME N
    poll 60 menu_count_reached "$1" "$2" && return 0
    bad "the menu never came back (shown $(grep -c 'Scelta (0-5):' <<<"$PANE") times)"
    OUT=$PANE
    return 1
}
type_line() { tm send-keys -t "$1" -l -- "$2" && tm send-keys -t "$1" Enter; }
# The row below "LABEL  (Invio per nasconderla)" on NAME's screen, into BELOW: the secret shown
# on request. sigillo writes the label line and the secret's row separately, so a screen read
# between the two has the label alone and BELOW stays empty.
row_below_label() {   # NAME LABEL
    BELOW=$(screen_of "$1" | awk -v label="$2" '
        index($0, label) && /\(Invio per nasconderla\)/ {
            if ((getline) > 0) { sub(/^ +/, ""); print }
            exit
        }')
    [[ -n "$BELOW" ]]
}
# Prints the secret shown below LABEL on NAME's screen, once its row is drawn (at most 10 s).
secret_below_label() {   # NAME LABEL
    poll 10 row_below_label "$1" "$2" && printf '%s\n' "$BELOW"
}
secret_gone() { ! grep -qF -- "$2" <<<"$(screen_of "$1")"; }   # NAME SECRET
# Waits until SECRET is gone from NAME's screen after the Enter that hides it (at most 10 s).
# sigillo erases it when it has read that Enter, so a screen read just after the key is sent
# can still show it: those reads are not logged to $PANES, every later one is.
secret_hidden() {   # NAME SECRET
    poll 10 secret_gone "$1" "$2" && return 0
    bad "the secret is still on the screen 10 s after Enter"
    return 1
}

if ! command -v tmux >/dev/null; then
    if [[ "${SIGILLO_REQUIRE_INTEROP:-}" == 1 ]]; then
        begin "guided mode at a console (tmux)"
        bad "SKIPPED but required (SIGILLO_REQUIRE_INTEROP=1): no tmux; apt-get install tmux"
        end
    else
        skip "guided mode at a console, double-click pause (tmux)" "SKIPPED: no tmux; apt-get install tmux"
    fi
elif has_command install; then
    rm -f "$STICK"/*.age
    # Guided mode searches the real default places (the shipped exe has no test option to name
    # others): for the seal the source PC's folder is the only key set on C:, for the install
    # the target's is. Z: is unmapped meanwhile (wc_z_away).
    rm -rf "$TARGET_PARENT"
    : >"$PANES"
    PASSPHRASE_SHOWN=
    begin "guided seal at the console: password typed unseen, passphrase shown then hidden"
    RC=
    wc_z_away
    console_start sigilla
    console_wait sigilla 'Scelta \(0-5\):' &&
        type_line sigilla 1 &&
        console_wait sigilla 'Procedere\?.*\[s/N\]' && type_line sigilla s &&
        console_wait sigilla 'Password delle chiavi \(quella di Desktop Telematico\):' &&
        type_line sigilla "$KEY_PASSWORD" &&
        console_wait sigilla 'Ripetere la password delle chiavi:' &&
        type_line sigilla "$KEY_PASSWORD" &&
        console_wait sigilla 'Generarla\? \[S/n\]' && type_line sigilla '' &&
        console_wait sigilla 'Premere Invio per vederla' && type_line sigilla '' &&
        console_wait --secret-shown sigilla '\(Invio per nasconderla\)' &&
        PASSPHRASE_SHOWN=$(secret_below_label sigilla 'Passphrase:') &&
        type_line sigilla '' && secret_hidden sigilla "$PASSPHRASE_SHOWN" &&
        console_wait sigilla 'Passphrase annotata\?.*\[s/N\]' && type_line sigilla s &&
        console_wait sigilla 'Ora portare la chiavetta' &&
        menu_shown sigilla 2 && type_line sigilla 0 &&
        console_wait sigilla '^EXIT=' && RC=$(sed -n 's/^EXIT=//p' <<<"$PANE")
    want_rc 0
    OUT=$PANE
    [[ $(wc -w <<<"$PASSPHRASE_SHOWN") == 8 ]] || bad "no 8-word passphrase shown: '$PASSPHRASE_SHOWN'"
    want_out '\(nascosta\)'
    want_out 'Codice di controllo: [0-9]{4}-[0-9]{4}-[0-9]{4}'
    # UTF-8 on the console: accented Italian renders as itself (the wizard's first lines).
    want_out 'La cassaforte sarà scritta sulla chiavetta'
    want_out 'sigillo non è su una chiavetta: "D:\\" non è un.unità rimovibile'
    [[ -n "$PASSPHRASE_SHOWN" ]] && grep -qF -- "$PASSPHRASE_SHOWN" <<<"$PANE" &&
        bad "the passphrase is still on the screen after Enter"
    sealed=$(find "$STICK" -maxdepth 1 -name 'chiavi-*.age' | head -1)
    [[ -n "$sealed" ]] || bad "no vault written on the stick"
    tm kill-session -t sigilla 2>/dev/null
    wc_z_back
    end
    prepare_target
    mv "$DRIVE_C/Studio Rossi" "$WORK/studio-altrove"

    begin "guided install at the console: passphrase typed unseen, password shown once then hidden"
    RC=
    PASSWORD_SEEN=0
    if [[ -n "$PASSPHRASE_SHOWN" ]]; then
        wc_z_away
        console_start installa
        console_wait installa 'Scelta \(0-5\):' &&
            type_line installa 2 &&
            console_wait installa 'Passphrase della cassaforte:' &&
            type_line installa "$PASSPHRASE_SHOWN" &&
            console_wait installa 'Procedere con l.installazione\?.*\[s/N\]' && type_line installa s &&
            console_wait installa 'Premere Invio per vederla' && type_line installa '' &&
            console_wait --secret-shown installa '\(Invio per nasconderla\)' &&
            { [[ "$(secret_below_label installa 'Password delle chiavi:')" == "$KEY_PASSWORD" ]] &&
                PASSWORD_SEEN=1; true; } &&
            type_line installa '' && secret_hidden installa "$KEY_PASSWORD" &&
            console_wait installa 'Altri PC hanno ancora bisogno.*\[s/N\]' && type_line installa n &&
            menu_shown installa 2 && type_line installa 0 &&
            console_wait installa '^EXIT=' && RC=$(sed -n 's/^EXIT=//p' <<<"$PANE")
        want_rc 0
        OUT=$PANE
        ((PASSWORD_SEEN)) || bad "the keys' password was not shown on request"
        want_out 'Password delle chiavi: +\(Invio per nasconderla\)'
        want_out '\(nascosta\)'
        grep -qF -- "$KEY_PASSWORD" <<<"$PANE" && bad "the keys' password is still on the screen"
        same_set "$TARGET" "$FIXTURES/demo"
        only_keys "$TARGET"
        # "Altri PC hanno ancora bisogno…? n": the vault is wiped, and nothing is left of it.
        [[ -n "$sealed" && ! -e "$sealed" ]] || bad "the vault is still on the stick: $sealed"
        left=$(stick_extra)
        [[ -z "$left" ]] || bad "left on the stick after the install's wipe: $(tr '\n' ' ' <<<"$left")"
        tm kill-session -t installa 2>/dev/null
        wc_z_back
    else
        bad "no passphrase from the guided seal"
    fi
    end
    mv "$WORK/studio-altrove" "$DRIVE_C/Studio Rossi"

    begin "typed secrets never appear on the console (every screen read)"
    OUT=
    RC=0
    grep -qF -- "$KEY_PASSWORD" "$PANES" && bad "the keys' password is on a screen"
    [[ -n "$PASSPHRASE_SHOWN" ]] && grep -qF -- "$PASSPHRASE_SHOWN" "$PANES" &&
        bad "the passphrase is on a screen after it was hidden (or while typed)"
    [[ -s "$PANES" ]] || bad "no screen was read"
    end

    # --- the double-click pause ------------------------------------------------------------------
    # Explorer starts a double-clicked program in a console of its own that closes when it ends;
    # sigillo then waits for Enter after its last words. The test starts it from a program named
    # explorer.exe (portable/wine/explorer.c, sharing the tmux console: Wine without a display
    # gives a new console no screen), makes it fail (a file that is not a vault) and checks that it
    # is still running, waiting, until Enter. Started directly (parent: not Explorer) it exits.
    printf 'non sono una cassaforte\r\n' >"$STICK/finta.age"
    begin "double-click (parent explorer.exe): after an error the console waits for Enter"
    RC=
    console_start doppio --via "$HELPERS/launch/explorer.exe" verify 'D:\finta.age'
    if console_wait doppio 'Premi Invio per chiudere'; then
        OUT=$PANE
        want_out 'non è una cassaforte di sigillo'
        sleep 1
        grep -q '^EXIT=' <<<"$(screen_of doppio)" && bad "it ended without waiting for Enter"
        type_line doppio ''
        console_wait doppio '^EXIT=' && RC=$(sed -n 's/^EXIT=//p' <<<"$PANE")
        want_rc 4
    fi
    tm kill-session -t doppio 2>/dev/null
    end
    begin "started from a console (parent not explorer.exe): the same error ends without a pause"
    RC=
    console_start diretto verify 'D:\finta.age'
    console_wait diretto '^EXIT=' && RC=$(sed -n 's/^EXIT=//p' <<<"$PANE")
    OUT=$PANE
    want_rc 4
    want_out 'non è una cassaforte di sigillo'
    want_no_out 'Premi Invio per chiudere'
    tm kill-session -t diretto 2>/dev/null
    end
    rm -f "$STICK/finta.age" "$STICK"/chiavi-*.age
else
    skip "guided mode at a console" "sigillo.exe --help does not list install yet"
fi

# --- the stick stays clean ------------------------------------------------------------------------
begin "no plaintext left on the stick"
leftovers=$(find "$STICK" -iname '*.p12' -o -iname '*.ks' -o -iname 'password*' -o -iname '*.tmp' | sed "s|$STICK/||")
[[ -z "$leftovers" ]] || bad "found on the stick: $(tr '\n' ' ' <<<"$leftovers")"
end

begin "no escape sequences or control codes in output to a pipe"
if LC_ALL=C grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' "$WORK/all-output.txt"; then
    bad "found: $(LC_ALL=C grep -n $'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' "$WORK/all-output.txt" | head -3 | cat -v)"
fi
end

wc_summary
