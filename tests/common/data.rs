//! "Same data" comparisons: two files hold the same data when they parse to the same
//! values, whatever their layout. Comments are not data.
//!
//! * YAML: every document through serde-saphyr into a `serde_json::Value` (merge keys
//!   merged, aliases expanded).
//! * JSON: serde_json.
//! * dotenv: the ordered `(key, value)` pairs of the non-blank, non-comment lines.
//! * INI: section -> ordered `(key, value)`, values trimmed, inline comments and quotes
//!   removed (as go-ini reads them).
//! * binary: the bytes.

use std::path::Path;

use serde_json::Value;

/// The file formats, chosen from the file name as sops chooses them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
    Dotenv,
    Ini,
    Binary,
}

impl Format {
    pub fn of(path: impl AsRef<Path>) -> Format {
        let name = path.as_ref().to_string_lossy();
        if name.ends_with(".yaml") || name.ends_with(".yml") {
            Format::Yaml
        } else if name.ends_with(".json") {
            Format::Json
        } else if name.ends_with(".env") {
            Format::Dotenv
        } else if name.ends_with(".ini") {
            Format::Ini
        } else {
            Format::Binary
        }
    }
}

type Pairs = Vec<(String, String)>;

/// The data of a file, in a form that compares equal when the data is the same.
#[derive(Debug, PartialEq)]
pub enum Data {
    Yaml(Vec<Value>),
    Json(Value),
    Dotenv(Pairs),
    Ini(Vec<(String, Pairs)>),
    Binary(Vec<u8>),
}

pub fn parse(format: Format, bytes: &[u8]) -> Result<Data, String> {
    if format == Format::Binary {
        return Ok(Data::Binary(bytes.to_vec()));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    Ok(match format {
        Format::Yaml => Data::Yaml(
            parse_yaml(text)?
                .into_iter()
                .map(numbers_as_floats)
                .collect(),
        ),
        Format::Json => Data::Json(numbers_as_floats(
            serde_json::from_str(text).map_err(|e| e.to_string())?,
        )),
        Format::Dotenv => Data::Dotenv(parse_dotenv(text)?),
        Format::Ini => Data::Ini(parse_ini(text)?),
        Format::Binary => unreachable!(),
    })
}

/// Every number as a float: `2` and `2.0` are the same data (sops itself prints a whole
/// float as `2`, and JSON numbers are all floats to sops).
fn numbers_as_floats(value: Value) -> Value {
    match value {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Number(n), Value::Number),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, numbers_as_floats(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Asserts that `actual` holds the same data as `expected`; `context` says what was compared.
pub fn assert_same_data(format: Format, expected: &[u8], actual: &[u8], context: &str) {
    let parse_or_panic = |bytes: &[u8], which: &str| {
        parse(format, bytes).unwrap_or_else(|e| {
            panic!(
                "{context}: cannot parse the {which} as {format:?}: {e}\n{}",
                show(bytes)
            )
        })
    };
    let (want, got) = (
        parse_or_panic(expected, "expected"),
        parse_or_panic(actual, "actual"),
    );
    assert!(
        want == got,
        "{context}: different data\n--- expected:\n{}\n--- actual:\n{}\n--- expected data: {want:?}\n--- actual data:   {got:?}",
        show(expected),
        show(actual)
    );
}

/// The pieces of a plaintext that must not appear in clear once it is encrypted: every
/// line of every string value, except under keys ending in `_unencrypted`. Short pieces
/// (under 8 bytes) are left out: they could appear by chance in base64.
pub fn secret_fragments(format: Format, plaintext: &[u8]) -> Vec<Vec<u8>> {
    let mut values: Vec<String> = Vec::new();
    match parse(format, plaintext).expect("parse plaintext") {
        Data::Binary(bytes) => return vec![bytes],
        Data::Yaml(docs) => docs
            .iter()
            .for_each(|doc| collect_strings(doc, &mut values)),
        Data::Json(doc) => collect_strings(&doc, &mut values),
        Data::Dotenv(pairs) => values.extend(encrypted_values(pairs)),
        Data::Ini(sections) => sections
            .into_iter()
            .for_each(|(_, pairs)| values.extend(encrypted_values(pairs))),
    }
    values
        .iter()
        .flat_map(|value| value.split(['\n', '\r']))
        .map(str::trim)
        .filter(|piece| piece.len() >= 8)
        .map(|piece| piece.as_bytes().to_vec())
        .collect()
}

/// Asserts that none of `fragments` occurs in `haystack`.
pub fn assert_contains_none(haystack: &[u8], fragments: &[Vec<u8>], context: &str) {
    for fragment in fragments {
        assert!(
            !haystack
                .windows(fragment.len())
                .any(|w| w == fragment.as_slice()),
            "{context}: the plaintext {:?} appears in clear",
            String::from_utf8_lossy(fragment)
        );
    }
}

fn is_unencrypted_key(key: &str) -> bool {
    key.ends_with("_unencrypted")
}

fn encrypted_values(pairs: Pairs) -> impl Iterator<Item = String> {
    pairs
        .into_iter()
        .filter(|(key, _)| !is_unencrypted_key(key))
        .map(|(_, value)| value)
}

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|item| collect_strings(item, out)),
        Value::Object(map) => map
            .iter()
            .filter(|(key, _)| !is_unencrypted_key(key))
            .for_each(|(_, item)| collect_strings(item, out)),
        _ => {}
    }
}

/// Every document of a YAML text. Infinities and NaN, which JSON values cannot hold, come
/// through as the strings `.inf`, `-.inf` and `.nan`.
fn parse_yaml(text: &str) -> Result<Vec<Value>, String> {
    let options = serde_saphyr::options! {
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
    };
    serde_saphyr::from_multiple_with_options(text, options).map_err(|e| e.to_string())
}

fn parse_dotenv(text: &str) -> Result<Pairs, String> {
    text.split('\n')
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| match line.split_once('=') {
            Some((key, value)) => Ok((key.to_string(), value.to_string())),
            None => Err(format!("dotenv line without `=`: {line:?}")),
        })
        .collect()
}

fn parse_ini(text: &str) -> Result<Vec<(String, Pairs)>, String> {
    let mut sections: Vec<(String, Pairs)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with([';', '#']) {
            continue;
        }
        if let Some(name) = line.strip_prefix('[') {
            let name = name
                .strip_suffix(']')
                .ok_or(format!("bad section header {line:?}"))?;
            sections.push((name.trim().to_string(), Vec::new()));
            continue;
        }
        let split_at = line
            .find(['=', ':'])
            .ok_or(format!("INI line without `=`: {line:?}"))?;
        let (key, value) = (line[..split_at].trim(), ini_value(&line[split_at + 1..]));
        if sections.is_empty() {
            sections.push(("DEFAULT".to_string(), Vec::new()));
        }
        let pairs = &mut sections.last_mut().expect("a section").1;
        pairs.retain(|(k, _)| k != key); // the last duplicate wins
        pairs.push((key.to_string(), value));
    }
    Ok(sections)
}

/// A value as go-ini reads it: inline comment cut, trimmed, surrounding quotes removed.
fn ini_value(raw: &str) -> String {
    let raw = raw.trim();
    let value = if raw.starts_with(['"', '`', '\'']) {
        raw
    } else {
        raw.split(['#', ';']).next().unwrap_or("").trim()
    };
    for quote in ["\"\"\"", "`", "\"", "'"] {
        if value.len() >= 2 * quote.len() && value.starts_with(quote) && value.ends_with(quote) {
            return value[quote.len()..value.len() - quote.len()].to_string();
        }
    }
    value.to_string()
}

/// Bytes for a failure message: the text when it is UTF-8, else a lossy rendering.
pub fn show(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
