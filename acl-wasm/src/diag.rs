//! Diagnostics: every error or warning carries a code, a span, the source line and a hint.
//!
//! Codes:
//! - ACL001 syntax error (grammar did not match)
//! - ACL002 unknown name (port, protocol, ICMP, DSCP, ...)
//! - ACL003 value out of range
//! - ACL004 invalid address / wildcard mask
//! - ACL005 misplaced construct (e.g. ports on a protocol without ports)
//! - ACL006 ACL number / name inconsistency
//! - ACL007 missing `;` (Junos)
//! - ACL008 unknown statement or action (Junos)
//! - ACL009 `auto` cannot tell the dialect: dialects that write the text alike read it differently
//! - ACL020 construct the output format cannot express (emitters)
//! - ACL021 construct dropped by the output format (warning)
//! - ACL022 missing or invalid ACL name for the output format
//! - ACL023 non-decision modifier (counter, log, sample, policer, ...) the output format cannot carry
//!   (emitters; with the `dropModifiers` option it is dropped with an ACL021 warning instead)
//! - ACL030 invalid IR / options JSON

use crate::ir::Span;
use serde::{Deserialize, Serialize};

/// Severity.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fatal for the operation.
    Error,
    /// Informational; the operation succeeded.
    Warning,
}

/// One diagnostic (ABI.md §2).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// `ACL0xx`.
    pub code: String,
    /// Severity.
    pub severity: Severity,
    /// What went wrong, saying what was expected.
    pub message: String,
    /// Where.
    pub span: Span,
    /// The source line.
    pub excerpt: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// Term name (or `#index`) when known.
    pub term: Option<String>,
}

impl Diagnostic {
    /// An error.
    /// The message's quotes of the input are clipped (see [`clip_message`]).
    pub fn error(code: &str, message: String, span: Span) -> Diagnostic {
        Diagnostic {
            code: code.to_string(),
            severity: Severity::Error,
            message: clip_message(message),
            span,
            excerpt: String::new(),
            hint: None,
            term: None,
        }
    }

    /// A warning.
    pub fn warning(code: &str, message: String, span: Span) -> Diagnostic {
        let mut d = Diagnostic::error(code, message, span);
        d.severity = Severity::Warning;
        d
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: &str) -> Diagnostic {
        self.hint = Some(hint.to_string());
        self
    }

    /// Adds a term name.
    pub fn with_term(mut self, term: Option<String>) -> Diagnostic {
        self.term = term;
        self
    }

    /// Is this an error?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Maps byte offsets in a text to lines/columns and excerpts.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<u32>,
    /// The line of the last lookup: spans mostly come in text order, so the next one is usually
    /// on it or just after it (no binary search).
    last: std::cell::Cell<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0u32];
        crate::scan::each(text.as_bytes(), b'\n', |i| starts.push(i as u32 + 1));
        LineIndex { text, starts, last: std::cell::Cell::new(0) }
    }

    /// A span for byte range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let s = start as u32;
        let on = |l: usize| self.starts.get(l).map(|&a| a <= s).unwrap_or(false) && self.starts.get(l + 1).map(|&b| s < b).unwrap_or(true);
        let last = self.last.get();
        let line = if on(last) {
            last
        } else if on(last + 1) {
            last + 1
        } else {
            match self.starts.binary_search(&s) {
                Ok(i) => i,
                Err(i) => i - 1,
            }
        };
        self.last.set(line);
        Span {
            line: line as u32 + 1,
            column: start as u32 - self.starts[line] + 1,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The source line (without newline) of a span.
    pub fn excerpt(&self, span: Span) -> String {
        line_of(self.text, span.start as usize)
    }
}

/// The line of `text` containing byte `pos`, without the newline.
pub fn line_of(text: &str, pos: usize) -> String {
    let pos = pos.min(text.len());
    let s = text[..pos].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let e = text[pos..].find('\n').map(|i| pos + i).unwrap_or(text.len());
    clip(text[s..e].trim_end_matches('\r'))
}

/// Longest excerpt kept (bytes); longer lines are cut at a character boundary and end in `...`, so
/// that many errors on one huge line cannot exhaust memory.
pub const EXCERPT_MAX: usize = 512;

/// A source line as an excerpt (see [`EXCERPT_MAX`]).
pub fn clip(line: &str) -> String {
    cut(line, EXCERPT_MAX)
}

/// Longest quoted input kept in a message (bytes): the quote of a longer token is cut at a
/// character boundary and ends in `...`.
pub const QUOTE_MAX: usize = 48;

/// Longest message kept (bytes), whatever it quotes.
pub const MESSAGE_MAX: usize = 1024;

/// Cuts a message's single-quoted parts to [`QUOTE_MAX`] bytes and the whole to [`MESSAGE_MAX`],
/// so that an error on a huge token (a 50 MB line) says where and what without repeating it.
pub fn clip_message(message: String) -> String {
    if message.len() <= QUOTE_MAX {
        return message;
    }
    let mut out = String::with_capacity(message.len().min(MESSAGE_MAX + 3));
    let mut rest = message.as_str();
    while let Some(open) = rest.find('\'') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let close = match rest.find('\'') {
            Some(i) => i,
            None => break,
        };
        out.push_str(&cut(&rest[..close], QUOTE_MAX));
        out.push('\'');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    cut(&out, MESSAGE_MAX)
}

/// `s` cut to at most `max` bytes at a character boundary, ending in `...` when cut (ASCII: the
/// output of ASCII input stays ASCII, which the TypeScript side reads as one-byte text).
fn cut(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

/// Fills in missing excerpts from the source text.
pub fn fill_excerpts(text: &str, diags: &mut [Diagnostic]) {
    for d in diags.iter_mut() {
        if d.excerpt.is_empty() && (d.span.start as usize) <= text.len() {
            d.excerpt = line_of(text, d.span.start as usize);
        }
    }
}
