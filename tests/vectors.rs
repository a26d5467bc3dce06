//! `secret decrypt` reads every file the real sops 3.11 wrote in vectors/sops-3.11 and
//! prints the same data sops printed (the `NAME.dec.EXT` beside each `NAME.enc.EXT`).

mod common;

use std::path::{Path, PathBuf};

use common::*;

const SHAMIR_2OF3: [&str; 4] = [
    "shamir/2of3.enc.yaml",
    "shamir/2of3.enc.json",
    "shamir/2of3.enc.env",
    "shamir/2of3.enc.ini",
];

/// Every `*.enc.*` file of the vectors, sorted.
fn encrypted_vectors(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in std::fs::read_dir(root).expect("vectors dir").flatten() {
        let Ok(files) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        found.extend(
            files
                .flatten()
                .map(|f| f.path())
                .filter(|p| p.to_string_lossy().contains(".enc.")),
        );
    }
    found.sort();
    assert!(
        found.len() >= 20,
        "expected the sops 3.11 vectors in {}",
        root.display()
    );
    found
}

/// Copies a vector into a fresh sandbox.
fn sandbox_with_vector(vector: &Path) -> (Sandbox, String) {
    let sandbox = Sandbox::new();
    let name = sandbox.copy_in(vector);
    (sandbox, name)
}

fn check_decrypts_with(vector: &Path, identities: &[Key]) {
    let Some(keys) = keys() else { return };
    let (sandbox, name) = sandbox_with_vector(vector);
    let expected = sops_decrypted(vector);
    assert_decrypts_to(&sandbox, &secret(), &keys, &name, identities, &expected);
}

fn check_refused_with(vector: &Path, identities: &[Key]) {
    let Some(keys) = keys() else { return };
    let (sandbox, name) = sandbox_with_vector(vector);
    assert_key_refused(&sandbox, &secret(), &keys, &name, identities);
}

#[test]
fn every_vector_decrypts_to_what_sops_decrypted() {
    let (Some(root), Some(keys)) = (vectors_dir(), keys()) else {
        return;
    };
    let all_keys = keys.all_keys_file().to_string_lossy().into_owned();
    // age_and_kms.enc.yaml is opened through its age entry (key1), never through KMS
    for_each_file(&encrypted_vectors(&root), |vector| {
        let (sandbox, name) = sandbox_with_vector(vector);
        let run = sandbox.secret(&["decrypt", &name], &[("SOPS_AGE_KEY_FILE", &all_keys)]);
        let context = format!("`{}` with keys/all-keys.txt", run.what);
        assert_eq!(run.code, 0, "{context} failed:\n{}", run.stderr);
        assert_same_data(
            Format::of(vector),
            &sops_decrypted(vector),
            &run.stdout,
            &context,
        );
    });
}

#[test]
fn kms_vector_decrypts_with_its_age_key_alone() {
    let Some(root) = vectors_dir() else { return };
    check_decrypts_with(&root.join("yaml/age_and_kms.enc.yaml"), &[K1]);
}

#[test]
fn two_recipients_vector_decrypts_with_either_key_alone() {
    let Some(root) = vectors_dir() else { return };
    let vector = root.join("yaml/two_recipients.enc.yaml");
    check_decrypts_with(&vector, &[K1]);
    check_decrypts_with(&vector, &[K2]);
    check_refused_with(&vector, &[K3]);
}

#[test]
fn shamir_vectors_decrypt_with_any_two_of_three_keys() {
    let Some(root) = vectors_dir() else { return };
    let files: Vec<PathBuf> = SHAMIR_2OF3.iter().map(|f| root.join(f)).collect();
    for_each_file(&files, |vector| {
        for pair in [[K1, K2], [K1, K3], [K2, K3]] {
            check_decrypts_with(vector, &pair);
        }
    });
}

#[test]
fn shamir_vectors_refuse_one_key_alone_with_exit_128() {
    let Some(root) = vectors_dir() else { return };
    let files: Vec<PathBuf> = SHAMIR_2OF3.iter().map(|f| root.join(f)).collect();
    for_each_file(&files, |vector| {
        for key in [K1, K2, K3] {
            check_refused_with(vector, &[key]);
        }
    });
}

#[test]
fn mixed_shamir_vector_accepts_either_key_of_the_shared_group() {
    let Some(root) = vectors_dir() else { return };
    let vector = root.join("shamir/mixed.enc.yaml");
    check_decrypts_with(&vector, &[K4, K2]);
    check_decrypts_with(&vector, &[K1, K3]);
    // key1 and key4 unlock the same group: one share, below the threshold of two
    check_refused_with(&vector, &[K1, K4]);
}
