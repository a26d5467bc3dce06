//! `secret check`: the keyless check a commit hook and CI run (see
//! `secret_core::ops::check`).

use std::path::PathBuf;

use clap::Args;

use super::{Cli, CliError};
use secret_core::keys::KeyRing;
use secret_core::keys::age::AgeIdentities;
use secret_core::ops::check::{self, AgeOnly, CheckOptions, Report};

/// Exit code when the only findings are drift from `.sops.yaml`.
pub const EXIT_DRIFT: i32 = 10;

/// Check, without any key, that nothing a commit or CI must refuse is there.
///
/// Every file a .sops.yaml creation rule covers must be a sops file, parse, have a MAC,
/// and hold every value its rules encrypt encrypted (a value in clear is named by its
/// key path and line); files unmerged in the index or holding a text merge's conflict
/// markers fail. Recipients and encryption settings that differ from the rule are
/// reported as drift (`secret updatekeys` fixes recipients). A rule without path_regex
/// decides a sops file's recipients but does not make every file one. With an age key at hand,
/// MACs are verified and values still holding merge conflict markers fail. --staged
/// checks the index: what the next commit holds. Exit codes: 0 clean, 1 a problem,
/// 10 drift only (0 with --allow-drift).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret check                        (every file git knows of, here and below)
  secret check --staged               (what the next commit holds: the pre-commit hook)
  secret check --allow-drift deploy/  (CI, where updatekeys runs later)")]
pub struct CheckArgs {
    /// Files or directories to check [default: every file git knows of, here and below,
    /// tracked or not, unless ignored].
    #[arg(value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,

    /// Check the staged versions (what the next commit holds) instead of the working tree.
    #[arg(long)]
    pub staged: bool,

    /// Report recipients or settings that differ from .sops.yaml without failing.
    #[arg(long)]
    pub allow_drift: bool,

    /// Do not decrypt anything, even with a key at hand (skips the check for unresolved
    /// merge conflicts and of the MAC).
    #[arg(long)]
    pub no_decrypt: bool,

    /// Print the findings as JSON: {"checked": N, "findings": [{"file", "key", "problem",
    /// "drift", "message"}], "not_decrypted": N}.
    #[arg(long)]
    pub json: bool,

    /// Print nothing when nothing is found.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(cli: &Cli, args: &CheckArgs) -> Result<i32, CliError> {
    let dir = std::env::current_dir().map_err(|e| CliError::read(".", e))?;
    let options = CheckOptions {
        paths: args.paths.clone(),
        staged: args.staged,
        config: cli.options.config.clone(),
    };
    // Only age keys are tried: no AWS call, no pinentry. Without any, nothing is tried.
    let has_age_key = !args.no_decrypt && !AgeIdentities::discover("").held_recipients().is_empty();
    let mut ring = KeyRing::default();
    let mut age_only = AgeOnly(&mut ring);
    let keys: Option<&mut dyn secret_core::sops::datakey::Unwrapper> =
        has_age_key.then_some(&mut age_only as _);
    let report = check::check(&dir, &options, keys)?;
    if args.json {
        print_json(&report);
    } else {
        print_human(&report, args, has_age_key);
    }
    let problems = report.findings.iter().any(|f| !f.problem.is_drift());
    let drift = report.findings.iter().any(|f| f.problem.is_drift());
    Ok(if problems {
        1
    } else if drift && !args.allow_drift {
        EXIT_DRIFT
    } else {
        0
    })
}

fn print_human(report: &Report, args: &CheckArgs, decrypted: bool) {
    if args.quiet && report.findings.is_empty() {
        return;
    }
    for finding in &report.findings {
        let file = finding.file.display();
        match &finding.key {
            Some(key) => println!("{file}: {key}: {}", finding.message),
            None => println!("{file}: {}", finding.message),
        }
    }
    let problems = report
        .findings
        .iter()
        .filter(|f| !f.problem.is_drift())
        .count();
    let drift = report.findings.len() - problems;
    let what = if args.staged { "staged file" } else { "file" };
    let plural = if report.checked == 1 { "" } else { "s" };
    let mut summary = format!(
        "secret check: {} {what}{plural} checked, {problems} problem{}",
        report.checked,
        if problems == 1 { "" } else { "s" }
    );
    if drift > 0 {
        summary.push_str(&format!(
            ", {drift} drift{} from .sops.yaml{}",
            if drift == 1 { "" } else { "s" },
            if args.allow_drift { " (allowed)" } else { "" }
        ));
    }
    eprintln!("{summary}");
    if !args.no_decrypt && !decrypted && report.checked > 0 {
        eprintln!(
            "secret check: note: no age key of yours found: values were not checked for \
             unresolved merge conflicts"
        );
    } else if report.not_decrypted > 0 {
        eprintln!(
            "secret check: note: {} file{} no age key of yours opens were not checked for \
             unresolved merge conflicts",
            report.not_decrypted,
            if report.not_decrypted == 1 { "" } else { "s" }
        );
    }
}

fn print_json(report: &Report) {
    let findings: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "file": f.file.to_string_lossy(),
                "key": f.key,
                "problem": f.problem.code(),
                "drift": f.problem.is_drift(),
                "message": f.message,
            })
        })
        .collect();
    let json = serde_json::json!({
        "checked": report.checked,
        "findings": findings,
        "not_decrypted": report.not_decrypted,
    });
    println!("{json:#}");
}
