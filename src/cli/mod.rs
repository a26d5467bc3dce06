//! The command line: argument definitions and one module per command.

mod chamber;
mod decrypt;
mod edit;
mod encrypt;
mod error;
mod exec;
mod export;
mod extract;
mod get;
mod io;
mod params;
mod rotate;
mod secrets;
mod set;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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
    Push(params::PushArgs),
    Pull(params::PullArgs),
    Diff(params::DiffArgs),
    Ssm(chamber::SsmArgs),
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Encrypt(args) => encrypt::run(&cli, args).map(|()| 0),
        Command::Decrypt(args) => decrypt::run(&cli, args).map(|()| 0),
        Command::Edit(args) => edit::run(&cli, args).map(|()| 0),
        Command::Rotate(args) => rotate::rotate(args).map(|()| 0),
        Command::UpdateKeys(args) => rotate::update_keys(&cli, args).map(|()| 0),
        Command::Set(args) => set::run_set(args).map(|()| 0),
        Command::Unset(args) => set::run_unset(args).map(|()| 0),
        Command::Get(args) => get::run(args).map(|()| 0),
        Command::Exec(args) => exec::run(&cli, args),
        Command::Export(args) => export::run(&cli, args).map(|()| 0),
        Command::Push(args) => params::push(&cli, args).map(|()| 0),
        Command::Pull(args) => params::pull(&cli, args).map(|()| 0),
        Command::Diff(args) => params::diff(&cli, args).map(|()| 0),
        Command::Ssm(args) => chamber::run(&cli, args).map(|()| 0),
    };
    match result {
        Ok(code) => code,
        Err(error) => report(&error),
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

fn report(error: &CliError) -> i32 {
    eprintln!("secret: error: {error}");
    if let Some(hint) = error.hint() {
        eprintln!("  hint: {hint}");
    }
    error.exit_code()
}
