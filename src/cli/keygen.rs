//! `secret keygen`: a new age identity, where sops looks for it.

use std::path::{Path, PathBuf};

use clap::Args;

use super::CliError;
use secret_core::fsutil::{create_private_dir_all, write_private};
use secret_core::keys::age::{default_key_file, generate_key_file};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret keygen                   (prints age1…: put it in .sops.yaml, or run `secret init`)
  secret keygen -o ci.agekey      (a key for CI: its AGE-SECRET-KEY-1… line becomes SOPS_AGE_KEY)
  secret keygen --print           (the key file on standard output, nothing written)")]
pub struct KeygenArgs {
    /// Write the key to this file instead of the default key file.
    #[arg(short, long, value_name = "FILE", conflicts_with = "print", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,

    /// Print the key file to standard output only; no file is written.
    #[arg(long)]
    pub print: bool,
}

pub fn run(args: &KeygenArgs) -> Result<(), CliError> {
    if args.print {
        let (text, _) = generate_key_file();
        print!("{}", text.as_str());
        return Ok(());
    }
    let path = match &args.output {
        Some(path) => path.clone(),
        None => default_key_path()?,
    };
    let public = create_key_file(&path)?;
    eprintln!("secret: wrote a new age key to {}", path.display());
    println!("{public}");
    Ok(())
}

/// sops's default key file, or why there is none.
pub(super) fn default_key_path() -> Result<PathBuf, CliError> {
    default_key_file().ok_or(CliError::NoConfigDir)
}

/// Writes a new key to `path` (which must not exist); returns its recipient.
pub(super) fn create_key_file(path: &Path) -> Result<String, CliError> {
    let exists = || CliError::KeyFileExists(path.to_path_buf());
    if path.exists() {
        return Err(exists());
    }
    let write_error = |source: std::io::Error| CliError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_private_dir_all(parent).map_err(write_error)?;
    }
    let (text, public) = generate_key_file();
    write_private(path, text.as_bytes()).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            exists()
        } else {
            write_error(source)
        }
    })?;
    Ok(public)
}
