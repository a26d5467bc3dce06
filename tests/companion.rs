//! The hand-over to the AWS companion `secret-aws`: a companion of another protocol
//! version is refused by name and version before anything is sent, and a `secret-aws`
//! found only on `PATH` is never run.
#![cfg(all(feature = "aws", unix))]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::*;

const ARN: &str = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000";

/// An executable shell script at `path`.
fn script(path: &Path, body: &str) {
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).expect("write script");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

fn encrypt_for_kms(sandbox: &Sandbox, tool: &Tool, env: &[(&str, &str)]) -> Run {
    sandbox.write("app.yaml", b"token: abc123-token\n");
    sandbox.run(
        tool,
        &["encrypt", "--kms", ARN, "-o", "app.enc.yaml", "app.yaml"],
        env,
    )
}

#[test]
fn a_companion_of_another_protocol_version_is_refused_with_both_versions() {
    let sandbox = Sandbox::new();
    let fake = sandbox.path("fake-secret-aws");
    // Answers the handshake as a future release would, then anything else it is sent.
    script(
        &fake,
        r#"read line; echo '{"hello":{"protocol":999,"version":"9.9.9"}}'; cat > "$0.rest""#,
    );
    let fake_path = fake.to_string_lossy().into_owned();
    let run = encrypt_for_kms(
        &sandbox,
        &secret(),
        &[("SECRET_AWS_COMPANION", fake_path.as_str())],
    );
    run.expect_code(1)
        .assert_stderr_contains("protocol 999")
        .assert_stderr_contains("9.9.9")
        .assert_stderr_contains("same release");
    assert!(!sandbox.exists("app.enc.yaml"), "nothing is written");
    let rest = std::fs::read(sandbox.path("fake-secret-aws.rest")).unwrap_or_default();
    assert!(rest.is_empty(), "nothing is sent after a refused handshake");
}

#[test]
fn a_secret_aws_only_on_path_is_not_used() {
    let sandbox = Sandbox::new();
    // `secret` alone in a directory, with another secret-aws only on PATH.
    let alone = sandbox.path("alone");
    std::fs::create_dir_all(&alone).expect("dir");
    let copy = alone.join("secret");
    std::fs::copy(&secret().path, &copy).expect("copy secret");
    let on_path = sandbox.path("on-path");
    std::fs::create_dir_all(&on_path).expect("dir");
    let marker = sandbox.path("companion-ran");
    script(
        &on_path.join("secret-aws"),
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
    let run = encrypt_for_kms(&sandbox, &tool, &[("PATH", path.as_str())]);
    run.expect_code(1)
        .assert_stderr_contains("secret-aws next to secret")
        .assert_stderr_contains("SECRET_AWS_COMPANION");
    assert!(!marker.exists(), "the secret-aws on PATH was run");
    assert!(!sandbox.exists("app.enc.yaml"), "nothing is written");
}
