//! `secret set` and `secret unset`: change one value of an encrypted file in place. The
//! file is locked for the whole read-modify-write, and every other value keeps its
//! ciphertext, so the diff shows the changed value, `lastmodified` and `mac`.

use clap::Args;
use serde_json::Value;

use super::CliError;
use super::args::Target;
use super::io::read_stdin_text;
use secret_core::generate::{Charset, generate};
use secret_core::ops;
use secret_core::path::{self, Step};
use zeroize::Zeroize;

/// Set the value at PATH in an encrypted file.
///
/// VALUE is a string; with --json it is JSON, so objects become mappings, arrays lists,
/// and numbers, booleans and null keep their type. `-` reads VALUE from standard input
/// (one final line break dropped). Without VALUE, on a terminal, a hidden prompt asks for
/// it: the secret then appears neither in the process list nor in shell history.
/// A missing key is added at the end of its mapping (with any missing parents); an index
/// equal to a list's length appends to it.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret set secrets.enc.yaml db.password           (asks for the value, hidden)
  echo '{\"user\": \"app\", \"port\": 5432}' | secret set --json secrets.enc.yaml db -
  secret set secrets.enc.yaml db.password --generate       (32 random letters and digits)
  secret set app.enc.env API_TOKEN --generate 64 --charset hex")]
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

    /// Store a new random value of LEN characters (default 32) instead of VALUE: drawn
    /// from the operating system's generator, uniformly over --charset (rejection
    /// sampling, no modulo bias). It is never shown, nor passed in any argument; `secret
    /// get` prints it.
    #[arg(
        long,
        value_name = "LEN",
        num_args = 0..=1,
        default_missing_value = "32",
        conflicts_with_all = ["value", "json"]
    )]
    pub generate: Option<usize>,

    /// The characters of a --generate value: alnum (A-Z a-z 0-9, the default), alpha,
    /// digits, hex (0-9 a-f), base64 (A-Z a-z 0-9 + /), base64url (A-Z a-z 0-9 - _),
    /// ascii (every printable character but space).
    #[arg(
        long,
        value_name = "CHARSET",
        requires = "generate",
        value_parser = charset_parser()
    )]
    pub charset: Option<Charset>,
}

fn charset_parser() -> impl clap::builder::TypedValueParser<Value = Charset> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Charset::ALL.map(Charset::name))
        .map(|name| Charset::from_name(&name).unwrap_or(Charset::Alnum))
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
    if let Some(length) = args.generate {
        return set_generated(args, &steps, length);
    }
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

/// Stores a random value; says so (length, charset, bits), never what it is.
fn set_generated(args: &SetArgs, steps: &[Step], length: usize) -> Result<(), CliError> {
    let charset = args.charset.unwrap_or(Charset::Alnum);
    let value = generate(length, charset)?;
    let json = Value::String(value.as_str().to_string());
    let result = ops::rewrite::set(&args.target.encrypted_file(), steps, &json);
    if let Value::String(mut copy) = json {
        copy.zeroize();
    }
    result?;
    eprintln!(
        "{}: {} set to a new random value ({length} {} characters, {:.0} bits)",
        args.target.file.display(),
        args.path,
        charset.name(),
        charset.bits(length).floor()
    );
    Ok(())
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
