//! Encrypting and decrypting with either tool, the same way for both.
//!
//! Both CLIs take `encrypt [--age R1,R2] FILE` and `decrypt FILE` and print to stdout;
//! flags go before the file because sops (urfave/cli) stops parsing flags at the first
//! positional argument.

use std::path::Path;

use crate::common::data::{Format, assert_same_data};
use crate::common::keys::{Key, Keys, recipients_arg};
use crate::common::sandbox::{Run, Sandbox};
use crate::common::tools::Tool;

/// Encrypts sandbox file `name` with `tool` for `recipients` (none: let `.sops.yaml`
/// decide) and writes the result to `out`. Panics if the tool fails.
pub fn encrypt(sandbox: &Sandbox, tool: &Tool, name: &str, recipients: &[Key], out: &str) {
    encrypt_with_flags(sandbox, tool, name, recipients, &[], out);
}

/// `encrypt`, with more flags (`--encrypted-regex R`, ...) before the file name.
pub fn encrypt_with_flags(
    sandbox: &Sandbox,
    tool: &Tool,
    name: &str,
    recipients: &[Key],
    flags: &[&str],
    out: &str,
) {
    let recipients = recipients_arg(recipients);
    let mut args = vec!["encrypt"];
    if !recipients.is_empty() {
        args.extend(["--age", &recipients]);
    }
    args.extend(flags);
    args.push(name);
    let run = sandbox.run(tool, &args, &[]).success();
    sandbox.write(out, &run.stdout);
}

/// Decrypts sandbox file `name` with `tool`, given only the `identities`.
pub fn decrypt(sandbox: &Sandbox, tool: &Tool, keys: &Keys, name: &str, identities: &[Key]) -> Run {
    let key_file = keys.key_file_for(sandbox, identities);
    sandbox.run(
        tool,
        &["decrypt", name],
        &[("SOPS_AGE_KEY_FILE", &key_file)],
    )
}

/// What sops makes of a plaintext file: encrypted by sops for key1 and decrypted by sops
/// again, in a sandbox of its own. Decrypted output of either tool is compared with this,
/// because sops normalises some values on the way (JSON numbers, big ints, ...).
pub fn sops_reference(sops: &Tool, keys: &Keys, plaintext: &Path) -> Vec<u8> {
    let sandbox = Sandbox::new();
    let name = sandbox.copy_in(plaintext);
    let twin = encrypted_name(sops, &name);
    encrypt(&sandbox, sops, &name, &[Key::K1], &twin);
    decrypt(&sandbox, sops, keys, &twin, &[Key::K1])
        .success()
        .stdout
}

/// The name of the encrypted copy of `name` made by `tool`; it keeps the extension, which
/// decides the format.
pub fn encrypted_name(tool: &Tool, name: &str) -> String {
    format!("{}-encrypted-{name}", tool.name)
}

/// Asserts that `tool` decrypts sandbox file `name` with only `identities`, to the same
/// data as `expected`.
pub fn assert_decrypts_to(
    sandbox: &Sandbox,
    tool: &Tool,
    keys: &Keys,
    name: &str,
    identities: &[Key],
    expected: &[u8],
) {
    let run = decrypt(sandbox, tool, keys, name, identities);
    let context = format!("{} decrypt {name} with {identities:?}", tool.name);
    assert_eq!(run.code, 0, "{context} failed:\n{}", run.stderr);
    assert_same_data(Format::of(name), expected, &run.stdout, &context);
}

/// Asserts that `tool` cannot decrypt sandbox file `name` with only `identities`: exit 128
/// (no usable key) and nothing on stdout.
pub fn assert_key_refused(
    sandbox: &Sandbox,
    tool: &Tool,
    keys: &Keys,
    name: &str,
    identities: &[Key],
) {
    let run = decrypt(sandbox, tool, keys, name, identities);
    run.expect_code(128);
    assert!(
        run.stdout.is_empty(),
        "{} printed data without a usable key",
        run.what
    );
}
