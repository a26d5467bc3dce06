//! The allocator of the shipped binaries, chosen in one place: each binary's `main.rs`
//! names [`Allocator`] as its `#[global_allocator]`.
#![forbid(unsafe_code)]

/// The system allocator, for now.
pub use std::alloc::System as Allocator;
