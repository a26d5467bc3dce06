//! Several files in one command: `encrypt -r`, `decrypt` of a list and of `-r DIR`,
//! `rotate -r` and `updatekeys -r` over a repository of 200 files in nested directories,
//! checked with the real sops. One line per file, a broken file reported while the others
//! are done, and the exit codes.

mod common;

use common::*;

/// `.sops.yaml`: files under prod/ for `prod`, every other `.enc.` file for `rest`.
fn rules(prod: &[Key], rest: &[Key]) -> String {
    let list = |keys: &[Key]| {
        keys.iter()
            .map(|k| k.recipient())
            .collect::<Vec<_>>()
            .join(",")
    };
    format!(
        "creation_rules:\n  - path_regex: ^prod/.*\\.enc\\.\n    age: {}\n  - path_regex: \\.enc\\.\n    age: {}\n",
        list(prod),
        list(rest)
    )
}

/// 200 plaintext files: 100 under prod/, 100 under dev/, four levels deep at most, in
/// YAML, JSON and dotenv; and a README no rule covers. Their names and plaintexts.
fn two_hundred(sandbox: &Sandbox) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for i in 0..200 {
        let top = if i < 100 { "prod" } else { "dev" };
        let dir = format!("{top}/team{}/svc{}", i % 3, i % 7);
        let (name, text) = match i % 3 {
            0 => (
                format!("{dir}/s{i}.enc.yaml"),
                format!("db:\n  password: pw-{i}\n  port: {i}\n"),
            ),
            1 => (
                format!("{dir}/s{i}.enc.json"),
                format!("{{\"token\": \"tok-{i}\"}}\n"),
            ),
            _ => (
                format!("{dir}/s{i}.enc.env"),
                format!("KEY_{i}=value-{i}\n"),
            ),
        };
        sandbox.write(&name, text.as_bytes());
        files.push((name, text));
    }
    sandbox.write("README.md", b"not a secret\n");
    files
}

fn key_env(keys: &Keys, sandbox: &Sandbox, held: &[Key]) -> String {
    keys.key_file_for(sandbox, held)
}

#[test]
fn updatekeys_r_rekeys_two_hundred_files_and_a_removed_key_opens_none() {
    let Some(tools) = tools() else { return };
    let sandbox = Sandbox::new();
    let files = two_hundred(&sandbox);
    sandbox.write(".sops.yaml", rules(&[K1, K2], &[K1, K3]).as_bytes());
    let all = key_env(&tools.keys, &sandbox, &[K1, K2, K3, K4]);
    let env = [("SOPS_AGE_KEY_FILE", all.as_str())];

    // Encrypt every covered plaintext file in place; the README stays as it is.
    let run = sandbox
        .secret(&["encrypt", "-i", "-r", "."], &env)
        .success();
    assert_eq!(run.stderr.matches(": ok\n").count(), 200, "{}", run.stderr);
    assert!(
        run.stderr.ends_with("secret: 200 files encrypted\n"),
        "{}",
        run.stderr
    );
    assert_eq!(sandbox.read("README.md"), b"not a secret\n");
    // One line per file, in path order.
    let reported: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_suffix(": ok"))
        .collect();
    let mut sorted = reported.clone();
    sorted.sort();
    assert_eq!(reported, sorted);
    // A second run finds nothing left to encrypt.
    let again = sandbox
        .secret(&["encrypt", "-i", "-r", "."], &env)
        .success();
    assert!(
        again.stderr.contains("0 files encrypted"),
        "{}",
        again.stderr
    );

    // K2 leaves prod, K4 joins the rest.
    sandbox.write(".sops.yaml", rules(&[K1], &[K1, K3, K4]).as_bytes());
    let before: Vec<Vec<u8>> = files.iter().map(|(name, _)| sandbox.read(name)).collect();
    let refused = sandbox.secret(&["updatekeys", "-r", "."], &env);
    refused.expect_code(9);
    refused.assert_stderr_contains("200 files to re-key");
    for ((name, _), old) in files.iter().zip(&before) {
        assert_eq!(&sandbox.read(name), old, "{name} changed without a yes");
    }

    let run = sandbox
        .secret(&["updatekeys", "-r", ".", "--yes"], &env)
        .success();
    assert_eq!(
        run.stderr.matches(": ok, keys updated\n").count(),
        200,
        "{}",
        run.stderr
    );
    for (name, _) in &files {
        let text = String::from_utf8(sandbox.read(name)).unwrap();
        let holds = |key: Key| text.contains(key.recipient());
        if name.starts_with("prod/") {
            assert!(
                holds(K1) && !holds(K2) && !holds(K3) && !holds(K4),
                "{name}"
            );
        } else {
            assert!(holds(K1) && holds(K3) && holds(K4) && !holds(K2), "{name}");
        }
    }

    // The removed key opens none of them: secret reports each file and exits 128.
    let k2 = key_env(&tools.keys, &sandbox, &[K2]);
    let run = sandbox.secret(
        &["decrypt", "-r", ".", "--output-dir", "out-k2"],
        &[("SOPS_AGE_KEY_FILE", &k2)],
    );
    run.expect_code(128);
    let failed = run.stderr.lines().filter(|l| !l.starts_with("secret:"));
    assert_eq!(
        failed.filter(|l| l.contains(": error: ")).count(),
        200,
        "{}",
        run.stderr
    );
    run.assert_stderr_contains("all 200 files failed");
    assert!(!sandbox.exists("out-k2"));
    // sops agrees, and opens them with the keys they should have.
    let k4 = key_env(&tools.keys, &sandbox, &[K4]);
    let k1 = key_env(&tools.keys, &sandbox, &[K1]);
    for (index, (name, text)) in files.iter().enumerate().step_by(9) {
        let with = |key_file: &str| {
            sandbox.run(
                &tools.sops,
                &["decrypt", name],
                &[("SOPS_AGE_KEY_FILE", key_file)],
            )
        };
        assert_ne!(with(&k2).code, 0, "K2 opens {name}");
        let format = common::Format::of(name);
        assert_same_data(format, text.as_bytes(), &with(&k1).success().stdout, name);
        if index >= 100 {
            assert_same_data(format, text.as_bytes(), &with(&k4).success().stdout, name);
        }
    }

    // Nothing lags any more.
    let run = sandbox
        .secret(&["updatekeys", "-r", "prod", "--yes"], &env)
        .success();
    run.assert_stderr_contains("the recipients of 100 files are already those of .sops.yaml");
}

#[test]
fn decrypt_of_a_list_reports_a_broken_file_and_does_the_rest() {
    let Some(tools) = tools() else { return };
    let sandbox = Sandbox::new();
    sandbox.write("a.yaml", b"a: 1\nb: two\n");
    sandbox.write("c.env", b"C=3\n");
    encrypt(&sandbox, &tools.sops, "a.yaml", &[K1], "a.enc.yaml");
    encrypt(&sandbox, &tools.sops, "c.env", &[K1], "sub/c.enc.env");
    // A file whose MAC no longer matches: a value changed by hand.
    encrypt(&sandbox, &tools.sops, "a.yaml", &[K1], "b.enc.yaml");
    let tampered = String::from_utf8(sandbox.read("b.enc.yaml"))
        .unwrap()
        .replacen(
            "mac: ENC[AES256_GCM,data:",
            "mac: ENC[AES256_GCM,data:AA",
            1,
        );
    sandbox.write("b.enc.yaml", tampered.as_bytes());
    let key = tools.keys.key_file_for(&sandbox, &[K1]);
    let env = [("SOPS_AGE_KEY_FILE", key.as_str())];

    // Several files never go to standard output.
    let run = sandbox.secret(&["decrypt", "a.enc.yaml", "b.enc.yaml"], &env);
    run.expect_code(8);
    run.assert_stderr_contains("--output-dir");
    assert!(run.stdout.is_empty());

    let run = sandbox.secret(
        &[
            "decrypt",
            "--output-dir",
            "plain",
            "a.enc.yaml",
            "b.enc.yaml",
            "missing.enc.yaml",
            "sub/c.enc.env",
        ],
        &env,
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[0], "a.enc.yaml: ok (plain/a.enc.yaml)",
        "{}",
        run.stderr
    );
    assert!(
        lines[1].starts_with("b.enc.yaml: error: "),
        "{}",
        run.stderr
    );
    assert!(
        lines[2].starts_with("missing.enc.yaml: error: "),
        "{}",
        run.stderr
    );
    assert_eq!(lines[3], "sub/c.enc.env: ok (plain/sub/c.enc.env)");
    assert!(lines[4].contains("2 of 4 files failed"), "{}", run.stderr);
    // The exit code of the first file that failed (b's: sops's 51 for a bad MAC).
    let alone = sandbox.secret(&["decrypt", "b.enc.yaml"], &env);
    assert_ne!(alone.code, 0);
    run.expect_code(alone.code);
    assert_eq!(sandbox.read("plain/a.enc.yaml"), b"a: 1\nb: two\n");
    assert_eq!(sandbox.read("plain/sub/c.enc.env"), b"C=3\n");
    assert!(!sandbox.exists("plain/b.enc.yaml"));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(sandbox.path("plain/a.enc.yaml"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    // In place, the broken file is left as it was.
    let run = sandbox.secret(&["decrypt", "-i", "a.enc.yaml", "b.enc.yaml"], &env);
    assert_ne!(run.code, 0);
    assert_eq!(sandbox.read("a.enc.yaml"), b"a: 1\nb: two\n");
    assert_eq!(sandbox.read("b.enc.yaml"), tampered.as_bytes());
}

#[test]
fn rotate_r_gives_every_file_a_new_data_key_and_keeps_the_values() {
    let Some(tools) = tools() else { return };
    let sandbox = Sandbox::new();
    sandbox.write(".sops.yaml", rules(&[K1], &[K1]).as_bytes());
    let mut names = Vec::new();
    for i in 0..12 {
        let name = format!("prod/d{}/f{i}.enc.yaml", i % 4);
        sandbox.write(&name, format!("v: value-{i}\n").as_bytes());
        names.push(name);
    }
    let key = tools.keys.key_file_for(&sandbox, &[K1]);
    let env = [("SOPS_AGE_KEY_FILE", key.as_str())];
    sandbox
        .secret(&["encrypt", "-i", "-r", "prod"], &env)
        .success();
    let before: Vec<String> = names
        .iter()
        .map(|n| String::from_utf8(sandbox.read(n)).unwrap())
        .collect();
    let run = sandbox.secret(&["rotate", "-r", "prod"], &env).success();
    assert_eq!(
        run.stderr.matches(": ok, new data key\n").count(),
        12,
        "{}",
        run.stderr
    );
    for (i, (name, old)) in names.iter().zip(&before).enumerate() {
        let new = String::from_utf8(sandbox.read(name)).unwrap();
        // The wrapped data key (and all after it).
        let enc = |text: &str| text.split("enc: |").nth(1).map(String::from);
        assert_ne!(enc(old), enc(&new), "{name} kept its wrapped data key");
        let plain = sandbox
            .run(&tools.sops, &["decrypt", name], &env)
            .success()
            .stdout_text();
        assert_eq!(plain, format!("v: value-{i}\n"));
    }
}

#[test]
fn encrypt_r_takes_only_plaintext_files_a_rule_names() {
    let Some(tools) = tools() else { return };
    let sandbox = Sandbox::new();
    // A catch-all rule picks no file for `encrypt -r`: it would take the sources too.
    sandbox.write(
        ".sops.yaml",
        format!("creation_rules:\n  - age: {}\n", K1.recipient()).as_bytes(),
    );
    sandbox.write("src/main.rs", b"fn main() {}\n");
    let key = tools.keys.key_file_for(&sandbox, &[K1]);
    let env = [("SOPS_AGE_KEY_FILE", key.as_str())];
    let run = sandbox
        .secret(&["encrypt", "-i", "-r", "."], &env)
        .success();
    run.assert_stderr_contains("no file to work on");
    assert_eq!(sandbox.read("src/main.rs"), b"fn main() {}\n");

    sandbox.write(".sops.yaml", rules(&[K1], &[K1]).as_bytes());
    sandbox.write("app/x.enc.yaml", b"x: 1\n");
    sandbox.write("app/y.enc.env", b"Y=2\n");
    sandbox.write("app/notes.txt", b"plain\n");
    // --output-dir leaves the plaintexts and writes the encrypted copies elsewhere.
    let run = sandbox
        .secret(&["encrypt", "-r", "app", "--output-dir", "enc"], &env)
        .success();
    assert_eq!(
        run.stderr.matches(": ok (enc/").count(),
        2,
        "{}",
        run.stderr
    );
    assert_eq!(sandbox.read("app/x.enc.yaml"), b"x: 1\n");
    assert!(!sandbox.exists("enc/notes.txt"));
    let plain = sandbox
        .run(&tools.sops, &["decrypt", "enc/y.enc.env"], &env)
        .success()
        .stdout_text();
    assert_eq!(plain, "Y=2\n");
    // Without a .sops.yaml for the directory, -r has no rules to go by.
    let outside = Sandbox::new();
    outside.write("d/a.enc.yaml", b"a: 1\n");
    let run = outside.secret(&["decrypt", "-i", "-r", "d"], &env);
    run.expect_failure();
    run.assert_stderr_contains(".sops.yaml");
}
