//! `push`, `pull` and `diff` against moto's SSM Parameter Store, through a counting and
//! fault-injecting proxy: round trips, no-op second pushes, pruning, dry runs, retries
//! under throttling, request counts, and bad input refused before anything is written.
#![cfg(feature = "aws")]

mod common;

use common::*;

/// A private moto behind a proxy, a sandbox, and an age key to encrypt with.
struct Kit {
    moto: Moto,
    proxy: FaultProxy,
    sandbox: Sandbox,
    key_file: String,
}

fn kit() -> Option<Kit> {
    let keys = keys()?;
    let moto = moto()?;
    let proxy = FaultProxy::start(&moto);
    let key_file = keys.identity_file(K1).to_string_lossy().into_owned();
    Some(Kit {
        moto,
        proxy,
        sandbox: Sandbox::new(),
        key_file,
    })
}

impl Kit {
    /// `secret ARGS` with AWS behind the proxy.
    fn secret(&self, args: &[&str]) -> Run {
        self.run(&Aws::Endpoint(self.proxy.endpoint()), args)
    }

    fn run(&self, aws: &Aws, args: &[&str]) -> Run {
        let env = [("SOPS_AGE_KEY_FILE", self.key_file.as_str())];
        aws.run(&self.sandbox, &secret(), args, &env)
    }

    /// Writes `plaintext` as the encrypted YAML file `name`.
    fn encrypted(&self, name: &str, plaintext: &str) {
        self.sandbox.write("plain.yaml", plaintext.as_bytes());
        let run = self
            .secret(&["encrypt", "--age", K1.recipient(), "plain.yaml"])
            .success();
        self.sandbox.write(name, &run.stdout);
    }

    /// The plan line `diff` prints for `file` against `namespace`.
    fn diff_summary(&self, file: &str, namespace: &str) -> String {
        let run = self.secret(&["diff", file, namespace]).success();
        run.stdout_text()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    }
}

/// YAML with `count` values in groups of 30, some needing quotes.
fn values_yaml(count: usize, changed: usize) -> String {
    let mut text = String::new();
    for i in 0..count {
        if i.is_multiple_of(30) {
            text.push_str(&format!("group{}:\n", i / 30));
        }
        let marker = if i < changed { "new" } else { "old" };
        text.push_str(&format!(
            "    key{i}: \"{marker} value {i}: with # and 'quotes'\"\n"
        ));
    }
    text
}

fn unchanged(count: usize) -> String {
    format!("/app/prod: 0 to add, 0 to change, 0 to remove, {count} unchanged")
}

#[test]
fn push_then_pull_round_trips_and_a_second_push_changes_nothing() {
    let Some(k) = kit() else { return };
    k.encrypted("app.enc.yaml", &values_yaml(300, 0));
    let push = k
        .secret(&["push", "app.enc.yaml", "--to", "/app/prod", "--yes"])
        .success();
    assert!(
        push.stdout_text()
            .starts_with("/app/prod: 300 to add, 0 to change")
    );
    assert_eq!(k.proxy.count("PutParameter"), 300);
    assert_eq!(k.proxy.count("GetParameter"), 0, "no per-key reads");
    assert_eq!(k.diff_summary("app.enc.yaml", "/app/prod"), unchanged(300));

    k.proxy.reset_counts();
    let again = k
        .secret(&["push", "app.enc.yaml", "--to", "/app/prod"])
        .success();
    assert_eq!(again.stdout_text().trim(), unchanged(300));
    assert_eq!(k.proxy.count("PutParameter"), 0);

    k.proxy.reset_counts();
    k.secret(&[
        "pull",
        "/app/prod",
        "-o",
        "back.enc.yaml",
        "--age",
        K1.recipient(),
    ])
    .success();
    // A full last page comes with a NextToken (SSM and moto cannot tell it is the last),
    // so 300 parameters take 30 pages and one empty one; 295 take exactly 30.
    let pages = k.proxy.count("GetParametersByPath");
    assert!(
        pages <= 300 / 10 + 1,
        "pulling 300 parameters took {pages} pages"
    );
    assert_eq!(k.diff_summary("back.enc.yaml", "/app/prod"), unchanged(300));
    let plain = k
        .secret(&["decrypt", "back.enc.yaml"])
        .success()
        .stdout_text();
    assert!(
        plain.contains("key7: \"old value 7: with # and 'quotes'\""),
        "{plain}"
    );

    k.encrypted("fewer.enc.yaml", &values_yaml(295, 0));
    k.secret(&[
        "push",
        "fewer.enc.yaml",
        "--to",
        "/app/prod",
        "--prune",
        "--yes",
    ])
    .success();
    k.proxy.reset_counts();
    k.secret(&[
        "pull",
        "/app/prod",
        "-o",
        "fewer-back.enc.yaml",
        "--age",
        K1.recipient(),
    ])
    .success();
    assert_eq!(
        k.proxy.count("GetParametersByPath"),
        30,
        "ceil(295/10) pages"
    );
}

#[test]
fn pull_into_an_existing_file_changes_only_the_changed_values() {
    let Some(k) = kit() else { return };
    k.encrypted("app.enc.yaml", &values_yaml(40, 0));
    k.secret(&["push", "app.enc.yaml", "--to", "/app/prod", "--yes"])
        .success();
    let before = k.sandbox.read("app.enc.yaml");
    k.encrypted("newer.enc.yaml", &values_yaml(39, 2));
    k.secret(&[
        "push",
        "newer.enc.yaml",
        "--to",
        "/app/prod",
        "--yes",
        "--prune",
    ])
    .success();

    let pull = k
        .secret(&["pull", "/app/prod", "-o", "app.enc.yaml"])
        .success();
    assert!(
        pull.stdout_text()
            .contains("0 to add, 2 to change, 1 to remove, 37 unchanged")
    );
    let after = String::from_utf8(k.sandbox.read("app.enc.yaml")).unwrap();
    let before = String::from_utf8(before).unwrap();
    let kept = |i: usize| {
        let line = |text: &str| {
            text.lines()
                .find(|l| l.contains(&format!("key{i}:")))
                .map(String::from)
        };
        line(&before) == line(&after)
    };
    assert!((2..39).all(kept), "unchanged values keep their ciphertext");
    assert!(!kept(0) && !after.contains("key39:"));
    assert_eq!(k.diff_summary("app.enc.yaml", "/app/prod"), unchanged(39));
}

#[test]
fn prune_removes_exactly_the_extra_parameters_and_dry_run_nothing() {
    let Some(k) = kit() else { return };
    k.encrypted("full.enc.yaml", &values_yaml(60, 0));
    k.secret(&["push", "full.enc.yaml", "--to", "/app/prod", "--yes"])
        .success();
    k.encrypted("less.enc.yaml", &values_yaml(50, 5));

    k.proxy.reset_counts();
    let dry = k
        .secret(&[
            "push",
            "less.enc.yaml",
            "--to",
            "/app/prod",
            "--prune",
            "--dry-run",
        ])
        .success();
    assert!(
        dry.stdout_text()
            .starts_with("/app/prod: 0 to add, 5 to change, 10 to remove, 45 unchanged")
    );
    let writes = ["PutParameter", "DeleteParameter", "DeleteParameters"];
    assert!(
        writes.iter().all(|w| k.proxy.count(w) == 0),
        "{:?}",
        k.proxy.counts()
    );

    let without_prune = k
        .secret(&["push", "less.enc.yaml", "--to", "/app/prod", "--yes"])
        .success();
    assert!(
        without_prune
            .stdout_text()
            .contains("? /app/prod/group1/key59 (not in the source")
    );
    assert_eq!(
        k.proxy.count("PutParameter"),
        5,
        "only the changed values are sent"
    );

    k.proxy.reset_counts();
    let prune = k
        .secret(&[
            "push",
            "less.enc.yaml",
            "--to",
            "/app/prod",
            "--prune",
            "--yes",
        ])
        .success();
    let removed: Vec<String> = prune
        .stdout_text()
        .lines()
        .filter(|l| l.starts_with("  - "))
        .map(String::from)
        .collect();
    let expected: Vec<String> = (50..60)
        .map(|i| format!("  - /app/prod/group1/key{i}"))
        .collect();
    let mut removed_sorted = removed.clone();
    removed_sorted.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(removed_sorted, expected_sorted);
    assert_eq!(k.proxy.count("PutParameter"), 0);
    assert_eq!(k.proxy.count("DeleteParameters"), 1, "ten names, one batch");
    assert_eq!(k.diff_summary("less.enc.yaml", "/app/prod"), unchanged(50));
}

#[test]
fn push_completes_when_a_third_of_the_requests_fail() {
    let Some(k) = kit() else { return };
    k.encrypted("app.enc.yaml", &values_yaml(300, 0));
    k.proxy.set_faults(true);
    k.secret(&["push", "app.enc.yaml", "--to", "/app/prod", "--yes"])
        .success();
    let puts = k.proxy.count("PutParameter");
    assert!(
        puts > 300,
        "faults were injected and retried ({puts} requests)"
    );
    k.proxy.set_faults(false);
    let direct = k
        .run(&Aws::Moto(&k.moto), &["diff", "app.enc.yaml", "/app/prod"])
        .success();
    assert_eq!(direct.stdout_text().lines().next().unwrap(), unchanged(300));
}

/// Asserts that `args` fail mentioning `needle`, and that nothing reached SSM.
fn assert_refused_before_any_call(k: &Kit, aws: &Aws, args: &[&str], needle: &str) {
    k.proxy.reset_counts();
    let run = k.run(aws, args);
    run.expect_failure().assert_stderr_contains(needle);
    assert!(k.proxy.counts().is_empty(), "{:?}", k.proxy.counts());
}

#[test]
fn bad_input_is_refused_before_anything_is_written() {
    let Some(k) = kit() else { return };
    let proxy = Aws::Endpoint(k.proxy.endpoint());
    let push = |file: &str| ["push", file, "--to", "/app/prod", "--yes"].map(String::from);
    let cases = [
        (
            "space.enc.yaml",
            "ok: 1\nhas space: 2\n".to_string(),
            "has space",
        ),
        ("deep.enc.yaml", deep_yaml(15), "levels"),
        (
            "big.enc.yaml",
            format!("small: x\nbig: {}\n", "x".repeat(5000)),
            "/app/prod/big",
        ),
        (
            "empty.enc.yaml",
            "blank: \"\"\n".to_string(),
            "/app/prod/blank",
        ),
    ];
    for (name, plaintext, needle) in &cases {
        k.encrypted(name, plaintext);
        let args = push(name);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_refused_before_any_call(&k, &proxy, &args, needle);
    }
    let big = k.secret(&["push", "big.enc.yaml", "--to", "/app/prod", "--yes"]);
    big.assert_stderr_contains("--advanced");
    k.secret(&[
        "push",
        "big.enc.yaml",
        "--to",
        "/app/prod",
        "--yes",
        "--advanced",
    ])
    .success();

    k.sandbox.write(
        ".sops.yaml",
        b"secret:\n  ssm:\n    namespaces:\n      prod: /app/prod\n",
    );
    assert_refused_before_any_call(
        &k,
        &proxy,
        &["push", "space.enc.yaml", "-e", "qa", "--yes"],
        "`qa`",
    );
    assert_refused_before_any_call(
        &k,
        &proxy,
        &["push", "space.enc.yaml", "--to", "app", "--yes"],
        "/app/prod",
    );

    let missing = k.secret(&["pull", "/app/missing", "-o", "missing.enc.yaml"]);
    missing
        .expect_failure()
        .assert_stderr_contains("no parameters under /app/missing");
    assert!(!k.sandbox.exists("missing.enc.yaml"));

    k.encrypted("good.enc.yaml", "a: 1\n");
    let anonymous = k.run(
        &Aws::NoCredentials(&k.moto),
        &["push", "good.enc.yaml", "--to", "/app/other", "--yes"],
    );
    anonymous
        .expect_failure()
        .assert_stderr_contains("no AWS credentials");
    let not_asked = k.secret(&["push", "good.enc.yaml", "--to", "/app/other"]);
    not_asked.expect_failure().assert_stderr_contains("--yes");
    assert_eq!(
        k.diff_summary("good.enc.yaml", "/app/other")
            .split(':')
            .nth(1)
            .unwrap()
            .trim(),
        "1 to add, 0 to change, 0 to remove, 0 unchanged"
    );
}

/// A value `levels` mappings deep: with the namespace's two levels, one too many.
fn deep_yaml(levels: usize) -> String {
    let mut text = String::new();
    for level in 0..levels {
        text.push_str(&format!("{}l{level}:\n", "  ".repeat(level)));
    }
    text.push_str(&format!("{}leaf: v\n", "  ".repeat(levels)));
    text
}

#[test]
fn chamber_commands_keep_its_layout_without_its_case_defects() {
    let Some(k) = kit() else { return };
    let ssm = |args: &[&str]| {
        let mut all = vec!["ssm"];
        all.extend_from_slice(args);
        k.secret(&all).success().stdout_text()
    };
    ssm(&["write", "team/app", "DB-Host", "db.local"]);
    ssm(&["write", "team/app", "token", "t0k3n"]);
    assert_eq!(ssm(&["read", "-q", "team/app", "db-host"]), "db.local\n");
    assert_eq!(
        ssm(&["read", "-q", "team/app", "DB-HOST"]),
        "db.local\n",
        "lower-cased when not found as typed"
    );

    // A key with capitals written by another tool stays readable and deletable.
    k.encrypted("upper.enc.yaml", "UPPER: v1\n");
    k.secret(&["push", "upper.enc.yaml", "--to", "/team/app", "--yes"])
        .success();
    assert_eq!(ssm(&["read", "-q", "team/app", "UPPER"]), "v1\n");

    let list = ssm(&["list", "team/app"]);
    assert!(
        list.contains("db-host\t1\t") && !list.contains("db.local"),
        "{list}"
    );
    assert!(ssm(&["list", "-e", "team/app"]).contains("db.local"));

    ssm(&["write", "team/app", "db-host", "db2"]);
    let history = ssm(&["history", "team/app", "db-host"]);
    assert!(
        history.contains("Created\t1")
            && history.contains("Updated\t2")
            && !history.contains("db2")
    );

    ssm(&["export", "team/app", "-f", "dotenv", "-o", "app.env"]);
    let exported = String::from_utf8(k.sandbox.read("app.env")).unwrap();
    assert_eq!(exported, "DB_HOST=db2\nTOKEN=t0k3n\nUPPER=v1\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(k.sandbox.path("app.env"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    k.sandbox
        .write("import.json", br#"{"Api_Key": "k1", "port": 5432}"#);
    ssm(&["import", "team/app", "import.json"]);
    assert_eq!(ssm(&["read", "-q", "team/app", "api_key"]), "k1\n");

    ssm(&["delete", "team/app", "UPPER"]);
    k.secret(&["ssm", "read", "team/app", "UPPER"])
        .expect_failure()
        .assert_stderr_contains("does not exist");

    let child = k.secret(&[
        "exec",
        "--ssm",
        "team/app",
        "--",
        "sh",
        "-c",
        "echo $DB_HOST $API_KEY $PORT",
    ]);
    assert_eq!(child.success().stdout_text(), "db2 k1 5432\n");
}
