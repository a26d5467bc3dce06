//! The companion protocol: how `secret` asks `secret-aws` for AWS calls. One JSON message
//! per line over the companion's standard input and output; the generic handshake of
//! [`crate::companion`] comes first, and a companion of another [`PROTOCOL`] version is
//! refused before anything else is sent. Secrets (data keys, parameter values) travel only here, in
//! zeroizing buffers, never in argv or the environment.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};

use super::secrets_manager::{Fetched, Listed, SecretPut, SmError};
use super::{KmsError, KmsKey, Parameter, Put, SsmError, Version};

/// The protocol version; bumped whenever a message changes shape or meaning.
/// 2: the `SecretsManager*` requests.
pub const PROTOCOL: u32 = 2;

/// The companion's one argument: answer requests on standard input until it closes.
pub use crate::companion::SERVE;

/// What `secret` asks.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// `data`: the base64 plaintext.
    KmsEncrypt {
        key: KmsKey,
        data: Secret<String>,
    },
    /// `data`: the base64 ciphertext blob.
    KmsDecrypt {
        key: KmsKey,
        data: String,
    },
    /// Opens Parameter Store for `profile` (empty: the environment's); answered with the
    /// region. Every later `Ssm*` request uses it.
    SsmConnect {
        profile: String,
    },
    SsmList {
        namespace: String,
        recursive: bool,
    },
    SsmGet {
        name: String,
    },
    /// Answered by a [`Reply::Progress`] per parameter written, then the outcome.
    SsmPutAll {
        puts: Vec<Put>,
        kms_key: Option<String>,
    },
    /// Answered by a [`Reply::Progress`] per batch deleted, then the outcome.
    SsmDeleteAll {
        names: Vec<String>,
    },
    SsmDelete {
        name: String,
    },
    SsmHistory {
        name: String,
    },
    /// Opens Secrets Manager for `profile` (empty: the environment's); answered with the
    /// region. Every later `SecretsManager*` request uses it.
    SecretsManagerConnect {
        profile: String,
    },
    /// The secrets whose names start with `prefix`: [`Answer::SecretsListed`].
    SecretsManagerList {
        prefix: String,
    },
    /// The current values of `names`: [`Answer::SecretsFetched`].
    SecretsManagerGetAll {
        names: Vec<String>,
    },
    /// Answered by a [`Reply::Progress`] per secret written, then the outcome.
    SecretsManagerPutAll {
        puts: Vec<SecretPut>,
        kms_key: Option<String>,
    },
    /// Answered by a [`Reply::Progress`] per secret scheduled for deletion, then the outcome.
    SecretsManagerDeleteAll {
        names: Vec<String>,
    },
}

/// What the companion answers: one final reply per request, after any progress (the
/// shape every companion shares, [`crate::companion::Reply`]).
pub type Reply = crate::companion::Reply<Answer, Failure>;

/// The result of a request that succeeded.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Nothing,
    /// base64 ciphertext (KMS encrypt).
    Blob(String),
    /// base64 plaintext (KMS decrypt).
    Secret(Secret<String>),
    Region(String),
    Parameters(Vec<Parameter>),
    Parameter(Option<Parameter>),
    History(Vec<Version>),
    SecretsListed(Vec<Listed>),
    SecretsFetched(Vec<Fetched>),
}

/// Why a request failed, typed as the caller's own errors are.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    Kms(KmsError),
    Ssm(SsmError),
    SecretsManager(SmError),
    /// A request the companion could not read or does not know.
    Protocol(String),
}

impl From<KmsError> for Failure {
    fn from(error: KmsError) -> Failure {
        Failure::Kms(error)
    }
}

impl From<SmError> for Failure {
    fn from(error: SmError) -> Failure {
        Failure::SecretsManager(error)
    }
}

impl From<SsmError> for Failure {
    fn from(error: SsmError) -> Failure {
        Failure::Ssm(error)
    }
}
