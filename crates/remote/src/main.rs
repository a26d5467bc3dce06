//! `secret-remote`: HTTP and TLS for the remote key services behind `secret`. Started as
//! `secret-remote serve` by `secret`, it answers the requests of the remote protocol
//! (secret_core::remote::protocol) on its standard input, one JSON line each, until the
//! input closes: Vault / OpenBao transit, GCP Cloud KMS, Azure Key Vault, and the Vault KV
//! writes of `publish`. It has no command line of its own: `secret` runs every command.

mod azure;
mod gcp;
mod http;
mod vault;

use secret_core::companion::{self, Reply, SERVE};
use secret_core::remote::RemoteError;
use secret_core::remote::protocol::{Answer, Failure, PROTOCOL, Request};
use serde_json::Value;

#[global_allocator]
static ALLOCATOR: secret_alloc::Allocator = secret_alloc::Allocator;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn main() {
    let mut args = std::env::args().skip(1);
    match (args.next().as_deref(), args.next()) {
        (Some(SERVE), None) => {
            let mut server = Server::default();
            let code = companion::serve(
                PROTOCOL,
                VERSION,
                |request| server.answer(request),
                Failure::Protocol,
            );
            std::process::exit(code)
        }
        (Some("--version" | "-V"), None) => {
            println!("secret-remote {VERSION} (protocol {PROTOCOL})")
        }
        _ => {
            eprintln!(
                "secret-remote {VERSION}: the Vault, GCP KMS and Azure Key Vault companion of \
                 secret, started by it; run `secret` instead"
            );
            std::process::exit(2);
        }
    }
}

/// The clients of a session, each made when first needed (and its token found once).
#[derive(Default)]
struct Server {
    vault: Option<vault::Vault>,
    gcp: Option<gcp::Gcp>,
    azure: Option<azure::Azure>,
}

impl Server {
    fn answer(&mut self, request: Request) -> Reply<Answer, Failure> {
        match self.outcome(request) {
            Ok(answer) => Reply::Done(answer),
            Err(error) => Reply::Failed(Failure::Remote(error)),
        }
    }

    fn outcome(&mut self, request: Request) -> Result<Answer, RemoteError> {
        Ok(match request {
            Request::VaultTransitEncrypt { key, data } => {
                Answer::Ciphertext(self.vault()?.encrypt(&key, &data)?)
            }
            Request::VaultTransitDecrypt { key, ciphertext } => {
                Answer::Secret(self.vault()?.decrypt(&key, &ciphertext)?)
            }
            Request::GcpKmsEncrypt { key, data } => Answer::Blob(self.gcp()?.encrypt(&key, &data)?),
            Request::GcpKmsDecrypt { key, data } => {
                Answer::Secret(self.gcp()?.decrypt(&key, &data)?)
            }
            Request::AzureKeyVaultEncrypt { key, data } => {
                let (version, blob) = self.azure()?.encrypt(&key, &data)?;
                Answer::Wrapped { version, blob }
            }
            Request::AzureKeyVaultDecrypt { key, data } => {
                Answer::Secret(self.azure()?.decrypt(&key, &data)?)
            }
            Request::VaultKvWrite {
                url,
                kv_version,
                data,
            } => {
                let data: Value =
                    serde_json::from_str(&data).map_err(|e| RemoteError::BadAnswer {
                        url: "secret".into(),
                        detail: format!("the values to publish are not JSON: {e}"),
                    })?;
                let Value::Object(data) = data else {
                    return Err(RemoteError::BadAnswer {
                        url: "secret".into(),
                        detail: "the values to publish are not a JSON object".into(),
                    });
                };
                Answer::Written(self.vault()?.kv_write(&url, kv_version, &data)?)
            }
        })
    }

    fn vault(&mut self) -> Result<&vault::Vault, RemoteError> {
        if self.vault.is_none() {
            self.vault = Some(vault::Vault::new()?);
        }
        Ok(self.vault.as_ref().expect("made above"))
    }

    fn gcp(&mut self) -> Result<&mut gcp::Gcp, RemoteError> {
        if self.gcp.is_none() {
            self.gcp = Some(gcp::Gcp::new()?);
        }
        Ok(self.gcp.as_mut().expect("made above"))
    }

    fn azure(&mut self) -> Result<&mut azure::Azure, RemoteError> {
        if self.azure.is_none() {
            self.azure = Some(azure::Azure::new()?);
        }
        Ok(self.azure.as_mut().expect("made above"))
    }
}
