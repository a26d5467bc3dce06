//! The allocator of `secret` and `secret-aws`, chosen in one place: each binary's
//! `main.rs` names [`Allocator`] as its `#[global_allocator]`.
//!
//! mimalloc, because musl's allocator (the static build's default) made a 10,000-value
//! file twice as slow: most of that run is page faults, which mimalloc's huge-page
//! arenas cut from about 4,400 to about 150. Measured side by side (BENCHMARKS.md):
//! musl's allocator, dlmalloc, mimalloc and mimalloc's secure mode; the secure mode
//! cost as much as it saved and twice the memory, so the default mode is used.
#![forbid(unsafe_code)]

pub use mimalloc::MiMalloc as Allocator;
