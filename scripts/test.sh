#!/usr/bin/env bash
# The project's one test command. Checks formatting and lints, installs the real peers the
# black-box tests talk to (sops 3.11, moto, OpenBao; see test-tools.sh), tells the tests
# where they are, and runs every test target of the workspace; then the black-box tests
# again against `secret` as install.sh builds it (static on x86_64 Linux, see
# build-release.sh); then the black-box tests of a `secret` without AWS support (the AWS
# tests are compiled out there). Extra arguments go to every `cargo test` run, e.g.
# `scripts/test.sh --test tamper`.
set -euo pipefail
cd "$(dirname "$0")/.."
# A clean checkout (CI) gains nothing from incremental caches, and they would take as much
# disk again as the test binaries themselves.
if [[ "${CI:-}" == true ]]; then export CARGO_INCREMENTAL=0; fi
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
SECRET_TEST_TOOLS=$(./scripts/test-tools.sh)
export SECRET_TEST_TOOLS
# The black-box tests run target/debug/secret-aws beside secret; `cargo test` builds only
# the binaries of the package under test, so the companion is built here first.
cargo build --workspace --bins --locked
# --no-fail-fast: one failing test target must not hide the results of the others.
cargo test --workspace --all-targets --locked --no-fail-fast "$@"
# The release `secret`, with the test build's companions beside it for the AWS, Vault, GCP
# and Azure tests.
dist=$(./scripts/build-release.sh --secret-only)
ln -sf "${CARGO_TARGET_DIR:-$PWD/target}/debug/secret-aws" "$dist/secret-aws"
ln -sf "${CARGO_TARGET_DIR:-$PWD/target}/debug/secret-remote" "$dist/secret-remote"
SECRET_TEST_BIN="$dist/secret" cargo test -p secret --tests --locked --no-fail-fast -q "$@"
# The build without the `aws` feature: everything but the KMS tests must pass there too.
cargo test -p secret --no-default-features --tests --locked --no-fail-fast -q "$@"
