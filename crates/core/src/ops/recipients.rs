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
use crate::remote::{AzureKey, GcpKmsKey, VaultKey};
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
    /// GCP KMS key resource IDs, comma-separated.
    pub gcp_kms: Option<String>,
    /// Azure Key Vault key URLs, comma-separated.
    pub azure_kv: Option<String>,
    /// Vault transit key URIs, comma-separated.
    pub hc_vault_transit: Option<String>,
    pub selector: SelectorSettings,
    pub mac_only_encrypted: bool,
    pub shamir_threshold: Option<usize>,
}

type KeyGroup = Vec<Box<dyn MasterKey>>;

impl KeyRequest {
    /// Whether keys were named explicitly (then the rule's keys are not used).
    pub fn names_keys(&self) -> bool {
        self.age.is_some()
            || self.pgp.is_some()
            || self.kms.is_some()
            || self.gcp_kms.is_some()
            || self.azure_kv.is_some()
            || self.hc_vault_transit.is_some()
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
            group.extend(remote_keys(
                self.gcp_kms.as_deref().unwrap_or_default(),
                self.azure_kv.as_deref().unwrap_or_default(),
                self.hc_vault_transit.as_deref().unwrap_or_default(),
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
        group.extend(remote_keys(
            &listed(&rule.gcp_kms),
            &listed(&rule.azure_keyvault),
            &listed(&rule.hc_vault_transit_uri),
        )?);
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

/// One `key_groups` entry: age, PGP, KMS, GCP KMS, Azure Key Vault and Vault keys, each
/// type's merged groups' keys first; a remote key named twice is kept once, as sops does.
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
    let mut remote: KeyGroup = Vec::new();
    for id in group.gcp_kms_ids() {
        remote.push(Box::new(GcpKmsKey::parse(&id)?));
    }
    for azure in group.azure_keys() {
        remote.push(Box::new(AzureKey {
            vault_url: azure.vault_url,
            name: azure.key,
            version: azure.version,
        }));
    }
    for uri in group.vault_uris() {
        remote.push(Box::new(VaultKey::parse(&uri)?));
    }
    let mut seen = std::collections::HashSet::new();
    remote.retain(|key| seen.insert(key.describe()));
    keys.extend(remote);
    Ok(keys)
}

/// GCP KMS, Azure Key Vault and Vault transit keys from comma-separated lists, in sops's
/// order.
fn remote_keys(gcp_kms: &str, azure_kv: &str, vault: &str) -> Result<KeyGroup, OpError> {
    let mut keys: KeyGroup = Vec::new();
    for key in GcpKmsKey::parse_list(gcp_kms)? {
        keys.push(Box::new(key));
    }
    for key in AzureKey::parse_list(azure_kv)? {
        keys.push(Box::new(key));
    }
    for key in VaultKey::parse_list(vault)? {
        keys.push(Box::new(key));
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
