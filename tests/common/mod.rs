//! Helpers shared by the black-box tests: where the tools and vectors are, an isolated
//! sandbox to run them in, the test keys, the corpus, and "same data" comparisons.
//!
//! Every test file uses only part of this, hence the `dead_code` allowance.
#![allow(dead_code, unused_imports)]

pub mod bao;
pub mod companions;
pub mod corpus;
pub mod data;
pub mod gpg;
pub mod keys;
pub mod moto;
pub mod ops;
pub mod plugin;
pub mod proxy;
pub mod remote;
pub mod repo;
pub mod sandbox;
pub mod shape;
pub mod stub;
pub mod tamper;
pub mod terminal;
pub mod tools;

pub use bao::{Bao, bao};
pub use corpus::{corpus_files, for_each_file, sops_config_dir};
pub use data::{Format, assert_same_data, secret_fragments};
pub use keys::{K1, K2, K3, K4};
pub use keys::{Key, Keys, keys};
pub use moto::{Aws, Moto, moto};
pub use ops::{
    assert_decrypts_to, assert_key_refused, decrypt, encrypt, encrypted_name, sops_reference,
};
pub use proxy::FaultProxy;
pub use remote::{assert_remote_companion, metadata_lines};
pub use sandbox::{Run, Sandbox};
pub use tools::{Tool, Tools, ansible, secret, sops, sops_decrypted, tools, vectors_dir};
