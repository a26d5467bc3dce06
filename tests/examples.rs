//! examples/demo runs as its README says: each file decrypts with the demo key, and the
//! script gets the values through `secret exec`.

mod common;

use std::path::PathBuf;

use common::{Run, Sandbox, secret};

const FILES: [&str; 4] = [
    "config.enc.yaml",
    "config.enc.json",
    "app.enc.env",
    "app.enc.ini",
];

fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/demo")
}

/// `secret` run inside examples/demo with only the demo key (nothing is written there).
fn in_demo(sandbox: &Sandbox, args: &[&str]) -> Run {
    let key = demo().join("demo.agekey");
    sandbox.run_adjusted(&secret(), args, &[], |command| {
        command.current_dir(demo()).env("SOPS_AGE_KEY_FILE", key);
    })
}

#[test]
fn every_demo_file_decrypts_with_the_demo_key() {
    let sandbox = Sandbox::new();
    for (file, expected) in FILES.iter().zip([
        "password: demo-db-password",
        "\"password\": \"demo-smtp-password\"",
        "API_TOKEN=demo-api-token",
        "url = redis://cache.internal:6379/0",
    ]) {
        let plain = in_demo(&sandbox, &["decrypt", file])
            .success()
            .stdout_text();
        assert!(plain.contains(expected), "{file} decrypted to:\n{plain}");
    }
}

#[test]
fn the_demo_script_gets_every_format_through_exec() {
    let sandbox = Sandbox::new();
    let out = in_demo(&sandbox, &["exec", "--", "./show-config.sh"])
        .success()
        .stdout_text();
    for line in [
        "app:      demo-app",
        "database: db.internal (password 16 characters)",
        "mail:     demo-mailer",
        "cache:    redis://cache.internal:6379/0",
    ] {
        assert!(out.contains(line), "no `{line}` in:\n{out}");
    }
}

#[test]
fn recipients_marks_the_demo_key_as_held() {
    let sandbox = Sandbox::new();
    let out = in_demo(&sandbox, &["recipients", "app.enc.env"])
        .success()
        .stdout_text();
    assert!(out.contains("✓ age1"), "{out}");
    assert!(out.contains("you hold the keys"), "{out}");
    let without_key = sandbox.secret(
        &[
            "recipients",
            &demo().join("app.enc.env").display().to_string(),
        ],
        &[],
    );
    assert!(
        without_key
            .success()
            .stdout_text()
            .contains("✗ you hold keys for 0")
    );
}
