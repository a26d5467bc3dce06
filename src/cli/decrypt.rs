//! `secret decrypt`: the plaintext of an encrypted file, in its own layout; several files
//! (or `-r DIR`) in place or into another directory, in parallel.

use std::path::{Path, PathBuf};

use clap::Args;

use super::io::{FileArgs, write_stdout};
use super::many::{self, DirArgs, Item, Outcome};
use super::{Cli, CliError, warn_failed_keys};
use secret_core::convert::convert;
use secret_core::fsutil::{write_atomic, write_atomic_private};
use secret_core::keys::KeyRing;
use secret_core::ops::extract::extract;
use secret_core::ops::many::Purpose;
use secret_core::ops::read_file;
use secret_core::ops::{EncryptedFile, OpError};
use secret_core::path;
use secret_core::sops::error::SopsError;
use secret_core::store::Format;

/// Decrypt a file to standard output, to -o OUT, or in place with -i.
///
/// With --textconv, for `git diff`: a file you hold no key for is shown as stored, after
/// a one-line note, and the exit code is 0.
///
/// Several files, and -r DIR (every encrypted file under DIR that a creation rule
/// covers), need -i (each in place) or --output-dir DIR (each to DIR/its path, 0600):
/// never standard output, which could not keep them apart. They are decrypted in
/// parallel, one line per file (`FILE: ok` or `FILE: error: …`); a file that fails
/// stops no other. Exit code: 0 when all succeeded, else the code of the first file
/// that failed.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret decrypt secrets.enc.yaml > secrets.yaml
  secret decrypt --extract '[\"db\"][\"password\"]' secrets.enc.yaml
  git config diff.secret.textconv \"secret decrypt --textconv\"   (readable git diffs)
  secret decrypt -r config/ --output-dir /dev/shm/plain   (every encrypted file under config/)")]
pub struct DecryptArgs {
    #[command(flatten)]
    pub file: FileArgs,

    #[command(flatten)]
    pub dirs: DirArgs,

    /// With several files: write each, decrypted (0600, in 0700 directories), to DIR/ its
    /// path (relative to its -r directory, or as named), instead of in place. Several
    /// files are never decrypted to standard output: it could not keep them apart.
    #[arg(long, value_name = "DIR", conflicts_with = "in_place")]
    pub output_dir: Option<PathBuf>,

    /// Decrypt even if the file's MAC does not match (values must still authenticate).
    #[arg(long)]
    pub ignore_mac: bool,

    /// Print only the value at this path: `a.b[0]` or `["a"]["b"][0]`. A string prints
    /// raw, without a trailing newline.
    #[arg(long, value_name = "PATH")]
    pub extract: Option<String>,

    /// Key types to try, in order (e.g. `age,kms`).
    #[arg(
        long,
        env = "SOPS_DECRYPTION_ORDER",
        value_delimiter = ',',
        value_name = "TYPES"
    )]
    pub decryption_order: Vec<String>,

    /// For git's `diff.secret.textconv`: when no key of yours opens the file (or it cannot
    /// be decrypted, or is not encrypted), print it as stored, after a one-line `# secret:`
    /// note, and exit 0, so `git diff` works for teammates without the key.
    #[arg(long, conflicts_with_all = ["extract", "in_place", "output", "output_type"])]
    pub textconv: bool,
}

pub fn run(cli: &Cli, args: &DecryptArgs) -> Result<(), CliError> {
    if args.textconv {
        return textconv(args);
    }
    if args.dirs.is_many(args.file.files.len()) {
        return run_many(cli, args);
    }
    let src = args.file.read()?;
    let path = args
        .extract
        .as_deref()
        .map(path::parse)
        .transpose()
        .map_err(|e| CliError::BadPath(e.to_string()))?;
    let mut keys = KeyRing::new(decryption_order(&args.decryption_order)?);
    let file = EncryptedFile {
        ignore_mac: args.ignore_mac,
        ..EncryptedFile::new(args.file.name(), Some(args.file.format()))
    };
    let decrypted = file.decrypt_bytes(&src, &mut keys)?;
    if let Some(problem) = decrypted
        .layout_problem
        .as_ref()
        .filter(|_| cli.options.verbose)
    {
        eprintln!(
            "secret: warning: {}: {problem}; values are written in their default spelling",
            file.path.display()
        );
    }
    let plaintext = decrypted.bytes;
    let sops_error = |source: SopsError| CliError::sops(&file.path, source);
    warn_failed_keys(cli, &keys);
    match path {
        Some(path) => args.file.write(
            &extract(file.store().as_ref(), &plaintext, &path)
                .map_err(sops_error)?
                .ok_or_else(|| {
                    CliError::NotFound(format!(
                        "{}: nothing at {}",
                        args.file.name().display(),
                        args.extract.as_deref().unwrap_or_default()
                    ))
                })?,
        ),
        None => {
            let converted = convert(&plaintext, args.file.format(), args.file.output_format())
                .map_err(|e| sops_error(e.into()))?;
            args.file.write(&converted)
        }
    }
}

/// Several files, each decrypted on its own, in parallel (each worker with its keys).
/// Under `-r`, files that hold no sops metadata are left out.
fn run_many(cli: &Cli, args: &DecryptArgs) -> Result<(), CliError> {
    if args.extract.is_some() {
        return Err(CliError::Conflict(
            "--extract prints one value of one file".into(),
        ));
    }
    many::check_file_flags(&args.file, args.output_dir.as_deref())?;
    let order = decryption_order(&args.decryption_order)?;
    let items = args.dirs.items(cli, &args.file.files, Purpose::Encrypted)?;
    many::run_all(
        "decrypted",
        &items,
        || KeyRing::new(order.clone()),
        |keys, item| decrypt_one(keys, item, args),
    )
}

fn decrypt_one(keys: &mut KeyRing, item: &Item, args: &DecryptArgs) -> Outcome {
    let src = match read_file(&item.path) {
        Ok(src) => src,
        Err(error) => return Outcome::Failed(error.into()),
    };
    if item.found && cannot_be_sops(&src) {
        return Outcome::Skipped;
    }
    let file = EncryptedFile {
        ignore_mac: args.ignore_mac,
        ..EncryptedFile::new(&item.path, Some(Format::from_path(&item.path)))
    };
    let plaintext = match file.decrypt_bytes(&src, keys) {
        Ok(decrypted) => decrypted.bytes,
        Err(OpError::Sops {
            source: SopsError::MetadataNotFound,
            ..
        }) if item.found => return Outcome::Skipped,
        Err(error) => return Outcome::Failed(error.into()),
    };
    write_one(item, &plaintext, args.output_dir.as_deref()).into()
}

/// Whether `src` cannot be a sops file (it does not even hold the word).
fn cannot_be_sops(src: &[u8]) -> bool {
    !src.windows(4).any(|w| w == b"sops")
}

fn write_one(item: &Item, plaintext: &[u8], output_dir: Option<&Path>) -> Result<String, CliError> {
    match output_dir {
        Some(dir) => {
            let target = many::output_path(dir, item)?;
            many::make_parents(&target)?;
            write_atomic_private(&target, plaintext)
                .map_err(|source| CliError::write(&target, source))?;
            Ok(format!(" ({})", target.display()))
        }
        None => {
            write_atomic(&item.path, plaintext)
                .map_err(|source| CliError::write(&item.path, source))?;
            Ok(String::new())
        }
    }
}

/// The plaintext when this user can decrypt the file; else the file as it is stored, with a
/// note saying why (nothing for a file that is not encrypted). Exits 0 either way.
fn textconv(args: &DecryptArgs) -> Result<(), CliError> {
    let src = args.file.read()?;
    let mut keys = KeyRing::new(decryption_order(&args.decryption_order)?);
    let file = EncryptedFile::new(args.file.name(), Some(args.file.format()));
    let note = match file.decrypt_bytes(&src, &mut keys) {
        Ok(decrypted) => return write_stdout(&decrypted.bytes),
        Err(OpError::Sops {
            source: SopsError::MetadataNotFound,
            ..
        }) => return write_stdout(&src),
        Err(OpError::Sops {
            source: SopsError::NoKey { .. } | SopsError::Shamir(_),
            ..
        }) => "no key of yours opens this file; shown as stored, encrypted".to_string(),
        Err(error) => format!("cannot decrypt it ({error}); shown as stored"),
    };
    let mut out = format!("# secret: {note}\n").into_bytes();
    out.extend_from_slice(&src);
    write_stdout(&out)
}

/// The `--decryption-order` list, refusing repeats as sops does (exit 112 there).
fn decryption_order(order: &[String]) -> Result<Vec<String>, CliError> {
    let order: Vec<String> = order
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(repeated) = order
        .iter()
        .enumerate()
        .find(|(i, k)| order[..*i].contains(k))
    {
        return Err(CliError::Conflict(format!(
            "--decryption-order names `{}` twice",
            repeated.1
        )));
    }
    Ok(order)
}
