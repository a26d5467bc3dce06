//! `push`: make a namespace hold a file's values, writing only what changed.

use std::collections::BTreeSet;

use super::{NameError, Plan, SsmError, Values};
use crate::aws::ssm::{check_name, needs_advanced};
use crate::aws::{ParameterStore, Progress, Put};

/// Checks every name and value before anything is sent; gives the names that need the
/// Advanced tier (allowed only with `advanced`).
pub fn check(wanted: &Values, region: &str, advanced: bool) -> Result<BTreeSet<String>, NameError> {
    let mut needing_advanced = BTreeSet::new();
    for (name, value) in wanted {
        check_name(name, region)?;
        if needs_advanced(name, value, advanced)? {
            needing_advanced.insert(name.clone());
        }
    }
    Ok(needing_advanced)
}

/// Applies `plan`: writes added and changed parameters, deletes removed ones. Running it
/// again after an interruption converges, as the plan is made from what is there.
pub fn apply(
    store: &dyn ParameterStore,
    plan: &Plan,
    wanted: &Values,
    advanced: &BTreeSet<String>,
    kms_key: Option<String>,
    progress: Progress,
) -> Result<(), SsmError> {
    let puts = plan
        .writes()
        .map(|name| Put {
            name: name.clone(),
            value: wanted[name].clone(),
            advanced: advanced.contains(name),
        })
        .collect();
    store.put_all(puts, kms_key, progress)?;
    store.delete_all(plan.removed.clone(), progress)
}
