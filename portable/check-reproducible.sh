#!/usr/bin/env bash
# check-reproducible.sh — builds the stick a second time, from another folder, and compares it
# byte for byte with the one build-stick.sh already wrote (issue 24).
#
# The second build is a fresh `git clone` of HEAD in a temporary folder (another checkout path),
# with its own CARGO_HOME (another registry path: the crates are copied from this machine's cache,
# so nothing is downloaded), its own empty target dir, later, in another time zone and locale.
# Whatever of the build machine leaks into a binary shows up as a difference.
#
# Usage: portable/check-reproducible.sh [STICK]     (default: dist/stick/, from build-stick.sh)
# Exit: 0 the two sticks are identical · 1 they differ (the second is kept in dist/stick-rebuild/
# and the differing files are named) or the check could not run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STICK=$(realpath "${1:-$ROOT/dist/stick}")
REBUILD=$ROOT/dist/stick-rebuild
FILES=(sigillo.exe sigillo LEGGIMI.txt SHA256SUMS.txt)

say() { printf '==> %s\n' "$*"; }
die() { printf 'check-reproducible: %s\n' "$*" >&2; exit 1; }

cd "$ROOT"
for f in "${FILES[@]}"; do
    [[ -f "$STICK/$f" ]] || die "$STICK/$f is missing: run portable/build-stick.sh first"
done
# The clone holds HEAD only: the first stick must be HEAD's, untouched, or the comparison says
# nothing about reproducibility.
commit=$(git rev-parse --verify HEAD)
[[ -z "$(git status --porcelain --untracked-files=no)" ]] ||
    die "tracked files differ from HEAD; the second build is a clone of HEAD: commit (or stash) first"
built_from=$("$STICK/sigillo" --version)
[[ "$built_from" == *"commit $commit)" ]] ||
    die "$STICK was not built from HEAD ($commit): its sigillo --version says \"$built_from\"; run portable/build-stick.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sigillo-rebuild.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
say "second build of $commit in $WORK"

git clone -q --no-checkout "$ROOT" "$WORK/checkout"
git -C "$WORK/checkout" checkout -q --detach "$commit"

# Another CARGO_HOME, with this machine's downloaded crates (index and .crate files: cargo
# unpacks them again under the new home) and its settings, never its credentials.
cargo_home=${CARGO_HOME:-$HOME/.cargo}
mkdir -p "$WORK/cargo-home/registry"
for part in index cache; do
    [[ -d "$cargo_home/registry/$part" ]] || continue
    cp -al "$cargo_home/registry/$part" "$WORK/cargo-home/registry/" 2>/dev/null ||
        cp -a "$cargo_home/registry/$part" "$WORK/cargo-home/registry/"
done
for config in config.toml config; do
    [[ ! -f "$cargo_home/$config" ]] || cp "$cargo_home/$config" "$WORK/cargo-home/"
done

start=$SECONDS
# rustup finds the pinned toolchain through its own RUSTUP_HOME, which stays; cargo must not go
# to the network (everything the lock file names is in the copied cache).
if ! (
    export CARGO_HOME=$WORK/cargo-home CARGO_TARGET_DIR=$WORK/checkout/target CARGO_NET_OFFLINE=true
    export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
    export TZ=Pacific/Kiritimati LC_ALL=C.UTF-8
    unset SIGILLO_COMMIT SOURCE_DATE_EPOCH
    umask 0077
    "$WORK/checkout/portable/build-stick.sh" "$WORK/stick"
); then
    die "the second build failed"
fi
say "second build: $((SECONDS - start)) s"

differ=()
for f in "${FILES[@]}"; do
    cmp -s "$STICK/$f" "$WORK/stick/$f" || differ+=("$f")
done
if ((${#differ[@]} == 0)); then
    say "reproducible: the two sticks are byte-identical"
    sed 's/\r$//; s/^/    /' "$STICK/SHA256SUMS.txt"
    exit 0
fi

rm -rf "$REBUILD"
cp -a "$WORK/stick" "$REBUILD"
echo "NOT REPRODUCIBLE: the same commit built in another folder gives other bytes:" >&2
for f in "${differ[@]}"; do
    printf '    %-15s %s  %s\n' "$f" "$(sha256sum <"$STICK/$f" | cut -c1-16)" "$STICK/$f" >&2
    printf '    %-15s %s  %s\n' "" "$(sha256sum <"$REBUILD/$f" | cut -c1-16)" "$REBUILD/$f" >&2
    printf '    %-15s sizes %s / %s bytes; %s bytes differ, first at offset %s\n' "" \
        "$(stat -c %s "$STICK/$f")" "$(stat -c %s "$REBUILD/$f")" \
        "$(cmp -l "$STICK/$f" "$REBUILD/$f" 2>/dev/null | wc -l)" \
        "$(cmp "$STICK/$f" "$REBUILD/$f" 2>/dev/null | sed -n 's/.* byte \([0-9]*\).*/\1/p')" >&2
done
echo "What differs inside: diffoscope $STICK/${differ[0]} $REBUILD/${differ[0]}   (apt-get install diffoscope-minimal)" >&2
exit 1
