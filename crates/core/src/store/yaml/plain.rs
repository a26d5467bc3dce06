//! How a value is written when there is no original text for it: go-yaml's choices where
//! they read back as the same value, and never a spelling that changes its type.

use base64::Engine;

use super::resolve::resolve_plain_unless_string;
use crate::sops::scalar::format_float_g;
use crate::tree::{Leaf, Scalar};

/// The text for `value` at `leaf`: plain when it reads back the same, else quoted; a
/// multi-line string in block context as a literal block indented under the leaf's owner.
pub fn plain_text(leaf: &Leaf, value: &Scalar) -> String {
    scalar_text(value, leaf.indent + 2, leaf.in_flow)
}

/// `value` as YAML text; `block_indent` is where a literal block's lines start.
pub fn scalar_text(value: &Scalar, block_indent: usize, in_flow: bool) -> String {
    match value {
        Scalar::Null => "null".into(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => float_text(*f),
        Scalar::Time(t) => t.clone(),
        Scalar::Bytes(b) => format!(
            "!!binary {}",
            base64::engine::general_purpose::STANDARD.encode(b)
        ),
        Scalar::Str(s) if is_plain_safe(s, in_flow) => s.clone(),
        Scalar::Str(s) if !in_flow && fits_literal_block(s) => literal_block(s, block_indent),
        Scalar::Str(s) => double_quoted(s),
    }
}

/// go-yaml's `FormatFloat(f, 'g', -1, 64)`, but a whole number keeps a `.0` so that it
/// is not read back as an int.
pub fn float_text(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    format_float_g(f, 'e')
}

/// Plain text that go-yaml reads back as this very string, in this context.
fn is_plain_safe(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let second = s.chars().nth(1);
    let leading_indicator = match first {
        '-' | '?' | ':' => second.is_none_or(|c| c == ' ' || (in_flow && ",[]{}".contains(c))),
        _ => ",[]{}#&*!|>'\"%@`".contains(first),
    };
    let awkward = s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace)
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || s == "<<"
        || is_yaml11_special(s)
        || s.chars().any(|c| c.is_control() || is_special_unicode(c))
        || (in_flow && s.contains([',', '[', ']', '{', '}', ':']));
    !leading_indicator && !awkward && matches!(resolve_plain_unless_string(s), Ok(None))
}

/// Words YAML 1.1 readers take for booleans or null: go-yaml quotes them, and so do we,
/// so that older tools read the same data.
fn is_yaml11_special(s: &str) -> bool {
    const WORDS: [&str; 12] = [
        "y", "yes", "n", "no", "on", "off", "true", "false", "null", "~", "nan", "inf",
    ];
    WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
}

/// Characters YAML treats as line breaks or a byte-order mark.
fn is_special_unicode(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// A literal block can hold the string when it has no characters that need escapes and
/// its first content line does not start with a space (that would need an indicator).
fn fits_literal_block(s: &str) -> bool {
    let printable = !s
        .chars()
        .any(|c| (c.is_control() && c != '\n') || is_special_unicode(c));
    let first_content = s.split('\n').find(|line| !line.is_empty()).unwrap_or("");
    let leading_blank = s
        .split('\n')
        .take_while(|line| line.trim().is_empty())
        .any(|line| !line.is_empty());
    s.contains('\n') && printable && !first_content.starts_with(' ') && !leading_blank
}

/// `|`, `|-` or `|+` by the trailing line breaks; the last line break is left to the
/// caller (it stays in the file after the replaced span).
pub fn literal_block(s: &str, indent: usize) -> String {
    let body = s.strip_suffix('\n');
    let chomping = match body {
        None => "-",
        Some(b) if b.ends_with('\n') || b.is_empty() => "+",
        Some(_) => "",
    };
    let pad = " ".repeat(indent);
    let mut out = format!("|{chomping}");
    for line in body.unwrap_or(s).split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

/// A double-quoted scalar with YAML escapes.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            '\u{feff}' => out.push_str("\\uFEFF"),
            c if c.is_control() => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: Scalar) -> String {
        scalar_text(&value, 2, false)
    }

    #[test]
    fn floats_never_read_back_as_ints() {
        assert_eq!(float_text(2.0), "2.0");
        assert_eq!(float_text(0.75), "0.75");
        assert_eq!(float_text(100000.0), "100000.0");
        assert_eq!(float_text(1e6), "1e+06");
        assert_eq!(float_text(1234567.5), "1.2345675e+06");
        assert_eq!(float_text(1.5e-7), "1.5e-07");
        assert_eq!(float_text(0.0001), "0.0001");
        assert_eq!(float_text(f64::NEG_INFINITY), "-.inf");
    }

    #[test]
    fn strings_are_plain_only_when_they_read_back_the_same() {
        assert_eq!(text(Scalar::Str("hello world".into())), "hello world");
        assert_eq!(
            text(Scalar::Str("yes".into())),
            "\"yes\"",
            "YAML 1.1 readers take it for a bool"
        );
        assert_eq!(text(Scalar::Str("true".into())), "\"true\"");
        assert_eq!(text(Scalar::Str("123".into())), "\"123\"");
        assert_eq!(text(Scalar::Str("a: b".into())), "\"a: b\"");
        assert_eq!(text(Scalar::Str(" lead".into())), "\" lead\"");
        assert_eq!(text(Scalar::Str("".into())), "\"\"");
        assert_eq!(text(Scalar::Str("tab\there".into())), "\"tab\\there\"");
        assert_eq!(scalar_text(&Scalar::Str("a,b".into()), 2, true), "\"a,b\"");
    }

    #[test]
    fn multi_line_strings_become_literal_blocks() {
        assert_eq!(text(Scalar::Str("a\nb\n".into())), "|\n  a\n  b");
        assert_eq!(text(Scalar::Str("a\nb".into())), "|-\n  a\n  b");
        assert_eq!(text(Scalar::Str("a\n\n".into())), "|+\n  a\n");
        assert_eq!(text(Scalar::Str(" a\nb".into())), "\" a\\nb\"");
    }
}
