//! The client side of the remote protocol: `secret` carries no HTTP or TLS code and hands
//! each call to a Vault, GCP KMS or Azure Key Vault key to `secret-remote serve`, started
//! on the first call and kept for the rest of the command. The companion is the one next
//! to the running executable, or the one named by `SECRET_REMOTE_COMPANION`; never one
//! found on `PATH`.

use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::protocol::{Answer, Failure, PROTOCOL, Request};
use super::{AzureKey, GcpKmsKey, RemoteError, Services, VaultKey};
use crate::companion::{Client, CompanionError, Remote, Spec};
use crate::secret::Secret;

/// The companion's file name.
pub const COMPANION: &str = "secret-remote";

/// The environment variable naming the companion explicitly.
pub const COMPANION_VARIABLE: &str = "SECRET_REMOTE_COMPANION";

/// `secret-remote` as the generic client knows it.
pub static SPEC: Spec = Spec {
    binary: COMPANION,
    variable: COMPANION_VARIABLE,
    protocol: PROTOCOL,
    serves: "Vault, GCP KMS and Azure Key Vault support",
};

/// Where the companion must be: `SECRET_REMOTE_COMPANION`, else next to this executable.
pub fn companion_path() -> Result<PathBuf, CompanionError> {
    SPEC.path()
}

/// `secret-remote`, started on first use.
pub struct Companion {
    client: Client<Request, Answer, Failure>,
}

impl Default for Companion {
    fn default() -> Companion {
        Companion {
            client: Client::new(&SPEC),
        }
    }
}

impl Companion {
    pub fn new() -> Companion {
        Companion::default()
    }

    fn call(&self, request: &Request) -> Result<Answer, RemoteError> {
        self.client
            .call(request, None)
            .map_err(|remote| match remote {
                Remote::Failure(Failure::Remote(error)) => error,
                Remote::Failure(Failure::Protocol(reason)) => self.client.refused(reason).into(),
                Remote::Companion(error) => error.into(),
            })
    }

    fn garbled(&self) -> RemoteError {
        self.client.garbled().into()
    }

    fn decoded(&self, base64: &str) -> Result<Zeroizing<Vec<u8>>, RemoteError> {
        BASE64
            .decode(base64)
            .map(Zeroizing::new)
            .map_err(|_| self.garbled())
    }

    /// The plaintext of a request answered with a base64 secret.
    fn plaintext(&self, request: &Request) -> Result<Zeroizing<Vec<u8>>, RemoteError> {
        match self.call(request)? {
            Answer::Secret(secret) => self.decoded(&secret),
            _ => Err(self.garbled()),
        }
    }
}

fn secret_base64(bytes: &[u8]) -> Secret<String> {
    Secret::new(BASE64.encode(bytes))
}

impl Services for Companion {
    fn vault_encrypt(&self, key: &VaultKey, plaintext: &[u8]) -> Result<String, RemoteError> {
        let request = Request::VaultTransitEncrypt {
            key: key.clone(),
            data: secret_base64(plaintext),
        };
        match self.call(&request)? {
            Answer::Ciphertext(ciphertext) => Ok(ciphertext),
            _ => Err(self.garbled()),
        }
    }

    fn vault_decrypt(
        &self,
        key: &VaultKey,
        ciphertext: &str,
    ) -> Result<Zeroizing<Vec<u8>>, RemoteError> {
        self.plaintext(&Request::VaultTransitDecrypt {
            key: key.clone(),
            ciphertext: ciphertext.to_string(),
        })
    }

    fn gcp_encrypt(&self, key: &GcpKmsKey, plaintext: &[u8]) -> Result<Vec<u8>, RemoteError> {
        let request = Request::GcpKmsEncrypt {
            key: key.clone(),
            data: secret_base64(plaintext),
        };
        match self.call(&request)? {
            Answer::Blob(blob) => BASE64.decode(blob).map_err(|_| self.garbled()),
            _ => Err(self.garbled()),
        }
    }

    fn gcp_decrypt(
        &self,
        key: &GcpKmsKey,
        ciphertext: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, RemoteError> {
        self.plaintext(&Request::GcpKmsDecrypt {
            key: key.clone(),
            data: BASE64.encode(ciphertext),
        })
    }

    fn azure_encrypt(
        &self,
        key: &AzureKey,
        plaintext: &[u8],
    ) -> Result<(String, Vec<u8>), RemoteError> {
        let request = Request::AzureKeyVaultEncrypt {
            key: key.clone(),
            data: secret_base64(plaintext),
        };
        match self.call(&request)? {
            Answer::Wrapped { version, blob } => {
                let blob = BASE64.decode(blob).map_err(|_| self.garbled())?;
                Ok((version, blob))
            }
            _ => Err(self.garbled()),
        }
    }

    fn azure_decrypt(
        &self,
        key: &AzureKey,
        ciphertext: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, RemoteError> {
        self.plaintext(&Request::AzureKeyVaultDecrypt {
            key: key.clone(),
            data: BASE64.encode(ciphertext),
        })
    }

    fn vault_kv_write(
        &self,
        url: &str,
        kv_version: u32,
        data: &Map<String, Value>,
    ) -> Result<bool, RemoteError> {
        let request = Request::VaultKvWrite {
            url: url.to_string(),
            kv_version,
            data: Secret::new(Value::Object(data.clone()).to_string()),
        };
        match self.call(&request)? {
            Answer::Written(written) => Ok(written),
            _ => Err(self.garbled()),
        }
    }
}
