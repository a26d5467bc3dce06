//! Scalar typing as go-yaml v3 resolves it (sops-format.md §6.2), so that types and MAC
//! bytes match sops.

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use saphyr_parser::{ScalarStyle, Tag};

use crate::tree::Scalar;

/// Why a scalar has no value sops can hold.
#[derive(Debug, PartialEq)]
pub enum Unresolved {
    /// An int in [2^63, 2^64): sops cannot walk a uint64 (exit 23).
    Uint64,
    /// A tagged value that is not of its tag's type (`!!int foo`): go-yaml refuses the
    /// file with "cannot decode !!str as a !!int". The type names, not the value.
    Mismatch {
        tag: &'static str,
        found: &'static str,
    },
    /// `!!binary` text that is not base64.
    Base64,
}

const CORE_TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// The value of a scalar with its style and tag, as go-yaml v3 decodes it (`resolve` in
/// its resolve.go and `scalar` in decode.go).
pub fn resolve(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Scalar, Unresolved> {
    match tag.and_then(tag_name) {
        None if style != ScalarStyle::Plain => Ok(Scalar::Str(text.to_string())),
        None => resolve_plain(text, true).map_err(|Uint64| Unresolved::Uint64),
        Some(TagName::Core("str")) => Ok(Scalar::Str(text.to_string())),
        Some(TagName::Core("binary")) => decode_binary(text),
        Some(TagName::Core(name)) => match RESOLVABLE.iter().find(|t| **t == name) {
            Some(tag) => resolve_as(text, tag),
            // `!!seq`, `!!map`, `!!merge` on a scalar: go-yaml keeps the text.
            None => Ok(Scalar::Str(text.to_string())),
        },
        // A local or unknown tag makes go-yaml keep the text as it is.
        Some(TagName::Other) => Ok(Scalar::Str(text.to_string())),
    }
}

/// The core tags go-yaml resolves a value against (`resolvableTag`), besides `!!str`.
const RESOLVABLE: [&str; 5] = ["bool", "int", "float", "null", "timestamp"];

enum TagName<'t> {
    /// `!!int`, or `!<tag:yaml.org,2002:int>`: the name after the prefix.
    Core(&'t str),
    Other,
}

/// The tag as go-yaml tells them apart; `None` for the non-specific `!`, which go-yaml
/// resolves as if there were no tag.
fn tag_name(tag: &Tag) -> Option<TagName<'_>> {
    if tag.handle == CORE_TAG_PREFIX {
        return Some(TagName::Core(&tag.suffix));
    }
    if tag.handle.is_empty() {
        if tag.suffix == "!" {
            return None;
        }
        if let Some(name) = tag.suffix.strip_prefix(CORE_TAG_PREFIX) {
            return Some(TagName::Core(name));
        }
    }
    Some(TagName::Other)
}

/// A value tagged `!!{tag}` (one of `RESOLVABLE`): resolved as plain text is (a timestamp
/// only for `!!timestamp`), then it must be of the tag's type; an int may stand for a float.
fn resolve_as(text: &str, tag: &'static str) -> Result<Scalar, Unresolved> {
    let value = resolve_plain(text, tag == "timestamp").map_err(|Uint64| match tag {
        "int" => Unresolved::Uint64,
        _ => Unresolved::Mismatch { tag, found: "int" },
    })?;
    let found = go_tag(&value);
    match value {
        _ if found == tag => Ok(value),
        Scalar::Int(i) if tag == "float" => Ok(Scalar::Float(i as f64)),
        _ => Err(Unresolved::Mismatch { tag, found }),
    }
}

/// go-yaml's short tag name of a resolved value.
fn go_tag(value: &Scalar) -> &'static str {
    match value {
        Scalar::Null => "null",
        Scalar::Bool(_) => "bool",
        Scalar::Int(_) => "int",
        Scalar::Float(_) => "float",
        Scalar::Time(_) => "timestamp",
        Scalar::Str(_) | Scalar::Bytes(_) => "str",
    }
}

/// `!!binary`: the base64 text decoded (Go's `StdEncoding`: padding required, line breaks
/// skipped); go-yaml yields the bytes as a string.
fn decode_binary(text: &str) -> Result<Scalar, Unresolved> {
    const GO_STD: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::RequireCanonical)
            .with_decode_allow_trailing_bits(true),
    );
    let compact: String = text.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
    let bytes = GO_STD.decode(compact).map_err(|_| Unresolved::Base64)?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => Scalar::Str(s),
        Err(e) => Scalar::Bytes(e.into_bytes()),
    })
}

/// Why plain text has no value sops can hold.
#[derive(Debug, PartialEq)]
pub struct Uint64;

/// Whether `resolve` gives this very text as a string, known without resolving it: a
/// quoted or block scalar, or plain text that no keyword or number spelling can match.
pub fn is_itself_a_string(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> bool {
    tag.is_none() && (style != ScalarStyle::Plain || plain_is_plainly_a_string(text))
}

/// Plain text that no keyword matches and that does not start as a number can: go-yaml's
/// first-character hints send nothing else to a string without looking further.
fn plain_is_plainly_a_string(text: &str) -> bool {
    resolve_keyword(text).is_none()
        && !matches!(
            text.as_bytes().first(),
            Some(b'.' | b'0'..=b'9' | b'+' | b'-')
        )
}

/// Plain text (untagged, or tagged to be resolved): go-yaml's `resolve` with its
/// first-character hints; a timestamp only when `time` (untagged or `!!timestamp`).
fn resolve_plain(text: &str, time: bool) -> Result<Scalar, Uint64> {
    Ok(resolve_hinted(text, time)?.unwrap_or_else(|| Scalar::Str(text.to_string())))
}

/// The value of untagged plain text, but `None` when it is the text itself as a string:
/// no copy.
pub fn resolve_plain_unless_string(text: &str) -> Result<Option<Scalar>, Uint64> {
    resolve_hinted(text, true)
}

fn resolve_hinted(text: &str, time: bool) -> Result<Option<Scalar>, Uint64> {
    if plain_is_plainly_a_string(text) {
        return Ok(None);
    }
    if let Some(known) = resolve_keyword(text) {
        return Ok(Some(known));
    }
    if text.starts_with('.') {
        return Ok(parse_finite_float(text).map(Scalar::Float));
    }
    resolve_number(text, time)
}

/// go-yaml's table of fixed spellings.
fn resolve_keyword(text: &str) -> Option<Scalar> {
    Some(match text {
        "" | "~" | "null" | "Null" | "NULL" => Scalar::Null,
        "true" | "True" | "TRUE" => Scalar::Bool(true),
        "false" | "False" | "FALSE" => Scalar::Bool(false),
        ".nan" | ".NaN" | ".NAN" => Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Scalar::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Scalar::Float(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// Text starting with a digit or sign: timestamp (when `time`), int, float, or else
/// (`None`) a string.
fn resolve_number(text: &str, time: bool) -> Result<Option<Scalar>, Uint64> {
    if let Some(time) = parse_timestamp(text).filter(|_| time) {
        return Ok(Some(Scalar::Time(time)));
    }
    let plain = if text.contains('_') {
        std::borrow::Cow::Owned(text.replace('_', ""))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    match parse_go_int(&plain) {
        GoInt::Signed(i) => return Ok(Some(Scalar::Int(i))),
        GoInt::Unsigned => return Err(Uint64),
        GoInt::Invalid => {}
    }
    if is_yaml_style_float(&plain)
        && let Some(f) = parse_finite_float(&plain)
    {
        return Ok(Some(Scalar::Float(f)));
    }
    // go-yaml retries `0b`/`0o` here, but `ParseInt(_, 0, 64)` above already took them.
    Ok(None)
}

enum GoInt {
    Signed(i64),
    /// Fits uint64 but not int64.
    Unsigned,
    Invalid,
}

/// Go's `ParseInt(s, 0, 64)`, then `ParseUint(s, 0, 64)` (which takes no sign).
fn parse_go_int(s: &str) -> GoInt {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let Some(magnitude) = parse_go_unsigned(digits) else {
        return GoInt::Invalid;
    };
    let signed = if negative {
        0i128 - magnitude as i128
    } else {
        magnitude as i128
    };
    match i64::try_from(signed) {
        Ok(i) => GoInt::Signed(i),
        Err(_) if !negative && !s.starts_with('+') => GoInt::Unsigned,
        Err(_) => GoInt::Invalid,
    }
}

/// An unsigned Go integer literal with base prefix (`0x`, `0o`, `0b`, leading `0` = octal).
fn parse_go_unsigned(digits: &str) -> Option<u64> {
    let prefix = match digits.as_bytes() {
        [b'0', letter, ..] => Some(letter.to_ascii_lowercase()),
        _ => None,
    };
    let (radix, body) = match prefix {
        Some(b'x') => (16, &digits[2..]),
        Some(b'o') => (8, &digits[2..]),
        Some(b'b') => (2, &digits[2..]),
        _ if digits.len() > 1 && digits.starts_with('0') => (8, &digits[1..]),
        _ => (10, digits),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(body, radix).ok()
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => all_digits(frac),
        Some((int, frac)) => all_digits(int) && (frac.is_empty() || all_digits(frac)),
        None => all_digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| all_digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// Go's `ParseFloat` for decimal text; out-of-range values are errors there, so `None`.
fn parse_finite_float(s: &str) -> Option<f64> {
    let plain = s.strip_prefix('+').unwrap_or(s);
    let looks_decimal = plain
        .bytes()
        .all(|b| b.is_ascii_digit() || b".eE+-".contains(&b));
    let f: f64 = plain.parse().ok().filter(|_| looks_decimal)?;
    f.is_finite().then_some(f)
}

/// go-yaml's timestamp forms, in Go's RFC 3339-nano text (`time.MarshalText`).
pub fn parse_timestamp(s: &str) -> Option<String> {
    let (date, rest) = split_date(s)?;
    if rest.is_empty() {
        return Some(format!("{}T00:00:00Z", format_date(date)));
    }
    // The separator may be any character, a multi-byte one too: split after it, not at 1.
    let mut chars = rest.chars();
    let separator = chars.next()?;
    let time_text = chars.as_str();
    let (clock, zone) = match separator {
        'T' | 't' => split_zone(time_text)?,
        ' ' => (time_text, "Z"),
        _ => return None,
    };
    let (h, m, sec, nanos) = parse_clock(clock)?;
    let fraction = format_fraction(nanos);
    Some(format!(
        "{}T{h:02}:{m:02}:{sec:02}{fraction}{zone}",
        format_date(date)
    ))
}

/// `YYYY-M-D` with 1- or 2-digit month and day, validated as a calendar date.
fn split_date(s: &str) -> Option<((i32, u32, u32), &str)> {
    let year_len = s.bytes().take_while(u8::is_ascii_digit).count();
    if year_len != 4 || s.as_bytes().get(4) != Some(&b'-') {
        return None;
    }
    let year = s[..4].parse().ok()?;
    let (month, rest) = take_number(&s[5..], 2)?;
    let rest = rest.strip_prefix('-')?;
    let (day, rest) = take_number(rest, 2)?;
    chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    Some(((year, month, day), rest))
}

fn format_date((year, month, day): (i32, u32, u32)) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// A number of 1 to `max` digits at the start of `s`.
fn take_number(s: &str, max: usize) -> Option<(u32, &str)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > max {
        return None;
    }
    Some((s[..len].parse().ok()?, &s[len..]))
}

/// Splits `15:4:5.1-05:00` into clock and zone; the zone comes back as Go prints it.
fn split_zone(s: &str) -> Option<(&str, &str)> {
    if let Some(clock) = s.strip_suffix('Z') {
        return Some((clock, "Z"));
    }
    let at = s.rfind(['+', '-'])?;
    let (clock, zone) = s.split_at(at);
    let valid = zone.len() == 6
        && zone.as_bytes()[3] == b':'
        && zone[1..3]
            .bytes()
            .chain(zone[4..].bytes())
            .all(|b| b.is_ascii_digit())
        // An offset a time can hold (go-yaml takes up to 24:60; RFC 3339 readers, sops's
        // decrypt included, refuse beyond 23:59): anything else stays a string.
        && zone[1..3] <= *"23"
        && zone[4..] <= *"59";
    let zero = &zone[1..] == "00:00";
    valid.then_some((clock, if zero { "Z" } else { zone }))
}

/// `H:M:S[.fraction]`, with 1- or 2-digit fields; the fraction in nanoseconds.
fn parse_clock(s: &str) -> Option<(u32, u32, u32, u32)> {
    let (h, rest) = take_number(s, 2)?;
    let (m, rest) = take_number(rest.strip_prefix(':')?, 2)?;
    let (sec, rest) = take_number(rest.strip_prefix(':')?, 2)?;
    let nanos = match rest.strip_prefix('.') {
        None if rest.is_empty() => 0,
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            let nine: String = digits
                .chars()
                .chain(std::iter::repeat('0'))
                .take(9)
                .collect();
            nine.parse().ok()?
        }
        _ => return None,
    };
    (h < 24 && m < 60 && sec < 60).then_some((h, m, sec, nanos))
}

/// `.1` for 100ms: nanoseconds with trailing zeros trimmed, nothing when zero.
fn format_fraction(nanos: u32) -> String {
    if nanos == 0 {
        return String::new();
    }
    format!(".{nanos:09}").trim_end_matches('0').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Scalar {
        resolve_plain(text, true).unwrap()
    }

    #[test]
    fn bools_and_nulls_follow_go_yaml() {
        assert_eq!(plain("True"), Scalar::Bool(true));
        assert_eq!(plain("FALSE"), Scalar::Bool(false));
        assert_eq!(plain("yes"), Scalar::Str("yes".into()));
        assert_eq!(plain("off"), Scalar::Str("off".into()));
        assert_eq!(plain("~"), Scalar::Null);
        assert_eq!(plain(""), Scalar::Null);
        assert_eq!(plain("NaN"), Scalar::Str("NaN".into()));
    }

    #[test]
    fn ints_follow_go_yaml() {
        assert_eq!(plain("0x1F"), Scalar::Int(31));
        assert_eq!(plain("0o17"), Scalar::Int(15));
        assert_eq!(plain("0b101"), Scalar::Int(5));
        assert_eq!(plain("0777"), Scalar::Int(511));
        assert_eq!(plain("1_000"), Scalar::Int(1000));
        assert_eq!(plain("+5"), Scalar::Int(5));
        assert_eq!(plain("-17"), Scalar::Int(-17));
        assert_eq!(plain("9223372036854775807"), Scalar::Int(i64::MAX));
        assert_eq!(plain("-9223372036854775808"), Scalar::Int(i64::MIN));
        assert_eq!(resolve_plain("18446744073709551615", true), Err(Uint64));
        assert_eq!(plain("99999999999999999999"), Scalar::Float(1e20));
        assert_eq!(plain("08"), Scalar::Float(8.0));
        assert_eq!(plain("1.2.3"), Scalar::Str("1.2.3".into()));
    }

    #[test]
    fn floats_follow_go_yaml() {
        assert_eq!(plain("1_0.5"), Scalar::Float(10.5));
        assert_eq!(plain(".5"), Scalar::Float(0.5));
        assert_eq!(plain("5."), Scalar::Float(5.0));
        assert_eq!(plain("1e3"), Scalar::Float(1000.0));
        assert_eq!(plain("-.inf"), Scalar::Float(f64::NEG_INFINITY));
        assert!(matches!(plain(".NaN"), Scalar::Float(f) if f.is_nan()));
        assert_eq!(plain("1e400"), Scalar::Str("1e400".into()));
        assert_eq!(plain("-inf"), Scalar::Str("-inf".into()));
    }

    #[test]
    fn timestamps_print_as_go_rfc3339_nano() {
        let time = |s: &str| parse_timestamp(s);
        assert_eq!(time("2002-12-14").as_deref(), Some("2002-12-14T00:00:00Z"));
        assert_eq!(
            time("2001-12-14 21:59:43.10").as_deref(),
            Some("2001-12-14T21:59:43.1Z")
        );
        assert_eq!(
            time("2001-12-14t21:59:43.10-05:00").as_deref(),
            Some("2001-12-14T21:59:43.1-05:00")
        );
        assert_eq!(time("2001-1-2").as_deref(), Some("2001-01-02T00:00:00Z"));
        assert_eq!(time("2001-12-14 21:59:43.10 -5"), None);
        assert_eq!(time("2001-02-30"), None);
        // Found by cargo fuzz: a multi-byte character right after the date.
        assert_eq!(time("2006-01-02йbase"), None);
        // Found by cargo fuzz: an offset no time can hold was sealed as a time.
        assert_eq!(time("2006-01-02T15:04:05+70:06"), None);
        assert_eq!(time("2006-01-02T15:04:05+23:60"), None);
        assert_eq!(
            time("2006-01-02T15:04:05+23:59").as_deref(),
            Some("2006-01-02T15:04:05+23:59")
        );
    }
}
