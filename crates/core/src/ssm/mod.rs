//! AWS SSM Parameter Store operations: namespaces of SecureString parameters mirrored from
//! and to encrypted files (`push`, `pull`, `diff`), and chamber-style single parameters,
//! over the [`ParameterStore`](crate::aws::ParameterStore) a front end passes in.

pub mod chamber;
pub mod plan;
pub mod pull;
pub mod push;

pub use crate::aws::ssm::{NameError, Namespace, SsmError, Values};
pub use plan::Plan;

use crate::aws::ParameterStore;

/// Every parameter below `namespace`, decrypted.
pub fn fetch(store: &dyn ParameterStore, namespace: &Namespace) -> Result<Values, SsmError> {
    Ok(store
        .list(namespace, true)?
        .into_iter()
        .map(|p| (p.name, p.value))
        .collect())
}
