//! Writing values to a Vault (or OpenBao) KV secrets engine, for `publish`: the address
//! from the destination rule or `VAULT_ADDR`, the write itself by the remote companion
//! `secret-remote` (which finds the token in `VAULT_TOKEN` or `~/.vault-token`, as Vault's
//! own client does), so that `secret` carries no HTTP code. A secret that already holds
//! the same values is left alone (no new KV version), as sops does.

use serde_json::{Map, Value};

use secret_core::ops::publish::VaultTarget;
use secret_core::remote::{self, RemoteError};

/// Vault's default when nothing names the server.
const DEFAULT_ADDRESS: &str = "https://127.0.0.1:8200";

/// What writing did.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Written,
    AlreadyUpToDate,
}

/// The URL a target is written to (also what the confirmation shows).
pub fn url(target: &VaultTarget) -> String {
    let address = target
        .address
        .clone()
        .or_else(|| std::env::var("VAULT_ADDR").ok().filter(|a| !a.is_empty()))
        .unwrap_or_else(|| DEFAULT_ADDRESS.to_string());
    format!("{}/v1/{}", address.trim_end_matches('/'), target.api_path)
}

/// Writes `data` to `target` unless it holds the same values already.
pub fn write(target: &VaultTarget, data: &Map<String, Value>) -> Result<Written, RemoteError> {
    let written = remote::services()?.vault_kv_write(&url(target), target.kv_version, data)?;
    Ok(if written {
        Written::Written
    } else {
        Written::AlreadyUpToDate
    })
}
