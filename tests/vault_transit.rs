//! HashiCorp Vault transit keys against a real OpenBao dev server (same transit API):
//! `secret` and the real sops 3.11 open each other's files in every format, alone, mixed
//! with age keys and in Shamir groups; the metadata is byte for byte what sops writes;
//! keys come from flags, environment variables and `.sops.yaml` rules, in secret's CLI and
//! in its sops front end; rotate, updatekeys, set and edit keep working; and a wrong
//! token, a missing one or an unreachable server each fail clearly, writing nothing.

mod common;

use std::time::{Duration, Instant};

use common::stub::Silent;
use common::*;

/// Plaintexts with string values only, which both tools give back unchanged.
const PLAINTEXTS: [(&str, &str); 4] = [
    (
        "app.yaml",
        "db:\n    password: hunter2-pass\n    user: admin\ntoken: abc123-token\n",
    ),
    (
        "app.json",
        "{\n\t\"db\": {\n\t\t\"password\": \"hunter2-pass\",\n\t\t\"user\": \"admin\"\n\t},\n\t\"token\": \"abc123-token\"\n}\n",
    ),
    ("app.env", "DB_PASSWORD=hunter2-pass\nTOKEN=abc123-token\n"),
    (
        "app.ini",
        "[db]\npassword = hunter2-pass\nuser     = admin\n",
    ),
];

struct Kit {
    t: Tools,
    bao: Bao,
}

fn kit() -> Option<Kit> {
    assert_remote_companion();
    Some(Kit {
        t: tools()?,
        bao: bao()?,
    })
}

impl Kit {
    /// `tool ARGS` in `sandbox`, with the Vault token (when `token`) and the age
    /// `identities`.
    fn run(
        &self,
        sandbox: &Sandbox,
        tool: &Tool,
        args: &[&str],
        token: Option<&str>,
        identities: &[Key],
    ) -> Run {
        let mut env: Vec<(&str, String)> = vec![("VAULT_ADDR", self.bao.address())];
        if let Some(token) = token {
            env.push(("VAULT_TOKEN", token.to_string()));
        }
        if !identities.is_empty() {
            env.push((
                "SOPS_AGE_KEY_FILE",
                self.t.keys.key_file_for(sandbox, identities),
            ));
        }
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        sandbox.run(tool, args, &env)
    }

    fn tool_pairs(&self) -> [(&Tool, &Tool); 3] {
        let (secret, sops) = (&self.t.secret, &self.t.sops);
        [(secret, sops), (sops, secret), (secret, secret)]
    }
}

const ROOT: Option<&str> = Some(bao::ROOT_TOKEN);

/// Asserts that `tool` decrypts `name` to `plaintext` with `token` and `identities`.
fn assert_opens(
    k: &Kit,
    sandbox: &Sandbox,
    tool: &Tool,
    (token, identities): (Option<&str>, &[Key]),
    name: &str,
    plaintext: &str,
) {
    let run = k.run(sandbox, tool, &["decrypt", name], token, identities);
    let context = format!(
        "{} decrypt {name} with token {token:?} and {identities:?}",
        tool.name
    );
    assert_eq!(run.code, 0, "{context} failed:\n{}", run.stderr);
    assert_same_data(
        Format::of(name),
        plaintext.as_bytes(),
        &run.stdout,
        &context,
    );
}

/// Asserts that `tool` cannot decrypt `name`: exit 128 and nothing on stdout.
fn assert_refused(
    k: &Kit,
    sandbox: &Sandbox,
    tool: &Tool,
    (token, identities): (Option<&str>, &[Key]),
    name: &str,
) -> Run {
    let run = k.run(sandbox, tool, &["decrypt", name], token, identities);
    run.expect_code(128);
    assert!(run.stdout.is_empty(), "{} printed data", run.what);
    run
}

#[test]
fn vault_files_open_in_both_directions_in_every_format() {
    let Some(k) = kit() else { return };
    let uri = k.bao.create_key("app");
    for (name, plaintext) in PLAINTEXTS {
        for (encrypter, decrypter) in k.tool_pairs() {
            let sandbox = Sandbox::new();
            sandbox.write(name, plaintext.as_bytes());
            let run = k.run(
                &sandbox,
                encrypter,
                &["encrypt", "--hc-vault-transit", &uri, name],
                ROOT,
                &[],
            );
            let encrypted = encrypted_name(encrypter, name);
            sandbox.write(&encrypted, &run.success().stdout);
            assert_opens(&k, &sandbox, decrypter, (ROOT, &[]), &encrypted, plaintext);
            let run = assert_refused(&k, &sandbox, decrypter, (None, &[K1]), &encrypted);
            if decrypter.name == "secret" {
                run.assert_stderr_contains(&uri)
                    .assert_stderr_contains("VAULT_TOKEN");
            }
        }
    }
}

/// `secret` encrypts for `flags` (an age key among them); sops then changes one value of
/// the file, writing its metadata afresh from what it read: that must be what `secret`
/// wrote, byte for byte. And the other way round: `secret` re-emits sops's metadata as
/// sops wrote it.
fn assert_metadata_as_sops_writes_it(k: &Kit, config: Option<&str>, flags: &[&str]) {
    for (name, plaintext) in PLAINTEXTS {
        let format = Format::of(name);
        for (encrypter, rewriter) in [(&k.t.secret, &k.t.sops), (&k.t.sops, &k.t.secret)] {
            let sandbox = Sandbox::new();
            if let Some(config) = config {
                sandbox.write(".sops.yaml", config.as_bytes());
            }
            sandbox.write(name, plaintext.as_bytes());
            let mut args = vec!["encrypt"];
            args.extend(flags);
            args.push(name);
            let run = k.run(&sandbox, encrypter, &args, ROOT, &[]).success();
            sandbox.write("enc", &run.stdout);
            let written = metadata_lines(format, &run.stdout);
            let path = if name.ends_with(".env") {
                r#"["TOKEN"]"#
            } else if name.ends_with(".ini") {
                r#"["db"]["user"]"#
            } else {
                r#"["token"]"#
            };
            let encrypted = format!("re-{name}");
            sandbox.write(&encrypted, &run.stdout);
            // sops's own `set` (secret's through its sops front end).
            let mut set = vec!["set", &encrypted, path, r#""changed""#];
            if rewriter.name == "secret" {
                set.insert(0, "sops");
            }
            let run = k.run(&sandbox, rewriter, &set, ROOT, &[K1]);
            run.success();
            let rewritten = metadata_lines(format, &sandbox.read(&encrypted));
            assert_eq!(
                written, rewritten,
                "{name}: metadata written by {} differs from {}'s after `set`",
                encrypter.name, rewriter.name
            );
        }
    }
}

#[test]
fn vault_and_age_metadata_is_written_as_sops_writes_it() {
    let Some(k) = kit() else { return };
    let first = k.bao.create_key("first");
    let second = k.bao.create_key("second");
    let both = format!("{first},{second}");
    let flags = ["--hc-vault-transit", &both, "--age", K1.recipient()];
    assert_metadata_as_sops_writes_it(&k, None, &flags);
}

#[test]
fn two_of_three_groups_mixing_vault_and_age() {
    let Some(k) = kit() else { return };
    let (one, two) = (k.bao.create_key("group0"), k.bao.create_key("group2"));
    let config = format!(
        "creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - hc_vault:\n          - {one}\n      \
         - age:\n          - {}\n      - hc_vault: [{two}]\n        age: [{}]\n",
        K1.recipient(),
        K2.recipient()
    );
    let enough: [(Option<&str>, &[Key]); 4] = [
        (ROOT, &[]),
        (ROOT, &[K1]),
        (None, &[K1, K2]),
        (Some("wrong"), &[K1, K2]),
    ];
    let not_enough: [(Option<&str>, &[Key]); 3] =
        [(None, &[K1]), (None, &[K2]), (Some("wrong"), &[K3])];
    for (name, plaintext) in PLAINTEXTS {
        for (encrypter, decrypter) in k.tool_pairs() {
            let sandbox = Sandbox::new();
            sandbox.write(".sops.yaml", config.as_bytes());
            sandbox.write(name, plaintext.as_bytes());
            let run = k
                .run(&sandbox, encrypter, &["encrypt", name], ROOT, &[])
                .success();
            let encrypted = encrypted_name(encrypter, name);
            sandbox.write(&encrypted, &run.stdout);
            for access in enough {
                assert_opens(&k, &sandbox, decrypter, access, &encrypted, plaintext);
            }
            for access in not_enough {
                assert_refused(&k, &sandbox, decrypter, access, &encrypted);
            }
        }
    }
    // The groups' metadata, `hc_vault: []` and `age: []` of groups without them included.
    assert_metadata_as_sops_writes_it(&k, Some(&config), &[]);
}

#[test]
fn rules_variables_and_the_sops_front_end_name_vault_keys() {
    let Some(k) = kit() else { return };
    let (a, b) = (k.bao.create_key("rule-a"), k.bao.create_key("rule-b"));
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    sandbox.write(
        ".sops.yaml",
        format!("creation_rules:\n  - path_regex: rule\\.yaml$\n    hc_vault_transit_uri: [{a}]\n  - age: {}\n", K1.recipient())
            .as_bytes(),
    );
    sandbox.write("rule.yaml", plaintext.as_bytes());

    // A creation rule, in secret's own CLI and as sops.
    for args in [
        &["encrypt", "rule.yaml"][..],
        &["sops", "encrypt", "rule.yaml"][..],
    ] {
        let run = k.run(&sandbox, &k.t.secret, args, ROOT, &[]).success();
        sandbox.write("from-rule.yaml", &run.stdout);
        assert!(
            run.stdout_text().contains("key_name: rule-a"),
            "{}",
            run.stdout_text()
        );
        assert_opens(
            &k,
            &sandbox,
            &k.t.sops,
            (ROOT, &[]),
            "from-rule.yaml",
            plaintext,
        );
    }

    // SOPS_VAULT_URIS, in both front ends.
    for args in [&["encrypt", name][..], &["sops", "encrypt", name][..]] {
        let mut env = k.bao.env().to_vec();
        env.push(("SOPS_VAULT_URIS", b.clone()));
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let run = sandbox.run(&k.t.secret, args, &env).success();
        assert!(run.stdout_text().contains("key_name: rule-b"), "{args:?}");
    }

    // rotate --add/--rm as sops has them, and groups add.
    let run = k
        .run(
            &sandbox,
            &k.t.secret,
            &["sops", "encrypt", "--age", K1.recipient(), name],
            ROOT,
            &[],
        )
        .success();
    sandbox.write("rot.yaml", &run.stdout);
    k.run(
        &sandbox,
        &k.t.secret,
        &[
            "sops",
            "rotate",
            "-i",
            "--add-hc-vault-transit",
            &a,
            "rot.yaml",
        ],
        ROOT,
        &[K1],
    )
    .success();
    assert_opens(&k, &sandbox, &k.t.sops, (ROOT, &[]), "rot.yaml", plaintext);
    k.run(
        &sandbox,
        &k.t.sops,
        &["rotate", "-i", "--rm-hc-vault-transit", &a, "rot.yaml"],
        ROOT,
        &[K1],
    )
    .success();
    assert_refused(&k, &sandbox, &k.t.secret, (ROOT, &[]), "rot.yaml");
    k.run(
        &sandbox,
        &k.t.secret,
        &[
            "sops",
            "groups",
            "add",
            "--file",
            "rot.yaml",
            "--hc-vault-transit",
            &b,
            "-i",
        ],
        ROOT,
        &[K1],
    )
    .success();
    let text = String::from_utf8(sandbox.read("rot.yaml")).unwrap();
    assert!(
        text.contains("key_groups:") && text.contains("key_name: rule-b"),
        "{text}"
    );
    assert_opens(
        &k,
        &sandbox,
        &k.t.sops,
        (ROOT, &[K1]),
        "rot.yaml",
        plaintext,
    );
    assert_refused(&k, &sandbox, &k.t.sops, (ROOT, &[]), "rot.yaml");
}

#[test]
fn rotate_updatekeys_set_and_edit_keep_vault_keys() {
    let Some(k) = kit() else { return };
    let uri = k.bao.create_key("keep");
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    sandbox.write(
        ".sops.yaml",
        format!("creation_rules:\n  - age: {}\n", K1.recipient()).as_bytes(),
    );
    let run = k
        .run(&sandbox, &k.t.secret, &["encrypt", name], ROOT, &[])
        .success();
    sandbox.write("f.yaml", &run.stdout);

    // The rule gains the Vault key: updatekeys wraps the same data key for it.
    sandbox.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - age: {}\n    hc_vault_transit_uri: {uri}\n",
            K1.recipient()
        )
        .as_bytes(),
    );
    k.run(
        &sandbox,
        &k.t.secret,
        &["updatekeys", "--yes", "f.yaml"],
        ROOT,
        &[K1],
    )
    .success();
    assert_opens(&k, &sandbox, &k.t.sops, (ROOT, &[]), "f.yaml", plaintext);
    let again = k.run(
        &sandbox,
        &k.t.secret,
        &["updatekeys", "--yes", "f.yaml"],
        ROOT,
        &[],
    );
    again.success().assert_stderr_contains("already");

    // rotate, set and edit with the Vault key alone.
    k.run(&sandbox, &k.t.secret, &["rotate", "f.yaml"], ROOT, &[])
        .success();
    k.run(
        &sandbox,
        &k.t.secret,
        &["set", "f.yaml", "token", "rotated"],
        ROOT,
        &[],
    )
    .success();
    let editor = sandbox.write("ed.sh", b"#!/bin/sh\nsed -i 's/admin/root/' \"$1\"\n");
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let editor = editor.display().to_string();
    let mut env = k.bao.env().to_vec();
    env.push(("EDITOR", editor));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    sandbox
        .run(&k.t.secret, &["edit", "f.yaml"], &env)
        .success();
    let expected = "db:\n    password: hunter2-pass\n    user: root\ntoken: rotated\n";
    assert_opens(&k, &sandbox, &k.t.sops, (ROOT, &[]), "f.yaml", expected);
    assert_opens(&k, &sandbox, &k.t.sops, (None, &[K1]), "f.yaml", expected);
}

#[test]
fn a_wrong_or_missing_token_and_an_unreachable_vault_fail_clearly() {
    let Some(k) = kit() else { return };
    let uri = k.bao.create_key("guarded");
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    let encrypt = [
        "encrypt",
        "-o",
        "out.yaml",
        "--hc-vault-transit",
        &uri,
        name,
    ];

    // Encrypting: exit 1 as sops, the key named with the fix, nothing written.
    for (token, says) in [(Some("wrong"), "403"), (None, "no Vault credentials")] {
        let run = k.run(&sandbox, &k.t.secret, &encrypt, token, &[]);
        run.expect_code(1)
            .assert_stderr_contains(&uri)
            .assert_stderr_contains(says)
            .assert_stderr_contains("VAULT_TOKEN");
        assert!(!sandbox.exists("out.yaml"), "nothing is written");
        let sops = k.run(&sandbox, &k.t.sops, &encrypt, token, &[]);
        assert_eq!(run.code, sops.code, "sops: {}", sops.stderr);
    }

    // Decrypting: exit 128, as sops.
    let run = k.run(
        &sandbox,
        &k.t.secret,
        &["encrypt", "--hc-vault-transit", &uri, name],
        ROOT,
        &[],
    );
    sandbox.write("enc.yaml", &run.success().stdout);
    for token in [Some("wrong"), None] {
        for tool in [&k.t.secret, &k.t.sops] {
            assert_refused(&k, &sandbox, tool, (token, &[]), "enc.yaml");
        }
    }
    // ~/.vault-token stands in for VAULT_TOKEN, as in Vault's own client.
    sandbox.write("home/.vault-token", b"root\n");
    assert_opens(
        &k,
        &sandbox,
        &k.t.secret,
        (None, &[]),
        "enc.yaml",
        plaintext,
    );
    std::fs::remove_file(sandbox.path("home/.vault-token")).unwrap();

    // Nobody listening: the address is named, quickly.
    let closed = format!("http://127.0.0.1:{}/v1/transit/keys/k", moto::free_port());
    let started = Instant::now();
    let run = k.run(
        &sandbox,
        &k.t.secret,
        &[
            "encrypt",
            "-o",
            "out.yaml",
            "--hc-vault-transit",
            &closed,
            name,
        ],
        ROOT,
        &[],
    );
    run.expect_code(1)
        .assert_stderr_contains("cannot reach")
        .assert_stderr_contains(closed.trim_end_matches("/v1/transit/keys/k"));
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(!sandbox.exists("out.yaml"));

    // A server that never answers: the timeout ends the wait.
    let silent = Silent::start();
    let hung = format!("{}/v1/transit/keys/k", silent.url());
    let started = Instant::now();
    let mut env = vec![
        ("VAULT_TOKEN", "root".to_string()),
        ("SECRET_REMOTE_TIMEOUT", "1".to_string()),
    ];
    env.push(("VAULT_ADDR", k.bao.address()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let run = sandbox.run(
        &k.t.secret,
        &[
            "encrypt",
            "-o",
            "out.yaml",
            "--hc-vault-transit",
            &hung,
            name,
        ],
        &env,
    );
    run.expect_code(1)
        .assert_stderr_contains("no answer within 1 s");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(!sandbox.exists("out.yaml"));

    // A malformed URI, named with its expected shape.
    let run = k.run(
        &sandbox,
        &k.t.secret,
        &[
            "encrypt",
            "--hc-vault-transit",
            "http://127.0.0.1:1/transit/k",
            name,
        ],
        ROOT,
        &[],
    );
    run.expect_code(1)
        .assert_stderr_contains("not a Vault transit key URI")
        .assert_stderr_contains("/v1/transit/keys/NAME");
}

#[test]
fn recipients_and_doctor_name_vault_keys() {
    let Some(k) = kit() else { return };
    let uri = k.bao.create_key("shown");
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    sandbox.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - hc_vault_transit_uri: {uri}\n    age: {}\n",
            K1.recipient()
        )
        .as_bytes(),
    );
    let run = k
        .run(&sandbox, &k.t.secret, &["encrypt", name], ROOT, &[])
        .success();
    sandbox.write("shown.enc.yaml", &run.stdout);
    let run = k.run(
        &sandbox,
        &k.t.secret,
        &["recipients", "shown.enc.yaml"],
        None,
        &[K1],
    );
    let out = run.success().stdout_text();
    assert!(out.contains(&format!("{uri} (Vault transit)")), "{out}");

    let doctor = k.run(&sandbox, &k.t.secret, &["doctor"], None, &[K1]);
    let out = doctor.stdout_text();
    assert!(out.contains("secret-remote"), "{out}");
    assert!(out.contains("no Vault token was found"), "{out}");
    let doctor = k.run(&sandbox, &k.t.secret, &["doctor"], ROOT, &[K1]);
    let out = doctor.stdout_text();
    assert!(
        out.contains("Vault token for the Vault transit keys"),
        "{out}"
    );
}
