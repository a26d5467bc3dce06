//! `secret git`: git's handling of encrypted files. `setup` installs (and `--uninstall`
//! removes) the attributes, configuration and hook; `merge-driver` is what git then runs
//! to merge (hidden: nobody types it), as `secret decrypt --textconv` is for diffs.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Cli, CliError};
use secret_core::keys::KeyRing;
use secret_core::ops::gitsetup;
use secret_core::ops::merge::{self, Side};

/// Set up git for encrypted files: decrypted diffs, key-by-key merges, a pre-commit check.
///
/// `secret git setup` writes the .gitattributes lines for the files the creation rules
/// cover, this clone's git configuration (textconv, merge driver) and a pre-commit hook
/// that runs `secret check --staged` after any hook already there. The merge driver
/// decrypts base, ours and theirs in memory and merges by key path: what one branch
/// changed is taken, keys added or removed on one side are added or removed, ours's
/// layout, comments and ciphertexts stay; a value both changed differently holds both
/// sides between conflict markers, encrypted (`secret edit` to resolve; the hook refuses
/// to commit it unresolved). A rotated data key wins; recipients merge as sets.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret git setup                  (then commit .gitattributes)
  secret git setup --uninstall")]
pub struct GitArgs {
    #[command(subcommand)]
    pub command: GitCommand,
}

#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Make git diff, merge and commit encrypted files safely: run once per clone.
    ///
    /// Writes, in a marked block of .gitattributes (commit it), `diff=secret merge=secret`
    /// for the files the creation rules of .sops.yaml cover; sets, in this clone's
    /// .git/config, the textconv that shows decrypted diffs (`secret decrypt --textconv`:
    /// without a key it shows the file as it is, with a one-line note, and never asks) and
    /// the merge driver that merges encrypted files key by key (`secret git merge-driver`);
    /// and installs a pre-commit hook (`secret check --staged --allow-drift`) where git
    /// looks for hooks (core.hooksPath respected). A pre-commit hook already there is kept
    /// as pre-commit.before-secret and runs first. Run it again after changing the rules;
    /// --uninstall removes all of it (the previous hook put back).
    ///
    /// Example: secret git setup
    Setup(SetupArgs),
    /// What git runs to merge an encrypted file: merges BASE, OURS and THEIRS by key path
    /// into OURS; exits 1 when values hold conflicts (both sides, between markers).
    #[command(hide = true)]
    MergeDriver(MergeDriverArgs),
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret git setup                  (then commit .gitattributes)
  secret git setup --uninstall")]
pub struct SetupArgs {
    /// Remove what setup installed: the .gitattributes block, the git configuration, the
    /// hook (putting back the one it replaced).
    #[arg(long)]
    pub uninstall: bool,

    /// How git and the hook run secret [default: the path of this secret].
    #[arg(long, value_name = "PATH")]
    pub program: Option<String>,
}

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor (`%O`; empty when there is none).
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// Our version (`%A`), which the result replaces.
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// Their version (`%B`).
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
    /// The length of conflict markers (`%L`).
    #[arg(value_name = "MARKER_SIZE")]
    pub marker_size: usize,
    /// The file's path in the repository (`%P`): its format, and the name in messages.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
}

pub fn run(cli: &Cli, args: &GitArgs) -> Result<i32, CliError> {
    match &args.command {
        GitCommand::Setup(args) => setup(cli, args).map(|()| 0),
        GitCommand::MergeDriver(args) => merge_driver(args),
    }
}

fn setup(cli: &Cli, args: &SetupArgs) -> Result<(), CliError> {
    let dir = std::env::current_dir().map_err(|e| CliError::read(".", e))?;
    if args.uninstall {
        let report = gitsetup::uninstall(&dir)?;
        if report.attributes {
            println!("removed the secret block from .gitattributes (commit the change)");
        }
        if report.config {
            println!("removed diff.secret and merge.secret from this clone's git configuration");
        }
        match (&report.restored, report.hook) {
            (Some(hook), _) => {
                println!("put the previous pre-commit hook back: {}", hook.display())
            }
            (None, true) => println!("removed the pre-commit hook"),
            _ => {}
        }
        if let Some(hook) = &report.foreign_hook {
            println!("left {}: it is not secret's", hook.display());
        }
        if !report.attributes && !report.config && !report.hook {
            println!("nothing to remove: secret git setup was not run here");
        }
        return Ok(());
    }
    let program = match &args.program {
        Some(program) => program.clone(),
        None => std::env::current_exe()
            .map_err(|e| CliError::read("the secret executable", e))?
            .to_string_lossy()
            .into_owned(),
    };
    let report = gitsetup::install(&dir, &program, cli.options.config.as_deref())?;
    println!(
        "{}: diff=secret merge=secret for {}",
        report.attributes.display(),
        if report.patterns.is_empty() && report.listed.is_empty() {
            "no file (no creation rule has a path_regex)".to_string()
        } else {
            report
                .patterns
                .iter()
                .chain(&report.listed)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    if !report.listed.is_empty() {
        println!(
            "  (files named one by one: a path_regex has no glob form; run this again for new files)"
        );
    }
    println!("git config (this clone): diff.secret.textconv, merge.secret.driver → {program}");
    println!("pre-commit hook: {}", report.hook.display());
    if let Some(chained) = &report.chained {
        println!(
            "  the hook that was there runs first, as {}",
            chained.display()
        );
    }
    println!("\ncommit .gitattributes; each clone runs `secret git setup` once");
    Ok(())
}

fn merge_driver(args: &MergeDriverArgs) -> Result<i32, CliError> {
    let mut keys = KeyRing::default();
    let merged = merge::merge_files(
        &args.base,
        &args.ours,
        &args.theirs,
        &args.path,
        // git's `conflict-marker-size` may be anything; fewer than 7 would not be seen as
        // markers by `secret check`, and a huge one is a mistake.
        args.marker_size.clamp(7, 256),
        &mut keys,
    )?;
    let name = args.path.display();
    if merged.text_merge {
        return Ok(i32::from(!merged.conflicts.is_empty()));
    }
    if merged.base_unreadable {
        eprintln!(
            "secret: {name}: no key of yours opens the common ancestor: merged without it, so \
             every value the branches hold differently is a conflict"
        );
    }
    if let Some(side) = merged.rotated {
        let which = if side == Side::Ours { "our" } else { "their" };
        eprintln!("secret: {name}: sealed under {which} branch's rotated data key");
    }
    if merged.conflicts.is_empty() {
        return Ok(0);
    }
    eprintln!(
        "secret: {name}: both branches changed {}: each such value now holds both sides between \
         conflict markers, encrypted; resolve them with `secret edit {name}`, then `git add` it",
        merged.conflicts.join(", ")
    );
    Ok(1)
}
