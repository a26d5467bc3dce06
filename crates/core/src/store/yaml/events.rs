//! saphyr's event stream with byte-exact spans (from `fast` where it can).

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::lexical::{Source, scalar_span};
use crate::store::{StoreError, StoreErrorKind};
use crate::tree::Span;

/// One parser event with its span in bytes: `exact` is what a replacement overwrites
/// (scalars), the node's first byte (collection starts) or the closing bracket (flow ends);
/// `raw` is saphyr's own span.
pub struct Token<'a> {
    pub event: Event<'a>,
    pub raw: Span,
    pub exact: Span,
}

/// All events of the text, with exact spans, or the first syntax error.
pub fn tokenize<'a>(source: &Source<'a>) -> Result<Vec<Token<'a>>, StoreError> {
    match super::fast::tokenize(source.text) {
        Some(tokens) => Ok(tokens),
        None => saphyr_tokens(source),
    }
}

/// A block scalar that ends the file without a final line break: saphyr reads the end of
/// the file as one more line break, go-yaml (and the YAML spec) do not, so that
/// `k: |\n  a\n  b` is `a\nb` (sops) and not `a\nb\n`. The fast tokenizer gives what
/// saphyr gives; both are corrected here.
pub fn chomp_final_block(text: &str, tokens: &mut [Token]) {
    let ends_without_break = !text.ends_with(['\n', '\r']);
    let last_scalar = tokens.iter_mut().rev().find(|t| {
        !matches!(
            t.event,
            Event::MappingEnd | Event::SequenceEnd | Event::DocumentEnd | Event::StreamEnd
        )
    });
    let Some(Token {
        event: Event::Scalar(value, style, ..),
        exact,
        ..
    }) = last_scalar
    else {
        return;
    };
    let only_blanks_after = text[exact.end..]
        .bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if ends_without_break && only_blanks_after && is_block_scalar(*style) && value.ends_with('\n') {
        value.to_mut().pop();
    }
}

/// `tokenize` by saphyr, for any YAML.
pub fn saphyr_tokens<'a>(source: &Source<'a>) -> Result<Vec<Token<'a>>, StoreError> {
    let text = source.text;
    let mut tokens = Vec::new();
    // Open collections: the tree and the walks over it recurse, so a file nested too
    // deeply stops here, before its events pile up.
    let mut depth = 0usize;
    for next in Parser::new_from_str(text) {
        let (event, span) = next.map_err(|e| {
            let at = source.byte(e.marker());
            // saphyr counts flow levels in a byte: past 255 it stops, as we would.
            if e.info() == "recursion limit exceeded" {
                return crate::limits::too_deep(text.as_bytes(), at);
            }
            StoreError::at(
                text.as_bytes(),
                at,
                StoreErrorKind::Syntax,
                e.info().to_string(),
            )
        })?;
        let raw = source.byte(&span.start)..source.byte(&span.end);
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > crate::limits::MAX_DEPTH {
            return Err(crate::limits::too_deep(text.as_bytes(), raw.start));
        }
        let exact = exact_span(text, &event, raw.clone())
            .ok_or_else(|| not_exact(text, raw.start, "cannot locate this value exactly"))?;
        tokens.push(Token { event, raw, exact });
    }
    chomp_final_block(text, &mut tokens);
    Ok(tokens)
}

pub fn exact_span(text: &str, event: &Event, raw: Span) -> Option<Span> {
    match event {
        Event::Scalar(_, style, _, _) => scalar_span(text, raw, *style),
        Event::MappingStart(..) | Event::SequenceStart(..) => {
            let start = super::lexical::skip_properties(text, raw.start);
            Some(start..start)
        }
        // saphyr's span of a flow end runs on over the blanks after the bracket.
        Event::MappingEnd | Event::SequenceEnd if text[raw.start..].starts_with(['}', ']']) => {
            Some(raw.start..raw.start + 1)
        }
        _ => Some(raw),
    }
}

pub fn not_exact(text: &str, at: usize, message: &str) -> StoreError {
    StoreError::at(text.as_bytes(), at, StoreErrorKind::NotExact, message)
}

/// True for the styles that are always strings and never span lines of a block.
pub fn is_block_scalar(style: ScalarStyle) -> bool {
    matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
}
