//! Decrypting an encrypted file: the data key is recovered, every envelope opened and
//! checked against the MAC, and the plaintext written back in the file's own layout.

use super::datakey::{self, Unwrapper};
use super::encrypt::comment_text;
use super::envelope::{Cipher, DataKey, EnvelopeError, IvMemo, looks_encrypted};
use super::error::SopsError;
use super::layout::{self, Layout};
use super::mac::{MacHasher, mac_aad};
use super::metadata::Metadata;
use super::parallel;
use super::rules::Selector;
use super::scalar::{Decoded, ScalarError, decode};
use super::verify::{ValuesDigest, check_values};
use super::walk::{Place, Visitor, walk};
use crate::store::{Changes, Parsed, Replacement, Store, line_column};
use crate::tree::{Leaf, Node, Scalar, Span, entries_for_each_leaf};

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
    /// Every decrypted leaf in the store's default spelling.
    changes: Vec<Option<Replacement>>,
    /// Remembered original spellings: of leaves (by id) and of whole subtrees (by span).
    sources: Vec<(usize, String)>,
    subtrees: Vec<(Span, String)>,
    expected: ValuesDigest,
}

/// Decrypts `src` to its plaintext bytes.
pub fn decrypt(
    store: &dyn Store,
    src: &[u8],
    keys: &mut dyn Unwrapper,
    options: DecryptOptions,
) -> Result<Vec<u8>, SopsError> {
    let opened = open_with(store, src, keys, options, Cipher::read_only)?;
    opened.plaintext(store, src)
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
    let layout = layout::open(metadata.layout.as_deref(), &mut cipher);

    let mut opener = Opener {
        src,
        cipher,
        layout,
        mac: MacHasher::new(metadata.mac_only_encrypted),
        values: Vec::new(),
        changes: vec![None; parsed.leaf_count],
        sources: Vec::new(),
        subtrees: Vec::new(),
        expected: ValuesDigest::default(),
    };
    walk(&parsed.docs, &metadata.selector, &mut opener)?;
    opener.open_values(&parsed, &metadata.selector)?;
    let computed = opener.mac.finish();
    if !options.ignore_mac {
        verify_mac(&metadata, &mut opener.cipher, &computed)?;
    }
    Ok(Opened {
        parsed,
        metadata,
        data_key,
        cipher: opener.cipher,
        changes: opener.changes,
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
            let mut leaves = self.changes.clone();
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
        let plain = Changes {
            leaves: self.changes.clone(),
            subtrees: Vec::new(),
            metadata: None,
        };
        let out = store.emit(src, &self.parsed, &plain)?;
        check_values(store, &out, &self.expected, "decrypted")?;
        Ok(out)
    }
}

fn verify_mac(metadata: &Metadata, cipher: &mut Cipher, computed: &str) -> Result<(), SopsError> {
    let aad = mac_aad(&metadata.lastmodified).ok_or(SopsError::MacUndecryptable)?;
    let stored = cipher
        .decrypt(&metadata.mac, aad.as_bytes())
        .map_err(|_| SopsError::MacUndecryptable)?;
    let stored = String::from_utf8_lossy(&stored.plaintext).into_owned();
    if stored != computed {
        return Err(SopsError::MacMismatch {
            stored,
            computed: computed.to_string(),
        });
    }
    Ok(())
}

/// The visitor that decrypts: the walk sets the values aside, in order, and
/// `open_values` opens them (on two threads when there are many) and feeds the MAC.
struct Opener<'a> {
    src: &'a [u8],
    cipher: Cipher,
    layout: Layout,
    mac: MacHasher,
    values: Vec<SetAside>,
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
        self.layout.get(&place.stable_id()).cloned()
    }

    /// Opens the values the walk set aside and feeds them, in walk order, to the MAC and
    /// the read-back digest; the first value that does not open is the error.
    fn open_values(&mut self, parsed: &Parsed, selector: &Selector) -> Result<(), SopsError> {
        let leaves = leaves_by_id(parsed);
        let sealed: Vec<(&str, &str)> = self
            .values
            .iter()
            .filter(|value| value.sealed.is_some())
            .map(|value| (envelope_text(leaves[value.leaf_id]), value.aad.as_str()))
            .collect();
        let cipher = &self.cipher;
        let mut opened =
            parallel::map(&sealed, |(text, aad)| open_one(cipher, text, aad)).into_iter();
        for value in std::mem::take(&mut self.values) {
            let leaf = leaves[value.leaf_id];
            let Some(remembered) = value.sealed else {
                self.mac.add(&leaf.value, value.encrypt);
                self.expected.add(&value.aad, &leaf.value);
                continue;
            };
            let (decoded, memo) = opened
                .next()
                .expect("one result per sealed value")
                .map_err(|error| self.value_error(error, leaf, parsed, selector))?;
            self.cipher.remember(memo);
            match decoded {
                // sops writes an encrypted comment inside a list as a string item (§6.2).
                Decoded::Comment(text) => {
                    self.changes[leaf.id] = Some(Replacement::Plain(Scalar::Str(text)))
                }
                Decoded::Value(plain) => {
                    self.mac.add(&plain, true);
                    self.expected.add(&value.aad, &plain);
                    self.changes[leaf.id] = Some(Replacement::Plain(plain));
                    if let Some(text) = remembered {
                        self.sources.push((leaf.id, text));
                    }
                }
            }
        }
        Ok(())
    }

    fn value_error(
        &self,
        error: ValueError,
        leaf: &Leaf,
        parsed: &Parsed,
        selector: &Selector,
    ) -> SopsError {
        let (line, column) = line_column(self.src, leaf.span.start);
        let path = path_of(parsed, selector, leaf.id);
        match error {
            ValueError::Envelope(source) => SopsError::Value {
                path,
                line,
                column,
                source,
            },
            ValueError::Type(source) => SopsError::ValueType {
                path,
                line,
                column,
                source,
            },
        }
    }
}

/// A value the walk set aside, to be opened after it.
struct SetAside {
    leaf_id: usize,
    aad: String,
    /// Whether the rules encrypt it.
    encrypt: bool,
    /// `Some` for an envelope to open, with the original spelling remembered for it.
    sealed: Option<Option<String>>,
}

/// Why a value did not open.
enum ValueError {
    Envelope(EnvelopeError),
    Type(ScalarError),
}

fn open_one(
    cipher: &Cipher,
    text: &str,
    aad: &str,
) -> Result<(Decoded, Option<IvMemo>), ValueError> {
    let (mut opened, memo) = cipher
        .open(text, aad.as_bytes())
        .map_err(ValueError::Envelope)?;
    let decoded = decode(opened.type_name, std::mem::take(&mut *opened.plaintext))
        .map_err(ValueError::Type)?;
    Ok((decoded, memo))
}

/// The text of a leaf the walk found to be a string.
fn envelope_text(leaf: &Leaf) -> &str {
    match &leaf.value {
        Scalar::Str(text) => text,
        _ => unreachable!("only strings are set aside to open"),
    }
}

/// Every leaf of the tree by its id.
fn leaves_by_id(parsed: &Parsed) -> Vec<&Leaf> {
    let mut leaves: Vec<Option<&Leaf>> = vec![None; parsed.leaf_count];
    for doc in &parsed.docs {
        entries_for_each_leaf(&doc.entries, &mut |leaf| {
            leaves[leaf.id].get_or_insert(leaf);
        });
    }
    leaves
        .into_iter()
        .map(|leaf| leaf.expect("every leaf id is in the tree"))
        .collect()
}

/// The path of the leaf `id`, as the user would address it (for an error message).
fn path_of(parsed: &Parsed, selector: &Selector, id: usize) -> String {
    struct Locator(usize, Option<String>);
    impl Visitor for Locator {
        type Error = std::convert::Infallible;
        fn comment_text(&mut self, _: &Leaf, _: &Place) -> Result<String, Self::Error> {
            Ok(String::new())
        }
        fn comment(&mut self, _: &Leaf, _: &Place, _: String, _: bool) -> Result<(), Self::Error> {
            Ok(())
        }
        fn value(&mut self, leaf: &Leaf, place: &Place, _: bool) -> Result<(), Self::Error> {
            if leaf.id == self.0 && self.1.is_none() {
                self.1 = Some(display_path(place));
            }
            Ok(())
        }
        fn uses_stable_ids(&self) -> bool {
            false
        }
    }
    let mut locator = Locator(id, None);
    walk(&parsed.docs, selector, &mut locator).unwrap_or_else(|never| match never {});
    locator.1.unwrap_or_default()
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
        let sealed = if !encrypt || matches!(leaf.value, Scalar::Null) || is_empty_string {
            None
        } else if let Scalar::Str(_) = leaf.value {
            Some(self.remembered(place))
        } else {
            let (path, line, column) = self.place_error(leaf, place);
            return Err(SopsError::NotEncrypted {
                path,
                line,
                column,
                found: super::scalar::type_name(&leaf.value),
            });
        };
        self.values.push(SetAside {
            leaf_id: leaf.id,
            aad: place.aad.clone(),
            encrypt,
            sealed,
        });
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
