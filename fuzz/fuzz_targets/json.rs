//! The json store on any bytes: parse, spans, the source round trip, `for_each_value`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secret_core::store::Format;

fuzz_target!(|data: &[u8]| {
    secret_fuzz::check_store(Format::Json, data);
});
