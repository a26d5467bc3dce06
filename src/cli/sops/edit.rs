//! `sops edit FILE` (and `sops FILE`): the edit session as sops runs it (sops-format.md
//! §9.5), on secret's draft operation: a missing file starts from an example; the editor is
//! `$SOPS_EDITOR`, else `$EDITOR`, else vim, nano or vi; an unchanged file exits 200, a
//! failed editor 201; content that does not parse reopens the editor after a key press.
//! The plaintext lives only in a private temporary file (0600, in a 0700 directory on a
//! RAM-backed filesystem), removed on every way out.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::context::warn_extra_arguments;
use super::context::{Ctx, Input};
use super::error::{Fail, code};
use secret_core::convert::convert_styled;
use secret_core::fsutil::write_private;
use secret_core::keys::KeyRing;
use secret_core::ops::EncryptedFile;
use secret_core::ops::draft::Draft;
use secret_core::private_dir::PrivateDir;
use secret_core::sops::error::SopsError;
use secret_core::store::Format;

pub fn edit(ctx: &Ctx) -> Result<i32, Fail> {
    warn_extra_arguments(ctx, 1);
    let Some(path) = ctx.flags.args.first().map(PathBuf::from) else {
        return Err(Fail::new(code::NO_FILE, "Error: no file specified"));
    };
    if ctx.flags.bool("show-master-keys") {
        return Err(Fail::new(
            code::GENERIC,
            "--show-master-keys is not supported by secret: the metadata is not edited by hand",
        )
        .hint("change keys with `sops updatekeys`, `sops rotate --add-age …` or `sops groups`"));
    }
    ctx.warn_keyservices();
    let input = Input::new(ctx.flags, Some(path.clone()));
    let file = EncryptedFile {
        ignore_mac: ctx.flags.bool("ignore-mac"),
        decryption_order: ctx.decryption_order()?,
        ..EncryptedFile::new(&path, Some(input.format))
    };
    let (draft, start) = if path.exists() {
        let mut keys = KeyRing::new(file.decryption_order.clone());
        let draft = Draft::open(&file, &mut keys)?;
        let start = draft.plaintext.to_vec();
        (draft, start)
    } else {
        let options = ctx.encrypt_options(&path, input.format)?;
        let draft = Draft::new(&file, &options)?;
        (draft, example(input.format).to_vec())
    };
    let style = ctx.style();
    // The editor sees the output format; the file keeps its own.
    let shown = convert_styled(&start, input.format, input.output, &style)
        .map_err(|e| store_fail(&path, e))?
        .into_owned();
    let words = editor()?;
    let dir = PrivateDir::new().map_err(|e| Fail::new(code::GENERIC, e.to_string()))?;
    let temp = dir.path().join(path.file_name().unwrap_or("file".as_ref()));
    write_private(&temp, &shown).map_err(|e| {
        Fail::new(
            code::GENERIC,
            format!("cannot write {}: {e}", temp.display()),
        )
    })?;
    remove_on_signal(dir.path());
    loop {
        run_editor(&words, &temp)?;
        let edited = std::fs::read(&temp).map_err(|e| {
            Fail::new(
                code::GENERIC,
                format!("cannot read {}: {e}", temp.display()),
            )
        })?;
        if edited == shown {
            return Err(Fail::new(
                code::FILE_NOT_MODIFIED,
                "File has not changed, exiting.",
            ));
        }
        let sealed = convert_styled(&edited, input.output, input.format, &style)
            .map_err(SopsError::from)
            .and_then(|plain| draft.seal(&plain));
        match sealed {
            Ok(encrypted) => {
                draft.save(&encrypted)?;
                return Ok(0);
            }
            Err(SopsError::Store(error)) => {
                eprintln!("{}: {error}", path.display());
                eprintln!(
                    "Could not load tree, probably due to invalid syntax. Press a key to return to the editor, or Ctrl+C to exit."
                );
                let mut byte = [0u8; 1];
                if !matches!(std::io::stdin().read(&mut byte), Ok(1)) {
                    return Err(Fail::new(
                        code::GENERIC,
                        format!("{}: edit aborted; the file was not changed", path.display()),
                    ));
                }
            }
            Err(other) => return Err(Fail::from(crate::cli::CliError::sops(&path, other))),
        }
    }
}

fn store_fail(path: &Path, error: secret_core::store::StoreError) -> Fail {
    Fail::from(crate::cli::CliError::sops(path, error.into()))
}

/// What a new file starts as, in the editor.
fn example(format: Format) -> &'static [u8] {
    match format {
        Format::Yaml => b"# A new encrypted file: replace this example with your values.\nexample_key: example_value\n",
        Format::Json => b"{\n\t\"example_key\": \"example_value\"\n}\n",
        Format::Dotenv => b"# A new encrypted file: replace this example with your values.\nEXAMPLE_KEY=example_value\n",
        Format::Ini => b"; A new encrypted file: replace this example with your values.\n[example]\nkey = value\n",
        Format::Binary => b"A new encrypted file: replace this text.\n",
    }
}

/// sops's editor: `SOPS_EDITOR`, else `EDITOR` (split like a shell), else the first of
/// vim, nano and vi on `PATH`.
fn editor() -> Result<Vec<String>, Fail> {
    let configured = ["SOPS_EDITOR", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.trim().is_empty());
    if let Some(line) = configured {
        return match shell_words::split(&line) {
            Ok(words) if !words.is_empty() => Ok(words),
            _ => Err(Fail::new(
                code::NO_EDITOR,
                format!(
                    "the editor command `{line}` cannot be split into words (check its quotes)"
                ),
            )),
        };
    }
    ["vim", "nano", "vi"]
        .iter()
        .find_map(|name| which::which(name).ok())
        .map(|path| vec![path.to_string_lossy().into_owned()])
        .ok_or_else(|| {
            Fail::new(code::NO_EDITOR, "Could not find an editor")
                .hint("set SOPS_EDITOR or EDITOR, e.g. EDITOR=\"code --wait\"")
        })
}

fn run_editor(words: &[String], file: &Path) -> Result<(), Fail> {
    secret_alloc::allow_huge_pages(); // the editor inherits the setting
    let status = Command::new(&words[0])
        .args(&words[1..])
        .arg(file)
        .status()
        .map_err(|e| {
            Fail::new(
                code::NO_EDITOR,
                format!("cannot start the editor `{}`: {e}", words.join(" ")),
            )
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(Fail::new(
            code::NO_EDITOR,
            format!(
                "the editor `{}` exited with {status}; nothing was written",
                words.join(" ")
            ),
        ))
    }
}

/// Removes the plaintext directory if this process is told to stop; Ctrl-C goes to the
/// editor, which decides.
fn remove_on_signal(dir: &Path) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let dir = dir.to_path_buf();
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])
    else {
        return;
    };
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if signal != SIGINT {
                let _ = std::fs::remove_dir_all(&dir);
                std::process::exit(128 + signal);
            }
        }
    });
}
