//! Keeping the program running under `secret` while its secrets change (`exec --watch`):
//! `secret` stays the parent, passes signals on to the program (see `signals`), and on
//! each [`Reloads::reload`] with values that differ either restarts the program with
//! them (SIGTERM, a grace period, then SIGKILL) or sends it a signal. When the program
//! exits by itself, its status is the result.
//!
//! One thread per program waits for it to exit (`waitid` with `WNOWAIT`, so that it stays
//! unreaped, and its pid cannot be reused, until forwarding has stopped aiming at it);
//! everything else happens on the caller's thread, one event at a time.

use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use libc::c_int;
use secret_core::env::Variables;
use secret_core::mask::{Masker, Stream};

use super::signals::{self, send, wait_for_exit};
use super::{ExecError, Launch, copy, shell_exit_code};

/// What a change of the secrets does to the running program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnChange {
    /// Stop it (SIGTERM, then SIGKILL after `grace`) and start it again with the new values.
    Restart { grace: Duration },
    /// Send it this signal; it keeps running, with the environment it started with.
    Signal(c_int),
}

enum Event {
    /// New values for the program.
    Reload(Variables),
    /// The program with this pid has exited (not yet reaped).
    Exited(u32),
}

/// Where the new values come from: the receiving end, for [`Launch::run_supervised`].
pub struct Supervisor {
    events: Receiver<Event>,
    sender: Sender<Event>,
}

/// The sending end: hands new values to the supervisor, from any thread.
#[derive(Clone)]
pub struct Reloads(Sender<Event>);

impl Reloads {
    /// Gives the program these values; false once the supervisor has finished.
    pub fn reload(&self, secrets: Variables) -> bool {
        self.0.send(Event::Reload(secrets)).is_ok()
    }
}

impl Default for Supervisor {
    fn default() -> Supervisor {
        let (sender, events) = mpsc::channel();
        Supervisor { events, sender }
    }
}

impl Supervisor {
    pub fn new() -> Supervisor {
        Supervisor::default()
    }

    pub fn reloads(&self) -> Reloads {
        Reloads(self.sender.clone())
    }
}

/// A running program, and the thread copying its output when masked.
struct Running {
    child: Child,
    copying: Option<std::thread::JoinHandle<()>>,
}

/// The values that masking hides: every value the program has been given, so that one
/// replaced by a reload stays masked too.
struct Masking {
    values: Variables,
    generation: usize,
}

impl Masking {
    fn add(&mut self, secrets: &Variables) {
        self.generation += 1;
        for (name, value) in secrets {
            let known = self.values.values().any(|v| v == value);
            if !known {
                let key = format!("{name}#{}", self.generation);
                self.values.insert(key, value.clone());
            }
        }
    }
}

impl Launch {
    /// Runs the program until it exits by itself, applying each reload as `on_change`
    /// says; returns its exit code as a shell reports it. With `mask`, its output is
    /// masked as by [`Launch::run_masked`], with every value it has been given.
    pub fn run_supervised(
        mut self,
        supervisor: Supervisor,
        on_change: OnChange,
        mask: bool,
    ) -> Result<i32, ExecError> {
        // Before the program starts, so that no signal finds `secret` unprepared.
        let forwarding = signals::Forwarding::install();
        let mut masking = mask.then(|| Masking {
            values: self.secrets.clone(),
            generation: 0,
        });
        let mut running = self.spawn_supervised(&supervisor, masking.as_ref(), &forwarding)?;
        loop {
            let event = supervisor
                .events
                .recv()
                .expect("the supervisor holds a sender");
            match event {
                Event::Exited(pid) if pid == running.child.id() => {
                    return self.finish(running, &forwarding);
                }
                Event::Exited(_) => {}
                Event::Reload(secrets) => {
                    if !self.adopt(secrets, &mut masking) {
                        continue;
                    }
                    match on_change {
                        OnChange::Signal(signal) => send(running.child.id() as libc::pid_t, signal),
                        OnChange::Restart { grace } => {
                            self.stop(&supervisor, &running, grace, &mut masking);
                            forwarding.child_gone();
                            let _ = running.child.wait();
                            running =
                                self.spawn_supervised(&supervisor, masking.as_ref(), &forwarding)?;
                        }
                    }
                }
            }
        }
    }

    /// Starts the program, and the thread that reports its exit.
    fn spawn_supervised(
        &self,
        supervisor: &Supervisor,
        masking: Option<&Masking>,
        forwarding: &signals::Forwarding,
    ) -> Result<Running, ExecError> {
        let mut command = self.command();
        let mut one_pipe = None;
        let outputs = masking.map(|_| copy::Outputs::of_this_process());
        if let Some(outputs) = &outputs {
            if outputs.shared {
                let (reader, writer) = std::io::pipe().map_err(|e| self.error(e))?;
                command
                    .stderr(writer.try_clone().map_err(|e| self.error(e))?)
                    .stdout(writer);
                one_pipe = Some(reader);
            } else {
                command.stdout(Stdio::piped()).stderr(Stdio::piped());
            }
        }
        let mut child = command.spawn().map_err(|e| self.error(e))?;
        // The command holds the one pipe's write ends: until they close, it never ends.
        drop(command);
        forwarding.child_started(child.id());
        let copying = match (masking, outputs) {
            (Some(masking), Some(outputs)) => {
                let (masker, _) = Masker::for_secrets(&masking.values)?;
                let sources = pipes(&mut child, one_pipe);
                Some(std::thread::spawn(move || {
                    copy::masked(sources, outputs, masker)
                }))
            }
            _ => None,
        };
        let pid = child.id();
        let exits = supervisor.sender.clone();
        std::thread::spawn(move || {
            wait_for_exit(pid);
            let _ = exits.send(Event::Exited(pid));
        });
        Ok(Running { child, copying })
    }

    /// Takes `secrets` as the program's values, and masks them too (the old ones stay
    /// masked); false when they are the values it has.
    fn adopt(&mut self, secrets: Variables, masking: &mut Option<Masking>) -> bool {
        if secrets == self.secrets {
            return false;
        }
        if let Some(masking) = masking {
            masking.add(&secrets);
        }
        self.secrets = secrets;
        true
    }

    /// Stops the program for a restart: SIGTERM, then SIGKILL once `grace` has passed.
    /// Reloads that arrive meanwhile only update the values. (A program that exited just
    /// before is a zombie until reaped: the signals reach no one else.)
    fn stop(
        &mut self,
        supervisor: &Supervisor,
        running: &Running,
        grace: Duration,
        masking: &mut Option<Masking>,
    ) {
        let pid = running.child.id();
        send(pid as libc::pid_t, libc::SIGTERM);
        let deadline = Instant::now() + grace;
        let mut killed = false;
        loop {
            let timeout = deadline.saturating_duration_since(Instant::now());
            let event = if killed {
                supervisor
                    .events
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected)
            } else {
                supervisor.events.recv_timeout(timeout)
            };
            match event {
                Ok(Event::Exited(exited)) if exited == pid => return,
                Ok(Event::Exited(_)) => {}
                Ok(Event::Reload(secrets)) => {
                    self.adopt(secrets, masking);
                }
                Err(RecvTimeoutError::Timeout) => {
                    send(pid as libc::pid_t, libc::SIGKILL);
                    killed = true;
                }
                Err(RecvTimeoutError::Disconnected) => {
                    unreachable!("the supervisor holds a sender")
                }
            }
        }
    }

    /// The program has exited by itself: stop forwarding, let its output drain, reap it.
    fn finish(
        &self,
        mut running: Running,
        forwarding: &signals::Forwarding,
    ) -> Result<i32, ExecError> {
        forwarding.child_gone();
        if let Some(copying) = running.copying.take() {
            let _ = copying.join();
        }
        let status = running.child.wait().map_err(|e| self.error(e))?;
        Ok(shell_exit_code(status))
    }
}

/// The program's output pipes and the stream each belongs to.
fn pipes(child: &mut Child, one_pipe: Option<std::io::PipeReader>) -> Vec<(std::fs::File, Stream)> {
    use std::os::fd::OwnedFd;
    match one_pipe {
        Some(reader) => vec![(OwnedFd::from(reader).into(), copy::STDOUT)],
        None => [
            (child.stdout.take().map(OwnedFd::from), copy::STDOUT),
            (child.stderr.take().map(OwnedFd::from), copy::STDERR),
        ]
        .into_iter()
        .filter_map(|(fd, stream)| Some((fd?.into(), stream)))
        .collect(),
    }
}

/// The number of a signal named as `kill -l` names it (`HUP`, `SIGHUP`, `hup`) or by its
/// number.
pub fn signal_number(name: &str) -> Option<c_int> {
    if let Ok(number) = name.parse::<c_int>() {
        return (1..32).contains(&number).then_some(number);
    }
    let upper = name.to_ascii_uppercase();
    let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
    let known = [
        ("HUP", libc::SIGHUP),
        ("INT", libc::SIGINT),
        ("QUIT", libc::SIGQUIT),
        ("TERM", libc::SIGTERM),
        ("USR1", libc::SIGUSR1),
        ("USR2", libc::SIGUSR2),
        ("ALRM", libc::SIGALRM),
        ("WINCH", libc::SIGWINCH),
        ("CONT", libc::SIGCONT),
        ("PWR", PWR),
    ];
    known
        .iter()
        .find(|(n, _)| *n == bare)
        .map(|(_, number)| *number)
        .filter(|number| *number > 0)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
const PWR: c_int = libc::SIGPWR;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
const PWR: c_int = 0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_are_named_as_kill_names_them() {
        assert_eq!(signal_number("HUP"), Some(libc::SIGHUP));
        assert_eq!(signal_number("sigusr1"), Some(libc::SIGUSR1));
        assert_eq!(signal_number("10"), Some(10));
        assert_eq!(signal_number("KILL"), None);
        assert_eq!(signal_number("0"), None);
        assert_eq!(signal_number("NOPE"), None);
    }

    #[test]
    fn masking_keeps_every_value_once() {
        let mut masking = Masking {
            values: [("A".to_string(), "first".into())].into(),
            generation: 0,
        };
        masking.add(&[("A".to_string(), "second".into())].into());
        masking.add(&[("A".to_string(), "first".into())].into());
        assert_eq!(masking.values.len(), 2);
    }
}
