//! The core invariant (first byte: 0 YAML, 1 JSON, 2 dotenv, 3 INI, 4 binary): whatever
//! a store parses and secret encrypts, decrypting gives back exactly, byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secret_core::sops::decrypt::DecryptOptions;

fuzz_target!(|data: &[u8]| {
    let Some((format, src)) = secret_fuzz::split_format(data) else {
        return;
    };
    if format.store().parse(src).is_err() {
        return;
    }
    let Ok(encrypted) = secret_fuzz::test_encrypt(format, src) else {
        return;
    };
    match secret_fuzz::test_decrypt(format, &encrypted, DecryptOptions::default()) {
        Ok(decrypted) => assert!(
            decrypted == src,
            "decrypting what was encrypted gave other bytes:\n{:?}\n{:?}\n{:?}",
            String::from_utf8_lossy(src),
            String::from_utf8_lossy(&encrypted),
            String::from_utf8_lossy(&decrypted)
        ),
        Err(e) => panic!(
            "what was encrypted does not decrypt: {e}\n{:?}\n{:?}",
            String::from_utf8_lossy(src),
            String::from_utf8_lossy(&encrypted)
        ),
    }
});
