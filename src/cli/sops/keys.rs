//! `sops updatekeys` and `sops groups add|delete`: who can open a file changes, its data
//! key stays (values, MAC and `lastmodified` unchanged), on secret's re-keying operations.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use super::context::{Ctx, Destination, format_flag, unsupported_key};
use super::error::{Fail, code};
use super::keyflags::{age_keys, kms_keys, pgp_keys, remote_keys};
use secret_core::ops::rewrite::GroupChange;
use secret_core::ops::{self, EncryptedFile, KeyRequest};
use secret_core::sops::datakey::MasterKey;

/// `updatekeys [-y] FILE...`: each file's data key wrapped for the keys of its creation
/// rule; without `-y`, the changes are shown and confirmed (y/n) first.
pub fn updatekeys(ctx: &Ctx) -> Result<i32, Fail> {
    if ctx.flags.args.is_empty() {
        return Err(Fail::new(code::NO_FILE, "Error: no file specified"));
    }
    ctx.warn_keyservices();
    let mut failed = 0;
    for arg in &ctx.flags.args {
        let path = PathBuf::from(arg);
        if let Err(fail) = update_one(ctx, &path) {
            eprintln!("{}: {}", path.display(), fail.message);
            if let Some(hint) = &fail.hint {
                eprintln!("  hint: {hint}");
            }
            if ctx.flags.args.len() == 1 {
                return Err(Fail { hint: None, ..fail });
            }
            failed += 1;
        }
    }
    if failed > 0 {
        return Err(Fail::new(
            code::GENERIC,
            format!("failed updating {failed} key(s)"),
        ));
    }
    Ok(0)
}

fn update_one(ctx: &Ctx, path: &std::path::Path) -> Result<(), Fail> {
    if !path.exists() {
        return Err(Fail::missing_file(path));
    }
    let file = EncryptedFile::new(path, format_flag(ctx.flags, "input-type"));
    let request = KeyRequest {
        config: ctx.config_path(),
        ..KeyRequest::default()
    };
    if request.config.is_none() {
        return Err(Fail::new(
            code::GENERIC,
            "config file not found: updatekeys takes the keys from .sops.yaml",
        ));
    }
    let wanted = request.encrypt_options(path, None, file.format)?;
    let yes = ctx.flags.bool("yes");
    let updated = ops::rewrite::update_keys(&file, &wanted, |changes| {
        show_changes(path, changes);
        if yes {
            return Ok::<bool, Fail>(true);
        }
        confirm()
    })?;
    if !updated {
        eprintln!("File {} already up to date", path.display());
    }
    Ok(())
}

fn show_changes(path: &std::path::Path, changes: &[GroupChange]) {
    eprintln!(
        "The following changes will be made to the file's groups ({}):",
        path.display()
    );
    for change in changes {
        eprintln!("Group {}", change.group + 1);
        for added in &change.added {
            eprintln!("+++ {added}");
        }
        for removed in &change.removed {
            eprintln!("--- {removed}");
        }
    }
}

/// sops's question; a line starting with `y` is a yes (also when not on a terminal).
fn confirm() -> Result<bool, Fail> {
    eprint!("Is this okay? (y/n):");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line).unwrap_or(0);
    if read == 0 && !std::io::stdin().is_terminal() {
        return Err(Fail::new(
            code::GENERIC,
            "no answer on standard input; pass --yes to update the keys",
        ));
    }
    if line.trim_start().starts_with(['y', 'Y']) {
        Ok(true)
    } else {
        eprintln!("Changes not applied");
        Ok(false)
    }
}

/// `groups add --file F [--age R …] [--kms ARN …] [--pgp FP …] [--gcp-kms ID …]
/// [--azure-kv URL …] [--hc-vault-transit URI …]`: a new key group.
pub fn groups_add(ctx: &Ctx) -> Result<i32, Fail> {
    if !ctx.flags.args.is_empty() {
        return Err(Fail::new(
            code::GENERIC,
            "error: no positional arguments allowed",
        ));
    }
    let (file, destination) = group_file(ctx)?;
    if !ctx.flags.list("hckms").is_empty() {
        return Err(unsupported_key("hckms", "HuaweiCloud KMS"));
    }
    let mut group: Vec<Box<dyn MasterKey>> = Vec::new();
    let age = ctx.flags.list("age");
    if !age.is_empty() {
        group.extend(age_keys(&age.join(","))?);
    }
    let pgp = ctx.flags.list("pgp");
    if !pgp.is_empty() {
        group.extend(pgp_keys(&pgp.join(","))?);
    }
    let kms = ctx.flags.list("kms");
    if !kms.is_empty() {
        group.extend(kms_keys(
            &kms.join(","),
            ctx.flags.str("encryption-context"),
            ctx.flags.str("aws-profile"),
        )?);
    }
    group.extend(remote_keys(
        &ctx.flags.list("gcp-kms").join(","),
        &ctx.flags.list("azure-kv").join(","),
        &ctx.flags.list("hc-vault-transit").join(","),
    )?);
    let updated = ops::rewrite::add_group(&file, group, threshold(ctx))?;
    destination.write(&updated)?;
    Ok(0)
}

/// `groups delete --file F INDEX` (`remove` is accepted as well).
pub fn groups_delete(ctx: &Ctx) -> Result<i32, Fail> {
    let [index] = ctx.flags.args.as_slice() else {
        return Err(Fail::new(
            code::GENERIC,
            "error: exactly one positional argument (index) required",
        ));
    };
    let index: usize = index.to_string_lossy().parse().map_err(|_| {
        Fail::new(
            code::GENERIC,
            format!(
                "error: the index {:?} is not a number",
                index.to_string_lossy()
            ),
        )
    })?;
    let (file, destination) = group_file(ctx)?;
    let updated = ops::rewrite::delete_group(&file, index, threshold(ctx))?;
    destination.write(&updated)?;
    Ok(0)
}

fn threshold(ctx: &Ctx) -> Option<usize> {
    ctx.flags
        .int("shamir-secret-sharing-threshold")
        .filter(|n| *n > 0)
        .map(|n| n as usize)
}

fn group_file(ctx: &Ctx) -> Result<(EncryptedFile, Destination), Fail> {
    let Some(path) = ctx.flags.str("file").map(PathBuf::from) else {
        return Err(Fail::new(
            code::NO_FILE,
            "Error: no file specified (--file)",
        ));
    };
    if !path.exists() {
        return Err(Fail::missing_file(&path));
    }
    ctx.warn_keyservices();
    let destination = Destination::of(ctx.flags, Some(&path))?;
    Ok((EncryptedFile::new(path, None), destination))
}
