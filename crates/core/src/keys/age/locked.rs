//! Passphrase-protected identities: an age identity file encrypted with a passphrase
//! (`age -p`, which sops 3.10+ reads too) and an OpenSSH private key with a passphrase
//! (`ssh-keygen -N`). Each asks for its passphrase only when a file's stanza could be for
//! it (an SSH key: only a stanza carrying its own tag), at most once per process: what it
//! unlocks is kept in memory for the process's later files. A passphrase that cannot be
//! asked, or is wrong, is noted (naming the key file and the fix) and the key declines,
//! so that other identities are still tried.

use std::io::Read;
use std::sync::{Arc, Mutex};

use age::armor::ArmoredReader;
use age_core::format::{FileKey, Stanza};
use base64::Engine;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::asking::Notes;
use super::text;
use crate::keys::prompt::{PromptError, Prompter};

/// The largest identity file read, as sops (16 MiB).
const IDENTITY_FILE_LIMIT: u64 = 1 << 24;

/// What a locked key became once its passphrase was asked.
enum State<T> {
    Locked,
    Open(T),
    /// Wrong passphrase, no terminal, damaged key: asked once, noted, never asked again.
    Failed,
}

/// Unlocked secrets of this process, by the SHA-256 of the locked bytes they came from, so
/// that a key used for several files is asked for once.
type Unlocked<T> = Mutex<Vec<([u8; 32], T)>>;
static UNLOCKED_FILES: Unlocked<Zeroizing<Vec<u8>>> = Mutex::new(Vec::new());
static UNLOCKED_SSH: Unlocked<age::ssh::Identity> = Mutex::new(Vec::new());

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Asks for the passphrase of `name`; a question without an answer is noted.
fn ask(
    prompter: &dyn Prompter,
    notes: &Notes,
    prompt: &str,
    name: &str,
    unencrypted_fix: &str,
) -> Option<Zeroizing<String>> {
    match prompter.secret(prompt) {
        Ok(passphrase) => Some(passphrase),
        Err(PromptError::NoTerminal) => {
            notes.push(format!(
                "{name} is passphrase-protected, and there is no terminal to ask for its \
                 passphrase: run this in a terminal, or {unencrypted_fix}"
            ));
            None
        }
        Err(error) => {
            notes.push(format!("the passphrase of {name} was not given: {error}"));
            None
        }
    }
}

/// An age identity file encrypted with a passphrase.
pub(crate) struct LockedKeyFile {
    name: String,
    /// The encrypted file (binary or armored) as read.
    contents: Vec<u8>,
    prompter: Arc<dyn Prompter>,
    notes: Notes,
    /// The X25519 and plugin identities inside, once unlocked.
    state: Mutex<State<Vec<Box<dyn age::Identity + Send + Sync>>>>,
}

impl LockedKeyFile {
    pub(crate) fn new(
        name: &str,
        contents: &[u8],
        prompter: Arc<dyn Prompter>,
        notes: Notes,
    ) -> LockedKeyFile {
        LockedKeyFile {
            name: name.to_string(),
            contents: contents.to_vec(),
            prompter,
            notes,
            state: Mutex::new(State::Locked),
        }
    }

    /// The identity text inside: from this process's earlier unlocking, or by asking.
    fn plaintext(&self) -> Option<Zeroizing<Vec<u8>>> {
        let key = digest(&self.contents);
        let cache = UNLOCKED_FILES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, text)) = cache.iter().find(|(k, _)| *k == key) {
            return Some(text.clone());
        }
        drop(cache);
        let passphrase = ask(
            self.prompter.as_ref(),
            &self.notes,
            &format!("Enter passphrase for identity '{}':", self.name),
            &self.name,
            "give the key decrypted through SOPS_AGE_KEY or SOPS_AGE_KEY_CMD",
        )?;
        match decrypt_identity_file(&self.contents, &passphrase) {
            Ok(text) => {
                let mut cache = UNLOCKED_FILES.lock().unwrap_or_else(|e| e.into_inner());
                cache.push((key, text.clone()));
                Some(text)
            }
            Err(why) => {
                self.notes.push(format!("{}: {why}", self.name));
                None
            }
        }
    }

    fn unlock(&self) -> State<Vec<Box<dyn age::Identity + Send + Sync>>> {
        let Some(plaintext) = self.plaintext() else {
            return State::Failed;
        };
        let parsed = match text::parse(&plaintext) {
            Ok(parsed) => parsed,
            Err(why) => {
                self.notes
                    .push(format!("{} (once decrypted): {why}", self.name));
                return State::Failed;
            }
        };
        let mut identities: Vec<Box<dyn age::Identity + Send + Sync>> = Vec::new();
        for native in parsed.native {
            identities.push(Box::new(native));
        }
        let (plugins, problems) =
            super::plugin::identities(parsed.plugins, &self.prompter, &self.notes);
        identities.extend(plugins);
        for problem in problems {
            self.notes.push(format!("{}: {problem}", self.name));
        }
        State::Open(identities)
    }
}

/// The identity text of an encrypted identity file, or why not.
fn decrypt_identity_file(contents: &[u8], passphrase: &str) -> Result<Zeroizing<Vec<u8>>, String> {
    let decryptor = age::Decryptor::new_buffered(ArmoredReader::new(contents)).map_err(|e| {
        format!(
            "not a readable age file ({})",
            super::clean_age_message(&e.to_string())
        )
    })?;
    if !decryptor.is_scrypt() {
        return Err(
            "it is encrypted with age, but not with a passphrase: decrypt it with `age -d`, \
             and keep the key file unencrypted or passphrase-protected (`age -p`)"
                .into(),
        );
    }
    let identity = age::scrypt::Identity::new(passphrase.into());
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::NoMatchingKeys => {
                "wrong passphrase (check it, and run the command again)".to_string()
            }
            other => super::clean_age_message(&other.to_string()),
        })?;
    let mut text = Zeroizing::new(Vec::new());
    reader
        .by_ref()
        .take(IDENTITY_FILE_LIMIT)
        .read_to_end(&mut text)
        .map_err(|e| format!("damaged: {e}"))?;
    Ok(text)
}

/// Whether a stanza could be for an identity of an age identity file: not an SSH or
/// passphrase stanza.
fn maybe_for_identity_file(stanza: &Stanza) -> bool {
    !matches!(stanza.tag.as_str(), "ssh-ed25519" | "ssh-rsa" | "scrypt")
}

impl age::Identity for LockedKeyFile {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, age::DecryptError>> {
        self.unwrap_stanzas(std::slice::from_ref(stanza))
    }

    fn unwrap_stanzas(&self, stanzas: &[Stanza]) -> Option<Result<FileKey, age::DecryptError>> {
        if !stanzas.iter().any(maybe_for_identity_file) {
            return None;
        }
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if matches!(*state, State::Locked) {
            *state = self.unlock();
        }
        let State::Open(identities) = &*state else {
            return None;
        };
        identities
            .iter()
            .find_map(|identity| identity.unwrap_stanzas(stanzas))
    }
}

/// An OpenSSH private key protected by a passphrase.
pub(crate) struct LockedSshKey {
    name: String,
    /// The locked key (`age::ssh::Identity::Encrypted`).
    key: age::ssh::Identity,
    /// Its bytes as read, the cache key.
    digest: [u8; 32],
    /// The tag of its public key in `ssh-ed25519` / `ssh-rsa` stanzas.
    tag: String,
    prompter: Arc<dyn Prompter>,
    notes: Notes,
    unencrypted_fix: &'static str,
    state: Mutex<State<age::ssh::Identity>>,
}

impl LockedSshKey {
    /// `public` is the key's recipient (`ssh-ed25519 AAAA…`).
    pub(crate) fn new(
        name: &str,
        bytes: &[u8],
        key: age::ssh::Identity,
        public: &str,
        prompter: Arc<dyn Prompter>,
        notes: Notes,
        unencrypted_fix: &'static str,
    ) -> LockedSshKey {
        LockedSshKey {
            name: name.to_string(),
            key,
            digest: digest(bytes),
            tag: ssh_tag(public).unwrap_or_default(),
            prompter,
            notes,
            unencrypted_fix,
            state: Mutex::new(State::Locked),
        }
    }

    fn unlock(&self) -> State<age::ssh::Identity> {
        let cache = UNLOCKED_SSH.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, key)) = cache.iter().find(|(k, _)| *k == self.digest) {
            return State::Open(key.clone());
        }
        drop(cache);
        let age::ssh::Identity::Encrypted(locked) = &self.key else {
            return State::Failed;
        };
        let Some(passphrase) = ask(
            self.prompter.as_ref(),
            &self.notes,
            &format!("Enter passphrase for \"{}\":", self.name),
            &self.name,
            self.unencrypted_fix,
        ) else {
            return State::Failed;
        };
        match locked.decrypt(passphrase.as_str().into()) {
            Ok(key) => {
                let key = age::ssh::Identity::Unencrypted(key);
                let mut cache = UNLOCKED_SSH.lock().unwrap_or_else(|e| e.into_inner());
                cache.push((self.digest, key.clone()));
                State::Open(key)
            }
            Err(_) => {
                self.notes.push(format!(
                    "{}: wrong passphrase for this SSH key (check it, and run the command again)",
                    self.name
                ));
                State::Failed
            }
        }
    }

    fn is_for_me(&self, stanza: &Stanza) -> bool {
        matches!(stanza.tag.as_str(), "ssh-ed25519" | "ssh-rsa")
            && stanza.args.first().is_some_and(|tag| *tag == self.tag)
    }
}

impl age::Identity for LockedSshKey {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, age::DecryptError>> {
        if !self.is_for_me(stanza) {
            return None;
        }
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if matches!(*state, State::Locked) {
            *state = self.unlock();
        }
        let State::Open(key) = &*state else {
            return None;
        };
        key.unwrap_stanza(stanza)
    }
}

/// The tag age puts in the stanzas of an SSH recipient: the first 4 bytes of the SHA-256 of
/// the public key's wire encoding, Base64 without padding.
fn ssh_tag(public: &str) -> Option<String> {
    let wire = public.split_whitespace().nth(1)?;
    let wire = base64::engine::general_purpose::STANDARD
        .decode(wire)
        .ok()?;
    let hash = Sha256::digest(wire);
    Some(base64::engine::general_purpose::STANDARD_NO_PAD.encode(&hash[..4]))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::keys::prompt::NoPrompter;
    use age::secrecy::ExposeSecret;

    /// Answers every passphrase question with the same text, counting the questions.
    pub(crate) struct Typist {
        pub(crate) passphrase: &'static str,
        pub(crate) asked: Mutex<Vec<String>>,
    }

    impl Prompter for Typist {
        fn secret(&self, prompt: &str) -> Result<Zeroizing<String>, PromptError> {
            self.asked.lock().unwrap().push(prompt.to_string());
            Ok(Zeroizing::new(self.passphrase.to_string()))
        }
        fn public(&self, _: &str) -> Result<String, PromptError> {
            Err(PromptError::NoTerminal)
        }
        fn confirm(&self, _: &str, _: &str, _: Option<&str>) -> Result<bool, PromptError> {
            Err(PromptError::NoTerminal)
        }
        fn message(&self, _: &str) {}
    }

    /// An identity file (`AGE-SECRET-KEY-1…` line) encrypted with `passphrase`, armored,
    /// at a low work factor.
    fn locked_identity_file(identity: &age::x25519::Identity, passphrase: &str) -> Vec<u8> {
        let mut recipient = age::scrypt::Recipient::new(passphrase.into());
        recipient.set_work_factor(10);
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .unwrap();
        let mut out = Vec::new();
        let armored =
            age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
                .unwrap();
        let mut writer = encryptor.wrap_output(armored).unwrap();
        writeln!(writer, "# a key\n{}", identity.to_string().expose_secret()).unwrap();
        writer.finish().unwrap().finish().unwrap();
        out
    }

    fn stanzas_for(recipient: &dyn age::Recipient) -> Vec<Stanza> {
        let file_key = FileKey::new(Box::new([7; 16]));
        recipient.wrap_file_key(&file_key).unwrap().0
    }

    #[test]
    fn an_identity_file_is_asked_for_once_and_opens() {
        let identity = age::x25519::Identity::generate();
        let locked = locked_identity_file(&identity, "correct horse");
        let typist = Arc::new(Typist {
            passphrase: "correct horse",
            asked: Mutex::new(Vec::new()),
        });
        let file = LockedKeyFile::new("keys.age", &locked, typist.clone(), Notes::default());
        let stanzas = stanzas_for(&identity.to_public());
        let key = age::Identity::unwrap_stanzas(&file, &stanzas)
            .unwrap()
            .unwrap();
        assert_eq!(key.expose_secret(), &[7; 16]);
        age::Identity::unwrap_stanzas(&file, &stanzas)
            .unwrap()
            .unwrap();
        assert_eq!(typist.asked.lock().unwrap().len(), 1);
        assert!(typist.asked.lock().unwrap()[0].contains("keys.age"));
    }

    #[test]
    fn a_wrong_passphrase_or_no_terminal_is_a_note_naming_the_file() {
        let identity = age::x25519::Identity::generate();
        let locked = locked_identity_file(&identity, "right");
        let stanzas = stanzas_for(&identity.to_public());
        let typist = Arc::new(Typist {
            passphrase: "wrong",
            asked: Mutex::new(Vec::new()),
        });
        let notes = Notes::default();
        let file = LockedKeyFile::new("/k/keys.age", &locked, typist.clone(), notes.clone());
        assert!(age::Identity::unwrap_stanzas(&file, &stanzas).is_none());
        assert!(age::Identity::unwrap_stanzas(&file, &stanzas).is_none());
        assert_eq!(typist.asked.lock().unwrap().len(), 1, "asked once");
        let noted = notes.list().join("\n");
        assert!(
            noted.contains("/k/keys.age") && noted.contains("wrong passphrase"),
            "{noted}"
        );

        let notes = Notes::default();
        let file = LockedKeyFile::new("/k/other.age", &locked, Arc::new(NoPrompter), notes.clone());
        assert!(age::Identity::unwrap_stanzas(&file, &stanzas).is_none());
        let noted = notes.list().join("\n");
        assert!(
            noted.contains("/k/other.age") && noted.contains("no terminal"),
            "{noted}"
        );
    }

    #[test]
    fn ssh_stanzas_do_not_ask_for_an_identity_file() {
        let identity = age::x25519::Identity::generate();
        let locked = locked_identity_file(&identity, "p");
        let typist = Arc::new(Typist {
            passphrase: "p",
            asked: Mutex::new(Vec::new()),
        });
        let file = LockedKeyFile::new("keys.age", &locked, typist.clone(), Notes::default());
        let ssh = Stanza {
            tag: "ssh-ed25519".into(),
            args: vec!["abcd".into(), "efgh".into()],
            body: vec![0; 32],
        };
        assert!(age::Identity::unwrap_stanzas(&file, &[ssh]).is_none());
        assert!(typist.asked.lock().unwrap().is_empty());
    }

    #[test]
    fn the_ssh_tag_is_ages() {
        // An ed25519 key's wire bytes, tagged as age tags it (checked against a stanza
        // that age's own ssh recipient writes).
        let public =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIiWMl4+EfEfn86nAP2dllDRFv9TyINYKOaMsKIVrn0X";
        let recipient: age::ssh::Recipient = public.parse().unwrap();
        let stanzas = stanzas_for(&recipient);
        assert_eq!(stanzas[0].args[0], ssh_tag(public).unwrap());
    }
}
