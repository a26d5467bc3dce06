//! Why a call to a remote key service failed, in words that name what was called and what
//! to do. The master key that made the call is named by the caller (the wrap error or the
//! list of keys that could not decrypt), so these messages name the URL, the service and
//! the fix.

use serde::{Deserialize, Serialize};

use super::keys::RemoteConfigError;
use crate::companion::CompanionError;

#[derive(Debug, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemoteError {
    /// No credentials anywhere they are looked for.
    #[error("no {service} credentials found (looked at {looked}); {fix}")]
    NoCredentials {
        service: String,
        looked: String,
        fix: String,
    },
    /// Credentials were found but cannot be used (unreadable, malformed, refused by the
    /// token service).
    #[error("the {service} credentials from {origin} cannot be used: {detail}")]
    BadCredentials {
        service: String,
        origin: String,
        detail: String,
    },
    /// No answer: the connection failed or timed out.
    #[error("cannot reach {url}: {detail} (is the address right and the server up?)")]
    Unreachable { url: String, detail: String },
    /// The service refused the credentials (401 or 403).
    #[error("{url} refused the request ({status}): {detail}; {fix}")]
    Denied {
        url: String,
        status: u16,
        detail: String,
        fix: String,
    },
    /// Any other error status, with the service's own message.
    #[error("{url} answered {status}: {detail}")]
    Failed {
        url: String,
        status: u16,
        detail: String,
    },
    /// A success status with a body that is not what the API documents.
    #[error("{url} answered with something unexpected: {detail}")]
    BadAnswer { url: String, detail: String },
    /// The `enc` of the file's metadata entry cannot be decoded.
    #[error("the stored ciphertext is not {encoding}")]
    BadCiphertext { encoding: String },
    #[error(transparent)]
    Config(#[from] RemoteConfigError),
    #[error(
        "this build of secret cannot reach Vault, GCP KMS or Azure Key Vault (no secret-remote support installed)"
    )]
    #[serde(skip)]
    NotInstalled,
    #[error(transparent)]
    #[serde(skip)]
    Companion(#[from] CompanionError),
}
