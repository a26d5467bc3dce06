//! JSON as sops writes it: Go's encoding/json values (HTML characters escaped, floats in
//! Go's spelling) indented by `json.Indent`, a tab per level unless told otherwise.

use super::{Data, Style, emit_error};
use crate::store::StoreError;
use crate::tree::Scalar;

/// A whole document, with a final line break.
pub fn document(data: &Data, style: &Style) -> Result<Vec<u8>, StoreError> {
    let mut out = value(data, style)?;
    out.push(b'\n');
    Ok(out)
}

/// One value, without a final line break.
pub fn value(data: &Data, style: &Style) -> Result<Vec<u8>, StoreError> {
    let unit = match style.json_indent {
        None => "\t".to_string(),
        Some(n) => " ".repeat(n),
    };
    let mut out = String::new();
    write(&mut out, data, &unit, 0)?;
    Ok(out.into_bytes())
}

fn newline(out: &mut String, unit: &str, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str(unit);
    }
}

fn write(out: &mut String, data: &Data, unit: &str, depth: usize) -> Result<(), StoreError> {
    match data {
        Data::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Data::List(items) if items.is_empty() => out.push_str("[]"),
        Data::Map(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, unit, depth + 1);
                string(out, key);
                out.push_str(": ");
                write(out, value, unit, depth + 1)?;
            }
            newline(out, unit, depth);
            out.push('}');
        }
        Data::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, unit, depth + 1);
                write(out, item, unit, depth + 1)?;
            }
            newline(out, unit, depth);
            out.push(']');
        }
        Data::Scalar(scalar) => match scalar {
            Scalar::Null => out.push_str("null"),
            Scalar::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Scalar::Int(i) => out.push_str(&i.to_string()),
            Scalar::Float(f) => out.push_str(&float(*f)?),
            Scalar::Str(s) | Scalar::Time(s) => string(out, s),
            Scalar::Bytes(b) => string(out, &String::from_utf8_lossy(b)),
        },
    }
    Ok(())
}

/// encoding/json's float: `%f` form from 1e-6 to 1e21, else exponent form (`1e-7`,
/// `1e+21`); NaN and infinities cannot be written.
fn float(f: f64) -> Result<String, StoreError> {
    if !f.is_finite() {
        return Err(emit_error(format!("{f} cannot be written as JSON")));
    }
    let abs = f.abs();
    if abs == 0.0 || (1e-6..1e21).contains(&abs) {
        return Ok(format!("{f}"));
    }
    let scientific = format!("{f:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    Ok(format!("{mantissa}e{sign}{}", exponent.abs()))
}

/// A JSON string as encoding/json writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped too.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
