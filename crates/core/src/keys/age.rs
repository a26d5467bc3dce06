//! age master keys: X25519 (`age1…`) and SSH (`ssh-ed25519`, `ssh-rsa`) recipients, and
//! the identities sops would find on this machine (sops-format.md §3.2, §8.1).

use std::io::{BufReader, Read, Write};
use std::path::PathBuf;
use std::process::Command;
use std::str::FromStr;

use std::sync::Arc;

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use zeroize::Zeroizing;

use crate::sops::datakey::{KeyError, MasterKey};
use crate::sops::metadata::StoredKey;

/// An age key: the recipient it wraps for, kept with the exact text it was given as
/// (written to the metadata), and the identities that may unwrap for it.
pub struct AgeKey {
    text: String,
    /// `None` for a stored recipient this build cannot parse: it can still be unwrapped.
    recipient: Option<Box<dyn age::Recipient + Send + Sync>>,
    identities: Option<Arc<AgeIdentities>>,
}

/// A recipient string that is neither an age nor an SSH public key.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not an age recipient (age1…) or an SSH public key (ssh-ed25519 …, ssh-rsa …)")]
pub struct BadRecipient(pub String);

/// Why an age key could not wrap or unwrap.
#[derive(Debug, thiserror::Error)]
pub enum AgeError {
    #[error("no age identity found")]
    NoIdentity,
    #[error("the wrapped key is damaged: {0}")]
    Damaged(String),
    #[error("{0}")]
    Decrypt(String),
    #[error("{0}")]
    Encrypt(String),
    #[error(transparent)]
    Recipient(#[from] BadRecipient),
}

impl AgeKey {
    /// A key to encrypt for.
    pub fn parse(text: &str) -> Result<AgeKey, BadRecipient> {
        let text = text.trim();
        let recipient: Box<dyn age::Recipient + Send + Sync> = if text.starts_with("ssh-") {
            Box::new(age::ssh::Recipient::from_str(text).map_err(|_| BadRecipient(text.into()))?)
        } else {
            Box::new(age::x25519::Recipient::from_str(text).map_err(|_| BadRecipient(text.into()))?)
        };
        Ok(AgeKey {
            text: text.to_string(),
            recipient: Some(recipient),
            identities: None,
        })
    }

    /// Parses a comma-separated list, skipping empty items.
    pub fn parse_list(list: &str) -> Result<Vec<AgeKey>, BadRecipient> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(AgeKey::parse)
            .collect()
    }

    /// The key of a stored entry for `recipient`, unwrapped with `identities`.
    pub fn held(recipient: &str, identities: Arc<AgeIdentities>) -> AgeKey {
        let parsed = AgeKey::parse(recipient).ok().and_then(|key| key.recipient);
        AgeKey {
            text: recipient.to_string(),
            recipient: parsed,
            identities: Some(identities),
        }
    }
}

impl MasterKey for AgeKey {
    fn describe(&self) -> String {
        self.text.clone()
    }

    fn wrap(&self, secret: &[u8]) -> Result<StoredKey, KeyError> {
        let recipient = self
            .recipient
            .as_deref()
            .ok_or_else(|| AgeError::Recipient(BadRecipient(self.text.clone())))?;
        let encrypt =
            |e: &dyn std::fmt::Display| AgeError::Encrypt(clean_age_message(&e.to_string()));
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
                .map_err(|e| encrypt(&e))?;
        let mut armored = Vec::new();
        let mut writer = encryptor
            .wrap_output(
                ArmoredWriter::wrap_output(&mut armored, Format::AsciiArmor)
                    .map_err(|e| encrypt(&e))?,
            )
            .map_err(|e| encrypt(&e))?;
        writer.write_all(secret).map_err(|e| encrypt(&e))?;
        writer
            .finish()
            .and_then(|armor| armor.finish())
            .map_err(|e| encrypt(&e))?;
        let enc = String::from_utf8(armored).map_err(|e| encrypt(&e))?;
        Ok(StoredKey::Age {
            recipient: self.text.clone(),
            enc,
        })
    }

    fn unwrap(&self, stored: &StoredKey) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let (StoredKey::Age { enc, .. }, Some(identities)) = (stored, &self.identities) else {
            return Err(AgeError::NoIdentity.into());
        };
        Ok(identities.unwrap(enc)?)
    }
}

/// A place that held identities, and the recipients (public keys) they decrypt for.
#[derive(Debug, Clone)]
pub struct KeySource {
    pub name: String,
    pub recipients: Vec<String>,
}

/// The age identities found on this machine, and where they were looked for.
#[derive(Default)]
pub struct AgeIdentities {
    identities: Vec<Box<dyn age::Identity + Send + Sync>>,
    /// The sources that gave identities, in the order they were read.
    pub sources: Vec<KeySource>,
    /// Every place looked at, for the error when no key fits.
    pub searched: Vec<String>,
    /// Sources that exist but could not be read (reported only if decryption fails).
    pub problems: Vec<String>,
}

impl AgeIdentities {
    /// Reads every source sops reads, in its order; `recipient` is passed to
    /// `SOPS_AGE_KEY_CMD` as `SOPS_AGE_RECIPIENT`.
    pub fn discover(recipient: &str) -> AgeIdentities {
        let mut found = AgeIdentities::default();
        found.ssh_keys();
        if let Some(keys) = std::env::var_os("SOPS_AGE_KEY") {
            found.searched.push("SOPS_AGE_KEY".into());
            found.add_identity_text("SOPS_AGE_KEY", keys.to_string_lossy().as_bytes());
        }
        if let Some(path) = std::env::var_os("SOPS_AGE_KEY_FILE") {
            found.add_identity_file(PathBuf::from(path), "SOPS_AGE_KEY_FILE");
        }
        if let Some(command) = std::env::var_os("SOPS_AGE_KEY_CMD") {
            found.key_command(&command.to_string_lossy(), recipient);
        }
        if let Some(path) = default_key_file() {
            found.add_identity_file(path, "the default key file");
        }
        found
    }

    fn ssh_keys(&mut self) {
        let mut paths: Vec<(PathBuf, &str)> = Vec::new();
        if let Some(path) = std::env::var_os("SOPS_AGE_SSH_PRIVATE_KEY_FILE") {
            paths.push((path.into(), "SOPS_AGE_SSH_PRIVATE_KEY_FILE"));
        }
        if let Some(home) = dirs::home_dir() {
            paths.push((home.join(".ssh/id_ed25519"), "default SSH key"));
            paths.push((home.join(".ssh/id_rsa"), "default SSH key"));
        }
        for (path, source) in paths {
            self.searched.push(format!("{} ({source})", path.display()));
            let Ok(file) = std::fs::File::open(&path) else {
                continue;
            };
            let name = path.display().to_string();
            match age::ssh::Identity::from_buffer(BufReader::new(file), Some(name.clone())) {
                Ok(identity @ age::ssh::Identity::Unencrypted(_)) => {
                    let recipient: Vec<String> = age::ssh::Recipient::try_from(identity.clone())
                        .map(|r| r.to_string())
                        .into_iter()
                        .collect();
                    self.add_source(name, recipient);
                    self.identities.push(Box::new(identity));
                }
                Ok(age::ssh::Identity::Encrypted(_)) => self.problems.push(format!(
                    "{name}: passphrase-protected SSH keys are not supported yet"
                )),
                Ok(_) | Err(_) => self
                    .problems
                    .push(format!("{name}: not a supported SSH private key")),
            }
        }
    }

    fn add_identity_file(&mut self, path: PathBuf, source: &str) {
        self.searched.push(format!("{} ({source})", path.display()));
        match std::fs::read(&path) {
            Ok(text) => self.add_identity_text(&path.display().to_string(), &text),
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound && source == "the default key file" => {
            }
            Err(e) => self.problems.push(format!("{}: {e}", path.display())),
        }
    }

    fn add_identity_text(&mut self, source: &str, text: &[u8]) {
        let parsed = age::IdentityFile::from_buffer(text).and_then(|file| {
            let recipients = public_keys(&file);
            let ids = file.into_identities().map_err(std::io::Error::other)?;
            Ok((recipients, ids))
        });
        match parsed {
            Ok((recipients, ids)) => {
                self.add_source(source.to_string(), recipients);
                self.identities.extend(ids);
            }
            Err(e) => self
                .problems
                .push(format!("{source}: {}", clean_age_message(&e.to_string()))),
        }
    }

    fn add_source(&mut self, name: String, recipients: Vec<String>) {
        self.sources.push(KeySource { name, recipients });
    }

    /// The recipients of every identity found: the keys this user holds.
    pub fn held_recipients(&self) -> Vec<String> {
        self.sources
            .iter()
            .flat_map(|s| s.recipients.iter().cloned())
            .collect()
    }

    fn key_command(&mut self, command: &str, recipient: &str) {
        self.searched
            .push(format!("`{command}` (SOPS_AGE_KEY_CMD)"));
        let Ok(words) = shell_words::split(command) else {
            self.problems
                .push("SOPS_AGE_KEY_CMD: cannot split the command line".into());
            return;
        };
        let Some((program, args)) = words.split_first() else {
            return;
        };
        match Command::new(program)
            .args(args)
            .env("SOPS_AGE_RECIPIENT", recipient)
            .output()
        {
            Ok(out) if out.status.success() => {
                self.add_identity_text("SOPS_AGE_KEY_CMD", &Zeroizing::new(out.stdout))
            }
            Ok(out) => self
                .problems
                .push(format!("SOPS_AGE_KEY_CMD exited with {}", out.status)),
            Err(e) => self.problems.push(format!("SOPS_AGE_KEY_CMD: {e}")),
        }
    }

    /// Unwraps one armored age file with any of the identities.
    pub fn unwrap(&self, enc: &str) -> Result<Zeroizing<Vec<u8>>, AgeError> {
        if self.identities.is_empty() {
            return Err(AgeError::NoIdentity);
        }
        let decryptor = age::Decryptor::new(ArmoredReader::new(enc.as_bytes()))
            .map_err(|e| AgeError::Damaged(clean_age_message(&e.to_string())))?;
        let mut reader = decryptor
            .decrypt(
                self.identities
                    .iter()
                    .map(|id| id.as_ref() as &dyn age::Identity),
            )
            .map_err(|e| AgeError::Decrypt(clean_age_message(&e.to_string())))?;
        let mut secret = Zeroizing::new(Vec::new());
        reader
            .read_to_end(&mut secret)
            .map_err(|e| AgeError::Decrypt(e.to_string()))?;
        Ok(secret)
    }
}

/// The recipients of an identity file's X25519 identities, one per identity.
fn public_keys(file: &age::IdentityFile<age::NoCallbacks>) -> Vec<String> {
    let mut lines = Vec::new();
    match file.write_recipients_file(&mut lines) {
        Ok(()) => String::from_utf8_lossy(&lines)
            .lines()
            .map(String::from)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// A new X25519 identity in age-keygen's file layout, and its recipient.
pub fn generate_key_file() -> (Zeroizing<String>, String) {
    use age::secrecy::ExposeSecret;
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    let created = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let text = Zeroizing::new(format!(
        "# created: {created}\n# public key: {public}\n{}\n",
        identity.to_string().expose_secret()
    ));
    (text, public)
}

/// sops's default key file: `<user config dir>/sops/age/keys.txt`, with `XDG_CONFIG_HOME`
/// taking precedence on every platform (as sops does on macOS too).
pub fn default_key_file() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(dirs::config_dir)?;
    Some(config.join("sops").join("age").join("keys.txt"))
}

/// age's messages carry Unicode isolation marks from its translations; drop them.
fn clean_age_message(message: &str) -> String {
    message.replace(['\u{2068}', '\u{2069}'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_unwraps_with_an_identity() {
        let identity = age::x25519::Identity::generate();
        let recipient = AgeKey::parse(&identity.to_public().to_string()).unwrap();
        let StoredKey::Age { enc, .. } =
            recipient.wrap(b"0123456789abcdef0123456789abcdef").unwrap()
        else {
            panic!("an age entry")
        };
        assert!(
            enc.starts_with("-----BEGIN AGE ENCRYPTED FILE-----\n")
                && enc.ends_with("-----END AGE ENCRYPTED FILE-----\n")
        );
        let ids = AgeIdentities {
            identities: vec![Box::new(identity)],
            ..Default::default()
        };
        assert_eq!(
            ids.unwrap(&enc).unwrap().as_slice(),
            b"0123456789abcdef0123456789abcdef"
        );
    }

    #[test]
    fn rejects_garbage_recipients() {
        assert!(AgeKey::parse("age1nope").is_err());
        assert_eq!(AgeKey::parse_list(" , ").unwrap().len(), 0);
    }
}
