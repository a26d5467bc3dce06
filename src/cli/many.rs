//! Several files in one command (`encrypt`, `decrypt`, `rotate`, `updatekeys`): the files
//! named and those `-r DIR` finds, worked on in parallel (one thread per core), each on
//! its own: a failure in one file never stops the others, and each file is written
//! atomically, so none is left half-done. One line per file is printed to standard error,
//! in the order of the files (`FILE: ok…` or `FILE: error: …`), then a summary. The exit
//! code is 0 when every file succeeded, else the code the first file that failed would
//! have exited with on its own.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use clap::Args;

use super::{Cli, CliError};
use secret_core::ops::many::{Purpose, config_for, covered_files};
use secret_core::parallel::for_each_ordered;

/// `-r DIR`: the files a command takes from directories.
#[derive(Debug, Default, Args)]
pub struct DirArgs {
    /// Also every file under DIR (recursively) that a creation rule of .sops.yaml covers;
    /// repeatable. Files that are not what the command works on (plaintext files for
    /// decrypt, encrypted ones for encrypt) are left out.
    #[arg(
        short = 'r',
        long = "recursive",
        value_name = "DIR",
        value_hint = clap::ValueHint::DirPath
    )]
    pub dirs: Vec<PathBuf>,
}

/// A file to work on.
#[derive(Debug, Clone)]
pub struct Item {
    pub path: PathBuf,
    /// Found under a directory (`-r`), not named: a file that turns out not to be one to
    /// work on is left out instead of failing.
    pub found: bool,
    /// Where it goes below `--output-dir`: relative to its `-r` directory, or as named when
    /// that is a relative path that stays below the working directory.
    pub relative: Option<PathBuf>,
}

/// What happened to one file.
pub enum Outcome {
    /// Done; the text follows `FILE: ok` (e.g. `, keys updated`).
    Done(String),
    /// Not a file for this command (found under a directory only): not reported.
    Skipped,
    Failed(CliError),
}

impl AsRef<Item> for Item {
    fn as_ref(&self) -> &Item {
        self
    }
}

impl From<Result<String, CliError>> for Outcome {
    fn from(result: Result<String, CliError>) -> Outcome {
        match result {
            Ok(note) => Outcome::Done(note),
            Err(error) => Outcome::Failed(error),
        }
    }
}

impl DirArgs {
    /// Whether this is a run over several files: more than one named, or `-r`.
    pub fn is_many(&self, named: usize) -> bool {
        named > 1 || !self.dirs.is_empty()
    }

    /// The files named, then those found under each directory, each once.
    pub fn items(
        &self,
        cli: &Cli,
        named: &[PathBuf],
        purpose: Purpose,
    ) -> Result<Vec<Item>, CliError> {
        let mut items: Vec<Item> = named
            .iter()
            .map(|path| Item {
                path: path.clone(),
                found: false,
                relative: below_here(path),
            })
            .collect();
        for dir in &self.dirs {
            let loaded =
                config_for(cli.options.config.as_deref(), dir)?.ok_or(CliError::NoConfig)?;
            for path in covered_files(&loaded, dir, purpose)? {
                let relative = match path.strip_prefix(dir) {
                    Ok(relative) => Some(relative.to_path_buf()),
                    // `-r .` lists `a/b`, not `./a/b`.
                    Err(_) => (dir == Path::new(".")).then(|| path.clone()),
                };
                items.push(Item {
                    path,
                    found: true,
                    relative,
                });
            }
        }
        let mut seen = std::collections::HashSet::new();
        items.retain(|item| seen.insert(item.path.clone()));
        Ok(items)
    }
}

/// `path` when it is relative and stays below the working directory.
fn below_here(path: &Path) -> Option<PathBuf> {
    let normal = path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    (normal && path.components().any(|c| matches!(c, Component::Normal(_))))
        .then(|| path.to_path_buf())
}

/// Where `item` goes below `dir` (`--output-dir`).
pub fn output_path(dir: &Path, item: &Item) -> Result<PathBuf, CliError> {
    let relative = item.relative.as_ref().ok_or_else(|| {
        CliError::Conflict(format!(
            "{}: with --output-dir, name files by paths below the working directory (or use -r DIR)",
            item.path.display()
        ))
    })?;
    Ok(dir.join(relative))
}

/// Makes the directories above `path` (0700: they hold plaintext).
pub fn make_parents(path: &Path) -> Result<(), CliError> {
    let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(());
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(parent)
        .map_err(|source| CliError::write(parent, source))
}

/// Runs `work` on every item in parallel (each worker with its own `init()` state),
/// reporting each in order; `what` is the past participle of the summary (`decrypted`).
pub fn run_all<T: AsRef<Item> + Sync, S>(
    what: &str,
    items: &[T],
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> Outcome + Sync,
) -> Result<(), CliError> {
    if items.is_empty() {
        eprintln!("secret: no file to work on: none named, and no -r directory holds one");
        return Ok(());
    }
    let mut stderr = std::io::stderr().lock();
    let (mut done, mut failed, mut first_code) = (0usize, 0usize, None);
    for_each_ordered(items, init, work, |index, outcome| {
        let path = items[index].as_ref().path.display().to_string();
        match outcome {
            Outcome::Done(note) => {
                done += 1;
                let _ = writeln!(stderr, "{path}: ok{note}");
            }
            Outcome::Skipped => {}
            Outcome::Failed(error) => {
                failed += 1;
                first_code.get_or_insert(error.exit_code());
                let message = error.to_string();
                let message = message
                    .strip_prefix(&format!("{path}: "))
                    .unwrap_or(&message);
                let _ = writeln!(stderr, "{path}: error: {message}");
            }
        }
    });
    drop(stderr);
    if failed == 0 {
        eprintln!("secret: {done} {} {what}", files(done));
        return Ok(());
    }
    Err(CliError::SomeFailed {
        failed,
        total: done + failed,
        code: first_code.unwrap_or(1),
        what: what.to_string(),
    })
}

pub fn files(count: usize) -> &'static str {
    if count == 1 { "file" } else { "files" }
}

/// Refuses the flags of `FileArgs` that name one file's input or output, and asks where
/// several files go.
pub fn check_file_flags(
    file: &super::io::FileArgs,
    output_dir: Option<&Path>,
) -> Result<(), CliError> {
    if file.output.is_some() {
        return Err(CliError::Conflict(
            "-o names one output file; with several files pass -i (each in place) or --output-dir DIR"
                .into(),
        ));
    }
    if file.input_type.is_some() || file.output_type.is_some() || file.filename_override.is_some() {
        return Err(CliError::Conflict(
            "--input-type, --output-type and --filename-override are for one file; several files are each read as their names say"
                .into(),
        ));
    }
    if !file.in_place && output_dir.is_none() {
        return Err(CliError::Conflict(
            "several files need -i (each in place) or --output-dir DIR: one standard output cannot keep them apart"
                .into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_below_here_have_an_output_place() {
        assert_eq!(
            below_here(Path::new("a/b.enc.yaml")),
            Some(PathBuf::from("a/b.enc.yaml"))
        );
        assert_eq!(below_here(Path::new("./b")), Some(PathBuf::from("./b")));
        assert_eq!(below_here(Path::new("../b")), None);
        assert_eq!(below_here(Path::new("/etc/b")), None);
        assert_eq!(below_here(Path::new(".")), None);
    }
}
