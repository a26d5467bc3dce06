//! The original spelling of values whose decrypted form the store cannot derive (a quoted
//! string, `0x1F`, a folded block scalar, a YAML alias): kept encrypted in the metadata
//! under our own key, which sops ignores, so that decrypt gives back the file byte for byte.
//!
//! Entries are keyed by `Place::stable_id`, so unrelated edits do not shift them, and the
//! blob keeps its ciphertext while its content is unchanged (the cipher's IV stash).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::envelope::Cipher;

/// The AAD of the layout blob.
const LAYOUT_AAD: &[u8] = b"sops:secret_layout:";

/// The version of the blob's content, written into it. Version 0 (before versions) was
/// the bare map of texts.
const LAYOUT_VERSION: u32 = 1;

/// Original texts (plaintext spellings, wiped when dropped) by stable id.
pub type Layout = BTreeMap<String, Zeroizing<String>>;

/// What the blob holds.
#[derive(Serialize, Deserialize)]
struct Blob {
    version: u32,
    texts: Layout,
}

/// Why a layout blob was not used; the values are then written in their default spelling,
/// which is the same data.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LayoutProblem {
    #[error("the original spellings (secret_layout) do not decrypt: the blob is damaged")]
    Undecryptable,
    #[error("the original spellings (secret_layout) are unreadable")]
    Unreadable,
    #[error(
        "the original spellings (secret_layout) were written by a newer secret (layout version {0})"
    )]
    Newer(u32),
}

/// Encrypts the layout, or nothing when every value has its default spelling.
pub fn seal(layout: &Layout, cipher: &Cipher) -> Option<String> {
    if layout.is_empty() {
        return None;
    }
    let blob = Blob {
        version: LAYOUT_VERSION,
        texts: layout.clone(),
    };
    let json = Zeroizing::new(serde_json::to_vec(&blob).expect("strings serialize"));
    Some(cipher.encrypt(&json, LAYOUT_AAD, "str"))
}

/// Decrypts a layout blob; an empty layout when there is none, or when it cannot be used
/// (and why).
pub fn open(sealed: Option<&str>, cipher: &mut Cipher) -> (Layout, Option<LayoutProblem>) {
    let Some(text) = sealed else {
        return (Layout::new(), None);
    };
    match read(text, cipher) {
        Ok(layout) => (layout, None),
        Err(problem) => (Layout::new(), Some(problem)),
    }
}

fn read(text: &str, cipher: &mut Cipher) -> Result<Layout, LayoutProblem> {
    let opened = cipher
        .decrypt(text, LAYOUT_AAD)
        .map_err(|_| LayoutProblem::Undecryptable)?;
    if let Ok(blob) = serde_json::from_slice::<Blob>(&opened.plaintext) {
        return match blob.version {
            LAYOUT_VERSION => Ok(blob.texts),
            newer => Err(LayoutProblem::Newer(newer)),
        };
    }
    serde_json::from_slice::<Layout>(&opened.plaintext).map_err(|_| LayoutProblem::Unreadable)
}
