//! Writing values to a Vault (or OpenBao) KV secrets engine over its HTTP API, for
//! `publish`: the address from the destination rule or `VAULT_ADDR`, the token from
//! `VAULT_TOKEN` or `~/.vault-token`, as Vault's own client finds them. A secret that
//! already holds the same values is left alone (no new KV version), as sops does.

use std::time::Duration;

use serde_json::{Map, Value, json};

use secret_core::ops::publish::VaultTarget;

/// Vault's default when nothing names the server.
const DEFAULT_ADDRESS: &str = "https://127.0.0.1:8200";

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("no Vault token: set VAULT_TOKEN (or log in, which writes ~/.vault-token)")]
    NoToken,
    #[error("cannot reach Vault at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("Vault refused to write {url} ({status}): {errors}")]
    Refused {
        url: String,
        status: u16,
        errors: String,
    },
}

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

fn token() -> Result<String, VaultError> {
    if let Ok(token) = std::env::var("VAULT_TOKEN")
        && !token.trim().is_empty()
    {
        return Ok(token.trim().to_string());
    }
    dirs::home_dir()
        .and_then(|home| std::fs::read_to_string(home.join(".vault-token")).ok())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .ok_or(VaultError::NoToken)
}

/// Writes `data` to `target` unless it holds the same values already.
pub fn write(target: &VaultTarget, data: &Map<String, Value>) -> Result<Written, VaultError> {
    let url = url(target);
    let token = token()?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into();
    let unreachable = |e: ureq::Error| VaultError::Unreachable {
        url: url.clone(),
        reason: e.to_string(),
    };
    let mut current = agent
        .get(&url)
        .header("X-Vault-Token", &token)
        .call()
        .map_err(unreachable)?;
    if current.status().is_success() {
        let body = json_body(current.body_mut());
        let existing = if target.kv_version == 1 {
            &body["data"]
        } else {
            &body["data"]["data"]
        };
        if existing.as_object() == Some(data) {
            return Ok(Written::AlreadyUpToDate);
        }
    }
    let body = if target.kv_version == 1 {
        Value::Object(data.clone())
    } else {
        json!({ "data": data })
    };
    let mut response = agent
        .post(&url)
        .header("X-Vault-Token", &token)
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .map_err(unreachable)?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        return Ok(Written::Written);
    }
    let answer = json_body(response.body_mut());
    let errors = answer["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("; ")
        })
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| "no reason given".into());
    Err(VaultError::Refused {
        url,
        status,
        errors,
    })
}

fn json_body(body: &mut ureq::Body) -> Value {
    body.read_to_string()
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null)
}
