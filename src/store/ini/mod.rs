//! The INI store, reading files as go-ini v1.67 does with sops's options
//! (sops-format.md §6.5): sections are top-level keys, values are strings, a comment
//! belongs to the section header or key after it. The `[sops]` section is the metadata.
//!
//! Refused (NotExact), because go-ini's reading cannot be spliced back exactly: duplicate
//! keys in a section (go-ini keeps the first position with the last value), a second
//! `[sops]` section, quoted keys, `-` auto-numbered keys, `\` line continuations, comment
//! lines above a key that also has an inline comment (go-ini joins them into one comment
//! whose text would span the key's own line), and inline comments after a section header
//! (go-ini ends the header at the line's last `]`, which an encrypted comment would move).

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

    /// A comment is written as its text: the marker before it stays in the file.
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

    fn plain_comment(&self, _leaf: &Leaf, text: &str) -> Result<String, StoreError> {
        Ok(text.to_string())
    }
}

/// The text of a value as go-ini reads it back: bare when that is unambiguous, else in
/// `"…"`, `` `…` `` or `"""…"""` (go-ini strips these; `#`/`;` start a comment anywhere in
/// a bare value, and only backticks and triple quotes protect them).
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

/// Comment text as go-ini buffers it, with where it sits.
struct Piece {
    /// From the marker to the end of the text, trailing whitespace excluded.
    span: Span,
    /// What go-ini appends to its comment buffer for it.
    raw: String,
    /// After a value on the same line (or after a closing triple quote).
    inline: bool,
}

/// A section as it is read, before ids are given.
struct Section {
    name: String,
    name_span: Span,
    /// From the header line (or the first key, for the implicit DEFAULT) to the end of its
    /// last key's line.
    span: Span,
    entries: Vec<Entry>,
    keys: Vec<String>,
}

struct Reader<'t> {
    text: &'t str,
    lines: std::vec::IntoIter<Line>,
    /// Where the line after the last one read starts.
    position: usize,
    pending: Vec<Piece>,
    sections: Vec<Section>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Self {
        let mut all: Vec<Line> = lines(text).collect();
        // go-ini skips a UTF-8 byte order mark.
        if let (Some(first), true) = (all.first_mut(), text.starts_with('\u{feff}')) {
            first.span.start += '\u{feff}'.len_utf8();
        }
        let default = Section {
            name: DEFAULT_SECTION.into(),
            name_span: 0..0,
            span: 0..0,
            entries: Vec::new(),
            keys: Vec::new(),
        };
        Reader {
            text,
            lines: all.into_iter(),
            position: 0,
            pending: Vec::new(),
            sections: vec![default],
        }
    }

    fn next_line(&mut self) -> Option<Line> {
        let line = self.lines.next()?;
        self.position = line.next;
        Some(line)
    }

    fn error(&self, offset: usize, kind: StoreErrorKind, message: &str) -> StoreError {
        StoreError::at(self.text.as_bytes(), offset, kind, message)
    }

    /// The end of the line's text without trailing whitespace.
    fn trimmed_end(&self, line: &Line) -> usize {
        line.span.start + self.text[line.span.clone()].trim_end().len()
    }

    fn line(&mut self, line: Line) -> Result<(), StoreError> {
        let content = &self.text[line.span.clone()];
        let start = line.span.end - content.trim_start().len();
        match self.text[start..line.span.end].chars().next() {
            None => Ok(()),
            Some('#' | ';') => {
                let piece = Piece {
                    span: start..self.trimmed_end(&line),
                    raw: self.text[start..line.next].into(),
                    inline: false,
                };
                self.pending.push(piece);
                Ok(())
            }
            Some('[') => self.header(start, &line),
            Some(_) => self.key(start, &line),
        }
    }

    fn header(&mut self, start: usize, line: &Line) -> Result<(), StoreError> {
        let content = &self.text[start..line.next];
        let close = content
            .rfind(']')
            .ok_or_else(|| self.error(start, StoreErrorKind::Syntax, "unclosed section header"))?;
        if close == 1 {
            return Err(self.error(start, StoreErrorKind::Syntax, "empty section name"));
        }
        if let Some(at) = content[close..].find(COMMENT_MARKERS) {
            let message = "inline comments after a section header are not supported";
            return Err(self.error(start + close + at, StoreErrorKind::NotExact, message));
        }
        let entries = self
            .take_comment()?
            .map(Entry::Comment)
            .into_iter()
            .collect();
        self.sections.push(Section {
            name: content[1..close].into(),
            name_span: start + 1..start + close,
            span: line.span.start..line.next,
            entries,
            keys: Vec::new(),
        });
        Ok(())
    }

    fn key(&mut self, start: usize, line: &Line) -> Result<(), StoreError> {
        let content = &self.text[start..line.next];
        if content.starts_with(['"', '`']) {
            return Err(self.error(
                start,
                StoreErrorKind::NotExact,
                "quoted INI keys are not supported",
            ));
        }
        let delimiter = content.find(['=', ':']).ok_or_else(|| {
            self.error(
                self.trimmed_end(line),
                StoreErrorKind::Syntax,
                "expected `=` or `:` after a key",
            )
        })?;
        let key = content[..delimiter].trim();
        match key {
            "" => return Err(self.error(start, StoreErrorKind::Syntax, "empty key name")),
            "-" => {
                return Err(self.error(
                    start,
                    StoreErrorKind::NotExact,
                    "auto-numbered `-` keys are not supported",
                ));
            }
            _ => {}
        }
        let key_span = start..start + key.len();
        let (value, span) = self.value(start + delimiter + 1, line)?;
        let comment = self.take_comment()?;
        let indent = edit::column(self.text.as_bytes(), start);
        let leaf = Leaf {
            id: 0,
            value: Scalar::Str(value),
            span,
            indent,
            in_flow: false,
        };
        self.add_key(key.into(), key_span, leaf, comment)
    }

    fn add_key(
        &mut self,
        key: String,
        key_span: Span,
        leaf: Leaf,
        comment: Option<Leaf>,
    ) -> Result<(), StoreError> {
        let position = self.position;
        let section = self
            .sections
            .last_mut()
            .expect("the DEFAULT section is always there");
        if section.keys.contains(&key) {
            let message = format!(
                "duplicate key `{key}` in section `{}` (go-ini would keep only the last)",
                section.name
            );
            return Err(StoreError::at(
                self.text.as_bytes(),
                key_span.start,
                StoreErrorKind::NotExact,
                message,
            ));
        }
        if section.entries.is_empty() && section.span.is_empty() {
            section.span.start = key_span.start;
        }
        section.span.end = position;
        section.keys.push(key.clone());
        section.entries.push(Entry::Pair {
            key,
            key_span,
            value: Node::Scalar(leaf),
        });
        section.entries.extend(comment.map(Entry::Comment));
        Ok(())
    }

    /// The value after the delimiter at `start`: its text as go-ini reads it, and its span.
    fn value(&mut self, start: usize, line: &Line) -> Result<(String, Span), StoreError> {
        let rest = &self.text[start..line.next];
        let value_start = line.next - rest.trim_start().len();
        let value = &self.text[value_start..line.next];
        if value.is_empty() {
            return Ok((String::new(), start..start));
        }
        if value.len() > TRIPLE_QUOTE.len() && value.starts_with(TRIPLE_QUOTE) {
            self.quoted(value_start, TRIPLE_QUOTE, line)
        } else if value.starts_with(BACKTICK) {
            self.quoted(value_start, BACKTICK, line)
        } else {
            self.bare(value_start, line)
        }
    }

    /// A value in `quote`s, maybe over several lines; the span takes the quotes.
    fn quoted(
        &mut self,
        start: usize,
        quote: &str,
        line: &Line,
    ) -> Result<(String, Span), StoreError> {
        let inside = start + quote.len();
        let first = &self.text[inside..line.next];
        if let Some(at) = first.rfind(quote) {
            // go-ini ignores anything after the closing quote on the same line.
            return Ok((first[..at].into(), start..inside + at + quote.len()));
        }
        let mut value = first.to_string();
        loop {
            let Some(next) = self.next_line() else {
                return Err(self.error(start, StoreErrorKind::Syntax, "missing closing quote"));
            };
            let full = &self.text[next.span.start..next.next];
            let Some(at) = full.rfind(quote) else {
                value.push_str(full);
                continue;
            };
            value.push_str(&full[..at]);
            let end = next.span.start + at + quote.len();
            if let Some(comment) = self.text[end..next.next].find(COMMENT_MARKERS) {
                let span = end + comment..self.trimmed_end(&next);
                self.pending.push(Piece {
                    raw: self.text[span.clone()].into(),
                    span,
                    inline: true,
                });
            }
            return Ok((value, start..end));
        }
    }

    /// An unquoted value: trimmed, cut at the first `#`/`;` (the rest is a comment), and
    /// with one pair of surrounding `"` or `'` removed. The span takes those quotes.
    fn bare(&mut self, start: usize, line: &Line) -> Result<(String, Span), StoreError> {
        let end = self.trimmed_end(line);
        let text = &self.text[start..end];
        if text.ends_with('\\') {
            return Err(self.error(
                end - 1,
                StoreErrorKind::NotExact,
                "INI line continuations are not supported",
            ));
        }
        let value_end = match text.find(COMMENT_MARKERS) {
            Some(at) => {
                self.pending.push(Piece {
                    span: start + at..end,
                    raw: text[at..].into(),
                    inline: true,
                });
                start + text[..at].trim_end().len()
            }
            None => end,
        };
        let raw = &self.text[start..value_end];
        let value = if surrounded(raw, '"') || surrounded(raw, '\'') {
            &raw[1..raw.len() - 1]
        } else {
            raw
        };
        Ok((value.into(), start..value_end))
    }

    /// The comment go-ini gives the key or header just read, as a leaf (id set later).
    fn take_comment(&mut self) -> Result<Option<Leaf>, StoreError> {
        let pieces = std::mem::take(&mut self.pending);
        let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
            return Ok(None);
        };
        if pieces.iter().any(|p| p.inline) && pieces.iter().any(|p| !p.inline) {
            return Err(self.error(
                first.span.start,
                StoreErrorKind::NotExact,
                "comment lines above a key that also has an inline comment",
            ));
        }
        let buffer: String = pieces.iter().map(|p| p.raw.as_str()).collect();
        let trimmed = buffer.trim();
        let text = strip_comment_markers(trimmed);
        let span = first.span.start + (trimmed.len() - text.len())..last.span.end;
        Ok(Some(Leaf {
            id: 0,
            value: Scalar::Str(text.into()),
            span,
            indent: 0,
            in_flow: false,
        }))
    }

    fn finish(self) -> Result<Parsed, StoreError> {
        let src = self.text.as_bytes();
        let (metadata, data): (Vec<Section>, Vec<Section>) = self
            .sections
            .into_iter()
            .partition(|s| s.name == METADATA_SECTION);
        if let Some(second) = metadata.get(1) {
            return Err(StoreError::at(
                src,
                second.name_span.start,
                StoreErrorKind::NotExact,
                "a second [sops] section",
            ));
        }
        let mut entries: Vec<Entry> = data
            .into_iter()
            .filter(|s| !(s.name_span.is_empty() && s.entries.is_empty()))
            .map(|s| Entry::Pair {
                key: s.name,
                key_span: s.name_span,
                value: Node::Map {
                    entries: s.entries,
                    span: s.span,
                },
            })
            .collect();
        let leaf_count = number_leaves(&mut entries, 0);
        let (metadata, metadata_spans) = match metadata.into_iter().next() {
            Some(section) => (
                Some(read_metadata(src, &section)?),
                vec![metadata_span(src, &section)],
            ),
            None => (None, Vec::new()),
        };
        Ok(Parsed {
            docs: vec![Document {
                entries,
                ..Default::default()
            }],
            metadata,
            metadata_spans,
            leaf_count,
        })
    }
}

/// sops's `stripCommentChar`: the leading run of the first marker and spaces.
fn strip_comment_markers(comment: &str) -> &str {
    match comment.chars().next() {
        Some(marker @ ('#' | ';')) => comment.trim_start_matches([marker, ' ']),
        _ => comment,
    }
}

/// Gives the leaves ids in tree order, from `next`; returns the next free id.
fn number_leaves(entries: &mut [Entry], mut next: usize) -> usize {
    for entry in entries {
        match entry {
            Entry::Comment(leaf)
            | Entry::Pair {
                value: Node::Scalar(leaf),
                ..
            } => {
                leaf.id = next;
                next += 1;
            }
            Entry::Pair {
                value: Node::Map { entries, .. },
                ..
            } => next = number_leaves(entries, next),
            Entry::Pair { .. } => {}
        }
    }
    next
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
    unflatten(flat).map_err(|_| {
        StoreError::at(
            src,
            section.name_span.start,
            StoreErrorKind::Syntax,
            "a metadata list index is too large",
        )
    })
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

#[cfg(test)]
mod tests;
