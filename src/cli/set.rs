//! `secret set` and `secret unset`: change one value of an encrypted file in place. The
//! file is locked for the whole read-modify-write, and every other value keeps its
//! ciphertext, so the diff shows the changed value, `lastmodified` and `mac`.

use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::Value;

use super::CliError;
use super::io::read_stdin_text;
use secret_core::fsutil::{FileLock, write_atomic};
use secret_core::keys::KeyRing;
use secret_core::path::{self, Step};
use secret_core::sops::decrypt::{DecryptOptions, Opened, open};
use secret_core::sops::encrypt::seal;
use secret_core::sops::error::SopsError;
use secret_core::store::{Format, Parsed, Store};

// The encrypted file a command works on.
#[derive(Debug, Args)]
pub struct Target {
    /// The encrypted file.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,

    /// Read FILE as this format instead of guessing from its extension.
    #[arg(long, value_name = "FORMAT", value_parser = super::format_parser())]
    pub input_type: Option<Format>,

    /// Open the file even if its MAC does not match.
    #[arg(long)]
    pub ignore_mac: bool,
}

impl Target {
    /// `--input-type`, else the format of the file's name.
    pub fn format(&self) -> Format {
        self.input_type
            .unwrap_or_else(|| Format::from_path(&self.file))
    }

    pub fn store(&self) -> Box<dyn Store> {
        self.format().store()
    }

    pub fn sops_error(&self, source: SopsError) -> CliError {
        CliError::Sops {
            file: self.file.clone(),
            source,
        }
    }
}

#[derive(Debug, Args)]
pub struct SetArgs {
    #[command(flatten)]
    pub target: Target,

    /// Where to set: `a.b[0].c` or `["a"]["b"][0]["c"]`.
    #[arg(value_name = "PATH")]
    pub path: String,

    /// The new value; `-` reads it from standard input. Omitted: a hidden prompt.
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,

    /// Parse VALUE as JSON instead of taking it as a string.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct UnsetArgs {
    #[command(flatten)]
    pub target: Target,

    /// What to remove: `a.b[0].c` or `["a"]["b"][0]["c"]`.
    #[arg(value_name = "PATH")]
    pub path: String,
}

pub fn run_set(args: &SetArgs) -> Result<(), CliError> {
    let steps = edit_path(&args.path)?;
    let value = parse_value(read_value(args)?, args.json)?;
    let target = &args.target;
    rewrite(target, |store, src, parsed| {
        let edited = store.set(src, parsed, &steps, &value);
        Ok(Some(edited.map_err(|e| target.sops_error(e.into()))?))
    })
}

pub fn run_unset(args: &UnsetArgs) -> Result<(), CliError> {
    let steps = edit_path(&args.path)?;
    let target = &args.target;
    rewrite(target, |store, src, parsed| {
        let edited = store.unset(src, parsed, &steps);
        Ok(Some(edited.map_err(|e| target.sops_error(e.into()))?))
    })
}

/// Decrypts the file and checks its MAC; gives the opened file and its bytes.
pub fn open_file(
    target: &Target,
    store: &dyn Store,
    keys: &mut KeyRing,
) -> Result<(Opened, Vec<u8>), CliError> {
    let src = read(&target.file)?;
    let options = DecryptOptions {
        ignore_mac: target.ignore_mac,
    };
    let opened = open(store, &src, keys, options).map_err(|source| target.sops_error(source))?;
    Ok((opened, src))
}

/// Locks the file, applies `edit` to its plaintext, and writes it back encrypted under the
/// same data key and metadata (`version` included); `edit` giving `None` leaves the file.
pub(super) fn rewrite(
    target: &Target,
    edit: impl FnOnce(&dyn Store, &[u8], &Parsed) -> Result<Option<Vec<u8>>, CliError>,
) -> Result<(), CliError> {
    let store = target.store();
    let store = store.as_ref();
    let file = &target.file;
    if !file.exists() {
        return Err(CliError::MissingFile(file.clone()));
    }
    let _lock = FileLock::acquire(file).map_err(|source| CliError::Write {
        path: file.clone(),
        source,
    })?;
    let (opened, src) = open_file(target, store, &mut KeyRing::default())?;
    let sops_error = |source| target.sops_error(source);
    let plaintext = opened.plaintext(store, &src).map_err(sops_error)?;
    let parsed = store.parse(&plaintext).map_err(|e| sops_error(e.into()))?;
    let Some(edited) = edit(store, &plaintext, &parsed)? else {
        return Ok(());
    };
    let encrypted = seal(store, &edited, opened.metadata, &opened.cipher).map_err(sops_error)?;
    write_atomic(file, &encrypted).map_err(|source| CliError::Write {
        path: file.clone(),
        source,
    })
}

fn edit_path(text: &str) -> Result<Vec<Step>, CliError> {
    path::parse(text).map_err(|e| CliError::InvalidEdit(e.to_string()))
}

fn read(file: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(file).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => CliError::MissingFile(file.into()),
        _ => CliError::Read {
            path: file.into(),
            source,
        },
    })
}

/// VALUE from the argument, standard input (`-`), or a hidden prompt on a terminal.
fn read_value(args: &SetArgs) -> Result<String, CliError> {
    match args.value.as_deref() {
        Some("-") => read_stdin(),
        Some(value) => Ok(value.to_string()),
        None if std::io::IsTerminal::is_terminal(&std::io::stdin()) => dialoguer::Password::new()
            .with_prompt(format!("Value for {}", args.path))
            .allow_empty_password(true)
            .interact()
            .map_err(|e| CliError::InvalidEdit(format!("no value read: {e}"))),
        None => Err(CliError::InvalidEdit(
            "no VALUE given, and standard input is not a terminal to ask for it".into(),
        )),
    }
}

/// Standard input, without one final line break (as `echo` and here-strings add it).
fn read_stdin() -> Result<String, CliError> {
    let text = read_stdin_text()?;
    let trimmed = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(&text);
    Ok(trimmed.to_string())
}

fn parse_value(text: String, json: bool) -> Result<Value, CliError> {
    if !json {
        return Ok(Value::String(text));
    }
    serde_json::from_str(&text)
        .map_err(|e| CliError::InvalidEdit(format!("invalid JSON value: {e}")))
}
