//! Bad input: every case exits non-zero with sops's code where sops has one, explains
//! itself on stderr naming the file (and line:column for syntax errors), never panics, and
//! writes nothing: no `-o` output appears and `-i` leaves the file's bytes alone.

mod common;

use regex::Regex;

use common::data::show;
use common::tamper::break_value_envelope;
use common::*;

/// What a refusal must look like.
struct Expect {
    /// sops's exit code for the case, when the case pins one.
    code: Option<i32>,
    /// A name stderr must mention (the file at fault).
    names: &'static str,
    /// Whether stderr must give a `line:column` position.
    position: bool,
    /// Other text stderr must contain.
    mentions: Option<&'static str>,
}

const INVALID_INPUT: i32 = 2;
const NO_FILE: i32 = 100;
const ALREADY_ENCRYPTED: i32 = 203;
const GENERIC: i32 = 1;

fn syntax_error(file: &'static str) -> Expect {
    Expect {
        code: Some(INVALID_INPUT),
        names: file,
        position: true,
        mentions: None,
    }
}

fn plain_error(code: Option<i32>, file: &'static str) -> Expect {
    Expect {
        code,
        names: file,
        position: false,
        mentions: None,
    }
}

/// Runs `secret <args…> FILE` three ways: to stdout, with `-o`, and with `-i`. Each must
/// be refused as `expect` says, and write nothing.
fn assert_refused(
    sandbox: &Sandbox,
    args: &[&str],
    file: &str,
    env: &[(&str, &str)],
    expect: &Expect,
) {
    let before = sandbox.exists(file).then(|| sandbox.read(file));
    let out = format!("out-{file}");
    for output_flags in [&[][..], &["-o", &out], &["-i"]] {
        let mut full: Vec<&str> = args.to_vec();
        full.extend(output_flags);
        full.push(file);
        let run = sandbox.secret(&full, env);
        check_refusal(&run, expect);
        assert!(!sandbox.exists(&out), "`{}` wrote {out}", run.what);
        let after = sandbox.exists(file).then(|| sandbox.read(file));
        assert!(after == before, "`{}` changed or created {file}", run.what);
    }
}

fn check_refusal(run: &Run, expect: &Expect) {
    run.expect_failure();
    if let Some(code) = expect.code {
        run.expect_code(code);
    }
    assert!(
        run.stdout.is_empty(),
        "`{}` printed on stdout:\n{}",
        run.what,
        run.stdout_text()
    );
    run.assert_stderr_contains(expect.names);
    if expect.position {
        let position = Regex::new(r"\d+:\d+").unwrap();
        assert!(
            position.is_match(&run.stderr),
            "no line:column in:\n{}",
            run.stderr
        );
    }
    if let Some(text) = expect.mentions {
        run.assert_stderr_contains(text);
    }
}

/// `secret encrypt --age key1` refuses `content` saved as `file`.
fn assert_encrypt_refuses(file: &'static str, content: &[u8], expect: Expect) {
    let sandbox = Sandbox::new();
    sandbox.write(file, content);
    assert_refused(
        &sandbox,
        &["encrypt", "--age", K1.recipient()],
        file,
        &[],
        &expect,
    );
}

/// `secret decrypt`, with key1 available, refuses `content` saved as `file`.
fn assert_decrypt_refuses(file: &'static str, content: Option<&[u8]>, expect: Expect) {
    let Some(keys) = keys() else { return };
    let sandbox = Sandbox::new();
    if let Some(content) = content {
        sandbox.write(file, content);
    }
    let key_file = keys.key_file_for(&sandbox, &[K1]);
    assert_refused(
        &sandbox,
        &["decrypt"],
        file,
        &[("SOPS_AGE_KEY_FILE", &key_file)],
        &expect,
    );
}

/// The sops-written vector yaml/basic.enc.yaml.
fn encrypted_vector() -> Option<Vec<u8>> {
    Some(std::fs::read(vectors_dir()?.join("yaml/basic.enc.yaml")).expect("vector"))
}

#[test]
fn invalid_yaml_exits_2_with_its_position() {
    assert_encrypt_refuses("bad.yaml", b"a: [1, 2\nb: c\n", syntax_error("bad.yaml"));
}

#[test]
fn invalid_json_exits_2_with_its_position() {
    assert_encrypt_refuses(
        "bad.json",
        b"{\n  \"a\": 1,,\n}\n",
        syntax_error("bad.json"),
    );
}

#[test]
fn invalid_ini_exits_2_with_its_position() {
    assert_encrypt_refuses("bad.ini", b"[server\nhost = x\n", syntax_error("bad.ini"));
}

#[test]
fn top_level_yaml_list_exits_2() {
    assert_encrypt_refuses(
        "list.yaml",
        b"- a\n- b\n",
        plain_error(Some(INVALID_INPUT), "list.yaml"),
    );
}

#[test]
fn non_utf8_yaml_exits_2() {
    let expect = plain_error(Some(INVALID_INPUT), "latin1.yaml");
    assert_encrypt_refuses("latin1.yaml", b"name: caf\xe9\n", expect);
}

#[test]
fn encrypting_a_missing_file_exits_100() {
    let sandbox = Sandbox::new();
    let expect = plain_error(Some(NO_FILE), "missing.yaml");
    assert_refused(
        &sandbox,
        &["encrypt", "--age", K1.recipient()],
        "missing.yaml",
        &[],
        &expect,
    );
}

#[test]
fn decrypting_a_missing_file_exits_100() {
    assert_decrypt_refuses(
        "missing.yaml",
        None,
        plain_error(Some(NO_FILE), "missing.yaml"),
    );
}

#[test]
fn encrypting_an_encrypted_file_exits_203() {
    let Some(encrypted) = encrypted_vector() else {
        return;
    };
    let expect = plain_error(Some(ALREADY_ENCRYPTED), "secrets.yaml");
    assert_encrypt_refuses("secrets.yaml", &encrypted, expect);
}

#[test]
fn decrypting_a_plaintext_file_exits_1_metadata_not_found() {
    let expect = Expect {
        code: Some(GENERIC),
        names: "plain.yaml",
        position: false,
        mentions: Some("metadata not found"),
    };
    assert_decrypt_refuses("plain.yaml", Some(b"password: hunter22\n"), expect);
}

#[test]
fn a_malformed_encrypted_value_is_refused() {
    let Some(encrypted) = encrypted_vector() else {
        return;
    };
    let broken = break_value_envelope(&show(&encrypted));
    // sops says 25 (a value fails to parse); any clear refusal will do
    assert_decrypt_refuses(
        "broken.yaml",
        Some(broken.as_bytes()),
        plain_error(None, "broken.yaml"),
    );
}

#[test]
fn a_broken_sops_config_is_refused_with_its_position() {
    let sandbox = Sandbox::new();
    sandbox.write(".sops.yaml", b"creation_rules: [\n  - age: x\n");
    sandbox.write("plain.yaml", b"password: hunter22\n");
    let expect = Expect {
        code: None,
        names: ".sops.yaml",
        position: true,
        mentions: None,
    };
    // no --age: the recipients must come from the configuration
    assert_refused(&sandbox, &["encrypt"], "plain.yaml", &[], &expect);
}

#[cfg(not(feature = "aws"))]
#[test]
fn without_the_aws_feature_kms_keys_are_refused_clearly() {
    let sandbox = Sandbox::new();
    sandbox.write("plain.yaml", b"password: hunter22\n");
    let expect = Expect {
        code: Some(GENERIC),
        names: "feature `aws`",
        position: false,
        mentions: Some("no AWS KMS support"),
    };
    let arn = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000";
    assert_refused(
        &sandbox,
        &["encrypt", "--kms", arn],
        "plain.yaml",
        &[],
        &expect,
    );
}
