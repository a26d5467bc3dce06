//! `--output-type`: the data converted to another format, on encrypt and on decrypt, and
//! read by sops 3.11.

mod common;

use common::*;

#[test]
fn encrypting_yaml_to_json_gives_sops_the_same_data() {
    let (Some(keys), Some(sops)) = (keys(), sops()) else {
        return;
    };
    let sandbox = Sandbox::new();
    let yaml = "# comment\napp:\n  name: demo\n  port: 8080\nlist: [a, b]\n";
    sandbox.write("c.yaml", yaml.as_bytes());
    let run = sandbox.secret(
        &[
            "encrypt",
            "--age",
            K1.recipient(),
            "--output-type",
            "json",
            "c.yaml",
        ],
        &[],
    );
    sandbox.write("c.enc.json", &run.success().stdout);
    let key_file = keys.key_file_for(&sandbox, &[K1]);
    let env = [("SOPS_AGE_KEY_FILE", key_file.as_str())];
    let expected = br#"{"app": {"name": "demo", "port": 8080}, "list": ["a", "b"]}"#;
    let by_sops = sandbox
        .run(&sops, &["decrypt", "c.enc.json"], &env)
        .success();
    assert_same_data(
        Format::Json,
        expected,
        &by_sops.stdout,
        "sops decrypting converted JSON",
    );
    let back = sandbox
        .secret(&["decrypt", "--output-type", "yaml", "c.enc.json"], &env)
        .success();
    assert_same_data(
        Format::Yaml,
        yaml.as_bytes(),
        &back.stdout,
        "secret converting back to YAML",
    );
}

#[test]
fn a_structure_cannot_become_dotenv() {
    let Some(keys) = keys() else { return };
    let sandbox = Sandbox::new();
    sandbox.write("n.yaml", b"db:\n  user: app\n");
    sandbox
        .secret(&["encrypt", "-i", "--age", K1.recipient(), "n.yaml"], &[])
        .success();
    let key_file = keys.key_file_for(&sandbox, &[K1]);
    let run = sandbox.secret(
        &["decrypt", "--output-type", "dotenv", "n.yaml"],
        &[("SOPS_AGE_KEY_FILE", &key_file)],
    );
    run.expect_code(4)
        .assert_stderr_contains("`db` is a structure");
}
