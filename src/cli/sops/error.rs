//! How the sops front end fails: sops's exit code, and sops's own message where scripts
//! read it (the texts below are sops 3.11's); elsewhere secret's message and hint.

use std::path::Path;

use crate::cli::CliError;
use secret_core::config::ConfigError;
use secret_core::ops::OpError;
use secret_core::sops::error::SopsError;

/// A failure: the message, the exit code, and what to do about it.
#[derive(Debug)]
pub struct Fail {
    pub message: String,
    pub code: i32,
    pub hint: Option<String>,
}

/// sops's exit codes (sops-format.md §9.4) that the front end chooses itself.
pub mod code {
    pub const GENERIC: i32 = 1;
    pub const INVALID_SET_FORMAT: i32 = 7;
    pub const CONFLICTING_PARAMETERS: i32 = 8;
    pub const CANNOT_CHANGE_KEYS_OF_MISSING_FILE: i32 = 49;
    pub const INVALID_TREE_PATH: i32 = 91;
    pub const NO_FILE: i32 = 100;
    pub const DUPLICATE_DECRYPTION_KEY_TYPE: i32 = 112;
    pub const FILE_NOT_MODIFIED: i32 = 200;
    pub const NO_EDITOR: i32 = 201;
}

/// sops's text when a creation rule gives no key (compared by scripts and by sops's own
/// functional tests).
pub const EMPTY_KEY_GROUP: &str = "Could not generate data key: [empty key group provided]";

/// sops's text when neither a config nor a flag names a key.
pub const NO_CONFIG_NO_KEYS: &str = "config file not found, or has no creation rules, and no keys provided through command line options";

impl Fail {
    pub fn new(code: i32, message: impl Into<String>) -> Fail {
        Fail {
            message: message.into(),
            code,
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Fail {
        self.hint = Some(hint.into());
        self
    }

    /// A file that does not exist, named as sops names it (absolute, quoted).
    pub fn missing_file(path: &Path) -> Fail {
        Fail::new(
            code::NO_FILE,
            format!(
                "Error: cannot operate on non-existent file {:?}",
                absolute(path).display().to_string()
            ),
        )
    }

    /// Prints the failure to standard error; returns the exit code.
    pub fn report(&self) -> i32 {
        eprintln!("{}", self.message);
        if let Some(hint) = &self.hint {
            eprintln!("  hint: {hint}");
        }
        self.code
    }
}

pub fn absolute(path: &Path) -> std::path::PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

impl From<CliError> for Fail {
    fn from(error: CliError) -> Fail {
        match &error {
            CliError::Op(OpError::NoRecipients(_))
            | CliError::Op(OpError::Sops {
                source: SopsError::NoRecipients,
                ..
            }) => return Fail::new(code::GENERIC, EMPTY_KEY_GROUP),
            CliError::Op(OpError::Config(ConfigError::NoMatchingRule { .. })) => {
                return Fail::new(
                    code::GENERIC,
                    "error loading config: no matching creation rules found",
                )
                .hint(
                    "add a rule without path_regex at the end of creation_rules to catch every file",
                );
            }
            CliError::Op(OpError::MissingFile(path)) => return Fail::missing_file(path),
            CliError::Op(OpError::Sops {
                source: SopsError::MetadataNotFound,
                ..
            }) => {
                return Fail::new(code::GENERIC, "sops metadata not found")
                    .hint("the file is not encrypted; `sops encrypt` it first");
            }
            _ => {}
        }
        Fail {
            message: error.to_string(),
            code: error.exit_code(),
            hint: error.hint(),
        }
    }
}

impl From<OpError> for Fail {
    fn from(error: OpError) -> Fail {
        CliError::Op(error).into()
    }
}
