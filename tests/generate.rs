//! `secret set --generate`: a random value of the length and charset asked for, stored
//! encrypted, never shown on the terminal or in any argument; sops reads it.

mod common;

use common::*;

#[test]
fn generated_values_are_stored_and_never_shown() {
    let Some(tools) = tools() else { return };
    let sandbox = Sandbox::new();
    sandbox.write("app.yaml", b"db:\n    user: app\n");
    encrypt(&sandbox, &tools.sops, "app.yaml", &[K1], "app.enc.yaml");
    let key = tools.keys.key_file_for(&sandbox, &[K1]);
    let env = [("SOPS_AGE_KEY_FILE", key.as_str())];

    let run = sandbox
        .secret(&["set", "app.enc.yaml", "db.password", "--generate"], &env)
        .success();
    let value = sandbox
        .secret(&["get", "app.enc.yaml", "db.password"], &env)
        .success()
        .stdout_text();
    assert_eq!(value.len(), 32);
    assert!(value.bytes().all(|b| b.is_ascii_alphanumeric()), "{value}");
    assert!(!run.stderr.contains(&value) && !run.stdout_text().contains(&value));
    run.assert_stderr_contains("32 alnum characters, 190 bits");
    // sops reads it, and the other value is as it was.
    let plain = sandbox
        .run(&tools.sops, &["decrypt", "app.enc.yaml"], &env)
        .success()
        .stdout_text();
    assert_eq!(
        plain,
        format!("db:\n    user: app\n    password: {value}\n")
    );

    for (charset, length, allowed) in [
        ("hex", "64", "0123456789abcdef"),
        ("digits", "6", "0123456789"),
        (
            "base64url",
            "43",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        ),
    ] {
        sandbox
            .secret(
                &[
                    "set",
                    "app.enc.yaml",
                    "token",
                    "--generate",
                    length,
                    "--charset",
                    charset,
                ],
                &env,
            )
            .success();
        let value = sandbox
            .secret(&["get", "app.enc.yaml", "token"], &env)
            .success()
            .stdout_text();
        assert_eq!(value.len().to_string(), length);
        assert!(
            value.chars().all(|c| allowed.contains(c)),
            "{charset}: {value}"
        );
    }
    // Two values are never the same.
    sandbox
        .secret(&["set", "app.enc.yaml", "a", "--generate"], &env)
        .success();
    sandbox
        .secret(&["set", "app.enc.yaml", "b", "--generate"], &env)
        .success();
    let get = |path: &str| {
        sandbox
            .secret(&["get", "app.enc.yaml", path], &env)
            .success()
            .stdout_text()
    };
    assert_ne!(get("a"), get("b"));
    // A value and --generate, or a bad length, are refused; the file stays as it was.
    let before = sandbox.read("app.enc.yaml");
    sandbox
        .secret(&["set", "app.enc.yaml", "a", "x", "--generate"], &env)
        .expect_code(2);
    sandbox
        .secret(&["set", "app.enc.yaml", "a", "--generate", "0"], &env)
        .expect_failure();
    sandbox
        .secret(&["set", "app.enc.yaml", "a", "--charset", "hex"], &env)
        .expect_code(2);
    assert_eq!(sandbox.read("app.enc.yaml"), before);
}
