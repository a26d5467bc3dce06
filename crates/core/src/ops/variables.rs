//! The environment variables of encrypted files (for `exec` and `export`), and their
//! values with the keys leading to them (for Parameter Store).

use std::path::Path;

use super::{EncryptedFile, OpError};
use crate::env::{self, KeyedValue, Variables};
use crate::keys::KeyRing;
use crate::store::Format;
use crate::tree::Document;

/// The variables of every file, in order, later ones replacing earlier ones.
pub fn variables_of_files(files: &[impl AsRef<Path>]) -> Result<Variables, OpError> {
    let mut keys = KeyRing::default();
    let mut all = Variables::new();
    for file in files {
        all.extend(variables_of(file.as_ref(), &mut keys)?);
    }
    Ok(all)
}

fn variables_of(file: &Path, keys: &mut KeyRing) -> Result<Variables, OpError> {
    let docs = decrypted_docs(file, keys)?;
    env::variables(&docs).map_err(|source| OpError::Env {
        file: file.into(),
        source,
    })
}

/// Every value of an encrypted file with the keys leading to it, decrypted.
pub fn leaves_of(file: &Path) -> Result<Vec<KeyedValue>, OpError> {
    let docs = decrypted_docs(file, &mut KeyRing::default())?;
    env::leaves(&docs).map_err(|source| OpError::Env {
        file: file.into(),
        source,
    })
}

fn decrypted_docs(file: &Path, keys: &mut KeyRing) -> Result<Vec<Document>, OpError> {
    let encrypted = EncryptedFile::new(file, None);
    if encrypted.format == Format::Binary {
        return Err(OpError::NotVariables(file.into()));
    }
    let plaintext = encrypted.decrypt(keys)?.bytes;
    let parsed = encrypted
        .store()
        .parse(&plaintext)
        .map_err(|e| OpError::sops(file)(e.into()))?;
    Ok(parsed.docs)
}
