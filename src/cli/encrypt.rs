//! `secret encrypt`: encrypts the values of a plaintext file for the recipients named on
//! the command line or by the matching `.sops.yaml` creation rule; several files (or
//! `-r DIR`) in place or into another directory, in parallel.

use std::path::PathBuf;

use clap::Args;

use super::args::KeyArgs;
use super::io::FileArgs;
use super::many::{self, DirArgs, Item, Outcome};
use super::{Cli, CliError};
use secret_core::convert::convert;
use secret_core::fsutil::write_atomic;
use secret_core::ops::many::{Purpose, holds_sops_metadata};
use secret_core::ops::{self, read_file};
use secret_core::store::Format;

/// Encrypt a file to standard output, to -o OUT, or in place with -i.
///
/// Keys stay readable; each value is encrypted on its own, and comments, order and layout
/// are kept byte for byte.
///
/// Several files, and -r DIR (every plaintext file under DIR that a creation rule with
/// a path_regex covers), are encrypted in place (-i) or into --output-dir, in parallel,
/// one line per file (`FILE: ok` or `FILE: error: …`). A file that fails stops no
/// other; each is written atomically. Exit code: 0 when all succeeded, else the code
/// of the first file that failed.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret encrypt -i app.enc.yaml                  (for the recipients of its .sops.yaml rule)
  secret encrypt --age age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p secrets.yaml > secrets.enc.yaml
  secret encrypt -i -r config/                    (every plaintext file a rule names under config/)
  secret encrypt --output-dir enc/ a.enc.yaml b.enc.env")]
pub struct EncryptArgs {
    #[command(flatten)]
    pub file: FileArgs,

    #[command(flatten)]
    pub dirs: DirArgs,

    /// With several files: write each, encrypted, to DIR/ its path (relative to its -r
    /// directory, or as named), instead of in place.
    #[arg(long, value_name = "DIR", conflicts_with = "in_place")]
    pub output_dir: Option<PathBuf>,

    #[command(flatten)]
    pub keys: KeyArgs,
}

pub fn run(cli: &Cli, args: &EncryptArgs) -> Result<(), CliError> {
    if args.dirs.is_many(args.file.files.len()) {
        return run_many(cli, args);
    }
    let format = args.file.output_format();
    let src = args.file.read()?;
    let name = args.file.name();
    let plaintext =
        convert(&src, args.file.format(), format).map_err(|e| CliError::sops(&name, e.into()))?;
    let options = args
        .keys
        .request(cli)
        .encrypt_options(&name, args.file.file(), format)?;
    let encrypted = ops::encrypt(&plaintext, &name, format, &options)?;
    args.file.write(&encrypted)
}

/// Several files: each encrypted for its own rule (or the keys named), in parallel. Under
/// `-r`, files that are encrypted already are left out, and only rules with a
/// `path_regex` pick files (a catch-all rule would take every file of the tree).
fn run_many(cli: &Cli, args: &EncryptArgs) -> Result<(), CliError> {
    many::check_file_flags(&args.file, args.output_dir.as_deref())?;
    let items = args.dirs.items(cli, &args.file.files, Purpose::Plaintext)?;
    let request = args.keys.request(cli);
    many::run_all(
        "encrypted",
        &items,
        || (),
        |(), item| {
            let format = Format::from_path(&item.path);
            let src = match read_file(&item.path) {
                Ok(src) => src,
                Err(error) => return Outcome::Failed(error.into()),
            };
            if item.found && holds_sops_metadata(format, &src) {
                return Outcome::Skipped;
            }
            encrypt_one(&request, item, format, &src, args.output_dir.as_deref()).into()
        },
    )
}

fn encrypt_one(
    request: &ops::KeyRequest,
    item: &Item,
    format: Format,
    src: &[u8],
    output_dir: Option<&std::path::Path>,
) -> Result<String, CliError> {
    let options = request.encrypt_options(&item.path, Some(&item.path), format)?;
    let encrypted = ops::encrypt(src, &item.path, format, &options)?;
    let target = match output_dir {
        Some(dir) => {
            let target = many::output_path(dir, item)?;
            many::make_parents(&target)?;
            target
        }
        None => item.path.clone(),
    };
    write_atomic(&target, &encrypted).map_err(|source| CliError::write(&target, source))?;
    Ok(match output_dir {
        Some(_) => format!(" ({})", target.display()),
        None => String::new(),
    })
}
