//! install.sh into a temporary prefix, twice (idempotent), then `--uninstall`: the prefix
//! is left exactly as it was. The test binary is installed (SECRET_INSTALL_BINARY), so no
//! release build is needed. Against the static release build (scripts/test.sh's second
//! stage), also how it was linked.

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

/// The static build as install.sh ships it (when `SECRET_TEST_BIN` is build-release.sh's
/// musl `dist/secret`; other builds have nothing to check): linked by rust-lld with the
/// functions scripts/function-order.txt lists side by side at the start of its code
/// (scripts/link-in-order.sh). A link that fell back to `cc`, or a list that no longer
/// matches the build's names, would otherwise show only as a slower start.
#[test]
fn the_static_build_lays_out_the_recorded_functions_first() {
    let shipped = secret().path;
    let dist = shipped.parent().expect("dist directory");
    let built_for = std::fs::read_to_string(dist.join("secret.target")).unwrap_or_default();
    if built_for.trim() != "x86_64-unknown-linux-musl" {
        return;
    }
    let bytes = std::fs::read(&shipped).expect("read the shipped secret");
    assert!(
        bytes.windows(11).any(|w| w == b"Linker: LLD"),
        "{} was not linked by rust-lld (see scripts/link-in-order.sh)",
        shipped.display()
    );
    // build-release.sh strips only its copy; the build itself keeps its symbols.
    let built = dist.join("../x86_64-unknown-linux-musl/release/secret");
    let nm = Command::new("nm")
        .args(["-n", "--defined-only"])
        .arg(&built)
        .output()
        .expect("run nm (binutils)");
    assert!(nm.status.success(), "nm {}", built.display());
    let mut functions = std::collections::HashMap::new();
    let mut addresses = Vec::new();
    for line in String::from_utf8_lossy(&nm.stdout).lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if let [address, "t" | "T" | "w" | "W", name] = fields[..] {
            let address = u64::from_str_radix(address, 16).expect("nm address");
            functions.entry(name.to_string()).or_insert(address);
            addresses.push(address);
        }
    }
    let (start, end) = (addresses[0], addresses[addresses.len() - 1]);
    let list = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/function-order.txt"),
    )
    .expect("read scripts/function-order.txt");
    let listed: Vec<&str> = list.lines().collect();
    let placed: Vec<f64> = listed
        .iter()
        .filter_map(|name| functions.get(*name))
        .map(|address| (address - start) as f64 / (end - start) as f64)
        .collect();
    assert!(
        placed.len() * 2 >= listed.len(),
        "only {} of the {} functions in scripts/function-order.txt are in this build: \
         record the list again with scripts/function-order.sh",
        placed.len(),
        listed.len()
    );
    let in_first_quarter = placed.iter().filter(|&&at| at < 0.25).count();
    assert!(
        in_first_quarter * 100 >= placed.len() * 95,
        "only {in_first_quarter} of {} listed functions lie in the first quarter of the code",
        placed.len()
    );
}
