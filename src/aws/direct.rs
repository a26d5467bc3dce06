//! `secret-aws`: the same command line with AWS compiled in. It also answers the KMS
//! requests of `secret` (see [`crate::companion`]).

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use zeroize::Zeroizing;

use super::{kms, run};
use crate::aws_access::{self, AwsAccess};
use crate::cli::{self, Cli, CliError};
use crate::companion::{KMS_REQUEST, KmsOp, KmsRequest, KmsResponse};
use crate::keys::kms::KmsKey;

/// Calls AWS from this process.
pub struct Direct;

impl AwsAccess for Direct {
    fn kms_encrypt(&self, key: &KmsKey, plaintext: &[u8]) -> Result<Vec<u8>, String> {
        run(kms::encrypt(key, plaintext))
    }

    fn kms_decrypt(&self, key: &KmsKey, blob: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
        run(kms::decrypt(key, blob))
    }

    fn run_command(&self, cli: &Cli) -> Result<i32, CliError> {
        cli::run_aws_command(cli)
    }
}

/// The companion's `main`: answers one KMS request, or runs the command line.
pub fn main() -> i32 {
    if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == KMS_REQUEST)
    {
        return answer_kms_request();
    }
    aws_access::install(&Direct);
    cli::main()
}

/// Reads one [`KmsRequest`] from standard input and writes the [`KmsResponse`].
fn answer_kms_request() -> i32 {
    let mut request = Zeroizing::new(Vec::new());
    let response: KmsResponse = std::io::stdin()
        .read_to_end(&mut request)
        .map_err(|e| format!("cannot read the KMS request: {e}"))
        .and_then(|_| serde_json::from_slice(&request).map_err(|e| format!("bad KMS request: {e}")))
        .and_then(|request| perform(&request));
    let answer = Zeroizing::new(serde_json::to_vec(&response).expect("serialisable"));
    match std::io::stdout().write_all(&answer) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

fn perform(request: &KmsRequest) -> Result<String, String> {
    let data = Zeroizing::new(
        BASE64
            .decode(&request.data)
            .map_err(|_| "the KMS request data is not base64".to_string())?,
    );
    match request.op {
        KmsOp::Encrypt => Direct
            .kms_encrypt(&request.key, &data)
            .map(|blob| BASE64.encode(blob)),
        KmsOp::Decrypt => Direct
            .kms_decrypt(&request.key, &data)
            .map(|plaintext| BASE64.encode(plaintext)),
    }
}
