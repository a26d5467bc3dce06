//! `secret export`: the decrypted values as variables, for a shell, a file or a CI runner.

use std::path::PathBuf;

use clap::Args;

use super::k8s::{self, K8sArgs};
use super::secrets::SecretsArgs;
use super::variables::{ExportFormat, write_variables};
use super::{Cli, CliError};

/// Print the decrypted values as environment variables, in the chosen format.
///
/// The variables are those `secret exec` would set (see `secret exec --help`). With `-o`,
/// the output file is written with permissions 0600.
///
/// `--format k8s` prints a Kubernetes v1/Secret manifest: `stringData` (or base64 `data`
/// with --k8s-data base64), multi-line values as YAML block scalars. Its keys are the
/// variable names, except that `-` and `.` are allowed (Kubernetes's rule: letters,
/// digits, `-`, `_`, `.`, at most 253): a dotenv or top-level key stays as it is
/// (`tls.crt`), nested keys are joined with `_` (`db: {host: x}` is `db_host`). A key
/// Kubernetes would reject is an error naming it.
///
/// `--format github` prints `::add-mask::` commands for every value (one per line of a
/// multi-line value) so the runner hides them in logs, and appends the variables to the
/// file named by `$GITHUB_ENV` (or `-o`) with random heredoc delimiters, so later steps
/// see them, multi-line values included.
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
