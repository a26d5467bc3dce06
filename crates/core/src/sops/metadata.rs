//! The `sops` metadata block: key groups with their wrapped data keys, the MAC, the
//! encryption selector and the version (sops-format.md §3, §6.1). Stores hand it over as a
//! JSON-like tree and render it back; field order here is sops's struct order.

use serde_json::{Map, Value};

use super::rules::{SELECTOR_KEYS, Selector, SelectorError};

/// The version written into new files: the sops release whose format this is.
pub const FORMAT_VERSION: &str = "3.11.0";

/// Our own key in the metadata (sops ignores unknown keys): the encrypted original text of
/// values whose spelling the decrypted output cannot derive (see `layout`).
pub const LAYOUT_KEY: &str = "secret_layout";

/// Master-key list names in the order sops writes them inside a key group.
const GROUP_KEY_TYPES: [&str; 7] = [
    "pgp", "kms", "gcp_kms", "hckms", "azure_kv", "hc_vault", "age",
];

/// The lists sops writes in every key group of a file with several, even empty: its
/// `keygroup` struct lacks `omitempty` on them, so an empty one is Go's nil slice, which
/// YAML writes `[]`, JSON `null`, and dotenv and INI leave out (§3.5). Null stands for it
/// here; each store writes it as sops does.
const ALWAYS_IN_GROUPS: [&str; 2] = ["hc_vault", "age"];

/// A wrapped copy of the data key (or of one Shamir share), as stored in the file.
#[derive(Clone, Debug, PartialEq)]
pub enum StoredKey {
    Age {
        recipient: String,
        enc: String,
    },
    Kms(KmsEntry),
    /// A PGP key: `enc` is an ASCII-armored OpenPGP message of the data key (§3.4).
    Pgp {
        /// The fingerprint as it was given (spaces removed), upper or lower case.
        fp: String,
        created_at: String,
        enc: String,
    },
    /// A HashiCorp Vault / OpenBao transit key (§3.4).
    Vault(VaultEntry),
    /// A GCP Cloud KMS key (§3.4).
    GcpKms(GcpKmsEntry),
    /// An Azure Key Vault key (§3.4).
    AzureKv(AzureKvEntry),
    /// A key type this tool cannot use (hckms, …), kept as it is.
    Other {
        list: String,
        entry: Value,
    },
}

/// An AWS KMS entry, fields as sops writes them (§3.3).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KmsEntry {
    pub arn: String,
    pub role: String,
    pub context: Vec<(String, String)>,
    pub created_at: String,
    pub enc: String,
    pub aws_profile: String,
}

/// A Vault transit entry: `enc` is the transit ciphertext (`vault:v1:…`) of the base64
/// of the data key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VaultEntry {
    pub vault_address: String,
    pub engine_path: String,
    pub key_name: String,
    pub created_at: String,
    pub enc: String,
}

/// A GCP KMS entry: `enc` is the standard base64 of the Cloud KMS ciphertext.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GcpKmsEntry {
    pub resource_id: String,
    pub created_at: String,
    pub enc: String,
}

/// An Azure Key Vault entry: `enc` is the unpadded base64url of the RSA-OAEP-256 result.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AzureKvEntry {
    pub vault_url: String,
    pub name: String,
    pub version: String,
    pub created_at: String,
    pub enc: String,
}

impl VaultEntry {
    /// The key's URI, as sops prints it.
    pub fn uri(&self) -> String {
        format!(
            "{}/v1/{}/keys/{}",
            self.vault_address, self.engine_path, self.key_name
        )
    }
}

impl AzureKvEntry {
    /// The key's URL with its version, as sops prints it.
    pub fn url(&self) -> String {
        format!("{}/keys/{}/{}", self.vault_url, self.name, self.version)
    }
}

/// How a master key of each remote type describes itself: its identity, then its service.
pub fn describe_vault(uri: &str) -> String {
    format!("{uri} (Vault transit)")
}

pub fn describe_gcp_kms(resource_id: &str) -> String {
    format!("{resource_id} (GCP KMS)")
}

pub fn describe_azure_kv(url: &str) -> String {
    format!("{url} (Azure Key Vault)")
}

impl StoredKey {
    /// The metadata list this key belongs to.
    pub fn list_name(&self) -> &str {
        match self {
            StoredKey::Age { .. } => "age",
            StoredKey::Kms(_) => "kms",
            StoredKey::Pgp { .. } => "pgp",
            StoredKey::Vault(_) => "hc_vault",
            StoredKey::GcpKms(_) => "gcp_kms",
            StoredKey::AzureKv(_) => "azure_kv",
            StoredKey::Other { list, .. } => list,
        }
    }

    /// The wrapped data key (or share) as stored; an unknown type's whole entry.
    pub fn wrapped(&self) -> String {
        match self {
            StoredKey::Age { enc, .. } | StoredKey::Pgp { enc, .. } => enc.clone(),
            StoredKey::Kms(kms) => kms.enc.clone(),
            StoredKey::Vault(vault) => vault.enc.clone(),
            StoredKey::GcpKms(gcp) => gcp.enc.clone(),
            StoredKey::AzureKv(azure) => azure.enc.clone(),
            StoredKey::Other { entry, .. } => entry.to_string(),
        }
    }

    /// Who or what can unwrap it: an age recipient, a KMS ARN, a PGP fingerprint, a
    /// remote key's URI or resource ID, or the entry's first field.
    pub fn describe(&self) -> String {
        match self {
            StoredKey::Age { recipient, .. } => recipient.clone(),
            StoredKey::Kms(kms) => format!("{} (AWS KMS)", kms.arn),
            StoredKey::Pgp { fp, .. } => fp.clone(),
            StoredKey::Vault(vault) => describe_vault(&vault.uri()),
            StoredKey::GcpKms(gcp) => describe_gcp_kms(&gcp.resource_id),
            StoredKey::AzureKv(azure) => describe_azure_kv(&azure.url()),
            StoredKey::Other { list, entry } => {
                let first = entry
                    .as_object()
                    .and_then(|o| o.values().next())
                    .and_then(Value::as_str);
                format!("{} ({list})", first.unwrap_or("?"))
            }
        }
    }

    fn to_json(&self) -> Value {
        match self {
            StoredKey::Age { recipient, enc } => object([
                ("recipient", recipient.as_str().into()),
                ("enc", enc.as_str().into()),
            ]),
            StoredKey::Kms(kms) => kms.to_json(),
            StoredKey::Pgp {
                fp,
                created_at,
                enc,
            } => object([
                ("created_at", created_at.as_str().into()),
                ("enc", enc.as_str().into()),
                ("fp", fp.as_str().into()),
            ]),
            StoredKey::Vault(vault) => object([
                ("vault_address", vault.vault_address.as_str().into()),
                ("engine_path", vault.engine_path.as_str().into()),
                ("key_name", vault.key_name.as_str().into()),
                ("created_at", vault.created_at.as_str().into()),
                ("enc", vault.enc.as_str().into()),
            ]),
            StoredKey::GcpKms(gcp) => object([
                ("resource_id", gcp.resource_id.as_str().into()),
                ("created_at", gcp.created_at.as_str().into()),
                ("enc", gcp.enc.as_str().into()),
            ]),
            StoredKey::AzureKv(azure) => object([
                ("vault_url", azure.vault_url.as_str().into()),
                ("name", azure.name.as_str().into()),
                ("version", azure.version.as_str().into()),
                ("created_at", azure.created_at.as_str().into()),
                ("enc", azure.enc.as_str().into()),
            ]),
            StoredKey::Other { entry, .. } => entry.clone(),
        }
    }

    fn from_json(list: &str, entry: &Value) -> Result<StoredKey, MetadataError> {
        let field = |name: &str| text_field(entry, name);
        Ok(match list {
            "age" => StoredKey::Age {
                recipient: field("recipient")?,
                enc: field("enc")?,
            },
            "kms" => StoredKey::Kms(KmsEntry {
                arn: field("arn")?,
                role: field("role").unwrap_or_default(),
                context: string_pairs(&entry["context"]),
                created_at: field("created_at").unwrap_or_default(),
                enc: field("enc")?,
                aws_profile: field("aws_profile").unwrap_or_default(),
            }),
            "pgp" => StoredKey::Pgp {
                fp: field("fp")?,
                created_at: field("created_at").unwrap_or_default(),
                enc: field("enc")?,
            },
            // sops reads missing text fields of these entries as empty strings.
            "hc_vault" => StoredKey::Vault(VaultEntry {
                vault_address: field("vault_address").unwrap_or_default(),
                engine_path: field("engine_path").unwrap_or_default(),
                key_name: field("key_name").unwrap_or_default(),
                created_at: field("created_at").unwrap_or_default(),
                enc: field("enc")?,
            }),
            "gcp_kms" => StoredKey::GcpKms(GcpKmsEntry {
                resource_id: field("resource_id").unwrap_or_default(),
                created_at: field("created_at").unwrap_or_default(),
                enc: field("enc")?,
            }),
            "azure_kv" => StoredKey::AzureKv(AzureKvEntry {
                vault_url: field("vault_url").unwrap_or_default(),
                name: field("name").unwrap_or_default(),
                version: field("version").unwrap_or_default(),
                created_at: field("created_at").unwrap_or_default(),
                enc: field("enc")?,
            }),
            other => StoredKey::Other {
                list: other.to_string(),
                entry: entry.clone(),
            },
        })
    }
}

impl KmsEntry {
    fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("arn".into(), self.arn.as_str().into());
        if !self.role.is_empty() {
            map.insert("role".into(), self.role.as_str().into());
        }
        if !self.context.is_empty() {
            let mut context = self.context.clone();
            context.sort();
            map.insert(
                "context".into(),
                object(context.iter().map(|(k, v)| (k.as_str(), v.as_str().into()))),
            );
        }
        map.insert("created_at".into(), self.created_at.as_str().into());
        map.insert("enc".into(), self.enc.as_str().into());
        map.insert("aws_profile".into(), self.aws_profile.as_str().into());
        Value::Object(map)
    }
}

/// The whole metadata block.
#[derive(Clone, Debug)]
pub struct Metadata {
    /// One group: every key wraps the data key. Several: each group wraps one Shamir share.
    pub key_groups: Vec<Vec<StoredKey>>,
    /// Shares needed to recover the data key; 0 means "all groups".
    pub shamir_threshold: usize,
    pub lastmodified: String,
    pub mac: String,
    pub selector: Selector,
    /// Whether `selector` is written out (sops's binary store writes none).
    pub write_selector: bool,
    pub mac_only_encrypted: bool,
    pub version: String,
    pub layout: Option<String>,
    /// Whether sealing keeps original spellings in `layout` (not part of the file: see
    /// `EncryptOptions::keep_spellings`; a file read back keeps them).
    pub keep_spellings: bool,
}

/// Why a metadata block could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("the sops metadata is not a mapping")]
    NotAMap,
    #[error("the sops metadata has no `{0}`")]
    Missing(String),
    #[error("the sops metadata field `{0}` has the wrong type")]
    WrongType(String),
    #[error("the sops metadata has an empty or invalid version string")]
    Version,
    #[error("the sops metadata holds no master keys")]
    NoKeys,
    #[error(transparent)]
    Selector(#[from] SelectorError),
}

impl Metadata {
    /// The number of shares needed, as sops applies it: all groups when unset, and
    /// no splitting at all with a single group.
    pub fn effective_threshold(&self) -> usize {
        match (self.key_groups.len(), self.shamir_threshold) {
            (0 | 1, _) => 1,
            (groups, 0) => groups,
            (_, threshold) => threshold,
        }
    }

    pub fn from_json(value: &Value) -> Result<Metadata, MetadataError> {
        let map = value.as_object().ok_or(MetadataError::NotAMap)?;
        let version = map.get("version").and_then(scalar_text).unwrap_or_default();
        if !is_semver(&version) {
            return Err(MetadataError::Version);
        }
        let key_groups = match map.get("key_groups") {
            Some(Value::Array(groups)) if !groups.is_empty() => groups
                .iter()
                .map(read_group)
                .collect::<Result<Vec<_>, _>>()?,
            _ => vec![read_group(value)?],
        };
        if key_groups.iter().all(Vec::is_empty) {
            return Err(MetadataError::NoKeys);
        }
        let settings = SELECTOR_KEYS.iter().filter_map(|&key| {
            map.get(key)
                .and_then(Value::as_str)
                .filter(|v| !v.is_empty())
                .map(|v| (key, v))
        });
        let selector = Selector::from_settings(settings)?;
        Ok(Metadata {
            key_groups,
            shamir_threshold: map
                .get("shamir_threshold")
                .map(read_usize)
                .transpose()?
                .unwrap_or(0),
            lastmodified: text_field(value, "lastmodified")?,
            mac: map
                .get("mac")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            write_selector: selector.is_some(),
            selector: selector.unwrap_or_default(),
            mac_only_encrypted: map.get("mac_only_encrypted").is_some_and(is_true),
            version,
            layout: map
                .get(LAYOUT_KEY)
                .and_then(Value::as_str)
                .map(str::to_string),
            keep_spellings: true,
        })
    }

    /// The block in sops's field order (§6.1).
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        if self.shamir_threshold > 0 {
            map.insert("shamir_threshold".into(), self.shamir_threshold.into());
        }
        if self.key_groups.len() > 1 {
            map.insert(
                "key_groups".into(),
                self.key_groups
                    .iter()
                    .map(|g| group_json(g, &GROUP_KEY_TYPES, &ALWAYS_IN_GROUPS))
                    .collect(),
            );
        } else if let Some(group) = self.key_groups.first() {
            let top_level_types = ["kms", "gcp_kms", "hckms", "azure_kv", "hc_vault", "age"];
            if let Value::Object(lists) = group_json(group, &top_level_types, &[]) {
                map.extend(lists);
            }
        }
        map.insert("lastmodified".into(), self.lastmodified.as_str().into());
        map.insert("mac".into(), self.mac.as_str().into());
        if let Some(group) = self
            .key_groups
            .first()
            .filter(|_| self.key_groups.len() == 1)
            && let Value::Object(pgp) = group_json(group, &["pgp"], &[])
        {
            map.extend(pgp);
        }
        if self.write_selector {
            let (key, value) = self.selector.setting();
            map.insert(key.into(), value.into());
        }
        if self.mac_only_encrypted {
            map.insert("mac_only_encrypted".into(), true.into());
        }
        map.insert("version".into(), self.version.as_str().into());
        if let Some(layout) = &self.layout {
            map.insert(LAYOUT_KEY.into(), layout.as_str().into());
        }
        Value::Object(map)
    }
}

/// A group's keys as per-type lists, in the given type order; empty lists left out, but
/// for the types of `always`, which are null then.
fn group_json(keys: &[StoredKey], types: &[&str], always: &[&str]) -> Value {
    let mut map = Map::new();
    for &list in types {
        let entries: Vec<Value> = keys
            .iter()
            .filter(|k| k.list_name() == list)
            .map(StoredKey::to_json)
            .collect();
        if !entries.is_empty() {
            map.insert(list.into(), entries.into());
        } else if always.contains(&list) {
            map.insert(list.into(), Value::Null);
        }
    }
    Value::Object(map)
}

fn read_group(group: &Value) -> Result<Vec<StoredKey>, MetadataError> {
    let mut keys = Vec::new();
    for list in GROUP_KEY_TYPES {
        if let Some(Value::Array(entries)) = group.get(list) {
            for entry in entries {
                keys.push(StoredKey::from_json(list, entry)?);
            }
        }
    }
    Ok(keys)
}

fn object<'a>(pairs: impl IntoIterator<Item = (&'a str, Value)>) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn text_field(value: &Value, name: &str) -> Result<String, MetadataError> {
    match value.get(name) {
        None | Some(Value::Null) => Err(MetadataError::Missing(name.into())),
        Some(v) => scalar_text(v).ok_or_else(|| MetadataError::WrongType(name.into())),
    }
}

/// A scalar as text: dotenv and INI metadata holds everything as strings.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn read_usize(value: &Value) -> Result<usize, MetadataError> {
    scalar_text(value)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| MetadataError::WrongType("shamir_threshold".into()))
}

fn is_true(value: &Value) -> bool {
    scalar_text(value).is_some_and(|s| s == "true")
}

fn string_pairs(value: &Value) -> Vec<(String, String)> {
    value
        .as_object()
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| scalar_text(v).map(|v| (k.clone(), v)))
                .collect()
        })
        .unwrap_or_default()
}

/// sops refuses files whose version is empty or not semver-like (`3.11.0`, `3.7.3-rc1`).
fn is_semver(version: &str) -> bool {
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    !version.is_empty()
        && parts.len() <= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(groups: usize) -> Metadata {
        let age = |n: usize| StoredKey::Age {
            recipient: format!("age1r{n}"),
            enc: "-----BEGIN AGE…\n".into(),
        };
        Metadata {
            key_groups: (0..groups).map(|g| vec![age(g)]).collect(),
            shamir_threshold: if groups > 1 { 2 } else { 0 },
            lastmodified: "2026-11-21T20:27:04Z".into(),
            mac: "ENC[…]".into(),
            selector: Selector::default(),
            write_selector: true,
            mac_only_encrypted: false,
            version: FORMAT_VERSION.into(),
            layout: None,
            keep_spellings: true,
        }
    }

    #[test]
    fn single_group_is_written_flat_in_sops_order() {
        let json = sample(1).to_json();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "age",
                "lastmodified",
                "mac",
                "unencrypted_suffix",
                "version"
            ]
        );
    }

    #[test]
    fn groups_round_trip() {
        let json = sample(3).to_json();
        assert!(json.get("key_groups").is_some());
        let back = Metadata::from_json(&json).unwrap();
        assert_eq!(back.key_groups, sample(3).key_groups);
        assert_eq!(back.effective_threshold(), 2);
    }

    #[test]
    fn dotenv_style_strings_are_accepted() {
        let mut json = sample(3).to_json();
        json["shamir_threshold"] = "2".into();
        json["mac_only_encrypted"] = "true".into();
        let back = Metadata::from_json(&json).unwrap();
        assert_eq!(back.shamir_threshold, 2);
        assert!(back.mac_only_encrypted);
    }

    /// Files sops 3.11 wrote with `encrypt --age K1 --pgp FP` (testdata/pgp-age.enc.*).
    const SOPS_PGP_FILES: [(&str, crate::store::Format); 4] = [
        (
            include_str!("testdata/pgp-age.enc.yaml"),
            crate::store::Format::Yaml,
        ),
        (
            include_str!("testdata/pgp-age.enc.json"),
            crate::store::Format::Json,
        ),
        (
            include_str!("testdata/pgp-age.enc.env"),
            crate::store::Format::Dotenv,
        ),
        (
            include_str!("testdata/pgp-age.enc.ini"),
            crate::store::Format::Ini,
        ),
    ];

    fn key_order(value: &Value) -> Vec<String> {
        value.as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn pgp_entries_round_trip_as_sops_writes_them() {
        for (text, format) in SOPS_PGP_FILES {
            let store = format.store();
            let parsed = store.parse(text.as_bytes()).unwrap();
            let read = parsed.metadata.clone().unwrap();
            let metadata = Metadata::from_json(&read).unwrap();
            let keys = &metadata.key_groups[0];
            let Some(StoredKey::Pgp {
                fp,
                created_at,
                enc,
            }) = keys.iter().find(|k| k.list_name() == "pgp")
            else {
                panic!("{format:?}: no pgp entry in {keys:?}")
            };
            assert_eq!(fp, "7D25EA9782139648B9A404962D7ED83D184114FD");
            assert_eq!(created_at.len(), "2026-12-07T17:38:46Z".len());
            assert!(
                enc.starts_with("-----BEGIN PGP MESSAGE-----\n\n"),
                "{enc:?}"
            );
            assert!(enc.ends_with("\n-----END PGP MESSAGE-----"), "{enc:?}");
            assert_eq!(
                keys.iter().map(StoredKey::describe).collect::<Vec<_>>(),
                [
                    "7D25EA9782139648B9A404962D7ED83D184114FD",
                    "age1m68qart7yefshnglnkahr2f5ljhkfan95c3v5hzrfe3wy9qrcalq59qp67",
                ]
            );

            let written = metadata.to_json();
            assert_eq!(written, read, "{format:?}");
            let entry = &written["pgp"][0];
            assert_eq!(key_order(entry), ["created_at", "enc", "fp"]);
            if format != crate::store::Format::Ini {
                // sops orders the INI `[sops]` section at random; the others exactly.
                assert_eq!(
                    key_order(&written),
                    key_order(&read),
                    "{format:?}: pgp after mac"
                );
                let changes = crate::store::Changes {
                    leaves: vec![None; parsed.leaf_count],
                    subtrees: Vec::new(),
                    metadata: Some(written),
                };
                let out = store.emit(text.as_bytes(), &parsed, &changes).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), text, "{format:?}");
            }
        }
    }

    /// Files sops 3.11 wrote with `encrypt --hc-vault-transit URI --age K1` against an
    /// OpenBao dev server (testdata/vault-age.enc.*).
    const SOPS_VAULT_FILES: [(&str, crate::store::Format); 4] = [
        (
            include_str!("testdata/vault-age.enc.yaml"),
            crate::store::Format::Yaml,
        ),
        (
            include_str!("testdata/vault-age.enc.json"),
            crate::store::Format::Json,
        ),
        (
            include_str!("testdata/vault-age.enc.env"),
            crate::store::Format::Dotenv,
        ),
        (
            include_str!("testdata/vault-age.enc.ini"),
            crate::store::Format::Ini,
        ),
    ];

    #[test]
    fn vault_entries_round_trip_as_sops_writes_them() {
        for (text, format) in SOPS_VAULT_FILES {
            let store = format.store();
            let parsed = store.parse(text.as_bytes()).unwrap();
            let read = parsed.metadata.clone().unwrap();
            let metadata = Metadata::from_json(&read).unwrap();
            let Some(StoredKey::Vault(entry)) = metadata.key_groups[0]
                .iter()
                .find(|k| k.list_name() == "hc_vault")
            else {
                panic!("{format:?}: no hc_vault entry")
            };
            assert_eq!(entry.vault_address, "http://127.0.0.1:18377");
            assert_eq!(entry.engine_path, "transit");
            assert_eq!(entry.key_name, "sops");
            assert!(entry.enc.starts_with("vault:v1:"), "{:?}", entry.enc);
            assert_eq!(
                StoredKey::Vault(entry.clone()).describe(),
                "http://127.0.0.1:18377/v1/transit/keys/sops (Vault transit)"
            );
            let written = metadata.to_json();
            assert_eq!(written, read, "{format:?}");
            assert_eq!(
                key_order(&written["hc_vault"][0]),
                [
                    "vault_address",
                    "engine_path",
                    "key_name",
                    "created_at",
                    "enc"
                ]
            );
            if format != crate::store::Format::Ini {
                let changes = crate::store::Changes {
                    leaves: vec![None; parsed.leaf_count],
                    subtrees: Vec::new(),
                    metadata: Some(written),
                };
                let out = store.emit(text.as_bytes(), &parsed, &changes).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), text, "{format:?}");
            }
        }
    }

    #[test]
    fn remote_entries_are_written_in_sops_field_order() {
        let gcp = StoredKey::GcpKms(GcpKmsEntry {
            resource_id: "projects/p/locations/l/keyRings/r/cryptoKeys/k".into(),
            created_at: "2026-11-21T20:27:04Z".into(),
            enc: "CiQA".into(),
        });
        let azure = StoredKey::AzureKv(AzureKvEntry {
            vault_url: "https://v.vault.azure.net".into(),
            name: "k".into(),
            version: "abc".into(),
            created_at: "2026-11-21T20:27:04Z".into(),
            enc: "xyz".into(),
        });
        let mut metadata = sample(1);
        metadata.key_groups[0].extend([gcp.clone(), azure.clone()]);
        let json = metadata.to_json();
        assert_eq!(
            key_order(&json),
            [
                "gcp_kms",
                "azure_kv",
                "age",
                "lastmodified",
                "mac",
                "unencrypted_suffix",
                "version"
            ]
        );
        assert_eq!(
            key_order(&json["gcp_kms"][0]),
            ["resource_id", "created_at", "enc"]
        );
        assert_eq!(
            key_order(&json["azure_kv"][0]),
            ["vault_url", "name", "version", "created_at", "enc"]
        );
        let back = Metadata::from_json(&json).unwrap();
        // Read back in the order sops writes the lists: gcp_kms, azure_kv, then age.
        assert_eq!(back.key_groups[0][..2], [gcp, azure]);
        assert_eq!(
            back.key_groups[0][1].describe(),
            "https://v.vault.azure.net/keys/k/abc (Azure Key Vault)"
        );
    }

    #[test]
    fn pgp_entries_in_key_groups_come_first() {
        let pgp = StoredKey::Pgp {
            fp: "ABCDEF0123456789".into(),
            created_at: "2026-11-21T20:27:04Z".into(),
            enc: "-----BEGIN PGP MESSAGE-----\n\nx\n-----END PGP MESSAGE-----".into(),
        };
        let mut metadata = sample(2);
        metadata.key_groups[1].push(pgp.clone());
        let json = metadata.to_json();
        // sops writes `hc_vault` in every group of several, empty or not (§3.5).
        assert_eq!(
            key_order(&json["key_groups"][1]),
            ["pgp", "hc_vault", "age"]
        );
        assert_eq!(json["key_groups"][1]["hc_vault"], Value::Null);
        assert!(json.get("pgp").is_none());
        let back = Metadata::from_json(&json).unwrap();
        assert_eq!(back.key_groups[1][0], pgp);
        assert_eq!(pgp.list_name(), "pgp");
        assert_eq!(pgp.describe(), "ABCDEF0123456789");
    }

    #[test]
    fn empty_version_is_refused() {
        let mut json = sample(1).to_json();
        json["version"] = "".into();
        assert!(matches!(
            Metadata::from_json(&json),
            Err(MetadataError::Version)
        ));
    }
}
