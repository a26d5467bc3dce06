//! The hand-over to the remote companion `secret-remote` (Vault, GCP KMS, Azure Key
//! Vault): a companion of another protocol version is refused by name and version before
//! anything is sent, a `secret-remote` found only on `PATH` is never run, and `secret`
//! itself carries no HTTP or TLS code (that is the companion's), so an age-only command
//! never loads any.
#![cfg(unix)]

mod common;

use std::path::Path;

use common::companions::CompanionUnderTest;
use common::*;

const REMOTE: CompanionUnderTest = CompanionUnderTest {
    binary: "secret-remote",
    variable: "SECRET_REMOTE_COMPANION",
    key_flags: &[
        "--hc-vault-transit",
        "http://127.0.0.1:1/v1/transit/keys/app",
    ],
    env: &[("VAULT_TOKEN", "root")],
};

#[test]
fn a_remote_companion_of_another_protocol_version_is_refused_with_both_versions() {
    REMOTE.assert_another_protocol_is_refused();
}

#[test]
fn a_secret_remote_only_on_path_is_not_used() {
    REMOTE.assert_one_only_on_path_is_not_used();
}

#[test]
fn the_companion_answers_its_handshake_and_refuses_what_it_cannot_read() {
    assert_remote_companion();
    let companion = secret().path.with_file_name("secret-remote");
    let output = std::process::Command::new(&companion)
        .arg("serve")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            let mut input = child.stdin.take().unwrap();
            input.write_all(
                b"{\"op\":\"hello\",\"protocol\":1,\"version\":\"0\"}\n{\"op\":\"no_such_request\"}\n",
            )?;
            drop(input);
            child.wait_with_output()
        })
        .expect("run secret-remote serve");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with(r#"{"hello":{"protocol":1,"#), "{text}");
    assert!(
        lines[1].starts_with(r#"{"failed":{"protocol":"unreadable request"#),
        "{text}"
    );
}

/// The architectural line: `secret` holds no HTTP client and no TLS (neither ureq, nor
/// rustls, nor ring's primitives); they live in `secret-remote`, started only for a key
/// that needs them. A debug build keeps every crate's symbol names, so their absence shows
/// the code is not there at all.
#[test]
fn secret_itself_carries_no_http_or_tls_code() {
    let names = ["ureq", "rustls", "ring_core_0_17", "webpki"];
    let found = contained(&secret().path, &names);
    assert!(
        found.is_empty(),
        "the secret binary contains {found:?}: HTTP and TLS code belongs in secret-remote"
    );
    assert_remote_companion();
    if std::env::var_os("SECRET_TEST_BIN").is_none() {
        // The debug companion names its crates: the check above looks for the right names.
        let companion = secret().path.with_file_name("secret-remote");
        assert!(contained(&companion, &names).contains(&"rustls".to_string()));
    }
}

/// Which of `names` occur in the bytes of `file` (grep: fast over a large debug binary).
fn contained(file: &Path, names: &[&str]) -> Vec<String> {
    names
        .iter()
        .filter(|name| {
            std::process::Command::new("grep")
                .args(["-q", "-a", "-F", name])
                .arg(file)
                .status()
                .expect("run grep")
                .success()
        })
        .map(|name| name.to_string())
        .collect()
}
