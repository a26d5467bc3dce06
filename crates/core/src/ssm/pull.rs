//! `pull`: make a file's plaintext hold a namespace's values, changing only the values
//! that differ, so every other value keeps its bytes (and, once sealed, its ciphertext).
//! The names of the plan map to the file's keys through [`KeyNames`]: a namespace's for
//! Parameter Store, a secret's for Secrets Manager.

use serde_json::{Map, Value};

use super::Namespace;
use super::{Plan, Values};
use crate::path::Step;
use crate::store::{Format, Store, StoreError, StoreErrorKind};

/// How the names of a plan map to the keys of a file.
pub trait KeyNames {
    /// The keys of the value named `name`, or `None` when the name is not one of these.
    fn keys_of(&self, name: &str) -> Option<Vec<String>>;
    /// Where the names live, for errors.
    fn describe(&self) -> String;
}

impl KeyNames for Namespace {
    fn keys_of(&self, name: &str) -> Option<Vec<String>> {
        Namespace::keys_of(self, name)
    }

    fn describe(&self) -> String {
        self.as_str().to_string()
    }
}

/// `src` with the plan's added and changed values set from `wanted`, and its removed
/// values unset; keys follow the names below `namespace`.
pub fn edit(
    store: &dyn Store,
    src: &[u8],
    namespace: &dyn KeyNames,
    plan: &Plan,
    wanted: &Values,
) -> Result<Vec<u8>, StoreError> {
    let mut text = src.to_vec();
    for name in plan.writes() {
        let parsed = store.parse(&text)?;
        let value = Value::String(wanted[name].to_string());
        text = store.set(&text, &parsed, &steps(namespace, name)?, &value)?;
    }
    for name in &plan.removed {
        let parsed = store.parse(&text)?;
        text = store.unset(&text, &parsed, &steps(namespace, name)?)?;
    }
    Ok(text)
}

/// The plaintext of a new file holding `wanted`. YAML and JSON are written here, in
/// block style with every value a quoted string, so that nothing is retyped; INI and
/// dotenv files are built by their stores' `set`.
pub fn new_plaintext(
    format: Format,
    namespace: &dyn KeyNames,
    wanted: &Values,
) -> Result<Vec<u8>, StoreError> {
    let text = match format {
        Format::Json => {
            serde_json::to_string_pretty(&tree(namespace, wanted)?).expect("strings") + "\n"
        }
        Format::Yaml => yaml(&tree(namespace, wanted)?, 0),
        _ => {
            let plan = Plan::between(wanted, &Values::new(), false);
            return edit(format.store().as_ref(), b"", namespace, &plan, wanted);
        }
    };
    Ok(text.into_bytes())
}

/// The values as nested mappings; a name that is both a value and a parent (SSM allows
/// `/ns/a` beside `/ns/a/b`) has no file form.
fn tree(namespace: &dyn KeyNames, wanted: &Values) -> Result<Map<String, Value>, StoreError> {
    let mut root = Map::new();
    for (name, value) in wanted {
        let steps = steps(namespace, name)?;
        let (last, parents) = steps.split_last().expect("a name below the namespace");
        let mut map = &mut root;
        for step in parents {
            let Step::Key(key) = step else {
                unreachable!("names give keys")
            };
            let child = map
                .entry(key.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            map = child.as_object_mut().ok_or_else(|| both(name))?;
        }
        let Step::Key(key) = last else {
            unreachable!("names give keys")
        };
        if map
            .insert(key.clone(), Value::String(value.to_string()))
            .is_some()
        {
            return Err(both(name));
        }
    }
    Ok(root)
}

fn both(name: &str) -> StoreError {
    StoreError::new(
        StoreErrorKind::Emit,
        format!("{name} is both a value and the parent of others; a file cannot hold both"),
    )
}

/// Block-style YAML of nested mappings of strings, indented by four as sops writes.
fn yaml(map: &Map<String, Value>, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for (key, value) in map {
        let key = yaml_key(key);
        match value {
            Value::Object(children) => {
                out.push_str(&format!("{pad}{key}:\n{}", yaml(children, indent + 4)));
            }
            scalar => out.push_str(&format!("{pad}{key}: {scalar}\n")),
        }
    }
    out
}

/// A key as it is when YAML reads it back as that string, else double-quoted.
fn yaml_key(key: &str) -> String {
    let reserved = ["true", "false", "null", "yes", "no", "on", "off", "y", "n"];
    let plain = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
        && !reserved.contains(&key.to_ascii_lowercase().as_str());
    if plain {
        key.to_string()
    } else {
        Value::String(key.to_string()).to_string()
    }
}

fn steps(namespace: &dyn KeyNames, name: &str) -> Result<Vec<Step>, StoreError> {
    let keys = namespace.keys_of(name).ok_or_else(|| {
        StoreError::new(
            StoreErrorKind::Path,
            format!("{name} is outside {}", namespace.describe()),
        )
    })?;
    Ok(keys.into_iter().map(Step::Key).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote() -> Values {
        [
            ("/ns/db/host", "x: y\nz"),
            ("/ns/db/port", "5432"),
            ("/ns/true", "t"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), (*v).into()))
        .collect()
    }

    #[test]
    fn new_files_hold_every_value_as_a_string() {
        let ns = Namespace::parse("/ns").unwrap();
        for format in [Format::Yaml, Format::Json] {
            let text = new_plaintext(format, &ns, &remote()).unwrap();
            let parsed = format.store().parse(&text).unwrap();
            let values = ns
                .values_of(crate::env::leaves(&parsed.docs).unwrap())
                .unwrap();
            assert_eq!(
                values,
                remote(),
                "{format:?}:\n{}",
                String::from_utf8_lossy(&text)
            );
        }
    }

    #[test]
    fn a_value_that_is_also_a_parent_is_refused() {
        let ns = Namespace::parse("/ns").unwrap();
        let mut clash = remote();
        clash.insert("/ns/db".into(), "v".into());
        assert!(new_plaintext(Format::Yaml, &ns, &clash).is_err());
    }
}
