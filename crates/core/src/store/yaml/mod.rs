//! The YAML store. saphyr-parser gives the structure and values; spans are tightened to
//! exact bytes (`lexical`), so every byte not replaced stays as it was. Whatever is
//! spliced is read back and compared before it is written (`sops::verify`).

mod aliases;
mod build;
mod directives;
mod emit;
mod events;
mod fast;
mod lexical;
mod metadata;
mod plain;
mod resolve;
mod set;
#[cfg(test)]
mod tests;
pub(super) mod values;

use super::{Changes, Parsed, Store, StoreError, StoreErrorKind, require_utf8};
use crate::path::Step;
use crate::tree::{Document, Leaf, Scalar, ValueRef};
use build::YamlDoc;
use events::Token;
use lexical::Source;
use saphyr_parser::Event;

pub struct YamlStore;

impl Store for YamlStore {
    fn parse(&self, src: &[u8]) -> Result<Parsed, StoreError> {
        crate::limits::check_input_size(src.len())?;
        let (docs, leaf_count) = parse_documents(require_utf8(src)?)?;
        let metadata = docs
            .first()
            .and_then(|d| d.metadata.as_ref())
            .map(|(_, node)| metadata::to_json(node));
        Ok(Parsed {
            metadata_spans: docs
                .iter()
                .filter_map(|d| d.metadata.as_ref().map(|(span, _)| span.clone()))
                .collect(),
            metadata,
            leaf_count,
            docs: docs
                .into_iter()
                .map(|d| Document {
                    entries: d.entries,
                    metadata_span: d.metadata.map(|(span, _)| span),
                    append_at: d.append_at,
                    braces: d.braces,
                })
                .collect(),
        })
    }

    fn emit(&self, src: &[u8], parsed: &Parsed, changes: &Changes) -> Result<Vec<u8>, StoreError> {
        let held = parsed.metadata.as_ref();
        emit::emit(require_utf8(src)?, &parsed.docs, held, changes)
    }

    fn plain_text(&self, leaf: &Leaf, value: &Scalar) -> Result<String, StoreError> {
        Ok(plain::plain_text(leaf, value))
    }

    /// As emit writes a decrypted comment: so that a comment needs no layout entry.
    fn plain_comment(&self, _leaf: &Leaf, text: &str) -> Result<String, StoreError> {
        Ok(format!("#{text}"))
    }

    fn set(
        &self,
        src: &[u8],
        parsed: &Parsed,
        path: &[Step],
        value: &serde_json::Value,
    ) -> Result<Vec<u8>, StoreError> {
        set::set(require_utf8(src)?, &parsed.docs, path, value)
    }

    fn unset(&self, src: &[u8], parsed: &Parsed, path: &[Step]) -> Result<Vec<u8>, StoreError> {
        set::unset(require_utf8(src)?, &parsed.docs, path)
    }

    fn for_each_value(&self, src: &[u8], f: &mut dyn FnMut(&[&str], ValueRef)) -> Option<()> {
        values::for_each_value(std::str::from_utf8(src).ok()?, f)
    }
}

/// Parses every document, with leaf ids assigned; also gives the number of leaves.
fn parse_documents(text: &str) -> Result<(Vec<YamlDoc>, usize), StoreError> {
    let source = Source::new(text);
    let tokens = events::tokenize(&source)?;
    let comments = lexical::find_comments(&source, &opaque_spans(&tokens));
    let mut docs = build::build(&source, &tokens, &comments)?;
    if docs.is_empty() {
        return Err(match comments.first() {
            Some(comment) => StoreError::at(
                text.as_bytes(),
                comment.start,
                StoreErrorKind::Syntax,
                "the file holds only comments",
            ),
            None => StoreError::new(StoreErrorKind::Empty, "the file holds no YAML document"),
        });
    }
    let leaf_count = build::number_leaves(&mut docs);
    Ok((docs, leaf_count))
}

/// The bytes of every scalar (block scalars through their trailing lines), where a `#`
/// is text and not a comment.
fn opaque_spans(tokens: &[Token]) -> Vec<crate::tree::Span> {
    let mut spans: Vec<_> = tokens
        .iter()
        .filter_map(|t| match t.event {
            Event::Scalar(_, style, ..) if !t.exact.is_empty() => Some((style, t)),
            _ => None,
        })
        .map(|(style, t)| {
            if events::is_block_scalar(style) {
                t.exact.start..t.exact.end.max(t.raw.end)
            } else {
                t.exact.clone()
            }
        })
        .collect();
    spans.sort_by_key(|s| s.start);
    spans
}

/// For `crate::fuzzing`: `None` when the fast tokenizer leaves `text` to saphyr, else
/// whether it gave exactly saphyr's tokens.
pub(crate) fn fast_agrees_with_saphyr(text: &str) -> Option<Result<(), String>> {
    let fast = fast::tokenize(text)?;
    let slow = match events::saphyr_tokens(&Source::new(text)) {
        Ok(tokens) => tokens,
        Err(e) => return Some(Err(format!("fast accepted what saphyr refuses: {e}"))),
    };
    let show = |t: &Token| format!("{:?} {:?} {:?}", t.event, t.raw, t.exact);
    let (fast, slow): (Vec<_>, Vec<_>) = (
        fast.iter().map(show).collect(),
        slow.iter().map(show).collect(),
    );
    Some(
        match (0..fast.len().max(slow.len())).find(|&i| fast.get(i) != slow.get(i)) {
            Some(i) => Err(format!(
                "token {i}: fast {:?}, saphyr {:?}",
                fast.get(i),
                slow.get(i)
            )),
            None => Ok(()),
        },
    )
}
