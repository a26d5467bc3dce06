//! Addressing a value inside a document: `a.b[0].c`, or sops's `["a"]["b"][0]["c"]`.

use crate::tree::{Document, Entry, Node};

/// One step of a path.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A path that is neither form.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("invalid path `{0}`: use a.b[0].c or [\"a\"][\"b\"][0][\"c\"]")]
pub struct BadPath(pub String);

/// Parses either syntax. In the dotted form a key may be quoted to hold dots: `a."b.c"`.
pub fn parse(text: &str) -> Result<Vec<Step>, BadPath> {
    let bad = || BadPath(text.to_string());
    let mut steps = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[') {
            let (step, after) = bracket(inner).ok_or_else(bad)?;
            steps.push(step);
            rest = after;
        } else {
            rest = rest
                .strip_prefix('.')
                .filter(|_| !steps.is_empty())
                .unwrap_or(rest);
            let (key, after) = dotted_key(rest).ok_or_else(bad)?;
            steps.push(Step::Key(key));
            rest = after;
        }
    }
    if steps.is_empty() {
        Err(bad())
    } else {
        Ok(steps)
    }
}

/// `"key"]`, `'key']` or `3]` after a `[`.
fn bracket(inner: &str) -> Option<(Step, &str)> {
    let quote = inner.chars().next().filter(|c| *c == '"' || *c == '\'');
    if let Some(quote) = quote {
        let end = inner[1..].find(quote)? + 1;
        let after = inner[end + 1..].strip_prefix(']')?;
        return Some((Step::Key(inner[1..end].to_string()), after));
    }
    let end = inner.find(']')?;
    Some((
        Step::Index(inner[..end].trim().parse().ok()?),
        &inner[end + 1..],
    ))
}

/// A dotted-form key, quoted or running to the next `.` or `[`.
fn dotted_key(rest: &str) -> Option<(String, &str)> {
    if let Some(quoted) = rest.strip_prefix('"') {
        let end = quoted.find('"')?;
        return Some((quoted[..end].to_string(), &quoted[end + 1..]));
    }
    let end = rest.find(['.', '[']).unwrap_or(rest.len());
    (end > 0).then(|| (rest[..end].to_string(), &rest[end..]))
}

/// The node at `path` in a document (the last of duplicate keys, as a reader would see it).
pub fn find<'a>(doc: &'a Document, path: &[Step]) -> Option<&'a Node> {
    let (first, rest) = path.split_first()?;
    let Step::Key(key) = first else { return None };
    let node = pair_value(&doc.entries, key)?;
    rest.iter()
        .try_fold(node, |node, step| match (resolve(node), step) {
            (Node::Map { entries, .. }, Step::Key(key)) => pair_value(entries, key),
            (Node::List { items, .. }, Step::Index(i)) => items
                .iter()
                .filter(|n| !matches!(n, Node::Comment(_)))
                .nth(*i),
            _ => None,
        })
        .map(resolve)
}

fn pair_value<'a>(entries: &'a [Entry], wanted: &str) -> Option<&'a Node> {
    entries.iter().rev().find_map(|entry| match entry {
        Entry::Pair { key, value, .. } if key == wanted => Some(value),
        _ => None,
    })
}

fn resolve(node: &Node) -> &Node {
    match node {
        Node::Alias { target, .. } => target,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_syntaxes_parse_to_the_same_steps() {
        let want = vec![
            Step::Key("a".into()),
            Step::Key("b".into()),
            Step::Index(0),
            Step::Key("c".into()),
        ];
        assert_eq!(parse("a.b[0].c").unwrap(), want);
        assert_eq!(parse(r#"["a"]["b"][0]["c"]"#).unwrap(), want);
        assert_eq!(parse("['a']['b'][0]['c']").unwrap(), want);
        assert_eq!(
            parse(r#"a."b.c""#).unwrap(),
            vec![Step::Key("a".into()), Step::Key("b.c".into())]
        );
    }

    #[test]
    fn malformed_paths_are_refused() {
        for text in ["", "[", r#"["a""#, "[x]", "a..b"] {
            assert!(parse(text).is_err(), "{text}");
        }
    }
}
