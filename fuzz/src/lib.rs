//! What the fuzz targets share: a fixed test key, the choice of store from an input's
//! first byte, and the properties every store must keep.

use std::path::Path;

use secret_core::sops::rules::Selector;
use secret_core::sops::walk::{Place, Visitor, walk};
use secret_core::store::{Changes, Format, Parsed, Replacement, Store};
use secret_core::tree::{Leaf, Scalar, ValueRef, entries_for_each_leaf};

/// The store an input is for, from its first byte, and the rest of the input: the
/// targets that take any format start their corpus files with 0 (YAML), 1 (JSON),
/// 2 (dotenv), 3 (INI) or 4 (binary).
pub fn split_format(data: &[u8]) -> Option<(Format, &[u8])> {
    let (&first, rest) = data.split_first()?;
    Some((Format::ALL[usize::from(first) % Format::ALL.len()], rest))
}

/// The selector byte `split_format` reads for `format`.
pub fn format_byte(format: Format) -> u8 {
    Format::ALL.iter().position(|&f| f == format).unwrap() as u8
}

pub use secret_core::fuzzing::{TEST_RECIPIENT, TestKey, test_decrypt, test_encrypt};

/// Every leaf of a parsed file, comments included, in document order.
pub fn leaves(parsed: &Parsed) -> Vec<&Leaf> {
    let mut all = Vec::new();
    for doc in &parsed.docs {
        entries_for_each_leaf(&doc.entries, &mut |leaf| all.push(leaf));
    }
    all
}

/// The properties of one store on one input: parsing never panics; what parses has
/// every leaf and metadata span inside the file; writing each leaf back as its own
/// source text gives the file back; and the values a store reads without a tree
/// (`for_each_value`) are those a walk of the tree visits.
pub fn check_store(format: Format, src: &[u8]) {
    let store = format.store();
    let Ok(parsed) = store.parse(src) else {
        return;
    };
    let all = leaves(&parsed);
    assert_eq!(all.len(), parsed.leaf_count, "leaf count");
    for (id, leaf) in all.iter().enumerate() {
        assert_eq!(leaf.id, id, "leaf ids in order");
        assert!(
            leaf.span.start <= leaf.span.end && leaf.span.end <= src.len(),
            "leaf span {:?} outside the file of {} bytes",
            leaf.span,
            src.len()
        );
    }
    for span in &parsed.metadata_spans {
        assert!(
            span.start <= span.end && span.end <= src.len(),
            "metadata span {span:?}"
        );
    }
    source_round_trip(store.as_ref(), src, &parsed, &all);
    values_agree(store.as_ref(), src, &parsed);
}

/// Every leaf replaced by its own source text gives the file back (text stores).
fn source_round_trip(store: &dyn Store, src: &[u8], parsed: &Parsed, all: &[&Leaf]) {
    let mut changes = Changes {
        leaves: vec![None; parsed.leaf_count],
        ..Changes::default()
    };
    for leaf in all {
        let Ok(text) = std::str::from_utf8(&src[leaf.span.clone()]) else {
            return;
        };
        changes.leaves[leaf.id] = Some(Replacement::Source(text.to_string()));
    }
    if parsed.metadata.is_some() || !parsed.metadata_spans.is_empty() {
        // Re-rendering the metadata block need not give its bytes back, and a `sops` key
        // outside the first YAML document is not metadata yet is never kept (encrypt refuses
        // such a file as already encrypted): not checked.
        return;
    }
    if shares_a_span(all) {
        // A YAML alias: its leaves are copies of the anchor's (same spans), and writing
        // them expands the alias as sops does (decrypt restores it through `subtrees`).
        return;
    }
    if let Ok(out) = store.emit(src, parsed, &changes) {
        assert!(
            out == src,
            "writing every leaf as its own source changed the file:\n{:?}\n{:?}",
            String::from_utf8_lossy(src),
            String::from_utf8_lossy(&out)
        );
    }
}

/// Whether two leaves come from the same source text (an alias and its anchor).
fn shares_a_span(all: &[&Leaf]) -> bool {
    let mut spans: Vec<_> = all
        .iter()
        .map(|leaf| (leaf.span.start, leaf.span.end))
        .collect();
    spans.sort_unstable();
    spans.windows(2).any(|pair| pair[0] == pair[1])
}

/// The values a walk of the tree visits, as `AAD = value`.
struct Walked(Vec<String>);

impl Visitor for Walked {
    type Error = std::convert::Infallible;
    fn comment_text(&mut self, _: &Leaf, _: &Place) -> Result<String, Self::Error> {
        Ok(String::new())
    }
    fn comment(&mut self, _: &Leaf, _: &Place, _: String, _: bool) -> Result<(), Self::Error> {
        Ok(())
    }
    fn value(&mut self, leaf: &Leaf, place: &Place, _: bool) -> Result<(), Self::Error> {
        self.0.push(format!("{} = {:?}", place.aad, leaf.value));
        Ok(())
    }
    fn uses_stable_ids(&self) -> bool {
        false
    }
}

fn values_agree(store: &dyn Store, src: &[u8], parsed: &Parsed) {
    let mut read = Vec::new();
    let answered = store.for_each_value(src, &mut |path, value| {
        let value = match value {
            ValueRef::Str(text) => Scalar::Str(text.to_string()),
            ValueRef::Other(value) => value,
        };
        let aad: String = if path.is_empty() {
            ":".into()
        } else {
            path.iter().map(|k| format!("{k}:")).collect()
        };
        read.push(format!("{aad} = {value:?}"));
    });
    if answered.is_none() {
        return;
    }
    let mut walked = Walked(Vec::new());
    let Ok(()) = walk(&parsed.docs, &Selector::default(), &mut walked);
    assert_eq!(read, walked.0, "for_each_value and the tree disagree");
}

/// A place for `config` targets: the configuration file fuzzed, and files it may name.
pub fn config_path() -> &'static Path {
    Path::new("/fuzz/.sops.yaml")
}
