//! Test helpers shared by the store tests: the sops vectors, AADs of a parsed tree, and
//! the round trips every store must pass.

use serde_json::{Value, json};

use super::edit::leaves;
use super::{Changes, Format, Parsed, Replacement, Store};
use crate::sops::decrypt::DecryptOptions;
use crate::sops::error::SopsError;
use crate::sops::scalar::{canonical_bytes, type_name};
use crate::tree::{Entry, Leaf, Node, Scalar};

pub const ENVELOPE: &str = "ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]";

/// A path in the repository's test data (`tests/` at the workspace root).
pub fn test_data(relative: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests")
        .join(relative)
}

/// A file of the sops 3.11 vectors (tests/vectors/sops-3.11, written by sops itself).
pub fn vector(name: &str) -> Vec<u8> {
    let path = test_data("vectors/sops-3.11").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn manifest_entry(name: &str) -> Value {
    let manifest: Value = serde_json::from_slice(&vector("manifest.json")).unwrap();
    manifest[name].clone()
}

/// A leaf as sops sees it: its AAD and whether it is a comment.
pub struct Placed<'a> {
    pub aad: String,
    pub leaf: &'a Leaf,
    pub comment: bool,
}

/// Every leaf with its AAD (sops-format.md §2.2), in tree order.
pub fn placed(parsed: &Parsed) -> Vec<Placed<'_>> {
    fn entries<'a>(list: &'a [Entry], path: &mut Vec<String>, out: &mut Vec<Placed<'a>>) {
        for entry in list {
            match entry {
                Entry::Comment(leaf) => out.push(Placed {
                    aad: aad(path),
                    leaf,
                    comment: true,
                }),
                Entry::Pair { key, value, .. } => {
                    path.push(key.clone());
                    node(value, path, out);
                    path.pop();
                }
            }
        }
    }
    fn node<'a>(node_: &'a Node, path: &mut Vec<String>, out: &mut Vec<Placed<'a>>) {
        match node_ {
            Node::Map { entries: list, .. } => entries(list, path, out),
            Node::List { items, .. } => items.iter().for_each(|item| node(item, path, out)),
            Node::Scalar(leaf) => out.push(Placed {
                aad: aad(path),
                leaf,
                comment: false,
            }),
            Node::Comment(leaf) => out.push(Placed {
                aad: aad(path),
                leaf,
                comment: true,
            }),
            Node::Alias { target, .. } => node(target, path, out),
        }
    }
    fn aad(path: &[String]) -> String {
        if path.is_empty() {
            ":".into()
        } else {
            path.iter().map(|k| format!("{k}:")).collect()
        }
    }
    let mut out = Vec::new();
    for doc in &parsed.docs {
        entries(&doc.entries, &mut Vec::new(), &mut out);
    }
    out
}

/// The leaves of a parsed plaintext equal what sops recorded for its encryption: AAD,
/// type and canonical plaintext of each value in order, and of each comment.
pub fn assert_matches_manifest(parsed: &Parsed, encrypted_name: &str) {
    let entry = manifest_entry(encrypted_name);
    let placed = placed(parsed);
    let values: Vec<_> = placed
        .iter()
        .filter(|p| !p.comment && p.leaf.value != Scalar::Null)
        .collect();
    let expected = entry["leaves_in_tree_order"].as_array().unwrap();
    assert_eq!(
        values.len(),
        expected.len(),
        "{encrypted_name}: number of values"
    );
    for (got, want) in values.iter().zip(expected) {
        assert_eq!(got.aad, want["aad"], "{encrypted_name}");
        let bytes = canonical_bytes(&got.leaf.value);
        match &want["utf8"] {
            Value::String(text) => {
                assert_eq!(
                    String::from_utf8(bytes.into_owned()).unwrap(),
                    *text,
                    "{}",
                    got.aad
                )
            }
            _ => assert_eq!(hex(&bytes), want["hex"], "{}", got.aad),
        }
        if let Value::String(t) = &want["type"] {
            assert_eq!(type_name(&got.leaf.value), t, "{}", got.aad);
        }
    }
    let comments: Vec<_> = placed
        .iter()
        .filter(|p| p.comment)
        .map(|p| (p.aad.clone(), p.leaf.value.clone()))
        .collect();
    let expected: Vec<_> = entry["comment_lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["aad"].as_str().unwrap().to_string(),
                Scalar::Str(c["plaintext"].as_str().unwrap().into()),
            )
        })
        .collect();
    assert_eq!(comments, expected, "{encrypted_name}: comments");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every leaf replaced by its own source text gives the file back.
pub fn assert_source_round_trip(store: &dyn Store, src: &[u8]) {
    let parsed = store.parse(src).unwrap();
    let changes = Changes {
        leaves: leaves(&parsed)
            .iter()
            .map(|leaf| {
                Some(Replacement::Source(
                    String::from_utf8(src[leaf.span.clone()].to_vec()).unwrap(),
                ))
            })
            .collect(),
        ..Changes::default()
    };
    let out = store.emit(src, &parsed, &changes).unwrap();
    assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(src));
}

/// Metadata as dotenv and INI give it back: every scalar a string.
pub fn sample_metadata() -> Value {
    json!({
        "age": [{"recipient": "age1xyz", "enc": "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n"}],
        "lastmodified": "2026-11-21T20:27:04Z",
        "mac": "ENC[AES256_GCM,data:m,iv:i,tag:t,type:str]",
        "unencrypted_suffix": "_unencrypted",
        "version": "3.11.0"
    })
}

/// Encrypting every non-empty leaf and adding metadata, then restoring the leaves' source
/// text and removing the metadata, gives the file back. Returns the encrypted file.
pub fn assert_encrypt_round_trip(store: &dyn Store, src: &[u8]) -> Vec<u8> {
    let parsed = store.parse(src).unwrap();
    let originals: Vec<(usize, String)> = leaves(&parsed)
        .iter()
        .filter(|leaf| leaf.value != Scalar::Null && !canonical_bytes(&leaf.value).is_empty())
        .map(|leaf| {
            (
                leaf.id,
                String::from_utf8(src[leaf.span.clone()].to_vec()).unwrap(),
            )
        })
        .collect();
    let mut changes = Changes {
        leaves: vec![None; parsed.leaf_count],
        ..Changes::default()
    };
    for (id, _) in &originals {
        changes.leaves[*id] = Some(Replacement::Encrypted(ENVELOPE.into()));
    }
    changes.metadata = Some(sample_metadata());
    let encrypted = store.emit(src, &parsed, &changes).unwrap();

    let reparsed = store.parse(&encrypted).unwrap();
    assert_eq!(
        reparsed.metadata,
        Some(sample_metadata()),
        "{}",
        String::from_utf8_lossy(&encrypted)
    );
    assert_eq!(
        reparsed.leaf_count,
        parsed.leaf_count,
        "{}",
        String::from_utf8_lossy(&encrypted)
    );
    let mut restore = Changes {
        leaves: vec![None; reparsed.leaf_count],
        ..Changes::default()
    };
    for (id, text) in originals {
        restore.leaves[id] = Some(Replacement::Source(text));
    }
    let decrypted = store.emit(&encrypted, &reparsed, &restore).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&decrypted),
        String::from_utf8_lossy(src)
    );
    encrypted
}

/// Sets (`Some(value)`) or unsets (`None`) `path` in `src` and checks the exact result,
/// which must parse again.
pub fn assert_edit(store: &dyn Store, src: &str, path: &str, value: Option<Value>, want: &str) {
    let steps = crate::path::parse(path).unwrap();
    let parsed = store.parse(src.as_bytes()).unwrap();
    let out = match &value {
        Some(value) => store.set(src.as_bytes(), &parsed, &steps, value),
        None => store.unset(src.as_bytes(), &parsed, &steps),
    }
    .unwrap_or_else(|e| panic!("{path} = {value:?}: {e}"));
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out, want, "{path} = {value:?}");
    store
        .parse(out.as_bytes())
        .unwrap_or_else(|e| panic!("{path} = {value:?} does not parse: {e}\n{out}"));
}

pub use crate::fuzzing::test_encrypt;

/// Decrypts `src` as `format` with [`TestKey`], checking the MAC.
pub fn test_decrypt(format: Format, src: &[u8]) -> Result<Vec<u8>, SopsError> {
    crate::fuzzing::test_decrypt(format, src, DecryptOptions::default())
}

/// Encrypting `src` then decrypting it gives `src` back, byte for byte, and no value is
/// left in the clear. Returns the encrypted file.
pub fn assert_sealed_round_trip(format: Format, src: &[u8]) -> Vec<u8> {
    let show = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let encrypted =
        test_encrypt(format, src).unwrap_or_else(|e| panic!("encrypt: {e}\n{}", show(src)));
    let decrypted = test_decrypt(format, &encrypted)
        .unwrap_or_else(|e| panic!("decrypt: {e}\n{}", show(&encrypted)));
    assert_eq!(
        show(&decrypted),
        show(src),
        "encrypted:\n{}",
        show(&encrypted)
    );
    encrypted
}

/// How many times as long `slow` takes as `fast`, each timed as the best of three runs
/// (the least disturbed by other work on the machine).
pub fn time_ratio<A, B>(slow: impl Fn() -> A, fast: impl Fn() -> B) -> f64 {
    fn best<T>(f: impl Fn() -> T) -> f64 {
        (0..3)
            .map(|_| {
                let start = std::time::Instant::now();
                drop(std::hint::black_box(f()));
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    }
    best(slow) / best(fast).max(1e-9)
}
