#!/usr/bin/env bash
# Records scripts/function-order.txt, the functions the static build's linker lays out side by
# side (scripts/link-in-order.sh): every function that the common small runs execute, found
# with valgrind's callgrind in a build that keeps its symbols. Most urgent first: `exec`
# (start-up is all of its cost), then small and large decrypts, `sops decrypt`, an encrypt,
# `set` and `get`. Run it again when start-up changes much; a stale list costs speed, never
# correctness. Needs valgrind and what build-release.sh needs (musl-gcc).
#   scripts/function-order.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=x86_64-unknown-linux-musl
target_dir="$root/target/function-order"

command -v valgrind >/dev/null || { echo "function-order.sh: needs valgrind" >&2; exit 1; }
CARGO_TARGET_DIR="$target_dir" CARGO_PROFILE_RELEASE_STRIP=false CC_x86_64_unknown_linux_musl=musl-gcc \
  cargo build --locked --release --bin secret --target "$target" --manifest-path "$root/Cargo.toml"
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

# callgrind names each function once per profile as "fn=(id) name", a recursion as name'2.
for profile in $(ls "$work"/profile.* | sort -V); do
  sed -n "s/^fn=\(([0-9]*) \)\{0,1\}//p" "$profile" | sed "s/'[0-9]*$//"
done | grep -v -e '^0x' -e '^(below main)$' | awk '!seen[$0]++' >"$root/scripts/function-order.txt"
echo "function-order.sh: $(wc -l <"$root/scripts/function-order.txt") functions in scripts/function-order.txt" >&2
