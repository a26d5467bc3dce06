//! Builds the document tree from the exact-span events, placing each comment in the
//! collection sops would put it in, and finds each document's `sops` entry.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

use foldhash::fast::RandomState;
use saphyr_parser::Event;

use super::aliases::{Budget, Weight};
use super::events::Token;
use super::lexical::Source;
use super::resolve::{Unresolved, resolve};
use crate::store::{StoreError, StoreErrorKind};
use crate::tree::{Entry, Leaf, Node, Scalar, Span};

/// One document with what emit needs beyond the tree.
pub struct YamlDoc {
    pub entries: Vec<Entry>,
    /// The `sops` entry: the bytes to remove to drop it, and its value.
    pub metadata: Option<(Span, Node)>,
    /// Where a metadata block is added: the document's end, or in a flow top level after
    /// its last member; `None` when there is no place (an indented block top level).
    pub append_at: Option<usize>,
    /// The bytes of a flow mapping `{…}` at the top level: the metadata goes inside.
    pub braces: Option<Span>,
}

/// Orders items and comments within a collection: (offset, 0) puts an inline comment
/// before the item starting at that offset.
type SortKey = (usize, u8);

enum Items {
    Map {
        entries: Vec<(SortKey, Entry)>,
        pending_key: Option<(String, Span)>,
        /// Hashes of the keys so far: a repeated key is found without comparing every key.
        key_hashes: HashSet<u64>,
    },
    List(Vec<(SortKey, Node)>),
    Document {
        root: Option<Node>,
        comments: Vec<Leaf>,
    },
}

struct Frame {
    items: Items,
    flow: bool,
    /// This collection or one it is inside is a flow collection.
    in_flow: bool,
    /// The size of the collection so far, as an alias of it would copy it.
    weight: Weight,
    start: usize,
    /// Column of the keys or dashes of a block collection.
    item_column: usize,
    anchor: usize,
    /// Start of the latest item (key or list item), for inline comments.
    last_item: Option<usize>,
    content_end: usize,
}

pub fn build(
    source: &Source,
    tokens: &[Token],
    comments: &[Span],
) -> Result<Vec<YamlDoc>, StoreError> {
    let mut builder = Builder {
        source,
        comments,
        next_comment: 0,
        stack: Vec::new(),
        anchors: HashMap::new(),
        docs: Vec::new(),
        key_hasher: RandomState::default(),
        budget: Budget::default(),
    };
    for token in tokens {
        builder.take(token)?;
    }
    Ok(builder.docs)
}

struct Builder<'s, 'a> {
    source: &'s Source<'a>,
    comments: &'s [Span],
    next_comment: usize,
    stack: Vec<Frame>,
    /// Each anchor's node, and its weight as an alias copies it.
    anchors: HashMap<usize, (Node, Weight)>,
    docs: Vec<YamlDoc>,
    key_hasher: RandomState,
    /// The count that refuses "billion laughs" before anything is copied.
    budget: Budget,
}

impl Builder<'_, '_> {
    fn take(&mut self, token: &Token) -> Result<(), StoreError> {
        match &token.event {
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                let is_map = matches!(token.event, Event::MappingStart(..));
                self.count_node(token)?;
                self.open(token.exact.start, *anchor, is_map);
                self.flush_comments(token.exact.start);
                return Ok(());
            }
            Event::DocumentStart(_) => {
                self.budget.start_document();
                self.count_node(token)?;
                self.stack.push(Frame {
                    items: Items::Document {
                        root: None,
                        comments: Vec::new(),
                    },
                    flow: false,
                    in_flow: false,
                    weight: Weight::default(),
                    start: token.raw.start,
                    item_column: 0,
                    anchor: 0,
                    last_item: None,
                    content_end: token.raw.start,
                });
                self.flush_comments(token.raw.start);
                return Ok(());
            }
            _ => self.flush_comments(token.raw.start),
        }
        match &token.event {
            Event::StreamEnd => self.trailing_comments(),
            Event::DocumentEnd => self.finish_document(token.raw.start)?,
            Event::MappingEnd | Event::SequenceEnd => self.close(token)?,
            Event::Scalar(text, style, anchor, tag) => {
                self.count_node(token)?;
                let weight = Weight::scalar(text.len());
                if self.expects_key() {
                    self.take_key(text, *style, tag.as_deref(), token.exact.clone())?;
                    self.stack
                        .last_mut()
                        .expect("a mapping is open")
                        .weight
                        .add(weight);
                } else {
                    let value = resolve(text, *style, tag.as_deref())
                        .map_err(|e| self.unresolved(e, token.exact.start))?;
                    // A tag goes with the value it types: an envelope must not keep it.
                    let span = with_tag(self.source.text, token, tag.is_some());
                    let leaf = self.leaf(value, span);
                    self.deliver(Node::Scalar(leaf), *anchor, token.exact.clone(), weight)?;
                }
            }
            Event::Alias(id) => {
                if self.expects_key() {
                    return Err(self.error(
                        token.exact.start,
                        StoreErrorKind::Unsupported,
                        "Tree contains a non-string key",
                    ));
                }
                let Some((target, weight)) = self.anchors.get(id) else {
                    let message = "unknown anchor";
                    return Err(self.error(token.exact.start, StoreErrorKind::Syntax, message));
                };
                let weight = *weight;
                // Counted before anything is copied: a refused bomb costs nothing.
                self.budget
                    .alias(weight)
                    .map_err(|_| self.excessive_aliasing(token.exact.start))?;
                let node = Node::Alias {
                    span: token.exact.clone(),
                    target: Box::new(without_comments(target.clone())),
                };
                self.deliver(node, 0, token.exact.clone(), Weight::alias_of(weight))?;
            }
            _ => {}
        }
        Ok(())
    }

    fn open(&mut self, start: usize, anchor: usize, is_map: bool) {
        let opener = if is_map { "{" } else { "[" };
        let items = if is_map {
            Items::Map {
                entries: Vec::new(),
                pending_key: None,
                key_hashes: HashSet::new(),
            }
        } else {
            Items::List(Vec::new())
        };
        let flow = self.source.text[start..].starts_with(opener);
        let in_flow = flow || self.stack.last().is_some_and(|f| f.in_flow);
        let mut item_column = self.source.column(start);
        if !flow && !is_map && !self.source.text[start..].starts_with('-') {
            // saphyr starts a block list whose first item is empty after that item (at the
            // end of the file, or on the next line); its items are no further right than
            // the keys of the mapping holding it, so that a comment after `- ` is the
            // list's whether or not a line break ends the file.
            if let Some(parent) = self.stack.last() {
                item_column = item_column.min(parent.item_column);
            }
        }
        self.stack.push(Frame {
            items,
            flow,
            in_flow,
            weight: Weight::COLLECTION,
            start,
            item_column,
            anchor,
            last_item: None,
            content_end: start,
        });
    }

    fn close(&mut self, token: &Token) -> Result<(), StoreError> {
        let frame = self.stack.pop().expect("a collection is open");
        let end = if frame.flow {
            token.exact.end
        } else {
            frame.content_end
        };
        let span = frame.start..end;
        let node = match frame.items {
            Items::Map { entries, .. } => Node::Map {
                entries: sorted(entries),
                span: span.clone(),
            },
            Items::List(items) => Node::List {
                items: sorted(items),
                span: span.clone(),
            },
            Items::Document { .. } => unreachable!("documents close with DocumentEnd"),
        };
        self.deliver(node, frame.anchor, span, frame.weight)
    }

    /// One node as go-yaml's decoder counts it.
    fn count_node(&mut self, token: &Token) -> Result<(), StoreError> {
        self.budget
            .node()
            .map_err(|_| self.excessive_aliasing(token.exact.start))
    }

    fn excessive_aliasing(&self, at: usize) -> StoreError {
        let message = "document contains excessive aliasing: its aliases copy far more than it \
                       holds (sops refuses it too)";
        self.error(at, StoreErrorKind::TooManyAliases, message)
    }

    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                items: Items::Map {
                    pending_key: None,
                    ..
                },
                ..
            })
        )
    }

    fn take_key(
        &mut self,
        text: &str,
        style: saphyr_parser::ScalarStyle,
        tag: Option<&saphyr_parser::Tag>,
        span: Span,
    ) -> Result<(), StoreError> {
        let non_string = || {
            self.error(
                span.start,
                StoreErrorKind::Unsupported,
                "Tree contains a non-string key",
            )
        };
        let key = match resolve(text, style, tag) {
            Ok(Scalar::Str(key)) => key,
            // `<<` is a merge key to go-yaml, and sops keeps it as a literal key.
            Ok(_) if text == "<<" => text.to_string(),
            Ok(_) | Err(Unresolved::Uint64) => return Err(non_string()),
            Err(e) => return Err(self.unresolved(e, span.start)),
        };
        let key_hash = self.key_hasher.hash_one(&key);
        let frame = self.stack.last_mut().expect("a mapping is open");
        let Items::Map {
            entries,
            pending_key,
            key_hashes,
        } = &mut frame.items
        else {
            unreachable!()
        };
        let seen_hash = !key_hashes.insert(key_hash);
        if seen_hash
            && entries
                .iter()
                .any(|(_, e)| matches!(e, Entry::Pair { key: k, .. } if *k == key))
        {
            let message = format!("mapping key \"{key}\" already defined");
            return Err(StoreError::at(
                self.source.text.as_bytes(),
                span.start,
                StoreErrorKind::Syntax,
                message,
            ));
        }
        frame.last_item = Some(span.start);
        *pending_key = Some((key, span));
        Ok(())
    }

    /// Hands a finished node, of this weight, to the collection (or document) it belongs to.
    fn deliver(
        &mut self,
        node: Node,
        anchor: usize,
        span: Span,
        weight: Weight,
    ) -> Result<(), StoreError> {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), weight));
        }
        let frame = self.stack.last_mut().expect("a document is open");
        frame.weight.add(weight);
        frame.content_end = frame.content_end.max(span.end);
        match &mut frame.items {
            Items::Map {
                entries,
                pending_key,
                ..
            } => {
                let Some((key, key_span)) = pending_key.take() else {
                    let message = "complex mapping keys are not supported";
                    return Err(StoreError::at(
                        self.source.text.as_bytes(),
                        span.start,
                        StoreErrorKind::Syntax,
                        message,
                    ));
                };
                entries.push((
                    (key_span.start, 1),
                    Entry::Pair {
                        key,
                        key_span,
                        value: node,
                    },
                ));
            }
            Items::List(items) => {
                items.push(((span.start, 1), node));
                frame.last_item = Some(span.start);
            }
            Items::Document { root, .. } => *root = Some(node),
        }
        Ok(())
    }

    fn leaf(&self, value: Scalar, span: Span) -> Leaf {
        let frame = self.stack.last().expect("a document is open");
        let indent = match &frame.items {
            Items::Map {
                pending_key: Some((_, key_span)),
                ..
            } => self.source.column(key_span.start),
            Items::List(_) if !frame.flow => frame.item_column,
            _ => self.source.column(span.start),
        };
        Leaf {
            id: 0,
            value,
            span,
            indent,
            in_flow: frame.in_flow,
        }
    }

    /// Places every comment that starts before `offset`; those before a document wait
    /// for it to start.
    fn flush_comments(&mut self, offset: usize) {
        if self.stack.is_empty() {
            return;
        }
        while let Some(span) = self
            .comments
            .get(self.next_comment)
            .filter(|c| c.start < offset)
            .cloned()
        {
            self.next_comment += 1;
            self.place_comment(span);
        }
    }

    fn place_comment(&mut self, span: Span) {
        let source = self.source;
        let text = source.text[span.start + 1..span.end].to_string();
        let (frame_index, key) = self
            .inline_owner(span.start)
            .unwrap_or_else(|| (self.own_line_owner(span.start), (span.start, 1)));
        let in_flow = self.stack[frame_index].in_flow;
        let leaf = Leaf {
            id: 0,
            value: Scalar::Str(text),
            indent: source.column(span.start),
            span,
            in_flow,
        };
        match &mut self.stack[frame_index].items {
            Items::Map { entries, .. } => entries.push((key, Entry::Comment(leaf))),
            Items::List(items) => items.push((key, Node::Comment(leaf))),
            Items::Document { comments, .. } => comments.push(leaf),
        }
    }

    /// An inline comment goes before the item on its line, in the innermost collection
    /// holding one (sops moves it above the item).
    fn inline_owner(&self, at: usize) -> Option<(usize, SortKey)> {
        if self.source.starts_line(at) {
            return None;
        }
        let line = self.source.line_number(at);
        self.stack.iter().enumerate().rev().find_map(|(i, frame)| {
            let item = frame
                .last_item
                .filter(|&p| self.source.line_number(p) == line)?;
            Some((i, (item, 0)))
        })
    }

    /// A comment on its own line belongs to the innermost open collection whose items
    /// are at or left of its column (flow collections keep what is inside them).
    fn own_line_owner(&self, at: usize) -> usize {
        let column = self.source.column(at);
        let fits = |f: &Frame| {
            f.flow || f.item_column <= column || matches!(f.items, Items::Document { .. })
        };
        self.stack
            .iter()
            .rposition(fits)
            .expect("a document is open")
    }

    fn finish_document(&mut self, end: usize) -> Result<(), StoreError> {
        let frame = self.stack.pop().expect("a document is open");
        let Items::Document { root, comments } = frame.items else {
            unreachable!("documents nest nothing else")
        };
        let (entries, top) = match root {
            None
            | Some(Node::Scalar(Leaf {
                value: Scalar::Null,
                ..
            })) => (Vec::new(), None),
            Some(Node::Map { entries, span }) => (entries, Some(span)),
            Some(other) => {
                let at = first_byte(&other);
                let message = "the top level of a YAML document must be a mapping";
                return Err(self.error(at, StoreErrorKind::Syntax, message));
            }
        };
        let braces = top
            .clone()
            .filter(|span| self.source.text[span.start..].starts_with('{'));
        let in_braces = braces.is_some();
        let mut entries = with_document_comments(entries, comments);
        let metadata = self.take_metadata(&mut entries, in_braces, top.as_ref());
        let append_at = match &top {
            _ if in_braces => Some(after_last_pair(&entries, top.as_ref())),
            Some(span) if self.source.column(span.start) != 0 => None,
            _ => Some(end),
        };
        self.docs.push(YamlDoc {
            entries,
            metadata,
            append_at,
            braces,
        });
        Ok(())
    }

    /// Comments after the last document's end (`...`): go-yaml gives them to that
    /// document, and sops encrypts them; left out, they would stay in the clear.
    fn trailing_comments(&mut self) {
        let rest = self.comments.get(self.next_comment..).unwrap_or_default();
        self.next_comment = self.comments.len();
        let Some(doc) = self.docs.last_mut() else {
            return;
        };
        for span in rest {
            let leaf = Leaf {
                id: 0,
                value: Scalar::Str(self.source.text[span.start + 1..span.end].to_string()),
                indent: self.source.column(span.start),
                span: span.clone(),
                in_flow: false,
            };
            doc.entries.push(Entry::Comment(leaf));
        }
    }

    /// Removes the `sops` entry (and comments inside its bytes) from the top level, which
    /// is the flow mapping at `top` when `in_braces`.
    fn take_metadata(
        &self,
        entries: &mut Vec<Entry>,
        in_braces: bool,
        top: Option<&Span>,
    ) -> Option<(Span, Node)> {
        let index = entries
            .iter()
            .position(|e| matches!(e, Entry::Pair { key, .. } if key == "sops"))?;
        let span = match (in_braces, top) {
            (true, Some(top)) => member_span(entries, index, top),
            _ => {
                let Entry::Pair {
                    key_span, value, ..
                } = &entries[index]
                else {
                    unreachable!()
                };
                self.metadata_span(key_span, value)
            }
        };
        let Entry::Pair { value, .. } = entries.remove(index) else {
            unreachable!()
        };
        entries.retain(|e| !matches!(e, Entry::Comment(leaf) if span.contains(&leaf.span.start)));
        Some((span, value))
    }

    /// The lines of the `sops` entry with their final line break; at the end of a file
    /// without one, the line break before the entry instead (emit writes it that way).
    fn metadata_span(&self, key_span: &Span, value: &Node) -> Span {
        let source = self.source;
        let text = source.text;
        let mut start = if source.starts_line(key_span.start) {
            source.line_start(key_span.start)
        } else {
            key_span.start
        };
        let line_end = source.line_end(last_byte(value).max(key_span.end));
        let end = match &text[line_end..] {
            rest if rest.starts_with("\r\n") => line_end + 2,
            rest if rest.starts_with('\n') => line_end + 1,
            _ => {
                start -= [("\r\n", 2), ("\n", 1), ("\r", 1)]
                    .iter()
                    .find(|(b, _)| text[..start].ends_with(b))
                    .map_or(0, |(_, n)| *n);
                line_end
            }
        };
        start..end
    }

    fn unresolved(&self, why: Unresolved, at: usize) -> StoreError {
        match why {
            Unresolved::Uint64 => self.error(
                at,
                StoreErrorKind::Unsupported,
                "Cannot walk value, unknown type: uint64",
            ),
            Unresolved::Mismatch { tag, found } => {
                let message = format!(
                    "cannot decode a !!{found} as a !!{tag}: the value does not fit its tag"
                );
                self.error(at, StoreErrorKind::Syntax, &message)
            }
            Unresolved::Base64 => self.error(
                at,
                StoreErrorKind::Syntax,
                "!!binary value contains invalid base64 data",
            ),
        }
    }

    fn error(&self, at: usize, kind: StoreErrorKind, message: &str) -> StoreError {
        StoreError::at(self.source.text.as_bytes(), at, kind, message)
    }
}

fn sorted<T>(mut items: Vec<(SortKey, T)>) -> Vec<T> {
    items.sort_by_key(|(key, _)| *key);
    items.into_iter().map(|(_, item)| item).collect()
}

/// The bytes of the pair at `index` of a flow mapping (opening at `top.start`) with one
/// separating comma: from the end of the pair before it, else from after the `{` up to
/// the next pair, else through its own end. What emit adds, `, "sops": {…}` after the
/// last pair, is removed exactly.
fn member_span(entries: &[Entry], index: usize, top: &Span) -> Span {
    let pair_bounds = |entry: &Entry| match entry {
        Entry::Pair {
            key_span, value, ..
        } => Some((key_span.start, last_byte(value))),
        Entry::Comment(_) => None,
    };
    let (start, end) = pair_bounds(&entries[index]).expect("the metadata is a pair");
    let before = entries[..index].iter().rev().find_map(pair_bounds);
    let after = entries[index + 1..].iter().find_map(pair_bounds);
    match (before, after) {
        (Some((_, previous_end)), _) => previous_end..end,
        (None, Some((next_start, _))) => start..next_start,
        (None, None) => top.start + 1..end,
    }
}

/// Where a new member goes in a flow top level: after its last pair, else after its `{`.
fn after_last_pair(entries: &[Entry], top: Option<&Span>) -> usize {
    let last = entries.iter().rev().find_map(|entry| match entry {
        Entry::Pair { value, .. } => Some(last_byte(value)),
        Entry::Comment(_) => None,
    });
    last.unwrap_or_else(|| top.map_or(0, |span| span.start + 1))
}

/// Comments outside the top-level mapping go before or after its entries.
fn with_document_comments(entries: Vec<Entry>, comments: Vec<Leaf>) -> Vec<Entry> {
    let first = entries.first().map_or(usize::MAX, |e| match e {
        Entry::Pair { key_span, .. } => key_span.start,
        Entry::Comment(leaf) => leaf.span.start,
    });
    let (head, tail): (Vec<Leaf>, Vec<Leaf>) =
        comments.into_iter().partition(|c| c.span.start < first);
    head.into_iter()
        .map(Entry::Comment)
        .chain(entries)
        .chain(tail.into_iter().map(Entry::Comment))
        .collect()
}

/// The span a scalar's replacement overwrites: its text, and its tag when it has one
/// (after any anchor, which stays: `&a !!int 12` keeps `&a `). A tag before an anchor
/// takes the anchor along; aliases of it are then written out in full.
fn with_tag(text: &str, token: &Token, tagged: bool) -> Span {
    let exact = token.exact.clone();
    if !tagged {
        return exact;
    }
    let from = token.raw.start.min(exact.start);
    let properties = &text[from..exact.start];
    let tag_at = properties
        .char_indices()
        .filter(|&(i, c)| {
            c == '!' && (i == 0 || properties[..i].ends_with([' ', '\t', '\n', '\r']))
        })
        .map(|(i, _)| i)
        .next();
    match tag_at {
        Some(i) => from + i..exact.end,
        None => exact,
    }
}

fn first_byte(node: &Node) -> usize {
    match node {
        Node::Map { span, .. } | Node::List { span, .. } | Node::Alias { span, .. } => span.start,
        Node::Scalar(leaf) | Node::Comment(leaf) => leaf.span.start,
    }
}

pub fn last_byte(node: &Node) -> usize {
    match node {
        Node::Map { span, .. } | Node::List { span, .. } | Node::Alias { span, .. } => span.end,
        Node::Scalar(leaf) | Node::Comment(leaf) => leaf.span.end,
    }
}

/// An alias's copy: sops expands the target, and the flow copy emit writes has no comments.
fn without_comments(node: Node) -> Node {
    match node {
        Node::Map { entries, span } => Node::Map {
            entries: entries
                .into_iter()
                .filter_map(|e| match e {
                    Entry::Pair {
                        key,
                        key_span,
                        value,
                    } => Some(Entry::Pair {
                        key,
                        key_span,
                        value: without_comments(value),
                    }),
                    Entry::Comment(_) => None,
                })
                .collect(),
            span,
        },
        Node::List { items, span } => Node::List {
            items: items
                .into_iter()
                .filter(|n| !matches!(n, Node::Comment(_)))
                .map(without_comments)
                .collect(),
            span,
        },
        other => other,
    }
}

/// Numbers every leaf in document order, alias copies included; returns the count.
pub fn number_leaves(docs: &mut [YamlDoc]) -> usize {
    let mut next = 0;
    for doc in docs {
        doc.entries
            .iter_mut()
            .for_each(|e| number_entry(e, &mut next));
    }
    next
}

fn number_entry(entry: &mut Entry, next: &mut usize) {
    match entry {
        Entry::Pair { value, .. } => number_node(value, next),
        Entry::Comment(leaf) => number_leaf(leaf, next),
    }
}

fn number_node(node: &mut Node, next: &mut usize) {
    match node {
        Node::Map { entries, .. } => entries.iter_mut().for_each(|e| number_entry(e, next)),
        Node::List { items, .. } => items.iter_mut().for_each(|n| number_node(n, next)),
        Node::Scalar(leaf) | Node::Comment(leaf) => number_leaf(leaf, next),
        Node::Alias { target, .. } => number_node(target, next),
    }
}

fn number_leaf(leaf: &mut Leaf, next: &mut usize) {
    leaf.id = *next;
    *next += 1;
}
