//! The INI store, reading files as go-ini v1.67 does with sops's options
//! (sops-format.md §6.5): sections are top-level keys, values are strings, a comment
//! belongs to the section header or key after it. The `[sops]` section is the metadata.
//!
//! Refused (NotExact), because go-ini's reading cannot be spliced back exactly: duplicate
//! keys in a section (go-ini keeps the first position with the last value), a second
//! `[sops]` section, quoted keys, `-` auto-numbered keys, `\` line continuations, comment
//! lines above a key that also has an inline comment (go-ini joins them into one comment
//! whose text would span the key's own line), inline comments after a section header
//! (go-ini ends the header at the line's last `]`, which an encrypted comment would move),
//! and comments after the last key (go-ini drops them; kept, they would stay in clear).

use super::edit::{self, Line, lines};
use super::flat::{flatten, unflatten};
use super::path_edit::{
    Item, Parent, Target, apply, line_after, locate, locate_existing, new_leaf, node_span, pairs,
    require_scalar, whole_lines,
};
use super::{
    Changes, Parsed, Replacement, Store, StoreError, StoreErrorKind, require_utf8, splice,
};
use crate::path::Step;
use crate::tree::{Document, Entry, Leaf, Node, Scalar, Span};

pub struct IniStore;

const METADATA_SECTION: &str = "sops";
const DEFAULT_SECTION: &str = "DEFAULT";
const TRIPLE_QUOTE: &str = "\"\"\"";
const BACKTICK: &str = "`";
const COMMENT_MARKERS: [char; 2] = ['#', ';'];

impl Store for IniStore {
    fn parse(&self, src: &[u8]) -> Result<Parsed, StoreError> {
        crate::limits::check_input_size(src.len())?;
        let text = require_utf8(src)?;
        let mut reader = Reader::new(text);
        while let Some(line) = reader.next_line() {
            reader.line(line)?;
        }
        reader.finish()
    }

    fn emit(&self, src: &[u8], parsed: &Parsed, changes: &Changes) -> Result<Vec<u8>, StoreError> {
        let comments = edit::comment_ids(parsed);
        let mut edits = edit::leaf_edits(parsed, changes, |leaf, replacement| {
            Ok(match replacement {
                Replacement::Encrypted(envelope) => envelope.clone(),
                Replacement::Plain(Scalar::Str(text)) if comments.contains(&leaf.id) => {
                    self.plain_comment(leaf, text)?
                }
                Replacement::Plain(value) => self.plain_text(leaf, value)?,
                Replacement::Source(text) => text.clone(),
            }
            .into_bytes())
        })?;
        let lines = changes
            .metadata
            .as_ref()
            .map(|metadata| metadata_lines(src, parsed, metadata))
            .transpose()?;
        edits.extend(edit::line_block_edits(
            src,
            &parsed.metadata_spans,
            lines,
            edit::line_break(src),
        ));
        Ok(splice(src, edits))
    }

    fn plain_text(&self, _leaf: &Leaf, value: &Scalar) -> Result<String, StoreError> {
        let text = match value {
            Scalar::Str(s) | Scalar::Time(s) => s.clone(),
            Scalar::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            Scalar::Int(i) => i.to_string(),
            // sops writes floats into INI with six decimals.
            Scalar::Float(f) => format_float_six(*f),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Null => {
                return Err(StoreError::new(
                    StoreErrorKind::Emit,
                    "null cannot be written in INI",
                ));
            }
        };
        quote_value(&text)
    }

    fn set(
        &self,
        src: &[u8],
        parsed: &Parsed,
        path: &[Step],
        value: &serde_json::Value,
    ) -> Result<Vec<u8>, StoreError> {
        let scalar = require_scalar(value, "INI")?;
        let (section, key) = section_key(path)?;
        let nl = edit::line_break(src);
        let value_text = |leaf: &Leaf| self.plain_text(leaf, &scalar);
        let edit = match locate(&parsed.docs, path, value)? {
            Target::Existing(Item {
                node: Node::Scalar(leaf),
                ..
            }) => (leaf.span.clone(), value_text(leaf)?),
            Target::New {
                parent: Parent::Map { entries, span },
                ..
            } => {
                let separator = key_separator(src, entries);
                let line = format!("{key}{separator}{}", value_text(&new_leaf(0, false))?);
                line_after(src, span, &line, nl)
            }
            _ => {
                let text = value_text(&new_leaf(0, false))?;
                let lines = format!("[{section}]{nl}{key} = {text}");
                let lines = if src.is_empty() {
                    lines
                } else {
                    format!("{nl}{lines}")
                };
                line_after(src, src.len()..src.len(), &lines, nl)
            }
        };
        Ok(apply(src, edit))
    }

    fn unset(&self, src: &[u8], parsed: &Parsed, path: &[Step]) -> Result<Vec<u8>, StoreError> {
        // A whole section goes, header included; else one key line.
        if !matches!(path, [Step::Key(_)]) {
            section_key(path)?;
        }
        let item = locate_existing(&parsed.docs, path)?;
        let span = item.parent.item_spans()[item.index].clone();
        Ok(apply(src, (whole_lines(src, span), String::new())))
    }

    /// A comment is written as its text: the marker before it stays in the file.
    fn plain_comment(&self, _leaf: &Leaf, text: &str) -> Result<String, StoreError> {
        Ok(text.to_string())
    }
}

/// The section and key of an INI path, which must be names a header and key line can hold.
fn section_key(path: &[Step]) -> Result<(&str, &str), StoreError> {
    let valid_section = |s: &str| !s.is_empty() && !s.contains([']', '\n', '\r']);
    let valid_key = |k: &str| {
        let first = k.chars().next();
        !k.is_empty()
            && k.trim() == k
            && !k.contains(['=', ':', '\n', '\r'])
            && !matches!(first, Some('[' | '#' | ';' | '"' | '`' | '-'))
    };
    match path {
        [Step::Key(section), Step::Key(key)] if valid_section(section) && valid_key(key) => {
            Ok((section, key))
        }
        _ => Err(StoreError::new(
            StoreErrorKind::Path,
            "an INI path is a section and a key: section.key",
        )),
    }
}

/// How the section's keys are separated from their values (` = ` when it has none).
fn key_separator(src: &[u8], entries: &[Entry]) -> String {
    pairs(entries)
        .next()
        .map(|(_, key_span, value)| {
            let after_key = &src[key_span.end..node_span(value).start];
            let delimiter = after_key
                .iter()
                .position(|b| matches!(b, b'=' | b':'))
                .map_or(0, |p| p + 1);
            let blanks = after_key[delimiter..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
            String::from_utf8_lossy(&after_key[..delimiter + blanks]).into_owned()
        })
        .filter(|separator| !separator.is_empty())
        .unwrap_or_else(|| " = ".into())
}

/// The text of a value as go-ini reads it back: bare when that is unambiguous, else in
/// `"…"`, `` `…` `` or `"""…"""` (go-ini strips these; `#`/`;` start a comment anywhere in
/// a bare value, and only backticks and triple quotes protect them).
fn quote_value(text: &str) -> Result<String, StoreError> {
    if text.contains('\n') || text.contains('`') {
        if text.contains(TRIPLE_QUOTE) {
            return Err(StoreError::new(
                StoreErrorKind::Emit,
                "this value cannot be written in INI",
            ));
        }
        return Ok(format!("{TRIPLE_QUOTE}{text}{TRIPLE_QUOTE}"));
    }
    let comment_like =
        text.contains(COMMENT_MARKERS) || text.ends_with('\\') || text.starts_with(TRIPLE_QUOTE);
    let trimmed = text.trim() != text || surrounded(text, '"') || surrounded(text, '\'');
    Ok(if comment_like || (trimmed && text.contains('"')) {
        format!("{BACKTICK}{text}{BACKTICK}")
    } else if trimmed {
        format!("\"{text}\"")
    } else {
        text.to_string()
    })
}

/// go-ini's `hasSurroundedQuote`: the quote opens and closes the text and is nowhere else.
fn surrounded(text: &str, quote: char) -> bool {
    text.len() >= 2
        && text.starts_with(quote)
        && text.ends_with(quote)
        && text[1..text.len() - 1].find(quote).is_none()
}

/// Go's `FormatFloat(f, 'f', 6, 64)`.
fn format_float_six(f: f64) -> String {
    match f {
        f if f.is_nan() => "NaN".into(),
        f if f.is_infinite() => if f > 0.0 { "+Inf" } else { "-Inf" }.into(),
        f => format!("{f:.6}"),
    }
}

/// The `[sops]` section's lines, after a blank line unless it starts the file.
fn metadata_lines(
    src: &[u8],
    parsed: &Parsed,
    metadata: &serde_json::Value,
) -> Result<Vec<String>, StoreError> {
    let at_start = parsed
        .metadata_spans
        .first()
        .map_or(src.is_empty(), |span| span.start == 0);
    let mut lines = if at_start {
        Vec::new()
    } else {
        vec![String::new()]
    };
    lines.push(format!("[{METADATA_SECTION}]"));
    for (key, value) in flatten(metadata) {
        lines.push(format!("{key} = {}", quote_value(&value)?));
    }
    Ok(lines)
}

/// The `[sops]` keys, unflattened, with `\n` read back as newlines.
fn read_metadata(src: &[u8], section: &Section) -> Result<serde_json::Value, StoreError> {
    let flat = section.entries.iter().filter_map(|entry| match entry {
        Entry::Pair {
            key,
            value:
                Node::Scalar(Leaf {
                    value: Scalar::Str(v),
                    ..
                }),
            ..
        } => Some((key.as_str(), v.replace("\\n", "\n"))),
        _ => None,
    });
    unflatten(flat).map_err(|e| e.at(src, section.name_span.start))
}

/// The `[sops]` section with the blank line before it, and the line break before that
/// when the section ends the file without one (as `line_block_edits` writes it).
fn metadata_span(src: &[u8], section: &Section) -> Span {
    let start = blank_line_before(src, section.span.start).unwrap_or(section.span.start);
    edit::take_added_break(src, start..section.span.end, edit::line_break(src))
}

/// The start of the line before `line_start`, if that line is blank.
fn blank_line_before(src: &[u8], line_start: usize) -> Option<usize> {
    let before = src[..line_start].strip_suffix(b"\n")?;
    let before = before.strip_suffix(b"\r").unwrap_or(before);
    (before.is_empty() || before.ends_with(b"\n")).then_some(before.len())
}

mod read;

use read::{Reader, Section};
#[cfg(test)]
mod tests;
