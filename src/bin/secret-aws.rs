//! `secret-aws`: `secret` with AWS KMS and SSM Parameter Store compiled in; `secret` hands
//! AWS work to it.

fn main() {
    std::process::exit(secret::aws::direct::main());
}
