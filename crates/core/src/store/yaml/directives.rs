//! `%YAML` directives. go-yaml, and so sops, reads only YAML 1.1 streams: `%YAML 1.2`
//! makes it refuse the file ("found incompatible YAML document"). Values here resolve as
//! go-yaml resolves them whatever the directive says, so an encrypted file says 1.1 in
//! every `%YAML` directive, and the versions the plaintext gave are kept in the metadata
//! under our own key (sops ignores it), for decrypt to write them back.

use std::borrow::Cow;

use serde_json::Value;

use crate::tree::{Document, Span, entries_for_each_leaf};

/// Our key in the metadata: the version of every `%YAML` directive, in file order.
pub const METADATA_KEY: &str = "secret_yaml_directives";

/// The version go-yaml reads.
const READABLE: &str = "1.1";

/// The version texts of the `%YAML` directives of `text`: lines starting with `%YAML`
/// that no value, comment or metadata block of `docs` holds.
pub fn versions(text: &str, docs: &[Document]) -> Vec<Span> {
    let starts_directive = text.starts_with("%YAML") || text.contains("\n%YAML");
    if !starts_directive {
        return Vec::new();
    }
    let mut taken: Vec<Span> = docs.iter().flat_map(|d| d.metadata_span.clone()).collect();
    for doc in docs {
        entries_for_each_leaf(&doc.entries, &mut |leaf| taken.push(leaf.span.clone()));
    }
    // Spans do not overlap (an alias copy repeats its target's): only the last one
    // starting before a line can hold it.
    taken.sort_by_key(|span| span.start);
    let inside = |at: usize| {
        let before = taken.partition_point(|span| span.start <= at);
        taken[..before].last().is_some_and(|span| at < span.end)
    };
    line_starts(text)
        .filter(|&at| text[at..].starts_with("%YAML") && !inside(at))
        .filter_map(|at| version_span(text, at))
        .collect()
}

fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(crate::bytesearch::positions(b'\n', text.as_bytes()).map(|i| i + 1))
}

/// The version after `%YAML` and blanks on the directive line at `at`.
fn version_span(text: &str, at: usize) -> Option<Span> {
    let after = at + "%YAML".len();
    let rest = &text[after..];
    let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let start = after + blanks;
    let len = text[start..]
        .find(|c: char| c.is_whitespace())
        .unwrap_or(text.len() - start);
    (blanks > 0 && len > 0).then_some(start..start + len)
}

/// Writing an encrypted file: every version that is not 1.1 becomes 1.1, and the metadata
/// records what each was. With none to change, a record the file already holds (an
/// encrypted file rewritten) is kept.
pub fn encrypt_edits<'m>(
    text: &str,
    versions: &[Span],
    metadata: &'m Value,
    held: Option<&Value>,
) -> (Vec<(Span, Vec<u8>)>, Cow<'m, Value>) {
    let found: Vec<&str> = versions.iter().map(|span| &text[span.clone()]).collect();
    let record = if found.iter().any(|v| *v != READABLE) {
        Some(Value::from(found.clone()))
    } else {
        held.filter(|record| recorded(record, versions.len()).is_some())
            .cloned()
    };
    let Some(record) = record else {
        return (Vec::new(), Cow::Borrowed(metadata));
    };
    let edits = versions
        .iter()
        .zip(&found)
        .filter(|(_, version)| **version != READABLE)
        .map(|(span, _)| (span.clone(), READABLE.as_bytes().to_vec()))
        .collect();
    let mut metadata = metadata.clone();
    if let Value::Object(map) = &mut metadata {
        map.insert(METADATA_KEY.into(), record);
    }
    (edits, Cow::Owned(metadata))
}

/// Writing the plaintext: the recorded versions back, when the record still fits the file.
pub fn decrypt_edits(versions: &[Span], held: Option<&Value>) -> Vec<(Span, Vec<u8>)> {
    let Some(recorded) = held.and_then(|record| recorded(record, versions.len())) else {
        return Vec::new();
    };
    versions
        .iter()
        .zip(recorded)
        .map(|(span, version)| (span.clone(), version.as_bytes().to_vec()))
        .collect()
}

/// The recorded versions, if they are `count` plain version numbers.
fn recorded(record: &Value, count: usize) -> Option<Vec<&str>> {
    let versions: Vec<&str> = record
        .as_array()?
        .iter()
        .map(Value::as_str)
        .collect::<Option<_>>()?;
    let plain = versions
        .iter()
        .all(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    (versions.len() == count && plain).then_some(versions)
}
