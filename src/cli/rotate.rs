//! `secret rotate`: a new data key for a file, every value re-encrypted under it, wrapped
//! for the same recipients. `secret updatekeys`: the same data key re-wrapped for the
//! recipients `.sops.yaml` names now.

use std::path::{Path, PathBuf};

use clap::Args;

use super::encrypt::{KeyArgs, encrypt_options};
use super::{Cli, CliError};
use secret_core::fsutil::{FileLock, write_atomic};
use secret_core::keys::{KeyRing, recipient_of};
use secret_core::sops::datakey::{self, MasterKey};
use secret_core::sops::decrypt::{DecryptOptions, Opened, open};
use secret_core::sops::encrypt::seal;
use secret_core::sops::envelope::{Cipher, DataKey};
use secret_core::sops::error::SopsError;
use secret_core::sops::metadata::StoredKey;
use secret_core::store::{Changes, Format, Store};

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The encrypted file.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,

    /// Read FILE as this format instead of guessing from its extension.
    #[arg(long, value_name = "FORMAT", value_parser = super::format_parser())]
    pub input_type: Option<Format>,
}

#[derive(Debug, Args)]
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
    let format = args
        .input_type
        .unwrap_or_else(|| Format::from_path(&args.file));
    let store = format.store();
    let file = &args.file;
    let _lock = lock(file)?;
    let (src, opened) = read_and_open(file, store.as_ref())?;
    let sops_error = |source| CliError::Sops {
        file: file.clone(),
        source,
    };
    let plaintext = opened.plaintext(store.as_ref(), &src).map_err(sops_error)?;
    let groups = opened
        .metadata
        .key_groups
        .iter()
        .map(|group| {
            group
                .iter()
                .map(recipient_of)
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::Unsupported(e.to_string()))?;
    let data_key = DataKey::generate();
    let mut metadata = opened.metadata;
    metadata.key_groups =
        datakey::wrap(&data_key, &groups, metadata.shamir_threshold).map_err(sops_error)?;
    let rotated = seal(
        store.as_ref(),
        &plaintext,
        metadata,
        &Cipher::new(&data_key),
    )
    .map_err(sops_error)?;
    write(file, &rotated)?;
    eprintln!("{}: new data key; every value re-encrypted", file.display());
    Ok(())
}

pub fn update_keys(cli: &Cli, args: &UpdateKeysArgs) -> Result<(), CliError> {
    let format = args
        .input_type
        .unwrap_or_else(|| Format::from_path(&args.file));
    let store = format.store();
    let file = &args.file;
    let options = encrypt_options(cli, &KeyArgs::default(), file, Some(file), format)?;
    let _lock = lock(file)?;
    let (src, opened) = read_and_open(file, store.as_ref())?;
    let threshold = options.shamir_threshold.min(options.key_groups.len());
    if !show_changes(&opened.metadata.key_groups, &options.key_groups)
        && threshold == opened.metadata.shamir_threshold
    {
        eprintln!(
            "{}: the recipients are already those of .sops.yaml",
            file.display()
        );
        return Ok(());
    }
    if !args.yes && !confirm(file)? {
        return Err(CliError::Aborted(file.clone()));
    }
    let sops_error = |source| CliError::Sops {
        file: file.clone(),
        source,
    };
    let mut metadata = opened.metadata;
    metadata.key_groups =
        datakey::wrap(&opened.data_key, &options.key_groups, threshold).map_err(sops_error)?;
    metadata.shamir_threshold = if options.key_groups.len() > 1 {
        threshold
    } else {
        0
    };
    let changes = Changes {
        leaves: vec![None; opened.parsed.leaf_count],
        subtrees: Vec::new(),
        metadata: Some(metadata.to_json()),
    };
    let updated = store
        .emit(&src, &opened.parsed, &changes)
        .map_err(|e| sops_error(SopsError::Store(e)))?;
    write(file, &updated)?;
    eprintln!("{}: keys updated", file.display());
    Ok(())
}

fn lock(file: &Path) -> Result<FileLock, CliError> {
    FileLock::acquire(file).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => CliError::MissingFile(file.into()),
        _ => CliError::Read {
            path: file.into(),
            source,
        },
    })
}

fn read_and_open(file: &Path, store: &dyn Store) -> Result<(Vec<u8>, Opened), CliError> {
    let src = std::fs::read(file).map_err(|source| CliError::Read {
        path: file.into(),
        source,
    })?;
    let opened = open(
        store,
        &src,
        &mut KeyRing::default(),
        DecryptOptions::default(),
    )
    .map_err(|source| CliError::Sops {
        file: file.into(),
        source,
    })?;
    Ok((src, opened))
}

fn write(file: &Path, bytes: &[u8]) -> Result<(), CliError> {
    write_atomic(file, bytes).map_err(|source| CliError::Write {
        path: file.into(),
        source,
    })
}

/// Prints who is added and removed, group by group; false when nothing changes.
fn show_changes(current: &[Vec<StoredKey>], wanted: &[Vec<Box<dyn MasterKey>>]) -> bool {
    let mut changed = current.len() != wanted.len();
    for index in 0..current.len().max(wanted.len()) {
        let now: Vec<String> = current
            .get(index)
            .map(|g| g.iter().map(StoredKey::describe).collect())
            .unwrap_or_default();
        let next: Vec<String> = wanted
            .get(index)
            .map(|g| g.iter().map(|r| r.describe()).collect())
            .unwrap_or_default();
        for added in next.iter().filter(|k| !now.contains(k)) {
            eprintln!("  group {index}: + {added}");
            changed = true;
        }
        for removed in now.iter().filter(|k| !next.contains(k)) {
            eprintln!("  group {index}: - {removed}");
            changed = true;
        }
    }
    changed
}

fn confirm(file: &Path) -> Result<bool, CliError> {
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err(CliError::Conflict(format!(
            "{}: not a terminal, so not asking; pass --yes to update the keys",
            file.display()
        )));
    }
    Ok(dialoguer::Confirm::new()
        .with_prompt("Update the keys?")
        .default(false)
        .interact()
        .unwrap_or(false))
}
