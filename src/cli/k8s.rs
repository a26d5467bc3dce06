//! `export --format k8s`: the flags of the Kubernetes Secret manifest, and writing it.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::io::write_stdout;
use super::secrets::SecretsArgs;
use super::{Cli, CliError};
use secret_core::fsutil::write_atomic_private;
use secret_core::k8s::{self, Encoding, Manifest};
use secret_core::ops::values::Values;

/// How the manifest holds the values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum K8sData {
    /// `stringData:` the values as text (the API server encodes them).
    String,
    /// `data:` the values base64-encoded, as `kubectl get secret -o yaml` shows them.
    Base64,
}

#[derive(Debug, Default, Args)]
#[command(next_help_heading = "Kubernetes (--format k8s)")]
pub struct K8sArgs {
    /// The Secret's name. Default: from the file's name (`app.enc.yaml` → `app`), or with
    /// -e the environment's; needed with several files.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// The Secret's namespace (none: kubectl's current one).
    #[arg(long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,

    /// The Secret's type [default: Opaque], e.g. kubernetes.io/tls.
    #[arg(long = "type", value_name = "TYPE")]
    pub secret_type: Option<String>,

    /// A label, KEY=VALUE; repeatable.
    #[arg(long = "label", value_name = "KEY=VALUE", value_parser = parse_label)]
    pub labels: Vec<(String, String)>,

    /// `string` writes stringData (default), `base64` writes data.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub k8s_data: Option<K8sData>,
}

impl K8sArgs {
    fn any(&self) -> bool {
        self.name.is_some()
            || self.namespace.is_some()
            || self.secret_type.is_some()
            || !self.labels.is_empty()
            || self.k8s_data.is_some()
    }

    /// Refuses these flags for another format, where they would be ignored.
    pub fn check_unused(&self) -> Result<(), CliError> {
        if self.any() {
            return Err(CliError::Conflict(
                "--name, --namespace, --type, --label and --k8s-data are for --format k8s".into(),
            ));
        }
        Ok(())
    }
}

fn parse_label(text: &str) -> Result<(String, String), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not KEY=VALUE"))?;
    k8s::check_label(key, value).map_err(|e| e.to_string())?;
    Ok((key.to_string(), value.to_string()))
}

/// Writes the manifest of the files' values to `output` (0600) or standard output.
pub fn export(
    cli: &Cli,
    secrets: &SecretsArgs,
    args: &K8sArgs,
    output: Option<&PathBuf>,
) -> Result<(), CliError> {
    let name = match (&args.name, &secrets.environment, secrets.files.as_slice()) {
        (Some(name), _, _) => name.clone(),
        (None, Some(environment), _) => environment.clone(),
        (None, None, [file]) => k8s::name_from_file(file).ok_or_else(|| {
            CliError::Conflict(format!(
                "no Kubernetes name can be made from {}; pass --name",
                file.display()
            ))
        })?,
        (None, None, _) => {
            return Err(CliError::Conflict(
                "--format k8s needs --name when the values come from several files or the default environment".into(),
            ));
        }
    };
    let spec = Manifest {
        name,
        namespace: args.namespace.clone(),
        secret_type: args.secret_type.clone().unwrap_or_else(|| "Opaque".into()),
        labels: args.labels.clone(),
        encoding: match args.k8s_data {
            Some(K8sData::Base64) => Encoding::Base64,
            _ => Encoding::String,
        },
    };
    let values = Values::of_files(&secrets.paths(cli)?)?;
    let data = k8s::secret_data(values.documents())?;
    let manifest = k8s::manifest(&spec, &data)?;
    match output {
        Some(path) => write_atomic_private(path, manifest.as_bytes())
            .map_err(|source| CliError::write(path, source)),
        None => write_stdout(manifest.as_bytes()),
    }
}
