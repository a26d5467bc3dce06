//! Writing variables for a shell, a file or a CI runner (`export`, `ssm export`).

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::CliError;
use super::io::write_stdout;
use secret_core::env::Variables;
use secret_core::fsutil::{append_private, write_atomic_private};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// `KEY=value`, newlines written as `\n`, as sops writes dotenv.
    Dotenv,
    /// One JSON object of strings.
    Json,
    /// `export KEY='value'` lines, for `eval` in a POSIX shell.
    Shell,
    /// GitHub Actions: masks on stdout, variables appended to `$GITHUB_ENV`.
    Github,
    /// A Kubernetes v1/Secret manifest (`secret export` only; see its --help).
    K8s,
}

/// Writes `vars` in `format` to `output` (0600) or standard output.
pub fn write_variables(
    vars: &Variables,
    format: ExportFormat,
    output: Option<&PathBuf>,
) -> Result<(), CliError> {
    let text = match format {
        ExportFormat::Dotenv => dotenv(vars),
        ExportFormat::Json => json(vars),
        ExportFormat::Shell => shell(vars),
        ExportFormat::Github => return github(vars, output.map(PathBuf::as_path)),
        ExportFormat::K8s => {
            return Err(CliError::Conflict(
                "--format k8s is for `secret export` (files of secrets)".into(),
            ));
        }
    };
    match output {
        Some(path) => write_atomic_private(path, text.as_bytes())
            .map_err(|source| CliError::write(path, source)),
        None => write_stdout(text.as_bytes()),
    }
}

fn dotenv(vars: &Variables) -> String {
    vars.iter()
        .map(|(name, value)| format!("{name}={}\n", value.replace('\n', "\\n")))
        .collect()
}

fn json(vars: &Variables) -> String {
    let object: serde_json::Map<String, serde_json::Value> = vars
        .iter()
        .map(|(name, value)| (name.clone(), value.as_str().into()))
        .collect();
    let mut text = serde_json::to_string_pretty(&object).expect("strings always serialize");
    text.push('\n');
    text
}

fn shell(vars: &Variables) -> String {
    vars.iter()
        .map(|(name, value)| format!("export {name}={}\n", single_quoted(value)))
        .collect()
}

/// `value` in single quotes, each `'` written as `'\''` (close, escaped quote, reopen).
fn single_quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

fn github(vars: &Variables, output: Option<&Path>) -> Result<(), CliError> {
    let env_file = match output {
        Some(path) => path.to_path_buf(),
        None => std::env::var_os("GITHUB_ENV")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .ok_or(CliError::NoGithubEnv)?,
    };
    // Masks first: the runner must know the values before anything can print them.
    write_stdout(github_masks(vars).as_bytes())?;
    append_private(&env_file, github_env(vars).as_bytes())
        .map_err(|source| CliError::write(&env_file, source))
}

/// One `::add-mask::` per line of every value, escaped as the runner unescapes workflow
/// command data (`%25`, `%0D`, `%0A`), so that it masks exactly the value's text.
fn github_masks(vars: &Variables) -> String {
    vars.values()
        .flat_map(|value| value.lines())
        .filter(|line| !line.trim().is_empty())
        .map(|line| format!("::add-mask::{}\n", escape_command_data(line)))
        .collect()
}

fn escape_command_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `NAME<<DELIMITER`, the value, the delimiter: GitHub's syntax for any value, multi-line
/// included. The delimiter is random so no value can end the block early.
fn github_env(vars: &Variables) -> String {
    vars.iter()
        .map(|(name, value)| {
            let delimiter = delimiter_not_in(value);
            format!("{name}<<{delimiter}\n{}\n{delimiter}\n", value.as_str())
        })
        .collect()
}

fn delimiter_not_in(value: &str) -> String {
    loop {
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).expect("the system's random source");
        let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let delimiter = format!("ghadelimiter_{hex}");
        if !value.contains(&delimiter) {
            return delimiter;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_are_escaped_as_the_runner_unescapes_them() {
        let masks = github_masks(&vars(&[("A", "100%0Aok"), ("B", "x\ry")]));
        assert_eq!(masks, "::add-mask::100%250Aok\n::add-mask::x%0Dy\n");
    }

    fn vars(pairs: &[(&str, &str)]) -> Variables {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), (*v).into()))
            .collect()
    }

    #[test]
    fn shell_quotes_single_quotes() {
        assert_eq!(
            shell(&vars(&[("A", "it's $x")])),
            "export A='it'\\''s $x'\n"
        );
    }

    #[test]
    fn github_masks_each_line() {
        assert_eq!(
            github_masks(&vars(&[("A", "l1\nl2")])),
            "::add-mask::l1\n::add-mask::l2\n"
        );
    }
}
