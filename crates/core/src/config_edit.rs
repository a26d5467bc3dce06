//! Changing `.sops.yaml` in place: a key added to or removed from creation rules, a name
//! given to a key, every other byte kept (comments, layout, quoting, the style of each
//! list). The YAML store locates the values with their exact bytes; a key joins a
//! comma-separated string inside that string, and a YAML list as one more item (sops 3.11
//! reads both forms). Each result is parsed back as a configuration and checked before it
//! is returned.
//!
//! Names live in this tool's own section, which sops ignores:
//!
//! ```yaml
//! secret:
//!   names:
//!     age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p: alice
//! ```

use std::path::Path;

use serde_json::Value;

use crate::config::{self, Config, CreationRule};
use crate::keys::age::AgeKey;
use crate::path::Step;
use crate::sops::metadata::StoredKey;
use crate::store::{Parsed, Store, StoreError, YamlStore};
use crate::tree::{Entry, Leaf, Node, Scalar};

/// The kinds of key a creation rule names that this tool can add and remove.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Age,
    Pgp,
    Kms,
}

impl KeyKind {
    /// The rule field holding keys of this kind.
    pub fn field(self) -> &'static str {
        match self {
            KeyKind::Age => "age",
            KeyKind::Pgp => "pgp",
            KeyKind::Kms => "kms",
        }
    }
}

/// A key as a person names it: an age recipient (`age1…`, `ssh-ed25519 …`), a PGP
/// fingerprint, or an AWS KMS key ARN (`arn:aws:kms:…`, optionally `+ROLE_ARN`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyId {
    pub kind: KeyKind,
    /// As it is written into `.sops.yaml` (a fingerprint without spaces).
    pub text: String,
}

impl std::fmt::Display for KeyId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl KeyId {
    /// Recognises the kind of key by its spelling; an age recipient must parse.
    pub fn parse(text: &str) -> Result<KeyId, ConfigEditError> {
        let text = text.trim();
        if text.starts_with("arn:") {
            return Ok(KeyId {
                kind: KeyKind::Kms,
                text: text.to_string(),
            });
        }
        let compact = text.replace(' ', "");
        if matches!(compact.len(), 16 | 40) && compact.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(KeyId {
                kind: KeyKind::Pgp,
                text: compact,
            });
        }
        AgeKey::parse(text).map_err(|_| ConfigEditError::BadKey(text.to_string()))?;
        Ok(KeyId {
            kind: KeyKind::Age,
            text: text.to_string(),
        })
    }

    /// Whether `written` (an item of a rule, or a metadata entry's identity) is this key.
    pub fn matches(&self, written: &str) -> bool {
        let written = written.trim();
        match self.kind {
            KeyKind::Age => first_two_words(written) == first_two_words(&self.text),
            KeyKind::Pgp => {
                let a = written.replace(' ', "").to_ascii_uppercase();
                let b = self.text.to_ascii_uppercase();
                a.len() >= 16 && b.len() >= 16 && (a.ends_with(&b) || b.ends_with(&a))
            }
            KeyKind::Kms => arn_of(written) == arn_of(&self.text),
        }
    }

    /// Whether a file's metadata entry was wrapped for this key.
    pub fn matches_stored(&self, key: &StoredKey) -> bool {
        match (self.kind, key) {
            (KeyKind::Age, StoredKey::Age { recipient, .. }) => self.matches(recipient),
            (KeyKind::Pgp, StoredKey::Pgp { fp, .. }) => self.matches(fp),
            (KeyKind::Kms, StoredKey::Kms(entry)) => self.matches(&entry.arn),
            _ => false,
        }
    }
}

/// An SSH public key without its comment; an age recipient as it is.
fn first_two_words(text: &str) -> String {
    text.split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A KMS entry of a flat rule without its `+ROLE_ARN`.
fn arn_of(text: &str) -> &str {
    text.split('+').next().unwrap_or(text).trim()
}

/// Why `.sops.yaml` could not be changed; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ConfigEditError {
    #[error("`{0}` is not an age recipient (age1…, ssh-ed25519 …), a PGP fingerprint or a KMS ARN")]
    BadKey(String),
    #[error("{path}: {source}")]
    Yaml { path: String, source: StoreError },
    #[error("the file has no creation_rules to add keys to")]
    NoRules,
    #[error("no creation rule is `{0}` (give its position, from 0, or its path_regex)")]
    NoSuchRule(String),
    #[error("creation rule {rule} has {groups} key groups: say which one with --group")]
    WhichGroup { rule: usize, groups: usize },
    #[error("creation rule {rule} has no key group {group}")]
    NoSuchGroup { rule: usize, group: usize },
    #[error("removing {key} would leave creation rule {rule} without keys{}", group.map(|g| format!(" in key group {g}")).unwrap_or_default())]
    WouldLeaveNoKey {
        key: String,
        rule: usize,
        group: Option<usize>,
    },
    #[error("creation rule {rule}: {key} is in a `merge:` group, which is edited by hand only")]
    InMerge { key: String, rule: usize },
    #[error(
        "creation rule {rule}: `{field}` is written in a way that cannot be edited exactly ({why})"
    )]
    Unsupported {
        rule: usize,
        field: String,
        why: String,
    },
    #[error("the name `{name}` is already given to {key}")]
    NameTaken { name: String, key: String },
    #[error("no key is named `{0}` under `secret: names:`")]
    UnknownName(String),
    #[error("the changed file does not read back as intended: {0}")]
    NotAsIntended(String),
}

/// The creation rules `choices` names (positions from 0, or `path_regex` texts); every
/// rule when there are none.
pub fn select_rules(config: &Config, choices: &[String]) -> Result<Vec<usize>, ConfigEditError> {
    let rules = &config.creation_rules;
    if rules.is_empty() {
        return Err(ConfigEditError::NoRules);
    }
    if choices.is_empty() {
        return Ok((0..rules.len()).collect());
    }
    let mut chosen = Vec::new();
    for choice in choices {
        let found: Vec<usize> = match choice.trim().parse::<usize>() {
            Ok(index) if index < rules.len() => vec![index],
            _ => (0..rules.len())
                .filter(|&i| rules[i].path_regex.as_deref() == Some(choice.as_str()))
                .collect(),
        };
        if found.is_empty() {
            return Err(ConfigEditError::NoSuchRule(choice.clone()));
        }
        chosen.extend(found);
    }
    chosen.sort_unstable();
    chosen.dedup();
    Ok(chosen)
}

/// Where a key sits in a rule: its field, its key group (`None` for a flat rule), and
/// whether it came through a `merge:`.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyPlace {
    pub group: Option<usize>,
    pub merged: bool,
}

/// The places `key` has in `rule`.
pub fn places_in_rule(rule: &CreationRule, key: &KeyId) -> Vec<KeyPlace> {
    let mut places = Vec::new();
    if rule.key_groups.is_empty() {
        let list = match key.kind {
            KeyKind::Age => &rule.age,
            KeyKind::Pgp => &rule.pgp,
            KeyKind::Kms => &rule.kms,
        };
        if list
            .as_ref()
            .is_some_and(|l| l.items().iter().any(|item| key.matches(item)))
        {
            places.push(KeyPlace {
                group: None,
                merged: false,
            });
        }
        return places;
    }
    for (index, group) in rule.key_groups.iter().enumerate() {
        let direct: Vec<String> = match key.kind {
            KeyKind::Age => group.age.clone(),
            KeyKind::Pgp => group.pgp.clone(),
            KeyKind::Kms => group.kms.iter().map(|k| k.arn.clone()).collect(),
        };
        let all: Vec<String> = match key.kind {
            KeyKind::Age => group.age_recipients(),
            KeyKind::Pgp => group.pgp_fingerprints(),
            KeyKind::Kms => group.kms_keys().into_iter().map(|k| k.arn).collect(),
        };
        if direct.iter().any(|k| key.matches(k)) {
            places.push(KeyPlace {
                group: Some(index),
                merged: false,
            });
        } else if all.iter().any(|k| key.matches(k)) {
            places.push(KeyPlace {
                group: Some(index),
                merged: true,
            });
        }
    }
    places
}

/// A changed `.sops.yaml` and the rules whose keys changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Edited {
    pub text: String,
    pub rules: Vec<usize>,
}

/// `text` with `key` added to each of `rules` that lacks it: to the string or list of a
/// flat rule (a new `age:`/`pgp:`/`kms:` line when the rule has none), or to key group
/// `group` of a rule with key groups (needed when it has several).
pub fn add_key(
    text: &str,
    rules: &[usize],
    key: &KeyId,
    group: Option<usize>,
) -> Result<Edited, ConfigEditError> {
    let before = read_back(text)?;
    let mut text = text.to_string();
    let mut changed = Vec::new();
    for &index in rules {
        let rule = rule_of(&before, index)?;
        if !places_in_rule(rule, key).is_empty() {
            continue;
        }
        let parsed = parse_yaml(&text)?;
        let rule_node = rule_node(&parsed, index)?;
        text = if rule.key_groups.is_empty() {
            add_to_field(&text, &parsed, rule_node, rule_path(index), key, index)?
        } else {
            let groups = rule.key_groups.len();
            let group = match group {
                Some(g) if g < groups => g,
                Some(g) => {
                    return Err(ConfigEditError::NoSuchGroup {
                        rule: index,
                        group: g,
                    });
                }
                None if groups == 1 => 0,
                None => {
                    return Err(ConfigEditError::WhichGroup {
                        rule: index,
                        groups,
                    });
                }
            };
            let group_node = map_get(rule_node, "key_groups")
                .and_then(|n| list_values(n).get(group).copied())
                .ok_or_else(|| unsupported(index, "key_groups", "not a list of mappings"))?;
            let mut path = rule_path(index);
            path.extend([Step::Key("key_groups".into()), Step::Index(group)]);
            add_to_field(&text, &parsed, group_node, path, key, index)?
        };
        changed.push(index);
    }
    let after = read_back(&text)?;
    for (index, rule) in after.creation_rules.iter().enumerate() {
        let has = !places_in_rule(rule, key).is_empty();
        let had = !places_in_rule(rule_of(&before, index)?, key).is_empty();
        if has != (had || rules.contains(&index)) {
            return Err(ConfigEditError::NotAsIntended(format!(
                "creation rule {index} {} {key}",
                if has { "names" } else { "does not name" }
            )));
        }
    }
    same_rules_but(&before, &after, &changed)?;
    Ok(Edited {
        text,
        rules: changed,
    })
}

/// `text` without `key` in each of `rules` that names it. Refused when a rule (or one of
/// its key groups) would be left without keys, or the key comes through a `merge:`.
pub fn remove_key(text: &str, rules: &[usize], key: &KeyId) -> Result<Edited, ConfigEditError> {
    let before = read_back(text)?;
    let mut text = text.to_string();
    let mut changed = Vec::new();
    for &index in rules {
        let rule = rule_of(&before, index)?;
        let places = places_in_rule(rule, key);
        if places.is_empty() {
            continue;
        }
        if places.iter().any(|p| p.merged) {
            return Err(ConfigEditError::InMerge {
                key: key.text.clone(),
                rule: index,
            });
        }
        for place in places {
            let parsed = parse_yaml(&text)?;
            let rule_node = rule_node(&parsed, index)?;
            text = match place.group {
                None => remove_from_field(
                    &text,
                    &parsed,
                    rule_node,
                    rule_path(index),
                    key,
                    index,
                    None,
                )?,
                Some(group) => {
                    let group_node = map_get(rule_node, "key_groups")
                        .and_then(|n| list_values(n).get(group).copied())
                        .ok_or_else(|| {
                            unsupported(index, "key_groups", "not a list of mappings")
                        })?;
                    let mut path = rule_path(index);
                    path.extend([Step::Key("key_groups".into()), Step::Index(group)]);
                    remove_from_field(&text, &parsed, group_node, path, key, index, Some(group))?
                }
            };
        }
        changed.push(index);
    }
    let after = read_back(&text)?;
    for &index in rules {
        if !places_in_rule(rule_of(&after, index)?, key).is_empty() {
            return Err(ConfigEditError::NotAsIntended(format!(
                "creation rule {index} still names {key}"
            )));
        }
    }
    same_rules_but(&before, &after, &changed)?;
    Ok(Edited {
        text,
        rules: changed,
    })
}

/// The name `secret: names:` gives `key`.
pub fn name_of<'a>(config: &'a Config, key: &KeyId) -> Option<&'a str> {
    config
        .secret
        .names
        .iter()
        .find(|(written, _)| key.matches(written))
        .map(|(_, name)| name.as_str())
}

/// The key `secret: names:` calls `name`, as written there.
pub fn key_named<'a>(config: &'a Config, name: &str) -> Option<&'a str> {
    config
        .secret
        .names
        .iter()
        .find(|(_, n)| n.as_str() == name)
        .map(|(key, _)| key.as_str())
}

/// `text` with `secret: names:` giving `key` the name `name` (the section is added when
/// missing). Refused when another key has that name already.
pub fn set_name(text: &str, key: &KeyId, name: &str) -> Result<String, ConfigEditError> {
    let config = read_back(text)?;
    if let Some(other) = key_named(&config, name).filter(|other| !key.matches(other)) {
        return Err(ConfigEditError::NameTaken {
            name: name.to_string(),
            key: other.to_string(),
        });
    }
    if name_of(&config, key) == Some(name) {
        return Ok(text.to_string());
    }
    let text = remove_name(text, key)?;
    let parsed = parse_yaml(&text)?;
    let path = [
        Step::Key("secret".into()),
        Step::Key("names".into()),
        Step::Key(key.text.clone()),
    ];
    let text =
        yaml_result(YamlStore.set(text.as_bytes(), &parsed, &path, &Value::String(name.into())))?;
    if name_of(&read_back(&text)?, key) != Some(name) {
        return Err(ConfigEditError::NotAsIntended(format!(
            "{key} is not named {name}"
        )));
    }
    Ok(text)
}

/// `text` without the name of `key` (and without `names:`, or the whole `secret:`, when
/// nothing else is left in it).
pub fn remove_name(text: &str, key: &KeyId) -> Result<String, ConfigEditError> {
    let config = read_back(text)?;
    let Some((written, _)) = config
        .secret
        .names
        .iter()
        .find(|(written, _)| key.matches(written))
    else {
        return Ok(text.to_string());
    };
    let parsed = parse_yaml(text)?;
    let secret = map_get_top(&parsed, "secret");
    let names = secret.and_then(|s| map_get(s, "names"));
    let count = |node: Option<&Node>| node.map_or(0, |n| map_pairs(n).len());
    let mut path = vec![Step::Key("secret".into())];
    if count(names) > 1 {
        path.extend([Step::Key("names".into()), Step::Key(written.clone())]);
    } else if count(secret) > 1 {
        path.push(Step::Key("names".into()));
    }
    yaml_result(YamlStore.unset(text.as_bytes(), &parsed, &path))
}

/// `key` added to the field of its kind in `owner` (a flat rule or a key group, at `path`).
fn add_to_field(
    text: &str,
    parsed: &Parsed,
    owner: &Node,
    mut path: Vec<Step>,
    key: &KeyId,
    rule: usize,
) -> Result<String, ConfigEditError> {
    let field = key.kind.field();
    let in_group = path.len() > 2;
    let item = || {
        if in_group && key.kind == KeyKind::Kms {
            Value::Object(
                [("arn".to_string(), Value::String(key.text.clone()))]
                    .into_iter()
                    .collect(),
            )
        } else {
            Value::String(key.text.clone())
        }
    };
    path.push(Step::Key(field.into()));
    match map_get(owner, field) {
        None
        | Some(Node::Scalar(Leaf {
            value: Scalar::Null,
            ..
        })) if in_group => {
            yaml_result(YamlStore.set(text.as_bytes(), parsed, &path, &Value::Array(vec![item()])))
        }
        None => yaml_result(YamlStore.set(text.as_bytes(), parsed, &path, &item())),
        Some(Node::Scalar(leaf)) if !in_group => append_to_scalar(text, leaf, &key.text)
            .ok_or_else(|| unsupported(rule, field, "a string whose items cannot be found")),
        Some(list @ Node::List { .. }) => {
            path.push(Step::Index(list_values(list).len()));
            yaml_result(YamlStore.set(text.as_bytes(), parsed, &path, &item()))
        }
        Some(_) => Err(unsupported(rule, field, "neither a string nor a list")),
    }
}

/// `key` removed from the field of its kind in `owner`; the field itself when it held
/// only that key.
fn remove_from_field(
    text: &str,
    parsed: &Parsed,
    owner: &Node,
    mut path: Vec<Step>,
    key: &KeyId,
    rule: usize,
    group: Option<usize>,
) -> Result<String, ConfigEditError> {
    let field = key.kind.field();
    let no_key_left = || ConfigEditError::WouldLeaveNoKey {
        key: key.text.clone(),
        rule,
        group,
    };
    path.push(Step::Key(field.into()));
    let node = map_get(owner, field).ok_or_else(|| unsupported(rule, field, "not found"))?;
    let others = other_keys(owner, field);
    match node {
        Node::Scalar(leaf) => {
            let items = items_of(leaf);
            let position = items
                .iter()
                .position(|item| key.matches(item))
                .ok_or_else(|| unsupported(rule, field, "the key is not an item of it"))?;
            if items.len() > 1 {
                return remove_from_scalar(text, leaf, &items[position]).ok_or_else(|| {
                    unsupported(rule, field, "a string whose items cannot be found")
                });
            }
            if others == 0 {
                return Err(no_key_left());
            }
            yaml_result(YamlStore.unset(text.as_bytes(), parsed, &path))
        }
        Node::List { .. } => {
            let values = list_values(node);
            let position = values
                .iter()
                .position(|item| match item {
                    Node::Scalar(Leaf {
                        value: Scalar::Str(s),
                        ..
                    }) => key.matches(s),
                    map @ Node::Map { .. } => matches!(
                        map_get(map, "arn"),
                        Some(Node::Scalar(Leaf { value: Scalar::Str(s), .. })) if key.matches(s)
                    ),
                    _ => false,
                })
                .ok_or_else(|| unsupported(rule, field, "the key is not an item of it"))?;
            if values.len() == 1 {
                if others == 0 {
                    return Err(no_key_left());
                }
                return yaml_result(YamlStore.unset(text.as_bytes(), parsed, &path));
            }
            path.push(Step::Index(position));
            yaml_result(YamlStore.unset(text.as_bytes(), parsed, &path))
        }
        _ => Err(unsupported(rule, field, "neither a string nor a list")),
    }
}

/// Fields of a rule or key group that name keys (those this tool edits and the others
/// sops knows).
const KEY_FIELDS: [&str; 9] = [
    "age",
    "pgp",
    "kms",
    "gcp_kms",
    "hckms",
    "azure_keyvault",
    "hc_vault_transit_uri",
    "hc_vault",
    "merge",
];

/// How many keys `owner` names in fields other than `field`.
fn other_keys(owner: &Node, field: &str) -> usize {
    KEY_FIELDS
        .iter()
        .filter(|f| **f != field)
        .filter_map(|f| map_get(owner, f))
        .map(|node| match node {
            Node::Scalar(leaf) => items_of(leaf).len(),
            Node::List { .. } => list_values(node).len(),
            Node::Map { .. } => 1,
            _ => 0,
        })
        .sum()
}

/// The comma-separated items of a scalar, trimmed, as sops splits them.
fn items_of(leaf: &Leaf) -> Vec<String> {
    match &leaf.value {
        Scalar::Str(s) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}

/// `text` with `item` appended to the comma-separated scalar `leaf`: after its last item,
/// on a line of its own when the items are one per line, else after `,` (or `, ` when the
/// string separates so). `None` when the items cannot be found in the source text.
fn append_to_scalar(text: &str, leaf: &Leaf, item: &str) -> Option<String> {
    let raw = &text[leaf.span.clone()];
    let items = items_of(leaf);
    let Some(last) = items.last() else {
        // No items yet: the value becomes the key, quoted as it was.
        let replacement = match raw.chars().next() {
            None => format!(" {item}"),
            Some(q @ ('\'' | '"')) => format!("{q}{item}{q}"),
            Some(_) if leaf.in_flow => format!("'{item}'"),
            Some(_) => item.to_string(),
        };
        return Some(splice(text, leaf.span.clone(), &replacement));
    };
    let at = find_item(raw, last).map(|start| start + last.len())?;
    let line_start = raw[..at - last.len()].rfind('\n').map(|p| p + 1);
    let own_line = line_start
        .map(|start| &raw[start..at - last.len()])
        .filter(|before| before.trim().is_empty());
    let plain = !raw.starts_with(['\'', '"', '|', '>']);
    if plain && leaf.in_flow {
        // A plain scalar in a flow collection cannot hold a comma: quote it.
        let Scalar::Str(value) = &leaf.value else {
            return None;
        };
        let replacement = format!("'{},{item}'", value.trim().replace('\'', "''"));
        return Some(splice(text, leaf.span.clone(), &replacement));
    }
    let separator = match own_line {
        Some(indent) => format!(",\n{indent}"),
        None if raw.contains(", ") => ", ".to_string(),
        None => ",".to_string(),
    };
    let insert = leaf.span.start + at;
    Some(splice(text, insert..insert, &format!("{separator}{item}")))
}

/// `text` without `item` (and one separator next to it) in the scalar `leaf`, which has
/// other items; a line left empty goes too.
fn remove_from_scalar(text: &str, leaf: &Leaf, item: &str) -> Option<String> {
    let raw = &text[leaf.span.clone()];
    let start = find_item(raw, item)?;
    let end = start + item.len();
    let after = &raw[end..];
    let spaces = |s: &str| s.len() - s.trim_start_matches([' ', '\t']).len();
    let (mut cut_start, mut cut_end) = if after.trim_start_matches([' ', '\t']).starts_with(',') {
        // Up to and with the comma after it, and the blanks after that.
        let comma = end + spaces(after);
        (start, comma + 1 + spaces(&raw[comma + 1..]))
    } else {
        // The last item: from the comma before it.
        let before = raw[..start].trim_end();
        let comma = before.strip_suffix(',')?.len();
        (comma, end)
    };
    // An item alone on its line: the whole line goes.
    let line_start = raw[..cut_start].rfind('\n').map_or(0, |p| p + 1);
    if raw[line_start..cut_start].trim().is_empty()
        && raw[cut_end..].starts_with('\n')
        && line_start > 0
    {
        cut_start = line_start;
        cut_end += 1;
    }
    let span = leaf.span.start + cut_start..leaf.span.start + cut_end;
    Some(splice(text, span, ""))
}

/// Where `item` starts in `raw` as a whole item (not part of a longer word).
fn find_item(raw: &str, item: &str) -> Option<usize> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    raw.match_indices(item)
        .map(|(at, _)| at)
        .filter(|&at| {
            !word(raw[..at].chars().next_back()) && !word(raw[at + item.len()..].chars().next())
        })
        .last()
}

fn splice(text: &str, span: std::ops::Range<usize>, replacement: &str) -> String {
    let mut out = String::with_capacity(text.len() + replacement.len());
    out.push_str(&text[..span.start]);
    out.push_str(replacement);
    out.push_str(&text[span.end..]);
    out
}

fn unsupported(rule: usize, field: &str, why: &str) -> ConfigEditError {
    ConfigEditError::Unsupported {
        rule,
        field: field.to_string(),
        why: why.to_string(),
    }
}

fn rule_path(index: usize) -> Vec<Step> {
    vec![Step::Key("creation_rules".into()), Step::Index(index)]
}

fn parse_yaml(text: &str) -> Result<Parsed, ConfigEditError> {
    YamlStore.parse(text.as_bytes()).map_err(yaml_error)
}

fn yaml_result(result: Result<Vec<u8>, StoreError>) -> Result<String, ConfigEditError> {
    let bytes = result.map_err(yaml_error)?;
    String::from_utf8(bytes).map_err(|_| ConfigEditError::NotAsIntended("not UTF-8".into()))
}

fn yaml_error(source: StoreError) -> ConfigEditError {
    ConfigEditError::Yaml {
        path: config::CONFIG_NAME.into(),
        source,
    }
}

/// `text` read as a configuration, as every command reads it.
fn read_back(text: &str) -> Result<Config, ConfigEditError> {
    config::parse(Path::new(config::CONFIG_NAME), text)
        .map(|loaded| loaded.config)
        .map_err(|e| ConfigEditError::NotAsIntended(e.to_string()))
}

fn rule_of(config: &Config, index: usize) -> Result<&CreationRule, ConfigEditError> {
    config
        .creation_rules
        .get(index)
        .ok_or_else(|| ConfigEditError::NoSuchRule(index.to_string()))
}

/// Every rule but `changed` names the same keys after the edit as before.
fn same_rules_but(
    before: &Config,
    after: &Config,
    changed: &[usize],
) -> Result<(), ConfigEditError> {
    if before.creation_rules.len() != after.creation_rules.len() {
        return Err(ConfigEditError::NotAsIntended(
            "the number of rules changed".into(),
        ));
    }
    for (index, (a, b)) in before
        .creation_rules
        .iter()
        .zip(&after.creation_rules)
        .enumerate()
    {
        if !changed.contains(&index) && rule_keys(a) != rule_keys(b) {
            return Err(ConfigEditError::NotAsIntended(format!(
                "creation rule {index} changed too"
            )));
        }
    }
    Ok(())
}

/// A rule's keys and path_regex, for comparing two readings of a rule.
fn rule_keys(rule: &CreationRule) -> Vec<String> {
    let mut keys = vec![rule.path_regex.clone().unwrap_or_default()];
    for list in [&rule.age, &rule.pgp, &rule.kms] {
        keys.extend(list.as_ref().map(|l| l.items()).unwrap_or_default());
        keys.push(String::new());
    }
    for group in &rule.key_groups {
        keys.extend(group.age_recipients());
        keys.extend(group.pgp_fingerprints());
        keys.extend(group.kms_keys().into_iter().map(|k| k.arn));
        keys.push(String::new());
    }
    keys
}

/// The value of `key` in the top-level mapping of the first document.
fn map_get_top<'a>(parsed: &'a Parsed, key: &str) -> Option<&'a Node> {
    parsed
        .docs
        .first()?
        .entries
        .iter()
        .rev()
        .find_map(|entry| match entry {
            Entry::Pair { key: k, value, .. } if k == key => Some(value),
            _ => None,
        })
}

/// The value of `key` in a mapping node (the last pair of that name, as YAML readers
/// take it).
fn map_get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    map_pairs(node)
        .into_iter()
        .rev()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

fn map_pairs(node: &Node) -> Vec<(&str, &Node)> {
    match node {
        Node::Map { entries, .. } => entries
            .iter()
            .filter_map(|entry| match entry {
                Entry::Pair { key, value, .. } => Some((key.as_str(), value)),
                Entry::Comment(_) => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The items of a list node, comments left out.
fn list_values(node: &Node) -> Vec<&Node> {
    match node {
        Node::List { items, .. } => items
            .iter()
            .filter(|item| !matches!(item, Node::Comment(_)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The mapping of creation rule `index`.
fn rule_node(parsed: &Parsed, index: usize) -> Result<&Node, ConfigEditError> {
    map_get_top(parsed, "creation_rules")
        .and_then(|rules| list_values(rules).get(index).copied())
        .filter(|node| matches!(node, Node::Map { .. }))
        .ok_or_else(|| ConfigEditError::NoSuchRule(index.to_string()))
}

#[cfg(test)]
mod tests;
