//! Shamir secret sharing over GF(2^8), byte-compatible with sops's fork of Vault's code
//! (sops-format.md §3.5): each share is the y-values followed by one byte holding x.

use zeroize::Zeroizing;

/// Why shares could not be combined.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ShamirError {
    #[error("need at least two shares to combine")]
    TooFew,
    #[error("shares have different lengths")]
    LengthMismatch,
    #[error("two shares have the same x-coordinate")]
    DuplicateX,
}

/// Multiplication in GF(2^8) with the AES polynomial x^8+x^4+x^3+x+1, without branches on data.
fn mul(mut a: u8, mut b: u8) -> u8 {
    let mut product = 0u8;
    for _ in 0..8 {
        product ^= a & 0u8.wrapping_sub(b & 1);
        let carry = 0u8.wrapping_sub(a >> 7);
        a = (a << 1) ^ (0x1b & carry);
        b >>= 1;
    }
    product
}

/// The multiplicative inverse: a^254 (and 0 for 0).
fn inverse(a: u8) -> u8 {
    let mut result = 1u8;
    let mut power = a;
    let mut exponent = 254u8;
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = mul(result, power);
        }
        power = mul(power, power);
        exponent >>= 1;
    }
    result
}

/// Splits `secret` into `parts` shares, any `threshold` of which recover it.
/// Share i has x-coordinate i + 1, as sops assigns one share per key group.
pub fn split(secret: &[u8], parts: usize, threshold: usize) -> Vec<Zeroizing<Vec<u8>>> {
    assert!((2..=255).contains(&parts) && (2..=parts).contains(&threshold));
    let mut shares: Vec<Zeroizing<Vec<u8>>> = (0..parts)
        .map(|_| Zeroizing::new(Vec::with_capacity(secret.len() + 1)))
        .collect();
    let mut coefficients = Zeroizing::new(vec![0u8; threshold - 1]);
    for &byte in secret {
        getrandom::fill(&mut coefficients).expect("the operating system's random source failed");
        for (i, share) in shares.iter_mut().enumerate() {
            let x = (i + 1) as u8;
            // Horner's rule, highest coefficient first; the constant term is the secret byte.
            let y = coefficients
                .iter()
                .rev()
                .fold(0u8, |acc, &c| mul(acc, x) ^ c);
            share.push(mul(y, x) ^ byte);
        }
    }
    for (i, share) in shares.iter_mut().enumerate() {
        share.push((i + 1) as u8);
    }
    shares
}

/// Recovers the secret from shares by Lagrange interpolation at x = 0.
pub fn combine(shares: &[&[u8]]) -> Result<Zeroizing<Vec<u8>>, ShamirError> {
    if shares.len() < 2 {
        return Err(ShamirError::TooFew);
    }
    let len = shares[0].len();
    if len < 2 || shares.iter().any(|s| s.len() != len) {
        return Err(ShamirError::LengthMismatch);
    }
    let xs: Vec<u8> = shares.iter().map(|s| s[len - 1]).collect();
    if (1..xs.len()).any(|i| xs[..i].contains(&xs[i])) {
        return Err(ShamirError::DuplicateX);
    }
    let weights: Vec<u8> = (0..xs.len())
        .map(|i| lagrange_weight_at_zero(&xs, i))
        .collect();
    let secret = (0..len - 1)
        .map(|byte| {
            shares
                .iter()
                .zip(&weights)
                .fold(0u8, |acc, (s, &w)| acc ^ mul(s[byte], w))
        })
        .collect();
    Ok(Zeroizing::new(secret))
}

/// The Lagrange basis polynomial of point `i`, evaluated at 0.
fn lagrange_weight_at_zero(xs: &[u8], i: usize) -> u8 {
    xs.iter()
        .enumerate()
        .filter(|&(j, _)| j != i)
        .fold(1u8, |acc, (_, &xj)| {
            // In GF(2^8), subtraction is addition (xor): (0 - xj) / (xi - xj) = xj / (xi ^ xj).
            mul(acc, mul(xj, inverse(xs[i] ^ xj)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_threshold_of_shares_recovers_the_secret() {
        let secret: Vec<u8> = (0..32).collect();
        let shares = split(&secret, 3, 2);
        for (a, b) in [(0, 1), (0, 2), (1, 2), (2, 0)] {
            let pair = [shares[a].as_slice(), shares[b].as_slice()];
            assert_eq!(combine(&pair).unwrap().as_slice(), secret.as_slice());
        }
        assert_eq!(shares[1][32], 2, "x-coordinate is the last byte");
    }

    #[test]
    fn recovers_shares_from_the_sops_vector() {
        // shamir/2of3.enc.yaml: group shares from manifest.json.
        let manifest: serde_json::Value =
            serde_json::from_slice(&crate::store::testing::vector("manifest.json")).unwrap();
        let entry = &manifest["shamir/2of3.enc.yaml"];
        let unhex = |s: &str| -> Vec<u8> {
            (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect()
        };
        let shares: Vec<Vec<u8>> = entry["age_unwrapped_per_group"]
            .as_array()
            .unwrap()
            .iter()
            .map(|group| unhex(group["unwrapped_hex"].as_str().unwrap()))
            .collect();
        let key = unhex(entry["data_key_hex"].as_str().unwrap());
        assert_eq!(
            combine(&[&shares[0], &shares[2]]).unwrap().as_slice(),
            key.as_slice()
        );
    }

    #[test]
    fn rejects_duplicate_points() {
        let shares = split(b"ab", 2, 2);
        assert_eq!(
            combine(&[&shares[0], &shares[0]]).err(),
            Some(ShamirError::DuplicateX)
        );
    }
}
