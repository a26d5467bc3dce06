#!/usr/bin/env bash
# Builds the release binaries that install.sh installs and bench/bench.py measures into
# $CARGO_TARGET_DIR/dist (default target/dist), and prints that directory: `secret`, its
# companions `secret-remote` (Vault, GCP KMS, Azure Key Vault: HTTP and TLS) and
# `secret-aws` (the AWS SDK), and `secret.target`, the Rust target `secret` was built for.
#
# On x86_64 Linux `secret` is built static, with musl (a static position-independent
# executable, so ASLR still applies): it then runs on any Linux, in any container, and
# starts in about half the time a glibc build takes (no dynamic loader, no probing of the
# CPU's caches; see BENCHMARKS.md). rustup adds the Rust target when it is missing. Where
# that cannot be done, where the static build fails, or with SECRET_STATIC=0, `secret` is
# built for the host, as on other systems. The companions are built for the host with the
# lighter `companion` profile (no LTO: their start-up hides behind a network call);
# `secret` finds them beside itself.
#   scripts/build-release.sh [--secret-only | --remote-only | --companion-only]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# Cargo reads .cargo/config.toml (the static build's linker and C flags) from the directory
# it runs in, whichever manifest it builds.
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
dist="$target_dir/dist"
static=x86_64-unknown-linux-musl

cargo_build() {
  cargo build --locked --manifest-path "$root/Cargo.toml" "$@" >&2
}

# Succeeds when the static target can be built here: the Rust target (added with rustup
# if need be) and a C compiler for musl, for the allocator (mimalloc, crates/alloc).
static_target_ready() {
  [ "${SECRET_STATIC:-1}" != 0 ] && [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || return 1
  command -v rustup >/dev/null || return 1
  musl_cc_ready || return 1
  rustup target list --installed | grep -qx "$static" && return 0
  echo "build-release.sh: adding the Rust target $static, for a static secret" >&2
  rustup target add "$static" >&2 && return 0
  echo "build-release.sh: could not add $static; building secret for the host" >&2
  return 1
}

# musl-gcc, installed from Debian's musl-tools when this runs as root with apt (it says
# so); without it, secret is built for the host.
musl_cc_ready() {
  if ! command -v musl-gcc >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "build-release.sh: installing Debian's musl-tools (musl-gcc), the C compiler of the static build" >&2
    { apt-get install -y -qq musl-tools || { apt-get update -qq && apt-get install -y -qq musl-tools; }; } \
      >/dev/null 2>&1 || true
  fi
  if command -v musl-gcc >/dev/null; then
    export CC_x86_64_unknown_linux_musl=musl-gcc
    return 0
  fi
  echo "build-release.sh: no musl-gcc (Debian/Ubuntu: apt install musl-tools); building secret for the host" >&2
  return 1
}

# The release profile keeps symbols (see Cargo.toml); the shipped copy has none.
ship_secret() {
  cp "$1" "$dist/secret"
  strip "$dist/secret" 2>/dev/null || echo "build-release.sh: no strip; secret keeps its symbols" >&2
}

build_secret() {
  if static_target_ready; then
    if cargo_build --release --bin secret --target "$static"; then
      ship_secret "$target_dir/$static/release/secret"
      echo "$static" >"$dist/secret.target"
      return
    fi
    echo "build-release.sh: the static build failed; building secret for the host" >&2
  fi
  cargo_build --release --bin secret
  ship_secret "$target_dir/release/secret"
  rustc -vV | sed -n 's/^host: //p' >"$dist/secret.target"
}

build_companion() {
  cargo_build --profile companion -p secret-aws --bin secret-aws
  cp "$target_dir/companion/secret-aws" "$dist/"
}

# secret-remote: a small HTTP client (ureq, rustls), about 2 minutes from a cold cache.
build_remote() {
  cargo_build --profile companion -p secret-remote --bin secret-remote
  cp "$target_dir/companion/secret-remote" "$dist/"
}

mkdir -p "$dist"
case "${1:-}" in
  --secret-only) rm -f "$dist/secret" "$dist/secret.target"; build_secret ;;
  --remote-only) rm -f "$dist/secret-remote"; build_remote ;;
  --companion-only) rm -f "$dist/secret-aws"; build_companion ;;
  *) rm -rf "$dist"; mkdir -p "$dist"; build_secret; build_remote; build_companion ;;
esac
echo "$dist"
