//! Writing a merge into ours's plaintext, so that everything theirs did not change keeps
//! ours's bytes (layout, comments, spelling).
//!
//! [`faithful`] splices theirs's own text in: a changed value's spelling, and a key theirs
//! added as the lines (or the comma-separated item) theirs wrote, with the comments just
//! above it, after the key that precedes it in theirs (else before the one that follows
//! it). Removals go through the store's `unset`; what cannot be spliced (a value that
//! changed kind, a key added to an empty mapping) through its `set`. [`plain`] does
//! everything through `set` and `unset` (new keys at the end of their mapping), for when
//! the faithful text does not read back as the merged values. The caller checks either.

use super::values::{Op, Value};
use crate::path::Step;
use crate::store::{Format, Parsed, Store, StoreError, StoreErrorKind, splice};
use crate::tree::{Document, Entry, Node, Scalar, Span};

/// Theirs's plaintext, parsed.
pub struct Theirs<'a> {
    pub src: &'a [u8],
    pub parsed: &'a Parsed,
}

/// An operation of one document.
pub type DocOp = (usize, Op);

/// Ours's plaintext with the operations applied, theirs's text spliced in where it fits.
pub fn faithful(
    store: &dyn Store,
    format: Format,
    (ours, parsed): (&[u8], &Parsed),
    theirs: &Theirs,
    ops: &[DocOp],
    merged: &[Value],
) -> Result<Vec<u8>, StoreError> {
    let mut edits: Vec<(Span, Vec<u8>)> = Vec::new();
    let mut through_set: Vec<&DocOp> = Vec::new();
    for doc_op in ops {
        let (doc, op) = doc_op;
        let ours_node = locate(&parsed.docs, *doc, op.path());
        match op {
            Op::Take(path) => {
                let theirs_node = locate(&theirs.parsed.docs, *doc, path);
                match replacement(store, ours, ours_node, theirs, theirs_node)? {
                    Some(edit) => edits.push(edit),
                    None => through_set.push(doc_op),
                }
            }
            Op::Conflict {
                text,
                present: true,
                ..
            } => match ours_node {
                Some(Node::Scalar(leaf)) => {
                    let written = store.plain_text(leaf, &Scalar::Str(text.clone()))?;
                    edits.push((leaf.span.clone(), written.into_bytes()));
                }
                _ => through_set.push(doc_op),
            },
            _ => {}
        }
    }
    let mut src = splice(ours, edits);

    for (doc, op) in ops {
        if let Op::Remove(path) = op {
            first_document_only(*doc)?;
            src = store.unset(&src, &store.parse(&src)?, path)?;
        }
    }

    let adds = ops.iter().any(|(_, op)| matches!(op, Op::Add(_)));
    let parsed = if adds {
        store.parse(&src)?
    } else {
        Parsed::default()
    };
    let mut inserts: Vec<(usize, Vec<u8>)> = Vec::new();
    for doc_op in ops {
        let (doc, op) = doc_op;
        if let Op::Add(path) = op {
            match insertion(format, &src, &parsed, theirs, *doc, path) {
                Some(insert) => inserts.push(insert),
                None => through_set.push(doc_op),
            }
        }
        if let Op::Conflict { present: false, .. } = op {
            through_set.push(doc_op);
        }
    }
    // Several keys added after the same one go in theirs's order: a stable sort.
    inserts.sort_by_key(|(offset, _)| *offset);
    let inserts = inserts
        .into_iter()
        .map(|(at, text)| (at..at, text))
        .collect();
    src = splice(&src, inserts);

    for (doc, op) in through_set {
        src = set(store, &src, *doc, op, merged)?;
    }
    Ok(src)
}

/// Ours's plaintext with every operation done through the store's `set` and `unset`.
pub fn plain(
    store: &dyn Store,
    ours: &[u8],
    ops: &[DocOp],
    merged: &[Value],
) -> Result<Vec<u8>, StoreError> {
    let mut src = ours.to_vec();
    for (doc, op) in ops {
        src = match op {
            Op::Remove(path) => {
                first_document_only(*doc)?;
                store.unset(&src, &store.parse(&src)?, path)?
            }
            other => set(store, &src, *doc, other, merged)?,
        };
    }
    Ok(src)
}

/// `src` with the value of `op`'s path set to its merged value (a conflict: its text).
fn set(
    store: &dyn Store,
    src: &[u8],
    doc: usize,
    op: &Op,
    merged: &[Value],
) -> Result<Vec<u8>, StoreError> {
    first_document_only(doc)?;
    let value = match op {
        Op::Conflict { text, .. } => serde_json::Value::String(text.clone()),
        other => merged
            .get(doc)
            .and_then(|d| d.at(other.path()))
            .map(Value::to_json)
            .ok_or_else(|| not_exact("a merged value went missing"))?,
    };
    if op.path().is_empty() {
        return Err(not_exact("the whole document changed"));
    }
    store.set(src, &store.parse(src)?, op.path(), &value)
}

/// The stores' `set` and `unset` reach the first document only.
fn first_document_only(doc: usize) -> Result<(), StoreError> {
    if doc == 0 {
        Ok(())
    } else {
        Err(not_exact(
            "keys were added or removed in a YAML document after the first",
        ))
    }
}

fn not_exact(message: &str) -> StoreError {
    StoreError::new(StoreErrorKind::NotExact, message)
}

/// The edit that gives ours's node theirs's value, in theirs's text where that text fits
/// where ours's node is; `None` when only `set` can do it (the value changed kind).
fn replacement(
    store: &dyn Store,
    ours: &[u8],
    ours_node: Option<&Node>,
    theirs: &Theirs,
    theirs_node: Option<&Node>,
) -> Result<Option<(Span, Vec<u8>)>, StoreError> {
    let (Some(ours_node), Some(theirs_node)) = (ours_node, theirs_node) else {
        return Ok(None);
    };
    Ok(match (ours_node, theirs_node) {
        (Node::Scalar(mine), Node::Scalar(yours)) => {
            let text = &theirs.src[yours.span.clone()];
            let fits = mine.in_flow == yours.in_flow
                && (!text.contains(&b'\n') || mine.indent == yours.indent);
            let text = if fits {
                text.to_vec()
            } else {
                store.plain_text(mine, &yours.value)?.into_bytes()
            };
            Some((mine.span.clone(), text))
        }
        (Node::Map { span: mine, .. }, Node::Map { span: yours, .. })
        | (Node::List { span: mine, .. }, Node::List { span: yours, .. })
            if ours.get(mine.start) == theirs.src.get(yours.start)
                && column(ours, mine.start) == column(theirs.src, yours.start) =>
        {
            Some((mine.clone(), theirs.src[yours.clone()].to_vec()))
        }
        _ => None,
    })
}

/// The node at `path` of document `doc`; `None` past an alias (its text is elsewhere).
fn locate<'a>(docs: &'a [Document], doc: usize, path: &[Step]) -> Option<&'a Node> {
    let (first, rest) = path.split_first()?;
    let Step::Key(key) = first else { return None };
    let mut node = pair(&docs.get(doc)?.entries, key)?.1;
    for step in rest {
        node = match (node, step) {
            (Node::Map { entries, .. }, Step::Key(key)) => pair(entries, key)?.1,
            (Node::List { items, .. }, Step::Index(i)) => items
                .iter()
                .filter(|n| !matches!(n, Node::Comment(_)))
                .nth(*i)?,
            _ => return None,
        };
    }
    (!matches!(node, Node::Alias { .. })).then_some(node)
}

/// The entries of the mapping at `path` (the document itself for an empty path) and the
/// mapping's span (`None` for the document).
fn mapping<'a>(
    docs: &'a [Document],
    doc: usize,
    path: &[Step],
) -> Option<(&'a [Entry], Option<Span>)> {
    if path.is_empty() {
        return Some((&docs.get(doc)?.entries, None));
    }
    match locate(docs, doc, path)? {
        Node::Map { entries, span } => Some((entries, Some(span.clone()))),
        _ => None,
    }
}

/// The last pair with this key: its key's span and value.
fn pair<'a>(entries: &'a [Entry], wanted: &str) -> Option<(&'a Span, &'a Node)> {
    entries.iter().rev().find_map(|entry| match entry {
        Entry::Pair {
            key,
            key_span,
            value,
        } if key == wanted => Some((key_span, value)),
        _ => None,
    })
}

fn pairs(entries: &[Entry]) -> impl DoubleEndedIterator<Item = (&str, &Span, &Node)> {
    entries.iter().filter_map(|entry| match entry {
        Entry::Pair {
            key,
            key_span,
            value,
        } => Some((key.as_str(), key_span, value)),
        Entry::Comment(_) => None,
    })
}

fn node_end(node: &Node) -> usize {
    match node {
        Node::Map { span, .. } | Node::List { span, .. } | Node::Alias { span, .. } => span.end,
        Node::Scalar(leaf) | Node::Comment(leaf) => leaf.span.end,
    }
}

/// Where and what to insert into ours so that it holds the key theirs added at `path`,
/// placed as theirs placed it; `None` when no neighbour tells where.
fn insertion(
    format: Format,
    ours: &[u8],
    ours_parsed: &Parsed,
    theirs: &Theirs,
    doc: usize,
    path: &[Step],
) -> Option<(usize, Vec<u8>)> {
    let (Step::Key(key), parent) = path.split_last()? else {
        return None;
    };
    let (their_entries, their_span) = mapping(&theirs.parsed.docs, doc, parent)?;
    let (our_entries, our_span) = mapping(&ours_parsed.docs, doc, parent)?;
    let index = their_entries
        .iter()
        .rposition(|e| matches!(e, Entry::Pair { key: k, .. } if k == key))?;
    let Entry::Pair {
        key_span: their_key,
        value: their_value,
        ..
    } = &their_entries[index]
    else {
        return None;
    };
    let flow = |src: &[u8], span: &Option<Span>| {
        format == Format::Json
            || span
                .as_ref()
                .is_some_and(|s| src.get(s.start) == Some(&b'{'))
    };
    let comma_separated = flow(theirs.src, &their_span);
    if comma_separated != flow(ours, &our_span) {
        return None;
    }
    let before = &their_entries[..index];
    let after = &their_entries[index + 1..];
    let in_ours = |k: &str| pair(our_entries, k);
    let preceding = pairs(before).rev().find_map(|(k, _, _)| in_ours(k));
    let following = pairs(after).find_map(|(k, _, _)| in_ours(k));

    if comma_separated {
        // The item with the separator theirs wrote before it (or after it, when first).
        let previous_end = pairs(before).next_back().map(|(_, _, n)| node_end(n));
        let next_start = pairs(after).next().map(|(_, span, _)| span.start);
        if let (Some((_, node)), Some(from)) = (preceding, previous_end) {
            let text = theirs.src.get(from..node_end(their_value))?;
            return Some((node_end(node), text.to_vec()));
        }
        if let (Some((span, _)), Some(to)) = (following, next_start) {
            let text = theirs.src.get(their_key.start..to)?;
            return Some((span.start, text.to_vec()));
        }
        return None;
    }

    let start = line_start(theirs.src, block_start(before, their_key.start, theirs.src));
    let end = line_end(theirs.src, node_end(their_value));
    let mut text = theirs.src.get(start..end)?.to_vec();
    if !text.ends_with(b"\n") {
        text.push(b'\n');
    }
    let their_column = column(theirs.src, their_key.start);
    let (offset, our_column) = if let Some((span, node)) = preceding {
        (line_end(ours, node_end(node)), column(ours, span.start))
    } else if let Some((span, _)) = following {
        let following_index = our_entries
            .iter()
            .position(|e| matches!(e, Entry::Pair { key_span, .. } if key_span == span))?;
        let start = block_start(&our_entries[..following_index], span.start, ours);
        (line_start(ours, start), column(ours, span.start))
    } else {
        return None;
    };
    let mut text = reindent(text, our_column as isize - their_column as isize)?;
    if offset == ours.len() && !ours.is_empty() && !ours.ends_with(b"\n") {
        text.insert(0, b'\n');
    }
    Some((offset, text))
}

/// Where a key's lines start: at the comments on the lines just above it (after the
/// previous value's line), else at the key.
fn block_start(before: &[Entry], key_start: usize, src: &[u8]) -> usize {
    let previous_line_end = pairs(before)
        .next_back()
        .map_or(0, |(_, _, node)| line_end(src, node_end(node)));
    let mut start = key_start;
    for entry in before.iter().rev() {
        match entry {
            Entry::Comment(leaf)
                if leaf.span.start < start
                    && line_start(src, leaf.span.start) >= previous_line_end =>
            {
                start = leaf.span.start;
            }
            Entry::Comment(_) => {}
            Entry::Pair { .. } => break,
        }
    }
    start
}

/// `text` with `delta` spaces added to (or removed from) the start of every non-blank
/// line; `None` when a line has fewer spaces to remove.
fn reindent(text: Vec<u8>, delta: isize) -> Option<Vec<u8>> {
    if delta == 0 {
        return Some(text);
    }
    let mut out = Vec::with_capacity(text.len());
    for line in text.split_inclusive(|&b| b == b'\n') {
        let blank = line.iter().all(|b| b.is_ascii_whitespace());
        if blank {
            out.extend_from_slice(line);
        } else if delta > 0 {
            out.extend(std::iter::repeat_n(b' ', delta as usize));
            out.extend_from_slice(line);
        } else {
            let cut = delta.unsigned_abs();
            if line.len() < cut || line[..cut].iter().any(|&b| b != b' ') {
                return None;
            }
            out.extend_from_slice(&line[cut..]);
        }
    }
    Some(out)
}

/// The start of the line holding `pos`.
fn line_start(src: &[u8], pos: usize) -> usize {
    let pos = pos.min(src.len());
    src[..pos]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1)
}

/// Just past the line break that ends the line on which a range ending at `end` ends.
fn line_end(src: &[u8], end: usize) -> usize {
    let end = end.min(src.len());
    if end > 0 && src[end - 1] == b'\n' {
        return end;
    }
    src[end..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(src.len(), |p| end + p + 1)
}

/// Bytes from the start of the line to `pos`.
fn column(src: &[u8], pos: usize) -> usize {
    pos.min(src.len()) - line_start(src, pos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::merge::values::{Value, merge};

    /// Merges plaintexts of one format as the driver does, and returns the faithful text.
    fn merged(format: Format, base: &str, ours: &str, theirs: &str) -> String {
        let store = format.store();
        let docs = |text: &str| Value::documents(&store.parse(text.as_bytes()).unwrap().docs);
        let (b, o, t) = (docs(base), docs(ours), docs(theirs));
        let plan = merge(b.first(), &o[0], &t[0], 7);
        let ops: Vec<DocOp> = plan.ops.iter().cloned().map(|op| (0, op)).collect();
        let parsed = store.parse(theirs.as_bytes()).unwrap();
        let theirs = Theirs {
            src: theirs.as_bytes(),
            parsed: &parsed,
        };
        let ours_parsed = store.parse(ours.as_bytes()).unwrap();
        let out = faithful(
            store.as_ref(),
            format,
            (ours.as_bytes(), &ours_parsed),
            &theirs,
            &ops,
            std::slice::from_ref(&plan.merged),
        )
        .unwrap();
        let back = Value::documents(&store.parse(&out).unwrap().docs);
        assert!(
            back[0].same(&plan.merged),
            "{}",
            String::from_utf8_lossy(&out)
        );
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn yaml_keeps_ours_and_places_theirs_keys_where_theirs_put_them() {
        let base = "# top\na: 1\nb:\n  c: x # note\n  d: 'q'\ne: 5\n";
        let ours = "# top\na: 10 # mine\nb:\n  c: x # note\n  d: 'q'\ne: 5\n";
        let theirs = "# top\na: 1\n# about n\nn: new\nb:\n  c: x # note\n  # about m\n  m: |\n    two\n    lines\n  d: \"q2\"\n";
        assert_eq!(
            merged(Format::Yaml, base, ours, theirs),
            "# top\na: 10 # mine\n# about n\nn: new\nb:\n  c: x # note\n  # about m\n  m: |\n    two\n    lines\n  d: \"q2\"\n"
        );
    }

    #[test]
    fn yaml_reindents_a_block_to_ours_indentation() {
        let base = "a:\n    x: 1\n";
        let ours = "a:\n    x: 1\n    y: 2\n";
        let theirs = "a:\n  x: 1\n  z:\n    deep: 3\n";
        assert_eq!(
            merged(Format::Yaml, base, ours, theirs),
            "a:\n    x: 1\n    z:\n      deep: 3\n    y: 2\n"
        );
    }

    #[test]
    fn json_items_keep_their_commas() {
        let base = "{\n  \"a\": 1,\n  \"b\": 2\n}\n";
        let ours = "{\n  \"a\": 1,\n  \"b\": 3\n}\n";
        let theirs = "{\n  \"first\": 0,\n  \"a\": 1,\n  \"mid\": {\"x\": true},\n  \"b\": 2,\n  \"last\": \"z\"\n}\n";
        assert_eq!(
            merged(Format::Json, base, ours, theirs),
            "{\n  \"first\": 0,\n  \"a\": 1,\n  \"mid\": {\"x\": true},\n  \"b\": 3,\n  \"last\": \"z\"\n}\n"
        );
    }

    #[test]
    fn dotenv_and_ini_lines() {
        assert_eq!(
            merged(
                Format::Dotenv,
                "A=1\nB=2\nC=3\n",
                "A=1\nB=20\nC=3\n",
                "A=1\n# new\nN=x\nB=2\n"
            ),
            "A=1\n# new\nN=x\nB=20\n"
        );
        assert_eq!(
            merged(
                Format::Ini,
                "[s]\na = 1\n[t]\nb = 2\n",
                "[s]\na = 10\n[t]\nb = 2\n",
                "[s]\na = 1\nn = 5\n[u]\nx = y\n[t]\nb = 2\n"
            ),
            "[s]\na = 10\nn = 5\n[u]\nx = y\n[t]\nb = 2\n"
        );
    }

    #[test]
    fn a_conflict_becomes_a_multi_line_string() {
        let out = merged(
            Format::Yaml,
            "a: 1\nb: x\n",
            "a: 1\nb: mine\n",
            "a: 1\nb: yours\n",
        );
        assert!(out.contains("<<<<<<< ours"), "{out}");
        let out = merged(Format::Dotenv, "A=1\n", "A=2\n", "A=3\n");
        assert!(out.starts_with("A=<<<<<<< ours"), "{out}");
    }
}
