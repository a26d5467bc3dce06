//! `secret scan`: the project's values found raw, base64-encoded (inside a larger encoded
//! string), URL-encoded and JSON-escaped in tracked files, in what is staged and in older
//! commits, reported by place and key path, never by value; nothing reported for the
//! encrypted files themselves; short values skipped with a note.

mod common;

use common::repo::Repo;
use common::*;

use base64::Engine;

const PASSWORD: &str = "p@ss/w0rd!-horse";
const TOKEN: &str = "tok_live_1234567890";

fn project() -> Option<Repo> {
    let repo = Repo::new(keys()?, &[K1], &[K1]);
    repo.add_encrypted(
        "secrets.enc.yaml",
        &format!("db:\n  password: '{PASSWORD}'\n  pin: '123'\napi:\n  token: {TOKEN}\n"),
    );
    repo.add_encrypted("other.enc.env", "EMPTY=\nUSER_unencrypted=admin\n");
    repo.commit("secrets");
    Some(repo)
}

fn assert_no_value(text: &str) {
    for value in [PASSWORD, TOKEN] {
        assert!(!text.contains(value), "a value was printed:\n{text}");
    }
}

#[test]
fn finds_values_raw_and_encoded_in_tracked_files_and_nothing_in_the_encrypted_ones() {
    let Some(repo) = project() else {
        return;
    };
    let clean = repo.secret(&["scan"]);
    clean.success().assert_stderr_contains("pin");

    repo.sandbox.write(
        "config/app.properties",
        format!("# app\npassword={PASSWORD}\n").as_bytes(),
    );
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("deploy:{TOKEN}"));
    repo.sandbox.write(
        "deploy/auth.txt",
        format!("Authorization: Basic {basic}\n").as_bytes(),
    );
    let url: String = PASSWORD
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    repo.sandbox.write(
        "client.json",
        format!(
            "{{\n  \"url\": \"https://db/?pw={url}\",\n  \"pw\": \"{}\"\n}}\n",
            PASSWORD.replace('/', "\\/")
        )
        .as_bytes(),
    );
    repo.git(&["add", "."]).success();
    let run = repo.secret(&["scan"]);
    run.expect_code(1);
    let out = run.stdout_text();
    for expected in [
        "config/app.properties:2: the value of secrets.enc.yaml db.password (as it is)",
        "deploy/auth.txt:1: the value of secrets.enc.yaml api.token (base64-encoded)",
        "client.json:2: the value of secrets.enc.yaml db.password (URL-encoded)",
        "client.json:3: the value of secrets.enc.yaml db.password (JSON-escaped)",
    ] {
        assert!(out.contains(expected), "{expected:?} missing:\n{out}");
    }
    assert!(
        !out.contains("secrets.enc.yaml:"),
        "an encrypted file reported:\n{out}"
    );
    assert!(!out.contains("other.enc.env:"), "{out}");
    assert_no_value(&out);
    assert_no_value(&run.stderr);

    let json = repo.secret(&["scan", "--json", "config"]);
    json.expect_code(1);
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(parsed["leaks"].as_array().unwrap().len(), 1, "{parsed}");
    assert_eq!(parsed["leaks"][0]["values"][0]["key"], "db.password");
}

#[test]
fn finds_what_is_staged_and_what_an_older_commit_held() {
    let Some(repo) = project() else {
        return;
    };
    repo.sandbox
        .write("notes.md", format!("token is {TOKEN}\n").as_bytes());
    repo.git(&["add", "notes.md"]).success();
    repo.commit("oops");
    let leaked_in = repo
        .git(&["rev-parse", "HEAD"])
        .success()
        .stdout_text()
        .trim()
        .to_string();
    repo.git(&["rm", "-q", "notes.md"]).success();
    repo.commit("remove the leak");

    // Staged, then removed from the working tree file only.
    repo.sandbox
        .write("debug.log", format!("line\nsent {PASSWORD}\n").as_bytes());
    repo.git(&["add", "debug.log"]).success();
    repo.sandbox.write("debug.log", b"line\n");

    let run = repo.secret(&["scan"]);
    run.expect_code(1);
    let out = run.stdout_text();
    assert!(
        out.contains("debug.log:2 (staged): the value of secrets.enc.yaml db.password"),
        "{out}"
    );
    assert!(
        !out.contains("notes.md"),
        "history without --history:\n{out}"
    );

    let run = repo.secret(&["scan", "--history"]);
    run.expect_code(1);
    let out = run.stdout_text();
    assert!(
        out.contains(&format!("commit {} ", &leaked_in[..12]))
            && out.contains("notes.md:1: the value of secrets.enc.yaml api.token (as it is)"),
        "{out}"
    );
    assert!(out.contains("Ann Example"), "{out}");
    assert_no_value(&out);
}

#[test]
fn without_a_key_there_is_nothing_to_search_for() {
    let Some(repo) = project() else {
        return;
    };
    let run = repo.secret_with(&["scan"], &[("SOPS_AGE_KEY_FILE", "/nonexistent")]);
    run.expect_code(128);
    run.assert_stderr_contains("no encrypted file");
}
