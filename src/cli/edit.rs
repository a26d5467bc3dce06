//! `secret edit`: decrypts into a private temporary file, opens the editor, re-encrypts.
//! Unchanged values keep their ciphertext, so the diff shows only what the user changed.

use std::path::Path;

use clap::Args;

use super::args::{KeyArgs, Target};
use super::{Cli, CliError, editor, warn_failed_keys};
use secret_core::fsutil::write_private;
use secret_core::keys::KeyRing;
use secret_core::ops::draft::Draft;
use secret_core::private_dir::PrivateDir;
use secret_core::sops::error::SopsError;
use zeroize::Zeroizing;

/// Edit an encrypted file in your editor ($SOPS_EDITOR, $VISUAL or $EDITOR).
///
/// The plaintext lives only in a private temporary file (0600, in a 0700 directory on a
/// RAM-backed filesystem where there is one), removed on every way out. A file that does
/// not exist yet is created for the recipients of the matching creation rule.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret edit secrets.enc.yaml
  EDITOR=\"code --wait\" secret edit secrets.enc.yaml")]
pub struct EditArgs {
    #[command(flatten)]
    pub target: Target,

    /// Keys and settings for a file that does not exist yet.
    #[command(flatten)]
    pub keys: KeyArgs,
}

pub fn run(cli: &Cli, args: &EditArgs) -> Result<(), CliError> {
    let draft = start(cli, args)?;
    let words = editor::command()?;

    let dir = PrivateDir::new()?;
    let temp = dir
        .path()
        .join(args.target.file.file_name().unwrap_or("secret".as_ref()));
    write_private(&temp, &draft.plaintext).map_err(|source| CliError::write(&temp, source))?;
    cleanup_on_signal(dir.path()).map_err(|source| CliError::write(dir.path(), source))?;

    loop {
        editor::edit(&words, &temp)?;
        let edited = std::fs::read(&temp)
            .map(Zeroizing::new)
            .map_err(|source| CliError::read(&temp, source))?;
        if edited == draft.plaintext {
            eprintln!("{}: unchanged, nothing written", args.target.file.display());
            return Ok(());
        }
        match draft.seal(&edited) {
            Ok(encrypted) => return Ok(draft.save(&encrypted)?),
            Err(SopsError::Store(error)) if may_reopen(&args.target.file, &error.to_string())? => {
                continue;
            }
            Err(source) => return Err(CliError::sops(&args.target.file, source)),
        }
    }
}

/// The draft of an existing file, or of a new one for the keys of the flags or rules.
fn start(cli: &Cli, args: &EditArgs) -> Result<Draft, CliError> {
    let file = args.target.encrypted_file();
    if file.path.exists() {
        let mut keys = KeyRing::default();
        let draft = Draft::open(&file, &mut keys)?;
        warn_failed_keys(cli, &keys);
        return Ok(draft);
    }
    let options =
        args.keys
            .request(cli)
            .encrypt_options(&file.path, Some(&file.path), file.format)?;
    Ok(Draft::new(&file, &options)?)
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
