//! `secret`: see the library for everything but argument parsing.

/// A faster allocator: decrypting a large file allocates one small string per value.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(secret::cli::main());
}
