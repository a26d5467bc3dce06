//! `git merge` of encrypted files through the driver `secret git setup` configures, with
//! real git and the real sops 3.11 reading the results: changes to different keys merge
//! (YAML, JSON, dotenv) keeping ciphertexts and comments; a key changed on both sides is a
//! conflict git reports, held in the value (both sides, encrypted) until `secret edit`
//! resolves it, and the hook refuses to commit it before; a rotation or a recipient change
//! on one side and a value change on the other both survive; without a key, git marks the
//! file conflicted with ours in place.

mod common;

use common::repo::Repo;
use common::*;

/// A file in three versions: the base, and each branch's change to a different key.
struct Case {
    name: &'static str,
    format: Format,
    base: &'static str,
    /// What each branch runs (`secret set` arguments after the file name).
    ours: &'static [&'static [&'static str]],
    theirs: &'static [&'static [&'static str]],
    merged: &'static str,
    /// Lines whose ciphertext no branch changed.
    unchanged: &'static [&'static str],
    /// Comments the decrypted merge still holds.
    comments: &'static [&'static str],
}

const CASES: [Case; 3] = [
    Case {
        name: "app.enc.yaml",
        format: Format::Yaml,
        base: "# Service settings\ndb:\n  user: app-user # the login\n  password: base-password\napi_token: base-token\nport: 5432\n",
        ours: &[&["db.password", "ours-password"]],
        theirs: &[&["api_token", "theirs-token"], &["extra", "theirs-extra"]],
        merged: "db:\n  user: app-user\n  password: ours-password\napi_token: theirs-token\nport: 5432\nextra: theirs-extra\n",
        unchanged: &["user:", "port:", "#ENC["],
        comments: &["# Service settings", "# the login"],
    },
    Case {
        name: "app.enc.json",
        format: Format::Json,
        base: "{\n  \"db\": {\n    \"user\": \"app-user\",\n    \"password\": \"base-password\"\n  },\n  \"api_token\": \"base-token\",\n  \"region\": \"eu-west-1\"\n}\n",
        ours: &[&["db.password", "ours-password"]],
        theirs: &[&["api_token", "theirs-token"], &["extra", "theirs-extra"]],
        merged: "{\"db\": {\"user\": \"app-user\", \"password\": \"ours-password\"}, \"api_token\": \"theirs-token\", \"region\": \"eu-west-1\", \"extra\": \"theirs-extra\"}",
        unchanged: &["\"user\":", "\"region\":"],
        comments: &[],
    },
    Case {
        name: "app.enc.env",
        format: Format::Dotenv,
        base: "# database\nDB_USER=app-user\nDB_PASSWORD=base-password\nAPI_TOKEN=base-token\nREGION=eu-west-1\n",
        ours: &[&["DB_PASSWORD", "ours-password"]],
        theirs: &[&["API_TOKEN", "theirs-token"], &["EXTRA", "theirs-extra"]],
        merged: "DB_USER=app-user\nDB_PASSWORD=ours-password\nAPI_TOKEN=theirs-token\nREGION=eu-west-1\nEXTRA=theirs-extra\n",
        unchanged: &["DB_USER=", "REGION="],
        comments: &["# database"],
    },
];

/// Commits `name` with `base`, then a branch `theirs` and `main` each running their sets.
fn branches(repo: &Repo, name: &str, base: &str, ours: &[&[&str]], theirs: &[&[&str]]) {
    repo.add_encrypted(name, base);
    repo.commit("base");
    repo.git(&["checkout", "-q", "-b", "theirs"]).success();
    for args in theirs {
        let mut set = vec!["set", name];
        set.extend_from_slice(args);
        repo.secret(&set).success();
    }
    repo.commit("their change");
    repo.git(&["checkout", "-q", "main"]).success();
    for args in ours {
        let mut set = vec!["set", name];
        set.extend_from_slice(args);
        repo.secret(&set).success();
    }
    repo.commit("our change");
}

#[test]
fn changes_to_different_keys_merge_cleanly_in_every_format() {
    let (Some(sops), Some(keys)) = (sops(), keys()) else {
        return;
    };
    for case in CASES {
        let repo = Repo::new(keys.clone(), &[K1], &[K1]);
        branches(&repo, case.name, case.base, case.ours, case.theirs);
        let base = repo
            .git(&["show", &format!("HEAD~1:{}", case.name)])
            .success()
            .stdout_text();
        let kept: Vec<String> = case
            .unchanged
            .iter()
            .map(|needle| {
                base.lines()
                    .find(|l| l.contains(needle))
                    .unwrap_or_else(|| panic!("{needle} not in the base"))
                    .to_string()
            })
            .collect();

        let merge = repo.git(&["merge", "-q", "--no-edit", "theirs"]);
        assert_eq!(merge.code, 0, "{}: {}", case.name, merge.stderr);
        let decrypted = repo.run(&sops, &["decrypt", case.name]).success();
        assert_same_data(
            case.format,
            case.merged.as_bytes(),
            &decrypted.stdout,
            case.name,
        );
        for (needle, line) in case.unchanged.iter().zip(&kept) {
            assert_eq!(
                &repo.line_with(case.name, needle),
                line,
                "{}: ciphertext of {needle}",
                case.name
            );
        }
        let ours = repo.secret(&["decrypt", case.name]).success().stdout_text();
        for comment in case.comments {
            assert!(
                ours.contains(comment),
                "{}: comment {comment} lost:\n{ours}",
                case.name
            );
        }
        let parents = repo
            .git(&["log", "-1", "--format=%P"])
            .success()
            .stdout_text();
        assert_eq!(parents.split_whitespace().count(), 2, "a merge commit");
    }
}

#[test]
fn a_key_changed_on_both_sides_is_a_conflict_held_in_the_value_until_resolved() {
    let (Some(sops), Some(keys)) = (sops(), keys()) else {
        return;
    };
    let repo = Repo::new(keys, &[K1], &[K1]);
    let name = "app.enc.yaml";
    branches(
        &repo,
        name,
        "# settings\na: 1\npassword: base-password\n",
        &[&["password", "ours-password"]],
        &[&["password", "theirs-password"], &["a", "2"]],
    );
    let merge = repo.git(&["merge", "--no-edit", "theirs"]);
    merge.expect_code(1);
    assert!(
        merge.stdout_text().contains("CONFLICT"),
        "{}",
        merge.stdout_text()
    );
    assert!(merge.stderr.contains("password"), "{}", merge.stderr);
    let status = repo.git(&["status", "--porcelain"]).success().stdout_text();
    assert!(status.contains("UU app.enc.yaml"), "{status}");

    // A valid sops file, both sides in the value, encrypted.
    let text = String::from_utf8(repo.sandbox.read(name)).unwrap();
    assert!(
        !text.contains("ours-password") && !text.contains("<<<<"),
        "{text}"
    );
    let decrypted = repo.run(&sops, &["decrypt", name]).success().stdout_text();
    for needle in [
        "<<<<<<< ours",
        "ours-password",
        "=======",
        "theirs-password",
        ">>>>>>> theirs",
    ] {
        assert!(decrypted.contains(needle), "{needle} missing:\n{decrypted}");
    }
    assert!(
        decrypted.contains("a: \"2\"")
            || decrypted.contains("a: '2'")
            || decrypted.contains("a: 2"),
        "{decrypted}"
    );

    // The hook refuses it unresolved.
    repo.git(&["add", name]).success();
    let refused = repo.git(&["commit", "-q", "--no-edit"]);
    refused.expect_failure();
    assert!(
        refused.stdout_text().contains("merge conflict")
            || refused.stderr.contains("merge conflict"),
        "{}\n{}",
        refused.stdout_text(),
        refused.stderr
    );

    // `secret edit` shows both sides in plaintext; the resolution is committed.
    let editor = repo.editor(
        "resolve",
        &[
            "<<<<<<< ours",
            "ours-password",
            "theirs-password",
            ">>>>>>> theirs",
            "# settings",
        ],
        "# settings\na: \"2\"\npassword: resolved-password\n",
    );
    repo.secret_with(&["edit", name], &[("EDITOR", &editor)])
        .success();
    repo.git(&["add", name]).success();
    repo.git(&["commit", "-q", "--no-edit"]).success();
    let decrypted = repo.run(&sops, &["decrypt", name]).success();
    assert_same_data(
        Format::Yaml,
        b"a: \"2\"\npassword: resolved-password\n",
        &decrypted.stdout,
        "after resolving",
    );
}

#[test]
fn a_rotation_on_one_branch_and_a_value_change_on_the_other_both_hold() {
    let (Some(sops), Some(keys)) = (sops(), keys()) else {
        return;
    };
    for rotate_ours in [false, true] {
        let repo = Repo::new(keys.clone(), &[K1, K2], &[K1]);
        let name = "app.enc.env";
        repo.add_encrypted(name, "A=one\nB=two\n");
        repo.commit("base");
        repo.git(&["checkout", "-q", "-b", "theirs"]).success();
        let (rotating, changing) = if rotate_ours {
            ("main", "theirs")
        } else {
            ("theirs", "main")
        };
        for branch in [changing, rotating] {
            repo.git(&["checkout", "-q", branch]).success();
            if branch == rotating {
                // K2 leaves: the rule drops them, the file follows, and its data key rotates.
                repo.write_rules(&[K1]);
                repo.secret(&["updatekeys", "--yes", name]).success();
                repo.secret(&["rotate", name]).success();
                repo.commit("remove K2, rotate");
            } else {
                repo.secret(&["set", name, "B", "zwei"]).success();
                repo.commit("change B");
            }
        }
        repo.git(&["checkout", "-q", "main"]).success();
        let merge = repo.git(&["merge", "-q", "--no-edit", "theirs"]);
        assert_eq!(merge.code, 0, "{}", merge.stderr);
        let decrypted = repo.run(&sops, &["decrypt", name]).success();
        assert_same_data(
            Format::Dotenv,
            b"A=one\nB=zwei\n",
            &decrypted.stdout,
            "merged",
        );
        // Sealed under the rotated key, for K1 alone: K2's old key opens nothing here.
        let k2 = repo.keys.key_file_for(&repo.sandbox, &[K2]);
        repo.sandbox
            .run(&sops, &["decrypt", name], &[("SOPS_AGE_KEY_FILE", &k2)])
            .expect_code(128);
        let recipients = repo.secret(&["recipients", name]).success().stdout_text();
        assert!(!recipients.contains(K2.recipient()), "{recipients}");
    }
}

#[test]
fn a_recipient_added_on_one_branch_reads_the_other_branchs_change() {
    let (Some(sops), Some(keys)) = (sops(), keys()) else {
        return;
    };
    let repo = Repo::new(keys.clone(), &[K1], &[K1]);
    let name = "app.enc.json";
    repo.add_encrypted(name, "{\"a\": \"one\", \"b\": \"two\"}\n");
    repo.commit("base");
    repo.git(&["checkout", "-q", "-b", "theirs"]).success();
    repo.write_rules(&[K1, K3]);
    repo.secret(&["updatekeys", "--yes", name]).success();
    repo.commit("add K3");
    repo.git(&["checkout", "-q", "main"]).success();
    repo.secret(&["set", name, "b", "deux"]).success();
    repo.commit("change b");
    let merge = repo.git(&["merge", "-q", "--no-edit", "theirs"]);
    assert_eq!(merge.code, 0, "{}", merge.stderr);
    for key in [K1, K3] {
        let run = decrypt(&repo.sandbox, &sops, &keys, name, &[key]).success();
        assert_same_data(
            Format::Json,
            b"{\"a\": \"one\", \"b\": \"deux\"}",
            &run.stdout,
            "merged",
        );
    }
}

#[test]
fn without_a_key_the_merge_stops_with_ours_in_place() {
    let Some(keys) = keys() else {
        return;
    };
    let repo = Repo::new(keys.clone(), &[K1], &[K1]);
    let name = "app.enc.yaml";
    branches(
        &repo,
        name,
        "a: 1\nb: 2\n",
        &[&["a", "10"]],
        &[&["b", "20"]],
    );
    let ours = repo.sandbox.read(name);
    let stranger = keys.key_file_for(&repo.sandbox, &[K4]);
    let merge = repo.git_with(
        &["merge", "--no-edit", "theirs"],
        &[("SOPS_AGE_KEY_FILE", &stranger)],
    );
    merge.expect_code(1);
    assert!(merge.stderr.contains("key"), "{}", merge.stderr);
    assert!(!merge.stderr.contains("panicked"), "{}", merge.stderr);
    assert_eq!(repo.sandbox.read(name), ours, "ours stays as it was");
    let status = repo.git(&["status", "--porcelain"]).success().stdout_text();
    assert!(status.contains("UU app.enc.yaml"), "{status}");
}

#[test]
fn a_file_that_is_not_encrypted_merges_as_git_would() {
    let Some(keys) = keys() else {
        return;
    };
    let repo = Repo::new(keys, &[K1], &[K1]);
    // Covered by .gitattributes, not by the rule's files: a plain text merge.
    let attributes = String::from_utf8(repo.sandbox.read(".gitattributes")).unwrap();
    repo.sandbox.write(
        ".gitattributes",
        format!("{attributes}notes.txt diff=secret merge=secret\n").as_bytes(),
    );
    repo.sandbox
        .write("notes.txt", b"one\ntwo\nthree\nfour\nfive\n");
    repo.git(&["add", "."]).success();
    repo.commit("notes");
    repo.git(&["checkout", "-q", "-b", "theirs"]).success();
    repo.sandbox
        .write("notes.txt", b"one\ntwo\nthree\nfour\nFIVE\n");
    repo.commit("theirs");
    repo.git(&["checkout", "-q", "main"]).success();
    repo.sandbox
        .write("notes.txt", b"ONE\ntwo\nthree\nfour\nfive\n");
    repo.commit("ours");
    repo.git(&["merge", "-q", "--no-edit", "theirs"]).success();
    assert_eq!(
        repo.sandbox.read("notes.txt"),
        b"ONE\ntwo\nthree\nfour\nFIVE\n"
    );
}
