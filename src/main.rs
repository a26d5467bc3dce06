//! `secret`: see the library for everything but argument parsing.

fn main() {
    std::process::exit(secret::cli::main());
}
