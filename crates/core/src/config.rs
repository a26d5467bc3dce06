//! `.sops.yaml`: creation rules (which keys and settings a new file gets), found by walking
//! up from the file's directory, then from the working directory (sops-format.md §7).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex_lite::Regex;

use crate::sops::rules::given_settings;
use serde::Deserialize;

pub const CONFIG_NAME: &str = ".sops.yaml";

/// How many parent directories sops looks through.
const MAX_DEPTH: usize = 100;

/// The parts of `.sops.yaml` this tool uses; unknown keys are ignored, as sops does.
#[derive(Debug, Default, Deserialize)]
pub struct Config {
    #[serde(default)]
    pub creation_rules: Vec<CreationRule>,
    /// This tool's own section; sops ignores it, as it ignores every unknown key.
    #[serde(default)]
    pub secret: SecretSection,
    /// Where `publish` sends files.
    #[serde(default)]
    pub destination_rules: Vec<DestinationRule>,
    /// How re-emitted files are indented.
    #[serde(default)]
    pub stores: StoresSection,
}

/// `secret:` in `.sops.yaml`: settings only this tool reads.
///
/// ```yaml
/// secret:
///   default_environment: dev
///   environments:
///     dev:  {files: [dev.enc.env]}
///     prod: {files: [prod.enc.yaml, prod.enc.env]}   # later files win
///   ssm:
///     namespaces:                                     # for push/pull/diff -e NAME
///       prod: /app/prod
///   names:                                            # who holds which key
///     age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p: alice
/// ```
///
/// File paths are relative to the directory of the `.sops.yaml`. Unknown keys are ignored,
/// so later sections (and older versions of this tool) can share the file.
#[derive(Debug, Default, Deserialize)]
pub struct SecretSection {
    pub default_environment: Option<String>,
    #[serde(default)]
    pub environments: BTreeMap<String, Environment>,
    #[serde(default)]
    pub ssm: SsmSection,
    /// A person's (or a machine's) name for a key: age recipient, PGP fingerprint or KMS
    /// ARN, written as in the creation rules.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
}

/// `secret: ssm:`: Parameter Store namespaces by name.
#[derive(Debug, Default, Deserialize)]
pub struct SsmSection {
    #[serde(default)]
    pub namespaces: BTreeMap<String, String>,
}

/// A named set of encrypted files that `exec` and `export` load together.
#[derive(Debug, Default, Deserialize)]
pub struct Environment {
    #[serde(default)]
    pub files: Vec<PathBuf>,
}

/// A string of comma-separated items, or a YAML list.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum StringList {
    One(String),
    Many(Vec<String>),
}

impl StringList {
    pub fn items(&self) -> Vec<String> {
        match self {
            StringList::One(s) => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            StringList::Many(items) => items.iter().map(|s| s.trim().to_string()).collect(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct CreationRule {
    pub path_regex: Option<String>,
    pub age: Option<StringList>,
    /// PGP fingerprints.
    pub pgp: Option<StringList>,
    pub kms: Option<StringList>,
    pub aws_profile: Option<String>,
    /// GCP KMS key resource IDs.
    pub gcp_kms: Option<StringList>,
    /// Azure Key Vault key URLs (`https://VAULT/keys/NAME[/VERSION]`).
    pub azure_keyvault: Option<StringList>,
    /// Vault transit key URIs (`https://vault:8200/v1/transit/keys/NAME`).
    pub hc_vault_transit_uri: Option<StringList>,
    #[serde(default)]
    pub key_groups: Vec<KeyGroupConfig>,
    pub shamir_threshold: Option<usize>,
    #[serde(flatten)]
    pub selector: SelectorSettings,
    pub mac_only_encrypted: Option<bool>,
}

/// Which values are encrypted: at most one of these (default: all but `*_unencrypted`).
/// The same six settings as `.sops.yaml` keys and as command-line flags.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct SelectorSettings {
    pub unencrypted_suffix: Option<String>,
    pub encrypted_suffix: Option<String>,
    pub unencrypted_regex: Option<String>,
    pub encrypted_regex: Option<String>,
    pub unencrypted_comment_regex: Option<String>,
    pub encrypted_comment_regex: Option<String>,
}

impl SelectorSettings {
    /// The settings given, as (metadata key, value) pairs.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        given_settings([
            &self.unencrypted_suffix,
            &self.encrypted_suffix,
            &self.unencrypted_regex,
            &self.encrypted_regex,
            &self.unencrypted_comment_regex,
            &self.encrypted_comment_regex,
        ])
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct KeyGroupConfig {
    #[serde(default)]
    pub age: Vec<String>,
    /// PGP fingerprints.
    #[serde(default)]
    pub pgp: Vec<String>,
    #[serde(default)]
    pub kms: Vec<KmsConfig>,
    #[serde(default)]
    pub gcp_kms: Vec<GcpKmsConfig>,
    #[serde(default)]
    pub azure_keyvault: Vec<AzureKeyVaultConfig>,
    /// Vault transit key URIs.
    #[serde(default)]
    pub hc_vault: Vec<String>,
    /// Nested groups whose keys join this one.
    #[serde(default)]
    pub merge: Vec<KeyGroupConfig>,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct KmsConfig {
    pub arn: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub context: BTreeMap<String, String>,
    #[serde(default)]
    pub aws_profile: String,
}

/// A `gcp_kms` entry of a key group.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct GcpKmsConfig {
    #[serde(default)]
    pub resource_id: String,
}

/// An `azure_keyvault` entry of a key group; no version means the key's latest.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct AzureKeyVaultConfig {
    #[serde(default, rename = "vaultUrl")]
    pub vault_url: String,
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub version: String,
}

impl KeyGroupConfig {
    /// `own` of every merged group (depth first), then of this group: sops's order.
    fn merged<T>(&self, own: &dyn Fn(&KeyGroupConfig) -> Vec<T>) -> Vec<T> {
        let mut all: Vec<T> = self.merge.iter().flat_map(|g| g.merged(own)).collect();
        all.extend(own(self));
        all
    }

    /// GCP KMS resource IDs of this group and its merged groups (merged first).
    pub fn gcp_kms_ids(&self) -> Vec<String> {
        self.merged(&|g| g.gcp_kms.iter().map(|k| k.resource_id.clone()).collect())
    }

    /// Azure Key Vault keys of this group and its merged groups (merged first).
    pub fn azure_keys(&self) -> Vec<AzureKeyVaultConfig> {
        self.merged(&|g| g.azure_keyvault.clone())
    }

    /// Vault transit key URIs of this group and its merged groups (merged first).
    pub fn vault_uris(&self) -> Vec<String> {
        self.merged(&|g| g.hc_vault.clone())
    }

    /// KMS keys of this group and its merged groups (merged first).
    pub fn kms_keys(&self) -> Vec<KmsConfig> {
        self.merged(&|g| g.kms.clone())
    }

    /// Age recipients of this group and its merged groups (merged first), without repeats.
    pub fn age_recipients(&self) -> Vec<String> {
        let all = self.merged(&|g| g.age.iter().map(|s| s.trim().to_string()).collect());
        without_repeats(all)
    }

    /// PGP fingerprints of this group and its merged groups (merged first), spaces removed
    /// as sops removes them, without repeats.
    pub fn pgp_fingerprints(&self) -> Vec<String> {
        let mut all = self.merged(&|g| g.pgp.iter().map(|s| s.replace(' ', "")).collect());
        all.retain(|fp| !fp.is_empty());
        without_repeats(all)
    }
}

/// The first of each value, in order.
fn without_repeats(mut all: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    all.retain(|item| seen.insert(item.clone()));
    all
}

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("{path}: creation rule {index} has an invalid path_regex: {source}")]
    PathRegex {
        path: PathBuf,
        index: usize,
        source: regex_lite::Error,
    },
    #[error("no creation rule in {path} matches {file}")]
    NoMatchingRule {
        path: PathBuf,
        file: String,
        /// The `path_regex` of every rule, in order.
        patterns: Vec<String>,
    },
    #[error("{path} defines no environment `{name}` under `secret: environments:`")]
    NoSuchEnvironment { path: PathBuf, name: String },
    #[error("{path} defines no namespace `{name}` under `secret: ssm: namespaces:`")]
    NoSuchNamespace { path: PathBuf, name: String },
    #[error("{path} has no `secret: default_environment:`, and no environment was named")]
    NoDefaultEnvironment { path: PathBuf },
}

/// A loaded configuration and where it came from.
#[derive(Debug)]
pub struct LoadedConfig {
    pub path: PathBuf,
    pub config: Config,
}

/// Finds `.sops.yaml`: `explicit` (from `--config`/`SOPS_CONFIG`) if given; else walking up
/// from the file's directory, then from the working directory.
pub fn find(explicit: Option<&Path>, file: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.to_path_buf());
    }
    let cwd = std::env::current_dir().ok();
    let file_dir = file
        .and_then(|f| absolute(f, cwd.as_deref()))
        .and_then(|f| f.parent().map(Path::to_path_buf));
    [file_dir, cwd].into_iter().flatten().find_map(|start| {
        start
            .ancestors()
            .take(MAX_DEPTH)
            .map(|dir| dir.join(CONFIG_NAME))
            .find(|candidate| candidate.is_file())
    })
}

/// Reads and parses a configuration file.
pub fn load(path: &Path) -> Result<LoadedConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.into(),
        source,
    })?;
    parse(path, &text)
}

/// Parses `text` as the configuration file at `path` (which need not exist yet).
pub fn parse(path: &Path, text: &str) -> Result<LoadedConfig, ConfigError> {
    let config = if text.trim().is_empty() {
        Config::default()
    } else {
        serde_saphyr::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.into(),
            message: e.to_string(),
        })?
    };
    Ok(LoadedConfig {
        path: path.to_path_buf(),
        config,
    })
}

impl LoadedConfig {
    /// The first creation rule whose `path_regex` matches `file` (relative to the config's
    /// directory when inside it); `None` when there are no rules at all.
    pub fn rule_for(&self, file: &Path) -> Result<Option<&CreationRule>, ConfigError> {
        Ok(self
            .rule_index_for(file)?
            .map(|index| &self.config.creation_rules[index]))
    }

    /// The position of the rule [`rule_for`](Self::rule_for) gives.
    pub fn rule_index_for(&self, file: &Path) -> Result<Option<usize>, ConfigError> {
        if self.config.creation_rules.is_empty() {
            return Ok(None);
        }
        let name = self.match_name(file);
        for (index, rule) in self.config.creation_rules.iter().enumerate() {
            let pattern = rule.path_regex.as_deref().unwrap_or("");
            let regex = Regex::new(pattern).map_err(|source| ConfigError::PathRegex {
                path: self.path.clone(),
                index,
                source,
            })?;
            if regex.is_match(&name) {
                return Ok(Some(index));
            }
        }
        Err(ConfigError::NoMatchingRule {
            path: self.path.clone(),
            file: name,
            patterns: self
                .config
                .creation_rules
                .iter()
                .map(|rule| rule.path_regex.clone().unwrap_or_default())
                .collect(),
        })
    }

    /// The directory the configuration's paths and rules are relative to.
    pub fn dir(&self) -> PathBuf {
        let cwd = std::env::current_dir().ok();
        match self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => absolute(dir, cwd.as_deref()).unwrap_or_else(|| dir.to_path_buf()),
            None => cwd.unwrap_or_else(|| PathBuf::from(".")),
        }
    }

    /// The files of environment `name` (or of the default environment), as paths relative
    /// to the working directory or absolute.
    pub fn environment_files(&self, name: Option<&str>) -> Result<Vec<PathBuf>, ConfigError> {
        let section = &self.config.secret;
        let name = name
            .or(section.default_environment.as_deref())
            .ok_or_else(|| ConfigError::NoDefaultEnvironment {
                path: self.path.clone(),
            })?;
        let environment =
            section
                .environments
                .get(name)
                .ok_or_else(|| ConfigError::NoSuchEnvironment {
                    path: self.path.clone(),
                    name: name.to_string(),
                })?;
        let base = self.path.parent().unwrap_or(Path::new(""));
        Ok(environment.files.iter().map(|f| base.join(f)).collect())
    }

    /// The SSM namespace called `name` in `secret: ssm: namespaces:`.
    pub fn namespace(&self, name: &str) -> Result<&str, ConfigError> {
        self.config
            .secret
            .ssm
            .namespaces
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| ConfigError::NoSuchNamespace {
                path: self.path.clone(),
                name: name.to_string(),
            })
    }

    fn match_name(&self, file: &Path) -> String {
        let cwd = std::env::current_dir().ok();
        let file = absolute(file, cwd.as_deref()).unwrap_or_else(|| file.to_path_buf());
        let config_dir = self.path.parent().and_then(|d| absolute(d, cwd.as_deref()));
        match config_dir
            .as_deref()
            .and_then(|dir| file.strip_prefix(dir).ok())
        {
            Some(relative) => relative.to_string_lossy().into_owned(),
            None => file.to_string_lossy().into_owned(),
        }
    }
}

/// `destination_rules:` entry: where `publish` sends a file whose path matches (S3, GCS, or
/// a Vault KV engine; sops-format.md §7.2).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct DestinationRule {
    pub path_regex: Option<String>,
    pub s3_bucket: Option<String>,
    pub s3_prefix: Option<String>,
    pub gcs_bucket: Option<String>,
    pub gcs_prefix: Option<String>,
    pub vault_path: Option<String>,
    pub vault_address: Option<String>,
    pub vault_kv_mount_name: Option<String>,
    pub vault_kv_version: Option<u32>,
    #[serde(default)]
    pub omit_extensions: bool,
}

/// `stores:`: the indentation of re-emitted YAML and JSON (`indent: N`).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct StoresSection {
    #[serde(default)]
    pub yaml: StoreSettings,
    #[serde(default)]
    pub json: StoreSettings,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct StoreSettings {
    pub indent: Option<i64>,
}

impl LoadedConfig {
    /// The first destination rule whose `path_regex` matches `file` (relative to the
    /// config's directory when inside it), as for creation rules.
    pub fn destination_for(&self, file: &Path) -> Result<Option<&DestinationRule>, ConfigError> {
        let name = self.match_name(file);
        for (index, rule) in self.config.destination_rules.iter().enumerate() {
            let pattern = rule.path_regex.as_deref().unwrap_or("");
            let regex = Regex::new(pattern).map_err(|source| ConfigError::PathRegex {
                path: self.path.clone(),
                index,
                source,
            })?;
            if regex.is_match(&name) {
                return Ok(Some(rule));
            }
        }
        Ok(None)
    }
}

/// `path` made absolute against `cwd`, without resolving symlinks.
fn absolute(path: &Path, cwd: Option<&Path>) -> Option<PathBuf> {
    if path.is_absolute() {
        Some(path.to_path_buf())
    } else {
        cwd.map(|c| c.join(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(yaml: &str) -> LoadedConfig {
        LoadedConfig {
            path: PathBuf::from("/project/.sops.yaml"),
            config: serde_saphyr::from_str(yaml).unwrap(),
        }
    }

    #[test]
    fn first_matching_rule_wins_with_relative_paths() {
        let config =
            loaded("creation_rules:\n  - path_regex: ^prod/\n    age: a,b\n  - age: [c]\n");
        let rule = config
            .rule_for(Path::new("/project/prod/x.yaml"))
            .unwrap()
            .unwrap();
        assert_eq!(rule.age.as_ref().unwrap().items(), ["a", "b"]);
        let rule = config
            .rule_for(Path::new("/project/dev/x.yaml"))
            .unwrap()
            .unwrap();
        assert_eq!(rule.age.as_ref().unwrap().items(), ["c"]);
    }

    #[test]
    fn selector_settings_are_read_from_a_rule() {
        let config = loaded("creation_rules:\n  - encrypted_regex: ^data$\n    age: a\n");
        let rule = config
            .rule_for(Path::new("/project/x.yaml"))
            .unwrap()
            .unwrap();
        assert_eq!(rule.selector.pairs(), [("encrypted_regex", "^data$")]);
    }

    #[test]
    fn no_matching_rule_is_an_error() {
        let config = loaded("creation_rules:\n  - path_regex: ^prod/\n    age: a\n");
        assert!(matches!(
            config.rule_for(Path::new("/project/x.yaml")),
            Err(ConfigError::NoMatchingRule { .. })
        ));
    }

    #[test]
    fn key_groups_merge_and_unknown_keys_are_ignored() {
        let config = loaded(
            "stores: {yaml: {indent: 2}}\ncreation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - age: [a]\n        merge: [{age: [m]}]\n        hc_vault: []\n      - age: [b]\n",
        );
        let rule = &config.config.creation_rules[0];
        assert_eq!(rule.key_groups[0].age_recipients(), ["m", "a"]);
        assert!(rule.key_groups[0].pgp_fingerprints().is_empty());
        assert!(rule.selector.pairs().is_empty());
        assert_eq!(rule.shamir_threshold, Some(2));
    }

    #[test]
    fn pgp_fingerprints_in_rules_and_merged_groups() {
        let config = loaded(
            "creation_rules:\n  - path_regex: ^flat\n    pgp: 'AAAA 1111, BBBB2222'\n  - key_groups:\n      - pgp: [CCCC3333]\n        merge: [{pgp: [DDDD4444, CCCC3333]}]\n      - pgp: [EEEE5555]\n",
        );
        let flat = config
            .rule_for(Path::new("/project/flat.yaml"))
            .unwrap()
            .unwrap();
        assert_eq!(
            flat.pgp.as_ref().unwrap().items(),
            ["AAAA 1111", "BBBB2222"]
        );
        let grouped = config
            .rule_for(Path::new("/project/other.yaml"))
            .unwrap()
            .unwrap();
        assert_eq!(
            grouped.key_groups[0].pgp_fingerprints(),
            ["DDDD4444", "CCCC3333"]
        );
        assert_eq!(grouped.key_groups[1].pgp_fingerprints(), ["EEEE5555"]);
    }

    #[test]
    fn destination_rules_and_store_indents_are_read() {
        let config = loaded(
            "stores: {yaml: {indent: 2}, json: {indent: -1}}\ndestination_rules:\n  - vault_path: ft/\n    vault_kv_mount_name: kv/\n    vault_kv_version: 1\n    path_regex: v1\\.json\n    reencryption_rule: {pgp: X}\n  - s3_bucket: b\n",
        );
        assert_eq!(config.config.stores.yaml.indent, Some(2));
        assert_eq!(config.config.stores.json.indent, Some(-1));
        let rule = config
            .destination_for(Path::new("/project/v1.json"))
            .unwrap()
            .unwrap();
        assert_eq!(rule.vault_kv_version, Some(1));
        assert_eq!(rule.vault_kv_mount_name.as_deref(), Some("kv/"));
        let rule = config
            .destination_for(Path::new("/project/other.json"))
            .unwrap()
            .unwrap();
        assert_eq!(rule.s3_bucket.as_deref(), Some("b"));
    }

    #[test]
    fn environments_resolve_against_the_config_directory() {
        let config = loaded(
            "secret:\n  default_environment: dev\n  ssm: {later: true, namespaces: {prod: /app/prod}}\n  environments:\n    dev: {files: [dev.enc.env]}\n    prod: {files: [a.yaml, b.env]}\n",
        );
        let files = |name| config.environment_files(name).unwrap();
        assert_eq!(files(None), [PathBuf::from("/project/dev.enc.env")]);
        assert_eq!(
            files(Some("prod")),
            [
                PathBuf::from("/project/a.yaml"),
                PathBuf::from("/project/b.env")
            ]
        );
        assert!(matches!(
            config.environment_files(Some("qa")),
            Err(ConfigError::NoSuchEnvironment { .. })
        ));
        assert_eq!(config.namespace("prod").unwrap(), "/app/prod");
        assert!(matches!(
            config.namespace("qa"),
            Err(ConfigError::NoSuchNamespace { .. })
        ));
    }
}
