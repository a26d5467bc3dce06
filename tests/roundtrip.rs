//! `secret` alone: decrypting what it encrypted gives back the input byte for byte, and
//! the encrypted file shows none of the values it should hide.

mod common;

use std::path::Path;

use common::data::{assert_contains_none, show};
use common::*;

/// Encrypts corpus `file` with secret for key1 in a fresh sandbox; returns the sandbox and
/// the names of the plaintext and the encrypted copy.
fn encrypted_by_secret(file: &Path) -> (Sandbox, String, String) {
    let sandbox = Sandbox::new();
    let name = sandbox.copy_in(file);
    let encrypted = encrypted_name(&secret(), &name);
    encrypt(&sandbox, &secret(), &name, &[K1], &encrypted);
    (sandbox, name, encrypted)
}

#[test]
fn decrypting_what_secret_encrypted_gives_back_the_input_bytes() {
    let Some(keys) = keys() else { return };
    for_each_file(&corpus_files(), |file| {
        let (sandbox, name, encrypted) = encrypted_by_secret(file);
        let decrypted = decrypt(&sandbox, &secret(), &keys, &encrypted, &[K1])
            .success()
            .stdout;
        let input = sandbox.read(&name);
        assert!(
            decrypted == input,
            "{name}: the round trip changed the bytes\n--- input:\n{}\n--- decrypted:\n{}",
            show(&input),
            show(&decrypted)
        );
    });
}

#[test]
fn encrypted_files_show_no_secret_value_in_clear() {
    for_each_file(&corpus_files(), |file| {
        let (sandbox, name, encrypted) = encrypted_by_secret(file);
        let secrets = secret_fragments(Format::of(&name), &sandbox.read(&name));
        assert!(
            !secrets.is_empty(),
            "{name}: the corpus file has no value to hide"
        );
        let encrypted_text = show(&sandbox.read(&encrypted));
        assert!(
            encrypted_text.contains("ENC[AES256_GCM,data:"),
            "{encrypted}: nothing encrypted"
        );
        assert_contains_none(encrypted_text.as_bytes(), &secrets, &encrypted);
    });
}

#[test]
fn encrypted_files_keep_unencrypted_suffix_values_in_clear() {
    for_each_file(&corpus_files(), |file| {
        let (sandbox, name, encrypted) = encrypted_by_secret(file);
        let encrypted_text = show(&sandbox.read(&encrypted));
        for value in clear_values(&show(&sandbox.read(&name))) {
            assert!(
                encrypted_text.contains(&value),
                "{encrypted}: {value:?} is not in clear"
            );
        }
    });
}

/// The values of the keys ending in `_unencrypted`, read from their lines (the corpus
/// writes them on one line, unquoted or in double quotes).
fn clear_values(plaintext: &str) -> Vec<String> {
    plaintext
        .lines()
        .filter(|line| line.contains("_unencrypted"))
        .filter_map(|line| line.split_once(['=', ':']).map(|(_, v)| v))
        .map(|value| {
            value
                .trim()
                .trim_end_matches(',')
                .trim_matches('"')
                .to_string()
        })
        .filter(|value| !value.is_empty())
        .collect()
}
