//! `secret log`: an encrypted file's history key by key, without a key (see
//! `secret_core::ops::log`).

use std::path::PathBuf;

use clap::Args;

use super::CliError;
use secret_core::ops::log::{self, Change, LogOptions};
use secret_core::ops::readers;
use secret_core::path;

/// The history of an encrypted file key by key, without any key.
///
/// For each commit that touched the file: author, date, and which key paths were added,
/// changed or removed (an unchanged value keeps its ciphertext, so a changed ciphertext
/// is a changed value), recipients added and removed, data key rotations, and versions
/// committed unencrypted. With KEYPATH, only the commits that touched that key, its
/// readers or its encryption. --readers shows who could decrypt each version and
/// everyone who ever could: the exposure a revocation must assume. Lines: + a key
/// added, ~ a value changed, - a key removed; readers +/- a recipient added or removed;
/// a rotation re-encrypts every value under a new data key.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret log secrets.enc.yaml
  secret log secrets.enc.yaml db.password --readers   (who could ever read it: before revoking)
  secret log --json secrets.enc.yaml | jq '.changes[] | select(.rotated)'")]
pub struct LogArgs {
    /// The encrypted file (followed across renames).
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,

    /// Only this key and what lies below it: `a.b[0].c` or `["a"]["b"][0]["c"]`.
    #[arg(value_name = "KEYPATH")]
    pub key: Option<String>,

    /// Show who could decrypt each version, and (with KEYPATH) everyone who ever could.
    #[arg(long)]
    pub readers: bool,

    /// Print the history as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &LogArgs) -> Result<(), CliError> {
    let key = args
        .key
        .as_deref()
        .map(path::parse)
        .transpose()
        .map_err(|e| CliError::BadPath(e.to_string()))?;
    let dir = std::env::current_dir().map_err(|e| CliError::read(".", e))?;
    let changes = log::log(&dir, &args.file, &LogOptions { key: key.clone() })?;
    if args.json {
        print_json(args, &changes);
    } else {
        print_human(args, &changes);
    }
    Ok(())
}

fn print_human(args: &LogArgs, changes: &[Change]) {
    if changes.is_empty() {
        eprintln!(
            "secret log: no commit touched {}",
            args.key.as_deref().unwrap_or("the file")
        );
    }
    for (index, change) in changes.iter().rev().enumerate() {
        if index > 0 {
            println!();
        }
        let commit = &change.commit;
        println!(
            "commit {} {} {} <{}>",
            &commit.id[..commit.id.len().min(12)],
            commit.date,
            commit.author,
            commit.email
        );
        println!("    {}", commit.subject);
        match &change.renamed_from {
            Some(from) => println!(
                "    renamed from {} to {}",
                from.display(),
                change.path.display()
            ),
            None if change.path != args.file => println!("    (as {})", change.path.display()),
            None => {}
        }
        if let Some(why) = &change.unreadable {
            println!("    ! does not parse: {why}");
            continue;
        }
        if change.not_encrypted {
            println!(
                "    ! NOT ENCRYPTED in this commit: its values are in clear in git's history"
            );
        }
        if change.created {
            println!("    created");
        }
        if change.deleted {
            println!("    deleted");
        }
        for key in &change.added {
            println!("    + {key}");
        }
        for key in &change.changed {
            println!("    ~ {key}");
        }
        for key in &change.removed {
            println!("    - {key}");
        }
        if change.rotated {
            println!(
                "    data key rotated: every value re-encrypted (which changed cannot be told without a key)"
            );
        }
        for reader in &change.readers_added {
            println!("    readers + {reader}");
        }
        for reader in &change.readers_removed {
            println!("    readers - {reader}");
        }
        if args.readers && !change.deleted && !change.not_encrypted {
            println!(
                "    readers: {}",
                readers::describe(&change.readers, change.threshold)
            );
        }
    }
    if args.readers {
        let what = args.key.as_deref().unwrap_or("the file");
        println!(
            "\ncould read {what} at some point: {}",
            log::exposure(changes).join(", ")
        );
    }
}

fn print_json(args: &LogArgs, changes: &[Change]) {
    let entries: Vec<serde_json::Value> = changes
        .iter()
        .map(|c| {
            let mut entry = serde_json::json!({
                "commit": c.commit.id,
                "author": c.commit.author,
                "email": c.commit.email,
                "date": c.commit.date,
                "subject": c.commit.subject,
                "path": c.path.to_string_lossy(),
                "created": c.created,
                "renamed_from": c.renamed_from.as_ref().map(|p| p.to_string_lossy()),
                "deleted": c.deleted,
                "added": c.added,
                "changed": c.changed,
                "removed": c.removed,
                "readers_added": c.readers_added,
                "readers_removed": c.readers_removed,
                "rotated": c.rotated,
                "not_encrypted": c.not_encrypted,
                "unreadable": c.unreadable,
            });
            if args.readers {
                entry["readers"] = c
                    .readers
                    .iter()
                    .map(|g| g.iter().cloned().collect::<Vec<_>>())
                    .collect();
                entry["shamir_threshold"] = c.threshold.into();
            }
            entry
        })
        .collect();
    let mut json = serde_json::json!({
        "file": args.file.to_string_lossy(),
        "key": args.key,
        "changes": entries,
    });
    if args.readers {
        json["exposure"] = log::exposure(changes).into();
    }
    println!("{json:#}");
}
