//! The tree walk sops does for encryption, decryption and the MAC: pre-order, in document
//! order, with each leaf's path and the comments that precede it (sops-format.md §4.2, §5.2).

use std::collections::HashMap;

use foldhash::fast::RandomState;

use super::rules::Selector;
use crate::tree::{Document, Entry, Leaf, Node};

/// Where a leaf or node sits.
pub struct Place<'a> {
    /// Mapping keys from the document root (list indices are not part of it).
    pub path: &'a [&'a str],
    /// The AAD: the path joined with `:`, plus a trailing `:`.
    pub aad: String,
    /// `v` for a value node, `c` for a comment.
    kind: char,
    /// How many of the same kind before it had the same AAD.
    ordinal: usize,
}

impl Place<'_> {
    /// Identifies this node or comment across re-parses of the same structure: its kind,
    /// its AAD and how many before it had the same AAD.
    pub fn stable_id(&self) -> String {
        format!("{}{}:{}", self.kind, self.ordinal, self.aad)
    }
}

/// What a walk does at each leaf and node.
pub trait Visitor {
    type Error;

    /// The plaintext of a comment (the comment rules match against it).
    fn comment_text(&mut self, leaf: &Leaf, place: &Place) -> Result<String, Self::Error>;

    /// A comment, with its plaintext and whether the rules encrypt it.
    fn comment(
        &mut self,
        leaf: &Leaf,
        place: &Place,
        text: String,
        encrypt: bool,
    ) -> Result<(), Self::Error>;

    /// A scalar value and whether the rules encrypt it.
    fn value(&mut self, leaf: &Leaf, place: &Place, encrypt: bool) -> Result<(), Self::Error>;

    /// Any value node (scalar, collection or alias), before its contents are walked.
    fn node(&mut self, _node: &Node, _place: &Place) -> Result<(), Self::Error> {
        Ok(())
    }

    /// Whether this visitor calls `Place::stable_id`; counting ordinals costs a map entry
    /// per path, so visitors that never need them say so.
    fn uses_stable_ids(&self) -> bool {
        true
    }
}

/// Writes the AAD of a place with these mapping keys: the keys joined with `:`, plus a
/// trailing `:` (just `:` at the top level).
pub fn write_aad(path: &[&str], aad: &mut String) {
    if path.is_empty() {
        aad.push(':');
    }
    for key in path {
        aad.push_str(key);
        aad.push(':');
    }
}

/// Walks every document with one visitor.
pub fn walk<V: Visitor>(
    docs: &[Document],
    selector: &Selector,
    visitor: &mut V,
) -> Result<(), V::Error> {
    let mut walker = Walker {
        selector,
        visitor,
        comments: Vec::new(),
        values_seen: HashMap::default(),
        comments_seen: HashMap::default(),
    };
    for doc in docs {
        walker.entries(&doc.entries, &mut Vec::new())?;
    }
    Ok(())
}

struct Walker<'s, V> {
    selector: &'s Selector,
    visitor: &'s mut V,
    /// The comment runs of the enclosing levels, innermost last.
    comments: Vec<Vec<String>>,
    /// How many value nodes, and comments, have been seen per AAD.
    values_seen: HashMap<String, usize, RandomState>,
    comments_seen: HashMap<String, usize, RandomState>,
}

impl<V: Visitor> Walker<'_, V> {
    fn place<'p>(&mut self, path: &'p [&'p str], kind: char) -> Place<'p> {
        let mut aad = String::new();
        write_aad(path, &mut aad);
        if !self.visitor.uses_stable_ids() {
            return Place {
                path,
                aad,
                kind,
                ordinal: 0,
            };
        }
        let seen = if kind == 'c' {
            &mut self.comments_seen
        } else {
            &mut self.values_seen
        };
        let ordinal = match seen.get_mut(&aad) {
            Some(count) => std::mem::replace(count, *count + 1),
            None => {
                seen.insert(aad.clone(), 1);
                0
            }
        };
        Place {
            path,
            aad,
            kind,
            ordinal,
        }
    }

    fn entries<'t>(
        &mut self,
        entries: &'t [Entry],
        path: &mut Vec<&'t str>,
    ) -> Result<(), V::Error> {
        self.comments.push(Vec::new());
        for entry in entries {
            match entry {
                Entry::Comment(leaf) => self.comment(leaf, path)?,
                Entry::Pair { key, value, .. } => {
                    path.push(key);
                    self.node(value, path)?;
                    path.pop();
                    self.end_item();
                }
            }
        }
        self.comments.pop();
        Ok(())
    }

    fn node<'t>(&mut self, node: &'t Node, path: &mut Vec<&'t str>) -> Result<(), V::Error> {
        if let Node::Comment(leaf) = node {
            return self.comment(leaf, path);
        }
        let place = self.place(path, 'v');
        self.visitor.node(node, &place)?;
        // An alias is walked as its target, in its own place, as sops sees the expanded copy.
        let content = match node {
            Node::Alias { target, .. } => target.as_ref(),
            other => other,
        };
        match content {
            Node::Map { entries, .. } => self.entries(entries, path),
            Node::List { items, .. } => {
                self.comments.push(Vec::new());
                for item in items {
                    self.node(item, path)?;
                    if !matches!(item, Node::Comment(_)) {
                        self.end_item();
                    }
                }
                self.comments.pop();
                Ok(())
            }
            Node::Scalar(leaf) => {
                let encrypt = self.selector.should_encrypt(path, &self.comments, false);
                self.visitor.value(leaf, &place, encrypt)
            }
            Node::Comment(_) | Node::Alias { .. } => {
                unreachable!("comments are handled above; aliases point at values")
            }
        }
    }

    fn comment(&mut self, leaf: &Leaf, path: &[&str]) -> Result<(), V::Error> {
        let place = self.place(path, 'c');
        let text = self.visitor.comment_text(leaf, &place)?;
        self.comments
            .last_mut()
            .expect("inside a level")
            .push(text.clone());
        let encrypt = self.selector.should_encrypt(path, &self.comments, true);
        self.visitor.comment(leaf, &place, text, encrypt)
    }

    /// After a value has been walked, the comments before it no longer apply.
    fn end_item(&mut self) {
        if let Some(run) = self.comments.last_mut() {
            run.clear();
        }
    }
}
