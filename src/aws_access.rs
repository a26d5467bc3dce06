//! How this process reaches AWS (feature `aws`). `secret-aws` (feature `aws-sdk`)
//! installs [`crate::aws::Direct`], which calls AWS itself; `secret` installs nothing and
//! gets [`Companion`], which hands the work to `secret-aws`. Nothing in `secret` refers to
//! AWS code: built with the SDK in the library (a plain `cargo build`), the linker leaves
//! the SDK and its start-up cost out of it; the release build (scripts/build-release.sh)
//! does not compile the SDK for it at all. A trait object set once at start-up keeps that
//! choice in one place.

use std::sync::OnceLock;

use zeroize::Zeroizing;

use crate::cli::{Cli, CliError};
use crate::companion::Companion;
use crate::keys::kms::KmsKey;

/// What needs AWS: KMS wrapping of data keys, and commands that are all about AWS.
pub trait AwsAccess: Sync {
    /// KMS `Encrypt` of `plaintext` for `key`: the ciphertext blob.
    fn kms_encrypt(&self, key: &KmsKey, plaintext: &[u8]) -> Result<Vec<u8>, String>;

    /// KMS `Decrypt` of a ciphertext blob made for `key`.
    fn kms_decrypt(&self, key: &KmsKey, blob: &[u8]) -> Result<Zeroizing<Vec<u8>>, String>;

    /// Runs a command that needs AWS from start to end (push, pull, diff, ssm, exec --ssm);
    /// returns the exit code.
    fn run_command(&self, cli: &Cli) -> Result<i32, CliError>;
}

static INSTALLED: OnceLock<&'static dyn AwsAccess> = OnceLock::new();

/// Makes `access` the way to AWS for the rest of the process (once, from `main`).
pub fn install(access: &'static dyn AwsAccess) {
    INSTALLED
        .set(access)
        .unwrap_or_else(|_| panic!("AWS access installed twice"));
}

/// The installed way to AWS; the companion binary when none was installed.
pub fn aws() -> &'static dyn AwsAccess {
    INSTALLED.get().copied().unwrap_or(&Companion)
}
