//! Changing an encrypted file in place: the file is locked for the whole
//! read-modify-write, every value that did not change keeps its ciphertext, and the result
//! is written atomically (so the diff shows only what changed, `lastmodified` and `mac`).

use std::path::Path;

use serde_json::Value;

use super::{EncryptedFile, OpError, OpenFile};
use crate::convert::{Data, Style, convert_styled, node_data};
use crate::fsutil::{FileLock, write_atomic};
use crate::keys::{KeyRing, recipient_of};
use crate::path::{self, Step};
use crate::sops::datakey::{self, MasterKey};
use crate::sops::encrypt::{EncryptOptions, seal};
use crate::sops::envelope::{Cipher, DataKey};
use crate::sops::metadata::{Metadata, StoredKey};
use crate::store::{Changes, Format, Parsed, Store, StoreErrorKind};
use crate::tree::Scalar;

/// Locks the file, applies `edit` to its plaintext, and writes it back encrypted under the
/// same data key and metadata (`version` included); `edit` giving `None` leaves the file.
/// Whether the file was written.
pub fn rewrite<E: From<OpError>>(
    file: &EncryptedFile,
    edit: impl FnOnce(&dyn Store, &[u8], &Parsed) -> Result<Option<Vec<u8>>, E>,
) -> Result<bool, E> {
    rewrite_as(file, &Output::same(file), edit)
}

/// The format a rewritten file is written in (sops's `--output-type` of `set` and
/// `unset`), and the indentation when that means writing it afresh.
#[derive(Clone, Debug)]
pub struct Output {
    pub format: Format,
    pub style: Style,
}

impl Output {
    /// The file's own format: only what changed is rewritten.
    pub fn same(file: &EncryptedFile) -> Output {
        Output {
            format: file.format,
            style: Style::default(),
        }
    }
}

/// [`rewrite`], writing the result in `output`'s format: in another format than the
/// file's, the plaintext is converted (written afresh, as sops writes it) before sealing.
pub fn rewrite_as<E: From<OpError>>(
    file: &EncryptedFile,
    output: &Output,
    edit: impl FnOnce(&dyn Store, &[u8], &Parsed) -> Result<Option<Vec<u8>>, E>,
) -> Result<bool, E> {
    let _lock = lock(&file.path)?;
    let open = file.open(&mut KeyRing::new(file.decryption_order.clone()))?;
    let plaintext = open.plaintext()?;
    let store = open.store.as_ref();
    let sops_error = OpError::sops(&file.path);
    let parsed = store.parse(&plaintext).map_err(|e| sops_error(e.into()))?;
    let Some(edited) = edit(store, &plaintext, &parsed)? else {
        return Ok(false);
    };
    let out_store = output.format.store();
    let edited = convert_styled(&edited, file.format, output.format, &output.style)
        .map_err(|e| OpError::sops(&file.path)(e.into()))?;
    let encrypted = seal(
        out_store.as_ref(),
        &edited,
        open.opened.metadata,
        &open.opened.cipher,
    )
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
    unset_as(file, path, &Output::same(file))
}

/// Sets the value at `path` as sops's `set` does, written in `output`'s format. With
/// `idempotent`, a value equal to the one there already leaves the file untouched.
/// Whether the file was written.
pub fn set_as(
    file: &EncryptedFile,
    path: &[Step],
    value: &Value,
    output: &Output,
    idempotent: bool,
) -> Result<bool, OpError> {
    rewrite_as(file, output, |store, src, parsed| {
        if idempotent && holds(parsed, path, value) {
            return Ok(None);
        }
        let edited = store.set(src, parsed, path, value);
        Ok(Some(
            edited.map_err(|e| OpError::sops(&file.path)(e.into()))?,
        ))
    })
}

/// Removes the key or list item at `path`, written in `output`'s format. A path naming
/// nothing is an `OpError::Sops` whose store error is of kind `Missing` (see
/// [`is_missing`]).
pub fn unset_as(file: &EncryptedFile, path: &[Step], output: &Output) -> Result<(), OpError> {
    rewrite_as(file, output, |store, src, parsed| {
        let edited = store.unset(src, parsed, path);
        Ok(Some(
            edited.map_err(|e| OpError::sops(&file.path)(e.into()))?,
        ))
    })
    .map(drop)
}

/// Whether `error` says a path named nothing (what `unset --idempotent` forgives).
pub fn is_missing(error: &OpError) -> bool {
    matches!(error, OpError::Sops { source: crate::sops::error::SopsError::Store(e), .. }
        if e.kind == StoreErrorKind::Missing)
}

/// Whether the first document already holds `value` at `path` (numbers compared by value).
fn holds(parsed: &Parsed, path: &[Step], value: &Value) -> bool {
    parsed
        .docs
        .first()
        .and_then(|doc| path::find(doc, path))
        .is_some_and(|node| same_data(&node_data(node), value))
}

fn same_data(data: &Data, value: &Value) -> bool {
    match (data, value) {
        (Data::Map(entries), Value::Object(map)) => {
            entries.len() == map.len()
                && entries
                    .iter()
                    .zip(map)
                    .all(|((k, d), (key, v))| k == key && same_data(d, v))
        }
        (Data::List(items), Value::Array(values)) => {
            items.len() == values.len() && items.iter().zip(values).all(|(d, v)| same_data(d, v))
        }
        (Data::Scalar(scalar), value) => match (scalar, value) {
            (Scalar::Null, Value::Null) => true,
            (Scalar::Bool(a), Value::Bool(b)) => a == b,
            (Scalar::Int(a), Value::Number(b)) => b.as_f64() == Some(*a as f64),
            (Scalar::Float(a), Value::Number(b)) => b.as_f64() == Some(*a),
            (Scalar::Str(a) | Scalar::Time(a), Value::String(b)) => a == b,
            _ => false,
        },
        _ => false,
    }
}

/// Re-encrypts every value under a new data key, wrapped for the same recipients.
pub fn rotate(file: &EncryptedFile) -> Result<(), OpError> {
    let _lock = lock(&file.path)?;
    let rotated = rotated(file, KeyChange::default(), &Output::same(file))?;
    write(&file.path, &rotated)
}

/// Re-encrypts every value under a new data key wrapped for the key groups of `wanted`:
/// a re-keying and a rotation in one write (for a recipient who leaves).
pub fn rotate_for(file: &EncryptedFile, wanted: &EncryptOptions) -> Result<(), OpError> {
    let _lock = lock(&file.path)?;
    let open = file.open(&mut KeyRing::new(file.decryption_order.clone()))?;
    let plaintext = open.plaintext()?;
    let threshold = wanted.shamir_threshold.min(wanted.key_groups.len());
    let stored = if wanted.key_groups.len() > 1 {
        threshold
    } else {
        0
    };
    let rotated = under_new_key(
        &open,
        &plaintext,
        &wanted.key_groups,
        threshold,
        stored,
        &Output::same(file),
    )?;
    write(&file.path, &rotated)
}

/// Master keys a rotation adds (to the first key group) and removes (from every group),
/// as sops's `rotate --add-*/--rm-*` does.
#[derive(Default)]
pub struct KeyChange {
    pub add: Vec<Box<dyn MasterKey>>,
    /// Keys to remove, by type (`age`, `pgp`, `kms`, …) and identity (recipient,
    /// fingerprint, ARN).
    pub remove: Vec<(String, String)>,
}

/// The file re-encrypted under a new data key, for its recipients changed as `change`
/// says, in `output`'s format; nothing is written.
pub fn rotated(
    file: &EncryptedFile,
    change: KeyChange,
    output: &Output,
) -> Result<Vec<u8>, OpError> {
    let open = file.open(&mut KeyRing::new(file.decryption_order.clone()))?;
    let plaintext = open.plaintext()?;
    let mut kept = open.opened.metadata.key_groups.clone();
    for group in &mut kept {
        group.retain(|key| !change.remove.iter().any(|(kind, id)| names(key, kind, id)));
    }
    let mut groups = recipients(file, &kept)?;
    if !change.add.is_empty() {
        if groups.is_empty() {
            groups.push(Vec::new());
        }
        groups[0].extend(change.add);
    }
    let threshold = open.opened.metadata.shamir_threshold;
    under_new_key(&open, &plaintext, &groups, threshold, threshold, output)
}

/// `plaintext` of `open` sealed under a new data key wrapped for `groups` (split for
/// `threshold` groups, `stored` as the file's Shamir threshold), in `output`'s format.
fn under_new_key(
    open: &OpenFile,
    plaintext: &[u8],
    groups: &[Vec<Box<dyn MasterKey>>],
    threshold: usize,
    stored: usize,
    output: &Output,
) -> Result<Vec<u8>, OpError> {
    let path = &open.file.path;
    let data_key = DataKey::generate();
    let mut metadata = open.opened.metadata.clone();
    metadata.key_groups =
        datakey::wrap(&data_key, groups, threshold).map_err(OpError::sops(path))?;
    metadata.shamir_threshold = stored;
    let edited = convert_styled(plaintext, open.file.format, output.format, &output.style)
        .map_err(|e| OpError::sops(path)(e.into()))?;
    let out_store = output.format.store();
    seal(
        out_store.as_ref(),
        &edited,
        metadata,
        &Cipher::new(&data_key),
    )
    .map_err(OpError::sops(path))
}

/// Whether a stored key is the one named by type and identity.
fn names(key: &StoredKey, kind: &str, id: &str) -> bool {
    if key.list_name() != kind {
        return false;
    }
    match key {
        StoredKey::Age { recipient, .. } => recipient == id,
        StoredKey::Kms(entry) => {
            let (arn, role) = id.split_once('+').unwrap_or((id, ""));
            entry.arn == arn && (role.is_empty() || entry.role == role)
        }
        // Other types (PGP, GCP KMS, …) are named by their first field, as `describe` shows.
        other => other
            .describe()
            .split_whitespace()
            .next()
            .is_some_and(|first| first.eq_ignore_ascii_case(id)),
    }
}

/// The master keys of stored key groups, to wrap a data key for them again.
fn recipients(
    file: &EncryptedFile,
    groups: &[Vec<StoredKey>],
) -> Result<Vec<Vec<Box<dyn MasterKey>>>, OpError> {
    groups
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
        })
}

/// The file with a key group added (sops's `groups add`): the same data key split again
/// over every group, each share wrapped for its group's keys; values, MAC and
/// `lastmodified` unchanged. `threshold` replaces the file's Shamir threshold.
pub fn add_group(
    file: &EncryptedFile,
    group: Vec<Box<dyn MasterKey>>,
    threshold: Option<usize>,
) -> Result<Vec<u8>, OpError> {
    let open = file.open(&mut KeyRing::new(file.decryption_order.clone()))?;
    let mut groups = recipients(file, &open.opened.metadata.key_groups)?;
    groups.push(group);
    regroup(&open, groups, threshold)
}

/// The file without key group `index` (sops's `groups delete`), refused when fewer groups
/// than the threshold would remain.
pub fn delete_group(
    file: &EncryptedFile,
    index: usize,
    threshold: Option<usize>,
) -> Result<Vec<u8>, OpError> {
    let open = file.open(&mut KeyRing::new(file.decryption_order.clone()))?;
    let stored = &open.opened.metadata.key_groups;
    if index >= stored.len() {
        return Err(OpError::Rekey {
            file: file.path.clone(),
            reason: format!(
                "there is no key group {index}: the file has {}",
                stored.len()
            ),
        });
    }
    let mut groups = recipients(file, stored)?;
    groups.remove(index);
    let wanted = threshold.unwrap_or(open.opened.metadata.shamir_threshold);
    if groups.is_empty() || groups.len() < wanted {
        return Err(OpError::Rekey {
            file: file.path.clone(),
            reason: format!(
                "removing group {index} would leave {} key group(s), fewer than the threshold {wanted}",
                groups.len()
            ),
        });
    }
    regroup(&open, groups, threshold)
}

/// Splits the data key again over `groups`. `threshold` (else the file's) is stored as
/// given, 0 meaning every group, as sops stores it.
fn regroup(
    open: &OpenFile,
    groups: Vec<Vec<Box<dyn MasterKey>>>,
    threshold: Option<usize>,
) -> Result<Vec<u8>, OpError> {
    let stored = threshold.unwrap_or(open.opened.metadata.shamir_threshold);
    let split = if stored == 0 { groups.len() } else { stored };
    let wanted = EncryptOptions {
        key_groups: groups,
        shamir_threshold: split,
        selector: None,
        mac_only_encrypted: false,
        write_selector: false,
        keep_spellings: true,
    };
    rekeyed(open, &wanted, split.min(wanted.key_groups.len()), stored)
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
    let open = file.open(&mut KeyRing::new(file.decryption_order.clone()))?;
    let threshold = wanted.shamir_threshold.min(wanted.key_groups.len());
    let Drift { changes, .. } = match drift(&open.opened.metadata, wanted) {
        drift if drift.is_empty() => return Ok(false),
        drift => drift,
    };
    if !approve(&changes)? {
        return Ok(false);
    }
    let stored = if wanted.key_groups.len() > 1 {
        threshold
    } else {
        0
    };
    let updated = rekeyed(&open, wanted, threshold, stored)?;
    write(&file.path, &updated)?;
    Ok(true)
}

/// The file's bytes with its data key wrapped for `wanted` (split for `threshold` groups),
/// `stored` as its Shamir threshold, every value as it was.
fn rekeyed(
    open: &OpenFile,
    wanted: &EncryptOptions,
    threshold: usize,
    stored: usize,
) -> Result<Vec<u8>, OpError> {
    let sops_error = OpError::sops(&open.file.path);
    let mut metadata = open.opened.metadata.clone();
    metadata.key_groups =
        datakey::wrap(&open.opened.data_key, &wanted.key_groups, threshold).map_err(sops_error)?;
    metadata.shamir_threshold = stored;
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
    let none: (&[StoredKey], &[Box<dyn MasterKey>]) = (&[], &[]);
    for group in 0..current.len().max(wanted.len()) {
        let now = current.get(group).map_or(none.0, Vec::as_slice);
        let next = wanted.get(group).map_or(none.1, Vec::as_slice);
        let change = GroupChange {
            group,
            added: next
                .iter()
                .filter(|key| !now.iter().any(|stored| key.is_stored_as(stored)))
                .map(|key| key.describe())
                .collect(),
            removed: now
                .iter()
                .filter(|stored| !next.iter().any(|key| key.is_stored_as(stored)))
                .map(StoredKey::describe)
                .collect(),
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
