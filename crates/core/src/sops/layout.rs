//! The original spelling of values whose decrypted form the store cannot derive (a quoted
//! string, `0x1F`, a folded block scalar, a YAML alias): kept encrypted in the metadata
//! under our own key, which sops ignores, so that decrypt gives back the file byte for byte.
//!
//! Entries are keyed by `Place::stable_id`, so unrelated edits do not shift them, and the
//! blob keeps its ciphertext while its content is unchanged (the cipher's IV stash).

use std::collections::BTreeMap;

use super::envelope::Cipher;

/// The AAD of the layout blob.
const LAYOUT_AAD: &[u8] = b"sops:secret_layout:";

/// Original texts by stable id.
pub type Layout = BTreeMap<String, String>;

/// Encrypts the layout, or nothing when every value has its default spelling.
pub fn seal(layout: &Layout, cipher: &Cipher) -> Option<String> {
    if layout.is_empty() {
        return None;
    }
    let json = zeroize::Zeroizing::new(serde_json::to_vec(layout).expect("strings serialize"));
    Some(cipher.encrypt(&json, LAYOUT_AAD, "str"))
}

/// Decrypts a layout blob. One that fails to open or parse is ignored: the values are then
/// written in their default spelling, which is the same data.
pub fn open(sealed: Option<&str>, cipher: &mut Cipher) -> Layout {
    sealed
        .and_then(|text| cipher.decrypt(text, LAYOUT_AAD).ok())
        .and_then(|opened| serde_json::from_slice(&opened.plaintext).ok())
        .unwrap_or_default()
}
