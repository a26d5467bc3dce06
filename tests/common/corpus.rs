//! The plaintext corpus in tests/corpus, and a way to run one check over all of it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use crate::common::tools::manifest_dir;

pub fn corpus_dir() -> PathBuf {
    manifest_dir().join("tests/corpus")
}

/// The corpus files encrypted with command-line recipients: the regular files directly in
/// tests/corpus (not the dot files, not the sops-config case).
pub fn corpus_files() -> Vec<PathBuf> {
    files_in(&corpus_dir())
}

/// The `.sops.yaml`-driven case: a `.sops.yaml` and the files its rules match.
pub fn sops_config_dir() -> PathBuf {
    corpus_dir().join("sops-config")
}

/// The files of the `.sops.yaml` case whose names start with `prefix`.
pub fn sops_config_files(prefix: &str) -> Vec<PathBuf> {
    files_in(&sops_config_dir())
        .into_iter()
        .filter(|f| {
            f.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.is_file())
        .filter(|path| {
            !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no files in {}", dir.display());
    files
}

/// Runs `check` on every file and fails at the end, naming every file that failed, so one
/// broken file does not hide the others. Each failure's message is printed as it happens.
pub fn for_each_file(files: &[PathBuf], check: impl Fn(&Path)) {
    let failed: Vec<String> = files
        .iter()
        .filter(|file| catch_unwind(AssertUnwindSafe(|| check(file))).is_err())
        .map(|file| {
            file.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(
        failed.is_empty(),
        "failed for {} of {} files: {failed:?}",
        failed.len(),
        files.len()
    );
}
