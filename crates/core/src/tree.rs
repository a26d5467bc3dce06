//! The document model: what every store produces and the sops layer walks.
//!
//! A store turns file bytes into documents of entries, keeping for each leaf the byte
//! range it occupies in the file. The sops layer decides what each leaf becomes; the store
//! then splices only those ranges, so every other byte of the file stays as it was.

use std::ops::Range;

/// A byte range in the file the tree was parsed from.
pub type Span = Range<usize>;

/// A typed scalar, with the types sops distinguishes.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    /// Raw bytes that need not be UTF-8 (binary store); sops types them `str`.
    Bytes(Vec<u8>),
    /// A YAML timestamp, already in sops's canonical RFC 3339 (nanosecond) form.
    Time(String),
}

/// One scalar value or comment of the file.
/// A value as a store reads it without building a tree: borrowed where it is the text
/// of a string.
pub enum ValueRef<'a> {
    Str(&'a str),
    Other(Scalar),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Leaf {
    /// Position in the store's pre-order numbering of leaves, comments included.
    /// Changes are addressed by this id.
    pub id: usize,
    pub value: Scalar,
    /// The bytes a replacement overwrites.
    pub span: Span,
    /// Column (in bytes) of the line's key or list dash that owns this leaf; stores that
    /// render multi-line text use it to indent.
    pub indent: usize,
    /// True inside a flow collection (YAML `{…}`/`[…]`), where plain text may not hold `,[]{}`.
    pub in_flow: bool,
}

/// A value in the tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Map {
        entries: Vec<Entry>,
        span: Span,
    },
    List {
        items: Vec<Node>,
        span: Span,
    },
    Scalar(Leaf),
    /// A comment as an element of a list.
    Comment(Leaf),
    /// A YAML alias (`*name`): sops sees, and encrypts, a copy of its target.
    /// `span` covers the alias text; the copy's leaves have ids of their own.
    Alias {
        span: Span,
        target: Box<Node>,
    },
}

/// An item of a mapping: a key with its value, or a comment line.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Pair {
        key: String,
        key_span: Span,
        value: Node,
    },
    Comment(Leaf),
}

/// One document of a file (YAML may hold several), without its metadata block.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Document {
    pub entries: Vec<Entry>,
    /// The bytes of this document's metadata block, if it has one (YAML: each document
    /// holds its own copy).
    pub metadata_span: Option<Span>,
    /// Where a new metadata block goes; `None` when this document cannot take one.
    pub append_at: Option<usize>,
    /// The bytes of the top level when it is a YAML flow mapping `{…}`: the metadata block
    /// is a member inside its braces, and new keys go there too.
    pub braces: Option<Span>,
}

impl Node {
    /// Calls `f` on every leaf (scalars and comments) below this node, in document order.
    pub fn for_each_leaf<'a>(&'a self, f: &mut impl FnMut(&'a Leaf)) {
        match self {
            Node::Map { entries, .. } => entries_for_each_leaf(entries, f),
            Node::List { items, .. } => items.iter().for_each(|n| n.for_each_leaf(f)),
            Node::Scalar(leaf) | Node::Comment(leaf) => f(leaf),
            Node::Alias { target, .. } => target.for_each_leaf(f),
        }
    }
}

/// Calls `f` on every leaf of a list of entries, in document order.
pub fn entries_for_each_leaf<'a>(entries: &'a [Entry], f: &mut impl FnMut(&'a Leaf)) {
    for entry in entries {
        match entry {
            Entry::Pair { value, .. } => value.for_each_leaf(f),
            Entry::Comment(leaf) => f(leaf),
        }
    }
}
