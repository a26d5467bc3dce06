//! An encrypted file on disk, and opening it: read it, recover the data key with the
//! user's keys, decrypt every value and verify the MAC.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::OpError;
use crate::fsutil::read_regular;
use crate::keys::KeyRing;
use crate::sops;
use crate::sops::decrypt::{DecryptOptions, Opened, Plaintext, decrypt, open, read_metadata};
use crate::sops::encrypt::EncryptOptions;
use crate::sops::metadata::Metadata;
use crate::store::{Format, Store};

/// An encrypted file a command works on.
#[derive(Clone, Debug)]
pub struct EncryptedFile {
    pub path: PathBuf,
    pub format: Format,
    /// Open the file even if its MAC does not match.
    pub ignore_mac: bool,
    /// Key types to try first, in order (`--decryption-order`); empty: sops's default.
    pub decryption_order: Vec<String>,
}

/// A decrypted file: its bytes as read, and what opening them gave.
pub struct OpenFile {
    pub file: EncryptedFile,
    pub store: Box<dyn Store>,
    pub source: Vec<u8>,
    pub opened: Opened,
}

impl EncryptedFile {
    /// The file at `path`, read as `format` (else as its name says).
    pub fn new(path: impl Into<PathBuf>, format: Option<Format>) -> EncryptedFile {
        let path = path.into();
        let format = format.unwrap_or_else(|| Format::from_path(&path));
        EncryptedFile {
            path,
            format,
            ignore_mac: false,
            decryption_order: Vec::new(),
        }
    }

    pub fn store(&self) -> Box<dyn Store> {
        self.format.store()
    }

    pub fn read(&self) -> Result<Vec<u8>, OpError> {
        read_file(&self.path)
    }

    /// The file's metadata (who it is encrypted for), read without any key.
    pub fn metadata(&self) -> Result<Metadata, OpError> {
        read_metadata(self.store().as_ref(), &self.read()?).map_err(OpError::sops(&self.path))
    }

    /// Whether the file is encrypted, as sops's `filestatus` tells: its metadata reads, with
    /// a `version` and a `mac`. A file that does not parse in its format is an error.
    pub fn is_encrypted(&self) -> Result<bool, OpError> {
        let parsed = self
            .store()
            .parse(&self.read()?)
            .map_err(|e| OpError::sops(&self.path)(e.into()))?;
        Ok(parsed
            .metadata
            .as_ref()
            .and_then(|m| Metadata::from_json(m).ok())
            .is_some_and(|m| !m.version.is_empty() && !m.mac.is_empty()))
    }

    /// The plaintext of the file, decrypted with `keys` (MAC checked unless told not to),
    /// for reading only: nothing is kept to re-encrypt it.
    pub fn decrypt(&self, keys: &mut KeyRing) -> Result<Plaintext, OpError> {
        self.decrypt_bytes(&self.read()?, keys)
    }

    /// The plaintext of `source`, the bytes of this file read elsewhere (standard input).
    pub fn decrypt_bytes(&self, source: &[u8], keys: &mut KeyRing) -> Result<Plaintext, OpError> {
        decrypt(self.store().as_ref(), source, keys, self.options())
            .map_err(OpError::sops(&self.path))
    }

    fn options(&self) -> DecryptOptions {
        DecryptOptions {
            ignore_mac: self.ignore_mac,
        }
    }

    /// Reads and decrypts the file with `keys`, checking the MAC unless told not to, and
    /// keeps what re-encrypting it needs.
    pub fn open(&self, keys: &mut KeyRing) -> Result<OpenFile, OpError> {
        let source = self.read()?;
        let store = self.store();
        let opened = open(store.as_ref(), &source, keys, self.options())
            .map_err(OpError::sops(&self.path))?;
        Ok(OpenFile {
            file: self.clone(),
            store,
            source,
            opened,
        })
    }
}

impl OpenFile {
    /// The plaintext file, in its own layout; wiped when dropped.
    pub fn plaintext(&self) -> Result<Zeroizing<Vec<u8>>, OpError> {
        self.opened
            .plaintext(self.store.as_ref(), &self.source)
            .map(Zeroizing::new)
            .map_err(OpError::sops(&self.file.path))
    }
}

/// The plaintext file `source` (named `name`), encrypted as `options` say, in `format`.
pub fn encrypt(
    source: &[u8],
    name: &Path,
    format: Format,
    options: &EncryptOptions,
) -> Result<Vec<u8>, OpError> {
    sops::encrypt::encrypt(format.store().as_ref(), source, options).map_err(OpError::sops(name))
}

/// The bytes of `path`, a regular file within the input size bound
/// ([`crate::limits::max_input_bytes`]); a missing file reported as such.
pub fn read_file(path: &Path) -> Result<Vec<u8>, OpError> {
    read_regular(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => OpError::MissingFile(path.into()),
        _ => OpError::Read {
            path: path.into(),
            source,
        },
    })
}
