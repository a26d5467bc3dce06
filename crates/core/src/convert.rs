//! Converting a plaintext file to another format (`--output-type`). Unlike everything
//! else, this cannot keep the file's layout: the data is written afresh in the target
//! syntax, comments dropped, the way sops 3.11 writes it (sops-format.md §9.6): YAML as
//! go-yaml v3 emits it (4-space indent), JSON as Go's encoding/json with a tab indent, INI
//! as go-ini with aligned `=`, dotenv as `KEY=value` lines.

mod flat;
mod json;
mod yaml;

use std::borrow::Cow;

use crate::store::{Format, StoreError, StoreErrorKind};
use crate::tree::{Document, Entry, Node, Scalar};

/// How re-emitted YAML and JSON are indented: `--indent` and `.sops.yaml` `stores:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// Spaces per YAML level (sops's default 4).
    pub yaml_indent: usize,
    /// Spaces per JSON level; `None` is a tab (sops's default).
    pub json_indent: Option<usize>,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            yaml_indent: 4,
            json_indent: None,
        }
    }
}

/// The data of a document, comments dropped: what a conversion writes.
#[derive(Clone, Debug, PartialEq)]
pub enum Data {
    Map(Vec<(String, Data)>),
    List(Vec<Data>),
    Scalar(Scalar),
}

/// `plaintext` in format `from`, written in format `to` (the same bytes when they agree).
pub fn convert(plaintext: &[u8], from: Format, to: Format) -> Result<Cow<'_, [u8]>, StoreError> {
    convert_styled(plaintext, from, to, &Style::default())
}

/// [`convert`] with the indentation of `style`.
pub fn convert_styled<'a>(
    plaintext: &'a [u8],
    from: Format,
    to: Format,
    style: &Style,
) -> Result<Cow<'a, [u8]>, StoreError> {
    if from == to {
        return Ok(Cow::Borrowed(plaintext));
    }
    let parsed = from.store().parse(plaintext)?;
    let [doc] = parsed.docs.as_slice() else {
        return Err(emit_error(
            "only a single YAML document can be converted to another format",
        ));
    };
    emit_document(doc, to, style).map(Cow::Owned)
}

/// A whole document written in `format`, as sops writes a plaintext file.
pub fn emit_document(doc: &Document, format: Format, style: &Style) -> Result<Vec<u8>, StoreError> {
    let data = document_data(doc);
    match format {
        Format::Json => json::document(&data, style),
        Format::Yaml => Ok(yaml::document(&data, style).into_bytes()),
        Format::Dotenv => flat::dotenv(&data),
        Format::Ini => flat::ini(&data),
        Format::Binary => flat::binary(&data),
    }
}

/// One value (not a whole document) as sops prints it for `--extract`: YAML as a
/// document of its own (`1\n`, `- x\n`), JSON without a final line break.
pub fn emit_value(node: &Node, format: Format, style: &Style) -> Result<Vec<u8>, StoreError> {
    let data = node_data(node);
    match format {
        Format::Json => json::value(&data, style),
        Format::Yaml => Ok(yaml::value(&data, style).into_bytes()),
        other => Err(emit_error(format!(
            "a single value cannot be written as {}",
            other.name()
        ))),
    }
}

/// A scalar as sops's `ValToString` spells it (dotenv, INI, `exec-env`): floats keep a
/// `.0`, null is `<nil>`, timestamps are RFC 3339.
pub fn scalar_text(scalar: &Scalar) -> String {
    flat::text(scalar)
}

fn emit_error(message: impl Into<String>) -> StoreError {
    StoreError::new(StoreErrorKind::Emit, message)
}

/// A document's data.
pub fn document_data(doc: &Document) -> Data {
    entries_data(&doc.entries)
}

fn entries_data(entries: &[Entry]) -> Data {
    Data::Map(
        entries
            .iter()
            .filter_map(|entry| match entry {
                Entry::Pair { key, value, .. } => Some((key.clone(), node_data(value))),
                Entry::Comment(_) => None,
            })
            .collect(),
    )
}

/// A node's data (aliases resolved, comments dropped).
pub fn node_data(node: &Node) -> Data {
    match node {
        Node::Map { entries, .. } => entries_data(entries),
        Node::List { items, .. } => Data::List(
            items
                .iter()
                .filter(|n| !matches!(n, Node::Comment(_)))
                .map(node_data)
                .collect(),
        ),
        Node::Scalar(leaf) | Node::Comment(leaf) => Data::Scalar(leaf.value.clone()),
        Node::Alias { target, .. } => node_data(target),
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`: the shortest digits, in exponent form when
/// the exponent is below -4 or at least 6, with at least two exponent digits (`1e+06`).
fn go_format_g(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let scientific = format!("{f:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if !(-4..6).contains(&exponent) {
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exponent.abs());
    }
    format!("{f}")
}

#[cfg(test)]
mod tests;
