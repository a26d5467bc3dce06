//! YAML as go-yaml v3 writes it for sops: block style, `indent` spaces per mapping level,
//! a sequence item's content two columns right of its dash, no line wrapping, and each
//! string in the first style that reads back as the same string (plain, single-quoted,
//! double-quoted; literal `|` for several lines).

use super::{Data, Style, go_format_g};
use crate::store::Format;
use crate::tree::{Entry, Node, Scalar};

/// A whole document: a top-level mapping.
pub fn document(data: &Data, style: &Style) -> String {
    value(data, style)
}

/// Any value as a document of its own.
pub fn value(data: &Data, style: &Style) -> String {
    let mut emitter = Emitter {
        out: String::new(),
        best: style.yaml_indent.max(1),
    };
    match data {
        Data::Map(entries) if !entries.is_empty() => emitter.mapping(entries, 0, false),
        Data::List(items) if !items.is_empty() => emitter.sequence(items, 0, false),
        Data::Map(_) => emitter.out.push_str("{}\n"),
        Data::List(_) => emitter.out.push_str("[]\n"),
        Data::Scalar(scalar) => {
            let text = emitter.scalar(scalar, 0, false);
            emitter.out.push_str(&text);
            emitter.out.push('\n');
        }
    }
    emitter.out
}

struct Emitter {
    out: String,
    best: usize,
}

impl Emitter {
    /// The indent of a collection or block scalar below a mapping key at `indent`: the
    /// next multiple of the indent width.
    fn below_key(&self, indent: usize) -> usize {
        self.best * ((indent + self.best) / self.best)
    }

    fn pad(&mut self, indent: usize) {
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    /// `first_inline`: the first key goes on the current line (after a sequence's `- `).
    fn mapping(&mut self, entries: &[(String, Data)], indent: usize, first_inline: bool) {
        for (i, (key, value)) in entries.iter().enumerate() {
            if i > 0 || !first_inline {
                self.pad(indent);
            }
            self.out.push_str(&key_text(key));
            self.out.push(':');
            self.after_indicator(value, self.below_key(indent), false);
        }
    }

    fn sequence(&mut self, items: &[Data], indent: usize, first_inline: bool) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 || !first_inline {
                self.pad(indent);
            }
            self.out.push('-');
            self.after_indicator(item, indent + 2, true);
        }
    }

    /// What follows `key:` or `-`: a nested collection (on the next lines, or after the
    /// dash for a sequence item), `{}`/`[]`, or a scalar; `indent` is the child's.
    fn after_indicator(&mut self, value: &Data, indent: usize, in_sequence: bool) {
        match value {
            Data::Map(entries) if !entries.is_empty() => {
                if in_sequence {
                    self.out.push(' ');
                    self.mapping(entries, indent, true);
                } else {
                    self.out.push('\n');
                    self.mapping(entries, indent, false);
                }
            }
            Data::List(items) if !items.is_empty() => {
                if in_sequence {
                    self.out.push(' ');
                    self.sequence(items, indent, true);
                } else {
                    self.out.push('\n');
                    self.sequence(items, indent, false);
                }
            }
            Data::Map(_) => self.out.push_str(" {}\n"),
            Data::List(_) => self.out.push_str(" []\n"),
            Data::Scalar(scalar) => {
                let text = self.scalar(scalar, indent, true);
                self.out.push(' ');
                self.out.push_str(&text);
                self.out.push('\n');
            }
        }
    }

    /// A scalar's text; a literal block's lines are indented by `indent`.
    fn scalar(&self, scalar: &Scalar, indent: usize, block_ok: bool) -> String {
        match scalar {
            Scalar::Null => "null".into(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => match go_format_g(*f).as_str() {
                "+Inf" => ".inf".into(),
                "-Inf" => "-.inf".into(),
                "NaN" => ".nan".into(),
                text => text.into(),
            },
            Scalar::Time(t) => t.clone(),
            Scalar::Str(s) => string_text(s, indent, self.best, block_ok),
            Scalar::Bytes(b) => {
                string_text(&String::from_utf8_lossy(b), indent, self.best, block_ok)
            }
        }
    }
}

/// A mapping key: as a string, but never a block (a key is a simple key).
fn key_text(key: &str) -> String {
    string_text(key, 0, 4, false)
}

/// A string in go-yaml v3's style: literal block for several lines (where allowed),
/// plain when it reads back as this string, else single- or double-quoted.
fn string_text(s: &str, indent: usize, best: usize, block_ok: bool) -> String {
    let analysis = Analysis::of(s);
    if s.contains('\n') {
        if block_ok && analysis.block_allowed {
            return literal(s, indent, best);
        }
        return double_quoted(s);
    }
    if s.is_empty() {
        return "\"\"".into();
    }
    if analysis.plain_allowed {
        // go-yaml asks for plain text only where it reads back as this string.
        return if reads_as_string(s) {
            s.to_string()
        } else {
            double_quoted(s)
        };
    }
    // Text that may not be plain (an indicator, an edge space) is a string either way.
    if analysis.single_allowed {
        return format!("'{}'", s.replace('\'', "''"));
    }
    double_quoted(s)
}

/// Whether plain `s` reads back as this string: go-yaml quotes text that would read as
/// something else (null, bool, number, timestamp), YAML 1.1's booleans (`yes`, `on`,
/// `n`…) and base-60 numbers (`1:20`).
fn reads_as_string(s: &str) -> bool {
    if is_old_bool(s) || is_base60_float(s) {
        return false;
    }
    let probe = format!("k: {s}\n");
    let Ok(parsed) = Format::Yaml.store().parse(probe.as_bytes()) else {
        return false;
    };
    let Some(doc) = parsed.docs.first() else {
        return false;
    };
    matches!(
        doc.entries.as_slice(),
        [Entry::Pair { value: Node::Scalar(leaf), .. }] if leaf.value == Scalar::Str(s.to_string())
    )
}

fn is_old_bool(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    )
}

/// go-yaml's `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (body, fraction) = match body.split_once('.') {
        Some((b, f)) => (b, Some(f)),
        None => (body, None),
    };
    if fraction.is_some_and(|f| !f.bytes().all(|b| b.is_ascii_digit() || b == b'_')) {
        return false;
    }
    let mut parts = body.split(':');
    let head = parts.next().unwrap_or_default();
    let head_ok = head.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && head.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    let rest: Vec<&str> = parts.collect();
    head_ok
        && !rest.is_empty()
        && rest.iter().all(|part| {
            let b = part.as_bytes();
            match b {
                [d] => d.is_ascii_digit(),
                [a, d] => (b'0'..=b'5').contains(a) && d.is_ascii_digit(),
                _ => false,
            }
        })
}

/// What libyaml's scalar analysis allows for a string (block context).
struct Analysis {
    plain_allowed: bool,
    single_allowed: bool,
    block_allowed: bool,
}

impl Analysis {
    fn of(s: &str) -> Analysis {
        if s.is_empty() {
            return Analysis {
                plain_allowed: false,
                single_allowed: true,
                block_allowed: false,
            };
        }
        let chars: Vec<char> = s.chars().collect();
        let mut block_indicators = s.starts_with("---") || s.starts_with("...");
        let (mut leading_space, mut leading_break) = (false, false);
        let (mut trailing_space, mut trailing_break) = (false, false);
        let (mut break_space, mut space_break) = (false, false);
        let (mut previous_space, mut previous_break) = (false, false);
        let mut special = false;
        let mut line_breaks = false;
        let blank = |c: Option<&char>| matches!(c, None | Some(' ' | '\t' | '\n' | '\r'));
        let mut preceded_by_whitespace = true;
        for (i, &c) in chars.iter().enumerate() {
            let followed_by_whitespace = blank(chars.get(i + 1));
            let last = i + 1 == chars.len();
            if i == 0 {
                match c {
                    '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\''
                    | '"' | '%' | '@' | '`' => block_indicators = true,
                    '?' | ':' if followed_by_whitespace => block_indicators = true,
                    '-' if followed_by_whitespace => block_indicators = true,
                    _ => {}
                }
            } else {
                match c {
                    ':' if followed_by_whitespace => block_indicators = true,
                    '#' if preceded_by_whitespace => block_indicators = true,
                    _ => {}
                }
            }
            if !is_printable(c) {
                special = true;
            }
            if c == '\n' {
                line_breaks = true;
            }
            if c == ' ' {
                leading_space |= i == 0;
                trailing_space |= last;
                break_space |= previous_break;
                previous_space = true;
                previous_break = false;
            } else if c == '\n' {
                leading_break |= i == 0;
                trailing_break |= last;
                space_break |= previous_space;
                previous_break = true;
                previous_space = false;
            } else {
                previous_space = false;
                previous_break = false;
            }
            preceded_by_whitespace = blank(Some(&c));
        }
        let mut plain = !(leading_space || leading_break || trailing_space || trailing_break);
        let mut single = true;
        let mut block = !trailing_space;
        if break_space {
            plain = false;
            single = false;
        }
        if space_break || special {
            plain = false;
            single = false;
            block = false;
        }
        if line_breaks || block_indicators {
            plain = false;
        }
        Analysis {
            plain_allowed: plain,
            single_allowed: single,
            block_allowed: block,
        }
    }
}

/// libyaml's printable set (a tab is not: it forces double quotes).
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// `|`, `|-` or `|+` (with an indentation digit when the text starts with a space or a
/// line break), then the lines indented by `indent`.
fn literal(s: &str, indent: usize, best: usize) -> String {
    let mut out = String::from("|");
    if s.starts_with([' ', '\n']) {
        out.push_str(&best.to_string());
    }
    let trailing_breaks = s.len() - s.trim_end_matches('\n').len();
    if trailing_breaks == 0 {
        out.push('-');
    } else if trailing_breaks >= 2 || s == "\n" {
        out.push('+');
    }
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(line);
        }
    }
    out
}

/// A double-quoted string with YAML's escapes for what is not printable.
fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{a0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if is_printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02X}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}
