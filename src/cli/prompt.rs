//! The questions keys ask (a key file's passphrase, an age plugin's PIN or confirmation),
//! answered on the terminal: secret-core asks through its `Prompter`, which [`install`]
//! makes this. Questions go to the controlling terminal (/dev/tty), or to standard error
//! when that is a terminal; never to standard output, which may carry plaintext. Secrets
//! are typed without echo. Without a terminal every question fails at once.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use dialoguer::console::Term;
use secret_core::keys::prompt::{self, PromptError, Prompter};
use zeroize::Zeroizing;

/// Makes the terminal the way keys ask, for the rest of the process.
pub fn install() {
    prompt::install(Arc::new(Terminal));
}

struct Terminal;

impl Terminal {
    /// The terminal to ask on: /dev/tty where it opens, else standard error if it is one.
    fn term() -> Result<Term, PromptError> {
        #[cfg(unix)]
        if let Ok(tty) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
        {
            let read = tty.try_clone().map_err(failed)?;
            return Ok(Term::read_write_pair(read, tty));
        }
        if std::io::stderr().is_terminal() && std::io::stdin().is_terminal() {
            return Ok(Term::stderr());
        }
        Err(PromptError::NoTerminal)
    }
}

fn failed(error: impl std::fmt::Display) -> PromptError {
    PromptError::Failed(error.to_string())
}

/// A dialoguer error: an interrupted read is a cancelled question.
fn prompt_error(error: dialoguer::Error) -> PromptError {
    let dialoguer::Error::IO(io) = error;
    match io.kind() {
        std::io::ErrorKind::Interrupted | std::io::ErrorKind::UnexpectedEof => {
            PromptError::Cancelled
        }
        std::io::ErrorKind::NotConnected => PromptError::NoTerminal,
        _ => failed(io),
    }
}

/// Prompts end with a colon and no space; dialoguer adds its own `: `.
fn bare(prompt: &str) -> &str {
    prompt.trim().trim_end_matches(':')
}

impl Prompter for Terminal {
    fn secret(&self, prompt: &str) -> Result<Zeroizing<String>, PromptError> {
        let term = Terminal::term()?;
        dialoguer::Password::new()
            .with_prompt(bare(prompt))
            .allow_empty_password(true)
            .report(false)
            .interact_on(&term)
            .map(Zeroizing::new)
            .map_err(prompt_error)
    }

    fn public(&self, prompt: &str) -> Result<String, PromptError> {
        let term = Terminal::term()?;
        dialoguer::Input::<String>::new()
            .with_prompt(bare(prompt))
            .allow_empty(true)
            .interact_text_on(&term)
            .map_err(prompt_error)
    }

    fn confirm(&self, message: &str, yes: &str, no: Option<&str>) -> Result<bool, PromptError> {
        let term = Terminal::term()?;
        let mut select = dialoguer::Select::new()
            .with_prompt(bare(message))
            .item(yes)
            .default(0);
        if let Some(no) = no {
            select = select.item(no);
        }
        match select.interact_on_opt(&term).map_err(prompt_error)? {
            Some(choice) => Ok(choice == 0),
            None => Err(PromptError::Cancelled),
        }
    }

    fn message(&self, message: &str) {
        match Terminal::term() {
            Ok(term) => {
                let _ = term.write_line(message);
            }
            Err(_) => {
                let _ = writeln!(std::io::stderr(), "secret: {message}");
            }
        }
    }
}
