#!/usr/bin/env bash
# wine-gui-test.sh — sigillo.exe's two faces under Wine: the console (started from a shell it
# prints to a pipe and returns its exit codes, as before the window existed) and the window (started
# as Explorer starts a double-clicked program, driven by keyboard only with xdotool on Xvfb: a whole
# seal of the demo set on the "source PC", a whole install on the "target PC").
#
# Usage: portable/wine-gui-test.sh [path/to/sigillo.exe]
#   Without a path it cross-builds the release .exe first. Needs wine64, gcc-mingw-w64-x86-64, xvfb,
#   xdotool and imagemagick (portable/ci-setup.sh installs them); without them it prints SKIPPED,
#   and fails instead under SIGILLO_REQUIRE_INTEROP=1 (CI).
#
# Environment, besides wine-common.sh's (SIGILLO_WINEPREFIX, SIGILLO_WINE_KEEP, WINE64):
#   SIGILLO_SCREENSHOTS=update   copy the screenshots of each page into portable/screenshots/
#                                (README and LEGGIMI.txt show them); otherwise they stay in the temp
#                                folder (kept with SIGILLO_WINE_KEEP=1).
#   SIGILLO_GUI_STEP=SECONDS     the pause after each key (default 1.5; slower machines want more).
#   SIGILLO_GUI_SEARCH=SECONDS   the pause for the search for key folders (default 8).
#
# The window's pages are told apart by what they leave on disk and by timing: each key is followed
# by a pause long enough for the page to change, and where scrypt runs (at the real work factor:
# the shipped exe has no other) by waiting for what it writes.
# Exits non-zero on any failure; the last line is "N passed, M failed".
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WC_NAME=wine-gui-test
# shellcheck source=portable/cross-env.sh
source "$ROOT/portable/cross-env.sh"
# shellcheck source=portable/wine-common.sh
source "$ROOT/portable/wine-common.sh"

FIXTURES=$ROOT/fixtures
KEY_PASSWORD='Prova.2026'                 # fixtures/README.md
PASSPHRASE='Nebbia-Lunga.Strada/Rossa42'  # typed by xdotool: ASCII only
KEY_FILES=(UTEF.P12 UTEC.P12 UTENTE.KS)
STEP=${SIGILLO_GUI_STEP:-1.5}
# The pause for the real search for key folders (the default places, at most 5 s, plus start-up).
SEARCH=${SIGILLO_GUI_SEARCH:-8}

# --- prerequisites: SKIPPED (or failed in CI) when the machine cannot run the test -----------------
wc_find_wine || wc_skip_all "$WC_MISSING not found"
for tool in x86_64-w64-mingw32-gcc Xvfb xdotool import; do
    command -v "$tool" >/dev/null || wc_skip_all "$tool not found (portable/ci-setup.sh installs it)"
done

wc_exe "${1:-}"
wc_sandbox
SHOTS=$WORK/screenshots
mkdir -p "$SHOTS"

# The search lists what it finds nearest first (breadth first from C:\): the source folder sits
# deeper than the target's (4 folders down, the target 3), so the target is the list's first.
SRC="$DRIVE_C/Studio Rossi/Ufficio/Chiavi/CHIAVE PRIVATA"
SRC_W='C:\Studio Rossi\Ufficio\Chiavi'
TARGET="$DRIVE_C/Programmi/SOGEI/Chiavi Entratel"
SECRETS="$DRIVE_C/segreti"
SECRETS_W='C:\segreti'
rm -rf "$DRIVE_C/Studio Rossi" "$DRIVE_C/Programmi" "$SECRETS"
mkdir -p "$SRC" "$TARGET" "$SECRETS"
cp "${KEY_FILES[@]/#/$FIXTURES/demo/}" "$SRC/"
# The target PC's old keys come in after the window's seal: the shipped exe searches the real
# default places (no test option names others), where the source PC's folder must be the only
# key set for the seal, and the target's the only one for the install (SRC is moved aside then).
printf '%s\r\n' "$KEY_PASSWORD" >"$SECRETS/password.txt"
printf '%s\r\n' "$PASSPHRASE" >"$SECRETS/passphrase.txt"
printf '%s\r\n' "${PASSPHRASE}x" >"$SECRETS/sbagliata.txt"
# The parent a double-click gives: a program named explorer.exe that starts sigillo and waits for
# it (portable/wine/explorer.c, as in wine-test.sh). Wine's own explorer cannot stand in for it:
# "explorer /desktop=NAME PROGRAM" exits right after starting PROGRAM whenever another explorer
# process made the desktop first (it happens on a fresh prefix), and a sigillo whose parent has
# gone rightly keeps the console.
mkdir -p "$DRIVE_C/avvio"
x86_64-w64-mingw32-gcc -municode -O2 -s -o "$DRIVE_C/avvio/explorer.exe" "$ROOT/portable/wine/explorer.c" ||
    wc_die "could not build the explorer.exe launcher"
LAUNCHER_W='C:\avvio\explorer.exe'

# --- the console face: started from a shell, output to a pipe, exit codes -------------------------
# Through a pipe, as a script or cmd's "| more" reads it; RC is sigillo.exe's own exit code.
sig_pipe() {
    (cd "$STICK" && timeout 300 "$WINE64" 'D:\sigillo.exe' "$@" </dev/null 2>&1 | cat >"$WORK/out.txt"
     exit "${PIPESTATUS[0]}")
    RC=$?
    OUT=$(tr -d '\r' <"$WORK/out.txt")
}

begin "console: --version prints to the pipe and exits 0"
sig_pipe --version
want_rc 0; want_out '^sigillo [0-9]+\.[0-9]+\.[0-9]+'
end

begin "console: seal with secret files prints its check code to the pipe"
sig_pipe seal --from "$SRC_W\\CHIAVE PRIVATA" --out 'D:\console.age' --password-file "$SECRETS_W\\password.txt" \
    --passphrase-file "$SECRETS_W\\passphrase.txt"
want_rc 0; want_out 'Codice di controllo: [0-9]{4}-[0-9]{4}-[0-9]{4}'
[[ -s "$STICK/console.age" ]] || bad "no D:\\console.age"
end

begin "console: verify --passphrase-file prints the manifest to the pipe and exits 0"
sig_pipe verify 'D:\console.age' --passphrase-file "$SECRETS_W\\passphrase.txt"
want_rc 0; want_out 'STUDIO DEMO ROSSI'; want_out 'Codice di controllo'
end

begin "console: verify with a wrong passphrase exits 4, saying so on the pipe"
sig_pipe verify 'D:\console.age' --passphrase-file "$SECRETS_W\\sbagliata.txt"
want_rc 4; want_out 'Errore'
end

begin "console: --console with no command and no terminal stays in the console (never a window)"
sig_pipe --console
[[ "$RC" != 0 && "$RC" != 124 ]] || bad "exit code $RC: expected the console's 'needs a terminal' refusal"
want_out 'sigillo'
end

# --- the window face: Xvfb, started as Explorer starts it ------------------------------------------
DISPLAY_NUMBER=
for n in $(seq 70 99); do
    [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] && continue
    Xvfb ":$n" -screen 0 1024x768x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
    WC_BACKGROUND+=($!)
    for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X$n ]] && break; sleep 0.1; done
    if [[ -e /tmp/.X11-unix/X$n ]]; then DISPLAY_NUMBER=$n; break; fi
done
[[ -n "$DISPLAY_NUMBER" ]] || wc_skip_all "Xvfb could not start (see $WORK/xvfb.log)"
export DISPLAY=:$DISPLAY_NUMBER

WIN=
SHOT_N=0
# Starts D:\sigillo.exe the way Explorer starts a double-clicked program (a running explorer.exe
# is its parent), in a Wine virtual desktop, with no option (as a double-click starts it); waits
# for the window. Its search for key folders is the real one: Z: is unmapped until it is closed.
start_window() {
    wc_z_away
    (cd "$STICK" && exec "$WINE64" explorer /desktop=ufficio,800x600 "$LAUNCHER_W" 'D:\sigillo.exe' \
        >>"$WORK/gui.log" 2>&1) &
    WC_BACKGROUND+=($!)
    WIN=
    for _ in $(seq 60); do
        WIN=$(xdotool search --name '^sigillo$' 2>/dev/null | head -1)
        [[ -n "$WIN" ]] && break
        sleep 0.5
    done
    [[ -n "$WIN" ]] || return 1
    sleep 1
    xdotool windowfocus "$WIN" 2>/dev/null
    return 0
}
key() { xdotool key --clearmodifiers "$@"; sleep "$STEP"; }
typ() { xdotool type --delay 40 -- "$1"; sleep 0.3; }
# A screenshot of the window as it is now: $1 the page's name.
shot() {
    SHOT_N=$((SHOT_N + 1))
    import -window "$WIN" "$SHOTS/$(printf '%02d' "$SHOT_N")-$1.png" 2>/dev/null ||
        import -window root "$SHOTS/$(printf '%02d' "$SHOT_N")-$1.png"
}
# Whether this prefix still runs a sigillo.exe (other Wine prefixes on the machine do not count).
sigillo_running() {
    local pid
    for pid in $(pgrep -f 'sigillo\.exe' 2>/dev/null); do
        tr '\0' '\n' 2>/dev/null <"/proc/$pid/environ" | grep -qxF "WINEPREFIX=$WINEPREFIX" && return 0
    done
    return 1
}
# Closes the window with Alt+F4 and waits for sigillo.exe to end; maps Z: again.
close_window() {
    key alt+F4
    for _ in $(seq 40); do
        sigillo_running || { wc_z_back; return 0; }
        sleep 0.5
    done
    wc_z_back
    return 1
}
# Waits until CMD succeeds, at most SECONDS (a watchdog: the vault's scrypt at the real work
# factor takes seconds under Wine on a loaded machine).
wait_for() {   # SECONDS CMD...
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS >= deadline)) && return 1
        sleep 0.5
    done
}
one_vault_written() { [[ $(find "$STICK" -name 'chiavi-*.age' | wc -l) == 1 ]]; }
target_holds() {   # FIXTURE: the key folder holds that fixture's set
    local f
    for f in "${KEY_FILES[@]}"; do cmp -s "$TARGET/$f" "$FIXTURES/$1/$f" || return 1; done
}

# The source PC: seal the demo set, with the passphrase sigillo generates.
begin "window: a double-click opens the window titled sigillo with the five actions"
if start_window; then
    shot home
else
    bad "no window titled 'sigillo' within 30 s (see $WORK/gui.log)"
fi
end

if [[ -n "$WIN" ]]; then
    begin "window: Esc at the password stops the seal, writing nothing"
    key alt+1
    sleep "$SEARCH"                   # the search for key folders (the real one)
    key alt+s
    typ "Prova"
    key Escape
    shot seal-cancelled
    [[ -z "$(find "$STICK" -name 'chiavi-*.age')" ]] || bad "a vault was written after Esc"
    key Return                        # Indietro
    end

    begin "window: a whole seal of the demo set, by keyboard"
    key Return                        # the focused first button: 1 Preparare la chiavetta
    sleep "$SEARCH"
    shot seal-ask                     # the keys found, where the vault goes: Procedere? (default No)
    key alt+s                         # Sì
    typ "$KEY_PASSWORD"
    shot seal-password                # masked field
    key Return
    typ "$KEY_PASSWORD"
    key Return                        # again
    key Return                        # Generare la passphrase? (default Sì)
    shot seal-passphrase              # the generated passphrase, shown once
    [[ -z "$(find "$STICK" -name 'chiavi-*.age')" ]] || bad "the vault was written before the passphrase was noted"
    key Return                        # Avanti: hidden again
    shot seal-written-down            # L'avete annotata? (default No)
    key alt+s
    wait_for 120 one_vault_written
    sleep 2
    shot seal-done
    vaults=$(find "$STICK" -name 'chiavi-*.age' | wc -l)
    [[ "$vaults" == 1 ]] || bad "expected one chiavi-*.age on the stick, found $vaults"
    vault=$(find "$STICK" -name 'chiavi-*.age' | head -1)
    [[ -n "$vault" ]] && { head -c 21 "$vault" | grep -q '^age-encryption.org/v1' || bad "not an age file: $vault"; }
    diff -rq "$SRC" "$FIXTURES/demo" >/dev/null || bad "the source keys changed"
    key Return                        # Indietro: the first page again
    end

    begin "window: closing it ends sigillo.exe"
    close_window || bad "sigillo.exe still runs 20 s after Alt+F4"
    end
fi

# The target PC: install a vault whose passphrase the test knows (sealed from the console above).
rm -f "$STICK"/chiavi-*.age
mv "$STICK/console.age" "$STICK/chiavi-consegna.age"
cp "${KEY_FILES[@]/#/$FIXTURES/demo-old/}" "$TARGET/"
mv "$DRIVE_C/Studio Rossi" "$WORK/studio-altrove"
begin "window: a whole install by keyboard"
if start_window; then
    key alt+2                         # 2 Installare su questo PC le chiavi della chiavetta
    shot install-passphrase
    typ "$PASSPHRASE"
    key Return
    sleep 10                          # the vault opens (scrypt at the real work factor)
    shot install-ask                  # what will change: Procedere? (default No)
    key alt+s
    wait_for 120 target_holds demo
    sleep 2
    shot install-password             # the keys' password, shown once
    key Return                        # Avanti: hidden again
    shot install-keep-vault           # Serve ancora ad altri PC? (default No: wiped)
    key Return
    sleep 2
    shot install-done
    for f in "${KEY_FILES[@]}"; do
        cmp -s "$TARGET/$f" "$FIXTURES/demo/$f" || bad "$f in the key folder is not the new one"
    done
    archived=$(find "$DRIVE_C/Programmi/SOGEI" -path '*Chiavi di Sicurezza Scadute*' -name UTEF.P12 | head -1)
    [[ -n "$archived" ]] && cmp -s "$archived" "$FIXTURES/demo-old/UTEF.P12" || bad "the old set is not in the archive"
    [[ ! -e "$STICK/chiavi-consegna.age" ]] || bad "the vault is still on the stick"
    # The wipe acts on its handle to the end (issue 20): nothing may be left on the stick, not
    # even an empty file with a random name.
    left=$(find "$STICK" -mindepth 1 -printf '%f\n' | grep -vxF -e sigillo.exe -e bcryptprimitives.dll)
    [[ -z "$left" ]] || bad "left on the stick after the wipe: $(tr '\n' ' ' <<<"$left")"
    key Return
    close_window || bad "sigillo.exe still runs 20 s after Alt+F4"
else
    bad "no window titled 'sigillo' within 30 s (see $WORK/gui.log)"
fi
end
mv "$WORK/studio-altrove" "$DRIVE_C/Studio Rossi"

# Two key folders on this PC: the window lists them to choose from (arrows, Enter). Undo the
# install just made in the one chosen: the old set comes back.
begin "window: choosing a key folder from the list and undoing the last install"
if start_window; then
    key alt+4                         # 4 Annullare l'ultima installazione
    sleep "$SEARCH"
    shot rollback-choose              # the two folders found, as a list
    key Down                          # the first: C:\Programmi\SOGEI\Chiavi Entratel
    key Return
    shot rollback-ask
    key alt+s                         # one question (it has expired: bring it back all the same?) Sì
    wait_for 120 target_holds demo-old
    sleep 2
    shot rollback-done
    for f in "${KEY_FILES[@]}"; do
        cmp -s "$TARGET/$f" "$FIXTURES/demo-old/$f" || bad "$f in the key folder is not the old one again"
    done
    diff -rq "$SRC" "$FIXTURES/demo" >/dev/null || bad "the other folder changed"
    key Return
    close_window || bad "sigillo.exe still runs 20 s after Alt+F4"
else
    bad "no window titled 'sigillo' within 30 s (see $WORK/gui.log)"
fi
end

if [[ "${SIGILLO_SCREENSHOTS:-}" == update ]]; then
    mkdir -p "$ROOT/portable/screenshots"
    rm -f "$ROOT/portable/screenshots/"*.png
    cp "$SHOTS"/*.png "$ROOT/portable/screenshots/"
    note "screenshots: portable/screenshots/ ($(ls "$SHOTS" | wc -l) pages)"
fi

wc_summary
