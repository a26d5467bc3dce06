//! Wrapping the data key for key groups and recovering it (sops-format.md §3.5, §3.6).

use zeroize::Zeroizing;

use super::envelope::DataKey;
use super::error::{KeyFailure, SopsError};
use super::metadata::{Metadata, StoredKey};
use super::shamir;

/// A master key to encrypt for: wraps a secret into a stored key entry.
pub trait Recipient {
    /// What the user knows this key as (an age recipient, a KMS ARN).
    fn describe(&self) -> String;
    fn wrap(&self, secret: &[u8]) -> Result<StoredKey, String>;
}

/// The keys this user holds: unwraps stored key entries it can.
pub trait Unwrapper {
    /// Tries one stored entry. `Err` explains why it could not be unwrapped.
    fn unwrap(&mut self, key: &StoredKey) -> Result<Zeroizing<Vec<u8>>, String>;
    /// The order in which to try a group's keys: a rank per key (lower first).
    fn rank(&self, key: &StoredKey) -> usize;
    /// Where keys were looked for, for the error when none worked.
    fn searched(&self) -> Vec<String>;
}

/// Wraps `key` for every group: the whole key for one group, one Shamir share per group
/// for several.
pub fn wrap(
    key: &DataKey,
    groups: &[Vec<Box<dyn Recipient>>],
    threshold: usize,
) -> Result<Vec<Vec<StoredKey>>, SopsError> {
    if groups.is_empty() || groups.iter().any(Vec::is_empty) {
        return Err(SopsError::NoRecipients);
    }
    let secrets: Vec<Zeroizing<Vec<u8>>> = if groups.len() == 1 {
        vec![Zeroizing::new(key.as_bytes().to_vec())]
    } else {
        let threshold = if threshold == 0 {
            groups.len()
        } else {
            threshold
        };
        if !(2..=groups.len()).contains(&threshold) || groups.len() > 255 {
            return Err(SopsError::Threshold {
                threshold,
                groups: groups.len(),
            });
        }
        shamir::split(key.as_bytes(), groups.len(), threshold)
    };
    groups
        .iter()
        .zip(&secrets)
        .map(|(group, secret)| {
            group
                .iter()
                .map(|r| {
                    r.wrap(secret).map_err(|reason| SopsError::Wrap {
                        key: r.describe(),
                        reason,
                    })
                })
                .collect()
        })
        .collect()
}

/// Recovers the data key from the metadata with the keys the user holds.
pub fn recover(metadata: &Metadata, keys: &mut dyn Unwrapper) -> Result<DataKey, SopsError> {
    let needed = metadata.effective_threshold();
    let mut shares = Vec::new();
    let mut failures = Vec::new();
    for group in &metadata.key_groups {
        match unwrap_group(group, keys) {
            Ok(share) => shares.push(share),
            Err(group_failures) => failures.push(group_failures),
        }
        if shares.len() >= needed {
            break;
        }
    }
    if shares.len() < needed {
        return Err(SopsError::NoKey {
            needed,
            got: shares.len(),
            failures,
            searched: keys.searched(),
        });
    }
    let secret = if metadata.key_groups.len() == 1 {
        shares.remove(0)
    } else {
        shamir::combine(&shares.iter().map(|s| s.as_slice()).collect::<Vec<_>>())?
    };
    DataKey::from_bytes(&secret).ok_or(SopsError::Shamir(shamir::ShamirError::LengthMismatch))
}

/// The first key of a group that unwraps, in decryption order; or why each failed.
fn unwrap_group(
    group: &[StoredKey],
    keys: &mut dyn Unwrapper,
) -> Result<Zeroizing<Vec<u8>>, Vec<KeyFailure>> {
    let mut ordered: Vec<&StoredKey> = group.iter().collect();
    ordered.sort_by_key(|k| keys.rank(k));
    let mut failures = Vec::new();
    for key in ordered {
        match keys.unwrap(key) {
            Ok(secret) => return Ok(secret),
            Err(reason) => failures.push(KeyFailure {
                key: key.describe(),
                reason,
            }),
        }
    }
    Err(failures)
}
