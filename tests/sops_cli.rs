//! secret answering as sops 3.11: called through a link named `sops`, it takes sops's
//! command line (subcommands, legacy flags, variables), prints what sops prints where
//! scripts read it, and exits with sops's codes. Where the real sops 3.11 is at hand, the
//! same command lines run against both and their outputs and exit codes are compared.

mod common;

use std::path::PathBuf;

use common::{K1, Keys, Run, Sandbox, Tool, ansible, keys, secret, sops};

/// A sandbox with `sops` (a link to the built secret), the test keys, and a `.sops.yaml`
/// whose catch-all rule encrypts for K1.
struct Sops {
    sandbox: Sandbox,
    tool: Tool,
    key_file: String,
}

impl Sops {
    fn new() -> Option<Sops> {
        Sops::with_config(&format!("creation_rules:\n  - age: {}\n", K1.recipient()))
    }

    fn with_config(config: &str) -> Option<Sops> {
        let keys: Keys = keys()?;
        let sandbox = Sandbox::new();
        let tool = link_as_sops(&sandbox);
        sandbox.write(".sops.yaml", config.as_bytes());
        let key_file = keys.key_file_for(&sandbox, &[K1]);
        Some(Sops {
            sandbox,
            tool,
            key_file,
        })
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut all = vec![("SOPS_AGE_KEY_FILE", self.key_file.as_str())];
        all.extend_from_slice(env);
        self.sandbox.run(&self.tool, args, &all)
    }

    /// Runs with `stdin` as standard input.
    fn run_stdin(&self, args: &[&str], stdin: &[u8]) -> Run {
        use std::io::Write;
        let mut command = self.sandbox.command(&self.tool);
        command
            .args(args)
            .env("SOPS_AGE_KEY_FILE", &self.key_file)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().expect("start sops");
        // A command that refuses its arguments may exit before reading: a broken pipe then.
        let _ = child.stdin.take().unwrap().write_all(stdin);
        let output = child.wait_with_output().unwrap();
        Run {
            what: format!("sops {} < stdin", args.join(" ")),
            code: output.status.code().unwrap_or(-1),
            stdout: output.stdout,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    fn write(&self, name: &str, text: &str) -> String {
        self.sandbox.write(name, text.as_bytes());
        name.to_string()
    }

    fn read(&self, name: &str) -> String {
        String::from_utf8(self.sandbox.read(name)).unwrap()
    }

    /// Writes `text` to `name` and encrypts it in place.
    fn encrypted(&self, name: &str, text: &str) -> String {
        self.write(name, text);
        self.run(&["encrypt", "-i", name]).success();
        name.to_string()
    }

    fn decrypt(&self, name: &str) -> String {
        self.run(&["decrypt", name]).success().stdout_text()
    }
}

/// `secret` linked as `sops` in the sandbox.
fn link_as_sops(sandbox: &Sandbox) -> Tool {
    let path = sandbox.path("bin/sops");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(secret().path, &path).unwrap();
    Tool { name: "sops", path }
}

fn assert_encrypted_values(text: &str, keys: &[&str]) {
    for key in keys {
        let line = text
            .lines()
            .find(|l| l.trim_start().trim_start_matches('"').starts_with(key))
            .unwrap_or_else(|| panic!("no {key} in:\n{text}"));
        assert!(
            line.contains("ENC[AES256_GCM,"),
            "{key} is not encrypted: {line}"
        );
    }
}

#[test]
fn encrypt_to_stdout_in_place_and_to_an_output_file() {
    let Some(s) = Sops::new() else { return };
    s.write("plain.json", "{\n    \"foo\": 2,\n    \"bar\": \"baz\"\n}");
    let out = s.run(&["encrypt", "plain.json"]).success().stdout_text();
    assert!(out.contains("\"sops\""));
    assert_encrypted_values(&out, &["foo", "bar"]);

    let run = s
        .run(&["encrypt", "--output", "out.enc.json", "plain.json"])
        .success();
    assert!(run.stdout.is_empty(), "--output writes nothing to stdout");
    assert_encrypted_values(&s.read("out.enc.json"), &["foo", "bar"]);

    s.run(&["encrypt", "-i", "plain.json"]).success();
    assert_encrypted_values(&s.read("plain.json"), &["foo", "bar"]);
    // As sops's decrypt, the text ends with a line break (the layout stays the file's own).
    assert_eq!(
        s.decrypt("plain.json"),
        "{\n    \"foo\": 2,\n    \"bar\": \"baz\"\n}\n"
    );
}

#[test]
fn standard_input_needs_a_filename_override_to_encrypt() {
    let Some(s) = Sops::new() else { return };
    let run = s.run_stdin(
        &[
            "encrypt",
            "--filename-override",
            "test_encrypt.yaml",
            "--output-type",
            "json",
        ],
        b"foo: 2\nbar: baz\n",
    );
    let out = run.success().stdout_text();
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON output");
    assert!(json["foo"].as_str().unwrap().starts_with("ENC["));
    assert!(json["sops"].is_object());
    s.run_stdin(&["encrypt"], b"foo: 2\n").expect_code(8);
    s.run_stdin(&["encrypt", "-i"], b"foo: 2\n").expect_code(8);
}

#[test]
fn decrypt_conversions_are_written_as_sops_writes_them() {
    let Some(s) = Sops::new() else { return };
    s.encrypted(
        "ini.yaml",
        "the_section:\n  int: 123\n  float: 1.23\n  bool: true\n  date: 2025-01-02\n  \
         timestamp: 2025-01-02 03:04:05\n  utc_timestamp: 2025-01-02T03:04:05Z\n  string: this is a string",
    );
    let ini = s
        .run(&["decrypt", "--output-type", "ini", "ini.yaml"])
        .success();
    assert_eq!(
        ini.stdout_text(),
        "[the_section]\nint           = 123\nfloat         = 1.23\nbool          = true\n\
         date          = 2025-01-02T00:00:00Z\ntimestamp     = 2025-01-02T03:04:05Z\n\
         utc_timestamp = 2025-01-02T03:04:05Z\nstring        = this is a string\n"
    );
    s.encrypted("t.yaml", "foo: bar\nbar: |-\n  baz\n  bam\n");
    let json = s
        .run(&["decrypt", "--output-type", "json", "t.yaml"])
        .success();
    assert_eq!(
        json.stdout_text(),
        "{\n\t\"foo\": \"bar\",\n\t\"bar\": \"baz\\nbam\"\n}\n"
    );
    let yaml = s
        .run(&[
            "--indent",
            "2",
            "decrypt",
            "--output-type",
            "yaml",
            "t.yaml",
        ])
        .success();
    assert_eq!(yaml.stdout_text(), "foo: bar\nbar: |-\n  baz\n  bam\n");
    // --indent is a global flag: after the subcommand it is not one (as in sops).
    s.run(&["decrypt", "--indent", "2", "t.yaml"])
        .expect_code(1);
}

#[test]
fn decrypt_from_stdin_with_types_and_in_place() {
    let Some(s) = Sops::new() else { return };
    s.encrypted(
        "c.yaml",
        "# first comment in file\nlorem: ipsum\ndolor: sit # this-is-a-comment\n",
    );
    let encrypted = s.sandbox.read("c.yaml");
    let text = String::from_utf8_lossy(&encrypted);
    assert!(!text.contains("first comment in file") && !text.contains("this-is-a-comment"));
    let run = s.run_stdin(
        &["decrypt", "--input-type", "yaml", "--output-type", "yaml"],
        &encrypted,
    );
    let out = run.success().stdout_text();
    assert!(out.contains("lorem: ipsum") && out.contains("first comment in file"));
    s.run(&["decrypt", "-i", "c.yaml"]).success();
    assert!(
        s.read("c.yaml")
            .starts_with("# first comment in file\nlorem: ipsum")
    );
}

#[test]
fn extract_prints_a_string_raw() {
    let Some(s) = Sops::new() else { return };
    s.encrypted(
        "x.yaml",
        "multiline: |\n  multi\n  line\nn: 5\nl: [1, a]\nm: {k: v}\n",
    );
    // `|` keeps the value's final line break; at the end of the file there is none.
    let run = s
        .run(&["decrypt", "--extract", "[\"multiline\"]", "x.yaml"])
        .success();
    assert_eq!(run.stdout, b"multi\nline\n");
    assert_eq!(
        s.run(&["decrypt", "--extract", "[\"n\"]", "x.yaml"])
            .success()
            .stdout,
        b"5\n"
    );
    assert_eq!(
        s.run(&["decrypt", "--extract", "[\"l\"]", "x.yaml"])
            .success()
            .stdout,
        b"- 1\n- a\n"
    );
    assert_eq!(
        s.run(&["decrypt", "--extract", "[\"m\"]", "x.yaml"])
            .success()
            .stdout,
        b"k: v\n"
    );
    let missing = s.run(&["decrypt", "--extract", "[\"zz\"]", "x.yaml"]);
    missing.expect_code(1);
    assert_eq!(
        missing.stderr,
        "error truncating tree: component ['zz'] not found\n"
    );
    s.run(&["decrypt", "--extract", "zz", "x.yaml"])
        .expect_code(91);
}

/// sops's functional test `extract_string`: a block scalar ending the file without a line
/// break has none in its value.
#[test]
fn extract_of_a_block_scalar_ending_the_file() {
    let Some(s) = Sops::new() else { return };
    s.encrypted("y.yaml", "multiline: |\n  multi\n  line");
    let run = s
        .run(&["decrypt", "--extract", "[\"multiline\"]", "y.yaml"])
        .success();
    assert_eq!(run.stdout, b"multi\nline");
}

#[test]
fn ignore_mac_decrypts_a_file_whose_mac_does_not_match() {
    let Some(s) = Sops::new() else { return };
    s.encrypted("m.yaml", "a: 1\nb: two\n");
    let tampered = s.read("m.yaml").replacen(
        "mac: ENC[AES256_GCM,data:",
        "mac: ENC[AES256_GCM,data:AAAA",
        1,
    );
    s.write("m.yaml", &tampered);
    s.run(&["decrypt", "m.yaml"]).expect_code(51);
    assert_eq!(
        s.run(&["decrypt", "--ignore-mac", "m.yaml"])
            .success()
            .stdout_text(),
        "a: 1\nb: two\n"
    );
}

#[test]
fn set_takes_json_values_in_place() {
    let Some(s) = Sops::new() else { return };
    s.encrypted("s.json", r#"{"a": 2, "b": "ba"}"#);
    s.run(&["set", "s.json", "[\"a\"]", r#"{"aa": "aaa"}"#])
        .success();
    let json: serde_json::Value = serde_json::from_str(&s.read("s.json")).unwrap();
    assert!(json["a"]["aa"].as_str().unwrap().starts_with("ENC["));
    s.run(&["set", "s.json", "[\"b\"]", "\"bb\""]).success();
    s.write("value", r#"{"cc": "ccc"}"#);
    s.run(&["set", "--value-file", "s.json", "[\"c\"]", "value"])
        .success();
    let run = s.run_stdin(
        &["set", "--value-stdin", "s.json", "[\"d\"]"],
        br#"{"dd": "ddd"}"#,
    );
    run.success();
    let plain: serde_json::Value = serde_json::from_str(&s.decrypt("s.json")).unwrap();
    assert_eq!(
        plain,
        serde_json::json!({"a": {"aa": "aaa"}, "b": "bb", "c": {"cc": "ccc"}, "d": {"dd": "ddd"}})
    );
    s.run(&["set", "s.json", "[\"b\"]", "not json"])
        .expect_code(7);
    s.run(&["set", "s.json", "b", "1"]).expect_code(7);
    s.run(&["set", "s.json", "[\"b\"]"]).expect_code(100);
    // A number is a float, as sops stores it.
    s.run(&["set", "s.json", "[\"n\"]", "5"]).success();
    assert!(s.read("s.json").contains("type:float"));
}

#[test]
fn set_output_type_rewrites_the_file_and_idempotent_leaves_it() {
    let Some(s) = Sops::new() else { return };
    s.encrypted("w.json", r#"{"a": 2, "b": "ba"}"#);
    let before = s.read("w.json");
    s.run(&[
        "set",
        "--output-type",
        "yaml",
        "w.json",
        "[\"b\"]",
        "\"ba\"",
    ])
    .success();
    let after = s.read("w.json");
    assert_ne!(before, after);
    assert!(after.starts_with("a: "), "{after}");
    let run = s.run(&[
        "decrypt",
        "--input-type",
        "yaml",
        "--output-type",
        "yaml",
        "w.json",
    ]);
    assert_eq!(run.success().stdout_text(), "a: 2\nb: ba\n");

    s.encrypted("n.json", r#"{"a": 2, "b": "ba"}"#);
    let before = s.read("n.json");
    s.run(&[
        "set",
        "--output-type",
        "yaml",
        "--idempotent",
        "n.json",
        "[\"b\"]",
        "\"ba\"",
    ])
    .success();
    assert_eq!(
        before,
        s.read("n.json"),
        "an unchanged value leaves the file as it was"
    );
}

#[test]
fn unset_removes_keys_and_items_and_idempotent_forgives_missing_ones() {
    let Some(s) = Sops::new() else { return };
    s.encrypted("u.json", r#"{"a": 2, "b": "ba", "c": [1,2]}"#);
    s.run(&["unset", "u.json", "[\"a\"]"]).success();
    let content = s.read("u.json");
    s.run(&["unset", "--idempotent", "u.json", "[\"a\"]"])
        .success();
    assert_eq!(content, s.read("u.json"));
    let missing = s.run(&["unset", "u.json", "[\"a\"]"]);
    missing.expect_code(1);
    assert_eq!(missing.stderr, "Key not found: a\n");
    s.run(&["unset", "u.json", "[\"c\"][1]"]).success();
    let content = s.read("u.json");
    s.run(&["unset", "--idempotent", "u.json", "[\"c\"][1]"])
        .success();
    assert_eq!(content, s.read("u.json"));
    let plain: serde_json::Value = serde_json::from_str(&s.decrypt("u.json")).unwrap();
    assert_eq!(plain, serde_json::json!({"b": "ba", "c": [1]}));
    s.run(&["unset", "u.json", "c"]).expect_code(7);
}

#[test]
fn legacy_flags_encrypt_set_and_decrypt_in_place() {
    let Some(s) = Sops::new() else { return };
    s.write("l.yaml", "a: x\nb: y\n");
    s.run(&["-e", "-i", "l.yaml"]).success();
    assert_encrypted_values(&s.read("l.yaml"), &["a", "b"]);
    s.run(&["--set", "[\"a\"] \"aaa\"", "-i", "l.yaml"])
        .success();
    s.run(&["-d", "-i", "l.yaml"]).success();
    // Values come back in their canonical spelling, as sops writes them: `y` is a YAML
    // 1.1 boolean unless quoted.
    assert_eq!(s.read("l.yaml"), "a: aaa\nb: \"y\"\n");
    // Go's flag syntax: one dash or two, values after `=`.
    s.run(&["--encrypt", "-in-place=true", "l.yaml"]).success();
    assert_eq!(
        s.run(&["-d", "l.yaml"]).success().stdout_text(),
        "a: aaa\nb: \"y\"\n"
    );
    s.run(&["-d", "-i", "--output", "o", "l.yaml"])
        .expect_code(8);
    s.run(&["-d", "missing.yaml"]).expect_code(100);
    s.run(&["-d"]).expect_code(100);
}

#[test]
fn empty_key_groups_fail_with_sops_words() {
    let config = format!(
        "creation_rules:\n  - path_regex: test_no_keygroups.yaml\n  - path_regex: test_zero_keygroups.yaml\n    \
         key_groups: []\n  - path_regex: test_empty_keygroup.yaml\n    key_groups:\n      - {{}}\n  - age: {}\n",
        K1.recipient()
    );
    let Some(s) = Sops::with_config(&config) else {
        return;
    };
    for name in [
        "test_no_keygroups.yaml",
        "test_zero_keygroups.yaml",
        "test_empty_keygroup.yaml",
    ] {
        s.write(name, "a: secret");
        let run = s.run(&["encrypt", "-i", name]);
        run.expect_code(1);
        assert_eq!(
            run.stderr,
            "Could not generate data key: [empty key group provided]\n"
        );
        assert_eq!(s.read(name), "a: secret", "nothing written");
    }
}

#[test]
fn no_config_and_no_keys_is_sops_message() {
    let Some(s) = Sops::with_config("") else {
        return;
    };
    std::fs::remove_file(s.sandbox.path(".sops.yaml")).unwrap();
    s.write("p.yaml", "a: 1\n");
    let run = s.run(&["encrypt", "p.yaml"]);
    run.expect_code(1);
    assert!(run.stderr.starts_with(
        "config file not found, or has no creation rules, and no keys provided through command line options\n"
    ));
    let run = s.run_with(
        &["encrypt", "p.yaml"],
        &[("SOPS_AGE_RECIPIENTS", K1.recipient())],
    );
    assert!(run.success().stdout_text().contains("ENC["));
}

#[test]
fn binary_files_round_trip_exactly() {
    let Some(s) = Sops::new() else { return };
    let data = "\"\"{}this_is_binary_data";
    s.encrypted("test.binary", data);
    assert!(s.read("test.binary").contains("\"data\": \"ENC["));
    assert_eq!(
        s.run(&["decrypt", "test.binary"]).success().stdout,
        data.as_bytes()
    );
}

#[test]
fn exec_env_and_exec_file_give_the_command_the_values() {
    let Some(s) = Sops::new() else { return };
    s.encrypted("e.yaml", "foo: bar\nbar: |-\n  baz\n  bam\n");
    let script = s
        .sandbox
        .write("print.sh", b"#!/bin/bash\necho -E \"${bar}\"\n");
    let run = s.run(&[
        "exec-env",
        "e.yaml",
        &format!("/bin/bash {}", script.display()),
    ]);
    assert_eq!(run.success().stdout_text(), "baz\nbam\n");
    let run = s.run(&["exec-env", "--pristine", "e.yaml", "echo \"$foo:$HOME\""]);
    assert_eq!(run.success().stdout_text(), "bar:\n");
    s.run(&["exec-env", "e.yaml", "exit 7"]).expect_code(7);

    let run = s.run(&["exec-file", "--output-type", "json", "e.yaml", "cat {}"]);
    assert_eq!(
        run.success().stdout_text(),
        "{\n\t\"foo\": \"bar\",\n\t\"bar\": \"baz\\nbam\"\n}\n"
    );
    let run = s.run(&[
        "exec-file",
        "--no-fifo",
        "--filename",
        "foobar",
        "e.yaml",
        "echo {}; stat -c %a {}",
    ]);
    let out = run.success().stdout_text();
    let mut lines = out.lines();
    let path = PathBuf::from(lines.next().unwrap());
    assert!(path.ends_with("foobar"), "{out}");
    assert_eq!(lines.next(), Some("600"));
    assert!(!path.exists(), "the file is removed afterwards");
    let run = s.run(&[
        "exec-file",
        "e.yaml",
        "test -p {} && cat {} >/dev/null && echo fifo",
    ]);
    assert_eq!(run.success().stdout_text(), "fifo\n");
}

#[test]
fn secret_sops_and_a_link_named_sops_are_the_same_front_end() {
    let Some(s) = Sops::new() else { return };
    s.encrypted("a.yaml", "k: v\n");
    let via_secret = s.sandbox.run(
        &secret(),
        &["sops", "decrypt", "a.yaml"],
        &[("SOPS_AGE_KEY_FILE", &s.key_file)],
    );
    assert_eq!(via_secret.success().stdout_text(), "k: v\n");
    let version = s.run(&["--version"]).success().stdout_text();
    assert_eq!(version.lines().next(), Some("sops 3.11.0"));
    let version = s.run(&["--version", "--disable-version-check"]).success();
    assert!(version.stdout_text().starts_with("sops 3.11.0\n"));
    let run = s.run(&["encrypt", "--foo", "a.yaml"]);
    run.expect_code(1);
    assert!(
        run.stdout_text()
            .starts_with("Incorrect Usage: flag provided but not defined: -foo")
    );
}

#[test]
fn filestatus_groups_rotate_and_updatekeys() {
    let Some(s) = Sops::new() else { return };
    s.write("plain.yaml", "a: 1\n");
    s.encrypted("f.yaml", "a: 1\nb: two\n");
    assert_eq!(
        s.run(&["filestatus", "f.yaml"]).success().stdout_text(),
        "{\"encrypted\":true}\n"
    );
    assert_eq!(
        s.run(&["filestatus", "plain.yaml"]).success().stdout_text(),
        "{\"encrypted\":false}\n"
    );

    let k2 = common::K2.recipient();
    s.run(&["rotate", "-i", "--add-age", k2, "f.yaml"])
        .success();
    assert!(s.read("f.yaml").contains(k2));
    s.run(&["rotate", "-i", "--rm-age", k2, "f.yaml"]).success();
    assert!(!s.read("f.yaml").contains(k2));
    s.run(&["rotate", "--add-age", k2, "missing.yaml"])
        .expect_code(49);

    s.run(&["groups", "add", "--file", "f.yaml", "-i", "--age", k2])
        .success();
    let text = s.read("f.yaml");
    assert!(text.contains(k2) && text.contains("key_groups"), "{text}");
    // Two groups and no threshold: both are needed now.
    s.run(&["decrypt", "f.yaml"]).expect_code(128);
    let both = keys().unwrap().key_file_for(&s.sandbox, &[K1, common::K2]);
    let run = s.run_with(&["decrypt", "f.yaml"], &[("SOPS_AGE_KEY_FILE", &both)]);
    assert_eq!(run.success().stdout_text(), "a: 1\nb: two\n");
    s.run_with(
        &["groups", "delete", "--file", "f.yaml", "-i", "1"],
        &[("SOPS_AGE_KEY_FILE", &both)],
    )
    .success();
    assert!(!s.read("f.yaml").contains(k2));
    assert_eq!(s.decrypt("f.yaml"), "a: 1\nb: two\n");

    s.write(
        ".sops.yaml",
        &format!("creation_rules:\n  - age: {},{k2}\n", K1.recipient()),
    );
    s.run(&["updatekeys", "-y", "f.yaml"]).success();
    assert!(s.read("f.yaml").contains(k2));
}

#[test]
fn keyservice_is_refused_with_the_way_round() {
    let Some(s) = Sops::new() else { return };
    let run = s.run(&["keyservice"]);
    run.expect_code(1);
    run.assert_stderr_contains("no gRPC key service");
    run.assert_stderr_contains("hint:");
}

#[test]
fn edit_with_an_editor_script() {
    let Some(s) = Sops::new() else { return };
    s.encrypted("ed.yaml", "a: 1\nb: two\n");
    let unchanged = s.run_with(&["edit", "ed.yaml"], &[("EDITOR", "true")]);
    unchanged.expect_code(200);
    let editor = s
        .sandbox
        .write("ed.sh", b"#!/bin/sh\nsed -i 's/two/three/' \"$1\"\n");
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let editor = editor.display().to_string();
    s.run_with(&["ed.yaml"], &[("SOPS_EDITOR", &editor)])
        .success();
    assert_eq!(s.decrypt("ed.yaml"), "a: 1\nb: three\n");
    s.run_with(&["edit", "ed.yaml"], &[("EDITOR", "false")])
        .expect_code(201);
}

/// A one-shot HTTP server standing in for Vault: answers GETs 404 and records writes.
fn fake_vault(requests: usize) -> (String, std::thread::JoinHandle<Vec<(String, String)>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim().is_empty() {
                    break;
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let status = if request_line.starts_with("GET") {
                "404 Not Found"
            } else {
                "204 No Content"
            };
            write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            seen.push((
                request_line.trim().to_string(),
                String::from_utf8(body).unwrap(),
            ));
        }
        seen
    });
    (address, handle)
}

#[test]
fn publish_writes_the_values_to_vault_kv_1_and_2() {
    let config = format!(
        "creation_rules:\n  - age: {}\ndestination_rules:\n  - vault_path: ft/\n    vault_kv_mount_name: secret/\n    \
         vault_kv_version: 2\n    path_regex: v2\\.json\n  - vault_path: ft1/\n    vault_kv_mount_name: kv/\n    \
         vault_kv_version: 1\n    path_regex: v1\\.json\n  - s3_bucket: b\n    path_regex: s3\\.json\n",
        K1.recipient()
    );
    let Some(s) = Sops::with_config(&config) else {
        return;
    };
    for name in ["v2.json", "v1.json", "s3.json"] {
        s.encrypted(name, r#"{"foo": 2, "bar": "baz"}"#);
    }
    let (address, server) = fake_vault(4);
    let env = [("VAULT_ADDR", address.as_str()), ("VAULT_TOKEN", "root")];
    s.run_with(&["publish", "--yes", "v2.json"], &env).success();
    s.run_with(&["publish", "--yes", "v1.json"], &env).success();
    let seen = server.join().unwrap();
    assert_eq!(seen[0].0, "GET /v1/secret/data/ft/v2.json HTTP/1.1");
    assert_eq!(seen[1].0, "POST /v1/secret/data/ft/v2.json HTTP/1.1");
    assert_eq!(seen[1].1, r#"{"data":{"foo":2,"bar":"baz"}}"#);
    assert_eq!(seen[3].0, "POST /v1/kv/ft1/v1.json HTTP/1.1");
    assert_eq!(seen[3].1, r#"{"foo":2,"bar":"baz"}"#);
    let run = s.run_with(&["publish", "--yes", "s3.json"], &env);
    run.expect_code(1);
    run.assert_stderr_contains("not supported");
}

/// The same command lines against the real sops 3.11 and secret as sops: the same exit
/// codes, and the same output where sops writes the data afresh (conversions, values).
#[test]
fn exit_codes_and_outputs_match_the_real_sops() {
    let Some(s) = Sops::new() else { return };
    let Some(real) = sops() else { return };
    let file = s.encrypted(
        "r.yaml",
        "s: x\nn: 2\nf: 1.5\nt: true\nml: |-\n  a\n  b\nlist:\n  - 1\n  - {k: v}\nm:\n  a: {b: c}\nyes: 'yes'\n",
    );
    s.write("plain.yaml", "a: 1\n");
    s.write("bad.json", "{not json");
    let cases: &[&[&str]] = &[
        &["decrypt", "--output-type", "json", &file],
        &["decrypt", "--output-type", "dotenv", &file],
        &["decrypt", "--output-type", "ini", &file],
        &["decrypt", "--extract", "[\"ml\"]", &file],
        &["decrypt", "--extract", "[\"m\"]", &file],
        &["decrypt", "--extract", "[\"list\"][1]", &file],
        &["decrypt", "--extract", "[\"nope\"]", &file],
        &["decrypt", "--extract", "nope", &file],
        &["decrypt", "missing.yaml"],
        &["decrypt", "plain.yaml"],
        &["decrypt", "-i", "--output", "x", &file],
        &["decrypt", "--no-such-flag", &file],
        &["--no-such-flag"],
        &["encrypt", "bad.json"],
        &["set", &file, "[\"a\"]", "{bad"],
        &["set", &file, "a", "1"],
        &["set", &file],
        &["unset", &file, "[\"nope\"]"],
        &["unset", &file, "nope"],
        &["unset", "--idempotent", &file, "[\"nope\"]"],
        &["filestatus", &file],
        &["filestatus", "plain.yaml"],
        &["exec-env", &file, "exit 3"],
        &["exec-env", &file],
        &["decrypt", "--decryption-order", "age,age", &file],
        &["rotate"],
    ];
    for case in cases {
        let ours = s.run(case);
        let theirs = s
            .sandbox
            .run(&real, case, &[("SOPS_AGE_KEY_FILE", &s.key_file)]);
        assert_eq!(
            ours.code,
            theirs.code,
            "exit code of `sops {}`: secret {} vs sops {}\nsecret: {}\nsops: {}",
            case.join(" "),
            ours.code,
            theirs.code,
            ours.stderr,
            theirs.stderr
        );
        let compares_output = case[0] == "decrypt" && ours.code == 0 || case[0] == "filestatus";
        if compares_output {
            assert_eq!(
                ours.stdout_text(),
                theirs.stdout_text(),
                "output of `sops {}`",
                case.join(" ")
            );
        }
        ours.assert_no_panic();
    }
}

/// A real client of the `sops` binary, unchanged: ansible's community.sops lookup finds
/// `sops` on PATH (secret's link), reads its version, and decrypts through it, also from
/// standard input (`/dev/stdin`, as its `decrypt` filter passes content).
#[test]
fn ansible_community_sops_decrypts_through_secret_as_sops() {
    let Some(s) = Sops::new() else { return };
    let Some(ansible) = ansible() else { return };
    s.encrypted(
        "vars.enc.yaml",
        "db_password: hunter2\napi:\n  token: abc123\n",
    );
    let path = format!(
        "{}:{}",
        s.sandbox.path("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let temp = s.sandbox.path("ansible-tmp").display().to_string();
    let expression = "{{ (lookup('community.sops.sops', 'vars.enc.yaml') | from_yaml).api.token }}-\
                      {{ lookup('community.sops.sops', 'vars.enc.yaml', extract='[\"db_password\"]') }}-\
                      {{ (lookup('file', 'vars.enc.yaml') | community.sops.decrypt(input_type='yaml', output_type='json') | from_json).db_password }}";
    let run = s.sandbox.run(
        &ansible,
        &[
            "localhost",
            "-i",
            "localhost,",
            "-c",
            "local",
            "-m",
            "ansible.builtin.debug",
            "-a",
            &format!("msg={expression}"),
        ],
        &[
            ("PATH", path.as_str()),
            ("SOPS_AGE_KEY_FILE", s.key_file.as_str()),
            ("ANSIBLE_LOCAL_TEMP", temp.as_str()),
            ("ANSIBLE_NOCOLOR", "1"),
            ("ANSIBLE_HOST_KEY_CHECKING", "False"),
            ("LC_ALL", "C.UTF-8"),
        ],
    );
    let out = run.stdout_text();
    assert_eq!(run.code, 0, "ansible failed:\n{out}\n{}", run.stderr);
    assert!(
        out.contains("\"msg\": \"abc123-hunter2-hunter2\""),
        "{out}\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("Cannot extract SOPS version"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_round_trip_in_place_gives_what_sops_gives() {
    let Some(s) = Sops::new() else { return };
    // Timestamps become sops's `time` values, and the file ends with a line break, as
    // sops writes it back; the same with the real sops.
    let plain = "a: 2024-01-01\nb: 2006-01-02T15:04:05+07:06";
    let expected = "a: 2024-01-01T00:00:00Z\nb: 2006-01-02T15:04:05+07:06\n";
    s.write("t.yaml", plain);
    s.run(&["encrypt", "-i", "t.yaml"]).success();
    s.run(&["decrypt", "-i", "t.yaml"]).success();
    assert_eq!(s.read("t.yaml"), expected);
    let Some(real) = sops() else { return };
    s.write("by-sops.yaml", plain);
    let env = [("SOPS_AGE_KEY_FILE", s.key_file.as_str())];
    s.sandbox
        .run(&real, &["encrypt", "-i", "by-sops.yaml"], &env)
        .success();
    s.sandbox
        .run(&real, &["decrypt", "-i", "by-sops.yaml"], &env)
        .success();
    assert_eq!(s.read("by-sops.yaml"), expected);
}
