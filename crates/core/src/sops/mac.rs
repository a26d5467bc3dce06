//! The file MAC: SHA-512 over the canonical plaintext of the values, in tree order, stored
//! encrypted under the `lastmodified` timestamp (sops-format.md §4).

use sha2::{Digest, Sha256, Sha512};

use super::scalar::canonical_bytes;
use crate::tree::Scalar;

/// Accumulates the values of a walk.
pub struct MacHasher {
    hash: Sha512,
    only_encrypted: bool,
}

impl MacHasher {
    pub fn new(only_encrypted: bool) -> MacHasher {
        let mut hash = Sha512::new();
        if only_encrypted {
            // Marks the MAC as covering encrypted values only, so the two kinds never collide.
            hash.update(Sha256::digest(b"sops"));
        }
        MacHasher {
            hash,
            only_encrypted,
        }
    }

    /// Feeds one value (nulls and, with `mac_only_encrypted`, clear values add nothing).
    pub fn add(&mut self, value: &Scalar, encrypted: bool) {
        if !matches!(value, Scalar::Null) && (encrypted || !self.only_encrypted) {
            self.hash.update(canonical_bytes(value));
        }
    }

    /// 128 uppercase hex characters.
    pub fn finish(self) -> String {
        self.hash
            .finalize()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect()
    }
}

/// The current time as sops writes `lastmodified`: UTC, whole seconds.
pub fn now_timestamp() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The AAD of the MAC: `lastmodified` parsed and re-formatted as Go's RFC 3339 (fractional
/// seconds dropped, `Z` for a zero offset, else `±HH:MM`).
pub fn mac_aad(lastmodified: &str) -> Option<String> {
    let time = chrono::DateTime::parse_from_rfc3339(lastmodified).ok()?;
    let offset = time.offset().local_minus_utc();
    let zone = if offset == 0 {
        "Z".to_string()
    } else {
        time.format("%:z").to_string()
    };
    Some(format!("{}{zone}", time.format("%Y-%m-%dT%H:%M:%S")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aad_drops_fractions_and_keeps_offsets() {
        assert_eq!(
            mac_aad("2026-11-21T20:24:48.999Z").unwrap(),
            "2026-11-21T20:24:48Z"
        );
        assert_eq!(
            mac_aad("2026-11-21T21:24:48+01:00").unwrap(),
            "2026-11-21T21:24:48+01:00"
        );
        assert_eq!(
            mac_aad("2026-11-21T20:24:48+00:00").unwrap(),
            "2026-11-21T20:24:48Z"
        );
        assert!(mac_aad("yesterday").is_none());
    }

    #[test]
    fn mac_only_encrypted_skips_clear_values() {
        let mut all = MacHasher::new(false);
        let mut only = MacHasher::new(true);
        for hasher in [&mut all, &mut only] {
            hasher.add(&Scalar::Str("clear".into()), false);
        }
        assert_ne!(all.finish(), only.finish());
    }
}
