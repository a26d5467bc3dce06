//! Entry points for the fuzz targets (`fuzz/` at the workspace root) into code that is
//! not otherwise public. Not an API: nothing else calls these.

/// Runs the fast YAML tokenizer on `text`. `None` when it leaves `text` to saphyr;
/// otherwise `Err` says how its tokens (events and spans) differ from saphyr's.
pub fn yaml_fast_tokens(text: &str) -> Option<Result<(), String>> {
    crate::store::yaml::fast_agrees_with_saphyr(text)
}
