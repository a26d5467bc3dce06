//! `secret encrypt` follows the same rules as sops: for each vector's plaintext and the
//! exact flags sops was given (vectors/sops-3.11/README.md), secret encrypts the same
//! values, writes the same metadata settings, and sops decrypts its output.

mod common;

use std::path::Path;

use common::ops::encrypt_with_flags;
use common::shape::{encrypted_shape, metadata_settings};
use common::*;

struct Case {
    plaintext: &'static str,
    recipients: &'static [Key],
    flags: &'static [&'static str],
}

const fn case(plaintext: &'static str, flags: &'static [&'static str]) -> Case {
    Case {
        plaintext,
        recipients: &[K1],
        flags,
    }
}

const CASES: [Case; 14] = [
    case("yaml/basic.yaml", &[]),
    case(
        "yaml/encrypted_regex.yaml",
        &["--encrypted-regex", "^(data|stringData)$"],
    ),
    case(
        "yaml/unencrypted_regex.yaml",
        &["--unencrypted-regex", "^public_"],
    ),
    case(
        "yaml/encrypted_suffix.yaml",
        &["--encrypted-suffix", "_secret"],
    ),
    case(
        "yaml/mac_only_encrypted.yaml",
        &["--mac-only-encrypted", "--encrypted-regex", "^secrets$"],
    ),
    case(
        "yaml/comment_regex.yaml",
        &["--encrypted-comment-regex", "sops:enc"],
    ),
    case("yaml/multidoc.yaml", &[]),
    case("yaml/edge_types.yaml", &[]),
    Case {
        plaintext: "yaml/two_recipients.yaml",
        recipients: &[K1, K2],
        flags: &[],
    },
    case("json/basic.json", &[]),
    case(
        "json/encrypted_regex.json",
        &["--encrypted-regex", "^data$"],
    ),
    case("dotenv/basic.env", &[]),
    case("ini/basic.ini", &[]),
    case("binary/basic.bin", &[]),
];

impl Case {
    /// The vector sops wrote from the plaintext: `NAME.EXT` -> `NAME.enc.EXT`.
    fn sops_encrypted_name(&self) -> String {
        let (stem, ext) = self.plaintext.rsplit_once('.').unwrap();
        format!("{stem}.enc.{ext}")
    }

    fn sops_encrypted(&self, root: &Path) -> Vec<u8> {
        std::fs::read(root.join(self.sops_encrypted_name())).expect("the vector's .enc file")
    }
}

/// Encrypts every case's plaintext with secret and hands the case, the name of the
/// encrypted file and its sandbox to `check`.
fn for_each_case(check: impl Fn(&Case, &Sandbox, &str)) {
    let Some(root) = vectors_dir() else { return };
    let plaintexts: Vec<_> = CASES.iter().map(|c| root.join(c.plaintext)).collect();
    for_each_file(&plaintexts, |plaintext| {
        let case = CASES
            .iter()
            .find(|c| root.join(c.plaintext) == plaintext)
            .unwrap();
        let sandbox = Sandbox::new();
        let name = sandbox.copy_in(plaintext);
        let encrypted = format!("encrypted-{name}");
        encrypt_with_flags(
            &sandbox,
            &secret(),
            &name,
            case.recipients,
            case.flags,
            &encrypted,
        );
        check(case, &sandbox, &encrypted);
    });
}

#[test]
fn secret_encrypts_the_same_values_as_sops_under_each_rule() {
    let Some(root) = vectors_dir() else { return };
    for_each_case(|case, sandbox, encrypted| {
        let format = Format::of(encrypted);
        assert_eq!(
            encrypted_shape(format, &sandbox.read(encrypted)),
            encrypted_shape(format, &case.sops_encrypted(&root)),
            "{}: secret and sops encrypted different values",
            case.plaintext
        );
    });
}

#[test]
fn secret_writes_the_same_metadata_settings_as_sops() {
    let Some(root) = vectors_dir() else { return };
    for_each_case(|case, sandbox, encrypted| {
        let format = Format::of(encrypted);
        assert_eq!(
            metadata_settings(format, &sandbox.read(encrypted)),
            metadata_settings(format, &case.sops_encrypted(&root)),
            "{}: the metadata settings differ from sops's",
            case.plaintext
        );
    });
}

#[test]
fn sops_decrypts_what_secret_encrypted_under_each_rule() {
    let (Some(t), Some(root)) = (tools(), vectors_dir()) else {
        return;
    };
    for_each_case(|case, sandbox, encrypted| {
        let expected = sops_decrypted(&root.join(case.sops_encrypted_name()));
        assert_decrypts_to(sandbox, &t.sops, &t.keys, encrypted, &[K1], &expected);
    });
}
