//! `secret keygen`: a new age identity, where sops looks for it.

use std::path::PathBuf;

use clap::Args;

use super::CliError;
use secret_core::keys::age::generate_key_file;
use secret_core::ops::keyfile;

/// Create an age key (X25519) and print its public key, the recipient to encrypt for.
///
/// The key goes to sops's default key file ($XDG_CONFIG_HOME/sops/age/keys.txt, else the
/// user configuration directory's sops/age/keys.txt), created 0600 in 0700 directories,
/// where both secret and sops find it. A key file that exists is never overwritten or
/// appended to: losing a key loses every file encrypted only for it.
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
        None => keyfile::default_path()?,
    };
    let public = keyfile::create(&path)?;
    eprintln!("secret: wrote a new age key to {}", path.display());
    println!("{public}");
    Ok(())
}
