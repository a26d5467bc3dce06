//! What every sops command reads from its flags: the file and its formats, where the
//! output goes, `.sops.yaml` (searched from the working directory only, as sops does),
//! the indentation of re-emitted files, and the keys and settings of a new file.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::error::{Fail, NO_CONFIG_NO_KEYS, code};
use super::flags::Parsed;
use secret_core::config::{self, LoadedConfig};
use secret_core::convert::Style;
use secret_core::fsutil::write_atomic;
use secret_core::limits;
use secret_core::ops::{KeyRequest, OpError, read_file};
use secret_core::store::Format;

/// A command's flags, and the global ones (some of which only the global position holds).
pub struct Ctx<'a> {
    /// The flags of the subcommand, or the global flags in legacy mode.
    pub flags: &'a Parsed,
    pub global: &'a Parsed,
}

impl Ctx<'_> {
    /// A global-only flag: `--config`, `--indent`, `--verbose`, `--mac-only-encrypted`,
    /// the comment regexes. In legacy mode `flags` is the global set, so this is the same.
    pub fn global_str(&self, name: &str) -> Option<&str> {
        self.global.str(name)
    }

    /// `.sops.yaml`: `--config` / `SOPS_CONFIG`, else found from the working directory up.
    pub fn config_path(&self) -> Option<PathBuf> {
        self.global_str("config")
            .map(PathBuf::from)
            .or_else(|| config::find(None, None))
    }

    /// The configuration, if there is one; a broken one is an error.
    pub fn config(&self) -> Result<Option<LoadedConfig>, Fail> {
        self.config_path()
            .map(|path| config::load(&path))
            .transpose()
            .map_err(|e| Fail::from(OpError::from(e)))
    }

    /// The indentation of re-emitted YAML and JSON: `--indent`, else `.sops.yaml`
    /// `stores:`, else sops's defaults (4 spaces, a tab).
    pub fn style(&self) -> Style {
        let config = self.config().ok().flatten();
        let stores = config.as_ref().map(|c| &c.config.stores);
        let indent = self.global.int("indent");
        let yaml = indent.or_else(|| stores.and_then(|s| s.yaml.indent));
        let json = indent.or_else(|| stores.and_then(|s| s.json.indent));
        Style {
            yaml_indent: yaml.filter(|n| *n > 0).map_or(4, |n| n as usize),
            json_indent: json.filter(|n| *n >= 0).map(|n| n as usize),
        }
    }

    pub fn verbose(&self) -> bool {
        self.global.bool("verbose") || self.flags.bool("verbose")
    }

    /// `--decryption-order`, refusing a type named twice (exit 112).
    pub fn decryption_order(&self) -> Result<Vec<String>, Fail> {
        let order: Vec<String> = self
            .flags
            .str("decryption-order")
            .unwrap_or_default()
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        for (i, kind) in order.iter().enumerate() {
            if order[..i].contains(kind) {
                return Err(Fail::new(
                    code::DUPLICATE_DECRYPTION_KEY_TYPE,
                    format!("Duplicate decryption key type: {kind}"),
                ));
            }
        }
        Ok(order)
    }

    /// Remote key services cannot be used; this machine's keys are.
    pub fn warn_keyservices(&self) {
        let services = self.flags.list("keyservice");
        if !services.is_empty() {
            eprintln!(
                "secret: warning: --keyservice {} ignored: secret has no gRPC key service, so only this \
                 machine's keys are used",
                services.join(",")
            );
        }
    }

    /// The keys and settings of a new file: the key flags, else the creation rule.
    pub fn key_request(&self) -> Result<KeyRequest, Fail> {
        refuse_unsupported_keys(self.flags)?;
        let selector = |name: &str| self.flags.str(name).map(String::from);
        let threshold = self
            .flags
            .int("shamir-secret-sharing-threshold")
            .filter(|n| *n > 0)
            .map(|n| n as usize);
        Ok(KeyRequest {
            config: self.config_path(),
            age: self.flags.str("age").map(String::from),
            pgp: self.flags.str("pgp").map(String::from),
            kms: self.flags.str("kms").map(String::from),
            encryption_context: self.flags.str("encryption-context").map(String::from),
            aws_profile: self.flags.str("aws-profile").map(String::from),
            gcp_kms: self.flags.str("gcp-kms").map(String::from),
            azure_kv: self.flags.str("azure-kv").map(String::from),
            hc_vault_transit: self.flags.str("hc-vault-transit").map(String::from),
            selector: secret_core::config::SelectorSettings {
                unencrypted_suffix: selector("unencrypted-suffix"),
                encrypted_suffix: selector("encrypted-suffix"),
                unencrypted_regex: selector("unencrypted-regex"),
                encrypted_regex: selector("encrypted-regex"),
                unencrypted_comment_regex: self
                    .global
                    .str("unencrypted-comment-regex")
                    .map(String::from),
                encrypted_comment_regex: self
                    .global
                    .str("encrypted-comment-regex")
                    .map(String::from),
            },
            mac_only_encrypted: self.global.bool("mac-only-encrypted"),
            shamir_threshold: threshold,
        })
    }

    /// The options to encrypt a new file named `name`, with sops's message when there is
    /// neither a configuration with rules nor a key flag.
    pub fn encrypt_options(
        &self,
        name: &Path,
        format: Format,
    ) -> Result<secret_core::sops::encrypt::EncryptOptions, Fail> {
        let request = self.key_request()?;
        let names_keys = request.names_keys();
        let has_rules = self
            .config()?
            .is_some_and(|c| !c.config.creation_rules.is_empty());
        if !names_keys && !has_rules {
            return Err(Fail::new(code::GENERIC, NO_CONFIG_NO_KEYS).hint(
                "pass --age age1… (or set SOPS_AGE_RECIPIENTS), or add a creation rule to .sops.yaml",
            ));
        }
        // No file: the configuration is searched from the working directory only.
        Ok(request.encrypt_options(name, None, format)?)
    }
}

/// Key types secret does not have (HuaweiCloud KMS): refused by name rather than ignored.
fn refuse_unsupported_keys(flags: &Parsed) -> Result<(), Fail> {
    let flag = "hckms";
    if flags.str(flag).is_some() || !flags.list(flag).is_empty() {
        return Err(unsupported_key(flag, "HuaweiCloud KMS"));
    }
    Ok(())
}

pub fn unsupported_key(flag: &str, kind: &str) -> Fail {
    Fail::new(
        code::GENERIC,
        format!("--{flag}: {kind} keys are not supported by secret"),
    )
    .hint(
        "secret encrypts for age, PGP, AWS KMS, GCP KMS, Azure Key Vault and Vault transit keys; use \
         one of those, or the Go sops for this file",
    )
}

/// A format named by `--input-type`/`--output-type`; sops ignores names it does not know.
pub fn format_flag(flags: &Parsed, name: &str) -> Option<Format> {
    flags.str(name).and_then(Format::from_name)
}

/// The file a command reads (standard input when `None`) and how it is named.
pub struct Input {
    pub path: Option<PathBuf>,
    /// The name for the format and the rules: `--filename-override`, else the path
    /// (empty for standard input, which then reads as binary, as in sops).
    pub name: PathBuf,
    pub format: Format,
    pub output: Format,
}

impl Input {
    pub fn new(flags: &Parsed, path: Option<PathBuf>) -> Input {
        let name = flags
            .str("filename-override")
            .map(PathBuf::from)
            .or_else(|| path.clone())
            .unwrap_or_default();
        let format = format_flag(flags, "input-type").unwrap_or_else(|| Format::from_path(&name));
        let output = format_flag(flags, "output-type").unwrap_or(format);
        Input {
            path,
            name,
            format,
            output,
        }
    }

    pub fn read(&self) -> Result<Vec<u8>, Fail> {
        match &self.path {
            Some(path) if is_stream(path) => read_stream(path),
            Some(path) => read_file(path).map_err(Fail::from),
            None => read_stdin(),
        }
    }
}

/// Where a result goes: the file itself (`-i`), `--output`, or standard output.
pub enum Destination {
    InPlace(PathBuf),
    File(PathBuf),
    Stdout,
}

impl Destination {
    /// From `-i` and `--output` (refusing both, exit 8) for `input`.
    pub fn of(flags: &Parsed, input: Option<&Path>) -> Result<Destination, Fail> {
        let in_place = flags.bool("in-place");
        let output = flags.str("output");
        if in_place && output.is_some() {
            return Err(Fail::new(
                code::CONFLICTING_PARAMETERS,
                "Error: cannot operate on both --output and --in-place",
            ));
        }
        Ok(match (in_place, output, input) {
            (true, _, Some(path)) => Destination::InPlace(path.to_path_buf()),
            (true, _, None) => {
                return Err(Fail::new(
                    code::CONFLICTING_PARAMETERS,
                    "Error: cannot use --in-place when reading from stdin",
                ));
            }
            (false, Some(out), _) => Destination::File(PathBuf::from(out)),
            (false, None, _) => Destination::Stdout,
        })
    }

    /// Writes `bytes`; a file is replaced atomically.
    pub fn write(&self, bytes: &[u8]) -> Result<(), Fail> {
        let (path, what) = match self {
            Destination::Stdout => return write_stdout(bytes),
            Destination::InPlace(path) => (path, "in-place file"),
            Destination::File(path) => (path, "output file"),
        };
        write_atomic(path, bytes).map_err(|e| {
            Fail::new(
                3,
                format!("Could not open {what} for writing: {}: {e}", path.display()),
            )
        })
    }
}

pub fn write_stdout(bytes: &[u8]) -> Result<(), Fail> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| Fail::new(3, format!("cannot write to standard output: {e}")))
}

/// Whether `path` is a pipe (`/dev/stdin`, `<(…)`'s `/dev/fd/N`, a named pipe), which
/// sops reads like a file: tools such as ansible's community.sops pass `/dev/stdin`.
fn is_stream(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        path == Path::new("/dev/stdin")
            || std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo())
    }
    #[cfg(not(unix))]
    {
        path == Path::new("/dev/stdin")
    }
}

fn read_stream(path: &Path) -> Result<Vec<u8>, Fail> {
    if path == Path::new("/dev/stdin") {
        return read_stdin();
    }
    let file = std::fs::File::open(path)
        .map_err(|e| Fail::new(2, format!("cannot read {}: {e}", path.display())))?;
    read_limited(file, &path.display().to_string())
}

/// All of standard input, within the input size bound.
pub fn read_stdin() -> Result<Vec<u8>, Fail> {
    read_limited(std::io::stdin(), "standard input")
}

fn read_limited(source: impl Read, what: &str) -> Result<Vec<u8>, Fail> {
    limits::read_limited(source, limits::max_input_bytes())
        .map_err(|e| Fail::new(2, format!("cannot read {what}: {e}")))
}

/// Warns, as sops does, about positional arguments after the first (often flags placed
/// after the file, which sops never reads).
pub fn warn_extra_arguments(ctx: &Ctx, expected: usize) {
    let extra = ctx.flags.args.get(expected..).unwrap_or_default();
    if extra.is_empty() {
        return;
    }
    eprintln!(
        "secret: warning: more than {expected} positional argument(s); only the first {expected} are used"
    );
    if let Some(flag) = extra.iter().find(|a| a.to_string_lossy().starts_with('-')) {
        eprintln!(
            "secret: warning: {:?} looks like a flag: flags must come before the file",
            flag.to_string_lossy()
        );
    }
}
