//! Running the `gpg` binary as sops's fallback does: the program is `SOPS_GPG_EXEC` (default
//! `gpg`), the keyring is gpg's own (`GNUPGHOME`, else `~/.gnupg`), so gpg-agent, pinentry
//! and smartcards work as they do for the user's other gpg commands. The data key goes in
//! through stdin and comes out through stdout, never through argv; gpg's machine-readable
//! status lines (`--status-fd 2`) tell its failures apart without parsing translated text.
//!
//! # Not hanging
//!
//! gpg may want a passphrase or a smartcard PIN. gpg-agent asks for it through pinentry,
//! which needs a person at a terminal (or a graphical session). Without one, some pinentry
//! programs fail at once but others wait for an answer that never comes (a graphical
//! pinentry on a display nobody watches, `pinentry-tty` on a stale `GPG_TTY`), and a plain
//! `gpg -d` would hang CI forever. So:
//!
//! * **Nobody to ask** (no terminal on stdin or stderr, no `GPG_TTY`, no `DISPLAY` or
//!   `WAYLAND_DISPLAY`): gpg runs with `--pinentry-mode error`. A key whose passphrase the
//!   agent has cached, or that has none, still works; one that would need pinentry fails at
//!   once with "No pinentry", which we explain. This decides by what can be known before
//!   starting gpg instead of guessing from a timeout.
//! * **Someone to ask:** pinentry runs as usual. When `GPG_TTY` is unset, it is set for gpg
//!   to our terminal, so that a terminal pinentry asks there (gpg cannot find it itself:
//!   its stdin is our pipe).
//! * **Always** a deadline on the child as the last resort for what no option covers (a
//!   wedged agent, a card waiting for a touch): [`UNATTENDED_LIMIT`] when nobody can answer,
//!   [`ATTENDED_LIMIT`] (room to find a card and type a passphrase) otherwise. Then gpg is
//!   killed and the error says what it was probably waiting for.
//!
//! `--batch` is always given: gpg then never asks questions of its own on the terminal
//! (pinentry, run by the agent, is not affected), and `--trusted-key` (as sops passes it)
//! already answers the one it would ask when encrypting.

use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

/// The variable that names the gpg program, as in sops.
pub const GPG_EXEC_ENV: &str = "SOPS_GPG_EXEC";

/// How long gpg may run when nobody can answer a prompt.
pub const UNATTENDED_LIMIT: Duration = Duration::from_secs(60);
/// How long gpg may run when a person may be typing a passphrase or finding a smartcard.
pub const ATTENDED_LIMIT: Duration = Duration::from_secs(600);
/// How long a listing (`--list-secret-keys`, `--version`) may take.
pub const LISTING_LIMIT: Duration = Duration::from_secs(20);

/// The gpg program and how to run it here.
pub struct Gpg {
    pub program: OsString,
    /// Whether `program` came from `SOPS_GPG_EXEC`.
    pub from_env: bool,
    prompting: Prompting,
}

/// Whether a person can answer pinentry, and on which terminal.
#[derive(Debug)]
enum Prompting {
    Person { tty: Option<PathBuf> },
    Nobody,
}

/// A gpg run that finished.
pub struct Finished {
    /// The exit code; `None` when gpg was killed by a signal.
    pub code: Option<i32>,
    pub stdout: Zeroizing<Vec<u8>>,
    /// The `[GNUPG:]` status lines, without that prefix.
    pub status: Vec<String>,
    /// gpg's other lines on stderr: messages for people (never the data).
    pub messages: Vec<String>,
}

/// Why gpg could not be run to the end.
#[derive(Debug)]
pub enum RunError {
    NotFound,
    CannotStart(std::io::Error),
    TimedOut(Duration),
}

impl Gpg {
    /// gpg as `SOPS_GPG_EXEC` names it (else `gpg`), for the situation of this process.
    pub fn new() -> Gpg {
        let configured = std::env::var_os(GPG_EXEC_ENV).filter(|v| !v.is_empty());
        Gpg {
            from_env: configured.is_some(),
            program: configured.unwrap_or_else(|| "gpg".into()),
            prompting: prompting(),
        }
    }

    /// The program as the user would recognise it.
    pub fn name(&self) -> String {
        self.program.to_string_lossy().into_owned()
    }

    /// The options every encrypt and decrypt gets before sops's own (see the module doc).
    pub fn crypto_options(&self) -> Vec<&'static str> {
        let mut options = vec!["--batch", "--status-fd", "2"];
        if matches!(self.prompting, Prompting::Nobody) {
            options.extend(["--pinentry-mode", "error"]);
        }
        options
    }

    /// How long an encrypt or decrypt may take.
    pub fn limit(&self) -> Duration {
        match self.prompting {
            Prompting::Person { .. } => ATTENDED_LIMIT,
            Prompting::Nobody => UNATTENDED_LIMIT,
        }
    }

    /// Whether nobody can answer a prompt (gpg runs with `--pinentry-mode error`).
    pub fn unattended(&self) -> bool {
        matches!(self.prompting, Prompting::Nobody)
    }

    /// Runs gpg with `args`, `input` on its stdin (closed at once when `None`), for at most
    /// `limit`.
    pub fn run(
        &self,
        args: &[&str],
        input: Option<&[u8]>,
        limit: Duration,
    ) -> Result<Finished, RunError> {
        let mut command = Command::new(&self.program);
        command
            .args(args)
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Prompting::Person { tty: Some(tty) } = &self.prompting
            && std::env::var_os("GPG_TTY").is_none_or(|v| v.is_empty())
        {
            command.env("GPG_TTY", tty);
        }
        let mut child = command.spawn().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => RunError::NotFound,
            _ => RunError::CannotStart(e),
        })?;
        if let (Some(mut stdin), Some(input)) = (child.stdin.take(), input) {
            let input = Zeroizing::new(input.to_vec());
            // A thread, so that a gpg that does not read cannot block us; the pipe closes
            // when the thread ends. gpg exiting early makes the write fail: nothing to do.
            std::thread::spawn(move || {
                let _ = stdin.write_all(&input);
            });
        }
        let (sender, received) = mpsc::channel();
        for (is_stdout, pipe) in [
            (
                true,
                child
                    .stdout
                    .take()
                    .map(|p| Box::new(p) as Box<dyn Read + Send>),
            ),
            (
                false,
                child
                    .stderr
                    .take()
                    .map(|p| Box::new(p) as Box<dyn Read + Send>),
            ),
        ] {
            let (Some(mut pipe), sender) = (pipe, sender.clone()) else {
                continue;
            };
            std::thread::spawn(move || {
                // Room for the data key without reallocating (no stray copies of it).
                let mut bytes = Zeroizing::new(Vec::with_capacity(16 * 1024));
                let _ = pipe.read_to_end(&mut bytes);
                let _ = sender.send((is_stdout, bytes));
            });
        }
        drop(sender);

        let deadline = Instant::now() + limit;
        let mut pause = Duration::from_millis(1);
        let code = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status.code(),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Ok(None) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(RunError::TimedOut(limit));
                }
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(RunError::CannotStart(e));
                }
            }
        };

        // The pipes close with gpg. Should something it started keep one open, what was
        // read by then is all there is: waiting for it would be the hang avoided above.
        let mut finished = Finished {
            code,
            stdout: Zeroizing::new(Vec::new()),
            status: Vec::new(),
            messages: Vec::new(),
        };
        let drained_by = Instant::now() + Duration::from_secs(2);
        while let Ok((is_stdout, bytes)) =
            received.recv_timeout(drained_by.saturating_duration_since(Instant::now()))
        {
            if is_stdout {
                finished.stdout = bytes;
                continue;
            }
            for line in String::from_utf8_lossy(&bytes).lines() {
                match line.strip_prefix("[GNUPG:] ") {
                    Some(status) => finished.status.push(status.to_string()),
                    None if !line.trim().is_empty() => {
                        finished.messages.push(line.trim_end().to_string())
                    }
                    None => {}
                }
            }
        }
        Ok(finished)
    }
}

impl Default for Gpg {
    fn default() -> Self {
        Gpg::new()
    }
}

impl Finished {
    /// The status lines with this keyword, each split into its arguments.
    pub fn status_of<'a>(&'a self, keyword: &'a str) -> impl Iterator<Item = Vec<&'a str>> + 'a {
        self.status.iter().filter_map(move |line| {
            let mut words = line.split_whitespace();
            (words.next() == Some(keyword)).then(|| words.collect())
        })
    }

    /// Whether gpg reported this status keyword.
    pub fn reported(&self, keyword: &str) -> bool {
        self.status_of(keyword).next().is_some()
    }

    /// The line of gpg's messages that says what went wrong, without the `gpg: ` prefix:
    /// the first that names a failure or error, else the last one.
    pub fn reason(&self) -> String {
        let telling = self.messages.iter().find(|line| {
            let line = line.to_ascii_lowercase();
            ["failed", "error", "invalid", "skipped", "not found"]
                .iter()
                .any(|word| line.contains(word))
        });
        telling
            .or(self.messages.last())
            .map(|line| line.trim().trim_start_matches("gpg: ").to_string())
            .unwrap_or_else(|| "(gpg said nothing)".into())
    }

    /// How gpg ended, for a message: `status 2`, or `a signal`.
    pub fn exit(&self) -> String {
        match self.code {
            Some(code) => format!("status {code}"),
            None => "a signal".into(),
        }
    }
}

/// Who can answer pinentry (see the module doc).
fn prompting() -> Prompting {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    let tty = if std::io::stdin().is_terminal() {
        Some(terminal_of(0))
    } else if std::io::stderr().is_terminal() {
        Some(terminal_of(2))
    } else {
        None
    };
    match tty {
        Some(tty) => Prompting::Person { tty },
        None if set("GPG_TTY") || set("DISPLAY") || set("WAYLAND_DISPLAY") => {
            Prompting::Person { tty: None }
        }
        None => Prompting::Nobody,
    }
}

/// The device of a terminal file descriptor, where the system says (Linux `/proc`).
fn terminal_of(fd: u8) -> Option<PathBuf> {
    std::fs::read_link(format!("/proc/self/fd/{fd}"))
        .ok()
        .filter(|path| path.starts_with("/dev/"))
}

/// The gpg-error code of a status line's error value, without its source part.
pub fn error_code(value: &str) -> Option<u32> {
    value.parse::<u32>().ok().map(|code| code & 0xFFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished(stderr: &str) -> Finished {
        let mut done = Finished {
            code: Some(2),
            stdout: Zeroizing::new(Vec::new()),
            status: Vec::new(),
            messages: Vec::new(),
        };
        for line in stderr.lines() {
            match line.strip_prefix("[GNUPG:] ") {
                Some(status) => done.status.push(status.into()),
                None => done.messages.push(line.into()),
            }
        }
        done
    }

    #[test]
    fn status_lines_and_the_telling_message() {
        let done = finished(
            "gpg: encrypted with 255-bit ECDH key, ID FC68C19E87BA10C0\n\
             gpg: public key decryption failed: No pinentry\n\
             [GNUPG:] ERROR pkdecrypt_failed 67108949\n\
             gpg: decryption failed: No secret key\n",
        );
        assert_eq!(done.reason(), "public key decryption failed: No pinentry");
        let errors: Vec<Vec<&str>> = done.status_of("ERROR").collect();
        assert_eq!(errors, [vec!["pkdecrypt_failed", "67108949"]]);
        assert_eq!(error_code(errors[0][1]), Some(85));
        assert!(!done.reported("NO_SECKEY"));
        assert_eq!(done.exit(), "status 2");
    }

    #[test]
    fn a_missing_program_is_not_found() {
        let gpg = Gpg {
            program: "/nonexistent/gpg".into(),
            from_env: true,
            prompting: Prompting::Nobody,
        };
        assert!(matches!(
            gpg.run(&["--version"], None, LISTING_LIMIT),
            Err(RunError::NotFound)
        ));
    }

    #[test]
    fn a_program_past_its_limit_is_stopped() {
        let gpg = Gpg {
            program: "sleep".into(),
            from_env: true,
            prompting: Prompting::Nobody,
        };
        let started = Instant::now();
        let outcome = gpg.run(&["5"], Some(b"data"), Duration::from_millis(200));
        assert!(matches!(outcome, Err(RunError::TimedOut(_))));
        assert!(started.elapsed() < Duration::from_secs(4));
    }
}
