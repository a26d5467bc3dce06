//! What the stores share to set or remove the value at a path: finding where the path
//! lands in the tree, and the byte ranges of whole lines and of comma-separated items.

use serde_json::Value;

use super::{StoreError, StoreErrorKind};
use crate::path::Step;
use crate::tree::{Document, Entry, Leaf, Node, Scalar, Span};

/// A byte range of the source and the text that replaces it.
pub(super) type TextEdit = (Span, String);

/// The collection a path step looks into.
pub(super) enum Parent<'a> {
    /// The top level of a document.
    Top(&'a [Entry]),
    Map {
        entries: &'a [Entry],
        span: Span,
    },
    List {
        items: &'a [Node],
        span: Span,
    },
}

/// An existing value: the `index`th pair (or non-comment item) of `parent`.
pub(super) struct Item<'a> {
    pub(super) parent: Parent<'a>,
    pub(super) index: usize,
    /// The key's bytes, for a pair.
    pub(super) key_span: Option<Span>,
    pub(super) node: &'a Node,
}

/// Where a path lands.
pub(super) enum Target<'a> {
    /// The path names an existing value.
    Existing(Item<'a>),
    /// The path goes on past `parent`: `value` (the rest of the path wrapped around the new
    /// value) is added to it, under `key` or, with no key, at the end of the list.
    New {
        parent: Parent<'a>,
        key: Option<&'a str>,
        value: Value,
    },
}

/// Where `path` lands in the first document; `value` is what is set (for `Target::New`).
pub(super) fn locate<'a>(
    docs: &'a [Document],
    path: &'a [Step],
    value: &Value,
) -> Result<Target<'a>, StoreError> {
    let doc = docs
        .first()
        .ok_or_else(|| StoreError::new(StoreErrorKind::Empty, "the file holds no document"))?;
    let mut parent = Parent::Top(&doc.entries);
    for (depth, step) in path.iter().enumerate() {
        let found = match (&parent, step) {
            (Parent::Top(entries) | Parent::Map { entries, .. }, Step::Key(key)) => {
                pair_position(entries, key)
            }
            (Parent::List { items, .. }, Step::Index(i)) => values(items).nth(*i),
            _ => {
                return Err(path_error(
                    path,
                    depth,
                    "does not match the file's structure",
                ));
            }
        };
        let Some((index, key_span, node)) = found else {
            let key = match step {
                Step::Key(key) => Some(key.as_str()),
                Step::Index(i) if *i == count(&parent) => None,
                Step::Index(_) => return Err(path_error(path, depth, "is past the list's end")),
            };
            let value = wrap(&path[depth + 1..], value.clone())
                .ok_or_else(|| path_error(path, depth + 1, "indexes a list that does not exist"))?;
            return Ok(Target::New { parent, key, value });
        };
        if depth + 1 == path.len() {
            return Ok(Target::Existing(Item {
                parent,
                index,
                key_span,
                node,
            }));
        }
        parent = match node {
            Node::Map { entries, span } => Parent::Map {
                entries,
                span: span.clone(),
            },
            Node::List { items, span } => Parent::List {
                items,
                span: span.clone(),
            },
            _ => {
                return Err(path_error(
                    path,
                    depth + 1,
                    "goes through a value that is not a collection",
                ));
            }
        };
    }
    Err(path_error(path, 0, "is empty"))
}

/// The file with one edit made.
pub(super) fn apply(src: &[u8], (span, text): TextEdit) -> Vec<u8> {
    super::splice(src, vec![(span, text.into_bytes())])
}

/// The existing value at `path`, to remove it; a `Missing` error when there is none.
pub(super) fn locate_existing<'a>(
    docs: &'a [Document],
    path: &'a [Step],
) -> Result<Item<'a>, StoreError> {
    match locate(docs, path, &Value::Null)? {
        Target::Existing(item) => Ok(item),
        Target::New { .. } => Err(StoreError::new(
            StoreErrorKind::Missing,
            format!("nothing at {}", shown(path)),
        )),
    }
}

/// An error naming the path up to `depth` steps.
fn path_error(path: &[Step], depth: usize, problem: &str) -> StoreError {
    let shown = shown(&path[..=depth.min(path.len() - 1)]);
    StoreError::new(StoreErrorKind::Path, format!("the path {shown} {problem}"))
}

/// A path in sops's bracket form.
fn shown(path: &[Step]) -> String {
    path.iter()
        .map(|step| match step {
            Step::Key(key) => format!("[{key:?}]"),
            Step::Index(i) => format!("[{i}]"),
        })
        .collect()
}

/// The missing path `rest` built around `value`: a key makes a mapping, index 0 a list.
fn wrap(rest: &[Step], value: Value) -> Option<Value> {
    rest.iter().rev().try_fold(value, |inner, step| match step {
        Step::Key(key) => Some(Value::Object([(key.clone(), inner)].into_iter().collect())),
        Step::Index(0) => Some(Value::Array(vec![inner])),
        Step::Index(_) => None,
    })
}

/// The position among pairs, key span and value of the last pair named `wanted`.
fn pair_position<'a>(
    entries: &'a [Entry],
    wanted: &str,
) -> Option<(usize, Option<Span>, &'a Node)> {
    pairs(entries)
        .enumerate()
        .filter(|(_, (key, ..))| *key == wanted)
        .last()
        .map(|(index, (_, key_span, node))| (index, Some(key_span.clone()), node))
}

/// The key, key span and value of every pair, skipping comments.
pub(super) fn pairs(entries: &[Entry]) -> impl Iterator<Item = (&str, &Span, &Node)> {
    entries.iter().filter_map(|entry| match entry {
        Entry::Pair {
            key,
            key_span,
            value,
        } => Some((key.as_str(), key_span, value)),
        Entry::Comment(_) => None,
    })
}

/// The items of a list, skipping comments, with their position.
fn values(items: &[Node]) -> impl Iterator<Item = (usize, Option<Span>, &Node)> {
    items
        .iter()
        .filter(|node| !matches!(node, Node::Comment(_)))
        .enumerate()
        .map(|(index, node)| (index, None, node))
}

fn count(parent: &Parent) -> usize {
    match parent {
        Parent::Top(entries) | Parent::Map { entries, .. } => pairs(entries).count(),
        Parent::List { items, .. } => values(items).count(),
    }
}

impl Parent<'_> {
    /// The byte range of every item: a pair from its key to its value's end.
    pub(super) fn item_spans(&self) -> Vec<Span> {
        match self {
            Parent::Top(entries) | Parent::Map { entries, .. } => pairs(entries)
                .map(|(_, key_span, node)| key_span.start..node_end(node).max(key_span.end))
                .collect(),
            Parent::List { items, .. } => {
                values(items).map(|(_, _, node)| node_span(node)).collect()
            }
        }
    }
}

/// The bytes a node's value occupies.
pub(super) fn node_span(node: &Node) -> Span {
    match node {
        Node::Map { span, .. } | Node::List { span, .. } | Node::Alias { span, .. } => span.clone(),
        Node::Scalar(leaf) | Node::Comment(leaf) => leaf.span.clone(),
    }
}

pub(super) fn node_end(node: &Node) -> usize {
    node_span(node).end
}

/// A JSON scalar as a tree scalar; `None` for an object or array. An integer too large
/// for i64 becomes a float, as Go's JSON decoding into `interface{}` does.
pub(super) fn scalar_of(value: &Value) -> Option<Scalar> {
    Some(match value {
        Value::Null => Scalar::Null,
        Value::Bool(b) => Scalar::Bool(*b),
        Value::Number(n) => n.as_i64().map_or_else(
            || Scalar::Float(n.as_f64().unwrap_or(f64::NAN)),
            Scalar::Int,
        ),
        Value::String(s) => Scalar::Str(s.clone()),
        Value::Array(_) | Value::Object(_) => return None,
    })
}

/// A leaf for a value that is not in the file yet, so that the store's `plain_text`
/// can spell it for the place it goes.
pub(super) fn new_leaf(indent: usize, in_flow: bool) -> Leaf {
    Leaf {
        id: 0,
        value: Scalar::Null,
        span: 0..0,
        indent,
        in_flow,
    }
}

/// Refuses a structured value where only scalars can go.
pub(super) fn require_scalar(value: &Value, store: &str) -> Result<Scalar, StoreError> {
    scalar_of(value).ok_or_else(|| {
        StoreError::new(
            StoreErrorKind::Emit,
            format!("{store} values are strings: a mapping or list cannot be set"),
        )
    })
}

/// The start of the line holding `offset`.
pub(super) fn line_start(src: &[u8], offset: usize) -> usize {
    src[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1)
}

/// The start of the line after the one holding `offset` (the file's end on its last line).
pub(super) fn next_line(src: &[u8], offset: usize) -> usize {
    src[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(src.len(), |p| offset + p + 1)
}

/// True when only blanks precede `offset` on its line.
pub(super) fn starts_line(src: &[u8], offset: usize) -> bool {
    src[line_start(src, offset)..offset]
        .iter()
        .all(|b| *b == b' ' || *b == b'\t')
}

/// The whole lines holding the bytes `span`.
pub(super) fn whole_lines(src: &[u8], span: Span) -> Span {
    line_start(src, span.start)..next_line(src, last_byte(&span))
}

/// The last byte of a span (its start when empty): a span that takes in its line break
/// (a YAML block scalar) ends on its own line.
fn last_byte(span: &Span) -> usize {
    span.end.saturating_sub(1).max(span.start)
}

/// The edit inserting `line` (without its break) as a new line after the lines of `item`.
/// A file whose last line has no break gets one before the new line instead.
pub(super) fn line_after(src: &[u8], item: Span, line: &str, nl: &str) -> TextEdit {
    let at = next_line(src, last_byte(&item));
    let text = if at == src.len() && !src.is_empty() && !src.ends_with(b"\n") {
        format!("{nl}{line}")
    } else {
        format!("{line}{nl}")
    };
    (at..at, text)
}

/// The bytes to remove to drop item `index` of a comma-separated collection together
/// with one of its commas: up to the next item, else from the previous one's end, else
/// everything between the brackets (`inner`).
pub(super) fn separated_removal(items: &[Span], index: usize, inner: Span) -> Span {
    match (
        index.checked_sub(1).map(|i| &items[i]),
        items.get(index + 1),
    ) {
        (_, Some(next)) => items[index].start..next.start,
        (Some(previous), None) => previous.end..items[index].end,
        (None, None) => inner,
    }
}

/// The edit adding `text` as the last item of a comma-separated collection: after the
/// last item with `separator` (`,` and the spacing) before it, or right after `open`.
pub(super) fn separated_append(
    items: &[Span],
    open: usize,
    separator: &str,
    text: &str,
) -> TextEdit {
    match items.last() {
        Some(last) => (last.end..last.end, format!("{separator}{text}")),
        None => (open + 1..open + 1, text.to_string()),
    }
}
