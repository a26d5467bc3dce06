//! `secret exec-file`: run a program that reads the decrypted file by path.

use std::ffi::OsString;

use clap::Args;
use zeroize::Zeroizing;

use super::args::Target;
use super::{Cli, CliError, warn_failed_keys};
use secret_core::convert::convert;
use secret_core::env::Variables;
use secret_core::keys::KeyRing;
use secret_core::store::Format;
use secret_process::{Launch, PlaintextFile};

/// Run a program that reads the decrypted file by path (`{}` in its arguments).
///
/// The file is a named pipe, written once as the program opens it, or with --no-fifo a
/// regular file (0600); either is in a private directory (0700, on a RAM-backed
/// filesystem where there is one) that is removed when the program ends. The program runs
/// without a shell, as with `secret exec`; `{}` in its arguments becomes the path (without
/// `{}`, the path is added as the last argument). Its exit code is secret's.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  secret exec-file app.enc.json -- node server.js --config {}
  secret exec-file --output-type json app.enc.yaml -- jq .db {}
  secret exec-file --no-fifo --filename kubeconfig k8s.enc.yaml -- kubectl --kubeconfig {} get pods")]
pub struct ExecFileArgs {
    #[command(flatten)]
    pub target: Target,

    /// Hand the program the file in this format (converted; comments are not kept).
    #[arg(long, value_name = "FORMAT", value_parser = super::format_parser())]
    pub output_type: Option<Format>,

    /// A regular file (0600) instead of a named pipe: for programs that read the file
    /// twice, seek in it, or check that it is a regular file.
    #[arg(long)]
    pub no_fifo: bool,

    /// The file's name, for programs that look at its extension.
    #[arg(long, value_name = "NAME", default_value = "tmp-file")]
    pub filename: String,

    /// The program and its arguments, after `--`; `{}` in them becomes the file's path.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

/// Runs the program; its exit code.
pub fn run(cli: &Cli, args: &ExecFileArgs) -> Result<i32, CliError> {
    let file = args.target.encrypted_file();
    let mut keys = KeyRing::default();
    let plaintext = Zeroizing::new(file.decrypt(&mut keys)?.bytes);
    warn_failed_keys(cli, &keys);
    let format = args.output_type.unwrap_or(file.format);
    let contents = Zeroizing::new(
        convert(&plaintext, file.format, format)
            .map_err(|e| CliError::sops(&file.path, e.into()))?
            .into_owned(),
    );
    let temp = PlaintextFile::create(&args.filename, contents, args.no_fifo)
        .map_err(|e| CliError::write("the temporary file", e))?;
    let path = temp.path().as_os_str();
    let (program, rest) = args.command.split_first().expect("clap requires a command");
    let mut program_args = Vec::new();
    let mut placed = false;
    for arg in rest {
        let text = arg.to_string_lossy();
        if text.contains("{}") {
            placed = true;
            program_args.push(OsString::from(text.replace("{}", &path.to_string_lossy())));
        } else {
            program_args.push(arg.clone());
        }
    }
    if !placed {
        program_args.push(path.to_os_string());
    }
    let launch = Launch {
        program: program.clone(),
        args: program_args,
        secrets: Variables::new(),
        pristine: false,
        secrets_win: true,
    };
    let code = launch.run(None)?;
    drop(temp);
    Ok(code)
}
