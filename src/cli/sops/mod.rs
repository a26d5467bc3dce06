//! secret answering as sops 3.11: the whole sops command line (sops-format.md §9) when the
//! program is called `sops` (a link or copy of `secret`) or as `secret sops …`. Flags are
//! parsed as sops parses them (`flags`, from the tables in `spec`), with sops's variables,
//! exit codes and, where scripts read them, messages (`error`). Every command calls the
//! operations of `secret_core::ops`, as secret's own commands do.
//!
//! Two styles, as in sops:
//! * `sops [global flags] COMMAND [flags] ARGS`: `encrypt`, `decrypt`, `edit`, `rotate`,
//!   `updatekeys`, `set`, `unset`, `exec-env`, `exec-file`, `filestatus`, `groups`,
//!   `publish`, `keyservice` (refused), `completion`;
//! * the legacy `sops [flags] FILE`: `-e`, `-d`, `-r` or `--set` choose the mode, none of
//!   them edits; `-i` writes back to the file.

mod context;
mod edit;
mod error;
mod exec;
mod files;
mod flags;
mod keyflags;
mod keys;
mod misc;
mod paths;
mod publish;
mod set;
mod spec;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use context::{Ctx, Destination, Input};
use error::{Fail, code};
use flags::{Parsed, UsageError};

/// The sops release whose command line this is (what `sops --version` reports).
pub const SOPS_VERSION: &str = "3.11.0";

/// Whether the program was started under the name `sops` (argv[0]).
pub fn invoked_as_sops(argv0: &std::ffi::OsStr) -> bool {
    Path::new(argv0)
        .file_stem()
        .is_some_and(|stem| stem == "sops")
}

/// Runs a sops command line (the arguments after the program name); the exit code.
pub fn main(args: &[OsString]) -> i32 {
    let global = match flags::parse(spec::GLOBAL, args) {
        Ok(parsed) => parsed,
        Err(error) => {
            let first = format!("Incorrect Usage. {}", error.0);
            return usage_error(&first, &error, &spec::global_help());
        }
    };
    if global.bool("help") {
        print!("{}", spec::global_help());
        return 0;
    }
    if global.bool("version") {
        print_version();
        return 0;
    }
    let result = match global.arg(0).as_deref() {
        Some("help" | "h") => help(global.arg(1).as_deref()),
        Some(name) if spec::command(name).is_some() => subcommand(name, &global),
        _ => legacy(&global),
    };
    match result {
        Ok(code) => code,
        Err(fail) => fail.report(),
    }
}

/// `sops --version`: sops's first line, so that tools checking the version read 3.11.0,
/// then what answers. Nothing is looked up on the network.
fn print_version() {
    println!("sops {SOPS_VERSION}");
    println!(
        "(secret {}, a sops-compatible implementation; it never checks for updates)",
        env!("CARGO_PKG_VERSION")
    );
}

fn help(topic: Option<&str>) -> Result<i32, Fail> {
    match topic {
        None => print!("{}", spec::global_help()),
        Some(name) => match spec::command(name) {
            Some(command) => print!("{}", spec::command_help(command)),
            None => {
                return Err(Fail::new(
                    code::GENERIC,
                    format!("No help topic for '{name}'"),
                ));
            }
        },
    }
    Ok(0)
}

/// sops's (urfave/cli's) reaction to a bad command line: the reason and the help on
/// standard output, the reason on standard error, exit 1.
fn usage_error(first_line: &str, error: &UsageError, help: &str) -> i32 {
    println!("{first_line}\n");
    print!("{help}");
    eprintln!("{}", error.0);
    code::GENERIC
}

fn subcommand(name: &str, global: &Parsed) -> Result<i32, Fail> {
    let rest = &global.args[1..];
    if name == "groups" {
        return groups(global, rest);
    }
    let command = spec::command(name).expect("a known command");
    let local = match command_flags(command, rest) {
        Ok(local) => local,
        Err(exit) => return Ok(exit),
    };
    let ctx = Ctx {
        flags: &local,
        global,
    };
    match name {
        "encrypt" => files::encrypt(&ctx),
        "decrypt" => files::decrypt(&ctx),
        "rotate" => files::rotate(&ctx),
        "edit" => edit::edit(&ctx),
        "set" => set::set(&ctx),
        "unset" => set::unset(&ctx),
        "updatekeys" => keys::updatekeys(&ctx),
        "exec-env" => exec::exec_env(&ctx),
        "exec-file" => exec::exec_file(&ctx),
        "filestatus" => misc::filestatus(&ctx),
        "publish" => publish::publish(&ctx),
        "keyservice" => misc::keyservice(&ctx),
        "completion" => misc::completion(&ctx),
        _ => unreachable!("every command in spec::COMMANDS is dispatched"),
    }
}

/// A command's own flags, or the exit code when they are wrong (usage printed) or ask
/// for help (help printed).
fn command_flags(command: &spec::Command, args: &[OsString]) -> Result<Parsed, i32> {
    let local = flags::parse(command.flags, args).map_err(|error| {
        let first = format!("Incorrect Usage: {}", error.0);
        usage_error(&first, &error, &spec::command_help(command))
    })?;
    if local.bool("help") {
        print!("{}", spec::command_help(command));
        return Err(0);
    }
    Ok(local)
}

/// `groups add|delete` (`remove` accepted for `delete`).
fn groups(global: &Parsed, rest: &[OsString]) -> Result<i32, Fail> {
    let which = rest.first().map(|a| a.to_string_lossy().into_owned());
    let command = match which.as_deref() {
        Some("add") => &spec::GROUPS_ADD,
        Some("delete" | "remove") => &spec::GROUPS_DELETE,
        Some("-h" | "--help" | "help") | None => {
            print!(
                "{}COMMANDS:\n   add     {}\n   delete  {}\n",
                spec::command_help(spec::command("groups").expect("groups")),
                spec::GROUPS_ADD.about,
                spec::GROUPS_DELETE.about
            );
            return Ok(0);
        }
        Some(other) => {
            return Err(Fail::new(
                code::GENERIC,
                format!("No help topic for '{other}'"),
            ));
        }
    };
    let local = match command_flags(command, &rest[1..]) {
        Ok(local) => local,
        Err(exit) => return Ok(exit),
    };
    let ctx = Ctx {
        flags: &local,
        global,
    };
    if std::ptr::eq(command, &spec::GROUPS_ADD) {
        keys::groups_add(&ctx)
    } else {
        keys::groups_delete(&ctx)
    }
}

/// `sops [flags] FILE`: encrypt (`-e`), decrypt (`-d`), rotate (`-r`), set (`--set`),
/// else edit. With several modes, the last of encrypt, decrypt, rotate, set wins (sops
/// warns and does the same).
fn legacy(global: &Parsed) -> Result<i32, Fail> {
    let ctx = Ctx {
        flags: global,
        global,
    };
    let Some(path) = global.args.first().map(PathBuf::from) else {
        return Err(Fail::new(code::NO_FILE, "Error: no file specified"));
    };
    context::warn_extra_arguments(&ctx, 1);
    let modes = [
        global.bool("encrypt"),
        global.bool("decrypt"),
        global.bool("rotate"),
        global.str("set").is_some(),
    ];
    if modes.iter().filter(|m| **m).count() > 1 {
        eprintln!(
            "secret: warning: more than one of --encrypt, --decrypt, --rotate, --set: only the last one's result is kept, as in sops"
        );
    }
    let in_place = global.bool("in-place");
    if in_place && global.str("output").is_some() {
        return Err(Fail::new(
            code::CONFLICTING_PARAMETERS,
            "Error: cannot operate on both --output and --in-place",
        ));
    }
    if !path.exists() {
        if keyflags::changes_keys(&ctx) {
            return Err(Fail::new(
                code::CANNOT_CHANGE_KEYS_OF_MISSING_FILE,
                format!(
                    "Error: cannot add or remove keys on non-existent file {:?}, use `--kms` and `--pgp` instead.",
                    error::absolute(&path).display().to_string()
                ),
            ));
        }
        if modes[..3].iter().any(|m| *m) {
            return Err(Fail::missing_file(&path));
        }
    }
    let destination = Destination::of(global, Some(&path))?;
    let input = Input::new(global, Some(path.clone()));
    let output = if let Some(text) = global.str("set") {
        let (steps, value) = set::legacy_set_argument(text)?;
        set::set_value(&ctx, path, &steps, &value, false)?;
        return Ok(0);
    } else if modes[2] {
        files::rotated(&ctx, &path)?
    } else if modes[1] {
        files::decrypted(&ctx, &input)?
    } else if modes[0] {
        files::encrypted(&ctx, &input)?
    } else {
        return edit::edit(&ctx);
    };
    destination.write(&output)?;
    Ok(0)
}
