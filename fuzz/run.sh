#!/usr/bin/env bash
# Builds every fuzz target and runs each one in turn for SECONDS_PER_TARGET (default 600),
# one job at a time, niced, under the limits the readers promise. Prints each target's final
# libFuzzer figures and exits non-zero if any target found a crash, leak, timeout or OOM.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# The toolchain is stable Rust: RUSTC_BOOTSTRAP=1 lets it accept the nightly-only flags
# cargo-fuzz passes (-Zsanitizer=address). Needs `cargo install cargo-fuzz`.
#
# SIGILLO_FUZZ_HEAD=1 builds against a copy of the last commit (`git archive HEAD`) instead of
# the work tree, for when the work tree is mid-edit and does not compile.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(vault_unpack p12 keystore vault_tar)
fi
triple="$(rustc -vV | sed -n 's/^host: //p')"
target_dir="$here/target"
bin_dir="$target_dir/$triple/release"
export RUSTC_BOOTSTRAP=1

build_dir="$here"
if [ "${SIGILLO_FUZZ_HEAD:-0}" = 1 ]; then
    snap="$(mktemp -d)"
    trap 'rm -rf "$snap"' EXIT
    git -C "$here/.." archive HEAD | tar -x -C "$snap"
    rm -rf "$snap/fuzz"
    mkdir -p "$snap/fuzz"
    cp -r "$here/Cargo.toml" "$here/Cargo.lock" "$here/fuzz_targets" "$here/examples" "$snap/fuzz/"
    build_dir="$snap/fuzz"
fi
(cd "$build_dir" && nice -n 10 cargo fuzz build --target-dir "$target_dir")

failed=()
for t in "${targets[@]}"; do
    corpus="$here/corpus/$t"
    artifacts="$here/artifacts/$t"
    log="$here/artifacts/$t.log"
    mkdir -p "$corpus" "$artifacts"
    echo "== $t: ${seconds}s"
    # -rss_limit_mb / -malloc_limit_mb: the vault reader's plaintext limit is 64 MiB and a key
    # file's 1 MiB; anything near these means a length was trusted. -timeout: a crafted KDF
    # iteration count or zstd bomb must not make one input take seconds.
    status=0
    nice -n 10 /usr/bin/time -v "$bin_dir/$t" "$corpus" "$here/seeds/$t" \
        -rss_limit_mb=512 -malloc_limit_mb=256 -timeout=10 \
        -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
    grep -E '^#[0-9]+[[:space:]]+(DONE|INITED)|stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|Maximum resident' "$log" || true
    if [ $status -ne 0 ] || ls "$artifacts" | grep -qE '^(crash|leak|timeout|oom|slow-unit)-'; then
        echo "!! $t: finding (exit $status), see $log and $artifacts/"
        grep -E 'ERROR|panicked|SUMMARY' "$log" | head -5 || true
        failed+=("$t")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "findings in: ${failed[*]}"
    exit 1
fi
echo "no findings"
