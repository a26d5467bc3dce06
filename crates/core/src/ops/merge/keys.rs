//! The metadata of a merge: who the merged file is encrypted for, under which data key,
//! with which encryption settings.
//!
//! * **Recipients** merge three ways, group by group, as sets: a recipient one branch
//!   added is added, one a branch removed (and the other kept) is removed. When both
//!   branches changed the number of groups or the Shamir threshold differently, the merge
//!   stops.
//! * **The data key**: when both branches have the same one, it stays. When one branch
//!   rotated it (its key differs from the base's), the merged file takes the rotated key:
//!   a rotation is done to shut out whoever held the old one, so every value of the merge,
//!   those the other branch changed included, is sealed under the new key. When both
//!   rotated, the key of the branch whose `lastmodified` is later is taken (ours on a tie).
//! * **Wrapping**: the chosen side's wrapped keys are kept when the merged recipients are
//!   that side's. With one key group and the same data key on both sides, each recipient's
//!   entry is taken from whichever side has it (both wrap the same key). Otherwise the
//!   chosen data key is wrapped anew for every merged recipient (age needs nothing but the
//!   recipient; KMS and PGP keys are asked, as `secret rotate` asks them).
//! * **Settings** (which values are encrypted, `mac_only_encrypted`) changed on one side
//!   are taken; changed differently on both, the merge stops. The version is the newer.

use std::collections::BTreeSet;

use super::MergeError;
use crate::keys::recipient_of;
use crate::ops::readers::{self, identity};
use crate::sops::datakey::{self, MasterKey};
use crate::sops::envelope::DataKey;
use crate::sops::metadata::{Metadata, StoredKey};

/// A side's metadata and data key.
pub struct KeyedMetadata<'a> {
    pub metadata: &'a Metadata,
    pub key: &'a DataKey,
}

/// Whose data key the merged file is sealed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySide {
    /// Ours's, which is also theirs's.
    Both,
    Ours,
    Theirs,
}

/// The merged metadata (MAC, `lastmodified` and layout still to be renewed) and whose
/// data key it wraps.
pub fn merge_metadata(
    file: &std::path::Path,
    base: Option<&Metadata>,
    base_key: Option<&DataKey>,
    ours: KeyedMetadata,
    theirs: KeyedMetadata,
) -> Result<(Metadata, KeySide), MergeError> {
    let conflict = |what: &'static str| MergeError::Metadata {
        file: file.to_path_buf(),
        what,
    };
    let side = key_side(base_key, &ours, &theirs);
    let chosen = if side == KeySide::Theirs {
        &theirs
    } else {
        &ours
    };
    let mut metadata = chosen.metadata.clone();

    let settings = |m: &Metadata| {
        let (name, value) = m.selector.setting();
        (
            name,
            value.to_string(),
            m.write_selector,
            m.mac_only_encrypted,
        )
    };
    let wanted = three_way(
        base.map(settings),
        settings(ours.metadata),
        settings(theirs.metadata),
    )
    .ok_or_else(|| conflict("which values are encrypted (the encryption rules)"))?;
    let source = if settings(ours.metadata) == wanted {
        ours.metadata
    } else {
        theirs.metadata
    };
    metadata.selector = source.selector.clone();
    metadata.write_selector = source.write_selector;
    metadata.mac_only_encrypted = source.mac_only_encrypted;
    metadata.version = newer(&ours.metadata.version, &theirs.metadata.version).to_string();

    let threshold = three_way(
        base.map(|m| m.shamir_threshold),
        ours.metadata.shamir_threshold,
        theirs.metadata.shamir_threshold,
    )
    .ok_or_else(|| conflict("the Shamir threshold"))?;
    let merged = merged_groups(
        base.map(readers::of_file),
        readers::of_file(ours.metadata),
        readers::of_file(theirs.metadata),
    )
    .ok_or_else(|| conflict("the key groups"))?;
    if merged.iter().any(BTreeSet::is_empty) {
        return Err(conflict("the recipients (a key group would be left empty)"));
    }
    metadata.shamir_threshold = threshold;
    if readers::of_file(chosen.metadata) == merged && chosen.metadata.shamir_threshold == threshold
    {
        return Ok((metadata, side));
    }
    let sources: Vec<&Metadata> = [Some(ours.metadata), Some(theirs.metadata), base]
        .into_iter()
        .flatten()
        .collect();
    let entries: Vec<Vec<&StoredKey>> = merged
        .iter()
        .enumerate()
        .map(|(index, wanted)| entries_for(index, wanted, &sources))
        .collect();
    if side == KeySide::Both && merged.len() == 1 && !from_base_only(&entries[0], base) {
        // One group, one data key: every side's entry wraps that key whole.
        metadata.key_groups = vec![entries[0].iter().map(|&k| k.clone()).collect()];
        return Ok((metadata, side));
    }
    metadata.key_groups =
        rewrap(chosen.key, &entries, threshold).map_err(|reason| MergeError::Wrap {
            file: file.to_path_buf(),
            reason,
        })?;
    Ok((metadata, side))
}

/// Group by group, a recipient is kept when both sides have it or one added it (it is not
/// in the base); `None` when the number of groups changed differently on both sides.
fn merged_groups(
    base: Option<Vec<BTreeSet<String>>>,
    ours: Vec<BTreeSet<String>>,
    theirs: Vec<BTreeSet<String>>,
) -> Option<Vec<BTreeSet<String>>> {
    if let Some(whole) = three_way(base.clone(), ours.clone(), theirs.clone()) {
        return Some(whole);
    }
    if ours.len() != theirs.len() || base.as_ref().is_some_and(|b| b.len() != ours.len()) {
        return None;
    }
    let empty = BTreeSet::new();
    Some(
        ours.iter()
            .zip(&theirs)
            .enumerate()
            .map(|(index, (o, t))| {
                let b = base.as_ref().and_then(|b| b.get(index)).unwrap_or(&empty);
                o.union(t)
                    .filter(|x| (o.contains(*x) && t.contains(*x)) || !b.contains(*x))
                    .cloned()
                    .collect()
            })
            .collect(),
    )
}

/// The stored entry of each wanted recipient of group `index`, from the first side that
/// has one, in that side's order.
fn entries_for<'a>(
    index: usize,
    wanted: &BTreeSet<String>,
    sources: &[&'a Metadata],
) -> Vec<&'a StoredKey> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut entries = Vec::new();
    for source in sources {
        for key in source.key_groups.get(index).into_iter().flatten() {
            let id = identity(key);
            if wanted.contains(&id) && taken.insert(id) {
                entries.push(key);
            }
        }
    }
    entries
}

/// Whether some entry can only be had from the base (which may wrap another data key).
fn from_base_only(entries: &[&StoredKey], base: Option<&Metadata>) -> bool {
    base.is_some_and(|base| {
        entries.iter().any(|e| {
            base.key_groups
                .iter()
                .flatten()
                .any(|b| std::ptr::eq(b, *e))
        })
    })
}

/// The newer of two version strings (numerically, part by part).
fn newer<'a>(a: &'a str, b: &'a str) -> &'a str {
    let parts = |v: &str| -> Vec<u64> {
        v.split(['-', '+'])
            .next()
            .unwrap_or_default()
            .split('.')
            .map(|p| p.parse().unwrap_or(0))
            .collect()
    };
    if parts(b) > parts(a) { b } else { a }
}

/// The side whose data key the merge uses.
fn key_side(base: Option<&DataKey>, ours: &KeyedMetadata, theirs: &KeyedMetadata) -> KeySide {
    let same = |a: &DataKey, b: &DataKey| a.as_bytes() == b.as_bytes();
    if same(ours.key, theirs.key) {
        return KeySide::Both;
    }
    match base {
        Some(base) if same(base, ours.key) => KeySide::Theirs,
        Some(base) if same(base, theirs.key) => KeySide::Ours,
        _ => {
            let time = |m: &Metadata| chrono::DateTime::parse_from_rfc3339(&m.lastmodified).ok();
            match (time(ours.metadata), time(theirs.metadata)) {
                (Some(o), Some(t)) if t > o => KeySide::Theirs,
                _ => KeySide::Ours,
            }
        }
    }
}

/// The three-way choice of a whole value: the side that changed it, or `None` when both
/// changed it differently.
fn three_way<T: PartialEq>(base: Option<T>, ours: T, theirs: T) -> Option<T> {
    if ours == theirs {
        return Some(ours);
    }
    match base {
        Some(base) if base == ours => Some(theirs),
        Some(base) if base == theirs => Some(ours),
        _ => None,
    }
}

/// The data key wrapped anew for every recipient of `groups`.
fn rewrap(
    key: &DataKey,
    groups: &[Vec<&StoredKey>],
    threshold: usize,
) -> Result<Vec<Vec<StoredKey>>, String> {
    let masters = groups
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|stored| recipient_of(stored))
                .collect::<Result<Vec<Box<dyn MasterKey>>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    datakey::wrap(key, &masters, threshold).map_err(|e| e.to_string())
}
