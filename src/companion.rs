//! `secret` without the AWS SDK: AWS work goes to the companion binary `secret-aws`, found
//! next to this one or on PATH. Whole AWS commands re-run there with the same arguments;
//! a KMS wrap or unwrap inside a local command is one request to a `secret-aws __kms`
//! child, as JSON over its standard input and output, so secrets never appear in argv or
//! the environment.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::aws_access::AwsAccess;
use crate::cli::{Cli, CliError};
use crate::keys::kms::KmsKey;

/// The companion's file name.
pub const COMPANION: &str = "secret-aws";

/// The hidden first argument that makes the companion answer one KMS request.
pub const KMS_REQUEST: &str = "__kms";

/// Why the companion could not do the work.
#[derive(Debug, thiserror::Error)]
pub enum CompanionError {
    #[error("AWS support needs {COMPANION} installed next to secret (not found there or on PATH)")]
    Missing,
    #[error("cannot run {}: {source}", path.display())]
    Run {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} answered a KMS request with something unreadable", path.display())]
    Garbled { path: PathBuf },
}

/// One KMS operation for the companion: `data` is base64.
#[derive(Serialize, Deserialize)]
pub struct KmsRequest {
    pub op: KmsOp,
    pub key: KmsKey,
    pub data: String,
}

#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KmsOp {
    Encrypt,
    Decrypt,
}

/// The companion's answer: base64 data, or the error message.
pub type KmsResponse = Result<String, String>;

/// Delegates AWS work to `secret-aws`.
pub struct Companion;

impl AwsAccess for Companion {
    fn kms_encrypt(&self, key: &KmsKey, plaintext: &[u8]) -> Result<Vec<u8>, String> {
        kms_request(KmsOp::Encrypt, key, plaintext)
    }

    fn kms_decrypt(&self, key: &KmsKey, blob: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
        kms_request(KmsOp::Decrypt, key, blob).map(Zeroizing::new)
    }

    fn run_command(&self, _cli: &Cli) -> Result<i32, CliError> {
        Ok(rerun_in_companion()?)
    }
}

/// The companion next to this executable, else on PATH.
pub fn companion_path() -> Result<PathBuf, CompanionError> {
    let file_name = format!("{COMPANION}{}", std::env::consts::EXE_SUFFIX);
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join(&file_name)))
        .filter(|path| path.is_file())
        .or_else(|| which::which(COMPANION).ok())
        .ok_or(CompanionError::Missing)
}

/// Runs this command line in the companion instead; returns its exit code.
fn rerun_in_companion() -> Result<i32, CompanionError> {
    let path = companion_path()?;
    let mut command = Command::new(&path);
    command.args(std::env::args_os().skip(1));
    replace_with(&mut command).map_err(|source| CompanionError::Run { path, source })
}

/// Unix: becomes the companion, so its signals and exit code are the user's own.
#[cfg(unix)]
fn replace_with(command: &mut Command) -> std::io::Result<i32> {
    use std::os::unix::process::CommandExt;
    Err(command.exec())
}

#[cfg(not(unix))]
fn replace_with(command: &mut Command) -> std::io::Result<i32> {
    Ok(command.status()?.code().unwrap_or(1))
}

fn kms_request(op: KmsOp, key: &KmsKey, data: &[u8]) -> Result<Vec<u8>, String> {
    let request = KmsRequest {
        op,
        key: key.clone(),
        data: BASE64.encode(data),
    };
    let request = Zeroizing::new(serde_json::to_vec(&request).expect("serialisable"));
    let answer = ask_companion(&request).map_err(|e| e.to_string())?;
    BASE64
        .decode(answer?)
        .map_err(|_| "the KMS answer of secret-aws is not base64".into())
}

/// Sends one request to a `secret-aws __kms` child and reads its answer.
fn ask_companion(request: &[u8]) -> Result<KmsResponse, CompanionError> {
    let path = companion_path()?;
    let run_error = |source| CompanionError::Run {
        path: path.clone(),
        source,
    };
    let mut child = Command::new(&path)
        .arg(KMS_REQUEST)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(run_error)?;
    let mut stdin = child.stdin.take().expect("piped");
    stdin.write_all(request).map_err(run_error)?;
    drop(stdin);
    let output = Zeroizing::new(child.wait_with_output().map_err(run_error)?.stdout);
    serde_json::from_slice(&output).map_err(|_| CompanionError::Garbled { path })
}
