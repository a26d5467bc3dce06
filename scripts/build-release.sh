#!/usr/bin/env bash
# Builds the release binaries that install.sh installs and bench/bench.py measures into
# target/dist/, and prints that directory: `secret`, its AWS companion `secret-aws`, and
# `secret.target`, the Rust target `secret` was built for.
#
# On x86_64 Linux `secret` is built static, with musl: it then runs on any Linux, in any
# container, and starts in about half the time a glibc build takes (no dynamic loader,
# no probing of the CPU's caches; see BENCHMARKS.md). rustup adds the Rust target when it
# is missing. Where that cannot be done, where the static build fails, or with
# SECRET_STATIC=0, `secret` is built for the host, as on other systems. `secret-aws`
# carries the AWS SDK and is always built for the host; `secret` finds it beside itself.
#   scripts/build-release.sh [--secret-only]
# --secret-only leaves secret-aws out (scripts/test.sh pairs `secret` with its own).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist="$root/target/dist"
static=x86_64-unknown-linux-musl

cargo_build() {
  cargo build --release --locked --manifest-path "$root/Cargo.toml" "$@" >&2
}

# Succeeds when the static target can be built here, adding it with rustup if need be.
static_target_ready() {
  [ "${SECRET_STATIC:-1}" != 0 ] && [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || return 1
  command -v rustup >/dev/null || return 1
  rustup target list --installed | grep -qx "$static" && return 0
  echo "build-release.sh: adding the Rust target $static, for a static secret" >&2
  rustup target add "$static" >&2 && return 0
  echo "build-release.sh: could not add $static; building secret for the host" >&2
  return 1
}

rm -rf "$dist"
mkdir -p "$dist"
if [ "${1:-}" != --secret-only ]; then
  cargo_build --bin secret-aws
  cp "$root/target/release/secret-aws" "$dist/"
fi
# The static build, where it can be made.
static_build() {
  static_target_ready || return 1
  # The companion feature only (`aws`): the SDK is secret-aws's.
  cargo_build --bin secret --target "$static" --no-default-features --features aws && return 0
  echo "build-release.sh: the static build failed; building secret for the host" >&2
  return 1
}

if static_build; then
  cp "$root/target/$static/release/secret" "$dist/"
  echo "$static" >"$dist/secret.target"
else
  cargo_build --bin secret
  cp "$root/target/release/secret" "$dist/"
  rustc -vV | sed -n 's/^host: //p' >"$dist/secret.target"
fi
echo "$dist"
