//! A new user's first steps, in an empty HOME: keygen, init, encrypt, exec, and the
//! commands that explain the set-up (recipients, doctor).

mod common;

use common::{Run, Sandbox};

/// sops's default key file inside the sandbox's HOME.
const KEY_FILE: &str = "home/.config/sops/age/keys.txt";

fn public_key(run: &Run) -> String {
    let key = run.stdout_text().trim().to_string();
    assert!(key.starts_with("age1"), "not a recipient: {key}");
    key
}

#[cfg(unix)]
fn mode(sandbox: &Sandbox, name: &str) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(sandbox.path(name))
        .expect("exists")
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn keygen_writes_the_default_key_file_privately_and_never_again() {
    let sandbox = Sandbox::new();
    let recipient = public_key(&sandbox.secret(&["keygen"], &[]).success());
    let text = String::from_utf8(sandbox.read(KEY_FILE)).unwrap();
    assert!(text.contains(&format!("# public key: {recipient}\n")));
    assert!(text.contains("AGE-SECRET-KEY-1"));
    #[cfg(unix)]
    {
        assert_eq!(mode(&sandbox, KEY_FILE), 0o600);
        assert_eq!(mode(&sandbox, "home/.config/sops/age"), 0o700);
    }

    let again = sandbox.secret(&["keygen"], &[]);
    again
        .expect_failure()
        .assert_stderr_contains("exists already")
        .assert_stderr_contains("secret keygen -o FILE");
    assert_eq!(
        String::from_utf8(sandbox.read(KEY_FILE)).unwrap(),
        text,
        "the key file changed"
    );
}

#[test]
fn keygen_output_and_print() {
    let sandbox = Sandbox::new();
    let recipient = public_key(
        &sandbox
            .secret(&["keygen", "-o", "keys/ci.agekey"], &[])
            .success(),
    );
    assert!(
        String::from_utf8(sandbox.read("keys/ci.agekey"))
            .unwrap()
            .contains(&recipient)
    );
    let printed = sandbox.secret(&["keygen", "--print"], &[]).success();
    assert!(printed.stdout_text().contains("AGE-SECRET-KEY-1"));
    assert!(!sandbox.exists(KEY_FILE), "--print wrote a file");
}

#[test]
fn init_creates_a_key_and_a_config_then_encrypt_and_exec_work() {
    let sandbox = Sandbox::new();
    let init = sandbox.secret(&["init", "--yes"], &[]).success();
    assert!(
        init.stdout_text()
            .contains("git config diff.secret.textconv")
    );
    let config = String::from_utf8(sandbox.read(".sops.yaml")).unwrap();
    let key = String::from_utf8(sandbox.read(KEY_FILE)).unwrap();
    let recipient = key
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .expect("public key line");
    assert!(config.contains(recipient), "{config}");
    assert!(config.contains("default_environment: dev"), "{config}");

    sandbox.write("dev.enc.env", b"GREETING=hello\n");
    sandbox
        .secret(&["encrypt", "-i", "dev.enc.env"], &[])
        .success();
    let out = sandbox
        .secret(&["exec", "--", "sh", "-c", "echo $GREETING"], &[])
        .success();
    assert_eq!(out.stdout_text(), "hello\n");

    let recipients = sandbox
        .secret(&["recipients", "dev.enc.env"], &[])
        .success();
    assert!(recipients.stdout_text().contains(&format!("✓ {recipient}")));
}

#[test]
fn init_uses_an_existing_key_and_never_clobbers_the_config() {
    let sandbox = Sandbox::new();
    let mine = public_key(&sandbox.secret(&["keygen"], &[]).success());
    sandbox
        .secret(&["init", "--yes", "--path-regex", "^secrets/"], &[])
        .success();
    let config = String::from_utf8(sandbox.read(".sops.yaml")).unwrap();
    assert!(
        config.contains(&mine) && config.contains("'^secrets/'"),
        "{config}"
    );

    let again = sandbox.secret(&["init", "--yes"], &[]);
    again
        .expect_failure()
        .assert_stderr_contains("--force")
        .assert_stderr_contains("see: secret init --help");
    assert_eq!(
        String::from_utf8(sandbox.read(".sops.yaml")).unwrap(),
        config
    );

    let other = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
    sandbox
        .secret(&["init", "--yes", "--force", "--age", other], &[])
        .success();
    assert!(
        String::from_utf8(sandbox.read(".sops.yaml"))
            .unwrap()
            .contains(other)
    );
    sandbox
        .secret(&["init", "--yes", "--force", "--age", "age1nope"], &[])
        .expect_failure();
}

#[test]
fn doctor_passes_when_set_up_and_says_what_to_fix_otherwise() {
    let sandbox = Sandbox::new();
    let bare = sandbox.secret(&["doctor"], &[("EDITOR", "true")]);
    bare.expect_code(1);
    let text = bare.stdout_text();
    assert!(
        text.contains("✗ no age key found") && text.contains("secret keygen"),
        "{text}"
    );
    assert!(
        text.contains("✗ no .sops.yaml") && text.contains("secret init"),
        "{text}"
    );

    sandbox.secret(&["init", "--yes"], &[]).success();
    let ready = sandbox.secret(&["doctor", "app.enc.yaml"], &[("EDITOR", "true")]);
    ready.expect_code(0);
    let text = ready.stdout_text();
    assert!(
        text.contains("✓ age key in") && text.contains("✓ editor"),
        "{text}"
    );
    assert!(
        text.contains("the creation rule for app.enc.yaml"),
        "{text}"
    );
    assert!(
        !text.contains("AWS"),
        "no KMS in the project, no AWS check:\n{text}"
    );
}

#[test]
fn doctor_checks_aws_credentials_only_when_kms_is_used() {
    let sandbox = Sandbox::new();
    sandbox.write(
        ".sops.yaml",
        b"creation_rules:\n  - kms: arn:aws:kms:us-east-1:111122223333:key/x\n",
    );
    let run = sandbox.secret(&["doctor"], &[("EDITOR", "true")]);
    assert!(run.stdout_text().contains("AWS"), "{}", run.stdout_text());
}
