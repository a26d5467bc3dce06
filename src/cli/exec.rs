//! `secret exec`: run a program with the decrypted values in its environment.

use std::ffi::OsString;

use clap::Args;

use super::aws::service_variables;
use super::secrets::SecretsArgs;
use super::{Cli, CliError};
use secret_core::env::Variables;
use secret_core::mask::{MIN_LEN, Masker};
use secret_process::Launch;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret exec app.enc.env -- ./server --port 8080
  secret exec -e prod -- ./server          (files from `secret: environments:` in .sops.yaml)
  secret exec --mask -- npm test           (secrets in the output become *****)
  secret exec app.enc.env -- sh -c 'echo \"$DB_HOST\"'
  secret exec --ssm app --ssm app/prod -- ./server   (chamber-style services; app/prod wins)")]
pub struct ExecArgs {
    #[command(flatten)]
    pub secrets: SecretsArgs,

    /// Start from an empty environment: only the secrets, and PATH=/usr/local/bin:/usr/bin:/bin.
    #[arg(long)]
    pub pristine: bool,

    /// Also load the parameters of this chamber-style service (/SERVICE/KEY) from AWS SSM
    /// Parameter Store, after the files; repeatable, later services win.
    #[arg(long, value_name = "SERVICE")]
    pub ssm: Vec<String>,

    /// Variables already set win over secrets of the same name.
    #[arg(long)]
    pub no_override: bool,

    /// Replace every secret value in the program's output (and its base64 and URL-encoded
    /// forms) with `*****`. Values shorter than 4 characters are not masked.
    #[arg(long)]
    pub mask: bool,

    /// The program and its arguments, after `--`.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

/// Runs the program; returns its exit code (when it did not replace this process).
pub fn run(cli: &Cli, args: &ExecArgs) -> Result<i32, CliError> {
    let (program, program_args) = args.command.split_first().expect("clap requires a command");
    let launch = Launch {
        program: program.clone(),
        args: program_args.to_vec(),
        secrets: load(cli, args)?,
        pristine: args.pristine,
        secrets_win: !args.no_override,
    };
    if args.mask {
        let (masker, too_short) = Masker::for_secrets(&launch.secrets);
        warn_unmasked(&too_short);
        return Ok(launch.run_masked(&masker)?);
    }
    run_unmasked(&launch)
}

/// The files' variables, then the services' (later wins). With only services named, no
/// files are looked for.
fn load(cli: &Cli, args: &ExecArgs) -> Result<Variables, CliError> {
    let mut secrets = if args.ssm.is_empty() || args.secrets.names_files() {
        args.secrets.load(cli)?
    } else {
        Variables::new()
    };
    secrets.extend(service_variables(&args.ssm)?);
    Ok(secrets)
}

#[cfg(unix)]
fn run_unmasked(launch: &Launch) -> Result<i32, CliError> {
    Err(launch.replace().into())
}

#[cfg(not(unix))]
fn run_unmasked(launch: &Launch) -> Result<i32, CliError> {
    Ok(launch.replace()?)
}

fn warn_unmasked(names: &[String]) {
    if !names.is_empty() {
        eprintln!(
            "secret: warning: not masking {}: values shorter than {MIN_LEN} characters would mask too much",
            names.join(", ")
        );
    }
}
