//! Reading back what was written: the output is parsed again and the values it holds, with
//! their places, compared with what they must be, before anything reaches the disk.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

use foldhash::quality::{FixedState, FoldHasher};

use super::error::SopsError;
use super::rules::Selector;
use super::scalar::{canonical_bytes, type_name};
use super::walk::{Place, Visitor, walk, write_aad};
use crate::store::Store;
use crate::tree::{Leaf, Scalar, ValueRef};

/// A running digest of values in tree order, each with its AAD and type: two trees with
/// the same digest hold the same values in the same places (NaN included).
///
/// Two 64-bit foldhash states with seeds drawn once per process: a 128-bit fingerprint.
/// The check catches this program's own mistakes, where no one chooses the inputs to
/// collide, and SHA-256 took a tenth of the time of encrypting a large file.
#[derive(Clone)]
pub struct ValuesDigest([FoldHasher<'static>; 2]);

impl Default for ValuesDigest {
    fn default() -> Self {
        static SEEDS: OnceLock<[u64; 2]> = OnceLock::new();
        let seeds = SEEDS.get_or_init(|| {
            let mut bytes = [0u8; 16];
            getrandom::fill(&mut bytes).expect("the operating system's random source failed");
            let (first, second) = bytes.split_at(8);
            [first, second].map(|half| u64::from_le_bytes(half.try_into().expect("8 bytes")))
        });
        ValuesDigest(seeds.map(|seed| FixedState::with_seed(seed).build_hasher()))
    }
}

impl ValuesDigest {
    pub fn add(&mut self, aad: &str, value: &Scalar) {
        self.add_parts(aad, type_name(value), &canonical_bytes(value));
    }

    /// `add` of a string value, without making a `Scalar` of it.
    pub fn add_str(&mut self, aad: &str, value: &str) {
        self.add_parts(aad, "str", value.as_bytes());
    }

    fn add_parts(&mut self, aad: &str, type_name: &str, bytes: &[u8]) {
        for hasher in &mut self.0 {
            for part in [aad.as_bytes(), type_name.as_bytes(), bytes] {
                hasher.write_u64(part.len() as u64);
                hasher.write(part);
            }
        }
    }

    fn finish(self) -> [u64; 2] {
        self.0.map(|hasher| hasher.finish())
    }
}

/// Reads `out` back and checks that its values are those `expected` saw. A mismatch in
/// the quick read (without a tree) is confirmed by a full parse before it is an error.
pub fn check_values(
    store: &dyn Store,
    out: &[u8],
    expected: &ValuesDigest,
    what: &'static str,
) -> Result<(), SopsError> {
    if read_values(store, out).is_some_and(|digest| digest.finish() == expected.clone().finish()) {
        return Ok(());
    }
    let parsed = store
        .parse(out)
        .map_err(|_| SopsError::Verification(what))?;
    let mut collector = Collector::default();
    walk(&parsed.docs, &Selector::default(), &mut collector).expect("collecting cannot fail");
    if collector.0.finish() == expected.clone().finish() {
        Ok(())
    } else {
        Err(SopsError::Verification(what))
    }
}

/// The digest of `out`'s values, read without building its tree where the store can.
fn read_values(store: &dyn Store, out: &[u8]) -> Option<ValuesDigest> {
    let mut digest = ValuesDigest::default();
    let mut aad = String::new();
    store.for_each_value(out, &mut |path, value| {
        aad.clear();
        write_aad(path, &mut aad);
        match value {
            ValueRef::Str(text) => digest.add_str(&aad, text),
            ValueRef::Other(value) => digest.add(&aad, &value),
        }
    })?;
    Some(digest)
}

#[derive(Default)]
struct Collector(ValuesDigest);

impl Visitor for Collector {
    type Error = std::convert::Infallible;

    fn comment_text(&mut self, _leaf: &Leaf, _place: &Place) -> Result<String, Self::Error> {
        Ok(String::new())
    }

    fn comment(&mut self, _: &Leaf, _: &Place, _: String, _: bool) -> Result<(), Self::Error> {
        Ok(())
    }

    fn value(&mut self, leaf: &Leaf, place: &Place, _encrypt: bool) -> Result<(), Self::Error> {
        self.0.add(&place.aad, &leaf.value);
        Ok(())
    }

    fn uses_stable_ids(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Format;

    fn digest_of(values: &[(&str, Scalar)]) -> ValuesDigest {
        let mut digest = ValuesDigest::default();
        for (aad, value) in values {
            digest.add(aad, value);
        }
        digest
    }

    #[test]
    fn output_with_the_expected_values_passes() {
        let store = Format::Yaml.store();
        let expected = digest_of(&[("a:", Scalar::Int(1)), ("b:c:", Scalar::Str("x".into()))]);
        let out = b"a: 1 # one\nb:\n  c: 'x'\nsops:\n  version: 3.11.0\n";
        assert!(check_values(store.as_ref(), out, &expected, "t").is_ok());
    }

    #[test]
    fn output_with_another_value_type_or_place_fails() {
        let store = Format::Yaml.store();
        let expected = digest_of(&[("a:", Scalar::Int(1)), ("b:c:", Scalar::Str("x".into()))]);
        for out in [
            "a: '1'\nb:\n  c: x\n",
            "a: 1\nb:\n  d: x\n",
            "a: 1\nb:\n  c: y\n",
            "a: 1\n",
            "a: [1\n",
        ] {
            let result = check_values(store.as_ref(), out.as_bytes(), &expected, "t");
            assert!(
                matches!(result, Err(SopsError::Verification("t"))),
                "{out:?} passed"
            );
        }
    }
}
