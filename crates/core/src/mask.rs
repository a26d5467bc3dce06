//! Masking secrets in a byte stream: every secret value, and the forms it is most often
//! leaked in, becomes `*****`. Bytes that match nothing pass through untouched, as soon as
//! they cannot start a match, so colours, line structure and interactive output survive.
//!
//! The forms of each value (and of each line of a multi-line value, on its own):
//!
//! * the raw bytes;
//! * percent-encoded as RFC 3986, `encodeURIComponent`, `encodeURI` and Python's `quote`
//!   encode it, and form-encoded (`+` for a space) as browsers, Python's `quote_plus` and
//!   PHP's `urlencode` do; hex digits upper- or lowercase;
//! * JSON string escaping as serde/JavaScript, Python (`ensure_ascii`), Go (`<>&` escaped)
//!   and PHP (`\/`, `\uXXXX`) write it, without the quotes;
//! * base64, standard and URL-safe, at each of the three byte alignments the value can
//!   have inside a larger encoded string (`user:pass` in HTTP basic auth puts `pass` at an
//!   offset): the characters that depend only on the value (the "stable middle"), and the
//!   same followed by the characters and `=` padding it ends with when the value ends the
//!   encoded data; also when wrapped, as MIME (76 columns), PEM (64) or any encoder
//!   wrapping at 40 columns or more does: see "Wrapped base64" below.
//!
//! Minimum lengths, because a short pattern matches where no secret is:
//!
//! * a value (or a line) shorter than [`MIN_LEN`] characters is not masked at all; the
//!   caller is told which, to warn. Its percent, form and JSON forms are never shorter
//!   than the value and are no likelier to occur by chance, so they follow the same rule.
//! * a base64 form is masked only if it has at least [`MIN_BASE64_LEN`] characters before
//!   any padding, 48 bits of the value: a given 8-character string occurs by chance about
//!   once in 2^48 positions of random base64, so 50 MB of base64 output and a few thousand
//!   forms give a stray `*****` less than once in a thousand runs, where 6 characters
//!   would give several per run. So the base64 of a value is masked at every alignment
//!   from 7 bytes on, at alignment 0 from 6 bytes on, and not for shorter values (whose
//!   raw form still is).
//!
//! Wrapped base64: a line break (`\n` or `\r\n`) with at least [`WRAP_MIN_RUN`] base64
//! characters right before it on its line and one right after it is taken for a break
//! inside wrapped base64, and matching looks through it: forms are matched in the output
//! with such breaks left out, and a match that spans one masks it with the rest. So a form
//! is found wrapped at any width from 40 columns on and at any column, at no cost in
//! patterns. Other line breaks, and those between short lines, are matched as they are
//! (a value split over two short lines is not masked). A form that itself contains such
//! a break (a line of 40 base64 characters or more inside a multi-line value) is stored
//! without it, to match the output as it is seen.
//!
//! Matching is one Aho-Corasick automaton over all forms, leftmost-longest, behind a filter
//! of the forms' first four bytes that rules out almost every position of ordinary output
//! with one table lookup: the cost is linear in the output, whatever the number of secrets. A stream is fed in chunks as they
//! arrive; the masker holds back only the end of the input that could still begin a match
//! (never more than the longest form less one byte, plus the wrapping line breaks inside
//! it and one at its end) and releases everything before it at once; at the end of the
//! input it releases everything.
//!
//! Several streams can be fed to one masker: it masks them as one sequence, in the order
//! the chunks are fed, and hands every output byte back tagged with the stream it came
//! from. A form split between two streams is masked in both (see `secret-process`, which
//! decides what order that is).
//!
//! Memory: the forms, the held-back input and the output are zeroized when dropped and
//! never reallocated with their contents left behind. The automaton's tables encode the
//! forms too; aho-corasick builds and frees them, and no API reaches them to zeroize.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, Input, MatchKind};
use base64::Engine;
use base64::engine::GeneralPurpose;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use zeroize::Zeroizing;

use crate::env::Variables;

/// What a masked value is replaced with.
pub const MASK: &[u8] = b"*****";

/// Shorter values are not masked: masking `1` or `yes` would garble all output.
pub const MIN_LEN: usize = 4;

/// Base64 forms need this many characters (not counting `=`): 48 bits of the value.
pub const MIN_BASE64_LEN: usize = 8;

/// A line break with this many base64 characters before it (and one after) is taken for
/// a break inside wrapped base64, and looked through: MIME wraps at 76, PEM at 64.
pub const WRAP_MIN_RUN: usize = 40;

/// Bytes of several streams, fed in order; the masker tells them apart by this number.
pub type Stream = usize;

/// A streaming filter over one or more streams. Feed it chunks as they are read; what it
/// hands back may be written at once.
#[derive(Clone, Default)]
pub struct Masker {
    /// `None` when there is nothing to mask.
    matcher: Option<Arc<Matcher>>,
    /// Input not yet released: the end that may still begin a match.
    pending: Zeroizing<Vec<u8>>,
    /// Which stream each stretch of `pending` came from, in order.
    runs: Vec<Run>,
    /// How many base64 characters end what was released (counted up to `WRAP_MIN_RUN`).
    run_before: usize,
}

#[derive(Clone, Copy, Debug)]
struct Run {
    stream: Stream,
    /// Where the stretch ends in `pending` (it starts where the previous one ends).
    end: usize,
}

/// The automaton over every form, and what it needs to know about them.
struct Matcher {
    nfa: NFA,
    /// Which 4-byte beginnings some form has (by hash): most positions of the output
    /// start no form, and this tells so without walking the automaton.
    starts: StartFilter,
    /// The length of the longest form: at most this less one byte is ever held back.
    longest: usize,
    forms: usize,
}

/// A bitmap of hashes of the first [`StartFilter::WIDTH`] bytes of every form (each form
/// has at least that many). A clear bit proves that no form starts with those bytes; a set
/// bit may be a collision, and the automaton decides.
struct StartFilter {
    bits: Zeroizing<Vec<u64>>,
    shift: u32,
}

impl StartFilter {
    const WIDTH: usize = 4;

    fn new(forms: &[Zeroizing<Vec<u8>>]) -> StartFilter {
        // About 64 bits per form (at least 4 KiB, at most 4 MiB): few collisions.
        let wanted = (forms.len() * 64).clamp(1 << 15, 1 << 25);
        let log = usize::BITS - (wanted - 1).leading_zeros();
        let mut filter = StartFilter {
            bits: Zeroizing::new(vec![0; 1 << (log - 6)]),
            shift: 32 - log,
        };
        for form in forms {
            let slot = filter.slot(&form[..Self::WIDTH]);
            filter.bits[slot / 64] |= 1 << (slot % 64);
        }
        filter
    }

    fn slot(&self, start: &[u8]) -> usize {
        let word = u32::from_le_bytes([start[0], start[1], start[2], start[3]]);
        (word.wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    /// Whether some form may start with the 4 bytes `start`.
    fn may_start(&self, start: &[u8]) -> bool {
        let slot = self.slot(start);
        self.bits[slot / 64] & (1 << (slot % 64)) != 0
    }
}

/// The automaton could not be built (more forms than it can index).
#[derive(Debug, thiserror::Error)]
#[error("too many secret values to mask ({forms} forms): {source}")]
pub struct MaskError {
    forms: usize,
    source: aho_corasick::BuildError,
}

/// Output of [`Masker::feed`] and [`Masker::finish`]: bytes in order, each part tagged with
/// the stream it belongs to.
#[derive(Default)]
pub struct Masked {
    bytes: Zeroizing<Vec<u8>>,
    parts: Vec<(Stream, Range<usize>)>,
}

impl Masked {
    /// The parts in order: consecutive bytes of one stream are one part.
    pub fn parts(&self) -> impl Iterator<Item = (Stream, &[u8])> {
        self.parts
            .iter()
            .map(|(stream, range)| (*stream, &self.bytes[range.clone()]))
    }

    /// Forgets the parts (keeping the buffer for the next round).
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.parts.clear();
    }

    /// The bytes of one stream, concatenated.
    pub fn of(&self, stream: Stream) -> Vec<u8> {
        self.parts()
            .filter(|(s, _)| *s == stream)
            .flat_map(|(_, bytes)| bytes.iter().copied())
            .collect()
    }

    fn push(&mut self, stream: Stream, bytes: &[u8]) {
        let start = self.bytes.len();
        extend_zeroizing(&mut self.bytes, bytes);
        let end = self.bytes.len();
        match self.parts.last_mut() {
            Some((last, range)) if *last == stream => range.end = end,
            _ => self.parts.push((stream, start..end)),
        }
    }
}

impl fmt::Debug for Masker {
    /// Counts only: the forms are secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Masker")
            .field("forms", &self.matcher.as_ref().map_or(0, |m| m.forms))
            .field("held_back", &self.pending.len())
            .finish()
    }
}

impl Masker {
    /// A masker for the values of `secrets`, and the names of the ones too short to mask.
    pub fn for_secrets(secrets: &Variables) -> Result<(Masker, Vec<String>), MaskError> {
        let mut forms = Vec::new();
        let mut too_short = Vec::new();
        for (name, value) in secrets {
            if value.chars().count() < MIN_LEN {
                if !value.is_empty() {
                    too_short.push(name.clone());
                }
                continue;
            }
            forms_of(value, &mut forms);
        }
        // Every form is at least MIN_LEN bytes; the start filter relies on it.
        forms.retain(|form| form.len() >= StartFilter::WIDTH);
        forms.sort_unstable_by(|a, b| a.as_slice().cmp(b.as_slice()));
        forms.dedup_by(|a, b| a.as_slice() == b.as_slice());
        let matcher = if forms.is_empty() {
            None
        } else {
            Some(Arc::new(Matcher::new(&forms)?))
        };
        let masker = Masker {
            matcher,
            ..Masker::default()
        };
        Ok((masker, too_short))
    }

    /// Takes in `chunk` of `stream`; adds to `out` what can be written now.
    pub fn feed(&mut self, stream: Stream, chunk: &[u8], out: &mut Masked) {
        if chunk.is_empty() {
            return;
        }
        extend_zeroizing(&mut self.pending, chunk);
        let end = self.pending.len();
        match self.runs.last_mut() {
            Some(run) if run.stream == stream => run.end = end,
            _ => self.runs.push(Run { stream, end }),
        }
        self.scan(false, out);
    }

    /// At the end of the input: adds to `out` everything still held back.
    pub fn finish(&mut self, out: &mut Masked) {
        self.scan(true, out);
    }

    /// How many bytes are held back (never more than the longest form less one).
    pub fn held_back(&self) -> usize {
        self.pending.len()
    }

    /// The length of the longest form (0 when there is nothing to mask).
    pub fn longest_form(&self) -> usize {
        self.matcher.as_ref().map_or(0, |m| m.longest)
    }

    /// Masks `pending`, releases what is decided into `out` and keeps the rest.
    fn scan(&mut self, at_end: bool, out: &mut Masked) {
        let pending = &self.pending[..];
        let runs = &self.runs[..];
        let Some(matcher) = &self.matcher else {
            emit(out, pending, runs, 0..pending.len(), false);
            self.release(pending.len());
            return;
        };
        // Matched with wrapping breaks left out; what is found is mapped back.
        let joined = Joined::new(pending, self.run_before, at_end);
        let mut found = Vec::new();
        let view = joined.view();
        let decided = matcher.scan(view, at_end && joined.end == pending.len(), &mut found);
        let mut to_input = joined.to_input();
        let mut released = 0;
        for range in found {
            let (start, end) = (to_input.at(range.start), to_input.at(range.end - 1) + 1);
            if released < start {
                emit(out, pending, runs, released..start, false);
            }
            emit(out, pending, runs, start..end, true);
            released = end;
        }
        let cut = if decided < view.len() {
            to_input.at(decided)
        } else {
            joined.end
        };
        if released < cut {
            emit(out, pending, runs, released..cut, false);
        }
        self.run_before = base64_run(pending, cut, self.run_before);
        self.release(cut);
    }

    /// Drops the first `count` bytes of `pending`.
    fn release(&mut self, count: usize) {
        let len = self.pending.len();
        self.pending.copy_within(count.., 0);
        self.pending.truncate(len - count);
        self.runs.retain_mut(|run| {
            run.end = run.end.saturating_sub(count);
            run.end > 0
        });
    }
}

/// Adds `range` of `pending` to `out`, split by stream; a masked range becomes one `MASK`
/// in each stream it touches.
fn emit(out: &mut Masked, pending: &[u8], runs: &[Run], range: Range<usize>, masked: bool) {
    let mut start = 0;
    for run in runs {
        let (from, to) = (range.start.max(start), range.end.min(run.end));
        if from < to {
            out.push(run.stream, if masked { MASK } else { &pending[from..to] });
        }
        start = run.end;
        if start >= range.end {
            break;
        }
    }
}

impl Matcher {
    fn new(forms: &[Zeroizing<Vec<u8>>]) -> Result<Matcher, MaskError> {
        let nfa = NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // Only anchored searches run, behind `starts`.
            .prefilter(false)
            .build(forms.iter().map(|form| form.as_slice()))
            .map_err(|source| MaskError {
                forms: forms.len(),
                source,
            })?;
        Ok(Matcher {
            longest: nfa.max_pattern_len(),
            starts: StartFilter::new(forms),
            nfa,
            forms: forms.len(),
        })
    }

    /// Finds the matches in `input`, adding each to `found` in order; returns how many
    /// bytes are decided. Leftmost-longest: the
    /// first position where a form starts wins, with its longest form there. A position
    /// is decided when no more input can make a match (or a longer one) start there; the
    /// first undecided position, if any, ends what is released. Only positions within the
    /// longest form's length of the end can be undecided.
    fn scan(&self, input: &[u8], at_end: bool, found: &mut Vec<Range<usize>>) -> usize {
        const WIDTH: usize = StartFilter::WIDTH;
        let len = input.len();
        // Before this, every form that starts somewhere fits in the input.
        let window = len.saturating_sub(self.longest - 1);
        let mut at = 0;
        while at < len {
            if at + WIDTH <= len {
                if !self.starts.may_start(&input[at..at + WIDTH]) {
                    at += 1;
                    continue;
                }
            } else if at_end {
                break; // no form is this short
            }
            if !at_end && at >= window && self.is_open(&input[at..]) {
                return at;
            }
            let anchored = Input::new(input).range(at..).anchored(Anchored::Yes);
            match self.nfa.try_find(&anchored) {
                Ok(Some(m)) => {
                    found.push(m.range());
                    at = m.end();
                }
                _ => at += 1,
            }
        }
        len
    }

    /// Whether more bytes after `rest` could make a match (or a longer one) start at its
    /// first byte.
    fn is_open(&self, rest: &[u8]) -> bool {
        let nfa = &self.nfa;
        let Ok(mut state) = nfa.start_state(Anchored::Yes) else {
            return false;
        };
        for &byte in rest {
            state = nfa.next_state(Anchored::Yes, state, byte);
            if nfa.is_dead(state) {
                return false;
            }
        }
        // A complete match with nothing longer beyond it is decided already.
        !nfa.is_match(state)
            || (0..=u8::MAX).any(|byte| !nfa.is_dead(nfa.next_state(Anchored::Yes, state, byte)))
    }
}

/// A character of either base64 alphabet (padding aside).
fn is_base64(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/' | b'-' | b'_')
}

/// How many base64 characters end `input[..end]`, counting the `before` that preceded
/// `input` if they all are, up to `WRAP_MIN_RUN`.
fn base64_run(input: &[u8], end: usize, before: usize) -> usize {
    let run = input[..end]
        .iter()
        .rev()
        .take(WRAP_MIN_RUN)
        .take_while(|&&b| is_base64(b))
        .count();
    if run == end {
        (run + before).min(WRAP_MIN_RUN)
    } else {
        run
    }
}

/// Input as it is matched: without the line breaks of wrapped base64 (see the module
/// documentation), up to `end`: a break at the very end of the input that the next byte
/// decides about is left for the next round.
struct Joined<'a> {
    input: &'a [u8],
    /// The view when it differs from the input.
    joined: Option<Zeroizing<Vec<u8>>>,
    /// The breaks left out: where in `view` they would be, and how long (1 or 2 bytes).
    breaks: Vec<(usize, usize)>,
    end: usize,
}

impl<'a> Joined<'a> {
    fn new(input: &'a [u8], run_before: usize, at_end: bool) -> Joined<'a> {
        let long_run = |at: usize| base64_run(input, at, run_before) >= WRAP_MIN_RUN;
        let mut cut = Vec::new(); // (where in input, length)
        let mut end = input.len();
        for newline in memchr::memchr_iter(b'\n', input) {
            let start = if newline > 0 && input[newline - 1] == b'\r' {
                newline - 1
            } else {
                newline
            };
            if !long_run(start) {
                continue;
            }
            match input.get(newline + 1) {
                Some(&next) if is_base64(next) => cut.push((start, newline + 1 - start)),
                Some(_) => {}
                None if at_end => {}
                None => {
                    end = start;
                    break;
                }
            }
        }
        // A `\r` at the end may begin a `\r\n`.
        if !at_end && end == input.len() && input.last() == Some(&b'\r') && long_run(end - 1) {
            end -= 1;
        }
        if cut.is_empty() {
            return Joined {
                input,
                joined: None,
                breaks: cut,
                end,
            };
        }
        let mut view = Zeroizing::new(Vec::with_capacity(end));
        let mut breaks = Vec::with_capacity(cut.len());
        let mut from = 0;
        for (at, len) in cut {
            view.extend_from_slice(&input[from..at]);
            breaks.push((view.len(), len));
            from = at + len;
        }
        view.extend_from_slice(&input[from..end]);
        Joined {
            input,
            joined: Some(view),
            breaks,
            end,
        }
    }

    /// What is matched.
    fn view(&self) -> &[u8] {
        match &self.joined {
            Some(joined) => joined,
            None => &self.input[..self.end],
        }
    }

    fn to_input(&self) -> ToInput<'_> {
        ToInput {
            breaks: &self.breaks,
            next: 0,
            shift: 0,
        }
    }
}

/// Maps positions of the view to the input, for positions asked in increasing order.
struct ToInput<'a> {
    breaks: &'a [(usize, usize)],
    next: usize,
    shift: usize,
}

impl ToInput<'_> {
    /// Where the view's byte `at` is in the input.
    fn at(&mut self, at: usize) -> usize {
        while let Some(&(view_at, len)) = self.breaks.get(self.next) {
            if view_at > at {
                break;
            }
            self.shift += len;
            self.next += 1;
        }
        at + self.shift
    }
}

/// Appends without ever leaving a copy behind in a freed allocation.
fn extend_zeroizing(buffer: &mut Zeroizing<Vec<u8>>, bytes: &[u8]) {
    let needed = buffer.len() + bytes.len();
    if needed > buffer.capacity() {
        let mut bigger = Vec::with_capacity(needed.max(2 * buffer.capacity()));
        bigger.extend_from_slice(buffer);
        // The old buffer is zeroized as it is dropped here.
        *buffer = Zeroizing::new(bigger);
    }
    buffer.extend_from_slice(bytes);
}

/// Adds the forms of `value`, and of each line of a multi-line value, to `forms`.
fn forms_of(value: &str, forms: &mut Vec<Zeroizing<Vec<u8>>>) {
    forms_of_text(value, forms);
    if value.contains('\n') {
        for line in value.lines() {
            if line.chars().count() >= MIN_LEN {
                forms_of_text(line, forms);
            }
        }
    }
}

fn forms_of_text(text: &str, forms: &mut Vec<Zeroizing<Vec<u8>>>) {
    let bytes = text.as_bytes();
    // As the output is matched: without the breaks of wrapped base64.
    forms.push(Zeroizing::new(Joined::new(bytes, 0, true).view().to_vec()));
    for style in &URL_STYLES {
        for upper in [true, false] {
            forms.push(percent_encode(bytes, style, upper));
        }
    }
    for style in &JSON_STYLES {
        forms.push(json_escape(text, style));
    }
    for engine in [&STANDARD, &URL_SAFE] {
        for alignment in 0..3 {
            let encoded = Base64At::new(engine, bytes, alignment);
            let stable = encoded.stable();
            if stable.len() < MIN_BASE64_LEN {
                continue;
            }
            forms.push(Zeroizing::new(stable.to_vec()));
            forms.push(Zeroizing::new(encoded.ending(false).to_vec()));
            forms.push(Zeroizing::new(encoded.ending(true).to_vec()));
        }
    }
}

/// The base64 of a value preceded by `alignment` other bytes (0, 1 or 2).
struct Base64At {
    encoded: Zeroizing<String>,
    /// The first character that depends on the value alone.
    start: usize,
    /// The end of the characters that depend on the value alone, and of those that also
    /// depend on what follows it (before padding).
    stable_end: usize,
    end: usize,
}

impl Base64At {
    fn new(engine: &GeneralPurpose, value: &[u8], alignment: usize) -> Base64At {
        let mut data = Zeroizing::new(vec![0u8; alignment]);
        data.extend_from_slice(value);
        let bits = 8 * data.len();
        Base64At {
            encoded: Zeroizing::new(engine.encode(&data[..])),
            start: (8 * alignment).div_ceil(6),
            stable_end: bits / 6,
            end: bits.div_ceil(6),
        }
    }

    /// The characters that are the same wherever the value is, at this alignment.
    fn stable(&self) -> &[u8] {
        &self.encoded.as_bytes()[self.start..self.stable_end]
    }

    /// The characters when the value ends the encoded data, with or without padding.
    fn ending(&self, padded: bool) -> &[u8] {
        let end = if padded { self.encoded.len() } else { self.end };
        &self.encoded.as_bytes()[self.start..end]
    }
}

/// Which bytes a URL encoder leaves as they are (besides ASCII letters and digits), and
/// whether it writes a space as `+`.
struct UrlStyle {
    keep: &'static [u8],
    space_as_plus: bool,
}

const URL_STYLES: [UrlStyle; 7] = [
    // RFC 3986 unreserved (PHP rawurlencode, Go url.PathEscape of most values)
    UrlStyle {
        keep: b"-._~",
        space_as_plus: false,
    },
    // JavaScript encodeURIComponent
    UrlStyle {
        keep: b"-._~!'()*",
        space_as_plus: false,
    },
    // JavaScript encodeURI
    UrlStyle {
        keep: b"-._~!'()*;,/?:@&=+$#",
        space_as_plus: false,
    },
    // Python urllib.parse.quote
    UrlStyle {
        keep: b"-._~/",
        space_as_plus: false,
    },
    // application/x-www-form-urlencoded as browsers (WHATWG) write it
    UrlStyle {
        keep: b"*-._",
        space_as_plus: true,
    },
    // Python quote_plus, Go url.QueryEscape
    UrlStyle {
        keep: b"-._~",
        space_as_plus: true,
    },
    // PHP urlencode
    UrlStyle {
        keep: b"-._",
        space_as_plus: true,
    },
];

fn percent_encode(bytes: &[u8], style: &UrlStyle, upper: bool) -> Zeroizing<Vec<u8>> {
    let hex: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut out = Zeroizing::new(Vec::with_capacity(3 * bytes.len()));
    for &b in bytes {
        if b.is_ascii_alphanumeric() || style.keep.contains(&b) {
            out.push(b);
        } else if b == b' ' && style.space_as_plus {
            out.push(b'+');
        } else {
            out.extend_from_slice(&[b'%', hex[usize::from(b >> 4)], hex[usize::from(b & 15)]]);
        }
    }
    out
}

/// How a JSON encoder escapes a string beyond `"`, `\` and control characters.
struct JsonStyle {
    /// Non-ASCII as `\uXXXX` (UTF-16).
    ascii_only: bool,
    /// `<`, `>`, `&`, U+2028 and U+2029 as `\uXXXX`.
    html_safe: bool,
    /// `/` as `\/`.
    slash: bool,
}

const JSON_STYLES: [JsonStyle; 4] = [
    // serde_json, JavaScript JSON.stringify
    JsonStyle {
        ascii_only: false,
        html_safe: false,
        slash: false,
    },
    // Python json.dumps
    JsonStyle {
        ascii_only: true,
        html_safe: false,
        slash: false,
    },
    // Go encoding/json
    JsonStyle {
        ascii_only: false,
        html_safe: true,
        slash: false,
    },
    // PHP json_encode
    JsonStyle {
        ascii_only: true,
        html_safe: false,
        slash: true,
    },
];

fn json_escape(text: &str, style: &JsonStyle) -> Zeroizing<Vec<u8>> {
    // \uXXXX is 6 bytes for 1 (a control character) or 12 for 4 (a surrogate pair).
    let mut out = Zeroizing::new(Vec::with_capacity(6 * text.len()));
    let unit = |out: &mut Zeroizing<Vec<u8>>, u: u16| {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.extend_from_slice(b"\\u");
        for shift in [12, 8, 4, 0] {
            out.push(HEX[usize::from((u >> shift) & 15)]);
        }
    };
    for c in text.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            '/' if style.slash => out.extend_from_slice(b"\\/"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' if style.html_safe => {
                unit(&mut out, c as u16)
            }
            c if (c as u32) < 0x20 => unit(&mut out, c as u16),
            c if !c.is_ascii() && style.ascii_only => {
                let mut units = [0u16; 2];
                for &u in c.encode_utf16(&mut units).iter() {
                    unit(&mut out, u);
                }
            }
            c => {
                let mut utf8 = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn masker(values: &[&str]) -> Masker {
        let secrets: Variables = values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("K{i}"), Secret::new(v.to_string())))
            .collect();
        Masker::for_secrets(&secrets).unwrap().0
    }

    /// Feeds `chunks` of one stream and returns all output.
    fn mask_in_chunks(masker: &mut Masker, chunks: &[&[u8]]) -> String {
        let mut out = Masked::default();
        for chunk in chunks {
            masker.feed(0, chunk, &mut out);
        }
        masker.finish(&mut out);
        String::from_utf8(out.of(0)).unwrap()
    }

    fn mask(masker: &mut Masker, text: &str) -> String {
        mask_in_chunks(masker, &[text.as_bytes()])
    }

    #[test]
    fn masks_values_and_encoded_forms() {
        let value = "p@ss word/+?";
        let mut m = masker(&[value]);
        let b64 = STANDARD.encode(value);
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value);
        let text = format!("a {value} b {b64} c {url} d p%40ss%20word%2F%2B%3F e\n");
        assert_eq!(mask(&mut m, &text), "a ***** b ***** c ***** d ***** e\n");
        for encoded in [
            "p%40ss+word%2F%2B%3F",   // form encoding
            "p%40ss%20word/%2B%3F",   // Python quote
            "p%40ss%20word%2f%2b%3f", // lowercase hex
            "p@ss word\\/+?",         // PHP JSON
        ] {
            assert_eq!(
                mask(&mut m, &format!("<{encoded}>")),
                "<*****>",
                "{encoded}"
            );
        }
    }

    #[test]
    fn json_escapes() {
        let value = "a\"b\\c\nd\u{1}é<";
        let mut m = masker(&[value]);
        for escaped in [
            r#"a\"b\\c\nd\u0001é<"#,
            r#"a\"b\\c\nd\u0001\u00e9<"#,
            r#"a\"b\\c\nd\u0001é\u003c"#,
        ] {
            assert_eq!(
                mask(&mut m, &format!("{{\"k\":\"{escaped}\"}}")),
                "{\"k\":\"*****\"}"
            );
        }
        let serde = serde_json::to_string(value).unwrap();
        assert_eq!(mask(&mut m, &serde), "\"*****\"");
    }

    #[test]
    fn base64_at_every_alignment_keeps_the_stable_middle() {
        let value = "correct horse battery";
        let mut m = masker(&[value]);
        for prefix in ["", "u", "us", "use", "user:", "a much longer prefix: "] {
            for suffix in ["", "!", ":more data"] {
                let plain = format!("{prefix}{value}{suffix}");
                for engine in [&STANDARD, &URL_SAFE] {
                    let encoded = engine.encode(&plain);
                    let out = mask(&mut m, &encoded);
                    assert!(out.contains("*****"), "{plain:?} → {encoded} → {out}");
                    // What is left is at most the characters that straddle the value's
                    // edges, plus the encoding of the prefix and suffix.
                    let left = out.len() - MASK.len();
                    let around = (prefix.len() + suffix.len()).div_ceil(3) * 4 + 4;
                    assert!(left <= around, "{plain:?} → {out}");
                    // No 8 characters of the value's own encoding are left.
                    let own = Base64At::new(engine, value.as_bytes(), prefix.len() % 3);
                    for piece in own.stable().windows(MIN_BASE64_LEN) {
                        assert!(!out.as_bytes().windows(8).any(|w| w == piece), "{out}");
                    }
                }
            }
        }
        let auth = STANDARD.encode(format!("admin:{value}"));
        // `admin:` is 6 bytes: its 8 characters stay, the value's are masked whole.
        assert_eq!(
            mask(&mut m, &format!("Basic {auth}")),
            format!("Basic {}*****", &auth[..8])
        );
    }

    #[test]
    fn base64_padded_and_unpadded_endings_are_masked_whole() {
        let value = "hunter2-xyz";
        let mut m = masker(&[value]);
        for engine in [&STANDARD, &URL_SAFE] {
            let padded = engine.encode(value);
            assert!(padded.ends_with('='));
            assert_eq!(mask(&mut m, &format!("[{padded}]")), "[*****]");
            let unpadded = padded.trim_end_matches('=');
            assert_eq!(mask(&mut m, &format!("[{unpadded}]")), "[*****]");
            let basic = engine.encode(format!("me:{value}"));
            let masked = mask(&mut m, &basic);
            assert_eq!(masked, format!("{}*****", &basic[..4]), "{basic}");
        }
    }

    #[test]
    fn wrapped_base64_at_every_column() {
        let value = "a secret long enough to wrap: 0123456789abcdefghijklmnopqrstuvwxyz";
        let mut m = masker(&[value]);
        let flat = STANDARD.encode(value);
        assert!(flat.len() > 76);
        for lead in 0..80 {
            for (width, newline) in [(76, "\n"), (76, "\r\n"), (64, "\n"), (64, "\r\n")] {
                // `lead` bytes of other data before the value, the whole wrapped.
                let mut data = vec![b'x'; lead];
                data.extend_from_slice(value.as_bytes());
                let encoded = STANDARD.encode(&data);
                let wrapped: Vec<&str> = encoded
                    .as_bytes()
                    .chunks(width)
                    .map(|c| std::str::from_utf8(c).unwrap())
                    .collect();
                let text = wrapped.join(newline);
                let out = mask(&mut m, &text);
                assert!(out.contains("*****"), "lead {lead}: {out}");
                let own = Base64At::new(&STANDARD, value.as_bytes(), lead % 3);
                let joined: String = out.split(newline).collect();
                for piece in own.stable().windows(MIN_BASE64_LEN) {
                    assert!(!joined.as_bytes().windows(8).any(|w| w == piece), "{out}");
                }
            }
        }
    }

    /// `data` base64-encoded and wrapped at `width` columns with `newline`.
    fn wrapped(data: &[u8], width: usize, newline: &str) -> String {
        let encoded = STANDARD.encode(data);
        let lines: Vec<&str> = encoded
            .as_bytes()
            .chunks(width)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        lines.join(newline)
    }

    #[test]
    fn long_values_are_masked_wrapped_at_any_column_and_width() {
        let value: String = (0..1200)
            .map(|i| char::from(b'!' + (i * 7 % 90) as u8))
            .collect();
        let mut m = masker(&[&value]);
        for lead in [0, 1, 2, 50, 100] {
            for (width, newline) in [(76, "\n"), (64, "\r\n"), (40, "\n"), (100, "\n")] {
                let mut data = vec![b'x'; lead];
                data.extend_from_slice(value.as_bytes());
                data.extend_from_slice(b" and after");
                let out = mask(&mut m, &wrapped(&data, width, newline));
                // What is left: the lines before and after, and the characters at the edges.
                assert!(out.len() < 2 * (width + 2) + 160, "{lead} {width}: {out}");
                assert_eq!(out.matches("*****").count(), 1, "{out}");
            }
        }
    }

    #[test]
    fn breaks_between_short_lines_are_not_looked_through() {
        let mut m = masker(&["abcdefgh", "hunter22"]);
        assert_eq!(
            mask(&mut m, "abcd\nefgh hunt\r\ner22"),
            "abcd\nefgh hunt\r\ner22"
        );
        let long = "A".repeat(40);
        assert_eq!(
            mask(&mut m, &format!("{long}abcd\nefgh")),
            format!("{long}*****")
        );
        assert_eq!(
            mask(&mut m, &format!("{long}abcd\n\nefgh")),
            format!("{long}abcd\n\nefgh")
        );
    }

    #[test]
    fn wrapped_base64_fed_a_byte_at_a_time_equals_all_at_once() {
        let value = "correct horse battery staple, and more of it to wrap";
        let mut m = masker(&[value]);
        for newline in ["\n", "\r\n"] {
            let mut data = b"x".repeat(70);
            data.extend_from_slice(value.as_bytes());
            let text = format!("{}\nend\n", wrapped(&data, 76, newline));
            let whole = mask(&mut m.clone(), &text);
            assert!(whole.contains("*****"), "{whole}");
            let chunks: Vec<&[u8]> = text.as_bytes().chunks(1).collect();
            assert_eq!(mask_in_chunks(&mut m, &chunks), whole);
            for split in 1..text.len() {
                let (a, b) = text.as_bytes().split_at(split);
                assert_eq!(mask_in_chunks(&mut m, &[a, b]), whole, "split at {split}");
            }
        }
    }

    #[test]
    fn lines_of_a_multi_line_value_are_masked_on_their_own() {
        let mut m = masker(&["-----BEGIN KEY-----\nMIIEabcdefgh\nXYZ\n-----END KEY-----\n"]);
        assert_eq!(mask(&mut m, "x MIIEabcdefgh y XYZ\n"), "x ***** y XYZ\n");
        assert_eq!(
            mask(&mut m, "-----BEGIN KEY-----\\nMIIEabcdefgh\\nXYZ"),
            "*****\\n*****\\nXYZ"
        );
    }

    #[test]
    fn short_values_are_named_not_masked_and_short_base64_is_not_masked() {
        let secrets: Variables = [
            ("PIN".to_string(), Secret::new("123".to_string())),
            ("WORD".to_string(), Secret::new("abcd".to_string())),
        ]
        .into();
        let (mut m, short) = Masker::for_secrets(&secrets).unwrap();
        assert_eq!(short, ["PIN"]);
        assert_eq!(mask(&mut m, "123 abcd"), "123 *****");
        // The base64 of a 4-byte value has 6 characters: too few to tell from chance.
        let b64 = STANDARD.encode("abcd");
        assert_eq!(mask(&mut m, &b64), b64);
    }

    #[test]
    fn masks_across_chunks_and_passes_other_bytes_at_once() {
        let mut m = masker(&["hunter22"]);
        let mut out = Masked::default();
        m.feed(0, b"\x1b[31mred hun", &mut out);
        assert_eq!(out.of(0), b"\x1b[31mred ");
        assert_eq!(mask_in_chunks(&mut m, &[b"ter2", b"2!\n"]), "*****!\n");
        assert_eq!(mask_in_chunks(&mut m, &[b"hunt"]), "hunt");
    }

    #[test]
    fn one_byte_at_a_time_equals_all_at_once_and_holds_back_little() {
        let values = ["hunter22", "p@ss word/+?", "correct horse battery"];
        let mut m = masker(&values);
        let mut text = String::from("start ");
        for value in values {
            text.push_str(&format!(
                "{value} {} {} x{}\n",
                STANDARD.encode(value),
                URL_SAFE.encode(format!("ab{value}")),
                serde_json::to_string(value).unwrap()
            ));
        }
        text.push_str("hunter2 hunter end");
        let whole = mask(&mut m.clone(), &text);
        let mut out = Masked::default();
        for byte in text.as_bytes() {
            m.feed(0, std::slice::from_ref(byte), &mut out);
            assert!(m.held_back() < m.longest_form());
        }
        m.finish(&mut out);
        assert_eq!(String::from_utf8(out.of(0)).unwrap(), whole);
        assert!(!whole.contains("hunter22") && whole.contains("hunter2 hunter end"));
    }

    #[test]
    fn random_chunking_equals_all_at_once() {
        let values = ["s3cr3t-value", "another one!"];
        let mut m = masker(&values);
        let mut text = Vec::new();
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 8
        };
        for i in 0..400 {
            match next() % 5 {
                0 => text.extend_from_slice(values[i % 2].as_bytes()),
                1 => text.extend_from_slice(STANDARD.encode(values[i % 2]).as_bytes()),
                2 => text.extend_from_slice(&values[i % 2].as_bytes()[..5]),
                _ => text.push(b"abcdefs3-\n"[next() as usize % 10]),
            }
        }
        let whole = {
            let mut m = m.clone();
            let mut out = Masked::default();
            m.feed(0, &text, &mut out);
            m.finish(&mut out);
            out.of(0)
        };
        for _ in 0..20 {
            let mut out = Masked::default();
            let mut rest = &text[..];
            while !rest.is_empty() {
                let n = (next() as usize % 17 + 1).min(rest.len());
                m.feed(0, &rest[..n], &mut out);
                rest = &rest[n..];
            }
            m.finish(&mut out);
            assert_eq!(out.of(0), whole);
        }
    }

    #[test]
    fn a_value_split_between_streams_is_masked_in_both() {
        let mut m = masker(&["hunter22"]);
        let mut out = Masked::default();
        m.feed(0, b"out: hunt", &mut out);
        m.feed(1, b"er22 err\n", &mut out);
        m.feed(0, b" more\n", &mut out);
        m.finish(&mut out);
        assert_eq!(out.of(0), b"out: ***** more\n");
        assert_eq!(out.of(1), b"***** err\n");
    }

    #[test]
    fn nothing_to_mask_passes_everything_at_once() {
        let mut m = masker(&["ab"]);
        let mut out = Masked::default();
        m.feed(0, b"ab", &mut out);
        assert_eq!(out.of(0), b"ab");
        assert_eq!(m.held_back(), 0);
        assert_eq!(format!("{m:?}"), "Masker { forms: 0, held_back: 0 }");
    }
}
