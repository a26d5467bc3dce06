//! The JSON store. jsonc-parser (with every JSON5/JSONC extension turned off) gives each
//! value its exact byte range; replacements are spliced there. The `sops` member of the
//! top object is the metadata, written back as its last member in Go's `json.Indent` style.

use jsonc_parser::ast::{Array, Object, ObjectProp, ObjectPropName, Value as Ast};
use jsonc_parser::common::{Range, Ranged};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
use serde_json::Value;

use super::edit::{self, Edit};
use super::path_edit::{
    Parent, Target, TextEdit, apply, locate, locate_existing, node_span, separated_append,
    separated_removal,
};
use super::{
    Changes, Parsed, Replacement, Store, StoreError, StoreErrorKind, require_utf8, splice,
};
use crate::path::Step;
use crate::tree::{Document, Entry, Leaf, Node, Scalar, Span};

pub struct JsonStore;

/// The name of the metadata member.
const METADATA_KEY: &str = "sops";

impl Store for JsonStore {
    fn parse(&self, src: &[u8]) -> Result<Parsed, StoreError> {
        crate::limits::check_input_size(src.len())?;
        Ok(scan(src)?.parsed)
    }

    fn emit(&self, src: &[u8], parsed: &Parsed, changes: &Changes) -> Result<Vec<u8>, StoreError> {
        let layout = scan(src)?.layout;
        let mut edits = edit::leaf_edits(parsed, changes, |leaf, replacement| {
            Ok(match replacement {
                Replacement::Encrypted(envelope) => go_string(envelope),
                Replacement::Plain(value) => self.plain_text(leaf, value)?,
                Replacement::Source(text) => text.clone(),
            }
            .into_bytes())
        })?;
        edits.extend(metadata_edits(&layout, parsed, changes.metadata.as_ref()));
        Ok(splice(src, edits))
    }

    fn set(
        &self,
        src: &[u8],
        parsed: &Parsed,
        path: &[Step],
        value: &Value,
    ) -> Result<Vec<u8>, StoreError> {
        let layout = scan(src)?.layout;
        let edit = match locate(&parsed.docs, path, value)? {
            Target::Existing(item) => {
                let span = node_span(item.node);
                let text = layout.value_text(src, &item.parent, span.start, value);
                (span, text)
            }
            Target::New { parent, key, value } => layout.append(src, &parent, key, &value),
        };
        Ok(apply(src, edit))
    }

    fn unset(&self, src: &[u8], parsed: &Parsed, path: &[Step]) -> Result<Vec<u8>, StoreError> {
        let layout = scan(src)?.layout;
        let item = locate_existing(&parsed.docs, path)?;
        let (open, close) = layout.brackets(&item.parent);
        let items = item.parent.item_spans();
        let removed = separated_removal(&items, item.index, open + 1..close);
        Ok(apply(src, (removed, String::new())))
    }

    fn plain_text(&self, _leaf: &Leaf, value: &Scalar) -> Result<String, StoreError> {
        Ok(match value {
            Scalar::Null => "null".into(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => go_float(*f)?,
            Scalar::Str(s) | Scalar::Time(s) => go_string(s),
            Scalar::Bytes(b) => go_string(&String::from_utf8_lossy(b)),
        })
    }
}

/// A parsed file and where its top object and metadata sit.
pub(super) struct Scan {
    pub(super) parsed: Parsed,
    layout: Layout,
}

/// What `emit` needs to place the metadata block.
struct Layout {
    /// Offsets of the top object's `{` and `}`.
    open: usize,
    close: usize,
    /// End of the last member other than `sops`: a new block goes after it.
    last_member_end: Option<usize>,
    /// Range of the `sops` member's value, replaced in place on re-encrypt.
    metadata_value: Option<Span>,
    /// One level of indentation, as the file's first member is indented (a tab if it is not).
    unit: String,
    line_break: &'static str,
}

impl Layout {
    /// The offsets of a collection's opening and closing brackets.
    fn brackets(&self, parent: &Parent) -> (usize, usize) {
        match parent {
            Parent::Top(_) => (self.open, self.close),
            Parent::Map { span, .. } | Parent::List { span, .. } => (span.start, span.end - 1),
        }
    }

    /// True when the collection lays its items out on lines of their own.
    fn is_multiline(&self, src: &[u8], parent: &Parent) -> bool {
        let (open, close) = self.brackets(parent);
        src[open..close].contains(&b'\n')
    }

    /// `value` as written at `offset` of `parent`: indented as its line is when the
    /// collection is laid out on lines, else on one line.
    fn value_text(&self, src: &[u8], parent: &Parent, offset: usize, value: &Value) -> String {
        if !self.is_multiline(src, parent) {
            return render_value(value, "", "", 0);
        }
        let depth = line_indent(src, offset).len() / self.unit.len().max(1);
        render_value(value, &self.unit, self.line_break, depth)
    }

    /// The edit adding `value` (under `key`, in an object) as the last item of `parent`.
    fn append(&self, src: &[u8], parent: &Parent, key: Option<&str>, value: &Value) -> TextEdit {
        let items = parent.item_spans();
        let (open, _) = self.brackets(parent);
        let last = items.last().map_or(open, |span| span.start);
        let text = self.value_text(src, parent, last, value);
        let member = match key {
            Some(key) => format!("{}: {text}", go_string(key)),
            None => text,
        };
        let separator = if self.is_multiline(src, parent) {
            format!(",{}{}", self.line_break, line_indent(src, last))
        } else {
            ", ".into()
        };
        separated_append(&items, open, &separator, &member)
    }
}

/// The blanks that start the line holding `offset`.
fn line_indent(src: &[u8], offset: usize) -> String {
    let start = offset - edit::column(src, offset);
    let blanks = src[start..offset]
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    String::from_utf8_lossy(&src[start..start + blanks]).into_owned()
}

/// Parses `src`, which must hold one JSON object. sops ignores anything after it (and
/// drops it); here it is an error, as it would otherwise stay in the clear.
pub(super) fn scan(src: &[u8]) -> Result<Scan, StoreError> {
    let text = require_utf8(src)?;
    let start = text.len() - text.trim_start_matches(json_whitespace).len();
    if !text[start..].starts_with('{') {
        return Err(StoreError::at(
            src,
            start,
            StoreErrorKind::Syntax,
            "expected JSON object start",
        ));
    }
    let end = object_end(src, start)?.unwrap_or(text.len());
    let after = end + (text.len() - end - text[end..].trim_start_matches(json_whitespace).len());
    if after < text.len() {
        let message = "unexpected text after the top-level object (sops would drop it)";
        return Err(StoreError::at(src, after, StoreErrorKind::Syntax, message));
    }
    let ast =
        parse_to_ast(&text[..end], &CollectOptions::default(), &strict_json()).map_err(|e| {
            StoreError::at(
                src,
                e.range().start,
                StoreErrorKind::Syntax,
                e.kind().to_string(),
            )
        })?;
    let Some(Ast::Object(top)) = ast.value else {
        return Err(StoreError::at(
            src,
            start,
            StoreErrorKind::Syntax,
            "expected JSON object start",
        ));
    };
    let mut builder = Builder {
        src,
        lines: edit::LineIndex::new(src, false),
        next_id: 0,
    };
    let entries = builder.members(&top, |name| name != METADATA_KEY)?;
    let metadata_prop = find_metadata(src, &top)?;
    let metadata = metadata_prop
        .map(|prop| metadata_value(text, prop))
        .transpose()?;
    let parsed = Parsed {
        docs: vec![Document {
            entries,
            ..Default::default()
        }],
        metadata,
        metadata_spans: metadata_prop
            .map(|prop| removal_span(&top, prop))
            .into_iter()
            .collect(),
        leaf_count: builder.next_id,
    };
    let layout = Layout {
        open: top.range.start,
        close: top.range.end - 1,
        last_member_end: top
            .properties
            .iter()
            .rfind(|p| !is_metadata(p))
            .map(|p| p.range.end),
        metadata_value: metadata_prop.map(|prop| span(prop.value.range())),
        unit: indent_unit(src, &top),
        line_break: edit::line_break(src),
    };
    Ok(Scan { parsed, layout })
}

fn json_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Plain JSON (RFC 8259) only: sops reads `.json` files with Go's encoding/json.
pub(super) fn strict_json() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// The offset just after the `}` that closes the object opening at `open`, if it closes.
/// Also refuses what the parser must never see: nesting deeper than `limits::MAX_DEPTH`
/// (it recurses) and control characters inside strings (Go's encoding/json refuses them).
fn object_end(src: &[u8], open: usize) -> Result<Option<usize>, StoreError> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in src.iter().enumerate().skip(open) {
        match (in_string, b) {
            (true, _) if escaped => escaped = false,
            (true, b'\\') => escaped = true,
            (true, b'"') => in_string = false,
            (true, 0..0x20) => {
                let message = "a control character inside a string (write it as an escape)";
                return Err(StoreError::at(src, i, StoreErrorKind::Syntax, message));
            }
            (true, _) => {}
            (false, b'"') => in_string = true,
            (false, b'{' | b'[') => {
                depth += 1;
                if depth > crate::limits::MAX_DEPTH {
                    return Err(crate::limits::too_deep(src, i));
                }
            }
            (false, b'}' | b']') => match depth.checked_sub(1) {
                None => return Ok(None),
                Some(0) => return Ok(Some(i + 1)),
                Some(d) => depth = d,
            },
            _ => {}
        }
    }
    Ok(None)
}

fn span(range: Range) -> Span {
    range.start..range.end
}

fn prop_name<'a>(prop: &'a ObjectProp) -> &'a str {
    match &prop.name {
        ObjectPropName::String(s) => &s.value,
        ObjectPropName::Word(w) => w.value,
    }
}

fn is_metadata(prop: &ObjectProp) -> bool {
    prop_name(prop) == METADATA_KEY
}

/// The top object's `sops` member; a second one is refused, as it is unclear which to keep.
fn find_metadata<'o, 'a>(
    src: &[u8],
    top: &'o Object<'a>,
) -> Result<Option<&'o ObjectProp<'a>>, StoreError> {
    let mut found = top.properties.iter().filter(|p| is_metadata(p));
    let first = found.next();
    if let Some(second) = found.next() {
        return Err(StoreError::at(
            src,
            second.range.start,
            StoreErrorKind::NotExact,
            "a second `sops` member",
        ));
    }
    Ok(first)
}

fn metadata_value(text: &str, prop: &ObjectProp) -> Result<Value, StoreError> {
    serde_json::from_str(&text[span(prop.value.range())]).map_err(|e| {
        StoreError::at(
            text.as_bytes(),
            prop.range.start,
            StoreErrorKind::Syntax,
            e.to_string(),
        )
    })
}

/// The bytes that go with the `sops` member: from the end of the previous member (taking the
/// separating comma), else up to the next member, else the whole inside of the braces.
fn removal_span(top: &Object, prop: &ObjectProp) -> Span {
    let index = top
        .properties
        .iter()
        .position(|p| std::ptr::eq(p, prop))
        .unwrap_or(0);
    if index > 0 {
        top.properties[index - 1].range.end..prop.range.end
    } else if let Some(next) = top.properties.get(1) {
        prop.range.start..next.range.start
    } else {
        // The only member: what `metadata_edits` inserted after the `{`, so that the
        // bytes between the braces come back as they were (`{\n}` stays so).
        top.range.start + 1..prop.range.end
    }
}

/// The whitespace before the first member on its line, if that is all that precedes it.
fn indent_unit(src: &[u8], top: &Object) -> String {
    let detected = top.properties.first().and_then(|first| {
        let line_start = first.range.start - edit::column(src, first.range.start);
        let before = &src[line_start..first.range.start];
        let is_indent = line_start > top.range.start && !before.is_empty();
        (is_indent && before.iter().all(|b| matches!(b, b' ' | b'\t')))
            .then(|| String::from_utf8_lossy(before).into_owned())
    });
    detected.unwrap_or_else(|| "\t".into())
}

/// Numbers leaves in document order while building the tree.
struct Builder<'s> {
    src: &'s [u8],
    lines: edit::LineIndex,
    next_id: usize,
}

impl Builder<'_> {
    fn members(
        &mut self,
        object: &Object,
        keep: impl Fn(&str) -> bool,
    ) -> Result<Vec<Entry>, StoreError> {
        let mut entries = Vec::new();
        for prop in object.properties.iter().filter(|p| keep(prop_name(p))) {
            let indent = self.lines.column(prop.range.start);
            entries.push(Entry::Pair {
                key: prop_name(prop).to_string(),
                key_span: span(prop.name.range()),
                value: self.node(&prop.value, indent)?,
            });
        }
        Ok(entries)
    }

    fn node(&mut self, value: &Ast, indent: usize) -> Result<Node, StoreError> {
        let scalar = match value {
            Ast::Object(object) => {
                let entries = self.members(object, |_| true)?;
                return Ok(Node::Map {
                    entries,
                    span: span(object.range),
                });
            }
            Ast::Array(array) => return self.list(array),
            Ast::StringLit(s) => Scalar::Str(s.value.to_string()),
            Ast::NumberLit(n) => Scalar::Float(self.number(n.value, n.range)?),
            Ast::BooleanLit(b) => Scalar::Bool(b.value),
            Ast::NullKeyword(_) => Scalar::Null,
        };
        let leaf = Leaf {
            id: self.next_id,
            value: scalar,
            span: span(value.range()),
            indent,
            in_flow: false,
        };
        self.next_id += 1;
        Ok(Node::Scalar(leaf))
    }

    fn list(&mut self, array: &Array) -> Result<Node, StoreError> {
        let items = array
            .elements
            .iter()
            .map(|item| self.node(item, self.lines.column(item.range().start)))
            .collect::<Result<_, _>>()?;
        Ok(Node::List {
            items,
            span: span(array.range),
        })
    }

    /// sops 3.11 reads every JSON number as a float64.
    fn number(&self, text: &str, range: Range) -> Result<f64, StoreError> {
        text.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .ok_or_else(|| {
                StoreError::at(
                    self.src,
                    range.start,
                    StoreErrorKind::Syntax,
                    "number out of float64 range",
                )
            })
    }
}

/// Writes, replaces or removes the `sops` member.
fn metadata_edits(layout: &Layout, parsed: &Parsed, metadata: Option<&Value>) -> Vec<Edit> {
    let Some(metadata) = metadata else {
        return parsed
            .metadata_spans
            .iter()
            .map(|span| (span.clone(), Vec::new()))
            .collect();
    };
    let Layout {
        unit,
        line_break: nl,
        ..
    } = layout;
    let rendered = render_value(metadata, unit, nl, 1);
    let edit = match (&layout.metadata_value, layout.last_member_end) {
        (Some(value), _) => (value.clone(), rendered),
        (None, Some(end)) => (
            end..end,
            format!(",{nl}{unit}\"{METADATA_KEY}\": {rendered}"),
        ),
        // Before whatever is between the braces, which stays (see `removal_span`).
        (None, None) => (
            layout.open + 1..layout.open + 1,
            format!("{nl}{unit}\"{METADATA_KEY}\": {rendered}"),
        ),
    };
    vec![(edit.0, edit.1.into_bytes())]
}

/// `value` as Go's `json.Indent` lays it out at nesting `depth`.
pub(super) fn render_value(value: &Value, unit: &str, nl: &str, depth: usize) -> String {
    let inner = unit.repeat(depth + 1);
    let outer = unit.repeat(depth);
    match value {
        Value::Object(map) if !map.is_empty() => {
            let members: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{nl}{inner}{}: {}",
                        go_string(k),
                        render_value(v, unit, nl, depth + 1)
                    )
                })
                .collect();
            format!("{{{}{nl}{outer}}}", members.join(","))
        }
        Value::Array(items) if !items.is_empty() => {
            let items: Vec<String> = items
                .iter()
                .map(|v| format!("{nl}{inner}{}", render_value(v, unit, nl, depth + 1)))
                .collect();
            format!("[{}{nl}{outer}]", items.join(","))
        }
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        Value::String(s) => go_string(s),
        Value::Number(n) => match n.as_f64() {
            Some(f) if !n.is_i64() && !n.is_u64() => go_float(f).unwrap_or_else(|_| n.to_string()),
            _ => n.to_string(),
        },
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
    }
}

/// A JSON string literal escaped as Go's encoding/json does (HTML-safe).
pub(super) fn go_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A float64 as Go's encoding/json writes it: shortest digits, exponent form outside
/// [1e-6, 1e21). JSON has no Inf or NaN.
fn go_float(f: f64) -> Result<String, StoreError> {
    if !f.is_finite() {
        return Err(StoreError::new(
            StoreErrorKind::Emit,
            "an infinite or NaN number cannot be written in JSON",
        ));
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let text = format!("{f:e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        Ok(match exponent.strip_prefix('-') {
            Some(digits) => format!("{mantissa}e-{digits}"),
            None => format!("{mantissa}e+{exponent:0>2}"),
        })
    } else {
        Ok(format!("{f}"))
    }
}

#[cfg(test)]
mod tests;
