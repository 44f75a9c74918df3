#!/usr/bin/env bash
# Benchmark: seal and verify of the demo key set at the real work factor (18), beside `age -d`
# (the Go age CLI) on the same vault in the same run, and the size of the Linux release binary.
# A script that prints figures, not a timed test.
#
#   benches/bench.sh            # N=5 runs each
#   RUNS=9 benches/bench.sh
#
# Uses hyperfine when installed (apt-get install hyperfine), otherwise a bash loop with
# `date +%s%N`. Figures are medians of RUNS runs, in milliseconds.
#
# age reads passphrases only from a terminal, so `age -d` runs under `expect` (a pseudo-terminal);
# its row includes expect's own start-up, shown on a separate row ("expect alone") so it can be
# subtracted by eye.
set -euo pipefail

RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/sigillo
PASSWORD=Prova.2026
PASSPHRASE='Gatto.Nero-sul/Tetto42'

echo "building release (cargo build --release)..." >&2
(cd "$ROOT" && cargo build --release --quiet)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r "$ROOT/fixtures/demo" "$WORK/source"
printf '%s\n' "$PASSWORD" > "$WORK/password.txt"
printf '%s\n' "$PASSPHRASE" > "$WORK/passphrase.txt"
cat > "$WORK/answer.exp" <<'EOF'
set timeout 120
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

SEAL="$BIN seal --yes --from $WORK/source --out $WORK/v.age --password-file $WORK/password.txt --passphrase-file $WORK/passphrase.txt"
VERIFY="$BIN verify $WORK/v.age --passphrase-file $WORK/passphrase.txt"
AGE="expect $WORK/answer.exp sh -c 'age -d -o /dev/null $WORK/v.age'"
EXPECT_ALONE="expect $WORK/answer.exp sh -c true"

# The vault every row reads, sealed once beforehand (at the default work factor, 18).
eval "$SEAL" > /dev/null
grep -aq -- '-> scrypt .* 18$' <(head -c 200 "$WORK/v.age") || { echo "vault is not at work factor 18" >&2; exit 1; }
have_age=1
command -v age > /dev/null && command -v expect > /dev/null || have_age=0

# median_ms NAME COMMAND: prints the median wall time in ms over RUNS runs.
median_ms() {
    local cmd=$2
    if command -v hyperfine > /dev/null; then
        hyperfine --runs "$RUNS" --warmup 1 --style none --export-json "$WORK/h.json" "$cmd" > /dev/null 2>&1
        sed -n 's/.*"median": *\([0-9.e+-]*\).*/\1/p' "$WORK/h.json" | head -n1 | awk '{ printf "%.0f", $1 * 1000 }'
    else
        local times=() start end
        eval "$cmd" > /dev/null 2>&1 # warm-up
        for _ in $(seq "$RUNS"); do
            start=$(date +%s%N)
            eval "$cmd" > /dev/null 2>&1
            end=$(date +%s%N)
            times+=($(((end - start) / 1000000)))
        done
        printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'
    fi
}

tool=$(command -v hyperfine > /dev/null && echo "hyperfine $(hyperfine --version | cut -d' ' -f2)" || echo "bash loop")
printf '\nsigillo benchmark — %s, %s runs each (median), %s\n' "$(uname -srm)" "$RUNS" "$tool"
printf 'CPU: %s (%s cores)\n\n' "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)" "$(nproc)"
printf '%-44s %10s\n' "what" "median ms"
printf '%-44s %10s\n' "--------------------------------------------" "----------"
printf '%-44s %10s\n' "sigillo seal (demo set, work factor 18)" "$(median_ms seal "$SEAL")"
printf '%-44s %10s\n' "sigillo verify (same vault)" "$(median_ms verify "$VERIFY")"
if [ "$have_age" = 1 ]; then
    printf '%-44s %10s\n' "age -d $(age --version) under expect (same vault)" "$(median_ms age "$AGE")"
    printf '%-44s %10s\n' "  expect alone (overhead in the row above)" "$(median_ms expect "$EXPECT_ALONE")"
else
    printf '%-44s %10s\n' "age -d (age or expect not installed)" "-"
fi
printf '\n%-44s %10s\n' "vault size (bytes)" "$(stat -c %s "$WORK/v.age")"
printf '%-44s %10s\n' "release binary, Linux $(uname -m) (bytes)" "$(stat -c %s "$BIN")"
printf '%-44s %10s\n' "  (MiB)" "$(awk -v b="$(stat -c %s "$BIN")" 'BEGIN { printf "%.2f", b / 1048576 }')"
printf '\nseal = read + check the set (PKCS#12 MAC with the password) + scrypt to encrypt + write + read back\n'
printf 'and scrypt again to decrypt; verify = one scrypt + decrypt + checks. Both are mostly scrypt.\n'
