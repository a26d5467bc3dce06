//! `secret decrypt`: the plaintext of an encrypted file, in its own layout.

use clap::Args;

use super::io::FileArgs;
use super::{Cli, CliError, warn_failed_keys};
use secret_core::convert::convert;
use secret_core::keys::KeyRing;
use secret_core::ops::EncryptedFile;
use secret_core::ops::extract::extract;
use secret_core::path;
use secret_core::sops::error::SopsError;

#[derive(Debug, Args)]
pub struct DecryptArgs {
    #[command(flatten)]
    pub file: FileArgs,

    /// Decrypt even if the file's MAC does not match (values must still authenticate).
    #[arg(long)]
    pub ignore_mac: bool,

    /// Print only the value at this path: `a.b[0]` or `["a"]["b"][0]`. A string prints
    /// raw, without a trailing newline.
    #[arg(long, value_name = "PATH")]
    pub extract: Option<String>,

    /// Key types to try, in order (e.g. `age,kms`).
    #[arg(
        long,
        env = "SOPS_DECRYPTION_ORDER",
        value_delimiter = ',',
        value_name = "TYPES"
    )]
    pub decryption_order: Vec<String>,
}

pub fn run(cli: &Cli, args: &DecryptArgs) -> Result<(), CliError> {
    let src = args.file.read()?;
    let path = args
        .extract
        .as_deref()
        .map(path::parse)
        .transpose()
        .map_err(|e| CliError::BadPath(e.to_string()))?;
    let mut keys = KeyRing::new(decryption_order(&args.decryption_order)?);
    let file = EncryptedFile {
        ignore_mac: args.ignore_mac,
        ..EncryptedFile::new(args.file.name(), Some(args.file.format()))
    };
    let decrypted = file.decrypt_bytes(&src, &mut keys)?;
    if let Some(problem) = decrypted.layout_problem.as_ref().filter(|_| cli.verbose) {
        eprintln!(
            "secret: warning: {}: {problem}; values are written in their default spelling",
            file.path.display()
        );
    }
    let plaintext = decrypted.bytes;
    let sops_error = |source: SopsError| CliError::sops(&file.path, source);
    warn_failed_keys(cli, &keys);
    match path {
        Some(path) => args.file.write(
            &extract(file.store().as_ref(), &plaintext, &path)
                .map_err(sops_error)?
                .ok_or_else(|| {
                    CliError::NotFound(format!(
                        "{}: nothing at {}",
                        args.file.name().display(),
                        args.extract.as_deref().unwrap_or_default()
                    ))
                })?,
        ),
        None => {
            let converted = convert(&plaintext, args.file.format(), args.file.output_format())
                .map_err(|e| sops_error(e.into()))?;
            args.file.write(&converted)
        }
    }
}

/// The `--decryption-order` list, refusing repeats as sops does (exit 112 there).
fn decryption_order(order: &[String]) -> Result<Vec<String>, CliError> {
    let order: Vec<String> = order
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(repeated) = order
        .iter()
        .enumerate()
        .find(|(i, k)| order[..*i].contains(k))
    {
        return Err(CliError::Conflict(format!(
            "--decryption-order names `{}` twice",
            repeated.1
        )));
    }
    Ok(order)
}
