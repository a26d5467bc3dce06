//! The whole decrypt pipeline with a fixed test key (first byte: 0 YAML, 1 JSON,
//! 2 dotenv, 3 INI, 4 binary; bit 3 of it skips the MAC check): parse, metadata, data key,
//! every envelope, the layout, the MAC, the plaintext written back and read again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secret_core::sops::decrypt::{DecryptOptions, read_metadata};

fuzz_target!(|data: &[u8]| {
    let Some((format, rest)) = secret_fuzz::split_format(data) else {
        return;
    };
    let options = DecryptOptions {
        ignore_mac: data[0] & 8 != 0,
    };
    let _ = read_metadata(format.store().as_ref(), rest);
    let _ = secret_fuzz::test_decrypt(format, rest, options);
});
