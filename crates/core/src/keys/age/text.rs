//! The identities of a key file, of SOPS_AGE_KEY or of SOPS_AGE_KEY_CMD's output, read as
//! sops reads them (sops-format.md §8.1): one per line, empty lines and `#` comments
//! skipped, `AGE-SECRET-KEY-1…` (X25519) and `AGE-PLUGIN-…` (an age plugin's); any other
//! line makes the whole source unusable. Errors give the line number, never its text.

use std::str::FromStr;

use zeroize::Zeroizing;

/// The identities of one text.
#[derive(Default)]
pub(crate) struct IdentityText {
    pub(crate) native: Vec<age::x25519::Identity>,
    pub(crate) plugins: Vec<age::plugin::Identity>,
}

/// sops's test for a passphrase-encrypted identity file: an age file, binary or armored.
pub(crate) fn is_encrypted(text: &[u8]) -> bool {
    text.starts_with(b"age-encryption") || text.starts_with(b"-----BEGIN AGE")
}

pub(crate) fn parse(text: &[u8]) -> Result<IdentityText, String> {
    let mut parsed = IdentityText::default();
    for (index, line) in text.split(|b| *b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() || line.starts_with(b"#") {
            continue;
        }
        let number = index + 1;
        let line = Zeroizing::new(String::from_utf8_lossy(line).into_owned());
        if line.starts_with("AGE-PLUGIN-") {
            let identity = age::plugin::Identity::from_str(&line)
                .map_err(|e| format!("line {number} is not a valid age plugin identity ({e})"))?;
            parsed.plugins.push(identity);
        } else if line.starts_with("AGE-SECRET-KEY-1") {
            let identity = age::x25519::Identity::from_str(&line)
                .map_err(|_| format!("line {number} is not a valid age secret key"))?;
            parsed.native.push(identity);
        } else {
            return Err(format!(
                "line {number} is not an age identity (AGE-SECRET-KEY-1… or AGE-PLUGIN-…)"
            ));
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;

    #[test]
    fn reads_keys_plugins_comments_and_crlf() {
        let key = age::x25519::Identity::generate();
        let plugin = age::plugin::Identity::default_for_plugin("yubikey").unwrap();
        let text = format!(
            "# created: now\r\n\n{}\r\n{plugin}\n",
            key.to_string().expose_secret()
        );
        let parsed = parse(text.as_bytes()).unwrap();
        assert_eq!(parsed.native.len(), 1);
        assert_eq!(parsed.plugins.len(), 1);
        assert_eq!(parsed.plugins[0].plugin(), "yubikey");
    }

    #[test]
    fn a_bad_line_is_named_by_number_not_text() {
        let error = parse(b"# k\nAGE-SECRET-KEY-1NOTAKEY\n").err().unwrap();
        assert!(error.contains("line 2"), "{error}");
        assert!(!error.contains("NOTAKEY"), "{error}");
        let error = parse(b"hello\n").err().unwrap();
        assert!(
            error.contains("line 1") && !error.contains("hello"),
            "{error}"
        );
    }

    #[test]
    fn tells_encrypted_identity_files() {
        assert!(is_encrypted(b"age-encryption.org/v1\n-> scrypt"));
        assert!(is_encrypted(b"-----BEGIN AGE ENCRYPTED FILE-----\n"));
        assert!(!is_encrypted(b"# created\nAGE-SECRET-KEY-1"));
    }
}
