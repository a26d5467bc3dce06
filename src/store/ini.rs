//! The ini store (to be implemented).

use super::{Changes, Parsed, Store, StoreError, StoreErrorKind};
use crate::tree::{Leaf, Scalar};

pub struct IniStore;

impl Store for IniStore {
    fn parse(&self, _src: &[u8]) -> Result<Parsed, StoreError> {
        Err(StoreError::new(
            StoreErrorKind::Syntax,
            "ini is not implemented yet",
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
            "ini is not implemented yet",
        ))
    }

    fn plain_text(&self, _leaf: &Leaf, _value: &Scalar) -> Result<String, StoreError> {
        Err(StoreError::new(
            StoreErrorKind::Emit,
            "ini is not implemented yet",
        ))
    }
}
