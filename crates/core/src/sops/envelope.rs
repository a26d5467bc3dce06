//! The value envelope `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`: AES-256-GCM with a
//! 32-byte nonce and the value's path as additional data (sops-format.md §2).

use std::collections::HashMap;

use crate::bytesearch;
use aes_gcm::AesGcm;
use aes_gcm::aead::consts::U32;
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::aes::Aes256;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use zeroize::Zeroizing;

/// sops's GCM: AES-256 with a 256-bit nonce (not the usual 96 bits).
type SopsGcm = AesGcm<Aes256, U32>;

const IV_LEN: usize = 32;
const TAG_LEN: usize = 16;

/// The 32-byte key every value is encrypted under; wiped from memory when dropped.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; 32]>);

impl DataKey {
    pub fn generate() -> DataKey {
        let mut key = Zeroizing::new([0u8; 32]);
        getrandom::fill(key.as_mut()).expect("the operating system's random source failed");
        DataKey(key)
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<DataKey> {
        let array: [u8; 32] = bytes.try_into().ok()?;
        Some(DataKey(Zeroizing::new(array)))
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_ref()
    }
}

/// Why an envelope could not be opened.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EnvelopeError {
    #[error("not a valid ENC[AES256_GCM,…] value")]
    Malformed,
    #[error("the IV is {0} bytes; only 32-byte IVs are supported")]
    IvLength(usize),
    #[error(
        "the value does not authenticate: wrong key, wrong place in the file, or tampered with"
    )]
    Authentication,
}

/// The parts of an envelope, as sops's reader splits them.
pub struct Envelope<'a> {
    /// The ciphertext followed by its tag, as AES-GCM takes it.
    pub sealed: Vec<u8>,
    pub iv: [u8; IV_LEN],
    pub type_name: &'a str,
}

const PREFIX: &str = "ENC[AES256_GCM,data:";

/// Whether a string is meant to be an envelope (so a malformed one is an error, not text).
pub fn looks_encrypted(text: &str) -> bool {
    text.starts_with("ENC[")
}

impl<'a> Envelope<'a> {
    /// Splits an envelope as sops's pattern does,
    /// `^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]`: anchored at the start
    /// only, with greedy groups, so each separator is the last one that still fits.
    pub fn parse(text: &'a str) -> Result<Envelope<'a>, EnvelopeError> {
        let rest = text.strip_prefix(PREFIX).ok_or(EnvelopeError::Malformed)?;
        let rest = &rest[..bytesearch::find(b'\n', rest.as_bytes()).unwrap_or(rest.len())];
        let body =
            &rest[..bytesearch::rfind(b']', rest.as_bytes()).ok_or(EnvelopeError::Malformed)?];
        let (body, type_name) = split_last(body, ",type:")?;
        let (body, tag) = split_last(body, ",tag:")?;
        let (data, iv) = split_last(body, ",iv:")?;
        if data.is_empty() || type_name.is_empty() {
            return Err(EnvelopeError::Malformed);
        }
        let mut sealed = Vec::with_capacity(data.len() * 3 / 4 + TAG_LEN);
        BASE64
            .decode_vec(data, &mut sealed)
            .map_err(|_| EnvelopeError::Malformed)?;
        let iv = match decode_short(iv)? {
            (bytes, IV_LEN) => bytes[..IV_LEN].try_into().expect("32 bytes"),
            (_, len) => return Err(EnvelopeError::IvLength(len)),
        };
        match decode_short(tag)? {
            (bytes, TAG_LEN) => sealed.extend_from_slice(&bytes[..TAG_LEN]),
            _ => return Err(EnvelopeError::Malformed),
        }
        Ok(Envelope {
            sealed,
            iv,
            type_name,
        })
    }
}

/// A short base64 field (an IV or a tag) decoded without allocating: bytes and length.
fn decode_short(part: &str) -> Result<([u8; 96], usize), EnvelopeError> {
    let mut bytes = [0u8; 96];
    if part.is_empty() || part.len() > 128 {
        return Err(EnvelopeError::Malformed);
    }
    let len = BASE64
        .decode_slice(part, &mut bytes)
        .map_err(|_| EnvelopeError::Malformed)?;
    Ok((bytes, len))
}

/// `text` split at the last `separator`, which starts with a comma.
fn split_last<'t>(text: &'t str, separator: &str) -> Result<(&'t str, &'t str), EnvelopeError> {
    let at = bytesearch::rpositions(b',', text.as_bytes())
        .find(|&at| text[at..].starts_with(separator))
        .ok_or(EnvelopeError::Malformed)?;
    Ok((&text[..at], &text[at + separator.len()..]))
}

/// Encrypts and decrypts values under one data key. It remembers the IV of every value it
/// decrypted, so re-encrypting an unchanged value gives the same ciphertext (sops's "stash",
/// §2.6): diffs then show only what changed.
pub struct Cipher {
    gcm: SopsGcm,
    /// `None` when nothing will be re-encrypted (a plain decrypt): no need to remember.
    stash: Option<HashMap<StashKey, [u8; IV_LEN]>>,
}

/// SHA-256 of (AAD, type, plaintext) of a decrypted value: the map need not hold plaintext.
type StashKey = [u8; 32];

fn stash_key(aad: &[u8], type_name: &str, plaintext: &[u8]) -> StashKey {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for part in [aad, type_name.as_bytes(), plaintext] {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    hash.finalize().into()
}

/// A decrypted value: its type name and plaintext bytes.
pub struct Opened<'t> {
    pub type_name: &'t str,
    pub plaintext: Zeroizing<Vec<u8>>,
}

impl Cipher {
    pub fn new(key: &DataKey) -> Cipher {
        Cipher {
            stash: Some(HashMap::new()),
            ..Cipher::read_only(key)
        }
    }

    /// A cipher that does not remember IVs, for reading only.
    pub fn read_only(key: &DataKey) -> Cipher {
        Cipher {
            gcm: SopsGcm::new_from_slice(key.as_bytes()).expect("32-byte key"),
            stash: None,
        }
    }

    /// Seals `plaintext` for the place `aad`, reusing the IV of an identical decrypted value.
    pub fn encrypt(&self, plaintext: &[u8], aad: &[u8], type_name: &str) -> String {
        let iv = self
            .stash
            .as_ref()
            .filter(|stash| !stash.is_empty())
            .and_then(|stash| stash.get(&stash_key(aad, type_name, plaintext)).copied())
            .unwrap_or_else(random_iv);
        let (mut envelope, tag) = self.encrypt_into_base64(plaintext, aad, &iv);
        envelope.extend_from_slice(b",iv:");
        let mut text = String::from_utf8(envelope).expect("base64 and ASCII only");
        BASE64.encode_string(iv, &mut text);
        text.push_str(",tag:");
        BASE64.encode_string(tag, &mut text);
        text.push_str(",type:");
        text.push_str(type_name);
        text.push(']');
        text
    }

    /// `PREFIX` and the base64 of the ciphertext of `plaintext`, and the tag, in one buffer
    /// the size of the result: the plaintext is copied to its end, encrypted there in
    /// place, and encoded from front to back, each chunk read before its base64 can reach
    /// it. A large value (a binary file) is then held once, not three times.
    fn encrypt_into_base64(
        &self,
        plaintext: &[u8],
        aad: &[u8],
        iv: &[u8; IV_LEN],
    ) -> (Vec<u8>, [u8; TAG_LEN]) {
        let encoded_len = plaintext.len().div_ceil(3) * 4;
        let mut buffer = Vec::with_capacity(PREFIX.len() + encoded_len + 112);
        buffer.extend_from_slice(PREFIX.as_bytes());
        let start = buffer.len();
        buffer.resize(start + encoded_len, 0);
        // The plaintext ends where the base64 ends; it starts at least len/3 further on
        // than the base64 written so far when each chunk is read.
        let data_at = start + encoded_len - plaintext.len();
        buffer[data_at..].copy_from_slice(plaintext);
        let tag = self
            .gcm
            .encrypt_in_place_detached(iv.as_slice().into(), aad, &mut buffer[data_at..])
            .expect("AES-GCM encryption cannot fail for in-memory values");
        const CHUNK: usize = 3 * 1024;
        let mut chunk = [0u8; CHUNK];
        let (mut read, mut written) = (data_at, start);
        while read < buffer.len() {
            let len = CHUNK.min(buffer.len() - read);
            chunk[..len].copy_from_slice(&buffer[read..read + len]);
            read += len;
            written += BASE64
                .encode_slice(&chunk[..len], &mut buffer[written..read])
                .expect("base64 of a chunk fits before the unread ciphertext");
        }
        debug_assert_eq!(written, buffer.len());
        (buffer, tag.into())
    }

    /// Opens an envelope for the place `aad` and remembers its IV (unless read-only).
    pub fn decrypt<'t>(&mut self, text: &'t str, aad: &[u8]) -> Result<Opened<'t>, EnvelopeError> {
        let Envelope {
            sealed,
            iv,
            type_name,
        } = Envelope::parse(text)?;
        let mut plaintext = Zeroizing::new(sealed);
        self.gcm
            .decrypt_in_place(iv.as_slice().into(), aad, &mut *plaintext)
            .map_err(|_| EnvelopeError::Authentication)?;
        if let Some(stash) = &mut self.stash {
            stash.insert(stash_key(aad, type_name, &plaintext), iv);
        }
        Ok(Opened {
            type_name,
            plaintext,
        })
    }
}

/// A fresh IV: ChaCha20 keystream under a key from the operating system's random source,
/// drawn once per thread, the way the kernel's own generator works. Asking the kernel for
/// every IV (even 128 at a time) was a twentieth of encrypting 10,000 values: its
/// ChaCha20 has no vector code. IVs are public, and the generator's state tells no more
/// than the IVs to come, so neither needs wiping.
fn random_iv() -> [u8; IV_LEN] {
    use chacha20::cipher::{KeyIvInit, StreamCipher};
    const POOL_IVS: usize = 128;
    thread_local! {
        static POOL: std::cell::RefCell<(chacha20::ChaCha20, Box<[u8; IV_LEN * POOL_IVS]>, usize)> = {
            let mut key = [0u8; 32];
            getrandom::fill(&mut key).expect("the operating system's random source failed");
            // A key used for this stream alone: the all-zero nonce is never repeated.
            let stream = chacha20::ChaCha20::new(&key.into(), &[0u8; 12].into());
            std::cell::RefCell::new((stream, Box::new([0; IV_LEN * POOL_IVS]), POOL_IVS))
        };
    }
    POOL.with_borrow_mut(|(stream, bytes, next)| {
        if *next == POOL_IVS {
            bytes.fill(0);
            stream.apply_keystream(bytes.as_mut());
            *next = 0;
        }
        let iv: [u8; IV_LEN] = bytes[*next * IV_LEN..][..IV_LEN]
            .try_into()
            .expect("32 bytes");
        *next += 1;
        iv
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes_gcm::aead::{Aead, Payload};

    #[test]
    fn ivs_do_not_repeat_across_pool_refills() {
        let ivs: std::collections::HashSet<_> = (0..1000).map(|_| random_iv()).collect();
        assert_eq!(ivs.len(), 1000);
        assert!(!ivs.contains(&[0; IV_LEN]));
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// The ciphertext is encoded in place, chunk by chunk: every length (around the
    /// chunk size and the base64 groups) gives what encoding it whole gives.
    #[test]
    fn envelopes_encode_in_place_as_they_would_whole() {
        let key = DataKey::generate();
        let (cipher, mut reader) = (Cipher::read_only(&key), Cipher::read_only(&key));
        for len in [1, 2, 3, 4, 5, 3071, 3072, 3073, 3074, 6144, 10_000] {
            let plaintext: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let iv = [9u8; IV_LEN];
            let (buffer, tag) = cipher.encrypt_into_base64(&plaintext, b"a:", &iv);
            let mut whole = plaintext.clone();
            let whole_tag = cipher
                .gcm
                .encrypt_in_place_detached(iv.as_slice().into(), b"a:", &mut whole)
                .unwrap();
            assert_eq!(&buffer[..PREFIX.len()], PREFIX.as_bytes());
            assert_eq!(
                buffer[PREFIX.len()..],
                *BASE64.encode(&whole).as_bytes(),
                "{len}"
            );
            assert_eq!(tag, <[u8; TAG_LEN]>::from(whole_tag));
            let envelope = cipher.encrypt(&plaintext, b"a:", "str");
            let opened = reader.decrypt(&envelope, b"a:").unwrap();
            assert_eq!(*opened.plaintext, plaintext);
        }
    }

    #[test]
    fn decrypts_the_value_sops_wrote() {
        // yaml/basic.enc.yaml, sops-format.md §2.2.
        let key = DataKey::from_bytes(&hex(
            "7b7d7ea4ba23273b1f86188c7cb534333820b86307e0e5d1df8ea91ae0f5e26c",
        ))
        .unwrap();
        let text = "ENC[AES256_GCM,data:5a0GYw==,iv:KhltfbLkZX8LsWxWf4WLB+f6I29eg8ATzuY54IAU9TY=,tag:0tMiF6Foe5ugb/aZvVtsNQ==,type:int]";
        let opened = Cipher::new(&key).decrypt(text, b"app:port:").unwrap();
        assert_eq!(opened.plaintext.as_slice(), b"8080");
        assert_eq!(opened.type_name, "int");
    }

    #[test]
    fn matches_openssl_with_a_32_byte_iv() {
        let cipher = SopsGcm::new_from_slice(&[0x42; 32]).unwrap();
        let sealed = cipher
            .encrypt(
                [0x11u8; 32].as_slice().into(),
                Payload {
                    msg: b"hunter2",
                    aad: b"data:secret:",
                },
            )
            .unwrap();
        assert_eq!(
            sealed,
            hex("f435a09f58e940f0310b91bda1d6f92d12ec37e0890e0e")
        );
    }

    #[test]
    fn unchanged_values_keep_their_ciphertext() {
        let key = DataKey::generate();
        let mut cipher = Cipher::new(&key);
        let first = cipher.encrypt(b"v", b"a:", "str");
        cipher.decrypt(&first, b"a:").unwrap();
        assert_eq!(cipher.encrypt(b"v", b"a:", "str"), first);
        assert_ne!(cipher.encrypt(b"w", b"a:", "str"), first);
    }

    #[test]
    fn wrong_place_fails_to_authenticate() {
        let key = DataKey::generate();
        let mut cipher = Cipher::new(&key);
        let text = cipher.encrypt(b"v", b"a:", "str");
        assert_eq!(
            cipher.decrypt(&text, b"b:").err(),
            Some(EnvelopeError::Authentication)
        );
        assert_eq!(
            cipher.decrypt("ENC[AES256_GCM,data:,iv:x]", b"a:").err(),
            Some(EnvelopeError::Malformed)
        );
    }
}
