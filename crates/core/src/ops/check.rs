//! `secret check`: what a commit (or CI) must not let through, found without any key.
//!
//! Every file that a `.sops.yaml` creation rule with a `path_regex` covers, and every
//! other file that is a sops file, is checked:
//! * it parses, and is a sops file (a plaintext file a rule covers is the leak of sops
//!   #571);
//! * every value and comment its encryption rules say is encrypted is an `ENC[…]`
//!   envelope (a value in clear, in a half-encrypted file, is named by its key path), by
//!   the file's own rules and by the rule that covers it now;
//! * its metadata reads, and it has a MAC;
//! * it holds no git conflict markers of a text merge, and is not unmerged in the index;
//! * its recipients and encryption settings are those of the rule that covers it now
//!   (drift, sops #824: reported apart, so that CI can decide);
//! * with a key at hand, its MAC verifies and no value still holds the conflict markers
//!   the merge driver leaves (files no key opens are counted, not failed).
//!
//! A rule without `path_regex` matches every file: it decides the recipients a sops file
//! should have, but does not make every file of the repository one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use regex_lite::Regex;

use super::merge::{has_conflict_markers, unresolved_conflicts};
use super::readers;
use crate::config::{self, ConfigError, CreationRule, LoadedConfig};
use crate::git::{self, GitError};
use crate::sops::datakey::Unwrapper;
use crate::sops::encrypt::comment_text;
use crate::sops::envelope::{Envelope, looks_encrypted};
use crate::sops::error::SopsError;
use crate::sops::metadata::Metadata;
use crate::sops::rules::Selector;
use crate::sops::walk::{Place, Visitor, walk};
use crate::store::{Format, Parsed, line_column};
use crate::tree::{Leaf, Scalar};

/// What to check.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// Files or directories; none: every file git knows of under the directory.
    pub paths: Vec<PathBuf>,
    /// Check what is staged (the index) instead of the working tree.
    pub staged: bool,
    /// `.sops.yaml` to use instead of searching for one.
    pub config: Option<PathBuf>,
}

/// What is wrong with a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A rule covers the file, and it is not encrypted.
    Plaintext,
    /// A value the rules encrypt is in clear.
    ClearValue,
    /// A comment the rules encrypt is in clear.
    ClearComment,
    /// An `ENC[…]` value that is not a valid envelope.
    BadValue,
    Unparsable,
    BadMetadata,
    NoMac,
    /// Unmerged in the index, or holding a text merge's conflict markers.
    Unmerged,
    /// A value still holds the conflict markers of the merge driver.
    Conflict,
    /// With a key: the MAC does not verify, or a value does not decrypt.
    Tampered,
    /// The recipients are not those of the rule that covers the file.
    RecipientDrift,
    /// The encryption settings are not those of the rule that covers the file.
    SettingsDrift,
}

impl Problem {
    /// Drift is a difference from `.sops.yaml`, not a leak or a broken file.
    pub fn is_drift(self) -> bool {
        matches!(self, Problem::RecipientDrift | Problem::SettingsDrift)
    }

    /// A stable name for scripts.
    pub fn code(self) -> &'static str {
        match self {
            Problem::Plaintext => "plaintext",
            Problem::ClearValue => "clear-value",
            Problem::ClearComment => "clear-comment",
            Problem::BadValue => "bad-value",
            Problem::Unparsable => "unparsable",
            Problem::BadMetadata => "bad-metadata",
            Problem::NoMac => "no-mac",
            Problem::Unmerged => "unmerged",
            Problem::Conflict => "conflict",
            Problem::Tampered => "tampered",
            Problem::RecipientDrift => "recipient-drift",
            Problem::SettingsDrift => "settings-drift",
        }
    }
}

/// One problem found.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Relative to the directory checked.
    pub file: PathBuf,
    /// The key path (and line) it is about, if one.
    pub key: Option<String>,
    pub problem: Problem,
    pub message: String,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    /// Files checked (covered by a rule, or sops files).
    pub checked: usize,
    pub findings: Vec<Finding>,
    /// Sops files no key at hand opened: not checked for unresolved merge conflicts.
    pub not_decrypted: usize,
}

/// Why a check could not run.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{} is not in a git repository: name the files or directories to check", .0.display())]
    NoRepository(PathBuf),
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A file to check: where, and its bytes (`None`: unmerged in the index).
struct Candidate {
    path: PathBuf,
    bytes: Option<Vec<u8>>,
}

/// Checks the files under `dir` as `options` say; `keys`, when given, also looks into the
/// files it opens.
pub fn check(
    dir: &Path,
    options: &CheckOptions,
    mut keys: Option<&mut dyn Unwrapper>,
) -> Result<Report, CheckError> {
    let candidates = candidates(dir, options)?;
    let mut rules = RuleCache::new(options.config.clone());
    let mut report = Report::default();
    for candidate in candidates {
        let Some(bytes) = candidate.bytes else {
            report.checked += 1;
            report.findings.push(Finding {
                file: candidate.path,
                key: None,
                problem: Problem::Unmerged,
                message: "unmerged in the index: resolve the merge, then `git add` it".into(),
            });
            continue;
        };
        let absolute = dir.join(&candidate.path);
        let applied = rules.rule_for(&absolute)?;
        let covered = applied.as_ref().is_some_and(|r| r.explicit);
        if !covered && memchr::memmem::find(&bytes, b"lastmodified").is_none() {
            continue;
        }
        let mut file = FileCheck {
            path: &candidate.path,
            bytes: &bytes,
            format: Format::from_path(&candidate.path),
            findings: &mut report.findings,
        };
        let rule = applied.as_ref().map(|a| rules.rule(a));
        if file.check(
            rule,
            covered,
            keys.as_deref_mut(),
            &mut report.not_decrypted,
        ) {
            report.checked += 1;
        }
    }
    Ok(report)
}

/// The files to check, with their bytes.
fn candidates(dir: &Path, options: &CheckOptions) -> Result<Vec<Candidate>, CheckError> {
    if options.staged {
        let entries = git::index_entries(dir, &options.paths)?;
        let mut unmerged: Vec<PathBuf> = entries
            .iter()
            .filter(|e| e.stage != 0)
            .map(|e| e.path.clone())
            .collect();
        unmerged.dedup();
        let merged: Vec<_> = entries.into_iter().filter(|e| e.stage == 0).collect();
        let blobs = git::objects(dir, merged.iter().map(|e| e.blob.clone()).collect())?;
        let mut all: Vec<Candidate> = merged
            .into_iter()
            .zip(blobs)
            .filter_map(|(entry, bytes)| {
                bytes.map(|bytes| Candidate {
                    path: entry.path,
                    bytes: Some(bytes),
                })
            })
            .collect();
        all.extend(
            unmerged
                .into_iter()
                .map(|path| Candidate { path, bytes: None }),
        );
        all.sort_by(|a, b| a.path.cmp(&b.path));
        return Ok(all);
    }
    let files = match git::repository_root(dir) {
        Ok(_) => git::list_files(dir, true, &options.paths)?,
        Err(GitError::NotARepository(_)) if !options.paths.is_empty() => {
            walk_paths(dir, &options.paths)
        }
        Err(GitError::NotARepository(_)) => {
            return Err(CheckError::NoRepository(dir.to_path_buf()));
        }
        Err(other) => return Err(other.into()),
    };
    let mut all = Vec::with_capacity(files.len());
    for path in files {
        let full = dir.join(&path);
        match super::file::read_file(&full) {
            Ok(bytes) => all.push(Candidate {
                path,
                bytes: Some(bytes),
            }),
            // Deleted but still tracked, or not a regular file: nothing to commit there.
            Err(super::OpError::MissingFile(_)) => {}
            Err(super::OpError::Read { source, .. })
                if source.kind() == std::io::ErrorKind::InvalidInput =>
            {
                let _ = source;
            }
            Err(super::OpError::Read { source, .. }) => {
                return Err(CheckError::Read { path: full, source });
            }
            Err(_) => {}
        }
    }
    Ok(all)
}

/// Files named, and the files below directories named (hidden directories skipped).
fn walk_paths(dir: &Path, paths: &[PathBuf]) -> Vec<PathBuf> {
    fn visit(dir: &Path, relative: &Path, out: &mut Vec<PathBuf>) {
        let full = dir.join(relative);
        if !full.is_dir() {
            out.push(relative.to_path_buf());
            return;
        }
        let Ok(entries) = std::fs::read_dir(&full) else {
            return;
        };
        let mut names: Vec<_> = entries.flatten().map(|e| e.file_name()).collect();
        names.sort();
        for name in names {
            if !name.to_string_lossy().starts_with('.') {
                visit(dir, &relative.join(name), out);
            }
        }
    }
    let mut out = Vec::new();
    for path in paths {
        visit(dir, path, &mut out);
    }
    out
}

/// The rule that applies to a file (which configuration, which rule), and whether its
/// `path_regex` names the file.
struct Applied {
    config: usize,
    rule: usize,
    explicit: bool,
}

/// `.sops.yaml` files found so far (by the directory searched from), their rules compiled.
struct RuleCache {
    explicit: Option<PathBuf>,
    by_dir: HashMap<PathBuf, Option<usize>>,
    loaded: Vec<(LoadedConfig, Vec<Option<Regex>>, PathBuf)>,
}

impl RuleCache {
    fn new(explicit: Option<PathBuf>) -> RuleCache {
        RuleCache {
            explicit,
            by_dir: HashMap::new(),
            loaded: Vec::new(),
        }
    }

    /// The first rule matching `file` (absolute), if a `.sops.yaml` applies.
    fn rule_for(&mut self, file: &Path) -> Result<Option<Applied>, CheckError> {
        let dir = file.parent().unwrap_or(Path::new("/")).to_path_buf();
        let index = match self.by_dir.get(&dir) {
            Some(index) => *index,
            None => {
                let index = match config::find(self.explicit.as_deref(), Some(file)) {
                    Some(path) => Some(self.load(&path)?),
                    None => None,
                };
                self.by_dir.insert(dir, index);
                index
            }
        };
        let Some(index) = index else {
            return Ok(None);
        };
        let (loaded, regexes, base) = &self.loaded[index];
        let name = match file.strip_prefix(base) {
            Ok(relative) => relative.to_string_lossy().into_owned(),
            Err(_) => file.to_string_lossy().into_owned(),
        };
        let _ = loaded;
        Ok(regexes
            .iter()
            .position(|regex| regex.as_ref().is_none_or(|r| r.is_match(&name)))
            .map(|rule| Applied {
                config: index,
                rule,
                explicit: regexes[rule].is_some(),
            }))
    }

    fn rule(&self, applied: &Applied) -> &CreationRule {
        &self.loaded[applied.config].0.config.creation_rules[applied.rule]
    }

    fn load(&mut self, path: &Path) -> Result<usize, CheckError> {
        if let Some(index) = self.loaded.iter().position(|(l, _, _)| l.path == path) {
            return Ok(index);
        }
        let loaded = config::load(path)?;
        let regexes = loaded
            .config
            .creation_rules
            .iter()
            .enumerate()
            .map(|(index, rule)| {
                rule.path_regex
                    .as_deref()
                    .map(|pattern| {
                        Regex::new(pattern).map_err(|source| ConfigError::PathRegex {
                            path: path.to_path_buf(),
                            index,
                            source,
                        })
                    })
                    .transpose()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let cwd = std::env::current_dir().unwrap_or_default();
        let base = cwd.join(path.parent().unwrap_or(Path::new("")));
        self.loaded.push((loaded, regexes, base));
        Ok(self.loaded.len() - 1)
    }
}

/// One file being checked.
struct FileCheck<'a> {
    path: &'a Path,
    bytes: &'a [u8],
    format: Format,
    findings: &'a mut Vec<Finding>,
}

impl FileCheck<'_> {
    fn add(&mut self, problem: Problem, key: Option<String>, message: impl Into<String>) {
        self.findings.push(Finding {
            file: self.path.to_path_buf(),
            key,
            problem,
            message: message.into(),
        });
    }

    /// Checks the file; false when it turned out to be nothing to check.
    fn check<'k>(
        &mut self,
        rule: Option<&CreationRule>,
        covered: bool,
        keys: Option<&mut (dyn Unwrapper + 'k)>,
        not_decrypted: &mut usize,
    ) -> bool {
        let text = String::from_utf8_lossy(self.bytes);
        if has_conflict_markers(&text) {
            self.add(
                Problem::Unmerged,
                None,
                "holds git's conflict markers (a text merge): resolve it, or merge again after \
                 `secret git setup`",
            );
            return true;
        }
        let store = self.format.store();
        let parsed = match store.parse(self.bytes) {
            Ok(parsed) => parsed,
            Err(error) if covered => {
                self.add(
                    Problem::Unparsable,
                    None,
                    format!("does not parse: {error}"),
                );
                return true;
            }
            Err(_) => return false,
        };
        let Some(json) = &parsed.metadata else {
            if covered {
                self.add(
                    Problem::Plaintext,
                    None,
                    "is not encrypted, and a creation rule of .sops.yaml covers it: \
                     `secret encrypt -i` it before committing",
                );
            }
            return covered;
        };
        let metadata = match Metadata::from_json(json) {
            Ok(metadata) => metadata,
            Err(error) => {
                self.add(
                    Problem::BadMetadata,
                    None,
                    format!("invalid sops metadata: {error}"),
                );
                return true;
            }
        };
        if !Envelope::parse(&metadata.mac).is_ok_and(|e| e.type_name == "str") {
            self.add(Problem::NoMac, None, "has no valid MAC (`sops: mac:`)");
        }
        self.clear_values(&parsed, &metadata.selector, None);
        if let Some(rule) = rule {
            self.against_rule(&parsed, &metadata, rule);
        }
        // A file already found wanting is not decrypted: it would only fail again.
        let wanting = self
            .findings
            .iter()
            .any(|f| f.file == self.path && !f.problem.is_drift());
        if let Some(keys) = keys.filter(|_| !wanting) {
            let store = self.format.store();
            match unresolved_conflicts(store.as_ref(), self.bytes, keys) {
                Ok(conflicts) => {
                    for key in conflicts {
                        self.add(
                            Problem::Conflict,
                            Some(key),
                            "holds both sides of a merge conflict: `secret edit` the file to \
                             resolve it",
                        );
                    }
                }
                Err(SopsError::NoKey { .. }) => *not_decrypted += 1,
                Err(error) => self.add(Problem::Tampered, None, error.to_string()),
            }
        }
        true
    }

    /// Values and comments the selector encrypts that are in clear; `rule_says` marks a
    /// selector taken from `.sops.yaml` rather than the file.
    fn clear_values(&mut self, parsed: &Parsed, selector: &Selector, rule_says: Option<()>) {
        let mut finder = ClearFinder {
            src: self.bytes,
            found: Vec::new(),
        };
        let _ = walk(&parsed.docs, selector, &mut finder);
        for found in finder.found {
            let key = Some(format!("{} (line {})", found.path, found.line));
            if self
                .findings
                .iter()
                .any(|f| f.file == self.path && f.key == key)
            {
                continue;
            }
            let whose = if rule_says.is_some() {
                "the rule in .sops.yaml encrypts it"
            } else {
                "the file's encryption rules encrypt it"
            };
            let (problem, message) = match found.kind {
                Clear::Value => (Problem::ClearValue, format!("value in clear; {whose}")),
                Clear::Comment => (Problem::ClearComment, format!("comment in clear; {whose}")),
                Clear::Malformed => (
                    Problem::BadValue,
                    "not a valid ENC[AES256_GCM,…] value".to_string(),
                ),
            };
            self.add(problem, key, message);
        }
    }

    /// Drift from the rule that covers the file now.
    fn against_rule(&mut self, parsed: &Parsed, metadata: &Metadata, rule: &CreationRule) {
        let wanted = readers::of_rule(rule);
        if !wanted.is_empty() {
            let changes = readers::differences(&readers::of_file(metadata), &wanted);
            if !changes.is_empty() {
                let mut parts = Vec::new();
                for (group, added, removed) in changes {
                    let group = if metadata.key_groups.len() > 1 || wanted.len() > 1 {
                        format!(" (group {group})")
                    } else {
                        String::new()
                    };
                    parts.extend(added.iter().map(|r| format!("+{r}{group}")));
                    parts.extend(removed.iter().map(|r| format!("-{r}{group}")));
                }
                self.add(
                    Problem::RecipientDrift,
                    None,
                    format!(
                        "recipients differ from .sops.yaml ({}): `secret updatekeys` the file \
                         (+ is in the rule but cannot read the file, - can read it but is not in the rule)",
                        parts.join(", ")
                    ),
                );
            }
        }
        if self.format == Format::Binary {
            return;
        }
        let Ok(rule_selector) = Selector::from_settings(rule.selector.pairs()) else {
            return;
        };
        let rule_selector = rule_selector.unwrap_or_default();
        let rule_mac_only = rule.mac_only_encrypted.unwrap_or(false);
        if rule_selector.setting() != metadata.selector.setting()
            || rule_mac_only != metadata.mac_only_encrypted
        {
            let (key, value) = rule_selector.setting();
            let (file_key, file_value) = metadata.selector.setting();
            self.add(
                Problem::SettingsDrift,
                None,
                format!(
                    "encryption settings differ from .sops.yaml (the rule: {key}: {value}{}; \
                     the file: {file_key}: {file_value}{}): re-encrypt the file to apply the rule",
                    if rule_mac_only {
                        ", mac_only_encrypted"
                    } else {
                        ""
                    },
                    if metadata.mac_only_encrypted {
                        ", mac_only_encrypted"
                    } else {
                        ""
                    },
                ),
            );
            self.clear_values(parsed, &rule_selector, Some(()));
        }
    }
}

enum Clear {
    Value,
    Comment,
    Malformed,
}

struct Found {
    path: String,
    line: usize,
    kind: Clear,
}

/// The visitor that finds what should be encrypted and is not.
struct ClearFinder<'a> {
    src: &'a [u8],
    found: Vec<Found>,
}

impl ClearFinder<'_> {
    fn push(&mut self, leaf: &Leaf, place: &Place, kind: Clear) {
        let path = if place.path.is_empty() {
            "(top level)".to_string()
        } else {
            place.path.join(".")
        };
        self.found.push(Found {
            path,
            line: line_column(self.src, leaf.span.start).0,
            kind,
        });
    }
}

impl Visitor for ClearFinder<'_> {
    type Error = std::convert::Infallible;

    fn comment_text(&mut self, leaf: &Leaf, _place: &Place) -> Result<String, Self::Error> {
        Ok(comment_text(leaf))
    }

    fn comment(
        &mut self,
        leaf: &Leaf,
        place: &Place,
        text: String,
        encrypt: bool,
    ) -> Result<(), Self::Error> {
        if encrypt && !text.trim().is_empty() && !looks_encrypted(&text) {
            self.push(leaf, place, Clear::Comment);
        }
        Ok(())
    }

    fn value(&mut self, leaf: &Leaf, place: &Place, encrypt: bool) -> Result<(), Self::Error> {
        if !encrypt {
            return Ok(());
        }
        match &leaf.value {
            Scalar::Null => {}
            Scalar::Str(text) if text.is_empty() => {}
            Scalar::Str(text) if looks_encrypted(text) => {
                if Envelope::parse(text).is_err() {
                    self.push(leaf, place, Clear::Malformed);
                }
            }
            _ => self.push(leaf, place, Clear::Value),
        }
        Ok(())
    }

    fn uses_stable_ids(&self) -> bool {
        false
    }
}

/// Only age keys, tried quietly: a check must neither call AWS nor wake pinentry.
pub struct AgeOnly<'a, U: Unwrapper>(pub &'a mut U);

impl<U: Unwrapper> Unwrapper for AgeOnly<'_, U> {
    fn unwrap(
        &mut self,
        key: &crate::sops::metadata::StoredKey,
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, crate::sops::datakey::KeyError> {
        match key {
            crate::sops::metadata::StoredKey::Age { .. } => self.0.unwrap(key),
            _ => Err("only age keys are tried by `secret check`".into()),
        }
    }

    fn rank(&self, key: &crate::sops::metadata::StoredKey) -> usize {
        self.0.rank(key)
    }

    fn searched(&self) -> Vec<String> {
        self.0.searched()
    }

    fn passed_over(&mut self, failures: Vec<crate::sops::error::KeyFailure>) {
        self.0.passed_over(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sops::envelope::{Cipher, DataKey};

    /// A YAML sops file (not a real one: the envelopes are well-formed, the MAC is not
    /// checked without a key) with `selector_line` in its metadata.
    fn file(data_a: &str, selector_line: &str) -> String {
        let cipher = Cipher::new(&DataKey::generate());
        let mac = cipher.encrypt(&[b'A'; 128], b"2026-01-01T00:00:00Z", "str");
        format!(
            "data:\n    a: {data_a}\nother: plain\nsops:\n    age:\n        - recipient: age1x\n          enc: x\n    lastmodified: \"2026-01-01T00:00:00Z\"\n    mac: {mac}\n{selector_line}    version: 3.11.0\n"
        )
    }

    fn findings(text: &str) -> Vec<(Problem, Option<String>)> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.yaml"), text).unwrap();
        let options = CheckOptions {
            paths: vec![PathBuf::from("s.yaml")],
            ..CheckOptions::default()
        };
        let report = check(dir.path(), &options, None).unwrap();
        assert_eq!(report.checked, 1);
        report
            .findings
            .into_iter()
            .map(|f| (f.problem, f.key))
            .collect()
    }

    #[test]
    fn values_are_checked_against_the_files_own_rules() {
        let cipher = Cipher::new(&DataKey::generate());
        let envelope = cipher.encrypt(b"secret", b"data:a:", "str");
        let only_data = "    encrypted_regex: ^data$\n";
        assert_eq!(findings(&file(&envelope, only_data)), []);
        assert_eq!(
            findings(&file("in-clear", only_data)),
            [(Problem::ClearValue, Some("data.a (line 2)".into()))]
        );
        // The default rules encrypt `other` too.
        assert_eq!(
            findings(&file(&envelope, "")),
            [(Problem::ClearValue, Some("other (line 3)".into()))]
        );
        assert_eq!(
            findings(&file(
                "ENC[AES256_GCM,data:%%%,iv:x,tag:y,type:str]",
                only_data
            )),
            [(Problem::BadValue, Some("data.a (line 2)".into()))]
        );
    }
}
