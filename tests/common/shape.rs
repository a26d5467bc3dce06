//! Views of an encrypted file that two correct encryptions share, whatever their layout,
//! keys, IVs and times: which values are encrypted (the "shape"), and the metadata
//! settings (the `sops` block without its per-encryption fields).

use serde_json::{Map, Value};

use crate::common::data::{Data, Format, parse};

const ENVELOPE_START: &str = "ENC[AES256_GCM,";
/// Metadata fields that differ between two encryptions of the same file.
/// Metadata fields that differ between runs, and `secret_layout`: secret's own key (the
/// original spelling of values, which sops ignores).
const VOLATILE: [&str; 6] = [
    "lastmodified",
    "mac",
    "version",
    "enc",
    "created_at",
    "secret_layout",
];

/// The data with each value replaced by `"ENC"` or `"clear"`, without the metadata. List
/// items holding encrypted comments (sops's YAML quirk) are dropped: comments are not data.
pub fn encrypted_shape(format: Format, encrypted: &[u8]) -> Value {
    match parse_encrypted(format, encrypted) {
        Data::Yaml(docs) => Value::Array(docs.iter().map(|d| mask(&without_sops(d))).collect()),
        Data::Json(doc) => mask(&without_sops(&doc)),
        Data::Dotenv(pairs) => mask_pairs(pairs.iter().filter(|(k, _)| !k.starts_with("sops_"))),
        Data::Ini(sections) => Value::Array(
            sections
                .iter()
                .filter(|(name, _)| name != "sops")
                .map(|(name, pairs)| {
                    Value::Array(vec![name.clone().into(), mask_pairs(pairs.iter())])
                })
                .collect(),
        ),
        Data::Binary(_) => unreachable!("binary files are read as JSON"),
    }
}

/// The metadata without the fields that change from one encryption to the next. Flat
/// formats (dotenv `sops_*` lines, the INI `[sops]` section) come as one object of their
/// flattened keys.
pub fn metadata_settings(format: Format, encrypted: &[u8]) -> Value {
    let metadata = match parse_encrypted(format, encrypted) {
        Data::Yaml(docs) => docs.first().and_then(|d| d.get("sops")).cloned(),
        Data::Json(doc) => doc.get("sops").cloned(),
        Data::Dotenv(pairs) => Some(flat_object(
            pairs
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix("sops_")?, v))),
        )),
        Data::Ini(sections) => sections
            .iter()
            .find(|(name, _)| name == "sops")
            .map(|(_, pairs)| flat_object(pairs.iter().map(|(k, v)| (k.as_str(), v)))),
        Data::Binary(_) => unreachable!("binary files are read as JSON"),
    };
    without_volatile(&metadata.expect("a sops metadata block"))
}

/// Encrypted binary files are JSON documents.
fn parse_encrypted(format: Format, bytes: &[u8]) -> Data {
    let format = if format == Format::Binary {
        Format::Json
    } else {
        format
    };
    parse(format, bytes).unwrap_or_else(|e| panic!("unreadable encrypted {format:?} file: {e}"))
}

fn without_sops(doc: &Value) -> Value {
    let mut doc = doc.clone();
    if let Value::Object(map) = &mut doc {
        map.shift_remove("sops");
    }
    doc
}

fn mask(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), mask(v))).collect())
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .filter(|item| !is_encrypted_comment(item))
                .map(mask)
                .collect(),
        ),
        Value::String(s) if s.starts_with(ENVELOPE_START) => "ENC".into(),
        _ => "clear".into(),
    }
}

fn mask_pairs<'a>(pairs: impl Iterator<Item = &'a (String, String)>) -> Value {
    let masked = pairs.map(|(k, v)| {
        let state = if v.starts_with(ENVELOPE_START) {
            "ENC"
        } else {
            "clear"
        };
        Value::Array(vec![k.clone().into(), state.into()])
    });
    Value::Array(masked.collect())
}

fn is_encrypted_comment(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| s.starts_with(ENVELOPE_START) && s.ends_with("type:comment]"))
}

/// A flat key belongs to a volatile field when its last component is one, e.g.
/// `age__list_0__map_enc`.
fn flat_object<'a>(pairs: impl Iterator<Item = (&'a str, &'a String)>) -> Value {
    let mut kept: Vec<(&str, &String)> = pairs
        .filter(|(key, _)| {
            !VOLATILE
                .iter()
                .any(|v| *key == *v || key.ends_with(&format!("__map_{v}")))
        })
        .collect();
    kept.sort();
    Value::Object(
        kept.into_iter()
            .map(|(k, v)| (k.to_string(), v.clone().into()))
            .collect(),
    )
}

fn without_volatile(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| !VOLATILE.contains(&key.as_str()))
                .map(|(k, v)| (k.clone(), without_volatile(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_volatile).collect()),
        other => other.clone(),
    }
}
