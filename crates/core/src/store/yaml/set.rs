//! Setting and removing the value at a path: block collections line by line at the
//! file's indentation, flow collections item by item with their commas.

use serde_json::Value;

use super::lexical::Source;
use super::plain::{plain_text, scalar_text};
use crate::path::Step;
use crate::store::path_edit::{
    Item, Parent, Target, TextEdit, apply, line_after, locate, locate_existing, node_span,
    scalar_of, separated_append, separated_removal, starts_line, whole_lines,
};
use crate::store::{StoreError, StoreErrorKind};
use crate::tree::{Document, Node, Scalar, Span};

pub fn set(
    text: &str,
    docs: &[Document],
    path: &[Step],
    value: &Value,
) -> Result<Vec<u8>, StoreError> {
    let writer = Writer::new(text, docs);
    let edit = match locate(docs, path, value)? {
        Target::Existing(item) => writer.replace(&item, value)?,
        Target::New { parent, key, value } => writer.add(&parent, key, &value),
    };
    Ok(writer.apply(edit))
}

pub fn unset(text: &str, docs: &[Document], path: &[Step]) -> Result<Vec<u8>, StoreError> {
    let writer = Writer::new(text, docs);
    let item = locate_existing(docs, path)?;
    let only_item = item.parent.item_spans().len() == 1;
    if only_item && !writer.is_flow(&item.parent) && path.len() > 1 {
        // The block collection becomes empty: its owner's value becomes `{}` or `[]`.
        let empty = match item.key_span {
            Some(_) => Value::Object(Default::default()),
            None => Value::Array(Vec::new()),
        };
        return set(text, docs, &path[..path.len() - 1], &empty);
    }
    let edit = writer.removal(&item)?;
    Ok(writer.apply(edit))
}

struct Writer<'a> {
    source: Source<'a>,
    /// One level of block indentation, as the file indents.
    unit: usize,
    /// The first document's top level, when it is a flow mapping `{…}`.
    top_braces: Option<Span>,
}

impl<'a> Writer<'a> {
    fn new(text: &'a str, docs: &[Document]) -> Self {
        Writer {
            source: Source::new(text),
            unit: indent_unit(text),
            top_braces: docs.first().and_then(|doc| doc.braces.clone()),
        }
    }

    /// The bytes of a collection, the top level's braces included.
    fn container_span(&self, parent: &Parent) -> Span {
        match parent {
            Parent::Top(_) => self.top_braces.clone().unwrap_or(0..0),
            Parent::Map { span, .. } | Parent::List { span, .. } => span.clone(),
        }
    }

    fn text(&self) -> &'a str {
        self.source.text
    }

    /// The file with the edit; new text is written with `\n` and given the file's breaks.
    fn apply(&self, (span, text): TextEdit) -> Vec<u8> {
        let text = text.replace('\n', self.source.line_break());
        apply(self.text().as_bytes(), (span, text))
    }

    fn is_flow(&self, parent: &Parent) -> bool {
        match parent {
            Parent::Top(_) => self.top_braces.is_some(),
            Parent::Map { span, .. } | Parent::List { span, .. } => {
                self.text()[span.start..].starts_with(['{', '['])
            }
        }
    }

    fn replace(&self, item: &Item, value: &Value) -> Result<TextEdit, StoreError> {
        let span = node_span(item.node);
        if self.is_flow(&item.parent) {
            return Ok((span, flow(value)));
        }
        if let (Node::Scalar(leaf), Some(scalar)) = (item.node, scalar_of(value)) {
            return Ok((leaf.span.clone(), plain_text(leaf, &scalar)));
        }
        Ok(match &item.key_span {
            Some(key_span) => {
                let colon = key_span.end + self.text()[key_span.end..].find(':').unwrap_or(0) + 1;
                let column = self.source.column(key_span.start);
                (colon..span.end.max(colon), self.after_key(value, column))
            }
            None => {
                let dash = self.dash_before(span.start)?;
                let column = self.source.column(dash) + 2;
                (
                    dash + 1..span.end,
                    format!(" {}", self.block(value, column)),
                )
            }
        })
    }

    fn add(&self, parent: &Parent, key: Option<&str>, value: &Value) -> TextEdit {
        let items = parent.item_spans();
        if self.is_flow(parent) {
            let text = match key {
                Some(key) => format!("{}: {}", key_text(key, true), flow(value)),
                None => flow(value),
            };
            return separated_append(&items, self.container_span(parent).start, ", ", &text);
        }
        let first = items.first().map_or(0, |span| span.start);
        let last = items.last().cloned().unwrap_or(0..0);
        let line = match key {
            Some(key) => {
                let column = self.source.column(first);
                let entry = format!("{}:{}", key_text(key, false), self.after_key(value, column));
                format!("{}{entry}", " ".repeat(column))
            }
            None => {
                let column = self
                    .dash_before(first)
                    .map_or(0, |dash| self.source.column(dash));
                format!("{}- {}", " ".repeat(column), self.block(value, column + 2))
            }
        };
        line_after(self.text().as_bytes(), last, &line, "\n")
    }

    fn removal(&self, item: &Item) -> Result<TextEdit, StoreError> {
        let items = item.parent.item_spans();
        let src = self.text().as_bytes();
        if self.is_flow(&item.parent) {
            let span = self.container_span(&item.parent);
            return Ok((
                separated_removal(&items, item.index, span.start + 1..span.end - 1),
                String::new(),
            ));
        }
        let mut span = items[item.index].clone();
        if item.key_span.is_none() {
            span.start = self.dash_before(span.start)?;
        }
        if items.len() == 1 {
            // The only key of the document.
            return Ok((span, "{}".into()));
        }
        if starts_line(src, span.start) {
            return Ok((whole_lines(src, span), String::new()));
        }
        // The first key of a mapping in a list item (`- a: 1`): the next key moves up.
        match items.get(item.index + 1) {
            Some(next) => Ok((span.start..next.start, String::new())),
            None => Err(StoreError::at(
                src,
                span.start,
                StoreErrorKind::NotExact,
                "cannot remove this key without rewriting its line",
            )),
        }
    }

    /// The `-` of the block list item starting at `item`.
    fn dash_before(&self, item: usize) -> Result<usize, StoreError> {
        let before = self.text()[..item].trim_end_matches([' ', '\t']);
        before.strip_suffix('-').map(str::len).ok_or_else(|| {
            StoreError::at(
                self.text().as_bytes(),
                item,
                StoreErrorKind::NotExact,
                "this list item has no `-` of its own",
            )
        })
    }

    /// What follows `key:` for `value`, the key at `column`: a space and a scalar or empty
    /// collection, or a nested block one level deeper.
    fn after_key(&self, value: &Value, column: usize) -> String {
        if is_empty_or_scalar(value) {
            format!(" {}", flow_at(value, column + self.unit))
        } else {
            let inner = column + self.unit;
            format!("\n{}{}", " ".repeat(inner), self.block(value, inner))
        }
    }

    /// `value` in block style, its first line starting at `column` (not indented here).
    fn block(&self, value: &Value, column: usize) -> String {
        let separator = format!("\n{}", " ".repeat(column));
        match value {
            Value::Object(map) if !map.is_empty() => map
                .iter()
                .map(|(key, v)| format!("{}:{}", key_text(key, false), self.after_key(v, column)))
                .collect::<Vec<_>>()
                .join(&separator),
            Value::Array(items) if !items.is_empty() => items
                .iter()
                .map(|v| format!("- {}", self.block(v, column + 2)))
                .collect::<Vec<_>>()
                .join(&separator),
            _ => flow_at(value, column),
        }
    }
}

fn is_empty_or_scalar(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => true,
    }
}

/// `value` in flow style.
fn flow(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let pairs: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", key_text(k, true), flow(v)))
                .collect();
            format!("{{{}}}", pairs.join(", "))
        }
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(flow).collect::<Vec<_>>().join(", ")
        ),
        scalar => scalar_of(scalar).map_or_else(String::new, |s| scalar_text(&s, 0, true)),
    }
}

/// A scalar (or empty collection) in block context, a literal block indented to `column`.
fn flow_at(value: &Value, column: usize) -> String {
    match scalar_of(value) {
        Some(scalar) => scalar_text(&scalar, column, false),
        None => flow(value),
    }
}

fn key_text(key: &str, in_flow: bool) -> String {
    scalar_text(&Scalar::Str(key.to_string()), 0, in_flow)
}

/// The smallest indentation of a content line, as the file's indentation step (2 if none).
fn indent_unit(text: &str) -> usize {
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .filter(|&indent| indent > 0)
        .min()
        .unwrap_or(2)
}
