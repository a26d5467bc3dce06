//! The fast YAML tokenizer (crates/core/src/store/yaml/fast.rs): wherever it accepts a
//! text, its tokens must be saphyr's, event for event and span for span; and the YAML
//! store's properties hold (the fast path is the one it takes for such a text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use secret_core::store::Format;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match secret_core::fuzzing::yaml_fast_tokens(text) {
        None => {}
        Some(Ok(())) => secret_fuzz::check_store(Format::Yaml, data),
        Some(Err(difference)) => panic!("fast tokenizer disagrees with saphyr: {difference}"),
    }
});
