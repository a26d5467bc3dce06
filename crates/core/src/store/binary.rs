//! The binary store: the whole file is one value, `data`. Its encrypted form is a JSON
//! document `{"data": "ENC[…]", "sops": {…}}` laid out as sops writes it (tab indent).

use std::borrow::Cow;

use jsonc_parser::ast::Value as Ast;
use jsonc_parser::{CollectOptions, parse_to_ast};
use serde_json::Value;

use super::json::{go_string, render_value, scan, strict_json};
use super::{Changes, Parsed, Replacement, Store, StoreError, StoreErrorKind};
use crate::path::Step;
use crate::tree::{Document, Entry, Leaf, Node, Scalar, ValueRef};

pub struct BinaryStore;

const DATA_KEY: &str = "data";

impl Store for BinaryStore {
    fn parse(&self, src: &[u8]) -> Result<Parsed, StoreError> {
        crate::limits::check_input_size(src.len())?;
        Ok(encrypted_document(src).unwrap_or_else(|| plaintext_document(src)))
    }

    /// The plaintext is not spliced: sops writes a fresh document, or the raw bytes.
    fn emit(&self, _src: &[u8], parsed: &Parsed, changes: &Changes) -> Result<Vec<u8>, StoreError> {
        let data = data_bytes(parsed, changes)?;
        Ok(match &changes.metadata {
            Some(metadata) => encrypted_file(&data, metadata),
            None => data.into_owned(),
        })
    }

    fn set(&self, _: &[u8], _: &Parsed, _: &[Step], _: &Value) -> Result<Vec<u8>, StoreError> {
        Err(whole_file_only())
    }

    fn unset(&self, _: &[u8], _: &Parsed, _: &[Step]) -> Result<Vec<u8>, StoreError> {
        Err(whole_file_only())
    }

    fn plain_text(&self, _leaf: &Leaf, value: &Scalar) -> Result<String, StoreError> {
        match value {
            Scalar::Str(s) => Ok(s.clone()),
            Scalar::Bytes(b) => Ok(String::from_utf8_lossy(b).into_owned()),
            _ => Err(no_binary_data()),
        }
    }

    /// The raw bytes, lent: the sops layer compares them with the file without a copy.
    fn plain_bytes<'v>(
        &self,
        _leaf: &Leaf,
        value: &'v Scalar,
    ) -> Result<Cow<'v, [u8]>, StoreError> {
        match value {
            Scalar::Str(s) => Ok(Cow::Borrowed(s.as_bytes())),
            Scalar::Bytes(b) => Ok(Cow::Borrowed(b)),
            _ => Err(no_binary_data()),
        }
    }

    /// Reads back `data` without copying it (it may be large): the envelope of an
    /// encrypted file, or a whole UTF-8 plaintext. `None` (the caller parses) for anything
    /// less plain, such as non-UTF-8 data.
    fn for_each_value(&self, src: &[u8], f: &mut dyn FnMut(&[&str], ValueRef)) -> Option<()> {
        let text = std::str::from_utf8(src).ok()?;
        let Ok(ast) = parse_to_ast(text, &CollectOptions::default(), &strict_json()) else {
            f(&[DATA_KEY], ValueRef::Str(text));
            return Some(());
        };
        let Some(Ast::Object(top)) = ast.value else {
            return None;
        };
        let [first, second] = top.properties.as_slice() else {
            return None;
        };
        let envelope = match (first.name.as_str(), &first.value, second.name.as_str()) {
            (DATA_KEY, Ast::StringLit(envelope), "sops") => envelope,
            _ => return None,
        };
        f(&[DATA_KEY], ValueRef::Str(&envelope.value));
        Some(())
    }
}

/// A file sops wrote: a JSON object with a string `data` and a `sops` member.
/// A binary file is one value: there is no path into it to set or remove.
fn whole_file_only() -> StoreError {
    StoreError::new(
        StoreErrorKind::Emit,
        "a binary file holds one value (`data`); encrypt a new version of the file instead",
    )
}

fn encrypted_document(src: &[u8]) -> Option<Parsed> {
    let parsed = scan(src).ok()?.parsed;
    let has_string_data = parsed.docs[0].entries.iter().any(|entry| {
        matches!(entry, Entry::Pair { key, value: Node::Scalar(Leaf { value: Scalar::Str(_), .. }), .. } if key == DATA_KEY)
    });
    (has_string_data && parsed.metadata.is_some()).then_some(parsed)
}

/// Any other file: all of it is the value of `data`.
fn plaintext_document(src: &[u8]) -> Parsed {
    let value = match std::str::from_utf8(src) {
        Ok(text) => Scalar::Str(text.into()),
        Err(_) => Scalar::Bytes(src.to_vec()),
    };
    let leaf = Leaf {
        id: 0,
        value,
        span: 0..src.len(),
        indent: 0,
        in_flow: false,
    };
    let data = Entry::Pair {
        key: DATA_KEY.into(),
        key_span: 0..0,
        value: Node::Scalar(leaf),
    };
    Parsed {
        docs: vec![Document {
            entries: vec![data],
            ..Default::default()
        }],
        leaf_count: 1,
        ..Parsed::default()
    }
}

/// The bytes `data` holds after the changes: raw plaintext, or envelope text (lent).
fn data_bytes<'p>(parsed: &'p Parsed, changes: &'p Changes) -> Result<Cow<'p, [u8]>, StoreError> {
    let leaf = data_leaf(parsed).ok_or_else(no_binary_data)?;
    let value = match changes.leaves.get(leaf.id).and_then(Option::as_ref) {
        Some(Replacement::Encrypted(envelope)) => return Ok(Cow::Borrowed(envelope.as_bytes())),
        Some(Replacement::Source(text)) => return Ok(Cow::Borrowed(text.as_bytes())),
        Some(Replacement::Plain(value)) => value,
        None => &leaf.value,
    };
    match value {
        Scalar::Str(s) => Ok(Cow::Borrowed(s.as_bytes())),
        Scalar::Bytes(b) => Ok(Cow::Borrowed(b)),
        _ => Err(no_binary_data()),
    }
}

fn data_leaf(parsed: &Parsed) -> Option<&Leaf> {
    parsed
        .docs
        .first()?
        .entries
        .iter()
        .find_map(|entry| match entry {
            Entry::Pair {
                key,
                value: Node::Scalar(leaf),
                ..
            } if key == DATA_KEY => Some(leaf),
            _ => None,
        })
}

fn no_binary_data() -> StoreError {
    StoreError::new(StoreErrorKind::Emit, "no binary data found in tree")
}

/// The encrypted document, as sops writes it, built in one buffer: `data` (an envelope,
/// tens of megabytes for a large file) is copied once and escaped only if it must be.
fn encrypted_file(data: &[u8], metadata: &Value) -> Vec<u8> {
    let metadata = render_value(metadata, "\t", "\n", 1);
    let mut out = Vec::with_capacity(data.len() + metadata.len() + 32);
    out.extend_from_slice(format!("{{\n\t\"{DATA_KEY}\": ").as_bytes());
    let plain_json = data
        .iter()
        .all(|&b| (0x20..0x7f).contains(&b) && !b"\"\\<>&".contains(&b));
    if plain_json {
        out.push(b'"');
        out.extend_from_slice(data);
        out.push(b'"');
    } else {
        out.extend_from_slice(go_string(&String::from_utf8_lossy(data)).as_bytes());
    }
    out.extend_from_slice(format!(",\n\t\"sops\": {metadata}\n}}\n").as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::*;

    fn decrypt_changes(value: Scalar) -> Changes {
        Changes {
            leaves: vec![Some(Replacement::Plain(value))],
            ..Changes::default()
        }
    }

    #[test]
    fn the_whole_file_is_the_data_value() {
        let parsed = BinaryStore.parse(&vector("binary/basic.bin")).unwrap();
        assert_matches_manifest(&parsed, "binary/basic.enc.bin");
        assert!(matches!(&edit_leaf(&parsed).value, Scalar::Bytes(_)));
        let parsed = BinaryStore.parse(b"text").unwrap();
        assert_eq!(edit_leaf(&parsed).value, Scalar::Str("text".into()));
    }

    fn edit_leaf(parsed: &Parsed) -> &Leaf {
        data_leaf(parsed).unwrap()
    }

    #[test]
    fn reads_and_rewrites_the_sops_vector_exactly() {
        let src = vector("binary/basic.enc.bin");
        let parsed = BinaryStore.parse(&src).unwrap();
        assert_eq!(parsed.metadata.as_ref().unwrap()["version"], "3.11.0");
        let leaf = edit_leaf(&parsed);
        let Scalar::Str(envelope) = &leaf.value else {
            panic!("data is not a string")
        };
        let changes = Changes {
            leaves: vec![Some(Replacement::Encrypted(envelope.clone()))],
            metadata: parsed.metadata.clone(),
            ..Changes::default()
        };
        assert_eq!(BinaryStore.emit(&src, &parsed, &changes).unwrap(), src);
    }

    #[test]
    fn encrypts_then_decrypts_to_the_raw_bytes() {
        let src = vector("binary/basic.bin");
        let parsed = BinaryStore.parse(&src).unwrap();
        let changes = Changes {
            leaves: vec![Some(Replacement::Encrypted(ENVELOPE.into()))],
            metadata: Some(sample_metadata()),
            ..Changes::default()
        };
        let encrypted = BinaryStore.emit(&src, &parsed, &changes).unwrap();
        assert!(encrypted.starts_with(
            format!("{{\n\t\"data\": \"{ENVELOPE}\",\n\t\"sops\": {{\n\t\t\"age\": [").as_bytes()
        ));
        let reparsed = BinaryStore.parse(&encrypted).unwrap();
        assert_eq!(reparsed.metadata, Some(sample_metadata()));
        let plain = Scalar::Bytes(src.clone());
        assert_eq!(
            BinaryStore
                .emit(&encrypted, &reparsed, &decrypt_changes(plain))
                .unwrap(),
            src
        );
    }

    #[test]
    fn empty_input_encrypts_to_an_empty_string() {
        let parsed = BinaryStore.parse(b"").unwrap();
        let changes = Changes {
            leaves: vec![None],
            metadata: Some(sample_metadata()),
            ..Changes::default()
        };
        let encrypted =
            String::from_utf8(BinaryStore.emit(b"", &parsed, &changes).unwrap()).unwrap();
        assert!(
            encrypted.starts_with("{\n\t\"data\": \"\",\n\t\"sops\": {"),
            "{encrypted}"
        );
        let reparsed = BinaryStore.parse(encrypted.as_bytes()).unwrap();
        assert_eq!(
            BinaryStore
                .emit(encrypted.as_bytes(), &reparsed, &Changes::default())
                .unwrap(),
            b""
        );
    }

    /// Non-UTF-8 data is written once, as sops writes it: no second, escaped copy of it
    /// in the layout (the encrypted file was 4.5 times the input, sops's 1.33).
    #[test]
    fn binary_data_is_encrypted_once_and_comes_back_exactly() {
        let data: Vec<u8> = (0..300_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(std::str::from_utf8(&data).is_err());
        let text = b"not \xff UTF-8 \x00\x01".repeat(10);
        for src in [data, b"text\n".repeat(50_000), text] {
            let encrypted = assert_sealed_round_trip(crate::store::Format::Binary, &src);
            let encrypted = String::from_utf8(encrypted).unwrap();
            assert!(!encrypted.contains("secret_layout"), "a second copy");
            let expected = src.len() * 4 / 3 + 2000;
            assert!(
                encrypted.len() < expected,
                "{} bytes for {}",
                encrypted.len(),
                src.len()
            );
        }
    }

    #[test]
    fn reading_back_borrows_the_envelope() {
        let src = vector("binary/basic.enc.bin");
        let parsed = BinaryStore.parse(&src).unwrap();
        let Scalar::Str(envelope) = &edit_leaf(&parsed).value else {
            panic!("data is not a string")
        };
        let mut seen = Vec::new();
        BinaryStore
            .for_each_value(&src, &mut |path, value| {
                let ValueRef::Str(text) = value else {
                    panic!("a string")
                };
                seen.push((path.join(":"), text.to_string()));
            })
            .unwrap();
        assert_eq!(seen, [("data".to_string(), envelope.clone())]);
        // Anything less plain is left to a full parse.
        assert!(
            BinaryStore
                .for_each_value(b"\xff", &mut |_, _| {})
                .is_none()
        );
        let other = br#"{"data": "x", "sops": {}, "more": 1}"#;
        assert!(BinaryStore.for_each_value(other, &mut |_, _| {}).is_none());
    }

    #[test]
    fn plaintext_without_changes_is_kept() {
        let src = b"{\"data\": \"not sops\"}";
        let parsed = BinaryStore.parse(src).unwrap();
        assert_eq!(
            BinaryStore.emit(src, &parsed, &Changes::default()).unwrap(),
            src
        );
    }

    #[test]
    fn decrypting_a_non_string_is_an_emit_error() {
        let parsed = BinaryStore.parse(b"x").unwrap();
        let e = BinaryStore
            .emit(b"x", &parsed, &decrypt_changes(Scalar::Int(1)))
            .unwrap_err();
        assert_eq!(e.kind, StoreErrorKind::Emit);
        let e = BinaryStore
            .emit(b"", &Parsed::default(), &Changes::default())
            .unwrap_err();
        assert_eq!(e.kind, StoreErrorKind::Emit);
    }
}
