//! `secret get`: one value of an encrypted file, without the rest of its plaintext.

use clap::Args;

use super::CliError;
use super::args::Target;
use super::io::write_stdout;
use secret_core::keys::KeyRing;
use secret_core::ops::{OpError, extract::extract};
use secret_core::path;

/// Print the value at PATH of an encrypted file.
///
/// A string prints raw, without quotes or a trailing newline, ready for `$(…)`; another
/// scalar prints as the file spells it; a mapping or list prints in the file's format.
/// PATH is `a.b[0].c` or sops's `["a"]["b"][0]["c"]`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret get secrets.enc.yaml db.password
  PGPASSWORD=\"$(secret get secrets.enc.yaml db.password)\" psql")]
pub struct GetArgs {
    #[command(flatten)]
    pub target: Target,

    /// Where the value is: `a.b[0].c` or `["a"]["b"][0]["c"]`.
    #[arg(value_name = "PATH")]
    pub path: String,
}

pub fn run(args: &GetArgs) -> Result<(), CliError> {
    let steps = path::parse(&args.path).map_err(|e| CliError::BadPath(e.to_string()))?;
    let file = args.target.encrypted_file();
    let plaintext = file.decrypt(&mut KeyRing::default())?.bytes;
    let value = extract(file.store().as_ref(), &plaintext, &steps)
        .map_err(|source| OpError::Sops {
            file: file.path.clone(),
            source,
        })?
        .ok_or_else(|| {
            CliError::NotFound(format!(
                "{}: nothing at {}",
                args.target.file.display(),
                args.path
            ))
        })?;
    write_stdout(&value)
}
