//! README's "Five-minute tour" runs as written: its shell blocks, taken from README.md
//! itself, run top to bottom under `bash -eu -o pipefail` in a sandbox, with the `secret`
//! under test first on PATH. The tour's preconditions are provided here, each marked as a
//! stand-in: a new git repository with an author, an editor that types a line, and the
//! program the tour calls `./server`. No network.

mod common;

use std::path::{Path, PathBuf};

use common::{Sandbox, Tool};

fn readme() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `sh` blocks of the section `heading`, in order.
fn shell_blocks(markdown: &str, heading: &str) -> Vec<String> {
    let start = markdown
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README.md has no `{heading}` section"));
    let section = &markdown[start + heading.len() + 2..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some(open) = rest.find("```sh\n") {
        let body = &rest[open + "```sh\n".len()..];
        let close = body.find("```").expect("a closed code block");
        blocks.push(body[..close].to_string());
        rest = &body[close + 3..];
    }
    blocks
}

fn write_executable(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// STAND-IN for the program the tour runs as `./server` (the reader's own program): it
/// says whether it got the secrets, without printing them.
const STAND_IN_SERVER: &str = "#!/bin/sh
# STAND-IN for README's ./server, written by tests/tour.rs: not a real server.
if [ -n \"${DB_PASSWORD:-}\" ]; then echo 'stand-in server: DB_PASSWORD is set'; else exit 1; fi
";

/// STAND-IN for the reader's editor in `secret edit`: adds a line, as a person would.
const STAND_IN_EDITOR: &str = "#!/bin/sh
# STAND-IN editor for README's `secret edit`, written by tests/tour.rs.
printf 'LOG_LEVEL=debug\\n' >> \"$1\"
";

#[test]
fn the_five_minute_tour_runs_as_written() {
    let secret = common::secret().path;
    if secret.file_name().is_none_or(|n| n != "secret") {
        eprintln!("SKIPPED: the program under test is not called `secret`");
        return;
    }
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        common::tools::unavailable::<()>("git is not installed");
        return;
    }
    let blocks = shell_blocks(&readme(), "## Five-minute tour");
    assert!(
        blocks.len() >= 3,
        "the tour has {} shell blocks",
        blocks.len()
    );
    let script = blocks.join("\n");

    let sandbox = Sandbox::new();
    // Preconditions: a git repository (the reader's project), the stand-ins.
    let project = sandbox.path("project");
    std::fs::create_dir_all(&project).unwrap();
    let stand_ins = sandbox.path("stand-ins");
    std::fs::create_dir_all(&stand_ins).unwrap();
    write_executable(&project.join("server"), STAND_IN_SERVER);
    write_executable(&stand_ins.join("editor"), STAND_IN_EDITOR);
    let git = Tool {
        name: "git",
        path: "git".into(),
    };
    let run_in_project = |c: &mut std::process::Command| {
        c.current_dir(&project);
    };
    sandbox
        .run_adjusted(&git, &["init", "-q"], &[], run_in_project)
        .success();
    // The stand-in server is the reader's program, not part of the tour's files.
    std::fs::write(project.join(".git/info/exclude"), "server\n").unwrap();

    let path = format!(
        "{}:{}",
        secret.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let editor = stand_ins.join("editor").display().to_string();
    let env = [
        ("PATH", path.as_str()),
        ("EDITOR", editor.as_str()),
        ("GIT_AUTHOR_NAME", "Ann"),
        ("GIT_AUTHOR_EMAIL", "ann@example.com"),
        ("GIT_COMMITTER_NAME", "Ann"),
        ("GIT_COMMITTER_EMAIL", "ann@example.com"),
    ];
    let bash = Tool {
        name: "bash",
        path: "bash".into(),
    };
    let run = sandbox.run_adjusted(
        &bash,
        &["-eu", "-o", "pipefail", "-c", &script],
        &env,
        run_in_project,
    );
    let out = run.stdout_text();
    assert_eq!(
        run.code, 0,
        "the tour failed:\n--- script\n{script}\n--- stdout\n{out}\n--- stderr\n{}",
        run.stderr
    );
    assert!(out.contains("stand-in server: DB_PASSWORD is set"), "{out}");
    assert!(out.contains("t0k3n\n"), "{out}");
    assert!(out.contains("(bob)"), "recipients names bob:\n{out}");
    assert!(
        out.contains("could read"),
        "remove lists what bob could read:\n{out}"
    );

    // Where the tour leaves the project: bob gone, the edit kept, the secrets encrypted.
    let config = std::fs::read_to_string(project.join(".sops.yaml")).unwrap();
    assert!(!config.contains("bob"), "{config}");
    let encrypted = std::fs::read_to_string(project.join("dev.enc.env")).unwrap();
    assert!(!encrypted.contains("hunter2"), "{encrypted}");
    let decrypted = sandbox
        .run_adjusted(
            &common::secret(),
            &["decrypt", "dev.enc.env"],
            &[],
            run_in_project,
        )
        .success();
    assert_eq!(
        decrypted.stdout_text(),
        "DB_PASSWORD=hunter2\nAPI_TOKEN=t0k3n\nLOG_LEVEL=debug\n"
    );
}
