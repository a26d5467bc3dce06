//! Passing signals on to the program, as if it were a shell's foreground job and `secret`
//! were not there.
//!
//! Which: every signal whose default action would end or stop `secret` (so none leaves the
//! program running without us), and SIGWINCH and SIGCONT, which do nothing to `secret`
//! but mean something to the program. Not passed on: SIGKILL and SIGSTOP (they cannot be
//! caught), the signals that report a fault of `secret` itself (SIGSEGV, SIGBUS, SIGFPE,
//! SIGILL, SIGTRAP, SIGSYS, SIGABRT), SIGPIPE (ignored: a closed output ends the copy of
//! that stream instead, and the program then sees its pipe closed) and the real-time
//! signals.
//!
//! When: a signal the terminal (the kernel) sent went to the whole foreground process
//! group, the program included, so only signals sent to this process alone are passed on
//! (`si_code` is not `SI_KERNEL`), and never one the program or `secret` itself sent
//! (on Linux, by the sender's pid). A signal sent with `kill` to the whole process group
//! (`kill -INT -PGID`, a shell's `kill %1`) reaches the program directly and once more
//! through `secret`: nothing in the signal tells the two apart.
//!
//! Job control: a stop signal (SIGTSTP, SIGTTIN, SIGTTOU) is passed on when it was meant
//! for the program, and then stops `secret` too (with SIGSTOP, as its default action
//! would): a shell sees the job stopped when the whole group is, and a `secret` stopped
//! alone would leave the program running. SIGCONT continues `secret` (the kernel does that)
//! and is passed on, so `kill -CONT` of `secret` continues both. In an orphaned process
//! group, where the kernel would discard a stop signal with its default action, `secret`
//! still stops, until a SIGCONT.
//!
//! Signals that arrive before the program has started are kept (one of each kind) and
//! passed on as soon as it has.

use std::sync::Arc;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering::SeqCst};

use libc::{c_int, pid_t};
use signal_hook::SigId;

/// The signals passed on, in the order listed above.
fn forwarded() -> Vec<c_int> {
    #[allow(unused_mut)]
    let mut signals = vec![
        libc::SIGHUP,
        libc::SIGINT,
        libc::SIGQUIT,
        libc::SIGTERM,
        libc::SIGUSR1,
        libc::SIGUSR2,
        libc::SIGALRM,
        libc::SIGVTALRM,
        libc::SIGPROF,
        libc::SIGIO,
        libc::SIGXCPU,
        libc::SIGXFSZ,
        libc::SIGWINCH,
        libc::SIGCONT,
    ];
    #[cfg(any(target_os = "linux", target_os = "android"))]
    signals.push(libc::SIGPWR);
    signals.extend(STOPS);
    signals
}

/// The signals that stop a process by default (SIGSTOP aside).
const STOPS: [c_int; 3] = [libc::SIGTSTP, libc::SIGTTIN, libc::SIGTTOU];

/// Where signals go: shared by the handlers, so only atomics.
struct Target {
    /// The program's pid; 0 until it has started.
    child: AtomicI32,
    /// This process's pid.
    own: pid_t,
    /// Signals that arrived before the program started, one bit per signal number.
    pending: AtomicU64,
}

impl Target {
    /// Sends `signal` to the program, or keeps it until the program has started.
    /// Async-signal-safe: atomics and kill(2).
    fn forward(&self, signal: c_int) {
        let child = self.child.load(SeqCst);
        if child > 0 {
            send(child, signal);
            return;
        }
        // As the kernel does with pending signals: a continue cancels stops, and a stop
        // a continue.
        if signal == libc::SIGCONT {
            self.pending
                .fetch_and(!STOPS.iter().fold(0, |bits, &s| bits | bit(s)), SeqCst);
        } else if STOPS.contains(&signal) {
            self.pending.fetch_and(!bit(libc::SIGCONT), SeqCst);
        }
        self.pending.fetch_or(bit(signal), SeqCst);
        // The program may have started since the first look, after `child_started` had
        // taken what was pending: then whoever swaps the bits out sends them.
        let child = self.child.load(SeqCst);
        if child > 0 {
            self.send_pending(child);
        }
    }

    /// Async-signal-safe: atomics and kill(2).
    fn send_pending(&self, child: pid_t) {
        let pending = self.pending.swap(0, SeqCst);
        for signal in 1..64 {
            if pending & bit(signal) != 0 {
                send(child, signal);
            }
        }
    }

    /// Whether `info` describes a signal meant for the program that it has not had.
    fn is_for_the_program(&self, info: &libc::siginfo_t) -> bool {
        if info.si_code == libc::SI_KERNEL {
            return false; // the terminal signalled the whole group
        }
        match sender(info) {
            Some(pid) => pid != self.own && pid != self.child.load(SeqCst),
            None => true,
        }
    }
}

fn bit(signal: c_int) -> u64 {
    1 << (signal as u32 % 64)
}

/// Sends `signal` to `pid`; usable inside a signal handler (rustix makes the kill(2)
/// system call itself: no allocation, no lock). Every signal sent here is a named one
/// (1 to 31).
pub(crate) fn send(pid: pid_t, signal: c_int) {
    use rustix::process::{Pid, Signal, kill_process};
    if let (Some(pid), Some(signal)) = (Pid::from_raw(pid), Signal::from_named_raw(signal)) {
        let _ = kill_process(pid, signal);
    }
}

/// Waits until the child `pid` has exited, leaving it unreaped: until it is reaped, its
/// pid cannot belong to another process.
pub(crate) fn wait_for_exit(pid: u32) {
    use rustix::process::{Pid, WaitId, WaitIdOptions, waitid};
    let Some(pid) = pid_t::try_from(pid).ok().and_then(Pid::from_raw) else {
        return;
    };
    // NOWAIT leaves the child for `Child::wait`.
    let exited_unreaped = WaitIdOptions::EXITED | WaitIdOptions::NOWAIT;
    while let Err(rustix::io::Errno::INTR) = waitid(WaitId::Pid(pid), exited_unreaped) {}
}

/// Who sent the signal, when a process did (`kill`, `sigqueue`, `tgkill`).
#[cfg(target_os = "linux")]
fn sender(info: &libc::siginfo_t) -> Option<pid_t> {
    match info.si_code {
        // SAFETY: for these codes the kernel fills the kill/rt member of the union, whose
        // first field si_pid reads; the whole siginfo_t is initialised by the kernel.
        libc::SI_USER | libc::SI_QUEUE | libc::SI_TKILL => Some(unsafe { info.si_pid() }),
        _ => None,
    }
}

#[cfg(not(target_os = "linux"))]
fn sender(_info: &libc::siginfo_t) -> Option<pid_t> {
    None
}

/// The handlers, installed for as long as the program may run.
pub struct Forwarding {
    target: Arc<Target>,
    ids: Vec<SigId>,
}

impl Forwarding {
    /// Installs a handler for each forwarded signal; until `child_started`, what arrives
    /// is kept.
    pub fn install() -> Forwarding {
        let target = Arc::new(Target {
            child: AtomicI32::new(0),
            own: std::process::id() as pid_t,
            pending: AtomicU64::new(0),
        });
        let ids = forwarded()
            .into_iter()
            .filter_map(|signal| {
                let target = Arc::clone(&target);
                let action = move |info: &libc::siginfo_t| {
                    if target.is_for_the_program(info) {
                        target.forward(signal);
                    }
                    if STOPS.contains(&signal) {
                        send(target.own, libc::SIGSTOP);
                    }
                };
                // SAFETY: the action reads its siginfo_t, loads and updates atomics and
                // calls kill(2), all async-signal-safe; it allocates, locks and frees
                // nothing (its Arc is dropped with the action, by `unregister`, outside
                // any handler).
                unsafe { signal_hook_registry::register_sigaction(signal, action) }.ok()
            })
            .collect();
        Forwarding { target, ids }
    }

    /// From now on signals go to `pid`, and those kept until now go there at once.
    pub fn child_started(&self, pid: u32) {
        let pid = pid as pid_t;
        self.target.child.store(pid, SeqCst);
        self.target.send_pending(pid);
    }

    /// Stops aiming at the program, which has exited (and is not yet reaped): until another
    /// starts (`child_started`), signals are kept for it.
    pub fn child_gone(&self) {
        self.target.child.store(0, SeqCst);
    }

    /// Waits for the program to exit and stops forwarding before it is reaped: until
    /// then its pid cannot belong to another process.
    pub fn stop_after_exit(self, pid: u32) {
        wait_for_exit(pid);
        drop(self);
    }
}

impl Drop for Forwarding {
    /// Removes the handlers (their signals are then ignored until this process exits).
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_signal_fits_the_pending_set_and_faults_are_left_alone() {
        let signals = forwarded();
        assert!(signals.iter().all(|&s| (1..64).contains(&s)));
        for fault in [
            libc::SIGSEGV,
            libc::SIGBUS,
            libc::SIGABRT,
            libc::SIGPIPE,
            libc::SIGKILL,
        ] {
            assert!(!signals.contains(&fault));
        }
        for needed in [libc::SIGQUIT, libc::SIGUSR1, libc::SIGUSR2, libc::SIGWINCH] {
            assert!(signals.contains(&needed));
        }
    }

    #[test]
    fn a_continue_cancels_kept_stops_and_a_stop_a_continue() {
        let target = Target {
            child: AtomicI32::new(0),
            own: 1,
            pending: AtomicU64::new(0),
        };
        target.forward(libc::SIGTSTP);
        target.forward(libc::SIGUSR1);
        target.forward(libc::SIGCONT);
        assert_eq!(
            target.pending.load(SeqCst),
            bit(libc::SIGUSR1) | bit(libc::SIGCONT)
        );
        target.forward(libc::SIGTTOU);
        assert_eq!(
            target.pending.load(SeqCst),
            bit(libc::SIGUSR1) | bit(libc::SIGTTOU)
        );
    }
}
