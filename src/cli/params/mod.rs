//! `secret push`, `pull` and `diff`: an encrypted file mirrored to and from a namespace of
//! AWS SSM Parameter Store, or (`secrets_manager`) AWS Secrets Manager.

mod secrets_manager;

use std::path::PathBuf;

use clap::Args;

use super::args::KeyArgs;

// Where a namespace comes from: named on the command line, or by `-e NAME` from
// `secret: ssm: namespaces:` in `.sops.yaml`.
#[derive(Debug, Args)]
pub struct NamespaceArgs {
    /// The namespace of `secret: ssm: namespaces:` in `.sops.yaml` with this name.
    #[arg(short, long, value_name = "NAME")]
    pub environment: Option<String>,
}

/// `--secrets-manager NAME [--per-key]`: AWS Secrets Manager instead of Parameter Store.
#[derive(Debug, Args)]
pub struct SecretsManagerArgs {
    /// AWS Secrets Manager instead of SSM: the secret NAME holds the file as one JSON object
    /// of strings, keyed by the file's keys joined with `/` (`{"db/host": "…"}`); with
    /// --per-key, one secret per value, named NAME/KEY.
    #[arg(long, value_name = "NAME")]
    pub secrets_manager: Option<String>,

    /// With --secrets-manager: one secret per value, named NAME/KEY (e.g. app/prod/db/host),
    /// instead of one JSON secret.
    #[arg(long, requires = "secrets_manager")]
    pub per_key: bool,
}

/// Push an encrypted file's values to AWS SSM Parameter Store (or Secrets Manager).
///
/// Each value becomes a SecureString parameter named by its keys: `db: {host: x}` in
/// YAML or JSON (or `[db] host` in INI) becomes `/NS/db/host`; dotenv keys stay as they
/// are (`/NS/DB_HOST`). Names and values are checked first (letters, digits, `_.-`; at
/// most 15 levels; values up to 4 KB, 8 KB with --advanced), so a bad file fails before
/// anything is sent.
///
/// The plan is printed first, names only: `+` added, `~` changed, `-` removed, `?` only in
/// SSM. Only added and changed parameters are written (8 at a time, retried with backoff
/// when throttled); an interrupted push finishes when run again. Changes need a yes at
/// the prompt, or --yes when not on a terminal.
///
/// `--secrets-manager NAME` pushes to AWS Secrets Manager instead: the secret NAME holds
/// the file as one JSON object of strings keyed by its keys joined with `/`
/// (`{"db/host": "x"}`; dotenv keys as they are), or with --per-key each value is a
/// secret NAME/KEY (`NAME/db/host`). Names are 1-512 letters, digits and `/_+=.@-`;
/// a secret holds at most 64 KB. A change is a new version of the secret: the service
/// marks it AWSCURRENT and the one before AWSPREVIOUS, and no version is deleted.
/// --prune drops the JSON keys that are not in the file, or schedules their secrets for
/// deletion (restorable for 30 days); a push to a secret scheduled for deletion restores
/// it. --kms-key encrypts new versions with that key.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret push prod.enc.yaml --to /app/prod --dry-run
  secret push prod.enc.yaml --to /app/prod --prune --yes
  secret push prod.enc.yaml -e prod        (namespace from `secret: ssm: namespaces:` in .sops.yaml)
  secret push prod.enc.yaml --secrets-manager app/prod --yes            (one JSON secret)
  secret push prod.enc.yaml --secrets-manager app/prod --per-key --yes  (a secret per value)")]
pub struct PushArgs {
    /// The encrypted file to push.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,

    /// The namespace to push to, e.g. /app/prod.
    #[arg(
        long,
        value_name = "NAMESPACE",
        required_unless_present_any = ["environment", "secrets_manager"],
        conflicts_with = "secrets_manager"
    )]
    pub to: Option<String>,

    #[command(flatten)]
    pub namespace: NamespaceArgs,

    #[command(flatten)]
    pub sm: SecretsManagerArgs,

    /// Delete parameters of the namespace that are not in the file (with --secrets-manager:
    /// drop the JSON keys not in the file, or schedule their secrets for deletion).
    #[arg(long)]
    pub prune: bool,

    /// Print the plan and stop.
    #[arg(long)]
    pub dry_run: bool,

    /// Apply the plan without asking.
    #[arg(short, long)]
    pub yes: bool,

    /// Store values above 4 KB in the Advanced tier (charged by AWS), up to 8 KB.
    #[arg(long, conflicts_with = "secrets_manager")]
    pub advanced: bool,

    /// The KMS key (id, ARN, alias/NAME) to encrypt new values with; default: the service's
    /// own key (alias/aws/ssm, or aws/secretsmanager).
    #[arg(long, value_name = "KEY")]
    pub kms_key: Option<String>,

    /// The AWS profile to use (default: the AWS environment, as the AWS CLI does).
    #[arg(long, value_name = "PROFILE")]
    pub aws_profile: Option<String>,
}

/// Write a namespace of AWS SSM Parameter Store (or Secrets Manager) to an encrypted file.
///
/// `/NS/db/host` becomes `db: {host: …}` in YAML and JSON, `[db] host` in INI; dotenv
/// files hold flat names only (`/NS/DB_HOST`). A new file is encrypted by the creation rules of `.sops.yaml` (or --age/--kms). An
/// existing file is changed in place: only values that differ are set or removed, so all
/// others keep their bytes and ciphertext, and the git diff shows just the changes.
///
/// `--secrets-manager NAME` reads AWS Secrets Manager instead: the JSON object of the
/// secret NAME (keys `db/host` become `db: {host: …}`), or with --per-key every secret
/// NAME/KEY.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret pull /app/prod -o prod.enc.yaml
  secret pull -e prod -o prod.enc.yaml --dry-run
  secret pull --secrets-manager app/prod -o prod.enc.yaml
  secret pull --secrets-manager app/prod --per-key -o prod.enc.yaml")]
pub struct PullArgs {
    /// The namespace to read, e.g. /app/prod.
    #[arg(
        value_name = "NAMESPACE",
        required_unless_present_any = ["environment", "secrets_manager"],
        conflicts_with = "secrets_manager"
    )]
    pub from: Option<String>,

    #[command(flatten)]
    pub namespace: NamespaceArgs,

    #[command(flatten)]
    pub sm: SecretsManagerArgs,

    /// The encrypted file to write or update.
    #[arg(short, long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output: PathBuf,

    /// Print the plan and stop.
    #[arg(long)]
    pub dry_run: bool,

    /// Also the AWS profile for SSM.
    #[command(flatten)]
    pub keys: KeyArgs,
}

/// Show what `secret push --prune` would change, without changing anything.
///
/// Names only, never values: `+` only in the file, `~` different, `-` only in SSM (or
/// in Secrets Manager, with --secrets-manager).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret diff prod.enc.yaml /app/prod
  secret diff prod.enc.yaml -e prod
  secret diff prod.enc.yaml --secrets-manager app/prod")]
pub struct DiffArgs {
    /// The encrypted file.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,

    /// The namespace, e.g. /app/prod.
    #[arg(
        value_name = "NAMESPACE",
        required_unless_present_any = ["environment", "secrets_manager"],
        conflicts_with = "secrets_manager"
    )]
    pub to: Option<String>,

    #[command(flatten)]
    pub namespace: NamespaceArgs,

    #[command(flatten)]
    pub sm: SecretsManagerArgs,

    /// The AWS profile to use (default: the AWS environment, as the AWS CLI does).
    #[arg(long, value_name = "PROFILE")]
    pub aws_profile: Option<String>,
}

use with_aws::{confirm, progress_bar, write_pulled};
pub use with_aws::{diff, pull, push};

mod with_aws {
    use std::collections::BTreeSet;
    use std::io::IsTerminal;
    use std::path::Path;

    use indicatif::ProgressBar;

    use super::super::aws::parameter_store;
    use super::super::{Cli, CliError};
    use super::secrets_manager;
    use super::{DiffArgs, NamespaceArgs, PullArgs, PushArgs};
    use secret_core::aws::ParameterStore;
    use secret_core::config;
    use secret_core::env::{self, KeyedValue};
    use secret_core::fsutil::write_atomic;
    use secret_core::ops::variables::leaves_of;
    use secret_core::ops::{self, EncryptedFile, OpError};
    use secret_core::ssm::pull::KeyNames;
    use secret_core::ssm::{
        Namespace, Plan, SsmError, Values, fetch, pull as pull_edit, push as push_apply,
    };
    use secret_core::store::Format;

    /// Progress bars only for runs long enough to watch.
    const PROGRESS_FROM: u64 = 50;

    pub fn push(cli: &Cli, args: &PushArgs) -> Result<(), CliError> {
        if let Some(name) = &args.sm.secrets_manager {
            return secrets_manager::push(args, name);
        }
        let namespace = resolve(cli, args.to.as_deref(), &args.namespace)?;
        let wanted = file_values(&args.file, &namespace)?;
        let ssm = parameter_store(args.aws_profile.as_deref())?;
        let advanced = push_apply::check(&wanted, ssm.region(), args.advanced)?;
        let current = fetch(ssm.as_ref(), &namespace)?;
        let plan = Plan::between(&wanted, &current, args.prune);
        print!("{}: {plan}", namespace.as_str());
        if args.dry_run || plan.is_empty() {
            return Ok(());
        }
        confirm(args.yes, "parameters")?;
        apply(
            ssm.as_ref(),
            &plan,
            &wanted,
            &advanced,
            args.kms_key.clone(),
        )
    }

    fn apply(
        ssm: &dyn ParameterStore,
        plan: &Plan,
        wanted: &Values,
        advanced: &BTreeSet<String>,
        kms_key: Option<String>,
    ) -> Result<(), CliError> {
        let total = (plan.added.len() + plan.changed.len() + plan.removed.len()) as u64;
        let bar = progress_bar(total);
        let result = push_apply::apply(ssm, plan, wanted, advanced, kms_key, &|count| {
            bar.inc(count)
        });
        bar.finish_and_clear();
        result.map_err(CliError::Interrupted)
    }

    pub fn pull(cli: &Cli, args: &PullArgs) -> Result<(), CliError> {
        if let Some(name) = &args.sm.secrets_manager {
            return secrets_manager::pull(cli, args, name);
        }
        let namespace = resolve(cli, args.from.as_deref(), &args.namespace)?;
        let ssm = parameter_store(args.keys.aws_profile.as_deref())?;
        let remote = fetch(ssm.as_ref(), &namespace)?;
        if remote.is_empty() {
            return Err(SsmError::EmptyNamespace(namespace.as_str().into()).into());
        }
        write_pulled(cli, args, &namespace, &remote, &|leaves| {
            Ok(namespace.values_of(leaves)?)
        })
    }

    /// Makes the file of `args` hold `remote`: a new file encrypted by the creation rules,
    /// or in an existing one only the values that differ. `names` maps the plan's names to
    /// the file's keys, and `values_of` the file's values to the plan's names.
    pub fn write_pulled(
        cli: &Cli,
        args: &PullArgs,
        names: &dyn KeyNames,
        remote: &Values,
        values_of: &dyn Fn(Vec<KeyedValue>) -> Result<Values, CliError>,
    ) -> Result<(), CliError> {
        if args.output.exists() {
            return pull_into_existing(args, names, remote, values_of);
        }
        let plan = Plan::between(remote, &Values::new(), true);
        print!("{}: {plan}", args.output.display());
        if args.dry_run {
            return Ok(());
        }
        let format = Format::from_path(&args.output);
        let plaintext = pull_edit::new_plaintext(format, names, remote)
            .map_err(|e| CliError::sops(&args.output, e.into()))?;
        let options =
            args.keys
                .request(cli)
                .encrypt_options(&args.output, Some(&args.output), format)?;
        let encrypted = ops::encrypt(&plaintext, &args.output, format, &options)?;
        write_atomic(&args.output, &encrypted)
            .map_err(|source| CliError::write(&args.output, source))
    }

    /// Sets and unsets only the values that differ, under the file's own data key.
    fn pull_into_existing(
        args: &PullArgs,
        names: &dyn KeyNames,
        remote: &Values,
        values_of: &dyn Fn(Vec<KeyedValue>) -> Result<Values, CliError>,
    ) -> Result<(), CliError> {
        let file = EncryptedFile::new(&args.output, None);
        ops::rewrite::rewrite(&file, |store, src, parsed| {
            let leaves = env::leaves(&parsed.docs).map_err(|source| OpError::Env {
                file: file.path.clone(),
                source,
            })?;
            let current = values_of(leaves)?;
            let plan = Plan::between(remote, &current, true);
            print!("{}: {plan}", file.path.display());
            if args.dry_run || plan.is_empty() {
                return Ok(None);
            }
            let edited = pull_edit::edit(store, src, names, &plan, remote);
            Ok(Some(
                edited.map_err(|e| CliError::sops(&file.path, e.into()))?,
            ))
        })
        .map(drop)
    }

    pub fn diff(cli: &Cli, args: &DiffArgs) -> Result<(), CliError> {
        if let Some(name) = &args.sm.secrets_manager {
            return secrets_manager::diff(args, name);
        }
        let namespace = resolve(cli, args.to.as_deref(), &args.namespace)?;
        let wanted = file_values(&args.file, &namespace)?;
        let ssm = parameter_store(args.aws_profile.as_deref())?;
        let current = fetch(ssm.as_ref(), &namespace)?;
        print!(
            "{}: {}",
            namespace.as_str(),
            Plan::between(&wanted, &current, true)
        );
        Ok(())
    }

    /// The namespace named on the command line, or by `-e NAME` in `.sops.yaml`.
    fn resolve(
        cli: &Cli,
        named: Option<&str>,
        args: &NamespaceArgs,
    ) -> Result<Namespace, CliError> {
        let text = match (named, &args.environment) {
            (Some(text), _) => text.to_string(),
            (None, Some(name)) => {
                let path = config::find(cli.options.config.as_deref(), None)
                    .ok_or(CliError::NoEnvironments)?;
                config::load(&path)?.namespace(name)?.to_string()
            }
            (None, None) => unreachable!("clap requires a namespace or -e"),
        };
        Ok(Namespace::parse(&text)?)
    }

    fn file_values(file: &Path, namespace: &Namespace) -> Result<Values, CliError> {
        Ok(namespace.values_of(leaves_of(file)?)?)
    }

    /// Changes go ahead with --yes, or a yes at the terminal; never silently.
    pub fn confirm(yes: bool, what: &str) -> Result<(), CliError> {
        if yes {
            return Ok(());
        }
        if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
            return Err(CliError::NeedsYes(format!("the plan changes {what}")));
        }
        let agreed = dialoguer::Confirm::new()
            .with_prompt("Apply these changes?")
            .default(false)
            .interact()
            .unwrap_or(false);
        if agreed {
            Ok(())
        } else {
            Err(CliError::Declined)
        }
    }

    pub fn progress_bar(total: u64) -> ProgressBar {
        if total >= PROGRESS_FROM && std::io::stderr().is_terminal() {
            ProgressBar::new(total)
        } else {
            ProgressBar::hidden()
        }
    }
}
