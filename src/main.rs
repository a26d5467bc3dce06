//! `secret`: the command line. Everything it does to files is in secret-core; see
//! src/cli for the commands.

mod cli;

#[global_allocator]
static ALLOCATOR: secret_alloc::Allocator = secret_alloc::Allocator;

fn main() {
    // Before the first allocation, which places the heap.
    secret_alloc::choose_huge_pages();
    std::process::exit(cli::main());
}
