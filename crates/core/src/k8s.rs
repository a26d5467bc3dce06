//! A Kubernetes `v1/Secret` manifest of decrypted values (`secret export --format k8s`).
//!
//! Keys: the names `exec` gives variables (a dotenv key as it is; a nested mapping's keys
//! joined with `_`, so `db: {host: x}` is `db_host`; INI `[db] host` is `db_host`; lists
//! refused), except that Kubernetes's own rule applies instead of the environment
//! variable rule: letters, digits, `-`, `_` and `.`, at most 253 characters, not `.`, `..`
//! or starting with `..`; so `tls.crt` and `api-key` are kept as they are. A key
//! Kubernetes would reject is an error naming it. Later files win, as with `exec`.
//!
//! Values go under `stringData` (the text itself) or, with base64, under `data`. Text is
//! written as a YAML block scalar when it has line breaks (`|`, `|-` or `|+` so the final
//! line breaks come back exactly, with an indentation indicator when the first line starts
//! with a space), else double-quoted with escapes; anything a block scalar cannot hold
//! (carriage returns, control characters, YAML 1.1 line separators) is double-quoted.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use zeroize::Zeroizing;

use crate::env::{self, EnvError};
use crate::secret::Secret;
use crate::tree::Document;

/// How values are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// `stringData`: the values as text.
    #[default]
    String,
    /// `data`: the values base64-encoded.
    Base64,
}

/// The manifest's metadata and type.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub name: String,
    pub namespace: Option<String>,
    /// `Opaque`, `kubernetes.io/tls`, …
    pub secret_type: String,
    pub labels: Vec<(String, String)>,
    pub encoding: Encoding,
}

/// The most a Secret may hold (the API server refuses more).
pub const MAX_SIZE: usize = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum K8sError {
    #[error(
        "{}: `{key}` is not a valid Kubernetes Secret key (letters, digits, `-`, `_` and `.`, at most 253 characters, not `.` or `..`)",
        file.display()
    )]
    BadKey { file: PathBuf, key: String },
    #[error("{}: {source}", file.display())]
    Values { file: PathBuf, source: EnvError },
    #[error(
        "`{0}` is not a valid Kubernetes name (lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit, at most 253 characters)"
    )]
    BadName(String),
    #[error(
        "`{0}` is not a valid Kubernetes namespace (lower-case letters, digits and `-`, starting and ending with a letter or digit, at most 63 characters)"
    )]
    BadNamespace(String),
    #[error("`{0}` is not a valid label: {1}")]
    BadLabel(String, &'static str),
    #[error("`{0}` is not a valid Secret type")]
    BadType(String),
    #[error("the values take {0} bytes; a Kubernetes Secret holds at most 1 MiB")]
    TooLarge(usize),
}

/// The Secret's keys and values of the decrypted documents of each file, in order (later
/// files win).
pub fn secret_data<'a>(
    files: impl IntoIterator<Item = (&'a Path, &'a [Document])>,
) -> Result<BTreeMap<String, Secret<String>>, K8sError> {
    let mut data = BTreeMap::new();
    for (file, docs) in files {
        let leaves = env::leaves(docs).map_err(|source| K8sError::Values {
            file: file.to_path_buf(),
            source,
        })?;
        for (keys, value) in leaves {
            let key = keys.join("_");
            if !is_valid_key(&key) {
                return Err(K8sError::BadKey {
                    file: file.to_path_buf(),
                    key,
                });
            }
            data.insert(key, value);
        }
    }
    Ok(data)
}

/// Kubernetes's rule for Secret and ConfigMap keys (`IsConfigMapKey`).
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 253
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && key != "."
        && !key.starts_with("..")
}

/// A DNS-1123 subdomain: the rule for a Secret's name.
pub fn is_valid_name(name: &str) -> bool {
    name.len() <= 253 && !name.is_empty() && name.split('.').all(|part| is_label(part, 253))
}

/// A DNS-1123 label: the rule for a namespace.
pub fn is_valid_namespace(namespace: &str) -> bool {
    is_label(namespace, 63)
}

fn is_label(text: &str, max: usize) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= max
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
}

/// A name Kubernetes takes, made from a file name: `app.enc.yaml` gives `app`,
/// `My_Service.enc.env` gives `my-service`; `None` when nothing usable is left.
pub fn name_from_file(path: &Path) -> Option<String> {
    let file = path.file_name()?.to_string_lossy();
    let stem = file.split('.').next().unwrap_or_default();
    let mut name: String = stem
        .chars()
        .map(|c| match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'a'..='z' | '0'..='9' | '-' => c,
            _ => '-',
        })
        .collect();
    name = name.trim_matches('-').to_string();
    name.truncate(253);
    is_valid_name(&name).then_some(name)
}

/// Checks a label (`key=value`): the key an optional DNS subdomain prefix and `/` and a
/// name of at most 63 characters, the value empty or such a name.
pub fn check_label(key: &str, value: &str) -> Result<(), K8sError> {
    let whole = || format!("{key}={value}");
    let (prefix, name) = match key.rsplit_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    if prefix.is_some_and(|p| !is_valid_name(p)) {
        return Err(K8sError::BadLabel(
            whole(),
            "the key's prefix must be a DNS subdomain",
        ));
    }
    if !is_label_name(name) || name.is_empty() {
        return Err(K8sError::BadLabel(
            whole(),
            "the key must be letters, digits, `-`, `_` and `.`, at most 63, starting and ending with a letter or digit",
        ));
    }
    if !value.is_empty() && !is_label_name(value) {
        return Err(K8sError::BadLabel(
            whole(),
            "the value must be empty or letters, digits, `-`, `_` and `.`, at most 63, starting and ending with a letter or digit",
        ));
    }
    Ok(())
}

fn is_label_name(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && bytes[0].is_ascii_alphanumeric()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
}

/// The manifest, as YAML; wiped when dropped.
pub fn manifest(
    spec: &Manifest,
    data: &BTreeMap<String, Secret<String>>,
) -> Result<Zeroizing<String>, K8sError> {
    if !is_valid_name(&spec.name) {
        return Err(K8sError::BadName(spec.name.clone()));
    }
    if let Some(namespace) = spec.namespace.as_deref().filter(|n| !is_valid_namespace(n)) {
        return Err(K8sError::BadNamespace(namespace.to_string()));
    }
    if spec.secret_type.is_empty()
        || spec.secret_type.len() > 253
        || spec.secret_type.contains(char::is_control)
    {
        return Err(K8sError::BadType(spec.secret_type.clone()));
    }
    for (key, value) in &spec.labels {
        check_label(key, value)?;
    }
    let size: usize = data.iter().map(|(k, v)| k.len() + v.len()).sum();
    if size > MAX_SIZE {
        return Err(K8sError::TooLarge(size));
    }
    let mut out = Zeroizing::new(String::new());
    out.push_str("apiVersion: v1\nkind: Secret\nmetadata:\n");
    let _ = writeln!(out, "  name: {}", scalar(&spec.name));
    if let Some(namespace) = &spec.namespace {
        let _ = writeln!(out, "  namespace: {}", scalar(namespace));
    }
    if !spec.labels.is_empty() {
        out.push_str("  labels:\n");
        for (key, value) in &spec.labels {
            let _ = writeln!(out, "    {}: {}", scalar(key), scalar(value));
        }
    }
    let _ = writeln!(out, "type: {}", scalar(&spec.secret_type));
    match spec.encoding {
        Encoding::String => {
            out.push_str(if data.is_empty() {
                "stringData: {}\n"
            } else {
                "stringData:\n"
            });
            for (key, value) in data {
                let _ = write!(out, "  {}:", scalar(key));
                text_value(&mut out, value, 4);
            }
        }
        Encoding::Base64 => {
            out.push_str(if data.is_empty() {
                "data: {}\n"
            } else {
                "data:\n"
            });
            for (key, value) in data {
                let encoded = Zeroizing::new(
                    base64::engine::general_purpose::STANDARD.encode(value.as_bytes()),
                );
                let written = Zeroizing::new(scalar(&encoded));
                let _ = writeln!(out, "  {}: {}", scalar(key), written.as_str());
            }
        }
    }
    Ok(out)
}

/// ` value\n` after a key indented by `indent - 2`: a block scalar indented by `indent`
/// for multi-line text that
/// one can hold exactly, else a double-quoted string.
fn text_value(out: &mut String, value: &str, indent: usize) {
    if !value.contains('\n') || !block_safe(value) {
        out.push(' ');
        double_quoted(out, value);
        out.push('\n');
        return;
    }
    let body = value.trim_end_matches('\n');
    let chomp = match value.len() - body.len() {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let first_content = value.split('\n').find(|l| !l.is_empty()).unwrap_or("");
    // The indicator counts from the key's own indentation, two less than the text's.
    let indicator = if first_content.starts_with(' ') {
        (indent - 2).to_string()
    } else {
        String::new()
    };
    let _ = writeln!(out, " |{indicator}{chomp}");
    for line in value.strip_suffix('\n').unwrap_or(value).split('\n') {
        if !line.is_empty() {
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// Whether a block scalar holds `value` exactly: no carriage return, control character
/// (tab aside), byte-order mark or character YAML 1.1 reads as a line break.
fn block_safe(value: &str) -> bool {
    !value.chars().any(needs_escape_in_block)
}

fn needs_escape_in_block(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// A key or short value: plain when it cannot be read as anything but that string, else
/// double-quoted.
fn scalar(text: &str) -> String {
    let plain = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !is_yaml_keyword(text);
    if plain {
        return text.to_string();
    }
    let mut out = String::new();
    double_quoted(&mut out, text);
    out
}

/// Words some YAML reader (1.1 or 1.2) takes for a boolean or null.
fn is_yaml_keyword(text: &str) -> bool {
    matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "nan" | "inf"
    )
}

/// `"text"` with YAML's double-quoted escapes (which JSON's are a subset of).
fn double_quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(pairs: &[(&str, &str)]) -> BTreeMap<String, Secret<String>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), (*v).into()))
            .collect()
    }

    fn spec() -> Manifest {
        Manifest {
            name: "app".into(),
            secret_type: "Opaque".into(),
            ..Manifest::default()
        }
    }

    #[test]
    fn keys_follow_kubernetes_rules() {
        for good in ["a", "tls.crt", "api-key", "DB_PASSWORD", ".hidden", "a..b"] {
            assert!(is_valid_key(good), "{good}");
        }
        for bad in ["", ".", "..", "..a", "a/b", "a b", "é", &"x".repeat(254)] {
            assert!(!is_valid_key(bad), "{bad}");
        }
    }

    #[test]
    fn names_come_from_files() {
        assert_eq!(
            name_from_file(Path::new("dir/app.enc.yaml")).unwrap(),
            "app"
        );
        assert_eq!(
            name_from_file(Path::new("My_Service.enc.env")).unwrap(),
            "my-service"
        );
        assert_eq!(name_from_file(Path::new("_.env")), None);
    }

    #[test]
    fn multi_line_values_become_block_scalars_that_keep_their_line_breaks() {
        let out = manifest(
            &spec(),
            &data(&[
                ("a", "one\ntwo\n"),
                ("b", "one\ntwo"),
                ("c", "one\n\n"),
                ("d", "  indented\nx\n"),
                ("e", "cr\r\nlf"),
                ("f", "true"),
                ("g", "\nlead"),
            ]),
        )
        .unwrap();
        let expected = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\nstringData:\n  a: |\n    one\n    two\n  b: |-\n    one\n    two\n  c: |+\n    one\n\n  d: |2\n      indented\n    x\n  e: \"cr\\r\\nlf\"\n  f: \"true\"\n  g: |-\n\n    lead\n";
        assert_eq!(out.as_str(), expected);
    }

    #[test]
    fn base64_data_and_metadata() {
        let out = manifest(
            &Manifest {
                namespace: Some("prod".into()),
                labels: vec![("app.kubernetes.io/name".into(), "web".into())],
                encoding: Encoding::Base64,
                secret_type: "kubernetes.io/tls".into(),
                ..spec()
            },
            &data(&[("tls.crt", "x\ny")]),
        )
        .unwrap();
        assert_eq!(
            out.as_str(),
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n  namespace: prod\n  labels:\n    app.kubernetes.io/name: web\ntype: kubernetes.io/tls\ndata:\n  tls.crt: eAp5\n"
        );
    }

    #[test]
    fn bad_metadata_is_refused() {
        let bad_name = Manifest {
            name: "App".into(),
            ..spec()
        };
        assert!(matches!(
            manifest(&bad_name, &data(&[])),
            Err(K8sError::BadName(_))
        ));
        assert!(check_label("a", "b c").is_err());
        assert!(check_label("-a", "b").is_err());
        assert!(check_label("example.com/a", "").is_ok());
    }
}
