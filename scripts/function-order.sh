#!/usr/bin/env bash
# Records scripts/function-order.txt, the functions the static build's linker lays out side
# by side (scripts/link-in-order.sh): every function that the common small runs execute,
# found with valgrind's callgrind in the release build itself (it keeps its symbols; the
# shipped copy does not). Most urgent first: `exec` (start-up is all of its cost), then
# small and large decrypts, `sops decrypt`, an encrypt, `set` and `get`. Run it again when
# start-up changes much; a stale list costs speed, never correctness (tests/install.rs says
# when too little of it matches). Needs valgrind and what build-release.sh needs (musl-gcc).
#   scripts/function-order.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=x86_64-unknown-linux-musl
target_dir="${CARGO_TARGET_DIR:-$root/target}"

command -v valgrind >/dev/null || { echo "function-order.sh: needs valgrind" >&2; exit 1; }
# The build install.sh ships, before build-release.sh strips its copy: the same symbol names.
"$root/scripts/build-release.sh" --secret-only >/dev/null
[ "$(cat "$target_dir/dist/secret.target")" = "$target" ] ||
  { echo "function-order.sh: the static build ($target) is needed" >&2; exit 1; }
secret="$target_dir/$target/release/secret"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export SOPS_AGE_KEY_FILE="$work/key.txt" HOME="$work"
recipient=$("$secret" keygen -o key.txt)
for i in $(seq 10); do echo "KEY_$i=value-$i-$RANDOM$RANDOM"; done >small.env
for i in $(seq 10); do echo "key_$i: value-$i-$RANDOM$RANDOM"; done >small.yaml
for m in $(seq 100); do
  echo "map_$m:"
  for k in $(seq 100); do echo "  key_$k: value-$RANDOM$RANDOM$RANDOM$RANDOM"; done
done >big.yaml
for plain in small.env small.yaml big.yaml; do
  "$secret" encrypt --age "$recipient" "$plain" >"enc.$plain"
done
ln -s "$secret" sops

run=0
record() {
  run=$((run + 1))
  # Before exec(2) too: what `exec` runs replaces the process and its profile.
  valgrind --tool=callgrind --demangle=no --compress-strings=no --dump-before='*execve*' \
    --callgrind-out-file="$work/profile.$run" "$@" >/dev/null 2>&1
}
record "$secret" exec enc.small.env -- true
record "$secret" decrypt enc.small.yaml
record "$secret" decrypt enc.big.yaml
record ./sops decrypt enc.small.yaml
record "$secret" encrypt --age "$recipient" big.yaml
record "$secret" set enc.small.yaml '["key_1"]' new-value
record "$secret" get enc.small.yaml '["key_2"]'

# callgrind names each function once per profile as "fn=(id) name", a recursion as name'2,
# and libc's assembly functions (memcpy, memset) by address only: those are looked up in
# the symbol table (the last function starting at or before the address).
nm -n --defined-only "$secret" | awk '$2 ~ /^[tTwW]$/ { print $1, $3 }' >"$work/functions"
for profile in $(ls "$work"/profile.* | sort -V); do
  sed -n "s/^fn=\(([0-9]*) \)\{0,1\}//p" "$profile" | sed "s/'[0-9]*$//"
done | sed 's/^(below main)$/__libc_start_main/' |
  awk '
    # Addresses as 16 hex digits, compared as strings ("x" keeps awk from reading numbers).
    NR == FNR { start[NR] = "x" $1; name[NR] = $2; count = NR; next }
    /^0x/ {
      address = "x" substr($0, 3); found = ""
      for (i = 1; i <= count && start[i] <= address; i++) found = name[i]
      if (found != "") print found
      next
    }
    { print }
  ' "$work/functions" - | awk '!seen[$0]++' >"$root/scripts/function-order.txt"
echo "function-order.sh: $(wc -l <"$root/scripts/function-order.txt") functions in scripts/function-order.txt" >&2
