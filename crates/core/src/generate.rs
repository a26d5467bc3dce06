//! Random values for `secret set --generate`: characters drawn uniformly from a charset
//! with the operating system's generator (`getrandom`). Each character takes one random
//! byte, rejected and drawn again when it falls in the incomplete last round of the
//! charset (rejection sampling), so no character is likelier than another (no modulo
//! bias).

use zeroize::Zeroizing;

use crate::secret::Secret;

/// The characters a generated value is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charset {
    /// `A-Z a-z 0-9` (62; 5.95 bits a character).
    Alnum,
    /// `a-z A-Z` (52).
    Alpha,
    /// `0-9` (10): PINs.
    Digits,
    /// `0-9 a-f` (16; 4 bits a character).
    Hex,
    /// `A-Z a-z 0-9 + /` (64; 6 bits a character; the characters of base64, no padding).
    Base64,
    /// `A-Z a-z 0-9 - _` (64): safe in URLs and file names.
    Base64Url,
    /// Every printable ASCII character but space (94; 6.55 bits a character).
    Ascii,
}

impl Charset {
    pub const ALL: [Charset; 7] = [
        Charset::Alnum,
        Charset::Alpha,
        Charset::Digits,
        Charset::Hex,
        Charset::Base64,
        Charset::Base64Url,
        Charset::Ascii,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Charset::Alnum => "alnum",
            Charset::Alpha => "alpha",
            Charset::Digits => "digits",
            Charset::Hex => "hex",
            Charset::Base64 => "base64",
            Charset::Base64Url => "base64url",
            Charset::Ascii => "ascii",
        }
    }

    pub fn from_name(name: &str) -> Option<Charset> {
        Charset::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The characters, in a fixed order.
    pub fn characters(self) -> Vec<u8> {
        const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
        const DIGITS: &[u8] = b"0123456789";
        match self {
            Charset::Alnum => [UPPER, LOWER, DIGITS].concat(),
            Charset::Alpha => [LOWER, UPPER].concat(),
            Charset::Digits => DIGITS.to_vec(),
            Charset::Hex => b"0123456789abcdef".to_vec(),
            Charset::Base64 => [UPPER, LOWER, DIGITS, b"+/"].concat(),
            Charset::Base64Url => [UPPER, LOWER, DIGITS, b"-_"].concat(),
            Charset::Ascii => (b'!'..=b'~').collect(),
        }
    }

    /// The entropy of a value of `length` characters, in bits.
    pub fn bits(self, length: usize) -> f64 {
        length as f64 * (self.characters().len() as f64).log2()
    }
}

/// The longest value generated.
pub const MAX_LENGTH: usize = 4096;

/// Why no value was generated.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("a generated value is 1 to {MAX_LENGTH} characters long, not {0}")]
    Length(usize),
    #[error("the system's random generator failed: {0}")]
    Random(String),
}

/// A new random value of `length` characters of `charset`.
pub fn generate(length: usize, charset: Charset) -> Result<Secret<String>, GenerateError> {
    if length == 0 || length > MAX_LENGTH {
        return Err(GenerateError::Length(length));
    }
    let alphabet = charset.characters();
    let mut value = Zeroizing::new(String::with_capacity(length));
    let mut random = Zeroizing::new([0u8; 256]);
    'fill: loop {
        getrandom::fill(random.as_mut()).map_err(|e| GenerateError::Random(e.to_string()))?;
        for &byte in random.iter() {
            if let Some(index) = pick(byte, alphabet.len()) {
                value.push(alphabet[index] as char);
                if value.len() == length {
                    break 'fill;
                }
            }
        }
    }
    Ok(Secret::new(std::mem::take(&mut *value)))
}

/// The index `byte` selects among `size` characters (at most 256), or `None` when it
/// falls in the last, incomplete round of them and must be drawn again: the accepted
/// bytes are an exact multiple of `size`, so every index is equally likely.
fn pick(byte: u8, size: usize) -> Option<usize> {
    let accepted = 256 - 256 % size;
    let byte = usize::from(byte);
    (byte < accepted).then_some(byte % size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_have_the_length_and_only_the_characters_asked_for() {
        for charset in Charset::ALL {
            let value = generate(100, charset).unwrap();
            let allowed = charset.characters();
            assert_eq!(value.len(), 100);
            assert!(value.bytes().all(|b| allowed.contains(&b)), "{charset:?}");
            assert_eq!(Charset::from_name(charset.name()), Some(charset));
        }
        assert!(generate(0, Charset::Hex).is_err());
        assert!(generate(MAX_LENGTH + 1, Charset::Hex).is_err());
        assert_eq!(Charset::Ascii.characters().len(), 94);
        assert_eq!(Charset::Alnum.characters().len(), 62);
    }

    #[test]
    fn every_byte_maps_without_bias() {
        for size in [10usize, 16, 52, 62, 64, 94] {
            let mut counts = vec![0usize; size];
            for byte in 0..=255u8 {
                if let Some(index) = pick(byte, size) {
                    counts[index] += 1;
                }
            }
            assert!(
                counts.iter().all(|&c| c == counts[0]),
                "size {size}: {counts:?}"
            );
        }
    }

    #[test]
    fn characters_are_roughly_uniform() {
        // 62 characters, 62,000 draws: each expected 1,000 times; a biased mapping
        // (byte % 62) would give the first 8 about 1,190.
        let value = generate(MAX_LENGTH, Charset::Alnum).unwrap();
        let mut all = value.as_str().to_string();
        for _ in 0..15 {
            all.push_str(&generate(MAX_LENGTH, Charset::Alnum).unwrap());
        }
        let alphabet = Charset::Alnum.characters();
        let draws = all.len() as f64;
        let expected = draws / 62.0;
        let chi2: f64 = alphabet
            .iter()
            .map(|c| {
                let seen = all.bytes().filter(|b| b == c).count() as f64;
                (seen - expected).powi(2) / expected
            })
            .sum();
        // 61 degrees of freedom: chi² above 120 has a probability far below 1e-6.
        assert!(chi2 < 120.0, "chi² {chi2}");
    }
}
