//! The operations every command runs.
