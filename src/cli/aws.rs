//! How this binary reaches AWS: through the companion `secret-aws` (feature `aws`), which
//! [`install`] makes the KMS of every master key and [`parameter_store`] opens for the SSM
//! commands. Without the feature, both say this build has no AWS support.

use secret_core::aws::{ParameterStore, SsmError};

/// Makes the companion the KMS of KMS master keys; nothing starts until a key needs it.
#[cfg(feature = "aws")]
pub fn install() {
    secret_core::aws::install_kms(Box::new(secret_core::aws::companion::Companion::new()));
}

#[cfg(not(feature = "aws"))]
pub fn install() {}

/// SSM Parameter Store for `profile` (default: the AWS environment's).
#[cfg(feature = "aws")]
pub fn parameter_store(profile: Option<&str>) -> Result<Box<dyn ParameterStore>, SsmError> {
    let store = secret_core::aws::companion::Companion::parameter_store(profile.unwrap_or(""))?;
    Ok(Box::new(store))
}

#[cfg(not(feature = "aws"))]
pub fn parameter_store(_profile: Option<&str>) -> Result<Box<dyn ParameterStore>, SsmError> {
    Err(SsmError::NotBuiltIn)
}
