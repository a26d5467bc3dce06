//! The sops file format: value envelopes, MAC, metadata, key groups and encryption rules.
//! Knows nothing of syntax (that is the stores') or of how keys are reached (`keys`).

pub mod datakey;
pub mod decrypt;
pub mod encrypt;
pub mod envelope;
pub mod error;
pub mod layout;
pub mod mac;
pub mod metadata;
pub mod rules;
pub mod scalar;
pub mod shamir;
pub mod verify;
pub mod walk;
