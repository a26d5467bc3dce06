//! An edit of a whole file's plaintext (what `edit` hands to an editor): where it starts,
//! how the result is sealed, and a save that never loses the user's work when the file
//! changed on disk meanwhile.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::rewrite::{lock, write};
use super::{EncryptedFile, OpError};
use crate::keys::KeyRing;
use crate::sops::encrypt::{EncryptOptions, new_key, seal};
use crate::sops::envelope::Cipher;
use crate::sops::error::SopsError;
use crate::sops::metadata::{FORMAT_VERSION, Metadata};

/// The plaintext an edit starts from, and how to encrypt what it becomes.
pub struct Draft {
    pub file: EncryptedFile,
    /// Wiped when dropped.
    pub plaintext: Zeroizing<Vec<u8>>,
    metadata: Metadata,
    cipher: Cipher,
    /// The encrypted file as read; `None` for a new file.
    original: Option<Vec<u8>>,
}

impl Draft {
    /// An existing file, decrypted with `keys`.
    pub fn open(file: &EncryptedFile, keys: &mut KeyRing) -> Result<Draft, OpError> {
        let open = file.open(keys)?;
        let plaintext = open.plaintext()?;
        let mut metadata = open.opened.metadata;
        metadata.version = FORMAT_VERSION.into();
        Ok(Draft {
            file: file.clone(),
            plaintext,
            metadata,
            cipher: open.opened.cipher,
            original: Some(open.source),
        })
    }

    /// A file that does not exist yet, to be encrypted as `options` say.
    pub fn new(file: &EncryptedFile, options: &EncryptOptions) -> Result<Draft, OpError> {
        let (metadata, cipher) = new_key(options).map_err(OpError::sops(&file.path))?;
        Ok(Draft {
            file: file.clone(),
            plaintext: Zeroizing::new(Vec::new()),
            metadata,
            cipher,
            original: None,
        })
    }

    /// `edited` encrypted under the draft's data key; values that did not change keep
    /// their ciphertext. A `SopsError::Store` means the edit does not parse.
    pub fn seal(&self, edited: &[u8]) -> Result<Vec<u8>, SopsError> {
        let store = self.file.store();
        seal(store.as_ref(), edited, self.metadata.clone(), &self.cipher)
    }

    /// Writes the encrypted result, unless the file changed on disk meanwhile: then the
    /// user's work is saved, encrypted, next to it, and the error names both.
    pub fn save(&self, encrypted: &[u8]) -> Result<(), OpError> {
        let path = &self.file.path;
        let Some(original) = &self.original else {
            return write(path, encrypted);
        };
        let _lock = lock(path)?;
        let current = std::fs::read(path).map_err(|source| OpError::Read {
            path: path.clone(),
            source,
        })?;
        if &current == original {
            return write(path, encrypted);
        }
        let aside = conflict_path(path);
        write(&aside, encrypted)?;
        Err(OpError::ChangedMeanwhile {
            file: path.clone(),
            saved: aside,
        })
    }
}

/// `dir/name.enc.yaml` -> `dir/name.enc.conflict-<time>.yaml` (the extension keeps the format).
fn conflict_path(file: &Path) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let name = match file.extension() {
        Some(ext) => format!("{stem}.conflict-{stamp}.{}", ext.to_string_lossy()),
        None => format!("{stem}.conflict-{stamp}"),
    };
    file.with_file_name(name)
}
