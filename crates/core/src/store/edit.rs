//! Helpers the text stores share to turn `Changes` into byte edits.

use std::collections::HashSet;

use super::{Changes, Parsed, Replacement, StoreError};
use crate::tree::{Entry, Leaf, Node, Span, entries_for_each_leaf};

/// A byte range of the source and the bytes that replace it.
pub(super) type Edit = (Span, Vec<u8>);

/// The edits for the changed leaves and replaced subtrees. `text_for` renders one leaf's
/// replacement; leaves inside a replaced subtree are skipped.
pub(super) fn leaf_edits(
    parsed: &Parsed,
    changes: &Changes,
    mut text_for: impl FnMut(&Leaf, &Replacement) -> Result<Vec<u8>, StoreError>,
) -> Result<Vec<Edit>, StoreError> {
    let mut edits: Vec<Edit> = changes
        .subtrees
        .iter()
        .map(|(span, text)| (span.clone(), text.clone().into_bytes()))
        .collect();
    let subtrees = Covering::new(changes.subtrees.iter().map(|(span, _)| span));
    for leaf in leaves(parsed) {
        let Some(Some(replacement)) = changes.leaves.get(leaf.id) else {
            continue;
        };
        if subtrees.covers(&leaf.span) {
            continue;
        }
        edits.push((leaf.span.clone(), text_for(leaf, replacement)?));
    }
    Ok(edits)
}

/// Every leaf of every document, in document order.
pub(super) fn leaves(parsed: &Parsed) -> Vec<&Leaf> {
    let mut all = Vec::new();
    for doc in &parsed.docs {
        entries_for_each_leaf(&doc.entries, &mut |leaf| all.push(leaf));
    }
    all
}

/// A line of the file, without its `\n`.
#[derive(Clone)]
pub(super) struct Line {
    pub(super) span: Span,
    /// Where the next line starts.
    pub(super) next: usize,
}

pub(super) fn lines(text: &str) -> impl Iterator<Item = Line> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        (start < text.len()).then(|| {
            let end = text[start..].find('\n').map_or(text.len(), |p| start + p);
            let line = Line {
                span: start..end,
                next: (end + 1).min(text.len()),
            };
            start = end + 1;
            line
        })
    })
}

/// Ids of the comment leaves (mapping and list comments).
pub(super) fn comment_ids(parsed: &Parsed) -> HashSet<usize> {
    fn visit(entries: &[Entry], ids: &mut HashSet<usize>) {
        for entry in entries {
            match entry {
                Entry::Comment(leaf) => {
                    ids.insert(leaf.id);
                }
                Entry::Pair { value, .. } => visit_node(value, ids),
            }
        }
    }
    fn visit_node(node: &Node, ids: &mut HashSet<usize>) {
        match node {
            Node::Map { entries, .. } => visit(entries, ids),
            Node::List { items, .. } => items.iter().for_each(|item| visit_node(item, ids)),
            Node::Comment(leaf) => {
                ids.insert(leaf.id);
            }
            Node::Scalar(_) | Node::Alias { .. } => {}
        }
    }
    let mut ids = HashSet::new();
    parsed
        .docs
        .iter()
        .for_each(|doc| visit(&doc.entries, &mut ids));
    ids
}

/// Spans (which may nest), asked whether any of them holds a given span in O(log n): a
/// file with many restored YAML aliases has as many subtrees as values.
pub(crate) struct Covering {
    starts: Vec<usize>,
    /// The furthest end of the spans up to each one, in order of start.
    reach: Vec<usize>,
}

impl Covering {
    pub(crate) fn new<'s>(spans: impl Iterator<Item = &'s Span>) -> Covering {
        let mut spans: Vec<&Span> = spans.collect();
        spans.sort_by_key(|span| span.start);
        let starts = spans.iter().map(|span| span.start).collect();
        let reach = spans
            .iter()
            .scan(0, |reach, span| {
                *reach = span.end.max(*reach);
                Some(*reach)
            })
            .collect();
        Covering { starts, reach }
    }

    /// Whether some span holds all of `inner`.
    pub(crate) fn covers(&self, inner: &Span) -> bool {
        let before = self.starts.partition_point(|&start| start <= inner.start);
        before > 0 && self.reach[before - 1] >= inner.end
    }
}

/// Where every line starts, so that the column or line of any offset is a binary search
/// rather than a scan back to the line's start (which made one-line documents quadratic).
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Lines end at `\n`; with `lone_cr`, also at a CR not followed by LF (YAML's rule).
    pub(crate) fn new(src: &[u8], lone_cr: bool) -> LineIndex {
        let mut starts = vec![0];
        if lone_cr {
            starts.extend(
                crate::bytesearch::positions2(b'\n', b'\r', src)
                    .filter(|&at| src[at] == b'\n' || src.get(at + 1) != Some(&b'\n'))
                    .map(|at| at + 1),
            );
        } else {
            starts.extend(crate::bytesearch::positions(b'\n', src).map(|at| at + 1));
        }
        LineIndex { starts }
    }

    /// The 0-based number of the line holding `offset`.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// Where the line holding `offset` starts.
    pub(crate) fn line_start(&self, offset: usize) -> usize {
        self.starts[self.line(offset)]
    }

    /// The byte column of `offset` on its line.
    pub(crate) fn column(&self, offset: usize) -> usize {
        offset - self.line_start(offset)
    }
}

/// Byte column of `offset` in its line.
pub(super) fn column(src: &[u8], offset: usize) -> usize {
    offset
        - src[..offset]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
}

/// The file's line break: CRLF when its first line ends so, else LF. A file of one line
/// ending in a CR is a CRLF file missing its LF: a block added after it then reads back
/// with the same line break it was written with.
pub(super) fn line_break(src: &[u8]) -> &'static str {
    match src.iter().position(|&b| b == b'\n') {
        Some(p) if p > 0 && src[p - 1] == b'\r' => "\r\n",
        None if src.ends_with(b"\r") => "\r\n",
        _ => "\n",
    }
}

/// Edits for a metadata block of whole lines. `None` removes the old spans; `Some` writes
/// the lines in place of the first old span (removing the others), or at the end of the
/// file. A file without a final line break gets one before the block and none after it,
/// so that removing the block gives the file back.
pub(super) fn line_block_edits(
    src: &[u8],
    old: &[Span],
    lines: Option<Vec<String>>,
    nl: &str,
) -> Vec<Edit> {
    let mut edits: Vec<Edit> = old.iter().map(|span| (span.clone(), Vec::new())).collect();
    let Some(lines) = lines else { return edits };
    let body = lines.join(nl);
    let (place, unterminated) = match old.first() {
        Some(span) => (span.clone(), !src[..span.end].ends_with(b"\n")),
        None => (
            src.len()..src.len(),
            !src.is_empty() && !src.ends_with(b"\n"),
        ),
    };
    let text = if unterminated {
        format!("{nl}{body}")
    } else {
        format!("{body}{nl}")
    };
    match edits.first_mut() {
        Some(first) => first.1 = text.into_bytes(),
        None => edits.push((place, text.into_bytes())),
    }
    edits
}

/// Widens a metadata span that ends the file without a final line break over the line
/// break `line_block_edits` put before it.
pub(super) fn take_added_break(src: &[u8], span: Span, nl: &str) -> Span {
    let added = span.end == src.len()
        && !src.ends_with(b"\n")
        && src[..span.start].ends_with(nl.as_bytes());
    if added {
        span.start - nl.len()..span.end
    } else {
        span
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covering_finds_a_span_holding_another() {
        let spans = [10..20, 0..5, 12..30, 40..41];
        let covering = Covering::new(spans.iter());
        assert!(covering.covers(&(1..5)));
        assert!(covering.covers(&(15..25)), "held by 12..30, not 10..20");
        assert!(covering.covers(&(40..41)));
        assert!(!covering.covers(&(4..6)));
        assert!(!covering.covers(&(31..35)));
        assert!(!Covering::new([].iter()).covers(&(0..0)));
    }

    #[test]
    fn line_index_finds_lines_and_columns() {
        let src = b"ab\ncd\r\nef\rgh";
        let lf = LineIndex::new(src, false);
        assert_eq!((lf.line(0), lf.column(1)), (0, 1));
        assert_eq!((lf.line(3), lf.column(4)), (1, 1));
        assert_eq!(
            (lf.line(6), lf.line_start(6)),
            (1, 3),
            "a CRLF's LF ends its line"
        );
        assert_eq!(
            (lf.line(12), lf.column(12)),
            (2, 5),
            "a lone CR is no break"
        );
        let cr = LineIndex::new(src, true);
        assert_eq!((cr.line(5), cr.line(6)), (1, 1));
        assert_eq!((cr.line(9), cr.line(10), cr.column(12)), (2, 3, 2));
        assert_eq!(cr.line(src.len()), 3);
    }
}
