//! `secret log`: over a history of edits by several people, an unset, a rotation, an
//! updatekeys and a commit of the file in clear, without any key, each commit's key paths,
//! author, recipient changes and rotation are reported; with a key path, only what
//! touched it; `--readers` gives who could read each version and ever.

mod common;

use common::repo::Repo;
use common::*;
use serde_json::Value;

/// The file's history, as committed by Ann, Bob and Carol.
fn history() -> Option<Repo> {
    let repo = Repo::new(keys()?, &[K1], &[K1]);
    let as_author = |who: &str, message: &str| {
        let email = format!("{}@example.com", who.to_lowercase());
        repo.git_with(
            &["commit", "-q", "-a", "-m", message],
            &[("GIT_AUTHOR_NAME", who), ("GIT_AUTHOR_EMAIL", &email)],
        )
        .success();
    };
    repo.add_encrypted(
        "app.enc.yaml",
        "db:\n  user: app\n  password: one\napi: key-1\nold: x\n",
    );
    as_author("Ann", "create");
    repo.secret(&["set", "app.enc.yaml", "db.password", "two"])
        .success();
    as_author("Bob", "new password");
    repo.secret(&["unset", "app.enc.yaml", "old"]).success();
    repo.secret(&["set", "app.enc.yaml", "fresh", "y"])
        .success();
    as_author("Carol", "drop old, add fresh");
    repo.secret(&["rotate", "app.enc.yaml"]).success();
    as_author("Ann", "rotate");
    repo.write_rules(&[K1, K2]);
    repo.secret(&["updatekeys", "--yes", "app.enc.yaml"])
        .success();
    as_author("Bob", "K2 joins");
    repo.secret(&["set", "app.enc.yaml", "api", "key-2"])
        .success();
    as_author("Carol", "new api key");
    Some(repo)
}

fn log_json(repo: &Repo, args: &[&str]) -> Value {
    let mut all = vec!["log", "--json"];
    all.extend_from_slice(args);
    // No key is needed: none is given.
    let run = repo.secret_with(&all, &[("SOPS_AGE_KEY_FILE", "/nonexistent")]);
    serde_json::from_slice(&run.success().stdout).unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Subject, author, added, changed, removed, rotated, readers added.
type Summary = (
    String,
    String,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    bool,
    Vec<String>,
);

#[test]
fn each_commit_shows_its_key_paths_author_recipients_and_rotation() {
    let Some(repo) = history() else {
        return;
    };
    let json = log_json(&repo, &["app.enc.yaml"]);
    let changes = json["changes"].as_array().unwrap();
    let summary: Vec<Summary> = changes
        .iter()
        .map(|c| {
            (
                c["subject"].as_str().unwrap().to_string(),
                c["author"].as_str().unwrap().to_string(),
                strings(&c["added"]),
                strings(&c["changed"]),
                strings(&c["removed"]),
                c["rotated"].as_bool().unwrap(),
                strings(&c["readers_added"]),
            )
        })
        .collect();
    let none = Vec::<String>::new;
    let v = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let setup_commit = summary
        .iter()
        .position(|s| s.0 == "create")
        .expect("the creating commit");
    assert_eq!(
        summary[setup_commit..],
        [
            (
                "create".into(),
                "Ann".into(),
                v(&["api", "db.password", "db.user", "old"]),
                none(),
                none(),
                false,
                v(&[K1.recipient()])
            ),
            (
                "new password".into(),
                "Bob".into(),
                none(),
                v(&["db.password"]),
                none(),
                false,
                none()
            ),
            (
                "drop old, add fresh".into(),
                "Carol".into(),
                v(&["fresh"]),
                none(),
                v(&["old"]),
                false,
                none()
            ),
            (
                "rotate".into(),
                "Ann".into(),
                none(),
                none(),
                none(),
                true,
                none()
            ),
            (
                "K2 joins".into(),
                "Bob".into(),
                none(),
                none(),
                none(),
                false,
                v(&[K2.recipient()])
            ),
            (
                "new api key".into(),
                "Carol".into(),
                none(),
                v(&["api"]),
                none(),
                false,
                none()
            ),
        ]
    );

    let text = repo
        .secret_with(
            &["log", "app.enc.yaml"],
            &[("SOPS_AGE_KEY_FILE", "/nonexistent")],
        )
        .success()
        .stdout_text();
    for line in [
        "    ~ db.password",
        "    - old",
        "    + fresh",
        "    data key rotated",
        &format!("    readers + {}", K2.recipient()),
    ] {
        assert!(text.contains(line), "{line:?} missing:\n{text}");
    }
    // Newest first, as git log.
    assert!(text.find("new api key").unwrap() < text.find("create").unwrap());
}

#[test]
fn a_key_path_shows_what_touched_that_key_and_who_could_read_it() {
    let Some(repo) = history() else {
        return;
    };
    let json = log_json(&repo, &["app.enc.yaml", "db.password", "--readers"]);
    let subjects: Vec<String> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["subject"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(subjects, ["create", "new password", "rotate", "K2 joins"]);
    let mut everyone = vec![K1.recipient().to_string(), K2.recipient().to_string()];
    everyone.sort();
    assert_eq!(strings(&json["exposure"]), everyone);
    let last = json["changes"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["readers"][0].as_array().unwrap().len(), 2, "{last}");

    let gone = log_json(&repo, &["app.enc.yaml", "old"]);
    let subjects: Vec<&str> = gone["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects, ["create", "drop old, add fresh"]);
}

#[test]
fn a_version_committed_in_clear_is_flagged() {
    let Some(repo) = history() else {
        return;
    };
    repo.secret(&["decrypt", "-i", "app.enc.yaml"]).success();
    repo.git(&["commit", "-q", "-a", "--no-verify", "-m", "oops, plaintext"])
        .success();
    let text = repo
        .secret(&["log", "app.enc.yaml"])
        .success()
        .stdout_text();
    let first = text.split("\n\n").next().unwrap();
    assert!(first.contains("oops, plaintext"), "{first}");
    assert!(first.contains("NOT ENCRYPTED"), "{first}");
    assert!(!text.contains("key-2"), "a value was printed:\n{text}");
}
