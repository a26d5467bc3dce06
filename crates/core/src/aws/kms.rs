//! AWS KMS keys as sops names them (sops-format.md §3.3): `ARN[+ROLE_ARN]`, an encryption
//! context and a profile; and why a KMS call failed.

use std::sync::LazyLock;

use regex_lite::Regex;
use serde::{Deserialize, Serialize};

use super::companion::CompanionError;

/// A KMS key to encrypt for: `ARN[+ROLE_ARN]`, an encryption context and a profile.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KmsKey {
    pub arn: String,
    pub role: String,
    pub context: Vec<(String, String)>,
    pub aws_profile: String,
}

/// A `--kms` or `.sops.yaml` value that is not a KMS key ARN.
#[derive(Debug, thiserror::Error, Serialize, Deserialize)]
pub enum KmsConfigError {
    #[error("`{0}` is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID or alias/NAME)")]
    Arn(String),
    #[error("`{0}` is not a valid encryption context: use key:value,key2:value2")]
    Context(String),
}

/// Why a KMS call failed: what went wrong, and what to do, in the words of the key.
#[derive(Debug, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KmsError {
    #[error(
        "no AWS credentials found (looked at AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws \
         config and credentials files, SSO, web identity, container and instance metadata); set AWS_PROFILE \
         or export credentials"
    )]
    NoCredentials,
    #[error("access denied: {action} on {arn} is not allowed for these credentials")]
    Denied { action: String, arn: String },
    #[error(
        "KMS refused the ciphertext for {arn} with {context}: wrong encryption context, or it was made with another key"
    )]
    InvalidCiphertext { arn: String, context: String },
    #[error("KMS key {arn} does not exist in this account and region")]
    NotFound { arn: String },
    #[error("cannot reach AWS KMS for {arn} (network failure or timeout): {detail}")]
    Unreachable { arn: String, detail: String },
    #[error("{action} on {arn} failed: {detail}")]
    Failed {
        action: String,
        arn: String,
        detail: String,
    },
    #[error("KMS returned no {0}")]
    Empty(String),
    #[error("the stored KMS ciphertext is not base64")]
    NotBase64,
    #[error(transparent)]
    Config(#[from] KmsConfigError),
    #[error("this build of secret has no AWS KMS support (feature `aws`)")]
    #[serde(skip)]
    NotBuiltIn,
    #[error(transparent)]
    #[serde(skip)]
    Companion(#[from] CompanionError),
}

static ARN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^arn:aws[\w-]*:kms:(.+):[0-9]+:(key|alias)/.+$").unwrap());

impl KmsKey {
    /// Parses `ARN[+ROLE_ARN]` as sops does: spaces removed, the role split off.
    pub fn parse(
        text: &str,
        context: &[(String, String)],
        aws_profile: &str,
    ) -> Result<KmsKey, KmsConfigError> {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let (arn, role) = match text.find("+arn:aws:iam::") {
            Some(split) => (text[..split].to_string(), text[split + 1..].to_string()),
            None => (text, String::new()),
        };
        region_of(&arn)?;
        Ok(KmsKey {
            arn,
            role,
            context: context.to_vec(),
            aws_profile: aws_profile.to_string(),
        })
    }

    /// Parses a comma-separated `--kms` list.
    pub fn parse_list(
        list: &str,
        context: &[(String, String)],
        aws_profile: &str,
    ) -> Result<Vec<KmsKey>, KmsConfigError> {
        list.split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| KmsKey::parse(s, context, aws_profile))
            .collect()
    }

    /// The AWS region in the ARN.
    pub fn region(&self) -> Result<String, KmsConfigError> {
        region_of(&self.arn)
    }
}

/// Parses `--encryption-context k1:v1,k2:v2`.
pub fn parse_context(text: &str) -> Result<Vec<(String, String)>, KmsConfigError> {
    text.split(',')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once(':') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => Err(KmsConfigError::Context(text.to_string())),
        })
        .collect()
}

fn region_of(arn: &str) -> Result<String, KmsConfigError> {
    ARN.captures(arn)
        .map(|c| c[1].to_string())
        .ok_or_else(|| KmsConfigError::Arn(arn.to_string()))
}

impl From<&crate::sops::metadata::KmsEntry> for KmsKey {
    fn from(entry: &crate::sops::metadata::KmsEntry) -> KmsKey {
        KmsKey {
            arn: entry.arn.clone(),
            role: entry.role.clone(),
            context: entry.context.clone(),
            aws_profile: entry.aws_profile.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_is_split_off_and_region_checked() {
        let key = KmsKey::parse(
            " arn:aws:kms:eu-west-1:123456789012:key/abc+arn:aws:iam::123456789012:role/ops ",
            &[],
            "",
        )
        .unwrap();
        assert_eq!(key.arn, "arn:aws:kms:eu-west-1:123456789012:key/abc");
        assert_eq!(key.role, "arn:aws:iam::123456789012:role/ops");
        assert!(KmsKey::parse("not-an-arn", &[], "").is_err());
    }

    #[test]
    fn encryption_context_parses_pairs() {
        assert_eq!(
            parse_context("app:x,env:prod").unwrap(),
            [("app".into(), "x".into()), ("env".into(), "prod".into())]
        );
        assert!(parse_context("novalue").is_err());
    }
}
