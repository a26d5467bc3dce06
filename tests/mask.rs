//! `secret exec --mask`, black-box: every form a value leaks in is masked, also when the
//! program writes it a byte at a time or splits it between stdout and stderr, and the
//! signals sent to `secret` reach the program, whose exit status `secret` then reports,
//! leaving no process behind.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

use common::*;

const TOKEN: &str = "s3cr3t/v@lue+x y";
const CERT: &str = "-----BEGIN-----\nline-one-of-it\nline-two-of-it\n-----END-----";

/// A sandbox holding `f.enc.env` (TOKEN, and A too short to mask), `t.enc.env` (TOKEN
/// alone) and `c.enc.yaml` (CERT), and the key.
struct Secrets {
    sandbox: Sandbox,
    key_file: String,
}

impl Secrets {
    fn new() -> Option<Secrets> {
        let keys = keys()?;
        let sandbox = Sandbox::new();
        let key_file = keys.key_file_for(&sandbox, &[K1]);
        let s = Secrets { sandbox, key_file };
        s.add("f.enc.env", &format!("TOKEN={TOKEN}\nA=b\n"));
        s.add("t.enc.env", &format!("TOKEN={TOKEN}\n"));
        let cert = serde_json::to_string(CERT).unwrap();
        s.add("c.enc.yaml", &format!("CERT: {cert}\n"));
        Some(s)
    }

    fn add(&self, name: &str, plaintext: &str) {
        let plain = format!("plain-{name}");
        self.sandbox.write(&plain, plaintext.as_bytes());
        encrypt(&self.sandbox, &secret(), &plain, &[K1], name);
    }

    /// `secret exec --mask FILE -- sh -c SCRIPT`, stdout and stderr captured apart.
    fn masked(&self, file: &str, script: &str) -> Run {
        let args = ["exec", "--mask", file, "--", "sh", "-c", script];
        self.sandbox
            .secret(&args, &[("SOPS_AGE_KEY_FILE", &self.key_file)])
    }

    /// The same with `secret`'s stderr sent to its stdout (`2>&1`), captured together.
    fn masked_together(&self, file: &str, script: &str) -> Run {
        let sh = Tool {
            name: "sh",
            path: "/bin/sh".into(),
        };
        let secret = secret().path.to_string_lossy().into_owned();
        let line = r#""$0" exec --mask "$1" -- sh -c "$2" 2>&1"#;
        self.sandbox.run(
            &sh,
            &["-c", line, &secret, file, script],
            &[("SOPS_AGE_KEY_FILE", &self.key_file)],
        )
    }

    /// `secret exec --mask f.enc.env -- sh -c SCRIPT`, running; its stdout to read.
    fn spawn(&self, script: &str) -> (Child, BufReader<ChildStdout>) {
        let mut child = self
            .sandbox
            .command(&secret())
            .args(["exec", "--mask", "f.enc.env", "--", "sh", "-c", script])
            .env("SOPS_AGE_KEY_FILE", &self.key_file)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start secret exec --mask");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        (child, stdout)
    }
}

/// No 8 consecutive characters of `value`'s base64 (at any alignment), nor of `value`.
fn assert_hidden(out: &str, value: &str) {
    assert!(!out.contains(value), "{value:?} in {out:?}");
    for prefix in ["", "a", "ab"] {
        let data = format!("{prefix}{value}");
        for engine in [&STANDARD, &URL_SAFE] {
            let encoded = engine.encode(&data);
            let skip = (8 * prefix.len()).div_ceil(6);
            let own = &encoded[skip..(8 * data.len()) / 6];
            let flat: String = out.split(['\r', '\n']).collect();
            for piece in own.as_bytes().windows(8) {
                let piece = std::str::from_utf8(piece).unwrap();
                assert!(!flat.contains(piece), "{piece} of {data:?} in {out:?}");
            }
        }
    }
}

#[test]
fn every_form_of_a_value_is_masked() {
    let Some(s) = Secrets::new() else { return };
    let mut lines = vec![
        TOKEN.to_string(),
        STANDARD.encode(TOKEN),
        STANDARD_NO_PAD.encode(TOKEN),
        URL_SAFE.encode(TOKEN),
        URL_SAFE_NO_PAD.encode(TOKEN),
        // HTTP basic auth: the value after `user:`, at each of the three alignments
        STANDARD.encode(format!("user:{TOKEN}")),
        STANDARD.encode(format!("me:{TOKEN}")),
        STANDARD.encode(format!("root:{TOKEN}")),
        URL_SAFE_NO_PAD.encode(format!("x{TOKEN}more")),
        // URL and form encoding, JSON escaping
        "s3cr3t%2Fv%40lue%2Bx%20y".to_string(),
        "s3cr3t%2fv%40lue%2bx%20y".to_string(),
        "s3cr3t%2Fv%40lue%2Bx+y".to_string(),
        r"s3cr3t\/v@lue+x y".to_string(),
    ];
    // MIME: wrapped at 76 columns, with the value at every offset of the data
    for lead in 0..60 {
        let data = format!("{}{TOKEN}", "-".repeat(lead));
        let encoded = STANDARD.encode(data);
        let wrapped: Vec<&str> = encoded
            .as_bytes()
            .chunks(76)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        lines.push(wrapped.join("\r\n"));
    }
    s.sandbox.write("out.txt", lines.join("\n").as_bytes());
    let run = s.masked("f.enc.env", "cat out.txt").success();
    let out = run.stdout_text();
    assert_hidden(&out, TOKEN);
    assert_eq!(out.lines().next(), Some("*****"));
    assert_eq!(out.matches("*****").count(), 13 + 60, "{out}");
}

#[test]
fn each_line_of_a_multi_line_value_is_masked() {
    let Some(s) = Secrets::new() else { return };
    let json = serde_json::to_string(CERT).unwrap();
    let script = format!(
        "printf '%s\\n' \"$CERT\"; echo 'x line-two-of-it y'; echo '{json}'; \
         printf '%s' \"$CERT\" | base64"
    );
    let run = s.masked("c.enc.yaml", &script).success();
    let out = run.stdout_text();
    for value in [CERT, "line-one-of-it", "line-two-of-it"] {
        assert_hidden(&out, value);
    }
    assert!(out.starts_with("*****\nx ***** y\n\"*****\"\n"), "{out}");
}

#[test]
fn a_value_written_a_byte_at_a_time_is_masked() {
    let Some(s) = Secrets::new() else { return };
    // Each printf is a write of its own; the pauses make each a read of its own too.
    let script = r#"v="$TOKEN"; printf 'a '; while [ -n "$v" ]; do rest="${v#?}";
        printf '%s' "${v%"$rest"}"; v="$rest"; sleep 0.02; done; printf ' b\n'"#;
    let run = s.masked("f.enc.env", script).success();
    assert_eq!(run.stdout_text(), "a ***** b\n");
}

#[test]
fn a_value_split_between_stdout_and_stderr_is_masked() {
    let Some(s) = Secrets::new() else { return };
    let half = TOKEN.len() / 2;
    let (first, second) = TOKEN.split_at(half);
    // To one place (2>&1): one pipe, exact, even for writes in immediate succession.
    let script = format!("printf '<%s' '{first}'; printf '%s>\\n' '{second}' >&2; echo end");
    let run = s.masked_together("t.enc.env", &script).success();
    assert_eq!(run.stdout_text(), "<*****>\nend\n");
    // To two places: masked in both when the parts are written in separate steps.
    let script = format!("printf '<%s' '{first}'; sleep 0.3; printf '%s>\\n' '{second}' >&2");
    let run = s.masked("f.enc.env", &script).success();
    assert_eq!(run.stdout_text(), "<*****");
    assert!(run.stderr.contains("*****>\n"), "{}", run.stderr);
    let both = format!("{}{}", run.stdout_text(), run.stderr);
    assert!(!both.contains(first) && !both.contains(second), "{both}");
}

/// Sends `signal` to `pid`.
fn kill(pid: u32, signal: libc::c_int) -> bool {
    // SAFETY: kill has no memory-safety preconditions.
    unsafe { libc::kill(pid as libc::pid_t, signal) == 0 }
}

/// Waits until `pid` no longer exists (it was reaped), for at most a few seconds.
fn gone(pid: u32) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if !kill(pid, 0) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn read_line(stdout: &mut BufReader<ChildStdout>) -> String {
    let mut line = String::new();
    stdout.read_line(&mut line).expect("read");
    line
}

/// A program that reports `name` when it gets it and exits 7; returns its pid.
fn start_trapping(s: &Secrets, name: &str) -> (Child, BufReader<ChildStdout>, u32) {
    // The program stops itself on SIGTSTP: the kernel discards a default-action stop in an
    // orphaned process group, which the tests' group is when cargo runs in the background.
    // It waits for its sleep only as long as that lives, so a failed test leaves nothing
    // spinning.
    let script = format!(
        "trap 'echo got {name}; kill $p; exit 7' {name}; trap 'kill -STOP $$' TSTP; \
         sleep 30 >/dev/null 2>&1 & p=$!; \
         echo ready $$; while kill -0 $p 2>/dev/null; do wait $p; done"
    );
    let (child, mut stdout) = s.spawn(&script);
    let ready = read_line(&mut stdout);
    let pid = ready
        .trim()
        .strip_prefix("ready ")
        .expect(&ready)
        .parse()
        .unwrap();
    (child, stdout, pid)
}

#[test]
fn signals_sent_to_secret_reach_the_program() {
    let Some(s) = Secrets::new() else { return };
    let signals = [
        ("QUIT", libc::SIGQUIT),
        ("USR1", libc::SIGUSR1),
        ("USR2", libc::SIGUSR2),
        ("ALRM", libc::SIGALRM),
        ("HUP", libc::SIGHUP),
    ];
    for (name, signal) in signals {
        let (mut secret, mut stdout, program) = start_trapping(&s, name);
        assert!(kill(secret.id(), signal));
        assert_eq!(read_line(&mut stdout), format!("got {name}\n"));
        let status = secret.wait().expect("wait");
        assert_eq!(
            status.code(),
            Some(7),
            "{name}: secret exits as the program did"
        );
        assert!(gone(program), "{name}: the program is gone");
    }
}

#[test]
fn a_program_killed_by_a_forwarded_signal_is_reported_as_a_shell_does() {
    let Some(s) = Secrets::new() else { return };
    for (signal, code) in [(libc::SIGQUIT, 131), (libc::SIGUSR1, 138)] {
        let (mut secret, mut stdout) = s.spawn("echo ready $$; exec sleep 30");
        let program: u32 = read_line(&mut stdout)
            .trim()
            .strip_prefix("ready ")
            .unwrap()
            .parse()
            .unwrap();
        assert!(kill(secret.id(), signal));
        // `secret` itself was not killed: it exits, with the program's status.
        assert_eq!(secret.wait().expect("wait").code(), Some(code));
        assert!(gone(program));
    }
}

#[test]
fn window_changes_pass_through_without_ending_anything() {
    let Some(s) = Secrets::new() else { return };
    let script = "trap 'echo got WINCH' WINCH; trap 'echo got TERM; kill $p; exit 4' TERM; \
                  sleep 30 >/dev/null 2>&1 & p=$!; echo ready $$; while kill -0 $p 2>/dev/null; do wait $p; done";
    let (mut secret, mut stdout) = s.spawn(script);
    assert!(read_line(&mut stdout).starts_with("ready "));
    assert!(kill(secret.id(), libc::SIGWINCH));
    assert_eq!(read_line(&mut stdout), "got WINCH\n");
    assert!(kill(secret.id(), libc::SIGTERM));
    assert_eq!(read_line(&mut stdout), "got TERM\n");
    assert_eq!(secret.wait().expect("wait").code(), Some(4));
}

/// The state letter of `pid` in /proc (`T` when stopped).
#[cfg(target_os = "linux")]
fn state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after_name = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
    after_name.chars().next().unwrap_or('?')
}

#[cfg(target_os = "linux")]
fn becomes(pid: u32, wanted: impl Fn(char) -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if wanted(state(pid)) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[cfg(target_os = "linux")]
#[test]
fn stopping_secret_stops_the_program_and_continuing_continues_both() {
    let Some(s) = Secrets::new() else { return };
    let (mut secret, mut stdout, program) = start_trapping(&s, "USR1");
    assert!(kill(secret.id(), libc::SIGTSTP));
    assert!(becomes(program, |c| c == 'T'), "the program stops");
    assert!(becomes(secret.id(), |c| c == 'T'), "secret stops");
    assert!(kill(secret.id(), libc::SIGCONT));
    assert!(becomes(program, |c| c != 'T'), "the program continues");
    assert!(becomes(secret.id(), |c| c != 'T'), "secret continues");
    assert!(kill(secret.id(), libc::SIGUSR1));
    assert_eq!(read_line(&mut stdout), "got USR1\n");
    assert_eq!(secret.wait().expect("wait").code(), Some(7));
    assert!(gone(program));
}
