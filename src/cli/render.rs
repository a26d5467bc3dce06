//! `secret render`: a configuration file template filled with decrypted values.

use std::path::{Path, PathBuf};

use clap::Args;

use super::io::{read_stdin_bytes, write_stdout};
use super::secrets::SecretsArgs;
use super::{Cli, CliError};
use secret_core::fsutil::write_atomic_private;
use secret_core::ops::read_file;
use secret_core::ops::values::Values;

/// Fill a configuration file template with decrypted values.
///
/// Placeholders: `${db.password}` is the value at that path of the files (`a.b[0].c`,
/// as `secret get` takes it; the last file holding it wins), `${DB_PASSWORD}` a dotenv
/// key or a variable as `secret exec` names it (`db: {host: x}` is also `${db_host}`).
/// `$${` writes `${`; any other `$` stays as it is. Values are inserted verbatim,
/// multi-line ones included. A placeholder that names nothing (or a mapping, or a list)
/// is an error naming it with its line:column, and nothing is written. With -o the
/// result is written 0600, atomically. `secret exec --render` gives a rendered file to a
/// program and removes it when the program ends.
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
