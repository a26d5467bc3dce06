//! Everything that can go wrong reading or writing a sops file, with sops's exit codes.

use super::datakey::KeyError;
use super::envelope::EnvelopeError;
use super::metadata::MetadataError;
use super::scalar::ScalarError;
use super::shamir::ShamirError;
use crate::store::{StoreError, StoreErrorKind};

/// A master key that could not unwrap the data key, and why.
#[derive(Debug)]
pub struct KeyFailure {
    pub key: String,
    pub reason: KeyError,
}

#[derive(Debug, thiserror::Error)]
pub enum SopsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("sops metadata not found: the file is not encrypted")]
    MetadataNotFound,
    #[error("the file is already encrypted (it has sops metadata)")]
    AlreadyEncrypted,
    #[error("invalid sops metadata: {0}")]
    Metadata(#[from] MetadataError),
    #[error("{line}:{column}: cannot decrypt the value at {path}: {source}")]
    Value {
        path: String,
        line: usize,
        column: usize,
        source: EnvelopeError,
    },
    #[error("{line}:{column}: the value at {path} decrypts to an invalid value: {source}")]
    ValueType {
        path: String,
        line: usize,
        column: usize,
        source: ScalarError,
    },
    #[error("{line}:{column}: the value at {path} should be encrypted but is a plain {found}")]
    NotEncrypted {
        path: String,
        line: usize,
        column: usize,
        found: &'static str,
    },
    #[error("cannot decrypt the MAC: `lastmodified` or `mac` was changed, or the file is damaged")]
    MacUndecryptable,
    #[error(
        "MAC mismatch: the file was changed without re-encrypting it (or values were removed, added or moved)"
    )]
    MacMismatch,
    #[error("could not recover the data key: {got} of {needed} key group(s) could be decrypted")]
    NoKey {
        needed: usize,
        got: usize,
        /// Each group that could not be opened: its index in the file, and why each key failed.
        failures: Vec<(usize, Vec<KeyFailure>)>,
        searched: Vec<String>,
    },
    #[error("could not recover the data key: {0}")]
    Shamir(#[from] ShamirError),
    #[error(
        "invalid Shamir threshold {threshold} for {groups} key group(s): it must be between 2 and the number of groups"
    )]
    Threshold { threshold: usize, groups: usize },
    #[error("no recipients to encrypt for")]
    NoRecipients,
    #[error("could not wrap the data key for {key}: {reason}")]
    Wrap { key: String, reason: KeyError },
    #[error(
        "cannot write the {0} file exactly (it did not read back as the same data); nothing was written"
    )]
    Verification(&'static str),
}

impl SopsError {
    /// sops's exit code for the same situation (sops-format.md §9.4).
    pub fn exit_code(&self) -> i32 {
        match self {
            SopsError::Store(e) => match e.kind {
                StoreErrorKind::Syntax
                | StoreErrorKind::NotExact
                | StoreErrorKind::TooLarge
                | StoreErrorKind::TooDeep
                | StoreErrorKind::TooManyAliases => 2,
                StoreErrorKind::Unsupported => 23,
                StoreErrorKind::Emit => 4,
                StoreErrorKind::Empty => 92,
                StoreErrorKind::Path => 7,
                StoreErrorKind::Missing => 1,
            },
            SopsError::AlreadyEncrypted => 203,
            SopsError::Value { .. }
            | SopsError::ValueType { .. }
            | SopsError::NotEncrypted { .. } => 25,
            SopsError::MacUndecryptable | SopsError::MacMismatch => 51,
            SopsError::NoKey { .. } | SopsError::Shamir(_) => 128,
            _ => 1,
        }
    }
}
