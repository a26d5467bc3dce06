//! Key paths of the values of a parsed file, as the git commands show them (`db.password`,
//! `hosts[2]`), and the walk that gives each value its path. No key is needed: the paths
//! are the file's keys, which sops never encrypts.

use crate::path::Step;
use crate::tree::{Document, Entry, Leaf, Node};

/// A path as a person writes it for `secret get`: keys joined with `.`, list indices in
/// brackets; a key holding `.`, `[`, `"` or a space, or an empty one, is quoted.
pub fn display(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                if key.is_empty() || key.contains(['.', '[', ']', '"', ' ']) {
                    text.push('"');
                    text.push_str(&key.replace('"', "\\\""));
                    text.push('"');
                } else {
                    text.push_str(key);
                }
            }
            Step::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    if text.is_empty() {
        "(top level)".into()
    } else {
        text
    }
}

/// Calls `f` with the document index, the path and the leaf of every scalar value of
/// `docs` (comments left out; list indices count values only), in document order. A YAML
/// alias is walked as the copy of its target that sops sees.
pub fn for_each_value<'a>(docs: &'a [Document], f: &mut impl FnMut(usize, &[Step], &'a Leaf)) {
    let mut path = Vec::new();
    for (index, doc) in docs.iter().enumerate() {
        entries(index, &doc.entries, &mut path, f);
    }
}

fn entries<'a>(
    doc: usize,
    entries: &'a [Entry],
    path: &mut Vec<Step>,
    f: &mut impl FnMut(usize, &[Step], &'a Leaf),
) {
    for entry in entries {
        if let Entry::Pair { key, value, .. } = entry {
            path.push(Step::Key(key.clone()));
            node(doc, value, path, f);
            path.pop();
        }
    }
}

fn node<'a>(
    doc: usize,
    node_: &'a Node,
    path: &mut Vec<Step>,
    f: &mut impl FnMut(usize, &[Step], &'a Leaf),
) {
    match node_ {
        Node::Map { entries: items, .. } => entries(doc, items, path, f),
        Node::List { items, .. } => {
            let values = items.iter().filter(|n| !matches!(n, Node::Comment(_)));
            for (index, item) in values.enumerate() {
                path.push(Step::Index(index));
                node(doc, item, path, f);
                path.pop();
            }
        }
        Node::Scalar(leaf) => f(doc, path, leaf),
        Node::Comment(_) => {}
        Node::Alias { target, .. } => node(doc, target, path, f),
    }
}

/// Whether `path` is `prefix` or lies below it.
pub fn starts_with(path: &[Step], prefix: &[Step]) -> bool {
    path.len() >= prefix.len() && path[..prefix.len()] == *prefix
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Format;

    #[test]
    fn paths_of_nested_values_and_lists() {
        let src = b"a: 1\nb:\n  c: [x, y]\n  'd.e': z\n";
        let parsed = Format::Yaml.store().parse(src).unwrap();
        let mut seen = Vec::new();
        for_each_value(&parsed.docs, &mut |_, path, _| seen.push(display(path)));
        assert_eq!(seen, ["a", "b.c[0]", "b.c[1]", "b.\"d.e\""]);
        assert!(starts_with(
            &[Step::Key("b".into()), Step::Key("c".into())],
            &[Step::Key("b".into())]
        ));
    }
}
