//! Running a program as a person at a terminal does (a pseudo-terminal that answers its
//! prompts), or with no terminal at all, through `pty_driver.py` (python3's pty module).
//! Both are bounded: a program still running after the timeout is killed (exit 124).

use std::path::PathBuf;

use crate::common::sandbox::{Run, Sandbox};
use crate::common::tools::{Tool, manifest_dir, unavailable};

/// What a program did on a terminal: its exit code, its standard output and error (kept
/// apart from the terminal), and what the terminal showed.
#[derive(Debug)]
pub struct OnTerminal {
    pub run: Run,
    pub screen: String,
}

/// python3, which runs the driver, or `None` (outside CI) when it is missing.
pub fn python() -> Option<Tool> {
    let path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("python3"))
            .find(|p| p.is_file())
    });
    match path {
        Some(path) => Some(Tool {
            name: "python3",
            path,
        }),
        None => unavailable("python3 not found on PATH (the terminal tests drive a pty with it)"),
    }
}

fn driver() -> PathBuf {
    manifest_dir().join("tests/common/pty_driver.py")
}

/// Runs `tool` on a new pseudo-terminal in `sandbox`, typing each answer after its prompt
/// appears; killed after `timeout_secs`.
pub fn on_terminal(
    sandbox: &Sandbox,
    tool: &Tool,
    args: &[&str],
    env: &[(&str, &str)],
    answers: &[(&str, &str)],
    timeout_secs: u32,
) -> Option<OnTerminal> {
    let mut flags: Vec<String> = Vec::new();
    for (prompt, answer) in answers {
        flags.extend(["--answer".into(), prompt.to_string(), answer.to_string()]);
    }
    drive(sandbox, tool, args, env, &flags, timeout_secs)
}

/// Runs `tool` in a new session without any terminal (standard input closed), as under
/// cron or CI; killed after `timeout_secs`.
pub fn without_terminal(
    sandbox: &Sandbox,
    tool: &Tool,
    args: &[&str],
    env: &[(&str, &str)],
    timeout_secs: u32,
) -> Option<Run> {
    drive(sandbox, tool, args, env, &["--no-tty".into()], timeout_secs).map(|t| t.run)
}

fn drive(
    sandbox: &Sandbox,
    tool: &Tool,
    args: &[&str],
    env: &[(&str, &str)],
    flags: &[String],
    timeout_secs: u32,
) -> Option<OnTerminal> {
    let python = python()?;
    let out = sandbox.path(".terminal-stdout");
    let err = sandbox.path(".terminal-stderr");
    let timeout = timeout_secs.to_string();
    let driver = driver();
    let mut driver_args: Vec<&str> = vec![
        driver.to_str().unwrap(),
        "--timeout",
        &timeout,
        "--stdout",
        out.to_str().unwrap(),
        "--stderr",
        err.to_str().unwrap(),
    ];
    driver_args.extend(flags.iter().map(String::as_str));
    driver_args.push("--");
    driver_args.push(tool.path.to_str().unwrap());
    driver_args.extend(args);
    let driven = sandbox.run(&python, &driver_args, env);
    assert!(
        driven.code != 124,
        "`{} {}` did not finish within {timeout_secs}s (a hang):\n{}\nterminal:\n{}",
        tool.name,
        args.join(" "),
        driven.stderr,
        driven.stdout_text()
    );
    let run = Run {
        what: format!("{} {} (on a terminal)", tool.name, args.join(" ")),
        code: driven.code,
        stdout: std::fs::read(&out).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err).unwrap_or_default(),
    };
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&err);
    Some(OnTerminal {
        run,
        screen: driven.stdout_text(),
    })
}
