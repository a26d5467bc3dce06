//! `age-plugin-secrettest`, the test age plugin of tests/age-plugin (this project's own,
//! built by cargo into target/test-plugin the first time a test asks for it), and its keys.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use crate::common::tools::{manifest_dir, unavailable};

/// The directory holding `age-plugin-secrettest` (to put on PATH), or `None` (outside CI)
/// when it cannot be built.
pub fn plugin_dir() -> Option<PathBuf> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match BUILT.get_or_init(build) {
        Ok(dir) => Some(dir.clone()),
        Err(why) => unavailable(why),
    }
}

fn build() -> Result<PathBuf, String> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("target"))
        .join("test-plugin");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = manifest_dir().join("tests/age-plugin/Cargo.toml");
    let out = Command::new(cargo)
        .args(["build", "--quiet", "--locked", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target)
        .output()
        .map_err(|e| format!("cannot run cargo to build the test age plugin: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "building the test age plugin ({}) failed:\n{}",
            manifest.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(target.join("debug"))
}

/// PATH with the plugin's directory first.
pub fn path_with(dir: &std::path::Path) -> String {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![dir.to_path_buf()];
    paths.extend(std::env::split_paths(&rest));
    std::env::join_paths(paths)
        .expect("PATH")
        .to_string_lossy()
        .into_owned()
}

/// A new identity of the plugin: (the identity file's text, its recipient `age1secrettest1…`).
pub fn new_identity(dir: &std::path::Path) -> (String, String) {
    let out = Command::new(dir.join("age-plugin-secrettest"))
        .arg("--generate")
        .output()
        .expect("run age-plugin-secrettest --generate");
    assert!(
        out.status.success(),
        "age-plugin-secrettest --generate failed"
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let recipient = text
        .lines()
        .find_map(|l| l.strip_prefix("# recipient: "))
        .expect("a recipient line")
        .to_string();
    (text, recipient)
}
