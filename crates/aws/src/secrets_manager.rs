//! The calls to AWS Secrets Manager: paged listings, batched reads, and bounded concurrent
//! writes and deletions, which the SDK retries with jittered backoff on throttling and 5xx
//! (the same policy as Parameter Store's, in `ssm`).
//!
//! Reads: `ListSecrets` (100 a page), then `BatchGetSecretValue` (20 names a request);
//! a single secret, or a batch the credentials may not make, is read with `GetSecretValue`.
//! Writes: `PutSecretValue` (or `UpdateSecret` when a KMS key is named, to move the secret
//! to it) adds a version that takes `AWSCURRENT`, the service moving `AWSPREVIOUS` to the
//! one before; no version is ever deleted. `CreateSecret` for new names; a secret
//! scheduled for deletion is restored first. The SDK gives each write an idempotency token
//! (ClientRequestToken) that its retries repeat, so a retried write adds one version.

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_secretsmanager::types::{Filter, FilterNameStringType};

use secret_core::aws::secrets_manager::{Existing, Fetched, Listed, SecretPut, SmError};
use secret_core::secret::Secret;

use crate::config::{
    NO_CREDENTIALS, aws_config, bulk_retries, is_network_failure, lacks_credentials, run_bounded,
};

/// ListSecrets' largest page.
const LIST_PAGE: i32 = 100;
/// The most names BatchGetSecretValue takes.
const BATCH: usize = 20;

/// A Secrets Manager client for one region.
#[derive(Clone)]
pub struct SecretsManager {
    client: Client,
    region: String,
}

/// Called with a count after each secret written or deleted.
pub type Progress<'a> = &'a mut dyn FnMut(u64);

/// One secret's read: its value, or why there is none.
enum Read {
    Value(Secret<String>),
    Missing,
    Deleted,
}

impl SecretsManager {
    /// The client of the environment's region and credentials (`profile`: an AWS profile,
    /// or empty). Nothing is sent yet, so missing credentials show at the first call.
    pub async fn connect(profile: &str) -> Result<SecretsManager, SmError> {
        let shared = aws_config(None, profile, "").await;
        let region = shared.region().ok_or(SmError::NoRegion)?.to_string();
        let (retry, quota) = bulk_retries("secret-secretsmanager");
        let config = aws_sdk_secretsmanager::config::Builder::from(&shared)
            .retry_config(retry)
            .retry_partition(quota)
            .build();
        Ok(SecretsManager {
            client: Client::from_conf(config),
            region,
        })
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    /// The secrets whose names start with `prefix` (exactly: the service's name filter is
    /// looser), those scheduled for deletion marked; one request per 100.
    pub async fn list(&self, prefix: &str) -> Result<Vec<Listed>, SmError> {
        let filter = Filter::builder()
            .key(FilterNameStringType::Name)
            .values(prefix)
            .build();
        let mut pages = self
            .client
            .list_secrets()
            .filters(filter)
            .include_planned_deletion(true)
            .max_results(LIST_PAGE)
            .into_paginator()
            .send();
        let mut found = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| failure("secretsmanager:ListSecrets", prefix, e))?;
            for entry in page.secret_list() {
                let Some(name) = entry.name().filter(|n| n.starts_with(prefix)) else {
                    continue;
                };
                found.push(Listed {
                    name: name.to_string(),
                    deleted: entry.deleted_date().is_some(),
                });
            }
        }
        Ok(found)
    }

    /// The current values of `names`, missing ones left out: one `GetSecretValue` for a
    /// single name, else `BatchGetSecretValue` per 20, at most [`CONCURRENCY`](crate::config::CONCURRENCY) at a time.
    pub async fn get_all(&self, names: Vec<String>) -> Result<Vec<Fetched>, SmError> {
        if let [name] = names.as_slice() {
            return Ok(fetched(name, self.get(name).await?).into_iter().collect());
        }
        let jobs = names.chunks(BATCH).map(<[String]>::to_vec).map(|batch| {
            let sm = self.clone();
            async move { sm.get_batch(batch).await }
        });
        let mut all = Vec::new();
        run_bounded(jobs, |batch| all.extend(batch)).await?;
        all.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(all)
    }

    /// One batch; names the batch could not read are read one by one, which tells a
    /// missing secret from a denied one.
    async fn get_batch(&self, names: Vec<String>) -> Result<Vec<Fetched>, SmError> {
        let first = names[0].clone();
        let mut pages = self
            .client
            .batch_get_secret_value()
            .set_secret_id_list(Some(names.clone()))
            .into_paginator()
            .send();
        let mut found = Vec::new();
        let mut retry = Vec::new();
        while let Some(page) = pages.next().await {
            let page = match page {
                Ok(page) => page,
                Err(error) if error.code() == Some("AccessDeniedException") => {
                    // Credentials that may read secrets but not batch them.
                    return self.get_each(names).await;
                }
                Err(error) => {
                    return Err(failure("secretsmanager:BatchGetSecretValue", &first, error));
                }
            };
            for entry in page.secret_values() {
                let Some(name) = entry.name() else { continue };
                let value = match entry.secret_string() {
                    Some(text) => Secret::new(text.to_string()),
                    None => return Err(SmError::Binary(name.to_string())),
                };
                found.push(Fetched {
                    name: name.to_string(),
                    value: Some(value),
                });
            }
            for error in page.errors() {
                if error.error_code() != Some("ResourceNotFoundException") {
                    retry.extend(error.secret_id().map(String::from));
                }
            }
        }
        // The batch names secrets by what was asked; its errors may give an ARN.
        let retry = retry
            .into_iter()
            .filter_map(|id| names.iter().find(|n| **n == id || id.contains(n.as_str())))
            .cloned()
            .collect();
        found.extend(self.get_each(retry).await?);
        Ok(found)
    }

    async fn get_each(&self, names: Vec<String>) -> Result<Vec<Fetched>, SmError> {
        let mut found = Vec::new();
        for name in names {
            found.extend(fetched(&name, self.get(&name).await?));
        }
        Ok(found)
    }

    async fn get(&self, name: &str) -> Result<Read, SmError> {
        let answer = self.client.get_secret_value().secret_id(name).send().await;
        match answer {
            Ok(output) => match output.secret_string() {
                Some(text) => Ok(Read::Value(Secret::new(text.to_string()))),
                None => Err(SmError::Binary(name.to_string())),
            },
            Err(error) if error.code() == Some("ResourceNotFoundException") => Ok(Read::Missing),
            Err(error) if marked_deleted(&error) => Ok(Read::Deleted),
            Err(error) => Err(failure("secretsmanager:GetSecretValue", name, error)),
        }
    }

    /// Writes every value, at most [`CONCURRENCY`](crate::config::CONCURRENCY) at a time. Stops at the first failure.
    pub async fn put_all(
        &self,
        puts: Vec<SecretPut>,
        kms_key: Option<String>,
        progress: Progress<'_>,
    ) -> Result<(), SmError> {
        let jobs = puts.into_iter().map(|put| {
            let sm = self.clone();
            let key = kms_key.clone();
            async move { sm.put(put, key).await.map(|()| 1) }
        });
        run_bounded(jobs, progress).await
    }

    /// Writes one value as its secret's new current version.
    async fn put(&self, put: SecretPut, kms_key: Option<String>) -> Result<(), SmError> {
        match put.existing {
            Existing::None => self.create(put, kms_key).await,
            Existing::Deleted => {
                self.restore(&put.name).await?;
                self.put_version(&put, kms_key).await
            }
            Existing::Live => self.put_version(&put, kms_key).await,
        }
    }

    /// Creates the secret; if it exists meanwhile (or is scheduled for deletion), gives it
    /// the value as a new version instead.
    async fn create(&self, put: SecretPut, kms_key: Option<String>) -> Result<(), SmError> {
        let answer = self
            .client
            .create_secret()
            .name(&put.name)
            .secret_string(put.value.as_str())
            .set_kms_key_id(kms_key.clone())
            .send()
            .await;
        match answer {
            Ok(_) => Ok(()),
            Err(error) if error.code() == Some("ResourceExistsException") => {
                self.put_version(&put, kms_key).await
            }
            Err(error) if marked_deleted(&error) => {
                self.restore(&put.name).await?;
                self.put_version(&put, kms_key).await
            }
            Err(error) => Err(failure("secretsmanager:CreateSecret", &put.name, error)),
        }
    }

    /// A new version taking `AWSCURRENT`; under `kms_key` when one is named.
    async fn put_version(&self, put: &SecretPut, kms_key: Option<String>) -> Result<(), SmError> {
        if kms_key.is_some() {
            self.client
                .update_secret()
                .secret_id(&put.name)
                .secret_string(put.value.as_str())
                .set_kms_key_id(kms_key)
                .send()
                .await
                .map_err(|e| failure("secretsmanager:UpdateSecret", &put.name, e))?;
        } else {
            self.client
                .put_secret_value()
                .secret_id(&put.name)
                .secret_string(put.value.as_str())
                .send()
                .await
                .map_err(|e| failure("secretsmanager:PutSecretValue", &put.name, e))?;
        }
        Ok(())
    }

    async fn restore(&self, name: &str) -> Result<(), SmError> {
        self.client
            .restore_secret()
            .secret_id(name)
            .send()
            .await
            .map_err(|e| failure("secretsmanager:RestoreSecret", name, e))?;
        Ok(())
    }

    /// Schedules each secret for deletion with the service's default recovery window
    /// (30 days); names already gone, or already scheduled, count as deleted.
    pub async fn delete_all(
        &self,
        names: Vec<String>,
        progress: Progress<'_>,
    ) -> Result<(), SmError> {
        let jobs = names.into_iter().map(|name| {
            let sm = self.clone();
            async move {
                let answer = sm.client.delete_secret().secret_id(&name).send().await;
                match answer {
                    Ok(_) => Ok(1),
                    Err(e) if e.code() == Some("ResourceNotFoundException") => Ok(1),
                    Err(e) if marked_deleted(&e) => Ok(1),
                    Err(e) => Err(failure("secretsmanager:DeleteSecret", &name, e)),
                }
            }
        });
        run_bounded(jobs, progress).await
    }
}

fn fetched(name: &str, read: Read) -> Option<Fetched> {
    let value = match read {
        Read::Value(value) => Some(value),
        Read::Deleted => None,
        Read::Missing => return None,
    };
    Some(Fetched {
        name: name.to_string(),
        value,
    })
}

/// Whether the service refused because the secret is scheduled for deletion (an
/// `InvalidRequestException` saying so).
fn marked_deleted<E, R>(error: &SdkError<E, R>) -> bool
where
    E: ProvideErrorMetadata,
{
    let message = error.message().unwrap_or_default().to_ascii_lowercase();
    error.code() == Some("InvalidRequestException")
        && message.contains("marked")
        && message.contains("delet")
}

/// An SDK error as what went wrong and where.
fn failure<E, R>(action: &str, name: &str, error: SdkError<E, R>) -> SmError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let code = error.code().unwrap_or_default().to_string();
    let detail = DisplayErrorContext(&error).to_string();
    let lower = detail.to_ascii_lowercase();
    if lacks_credentials(&lower) {
        return SmError::Credentials(NO_CREDENTIALS.into());
    }
    if matches!(
        error,
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_)
    ) || (code.is_empty() && is_network_failure(&lower))
    {
        return SmError::Unreachable(detail);
    }
    match code.as_str() {
        "ResourceNotFoundException" => SmError::NotFound(name.to_string()),
        "ThrottlingException" | "TooManyRequestsException" => SmError::Throttled(name.to_string()),
        "AccessDeniedException" => SmError::Denied {
            action: action.to_string(),
            name: name.to_string(),
        },
        _ => SmError::Aws {
            action: action.to_string(),
            name: name.to_string(),
            detail,
        },
    }
}
