//! `secret`: see the library for everything but argument parsing.

#[cfg(target_env = "musl")]
#[global_allocator]
static ALLOCATOR: secret::musl::alloc::Allocator = secret::musl::alloc::Allocator;

fn main() {
    std::process::exit(secret::cli::main());
}
