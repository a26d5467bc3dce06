//! `secret git setup`: one step that makes git handle a repository's encrypted files.
//!
//! * `.gitattributes` (committed, for everyone): `diff=secret merge=secret` for the files
//!   the creation rules of `.sops.yaml` cover, in a block between marker lines. Each
//!   rule's `path_regex` is turned into glob patterns where it can be (suffixes,
//!   alternatives, directories); tracked files a glob misses (checked with `git
//!   check-attr`) are listed by name. A glob that covers more than the rule is harmless:
//!   the driver merges a file that is not encrypted as git would, and textconv prints it
//!   as it is.
//! * the repository's git configuration (`.git/config`, per clone): the textconv command
//!   (`secret decrypt --textconv`, never `cachetextconv`, which would keep plaintext in git's
//!   notes) and the merge driver (`secret git merge-driver %O %A %B %L %P`).
//! * a `pre-commit` hook in the hooks directory git uses (`core.hooksPath` respected):
//!   `secret check --staged --allow-drift --quiet`. A hook already there is kept as
//!   `pre-commit.before-secret` and run first; its failure stops the commit as before.
//!
//! `uninstall` undoes each part: the block, the two configuration sections, the hook (the
//! previous one put back).

use std::path::{Path, PathBuf};

use regex_lite::Regex;

use crate::config::{self, ConfigError};
use crate::fsutil::write_atomic;
use crate::git::{self, GitError};

const BEGIN: &str = "# >>> secret git setup: decrypted diffs, key-by-key merges >>>";
const END: &str = "# <<< secret git setup <<<";
const HOOK_MARK: &str = "# Installed by `secret git setup`";
const HOOK: &str = "pre-commit";
const CHAINED: &str = "pre-commit.before-secret";

/// Why setting up failed.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("no .sops.yaml in {}: nothing says which files are encrypted", .0.display())]
    NoConfig(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} exists already beside a pre-commit hook that is not secret's", .0.display())]
    HookConflict(PathBuf),
}

/// What was set up.
#[derive(Debug, Default)]
pub struct SetupReport {
    pub attributes: PathBuf,
    /// The `.gitattributes` patterns written.
    pub patterns: Vec<String>,
    /// Files listed by name because no pattern could say them.
    pub listed: Vec<String>,
    pub hook: PathBuf,
    /// Where the hook that was there before now is.
    pub chained: Option<PathBuf>,
}

/// What was removed.
#[derive(Debug, Default)]
pub struct UninstallReport {
    pub attributes: bool,
    pub config: bool,
    pub hook: bool,
    /// The hook put back.
    pub restored: Option<PathBuf>,
    /// A pre-commit hook left alone because it is not secret's.
    pub foreign_hook: Option<PathBuf>,
}

/// Sets up the repository holding `dir`. `program` is how git and the hook run `secret`
/// (a path, shell-quoted here); `config` a `.sops.yaml` to use instead of the
/// repository's.
pub fn install(
    dir: &Path,
    program: &str,
    config: Option<&Path>,
) -> Result<SetupReport, SetupError> {
    let root = git::repository_root(dir)?;
    let configs = configurations(&root, config)?;
    if configs.is_empty() {
        return Err(SetupError::NoConfig(root));
    }
    let mut patterns = Vec::new();
    // The rules, each with the directory (relative to the root) its paths are relative to.
    let mut regexes: Vec<(PathBuf, Regex)> = Vec::new();
    for config_path in configs {
        let loaded = config::load(&config_path)?;
        let config_dir =
            std::path::absolute(config_path.parent().unwrap_or(Path::new("."))).unwrap_or_default();
        let prefix = config_dir
            .strip_prefix(&root)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        for (index, rule) in loaded.config.creation_rules.iter().enumerate() {
            let Some(regex) = rule.path_regex.as_deref() else {
                continue;
            };
            let compiled = Regex::new(regex).map_err(|source| ConfigError::PathRegex {
                path: config_path.clone(),
                index,
                source,
            })?;
            regexes.push((prefix.clone(), compiled));
            for glob in globs(regex).unwrap_or_default() {
                let glob = anchored_in(&prefix, &glob);
                if !patterns.contains(&glob) {
                    patterns.push(glob);
                }
            }
        }
    }
    let attributes = root.join(".gitattributes");
    write_block(&attributes, &patterns, &[])?;

    // Tracked files a rule covers that no glob reaches are listed by name.
    let tracked = git::list_files(&root, false, &[])?;
    let covered: Vec<&PathBuf> = tracked
        .iter()
        .filter(|file| {
            regexes.iter().any(|(prefix, regex)| {
                file.strip_prefix(prefix)
                    .is_ok_and(|rel| regex.is_match(&rel.to_string_lossy()))
            })
        })
        .collect();
    let missed = without_driver(&root, &covered)?;
    let listed: Vec<String> = missed
        .iter()
        .map(|f| format!("/{}", glob_escape(f)))
        .collect();
    if !listed.is_empty() {
        write_block(&attributes, &patterns, &listed)?;
    }

    let quoted = shell_quote(program);
    for (key, value) in [
        (
            "diff.secret.textconv",
            format!("{quoted} decrypt --textconv"),
        ),
        (
            "merge.secret.name",
            "secret: merge encrypted files key by key".into(),
        ),
        (
            "merge.secret.driver",
            format!("{quoted} git merge-driver %O %A %B %L %P"),
        ),
    ] {
        git::run(&root, &["config", "--local", key, &value])?;
    }

    let (hook, chained) = install_hook(&root, &quoted)?;
    Ok(SetupReport {
        attributes,
        patterns,
        listed,
        hook,
        chained,
    })
}

/// The `.sops.yaml` files whose rules apply: the one given, else the one at the root (or
/// above it) and those in directories below it.
fn configurations(root: &Path, explicit: Option<&Path>) -> Result<Vec<PathBuf>, SetupError> {
    if let Some(path) = explicit {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found: Vec<PathBuf> = config::find(None, Some(&root.join(".gitattributes")))
        .into_iter()
        .map(|p| std::path::absolute(&p).unwrap_or(p))
        .collect();
    let nested = git::list_files(root, true, &[PathBuf::from(":(glob)**/.sops.yaml")])?;
    for path in nested {
        let path = root.join(path);
        if !found.contains(&path) {
            found.push(path);
        }
    }
    Ok(found)
}

/// Undoes `install` in the repository holding `dir`.
pub fn uninstall(dir: &Path) -> Result<UninstallReport, SetupError> {
    let root = git::repository_root(dir)?;
    let mut report = UninstallReport::default();
    let attributes = root.join(".gitattributes");
    if let Ok(text) = std::fs::read_to_string(&attributes)
        && text.contains(BEGIN)
    {
        let kept = without_block(&text);
        if kept.trim().is_empty() {
            std::fs::remove_file(&attributes).map_err(|source| SetupError::Write {
                path: attributes.clone(),
                source,
            })?;
        } else {
            write(&attributes, kept.as_bytes())?;
        }
        report.attributes = true;
    }
    for section in ["diff.secret", "merge.secret"] {
        if git::run(&root, &["config", "--local", "--remove-section", section]).is_ok() {
            report.config = true;
        }
    }
    let hooks = git::git_path(&root, "hooks")?;
    let hook = hooks.join(HOOK);
    let chained = hooks.join(CHAINED);
    match std::fs::read_to_string(&hook) {
        Ok(text) if text.contains(HOOK_MARK) => {
            if chained.exists() {
                std::fs::rename(&chained, &hook).map_err(|source| SetupError::Write {
                    path: hook.clone(),
                    source,
                })?;
                report.restored = Some(hook);
            } else {
                std::fs::remove_file(&hook).map_err(|source| SetupError::Write {
                    path: hook.clone(),
                    source,
                })?;
            }
            report.hook = true;
        }
        Ok(_) => report.foreign_hook = Some(hook),
        Err(_) => {}
    }
    Ok(report)
}

/// Writes the hook, keeping one that was there before as `pre-commit.before-secret`.
fn install_hook(root: &Path, program: &str) -> Result<(PathBuf, Option<PathBuf>), SetupError> {
    let hooks = git::git_path(root, "hooks")?;
    std::fs::create_dir_all(&hooks).map_err(|source| SetupError::Write {
        path: hooks.clone(),
        source,
    })?;
    let hook = hooks.join(HOOK);
    let chained = hooks.join(CHAINED);
    let existing = std::fs::read(&hook).ok();
    let ours = existing
        .as_deref()
        .is_some_and(|text| String::from_utf8_lossy(text).contains(HOOK_MARK));
    if existing.is_some() && !ours {
        if chained.exists() {
            return Err(SetupError::HookConflict(chained));
        }
        std::fs::rename(&hook, &chained).map_err(|source| SetupError::Write {
            path: chained.clone(),
            source,
        })?;
    }
    let script = format!(
        "#!/bin/sh\n\
         {HOOK_MARK} (undo: `secret git setup --uninstall`).\n\
         # Refuses a commit holding plaintext a .sops.yaml rule covers, a value in clear, a\n\
         # file without MAC, or an unresolved merge conflict. The hook that was here before\n\
         # runs first, as {CHAINED}.\n\
         hooks=$(dirname \"$0\")\n\
         if [ -x \"$hooks/{CHAINED}\" ]; then\n  \
           \"$hooks/{CHAINED}\" \"$@\" || exit $?\n\
         fi\n\
         exec {program} check --staged --allow-drift --quiet\n"
    );
    write(&hook, script.as_bytes())?;
    set_executable(&hook)?;
    Ok((hook, chained.exists().then_some(chained)))
}

fn set_executable(path: &Path) -> Result<(), SetupError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(|source| {
        SetupError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), SetupError> {
    write_atomic(path, bytes).map_err(|source| SetupError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Replaces (or appends) the block of `.gitattributes` lines.
fn write_block(path: &Path, patterns: &[String], listed: &[String]) -> Result<(), SetupError> {
    let existing = std::fs::read_to_string(path).unwrap_or_default();
    let mut text = without_block(&existing);
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(BEGIN);
    text.push('\n');
    for pattern in patterns.iter().chain(listed) {
        // A pattern with a space or a leading `#` is C-quoted, as gitattributes reads it.
        let pattern = if pattern.contains([' ', '"']) || pattern.starts_with('#') {
            format!("\"{}\"", pattern.replace('\\', "\\\\").replace('"', "\\\""))
        } else {
            pattern.clone()
        };
        text.push_str(&format!("{pattern} diff=secret merge=secret\n"));
    }
    text.push_str(END);
    text.push('\n');
    write(path, text.as_bytes())
}

/// The text without our block.
fn without_block(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == BEGIN {
            inside = true;
        } else if bare == END && inside {
            inside = false;
        } else if !inside {
            out.push_str(line);
        }
    }
    out
}

/// The files of `files` for which git does not name our merge driver.
fn without_driver(root: &Path, files: &[&PathBuf]) -> Result<Vec<String>, SetupError> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = vec![
        "check-attr".to_string(),
        "-z".into(),
        "merge".into(),
        "--".into(),
    ];
    args.extend(files.iter().map(|f| f.to_string_lossy().into_owned()));
    let output = git::run(root, &args)?;
    let text = String::from_utf8_lossy(&output);
    let fields: Vec<&str> = text.split('\0').collect();
    Ok(fields
        .chunks(3)
        .filter(|c| c.len() == 3 && c[2] != "secret")
        .map(|c| c[0].to_string())
        .collect())
}

/// A glob relative to the repository root for one relative to the config's directory.
fn anchored_in(prefix: &Path, glob: &str) -> String {
    if prefix.as_os_str().is_empty() {
        return glob.to_string();
    }
    let prefix = prefix.to_string_lossy();
    if glob.contains('/') && !glob.starts_with("**/") {
        format!("/{prefix}/{}", glob.trim_start_matches('/'))
    } else {
        format!("/{prefix}/**/{}", glob.trim_start_matches("**/"))
    }
}

/// A file name as a gitattributes pattern matching only it.
fn glob_escape(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if matches!(c, '*' | '?' | '[' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// For `sh -c`: single quotes unless the text needs none.
fn shell_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// One piece of a translated regex.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    /// `.*`, `.+`: anything, `/` included.
    Any,
    /// `[^/]*`, `[^/]+`: anything within one path segment.
    Segment,
}

/// gitattributes globs that cover what `regex` matches (a path relative to the config's
/// directory), for the regexes rules use: literals, `\.`, `(a|b)`, `.*`, `[^/]*`, `^`,
/// `$`. `None` for anything else.
pub fn globs(regex: &str) -> Option<Vec<String>> {
    let (anchored_start, rest) = match regex.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, regex),
    };
    let (anchored_end, body) = match rest.strip_suffix('$').filter(|r| !r.ends_with('\\')) {
        Some(body) => (true, body),
        None => (false, rest),
    };
    let mut variants: Vec<Vec<Piece>> = vec![Vec::new()];
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    let push_text = |variants: &mut Vec<Vec<Piece>>, text: &str| {
        for variant in variants.iter_mut() {
            match variant.last_mut() {
                Some(Piece::Text(t)) => t.push_str(text),
                _ => variant.push(Piece::Text(text.to_string())),
            }
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let next = *chars.get(i + 1)?;
                if next.is_ascii_alphanumeric() {
                    return None; // \d, \w, \b…
                }
                push_text(&mut variants, &next.to_string());
                i += 2;
            }
            '.' if matches!(chars.get(i + 1), Some('*' | '+')) => {
                variants.iter_mut().for_each(|v| v.push(Piece::Any));
                i += 2;
            }
            '[' => {
                let class: String = chars[i..].iter().take(6).collect();
                if class.starts_with("[^/]*") || class.starts_with("[^/]+") {
                    variants.iter_mut().for_each(|v| v.push(Piece::Segment));
                    i += 5;
                } else {
                    return None;
                }
            }
            '(' => {
                let close = chars[i..].iter().position(|&x| x == ')')? + i;
                let inner: String = chars[i + 1..close].iter().collect();
                let inner = inner.strip_prefix("?:").unwrap_or(&inner);
                let options: Vec<String> = inner
                    .split('|')
                    .map(unescape_literal)
                    .collect::<Option<_>>()?;
                if chars.get(close + 1).is_some_and(|&q| "*+?{".contains(q)) {
                    return None;
                }
                let mut next = Vec::new();
                for variant in &variants {
                    for option in &options {
                        let mut v = variant.clone();
                        match v.last_mut() {
                            Some(Piece::Text(t)) => t.push_str(option),
                            _ => v.push(Piece::Text(option.clone())),
                        }
                        next.push(v);
                    }
                }
                variants = next;
                i = close + 1;
            }
            c if c.is_alphanumeric() || "-_/ ,=@~".contains(c) => {
                if chars.get(i + 1).is_some_and(|&q| "*+?{".contains(q)) {
                    return None;
                }
                push_text(&mut variants, &c.to_string());
                i += 1;
            }
            _ => return None,
        }
    }
    Some(
        variants
            .into_iter()
            .map(|pieces| glob_of(&pieces, anchored_start, anchored_end))
            .collect(),
    )
}

fn unescape_literal(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next()?;
                if next.is_ascii_alphanumeric() {
                    return None;
                }
                out.push(next);
            }
            c if c.is_alphanumeric() || "-_/ ,=@~".contains(c) => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

/// One variant's glob. gitattributes: a pattern without `/` matches a file's name at any
/// depth; with one, it is anchored at the root; `**/`, `/**/` and `/**` cross directories.
fn glob_of(pieces: &[Piece], anchored_start: bool, anchored_end: bool) -> String {
    let mut pieces = pieces.to_vec();
    if !anchored_start && pieces.first() != Some(&Piece::Any) {
        pieces.insert(0, Piece::Any);
    }
    if !anchored_end && pieces.last() != Some(&Piece::Any) {
        pieces.push(Piece::Any);
    }
    let has_slash = pieces
        .iter()
        .any(|p| matches!(p, Piece::Text(t) if t.contains('/')));
    let mut glob = String::new();
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(text) => glob.push_str(&glob_escape(text)),
            Piece::Segment => glob.push('*'),
            Piece::Any if !has_slash => glob.push('*'),
            Piece::Any => {
                let after_slash = index == 0 || glob.ends_with('/');
                let next_slash =
                    matches!(pieces.get(index + 1), Some(Piece::Text(t)) if t.starts_with('/'));
                let last = index + 1 == pieces.len();
                glob.push_str(match (after_slash, next_slash, last) {
                    (true, true, _) | (true, _, true) => "**",
                    (true, false, false) => "**/*",
                    (false, _, _) => "*",
                });
            }
        }
    }
    // A leading `*` with a slash further on would be anchored at the root: let it float.
    if has_slash && !anchored_start && !glob.starts_with("**") {
        glob = format!("**/{glob}");
    }
    if has_slash && anchored_start && !glob.starts_with('/') && !glob.starts_with("**") {
        glob.insert(0, '/');
    }
    glob
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_rules_become_globs() {
        let cases: [(&str, &[&str]); 7] = [
            (
                r"\.enc\.(yaml|yml|json)$",
                &["*.enc.yaml", "*.enc.yml", "*.enc.json"],
            ),
            (r"^secrets/.*\.yaml$", &["/secrets/**/*.yaml"]),
            (r"secrets/", &["**/*secrets/**"]),
            (r"^prod/[^/]+\.env$", &["/prod/*.env"]),
            (r"\.sops\.", &["*.sops.*"]),
            (
                r"^config/(dev|prod)/.*",
                &["/config/dev/**", "/config/prod/**"],
            ),
            (r".*", &["*"]),
        ];
        for (regex, want) in cases {
            assert_eq!(globs(regex).unwrap(), want, "{regex}");
        }
        assert_eq!(globs(r"\d+\.yaml"), None);
        assert_eq!(globs(r"a[bc]\.yaml"), None);
    }

    #[test]
    fn the_block_is_replaced_and_removed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".gitattributes");
        std::fs::write(&path, "*.png binary\n").unwrap();
        write_block(&path, &["*.enc.yaml".into()], &[]).unwrap();
        write_block(&path, &["*.enc.json".into()], &["/a b".into()]).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            format!(
                "*.png binary\n{BEGIN}\n*.enc.json diff=secret merge=secret\n\"/a b\" diff=secret merge=secret\n{END}\n"
            )
        );
        assert_eq!(without_block(&text), "*.png binary\n");
        assert_eq!(shell_quote("/usr/bin/secret"), "/usr/bin/secret");
        assert_eq!(shell_quote("/a b/it's"), r"'/a b/it'\''s'");
    }
}
