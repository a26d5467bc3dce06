//! Errors as the user sees them: a message naming the file, a hint, and an exit code
//! (sops's where the situation is the same, sops-format.md §9.4).

use std::path::PathBuf;

use secret_core::config::ConfigError;
use secret_core::config_edit::ConfigEditError;
use secret_core::env::EnvError;
use secret_core::keys::age::BadRecipient;
use secret_core::ops::OpError;
use secret_core::secrets_manager::{SecretNameError, SmError};
use secret_core::sops::error::SopsError;
use secret_core::sops::rules::SelectorError;
use secret_core::ssm::{NameError, SsmError};
use secret_process::ExecError;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Op(#[from] OpError),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    BadPath(String),
    #[error("{0}")]
    NotFound(String),
    /// A `set`/`unset` path or value that cannot be used.
    #[error("{0}")]
    InvalidEdit(String),
    #[error(transparent)]
    Editor(#[from] super::editor::EditorError),
    #[error(transparent)]
    PrivateDir(#[from] secret_core::private_dir::PrivateDirError),
    #[error("{}: edit aborted; the file was not changed", .0.display())]
    Aborted(PathBuf),
    #[error("no file named, and no .sops.yaml found to take an environment from")]
    NoEnvironments,
    #[error(transparent)]
    Exec(#[from] ExecError),
    #[error("--format github needs $GITHUB_ENV (set by the GitHub Actions runner) or -o FILE")]
    NoGithubEnv,
    #[error("{} exists already", .0.display())]
    ConfigExists(PathBuf),
    #[error("no age key to encrypt for")]
    NoKeyForInit,
    #[error("cannot ask: {0}")]
    Prompt(String),
    #[error(transparent)]
    Ssm(#[from] SsmError),
    #[error("{0}; what was written so far stays")]
    Interrupted(SsmError),
    #[error(transparent)]
    SecretsManager(#[from] SmError),
    #[error("{0}; what was written so far stays")]
    SecretsManagerInterrupted(SmError),
    /// A change that needs a yes, asked without a terminal to answer on.
    #[error("{0}, and there is no terminal to confirm it on")]
    NeedsYes(String),
    #[error("nothing was changed")]
    Declined,
    /// A Vault KV write (`publish`) that failed.
    #[error(transparent)]
    Vault(secret_core::remote::RemoteError),
    #[error("{what}")]
    Unsupported { what: String, hint: String },
    #[error(transparent)]
    ConfigEdit(#[from] ConfigEditError),
    #[error("no .sops.yaml here or above (nor --config)")]
    NoConfig,
    /// Some files of a run over several failed (each reported on its own line).
    #[error("{}", some_failed(*failed, *total, what))]
    SomeFailed {
        failed: usize,
        total: usize,
        /// The exit code of the first that failed.
        code: i32,
        what: String,
    },
    #[error(transparent)]
    Template(#[from] secret_core::template::TemplateError),
    #[error(transparent)]
    K8s(#[from] secret_core::k8s::K8sError),
    #[error(transparent)]
    Generate(#[from] secret_core::generate::GenerateError),
    #[error("{source}; {done} of {total} files were re-keyed before it")]
    RekeyStopped {
        done: usize,
        total: usize,
        source: OpError,
    },
    #[error(transparent)]
    Merge(#[from] secret_core::ops::merge::MergeError),
    #[error(transparent)]
    Check(#[from] secret_core::ops::check::CheckError),
    #[error(transparent)]
    Scan(#[from] secret_core::ops::scan::ScanError),
    #[error(transparent)]
    Log(#[from] secret_core::ops::log::LogError),
    #[error(transparent)]
    GitSetup(#[from] secret_core::ops::gitsetup::SetupError),
}

impl From<ConfigError> for CliError {
    fn from(error: ConfigError) -> CliError {
        CliError::Op(error.into())
    }
}

impl From<BadRecipient> for CliError {
    fn from(error: BadRecipient) -> CliError {
        CliError::Op(error.into())
    }
}

impl From<SelectorError> for CliError {
    fn from(error: SelectorError) -> CliError {
        CliError::Op(error.into())
    }
}

impl CliError {
    /// An error about `file` of the sops layer.
    pub fn sops(file: impl Into<PathBuf>, source: SopsError) -> CliError {
        CliError::Op(OpError::Sops {
            file: file.into(),
            source,
        })
    }

    pub fn read(path: impl Into<PathBuf>, source: std::io::Error) -> CliError {
        CliError::Op(OpError::Read {
            path: path.into(),
            source,
        })
    }

    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> CliError {
        CliError::Op(OpError::Write {
            path: path.into(),
            source,
        })
    }
}

impl From<NameError> for CliError {
    fn from(error: NameError) -> CliError {
        CliError::Ssm(error.into())
    }
}

impl From<SecretNameError> for CliError {
    fn from(error: SecretNameError) -> CliError {
        CliError::SecretsManager(error.into())
    }
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Op(error) => error.exit_code(),
            CliError::Conflict(_) => 8,
            CliError::NeedsYes(_) => NEEDS_YES,
            CliError::RekeyStopped { source, .. } => source.exit_code(),
            CliError::SomeFailed { code, .. } => *code,
            CliError::BadPath(_) => 91,
            CliError::InvalidEdit(_) => 7,
            CliError::Editor(super::editor::EditorError::NotFound) => 201,
            CliError::Exec(error) => error.exit_code(),
            CliError::Merge(error) => error.exit_code(),
            CliError::Scan(secret_core::ops::scan::ScanError::NoValues) => 128,
            _ => 1,
        }
    }

    /// A mistake in how the command was called: its `--help` explains the options.
    pub fn is_usage(&self) -> bool {
        if let CliError::Op(error) = self {
            return error.is_usage();
        }
        matches!(
            self,
            CliError::Conflict(_)
                | CliError::BadPath(_)
                | CliError::InvalidEdit(_)
                | CliError::NoEnvironments
                | CliError::NoGithubEnv
                | CliError::ConfigExists(_)
                | CliError::NoKeyForInit
                | CliError::ConfigEdit(
                    ConfigEditError::BadKey(_)
                        | ConfigEditError::NoSuchRule(_)
                        | ConfigEditError::WhichGroup { .. }
                        | ConfigEditError::NoSuchGroup { .. }
                        | ConfigEditError::UnknownName(_)
                )
                | CliError::Check(secret_core::ops::check::CheckError::NoRepository(_))
        )
    }

    /// What to do about it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            CliError::Op(OpError::Sops { source, .. }) => return sops_hint(source),
            CliError::Op(OpError::NoRecipients(_)) => "pass --age age1…, set SOPS_AGE_RECIPIENTS, or add a creation rule with \
                                          `age:` to .sops.yaml (`secret init` writes one)"
                .into(),
            CliError::Op(OpError::Config(ConfigError::NoMatchingRule { file, patterns, .. })) => {
                no_rule_hint(file, patterns)
            }
            CliError::Op(OpError::KeyFileExists(_)) => "`secret doctor` shows its public key; for another key use \
                                            `secret keygen -o FILE` (or --print)"
                .into(),
            CliError::Op(OpError::NoConfigDir) => "pass -o FILE, or set XDG_CONFIG_HOME".into(),
            CliError::ConfigExists(_) => {
                "pass --force to replace it, or add your recipient to its `age:` by hand".into()
            }
            CliError::NoKeyForInit => {
                "run `secret keygen`, or name the recipients with --age age1…".into()
            }
            CliError::Prompt(_) => "answer with flags instead, and --yes".into(),
            CliError::Op(OpError::ChangedMeanwhile { .. }) => {
                "compare the two (`secret decrypt` both) and keep what you need with `secret edit`".into()
            }
            CliError::InvalidEdit(_) => "paths look like a.b[0].c or [\"a\"][\"b\"][0][\"c\"]; with --json, \
                                          quote the value for the shell: '{\"user\": \"app\"}'"
                .into(),
            CliError::NotFound(_) => "`secret decrypt` the file to see what it holds".into(),
            CliError::Op(OpError::Env { source: EnvError::List(_), .. }) => {
                "lists have no environment variable form; make it a mapping or a string".into()
            }
            CliError::Op(OpError::Env { .. }) => "rename the key, or move it to a file you do not load".into(),
            CliError::Op(OpError::NotVariables(_)) => "exec and export read YAML, JSON, dotenv and INI files".into(),
            CliError::NoEnvironments | CliError::Op(OpError::Config(ConfigError::NoDefaultEnvironment { .. })) => {
                "name the files (`secret exec FILE... -- CMD`), or define `secret: {default_environment: dev, \
                 environments: {dev: {files: [dev.enc.env]}}}` in .sops.yaml"
                    .into()
            }
            CliError::Exec(ExecError::NotFound { .. }) => {
                "check the name and PATH (with --pristine, PATH is /usr/local/bin:/usr/bin:/bin); there is no \
                 shell, so use `sh -c '…'` for shell syntax"
                    .into()
            }
            CliError::Exec(ExecError::CannotRun { .. }) => {
                "check that it is a program, not a directory, and executable (chmod +x)".into()
            }
            CliError::Op(OpError::Config(ConfigError::NoSuchNamespace { .. })) => {
                "define it: `secret: {ssm: {namespaces: {prod: /app/prod}}}` in .sops.yaml, or name it: --to /app/prod"
                    .into()
            }
            CliError::Op(OpError::Config(_)) => "fix the file, or point --config / SOPS_CONFIG at another one".into(),
            CliError::Ssm(error) | CliError::Interrupted(error) if ssm_hint(error).is_some() => {
                return ssm_hint(error);
            }
            CliError::Interrupted(_) | CliError::SecretsManagerInterrupted(_) => {
                "run the same command again: it writes only what is still missing".into()
            }
            CliError::SecretsManager(error) => return secrets_manager_hint(error),
            CliError::NeedsYes(_) => "review the change, then pass --yes (or run it on a terminal to be asked)".into(),
            CliError::NoConfig => "`secret init` writes one; or point --config at it".into(),
            CliError::RekeyStopped { .. } => {
                "fix the cause and run the same command again: .sops.yaml is changed already, and only the \
                 files still lagging their rule are re-keyed"
                    .into()
            }
            CliError::ConfigEdit(ConfigEditError::WhichGroup { .. }) => {
                "`secret recipients FILE` shows the groups of a file; pass --group N (from 0)".into()
            }
            CliError::ConfigEdit(ConfigEditError::NoSuchRule(_)) => {
                "rules are numbered from 0 in the order of creation_rules; or give a rule's path_regex exactly".into()
            }
            CliError::ConfigEdit(ConfigEditError::WouldLeaveNoKey { .. }) => {
                "add the key that replaces it first (`secret recipients add KEY`), then remove this one".into()
            }
            CliError::ConfigEdit(ConfigEditError::UnknownName(_)) => {
                "give the key itself, or a name from `secret: names:` in .sops.yaml".into()
            }
            CliError::ConfigEdit(ConfigEditError::InMerge { .. } | ConfigEditError::Unsupported { .. }) => {
                "edit .sops.yaml by hand, then run `secret updatekeys --yes FILE` for each file".into()
            }
            CliError::Merge(error) => return git_hints::merge(error),
            CliError::GitSetup(error) => return git_hints::setup(error),
            CliError::Scan(secret_core::ops::scan::ScanError::NoValues) => {
                "scan needs the values: set SOPS_AGE_KEY_FILE (or SOPS_AGE_KEY) to a key of the files' \
                 recipients (`secret recipients FILE` lists them)"
                    .into()
            }
            CliError::Log(secret_core::ops::log::LogError::NoHistory(_)) => {
                "secret log reads git's history: commit the file first".into()
            }
            CliError::Op(OpError::MissingFile(_)) => "check the path; to create a new encrypted file use `secret encrypt` on a plaintext file".into(),
            CliError::Unsupported { hint, .. } => hint.clone(),
            CliError::Template(_) => "placeholders are ${a.b[0].c} (a path, as `secret get` takes it) or ${NAME} (a dotenv \
                                      key, or a variable as `secret exec` names it); $${ writes a literal ${"
                .into(),
            CliError::K8s(secret_core::k8s::K8sError::BadKey { .. }) => {
                "rename the key in the file, or leave the file out of this Secret".into()
            }
            CliError::Op(OpError::NoDestination(_)) => {
                "add a destination_rules entry to .sops.yaml, e.g. {path_regex: \\.json$, vault_path: app/}".into()
            }
            CliError::Vault(secret_core::remote::RemoteError::Unreachable { .. }) => {
                "check VAULT_ADDR (or the rule's vault_address) and that the server is up".into()
            }
            _ => return None,
        })
    }
}

fn some_failed(failed: usize, total: usize, what: &str) -> String {
    if failed == total {
        format!("all {total} files failed (see above)")
    } else {
        format!("{failed} of {total} files failed (see above); the others were {what}")
    }
}

/// The exit code of a change that needs a yes when there is no terminal to ask on (not one
/// of sops's codes).
pub const NEEDS_YES: i32 = 9;

/// The rules' patterns, and the name that would match when one is near.
fn no_rule_hint(file: &str, patterns: &[String]) -> String {
    let shown: Vec<String> = patterns
        .iter()
        .map(|p| {
            if p.is_empty() {
                "(every file)".into()
            } else {
                format!("`{p}`")
            }
        })
        .collect();
    let mut hint = format!(
        "the creation rules cover files matching {}",
        shown.join(", ")
    );
    let path = std::path::Path::new(file);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let candidate = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with(".enc") => format!("{stem}.enc.{ext}"),
        _ => format!("{name}.enc.yaml"),
    };
    let renamed = path
        .with_file_name(&candidate)
        .to_string_lossy()
        .into_owned();
    let matches = patterns
        .iter()
        .any(|p| regex_lite::Regex::new(p).is_ok_and(|r| r.is_match(&renamed)));
    if matches {
        hint.push_str(&format!(
            "\n    rename it to {candidate}, or keep its name and pass --filename-override {candidate}"
        ));
    } else {
        hint.push_str(
            "\n    rename it so that one matches (or pass --filename-override NAME), or add a rule for it to .sops.yaml",
        );
    }
    hint.push_str(
        "\n    (keys named with --age and the like still need a rule that matches, as in sops)",
    );
    hint
}

fn ssm_hint(error: &SsmError) -> Option<String> {
    Some(match error {
        SsmError::Name(NameError::NeedsAdvanced { .. }) => {
            "pass --advanced to store it in the Advanced tier (charged by AWS), or shorten the value".into()
        }
        SsmError::Name(NameError::EmptyValue(_)) => "give it a value, or remove the key from the file".into(),
        SsmError::Name(_) => "rename the key in the file: SSM names allow letters, digits and `_.-`, at most 15 \
                              levels"
            .into(),
        SsmError::NoRegion => "export AWS_REGION=eu-west-1 (or your region)".into(),
        SsmError::EmptyNamespace(_) | SsmError::NotFound(_) => {
            "check the name: `secret ssm list SERVICE` shows what a namespace holds".into()
        }
        SsmError::Throttled(_) => "SSM kept refusing for too many requests; wait a minute and run it again".into(),
        _ => return None,
    })
}

fn secrets_manager_hint(error: &SmError) -> Option<String> {
    Some(match error {
        SmError::Name(SecretNameError::SlashInKey { .. }) => {
            "rename the key: `/` separates the levels of the names (`db: {host: …}` is `db/host`)".into()
        }
        SmError::Name(SecretNameError::EmptyValue(_)) => "give it a value, or remove the key from the file".into(),
        SmError::Name(SecretNameError::TooLarge { .. }) => {
            "one secret holds at most 64 KB: --per-key stores a secret per value, or split the file".into()
        }
        SmError::Name(_) => "Secrets Manager names allow letters, digits and `/_+=.@-`, up to 512 characters".into(),
        SmError::NoRegion => "export AWS_REGION=eu-west-1 (or your region)".into(),
        SmError::NotFound(_) | SmError::NoneUnder(_) => {
            "check the name; --per-key reads a secret per value (NAME/KEY), without it one JSON secret NAME".into()
        }
        SmError::Deleted(name) => format!(
            "restore it (aws secretsmanager restore-secret --secret-id {name}); `secret push` restores it too"
        ),
        SmError::NotAnObject { .. } => {
            "--secrets-manager NAME reads a JSON object of values; --per-key reads a secret per value".into()
        }
        SmError::NotAVariable { .. } => "rename the key, or load that secret elsewhere".into(),
        SmError::Throttled(_) => {
            "Secrets Manager kept refusing for too many requests; wait a minute and run it again".into()
        }
        _ => return None,
    })
}

fn sops_hint(error: &SopsError) -> Option<String> {
    Some(match error {
        SopsError::MetadataNotFound => "to encrypt it, run `secret encrypt` instead".into(),
        SopsError::AlreadyEncrypted => "to change it, use `secret decrypt` first, or `secret edit`".into(),
        SopsError::MacMismatch | SopsError::MacUndecryptable => {
            "someone edited the encrypted file by hand or a merge mixed two versions; check the change, then \
             re-encrypt it. `--ignore-mac` decrypts anyway"
                .into()
        }
        SopsError::Value { .. } => "the value was changed, moved to another key, or belongs to another file".into(),
        SopsError::NoKey { failures, searched, .. } => no_key_hint(failures, searched),
        _ => return None,
    })
}

fn no_key_hint(
    failures: &[(usize, Vec<secret_core::sops::error::KeyFailure>)],
    searched: &[String],
) -> String {
    let mut hint = String::from("no key you hold opens these key groups of the file:");
    for (index, group) in failures {
        for failure in group {
            hint.push_str(&format!(
                "\n    group {index}: {} ({})",
                failure.key, failure.reason
            ));
        }
    }
    if !searched.is_empty() {
        hint.push_str("\n  age keys were looked for in:");
        for place in searched {
            hint.push_str(&format!("\n    {place}"));
        }
        hint.push_str(
            "\n  set SOPS_AGE_KEY_FILE (or SOPS_AGE_KEY) to the key of one of these recipients",
        );
    }
    hint
}

/// Hints for the git commands' errors.
mod git_hints {
    use secret_core::ops::gitsetup::SetupError;
    use secret_core::ops::merge::MergeError;
    use secret_core::sops::error::SopsError;

    pub fn merge(error: &MergeError) -> Option<String> {
        let one_side = "git marks the file conflicted with our version in place: take one side \
                        (`git checkout --ours FILE` or `--theirs`), bring in the other side's \
                        changes with `secret edit`, then `git add` it";
        Some(match error {
            MergeError::Open {
                source: SopsError::NoKey { .. },
                ..
            } => format!(
                "merging encrypted values needs a key of the file's recipients \
                 (`secret recipients FILE`); {one_side}, or get a key and merge again"
            ),
            MergeError::Metadata { .. } => format!(
                "{one_side}; for recipients, `secret updatekeys` applies .sops.yaml afterwards"
            ),
            MergeError::Open { .. }
            | MergeError::NotEncrypted { .. }
            | MergeError::Documents { .. }
            | MergeError::Layout { .. }
            | MergeError::Wrap { .. }
            | MergeError::Seal { .. } => one_side.to_string(),
            _ => return None,
        })
    }

    pub fn setup(error: &SetupError) -> Option<String> {
        Some(match error {
            SetupError::NoConfig(_) => {
                "run `secret init` first (or `secret init --git`, which also sets up git)".into()
            }
            SetupError::HookConflict(path) => format!(
                "move {} away (it is an older hook secret kept), then run setup again",
                path.display()
            ),
            _ => return None,
        })
    }
}
