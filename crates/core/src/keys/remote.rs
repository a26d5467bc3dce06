//! Master keys of the remote key services (sops-format.md §3.4): Vault / OpenBao transit,
//! GCP Cloud KMS and Azure Key Vault. Each wraps the data key (or a Shamir share) with
//! one call to its service and stores the result as sops 3.11 stores it; the calls go
//! through the [`Services`](crate::remote::Services) the front end installed.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD as BASE64, URL_SAFE_NO_PAD};
use zeroize::Zeroizing;

use crate::remote::{self, AzureKey, GcpKmsKey, RemoteError, VaultKey};
use crate::sops::datakey::{KeyError, MasterKey};
use crate::sops::metadata::{
    AzureKvEntry, GcpKmsEntry, StoredKey, VaultEntry, describe_azure_kv, describe_gcp_kms,
    describe_vault,
};

/// `created_at` as sops writes it: RFC 3339 UTC, seconds.
fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The error for an entry of another type (the key ring never hands one over).
fn wrong_entry(encoding: &str) -> KeyError {
    RemoteError::BadCiphertext {
        encoding: encoding.into(),
    }
    .into()
}

impl MasterKey for VaultKey {
    fn describe(&self) -> String {
        describe_vault(&self.uri())
    }

    fn wrap(&self, secret: &[u8]) -> Result<StoredKey, KeyError> {
        let enc = remote::services()?.vault_encrypt(self, secret)?;
        Ok(StoredKey::Vault(VaultEntry {
            vault_address: self.address.clone(),
            engine_path: self.engine_path.clone(),
            key_name: self.key_name.clone(),
            created_at: now(),
            enc,
        }))
    }

    fn unwrap(&self, stored: &StoredKey) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let StoredKey::Vault(entry) = stored else {
            return Err(wrong_entry("a Vault transit ciphertext"));
        };
        Ok(remote::services()?.vault_decrypt(self, entry.enc.trim())?)
    }
}

impl From<&VaultEntry> for VaultKey {
    fn from(entry: &VaultEntry) -> VaultKey {
        VaultKey {
            address: entry.vault_address.clone(),
            engine_path: entry.engine_path.clone(),
            key_name: entry.key_name.clone(),
        }
    }
}

impl MasterKey for GcpKmsKey {
    fn describe(&self) -> String {
        describe_gcp_kms(&self.resource_id)
    }

    fn wrap(&self, secret: &[u8]) -> Result<StoredKey, KeyError> {
        let ciphertext = remote::services()?.gcp_encrypt(self, secret)?;
        Ok(StoredKey::GcpKms(GcpKmsEntry {
            resource_id: self.resource_id.clone(),
            created_at: now(),
            enc: BASE64.encode(ciphertext),
        }))
    }

    fn unwrap(&self, stored: &StoredKey) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let StoredKey::GcpKms(entry) = stored else {
            return Err(wrong_entry("base64"));
        };
        let ciphertext = BASE64
            .decode(entry.enc.trim())
            .map_err(|_| wrong_entry("base64"))?;
        Ok(remote::services()?.gcp_decrypt(self, &ciphertext)?)
    }
}

impl From<&GcpKmsEntry> for GcpKmsKey {
    fn from(entry: &GcpKmsEntry) -> GcpKmsKey {
        GcpKmsKey {
            resource_id: entry.resource_id.clone(),
        }
    }
}

impl MasterKey for AzureKey {
    fn describe(&self) -> String {
        describe_azure_kv(&self.url())
    }

    fn wrap(&self, secret: &[u8]) -> Result<StoredKey, KeyError> {
        let (version, ciphertext) = remote::services()?.azure_encrypt(self, secret)?;
        Ok(StoredKey::AzureKv(AzureKvEntry {
            vault_url: self.vault_url.clone(),
            name: self.name.clone(),
            version,
            created_at: now(),
            enc: URL_SAFE_NO_PAD.encode(ciphertext),
        }))
    }

    fn unwrap(&self, stored: &StoredKey) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let StoredKey::AzureKv(entry) = stored else {
            return Err(wrong_entry("unpadded base64url"));
        };
        let ciphertext = URL_SAFE_NO_PAD
            .decode(entry.enc.trim())
            .map_err(|_| wrong_entry("unpadded base64url"))?;
        Ok(remote::services()?.azure_decrypt(self, &ciphertext)?)
    }

    /// A key named without a version is the one a stored entry of the same vault and
    /// name was wrapped for, whatever version encrypting resolved.
    fn is_stored_as(&self, stored: &StoredKey) -> bool {
        match stored {
            StoredKey::AzureKv(entry) if self.version.is_empty() => {
                entry.vault_url == self.vault_url && entry.name == self.name
            }
            other => other.describe() == self.describe(),
        }
    }
}

impl From<&AzureKvEntry> for AzureKey {
    fn from(entry: &AzureKvEntry) -> AzureKey {
        AzureKey {
            vault_url: entry.vault_url.clone(),
            name: entry.name.clone(),
            version: entry.version.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_matches_the_stored_entry() {
        let vault = VaultKey::parse("https://v:8200/v1/transit/keys/k").unwrap();
        let entry = VaultEntry {
            vault_address: "https://v:8200".into(),
            engine_path: "transit".into(),
            key_name: "k".into(),
            ..VaultEntry::default()
        };
        assert_eq!(vault.describe(), StoredKey::Vault(entry.clone()).describe());
        assert_eq!(VaultKey::from(&entry), vault);

        let latest = AzureKey::parse("https://a.vault.azure.net/keys/k").unwrap();
        let stored = StoredKey::AzureKv(AzureKvEntry {
            vault_url: "https://a.vault.azure.net".into(),
            name: "k".into(),
            version: "v1".into(),
            ..AzureKvEntry::default()
        });
        assert!(latest.is_stored_as(&stored));
        let pinned = AzureKey::parse("https://a.vault.azure.net/keys/k/v2").unwrap();
        assert!(!pinned.is_stored_as(&stored));
    }

    #[test]
    fn without_installed_services_the_key_says_so() {
        let key = GcpKmsKey::parse("projects/p/locations/l/keyRings/r/cryptoKeys/k").unwrap();
        let error = key.wrap(&[0; 32]).unwrap_err();
        assert!(error.to_string().contains("secret-remote"), "{error}");
    }
}
