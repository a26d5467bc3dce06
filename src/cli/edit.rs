//! `secret edit`: decrypts into a private temporary file, opens the editor, re-encrypts.
//! Unchanged values keep their ciphertext, so the diff shows only what the user changed.

use std::path::{Path, PathBuf};

use clap::Args;

use super::editor;
use super::encrypt::{KeyArgs, encrypt_options};
use super::set::{Target, open_file};
use super::{Cli, CliError, warn_failed_keys};
use secret_core::fsutil::{FileLock, private_temp_dir, write_atomic, write_private};
use secret_core::keys::KeyRing;
use secret_core::sops::encrypt::{new_key, seal};
use secret_core::sops::envelope::Cipher;
use secret_core::sops::error::SopsError;
use secret_core::sops::metadata::{FORMAT_VERSION, Metadata};
use secret_core::store::{Format, Store};

#[derive(Debug, Args)]
pub struct EditArgs {
    #[command(flatten)]
    pub target: Target,

    /// Keys and settings for a file that does not exist yet.
    #[command(flatten)]
    pub keys: KeyArgs,
}

/// What the editor starts from, and how to encrypt what it returns.
struct Session {
    plaintext: Vec<u8>,
    metadata: Metadata,
    cipher: Cipher,
    /// The encrypted file as read; `None` for a new file.
    original: Option<Vec<u8>>,
}

pub fn run(cli: &Cli, args: &EditArgs) -> Result<(), CliError> {
    let format = args.target.format();
    let store = format.store();
    let session = if args.target.file.exists() {
        existing(cli, args, store.as_ref())?
    } else {
        new_file(cli, args, format)?
    };
    let words = editor::command()?;

    let dir = private_temp_dir().map_err(|source| CliError::Write {
        path: "a private temporary directory".into(),
        source,
    })?;
    let temp = dir
        .path()
        .join(args.target.file.file_name().unwrap_or("secret".as_ref()));
    write_private(&temp, &session.plaintext).map_err(|source| CliError::Write {
        path: temp.clone(),
        source,
    })?;
    cleanup_on_signal(dir.path()).map_err(|source| CliError::Write {
        path: dir.path().into(),
        source,
    })?;

    loop {
        editor::edit(&words, &temp)?;
        let edited = std::fs::read(&temp).map_err(|source| CliError::Read {
            path: temp.clone(),
            source,
        })?;
        if edited == session.plaintext {
            eprintln!("{}: unchanged, nothing written", args.target.file.display());
            return Ok(());
        }
        match seal(
            store.as_ref(),
            &edited,
            session.metadata.clone(),
            &session.cipher,
        ) {
            Ok(encrypted) => {
                return save(&args.target.file, session.original.as_deref(), &encrypted);
            }
            Err(SopsError::Store(error)) if may_reopen(&args.target.file, &error.to_string())? => {
                continue;
            }
            Err(source) => {
                return Err(CliError::Sops {
                    file: args.target.file.clone(),
                    source,
                });
            }
        }
    }
}

fn existing(cli: &Cli, args: &EditArgs, store: &dyn Store) -> Result<Session, CliError> {
    let mut keys = KeyRing::default();
    let (opened, original) = open_file(&args.target, store, &mut keys)?;
    warn_failed_keys(cli, &keys);
    let sops_error = |source| args.target.sops_error(source);
    let plaintext = opened.plaintext(store, &original).map_err(sops_error)?;
    let mut metadata = opened.metadata;
    metadata.version = FORMAT_VERSION.into();
    Ok(Session {
        plaintext,
        metadata,
        cipher: opened.cipher,
        original: Some(original),
    })
}

fn new_file(cli: &Cli, args: &EditArgs, format: Format) -> Result<Session, CliError> {
    let options = encrypt_options(
        cli,
        &args.keys,
        &args.target.file,
        Some(&args.target.file),
        format,
    )?;
    let (metadata, cipher) = new_key(&options).map_err(|source| CliError::Sops {
        file: args.target.file.clone(),
        source,
    })?;
    Ok(Session {
        plaintext: Vec::new(),
        metadata,
        cipher,
        original: None,
    })
}

/// After invalid content: shows why, and on a terminal offers to reopen the editor.
fn may_reopen(file: &Path, error: &str) -> Result<bool, CliError> {
    eprintln!("secret: error: {}: {error}", file.display());
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err(CliError::Aborted(file.to_path_buf()));
    }
    let choice = dialoguer::Select::new()
        .with_prompt("The file does not parse. What now?")
        .items(["Reopen the editor", "Abort (the file stays as it was)"])
        .default(0)
        .interact()
        .unwrap_or(1);
    if choice == 0 {
        Ok(true)
    } else {
        Err(CliError::Aborted(file.to_path_buf()))
    }
}

/// Writes the encrypted result, unless the file changed on disk meanwhile: then the
/// user's work is saved, encrypted, next to it.
fn save(file: &Path, original: Option<&[u8]>, encrypted: &[u8]) -> Result<(), CliError> {
    let write = |path: &Path| {
        write_atomic(path, encrypted).map_err(|source| CliError::Write {
            path: path.into(),
            source,
        })
    };
    let Some(original) = original else {
        return write(file);
    };
    let _lock = FileLock::acquire(file).map_err(|source| CliError::Write {
        path: file.into(),
        source,
    })?;
    let current = std::fs::read(file).map_err(|source| CliError::Read {
        path: file.into(),
        source,
    })?;
    if current == original {
        return write(file);
    }
    let aside = conflict_path(file);
    write(&aside)?;
    Err(CliError::ChangedMeanwhile {
        file: file.into(),
        saved: aside,
    })
}

/// `dir/name.enc.yaml` -> `dir/name.enc.conflict-<time>.yaml` (the extension keeps the format).
fn conflict_path(file: &Path) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let name = match file.extension() {
        Some(ext) => format!("{stem}.conflict-{stamp}.{}", ext.to_string_lossy()),
        None => format!("{stem}.conflict-{stamp}"),
    };
    file.with_file_name(name)
}

/// Removes the plaintext directory if the process is told to stop; Ctrl-C goes to the
/// editor, which decides (the directory is then removed on the normal way out).
fn cleanup_on_signal(dir: &Path) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let dir = dir.to_path_buf();
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if signal != SIGINT {
                let _ = std::fs::remove_dir_all(&dir);
                std::process::exit(128 + signal);
            }
        }
    });
    Ok(())
}
