//! The binary store: the whole file is one value, `data`. Its encrypted form is a JSON
//! document `{"data": "ENC[…]", "sops": {…}}` laid out as sops writes it (tab indent).

use serde_json::Value;

use super::json::{go_string, render_value, scan};
use super::{Changes, Parsed, Replacement, Store, StoreError, StoreErrorKind};
use crate::path::Step;
use crate::tree::{Document, Entry, Leaf, Node, Scalar};

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
            Some(metadata) => encrypted_file(&data, metadata).into_bytes(),
            None => data,
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

/// The bytes `data` holds after the changes: raw plaintext, or envelope text.
fn data_bytes(parsed: &Parsed, changes: &Changes) -> Result<Vec<u8>, StoreError> {
    let leaf = data_leaf(parsed).ok_or_else(no_binary_data)?;
    let value = match changes.leaves.get(leaf.id).and_then(Option::as_ref) {
        Some(Replacement::Encrypted(envelope)) => return Ok(envelope.clone().into_bytes()),
        Some(Replacement::Source(text)) => return Ok(text.clone().into_bytes()),
        Some(Replacement::Plain(value)) => value,
        None => &leaf.value,
    };
    match value {
        Scalar::Str(s) => Ok(s.clone().into_bytes()),
        Scalar::Bytes(b) => Ok(b.clone()),
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

/// The encrypted document, as sops writes it.
fn encrypted_file(data: &[u8], metadata: &Value) -> String {
    let data = go_string(&String::from_utf8_lossy(data));
    let metadata = render_value(metadata, "\t", "\n", 1);
    format!("{{\n\t\"{DATA_KEY}\": {data},\n\t\"sops\": {metadata}\n}}\n")
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
