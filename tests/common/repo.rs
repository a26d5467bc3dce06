//! A git repository in a sandbox, set up as a project using `secret` is: a `.sops.yaml`
//! whose rule covers `*.enc.{yaml,json,env}` for some of the test keys, `secret git setup`
//! run, and git itself run with the sandbox's environment (an identity, the key file), so
//! that what git starts (the merge driver, textconv, the hook) sees the same.

use std::path::PathBuf;

use crate::common::keys::{Key, Keys, recipients_arg};
use crate::common::sandbox::{Run, Sandbox};
use crate::common::tools::{Tool, unavailable};

/// The rule's files.
pub const PATH_REGEX: &str = r"\.enc\.(yaml|json|env)$";

pub struct Repo {
    pub sandbox: Sandbox,
    pub keys: Keys,
    /// The key file of the person at the keyboard (`SOPS_AGE_KEY_FILE`).
    pub key_file: String,
    /// Who commits: name and e-mail.
    pub author: (String, String),
}

/// The real git.
pub fn git_tool() -> Tool {
    Tool {
        name: "git",
        path: PathBuf::from("git"),
    }
}

impl Repo {
    /// A repository whose `.sops.yaml` encrypts for `readers`, where the user holds
    /// `held`; `secret git setup` done and `.sops.yaml` and `.gitattributes` committed.
    pub fn new(keys: Keys, readers: &[Key], held: &[Key]) -> Repo {
        let sandbox = Sandbox::new();
        let key_file = keys.key_file_for(&sandbox, held);
        let repo = Repo {
            sandbox,
            keys,
            key_file,
            author: ("Ann Example".into(), "ann@example.com".into()),
        };
        repo.git(&["init", "-q", "-b", "main"]).success();
        repo.write_rules(readers);
        repo.secret(&["git", "setup"]).success();
        repo.git(&["add", ".sops.yaml", ".gitattributes"]).success();
        repo.commit("set up");
        repo
    }

    /// Writes `.sops.yaml` with the one rule, for `readers`.
    pub fn write_rules(&self, readers: &[Key]) {
        let config = format!(
            "creation_rules:\n  - path_regex: '{PATH_REGEX}'\n    age: '{}'\n",
            recipients_arg(readers)
        );
        self.sandbox.write(".sops.yaml", config.as_bytes());
    }

    /// The environment every program here runs with.
    pub fn env(&self) -> Vec<(&str, &str)> {
        vec![
            ("SOPS_AGE_KEY_FILE", self.key_file.as_str()),
            ("GIT_AUTHOR_NAME", self.author.0.as_str()),
            ("GIT_AUTHOR_EMAIL", self.author.1.as_str()),
            ("GIT_COMMITTER_NAME", self.author.0.as_str()),
            ("GIT_COMMITTER_EMAIL", self.author.1.as_str()),
            ("EDITOR", "false"),
        ]
    }

    /// Runs git here.
    pub fn git(&self, args: &[&str]) -> Run {
        self.sandbox.run(&git_tool(), args, &self.env())
    }

    /// Runs git here with more environment.
    pub fn git_with(&self, args: &[&str], extra: &[(&str, &str)]) -> Run {
        let mut env = self.env();
        env.extend_from_slice(extra);
        self.sandbox.run(&git_tool(), args, &env)
    }

    /// Runs `secret` here.
    pub fn secret(&self, args: &[&str]) -> Run {
        self.sandbox.secret(args, &self.env())
    }

    /// Runs `secret` here with more environment.
    pub fn secret_with(&self, args: &[&str], extra: &[(&str, &str)]) -> Run {
        let mut env = self.env();
        env.extend_from_slice(extra);
        self.sandbox.secret(args, &env)
    }

    /// Runs `tool` (sops) here, with the user's key.
    pub fn run(&self, tool: &Tool, args: &[&str]) -> Run {
        self.sandbox.run(tool, args, &self.env())
    }

    /// Commits everything staged (and tracked changes) with the hook.
    pub fn commit(&self, message: &str) {
        self.git(&["commit", "-q", "-a", "-m", message]).success();
    }

    /// Writes a plaintext file and encrypts it in place by the rule.
    pub fn add_encrypted(&self, name: &str, plaintext: &str) {
        self.sandbox.write(name, plaintext.as_bytes());
        self.secret(&["encrypt", "-i", name]).success();
        self.git(&["add", name]).success();
    }

    /// The line of the file holding `needle`.
    pub fn line_with(&self, name: &str, needle: &str) -> String {
        String::from_utf8(self.sandbox.read(name))
            .unwrap()
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{name} has no line with {needle}"))
            .to_string()
    }

    /// An editor (for `secret edit`) that fails unless the file holds each of `expect`,
    /// then replaces it with `result`.
    pub fn editor(&self, name: &str, expect: &[&str], result: &str) -> String {
        let result_file = self
            .sandbox
            .write(&format!("{name}.result"), result.as_bytes());
        let mut script = String::from("#!/bin/sh\nset -e\n");
        for needle in expect {
            script.push_str(&format!(
                "grep -qF -- '{}' \"$1\"\n",
                needle.replace('\'', "'\\''")
            ));
        }
        script.push_str(&format!("cp '{}' \"$1\"\n", result_file.display()));
        let path = self.sandbox.write(&format!("{name}.sh"), script.as_bytes());
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path.to_string_lossy().into_owned()
    }
}

/// The pre-commit framework (PyPI `pre-commit`), from the test venv.
pub fn pre_commit() -> Option<Tool> {
    let bin = std::env::var_os("SECRET_TEST_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::common::tools::manifest_dir().join("target/test-venv/bin"));
    let path = bin.join("pre-commit");
    if !path.is_file() {
        return unavailable(&format!(
            "pre-commit not found at {} (run scripts/test-tools.sh)",
            path.display()
        ));
    }
    Some(Tool {
        name: "pre-commit",
        path,
    })
}
