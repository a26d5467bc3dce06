//! Which secrets `exec` and `export` load: the files named, or an environment of
//! `.sops.yaml`; decrypted and turned into variables, later files winning.

use std::path::PathBuf;

use clap::Args;

use super::{Cli, CliError};
use secret_core::config;
use secret_core::env::Variables;
use secret_core::ops::variables::variables_of_files;

#[derive(Debug, Args)]
pub struct SecretsArgs {
    /// Encrypted files to load; where several set a variable, the last one wins.
    /// Without files, the environment of `.sops.yaml` is loaded.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub files: Vec<PathBuf>,

    /// Load the files of this environment (`secret: environments:` in `.sops.yaml`);
    /// without it and without files, `secret: default_environment:`.
    #[arg(short, long, value_name = "NAME", conflicts_with = "files")]
    pub environment: Option<String>,
}

impl SecretsArgs {
    /// The variables of every file, in order, later ones replacing earlier ones.
    pub fn load(&self, cli: &Cli) -> Result<Variables, CliError> {
        Ok(variables_of_files(&self.paths(cli)?)?)
    }

    /// Whether files or an environment were named.
    pub fn names_files(&self) -> bool {
        !self.files.is_empty() || self.environment.is_some()
    }

    pub fn paths(&self, cli: &Cli) -> Result<Vec<PathBuf>, CliError> {
        if !self.files.is_empty() {
            return Ok(self.files.clone());
        }
        let path =
            config::find(cli.options.config.as_deref(), None).ok_or(CliError::NoEnvironments)?;
        let files = config::load(&path)?.environment_files(self.environment.as_deref())?;
        if files.is_empty() {
            return Err(CliError::NotFound(format!(
                "{}: the environment lists no files",
                path.display()
            )));
        }
        Ok(files)
    }
}
