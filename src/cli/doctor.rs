//! `secret doctor`: is this machine set up to encrypt and decrypt this project's files?

use std::path::{Path, PathBuf};

use clap::Args;

use super::drift::describe_drift;
use super::{Cli, CliError};
use secret_core::config::{self, CreationRule, LoadedConfig};
use secret_core::keys::age::{AgeIdentities, AgeKey, KeySource, plugin};
use secret_core::keys::pgp::{self, HeldPgpKey};
use secret_core::ops::rewrite::drift;
use secret_core::ops::team;

/// Check the set-up: your keys (passphrase-protected ones and age plugins included),
/// .sops.yaml, the editor, gpg when PGP is used, AWS, Vault, GCP or Azure credentials
/// when their keys are used, and files whose recipients lag their creation rule.
///
/// Each line is a pass (✓) or a problem (✗) followed by its fix. Nothing is sent anywhere:
/// credentials are looked for, not tried. Exits 1 when something needs fixing.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret doctor
  secret doctor deploy/prod.enc.yaml     (also: the creation rule for this file, and whether it is yours)")]
pub struct DoctorArgs {
    /// Also check the creation rule that applies to this file.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: Option<PathBuf>,
}

/// One finding.
enum Check {
    Pass(String),
    Fix { problem: String, fix: String },
}

impl Check {
    fn fix(problem: impl Into<String>, fix: impl Into<String>) -> Check {
        Check::Fix {
            problem: problem.into(),
            fix: fix.into(),
        }
    }

    fn print(&self) {
        match self {
            Check::Pass(what) => println!("✓ {what}"),
            Check::Fix { problem, fix } => println!("✗ {problem}\n    fix: {fix}"),
        }
    }
}

/// Prints every check; returns 1 when one needs fixing.
pub fn run(cli: &Cli, args: &DoctorArgs) -> Result<i32, CliError> {
    let identities = AgeIdentities::discover("");
    let pgp = PgpSetup::probe(cli, args.file.as_deref());
    let held = Held {
        age: identities.held_recipients(),
        plugins: identities
            .sources()
            .iter()
            .flat_map(|s| s.plugins.iter().cloned())
            .collect(),
        pgp: pgp.as_ref().map(|p| p.held.clone()).unwrap_or_default(),
    };
    let mut checks = key_checks(&identities, pgp.as_ref());
    let loaded = config_checks(cli, args.file.as_deref(), &held, &mut checks);
    checks.push(editor_check());
    if loaded.as_ref().is_some_and(uses_kms) {
        checks.push(aws_check());
        #[cfg(feature = "aws")]
        checks.push(companion_check());
    }
    if let Some(services) = loaded.as_ref().map(RemoteUse::of).filter(RemoteUse::any) {
        checks.extend(services.checks());
    }
    checks.iter().for_each(Check::print);
    let problems = checks
        .iter()
        .filter(|c| matches!(c, Check::Fix { .. }))
        .count();
    Ok(i32::from(problems > 0))
}

/// The keys this user holds: age recipients, and PGP secret keys when the rules use PGP.
struct Held {
    age: Vec<String>,
    /// The age plugins this user holds identities of: a recipient of one may be theirs.
    plugins: Vec<String>,
    pgp: Vec<HeldPgpKey>,
}

impl Held {
    /// Whether one of these keys is the user's.
    fn any_of(&self, age: &[String], pgp: &[String]) -> bool {
        age.iter().any(|r| self.age.contains(r))
            || age
                .iter()
                .filter_map(|r| plugin::plugin_of(r))
                .any(|p| self.plugins.contains(&p))
            || pgp.iter().any(|fp| self.pgp.iter().any(|k| k.matches(fp)))
    }
}

/// gpg and the secret keys it holds, looked at only when `.sops.yaml` names PGP keys.
struct PgpSetup {
    /// Every PGP fingerprint of the creation rules.
    fingerprints: Vec<String>,
    /// `gpg --version`'s first line, or why gpg cannot be run.
    gpg: Result<String, pgp::PgpError>,
    held: Vec<HeldPgpKey>,
}

impl PgpSetup {
    fn probe(cli: &Cli, file: Option<&Path>) -> Option<PgpSetup> {
        let path = config::find(cli.options.config.as_deref(), file)?;
        let loaded = config::load(&path).ok()?;
        let fingerprints: Vec<String> = loaded
            .config
            .creation_rules
            .iter()
            .flat_map(rule_fingerprints)
            .collect();
        if fingerprints.is_empty() {
            return None;
        }
        let gpg = pgp::version();
        let held = match &gpg {
            Ok(_) => pgp::held_keys().unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        Some(PgpSetup {
            fingerprints,
            gpg,
            held,
        })
    }

    /// The fingerprints of the rules whose secret key gpg holds.
    fn held_fingerprints(&self) -> Vec<&str> {
        let mut held: Vec<&str> = self
            .fingerprints
            .iter()
            .filter(|fp| self.held.iter().any(|k| k.matches(fp)))
            .map(String::as_str)
            .collect();
        held.dedup();
        held
    }

    fn checks(&self) -> Vec<Check> {
        let mut checks = vec![match &self.gpg {
            Ok(version) => Check::Pass(format!("gpg for the PGP keys of .sops.yaml: {version}")),
            Err(error) => Check::fix(
                format!("the project uses PGP keys: {error}"),
                "install GnuPG (`apt install gnupg`, `brew install gnupg`, …), or set SOPS_GPG_EXEC to the gpg program",
            ),
        }];
        checks.extend(
            self.held_fingerprints()
                .into_iter()
                .map(|fp| Check::Pass(format!("PGP secret key for {fp} in {}", pgp::keyring()))),
        );
        checks
    }
}

/// Every PGP fingerprint a rule names, flat or in key groups.
fn rule_fingerprints(rule: &CreationRule) -> Vec<String> {
    let mut all: Vec<String> = rule
        .pgp
        .as_ref()
        .map(|p| p.items().iter().map(|fp| fp.replace(' ', "")).collect())
        .unwrap_or_default();
    all.extend(rule.key_groups.iter().flat_map(|g| g.pgp_fingerprints()));
    all
}

fn key_checks(identities: &AgeIdentities, pgp: Option<&PgpSetup>) -> Vec<Check> {
    let mut checks: Vec<Check> = identities
        .sources()
        .iter()
        .flat_map(source_checks)
        .collect();
    checks.extend(
        identities
            .problems
            .iter()
            .map(|problem| Check::fix(problem.what.clone(), problem.fix.clone())),
    );
    if let Some(pgp) = pgp {
        checks.extend(pgp.checks());
    }
    let holds_pgp = pgp.is_some_and(|p| !p.held_fingerprints().is_empty());
    if identities.sources().is_empty() && !holds_pgp {
        checks.push(Check::fix(
            format!(
                "no age key found; looked in: {}",
                identities.searched.join(", ")
            ),
            "`secret keygen` creates one in the default key file (or set SOPS_AGE_KEY_FILE)",
        ));
    }
    checks
}

/// What a place that held identities gives: its keys, and the plugins they go through.
fn source_checks(source: &KeySource) -> Vec<Check> {
    let mut checks = Vec::new();
    let recipients = source.recipients.join(", ");
    if source.locked && source.recipients.is_empty() {
        checks.push(Check::Pass(format!(
            "passphrase-protected age key file {} (its passphrase is asked when a file needs it)",
            source.name
        )));
    } else if source.locked {
        checks.push(Check::Pass(format!(
            "passphrase-protected SSH key {} (asked for when a file needs it): {recipients}",
            source.name
        )));
    } else if !source.recipients.is_empty() || source.plugins.is_empty() {
        checks.push(Check::Pass(format!(
            "age key in {}: {recipients}",
            source.name
        )));
    }
    for name in &source.plugins {
        if let Some(path) = plugin::find(name) {
            checks.push(Check::Pass(format!(
                "age plugin identity in {}: {} ({})",
                source.name,
                plugin::program(name),
                path.display()
            )));
        }
    }
    checks
}

/// Checks the project's `.sops.yaml` (and the rule for `file`); returns it when it loads.
fn config_checks(
    cli: &Cli,
    file: Option<&Path>,
    held: &Held,
    checks: &mut Vec<Check>,
) -> Option<LoadedConfig> {
    let Some(path) = config::find(cli.options.config.as_deref(), file) else {
        checks.push(Check::fix(
            "no .sops.yaml here or above",
            "`secret init` writes one for your key",
        ));
        return None;
    };
    let loaded = match config::load(&path) {
        Ok(loaded) => loaded,
        Err(error) => {
            checks.push(Check::fix(
                error.to_string(),
                "fix the file (YAML syntax, field names)",
            ));
            return None;
        }
    };
    let rule_problems: Vec<Check> = loaded
        .config
        .creation_rules
        .iter()
        .enumerate()
        .filter_map(|(index, rule)| rule_problem(&path, index, rule))
        .collect();
    if rule_problems.is_empty() {
        checks.push(Check::Pass(format!(
            "{}: {} creation rule(s), valid",
            path.display(),
            loaded.config.creation_rules.len()
        )));
    }
    checks.extend(rule_problems);
    if let Some(file) = file {
        checks.push(file_rule_check(&loaded, file, held));
    }
    checks.extend(drift_checks(&loaded));
    Some(loaded)
}

/// The project's encrypted files whose recipients lag their creation rule, each with the
/// command that brings it in line (metadata only: no key needed).
fn drift_checks(loaded: &LoadedConfig) -> Vec<Check> {
    let Ok(files) = team::project_files(loaded) else {
        return Vec::new();
    };
    let lagging: Vec<Check> = files
        .iter()
        .filter_map(|file| {
            let lag = drift(&file.metadata, &file.wanted(loaded).ok()?);
            (!lag.is_empty()).then(|| {
                Check::fix(
                    format!(
                        "{} lags its creation rule: {}",
                        file.path.display(),
                        describe_drift(&lag, Some(&loaded.config))
                    ),
                    format!("secret updatekeys --yes {}", file.path.display()),
                )
            })
        })
        .collect();
    if lagging.is_empty() && !files.is_empty() {
        return vec![Check::Pass(format!(
            "{} encrypted file(s), each encrypted for the recipients of its creation rule",
            files.len()
        ))];
    }
    lagging
}

fn rule_problem(path: &Path, index: usize, rule: &CreationRule) -> Option<Check> {
    let regex = rule.path_regex.as_deref().unwrap_or("");
    let problem = if let Err(e) = regex_lite::Regex::new(regex) {
        format!("invalid path_regex: {e}")
    } else if let Err(e) = AgeKey::parse_list(&rule_recipients(rule).join(",")) {
        e.to_string()
    } else if let Some(missing) = rule_recipients(rule)
        .iter()
        .filter_map(|r| plugin::plugin_of(r))
        .find(|name| plugin::find(name).is_none())
    {
        let program = plugin::program(&missing);
        return Some(Check::fix(
            format!(
                "{}: creation rule {index} encrypts for an age plugin recipient, but its program \
                 {program} is not on PATH",
                path.display()
            ),
            format!("install {program}, or add the directory that holds it to PATH"),
        ));
    } else {
        return None;
    };
    Some(Check::fix(
        format!("{}: creation rule {index}: {problem}", path.display()),
        "correct the rule",
    ))
}

/// Every age recipient a rule names, flat or in key groups.
fn rule_recipients(rule: &CreationRule) -> Vec<String> {
    let mut all = rule.age.as_ref().map(|a| a.items()).unwrap_or_default();
    all.extend(rule.key_groups.iter().flat_map(|g| g.age_recipients()));
    all
}

fn file_rule_check(loaded: &LoadedConfig, file: &Path, held: &Held) -> Check {
    let name = file.display();
    match loaded.rule_for(file) {
        Err(error) => Check::fix(
            error.to_string(),
            "add a rule whose path_regex matches it, or one without path_regex at the end",
        ),
        Ok(None) => Check::fix(
            format!("{} has no creation rules", loaded.path.display()),
            "`secret init --force` writes one for your key",
        ),
        Ok(Some(rule)) => {
            let recipients = rule_recipients(rule);
            let fingerprints = rule_fingerprints(rule);
            let service_keys = rule.kms.is_some() || RemoteUse::of_rule(rule).any();
            if held.any_of(&recipients, &fingerprints) || service_keys {
                Check::Pass(format!(
                    "the creation rule for {name} encrypts for: {}",
                    describe_recipients(rule, &recipients, &fingerprints)
                ))
            } else {
                Check::fix(
                    format!("none of the recipients of {name}'s rule is your key"),
                    match held.age.first() {
                        Some(mine) => {
                            format!("ask a teammate to run `secret recipients add {mine}`")
                        }
                        None => "`secret keygen`, then ask a teammate to add your key".into(),
                    },
                )
            }
        }
    }
}

fn describe_recipients(rule: &CreationRule, age: &[String], pgp: &[String]) -> String {
    let mut all = age.to_vec();
    all.extend(pgp.iter().map(|fp| format!("{fp} (PGP)")));
    all.extend(rule.kms.as_ref().map(|k| k.items()).unwrap_or_default());
    let listed = |list: &Option<secret_core::config::StringList>, kind: &str| -> Vec<String> {
        list.as_ref()
            .map(|l| l.items())
            .unwrap_or_default()
            .into_iter()
            .map(|key| format!("{key} ({kind})"))
            .collect()
    };
    all.extend(listed(&rule.gcp_kms, "GCP KMS"));
    all.extend(listed(&rule.azure_keyvault, "Azure Key Vault"));
    all.extend(listed(&rule.hc_vault_transit_uri, "Vault transit"));
    all.join(", ")
}

/// Which remote key services the creation rules use (flat or in key groups).
#[derive(Default)]
struct RemoteUse {
    vault: bool,
    gcp: bool,
    azure: bool,
}

impl RemoteUse {
    fn of(loaded: &LoadedConfig) -> RemoteUse {
        let mut all = RemoteUse::default();
        for rule in &loaded.config.creation_rules {
            let one = RemoteUse::of_rule(rule);
            all.vault |= one.vault;
            all.gcp |= one.gcp;
            all.azure |= one.azure;
        }
        all
    }

    fn of_rule(rule: &CreationRule) -> RemoteUse {
        let names = |list: &Option<secret_core::config::StringList>| {
            list.as_ref().is_some_and(|l| !l.items().is_empty())
        };
        let groups = &rule.key_groups;
        RemoteUse {
            vault: names(&rule.hc_vault_transit_uri)
                || groups.iter().any(|g| !g.vault_uris().is_empty()),
            gcp: names(&rule.gcp_kms) || groups.iter().any(|g| !g.gcp_kms_ids().is_empty()),
            azure: names(&rule.azure_keyvault) || groups.iter().any(|g| !g.azure_keys().is_empty()),
        }
    }

    fn any(&self) -> bool {
        self.vault || self.gcp || self.azure
    }

    /// The companion, and where each service's credentials would come from (not tried).
    fn checks(&self) -> Vec<Check> {
        let mut checks = vec![match secret_core::remote::companion::companion_path() {
            Ok(path) => Check::Pass(format!(
                "Vault, GCP KMS and Azure Key Vault support: {}",
                path.display()
            )),
            Err(error) => Check::fix(
                error.to_string(),
                "reinstall with ./install.sh, which installs secret-remote beside secret",
            ),
        }];
        let env = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        let home_file = |parts: &[&str]| {
            dirs::home_dir()
                .map(|home| parts.iter().fold(home, |path, part| path.join(part)))
                .filter(|path| path.is_file())
        };
        if self.vault {
            let source = if env("VAULT_TOKEN") {
                Some("$VAULT_TOKEN".to_string())
            } else {
                home_file(&[".vault-token"]).map(|f| f.display().to_string())
            };
            checks.push(match source {
                Some(source) => Check::Pass(format!(
                    "Vault token for the Vault transit keys of .sops.yaml: {source} (not tried)"
                )),
                None => Check::fix(
                    "the project uses Vault transit keys and no Vault token was found (VAULT_TOKEN, ~/.vault-token)",
                    "`vault login` or `bao login`, or export VAULT_TOKEN",
                ),
            });
        }
        if self.gcp {
            let source = [
                "GOOGLE_CREDENTIALS",
                "GOOGLE_OAUTH_ACCESS_TOKEN",
                "GOOGLE_APPLICATION_CREDENTIALS",
            ]
            .iter()
            .find(|name| env(name))
            .map(|name| format!("${name}"))
            .or_else(|| {
                home_file(&[".config", "gcloud", "application_default_credentials.json"])
                    .map(|f| f.display().to_string())
            })
            .or_else(|| env("GCE_METADATA_HOST").then(|| "the GCE metadata server".into()));
            checks.push(match source {
                Some(source) => Check::Pass(format!(
                    "Google credentials for the GCP KMS keys of .sops.yaml: {source} (not tried)"
                )),
                None => Check::fix(
                    "the project uses GCP KMS keys and no Google credentials were found (on Google Cloud machines the metadata server is used)",
                    "`gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file",
                ),
            });
        }
        if self.azure {
            let source =
                if env("AZURE_CLIENT_SECRET") && env("AZURE_CLIENT_ID") && env("AZURE_TENANT_ID") {
                    Some("$AZURE_CLIENT_SECRET (service principal)".to_string())
                } else if env("AZURE_FEDERATED_TOKEN_FILE") {
                    Some("$AZURE_FEDERATED_TOKEN_FILE (workload identity)".to_string())
                } else {
                    which::which("az")
                        .ok()
                        .map(|az| format!("the Azure CLI, {} (its `az login`)", az.display()))
                };
            checks.push(match source {
                Some(source) => Check::Pass(format!(
                    "Azure credentials for the Key Vault keys of .sops.yaml: {source} (not tried)"
                )),
                None => Check::fix(
                    "the project uses Azure Key Vault keys and no Azure credentials were found",
                    "set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or `az login`",
                ),
            });
        }
        checks
    }
}

fn editor_check() -> Check {
    match super::editor::command() {
        Ok(words) if which::which(&words[0]).is_ok() => {
            Check::Pass(format!("editor for `secret edit`: {}", words.join(" ")))
        }
        Ok(words) => Check::fix(
            format!("the editor `{}` is not on PATH", words[0]),
            "install it, or set EDITOR to one that is",
        ),
        Err(error) => Check::fix(error.to_string(), "e.g. export EDITOR=nano"),
    }
}

fn uses_kms(loaded: &LoadedConfig) -> bool {
    loaded.config.creation_rules.iter().any(|rule| {
        rule.kms.as_ref().is_some_and(|k| !k.items().is_empty())
            || rule.key_groups.iter().any(|g| !g.kms_keys().is_empty())
    })
}

/// Where the AWS SDK would find credentials, without asking AWS whether they work.
#[cfg(feature = "aws")]
fn aws_check() -> Check {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let home_file = |name: &str| dirs::home_dir().map(|h| h.join(".aws").join(name));
    let files = [
        env("AWS_SHARED_CREDENTIALS_FILE")
            .map(PathBuf::from)
            .or_else(|| home_file("credentials")),
        env("AWS_CONFIG_FILE")
            .map(PathBuf::from)
            .or_else(|| home_file("config")),
    ];
    let source = [
        "AWS_ACCESS_KEY_ID",
        "AWS_PROFILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    ]
    .iter()
    .find(|name| env(name).is_some())
    .map(|name| format!("${name}"))
    .or_else(|| {
        files
            .into_iter()
            .flatten()
            .find(|f| f.is_file())
            .map(|f| f.display().to_string())
    });
    match source {
        Some(source) => Check::Pass(format!(
            "AWS credentials for the KMS keys of .sops.yaml: {source} (not tried)"
        )),
        None => Check::fix(
            "the project uses AWS KMS and no AWS credentials were found (instance roles are not checked)",
            "`aws configure` or `aws sso login`, or set AWS_PROFILE",
        ),
    }
}

/// KMS work runs in the companion binary `secret-aws`: it must be installed.
#[cfg(feature = "aws")]
fn companion_check() -> Check {
    match secret_core::aws::companion::companion_path() {
        Ok(path) => Check::Pass(format!("AWS support: {}", path.display())),
        Err(error) => Check::fix(
            error.to_string(),
            "reinstall with ./install.sh, which installs secret-aws beside secret",
        ),
    }
}

#[cfg(not(feature = "aws"))]
fn aws_check() -> Check {
    Check::fix(
        format!(
            "the project uses AWS KMS: {}",
            secret_core::aws::KmsError::NotBuiltIn
        ),
        "reinstall with the default features: ./install.sh",
    )
}
