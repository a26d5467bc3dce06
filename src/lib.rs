//! `secret`: sops-compatible, format-preserving encryption of the values in YAML, JSON,
//! dotenv and INI files (and of whole binary files).

#[cfg(feature = "aws-sdk")]
pub mod aws;
#[cfg(feature = "aws")]
pub mod aws_access;
pub mod bytesearch;
pub mod cli;
#[cfg(feature = "aws")]
pub mod companion;
pub mod config;
pub mod convert;
pub mod editor;
pub mod env;
pub mod exec;
pub mod fsutil;
#[cfg(target_os = "linux")]
pub mod hugepages;
pub mod keys;
pub mod mask;
#[cfg(any(target_env = "musl", all(test, target_os = "linux")))]
pub mod musl;
pub mod path;
pub mod sops;
pub mod ssm;
pub mod store;
pub mod tree;
