//! `secret scan`: the project's secret values where they must not be (see
//! `secret_core::ops::scan`). Places and key paths are printed, never a value.

use std::path::PathBuf;

use clap::Args;

use super::CliError;
use secret_core::keys::KeyRing;
use secret_core::ops::scan::{self, Leak, MIN_LEN, Place, ScanOptions, ScanReport};

/// Find the project's secret values where they must not be: in tracked files, what is
/// staged, and with --history every commit.
///
/// Needs a key: every encrypted file of the repository is decrypted in memory, and each
/// string value (and each line of a multi-line one) is searched for as it is,
/// base64-encoded (standard and URL-safe, at any offset), URL-encoded and JSON-escaped,
/// all at once. Each place found is printed with the file and key path the value
/// belongs to, never the value. Values shorter than 4 characters are skipped, with a
/// note. Exits 1 when something is found, 128 when no encrypted file could be decrypted.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret scan                 (tracked files and what is staged)
  secret scan --history       (and every commit of every branch)
  secret scan docs/ logs/     (only there)")]
pub struct ScanArgs {
    /// Search only these files or directories [default: the whole repository, from here].
    #[arg(value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,

    /// Also search every file of every commit (all branches and tags).
    #[arg(long)]
    pub history: bool,

    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &ScanArgs) -> Result<i32, CliError> {
    let dir = std::env::current_dir().map_err(|e| CliError::read(".", e))?;
    let options = ScanOptions {
        paths: args.paths.clone(),
        history: args.history,
    };
    let report = scan::scan(&dir, &options, &mut KeyRing::default())?;
    if args.json {
        print_json(&report);
    } else {
        print_human(&report);
    }
    Ok(i32::from(!report.leaks.is_empty()))
}

fn where_(leak: &Leak) -> String {
    match &leak.place {
        Place::File { file, line } => format!("{}:{line}", file.display()),
        Place::Staged { file, line } => format!("{}:{line} (staged)", file.display()),
        Place::Commit {
            commit,
            date,
            author,
            file,
            line,
        } => format!(
            "commit {} ({}, {author}) {}:{line}",
            &commit[..commit.len().min(12)],
            date.get(..10).unwrap_or(date),
            file.display()
        ),
    }
}

fn print_human(report: &ScanReport) {
    for leak in &report.leaks {
        let found: Vec<String> = leak
            .found
            .iter()
            .map(|(source, form)| {
                format!(
                    "{} {} ({})",
                    source.file.display(),
                    source.key,
                    form.describe()
                )
            })
            .collect();
        println!("{}: the value of {}", where_(leak), found.join("; "));
    }
    for (file, why) in &report.unreadable {
        eprintln!(
            "secret scan: note: {} not searched for: {why}",
            file.display()
        );
    }
    if !report.too_short.is_empty() {
        let names: Vec<String> = report
            .too_short
            .iter()
            .map(|s| format!("{} {}", s.file.display(), s.key))
            .collect();
        eprintln!(
            "secret scan: note: {} value{} shorter than {MIN_LEN} characters not searched for: {}",
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            names.join(", ")
        );
    }
    eprintln!(
        "secret scan: {} value{} searched for in {} file{}: {} place{} found",
        report.values,
        if report.values == 1 { "" } else { "s" },
        report.searched,
        if report.searched == 1 { "" } else { "s" },
        report.leaks.len(),
        if report.leaks.len() == 1 { "" } else { "s" },
    );
}

fn print_json(report: &ScanReport) {
    let leaks: Vec<serde_json::Value> = report
        .leaks
        .iter()
        .map(|leak| {
            let mut place = match &leak.place {
                Place::File { file, line } => {
                    serde_json::json!({"where": "file", "file": file.to_string_lossy(), "line": line})
                }
                Place::Staged { file, line } => {
                    serde_json::json!({"where": "staged", "file": file.to_string_lossy(), "line": line})
                }
                Place::Commit {
                    commit,
                    date,
                    author,
                    file,
                    line,
                } => serde_json::json!({
                    "where": "commit", "commit": commit, "date": date, "author": author,
                    "file": file.to_string_lossy(), "line": line,
                }),
            };
            place["values"] = leak
                .found
                .iter()
                .map(|(source, form)| {
                    serde_json::json!({
                        "file": source.file.to_string_lossy(),
                        "key": source.key,
                        "form": form.describe(),
                    })
                })
                .collect();
            place
        })
        .collect();
    let json = serde_json::json!({
        "leaks": leaks,
        "values": report.values,
        "searched": report.searched,
        "too_short": report.too_short.iter().map(|s| serde_json::json!({"file": s.file.to_string_lossy(), "key": s.key})).collect::<Vec<_>>(),
        "unreadable": report.unreadable.iter().map(|(f, why)| serde_json::json!({"file": f.to_string_lossy(), "why": why})).collect::<Vec<_>>(),
    });
    println!("{json:#}");
}
