//! The value at a path of a decrypted file, as `get` and `decrypt --extract` print it.

use crate::path::{self, Step};
use crate::sops::error::SopsError;
use crate::store::Store;
use crate::tree::{Node, Scalar};

/// The value at `path` of a decrypted file: a string raw, another scalar as the store
/// spells it, a subtree as its text in the file (dedented); `None` when there is none.
pub fn extract(
    store: &dyn Store,
    plaintext: &[u8],
    path: &[Step],
) -> Result<Option<Vec<u8>>, SopsError> {
    let parsed = store.parse(plaintext)?;
    let Some(node) = parsed.docs.first().and_then(|doc| path::find(doc, path)) else {
        return Ok(None);
    };
    Ok(match node {
        Node::Scalar(leaf) => Some(match &leaf.value {
            Scalar::Str(text) => text.as_bytes().to_vec(),
            Scalar::Bytes(bytes) => bytes.clone(),
            value => format!("{}\n", store.plain_text(leaf, value)?).into_bytes(),
        }),
        Node::Map { span, .. } | Node::List { span, .. } => Some(dedent(plaintext, span.clone())),
        Node::Comment(_) | Node::Alias { .. } => None,
    })
}

/// The text of `span`, with the indentation of its first line removed from every line.
fn dedent(src: &[u8], span: std::ops::Range<usize>) -> Vec<u8> {
    let line_start = src[..span.start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let indent = span.start - line_start;
    let text = String::from_utf8_lossy(&src[span]);
    let mut out: String = text
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                line
            } else {
                strip_spaces(line, indent)
            }
        })
        .collect();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.into_bytes()
}

fn strip_spaces(line: &str, count: usize) -> &str {
    let spaces = line.bytes().take(count).take_while(|&b| b == b' ').count();
    &line[spaces..]
}
