//! Converting a plaintext file to another format (`--output-type`). Unlike everything
//! else, this cannot keep the file's layout: the data is written afresh in the target
//! syntax, comments dropped, as sops does.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use crate::sops::scalar::format_float;
use crate::store::{Format, StoreError, StoreErrorKind};
use crate::tree::{Document, Entry, Node, Scalar};

/// `plaintext` in format `from`, written in format `to` (the same bytes when they agree).
pub fn convert(plaintext: &[u8], from: Format, to: Format) -> Result<Cow<'_, [u8]>, StoreError> {
    if from == to {
        return Ok(Cow::Borrowed(plaintext));
    }
    let parsed = from.store().parse(plaintext)?;
    let [doc] = parsed.docs.as_slice() else {
        return Err(emit_error(
            "only a single YAML document can be converted to another format",
        ));
    };
    let data = entries_value(&doc.entries);
    let converted = match to {
        Format::Json => json(&data),
        Format::Yaml => serde_saphyr::to_string(&data)
            .map(String::into_bytes)
            .map_err(|e| emit_error(format!("cannot write YAML: {e}"))),
        Format::Dotenv => dotenv(doc),
        Format::Ini => ini(&data),
        Format::Binary => binary(doc),
    };
    converted.map(Cow::Owned)
}

fn emit_error(message: impl Into<String>) -> StoreError {
    StoreError::new(StoreErrorKind::Emit, message)
}

/// A mapping's entries as a JSON object, in file order (comments are not data).
fn entries_value(entries: &[Entry]) -> Value {
    let map: Map<String, Value> = entries
        .iter()
        .filter_map(|entry| match entry {
            Entry::Pair { key, value, .. } => Some((key.clone(), node_value(value))),
            Entry::Comment(_) => None,
        })
        .collect();
    Value::Object(map)
}

fn node_value(node: &Node) -> Value {
    match node {
        Node::Map { entries, .. } => entries_value(entries),
        Node::List { items, .. } => Value::Array(
            items
                .iter()
                .filter(|n| !matches!(n, Node::Comment(_)))
                .map(node_value)
                .collect(),
        ),
        Node::Scalar(leaf) | Node::Comment(leaf) => scalar_value(&leaf.value),
        Node::Alias { target, .. } => node_value(target),
    }
}

fn scalar_value(value: &Scalar) -> Value {
    match value {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(*b),
        Scalar::Int(i) => Value::Number((*i).into()),
        Scalar::Float(f) => {
            Number::from_f64(*f).map_or_else(|| Value::String(format_float(*f)), Value::Number)
        }
        Scalar::Str(s) | Scalar::Time(s) => Value::String(s.clone()),
        Scalar::Bytes(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
    }
}

/// Pretty JSON with a tab indent, as sops writes it.
fn json(data: &Value) -> Result<Vec<u8>, StoreError> {
    use serde::Serialize;
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"\t");
    data.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out, formatter,
    ))
    .map_err(|e| emit_error(format!("cannot write JSON: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

/// `KEY=value` lines of the top-level scalars; newlines written as `\n`.
fn dotenv(doc: &Document) -> Result<Vec<u8>, StoreError> {
    let mut out = String::new();
    for entry in &doc.entries {
        let Entry::Pair { key, value, .. } = entry else {
            continue;
        };
        out.push_str(&format!(
            "{key}={}\n",
            flat_text(key, value, "dotenv")?.replace('\n', "\\n")
        ));
    }
    Ok(out.into_bytes())
}

/// Sections from top-level mappings; top-level scalars go to `[DEFAULT]`.
fn ini(data: &Value) -> Result<Vec<u8>, StoreError> {
    let Value::Object(top) = data else {
        unreachable!("documents are mappings")
    };
    let (sections, defaults): (Vec<_>, Vec<_>) = top.iter().partition(|(_, v)| v.is_object());
    let mut out = String::new();
    let mut write_section = |name: &str, pairs: Vec<(&String, &Value)>| -> Result<(), StoreError> {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("[{name}]\n"));
        for (key, value) in pairs {
            out.push_str(&format!("{key} = {}\n", ini_value(key, value)?));
        }
        Ok(())
    };
    if !defaults.is_empty() {
        write_section("DEFAULT", defaults)?;
    }
    for (name, section) in sections {
        let Value::Object(pairs) = section else {
            continue;
        };
        write_section(name, pairs.iter().collect())?;
    }
    Ok(out.into_bytes())
}

fn ini_value(key: &str, value: &Value) -> Result<String, StoreError> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        _ => {
            return Err(emit_error(format!(
                "`{key}` is nested too deeply for INI (sections hold keys only)"
            )));
        }
    };
    let needs_quotes = text.contains(['\n', '#', ';']) || text.trim() != text;
    Ok(if needs_quotes {
        format!("\"\"\"{text}\"\"\"")
    } else {
        text
    })
}

/// The bytes of the `data` key (how sops stores a binary file).
fn binary(doc: &Document) -> Result<Vec<u8>, StoreError> {
    doc.entries
        .iter()
        .find_map(|entry| match entry {
            Entry::Pair {
                key,
                value: Node::Scalar(leaf),
                ..
            } if key == "data" => match &leaf.value {
                Scalar::Str(s) => Some(s.clone().into_bytes()),
                Scalar::Bytes(b) => Some(b.clone()),
                _ => None,
            },
            _ => None,
        })
        .ok_or_else(|| emit_error("no binary data found: the file has no string `data` key"))
}

/// A top-level value as one line of text, refusing structures.
fn flat_text(key: &str, node: &Node, format: &str) -> Result<String, StoreError> {
    match node_value(node) {
        Value::String(s) => Ok(s),
        Value::Null => Ok(String::new()),
        Value::Object(_) | Value::Array(_) => Err(emit_error(format!(
            "`{key}` is a structure, which {format} cannot hold"
        ))),
        other => Ok(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(text: &str, from: Format, to: Format) -> String {
        String::from_utf8(convert(text.as_bytes(), from, to).unwrap().into_owned()).unwrap()
    }

    #[test]
    fn yaml_becomes_tab_indented_json_in_file_order() {
        let json = converted("# c\nb: 1\na: [x, {y: true}]\n", Format::Yaml, Format::Json);
        assert_eq!(
            json,
            "{\n\t\"b\": 1,\n\t\"a\": [\n\t\t\"x\",\n\t\t{\n\t\t\t\"y\": true\n\t\t}\n\t]\n}\n"
        );
    }

    #[test]
    fn json_becomes_yaml_and_back() {
        let yaml = converted(
            "{\"a\": {\"b\": \"yes\"}, \"n\": 2.5}",
            Format::Json,
            Format::Yaml,
        );
        let back = converted(&yaml, Format::Yaml, Format::Json);
        assert_eq!(
            back,
            "{\n\t\"a\": {\n\t\t\"b\": \"yes\"\n\t},\n\t\"n\": 2.5\n}\n"
        );
    }

    #[test]
    fn dotenv_and_ini_take_what_they_can_hold() {
        assert_eq!(
            converted("A: x\nB: \"l1\\nl2\"\n", Format::Yaml, Format::Dotenv),
            "A=x\nB=l1\\nl2\n"
        );
        assert_eq!(
            converted("top: 1\ndb:\n  user: app\n", Format::Yaml, Format::Ini),
            "[DEFAULT]\ntop = 1\n\n[db]\nuser = app\n"
        );
        let error = convert(b"a:\n  b: 1\n", Format::Yaml, Format::Dotenv).unwrap_err();
        assert_eq!(error.kind, StoreErrorKind::Emit);
    }
}
