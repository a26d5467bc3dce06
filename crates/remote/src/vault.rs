//! HashiCorp Vault and OpenBao: the transit engine's `encrypt` and `decrypt` for data keys
//! (what sops's `hcvault` master key calls), and a KV write for `publish`. The token is
//! found as Vault's own client finds it: `VAULT_TOKEN`, else `~/.vault-token`. The server
//! address is the key's own (the file names it); `VAULT_NAMESPACE`, `VAULT_CACERT` and
//! `VAULT_SKIP_VERIFY` are honoured as the Vault CLI honours them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use secret_core::remote::{RemoteError, VaultKey};
use secret_core::secret::Secret;
use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

use crate::http::{self, Answer, Http, Tls};

/// The Vault client of a session: its HTTP client (Vault's TLS settings) and token.
pub struct Vault {
    http: Http,
}

impl Vault {
    pub fn new() -> Result<Vault, RemoteError> {
        let tls = Tls {
            ca_file: env("VAULT_CACERT"),
            insecure: env("VAULT_SKIP_VERIFY").is_some_and(|v| is_true(&v)),
        };
        Ok(Vault {
            http: Http::new(&tls)?,
        })
    }

    /// Transit `encrypt` of the base64 `plaintext` under `key`: the `vault:v1:…` text.
    pub fn encrypt(&self, key: &VaultKey, plaintext: &str) -> Result<String, RemoteError> {
        let url = transit_url(key, "encrypt");
        let body = json!({ "plaintext": plaintext });
        let answer = self.post(&url, &body, &key_path(key, "encrypt"))?;
        answer.json["data"]["ciphertext"]
            .as_str()
            .filter(|c| c.starts_with("vault:"))
            .map(str::to_string)
            .ok_or_else(|| bad_answer(&url, "no data.ciphertext"))
    }

    /// Transit `decrypt` of a `vault:v1:…` text: the base64 plaintext.
    pub fn decrypt(&self, key: &VaultKey, ciphertext: &str) -> Result<Secret<String>, RemoteError> {
        let url = transit_url(key, "decrypt");
        let body = json!({ "ciphertext": ciphertext });
        let answer = self.post(&url, &body, &key_path(key, "decrypt"))?;
        let plaintext = answer.json["data"]["plaintext"]
            .as_str()
            .ok_or_else(|| bad_answer(&url, "no data.plaintext"))?;
        // Checked here: what Vault answers must be the base64 of the data key.
        BASE64
            .decode(plaintext)
            .map(Zeroizing::new)
            .map_err(|_| bad_answer(&url, "data.plaintext is not base64"))?;
        Ok(Secret::new(plaintext.to_string()))
    }

    /// Writes `data` to the KV secret at `url` unless it holds the same values already
    /// (no new version then, as sops does): whether it was written.
    pub fn kv_write(
        &self,
        url: &str,
        kv_version: u32,
        data: &Map<String, Value>,
    ) -> Result<bool, RemoteError> {
        let token = token()?;
        let current = self.http.get(url, &headers(&token))?;
        if current.is_success() {
            let existing = if kv_version == 1 {
                &current.json["data"]
            } else {
                &current.json["data"]["data"]
            };
            if existing.as_object() == Some(data) {
                return Ok(false);
            }
        } else if matches!(current.status, 401 | 403) {
            return Err(refused(url, &current, "read (and update) on this path"));
        }
        let body = if kv_version == 1 {
            Value::Object(data.clone())
        } else {
            json!({ "data": data })
        };
        let answer = self
            .http
            .post_json(url, &headers(&token), &body)
            .map_err(plain_http_hint)?;
        match answer.status {
            200..=299 => Ok(true),
            401 | 403 => Err(refused(url, &answer, "create and update on this path")),
            status => Err(RemoteError::Failed {
                url: url.to_string(),
                status,
                detail: http::service_message(&answer),
            }),
        }
    }

    fn post(&self, url: &str, body: &Value, path: &str) -> Result<Answer, RemoteError> {
        let token = token()?;
        let answer = self
            .http
            .post_json(url, &headers(&token), body)
            .map_err(plain_http_hint)?;
        match answer.status {
            200..=299 => Ok(answer),
            401 | 403 => Err(refused(url, &answer, &format!("update on {path}"))),
            status => Err(RemoteError::Failed {
                url: url.to_string(),
                status,
                detail: http::service_message(&answer),
            }),
        }
    }
}

/// `ADDRESS/v1/ENGINE/OPERATION/NAME`.
fn transit_url(key: &VaultKey, operation: &str) -> String {
    format!(
        "{}/v1/{}",
        key.address.trim_end_matches('/'),
        key_path(key, operation)
    )
}

fn key_path(key: &VaultKey, operation: &str) -> String {
    format!("{}/{operation}/{}", key.engine_path, key.key_name)
}

fn headers(token: &str) -> Vec<(&'static str, &str)> {
    let mut headers = vec![("X-Vault-Token", token), ("X-Vault-Request", "true")];
    if let Some(namespace) = NAMESPACE.as_deref() {
        headers.push(("X-Vault-Namespace", namespace));
    }
    headers
}

static NAMESPACE: std::sync::LazyLock<Option<String>> =
    std::sync::LazyLock::new(|| env("VAULT_NAMESPACE"));

/// The token: `VAULT_TOKEN`, else `~/.vault-token` (as the Vault client reads them).
fn token() -> Result<Zeroizing<String>, RemoteError> {
    if let Some(token) = env("VAULT_TOKEN") {
        return Ok(Zeroizing::new(token.trim().to_string()));
    }
    let file = dirs::home_dir().map(|home| home.join(".vault-token"));
    if let Some(file) = file.as_ref().filter(|f| f.exists()) {
        let text = std::fs::read_to_string(file).map_err(|e| RemoteError::BadCredentials {
            service: "Vault".into(),
            origin: file.display().to_string(),
            detail: e.to_string(),
        })?;
        let token = Zeroizing::new(text.trim().to_string());
        if !token.is_empty() {
            return Ok(token);
        }
    }
    Err(RemoteError::NoCredentials {
        service: "Vault".into(),
        looked: "VAULT_TOKEN, ~/.vault-token".into(),
        fix: "set VAULT_TOKEN, or log in with `vault login` or `bao login` (they write \
              ~/.vault-token)"
            .into(),
    })
}

/// 401 or 403: the token is wrong, expired, or not allowed this.
fn refused(url: &str, answer: &Answer, needs: &str) -> RemoteError {
    RemoteError::Denied {
        url: url.to_string(),
        status: answer.status,
        detail: http::service_message(answer),
        fix: format!(
            "check the token (VAULT_TOKEN, or ~/.vault-token): it must be valid and its policy \
             must allow {needs}"
        ),
    }
}

/// A server answering plain HTTP to a TLS client (or the reverse) gives a cryptic error;
/// name the likely cause.
fn plain_http_hint(error: RemoteError) -> RemoteError {
    match error {
        RemoteError::Unreachable { url, detail }
            if url.starts_with("https://") && detail.to_ascii_lowercase().contains("tls") =>
        {
            RemoteError::Unreachable {
                detail: format!(
                    "{detail} (does the server speak plain HTTP? then the key's address must \
                     start with http://)"
                ),
                url,
            }
        }
        other => other,
    }
}

fn bad_answer(url: &str, detail: &str) -> RemoteError {
    RemoteError::BadAnswer {
        url: url.to_string(),
        detail: detail.to_string(),
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Go's `strconv.ParseBool` truths, as the Vault client reads VAULT_SKIP_VERIFY.
fn is_true(value: &str) -> bool {
    matches!(value.trim(), "1" | "t" | "T" | "true" | "TRUE" | "True")
}
