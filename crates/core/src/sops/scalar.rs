//! The canonical plaintext of each scalar type: the bytes sops encrypts and hashes into
//! the MAC, and how they are read back (sops-format.md §2.3, §2.5).

use std::borrow::Cow;

use crate::tree::Scalar;

/// The `type:` name sops writes in an envelope for a value.
pub fn type_name(value: &Scalar) -> &'static str {
    match value {
        Scalar::Str(_) | Scalar::Bytes(_) => "str",
        Scalar::Int(_) => "int",
        Scalar::Float(_) => "float",
        Scalar::Bool(_) => "bool",
        Scalar::Time(_) => "time",
        Scalar::Null => "null",
    }
}

/// The bytes sops encrypts and hashes for a value. Null has none (it is never encrypted
/// nor hashed). Strings are borrowed: this runs once per value of a file.
pub fn canonical_bytes(value: &Scalar) -> Cow<'_, [u8]> {
    match value {
        Scalar::Null => Cow::Borrowed(b""),
        Scalar::Bool(true) => Cow::Borrowed(b"True"),
        Scalar::Bool(false) => Cow::Borrowed(b"False"),
        Scalar::Int(i) => Cow::Owned(i.to_string().into_bytes()),
        Scalar::Float(f) => Cow::Owned(format_float(*f).into_bytes()),
        Scalar::Str(s) | Scalar::Time(s) => Cow::Borrowed(s.as_bytes()),
        Scalar::Bytes(b) => Cow::Borrowed(b),
    }
}

/// Shortest round-trip digits in fixed notation, as Go's `FormatFloat(f, 'f', -1, 64)`.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f == f64::INFINITY {
        "+Inf".into()
    } else if f == f64::NEG_INFINITY {
        "-Inf".into()
    } else {
        // Rust's Display already prints the shortest round-trip digits, never in exponent form.
        format!("{f}")
    }
}

/// A finite float as Go's `FormatFloat(f, 'g'|'G', -1, 64)` spells it (`exponent_mark` is
/// `e` or `E`), except that a whole number keeps a `.0` so it is not read back as an int.
pub fn format_float_g(f: f64, exponent_mark: char) -> String {
    let scientific = format!("{f:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if !(-4..6).contains(&exponent) {
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{mantissa}{exponent_mark}{sign}{:02}", exponent.abs());
    }
    let fixed = format!("{f}");
    if fixed.contains('.') {
        fixed
    } else {
        format!("{fixed}.0")
    }
}

/// Why a decrypted plaintext could not be read as its declared type.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ScalarError {
    #[error("unknown data type `{0}`")]
    UnknownType(String),
    #[error("the plaintext is not a valid {0}")]
    Invalid(&'static str),
}

/// What a decrypted plaintext of a given `type:` means.
#[derive(Debug, PartialEq)]
pub enum Decoded {
    Value(Scalar),
    Comment(String),
}

/// Reads a decrypted plaintext as the type named in its envelope, as Go sops parses it.
pub fn decode(type_name: &str, plaintext: Vec<u8>) -> Result<Decoded, ScalarError> {
    let text = || String::from_utf8(plaintext.clone());
    let value = match type_name {
        "str" | "bytes" => match String::from_utf8(plaintext) {
            Ok(s) => Scalar::Str(s),
            Err(e) => Scalar::Bytes(e.into_bytes()),
        },
        "comment" => {
            return text()
                .map(Decoded::Comment)
                .map_err(|_| ScalarError::Invalid("comment"));
        }
        "int" => Scalar::Int(
            text()
                .ok()
                .and_then(|s| s.parse().ok())
                .ok_or(ScalarError::Invalid("int"))?,
        ),
        "float" => Scalar::Float(
            text()
                .ok()
                .and_then(|s| parse_go_float(&s))
                .ok_or(ScalarError::Invalid("float"))?,
        ),
        "bool" => Scalar::Bool(
            text()
                .ok()
                .and_then(|s| parse_go_bool(&s))
                .ok_or(ScalarError::Invalid("bool"))?,
        ),
        "time" => Scalar::Time(
            text()
                .ok()
                .filter(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok())
                .ok_or(ScalarError::Invalid("time"))?,
        ),
        other => return Err(ScalarError::UnknownType(other.to_string())),
    };
    Ok(Decoded::Value(value))
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for the forms sops writes, plus `+Inf`/`-Inf`/`NaN`.
fn parse_go_float(s: &str) -> Option<f64> {
    match s.to_ascii_lowercase().as_str() {
        "+inf" | "inf" | "+infinity" | "infinity" => Some(f64::INFINITY),
        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
        "nan" => Some(f64::NAN),
        _ => s.replace('_', "").parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_in_shortest_fixed_notation() {
        let cases = [
            (2.5, "2.5"),
            (2.0, "2"),
            (1e3, "1000"),
            (1.5e-7, "0.00000015"),
            (123_456_789.123_456_79, "123456789.12345679"),
            (1e20, "100000000000000000000"),
            (12345678901234567890.0, "12345678901234567000"),
            (-0.0, "-0"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (f64::NAN, "NaN"),
        ];
        for (value, text) in cases {
            assert_eq!(format_float(value), text, "{value:?}");
        }
    }

    #[test]
    fn decode_follows_go_parsers() {
        assert_eq!(
            decode("bool", b"True".to_vec()),
            Ok(Decoded::Value(Scalar::Bool(true)))
        );
        assert_eq!(
            decode("int", b"-5".to_vec()),
            Ok(Decoded::Value(Scalar::Int(-5)))
        );
        assert_eq!(
            decode("float", b"+Inf".to_vec()),
            Ok(Decoded::Value(Scalar::Float(f64::INFINITY)))
        );
        assert!(decode("int", b"1.5".to_vec()).is_err());
        assert!(matches!(
            decode("wat", vec![]),
            Err(ScalarError::UnknownType(_))
        ));
    }
}
