//! The allocator of `secret` and `secret-aws`, chosen in one place: each binary's
//! `main.rs` names [`Allocator`] as its `#[global_allocator]`.
//!
//! mimalloc, because musl's allocator (the static build's default) made a 10,000-value
//! file about twice as slow (many small mappings and page faults). Its version 2
//! (feature `v2`): version 3, the crate's default, zeroes a 2 MB huge page of its arena
//! on the first allocation, a quarter of a small run's time. Measured side by side in
//! BENCHMARKS.md: musl's allocator, mimalloc 3, its secure mode, mimalloc 3 without
//! huge pages, mimalloc 2 with and without them; the secure mode cost time and memory.
#![forbid(unsafe_code)]

pub use mimalloc::MiMalloc as Allocator;
