//! `secret scan`: the project's secrets where they must not be. Every sops file of the
//! repository is decrypted (in memory) for its string values; each value, each line of a
//! multi-line value, and the forms they leak in (base64 standard and URL-safe at every
//! byte alignment, percent- and form-encoding, JSON string escaping) are searched for at
//! once, in linear time (Aho-Corasick), in the tracked files, in what is staged, and with
//! `history` in every blob any commit brought in. A finding names the place and the key
//! path the value belongs to, never the value.
//!
//! [`forms`] is written to be shared with the masking of `exec --mask` (crates/core
//! `mask`), which derives the same forms.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, MatchKind};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use zeroize::Zeroizing;

use super::file::read_file;
use super::keypath;
use crate::git::{self, Commit, GitError};
use crate::sops::datakey::Unwrapper;
use crate::sops::decrypt::{DecryptOptions, decrypt};
use crate::sops::error::SopsError;
use crate::sops::metadata::Metadata;
use crate::sops::walk::{self, Visitor, walk};
use crate::store::Format;
use crate::tree::{Leaf, Scalar, Span};

/// Values (and lines) shorter than this many characters are not searched for: `1`, `yes`
/// or `dev` would be found everywhere. The same limit as `exec --mask`.
pub const MIN_LEN: usize = 4;

/// Encoded forms shorter than this (base64 characters without padding) are not searched
/// for: 48 bits of the value, so that random base64 (ciphertext included) does not match.
pub const MIN_ENCODED_LEN: usize = 8;

/// How a value appears where it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Form {
    Raw,
    Base64,
    Base64Url,
    UrlEncoded,
    JsonEscaped,
}

impl Form {
    pub fn describe(self) -> &'static str {
        match self {
            Form::Raw => "as it is",
            Form::Base64 => "base64-encoded",
            Form::Base64Url => "URL-safe base64-encoded",
            Form::UrlEncoded => "URL-encoded",
            Form::JsonEscaped => "JSON-escaped",
        }
    }
}

/// The forms `text` is searched in (raw first), each at least [`MIN_ENCODED_LEN`] long
/// when encoded, without repeats.
pub fn forms(text: &[u8]) -> Vec<(Form, Vec<u8>)> {
    let mut out: Vec<(Form, Vec<u8>)> = vec![(Form::Raw, text.to_vec())];
    let mut add = |form: Form, bytes: Vec<u8>| {
        if bytes.len() >= MIN_ENCODED_LEN.min(text.len()) && !out.iter().any(|(_, b)| *b == bytes) {
            out.push((form, bytes));
        }
    };
    for (form, engine) in [
        (Form::Base64, &STANDARD_NO_PAD),
        (Form::Base64Url, &URL_SAFE_NO_PAD),
    ] {
        for shift in 0..3 {
            let middle = base64_middle(engine, text, shift);
            if middle.len() >= MIN_ENCODED_LEN {
                add(form, middle);
            }
        }
    }
    add(Form::UrlEncoded, percent_encoded(text, true, false));
    add(Form::UrlEncoded, percent_encoded(text, false, false));
    add(Form::UrlEncoded, percent_encoded(text, true, true));
    if let Ok(text) = std::str::from_utf8(text) {
        let json = serde_json::to_string(text).expect("strings serialize");
        let inner = json.as_bytes()[1..json.len() - 1].to_vec();
        add(Form::JsonEscaped, inner.clone());
        if text.contains('/') {
            let slashed = String::from_utf8_lossy(&inner).replace('/', "\\/");
            add(Form::JsonEscaped, slashed.into_bytes());
        }
    }
    out
}

/// The base64 characters that depend on `text` alone when it starts `shift` bytes into
/// the encoded data and more may follow: what any encoding of data holding it contains.
fn base64_middle(engine: &base64::engine::GeneralPurpose, text: &[u8], shift: usize) -> Vec<u8> {
    let mut data = vec![0u8; shift];
    data.extend_from_slice(text);
    let encoded = engine.encode(&data).into_bytes();
    let first = (shift * 8).div_ceil(6);
    let last = (shift + text.len()) * 8 / 6;
    encoded
        .get(first..last.min(encoded.len()))
        .unwrap_or_default()
        .to_vec()
}

/// RFC 3986 percent-encoding (`form`: `+` for a space, as HTML forms send it).
fn percent_encoded(bytes: &[u8], upper: bool, form: bool) -> Vec<u8> {
    let mut out = String::new();
    for &b in bytes {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b' ' if form => out.push('+'),
            _ if upper => out.push_str(&format!("%{b:02X}")),
            _ => out.push_str(&format!("%{b:02x}")),
        }
    }
    out.into_bytes()
}

/// Where a secret value comes from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    /// The encrypted file, relative to the repository root.
    pub file: PathBuf,
    /// Its key path (`… (line N)` for one line of a multi-line value).
    pub key: String,
}

/// Where a value was found.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// A tracked file as it is in the working tree.
    File { file: PathBuf, line: usize },
    /// What is staged for the next commit.
    Staged { file: PathBuf, line: usize },
    /// A file as a commit left it.
    Commit {
        commit: String,
        date: String,
        author: String,
        file: PathBuf,
        line: usize,
    },
}

/// One place holding one or more of the values.
#[derive(Clone, Debug, PartialEq)]
pub struct Leak {
    pub place: Place,
    /// Whose values, in which form.
    pub found: Vec<(Source, Form)>,
}

/// What to search.
#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    /// Only these files or directories (relative to the directory scanned).
    pub paths: Vec<PathBuf>,
    /// Every blob of every commit too.
    pub history: bool,
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct ScanReport {
    pub leaks: Vec<Leak>,
    /// How many values were searched for.
    pub values: usize,
    /// Values not searched for: shorter than [`MIN_LEN`].
    pub too_short: Vec<Source>,
    /// Sops files whose values could not be had, and why.
    pub unreadable: Vec<(PathBuf, String)>,
    /// Files and blobs searched.
    pub searched: usize,
}

/// Why a scan could not run.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("no encrypted file of the repository could be decrypted with your keys")]
    NoValues,
}

/// Scans the repository holding `dir`.
pub fn scan(
    dir: &Path,
    options: &ScanOptions,
    keys: &mut dyn Unwrapper,
) -> Result<ScanReport, ScanError> {
    let root = git::repository_root(dir)?;
    let mut report = ScanReport::default();
    let (patterns, sources) = secrets(&root, keys, &mut report)?;
    if patterns.is_empty() {
        return Ok(report);
    }
    let searcher = Searcher::new(patterns, sources);

    let mut leaks: BTreeMap<Place, BTreeSet<(Source, Form)>> = BTreeMap::new();
    let working: HashMap<PathBuf, Zeroizing<Vec<u8>>> =
        git::list_files(dir, false, &options.paths)?
            .into_iter()
            .filter_map(|path| {
                let bytes = read_file(&dir.join(&path)).ok()?;
                Some((path, Zeroizing::new(bytes)))
            })
            .collect();
    for (file, bytes) in &working {
        report.searched += 1;
        searcher.search(file, bytes, |line, found| {
            leaks
                .entry(Place::File {
                    file: file.clone(),
                    line,
                })
                .or_default()
                .insert(found);
        });
    }

    let staged = git::staged_blobs(dir, &options.paths)?;
    let blobs = git::objects(dir, staged.iter().map(|(_, blob)| blob.clone()).collect())?;
    for ((file, _), bytes) in staged.into_iter().zip(blobs) {
        let Some(bytes) = bytes.map(Zeroizing::new) else {
            continue;
        };
        if working.get(&file).is_some_and(|w| **w == *bytes) {
            continue;
        }
        report.searched += 1;
        searcher.search(&file, &bytes, |line, found| {
            leaks
                .entry(Place::Staged {
                    file: file.clone(),
                    line,
                })
                .or_default()
                .insert(found);
        });
    }

    if options.history {
        let prefix = dir
            .strip_prefix(&root)
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let paths: Vec<PathBuf> = options.paths.iter().map(|p| prefix.join(p)).collect();
        let mut seen = BTreeSet::new();
        let changes: Vec<_> = git::introduced_blobs(&root, &paths)?
            .into_iter()
            .filter(|change| seen.insert(change.blob.clone()))
            .collect();
        for chunk in changes.chunks(256) {
            let blobs = git::objects(&root, chunk.iter().map(|c| c.blob.clone()).collect())?;
            for (change, bytes) in chunk.iter().zip(blobs) {
                let Some(bytes) = bytes.map(Zeroizing::new) else {
                    continue;
                };
                if bytes.len() > crate::limits::max_input_bytes() {
                    continue;
                }
                report.searched += 1;
                searcher.search(&change.path, &bytes, |line, found| {
                    leaks
                        .entry(commit_place(&change.commit, &change.path, line))
                        .or_default()
                        .insert(found);
                });
            }
        }
    }
    report.leaks = leaks
        .into_iter()
        .map(|(place, found)| Leak {
            place,
            found: found.into_iter().collect(),
        })
        .collect();
    Ok(report)
}

fn commit_place(commit: &Commit, file: &Path, line: usize) -> Place {
    Place::Commit {
        commit: commit.id.clone(),
        date: commit.date.clone(),
        author: commit.author.clone(),
        file: file.to_path_buf(),
        line,
    }
}

/// The patterns to search for.
type Patterns = Vec<Zeroizing<Vec<u8>>>;

/// For each pattern, the values it stands for and in which form.
type PatternSources = Vec<Vec<(Source, Form)>>;

/// Every string value of every sops file tracked in the repository, as patterns.
fn secrets(
    root: &Path,
    keys: &mut dyn Unwrapper,
    report: &mut ScanReport,
) -> Result<(Patterns, PatternSources), ScanError> {
    // By SHA-256, so that the map holds no plaintext (it is not wiped when dropped).
    let mut by_pattern: HashMap<[u8; 32], usize> = HashMap::new();
    let mut patterns: Patterns = Vec::new();
    let mut sources: Vec<Vec<(Source, Form)>> = Vec::new();
    let mut opened_any = false;
    let mut sops_files = 0;
    for file in git::list_files(root, false, &[])? {
        let Ok(bytes) = read_file(&root.join(&file)) else {
            continue;
        };
        if memchr::memmem::find(&bytes, b"lastmodified").is_none() {
            continue;
        }
        let format = Format::from_path(&file);
        let store = format.store();
        let Ok(parsed) = store.parse(&bytes) else {
            continue;
        };
        let Some(json) = &parsed.metadata else {
            continue;
        };
        let Ok(metadata) = Metadata::from_json(json) else {
            continue;
        };
        sops_files += 1;
        let plaintext = match decrypt(store.as_ref(), &bytes, keys, DecryptOptions::default()) {
            Ok(plain) => Zeroizing::new(plain.bytes),
            Err(error) => {
                let why = match error {
                    SopsError::NoKey { .. } => "no key of yours opens it".to_string(),
                    other => other.to_string(),
                };
                report.unreadable.push((file, why));
                continue;
            }
        };
        opened_any = true;
        let Ok(plain) = store.parse(&plaintext) else {
            continue;
        };
        let mut collector = Collector::default();
        let _ = walk(&plain.docs, &metadata.selector, &mut collector);
        for (path, value) in collector.values {
            let mut texts: Vec<(String, &[u8])> = vec![(path.clone(), value.as_slice())];
            if value.contains(&b'\n') {
                for (index, line) in value.split(|&b| b == b'\n').enumerate() {
                    if line.len() >= MIN_LEN && !line.starts_with(b"-----") {
                        texts.push((format!("{path} (line {} of the value)", index + 1), line));
                    }
                }
            }
            for (key, text) in texts {
                let source = Source {
                    file: file.clone(),
                    key,
                };
                if String::from_utf8_lossy(text).chars().count() < MIN_LEN {
                    report.too_short.push(source);
                    continue;
                }
                report.values += 1;
                for (form, pattern) in forms(text) {
                    let pattern = Zeroizing::new(pattern);
                    let digest: [u8; 32] =
                        <sha2::Sha256 as sha2::Digest>::digest(pattern.as_slice()).into();
                    let index = *by_pattern.entry(digest).or_insert_with(|| {
                        patterns.push(pattern);
                        sources.push(Vec::new());
                        patterns.len() - 1
                    });
                    sources[index].push((source.clone(), form));
                }
            }
        }
    }
    if sops_files > 0 && !opened_any {
        return Err(ScanError::NoValues);
    }
    Ok((patterns, sources))
}

/// The string values a file's rules encrypt, with their key paths.
#[derive(Default)]
struct Collector {
    values: Vec<(String, Zeroizing<Vec<u8>>)>,
}

impl Visitor for Collector {
    type Error = std::convert::Infallible;

    fn comment_text(&mut self, leaf: &Leaf, _: &walk::Place) -> Result<String, Self::Error> {
        Ok(crate::sops::encrypt::comment_text(leaf))
    }

    fn comment(
        &mut self,
        _: &Leaf,
        _: &walk::Place,
        _: String,
        _: bool,
    ) -> Result<(), Self::Error> {
        Ok(())
    }

    fn value(
        &mut self,
        leaf: &Leaf,
        place: &walk::Place,
        encrypt: bool,
    ) -> Result<(), Self::Error> {
        let bytes = match &leaf.value {
            Scalar::Str(text) if encrypt => text.as_bytes(),
            Scalar::Bytes(bytes) if encrypt => bytes,
            _ => return Ok(()),
        };
        let path = if place.path.is_empty() {
            "(top level)".into()
        } else {
            keypath::display(
                &place
                    .path
                    .iter()
                    .map(|k| crate::path::Step::Key(k.to_string()))
                    .collect::<Vec<_>>(),
            )
        };
        self.values.push((path, Zeroizing::new(bytes.to_vec())));
        Ok(())
    }

    fn uses_stable_ids(&self) -> bool {
        false
    }
}

/// One automaton over every pattern.
struct Searcher {
    automaton: AhoCorasick,
    sources: Vec<Vec<(Source, Form)>>,
}

impl Searcher {
    fn new(patterns: Patterns, sources: Vec<Vec<(Source, Form)>>) -> Searcher {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns.iter().map(|p| p.as_slice()))
            .expect("patterns of a few megabytes at most build");
        Searcher { automaton, sources }
    }

    /// Calls `found` with the line and the source of each match in `bytes` (the file
    /// `path`), leaving out matches inside the ciphertext and metadata of a sops file: a
    /// short value can occur there by chance, and is no leak.
    fn search(&self, path: &Path, bytes: &[u8], mut found: impl FnMut(usize, (Source, Form))) {
        let mut skip: Option<Vec<Span>> = None;
        let mut line = 1;
        let mut counted = 0;
        for hit in self.automaton.find_iter(bytes) {
            let skip = skip.get_or_insert_with(|| ciphertext_spans(path, bytes));
            if skip
                .iter()
                .any(|span| span.start <= hit.start() && hit.end() <= span.end)
            {
                continue;
            }
            line += memchr::memchr_iter(b'\n', &bytes[counted..hit.start()]).count();
            counted = hit.start();
            for source in &self.sources[hit.pattern().as_usize()] {
                found(line, source.clone());
            }
        }
    }
}

/// Where a sops file holds ciphertext: its encrypted values and comments, and its
/// metadata block; nothing for any other file.
fn ciphertext_spans(path: &Path, bytes: &[u8]) -> Vec<Span> {
    if memchr::memmem::find(bytes, b"lastmodified").is_none() {
        return Vec::new();
    }
    let Ok(parsed) = Format::from_path(path).store().parse(bytes) else {
        return Vec::new();
    };
    if parsed.metadata.is_none() {
        return Vec::new();
    }
    let mut spans = parsed.metadata_spans.clone();
    for doc in &parsed.docs {
        crate::tree::entries_for_each_leaf(&doc.entries, &mut |leaf| {
            let encrypted = match &leaf.value {
                Scalar::Str(text) => text.contains("ENC[AES256_GCM,"),
                _ => false,
            };
            if encrypted {
                spans.push(leaf.span.clone());
            }
        });
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(haystack: &str, form: &[u8]) -> bool {
        memchr::memmem::find(haystack.as_bytes(), form).is_some()
    }

    #[test]
    fn every_form_is_found_in_what_encodes_the_value() {
        let value = b"p@ss w/rd+\"x\"";
        let all = forms(value);
        let found = |text: &str| {
            all.iter()
                .filter(|(_, f)| has(text, f))
                .map(|(form, _)| *form)
                .collect::<Vec<_>>()
        };
        for prefix in ["", "u", "us", "use"] {
            let mut data = prefix.as_bytes().to_vec();
            data.extend_from_slice(value);
            data.extend_from_slice(b"!tail");
            let encoded = base64::engine::general_purpose::STANDARD.encode(&data);
            assert!(
                found(&encoded).contains(&Form::Base64),
                "{prefix:?} {encoded}"
            );
            let url = URL_SAFE_NO_PAD.encode(&data);
            assert!(found(&url).contains(&Form::Base64Url) || found(&url).contains(&Form::Base64));
        }
        assert_eq!(found("x=p%40ss%20w%2Frd%2B%22x%22&"), [Form::UrlEncoded]);
        assert_eq!(found("x=p%40ss+w%2Frd%2B%22x%22&"), [Form::UrlEncoded]);
        assert_eq!(found(r#"{"k": "p@ss w/rd+\"x\""}"#), [Form::JsonEscaped]);
        assert_eq!(found(r#"{"k": "p@ss w\/rd+\"x\""}"#), [Form::JsonEscaped]);
        assert_eq!(found("p@ss w/rd+\"x\""), [Form::Raw]);
    }

    #[test]
    fn short_values_have_no_short_encodings() {
        for (_, form) in forms(b"abcd").iter().skip(1) {
            assert!(
                form.len() >= MIN_ENCODED_LEN,
                "{}",
                String::from_utf8_lossy(form)
            );
        }
    }

    #[test]
    fn lines_are_counted() {
        let searcher = Searcher::new(
            vec![Zeroizing::new(b"needle".to_vec())],
            vec![vec![(
                Source {
                    file: "a".into(),
                    key: "k".into(),
                },
                Form::Raw,
            )]],
        );
        let mut lines = Vec::new();
        searcher.search(
            Path::new("a.txt"),
            b"a\nneedle\n\nx needle needle\n",
            |line, _| lines.push(line),
        );
        assert_eq!(lines, [2, 4, 4]);
    }

    #[test]
    fn ciphertext_of_a_sops_file_is_not_searched() {
        let searcher = Searcher::new(
            vec![Zeroizing::new(b"Zq9x".to_vec())],
            vec![vec![(
                Source {
                    file: "a".into(),
                    key: "k".into(),
                },
                Form::Raw,
            )]],
        );
        let file = b"a: ENC[AES256_GCM,data:aZq9xA==,iv:AAAA,tag:BBBB,type:str]\nb_unencrypted: Zq9x\nsops:\n    lastmodified: \"Zq9x\"\n    version: 3.11.0\n";
        let mut lines = Vec::new();
        searcher.search(Path::new("s.enc.yaml"), file, |line, _| lines.push(line));
        assert_eq!(lines, [2]);
    }
}
