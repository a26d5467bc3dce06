//! The operations every front end runs on an encrypted file, so that a command only
//! parses its arguments, calls one of these, and prints:
//! - [`file`]: open a file (read it, recover the data key with the user's keys, decrypt
//!   every value, verify the MAC);
//! - [`recipients`]: who a new file is encrypted for (flags over `.sops.yaml` rules);
//! - [`rewrite`]: change a file under its lock (set, unset, any edit of the plaintext,
//!   re-keying, rotation) and seal it (encrypt what changed, MAC, atomic write);
//! - [`draft`]: a whole-file edit (what `edit` hands the editor) and its safe save;
//! - [`extract`]: one value of a plaintext;
//! - [`keyfile`]: creating an age key file;
//! - [`variables`]: the environment variables of decrypted files;
//! - [`publish`]: where `.sops.yaml`'s destination rules send a file, and what.
//! - [`many`]: the files under a directory that the creation rules cover (`-r DIR`);
//! - [`values`]: the decrypted documents of several files as one source of values
//!   (templates, Kubernetes manifests);
//! - [`team`]: a project's files as a whole: which rule covers each, which lag it,
//!   re-keying them in one pass, what a departing key could read in the git history.
//! - [`merge`]: the three-way merge of an encrypted file by key path (git's merge driver);
//! - [`check`], [`scan`], [`log`], [`gitsetup`]: what a repository must not commit (no
//!   key needed), where its values leaked (with a key), a file's history key by key (no
//!   key), and git's set-up for all of it;
//! - [`keypath`], [`readers`]: key paths and recipients as the git commands show them.

pub mod check;
pub mod draft;
mod error;
pub mod extract;
pub mod file;
pub mod gitsetup;
pub mod keyfile;
pub mod keypath;
pub mod log;
pub mod many;
pub mod merge;
pub mod publish;
pub mod readers;
pub mod recipients;
pub mod rewrite;
pub mod scan;
pub mod team;
pub mod values;
pub mod variables;

pub use error::OpError;
pub use file::{EncryptedFile, OpenFile, encrypt, read_file};
pub use recipients::KeyRequest;
