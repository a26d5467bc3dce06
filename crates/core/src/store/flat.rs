//! The flat form of the metadata in dotenv and INI files (sops-format.md §6.7):
//! `age__list_0__map_recipient = …`.

use serde_json::{Map, Value};

const MAP_SEPARATOR: &str = "__map_";
const LIST_SEPARATOR: &str = "__list_";
/// Larger list indices are refused rather than allocated.
const MAX_LIST_INDEX: usize = 1 << 16;

/// The metadata's scalars by flat key, sorted by key (byte order). Nulls are left out,
/// non-strings written as JSON writes them, newlines escaped as the two characters `\n`.
pub(super) fn flatten(metadata: &Value) -> Vec<(String, String)> {
    let mut flat = Vec::new();
    if let Value::Object(map) = metadata {
        for (key, value) in map {
            flatten_into(key.clone(), value, &mut flat);
        }
    }
    flat.sort();
    flat
}

fn flatten_into(key: String, value: &Value, flat: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (child, value) in map {
                flatten_into(format!("{key}{MAP_SEPARATOR}{child}"), value, flat);
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                flatten_into(format!("{key}{LIST_SEPARATOR}{index}"), value, flat);
            }
        }
        Value::Null => {}
        Value::String(s) => flat.push((key, s.replace('\n', "\\n"))),
        other => flat.push((key, other.to_string())),
    }
}

/// Why a flat key cannot be unflattened.
#[derive(Debug, PartialEq)]
pub(super) struct IndexTooLarge;

/// Rebuilds the metadata tree from flat keys and their (already unescaped) values; every
/// scalar is a string. List slots are grown as needed, as sops does.
pub(super) fn unflatten<'a>(
    flat: impl IntoIterator<Item = (&'a str, String)>,
) -> Result<Value, IndexTooLarge> {
    let mut root = Value::Object(Map::new());
    for (key, value) in flat {
        let mut node = &mut root;
        for step in steps(key) {
            node = child(node, step)?;
        }
        *node = Value::String(value);
    }
    Ok(root)
}

#[derive(Debug, PartialEq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `a__map_b__list_0` → `a`, `b`, `0`.
fn steps(key: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    let (mut rest, mut in_list) = (key, false);
    loop {
        let separator = [(MAP_SEPARATOR, false), (LIST_SEPARATOR, true)]
            .into_iter()
            .filter_map(|(separator, list)| {
                rest.find(separator).map(|at| (at, separator.len(), list))
            })
            .min_by_key(|&(at, ..)| at);
        let text = separator.map_or(rest, |(at, ..)| &rest[..at]);
        // Like Go's `strconv.Atoi` as sops uses it, a bad list position reads as 0.
        steps.push(if in_list {
            Step::Index(text.parse().unwrap_or(0))
        } else {
            Step::Key(text)
        });
        let Some((at, len, list)) = separator else {
            return steps;
        };
        rest = &rest[at + len..];
        in_list = list;
    }
}

fn child<'v>(node: &'v mut Value, step: Step) -> Result<&'v mut Value, IndexTooLarge> {
    match step {
        Step::Key(key) => {
            if !node.is_object() {
                *node = Value::Object(Map::new());
            }
            let Value::Object(map) = node else {
                unreachable!("made an object above")
            };
            Ok(map.entry(key).or_insert(Value::Null))
        }
        Step::Index(index) => {
            if index > MAX_LIST_INDEX {
                return Err(IndexTooLarge);
            }
            if !node.is_array() {
                *node = Value::Array(Vec::new());
            }
            let Value::Array(items) = node else {
                unreachable!("made an array above")
            };
            if items.len() <= index {
                items.resize(index + 1, Value::Null);
            }
            Ok(&mut items[index])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattens_sorted_without_nulls() {
        let metadata = json!({
            "version": "3.11.0",
            "kms": [{"arn": "a", "context": {"app": "web"}, "aws_profile": ""}],
            "shamir_threshold": 2,
            "mac_only_encrypted": true,
            "hc_vault": null,
            "age": [{"enc": "x\ny\n"}],
        });
        let flat = flatten(&metadata);
        let keys: Vec<&str> = flat.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "age__list_0__map_enc",
                "kms__list_0__map_arn",
                "kms__list_0__map_aws_profile",
                "kms__list_0__map_context__map_app",
                "mac_only_encrypted",
                "shamir_threshold",
                "version"
            ]
        );
        assert_eq!(flat[0].1, "x\\ny\\n");
        assert_eq!(flat[4].1, "true");
        assert_eq!(flat[5].1, "2");
    }

    #[test]
    fn unflattens_maps_and_lists() {
        let flat = [
            (
                "key_groups__list_1__map_age__list_0__map_recipient",
                "r".to_string(),
            ),
            (
                "key_groups__list_0__map_kms__list_0__map_arn",
                "a".to_string(),
            ),
            ("version", "3.11.0".to_string()),
        ];
        let expected = json!({
            "key_groups": [{"kms": [{"arn": "a"}]}, {"age": [{"recipient": "r"}]}],
            "version": "3.11.0",
        });
        assert_eq!(unflatten(flat).unwrap(), expected);
        assert_eq!(
            unflatten([("a__list_99999999", String::new())]),
            Err(IndexTooLarge)
        );
    }

    #[test]
    fn keys_split_on_every_separator() {
        assert_eq!(
            steps("a__map_b__list_2"),
            [Step::Key("a"), Step::Key("b"), Step::Index(2)]
        );
        assert_eq!(steps("plain"), [Step::Key("plain")]);
    }
}
