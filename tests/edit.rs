//! `secret edit`, `rotate` and `updatekeys`: minimal diffs, no plaintext left behind,
//! nothing written on an unchanged or aborted edit, and files sops still reads. The editor
//! is a command that edits the file it is given (`sed -i …`, or a small shell script).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// A YAML file of 50 values with comments, in two maps.
fn fifty_values() -> String {
    let mut text = String::from("# Service configuration\nservice:\n");
    for i in 0..25 {
        text.push_str(&format!("  key{i:02}: value-{i:02}-service  # note {i}\n"));
    }
    text.push_str("\n# Database\ndatabase:\n");
    for i in 25..50 {
        text.push_str(&format!("  key{i:02}: 'value-{i:02}-db'\n"));
    }
    text
}

/// A sandbox holding `name` encrypted for key1 and key2, committed to a git repository,
/// with the environment to run `secret` as key1's owner.
struct Project {
    sandbox: Sandbox,
    key_file: String,
    run_dir: String,
}

impl Project {
    fn new(name: &str, plaintext: &str) -> Option<Project> {
        let keys = keys()?;
        let sandbox = Sandbox::new();
        sandbox.write(name, plaintext.as_bytes());
        let recipients = keys::recipients_arg(&[K1, K2]);
        sandbox
            .secret(&["encrypt", "-i", "--age", &recipients, name], &[])
            .success();
        let key_file = keys.key_file_for(&sandbox, &[K1]);
        std::fs::create_dir_all(sandbox.path("run")).unwrap();
        let run_dir = sandbox.path("run").to_string_lossy().into_owned();
        let project = Project {
            sandbox,
            key_file,
            run_dir,
        };
        project.git(&["init", "-q"]);
        project.git(&["add", name]);
        project.git(&[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-qm",
            "init",
        ]);
        Some(project)
    }

    fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .args(args)
            .current_dir(self.sandbox.root())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs `secret` with key1 and `editor` as the editor; temporary files go to `run/`.
    fn secret(&self, args: &[&str], editor: &str) -> Run {
        let env = [
            ("SOPS_AGE_KEY_FILE", self.key_file.as_str()),
            ("EDITOR", editor),
            ("XDG_RUNTIME_DIR", self.run_dir.as_str()),
            ("TMPDIR", self.run_dir.as_str()),
        ];
        self.sandbox.secret(args, &env)
    }

    /// The lines `git diff` shows as removed or added.
    fn changed_lines(&self) -> Vec<String> {
        self.git(&["diff", "-U0"])
            .lines()
            .filter(|l| {
                (l.starts_with('+') || l.starts_with('-'))
                    && !l.starts_with("+++")
                    && !l.starts_with("---")
            })
            .map(str::to_string)
            .collect()
    }

    fn assert_no_temporary_files_left(&self) {
        let left: Vec<_> = std::fs::read_dir(&self.run_dir).unwrap().collect();
        assert!(left.is_empty(), "temporary files left behind: {left:?}");
    }
}

fn lines_mentioning<'a>(lines: &'a [String], needle: &str) -> Vec<&'a String> {
    lines.iter().filter(|l| l.contains(needle)).collect()
}

#[test]
fn editing_one_value_changes_three_lines() {
    let Some(project) = Project::new("app.enc.yaml", &fifty_values()) else {
        return;
    };
    // lastmodified has whole seconds: let it change.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    project
        .secret(
            &["edit", "app.enc.yaml"],
            "sed -i s/value-17-service/edited-value/",
        )
        .success();
    let changed = project.changed_lines();
    assert_eq!(
        changed.len(),
        6,
        "three lines out, three in:\n{}",
        changed.join("\n")
    );
    assert_eq!(lines_mentioning(&changed, "key17:").len(), 2);
    assert_eq!(lines_mentioning(&changed, "lastmodified:").len(), 2);
    assert_eq!(lines_mentioning(&changed, "mac:").len(), 2);
    project.assert_no_temporary_files_left();
}

#[test]
fn sops_decrypts_what_edit_wrote() {
    let (Some(project), Some(sops), Some(keys)) = (
        Project::new("app.enc.yaml", &fifty_values()),
        sops(),
        keys(),
    ) else {
        return;
    };
    project
        .secret(&["edit", "app.enc.yaml"], "sed -i s/value-30-db/edited/")
        .success();
    let expected = fifty_values().replace("value-30-db", "edited");
    let run = project.sandbox.run(
        &sops,
        &["decrypt", "app.enc.yaml"],
        &[("SOPS_AGE_KEY_FILE", &project.key_file)],
    );
    assert_same_data(
        Format::Yaml,
        expected.as_bytes(),
        &run.success().stdout,
        "sops after secret edit",
    );
    drop(keys);
}

#[test]
fn secret_edits_a_file_sops_wrote() {
    let (Some(sops), Some(keys)) = (sops(), keys()) else {
        return;
    };
    let sandbox = Sandbox::new();
    sandbox.write("s.yaml", b"a: one\nb: two\n");
    sandbox
        .run(
            &sops,
            &[
                "encrypt",
                "--age",
                K1.recipient(),
                "--output",
                "s.enc.yaml",
                "s.yaml",
            ],
            &[],
        )
        .success();
    let key_file = keys.key_file_for(&sandbox, &[K1]);
    let env = [
        ("SOPS_AGE_KEY_FILE", key_file.as_str()),
        ("EDITOR", "sed -i s/two/three/"),
    ];
    sandbox.secret(&["edit", "s.enc.yaml"], &env).success();
    let run = sandbox.run(
        &sops,
        &["decrypt", "s.enc.yaml"],
        &[("SOPS_AGE_KEY_FILE", &key_file)],
    );
    assert_same_data(
        Format::Yaml,
        b"a: one\nb: three\n",
        &run.success().stdout,
        "sops after editing its file",
    );
}

#[test]
fn an_unchanged_edit_touches_nothing() {
    let Some(project) = Project::new("app.enc.yaml", &fifty_values()) else {
        return;
    };
    let path = project.sandbox.path("app.enc.yaml");
    let before = (std::fs::read(&path).unwrap(), modified(&path));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let run = project.secret(&["edit", "app.enc.yaml"], "true").success();
    assert!(run.stderr.contains("unchanged"), "{}", run.stderr);
    assert_eq!((std::fs::read(&path).unwrap(), modified(&path)), before);
    project.assert_no_temporary_files_left();
}

#[test]
fn an_invalid_edit_without_a_terminal_aborts_and_touches_nothing() {
    let Some(project) = Project::new("app.enc.yaml", &fifty_values()) else {
        return;
    };
    let path = project.sandbox.path("app.enc.yaml");
    let before = std::fs::read(&path).unwrap();
    let run = project.secret(
        &["edit", "app.enc.yaml"],
        "sh -c 'printf \"a: [unclosed\\n\" > \"$1\"' editor",
    );
    run.expect_failure();
    run.assert_stderr_contains("1:");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    project.assert_no_temporary_files_left();
}

#[test]
fn a_killed_editor_leaves_no_plaintext_and_the_file_as_it_was() {
    let Some(project) = Project::new("app.enc.yaml", &fifty_values()) else {
        return;
    };
    let before = project.sandbox.read("app.enc.yaml");
    let run = project.secret(&["edit", "app.enc.yaml"], "sh -c 'kill -9 $$' editor");
    run.expect_failure();
    assert_eq!(project.sandbox.read("app.enc.yaml"), before);
    project.assert_no_temporary_files_left();
}

#[test]
fn the_editor_sees_a_private_file() {
    let Some(project) = Project::new("app.enc.yaml", &fifty_values()) else {
        return;
    };
    let record = project.sandbox.path("modes").to_string_lossy().into_owned();
    let editor = format!("sh -c 'stat -c %a \"$1\" \"$(dirname \"$1\")\" > {record}' editor");
    project.secret(&["edit", "app.enc.yaml"], &editor).success();
    assert_eq!(std::fs::read_to_string(&record).unwrap(), "600\n700\n");
}

#[test]
fn a_file_changed_during_the_edit_is_not_overwritten() {
    let Some(project) = Project::new("app.enc.yaml", &fifty_values()) else {
        return;
    };
    let original = project
        .sandbox
        .path("app.enc.yaml")
        .to_string_lossy()
        .into_owned();
    let editor =
        format!("sh -c 'sed -i s/value-01/mine/ \"$1\" && echo \"# theirs\" >> {original}' editor");
    let run = project.secret(&["edit", "app.enc.yaml"], &editor);
    run.expect_failure();
    run.assert_stderr_contains("changed on disk");
    let aside: Vec<String> = std::fs::read_dir(project.sandbox.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".conflict-"))
        .collect();
    assert_eq!(aside.len(), 1, "one encrypted copy of the user's version");
    let saved = project.secret(&["decrypt", &aside[0]], "true").success();
    assert!(saved.stdout_text().contains("mine"));
    assert!(
        project
            .sandbox
            .read("app.enc.yaml")
            .ends_with(b"# theirs\n")
    );
    project.assert_no_temporary_files_left();
}

#[test]
fn a_new_file_gets_the_recipients_of_its_creation_rule() {
    let Some(keys) = keys() else { return };
    let sandbox = Sandbox::new();
    sandbox.write(
        ".sops.yaml",
        format!("creation_rules:\n  - age: {}\n", K2.recipient()).as_bytes(),
    );
    let editor = "sh -c 'printf \"token: abc123\\n\" > \"$1\"' editor";
    sandbox
        .secret(&["edit", "new.enc.yaml"], &[("EDITOR", editor)])
        .success();
    let key_file = keys.key_file_for(&sandbox, &[K2]);
    let run = sandbox
        .secret(
            &["decrypt", "new.enc.yaml"],
            &[("SOPS_AGE_KEY_FILE", &key_file)],
        )
        .success();
    assert_eq!(run.stdout_text(), "token: abc123\n");
}

#[test]
fn rotate_changes_the_data_key_and_keeps_the_plaintext() {
    let (Some(project), Some(sops)) = (Project::new("app.enc.yaml", &fifty_values()), sops())
    else {
        return;
    };
    let before = project.sandbox.read("app.enc.yaml");
    project
        .secret(&["rotate", "app.enc.yaml"], "true")
        .success();
    let after = project.sandbox.read("app.enc.yaml");
    assert_ne!(
        wrapped_keys(&before),
        wrapped_keys(&after),
        "a new data key is wrapped"
    );
    let run = project
        .secret(&["decrypt", "app.enc.yaml"], "true")
        .success();
    assert_eq!(
        run.stdout_text(),
        fifty_values(),
        "same plaintext, same layout"
    );
    let run = project.sandbox.run(
        &sops,
        &["decrypt", "app.enc.yaml"],
        &[("SOPS_AGE_KEY_FILE", &project.key_file)],
    );
    assert_same_data(
        Format::Yaml,
        fifty_values().as_bytes(),
        &run.success().stdout,
        "sops after rotate",
    );
}

#[test]
fn updatekeys_drops_a_removed_recipient() {
    let (Some(project), Some(keys)) = (Project::new("app.enc.yaml", &fifty_values()), keys())
    else {
        return;
    };
    project.sandbox.write(
        ".sops.yaml",
        format!("creation_rules:\n  - age: {}\n", K1.recipient()).as_bytes(),
    );
    let key2 = keys.key_file_for(&project.sandbox, &[K2]);
    project
        .sandbox
        .secret(
            &["decrypt", "app.enc.yaml"],
            &[("SOPS_AGE_KEY_FILE", &key2)],
        )
        .success();
    let refused = project.secret(&["updatekeys", "app.enc.yaml"], "true");
    refused.expect_failure();
    let run = project
        .secret(&["updatekeys", "--yes", "app.enc.yaml"], "true")
        .success();
    run.assert_stderr_contains(K2.recipient());
    project
        .sandbox
        .secret(
            &["decrypt", "app.enc.yaml"],
            &[("SOPS_AGE_KEY_FILE", &key2)],
        )
        .expect_code(128);
    project
        .secret(&["decrypt", "app.enc.yaml"], "true")
        .success();
    let changed = project.changed_lines();
    assert!(
        lines_mentioning(&changed, "mac:").is_empty(),
        "values and MAC unchanged"
    );
    if let Some(sops) = sops() {
        let env = [("SOPS_AGE_KEY_FILE", project.key_file.as_str())];
        let run = project
            .sandbox
            .run(&sops, &["decrypt", "app.enc.yaml"], &env);
        assert_same_data(
            Format::Yaml,
            fifty_values().as_bytes(),
            &run.success().stdout,
            "sops after updatekeys",
        );
        let env = [("SOPS_AGE_KEY_FILE", key2.as_str())];
        project
            .sandbox
            .run(&sops, &["decrypt", "app.enc.yaml"], &env)
            .expect_code(128);
    }
}

/// The `enc:` blocks of the age entries.
fn wrapped_keys(encrypted: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(encrypted);
    text.split("enc: |")
        .skip(1)
        .map(|s| s.lines().take(3).collect::<Vec<_>>().join("\n"))
        .collect()
}

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}
