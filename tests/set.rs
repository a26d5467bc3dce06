//! `secret set`, `unset` and `get` on encrypted files: the diff shows only what changed,
//! sops 3.11 reads the result, concurrent writers both land.

mod common;

use std::process::{Command, Stdio};

use common::*;

/// A sandbox with `name` holding `plaintext` encrypted by `tool` for key 1, and the
/// environment that lets either tool decrypt it.
struct Setup {
    sandbox: Sandbox,
    tools: Tools,
    key_file: String,
}

impl Setup {
    fn new(name: &str, plaintext: &str, encrypt_with_sops: bool) -> Option<Setup> {
        let tools = tools()?;
        let sandbox = Sandbox::new();
        let key_file = tools.keys.key_file_for(&sandbox, &[K1]);
        let plain_name = format!("plain-{name}");
        sandbox.write(&plain_name, plaintext.as_bytes());
        let tool = if encrypt_with_sops {
            &tools.sops
        } else {
            &tools.secret
        };
        encrypt(&sandbox, tool, &plain_name, &[K1], name);
        Some(Setup {
            sandbox,
            tools,
            key_file,
        })
    }

    fn env(&self) -> [(&str, &str); 1] {
        [("SOPS_AGE_KEY_FILE", self.key_file.as_str())]
    }

    fn secret(&self, args: &[&str]) -> Run {
        self.sandbox.secret(args, &self.env())
    }

    /// Asserts that sops decrypts `name` to the same data as `expected`.
    fn assert_sops_reads(&self, name: &str, expected: &str) {
        assert_decrypts_to(
            &self.sandbox,
            &self.tools.sops,
            &self.tools.keys,
            name,
            &[K1],
            expected.as_bytes(),
        );
    }

    fn git(&self, args: &[&str]) -> String {
        let output = Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(self.sandbox.root())
            .env("HOME", self.sandbox.home())
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Commits `name`, and gives the added and removed line counts of its next change.
    fn commit(&self, name: &str) {
        self.git(&["add", name]);
        self.git(&["commit", "-q", "-m", "state"]);
    }

    fn numstat(&self, name: &str) -> (usize, usize) {
        let stat = self.git(&["diff", "--numstat", "--", name]);
        let mut fields = stat.split_whitespace().map(|n| n.parse().expect("a count"));
        (fields.next().unwrap_or(0), fields.next().unwrap_or(0))
    }

    fn diff(&self, name: &str) -> String {
        self.git(&["diff", "--", name])
    }
}

/// Fifty values in a commented, nested YAML file.
fn fifty_values() -> String {
    let mut text = String::from("# service settings\n");
    for group in 0..10 {
        text.push_str(&format!("group{group}:  # group {group}\n"));
        for item in 0..5 {
            text.push_str(&format!("    key{item}: value-{group}-{item}\n"));
        }
    }
    text
}

#[test]
fn set_and_unset_change_only_their_line_lastmodified_and_mac() {
    let plaintext = fifty_values();
    let Some(setup) = Setup::new("big.yaml", &plaintext, false) else {
        return;
    };
    setup.git(&["init", "-q"]);
    setup.commit("big.yaml");
    // lastmodified has a one-second resolution: make sure it moves.
    std::thread::sleep(std::time::Duration::from_millis(1100));

    setup
        .secret(&["set", "big.yaml", "group4.key2", "changed"])
        .success();
    assert_eq!(
        setup.numstat("big.yaml"),
        (3, 3),
        "{}",
        setup.diff("big.yaml")
    );
    let diff = setup.diff("big.yaml");
    for changed in ["key2:", "lastmodified:", "mac:"] {
        assert!(
            diff.lines()
                .any(|l| l.starts_with('+') && l.contains(changed)),
            "{diff}"
        );
    }
    let after_set = plaintext.replace("value-4-2", "changed");
    setup.assert_sops_reads("big.yaml", &after_set);

    setup.commit("big.yaml");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    setup
        .secret(&["unset", "big.yaml", "group7.key0"])
        .success();
    assert_eq!(
        setup.numstat("big.yaml"),
        (2, 3),
        "{}",
        setup.diff("big.yaml")
    );
    setup.assert_sops_reads("big.yaml", &after_set.replace("    key0: value-7-0\n", ""));
    let decrypted = setup
        .secret(&["decrypt", "big.yaml"])
        .success()
        .stdout_text();
    assert!(decrypted.contains("# group 7") && decrypted.starts_with("# service settings"));
}

#[test]
fn set_works_on_a_file_sops_wrote() {
    let plaintext = "a: 1\nm:\n  x: why\nl:\n  - one\n";
    let Some(setup) = Setup::new("s.yaml", plaintext, true) else {
        return;
    };
    setup
        .secret(&["set", "s.yaml", r#"["m"]["z"]"#, "new"])
        .success();
    setup.secret(&["set", "s.yaml", "l[1]", "two"]).success();
    setup.secret(&["unset", "s.yaml", "a"]).success();
    setup.assert_sops_reads("s.yaml", "m:\n  x: why\n  z: new\nl:\n  - one\n  - two\n");
}

#[test]
fn concurrent_sets_both_land() {
    let Some(setup) = Setup::new("c.yaml", "a: 1\n", false) else {
        return;
    };
    let children: Vec<_> = ["first", "second"]
        .iter()
        .map(|key| {
            let mut command = setup.sandbox.command(&setup.tools.secret);
            command
                .args(["set", "c.yaml", key, "v"])
                .envs(setup.env())
                .stderr(Stdio::piped())
                .spawn()
                .expect("secret starts")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("secret ends");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = setup.secret(&["decrypt", "c.yaml"]).success().stdout_text();
    assert!(
        text.contains("first: v") && text.contains("second: v"),
        "{text}"
    );
}

#[test]
fn get_prints_scalars_raw_and_subtrees_in_the_files_format() {
    let Some(setup) = Setup::new("g.yaml", "db:\n  user: app\n  port: 5432\n", false) else {
        return;
    };
    assert_eq!(
        setup
            .secret(&["get", "g.yaml", "db.user"])
            .success()
            .stdout_text(),
        "app"
    );
    let subtree = setup
        .secret(&["get", "g.yaml", "db"])
        .success()
        .stdout_text();
    assert_eq!(subtree, "user: app\nport: 5432\n");
    setup.secret(&["get", "g.yaml", "db.nope"]).expect_code(1);
}

#[test]
fn decrypt_extract_takes_sops_paths() {
    let Some(setup) = Setup::new("x.yaml", "db:\n  user: app\n  port: 5432\n", false) else {
        return;
    };
    let extract = |path: &str| setup.secret(&["decrypt", "--extract", path, "x.yaml"]);
    assert_eq!(extract(r#"["db"]["user"]"#).success().stdout_text(), "app");
    assert_eq!(
        extract(r#"["db"]["port"]"#).success().stdout_text(),
        "5432\n"
    );
    extract(r#"["db"]["nope"]"#).expect_code(1);
    extract(r#"["db"#).expect_code(91);
}

#[test]
fn set_takes_json_and_standard_input() {
    let Some(setup) = Setup::new("v.yaml", "a: 1\n", false) else {
        return;
    };
    let json = r#"{"user": "app", "ports": [80, 443], "tls": true}"#;
    setup
        .secret(&["set", "--json", "v.yaml", "web", json])
        .success();
    let mut child = setup
        .sandbox
        .command(&setup.tools.secret)
        .args(["set", "v.yaml", "pw", "-"])
        .envs(setup.env())
        .stdin(Stdio::piped())
        .spawn()
        .expect("secret starts");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"from stdin\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
    let expected = "a: 1\nweb:\n  user: app\n  ports: [80, 443]\n  tls: true\npw: from stdin\n";
    setup.assert_sops_reads("v.yaml", expected);
    setup
        .secret(&["set", "--json", "v.yaml", "x", "{"])
        .expect_code(7);
    setup.secret(&["set", "v.yaml", "a.b", "x"]).expect_code(7);
}

#[test]
fn json_dotenv_and_ini_set_and_unset() {
    let cases = [
        (
            "f.json",
            "{\n  \"a\": \"1\",\n  \"b\": \"2\"\n}\n",
            ["c", "3"],
            "a",
            "{\"b\": \"2\", \"c\": \"3\"}",
        ),
        ("f.env", "A=1\nB=2\n", ["C", "3"], "A", "B=2\nC=3\n"),
        (
            "f.ini",
            "[s]\na = 1\nb = 2\n",
            ["s.c", "3"],
            "s.a",
            "[s]\nb = 2\nc = 3\n",
        ),
    ];
    for (name, plaintext, [path, value], removed, expected) in cases {
        let Some(setup) = Setup::new(name, plaintext, false) else {
            return;
        };
        setup.secret(&["set", name, path, value]).success();
        setup.secret(&["unset", name, removed]).success();
        setup.assert_sops_reads(name, expected);
    }
}
