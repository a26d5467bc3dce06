//! Azure Key Vault over its REST API, as sops 3.11's `azkv` master key uses it: `encrypt`
//! and `decrypt` with RSA-OAEP-256 (`POST {vault}/keys/{name}/{version}/encrypt`), and,
//! for a key named without a version, `GET {vault}/keys/{name}` first to learn the latest
//! version, which is the one stored. Values travel as unpadded base64url.
//!
//! Credentials, in the order of azidentity's default chain as far as secret follows it: a
//! service principal's secret (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`,
//! `AZURE_CLIENT_SECRET`), workload identity (`AZURE_FEDERATED_TOKEN_FILE` with the tenant
//! and client IDs), then the Azure CLI (`az account get-access-token`). Tokens come from
//! `AZURE_AUTHORITY_HOST` (default `https://login.microsoftonline.com/`), for the scope of
//! the vault's cloud (`https://vault.azure.net/.default` for `*.vault.azure.net`).
//!
//! `SECRET_AZURE_KEYVAULT_ENDPOINT` sends the Key Vault calls to another base URL (the
//! vault URL stored in files stays the key's own), e.g. a local test server.

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD as BASE64, URL_SAFE_NO_PAD};
use secret_core::remote::{AzureKey, RemoteError};
use secret_core::secret::Secret;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::http::{self, Answer, Http, Tls};

const SERVICE: &str = "Azure";
/// The Key Vault REST API version of these calls.
pub const API_VERSION: &str = "7.4";
const DEFAULT_AUTHORITY: &str = "https://login.microsoftonline.com/";
const ALGORITHM: &str = "RSA-OAEP-256";
const CLIENT_ASSERTION: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// How long `az account get-access-token` may take.
const AZ_TIMEOUT: Duration = Duration::from_secs(60);

/// Key Vault for a session: the HTTP client and a token per scope.
pub struct Azure {
    http: Http,
    tokens: HashMap<String, Zeroizing<String>>,
}

impl Azure {
    pub fn new() -> Result<Azure, RemoteError> {
        Ok(Azure {
            http: Http::new(&Tls::default())?,
            tokens: HashMap::new(),
        })
    }

    /// `encrypt` of the base64 `plaintext`: the version used and the base64 ciphertext.
    pub fn encrypt(
        &mut self,
        key: &AzureKey,
        plaintext: &str,
    ) -> Result<(String, String), RemoteError> {
        let version = if key.version.is_empty() {
            self.latest_version(key)?
        } else {
            key.version.clone()
        };
        let plaintext =
            Zeroizing::new(
                BASE64
                    .decode(plaintext)
                    .map_err(|_| RemoteError::BadCiphertext {
                        encoding: "base64".into(),
                    })?,
            );
        let url = operation_url(key, &version, "encrypt");
        let body =
            json!({ "alg": ALGORITHM, "value": URL_SAFE_NO_PAD.encode(plaintext.as_slice()) });
        let answer = self.post(&url, key, &body, "encrypt")?;
        let ciphertext = value_field(&answer, &url)?;
        Ok((version, BASE64.encode(ciphertext.as_slice())))
    }

    /// `decrypt` of the base64 `ciphertext`: the base64 plaintext.
    pub fn decrypt(
        &mut self,
        key: &AzureKey,
        ciphertext: &str,
    ) -> Result<Secret<String>, RemoteError> {
        let ciphertext = BASE64
            .decode(ciphertext)
            .map_err(|_| RemoteError::BadCiphertext {
                encoding: "base64".into(),
            })?;
        let url = operation_url(key, &key.version, "decrypt");
        let body = json!({ "alg": ALGORITHM, "value": URL_SAFE_NO_PAD.encode(ciphertext) });
        let answer = self.post(&url, key, &body, "decrypt")?;
        let plaintext = value_field(&answer, &url)?;
        Ok(Secret::new(BASE64.encode(plaintext.as_slice())))
    }

    /// The key's latest version, from its `kid` (`{vault}/keys/{name}/{version}`).
    fn latest_version(&mut self, key: &AzureKey) -> Result<String, RemoteError> {
        let url = format!(
            "{}/keys/{}?api-version={API_VERSION}",
            base_url(key),
            key.name
        );
        let bearer = self.bearer(key)?;
        let answer = self.http.get(&url, &[("Authorization", bearer.as_str())])?;
        check(&answer, &url, key, "get")?;
        answer.json["key"]["kid"]
            .as_str()
            .and_then(|kid| kid.trim_end_matches('/').rsplit('/').next())
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .ok_or_else(|| RemoteError::BadAnswer {
                url: http::without_query(&url),
                detail: "no key.kid".into(),
            })
    }

    fn post(
        &mut self,
        url: &str,
        key: &AzureKey,
        body: &Value,
        operation: &str,
    ) -> Result<Answer, RemoteError> {
        let bearer = self.bearer(key)?;
        let answer = self
            .http
            .post_json(url, &[("Authorization", bearer.as_str())], body)?;
        check(&answer, url, key, operation)?;
        Ok(answer)
    }

    /// `Bearer TOKEN` for the key's vault, the token found once per scope.
    fn bearer(&mut self, key: &AzureKey) -> Result<Zeroizing<String>, RemoteError> {
        let scope = scope(&key.vault_url);
        if !self.tokens.contains_key(&scope) {
            let token = find_token(&self.http, &scope)?;
            self.tokens.insert(scope.clone(), token);
        }
        Ok(Zeroizing::new(format!(
            "Bearer {}",
            self.tokens[&scope].as_str()
        )))
    }
}

/// The vault's URL, or `SECRET_AZURE_KEYVAULT_ENDPOINT` in its place.
fn base_url(key: &AzureKey) -> String {
    env("SECRET_AZURE_KEYVAULT_ENDPOINT")
        .unwrap_or_else(|| key.vault_url.clone())
        .trim_end_matches('/')
        .to_string()
}

/// `{vault}/keys/{name}/{version}/{operation}`; without a version, the latest's.
fn operation_url(key: &AzureKey, version: &str, operation: &str) -> String {
    let version = if version.is_empty() {
        String::new()
    } else {
        format!("{version}/")
    };
    format!(
        "{}/keys/{}/{version}{operation}?api-version={API_VERSION}",
        base_url(key),
        key.name
    )
}

/// The token scope of a vault: its host without the vault's own name, e.g.
/// `https://vault.azure.net/.default` for `https://myvault.vault.azure.net`.
fn scope(vault_url: &str) -> String {
    let host = vault_url
        .split("://")
        .nth(1)
        .unwrap_or(vault_url)
        .split(['/', ':'])
        .next()
        .unwrap_or_default();
    let cloud = host.split_once('.').map_or(host, |(_, rest)| rest);
    format!("https://{cloud}/.default")
}

/// Success, or the error naming what to do.
fn check(answer: &Answer, url: &str, key: &AzureKey, operation: &str) -> Result<(), RemoteError> {
    let url = http::without_query(url);
    match answer.status {
        200..=299 => Ok(()),
        401 => Err(RemoteError::Denied {
            url,
            status: 401,
            detail: http::service_message(answer),
            fix: "the token was refused: check AZURE_TENANT_ID (the vault's tenant) and the \
                  credentials"
                .into(),
        }),
        403 => Err(RemoteError::Denied {
            url,
            status: 403,
            detail: http::service_message(answer),
            fix: format!(
                "allow these credentials the key operation `{operation}` on {} (role \"Key Vault \
                 Crypto User\", or an access policy with get, encrypt and decrypt)",
                key.name
            ),
        }),
        status => Err(RemoteError::Failed {
            url,
            status,
            detail: http::service_message(answer),
        }),
    }
}

/// The unpadded base64url `value` of an operation's answer, decoded.
fn value_field(answer: &Answer, url: &str) -> Result<Zeroizing<Vec<u8>>, RemoteError> {
    let bad = |detail: &str| RemoteError::BadAnswer {
        url: http::without_query(url),
        detail: detail.into(),
    };
    let value = answer.json["value"]
        .as_str()
        .ok_or_else(|| bad("no `value`"))?;
    URL_SAFE_NO_PAD
        .decode(value.trim_end_matches('='))
        .map(Zeroizing::new)
        .map_err(|_| bad("`value` is not base64url"))
}

/// A token for `scope` from the first credentials found.
fn find_token(http: &Http, scope: &str) -> Result<Zeroizing<String>, RemoteError> {
    let tenant = env("AZURE_TENANT_ID");
    let client = env("AZURE_CLIENT_ID");
    if let (Some(tenant), Some(client), Some(secret)) = (
        &tenant,
        &client,
        env("AZURE_CLIENT_SECRET").map(Zeroizing::new),
    ) {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", client.as_str()),
            ("client_secret", secret.as_str()),
            ("scope", scope),
        ];
        return client_token(http, tenant, &form, "AZURE_CLIENT_SECRET");
    }
    if env("AZURE_CLIENT_CERTIFICATE_PATH").is_some() && tenant.is_some() && client.is_some() {
        return Err(RemoteError::BadCredentials {
            service: SERVICE.into(),
            origin: "AZURE_CLIENT_CERTIFICATE_PATH".into(),
            detail: "certificate credentials are not supported by secret; use a client secret \
                     (AZURE_CLIENT_SECRET), workload identity, or `az login`"
                .into(),
        });
    }
    if let (Some(tenant), Some(client), Some(file)) =
        (&tenant, &client, env("AZURE_FEDERATED_TOKEN_FILE"))
    {
        let assertion = std::fs::read_to_string(&file)
            .map(Zeroizing::new)
            .map_err(|e| RemoteError::BadCredentials {
                service: SERVICE.into(),
                origin: file.clone(),
                detail: e.to_string(),
            })?;
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", client.as_str()),
            ("client_assertion_type", CLIENT_ASSERTION),
            ("client_assertion", assertion.trim()),
            ("scope", scope),
        ];
        return client_token(http, tenant, &form, "AZURE_FEDERATED_TOKEN_FILE");
    }
    if let Some(token) = az_cli_token(scope, tenant.as_deref())? {
        return Ok(token);
    }
    Err(RemoteError::NoCredentials {
        service: SERVICE.into(),
        looked: "AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET, AZURE_FEDERATED_TOKEN_FILE, \
                 the Azure CLI (az)"
            .into(),
        fix: "set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for a service \
              principal, or run `az login`"
            .into(),
    })
}

/// The client credentials grant at the tenant's token endpoint.
fn client_token(
    http: &Http,
    tenant: &str,
    form: &[(&str, &str)],
    origin: &str,
) -> Result<Zeroizing<String>, RemoteError> {
    let authority = env("AZURE_AUTHORITY_HOST").unwrap_or_else(|| DEFAULT_AUTHORITY.into());
    let url = format!(
        "{}/{tenant}/oauth2/v2.0/token",
        authority.trim_end_matches('/')
    );
    let answer = http.post_form(&url, form)?;
    if !answer.is_success() {
        return Err(RemoteError::BadCredentials {
            service: SERVICE.into(),
            origin: origin.into(),
            detail: format!(
                "{url} refused them ({}): {}",
                answer.status,
                http::service_message(&answer)
            ),
        });
    }
    answer.json["access_token"]
        .as_str()
        .filter(|t| !t.is_empty())
        .map(|t| Zeroizing::new(t.to_string()))
        .ok_or_else(|| RemoteError::BadAnswer {
            url,
            detail: "no access_token".into(),
        })
}

/// `az account get-access-token`, when the Azure CLI is installed: `None` when it is not.
fn az_cli_token(
    scope: &str,
    tenant: Option<&str>,
) -> Result<Option<Zeroizing<String>>, RemoteError> {
    let resource = scope.trim_end_matches("/.default");
    let mut command = Command::new("az");
    command
        .args([
            "account",
            "get-access-token",
            "--output",
            "json",
            "--resource",
            resource,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(tenant) = tenant {
        command.args(["--tenant", tenant]);
    }
    let Ok(mut child) = command.spawn() else {
        return Ok(None);
    };
    let bad = |detail: String| RemoteError::BadCredentials {
        service: SERVICE.into(),
        origin: "the Azure CLI (az)".into(),
        detail,
    };
    let started = Instant::now();
    while child.try_wait().map_err(|e| bad(e.to_string()))?.is_none() {
        if started.elapsed() > AZ_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(bad(format!(
                "`az account get-access-token` did not finish within {} s",
                AZ_TIMEOUT.as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().map_err(|e| bad(e.to_string()))?;
    let stdout = Zeroizing::new(output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(bad(format!(
            "`az account get-access-token` failed: {} (run `az login`)",
            stderr.lines().next().unwrap_or("no reason given")
        )));
    }
    let json: Value = serde_json::from_slice(&stdout).map_err(|e| bad(e.to_string()))?;
    json["accessToken"]
        .as_str()
        .map(|t| Some(Zeroizing::new(t.to_string())))
        .ok_or_else(|| bad("no accessToken in its output".into()))
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scope_is_the_vaults_cloud() {
        assert_eq!(
            scope("https://myvault.vault.azure.net"),
            "https://vault.azure.net/.default"
        );
        assert_eq!(
            scope("https://v.vault.azure.cn/"),
            "https://vault.azure.cn/.default"
        );
        assert_eq!(
            scope("https://hsm.managedhsm.azure.net"),
            "https://managedhsm.azure.net/.default"
        );
    }
}
