//! The bound on alias expansion. sops (go-yaml v3) sees each alias as a copy of its
//! anchor, and so does the tree here: a few hundred bytes of nested aliases ("billion
//! laughs") would expand to gigabytes. go-yaml counts the nodes it decodes, and fails with
//! "document contains excessive aliasing" when, past 1000 nodes and 100 copied ones, the
//! copied share is over 99 % (falling to 10 % for documents of 400,000 to 4,000,000
//! nodes). The same count is kept here from each anchor's *weight* (its expanded size),
//! before anything is copied, so a refusal costs no more than reading the file.
//!
//! Differences from go-yaml, all on the side of refusing sooner: every document is
//! counted (sops counts only the first), a merge key's value is counted where it stands
//! (go-yaml decodes it after the other keys), and the text aliases copy is bounded too
//! (`limits::MAX_ALIAS_EXPANSION_BYTES`).

use crate::limits::MAX_ALIAS_EXPANSION_BYTES;

/// The size of a node as an alias copies it: nodes decoded (mapping keys and nested
/// aliases included, as go-yaml counts them), and bytes of scalar text.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Weight {
    pub nodes: u64,
    pub bytes: u64,
}

impl Weight {
    /// One scalar (a value or a key) of `len` bytes.
    pub fn scalar(len: usize) -> Weight {
        Weight {
            nodes: 1,
            bytes: len as u64,
        }
    }

    /// A collection node, before its contents are added.
    pub const COLLECTION: Weight = Weight { nodes: 1, bytes: 0 };

    /// An alias node of a target with this weight: itself, then the copy.
    pub fn alias_of(target: Weight) -> Weight {
        Weight {
            nodes: target.nodes.saturating_add(1),
            bytes: target.bytes,
        }
    }

    pub fn add(&mut self, other: Weight) {
        self.nodes = self.nodes.saturating_add(other.nodes);
        self.bytes = self.bytes.saturating_add(other.bytes);
    }
}

/// Refused: the aliases expand to too much.
#[derive(Debug, PartialEq)]
pub struct Excessive;

/// go-yaml's counters for one document, and the bytes copied in the whole file.
#[derive(Debug, Default)]
pub struct Budget {
    decodes: u64,
    alias_decodes: u64,
    copied_bytes: u64,
}

impl Budget {
    /// A new document: go-yaml counts each with a new decoder (the copied bytes go on).
    pub fn start_document(&mut self) {
        self.decodes = 0;
        self.alias_decodes = 0;
    }

    /// One node decoded where it stands (not inside a copy).
    pub fn node(&mut self) -> Result<(), Excessive> {
        self.decodes += 1;
        self.check()
    }

    /// An alias whose target weighs `target`: the alias node itself, then every node of
    /// the copy, each counted as copied. Within one copy the copied share only grows and
    /// the allowed share only shrinks, so checking once at its end is checking each step.
    pub fn alias(&mut self, target: Weight) -> Result<(), Excessive> {
        self.node()?;
        self.decodes = self.decodes.saturating_add(target.nodes);
        self.alias_decodes = self.alias_decodes.saturating_add(target.nodes);
        self.copied_bytes = self.copied_bytes.saturating_add(target.bytes);
        if self.copied_bytes > MAX_ALIAS_EXPANSION_BYTES as u64 {
            return Err(Excessive);
        }
        self.check()
    }

    fn check(&self) -> Result<(), Excessive> {
        let excessive = self.alias_decodes > 100
            && self.decodes > 1000
            && self.alias_decodes as f64 / self.decodes as f64 > allowed_ratio(self.decodes);
        if excessive { Err(Excessive) } else { Ok(()) }
    }
}

/// go-yaml's `allowedAliasRatio`: 99 % up to 400,000 decoded nodes, 10 % from 4,000,000,
/// linear in between.
fn allowed_ratio(decodes: u64) -> f64 {
    const LOW: u64 = 400_000;
    const HIGH: u64 = 4_000_000;
    match decodes {
        ..=LOW => 0.99,
        HIGH.. => 0.10,
        _ => 0.99 - 0.89 * ((decodes - LOW) as f64 / (HIGH - LOW) as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The counts of a "laughs" document: `a0` a list of `fanout` scalars, each next
    /// level a list of `fanout` aliases of the one before.
    fn laughs(levels: u32, fanout: u64) -> Result<(), Excessive> {
        let mut budget = Budget::default();
        budget.node()?; // the document
        budget.node()?; // the top mapping
        let mut previous = Weight::default();
        for level in 0..levels {
            budget.node()?; // the key
            budget.node()?; // the list
            let mut weight = Weight::COLLECTION;
            for _ in 0..fanout {
                if level == 0 {
                    budget.node()?;
                    weight.add(Weight::scalar(3));
                } else {
                    budget.alias(previous)?;
                    weight.add(Weight::alias_of(previous));
                }
            }
            previous = weight;
        }
        Ok(())
    }

    /// go-yaml v3.0.4 accepts 3 levels of fan-out 10 and refuses 4 (and the billion).
    #[test]
    fn laughs_are_refused_where_go_yaml_refuses_them() {
        assert_eq!(laughs(3, 10), Ok(()));
        assert_eq!(laughs(4, 10), Err(Excessive));
        assert_eq!(laughs(5, 9), Err(Excessive));
        assert_eq!(laughs(9, 9), Err(Excessive));
        assert_eq!(laughs(40, 1000), Err(Excessive));
    }

    #[test]
    fn large_documents_may_copy_less() {
        assert_eq!(allowed_ratio(1000), 0.99);
        assert!((allowed_ratio(2_200_000) - 0.545).abs() < 1e-9);
        assert_eq!(allowed_ratio(u64::MAX), 0.10);
    }

    #[test]
    fn copied_text_is_bounded() {
        let mut budget = Budget::default();
        let big = Weight::scalar(MAX_ALIAS_EXPANSION_BYTES / 4);
        for _ in 0..4 {
            assert_eq!(budget.alias(big), Ok(()));
        }
        assert_eq!(budget.alias(Weight::scalar(1)), Err(Excessive));
    }
}
