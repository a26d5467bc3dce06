//! The remote companion protocol: how `secret` asks `secret-remote` to call Vault,
//! GCP KMS and Azure Key Vault. One JSON message per line over the companion's standard
//! input and output; the generic handshake of [`crate::companion`] comes first, with this
//! protocol's own [`PROTOCOL`] version. Data keys and published values travel only here,
//! in zeroizing buffers, never in argv or the environment.

use serde::{Deserialize, Serialize};

use super::RemoteError;
use super::keys::{AzureKey, GcpKmsKey, VaultKey};
use crate::secret::Secret;

/// The protocol version; bumped whenever a message changes shape or meaning.
pub const PROTOCOL: u32 = 1;

/// What `secret` asks. Binary data travels as standard base64.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// `data`: the base64 plaintext; answered with the transit ciphertext (`vault:v1:…`).
    VaultTransitEncrypt { key: VaultKey, data: Secret<String> },
    /// Answered with the base64 plaintext.
    VaultTransitDecrypt { key: VaultKey, ciphertext: String },
    /// `data`: the base64 plaintext; answered with the base64 ciphertext.
    GcpKmsEncrypt {
        key: GcpKmsKey,
        data: Secret<String>,
    },
    /// `data`: the base64 ciphertext; answered with the base64 plaintext.
    GcpKmsDecrypt { key: GcpKmsKey, data: String },
    /// `data`: the base64 plaintext; answered with the key version used (the latest when
    /// the key names none) and the base64 ciphertext.
    AzureKeyVaultEncrypt { key: AzureKey, data: Secret<String> },
    /// `data`: the base64 ciphertext; answered with the base64 plaintext.
    AzureKeyVaultDecrypt { key: AzureKey, data: String },
    /// Writes `data` (a JSON object) to the Vault KV secret at `url`, unless it holds the
    /// same values already; answered with whether it was written.
    VaultKvWrite {
        url: String,
        kv_version: u32,
        data: Secret<String>,
    },
}

/// The result of a request that succeeded.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// A Vault transit ciphertext.
    Ciphertext(String),
    /// A base64 ciphertext.
    Blob(String),
    /// The Azure key version used and the base64 ciphertext.
    Wrapped { version: String, blob: String },
    /// A base64 plaintext.
    Secret(Secret<String>),
    /// Whether a KV write changed the secret.
    Written(bool),
}

/// Why a request failed.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    Remote(RemoteError),
    /// A request the companion could not read or does not know.
    Protocol(String),
}

impl From<RemoteError> for Failure {
    fn from(error: RemoteError) -> Failure {
        Failure::Remote(error)
    }
}

/// What the companion answers (the shape every companion shares).
pub type Reply = crate::companion::Reply<Answer, Failure>;
