//! Reading back what was written: the output is parsed again and the values it holds, with
//! their places, compared with what they must be, before anything reaches the disk.

use sha2::{Digest, Sha256};

use super::error::SopsError;
use super::rules::Selector;
use super::scalar::{canonical_bytes, type_name};
use super::walk::{Place, Visitor, walk};
use crate::store::Store;
use crate::tree::{Leaf, Scalar};

/// A running digest of values in tree order, each with its AAD and type: two trees with
/// the same digest hold the same values in the same places (NaN included).
#[derive(Clone, Default)]
pub struct ValuesDigest(Sha256);

impl ValuesDigest {
    pub fn add(&mut self, aad: &str, value: &Scalar) {
        for part in [
            aad.as_bytes(),
            type_name(value).as_bytes(),
            &canonical_bytes(value),
        ] {
            self.0.update((part.len() as u64).to_le_bytes());
            self.0.update(part);
        }
    }

    fn finish(self) -> [u8; 32] {
        self.0.finalize().into()
    }
}

/// Parses `out` and checks that its values are those `expected` saw.
pub fn check_values(
    store: &dyn Store,
    out: &[u8],
    expected: &ValuesDigest,
    what: &'static str,
) -> Result<(), SopsError> {
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
