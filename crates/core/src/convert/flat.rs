//! The formats that hold text values only: INI (as go-ini writes it for sops, `=` aligned
//! in each section), dotenv (`KEY=value`), and binary (the `data` key's bytes). Values are
//! spelled as sops's `ValToString` spells them.

use super::{Data, emit_error};
use crate::sops::scalar::format_float_g;
use crate::store::StoreError;
use crate::tree::Scalar;

/// A scalar as text: floats keep a `.0` (`2.0`, `1E+21`), null is `<nil>`, timestamps are
/// RFC 3339 without fractions of a second, as Go's `%v` and `time.RFC3339` give them.
pub fn text(scalar: &Scalar) -> String {
    match scalar {
        Scalar::Null => "<nil>".into(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) if f.is_finite() => format_float_g(*f, 'E'),
        Scalar::Float(f) if f.is_nan() => "NaN".into(),
        Scalar::Float(f) => if *f > 0.0 { "+Inf" } else { "-Inf" }.into(),
        Scalar::Str(s) => s.clone(),
        Scalar::Time(t) => without_fraction(t),
        Scalar::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
    }
}

/// `2024-01-02T03:04:05.5Z` -> `2024-01-02T03:04:05Z`.
fn without_fraction(time: &str) -> String {
    match time.find('.') {
        Some(dot) => {
            let end = time[dot + 1..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(time.len(), |i| dot + 1 + i);
            format!("{}{}", &time[..dot], &time[end..])
        }
        None => time.to_string(),
    }
}

/// A top-level value as one line of text, refusing structures.
fn flat_text(key: &str, value: &Data, format: &str) -> Result<String, StoreError> {
    match value {
        Data::Scalar(scalar) => Ok(text(scalar)),
        _ => Err(emit_error(format!(
            "`{key}` is a structure, which {format} cannot hold"
        ))),
    }
}

/// `KEY=value` lines of the top-level scalars; line breaks written as `\n`.
pub fn dotenv(data: &Data) -> Result<Vec<u8>, StoreError> {
    let Data::Map(entries) = data else {
        return Err(emit_error("a dotenv file is a mapping"));
    };
    let mut out = String::new();
    for (key, value) in entries {
        out.push_str(&format!(
            "{key}={}\n",
            flat_text(key, value, "dotenv")?.replace('\n', "\\n")
        ));
    }
    Ok(out.into_bytes())
}

/// Sections from top-level mappings (top-level scalars go to `[DEFAULT]`, first), each
/// key padded to its section's longest, a blank line between sections.
pub fn ini(data: &Data) -> Result<Vec<u8>, StoreError> {
    let Data::Map(top) = data else {
        return Err(emit_error("an INI file is a mapping"));
    };
    let defaults: Vec<(String, Data)> = top
        .iter()
        .filter(|(_, v)| !matches!(v, Data::Map(_)))
        .cloned()
        .collect();
    let mut sections: Vec<(&str, &[(String, Data)])> = Vec::new();
    if !defaults.is_empty() {
        sections.push(("DEFAULT", &defaults));
    }
    for (name, value) in top {
        if let Data::Map(pairs) = value {
            sections.push((name, pairs));
        }
    }
    let mut out = String::new();
    for (i, (name, pairs)) in sections.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("[{name}]\n"));
        let keys: Vec<String> = pairs.iter().map(|(k, _)| ini_key(k)).collect();
        let width = keys.iter().map(|k| k.chars().count()).max().unwrap_or(0);
        for (key, (name, value)) in keys.iter().zip(pairs.iter()) {
            let value = ini_value(&flat_text(name, value, "INI")?);
            let pad = width - key.chars().count();
            out.push_str(&format!("{key}{} = {value}\n", " ".repeat(pad)));
        }
    }
    Ok(out.into_bytes())
}

/// go-ini's quoting of a key holding a delimiter or quote.
fn ini_key(key: &str) -> String {
    if key.contains('`') {
        format!("\"\"\"{key}\"\"\"")
    } else if key.contains(['"', '=', ':']) {
        format!("`{key}`")
    } else {
        key.to_string()
    }
}

/// go-ini's quoting of a value: `"""…"""` for line breaks and backticks, backticks for
/// comment characters, double quotes for edge spaces.
fn ini_value(value: &str) -> String {
    if value.contains(['\n', '`']) {
        format!("\"\"\"{value}\"\"\"")
    } else if value.contains(['#', ';']) {
        format!("`{value}`")
    } else if value.trim() != value {
        format!("\"{value}\"")
    } else {
        value.to_string()
    }
}

/// The bytes of the `data` key (how sops stores a binary file).
pub fn binary(data: &Data) -> Result<Vec<u8>, StoreError> {
    let Data::Map(entries) = data else {
        return Err(emit_error("no binary data found in tree"));
    };
    entries
        .iter()
        .find_map(|(key, value)| match (key.as_str(), value) {
            ("data", Data::Scalar(Scalar::Str(s))) => Some(s.clone().into_bytes()),
            ("data", Data::Scalar(Scalar::Bytes(b))) => Some(b.clone()),
            _ => None,
        })
        .ok_or_else(|| {
            emit_error("no binary data found in tree: the file has no string `data` key")
        })
}
