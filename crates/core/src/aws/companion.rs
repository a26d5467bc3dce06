//! The client side of the companion protocol: `secret` carries no AWS SDK and hands each
//! AWS call to `secret-aws serve`, started on the first call and kept for the rest of the
//! command. The companion is the one next to the running executable, or the one named
//! by `SECRET_AWS_COMPANION`; never one found on `PATH`, which could be anyone's.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use crate::secret::Secret;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::protocol::{Answer, Failure, PROTOCOL, Reply, Request, SERVE};
use super::{
    Kms, KmsError, KmsKey, Namespace, Parameter, ParameterStore, Progress, Put, SsmError, Version,
};

/// The companion's file name.
pub const COMPANION: &str = "secret-aws";

/// The environment variable naming the companion explicitly.
pub const COMPANION_VARIABLE: &str = "SECRET_AWS_COMPANION";

/// This build's version, which the handshake reports both ways.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Why the companion could not do the work.
#[derive(Debug, thiserror::Error, Serialize, Deserialize)]
pub enum CompanionError {
    #[error(
        "AWS support needs {COMPANION} next to secret ({}), or {COMPANION_VARIABLE} naming it",
        expected.display()
    )]
    Missing { expected: PathBuf },
    #[error("cannot run {}: {reason}", path.display())]
    Run { path: PathBuf, reason: String },
    #[error(
        "{} speaks companion protocol {theirs} (secret-aws {their_version}), but this secret \
         ({VERSION}) speaks protocol {PROTOCOL}: install secret and secret-aws from the same release",
        path.display()
    )]
    Version {
        path: PathBuf,
        theirs: u32,
        their_version: String,
    },
    #[error(
        "{} did not answer the companion handshake: it is not a secret-aws of this release",
        path.display()
    )]
    NoHandshake { path: PathBuf },
    #[error("{} stopped answering: {reason}", path.display())]
    Broken { path: PathBuf, reason: String },
    #[error("{} answered with something unreadable", path.display())]
    Garbled { path: PathBuf },
    #[error("{} refused a request: {reason}", path.display())]
    Refused { path: PathBuf, reason: String },
}

/// `secret-aws`, started on first use.
#[derive(Default)]
pub struct Companion {
    session: Mutex<Option<Session>>,
    /// The region of the Parameter Store session, once connected.
    region: String,
}

/// A running companion that has answered the handshake.
struct Session {
    path: PathBuf,
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Drop for Session {
    fn drop(&mut self) {
        // Closing its input ends the companion; wait, so that no zombie is left.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where the companion must be: `SECRET_AWS_COMPANION`, else next to this executable.
pub fn companion_path() -> Result<PathBuf, CompanionError> {
    if let Some(path) = std::env::var_os(COMPANION_VARIABLE).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let file_name = format!("{COMPANION}{}", std::env::consts::EXE_SUFFIX);
    let expected = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join(&file_name)))
        .unwrap_or_else(|| PathBuf::from(&file_name));
    if expected.is_file() {
        Ok(expected)
    } else {
        Err(CompanionError::Missing { expected })
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
    pub(crate) fn call(
        &self,
        request: &Request,
        progress: Option<Progress>,
    ) -> Result<Answer, Remote> {
        let mut guard = self.session.lock().unwrap_or_else(|e| e.into_inner());
        if guard.is_none() {
            *guard = Some(Session::start()?);
        }
        let session = guard.as_mut().expect("started above");
        let outcome = session.exchange(request, progress);
        if outcome.is_err() {
            // A broken session is not reused.
            *guard = None;
        }
        outcome
    }

    pub(crate) fn garbled(&self) -> CompanionError {
        let guard = self.session.lock().unwrap_or_else(|e| e.into_inner());
        CompanionError::Garbled {
            path: guard.as_ref().map(|s| s.path.clone()).unwrap_or_default(),
        }
    }
}

/// A failed call: the service's own error, or the companion's.
pub(crate) enum Remote {
    Failure(Failure),
    Companion(CompanionError),
}

impl From<CompanionError> for Remote {
    fn from(error: CompanionError) -> Remote {
        Remote::Companion(error)
    }
}

impl From<Remote> for KmsError {
    fn from(remote: Remote) -> KmsError {
        match remote {
            Remote::Failure(Failure::Kms(error)) => error,
            Remote::Failure(other) => refused(other).into(),
            Remote::Companion(error) => error.into(),
        }
    }
}

impl From<Remote> for SsmError {
    fn from(remote: Remote) -> SsmError {
        match remote {
            Remote::Failure(Failure::Ssm(error)) => error,
            Remote::Failure(other) => refused(other).into(),
            Remote::Companion(error) => error.into(),
        }
    }
}

/// A failure of a kind the request cannot have: the companion misbehaved.
pub(crate) fn refused(failure: Failure) -> CompanionError {
    let path = companion_path().unwrap_or_default();
    let reason = match failure {
        Failure::Protocol(reason) => reason,
        other => format!("{other:?}"),
    };
    CompanionError::Refused { path, reason }
}

impl Session {
    fn start() -> Result<Session, CompanionError> {
        let path = companion_path()?;
        let mut child = Command::new(&path)
            .arg(SERVE)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| CompanionError::Run {
                path: path.clone(),
                reason: e.to_string(),
            })?;
        let input = child.stdin.take().expect("piped");
        let output = BufReader::new(child.stdout.take().expect("piped"));
        let mut session = Session {
            path,
            child,
            input,
            output,
        };
        session.handshake()?;
        Ok(session)
    }

    fn handshake(&mut self) -> Result<(), CompanionError> {
        let hello = Request::Hello {
            protocol: PROTOCOL,
            version: VERSION.into(),
        };
        let no_handshake = |path: &PathBuf| CompanionError::NoHandshake { path: path.clone() };
        self.send(&hello).map_err(|_| no_handshake(&self.path))?;
        match self.receive() {
            Ok(Reply::Hello { protocol, .. }) if protocol == PROTOCOL => Ok(()),
            Ok(Reply::Hello { protocol, version }) => Err(CompanionError::Version {
                path: self.path.clone(),
                theirs: protocol,
                their_version: version,
            }),
            _ => Err(no_handshake(&self.path)),
        }
    }

    fn exchange(
        &mut self,
        request: &Request,
        progress: Option<Progress>,
    ) -> Result<Answer, Remote> {
        self.send(request)?;
        loop {
            match self.receive()? {
                Reply::Progress(count) => {
                    if let Some(progress) = progress {
                        progress(count);
                    }
                }
                Reply::Done(answer) => return Ok(answer),
                Reply::Failed(failure) => return Err(Remote::Failure(failure)),
                Reply::Hello { .. } => {
                    return Err(CompanionError::Garbled {
                        path: self.path.clone(),
                    }
                    .into());
                }
            }
        }
    }

    fn send(&mut self, request: &Request) -> Result<(), CompanionError> {
        let mut line = Zeroizing::new(serde_json::to_vec(request).expect("serialisable"));
        line.push(b'\n');
        self.input
            .write_all(&line)
            .and_then(|()| self.input.flush())
            .map_err(|e| self.broken(e.to_string()))
    }

    fn receive(&mut self) -> Result<Reply, CompanionError> {
        let mut line = Zeroizing::new(String::new());
        match self.output.read_line(&mut line) {
            Ok(0) => Err(self.broken("it exited".into())),
            Ok(_) => serde_json::from_str(&line).map_err(|_| CompanionError::Garbled {
                path: self.path.clone(),
            }),
            Err(e) => Err(self.broken(e.to_string())),
        }
    }

    fn broken(&self, reason: String) -> CompanionError {
        CompanionError::Broken {
            path: self.path.clone(),
            reason,
        }
    }
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
