//! `secret exec --watch`: the program keeps running under `secret`, which reloads the
//! secrets when they change and restarts the program with them (or signals it).
//!
//! * Files are watched, not polled: each file's directory (editors and `secret` replace a
//!   file by renaming a new one over it, which a watch on the file itself would lose),
//!   keeping the events that name the file (or `..data`, the link Kubernetes swaps in a
//!   mounted Secret or ConfigMap).
//! * Changes are debounced: a reload happens once no event has come for [`DEBOUNCE`]
//!   (at most [`DEBOUNCE_LIMIT`] after the first), so an editor's several writes make one.
//! * SSM services and Secrets Manager secrets have no change events: they are read again
//!   every `--watch-interval`.
//! * A reload that fails (a file that does not decrypt, a half-written file, AWS out of
//!   reach) changes nothing: the program keeps running with the values it has, and the
//!   reason is printed on stderr, naming the file, never a value. Values that come out the
//!   same (a file re-encrypted, touched) change nothing either.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use clap::Args;

use super::super::{Cli, CliError};
use super::{ExecArgs, RemoteSources, files_to_load, launch, masker};
use secret_core::env::Variables;
use secret_core::ops::variables::variables_of_files;

/// How long a change must be quiet before it is reloaded.
pub const DEBOUNCE: Duration = Duration::from_millis(200);
/// The longest a stream of changes defers a reload.
pub const DEBOUNCE_LIMIT: Duration = Duration::from_secs(1);

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Keep the program running under secret and reload the secrets when they change: the
    /// files when they are written (debounced by 200 ms), SSM services and Secrets Manager
    /// secrets every --watch-interval. New values restart the program (SIGTERM, --grace,
    /// then SIGKILL), or with --reload-signal signal it. A change that fails to load (a
    /// file that does not decrypt) keeps the program running on the values it has, and
    /// says why on stderr. secret exits with the program's status when it exits by itself,
    /// and passes signals on to it as with --mask. Not with --render, whose files are
    /// written once.
    #[arg(long, conflicts_with = "render")]
    pub watch: bool,

    /// With --watch: how often SSM services and Secrets Manager secrets are read again
    /// (e.g. 30s, 5m); files are watched, not read on an interval.
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "60s",
        value_parser = parse_interval,
        requires = "watch"
    )]
    pub watch_interval: Duration,

    /// With --watch: how long the program has to exit after SIGTERM before a restart
    /// kills it (SIGKILL).
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "10s",
        value_parser = parse_duration,
        requires = "watch"
    )]
    pub grace: Duration,

    /// With --watch: send this signal (HUP, USR1, …) instead of restarting. The program
    /// keeps the environment it started with: use it for a program that reads its
    /// secrets again by itself when signalled.
    #[arg(
        long,
        value_name = "SIGNAL",
        value_parser = parse_signal,
        requires = "watch"
    )]
    pub reload_signal: Option<i32>,
}

/// Runs the program under `secret`, reloading as the files and services change.
#[cfg(unix)]
pub fn run(cli: &Cli, args: &ExecArgs) -> Result<i32, CliError> {
    use secret_process::{OnChange, Supervisor};

    let remote = RemoteSources::of(args)?;
    let files = files_to_load(cli, args)?;
    let mut state = State {
        file_values: variables_of_files(&files)?,
        remote_values: remote.load()?,
        files,
    };
    let launch = launch(args, state.merged());
    // The supervisor masks with every value given; this only warns of those too short.
    masker(args, &launch.secrets)?;
    let on_change = match args.watch.reload_signal {
        Some(signal) => OnChange::Signal(signal),
        None => OnChange::Restart {
            grace: args.watch.grace,
        },
    };
    let action = match on_change {
        OnChange::Signal(signal) => format!("sending it signal {signal}"),
        OnChange::Restart { .. } => "restarting it".to_string(),
    };
    let supervisor = Supervisor::new();
    let reloads = supervisor.reloads();
    let watcher = Watcher::new(&state.files)?;
    let remote = (!remote.is_empty()).then_some(remote);
    let interval = args.watch.watch_interval;
    std::thread::spawn(move || {
        watcher.run(remote.is_some(), interval, |reason| {
            let Some(values) = state.reload(reason, remote.as_ref()) else {
                return true;
            };
            eprintln!("secret: watch: the secrets changed; {action}");
            reloads.reload(values)
        });
    });
    Ok(launch.run_supervised(supervisor, on_change, args.mask)?)
}

#[cfg(not(unix))]
pub fn run(_cli: &Cli, _args: &ExecArgs) -> Result<i32, CliError> {
    Err(CliError::Unsupported {
        what: "exec --watch runs only on Unix".into(),
        hint: "run the program without --watch".into(),
    })
}

/// Why a reload happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reason {
    Files,
    Interval,
}

/// The values loaded last, by source.
struct State {
    files: Vec<PathBuf>,
    file_values: Variables,
    remote_values: Variables,
}

impl State {
    /// Loads what `reason` says again; the merged values when they changed. A failure is
    /// reported and changes nothing.
    fn reload(&mut self, reason: Reason, remote: Option<&RemoteSources>) -> Option<Variables> {
        let before = self.merged();
        match reason {
            Reason::Files => match variables_of_files(&self.files) {
                Ok(values) => self.file_values = values,
                Err(error) => {
                    warn(&CliError::from(error));
                    return None;
                }
            },
            Reason::Interval => match remote.map(RemoteSources::load) {
                Some(Ok(values)) => self.remote_values = values,
                Some(Err(error)) => {
                    warn(&error);
                    return None;
                }
                None => return None,
            },
        }
        let after = self.merged();
        (after != before).then_some(after)
    }

    fn merged(&self) -> Variables {
        let mut all = self.file_values.clone();
        all.extend(self.remote_values.clone());
        all
    }
}

fn warn(error: &CliError) {
    eprintln!(
        "secret: watch: cannot reload: {error}; the program keeps running with the values it has"
    );
    if let Some(hint) = error.hint() {
        eprintln!("  hint: {hint}");
    }
}

/// The directories of the files, watched for events that name them.
struct Watcher {
    /// Kept for its watches; dropped when the loop ends.
    _watcher: Option<notify::RecommendedWatcher>,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    /// (directory, file name) of each file.
    watched: BTreeSet<(PathBuf, OsString)>,
}

/// The name Kubernetes gives the link it swaps when a mounted Secret or ConfigMap changes.
const KUBERNETES_DATA: &str = "..data";

impl Watcher {
    fn new(files: &[PathBuf]) -> Result<Watcher, CliError> {
        use notify::Watcher as _;

        let (sender, events) = mpsc::channel();
        let mut watched = BTreeSet::new();
        for file in files {
            let name = file.file_name().map(OsString::from).unwrap_or_default();
            let parent = match file.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            };
            let dir = std::fs::canonicalize(parent).map_err(|e| CliError::read(parent, e))?;
            watched.insert((dir, name));
        }
        if watched.is_empty() {
            return Ok(Watcher {
                _watcher: None,
                events,
                watched,
            });
        }
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send(event);
        })
        .map_err(watch_error)?;
        let dirs: BTreeSet<&PathBuf> = watched.iter().map(|(dir, _)| dir).collect();
        for dir in dirs {
            watcher
                .watch(dir, notify::RecursiveMode::NonRecursive)
                .map_err(watch_error)?;
        }
        Ok(Watcher {
            _watcher: Some(watcher),
            events,
            watched,
        })
    }

    /// Calls `reload` after each debounced change of the files, and every `interval` when
    /// there are remote sources to `poll`, until it returns false.
    fn run(&self, poll: bool, interval: Duration, mut reload: impl FnMut(Reason) -> bool) {
        let mut next_poll = poll.then(|| Instant::now() + interval);
        loop {
            let event = match next_poll {
                Some(at) => self
                    .events
                    .recv_timeout(at.saturating_duration_since(Instant::now())),
                None => self
                    .events
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected),
            };
            let reason = match event {
                Ok(event) if self.is_relevant(&event) => {
                    self.settle();
                    Reason::Files
                }
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) => {
                    next_poll = next_poll.map(|_| Instant::now() + interval);
                    Reason::Interval
                }
                Err(RecvTimeoutError::Disconnected) => {
                    // No files to watch: only the interval is left.
                    match next_poll {
                        Some(at) => {
                            std::thread::sleep(at.saturating_duration_since(Instant::now()));
                            next_poll = Some(Instant::now() + interval);
                            Reason::Interval
                        }
                        None => return,
                    }
                }
            };
            if !reload(reason) {
                return;
            }
        }
    }

    /// Waits until no relevant event has come for [`DEBOUNCE`], or [`DEBOUNCE_LIMIT`].
    fn settle(&self) {
        let limit = Instant::now() + DEBOUNCE_LIMIT;
        let mut quiet_until = Instant::now() + DEBOUNCE;
        loop {
            let wait = quiet_until
                .min(limit)
                .saturating_duration_since(Instant::now());
            match self.events.recv_timeout(wait) {
                Ok(event) if self.is_relevant(&event) => {
                    quiet_until = Instant::now() + DEBOUNCE;
                }
                Ok(_) => {}
                Err(_) => return,
            }
            if Instant::now() >= limit {
                return;
            }
        }
    }

    /// Whether the event may have changed a watched file: a creation, change or removal
    /// of its name (or of Kubernetes' `..data` beside it) in its directory.
    fn is_relevant(&self, event: &notify::Result<notify::Event>) -> bool {
        let Ok(event) = event else {
            // An overflow or an error of the watch: look at the files again.
            return true;
        };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return false;
        }
        event.paths.iter().any(|path| {
            let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
                return false;
            };
            self.watched.iter().any(|(watched_dir, watched_name)| {
                watched_dir == dir && (watched_name == name || name == KUBERNETES_DATA)
            })
        })
    }
}

fn watch_error(error: notify::Error) -> CliError {
    CliError::Unsupported {
        what: format!("cannot watch the files for changes: {error}"),
        hint: "on Linux, raise fs.inotify.max_user_watches / max_user_instances, or run without --watch"
            .into(),
    }
}

/// `DURATION`: a number with `ms`, `s`, `m` or `h` (seconds without a unit).
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let bad = || format!("`{text}` is not a duration (e.g. 500ms, 10s, 5m, 1h)");
    let number: f64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit {
        "" | "s" => number,
        "ms" => number / 1000.0,
        "m" => number * 60.0,
        "h" => number * 3600.0,
        _ => return Err(bad()),
    };
    Duration::try_from_secs_f64(seconds).map_err(|_| bad())
}

/// `--watch-interval`: a duration of at least a second.
fn parse_interval(text: &str) -> Result<Duration, String> {
    let interval = parse_duration(text)?;
    if interval < Duration::from_secs(1) {
        return Err(format!("`{text}` is too short: at least 1s"));
    }
    Ok(interval)
}

#[cfg(unix)]
fn parse_signal(text: &str) -> Result<i32, String> {
    secret_process::signal_number(text)
        .ok_or_else(|| format!("`{text}` is not a signal to reload with (e.g. HUP, USR1, USR2)"))
}

#[cfg(not(unix))]
fn parse_signal(text: &str) -> Result<i32, String> {
    Err(format!("`{text}`: signals exist only on Unix"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_units() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("3"), Ok(Duration::from_secs(3)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("ten").is_err());
        assert!(parse_duration("5d").is_err());
        assert!(parse_interval("500ms").is_err());
    }
}
