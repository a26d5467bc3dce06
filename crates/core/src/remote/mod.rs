//! Remote key services as the core sees them: HashiCorp Vault / OpenBao transit, GCP
//! Cloud KMS and Azure Key Vault, behind one small trait, [`Services`]. The core holds no
//! HTTP or TLS code: a front end installs the [`Services`] (for `secret`, the
//! [`companion::Companion`], which hands each call to the `secret-remote` binary over the
//! versioned [`protocol`]). Nothing is started until a file needs one of these keys.

pub mod companion;
mod error;
pub mod keys;
pub mod protocol;

use std::sync::OnceLock;

use serde_json::{Map, Value};
use zeroize::Zeroizing;

pub use error::RemoteError;
pub use keys::{AzureKey, GcpKmsKey, RemoteConfigError, VaultKey};

/// The calls the remote key services answer.
pub trait Services: Send + Sync {
    /// Vault transit `encrypt` of `plaintext` (sent as base64): the `vault:v1:…` text.
    fn vault_encrypt(&self, key: &VaultKey, plaintext: &[u8]) -> Result<String, RemoteError>;
    /// Vault transit `decrypt` of a `vault:v1:…` text.
    fn vault_decrypt(
        &self,
        key: &VaultKey,
        ciphertext: &str,
    ) -> Result<Zeroizing<Vec<u8>>, RemoteError>;
    /// Cloud KMS `encrypt`: the ciphertext bytes.
    fn gcp_encrypt(&self, key: &GcpKmsKey, plaintext: &[u8]) -> Result<Vec<u8>, RemoteError>;
    /// Cloud KMS `decrypt`.
    fn gcp_decrypt(
        &self,
        key: &GcpKmsKey,
        ciphertext: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, RemoteError>;
    /// Key Vault `encrypt` with RSA-OAEP-256: the key version used (the latest when `key`
    /// names none) and the ciphertext bytes.
    fn azure_encrypt(
        &self,
        key: &AzureKey,
        plaintext: &[u8],
    ) -> Result<(String, Vec<u8>), RemoteError>;
    /// Key Vault `decrypt` with RSA-OAEP-256.
    fn azure_decrypt(
        &self,
        key: &AzureKey,
        ciphertext: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, RemoteError>;
    /// Writes `data` to a Vault KV secret (version 1 or 2 of the engine) unless it holds
    /// the same values already: whether it was written.
    fn vault_kv_write(
        &self,
        url: &str,
        kv_version: u32,
        data: &Map<String, Value>,
    ) -> Result<bool, RemoteError>;
}

static SERVICES: OnceLock<Box<dyn Services>> = OnceLock::new();

/// Makes `services` the way to the remote key services for the rest of the process (once,
/// from `main`). Without it, their keys are refused as unsupported by this build.
pub fn install(services: Box<dyn Services>) {
    // A second installation keeps the first: both come from the same `main`.
    let _ = SERVICES.set(services);
}

/// The installed services.
pub fn services() -> Result<&'static dyn Services, RemoteError> {
    SERVICES
        .get()
        .map(Box::as_ref)
        .ok_or(RemoteError::NotInstalled)
}
