//! `secret recipients`: who can decrypt a file, and which of those keys this user holds.

use std::collections::HashMap;
use std::path::PathBuf;

use clap::Args;

use super::CliError;
use secret_core::keys::age::AgeIdentities;
use secret_core::keys::pgp::{self, HeldPgpKey};
use secret_core::ops::EncryptedFile;
use secret_core::sops::metadata::{Metadata, StoredKey};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret recipients secrets.enc.yaml
  secret recipients deploy/prod.enc.env     (before asking for access: is one of these mine?)")]
pub struct RecipientsArgs {
    /// The encrypted file.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,
}

pub fn run(args: &RecipientsArgs) -> Result<(), CliError> {
    let metadata = EncryptedFile::new(&args.file, None).metadata()?;
    let first = metadata
        .key_groups
        .iter()
        .flatten()
        .find_map(|key| match key {
            StoredKey::Age { recipient, .. } => Some(recipient.as_str()),
            _ => None,
        })
        .unwrap_or("");
    let held = held_keys(&AgeIdentities::discover(first));
    let pgp = held_pgp_keys(&metadata);
    print_groups(&args.file, &metadata, |key| match key {
        StoredKey::Pgp { fp, .. } => pgp.as_ref().ok()?.iter().find(|k| k.matches(fp)).map(|k| {
            if k.on_card {
                "a smartcard, through gpg".to_string()
            } else {
                pgp::keyring()
            }
        }),
        other => held.get(&key_id(&other.describe())).cloned(),
    });
    if let Err(error) = pgp {
        println!("  (PGP keys not checked: {error})");
    }
    Ok(())
}

/// The secret keys gpg holds, asked only when the file has PGP keys (`gpg
/// --list-secret-keys`: no passphrase asked).
fn held_pgp_keys(metadata: &Metadata) -> Result<Vec<HeldPgpKey>, pgp::PgpError> {
    let has_pgp = metadata
        .key_groups
        .iter()
        .flatten()
        .any(|key| matches!(key, StoredKey::Pgp { .. }));
    if has_pgp {
        pgp::held_keys()
    } else {
        Ok(Vec::new())
    }
}

/// Each recipient this user holds an identity for, with where that identity is.
fn held_keys(identities: &AgeIdentities) -> HashMap<String, String> {
    identities
        .sources
        .iter()
        .flat_map(|s| s.recipients.iter().map(|r| (key_id(r), s.name.clone())))
        .collect()
}

/// A recipient without the comment an SSH public key may carry.
fn key_id(recipient: &str) -> String {
    recipient
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Prints the groups; `held` says where this user holds a key (`None`: not held).
fn print_groups(
    file: &std::path::Path,
    metadata: &Metadata,
    held: impl Fn(&StoredKey) -> Option<String>,
) {
    let groups = &metadata.key_groups;
    let needed = if groups.len() > 1 {
        format!(
            "{} of {} key groups needed, one key from each",
            metadata.effective_threshold(),
            groups.len()
        )
    } else {
        "any one key opens it".to_string()
    };
    println!("{} ({needed}):", file.display());
    let mut groups_held = 0;
    for (index, group) in groups.iter().enumerate() {
        println!("group {index}:");
        let mut mine = false;
        for key in group {
            let recipient = match key {
                StoredKey::Pgp { fp, .. } => format!("{fp} (PGP)"),
                other => other.describe(),
            };
            match held(key) {
                Some(source) => {
                    mine = true;
                    println!("  ✓ {recipient}   (yours: {source})");
                }
                None => println!("    {recipient}"),
            }
        }
        groups_held += usize::from(mine);
    }
    if groups_held >= metadata.effective_threshold() {
        println!("✓ you hold the keys to decrypt it");
    } else {
        println!(
            "✗ you hold keys for {groups_held} of the {} groups needed (KMS keys are not checked: `secret doctor`)",
            metadata.effective_threshold()
        );
    }
}
