//! `secret rotate`: a new data key for a file, every value re-encrypted under it, wrapped
//! for the same recipients. `secret updatekeys`: the same data key re-wrapped for the
//! recipients `.sops.yaml` names now.

use std::path::{Path, PathBuf};

use clap::Args;

use super::args::KeyArgs;
use super::{Cli, CliError};
use secret_core::ops::rewrite::GroupChange;
use secret_core::ops::{self, EncryptedFile};
use secret_core::store::Format;

#[derive(Debug, Args)]
#[command(after_help = "Example:
  secret rotate secrets.enc.yaml")]
pub struct RotateArgs {
    /// The encrypted file.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,

    /// Read FILE as this format instead of guessing from its extension.
    #[arg(long, value_name = "FORMAT", value_parser = super::format_parser())]
    pub input_type: Option<Format>,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret updatekeys secrets.enc.yaml          (shows who is added and removed, and asks)
  secret updatekeys --yes secrets.enc.yaml    (no question: for scripts and CI)")]
pub struct UpdateKeysArgs {
    /// The encrypted file.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,

    /// Read FILE as this format instead of guessing from its extension.
    #[arg(long, value_name = "FORMAT", value_parser = super::format_parser())]
    pub input_type: Option<Format>,

    /// Do not ask for confirmation.
    #[arg(short, long)]
    pub yes: bool,
}

pub fn rotate(args: &RotateArgs) -> Result<(), CliError> {
    let file = EncryptedFile::new(&args.file, args.input_type);
    ops::rewrite::rotate(&file)?;
    eprintln!(
        "{}: new data key; every value re-encrypted",
        file.path.display()
    );
    Ok(())
}

pub fn update_keys(cli: &Cli, args: &UpdateKeysArgs) -> Result<(), CliError> {
    let file = EncryptedFile::new(&args.file, args.input_type);
    let wanted = KeyArgs::default().request(cli).encrypt_options(
        &file.path,
        Some(&file.path),
        file.format,
    )?;
    let updated = ops::rewrite::update_keys(&file, &wanted, |changes| {
        show_changes(changes);
        if args.yes || confirm(&file.path)? {
            Ok(true)
        } else {
            Err(CliError::Declined)
        }
    })?;
    if updated {
        eprintln!("{}: keys updated", file.path.display());
    } else {
        eprintln!(
            "{}: the recipients are already those of .sops.yaml",
            file.path.display()
        );
    }
    Ok(())
}

/// Prints who is added and removed, group by group (to standard error, beside the
/// question).
fn show_changes(changes: &[GroupChange]) {
    for change in changes {
        for added in &change.added {
            eprintln!("  group {}: + {added}", change.group);
        }
        for removed in &change.removed {
            eprintln!("  group {}: - {removed}", change.group);
        }
    }
}

/// Asks on the terminal, as `init` does; without one, the change needs --yes.
fn confirm(file: &Path) -> Result<bool, CliError> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(CliError::NeedsYes(format!(
            "{}: changing who can decrypt it needs a yes",
            file.display()
        )));
    }
    Ok(dialoguer::Confirm::new()
        .with_prompt("Update the keys?")
        .default(false)
        .interact()
        .unwrap_or(false))
}
