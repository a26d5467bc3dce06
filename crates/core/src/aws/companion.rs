//! The client side of the AWS companion protocol: `secret` carries no AWS SDK and hands
//! each AWS call to `secret-aws serve`, started on the first call and kept for the rest of
//! the command (the generic client is [`crate::companion`]). The companion is the one next
//! to the running executable, or the one named by `SECRET_AWS_COMPANION`; never one found
//! on `PATH`, which could be anyone's.

use std::path::PathBuf;

use crate::companion::{Client, Remote, Spec};
use crate::secret::Secret;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use zeroize::Zeroizing;

pub use crate::companion::CompanionError;

use super::protocol::{Answer, Failure, PROTOCOL, Request};
use super::{
    Kms, KmsError, KmsKey, Namespace, Parameter, ParameterStore, Progress, Put, SsmError, Version,
};

/// The companion's file name.
pub const COMPANION: &str = "secret-aws";

/// The environment variable naming the companion explicitly.
pub const COMPANION_VARIABLE: &str = "SECRET_AWS_COMPANION";

/// `secret-aws` as the generic client knows it.
pub static SPEC: Spec = Spec {
    binary: COMPANION,
    variable: COMPANION_VARIABLE,
    protocol: PROTOCOL,
    serves: "AWS support",
};

/// Where the companion must be: `SECRET_AWS_COMPANION`, else next to this executable.
pub fn companion_path() -> Result<PathBuf, CompanionError> {
    SPEC.path()
}

/// `secret-aws`, started on first use.
pub struct Companion {
    client: Client<Request, Answer, Failure>,
    /// The region of the Parameter Store session, once connected.
    region: String,
}

impl Default for Companion {
    fn default() -> Companion {
        Companion {
            client: Client::new(&SPEC),
            region: String::new(),
        }
    }
}

impl Companion {
    pub fn new() -> Companion {
        Companion::default()
    }

    /// Parameter Store through the companion, for `profile` (empty: the environment's).
    pub fn parameter_store(profile: &str) -> Result<Companion, SsmError> {
        let mut companion = Companion::new();
        let request = Request::SsmConnect {
            profile: profile.to_string(),
        };
        match companion.call(&request, None)? {
            Answer::Region(region) => companion.region = region,
            _ => return Err(companion.garbled().into()),
        }
        Ok(companion)
    }

    /// Sends one request and waits for its answer, passing progress on.
    fn call(&self, request: &Request, progress: Option<Progress>) -> Result<Answer, Aws<'_>> {
        self.client.call(request, progress).map_err(|remote| Aws {
            remote,
            client: &self.client,
        })
    }

    fn garbled(&self) -> CompanionError {
        self.client.garbled()
    }
}

/// A failed call: the service's own error, or the companion's.
struct Aws<'a> {
    remote: Remote<Failure>,
    client: &'a Client<Request, Answer, Failure>,
}

impl From<Aws<'_>> for KmsError {
    fn from(failed: Aws) -> KmsError {
        match failed.remote {
            Remote::Failure(Failure::Kms(error)) => error,
            Remote::Failure(other) => refused(failed.client, other).into(),
            Remote::Companion(error) => error.into(),
        }
    }
}

impl From<Aws<'_>> for SsmError {
    fn from(failed: Aws) -> SsmError {
        match failed.remote {
            Remote::Failure(Failure::Ssm(error)) => error,
            Remote::Failure(other) => refused(failed.client, other).into(),
            Remote::Companion(error) => error.into(),
        }
    }
}

/// A failure of a kind the request cannot have: the companion misbehaved.
pub(crate) fn refused(
    client: &Client<Request, Answer, Failure>,
    failure: Failure,
) -> CompanionError {
    let reason = match failure {
        Failure::Protocol(reason) => reason,
        other => format!("{other:?}"),
    };
    client.refused(reason)
}

impl Kms for Companion {
    fn encrypt(&self, key: &KmsKey, plaintext: &[u8]) -> Result<Vec<u8>, KmsError> {
        let request = Request::KmsEncrypt {
            key: key.clone(),
            data: Secret::new(BASE64.encode(plaintext)),
        };
        match self.call(&request, None)? {
            Answer::Blob(blob) => BASE64.decode(blob).map_err(|_| self.garbled().into()),
            _ => Err(self.garbled().into()),
        }
    }

    fn decrypt(&self, key: &KmsKey, blob: &[u8]) -> Result<Zeroizing<Vec<u8>>, KmsError> {
        let request = Request::KmsDecrypt {
            key: key.clone(),
            data: BASE64.encode(blob),
        };
        match self.call(&request, None)? {
            Answer::Secret(secret) => BASE64
                .decode(secret.as_bytes())
                .map(Zeroizing::new)
                .map_err(|_| self.garbled().into()),
            _ => Err(self.garbled().into()),
        }
    }
}

impl ParameterStore for Companion {
    fn region(&self) -> &str {
        &self.region
    }

    fn list(&self, namespace: &Namespace, recursive: bool) -> Result<Vec<Parameter>, SsmError> {
        let request = Request::SsmList {
            namespace: namespace.as_str().into(),
            recursive,
        };
        match self.call(&request, None)? {
            Answer::Parameters(parameters) => Ok(parameters),
            _ => Err(self.garbled().into()),
        }
    }

    fn get(&self, name: &str) -> Result<Option<Parameter>, SsmError> {
        let request = Request::SsmGet { name: name.into() };
        match self.call(&request, None)? {
            Answer::Parameter(parameter) => Ok(parameter),
            _ => Err(self.garbled().into()),
        }
    }

    fn put_all(
        &self,
        puts: Vec<Put>,
        kms_key: Option<String>,
        progress: Progress,
    ) -> Result<(), SsmError> {
        let request = Request::SsmPutAll { puts, kms_key };
        self.expect_nothing(&request, Some(progress))
    }

    fn delete_all(&self, names: Vec<String>, progress: Progress) -> Result<(), SsmError> {
        self.expect_nothing(&Request::SsmDeleteAll { names }, Some(progress))
    }

    fn delete(&self, name: &str) -> Result<(), SsmError> {
        self.expect_nothing(&Request::SsmDelete { name: name.into() }, None)
    }

    fn history(&self, name: &str) -> Result<Vec<Version>, SsmError> {
        match self.call(&Request::SsmHistory { name: name.into() }, None)? {
            Answer::History(versions) => Ok(versions),
            _ => Err(self.garbled().into()),
        }
    }
}

impl Companion {
    fn expect_nothing(
        &self,
        request: &Request,
        progress: Option<Progress>,
    ) -> Result<(), SsmError> {
        match self.call(request, progress)? {
            Answer::Nothing => Ok(()),
            _ => Err(self.garbled().into()),
        }
    }
}
