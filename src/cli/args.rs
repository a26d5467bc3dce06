//! Argument groups several commands share: the encrypted file a command works on, and
//! who a new file is encrypted for.

use std::path::PathBuf;

use clap::Args;

use super::Cli;
use secret_core::config::SelectorSettings;
use secret_core::ops::{EncryptedFile, KeyRequest};
use secret_core::store::Format;

// The encrypted file a command works on.
#[derive(Debug, Args)]
pub struct Target {
    /// The encrypted file.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,

    /// Read FILE as this format instead of guessing from its extension.
    #[arg(long, value_name = "FORMAT", value_parser = super::format_parser())]
    pub input_type: Option<Format>,

    /// Open the file even if its MAC does not match.
    #[arg(long)]
    pub ignore_mac: bool,
}

impl Target {
    /// The file as the operations take it.
    pub fn encrypted_file(&self) -> EncryptedFile {
        EncryptedFile {
            ignore_mac: self.ignore_mac,
            ..EncryptedFile::new(&self.file, self.input_type)
        }
    }
}

impl KeyArgs {
    /// The keys and settings these flags ask for (`--config` included).
    pub fn request(&self, cli: &Cli) -> KeyRequest {
        KeyRequest {
            config: cli.options.config.clone(),
            age: self.age.clone(),
            pgp: self.pgp.clone(),
            kms: self.kms.clone(),
            encryption_context: self.encryption_context.clone(),
            aws_profile: self.aws_profile.clone(),
            gcp_kms: self.gcp_kms.clone(),
            azure_kv: self.azure_kv.clone(),
            hc_vault_transit: self.hc_vault_transit.clone(),
            selector: self.selector.settings(),
            mac_only_encrypted: self.mac_only_encrypted,
            shamir_threshold: self.shamir_secret_sharing_threshold,
        }
    }
}

// Who a new file is encrypted for and which of its values: flags override `.sops.yaml`.
#[derive(Debug, Default, Args)]
pub struct KeyArgs {
    /// age recipients (age1…, ssh-ed25519 …, ssh-rsa …, an age plugin's age1NAME1…),
    /// comma-separated. Replaces the keys of the creation rule.
    #[arg(short, long, env = "SOPS_AGE_RECIPIENTS", value_name = "RECIPIENTS")]
    pub age: Option<String>,

    /// PGP key fingerprints, comma-separated; encrypted with gpg (SOPS_GPG_EXEC) and its
    /// keyring (GNUPGHOME). Replaces the keys of the creation rule; with --age or --kms, all
    /// of them form one group.
    #[arg(short, long, env = "SOPS_PGP_FP", value_name = "FINGERPRINTS")]
    pub pgp: Option<String>,

    /// AWS KMS key ARNs, comma-separated; `ARN+ROLE_ARN` assumes that role first.
    #[arg(short, long, env = "SOPS_KMS_ARN", value_name = "ARNS")]
    pub kms: Option<String>,

    /// Encryption context for the --kms keys: `key:value,key2:value2`.
    #[arg(long, value_name = "CONTEXT")]
    pub encryption_context: Option<String>,

    /// AWS profile for the --kms keys.
    #[arg(long, value_name = "PROFILE")]
    pub aws_profile: Option<String>,

    /// HashiCorp Vault or OpenBao transit keys, comma-separated URIs
    /// (https://vault.example.com:8200/v1/transit/keys/NAME); the token comes from
    /// VAULT_TOKEN or ~/.vault-token.
    #[arg(long, env = "SOPS_VAULT_URIS", value_name = "URIS")]
    pub hc_vault_transit: Option<String>,

    /// GCP KMS keys, comma-separated resource IDs
    /// (projects/P/locations/L/keyRings/R/cryptoKeys/K); credentials as gcloud's
    /// application default credentials, GOOGLE_CREDENTIALS or GOOGLE_OAUTH_ACCESS_TOKEN.
    #[arg(long, env = "SOPS_GCP_KMS_IDS", value_name = "IDS")]
    pub gcp_kms: Option<String>,

    /// Azure Key Vault keys, comma-separated URLs
    /// (https://VAULT.vault.azure.net/keys/NAME/VERSION; without VERSION, the latest);
    /// credentials from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or `az
    /// login`.
    #[arg(long, env = "SOPS_AZURE_KEYVAULT_URLS", value_name = "URLS")]
    pub azure_kv: Option<String>,

    #[command(flatten)]
    pub selector: SelectorFlags,

    /// Compute the MAC over encrypted values only, so clear values may be edited freely.
    #[arg(long)]
    pub mac_only_encrypted: bool,

    /// Number of key groups needed to decrypt (with several key groups).
    #[arg(long, value_name = "N")]
    pub shamir_secret_sharing_threshold: Option<usize>,
}

// Which values are encrypted: at most one of these (default: all but `*_unencrypted`).
// The same six settings as `.sops.yaml` keys.
#[derive(Debug, Default, Clone, Args)]
pub struct SelectorFlags {
    /// Leave values clear whose key (or a parent's) ends with this suffix.
    #[arg(long, value_name = "SUFFIX")]
    pub unencrypted_suffix: Option<String>,
    /// Encrypt only values whose key (or a parent's) ends with this suffix.
    #[arg(long, value_name = "SUFFIX")]
    pub encrypted_suffix: Option<String>,
    /// Leave values clear whose key (or a parent's) matches this regex.
    #[arg(long, value_name = "REGEX")]
    pub unencrypted_regex: Option<String>,
    /// Encrypt only values whose key (or a parent's) matches this regex.
    #[arg(long, value_name = "REGEX")]
    pub encrypted_regex: Option<String>,
    /// Leave values clear that follow a comment matching this regex.
    #[arg(long, value_name = "REGEX")]
    pub unencrypted_comment_regex: Option<String>,
    /// Encrypt only values that follow a comment matching this regex.
    #[arg(long, value_name = "REGEX")]
    pub encrypted_comment_regex: Option<String>,
}

impl SelectorFlags {
    pub fn settings(&self) -> SelectorSettings {
        SelectorSettings {
            unencrypted_suffix: self.unencrypted_suffix.clone(),
            encrypted_suffix: self.encrypted_suffix.clone(),
            unencrypted_regex: self.unencrypted_regex.clone(),
            encrypted_regex: self.encrypted_regex.clone(),
            unencrypted_comment_regex: self.unencrypted_comment_regex.clone(),
            encrypted_comment_regex: self.encrypted_comment_regex.clone(),
        }
    }
}
