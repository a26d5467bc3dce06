//! `secret render`: a configuration file template filled with decrypted values.

use std::path::{Path, PathBuf};

use clap::Args;

use super::io::{read_stdin_bytes, write_stdout};
use super::secrets::SecretsArgs;
use super::{Cli, CliError};
use secret_core::fsutil::write_atomic_private;
use secret_core::ops::read_file;
use secret_core::ops::values::Values;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret render config.tmpl.yaml secrets.enc.yaml -o config.yaml
  secret render nginx.conf.tmpl -e prod > /run/app/nginx.conf
  printf 'url=postgres://app:${db.password}@db/app\\n' | secret render - secrets.enc.yaml")]
pub struct RenderArgs {
    /// The template: any text with `${…}` placeholders; `-` reads it from standard input.
    #[arg(value_name = "TEMPLATE", value_hint = clap::ValueHint::FilePath)]
    pub template: PathBuf,

    #[command(flatten)]
    pub secrets: SecretsArgs,

    /// Write to this file (0600, replaced atomically, nothing written on any error)
    /// instead of standard output.
    #[arg(short, long, value_name = "OUT", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,
}

pub fn run(cli: &Cli, args: &RenderArgs) -> Result<(), CliError> {
    let template = read_template(&args.template)?;
    let values = Values::of_files(&args.secrets.paths(cli)?)?;
    let rendered = values.render(&args.template, &template)?;
    match &args.output {
        Some(path) => {
            write_atomic_private(path, &rendered).map_err(|source| CliError::write(path, source))
        }
        None => write_stdout(&rendered),
    }
}

fn read_template(path: &Path) -> Result<Vec<u8>, CliError> {
    if path == Path::new("-") {
        return read_stdin_bytes();
    }
    Ok(read_file(path)?)
}
