//! The `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` envelope: parsing, opening with a fixed
//! key, decoding the plaintext by its type; and sealing the input as a value opens again
//! to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secret_core::sops::envelope::{Cipher, DataKey, Envelope};
use secret_core::sops::scalar::decode;

const AAD: &[u8] = b"fuzz:value:";
const TYPES: [&str; 6] = ["str", "int", "float", "bool", "bytes", "comment"];

fuzz_target!(|data: &[u8]| {
    let key = DataKey::from_bytes(&[7u8; 32]).unwrap();
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Envelope::parse(text);
        let mut cipher = Cipher::read_only(&key);
        if let Ok(opened) = cipher.decrypt(text, AAD) {
            let _ = decode(opened.type_name, opened.plaintext.to_vec());
        }
        // The type names sops knows, each with the text as its plaintext.
        for type_name in TYPES {
            let _ = decode(type_name, data.to_vec());
        }
    }
    if data.is_empty() {
        // Empty values are never sealed (sops leaves them empty, and its envelope needs
        // some data), so there is no envelope of one to open.
        return;
    }
    let type_name = TYPES[data.len() % TYPES.len()];
    let sealed = Cipher::new(&key).encrypt(data, AAD, type_name);
    let mut cipher = Cipher::new(&key);
    let opened = cipher
        .decrypt(&sealed, AAD)
        .unwrap_or_else(|e| panic!("a sealed value does not open: {e}: {sealed}"));
    assert_eq!(opened.type_name, type_name);
    assert_eq!(&opened.plaintext[..], data);
    // Re-sealing a value just opened keeps its IV (sops's stash), so the same envelope.
    assert_eq!(cipher.encrypt(data, AAD, type_name), sealed);
});
