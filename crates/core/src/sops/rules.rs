//! Which values are encrypted: the six mutually exclusive settings of sops-format.md §5,
//! evaluated against every key of a value's path and the comments that precede it.
//!
//! The regexes are read as sops (Go's RE2) reads them, with regex-lite: `\d`, `\w`, `\s`
//! and `\b` are ASCII, `.` and classes match whole characters. Unicode classes (`\pL`)
//! and case folding beyond ASCII, which RE2 also has, are refused or ASCII-only; the
//! `regex` crate has them, but its Unicode tables were half the relocations every start-up
//! of the position-independent binary applied (BENCHMARKS.md).

use regex_lite::Regex;

/// The default when a file or rule sets none of the six.
pub const DEFAULT_UNENCRYPTED_SUFFIX: &str = "_unencrypted";

/// One of the six settings; each is stored in the metadata under its own key.
#[derive(Clone, Debug)]
pub enum Selector {
    UnencryptedSuffix(String),
    EncryptedSuffix(String),
    UnencryptedRegex(Regex),
    EncryptedRegex(Regex),
    UnencryptedCommentRegex(Regex),
    EncryptedCommentRegex(Regex),
}

/// The metadata keys of the six settings, in sops's output order.
pub const SELECTOR_KEYS: [&str; 6] = [
    "unencrypted_suffix",
    "encrypted_suffix",
    "unencrypted_regex",
    "encrypted_regex",
    "unencrypted_comment_regex",
    "encrypted_comment_regex",
];

/// Why a setting could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SelectorError {
    #[error(
        "only one of the encryption selectors (suffix, regex, comment regex) may be set, but {0} and {1} are both set"
    )]
    Conflict(String, String),
    #[error("{key} is not a valid regular expression: {source}")]
    Regex {
        key: String,
        source: regex_lite::Error,
    },
}

/// The settings given, as (metadata key, value) pairs: `values` in `SELECTOR_KEYS` order,
/// empty ones left out.
pub fn given_settings(values: [&Option<String>; 6]) -> Vec<(&'static str, &str)> {
    SELECTOR_KEYS
        .into_iter()
        .zip(values)
        .filter_map(|(key, value)| value.as_deref().filter(|v| !v.is_empty()).map(|v| (key, v)))
        .collect()
}

impl Default for Selector {
    fn default() -> Self {
        Selector::UnencryptedSuffix(DEFAULT_UNENCRYPTED_SUFFIX.into())
    }
}

impl Selector {
    /// Builds the selector from (metadata key, value) pairs; at most one may be present.
    pub fn from_settings<'a>(
        settings: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Option<Selector>, SelectorError> {
        let mut chosen: Option<(&str, Selector)> = None;
        for (key, value) in settings {
            if let Some((previous, _)) = &chosen {
                return Err(SelectorError::Conflict(
                    previous.to_string(),
                    key.to_string(),
                ));
            }
            chosen = Some((key, Self::one(key, value)?));
        }
        Ok(chosen.map(|(_, selector)| selector))
    }

    fn one(key: &str, value: &str) -> Result<Selector, SelectorError> {
        let regex = || {
            Regex::new(value).map_err(|source| SelectorError::Regex {
                key: key.into(),
                source,
            })
        };
        Ok(match key {
            "unencrypted_suffix" => Selector::UnencryptedSuffix(value.into()),
            "encrypted_suffix" => Selector::EncryptedSuffix(value.into()),
            "unencrypted_regex" => Selector::UnencryptedRegex(regex()?),
            "encrypted_regex" => Selector::EncryptedRegex(regex()?),
            "unencrypted_comment_regex" => Selector::UnencryptedCommentRegex(regex()?),
            "encrypted_comment_regex" => Selector::EncryptedCommentRegex(regex()?),
            other => unreachable!("not a selector key: {other}"),
        })
    }

    /// The metadata key and value this selector is stored as.
    pub fn setting(&self) -> (&'static str, &str) {
        match self {
            Selector::UnencryptedSuffix(s) => (SELECTOR_KEYS[0], s),
            Selector::EncryptedSuffix(s) => (SELECTOR_KEYS[1], s),
            Selector::UnencryptedRegex(r) => (SELECTOR_KEYS[2], r.as_str()),
            Selector::EncryptedRegex(r) => (SELECTOR_KEYS[3], r.as_str()),
            Selector::UnencryptedCommentRegex(r) => (SELECTOR_KEYS[4], r.as_str()),
            Selector::EncryptedCommentRegex(r) => (SELECTOR_KEYS[5], r.as_str()),
        }
    }

    /// Whether the leaf at `path` is encrypted. `comments` holds, per enclosing level, the run
    /// of comments seen since that level's last value; for a comment leaf, the comment itself
    /// is the last entry of the innermost run.
    pub fn should_encrypt(
        &self,
        path: &[&str],
        comments: &[Vec<String>],
        is_comment: bool,
    ) -> bool {
        let any_key = |f: &dyn Fn(&str) -> bool| path.iter().any(|k| f(k));
        let all_comments = || comments.iter().flatten();
        match self {
            Selector::UnencryptedSuffix(s) => !any_key(&|k| k.ends_with(s.as_str())),
            Selector::EncryptedSuffix(s) => any_key(&|k| k.ends_with(s.as_str())),
            Selector::UnencryptedRegex(r) => !any_key(&|k| r.is_match(k)),
            Selector::EncryptedRegex(r) => any_key(&|k| r.is_match(k)),
            Selector::UnencryptedCommentRegex(r) => !all_comments().any(|c| r.is_match(c)),
            Selector::EncryptedCommentRegex(r) => {
                // A marker comment never encrypts itself: skip the comment being decided.
                let skip_own = usize::from(is_comment);
                let total = comments.iter().map(Vec::len).sum::<usize>();
                all_comments()
                    .take(total - skip_own.min(total))
                    .any(|c| r.is_match(c))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_applies_to_the_whole_subtree() {
        let rule = Selector::default();
        assert!(rule.should_encrypt(&["a", "b"], &[], false));
        assert!(!rule.should_encrypt(&["a_unencrypted", "b"], &[], false));
    }

    #[test]
    fn encrypted_regex_searches_unanchored() {
        let rule = Selector::from_settings([("encrypted_regex", "password")])
            .unwrap()
            .unwrap();
        assert!(rule.should_encrypt(&["list_password"], &[], false));
        assert!(!rule.should_encrypt(&["user"], &[], false));
    }

    #[test]
    fn marker_comment_stays_clear_but_encrypts_what_follows() {
        let rule = Selector::from_settings([("encrypted_comment_regex", "sops:enc")])
            .unwrap()
            .unwrap();
        let marker = vec![vec![" sops:enc".to_string()]];
        assert!(!rule.should_encrypt(&[], &marker, true));
        assert!(rule.should_encrypt(&["key"], &marker, false));
    }

    #[test]
    fn regexes_read_classes_as_go_does() {
        let rule = |pattern| {
            Selector::from_settings([("encrypted_regex", pattern)])
                .unwrap()
                .unwrap()
        };
        assert!(!rule(r"^\w+$").should_encrypt(&["café"], &[], false));
        assert!(!rule(r"^\d$").should_encrypt(&["\u{661}"], &[], false));
        assert!(rule(r"^caf.$").should_encrypt(&["café"], &[], false));
        assert!(rule(r"^[éa]+$").should_encrypt(&["éa"], &[], false));
        assert!(rule(r"(?i)^TOKEN$").should_encrypt(&["token"], &[], false));
        let refused = Selector::from_settings([("encrypted_regex", r"\pL")]);
        assert!(matches!(refused, Err(SelectorError::Regex { .. })));
    }

    #[test]
    fn two_settings_conflict() {
        let err = Selector::from_settings([("encrypted_regex", "a"), ("unencrypted_suffix", "_u")]);
        assert!(matches!(err, Err(SelectorError::Conflict(..))));
    }
}
