//! `secret-core`: sops-compatible, format-preserving encryption of the values in YAML,
//! JSON, dotenv and INI files (and of whole binary files), and the operations every
//! front end runs on them. No command line, terminal or AWS SDK here: front ends parse
//! arguments and print, and reach remote services through the traits of [`aws`].
//!
//! Layers, each using only those below it:
//! - [`ops`]: open, change and seal a file (the commands' one entry point);
//! - [`keys`] and [`config`]: master keys and `.sops.yaml`;
//! - [`sops`]: the file format (envelopes, MAC, metadata, key groups);
//! - [`store`]: one module per syntax (YAML, JSON, dotenv, INI, binary);
//! - [`tree`], [`path`], [`fsutil`]: shared vocabulary and atomic writes;
//! - [`limits`]: the bounds every store keeps to, whatever the input.
#![forbid(unsafe_code)]

pub mod aws;
pub mod bytesearch;
pub mod companion;
pub mod config;
pub mod config_edit;
pub mod convert;
pub mod env;
pub mod fsutil;
#[doc(hidden)]
pub mod fuzzing;
pub mod generate;
pub mod git;
pub mod k8s;
pub mod keys;
pub mod limits;
pub mod mask;
pub mod ops;
pub mod parallel;
pub mod path;
pub mod private_dir;
pub mod remote;
pub mod secret;
pub mod secrets_manager;
pub mod sops;
pub mod ssm;
pub mod store;
pub mod template;
pub mod tree;
