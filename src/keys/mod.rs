//! Master keys: how the data key is wrapped for recipients and unwrapped with the keys
//! this user holds. Identities are looked up only when a file needs them.

pub mod age;
#[cfg(feature = "aws")]
pub mod kms;

use zeroize::Zeroizing;

use self::age::{AgeIdentities, AgeRecipient};
use crate::sops::datakey::Recipient;
use crate::sops::datakey::Unwrapper;
use crate::sops::error::KeyFailure;
use crate::sops::metadata::StoredKey;

/// Why a build without the `aws` feature refuses a KMS key.
#[cfg(not(feature = "aws"))]
pub const NO_KMS_SUPPORT: &str = "this build of secret has no AWS KMS support (feature `aws`)";

/// The keys of this user, found lazily.
#[derive(Default)]
pub struct KeyRing {
    age: Option<AgeIdentities>,
    /// Key types in the order to try them (`--decryption-order`); empty: sops's default.
    order: Vec<String>,
    /// Keys that failed while others recovered the data key.
    passed_over: Vec<KeyFailure>,
}

impl KeyRing {
    pub fn new(order: Vec<String>) -> KeyRing {
        KeyRing {
            order,
            ..KeyRing::default()
        }
    }

    /// The keys that failed although the file was decrypted with others, and why.
    pub fn failed_keys(&self) -> &[KeyFailure] {
        &self.passed_over
    }

    /// Problems met while looking for keys (unreadable key files, …).
    pub fn problems(&self) -> Vec<String> {
        self.age
            .as_ref()
            .map(|a| a.problems.clone())
            .unwrap_or_default()
    }
}

impl Unwrapper for KeyRing {
    fn unwrap(&mut self, key: &StoredKey) -> Result<Zeroizing<Vec<u8>>, String> {
        match key {
            StoredKey::Age { recipient, enc } => self
                .age
                .get_or_insert_with(|| AgeIdentities::discover(recipient))
                .unwrap(enc),
            #[cfg(feature = "aws")]
            StoredKey::Kms(entry) => kms::unwrap(entry),
            #[cfg(not(feature = "aws"))]
            StoredKey::Kms(_) => Err(NO_KMS_SUPPORT.into()),
            StoredKey::Other { list, .. } => {
                Err(format!("{list} keys are not supported by secret"))
            }
        }
    }

    fn rank(&self, key: &StoredKey) -> usize {
        let kind = key.list_name();
        match self.order.iter().position(|k| k == kind) {
            Some(position) => position,
            // sops's default: age first, then pgp, then the rest in load order.
            None if self.order.is_empty() => {
                ["age", "pgp"].iter().position(|k| *k == kind).unwrap_or(2)
            }
            None => self.order.len(),
        }
    }

    fn searched(&self) -> Vec<String> {
        self.age
            .as_ref()
            .map(|a| a.searched.clone())
            .unwrap_or_default()
    }

    fn passed_over(&mut self, failures: Vec<KeyFailure>) {
        self.passed_over.extend(failures);
    }
}

/// The recipient a stored key was wrapped for, to wrap a new key for it again.
pub fn recipient_of(key: &StoredKey) -> Result<Box<dyn Recipient>, String> {
    match key {
        StoredKey::Age { recipient, .. } => AgeRecipient::parse(recipient)
            .map(|r| Box::new(r) as Box<dyn Recipient>)
            .map_err(|e| e.to_string()),
        #[cfg(feature = "aws")]
        StoredKey::Kms(entry) => Ok(Box::new(kms::KmsKey::from(entry))),
        other => Err(format!(
            "{} keys cannot be re-wrapped by secret",
            other.list_name()
        )),
    }
}
