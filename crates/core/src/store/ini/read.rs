//! Reading an INI file as go-ini does: sections, keys, quoted values and where each
//! comment belongs, with the byte span of every value.

use std::collections::HashSet;

use super::*;

/// Comment text as go-ini buffers it, with where it sits.
pub(super) struct Piece {
    /// From the marker to the end of the text, trailing whitespace excluded.
    span: Span,
    /// What go-ini appends to its comment buffer for it.
    raw: String,
    /// After a value on the same line (or after a closing triple quote).
    inline: bool,
}

/// A section as it is read, before ids are given.
pub(super) struct Section {
    pub(super) name: String,
    pub(super) name_span: Span,
    /// From the header line (or the first key, for the implicit DEFAULT) to the end of its
    /// last key's line.
    pub(super) span: Span,
    pub(super) entries: Vec<Entry>,
    /// The keys so far: a repeated one is found without comparing every key.
    pub(super) keys: HashSet<String>,
}

pub(super) struct Reader<'t> {
    text: &'t str,
    lines: std::vec::IntoIter<Line>,
    /// Where the line after the last one read starts.
    position: usize,
    pending: Vec<Piece>,
    sections: Vec<Section>,
}

impl<'t> Reader<'t> {
    pub(super) fn new(text: &'t str) -> Self {
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
            keys: HashSet::new(),
        };
        Reader {
            text,
            lines: all.into_iter(),
            position: 0,
            pending: Vec::new(),
            sections: vec![default],
        }
    }

    pub(super) fn next_line(&mut self) -> Option<Line> {
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

    pub(super) fn line(&mut self, line: Line) -> Result<(), StoreError> {
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
            keys: HashSet::new(),
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
        section.keys.insert(key.clone());
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
            let end = inside + at + quote.len();
            // go-ini ignores anything after the closing quote on the same line: kept, it
            // would stay in clear, and read as a comment once the value is an envelope.
            if !self.text[end..line.next].trim().is_empty() {
                return Err(self.error(
                    end,
                    StoreErrorKind::NotExact,
                    "text after a closing quote (go-ini ignores it): move a comment to its own line",
                ));
            }
            return Ok((first[..at].into(), start..end));
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

    pub(super) fn finish(self) -> Result<Parsed, StoreError> {
        let src = self.text.as_bytes();
        if let Some(trailing) = self.pending.first() {
            // go-ini drops a comment that no section or key follows, so sops would lose it;
            // kept, it would stay in clear in the encrypted file.
            return Err(StoreError::at(
                src,
                trailing.span.start,
                StoreErrorKind::NotExact,
                "a comment after the last key (sops drops it): move it above a key or section",
            ));
        }
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
