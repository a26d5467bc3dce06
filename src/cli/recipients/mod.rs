//! `secret recipients`: who can decrypt a file (and whether that lags its creation rule),
//! and people joining or leaving in one command: `add` and `remove` change `.sops.yaml` in
//! place and re-key every file the rules cover (see `change.rs`).

mod change;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::drift::{describe_drift, named};
use super::{Cli, CliError};
use change::{AddArgs, RemoveArgs};
use secret_core::config::{self, Config};
use secret_core::config_edit::KeyId;
use secret_core::keys::age::{AgeIdentities, plugin};
use secret_core::keys::pgp::{self, HeldPgpKey};
use secret_core::ops::EncryptedFile;
use secret_core::ops::KeyRequest;
use secret_core::ops::rewrite::drift;
use secret_core::sops::metadata::{Metadata, StoredKey};

/// Who can decrypt a file; people joining (`add`) and leaving (`remove`) in one command.
///
/// `secret recipients FILE` (or `recipients show FILE`) lists who can decrypt a file, key
/// group by key group, marking the keys you hold and naming keys that have a name under
/// `secret: names:` in .sops.yaml; it says when the file lags its creation rule, and the
/// command that fixes it. It reads only the file's metadata: no key is needed. Your keys
/// are the age identities found where sops looks for them (SOPS_AGE_KEY,
/// SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, the default key file, SSH keys; no passphrase is
/// asked, and an age plugin's recipient is marked when you hold an identity of that
/// plugin) and, when the file has PGP keys, the secret keys gpg lists (`gpg
/// --list-secret-keys`: no passphrase asked); a KMS key cannot be checked without
/// calling AWS, so it is never marked.
///
/// `add KEY… [--name NAME]` adds keys to the creation rules of .sops.yaml (in place,
/// comments and layout kept) and re-keys every file they cover; `remove KEY|NAME` takes
/// a key out, gives those files new data keys, and lists every value the key could read
/// in the git history: the credentials to change.
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    arg_required_else_help = true,
    after_help = "Examples:
  secret recipients secrets.enc.yaml
  secret recipients deploy/prod.enc.env     (before asking for access: is one of these mine?)
  secret recipients add age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p --name alice
  secret recipients remove alice --dry-run"
)]
pub struct RecipientsArgs {
    #[command(subcommand)]
    pub action: Option<RecipientsCommand>,

    /// The encrypted file (the same as `secret recipients show FILE`).
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RecipientsCommand {
    /// List who can decrypt a file, key group by key group, marking the keys you hold.
    ///
    /// Also says when the file's recipients lag its `.sops.yaml` creation rule, and the
    /// command that brings it in line.
    Show(ShowArgs),
    /// Give a key access: add it to the creation rules of .sops.yaml and re-encrypt the data
    /// key of every file they cover for it, in one pass.
    ///
    /// .sops.yaml is changed in place: only the key is added (to a comma-separated string
    /// or a YAML list, as the rule writes its keys), comments and layout stay. KEY is an age
    /// recipient (age1…, ssh-ed25519 …), a PGP fingerprint or an AWS KMS key ARN. The files
    /// are found under the directory of .sops.yaml (.git skipped): every sops file a chosen
    /// rule covers. A file you cannot open stops the command before anything is written.
    Add(AddArgs),
    /// Take a key's access away: remove it from the creation rules, give every file they
    /// cover a new data key, and list what the key could read.
    ///
    /// The list names every key path of every file that the key could decrypt in any commit
    /// of the git history (read from metadata and key names, no key needed), deleted values
    /// and deleted files included: those credentials are the ones to change at their
    /// providers, since old copies of the files stay readable with the key.
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret recipients show secrets.enc.yaml
  secret recipients show deploy/prod.enc.env     (before asking for access: is one of these mine?)")]
pub struct ShowArgs {
    /// The encrypted file.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,
}

pub fn run(cli: &Cli, args: &RecipientsArgs) -> Result<(), CliError> {
    match (&args.action, &args.file) {
        (Some(RecipientsCommand::Show(show)), _) => run_show(cli, &show.file),
        (Some(RecipientsCommand::Add(add)), _) => change::add(cli, add),
        (Some(RecipientsCommand::Remove(remove)), _) => change::remove(cli, remove),
        (None, Some(file)) => run_show(cli, file),
        (None, None) => Err(CliError::Conflict(
            "name a FILE, or say add or remove".into(),
        )),
    }
}

fn run_show(cli: &Cli, file: &Path) -> Result<(), CliError> {
    let metadata = EncryptedFile::new(file, None).metadata()?;
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
    let loaded =
        config::find(cli.options.config.as_deref(), Some(file)).and_then(|p| config::load(&p).ok());
    let names = loaded.as_ref().map(|l| &l.config);
    print_groups(file, &metadata, names, |key| match key {
        StoredKey::Pgp { fp, .. } => pgp.as_ref().ok()?.iter().find(|k| k.matches(fp)).map(|k| {
            if k.on_card {
                "a smartcard, through gpg".to_string()
            } else {
                pgp::keyring()
            }
        }),
        other => held.get(&key_id(&other.describe())).cloned().or_else(|| {
            // A plugin recipient: the plugin decides, so an identity of the same plugin.
            let name = plugin::plugin_of(&other.describe())?;
            held.get(&plugin_key(&name))
                .map(|source| format!("{} identity in {source}", plugin::program(&name)))
        }),
    });
    if let Err(error) = pgp {
        println!("  (PGP keys not checked: {error})");
    }
    if let Some(loaded) = &loaded {
        let wanted = KeyRequest::default()
            .options_for(loaded, file, EncryptedFile::new(file, None).format)
            .ok();
        if let Some(wanted) = wanted {
            let lag = drift(&metadata, &wanted);
            if !lag.is_empty() {
                println!(
                    "✗ lags its creation rule in {}: {}\n    fix: secret updatekeys --yes {}",
                    loaded.path.display(),
                    describe_drift(&lag, Some(&loaded.config)),
                    file.display()
                );
            }
        }
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

/// Each recipient this user holds an identity for, with where that identity is; and under
/// [`plugin_key`], each age plugin this user holds identities of.
fn held_keys(identities: &AgeIdentities) -> HashMap<String, String> {
    identities
        .sources()
        .iter()
        .flat_map(|s| {
            let plugins = s.plugins.iter().map(|p| plugin_key(p));
            s.recipients
                .iter()
                .map(|r| key_id(r))
                .chain(plugins)
                .map(|k| (k, s.name.clone()))
        })
        .collect()
}

/// The key of [`held_keys`] for identities of the plugin `name`.
fn plugin_key(name: &str) -> String {
    format!("plugin:{name}")
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
    file: &Path,
    metadata: &Metadata,
    config: Option<&Config>,
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
                StoredKey::Pgp { fp, .. } => format!("{fp}{}", name_suffix(fp, config, " (PGP)")),
                other => named(&other.describe(), config),
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
            "✗ you hold keys for {groups_held} of the {} groups needed (KMS, Vault, GCP and Azure keys are not \
             checked: `secret doctor`)",
            metadata.effective_threshold()
        );
    }
}

/// ` (PGP, name)` for a named fingerprint, else `plain`.
fn name_suffix(fp: &str, config: Option<&Config>, plain: &str) -> String {
    let name = config.and_then(|c| {
        KeyId::parse(fp)
            .ok()
            .and_then(|k| secret_core::config_edit::name_of(c, &k))
    });
    match name {
        Some(name) => format!(" (PGP, {name})"),
        None => plain.to_string(),
    }
}
