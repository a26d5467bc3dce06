//! `secret exec` and `secret export`, black-box: decrypted values reach the program's
//! environment, arguments and exit codes pass through unchanged, masking hides values
//! and their encodings, and bad input is refused naming the cause.

mod common;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use common::*;

/// A sandbox holding encrypted files, and the key to decrypt them.
struct Secrets {
    sandbox: Sandbox,
    key_file: String,
}

impl Secrets {
    fn new() -> Option<Secrets> {
        let keys = keys()?;
        let sandbox = Sandbox::new();
        let key_file = keys.key_file_for(&sandbox, &[K1]);
        Some(Secrets { sandbox, key_file })
    }

    /// Encrypts `plaintext` for K1 as `name` (its extension decides the format).
    fn add(&self, name: &str, plaintext: &str) -> &Secrets {
        let plain = format!("plain-{name}");
        self.sandbox.write(&plain, plaintext.as_bytes());
        encrypt(&self.sandbox, &secret(), &plain, &[K1], name);
        self
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut env = env.to_vec();
        env.push(("SOPS_AGE_KEY_FILE", &self.key_file));
        self.sandbox.secret(args, &env)
    }
}

fn env_lines(run: &Run) -> Vec<String> {
    run.stdout_text().lines().map(String::from).collect()
}

fn has_line(run: &Run, line: &str) -> bool {
    env_lines(run).iter().any(|l| l == line)
}

#[test]
fn the_program_sees_the_variables() {
    let Some(s) = Secrets::new() else { return };
    s.add("f.enc.env", "API_KEY=abc123\nDB_URL=postgres://x\n");
    let run = s.run(&["exec", "f.enc.env", "--", "env"]).success();
    assert!(has_line(&run, "API_KEY=abc123"), "{}", run.stdout_text());
    assert!(has_line(&run, "DB_URL=postgres://x"));
}

#[test]
fn exit_codes_and_signals_are_the_programs() {
    let Some(s) = Secrets::new() else { return };
    s.add("f.enc.env", "A=b\n");
    s.run(&["exec", "f.enc.env", "--", "sh", "-c", "exit 7"])
        .expect_code(7);
    // Replaced by the program, we die of its signal; masking, we report it as a shell does.
    let killer = ["f.enc.env", "--", "sh", "-c", "kill -TERM $$"];
    let run = s.run(&[&["exec"][..], &killer].concat());
    assert_eq!(run.code, -1, "killed by a signal, not an exit code");
    s.run(&[&["exec", "--mask"][..], &killer].concat())
        .expect_code(143);
}

/// A termination signal sent to `secret exec --mask` (not by the terminal) is passed on to
/// the program, which decides what to do with it.
#[test]
fn masking_forwards_a_signal_sent_to_secret() {
    use std::io::{BufRead, BufReader};
    let Some(s) = Secrets::new() else { return };
    s.add("f.enc.env", "A=b\n");
    let script = "trap 'echo got TERM; exit 3' TERM; echo ready; sleep 10 >/dev/null 2>&1 & wait";
    let mut child = s
        .sandbox
        .command(&secret())
        .args(["exec", "--mask", "f.enc.env", "--", "sh", "-c", script])
        .env("SOPS_AGE_KEY_FILE", &s.key_file)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start secret exec --mask");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("read");
    assert_eq!(line, "ready\n");
    // SAFETY: kill has no memory-safety preconditions.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    line.clear();
    stdout.read_line(&mut line).expect("read");
    assert_eq!(line, "got TERM\n");
    assert_eq!(child.wait().expect("wait").code(), Some(3));
}

#[test]
fn arguments_reach_the_program_unchanged() {
    let Some(s) = Secrets::new() else { return };
    s.add("f.enc.env", "A=b\n");
    let odd = ["two words", "it's \"quoted\"", "$HOME", "a;b", "*", ""];
    let mut args = vec!["exec", "f.enc.env", "--", "printf", "%s\\n"];
    args.extend(odd);
    let run = s.run(&args).success();
    assert_eq!(env_lines(&run), odd);
}

#[test]
fn masking_hides_values_and_their_encodings() {
    let Some(s) = Secrets::new() else { return };
    s.add("f.enc.env", "TOKEN=s3cr3t/v@lue+x\nPIN=42\n");
    let b64 = STANDARD.encode("s3cr3t/v@lue+x");
    let script = format!(
        "printf '\\033[31m%s\\033[0m\\n' \"$TOKEN\"; echo {b64}; echo s3cr3t%2Fv%40lue%2Bx; \
         printf 's3cr3t/v@'; sleep 0.3; printf 'lue+x\\n' >&1; echo \"$TOKEN\" >&2"
    );
    let run = s
        .run(&["exec", "--mask", "f.enc.env", "--", "sh", "-c", &script])
        .success();
    assert_eq!(
        run.stdout_text(),
        "\x1b[31m*****\x1b[0m\n*****\n*****\n*****\n"
    );
    assert!(!run.stderr.contains("s3cr3t"), "{}", run.stderr);
    run.assert_stderr_contains("*****");
    run.assert_stderr_contains("not masking PIN");
}

#[test]
fn github_export_round_trips_multi_line_values() {
    let Some(s) = Secrets::new() else { return };
    s.add(
        "f.enc.yaml",
        "CERT: |\n  line one\n  line two\nplain: value1\n",
    );
    let github_env = s.sandbox.path("github_env");
    let run = s
        .run_with(
            &["export", "f.enc.yaml", "--format", "github"],
            &[("GITHUB_ENV", &github_env.to_string_lossy())],
        )
        .success();
    assert_eq!(
        run.stdout_text(),
        "::add-mask::line one\n::add-mask::line two\n::add-mask::value1\n"
    );
    let written = String::from_utf8(s.sandbox.read("github_env")).unwrap();
    assert_eq!(
        parse_github_env(&written),
        [
            ("CERT".to_string(), "line one\nline two\n".to_string()),
            ("plain".to_string(), "value1".to_string())
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&github_env).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn github_masks_are_escaped_so_the_runner_registers_the_value_itself() {
    let Some(s) = Secrets::new() else { return };
    s.add("f.enc.yaml", "TOKEN: \"abc%0Adef%25\"\n");
    let github_env = s.sandbox.path("github_env");
    let run = s
        .run_with(
            &["export", "f.enc.yaml", "--format", "github"],
            &[("GITHUB_ENV", &github_env.to_string_lossy())],
        )
        .success();
    // The runner turns %25 back into %, so it masks `abc%0Adef%25` exactly.
    assert_eq!(run.stdout_text(), "::add-mask::abc%250Adef%2525\n");
}

/// Reads `NAME<<DELIMITER` … `DELIMITER` blocks as the GitHub runner does.
fn parse_github_env(text: &str) -> Vec<(String, String)> {
    let mut vars = Vec::new();
    let mut lines = text.lines();
    while let Some(header) = lines.next() {
        let (name, delimiter) = header.split_once("<<").expect("heredoc header");
        let value: Vec<&str> = lines.by_ref().take_while(|l| *l != delimiter).collect();
        vars.push((name.to_string(), value.join("\n")));
    }
    vars
}

#[test]
fn shell_export_survives_eval() {
    let Some(s) = Secrets::new() else { return };
    s.add("f.enc.json", r#"{"Q": "it's $x; `y`"}"#);
    s.run(&["export", "f.enc.json", "--format", "shell", "-o", "vars.sh"])
        .success();
    let sh = Tool {
        name: "sh",
        path: "/bin/sh".into(),
    };
    let run = s
        .sandbox
        .run(&sh, &["-c", ". ./vars.sh; printf %s \"$Q\""], &[]);
    assert_eq!(run.success().stdout_text(), "it's $x; `y`");
}

#[test]
fn bad_input_is_refused_naming_the_cause() {
    let Some(s) = Secrets::new() else { return };
    s.add("bad-name.enc.json", r#"{"my-key": "v"}"#);
    s.add("list.enc.yaml", "hosts:\n  - a\n  - b\n");
    s.add("ok.enc.env", "A=b\n");
    s.sandbox.write("not-executable", b"#!/bin/sh\n");
    let cases: [(&[&str], i32, &str); 4] = [
        (&["exec", "bad-name.enc.json", "--", "true"], 1, "my-key"),
        (&["exec", "list.enc.yaml", "--", "true"], 1, "hosts"),
        (
            &["exec", "ok.enc.env", "--", "no-such-program-here"],
            127,
            "command not found",
        ),
        (
            &["exec", "ok.enc.env", "--", "./not-executable"],
            126,
            "cannot run",
        ),
    ];
    for (args, code, cause) in cases {
        let run = s.run(args);
        run.expect_code(code).assert_stderr_contains(cause);
        run.assert_stderr_contains("hint:");
    }
}

#[test]
fn environments_come_from_sops_yaml() {
    let Some(s) = Secrets::new() else { return };
    s.add("envs/dev.enc.env", "WHO=dev\n")
        .add(
            "envs/prod.enc.yaml",
            "WHO: prod-yaml\ndb: {host: prod-db}\n",
        )
        .add("envs/prod.enc.env", "WHO=prod\n");
    s.sandbox.write(
        ".sops.yaml",
        b"secret:\n  default_environment: dev\n  environments:\n    dev: {files: [envs/dev.enc.env]}\n    prod:\n      files: [envs/prod.enc.yaml, envs/prod.enc.env]\n",
    );
    let dev = s.run(&["exec", "--", "env"]).success();
    assert!(has_line(&dev, "WHO=dev"));
    let prod = s.run(&["exec", "-e", "prod", "--", "env"]).success();
    assert!(has_line(&prod, "WHO=prod"), "the later file wins");
    assert!(has_line(&prod, "db_host=prod-db"));
    s.run(&["exec", "-e", "qa", "--", "env"])
        .expect_code(1)
        .assert_stderr_contains("qa");
}

#[test]
fn pristine_and_precedence() {
    let Some(s) = Secrets::new() else { return };
    s.add("a.enc.env", "X=from-a\nY=from-a\n")
        .add("b.enc.env", "Y=from-b\n");
    let parent = [("X", "from-parent"), ("KEEP", "me")];
    let run = s
        .run_with(&["exec", "a.enc.env", "b.enc.env", "--", "env"], &parent)
        .success();
    assert!(has_line(&run, "X=from-a") && has_line(&run, "Y=from-b") && has_line(&run, "KEEP=me"));
    let run = s
        .run_with(
            &["exec", "--no-override", "a.enc.env", "--", "env"],
            &parent,
        )
        .success();
    assert!(has_line(&run, "X=from-parent"));
    let run = s
        .run_with(&["exec", "--pristine", "a.enc.env", "--", "env"], &parent)
        .success();
    let mut lines = env_lines(&run);
    lines.sort();
    assert_eq!(
        lines,
        ["PATH=/usr/local/bin:/usr/bin:/bin", "X=from-a", "Y=from-a"]
    );
}

/// secret holds transparent huge pages off for its own small heap (crates/alloc); the
/// setting is inherited, so the program must get it back (Linux shows it in its status).
#[test]
#[cfg(target_os = "linux")]
fn the_program_starts_with_huge_pages_allowed() {
    let Some(s) = Secrets::new() else { return };
    s.add("f.enc.env", "A=1\n");
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    if !status.contains("THP_enabled:") {
        return; // a kernel older than 6.8 does not show it
    }
    let run = s
        .run(&["exec", "f.enc.env", "--", "cat", "/proc/self/status"])
        .success();
    assert!(has_line(&run, "THP_enabled:\t1"), "{}", run.stdout_text());
}
