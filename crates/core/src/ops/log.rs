//! `secret log`: the history of an encrypted file key by key, without any key. Every
//! version git has of the file is parsed (one `git log`, one `git cat-file --batch`); a
//! value whose ciphertext changed between two versions changed (sops and secret keep the
//! ciphertext of a value they did not change), a key that appears or goes was added or
//! removed. Recipients are compared group by group. A rotation is told apart by what it
//! does: every value gets a new ciphertext *and* every recipient a new wrapped key
//! (`updatekeys` re-wraps the same key and leaves the values; an edit leaves the wrapped
//! keys). Who could decrypt each version is the exposure record a revocation needs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::keypath;
use super::readers::{self, Groups};
use crate::git::{self, Commit, GitError};
use crate::path::Step;
use crate::sops::envelope::looks_encrypted;
use crate::sops::metadata::Metadata;
use crate::sops::scalar::canonical_bytes;
use crate::store::Format;
use crate::tree::Scalar;

/// What to show.
#[derive(Clone, Debug, Default)]
pub struct LogOptions {
    /// Only this key path (and what lies below it).
    pub key: Option<Vec<Step>>,
}

/// What a commit did to the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    pub commit: Commit,
    /// The file's path in that commit (renames are followed).
    pub path: PathBuf,
    /// The commit created the file (or brought it back).
    pub created: bool,
    /// The commit renamed the file from this path.
    pub renamed_from: Option<PathBuf>,
    pub deleted: bool,
    /// Key paths, as `secret get` takes them.
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    /// Recipients that can read the file from this commit on, or no longer can (`(group
    /// N)` appended when there are several groups).
    pub readers_added: Vec<String>,
    pub readers_removed: Vec<String>,
    /// Every value re-encrypted under a new data key (which values changed meanwhile
    /// cannot be told without a key).
    pub rotated: bool,
    /// This version is not a sops file: whatever it holds is in clear in the history.
    pub not_encrypted: bool,
    /// This version does not parse (why).
    pub unreadable: Option<String>,
    /// Who could decrypt this version.
    pub readers: Groups,
    pub threshold: usize,
    /// Whether the key asked about exists in this version (always, without a key path).
    pub present: bool,
}

/// Why the history could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("{}: git has no history of this file", .0.display())]
    NoHistory(PathBuf),
}

/// One version, as compared.
#[derive(Default)]
struct Snapshot {
    /// Every value by key path: its text (the envelope, for an encrypted value).
    values: BTreeMap<String, (Vec<Step>, String)>,
    readers: Groups,
    threshold: usize,
    /// Each recipient's wrapped data key.
    wrapped: BTreeMap<String, String>,
    sops: bool,
}

impl Snapshot {
    fn read(path: &Path, bytes: &[u8]) -> Result<Snapshot, String> {
        let store = Format::from_path(path).store();
        let parsed = store.parse(bytes).map_err(|e| e.to_string())?;
        let mut snapshot = Snapshot::default();
        let several = parsed.docs.len() > 1;
        keypath::for_each_value(&parsed.docs, &mut |doc, path, leaf| {
            let mut name = keypath::display(path);
            if several {
                name = format!("(document {}) {name}", doc + 1);
            }
            let text = match &leaf.value {
                Scalar::Str(text) => text.clone(),
                other => String::from_utf8_lossy(&canonical_bytes(other)).into_owned(),
            };
            snapshot.values.insert(name, (path.to_vec(), text));
        });
        if let Some(json) = &parsed.metadata {
            let metadata = Metadata::from_json(json).map_err(|e| e.to_string())?;
            snapshot.sops = true;
            snapshot.readers = readers::of_file(&metadata);
            snapshot.threshold = metadata.shamir_threshold;
            for key in metadata.key_groups.iter().flatten() {
                snapshot
                    .wrapped
                    .insert(readers::identity(key), key.wrapped());
            }
        }
        Ok(snapshot)
    }

    fn has(&self, prefix: Option<&[Step]>) -> bool {
        match prefix {
            None => true,
            Some(prefix) => self
                .values
                .values()
                .any(|(path, _)| keypath::starts_with(path, prefix)),
        }
    }
}

/// The history of `file` (relative to `dir`), oldest commit first: one change per commit
/// that touched the file (with a key path, per commit that touched that key, its readers
/// or its encryption). Each version is compared with the file in the commit's first
/// parent, so branches and merges read right (a merge shows what it brought in).
pub fn log(dir: &Path, file: &Path, options: &LogOptions) -> Result<Vec<Change>, LogError> {
    let versions = git::file_history(dir, file)?;
    if versions.is_empty() {
        return Err(LogError::NoHistory(file.to_path_buf()));
    }
    let root = git::repository_root(dir)?;
    let prefix = options.key.as_deref();

    let read = |path: &Path, bytes: &Option<Vec<u8>>| -> Result<Option<Snapshot>, String> {
        bytes.as_ref().map(|b| Snapshot::read(path, b)).transpose()
    };
    let snapshots: Vec<Result<Option<Snapshot>, String>> =
        versions.iter().map(|v| read(&v.path, &v.bytes)).collect();
    // The first parent's file: a version of the list when the parent touched it, else
    // fetched (all in one `git cat-file --batch`).
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(versions.len());
    let mut wanted: Vec<(usize, String, PathBuf)> = Vec::new();
    for (index, version) in versions.iter().enumerate() {
        let Some(parent) = version.commit.parents.first() else {
            parents.push(None);
            continue;
        };
        let path = version
            .renamed_from
            .clone()
            .unwrap_or_else(|| version.path.clone());
        let known = versions[..index]
            .iter()
            .rposition(|v| &v.commit.id == parent && v.path == path);
        if known.is_none() {
            wanted.push((index, format!("{parent}:{}", path.display()), path));
        }
        parents.push(known);
    }
    let fetched = git::objects(
        &root,
        wanted.iter().map(|(_, name, _)| name.clone()).collect(),
    )?;
    let mut fetched_snapshots: BTreeMap<usize, Option<Snapshot>> = BTreeMap::new();
    for ((index, _, path), bytes) in wanted.into_iter().zip(fetched) {
        fetched_snapshots.insert(index, read(&path, &bytes).ok().flatten());
    }

    let empty = Snapshot::default();
    let mut changes = Vec::new();
    for (index, version) in versions.into_iter().enumerate() {
        let before: Option<&Snapshot> = match parents[index] {
            Some(known) => snapshots[known].as_ref().ok().and_then(Option::as_ref),
            None => fetched_snapshots.get(&index).and_then(Option::as_ref),
        };
        let mut change = Change {
            commit: version.commit,
            path: version.path,
            renamed_from: version.renamed_from,
            ..Change::default()
        };
        let after = match &snapshots[index] {
            Err(why) => {
                change.unreadable = Some(why.clone());
                change.present = before.is_some_and(|b| b.has(prefix));
                changes.push(change);
                continue;
            }
            Ok(after) => after.as_ref(),
        };
        let Some(after) = after else {
            let Some(before) = before else { continue };
            change.deleted = true;
            change.removed = filtered(before.values.keys(), before, prefix);
            change.readers_removed = flat(&before.readers);
            if prefix.is_none() || before.has(prefix) {
                changes.push(change);
            }
            continue;
        };
        change.created = before.is_none();
        change.not_encrypted = !after.sops;
        let before_or_empty = before.unwrap_or(&empty);
        compare(before_or_empty, after, prefix, &mut change);
        change.readers = after.readers.clone();
        change.threshold = after.threshold;
        change.present = after.has(prefix);
        let had = before_or_empty.has(prefix) && before.is_some();
        let touched_key =
            !change.added.is_empty() || !change.changed.is_empty() || !change.removed.is_empty();
        let touched_file = change.rotated
            || change.renamed_from.is_some()
            || change.not_encrypted
            || !change.readers_added.is_empty()
            || !change.readers_removed.is_empty();
        let relevant = touched_key
            || (change.created && (prefix.is_none() || change.present))
            || (touched_file && (change.present || had));
        if relevant {
            changes.push(change);
        }
    }
    Ok(changes)
}

/// Fills in what changed from `before` to `after`.
fn compare(before: &Snapshot, after: &Snapshot, prefix: Option<&[Step]>, change: &mut Change) {
    let common_encrypted: Vec<(&String, &String)> = before
        .values
        .iter()
        .filter_map(|(name, (_, old))| {
            let (_, new) = after.values.get(name)?;
            (looks_encrypted(old) && looks_encrypted(new)).then_some((old, new))
        })
        .collect();
    let common_readers: Vec<(&String, &String)> = before
        .wrapped
        .iter()
        .filter_map(|(who, old)| after.wrapped.get(who).map(|new| (old, new)))
        .collect();
    change.rotated = !common_encrypted.is_empty()
        && common_encrypted.iter().all(|(old, new)| old != new)
        && common_readers.iter().all(|(old, new)| old != new);

    let keep = |name: &String| {
        let path = before
            .values
            .get(name)
            .or_else(|| after.values.get(name))
            .map(|(p, _)| p.as_slice())
            .unwrap_or_default();
        prefix.is_none_or(|prefix| keypath::starts_with(path, prefix))
    };
    for (name, (_, new)) in &after.values {
        match before.values.get(name) {
            None => change.added.push(name.clone()),
            Some((_, old)) if old != new && !change.rotated => change.changed.push(name.clone()),
            _ => {}
        }
    }
    change.removed = before
        .values
        .keys()
        .filter(|name| !after.values.contains_key(*name))
        .cloned()
        .collect();
    change.added.retain(&keep);
    change.changed.retain(&keep);
    change.removed.retain(&keep);

    let several = before.readers.len() > 1 || after.readers.len() > 1;
    for (group, added, removed) in readers::differences(&before.readers, &after.readers) {
        let suffix = if several {
            format!(" (group {group})")
        } else {
            String::new()
        };
        change
            .readers_added
            .extend(added.into_iter().map(|r| format!("{r}{suffix}")));
        change
            .readers_removed
            .extend(removed.into_iter().map(|r| format!("{r}{suffix}")));
    }
}

fn filtered<'a>(
    names: impl Iterator<Item = &'a String>,
    snapshot: &Snapshot,
    prefix: Option<&[Step]>,
) -> Vec<String> {
    names
        .filter(|name| {
            prefix.is_none_or(|prefix| {
                snapshot
                    .values
                    .get(*name)
                    .is_some_and(|(path, _)| keypath::starts_with(path, prefix))
            })
        })
        .cloned()
        .collect()
}

fn flat(groups: &Groups) -> Vec<String> {
    let all: BTreeSet<&String> = groups.iter().flatten().collect();
    all.into_iter().cloned().collect()
}

/// Everyone who could decrypt some version in which the key asked about (or the file)
/// existed: who a revocation must assume has seen it.
pub fn exposure(changes: &[Change]) -> Vec<String> {
    let mut all = BTreeSet::new();
    for change in changes.iter().filter(|c| c.present && !c.not_encrypted) {
        all.extend(change.readers.iter().flatten().cloned());
    }
    all.into_iter().collect()
}
