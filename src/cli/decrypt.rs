//! `secret decrypt`: the plaintext of an encrypted file, in its own layout.

use clap::Args;

use super::io::FileArgs;
use super::{Cli, CliError, warn_failed_keys};
use crate::keys::KeyRing;
use crate::path::{self, Step};
use crate::sops::decrypt::{DecryptOptions, decrypt};
use crate::sops::error::SopsError;
use crate::store::Store;
use crate::tree::{Node, Scalar};

/// Decrypt a file to standard output, to -o OUT, or in place with -i.
///
/// Example: secret decrypt secrets.enc.yaml > secrets.yaml
#[derive(Debug, Args)]
pub struct DecryptArgs {
    #[command(flatten)]
    pub file: FileArgs,

    /// Decrypt even if the file's MAC does not match (values must still authenticate).
    #[arg(long)]
    pub ignore_mac: bool,

    /// Print only the value at this path: `a.b[0]` or `["a"]["b"][0]`. A string prints
    /// raw, without a trailing newline.
    #[arg(long, value_name = "PATH")]
    pub extract: Option<String>,

    /// Key types to try, in order (e.g. `age,kms`).
    #[arg(
        long,
        env = "SOPS_DECRYPTION_ORDER",
        value_delimiter = ',',
        value_name = "TYPES"
    )]
    pub decryption_order: Vec<String>,
}

pub fn run(cli: &Cli, args: &DecryptArgs) -> Result<(), CliError> {
    let store = args.file.format()?.store();
    let src = args.file.read()?;
    let path = args
        .extract
        .as_deref()
        .map(path::parse)
        .transpose()
        .map_err(|e| CliError::BadPath(e.to_string()))?;
    let mut keys = KeyRing::new(decryption_order(&args.decryption_order)?);
    let options = DecryptOptions {
        ignore_mac: args.ignore_mac,
    };
    let sops_error = |source: SopsError| CliError::Sops {
        file: args.file.name(),
        source,
    };
    let plaintext = decrypt(store.as_ref(), &src, &mut keys, options).map_err(sops_error)?;
    warn_failed_keys(cli, &keys);
    match path {
        Some(path) => args.file.write(
            &extract(store.as_ref(), &plaintext, &path)
                .map_err(sops_error)?
                .ok_or_else(|| {
                    CliError::NotFound(format!(
                        "{}: nothing at {}",
                        args.file.name().display(),
                        args.extract.as_deref().unwrap_or_default()
                    ))
                })?,
        ),
        None => args.file.write(&plaintext),
    }
}

/// The value at `path` of a decrypted file: a string raw, another scalar as the store
/// spells it, a subtree as its text in the file (dedented); `None` when there is none.
fn extract(
    store: &dyn Store,
    plaintext: &[u8],
    path: &[Step],
) -> Result<Option<Vec<u8>>, SopsError> {
    let parsed = store.parse(plaintext)?;
    let Some(node) = parsed.docs.first().and_then(|doc| path::find(doc, path)) else {
        return Ok(None);
    };
    Ok(match node {
        Node::Scalar(leaf) => Some(match &leaf.value {
            Scalar::Str(text) => text.as_bytes().to_vec(),
            Scalar::Bytes(bytes) => bytes.clone(),
            value => format!("{}\n", store.plain_text(leaf, value)?).into_bytes(),
        }),
        Node::Map { span, .. } | Node::List { span, .. } => Some(dedent(plaintext, span.clone())),
        Node::Comment(_) | Node::Alias { .. } => None,
    })
}

/// The text of `span`, with the indentation of its first line removed from every line.
fn dedent(src: &[u8], span: std::ops::Range<usize>) -> Vec<u8> {
    let line_start = src[..span.start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let indent = span.start - line_start;
    let text = String::from_utf8_lossy(&src[span]);
    let mut out: String = text
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                line
            } else {
                strip_spaces(line, indent)
            }
        })
        .collect();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.into_bytes()
}

fn strip_spaces(line: &str, count: usize) -> &str {
    let spaces = line.bytes().take(count).take_while(|&b| b == b' ').count();
    &line[spaces..]
}

/// The `--decryption-order` list, refusing repeats as sops does (exit 112 there).
fn decryption_order(order: &[String]) -> Result<Vec<String>, CliError> {
    let order: Vec<String> = order
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(repeated) = order
        .iter()
        .enumerate()
        .find(|(i, k)| order[..*i].contains(k))
    {
        return Err(CliError::Conflict(format!(
            "--decryption-order names `{}` twice",
            repeated.1
        )));
    }
    Ok(order)
}
