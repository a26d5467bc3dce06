//! Entry points for the fuzz targets (`fuzz/` at the workspace root) into code that is
//! not otherwise public, and the test key they share with the unit tests. Not an API:
//! nothing else calls these.

use zeroize::Zeroizing;

use crate::sops::datakey::{KeyError, MasterKey, Unwrapper};
use crate::sops::decrypt::{DecryptOptions, decrypt};
use crate::sops::encrypt::{EncryptOptions, encrypt};
use crate::sops::error::{KeyFailure, SopsError};
use crate::sops::metadata::StoredKey;
use crate::store::Format;

/// Runs the fast YAML tokenizer on `text`. `None` when it leaves `text` to saphyr;
/// otherwise `Err` says how its tokens (events and spans) differ from saphyr's.
pub fn yaml_fast_tokens(text: &str) -> Option<Result<(), String>> {
    crate::store::yaml::fast_agrees_with_saphyr(text)
}

/// A master key whose "wrapping" is hex: files encrypt and decrypt in process, in
/// microseconds, through the real sops layer. Any `age` entry whose `enc` is hex unwraps.
pub struct TestKey;

/// The recipient [`TestKey`] writes.
pub const TEST_RECIPIENT: &str = "age1testkeyforstoretests";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl MasterKey for TestKey {
    fn describe(&self) -> String {
        TEST_RECIPIENT.into()
    }

    fn wrap(&self, secret: &[u8]) -> Result<StoredKey, KeyError> {
        Ok(StoredKey::Age {
            recipient: TEST_RECIPIENT.into(),
            enc: hex(secret),
        })
    }

    fn unwrap(&self, stored: &StoredKey) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let StoredKey::Age { enc, .. } = stored else {
            return Err("not a test key".into());
        };
        let digits = |i: usize| {
            enc.get(i..i + 2)
                .and_then(|d| u8::from_str_radix(d, 16).ok())
        };
        let bytes: Option<Vec<u8>> = (0..enc.len()).step_by(2).map(digits).collect();
        bytes
            .filter(|b| enc.len() % 2 == 0 && !b.is_empty())
            .map(Zeroizing::new)
            .ok_or_else(|| "not a test key".into())
    }
}

impl Unwrapper for TestKey {
    fn unwrap(&mut self, key: &StoredKey) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        MasterKey::unwrap(self, key)
    }

    fn rank(&self, _key: &StoredKey) -> usize {
        0
    }

    fn searched(&self) -> Vec<String> {
        Vec::new()
    }

    fn passed_over(&mut self, _failures: Vec<KeyFailure>) {}
}

/// Encrypts `src` as `format` with a new data key wrapped by [`TestKey`], keeping the
/// original spellings (as `secret` does, so that decrypt gives the bytes back).
pub fn test_encrypt(format: Format, src: &[u8]) -> Result<Vec<u8>, SopsError> {
    let options = EncryptOptions {
        key_groups: vec![vec![Box::new(TestKey)]],
        shamir_threshold: 0,
        selector: None,
        mac_only_encrypted: false,
        write_selector: format != Format::Binary,
        keep_spellings: true,
    };
    encrypt(format.store().as_ref(), src, &options)
}

/// Decrypts `src` as `format` with [`TestKey`].
pub fn test_decrypt(
    format: Format,
    src: &[u8],
    options: DecryptOptions,
) -> Result<Vec<u8>, SopsError> {
    decrypt(format.store().as_ref(), src, &mut TestKey, options)
        .map(|plaintext| plaintext.bytes.to_vec())
}
