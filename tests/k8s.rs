//! `secret export --format k8s`: the manifest validates against the Kubernetes schema
//! (PyPI kubernetes-validate, strict), and a second YAML reader (PyYAML, as kubectl's
//! Python clients read it) decodes it back to exactly the values, multi-line and odd ones
//! included, in `stringData` and in base64 `data`. Keys Kubernetes rejects are refused.

mod common;

use std::collections::BTreeMap;

use base64::Engine;
use common::tools::{kubernetes_validate, venv_python};
use common::*;

/// Values that YAML could get wrong: line breaks at the end or not, leading spaces,
/// quotes, `#`, `: `, words YAML reads as booleans, unicode, CR LF, tabs, empty.
fn tricky() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "tls.crt",
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        ),
        ("no-final-newline", "line one\nline two"),
        ("two-final-newlines", "a\n\n"),
        ("leading_spaces", "  indented\nnext\n"),
        ("leading-blank-line", "\nafter a blank line\n"),
        ("quotes", "it's \"quoted\" # not a comment: really"),
        ("yes", "true"),
        ("number", "0123"),
        ("unicode", "héllo — 世界 🎉"),
        ("crlf", "one\r\ntwo\r\n"),
        ("tab", "a\tb\n\tc"),
        ("empty", ""),
        ("trailing-space", "x \ny  \n"),
    ]
}

/// JSON of the plaintext: keys as they are (every one a valid Secret key).
fn json_of(values: &[(&str, &str)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = values
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
        .collect();
    serde_json::to_string_pretty(&map).unwrap()
}

/// The manifest as JSON, read by PyYAML.
fn read_back(sandbox: &Sandbox, python: &Tool, manifest: &str) -> serde_json::Value {
    sandbox.write("manifest.yaml", manifest.as_bytes());
    let run = sandbox
        .run(
            python,
            &[
                "-c",
                "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
                "manifest.yaml",
            ],
            &[],
        )
        .success();
    serde_json::from_slice(&run.stdout).unwrap()
}

fn validate(sandbox: &Sandbox, validator: &Tool, manifest: &str) {
    sandbox.write("validate.yaml", manifest.as_bytes());
    let run = sandbox.run(validator, &["--strict", "validate.yaml"], &[]);
    assert_eq!(
        run.code,
        0,
        "kubernetes-validate refused:\n{manifest}\n{}{}",
        run.stdout_text(),
        run.stderr
    );
    assert!(
        run.stdout_text().contains("passed"),
        "{}",
        run.stdout_text()
    );
}

#[test]
fn the_manifest_validates_and_decodes_back_to_the_same_values() {
    let Some(tools) = tools() else { return };
    let Some(validator) = kubernetes_validate() else {
        return;
    };
    let Some(python) = venv_python() else { return };
    let sandbox = Sandbox::new();
    let values = tricky();
    sandbox.write("app.json", json_of(&values).as_bytes());
    // The files come from sops: a JSON file, and a dotenv file whose key wins.
    encrypt(&sandbox, &tools.sops, "app.json", &[K1], "web-app.enc.json");
    sandbox.write("more.env", b"DB_PASSWORD=s3cret\nyes=from dotenv\n");
    encrypt(&sandbox, &tools.sops, "more.env", &[K1], "more.enc.env");
    let key = tools.keys.key_file_for(&sandbox, &[K1]);
    let env = [("SOPS_AGE_KEY_FILE", key.as_str())];
    let mut expected: BTreeMap<String, String> = values
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    expected.insert("DB_PASSWORD".into(), "s3cret".into());
    expected.insert("yes".into(), "from dotenv".into());

    // stringData, the name from the file's.
    let run = sandbox
        .secret(&["export", "--format", "k8s", "web-app.enc.json"], &env)
        .success();
    let manifest = run.stdout_text();
    validate(&sandbox, &validator, &manifest);
    let doc = read_back(&sandbox, &python, &manifest);
    assert_eq!(doc["metadata"]["name"], "web-app");
    assert_eq!(doc["type"], "Opaque");
    let got: BTreeMap<String, String> = serde_json::from_value(doc["stringData"].clone()).unwrap();
    let only_json: BTreeMap<String, String> = values
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(got, only_json, "{manifest}");
    // Multi-line values are block scalars, not escaped strings.
    assert!(
        manifest.contains("  tls.crt: |\n    -----BEGIN CERTIFICATE-----\n"),
        "{manifest}"
    );

    // data, base64; two files; metadata flags.
    let run = sandbox
        .secret(
            &[
                "export",
                "--format",
                "k8s",
                "--k8s-data",
                "base64",
                "--name",
                "web",
                "--namespace",
                "prod",
                "--type",
                "kubernetes.io/tls",
                "--label",
                "app.kubernetes.io/name=web",
                "--label",
                "tier=backend",
                "-o",
                "secret.yaml",
                "web-app.enc.json",
                "more.enc.env",
            ],
            &env,
        )
        .success();
    assert!(run.stdout.is_empty());
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(sandbox.path("secret.yaml"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let manifest = String::from_utf8(sandbox.read("secret.yaml")).unwrap();
    validate(&sandbox, &validator, &manifest);
    let doc = read_back(&sandbox, &python, &manifest);
    assert_eq!(doc["metadata"]["namespace"], "prod");
    assert_eq!(doc["metadata"]["labels"]["tier"], "backend");
    assert_eq!(doc["type"], "kubernetes.io/tls");
    let data: BTreeMap<String, String> = serde_json::from_value(doc["data"].clone()).unwrap();
    let decoded: BTreeMap<String, String> = data
        .iter()
        .map(|(k, v)| {
            let bytes = base64::engine::general_purpose::STANDARD.decode(v).unwrap();
            (k.clone(), String::from_utf8(bytes).unwrap())
        })
        .collect();
    assert_eq!(decoded, expected);
}

#[test]
fn keys_kubernetes_rejects_are_errors_naming_them() {
    let Some(tools) = tools() else { return };
    let sandbox = Sandbox::new();
    let key = tools.keys.key_file_for(&sandbox, &[K1]);
    let env = [("SOPS_AGE_KEY_FILE", key.as_str())];
    sandbox.write("bad.json", br#"{"ok": "1", "has space": "2"}"#);
    encrypt(&sandbox, &secret(), "bad.json", &[K1], "bad.enc.json");
    let run = sandbox.secret(
        &[
            "export",
            "--format",
            "k8s",
            "bad.enc.json",
            "-o",
            "out.yaml",
        ],
        &env,
    );
    run.expect_code(1);
    run.assert_stderr_contains("bad.enc.json: `has space` is not a valid Kubernetes Secret key");
    assert!(run.stdout.is_empty());
    assert!(!sandbox.exists("out.yaml"));
    // Nested keys are joined with `_`; lists are refused by name.
    sandbox.write("nested.yaml", b"db:\n  host: h\nhosts: [a, b]\n");
    encrypt(&sandbox, &secret(), "nested.yaml", &[K1], "nested.enc.yaml");
    let run = sandbox.secret(&["export", "--format", "k8s", "nested.enc.yaml"], &env);
    run.expect_failure();
    run.assert_stderr_contains("`hosts` is a list");
    // Flags of the manifest need --format k8s, and bad metadata is refused.
    sandbox
        .secret(&["export", "--name", "x", "bad.enc.json"], &env)
        .expect_code(8);
    let run = sandbox.secret(
        &[
            "export",
            "--format",
            "k8s",
            "--name",
            "Not_Valid",
            "nested.enc.yaml",
        ],
        &env,
    );
    run.expect_failure();
    let run = sandbox.secret(
        &[
            "export",
            "--format",
            "k8s",
            "--label",
            "a=b c",
            "nested.enc.yaml",
        ],
        &env,
    );
    run.expect_code(2);
    run.assert_stderr_contains("not a valid label");
}
