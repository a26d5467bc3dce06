//! SSM Parameter Store's vocabulary: names and values as SSM accepts them, checked before
//! any call so that a bad file fails whole instead of half-written (limits:
//! docs/ssm-and-chamber.md §3), and why a call failed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::companion::CompanionError;
use crate::env::KeyedValue;
use crate::secret::Secret;

/// Parameter values by full name (secrets: wiped when dropped, never shown by `Debug`).
pub type Values = BTreeMap<String, Secret<String>>;

/// Levels a hierarchical name may have.
pub const MAX_LEVELS: usize = 15;
/// The longest name SSM accepts, counted with its ARN prefix.
const MAX_ARN_LENGTH: usize = 1011;
/// `arn:aws:ssm:REGION:ACCOUNT:parameter` without the region; the name brings the `/`.
const ARN_PREFIX_WITHOUT_REGION: usize = "arn:aws:ssm::123456789012:parameter".len();
/// Value sizes of the two tiers, in bytes.
pub const STANDARD_MAX_VALUE: usize = 4096;
pub const ADVANCED_MAX_VALUE: usize = 8192;

/// Why a name or value cannot be stored.
#[derive(Debug, thiserror::Error, PartialEq, Serialize, Deserialize)]
pub enum NameError {
    #[error("`{0}` is not a namespace: it must start with `/`, like /app/prod")]
    NotANamespace(String),
    #[error("`{0}` is not a service: write it without a leading or trailing `/`, like team/app")]
    NotAService(String),
    #[error(
        "`{0}` gives no valid environment variable name (letters, digits and _, not first a digit)"
    )]
    NotAVariable(String),
    #[error(
        "`{name}`: SSM names may hold only letters, digits and `_.-` between slashes, not {found:?}"
    )]
    Character { name: String, found: char },
    #[error("`{0}`: a name may not have an empty level (`//` or a trailing `/`)")]
    EmptyLevel(String),
    #[error("`{0}`: names starting with `aws` or `ssm` are reserved by AWS")]
    Reserved(String),
    #[error("`{name}` has {levels} levels; SSM allows at most {MAX_LEVELS}")]
    TooDeep { name: String, levels: usize },
    #[error("`{name}` is {length} characters long; SSM allows {limit} in this region")]
    TooLong {
        name: String,
        length: usize,
        limit: usize,
    },
    #[error("`{0}` is empty; SSM cannot store an empty value")]
    EmptyValue(String),
    #[error(
        "the value of `{name}` is {size} bytes: above the Standard tier's {STANDARD_MAX_VALUE}"
    )]
    NeedsAdvanced { name: String, size: usize },
    #[error("the value of `{name}` is {size} bytes; SSM stores at most {ADVANCED_MAX_VALUE}")]
    TooLarge { name: String, size: usize },
}

/// Where a tree of parameters lives: `/app/prod`, never with a trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespace(String);

impl Namespace {
    pub fn parse(text: &str) -> Result<Namespace, NameError> {
        let trimmed = text.trim_end_matches('/');
        if !text.starts_with('/') || trimmed.is_empty() {
            return Err(NameError::NotANamespace(text.to_string()));
        }
        check_levels(trimmed)?;
        Ok(Namespace(trimmed.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The parameter name of the value at `keys` (`[db, host]` → `/ns/db/host`).
    pub fn name_of(&self, keys: &[String]) -> Result<String, NameError> {
        let name = format!("{}/{}", self.0, keys.join("/"));
        if let Some(key) = keys.iter().find(|k| k.contains('/')) {
            return Err(NameError::Character {
                name: format!("{name} (key `{key}`)"),
                found: '/',
            });
        }
        Ok(name)
    }

    /// The parameter names of a file's values (from `env::leaves`).
    pub fn values_of(&self, leaves: Vec<KeyedValue>) -> Result<Values, NameError> {
        leaves
            .into_iter()
            .map(|(keys, value)| Ok((self.name_of(&keys)?, value)))
            .collect()
    }

    /// The keys of parameter `name` below this namespace, or `None` outside it.
    pub fn keys_of(&self, name: &str) -> Option<Vec<String>> {
        let rest = name.strip_prefix(&self.0)?.strip_prefix('/')?;
        Some(rest.split('/').map(String::from).collect())
    }
}

/// Checks a full parameter name for `region`.
pub fn check_name(name: &str, region: &str) -> Result<(), NameError> {
    check_levels(name)?;
    let levels = name.split('/').count() - 1;
    if levels > MAX_LEVELS {
        return Err(NameError::TooDeep {
            name: name.to_string(),
            levels,
        });
    }
    let limit = MAX_ARN_LENGTH - ARN_PREFIX_WITHOUT_REGION - region.len();
    if name.len() > limit {
        return Err(NameError::TooLong {
            name: name.to_string(),
            length: name.len(),
            limit,
        });
    }
    Ok(())
}

/// Characters, empty levels and reserved prefixes of `/a/b/c`.
fn check_levels(name: &str) -> Result<(), NameError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_.-/".contains(c);
    if let Some(found) = name.chars().find(|&c| !allowed(c)) {
        return Err(NameError::Character {
            name: name.to_string(),
            found,
        });
    }
    let mut levels = name.split('/').skip(1);
    if levels.clone().any(str::is_empty) {
        return Err(NameError::EmptyLevel(name.to_string()));
    }
    let first = levels.next().unwrap_or_default().to_ascii_lowercase();
    if first.starts_with("aws") || first.starts_with("ssm") {
        return Err(NameError::Reserved(name.to_string()));
    }
    Ok(())
}

/// Whether the value of `name` needs the Advanced tier; an error when it fits in none
/// allowed (`advanced`: the user accepts the Advanced tier's cost).
pub fn needs_advanced(name: &str, value: &str, advanced: bool) -> Result<bool, NameError> {
    let size = value.len();
    let name = name.to_string();
    match size {
        0 => Err(NameError::EmptyValue(name)),
        1..=STANDARD_MAX_VALUE => Ok(false),
        _ if size <= ADVANCED_MAX_VALUE && advanced => Ok(true),
        _ if size <= ADVANCED_MAX_VALUE => Err(NameError::NeedsAdvanced { name, size }),
        _ => Err(NameError::TooLarge { name, size }),
    }
}

/// Why a Parameter Store operation failed.
#[derive(Debug, thiserror::Error, Serialize, Deserialize)]
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
    #[error(transparent)]
    #[serde(skip)]
    Companion(#[from] CompanionError),
    #[error(
        "this build of secret has no AWS support (feature `aws`), which SSM Parameter Store needs"
    )]
    #[serde(skip)]
    NotBuiltIn,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn namespaces_map_keys_to_names_and_back() {
        let ns = Namespace::parse("/app/prod/").unwrap();
        let name = ns.name_of(&keys(&["db", "host"])).unwrap();
        assert_eq!(name, "/app/prod/db/host");
        assert_eq!(ns.keys_of(&name), Some(keys(&["db", "host"])));
        assert_eq!(ns.keys_of("/app/production/x"), None);
        assert!(Namespace::parse("app").is_err());
        assert!(ns.name_of(&keys(&["a/b"])).is_err());
    }

    #[test]
    fn names_are_checked_like_ssm_does() {
        assert!(check_name("/app/db.host-1_x", "us-east-1").is_ok());
        assert!(matches!(
            check_name("/app/has space", "us-east-1"),
            Err(NameError::Character { found: ' ', .. })
        ));
        assert!(matches!(
            check_name("/aws/x", "us-east-1"),
            Err(NameError::Reserved(_))
        ));
        let deep = "/a".repeat(16);
        assert!(matches!(
            check_name(&deep, "us-east-1"),
            Err(NameError::TooDeep { levels: 16, .. })
        ));
        let long = format!("/{}", "a".repeat(1000));
        assert!(matches!(
            check_name(&long, "us-east-1"),
            Err(NameError::TooLong { .. })
        ));
    }

    #[test]
    fn values_pick_a_tier_or_fail() {
        let big = "x".repeat(5000);
        assert_eq!(needs_advanced("/a", "v", false), Ok(false));
        assert_eq!(needs_advanced("/a", &big, true), Ok(true));
        assert!(matches!(
            needs_advanced("/a", &big, false),
            Err(NameError::NeedsAdvanced { .. })
        ));
        assert!(matches!(
            needs_advanced("/a", "", true),
            Err(NameError::EmptyValue(_))
        ));
        assert!(matches!(
            needs_advanced("/a", &"x".repeat(9000), true),
            Err(NameError::TooLarge { .. })
        ));
    }
}
