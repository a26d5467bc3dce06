//! Decrypting an encrypted file: the data key is recovered, every envelope opened and
//! checked against the MAC, and the plaintext written back in the file's own layout.

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::datakey::{self, Unwrapper};
use super::encrypt::comment_text;
use super::envelope::{Cipher, DataKey, looks_encrypted};
use super::error::SopsError;
use super::layout::{self, Layout, LayoutProblem};
use super::mac::{MacHasher, mac_aad};
use super::metadata::Metadata;
use super::scalar::{Decoded, decode};
use super::verify::{ValuesDigest, check_values};
use super::walk::{Place, Visitor, walk};
use crate::store::{Changes, Parsed, Replacement, Store, line_column};
use crate::tree::{Leaf, Node, Scalar, Span};

/// How to decrypt.
#[derive(Clone, Copy, Debug, Default)]
pub struct DecryptOptions {
    /// Skip the MAC check (values still have to authenticate).
    pub ignore_mac: bool,
}

/// A decrypted file, ready to be written in the store's syntax.
pub struct Opened {
    pub parsed: Parsed,
    pub metadata: Metadata,
    pub data_key: DataKey,
    pub cipher: Cipher,
    /// Why the original spellings were not used, if they were not.
    pub layout_problem: Option<LayoutProblem>,
    /// Every decrypted leaf in the store's default spelling (and the metadata removed).
    plain: Changes,
    /// Remembered original spellings: of leaves (by id) and of whole subtrees (by span).
    sources: Vec<(usize, String)>,
    subtrees: Vec<(Span, String)>,
    expected: ValuesDigest,
}

/// A decrypted file's bytes, and why its original spellings could not be used, if so.
pub struct Plaintext {
    /// Wiped when dropped.
    pub bytes: Zeroizing<Vec<u8>>,
    pub layout_problem: Option<LayoutProblem>,
}

/// Decrypts `src` to its plaintext bytes.
pub fn decrypt(
    store: &dyn Store,
    src: &[u8],
    keys: &mut dyn Unwrapper,
    options: DecryptOptions,
) -> Result<Plaintext, SopsError> {
    let opened = open_with(store, src, keys, options, Cipher::read_only)?;
    Ok(Plaintext {
        bytes: Zeroizing::new(opened.plaintext(store, src)?),
        layout_problem: opened.layout_problem,
    })
}

/// The metadata of an encrypted file, read without any key (who it is encrypted for).
pub fn read_metadata(store: &dyn Store, src: &[u8]) -> Result<Metadata, SopsError> {
    metadata_of(&store.parse(src)?)
}

fn metadata_of(parsed: &Parsed) -> Result<Metadata, SopsError> {
    Ok(Metadata::from_json(
        parsed
            .metadata
            .as_ref()
            .ok_or(SopsError::MetadataNotFound)?,
    )?)
}

/// Recovers the data key, decrypts every value and checks the MAC. The cipher remembers
/// every IV, so that re-encrypting keeps unchanged values' ciphertext.
pub fn open(
    store: &dyn Store,
    src: &[u8],
    keys: &mut dyn Unwrapper,
    options: DecryptOptions,
) -> Result<Opened, SopsError> {
    open_with(store, src, keys, options, Cipher::new)
}

fn open_with(
    store: &dyn Store,
    src: &[u8],
    keys: &mut dyn Unwrapper,
    options: DecryptOptions,
    new_cipher: fn(&DataKey) -> Cipher,
) -> Result<Opened, SopsError> {
    let parsed = store.parse(src)?;
    let metadata = metadata_of(&parsed)?;
    let data_key = datakey::recover(&metadata, keys)?;
    let mut cipher = new_cipher(&data_key);
    let (layout, layout_problem) = layout::open(metadata.layout.as_deref(), &mut cipher);

    let mut opener = Opener {
        src,
        cipher,
        layout,
        mac: MacHasher::new(metadata.mac_only_encrypted),
        changes: vec![None; parsed.leaf_count],
        sources: Vec::new(),
        subtrees: Vec::new(),
        expected: ValuesDigest::default(),
    };
    walk(&parsed.docs, &metadata.selector, &mut opener)?;
    let computed = opener.mac.finish();
    if !options.ignore_mac {
        verify_mac(&metadata, &mut opener.cipher, &computed)?;
    }
    Ok(Opened {
        parsed,
        metadata,
        data_key,
        cipher: opener.cipher,
        layout_problem,
        plain: Changes {
            leaves: opener.changes,
            subtrees: Vec::new(),
            metadata: None,
        },
        sources: opener.sources,
        subtrees: opener.subtrees,
        expected: opener.expected,
    })
}

impl Opened {
    /// The plaintext file: the original spellings where they are known and read back right,
    /// else every value in the store's default spelling.
    pub fn plaintext(&self, store: &dyn Store, src: &[u8]) -> Result<Vec<u8>, SopsError> {
        if !self.sources.is_empty() || !self.subtrees.is_empty() {
            let mut leaves = self.plain.leaves.clone();
            for (id, text) in &self.sources {
                leaves[*id] = Some(Replacement::Source(text.clone()));
            }
            let exact = Changes {
                leaves,
                subtrees: self.subtrees.clone(),
                metadata: None,
            };
            if let Ok(out) = store.emit(src, &self.parsed, &exact)
                && check_values(store, &out, &self.expected, "decrypted").is_ok()
            {
                return Ok(out);
            }
        }
        // Borrowed, not copied: a binary file's plaintext is as large as the file.
        let out = store.emit(src, &self.parsed, &self.plain)?;
        check_values(store, &out, &self.expected, "decrypted")?;
        Ok(out)
    }
}

fn verify_mac(metadata: &Metadata, cipher: &mut Cipher, computed: &str) -> Result<(), SopsError> {
    let aad = mac_aad(&metadata.lastmodified).ok_or(SopsError::MacUndecryptable)?;
    let stored = cipher
        .decrypt(&metadata.mac, aad.as_bytes())
        .map_err(|_| SopsError::MacUndecryptable)?;
    // Compared in constant time; neither hash is ever shown: with write access and no
    // key, a hash of the remaining values in a log would let anyone guess a short value.
    if bool::from(stored.plaintext.as_slice().ct_eq(computed.as_bytes())) {
        Ok(())
    } else {
        Err(SopsError::MacMismatch)
    }
}

/// The visitor that decrypts.
struct Opener<'a> {
    src: &'a [u8],
    cipher: Cipher,
    layout: Layout,
    mac: MacHasher,
    changes: Vec<Option<Replacement>>,
    sources: Vec<(usize, String)>,
    subtrees: Vec<(Span, String)>,
    expected: ValuesDigest,
}

impl Opener<'_> {
    fn place_error(&self, leaf: &Leaf, place: &Place) -> (String, usize, usize) {
        let (line, column) = line_column(self.src, leaf.span.start);
        (display_path(place), line, column)
    }

    /// Records a decrypted leaf, and its remembered original spelling if there is one.
    fn set_plain(&mut self, leaf: &Leaf, place: &Place, value: Scalar) {
        self.changes[leaf.id] = Some(Replacement::Plain(value));
        if let Some(text) = self.remembered(place) {
            self.sources.push((leaf.id, text));
        }
    }

    /// The original spelling remembered for this place, if any.
    fn remembered(&self, place: &Place) -> Option<String> {
        if self.layout.is_empty() {
            return None;
        }
        self.layout
            .get(&place.stable_id())
            .map(|text| text.to_string())
    }

    fn open_value(&mut self, leaf: &Leaf, place: &Place) -> Result<Decoded, SopsError> {
        let text = match &leaf.value {
            Scalar::Str(text) => text,
            other => {
                let (path, line, column) = self.place_error(leaf, place);
                return Err(SopsError::NotEncrypted {
                    path,
                    line,
                    column,
                    found: super::scalar::type_name(other),
                });
            }
        };
        let mut opened = self
            .cipher
            .decrypt(text, place.aad.as_bytes())
            .map_err(|source| {
                let (path, line, column) = self.place_error(leaf, place);
                SopsError::Value {
                    path,
                    line,
                    column,
                    source,
                }
            })?;
        decode(opened.type_name, std::mem::take(&mut *opened.plaintext)).map_err(|source| {
            let (path, line, column) = self.place_error(leaf, place);
            SopsError::ValueType {
                path,
                line,
                column,
                source,
            }
        })
    }
}

impl Visitor for Opener<'_> {
    type Error = SopsError;

    fn comment_text(&mut self, leaf: &Leaf, place: &Place) -> Result<String, SopsError> {
        let text = comment_text(leaf);
        if !looks_encrypted(&text) {
            return Ok(text);
        }
        // A comment that does not open is kept as it is, as sops does.
        match self.cipher.decrypt(&text, place.aad.as_bytes()) {
            Ok(opened) if opened.type_name == "comment" => {
                let plain = String::from_utf8_lossy(&opened.plaintext).into_owned();
                self.set_plain(leaf, place, Scalar::Str(plain.clone()));
                Ok(plain)
            }
            _ => Ok(text),
        }
    }

    fn comment(&mut self, _: &Leaf, _: &Place, _: String, _: bool) -> Result<(), SopsError> {
        Ok(())
    }

    fn value(&mut self, leaf: &Leaf, place: &Place, encrypt: bool) -> Result<(), SopsError> {
        let is_empty_string = matches!(&leaf.value, Scalar::Str(s) if s.is_empty());
        if !encrypt || matches!(leaf.value, Scalar::Null) || is_empty_string {
            self.mac.add(&leaf.value, encrypt);
            self.expected.add(&place.aad, &leaf.value);
            return Ok(());
        }
        match self.open_value(leaf, place)? {
            // sops writes an encrypted comment inside a list as a string item (§6.2).
            Decoded::Comment(text) => {
                self.changes[leaf.id] = Some(Replacement::Plain(Scalar::Str(text)))
            }
            Decoded::Value(value) => {
                self.mac.add(&value, true);
                self.expected.add(&place.aad, &value);
                self.set_plain(leaf, place, value);
            }
        }
        Ok(())
    }

    fn node(&mut self, node: &Node, place: &Place) -> Result<(), SopsError> {
        let span = match node {
            Node::Map { span, .. } | Node::List { span, .. } => span,
            _ => return Ok(()),
        };
        if let Some(text) = self.remembered(place) {
            self.subtrees.push((span.clone(), text));
        }
        Ok(())
    }

    /// Stable ids only find remembered spellings: none to find, none needed.
    fn uses_stable_ids(&self) -> bool {
        !self.layout.is_empty()
    }
}

/// A path as the user would address it: `a.b.c`, or `(top level)`.
fn display_path(place: &Place) -> String {
    if place.path.is_empty() {
        "(top level)".into()
    } else {
        place.path.join(".")
    }
}
