//! `secret encrypt`: encrypts the values of a plaintext file for the recipients named on
//! the command line or by the matching `.sops.yaml` creation rule.

use clap::Args;

use super::args::KeyArgs;
use super::io::FileArgs;
use super::{Cli, CliError};
use secret_core::convert::convert;
use secret_core::ops;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret encrypt -i app.enc.yaml                  (for the recipients of its .sops.yaml rule)
  secret encrypt --age age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p secrets.yaml > secrets.enc.yaml")]
pub struct EncryptArgs {
    #[command(flatten)]
    pub file: FileArgs,

    #[command(flatten)]
    pub keys: KeyArgs,
}

pub fn run(cli: &Cli, args: &EncryptArgs) -> Result<(), CliError> {
    let format = args.file.output_format();
    let src = args.file.read()?;
    let name = args.file.name();
    let plaintext =
        convert(&src, args.file.format(), format).map_err(|e| CliError::sops(&name, e.into()))?;
    let options =
        args.keys
            .request(cli)
            .encrypt_options(&name, args.file.file.as_deref(), format)?;
    let encrypted = ops::encrypt(&plaintext, &name, format, &options)?;
    args.file.write(&encrypted)
}
