//! Master keys: the [`MasterKey`] of each key type sops knows, how the data key is
//! wrapped for recipients, and how it is unwrapped with the keys this user holds.
//! Identities are looked up only when a file needs them; keys that ask the user something
//! (a passphrase, an age plugin's PIN) ask through [`prompt`].

pub mod age;
pub mod gpg;
pub mod kms;
pub mod pgp;
pub mod prompt;
pub mod remote;

use std::cell::OnceCell;
use std::sync::Arc;

use zeroize::Zeroizing;

use self::age::{AgeIdentities, AgeKey};
use self::pgp::PgpKey;
use crate::aws::KmsKey;
use crate::remote::{AzureKey, GcpKmsKey, VaultKey};
use crate::sops::datakey::{KeyError, MasterKey, Unwrapper};
use crate::sops::error::KeyFailure;
use crate::sops::metadata::StoredKey;

/// A stored key of a type this tool cannot use.
#[derive(Debug, thiserror::Error)]
#[error("{kind} keys are not supported by secret")]
pub struct UnsupportedKey {
    pub kind: String,
}

/// The keys of this user, found lazily.
#[derive(Default)]
pub struct KeyRing {
    age: OnceCell<Arc<AgeIdentities>>,
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
            .get()
            .map(|a| a.problems.iter().map(ToString::to_string).collect())
            .unwrap_or_default()
    }

    /// This user's age identities, found the first time a file needs them; `recipient`
    /// is the one being decrypted (for SOPS_AGE_KEY_CMD).
    fn age_identities(&self, recipient: &str) -> &Arc<AgeIdentities> {
        self.age
            .get_or_init(|| Arc::new(AgeIdentities::discover(recipient)))
    }

    /// The master key that wrote `stored`, with this user's identities to unwrap it.
    fn held_key(&mut self, stored: &StoredKey) -> Result<Box<dyn MasterKey>, KeyError> {
        Ok(match stored {
            StoredKey::Age { recipient, .. } => {
                let identities = self.age_identities(recipient);
                Box::new(AgeKey::held(recipient, Arc::clone(identities)))
            }
            StoredKey::Kms(entry) => Box::new(KmsKey::from(entry)),
            // gpg finds the secret key itself (keyring, agent, smartcard).
            StoredKey::Pgp { fp, .. } => Box::new(PgpKey::stored(fp)),
            // The services find their own credentials (tokens, service accounts).
            other => return recipient_of(other),
        })
    }
}

impl Unwrapper for KeyRing {
    fn unwrap(&mut self, stored: &StoredKey) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        self.held_key(stored)?.unwrap(stored)
    }

    /// The key type's place in the decryption order; within the age keys tried first, those
    /// an identity opens without asking anything come before those that may ask (a
    /// passphrase, a plugin's touch), so nothing is asked when it need not be.
    fn rank(&self, key: &StoredKey) -> usize {
        let kind = key.list_name();
        let position = match self.order.iter().position(|k| k == kind) {
            Some(position) => position,
            // sops's default: age first, then pgp, then the rest in load order.
            None if self.order.is_empty() => {
                ["age", "pgp"].iter().position(|k| *k == kind).unwrap_or(2)
            }
            None => self.order.len(),
        };
        let may_ask = match key {
            // Age first: its identities are about to be looked up anyway.
            StoredKey::Age { recipient, .. } if position == 0 => {
                !self.age_identities(recipient).holds_quietly(recipient)
            }
            _ => false,
        };
        position * 2 + usize::from(may_ask)
    }

    fn searched(&self) -> Vec<String> {
        self.age
            .get()
            .map(|a| a.searched.clone())
            .unwrap_or_default()
    }

    fn passed_over(&mut self, failures: Vec<KeyFailure>) {
        self.passed_over.extend(failures);
    }
}

/// The master key a stored key was wrapped for, to wrap a new data key for it again.
pub fn recipient_of(key: &StoredKey) -> Result<Box<dyn MasterKey>, KeyError> {
    match key {
        StoredKey::Age { recipient, .. } => Ok(Box::new(AgeKey::parse(recipient)?)),
        StoredKey::Kms(entry) => Ok(Box::new(KmsKey::from(entry))),
        StoredKey::Pgp { fp, .. } => Ok(Box::new(PgpKey::stored(fp))),
        StoredKey::Vault(entry) => Ok(Box::new(VaultKey::from(entry))),
        StoredKey::GcpKms(entry) => Ok(Box::new(GcpKmsKey::from(entry))),
        StoredKey::AzureKv(entry) => Ok(Box::new(AzureKey::from(entry))),
        StoredKey::Other { list, .. } => Err(UnsupportedKey { kind: list.clone() }.into()),
    }
}
