//! `secret ssm …`: chamber's commands on one service's parameters (`/SERVICE/KEY`), and
//! the variables of services for `exec --ssm`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::variables::ExportFormat;

/// chamber's commands: SecureString parameters named /SERVICE/KEY.
///
/// As in chamber, `write` and `import` lower-case keys. Unlike chamber, services are used
/// as typed (not lower-cased), `read`, `delete` and `history` find a key as typed before
/// trying it lower-cased (so upper-case keys written by other tools stay reachable),
/// values never appear in verbose output, and exports are written 0600.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret ssm write app db_password -        (the value from standard input)
  secret ssm read -q app db_password
  secret ssm list app
  secret ssm export app -f dotenv -o app.env
  secret ssm import app values.json")]
pub struct SsmArgs {
    #[command(subcommand)]
    pub command: SsmCommand,

    /// The AWS profile to use (default: the AWS environment, as the AWS CLI does).
    #[arg(long, global = true, value_name = "PROFILE")]
    pub aws_profile: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SsmCommand {
    Write(WriteArgs),
    Read(ReadArgs),
    List(ListArgs),
    /// Delete one secret.
    #[command(after_help = "Example:\n  secret ssm delete app db_password")]
    Delete(KeyArgs),
    /// The versions of one secret: when and by whom, never the values.
    #[command(after_help = "Example:\n  secret ssm history app db_password")]
    History(KeyArgs),
    Export(ServicesExportArgs),
    Import(ImportArgs),
}

// One key of a service.
#[derive(Debug, Args)]
pub struct KeyArgs {
    /// The service, e.g. `app` or `team/app` (parameters below /team/app).
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// The key: the last level of the parameter's name.
    #[arg(value_name = "KEY")]
    pub key: String,
}

/// Write one secret (a SecureString, key lower-cased as chamber does).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret ssm write app db_password -        (reads the value from standard input)
  printf %s \"$TOKEN\" | secret ssm write app api_token -")]
pub struct WriteArgs {
    #[command(flatten)]
    pub key: KeyArgs,
    /// The value; `-` reads all of standard input (a final line break kept, as chamber).
    #[arg(value_name = "VALUE")]
    pub value: String,
    /// With `-`: read only the first line, without its line break.
    #[arg(short, long)]
    pub singleline: bool,
    /// Allow a value above 4 KB (Advanced tier, charged by AWS), up to 8 KB.
    #[arg(long)]
    pub advanced: bool,
    /// The KMS key to encrypt with; default: SSM's own key, alias/aws/ssm.
    #[arg(long, value_name = "KEY")]
    pub kms_key: Option<String>,
}

/// Read one secret.
#[derive(Debug, Args)]
#[command(after_help = "Example:
  secret ssm read -q app db_password")]
pub struct ReadArgs {
    #[command(flatten)]
    pub key: KeyArgs,
    /// Print only the value.
    #[arg(short, long)]
    pub quiet: bool,
}

/// List a service's keys (values only with --expand).
#[derive(Debug, Args)]
#[command(after_help = "Example:
  secret ssm list app --expand")]
pub struct ListArgs {
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// Also print the values.
    #[arg(short, long)]
    pub expand: bool,
}

/// Write the secrets of services as variables (later services win), 0600 with -o.
///
/// Names as chamber's `env` makes them: upper-cased, `-`, `.` and spaces as `_`.
#[derive(Debug, Args)]
#[command(after_help = "Example:
  secret ssm export app app/prod -f dotenv -o prod.env")]
pub struct ServicesExportArgs {
    #[arg(value_name = "SERVICE", required = true)]
    pub services: Vec<String>,
    /// How to write the variables.
    #[arg(short, long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// Write to this file (0600) instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// Write the keys of a flat JSON or YAML object to a service, only those that changed.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret ssm import app values.json
  secret ssm export old -f json | secret ssm import new -")]
pub struct ImportArgs {
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// A JSON or YAML object of strings; `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub use with_aws::run;

mod with_aws {
    use std::collections::BTreeMap;

    use super::super::aws::{parameter_store, service_variables};
    use super::super::io::read_stdin_text;
    use super::super::variables::write_variables;
    use super::super::{Cli, CliError};
    use super::*;
    use secret_core::aws::ssm::{check_name, needs_advanced};
    use secret_core::aws::{Parameter, ParameterStore, Put};
    use secret_core::ops::read_file;
    use secret_core::secret::Secret;
    use secret_core::ssm::chamber::{candidates, last_level, service, written_name};
    use secret_core::ssm::{Plan, SsmError, Values, push};

    type Ssm = dyn ParameterStore;

    pub fn run(_cli: &Cli, args: &SsmArgs) -> Result<(), CliError> {
        let ssm = parameter_store(args.aws_profile.as_deref())?;
        let ssm = ssm.as_ref();
        match &args.command {
            SsmCommand::Write(write) => run_write(ssm, write),
            SsmCommand::Read(read) => run_read(ssm, read),
            SsmCommand::List(list) => run_list(ssm, list),
            SsmCommand::Delete(key) => run_delete(ssm, key),
            SsmCommand::History(key) => run_history(ssm, key),
            SsmCommand::Export(export) => {
                let vars = service_variables(&export.services)?;
                write_variables(&vars, export.format, export.output.as_ref())
            }
            SsmCommand::Import(import) => run_import(ssm, import),
        }
    }

    fn run_write(ssm: &Ssm, args: &WriteArgs) -> Result<(), CliError> {
        let name = written_name(&service(&args.key.service)?, &args.key.key)?;
        check_name(&name, ssm.region())?;
        let value = match args.value.as_str() {
            "-" => read_stdin(args.singleline)?,
            value => value.to_string(),
        };
        let advanced = needs_advanced(&name, &value, args.advanced)?;
        let put = Put {
            name,
            value: Secret::new(value),
            advanced,
        };
        Ok(ssm.put_all(vec![put], args.kms_key.clone(), &|_| {})?)
    }

    fn run_read(ssm: &Ssm, args: &ReadArgs) -> Result<(), CliError> {
        let parameter = find(ssm, &args.key)?;
        if args.quiet {
            println!("{}", parameter.value.as_str());
        } else {
            println!("Key\tValue\tVersion\tLastModified");
            let key = last_level(&parameter.name);
            let Parameter {
                value,
                version,
                modified,
                ..
            } = &parameter;
            println!("{key}\t{}\t{version}\t{modified}", value.as_str());
        }
        Ok(())
    }

    /// The parameter of `key`, as typed or lower-cased.
    fn find(ssm: &Ssm, key: &KeyArgs) -> Result<Parameter, CliError> {
        for name in candidates(&service(&key.service)?, &key.key)? {
            if let Some(parameter) = ssm.get(&name)? {
                return Ok(parameter);
            }
        }
        Err(not_found(key))
    }

    fn run_list(ssm: &Ssm, args: &ListArgs) -> Result<(), CliError> {
        let mut found = ssm.list(&service(&args.service)?, false)?;
        found.sort_by(|a, b| a.name.cmp(&b.name));
        println!(
            "Key\tVersion\tLastModified{}",
            if args.expand { "\tValue" } else { "" }
        );
        for p in found {
            let value = if args.expand {
                format!("\t{}", p.value.as_str())
            } else {
                String::new()
            };
            println!(
                "{}\t{}\t{}{value}",
                last_level(&p.name),
                p.version,
                p.modified
            );
        }
        Ok(())
    }

    fn run_delete(ssm: &Ssm, key: &KeyArgs) -> Result<(), CliError> {
        for name in candidates(&service(&key.service)?, &key.key)? {
            match ssm.delete(&name) {
                Err(SsmError::NotFound(_)) => continue,
                done => return Ok(done?),
            }
        }
        Err(not_found(key))
    }

    fn run_history(ssm: &Ssm, key: &KeyArgs) -> Result<(), CliError> {
        for name in candidates(&service(&key.service)?, &key.key)? {
            let versions = match ssm.history(&name) {
                Err(SsmError::NotFound(_)) => continue,
                versions => versions?,
            };
            println!("Event\tVersion\tDate\tUser");
            for entry in versions {
                let version = entry.version;
                let event = if version == 1 { "Created" } else { "Updated" };
                println!("{event}\t{version}\t{}\t{}", entry.modified, entry.user);
            }
            return Ok(());
        }
        Err(not_found(key))
    }

    fn run_import(ssm: &Ssm, args: &ImportArgs) -> Result<(), CliError> {
        let namespace = service(&args.service)?;
        let mut wanted = Values::new();
        for (key, value) in flat_object(args)? {
            wanted.insert(written_name(&namespace, &key)?, Secret::new(value));
        }
        let advanced = push::check(&wanted, ssm.region(), false)?;
        let children = ssm.list(&namespace, false)?;
        let current: Values = children.into_iter().map(|p| (p.name, p.value)).collect();
        let plan = Plan::between(&wanted, &current, false);
        print!("{}: {plan}", namespace.as_str());
        let applied = push::apply(ssm, &plan, &wanted, &advanced, None, &|_| {});
        applied.map_err(CliError::Interrupted)
    }

    /// The string values of a flat JSON or YAML object (numbers and booleans as written).
    fn flat_object(args: &ImportArgs) -> Result<BTreeMap<String, String>, CliError> {
        let text = if args.file.as_os_str() == "-" {
            read_stdin(false)?
        } else {
            String::from_utf8_lossy(&read_file(&args.file)?).into_owned()
        };
        let invalid =
            |message: String| CliError::InvalidEdit(format!("{}: {message}", args.file.display()));
        let object: BTreeMap<String, serde_json::Value> =
            serde_saphyr::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        object
            .into_iter()
            .map(|(key, value)| match value {
                serde_json::Value::String(text) => Ok((key, text)),
                serde_json::Value::Object(_) | serde_json::Value::Array(_) => Err(invalid(
                    format!("`{key}` is not a string, number or boolean"),
                )),
                scalar => Ok((key, scalar.to_string())),
            })
            .collect()
    }

    fn not_found(key: &KeyArgs) -> CliError {
        SsmError::NotFound(format!(
            "{}/{} (also tried lower-case)",
            key.service, key.key
        ))
        .into()
    }

    /// Standard input: all of it (as chamber), or its first line without the line break.
    fn read_stdin(singleline: bool) -> Result<String, CliError> {
        let mut text = read_stdin_text()?;
        if singleline {
            text = text.lines().next().unwrap_or_default().to_string();
        }
        Ok(text)
    }
}
