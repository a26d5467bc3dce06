//! `secret init`: a project set up for the user's age key in one step.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{Cli, CliError};
use secret_core::config::CONFIG_NAME;
use secret_core::fsutil::write_atomic_public;
use secret_core::keys::age::{AgeIdentities, AgeKey};
use secret_core::ops::keyfile;
use secret_core::sops::datakey::MasterKey;

/// Which files a new `.sops.yaml` rule covers unless told otherwise.
const DEFAULT_PATH_REGEX: &str = r"\.enc\.(yaml|yml|json|env|ini)$";

/// The file of the `dev` environment a new `.sops.yaml` names.
const DEFAULT_ENV_FILE: &str = "dev.enc.env";

/// Set up a project: your age key, a .sops.yaml encrypting for it, readable git diffs.
///
/// Finds your age key where sops looks for one (or creates it, as `secret keygen` does),
/// writes .sops.yaml with a creation rule for it and a `secret:` section with a `dev`
/// environment, and prints the .gitattributes lines that make `git diff` show decrypted
/// values. On a terminal it asks; every answer is also a flag, and with --yes (or without
/// a terminal) the flags and defaults are taken as they are. An existing .sops.yaml is
/// replaced only with --force.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret init
  secret init --yes                                 (your key, created if missing; defaults)
  secret init --yes --age age1…,age1… --path-regex '^secrets/'")]
pub struct InitArgs {
    /// Encrypt for these recipients (comma-separated) instead of your own key.
    #[arg(long, value_name = "RECIPIENTS")]
    pub age: Option<String>,

    /// The files the creation rule covers [default: \.enc\.(yaml|yml|json|env|ini)$].
    #[arg(long, value_name = "REGEX")]
    pub path_regex: Option<String>,

    /// The encrypted file of the `dev` environment that `secret exec` loads by default.
    #[arg(long, value_name = "FILE", default_value = DEFAULT_ENV_FILE)]
    pub env_file: String,

    /// Ask nothing: take the flags and the defaults, create a key if there is none.
    #[arg(short, long)]
    pub yes: bool,

    /// Replace an existing .sops.yaml.
    #[arg(long)]
    pub force: bool,

    /// Also set up git here, as `secret git setup` does: decrypted diffs, key-by-key
    /// merges, a pre-commit check (asked on a terminal when in a git repository).
    #[arg(long)]
    pub git: bool,
}

/// What the new `.sops.yaml` says.
struct Plan {
    recipients: Vec<String>,
    path_regex: String,
    env_file: String,
}

pub fn run(cli: &Cli, args: &InitArgs) -> Result<(), CliError> {
    let target = cli
        .options
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from(CONFIG_NAME));
    if target.exists() && !args.force {
        return Err(CliError::ConfigExists(target));
    }
    let ask = !args.yes && std::io::stdin().is_terminal();
    let dir = std::env::current_dir().map_err(|e| CliError::read(".", e))?;
    if args.git {
        // Before anything is written: --git outside a repository writes nothing.
        secret_core::git::repository_root(&dir)
            .map_err(secret_core::ops::gitsetup::SetupError::from)?;
    }
    let plan = Plan {
        recipients: recipients(args, ask)?,
        path_regex: path_regex(args, ask)?,
        env_file: args.env_file.clone(),
    };
    // 0644 when new: it holds no secret, and is committed.
    write_atomic_public(&target, plan.config_text().as_bytes())
        .map_err(|source| CliError::write(&target, source))?;
    let git = set_up_git(args, ask, &dir, &target)?;
    print_next_steps(&target, &plan, git);
    Ok(())
}

/// `secret git setup`, with --git or when the answer is yes; what it did, if it was done.
fn set_up_git(
    args: &InitArgs,
    ask: bool,
    dir: &Path,
    config: &Path,
) -> Result<Option<String>, CliError> {
    let in_repository = secret_core::git::repository_root(dir).is_ok();
    let wanted = args.git
        || (ask
            && in_repository
            && dialoguer::Confirm::new()
                .with_prompt(
                    "Set up git too (decrypted diffs, key-by-key merges, a pre-commit check)?",
                )
                .default(true)
                .interact()
                .map_err(prompt_error)?);
    if !wanted {
        return Ok(None);
    }
    let program = std::env::current_exe()
        .map_err(|e| CliError::read("the secret executable", e))?
        .to_string_lossy()
        .into_owned();
    let report = secret_core::ops::gitsetup::install(dir, &program, Some(config))?;
    Ok(Some(format!(
        "git: {} and the pre-commit hook {} set up (commit .gitattributes)",
        report.attributes.display(),
        report.hook.display()
    )))
}

/// `--age`, else the user's own X25519 recipients (one chosen), else a new key.
fn recipients(args: &InitArgs, ask: bool) -> Result<Vec<String>, CliError> {
    if let Some(list) = &args.age {
        let parsed = AgeKey::parse_list(list)?;
        if parsed.is_empty() {
            return Err(CliError::Conflict("--age names no recipient".into()));
        }
        return Ok(parsed.iter().map(MasterKey::describe).collect());
    }
    let mine: Vec<String> = AgeIdentities::discover("")
        .held_recipients()
        .into_iter()
        .filter(|r| r.starts_with("age1"))
        .collect();
    match mine.as_slice() {
        [] => Ok(vec![new_key(ask)?]),
        [only] => Ok(vec![only.clone()]),
        several if ask => {
            let choice = dialoguer::Select::new()
                .with_prompt("Encrypt for which of your age keys?")
                .items(several)
                .default(0)
                .interact()
                .map_err(prompt_error)?;
            Ok(vec![several[choice].clone()])
        }
        [first, ..] => Ok(vec![first.clone()]),
    }
}

/// Creates the user's key in the default key file, after asking when asking is possible.
fn new_key(ask: bool) -> Result<String, CliError> {
    let path = keyfile::default_path()?;
    if ask
        && !dialoguer::Confirm::new()
            .with_prompt(format!(
                "No age key found. Create one in {}?",
                path.display()
            ))
            .default(true)
            .interact()
            .map_err(prompt_error)?
    {
        return Err(CliError::NoKeyForInit);
    }
    let public = keyfile::create(&path)?;
    eprintln!(
        "secret: wrote a new age key to {} (back it up: files encrypted only for it are lost without it)",
        path.display()
    );
    Ok(public)
}

fn path_regex(args: &InitArgs, ask: bool) -> Result<String, CliError> {
    let given = args.path_regex.clone();
    let regex = match given {
        Some(regex) => regex,
        None if ask => dialoguer::Input::new()
            .with_prompt("Which files should be encrypted (path_regex)?")
            .default(DEFAULT_PATH_REGEX.to_string())
            .interact_text()
            .map_err(prompt_error)?,
        None => DEFAULT_PATH_REGEX.to_string(),
    };
    regex_lite::Regex::new(&regex).map_err(|e| CliError::Conflict(format!("--path-regex: {e}")))?;
    Ok(regex)
}

fn prompt_error(error: dialoguer::Error) -> CliError {
    CliError::Prompt(error.to_string())
}

impl Plan {
    fn config_text(&self) -> String {
        format!(
            "# Written by `secret init`. sops reads creation_rules; only secret reads `secret:`.\n\
             creation_rules:\n  \
               - path_regex: {regex}\n    \
                 age: {age}\n\
             secret:\n  \
               default_environment: dev\n  \
               environments:\n    \
                 dev: {{files: [{env}]}}\n",
            regex = yaml_quoted(&self.path_regex),
            age = yaml_quoted(&self.recipients.join(",")),
            env = yaml_quoted(&self.env_file),
        )
    }
}

/// A YAML single-quoted scalar: no escapes but a doubled quote, so regexes stay readable.
fn yaml_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn print_next_steps(target: &Path, plan: &Plan, git: Option<String>) {
    println!(
        "wrote {}: files matching {} are encrypted for {}",
        target.display(),
        plan.path_regex,
        plan.recipients.join(", ")
    );
    if let Some(git) = &git {
        println!("{git}");
    }
    println!(
        "\nnext:\n  \
           secret edit {env}      create the dev secrets in your editor\n  \
           secret exec -- env      run a program with them\n  \
           secret encrypt -i app.enc.yaml      encrypt a file the rule covers, in place\n\
         {git}\
         \na teammate: secret recipients add age1… --name NAME   (re-encrypts every file for them)",
        env = plan.env_file,
        git = if git.is_some() {
            ""
        } else {
            "\ngit: readable diffs, key-by-key merges and a pre-commit check, once per clone\n  \
               secret git setup\n\
             (it writes .gitattributes and sets git config diff.secret.textconv and merge.secret.driver)\n"
        },
    );
}
