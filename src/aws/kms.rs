//! KMS `Encrypt` and `Decrypt` through the AWS SDK. Nothing here runs unless a file or flag
//! names a KMS key: the async runtime and the AWS configuration are created on first use.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use aws_sdk_kms::Client;
use aws_sdk_kms::primitives::Blob;
use zeroize::Zeroizing;

use super::{aws_config, explain_common, is_network_failure};
use crate::keys::kms::KmsKey;

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

pub async fn encrypt(key: &KmsKey, secret: &[u8]) -> Result<Vec<u8>, String> {
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

pub async fn decrypt(key: &KmsKey, blob: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
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
    let region = key.region().map_err(|e| e.to_string())?;
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
