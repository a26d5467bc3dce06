#!/usr/bin/env bash
# The linker of the static build (.cargo/config.toml): Rust's own lld, told to lay out the
# functions a small run executes side by side, in the order scripts/function-order.txt lists
# them. A small run then faults in a few 64 KB windows of code instead of about sixty spread
# over all 7 MB: a small decrypt and `exec` start about a fifth faster (BENCHMARKS.md).
#
# The list holds symbol names from the release build that recorded it
# (scripts/function-order.sh). Their hashes change with the compiler, the features and the
# profile, so a name this build lacks is matched without them; a function missing from this
# build is simply not placed. Without rust-lld, nm or the list, this links with cc alone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

sysroot=$("${RUSTC:-rustc}" --print sysroot 2>/dev/null) || exec cc "$@"
lld_dirs=("$sysroot"/lib/rustlib/*/bin/gcc-ld)
if [ ! -x "${lld_dirs[0]}/ld.lld" ] || ! command -v nm >/dev/null ||
  [ ! -s "$here/function-order.txt" ]; then
  exec cc "$@"
fi

objects=()
for arg in "$@"; do
  case "$arg" in *.rcgu.o) objects+=("$arg") ;; esac
done

order=$(mktemp)
trap 'rm -f "$order"' EXIT
# The list's names at their ranks: those this build has exactly; for a name it lacks (built
# by another compiler, other features), every symbol with the same name without hashes
# (instances of a generic function share it, so only as a fallback); then the list's own
# names as they are (C functions from libc and mimalloc live in archives, not in these
# objects). Legacy Rust names end in a hash (17h…E); v0 names carry crate hashes (Cs…_).
nm --defined-only --format=just-symbols "${objects[@]}" |
  awk '
    function key(name) { sub(/17h[0-9a-f]+E$/, "", name); gsub(/Cs[0-9A-Za-z]+_/, "", name); return name }
    NR == FNR {
      if (!($0 in rank)) { rank[$0] = FNR; listed[FNR] = $0 }
      k = key($0); if (!(k in rank_of_key)) rank_of_key[k] = FNR
      next
    }
    { symbols[++count] = $0; if ($0 in rank) present[rank[$0]] = 1 }
    END {
      for (i = 1; i <= count; i++) {
        name = symbols[i]
        if (name in rank) { print rank[name], name; continue }
        k = key(name)
        if ((k in rank_of_key) && !(rank_of_key[k] in present)) print rank_of_key[k], name
      }
      for (r in listed) print r, listed[r]
    }
  ' "$here/function-order.txt" - |
  sort -n -s -k1,1 | cut -d' ' -f2- | awk '!seen[$0]++' >"$order" || : >"$order"

cc -fuse-ld=lld -B"${lld_dirs[0]}" "$@" \
  -Wl,--symbol-ordering-file="$order" -Wl,--no-warn-symbol-ordering
