//! `secret rotate`: a new data key for a file, every value re-encrypted under it, wrapped
//! for the same recipients. `secret updatekeys`: the same data key re-wrapped for the
//! recipients `.sops.yaml` names now. Both take several files and `-r DIR`, worked on in
//! parallel, one line per file.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use clap::Args;

use super::args::KeyArgs;
use super::many::{self, DirArgs, Item, Outcome};
use super::{Cli, CliError};
use secret_core::ops::many::{Purpose, holds_sops_metadata};
use secret_core::ops::rewrite::{Drift, GroupChange, drift};
use secret_core::ops::{self, EncryptedFile, read_file};
use secret_core::sops::encrypt::EncryptOptions;
use secret_core::store::Format;

/// Re-encrypt a file under a new data key, for the same recipients (in place).
///
/// Use it after someone who could read the file has left: the old data key no longer
/// opens the new file. Several files and -r DIR (every encrypted file under DIR that a
/// creation rule covers) are rotated in parallel, one line per file; exit code 0 when
/// all succeeded, else the code of the first file that failed.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret rotate secrets.enc.yaml
  secret rotate -r .                          (every encrypted file a creation rule covers)")]
pub struct RotateArgs {
    /// The encrypted files.
    #[arg(
        value_name = "FILE",
        value_hint = clap::ValueHint::FilePath,
        required_unless_present = "dirs"
    )]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub dirs: DirArgs,

    /// Read FILE as this format instead of guessing from its extension.
    #[arg(long, value_name = "FORMAT", value_parser = super::format_parser())]
    pub input_type: Option<Format>,
}

/// Re-wrap a file's data key for the recipients its `.sops.yaml` creation rule names now.
///
/// Shows who is added and removed and asks before writing; without a terminal it needs
/// --yes (else it exits 9 and changes nothing). Values, MAC and lastmodified are
/// unchanged. Removed recipients can still read old copies of the file: run
/// `secret rotate` too, or pass --rotate (`secret recipients remove` does both for every
/// file of a rule, and lists what the key could read).
///
/// Several files and -r DIR (every encrypted file under DIR that a creation rule
/// covers): the changes of every file are shown first and one yes (or --yes) covers
/// them all; then the files are re-keyed in parallel, one line per file. Exit code:
/// 9 without a terminal and without --yes (nothing written), else 0 when all succeeded,
/// else the code of the first file that failed.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret updatekeys secrets.enc.yaml          (shows who is added and removed, and asks)
  secret updatekeys --yes secrets.enc.yaml    (no question: for scripts and CI)
  secret updatekeys -r . --yes                (every file of the repository, after .sops.yaml changed)
  secret updatekeys -r . --rotate --yes       (and new data keys where someone was removed)")]
pub struct UpdateKeysArgs {
    /// The encrypted files.
    #[arg(
        value_name = "FILE",
        value_hint = clap::ValueHint::FilePath,
        required_unless_present = "dirs"
    )]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub dirs: DirArgs,

    /// Read FILE as this format instead of guessing from its extension.
    #[arg(long, value_name = "FORMAT", value_parser = super::format_parser())]
    pub input_type: Option<Format>,

    /// Do not ask for confirmation.
    #[arg(short, long)]
    pub yes: bool,

    /// Also give a new data key (every value re-encrypted, as `secret rotate` does) to
    /// each file that loses a recipient, in the same write: a key that leaves cannot open
    /// even a copy of the new file it kept the old data key of.
    #[arg(long)]
    pub rotate: bool,
}

pub fn rotate(cli: &Cli, args: &RotateArgs) -> Result<(), CliError> {
    if args.dirs.is_many(args.files.len()) {
        return rotate_many(cli, args);
    }
    let file = EncryptedFile::new(&args.files[0], args.input_type);
    ops::rewrite::rotate(&file)?;
    eprintln!(
        "{}: new data key; every value re-encrypted",
        file.path.display()
    );
    Ok(())
}

fn rotate_many(cli: &Cli, args: &RotateArgs) -> Result<(), CliError> {
    let items = args.dirs.items(cli, &args.files, Purpose::Encrypted)?;
    many::run_all(
        "rotated",
        &items,
        || (),
        |(), item| {
            let file = encrypted_file(item, args.input_type);
            if item.found && !is_sops_file(&file) {
                return Outcome::Skipped;
            }
            ops::rewrite::rotate(&file)
                .map(|()| ", new data key".to_string())
                .map_err(CliError::from)
                .into()
        },
    )
}

fn encrypted_file(item: &Item, input_type: Option<Format>) -> EncryptedFile {
    let format = if item.found { None } else { input_type };
    EncryptedFile::new(&item.path, format)
}

fn is_sops_file(file: &EncryptedFile) -> bool {
    read_file(&file.path).is_ok_and(|bytes| holds_sops_metadata(file.format, &bytes))
}

pub fn update_keys(cli: &Cli, args: &UpdateKeysArgs) -> Result<(), CliError> {
    if args.dirs.is_many(args.files.len()) {
        return update_many(cli, args);
    }
    let file = EncryptedFile::new(&args.files[0], args.input_type);
    let wanted = wanted_options(cli, &file)?;
    if args.rotate {
        let metadata = file.metadata()?;
        let drift = drift(&metadata, &wanted);
        if drift.is_empty() {
            eprintln!(
                "{}: the recipients are already those of .sops.yaml",
                file.path.display()
            );
            return Ok(());
        }
        show_changes(&drift.changes);
        if !(args.yes || confirm(&file.path)?) {
            return Err(CliError::Declined);
        }
        apply(&file, &wanted, &drift, true)?;
        eprintln!("{}: keys updated", file.path.display());
        return Ok(());
    }
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

/// The keys and settings the file's creation rule gives it now.
fn wanted_options(cli: &Cli, file: &EncryptedFile) -> Result<EncryptOptions, CliError> {
    Ok(KeyArgs::default().request(cli).encrypt_options(
        &file.path,
        Some(&file.path),
        file.format,
    )?)
}

/// What re-keying one file of several changes, found without any key.
enum Plan {
    /// Not a sops file, found under a directory.
    Skip,
    UpToDate,
    Change(EncryptOptions, Drift),
    /// Taken out once, to be reported.
    Failed(Mutex<Option<CliError>>),
}

impl Plan {
    fn failed(error: CliError) -> Plan {
        Plan::Failed(Mutex::new(Some(error)))
    }
}

/// Several files: what changes in each is shown first (metadata only, no key needed), one
/// yes for all of them, then each file is re-keyed in parallel.
fn update_many(cli: &Cli, args: &UpdateKeysArgs) -> Result<(), CliError> {
    let items = args.dirs.items(cli, &args.files, Purpose::Encrypted)?;
    // Metadata only, no key: quick enough in turn (and key objects stay on one thread).
    let plans: Vec<Plan> = items
        .iter()
        .map(|item| plan_one(cli, item, args.input_type))
        .collect();
    let mut changing = 0;
    for (item, plan) in items.iter().zip(&plans) {
        if let Plan::Change(_, drift) = plan {
            changing += 1;
            eprintln!("{}:", item.path.display());
            show_changes(&drift.changes);
            if let Some((now, wanted)) = drift.threshold {
                eprintln!("  key groups needed: {now} → {wanted}");
            }
        }
    }
    let failed_early = plans.iter().any(|p| matches!(p, Plan::Failed(_)));
    if changing > 0 {
        let question = format!(
            "{changing} {} to re-key: changing who can decrypt them needs a yes",
            many::files(changing)
        );
        if !args.yes && !confirm_many(&question)? {
            return Err(CliError::Declined);
        }
    } else if !failed_early {
        let total = plans.iter().filter(|p| matches!(p, Plan::UpToDate)).count();
        eprintln!(
            "secret: the recipients of {total} {} are already those of .sops.yaml",
            many::files(total)
        );
        return Ok(());
    }
    let jobs: Vec<Job> = items
        .into_iter()
        .zip(plans)
        .map(|(item, plan)| Job { item, plan })
        .collect();
    many::run_all(
        "re-keyed or already up to date",
        &jobs,
        || (),
        |(), job| match &job.plan {
            Plan::Skip => Outcome::Skipped,
            Plan::UpToDate => Outcome::Done(", already up to date".into()),
            Plan::Failed(error) => match error.lock().ok().and_then(|mut e| e.take()) {
                Some(error) => Outcome::Failed(error),
                None => Outcome::Skipped,
            },
            Plan::Change(wanted, drift) => {
                let file = encrypted_file(&job.item, args.input_type);
                apply(&file, wanted, drift, args.rotate)
                    .map(|rotated| {
                        if rotated {
                            ", keys updated, new data key".to_string()
                        } else {
                            ", keys updated".to_string()
                        }
                    })
                    .into()
            }
        },
    )
}

/// A file of several with what re-keying it changes.
struct Job {
    item: Item,
    plan: Plan,
}

impl AsRef<Item> for Job {
    fn as_ref(&self) -> &Item {
        &self.item
    }
}

fn plan_one(cli: &Cli, item: &Item, input_type: Option<Format>) -> Plan {
    let file = encrypted_file(item, input_type);
    let metadata = match file.metadata() {
        Ok(metadata) => metadata,
        Err(_) if item.found => return Plan::Skip,
        Err(error) => return Plan::failed(error.into()),
    };
    let wanted = match wanted_options(cli, &file) {
        Ok(wanted) => wanted,
        Err(error) => return Plan::failed(error),
    };
    let drift = drift(&metadata, &wanted);
    if drift.is_empty() {
        Plan::UpToDate
    } else {
        Plan::Change(wanted, drift)
    }
}

/// Re-keys one file; with `rotate`, a file that loses a recipient also gets a new data
/// key. Whether it got one.
fn apply(
    file: &EncryptedFile,
    wanted: &EncryptOptions,
    drift: &Drift,
    rotate: bool,
) -> Result<bool, CliError> {
    let loses = drift.changes.iter().any(|c| !c.removed.is_empty());
    if rotate && loses {
        ops::rewrite::rotate_for(file, wanted)?;
        return Ok(true);
    }
    ops::rewrite::update_keys(file, wanted, |_| Ok::<_, CliError>(true))?;
    Ok(false)
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
    ask(
        &format!(
            "{}: changing who can decrypt it needs a yes",
            file.display()
        ),
        "Update the keys?",
    )
}

fn confirm_many(question: &str) -> Result<bool, CliError> {
    ask(question, "Update the keys of these files?")
}

fn ask(needs: &str, prompt: &str) -> Result<bool, CliError> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(CliError::NeedsYes(needs.to_string()));
    }
    Ok(dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(false)
        .interact()
        .unwrap_or(false))
}
