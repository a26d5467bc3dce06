//! Environment variables from decrypted documents, for `exec` and `export`.
//!
//! The mapping is deterministic and documented in `secret exec --help`:
//! * a top-level scalar is a variable of the same name (dotenv keys as they are);
//! * a nested mapping is flattened by joining keys with `_`: `db: {host: x}` gives
//!   `db_host`, INI `[section] key` gives `section_key` (keys before any section belong to
//!   `DEFAULT`);
//! * lists are refused, naming the key;
//! * strings are taken as they are; numbers and booleans as the dotenv store spells them
//!   (sops's exec-env does the same); null is the empty string;
//! * every name must be a valid variable name, `[A-Za-z_][A-Za-z0-9_]*`.

use std::collections::BTreeMap;

use crate::secret::Secret;
use crate::store::{DotenvStore, Store, StoreError};
use crate::tree::{Document, Entry, Leaf, Node, Scalar};

/// Variables by name; sorted, so output and the child's environment are deterministic.
/// The values are secrets: wiped when dropped, never shown by `Debug`.
pub type Variables = BTreeMap<String, Secret<String>>;

/// Why a document cannot become environment variables.
#[derive(Debug, thiserror::Error)]
pub enum EnvError {
    #[error(
        "`{0}` is not a valid environment variable name (letters, digits and _, not starting with a digit)"
    )]
    InvalidName(String),
    #[error("`{0}` is a list; only scalars and mappings become environment variables")]
    List(String),
    #[error(
        "the file holds {0} YAML documents; only a file with one can become environment variables"
    )]
    SeveralDocuments(usize),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A scalar of a document: the keys leading to it, and its text.
pub type KeyedValue = (Vec<String>, Secret<String>);

/// The variables of a parsed, decrypted document.
pub fn variables(docs: &[Document]) -> Result<Variables, EnvError> {
    let mut vars = Variables::new();
    for (keys, value) in leaves(docs)? {
        let name = keys.join("_");
        if !is_valid_name(&name) {
            return Err(EnvError::InvalidName(name));
        }
        vars.insert(name, value);
    }
    Ok(vars)
}

/// Every scalar of a parsed, decrypted document with the keys leading to it, in file
/// order; with the same rules as variables (lists refused, values as text).
pub fn leaves(docs: &[Document]) -> Result<Vec<KeyedValue>, EnvError> {
    let doc = match docs {
        [] => return Ok(Vec::new()),
        [doc] => doc,
        _ => return Err(EnvError::SeveralDocuments(docs.len())),
    };
    let mut found = Vec::new();
    add_entries(&mut found, &[], &doc.entries)?;
    Ok(found)
}

/// Whether `name` is a portable environment variable name.
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn add_entries(
    found: &mut Vec<KeyedValue>,
    prefix: &[String],
    entries: &[Entry],
) -> Result<(), EnvError> {
    for entry in entries {
        if let Entry::Pair { key, value, .. } = entry {
            let mut keys = prefix.to_vec();
            keys.push(key.clone());
            add_node(found, keys, value)?;
        }
    }
    Ok(())
}

fn add_node(found: &mut Vec<KeyedValue>, keys: Vec<String>, node: &Node) -> Result<(), EnvError> {
    match node {
        Node::Map { entries, .. } => add_entries(found, &keys, entries),
        Node::List { .. } => Err(EnvError::List(keys.join("_"))),
        Node::Scalar(leaf) => {
            found.push((keys, scalar_text(leaf)?.into()));
            Ok(())
        }
        Node::Alias { target, .. } => add_node(found, keys, target),
        Node::Comment(_) => Ok(()),
    }
}

pub(crate) fn scalar_text(leaf: &Leaf) -> Result<String, StoreError> {
    Ok(match &leaf.value {
        Scalar::Str(text) | Scalar::Time(text) => text.clone(),
        Scalar::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Scalar::Null => String::new(),
        other => DotenvStore.plain_text(leaf, other)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Format;

    fn vars_of(format: Format, text: &str) -> Result<Variables, EnvError> {
        variables(&format.store().parse(text.as_bytes()).unwrap().docs)
    }

    #[test]
    fn nested_mappings_are_joined_with_underscores() {
        let vars = vars_of(
            Format::Yaml,
            "a: 1\ndb:\n  host: x\n  port: 5432\nf: 1.5\nn: null\nt: true\n",
        )
        .unwrap();
        let expected = [
            ("a", "1"),
            ("db_host", "x"),
            ("db_port", "5432"),
            ("f", "1.5"),
            ("n", ""),
            ("t", "true"),
        ];
        assert_eq!(
            vars,
            expected
                .map(|(k, v)| (k.to_string(), Secret::new(v.to_string())))
                .into()
        );
    }

    #[test]
    fn ini_sections_prefix_their_keys() {
        let vars = vars_of(Format::Ini, "[db]\nhost = x\n").unwrap();
        assert_eq!(vars["db_host"].as_str(), "x");
    }

    #[test]
    fn lists_and_bad_names_are_refused_by_name() {
        assert!(
            matches!(vars_of(Format::Yaml, "a:\n  b: [1]\n"), Err(EnvError::List(k)) if k == "a_b")
        );
        assert!(
            matches!(vars_of(Format::Json, r#"{"my-key": "v"}"#), Err(EnvError::InvalidName(k)) if k == "my-key")
        );
        assert!(matches!(
            vars_of(Format::Yaml, "1a: v\n"),
            Err(EnvError::InvalidName(_))
        ));
    }
}
