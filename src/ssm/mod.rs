//! AWS SSM Parameter Store: namespaces of SecureString parameters mirrored from and to
//! encrypted files (`push`, `pull`, `diff`), and chamber-style single parameters.

pub mod chamber;
pub mod names;
pub mod plan;
pub mod pull;

#[cfg(feature = "aws-sdk")]
pub mod client;
#[cfg(feature = "aws-sdk")]
pub mod push;

pub use names::{NameError, Namespace};
pub use plan::{Plan, Values};

/// Why a Parameter Store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum SsmError {
    #[error(transparent)]
    Name(#[from] NameError),
    #[error("no AWS region: set AWS_REGION, or a region in the AWS profile")]
    NoRegion,
    #[error("{0}")]
    Credentials(String),
    #[error("no parameters under {0}")]
    EmptyNamespace(String),
    #[error("parameter {0} does not exist")]
    NotFound(String),
    #[error("access denied: {action} on {name} is not allowed for these credentials")]
    Denied { action: String, name: String },
    #[error("AWS SSM throttled {0} beyond every retry")]
    Throttled(String),
    #[error("cannot reach AWS SSM (network failure or timeout): {0}")]
    Unreachable(String),
    #[error("{action} on {name} failed: {detail}")]
    Aws {
        action: String,
        name: String,
        detail: String,
    },
}
