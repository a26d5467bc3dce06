//! A three-way merge of an encrypted file by key path, for git's merge driver (`secret git
//! merge-driver %O %A %B %L %P`). Base, ours and theirs are decrypted in memory; the
//! merged plaintext never touches the disk.
//!
//! * **Values** ([`values`]): a value changed on one side only takes that side's value; a
//!   key added or removed on one side is added or removed; a value changed differently on
//!   both sides (or changed on one and removed on the other) is a conflict, and its merged
//!   value is a string holding both sides between git's conflict markers
//!   (`<<<<<<< ours` … `=======` … `>>>>>>> theirs`), encrypted like any value. Lists
//!   are values as a whole.
//! * **Text** ([`text`]): the merged file is ours's plaintext with theirs's changes
//!   spliced in: ours's layout and comments stay, theirs's added keys come with their
//!   lines and comments where theirs put them. It is read back and must hold exactly the
//!   merged values.
//! * **Keys** ([`keys`]): recipients merge as sets; a rotated data key wins over the old
//!   one, and every value is then sealed under it.
//! * **Sealing**: under the chosen data key, by the same `seal` every write uses, with a
//!   cipher that has seen both sides' values, so a value either side left as it was keeps
//!   that side's ciphertext (ours's, for what neither side changed); a fresh MAC and
//!   `lastmodified`.

mod keys;
mod text;
pub mod values;

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use self::keys::{KeySide, KeyedMetadata, merge_metadata};
use self::text::{DocOp, Theirs};
use self::values::{Op, Value, display};
use super::OpError;
use crate::fsutil::write_atomic;
use crate::ops::file::read_file;
use crate::path::Step;
use crate::sops::datakey::Unwrapper;
use crate::sops::decrypt::{DecryptOptions, Opened, decrypt, open};
use crate::sops::encrypt::{comment_text, seal};
use crate::sops::envelope::{Cipher, DataKey, looks_encrypted};
use crate::sops::error::SopsError;
use crate::sops::metadata::Metadata;
use crate::sops::walk::{Place, Visitor, walk};
use crate::store::{Format, Parsed, Store, StoreError};
use crate::tree::{Leaf, Scalar};

pub use self::values::has_conflict_markers;

/// Which version of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Base,
    Ours,
    Theirs,
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            Side::Base => "the common ancestor's",
            Side::Ours => "our",
            Side::Theirs => "their",
        })
    }
}

/// Why a merge could not be made; git then marks the file conflicted, with ours in place.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error(transparent)]
    Read(OpError),
    #[error("{}: cannot open {side} version: {source}", file.display())]
    Open {
        file: PathBuf,
        side: Side,
        source: SopsError,
    },
    #[error("{}: {side} version is not encrypted (it has no sops metadata)", file.display())]
    NotEncrypted { file: PathBuf, side: Side },
    #[error("{}: both branches changed {what}, differently", file.display())]
    Metadata { file: PathBuf, what: &'static str },
    #[error("{}: the branches changed the number of YAML documents differently", file.display())]
    Documents { file: PathBuf },
    #[error("{}: cannot write the merged values into the file exactly: {source}", file.display())]
    Layout { file: PathBuf, source: StoreError },
    #[error("{}: cannot wrap the data key for the merged recipients: {reason}", file.display())]
    Wrap { file: PathBuf, reason: String },
    #[error("{}: cannot encrypt the merged file: {source}", file.display())]
    Seal { file: PathBuf, source: SopsError },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: git's text merge failed: {source}", file.display())]
    TextMerge {
        file: PathBuf,
        source: crate::git::GitError,
    },
}

impl MergeError {
    /// Non-zero, as git needs; sops's code where there is one (128: no key).
    pub fn exit_code(&self) -> i32 {
        match self {
            MergeError::Open { source, .. } => source.exit_code(),
            MergeError::Read(error) => error.exit_code(),
            MergeError::Write { .. } => 3,
            _ => 1,
        }
    }
}

/// The three versions git hands the driver, and how to read them.
pub struct MergeInput<'a> {
    /// The common ancestor (empty when there is none).
    pub base: &'a [u8],
    pub ours: &'a [u8],
    pub theirs: &'a [u8],
    /// The file's name in the repository (`%P`), for its format and for messages.
    pub name: &'a Path,
    pub format: Format,
    /// The length of conflict markers (`%L`).
    pub marker: usize,
}

/// A merged file: its encrypted bytes, and the values that hold a conflict.
pub struct Merged {
    pub bytes: Vec<u8>,
    /// Key paths, as `display` writes them.
    pub conflicts: Vec<String>,
    /// Set when the merged file is sealed under a data key one branch rotated to.
    pub rotated: Option<Side>,
    /// Neither side is encrypted: git's text merge was done instead (conflicts, if any,
    /// are marked in the text as git marks them).
    pub text_merge: bool,
    /// The common ancestor could not be decrypted (no key of this user opens it): every
    /// value the two sides hold differently is a conflict.
    pub base_unreadable: bool,
}

/// Merges the three files named as git names them for a driver (`%O %A %B`), writing the
/// result over ours (`%A`) when it could be made, conflicts included; on an error ours is
/// left as it was.
pub fn merge_files(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    name: &Path,
    marker: usize,
    keys: &mut dyn Unwrapper,
) -> Result<Merged, MergeError> {
    let read = |path: &Path| {
        read_file(path)
            .map(Zeroizing::new)
            .map_err(MergeError::Read)
    };
    let (base_bytes, ours_bytes, theirs_bytes) = (read(base)?, read(ours)?, read(theirs)?);
    let format = Format::from_path(name);
    let merged = merge(
        &MergeInput {
            base: &base_bytes,
            ours: &ours_bytes,
            theirs: &theirs_bytes,
            name,
            format,
            marker,
        },
        keys,
    );
    let is_sops = |bytes: &[u8]| {
        format
            .store()
            .parse(bytes)
            .is_ok_and(|parsed| parsed.metadata.is_some())
    };
    let merged = match merged {
        Err(MergeError::NotEncrypted { .. })
            if !is_sops(&ours_bytes) && !is_sops(&theirs_bytes) =>
        {
            // Not an encrypted file (a pattern of .gitattributes covers more than the
            // rules): merged as git would.
            let clean = crate::git::merge_file(ours, base, theirs, marker).map_err(|source| {
                MergeError::TextMerge {
                    file: name.to_path_buf(),
                    source,
                }
            })?;
            return Ok(Merged {
                bytes: Vec::new(),
                conflicts: if clean {
                    Vec::new()
                } else {
                    vec!["(text)".into()]
                },
                rotated: None,
                text_merge: true,
                base_unreadable: false,
            });
        }
        other => other?,
    };
    write_atomic(ours, &merged.bytes).map_err(|source| MergeError::Write {
        path: name.to_path_buf(),
        source,
    })?;
    Ok(merged)
}

/// One side, decrypted.
struct Version {
    metadata: Metadata,
    key: DataKey,
    /// `None` for a base read only.
    opened: Option<Opened>,
    plaintext: Zeroizing<Vec<u8>>,
    /// The plaintext, parsed.
    parsed: Parsed,
    docs: Vec<Value>,
}

/// Merges three versions of an encrypted file in memory.
pub fn merge(input: &MergeInput, keys: &mut dyn Unwrapper) -> Result<Merged, MergeError> {
    let store = input.format.store();
    let store = store.as_ref();
    let file = input.name;
    let ours = open_side(store, input.ours, Side::Ours, file, keys)?;
    let theirs = open_side(store, input.theirs, Side::Theirs, file, keys)?;
    let base = open_base(store, input.base, file, keys)?;
    let base_unreadable = base.is_none() && !input.base.iter().all(u8::is_ascii_whitespace);

    let (metadata, key_side) = merge_metadata(
        file,
        base.as_ref().and_then(|b| b.0.as_ref()),
        base.as_ref().and_then(|b| b.1.as_ref()),
        KeyedMetadata {
            metadata: &ours.metadata,
            key: &ours.key,
        },
        KeyedMetadata {
            metadata: &theirs.metadata,
            key: &theirs.key,
        },
    )?;
    let base_docs = base.as_ref().map(|b| b.2.as_slice());
    let (plaintext, conflicts) = merged_plaintext(store, input, base_docs, &ours, &theirs)?;

    let rotated = match (key_side, base.as_ref().and_then(|b| b.1.as_ref())) {
        (KeySide::Theirs, Some(_)) => Some(Side::Theirs),
        (KeySide::Ours, Some(key)) if key.as_bytes() != ours.key.as_bytes() => Some(Side::Ours),
        _ => None,
    };
    // Nothing to change on one side: that side's file as it is (no new MAC or timestamp).
    let unchanged = |side: &Version| {
        // Timestamp, MAC and layout blob aside: they follow from the values.
        let mut mine = metadata.clone();
        mine.lastmodified.clone_from(&side.metadata.lastmodified);
        mine.mac.clone_from(&side.metadata.mac);
        mine.layout.clone_from(&side.metadata.layout);
        *plaintext == *side.plaintext && mine.to_json() == side.metadata.to_json()
    };
    let as_it_is = if key_side != KeySide::Theirs && unchanged(&ours) {
        Some(input.ours.to_vec())
    } else if key_side != KeySide::Ours && unchanged(&theirs) {
        Some(input.theirs.to_vec())
    } else {
        None
    };
    let bytes = match as_it_is {
        Some(bytes) => bytes,
        None => {
            let cipher = cipher_for(key_side, ours, theirs);
            seal(store, &plaintext, metadata, &cipher).map_err(|source| MergeError::Seal {
                file: file.to_path_buf(),
                source,
            })?
        }
    };
    Ok(Merged {
        bytes,
        conflicts,
        rotated,
        text_merge: false,
        base_unreadable,
    })
}

fn open_side(
    store: &dyn Store,
    src: &[u8],
    side: Side,
    file: &Path,
    keys: &mut dyn Unwrapper,
) -> Result<Version, MergeError> {
    let open_error = |source: SopsError| match source {
        SopsError::MetadataNotFound => MergeError::NotEncrypted {
            file: file.to_path_buf(),
            side,
        },
        source => MergeError::Open {
            file: file.to_path_buf(),
            side,
            source,
        },
    };
    let opened = open(store, src, keys, DecryptOptions::default()).map_err(open_error)?;
    let plaintext = Zeroizing::new(opened.plaintext(store, src).map_err(open_error)?);
    let parsed = store.parse(&plaintext).map_err(|e| open_error(e.into()))?;
    let docs = Value::documents(&parsed.docs);
    Ok(Version {
        metadata: opened.metadata.clone(),
        key: opened.data_key.clone(),
        opened: Some(opened),
        plaintext,
        parsed,
        docs,
    })
}

/// The common ancestor's metadata, data key and values; `None` when there is none (an
/// empty file). A plaintext ancestor gives its values alone.
#[allow(clippy::type_complexity)]
fn open_base(
    store: &dyn Store,
    src: &[u8],
    file: &Path,
    keys: &mut dyn Unwrapper,
) -> Result<Option<(Option<Metadata>, Option<DataKey>, Vec<Value>)>, MergeError> {
    if src.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let open_error = |source: SopsError| MergeError::Open {
        file: file.to_path_buf(),
        side: Side::Base,
        source,
    };
    let parsed = store.parse(src).map_err(|e| open_error(e.into()))?;
    if parsed.metadata.is_none() {
        return Ok(Some((None, None, Value::documents(&parsed.docs))));
    }
    match open_side(store, src, Side::Base, file, keys) {
        Ok(version) => Ok(Some((
            Some(version.metadata),
            Some(version.key),
            version.docs,
        ))),
        // An ancestor for recipients who no longer include this user: merged as if there
        // were none, so that every difference is a conflict rather than a guess.
        Err(MergeError::Open {
            source: SopsError::NoKey { .. },
            ..
        }) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The merged plaintext and the paths of its conflicts.
fn merged_plaintext(
    store: &dyn Store,
    input: &MergeInput,
    base: Option<&[Value]>,
    ours: &Version,
    theirs: &Version,
) -> Result<(Zeroizing<Vec<u8>>, Vec<String>), MergeError> {
    let file = input.name;
    let same_docs =
        |a: &[Value], b: &[Value]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y));
    if input.format == Format::Binary {
        return Ok(merged_binary(base, ours, theirs, input.marker));
    }
    if ours.docs.len() != theirs.docs.len() || base.is_some_and(|b| b.len() != ours.docs.len()) {
        return match base {
            Some(b) if same_docs(b, &ours.docs) => Ok((theirs.plaintext.clone(), Vec::new())),
            Some(b) if same_docs(b, &theirs.docs) => Ok((ours.plaintext.clone(), Vec::new())),
            _ => Err(MergeError::Documents {
                file: file.to_path_buf(),
            }),
        };
    }
    let mut ops: Vec<DocOp> = Vec::new();
    let mut merged = Vec::new();
    let mut conflicts = Vec::new();
    for (index, (o, t)) in ours.docs.iter().zip(&theirs.docs).enumerate() {
        let plan = values::merge(base.and_then(|b| b.get(index)), o, t, input.marker);
        conflicts.extend(plan.conflicts.iter().map(|p| display(p)));
        ops.extend(plan.ops.into_iter().map(|op| (index, op)));
        merged.push(plan.merged);
    }
    if ops.iter().any(|(_, op)| op.path().is_empty()) {
        // A whole document changed (a mapping with repeated keys merges as one value).
        if ours.docs.len() == 1 && matches!(ops.as_slice(), [(_, Op::Take(_))]) {
            return Ok((theirs.plaintext.clone(), conflicts));
        }
        return Err(MergeError::Layout {
            file: file.to_path_buf(),
            source: StoreError::new(
                crate::store::StoreErrorKind::NotExact,
                "a mapping with repeated keys changed on both sides",
            ),
        });
    }
    let theirs_text = Theirs {
        src: &theirs.plaintext,
        parsed: &theirs.parsed,
    };
    let reads_back = |bytes: &[u8]| {
        store
            .parse(bytes)
            .is_ok_and(|p| same_docs(&Value::documents(&p.docs), &merged))
    };
    let faithful = text::faithful(
        store,
        input.format,
        (&ours.plaintext, &ours.parsed),
        &theirs_text,
        &ops,
        &merged,
    )
    .map(Zeroizing::new);
    if let Ok(bytes) = &faithful
        && reads_back(bytes)
    {
        return Ok((faithful.expect("checked"), conflicts));
    }
    let plain = text::plain(store, &ours.plaintext, &ops, &merged)
        .map(Zeroizing::new)
        .map_err(|source| MergeError::Layout {
            file: file.to_path_buf(),
            source,
        })?;
    if reads_back(&plain) {
        return Ok((plain, conflicts));
    }
    Err(MergeError::Layout {
        file: file.to_path_buf(),
        source: StoreError::new(
            crate::store::StoreErrorKind::NotExact,
            "the merged file does not read back as the merged values",
        ),
    })
}

/// A binary file is one value: taken from the side that changed it, or both sides
/// between conflict markers.
fn merged_binary(
    base: Option<&[Value]>,
    ours: &Version,
    theirs: &Version,
    marker: usize,
) -> (Zeroizing<Vec<u8>>, Vec<String>) {
    let same =
        |a: &[Value], b: &[Value]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y));
    if same(&ours.docs, &theirs.docs) || base.is_some_and(|b| same(b, &theirs.docs)) {
        return (ours.plaintext.clone(), Vec::new());
    }
    if base.is_some_and(|b| same(b, &ours.docs)) {
        return (theirs.plaintext.clone(), Vec::new());
    }
    // Byte for byte: a binary file need not be UTF-8.
    let mut bytes = Zeroizing::new(Vec::new());
    let mut side = |header: String, version: &Version| {
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(&version.plaintext);
        if !version.plaintext.ends_with(b"\n") {
            bytes.push(b'\n');
        }
    };
    side(format!("{} ours\n", "<".repeat(marker)), ours);
    side(format!("{}\n", "=".repeat(marker)), theirs);
    bytes.extend_from_slice(format!("{} theirs\n", ">".repeat(marker)).as_bytes());
    (bytes, vec![display(&[Step::Key("data".into())])])
}

/// The cipher of the chosen data key, having seen the values of every side sealed under
/// it, so that each keeps its ciphertext.
fn cipher_for(side: KeySide, ours: Version, theirs: Version) -> Cipher {
    let (chosen, other) = match side {
        KeySide::Theirs => (theirs, ours),
        KeySide::Ours | KeySide::Both => (ours, theirs),
    };
    let opened = chosen.opened.expect("both sides are opened");
    let chosen_parsed = Some(opened.parsed);
    let mut cipher = opened.cipher;
    if side == KeySide::Both
        && let (Some(opened), Some(mine)) = (&other.opened, &chosen_parsed)
    {
        // Envelopes the chosen side has too are remembered already.
        let mut known = std::collections::HashSet::new();
        for doc in &mine.docs {
            crate::tree::entries_for_each_leaf(&doc.entries, &mut |leaf| {
                if let Scalar::Str(text) = &leaf.value {
                    known.insert(text.as_str());
                }
            });
        }
        let mut stash = Stash {
            cipher: &mut cipher,
            known,
        };
        let _ = walk(&opened.parsed.docs, &opened.metadata.selector, &mut stash);
    }
    cipher
}

/// Decrypts every envelope of a file with a cipher, so that it remembers their IVs.
struct Stash<'c> {
    cipher: &'c mut Cipher,
    /// Envelopes not to decrypt again.
    known: std::collections::HashSet<&'c str>,
}

impl Visitor for Stash<'_> {
    type Error = std::convert::Infallible;

    fn comment_text(&mut self, leaf: &Leaf, place: &Place) -> Result<String, Self::Error> {
        let text = comment_text(leaf);
        // Comments are always opened: comment rules decide on their plaintext.
        if looks_encrypted(&text)
            && let Ok(opened) = self.cipher.decrypt(&text, place.aad.as_bytes())
        {
            return Ok(String::from_utf8_lossy(&opened.plaintext).into_owned());
        }
        Ok(text)
    }

    fn comment(&mut self, _: &Leaf, _: &Place, _: String, _: bool) -> Result<(), Self::Error> {
        Ok(())
    }

    fn value(&mut self, leaf: &Leaf, place: &Place, encrypt: bool) -> Result<(), Self::Error> {
        if let (true, Scalar::Str(text)) = (encrypt, &leaf.value)
            && looks_encrypted(text)
            && !self.known.contains(text.as_str())
        {
            let _ = self.cipher.decrypt(text, place.aad.as_bytes());
        }
        Ok(())
    }

    fn uses_stable_ids(&self) -> bool {
        false
    }
}

/// Whether a decrypted file still holds a value with conflict markers: the key paths of
/// those values.
pub fn unresolved_conflicts(
    store: &dyn Store,
    src: &[u8],
    keys: &mut dyn Unwrapper,
) -> Result<Vec<String>, SopsError> {
    let plaintext = Zeroizing::new(decrypt(store, src, keys, DecryptOptions::default())?.bytes);
    let parsed = store.parse(&plaintext)?;
    let mut found = Vec::new();
    crate::ops::keypath::for_each_value(&parsed.docs, &mut |_, path, leaf| {
        let text = match &leaf.value {
            Scalar::Str(text) => std::borrow::Cow::Borrowed(text.as_str()),
            Scalar::Bytes(bytes) => String::from_utf8_lossy(bytes),
            _ => return,
        };
        if has_conflict_markers(&text) {
            found.push(display(path));
        }
    });
    Ok(found)
}

#[cfg(test)]
mod tests;
