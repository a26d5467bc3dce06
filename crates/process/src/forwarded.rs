//! Running the program as a child that `secret` outlives, passing on the signals meant for
//! it: for callers that must clean up after the program, whatever ends it (`exec
//! --render` removes the files it rendered for it).

use super::{ExecError, Launch, shell_exit_code};

impl Launch {
    /// Runs the program to its end as a child, passing on to it the signals sent to
    /// `secret` alone (see `signals`: TERM, INT, HUP, QUIT, USR1, … and the stops), so that
    /// `secret` itself is not ended by them before the program is; returns the program's
    /// exit code as a shell reports it (128 + the signal that killed it).
    #[cfg(unix)]
    pub fn run_forwarded(&self) -> Result<i32, ExecError> {
        // Before the program starts, so that no signal finds `secret` unprepared.
        let forwarding = super::signals::Forwarding::install();
        let mut child = self.command().spawn().map_err(|e| self.error(e))?;
        forwarding.child_started(child.id());
        forwarding.stop_after_exit(child.id());
        let status = child.wait().map_err(|e| self.error(e))?;
        Ok(shell_exit_code(status))
    }

    /// Runs the program to its end as a child; its exit code.
    #[cfg(not(unix))]
    pub fn run_forwarded(&self) -> Result<i32, ExecError> {
        self.run(None)
    }
}
