//! KMS `Encrypt` and `Decrypt` through the AWS SDK, one client per (region, profile,
//! role), configured on first use.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use aws_sdk_kms::Client;
use aws_sdk_kms::primitives::Blob;
use secret_core::aws::{KmsError, KmsKey};
use zeroize::Zeroizing;

use crate::config::{aws_config, is_network_failure, lacks_credentials};

pub async fn encrypt(key: &KmsKey, secret: &[u8]) -> Result<Vec<u8>, KmsError> {
    let client = client(key).await?;
    let output = client
        .encrypt()
        .key_id(&key.arn)
        .plaintext(Blob::new(secret))
        .set_encryption_context(context_map(key))
        .send()
        .await
        .map_err(|e| explain(key, "kms:Encrypt", e))?;
    output
        .ciphertext_blob
        .map(Blob::into_inner)
        .ok_or_else(|| KmsError::Empty("ciphertext".into()))
}

pub async fn decrypt(key: &KmsKey, blob: &[u8]) -> Result<Zeroizing<Vec<u8>>, KmsError> {
    let client = client(key).await?;
    let output = client
        .decrypt()
        .key_id(&key.arn)
        .ciphertext_blob(Blob::new(blob))
        .set_encryption_context(context_map(key))
        .send()
        .await
        .map_err(|e| explain(key, "kms:Decrypt", e))?;
    output
        .plaintext
        .map(|p| Zeroizing::new(p.into_inner()))
        .ok_or_else(|| KmsError::Empty("plaintext".into()))
}

fn context_map(key: &KmsKey) -> Option<HashMap<String, String>> {
    (!key.context.is_empty()).then(|| key.context.iter().cloned().collect())
}

/// (region, profile, role): what a client's configuration depends on.
type ClientId = (String, String, String);

/// A KMS client per (region, profile, role), configured once.
async fn client(key: &KmsKey) -> Result<Client, KmsError> {
    static CLIENTS: LazyLock<Mutex<HashMap<ClientId, Client>>> = LazyLock::new(Default::default);
    let region = key.region()?;
    let id = (region.clone(), key.aws_profile.clone(), key.role.clone());
    if let Some(client) = lock(&CLIENTS).get(&id) {
        return Ok(client.clone());
    }
    let config = aws_config(Some(&region), &key.aws_profile, &key.role).await;
    let client = Client::new(&config);
    lock(&CLIENTS).insert(id, client.clone());
    Ok(client)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// An SDK error of `action` on `key`, as what went wrong and what to do.
fn explain(key: &KmsKey, action: &str, error: impl std::error::Error) -> KmsError {
    let detail = aws_sdk_kms::error::DisplayErrorContext(error).to_string();
    let arn = key.arn.clone();
    let lower = detail.to_ascii_lowercase();
    if lacks_credentials(&lower) {
        KmsError::NoCredentials
    } else if lower.contains("accessdenied") {
        KmsError::Denied {
            action: action.into(),
            arn,
        }
    } else if lower.contains("invalidciphertext") {
        KmsError::InvalidCiphertext {
            arn,
            context: describe_context(&key.context),
        }
    } else if lower.contains("notfound") {
        KmsError::NotFound { arn }
    } else if is_network_failure(&lower) {
        KmsError::Unreachable { arn, detail }
    } else {
        KmsError::Failed {
            action: action.into(),
            arn,
            detail,
        }
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
