//! `encrypt`, `decrypt` and `rotate`, as subcommands and as the legacy `-e`, `-d`, `-r`:
//! the file (or standard input), the conversions of `--output-type`, and where the result
//! goes. Each calls one operation of `secret_core::ops`.

use std::path::PathBuf;

use super::context::{Ctx, Destination, Input, warn_extra_arguments};
use super::error::{Fail, code};
use super::keyflags::{changes_keys, key_change};
use super::paths;
use secret_core::convert::{self, convert_styled, emit_document};
use secret_core::keys::KeyRing;
use secret_core::ops::rewrite::Output;
use secret_core::ops::{self, EncryptedFile};
use secret_core::path::find;
use secret_core::store::Format;
use secret_core::tree::{Node, Scalar};

/// `encrypt [FILE]`: standard input needs `--filename-override` (exit 8, as sops).
pub fn encrypt(ctx: &Ctx) -> Result<i32, Fail> {
    warn_extra_arguments(ctx, 1);
    let path = ctx.flags.args.first().map(PathBuf::from);
    if path.is_none() {
        if ctx.flags.bool("in-place") {
            return Err(Fail::new(
                code::CONFLICTING_PARAMETERS,
                "Error: cannot use --in-place when reading from stdin",
            ));
        }
        if ctx.flags.str("filename-override").is_none() {
            return Err(Fail::new(
                code::CONFLICTING_PARAMETERS,
                "Error: must specify --filename-override when reading from stdin",
            ));
        }
    }
    let destination = Destination::of(ctx.flags, path.as_deref())?;
    if let Some(path) = &path
        && !path.exists()
    {
        return Err(Fail::missing_file(path));
    }
    let input = Input::new(ctx.flags, path);
    let encrypted = encrypted(ctx, &input)?;
    destination.write(&encrypted)?;
    Ok(0)
}

/// The input encrypted as the flags and rules say, in the output format.
pub fn encrypted(ctx: &Ctx, input: &Input) -> Result<Vec<u8>, Fail> {
    ctx.warn_keyservices();
    let src = input.read()?;
    let plaintext = if input.format == input.output {
        std::borrow::Cow::Borrowed(src.as_slice())
    } else {
        convert_styled(&src, input.format, input.output, &ctx.style())
            .map_err(|e| sops_store_error(&input.name, e))?
    };
    let mut options = ctx.encrypt_options(&input.name, input.output)?;
    // Every value in its canonical spelling, as sops writes it (no secret_layout), so
    // that decrypt gives what sops's decrypt gives.
    options.keep_spellings = false;
    Ok(ops::encrypt(
        &plaintext,
        &input.name,
        input.output,
        &options,
    )?)
}

/// The text as sops's emitters end it: with a line break (binary files as they are).
fn with_final_line_break(format: Format, text: &[u8]) -> Vec<u8> {
    let mut text = text.to_vec();
    if format != Format::Binary && !text.is_empty() && !text.ends_with(b"\n") {
        text.push(b'\n');
    }
    text
}

fn sops_store_error(name: &std::path::Path, error: secret_core::store::StoreError) -> Fail {
    Fail::from(crate::cli::CliError::sops(name, error.into()))
}

/// `decrypt [FILE]`.
pub fn decrypt(ctx: &Ctx) -> Result<i32, Fail> {
    warn_extra_arguments(ctx, 1);
    let path = ctx.flags.args.first().map(PathBuf::from);
    let destination = Destination::of(ctx.flags, path.as_deref())?;
    if let Some(path) = &path
        && !path.exists()
    {
        return Err(Fail::missing_file(path));
    }
    let input = Input::new(ctx.flags, path);
    destination.write(&decrypted(ctx, &input)?)?;
    Ok(0)
}

/// The plaintext of the input in the output format, or with `--extract` one value of it.
pub fn decrypted(ctx: &Ctx, input: &Input) -> Result<Vec<u8>, Fail> {
    ctx.warn_keyservices();
    let extract = ctx
        .flags
        .str("extract")
        .map(paths::parse)
        .transpose()
        .map_err(|reason| {
            Fail::new(
                code::INVALID_TREE_PATH,
                format!("error parsing --extract path: {reason}"),
            )
        })?;
    let src = input.read()?;
    let file = EncryptedFile {
        ignore_mac: ctx.flags.bool("ignore-mac"),
        decryption_order: ctx.decryption_order()?,
        ..EncryptedFile::new(&input.name, Some(input.format))
    };
    let mut keys = KeyRing::new(file.decryption_order.clone());
    let plaintext = file.decrypt_bytes(&src, &mut keys)?.bytes;
    if ctx.verbose() {
        for failure in keys.failed_keys() {
            eprintln!(
                "secret: warning: {} could not decrypt the data key (others did): {}",
                failure.key, failure.reason
            );
        }
    }
    match extract.filter(|steps| !steps.is_empty()) {
        Some(steps) => extracted(ctx, input, &plaintext, &steps),
        // `.sops.yaml` is read for its indents only when the file is written afresh.
        None if input.format == input.output => Ok(with_final_line_break(input.output, &plaintext)),
        None => Ok(
            convert_styled(&plaintext, input.format, input.output, &ctx.style())
                .map_err(|e| sops_store_error(&input.name, e))?
                .into_owned(),
        ),
    }
}

/// `--extract`: a string raw (no line break), a mapping as a whole document, anything
/// else as the output format writes a single value.
fn extracted(
    ctx: &Ctx,
    input: &Input,
    plaintext: &[u8],
    steps: &[secret_core::path::Step],
) -> Result<Vec<u8>, Fail> {
    let parsed = input
        .format
        .store()
        .parse(plaintext)
        .map_err(|e| sops_store_error(&input.name, e))?;
    let node = parsed.docs.first().and_then(|doc| find(doc, steps));
    let Some(node) = node else {
        let last = steps.last().map(paths::describe).unwrap_or_default();
        return Err(Fail::new(
            code::GENERIC,
            format!("error truncating tree: component {last} not found"),
        ));
    };
    let style = ctx.style();
    let emitted = match node {
        Node::Scalar(leaf) => match &leaf.value {
            Scalar::Str(text) => return Ok(text.as_bytes().to_vec()),
            Scalar::Bytes(bytes) => return Ok(bytes.clone()),
            _ => convert::emit_value(node, value_format(input.output), &style),
        },
        Node::Map { entries, .. } => {
            let doc = secret_core::tree::Document {
                entries: entries.clone(),
                ..Default::default()
            };
            emit_document(&doc, input.output, &style)
        }
        _ => convert::emit_value(node, value_format(input.output), &style),
    };
    emitted.map_err(|e| sops_store_error(&input.name, e))
}

/// The format a single value is printed in: JSON for JSON, YAML for everything else
/// (dotenv and INI have no spelling of a lone value).
fn value_format(format: Format) -> Format {
    match format {
        Format::Json => Format::Json,
        _ => Format::Yaml,
    }
}

/// `rotate FILE`: a new data key, keys added and removed, to stdout, `--output` or `-i`.
pub fn rotate(ctx: &Ctx) -> Result<i32, Fail> {
    warn_extra_arguments(ctx, 1);
    let Some(path) = ctx.flags.args.first().map(PathBuf::from) else {
        return Err(Fail::new(code::NO_FILE, "Error: no file specified"));
    };
    let destination = Destination::of(ctx.flags, Some(&path))?;
    if !path.exists() {
        if changes_keys(ctx) {
            return Err(Fail::new(
                code::CANNOT_CHANGE_KEYS_OF_MISSING_FILE,
                format!(
                    "Error: cannot add or remove keys on non-existent file {:?}, use the `edit` subcommand instead.",
                    super::error::absolute(&path).display().to_string()
                ),
            ));
        }
        return Err(Fail::missing_file(&path));
    }
    destination.write(&rotated(ctx, &path)?)?;
    Ok(0)
}

/// The file at `path` under a new data key, in the output format.
pub fn rotated(ctx: &Ctx, path: &std::path::Path) -> Result<Vec<u8>, Fail> {
    ctx.warn_keyservices();
    let input = Input::new(ctx.flags, Some(path.to_path_buf()));
    let file = EncryptedFile {
        decryption_order: ctx.decryption_order()?,
        ..EncryptedFile::new(path, Some(input.format))
    };
    let output = Output {
        format: input.output,
        style: ctx.style(),
    };
    Ok(ops::rewrite::rotated(&file, key_change(ctx)?, &output)?)
}
