//! `secret encrypt`: encrypts the values of a plaintext file for the recipients named on
//! the command line or by the matching `.sops.yaml` creation rule.

use std::path::Path;

use clap::Args;

use super::io::FileArgs;
use super::{Cli, CliError};
use secret_core::aws::KmsKey;
use secret_core::config::{self, CreationRule, KeyGroupConfig, SelectorSettings};
use secret_core::convert::convert;
use secret_core::keys::age::AgeKey;
use secret_core::sops::datakey::MasterKey;
use secret_core::sops::encrypt::{EncryptOptions, encrypt};
use secret_core::sops::error::SopsError;
use secret_core::sops::rules::Selector;
use secret_core::store::Format;

#[derive(Debug, Args)]
pub struct EncryptArgs {
    #[command(flatten)]
    pub file: FileArgs,

    #[command(flatten)]
    pub keys: KeyArgs,
}

// Who a new file is encrypted for and which of its values: flags override `.sops.yaml`.
#[derive(Debug, Default, Args)]
pub struct KeyArgs {
    /// age recipients (age1…, ssh-ed25519 …, ssh-rsa …), comma-separated. Replaces the keys
    /// of the creation rule.
    #[arg(short, long, env = "SOPS_AGE_RECIPIENTS", value_name = "RECIPIENTS")]
    pub age: Option<String>,

    /// AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first.
    #[arg(short, long, env = "SOPS_KMS_ARN", value_name = "ARNS")]
    pub kms: Option<String>,

    /// Encryption context for the --kms keys: `key:value,key2:value2`.
    #[arg(long, value_name = "CONTEXT")]
    pub encryption_context: Option<String>,

    /// AWS profile for the --kms keys.
    #[arg(long, value_name = "PROFILE")]
    pub aws_profile: Option<String>,

    #[command(flatten)]
    pub selector: SelectorFlags,

    /// Compute the MAC over encrypted values only, so clear values may be edited freely.
    #[arg(long)]
    pub mac_only_encrypted: bool,

    /// Number of key groups needed to decrypt (with several key groups).
    #[arg(long, value_name = "N")]
    pub shamir_secret_sharing_threshold: Option<usize>,
}

// Which values are encrypted: at most one of these (default: all but `*_unencrypted`).
// The same six settings as `.sops.yaml` keys.
#[derive(Debug, Default, Clone, Args)]
pub struct SelectorFlags {
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

impl SelectorFlags {
    pub fn settings(&self) -> SelectorSettings {
        SelectorSettings {
            unencrypted_suffix: self.unencrypted_suffix.clone(),
            encrypted_suffix: self.encrypted_suffix.clone(),
            unencrypted_regex: self.unencrypted_regex.clone(),
            encrypted_regex: self.encrypted_regex.clone(),
            unencrypted_comment_regex: self.unencrypted_comment_regex.clone(),
            encrypted_comment_regex: self.encrypted_comment_regex.clone(),
        }
    }
}

pub fn run(cli: &Cli, args: &EncryptArgs) -> Result<(), CliError> {
    let format = args.file.output_format();
    let src = args.file.read()?;
    let name = args.file.name();
    let sops_error = |source: SopsError| CliError::Sops {
        file: name.clone(),
        source,
    };
    let plaintext = convert(&src, args.file.format(), format).map_err(|e| sops_error(e.into()))?;
    let options = encrypt_options(cli, &args.keys, &name, args.file.file.as_deref(), format)?;
    let encrypted = encrypt(format.store().as_ref(), &plaintext, &options).map_err(sops_error)?;
    args.file.write(&encrypted)
}

/// The keys and settings for a new file named `name`: flags first, then the matching
/// creation rule of `.sops.yaml`, as sops applies them (sops-format.md §7.3).
pub(super) fn encrypt_options(
    cli: &Cli,
    args: &KeyArgs,
    name: &Path,
    file: Option<&Path>,
    format: Format,
) -> Result<EncryptOptions, CliError> {
    let loaded = config::find(cli.config.as_deref(), file)
        .map(|p| config::load(&p))
        .transpose()?;
    let rule = match &loaded {
        Some(loaded) => loaded.rule_for(name)?,
        None => None,
    };
    let options = options(args, rule, format)?;
    if options.key_groups.is_empty() {
        return Err(CliError::NoRecipients(name.to_path_buf()));
    }
    Ok(options)
}

fn options(
    args: &KeyArgs,
    rule: Option<&CreationRule>,
    format: Format,
) -> Result<EncryptOptions, CliError> {
    let flag_selector = Selector::from_settings(args.selector.settings().pairs())?;
    let selector = match flag_selector {
        Some(selector) => Some(selector),
        None => Selector::from_settings(rule.map(|r| r.selector.pairs()).unwrap_or_default())?,
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

type KeyGroup = Vec<Box<dyn MasterKey>>;

/// Keys from the flags (one group) replace the rule's; else the rule's groups, or its flat
/// keys as one group.
fn key_groups(args: &KeyArgs, rule: Option<&CreationRule>) -> Result<Vec<KeyGroup>, CliError> {
    let context = args
        .encryption_context
        .as_deref()
        .map(kms_context)
        .transpose()?
        .unwrap_or_default();
    let profile = args.aws_profile.as_deref().unwrap_or_default();
    if args.age.is_some() || args.kms.is_some() {
        let mut group = age_keys(&args.age.clone().unwrap_or_default())?;
        group.extend(kms_keys(
            args.kms.as_deref().unwrap_or_default(),
            &context,
            profile,
        )?);
        return Ok(vec![group]);
    }
    let Some(rule) = rule else {
        return Ok(Vec::new());
    };
    if !rule.key_groups.is_empty() {
        return rule.key_groups.iter().map(configured_group).collect();
    }
    let flat_age = rule
        .age
        .as_ref()
        .map(|a| a.items().join(","))
        .unwrap_or_default();
    let flat_kms = rule
        .kms
        .as_ref()
        .map(|k| k.items().join(","))
        .unwrap_or_default();
    let rule_profile = rule.aws_profile.as_deref().unwrap_or(profile);
    let mut group = age_keys(&flat_age)?;
    group.extend(kms_keys(&flat_kms, &context, rule_profile)?);
    Ok(if group.is_empty() {
        Vec::new()
    } else {
        vec![group]
    })
}

/// One `key_groups` entry: merged groups' keys, then its own age and KMS keys.
fn configured_group(group: &KeyGroupConfig) -> Result<KeyGroup, CliError> {
    let mut keys = age_keys(&group.age_recipients().join(","))?;
    for kms in group.kms_keys() {
        let context: Vec<(String, String)> = kms.context.clone().into_iter().collect();
        let arn = if kms.role.is_empty() {
            kms.arn.clone()
        } else {
            format!("{}+{}", kms.arn, kms.role)
        };
        keys.extend(kms_keys(&arn, &context, &kms.aws_profile)?);
    }
    Ok(keys)
}

fn age_keys(list: &str) -> Result<KeyGroup, CliError> {
    Ok(AgeKey::parse_list(list)?
        .into_iter()
        .map(|r| Box::new(r) as Box<dyn MasterKey>)
        .collect())
}

fn kms_keys(list: &str, context: &[(String, String)], profile: &str) -> Result<KeyGroup, CliError> {
    let keys = KmsKey::parse_list(list, context, profile)
        .map_err(|e| CliError::Unsupported(e.to_string()))?;
    Ok(keys
        .into_iter()
        .map(|k| Box::new(k) as Box<dyn MasterKey>)
        .collect())
}

fn kms_context(text: &str) -> Result<Vec<(String, String)>, CliError> {
    secret_core::aws::kms::parse_context(text).map_err(|e| CliError::Context(e.to_string()))
}
