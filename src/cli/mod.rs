//! The command line: argument definitions and one module per command.

mod decrypt;
mod edit;
mod encrypt;
mod error;
mod exec;
mod export;
mod io;
mod secrets;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use error::CliError;

/// Keep a team's secrets in git, encrypted: sops-compatible, and every byte you wrote
/// outside the values stays as you wrote it.
#[derive(Debug, Parser)]
#[command(name = "secret", version, propagate_version = true)]
pub struct Cli {
    /// Use this .sops.yaml instead of searching for one.
    #[arg(long, global = true, env = "SOPS_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Encrypt(encrypt::EncryptArgs),
    Decrypt(decrypt::DecryptArgs),
    Edit(edit::EditArgs),
    Exec(exec::ExecArgs),
    Export(export::ExportArgs),
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Encrypt(args) => encrypt::run(&cli, args).map(|()| 0),
        Command::Decrypt(args) => decrypt::run(args).map(|()| 0),
        Command::Edit(args) => edit::run(&cli, args).map(|()| 0),
        Command::Exec(args) => exec::run(&cli, args),
        Command::Export(args) => export::run(&cli, args).map(|()| 0),
    };
    match result {
        Ok(code) => code,
        Err(error) => report(&error),
    }
}

fn report(error: &CliError) -> i32 {
    eprintln!("secret: error: {error}");
    if let Some(hint) = error.hint() {
        eprintln!("  hint: {hint}");
    }
    error.exit_code()
}
