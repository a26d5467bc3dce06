//! `sops exec-env FILE 'COMMAND'` and `sops exec-file FILE 'COMMAND'`: the command runs
//! through `/bin/sh -c` (sops-format.md §9.7), as a child whose exit code becomes ours,
//! or with `--same-process` in place of this process, or with `--background` not waited
//! for. exec-env adds the file's top-level values to the environment; exec-file hands the
//! decrypted file over at the path that replaces `{}`: a named pipe (or with `--no-fifo` a
//! 0600 file) in a private directory, removed afterwards.

use std::ffi::OsString;
use std::path::PathBuf;

use zeroize::Zeroizing;

use super::context::{Ctx, Input};
use super::error::{Fail, code};
use super::files::decrypted;
use secret_core::convert::scalar_text;
use secret_core::env::Variables;
use secret_core::keys::KeyRing;
use secret_core::ops::EncryptedFile;
use secret_core::store::Format;
use secret_core::tree::{Entry, Node, Scalar};
use secret_process::{Launch, PlaintextFile, User};

/// The file sops's temporary file is named by default.
const FALLBACK_FILENAME: &str = "tmp-file";

fn file_and_command(ctx: &Ctx) -> Result<(PathBuf, String), Fail> {
    match ctx.flags.args.as_slice() {
        [file, command] => Ok((PathBuf::from(file), command.to_string_lossy().into_owned())),
        _ => Err(Fail::new(code::GENERIC, "error: missing file to decrypt")
            .hint("sops exec-env FILE 'COMMAND': the command is one argument, quoted")),
    }
}

fn user(ctx: &Ctx) -> Result<Option<User>, Fail> {
    ctx.flags
        .str("user")
        .map(|name| User::lookup(name).map_err(|e| Fail::new(code::GENERIC, e.to_string())))
        .transpose()
}

fn shell(command: &str, secrets: Variables, pristine: bool) -> Launch {
    Launch {
        program: OsString::from("/bin/sh"),
        args: vec![OsString::from("-c"), OsString::from(command)],
        secrets,
        pristine,
        secrets_win: true,
    }
}

pub fn exec_env(ctx: &Ctx) -> Result<i32, Fail> {
    let (path, command) = file_and_command(ctx)?;
    let background = ctx.flags.bool("background");
    let same_process = ctx.flags.bool("same-process");
    if background {
        eprintln!(
            "secret: warning: exec-env's --background is deprecated (as in sops), and will go when sops drops it"
        );
        if same_process {
            return Err(Fail::new(
                code::CONFLICTING_PARAMETERS,
                "Error: The --same-process flag cannot be used with --background",
            ));
        }
    }
    let user = user(ctx)?;
    let launch = shell(&command, variables(ctx, path)?, ctx.flags.bool("pristine"));
    run(&launch, user, background, same_process)
}

fn run(
    launch: &Launch,
    user: Option<User>,
    background: bool,
    same_process: bool,
) -> Result<i32, Fail> {
    let failed = |e: secret_process::ExecError| Fail::new(e.exit_code(), e.to_string());
    if background {
        launch.start(user).map_err(failed)?;
        return Ok(0);
    }
    #[cfg(unix)]
    if same_process {
        return Err(failed(launch.replace_as(user)));
    }
    let _ = same_process;
    launch.run(user).map_err(failed)
}

/// The top-level values of the file, as sops's exec-env takes them: strings as they are,
/// other scalars as dotenv spells them; a mapping or list, or a key with `=`, refused.
fn variables(ctx: &Ctx, path: PathBuf) -> Result<Variables, Fail> {
    ctx.warn_keyservices();
    let input = Input::new(ctx.flags, Some(path.clone()));
    if !path.exists() {
        return Err(Fail::missing_file(&path));
    }
    let file = EncryptedFile {
        decryption_order: ctx.decryption_order()?,
        ..EncryptedFile::new(&path, Some(input.format))
    };
    let mut keys = KeyRing::new(file.decryption_order.clone());
    let plaintext = Zeroizing::new(file.decrypt(&mut keys)?.bytes);
    if input.format == Format::Binary {
        return Err(Fail::new(
            code::GENERIC,
            "cannot use complex value in environment; offending key data",
        ));
    }
    let parsed = file
        .store()
        .parse(&plaintext)
        .map_err(|e| Fail::from(crate::cli::CliError::sops(&path, e.into())))?;
    let mut vars = Variables::new();
    for entry in parsed
        .docs
        .first()
        .map(|d| d.entries.as_slice())
        .unwrap_or_default()
    {
        let Entry::Pair { key, value, .. } = entry else {
            continue;
        };
        let value = match value {
            Node::Scalar(leaf) => match &leaf.value {
                Scalar::Str(s) => s.clone(),
                other => scalar_text(other),
            },
            _ => {
                return Err(Fail::new(
                    code::GENERIC,
                    format!("cannot use complex value in environment; offending key {key}"),
                ));
            }
        };
        if key.contains('=') {
            return Err(Fail::new(
                code::GENERIC,
                format!("cannot use keys with '=' in environment: {key}"),
            ));
        }
        vars.insert(key.clone(), value.into());
    }
    Ok(vars)
}

pub fn exec_file(ctx: &Ctx) -> Result<i32, Fail> {
    let (path, command) = file_and_command(ctx)?;
    if !path.exists() {
        return Err(Fail::missing_file(&path));
    }
    let background = ctx.flags.bool("background");
    if background {
        eprintln!(
            "secret: warning: exec-file's --background is deprecated (as in sops), and will go when sops drops it"
        );
    }
    let user = user(ctx)?;
    let input = Input::new(ctx.flags, Some(path));
    let plaintext = Zeroizing::new(decrypted(ctx, &input)?);
    let name = ctx.flags.str("filename").unwrap_or(FALLBACK_FILENAME);
    let file = PlaintextFile::create(name, plaintext, ctx.flags.bool("no-fifo")).map_err(|e| {
        Fail::new(
            code::GENERIC,
            format!("cannot make the temporary file: {e}"),
        )
    })?;
    let command = command.replace("{}", &file.path().to_string_lossy());
    let launch = shell(&command, Variables::new(), false);
    // With --background the file goes as this process returns, as with sops.
    let code = run(&launch, user, background, false)?;
    drop(file);
    Ok(code)
}
