//! The generated completions and man pages: up to date with the clap definitions, and
//! loadable by the shells and `man`. Every subcommand's help shows an example.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Sandbox;

const REGENERATE: &str =
    "regenerate them with `cargo run -q -- generate-docs .` and commit the result";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files of `dir`, by name, with their bytes.
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}; {REGENERATE}", dir.display()))
        .map(|entry| {
            let path = entry.expect("dir entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("read generated file"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn checked_in_completions_and_man_pages_are_up_to_date() {
    let sandbox = Sandbox::new();
    // An environment value must not leak into the pages (clap shows `[env: NAME=value]`).
    sandbox
        .secret(&["generate-docs", "fresh"], &[("SOPS_CONFIG", "/leak")])
        .success();
    for dir in ["completions", "man"] {
        let fresh = files_of(&sandbox.path("fresh").join(dir));
        let checked_in = files_of(&repo().join(dir));
        let names =
            |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(&checked_in),
            names(&fresh),
            "{dir}/ has other files than the generator writes; {REGENERATE}"
        );
        for ((name, old), (_, new)) in checked_in.iter().zip(&fresh) {
            assert!(old == new, "{dir}/{name} is out of date; {REGENERATE}");
        }
    }
}

#[test]
fn completions_command_prints_the_checked_in_script() {
    let run = Sandbox::new()
        .secret(&["completions", "bash"], &[])
        .success();
    assert_eq!(
        run.stdout,
        std::fs::read(repo().join("completions/secret.bash")).unwrap()
    );
}

#[test]
fn bash_loads_the_completions() {
    let script = repo().join("completions/secret.bash");
    let load = format!("source '{}' && complete -p secret", script.display());
    let out = Command::new("bash")
        .args(["-c", &load])
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("_secret"));
}

/// zsh and fish load the completion scripts (scripts/test-tools.sh installs both shells;
/// elsewhere a missing shell is skipped, but under CI it fails).
#[test]
fn zsh_and_fish_load_the_completions() {
    let completions = repo().join("completions").display().to_string();
    let zsh = format!(
        "fpath=({completions} $fpath); autoload -U compinit && compinit -u -D && autoload -U _secret && whence -w _secret"
    );
    let fish = format!("source {completions}/secret.fish; complete -C 'secret dec'");
    for (shell, script, expected) in [("zsh", zsh, "_secret: function"), ("fish", fish, "decrypt")]
    {
        let Ok(out) = Command::new(shell).arg("-c").arg(&script).output() else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{shell} is not installed"
            );
            eprintln!("{shell} is not installed: skipped");
            continue;
        };
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains(expected),
            "{shell}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_man_page_renders() {
    let page = repo().join("man/secret.1");
    let text = std::fs::read_to_string(&page).expect("man/secret.1");
    assert!(
        text.contains(".TH secret 1"),
        "man/secret.1 has no .TH title"
    );
    let rendered = Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
        .or_else(|_| {
            Command::new("groff")
                .args(["-man", "-Tutf8"])
                .arg(&page)
                .output()
        });
    match rendered {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(String::from_utf8_lossy(&out.stdout).contains("SYNOPSIS"));
        }
        Err(_) => eprintln!("neither man nor groff is installed: only the .TH line was checked"),
    }
}

/// Every command's `--help` ends with examples, and `-h` shows them too: the top level,
/// every subcommand and every nested subcommand (one man page each).
#[test]
fn every_command_help_ends_with_examples() {
    let sandbox = Sandbox::new();
    let pages = files_of(&repo().join("man"));
    assert!(pages.len() > 20, "man/ has {} pages", pages.len());
    for page in pages {
        let Some(name) = page.0.strip_suffix(".1") else {
            continue;
        };
        // secret-ssm-read.1 is `secret ssm read`; a command's own name may hold a dash
        // (secret-exec-file.1 is `secret exec-file`).
        let rest = name.strip_prefix("secret-").unwrap_or_default();
        let words: Vec<&str> = if rest.is_empty() {
            Vec::new()
        } else if sandbox.secret(&[rest, "--help"], &[]).code == 0 {
            vec![rest]
        } else {
            rest.split('-').collect()
        };
        for flag in ["--help", "-h"] {
            let mut args = words.clone();
            args.push(flag);
            let help = sandbox.secret(&args, &[]).success().stdout_text();
            let last = help.trim_end().rsplit("\n\n").next().unwrap_or_default();
            assert!(
                last.starts_with("Example"),
                "`secret {} {flag}` does not end with examples:\n{help}",
                words.join(" ")
            );
        }
    }
}

/// Man pages set examples verbatim (no fill, no hyphenation): an age key in an example
/// stays whole on its line.
#[test]
fn man_page_examples_are_verbatim() {
    for (name, bytes) in files_of(&repo().join("man")) {
        let text = String::from_utf8(bytes).unwrap();
        let section = text
            .split(".SH EXAMPLES\n")
            .nth(1)
            .unwrap_or_else(|| panic!("man/{name} has no EXAMPLES section"));
        assert!(
            section.starts_with(".nf\n") && section.contains("\n.fi\n"),
            "man/{name}: examples are not preformatted"
        );
    }
    let page = repo().join("man/secret-encrypt.1");
    let rendered = Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output();
    match rendered {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.contains(
                    "secret encrypt --age age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p secrets.yaml > secrets.enc.yaml"
                ),
                "the example line is not whole:\n{text}"
            );
        }
        _ => eprintln!("man is not installed: only the roff source was checked"),
    }
}

#[test]
fn usage_errors_point_to_the_subcommands_help() {
    let sandbox = Sandbox::new();
    let run = sandbox.secret(&["encrypt", "--no-such-flag"], &[]);
    run.expect_code(2)
        .assert_stderr_contains("see: secret encrypt --help");
    sandbox.write("a.enc.yaml", b"a: 1\n");
    let run = sandbox.secret(&["decrypt", "-i", "-o", "x", "a.enc.yaml"], &[]);
    run.expect_failure()
        .assert_stderr_contains("see: secret decrypt --help");
}
