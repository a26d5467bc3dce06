//! The flat form of the metadata in dotenv and INI files (sops-format.md §6.7):
//! `age__list_0__map_recipient = …`.

use serde_json::{Map, Value};

use super::{StoreError, StoreErrorKind};

const MAP_SEPARATOR: &str = "__map_";
const LIST_SEPARATOR: &str = "__list_";
/// Larger list indices, or more list slots in all, are refused rather than allocated.
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

/// Why flat keys cannot be unflattened.
#[derive(Debug, PartialEq)]
pub(super) enum FlatError {
    /// A list position, or all lists together, longer than metadata ever needs: sops
    /// would allocate them; here they are refused.
    ListTooLong,
    /// A key of more than `limits::MAX_DEPTH` levels.
    TooDeep,
}

impl FlatError {
    /// The store error for metadata starting at byte `at` of `src`.
    pub(super) fn at(self, src: &[u8], at: usize) -> StoreError {
        match self {
            FlatError::ListTooLong => StoreError::at(
                src,
                at,
                StoreErrorKind::Syntax,
                "a metadata list index is too large",
            ),
            FlatError::TooDeep => crate::limits::too_deep(src, at),
        }
    }
}

/// Rebuilds the metadata tree from flat keys and their (already unescaped) values; every
/// scalar is a string. List slots are grown as needed, as sops does, up to
/// `MAX_LIST_INDEX` slots in all.
pub(super) fn unflatten<'a>(
    flat: impl IntoIterator<Item = (&'a str, String)>,
) -> Result<Value, FlatError> {
    let mut root = Value::Object(Map::new());
    let mut slots = 0;
    for (key, value) in flat {
        let mut node = &mut root;
        for step in steps(key)? {
            node = child(node, step, &mut slots)?;
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

/// `a__map_b__list_0` → `a`, `b`, `0`, in one pass over the key.
fn steps(key: &str) -> Result<Vec<Step<'_>>, FlatError> {
    let mut steps = Vec::new();
    let (mut start, mut from, mut in_list) = (0, 0, false);
    while let Some(found) = key[from..].find("__") {
        let at = from + found;
        let separator = [(MAP_SEPARATOR, false), (LIST_SEPARATOR, true)]
            .into_iter()
            .find(|(separator, _)| key[at..].starts_with(separator));
        let Some((separator, list)) = separator else {
            from = at + 1;
            continue;
        };
        steps.push(step(&key[start..at], in_list));
        // One more step follows: a key of n steps nests n collections.
        if steps.len() >= crate::limits::MAX_DEPTH {
            return Err(FlatError::TooDeep);
        }
        (start, from, in_list) = (at + separator.len(), at + separator.len(), list);
    }
    steps.push(step(&key[start..], in_list));
    Ok(steps)
}

fn step(text: &str, in_list: bool) -> Step<'_> {
    if in_list {
        // Like Go's `strconv.Atoi` as sops uses it, a bad list position reads as 0.
        Step::Index(text.parse().unwrap_or(0))
    } else {
        Step::Key(text)
    }
}

/// The child of `node` at `step`, made if missing; `slots` counts list slots grown.
fn child<'v>(
    node: &'v mut Value,
    step: Step,
    slots: &mut usize,
) -> Result<&'v mut Value, FlatError> {
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
            if !node.is_array() {
                *node = Value::Array(Vec::new());
            }
            let Value::Array(items) = node else {
                unreachable!("made an array above")
            };
            if items.len() <= index {
                // The index first: `index + 1` of a huge index would overflow.
                if index > MAX_LIST_INDEX {
                    return Err(FlatError::ListTooLong);
                }
                *slots += index + 1 - items.len();
                if *slots > MAX_LIST_INDEX {
                    return Err(FlatError::ListTooLong);
                }
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
            Err(FlatError::ListTooLong)
        );
        // Found by cargo fuzz: the largest index overflowed `index + 1`.
        assert_eq!(
            unflatten([("a__list_18446744073709551615", String::new())]),
            Err(FlatError::ListTooLong)
        );
    }

    /// Each key may grow a list; together they may not grow more than one key may.
    #[test]
    fn list_slots_are_bounded_in_all() {
        let keys: Vec<String> = (0..3).map(|i| format!("k{i}__list_30000")).collect();
        let flat = |n: usize| keys[..n].iter().map(|k| (k.as_str(), String::new()));
        assert!(unflatten(flat(2)).is_ok());
        assert_eq!(unflatten(flat(3)), Err(FlatError::ListTooLong));
    }

    #[test]
    fn deep_keys_are_refused_in_linear_time() {
        use crate::limits::MAX_DEPTH;
        let key = |depth: usize| format!("a{}", "__map_a".repeat(depth));
        assert!(unflatten([(key(MAX_DEPTH - 1).as_str(), String::new())]).is_ok());
        assert_eq!(
            unflatten([(key(MAX_DEPTH).as_str(), String::new())]),
            Err(FlatError::TooDeep)
        );
        // A million separators is refused at the bound, not after splitting them all.
        let long = key(1_000_000);
        assert_eq!(steps(&long), Err(FlatError::TooDeep));
        // Underscores that are no separator are passed over once each.
        let underscores = format!("a{}__map_b", "_".repeat(1_000_000));
        assert_eq!(steps(&underscores).unwrap().len(), 2);
    }

    #[test]
    fn keys_split_on_every_separator() {
        assert_eq!(
            steps("a__map_b__list_2").unwrap(),
            [Step::Key("a"), Step::Key("b"), Step::Index(2)]
        );
        assert_eq!(steps("plain").unwrap(), [Step::Key("plain")]);
        assert_eq!(
            steps("a___map_b__list_x").unwrap(),
            [Step::Key("a_"), Step::Key("b"), Step::Index(0)]
        );
    }
}
