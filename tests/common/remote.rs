//! What the tests of remote key services (Vault, GCP KMS, Azure Key Vault) share: the
//! companion `secret-remote` they need, and the metadata block of an encrypted file as
//! text, to compare what `secret` writes with what sops writes byte for byte.

use crate::common::data::Format;
use crate::common::tools::secret;

/// `secret-remote`, beside the `secret` under test: part of this workspace, so its absence
/// is always a failure (`cargo build -p secret-remote`, or `cargo test --workspace`).
pub fn assert_remote_companion() {
    let companion = secret().path.with_file_name("secret-remote");
    assert!(
        companion.is_file(),
        "{} is missing: build it with `cargo build -p secret-remote` (cargo test --workspace does)",
        companion.display()
    );
}

/// The lines of an encrypted file's metadata block, but `lastmodified` and `mac` (which
/// every write renews): from `sops:` on in YAML, from `"sops":` in JSON, the `sops_` lines
/// of dotenv, the `[sops]` section of INI (sorted and unaligned: sops writes it in random order, with
/// the `=` aligned).
pub fn metadata_lines(format: Format, encrypted: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(encrypted);
    let renewed = |line: &str| {
        let key = line
            .trim_start()
            .trim_start_matches('"')
            .trim_start_matches("sops_");
        ["lastmodified", "mac"].iter().any(|name| {
            key.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with([':', '"', '=', ' ']))
        })
    };
    let mut lines: Vec<String> = match format {
        Format::Yaml => text
            .lines()
            .skip_while(|l| !l.starts_with("sops:"))
            .map(str::to_string)
            .collect(),
        Format::Json | Format::Binary => text
            .lines()
            .skip_while(|l| !l.trim_start().starts_with("\"sops\":"))
            .map(str::to_string)
            .collect(),
        Format::Dotenv => text
            .lines()
            .filter(|l| l.starts_with("sops_"))
            .map(str::to_string)
            .collect(),
        // go-ini writes keys in random order and aligns the `=` of a section.
        Format::Ini => {
            let mut section: Vec<String> = text
                .lines()
                .skip_while(|l| l.trim() != "[sops]")
                .map(|l| match l.split_once('=') {
                    Some((key, value)) => format!("{} = {}", key.trim_end(), value.trim_start()),
                    None => l.to_string(),
                })
                .collect();
            section.sort();
            section
        }
    };
    lines.retain(|line| !renewed(line));
    assert!(!lines.is_empty(), "no metadata block in:\n{text}");
    lines
}
