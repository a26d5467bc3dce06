//! GCP Cloud KMS over its REST API: `POST https://cloudkms.googleapis.com/v1/{name}:encrypt`
//! and `:decrypt`, with an OAuth 2.0 access token. Credentials are found as sops 3.11
//! finds them: `GOOGLE_CREDENTIALS` (a credentials file's path, or its JSON), else
//! `GOOGLE_OAUTH_ACCESS_TOKEN` (a token as it is), else Application Default Credentials
//! (`GOOGLE_APPLICATION_CREDENTIALS`, then gcloud's
//! `application_default_credentials.json`, then the metadata server on Google's own
//! machines). A service-account key is exchanged for a token with a JWT it signs (RS256,
//! RFC 7523); an `authorized_user` file with its refresh token.
//!
//! `SOPS_GCP_KMS_ENDPOINT` (as in sops 3.13's REST client) sends the KMS calls to
//! another base URL, e.g. a local test server.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD as BASE64, URL_SAFE_NO_PAD};
use secret_core::remote::{GcpKmsKey, RemoteError};
use secret_core::secret::Secret;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::http::{self, Answer, Http, Tls};

const SERVICE: &str = "Google Cloud";
const DEFAULT_ENDPOINT: &str = "https://cloudkms.googleapis.com";
const DEFAULT_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";
/// The scopes of Google's own KMS client.
const SCOPES: &str =
    "https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/cloudkms";
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// Cloud KMS for a session: the HTTP client and the access token, found once.
pub struct Gcp {
    http: Http,
    token: Option<Token>,
}

/// An access token, and the project to bill (`x-goog-user-project`) for user credentials.
struct Token {
    access: Zeroizing<String>,
    quota_project: Option<String>,
}

impl Gcp {
    pub fn new() -> Result<Gcp, RemoteError> {
        Ok(Gcp {
            http: Http::new(&Tls::default())?,
            token: None,
        })
    }

    /// `:encrypt` of the base64 `plaintext`: the base64 ciphertext, as KMS gives it.
    pub fn encrypt(&mut self, key: &GcpKmsKey, plaintext: &str) -> Result<String, RemoteError> {
        let url = kms_url(key, "encrypt");
        let answer = self.post(
            &url,
            &json!({ "plaintext": plaintext }),
            key,
            "useToEncrypt",
        )?;
        decoded_field(&answer, &url, "ciphertext").map(|c| BASE64.encode(c.as_slice()))
    }

    /// `:decrypt` of the base64 `ciphertext`: the base64 plaintext.
    pub fn decrypt(
        &mut self,
        key: &GcpKmsKey,
        ciphertext: &str,
    ) -> Result<Secret<String>, RemoteError> {
        let url = kms_url(key, "decrypt");
        let answer = self.post(
            &url,
            &json!({ "ciphertext": ciphertext }),
            key,
            "useToDecrypt",
        )?;
        decoded_field(&answer, &url, "plaintext")
            .map(|plaintext| Secret::new(BASE64.encode(plaintext.as_slice())))
    }

    fn post(
        &mut self,
        url: &str,
        body: &Value,
        key: &GcpKmsKey,
        permission: &str,
    ) -> Result<Answer, RemoteError> {
        if self.token.is_none() {
            self.token = Some(find_token(&self.http)?);
        }
        let token = self.token.as_ref().expect("found above");
        let bearer = Zeroizing::new(format!("Bearer {}", token.access.as_str()));
        let mut headers = vec![("Authorization", bearer.as_str())];
        if let Some(project) = &token.quota_project {
            headers.push(("x-goog-user-project", project));
        }
        let answer = self.http.post_json(url, &headers, body)?;
        match answer.status {
            200..=299 => Ok(answer),
            401 => Err(RemoteError::Denied {
                url: url.to_string(),
                status: 401,
                detail: http::service_message(&answer),
                fix: "the access token was refused: renew the credentials \
                      (`gcloud auth application-default login`, or a new GOOGLE_OAUTH_ACCESS_TOKEN)"
                    .into(),
            }),
            403 => Err(RemoteError::Denied {
                url: url.to_string(),
                status: 403,
                detail: http::service_message(&answer),
                fix: format!(
                    "grant these credentials cloudkms.cryptoKeyVersions.{permission} on {} (role \
                     roles/cloudkms.cryptoKeyEncrypterDecrypter)",
                    key.resource_id
                ),
            }),
            status => Err(RemoteError::Failed {
                url: url.to_string(),
                status,
                detail: http::service_message(&answer),
            }),
        }
    }
}

/// `ENDPOINT/v1/projects/…/cryptoKeys/K:OPERATION`.
fn kms_url(key: &GcpKmsKey, operation: &str) -> String {
    format!("{}/v1/{}:{operation}", endpoint(), key.resource_id)
}

/// `SOPS_GCP_KMS_ENDPOINT` (a URL, or `host:port` for HTTPS), else Google's.
fn endpoint() -> String {
    match env("SOPS_GCP_KMS_ENDPOINT") {
        Some(url) if url.contains("://") => url.trim_end_matches('/').to_string(),
        Some(host) => format!("https://{}", host.trim_end_matches('/')),
        None => DEFAULT_ENDPOINT.into(),
    }
}

/// A base64 field of a KMS answer, decoded (checks it is what the API documents).
fn decoded_field(
    answer: &Answer,
    url: &str,
    field: &str,
) -> Result<Zeroizing<Vec<u8>>, RemoteError> {
    let text = answer.json[field]
        .as_str()
        .ok_or_else(|| RemoteError::BadAnswer {
            url: url.to_string(),
            detail: format!("no `{field}`"),
        })?;
    BASE64
        .decode(text)
        .map(Zeroizing::new)
        .map_err(|_| RemoteError::BadAnswer {
            url: url.to_string(),
            detail: format!("`{field}` is not base64"),
        })
}

/// The access token of the first credentials found, in sops's order.
fn find_token(http: &Http) -> Result<Token, RemoteError> {
    if let Some(value) = env("GOOGLE_CREDENTIALS") {
        let (origin, json) = match std::fs::metadata(&value) {
            Ok(_) => {
                let text =
                    std::fs::read_to_string(&value).map_err(|e| RemoteError::BadCredentials {
                        service: SERVICE.into(),
                        origin: value.clone(),
                        detail: e.to_string(),
                    })?;
                (value.clone(), Zeroizing::new(text))
            }
            Err(_) => ("GOOGLE_CREDENTIALS".to_string(), Zeroizing::new(value)),
        };
        return token_from_json(http, &origin, &json);
    }
    if let Some(token) = env("GOOGLE_OAUTH_ACCESS_TOKEN") {
        return Ok(Token {
            access: Zeroizing::new(token.trim().to_string()),
            quota_project: None,
        });
    }
    let adc_file = env("GOOGLE_APPLICATION_CREDENTIALS")
        .map(PathBuf::from)
        .or_else(|| gcloud_file().filter(|f| f.is_file()));
    if let Some(file) = adc_file {
        let origin = file.display().to_string();
        let json = std::fs::read_to_string(&file).map_err(|e| RemoteError::BadCredentials {
            service: SERVICE.into(),
            origin: origin.clone(),
            detail: e.to_string(),
        })?;
        return token_from_json(http, &origin, &Zeroizing::new(json));
    }
    if let Some(host) = metadata_host() {
        return metadata_token(http, &host);
    }
    Err(RemoteError::NoCredentials {
        service: SERVICE.into(),
        looked: "GOOGLE_CREDENTIALS, GOOGLE_OAUTH_ACCESS_TOKEN, GOOGLE_APPLICATION_CREDENTIALS, \
                 gcloud's application_default_credentials.json, the GCE metadata server"
            .into(),
        fix: "run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS \
              to a service-account key file"
            .into(),
    })
}

/// gcloud's Application Default Credentials file.
fn gcloud_file() -> Option<PathBuf> {
    let dir = env("CLOUDSDK_CONFIG")
        .map(PathBuf::from)
        .or_else(|| dirs::home_dir().map(|h| h.join(".config").join("gcloud")))?;
    Some(dir.join("application_default_credentials.json"))
}

/// A token from a credentials file's JSON: a service account's key, or a user's refresh
/// token.
fn token_from_json(http: &Http, origin: &str, json: &str) -> Result<Token, RemoteError> {
    let bad = |detail: String| RemoteError::BadCredentials {
        service: SERVICE.into(),
        origin: origin.to_string(),
        detail,
    };
    let credentials: Value =
        serde_json::from_str(json).map_err(|e| bad(format!("not JSON ({e})")))?;
    let field = |name: &str| {
        credentials[name]
            .as_str()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| bad(format!("no `{name}`")))
    };
    let token_uri = credentials["token_uri"]
        .as_str()
        .filter(|u| !u.is_empty())
        .unwrap_or(DEFAULT_TOKEN_URI);
    match credentials["type"].as_str() {
        Some("service_account") => {
            let assertion = signed_jwt(
                field("client_email")?,
                credentials["private_key_id"].as_str(),
                field("private_key")?,
                token_uri,
            )
            .map_err(bad)?;
            let answer = http.post_form(
                token_uri,
                &[
                    ("grant_type", JWT_BEARER),
                    ("assertion", assertion.as_str()),
                ],
            )?;
            access_token(&answer, token_uri, origin, None)
        }
        Some("authorized_user") => {
            let answer = http.post_form(
                token_uri,
                &[
                    ("grant_type", "refresh_token"),
                    ("client_id", field("client_id")?),
                    ("client_secret", field("client_secret")?),
                    ("refresh_token", field("refresh_token")?),
                ],
            )?;
            let project = credentials["quota_project_id"].as_str().map(str::to_string);
            access_token(&answer, token_uri, origin, project)
        }
        Some(other) => Err(bad(format!(
            "credentials of type `{other}` are not supported by secret; use a service-account key, \
             `gcloud auth application-default login`, or GOOGLE_OAUTH_ACCESS_TOKEN=$(gcloud auth \
             print-access-token)"
        ))),
        None => Err(bad("no `type`".into())),
    }
}

/// The `access_token` of a token endpoint's answer.
fn access_token(
    answer: &Answer,
    url: &str,
    origin: &str,
    quota_project: Option<String>,
) -> Result<Token, RemoteError> {
    if !answer.is_success() {
        return Err(RemoteError::BadCredentials {
            service: SERVICE.into(),
            origin: origin.to_string(),
            detail: format!(
                "{} refused them ({}): {}",
                http::without_query(url),
                answer.status,
                http::service_message(answer)
            ),
        });
    }
    let access = answer.json["access_token"]
        .as_str()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| RemoteError::BadAnswer {
            url: http::without_query(url),
            detail: "no access_token".into(),
        })?;
    Ok(Token {
        access: Zeroizing::new(access.to_string()),
        quota_project,
    })
}

/// An RS256 JWT asserting the service account, for the token endpoint (RFC 7523).
fn signed_jwt(
    email: &str,
    key_id: Option<&str>,
    private_key_pem: &str,
    audience: &str,
) -> Result<Zeroizing<String>, String> {
    let mut header = json!({ "alg": "RS256", "typ": "JWT" });
    if let Some(kid) = key_id.filter(|k| !k.is_empty()) {
        header["kid"] = kid.into();
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let claims = json!({
        "iss": email,
        "scope": SCOPES,
        "aud": audience,
        "iat": now,
        "exp": now + 3600,
    });
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let der = pem_body(private_key_pem, "PRIVATE KEY")
        .ok_or("`private_key` is not a PEM private key (-----BEGIN PRIVATE KEY-----)")?;
    let key = ring::signature::RsaKeyPair::from_pkcs8(&der)
        .map_err(|e| format!("`private_key` is not an RSA key in PKCS#8 ({e})"))?;
    let mut signature = vec![0; key.public().modulus_len()];
    key.sign(
        &ring::signature::RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        signing_input.as_bytes(),
        &mut signature,
    )
    .map_err(|_| "cannot sign with `private_key`".to_string())?;
    Ok(Zeroizing::new(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature)
    )))
}

/// The DER inside `-----BEGIN {label}-----` … `-----END {label}-----`.
fn pem_body(pem: &str, label: &str) -> Option<Zeroizing<Vec<u8>>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem.find(&begin)? + begin.len();
    let stop = start + pem[start..].find(&end)?;
    let base64: Zeroizing<String> = Zeroizing::new(
        pem[start..stop]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
    );
    BASE64.decode(base64.as_bytes()).ok().map(Zeroizing::new)
}

/// The metadata server's host: `GCE_METADATA_HOST`, or the standard one on Google's own
/// machines (told by their DMI product name, as Google's clients tell it, without probing
/// the network elsewhere).
fn metadata_host() -> Option<String> {
    if let Some(host) = env("GCE_METADATA_HOST") {
        return Some(host);
    }
    let product = std::fs::read_to_string("/sys/class/dmi/id/product_name").ok()?;
    product
        .contains("Google")
        .then(|| "169.254.169.254".to_string())
}

/// The default service account's token from the metadata server.
fn metadata_token(http: &Http, host: &str) -> Result<Token, RemoteError> {
    let url = format!(
        "http://{host}/computeMetadata/v1/instance/service-accounts/default/token?scopes={}",
        SCOPES.replace(' ', ",")
    );
    let answer = http.get(&url, &[("Metadata-Flavor", "Google")])?;
    access_token(&answer, &url, "the GCE metadata server", None)
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_bodies_are_found_between_their_lines() {
        let pem = "-----BEGIN PRIVATE KEY-----\nAAEC\nAw==\n-----END PRIVATE KEY-----\n";
        assert_eq!(
            pem_body(pem, "PRIVATE KEY").unwrap().as_slice(),
            [0, 1, 2, 3]
        );
        assert!(pem_body(pem, "RSA PRIVATE KEY").is_none());
    }
}
