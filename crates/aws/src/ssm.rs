//! The calls to SSM Parameter Store: paged recursive reads, and bounded concurrent writes
//! and deletes that the SDK retries with jittered backoff on throttling and 5xx.

use aws_sdk_ssm::Client;
use aws_sdk_ssm::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_ssm::types::{ParameterTier, ParameterType};

use secret_core::aws::{Namespace, Parameter, Put, SsmError, Version};
use secret_core::secret::Secret;

use crate::config::{NO_CREDENTIALS, aws_config, bulk_retries, lacks_credentials, run_bounded};

/// GetParametersByPath's largest page.
const PAGE_SIZE: i32 = 10;

fn parameter(parameter: &aws_sdk_ssm::types::Parameter) -> Option<Parameter> {
    Some(Parameter {
        name: parameter.name()?.to_string(),
        value: Secret::new(parameter.value()?.to_string()),
        version: parameter.version(),
        modified: parameter.last_modified_date().map(utc).unwrap_or_default(),
    })
}

/// An SDK time as `YYYY-MM-DD HH:MM:SS` UTC.
fn utc(time: &aws_sdk_ssm::primitives::DateTime) -> String {
    chrono::DateTime::from_timestamp(time.secs(), 0)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

/// A Parameter Store client for one region.
#[derive(Clone)]
pub struct Ssm {
    client: Client,
    region: String,
}

/// Called with a count after each parameter written or deleted.
pub type Progress<'a> = &'a mut dyn FnMut(u64);

impl Ssm {
    /// The client of the environment's region and credentials (`profile`: an AWS profile,
    /// or empty). Nothing is sent yet, so missing credentials show at the first call.
    pub async fn connect(profile: &str) -> Result<Ssm, SsmError> {
        let shared = aws_config(None, profile, "").await;
        let region = shared.region().ok_or(SsmError::NoRegion)?.to_string();
        let (retry, quota) = bulk_retries("secret-ssm");
        let config = aws_sdk_ssm::config::Builder::from(&shared)
            .retry_config(retry)
            .retry_partition(quota)
            .build();
        Ok(Ssm {
            client: Client::from_conf(config),
            region,
        })
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    /// The parameters below `namespace` (only its direct children unless `recursive`),
    /// decrypted, one request per page of 10.
    pub async fn list(
        &self,
        namespace: &Namespace,
        recursive: bool,
    ) -> Result<Vec<Parameter>, SsmError> {
        let mut pages = self
            .client
            .get_parameters_by_path()
            .path(namespace.as_str())
            .recursive(recursive)
            .with_decryption(true)
            .max_results(PAGE_SIZE)
            .into_paginator()
            .send();
        let mut found = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| failure("ssm:GetParametersByPath", namespace.as_str(), e))?;
            found.extend(page.parameters().iter().filter_map(parameter));
        }
        Ok(found)
    }

    /// One parameter, decrypted; `None` when it does not exist.
    pub async fn get(&self, name: &str) -> Result<Option<Parameter>, SsmError> {
        let answer = self
            .client
            .get_parameter()
            .name(name)
            .with_decryption(true)
            .send()
            .await;
        match answer.map_err(|e| failure("ssm:GetParameter", name, e)) {
            Ok(output) => Ok(output.parameter().and_then(parameter)),
            Err(SsmError::NotFound(_)) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Writes every parameter as a SecureString under `kms_key` (SSM's own key when
    /// `None`), at most [`CONCURRENCY`](crate::config::CONCURRENCY) at a time. Stops at the first failure.
    pub async fn put_all(
        &self,
        puts: Vec<Put>,
        kms_key: Option<String>,
        progress: Progress<'_>,
    ) -> Result<(), SsmError> {
        let jobs = puts.into_iter().map(|put| {
            let ssm = self.clone();
            let key = kms_key.clone();
            async move { ssm.put(put, key).await.map(|()| 1) }
        });
        run_bounded(jobs, progress).await
    }

    /// Writes one parameter as a SecureString under `kms_key` (SSM's own key when `None`).
    pub async fn put(&self, put: Put, kms_key: Option<String>) -> Result<(), SsmError> {
        let tier = put.advanced.then_some(ParameterTier::Advanced);
        self.client
            .put_parameter()
            .name(&put.name)
            .value(put.value.as_str())
            .r#type(ParameterType::SecureString)
            .overwrite(true)
            .set_key_id(kms_key)
            .set_tier(tier)
            .send()
            .await
            .map_err(|e| failure("ssm:PutParameter", &put.name, e))?;
        Ok(())
    }

    /// Deletes the parameters, ten per request (the API's batch size); names already gone
    /// count as deleted, so an interrupted run converges.
    pub async fn delete_all(
        &self,
        names: Vec<String>,
        progress: Progress<'_>,
    ) -> Result<(), SsmError> {
        let jobs = names.chunks(10).map(<[String]>::to_vec).map(|batch| {
            let ssm = self.clone();
            async move {
                let count = batch.len() as u64;
                let first = batch[0].clone();
                ssm.client
                    .delete_parameters()
                    .set_names(Some(batch))
                    .send()
                    .await
                    .map_err(|e| failure("ssm:DeleteParameters", &first, e))?;
                Ok(count)
            }
        });
        run_bounded(jobs, progress).await
    }

    /// Deletes one parameter; a missing one is `NotFound`.
    pub async fn delete(&self, name: &str) -> Result<(), SsmError> {
        self.client
            .delete_parameter()
            .name(name)
            .send()
            .await
            .map_err(|e| failure("ssm:DeleteParameter", name, e))?;
        Ok(())
    }

    /// The versions of `name`, oldest first: (version, date, user), never values.
    pub async fn history(&self, name: &str) -> Result<Vec<Version>, SsmError> {
        let mut pages = self
            .client
            .get_parameter_history()
            .name(name)
            .with_decryption(false)
            .into_paginator()
            .send();
        let mut versions = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| failure("ssm:GetParameterHistory", name, e))?;
            for entry in page.parameters() {
                let date = entry
                    .last_modified_date()
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                let user = entry.last_modified_user().unwrap_or("").to_string();
                versions.push(Version {
                    version: entry.version(),
                    modified: date,
                    user,
                });
            }
        }
        Ok(versions)
    }
}

/// An SDK error as what went wrong and where.
fn failure<E, R>(action: &str, name: &str, error: SdkError<E, R>) -> SsmError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let code = error.code().unwrap_or_default().to_string();
    let detail = DisplayErrorContext(&error).to_string();
    let lower = detail.to_ascii_lowercase();
    if lacks_credentials(&lower) {
        return SsmError::Credentials(NO_CREDENTIALS.into());
    }
    match code.as_str() {
        "ParameterNotFound" => SsmError::NotFound(name.to_string()),
        "ThrottlingException" | "TooManyUpdates" => SsmError::Throttled(name.to_string()),
        "AccessDeniedException" => SsmError::Denied {
            action: action.to_string(),
            name: name.to_string(),
        },
        _ => SsmError::Aws {
            action: action.to_string(),
            name: name.to_string(),
            detail,
        },
    }
}
