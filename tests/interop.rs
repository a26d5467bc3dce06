//! `secret` and the real sops 3.11 read each other's files: for every corpus file, one
//! encrypts and the other decrypts to the same data sops gets back from its own
//! encryption. Also with two recipients, and with `.sops.yaml` rules (two recipients,
//! 2-of-3 Shamir key groups): exactly the right key sets open the file.

mod common;

use std::path::Path;

use common::corpus::sops_config_files;
use common::*;

/// Which identity sets open a file, and which must be refused with exit 128.
struct Access {
    enough: &'static [&'static [Key]],
    not_enough: &'static [&'static [Key]],
}

const KEY1_ONLY: Access = Access {
    enough: &[&[K1]],
    not_enough: &[&[K2]],
};
const KEY1_OR_KEY2: Access = Access {
    enough: &[&[K1], &[K2]],
    not_enough: &[&[K3]],
};
const TWO_OF_THREE: Access = Access {
    enough: &[&[K1, K2], &[K1, K3], &[K2, K3]],
    not_enough: &[&[K1], &[K2], &[K3]],
};

/// How the encrypting tool learns its recipients.
enum Recipients {
    CommandLine(&'static [Key]),
    /// The `.sops.yaml` of tests/corpus/sops-config, copied into the sandbox.
    SopsConfig,
}

/// `encrypter` encrypts `file`; `decrypter` opens the result with every identity set in
/// `access.enough`, to the same data as sops's reference, and refuses the others.
fn check(
    t: &Tools,
    encrypter: &Tool,
    decrypter: &Tool,
    file: &Path,
    how: Recipients,
    access: &Access,
) {
    let expected = sops_reference(&t.sops, &t.keys, file);
    let sandbox = Sandbox::new();
    let name = sandbox.copy_in(file);
    let encrypted = encrypted_name(encrypter, &name);
    match how {
        Recipients::CommandLine(keys) => encrypt(&sandbox, encrypter, &name, keys, &encrypted),
        Recipients::SopsConfig => {
            sandbox.copy_in(&sops_config_dir().join(".sops.yaml"));
            encrypt(&sandbox, encrypter, &name, &[], &encrypted);
        }
    }
    for identities in access.enough {
        assert_decrypts_to(
            &sandbox, decrypter, &t.keys, &encrypted, identities, &expected,
        );
    }
    for identities in access.not_enough {
        assert_key_refused(&sandbox, decrypter, &t.keys, &encrypted, identities);
    }
}

/// The `.sops.yaml` cases, each with the access its rule grants.
fn check_sops_config_cases(t: &Tools, encrypter: &Tool, decrypter: &Tool) {
    for_each_file(&sops_config_files("two_recipients"), |file| {
        check(
            t,
            encrypter,
            decrypter,
            file,
            Recipients::SopsConfig,
            &KEY1_OR_KEY2,
        );
    });
    for_each_file(&sops_config_files("shamir"), |file| {
        check(
            t,
            encrypter,
            decrypter,
            file,
            Recipients::SopsConfig,
            &TWO_OF_THREE,
        );
    });
}

#[test]
fn sops_decrypts_every_corpus_file_secret_encrypted() {
    let Some(t) = tools() else { return };
    for_each_file(&corpus_files(), |file| {
        check(
            &t,
            &t.secret,
            &t.sops,
            file,
            Recipients::CommandLine(&[K1]),
            &KEY1_ONLY,
        );
    });
}

#[test]
fn secret_decrypts_every_corpus_file_sops_encrypted() {
    let Some(t) = tools() else { return };
    for_each_file(&corpus_files(), |file| {
        check(
            &t,
            &t.sops,
            &t.secret,
            file,
            Recipients::CommandLine(&[K1]),
            &KEY1_ONLY,
        );
    });
}

#[test]
fn sops_opens_secret_files_for_two_recipients_with_either_key() {
    let Some(t) = tools() else { return };
    for_each_file(&corpus_files(), |file| {
        check(
            &t,
            &t.secret,
            &t.sops,
            file,
            Recipients::CommandLine(&[K1, K2]),
            &KEY1_OR_KEY2,
        );
    });
}

#[test]
fn secret_opens_sops_files_for_two_recipients_with_either_key() {
    let Some(t) = tools() else { return };
    for_each_file(&corpus_files(), |file| {
        check(
            &t,
            &t.sops,
            &t.secret,
            file,
            Recipients::CommandLine(&[K1, K2]),
            &KEY1_OR_KEY2,
        );
    });
}

#[test]
fn sops_opens_secret_files_made_from_sops_config_rules() {
    let Some(t) = tools() else { return };
    check_sops_config_cases(&t, &t.secret, &t.sops);
}

#[test]
fn secret_opens_sops_files_made_from_sops_config_rules() {
    let Some(t) = tools() else { return };
    check_sops_config_cases(&t, &t.sops, &t.secret);
}
