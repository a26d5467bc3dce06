//! The command line: argument definitions and one module per command.

mod chamber;
mod decrypt;
mod docs;
mod doctor;
mod edit;
mod encrypt;
mod error;
mod exec;
mod export;
mod extract;
mod get;
mod init;
mod io;
mod keygen;
mod params;
mod recipients;
mod rotate;
mod secrets;
mod set;

use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub use error::CliError;

use crate::keys::KeyRing;

/// Keep a team's secrets in git, encrypted: sops-compatible, and every byte you wrote
/// outside the values stays as you wrote it.
#[derive(Debug, Parser)]
#[command(name = "secret", version, propagate_version = true)]
pub struct Cli {
    /// Use this .sops.yaml instead of searching for one.
    #[arg(long, global = true, env = "SOPS_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Also report what went wrong on the way when it did not stop the command, e.g. a
    /// master key that failed while another one decrypted the file.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::InitArgs),
    Keygen(keygen::KeygenArgs),
    Encrypt(encrypt::EncryptArgs),
    Decrypt(decrypt::DecryptArgs),
    Edit(edit::EditArgs),
    Rotate(rotate::RotateArgs),
    #[command(name = "updatekeys")]
    UpdateKeys(rotate::UpdateKeysArgs),
    Set(set::SetArgs),
    Unset(set::UnsetArgs),
    Get(get::GetArgs),
    Exec(exec::ExecArgs),
    Export(export::ExportArgs),
    Recipients(recipients::RecipientsArgs),
    Doctor(doctor::DoctorArgs),
    Completions(docs::CompletionsArgs),
    #[command(hide = true)]
    GenerateDocs(docs::GenerateDocsArgs),
    Push(params::PushArgs),
    Pull(params::PullArgs),
    Diff(params::DiffArgs),
    Ssm(chamber::SsmArgs),
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let matches = match Cli::command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => return usage_error(&error),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    let result = match &cli.command {
        Command::Init(args) => init::run(&cli, args).map(|()| 0),
        Command::Keygen(args) => keygen::run(args).map(|()| 0),
        Command::Encrypt(args) => encrypt::run(&cli, args).map(|()| 0),
        Command::Decrypt(args) => decrypt::run(&cli, args).map(|()| 0),
        Command::Edit(args) => edit::run(&cli, args).map(|()| 0),
        Command::Rotate(args) => rotate::rotate(args).map(|()| 0),
        Command::UpdateKeys(args) => rotate::update_keys(&cli, args).map(|()| 0),
        Command::Set(args) => set::run_set(args).map(|()| 0),
        Command::Unset(args) => set::run_unset(args).map(|()| 0),
        Command::Get(args) => get::run(args).map(|()| 0),
        Command::Exec(args) if args.ssm.is_empty() => exec::run(&cli, args, exec::no_services),
        Command::Export(args) => export::run(&cli, args).map(|()| 0),
        Command::Recipients(args) => recipients::run(args).map(|()| 0),
        Command::Doctor(args) => doctor::run(&cli, args),
        Command::Completions(args) => docs::completions(args).map(|()| 0),
        Command::GenerateDocs(args) => docs::generate_docs(args).map(|()| 0),
        Command::Exec(_)
        | Command::Push(_)
        | Command::Pull(_)
        | Command::Diff(_)
        | Command::Ssm(_) => aws_command(&cli),
    };
    match result {
        Ok(code) => code,
        Err(error) => report(&error, matches.subcommand_name()),
    }
}

/// A command that needs AWS throughout, run the way this binary reaches AWS.
#[cfg(feature = "aws")]
fn aws_command(cli: &Cli) -> Result<i32, CliError> {
    crate::aws_access::aws().run_command(cli)
}

/// A build without the `aws` feature keeps the commands, to say why they cannot run.
#[cfg(not(feature = "aws"))]
fn aws_command(_: &Cli) -> Result<i32, CliError> {
    Err(CliError::NoAws)
}

/// Runs one of the commands `main` leaves to [`aws_command`], with AWS in this process.
#[cfg(feature = "aws")]
pub fn run_aws_command(cli: &Cli) -> Result<i32, CliError> {
    match &cli.command {
        Command::Exec(args) => exec::run(cli, args, chamber::service_variables),
        Command::Push(args) => params::push(cli, args).map(|()| 0),
        Command::Pull(args) => params::pull(cli, args).map(|()| 0),
        Command::Diff(args) => params::diff(cli, args).map(|()| 0),
        Command::Ssm(args) => chamber::run(cli, args).map(|()| 0),
        _ => unreachable!("main runs the commands that need no AWS itself"),
    }
}

/// Prints clap's message, and for a mistake (not `--help`) which help page explains it.
fn usage_error(error: &clap::Error) -> i32 {
    let _ = error.print();
    if error.use_stderr() {
        eprintln!("  see: {}", help_command(subcommand_in_args().as_deref()));
    }
    error.exit_code()
}

/// The subcommand named on the command line, if any (clap did not get far enough to say).
fn subcommand_in_args() -> Option<String> {
    let command = Cli::command();
    std::env::args().skip(1).find(|arg| {
        command
            .get_subcommands()
            .any(|sub| sub.get_name() == arg.as_str())
    })
}

fn help_command(subcommand: Option<&str>) -> String {
    match subcommand {
        Some(name) => format!("secret {name} --help"),
        None => "secret --help".into(),
    }
}

/// With `--verbose`, names each master key that failed while others decrypted the file.
/// Reasons come from key lookups and KMS errors, never from the data.
fn warn_failed_keys(cli: &Cli, keys: &KeyRing) {
    if !cli.verbose {
        return;
    }
    for failure in keys.failed_keys() {
        eprintln!(
            "secret: warning: {} could not decrypt the data key (others did): {}",
            failure.key, failure.reason
        );
    }
}

fn report(error: &CliError, subcommand: Option<&str>) -> i32 {
    eprintln!("secret: error: {error}");
    if let Some(hint) = error.hint() {
        eprintln!("  hint: {hint}");
    }
    if error.is_usage() {
        eprintln!("  see: {}", help_command(subcommand));
    }
    error.exit_code()
}
