//! Publishing a file where `.sops.yaml`'s `destination_rules` say (sops's `publish`):
//! which destination, under which name, and for a Vault KV engine the decrypted top-level
//! mapping to write there. Sending it is the front end's (an HTTP client has no place in
//! this library).

use std::path::Path;

use serde_json::{Map, Number, Value};

use super::{EncryptedFile, OpError};
use crate::config::{DestinationRule, LoadedConfig};
use crate::convert::{Data, document_data};
use crate::keys::KeyRing;
use crate::tree::Scalar;

/// Where a file goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Destination {
    /// A Vault (or OpenBao) KV secrets engine: the decrypted values are written there.
    Vault(VaultTarget),
    /// An S3 bucket (the encrypted file is uploaded).
    S3 { bucket: String, key: String },
    /// A Google Cloud Storage bucket.
    Gcs { bucket: String, key: String },
}

/// A secret in a Vault KV engine.
#[derive(Clone, Debug, PartialEq)]
pub struct VaultTarget {
    /// `vault_address`, else `VAULT_ADDR` is the front end's to read.
    pub address: Option<String>,
    /// The API path after `/v1/`: `secret/data/dir/name` (KV 2) or `kv/dir/name` (KV 1).
    pub api_path: String,
    pub kv_version: u32,
}

/// The destination of `file`: the first destination rule matching it; `name` is what the
/// file is called there (its file name, or with `--recursive` its path below the
/// published directory), without extension when asked.
pub fn destination(
    config: &LoadedConfig,
    file: &Path,
    name: &str,
    omit_extensions: bool,
) -> Result<Destination, OpError> {
    let rule = config
        .destination_for(file)?
        .ok_or_else(|| OpError::NoDestination(file.to_path_buf()))?;
    let name = if omit_extensions || rule.omit_extensions {
        strip_extension(name)
    } else {
        name.to_string()
    };
    Ok(target(rule, &name))
}

fn strip_extension(name: &str) -> String {
    let file_start = name.rfind('/').map_or(0, |i| i + 1);
    match name[file_start..].rfind('.') {
        Some(dot) if dot > 0 => name[..file_start + dot].to_string(),
        _ => name.to_string(),
    }
}

fn target(rule: &DestinationRule, name: &str) -> Destination {
    if let Some(bucket) = &rule.s3_bucket {
        return Destination::S3 {
            bucket: bucket.clone(),
            key: format!("{}{name}", rule.s3_prefix.as_deref().unwrap_or_default()),
        };
    }
    if let Some(bucket) = &rule.gcs_bucket {
        return Destination::Gcs {
            bucket: bucket.clone(),
            key: format!("{}{name}", rule.gcs_prefix.as_deref().unwrap_or_default()),
        };
    }
    let with_slash = |s: &str| {
        if s.ends_with('/') {
            s.to_string()
        } else {
            format!("{s}/")
        }
    };
    let path = with_slash(rule.vault_path.as_deref().unwrap_or_default());
    let mount = with_slash(rule.vault_kv_mount_name.as_deref().unwrap_or("secret/"));
    let kv_version = match rule.vault_kv_version {
        Some(1) => 1,
        _ => 2,
    };
    let api_path = if kv_version == 1 {
        format!("{mount}{path}{name}")
    } else {
        format!("{mount}data/{path}{name}")
    };
    Destination::Vault(VaultTarget {
        address: rule.vault_address.clone().filter(|a| !a.is_empty()),
        api_path,
        kv_version,
    })
}

/// The decrypted top-level mapping of `file` (MAC checked), as Vault receives it: nested
/// mappings and lists as JSON, comments left out.
pub fn values(file: &EncryptedFile) -> Result<Map<String, Value>, OpError> {
    let mut keys = KeyRing::new(file.decryption_order.clone());
    let plaintext = zeroize::Zeroizing::new(file.decrypt(&mut keys)?.bytes);
    let parsed = file
        .store()
        .parse(&plaintext)
        .map_err(|e| OpError::sops(&file.path)(e.into()))?;
    let Some(doc) = parsed.docs.first() else {
        return Ok(Map::new());
    };
    match json(&document_data(doc)) {
        Value::Object(map) => Ok(map),
        _ => Ok(Map::new()),
    }
}

fn json(data: &Data) -> Value {
    match data {
        Data::Map(entries) => {
            Value::Object(entries.iter().map(|(k, v)| (k.clone(), json(v))).collect())
        }
        Data::List(items) => Value::Array(items.iter().map(json).collect()),
        Data::Scalar(scalar) => match scalar {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(*b),
            Scalar::Int(i) => Value::Number((*i).into()),
            // Go's encoding/json writes a whole float without a fraction (`2`, not `2.0`).
            Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                Value::Number((*f as i64).into())
            }
            Scalar::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Scalar::Str(s) | Scalar::Time(s) => Value::String(s.clone()),
            Scalar::Bytes(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn config(yaml: &str) -> LoadedConfig {
        LoadedConfig {
            path: PathBuf::from("/p/.sops.yaml"),
            config: serde_saphyr::from_str(yaml).unwrap(),
        }
    }

    #[test]
    fn vault_paths_for_both_kv_versions() {
        let config = config(
            "destination_rules:\n  - vault_path: ft/\n    vault_kv_mount_name: secret/\n    vault_kv_version: 2\n    path_regex: a\\.json\n  - vault_path: ft1\n    vault_kv_mount_name: kv\n    vault_kv_version: 1\n    path_regex: b\\.json\n",
        );
        let dest =
            |file: &str, omit| destination(&config, Path::new(file), &file[3..], omit).unwrap();
        let vault = |api_path: &str, kv_version| {
            Destination::Vault(VaultTarget {
                address: None,
                api_path: api_path.into(),
                kv_version,
            })
        };
        assert_eq!(dest("/p/a.json", false), vault("secret/data/ft/a.json", 2));
        assert_eq!(dest("/p/b.json", true), vault("kv/ft1/b", 1));
        assert!(matches!(
            destination(&config, Path::new("/p/c.json"), "c.json", false),
            Err(OpError::NoDestination(_))
        ));
    }

    #[test]
    fn buckets_take_their_prefix() {
        let config = config("destination_rules:\n  - s3_bucket: b\n    s3_prefix: pre/\n");
        assert_eq!(
            destination(&config, Path::new("/p/x.yaml"), "x.yaml", false).unwrap(),
            Destination::S3 {
                bucket: "b".into(),
                key: "pre/x.yaml".into()
            }
        );
    }
}
