//! `sops set` and `sops unset` (and the legacy `--set '["a"] VALUE'`): always in place,
//! on secret's rewrite operations (the file locked, unchanged values keeping their
//! ciphertext). The value is JSON, numbers taken as floats as sops takes them.

use std::path::PathBuf;

use serde_json::{Number, Value};

use super::context::{Ctx, Input, read_stdin};
use super::error::{Fail, code};
use super::paths;
use secret_core::ops::rewrite::{self, Output};
use secret_core::ops::{EncryptedFile, read_file};
use secret_core::path::Step;

pub fn set(ctx: &Ctx) -> Result<i32, Fail> {
    let from_file = ctx.flags.bool("value-file");
    let from_stdin = ctx.flags.bool("value-stdin");
    if from_file && from_stdin {
        return Err(Fail::new(
            code::GENERIC,
            "Error: cannot use both --value-file and --value-stdin",
        ));
    }
    let args = &ctx.flags.args;
    if from_stdin && args.len() != 2 {
        return Err(Fail::new(
            code::NO_FILE,
            "Error: file specified, or index and value are missing. Need precisely 2 positional arguments since --value-stdin is used.",
        ));
    }
    if !from_stdin && args.len() != 3 {
        return Err(Fail::new(
            code::NO_FILE,
            "Error: no file specified, or index and value are missing. Need precisely 3 positional arguments.",
        ));
    }
    let path = PathBuf::from(&args[0]);
    let steps = paths::parse(&args[1].to_string_lossy())
        .map_err(|_| Fail::new(code::INVALID_SET_FORMAT, "Invalid set index format"))?;
    let text = if from_stdin {
        String::from_utf8_lossy(&read_stdin()?).into_owned()
    } else if from_file {
        let bytes = read_file(std::path::Path::new(&args[2]))?;
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        args[2].to_string_lossy().into_owned()
    };
    let value = json_value(&text)?;
    set_value(ctx, path, &steps, &value, ctx.flags.bool("idempotent"))?;
    Ok(0)
}

/// Sets `value` at `steps` in the file, in place (written in `--output-type`).
pub fn set_value(
    ctx: &Ctx,
    path: PathBuf,
    steps: &[Step],
    value: &Value,
    idempotent: bool,
) -> Result<bool, Fail> {
    if !path.exists() {
        return Err(Fail::missing_file(&path));
    }
    if steps.is_empty() {
        return Err(Fail::new(
            code::INVALID_SET_FORMAT,
            "Invalid set index format",
        ));
    }
    ctx.warn_keyservices();
    let (file, output) = target(ctx, path)?;
    Ok(rewrite::set_as(&file, steps, value, &output, idempotent)?)
}

pub fn unset(ctx: &Ctx) -> Result<i32, Fail> {
    let args = &ctx.flags.args;
    if args.len() != 2 {
        return Err(Fail::new(
            code::NO_FILE,
            "Error: no file specified, or index is missing",
        ));
    }
    let path = PathBuf::from(&args[0]);
    let steps = paths::parse(&args[1].to_string_lossy())
        .map_err(|_| Fail::new(code::INVALID_SET_FORMAT, "Invalid unset index format"))?;
    if !path.exists() {
        return Err(Fail::missing_file(&path));
    }
    if steps.is_empty() {
        return Err(Fail::new(
            code::INVALID_SET_FORMAT,
            "Invalid unset index format",
        ));
    }
    ctx.warn_keyservices();
    let (file, output) = target(ctx, path)?;
    match rewrite::unset_as(&file, &steps, &output) {
        Ok(()) => Ok(0),
        Err(error) if rewrite::is_missing(&error) => {
            if ctx.flags.bool("idempotent") {
                return Ok(0);
            }
            Err(Fail::new(code::GENERIC, not_found(steps.last())))
        }
        Err(error) => Err(error.into()),
    }
}

/// sops's words for the last step of a path that names nothing.
fn not_found(step: Option<&Step>) -> String {
    match step {
        Some(Step::Index(i)) => format!("Index {i} out of bounds"),
        Some(Step::Key(key)) => format!("Key not found: {key}"),
        None => "Key not found".into(),
    }
}

fn target(ctx: &Ctx, path: PathBuf) -> Result<(EncryptedFile, Output), Fail> {
    let input = Input::new(ctx.flags, Some(path.clone()));
    let file = EncryptedFile {
        ignore_mac: ctx.flags.bool("ignore-mac"),
        decryption_order: ctx.decryption_order()?,
        ..EncryptedFile::new(path, Some(input.format))
    };
    let output = Output {
        format: input.output,
        style: ctx.style(),
    };
    Ok((file, output))
}

/// A JSON value as sops inserts it: invalid JSON is exit 7, every number a float.
pub fn json_value(text: &str) -> Result<Value, Fail> {
    let value: Value = serde_json::from_str(text).map_err(|_| {
        Fail::new(
            code::INVALID_SET_FORMAT,
            "Value for --set is not valid JSON",
        )
    })?;
    Ok(floats(value))
}

fn floats(value: Value) -> Value {
    match value {
        Value::Number(n) => n
            .as_f64()
            .and_then(Number::from_f64)
            .map_or(Value::Number(n), Value::Number),
        Value::Array(items) => Value::Array(items.into_iter().map(floats).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, floats(v))).collect()),
        other => other,
    }
}

/// The legacy `--set '<path> <json>'`: split after the path's last `] `.
pub fn legacy_set_argument(text: &str) -> Result<(Vec<Step>, Value), Fail> {
    let invalid = || Fail::new(code::INVALID_SET_FORMAT, "Invalid --set format");
    let (path, value) = text.split_once("] ").ok_or_else(invalid)?;
    let value = json_value(value)?;
    let steps = paths::parse(&format!("{path}]")).map_err(|_| invalid())?;
    Ok((steps, value))
}
