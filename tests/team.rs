//! A team's everyday life: `secret recipients add` and `remove` across a repository of
//! encrypted files under two creation rules, with real git and the real sops 3.11;
//! `.sops.yaml` changed in place (only the key), every file re-keyed in one pass, new data
//! keys on removal and the exposure list from the git history; `doctor` and `recipients`
//! reporting a file that lags its rule, and `updatekeys` without a terminal.

mod common;

use std::collections::BTreeSet;

use common::{Format, K1, K2, Keys, Run, Sandbox, Tool, assert_same_data, keys, tools};

/// A `.sops.yaml` as a team writes it: comments, a blank line, one rule with keys as a
/// comma-separated string, one with a YAML list.
fn rules(prod: &str, rest: &[&str]) -> String {
    let mut text = format!(
        "# Who can read what. Reviewed by the platform team.\ncreation_rules:\n  # production: ops only\n  - path_regex: ^prod/\n    age: '{prod}'   # ops on-call\n\n  # everything else\n  - path_regex: \\.enc\\.(yaml|env)$\n    age:\n"
    );
    for (i, key) in rest.iter().enumerate() {
        let comment = if i == 0 { "   # ci" } else { "" };
        text.push_str(&format!("      - {key}{comment}\n"));
    }
    text
}

const GIT_ENV: [(&str, &str); 4] = [
    ("GIT_AUTHOR_NAME", "Ann"),
    ("GIT_AUTHOR_EMAIL", "ann@example.com"),
    ("GIT_COMMITTER_NAME", "Ann"),
    ("GIT_COMMITTER_EMAIL", "ann@example.com"),
];

fn git_tool() -> Option<Tool> {
    let found = std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        Some(Tool {
            name: "git",
            path: "git".into(),
        })
    } else {
        common::tools::unavailable("git is not installed")
    }
}

/// A git repository in a sandbox, with the test keys.
struct Repo {
    sandbox: Sandbox,
    git: Tool,
    keys: Keys,
}

impl Repo {
    fn new() -> Option<Repo> {
        let repo = Repo {
            sandbox: Sandbox::new(),
            git: git_tool()?,
            keys: keys()?,
        };
        repo.git(&["init", "-q"]);
        Some(repo)
    }

    fn git(&self, args: &[&str]) -> Run {
        self.sandbox.run(&self.git, args, &GIT_ENV).success()
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Runs secret holding only `key`'s identity.
    fn secret(&self, key: common::Key, args: &[&str]) -> Run {
        let key_file = self.keys.key_file_for(&self.sandbox, &[key]);
        self.sandbox
            .secret(args, &[("SOPS_AGE_KEY_FILE", &key_file)])
    }

    fn text(&self, name: &str) -> String {
        String::from_utf8(self.sandbox.read(name)).unwrap()
    }
}

/// The plaintext of each file, and the key paths it holds.
struct Plain {
    name: String,
    text: String,
    paths: Vec<&'static str>,
}

fn prod(n: usize) -> Plain {
    Plain {
        name: format!("prod/s{n:02}.enc.yaml"),
        text: format!(
            "# service {n}\ndb:\n  user: app{n}\n  password: p{n}-secret\napi_token: t{n}-token\n"
        ),
        paths: vec!["db.user", "db.password", "api_token"],
    }
}

fn dev_env(n: usize) -> Plain {
    Plain {
        name: format!("dev/e{n:02}.enc.env"),
        text: format!("DB_PASSWORD=d{n}-secret\nAPI_TOKEN=e{n}-token\n"),
        paths: vec!["DB_PASSWORD", "API_TOKEN"],
    }
}

fn dev_yaml(n: usize) -> Plain {
    Plain {
        name: format!("dev/y{n:02}.enc.yaml"),
        text: format!("token: y{n}-token\nlist:\n  - a{n}\n  - b{n}\n"),
        paths: vec!["token", "list[0]", "list[1]"],
    }
}

/// The first value line's `ENC[…]` (not the MAC, not an encrypted comment), by line.
fn first_value(text: &str) -> (usize, String) {
    text.lines()
        .enumerate()
        .find_map(|(index, line)| {
            let at = line.find("ENC[AES256_GCM")?;
            let value_line =
                !line.trim_start().starts_with("mac:") && !line[..at].trim_end().ends_with('#');
            value_line.then(|| {
                let end = line[at..].find(']').unwrap() + at + 1;
                (index, line[at..end].to_string())
            })
        })
        .expect("an encrypted value")
}

/// `new` with its first value's ciphertext taken from `old` (same path, so same AAD): it
/// authenticates only if both are under the same data key.
fn with_old_ciphertext(old: &str, new: &str) -> String {
    let (line, old_value) = first_value(old);
    let (new_line, new_value) = first_value(new);
    assert_eq!(line, new_line, "the layout moved");
    new.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == line {
                l.replace(&new_value, &old_value)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The exposure list printed last by `recipients remove`: (file, path, note).
fn exposure_of(stdout: &str) -> BTreeSet<(String, String, String)> {
    let mut lines = stdout.lines().skip_while(|l| !l.contains(" could read "));
    lines.next().expect("an exposure list");
    let mut found = BTreeSet::new();
    let mut file = String::new();
    let mut file_note = String::new();
    let split = |line: &str| match line.trim().split_once("   (") {
        Some((name, note)) => (name.to_string(), note.trim_end_matches(')').to_string()),
        None => (line.trim().to_string(), String::new()),
    };
    for line in lines {
        if let Some(path_line) = line.strip_prefix("    ") {
            let (path, note) = split(path_line);
            let note = if note.is_empty() {
                file_note.clone()
            } else {
                note
            };
            found.insert((file.clone(), path, note));
        } else if line.starts_with("  ") {
            (file, file_note) = split(line);
        } else {
            break;
        }
    }
    found
}

#[test]
fn a_teammate_joins_and_leaves_twenty_files_across_two_rules() {
    let (Some(repo), Some(tools)) = (Repo::new(), tools()) else {
        return;
    };
    let sops = tools.sops;
    let (k1, k2) = (K1.recipient(), K2.recipient());
    let before_add = rules(k1, &[k1]);
    repo.sandbox.write(".sops.yaml", before_add.as_bytes());

    // Commit 1: 19 of the 20 files, and one that is deleted later.
    let mut files: Vec<Plain> = (0..10).map(prod).collect();
    files.extend((0..5).map(dev_env));
    files.extend((0..5).map(dev_yaml));
    let mut with_old_token = files.remove(0);
    with_old_token.text.push_str("old_token: legacy-value\n");
    files.insert(0, with_old_token);
    let legacy = Plain {
        name: "legacy.enc.yaml".into(),
        text: "legacy_key: zzz-secret\n".into(),
        paths: vec!["legacy_key"],
    };
    for file in files.iter().take(19).chain([&legacy]) {
        repo.sandbox.write(&file.name, file.text.as_bytes());
        repo.secret(K1, &["encrypt", "-i", &file.name]).success();
    }
    repo.commit("secrets");
    // Commit 2: the twentieth file.
    let last = &files[19];
    repo.sandbox.write(&last.name, last.text.as_bytes());
    repo.secret(K1, &["encrypt", "-i", &last.name]).success();
    repo.commit("one more service");
    // Commit 3: a value deleted (still in the history).
    repo.secret(K1, &["unset", "prod/s00.enc.yaml", "old_token"])
        .success();
    repo.commit("drop the old token");
    // Commit 4: a value added.
    repo.secret(K1, &["set", "dev/y01.enc.yaml", "new.key", "n-secret"])
        .success();
    repo.commit("new key");
    // Commit 5: a file deleted (still in the history).
    repo.git(&["rm", "-q", "legacy.enc.yaml"]);
    repo.commit("drop legacy");

    // --- add: only the key appears in .sops.yaml; K2 opens every file, with both tools.
    let add = repo.secret(K1, &["recipients", "add", k2]).success();
    assert!(
        add.stdout_text().contains("re-keying 20 files"),
        "{}",
        add.stdout_text()
    );
    let after_add = rules(&format!("{k1},{k2}"), &[k1, k2]);
    assert_eq!(repo.text(".sops.yaml"), after_add, "only the key is added");
    let diff = repo
        .git(&["diff", "--numstat", "--", ".sops.yaml"])
        .stdout_text();
    assert_eq!(
        diff.trim(),
        "2\t1\t.sops.yaml",
        "one line changed, one added"
    );
    let k2_file = repo.keys.key_file_for(&repo.sandbox, &[K2]);
    let k2_env = [("SOPS_AGE_KEY_FILE", k2_file.as_str())];
    let mut decrypted = Vec::new();
    for file in &files {
        let ours = repo.secret(K2, &["decrypt", &file.name]).success();
        let theirs = repo
            .sandbox
            .run(&sops, &["decrypt", &file.name], &k2_env)
            .success();
        let format = Format::of(&file.name);
        assert_same_data(format, &ours.stdout, &theirs.stdout, &file.name);
        decrypted.push(ours.stdout);
    }
    // sops reads the changed .sops.yaml: a new file gets both keys, through each rule.
    for name in ["prod/new.enc.yaml", "dev/new.enc.yaml"] {
        repo.sandbox.write(name, b"x: 1\n");
        let run = repo.sandbox.run(&sops, &["encrypt", name], &[]).success();
        let text = run.stdout_text();
        assert!(
            text.contains(k1) && text.contains(k2),
            "sops, {name}:\n{text}"
        );
        std::fs::remove_file(repo.sandbox.path(name)).unwrap();
    }
    // Nothing lags now.
    let doctor = repo.secret(K1, &["doctor"]);
    assert!(
        !doctor.stdout_text().contains("lags"),
        "{}",
        doctor.stdout_text()
    );
    // Not committed: the history stays at five commits (the working tree is read too).
    let before_remove: Vec<String> = files.iter().map(|f| repo.text(&f.name)).collect();

    // The data key did not change on add: an old ciphertext still authenticates.
    let spliced = with_old_ciphertext(&before_remove[1], &repo.text(&files[1].name));
    repo.sandbox.write("control.enc.yaml", spliced.as_bytes());
    repo.secret(K2, &["decrypt", "--ignore-mac", "control.enc.yaml"])
        .success();
    std::fs::remove_file(repo.sandbox.path("control.enc.yaml")).unwrap();

    // --- remove K1 (by the remaining key holder).
    let remove = repo.secret(K2, &["recipients", "remove", k1]).success();
    let out = remove.stdout_text();
    assert!(out.contains("each with a new data key"), "{out}");
    assert!(out.contains("in 5 commits"), "{out}");
    // K1's line goes, with its comment.
    let after_remove = rules(k2, &[]) + &format!("      - {k2}\n");
    assert_eq!(
        repo.text(".sops.yaml"),
        after_remove,
        "only the key is removed"
    );
    let k1_file = repo.keys.key_file_for(&repo.sandbox, &[K1]);
    let k1_env = [("SOPS_AGE_KEY_FILE", k1_file.as_str())];
    for (index, file) in files.iter().enumerate() {
        repo.secret(K1, &["decrypt", &file.name]).expect_code(128);
        repo.sandbox
            .run(&sops, &["decrypt", &file.name], &k1_env)
            .expect_code(128);
        let now = repo.secret(K2, &["decrypt", &file.name]).success();
        assert_eq!(
            now.stdout, decrypted[index],
            "{}: same plaintext",
            file.name
        );
        let theirs = repo
            .sandbox
            .run(&sops, &["decrypt", &file.name], &k2_env)
            .success();
        assert_same_data(
            Format::of(&file.name),
            &now.stdout,
            &theirs.stdout,
            &file.name,
        );
        // A new data key: the old ciphertext no longer authenticates.
        let spliced = with_old_ciphertext(&before_remove[index], &repo.text(&file.name));
        let probe = format!("probe-{index}.{}", file.name.rsplit('.').next().unwrap());
        repo.sandbox.write(&probe, spliced.as_bytes());
        repo.secret(K2, &["decrypt", "--ignore-mac", &probe])
            .expect_code(25);
        std::fs::remove_file(repo.sandbox.path(&probe)).unwrap();
    }

    // The exposure list: every path K1 could read, in any commit.
    let mut expected = BTreeSet::new();
    for file in &files {
        for path in &file.paths {
            expected.insert((file.name.clone(), path.to_string(), String::new()));
        }
    }
    expected.insert(("dev/y01.enc.yaml".into(), "new.key".into(), String::new()));
    expected.insert((
        "prod/s00.enc.yaml".into(),
        "old_token".into(),
        "no longer in the file; still in the history".into(),
    ));
    expected.insert((
        "legacy.enc.yaml".into(),
        "legacy_key".into(),
        "deleted; still in the history".into(),
    ));
    assert_eq!(exposure_of(&out), expected, "{out}");
}

#[test]
fn a_lagging_file_is_reported_with_its_fix_and_updatekeys_needs_a_yes_without_a_terminal() {
    let Some(repo) = Repo::new() else {
        return;
    };
    let (k1, k2) = (K1.recipient(), K2.recipient());
    repo.sandbox
        .write(".sops.yaml", rules(k1, &[k1]).as_bytes());
    repo.sandbox.write("app.enc.yaml", b"password: hunter2\n");
    repo.secret(K1, &["encrypt", "-i", "app.enc.yaml"])
        .success();
    // Someone adds K2 to the rule by hand, and re-keys nothing.
    repo.sandbox
        .write(".sops.yaml", rules(k1, &[k1, k2]).as_bytes());
    let fix = "secret updatekeys --yes app.enc.yaml";

    let shown = repo.secret(K1, &["recipients", "app.enc.yaml"]).success();
    let text = shown.stdout_text();
    assert!(
        text.contains("lags its creation rule") && text.contains(&format!("+ {k2}")),
        "{text}"
    );
    assert!(text.contains(fix), "{text}");
    let doctor = repo.secret(K1, &["doctor"]);
    doctor.expect_code(1);
    let text = doctor.stdout_text();
    assert!(
        text.contains("app.enc.yaml lags its creation rule"),
        "{text}"
    );
    assert!(text.contains(&format!("fix: {fix}")), "{text}");

    let before = repo.sandbox.read("app.enc.yaml");
    let refused = repo.secret(K1, &["updatekeys", "app.enc.yaml"]);
    refused
        .expect_code(9)
        .assert_stderr_contains("no terminal to confirm it on")
        .assert_stderr_contains("--yes");
    assert_eq!(repo.sandbox.read("app.enc.yaml"), before, "nothing written");

    repo.secret(K1, &["updatekeys", "--yes", "app.enc.yaml"])
        .success();
    let shown = repo
        .secret(K1, &["recipients", "show", "app.enc.yaml"])
        .success();
    assert!(
        !shown.stdout_text().contains("lags"),
        "{}",
        shown.stdout_text()
    );
    repo.secret(K2, &["decrypt", "app.enc.yaml"]).success();
}

#[test]
fn names_stand_for_keys_and_dry_runs_change_nothing() {
    let Some(repo) = Repo::new() else {
        return;
    };
    let (k1, k2) = (K1.recipient(), K2.recipient());
    repo.sandbox
        .write(".sops.yaml", rules(k1, &[k1]).as_bytes());
    repo.sandbox.write("app.enc.yaml", b"password: hunter2\n");
    repo.secret(K1, &["encrypt", "-i", "app.enc.yaml"])
        .success();
    let config = repo.text(".sops.yaml");
    let file = repo.sandbox.read("app.enc.yaml");

    let dry = repo
        .secret(K1, &["recipients", "add", k2, "--name", "bob", "--dry-run"])
        .success();
    assert!(
        dry.stdout_text().contains("dry run"),
        "{}",
        dry.stdout_text()
    );
    assert_eq!(repo.text(".sops.yaml"), config);
    assert_eq!(repo.sandbox.read("app.enc.yaml"), file);

    repo.secret(
        K1,
        &["recipients", "add", k2, "--name", "bob", "--rule", "1"],
    )
    .success();
    let named = repo.text(".sops.yaml");
    assert!(
        named.ends_with(&format!("secret:\n  names:\n    {k2}: bob\n")),
        "{named}"
    );
    assert!(
        named.contains(&format!("age: '{k1}'")),
        "rule 0 unchanged:\n{named}"
    );
    let shown = repo.secret(K1, &["recipients", "app.enc.yaml"]).success();
    assert!(
        shown.stdout_text().contains(&format!("{k2} (bob)")),
        "{}",
        shown.stdout_text()
    );

    let dry = repo
        .secret(K1, &["recipients", "remove", "bob", "--dry-run"])
        .success();
    assert!(
        dry.stdout_text().contains("could read"),
        "{}",
        dry.stdout_text()
    );
    assert_eq!(repo.text(".sops.yaml"), named);

    repo.secret(K1, &["recipients", "remove", "bob"]).success();
    assert_eq!(
        repo.text(".sops.yaml"),
        config,
        "the name goes with the key"
    );
    repo.secret(K2, &["decrypt", "app.enc.yaml"])
        .expect_code(128);

    // Mistakes are usage errors that change nothing.
    repo.secret(K1, &["recipients", "remove", "carol"])
        .expect_code(1)
        .assert_stderr_contains("no key is named `carol`");
    repo.secret(K1, &["recipients", "remove", k1])
        .expect_failure()
        .assert_stderr_contains("without keys");
    repo.secret(K1, &["recipients", "add", "age1nope"])
        .expect_code(1)
        .assert_stderr_contains("is not an age recipient");
    assert_eq!(repo.text(".sops.yaml"), config);
}
