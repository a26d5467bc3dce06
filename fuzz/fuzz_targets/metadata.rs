//! The metadata block: read by a store (first byte: 0 YAML, 1 JSON, 2 dotenv, 3 INI,
//! 4 binary) or, for 5, the rest as JSON; then `Metadata::from_json`. What it accepts
//! must write out (`to_json`) as metadata that reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secret_core::sops::metadata::Metadata;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let value = if first % 6 == 5 {
        match serde_json::from_slice::<serde_json::Value>(rest) {
            Ok(value) => value,
            Err(_) => return,
        }
    } else {
        let (format, rest) = secret_fuzz::split_format(data).unwrap();
        match format.store().parse(rest) {
            Ok(parsed) => match parsed.metadata {
                Some(value) => value,
                None => return,
            },
            Err(_) => return,
        }
    };
    let Ok(metadata) = Metadata::from_json(&value) else {
        return;
    };
    let _ = metadata.effective_threshold();
    let written = metadata.to_json();
    let again = Metadata::from_json(&written)
        .unwrap_or_else(|e| panic!("written metadata does not read back: {e}\n{written}"));
    assert_eq!(
        again.to_json(),
        written,
        "metadata changed on a second round"
    );
});
