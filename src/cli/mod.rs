//! The command line: argument definitions and one module per command.

mod args;
mod aws;
mod chamber;
mod check;
mod decrypt;
mod docs;
mod doctor;
mod drift;
mod edit;
mod editor;
mod encrypt;
mod error;
mod exec;
mod exec_file;
mod export;
mod get;
mod git;
mod init;
mod io;
mod k8s;
mod keygen;
mod log;
mod many;
mod params;
mod prompt;
mod publish;
mod publishing;
mod recipients;
mod remote;
mod render;
mod rendered;
mod rotate;
mod scan;
mod secrets;
mod set;
mod sops;
mod variables;
mod vault;

use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub use error::CliError;

use secret_core::keys::KeyRing;
use secret_core::store::Format;

/// Keep a team's secrets in git, encrypted: sops-compatible, and every byte you wrote
/// outside the values stays as you wrote it.
#[derive(Debug, Parser)]
#[command(
    name = "secret",
    version,
    propagate_version = true,
    after_help = "Examples:
  secret init                              (your age key and a .sops.yaml for it)
  secret encrypt -i dev.enc.env
  secret edit dev.enc.env
  secret exec dev.enc.env -- ./server      (the values as environment variables)
  secret recipients add age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p --name alice"
)]
pub struct Cli {
    /// Use this .sops.yaml instead of searching for one.
    #[arg(long, global = true, env = "SOPS_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Also report what went wrong on the way when it did not stop the command, e.g. a
    /// master key that failed while another one decrypted the file.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// The largest file read (default 64M): bytes, or with a K, M or G suffix. Files of
    /// secrets are kilobytes; the bound keeps a device or a runaway input from taking the
    /// machine's memory.
    #[arg(
        long,
        global = true,
        env = "SECRET_MAX_INPUT_SIZE",
        value_name = "SIZE",
        value_parser = parse_size
    )]
    pub max_input_size: Option<usize>,

    #[command(subcommand)]
    pub command: Command,
}

/// `defer`: each subcommand's arguments are built only when it runs (or for the docs),
/// not on every start-up.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Set up a project: your age key, a .sops.yaml encrypting for it, readable git diffs.
    ///
    /// Finds your age key where sops looks for one (or creates it, as `secret keygen` does),
    /// writes .sops.yaml with a creation rule for it and a `secret:` section with a `dev`
    /// environment, and prints the .gitattributes lines that make `git diff` show decrypted
    /// values. On a terminal it asks; every answer is also a flag, and with --yes (or without
    /// a terminal) the flags and defaults are taken as they are. An existing .sops.yaml is
    /// replaced only with --force.
    Init(init::InitArgs),
    /// Create an age key (X25519) and print its public key, the recipient to encrypt for.
    ///
    /// The key goes to sops's default key file ($XDG_CONFIG_HOME/sops/age/keys.txt, else the
    /// user configuration directory's sops/age/keys.txt), created 0600 in 0700 directories,
    /// where both secret and sops find it. A key file that exists is never overwritten or
    /// appended to: losing a key loses every file encrypted only for it.
    Keygen(keygen::KeygenArgs),
    /// Encrypt a file to standard output, to -o OUT, or in place with -i.
    ///
    /// Keys stay readable; each value is encrypted on its own, and comments, order and layout
    /// are kept byte for byte.
    ///
    /// Several files, and -r DIR (every plaintext file under DIR that a creation rule with
    /// a path_regex covers), are encrypted in place (-i) or into --output-dir, in parallel,
    /// one line per file (`FILE: ok` or `FILE: error: …`). A file that fails stops no
    /// other; each is written atomically. Exit code: 0 when all succeeded, else the code
    /// of the first file that failed.
    Encrypt(encrypt::EncryptArgs),
    /// Decrypt a file to standard output, to -o OUT, or in place with -i.
    ///
    /// With --textconv, for `git diff`: a file you hold no key for is shown as stored, after
    /// a one-line note, and the exit code is 0.
    ///
    /// Several files, and -r DIR (every encrypted file under DIR that a creation rule
    /// covers), need -i (each in place) or --output-dir DIR (each to DIR/its path, 0600):
    /// never standard output, which could not keep them apart. They are decrypted in
    /// parallel, one line per file (`FILE: ok` or `FILE: error: …`); a file that fails
    /// stops no other. Exit code: 0 when all succeeded, else the code of the first file
    /// that failed.
    Decrypt(decrypt::DecryptArgs),
    /// Edit an encrypted file in your editor ($SOPS_EDITOR, $VISUAL or $EDITOR).
    ///
    /// The plaintext lives only in a private temporary file (0600, in a 0700 directory on a
    /// RAM-backed filesystem where there is one), removed on every way out. A file that does
    /// not exist yet is created for the recipients of the matching creation rule.
    Edit(edit::EditArgs),
    /// Re-encrypt a file under a new data key, for the same recipients (in place).
    ///
    /// Use it after someone who could read the file has left: the old data key no longer
    /// opens the new file. Several files and -r DIR (every encrypted file under DIR that a
    /// creation rule covers) are rotated in parallel, one line per file; exit code 0 when
    /// all succeeded, else the code of the first file that failed.
    Rotate(rotate::RotateArgs),
    /// Re-wrap a file's data key for the recipients its `.sops.yaml` creation rule names now.
    ///
    /// Shows who is added and removed and asks before writing; without a terminal it needs
    /// --yes (else it exits 9 and changes nothing). Values, MAC and lastmodified are
    /// unchanged. Removed recipients can still read old copies of the file: run
    /// `secret rotate` too, or pass --rotate (`secret recipients remove` does both for every
    /// file of a rule, and lists what the key could read).
    ///
    /// Several files and -r DIR (every encrypted file under DIR that a creation rule
    /// covers): the changes of every file are shown first and one yes (or --yes) covers
    /// them all; then the files are re-keyed in parallel, one line per file. Exit code:
    /// 9 without a terminal and without --yes (nothing written), else 0 when all succeeded,
    /// else the code of the first file that failed.
    #[command(name = "updatekeys")]
    UpdateKeys(rotate::UpdateKeysArgs),
    /// Set the value at PATH in an encrypted file.
    ///
    /// VALUE is a string; with --json it is JSON, so objects become mappings, arrays lists,
    /// and numbers, booleans and null keep their type. `-` reads VALUE from standard input
    /// (one final line break dropped). Without VALUE, on a terminal, a hidden prompt asks for
    /// it: the secret then appears neither in the process list nor in shell history.
    /// A missing key is added at the end of its mapping (with any missing parents); an index
    /// equal to a list's length appends to it.
    Set(set::SetArgs),
    /// Remove the key or list item at PATH from an encrypted file.
    Unset(set::UnsetArgs),
    /// Print the value at PATH of an encrypted file.
    ///
    /// A string prints raw, without quotes or a trailing newline, ready for `$(…)`; another
    /// scalar prints as the file spells it; a mapping or list prints in the file's format.
    /// PATH is `a.b[0].c` or sops's `["a"]["b"][0]["c"]`.
    Get(get::GetArgs),
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
    Exec(exec::ExecArgs),
    /// Run a program that reads the decrypted file by path (`{}` in its arguments).
    ///
    /// The file is a named pipe, written once as the program opens it, or with --no-fifo a
    /// regular file (0600); either is in a private directory (0700, on a RAM-backed
    /// filesystem where there is one) that is removed when the program ends. The program runs
    /// without a shell, as with `secret exec`; `{}` in its arguments becomes the path (without
    /// `{}`, the path is added as the last argument). Its exit code is secret's.
    ExecFile(exec_file::ExecFileArgs),
    /// Print the decrypted values as environment variables, in the chosen format.
    ///
    /// The variables are those `secret exec` would set (see `secret exec --help`). With `-o`,
    /// the output file is written with permissions 0600.
    ///
    /// `--format k8s` prints a Kubernetes v1/Secret manifest: `stringData` (or base64 `data`
    /// with --k8s-data base64), multi-line values as YAML block scalars. Its keys are the
    /// variable names, except that `-` and `.` are allowed (Kubernetes's rule: letters,
    /// digits, `-`, `_`, `.`, at most 253): a dotenv or top-level key stays as it is
    /// (`tls.crt`), nested keys are joined with `_` (`db: {host: x}` is `db_host`). A key
    /// Kubernetes would reject is an error naming it.
    ///
    /// `--format github` prints `::add-mask::` commands for every value (one per line of a
    /// multi-line value) so the runner hides them in logs, and appends the variables to the
    /// file named by `$GITHUB_ENV` (or `-o`) with random heredoc delimiters, so later steps
    /// see them, multi-line values included.
    Export(export::ExportArgs),
    /// Fill a configuration file template with decrypted values.
    ///
    /// Placeholders: `${db.password}` is the value at that path of the files (`a.b[0].c`,
    /// as `secret get` takes it; the last file holding it wins), `${DB_PASSWORD}` a dotenv
    /// key or a variable as `secret exec` names it (`db: {host: x}` is also `${db_host}`).
    /// `$${` writes `${`; any other `$` stays as it is. Values are inserted verbatim,
    /// multi-line ones included. A placeholder that names nothing (or a mapping, or a list)
    /// is an error naming it with its line:column, and nothing is written. With -o the
    /// result is written 0600, atomically. `secret exec --render` gives a rendered file to a
    /// program and removes it when the program ends.
    Render(render::RenderArgs),
    /// Who can decrypt a file; people joining (`add`) and leaving (`remove`) in one command.
    ///
    /// `secret recipients FILE` (or `recipients show FILE`) lists who can decrypt a file, key
    /// group by key group, marking the keys you hold and naming keys that have a name under
    /// `secret: names:` in .sops.yaml; it says when the file lags its creation rule, and the
    /// command that fixes it. It reads only the file's metadata: no key is needed. Your keys
    /// are the age identities found where sops looks for them (SOPS_AGE_KEY,
    /// SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, the default key file, SSH keys; no passphrase is
    /// asked, and an age plugin's recipient is marked when you hold an identity of that
    /// plugin) and, when the file has PGP keys, the secret keys gpg lists (`gpg
    /// --list-secret-keys`: no passphrase asked); a KMS key cannot be checked without
    /// calling AWS, so it is never marked.
    ///
    /// `add KEY… [--name NAME]` adds keys to the creation rules of .sops.yaml (in place,
    /// comments and layout kept) and re-keys every file they cover; `remove KEY|NAME` takes
    /// a key out, gives those files new data keys, and lists every value the key could read
    /// in the git history: the credentials to change.
    Recipients(recipients::RecipientsArgs),
    /// Publish files where `.sops.yaml`'s destination_rules say (Vault or OpenBao KV).
    ///
    /// The decrypted top-level values of each file are written to the KV secrets engine
    /// (version 1 or 2) of the matching rule's `vault_path`, as sops's `publish` writes them;
    /// a secret that holds the same values already gets no new version. The server is the
    /// rule's `vault_address` or VAULT_ADDR, the token VAULT_TOKEN or ~/.vault-token. S3 and
    /// GCS destinations are not supported: the file is encrypted, so copy it there as it is.
    ///
    /// A rule in .sops.yaml that sends prod.enc.json to secret/data/myapp/prod.enc.json:
    /// `destination_rules: [{path_regex: 'prod\.enc\.json$', vault_path: myapp/,
    /// vault_kv_mount_name: secret/, vault_kv_version: 2}]`
    Publish(publish::PublishArgs),
    /// Run as sops 3.11: `secret sops decrypt f.yaml` is `sops decrypt f.yaml`.
    ///
    /// The whole command line of sops 3.11 (its subcommands, legacy flags, variables, exit
    /// codes), as when secret is called through a link named `sops` (install.sh --as-sops
    /// makes one). `secret sops --help` lists it.
    #[command(
        disable_help_flag = true,
        after_help = "Example: secret sops decrypt --extract '[\"db\"][\"password\"]' secrets.enc.yaml"
    )]
    Sops {
        /// sops's arguments.
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<std::ffi::OsString>,
    },
    /// Check the set-up: your keys (passphrase-protected ones and age plugins included),
    /// .sops.yaml, the editor, gpg when PGP is used, AWS, Vault, GCP or Azure credentials
    /// when their keys are used, and files whose recipients lag their creation rule.
    ///
    /// Each line is a pass (✓) or a problem (✗) followed by its fix. Nothing is sent anywhere:
    /// credentials are looked for, not tried. Exits 1 when something needs fixing.
    Doctor(doctor::DoctorArgs),
    /// Set up git for encrypted files: decrypted diffs, key-by-key merges, a pre-commit check.
    ///
    /// `secret git setup` writes the .gitattributes lines for the files the creation rules
    /// cover, this clone's git configuration (textconv, merge driver) and a pre-commit hook
    /// that runs `secret check --staged` after any hook already there. The merge driver
    /// decrypts base, ours and theirs in memory and merges by key path: what one branch
    /// changed is taken, keys added or removed on one side are added or removed, ours's
    /// layout, comments and ciphertexts stay; a value both changed differently holds both
    /// sides between conflict markers, encrypted (`secret edit` to resolve; the hook refuses
    /// to commit it unresolved). A rotated data key wins; recipients merge as sets.
    Git(git::GitArgs),
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
    Check(check::CheckArgs),
    /// Find the project's secret values where they must not be: in tracked files, what is
    /// staged, and with --history every commit.
    ///
    /// Needs a key: every encrypted file of the repository is decrypted in memory, and each
    /// string value (and each line of a multi-line one) is searched for as it is,
    /// base64-encoded (standard and URL-safe, at any offset), URL-encoded and JSON-escaped,
    /// all at once. Each place found is printed with the file and key path the value
    /// belongs to, never the value. Values shorter than 4 characters are skipped, with a
    /// note. Exits 1 when something is found, 128 when no encrypted file could be decrypted.
    Scan(scan::ScanArgs),
    /// The history of an encrypted file key by key, without any key.
    ///
    /// For each commit that touched the file: author, date, and which key paths were added,
    /// changed or removed (an unchanged value keeps its ciphertext, so a changed ciphertext
    /// is a changed value), recipients added and removed, data key rotations, and versions
    /// committed unencrypted. With KEYPATH, only the commits that touched that key, its
    /// readers or its encryption. --readers shows who could decrypt each version and
    /// everyone who ever could: the exposure a revocation must assume. Lines: + a key
    /// added, ~ a value changed, - a key removed; readers +/- a recipient added or removed;
    /// a rotation re-encrypts every value under a new data key.
    Log(log::LogArgs),
    /// Print the completion script for a shell.
    ///
    /// install.sh installs the bash, zsh and fish scripts; for the others, load the output
    /// from your shell's start-up file.
    Completions(docs::CompletionsArgs),
    /// Write completions/ and man/ under DIR (for the repository and install.sh).
    #[command(hide = true)]
    GenerateDocs(docs::GenerateDocsArgs),
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
    Push(params::PushArgs),
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
    Pull(params::PullArgs),
    /// Show what `secret push --prune` would change, without changing anything.
    ///
    /// Names only, never values: `+` only in the file, `~` different, `-` only in SSM (or
    /// in Secrets Manager, with --secrets-manager).
    Diff(params::DiffArgs),
    /// chamber's commands: SecureString parameters named /SERVICE/KEY.
    ///
    /// As in chamber, `write` and `import` lower-case keys. Unlike chamber, services are used
    /// as typed (not lower-cased), `read`, `delete` and `history` find a key as typed before
    /// trying it lower-cased (so upper-case keys written by other tools stay reachable),
    /// values never appear in verbose output, and exports are written 0600.
    Ssm(chamber::SsmArgs),
}

/// Runs the command line; returns the process exit code. Called as `sops` (a link or copy
/// named so) or as `secret sops …`, it is sops's command line instead, chosen here before
/// any of secret's own is built.
pub fn main() -> i32 {
    secret_process::keep_memory_private();
    aws::install();
    remote::install();
    prompt::install();
    let mut args = std::env::args_os();
    let program = args.next().unwrap_or_default();
    let rest: Vec<std::ffi::OsString> = args.collect();
    if sops::invoked_as_sops(&program) {
        return sops::main(&rest);
    }
    if rest.first().is_some_and(|first| first == "sops") {
        return sops::main(&rest[1..]);
    }
    let matches = match Cli::command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => return usage_error(&error),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    if let Some(limit) = cli.max_input_size {
        secret_core::limits::set_max_input_bytes(limit);
    }
    let result = match &cli.command {
        Command::Init(args) => init::run(&cli, args).map(|()| 0),
        Command::Keygen(args) => keygen::run(args).map(|()| 0),
        Command::Encrypt(args) => encrypt::run(&cli, args).map(|()| 0),
        Command::Decrypt(args) => decrypt::run(&cli, args).map(|()| 0),
        Command::Edit(args) => edit::run(&cli, args).map(|()| 0),
        Command::Rotate(args) => rotate::rotate(&cli, args).map(|()| 0),
        Command::UpdateKeys(args) => rotate::update_keys(&cli, args).map(|()| 0),
        Command::Set(args) => set::run_set(args).map(|()| 0),
        Command::Unset(args) => set::run_unset(args).map(|()| 0),
        Command::Get(args) => get::run(args).map(|()| 0),
        Command::Exec(args) => exec::run(&cli, args),
        Command::ExecFile(args) => exec_file::run(&cli, args),
        Command::Publish(args) => publish::run(&cli, args).map(|()| 0),
        Command::Sops { args } => Ok(sops::main(args)),
        Command::Export(args) => export::run(&cli, args).map(|()| 0),
        Command::Render(args) => render::run(&cli, args).map(|()| 0),
        Command::Recipients(args) => recipients::run(&cli, args).map(|()| 0),
        Command::Doctor(args) => doctor::run(&cli, args),
        Command::Git(args) => git::run(&cli, args),
        Command::Check(args) => check::run(&cli, args),
        Command::Scan(args) => scan::run(args),
        Command::Log(args) => log::run(args).map(|()| 0),
        Command::Completions(args) => docs::completions(args).map(|()| 0),
        Command::GenerateDocs(args) => docs::generate_docs(args).map(|()| 0),
        Command::Push(args) => params::push(&cli, args).map(|()| 0),
        Command::Pull(args) => params::pull(&cli, args).map(|()| 0),
        Command::Diff(args) => params::diff(&cli, args).map(|()| 0),
        Command::Ssm(args) => chamber::run(&cli, args).map(|()| 0),
    };
    match result {
        Ok(code) => code,
        Err(error) => report(&error, matches.subcommand_name()),
    }
}

/// `--max-input-size`: bytes, or a number with K, M or G (powers of 1024).
fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let (digits, shift) = match text.char_indices().last() {
        Some((at, 'k' | 'K')) => (&text[..at], 10),
        Some((at, 'm' | 'M')) => (&text[..at], 20),
        Some((at, 'g' | 'G')) => (&text[..at], 30),
        _ => (text, 0),
    };
    let number: usize = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size (e.g. 64M, 1G, 1048576)"))?;
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// The value parser of `--input-type` and `--output-type`: sops's format names.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Format::ALL.map(Format::name))
        .map(|name| Format::from_name(&name).unwrap_or(Format::Binary))
}

/// Prints clap's message, and for a mistake (not `--help`) a hint when there is one and
/// which help page explains it: one `see:` line instead of clap's "try '--help'".
fn usage_error(error: &clap::Error) -> i32 {
    if !error.use_stderr() {
        let _ = error.print();
        return error.exit_code();
    }
    let rendered = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        error.render().ansi().to_string()
    } else {
        error.render().to_string()
    };
    let message: Vec<&str> = rendered
        .lines()
        .filter(|line| !line.contains("For more information, try"))
        .collect();
    eprintln!("{}", message.join("\n").trim_end());
    if error.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        return error.exit_code();
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let subcommands = subcommands_in_args(&args);
    if let Some(hint) = usage_hint(error, &subcommands, &args) {
        eprintln!("  hint: {hint}");
    }
    eprintln!("  see: {}", help_command(&subcommands));
    error.exit_code()
}

/// The subcommands named on the command line, outermost first (clap did not get far
/// enough to say).
fn subcommands_in_args(args: &[String]) -> Vec<String> {
    let mut command = Cli::command();
    // Subcommands are built on demand (`defer`): build them all to look through them.
    command.build();
    let mut names = Vec::new();
    for arg in args {
        let Some(sub) = command.find_subcommand(arg).cloned() else {
            continue;
        };
        names.push(sub.get_name().to_string());
        command = sub;
    }
    names
}

/// What to do about a usage error that has a likely cause.
fn usage_hint(error: &clap::Error, subcommands: &[String], args: &[String]) -> Option<String> {
    let missing = error.kind() == clap::error::ErrorKind::MissingRequiredArgument;
    if missing && subcommands.first().map(String::as_str) == Some("exec") {
        return exec_hint(args);
    }
    None
}

/// `secret exec f npm test`: the program and its arguments were taken for files.
fn exec_hint(args: &[String]) -> Option<String> {
    if args.iter().any(|a| a == "--") {
        return None;
    }
    let start = args.iter().position(|a| a == "exec")? + 1;
    let takes_value = [
        "-e",
        "--environment",
        "--ssm",
        "--secrets-manager",
        "--watch-interval",
        "--grace",
        "--reload-signal",
        "--config",
        "--render",
    ];
    let mut positionals = Vec::new();
    let mut skip = false;
    for (index, arg) in args.iter().enumerate().skip(start) {
        if std::mem::take(&mut skip) {
            continue;
        }
        if arg.starts_with('-') {
            skip = takes_value.contains(&arg.as_str());
            continue;
        }
        positionals.push(index);
    }
    // The program: the first word that is no file here, else the last word.
    let program = positionals
        .iter()
        .copied()
        .find(|&i| !std::path::Path::new(&args[i]).is_file())
        .or_else(|| positionals.last().copied())?;
    let quoted = |words: &[String]| {
        words
            .iter()
            .map(|w| shell_words::quote(w).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let before = quoted(&args[..program]);
    let after = quoted(&args[program..]);
    Some(format!(
        "put `--` before the program: secret {before} -- {after}"
    ))
}

fn help_command(subcommands: &[String]) -> String {
    match subcommands {
        [] => "secret --help".into(),
        names => format!("secret {} --help", names.join(" ")),
    }
}

/// With `--verbose`, names each master key that failed while others decrypted the file.
/// Reasons come from key lookups and KMS errors, never from the data.
fn warn_failed_keys(cli: &Cli, keys: &KeyRing) {
    if !cli.verbose {
        return;
    }
    for failure in keys.failed_keys() {
        eprintln!(
            "secret: warning: {} could not decrypt the data key (others did): {}",
            failure.key, failure.reason
        );
    }
}

fn report(error: &CliError, subcommand: Option<&str>) -> i32 {
    eprintln!("secret: error: {error}");
    if let Some(hint) = error.hint() {
        eprintln!("  hint: {hint}");
    }
    if error.is_usage() {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let named = subcommands_in_args(&args);
        let names = if named.is_empty() {
            subcommand.map(String::from).into_iter().collect()
        } else {
            named
        };
        eprintln!("  see: {}", help_command(&names));
    }
    error.exit_code()
}
