//! AWS KMS master keys (sops-format.md §3.3): the data key is sent to KMS `Encrypt` with
//! the key's encryption context, and the base64 ciphertext blob is stored. The calls go
//! through the [`Kms`](crate::aws::Kms) the front end installed.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use zeroize::Zeroizing;

use crate::aws::{self, KmsError, KmsKey};
use crate::sops::datakey::{KeyError, MasterKey};
use crate::sops::metadata::{KmsEntry, StoredKey};

fn installed() -> Result<&'static dyn aws::Kms, KmsError> {
    aws::kms().ok_or(KmsError::NotBuiltIn)
}

impl MasterKey for KmsKey {
    fn describe(&self) -> String {
        format!("{} (AWS KMS)", self.arn)
    }

    fn wrap(&self, secret: &[u8]) -> Result<StoredKey, KeyError> {
        let blob = installed()?.encrypt(self, secret)?;
        Ok(StoredKey::Kms(KmsEntry {
            arn: self.arn.clone(),
            role: self.role.clone(),
            context: self.context.clone(),
            created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            enc: BASE64.encode(blob),
            aws_profile: self.aws_profile.clone(),
        }))
    }

    fn unwrap(&self, stored: &StoredKey) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let StoredKey::Kms(entry) = stored else {
            return Err(KmsError::NotBase64.into());
        };
        let blob = BASE64
            .decode(entry.enc.trim())
            .map_err(|_| KmsError::NotBase64)?;
        Ok(installed()?.decrypt(self, &blob)?)
    }
}
