//! The master keys of the remote key services, as sops 3.11 names and parses them
//! (sops-format.md §3.4, §7.2): a HashiCorp Vault / OpenBao transit key (from a URI such
//! as `https://vault:8200/v1/transit/keys/NAME`), a GCP KMS key (its resource ID) and an
//! Azure Key Vault key (`https://VAULT.vault.azure.net/keys/NAME[/VERSION]`).

use std::sync::LazyLock;

use regex_lite::Regex;
use serde::{Deserialize, Serialize};

/// A Vault transit key: the server, the engine's mount path and the key's name, as sops
/// splits a URI (`hcvault.NewMasterKeyFromURI`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultKey {
    /// `scheme://host[:port]`, no path.
    pub address: String,
    /// The transit engine's mount path, e.g. `transit` (may have several segments).
    pub engine_path: String,
    pub key_name: String,
}

/// A GCP Cloud KMS key: `projects/P/locations/L/keyRings/R/cryptoKeys/K`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GcpKmsKey {
    pub resource_id: String,
}

/// An Azure Key Vault key: the vault's URL, the key's name and version. An empty version
/// means the key's latest, which encrypting resolves (and stores), as sops does.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AzureKey {
    pub vault_url: String,
    pub name: String,
    pub version: String,
}

/// A `.sops.yaml` entry or flag value that does not name a key of its service.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemoteConfigError {
    #[error(
        "`{uri}` is not a Vault transit key URI: {reason} (it looks like \
         https://vault.example.com:8200/v1/transit/keys/NAME)"
    )]
    VaultUri { uri: String, reason: String },
    #[error(
        "`{0}` is not a GCP KMS key resource ID \
         (projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY)"
    )]
    GcpResourceId(String),
    #[error(
        "`{0}` is not an Azure Key Vault key URL (https://VAULT.vault.azure.net/keys/NAME/VERSION; \
         the version may be left out for the latest)"
    )]
    AzureUrl(String),
}

static VAULT_PREFIXED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/[^/]+/v[\d]+/[^/]+/[^/]+/[^/]+").unwrap());
static VAULT_PATH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/v[\d]+/[^/]+/[^/]+/[^/]+").unwrap());
static GCP_RESOURCE_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$").unwrap()
});
static AZURE_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(https://[^/]+)/keys/([^/]+)(/[^/]*)?$").unwrap());

/// The items of a comma-separated list, trimmed, empty ones left out.
fn items(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').map(str::trim).filter(|s| !s.is_empty())
}

impl VaultKey {
    /// Splits a key URI as sops does: the address is the URI without its path; the path
    /// must look like `/v1/ENGINE…/keys/NAME`, and everything between the version and the
    /// last two segments is the engine's mount path.
    pub fn parse(uri: &str) -> Result<VaultKey, RemoteConfigError> {
        let uri = uri.trim();
        let bad = |reason: &str| RemoteConfigError::VaultUri {
            uri: uri.to_string(),
            reason: reason.to_string(),
        };
        let Some((scheme, rest)) = uri.split_once("://").filter(|(s, _)| !s.is_empty()) else {
            return Err(bad("it has no scheme"));
        };
        let (authority, path) = match rest.find(['/', '?', '#']) {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        if authority.is_empty() {
            return Err(bad("it has no host"));
        }
        let path = path.split(['?', '#']).next().unwrap_or_default();
        if VAULT_PREFIXED.is_match(path) {
            return Err(bad(
                "Vault behind a prefixed URL is not supported (nor by sops)",
            ));
        }
        if !VAULT_PATH.is_match(path) {
            return Err(bad("the path is not /v1/ENGINE/keys/NAME"));
        }
        let dirs: Vec<&str> = path
            .trim_matches('/')
            .split('/')
            .filter(|d| !d.is_empty())
            .collect();
        let key_name = dirs[dirs.len() - 1].to_string();
        let engine_path = dirs[1..dirs.len() - 2].join("/");
        Ok(VaultKey {
            address: format!("{scheme}://{authority}"),
            engine_path,
            key_name,
        })
    }

    /// Parses a comma-separated list of URIs (`--hc-vault-transit`, `SOPS_VAULT_URIS`).
    pub fn parse_list(list: &str) -> Result<Vec<VaultKey>, RemoteConfigError> {
        items(list).map(VaultKey::parse).collect()
    }

    /// The key's URI as sops prints it (its identity for `--rm-hc-vault-transit`).
    pub fn uri(&self) -> String {
        format!(
            "{}/v1/{}/keys/{}",
            self.address, self.engine_path, self.key_name
        )
    }
}

impl GcpKmsKey {
    /// A resource ID with its spaces removed, as sops reads it.
    pub fn parse(id: &str) -> Result<GcpKmsKey, RemoteConfigError> {
        let resource_id: String = id.chars().filter(|c| *c != ' ').collect();
        if !GCP_RESOURCE_ID.is_match(&resource_id) {
            return Err(RemoteConfigError::GcpResourceId(resource_id));
        }
        Ok(GcpKmsKey { resource_id })
    }

    /// Parses a comma-separated list (`--gcp-kms`, `SOPS_GCP_KMS_IDS`).
    pub fn parse_list(list: &str) -> Result<Vec<GcpKmsKey>, RemoteConfigError> {
        items(list).map(GcpKmsKey::parse).collect()
    }
}

impl AzureKey {
    /// A key URL, `https://VAULT/keys/NAME[/VERSION]` (sops's `azkv.NewMasterKeyFromURL`).
    pub fn parse(url: &str) -> Result<AzureKey, RemoteConfigError> {
        let url = url.trim();
        let parts = AZURE_URL
            .captures(url)
            .ok_or_else(|| RemoteConfigError::AzureUrl(url.to_string()))?;
        let version = parts.get(3).map_or("", |v| &v.as_str()[1..]);
        Ok(AzureKey {
            vault_url: parts[1].to_string(),
            name: parts[2].to_string(),
            version: version.to_string(),
        })
    }

    /// Parses a comma-separated list (`--azure-kv`, `SOPS_AZURE_KEYVAULT_URLS`).
    pub fn parse_list(list: &str) -> Result<Vec<AzureKey>, RemoteConfigError> {
        items(list).map(AzureKey::parse).collect()
    }

    /// The key as sops prints it: `VAULT/keys/NAME/VERSION` (its identity for
    /// `--rm-azure-kv`); the version is empty until an encryption resolved it.
    pub fn url(&self) -> String {
        format!("{}/keys/{}/{}", self.vault_url, self.name, self.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vault_uris_split_as_sops_splits_them() {
        let key = VaultKey::parse("https://vault.example.com:8200/v1/transit/keys/app").unwrap();
        assert_eq!(key.address, "https://vault.example.com:8200");
        assert_eq!(key.engine_path, "transit");
        assert_eq!(key.key_name, "app");
        assert_eq!(
            key.uri(),
            "https://vault.example.com:8200/v1/transit/keys/app"
        );
        let nested = VaultKey::parse(" http://127.0.0.1:8200/v1/team/sops/keys/k/ ").unwrap();
        assert_eq!(nested.address, "http://127.0.0.1:8200");
        assert_eq!(nested.engine_path, "team/sops");
        assert_eq!(nested.key_name, "k");
        for bad in [
            "vault:8200/v1/transit/keys/k",
            "https://vault:8200/transit/keys/k",
            "https://vault:8200/v1/transit/keys",
            "https://vault/prefix/v1/transit/keys/k",
            "https:///v1/transit/keys/k",
        ] {
            assert!(VaultKey::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            VaultKey::parse_list("http://a:1/v1/t/keys/x,, http://b:2/v1/t/keys/y")
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn gcp_resource_ids_lose_their_spaces_and_are_checked() {
        let key = GcpKmsKey::parse("projects/p/locations/global/keyRings/r/cryptoKeys/ k").unwrap();
        assert_eq!(
            key.resource_id,
            "projects/p/locations/global/keyRings/r/cryptoKeys/k"
        );
        assert!(GcpKmsKey::parse("projects/p/keyRings/r").is_err());
    }

    #[test]
    fn azure_urls_with_and_without_a_version() {
        let key = AzureKey::parse("https://v.vault.azure.net/keys/sops/0123abcd").unwrap();
        assert_eq!(
            (
                key.vault_url.as_str(),
                key.name.as_str(),
                key.version.as_str()
            ),
            ("https://v.vault.azure.net", "sops", "0123abcd")
        );
        assert_eq!(key.url(), "https://v.vault.azure.net/keys/sops/0123abcd");
        let latest = AzureKey::parse("https://v.vault.azure.net/keys/sops").unwrap();
        assert_eq!(latest.version, "");
        assert_eq!(
            AzureKey::parse("https://v.vault.azure.net/keys/sops/")
                .unwrap()
                .version,
            ""
        );
        assert!(AzureKey::parse("http://v.vault.azure.net/keys/sops").is_err());
        assert!(AzureKey::parse("https://v.vault.azure.net/secrets/sops").is_err());
    }
}
