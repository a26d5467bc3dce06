//! Writes the changes into the original bytes: leaves, aliases whose copy changed (as
//! flow collections), restored subtrees, and the `sops:` block of every document.

use std::borrow::Cow;

use super::build::last_byte;
use super::directives;
use super::lexical::Source;
use super::metadata;
use super::plain::{double_quoted, plain_text, scalar_text};
use crate::store::edit::Covering;
use crate::store::{Changes, Replacement, StoreError, StoreErrorKind, splice};
use crate::tree::{Document, Entry, Leaf, Node, Scalar, Span};

/// `held` is the metadata the file holds now, if any.
pub fn emit(
    text: &str,
    docs: &[Document],
    held: Option<&serde_json::Value>,
    changes: &Changes,
) -> Result<Vec<u8>, StoreError> {
    let mut writer = Writer {
        text,
        changes,
        line_break: Source::new(text).line_break(),
        edits: Vec::new(),
    };
    for doc in docs {
        writer.entries(&doc.entries)?;
    }
    let subtrees = &changes.subtrees;
    let covering = Covering::new(subtrees.iter().map(|(span, _)| span));
    let mut edits: Vec<(Span, Cow<[u8]>)> = writer
        .edits
        .into_iter()
        .filter(|(span, _)| !covering.covers(span))
        .map(|(span, text)| (span, bytes_of(text)))
        .collect();
    edits.extend(
        subtrees
            .iter()
            .map(|(span, t)| (span.clone(), Cow::Borrowed(t.as_bytes()))),
    );
    let versions = directives::versions(text, docs);
    let held_versions = held.and_then(|m| m.get(directives::METADATA_KEY));
    let (version_edits, metadata) = match &changes.metadata {
        Some(metadata) => {
            let (edits, metadata) =
                directives::encrypt_edits(text, &versions, metadata, held_versions);
            (edits, Some(metadata))
        }
        None => (directives::decrypt_edits(&versions, held_versions), None),
    };
    let metadata = metadata_edits(text, docs, metadata.as_deref())?;
    edits.extend(metadata.into_iter().map(|(span, t)| (span, Cow::Owned(t))));
    edits.extend(
        version_edits
            .into_iter()
            .map(|(span, t)| (span, Cow::Owned(t))),
    );
    Ok(splice(text.as_bytes(), edits))
}

fn bytes_of(text: Cow<str>) -> Cow<[u8]> {
    match text {
        Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
        Cow::Owned(text) => Cow::Owned(text.into_bytes()),
    }
}

struct Writer<'a> {
    text: &'a str,
    changes: &'a Changes,
    line_break: &'static str,
    /// Replacement texts, borrowed from `changes` where they are written as they are.
    edits: Vec<(Span, Cow<'a, str>)>,
}

impl<'a> Writer<'a> {
    fn replacement(&self, leaf: &Leaf) -> Option<&'a Replacement> {
        self.changes.leaves.get(leaf.id).and_then(Option::as_ref)
    }

    fn entries(&mut self, entries: &[Entry]) -> Result<(), StoreError> {
        for entry in entries {
            match entry {
                Entry::Pair { value, .. } => self.node(value, false)?,
                Entry::Comment(leaf) => self.comment(leaf)?,
            }
        }
        Ok(())
    }

    fn node(&mut self, node: &Node, in_list: bool) -> Result<(), StoreError> {
        match node {
            Node::Map { entries, .. } => self.entries(entries)?,
            Node::List { items, .. } => {
                for item in items {
                    self.node(item, true)?;
                }
            }
            Node::Scalar(leaf) => self.scalar(leaf, in_list)?,
            Node::Comment(leaf) => self.comment(leaf)?,
            Node::Alias { span, target } => {
                let mut changed = false;
                target.for_each_leaf(&mut |leaf| changed |= self.replacement(leaf).is_some());
                if changed {
                    let copy = self.flow_copy(target);
                    self.edits.push((span.clone(), Cow::Owned(copy)));
                }
            }
        }
        Ok(())
    }

    fn scalar(&mut self, leaf: &Leaf, in_list: bool) -> Result<(), StoreError> {
        let Some(replacement) = self.replacement(leaf) else {
            return Ok(());
        };
        let original = &self.text[leaf.span.clone()];
        let (span, text) = match replacement {
            Replacement::Plain(Scalar::Str(comment))
                if in_list && original.ends_with("type:comment]") =>
            {
                // sops writes encrypted list comments as items; decrypted, they are comments again.
                (
                    self.dash_before(leaf)?..leaf.span.end,
                    Cow::Owned(format!("#{comment}")),
                )
            }
            Replacement::Encrypted(envelope) if leaf.in_flow => {
                (leaf.span.clone(), Cow::Owned(format!("\"{envelope}\"")))
            }
            Replacement::Encrypted(envelope) if leaf.span.is_empty() => {
                (leaf.span.clone(), Cow::Owned(format!(" {envelope}")))
            }
            Replacement::Encrypted(envelope) => {
                (leaf.span.clone(), Cow::Borrowed(envelope.as_str()))
            }
            Replacement::Plain(value) => {
                let text = plain_text(leaf, value);
                // Only a block scalar has line breaks: its line ends right after the span.
                let text = if text.contains('\n') {
                    text.replace('\n', self.line_break_at(leaf.span.end))
                } else {
                    text
                };
                (leaf.span.clone(), Cow::Owned(text))
            }
            Replacement::Source(source) => (leaf.span.clone(), Cow::Borrowed(source.as_str())),
        };
        self.edits.push((span, text));
        Ok(())
    }

    /// The line break ending the line at `offset`, else the file's: a block scalar written
    /// in place of an envelope takes the break its own line kept (a file may mix them).
    fn line_break_at(&self, offset: usize) -> &'static str {
        match self.text[offset..].find('\n') {
            Some(i) if i > 0 && self.text.as_bytes()[offset + i - 1] == b'\r' => "\r\n",
            Some(_) => "\n",
            None => self.line_break,
        }
    }

    /// The `-` of the block list item holding `leaf`.
    fn dash_before(&self, leaf: &Leaf) -> Result<usize, StoreError> {
        let before = self.text[..leaf.span.start].trim_end_matches([' ', '\t']);
        match before.strip_suffix('-') {
            Some(rest) => Ok(rest.len()),
            None => {
                let message = "a comment cannot be written inside a flow sequence";
                Err(StoreError::at(
                    self.text.as_bytes(),
                    leaf.span.start,
                    StoreErrorKind::Emit,
                    message,
                ))
            }
        }
    }

    fn comment(&mut self, leaf: &Leaf) -> Result<(), StoreError> {
        let text = match self.replacement(leaf) {
            None => return Ok(()),
            Some(Replacement::Encrypted(envelope)) => Cow::Owned(format!("#{envelope}")),
            Some(Replacement::Plain(Scalar::Str(comment))) => Cow::Owned(format!("#{comment}")),
            Some(Replacement::Source(source)) => Cow::Borrowed(source.as_str()),
            Some(Replacement::Plain(other)) => {
                // The type, never the value: error text must not show plaintext.
                let message = format!(
                    "a comment cannot hold a value of type {}",
                    crate::sops::scalar::type_name(other)
                );
                return Err(StoreError::at(
                    self.text.as_bytes(),
                    leaf.span.start,
                    StoreErrorKind::Emit,
                    message,
                ));
            }
        };
        self.edits.push((leaf.span.clone(), text));
        Ok(())
    }

    /// The alias target written out as a flow collection, with the changed leaves.
    fn flow_copy(&self, node: &Node) -> String {
        match node {
            Node::Map { entries, .. } => {
                let pairs: Vec<String> = entries
                    .iter()
                    .filter_map(|e| match e {
                        Entry::Pair { key, value, .. } => {
                            Some(format!("{}: {}", flow_key(key), self.flow_copy(value)))
                        }
                        Entry::Comment(_) => None,
                    })
                    .collect();
                format!("{{{}}}", pairs.join(", "))
            }
            Node::List { items, .. } => {
                let items: Vec<String> = items
                    .iter()
                    .filter(|n| !matches!(n, Node::Comment(_)))
                    .map(|n| self.flow_copy(n))
                    .collect();
                format!("[{}]", items.join(", "))
            }
            Node::Scalar(leaf) | Node::Comment(leaf) => self.flow_leaf(leaf),
            Node::Alias { target, .. } => self.flow_copy(target),
        }
    }

    fn flow_leaf(&self, leaf: &Leaf) -> String {
        match self.replacement(leaf) {
            Some(Replacement::Encrypted(envelope)) => format!("\"{envelope}\""),
            Some(Replacement::Plain(value)) => scalar_text(value, 0, true),
            Some(Replacement::Source(source)) if is_flow_safe_source(source) => source.clone(),
            _ => scalar_text(&leaf.value, 0, true),
        }
    }
}

fn flow_key(key: &str) -> String {
    if key == "<<" {
        double_quoted(key)
    } else {
        scalar_text(&Scalar::Str(key.to_string()), 0, true)
    }
}

/// Original text that can stand inside a flow collection as it is.
fn is_flow_safe_source(source: &str) -> bool {
    let quoted = source.starts_with(['"', '\'']);
    let plain_safe = !source.contains([',', '[', ']', '{', '}', '#']) && !source.contains(": ");
    !source.contains('\n') && (quoted || plain_safe)
}

/// Where a document's content ends, for an error message.
fn doc_end(doc: &Document) -> usize {
    doc.entries
        .iter()
        .map(|entry| match entry {
            Entry::Pair { value, .. } => last_byte(value),
            Entry::Comment(leaf) => leaf.span.end,
        })
        .max()
        .unwrap_or(0)
}

/// Writes (or removes) the `sops:` block of every document.
fn metadata_edits(
    text: &str,
    docs: &[Document],
    metadata: Option<&serde_json::Value>,
) -> Result<Vec<(Span, Vec<u8>)>, StoreError> {
    let Some(metadata) = metadata else {
        // Removed: lines of a block top level, a member (with its comma) of a flow one.
        return Ok(docs
            .iter()
            .filter_map(|d| d.metadata_span.clone())
            .map(|span| (span, Vec::new()))
            .collect());
    };
    let line_break = Source::new(text).line_break();
    let block = metadata::render(metadata, line_break);
    // Without a final line break, the block goes after a new one and has none itself.
    let after_break = format!(
        "{line_break}{}",
        block.strip_suffix(line_break).unwrap_or(&block)
    );
    let mut edits = Vec::new();
    for doc in docs {
        if doc.braces.is_some() {
            edits.extend(member_edits(text, doc, metadata));
            continue;
        }
        let (span, leading_break) = match (&doc.metadata_span, doc.append_at) {
            (Some(span), _) => (span.clone(), text[span.start..].starts_with(['\r', '\n'])),
            (None, Some(end)) => (end..end, end > 0 && !text[..end].ends_with(['\n', '\r'])),
            (None, None) => {
                let message = "cannot add the sops metadata after this document's top level";
                let end = doc_end(doc);
                return Err(StoreError::at(
                    text.as_bytes(),
                    end,
                    StoreErrorKind::Emit,
                    message,
                ));
            }
        };
        let written = if leading_break { &after_break } else { &block };
        edits.push((span, written.clone().into_bytes()));
    }
    Ok(edits)
}

/// The metadata of a flow top level (`{…}`): a member `"sops": {…}` in JSON (which is
/// flow YAML) after the last pair, the old one, if any, removed with its comma.
fn member_edits(text: &str, doc: &Document, metadata: &serde_json::Value) -> Vec<(Span, Vec<u8>)> {
    let mut edits: Vec<(Span, Vec<u8>)> = doc
        .metadata_span
        .iter()
        .map(|span| (span.clone(), Vec::new()))
        .collect();
    let at = doc.append_at.unwrap_or_default();
    let has_pairs = doc.entries.iter().any(|e| matches!(e, Entry::Pair { .. }));
    // After an empty value's `:` a blank must come first: go-yaml reads `b:,` as a key `b:`.
    let separator = match (has_pairs, text[..at].ends_with(':')) {
        (false, _) => "",
        (true, false) => ", ",
        (true, true) => " , ",
    };
    let member = format!("{separator}\"sops\": {metadata}");
    edits.push((at..at, member.into_bytes()));
    edits
}
