//! `secret exec --watch`, black-box: a program running under `secret` is restarted with
//! the new value within a second of its encrypted file being replaced (as editors do) or
//! written in place; a broken edit keeps it running on the old values and says why
//! without a value; `--reload-signal` signals instead of restarting; a program that
//! ignores SIGTERM is killed after `--grace`; signals to `secret` reach the program across
//! restarts; `secret` exits with the program's own status; `--mask` masks old and new
//! values; Secrets Manager secrets are read again every `--watch-interval`.
#![cfg(unix)]

mod common;

use std::fs::File;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The program: logs its start (with TOKEN and its pid), the signals it gets, and exits 3
/// when a file named `stop` appears. With IGNORE_TERM it ignores SIGTERM; with PRINT it
/// prints TOKEN on stdout.
const PROGRAM: &str = r#"
echo "start $TOKEN $$" >> log
[ -n "$PRINT" ] && echo "token=$TOKEN"
if [ -n "$IGNORE_TERM" ]; then trap '' TERM; else trap 'echo "term $$" >> log; exit 0' TERM; fi
trap 'echo "hup $TOKEN $$" >> log' HUP
trap 'echo "usr1 $$" >> log' USR1
while :; do
  if [ -e stop ]; then rm -f stop; echo "stop $$" >> log; exit 3; fi
  sleep 0.05
done
"#;

/// The file the program's secrets come from.
const FILE: &str = "conf/app.enc.env";

struct Watched {
    sandbox: Sandbox,
    key_file: String,
}

impl Watched {
    fn new(token: &str) -> Option<Watched> {
        let keys = keys()?;
        let sandbox = Sandbox::new();
        let key_file = keys.key_file_for(&sandbox, &[K1]);
        sandbox.write("prog.sh", PROGRAM.as_bytes());
        sandbox.write("log", b"");
        let w = Watched { sandbox, key_file };
        let encrypted = w.encrypted(&format!("TOKEN={token}\nOTHER=same\n"));
        w.sandbox.write(FILE, &encrypted);
        Some(w)
    }

    /// An encryption of the dotenv `plaintext`.
    fn encrypted(&self, plaintext: &str) -> Vec<u8> {
        self.sandbox
            .write("staging/plain.env", plaintext.as_bytes());
        encrypt(
            &self.sandbox,
            &secret(),
            "staging/plain.env",
            &[K1],
            "staging/next.enc.env",
        );
        self.sandbox.read("staging/next.enc.env")
    }

    /// Replaces the file by renaming a new one over it, as editors and `secret` do;
    /// returns when it was replaced.
    fn replace(&self, contents: &[u8]) -> Instant {
        self.sandbox.write("conf/.app.enc.env.tmp", contents);
        std::fs::rename(
            self.sandbox.path("conf/.app.enc.env.tmp"),
            self.sandbox.path(FILE),
        )
        .expect("rename");
        Instant::now()
    }

    /// `secret exec FILE --watch EXTRA -- sh prog.sh`, running, its output in `out` and
    /// `err`.
    fn spawn(&self, extra: &[&str], env: &[(&str, &str)]) -> Child {
        let out = File::create(self.sandbox.path("out")).unwrap();
        let err = File::create(self.sandbox.path("err")).unwrap();
        let mut command = self.sandbox.command(&secret());
        command
            .args(["exec", FILE, "--watch"])
            .args(extra)
            .args(["--", "sh", "prog.sh"])
            .env("SOPS_AGE_KEY_FILE", &self.key_file)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        for (name, value) in env {
            command.env(name, value);
        }
        command.spawn().expect("start secret exec --watch")
    }

    fn log(&self) -> String {
        String::from_utf8(self.sandbox.read("log")).unwrap()
    }

    fn stderr(&self) -> String {
        String::from_utf8(self.sandbox.read("err")).unwrap()
    }

    /// Waits (at most 10 s) until the log has a line starting with `prefix`; the time it
    /// took, and the line.
    fn wait_for(&self, prefix: &str, since: Instant) -> (Duration, String) {
        while since.elapsed() < Duration::from_secs(10) {
            if let Some(line) = self.log().lines().find(|l| l.starts_with(prefix)) {
                return (since.elapsed(), line.to_string());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!(
            "no `{prefix}` in the log after 10 s:\n{}\nstderr:\n{}",
            self.log(),
            self.stderr()
        );
    }

    fn starts(&self) -> usize {
        self.log()
            .lines()
            .filter(|l| l.starts_with("start"))
            .count()
    }

    /// Asks the program to exit by itself (with 3), and returns `secret`'s exit code.
    fn stop(&self, mut child: Child) -> Option<i32> {
        self.sandbox.write("stop", b"");
        wait_exit(&mut child)
    }
}

/// The pid at the end of a log line.
fn pid_of(line: &str) -> u32 {
    line.rsplit(' ').next().unwrap().parse().unwrap()
}

fn kill(pid: u32, signal: libc::c_int) -> bool {
    // SAFETY: kill has no memory-safety preconditions.
    unsafe { libc::kill(pid as libc::pid_t, signal) == 0 }
}

/// Waits (at most 10 s) for `child` to exit; its exit code. Kills it if it does not.
fn wait_exit(child: &mut Child) -> Option<i32> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Some(status) = child.try_wait().expect("wait") {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("secret did not exit within 10 s");
}

/// The longest a change may take to reach the program.
const WITHIN: Duration = Duration::from_secs(1);

#[test]
fn a_changed_file_restarts_the_program_with_the_new_value_within_a_second() {
    let Some(w) = Watched::new("one") else { return };
    let child = w.spawn(&[], &[]);
    let (_, first) = w.wait_for("start one", Instant::now());

    let two = w.encrypted("TOKEN=two\nOTHER=same\n");
    let replaced = w.replace(&two);
    let (took, second) = w.wait_for("start two", replaced);
    assert!(took < WITHIN, "restarted after {took:?}");
    assert!(
        w.log().contains(&format!("term {}", pid_of(&first))),
        "stopped with SIGTERM: {}",
        w.log()
    );
    assert_ne!(pid_of(&first), pid_of(&second));

    // Written in place, as some editors do: the debounce waits for the whole write.
    let three = w.encrypted("TOKEN=three\nOTHER=same\n");
    std::fs::write(w.sandbox.path(FILE), &three).unwrap();
    let (took, _) = w.wait_for("start three", Instant::now());
    assert!(took < WITHIN, "restarted after {took:?}");

    // The same values encrypted anew (new ciphertext, same plaintext) change nothing.
    let again = w.encrypted("TOKEN=three\nOTHER=same\n");
    w.replace(&again);
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(w.starts(), 3, "{}", w.log());

    assert_eq!(
        w.stop(child),
        Some(3),
        "secret exits with the program's status"
    );
    assert!(w.stderr().contains("restarting it"), "{}", w.stderr());
}

#[test]
fn a_broken_edit_keeps_the_program_on_the_old_values_and_says_why() {
    let Some(w) = Watched::new("one") else { return };
    let mut child = w.spawn(&[], &[]);
    let (_, first) = w.wait_for("start one", Instant::now());

    // Plaintext where an encrypted file should be, then a tampered value.
    w.replace(b"TOKEN=plain-leak-value\n");
    let valid = String::from_utf8(w.encrypted("TOKEN=tampered-value\nOTHER=same\n")).unwrap();
    let tampered = tamper_value(&valid);
    std::thread::sleep(Duration::from_millis(600));
    w.replace(tampered.as_bytes());
    std::thread::sleep(Duration::from_millis(900));
    assert_eq!(w.starts(), 1, "still the first program: {}", w.log());
    assert!(kill(pid_of(&first), 0), "the program still runs");
    let stderr = w.stderr();
    assert!(
        stderr.matches("app.enc.env").count() >= 2 && stderr.contains("keeps running"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("plain-leak-value") && !stderr.contains("tampered-value"),
        "{stderr}"
    );

    let good = w.encrypted("TOKEN=fixed\nOTHER=same\n");
    let replaced = w.replace(&good);
    let (took, _) = w.wait_for("start fixed", replaced);
    assert!(took < WITHIN, "restarted after {took:?}");

    // SIGTERM to secret reaches the program, which exits 0: so does secret.
    assert!(kill(child.id(), libc::SIGTERM));
    assert_eq!(wait_exit(&mut child), Some(0));
    assert_eq!(w.log().lines().filter(|l| l.starts_with("term")).count(), 2);
}

/// `encrypted` with one byte of TOKEN's ciphertext changed.
fn tamper_value(encrypted: &str) -> String {
    let at = encrypted.find("TOKEN=ENC[AES256_GCM,data:").unwrap() + 27;
    let mut bytes = encrypted.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).unwrap()
}

#[test]
fn signals_to_secret_reach_the_program_across_restarts() {
    let Some(w) = Watched::new("one") else { return };
    let child = w.spawn(&[], &[]);
    let (_, first) = w.wait_for("start one", Instant::now());
    assert!(kill(child.id(), libc::SIGUSR1));
    w.wait_for(&format!("usr1 {}", pid_of(&first)), Instant::now());

    let replaced = w.replace(&w.encrypted("TOKEN=two\n"));
    let (_, second) = w.wait_for("start two", replaced);
    assert!(kill(child.id(), libc::SIGUSR1));
    w.wait_for(&format!("usr1 {}", pid_of(&second)), Instant::now());
    assert_eq!(w.stop(child), Some(3));
}

#[test]
fn reload_signal_signals_the_program_instead_of_restarting_it() {
    let Some(w) = Watched::new("one") else { return };
    let child = w.spawn(&["--reload-signal", "HUP"], &[]);
    let (_, first) = w.wait_for("start one", Instant::now());
    let replaced = w.replace(&w.encrypted("TOKEN=two\n"));
    let (took, hup) = w.wait_for("hup", replaced);
    assert!(took < WITHIN, "signalled after {took:?}");
    // Its environment is the one it started with.
    assert_eq!(hup, format!("hup one {}", pid_of(&first)));
    assert_eq!(w.starts(), 1);
    assert_eq!(w.stop(child), Some(3));
    assert!(w.stderr().contains("sending it signal"), "{}", w.stderr());
}

#[test]
fn a_program_that_ignores_sigterm_is_killed_after_the_grace_period() {
    let Some(w) = Watched::new("one") else { return };
    let child = w.spawn(&["--grace", "300ms"], &[("IGNORE_TERM", "1")]);
    w.wait_for("start one", Instant::now());
    let replaced = w.replace(&w.encrypted("TOKEN=two\n"));
    let (took, _) = w.wait_for("start two", replaced);
    assert!(
        took >= Duration::from_millis(300) && took < WITHIN + Duration::from_millis(300),
        "restarted after {took:?}"
    );
    assert!(!w.log().contains("term"), "{}", w.log());
    assert_eq!(w.stop(child), Some(3));
}

#[test]
fn masking_hides_the_old_and_the_new_values() {
    let Some(w) = Watched::new("first-secret-value") else {
        return;
    };
    let child = w.spawn(&["--mask"], &[("PRINT", "1")]);
    w.wait_for("start first-secret-value", Instant::now());
    let replaced = w.replace(&w.encrypted("TOKEN=second-secret-value\n"));
    w.wait_for("start second-secret-value", replaced);
    assert_eq!(w.stop(child), Some(3));
    let out = String::from_utf8(w.sandbox.read("out")).unwrap();
    assert_eq!(out, "token=*****\ntoken=*****\n");
}

#[cfg(feature = "aws")]
#[test]
fn secrets_manager_secrets_are_read_again_every_interval() {
    let Some(keys) = keys() else { return };
    let Some(moto) = moto() else { return };
    let sandbox = Sandbox::new();
    sandbox.write("prog.sh", PROGRAM.as_bytes());
    sandbox.write("log", b"");
    let put = |target: &str, body: serde_json::Value| {
        moto.call("secretsmanager", target, &body.to_string());
    };
    put(
        "secretsmanager.CreateSecret",
        serde_json::json!({"Name": "app", "SecretString": r#"{"TOKEN":"one"}"#}),
    );
    let key_file = keys.key_file_for(&sandbox, &[K1]);
    let w = Watched { sandbox, key_file };
    let mut command = w.sandbox.command(&secret());
    command
        .args([
            "exec",
            "--secrets-manager",
            "app",
            "--watch",
            "--watch-interval",
            "1s",
        ])
        .args(["--", "sh", "prog.sh"])
        .env("AWS_ENDPOINT_URL", moto.endpoint())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(w.sandbox.path("err")).unwrap());
    let child = command.spawn().expect("start secret exec --watch");
    w.wait_for("start one", Instant::now());
    put(
        "secretsmanager.PutSecretValue",
        serde_json::json!({"SecretId": "app", "SecretString": r#"{"TOKEN":"two"}"#}),
    );
    let (took, _) = w.wait_for("start two", Instant::now());
    assert!(took < Duration::from_secs(3), "read again after {took:?}");
    assert_eq!(w.stop(child), Some(3));
}
