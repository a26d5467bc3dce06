//! A large file (about 6,000 values, 300 KB): byte-exact round trips, sops agreeing in
//! both directions, and a value tampered with late in the file named with its place.

mod common;

use common::data::{assert_same_data, show};
use common::*;

/// 100 maps of 60 keys with comments, numbers and quoted strings.
fn large_yaml() -> String {
    let mut text = String::from("# a large file\n");
    for m in 0..100 {
        text.push_str(&format!("map_{m:03}:\n  # map {m}\n"));
        for k in 0..60 {
            let value = match k % 4 {
                0 => format!("value-{m}-{k}-0123456789abcdef0123456789"),
                1 => format!("{}", m * 1000 + k),
                2 => format!("'quoted {m} {k} with # and: colon'"),
                _ => format!("\"double {m}-{k}\"  # trailing"),
            };
            text.push_str(&format!("  key_{k:03}: {value}\n"));
        }
    }
    text
}

/// A sandbox with the large file, encrypted by `tool` for key1: the sandbox and the names
/// of the plaintext and the encrypted copy.
fn large_file_encrypted_by(tool: &Tool) -> (Sandbox, String, String) {
    let sandbox = Sandbox::new();
    let name = "large.yaml".to_string();
    sandbox.write(&name, large_yaml().as_bytes());
    let encrypted = encrypted_name(tool, &name);
    encrypt(&sandbox, tool, &name, &[K1], &encrypted);
    (sandbox, name, encrypted)
}

#[test]
fn a_large_file_round_trips_byte_for_byte_and_sops_reads_it() {
    let Some(keys) = keys() else { return };
    let (sandbox, name, encrypted) = large_file_encrypted_by(&secret());
    let decrypted = decrypt(&sandbox, &secret(), &keys, &encrypted, &[K1])
        .success()
        .stdout;
    assert!(
        decrypted == sandbox.read(&name),
        "the round trip changed the bytes"
    );
    let Some(sops) = sops() else { return };
    let by_sops = decrypt(&sandbox, &sops, &keys, &encrypted, &[K1])
        .success()
        .stdout;
    assert_same_data(
        Format::Yaml,
        &sandbox.read(&name),
        &by_sops,
        "sops decrypting secret's",
    );
}

#[test]
fn a_large_file_sops_wrote_decrypts_to_the_same_data() {
    let (Some(keys), Some(sops)) = (keys(), sops()) else {
        return;
    };
    let (sandbox, name, encrypted) = large_file_encrypted_by(&sops);
    let decrypted = decrypt(&sandbox, &secret(), &keys, &encrypted, &[K1])
        .success()
        .stdout;
    assert_same_data(
        Format::Yaml,
        &sandbox.read(&name),
        &decrypted,
        "secret decrypting sops's",
    );
}

#[test]
fn a_tampered_value_late_in_a_large_file_is_named_with_its_place() {
    let Some(keys) = keys() else { return };
    let (sandbox, _, encrypted) = large_file_encrypted_by(&secret());
    let text = show(&sandbox.read(&encrypted));
    // The last map's key_058, near the end of the file.
    let lines: Vec<&str> = text.lines().collect();
    let last = lines
        .iter()
        .rposition(|line| line.contains("key_058: ENC[AES256_GCM,data:"))
        .expect("an encrypted key_058");
    let tampered: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            if i == last {
                line.replacen("data:", "data:A", 1)
            } else {
                line.to_string()
            }
        })
        .collect();
    sandbox.write(&encrypted, (tampered.join("\n") + "\n").as_bytes());
    let run = decrypt(&sandbox, &secret(), &keys, &encrypted, &[K1]);
    run.expect_code(25);
    assert!(
        run.stdout.is_empty(),
        "printed plaintext:\n{}",
        run.stdout_text()
    );
    run.assert_stderr_contains("map_099.key_058");
    run.assert_stderr_contains(&format!("{}:", last + 1));
}
