//! How `secret` writes files: through symbolic links, keeping owner and group, refusing
//! special files and endless inputs, and, when killed at any moment of `set`, `encrypt -i`,
//! `edit` or `updatekeys`, never leaving a torn file, nor (once a later command has run) a
//! temporary file or plaintext behind.
#![cfg(unix)]

mod common;

use std::os::unix::fs::{MetadataExt, symlink};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A sandbox with `app.enc.yaml` encrypted for key 1, and the key to open it.
struct Setup {
    sandbox: Sandbox,
    key_file: String,
}

impl Setup {
    fn new() -> Option<Setup> {
        let keys = keys()?;
        let sandbox = Sandbox::new();
        let key_file = keys.key_file_for(&sandbox, &[K1]);
        sandbox.write(
            "plain.yaml",
            b"db:\n  password: hunter2-pass\ntoken: t0k3n-value\n",
        );
        sandbox
            .secret(
                &[
                    "encrypt",
                    "--age",
                    K1.recipient(),
                    "-o",
                    "app.enc.yaml",
                    "plain.yaml",
                ],
                &[],
            )
            .success();
        std::fs::remove_file(sandbox.path("plain.yaml")).expect("remove plaintext");
        Some(Setup { sandbox, key_file })
    }

    fn env(&self) -> Vec<(&str, &str)> {
        vec![("SOPS_AGE_KEY_FILE", self.key_file.as_str())]
    }

    fn secret(&self, args: &[&str]) -> Run {
        self.sandbox.secret(args, &self.env())
    }

    fn get(&self, file: &str, path: &str) -> String {
        self.secret(&["get", file, path]).success().stdout_text()
    }

    /// `secret` as a child that can be killed, in the sandbox's environment.
    fn spawn(&self, args: &[&str], extra: &[(&str, &str)]) -> std::process::Child {
        let mut command = self.sandbox.command(&secret());
        command
            .args(args)
            .envs(self.env())
            .envs(extra.iter().copied());
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start secret")
    }
}

#[test]
fn set_writes_through_a_symbolic_link_and_keeps_it() {
    let Some(s) = Setup::new() else { return };
    std::fs::create_dir(s.sandbox.path("real")).expect("dir");
    std::fs::rename(
        s.sandbox.path("app.enc.yaml"),
        s.sandbox.path("real/app.enc.yaml"),
    )
    .expect("move");
    symlink("real/app.enc.yaml", s.sandbox.path("app.enc.yaml")).expect("link");
    s.secret(&["set", "app.enc.yaml", "token", "new-token-value"])
        .success();
    let link = std::fs::symlink_metadata(s.sandbox.path("app.enc.yaml")).expect("link");
    assert!(
        link.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    assert_eq!(s.get("real/app.enc.yaml", "token"), "new-token-value");
}

#[test]
fn set_keeps_the_owner_and_group_of_the_file() {
    let Some(s) = Setup::new() else { return };
    let file = s.sandbox.path("app.enc.yaml");
    let me = std::fs::metadata(&file).expect("meta").uid();
    if me != 0 {
        // Only root can give a file away; as another user the check is moot.
        return;
    }
    let chown = Command::new("chown")
        .args(["1234:2345", &file.to_string_lossy()])
        .status()
        .expect("chown");
    assert!(chown.success());
    s.secret(&["set", "app.enc.yaml", "token", "new-token-value"])
        .success();
    let meta = std::fs::metadata(&file).expect("meta");
    assert_eq!((meta.uid(), meta.gid()), (1234, 2345));
}

#[test]
fn set_on_a_fifo_is_refused_at_once() {
    let Some(s) = Setup::new() else { return };
    let fifo = s.sandbox.path("pipe.enc.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let started = Instant::now();
    let mut child = s.spawn(&["set", "pipe.enc.yaml", "a", "b"], &[]);
    let status = wait_at_most(&mut child, Duration::from_secs(10));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "set waited on a FIFO"
    );
    assert!(!status.expect("exited").success());
}

#[test]
fn devices_and_endless_input_are_refused_not_read_forever() {
    let Some(s) = Setup::new() else { return };
    s.secret(&["decrypt", "/dev/zero"])
        .expect_failure()
        .assert_stderr_contains("not a regular file");
    let zero = std::fs::File::open("/dev/zero").expect("/dev/zero");
    let output = s
        .sandbox
        .command(&secret())
        .args(["decrypt", "--input-type", "yaml"])
        .envs(s.env())
        .stdin(zero)
        .output()
        .expect("run");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("limit"), "{stderr}");
}

/// Waits for `child` up to `limit`, killing it after; its status if it exited by itself.
fn wait_at_most(
    child: &mut std::process::Child,
    limit: Duration,
) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// Temporary files and edit directories (with plaintext) anywhere below `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".secret-tmp-") || name.starts_with("secret-edit-") {
            found.push(name);
        } else if entry.path().is_dir() {
            found.extend(leftovers(&entry.path()));
        }
    }
    found
}

/// A tiny deterministic sequence of kill delays (microseconds), so failures repeat.
fn delays(count: usize) -> impl Iterator<Item = u64> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count).map(move |_| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % 40_000
    })
}

#[test]
fn kill_9_at_any_moment_never_tears_a_file_nor_leaves_plaintext() {
    let Some(s) = Setup::new() else { return };
    let edit_dir = s.sandbox.path("ram");
    std::fs::create_dir(&edit_dir).expect("edit dir");
    let edit_dir_text = edit_dir.to_string_lossy().into_owned();
    // An editor that changes the token, then lingers, so kills land inside the edit too.
    let editor = s.sandbox.write(
        "editor.sh",
        b"#!/bin/sh\nsed -i 's/^token: .*/token: edited-value/' \"$1\"\nsleep 0.02\n",
    );
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let editor_text = editor.to_string_lossy().into_owned();
    s.sandbox.write(
        ".sops.yaml",
        format!("creation_rules:\n  - age: {}\n", K1.recipient()).as_bytes(),
    );
    let plain = b"token: plain-value\n";
    let extra = [
        ("SECRET_EDIT_DIR", edit_dir_text.as_str()),
        ("EDITOR", editor_text.as_str()),
    ];
    for (round, delay) in delays(60).enumerate() {
        let value = format!("value-{round}");
        s.sandbox.write("plain.enc.yaml", plain);
        let commands: [Vec<&str>; 4] = [
            vec!["set", "app.enc.yaml", "token", &value],
            vec!["encrypt", "-i", "plain.enc.yaml"],
            vec!["edit", "app.enc.yaml"],
            vec!["updatekeys", "--yes", "app.enc.yaml"],
        ];
        let args = &commands[round % commands.len()];
        let mut child = s.spawn(args, &extra);
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever moment it died at, the file is the old one or the new one.
        let token = s.get("app.enc.yaml", "token");
        assert!(
            token == "t0k3n-value" || token.starts_with("value-") || token == "edited-value",
            "round {round} ({args:?}): token is {token:?}"
        );
        let encrypted_or_plain = s.sandbox.read("plain.enc.yaml");
        assert!(
            encrypted_or_plain == plain || encrypted_or_plain.starts_with(b"token: ENC["),
            "round {round}: plain.enc.yaml is torn"
        );
    }
    // A later command removes what killed ones left.
    s.secret(&["set", "app.enc.yaml", "token", "final-value"])
        .success();
    s.sandbox.write("plain.enc.yaml", plain);
    s.secret(&["encrypt", "-i", "plain.enc.yaml"]).success();
    let run = s.sandbox.run(
        &secret(),
        &["edit", "app.enc.yaml"],
        &[
            ("SOPS_AGE_KEY_FILE", s.key_file.as_str()),
            ("SECRET_EDIT_DIR", edit_dir_text.as_str()),
            ("EDITOR", "true"),
        ],
    );
    run.success();
    let left = leftovers(s.sandbox.root());
    for name in &left {
        let dir = edit_dir.join(name);
        let inside: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        eprintln!("{name}: {inside:?}");
    }
    assert_eq!(left, Vec::<String>::new());
}
