//! A fast tokenizer for plain block-style YAML: the layout sops writes, and most
//! configuration files. It gives exactly the tokens saphyr gives, spans included, but
//! reads the text line by line without building a string per character. At the first
//! construct outside its subset it gives up (`None`) and the caller runs saphyr, which
//! also reports every syntax error. `tests` compares both on generated and real files.
//!
//! The subset: one implicit document whose root is a block mapping at column 0; block
//! mappings and sequences (indentless ones too); single-line plain and quoted scalars
//! (double-quoted without escapes); literal block scalars without an indentation
//! indicator; comments, blank lines, LF or CRLF line breaks.

use std::borrow::Cow;

use saphyr_parser::{Event, ScalarStyle};

use super::events::{Token, exact_span};
use crate::bytesearch;
use crate::tree::Span;

/// The tokens of `text`, or `None` when it is not in the subset.
pub fn tokenize(text: &str) -> Option<Vec<Token<'_>>> {
    let lines = plain_lines(text.as_bytes())?;
    let mut lexer = Lexer {
        text,
        next_line: 0,
        // Block-style YAML has about a key and a value per line, and a start or an end
        // here and there; a guess by length alone was several times too many for
        // encrypted files' long lines (a token is about a hundred bytes). Bounded by
        // length too, for files of little but line breaks.
        tokens: Vec::with_capacity((3 * lines).min(text.len() / 16) + 8),
        blocks: Vec::new(),
        pending: None,
        unplaced_sequence: None,
    };
    lexer.push(Event::StreamStart, 0..0)?;
    while let Some(line) = lexer.read_line() {
        lexer.line(line)?;
    }
    lexer.finish()
}

/// The number of lines, when the text has no tab, no byte-order mark, no control
/// character but line breaks, and no lone CR: the places where YAML's rules get subtle,
/// left to saphyr.
fn plain_lines(bytes: &[u8]) -> Option<usize> {
    let mut line_breaks = 0;
    // Without short-circuiting inside a chunk, so that the loop vectorises.
    let controls_ok = bytes.chunks(64).all(|chunk| {
        let (ok, breaks) = chunk.iter().fold((true, 0u8), |(ok, breaks), &b| {
            let allowed = (b >= 0x20 && b != 0x7f) | (b == b'\n') | (b == b'\r');
            (ok & allowed, breaks + u8::from(b == b'\n'))
        });
        line_breaks += usize::from(breaks);
        ok
    });
    let carriage_returns_ok =
        bytesearch::positions(b'\r', bytes).all(|at| bytes.get(at + 1) == Some(&b'\n'));
    // Non-ASCII: C1 controls (U+0080..U+009F: 0xC2 0x80..0x9F) and U+FEFF/U+FFFE/U+FFFF.
    let unicode_ok = bytes.is_ascii()
        || !(bytes
            .windows(2)
            .any(|w| w[0] == 0xc2 && (0x80..0xa0).contains(&w[1]))
            || bytes.windows(3).any(|w| {
                w == [0xef, 0xbb, 0xbf] || w == [0xef, 0xbf, 0xbe] || w == [0xef, 0xbf, 0xbf]
            }));
    (controls_ok && carriage_returns_ok && unicode_ok).then_some(line_breaks + 1)
}

/// One line: where it starts, where its content ends (before CR LF) and where the next
/// line starts.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

/// An open block collection: the column of its keys or dashes.
struct Block {
    column: usize,
    is_map: bool,
    /// A sequence whose dashes sit at the column of its parent mapping's keys.
    indentless: bool,
}

/// A key or dash with nothing after it on its line: its value is on the next lines, or
/// it is empty.
struct Pending {
    /// Where saphyr puts an empty value.
    empty_at: usize,
    /// The column of the key or dash.
    column: usize,
    is_key: bool,
}

struct Lexer<'a> {
    text: &'a str,
    next_line: usize,
    tokens: Vec<Token<'a>>,
    blocks: Vec<Block>,
    pending: Option<Pending>,
    /// An indentless sequence's start, which saphyr marks where its first item starts
    /// (at the line's end if that item is on the next lines).
    unplaced_sequence: Option<usize>,
}

impl<'a> Lexer<'a> {
    fn read_line(&mut self) -> Option<Line> {
        let start = self.next_line;
        if start >= self.text.len() {
            return None;
        }
        let bytes = self.text.as_bytes();
        let (end, next) = match bytesearch::find(b'\n', &bytes[start..]) {
            Some(i) if i > 0 && bytes[start + i - 1] == b'\r' => (start + i - 1, start + i + 1),
            Some(i) => (start + i, start + i + 1),
            None => (self.text.len(), self.text.len()),
        };
        self.next_line = next;
        Some(Line { start, end, next })
    }

    fn line(&mut self, line: Line) -> Option<()> {
        let content = &self.text[line.start..line.end];
        let indent = content.len() - content.trim_start_matches(' ').len();
        let at = line.start + indent;
        let rest = &content[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            return Some(());
        }
        if indent == 0 && (rest.starts_with("---") || rest.starts_with("...")) {
            return None;
        }
        let is_dash = rest == "-" || rest.starts_with("- ");
        self.settle(indent, at, is_dash)?;
        if is_dash {
            self.sequence_item(at, line)
        } else {
            self.mapping_entry(at, line)
        }
    }

    /// Before an item at `column`: gives a pending key or dash its value (a new block or
    /// an empty scalar) and closes the blocks the item is outside of.
    fn settle(&mut self, column: usize, at: usize, is_dash: bool) -> Option<()> {
        if self.blocks.is_empty() {
            return self.start_document(column, at, is_dash);
        }
        if let Some(pending) = self.pending.take() {
            if column > pending.column {
                return self.open(column, at, is_dash, false);
            }
            if column == pending.column && is_dash && pending.is_key {
                return self.open(column, at, true, true);
            }
            self.empty_value(&pending)?;
        }
        while let Some(top) = self.blocks.last() {
            let ends_indentless = top.indentless && top.column == column && !is_dash;
            if top.column <= column && !ends_indentless {
                break;
            }
            let event = if top.is_map {
                Event::MappingEnd
            } else {
                Event::SequenceEnd
            };
            self.blocks.pop();
            self.push(event, at..at)?;
        }
        match self.blocks.last() {
            Some(top) if top.column == column && top.is_map != is_dash => Some(()),
            _ => None,
        }
    }

    fn start_document(&mut self, column: usize, at: usize, is_dash: bool) -> Option<()> {
        if column != 0 || is_dash || self.tokens.len() > 1 {
            return None;
        }
        self.push(Event::DocumentStart(false), at..at)?;
        self.open(0, at, false, false)
    }

    fn open(&mut self, column: usize, at: usize, is_dash: bool, indentless: bool) -> Option<()> {
        let event = if is_dash {
            Event::SequenceStart(0, None)
        } else {
            Event::MappingStart(0, None)
        };
        self.push(event, at..at)?;
        // Deeper nesting is saphyr's to report (`limits::MAX_DEPTH`).
        if self.blocks.len() >= crate::limits::MAX_DEPTH {
            return None;
        }
        if indentless {
            self.unplaced_sequence = Some(self.tokens.len() - 1);
        }
        self.blocks.push(Block {
            column,
            is_map: !is_dash,
            indentless,
        });
        Some(())
    }

    /// `- …`: an empty item, a compact mapping, or a scalar.
    fn sequence_item(&mut self, dash: usize, line: Line) -> Option<()> {
        let column = dash - line.start;
        let after = &self.text[dash + 1..line.end];
        let at = dash + 1 + (after.len() - after.trim_start_matches(' ').len());
        let rest = &self.text[at..line.end];
        let empty = rest.is_empty() || rest.starts_with('#');
        if let Some(index) = self.unplaced_sequence.take() {
            self.place(index, if empty { line.end } else { at })?;
        }
        if empty {
            self.pending = Some(Pending {
                empty_at: line.end,
                column,
                is_key: false,
            });
            return Some(());
        }
        if rest == "-" || rest.starts_with("- ") {
            return None;
        }
        if self.key_end(at, line).is_some() {
            self.open(at - line.start, at, false, false)?;
            return self.mapping_entry(at, line);
        }
        self.value(at, line, column)
    }

    /// `key: value`, `key:` (a value on the next lines, or empty).
    fn mapping_entry(&mut self, at: usize, line: Line) -> Option<()> {
        let column = at - line.start;
        let (key, colon) = self.key_end(at, line)?;
        self.push_scalar_at(at, key)?;
        let after = &self.text[colon + 1..line.end];
        let value_at = colon + 1 + (after.len() - after.trim_start_matches(' ').len());
        let rest = &self.text[value_at..line.end];
        if rest.is_empty() || rest.starts_with('#') {
            self.pending = Some(Pending {
                empty_at: colon,
                column,
                is_key: true,
            });
            return Some(());
        }
        self.value(value_at, line, column)
    }

    /// A key at `at`: its scalar (end and style) and the offset of its colon.
    fn key_end(&self, at: usize, line: Line) -> Option<(ScalarEnd<'a>, usize)> {
        let scalar = self.flow_scalar(at, line)?;
        let after = &self.text[scalar.raw_end..line.end];
        let colon = scalar.raw_end + (after.len() - after.trim_start_matches(' ').len());
        let bytes = self.text.as_bytes();
        let is_colon = bytes.get(colon) == Some(&b':')
            && (colon + 1 == line.end || bytes[colon + 1] == b' ')
            && scalar.stop == Stop::Colon;
        // An implicit key is at most 1024 characters long.
        (is_colon && scalar.raw_end - at <= 1000).then_some((scalar, colon))
    }

    /// A value scalar at `at`, owned by a key or dash at `column`.
    fn value(&mut self, at: usize, line: Line, column: usize) -> Option<()> {
        if self.text[at..].starts_with('|') {
            return self.literal(at, line, column);
        }
        let scalar = self.flow_scalar(at, line)?;
        if scalar.stop == Stop::Colon {
            return None;
        }
        self.push_scalar_at(at, scalar)
    }

    /// A plain or quoted scalar on one line, and what follows it.
    fn flow_scalar(&self, at: usize, line: Line) -> Option<ScalarEnd<'a>> {
        let all: &'a str = self.text;
        let text = &all[at..line.end];
        let first = *text.as_bytes().first()?;
        let (end, style, value) = match first {
            b'\'' => {
                let len = single_quoted_len(text)?;
                let body = &text[1..len - 1];
                let value = if body.contains("''") {
                    Cow::Owned(body.replace("''", "'"))
                } else {
                    Cow::Borrowed(body)
                };
                (at + len, ScalarStyle::SingleQuoted, value)
            }
            b'"' => {
                let close = bytesearch::find2(b'"', b'\\', &text.as_bytes()[1..])?;
                if text.as_bytes()[1 + close] == b'\\' {
                    return None;
                }
                (
                    at + close + 2,
                    ScalarStyle::DoubleQuoted,
                    Cow::Borrowed(&text[1..1 + close]),
                )
            }
            _ if starts_plain(text) => {
                let len = plain_len(text);
                let value = &text[..len];
                (at + len, ScalarStyle::Plain, Cow::Borrowed(value))
            }
            _ => return None,
        };
        let stop = self.stop_after(end, line)?;
        let after = &self.text[end..line.end];
        let blanks = after.len() - after.trim_start_matches(' ').len();
        // saphyr's span of a quoted scalar runs on over the blanks and a comment after it.
        let raw_end = match style {
            ScalarStyle::Plain => end,
            _ if after[blanks..].starts_with('#') => line.end,
            _ => end + blanks,
        };
        Some(ScalarEnd {
            raw_end,
            style,
            value,
            stop,
        })
    }

    /// What may follow a scalar on its line: nothing, a comment, or a key's colon.
    fn stop_after(&self, end: usize, line: Line) -> Option<Stop> {
        let after = &self.text[end..line.end];
        let rest = after.trim_start_matches(' ');
        let spaced = rest.len() < after.len();
        if rest.is_empty() || (rest.starts_with('#') && spaced) {
            Some(Stop::LineEnd)
        } else if rest == ":" || rest.starts_with(": ") {
            Some(Stop::Colon)
        } else {
            None
        }
    }

    fn push_scalar_at(&mut self, at: usize, scalar: ScalarEnd<'a>) -> Option<()> {
        self.scalar(scalar.value, scalar.style, at..scalar.raw_end)
    }

    /// A literal block scalar (`|`, `|-`, `|+`) whose header is at `at`.
    fn literal(&mut self, at: usize, header: Line, column: usize) -> Option<()> {
        let indicators = &self.text[at + 1..header.end];
        let (chomp, rest) = match indicators.as_bytes().first() {
            Some(b'-') => (Chomp::Strip, &indicators[1..]),
            Some(b'+') => (Chomp::Keep, &indicators[1..]),
            _ => (Chomp::Clip, indicators),
        };
        let trimmed = rest.trim_start_matches(' ');
        let header_ok =
            trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len());
        if !header_ok {
            return None;
        }
        let body = self.literal_body(column)?;
        let mut value = body.lines.join("\n");
        match chomp {
            Chomp::Strip => {}
            Chomp::Clip => value.push('\n'),
            Chomp::Keep if body.ends_at_eof => return None,
            Chomp::Keep => value.push_str(&"\n".repeat(1 + body.trailing_empty)),
        }
        self.scalar(
            Cow::Owned(value),
            ScalarStyle::Literal,
            body.content_start..body.end,
        )
    }

    /// The lines of a literal block scalar after its header, owned by a key or dash at
    /// `column`: consumed through its trailing empty lines.
    fn literal_body(&mut self, column: usize) -> Option<LiteralBody<'a>> {
        let all: &'a str = self.text;
        let first = self.read_line()?;
        let first_text = &all[first.start..first.end];
        let indent = first_text.len() - first_text.trim_start_matches(' ').len();
        if indent <= column || indent == first_text.len() {
            return None;
        }
        let mut body = LiteralBody {
            content_start: first.start + indent,
            lines: vec![&first_text[indent..]],
            trailing_empty: 0,
            end: first.next,
            ends_at_eof: first.end == first.next,
        };
        loop {
            let mark = self.next_line;
            let Some(line) = self.read_line() else { break };
            let text = &all[line.start..line.end];
            let spaces = text.len() - text.trim_start_matches(' ').len();
            if spaces == text.len() {
                // Blank lines with extra spaces, or without a line break, are subtle.
                if spaces > indent || line.end == line.next {
                    return None;
                }
                body.trailing_empty += 1;
            } else if spaces >= indent {
                body.lines
                    .extend(std::iter::repeat_n("", body.trailing_empty));
                body.trailing_empty = 0;
                body.lines.push(&text[indent..]);
                body.ends_at_eof = line.end == line.next;
            } else {
                // saphyr's span runs to the first character of the line after.
                body.end = line.start + spaces;
                self.next_line = mark;
                break;
            }
            body.end = line.next;
        }
        Some(body)
    }

    /// The empty (null) value of a key or dash with nothing after it.
    fn empty_value(&mut self, pending: &Pending) -> Option<()> {
        let at = pending.empty_at;
        self.scalar(Cow::Borrowed(""), ScalarStyle::Plain, at..at)
    }

    fn scalar(&mut self, value: Cow<'a, str>, style: ScalarStyle, raw: Span) -> Option<()> {
        self.push(Event::Scalar(value, style, 0, None), raw)
    }

    /// Marks the token at `index` (an indentless sequence's start) at `at`.
    fn place(&mut self, index: usize, at: usize) -> Option<()> {
        let token = &mut self.tokens[index];
        token.raw = at..at;
        token.exact = exact_span(self.text, &token.event, at..at)?;
        Some(())
    }

    fn push(&mut self, event: Event<'a>, raw: Span) -> Option<()> {
        let exact = exact_span(self.text, &event, raw.clone())?;
        self.tokens.push(Token { event, raw, exact });
        Some(())
    }

    fn finish(mut self) -> Option<Vec<Token<'a>>> {
        let end = self.text.len();
        if self.blocks.is_empty() {
            return None;
        }
        if let Some(pending) = self.pending.take() {
            self.empty_value(&pending)?;
        }
        while let Some(block) = self.blocks.pop() {
            let event = if block.is_map {
                Event::MappingEnd
            } else {
                Event::SequenceEnd
            };
            self.push(event, end..end)?;
        }
        self.push(Event::DocumentEnd, end..end)?;
        self.push(Event::StreamEnd, end..end)?;
        super::events::chomp_final_block(self.text, &mut self.tokens);
        Some(self.tokens)
    }
}

struct ScalarEnd<'a> {
    /// Where saphyr's span of the scalar ends.
    raw_end: usize,
    style: ScalarStyle,
    value: Cow<'a, str>,
    stop: Stop,
}

#[derive(PartialEq)]
enum Stop {
    LineEnd,
    Colon,
}

enum Chomp {
    Strip,
    Clip,
    Keep,
}

struct LiteralBody<'a> {
    content_start: usize,
    lines: Vec<&'a str>,
    trailing_empty: usize,
    /// Just past the scalar's last line break (its trailing empty lines included).
    end: usize,
    /// The last content line has no line break.
    ends_at_eof: bool,
}

/// Whether a plain scalar may start here (YAML's indicators are left to saphyr).
fn starts_plain(text: &str) -> bool {
    match text.as_bytes() {
        [b'-', next, ..] => *next != b' ',
        [first, ..] => !b"-?:,[]{}#&*!|>'\"%@`".contains(first),
        [] => false,
    }
}

/// Length of a plain scalar on one line: up to a comment or a `: `, trailing spaces off.
fn plain_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    for at in bytesearch::positions2(b':', b'#', bytes) {
        let stops = match bytes[at] {
            b':' => at + 1 == bytes.len() || bytes[at + 1] == b' ',
            _ => bytes[at - 1] == b' ',
        };
        if stops {
            end = at;
            break;
        }
    }
    text[..end].trim_end_matches(' ').len()
}

/// Length of a single-quoted scalar on one line, quotes included.
fn single_quoted_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 1;
    loop {
        let quote = at + bytesearch::find(b'\'', &bytes[at..])?;
        if bytes.get(quote + 1) == Some(&b'\'') {
            at = quote + 2;
        } else {
            return Some(quote + 1);
        }
    }
}

#[cfg(test)]
mod tests;
