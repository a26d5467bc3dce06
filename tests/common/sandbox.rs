//! A temporary working directory with an isolated environment for the programs under test.
//!
//! Children run with a cleared environment: only `PATH`, plus `HOME` and
//! `XDG_CONFIG_HOME` pointing inside the sandbox, so no `SOPS_*` variable, user key file or
//! `.sops.yaml` of the machine leaks in. AWS variables point at a closed loopback port, so
//! an accidental call to a cloud service fails fast and never leaves the machine.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::common::tools::{Tool, secret};

pub struct Sandbox {
    dir: TempDir,
}

/// What a finished program did.
#[derive(Debug)]
pub struct Run {
    /// The command line, for failure messages.
    pub what: String,
    /// The exit code; -1 when killed by a signal.
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("secret-test-")
            .tempdir()
            .expect("temp dir");
        if let Some(config) = sops_config_above(dir.path()) {
            panic!("{} would leak into every test; remove it", config.display());
        }
        let sandbox = Sandbox { dir };
        std::fs::create_dir_all(sandbox.home().join(".config")).expect("sandbox home");
        sandbox
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The isolated `HOME`; `XDG_CONFIG_HOME` is its `.config`.
    pub fn home(&self) -> PathBuf {
        self.root().join("home")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root().join(name)
    }

    /// Writes `bytes` to `name` (relative to the sandbox), creating parent directories.
    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent dir");
        }
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        path
    }

    /// Copies a file into the sandbox under its own file name, and returns that name.
    pub fn copy_in(&self, source: &Path) -> String {
        let name = source
            .file_name()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        let bytes =
            std::fs::read(source).unwrap_or_else(|e| panic!("reading {}: {e}", source.display()));
        self.write(&name, &bytes);
        name
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        let path = self.path(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    }

    pub fn exists(&self, name: &str) -> bool {
        self.path(name).exists()
    }

    /// Runs `tool` with `args` in the sandbox, with `env` added to the isolated environment.
    pub fn run(&self, tool: &Tool, args: &[&str], env: &[(&str, &str)]) -> Run {
        self.run_adjusted(tool, args, env, |_| {})
    }

    /// Like `run`, with `adjust` changing the command last (e.g. removing variables).
    pub fn run_adjusted(
        &self,
        tool: &Tool,
        args: &[&str],
        env: &[(&str, &str)],
        adjust: impl FnOnce(&mut Command),
    ) -> Run {
        let mut command = self.command(tool);
        command.args(args);
        for (name, value) in env {
            command.env(name, value);
        }
        adjust(&mut command);
        let output = command
            .output()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", tool.path.display()));
        Run {
            what: format!("{} {}", tool.name, args.join(" ")),
            code: output.status.code().unwrap_or(-1),
            stdout: output.stdout,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs `secret` with `args` and `env`.
    pub fn secret(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        self.run(&secret(), args, env)
    }

    /// A command for `tool` with the isolated environment, run from the sandbox root.
    pub fn command(&self, tool: &Tool) -> Command {
        let mut command = tool.command();
        command
            .current_dir(self.root())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_REGION", "us-east-1");
        command
    }
}

impl Run {
    /// Asserts exit code 0 and returns the run.
    pub fn success(self) -> Run {
        assert_eq!(self.code, 0, "`{}` failed:\n{}", self.what, self.stderr);
        self
    }

    /// Asserts the exit code, and that the program did not panic.
    pub fn expect_code(&self, code: i32) -> &Run {
        self.assert_no_panic();
        assert_eq!(
            self.code, code,
            "`{}` exited {} instead of {code}; stderr:\n{}",
            self.what, self.code, self.stderr
        );
        self
    }

    /// Asserts a non-zero exit with a message on stderr, and no panic.
    pub fn expect_failure(&self) -> &Run {
        self.assert_no_panic();
        assert_ne!(
            self.code, 0,
            "`{}` succeeded but should have failed",
            self.what
        );
        assert!(
            !self.stderr.trim().is_empty(),
            "`{}` failed without a message",
            self.what
        );
        self
    }

    pub fn assert_no_panic(&self) {
        assert!(
            self.code != 101 && !self.stderr.contains("panicked at"),
            "`{}` panicked (exit {}):\n{}",
            self.what,
            self.code,
            self.stderr
        );
    }

    pub fn assert_stderr_contains(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr of `{}` does not mention {needle:?}:\n{}",
            self.what,
            self.stderr
        );
        self
    }

    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// The first `.sops.yaml` in `dir` or above it: sops and secret would both pick it up.
fn sops_config_above(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|d| [d.join(".sops.yaml"), d.join(".sops.yml")])
        .find(|candidate| candidate.exists())
}
