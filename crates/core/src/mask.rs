//! Masking secrets in a byte stream: every secret value, and the forms it is most often
//! leaked in (base64 standard and URL-safe, padded or not; percent-encoded), becomes
//! `*****`. Bytes that match nothing pass through untouched, as soon as they cannot start
//! a match, so colours, line structure and interactive output survive.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

use crate::env::Variables;

/// What a masked value is replaced with.
pub const MASK: &[u8] = b"*****";

/// Shorter values are not masked: masking `1` or `yes` would garble all output.
pub const MIN_LEN: usize = 4;

/// A streaming filter. Feed it chunks as they are read; what it returns may be written.
#[derive(Clone, Debug, Default)]
pub struct Masker {
    patterns: Vec<Vec<u8>>,
    /// The end of the input so far that may be the start of a pattern, held back until
    /// the next chunk decides (at most the longest pattern's length - 1 bytes).
    tail: Vec<u8>,
}

impl Masker {
    /// A masker for the values of `secrets`, and the names of the ones too short to mask.
    pub fn for_secrets(secrets: &Variables) -> (Masker, Vec<String>) {
        let mut patterns = Vec::new();
        let mut too_short = Vec::new();
        for (name, value) in secrets {
            if value.chars().count() < MIN_LEN {
                if !value.is_empty() {
                    too_short.push(name.clone());
                }
                continue;
            }
            patterns.extend(forms_of(value));
        }
        patterns.sort();
        patterns.dedup();
        let masker = Masker {
            patterns,
            tail: Vec::new(),
        };
        (masker, too_short)
    }

    /// The masked bytes of `chunk` that can be written now.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<u8> {
        let mut input = std::mem::take(&mut self.tail);
        input.extend_from_slice(chunk);
        let (out, held) = self.scan(&input, false);
        self.tail = input[held..].to_vec();
        out
    }

    /// The rest, at the end of the stream.
    pub fn finish(&mut self) -> Vec<u8> {
        let input = std::mem::take(&mut self.tail);
        self.scan(&input, true).0
    }

    /// Masks `input`; returns the output and where the held-back tail starts (`input.len()`
    /// when nothing is held back, always so at the end of the stream).
    fn scan(&self, input: &[u8], at_end: bool) -> (Vec<u8>, usize) {
        let mut out = Vec::with_capacity(input.len());
        let mut pos = 0;
        while pos < input.len() {
            let rest = &input[pos..];
            if !at_end && self.may_continue(rest) {
                return (out, pos);
            }
            match self.longest_match(rest) {
                Some(len) => {
                    out.extend_from_slice(MASK);
                    pos += len;
                }
                None => {
                    out.push(input[pos]);
                    pos += 1;
                }
            }
        }
        (out, pos)
    }

    /// Whether `rest` is a proper prefix of a pattern: more input may complete a match
    /// (a longer one than any complete match here, so wait for it).
    fn may_continue(&self, rest: &[u8]) -> bool {
        self.patterns
            .iter()
            .any(|p| p.len() > rest.len() && p.starts_with(rest))
    }

    fn longest_match(&self, rest: &[u8]) -> Option<usize> {
        self.patterns
            .iter()
            .filter(|p| rest.starts_with(p))
            .map(Vec::len)
            .max()
    }
}

/// The value, each line of a multi-line value, and their encoded forms.
fn forms_of(value: &str) -> Vec<Vec<u8>> {
    let mut plain: Vec<&str> = vec![value];
    plain.extend(value.lines().filter(|line| line.chars().count() >= MIN_LEN));
    plain
        .into_iter()
        .flat_map(|text| {
            let bytes = text.as_bytes();
            [
                bytes.to_vec(),
                STANDARD.encode(bytes).into_bytes(),
                STANDARD_NO_PAD.encode(bytes).into_bytes(),
                URL_SAFE.encode(bytes).into_bytes(),
                URL_SAFE_NO_PAD.encode(bytes).into_bytes(),
                percent_encode(bytes, true).into_bytes(),
                percent_encode(bytes, false).into_bytes(),
            ]
        })
        .collect()
}

/// RFC 3986 percent-encoding: everything but the unreserved characters, in upper- or
/// lowercase hex (both occur in the wild).
fn percent_encode(bytes: &[u8], upper: bool) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ if upper => format!("%{b:02X}"),
            _ => format!("%{b:02x}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masker(values: &[&str]) -> Masker {
        let secrets: Variables = values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("K{i}"), v.to_string()))
            .collect();
        Masker::for_secrets(&secrets).0
    }

    fn mask_in_chunks(masker: &mut Masker, chunks: &[&[u8]]) -> String {
        let mut out: Vec<u8> = chunks.iter().flat_map(|c| masker.feed(c)).collect();
        out.extend(masker.finish());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn masks_values_and_encoded_forms() {
        let mut m = masker(&["p@ss word/+?"]);
        let b64 = STANDARD.encode("p@ss word/+?");
        let url = URL_SAFE_NO_PAD.encode("p@ss word/+?");
        let text = format!("a p@ss word/+? b {b64} c {url} d p%40ss%20word%2F%2B%3F e\n");
        assert_eq!(
            mask_in_chunks(&mut m, &[text.as_bytes()]),
            "a ***** b ***** c ***** d ***** e\n"
        );
    }

    #[test]
    fn masks_across_chunks_and_passes_other_bytes_at_once() {
        let mut m = masker(&["hunter22"]);
        assert_eq!(m.feed(b"\x1b[31mred hun"), b"\x1b[31mred ");
        assert_eq!(mask_in_chunks(&mut m, &[b"ter2", b"2!\n"]), "*****!\n");
        assert_eq!(mask_in_chunks(&mut m, &[b"hunt"]), "hunt");
    }

    #[test]
    fn short_values_are_named_not_masked() {
        let secrets: Variables = [("PIN".to_string(), "123".to_string())].into();
        let (mut m, short) = Masker::for_secrets(&secrets);
        assert_eq!(short, ["PIN"]);
        assert_eq!(mask_in_chunks(&mut m, &[b"123"]), "123");
    }
}
