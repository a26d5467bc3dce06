//! The command line: argument definitions and one module per command.

mod args;
mod aws;
mod chamber;
mod check;
mod decrypt;
mod docs;
mod doctor;
mod drift;
mod edit;
mod editor;
mod encrypt;
mod error;
mod exec;
mod exec_file;
mod export;
mod get;
mod git;
mod init;
mod io;
mod k8s;
mod keygen;
mod log;
mod many;
mod params;
mod parse;
mod prompt;
mod publish;
mod publishing;
mod recipients;
mod remote;
mod render;
mod rendered;
mod rotate;
mod scan;
mod secrets;
mod set;
mod sops;
mod variables;
mod vault;

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

pub use error::CliError;

use secret_core::keys::KeyRing;
use secret_core::store::Format;

/// Keep a team's secrets in git, encrypted: sops-compatible, and every byte you wrote
/// outside the values stays as you wrote it.
#[derive(Debug, Parser)]
#[command(
    name = "secret",
    version,
    propagate_version = true,
    after_help = "Examples:
  secret init                              (your age key and a .sops.yaml for it)
  secret encrypt -i dev.enc.env
  secret edit dev.enc.env
  secret exec dev.enc.env -- ./server      (the values as environment variables)
  secret recipients add age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p --name alice"
)]
pub struct Cli {
    #[command(flatten)]
    pub options: Options,

    #[command(subcommand)]
    pub command: Command,
}

/// The options every command takes, before or after its name (clap copies them into
/// each subcommand).
#[derive(Debug, Args)]
pub struct Options {
    /// Use this .sops.yaml instead of searching for one.
    #[arg(long, global = true, env = "SOPS_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Also report what went wrong on the way when it did not stop the command, e.g. a
    /// master key that failed while another one decrypted the file.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of
    /// secrets are kilobytes; the bound keeps a device or a runaway input from taking the
    /// machine's memory.
    #[arg(
        long,
        global = true,
        env = "SECRET_MAX_INPUT_SIZE",
        value_name = "SIZE",
        value_parser = parse_size
    )]
    pub max_input_size: Option<usize>,
}

/// `defer`: each subcommand's arguments are built only when it runs (or for the docs),
/// not on every start-up.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Set up a project: your age key, a .sops.yaml encrypting for it, readable git diffs.
    Init(init::InitArgs),
    /// Create an age key (X25519) and print its public key, the recipient to encrypt for.
    Keygen(keygen::KeygenArgs),
    /// Encrypt a file to standard output, to -o OUT, or in place with -i.
    Encrypt(encrypt::EncryptArgs),
    /// Decrypt a file to standard output, to -o OUT, or in place with -i.
    Decrypt(decrypt::DecryptArgs),
    /// Edit an encrypted file in your editor ($SOPS_EDITOR, $VISUAL or $EDITOR).
    Edit(edit::EditArgs),
    /// Re-encrypt a file under a new data key, for the same recipients (in place).
    Rotate(rotate::RotateArgs),
    /// Re-wrap a file's data key for the recipients its `.sops.yaml` creation rule names now.
    #[command(name = "updatekeys")]
    UpdateKeys(rotate::UpdateKeysArgs),
    /// Set the value at PATH in an encrypted file.
    Set(set::SetArgs),
    /// Remove the key or list item at PATH from an encrypted file.
    Unset(set::UnsetArgs),
    /// Print the value at PATH of an encrypted file.
    Get(get::GetArgs),
    /// Run a program with the decrypted values as environment variables.
    Exec(exec::ExecArgs),
    /// Run a program that reads the decrypted file by path (`{}` in its arguments).
    ExecFile(exec_file::ExecFileArgs),
    /// Print the decrypted values as environment variables, in the chosen format.
    Export(export::ExportArgs),
    /// Fill a configuration file template with decrypted values.
    Render(render::RenderArgs),
    /// Who can decrypt a file; people joining (`add`) and leaving (`remove`) in one command.
    Recipients(recipients::RecipientsArgs),
    /// Publish files where `.sops.yaml`'s destination_rules say (Vault or OpenBao KV).
    Publish(publish::PublishArgs),
    /// Run as sops 3.11: `secret sops decrypt f.yaml` is `sops decrypt f.yaml`.
    ///
    /// The whole command line of sops 3.11 (its subcommands, legacy flags, variables, exit
    /// codes), as when secret is called through a link named `sops` (install.sh --as-sops
    /// makes one). `secret sops --help` lists it.
    #[command(
        disable_help_flag = true,
        after_help = "Example: secret sops decrypt --extract '[\"db\"][\"password\"]' secrets.enc.yaml"
    )]
    Sops {
        /// sops's arguments.
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<std::ffi::OsString>,
    },
    /// Check the set-up: your keys (passphrase-protected ones and age plugins included),
    /// .sops.yaml, the editor, gpg when PGP is used, AWS, Vault, GCP or Azure credentials
    /// when their keys are used, and files whose recipients lag their creation rule.
    Doctor(doctor::DoctorArgs),
    /// Set up git for encrypted files: decrypted diffs, key-by-key merges, a pre-commit check.
    Git(git::GitArgs),
    /// Check, without any key, that nothing a commit or CI must refuse is there.
    Check(check::CheckArgs),
    /// Find the project's secret values where they must not be: in tracked files, what is
    /// staged, and with --history every commit.
    Scan(scan::ScanArgs),
    /// The history of an encrypted file key by key, without any key.
    Log(log::LogArgs),
    /// Print the completion script for a shell.
    Completions(docs::CompletionsArgs),
    /// Write completions/ and man/ under DIR (for the repository and install.sh).
    #[command(hide = true)]
    GenerateDocs(docs::GenerateDocsArgs),
    /// Push an encrypted file's values to AWS SSM Parameter Store (or Secrets Manager).
    Push(params::PushArgs),
    /// Write a namespace of AWS SSM Parameter Store (or Secrets Manager) to an encrypted file.
    Pull(params::PullArgs),
    /// Show what `secret push --prune` would change, without changing anything.
    Diff(params::DiffArgs),
    /// chamber's commands: SecureString parameters named /SERVICE/KEY.
    Ssm(chamber::SsmArgs),
}

/// Runs the command line; returns the process exit code. Called as `sops` (a link or copy
/// named so) or as `secret sops …`, it is sops's command line instead, chosen here before
/// any of secret's own is built.
pub fn main() -> i32 {
    secret_process::keep_memory_private();
    aws::install();
    remote::install();
    prompt::install();
    let mut args = std::env::args_os();
    let program = args.next().unwrap_or_default();
    let rest: Vec<std::ffi::OsString> = args.collect();
    if sops::invoked_as_sops(&program) {
        return sops::main(&rest);
    }
    if rest.first().is_some_and(|first| first == "sops") {
        return sops::main(&rest[1..]);
    }
    let matches = match parse::matches(&program, &rest) {
        Ok(matches) => matches,
        Err(error) => return usage_error(&error),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    if let Some(limit) = cli.options.max_input_size {
        secret_core::limits::set_max_input_bytes(limit);
    }
    let result = match &cli.command {
        Command::Init(args) => init::run(&cli, args).map(|()| 0),
        Command::Keygen(args) => keygen::run(args).map(|()| 0),
        Command::Encrypt(args) => encrypt::run(&cli, args).map(|()| 0),
        Command::Decrypt(args) => decrypt::run(&cli, args).map(|()| 0),
        Command::Edit(args) => edit::run(&cli, args).map(|()| 0),
        Command::Rotate(args) => rotate::rotate(&cli, args).map(|()| 0),
        Command::UpdateKeys(args) => rotate::update_keys(&cli, args).map(|()| 0),
        Command::Set(args) => set::run_set(args).map(|()| 0),
        Command::Unset(args) => set::run_unset(args).map(|()| 0),
        Command::Get(args) => get::run(args).map(|()| 0),
        Command::Exec(args) => exec::run(&cli, args),
        Command::ExecFile(args) => exec_file::run(&cli, args),
        Command::Publish(args) => publish::run(&cli, args).map(|()| 0),
        Command::Sops { args } => Ok(sops::main(args)),
        Command::Export(args) => export::run(&cli, args).map(|()| 0),
        Command::Render(args) => render::run(&cli, args).map(|()| 0),
        Command::Recipients(args) => recipients::run(&cli, args).map(|()| 0),
        Command::Doctor(args) => doctor::run(&cli, args),
        Command::Git(args) => git::run(&cli, args),
        Command::Check(args) => check::run(&cli, args),
        Command::Scan(args) => scan::run(args),
        Command::Log(args) => log::run(args).map(|()| 0),
        Command::Completions(args) => docs::completions(args).map(|()| 0),
        Command::GenerateDocs(args) => docs::generate_docs(args).map(|()| 0),
        Command::Push(args) => params::push(&cli, args).map(|()| 0),
        Command::Pull(args) => params::pull(&cli, args).map(|()| 0),
        Command::Diff(args) => params::diff(&cli, args).map(|()| 0),
        Command::Ssm(args) => chamber::run(&cli, args).map(|()| 0),
    };
    match result {
        Ok(code) => code,
        Err(error) => report(&error, matches.subcommand_name()),
    }
}

/// `--max-input-size`: bytes, or a number with K, M or G (powers of 1024).
fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let (digits, shift) = match text.char_indices().last() {
        Some((at, 'k' | 'K')) => (&text[..at], 10),
        Some((at, 'm' | 'M')) => (&text[..at], 20),
        Some((at, 'g' | 'G')) => (&text[..at], 30),
        _ => (text, 0),
    };
    let number: usize = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size (e.g. 64M, 1G, 1048576)"))?;
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// The value parser of `--input-type` and `--output-type`: sops's format names.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Format::ALL.map(Format::name))
        .map(|name| Format::from_name(&name).unwrap_or(Format::Binary))
}

/// Prints clap's message, and for a mistake (not `--help`) a hint when there is one and
/// which help page explains it: one `see:` line instead of clap's "try '--help'".
fn usage_error(error: &clap::Error) -> i32 {
    if !error.use_stderr() {
        let _ = error.print();
        return error.exit_code();
    }
    let rendered = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        error.render().ansi().to_string()
    } else {
        error.render().to_string()
    };
    let message: Vec<&str> = rendered
        .lines()
        .filter(|line| !line.contains("For more information, try"))
        .collect();
    eprintln!("{}", message.join("\n").trim_end());
    if error.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        return error.exit_code();
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let subcommands = subcommands_in_args(&args);
    if let Some(hint) = usage_hint(error, &subcommands, &args) {
        eprintln!("  hint: {hint}");
    }
    eprintln!("  see: {}", help_command(&subcommands));
    error.exit_code()
}

/// The subcommands named on the command line, outermost first (clap did not get far
/// enough to say).
fn subcommands_in_args(args: &[String]) -> Vec<String> {
    let mut command = Cli::command();
    // Subcommands are built on demand (`defer`): build them all to look through them.
    command.build();
    let mut names = Vec::new();
    for arg in args {
        let Some(sub) = command.find_subcommand(arg).cloned() else {
            continue;
        };
        names.push(sub.get_name().to_string());
        command = sub;
    }
    names
}

/// What to do about a usage error that has a likely cause.
fn usage_hint(error: &clap::Error, subcommands: &[String], args: &[String]) -> Option<String> {
    let missing = error.kind() == clap::error::ErrorKind::MissingRequiredArgument;
    if missing && subcommands.first().map(String::as_str) == Some("exec") {
        return exec_hint(args);
    }
    None
}

/// `secret exec f npm test`: the program and its arguments were taken for files.
fn exec_hint(args: &[String]) -> Option<String> {
    if args.iter().any(|a| a == "--") {
        return None;
    }
    let start = args.iter().position(|a| a == "exec")? + 1;
    let takes_value = [
        "-e",
        "--environment",
        "--ssm",
        "--secrets-manager",
        "--watch-interval",
        "--grace",
        "--reload-signal",
        "--config",
        "--render",
    ];
    let mut positionals = Vec::new();
    let mut skip = false;
    for (index, arg) in args.iter().enumerate().skip(start) {
        if std::mem::take(&mut skip) {
            continue;
        }
        if arg.starts_with('-') {
            skip = takes_value.contains(&arg.as_str());
            continue;
        }
        positionals.push(index);
    }
    // The program: the first word that is no file here, else the last word.
    let program = positionals
        .iter()
        .copied()
        .find(|&i| !std::path::Path::new(&args[i]).is_file())
        .or_else(|| positionals.last().copied())?;
    let quoted = |words: &[String]| {
        words
            .iter()
            .map(|w| shell_words::quote(w).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let before = quoted(&args[..program]);
    let after = quoted(&args[program..]);
    Some(format!(
        "put `--` before the program: secret {before} -- {after}"
    ))
}

fn help_command(subcommands: &[String]) -> String {
    match subcommands {
        [] => "secret --help".into(),
        names => format!("secret {} --help", names.join(" ")),
    }
}

/// With `--verbose`, names each master key that failed while others decrypted the file.
/// Reasons come from key lookups and KMS errors, never from the data.
fn warn_failed_keys(cli: &Cli, keys: &KeyRing) {
    if !cli.options.verbose {
        return;
    }
    for failure in keys.failed_keys() {
        eprintln!(
            "secret: warning: {} could not decrypt the data key (others did): {}",
            failure.key, failure.reason
        );
    }
}

fn report(error: &CliError, subcommand: Option<&str>) -> i32 {
    eprintln!("secret: error: {error}");
    if let Some(hint) = error.hint() {
        eprintln!("  hint: {hint}");
    }
    if error.is_usage() {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let named = subcommands_in_args(&args);
        let names = if named.is_empty() {
            subcommand.map(String::from).into_iter().collect()
        } else {
            named
        };
        eprintln!("  see: {}", help_command(&names));
    }
    error.exit_code()
}
