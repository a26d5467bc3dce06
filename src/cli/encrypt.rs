//! `secret encrypt`: encrypts the values of a plaintext file for the recipients named on
//! the command line or by the matching `.sops.yaml` creation rule.

use clap::Args;

use super::io::FileArgs;
use super::{Cli, CliError};
use crate::config::{self, CreationRule};
use crate::keys::age::AgeRecipient;
use crate::sops::datakey::Recipient;
use crate::sops::encrypt::{EncryptOptions, encrypt};
use crate::sops::rules::Selector;
use crate::store::Format;

/// Encrypt a file to standard output, to -o OUT, or in place with -i.
///
/// Keys stay readable; each value is encrypted on its own, and comments, order and layout
/// are kept byte for byte.
///
/// Example: secret encrypt --age age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p secrets.yaml > secrets.enc.yaml
#[derive(Debug, Args)]
pub struct EncryptArgs {
    #[command(flatten)]
    pub file: FileArgs,

    /// age recipients (age1…, ssh-ed25519 …, ssh-rsa …), comma-separated. Replaces the keys
    /// of the creation rule.
    #[arg(short, long, env = "SOPS_AGE_RECIPIENTS", value_name = "RECIPIENTS")]
    pub age: Option<String>,

    #[command(flatten)]
    pub selector: SelectorArgs,

    /// Compute the MAC over encrypted values only, so clear values may be edited freely.
    #[arg(long)]
    pub mac_only_encrypted: bool,

    /// Number of key groups needed to decrypt (with several key groups).
    #[arg(long, value_name = "N")]
    pub shamir_secret_sharing_threshold: Option<usize>,
}

/// Which values are encrypted: at most one of these (default: all but `*_unencrypted`).
#[derive(Debug, Args)]
pub struct SelectorArgs {
    /// Leave values clear whose key (or a parent's) ends with this suffix.
    #[arg(long, value_name = "SUFFIX")]
    pub unencrypted_suffix: Option<String>,
    /// Encrypt only values whose key (or a parent's) ends with this suffix.
    #[arg(long, value_name = "SUFFIX")]
    pub encrypted_suffix: Option<String>,
    /// Leave values clear whose key (or a parent's) matches this regex.
    #[arg(long, value_name = "REGEX")]
    pub unencrypted_regex: Option<String>,
    /// Encrypt only values whose key (or a parent's) matches this regex.
    #[arg(long, value_name = "REGEX")]
    pub encrypted_regex: Option<String>,
    /// Leave values clear that follow a comment matching this regex.
    #[arg(long, value_name = "REGEX")]
    pub unencrypted_comment_regex: Option<String>,
    /// Encrypt only values that follow a comment matching this regex.
    #[arg(long, value_name = "REGEX")]
    pub encrypted_comment_regex: Option<String>,
}

impl SelectorArgs {
    fn settings(&self) -> Vec<(&'static str, &str)> {
        [
            ("unencrypted_suffix", &self.unencrypted_suffix),
            ("encrypted_suffix", &self.encrypted_suffix),
            ("unencrypted_regex", &self.unencrypted_regex),
            ("encrypted_regex", &self.encrypted_regex),
            ("unencrypted_comment_regex", &self.unencrypted_comment_regex),
            ("encrypted_comment_regex", &self.encrypted_comment_regex),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.as_deref().map(|v| (key, v)))
        .collect()
    }
}

pub fn run(cli: &Cli, args: &EncryptArgs) -> Result<(), CliError> {
    let format = args.file.format()?;
    let src = args.file.read()?;
    let name = args.file.name();
    let loaded = config::find(cli.config.as_deref(), args.file.file.as_deref())
        .map(|p| config::load(&p))
        .transpose()?;
    let rule = match &loaded {
        Some(loaded) => loaded.rule_for(&name)?,
        None => None,
    };
    let options = options(args, rule, format)?;
    if options.key_groups.is_empty() {
        return Err(CliError::NoRecipients(name));
    }
    let encrypted = encrypt(format.store().as_ref(), &src, &options)
        .map_err(|source| CliError::Sops { file: name, source })?;
    args.file.write(&encrypted)
}

/// Flags first, then the creation rule, as sops applies them (sops-format.md §7.3).
fn options(
    args: &EncryptArgs,
    rule: Option<&CreationRule>,
    format: Format,
) -> Result<EncryptOptions, CliError> {
    let flag_selector = Selector::from_settings(args.selector.settings())?;
    let selector = match flag_selector {
        Some(selector) => Some(selector),
        None => Selector::from_settings(
            rule.map(CreationRule::selector_settings)
                .unwrap_or_default(),
        )?,
    };
    Ok(EncryptOptions {
        key_groups: key_groups(args, rule)?,
        shamir_threshold: args
            .shamir_secret_sharing_threshold
            .or_else(|| rule.and_then(|r| r.shamir_threshold))
            .unwrap_or(0),
        selector,
        mac_only_encrypted: args.mac_only_encrypted
            || rule.and_then(|r| r.mac_only_encrypted).unwrap_or(false),
        write_selector: format != Format::Binary,
    })
}

type KeyGroups = Vec<Vec<Box<dyn Recipient>>>;

fn key_groups(args: &EncryptArgs, rule: Option<&CreationRule>) -> Result<KeyGroups, CliError> {
    if let Some(list) = &args.age {
        return Ok(vec![boxed(AgeRecipient::parse_list(list)?)]);
    }
    let Some(rule) = rule else {
        return Ok(Vec::new());
    };
    if rule.kms.is_some() || rule.key_groups.iter().any(|g| !g.kms.is_empty()) {
        return Err(CliError::Unsupported(
            "AWS KMS keys in .sops.yaml are not supported by this build yet".into(),
        ));
    }
    if !rule.key_groups.is_empty() {
        return rule
            .key_groups
            .iter()
            .map(|group| {
                Ok(boxed(AgeRecipient::parse_list(
                    &group.age_recipients().join(","),
                )?))
            })
            .collect();
    }
    let flat = rule
        .age
        .as_ref()
        .map(|a| a.items().join(","))
        .unwrap_or_default();
    let recipients = AgeRecipient::parse_list(&flat)?;
    Ok(if recipients.is_empty() {
        Vec::new()
    } else {
        vec![boxed(recipients)]
    })
}

fn boxed(recipients: Vec<AgeRecipient>) -> Vec<Box<dyn Recipient>> {
    recipients
        .into_iter()
        .map(|r| Box::new(r) as Box<dyn Recipient>)
        .collect()
}
