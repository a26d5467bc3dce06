//! AWS as the core sees it: KMS for data keys and SSM Parameter Store for namespaces, as
//! two small traits. The core holds no AWS SDK: a front end installs a [`Kms`] (for
//! `secret`, the [`companion::Companion`], which hands each call to the `secret-aws`
//! binary over the versioned [`protocol`]) and passes a [`ParameterStore`] to the SSM
//! operations. An age-only run never touches any of it.

pub mod companion;
pub mod kms;
pub mod protocol;
pub mod secrets_manager;
pub mod ssm;

use std::sync::OnceLock;

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

pub use kms::{KmsConfigError, KmsError, KmsKey};
pub use ssm::{Namespace, SsmError};

/// KMS `Encrypt` and `Decrypt` of data keys.
pub trait Kms: Send + Sync {
    /// The ciphertext blob of `plaintext` under `key` (with its encryption context).
    fn encrypt(&self, key: &KmsKey, plaintext: &[u8]) -> Result<Vec<u8>, KmsError>;
    /// The plaintext of a blob made for `key`.
    fn decrypt(&self, key: &KmsKey, blob: &[u8]) -> Result<Zeroizing<Vec<u8>>, KmsError>;
}

static KMS: OnceLock<Box<dyn Kms>> = OnceLock::new();

/// Makes `kms` the way to AWS KMS for the rest of the process (once, from `main`). Without
/// it, KMS keys are refused as unsupported by this build.
pub fn install_kms(kms: Box<dyn Kms>) {
    // A second installation keeps the first: both come from the same `main`.
    let _ = KMS.set(kms);
}

/// The installed KMS, if any.
pub fn kms() -> Option<&'static dyn Kms> {
    KMS.get().map(Box::as_ref)
}

/// A parameter as read; its value only where asked for, never printed whole.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Parameter {
    pub name: String,
    pub value: Secret<String>,
    pub version: i64,
    /// When it was last written, `YYYY-MM-DD HH:MM:SS` UTC.
    pub modified: String,
}

/// One parameter to write, as a SecureString.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Put {
    pub name: String,
    pub value: Secret<String>,
    /// Store it in the Advanced tier (values above 4 KB).
    pub advanced: bool,
}

/// One version of a parameter, without its value.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Version {
    pub version: i64,
    pub modified: String,
    pub user: String,
}

/// Called with a count after each parameter written or deleted (a progress bar).
pub type Progress<'a> = &'a dyn Fn(u64);

/// SSM Parameter Store in one region, with one set of credentials.
pub trait ParameterStore {
    fn region(&self) -> &str;
    /// The parameters below `namespace` (only its direct children unless `recursive`),
    /// decrypted.
    fn list(&self, namespace: &Namespace, recursive: bool) -> Result<Vec<Parameter>, SsmError>;
    /// One parameter, decrypted; `None` when it does not exist.
    fn get(&self, name: &str) -> Result<Option<Parameter>, SsmError>;
    /// Writes every parameter under `kms_key` (SSM's own key when `None`); stops at the
    /// first failure, keeping what was written.
    fn put_all(
        &self,
        puts: Vec<Put>,
        kms_key: Option<String>,
        progress: Progress,
    ) -> Result<(), SsmError>;
    /// Deletes the parameters; names already gone count as deleted.
    fn delete_all(&self, names: Vec<String>, progress: Progress) -> Result<(), SsmError>;
    /// Deletes one parameter; a missing one is `NotFound`.
    fn delete(&self, name: &str) -> Result<(), SsmError>;
    /// The versions of `name`, oldest first.
    fn history(&self, name: &str) -> Result<Vec<Version>, SsmError>;
}
