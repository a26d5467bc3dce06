//! A project's recipients as a whole: the encrypted files under a `.sops.yaml` and the
//! creation rule covering each, which of them lag their rule, re-keying them in one pass
//! (with a new data key for the files a departing key could read), and every key path
//! that key could read in any version of those files in the git history. Finding files,
//! drift and history read metadata and key paths only: no key is needed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::rewrite::{self, Drift, drift};
use super::{EncryptedFile, KeyRequest, OpError, read_file};
use crate::config::{ConfigError, LoadedConfig};
use crate::config_edit::KeyId;
use crate::git;
use crate::keys::KeyRing;
use crate::path::Step;
use crate::sops::decrypt::read_metadata;
use crate::sops::encrypt::EncryptOptions;
use crate::sops::metadata::Metadata;
use crate::store::Format;
use crate::tree::{Entry, Node, Scalar};

/// An encrypted file of the project and the creation rule that covers it.
#[derive(Clone, Debug)]
pub struct ProjectFile {
    /// The path to use: the configuration's directory (as it was given) joined with
    /// `relative`.
    pub path: PathBuf,
    /// Relative to the configuration's directory.
    pub relative: PathBuf,
    pub rule: usize,
    pub format: Format,
    pub metadata: Metadata,
}

impl ProjectFile {
    pub fn encrypted_file(&self) -> EncryptedFile {
        EncryptedFile::new(&self.path, Some(self.format))
    }

    /// The keys and settings the file's rule gives it now.
    pub fn wanted(&self, loaded: &LoadedConfig) -> Result<EncryptOptions, OpError> {
        KeyRequest::default().options_for(loaded, &self.path, self.format)
    }
}

/// The directory `loaded`'s paths are relative to, relative to the working directory when
/// it is inside it (`""` for the working directory itself).
fn base_dir(loaded: &LoadedConfig) -> PathBuf {
    let dir = loaded.path.parent().unwrap_or(Path::new(""));
    std::env::current_dir()
        .ok()
        .and_then(|cwd| dir.strip_prefix(cwd).ok())
        .unwrap_or(dir)
        .to_path_buf()
}

/// Every sops file under the configuration's directory that a creation rule covers, in
/// path order: `.git` is skipped, symbolic links are not followed, and a file is a sops
/// file when its metadata reads (a file no rule matches is left out).
pub fn project_files(loaded: &LoadedConfig) -> Result<Vec<ProjectFile>, OpError> {
    let base = base_dir(loaded);
    let mut relatives = Vec::new();
    walk(&base, Path::new(""), &mut relatives);
    let mut files = Vec::new();
    for relative in relatives {
        let path = base.join(&relative);
        let Some(rule) = rule_of(loaded, &path)? else {
            continue;
        };
        let format = Format::from_path(&relative);
        let Some(metadata) = read_file(&path)
            .ok()
            .filter(|bytes| memchr::memmem::find(bytes, b"sops").is_some())
            .and_then(|bytes| read_metadata(format.store().as_ref(), &bytes).ok())
        else {
            continue;
        };
        files.push(ProjectFile {
            path,
            relative,
            rule,
            format,
            metadata,
        });
    }
    Ok(files)
}

/// The rule covering `path`; `None` when no rule does (or there are none).
fn rule_of(loaded: &LoadedConfig, path: &Path) -> Result<Option<usize>, OpError> {
    match loaded.rule_index_for(path) {
        Ok(rule) => Ok(rule),
        Err(ConfigError::NoMatchingRule { .. }) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// The regular files under `base/dir`, relative to `base`, sorted.
fn walk(base: &Path, dir: &Path, found: &mut Vec<PathBuf>) {
    let full = if dir.as_os_str().is_empty() {
        if base.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            base.to_path_buf()
        }
    } else {
        base.join(dir)
    };
    let Ok(entries) = std::fs::read_dir(&full) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let relative = dir.join(entry.file_name());
        if kind.is_dir() && entry.file_name() != ".git" {
            walk(base, &relative, found);
        } else if kind.is_file() {
            found.push(relative);
        }
    }
}

/// How one file lags the configuration, and what re-keying it does.
pub struct Rekey {
    pub file: ProjectFile,
    pub wanted: EncryptOptions,
    pub drift: Drift,
    /// A new data key too: the file was encrypted for a key that leaves.
    pub rotate: bool,
}

/// Every file of `rules` whose recipients differ from what `loaded` says, or which
/// `leaving` can open; with what re-keying it changes.
pub fn plan(
    loaded: &LoadedConfig,
    files: &[ProjectFile],
    rules: &[usize],
    leaving: Option<&KeyId>,
) -> Result<Vec<Rekey>, OpError> {
    let mut plan = Vec::new();
    for file in files.iter().filter(|f| rules.contains(&f.rule)) {
        let wanted = file.wanted(loaded)?;
        let drift = drift(&file.metadata, &wanted);
        let rotate = leaving.is_some_and(|key| {
            file.metadata
                .key_groups
                .iter()
                .flatten()
                .any(|stored| key.matches_stored(stored))
        });
        if rotate || !drift.is_empty() {
            plan.push(Rekey {
                file: file.clone(),
                wanted,
                drift,
                rotate,
            });
        }
    }
    Ok(plan)
}

/// Opens every file of the plan with this user's keys (MAC checked), so that a file no key
/// of theirs opens stops the change before anything is written.
pub fn check_access(plan: &[Rekey]) -> Result<(), OpError> {
    let mut keys = KeyRing::default();
    for rekey in plan {
        rekey.file.encrypted_file().open(&mut keys)?;
    }
    Ok(())
}

/// Re-keys one file as planned: its data key wrapped for the recipients it should have,
/// or, when `rotate`, a new data key for them and every value re-encrypted.
pub fn apply(rekey: &Rekey) -> Result<(), OpError> {
    let file = rekey.file.encrypted_file();
    if rekey.rotate {
        rewrite::rotate_for(&file, &rekey.wanted)
    } else {
        rewrite::update_keys(&file, &rekey.wanted, |_| Ok::<_, OpError>(true)).map(drop)
    }
}

/// What a key could read: file by file, the key paths of the encrypted values of every
/// version of the file that was encrypted for it.
#[derive(Debug, Default, PartialEq)]
pub struct ExposureReport {
    pub files: Vec<Exposure>,
    /// How many commits were looked at; `None` when there is no git history to read.
    pub commits: Option<usize>,
    /// Why the history could not be read, when it could not.
    pub history_problem: Option<String>,
}

#[derive(Debug, PartialEq)]
pub struct Exposure {
    /// The path to show: as the project's files are named, or relative to the
    /// configuration's directory for a file that is gone.
    pub file: PathBuf,
    /// Whether the file is still there.
    pub exists: bool,
    pub paths: Vec<ExposedPath>,
}

#[derive(Debug, PartialEq)]
pub struct ExposedPath {
    /// `a.b[0].c`.
    pub path: String,
    /// Whether the file still holds a value there (else it was readable in an older
    /// version only, and is still in the history).
    pub in_file_now: bool,
}

/// Every key path `key` could read in the files of `rules`: the files there now and those
/// deleted in the git history, in every version encrypted for `key` (the working tree's
/// included). Reads metadata and key paths only.
pub fn exposure(
    loaded: &LoadedConfig,
    files: &[ProjectFile],
    rules: &[usize],
    key: &KeyId,
) -> Result<ExposureReport, OpError> {
    let base = base_dir(loaded);
    let dir = loaded.dir();
    let mut report = ExposureReport::default();
    let mut commits = HashSet::new();
    let mut history_ok = true;
    let mut candidates: Vec<(PathBuf, PathBuf, bool)> = files
        .iter()
        .filter(|f| rules.contains(&f.rule))
        .map(|f| (f.path.clone(), f.relative.clone(), true))
        .collect();
    match deleted_files(&dir) {
        Ok(deleted) => {
            for relative in deleted {
                let present = dir.join(&relative).exists();
                let covered = rule_of(loaded, &dir.join(&relative))?
                    .is_some_and(|rule| rules.contains(&rule));
                if covered && !present {
                    candidates.push((base.join(&relative), relative, false));
                }
            }
        }
        Err(problem) => {
            history_ok = false;
            report.history_problem = Some(problem);
        }
    }
    for (path, relative, exists) in candidates {
        let mut versions: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        if history_ok {
            match git::file_history(&dir, &relative) {
                Ok(history) => {
                    for version in history {
                        commits.insert(version.commit.id.clone());
                        if let Some(bytes) = version.bytes {
                            versions.push((version.path, bytes));
                        }
                    }
                }
                Err(error) => {
                    history_ok = false;
                    report.history_problem = Some(error.to_string());
                }
            }
        }
        let now = if exists { read_file(&path).ok() } else { None };
        let current_paths = now
            .as_ref()
            .and_then(|bytes| encrypted_paths(Format::from_path(&relative), bytes))
            .map(|(_, paths)| paths)
            .unwrap_or_default();
        if let Some(bytes) = now {
            versions.push((relative.clone(), bytes));
        }
        let mut seen: Vec<String> = Vec::new();
        for (name, bytes) in &versions {
            let Some((metadata, paths)) = encrypted_paths(Format::from_path(name), bytes) else {
                continue;
            };
            let readable = metadata
                .key_groups
                .iter()
                .flatten()
                .any(|stored| key.matches_stored(stored));
            if readable {
                seen.extend(
                    paths
                        .into_iter()
                        .filter(|p| !seen.contains(p))
                        .collect::<Vec<_>>(),
                );
            }
        }
        if seen.is_empty() {
            continue;
        }
        // Paths of the file as it is now first, in its order; then those gone since.
        let mut paths: Vec<ExposedPath> = current_paths
            .iter()
            .filter(|p| seen.contains(p))
            .map(|p| ExposedPath {
                path: p.clone(),
                in_file_now: true,
            })
            .collect();
        paths.extend(
            seen.iter()
                .filter(|p| !current_paths.contains(p))
                .map(|p| ExposedPath {
                    path: p.clone(),
                    in_file_now: false,
                }),
        );
        report.files.push(Exposure {
            file: if exists { path } else { relative },
            exists,
            paths,
        });
    }
    report.commits = history_ok.then_some(commits.len());
    Ok(report)
}

/// Files deleted at some point of the history of the repository holding `dir`, relative
/// to `dir` (only those under it).
fn deleted_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "log",
            "--diff-filter=D",
            "--name-only",
            "--relative",
            "-z",
            "--format=",
            "--",
            ".",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| git::GitError::Run(e).to_string())?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        return Err(if message.contains("not a git repository") {
            git::GitError::NotARepository(dir.to_path_buf()).to_string()
        } else {
            format!("git log failed: {}", message.trim())
        });
    }
    let mut found: Vec<PathBuf> = output
        .stdout
        .split(|&b| b == 0)
        .map(|name| String::from_utf8_lossy(name).trim().to_string())
        .filter(|name| !name.is_empty())
        .map(PathBuf::from)
        .collect();
    found.sort();
    found.dedup();
    Ok(found)
}

/// The metadata of a sops file and the key paths of its encrypted values, in document
/// order; `None` when it is not a sops file.
fn encrypted_paths(format: Format, bytes: &[u8]) -> Option<(Metadata, Vec<String>)> {
    let store = format.store();
    let parsed = store.parse(bytes).ok()?;
    let metadata = Metadata::from_json(parsed.metadata.as_ref()?).ok()?;
    let mut paths = Vec::new();
    for doc in &parsed.docs {
        let mut steps = Vec::new();
        entries_paths(&doc.entries, &mut steps, &mut paths);
    }
    let mut seen = HashSet::new();
    paths.retain(|p| seen.insert(p.clone()));
    Some((metadata, paths))
}

fn entries_paths(entries: &[Entry], steps: &mut Vec<Step>, paths: &mut Vec<String>) {
    for entry in entries {
        if let Entry::Pair { key, value, .. } = entry {
            steps.push(Step::Key(key.clone()));
            node_paths(value, steps, paths);
            steps.pop();
        }
    }
}

fn node_paths(node: &Node, steps: &mut Vec<Step>, paths: &mut Vec<String>) {
    match node {
        Node::Map { entries, .. } => entries_paths(entries, steps, paths),
        Node::List { items, .. } => {
            let values = items.iter().filter(|n| !matches!(n, Node::Comment(_)));
            for (index, item) in values.enumerate() {
                steps.push(Step::Index(index));
                node_paths(item, steps, paths);
                steps.pop();
            }
        }
        Node::Scalar(leaf) => {
            if matches!(&leaf.value, Scalar::Str(s) if s.starts_with("ENC[")) {
                paths.push(path_text(steps));
            }
        }
        Node::Alias { target, .. } => node_paths(target, steps, paths),
        Node::Comment(_) => {}
    }
}

/// A path as `get` and `set` take it: `a.b[0].c`, a key holding `.`, `[` or `"` quoted.
pub fn path_text(steps: &[Step]) -> String {
    let mut text = String::new();
    for step in steps {
        match step {
            Step::Index(i) => text.push_str(&format!("[{i}]")),
            Step::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                if key.is_empty() || key.contains(['.', '[', ']', '"']) {
                    text.push_str(&format!("{key:?}"));
                } else {
                    text.push_str(key);
                }
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_written_as_get_takes_them() {
        let steps = [
            Step::Key("db".into()),
            Step::Key("hosts".into()),
            Step::Index(1),
            Step::Key("a.b".into()),
        ];
        assert_eq!(path_text(&steps), r#"db.hosts[1]."a.b""#);
        assert_eq!(
            crate::path::parse(&path_text(&steps)).unwrap(),
            steps.to_vec()
        );
    }

    #[test]
    fn encrypted_values_are_found_with_their_paths() {
        let yaml = b"a: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\nplain_unencrypted: 1\nlist:\n  - ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\nsops:\n  mac: m\n  version: 3.11.0\n  lastmodified: \"2024-01-01T00:00:00Z\"\n  age:\n    - recipient: age1m68qart7yefshnglnkahr2f5ljhkfan95c3v5hzrfe3wy9qrcalq59qp67\n      enc: e\n";
        let (metadata, paths) = encrypted_paths(Format::Yaml, yaml).unwrap();
        assert_eq!(paths, ["a", "list[0]"]);
        let key =
            KeyId::parse("age1m68qart7yefshnglnkahr2f5ljhkfan95c3v5hzrfe3wy9qrcalq59qp67").unwrap();
        assert!(
            metadata
                .key_groups
                .iter()
                .flatten()
                .any(|k| key.matches_stored(k))
        );
        assert!(encrypted_paths(Format::Yaml, b"a: 1\n").is_none());
    }
}
