//! AWS KMS master keys (sops-format.md §3.3): the data key is sent to KMS `Encrypt` with
//! the key's encryption context, and the base64 ciphertext blob is stored.
//!
//! Nothing here runs unless a file or flag names a KMS key: the async runtime and the AWS
//! configuration are created on first use.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use aws_sdk_kms::Client;
use aws_sdk_kms::primitives::Blob;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use regex::Regex;
use zeroize::Zeroizing;

use crate::aws::{aws_config, explain_common, is_network_failure, run};
use crate::sops::datakey::Recipient;
use crate::sops::metadata::{KmsEntry, StoredKey};

/// A KMS key to encrypt for: `ARN[+ROLE_ARN]`, an encryption context and a profile.
#[derive(Clone, Debug, Default, PartialEq)]
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
        let blob = run(encrypt(self, secret))?;
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
    run(decrypt(&key, blob))
}

/// Turns an SDK error of `action` on `key` into what went wrong and what to do.
fn sdk_error<E: std::error::Error>(key: &KmsKey, action: &'static str) -> impl FnOnce(E) -> String {
    move |e| {
        explain(
            key,
            action,
            &aws_sdk_kms::error::DisplayErrorContext(e).to_string(),
        )
    }
}

async fn encrypt(key: &KmsKey, secret: &[u8]) -> Result<Vec<u8>, String> {
    let client = client(key).await?;
    let output = client
        .encrypt()
        .key_id(&key.arn)
        .plaintext(Blob::new(secret))
        .set_encryption_context(context_map(key))
        .send()
        .await
        .map_err(sdk_error(key, "kms:Encrypt"))?;
    output
        .ciphertext_blob
        .map(Blob::into_inner)
        .ok_or_else(|| "KMS returned no ciphertext".into())
}

async fn decrypt(key: &KmsKey, blob: Vec<u8>) -> Result<Zeroizing<Vec<u8>>, String> {
    let client = client(key).await?;
    let output = client
        .decrypt()
        .key_id(&key.arn)
        .ciphertext_blob(Blob::new(blob))
        .set_encryption_context(context_map(key))
        .send()
        .await
        .map_err(sdk_error(key, "kms:Decrypt"))?;
    output
        .plaintext
        .map(|p| Zeroizing::new(p.into_inner()))
        .ok_or_else(|| "KMS returned no plaintext".into())
}

fn context_map(key: &KmsKey) -> Option<HashMap<String, String>> {
    (!key.context.is_empty()).then(|| key.context.iter().cloned().collect())
}

/// (region, profile, role): what a client's configuration depends on.
type ClientId = (String, String, String);

/// A KMS client per (region, profile, role), configured once.
async fn client(key: &KmsKey) -> Result<Client, String> {
    static CLIENTS: LazyLock<Mutex<HashMap<ClientId, Client>>> = LazyLock::new(Default::default);
    let region = region_of(&key.arn).map_err(|e| e.to_string())?;
    let id = (region.clone(), key.aws_profile.clone(), key.role.clone());
    if let Some(client) = CLIENTS.lock().expect("not poisoned").get(&id) {
        return Ok(client.clone());
    }
    let config = aws_config(Some(&region), &key.aws_profile, &key.role).await;
    let client = Client::new(&config);
    CLIENTS
        .lock()
        .expect("not poisoned")
        .insert(id, client.clone());
    Ok(client)
}

/// An SDK error turned into what went wrong and what to do.
fn explain(key: &KmsKey, action: &str, detail: &str) -> String {
    let arn = &key.arn;
    let lower = detail.to_ascii_lowercase();
    if let Some(common) = explain_common(&lower) {
        common
    } else if lower.contains("accessdenied") {
        format!("access denied: {action} on {arn} is not allowed for these credentials")
    } else if lower.contains("invalidciphertext") {
        format!(
            "KMS refused the ciphertext for {arn} with {}: wrong encryption context, or it was made with another key",
            describe_context(&key.context)
        )
    } else if lower.contains("notfound") {
        format!("KMS key {arn} does not exist in this account and region")
    } else if is_network_failure(&lower) {
        format!("cannot reach AWS KMS for {arn} (network failure or timeout): {detail}")
    } else {
        format!("{action} on {arn} failed: {detail}")
    }
}

/// `encryption context app:x,env:prod` (keys sorted), or `no encryption context`.
fn describe_context(context: &[(String, String)]) -> String {
    if context.is_empty() {
        return "no encryption context".into();
    }
    let mut pairs: Vec<String> = context.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    pairs.sort();
    format!("encryption context {}", pairs.join(","))
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
