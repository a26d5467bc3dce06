//! Who can read a file, as the git commands compare and show it: the recipients of each
//! key group, from a file's metadata or from a `.sops.yaml` creation rule. No key is
//! needed: recipients are stored in clear.

use std::collections::BTreeSet;

use crate::config::CreationRule;
use crate::sops::metadata::{Metadata, StoredKey};

/// Recipients, group by group.
pub type Groups = Vec<BTreeSet<String>>;

/// How a stored key is named and compared: an age recipient, `ARN (AWS KMS)`, a PGP
/// fingerprint in upper case (sops keeps it as given), or another type's first field.
pub fn identity(key: &StoredKey) -> String {
    match key {
        StoredKey::Pgp { fp, .. } => fp.to_uppercase(),
        other => other.describe(),
    }
}

/// The recipients of each key group of a file.
pub fn of_file(metadata: &Metadata) -> Groups {
    metadata
        .key_groups
        .iter()
        .map(|group| group.iter().map(identity).collect())
        .collect()
}

/// The recipients a creation rule names, group by group (its flat keys are one group).
pub fn of_rule(rule: &CreationRule) -> Groups {
    let kms = |arn: &str| format!("{} (AWS KMS)", arn.replace(' ', ""));
    if !rule.key_groups.is_empty() {
        return rule
            .key_groups
            .iter()
            .map(|group| {
                let mut names: BTreeSet<String> = group.age_recipients().into_iter().collect();
                names.extend(group.pgp_fingerprints().iter().map(|f| f.to_uppercase()));
                names.extend(group.kms_keys().iter().map(|k| kms(&k.arn)));
                names.retain(|n| !n.is_empty());
                names
            })
            .collect();
    }
    let items = |list: &Option<crate::config::StringList>| {
        list.as_ref().map(|l| l.items()).unwrap_or_default()
    };
    let mut group: BTreeSet<String> = items(&rule.age).into_iter().collect();
    group.extend(
        items(&rule.pgp)
            .iter()
            .map(|f| f.replace(' ', "").to_uppercase()),
    );
    group.extend(items(&rule.kms).iter().map(|item| {
        // `ARN+ROLE_ARN`: the key is the ARN.
        kms(item.split('+').next().unwrap_or(item))
    }));
    group.retain(|n| !n.is_empty());
    if group.is_empty() {
        Vec::new()
    } else {
        vec![group]
    }
}

/// Who is in `wanted` and not in `current` (added), and the reverse (removed), group by
/// group: `(group, added, removed)` for each group that differs.
pub fn differences(current: &Groups, wanted: &Groups) -> Vec<(usize, Vec<String>, Vec<String>)> {
    let empty = BTreeSet::new();
    (0..current.len().max(wanted.len()))
        .filter_map(|index| {
            let now = current.get(index).unwrap_or(&empty);
            let next = wanted.get(index).unwrap_or(&empty);
            let added: Vec<String> = next.difference(now).cloned().collect();
            let removed: Vec<String> = now.difference(next).cloned().collect();
            (!added.is_empty() || !removed.is_empty()).then_some((index, added, removed))
        })
        .collect()
}

/// Readers for people: one group as a list; several with the threshold.
pub fn describe(groups: &Groups, threshold: usize) -> String {
    let list = |g: &BTreeSet<String>| g.iter().cloned().collect::<Vec<_>>().join(", ");
    match groups.as_slice() {
        [] => "nobody".into(),
        [only] => list(only),
        several => {
            let needed = if threshold == 0 {
                several.len()
            } else {
                threshold
            };
            let shown: Vec<String> = several
                .iter()
                .enumerate()
                .map(|(i, g)| format!("group {i}: {}", list(g)))
                .collect();
            format!("{needed} of {} groups: {}", several.len(), shown.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_name_recipients_as_files_store_them() {
        let rule: CreationRule = serde_saphyr::from_str(
            "age: 'age1b, age1a'\npgp: 'ab cd'\nkms: 'arn:aws:kms:eu-west-1:1:key/x+arn:aws:iam::1:role/r'\n",
        )
        .unwrap();
        let groups = of_rule(&rule);
        assert_eq!(
            groups[0].iter().cloned().collect::<Vec<_>>(),
            [
                "ABCD",
                "age1a",
                "age1b",
                "arn:aws:kms:eu-west-1:1:key/x (AWS KMS)"
            ]
        );
        let now = vec![
            ["age1a".to_string(), "age1old".into()]
                .into_iter()
                .collect(),
        ];
        let diff = differences(&now, &groups);
        assert_eq!(diff[0].2, ["age1old"]);
        assert_eq!(diff[0].1.len(), 3);
    }
}
