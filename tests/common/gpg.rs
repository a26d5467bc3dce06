//! GnuPG homes for the PGP tests: a `GNUPGHOME` inside a sandbox, keys made without a
//! passphrase (ed25519 + cv25519, fast), and the home's gpg-agent stopped when the home is
//! dropped, so that no agent outlives its test (a panicking test included).
//!
//! The sandbox clears the environment, so every program that should use a home gets
//! `GNUPGHOME` explicitly: [`GnuPg::env`].

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::sandbox::Sandbox;
use crate::common::tools::unavailable;

/// A GnuPG home. Dropping it stops its gpg-agent.
pub struct GnuPg {
    home: PathBuf,
    /// The `gpg` program found on PATH.
    gpg: PathBuf,
}

/// gpg on PATH, or `None` (outside CI) with a note.
pub fn gpg_program() -> Option<PathBuf> {
    match which::which("gpg") {
        Ok(path) => Some(path),
        Err(_) => unavailable("gpg not found on PATH (install GnuPG: the `gnupg` package)"),
    }
}

impl GnuPg {
    /// An empty home `NAME.gnupg` in `sandbox` (0700, as gpg wants), or `None` (outside CI)
    /// when gpg is missing.
    pub fn create(sandbox: &Sandbox, name: &str) -> Option<GnuPg> {
        let gpg = gpg_program()?;
        let home = sandbox.path(&format!("{name}.gnupg"));
        std::fs::create_dir_all(&home).expect("GnuPG home");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700))
            .expect("GnuPG home permissions");
        Some(GnuPg { home, gpg })
    }

    pub fn home(&self) -> &Path {
        &self.home
    }

    /// `("GNUPGHOME", home)` for `Sandbox::run`.
    pub fn env(&self) -> (&'static str, &str) {
        ("GNUPGHOME", self.home.to_str().expect("a UTF-8 temp path"))
    }

    /// Runs gpg on this home with a cleared environment; panics when it fails.
    pub fn gpg(&self, args: &[&str], input: &[u8]) -> Vec<u8> {
        let output = self.try_gpg(args, input);
        assert!(
            output.status.success(),
            "gpg {args:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout
    }

    fn try_gpg(&self, args: &[&str], input: &[u8]) -> Output {
        let mut child = Command::new(&self.gpg)
            .args(["--batch", "--no-tty"])
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("GNUPGHOME", &self.home)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start gpg");
        child
            .stdin
            .take()
            .expect("gpg's stdin")
            .write_all(input)
            .expect("write to gpg");
        child.wait_with_output().expect("gpg runs")
    }

    /// Makes a key without a passphrase and returns its fingerprint (upper-case hex).
    pub fn generate(&self, name: &str) -> String {
        self.generate_with(name, "%no-protection\n", "")
    }

    /// Makes a key protected by `passphrase` and returns its fingerprint.
    pub fn generate_protected(&self, name: &str, passphrase: &str) -> String {
        self.generate_with(name, "", &format!("Passphrase: {passphrase}\n"))
    }

    /// `control` goes before the key's parameters, `extra` after them.
    fn generate_with(&self, name: &str, control: &str, extra: &str) -> String {
        let parameters = format!(
            "{control}Key-Type: eddsa\nKey-Curve: ed25519\nKey-Usage: sign\n\
             Subkey-Type: ecdh\nSubkey-Curve: cv25519\nSubkey-Usage: encrypt\n\
             Name-Real: {name}\nName-Email: {name}@example.com\nExpire-Date: 0\n{extra}%commit\n"
        );
        let status = self.gpg(
            &[
                "--status-fd",
                "1",
                "--pinentry-mode",
                "loopback",
                "--gen-key",
            ],
            parameters.as_bytes(),
        );
        String::from_utf8_lossy(&status)
            .lines()
            .find_map(|line| line.strip_prefix("[GNUPG:] KEY_CREATED "))
            .and_then(|rest| rest.split_whitespace().nth(1))
            .unwrap_or_else(|| panic!("no KEY_CREATED in {}", String::from_utf8_lossy(&status)))
            .to_string()
    }

    /// Imports `fp`'s public key from `other` (to encrypt for a key without holding it).
    pub fn import_public(&self, other: &GnuPg, fp: &str) {
        let exported = other.gpg(&["--armor", "--export", fp], b"");
        self.gpg(&["--import"], &exported);
    }

    /// Imports `fp`'s secret key (and public key) from `other`.
    pub fn import_secret(&self, other: &GnuPg, fp: &str) {
        let exported = other.gpg(
            &[
                "--pinentry-mode",
                "loopback",
                "--armor",
                "--export-secret-keys",
                fp,
            ],
            b"",
        );
        self.gpg(&["--import"], &exported);
    }

    /// Configures the agent to ask for passphrases with `program` (restarting it).
    pub fn use_pinentry(&self, program: &Path) {
        std::fs::write(
            self.home.join("gpg-agent.conf"),
            format!("pinentry-program {}\n", program.display()),
        )
        .expect("gpg-agent.conf");
        self.stop_agent();
    }

    fn stop_agent(&self) {
        let _ = Command::new("gpgconf")
            .args(["--kill", "gpg-agent"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("GNUPGHOME", &self.home)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for GnuPg {
    fn drop(&mut self) {
        self.stop_agent();
    }
}
