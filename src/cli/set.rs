//! `secret set` and `secret unset`: change one value of an encrypted file in place. The
//! file is locked for the whole read-modify-write, and every other value keeps its
//! ciphertext, so the diff shows the changed value, `lastmodified` and `mac`.

use clap::Args;
use serde_json::Value;

use super::CliError;
use super::args::Target;
use super::io::read_stdin_text;
use secret_core::ops;
use secret_core::path::{self, Step};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret set secrets.enc.yaml db.password           (asks for the value, hidden)
  echo '{\"user\": \"app\", \"port\": 5432}' | secret set --json secrets.enc.yaml db -")]
pub struct SetArgs {
    #[command(flatten)]
    pub target: Target,

    /// Where to set: `a.b[0].c` or `["a"]["b"][0]["c"]`.
    #[arg(value_name = "PATH")]
    pub path: String,

    /// The new value; `-` reads it from standard input. Omitted: a hidden prompt.
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,

    /// Parse VALUE as JSON instead of taking it as a string.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Example:
  secret unset secrets.enc.yaml db.old_password")]
pub struct UnsetArgs {
    #[command(flatten)]
    pub target: Target,

    /// What to remove: `a.b[0].c` or `["a"]["b"][0]["c"]`.
    #[arg(value_name = "PATH")]
    pub path: String,
}

pub fn run_set(args: &SetArgs) -> Result<(), CliError> {
    let steps = edit_path(&args.path)?;
    let value = parse_value(read_value(args)?, args.json)?;
    Ok(ops::rewrite::set(
        &args.target.encrypted_file(),
        &steps,
        &value,
    )?)
}

pub fn run_unset(args: &UnsetArgs) -> Result<(), CliError> {
    let steps = edit_path(&args.path)?;
    Ok(ops::rewrite::unset(&args.target.encrypted_file(), &steps)?)
}

fn edit_path(text: &str) -> Result<Vec<Step>, CliError> {
    path::parse(text).map_err(|e| CliError::InvalidEdit(e.to_string()))
}

/// VALUE from the argument, standard input (`-`), or a hidden prompt on a terminal.
fn read_value(args: &SetArgs) -> Result<String, CliError> {
    match args.value.as_deref() {
        Some("-") => read_stdin(),
        Some(value) => Ok(value.to_string()),
        None if std::io::IsTerminal::is_terminal(&std::io::stdin()) => dialoguer::Password::new()
            .with_prompt(format!("Value for {}", args.path))
            .allow_empty_password(true)
            .interact()
            .map_err(|e| CliError::InvalidEdit(format!("no value read: {e}"))),
        None => Err(CliError::InvalidEdit(
            "no VALUE given, and standard input is not a terminal to ask for it".into(),
        )),
    }
}

/// Standard input, without one final line break (as `echo` and here-strings add it).
fn read_stdin() -> Result<String, CliError> {
    let text = read_stdin_text()?;
    let trimmed = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(&text);
    Ok(trimmed.to_string())
}

fn parse_value(text: String, json: bool) -> Result<Value, CliError> {
    if !json {
        return Ok(Value::String(text));
    }
    serde_json::from_str(&text)
        .map_err(|e| CliError::InvalidEdit(format!("invalid JSON value: {e}")))
}
