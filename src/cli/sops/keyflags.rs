//! The master keys sops's key flags name: `--add-*`/`--rm-*` of `rotate`, and the
//! comma-separated lists of `--age`, `--pgp`, `--kms`, `--gcp-kms`, `--azure-kv` and
//! `--hc-vault-transit` that `encrypt`, `updatekeys` and `groups add` read.

use super::context::{Ctx, unsupported_key};
use super::error::Fail;
use secret_core::keys::age::AgeKey;
use secret_core::ops::rewrite::KeyChange;
use secret_core::remote::{AzureKey, GcpKmsKey, VaultKey};
use secret_core::sops::datakey::MasterKey;

const KEY_TYPES: [(&str, &str); 7] = [
    ("age", "age"),
    ("pgp", "pgp"),
    ("kms", "kms"),
    ("gcp-kms", "gcp_kms"),
    ("hckms", "hckms"),
    ("azure-kv", "azure_kv"),
    ("hc-vault-transit", "hc_vault"),
];

/// Whether any `--add-*`/`--rm-*` flag is given.
pub fn changes_keys(ctx: &Ctx) -> bool {
    KEY_TYPES.iter().any(|(flag, _)| {
        ctx.flags.str(&format!("add-{flag}")).is_some()
            || ctx.flags.str(&format!("rm-{flag}")).is_some()
    })
}

/// The keys `--add-*` adds and `--rm-*` removes.
pub fn key_change(ctx: &Ctx) -> Result<KeyChange, Fail> {
    let mut change = KeyChange::default();
    for (flag, list) in KEY_TYPES {
        if let Some(removed) = ctx.flags.str(&format!("rm-{flag}")) {
            change.remove.extend(
                removed
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|id| (list.to_string(), id.replace(' ', ""))),
            );
        }
    }
    if let Some(added) = ctx.flags.str("add-age") {
        change.add.extend(age_keys(added)?);
    }
    if let Some(added) = ctx.flags.str("add-pgp") {
        change.add.extend(pgp_keys(added)?);
    }
    if let Some(added) = ctx.flags.str("add-kms") {
        change.add.extend(kms_keys(
            added,
            ctx.flags.str("encryption-context"),
            ctx.flags.str("aws-profile"),
        )?);
    }
    if let Some(added) = ctx.flags.str("add-gcp-kms") {
        change.add.extend(remote_keys(added, "", "")?);
    }
    if let Some(added) = ctx.flags.str("add-azure-kv") {
        change.add.extend(remote_keys("", added, "")?);
    }
    if let Some(added) = ctx.flags.str("add-hc-vault-transit") {
        change.add.extend(remote_keys("", "", added)?);
    }
    if ctx.flags.str("add-hckms").is_some() {
        return Err(unsupported_key("add-hckms", "HuaweiCloud KMS"));
    }
    Ok(change)
}

pub fn age_keys(list: &str) -> Result<Vec<Box<dyn MasterKey>>, Fail> {
    Ok(AgeKey::parse_list(list)
        .map_err(|e| Fail::from(secret_core::ops::OpError::from(e)))?
        .into_iter()
        .map(|k| Box::new(k) as Box<dyn MasterKey>)
        .collect())
}

pub fn kms_keys(
    list: &str,
    context: Option<&str>,
    profile: Option<&str>,
) -> Result<Vec<Box<dyn MasterKey>>, Fail> {
    let context = match context {
        Some(text) => secret_core::aws::kms::parse_context(text)
            .map_err(|e| Fail::from(secret_core::ops::OpError::from(e)))?,
        None => Vec::new(),
    };
    Ok(
        secret_core::aws::KmsKey::parse_list(list, &context, profile.unwrap_or_default())
            .map_err(|e| Fail::from(secret_core::ops::OpError::from(e)))?
            .into_iter()
            .map(|k| Box::new(k) as Box<dyn MasterKey>)
            .collect(),
    )
}

/// GCP KMS, Azure Key Vault and Vault transit keys named on the command line
/// (comma-separated resource IDs, URLs and URIs).
pub fn remote_keys(
    gcp_kms: &str,
    azure_kv: &str,
    vault: &str,
) -> Result<Vec<Box<dyn MasterKey>>, Fail> {
    let bad =
        |e: secret_core::remote::RemoteConfigError| Fail::from(secret_core::ops::OpError::from(e));
    let mut keys: Vec<Box<dyn MasterKey>> = Vec::new();
    for key in GcpKmsKey::parse_list(gcp_kms).map_err(bad)? {
        keys.push(Box::new(key));
    }
    for key in AzureKey::parse_list(azure_kv).map_err(bad)? {
        keys.push(Box::new(key));
    }
    for key in VaultKey::parse_list(vault).map_err(bad)? {
        keys.push(Box::new(key));
    }
    Ok(keys)
}

/// PGP keys named on the command line (comma-separated fingerprints).
pub fn pgp_keys(list: &str) -> Result<Vec<Box<dyn MasterKey>>, Fail> {
    Ok(secret_core::keys::pgp::PgpKey::parse_list(list)
        .into_iter()
        .map(|k| Box::new(k) as Box<dyn MasterKey>)
        .collect())
}
