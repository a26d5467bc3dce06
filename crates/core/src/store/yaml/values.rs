//! The values of a file in the fast tokenizer's subset, read straight from its tokens:
//! for reading back what was just written, where a whole tree would be built only to be
//! walked once and dropped.

use saphyr_parser::Event;

use super::fast;
use super::resolve::{is_itself_a_string, resolve};
use crate::tree::{Scalar, ValueRef};

/// `Store::for_each_value` for YAML; `None` outside the fast tokenizer's subset, or for
/// a key that is not a string (the tree builder reports that).
pub fn for_each_value(text: &str, f: &mut dyn FnMut(&[&str], ValueRef)) -> Option<()> {
    let tokens = fast::tokenize(text)?;
    // One frame per open collection: whether it is a mapping, and whether the key of its
    // next value has been read (it is on `path`).
    let mut frames: Vec<(bool, bool)> = Vec::new();
    let mut path: Vec<&str> = Vec::new();
    // Inside the top-level `sops` entry, which is metadata and not values.
    let mut in_metadata = false;
    for token in &tokens {
        let expects_key = matches!(frames.last(), Some((true, false)));
        match &token.event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(token.event, Event::MappingStart(..));
                frames.push((is_map, false));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop()?;
                value_done(&mut frames, &mut path, &mut in_metadata);
            }
            Event::Scalar(text, style, _, tag) if expects_key => {
                let tag = tag.as_deref();
                let is_string = is_itself_a_string(text, *style, tag)
                    || matches!(resolve(text, *style, tag), Ok(Scalar::Str(_)))
                    || text == "<<";
                if !is_string {
                    return None;
                }
                let key = text.as_ref();
                if frames.len() == 1 {
                    in_metadata = key == "sops";
                }
                path.push(key);
                frames.last_mut()?.1 = true;
            }
            Event::Scalar(text, style, _, tag) => {
                if !in_metadata {
                    let tag = tag.as_deref();
                    let value = if is_itself_a_string(text, *style, tag) {
                        ValueRef::Str(text)
                    } else {
                        ValueRef::Other(resolve(text, *style, tag).ok()?)
                    };
                    f(&path, value);
                }
                value_done(&mut frames, &mut path, &mut in_metadata);
            }
            Event::Alias(_) => return None,
            _ => {}
        }
    }
    Some(())
}

/// After a value (scalar or collection): its key leaves the path, and a top-level value
/// ends the metadata entry if it was that.
fn value_done(frames: &mut [(bool, bool)], path: &mut Vec<&str>, in_metadata: &mut bool) {
    if let Some((true, has_key)) = frames.last_mut() {
        *has_key = false;
        path.pop();
        if frames.len() == 1 {
            *in_metadata = false;
        }
    }
}
