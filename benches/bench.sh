#!/usr/bin/env bash
# Benchmarks (issue 6 item 5): figures, not timed tests. Every figure is printed beside its anchor,
# measured in the same run:
#
#   1. `sigillo verify` vs `age -d` (Debian's age CLI) on the same vault at work factor 18: medians
#      and the ratio. age reads passphrases only from a terminal, so it runs under `expect`;
#      expect's own start-up is measured separately and subtracted.
#   2. seal + install of the demo set at the test work factor (10): total milliseconds, and the share
#      that is not scrypt, by instruction counts (valgrind callgrind: instructions inside scrypt's
#      functions vs the rest). A release binary has no `--work-factor` (the test hooks exist only
#      in test builds), so this row runs a test-hooks build of its own: the release profile with
#      debug assertions on, the `failpoints` feature and symbols kept ($HOOKTARGET). Its code is
#      the release code plus the debug-only checks and the unreached failpoints.
#   3. process start: `sigillo --version` beside /bin/true (hyperfine -N, --warmup 3), and the
#      instruction counts of both (callgrind), which do not depend on the machine's load.
#   4. release binary sizes: Linux glibc, Linux static musl, Windows (mingw-w64), beside Debian's
#      age binary. Cross targets use portable/cross-env.sh, as portable/build-stick.sh does; a target
#      whose toolchain is missing is skipped with a message.
#   5. peak memory (max RSS, `/usr/bin/time -v`) of seal, verify and install at work factor 18,
#      beside `age -d`'s on the same vault (age timed inside the terminal, without expect).
#
# Usage:
#   benches/bench.sh                  # RUNS=7 rounds at work factor 18, FAST_RUNS=21 at 10
#   RUNS=11 FAST_RUNS=31 START_RUNS=500 benches/bench.sh
#   SKIP_CROSS=1 benches/bench.sh     # no musl / Windows builds
#   SKIP_CALLGRIND=1 benches/bench.sh # no instruction counts (and no unstripped build)
#
# Timings: commands of a section run interleaved, round-robin (benches/measure.py), so a change
# in the machine's load hits them alike; each row shows the load average when its section began.
# Wall and CPU (user+sys of the process tree) medians are both shown: on a busy machine CPU time
# and instruction counts are the steadier figures.
#
# Needs: cargo, python3. Optional: age + expect (row 1's anchor), hyperfine (row 3), valgrind
# (instruction counts), GNU time at /usr/bin/time (row 5), musl-tools and gcc-mingw-w64-x86-64
# (row 4). Honors CARGO_TARGET_DIR. Prints the table twice: plain, and as Markdown between
# <!-- bench:begin --> and <!-- bench:end --> for README's Performance section.
set -euo pipefail

RUNS=${RUNS:-7}
FAST_RUNS=${FAST_RUNS:-21}
START_RUNS=${START_RUNS:-300}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/sigillo
# Row 2's binary: the release profile with the test hooks (debug assertions + failpoints), symbols
# kept for callgrind.
HOOKTARGET=$TARGET/bench-hooks
HOOKBIN=$HOOKTARGET/release/sigillo
MEASURE=$ROOT/benches/measure.py
PASSWORD=$(head -n1 "$ROOT/fixtures/demo-password.txt")
PASSPHRASE='Gatto.Nero-sul/Tetto42'

note() { printf '%s\n' "$*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/'; }
have() { command -v "$1" > /dev/null; }
WARNINGS=()

have python3 || { note "bench.sh: python3 is needed (benches/measure.py)"; exit 1; }

# --- builds -----------------------------------------------------------------------------------------
cd "$ROOT"
note "building release (cargo build --release)..."
if ! cargo build --release --quiet --bin sigillo; then
    [ -x "$BIN" ] || { note "bench.sh: the release build failed"; exit 1; }
    WARNINGS+=("cargo build --release FAILED (tree being edited?): figures are for the existing $BIN of $(date -r "$BIN" '+%F %T')")
fi

# strip=false changes only the symbol table; debug assertions + failpoints give the test hooks
# (`--work-factor 10`). A target dir of its own keeps the builds from invalidating each other.
note "building release with the test hooks and symbols for row 2 ($HOOKTARGET)..."
have_hooks=1
if ! CARGO_TARGET_DIR=$HOOKTARGET CARGO_PROFILE_RELEASE_STRIP=false \
    CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS=true \
    cargo build --release --quiet --bin sigillo --features failpoints; then
    have_hooks=0
    WARNINGS+=("the test-hooks build failed: no row 2 (work factor 10)")
fi

do_callgrind=$have_hooks
if [ "${SKIP_CALLGRIND:-0}" = 1 ]; then
    do_callgrind=0
elif ! have valgrind || ! have callgrind_annotate; then
    do_callgrind=0
    WARNINGS+=("valgrind not installed: no instruction counts (apt-get install valgrind)")
fi

# Cross builds: the env vars and flags of portable/cross-env.sh (shared with build-stick.sh).
# shellcheck source=portable/cross-env.sh
source "$ROOT/portable/cross-env.sh"
declare -A XSIZE XMSG
cross() { # cross TARGET C-COMPILER APT-PACKAGE BINARY-NAME
    local target=$1 cc=$2 pkg=$3 name=$4
    if [ "${SKIP_CROSS:-0}" = 1 ]; then
        XMSG[$target]="skipped (SKIP_CROSS=1)"
    elif ! have "$cc"; then
        XMSG[$target]="skipped: $cc not found (apt-get install -y $pkg)"
    elif ! sigillo_has_target "$target"; then
        XMSG[$target]="skipped: Rust std for $target not installed (rustup target add $target)"
    else
        note "building release for $target (takes minutes)..."
        if cargo build --release --quiet --bin sigillo --target "$target"; then
            XSIZE[$target]=$(stat -c %s "$TARGET/$target/release/$name")
        else
            XMSG[$target]="skipped: cargo build --target $target failed"
        fi
    fi
    [ -z "${XMSG[$target]:-}" ] || note "$target: ${XMSG[$target]}"
}
cross "$SIGILLO_LINUX_TARGET" "$CC_x86_64_unknown_linux_musl" musl-tools sigillo
cross "$SIGILLO_WIN_TARGET" "$CC_x86_64_pc_windows_gnu" gcc-mingw-w64-x86-64 sigillo.exe

# --- fixtures ---------------------------------------------------------------------------------------
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r "$ROOT/fixtures/demo" "$WORK/source"
printf '%s\n' "$PASSWORD" > "$WORK/password.txt"
printf '%s\n' "$PASSPHRASE" > "$WORK/passphrase.txt"
cat > "$WORK/answer.exp" << 'EOF'
set timeout 300
log_user 0
spawn -noecho {*}$argv
expect {
    -re {(?i)passphrase[^\n]*:} { send -- "$env(BENCH_PASSPHRASE)\r"; exp_continue }
    eof
}
lassign [wait] pid spawn_id os_error value
exit $value
EOF
export BENCH_PASSPHRASE=$PASSPHRASE LANG=C
unset LC_ALL

P="--password-file $WORK/password.txt --passphrase-file $WORK/passphrase.txt"
Q="--passphrase-file $WORK/passphrase.txt"
# seal CMD: work factor 18 is the release binary's, fixed; 10 is the test-hooks build's option.
SEAL18="$BIN seal --yes --from $WORK/source --out $WORK/s18.age $P"
SEAL10="$HOOKBIN seal --yes --from $WORK/source --out $WORK/s10.age $P --work-factor 10"
VERIFY18="$BIN verify $WORK/v.age $Q"
# install into a fresh copy of the old set each round (prepared untimed); the old set is archived
# beside the key folder, so the whole parent folder is fresh too.
fresh() { echo "rm -rf $WORK/$1 && mkdir $WORK/$1 && cp -r $ROOT/fixtures/demo-old $WORK/$1/keys"; }
INSTALL18="$BIN install $WORK/v.age --to $WORK/i18/keys $Q --yes --keep-vault"
INSTALL10="$HOOKBIN install $WORK/s10.age --to $WORK/i10/keys $Q --yes --keep-vault"
AGE="expect $WORK/answer.exp sh -c 'age -d -o /dev/null $WORK/v.age'"
EXPECT_ALONE="expect $WORK/answer.exp sh -c true"

# The vault rows 1 and 5 read, sealed once beforehand at the default work factor.
eval "$SEAL18" > /dev/null
mv "$WORK/s18.age" "$WORK/v.age"
grep -aq -- '-> scrypt .* 18$' <(head -c 200 "$WORK/v.age") || { note "vault is not at work factor 18"; exit 1; }
have_age=1
have age && have expect || have_age=0
[ "$have_age" = 1 ] || WARNINGS+=("age or expect not installed: no age anchor (apt-get install age expect)")

# measure RUNS [--prepare CMD] LABEL=CMD...: fills W[label] (median wall ms) and C[label] (median
# CPU ms). Peak RSS comes from /usr/bin/time -v below, as issue 6 asks.
declare -A W C
measure() {
    local label wall cpu
    python3 "$MEASURE" "$@" > "$WORK/m.tsv" || { note "bench.sh: measure.py failed"; exit 1; }
    while IFS=$'\t' read -r label wall cpu _ _; do
        W[$label]=$wall C[$label]=$cpu
    done < "$WORK/m.tsv"
}
fmt() { awk -v x="$1" 'BEGIN { printf (x >= 100 ? "%.0f" : "%.1f"), x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "-" }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
minstr() { awk -v i="$1" 'BEGIN { printf (i >= 1e7 ? "%.0f M instr" : "%.2f M instr"), i / 1e6 }'; }

# ROWS: "measurement|sigillo|anchor|anchor figure|sigillo ÷ anchor|load 1/5/15 min"
ROWS=()
row() { ROWS+=("$1|$2|$3|$4|$5|$6"); }

# --- 1 + 5 (timing): work factor 18 -----------------------------------------------------------------
L18=$(loadavg)
note "[1] work factor 18: $RUNS interleaved rounds of seal, verify, age -d, expect alone, install (load $L18)..."
jobs18=("seal18=$SEAL18" "verify18=$VERIFY18" "install18=$INSTALL18")
[ "$have_age" = 0 ] || jobs18+=("age=$AGE" "expect=$EXPECT_ALONE")
measure "$RUNS" --prepare "$(fresh i18) && rm -f $WORK/s18.age" "${jobs18[@]}"
if [ "$have_age" = 1 ]; then
    age_w=$(awk -v a="${W[age]}" -v e="${W[expect]}" 'BEGIN { print a - e }')
    age_c=$(awk -v a="${C[age]}" -v e="${C[expect]}" 'BEGIN { print a - e }')
    row "verify, work factor 18: median wall ms" "$(fmt "${W[verify18]}")" "age -d $(age --version), same vault (under expect − expect alone)" "$(fmt "$age_w")" "$(ratio "${W[verify18]}" "$age_w")" "$L18"
    row "verify, work factor 18: median CPU ms" "$(fmt "${C[verify18]}")" "age -d, CPU (under expect − expect alone)" "$(fmt "$age_c")" "$(ratio "${C[verify18]}" "$age_c")" "$L18"
    row "  (anchor detail) wall ms" "-" "age -d under expect / expect alone" "$(fmt "${W[age]}") / $(fmt "${W[expect]}")" "-" "$L18"
else
    row "verify, work factor 18: median wall ms" "$(fmt "${W[verify18]}")" "age -d (age or expect not installed)" "-" "-" "$L18"
fi
row "seal, work factor 18: median wall / CPU ms" "$(fmt "${W[seal18]}") / $(fmt "${C[seal18]}")" "verify (seal runs scrypt twice)" "$(fmt "${W[verify18]}") / $(fmt "${C[verify18]}")" "$(ratio "${C[seal18]}" "${C[verify18]}") CPU" "$L18"
row "install, work factor 18: median wall / CPU ms" "$(fmt "${W[install18]}") / $(fmt "${C[install18]}")" "verify (install = open + swap)" "$(fmt "${W[verify18]}") / $(fmt "${C[verify18]}")" "$(ratio "${C[install18]}" "${C[verify18]}") CPU" "$L18"

# --- 2: seal + install at work factor 10 ------------------------------------------------------------
L10=$(loadavg)
if [ "$have_hooks" = 1 ]; then
    note "[2] work factor 10 (test-hooks build): $FAST_RUNS interleaved rounds of seal + install (load $L10)..."
    measure "$FAST_RUNS" --prepare "$(fresh i10) && rm -f $WORK/s10.age" "seal10=$SEAL10" "install10=$INSTALL10"
    tot_w=$(awk -v a="${W[seal10]}" -v b="${W[install10]}" 'BEGIN { print a + b }')
    tot_c=$(awk -v a="${C[seal10]}" -v b="${C[install10]}" 'BEGIN { print a + b }')
    row "seal + install, work factor 10 (test-hooks build): median wall ms" "$(fmt "$tot_w")" "seal / install" "$(fmt "${W[seal10]}") / $(fmt "${W[install10]}")" "-" "$L10"
    row "seal + install, work factor 10 (test-hooks build): median CPU ms" "$(fmt "$tot_c")" "seal / install" "$(fmt "${C[seal10]}") / $(fmt "${C[install10]}")" "-" "$L10"
fi

# callgrind COMMAND...: prints the total instruction count; keeps the profile in $WORK/cg.out.
callgrind() {
    valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" "$@" > /dev/null 2> "$WORK/cg.log" ||
        { note "bench.sh: callgrind run failed: $*"; cat "$WORK/cg.log" >&2; exit 1; }
    sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$WORK/cg.out" | head -n1
}
# scrypt_instr: instructions inside scrypt (inclusive) in $WORK/cg.out. The outermost functions
# named scrypt (scrypt::scrypt, or what LTO left of it: the pbkdf2 + romix + salsa20 it calls),
# counted once: inclusive cost of every scrypt/romix/salsa function that no other such function
# calls, from callgrind_annotate's call tree.
scrypt_instr() {
    python3 - "$WORK/cg.out" << 'PY'
import re, subprocess, sys
out = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--tree=caller", "--threshold=100",
                      sys.argv[1]], capture_output=True, text=True, check=True).stdout
pat = re.compile(r"scrypt|romix|ro_mix|salsa", re.I)
# Tree output: a function line "N (x%)  * file:fn [obj]" is preceded by its callers "N  < file:fn".
total, calib, tops, callers = 0, 0, [], []
for line in out.splitlines():
    m = re.match(r"\s*([\d,]+)\s+(?:\(\s*[\d.]+%\)\s+)?([<*>])\s+(.*)$", line)
    if not m:
        if not line.strip():
            callers = []
        continue
    count, kind, name = int(m.group(1).replace(",", "")), m.group(2), m.group(3)
    if kind == "<":
        callers.append(name)
    elif kind == "*":
        if pat.search(name) and not any(pat.search(c) for c in callers):
            total += count
            tops.append(f"{count:>13,}  {name.split(' [')[0]}")
        if "target_scrypt_work_factor" in name:
            calib += count
        callers = []
print(total, calib)
print("callgrind, outermost scrypt functions:", *tops, sep="\n    ", file=sys.stderr)
PY
}

if [ "$do_callgrind" = 1 ]; then
    note "[2] callgrind: seal + install at work factor 10 (test-hooks build)..."
    rm -f "$WORK/s10.age"
    eval "$(fresh i10)"
    # shellcheck disable=SC2086
    ir_seal=$(callgrind $HOOKBIN seal --yes --from "$WORK/source" --out "$WORK/s10.age" $P --work-factor 10)
    read -r sc_seal cal_seal < <(scrypt_instr)
    # shellcheck disable=SC2086
    ir_inst=$(callgrind $HOOKBIN install "$WORK/s10.age" --to "$WORK/i10/keys" $Q --yes --keep-vault)
    read -r sc_inst cal_inst < <(scrypt_instr)
    ir_tot=$((ir_seal + ir_inst)) sc_tot=$((sc_seal + sc_inst))
    rest=$((ir_tot - sc_tot))
    share=$(awk -v r="$rest" -v t="$ir_tot" 'BEGIN { printf "%.1f", 100 * r / t }')
    row "seal + install, wf 10: instructions (callgrind)" "$(minstr "$ir_tot")" "of which in scrypt (any caller)" "$(minstr "$sc_tot")" "-" "$L10"
    row "  of which age's work-factor calibration" "-" "target_scrypt_work_factor: one scrypt N=2^10 per Recipient/Identity::new" "$(minstr $((cal_seal + cal_inst)))" "-" "$L10"
    row "seal + install, wf 10: NOT scrypt" "$share% of instr ($(minstr "$rest"))" "seal / install not scrypt" "$(minstr $((ir_seal - sc_seal))) / $(minstr $((ir_inst - sc_inst)))" "-" "$L10"
    # Milliseconds beyond scrypt: the wall total minus scrypt's CPU time, taken as scrypt's share
    # of the instructions times the CPU total (scrypt is CPU-bound; file syncs are not).
    beyond=$(awk -v w="$tot_w" -v c="$tot_c" -v s="$sc_tot" -v t="$ir_tot" 'BEGIN { print w - c * s / t }')
    row "seal + install, wf 10: ms beyond scrypt (≈)" "$(fmt "$beyond")" "wall total − CPU total × scrypt's instr share" "$(fmt "$tot_w") − $(fmt "$(awk -v c="$tot_c" -v s="$sc_tot" -v t="$ir_tot" 'BEGIN { print c * s / t }')")" "-" "$L10"
fi

# --- 3: process start ---------------------------------------------------------------------------------
LS=$(loadavg)
if have hyperfine; then
    note "[3] start-up: hyperfine -N --warmup 3 --runs $START_RUNS (load $LS)..."
    hyperfine -N --warmup 3 --runs "$START_RUNS" --style none --export-json "$WORK/h.json" \
        "$BIN --version" "/bin/true" > /dev/null 2>&1
    read -r v_ms t_ms < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(*(x["median"]*1000 for x in r))' "$WORK/h.json")
    row "sigillo --version: median wall ms (hyperfine -N)" "$(awk -v x="$v_ms" 'BEGIN { printf "%.2f", x }')" "/bin/true" "$(awk -v x="$t_ms" 'BEGIN { printf "%.2f", x }')" "$(ratio "$v_ms" "$t_ms")" "$LS"
else
    row "sigillo --version: median wall ms" "-" "(hyperfine not installed)" "-" "-" "$LS"
fi
if [ "$do_callgrind" = 1 ]; then
    ir_v=$(callgrind "$BIN" --version) ir_t=$(callgrind /bin/true)
    row "sigillo --version: instructions (callgrind)" "$(minstr "$ir_v")" "/bin/true" "$(minstr "$ir_t")" "$(ratio "$ir_v" "$ir_t")" "-"
fi

# --- 4: binary sizes ----------------------------------------------------------------------------------
AGE_BIN=$(command -v age || true)
age_size=$([ -n "$AGE_BIN" ] && stat -L -c %s "$AGE_BIN" || echo 0)
age_label=$([ -n "$AGE_BIN" ] && echo "Debian age $(age --version) ($AGE_BIN)" || echo "age not installed")
size_row() { # LABEL BYTES-OR-EMPTY MESSAGE
    if [ -n "$2" ]; then
        row "$1" "$2 B ($(mib "$2"))" "$age_label" "$([ "$age_size" -gt 0 ] && echo "$age_size B ($(mib "$age_size"))" || echo -)" "$(ratio "$2" "$age_size")" "-"
    else
        row "$1" "$3" "-" "-" "-" "-"
    fi
}
size_row "release binary: Linux x86-64 glibc" "$(stat -c %s "$BIN")" ""
size_row "release binary: Linux x86-64 static musl" "${XSIZE[$SIGILLO_LINUX_TARGET]:-}" "${XMSG[$SIGILLO_LINUX_TARGET]:-}"
size_row "release binary: Windows x86-64 (mingw-w64)" "${XSIZE[$SIGILLO_WIN_TARGET]:-}" "${XMSG[$SIGILLO_WIN_TARGET]:-}"

# --- 5: peak memory ------------------------------------------------------------------------------------
LM=$(loadavg)
if [ -x /usr/bin/time ]; then
    note "[5] peak memory: /usr/bin/time -v, work factor 18 (load $LM)..."
    maxrss() { sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1"; }
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$WORK/t.seal" $SEAL18 > /dev/null
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$WORK/t.verify" $VERIFY18 > /dev/null
    eval "$(fresh i18)"
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$WORK/t.install" $INSTALL18 > /dev/null
    a_rss=0
    if [ "$have_age" = 1 ]; then
        # age's own figure: GNU time runs inside the terminal expect drives.
        expect "$WORK/answer.exp" sh -c "/usr/bin/time -v -o $WORK/t.age age -d -o /dev/null $WORK/v.age"
        a_rss=$(maxrss "$WORK/t.age")
    fi
    for what in seal verify install; do
        r=$(maxrss "$WORK/t.$what")
        row "peak RSS, $what, work factor 18" "$((r / 1024)) MiB ($r KiB)" "age -d, same vault" "$((a_rss / 1024)) MiB ($a_rss KiB)" "$(ratio "$r" "$a_rss")" "$LM"
    done
else
    row "peak RSS" "-" "(GNU time not installed: apt-get install -y time)" "-" "-" "$LM"
fi
row "vault size, demo set (bytes)" "$(stat -c %s "$WORK/v.age")" "the three key files" "$(cat "$WORK"/source/* | wc -c)" "$(ratio "$(stat -c %s "$WORK/v.age")" "$(cat "$WORK"/source/* | wc -c)")" "-"

# --- the table -----------------------------------------------------------------------------------------
HEAD="measurement|sigillo|anchor (same run)|anchor|sigillo ÷ anchor|load 1/5/15"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
hf=$(have hyperfine && hyperfine --version | cut -d' ' -f2 || echo "-")
vg=$(have valgrind && valgrind --version || echo "-")
rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")$(git -C "$ROOT" diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo "+edits")
CONTEXT="sigillo $("$BIN" --version | cut -d' ' -f2) ($rev), $(uname -srm), $cpu ($(nproc) cores), $(date '+%F %H:%M'); medians of $RUNS rounds (work factor 18) and $FAST_RUNS rounds (10), interleaved; hyperfine $hf; $vg"

printf '\n%s\n\n' "$CONTEXT"
{
    echo "$HEAD"
    echo "-|-|-|-|-|-"
    printf '%s\n' "${ROWS[@]}"
} | python3 -c '
import sys
rows = [l.rstrip("\n").split("|") for l in sys.stdin]
w = [max(len(r[i]) for r in rows if r[0] != "-") for i in range(len(rows[0]))]
for r in rows:
    if r[0] == "-":
        print("  ".join("-" * n for n in w))
    else:
        print("  ".join(c.ljust(n) if i in (0, 2) else c.rjust(n) for i, (c, n) in enumerate(zip(r, w))).rstrip())
'
for w in "${WARNINGS[@]}"; do printf 'WARNING: %s\n' "$w"; done

printf '\n<!-- bench:begin -->\n'
printf '%s\n\n' "$CONTEXT"
{
    echo "$HEAD"
    printf '%s\n' "${ROWS[@]}"
} | awk -F'|' 'NR == 1 { print "| " $1 " | " $2 " | " $3 " | " $4 " | " $5 " | " $6 " |"; print "|---|---:|---|---:|---:|---|"; next }
              { print "| " $1 " | " $2 " | " $3 " | " $4 " | " $5 " | " $6 " |" }'
for w in "${WARNINGS[@]}"; do printf '\n> WARNING: %s\n' "$w"; done
printf '\nseal = read + check the set + scrypt to encrypt + write + read back and scrypt again; verify =\n'
printf 'one scrypt + decrypt + checks; install = verify + journaled swap of the key folder. At work\n'
printf 'factor 18 scrypt uses 256 MiB (128 × r=8 × 2^18), which is most of each peak RSS.\n'
printf '<!-- bench:end -->\n'
