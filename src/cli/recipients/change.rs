//! `secret recipients add` and `remove` (part of the `recipients` command): `.sops.yaml`
//! changed in place, then every file the chosen rules cover re-keyed in one pass; `remove`
//! also gives those files new data keys and lists what the removed key could read in the
//! git history.

use std::collections::BTreeSet;
use std::path::PathBuf;

use clap::Args;

use super::super::drift::describe_drift;
use super::super::{Cli, CliError};
use secret_core::config::{self, LoadedConfig};
use secret_core::config_edit::{self, KeyId};
use secret_core::fsutil::write_atomic_public;
use secret_core::ops::team::{self, ExposureReport, ProjectFile, Rekey};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret recipients add age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p --name alice
  secret recipients add age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p --rule '^dev/'
  secret recipients add 0123456789ABCDEF0123456789ABCDEF01234567 --name carol --dry-run   (a PGP key)
  secret recipients add arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
pub struct AddArgs {
    /// The keys: age recipients (age1…, ssh-ed25519 …), PGP fingerprints, AWS KMS key ARNs.
    #[arg(value_name = "KEY", required = true)]
    pub keys: Vec<String>,

    /// A name for the key (one key only), kept under `secret: names:` in .sops.yaml and
    /// shown beside the key by `recipients`, `doctor` and `recipients remove NAME`.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// In rules with several key groups, the group to add the key to (from 0).
    #[arg(long, value_name = "N")]
    pub group: Option<usize>,

    #[command(flatten)]
    pub scope: Scope,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret recipients remove alice                 (a name from `secret: names:`)
  secret recipients remove age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p --dry-run
  secret recipients remove alice --rule '^prod/'  (only from the rule with this path_regex)")]
pub struct RemoveArgs {
    /// The key (age recipient, PGP fingerprint, KMS ARN), or its name under `secret: names:`.
    #[arg(value_name = "KEY|NAME")]
    pub key: String,

    #[command(flatten)]
    pub scope: Scope,
}

/// Which rules a change applies to, and whether to make it.
#[derive(Debug, Args)]
pub struct Scope {
    /// Only this creation rule: its position in creation_rules (from 0) or its path_regex
    /// as written; repeatable. Default: every rule.
    #[arg(long, value_name = "RULE")]
    pub rule: Vec<String>,

    /// Show what would change (and, for remove, what the key could read); change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `.sops.yaml` as it is now.
struct Project {
    path: PathBuf,
    text: String,
    loaded: LoadedConfig,
}

impl Project {
    fn find(cli: &Cli) -> Result<Project, CliError> {
        let found = config::find(cli.options.config.as_deref(), None).ok_or(CliError::NoConfig)?;
        // Shown relative to the working directory when inside it.
        let path = std::env::current_dir()
            .ok()
            .and_then(|cwd| found.strip_prefix(cwd).ok().map(PathBuf::from))
            .unwrap_or(found);
        let text = std::fs::read_to_string(&path).map_err(|e| CliError::read(&path, e))?;
        let loaded = config::parse(&path, &text)?;
        Ok(Project { path, text, loaded })
    }

    /// The configuration `text` would be.
    fn with(&self, text: &str) -> Result<LoadedConfig, CliError> {
        Ok(config::parse(&self.path, text)?)
    }
}

pub fn add(cli: &Cli, args: &AddArgs) -> Result<(), CliError> {
    if args.name.is_some() && args.keys.len() > 1 {
        return Err(CliError::Conflict(
            "--name names one key: add the others with their own command".into(),
        ));
    }
    let project = Project::find(cli)?;
    let keys = args
        .keys
        .iter()
        .map(|k| KeyId::parse(k))
        .collect::<Result<Vec<_>, _>>()?;
    let rules = config_edit::select_rules(&project.loaded.config, &args.scope.rule)?;
    let mut text = project.text.clone();
    let mut changed = BTreeSet::new();
    for key in &keys {
        let edited = config_edit::add_key(&text, &rules, key, args.group)?;
        text = edited.text;
        changed.extend(edited.rules);
    }
    if let Some(name) = &args.name {
        text = config_edit::set_name(&text, &keys[0], name)?;
    }
    let after = project.with(&text)?;
    let who = keys
        .iter()
        .map(|k| shown(k, &after))
        .collect::<Vec<_>>()
        .join(", ");
    if changed.is_empty() {
        println!("{}: the rules name {who} already", project.path.display());
    } else {
        println!(
            "{}: adding {who} to {}",
            project.path.display(),
            rules_list(&changed.iter().copied().collect::<Vec<_>>())
        );
    }
    print_diff(&project.text, &text);
    let files = team::project_files(&after)?;
    let plan = team::plan(&after, &files, &rules, None)?;
    print_plan(&plan, &after, false);
    if args.scope.dry_run {
        println!("dry run: nothing was changed");
        return Ok(());
    }
    carry_out(&project, &text, &plan)?;
    println!(
        "✓ {who} can decrypt every file of {} ({} re-keyed)",
        rules_list(&rules),
        files_count(plan.len())
    );
    Ok(())
}

pub fn remove(cli: &Cli, args: &RemoveArgs) -> Result<(), CliError> {
    let project = Project::find(cli)?;
    let config = &project.loaded.config;
    let key = match KeyId::parse(&args.key) {
        Ok(key) => key,
        Err(bad) => match config_edit::key_named(config, &args.key) {
            Some(written) => KeyId::parse(written)?,
            None if args.key.starts_with("age1") || args.key.contains(':') => {
                return Err(bad.into());
            }
            None => return Err(config_edit::ConfigEditError::UnknownName(args.key.clone()).into()),
        },
    };
    let rules = config_edit::select_rules(config, &args.scope.rule)?;
    let who = shown(&key, &project.loaded);
    let edited = config_edit::remove_key(&project.text, &rules, &key)?;
    let mut text = edited.text;
    let still_named = project
        .with(&text)?
        .config
        .creation_rules
        .iter()
        .any(|rule| !config_edit::places_in_rule(rule, &key).is_empty());
    if !still_named {
        text = config_edit::remove_name(&text, &key)?;
    }
    let after = project.with(&text)?;
    if edited.rules.is_empty() {
        println!(
            "{}: {} names {who} nowhere",
            project.path.display(),
            rules_list(&rules)
        );
    } else {
        println!(
            "{}: removing {who} from {}",
            project.path.display(),
            rules_list(&edited.rules)
        );
    }
    print_diff(&project.text, &text);
    let files = team::project_files(&after)?;
    let plan = team::plan(&after, &files, &rules, Some(&key))?;
    let exposure = team::exposure(&after, &files, &rules, &key)?;
    print_plan(&plan, &project.loaded, true);
    if args.scope.dry_run {
        print_exposure(&exposure, &who);
        println!("dry run: nothing was changed");
        return Ok(());
    }
    carry_out(&project, &text, &plan)?;
    let still_open: Vec<PathBuf> = team::project_files(&after)?
        .iter()
        .filter(|f| rules.contains(&f.rule) && encrypted_for(f, &key))
        .map(|f| f.path.clone())
        .collect();
    if still_open.is_empty() {
        let rotated = plan.iter().filter(|r| r.rotate).count();
        let have = if rotated == 1 {
            "has a new data key"
        } else {
            "have new data keys"
        };
        println!(
            "✓ {who} opens no file of {} now; {} {have}",
            rules_list(&rules),
            files_count(rotated)
        );
    } else {
        for path in &still_open {
            println!("✗ {} is still encrypted for {who}", path.display());
        }
    }
    print_exposure(&exposure, &who);
    Ok(())
}

/// Whether the file's data key is wrapped for `key`.
fn encrypted_for(file: &ProjectFile, key: &KeyId) -> bool {
    file.metadata
        .key_groups
        .iter()
        .flatten()
        .any(|stored| key.matches_stored(stored))
}

/// Checks every file opens, then writes `.sops.yaml` and re-keys the files one by one.
fn carry_out(project: &Project, text: &str, plan: &[Rekey]) -> Result<(), CliError> {
    team::check_access(plan)?;
    if text != project.text {
        write_atomic_public(&project.path, text.as_bytes())
            .map_err(|source| CliError::write(&project.path, source))?;
    }
    for (done, rekey) in plan.iter().enumerate() {
        team::apply(rekey).map_err(|source| CliError::RekeyStopped {
            done,
            total: plan.len(),
            source,
        })?;
    }
    Ok(())
}

/// A key with its name, when it has one (in `loaded` or the file as it was).
fn shown(key: &KeyId, loaded: &LoadedConfig) -> String {
    match config_edit::name_of(&loaded.config, key) {
        Some(name) => format!("{name} ({key})"),
        None => key.to_string(),
    }
}

fn rules_list(rules: &[usize]) -> String {
    let numbers: Vec<String> = rules.iter().map(usize::to_string).collect();
    match numbers.as_slice() {
        [one] => format!("creation rule {one}"),
        _ => format!("creation rules {}", numbers.join(", ")),
    }
}

fn files_count(n: usize) -> String {
    if n == 1 {
        "1 file".into()
    } else {
        format!("{n} files")
    }
}

/// The lines of `.sops.yaml` that change (it holds no secret).
fn print_diff(old: &str, new: &str) {
    for line in line_diff(old, new) {
        println!("  {line}");
    }
}

/// `- line` and `+ line` for the lines that differ (a longest-common-subsequence diff).
fn line_diff(old: &str, new: &str) -> Vec<String> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut common = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            common[i][j] = if a[i] == b[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j == b.len() || (i < a.len() && common[i + 1][j] >= common[i][j + 1]) {
            out.push(format!("- {}", a[i]));
            i += 1;
        } else {
            out.push(format!("+ {}", b[j]));
            j += 1;
        }
    }
    out
}

fn print_plan(plan: &[Rekey], loaded: &LoadedConfig, rotating: bool) {
    if plan.is_empty() {
        println!("every file of these rules has the recipients of its rule already");
        return;
    }
    let how = if rotating {
        ", each with a new data key"
    } else {
        ""
    };
    println!("re-keying {}{how}:", files_count(plan.len()));
    for rekey in plan {
        let what = if rekey.drift.is_empty() {
            "new data key".to_string()
        } else {
            describe_drift(&rekey.drift, Some(&loaded.config))
        };
        println!("  {}: {what}", rekey.file.path.display());
    }
}

/// Every key path the key could read, file by file.
fn print_exposure(report: &ExposureReport, who: &str) {
    let history = match (report.commits, &report.history_problem) {
        (Some(commits), _) => format!(
            "in the files now and in {commits} commit{} of their history",
            if commits == 1 { "" } else { "s" }
        ),
        (None, Some(problem)) => format!("in the files now (no git history read: {problem})"),
        (None, None) => "in the files now".into(),
    };
    if report.files.is_empty() {
        println!("{who} could read no value of these files, {history}");
        return;
    }
    let count: usize = report.files.iter().map(|f| f.paths.len()).sum();
    println!(
        "{who} could read {count} value{}, {history}; change these credentials at their providers:",
        if count == 1 { "" } else { "s" }
    );
    for file in &report.files {
        if file.exists {
            println!("  {}", file.file.display());
        } else {
            println!(
                "  {}   (deleted; still in the history)",
                file.file.display()
            );
        }
        for path in &file.paths {
            if path.in_file_now || !file.exists {
                println!("    {}", path.path);
            } else {
                println!(
                    "    {}   (no longer in the file; still in the history)",
                    path.path
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::line_diff;

    #[test]
    fn the_diff_shows_only_changed_lines() {
        assert_eq!(
            line_diff("a\nb\nc\n", "a\nb2\nc\nd\n"),
            ["- b", "+ b2", "+ d"]
        );
        assert!(line_diff("x\n", "x\n").is_empty());
    }
}
