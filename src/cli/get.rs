//! `secret get`: one value of an encrypted file, without the rest of its plaintext.

use std::path::PathBuf;

use clap::Args;

use super::CliError;
use super::extract::extract;
use super::set::{Target, open_file};
use secret_core::keys::KeyRing;
use secret_core::path;

#[derive(Debug, Args)]
pub struct GetArgs {
    #[command(flatten)]
    pub target: Target,

    /// Where the value is: `a.b[0].c` or `["a"]["b"][0]["c"]`.
    #[arg(value_name = "PATH")]
    pub path: String,
}

pub fn run(args: &GetArgs) -> Result<(), CliError> {
    let steps = path::parse(&args.path).map_err(|e| CliError::BadPath(e.to_string()))?;
    let store = args.target.store();
    let (opened, src) = open_file(&args.target, store.as_ref(), &mut KeyRing::default())?;
    let sops_error = |source| args.target.sops_error(source);
    let plaintext = opened.plaintext(store.as_ref(), &src).map_err(sops_error)?;
    let value = extract(store.as_ref(), &plaintext, &steps)
        .map_err(sops_error)?
        .ok_or_else(|| {
            CliError::NotFound(format!(
                "{}: nothing at {}",
                args.target.file.display(),
                args.path
            ))
        })?;
    write_stdout(&value)
}

fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|source| CliError::Write {
            path: PathBuf::from("standard output"),
            source,
        })
}
