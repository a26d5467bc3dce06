//! Which secrets `exec` and `export` load: the files named, or an environment of
//! `.sops.yaml`; decrypted and turned into variables, later files winning.

use std::path::{Path, PathBuf};

use clap::Args;

use super::io::read_file;
use super::{Cli, CliError};
use secret_core::config;
use secret_core::env::{self, Variables};
use secret_core::keys::KeyRing;
use secret_core::sops::decrypt::{DecryptOptions, decrypt};
use secret_core::store::Format;
use secret_core::tree::Document;

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
        let mut keys = KeyRing::new(Vec::new());
        let mut all = Variables::new();
        for file in self.paths(cli)? {
            all.extend(variables_of(&file, &mut keys)?);
        }
        Ok(all)
    }

    /// Whether files or an environment were named.
    pub fn names_files(&self) -> bool {
        !self.files.is_empty() || self.environment.is_some()
    }

    fn paths(&self, cli: &Cli) -> Result<Vec<PathBuf>, CliError> {
        if !self.files.is_empty() {
            return Ok(self.files.clone());
        }
        let path = config::find(cli.config.as_deref(), None).ok_or(CliError::NoEnvironments)?;
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

fn variables_of(file: &Path, keys: &mut KeyRing) -> Result<Variables, CliError> {
    let docs = decrypted_docs(file, keys)?;
    env::variables(&docs).map_err(|source| CliError::Env {
        file: file.into(),
        source,
    })
}

/// Every value of an encrypted file with the keys leading to it, decrypted.
pub(super) fn leaves_of(file: &Path) -> Result<Vec<env::KeyedValue>, CliError> {
    let docs = decrypted_docs(file, &mut KeyRing::default())?;
    env::leaves(&docs).map_err(|source| CliError::Env {
        file: file.into(),
        source,
    })
}

fn decrypted_docs(file: &Path, keys: &mut KeyRing) -> Result<Vec<Document>, CliError> {
    let store = match Format::from_path(file) {
        Format::Binary => return Err(CliError::NotVariables(file.into())),
        format => format.store(),
    };
    let src = read_file(file)?;
    let sops_error = |source| CliError::Sops {
        file: file.into(),
        source,
    };
    let plaintext =
        decrypt(store.as_ref(), &src, keys, DecryptOptions::default()).map_err(sops_error)?;
    let parsed = store.parse(&plaintext).map_err(|e| sops_error(e.into()))?;
    Ok(parsed.docs)
}
