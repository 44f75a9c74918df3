#!/usr/bin/env bash
# wine-gui-test.sh — sigillo.exe's two faces under Wine: the console (started from a shell it
# prints to a pipe and returns its exit codes, as before the window existed) and the window (started
# as Explorer starts a double-clicked program, driven by keyboard only with xdotool on Xvfb: a seal
# of the demo set on the "source PC" after one cancelled, an install with a wrong passphrase first
# and Annulla at the last question on the "target PC", and a rollback chosen from a list).
#
# It runs the exe as shipped: no test-only option. Seals use the real work factor, and the key
# folders sit where the default search finds them in the Wine prefix (locate::default_roots: the
# known folders, the user's profile, then every drive; the prefix's Z:, the host's whole file
# system, is unmapped so that the search stays inside the prefix, as on a real PC).
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
#
# Each page is read as Windows' own APIs read it (portable/wine/pagetext.c: the visible controls'
# texts, list items, check boxes, as a screen reader gets them) and its key text checked; the
# script waits for each page (a watchdog of minutes: scrypt runs at its real work factor here).
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
PARKED=$WORK/altro-pc
SECRETS="$DRIVE_C/segreti"
SECRETS_W='C:\segreti'
rm -rf "$DRIVE_C/Studio Rossi" "$DRIVE_C/Programmi" "$SECRETS" "$PARKED"
# The source PC has one key set, the renewed one; the target PC's (the old set) is made after the
# seal, so that each default search finds the one folder of its PC.
mkdir -p "$SRC" "$SECRETS"
cp "${KEY_FILES[@]/#/$FIXTURES/demo/}" "$SRC/"
# Z: is the host's / in a Wine prefix: a search of every drive would walk the build machine;
# start_window unmaps it until the window is closed (wc_z_away, wc_z_back).
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
# What the window shows, as Windows' APIs read it (portable/wine/pagetext.c).
x86_64-w64-mingw32-gcc -municode -O2 -s -o "$DRIVE_C/avvio/pagetext.exe" "$ROOT/portable/wine/pagetext.c" ||
    wc_die "could not build pagetext.exe"
PAGETEXT_W='C:\avvio\pagetext.exe'

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
# The install's plan page must show this same code.
CONSOLE_CODE=$(grep -oE 'Codice di controllo: [0-9]{4}-[0-9]{4}-[0-9]{4}' <<<"$OUT" | head -1 | grep -oE '[0-9-]{14}$')
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
PAGE=
# Starts D:\sigillo.exe the way Explorer starts a double-clicked program (a running explorer.exe
# is its parent), in a Wine virtual desktop, as shipped (no options); waits for the window.
start_window() {
    wc_z_away
    (cd "$STICK" && exec "$WINE64" explorer /desktop=ufficio,800x600 "$LAUNCHER_W" 'D:\sigillo.exe' \
        >>"$WORK/gui.log" 2>&1) &
    WC_BACKGROUND+=($!)
    WIN=
    for _ in $(seq 120); do
        WIN=$(xdotool search --name '^sigillo$' 2>/dev/null | head -1)
        [[ -n "$WIN" ]] && break
        sleep 0.5
    done
    [[ -n "$WIN" ]] || return 1
    sleep 1
    xdotool windowfocus "$WIN" 2>/dev/null
    wait_page home
}
key() { xdotool key --clearmodifiers "$@"; sleep "$STEP"; }
typ() { xdotool type --delay 40 -- "$1"; sleep 0.3; }
# A screenshot of the window as it is now: $1 the page's name.
shot() {
    SHOT_N=$((SHOT_N + 1))
    import -window "$WIN" "$SHOTS/$(printf '%02d' "$SHOT_N")-$1.png" 2>/dev/null ||
        import -window root "$SHOTS/$(printf '%02d' "$SHOT_N")-$1.png"
}
# PAGE: the window's visible controls and their texts now ("Class<TAB>text" lines).
read_page() {
    PAGE=$(cd "$STICK" && timeout 60 "$WINE64" "$PAGETEXT_W" 2>/dev/null | tr -d '\r')
    OUT=$PAGE
}
# Waits until the window shows a page that waits for the person: "home" (the five actions) or a
# question or result page (its Avanti / Sì / Procedi / Indietro button); never the working page.
# A watchdog of five minutes, for scrypt at its real work factor on a loaded machine.
wait_page() {
    local want='^Button	&(Avanti|Sì|Procedi|Indietro)$'
    [[ "${1:-}" == home ]] && want='^Button	&5 '
    for _ in $(seq 300); do
        read_page
        grep -qE "$want" <<<"$PAGE" && return 0
        sleep 1
    done
    bad "no ${1:-question} page within 5 minutes; the window shows: $(tr '\n' '/' <<<"$PAGE")"
    return 1
}
# Waits (at most 30 s: a loaded machine draws slowly) until the page shows a line matching $1.
wait_text() {
    for _ in $(seq 30); do
        read_page
        shows "$1" && return 0
        sleep 1
    done
    return 1
}
# Whether the page shows a line matching the extended regex $1.
shows() { grep -qE -- "$1" <<<"$PAGE"; }
want_page() { shows "$1" || bad "${2:-the page} lacks /$1/"; }
want_not_page() { ! shows "$1" || bad "${2:-the page} has /$1/"; }
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
# The plan page, when the step told its plan (Procedi); a plain yes/no question otherwise (Sì):
# answers yes either way, so the steps after it run; says so when there was no plan page.
proceed_from_plan() {
    if shows '^Button	&Procedi$'; then
        key alt+p
    else
        bad "${1:-the step} asked without a plan page: $(tr '\n' '/' <<<"$PAGE")"
        key alt+s
    fi
}

# The source PC: one seal cancelled at the keys' password, then a whole seal.
begin "window: a double-click opens the window titled sigillo with the five actions"
if start_window; then
    shot home
    for n in 1 2 3 4 5; do want_page "^Button	&$n " "the first page"; done
else
    bad "no window titled 'sigillo' within 60 s (see $WORK/gui.log)"
fi
end

if [[ -n "$WIN" ]]; then
    begin "window: the seal's plan page, then Esc at the password: cancelled, nothing written"
    key alt+1
    wait_page
    want_page 'Le chiavi di: .*CHIAVE PRIVATA' "the seal's plan page"
    want_page 'vanno nella cassaforte: .*D:' "the seal's plan page"
    shot seal-plan
    proceed_from_plan "seal"
    wait_page
    want_page 'Password delle chiavi' "the password page"
    want_not_page 'Mostra' "the keys' password page (no Mostra: it is not dictated)"
    typ "Prova"
    key Escape
    wait_page
    want_page '^Button	&Indietro$' "the result page"
    want_page 'annullat' "the result page"
    want_not_page '^Edit	' "the result page (the transcript is behind Dettagli)"
    shot seal-cancelled
    [[ -z "$(find "$STICK" -name 'chiavi-*.age')" ]] || bad "a vault was written after Esc"
    key Return                        # Indietro
    wait_page home
    end

    begin "window: a whole seal of the demo set, by keyboard"
    key Return                        # the focused first button: 1 Preparare la chiavetta
    wait_page
    proceed_from_plan "seal"
    wait_page
    want_page 'Password delle chiavi' "the password page"
    typ "$KEY_PASSWORD"
    shot seal-password                # masked field
    key Return
    wait_page
    want_page 'Ripetere la password' "the second password page"
    typ "$KEY_PASSWORD"
    key Return
    wait_page
    want_page 'genera ora una passphrase' "the question whether to generate the passphrase"
    shot seal-generate
    key Return                        # Sì (the default): a generated one
    wait_page
    shot seal-passphrase              # the generated passphrase, shown once
    [[ -z "$(find "$STICK" -name 'chiavi-*.age')" ]] || bad "the vault was written before the passphrase was noted"
    key Return                        # Avanti: hidden again
    wait_page
    want_page 'annotata' "the written-down question"
    shot seal-written-down            # Passphrase annotata? (default No)
    key alt+s
    wait_page                         # sealing: scrypt at its real work factor
    want_page '^Button	&Indietro$' "the seal's result page"
    want_page 'La chiavetta è pronta' "the seal's result page"
    want_page 'Codice di controllo: +[0-9]{4}-[0-9]{4}-[0-9]{4}$' "the seal's result page (the check code, large)"
    shot seal-done
    vaults=$(find "$STICK" -name 'chiavi-*.age' | wc -l)
    [[ "$vaults" == 1 ]] || bad "expected one chiavi-*.age on the stick, found $vaults"
    vault=$(find "$STICK" -name 'chiavi-*.age' | head -1)
    [[ -n "$vault" ]] && { head -c 21 "$vault" | grep -q '^age-encryption.org/v1' || bad "not an age file: $vault"; }
    diff -rq "$SRC" "$FIXTURES/demo" >/dev/null || bad "the source keys changed"
    key Return                        # Indietro: the first page again
    wait_page home
    end

    begin "window: closing it ends sigillo.exe"
    close_window || bad "sigillo.exe still runs 20 s after Alt+F4"
    end
fi

# The target PC: its one key folder holds the old set; the source PC's folder is elsewhere. The
# vault is the one sealed from the console above, whose passphrase and check code the test knows.
mv "$DRIVE_C/Studio Rossi" "$PARKED"
mkdir -p "$TARGET"
cp "${KEY_FILES[@]/#/$FIXTURES/demo-old/}" "$TARGET/"
rm -f "$STICK"/chiavi-*.age
mv "$STICK/console.age" "$STICK/chiavi-consegna.age"
begin "window: an install with a wrong passphrase first, then Annulla at the last question"
if start_window; then
    key alt+2                         # 2 Installare su questo PC le chiavi della chiavetta
    wait_page
    want_page 'Passphrase della cassaforte' "the passphrase page"
    want_page '^Button	\[ \] &Mostra$' "the passphrase page (Mostra, unchecked)"
    shot install-passphrase
    typ "${PASSPHRASE}x"
    key Return
    wait_page                         # scrypt, then the same question again
    want_page 'Passphrase sbagliata\. Restano 2 tentativi\.' "the passphrase page after a wrong one"
    want_page 'Passphrase della cassaforte' "the passphrase page after a wrong one"
    shot install-wrong-passphrase
    typ "${PASSPHRASE:0:12}"
    key alt+m                         # Mostra: what is typed, in plain text
    typ "${PASSPHRASE:12}"
    read_page
    want_page '^Button	\[x\] &Mostra$' "the passphrase page with Mostra checked"
    want_page "^Edit	${PASSPHRASE//./\\.}\$" "the passphrase page with Mostra checked (the typed text, whole)"
    shot install-passphrase-shown
    key Return
    wait_page
    if shows 'Invio per saltare'; then key Return; wait_page; fi   # the installed keys' password
    want_page 'Intestatario: STUDIO DEMO ROSSI' "the install's plan page"
    want_page 'Le chiavi nuove vanno in: .*Chiavi Entratel' "the install's plan page"
    want_page "nell'archivio: .*Chiavi di Sicurezza Scadute" "the install's plan page"
    want_page "Codice di controllo: +${CONSOLE_CODE:-none}\$" "the install's plan page (the code the console seal printed)"
    shot install-plan
    proceed_from_plan "install"
    wait_page
    shot install-password             # the keys' password, shown once
    key Return                        # Avanti: hidden again
    wait_page
    want_page 'Altri PC hanno ancora bisogno' "the keep-vault question"
    shot install-keep-vault
    key Escape                        # Annulla
    wait_page
    want_page '^Button	&Indietro$' "the install's result page"
    want_page 'Chiavi nuove installate; la cassaforte resta sulla chiavetta\.' "the install's result page"
    want_page 'Chiavi vecchie archiviate in: .*Chiavi di Sicurezza Scadute' "the install's result page"
    want_page '^Button	Apri &cartella$' "the install's result page"
    want_not_page 'Fatto\.' "the install's result page"
    shot install-done
    for f in "${KEY_FILES[@]}"; do
        cmp -s "$TARGET/$f" "$FIXTURES/demo/$f" || bad "$f in the key folder is not the new one"
    done
    archived=$(find "$DRIVE_C/Programmi/SOGEI" -path '*Chiavi di Sicurezza Scadute*' -name UTEF.P12 | head -1)
    [[ -n "$archived" ]] && cmp -s "$archived" "$FIXTURES/demo-old/UTEF.P12" || bad "the old set is not in the archive"
    [[ -e "$STICK/chiavi-consegna.age" ]] || bad "the vault left the stick after Annulla"
    key alt+d                         # Dettagli: the transcript
    wait_text '^Edit	' || bad "Dettagli showed no transcript within 30 s"
    want_page '^Edit	.*La cassaforte resta sulla chiavetta' "the transcript"
    want_page '^Edit	.*non si apre con questa passphrase' "the transcript (the wrong passphrase, in the console's words)"
    shot install-details
    key Return                        # Indietro: the result again
    wait_text '^Button	Apri &cartella$' || bad "Indietro from Dettagli: no result page within 30 s"
    want_page 'Chiavi nuove installate' "the result page after Dettagli"
    key alt+c                         # Apri cartella: Explorer on the key folder
    opened=
    for _ in $(seq 60); do
        opened=$(xdotool search --name 'Chiavi Entratel' 2>/dev/null | head -1)
        [[ -n "$opened" ]] && break
        sleep 0.5
    done
    if [[ -n "$opened" ]]; then
        # Closed as a person would (Alt+F4 in it), so that Wine hands the focus back; then a
        # click on a blank spot of sigillo's window makes it the active one again.
        xdotool windowfocus "$opened" 2>/dev/null
        key alt+F4
        xdotool mousemove --window "$WIN" 600 300 click 1 2>/dev/null
        sleep "$STEP"
    else
        bad "Apri cartella opened no window named after the key folder within 30 s"
    fi
    key alt+i                         # Indietro (Enter would press Apri cartella again: it has the focus)
    wait_page home
    close_window || bad "sigillo.exe still runs 20 s after Alt+F4"
else
    bad "no window titled 'sigillo' within 60 s (see $WORK/gui.log)"
fi
end

# Two key folders on this PC: the window lists them to choose from (arrows, Enter). Undo the
# install just made in the one chosen: the old set comes back.
mv "$PARKED" "$DRIVE_C/Studio Rossi"
begin "window: choosing a key folder from the list and undoing the last install"
if start_window; then
    key alt+4                         # 4 Annullare l'ultima installazione
    wait_page
    want_page '^item	.*Chiavi Entratel' "the list of key folders"
    want_page '^item	.*CHIAVE PRIVATA' "the list of key folders"
    shot rollback-choose
    # Down selects the first item; then down to the target's.
    index=$(grep '^item	' <<<"$PAGE" | grep -n 'Chiavi Entratel' | head -1 | cut -d: -f1)
    for _ in $(seq "${index:-1}"); do key Down; done
    key Return
    planned=0
    for _ in 1 2 3 4 5; do
        wait_page
        if shows '^Button	&Procedi$'; then
            planned=1
            want_page "Tornano le chiavi archiviate in: .*Chiavi di Sicurezza Scadute" "the rollback's plan page"
            shot rollback-plan
            key alt+p
        elif shows '^Button	&Sì$'; then
            shot rollback-ask         # it has expired: bring it back all the same?
            key alt+s
        elif shows 'Invio per saltare'; then
            key Return                # the password of the keys that come back: skipped
        else
            break
        fi
    done
    ((planned)) || bad "no plan page before the rollback"
    want_page '^Button	&Indietro$' "the rollback's result page"
    want_page 'Le chiavi di prima sono di nuovo al loro posto' "the rollback's result page"
    shot rollback-done
    for f in "${KEY_FILES[@]}"; do
        cmp -s "$TARGET/$f" "$FIXTURES/demo-old/$f" || bad "$f in the key folder is not the old one again"
    done
    diff -rq "$SRC" "$FIXTURES/demo" >/dev/null || bad "the other folder changed"
    key Return
    wait_page home
    close_window || bad "sigillo.exe still runs 20 s after Alt+F4"
else
    bad "no window titled 'sigillo' within 60 s (see $WORK/gui.log)"
fi
end

if [[ "${SIGILLO_SCREENSHOTS:-}" == update ]]; then
    mkdir -p "$ROOT/portable/screenshots"
    rm -f "$ROOT/portable/screenshots/"*.png
    cp "$SHOTS"/*.png "$ROOT/portable/screenshots/"
    note "screenshots: portable/screenshots/ ($(ls "$SHOTS" | wc -l) pages)"
fi

wc_summary
