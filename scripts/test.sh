#!/usr/bin/env bash
# The project's one test command. Installs the real peers the black-box tests talk to
# (sops 3.11 and moto, see test-tools.sh), tells the tests where they are, and runs every
# test target. Extra arguments go to `cargo test`, e.g. `scripts/test.sh --test tamper`.
set -euo pipefail
cd "$(dirname "$0")/.."
SECRET_TEST_TOOLS=$(./scripts/test-tools.sh)
export SECRET_TEST_TOOLS
# --no-fail-fast: one failing test target must not hide the results of the others
exec cargo test --all-targets --no-fail-fast "$@"
