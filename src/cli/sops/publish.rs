//! `sops publish [-y] [--recursive] [--omit-extensions] FILE|DIR`: each file goes where
//! the first matching `destination_rules` entry of `.sops.yaml` says (shared with `secret
//! publish`): Vault KV versions 1 and 2 receive the decrypted top-level mapping; S3 and
//! GCS are refused, naming the way round.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use super::context::{Ctx, format_flag};
use super::error::{Fail, code};
use crate::cli::CliError;
use crate::cli::publishing::{self, Request};
use crate::cli::vault::Written;

pub fn publish(ctx: &Ctx) -> Result<i32, Fail> {
    let [arg] = ctx.flags.args.as_slice() else {
        return Err(Fail::new(code::NO_FILE, "Error: no file specified"));
    };
    let root = PathBuf::from(arg);
    if !root.exists() {
        return Err(Fail::missing_file(&root));
    }
    ctx.warn_keyservices();
    let Some(config) = ctx.config()? else {
        return Err(Fail::new(
            code::GENERIC,
            "config file not found: publish takes its destinations from .sops.yaml",
        ));
    };
    let request = Request {
        root: &root,
        recursive: ctx.flags.bool("recursive"),
        omit_extensions: ctx.flags.bool("omit-extensions"),
        input_type: format_flag(ctx.flags, "input-type"),
        decryption_order: ctx.decryption_order()?,
    };
    let yes = ctx.flags.bool("yes");
    let verbose = ctx.verbose();
    let result = publishing::run(
        &config,
        &request,
        |file, url| if yes { Ok(true) } else { confirm(file, url) },
        |_, url, written| {
            if verbose && written == Written::AlreadyUpToDate {
                eprintln!("Secret in {url} is already up-to-date.");
            }
        },
    );
    match result {
        Ok(()) => Ok(0),
        Err(CliError::Declined) => Err(Fail::new(
            code::GENERIC,
            format!(
                "Publication of {} canceled",
                super::error::absolute(&root).display()
            ),
        )),
        Err(error) => Err(error.into()),
    }
}

/// sops's question, answered `y` or `n` on standard input.
fn confirm(file: &Path, url: &str) -> Result<bool, CliError> {
    loop {
        print!("uploading {} to {url} ? (y/n): ", file.display());
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line).unwrap_or(0) == 0 {
            return Err(CliError::Conflict(
                "no answer on standard input; pass --yes to publish".into(),
            ));
        }
        match line.trim() {
            "y" => return Ok(true),
            "n" => return Ok(false),
            _ => {}
        }
    }
}
