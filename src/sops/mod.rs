//! The sops file format: value envelopes, MAC, metadata, key groups and encryption rules.
//! Knows nothing of syntax (that is the stores') or of how keys are reached (`keys`).

pub mod scalar;
