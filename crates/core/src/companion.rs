//! The client side of secret's companion binaries: programs that carry what `secret` must
//! not load for every command (the AWS SDK in `secret-aws`; HTTP and TLS for Vault, GCP
//! KMS and Azure Key Vault in `secret-remote`). A companion is started on the first call
//! that needs it and kept for the rest of the command; it answers one JSON message per
//! line on its standard input and output. The first exchange is a handshake
//! (`{"op":"hello","protocol":N,"version":V}`, answered `{"hello":{…}}`), and a companion
//! speaking another protocol version is refused before anything else is sent.
//!
//! A companion is the one next to the running executable, or the one its environment
//! variable names; never one found on `PATH`, which could be anyone's. Secrets travel
//! only over these pipes, in zeroizing buffers, never in argv or the environment.

use std::io::{BufRead, BufReader, Write};
use std::marker::PhantomData;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// The companion's one argument: answer requests on standard input until it closes.
pub const SERVE: &str = "serve";

/// This build's version, which the handshake reports both ways.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Called with a count after each item of a long request (a progress bar).
pub type Progress<'a> = &'a dyn Fn(u64);

/// One companion: its file name, the variable that may name it instead, the protocol
/// version both sides must speak, and what it brings (for the message when it is missing).
#[derive(Debug)]
pub struct Spec {
    pub binary: &'static str,
    pub variable: &'static str,
    pub protocol: u32,
    /// e.g. "AWS support".
    pub serves: &'static str,
}

impl Spec {
    /// Where the companion must be: its variable, else next to this executable.
    pub fn path(&self) -> Result<PathBuf, CompanionError> {
        if let Some(path) = std::env::var_os(self.variable).filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(path));
        }
        let file_name = format!("{}{}", self.binary, std::env::consts::EXE_SUFFIX);
        let expected = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join(&file_name)))
            .unwrap_or_else(|| PathBuf::from(&file_name));
        if expected.is_file() {
            Ok(expected)
        } else {
            Err(CompanionError::Missing {
                binary: self.binary.into(),
                variable: self.variable.into(),
                serves: self.serves.into(),
                expected,
            })
        }
    }
}

/// Why a companion could not do the work.
#[derive(Debug, thiserror::Error, Serialize, Deserialize)]
pub enum CompanionError {
    #[error(
        "{serves} needs {binary} next to secret ({}), or {variable} naming it",
        expected.display()
    )]
    Missing {
        binary: String,
        variable: String,
        serves: String,
        expected: PathBuf,
    },
    #[error("cannot run {}: {reason}", path.display())]
    Run { path: PathBuf, reason: String },
    #[error(
        "{} speaks companion protocol {theirs} ({binary} {their_version}), but this secret \
         ({VERSION}) speaks protocol {ours}: install secret and {binary} from the same release",
        path.display()
    )]
    Version {
        path: PathBuf,
        binary: String,
        ours: u32,
        theirs: u32,
        their_version: String,
    },
    #[error(
        "{} did not answer the companion handshake: it is not a {binary} of this release",
        path.display()
    )]
    NoHandshake { path: PathBuf, binary: String },
    #[error("{} stopped answering: {reason}", path.display())]
    Broken { path: PathBuf, reason: String },
    #[error("{} answered with something unreadable", path.display())]
    Garbled { path: PathBuf },
    #[error("{} refused a request: {reason}", path.display())]
    Refused { path: PathBuf, reason: String },
}

/// What a companion answers: one final reply per request, after any progress.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply<A, F> {
    Hello { protocol: u32, version: String },
    Progress(u64),
    Done(A),
    Failed(F),
}

/// The handshake request, spelled as every companion protocol's `Request::Hello`.
#[derive(Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
enum Greeting<'a> {
    Hello { protocol: u32, version: &'a str },
}

/// A failed call: the service's own failure (`F`), or the companion's.
pub enum Remote<F> {
    Failure(F),
    Companion(CompanionError),
}

impl<F> From<CompanionError> for Remote<F> {
    fn from(error: CompanionError) -> Remote<F> {
        Remote::Companion(error)
    }
}

/// A companion of protocol `spec`, started on first use: requests `Q`, answers `A`,
/// failures `F`.
pub struct Client<Q, A, F> {
    spec: &'static Spec,
    session: Mutex<Option<Session>>,
    messages: PhantomData<Messages<Q, A, F>>,
}

/// The message types of a client (its requests go out, answers and failures come back).
type Messages<Q, A, F> = fn(&Q) -> Result<A, F>;

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

impl<Q: Serialize, A: DeserializeOwned, F: DeserializeOwned> Client<Q, A, F> {
    pub const fn new(spec: &'static Spec) -> Self {
        Client {
            spec,
            session: Mutex::new(None),
            messages: PhantomData,
        }
    }

    pub fn spec(&self) -> &'static Spec {
        self.spec
    }

    /// Sends one request and waits for its answer, passing progress on.
    pub fn call(&self, request: &Q, progress: Option<Progress>) -> Result<A, Remote<F>> {
        let mut guard = self.session.lock().unwrap_or_else(|e| e.into_inner());
        if guard.is_none() {
            *guard = Some(Session::start(self.spec)?);
        }
        let session = guard.as_mut().expect("started above");
        let outcome = session.exchange(request, progress);
        if matches!(outcome, Err(Remote::Companion(_))) {
            // A broken session is not reused.
            *guard = None;
        }
        outcome
    }

    /// The error for an answer of the wrong kind.
    pub fn garbled(&self) -> CompanionError {
        let guard = self.session.lock().unwrap_or_else(|e| e.into_inner());
        let path = guard
            .as_ref()
            .map(|s| s.path.clone())
            .or_else(|| self.spec.path().ok())
            .unwrap_or_default();
        CompanionError::Garbled { path }
    }

    /// The error for a failure the request cannot have (the companion misbehaved).
    pub fn refused(&self, reason: String) -> CompanionError {
        CompanionError::Refused {
            path: self.spec.path().unwrap_or_default(),
            reason,
        }
    }
}

impl Session {
    fn start(spec: &Spec) -> Result<Session, CompanionError> {
        let path = spec.path()?;
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
        session.handshake(spec)?;
        Ok(session)
    }

    fn handshake(&mut self, spec: &Spec) -> Result<(), CompanionError> {
        let hello = Greeting::Hello {
            protocol: spec.protocol,
            version: VERSION,
        };
        let no_handshake = |path: &PathBuf| CompanionError::NoHandshake {
            path: path.clone(),
            binary: spec.binary.into(),
        };
        self.send(&hello).map_err(|_| no_handshake(&self.path))?;
        match self.receive::<Reply<serde::de::IgnoredAny, serde::de::IgnoredAny>>() {
            Ok(Reply::Hello { protocol, .. }) if protocol == spec.protocol => Ok(()),
            Ok(Reply::Hello { protocol, version }) => Err(CompanionError::Version {
                path: self.path.clone(),
                binary: spec.binary.into(),
                ours: spec.protocol,
                theirs: protocol,
                their_version: version,
            }),
            _ => Err(no_handshake(&self.path)),
        }
    }

    fn exchange<A: DeserializeOwned, F: DeserializeOwned>(
        &mut self,
        request: &impl Serialize,
        progress: Option<Progress>,
    ) -> Result<A, Remote<F>> {
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

    fn send(&mut self, request: &impl Serialize) -> Result<(), CompanionError> {
        let mut line = Zeroizing::new(serde_json::to_vec(request).expect("serialisable"));
        line.push(b'\n');
        self.input
            .write_all(&line)
            .and_then(|()| self.input.flush())
            .map_err(|e| self.broken(e.to_string()))
    }

    fn receive<T: DeserializeOwned>(&mut self) -> Result<T, CompanionError> {
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

/// The server side's loop, shared by the companions: answers each request line with
/// `answer` until standard input closes; the exit code. `answer` may send progress
/// replies itself (with [`send`]) before returning the final one.
pub fn serve<Q: DeserializeOwned, A: Serialize, F: Serialize>(
    protocol: u32,
    version: &str,
    mut answer: impl FnMut(Q) -> Reply<A, F>,
    unreadable: impl Fn(String) -> F,
) -> i32 {
    let mut stdin = std::io::stdin().lock();
    let mut line = Zeroizing::new(String::new());
    loop {
        line.clear();
        match stdin.read_line(&mut line) {
            Ok(0) => return 0,
            Ok(_) => {}
            Err(_) => return 1,
        }
        let reply = if is_hello(&line) {
            Reply::Hello {
                protocol,
                version: version.into(),
            }
        } else {
            match serde_json::from_str::<Q>(&line) {
                Ok(request) => answer(request),
                Err(e) => Reply::Failed(unreadable(format!("unreadable request: {e}"))),
            }
        };
        if send(&reply).is_err() {
            return 1;
        }
    }
}

/// Whether a request line is the handshake, whatever the protocol version it names.
fn is_hello(line: &str) -> bool {
    #[derive(Deserialize)]
    struct Op<'a> {
        op: &'a str,
    }
    serde_json::from_str::<Op>(line).is_ok_and(|o| o.op == "hello")
}

/// Writes one reply line to standard output.
pub fn send<A: Serialize, F: Serialize>(reply: &Reply<A, F>) -> std::io::Result<()> {
    let mut line = Zeroizing::new(serde_json::to_vec(reply).expect("serialisable"));
    line.push(b'\n');
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&line)?;
    stdout.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_greeting_is_spelled_as_a_hello_request() {
        let hello = Greeting::Hello {
            protocol: 3,
            version: "1.2.3",
        };
        assert_eq!(
            serde_json::to_string(&hello).unwrap(),
            r#"{"op":"hello","protocol":3,"version":"1.2.3"}"#
        );
        assert!(is_hello(r#"{"op":"hello","protocol":99,"version":"x"}"#));
        assert!(!is_hello(r#"{"op":"kms_encrypt"}"#));
    }

    #[test]
    fn replies_keep_their_wire_shape() {
        let reply: Reply<u8, String> = Reply::Hello {
            protocol: 1,
            version: "0.1.0".into(),
        };
        assert_eq!(
            serde_json::to_string(&reply).unwrap(),
            r#"{"hello":{"protocol":1,"version":"0.1.0"}}"#
        );
        let done: Reply<u8, String> = serde_json::from_str(r#"{"done":7}"#).unwrap();
        assert!(matches!(done, Reply::Done(7)));
    }
}
