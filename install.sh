#!/usr/bin/env bash
# Builds `secret` (scripts/build-release.sh: static on x86_64 Linux) and installs it into a
# prefix (default ~/.local): bin/secret first, with completions for bash, zsh and fish
# under share/ and man pages in share/man/man1/; then its light companion
# bin/secret-remote (Vault, GCP KMS and Azure Key Vault keys, publish to Vault: HTTP and
# TLS), always; then its AWS companion bin/secret-aws (KMS keys, SSM, Secrets Manager),
# whose AWS SDK takes longer to build; `--no-aws` leaves that one out.
# `--as-sops` also makes bin/sops a link to secret, which then answers as sops 3.11 for
# the tools that call `sops` (README: "Migrating from sops"); an existing bin/sops that is
# not that link is left alone and the install refused.
# Idempotent. `--uninstall` removes exactly what was installed, and the directories
# install created once they are empty (a list is kept in share/secret/installed).
#   ./install.sh [--prefix DIR] [--no-aws] [--as-sops] [--uninstall]
# SECRET_INSTALL_BINARY=PATH installs that binary instead of building one (tests, packagers),
# with the secret-remote and secret-aws next to it, if any. CARGO_TARGET_DIR is honoured.
set -euo pipefail

prefix="${PREFIX:-$HOME/.local}"
action=install
aws=1
as_sops=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --no-aws) aws=0; shift ;;
    --as-sops) as_sops=1; shift ;;
    --uninstall) action=uninstall; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument: $1 (see: ./install.sh --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")" && pwd)
manifest="$prefix/share/secret/installed"
created_dirs=()
installed_files=()

# Creates a directory and its missing parents, remembering each one it created.
make_dir() {
  [ -d "$1" ] && return 0
  make_dir "$(dirname "$1")"
  mkdir "$1"
  created_dirs+=("$1")
}

# Installs one file with a mode, remembering it.
put() {
  make_dir "$(dirname "$3")"
  install -m "$1" "$2" "$3"
  installed_files+=("$3")
}

uninstall() {
  if [ ! -f "$manifest" ]; then
    echo "nothing installed by install.sh in $prefix"
    return 0
  fi
  local kind path dirs=()
  while read -r kind path; do
    case "$kind" in
      file) rm -f "$path" ;;
      dir) dirs+=("$path") ;;
    esac
  done <"$manifest"
  rm -f "$manifest"
  # Deepest first: the directories were recorded parents before children.
  local i
  for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
    rmdir "${dirs[i]}" 2>/dev/null || true
  done
  echo "removed secret from $prefix"
}

need_cargo() {
  command -v cargo >/dev/null || { echo "install.sh: cargo not found; install Rust from https://rustup.rs" >&2; exit 1; }
}

binary() {
  if [ -n "${SECRET_INSTALL_BINARY:-}" ]; then
    echo "$SECRET_INSTALL_BINARY"
    return
  fi
  need_cargo
  echo "install.sh: building secret (about 3 minutes from a cold cache on 2 cores)" >&2
  local dist
  dist=$("$root/scripts/build-release.sh" --secret-only) || exit 1
  echo "$dist/secret"
}

# The companion beside a given binary, or built now (unless --no-aws); nothing if neither.
companion() {
  local beside="$(dirname "$1")/secret-aws"
  if [ -n "${SECRET_INSTALL_BINARY:-}" ] || [ "$aws" = 0 ]; then
    [ "$aws" = 1 ] && [ -f "$beside" ] && echo "$beside"
    return 0
  fi
  need_cargo
  echo "install.sh: building secret-aws, the AWS companion for KMS keys and SSM (about 7 minutes from a" \
    "cold cache on 2 cores: the AWS SDK); --no-aws leaves it out" >&2
  local dist
  dist=$("$root/scripts/build-release.sh" --companion-only) || exit 1
  echo "$dist/secret-aws"
}

# The remote companion beside a given binary, or built now; nothing if neither.
remote() {
  local beside="$(dirname "$1")/secret-remote"
  if [ -n "${SECRET_INSTALL_BINARY:-}" ]; then
    if [ -f "$beside" ]; then
      echo "$beside"
    else
      echo "install.sh: no secret-remote beside $1: Vault, GCP KMS and Azure Key Vault keys will not work" >&2
    fi
    return 0
  fi
  need_cargo
  echo "install.sh: building secret-remote, the companion for Vault, GCP KMS and Azure Key Vault keys (about 2 minutes)" >&2
  local dist
  dist=$("$root/scripts/build-release.sh" --remote-only) || exit 1
  echo "$dist/secret-remote"
}

# Keeps what an earlier install recorded (directories it created stay its to remove).
write_manifest() {
  local previous=""
  [ -f "$manifest" ] && previous=$(cat "$manifest")
  make_dir "$(dirname "$manifest")"
  {
    [ -n "$previous" ] && printf '%s\n' "$previous" | grep '^dir ' || true
    for dir in "${created_dirs[@]}"; do printf 'dir %s\n' "$dir"; done
    for file in "${installed_files[@]}" "$manifest"; do printf 'file %s\n' "$file"; done
  } | awk '!seen[$0]++' >"$manifest.new"
  mv "$manifest.new" "$manifest"
}

# A companion (bin/$2); without one, an earlier install's goes, as it would not match this
# secret.
install_companion() {
  local installed="$prefix/bin/$2"
  if [ -n "$1" ] && [ -f "$1" ]; then
    put 0755 "$1" "$installed"
  elif [ -f "$manifest" ] && grep -qxF "file $installed" "$manifest"; then
    rm -f "$installed"
  fi
}

# bin/sops, a link to secret, with --as-sops; without it, a link an earlier install made
# goes.
sops_link="$prefix/bin/sops"
check_sops_link() {
  if [ "$as_sops" = 1 ] && { [ -e "$sops_link" ] || [ -L "$sops_link" ]; } \
    && [ "$(readlink "$sops_link")" != secret ]; then
    echo "install.sh: $sops_link exists and is not a link to secret; move it away to install with --as-sops" >&2
    exit 1
  fi
}
link_sops() {
  if [ "$as_sops" = 1 ]; then
    ln -sfn secret "$sops_link"
    installed_files+=("$sops_link")
  elif [ -f "$manifest" ] && grep -qxF "file $sops_link" "$manifest"; then
    rm -f "$sops_link"
  fi
}

install_all() {
  local bin docs
  check_sops_link
  bin=$(binary)
  # Completions and man pages come from the installed binary itself, so they match it.
  docs=$(mktemp -d)
  trap "rm -rf '$docs'" EXIT
  "$bin" generate-docs "$docs"
  put 0755 "$bin" "$prefix/bin/secret"
  link_sops
  put 0644 "$docs/completions/secret.bash" "$prefix/share/bash-completion/completions/secret"
  put 0644 "$docs/completions/_secret" "$prefix/share/zsh/site-functions/_secret"
  put 0644 "$docs/completions/secret.fish" "$prefix/share/fish/vendor_completions.d/secret.fish"
  local page
  for page in "$docs"/man/*.1; do
    put 0644 "$page" "$prefix/share/man/man1/$(basename "$page")"
  done
  write_manifest
  echo "installed $prefix/bin/secret, its completions and man pages"
  [ "$as_sops" = 1 ] && echo "installed $sops_link, secret answering as sops 3.11"
  install_companion "$(remote "$bin")" secret-remote
  write_manifest
  [ -f "$prefix/bin/secret-remote" ] && echo "installed $prefix/bin/secret-remote"
  install_companion "$(companion "$bin")" secret-aws
  write_manifest
  [ -f "$prefix/bin/secret-aws" ] && echo "installed $prefix/bin/secret-aws"
  case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on your PATH; add it, e.g. export PATH=\"$prefix/bin:\$PATH\"" ;;
  esac
}

if [ "$action" = uninstall ]; then
  uninstall
else
  install_all
fi
