//! `secret exec`: run a program with the decrypted values in its environment.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Args;

use super::aws::{secrets_manager_variables, service_variables};
use super::rendered::{self, RenderSpec};
use super::secrets::SecretsArgs;
use super::{Cli, CliError};
use secret_core::env::Variables;
use secret_core::mask::{MIN_LEN, Masker};
use secret_core::ops::variables::variables_of_files;
use secret_core::secrets_manager::Layout;
use secret_process::Launch;
use watch::WatchArgs;

mod watch;

/// Run a program with the decrypted values as environment variables.
///
/// The program runs without a shell: it gets exactly the arguments after `--`. It replaces
/// this process (on Unix), so its exit code and signals are its own; a missing program
/// exits 127, one that cannot run 126, as in a shell.
///
/// Variables: dotenv keys as they are. In YAML, JSON and INI, a top-level scalar by its
/// name, a nested mapping's values by their keys joined with `_` (`db: {host: x}` gives
/// `db_host`; INI `[db] host` gives `db_host`); lists are refused. Names must match
/// `[A-Za-z_][A-Za-z0-9_]*`. With several files, later ones win. Secrets replace variables
/// already set, as with sops, unless `--no-override`.
///
/// `--ssm SERVICE` adds the parameters /SERVICE/KEY of AWS SSM Parameter Store (chamber's
/// layout), named as `secret ssm export` names them (`db-host` → `DB_HOST`).
/// `--secrets-manager NAME` adds the values of an AWS Secrets Manager secret holding a
/// JSON object (`secret push --secrets-manager` writes one), or with `--per-key` of every
/// secret NAME/KEY; levels join with `_` (`db/host` → `db_host`). Precedence: files
/// first, then services, then secrets, each in the order given; a later source wins.
///
/// `--watch` keeps the program running under secret and reloads when the secrets
/// change: the files as they are written (their directories are watched, so editors
/// that replace a file are seen; changes are debounced by 200 ms), services and secrets
/// every --watch-interval (60s). New values restart the program: SIGTERM, up to --grace
/// (10s) for it to exit, then SIGKILL, and it starts again with them; with
/// --reload-signal SIG it is sent SIG instead and keeps running. A change that does not
/// load (a file that fails to decrypt, a half-written file, AWS out of reach) keeps the
/// program running on the values it has and says why on stderr. Signals to secret
/// reach the program, and secret exits with the program's status when it exits by
/// itself. With --mask, every value the program was given stays masked.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret exec app.enc.env -- ./server --port 8080
  secret exec -e prod -- ./server          (files from `secret: environments:` in .sops.yaml)
  secret exec --mask -- npm test           (secrets in the output become *****)
  secret exec app.enc.env -- sh -c 'echo \"$DB_HOST\"'
  secret exec --ssm app --ssm app/prod -- ./server   (chamber-style services; app/prod wins)
  secret exec --secrets-manager app/prod -- ./server (a JSON secret of AWS Secrets Manager)
  secret exec app.enc.env --watch -- ./server       (restarted when app.enc.env changes)
  secret exec app.enc.env --watch --reload-signal HUP -- ./server
  secret exec --render app.conf.tmpl:app.conf app.enc.yaml -- ./server --config {app.conf}")]
pub struct ExecArgs {
    #[command(flatten)]
    pub secrets: SecretsArgs,

    /// Start from an empty environment: only the secrets, and PATH=/usr/local/bin:/usr/bin:/bin.
    #[arg(long)]
    pub pristine: bool,

    /// Also load the parameters of this chamber-style service (/SERVICE/KEY) from AWS SSM
    /// Parameter Store, after the files; repeatable, later services win.
    #[arg(long, value_name = "SERVICE")]
    pub ssm: Vec<String>,

    /// Also load the AWS Secrets Manager secret NAME, a JSON object of values (with
    /// --per-key, every secret NAME/KEY), after the files and services; repeatable, later
    /// secrets win. Nested keys join with `_`: `{"db/host": …}` gives `db_host`.
    #[arg(long, value_name = "NAME")]
    pub secrets_manager: Vec<String>,

    /// With --secrets-manager: each NAME is the prefix of one secret per value (NAME/KEY).
    #[arg(long, requires = "secrets_manager")]
    pub per_key: bool,

    /// Variables already set win over secrets of the same name.
    #[arg(long)]
    pub no_override: bool,

    /// Replace every secret value in the program's output, and the forms it leaks in,
    /// with `*****`. Values shorter than 4 characters are not masked.
    ///
    /// The forms: base64 (standard and URL-safe, padded or not, at any offset in a longer
    /// encoded string, and wrapped at any width from 40 columns, as MIME and PEM wrap it),
    /// URL and form encoding, JSON string escaping, and each line of a multi-line value.
    /// Base64 forms need 8 characters or more, so values under 6 bytes are masked only as
    /// they are. Output is written as soon as it cannot be the start of a secret (at most
    /// the length of the longest form is held back), and all of it when the program's
    /// output ends.
    ///
    /// Across stdout and stderr: when both go to the same place (a terminal, `2>&1`), the
    /// program gets one pipe for both, so a value written partly to each is masked exactly
    /// as if written to one. When they go to different places, the two are masked as one
    /// sequence in the order they are read: a value split between them is masked (in both)
    /// when its parts are written in separate steps; two writes in immediate succession
    /// may be read in either order, and then each stream gets only its own part.
    ///
    /// The program runs as a child: signals sent to `secret` alone (TERM, INT, HUP, QUIT,
    /// USR1, USR2, WINCH, CONT and the others that would end it) are passed on to it, a
    /// stop (TSTP, TTIN, TTOU) stops both, and `secret` exits with the program's status.
    #[arg(long)]
    pub mask: bool,

    /// Fill the template TEMPLATE with the files' values (as `secret render` does) and give
    /// it to the program as PATH in a private directory (0700, RAM-backed; files 0600),
    /// removed when the program ends; repeatable.
    ///
    /// `{PATH}` in the program's arguments becomes the file's absolute path (`{}` too, when
    /// there is one --render), and SECRET_RENDER_DIR names the directory. PATH is relative
    /// (`app.conf`, `conf/app.yaml`). Every template is rendered before anything is written
    /// or run; a bad placeholder stops the command. The program then runs as a child (as
    /// with --mask): signals sent to `secret` (TERM, INT, HUP, …) are passed on to it, and
    /// when it ends, however it ends, the directory is removed and `secret` exits with its
    /// status. Only a SIGKILL of `secret` leaves the directory, for the next `secret` to
    /// remove.
    #[arg(long, value_name = "TEMPLATE:PATH", value_parser = rendered::parse_spec)]
    pub render: Vec<RenderSpec>,

    #[command(flatten)]
    pub watch: WatchArgs,

    /// The program and its arguments, after `--`.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

/// Runs the program; returns its exit code (when it did not replace this process).
pub fn run(cli: &Cli, args: &ExecArgs) -> Result<i32, CliError> {
    if args.watch.watch {
        return watch::run(cli, args);
    }
    let mut launch = launch(args, load(cli, args)?);
    let masker = masker(args, &launch.secrets)?;
    if !args.render.is_empty() {
        // A child, never a replacement: this process removes the files when it ends.
        return rendered::with_rendered(cli, &args.secrets, &args.render, &mut launch, |l| {
            Ok(match masker {
                Some(masker) => l.run_masked(masker)?,
                None => l.run_forwarded()?,
            })
        });
    }
    if let Some(masker) = masker {
        return Ok(launch.run_masked(masker)?);
    }
    run_unmasked(&launch)
}

/// The program of `args` with `secrets`.
fn launch(args: &ExecArgs, secrets: Variables) -> Launch {
    let (program, program_args) = args.command.split_first().expect("clap requires a command");
    Launch {
        program: program.clone(),
        args: program_args.to_vec(),
        secrets,
        pristine: args.pristine,
        secrets_win: !args.no_override,
    }
}

/// With --mask, the masker of `secrets`, after a warning naming the values too short to
/// mask.
fn masker(args: &ExecArgs, secrets: &Variables) -> Result<Option<Masker>, CliError> {
    if !args.mask {
        return Ok(None);
    }
    let (masker, too_short) =
        Masker::for_secrets(secrets).map_err(secret_process::ExecError::from)?;
    warn_unmasked(&too_short);
    Ok(Some(masker))
}

/// The files' variables, then the services', then the Secrets Manager secrets' (later
/// wins). Every secret's name is checked before anything is read.
fn load(cli: &Cli, args: &ExecArgs) -> Result<Variables, CliError> {
    let remote = RemoteSources::of(args)?;
    let mut secrets = variables_of_files(&files_to_load(cli, args)?)?;
    secrets.extend(remote.load()?);
    Ok(secrets)
}

/// The files to load; with only services or secrets named, no files are looked for.
fn files_to_load(cli: &Cli, args: &ExecArgs) -> Result<Vec<PathBuf>, CliError> {
    let remote_only = !args.ssm.is_empty() || !args.secrets_manager.is_empty();
    if remote_only && !args.secrets.names_files() {
        return Ok(Vec::new());
    }
    args.secrets.paths(cli)
}

/// What `exec` reads from AWS: chamber-style services of SSM Parameter Store, then
/// Secrets Manager secrets.
struct RemoteSources {
    ssm: Vec<String>,
    secrets_manager: Vec<Layout>,
}

impl RemoteSources {
    /// The sources `args` name, the secrets' names checked.
    fn of(args: &ExecArgs) -> Result<RemoteSources, CliError> {
        let secrets_manager = args
            .secrets_manager
            .iter()
            .map(|name| Layout::parse(name, args.per_key))
            .collect::<Result<_, _>>()?;
        Ok(RemoteSources {
            ssm: args.ssm.clone(),
            secrets_manager,
        })
    }

    fn is_empty(&self) -> bool {
        self.ssm.is_empty() && self.secrets_manager.is_empty()
    }

    /// The services' variables, then the secrets' (later wins).
    fn load(&self) -> Result<Variables, CliError> {
        let mut secrets = service_variables(&self.ssm)?;
        secrets.extend(secrets_manager_variables(&self.secrets_manager)?);
        Ok(secrets)
    }
}

#[cfg(unix)]
fn run_unmasked(launch: &Launch) -> Result<i32, CliError> {
    Err(launch.replace().into())
}

#[cfg(not(unix))]
fn run_unmasked(launch: &Launch) -> Result<i32, CliError> {
    Ok(launch.replace()?)
}

fn warn_unmasked(names: &[String]) {
    if !names.is_empty() {
        eprintln!(
            "secret: warning: not masking {}: values shorter than {MIN_LEN} characters would mask too much",
            names.join(", ")
        );
    }
}
