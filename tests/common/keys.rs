//! The four age test keys of the sops 3.11 vectors (vectors/sops-3.11/keys, README table).

use std::path::PathBuf;

use crate::common::sandbox::Sandbox;
use crate::common::tools::vectors_dir;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    K1,
    K2,
    K3,
    K4,
}

pub use Key::{K1, K2, K3, K4};

impl Key {
    pub fn recipient(self) -> &'static str {
        match self {
            K1 => "age1m68qart7yefshnglnkahr2f5ljhkfan95c3v5hzrfe3wy9qrcalq59qp67",
            K2 => "age1a5dmy0ne7x3v6d5damqjys58mexx2tm4pm3kg9zsdyrepawm4yfqh4lr2l",
            K3 => "age19vs09xpvaq53dgv8t0re33a9fa568djsmljc9ln9mp52eu797aqsygqu5r",
            K4 => "age1nyc2ansdkzj6daew407cktgtvesdwxq36mrn3qnktnhhkwp9da9s43hvd0",
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            K1 => "key1.txt",
            K2 => "key2.txt",
            K3 => "key3.txt",
            K4 => "key4.txt",
        }
    }
}

/// The `--age` argument for several recipients: `R1,R2`.
pub fn recipients_arg(keys: &[Key]) -> String {
    keys.iter()
        .map(|k| k.recipient())
        .collect::<Vec<_>>()
        .join(",")
}

/// The identity files of the vectors.
#[derive(Clone, Debug)]
pub struct Keys {
    dir: PathBuf,
}

/// The vectors' keys, or `None` (outside CI) when the vectors are missing.
pub fn keys() -> Option<Keys> {
    Some(Keys {
        dir: vectors_dir()?.join("keys"),
    })
}

impl Keys {
    pub fn identity_file(&self, key: Key) -> PathBuf {
        self.dir.join(key.file_name())
    }

    /// All four identities in one file.
    pub fn all_keys_file(&self) -> PathBuf {
        self.dir.join("all-keys.txt")
    }

    /// Writes the chosen identities into one key file inside the sandbox, and returns its
    /// path as the value for `SOPS_AGE_KEY_FILE`.
    pub fn key_file_for(&self, sandbox: &Sandbox, chosen: &[Key]) -> String {
        let mut text = String::new();
        for key in chosen {
            let path = self.identity_file(*key);
            let identity = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            text.push_str(&identity);
        }
        let names: Vec<&str> = chosen.iter().map(|k| k.file_name()).collect();
        let path = sandbox.write(&format!("identities-{}", names.join("+")), text.as_bytes());
        path.to_string_lossy().into_owned()
    }
}
