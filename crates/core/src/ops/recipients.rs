//! Who a new file is encrypted for, and which of its values: the keys and settings asked
//! for explicitly (command-line flags, environment variables) replace those of the
//! matching `.sops.yaml` creation rule, as sops applies them (sops-format.md §7.3).

use std::path::{Path, PathBuf};

use super::OpError;
use crate::aws::KmsKey;
use crate::aws::kms::parse_context;
use crate::config::{self, CreationRule, KeyGroupConfig, LoadedConfig, SelectorSettings};
use crate::keys::age::AgeKey;
use crate::keys::pgp::PgpKey;
use crate::sops::datakey::MasterKey;
use crate::sops::encrypt::EncryptOptions;
use crate::sops::rules::Selector;
use crate::store::Format;

/// The keys and settings asked for explicitly; unset fields defer to `.sops.yaml`.
#[derive(Clone, Debug, Default)]
pub struct KeyRequest {
    /// `.sops.yaml` to use instead of searching for one.
    pub config: Option<PathBuf>,
    /// age recipients, comma-separated.
    pub age: Option<String>,
    /// PGP fingerprints, comma-separated.
    pub pgp: Option<String>,
    /// KMS key ARNs, comma-separated (`ARN+ROLE_ARN` assumes that role).
    pub kms: Option<String>,
    /// `key:value,key2:value2` for the `kms` keys.
    pub encryption_context: Option<String>,
    pub aws_profile: Option<String>,
    pub selector: SelectorSettings,
    pub mac_only_encrypted: bool,
    pub shamir_threshold: Option<usize>,
}

type KeyGroup = Vec<Box<dyn MasterKey>>;

impl KeyRequest {
    /// Whether keys were named explicitly (then the rule's keys are not used).
    fn names_keys(&self) -> bool {
        self.age.is_some() || self.pgp.is_some() || self.kms.is_some()
    }

    /// The keys and settings for a new file named `name` (found at `file`, if it is one):
    /// refused when that leaves no recipient.
    pub fn encrypt_options(
        &self,
        name: &Path,
        file: Option<&Path>,
        format: Format,
    ) -> Result<EncryptOptions, OpError> {
        let loaded = config::find(self.config.as_deref(), file)
            .map(|p| config::load(&p))
            .transpose()?;
        match &loaded {
            Some(loaded) => self.options_for(loaded, name, format),
            None => with_recipients(self.options(None, format)?, name),
        }
    }

    /// The keys and settings for a file named `name` (in `format`) under the configuration
    /// `loaded` (already read, or not yet written): refused when that leaves no recipient.
    pub fn options_for(
        &self,
        loaded: &LoadedConfig,
        name: &Path,
        format: Format,
    ) -> Result<EncryptOptions, OpError> {
        let rule = loaded.rule_for(name)?;
        with_recipients(self.options(rule, format)?, name)
    }

    fn options(
        &self,
        rule: Option<&CreationRule>,
        format: Format,
    ) -> Result<EncryptOptions, OpError> {
        let selector = match Selector::from_settings(self.selector.pairs())? {
            Some(selector) => Some(selector),
            None => Selector::from_settings(rule.map(|r| r.selector.pairs()).unwrap_or_default())?,
        };
        Ok(EncryptOptions {
            key_groups: self.key_groups(rule)?,
            shamir_threshold: self
                .shamir_threshold
                .or_else(|| rule.and_then(|r| r.shamir_threshold))
                .unwrap_or(0),
            selector,
            mac_only_encrypted: self.mac_only_encrypted
                || rule.and_then(|r| r.mac_only_encrypted).unwrap_or(false),
            write_selector: format != Format::Binary,
            keep_spellings: true,
        })
    }

    /// Keys named explicitly (one group) replace the rule's; else the rule's groups, or
    /// its flat keys as one group.
    fn key_groups(&self, rule: Option<&CreationRule>) -> Result<Vec<KeyGroup>, OpError> {
        let context = match &self.encryption_context {
            Some(text) => parse_context(text)?,
            None => Vec::new(),
        };
        let profile = self.aws_profile.as_deref().unwrap_or_default();
        if self.names_keys() {
            let mut group = age_keys(self.age.as_deref().unwrap_or_default())?;
            group.extend(pgp_keys(self.pgp.as_deref().unwrap_or_default()));
            group.extend(kms_keys(
                self.kms.as_deref().unwrap_or_default(),
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
        let listed = |list: &Option<config::StringList>| {
            list.as_ref()
                .map(|l| l.items().join(","))
                .unwrap_or_default()
        };
        let rule_profile = rule.aws_profile.as_deref().unwrap_or(profile);
        let mut group = age_keys(&listed(&rule.age))?;
        group.extend(pgp_keys(&listed(&rule.pgp)));
        group.extend(kms_keys(&listed(&rule.kms), &context, rule_profile)?);
        Ok(if group.is_empty() {
            Vec::new()
        } else {
            vec![group]
        })
    }
}

fn with_recipients(options: EncryptOptions, name: &Path) -> Result<EncryptOptions, OpError> {
    if options.key_groups.is_empty() {
        return Err(OpError::NoRecipients(name.to_path_buf()));
    }
    Ok(options)
}

/// One `key_groups` entry: age, PGP and KMS keys, each type's merged groups' keys first.
fn configured_group(group: &KeyGroupConfig) -> Result<KeyGroup, OpError> {
    let mut keys = age_keys(&group.age_recipients().join(","))?;
    keys.extend(pgp_keys(&group.pgp_fingerprints().join(",")));
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

fn age_keys(list: &str) -> Result<KeyGroup, OpError> {
    Ok(AgeKey::parse_list(list)?
        .into_iter()
        .map(|r| Box::new(r) as Box<dyn MasterKey>)
        .collect())
}

fn pgp_keys(list: &str) -> KeyGroup {
    PgpKey::parse_list(list)
        .into_iter()
        .map(|k| Box::new(k) as Box<dyn MasterKey>)
        .collect()
}

fn kms_keys(list: &str, context: &[(String, String)], profile: &str) -> Result<KeyGroup, OpError> {
    Ok(KmsKey::parse_list(list, context, profile)?
        .into_iter()
        .map(|k| Box::new(k) as Box<dyn MasterKey>)
        .collect())
}
