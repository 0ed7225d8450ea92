#!/usr/bin/env bash
# Builds the same commit twice, in two fresh clones at different paths, and compares:
#   1. the application jar (target/keyceremony-<version>.jar)  — must be byte-identical;
#   2. the whole distribution (target/dist/SHA256SUMS: app image + .deb) — must be identical.
#
#   packaging/check-reproducible.sh [COMMIT] [MAVEN ARGS…]     # default HEAD; e.g. … HEAD -o
#
# Exit 0 when both builds agree, 1 with the differing files listed otherwise. Uncommitted
# changes are not built (a clone sees commits only): commit first. Takes about twice
# packaging/build-dist.sh (about 2 × 1 min on a 2-core laptop).
set -euo pipefail
repo=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd -P)
rev=${1:-HEAD}
[ $# -gt 0 ] && shift
commit=$(git -C "$repo" rev-parse --verify "$rev^{commit}")
work=$(mktemp -d "${TMPDIR:-/tmp}/keyceremony-repro.XXXXXX")
trap 'rm -rf "$work"' EXIT
say() { printf 'check-reproducible: %s\n' "$*" >&2; }

for side in first second; do
  dir="$work/$side-build"
  git clone --quiet --no-checkout "$repo" "$dir"
  git -C "$dir" checkout --quiet --detach "$commit"
  say "building $commit in $dir"
  (cd "$dir" && packaging/build-dist.sh -q "$@") > "$work/$side.log" 2>&1 || {
    tail -40 "$work/$side.log" >&2
    say "the $side build failed (log above)"
    exit 1
  }
done

a="$work/first-build/target"
b="$work/second-build/target"
status=0
say "application jars:"
(cd "$a" && sha256sum -- *.jar) >&2
for jar in "$a"/*.jar; do
  name=$(basename -- "$jar")
  if ! cmp -s "$jar" "$b/$name"; then
    say "DIFFERENT: $name"
    # What differs inside, entry by entry: the usual culprits are timestamps and ordering.
    diff <(unzip -lv "$jar" | awk '{print $7, $8}') <(unzip -lv "$b/$name" | awk '{print $7, $8}') >&2 || true
    status=1
  fi
done
if grep -q "^commit=$commit$" <(unzip -p "$a"/keyceremony-*.jar org/keyceremony/build-info.properties); then
  say "the jar records commit $commit"
else
  say "the jar does not record commit $commit"
  status=1
fi

say "distribution (SHA256SUMS of the first build):"
sed 's/^/  /' "$a/dist/SHA256SUMS" | grep -E '\.deb$|keyceremony\.jar$|lib/modules$' >&2
if ! diff -u "$a/dist/SHA256SUMS" "$b/dist/SHA256SUMS" >&2; then
  say "DIFFERENT: the distributions (lines above)"
  status=1
fi

if [ $status = 0 ]; then
  say "REPRODUCIBLE: both builds of $commit gave identical jars and an identical distribution ($(wc -l < "$a/dist/SHA256SUMS") files)"
fi
exit $status
