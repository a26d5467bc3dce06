//! The hand-over checks every companion binary must pass, shared by the tests of
//! `secret-aws` (companion.rs) and `secret-remote` (remote_companion.rs): a companion of
//! another protocol version is refused by name and version before anything is sent, and
//! one found only on `PATH` is never run.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::common::sandbox::{Run, Sandbox};
use crate::common::tools::{Tool, secret};

/// A companion as the tests reach it: its file name, the variable naming it, and an
/// `encrypt` that needs it (arguments and environment), writing `app.enc.yaml`.
pub struct CompanionUnderTest<'a> {
    pub binary: &'a str,
    pub variable: &'a str,
    pub key_flags: &'a [&'a str],
    pub env: &'a [(&'a str, &'a str)],
}

impl CompanionUnderTest<'_> {
    fn encrypt(&self, sandbox: &Sandbox, tool: &Tool, env: &[(&str, &str)]) -> Run {
        sandbox.write("app.yaml", b"token: abc123-token\n");
        let mut args = vec!["encrypt"];
        args.extend(self.key_flags);
        args.extend(["-o", "app.enc.yaml", "app.yaml"]);
        let mut env = env.to_vec();
        env.extend(self.env);
        sandbox.run(tool, &args, &env)
    }

    /// A companion answering the handshake as a future release would is refused, naming
    /// both versions; nothing more is sent to it and nothing is written.
    pub fn assert_another_protocol_is_refused(&self) {
        let sandbox = Sandbox::new();
        let fake = sandbox.path("fake-companion");
        script(
            &fake,
            r#"read line; echo '{"hello":{"protocol":999,"version":"9.9.9"}}'; cat > "$0.rest""#,
        );
        let fake_path = fake.to_string_lossy().into_owned();
        let run = self.encrypt(&sandbox, &secret(), &[(self.variable, fake_path.as_str())]);
        run.expect_code(1)
            .assert_stderr_contains("protocol 999")
            .assert_stderr_contains("9.9.9")
            .assert_stderr_contains(self.binary)
            .assert_stderr_contains("same release");
        assert!(!sandbox.exists("app.enc.yaml"), "nothing is written");
        let rest = std::fs::read(sandbox.path("fake-companion.rest")).unwrap_or_default();
        assert!(rest.is_empty(), "nothing is sent after a refused handshake");
    }

    /// `secret` alone in a directory, with the companion only on `PATH`: it is not run,
    /// and the error says where it must be.
    pub fn assert_one_only_on_path_is_not_used(&self) {
        let sandbox = Sandbox::new();
        let alone = sandbox.path("alone");
        std::fs::create_dir_all(&alone).expect("dir");
        let copy = alone.join("secret");
        std::fs::copy(&secret().path, &copy).expect("copy secret");
        let on_path = sandbox.path("on-path");
        std::fs::create_dir_all(&on_path).expect("dir");
        let marker = sandbox.path("companion-ran");
        script(
            &on_path.join(self.binary),
            &format!("touch '{}'", marker.display()),
        );
        let path = format!(
            "{}:{}",
            on_path.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let tool = Tool {
            name: "secret",
            path: copy,
        };
        let run = self.encrypt(&sandbox, &tool, &[("PATH", path.as_str())]);
        run.expect_code(1)
            .assert_stderr_contains(&format!("{} next to secret", self.binary))
            .assert_stderr_contains(self.variable);
        assert!(!marker.exists(), "the {} on PATH was run", self.binary);
        assert!(!sandbox.exists("app.enc.yaml"), "nothing is written");
    }
}

/// An executable shell script at `path`.
fn script(path: &Path, body: &str) {
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).expect("write script");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}
