//! AWS KMS keys against moto's local KMS: `secret` and the real sops 3.11 open each
//! other's files, alone and mixed with age keys and Shamir groups; the metadata entries
//! are written as sops writes them; failures are explained; and without AWS nothing waits
//! for it.
#![cfg(feature = "aws")]

mod common;

use std::time::{Duration, Instant};

use common::data::parse;
use common::*;
use serde_json::Value;

/// Plaintexts with string values only, which both tools give back unchanged.
const PLAINTEXTS: [(&str, &str); 2] = [
    (
        "app.yaml",
        "db:\n    password: hunter2-pass\n    user: admin\ntoken: abc123-token\n",
    ),
    (
        "app.json",
        "{\n\t\"db\": {\n\t\t\"password\": \"hunter2-pass\",\n\t\t\"user\": \"admin\"\n\t},\n\t\"token\": \"abc123-token\"\n}\n",
    ),
];

/// A key ARN in moto's account and region that no test creates.
const UNKNOWN_ARN: &str =
    "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000";

/// The peers and a private moto, or `None` (outside CI) when one is missing.
struct Kit {
    t: Tools,
    moto: Moto,
}

fn kit() -> Option<Kit> {
    Some(Kit {
        t: tools()?,
        moto: moto()?,
    })
}

/// `tool encrypt FLAGS name` with `aws`, written to `out`. Panics if it fails.
fn encrypt_with(sandbox: &Sandbox, tool: &Tool, aws: &Aws, flags: &[&str], name: &str, out: &str) {
    let args: Vec<&str> = ["encrypt"]
        .iter()
        .chain(flags)
        .chain([&name])
        .copied()
        .collect();
    let run = aws.run(sandbox, tool, &args, &[]).success();
    sandbox.write(out, &run.stdout);
}

/// `tool ARGS` with `aws` and only the age `identities` (none: no age key at all).
fn run_with_keys(
    sandbox: &Sandbox,
    tool: &Tool,
    keys: &Keys,
    aws: &Aws,
    args: &[&str],
    identities: &[Key],
) -> Run {
    if identities.is_empty() {
        return aws.run(sandbox, tool, args, &[]);
    }
    let key_file = keys.key_file_for(sandbox, identities);
    aws.run(sandbox, tool, args, &[("SOPS_AGE_KEY_FILE", &key_file)])
}

/// Asserts that `tool` decrypts `name` to `plaintext` with `aws` and `identities`.
fn assert_opens(
    sandbox: &Sandbox,
    tool: &Tool,
    keys: &Keys,
    (aws, identities): (&Aws, &[Key]),
    name: &str,
    plaintext: &str,
) {
    let run = run_with_keys(sandbox, tool, keys, aws, &["decrypt", name], identities);
    let context = format!("{} decrypt {name} with {identities:?}", tool.name);
    assert_eq!(run.code, 0, "{context} failed:\n{}", run.stderr);
    assert_same_data(
        Format::of(name),
        plaintext.as_bytes(),
        &run.stdout,
        &context,
    );
}

/// Asserts that `tool` refuses `name` with `aws` and `identities`: exit 128, no output.
fn assert_refused(
    sandbox: &Sandbox,
    tool: &Tool,
    keys: &Keys,
    (aws, identities): (&Aws, &[Key]),
    name: &str,
) -> Run {
    let run = run_with_keys(sandbox, tool, keys, aws, &["decrypt", name], identities);
    run.expect_code(128);
    assert!(run.stdout.is_empty(), "{} printed data", run.what);
    run
}

/// Every (encrypter, decrypter) pair that crosses the two tools, and secret with itself.
fn tool_pairs(t: &Tools) -> [(&Tool, &Tool); 3] {
    [
        (&t.secret, &t.sops),
        (&t.sops, &t.secret),
        (&t.secret, &t.secret),
    ]
}

#[test]
fn kms_files_with_a_context_open_in_both_directions() {
    let Some(k) = kit() else { return };
    let arn = k.moto.create_key();
    let aws = Aws::Moto(&k.moto);
    for (name, plaintext) in PLAINTEXTS {
        for (encrypter, decrypter) in tool_pairs(&k.t) {
            let sandbox = Sandbox::new();
            sandbox.write(name, plaintext.as_bytes());
            let encrypted = encrypted_name(encrypter, name);
            let flags = ["--kms", &arn, "--encryption-context", "app:x"];
            encrypt_with(&sandbox, encrypter, &aws, &flags, name, &encrypted);
            assert_opens(
                &sandbox,
                decrypter,
                &k.t.keys,
                (&aws, &[]),
                &encrypted,
                plaintext,
            );
        }
    }
}

#[test]
fn a_changed_encryption_context_is_refused_naming_key_and_context() {
    let Some(k) = kit() else { return };
    let arn = k.moto.create_key();
    let aws = Aws::Moto(&k.moto);
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    let flags = ["--kms", &arn, "--encryption-context", "app:x"];
    encrypt_with(&sandbox, &k.t.secret, &aws, &flags, name, "enc.yaml");
    let text = String::from_utf8(sandbox.read("enc.yaml")).unwrap();
    assert_eq!(
        text.matches("app: x").count(),
        1,
        "one stored context:\n{text}"
    );
    sandbox.write("enc.yaml", text.replace("app: x", "app: y").as_bytes());

    let run = assert_refused(&sandbox, &k.t.secret, &k.t.keys, (&aws, &[]), "enc.yaml");
    run.assert_stderr_contains(&arn)
        .assert_stderr_contains("encryption context app:y")
        .assert_stderr_contains("wrong encryption context");
}

#[test]
fn age_and_kms_in_one_file_each_open_it_alone() {
    let Some(k) = kit() else { return };
    let arn = k.moto.create_key();
    let with_moto = Aws::Moto(&k.moto);
    for (name, plaintext) in PLAINTEXTS {
        for (encrypter, decrypter) in tool_pairs(&k.t) {
            let sandbox = Sandbox::new();
            sandbox.write(name, plaintext.as_bytes());
            let encrypted = encrypted_name(encrypter, name);
            let flags = ["--age", K1.recipient(), "--kms", &arn];
            encrypt_with(&sandbox, encrypter, &with_moto, &flags, name, &encrypted);
            let (keys, encrypted) = (&k.t.keys, &encrypted);
            assert_opens(
                &sandbox,
                decrypter,
                keys,
                (&Aws::Unconfigured, &[K1]),
                encrypted,
                plaintext,
            );
            assert_opens(
                &sandbox,
                decrypter,
                keys,
                (&with_moto, &[]),
                encrypted,
                plaintext,
            );
            assert_refused(
                &sandbox,
                decrypter,
                keys,
                (&Aws::NoCredentials(&k.moto), &[K2]),
                encrypted,
            );
        }
    }
}

#[test]
fn two_of_three_groups_mixing_kms_and_age() {
    let Some(k) = kit() else { return };
    let arn = k.moto.create_key();
    let config = format!(
        "creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - kms:\n          - arn: {arn}\n      \
         - age:\n          - {}\n      - age:\n          - {}\n",
        K1.recipient(),
        K2.recipient()
    );
    let (kms, no_kms) = (Aws::Moto(&k.moto), Aws::NoCredentials(&k.moto));
    let enough: [(&Aws, &[Key]); 3] = [(&kms, &[K1]), (&kms, &[K2]), (&no_kms, &[K1, K2])];
    let not_enough: [(&Aws, &[Key]); 3] = [(&kms, &[]), (&no_kms, &[K1]), (&no_kms, &[K2])];
    for (name, plaintext) in PLAINTEXTS {
        for (encrypter, decrypter) in tool_pairs(&k.t) {
            let sandbox = Sandbox::new();
            sandbox.write(".sops.yaml", config.as_bytes());
            sandbox.write(name, plaintext.as_bytes());
            let encrypted = encrypted_name(encrypter, name);
            encrypt_with(&sandbox, encrypter, &kms, &[], name, &encrypted);
            for access in enough {
                assert_opens(
                    &sandbox, decrypter, &k.t.keys, access, &encrypted, plaintext,
                );
            }
            for access in not_enough {
                assert_refused(&sandbox, decrypter, &k.t.keys, access, &encrypted);
            }
        }
    }
}

/// The KMS entries of an encrypted file's metadata, flat or in key groups.
fn kms_entries(name: &str, encrypted: &[u8]) -> Vec<Value> {
    let data = match parse(Format::of(name), encrypted).expect("an encrypted file parses") {
        common::data::Data::Yaml(docs) => docs.into_iter().next().expect("a document"),
        common::data::Data::Json(value) => value,
        other => panic!("not YAML or JSON: {other:?}"),
    };
    let sops = &data["sops"];
    let groups = sops["key_groups"].as_array().cloned().unwrap_or_default();
    std::iter::once(sops)
        .chain(&groups)
        .flat_map(|holder| holder["kms"].as_array().cloned().unwrap_or_default())
        .collect()
}

fn field_names(entry: &Value) -> Vec<&str> {
    entry
        .as_object()
        .expect("an entry is a map")
        .keys()
        .map(String::as_str)
        .collect()
}

/// Checks one entry against sops-format.md §3.3: field order, sorted context, profile.
fn assert_entry(entry: &Value, arn: &str, context: &[&str], profile: &str, what: &str) {
    let mut fields = vec!["arn"];
    if !context.is_empty() {
        fields.push("context");
    }
    fields.extend(["created_at", "enc", "aws_profile"]);
    assert_eq!(field_names(entry), fields, "{what}: fields of {entry}");
    assert_eq!(entry["arn"], arn, "{what}");
    assert_eq!(
        entry["aws_profile"], profile,
        "{what}: aws_profile is always written"
    );
    if !context.is_empty() {
        assert_eq!(
            field_names(&entry["context"]),
            context,
            "{what}: context keys sorted"
        );
    }
    let created = entry["created_at"].as_str().unwrap_or_default();
    assert!(
        regex::Regex::new(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
            .unwrap()
            .is_match(created),
        "{what}: created_at {created:?}"
    );
}

#[test]
fn sops_yaml_kms_rules_are_written_as_sops_writes_them() {
    let Some(k) = kit() else { return };
    let (flat_a, flat_b, grouped) = (
        k.moto.create_key(),
        k.moto.create_key(),
        k.moto.create_key(),
    );
    let config = format!(
        "creation_rules:\n  - path_regex: ^flat\\.\n    kms: {flat_a},{flat_b}\n  - path_regex: ^grouped\\.\n    \
         key_groups:\n      - kms:\n          - arn: {grouped}\n            context:\n              zone: b\n              \
         app: x\n            aws_profile: dev\n"
    );
    let aws = Aws::Moto(&k.moto);
    for tool in [&k.t.secret, &k.t.sops] {
        for (plain_name, plaintext) in PLAINTEXTS {
            let sandbox = Sandbox::new();
            sandbox.write(".sops.yaml", config.as_bytes());
            sandbox.write("home/.aws/config", b"[profile dev]\nregion = us-east-1\n");
            sandbox.write(
                "home/.aws/credentials",
                b"[dev]\naws_access_key_id = test\naws_secret_access_key = test\n",
            );
            for rule in ["flat", "grouped"] {
                let name = format!("{rule}.{plain_name}");
                sandbox.write(&name, plaintext.as_bytes());
                encrypt_with(&sandbox, tool, &aws, &[], &name, "out");
                let encrypted = sandbox.read("out");
                let entries = kms_entries(&name, &encrypted);
                let what = format!("{} encrypt {name}", tool.name);
                if rule == "flat" {
                    assert_eq!(entries.len(), 2, "{what}: {entries:?}");
                    assert_entry(&entries[0], &flat_a, &[], "", &what);
                    assert_entry(&entries[1], &flat_b, &[], "", &what);
                } else {
                    assert_eq!(entries.len(), 1, "{what}: {entries:?}");
                    assert_entry(&entries[0], &grouped, &["app", "zone"], "dev", &what);
                }
                if Format::of(&name) == Format::Yaml && rule == "flat" {
                    let text = String::from_utf8_lossy(&encrypted);
                    assert!(text.contains("aws_profile: \"\""), "{what}:\n{text}");
                }
            }
        }
    }
}

#[test]
fn an_age_file_decrypts_at_once_without_any_aws() {
    let Some(t) = tools() else { return };
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    encrypt(&sandbox, &t.secret, name, &[K1], "enc.yaml");
    let started = Instant::now();
    assert_opens(
        &sandbox,
        &t.secret,
        &t.keys,
        (&Aws::Unconfigured, &[K1]),
        "enc.yaml",
        plaintext,
    );
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "decrypting took {took:?}");
}

/// A YAML file for age key 1 and a moto KMS key, encrypted by secret.
fn age_and_kms_file(k: &Kit, sandbox: &Sandbox) -> String {
    let arn = k.moto.create_key();
    let (name, plaintext) = PLAINTEXTS[0];
    sandbox.write(name, plaintext.as_bytes());
    let flags = ["--age", K1.recipient(), "--kms", &arn];
    encrypt_with(
        sandbox,
        &k.t.secret,
        &Aws::Moto(&k.moto),
        &flags,
        name,
        "enc.yaml",
    );
    arn
}

#[test]
fn decryption_order_puts_age_first_unless_told_and_verbose_names_failed_keys() {
    let Some(k) = kit() else { return };
    let sandbox = Sandbox::new();
    let arn = age_and_kms_file(&k, &sandbox);
    let no_kms = Aws::NoCredentials(&k.moto);
    let decrypt = |args: &[&str], env: &[(&str, &str)]| {
        let key_file = k.t.keys.key_file_for(&sandbox, &[K1]);
        let env: Vec<(&str, &str)> = [("SOPS_AGE_KEY_FILE", &*key_file)]
            .into_iter()
            .chain(env.iter().copied())
            .collect();
        no_kms.run(&sandbox, &k.t.secret, args, &env).success()
    };

    // age first by default: KMS is never asked, so even -v has nothing to report.
    let run = decrypt(&["-v", "decrypt", "enc.yaml"], &[]);
    assert_eq!(run.stderr, "", "default order asked KMS first");

    // KMS first: it fails, age decrypts; silent without -v, named with -v.
    let run = decrypt(
        &["decrypt", "--decryption-order", "kms,age", "enc.yaml"],
        &[],
    );
    assert_eq!(run.stderr, "", "a failed key is only reported with -v");
    for run in [
        decrypt(
            &["-v", "decrypt", "--decryption-order", "kms,age", "enc.yaml"],
            &[],
        ),
        decrypt(
            &["decrypt", "--verbose", "enc.yaml"],
            &[("SOPS_DECRYPTION_ORDER", "kms,age")],
        ),
    ] {
        run.assert_stderr_contains("warning")
            .assert_stderr_contains(&arn)
            .assert_stderr_contains("no AWS credentials");
        assert!(
            !run.stderr.contains("hunter2"),
            "a secret in the warning:\n{}",
            run.stderr
        );
    }
}

#[test]
fn without_credentials_kms_says_so() {
    let Some(k) = kit() else { return };
    let sandbox = Sandbox::new();
    let arn = age_and_kms_file(&k, &sandbox);
    let no_kms = Aws::NoCredentials(&k.moto);
    let run = no_kms.run(
        &sandbox,
        &k.t.secret,
        &["encrypt", "--kms", &arn, PLAINTEXTS[0].0],
        &[],
    );
    run.expect_failure();
    run.assert_stderr_contains("no AWS credentials");
    let run = assert_refused(&sandbox, &k.t.secret, &k.t.keys, (&no_kms, &[]), "enc.yaml");
    run.assert_stderr_contains(&arn)
        .assert_stderr_contains("no AWS credentials");
}

#[test]
fn an_unknown_key_is_named_as_missing() {
    let Some(k) = kit() else { return };
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    let run = Aws::Moto(&k.moto).run(
        &sandbox,
        &k.t.secret,
        &["encrypt", "--kms", UNKNOWN_ARN, name],
        &[],
    );
    run.expect_failure();
    run.assert_stderr_contains(UNKNOWN_ARN)
        .assert_stderr_contains("does not exist");
}
