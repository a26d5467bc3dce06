//! `secret export`: the decrypted values as variables, for a shell, a file or a CI runner.

use std::path::PathBuf;

use clap::Args;

use super::k8s::{self, K8sArgs};
use super::secrets::SecretsArgs;
use super::variables::{ExportFormat, write_variables};
use super::{Cli, CliError};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  eval \"$(secret export app.enc.env --format shell)\"
  secret export -e prod --format json -o prod.json
  secret export ci.enc.yaml --format github        (in a GitHub Actions step)
  secret export app.enc.yaml --format k8s --namespace prod | kubectl apply -f -")]
pub struct ExportArgs {
    #[command(flatten)]
    pub secrets: SecretsArgs,

    /// How to write the variables.
    #[arg(long, value_enum, default_value = "dotenv")]
    pub format: ExportFormat,

    /// Write to this file (0600) instead of standard output; with `github`, the variables
    /// file instead of `$GITHUB_ENV`.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub k8s: K8sArgs,
}

pub fn run(cli: &Cli, args: &ExportArgs) -> Result<(), CliError> {
    if args.format == ExportFormat::K8s {
        return k8s::export(cli, &args.secrets, &args.k8s, args.output.as_ref());
    }
    args.k8s.check_unused()?;
    let vars = args.secrets.load(cli)?;
    write_variables(&vars, args.format, args.output.as_ref())
}
