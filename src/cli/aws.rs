//! How this binary reaches AWS: through the companion `secret-aws` (feature `aws`), which
//! [`install`] makes the KMS of every master key, [`parameter_store`] opens for the SSM
//! commands and [`secrets_manager`] for Secrets Manager. Without the feature, each says
//! this build has no AWS support.

use secret_core::aws::secrets_manager::{SecretsManager, SmError};
use secret_core::aws::{ParameterStore, SsmError};
use secret_core::env::Variables;
use secret_core::secrets_manager::Layout;
use secret_core::ssm::chamber;

use super::CliError;

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

/// The variables of chamber-style `services` (`exec --ssm`, `ssm export`), later services
/// winning, with a warning for each value a later service replaces.
pub fn service_variables(services: &[String]) -> Result<Variables, CliError> {
    if services.is_empty() {
        return Ok(Variables::new());
    }
    let store = parameter_store(None)?;
    let (vars, replaced) = chamber::service_variables(store.as_ref(), services)?;
    for (service, variable) in replaced {
        eprintln!("secret: warning: service {service} overrides {variable}");
    }
    Ok(vars)
}

/// AWS Secrets Manager for `profile` (default: the AWS environment's).
#[cfg(feature = "aws")]
pub fn secrets_manager(profile: Option<&str>) -> Result<Box<dyn SecretsManager>, SmError> {
    let client = secret_core::aws::secrets_manager::Client::connect(profile.unwrap_or(""))?;
    Ok(Box::new(client))
}

#[cfg(not(feature = "aws"))]
pub fn secrets_manager(_profile: Option<&str>) -> Result<Box<dyn SecretsManager>, SmError> {
    Err(SmError::NotBuiltIn)
}

/// The variables of Secrets Manager secrets (`exec --secrets-manager`), later secrets
/// winning, with a warning for each value a later secret replaces.
pub fn secrets_manager_variables(secrets: &[Layout]) -> Result<Variables, CliError> {
    if secrets.is_empty() {
        return Ok(Variables::new());
    }
    let sm = secrets_manager(None)?;
    let (vars, replaced) = secret_core::secrets_manager::variables(sm.as_ref(), secrets)?;
    for (secret, variable) in replaced {
        eprintln!("secret: warning: secret {secret} overrides {variable}");
    }
    Ok(vars)
}
