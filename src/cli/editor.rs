//! Finding and running the user's editor.

use std::path::Path;
use std::process::Command;

/// Why the editor could not be used.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error("no editor found: set EDITOR (or VISUAL, or SOPS_EDITOR), e.g. EDITOR=\"code --wait\"")]
    NotFound,
    #[error("the editor command `{0}` cannot be split into words (check its quotes)")]
    BadCommand(String),
    #[error("cannot start the editor `{command}`: {source}")]
    Start {
        command: String,
        source: std::io::Error,
    },
    #[error("the editor `{command}` exited with {status}; nothing was written")]
    Failed {
        command: String,
        status: std::process::ExitStatus,
    },
}

/// The editor command as words: `SOPS_EDITOR`, `VISUAL`, `EDITOR` (split like a shell
/// would, so `code --wait` works), else the first of vim, nano, vi found on PATH.
pub fn command() -> Result<Vec<String>, EditorError> {
    let configured = ["SOPS_EDITOR", "VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.trim().is_empty());
    if let Some(line) = configured {
        let words = shell_words::split(&line).map_err(|_| EditorError::BadCommand(line.clone()))?;
        return if words.is_empty() {
            Err(EditorError::BadCommand(line))
        } else {
            Ok(words)
        };
    }
    ["vim", "nano", "vi"]
        .iter()
        .find_map(|name| which::which(name).ok())
        .map(|path| vec![path.to_string_lossy().into_owned()])
        .ok_or(EditorError::NotFound)
}

/// Runs the editor on `file` and waits for it; a non-zero exit is an error.
pub fn edit(words: &[String], file: &Path) -> Result<(), EditorError> {
    let command = words.join(" ");
    secret_alloc::allow_huge_pages(); // the editor inherits the setting
    let status = Command::new(&words[0])
        .args(&words[1..])
        .arg(file)
        .status()
        .map_err(|source| EditorError::Start {
            command: command.clone(),
            source,
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(EditorError::Failed { command, status })
    }
}
