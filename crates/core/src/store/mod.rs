//! Stores: one per file syntax. A store knows where each value and the metadata block sit
//! in the file and how to write a replacement that stays valid; it knows nothing of keys
//! or ciphers.

mod binary;
mod dotenv;
mod edit;
mod flat;
#[cfg(test)]
mod fuzz;
mod ini;
mod json;
mod path_edit;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod yaml;

use std::borrow::Cow;
use std::path::Path;

use crate::path::Step;
use crate::tree::{Document, Leaf, Scalar, Span, ValueRef};

pub use binary::BinaryStore;
pub use dotenv::DotenvStore;
pub use ini::IniStore;
pub use json::JsonStore;
pub use yaml::YamlStore;

/// The file syntaxes, named as sops names them on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
    Dotenv,
    Ini,
    Binary,
}

impl Format {
    /// Every format, in the order the command line lists them.
    pub const ALL: [Format; 5] = [
        Format::Yaml,
        Format::Json,
        Format::Dotenv,
        Format::Ini,
        Format::Binary,
    ];

    /// The name sops gives the format on its command line (`--input-type yaml`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
            Format::Dotenv => "dotenv",
            Format::Ini => "ini",
            Format::Binary => "binary",
        }
    }

    /// The format of a command-line name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }

    /// The format sops picks for a file name: by extension, anything unknown is binary.
    pub fn from_path(path: &Path) -> Format {
        let name = path.to_string_lossy();
        if name.ends_with(".yaml") || name.ends_with(".yml") {
            Format::Yaml
        } else if name.ends_with(".json") {
            Format::Json
        } else if name.ends_with(".env") {
            Format::Dotenv
        } else if name.ends_with(".ini") {
            Format::Ini
        } else {
            Format::Binary
        }
    }

    pub fn store(self) -> Box<dyn Store> {
        match self {
            Format::Yaml => Box::new(YamlStore),
            Format::Json => Box::new(JsonStore),
            Format::Dotenv => Box::new(DotenvStore),
            Format::Ini => Box::new(IniStore),
            Format::Binary => Box::new(BinaryStore),
        }
    }
}

/// A parsed file: its documents, and the sops metadata found in it (from the first document).
#[derive(Debug, Default)]
pub struct Parsed {
    pub docs: Vec<Document>,
    /// The metadata block as a JSON-like tree (dotenv/INI already unflattened), if present.
    pub metadata: Option<serde_json::Value>,
    /// Byte ranges the metadata occupies (one per YAML document, or several dotenv lines):
    /// removed on decrypt, replaced on re-encrypt.
    pub metadata_spans: Vec<Span>,
    /// Number of leaves; ids run from 0 to this.
    pub leaf_count: usize,
}

/// What the sops layer decided for one leaf.
#[derive(Clone, Debug, PartialEq)]
pub enum Replacement {
    /// The leaf becomes this `ENC[AES256_GCM,…]` envelope (a comment becomes `#ENC[…]`).
    Encrypted(String),
    /// The leaf becomes this decrypted value (a comment leaf: `Scalar::Str` text),
    /// written in the store's own style for it.
    Plain(Scalar),
    /// The leaf becomes exactly this source text, as the user first wrote it.
    Source(String),
}

/// Everything to change in a file when writing it back.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    /// Indexed by leaf id; `None` leaves the leaf's bytes as they are.
    pub leaves: Vec<Option<Replacement>>,
    /// Whole subtrees replaced by source text (a YAML alias restored on decrypt), by span.
    /// A leaf inside such a span is not written on its own.
    pub subtrees: Vec<(Span, String)>,
    /// `Some`: write this metadata block (replacing any present). `None`: remove it.
    pub metadata: Option<serde_json::Value>,
}

/// A syntax. Every method is pure: bytes in, bytes out.
pub trait Store {
    /// Parses plaintext or encrypted bytes. A metadata block, if present, is located but
    /// not interpreted.
    fn parse(&self, src: &[u8]) -> Result<Parsed, StoreError>;

    /// The bytes of `src` with the changes applied; every other byte is kept.
    fn emit(&self, src: &[u8], parsed: &Parsed, changes: &Changes) -> Result<Vec<u8>, StoreError>;

    /// The text `emit` writes for `Replacement::Plain(value)` at `leaf`. Where this differs
    /// from the leaf's original text, the sops layer keeps that text (encrypted) so decrypt
    /// can give it back.
    fn plain_text(&self, leaf: &Leaf, value: &Scalar) -> Result<String, StoreError>;

    /// The bytes `emit` writes for `Replacement::Plain(value)` at `leaf`: `plain_text`,
    /// except where a store writes raw bytes (binary), which it can then lend without a
    /// copy, and which need not be UTF-8.
    fn plain_bytes<'v>(&self, leaf: &Leaf, value: &'v Scalar) -> Result<Cow<'v, [u8]>, StoreError> {
        Ok(Cow::Owned(self.plain_text(leaf, value)?.into_bytes()))
    }

    /// The text `emit` writes for `Replacement::Plain(Scalar::Str(text))` at a comment leaf.
    /// Stores that write comments otherwise than values (INI) override it.
    fn plain_comment(&self, leaf: &Leaf, text: &str) -> Result<String, StoreError> {
        self.plain_text(leaf, &Scalar::Str(text.to_string()))
    }

    /// The plaintext `src` (parsed as `parsed`) with the value at `path` replaced by
    /// `value`, a scalar or a whole subtree; or, when the path goes past the file, with a
    /// new key at the end of its parent mapping (missing parent mappings created) or a new
    /// item at the end of its list (an index equal to the list's length). The new text
    /// follows the file's own style (indentation, line breaks, the store's spelling of
    /// values); every other byte is kept.
    fn set(
        &self,
        src: &[u8],
        parsed: &Parsed,
        path: &[Step],
        value: &serde_json::Value,
    ) -> Result<Vec<u8>, StoreError>;

    /// The plaintext `src` without the key or list item at `path` (all its lines); every
    /// other byte is kept. A path naming nothing is a `Missing` error.
    fn unset(&self, src: &[u8], parsed: &Parsed, path: &[Step]) -> Result<Vec<u8>, StoreError>;

    /// Calls `f` with the mapping keys above each value and the value, in document order,
    /// as a walk of `parse`'s tree would (the metadata block left out), without building
    /// the tree. `None` when the store cannot do this for `src`: the caller then parses.
    fn for_each_value(&self, _src: &[u8], _f: &mut dyn FnMut(&[&str], ValueRef)) -> Option<()> {
        None
    }
}

/// A syntax error or an unsupported construct, with its place in the file.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{}{message}", position(*line, *column))]
pub struct StoreError {
    /// 1-based line and column (columns count characters); 0 when there is no position.
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub kind: StoreErrorKind,
}

/// Why a store failed; the CLI maps these to sops's exit codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreErrorKind {
    /// The input is not valid in its syntax (sops exit 2).
    Syntax,
    /// Valid syntax that sops cannot represent: a non-string key, a uint64 (exit 23).
    Unsupported,
    /// Valid syntax that this tool refuses to rewrite, because it could not do so exactly.
    NotExact,
    /// The tree cannot be written in this syntax, e.g. a map in dotenv (exit 4).
    Emit,
    /// No document in a YAML file (exit 92).
    Empty,
    /// A path that cannot be set: through a scalar, past a list's end (sops exit 7).
    Path,
    /// A path that names nothing, where a value must be there (exit 1).
    Missing,
    /// The input (or the encrypted output) is over the size bound of `limits` (exit 2).
    TooLarge,
    /// Collections nested deeper than `limits::MAX_DEPTH` (exit 2).
    TooDeep,
    /// YAML aliases that expand to far more than the document holds (exit 2, as sops's
    /// "excessive aliasing").
    TooManyAliases,
}

impl StoreError {
    /// An error at byte `offset` of `src`.
    pub fn at(src: &[u8], offset: usize, kind: StoreErrorKind, message: impl Into<String>) -> Self {
        let (line, column) = line_column(src, offset);
        StoreError {
            line,
            column,
            message: message.into(),
            kind,
        }
    }

    /// An error with no position.
    pub fn new(kind: StoreErrorKind, message: impl Into<String>) -> Self {
        StoreError {
            line: 0,
            column: 0,
            message: message.into(),
            kind,
        }
    }
}

/// `line:column: `, or nothing when there is no position.
fn position(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!("{line}:{column}: ")
    }
}

/// The 1-based line and column (in characters) of byte `offset`.
pub fn line_column(src: &[u8], offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Copies `src` with each span replaced by its text. Spans must not overlap; any order.
pub fn splice<T: AsRef<[u8]>>(src: &[u8], mut edits: Vec<(Span, T)>) -> Vec<u8> {
    edits.sort_by_key(|(span, _)| (span.start, span.end));
    let added: usize = edits.iter().map(|(_, t)| t.as_ref().len()).sum();
    let mut out = Vec::with_capacity(src.len() + added);
    let mut pos = 0;
    for (span, text) in edits {
        // An edit overlapping the previous one (a store bug) is dropped rather than
        // panicking: the read-back check then refuses the output.
        if span.start < pos || span.end > src.len() || span.start > span.end {
            continue;
        }
        out.extend_from_slice(&src[pos..span.start]);
        out.extend_from_slice(text.as_ref());
        pos = span.end;
    }
    out.extend_from_slice(&src[pos..]);
    out
}

/// Requires UTF-8 text, naming the place of the first invalid byte.
pub fn require_utf8(src: &[u8]) -> Result<&str, StoreError> {
    std::str::from_utf8(src).map_err(|e| {
        StoreError::at(
            src,
            e.valid_up_to(),
            StoreErrorKind::Syntax,
            "the file is not valid UTF-8 text",
        )
    })
}
