//! A newcomer's rough edges: what the first mistakes print (exec without `--`, a file no
//! creation rule covers, usage errors), the mode of the `.sops.yaml` `init` writes, and
//! `git diff` through `secret decrypt --textconv` for a teammate who holds no key.

mod common;

use std::path::Path;

use common::{Run, Sandbox, Tool};

#[test]
fn exec_without_the_double_dash_says_where_it_goes() {
    let sandbox = Sandbox::new();
    sandbox.write("f", b"A=1\n");
    let run = sandbox.secret(&["exec", "f", "npm", "test"], &[]);
    run.expect_code(2)
        .assert_stderr_contains("hint: put `--` before the program: secret exec f -- npm test")
        .assert_stderr_contains("see: secret exec --help");
}

#[test]
fn a_usage_error_has_one_see_line() {
    let sandbox = Sandbox::new();
    for args in [
        &["encrypt", "--no-such-flag"][..],
        &["recipients", "add", "--no-such-flag"],
    ] {
        let run = sandbox.secret(args, &[]);
        run.expect_code(2);
        let see: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.contains("--help"))
            .collect();
        assert_eq!(
            see.len(),
            1,
            "one help pointer, not {see:?}:\n{}",
            run.stderr
        );
        let wanted = format!("see: secret {} --help", args[..args.len() - 1].join(" "));
        run.assert_stderr_contains(&wanted);
    }
}

#[test]
fn no_matching_rule_shows_the_patterns_and_the_likely_fix() {
    let sandbox = Sandbox::new();
    sandbox.write(
        ".sops.yaml",
        b"creation_rules:\n  - path_regex: \\.enc\\.(yaml|env)$\n    age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n",
    );
    sandbox.write("secrets.yaml", b"a: 1\n");
    let run = sandbox.secret(&["encrypt", "secrets.yaml"], &[]);
    run.expect_failure()
        .assert_stderr_contains("no creation rule")
        .assert_stderr_contains(r"`\.enc\.(yaml|env)$`")
        .assert_stderr_contains("rename it to secrets.enc.yaml")
        .assert_stderr_contains("--filename-override secrets.enc.yaml");
    assert!(!run.stderr.contains("without path_regex"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn init_writes_a_config_everyone_may_read() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    sandbox.secret(&["init", "--yes"], &[]).success();
    let mode = std::fs::metadata(sandbox.path(".sops.yaml"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644, "it holds no secret and is committed");
}

const GIT_ENV: [(&str, &str); 4] = [
    ("GIT_AUTHOR_NAME", "Ann"),
    ("GIT_AUTHOR_EMAIL", "ann@example.com"),
    ("GIT_COMMITTER_NAME", "Ann"),
    ("GIT_COMMITTER_EMAIL", "ann@example.com"),
];

/// `PATH` with the directory of the `secret` under test first, so that git's textconv
/// runs it by the name the README uses.
fn path_with_secret() -> String {
    let secret = common::secret().path;
    let dir = Path::new(&secret).parent().unwrap().display().to_string();
    format!("{dir}:{}", std::env::var("PATH").unwrap_or_default())
}

fn git(sandbox: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Run {
    let tool = Tool {
        name: "git",
        path: "git".into(),
    };
    let mut all: Vec<(&str, &str)> = GIT_ENV.to_vec();
    all.extend_from_slice(env);
    sandbox.run(&tool, args, &all)
}

#[test]
fn git_diff_through_textconv_shows_the_file_to_a_teammate_without_a_key() {
    if common::secret()
        .path
        .file_name()
        .is_none_or(|n| n != "secret")
    {
        eprintln!("SKIPPED: the program under test is not called `secret`");
        return;
    }
    let git_found = std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok();
    if !git_found {
        common::tools::unavailable::<()>("git is not installed");
        return;
    }
    let sandbox = Sandbox::new();
    let path = path_with_secret();
    let env = [("PATH", path.as_str())];
    git(&sandbox, &["init", "-q"], &env).success();
    // As README's "Readable diffs" says.
    sandbox.write(".gitattributes", b"*.enc.* diff=secret\n");
    git(
        &sandbox,
        &[
            "config",
            "diff.secret.textconv",
            "secret decrypt --textconv",
        ],
        &env,
    )
    .success();
    sandbox.secret(&["init", "--yes"], &[]).success();
    sandbox.write("app.enc.yaml", b"password: hunter2\n");
    sandbox
        .secret(&["encrypt", "-i", "app.enc.yaml"], &[])
        .success();
    git(&sandbox, &["add", "-A"], &env).success();
    git(&sandbox, &["commit", "-q", "-m", "one"], &env).success();
    sandbox
        .secret(&["set", "app.enc.yaml", "password", "hunter3"], &[])
        .success();

    // With the key: the values.
    let mine = git(&sandbox, &["diff", "app.enc.yaml"], &env).success();
    let text = mine.stdout_text();
    assert!(
        text.contains("-password: hunter2") && text.contains("+password: hunter3"),
        "{text}"
    );

    // Without a key (another HOME): the file as stored, a note, and success.
    let elsewhere = sandbox.path("teammate");
    std::fs::create_dir_all(elsewhere.join(".config")).unwrap();
    let home = elsewhere.display().to_string();
    let config = elsewhere.join(".config").display().to_string();
    let env = [
        ("PATH", path.as_str()),
        ("HOME", home.as_str()),
        ("XDG_CONFIG_HOME", config.as_str()),
    ];
    let theirs = git(&sandbox, &["diff", "app.enc.yaml"], &env);
    let text = theirs.stdout_text();
    assert_eq!(theirs.code, 0, "git diff failed:\n{}{text}", theirs.stderr);
    assert!(
        text.contains("# secret: no key of yours opens this file"),
        "{text}"
    );
    assert!(text.contains("password: ENC[AES256_GCM"), "{text}");
    assert!(!text.contains("hunter"), "{text}");

    // Directly: exit 0, and a file that is not encrypted is shown as it is, no note.
    sandbox.write("plain.yaml", b"a: 1\n");
    let plain = sandbox
        .run(
            &common::secret(),
            &["decrypt", "--textconv", "plain.yaml"],
            &[("HOME", home.as_str())],
        )
        .success();
    assert_eq!(plain.stdout, b"a: 1\n");
}
