//! Encrypting a plaintext file: every value the selector picks becomes an envelope, in
//! place; the metadata block is added; nothing else in the file changes.

use super::datakey::{self, MasterKey};
use super::envelope::{Cipher, DataKey};
use super::error::SopsError;
use super::layout::{self, Layout};
use super::mac::{MacHasher, now_timestamp};
use super::metadata::{FORMAT_VERSION, Metadata};
use super::rules::Selector;
use super::scalar::{canonical_bytes, type_name};
use super::verify::{ValuesDigest, check_values};
use super::walk::{Place, Visitor, walk};
use crate::store::{Changes, Replacement, Store};
use crate::tree::{Entry, Leaf, Node, Scalar};
use zeroize::Zeroizing;

/// How to encrypt a new file.
pub struct EncryptOptions {
    pub key_groups: Vec<Vec<Box<dyn MasterKey>>>,
    pub shamir_threshold: usize,
    /// `None`: sops's default (`_unencrypted` suffix).
    pub selector: Option<Selector>,
    pub mac_only_encrypted: bool,
    /// sops's binary store writes no selector into the metadata.
    pub write_selector: bool,
    /// Remember the original spelling of values whose decrypted form the store cannot
    /// derive (`secret_layout`), so that decrypt gives the file back byte for byte. The
    /// sops front end does not: sops writes every value in its canonical spelling.
    pub keep_spellings: bool,
}

/// Encrypts the plaintext `src` with a new data key.
pub fn encrypt(
    store: &dyn Store,
    src: &[u8],
    options: &EncryptOptions,
) -> Result<Vec<u8>, SopsError> {
    let (metadata, cipher) = new_key(options)?;
    seal(store, src, metadata, &cipher)
}

/// A new data key wrapped for the options' key groups, and the metadata to go with it.
pub fn new_key(options: &EncryptOptions) -> Result<(Metadata, Cipher), SopsError> {
    let data_key = DataKey::generate();
    let metadata = Metadata {
        key_groups: datakey::wrap(&data_key, &options.key_groups, options.shamir_threshold)?,
        shamir_threshold: if options.key_groups.len() > 1 {
            options.shamir_threshold
        } else {
            0
        },
        lastmodified: String::new(),
        mac: String::new(),
        write_selector: options.write_selector,
        keep_spellings: options.keep_spellings,
        selector: options.selector.clone().unwrap_or_default(),
        mac_only_encrypted: options.mac_only_encrypted,
        version: FORMAT_VERSION.into(),
        layout: None,
    };
    Ok((metadata, Cipher::new(&data_key)))
}

/// Encrypts the plaintext `src` under an existing data key (held by `cipher`) and the
/// settings of `metadata`; `lastmodified`, the MAC and the layout are renewed. Values the
/// cipher decrypted before keep their ciphertext.
pub fn seal(
    store: &dyn Store,
    src: &[u8],
    mut metadata: Metadata,
    cipher: &Cipher,
) -> Result<Vec<u8>, SopsError> {
    let mut parsed = store.parse(src)?;
    // Any document's metadata, not only the first's (which is what decrypt reads).
    if parsed.metadata.is_some() || !parsed.metadata_spans.is_empty() {
        return Err(SopsError::AlreadyEncrypted);
    }
    let mut sealer = Sealer::new(
        store,
        src,
        cipher,
        parsed.leaf_count,
        metadata.mac_only_encrypted,
    );
    walk(&parsed.docs, &metadata.selector, &mut sealer)?;

    metadata.lastmodified = now_timestamp();
    metadata.mac = cipher.encrypt(
        sealer.mac.finish().as_bytes(),
        metadata.lastmodified.as_bytes(),
        "str",
    );
    metadata.layout = if metadata.keep_spellings {
        layout::seal(&sealer.layout, cipher)
    } else {
        None
    };
    let changes = Changes {
        leaves: sealer.changes,
        subtrees: Vec::new(),
        metadata: Some(metadata.to_json()),
    };
    // Emit writes envelopes where values were: their plaintext copies can go first (a
    // binary file's is as large as the file).
    for doc in &mut parsed.docs {
        drop_encrypted_values(&mut doc.entries, &changes.leaves);
    }
    let out = store.emit(src, &parsed, &changes)?;
    // What is written must be readable under the same size bound.
    crate::limits::check_output_size(out.len())?;
    check_values(store, &out, &sealer.expected, "encrypted")?;
    Ok(out)
}

/// The visitor that encrypts: records each leaf's envelope, the MAC, and original spellings.
struct Sealer<'a> {
    store: &'a dyn Store,
    src: &'a [u8],
    cipher: &'a Cipher,
    mac: MacHasher,
    changes: Vec<Option<Replacement>>,
    layout: Layout,
    /// What the values must read back as from the encrypted output.
    expected: ValuesDigest,
}

impl<'a> Sealer<'a> {
    fn new(
        store: &'a dyn Store,
        src: &'a [u8],
        cipher: &'a Cipher,
        leaves: usize,
        mac_only: bool,
    ) -> Self {
        Sealer {
            store,
            src,
            cipher,
            mac: MacHasher::new(mac_only),
            changes: vec![None; leaves],
            layout: Layout::new(),
            expected: ValuesDigest::default(),
        }
    }

    /// Keeps the leaf's original text when the store would not write it back the same way.
    fn remember_spelling(&mut self, leaf: &Leaf, place: &Place, default_text: &[u8]) {
        let original = &self.src[leaf.span.clone()];
        if default_text != original {
            let text = String::from_utf8_lossy(original).into_owned();
            self.layout
                .entry(place.stable_id())
                .or_insert(Zeroizing::new(text));
        }
    }

    /// Encrypts `plaintext` for the leaf's place; `read_back` also enters the envelope into
    /// what the output must read back as.
    fn seal(&mut self, leaf: &Leaf, plaintext: &[u8], aad: &str, type_name: &str, read_back: bool) {
        let envelope = self.cipher.encrypt(plaintext, aad.as_bytes(), type_name);
        if read_back {
            self.expected.add_str(aad, &envelope);
        }
        self.changes[leaf.id] = Some(Replacement::Encrypted(envelope));
    }
}

impl Visitor for Sealer<'_> {
    type Error = SopsError;

    fn comment_text(&mut self, leaf: &Leaf, _place: &Place) -> Result<String, SopsError> {
        Ok(comment_text(leaf))
    }

    fn comment(
        &mut self,
        leaf: &Leaf,
        place: &Place,
        text: String,
        encrypt: bool,
    ) -> Result<(), SopsError> {
        if encrypt && !text.is_empty() {
            let default_text = self.store.plain_comment(leaf, &text)?;
            self.remember_spelling(leaf, place, default_text.as_bytes());
            self.seal(leaf, text.as_bytes(), &place.aad, "comment", false);
        }
        Ok(())
    }

    fn value(&mut self, leaf: &Leaf, place: &Place, encrypt: bool) -> Result<(), SopsError> {
        let value = &leaf.value;
        self.mac.add(value, encrypt);
        let empty = matches!(value, Scalar::Null) || canonical_bytes(value).is_empty();
        if encrypt && !empty {
            // Bytes, so that a binary file's raw data compares without a copy (and
            // without a second, escaped copy in the layout when it is not UTF-8).
            let default_text = self.store.plain_bytes(leaf, value)?;
            self.remember_spelling(leaf, place, &default_text);
            self.seal(
                leaf,
                &canonical_bytes(value),
                &place.aad,
                type_name(value),
                true,
            );
        } else {
            self.expected.add(&place.aad, value);
        }
        Ok(())
    }

    fn node(&mut self, node: &Node, place: &Place) -> Result<(), SopsError> {
        if let Node::Alias { span, .. } = node {
            let alias = String::from_utf8_lossy(&self.src[span.clone()]).into_owned();
            self.layout.insert(place.stable_id(), Zeroizing::new(alias));
        }
        Ok(())
    }
}

/// Empties the values of the leaves that `changes` encrypts (none is read again).
fn drop_encrypted_values(entries: &mut [Entry], changes: &[Option<Replacement>]) {
    fn node(value: &mut Node, changes: &[Option<Replacement>]) {
        match value {
            Node::Map { entries, .. } => drop_encrypted_values(entries, changes),
            Node::List { items, .. } => items.iter_mut().for_each(|item| node(item, changes)),
            Node::Scalar(leaf) => {
                if let Some(Some(Replacement::Encrypted(_))) = changes.get(leaf.id) {
                    leaf.value = Scalar::Null;
                }
            }
            Node::Comment(_) | Node::Alias { .. } => {}
        }
    }
    for entry in entries {
        if let Entry::Pair { value, .. } = entry {
            node(value, changes);
        }
    }
}

/// A comment leaf's text.
pub(crate) fn comment_text(leaf: &Leaf) -> String {
    match &leaf.value {
        Scalar::Str(text) => text.clone(),
        other => String::from_utf8_lossy(&canonical_bytes(other)).into_owned(),
    }
}
