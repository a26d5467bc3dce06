//! Reading the command line. clap builds the whole tree of [`Cli`] before it parses: every
//! subcommand, each given its own copy of the global [`Options`]: 10 % of a small run's
//! samples, 0.09 ms of its 1.4 (BENCHMARKS.md). When the arguments name their subcommand
//! plainly, only that subcommand is built ([`one_subcommand`]); help, version, mistakes
//! and anything unusual take the whole tree, so their messages are clap's own. The tests
//! check the two against each other.

use std::ffi::{OsStr, OsString};

use clap::{ArgMatches, Args, CommandFactory};

use super::{Cli, Options};
use super::{
    chamber, check, decrypt, docs, doctor, edit, encrypt, exec, exec_file, export, get, git, init,
    keygen, log, params, publish, recipients, render, rotate, scan, set,
};

/// Builds a subcommand's arguments onto its `clap::Command`.
type Build = fn(clap::Command) -> clap::Command;

/// The subcommands by name, each with what the derive on [`super::Command`] builds for it
/// (`sops` and the hidden `generate-docs` always take the whole tree).
const SUBCOMMANDS: [(&str, Build); 26] = [
    ("init", init::InitArgs::augment_args),
    ("keygen", keygen::KeygenArgs::augment_args),
    ("encrypt", encrypt::EncryptArgs::augment_args),
    ("decrypt", decrypt::DecryptArgs::augment_args),
    ("edit", edit::EditArgs::augment_args),
    ("rotate", rotate::RotateArgs::augment_args),
    ("updatekeys", rotate::UpdateKeysArgs::augment_args),
    ("set", set::SetArgs::augment_args),
    ("unset", set::UnsetArgs::augment_args),
    ("get", get::GetArgs::augment_args),
    ("exec", exec::ExecArgs::augment_args),
    ("exec-file", exec_file::ExecFileArgs::augment_args),
    ("export", export::ExportArgs::augment_args),
    ("render", render::RenderArgs::augment_args),
    ("recipients", recipients::RecipientsArgs::augment_args),
    ("publish", publish::PublishArgs::augment_args),
    ("doctor", doctor::DoctorArgs::augment_args),
    ("git", git::GitArgs::augment_args),
    ("check", check::CheckArgs::augment_args),
    ("scan", scan::ScanArgs::augment_args),
    ("log", log::LogArgs::augment_args),
    ("completions", docs::CompletionsArgs::augment_args),
    ("push", params::PushArgs::augment_args),
    ("pull", params::PullArgs::augment_args),
    ("diff", params::DiffArgs::augment_args),
    ("ssm", chamber::SsmArgs::augment_args),
];

/// The global options that take a value (`--config PATH`), and those that do not.
const OPTIONS_WITH_VALUE: [&str; 2] = ["--config", "--max-input-size"];
const FLAGS: [&str; 2] = ["-v", "--verbose"];

/// The arguments after the program's name, parsed as [`Cli`] reads them.
pub fn matches(program: &OsStr, args: &[OsString]) -> Result<ArgMatches, clap::Error> {
    let command = named_subcommand(args)
        .and_then(one_subcommand)
        .unwrap_or_else(Cli::command);
    command.try_get_matches_from(std::iter::once(program).chain(args.iter().map(|a| a.as_os_str())))
}

/// The subcommand the arguments name plainly: after global options only, and with no
/// help or version asked for before a `--`.
fn named_subcommand(args: &[OsString]) -> Option<&str> {
    let mut rest = args.iter();
    let name = loop {
        let arg = rest.next()?.to_str()?;
        if OPTIONS_WITH_VALUE.contains(&arg) {
            rest.next()?;
        } else if FLAGS.contains(&arg) || OPTIONS_WITH_VALUE.iter().any(|o| is_assigned(arg, o)) {
            continue;
        } else if arg.starts_with('-') {
            return None;
        } else {
            break arg;
        }
    };
    let asks_for_help = rest
        .take_while(|arg| *arg != "--")
        .any(|arg| ["-h", "--help", "-V", "--version"].contains(&&*arg.to_string_lossy()));
    (!asks_for_help).then_some(name)
}

/// `--config=PATH` for `option` `--config`.
fn is_assigned(arg: &str, option: &str) -> bool {
    arg.strip_prefix(option)
        .is_some_and(|rest| rest.starts_with('='))
}

/// The root of [`Cli`] with the subcommand `name` alone, as the derive builds them.
fn one_subcommand(name: &str) -> Option<clap::Command> {
    let (name, build) = SUBCOMMANDS.iter().find(|(known, _)| *known == name)?;
    let root = clap::Command::new("secret")
        .version(env!("CARGO_PKG_VERSION"))
        .propagate_version(true);
    Some(Options::augment_args(root).subcommand(build(clap::Command::new(*name))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    /// Every subcommand's arguments as the whole tree has them, the way clap shows them.
    fn arguments(command: &clap::Command) -> Vec<String> {
        let mut shown: Vec<String> = command
            .get_arguments()
            .map(|arg| format!("{arg:?}"))
            .collect();
        shown.extend(command.get_subcommands().flat_map(arguments));
        shown.sort();
        shown
    }

    #[test]
    fn each_subcommand_alone_is_built_as_in_the_whole_tree() {
        let mut whole = Cli::command();
        whole.build();
        let names: Vec<&str> = whole
            .get_subcommands()
            .map(clap::Command::get_name)
            .filter(|name| !["sops", "generate-docs", "help"].contains(name))
            .collect();
        let table: Vec<&str> = SUBCOMMANDS.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            names, table,
            "SUBCOMMANDS must list the subcommands of Command"
        );
        for name in table {
            let mut alone = one_subcommand(name).unwrap();
            alone.build();
            let expected = whole.find_subcommand(name).unwrap();
            let built = alone.find_subcommand(name).unwrap();
            assert_eq!(arguments(built), arguments(expected), "{name}");
        }
        let mut root = one_subcommand("get").unwrap();
        root.build();
        let shown = |c: &clap::Command| c.get_arguments().map(|a| format!("{a:?}")).collect();
        let (global, alone): (Vec<String>, Vec<String>) = (shown(&whole), shown(&root));
        assert_eq!(alone, global);
    }

    #[test]
    fn the_global_options_known_here_are_those_of_options() {
        let mut known: Vec<String> = OPTIONS_WITH_VALUE.iter().map(|o| o.to_string()).collect();
        known.extend(FLAGS.iter().map(|f| f.to_string()));
        let mut declared: Vec<String> = Vec::new();
        for arg in Cli::command().get_arguments() {
            declared.extend(arg.get_long().map(|long| format!("--{long}")));
            declared.extend(arg.get_short().map(|short| format!("-{short}")));
        }
        known.sort();
        declared.sort();
        assert_eq!(known, declared);
    }

    #[test]
    fn a_plainly_named_subcommand_is_found() {
        assert_eq!(
            named_subcommand(&os(&["decrypt", "f.yaml"])),
            Some("decrypt")
        );
        let global = os(&[
            "-v",
            "--config",
            "c.yaml",
            "--max-input-size=1M",
            "exec",
            "f",
        ]);
        assert_eq!(named_subcommand(&global), Some("exec"));
        let program_help = os(&["exec", "f", "--", "prog", "--help"]);
        assert_eq!(named_subcommand(&program_help), Some("exec"));
    }

    #[test]
    fn help_version_and_the_unusual_take_the_whole_tree() {
        for args in [
            &["decrypt", "--help"][..],
            &["decrypt", "-h"],
            &["-V"],
            &["--bogus", "decrypt"],
            &["--config"],
            &[],
        ] {
            assert_eq!(named_subcommand(&os(args)), None, "{args:?}");
        }
    }

    #[test]
    fn both_ways_read_the_same_command_line() {
        let args = os(&["--verbose", "decrypt", "-i", "--config=c.yaml", "f.yaml"]);
        let fast = one_subcommand("decrypt").unwrap();
        let fast = fast
            .try_get_matches_from(std::iter::once(OsString::from("secret")).chain(args.clone()));
        let whole = Cli::command()
            .try_get_matches_from(std::iter::once(OsString::from("secret")).chain(args));
        let (fast, whole) = (
            <Cli as clap::FromArgMatches>::from_arg_matches(&fast.unwrap()).unwrap(),
            <Cli as clap::FromArgMatches>::from_arg_matches(&whole.unwrap()).unwrap(),
        );
        assert_eq!(format!("{fast:?}"), format!("{whole:?}"));
    }
}
