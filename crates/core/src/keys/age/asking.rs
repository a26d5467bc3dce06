//! Identities that may ask the user something (a passphrase, a plugin's PIN or touch): the
//! age crate's `Callbacks` answered through the installed [`Prompter`], and what went wrong
//! on the way kept as notes for the error when no key opens the file.

use std::sync::{Arc, Mutex};

use age::secrecy::SecretString;
use age_core::format::{FileKey, Stanza};

use super::clean_age_message;
use crate::keys::prompt::{PromptError, Prompter};

/// Why identities that ask did not open a file: each note names the key and the fix.
#[derive(Clone, Default)]
pub(crate) struct Notes(Arc<Mutex<Vec<String>>>);

impl Notes {
    pub(crate) fn push(&self, note: String) {
        let mut notes = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !notes.contains(&note) {
            notes.push(note);
        }
    }

    pub(crate) fn list(&self) -> Vec<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The age crate's callbacks for one plugin (or key), answered by `prompter`; a question
/// that gets no answer is noted, naming `who` asked.
#[derive(Clone)]
pub(crate) struct AgeCallbacks {
    pub(crate) prompter: Arc<dyn Prompter>,
    pub(crate) who: String,
    pub(crate) notes: Notes,
}

impl AgeCallbacks {
    fn unanswered(&self, question: &str, error: &PromptError) {
        let fix = match error {
            PromptError::NoTerminal => ": run this in a terminal",
            _ => "",
        };
        self.notes.push(format!(
            "{} asked \"{}\", but {error}{fix}",
            self.who,
            question.trim()
        ));
    }
}

impl age::Callbacks for AgeCallbacks {
    fn display_message(&self, message: &str) {
        self.prompter.message(&clean_age_message(message));
    }

    fn confirm(&self, message: &str, yes: &str, no: Option<&str>) -> Option<bool> {
        self.prompter
            .confirm(message, yes, no)
            .map_err(|e| self.unanswered(message, &e))
            .ok()
    }

    fn request_public_string(&self, description: &str) -> Option<String> {
        self.prompter
            .public(description)
            .map_err(|e| self.unanswered(description, &e))
            .ok()
    }

    fn request_passphrase(&self, description: &str) -> Option<SecretString> {
        self.prompter
            .secret(description)
            .map(|secret| SecretString::from(secret.as_str()))
            .map_err(|e| self.unanswered(description, &e))
            .ok()
    }
}

/// An identity whose failures become notes: it then declines, so that the identities after
/// it are still tried, and the error when none opens the file says what each one met.
pub(crate) struct Noted<I> {
    pub(crate) identity: I,
    /// Who failed: a plugin's program, a key file.
    pub(crate) who: String,
    pub(crate) notes: Notes,
}

impl<I: age::Identity> age::Identity for Noted<I> {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, age::DecryptError>> {
        self.unwrap_stanzas(std::slice::from_ref(stanza))
    }

    fn unwrap_stanzas(&self, stanzas: &[Stanza]) -> Option<Result<FileKey, age::DecryptError>> {
        match self.identity.unwrap_stanzas(stanzas)? {
            Ok(key) => Some(Ok(key)),
            Err(error) => {
                self.notes.push(describe_failure(&self.who, &error));
                None
            }
        }
    }
}

/// What an identity's failure means for the user, naming `who` and the fix.
pub(crate) fn describe_failure(who: &str, error: &age::DecryptError) -> String {
    if let age::DecryptError::Io(io) = error
        && hung_up(io)
    {
        return crashed(who);
    }
    let message = clean_age_message(&error.to_string());
    if message.contains(who) {
        message
    } else {
        format!("{who}: {message}")
    }
}

/// Whether talking to a plugin failed because it went away (it died, or exited early).
pub(crate) fn hung_up(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::BrokenPipe
            | std::io::ErrorKind::UnexpectedEof
    )
}

/// A plugin that stopped without answering.
pub(crate) fn crashed(program: &str) -> String {
    format!(
        "{program} crashed (it exited without answering): check that it runs on its own, \
         and reinstall it if not (AGEDEBUG=plugin shows what it printed)"
    )
}
