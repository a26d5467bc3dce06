//! AWS KMS master keys (sops-format.md §3.3): the data key is sent to KMS `Encrypt` with
//! the key's encryption context, and the base64 ciphertext blob is stored.
//!
//! The keys are parsed here; the KMS calls go through [`aws`], so that `secret` can leave
//! them to its companion binary.

use std::sync::LazyLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use regex::Regex;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::aws_access::aws;
use crate::sops::datakey::Recipient;
use crate::sops::metadata::{KmsEntry, StoredKey};

/// A KMS key to encrypt for: `ARN[+ROLE_ARN]`, an encryption context and a profile.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KmsKey {
    pub arn: String,
    pub role: String,
    pub context: Vec<(String, String)>,
    pub aws_profile: String,
}

/// A `--kms` or `.sops.yaml` value that is not a KMS key ARN.
#[derive(Debug, thiserror::Error)]
pub enum KmsConfigError {
    #[error("`{0}` is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID or alias/NAME)")]
    Arn(String),
    #[error("`{0}` is not a valid encryption context: use key:value,key2:value2")]
    Context(String),
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

impl Recipient for KmsKey {
    fn describe(&self) -> String {
        format!("{} (AWS KMS)", self.arn)
    }

    fn wrap(&self, secret: &[u8]) -> Result<StoredKey, String> {
        let blob = aws().kms_encrypt(self, secret)?;
        Ok(StoredKey::Kms(KmsEntry {
            arn: self.arn.clone(),
            role: self.role.clone(),
            context: self.context.clone(),
            created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            enc: BASE64.encode(blob),
            aws_profile: self.aws_profile.clone(),
        }))
    }
}

impl From<&KmsEntry> for KmsKey {
    fn from(entry: &KmsEntry) -> KmsKey {
        KmsKey {
            arn: entry.arn.clone(),
            role: entry.role.clone(),
            context: entry.context.clone(),
            aws_profile: entry.aws_profile.clone(),
        }
    }
}

/// Unwraps a stored KMS entry.
pub fn unwrap(entry: &KmsEntry) -> Result<Zeroizing<Vec<u8>>, String> {
    let key = KmsKey::from(entry);
    let blob = BASE64
        .decode(entry.enc.trim())
        .map_err(|_| "the stored KMS ciphertext is not base64".to_string())?;
    aws().kms_decrypt(&key, &blob)
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
