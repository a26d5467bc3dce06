//! Byte-exact places in the source: saphyr's spans count characters and are loose around
//! node properties, quotes and block scalar headers; these helpers tighten them, and find
//! comments (which saphyr does not report).

use std::cell::OnceCell;

use saphyr_parser::{Marker, ScalarStyle};

use crate::store::edit::LineIndex;
use crate::tree::Span;

/// The source text with a table from saphyr's character indices to byte offsets, and
/// (built when first asked for) where its lines start.
pub struct Source<'a> {
    pub text: &'a str,
    /// Byte offset of each character; `None` for ASCII text, where they are equal.
    char_starts: Option<Vec<usize>>,
    lines: OnceCell<LineIndex>,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Self {
        // In ASCII text character indices are byte offsets: no table needed.
        let char_starts = (!text.is_ascii()).then(|| {
            let mut table: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            table.push(text.len());
            table
        });
        Source {
            text,
            char_starts,
            lines: OnceCell::new(),
        }
    }

    /// The byte offset of a saphyr marker.
    pub fn byte(&self, marker: &Marker) -> usize {
        match &self.char_starts {
            Some(table) => table
                .get(marker.index())
                .copied()
                .unwrap_or(self.text.len()),
            None => marker.index().min(self.text.len()),
        }
    }

    /// YAML's lines: a lone CR ends one too.
    fn lines(&self) -> &LineIndex {
        self.lines
            .get_or_init(|| LineIndex::new(self.text.as_bytes(), true))
    }

    pub fn line_start(&self, offset: usize) -> usize {
        self.lines().line_start(offset)
    }

    /// The byte column of `offset` on its line.
    pub fn column(&self, offset: usize) -> usize {
        self.lines().column(offset)
    }

    /// The end of the line holding `offset`, before its line break (LF, CRLF or CR).
    pub fn line_end(&self, offset: usize) -> usize {
        let rest = &self.text.as_bytes()[offset..];
        crate::bytesearch::find2(b'\n', b'\r', rest).map_or(self.text.len(), |i| offset + i)
    }

    pub fn line_number(&self, offset: usize) -> usize {
        self.lines().line(offset)
    }

    /// Whether only spaces and tabs precede `offset` on its line.
    pub fn starts_line(&self, offset: usize) -> bool {
        self.text[self.line_start(offset)..offset]
            .bytes()
            .all(|b| b == b' ' || b == b'\t')
    }

    /// The file's line break: CRLF if its first line ends with one.
    pub fn line_break(&self) -> &'static str {
        match self.text.find('\n') {
            Some(i) if i > 0 && self.text.as_bytes()[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        }
    }
}

/// Skips node properties (`&anchor`, `!tag`) and the blanks after them.
pub fn skip_properties(text: &str, mut at: usize) -> usize {
    loop {
        at += blank_len(&text[at..]);
        let rest = &text[at..];
        if rest.starts_with("!<") {
            at += rest.find('>').map_or(rest.len(), |i| i + 1);
        } else if rest.starts_with(['&', '!']) {
            at += rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        } else {
            return at;
        }
    }
}

/// Length of the spaces, tabs and line breaks at the start of `text`.
fn blank_len(text: &str) -> usize {
    text.find(|c: char| !matches!(c, ' ' | '\t' | '\r' | '\n'))
        .unwrap_or(text.len())
}

/// The exact span of a scalar whose saphyr span is `raw`, or `None` when the text does
/// not look as expected (the caller then refuses the file).
pub fn scalar_span(text: &str, raw: Span, style: ScalarStyle) -> Option<Span> {
    match style {
        ScalarStyle::Plain => plain_span(text, raw),
        ScalarStyle::SingleQuoted => {
            let start = skip_properties(text, raw.start);
            single_quoted_end(&text[start..]).map(|len| start..start + len)
        }
        ScalarStyle::DoubleQuoted => {
            let start = skip_properties(text, raw.start);
            double_quoted_end(&text[start..]).map(|len| start..start + len)
        }
        ScalarStyle::Literal | ScalarStyle::Folded => block_span(text, raw),
    }
}

fn plain_span(text: &str, raw: Span) -> Option<Span> {
    if raw.is_empty() {
        // An empty value: saphyr points at the `:`; the value sits right after it.
        let at = if text[raw.start..].starts_with(':') {
            raw.start + 1
        } else {
            raw.start
        };
        return Some(at..at);
    }
    let start = skip_properties(text, raw.start);
    if text[start..].starts_with(['}', ']', ',']) {
        // An empty value in a flow collection (`{a, b}`, `{a: 1, b: }`): saphyr's span runs
        // from the next indicator on; no plain scalar starts with one, so the value is empty
        // and sits right before it.
        return Some(start..start);
    }
    let end = start.max(raw.start + text[raw.start..raw.end].trim_end().len());
    Some(start..end)
}

/// Length of a single-quoted scalar at the start of `text`, quotes included.
fn single_quoted_end(text: &str) -> Option<usize> {
    let body = text.strip_prefix('\'')?;
    let mut i = 0;
    while let Some(found) = body[i..].find('\'') {
        let quote = i + found;
        if body[quote + 1..].starts_with('\'') {
            i = quote + 2;
        } else {
            return Some(quote + 2);
        }
    }
    None
}

/// Length of a double-quoted scalar at the start of `text`, quotes included.
fn double_quoted_end(text: &str) -> Option<usize> {
    let body = text.strip_prefix('"')?;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(i + 2),
            _ => {}
        }
    }
    None
}

/// A block scalar from its `|`/`>` indicator to its last content character. saphyr's
/// span starts at the content and runs through the final line breaks.
fn block_span(text: &str, raw: Span) -> Option<Span> {
    let header = header_line_start(text, raw.start);
    let line = &text[header..text[header..].find('\n').map_or(text.len(), |i| header + i)];
    let comment = comment_start_in_line(line).unwrap_or(line.len());
    let indicator = header + line[..comment].rfind(['|', '>'])?;
    let header_end = header + line.trim_end_matches('\r').len();
    let body_end = raw.end.max(header_end);
    let last_char = text[header_end..body_end].rfind(|c: char| !c.is_whitespace());
    // The span ends with its last content line, trailing spaces included (they are content).
    let end = last_char.map_or(header_end, |i| {
        let from = header_end + i;
        text[from..body_end]
            .find(['\r', '\n'])
            .map_or(body_end, |j| from + j)
    });
    Some(indicator..end)
}

/// The start of the header line of a block scalar whose content starts at `content`:
/// the nearest line before it that is not blank.
fn header_line_start(text: &str, content: usize) -> usize {
    let mut line_start = text[..content].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..content].trim().is_empty() {
        return line_start;
    }
    while line_start > 0 {
        let prev = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
        line_start = prev;
        if !text[prev..].lines().next().unwrap_or("").trim().is_empty() {
            break;
        }
    }
    line_start
}

/// Where a `#` comment starts in one line of text outside scalars.
fn comment_start_in_line(line: &str) -> Option<usize> {
    line.char_indices()
        .find(|&(i, c)| c == '#' && (i == 0 || line[..i].ends_with([' ', '\t'])))
        .map(|(i, _)| i)
}

/// Every comment of the text, as the span from `#` to the end of its line, skipping the
/// `opaque` spans (scalars), which must be sorted.
pub fn find_comments(source: &Source, opaque: &[Span]) -> Vec<Span> {
    let text = source.text;
    let mut comments = Vec::new();
    let mut spans = opaque.iter().peekable();
    let mut at = 0;
    while let Some(found) = text[at..].find('#') {
        let hash = at + found;
        while spans.next_if(|s| s.end <= hash).is_some() {}
        let inside = spans.peek().is_some_and(|s| s.start <= hash);
        let after_blank =
            hash == 0 || matches!(text.as_bytes()[hash - 1], b' ' | b'\t' | b'\n' | b'\r');
        if inside || !after_blank {
            at = hash + 1;
            continue;
        }
        let end = source.line_end(hash);
        comments.push(hash..end);
        at = end;
    }
    comments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_scalars_end_at_their_closing_quote() {
        assert_eq!(single_quoted_end("'it''s'  # c"), Some(7));
        assert_eq!(double_quoted_end(r#""a\"b" "#), Some(6));
        assert_eq!(double_quoted_end("\"open"), None);
    }

    #[test]
    fn properties_are_skipped() {
        assert_eq!(skip_properties("&a !!str x", 0), 9);
        assert_eq!(skip_properties("!<tag:x> y", 0), 9);
    }

    #[test]
    fn comments_outside_scalars_are_found() {
        let text = "a: 1 # c\nb: 'x # y'\n#d\nc: a#b\n";
        let source = Source::new(text);
        let quoted = Span { start: 12, end: 19 };
        let found: Vec<&str> = find_comments(&source, std::slice::from_ref(&quoted))
            .into_iter()
            .map(|s| &text[s])
            .collect();
        assert_eq!(found, ["# c", "#d"]);
    }
}
