//! A repository's history through the `git` program (no library): the versions of a file
//! commit by commit, for what needs no key (per-key history, who could read what, checks
//! of staged files). One `git log` and one `git cat-file --batch` per file, however long
//! the history.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why git could not answer.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git: {0} (is git installed?)")]
    Run(std::io::Error),
    #[error("{} is not in a git repository", .0.display())]
    NotARepository(PathBuf),
    #[error("git {command} failed: {message}")]
    Failed { command: String, message: String },
}

/// A commit, as `git log` shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Commit {
    pub id: String,
    pub author: String,
    pub email: String,
    /// Author date, strict ISO 8601.
    pub date: String,
    pub subject: String,
    /// The parent commits (the first is the branch merged into, for a merge).
    pub parents: Vec<String>,
}

/// A file as one commit left it: its path then (renames are followed) and its bytes, or
/// `None` when the commit deleted it.
#[derive(Clone, Debug)]
pub struct FileVersion {
    pub commit: Commit,
    pub path: PathBuf,
    /// The path in the first parent, when this commit renamed the file.
    pub renamed_from: Option<PathBuf>,
    pub bytes: Option<Vec<u8>>,
}

/// The top directory of the repository holding `dir`.
pub fn repository_root(dir: &Path) -> Result<PathBuf, GitError> {
    let output = git(dir, &["rev-parse", "--show-toplevel"])?;
    if !output.status.success() {
        return Err(GitError::NotARepository(dir.to_path_buf()));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(PathBuf::from(text.trim_end_matches(['\n', '\r'])))
}

/// Every commit that changed `file` (following renames; merges included, as changes from
/// their first parent), oldest first, with the file as that commit left it. `file` is
/// relative to the working directory `dir`.
pub fn file_history(dir: &Path, file: &Path) -> Result<Vec<FileVersion>, GitError> {
    let root = repository_root(dir)?;
    let file = dir.join(file);
    let relative = file.strip_prefix(&root).unwrap_or(&file).to_path_buf();
    let mut versions = log(&root, &relative)?;
    versions.reverse();
    contents(&root, &mut versions)?;
    Ok(versions)
}

/// The version of `file` staged in the index, if it is staged.
pub fn staged(dir: &Path, file: &Path) -> Result<Option<Vec<u8>>, GitError> {
    let name = format!(":{}", file.display());
    let output = git(dir, &["cat-file", "blob", &name])?;
    Ok(output.status.success().then_some(output.stdout))
}

/// The files tracked in the repository holding `dir`, relative to its root.
pub fn tracked_files(dir: &Path) -> Result<Vec<PathBuf>, GitError> {
    let root = repository_root(dir)?;
    let output = checked(git(&root, &["ls-files", "-z"])?, "ls-files")?;
    Ok(output
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| PathBuf::from(String::from_utf8_lossy(name).into_owned()))
        .collect())
}

/// A path in the index: its blob, and its merge stage (0, or 1–3 while a merge conflict
/// is unresolved).
#[derive(Clone, Debug, PartialEq)]
pub struct IndexEntry {
    /// Relative to the directory asked about.
    pub path: PathBuf,
    pub blob: String,
    pub stage: u8,
}

/// The index entries under `dir` (paths relative to it), limited to `paths` if any are
/// given.
pub fn index_entries(dir: &Path, paths: &[PathBuf]) -> Result<Vec<IndexEntry>, GitError> {
    let mut args = vec!["ls-files".to_string(), "-s".into(), "-z".into()];
    push_paths(&mut args, paths);
    let output = run(dir, &args)?;
    Ok(output
        .split(|&b| b == 0)
        .filter_map(|record| {
            let record = String::from_utf8_lossy(record);
            let (meta, path) = record.split_once('\t')?;
            let mut fields = meta.split(' ');
            let _mode = fields.next()?;
            let blob = fields.next()?.to_string();
            let stage = fields.next()?.parse().ok()?;
            Some(IndexEntry {
                path: PathBuf::from(path),
                blob,
                stage,
            })
        })
        .collect())
}

/// The files under `dir` that git knows of (paths relative to it): tracked ones, and
/// with `untracked` also those not tracked and not ignored; limited to `paths` if given.
pub fn list_files(
    dir: &Path,
    untracked: bool,
    paths: &[PathBuf],
) -> Result<Vec<PathBuf>, GitError> {
    let mut args = vec!["ls-files".to_string(), "-z".into(), "-c".into()];
    if untracked {
        args.extend(["-o".into(), "--exclude-standard".into()]);
    }
    push_paths(&mut args, paths);
    let output = run(dir, &args)?;
    let mut files: Vec<PathBuf> = output
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| PathBuf::from(String::from_utf8_lossy(name).into_owned()))
        .collect();
    // An unmerged path is listed once per stage.
    files.dedup();
    Ok(files)
}

/// A blob a commit brought in: the commit, the file's path in it, the blob's id.
#[derive(Clone, Debug)]
pub struct BlobChange {
    pub commit: Commit,
    /// Relative to the repository root.
    pub path: PathBuf,
    pub blob: String,
}

/// Every blob any commit of any ref added or changed (merges against each parent), oldest
/// commit first, limited to `paths` (relative to the repository root) if given.
pub fn introduced_blobs(root: &Path, paths: &[PathBuf]) -> Result<Vec<BlobChange>, GitError> {
    let mut args: Vec<String> = [
        "log",
        "--all",
        "--reverse",
        "-m",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "-z",
        LOG_FORMAT,
    ]
    .map(String::from)
    .to_vec();
    push_paths(&mut args, paths);
    let output = run(root, &args)?;
    let text = String::from_utf8_lossy(&output);
    let mut changes = Vec::new();
    for record in text.split('\u{1}').filter(|r| !r.is_empty()) {
        let mut fields = record.split('\0');
        let Some(commit) = commit_fields(&mut fields) else {
            continue;
        };
        // Then pairs: `:<modes> <old id> <new id> <status>` and the path.
        let rest: Vec<&str> = fields
            .map(|f| f.trim_start_matches('\n'))
            .filter(|f| !f.is_empty())
            .collect();
        for pair in rest.chunks(2) {
            let [meta, path] = pair else { continue };
            let Some(blob) = meta.split(' ').nth(3) else {
                continue;
            };
            if blob.bytes().all(|b| b == b'0') || meta.ends_with('D') {
                continue;
            }
            changes.push(BlobChange {
                commit: commit.clone(),
                path: PathBuf::from(path),
                blob: blob.to_string(),
            });
        }
    }
    Ok(changes)
}

/// The blobs staged for the next commit that differ from `HEAD` (added or changed),
/// with paths relative to `dir`, limited to `paths` if given.
pub fn staged_blobs(dir: &Path, paths: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, GitError> {
    let mut args: Vec<String> = [
        "diff",
        "--cached",
        "--relative",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "-z",
    ]
    .map(String::from)
    .to_vec();
    push_paths(&mut args, paths);
    let output = run(dir, &args)?;
    let text = String::from_utf8_lossy(&output);
    let mut fields = text.split('\0');
    let mut staged = Vec::new();
    while let (Some(meta), Some(path)) = (fields.next(), fields.next()) {
        let Some(blob) = meta.split(' ').nth(3) else {
            continue;
        };
        if !blob.bytes().all(|b| b == b'0') && !meta.ends_with('D') {
            staged.push((PathBuf::from(path), blob.to_string()));
        }
    }
    Ok(staged)
}

/// Where git keeps `name` inside the repository holding `dir` (`git rev-parse
/// --git-path`: `hooks` follows `core.hooksPath`), absolute.
pub fn git_path(dir: &Path, name: &str) -> Result<PathBuf, GitError> {
    let output = run(
        dir,
        &["rev-parse", "--path-format=absolute", "--git-path", name],
    )?;
    let text = String::from_utf8_lossy(&output);
    Ok(PathBuf::from(text.trim_end_matches(['\n', '\r'])))
}

/// A value of the repository's configuration, if set.
pub fn config_get(dir: &Path, key: &str) -> Result<Option<String>, GitError> {
    let output = git(dir, &["config", "--get", key])?;
    Ok(output.status.success().then(|| {
        String::from_utf8_lossy(&output.stdout)
            .trim_end_matches(['\n', '\r'])
            .to_string()
    }))
}

/// git's own three-way text merge of files on disk, the result written into `ours` (what
/// git does without a merge driver): whether it merged without conflicts.
pub fn merge_file(
    ours: &Path,
    base: &Path,
    theirs: &Path,
    marker: usize,
) -> Result<bool, GitError> {
    let output = Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(format!("--marker-size={marker}"))
        .args([ours, base, theirs])
        .stdin(Stdio::null())
        .output()
        .map_err(GitError::Run)?;
    match output.status.code() {
        Some(0) => Ok(true),
        Some(code) if code > 0 => Ok(false),
        _ => Err(GitError::Failed {
            command: "merge-file".into(),
            message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        }),
    }
}

/// Runs git in `dir`; its standard output, or its error message when it fails.
pub fn run<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> Result<Vec<u8>, GitError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(GitError::Run)?;
    let command = args
        .first()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .unwrap_or_default();
    checked(output, &command)
}

/// `-- path…` when paths are given.
fn push_paths(args: &mut Vec<String>, paths: &[PathBuf]) {
    if !paths.is_empty() {
        args.push("--".into());
        args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    }
}

/// The commit fields `LOG_FORMAT` writes, from the fields of one record.
fn commit_fields<'a>(fields: &mut impl Iterator<Item = &'a str>) -> Option<Commit> {
    Some(Commit {
        id: fields.next()?.to_string(),
        author: fields.next()?.to_string(),
        email: fields.next()?.to_string(),
        date: fields.next()?.to_string(),
        subject: fields.next()?.trim_end_matches('\n').to_string(),
        parents: fields
            .next()?
            .split(' ')
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect(),
    })
}

/// A commit's fields, NUL-separated, after a 0x01 that starts its record.
const LOG_FORMAT: &str = "--format=%x01%H%x00%an%x00%ae%x00%aI%x00%s%x00%P";

/// `git log --follow` of one file: newest first, each commit with the file's path in it
/// (`None` bytes for now).
fn log(root: &Path, file: &Path) -> Result<Vec<FileVersion>, GitError> {
    let file_arg = file.to_string_lossy();
    let args = [
        "log",
        "--follow",
        "--cc",
        "--name-status",
        "-z",
        LOG_FORMAT,
        "--",
        &file_arg,
    ];
    let output = checked(git(root, &args)?, "log")?;
    let text = String::from_utf8_lossy(&output);
    Ok(text
        .split('\u{1}')
        .filter(|record| !record.is_empty())
        .filter_map(|record| parse_record(record, file))
        .collect())
}

/// One `git log -z --name-status` record: the commit's fields, then status and path(s)
/// (a merge's combined status, `MM`, comes after an empty field).
fn parse_record(record: &str, file: &Path) -> Option<FileVersion> {
    let mut fields = record.split('\0');
    let commit = commit_fields(&mut fields)?;
    let mut rest = fields
        .map(|f| f.trim_start_matches('\n'))
        .filter(|f| !f.is_empty());
    let status = rest.next().unwrap_or("");
    let mut paths: Vec<&str> = rest.collect();
    // A rename or copy lists the old path, then the new one.
    let path = paths
        .pop()
        .map(PathBuf::from)
        .unwrap_or_else(|| file.into());
    let renamed_from = paths.pop().map(PathBuf::from);
    let deleted = status.starts_with('D');
    Some(FileVersion {
        commit,
        path,
        renamed_from,
        bytes: (!deleted).then(Vec::new),
    })
}

/// Fills in the bytes of every version that has some, through one `git cat-file --batch`.
fn contents(root: &Path, versions: &mut [FileVersion]) -> Result<(), GitError> {
    let names: Vec<String> = versions
        .iter()
        .filter(|v| v.bytes.is_some())
        .map(|v| format!("{}:{}", v.commit.id, v.path.display()))
        .collect();
    let mut objects = objects(root, names)?.into_iter();
    for version in versions.iter_mut().filter(|v| v.bytes.is_some()) {
        version.bytes = objects.next().flatten();
    }
    Ok(())
}

/// The bytes of each object named (`<blob id>`, `<commit>:<path>`, `:<path>` for the
/// index), in order, through one `git cat-file --batch`; `None` for a missing one.
pub fn objects(root: &Path, names: Vec<String>) -> Result<Vec<Option<Vec<u8>>>, GitError> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(GitError::Run)?;
    let mut input = child.stdin.take().expect("piped");
    let count = names.len();
    // Written from another thread: git answers while it reads, and both pipes are bounded.
    let writer = std::thread::spawn(move || {
        for name in names {
            if input.write_all(format!("{name}\n").as_bytes()).is_err() {
                break;
            }
        }
    });
    let mut output = BufReader::new(child.stdout.take().expect("piped"));
    let mut answers = Vec::with_capacity(count);
    for _ in 0..count {
        answers.push(read_object(&mut output)?);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(answers)
}

/// One answer of `git cat-file --batch`: `<id> <type> <size>\n<bytes>\n`, or `<name>
/// missing\n`.
fn read_object(output: &mut impl BufRead) -> Result<Option<Vec<u8>>, GitError> {
    let failed = |message: &str| GitError::Failed {
        command: "cat-file".into(),
        message: message.into(),
    };
    let mut header = String::new();
    output
        .read_line(&mut header)
        .map_err(|e| failed(&e.to_string()))?;
    let header = header.trim_end();
    if header.ends_with(" missing") || header.is_empty() {
        return Ok(None);
    }
    let size: usize = header
        .rsplit(' ')
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| failed(header))?;
    let mut bytes = vec![0; size];
    output
        .read_exact(&mut bytes)
        .map_err(|e| failed(&e.to_string()))?;
    let mut newline = [0u8; 1];
    output
        .read_exact(&mut newline)
        .map_err(|e| failed(&e.to_string()))?;
    Ok(Some(bytes))
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, GitError> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(GitError::Run)
}

fn checked(output: std::process::Output, command: &str) -> Result<Vec<u8>, GitError> {
    if output.status.success() {
        return Ok(output.stdout);
    }
    Err(GitError::Failed {
        command: command.into(),
        message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_AUTHOR_NAME", "Ann")
            .env("GIT_AUTHOR_EMAIL", "ann@example.com")
            .env("GIT_COMMITTER_NAME", "Ann")
            .env("GIT_COMMITTER_EMAIL", "ann@example.com")
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    #[test]
    fn versions_of_a_file_oldest_first_across_a_rename_and_a_deletion() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        run(root, &["init", "-q"]);
        std::fs::write(root.join("a.yaml"), "v: 1\n").unwrap();
        run(root, &["add", "a.yaml"]);
        run(root, &["commit", "-q", "-m", "first"]);
        std::fs::write(root.join("a.yaml"), "v: 2\n").unwrap();
        run(root, &["commit", "-q", "-am", "second"]);
        run(root, &["mv", "a.yaml", "b.yaml"]);
        run(root, &["commit", "-q", "-m", "renamed"]);
        let versions = file_history(root, Path::new("b.yaml")).unwrap();
        let seen: Vec<(&str, String, Option<&[u8]>)> = versions
            .iter()
            .map(|v| {
                (
                    v.commit.subject.as_str(),
                    v.path.display().to_string(),
                    v.bytes.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("first", "a.yaml".into(), Some(&b"v: 1\n"[..])),
                ("second", "a.yaml".into(), Some(&b"v: 2\n"[..])),
                ("renamed", "b.yaml".into(), Some(&b"v: 2\n"[..])),
            ]
        );
        assert_eq!(versions[0].commit.author, "Ann");
        run(root, &["rm", "-q", "b.yaml"]);
        run(root, &["commit", "-q", "-m", "gone"]);
        let versions = file_history(root, Path::new("b.yaml")).unwrap();
        assert_eq!(versions.last().unwrap().bytes, None);
        assert_eq!(tracked_files(root).unwrap(), Vec::<PathBuf>::new());
    }
}
