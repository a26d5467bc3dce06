//! Wrapping the data key for key groups and recovering it (sops-format.md §3.5, §3.6).

use zeroize::Zeroizing;

use super::envelope::DataKey;
use super::error::{KeyFailure, SopsError};
use super::metadata::{Metadata, StoredKey};
use super::shamir;

/// Why a master key could not wrap or unwrap: the key type's own typed error (age, KMS,
/// …), whose `source()` chain says why. The key types live above this layer.
pub type KeyError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A master key (age, SSH, KMS, …): wraps the data key, or a Shamir share of it, into the
/// metadata entry stored for it, and unwraps that entry with what this user holds.
/// `Sync`, because the keys of a file are wrapped concurrently.
pub trait MasterKey: Sync {
    /// What the user knows this key as (an age recipient, a KMS ARN).
    fn describe(&self) -> String;
    fn wrap(&self, secret: &[u8]) -> Result<StoredKey, KeyError>;
    /// The secret wrapped into `stored`, an entry this key wrote.
    fn unwrap(&self, stored: &StoredKey) -> Result<Zeroizing<Vec<u8>>, KeyError>;
    /// Whether `stored` was wrapped for this key (so that re-keying need not add it).
    fn is_stored_as(&self, stored: &StoredKey) -> bool {
        stored.describe() == self.describe()
    }
}

/// The keys this user holds: unwraps stored key entries it can.
pub trait Unwrapper {
    /// Tries one stored entry. `Err` explains why it could not be unwrapped.
    fn unwrap(&mut self, key: &StoredKey) -> Result<Zeroizing<Vec<u8>>, KeyError>;
    /// The order in which to try a group's keys: a rank per key (lower first).
    fn rank(&self, key: &StoredKey) -> usize;
    /// Where keys were looked for, for the error when none worked.
    fn searched(&self) -> Vec<String>;
    /// Keys that failed although the data key was recovered with others: worth a warning.
    fn passed_over(&mut self, failures: Vec<KeyFailure>);
}

/// Wraps `key` for every group: the whole key for one group, one Shamir share per group
/// for several.
pub fn wrap(
    key: &DataKey,
    groups: &[Vec<Box<dyn MasterKey>>],
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
        .map(|(group, secret)| wrap_concurrently(group, secret))
        .collect()
}

/// Wraps `secret` for each key of a group at once, results in the group's order. A KMS key
/// waits on a network round trip; a scoped thread per key overlaps those waits without
/// making this layer async. The KMS calls of these threads share kms.rs's one
/// current-thread tokio runtime: while one thread drives it, the others' calls are woken
/// by it, so the requests really are in flight together.
fn wrap_concurrently(
    group: &[Box<dyn MasterKey>],
    secret: &[u8],
) -> Result<Vec<StoredKey>, SopsError> {
    std::thread::scope(|scope| {
        let wrapping: Vec<_> = group
            .iter()
            .map(|recipient| scope.spawn(move || wrap_one(recipient.as_ref(), secret)))
            .collect();
        wrapping
            .into_iter()
            .map(|thread| thread.join().expect("a wrapping thread does not panic"))
            .collect()
    })
}

fn wrap_one(recipient: &dyn MasterKey, secret: &[u8]) -> Result<StoredKey, SopsError> {
    recipient.wrap(secret).map_err(|reason| SopsError::Wrap {
        key: recipient.describe(),
        reason,
    })
}

/// Recovers the data key from the metadata with the keys the user holds.
pub fn recover(metadata: &Metadata, keys: &mut dyn Unwrapper) -> Result<DataKey, SopsError> {
    let needed = metadata.effective_threshold();
    let mut shares = Vec::new();
    let mut failed_groups = Vec::new();
    let mut passed_over = Vec::new();
    for (index, group) in metadata.key_groups.iter().enumerate() {
        let (share, failures) = unwrap_group(group, keys);
        match share {
            Some(share) => {
                shares.push(share);
                passed_over.extend(failures);
            }
            None => failed_groups.push((index, failures)),
        }
        if shares.len() >= needed {
            break;
        }
    }
    if shares.len() < needed {
        return Err(SopsError::NoKey {
            needed,
            got: shares.len(),
            failures: failed_groups,
            searched: keys.searched(),
        });
    }
    passed_over.extend(failed_groups.into_iter().flat_map(|(_, failures)| failures));
    keys.passed_over(passed_over);
    let secret = if metadata.key_groups.len() == 1 {
        shares.remove(0)
    } else {
        shamir::combine(&shares.iter().map(|s| s.as_slice()).collect::<Vec<_>>())?
    };
    DataKey::from_bytes(&secret).ok_or(SopsError::Shamir(shamir::ShamirError::LengthMismatch))
}

/// The first key of a group that unwraps, in decryption order, if any; and why each key
/// tried before it failed.
fn unwrap_group(
    group: &[StoredKey],
    keys: &mut dyn Unwrapper,
) -> (Option<Zeroizing<Vec<u8>>>, Vec<KeyFailure>) {
    let mut ordered: Vec<&StoredKey> = group.iter().collect();
    ordered.sort_by_key(|k| keys.rank(k));
    let mut failures = Vec::new();
    for key in ordered {
        match keys.unwrap(key) {
            Ok(secret) => return (Some(secret), failures),
            Err(reason) => failures.push(KeyFailure {
                key: key.describe(),
                reason,
            }),
        }
    }
    (None, failures)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// A recipient that takes a while to wrap.
    struct Slow(&'static str, Duration);

    impl MasterKey for Slow {
        fn describe(&self) -> String {
            self.0.into()
        }

        fn wrap(&self, _secret: &[u8]) -> Result<StoredKey, KeyError> {
            std::thread::sleep(self.1);
            Ok(StoredKey::Age {
                recipient: self.0.into(),
                enc: String::new(),
            })
        }

        fn unwrap(&self, _stored: &StoredKey) -> Result<Zeroizing<Vec<u8>>, KeyError> {
            Err("a test key unwraps nothing".into())
        }
    }

    #[test]
    fn concurrent_wrapping_keeps_the_group_order() {
        let group: Vec<Box<dyn MasterKey>> = vec![
            Box::new(Slow("slow", Duration::from_millis(50))),
            Box::new(Slow("fast", Duration::ZERO)),
        ];
        let wrapped = wrap(&DataKey::generate(), &[group], 0).unwrap();
        let names: Vec<String> = wrapped[0].iter().map(StoredKey::describe).collect();
        assert_eq!(names, ["slow", "fast"]);
    }
}
