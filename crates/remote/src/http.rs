//! HTTP for the key services: one blocking client with a connect timeout and a total
//! timeout per request (`SECRET_REMOTE_TIMEOUT`, seconds; default 30), JSON and form
//! bodies, and errors that name the URL. TLS is rustls with Mozilla's roots, plus the CA
//! file a service names (`VAULT_CACERT`).

use std::time::Duration;

use secret_core::remote::RemoteError;
use serde_json::Value;
use ureq::tls::{Certificate, RootCerts, TlsConfig};

/// The longest a request may take unless `SECRET_REMOTE_TIMEOUT` says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest a connection may take to open (at most the total timeout).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The most of an answer read: key services answer in kilobytes.
const MAX_BODY: u64 = 1 << 20;

/// An answer: its status and its body, parsed as JSON when it is JSON (else `Null`).
pub struct Answer {
    pub status: u16,
    pub json: Value,
    /// The body as text, for errors that are not JSON.
    pub text: String,
}

impl Answer {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// TLS settings beyond the defaults.
#[derive(Default)]
pub struct Tls {
    /// PEM file of extra CA certificates to trust.
    pub ca_file: Option<String>,
    /// Skip verifying the server's certificate (VAULT_SKIP_VERIFY).
    pub insecure: bool,
}

pub struct Http {
    agent: ureq::Agent,
    timeout: Duration,
}

impl Http {
    pub fn new(tls: &Tls) -> Result<Http, RemoteError> {
        let timeout = std::env::var("SECRET_REMOTE_TIMEOUT")
            .ok()
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| *s > 0.0 && s.is_finite())
            .map_or(DEFAULT_TIMEOUT, Duration::from_secs_f64);
        let mut tls_config = TlsConfig::builder().disable_verification(tls.insecure);
        if let Some(file) = &tls.ca_file {
            tls_config = tls_config.root_certs(RootCerts::new_with_certs(&read_certs(file)?));
        }
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .timeout_connect(Some(CONNECT_TIMEOUT.min(timeout)))
            .http_status_as_error(false)
            .user_agent(concat!("secret-remote/", env!("CARGO_PKG_VERSION")))
            .tls_config(tls_config.build())
            .build()
            .into();
        Ok(Http { agent, timeout })
    }

    /// `POST url` with a JSON body.
    pub fn post_json(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &Value,
    ) -> Result<Answer, RemoteError> {
        let mut request = self
            .agent
            .post(url)
            .header("Content-Type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let text = zeroize::Zeroizing::new(body.to_string());
        self.answer(url, request.send(text.as_str()))
    }

    /// `POST url` with a form body (OAuth 2.0 token requests).
    pub fn post_form(&self, url: &str, form: &[(&str, &str)]) -> Result<Answer, RemoteError> {
        let request = self.agent.post(url).header("Accept", "application/json");
        self.answer(url, request.send_form(form.iter().copied()))
    }

    /// `GET url`.
    pub fn get(&self, url: &str, headers: &[(&str, &str)]) -> Result<Answer, RemoteError> {
        let mut request = self.agent.get(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.answer(url, request.call())
    }

    fn answer(
        &self,
        url: &str,
        response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Answer, RemoteError> {
        let unreachable = |error: ureq::Error| RemoteError::Unreachable {
            url: without_query(url),
            detail: self.describe(error),
        };
        let mut response = response.map_err(unreachable)?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(unreachable)?;
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Answer { status, json, text })
    }

    fn describe(&self, error: ureq::Error) -> String {
        match error {
            ureq::Error::Timeout(_) => format!(
                "no answer within {} s (SECRET_REMOTE_TIMEOUT sets the limit)",
                self.timeout.as_secs_f64()
            ),
            ureq::Error::Io(io) => io.to_string(),
            other => other.to_string(),
        }
    }
}

/// The certificates of a PEM file.
fn read_certs(file: &str) -> Result<Vec<Certificate<'static>>, RemoteError> {
    let bad = |detail: String| RemoteError::BadCredentials {
        service: "TLS".into(),
        origin: file.to_string(),
        detail,
    };
    let pem = std::fs::read(file).map_err(|e| bad(e.to_string()))?;
    let certs: Vec<Certificate<'static>> = ureq::tls::parse_pem(&pem)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(cert)) => Some(Ok(cert)),
            Ok(_) => None,
            Err(e) => Some(Err(bad(e.to_string()))),
        })
        .collect::<Result<_, _>>()?;
    if certs.is_empty() {
        return Err(bad("no PEM certificate in it".into()));
    }
    Ok(certs)
}

/// A URL without its query string (which may carry nothing secret here, but is noise).
pub fn without_query(url: &str) -> String {
    url.split('?').next().unwrap_or(url).to_string()
}

/// The service's own message in an error body: `{"errors": […]}` (Vault), `{"error":
/// {"message": …}}` (Google, Azure), `{"error_description": …}` (OAuth), else the text.
pub fn service_message(answer: &Answer) -> String {
    let json = &answer.json;
    if let Some(errors) = json["errors"].as_array() {
        let joined: Vec<&str> = errors.iter().filter_map(Value::as_str).collect();
        if !joined.is_empty() {
            return joined.join("; ");
        }
    }
    if let Some(description) = json["error_description"].as_str() {
        return description
            .lines()
            .next()
            .unwrap_or(description)
            .to_string();
    }
    if let Some(message) = json["error"]["message"].as_str() {
        return match json["error"]["status"]
            .as_str()
            .or(json["error"]["code"].as_str())
        {
            Some(code) => format!("{code}: {message}"),
            None => message.to_string(),
        };
    }
    if let Some(error) = json["error"].as_str() {
        return error.to_string();
    }
    let text = answer.text.trim();
    if text.is_empty() {
        "no reason given".into()
    } else {
        text.chars().take(300).collect()
    }
}
