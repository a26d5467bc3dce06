//! `secret check`, the pre-commit hook `secret git setup` installs (chained with a hook
//! already there, in `core.hooksPath`), the same check through the pre-commit framework
//! (PyPI `pre-commit`, with this repository's .pre-commit-hooks.yaml), `--uninstall`, and
//! textconv: a plaintext file a rule covers and a file with one value in clear are
//! refused, an encrypted file passes, drift from .sops.yaml is reported apart.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::repo::{Repo, pre_commit};
use common::tools::manifest_dir;
use common::*;

const PLAIN: &str = "db:\n  user: app\n  password: hunter2-secret\n";

/// The encrypted file with one value's envelope replaced by its plaintext.
fn with_one_value_in_clear(repo: &Repo, name: &str) {
    let text = String::from_utf8(repo.sandbox.read(name)).unwrap();
    let line = repo.line_with(name, "password:");
    let clear = format!(
        "{}password: hunter2-secret",
        &line[..line.find("password:").unwrap()]
    );
    repo.sandbox
        .write(name, text.replace(&line, &clear).as_bytes());
}

#[test]
fn the_hook_refuses_plaintext_and_values_in_clear_and_passes_encrypted_files() {
    let Some(keys) = keys() else {
        return;
    };
    let repo = Repo::new(keys, &[K1], &[K1]);

    // A plaintext file the rule covers.
    repo.sandbox.write("app.enc.yaml", PLAIN.as_bytes());
    repo.git(&["add", "app.enc.yaml"]).success();
    let refused = repo.git(&["commit", "-q", "-m", "plaintext"]);
    refused.expect_failure();
    let said = format!("{}{}", refused.stdout_text(), refused.stderr);
    assert!(said.contains("app.enc.yaml: is not encrypted"), "{said}");
    assert!(!said.contains("hunter2"), "the value was shown:\n{said}");

    // Encrypted: it passes.
    repo.secret(&["encrypt", "-i", "app.enc.yaml"]).success();
    repo.git(&["add", "app.enc.yaml"]).success();
    repo.git(&["commit", "-q", "-m", "encrypted"]).success();

    // One value in clear.
    with_one_value_in_clear(&repo, "app.enc.yaml");
    repo.git(&["add", "app.enc.yaml"]).success();
    let refused = repo.git(&["commit", "-q", "-m", "half"]);
    refused.expect_failure();
    let said = format!("{}{}", refused.stdout_text(), refused.stderr);
    assert!(
        said.contains("app.enc.yaml: db.password (line 3): value in clear"),
        "{said}"
    );
    assert!(!said.contains("hunter2"), "the value was shown:\n{said}");

    // A file no rule covers is none of its business.
    repo.git(&["checkout", "HEAD", "--", "app.enc.yaml"])
        .success();
    repo.sandbox
        .write("README.md", b"password: hunter2-secret\n");
    repo.git(&["add", "README.md"]).success();
    repo.git(&["commit", "-q", "-m", "readme"]).success();
}

#[test]
fn check_names_each_problem_with_exit_codes_for_ci() {
    let Some(keys) = keys() else {
        return;
    };
    let repo = Repo::new(keys, &[K1], &[K1]);
    repo.add_encrypted("good.enc.yaml", PLAIN);
    repo.add_encrypted("half.enc.yaml", PLAIN);
    repo.commit("files");
    repo.secret(&["check"]).success();

    with_one_value_in_clear(&repo, "half.enc.yaml");
    repo.sandbox
        .write("plain.enc.json", b"{\"token\": \"abc123-secret\"}\n");
    repo.sandbox.write(
        "merged.enc.env",
        b"<<<<<<< HEAD\nA=1\n=======\nA=2\n>>>>>>> theirs\n",
    );
    let good = String::from_utf8(repo.sandbox.read("good.enc.yaml")).unwrap();
    let mac = repo.line_with("good.enc.yaml", "mac:");
    repo.sandbox.write(
        "nomac.enc.yaml",
        good.replace(&mac, "    mac: \"\"").as_bytes(),
    );
    let run = repo.secret(&["check", "--json"]);
    run.expect_code(1);
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let problems: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["problem"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for want in [
        ("half.enc.yaml", "clear-value"),
        ("plain.enc.json", "plaintext"),
        ("merged.enc.env", "unmerged"),
        ("nomac.enc.yaml", "no-mac"),
    ] {
        assert!(
            problems.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} not in {problems:?}"
        );
    }
    assert!(
        !problems.iter().any(|(f, _)| f == "good.enc.yaml"),
        "{problems:?}"
    );
    assert!(!String::from_utf8_lossy(&run.stdout).contains("hunter2"));

    // Only the named paths.
    repo.secret(&["check", "good.enc.yaml"]).success();
    repo.secret(&["check", "plain.enc.json"]).expect_code(1);
}

#[test]
fn drift_from_sops_yaml_is_reported_apart() {
    let Some(keys) = keys() else {
        return;
    };
    let repo = Repo::new(keys, &[K1], &[K1]);
    repo.add_encrypted("app.enc.yaml", PLAIN);
    repo.commit("file");
    repo.write_rules(&[K1, K2]);
    let run = repo.secret(&["check"]);
    run.expect_code(10);
    let out = run.stdout_text();
    assert!(out.contains("recipients differ from .sops.yaml"), "{out}");
    assert!(out.contains(&format!("+{}", K2.recipient())), "{out}");
    assert!(out.contains("updatekeys"), "{out}");
    repo.secret(&["check", "--allow-drift"]).success();
    // The hook reports drift but lets the commit through.
    repo.git(&["add", ".sops.yaml"]).success();
    repo.git(&["commit", "-q", "-m", "K2 joins"]).success();
    repo.secret(&["updatekeys", "--yes", "app.enc.yaml"])
        .success();
    repo.secret(&["check"]).success();
}

#[test]
fn staged_checks_the_index_and_no_key_is_needed() {
    let Some(keys) = keys() else {
        return;
    };
    let repo = Repo::new(keys, &[K1], &[K1]);
    repo.add_encrypted("app.enc.yaml", PLAIN);
    repo.commit("file");
    // The working tree decrypted in place (not staged): the index is still encrypted.
    repo.secret(&["decrypt", "-i", "app.enc.yaml"]).success();
    repo.secret(&["check", "--staged"]).success();
    repo.secret(&["check"]).expect_code(1);

    // Without any key (as in CI), the same verdicts, and a note that merge conflicts were
    // not looked for.
    let nobody = [("SOPS_AGE_KEY_FILE", "/nonexistent")];
    repo.secret_with(&["check", "--staged"], &nobody)
        .success()
        .assert_stderr_contains("no age key");
    repo.secret_with(&["check"], &nobody).expect_code(1);
    repo.git(&["add", "app.enc.yaml"]).success();
    repo.secret_with(&["check", "--staged"], &nobody)
        .expect_code(1);
}

#[test]
fn setup_chains_an_existing_hook_in_core_hooks_path_and_uninstall_restores_it() {
    let Some(keys) = keys() else {
        return;
    };
    let repo = Repo::new(keys, &[K1], &[K1]);
    repo.secret(&["git", "setup", "--uninstall"]).success();
    assert!(!repo.sandbox.exists(".gitattributes"));
    assert!(!repo.sandbox.exists(".git/hooks/pre-commit"));
    assert!(
        !repo
            .git(&["config", "--list"])
            .success()
            .stdout_text()
            .contains("secret")
    );

    repo.git(&["config", "core.hooksPath", "githooks"])
        .success();
    let ran = repo.sandbox.path("previous-hook-ran");
    let previous = format!(
        "#!/bin/sh\ntouch '{}'\nexit ${{PREVIOUS_HOOK_EXIT:-0}}\n",
        ran.display()
    );
    let hook = repo
        .sandbox
        .write("githooks/pre-commit", previous.as_bytes());
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();

    repo.secret(&["git", "setup"]).success();
    let installed = String::from_utf8(repo.sandbox.read("githooks/pre-commit")).unwrap();
    assert!(installed.contains("check --staged"), "{installed}");
    assert_eq!(
        String::from_utf8(repo.sandbox.read("githooks/pre-commit.before-secret")).unwrap(),
        previous
    );

    // Both hooks run; either refuses.
    repo.sandbox.write("app.enc.yaml", PLAIN.as_bytes());
    repo.git(&["add", "app.enc.yaml"]).success();
    repo.git(&["commit", "-q", "-m", "plaintext"])
        .expect_failure();
    assert!(ran.exists(), "the previous hook did not run");
    repo.secret(&["encrypt", "-i", "app.enc.yaml"]).success();
    repo.git(&["add", "app.enc.yaml"]).success();
    let stopped = repo.git_with(&["commit", "-q", "-m", "x"], &[("PREVIOUS_HOOK_EXIT", "3")]);
    assert_ne!(
        stopped.code, 0,
        "the previous hook's failure stops the commit"
    );
    repo.git(&["commit", "-q", "-m", "encrypted"]).success();

    // Running setup again keeps one copy of everything.
    repo.secret(&["git", "setup"]).success();
    let attributes = String::from_utf8(repo.sandbox.read(".gitattributes")).unwrap();
    assert_eq!(
        attributes.matches("secret git setup").count(),
        2,
        "{attributes}"
    );
    assert_eq!(
        String::from_utf8(repo.sandbox.read("githooks/pre-commit.before-secret")).unwrap(),
        previous
    );

    repo.secret(&["git", "setup", "--uninstall"]).success();
    assert_eq!(
        String::from_utf8(repo.sandbox.read("githooks/pre-commit")).unwrap(),
        previous
    );
    assert!(!repo.sandbox.exists("githooks/pre-commit.before-secret"));
}

#[test]
fn the_pre_commit_framework_runs_the_same_check() {
    let (Some(pre_commit), Some(keys)) = (pre_commit(), keys()) else {
        return;
    };
    let repo = Repo::new(keys, &[K1], &[K1]);
    repo.secret(&["git", "setup", "--uninstall"]).success();

    // This repository's hook definitions, in a repository pre-commit clones.
    let hooks_repo = repo.sandbox.path("hooks-repo");
    std::fs::create_dir_all(&hooks_repo).unwrap();
    std::fs::copy(
        manifest_dir().join(".pre-commit-hooks.yaml"),
        hooks_repo.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let in_hooks = |args: &[&str]| {
        let mut all = vec!["-C", "hooks-repo"];
        all.extend_from_slice(args);
        repo.git(&all).success()
    };
    in_hooks(&["init", "-q"]);
    in_hooks(&["add", "."]);
    in_hooks(&["commit", "-q", "-m", "hooks"]);
    let rev = in_hooks(&["rev-parse", "HEAD"]).stdout_text();
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: secret-check\n",
        hooks_repo.display(),
        rev.trim()
    );
    repo.sandbox
        .write(".pre-commit-config.yaml", config.as_bytes());
    repo.git(&["add", ".pre-commit-config.yaml"]).success();

    // `language: system`: secret from PATH.
    let secret_dir = secret().path.parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        secret_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let cache = repo.sandbox.path("pre-commit-cache");
    let env = [
        ("PATH", path.as_str()),
        ("PRE_COMMIT_HOME", cache.to_str().unwrap()),
    ];
    let mut install_env = repo.env();
    install_env.extend_from_slice(&env);
    repo.sandbox
        .run(&pre_commit, &["install"], &install_env)
        .success();

    repo.sandbox.write("app.enc.yaml", PLAIN.as_bytes());
    repo.git(&["add", "app.enc.yaml"]).success();
    let refused = repo.git_with(&["commit", "-q", "-m", "plaintext"], &env);
    refused.expect_failure();
    let said = format!("{}{}", refused.stdout_text(), refused.stderr);
    assert!(said.contains("app.enc.yaml: is not encrypted"), "{said}");

    repo.secret(&["encrypt", "-i", "app.enc.yaml"]).success();
    repo.git(&["add", "app.enc.yaml"]).success();
    let passed = repo.git_with(&["commit", "-q", "-m", "encrypted"], &env);
    assert_eq!(
        passed.code,
        0,
        "{}\n{}",
        passed.stdout_text(),
        passed.stderr
    );
}

#[test]
fn textconv_shows_plaintext_and_without_a_key_the_file_with_a_note() {
    let Some(keys) = keys() else {
        return;
    };
    let repo = Repo::new(keys, &[K1], &[K1]);
    repo.add_encrypted("app.enc.yaml", PLAIN);
    repo.commit("file");
    repo.secret(&["set", "app.enc.yaml", "db.password", "changed-secret"])
        .success();
    let diff = repo.git(&["diff"]).success().stdout_text();
    assert!(diff.contains("-  password: hunter2-secret"), "{diff}");
    assert!(diff.contains("+  password: changed-secret"), "{diff}");

    let nobody = [("SOPS_AGE_KEY_FILE", "/nonexistent")];
    let diff = repo.git_with(&["diff"], &nobody).success();
    let text = diff.stdout_text();
    assert!(text.contains("+  password: ENC[AES256_GCM"), "{text}");
    assert!(!text.contains("changed-secret"));
    assert!(
        text.contains("# secret: no key of yours opens this file"),
        "the note says why it is shown encrypted:\n{text}"
    );
}

#[test]
fn setup_reads_every_sops_yaml_of_the_repository() {
    let Some(keys) = keys() else {
        return;
    };
    let repo = Repo::new(keys, &[K1], &[K1]);
    repo.sandbox.write(
        "services/api/.sops.yaml",
        format!(
            "creation_rules:\n  - path_regex: '^config/.*\\.json$'\n    age: '{}'\n",
            K2.recipient()
        )
        .as_bytes(),
    );
    repo.secret(&["git", "setup"]).success();
    let attributes = String::from_utf8(repo.sandbox.read(".gitattributes")).unwrap();
    assert!(
        attributes.contains("/services/api/config/**/*.json diff=secret merge=secret"),
        "{attributes}"
    );
    let attr = repo
        .git(&[
            "check-attr",
            "merge",
            "--",
            "services/api/config/x/y.json",
            "services/y.json",
        ])
        .success()
        .stdout_text();
    assert!(
        attr.contains("services/api/config/x/y.json: merge: secret"),
        "{attr}"
    );
    assert!(
        attr.contains("services/y.json: merge: unspecified"),
        "{attr}"
    );
}
