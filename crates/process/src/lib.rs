//! Running a program with secrets in its environment. No shell in between: the program
//! gets its arguments exactly as given. Without masking, on Unix, this process becomes
//! the program (exec), so its signals and exit code are its own.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};

use secret_core::env::Variables;
use secret_core::mask::Masker;

mod child;
mod plaintext_file;

pub use child::{User, UserError};
pub use plaintext_file::PlaintextFile;

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
}

impl ExecError {
    pub fn exit_code(&self) -> i32 {
        match self {
            ExecError::NotFound { .. } => 127,
            ExecError::CannotRun { .. } => 126,
        }
    }
}

impl Launch {
    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        if self.pristine {
            command.env_clear().env("PATH", MINIMAL_PATH);
        }
        for (name, value) in &self.secrets {
            if self.secrets_win || !self.parent_has(name) {
                command.env(name, value);
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
    /// forwarding termination signals to it; returns its exit code as a shell reports it.
    pub fn run_masked(&self, masker: &Masker) -> Result<i32, ExecError> {
        let mut child = self
            .command()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| self.error(e))?;
        let forwarding = signals::forward_to(child.id());
        let stdout = child
            .stdout
            .take()
            .map(|out| pump(out, std::io::stdout(), masker.clone()));
        let stderr = child
            .stderr
            .take()
            .map(|err| pump(err, std::io::stderr(), masker.clone()));
        // Both streams end when the child (and whatever inherited them) is done with them.
        for pump in [stdout, stderr].into_iter().flatten() {
            let _ = pump.join();
        }
        signals::stop_after_exit(forwarding, child.id());
        let status = child.wait().map_err(|e| self.error(e))?;
        Ok(shell_exit_code(status))
    }
}

/// Copies `from` to `to` through `masker`, writing each chunk as soon as it is read. A
/// failed write ends the copy, so the child sees a closed pipe as it would without us.
fn pump(
    mut from: impl Read + Send + 'static,
    mut to: impl Write + Send + 'static,
    mut masker: Masker,
) -> std::thread::JoinHandle<std::io::Result<()>> {
    std::thread::spawn(move || {
        let mut buffer = vec![0u8; 16 * 1024];
        loop {
            let read = match from.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => read,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            to.write_all(&masker.feed(&buffer[..read]))?;
            to.flush()?;
        }
        to.write_all(&masker.finish())?;
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

#[cfg(unix)]
mod signals {
    use signal_hook::SigId;
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

    /// Forwards SIGINT, SIGTERM and SIGHUP to `pid` until stopped. Signals the terminal
    /// sent (Ctrl-C) already reached the child, which is in the same process group, so
    /// only signals sent to this process alone are forwarded.
    pub fn forward_to(pid: u32) -> Vec<SigId> {
        let forward = move |signal| {
            move |info: &libc::siginfo_t| {
                if info.si_code != libc::SI_KERNEL {
                    // SAFETY: kill has no memory-safety preconditions.
                    unsafe { libc::kill(pid as libc::pid_t, signal) };
                }
            }
        };
        [SIGINT, SIGTERM, SIGHUP]
            .into_iter()
            .filter_map(|signal| {
                // SAFETY: the action reads its siginfo and calls kill(2), which is
                // async-signal-safe; it allocates and locks nothing.
                unsafe { signal_hook_registry::register_sigaction(signal, forward(signal)) }.ok()
            })
            .collect()
    }

    /// Waits for the program to exit and stops forwarding before it is reaped: until
    /// then its pid cannot belong to another process.
    pub fn stop_after_exit(forwarding: Vec<SigId>, pid: u32) {
        // SAFETY: an all-zero siginfo_t is a valid value for waitid to overwrite.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let exited_unreaped = libc::WEXITED | libc::WNOWAIT;
        // SAFETY: waitid only writes `info`; WNOWAIT leaves the child for `Child::wait`.
        while unsafe { libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, exited_unreaped) }
            == -1
            && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted
        {}
        forwarding.into_iter().for_each(|id| {
            signal_hook::low_level::unregister(id);
        });
    }
}

#[cfg(not(unix))]
mod signals {
    pub fn forward_to(_pid: u32) -> Option<()> {
        None
    }

    pub fn stop_after_exit(_forwarding: Option<()>, _pid: u32) {}
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
