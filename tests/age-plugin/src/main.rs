//! `age-plugin-secrettest`: an age plugin for the tests, NOT a secure one. Its recipient
//! `age1secrettest1…` and identity `AGE-PLUGIN-SECRETTEST-1…` carry the same 32-byte key
//! K; a file key is wrapped as `-> secrettest TAG SALT` with the body file key XOR
//! SHA-256(K ‖ SALT), TAG naming K. What it does besides, for the tests:
//!
//! - `--generate`: prints a new identity, with its recipient in a comment;
//! - `SECRETTEST_CRASH=1`: exits at once, as a crashing plugin would;
//! - `SECRETTEST_PIN=PIN`: unwrapping first asks for a PIN (a secret, through age's
//!   callbacks) and refuses any other answer.

use std::collections::HashMap;
use std::io;

use age_core::format::{FILE_KEY_BYTES, FileKey, Stanza};
use age_core::secrecy::ExposeSecret;
use age_plugin::identity::{self, IdentityPluginV1};
use age_plugin::recipient::{self, RecipientPluginV1};
use age_plugin::{Callbacks, PluginHandler, print_new_identity, run_state_machine};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use sha2::{Digest, Sha256};

const NAME: &str = "secrettest";

fn tag(key: &[u8]) -> String {
    STANDARD_NO_PAD.encode(&Sha256::digest(key)[..4])
}

fn pad(key: &[u8], salt: &[u8]) -> [u8; FILE_KEY_BYTES] {
    let digest = Sha256::new()
        .chain_update(key)
        .chain_update(salt)
        .finalize();
    let mut pad = [0; FILE_KEY_BYTES];
    pad.copy_from_slice(&digest[..FILE_KEY_BYTES]);
    pad
}

struct Handler;

impl PluginHandler for Handler {
    type RecipientV1 = Wrap;
    type IdentityV1 = Unwrap;

    fn recipient_v1(self) -> io::Result<Wrap> {
        Ok(Wrap { keys: Vec::new() })
    }

    fn identity_v1(self) -> io::Result<Unwrap> {
        Ok(Unwrap { keys: Vec::new() })
    }
}

struct Wrap {
    keys: Vec<Vec<u8>>,
}

impl RecipientPluginV1 for Wrap {
    fn add_recipient(
        &mut self,
        index: usize,
        plugin: &str,
        bytes: &[u8],
    ) -> Result<(), recipient::Error> {
        if plugin == NAME && bytes.len() == 32 {
            self.keys.push(bytes.to_vec());
            Ok(())
        } else {
            Err(recipient::Error::Recipient {
                index,
                message: "not a secrettest recipient".into(),
            })
        }
    }

    fn add_identity(
        &mut self,
        index: usize,
        plugin: &str,
        bytes: &[u8],
    ) -> Result<(), recipient::Error> {
        if plugin == NAME && bytes.len() == 32 {
            self.keys.push(bytes.to_vec());
            Ok(())
        } else {
            Err(recipient::Error::Identity {
                index,
                message: "not a secrettest identity".into(),
            })
        }
    }

    fn labels(&mut self) -> std::collections::HashSet<String> {
        Default::default()
    }

    fn wrap_file_keys(
        &mut self,
        file_keys: Vec<FileKey>,
        _callbacks: impl Callbacks<recipient::Error>,
    ) -> io::Result<Result<Vec<Vec<Stanza>>, Vec<recipient::Error>>> {
        Ok(Ok(file_keys
            .iter()
            .map(|file_key| {
                self.keys
                    .iter()
                    .map(|key| {
                        let mut salt = [0; 16];
                        getrandom::fill(&mut salt).expect("random salt");
                        let pad = pad(key, &salt);
                        let body = file_key
                            .expose_secret()
                            .iter()
                            .zip(pad)
                            .map(|(a, b)| a ^ b)
                            .collect();
                        Stanza {
                            tag: NAME.into(),
                            args: vec![tag(key), STANDARD_NO_PAD.encode(salt)],
                            body,
                        }
                    })
                    .collect()
            })
            .collect()))
    }
}

struct Unwrap {
    keys: Vec<Vec<u8>>,
}

impl IdentityPluginV1 for Unwrap {
    fn add_identity(
        &mut self,
        index: usize,
        plugin: &str,
        bytes: &[u8],
    ) -> Result<(), identity::Error> {
        if plugin == NAME && bytes.len() == 32 {
            self.keys.push(bytes.to_vec());
            Ok(())
        } else {
            Err(identity::Error::Identity {
                index,
                message: "not a secrettest identity".into(),
            })
        }
    }

    fn unwrap_file_keys(
        &mut self,
        files: Vec<Vec<Stanza>>,
        mut callbacks: impl Callbacks<identity::Error>,
    ) -> io::Result<HashMap<usize, Result<FileKey, Vec<identity::Error>>>> {
        let mut found = HashMap::new();
        for (file_index, stanzas) in files.into_iter().enumerate() {
            for stanza in stanzas
                .iter()
                .filter(|s| s.tag == NAME && s.args.len() == 2)
            {
                let Some(key) = self.keys.iter().find(|k| tag(k) == stanza.args[0]) else {
                    continue;
                };
                if let Ok(pin) = std::env::var("SECRETTEST_PIN") {
                    let answer = callbacks.request_secret("Enter the secrettest PIN:")?;
                    let refused = match answer {
                        Ok(answer) => answer.expose_secret() != pin,
                        Err(_) => true,
                    };
                    if refused {
                        let error = identity::Error::Identity {
                            index: 0,
                            message: "wrong PIN".into(),
                        };
                        found.insert(file_index, Err(vec![error]));
                        break;
                    }
                }
                let Ok(salt) = STANDARD_NO_PAD.decode(&stanza.args[1]) else {
                    continue;
                };
                if stanza.body.len() != FILE_KEY_BYTES {
                    continue;
                }
                let pad = pad(key, &salt);
                let file_key = FileKey::init_with_mut(|k| {
                    for (out, (a, b)) in k.iter_mut().zip(stanza.body.iter().zip(pad)) {
                        *out = a ^ b;
                    }
                });
                found.insert(file_index, Ok(file_key));
                break;
            }
        }
        Ok(found)
    }
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(machine) = args.iter().find_map(|a| a.strip_prefix("--age-plugin=")) {
        if std::env::var_os("SECRETTEST_CRASH").is_some() {
            std::process::exit(3);
        }
        return run_state_machine(machine, Handler);
    }
    if args.iter().any(|a| a == "--generate") {
        let mut key = [0; 32];
        getrandom::fill(&mut key).expect("random key");
        print_new_identity(NAME, &key, &key);
        return Ok(());
    }
    eprintln!("usage: age-plugin-secrettest --generate (a test plugin of `secret`; not secure)");
    std::process::exit(2);
}
