//! Asking the user something while a key is used (a key file's passphrase, an age plugin's
//! PIN or "touch your key"), with no terminal in the core: a front end installs a
//! [`Prompter`] once (`secret` installs a hidden prompt on the terminal); until then, and in
//! programs that install none, every question fails at once with [`PromptError::NoTerminal`]
//! instead of waiting for an answer that cannot come.

use std::sync::{Arc, OnceLock};

use zeroize::Zeroizing;

/// The questions a key may ask. Implementations ask on the user's terminal (never on
/// standard output, which may carry plaintext), or fail with [`PromptError::NoTerminal`].
pub trait Prompter: Send + Sync {
    /// A secret (a passphrase, a PIN), typed without echo.
    fn secret(&self, prompt: &str) -> Result<Zeroizing<String>, PromptError>;
    /// A value that may be shown as it is typed.
    fn public(&self, prompt: &str) -> Result<String, PromptError>;
    /// A choice between `yes` and `no`; with no `no`, an acknowledgement (`true`).
    fn confirm(&self, message: &str, yes: &str, no: Option<&str>) -> Result<bool, PromptError>;
    /// A message for the user, e.g. to touch a hardware key.
    fn message(&self, message: &str);
}

/// Why a question got no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PromptError {
    #[error("there is no terminal to ask on")]
    NoTerminal,
    #[error("the question was cancelled")]
    Cancelled,
    #[error("the terminal could not be read: {0}")]
    Failed(String),
}

/// Answers nothing: what the core uses when no front end installed a [`Prompter`].
pub struct NoPrompter;

impl Prompter for NoPrompter {
    fn secret(&self, _: &str) -> Result<Zeroizing<String>, PromptError> {
        Err(PromptError::NoTerminal)
    }

    fn public(&self, _: &str) -> Result<String, PromptError> {
        Err(PromptError::NoTerminal)
    }

    fn confirm(&self, _: &str, _: &str, _: Option<&str>) -> Result<bool, PromptError> {
        Err(PromptError::NoTerminal)
    }

    fn message(&self, _: &str) {}
}

static PROMPTER: OnceLock<Arc<dyn Prompter>> = OnceLock::new();

/// Makes `prompter` the one keys ask through, for the rest of the process (once, from
/// `main`; a second installation keeps the first).
pub fn install(prompter: Arc<dyn Prompter>) {
    let _ = PROMPTER.set(prompter);
}

/// The installed prompter, or [`NoPrompter`].
pub fn installed() -> Arc<dyn Prompter> {
    PROMPTER
        .get()
        .cloned()
        .unwrap_or_else(|| Arc::new(NoPrompter))
}
