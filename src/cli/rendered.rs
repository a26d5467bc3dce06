//! `exec --render TEMPLATE:PATH`: templates rendered into a private directory for the
//! program, and the directory removed when the program ends.
//!
//! Lifecycle: every template is rendered in memory first (a bad placeholder stops the
//! command before anything is written or run); then a private directory is made (0700, on
//! a RAM-backed filesystem, with the lock that marks it in use), each file written at its
//! PATH in it (0600, parent directories 0700), and the program started as a child of
//! `secret`, never in its place: `secret` waits for it, passing on the signals meant for it
//! (TERM, INT, HUP, …: see `exec --help`), then removes the directory and exits with the
//! program's status. So the files go whether the program exits, is killed by a signal, or
//! `secret` is sent SIGTERM or SIGINT (passed on: the program ends, then `secret` cleans
//! up). Only SIGKILL of `secret` itself can leave the directory behind: the next `secret`
//! that makes a private directory (`edit`, `exec-file`, `exec --render`) removes it, as
//! its lock is no longer held.
//!
//! The program finds the files through `{PATH}` in its arguments (the absolute path of the
//! file rendered at PATH), `{}` when exactly one file is rendered, and the variable
//! `SECRET_RENDER_DIR` (the directory's absolute path).

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use zeroize::Zeroizing;

use super::secrets::SecretsArgs;
use super::{Cli, CliError};
use secret_core::fsutil::write_private;
use secret_core::ops::read_file;
use secret_core::ops::values::Values;
use secret_core::private_dir::PrivateDir;
use secret_process::Launch;

/// The variable naming the directory of the rendered files.
pub const DIR_VARIABLE: &str = "SECRET_RENDER_DIR";

/// One `--render TEMPLATE:PATH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderSpec {
    pub template: PathBuf,
    /// Relative to the private directory; no `..`.
    pub path: PathBuf,
}

/// Parses `TEMPLATE:PATH` (split at the last `:`).
pub fn parse_spec(text: &str) -> Result<RenderSpec, String> {
    let (template, path) = text
        .rsplit_once(':')
        .ok_or_else(|| format!("`{text}` is not TEMPLATE:PATH (e.g. app.conf.tmpl:app.conf)"))?;
    if template.is_empty() {
        return Err(format!("`{text}` names no template before the `:`"));
    }
    let relative = Path::new(path);
    let plain = !path.is_empty()
        && !path.ends_with('/')
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        return Err(format!(
            "`{path}` must be a relative path inside the private directory (like app.conf or conf/app.yaml: no `..`, no leading `/`)"
        ));
    }
    Ok(RenderSpec {
        template: PathBuf::from(template),
        path: relative.to_path_buf(),
    })
}

/// Renders the templates, writes them into a private directory, points `launch` at them
/// (arguments and `SECRET_RENDER_DIR`) and calls `run`; the directory is removed when
/// `run` returns, whatever it returns.
pub fn with_rendered<T>(
    cli: &Cli,
    secrets: &SecretsArgs,
    specs: &[RenderSpec],
    launch: &mut Launch,
    run: impl FnOnce(&Launch) -> Result<T, CliError>,
) -> Result<T, CliError> {
    check_unique(specs)?;
    if !launch.secrets_win && std::env::var_os(DIR_VARIABLE).is_some() {
        return Err(CliError::Conflict(format!(
            "{DIR_VARIABLE} is set already (a `secret exec --render` inside another?), and --no-override would keep it"
        )));
    }
    let values = Values::of_files(&secrets.paths(cli)?)?;
    let rendered = render_all(&values, specs)?;
    let dir = PrivateDir::new()?;
    let root = dir.path().to_path_buf();
    for (spec, contents) in specs.iter().zip(&rendered) {
        write_rendered(&root, &spec.path, contents)?;
    }
    launch.args = substitute(&launch.args, &root, specs);
    launch.secrets.insert(
        DIR_VARIABLE.to_string(),
        root.to_string_lossy().into_owned().into(),
    );
    let result = run(launch);
    drop(dir);
    result
}

fn check_unique(specs: &[RenderSpec]) -> Result<(), CliError> {
    for (index, spec) in specs.iter().enumerate() {
        let clash = specs[..index].iter().any(|other| {
            other.path == spec.path
                || spec.path.starts_with(&other.path)
                || other.path.starts_with(&spec.path)
        });
        if clash {
            return Err(CliError::Conflict(format!(
                "--render gives `{}` twice (or as a file and a directory)",
                spec.path.display()
            )));
        }
    }
    Ok(())
}

/// Every template rendered, or the problems of the first one that has any.
fn render_all(values: &Values, specs: &[RenderSpec]) -> Result<Vec<Zeroizing<Vec<u8>>>, CliError> {
    specs
        .iter()
        .map(|spec| {
            let template = read_file(&spec.template)?;
            Ok(values.render(&spec.template, &template)?)
        })
        .collect()
}

fn write_rendered(root: &Path, path: &Path, contents: &[u8]) -> Result<(), CliError> {
    let target = root.join(path);
    if let Some(parent) = target.parent() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(parent)
            .map_err(|source| CliError::write(parent, source))?;
    }
    write_private(&target, contents).map_err(|source| CliError::write(&target, source))
}

/// The program's arguments with `{PATH}` (and `{}` for a single file) replaced by the
/// rendered files' absolute paths.
fn substitute(args: &[OsString], root: &Path, specs: &[RenderSpec]) -> Vec<OsString> {
    args.iter()
        .map(|arg| {
            let Some(text) = arg.to_str() else {
                return arg.clone();
            };
            if !text.contains('{') {
                return arg.clone();
            }
            let mut out = text.to_string();
            for spec in specs {
                let name = format!("{{{}}}", spec.path.display());
                out = out.replace(&name, &root.join(&spec.path).to_string_lossy());
            }
            if let [only] = specs {
                out = out.replace("{}", &root.join(&only.path).to_string_lossy());
            }
            OsString::from(out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_are_a_template_and_a_relative_path() {
        assert_eq!(
            parse_spec("conf/app.tmpl:etc/app.conf").unwrap(),
            RenderSpec {
                template: "conf/app.tmpl".into(),
                path: "etc/app.conf".into()
            }
        );
        for bad in [
            "app.tmpl", ":x", "t:", "t:/etc/x", "t:../x", "t:a/../x", "t:a/", "t:.",
        ] {
            assert!(parse_spec(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn arguments_get_the_paths() {
        let specs = [parse_spec("t:app.conf").unwrap()];
        let args: Vec<OsString> = ["--config={app.conf}", "{}", "{other}", "x"]
            .map(OsString::from)
            .to_vec();
        let out = substitute(&args, Path::new("/run/d"), &specs);
        assert_eq!(
            out,
            [
                "--config=/run/d/app.conf",
                "/run/d/app.conf",
                "{other}",
                "x"
            ]
            .map(OsString::from)
        );
        let two = [parse_spec("t:a").unwrap(), parse_spec("u:b").unwrap()];
        let out = substitute(&[OsString::from("{} {a} {b}")], Path::new("/d"), &two);
        assert_eq!(out, [OsString::from("{} /d/a /d/b")]);
    }
}
