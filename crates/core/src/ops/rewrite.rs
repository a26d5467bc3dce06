//! Changing an encrypted file in place: the file is locked for the whole
//! read-modify-write, every value that did not change keeps its ciphertext, and the result
//! is written atomically (so the diff shows only what changed, `lastmodified` and `mac`).

use std::path::Path;

use serde_json::Value;

use super::{EncryptedFile, OpError, OpenFile};
use crate::fsutil::{FileLock, write_atomic};
use crate::keys::{KeyRing, recipient_of};
use crate::path::Step;
use crate::sops::datakey::{self, MasterKey};
use crate::sops::encrypt::{EncryptOptions, seal};
use crate::sops::envelope::{Cipher, DataKey};
use crate::sops::metadata::{Metadata, StoredKey};
use crate::store::{Changes, Parsed, Store};

/// Locks the file, applies `edit` to its plaintext, and writes it back encrypted under the
/// same data key and metadata (`version` included); `edit` giving `None` leaves the file.
/// Whether the file was written.
pub fn rewrite<E: From<OpError>>(
    file: &EncryptedFile,
    edit: impl FnOnce(&dyn Store, &[u8], &Parsed) -> Result<Option<Vec<u8>>, E>,
) -> Result<bool, E> {
    let _lock = lock(&file.path)?;
    let open = file.open(&mut KeyRing::default())?;
    let plaintext = open.plaintext()?;
    let store = open.store.as_ref();
    let parsed = store
        .parse(&plaintext)
        .map_err(|e| OpError::sops(&file.path)(e.into()))?;
    let Some(edited) = edit(store, &plaintext, &parsed)? else {
        return Ok(false);
    };
    let encrypted = seal(store, &edited, open.opened.metadata, &open.opened.cipher)
        .map_err(OpError::sops(&file.path))?;
    write(&file.path, &encrypted)?;
    Ok(true)
}

/// Sets the value at `path` (a scalar or a whole subtree), adding missing keys.
pub fn set(file: &EncryptedFile, path: &[Step], value: &Value) -> Result<(), OpError> {
    rewrite(file, |store, src, parsed| {
        let edited = store.set(src, parsed, path, value);
        Ok(Some(
            edited.map_err(|e| OpError::sops(&file.path)(e.into()))?,
        ))
    })
    .map(drop)
}

/// Removes the key or list item at `path`.
pub fn unset(file: &EncryptedFile, path: &[Step]) -> Result<(), OpError> {
    rewrite(file, |store, src, parsed| {
        let edited = store.unset(src, parsed, path);
        Ok(Some(
            edited.map_err(|e| OpError::sops(&file.path)(e.into()))?,
        ))
    })
    .map(drop)
}

/// Re-encrypts every value under a new data key, wrapped for the same recipients.
pub fn rotate(file: &EncryptedFile) -> Result<(), OpError> {
    rotate_with(file, None)
}

/// Re-encrypts every value under a new data key wrapped for the key groups of `wanted`:
/// a re-keying and a rotation in one write (for a recipient who leaves).
pub fn rotate_for(file: &EncryptedFile, wanted: &EncryptOptions) -> Result<(), OpError> {
    rotate_with(file, Some(wanted))
}

fn rotate_with(file: &EncryptedFile, wanted: Option<&EncryptOptions>) -> Result<(), OpError> {
    let _lock = lock(&file.path)?;
    let open = file.open(&mut KeyRing::default())?;
    let plaintext = open.plaintext()?;
    let sops_error = OpError::sops(&file.path);
    let data_key = DataKey::generate();
    let mut metadata = open.opened.metadata;
    match wanted {
        Some(wanted) => {
            let threshold = wanted.shamir_threshold.min(wanted.key_groups.len());
            metadata.key_groups = datakey::wrap(&data_key, &wanted.key_groups, threshold)
                .map_err(OpError::sops(&file.path))?;
            metadata.shamir_threshold = if wanted.key_groups.len() > 1 {
                threshold
            } else {
                0
            };
        }
        None => {
            let groups = metadata
                .key_groups
                .iter()
                .map(|group| {
                    group
                        .iter()
                        .map(recipient_of)
                        .collect::<Result<Vec<_>, _>>()
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|reason| OpError::Rekey {
                    file: file.path.clone(),
                    reason: reason.to_string(),
                })?;
            metadata.key_groups = datakey::wrap(&data_key, &groups, metadata.shamir_threshold)
                .map_err(OpError::sops(&file.path))?;
        }
    }
    let store = open.store.as_ref();
    let rotated = seal(store, &plaintext, metadata, &Cipher::new(&data_key)).map_err(sops_error)?;
    write(&file.path, &rotated)
}

/// How many key groups a file re-keyed for `wanted` needs to be opened.
fn wanted_threshold(wanted: &EncryptOptions) -> usize {
    match (wanted.key_groups.len(), wanted.shamir_threshold) {
        (0 | 1, _) => 1,
        (groups, 0) => groups,
        (groups, threshold) => threshold.min(groups),
    }
}

/// How a file's recipients differ from those it should have: who each group gains and
/// loses, and the Shamir threshold when it changes.
#[derive(Debug, Default, PartialEq)]
pub struct Drift {
    pub changes: Vec<GroupChange>,
    /// How many groups open it now and should, when the two differ.
    pub threshold: Option<(usize, usize)>,
}

impl Drift {
    /// Whether the file already has the recipients it should have.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.threshold.is_none()
    }
}

/// How the recipients of a file with `metadata` lag `wanted` (read without any key).
pub fn drift(metadata: &Metadata, wanted: &EncryptOptions) -> Drift {
    let (now, wanted_now) = (metadata.effective_threshold(), wanted_threshold(wanted));
    Drift {
        changes: group_changes(&metadata.key_groups, &wanted.key_groups),
        threshold: (now != wanted_now).then_some((now, wanted_now)),
    }
}

/// Who a re-keying adds and removes in one key group.
#[derive(Debug, Default, PartialEq)]
pub struct GroupChange {
    pub group: usize,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// Re-wraps the file's data key for the key groups of `wanted` (values, MAC and
/// `lastmodified` unchanged). `approve` sees the changes first and may decline; nothing is
/// written when nothing changes. Whether the file was written.
pub fn update_keys<E: From<OpError>>(
    file: &EncryptedFile,
    wanted: &EncryptOptions,
    approve: impl FnOnce(&[GroupChange]) -> Result<bool, E>,
) -> Result<bool, E> {
    let _lock = lock(&file.path)?;
    let open = file.open(&mut KeyRing::default())?;
    let threshold = wanted.shamir_threshold.min(wanted.key_groups.len());
    let Drift { changes, .. } = match drift(&open.opened.metadata, wanted) {
        drift if drift.is_empty() => return Ok(false),
        drift => drift,
    };
    if !approve(&changes)? {
        return Ok(false);
    }
    let updated = rekeyed(&open, wanted, threshold)?;
    write(&file.path, &updated)?;
    Ok(true)
}

/// The file's bytes with its data key wrapped for `wanted`, every value as it was.
fn rekeyed(open: &OpenFile, wanted: &EncryptOptions, threshold: usize) -> Result<Vec<u8>, OpError> {
    let sops_error = OpError::sops(&open.file.path);
    let mut metadata = open.opened.metadata.clone();
    metadata.key_groups =
        datakey::wrap(&open.opened.data_key, &wanted.key_groups, threshold).map_err(sops_error)?;
    metadata.shamir_threshold = if wanted.key_groups.len() > 1 {
        threshold
    } else {
        0
    };
    let changes = Changes {
        leaves: vec![None; open.opened.parsed.leaf_count],
        subtrees: Vec::new(),
        metadata: Some(metadata.to_json()),
    };
    open.store
        .emit(&open.source, &open.opened.parsed, &changes)
        .map_err(|e| OpError::sops(&open.file.path)(e.into()))
}

/// Who is added and removed, group by group; empty when nothing changes.
fn group_changes(
    current: &[Vec<StoredKey>],
    wanted: &[Vec<Box<dyn MasterKey>>],
) -> Vec<GroupChange> {
    let mut changes = Vec::new();
    for group in 0..current.len().max(wanted.len()) {
        let now: Vec<String> = current
            .get(group)
            .map(|g| g.iter().map(StoredKey::describe).collect())
            .unwrap_or_default();
        let next: Vec<String> = wanted
            .get(group)
            .map(|g| g.iter().map(|r| r.describe()).collect())
            .unwrap_or_default();
        let change = GroupChange {
            group,
            added: next.iter().filter(|k| !now.contains(k)).cloned().collect(),
            removed: now.iter().filter(|k| !next.contains(k)).cloned().collect(),
        };
        if !change.added.is_empty() || !change.removed.is_empty() {
            changes.push(change);
        }
    }
    if changes.is_empty() && current.len() != wanted.len() {
        changes.push(GroupChange {
            group: current.len().min(wanted.len()),
            ..GroupChange::default()
        });
    }
    changes
}

/// An exclusive lock on the file for a read-modify-write.
pub(super) fn lock(path: &Path) -> Result<FileLock, OpError> {
    FileLock::acquire(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => OpError::MissingFile(path.into()),
        _ => OpError::Read {
            path: path.into(),
            source,
        },
    })
}

/// Replaces the file atomically.
pub(super) fn write(path: &Path, bytes: &[u8]) -> Result<(), OpError> {
    write_atomic(path, bytes).map_err(|source| OpError::Write {
        path: path.into(),
        source,
    })
}
