//! The binary store (to be implemented).

use super::{Changes, Parsed, Store, StoreError, StoreErrorKind};
use crate::tree::{Leaf, Scalar};

pub struct BinaryStore;

impl Store for BinaryStore {
    fn parse(&self, _src: &[u8]) -> Result<Parsed, StoreError> {
        Err(StoreError::new(
            StoreErrorKind::Syntax,
            "binary is not implemented yet",
        ))
    }

    fn emit(
        &self,
        _src: &[u8],
        _parsed: &Parsed,
        _changes: &Changes,
    ) -> Result<Vec<u8>, StoreError> {
        Err(StoreError::new(
            StoreErrorKind::Emit,
            "binary is not implemented yet",
        ))
    }

    fn plain_text(&self, _leaf: &Leaf, _value: &Scalar) -> Result<String, StoreError> {
        Err(StoreError::new(
            StoreErrorKind::Emit,
            "binary is not implemented yet",
        ))
    }
}
