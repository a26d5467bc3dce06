//! Why an operation failed, naming the file it was about, with sops's exit code where the
//! situation is the same as sops's (sops-format.md §9.4). Front ends add the hints.

use std::path::PathBuf;

use crate::aws::KmsConfigError;
use crate::config::ConfigError;
use crate::env::EnvError;
use crate::keys::age::BadRecipient;
use crate::remote::RemoteConfigError;
use crate::sops::error::SopsError;
use crate::sops::rules::SelectorError;

#[derive(Debug, thiserror::Error)]
pub enum OpError {
    #[error("{}: {source}", file.display())]
    Sops { file: PathBuf, source: SopsError },
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{}: no such file", .0.display())]
    MissingFile(PathBuf),
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Recipient(#[from] BadRecipient),
    #[error(transparent)]
    KmsKey(#[from] KmsConfigError),
    #[error(transparent)]
    RemoteKey(#[from] RemoteConfigError),
    #[error(transparent)]
    Selector(#[from] SelectorError),
    #[error("no recipients to encrypt {} for", .0.display())]
    NoRecipients(PathBuf),
    #[error("{}: {source}", file.display())]
    Env { file: PathBuf, source: EnvError },
    #[error("{}: a binary file has no variables", .0.display())]
    NotVariables(PathBuf),
    #[error("{} changed on disk while you were editing; your version was saved, encrypted, as {}", file.display(), saved.display())]
    ChangedMeanwhile { file: PathBuf, saved: PathBuf },
    #[error("{} exists already; secret never overwrites a key file", .0.display())]
    KeyFileExists(PathBuf),
    #[error(
        "cannot find your configuration directory for the default key file (HOME and XDG_CONFIG_HOME are unset)"
    )]
    NoConfigDir,
    #[error("cannot re-key {}: {reason}", file.display())]
    Rekey { file: PathBuf, reason: String },
    #[error("no destination configured for {} (no destination_rules entry matches it)", .0.display())]
    NoDestination(PathBuf),
}

impl OpError {
    /// The exit code: sops's for the same situation, else 1.
    pub fn exit_code(&self) -> i32 {
        match self {
            OpError::Sops { source, .. } => source.exit_code(),
            OpError::MissingFile(_) => 100,
            OpError::Read { .. } => 2,
            OpError::Write { .. } => 3,
            OpError::Selector(SelectorError::Conflict(..)) => 8,
            OpError::KmsKey(KmsConfigError::Context(_)) => 6,
            _ => 1,
        }
    }

    /// A mistake in how the operation was asked for, rather than in a file or a key.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            OpError::NoRecipients(_) | OpError::Recipient(_) | OpError::Selector(_)
        )
    }

    pub(crate) fn sops(file: impl Into<PathBuf>) -> impl FnOnce(SopsError) -> OpError {
        let file = file.into();
        move |source| OpError::Sops { file, source }
    }
}
