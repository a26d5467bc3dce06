#!/usr/bin/env bash
# Builds `secret` and installs it into a prefix (default ~/.local): the binary in bin/.
# Idempotent. `./install.sh --uninstall` removes what it installed.
#   ./install.sh [--prefix DIR] [--uninstall]
set -euo pipefail

prefix="${PREFIX:-$HOME/.local}"
action=install
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --uninstall) action=uninstall; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")" && pwd)
bin="$prefix/bin/secret"

if [ "$action" = uninstall ]; then
  rm -f "$bin"
  rmdir "$prefix/bin" 2>/dev/null || true
  echo "removed $bin"
  exit 0
fi

command -v cargo >/dev/null || { echo "install.sh: cargo not found; install Rust from https://rustup.rs" >&2; exit 1; }
cargo build --release --locked --manifest-path "$root/Cargo.toml"
install -d "$prefix/bin"
install -m 0755 "$root/target/release/secret" "$bin"
echo "installed $bin"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on your PATH; add it, e.g. export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
