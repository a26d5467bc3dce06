//! `secret publish`: send files where `.sops.yaml`'s `destination_rules` say.

use std::path::{Path, PathBuf};

use clap::Args;

use super::publishing::{self, Request};
use super::vault::Written;
use super::{Cli, CliError};
use secret_core::config;
use secret_core::store::Format;

/// Publish files where `.sops.yaml`'s destination_rules say (Vault or OpenBao KV).
///
/// The decrypted top-level values of each file are written to the KV secrets engine
/// (version 1 or 2) of the matching rule's `vault_path`, as sops's `publish` writes them;
/// a secret that holds the same values already gets no new version. The server is the
/// rule's `vault_address` or VAULT_ADDR, the token VAULT_TOKEN or ~/.vault-token. S3 and
/// GCS destinations are not supported: the file is encrypted, so copy it there as it is.
///
/// A rule in .sops.yaml that sends prod.enc.json to secret/data/myapp/prod.enc.json:
/// `destination_rules: [{path_regex: 'prod\.enc\.json$', vault_path: myapp/,
/// vault_kv_mount_name: secret/, vault_kv_version: 2}]`
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret publish --yes secrets/prod.enc.json
  secret publish --yes --recursive secrets/")]
pub struct PublishArgs {
    /// The encrypted file, or with --recursive a directory of them.
    #[arg(value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
    pub path: PathBuf,

    /// Do not ask before each file.
    #[arg(short, long)]
    pub yes: bool,

    /// Publish every file under PATH, named by its path below it.
    #[arg(long)]
    pub recursive: bool,

    /// Leave the file extension out of the destination's name.
    #[arg(long)]
    pub omit_extensions: bool,

    /// Read the files as this format instead of guessing from their extensions.
    #[arg(long, value_name = "FORMAT", value_parser = super::format_parser())]
    pub input_type: Option<Format>,
}

pub fn run(cli: &Cli, args: &PublishArgs) -> Result<(), CliError> {
    if !args.path.exists() {
        return Err(CliError::Op(secret_core::ops::OpError::MissingFile(
            args.path.clone(),
        )));
    }
    let found = config::find(cli.options.config.as_deref(), Some(&args.path)).ok_or_else(|| {
        CliError::NotFound("no .sops.yaml found: its destination_rules say where files go".into())
    })?;
    let loaded = config::load(&found)?;
    let request = Request {
        root: &args.path,
        recursive: args.recursive,
        omit_extensions: args.omit_extensions,
        input_type: args.input_type,
        decryption_order: Vec::new(),
    };
    publishing::run(
        &loaded,
        &request,
        |file, url| {
            if args.yes {
                Ok(true)
            } else {
                confirm(file, url)
            }
        },
        |file, url, written| match written {
            Written::Written => eprintln!("{}: published to {url}", file.display()),
            Written::AlreadyUpToDate => {
                eprintln!("{}: {url} holds these values already", file.display())
            }
        },
    )
}

fn confirm(file: &Path, url: &str) -> Result<bool, CliError> {
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err(CliError::Conflict(format!(
            "{}: not a terminal, so not asking; pass --yes to publish",
            file.display()
        )));
    }
    dialoguer::Confirm::new()
        .with_prompt(format!("Publish {} to {url}?", file.display()))
        .default(false)
        .interact()
        .map_err(|e| CliError::Prompt(e.to_string()))
}
