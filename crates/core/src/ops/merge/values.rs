//! The plaintext values of a file as a tree, and the three-way merge of such trees by key
//! path: what changed on one side only is taken, what changed differently on both sides
//! is a conflict whose value holds both, between git's conflict markers.

use serde_json::Value as Json;

use crate::ops::keypath;
use crate::path::Step;
use crate::sops::scalar::{canonical_bytes, type_name};
use crate::tree::{Document, Entry, Node, Scalar};

/// A value: what the merge compares (comments and layout are not values).
#[derive(Clone, Debug)]
pub enum Value {
    Map(Vec<(String, Value)>),
    List(Vec<Value>),
    Scalar(Scalar),
}

impl Value {
    /// Each document of a parsed plaintext as a mapping.
    pub fn documents(docs: &[Document]) -> Vec<Value> {
        docs.iter()
            .map(|doc| Value::of_entries(&doc.entries))
            .collect()
    }

    fn of_entries(entries: &[Entry]) -> Value {
        Value::Map(
            entries
                .iter()
                .filter_map(|entry| match entry {
                    Entry::Pair { key, value, .. } => {
                        Value::of_node(value).map(|v| (key.clone(), v))
                    }
                    Entry::Comment(_) => None,
                })
                .collect(),
        )
    }

    fn of_node(node: &Node) -> Option<Value> {
        Some(match node {
            Node::Map { entries, .. } => Value::of_entries(entries),
            Node::List { items, .. } => {
                Value::List(items.iter().filter_map(Value::of_node).collect())
            }
            Node::Scalar(leaf) => Value::Scalar(leaf.value.clone()),
            Node::Comment(_) => return None,
            Node::Alias { target, .. } => return Value::of_node(target),
        })
    }

    /// Whether two values hold the same data: scalars of the same type and canonical
    /// bytes (NaN equals NaN), lists item by item, mappings key by key in any order (in
    /// order when a key repeats).
    pub fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Scalar(a), Value::Scalar(b)) => {
                type_name(a) == type_name(b) && canonical_bytes(a) == canonical_bytes(b)
            }
            (Value::List(a), Value::List(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y))
            }
            (Value::Map(a), Value::Map(b)) => {
                if a.len() != b.len() {
                    return false;
                }
                if self.unique_keys() && other.unique_keys() {
                    a.iter()
                        .all(|(key, value)| other.get(key).is_some_and(|v| value.same(v)))
                } else {
                    a.iter()
                        .zip(b)
                        .all(|((k1, v1), (k2, v2))| k1 == k2 && v1.same(v2))
                }
            }
            _ => false,
        }
    }

    /// A mapping whose keys are all different (one the merge can go into key by key).
    fn unique_keys(&self) -> bool {
        let Value::Map(entries) = self else {
            return false;
        };
        let mut keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        keys.sort_unstable();
        keys.windows(2).all(|w| w[0] != w[1])
    }

    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value at `path` below this one.
    pub fn at(&self, path: &[Step]) -> Option<&Value> {
        path.iter()
            .try_fold(self, |value, step| match (value, step) {
                (Value::Map(_), Step::Key(key)) => value.get(key),
                (Value::List(items), Step::Index(i)) => items.get(*i),
                _ => None,
            })
    }

    /// The value as JSON, for a store's `set` (a time becomes its text, raw bytes their
    /// UTF-8 reading, a non-finite float its sops spelling).
    pub fn to_json(&self) -> Json {
        match self {
            Value::Map(entries) => Json::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
            Value::List(items) => Json::Array(items.iter().map(Value::to_json).collect()),
            Value::Scalar(scalar) => match scalar {
                Scalar::Null => Json::Null,
                Scalar::Bool(b) => Json::Bool(*b),
                Scalar::Int(i) => Json::from(*i),
                Scalar::Float(f) => serde_json::Number::from_f64(*f)
                    .map(Json::Number)
                    .unwrap_or_else(|| Json::String(text_of(scalar))),
                other => Json::String(text_of(other)),
            },
        }
    }

    /// How one side of a conflict is shown: a string as it is, another scalar in its
    /// canonical text, a mapping or list as JSON.
    fn conflict_side(&self) -> String {
        match self {
            Value::Scalar(scalar) => text_of(scalar),
            other => other.to_json().to_string(),
        }
    }
}

fn text_of(scalar: &Scalar) -> String {
    String::from_utf8_lossy(&canonical_bytes(scalar)).into_owned()
}

/// What the merged file needs, relative to ours.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Ours has a value here; it becomes theirs's.
    Take(Vec<Step>),
    /// Ours has a value here; theirs removed it.
    Remove(Vec<Step>),
    /// Ours has nothing here; theirs added it, to a mapping ours has too.
    Add(Vec<Step>),
    /// Both changed the value differently (or one removed it): it becomes this text,
    /// which holds both sides between conflict markers. `present`: ours has a value here.
    Conflict {
        path: Vec<Step>,
        text: String,
        present: bool,
    },
}

impl Op {
    pub fn path(&self) -> &[Step] {
        match self {
            Op::Take(path) | Op::Remove(path) | Op::Add(path) => path,
            Op::Conflict { path, .. } => path,
        }
    }
}

/// The merge of one document: what to do to ours, and the values it must end with.
#[derive(Debug)]
pub struct Plan {
    pub ops: Vec<Op>,
    /// The merged document; `None` when both sides removed everything.
    pub merged: Value,
    /// The paths whose values hold a conflict.
    pub conflicts: Vec<Vec<Step>>,
}

/// Merges one document of each side; `base` is `None` when the file had no common
/// ancestor. `marker` is the length of the conflict markers (git's `%L`, 7 by default).
pub fn merge(base: Option<&Value>, ours: &Value, theirs: &Value, marker: usize) -> Plan {
    let mut merger = Merger {
        ops: Vec::new(),
        conflicts: Vec::new(),
        marker,
    };
    let merged = merger
        .node(&mut Vec::new(), base, Some(ours), Some(theirs))
        .unwrap_or(Value::Map(Vec::new()));
    Plan {
        ops: merger.ops,
        merged,
        conflicts: merger.conflicts,
    }
}

struct Merger {
    ops: Vec<Op>,
    conflicts: Vec<Vec<Step>>,
    marker: usize,
}

fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.same(b),
        _ => false,
    }
}

impl Merger {
    /// The merged value at `path` (`None`: absent), recording what ours needs.
    fn node(
        &mut self,
        path: &mut Vec<Step>,
        base: Option<&Value>,
        ours: Option<&Value>,
        theirs: Option<&Value>,
    ) -> Option<Value> {
        if same(ours, theirs) {
            return ours.cloned();
        }
        // Two mappings merge key by key, so that what theirs left alone keeps ours's text.
        if let (Some(o), Some(t)) = (ours, theirs)
            && o.unique_keys()
            && t.unique_keys()
        {
            let base = base.filter(|b| b.unique_keys());
            return Some(self.map(path, base, o, t));
        }
        let theirs_changed = !same(base, theirs);
        let ours_changed = !same(base, ours);
        if !theirs_changed {
            return ours.cloned();
        }
        if !ours_changed {
            match (ours, theirs) {
                (Some(_), None) => self.ops.push(Op::Remove(path.clone())),
                (None, Some(_)) => self.ops.push(Op::Add(path.clone())),
                (Some(_), Some(_)) => self.ops.push(Op::Take(path.clone())),
                (None, None) => {}
            }
            return theirs.cloned();
        }
        let text = conflict_text(ours, theirs, self.marker);
        self.conflicts.push(path.clone());
        self.ops.push(Op::Conflict {
            path: path.clone(),
            text: text.clone(),
            present: ours.is_some(),
        });
        Some(Value::Scalar(Scalar::Str(text)))
    }

    fn map(
        &mut self,
        path: &mut Vec<Step>,
        base: Option<&Value>,
        ours: &Value,
        theirs: &Value,
    ) -> Value {
        let (Value::Map(o), Value::Map(t)) = (ours, theirs) else {
            unreachable!("called with two mappings")
        };
        let mut merged = Vec::new();
        for (key, value) in o {
            path.push(Step::Key(key.clone()));
            let base_value = base.and_then(|b| b.get(key));
            if let Some(v) = self.node(path, base_value, Some(value), theirs.get(key)) {
                merged.push((key.clone(), v));
            }
            path.pop();
        }
        for (key, value) in t.iter().filter(|(k, _)| ours.get(k).is_none()) {
            path.push(Step::Key(key.clone()));
            let base_value = base.and_then(|b| b.get(key));
            if let Some(v) = self.node(path, base_value, None, Some(value)) {
                merged.push((key.clone(), v));
            }
            path.pop();
        }
        Value::Map(merged)
    }
}

/// Both sides of a conflict between git's markers, each side's text on lines of its own.
pub fn conflict_text(ours: Option<&Value>, theirs: Option<&Value>, marker: usize) -> String {
    let deleted = |value: Option<&Value>| if value.is_none() { " (deleted)" } else { "" };
    let content = |value: Option<&Value>| {
        value.map_or(String::new(), |value| {
            let shown = value.conflict_side();
            format!("{}\n", shown.strip_suffix('\n').unwrap_or(&shown))
        })
    };
    format!(
        "{} ours{}\n{}{}\n{}{} theirs{}",
        "<".repeat(marker),
        deleted(ours),
        content(ours),
        "=".repeat(marker),
        content(theirs),
        ">".repeat(marker),
        deleted(theirs),
    )
}

/// Whether a value's text holds git conflict markers: a line of seven or more `<`
/// followed by a space, then one of seven or more `=`, then one of `>` and a space.
pub fn has_conflict_markers(text: &str) -> bool {
    let marker = |line: &str, c: char, then_space: bool| {
        let run = line.chars().take_while(|&x| x == c).count();
        run >= 7 && {
            let rest = &line[run..];
            if then_space {
                rest.starts_with(' ')
            } else {
                rest.trim_end().is_empty()
            }
        }
    };
    let mut stage = 0;
    for line in text.lines() {
        stage = match stage {
            0 if marker(line, '<', true) => 1,
            1 if marker(line, '=', false) => 2,
            2 if marker(line, '>', true) => return true,
            other => other,
        };
    }
    false
}

/// A path for messages.
pub fn display(path: &[Step]) -> String {
    keypath::display(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Format;

    fn doc(yaml: &str) -> Value {
        let parsed = Format::Yaml.store().parse(yaml.as_bytes()).unwrap();
        Value::documents(&parsed.docs).remove(0)
    }

    fn key(k: &str) -> Vec<Step> {
        k.split('.').map(|s| Step::Key(s.into())).collect()
    }

    #[test]
    fn changes_on_one_side_are_taken_and_both_sides_merge() {
        let base = doc("a: 1\nb: 2\nc: {d: 3, e: 4}\ngone: x\n");
        let ours = doc("a: 10\nb: 2\nc: {d: 3, e: 4}\ngone: x\nmine: y\n");
        let theirs = doc("a: 1\nb: 20\nc: {d: 3, e: 40}\nnew: z\n");
        let plan = merge(Some(&base), &ours, &theirs, 7);
        assert_eq!(
            plan.ops,
            [
                Op::Take(key("b")),
                Op::Take(key("c.e")),
                Op::Remove(key("gone")),
                Op::Add(key("new")),
            ]
        );
        assert!(plan.conflicts.is_empty());
        let want = doc("a: 10\nb: 20\nc: {d: 3, e: 40}\nmine: y\nnew: z\n");
        assert!(plan.merged.same(&want), "{:?}", plan.merged);
    }

    #[test]
    fn different_changes_to_one_value_conflict() {
        let base = doc("a: 1\nb: old\n");
        let ours = doc("a: 1\nb: mine\n");
        let theirs = doc("b: yours\n");
        let plan = merge(Some(&base), &ours, &theirs, 7);
        let text = "<<<<<<< ours\nmine\n=======\nyours\n>>>>>>> theirs".to_string();
        assert_eq!(
            plan.ops,
            [
                Op::Remove(key("a")),
                Op::Conflict {
                    path: key("b"),
                    text: text.clone(),
                    present: true
                }
            ]
        );
        assert!(has_conflict_markers(&text));
        assert!(!has_conflict_markers("<<<<<<< ours\nonly\n"));
        let removed = merge(Some(&base), &doc("a: 1\n"), &theirs, 7);
        assert_eq!(
            removed.ops[1],
            Op::Conflict {
                path: key("b"),
                text: "<<<<<<< ours (deleted)\n=======\nyours\n>>>>>>> theirs".into(),
                present: false
            }
        );
    }

    #[test]
    fn without_a_base_only_agreement_merges() {
        let plan = merge(None, &doc("a: 1\nb: 2\n"), &doc("a: 1\nb: 3\nc: 4\n"), 7);
        assert_eq!(plan.ops.len(), 2);
        assert_eq!(plan.conflicts, [key("b")]);
    }
}
