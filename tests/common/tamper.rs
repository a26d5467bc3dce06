//! Small, targeted edits of an encrypted file's text, the same for every text format
//! (YAML `key: v`, JSON `"key": "v"`, dotenv `key=v`, INI `key = v`).

use std::ops::Range;

use regex::Regex;

const ENVELOPE: &str = r"ENC\[AES256_GCM,data:([^,\]]+),iv:[^,\]]+,tag:[^,\]]+,type:(\w+)\]";
const MAC_LINE: &str = r#"(?m)^\s*"?(sops_)?mac"?\s*[:=]\s*"?$"#;

/// The byte range of the base64 `data:` of the first encrypted value (not a comment, not
/// the MAC).
pub fn first_value_data(text: &str) -> Range<usize> {
    let envelope = Regex::new(ENVELOPE).unwrap();
    let mac_line = Regex::new(MAC_LINE).unwrap();
    envelope
        .captures_iter(text)
        .filter(|c| &c[2] != "comment")
        .filter(|c| !mac_line.is_match(line_before(text, c.get(0).unwrap().start())))
        .map(|c| c.get(1).unwrap().range())
        .next()
        .expect("an encrypted value")
}

/// The byte range of the base64 `data:` of the MAC.
pub fn mac_data(text: &str) -> Range<usize> {
    let mac_line = Regex::new(MAC_LINE).unwrap();
    Regex::new(ENVELOPE)
        .unwrap()
        .captures_iter(text)
        .find(|c| mac_line.is_match(line_before(text, c.get(0).unwrap().start())))
        .map(|c| c.get(1).unwrap().range())
        .expect("an encrypted MAC")
}

/// Changes one base64 character inside an encrypted value's data.
pub fn flip_value_data(text: &str) -> String {
    flip_first_char(text, first_value_data(text))
}

/// Changes one base64 character inside the encrypted MAC.
pub fn flip_mac(text: &str) -> String {
    flip_first_char(text, mac_data(text))
}

/// Moves `lastmodified` a thousand years on (its first digit).
pub fn change_lastmodified(text: &str) -> String {
    let digit = Regex::new(r#"lastmodified"?\s*[:=]\s*"?(\d)"#).unwrap();
    let range = digit
        .captures(text)
        .expect("a lastmodified")
        .get(1)
        .unwrap()
        .range();
    let next = (text.as_bytes()[range.start] - b'0' + 1) % 10;
    replace(text, range, &next.to_string())
}

/// Changes the last character of the first value stored in clear under an
/// `_unencrypted` key.
pub fn change_unencrypted_value(text: &str) -> String {
    let value = Regex::new(r#"(?m)_unencrypted"?\s*[:=][ \t]*"?[^\n"]*([A-Za-z0-9])"#).unwrap();
    let range = value
        .captures(text)
        .expect("an _unencrypted value")
        .get(1)
        .unwrap()
        .range();
    let replacement = if &text[range.clone()] == "X" {
        "Y"
    } else {
        "X"
    };
    replace(text, range, replacement)
}

/// Replaces an encrypted value's whole data with text that is not base64.
pub fn break_value_envelope(text: &str) -> String {
    replace(text, first_value_data(text), "not*base64!")
}

fn flip_first_char(text: &str, range: Range<usize>) -> String {
    let at = range.start..range.start + 1;
    let replacement = if &text[at.clone()] == "A" { "B" } else { "A" };
    replace(text, at, replacement)
}

fn replace(text: &str, range: Range<usize>, with: &str) -> String {
    let mut out = text.to_string();
    out.replace_range(range, with);
    out
}

/// The text of the line that holds byte `at`, up to `at`.
fn line_before(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    &text[start..at]
}
