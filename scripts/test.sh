#!/usr/bin/env bash
# The project's one test command. Installs the real peers the black-box tests talk to
# (sops 3.11 and moto, see test-tools.sh), tells the tests where they are, and runs every
# test target; then the black-box tests again against `secret` as install.sh builds it
# (static on x86_64 Linux, see build-release.sh); then the library and black-box tests
# without AWS support (AWS tests are compiled out there). Extra arguments go to every
# `cargo test` run, e.g. `scripts/test.sh --test tamper`.
set -euo pipefail
cd "$(dirname "$0")/.."
SECRET_TEST_TOOLS=$(./scripts/test-tools.sh)
export SECRET_TEST_TOOLS
# --no-fail-fast: one failing test target must not hide the results of the others.
cargo test --all-targets --no-fail-fast "$@"
# The release `secret`, with the test build's secret-aws beside it for the AWS tests.
dist=$(./scripts/build-release.sh --secret-only)
ln -sf "$PWD/target/debug/secret-aws" "$dist/secret-aws"
SECRET_TEST_BIN="$dist/secret" cargo test --test '*' --no-fail-fast -q "$@"
# The build without the `aws` feature: everything but the KMS tests must pass there too.
cargo test --no-default-features --lib --tests --no-fail-fast -q "$@"
