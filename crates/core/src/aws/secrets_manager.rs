//! AWS Secrets Manager as the core sees it: names and values as the service accepts them,
//! checked before any call so that a bad file fails whole instead of half-written; the
//! [`SecretsManager`] trait a front end implements (for `secret`, [`Client`], which hands
//! each call to the companion); and why a call failed.
//!
//! Limits (AWS API reference): a name is 1 to 512 characters of letters, digits and
//! `/_+=.@-`; a SecretString is at most 65,536 bytes. The service keeps every version it
//! is given; a new value takes the `AWSCURRENT` stage and the one before it `AWSPREVIOUS`.

use serde::{Deserialize, Serialize};

use super::Progress;
use super::companion::{CompanionError, SPEC, refused};
use super::protocol::{Answer, Failure, Request};
use crate::companion::{Client as CompanionClient, Remote};
use crate::secret::Secret;

/// The longest secret name.
pub const MAX_NAME: usize = 512;
/// The largest SecretString, in bytes.
pub const MAX_VALUE: usize = 65_536;

/// Why a name or value cannot be stored.
#[derive(Debug, thiserror::Error, PartialEq, Serialize, Deserialize)]
pub enum SecretNameError {
    #[error("a Secrets Manager name cannot be empty")]
    Empty,
    #[error(
        "`{name}`: Secrets Manager names may hold only letters, digits and `/_+=.@-`, not {found:?}"
    )]
    Character { name: String, found: char },
    #[error("`{name}` is {length} characters long; Secrets Manager allows {MAX_NAME}")]
    TooLong { name: String, length: usize },
    #[error("`{0}` is empty; Secrets Manager cannot store an empty value")]
    EmptyValue(String),
    #[error("the value of `{name}` is {size} bytes; Secrets Manager stores at most {MAX_VALUE}")]
    TooLarge { name: String, size: usize },
    #[error("the key `{key}` holds a `/`, which the secret's names use between levels")]
    SlashInKey { key: String },
}

/// Checks a secret name as the service does.
pub fn check_name(name: &str) -> Result<(), SecretNameError> {
    if name.is_empty() {
        return Err(SecretNameError::Empty);
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || "/_+=.@-".contains(c);
    if let Some(found) = name.chars().find(|&c| !allowed(c)) {
        return Err(SecretNameError::Character {
            name: name.to_string(),
            found,
        });
    }
    let length = name.chars().count();
    if length > MAX_NAME {
        return Err(SecretNameError::TooLong {
            name: name.to_string(),
            length,
        });
    }
    Ok(())
}

/// Checks the value of secret `name`: not empty, at most [`MAX_VALUE`] bytes.
pub fn check_value(name: &str, value: &str) -> Result<(), SecretNameError> {
    match value.len() {
        0 => Err(SecretNameError::EmptyValue(name.to_string())),
        size if size > MAX_VALUE => Err(SecretNameError::TooLarge {
            name: name.to_string(),
            size,
        }),
        _ => Ok(()),
    }
}

/// A secret as listed (ListSecrets), without its value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listed {
    pub name: String,
    /// Scheduled for deletion (and so restorable until then).
    pub deleted: bool,
}

/// A secret's current value as read; `None` when the secret is scheduled for deletion.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fetched {
    pub name: String,
    pub value: Option<Secret<String>>,
}

/// What is there under the name a value is written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Existing {
    /// Nothing: the secret is created.
    None,
    /// A secret: the value becomes its new current version.
    Live,
    /// A secret scheduled for deletion: restored, then given the new version.
    Deleted,
}

/// One secret value to write.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SecretPut {
    pub name: String,
    pub value: Secret<String>,
    pub existing: Existing,
}

/// AWS Secrets Manager in one region, with one set of credentials.
pub trait SecretsManager {
    fn region(&self) -> &str;
    /// The secrets whose names start with `prefix`, those scheduled for deletion marked.
    fn list(&self, prefix: &str) -> Result<Vec<Listed>, SmError>;
    /// The current (`AWSCURRENT`) values of `names`; names that do not exist are left out.
    fn get_all(&self, names: Vec<String>) -> Result<Vec<Fetched>, SmError>;
    /// Writes every value as the new current version of its secret (creating it, under
    /// `kms_key` or the service's own key, or restoring it first, as `existing` says); the
    /// versions before stay. Stops at the first failure, keeping what was written.
    fn put_all(
        &self,
        puts: Vec<SecretPut>,
        kms_key: Option<String>,
        progress: Progress,
    ) -> Result<(), SmError>;
    /// Schedules the secrets for deletion (restorable for 30 days, as the service's
    /// default); names already gone count as deleted.
    fn delete_all(&self, names: Vec<String>, progress: Progress) -> Result<(), SmError>;
}

/// Why a Secrets Manager operation failed.
#[derive(Debug, thiserror::Error, Serialize, Deserialize)]
pub enum SmError {
    #[error(transparent)]
    Name(#[from] SecretNameError),
    #[error("no AWS region: set AWS_REGION, or a region in the AWS profile")]
    NoRegion,
    #[error("{0}")]
    Credentials(String),
    #[error("secret {0} does not exist")]
    NotFound(String),
    #[error("no secrets named {0}*")]
    NoneUnder(String),
    #[error("secret {0} is scheduled for deletion")]
    Deleted(String),
    #[error("secret {0} holds binary data, not text")]
    Binary(String),
    #[error("secret {name} is not a JSON object of values: {reason}")]
    NotAnObject { name: String, reason: String },
    #[error(
        "secret {secret}: `{key}` gives no valid environment variable name (letters, digits and _, not first a digit)"
    )]
    NotAVariable { secret: String, key: String },
    #[error("access denied: {action} on {name} is not allowed for these credentials")]
    Denied { action: String, name: String },
    #[error("AWS Secrets Manager throttled {0} beyond every retry")]
    Throttled(String),
    #[error("cannot reach AWS Secrets Manager (network failure or timeout): {0}")]
    Unreachable(String),
    #[error("{action} on {name} failed: {detail}")]
    Aws {
        action: String,
        name: String,
        detail: String,
    },
    #[error(transparent)]
    #[serde(skip)]
    Companion(#[from] CompanionError),
    #[error("this build of secret has no AWS support (feature `aws`), which Secrets Manager needs")]
    #[serde(skip)]
    NotBuiltIn,
}

/// Secrets Manager through the companion `secret-aws`.
pub struct Client {
    companion: CompanionClient<Request, Answer, Failure>,
    region: String,
}

impl Client {
    /// Connects for `profile` (empty: the environment's); the companion starts now.
    pub fn connect(profile: &str) -> Result<Client, SmError> {
        let mut client = Client {
            companion: CompanionClient::new(&SPEC),
            region: String::new(),
        };
        let request = Request::SecretsManagerConnect {
            profile: profile.to_string(),
        };
        match client.call(&request, None)? {
            Answer::Region(region) => client.region = region,
            _ => return Err(client.garbled()),
        }
        Ok(client)
    }

    /// Sends one request and waits for its answer, typing a failure as [`SmError`].
    fn call(&self, request: &Request, progress: Option<Progress>) -> Result<Answer, SmError> {
        self.companion
            .call(request, progress)
            .map_err(|remote| match remote {
                Remote::Failure(Failure::SecretsManager(error)) => error,
                Remote::Failure(other) => refused(&self.companion, other).into(),
                Remote::Companion(error) => error.into(),
            })
    }

    fn garbled(&self) -> SmError {
        self.companion.garbled().into()
    }

    fn expect_nothing(&self, request: &Request, progress: Progress) -> Result<(), SmError> {
        match self.call(request, Some(progress))? {
            Answer::Nothing => Ok(()),
            _ => Err(self.garbled()),
        }
    }
}

impl SecretsManager for Client {
    fn region(&self) -> &str {
        &self.region
    }

    fn list(&self, prefix: &str) -> Result<Vec<Listed>, SmError> {
        let request = Request::SecretsManagerList {
            prefix: prefix.to_string(),
        };
        match self.call(&request, None)? {
            Answer::SecretsListed(listed) => Ok(listed),
            _ => Err(self.garbled()),
        }
    }

    fn get_all(&self, names: Vec<String>) -> Result<Vec<Fetched>, SmError> {
        match self.call(&Request::SecretsManagerGetAll { names }, None)? {
            Answer::SecretsFetched(fetched) => Ok(fetched),
            _ => Err(self.garbled()),
        }
    }

    fn put_all(
        &self,
        puts: Vec<SecretPut>,
        kms_key: Option<String>,
        progress: Progress,
    ) -> Result<(), SmError> {
        self.expect_nothing(&Request::SecretsManagerPutAll { puts, kms_key }, progress)
    }

    fn delete_all(&self, names: Vec<String>, progress: Progress) -> Result<(), SmError> {
        self.expect_nothing(&Request::SecretsManagerDeleteAll { names }, progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_as_the_service_does() {
        assert!(check_name("app/prod_1+x=y.z@w-v").is_ok());
        assert_eq!(check_name(""), Err(SecretNameError::Empty));
        assert!(matches!(
            check_name("app prod"),
            Err(SecretNameError::Character { found: ' ', .. })
        ));
        assert!(matches!(
            check_name("app:prod"),
            Err(SecretNameError::Character { found: ':', .. })
        ));
        assert!(check_name(&"a".repeat(512)).is_ok());
        assert!(matches!(
            check_name(&"a".repeat(513)),
            Err(SecretNameError::TooLong { length: 513, .. })
        ));
    }

    #[test]
    fn values_are_between_one_byte_and_64_kib() {
        assert!(check_value("n", "v").is_ok());
        assert!(check_value("n", &"x".repeat(MAX_VALUE)).is_ok());
        assert_eq!(
            check_value("n", ""),
            Err(SecretNameError::EmptyValue("n".into()))
        );
        assert!(matches!(
            check_value("n", &"x".repeat(MAX_VALUE + 1)),
            Err(SecretNameError::TooLarge { size: 65_537, .. })
        ));
    }
}
