//! Bounds on the work a file can ask for, so that no input, however built, makes a store
//! use more than a small multiple of its size in time and memory, or overflow the stack.
//! Each bound is a clear error (`StoreErrorKind::TooLarge`, `TooDeep`, `TooManyAliases`),
//! which the command line reports with exit code 2, sops's code for input it cannot read.
//!
//! - **Input size**: 64 MiB by default ([`DEFAULT_MAX_INPUT_BYTES`]). Secrets files are
//!   kilobytes; the largest legitimate inputs are binary files (keystores, certificates,
//!   small archives). Stores need a few times the input in memory (the tree, the output,
//!   the read-back), so 64 MiB keeps a run under a few hundred megabytes. Encrypting also
//!   refuses an output over the bound, so that whatever `secret` writes it reads back
//!   with the same setting. A front end raises the bound with [`set_max_input_bytes`].
//! - **Nesting**: [`MAX_DEPTH`] levels of collections. The tree and the walks over it are
//!   recursive, and so is the JSON parser, which stops at about 256 levels of objects
//!   itself; one bound for every store, far above any real file (sops's YAML parser stops
//!   at 10000, Go's JSON at 10000), and well within a 2 MiB thread stack unoptimised.
//! - **YAML aliases**: go-yaml's ratio rule (see `store::yaml::aliases`), which is what
//!   makes sops refuse "billion laughs" documents, and [`MAX_ALIAS_EXPANSION_BYTES`] of
//!   text copied by aliases.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::store::{StoreError, StoreErrorKind};

/// The input size bound unless a front end sets another: 64 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 << 20;

/// The deepest nesting of collections (YAML and JSON mappings and sequences; dotenv and
/// INI metadata keys) a store accepts.
pub const MAX_DEPTH: usize = 256;

/// The most scalar text YAML aliases may copy into a document (each copy is encrypted,
/// and written, on its own, as sops does).
pub const MAX_ALIAS_EXPANSION_BYTES: usize = 16 << 20;

static MAX_INPUT_BYTES: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_INPUT_BYTES);

/// The largest file, in bytes, a store reads (and encrypting writes).
pub fn max_input_bytes() -> usize {
    MAX_INPUT_BYTES.load(Ordering::Relaxed)
}

/// Sets the input size bound for the rest of the process: meant for a command-line flag,
/// set once before any file is read. `usize::MAX` lifts it.
pub fn set_max_input_bytes(limit: usize) {
    MAX_INPUT_BYTES.store(limit, Ordering::Relaxed);
}

/// Refuses an input of `len` bytes when it is over the bound.
pub fn check_input_size(len: usize) -> Result<(), StoreError> {
    check_size(len, max_input_bytes(), "the file")
}

/// Refuses an output of `len` bytes when it is over the bound: what is written must be
/// readable with the same setting.
pub fn check_output_size(len: usize) -> Result<(), StoreError> {
    check_size(len, max_input_bytes(), "the encrypted file")
}

fn check_size(len: usize, limit: usize, what: &str) -> Result<(), StoreError> {
    if len <= limit {
        return Ok(());
    }
    Err(StoreError::new(
        StoreErrorKind::TooLarge,
        format!(
            "{what} is {len} bytes, more than the limit of {}",
            human(limit)
        ),
    ))
}

/// `67108864 bytes (64 MiB)`, or only the count when it is no whole number of MiB.
fn human(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{bytes} bytes ({} MiB)", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// The error for nesting deeper than [`MAX_DEPTH`], at byte `offset` of `src`.
pub(crate) fn too_deep(src: &[u8], offset: usize) -> StoreError {
    StoreError::at(
        src,
        offset,
        StoreErrorKind::TooDeep,
        format!("collections are nested more than {MAX_DEPTH} levels deep"),
    )
}

/// Reads all of `reader`, refusing (with `TooLarge`) more than `limit` bytes without
/// reading them all into memory first: for front ends reading a file or standard input.
pub fn read_limited(reader: impl std::io::Read, limit: usize) -> std::io::Result<Vec<u8>> {
    read_limited_expecting(reader, limit, 0)
}

/// [`read_limited`], for an input of about `expected` bytes (a file's size): read in one
/// go into a buffer of that size, instead of one that doubles from 32 bytes.
pub fn read_limited_expecting(
    reader: impl std::io::Read,
    limit: usize,
    expected: usize,
) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    // One byte more, so that the read that finds the end needs no larger buffer.
    let mut bytes = Vec::with_capacity(expected.min(limit).saturating_add(1));
    let taken = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    reader.take(taken).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        let error = StoreError::new(
            StoreErrorKind::TooLarge,
            format!("the input is larger than the limit of {}", human(limit)),
        );
        return Err(std::io::Error::new(std::io::ErrorKind::FileTooLarge, error));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_over_the_bound_are_refused_with_the_bound_named() {
        assert!(check_size(10, 10, "the file").is_ok());
        let e = check_size(11, 10, "the file").unwrap_err();
        assert_eq!(e.kind, StoreErrorKind::TooLarge);
        assert_eq!(
            e.message,
            "the file is 11 bytes, more than the limit of 10 bytes"
        );
        let e = check_size(DEFAULT_MAX_INPUT_BYTES + 1, DEFAULT_MAX_INPUT_BYTES, "x").unwrap_err();
        assert!(e.message.ends_with("(64 MiB)"), "{}", e.message);
    }

    #[test]
    fn reading_stops_after_the_bound() {
        let data = [7u8; 100];
        assert_eq!(read_limited(&data[..], 100).unwrap().len(), 100);
        let e = read_limited(&data[..], 99).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge);
        assert!(
            e.to_string().contains("larger than the limit of 99 bytes"),
            "{e}"
        );
    }
}
