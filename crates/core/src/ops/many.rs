//! Finding the files a command works on when it is given a directory (`-r DIR`): every
//! regular file under it that a `.sops.yaml` creation rule covers. `.git` is skipped,
//! symbolic links are not followed, `.sops.yaml` itself is never a candidate, and the
//! files come sorted by path, so reports are in a stable order.

use std::path::{Path, PathBuf};

use super::OpError;
use crate::config::{self, ConfigError, LoadedConfig};

/// What the files are wanted for: a rule without `path_regex` covers every file, so for
/// encrypting in bulk only rules that name their files count (a catch-all rule would
/// otherwise encrypt the README and the sources too).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Files that are, or should be, encrypted already (decrypt, rotate, updatekeys).
    Encrypted,
    /// Plaintext files to encrypt: covered by a rule with a `path_regex`.
    Plaintext,
}

/// The configuration that governs `dir` (`explicit`, else the first `.sops.yaml` in `dir`
/// or above it); `None` when there is none.
pub fn config_for(explicit: Option<&Path>, dir: &Path) -> Result<Option<LoadedConfig>, OpError> {
    let marker = dir.join(".sops.yaml");
    match config::find(explicit, Some(&marker)) {
        Some(path) => Ok(Some(config::load(&path)?)),
        None => Ok(None),
    }
}

/// The files under `dir` (as `dir` was given, joined with their relative paths) that a
/// creation rule of `loaded` covers, for `purpose`, sorted.
pub fn covered_files(
    loaded: &LoadedConfig,
    dir: &Path,
    purpose: Purpose,
) -> Result<Vec<PathBuf>, OpError> {
    if !dir.is_dir() {
        return Err(OpError::Read {
            path: dir.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory"),
        });
    }
    let mut found = Vec::new();
    walk(dir, &mut found);
    let mut covered = Vec::new();
    for path in found {
        let name = path.file_name().unwrap_or_default();
        if name == ".sops.yaml" || name == ".sops.yml" {
            continue;
        }
        let rule = match loaded.rule_index_for(&path) {
            Ok(Some(rule)) => rule,
            Ok(None) | Err(ConfigError::NoMatchingRule { .. }) => continue,
            Err(error) => return Err(error.into()),
        };
        let names_files = loaded.config.creation_rules[rule]
            .path_regex
            .as_deref()
            .is_some_and(|p| !p.is_empty());
        if purpose == Purpose::Plaintext && !names_files {
            continue;
        }
        covered.push(path);
    }
    Ok(covered)
}

/// The regular files under `dir`, sorted by path; `.git` and symbolic links left out.
fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = if dir == Path::new(".") {
            PathBuf::from(entry.file_name())
        } else {
            dir.join(entry.file_name())
        };
        if kind.is_dir() && entry.file_name() != ".git" {
            walk(&path, found);
        } else if kind.is_file() {
            found.push(path);
        }
    }
}

/// Whether `bytes` (of a file in `format`) hold sops metadata: a `version` and a `mac`,
/// as sops's `filestatus` tells. Cheap for a file that cannot be one.
pub fn holds_sops_metadata(format: crate::store::Format, bytes: &[u8]) -> bool {
    if memchr::memmem::find(bytes, b"sops").is_none() {
        return false;
    }
    format
        .store()
        .parse(bytes)
        .ok()
        .and_then(|parsed| parsed.metadata)
        .and_then(|m| crate::sops::metadata::Metadata::from_json(&m).ok())
        .is_some_and(|m| !m.version.is_empty() && !m.mac.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(dir: &Path, text: &str) -> LoadedConfig {
        std::fs::write(dir.join(".sops.yaml"), text).unwrap();
        config::load(&dir.join(".sops.yaml")).unwrap()
    }

    #[test]
    fn covered_files_are_sorted_and_catch_all_rules_do_not_pick_plaintext() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in ["b/x.enc.yaml", "a/y.enc.env", "a/z.txt", ".git/q.enc.yaml"] {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "k: v\n").unwrap();
        }
        let loaded = config(
            root,
            "creation_rules:\n  - path_regex: \\.enc\\.\n    age: age1m68qart7yefshnglnkahr2f5ljhkfan95c3v5hzrfe3wy9qrcalq59qp67\n",
        );
        let files = covered_files(&loaded, root, Purpose::Plaintext).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            [PathBuf::from("a/y.enc.env"), PathBuf::from("b/x.enc.yaml")]
        );
        let catch_all = config(
            root,
            "creation_rules:\n  - age: age1m68qart7yefshnglnkahr2f5ljhkfan95c3v5hzrfe3wy9qrcalq59qp67\n",
        );
        assert!(
            covered_files(&catch_all, root, Purpose::Plaintext)
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            covered_files(&catch_all, root, Purpose::Encrypted)
                .unwrap()
                .len(),
            3
        );
    }

    #[test]
    fn only_sops_files_hold_metadata() {
        use crate::store::Format;
        assert!(!holds_sops_metadata(Format::Yaml, b"a: 1\n"));
        assert!(!holds_sops_metadata(Format::Yaml, b"sops: 1\n"));
        assert!(holds_sops_metadata(
            Format::Yaml,
            include_bytes!("../sops/testdata/pgp-age.enc.yaml")
        ));
        assert!(holds_sops_metadata(
            Format::Dotenv,
            include_bytes!("../sops/testdata/pgp-age.enc.env")
        ));
    }
}
