//! Shell completions and man pages, generated from the clap definitions so they never
//! drift from the real options. `completions/` and `man/` in the repository are written by
//! `secret generate-docs .`; tests/docs.rs fails when they are out of date.

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, CliError};

/// The shells `generate-docs` writes completion scripts for.
const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret completions bash > ~/.local/share/bash-completion/completions/secret
  secret completions zsh > ~/.zfunc/_secret         (with fpath+=~/.zfunc before compinit)
  secret completions fish > ~/.config/fish/completions/secret.fish
  secret completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
#[command(after_help = "Example: secret generate-docs .")]
pub struct GenerateDocsArgs {
    /// The directory to write completions/ and man/ into.
    #[arg(value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: PathBuf,
}

pub fn completions(args: &CompletionsArgs) -> Result<(), CliError> {
    clap_complete::generate(
        args.shell,
        &mut Cli::command(),
        "secret",
        &mut std::io::stdout(),
    );
    Ok(())
}

pub fn generate_docs(args: &GenerateDocsArgs) -> Result<(), CliError> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CliError::write(path, source)
    };
    let completions = args.dir.join("completions");
    std::fs::create_dir_all(&completions).map_err(write_error(&completions))?;
    for shell in SHELLS {
        clap_complete::generate_to(shell, &mut Cli::command(), "secret", &completions)
            .map_err(write_error(&completions))?;
    }
    let man = args.dir.join("man");
    std::fs::create_dir_all(&man).map_err(write_error(&man))?;
    clap_mangen::generate_to(Cli::command(), &man).map_err(write_error(&man))
}
