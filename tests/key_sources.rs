//! age identities are found in every place sops looks (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE,
//! SOPS_AGE_KEY_CMD, `$XDG_CONFIG_HOME/sops/age/keys.txt`), and combined across places;
//! recipients come from SOPS_AGE_RECIPIENTS.

mod common;

use common::*;

const VECTOR: &str = "yaml/basic.enc.yaml"; // encrypted for key1
const SHAMIR_VECTOR: &str = "shamir/2of3.enc.yaml"; // any two of key1..key3

fn identity_text(keys: &Keys, key: Key) -> String {
    std::fs::read_to_string(keys.identity_file(key)).expect("identity file")
}

/// Decrypts `vector` with `secret` given only `env` (after `setup` prepared the sandbox),
/// and checks the output against what sops printed.
fn assert_decrypts_given(
    vector: &str,
    setup: impl Fn(&Sandbox, &Keys) -> Vec<(&'static str, String)>,
) {
    let (Some(root), Some(keys)) = (vectors_dir(), keys()) else {
        return;
    };
    let sandbox = Sandbox::new();
    let name = sandbox.copy_in(&root.join(vector));
    let env = setup(&sandbox, &keys);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let run = sandbox.secret(&["decrypt", &name], &env);
    assert_eq!(
        run.code, 0,
        "`{}` with {env:?} failed:\n{}",
        run.what, run.stderr
    );
    let expected = sops_decrypted(&root.join(vector));
    assert_same_data(Format::of(&name), &expected, &run.stdout, &run.what);
}

/// Writes `text` as the default identity file, `$XDG_CONFIG_HOME/sops/age/keys.txt`.
fn write_default_keys_txt(sandbox: &Sandbox, text: &str) {
    let path = sandbox.home().join(".config/sops/age/keys.txt");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn identity_in_sops_age_key_decrypts() {
    assert_decrypts_given(VECTOR, |_, keys| {
        vec![("SOPS_AGE_KEY", identity_text(keys, K1))]
    });
}

#[test]
fn identity_in_sops_age_key_file_decrypts() {
    assert_decrypts_given(VECTOR, |sandbox, keys| {
        vec![("SOPS_AGE_KEY_FILE", keys.key_file_for(sandbox, &[K1]))]
    });
}

#[test]
fn identity_printed_by_sops_age_key_cmd_decrypts() {
    assert_decrypts_given(VECTOR, |sandbox, keys| {
        let key_file = keys.key_file_for(sandbox, &[K1]);
        vec![("SOPS_AGE_KEY_CMD", format!("cat {key_file}"))]
    });
}

#[test]
fn identity_in_default_keys_txt_decrypts() {
    assert_decrypts_given(VECTOR, |sandbox, keys| {
        write_default_keys_txt(sandbox, &identity_text(keys, K1));
        vec![]
    });
}

#[test]
fn identities_from_different_places_combine_for_shamir() {
    assert_decrypts_given(SHAMIR_VECTOR, |sandbox, keys| {
        write_default_keys_txt(sandbox, &identity_text(keys, K3));
        vec![("SOPS_AGE_KEY", identity_text(keys, K1))]
    });
}

#[test]
fn recipients_from_sops_age_recipients_can_decrypt() {
    let Some(t) = tools() else { return };
    let sandbox = Sandbox::new();
    sandbox.write("plain.yaml", b"password: from-env-recipients\n");
    let recipients = [K1.recipient(), K2.recipient()].join(",");
    let run = sandbox
        .secret(
            &["encrypt", "plain.yaml"],
            &[("SOPS_AGE_RECIPIENTS", &recipients)],
        )
        .success();
    sandbox.write("encrypted.yaml", &run.stdout);
    let expected = sandbox.read("plain.yaml");
    assert_decrypts_to(
        &sandbox,
        &t.sops,
        &t.keys,
        "encrypted.yaml",
        &[K2],
        &expected,
    );
}
