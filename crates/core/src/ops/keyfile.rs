//! age key files: sops's default one, and creating a new key where none is.

use std::path::{Path, PathBuf};

use super::OpError;
use crate::fsutil::{create_private_dir_all, write_private};
use crate::keys::age::{default_key_file, generate_key_file};

/// sops's default key file, or why there is none.
pub fn default_path() -> Result<PathBuf, OpError> {
    default_key_file().ok_or(OpError::NoConfigDir)
}

/// Writes a new key to `path` (which must not exist; a key file is never overwritten),
/// private (0600, in 0700 directories); returns its recipient.
pub fn create(path: &Path) -> Result<String, OpError> {
    let exists = || OpError::KeyFileExists(path.to_path_buf());
    if path.exists() {
        return Err(exists());
    }
    let write_error = |source: std::io::Error| OpError::Write {
        path: path.into(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_private_dir_all(parent).map_err(write_error)?;
    }
    let (text, public) = generate_key_file();
    write_private(path, text.as_bytes()).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            exists()
        } else {
            write_error(source)
        }
    })?;
    Ok(public)
}
