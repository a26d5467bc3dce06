//! `push`, `pull`, `diff` and `exec` with `--secrets-manager` against moto's AWS Secrets
//! Manager, through the counting and fault-injecting proxy: both layouts (one JSON secret,
//! one secret per value) round-trip 300 values, a second push writes nothing, `--dry-run`
//! writes nothing, versions stay with their stages, pruned secrets are scheduled for
//! deletion and restored by a later push, a third of the requests failing loses and
//! corrupts nothing, and bad input is refused before any request.
#![cfg(feature = "aws")]

mod common;

use serde_json::Value;

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

/// Every Secrets Manager operation that changes something.
const WRITES: [&str; 5] = [
    "CreateSecret",
    "PutSecretValue",
    "UpdateSecret",
    "DeleteSecret",
    "RestoreSecret",
];

impl Kit {
    /// `secret ARGS` with AWS behind the proxy.
    fn secret(&self, args: &[&str]) -> Run {
        self.run(&Aws::Endpoint(self.proxy.endpoint()), args)
    }

    fn run(&self, aws: &Aws, args: &[&str]) -> Run {
        let env = [("SOPS_AGE_KEY_FILE", self.key_file.as_str())];
        aws.run(&self.sandbox, &secret(), args, &env)
    }

    /// Writes `plaintext` as the encrypted file `name` (its format from its extension).
    fn encrypted(&self, name: &str, plaintext: &str) {
        let extension = name.rsplit('.').next().unwrap();
        let plain = format!("plain.{extension}");
        self.sandbox.write(&plain, plaintext.as_bytes());
        let run = self
            .secret(&["encrypt", "--age", K1.recipient(), &plain])
            .success();
        self.sandbox.write(name, &run.stdout);
    }

    /// Requests of one Secrets Manager operation through the proxy since the last reset.
    fn count(&self, operation: &str) -> usize {
        let target = format!("secretsmanager.{operation}");
        self.proxy.counts().get(&target).copied().unwrap_or(0)
    }

    fn writes(&self) -> usize {
        WRITES.iter().map(|op| self.count(op)).sum()
    }

    /// The plan line of `diff FILE --secrets-manager ARGS…`.
    fn diff_summary(&self, file: &str, target: &[&str]) -> String {
        let mut args = vec!["diff", file, "--secrets-manager"];
        args.extend_from_slice(target);
        let run = self.secret(&args).success();
        run.stdout_text()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    }

    /// A Secrets Manager call straight to moto.
    fn moto_call(&self, operation: &str, body: Value) -> Value {
        let target = format!("secretsmanager.{operation}");
        self.moto.call("secretsmanager", &target, &body.to_string())
    }

    /// The current value of a secret, read straight from moto.
    fn stored(&self, name: &str) -> String {
        let answer = self.moto_call("GetSecretValue", serde_json::json!({"SecretId": name}));
        answer["SecretString"].as_str().unwrap().to_string()
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
            "    key{i}: \"{marker} value {i}: with # and 'quotes' \\\\ \\\"\"\n"
        ));
    }
    text
}

fn unchanged(label: &str, count: usize) -> String {
    format!("{label}: 0 to add, 0 to change, 0 to remove, {count} unchanged")
}

#[test]
fn one_json_secret_round_trips_300_values_and_a_second_push_writes_nothing() {
    let Some(k) = kit() else { return };
    k.encrypted("app.enc.yaml", &values_yaml(300, 0));
    let push = k
        .secret(&[
            "push",
            "app.enc.yaml",
            "--secrets-manager",
            "app/prod",
            "--yes",
        ])
        .success();
    assert!(
        push.stdout_text()
            .starts_with("app/prod: 300 to add, 0 to change"),
        "{}",
        push.stdout_text()
    );
    assert_eq!(k.count("GetSecretValue"), 1, "{:?}", k.proxy.counts());
    assert_eq!(k.count("CreateSecret"), 1);
    assert_eq!(
        k.proxy.counts().values().sum::<usize>(),
        2,
        "one read, one write"
    );

    let stored: Value = serde_json::from_str(&k.stored("app/prod")).unwrap();
    assert_eq!(stored.as_object().unwrap().len(), 300);
    assert_eq!(
        stored["group0/key7"],
        "old value 7: with # and 'quotes' \\ \""
    );

    k.proxy.reset_counts();
    let again = k
        .secret(&["push", "app.enc.yaml", "--secrets-manager", "app/prod"])
        .success();
    assert_eq!(again.stdout_text().trim(), unchanged("app/prod", 300));
    assert_eq!(k.writes(), 0, "{:?}", k.proxy.counts());
    assert_eq!(k.count("GetSecretValue"), 1);

    k.proxy.reset_counts();
    k.secret(&[
        "pull",
        "--secrets-manager",
        "app/prod",
        "-o",
        "back.enc.yaml",
        "--age",
        K1.recipient(),
    ])
    .success();
    assert_eq!(k.proxy.counts().values().sum::<usize>(), 1, "one read");
    let original = k.secret(&["decrypt", "app.enc.yaml"]).success().stdout;
    let back = k.secret(&["decrypt", "back.enc.yaml"]).success().stdout;
    assert_same_data(Format::Yaml, &original, &back, "pulled back");
    assert_eq!(
        k.diff_summary("back.enc.yaml", &["app/prod"]),
        unchanged("app/prod", 300)
    );
}

#[test]
fn one_secret_per_value_round_trips_300_values_in_batched_reads() {
    let Some(k) = kit() else { return };
    k.encrypted("app.enc.yaml", &values_yaml(300, 0));
    let target = ["--secrets-manager", "app/prod", "--per-key"];
    let mut push = vec!["push", "app.enc.yaml", "--yes"];
    push.extend_from_slice(&target);
    let run = k.secret(&push).success();
    assert!(
        run.stdout_text()
            .starts_with("app/prod/*: 300 to add, 0 to change"),
        "{}",
        run.stdout_text()
    );
    assert!(run.stdout_text().contains("  + app/prod/group9/key299\n"));
    assert_eq!(k.count("CreateSecret"), 300);
    assert_eq!(
        k.stored("app/prod/group0/key7"),
        "old value 7: with # and 'quotes' \\ \""
    );

    k.proxy.reset_counts();
    let again = k.secret(&push).success();
    assert_eq!(again.stdout_text().trim(), unchanged("app/prod/*", 300));
    assert_eq!(k.writes(), 0, "{:?}", k.proxy.counts());
    assert_eq!(k.count("ListSecrets"), 3, "100 names a page");
    assert_eq!(k.count("BatchGetSecretValue"), 15, "20 values a request");
    assert_eq!(k.count("GetSecretValue"), 0, "no read one by one");

    let mut pull = vec!["pull", "-o", "back.enc.yaml", "--age", K1.recipient()];
    pull.extend_from_slice(&target);
    k.secret(&pull).success();
    let original = k.secret(&["decrypt", "app.enc.yaml"]).success().stdout;
    let back = k.secret(&["decrypt", "back.enc.yaml"]).success().stdout;
    assert_same_data(Format::Yaml, &original, &back, "pulled back");

    // A name that merely starts like the prefix is not part of it.
    k.moto_call(
        "CreateSecret",
        serde_json::json!({"Name": "app/production/x", "SecretString": "other"}),
    );
    assert_eq!(
        k.diff_summary("app.enc.yaml", &["app/prod", "--per-key"]),
        unchanged("app/prod/*", 300)
    );
}

#[test]
fn changes_add_versions_keep_the_previous_one_and_dry_run_writes_nothing() {
    let Some(k) = kit() else { return };
    k.encrypted("v1.enc.env", "TOKEN=one\nOTHER=same\n");
    k.encrypted("v2.enc.env", "TOKEN=two\nOTHER=same\nADDED=new\n");
    k.encrypted("v3.enc.env", "TOKEN=three\n");
    let push = |file: &str, extra: &[&str]| {
        let mut args = vec!["push", file, "--secrets-manager", "svc", "--yes"];
        args.extend_from_slice(extra);
        k.secret(&args).success().stdout_text()
    };
    push("v1.enc.env", &[]);
    assert_eq!(k.stored("svc"), r#"{"OTHER":"same","TOKEN":"one"}"#);

    k.proxy.reset_counts();
    let dry = push("v2.enc.env", &["--dry-run"]);
    assert!(
        dry.starts_with("svc: 1 to add, 1 to change, 0 to remove, 1 unchanged"),
        "{dry}"
    );
    assert!(dry.contains("  + ADDED\n") && dry.contains("  ~ TOKEN\n"));
    assert!(
        !dry.contains("two") && !dry.contains("new"),
        "names only: {dry}"
    );
    assert_eq!(k.writes(), 0, "{:?}", k.proxy.counts());
    assert_eq!(k.stored("svc"), r#"{"OTHER":"same","TOKEN":"one"}"#);

    k.proxy.reset_counts();
    push("v2.enc.env", &[]);
    assert_eq!(k.count("PutSecretValue"), 1);
    // Without --prune, keys only in the secret stay.
    let kept = push("v3.enc.env", &[]);
    assert!(kept.contains("? ADDED (not in the source"), "{kept}");
    assert_eq!(
        k.stored("svc"),
        r#"{"ADDED":"new","OTHER":"same","TOKEN":"three"}"#
    );
    push("v3.enc.env", &["--prune"]);
    assert_eq!(k.stored("svc"), r#"{"TOKEN":"three"}"#);

    let versions = k.moto_call(
        "ListSecretVersionIds",
        serde_json::json!({"SecretId": "svc"}),
    );
    let stages: Vec<Vec<String>> = versions["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| serde_json::from_value(v["VersionStages"].clone()).unwrap())
        .collect();
    assert_eq!(stages.len(), 4, "every version is kept: {stages:?}");
    let with = |stage: &str| {
        stages
            .iter()
            .filter(|s| s.iter().any(|x| x == stage))
            .count()
    };
    assert_eq!(
        (with("AWSCURRENT"), with("AWSPREVIOUS")),
        (1, 1),
        "{stages:?}"
    );
    let previous = k.moto_call(
        "GetSecretValue",
        serde_json::json!({"SecretId": "svc", "VersionStage": "AWSPREVIOUS"}),
    );
    assert_eq!(
        previous["SecretString"],
        r#"{"ADDED":"new","OTHER":"same","TOKEN":"three"}"#
    );
}

#[test]
fn prune_schedules_deletion_and_a_later_push_restores() {
    let Some(k) = kit() else { return };
    k.encrypted("full.enc.yaml", &values_yaml(60, 0));
    k.encrypted("less.enc.yaml", &values_yaml(50, 5));
    let push = |file: &str, extra: &[&str]| {
        let mut args = vec!["push", file, "--secrets-manager", "app", "--per-key"];
        args.extend_from_slice(extra);
        k.secret(&args).success().stdout_text()
    };
    push("full.enc.yaml", &["--yes"]);

    k.proxy.reset_counts();
    let dry = push("less.enc.yaml", &["--prune", "--dry-run"]);
    assert!(
        dry.starts_with("app/*: 0 to add, 5 to change, 10 to remove, 45 unchanged"),
        "{dry}"
    );
    assert_eq!(k.writes(), 0, "{:?}", k.proxy.counts());

    k.proxy.reset_counts();
    push("less.enc.yaml", &["--prune", "--yes"]);
    assert_eq!(k.count("PutSecretValue"), 5, "only the changed values");
    assert_eq!(k.count("DeleteSecret"), 10);
    assert_eq!(
        k.diff_summary("less.enc.yaml", &["app", "--per-key"]),
        unchanged("app/*", 50)
    );
    let deleted = k.moto_call(
        "DescribeSecret",
        serde_json::json!({"SecretId": "app/group1/key55"}),
    );
    assert!(
        deleted["DeletedDate"].is_number(),
        "scheduled, not gone: {deleted}"
    );

    k.proxy.reset_counts();
    let back = push("full.enc.yaml", &["--yes"]);
    assert!(
        back.contains("  ! app/group1/key55 is scheduled for deletion; a push restores it"),
        "{back}"
    );
    assert_eq!(k.count("RestoreSecret"), 10);
    assert_eq!(k.count("CreateSecret"), 0);
    assert_eq!(
        k.diff_summary("full.enc.yaml", &["app", "--per-key"]),
        unchanged("app/*", 60)
    );
}

#[test]
fn a_third_of_the_requests_failing_loses_and_corrupts_nothing() {
    let Some(k) = kit() else { return };
    k.encrypted("app.enc.yaml", &values_yaml(300, 0));
    k.encrypted("newer.enc.yaml", &values_yaml(300, 40));
    k.proxy.set_faults(true);
    for layout in [&["app/json"][..], &["app/keys", "--per-key"][..]] {
        for file in ["app.enc.yaml", "newer.enc.yaml"] {
            let mut args = vec!["push", file, "--yes", "--prune", "--secrets-manager"];
            args.extend_from_slice(layout);
            k.secret(&args).success();
        }
    }
    let sent: usize = k.proxy.counts().values().sum();
    assert!(
        sent > 300,
        "faults were injected and retried ({sent} requests)"
    );
    k.secret(&[
        "pull",
        "--secrets-manager",
        "app/keys",
        "--per-key",
        "-o",
        "keys.enc.yaml",
        "--age",
        K1.recipient(),
    ])
    .success();
    k.proxy.set_faults(false);

    let direct = Aws::Moto(&k.moto);
    for (target, label) in [
        (&["app/json"][..], "app/json"),
        (&["app/keys", "--per-key"][..], "app/keys/*"),
    ] {
        let mut args = vec!["diff", "newer.enc.yaml", "--secrets-manager"];
        args.extend_from_slice(target);
        let run = k.run(&direct, &args).success();
        assert_eq!(
            run.stdout_text().lines().next().unwrap(),
            unchanged(label, 300)
        );
    }
    let newer = k.secret(&["decrypt", "newer.enc.yaml"]).success().stdout;
    let pulled = k.secret(&["decrypt", "keys.enc.yaml"]).success().stdout;
    assert_same_data(Format::Yaml, &newer, &pulled, "pulled under faults");
}

/// Asserts that `args` fail mentioning `needle`, and that nothing reached AWS.
fn assert_refused_before_any_call(k: &Kit, args: &[&str], needle: &str) {
    k.proxy.reset_counts();
    let run = k.secret(args);
    run.expect_failure().assert_stderr_contains(needle);
    assert!(k.proxy.counts().is_empty(), "{:?}", k.proxy.counts());
}

#[test]
fn bad_input_is_refused_before_any_request() {
    let Some(k) = kit() else { return };
    k.encrypted("space.enc.yaml", "ok: 1\nhas space: 2\n");
    k.encrypted("slash.enc.json", r#"{"a/b": "v"}"#);
    k.encrypted("empty.enc.yaml", "blank: \"\"\n");
    k.encrypted("big.enc.yaml", &format!("big: {}\n", "x".repeat(70_000)));
    k.encrypted("good.enc.yaml", "a: 1\n");
    let long = "n".repeat(513);
    let cases: [(&[&str], &str); 6] = [
        (
            &["push", "good.enc.yaml", "--secrets-manager", "has space"],
            "has space",
        ),
        (
            &["push", "good.enc.yaml", "--secrets-manager", &long],
            "512",
        ),
        (
            &[
                "push",
                "space.enc.yaml",
                "--secrets-manager",
                "p",
                "--per-key",
            ],
            "p/has space",
        ),
        (&["push", "slash.enc.json", "--secrets-manager", "p"], "a/b"),
        (
            &[
                "push",
                "empty.enc.yaml",
                "--secrets-manager",
                "p",
                "--per-key",
            ],
            "p/blank",
        ),
        (
            &["push", "big.enc.yaml", "--secrets-manager", "p"],
            "--per-key",
        ),
    ];
    for (args, needle) in cases {
        let mut args = args.to_vec();
        args.push("--yes");
        assert_refused_before_any_call(&k, &args, needle);
    }
    // exec checks every secret's name before it reads the first one.
    k.secret(&["push", "good.enc.yaml", "--secrets-manager", "ok", "--yes"])
        .success();
    assert_refused_before_any_call(
        &k,
        &[
            "exec",
            "--secrets-manager",
            "ok",
            "--secrets-manager",
            "has space",
            "--",
            "true",
        ],
        "has space",
    );
    // An empty value is fine inside a JSON secret.
    k.secret(&["push", "empty.enc.yaml", "--secrets-manager", "p", "--yes"])
        .success();
    assert_eq!(k.stored("p"), r#"{"blank":""}"#);

    let missing = k.secret(&["pull", "--secrets-manager", "nope", "-o", "nope.enc.yaml"]);
    missing
        .expect_failure()
        .assert_stderr_contains("secret nope does not exist");
    assert!(!k.sandbox.exists("nope.enc.yaml"));

    let not_asked = k.secret(&["push", "good.enc.yaml", "--secrets-manager", "other"]);
    not_asked.expect_failure().assert_stderr_contains("--yes");
    let anonymous = k.run(
        &Aws::NoCredentials(&k.moto),
        &[
            "push",
            "good.enc.yaml",
            "--secrets-manager",
            "other",
            "--yes",
        ],
    );
    anonymous
        .expect_failure()
        .assert_stderr_contains("no AWS credentials");
    k.secret(&[
        "push",
        "good.enc.yaml",
        "--to",
        "/x",
        "--secrets-manager",
        "y",
    ])
    .expect_code(2);
}

#[test]
fn kms_key_choice_and_exec_read_what_push_wrote() {
    let Some(k) = kit() else { return };
    let key = k.moto.create_key();
    k.encrypted(
        "app.enc.yaml",
        "db:\n    host: db.local\n    port: 5432\ntoken: t0k3n\n",
    );
    k.secret(&[
        "push",
        "app.enc.yaml",
        "--secrets-manager",
        "app",
        "--kms-key",
        &key,
        "--yes",
    ])
    .success();
    let described = k.moto_call("DescribeSecret", serde_json::json!({"SecretId": "app"}));
    assert_eq!(described["KmsKeyId"], key.as_str());
    k.secret(&[
        "push",
        "app.enc.yaml",
        "--secrets-manager",
        "keys",
        "--per-key",
        "--yes",
    ])
    .success();
    // A foreign JSON secret with a number in it, as RDS writes them.
    k.moto_call(
        "CreateSecret",
        serde_json::json!({"Name": "rds", "SecretString": r#"{"port": 3306, "user": "admin"}"#}),
    );

    let script = "echo $db_host $db_port $token $user $port";
    let run = k
        .secret(&["exec", "--secrets-manager", "app", "--", "sh", "-c", script])
        .success();
    assert_eq!(run.stdout_text(), "db.local 5432 t0k3n\n");
    let run = k
        .secret(&[
            "exec",
            "--secrets-manager",
            "keys",
            "--per-key",
            "--",
            "sh",
            "-c",
            script,
        ])
        .success();
    assert_eq!(run.stdout_text(), "db.local 5432 t0k3n\n");
    // Files first, then secrets in order: a later source wins.
    k.encrypted("local.enc.env", "user=local\nport=1\n");
    let run = k.secret(&[
        "exec",
        "local.enc.env",
        "--secrets-manager",
        "app",
        "--secrets-manager",
        "rds",
        "--",
        "sh",
        "-c",
        script,
    ]);
    let run = run.success();
    assert_eq!(run.stdout_text(), "db.local 5432 t0k3n admin 3306\n");
    k.secret(&["exec", "--secrets-manager", "missing", "--", "true"])
        .expect_failure()
        .assert_stderr_contains("secret missing does not exist");
}
