//! A large file in the fast path's subset is parsed in two halves at once, split at a
//! top-level key: each half is a document of its own, and the two trees are joined.
//! Anything unusual (a half outside the subset, a key in both halves) gives `None`,
//! and the caller parses the whole file as one.

use std::collections::HashSet;

use super::build::{self, YamlDoc};
use super::lexical::{self, Source};
use super::{fast, opaque_spans};
use crate::tree::{Entry, Span};

/// Below this size a second thread costs more than it saves.
const MIN_LEN: usize = 256 * 1024;

pub fn parse(source: &Source) -> Option<YamlDoc> {
    let text = source.text;
    if text.len() < MIN_LEN {
        return None;
    }
    let split = top_level_line_after(text, text.len() / 2)?;
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| parse_range(source, split..text.len()));
        let first = parse_range(source, 0..split);
        (first, second.join().ok().flatten())
    });
    join(first?, second?)
}

/// The start of the first line after `from` that begins with a key at column 0.
fn top_level_line_after(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\n', &bytes[from..])
        .map(|i| from + i + 1)
        .find(|&at| {
            bytes
                .get(at)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        })
}

/// One half as a document of its own.
pub fn parse_range(source: &Source, range: Span) -> Option<YamlDoc> {
    let tokens = fast::tokenize_range(source.text, range.clone())?;
    let comments = lexical::find_comments(source, &opaque_spans(&tokens), range);
    let mut docs = build::build(source, &tokens, &comments).ok()?;
    match (docs.pop(), docs.is_empty()) {
        (Some(doc), true) => Some(doc),
        _ => None,
    }
}

/// The two halves' top-level entries as one document.
pub fn join(mut first: YamlDoc, second: YamlDoc) -> Option<YamlDoc> {
    let keys = |doc: &YamlDoc| -> HashSet<String> {
        let mut keys: HashSet<String> = doc.entries.iter().filter_map(pair_key).collect();
        keys.extend(doc.metadata.is_some().then(|| "sops".to_string()));
        keys
    };
    if !keys(&first).is_disjoint(&keys(&second)) {
        return None;
    }
    first.entries.extend(second.entries);
    Some(YamlDoc {
        entries: first.entries,
        metadata: first.metadata.or(second.metadata),
        end: second.end,
        appendable: first.appendable && second.appendable,
    })
}

fn pair_key(entry: &Entry) -> Option<String> {
    match entry {
        Entry::Pair { key, .. } => Some(key.clone()),
        Entry::Comment(_) => None,
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// Parsed in halves at every top-level key, the tree is the one parsed whole.
    pub fn halves_agree(text: &str) {
        let source = Source::new(text);
        let Some(whole) = parse_range(&source, 0..text.len()) else {
            return;
        };
        let whole = format!(
            "{:?}",
            (&whole.entries, &whole.metadata, whole.end, whole.appendable)
        );
        let mut at = 0;
        while let Some(split) = top_level_line_after(text, at) {
            at = split;
            let halves = parse_range(&source, 0..split)
                .zip(parse_range(&source, split..text.len()))
                .and_then(|(first, second)| join(first, second));
            if let Some(joined) = halves {
                let joined = format!(
                    "{:?}",
                    (
                        &joined.entries,
                        &joined.metadata,
                        joined.end,
                        joined.appendable
                    )
                );
                assert_eq!(joined, whole, "split at {split} of {text:?}");
            }
        }
    }

    #[test]
    fn halves_join_to_the_whole() {
        let texts = [
            "# head\na: 1\nb:\n  c: x # c\n  # end of b\nd: |\n  lit\n\n# before e\ne:\n- 1\n- k: v\nsops:\n    version: 3.11.0\nf: ~\n# tail\n",
            "a:\nb: 2\r\nc:\r\n  - x\r\n",
            "a: 'q'  # c\n\nb: \"d\"\n",
        ];
        for text in texts {
            halves_agree(text);
        }
    }

    #[test]
    fn a_key_in_both_halves_is_left_to_the_whole_parse() {
        let text = "a: 1\nb: 2\na: 3\n";
        let source = Source::new(text);
        let first = parse_range(&source, 0..10).unwrap();
        let second = parse_range(&source, 10..text.len()).unwrap();
        assert!(join(first, second).is_none());
    }
}
