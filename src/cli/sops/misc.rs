//! `sops filestatus`, `sops keyservice` (refused: there is no gRPC key service in
//! secret) and `sops completion bash|zsh`.

use std::path::PathBuf;

use super::context::{Ctx, format_flag, write_stdout};
use super::error::{Fail, code};
use super::spec;
use secret_core::ops::EncryptedFile;

/// Prints `{"encrypted":true}` or `{"encrypted":false}`.
pub fn filestatus(ctx: &Ctx) -> Result<i32, Fail> {
    let Some(path) = ctx.flags.args.first().map(PathBuf::from) else {
        return Err(Fail::new(code::NO_FILE, "Error: no file specified"));
    };
    if !path.exists() {
        return Err(Fail::missing_file(&path));
    }
    let file = EncryptedFile::new(path, format_flag(ctx.flags, "input-type"));
    let encrypted = file.is_encrypted()?;
    write_stdout(format!("{{\"encrypted\":{encrypted}}}\n").as_bytes())?;
    Ok(0)
}

pub fn keyservice(_ctx: &Ctx) -> Result<i32, Fail> {
    Err(Fail::new(
        code::GENERIC,
        "sops keyservice is not available: secret has no gRPC key service",
    )
    .hint(
        "run secret where the keys are (age identities, gpg's keyring, AWS credentials), or bring an \
         age identity to this machine (SOPS_AGE_KEY_FILE, or SOPS_AGE_KEY_CMD to fetch it on demand); \
         a key service of the Go sops keeps working for the Go sops",
    ))
}

pub fn completion(ctx: &Ctx) -> Result<i32, Fail> {
    let script = match ctx.flags.arg(0).as_deref() {
        Some("bash") => bash(),
        Some("zsh") => zsh(),
        _ => {
            return Err(Fail::new(
                code::GENERIC,
                "Error: specify a shell: sops completion bash, or sops completion zsh",
            ));
        }
    };
    write_stdout(script.as_bytes())?;
    Ok(0)
}

fn words(flags: &[&[super::flags::Flag]]) -> String {
    flags
        .iter()
        .flat_map(|g| g.iter())
        .flat_map(|f| f.names.iter())
        .map(|n| {
            if n.len() == 1 {
                format!("-{n}")
            } else {
                format!("--{n}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn bash() -> String {
    let commands: Vec<&str> = spec::COMMANDS.iter().map(|c| c.name).collect();
    let mut cases = String::new();
    for command in spec::COMMANDS {
        cases.push_str(&format!(
            "    {}) opts=\"{}\" ;;\n",
            command.name,
            words(command.flags)
        ));
    }
    format!(
        "# bash completion for sops (secret answering as sops)\n\
         _sops() {{\n  local cur=${{COMP_WORDS[COMP_CWORD]}} sub=\"\" opts w\n  \
         for w in \"${{COMP_WORDS[@]:1:COMP_CWORD-1}}\"; do\n    case \" {commands} \" in *\" $w \"*) sub=$w; break ;; esac\n  done\n  \
         case $sub in\n{cases}    *) opts=\"{commands} {global}\" ;;\n  esac\n  \
         if [[ $cur == -* || -z $sub ]]; then\n    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\") $(compgen -f -- \"$cur\"))\n  \
         else\n    COMPREPLY=($(compgen -f -- \"$cur\"))\n  fi\n}}\ncomplete -o filenames -F _sops sops\n",
        commands = commands.join(" "),
        global = words(spec::GLOBAL),
    )
}

fn zsh() -> String {
    let commands: Vec<String> = spec::COMMANDS
        .iter()
        .map(|c| format!("'{}:{}'", c.name, c.about.replace('\'', "")))
        .collect();
    format!(
        "#compdef sops\n# zsh completion for sops (secret answering as sops)\n\
         _sops() {{\n  local -a commands\n  commands=({})\n  \
         if (( CURRENT == 2 )); then\n    _describe 'command' commands\n    _files\n  else\n    _files\n  fi\n}}\n\
         compdef _sops sops\n",
        commands.join(" ")
    )
}
