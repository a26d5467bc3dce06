//! Reading back what was written: the output is parsed again and every value compared with
//! what it must be, before anything reaches the disk.

use super::error::SopsError;
use super::rules::Selector;
use super::scalar::{canonical_bytes, type_name};
use super::walk::{Place, Visitor, walk};
use crate::store::Store;
use crate::tree::{Leaf, Scalar};

/// A value the output must hold at a place.
#[derive(Debug)]
pub struct Expected {
    pub aad: String,
    pub value: Scalar,
}

/// Parses `out` and checks its values, in order, against `expected`.
pub fn check_values(
    store: &dyn Store,
    out: &[u8],
    expected: &[Expected],
    what: &'static str,
) -> Result<(), SopsError> {
    let parsed = store
        .parse(out)
        .map_err(|_| SopsError::Verification(what))?;
    let mut collector = Collector::default();
    walk(&parsed.docs, &Selector::default(), &mut collector).expect("collecting cannot fail");
    let same = collector.values.len() == expected.len()
        && collector
            .values
            .iter()
            .zip(expected)
            .all(|(got, want)| got.aad == want.aad && same_value(&got.value, &want.value));
    if same {
        Ok(())
    } else {
        Err(SopsError::Verification(what))
    }
}

/// Equal as sops sees them: same type and canonical bytes (so NaN equals NaN).
fn same_value(a: &Scalar, b: &Scalar) -> bool {
    type_name(a) == type_name(b) && canonical_bytes(a) == canonical_bytes(b)
}

#[derive(Default)]
struct Collector {
    values: Vec<Expected>,
}

impl Visitor for Collector {
    type Error = std::convert::Infallible;

    fn comment_text(&mut self, _leaf: &Leaf, _place: &Place) -> Result<String, Self::Error> {
        Ok(String::new())
    }

    fn comment(&mut self, _: &Leaf, _: &Place, _: String, _: bool) -> Result<(), Self::Error> {
        Ok(())
    }

    fn value(&mut self, leaf: &Leaf, place: &Place, _encrypt: bool) -> Result<(), Self::Error> {
        self.values.push(Expected {
            aad: place.aad.clone(),
            value: leaf.value.clone(),
        });
        Ok(())
    }
}
