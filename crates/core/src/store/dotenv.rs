//! The dotenv store, with sops's own reading of the format (sops-format.md §6.4): lines
//! split on `\n`, `#` comments, `KEY=value` with no quoting or trimming, `\n` the only
//! escape. `sops_*` lines hold the flattened metadata.

use super::edit::{self, Edit, Line, lines};
use super::flat::{flatten, unflatten};
use super::path_edit::{
    Item, Target, apply, line_after, locate, locate_existing, new_leaf, require_scalar, whole_lines,
};
use super::{
    Changes, Parsed, Replacement, Store, StoreError, StoreErrorKind, require_utf8, splice,
};
use crate::path::Step;
use crate::sops::scalar::format_float_g;
use crate::tree::{Document, Entry, Leaf, Node, Scalar, Span};

pub struct DotenvStore;

const METADATA_PREFIX: &str = "sops_";
/// sops writes the metadata lines with LF, whatever the file uses.
const METADATA_LINE_BREAK: &str = "\n";

impl Store for DotenvStore {
    fn parse(&self, src: &[u8]) -> Result<Parsed, StoreError> {
        crate::limits::check_input_size(src.len())?;
        let text = require_utf8(src)?;
        let mut reader = Reader::default();
        for line in lines(text) {
            reader.line(text, line)?;
        }
        reader.finish(src)
    }

    fn emit(&self, src: &[u8], parsed: &Parsed, changes: &Changes) -> Result<Vec<u8>, StoreError> {
        let mut edits = edit::leaf_edits(parsed, changes, |leaf, replacement| {
            Ok(match replacement {
                // A CRLF line's CR is part of its value to sops, so it goes into the envelope.
                Replacement::Encrypted(envelope) => envelope.clone(),
                Replacement::Plain(value) => self.plain_text(leaf, value)?,
                Replacement::Source(text) => text.clone(),
            }
            .into_bytes())
        })?;
        edits.extend(metadata_edits(src, parsed, changes));
        Ok(splice(src, edits))
    }

    fn set(
        &self,
        src: &[u8],
        parsed: &Parsed,
        path: &[Step],
        value: &serde_json::Value,
    ) -> Result<Vec<u8>, StoreError> {
        let scalar = require_scalar(value, "dotenv")?;
        let key = top_key(path)?;
        let edit = match locate(&parsed.docs, path, value)? {
            Target::Existing(Item {
                node: Node::Scalar(leaf),
                ..
            }) => {
                let text = self.plain_text(leaf, &scalar)?;
                (
                    leaf.span.clone(),
                    keep_carriage_return(src, &leaf.span, &text),
                )
            }
            _ => {
                let last = leaf_spans(parsed)
                    .last()
                    .cloned()
                    .unwrap_or(src.len()..src.len());
                let line = format!("{key}={}", self.plain_text(&new_leaf(0, false), &scalar)?);
                line_after(src, last, &line, edit::line_break(src))
            }
        };
        Ok(apply(src, edit))
    }

    fn unset(&self, src: &[u8], parsed: &Parsed, path: &[Step]) -> Result<Vec<u8>, StoreError> {
        top_key(path)?;
        let item = locate_existing(&parsed.docs, path)?;
        let span = item.parent.item_spans()[item.index].clone();
        Ok(apply(src, (whole_lines(src, span), String::new())))
    }

    fn plain_text(&self, _leaf: &Leaf, value: &Scalar) -> Result<String, StoreError> {
        let text = match value {
            Scalar::Str(s) | Scalar::Time(s) => s.clone(),
            Scalar::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => go_float(*f),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Null => "<nil>".into(),
        };
        Ok(text.replace('\n', "\\n"))
    }
}

/// The one key of a dotenv path, which must be one a line can hold.
fn top_key(path: &[Step]) -> Result<&str, StoreError> {
    match path {
        [Step::Key(key)]
            if !key.is_empty() && !key.contains(['=', '\n', '\r']) && !key.starts_with('#') =>
        {
            Ok(key)
        }
        _ => Err(StoreError::new(
            StoreErrorKind::Path,
            "a dotenv path is one KEY (without `=`, line breaks or a leading `#`)",
        )),
    }
}

/// The spans of every entry, comments included, in file order.
fn leaf_spans(parsed: &Parsed) -> Vec<Span> {
    edit::leaves(parsed)
        .iter()
        .map(|leaf| leaf.span.clone())
        .collect()
}

/// Builds the tree line by line.
#[derive(Default)]
struct Reader<'t> {
    entries: Vec<Entry>,
    metadata: Vec<(&'t str, String)>,
    metadata_spans: Vec<Span>,
    next_id: usize,
}

impl<'t> Reader<'t> {
    fn line(&mut self, text: &'t str, line: Line) -> Result<(), StoreError> {
        let Line { span, next } = line;
        let content = &text[span.clone()];
        if content.is_empty() {
            return Ok(());
        }
        if let Some(text) = content.strip_prefix('#') {
            let leaf = self.leaf(Scalar::Str(text.into()), span.start + 1..span.end);
            self.entries.push(Entry::Comment(leaf));
            return Ok(());
        }
        let Some(equals) = content.find('=') else {
            return Err(StoreError::at(
                text.as_bytes(),
                span.end,
                StoreErrorKind::Syntax,
                "a dotenv line needs a `=`",
            ));
        };
        let (key, raw) = (&content[..equals], &content[equals + 1..]);
        let value = raw.replace("\\n", "\n");
        if let Some(flat_key) = key.strip_prefix(METADATA_PREFIX) {
            // A CRLF file carries a CR at the end of each value; sops's own lines have none.
            let value = value
                .strip_suffix('\r')
                .map_or(value.clone(), str::to_string);
            self.metadata.push((flat_key, value));
            self.add_metadata_span(span.start..next);
            return Ok(());
        }
        let leaf = self.leaf(Scalar::Str(value), span.start + equals + 1..span.end);
        let key_span = span.start..span.start + equals;
        self.entries.push(Entry::Pair {
            key: key.into(),
            key_span,
            value: Node::Scalar(leaf),
        });
        Ok(())
    }

    fn leaf(&mut self, value: Scalar, span: Span) -> Leaf {
        self.next_id += 1;
        Leaf {
            id: self.next_id - 1,
            value,
            span,
            indent: 0,
            in_flow: false,
        }
    }

    /// Adjacent metadata lines make one span.
    fn add_metadata_span(&mut self, span: Span) {
        match self.metadata_spans.last_mut() {
            Some(last) if last.end == span.start => last.end = span.end,
            _ => self.metadata_spans.push(span),
        }
    }

    fn finish(mut self, src: &[u8]) -> Result<Parsed, StoreError> {
        if let Some(last) = self.metadata_spans.pop() {
            self.metadata_spans
                .push(edit::take_added_break(src, last, METADATA_LINE_BREAK));
        }
        let metadata = match self.metadata.is_empty() {
            true => None,
            false => Some(
                unflatten(self.metadata).map_err(|e| e.at(src, self.metadata_spans[0].start))?,
            ),
        };
        Ok(Parsed {
            docs: vec![Document {
                entries: self.entries,
                ..Default::default()
            }],
            metadata,
            metadata_spans: self.metadata_spans,
            leaf_count: self.next_id,
        })
    }
}

/// A new plain value over one that ended with the CR of a CRLF line keeps that CR, so the
/// line ending stays.
fn keep_carriage_return(src: &[u8], span: &Span, text: &str) -> String {
    match src[span.clone()].ends_with(b"\r") {
        true => format!("{text}\r"),
        false => text.to_string(),
    }
}

fn metadata_edits(src: &[u8], parsed: &Parsed, changes: &Changes) -> Vec<Edit> {
    let lines = changes.metadata.as_ref().map(|metadata| {
        flatten(metadata)
            .into_iter()
            .map(|(key, value)| format!("{METADATA_PREFIX}{key}={value}"))
            .collect()
    });
    edit::line_block_edits(src, &parsed.metadata_spans, lines, METADATA_LINE_BREAK)
}

/// A float as sops writes it in dotenv: Go's `FormatFloat(f, 'G', -1, 64)`, with `.0` added
/// when that looks like an integer.
fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    format_float_g(f, 'E')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::*;

    fn parse(text: &str) -> Parsed {
        DotenvStore.parse(text.as_bytes()).unwrap()
    }

    /// Metadata keys nest by name (`sops_a__map_b`): deep ones are a clean error.
    #[test]
    fn deep_metadata_keys_are_refused() {
        let deep = format!("A=1\nsops_a{}=x\n", "__map_a".repeat(1_000_000));
        let e = DotenvStore.parse(deep.as_bytes()).unwrap_err();
        assert_eq!((e.kind, e.line), (StoreErrorKind::TooDeep, 2));
    }

    fn pairs(parsed: &Parsed) -> Vec<(String, Scalar)> {
        let placed = placed(parsed);
        placed
            .iter()
            .map(|p| (p.aad.clone(), p.leaf.value.clone()))
            .collect()
    }

    #[test]
    fn vectors_parse_as_sops_does() {
        let parsed = DotenvStore.parse(&vector("dotenv/basic.env")).unwrap();
        assert_matches_manifest(&parsed, "dotenv/basic.enc.env");
        let parsed = DotenvStore.parse(&vector("shamir/2of3.env")).unwrap();
        assert_matches_manifest(&parsed, "shamir/2of3.enc.env");
    }

    #[test]
    fn finds_the_metadata_of_encrypted_vectors() {
        let src = vector("dotenv/basic.enc.env");
        let parsed = DotenvStore.parse(&src).unwrap();
        let metadata = parsed.metadata.clone().unwrap();
        assert_eq!(metadata["version"], "3.11.0");
        assert_eq!(metadata["unencrypted_suffix"], "_unencrypted");
        assert!(
            metadata["age"][0]["enc"]
                .as_str()
                .unwrap()
                .starts_with("-----BEGIN AGE ENCRYPTED FILE-----\n")
        );
        assert_eq!(parsed.leaf_count, 11);
        let shamir = DotenvStore
            .parse(&vector("shamir/2of3.enc.env"))
            .unwrap()
            .metadata
            .unwrap();
        assert_eq!(shamir["shamir_threshold"], "2");
        assert!(shamir["key_groups"][2]["age"][0]["recipient"].is_string());
        // sops's own block, written back from the tree it holds, is byte for byte the same.
        let changes = Changes {
            metadata: parsed.metadata.clone(),
            ..Changes::default()
        };
        assert_eq!(DotenvStore.emit(&src, &parsed, &changes).unwrap(), src);
    }

    #[test]
    fn round_trips_keep_every_byte() {
        let samples: [&[u8]; 7] = [
            &vector("dotenv/basic.env"),
            b"A=1\r\n# note\r\nexport B=x=y#z\r\n",
            b"A=1\nB=2",
            b"",
            b"\n\nA=\n#\n",
            b"URL=http://h/#frag\nJSON={\"a\": 1}\n",
            b"# only a comment",
        ];
        for src in samples {
            assert_source_round_trip(&DotenvStore, src);
            assert_encrypt_round_trip(&DotenvStore, src);
        }
    }

    #[test]
    fn metadata_goes_last_sorted_and_escaped() {
        let encrypted = assert_encrypt_round_trip(&DotenvStore, b"A=1");
        let text = String::from_utf8(encrypted).unwrap();
        let expected = format!(
            "A={ENVELOPE}\nsops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\nYWdl\\n-----END AGE ENCRYPTED FILE-----\\n\nsops_age__list_0__map_recipient=age1xyz\nsops_lastmodified=2026-11-21T20:27:04Z\nsops_mac=ENC[AES256_GCM,data:m,iv:i,tag:t,type:str]\nsops_unencrypted_suffix=_unencrypted\nsops_version=3.11.0"
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn keys_values_and_comments_follow_sops() {
        let parsed = parse("# c\r\nexport A = x=y\r\nB=line\\nnext\n C=#not a comment\nA=dup\n");
        assert_eq!(
            pairs(&parsed),
            vec![
                (":".into(), Scalar::Str(" c\r".into())),
                ("export A :".into(), Scalar::Str(" x=y\r".into())),
                ("B:".into(), Scalar::Str("line\nnext".into())),
                (" C:".into(), Scalar::Str("#not a comment".into())),
                ("A:".into(), Scalar::Str("dup".into())),
            ]
        );
    }

    #[test]
    fn a_crlf_value_takes_its_cr_into_the_envelope() {
        let src = b"A=1\r\n";
        let parsed = DotenvStore.parse(src).unwrap();
        let changes = Changes {
            leaves: vec![Some(Replacement::Encrypted(ENVELOPE.into()))],
            ..Changes::default()
        };
        let out = DotenvStore.emit(src, &parsed, &changes).unwrap();
        assert_eq!(out, format!("A={ENVELOPE}\n").into_bytes());
        let changes = Changes {
            leaves: vec![Some(Replacement::Plain(Scalar::Str("1\r".into())))],
            ..Changes::default()
        };
        let reparsed = DotenvStore.parse(&out).unwrap();
        assert_eq!(DotenvStore.emit(&out, &reparsed, &changes).unwrap(), src);
    }

    #[test]
    fn plain_text_follows_sops() {
        let leaf = new_leaf(0, false);
        let text = |v: Scalar| DotenvStore.plain_text(&leaf, &v).unwrap();
        assert_eq!(text(Scalar::Str("a\nb".into())), "a\\nb");
        assert_eq!(text(Scalar::Float(5432.0)), "5432.0");
        assert_eq!(text(Scalar::Float(1.5e21)), "1.5E+21");
        assert_eq!(text(Scalar::Float(0.000001)), "1E-06");
        assert_eq!(text(Scalar::Float(1e6)), "1E+06");
        assert_eq!(text(Scalar::Float(123456.0)), "123456.0");
        assert_eq!(text(Scalar::Float(0.0001)), "0.0001");
        assert_eq!(text(Scalar::Float(-2.5)), "-2.5");
        assert_eq!(text(Scalar::Int(-3)), "-3");
        assert_eq!(text(Scalar::Bool(true)), "true");
    }

    #[test]
    fn bad_input_is_a_syntax_error_with_its_place() {
        let e = DotenvStore.parse(b"A=1\nno equals\n").unwrap_err();
        assert_eq!((e.kind, e.line, e.column), (StoreErrorKind::Syntax, 2, 10));
        let e = DotenvStore.parse(b"A=1\r\n\r\n").unwrap_err();
        assert_eq!((e.kind, e.line), (StoreErrorKind::Syntax, 2));
        let e = DotenvStore.parse(b"A=\xff\n").unwrap_err();
        assert_eq!((e.kind, e.line, e.column), (StoreErrorKind::Syntax, 1, 3));
        let e = DotenvStore
            .parse(b"sops_a__list_999999999=x\n")
            .unwrap_err();
        assert_eq!(e.kind, StoreErrorKind::Syntax);
    }
}

#[cfg(test)]
mod set_tests {
    use serde_json::json;

    use super::DotenvStore;
    use crate::store::testing::assert_edit;

    const SRC: &str = "# c\nA=1\nB=two words\n";

    #[test]
    fn sets_inserts_and_removes_lines() {
        assert_edit(
            &DotenvStore,
            SRC,
            "A",
            Some(json!("x\ny")),
            "# c\nA=x\\ny\nB=two words\n",
        );
        assert_edit(
            &DotenvStore,
            SRC,
            "C",
            Some(json!(3)),
            &format!("{SRC}C=3\n"),
        );
        assert_edit(&DotenvStore, "A=1", "C", Some(json!("v")), "A=1\nC=v");
        assert_edit(
            &DotenvStore,
            "A=1\r\nB=2\r\n",
            "A",
            Some(json!("x")),
            "A=x\r\nB=2\r\n",
        );
        assert_edit(&DotenvStore, SRC, "A", None, "# c\nB=two words\n");
    }

    #[test]
    fn refuses_nested_paths_and_structured_values() {
        let parsed = crate::store::Store::parse(&DotenvStore, SRC.as_bytes()).unwrap();
        for (path, value) in [("A.b", json!("v")), ("A", json!({"k": 1}))] {
            let steps = crate::path::parse(path).unwrap();
            let set =
                crate::store::Store::set(&DotenvStore, SRC.as_bytes(), &parsed, &steps, &value);
            assert!(set.is_err(), "{path}");
        }
    }
}
