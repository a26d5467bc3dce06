//! Running a program with secrets in its environment. No shell in between: the program
//! gets its arguments exactly as given. Without masking, on Unix, this process becomes
//! the program (exec), so its signals and exit code are its own. With masking it runs as
//! a child: its output passes through a [`Masker`] (`copy`), the signals meant for it are
//! passed on (`signals`), and its exit code becomes ours.

use std::ffi::OsString;
use std::process::{Command, ExitStatus, Stdio};

use secret_core::env::Variables;
#[cfg(not(unix))]
use secret_core::mask::Masked;
#[cfg(unix)]
use secret_core::mask::Stream;
use secret_core::mask::{MaskError, Masker};

#[cfg(unix)]
mod copy;
#[cfg(unix)]
mod signals;
#[cfg(unix)]
mod supervise;

mod child;
mod forwarded;
mod plaintext_file;

pub use child::{User, UserError};
pub use plaintext_file::PlaintextFile;
#[cfg(unix)]
pub use supervise::{OnChange, Reloads, Supervisor, signal_number};

/// Keeps this process's memory, which holds plaintext, to itself (Linux): no core dump,
/// and no other process of the same user may attach to it or read its memory. A program
/// this process becomes with `exec` starts dumpable again, as the kernel resets it.
pub fn keep_memory_private() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
}

/// The `PATH` of a `--pristine` child: where the usual tools live.
pub const MINIMAL_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// What to run, and with which environment.
#[derive(Debug)]
pub struct Launch {
    pub program: OsString,
    pub args: Vec<OsString>,
    pub secrets: Variables,
    /// Start from an empty environment (plus `MINIMAL_PATH`) instead of this process's.
    pub pristine: bool,
    /// Secrets replace variables of the same name already set (sops does this); when
    /// false, the variables already set win.
    pub secrets_win: bool,
}

/// Why the program could not be run; the exit codes are a shell's.
#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    #[error("{program}: command not found")]
    NotFound { program: String },
    #[error("{program}: cannot run it: {source}")]
    CannotRun {
        program: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Mask(#[from] MaskError),
}

impl ExecError {
    pub fn exit_code(&self) -> i32 {
        match self {
            ExecError::NotFound { .. } => 127,
            ExecError::CannotRun { .. } => 126,
            ExecError::Mask(_) => 1,
        }
    }
}

impl Launch {
    fn command(&self) -> Command {
        // The program would inherit this process's setting (see `choose_huge_pages`).
        secret_alloc::allow_huge_pages();
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        if self.pristine {
            command.env_clear().env("PATH", MINIMAL_PATH);
        }
        for (name, value) in &self.secrets {
            if self.secrets_win || !self.parent_has(name) {
                command.env(name, value.as_str());
            }
        }
        command
    }

    /// Whether the environment the child starts from already sets `name`.
    fn parent_has(&self, name: &str) -> bool {
        if self.pristine {
            name == "PATH"
        } else {
            std::env::var_os(name).is_some()
        }
    }

    fn error(&self, source: std::io::Error) -> ExecError {
        let program = self.program.to_string_lossy().into_owned();
        match source.kind() {
            std::io::ErrorKind::NotFound => ExecError::NotFound { program },
            _ => ExecError::CannotRun { program, source },
        }
    }

    /// Replaces this process with the program; returns only if that failed.
    #[cfg(unix)]
    pub fn replace(&self) -> ExecError {
        use std::os::unix::process::CommandExt;
        let source = self.command().exec();
        self.error(source)
    }

    /// Runs the program to its end; returns its exit code.
    #[cfg(not(unix))]
    pub fn replace(&self) -> Result<i32, ExecError> {
        let status = self.command().status().map_err(|e| self.error(e))?;
        Ok(shell_exit_code(status))
    }

    /// Runs the program with its standard output and error filtered through `masker`,
    /// passing on to it the signals meant for it (see `signals`); returns its exit code as
    /// a shell reports it.
    ///
    /// What is masked across the two streams:
    ///
    /// * When this process's standard output and error are one file (a terminal, `2>&1`,
    ///   one log file), the program gets one pipe as both: what it writes to either is
    ///   masked as one stream, in exactly the order it wrote it, so a value split between
    ///   its stdout and stderr is masked as if written to one; all of it comes out on
    ///   stdout, which is that same file.
    /// * Otherwise it gets a pipe for each. Both are read as data arrives and masked as one
    ///   sequence, in the order read, each byte still going to its own stream; a value
    ///   split between them is masked (a `*****` in each) when the part written first
    ///   was read before the other part arrived. Nothing can tell the order of writes to
    ///   two pipes: two writes in immediate succession may be read together, stdout's
    ///   first, and a value split there comes out in two parts, one in each stream.
    #[cfg(unix)]
    pub fn run_masked(&self, masker: Masker) -> Result<i32, ExecError> {
        use std::os::fd::OwnedFd;
        let outputs = copy::Outputs::of_this_process();
        // Before the program starts, so that no signal finds `secret` unprepared.
        let forwarding = signals::Forwarding::install();
        let mut command = self.command();
        let one_pipe = if outputs.shared {
            let (reader, writer) = std::io::pipe().map_err(|e| self.error(e))?;
            command
                .stderr(writer.try_clone().map_err(|e| self.error(e))?)
                .stdout(writer);
            Some(reader)
        } else {
            command.stdout(Stdio::piped()).stderr(Stdio::piped());
            None
        };
        let mut child = command.spawn().map_err(|e| self.error(e))?;
        // The command holds the one pipe's write ends: until they close, it never ends.
        drop(command);
        forwarding.child_started(child.id());
        let sources: Vec<(std::fs::File, Stream)> = match one_pipe {
            Some(reader) => vec![(OwnedFd::from(reader).into(), copy::STDOUT)],
            None => [
                (child.stdout.take().map(OwnedFd::from), copy::STDOUT),
                (child.stderr.take().map(OwnedFd::from), copy::STDERR),
            ]
            .into_iter()
            .filter_map(|(fd, stream)| Some((fd?.into(), stream)))
            .collect(),
        };
        // Both streams end when the child (and whatever inherited them) is done with them.
        copy::masked(sources, outputs, masker);
        forwarding.stop_after_exit(child.id());
        let status = child.wait().map_err(|e| self.error(e))?;
        Ok(shell_exit_code(status))
    }

    /// Runs the program with its standard output and error each filtered through its own
    /// copy of `masker`; returns its exit code as a shell reports it.
    #[cfg(not(unix))]
    pub fn run_masked(&self, masker: Masker) -> Result<i32, ExecError> {
        let mut child = self
            .command()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| self.error(e))?;
        let stdout = child
            .stdout
            .take()
            .map(|out| pump(out, std::io::stdout(), masker.clone()));
        let stderr = child
            .stderr
            .take()
            .map(|err| pump(err, std::io::stderr(), masker));
        for pump in [stdout, stderr].into_iter().flatten() {
            let _ = pump.join();
        }
        let status = child.wait().map_err(|e| self.error(e))?;
        Ok(shell_exit_code(status))
    }
}

/// Copies `from` to `to` through `masker`, writing each chunk as soon as it is read. A
/// failed write ends the copy, so the child sees a closed pipe as it would without us.
#[cfg(not(unix))]
fn pump(
    mut from: impl std::io::Read + Send + 'static,
    mut to: impl std::io::Write + Send + 'static,
    mut masker: Masker,
) -> std::thread::JoinHandle<std::io::Result<()>> {
    use std::io::{Read, Write};
    std::thread::spawn(move || {
        let mut buffer = zeroize::Zeroizing::new(vec![0u8; 64 * 1024]);
        let mut out = Masked::default();
        loop {
            let read = match from.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => read,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            masker.feed(0, &buffer[..read], &mut out);
            for (_, bytes) in out.parts() {
                to.write_all(bytes)?;
            }
            out.clear();
            to.flush()?;
        }
        masker.finish(&mut out);
        for (_, bytes) in out.parts() {
            to.write_all(bytes)?;
        }
        to.flush()
    })
}

/// The exit code a shell reports: the program's own, or 128 + the signal that killed it.
fn shell_exit_code(status: ExitStatus) -> i32 {
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return 128 + signal;
    }
    status.code().unwrap_or(1)
}
#[cfg(all(test, target_os = "linux"))]
mod memory_tests {
    #[test]
    fn this_process_is_no_longer_dumpable() {
        super::keep_memory_private();
        assert_eq!(
            rustix::process::dumpable_behavior().unwrap(),
            rustix::process::DumpableBehavior::NotDumpable
        );
    }
}
