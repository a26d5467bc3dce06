//! install.sh into a temporary prefix, twice (idempotent), then `--uninstall`: the prefix
//! is left exactly as it was. The test binary is installed (SECRET_INSTALL_BINARY), so no
//! release build is needed.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Sandbox, secret};

/// Every path under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path.clone());
            }
            paths.push(path.strip_prefix(dir).unwrap().to_path_buf());
        }
    }
    paths.sort();
    paths
}

fn install_sh(prefix: &Path, extra: &[&str]) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("install.sh");
    let out = Command::new("bash")
        .arg(script)
        .arg("--prefix")
        .arg(prefix)
        .args(extra)
        .env("SECRET_INSTALL_BINARY", secret().path)
        .output()
        .expect("run install.sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "install.sh {extra:?} failed:\n{stderr}"
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn install_twice_then_uninstall_leaves_the_prefix_as_it_was() {
    let sandbox = Sandbox::new();
    let prefix = sandbox.path("prefix");
    // Something of the user's already there, sharing directories with the install.
    sandbox.write("prefix/share/man/man1/other.1", b".TH other 1\n");
    sandbox.write("prefix/bin/other", b"#!/bin/sh\n");
    let before = tree(&prefix);

    install_sh(&prefix, &[]);
    install_sh(&prefix, &[]);
    for installed in [
        "bin/secret",
        "share/bash-completion/completions/secret",
        "share/zsh/site-functions/_secret",
        "share/fish/vendor_completions.d/secret.fish",
        "share/man/man1/secret.1",
        "share/man/man1/secret-encrypt.1",
    ] {
        assert!(
            prefix.join(installed).is_file(),
            "{installed} not installed"
        );
    }
    #[cfg(feature = "aws")]
    assert!(
        prefix.join("bin/secret-aws").is_file(),
        "the AWS companion not installed"
    );
    assert!(
        prefix.join("bin/secret-remote").is_file(),
        "the remote companion (Vault, GCP KMS, Azure Key Vault) not installed"
    );
    let version = Command::new(prefix.join("bin/secret"))
        .arg("--version")
        .output()
        .expect("installed secret runs");
    assert!(version.status.success());

    install_sh(&prefix, &["--uninstall"]);
    assert_eq!(tree(&prefix), before, "uninstall left the prefix changed");
}

#[test]
fn uninstall_removes_a_prefix_that_install_created() {
    let sandbox = Sandbox::new();
    let prefix = sandbox.path("new/prefix");
    install_sh(&prefix, &[]);
    install_sh(&prefix, &["--uninstall"]);
    assert!(
        !sandbox.exists("new"),
        "directories created by install.sh remain"
    );
}

#[test]
fn as_sops_links_sops_to_secret_and_uninstall_removes_the_link() {
    let sandbox = Sandbox::new();
    let prefix = sandbox.path("prefix");
    sandbox.write("prefix/bin/other", b"#!/bin/sh\n");
    let before = tree(&prefix);

    install_sh(&prefix, &["--as-sops"]);
    install_sh(&prefix, &["--as-sops"]);
    let link = prefix.join("bin/sops");
    assert_eq!(std::fs::read_link(&link).unwrap(), PathBuf::from("secret"));
    let version = Command::new(&link)
        .arg("--version")
        .output()
        .expect("sops runs");
    assert!(version.status.success());
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("sops 3.11.0\n"));

    // Installing again without --as-sops takes the link away.
    install_sh(&prefix, &[]);
    assert!(link.symlink_metadata().is_err(), "the sops link stayed");
    install_sh(&prefix, &["--as-sops"]);
    install_sh(&prefix, &["--uninstall"]);
    assert_eq!(tree(&prefix), before, "uninstall left the prefix changed");
}

#[test]
fn as_sops_never_replaces_another_sops() {
    let sandbox = Sandbox::new();
    let prefix = sandbox.path("prefix");
    sandbox.write("prefix/bin/sops", b"#!/bin/sh\necho the real sops\n");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("install.sh");
    let out = Command::new("bash")
        .arg(script)
        .arg("--prefix")
        .arg(&prefix)
        .arg("--as-sops")
        .env("SECRET_INSTALL_BINARY", secret().path)
        .output()
        .expect("run install.sh");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a link to secret"));
    assert_eq!(
        sandbox.read("prefix/bin/sops"),
        b"#!/bin/sh\necho the real sops\n"
    );
    assert!(!prefix.join("bin/secret").exists(), "nothing installed");
}
