//! The `sops:` block: read into JSON, and written as go-yaml's encoder writes it
//! (indent 4, sequences indented under their key, sops-format.md §6.2 "Emitting").

use serde_json::{Map, Value};

use super::plain::scalar_text;
use crate::tree::{Entry, Node, Scalar};

const INDENT: usize = 4;

/// The metadata value as JSON: mappings keep their order; comments are dropped.
pub fn to_json(node: &Node) -> Value {
    match node {
        Node::Map { entries, .. } => Value::Object(
            entries
                .iter()
                .filter_map(|e| match e {
                    Entry::Pair { key, value, .. } => Some((key.clone(), to_json(value))),
                    Entry::Comment(_) => None,
                })
                .collect(),
        ),
        Node::List { items, .. } => Value::Array(
            items
                .iter()
                .filter(|n| !matches!(n, Node::Comment(_)))
                .map(to_json)
                .collect(),
        ),
        Node::Scalar(leaf) | Node::Comment(leaf) => scalar_json(&leaf.value),
        Node::Alias { target, .. } => to_json(target),
    }
}

fn scalar_json(value: &Scalar) -> Value {
    match value {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(*b),
        Scalar::Int(i) => Value::from(*i),
        Scalar::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Scalar::Str(s) | Scalar::Time(s) => Value::String(s.clone()),
        Scalar::Bytes(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
    }
}

/// The whole `sops:` entry, every line ending with `line_break`.
pub fn render(metadata: &Value, line_break: &str) -> String {
    let mut out = String::from("sops:");
    write_value(&mut out, metadata, INDENT);
    if line_break != "\n" {
        out = out.replace('\n', line_break);
    }
    out
}

/// Writes a value after `key:`; nested block content starts at column `indent`.
fn write_value(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, indent, false);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_sequence(out, items, indent);
        }
        Value::Object(_) => out.push_str(" {}\n"),
        // Null in the metadata is Go's nil slice (the empty `hc_vault` and `age` lists of
        // key groups), which go-yaml writes `[]`.
        Value::Array(_) | Value::Null => out.push_str(" []\n"),
        scalar => {
            out.push(' ');
            out.push_str(&scalar_line(scalar, indent));
            out.push('\n');
        }
    }
}

/// Keys at `column`; the first one follows a `- ` already written when `after_dash`.
/// Their nested content goes one indent step further than the sequence that holds them.
fn write_map(out: &mut String, map: &Map<String, Value>, column: usize, after_dash: bool) {
    let nested = if after_dash {
        column - 2 + INDENT
    } else {
        column + INDENT
    };
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 || !after_dash {
            out.push_str(&" ".repeat(column));
        }
        out.push_str(&scalar_line(&Value::String(key.clone()), nested));
        out.push(':');
        write_value(out, value, nested);
    }
}

/// Items as `- item` lines with the dashes at `column`.
fn write_sequence(out: &mut String, items: &[Value], column: usize) {
    for item in items {
        out.push_str(&" ".repeat(column));
        out.push_str("- ");
        match item {
            Value::Object(map) if !map.is_empty() => write_map(out, map, column + 2, true),
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_sequence(out, inner, column + INDENT);
            }
            other => {
                out.push_str(&scalar_line(other, column + INDENT));
                out.push('\n');
            }
        }
    }
}

/// A scalar (or empty collection) on the current line; a multi-line string becomes a
/// literal block whose lines start at `indent`.
fn scalar_line(value: &Value, indent: usize) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar_text(&Scalar::Str(s.clone()), indent, false),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}
