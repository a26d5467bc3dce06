//! Publishing files where `.sops.yaml`'s `destination_rules` say, shared by `secret
//! publish` and `sops publish`: each file's destination from `secret_core::ops::publish`,
//! a confirmation the front end asks for, then the values written to Vault KV. S3 and GCS
//! destinations are refused with the way round (the file is already encrypted: copy it).

use std::path::{Path, PathBuf};

use super::CliError;
use super::vault::{self, Written};
use secret_core::config::LoadedConfig;
use secret_core::ops::EncryptedFile;
use secret_core::ops::publish::{self, Destination};
use secret_core::store::Format;

/// What to publish and how.
pub struct Request<'a> {
    /// A file, or with `recursive` a directory.
    pub root: &'a Path,
    pub recursive: bool,
    pub omit_extensions: bool,
    pub input_type: Option<Format>,
    pub decryption_order: Vec<String>,
}

/// Publishes every file of the request. `confirm` sees each file and its destination URL
/// first and may decline (then nothing more is published); `report` hears what was done.
pub fn run(
    config: &LoadedConfig,
    request: &Request,
    mut confirm: impl FnMut(&Path, &str) -> Result<bool, CliError>,
    mut report: impl FnMut(&Path, &str, Written),
) -> Result<(), CliError> {
    let root = request.root;
    let files = if root.is_dir() {
        if !request.recursive {
            return Err(CliError::Conflict(format!(
                "{} is a directory: pass --recursive to publish what it holds",
                root.display()
            )));
        }
        let mut files = Vec::new();
        walk(root, &mut files).map_err(|e| CliError::read(root, e))?;
        files
    } else {
        vec![root.to_path_buf()]
    };
    for file in &files {
        let name = if root.is_dir() {
            file.strip_prefix(root)
                .unwrap_or(file)
                .to_string_lossy()
                .into_owned()
        } else {
            file.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        };
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.clone());
        let destination = publish::destination(config, &absolute, &name, request.omit_extensions)?;
        let target = match &destination {
            Destination::Vault(target) => target,
            Destination::S3 { bucket, key } => {
                return Err(bucket_refused(file, "S3", bucket, key, "aws s3 cp"));
            }
            Destination::Gcs { bucket, key } => {
                return Err(bucket_refused(
                    file,
                    "GCS",
                    bucket,
                    key,
                    "gcloud storage cp",
                ));
            }
        };
        let url = vault::url(target);
        if !confirm(&absolute, &url)? {
            return Err(CliError::Declined);
        }
        let encrypted = EncryptedFile {
            decryption_order: request.decryption_order.clone(),
            ..EncryptedFile::new(file, request.input_type)
        };
        let values = publish::values(&encrypted)?;
        let written = vault::write(target, &values).map_err(CliError::Vault)?;
        report(file, &url, written);
    }
    Ok(())
}

fn bucket_refused(file: &Path, kind: &str, bucket: &str, key: &str, tool: &str) -> CliError {
    CliError::Unsupported {
        what: format!(
            "{}: publishing to {kind} (bucket {bucket}, key {key}) is not supported by secret",
            file.display()
        ),
        hint: format!(
            "the file is encrypted already: upload it with `{tool}`, or publish to a vault_path destination"
        ),
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}
