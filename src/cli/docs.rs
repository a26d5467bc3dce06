//! Shell completions and man pages, generated from the clap definitions so they never
//! drift from the real options. `completions/` and `man/` in the repository are written by
//! `secret generate-docs .`; tests/docs.rs fails when they are out of date.

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, CliError};

/// The shells `generate-docs` writes completion scripts for.
const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

/// Print the completion script for a shell.
///
/// install.sh installs the bash, zsh and fish scripts; for the others, load the output
/// from your shell's start-up file.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret completions bash > ~/.local/share/bash-completion/completions/secret
  secret completions zsh > ~/.zfunc/_secret         (with fpath+=~/.zfunc before compinit)
  secret completions fish > ~/.config/fish/completions/secret.fish
  secret completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
#[command(after_help = "Example:
  secret generate-docs .")]
pub struct GenerateDocsArgs {
    /// The directory to write completions/ and man/ into.
    #[arg(value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: PathBuf,
}

pub fn completions(args: &CompletionsArgs) -> Result<(), CliError> {
    clap_complete::generate(
        args.shell,
        &mut Cli::command(),
        "secret",
        &mut std::io::stdout(),
    );
    Ok(())
}

pub fn generate_docs(args: &GenerateDocsArgs) -> Result<(), CliError> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CliError::write(path, source)
    };
    let completions = args.dir.join("completions");
    std::fs::create_dir_all(&completions).map_err(write_error(&completions))?;
    for shell in SHELLS {
        clap_complete::generate_to(shell, &mut Cli::command(), "secret", &completions)
            .map_err(write_error(&completions))?;
    }
    let man = args.dir.join("man");
    std::fs::create_dir_all(&man).map_err(write_error(&man))?;
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    man_pages(&command, &man).map_err(write_error(&man))
}

/// A man page for `command` and each of its visible subcommands, as clap_mangen writes
/// them, except that the examples (the `after_help` text) are a section of their own set
/// verbatim (`.nf`): reflowed, an example line would be joined to the next one or broken
/// (and hyphenated) in the middle of a key.
fn man_pages(command: &clap::Command, dir: &Path) -> std::io::Result<()> {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, dir)?;
    }
    let examples = command.get_after_help().map(|text| text.to_string());
    let man = clap_mangen::Man::new(command.clone().after_help(None::<&str>));
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut page)?;
    }
    if let Some(examples) = examples {
        page.extend_from_slice(examples_section(&examples).as_bytes());
    }
    if command.get_version().is_some() {
        man.render_version_section(&mut page)?;
    }
    std::fs::write(dir.join(man.get_filename()), once_preamble(&page))
}

/// The page with the preamble every rendered section starts with kept only at the top.
fn once_preamble(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        if !preamble || seen.insert(line.to_string()) {
            out.push_str(line);
        }
    }
    out.into_bytes()
}

/// `.SH EXAMPLES` with the lines as they are: no fill, no hyphenation, roff's special
/// characters escaped. A first line `Example:` or `Examples:` is the heading itself.
fn examples_section(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    if lines
        .first()
        .is_some_and(|l| matches!(l.trim(), "Example:" | "Examples:"))
    {
        lines.remove(0);
    }
    let mut roff = String::from(".SH EXAMPLES\n.nf\n");
    for line in lines {
        let escaped = line.replace('\\', "\\e").replace('-', "\\-");
        if escaped.starts_with(['.', '\'']) {
            roff.push_str("\\&");
        }
        roff.push_str(&escaped);
        roff.push('\n');
    }
    roff.push_str(".fi\n");
    roff
}
