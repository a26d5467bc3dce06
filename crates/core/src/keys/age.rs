//! age master keys: X25519 (`age1…`), age plugin (`age1NAME1…`) and SSH (`ssh-ed25519`,
//! `ssh-rsa`) recipients, and the identities sops would find on this machine
//! (sops-format.md §3.2, §8.1): X25519 and plugin identities, passphrase-protected identity
//! files and SSH keys (asked for through the installed [`Prompter`] only when a file needs
//! them), from every place sops reads.
//!
//! Submodules: `plugin` (the plugin programs), `locked` (passphrase-protected keys),
//! `asking` (the age crate's callbacks over the prompter), `text` (identity lines).

mod asking;
mod locked;
pub mod plugin;
mod text;

use std::io::{BufReader, Read, Write};
use std::path::PathBuf;
use std::process::Command;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use zeroize::Zeroizing;

use self::asking::Notes;
use crate::keys::prompt::{self, Prompter};
use crate::sops::datakey::{KeyError, MasterKey};
use crate::sops::metadata::StoredKey;

/// An age key: the recipient it wraps for, kept with the exact text it was given as
/// (written to the metadata), and the identities that may unwrap for it.
pub struct AgeKey {
    text: String,
    /// `None` for a stored recipient this build cannot parse: it can still be unwrapped.
    recipient: Option<Wrapping>,
    identities: Option<Arc<AgeIdentities>>,
}

/// How a recipient wraps: by itself, or through its plugin's program (looked for on PATH
/// only when it wraps).
enum Wrapping {
    Native(Box<dyn age::Recipient + Send + Sync>),
    Plugin(age::plugin::Recipient),
}

/// A recipient string that is neither an age nor an SSH public key.
#[derive(Debug, thiserror::Error)]
#[error(
    "`{0}` is not an age recipient (age1…, or an age plugin's age1NAME1…) or an SSH public key (ssh-ed25519 …, ssh-rsa …)"
)]
pub struct BadRecipient(pub String);

/// Why an age key could not wrap or unwrap.
#[derive(Debug, thiserror::Error)]
pub enum AgeError {
    #[error("no age identity found{}", also(.0))]
    NoIdentity(Vec<String>),
    #[error("none of your age identities opens it{}", also(.0))]
    NoMatch(Vec<String>),
    #[error("the wrapped key is damaged: {0}")]
    Damaged(String),
    #[error("{0}")]
    Decrypt(String),
    #[error("{0}")]
    Encrypt(String),
    /// An age plugin is missing or failed.
    #[error("{0}")]
    Plugin(String),
    #[error(transparent)]
    Recipient(#[from] BadRecipient),
}

/// `: a; b` after a message, for what went wrong on the way.
fn also(notes: &[String]) -> String {
    if notes.is_empty() {
        String::new()
    } else {
        format!(": {}", notes.join("; "))
    }
}

/// A problem with a place identities are read from, and what fixes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProblem {
    pub what: String,
    pub fix: String,
}

impl std::fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.what, self.fix)
    }
}

impl AgeKey {
    /// A key to encrypt for.
    pub fn parse(text: &str) -> Result<AgeKey, BadRecipient> {
        let text = text.trim();
        let bad = || BadRecipient(text.into());
        let recipient = if text.starts_with("ssh-") {
            Wrapping::Native(Box::new(
                age::ssh::Recipient::from_str(text).map_err(|_| bad())?,
            ))
        } else if let Ok(recipient) = age::x25519::Recipient::from_str(text) {
            Wrapping::Native(Box::new(recipient))
        } else {
            Wrapping::Plugin(plugin::parse_recipient(text).ok_or_else(bad)?)
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

    /// The plugin this key wraps through (`yubikey` for `age1yubikey1…`), if any.
    pub fn plugin(&self) -> Option<&str> {
        match &self.recipient {
            Some(Wrapping::Plugin(recipient)) => Some(recipient.plugin()),
            _ => None,
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
            .as_ref()
            .ok_or_else(|| AgeError::Recipient(BadRecipient(self.text.clone())))?;
        let through_plugin;
        let recipient: &dyn age::Recipient = match recipient {
            Wrapping::Native(recipient) => recipient.as_ref(),
            Wrapping::Plugin(recipient) => {
                through_plugin = plugin::recipient_plugin(recipient, prompt::installed())?;
                &through_plugin
            }
        };
        let program = self.plugin().map(plugin::program);
        let encrypt = |e: &dyn std::fmt::Display| encrypt_error(program.as_deref(), e);
        // A plugin that died may show as a broken pipe, depending on when it died.
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(recipient)).map_err(|e| {
                match (&e, program.as_deref()) {
                    (age::EncryptError::Io(io), Some(program)) if asking::hung_up(io) => {
                        AgeError::Plugin(asking::crashed(program))
                    }
                    _ => encrypt(&e),
                }
            })?;
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
            return Err(AgeError::NoIdentity(Vec::new()).into());
        };
        Ok(identities.unwrap(enc)?)
    }
}

/// Why wrapping failed; for a plugin recipient, naming its program (a plugin that died
/// says so, instead of the age crate's debugging advice).
fn encrypt_error(program: Option<&str>, error: &dyn std::fmt::Display) -> AgeError {
    let message = clean_age_message(&error.to_string());
    match program {
        Some(program) if message.contains("unexpectedly died") => {
            AgeError::Plugin(asking::crashed(program))
        }
        Some(program) if !message.contains(program) => {
            AgeError::Plugin(format!("{program}: {message}"))
        }
        Some(_) => AgeError::Plugin(message),
        None => AgeError::Encrypt(message),
    }
}

/// A place that held identities, and the recipients (public keys) they decrypt for.
#[derive(Debug, Clone)]
pub struct KeySource {
    pub name: String,
    /// The recipients known without asking anything (a passphrase-protected SSH key's
    /// public key is; the keys inside an encrypted identity file are not).
    pub recipients: Vec<String>,
    /// Passphrase-protected: asked for when a file needs it.
    pub locked: bool,
    /// The plugins of its plugin identities (`yubikey`, …).
    pub plugins: Vec<String>,
}

/// The age identities found on this machine, and where they were looked for.
pub struct AgeIdentities {
    /// Identities that open a file without asking anything, but for the X25519 ones, which
    /// `found` holds: tried first (SSH keys are read before any X25519 identity).
    quiet: Vec<Box<dyn age::Identity + Send + Sync>>,
    /// Identities that may ask (a passphrase, a plugin's PIN or touch): tried after.
    asking: Vec<Box<dyn age::Identity + Send + Sync>>,
    /// The sources that gave identities, in the order they were read, each with its X25519
    /// identities: tried after `quiet`, their public keys computed only when asked for (see
    /// [`AgeIdentities::sources`]).
    found: Vec<(KeySource, Vec<age::x25519::Identity>)>,
    /// `found` with every public key computed, the first time it is asked for.
    sources: OnceLock<Vec<KeySource>>,
    /// Every place looked at, for the error when no key fits.
    pub searched: Vec<String>,
    /// Sources that exist but could not be read (reported only if decryption fails).
    pub problems: Vec<KeyProblem>,
    prompter: Arc<dyn Prompter>,
    /// What identities that ask met (no terminal, a wrong passphrase, a plugin's error).
    notes: Notes,
}

impl Default for AgeIdentities {
    fn default() -> Self {
        AgeIdentities::empty(Arc::new(prompt::NoPrompter))
    }
}

/// How to give sops an SSH key without a passphrase, for the error when none can be asked.
const SSH_UNENCRYPTED: &str =
    "give the key decrypted through SOPS_AGE_SSH_PRIVATE_KEY_CMD (e.g. from an agent or a vault)";

impl AgeIdentities {
    fn empty(prompter: Arc<dyn Prompter>) -> AgeIdentities {
        AgeIdentities {
            quiet: Vec::new(),
            asking: Vec::new(),
            found: Vec::new(),
            sources: OnceLock::new(),
            searched: Vec::new(),
            problems: Vec::new(),
            prompter,
            notes: Notes::default(),
        }
    }

    /// Reads every source sops reads, in its order; `recipient` is passed to
    /// `SOPS_AGE_KEY_CMD` and `SOPS_AGE_SSH_PRIVATE_KEY_CMD` as `SOPS_AGE_RECIPIENT`.
    /// Questions (passphrases, plugins' PINs) go to the installed [`Prompter`].
    pub fn discover(recipient: &str) -> AgeIdentities {
        AgeIdentities::discover_with(recipient, prompt::installed())
    }

    /// [`AgeIdentities::discover`], asking through `prompter`.
    pub fn discover_with(recipient: &str, prompter: Arc<dyn Prompter>) -> AgeIdentities {
        let mut found = AgeIdentities::empty(prompter);
        found.ssh_keys(recipient);
        if let Some(keys) = std::env::var_os("SOPS_AGE_KEY") {
            found.searched.push("SOPS_AGE_KEY".into());
            let keys = Zeroizing::new(keys.to_string_lossy().into_owned());
            found.add_identity_text("SOPS_AGE_KEY", keys.as_bytes());
        }
        if let Some(path) = std::env::var_os("SOPS_AGE_KEY_FILE") {
            found.add_identity_file(PathBuf::from(path), "SOPS_AGE_KEY_FILE");
        }
        if let Some(command) = std::env::var_os("SOPS_AGE_KEY_CMD") {
            let command = command.to_string_lossy();
            found
                .searched
                .push(format!("`{command}` (SOPS_AGE_KEY_CMD)"));
            if let Some(out) = found.run_key_command(&command, "SOPS_AGE_KEY_CMD", recipient) {
                found.add_identity_text("SOPS_AGE_KEY_CMD", &out);
            }
        }
        if let Some(path) = default_key_file() {
            found.add_identity_file(path, "the default key file");
        }
        found
    }

    /// SSH private keys: SOPS_AGE_SSH_PRIVATE_KEY_FILE, the output of
    /// SOPS_AGE_SSH_PRIVATE_KEY_CMD (sops 3.12), then ~/.ssh/id_ed25519 and ~/.ssh/id_rsa.
    fn ssh_keys(&mut self, recipient: &str) {
        if let Some(path) = std::env::var_os("SOPS_AGE_SSH_PRIVATE_KEY_FILE") {
            self.ssh_key_file(path.into(), "SOPS_AGE_SSH_PRIVATE_KEY_FILE");
        }
        if let Some(command) = std::env::var_os("SOPS_AGE_SSH_PRIVATE_KEY_CMD") {
            let command = command.to_string_lossy();
            self.searched
                .push(format!("`{command}` (SOPS_AGE_SSH_PRIVATE_KEY_CMD)"));
            let name = "SOPS_AGE_SSH_PRIVATE_KEY_CMD";
            if let Some(out) = self.run_key_command(&command, name, recipient) {
                self.add_ssh_key(name, &out, SSH_UNENCRYPTED);
            }
        }
        if let Some(home) = dirs::home_dir() {
            self.ssh_key_file(home.join(".ssh/id_ed25519"), "default SSH key");
            self.ssh_key_file(home.join(".ssh/id_rsa"), "default SSH key");
        }
    }

    fn ssh_key_file(&mut self, path: PathBuf, source: &str) {
        self.searched.push(format!("{} ({source})", path.display()));
        let Ok(bytes) = std::fs::read(&path).map(Zeroizing::new) else {
            return;
        };
        self.add_ssh_key(&path.display().to_string(), &bytes, SSH_UNENCRYPTED);
    }

    /// One SSH private key: used as it is, or (passphrase-protected) asked for when a file
    /// has a stanza for it.
    fn add_ssh_key(&mut self, name: &str, bytes: &[u8], unencrypted_fix: &'static str) {
        let parsed = age::ssh::Identity::from_buffer(BufReader::new(bytes), Some(name.into()));
        let public = |identity: &age::ssh::Identity| -> Vec<String> {
            age::ssh::Recipient::try_from(identity.clone())
                .map(|r| r.to_string())
                .into_iter()
                .collect()
        };
        match parsed {
            Ok(identity @ age::ssh::Identity::Unencrypted(_)) => {
                self.add_source(name, public(&identity), false, Vec::new(), Vec::new());
                self.quiet.push(Box::new(identity));
            }
            Ok(identity @ age::ssh::Identity::Encrypted(_)) => {
                let recipients = public(&identity);
                let key = locked::LockedSshKey::new(
                    name,
                    bytes,
                    identity,
                    recipients.first().map_or("", String::as_str),
                    Arc::clone(&self.prompter),
                    self.notes.clone(),
                    unencrypted_fix,
                );
                self.add_source(name, recipients, true, Vec::new(), Vec::new());
                self.asking.push(Box::new(key));
            }
            Ok(age::ssh::Identity::Unsupported(unsupported)) => {
                self.problems.push(unsupported_ssh_key(name, &unsupported));
            }
            Err(_) => self.problems.push(KeyProblem {
                what: format!("{name}: not an SSH private key"),
                fix: "point it at an OpenSSH private key (ed25519 or RSA), not its .pub".into(),
            }),
        }
    }

    fn add_identity_file(&mut self, path: PathBuf, source: &str) {
        self.searched.push(format!("{} ({source})", path.display()));
        match std::fs::read(&path).map(Zeroizing::new) {
            Ok(text) => self.add_identity_text(&path.display().to_string(), &text),
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound && source == "the default key file" => {
            }
            Err(e) => self.problems.push(KeyProblem {
                what: format!("{}: {e}", path.display()),
                fix: format!("correct {source}, or make the file readable"),
            }),
        }
    }

    /// The identities of a key file, SOPS_AGE_KEY or a command's output: X25519 ones,
    /// plugin ones (through their programs), or a passphrase-encrypted identity file.
    fn add_identity_text(&mut self, source: &str, text: &[u8]) {
        if text::is_encrypted(text) {
            self.asking.push(Box::new(locked::LockedKeyFile::new(
                source,
                text,
                Arc::clone(&self.prompter),
                self.notes.clone(),
            )));
            self.add_source(source, Vec::new(), true, Vec::new(), Vec::new());
            return;
        }
        let parsed = match text::parse(text) {
            Ok(parsed) => parsed,
            Err(why) => {
                self.problems.push(KeyProblem {
                    what: format!("{source}: {why}"),
                    fix: "each line must be an age identity (AGE-SECRET-KEY-1…, AGE-PLUGIN-…) \
                          or a # comment"
                        .into(),
                });
                return;
            }
        };
        let mut plugins: Vec<String> = parsed
            .plugins
            .iter()
            .map(|identity| identity.plugin().to_string())
            .collect();
        plugins.sort();
        plugins.dedup();
        let (found, problems) = plugin::identities(parsed.plugins, &self.prompter, &self.notes);
        self.asking.extend(found);
        self.problems
            .extend(problems.into_iter().map(|problem| KeyProblem {
                what: format!("{source}: {}", problem.what),
                fix: problem.fix,
            }));
        self.add_source(source, Vec::new(), false, plugins, parsed.native);
    }

    /// A source of identities: `recipients` are the public keys known already, `natives`
    /// its X25519 identities, kept here alone (their public keys are computed when asked for).
    fn add_source(
        &mut self,
        name: &str,
        recipients: Vec<String>,
        locked: bool,
        plugins: Vec<String>,
        natives: Vec<age::x25519::Identity>,
    ) {
        let source = KeySource {
            name: name.to_string(),
            recipients,
            locked,
            plugins,
        };
        self.found.push((source, natives));
    }

    /// The sources that gave identities, in the order they were read, with their
    /// recipients. An X25519 public key costs a scalar multiplication, as much as the
    /// decryption itself, so it is computed here, when first needed, not when a key is
    /// read: opening a file with one recipient never needs it.
    pub fn sources(&self) -> &[KeySource] {
        self.sources.get_or_init(|| {
            let with_publics = |(source, natives): &(KeySource, Vec<age::x25519::Identity>)| {
                let mut source = source.clone();
                let publics = natives.iter().map(|n| n.to_public().to_string());
                source.recipients.extend(publics);
                source
            };
            self.found.iter().map(with_publics).collect()
        })
    }

    /// The recipients of every identity found whose public key is known: the keys this
    /// user holds.
    pub fn held_recipients(&self) -> Vec<String> {
        self.sources()
            .iter()
            .flat_map(|s| s.recipients.iter().cloned())
            .collect()
    }

    /// Whether an identity that asks nothing opens files for `recipient`: one from a
    /// source that is not passphrase-protected.
    pub fn holds_quietly(&self, recipient: &str) -> bool {
        let recipient = key_id(recipient);
        self.sources()
            .iter()
            .filter(|s| !s.locked)
            .flat_map(|s| &s.recipients)
            .any(|r| key_id(r) == recipient)
    }

    /// Runs a key command (split shell-style, no shell) with `SOPS_AGE_RECIPIENT` set, and
    /// returns its standard output.
    fn run_key_command(
        &mut self,
        command: &str,
        variable: &str,
        recipient: &str,
    ) -> Option<Zeroizing<Vec<u8>>> {
        let problem = |what: String| KeyProblem {
            what,
            fix: format!("correct {variable}, or run the command yourself to see why"),
        };
        let Ok(words) = shell_words::split(command) else {
            self.problems.push(problem(format!(
                "{variable}: cannot split the command line"
            )));
            return None;
        };
        let (program, args) = words.split_first()?;
        match Command::new(program)
            .args(args)
            .env("SOPS_AGE_RECIPIENT", recipient)
            .output()
        {
            Ok(out) if out.status.success() => Some(Zeroizing::new(out.stdout)),
            Ok(out) => {
                drop(Zeroizing::new(out.stdout));
                self.problems
                    .push(problem(format!("{variable} exited with {}", out.status)));
                None
            }
            Err(e) => {
                self.problems
                    .push(problem(format!("{variable}: cannot run `{program}`: {e}")));
                None
            }
        }
    }

    /// Unwraps one armored age file: with the identities that ask nothing first, then with
    /// those that may ask.
    pub fn unwrap(&self, enc: &str) -> Result<Zeroizing<Vec<u8>>, AgeError> {
        let problems = || -> Vec<String> {
            let mut all = self.notes.list();
            all.extend(self.problems.iter().map(KeyProblem::to_string));
            all
        };
        let quiet = self
            .quiet
            .iter()
            .map(|id| id.as_ref() as &dyn age::Identity);
        let natives = self.found.iter().flat_map(|(_, natives)| natives);
        let natives = natives.map(|id| id as &dyn age::Identity);
        let asking = self
            .asking
            .iter()
            .map(|id| id.as_ref() as &dyn age::Identity);
        let mut identities = quiet.chain(natives).chain(asking).peekable();
        if identities.peek().is_none() {
            return Err(AgeError::NoIdentity(problems()));
        }
        // Buffered: the header is parsed line by line, not re-parsed for every byte read.
        let decryptor = age::Decryptor::new_buffered(ArmoredReader::new(enc.as_bytes()))
            .map_err(|e| AgeError::Damaged(clean_age_message(&e.to_string())))?;
        let mut reader = match decryptor.decrypt(identities) {
            Ok(reader) => reader,
            Err(age::DecryptError::NoMatchingKeys) => return Err(AgeError::NoMatch(problems())),
            Err(e) => return Err(AgeError::Decrypt(clean_age_message(&e.to_string()))),
        };
        // Room for a data key (32 bytes) up front: read straight into the zeroizing buffer,
        // not first into a probe buffer on the stack or a smaller allocation left unwiped.
        let mut secret = Zeroizing::new(Vec::with_capacity(64));
        reader
            .read_to_end(&mut secret)
            .map_err(|e| AgeError::Decrypt(e.to_string()))?;
        Ok(secret)
    }
}

/// An SSH key age cannot use, and what to do instead.
fn unsupported_ssh_key(name: &str, key: &age::ssh::UnsupportedKey) -> KeyProblem {
    use age::ssh::UnsupportedKey;
    let (what, fix) = match key {
        UnsupportedKey::EncryptedPem => (
            "a passphrase-protected key in the old PEM format, which age cannot read".to_string(),
            format!(
                "convert it to the OpenSSH format, keeping its passphrase: ssh-keygen -p -f {name}"
            ),
        ),
        UnsupportedKey::EncryptedSsh(cipher) => (
            format!("encrypted with the cipher {cipher}, which age cannot decrypt"),
            format!("re-encrypt it with aes256-ctr: ssh-keygen -p -Z aes256-ctr -f {name}"),
        ),
        UnsupportedKey::Hardware(kind) => (
            format!("a hardware security key ({kind}), which age cannot use"),
            "use an age plugin for the device (e.g. age-plugin-yubikey)".to_string(),
        ),
        UnsupportedKey::Type(kind) => (
            format!("an SSH key of type {kind}, which age cannot use"),
            "use an ed25519 or RSA key".to_string(),
        ),
    };
    KeyProblem {
        what: format!("{name}: {what}"),
        fix,
    }
}

/// A recipient without the comment an SSH public key may carry.
fn key_id(recipient: &str) -> String {
    recipient
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
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
        let mut ids = AgeIdentities::default();
        ids.quiet.push(Box::new(identity));
        assert_eq!(
            ids.unwrap(&enc).unwrap().as_slice(),
            b"0123456789abcdef0123456789abcdef"
        );
    }

    #[test]
    fn rejects_garbage_recipients() {
        assert!(AgeKey::parse("age1nope").is_err());
        assert!(AgeKey::parse("age1bad1plugin").is_err(), "no valid Bech32");
        assert_eq!(AgeKey::parse_list(" , ").unwrap().len(), 0);
    }

    /// A plugin recipient `age1NAME1…` with `data`.
    fn plugin_recipient(name: &str, data: &[u8]) -> String {
        age_core::primitives::bech32_encode(
            bech32::Hrp::parse(&format!("age1{name}")).unwrap(),
            data,
        )
    }

    #[test]
    fn plugin_recipients_parse_without_their_program() {
        let text = plugin_recipient("nosuchplugin", &[1, 2, 3]);
        let key = AgeKey::parse(&text).unwrap();
        assert_eq!(key.plugin(), Some("nosuchplugin"));
        assert_eq!(key.describe(), text);
        let error = key.wrap(&[0; 32]).err().unwrap().to_string();
        assert!(
            error.contains("age-plugin-nosuchplugin") && error.contains("PATH"),
            "{error}"
        );
    }

    #[test]
    fn no_identity_lists_the_problems() {
        let mut ids = AgeIdentities::default();
        ids.add_identity_text("keys.txt", b"AGE-PLUGIN-NOSUCHPLUGIN-1QQQQQQ\n");
        ids.add_identity_text("other.txt", b"not a key\n");
        let error = ids.unwrap("whatever").err().unwrap().to_string();
        assert!(error.contains("other.txt: line 1"), "{error}");
    }

    #[test]
    fn a_missing_plugin_program_is_a_problem_naming_it() {
        let mut ids = AgeIdentities::default();
        let identity = age::plugin::Identity::default_for_plugin("nosuchplugin").unwrap();
        ids.add_identity_text("keys.txt", format!("{identity}\n").as_bytes());
        assert_eq!(ids.sources()[0].plugins, ["nosuchplugin"]);
        let problems: Vec<String> = ids.problems.iter().map(ToString::to_string).collect();
        assert!(
            problems[0].contains("keys.txt") && problems[0].contains("age-plugin-nosuchplugin"),
            "{problems:?}"
        );
        let other = age::x25519::Identity::generate().to_public();
        let StoredKey::Age { enc, .. } = AgeKey::parse(&other.to_string())
            .unwrap()
            .wrap(&[1; 32])
            .unwrap()
        else {
            panic!("an age entry")
        };
        let error = ids.unwrap(&enc).err().unwrap().to_string();
        assert!(error.contains("age-plugin-nosuchplugin"), "{error}");
    }

    #[test]
    fn quiet_identities_are_known_by_recipient() {
        let identity = age::x25519::Identity::generate();
        let mut ids = AgeIdentities::default();
        use age::secrecy::ExposeSecret;
        ids.add_identity_text("k", identity.to_string().expose_secret().as_bytes());
        assert!(ids.holds_quietly(&identity.to_public().to_string()));
        assert!(!ids.holds_quietly("age1other"));
    }
}
