//! Integrity: `secret decrypt` refuses altered files with sops's exit codes, prints no
//! plaintext when it does, and `--ignore-mac` relaxes only the MAC check. The subjects are
//! sops-written vectors (encrypted for key1) in each text format.

mod common;

use std::path::{Path, PathBuf};

use common::data::{assert_contains_none, show};
use common::tamper::{change_lastmodified, change_unencrypted_value, flip_mac, flip_value_data};
use common::*;

const SUBJECTS: [&str; 4] = [
    "yaml/basic.enc.yaml",
    "json/basic.enc.json",
    "dotenv/basic.enc.env",
    "ini/basic.enc.ini",
];

const VALUE_FAILS_TO_AUTHENTICATE: i32 = 25;
const MAC_MISMATCH: i32 = 51;
const NO_USABLE_KEY: i32 = 128;

fn subjects() -> Option<Vec<PathBuf>> {
    let root = vectors_dir()?;
    Some(SUBJECTS.iter().map(|s| root.join(s)).collect())
}

/// Alters every subject with `edit`, decrypts it with key1 and `flags`, and hands each run
/// with its subject to `check`.
fn decrypt_altered(edit: fn(&str) -> String, flags: &[&str], check: impl Fn(&Run, &Path)) {
    let (Some(keys), Some(subjects)) = (keys(), subjects()) else {
        return;
    };
    for_each_file(&subjects, |subject| {
        let sandbox = Sandbox::new();
        let name = sandbox.copy_in(subject);
        let altered = edit(&show(&sandbox.read(&name)));
        sandbox.write(&name, altered.as_bytes());
        let key_file = keys.key_file_for(&sandbox, &[K1]);
        let args: Vec<&str> = ["decrypt"]
            .iter()
            .chain(flags)
            .chain([&name.as_str()])
            .copied()
            .collect();
        let run = sandbox.secret(&args, &[("SOPS_AGE_KEY_FILE", &key_file)]);
        check(&run, subject);
    });
}

/// Asserts the exit code, an empty stdout, and no plaintext value on either stream.
fn assert_refused_without_leaking(run: &Run, subject: &Path, code: i32) {
    run.expect_code(code);
    assert!(
        run.stdout.is_empty(),
        "`{}` printed:\n{}",
        run.what,
        run.stdout_text()
    );
    let secrets = secret_fragments(Format::of(subject), &sops_decrypted(subject));
    assert_contains_none(
        run.stderr.as_bytes(),
        &secrets,
        &format!("stderr of `{}`", run.what),
    );
    assert_no_hash(&run.stderr, &run.what);
}

/// No run of 32 or more hex digits (a hash of the values: a MAC would let anyone with
/// write access guess a short value from a log), and no base64 run of 40 or more with a
/// `+` or `/` in it (ciphertext). Public keys (age1…, bech32) may be named.
fn assert_no_hash(stderr: &str, what: &str) {
    let runs = |allowed: fn(char) -> bool| stderr.split(move |c: char| !allowed(c));
    let hex = runs(|c| c.is_ascii_hexdigit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    let ciphertext = runs(|c| c.is_ascii_alphanumeric() || "+/=".contains(c))
        .any(|run| run.len() >= 40 && run.contains(['+', '/']));
    assert!(
        hex < 32 && !ciphertext,
        "stderr of `{what}` holds what looks like a hash or ciphertext:\n{stderr}"
    );
}

fn assert_decrypted_anyway(run: &Run, subject: &Path) {
    let context = format!("`{}`", run.what);
    assert_eq!(run.code, 0, "{context} failed:\n{}", run.stderr);
    assert_same_data(
        Format::of(subject),
        &sops_decrypted(subject),
        &run.stdout,
        &context,
    );
}

#[test]
fn a_tampered_value_fails_with_25_and_prints_no_plaintext() {
    decrypt_altered(flip_value_data, &[], |run, subject| {
        assert_refused_without_leaking(run, subject, VALUE_FAILS_TO_AUTHENTICATE);
    });
}

#[test]
fn a_tampered_value_still_fails_with_25_under_ignore_mac() {
    decrypt_altered(flip_value_data, &["--ignore-mac"], |run, subject| {
        assert_refused_without_leaking(run, subject, VALUE_FAILS_TO_AUTHENTICATE);
    });
}

#[test]
fn a_tampered_mac_fails_with_51() {
    decrypt_altered(flip_mac, &[], |run, subject| {
        assert_refused_without_leaking(run, subject, MAC_MISMATCH);
    });
}

#[test]
fn a_changed_lastmodified_fails_with_51() {
    decrypt_altered(change_lastmodified, &[], |run, subject| {
        assert_refused_without_leaking(run, subject, MAC_MISMATCH);
    });
}

#[test]
fn a_changed_unencrypted_value_fails_with_51() {
    decrypt_altered(change_unencrypted_value, &[], |run, subject| {
        assert_refused_without_leaking(run, subject, MAC_MISMATCH);
    });
}

#[test]
fn ignore_mac_accepts_a_tampered_mac() {
    decrypt_altered(flip_mac, &["--ignore-mac"], assert_decrypted_anyway);
}

#[test]
fn ignore_mac_accepts_a_changed_lastmodified() {
    decrypt_altered(
        change_lastmodified,
        &["--ignore-mac"],
        assert_decrypted_anyway,
    );
}

#[test]
fn a_file_for_another_key_fails_with_128_naming_its_recipient_and_the_key_file() {
    let (Some(keys), Some(root)) = (keys(), vectors_dir()) else {
        return;
    };
    let sandbox = Sandbox::new();
    let name = sandbox.copy_in(&root.join("yaml/basic.enc.yaml"));
    let key2_file = keys.key_file_for(&sandbox, &[K2]);
    let run = sandbox.secret(&["decrypt", &name], &[("SOPS_AGE_KEY_FILE", &key2_file)]);
    assert_refused_without_leaking(&run, &root.join("yaml/basic.enc.yaml"), NO_USABLE_KEY);
    run.assert_stderr_contains(K1.recipient());
    assert!(
        run.stderr.contains("SOPS_AGE_KEY_FILE") || run.stderr.contains(&key2_file),
        "stderr does not say which key file was tried:\n{}",
        run.stderr
    );
}

#[test]
fn no_key_anywhere_fails_with_128_listing_where_keys_were_looked_for() {
    let Some(root) = vectors_dir() else { return };
    let sandbox = Sandbox::new();
    let name = sandbox.copy_in(&root.join("yaml/basic.enc.yaml"));
    let run = sandbox.secret(&["decrypt", &name], &[]);
    assert_refused_without_leaking(&run, &root.join("yaml/basic.enc.yaml"), NO_USABLE_KEY);
    run.assert_stderr_contains(K1.recipient())
        .assert_stderr_contains("SOPS_AGE_KEY")
        .assert_stderr_contains("SOPS_AGE_KEY_FILE")
        .assert_stderr_contains("sops/age/keys.txt");
}
