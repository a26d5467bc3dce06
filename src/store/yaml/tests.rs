//! Round trips, metadata, vectors and errors for the YAML store.

use super::*;
