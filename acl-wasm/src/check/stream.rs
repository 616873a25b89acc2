//! Compiling checkers from a stream (`acl_compile_stream`, ABI.md §3): an IOS-family text is read
//! a run of lines at a time ([`Driver`]) and each run's terms are compiled ([`Builder`]) and
//! dropped, so that the IR of the whole text never exists (it costs ~11-13 bytes of memory per
//! byte of text; the compiled terms a fraction of that). The compiled filters are kept, keyed by
//! the text, until `acl_compile` on that text takes them.

use super::{compile_term, CTerm, Compiled};
use crate::diag::{fill_excerpts, Diagnostic};
use crate::dialects::ios::parse::Driver;
use crate::ir::{Acl, Term};
use std::cell::RefCell;
use std::hash::{Hash, Hasher};

/// Compiles an ACL's terms as they come, in order; [`Builder::finish`] builds the candidate index.
#[derive(Default)]
pub struct Builder {
    terms: Vec<CTerm>,
    /// Terms given so far (inactive ones included: a verdict names a term by its position).
    next: usize,
}

impl Builder {
    /// A builder with room for `n` terms.
    pub fn with_capacity(n: usize) -> Builder {
        Builder { terms: Vec::with_capacity(n), next: 0 }
    }

    /// Compiles the next term. Never inlined into [`compile`], which is one call over the whole
    /// text: V8 runs a WebAssembly function's optimised code from its next call, so the per-term
    /// work is a function called per term.
    #[inline(never)]
    pub fn push(&mut self, t: &Term) {
        self.terms.extend(compile_term(self.next, t));
        self.next += 1;
    }

    /// The compiled ACL of `head` (whose family and source it takes; its terms are ignored).
    pub fn finish(mut self, head: &Acl) -> Compiled {
        if self.terms.capacity() > self.terms.len() + self.terms.len() / 8 + 64 {
            self.terms.shrink_to_fit();
        }
        Compiled::finish(self.terms, head.family, head.source)
    }
}

/// The lines and names of a list's terms (most IOS terms have no name: kept apart).
#[derive(Default, Debug)]
pub struct Lines {
    /// Each term's line.
    pub lines: Vec<u32>,
    /// The named terms: position and name.
    pub names: Vec<(usize, String)>,
}

impl Lines {
    fn push(&mut self, name: Option<String>, line: u32) {
        if let Some(n) = name {
            self.names.push((self.lines.len(), n));
        }
        self.lines.push(line);
    }

    /// Each term's name (or `None`) and line.
    pub fn pairs(&self) -> Vec<(Option<&str>, u32)> {
        let mut names = self.names.iter().peekable();
        self.lines
            .iter()
            .enumerate()
            .map(|(i, &l)| {
                let name = names.next_if(|(k, _)| *k == i).map(|(_, n)| n.as_str());
                (name, l)
            })
            .collect()
    }

    /// Writes the pairs as a JSON array (`[["name", 12], [null, 13]]`).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        use std::io::Write;
        out.push(b'[');
        let mut names = self.names.iter().peekable();
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'[');
            match names.next_if(|(k, _)| *k == i) {
                Some((_, n)) => {
                    let _ = serde_json::to_writer(&mut *out, n);
                }
                None => out.extend_from_slice(b"null"),
            }
            let _ = write!(out, ",{}]", l);
        }
        out.push(b']');
    }
}

/// What a streaming compile found.
pub enum Outcome {
    /// Every list compiled: the heads (no terms), each term's name and line, and the checkers.
    Done {
        /// The lists, without their terms.
        heads: Vec<Acl>,
        /// Per list, its terms' lines and names.
        lines: Vec<Lines>,
        /// Per list, its terms compiled ([`finish_all`] builds the checkers: the caller may free
        /// the text first, as building the candidate index takes memory of its own).
        builders: Vec<Builder>,
        /// The warnings.
        diags: Vec<Diagnostic>,
    },
    /// The text does not parse: every diagnostic, as the whole parse gives them.
    Failed(Vec<Diagnostic>),
    /// The text is not read in runs (Junos, a text several dialects write alike, a statement going
    /// back to an earlier list): compile it from the whole parse instead.
    Whole,
}

/// Reads `text` as `from` (`auto` or a dialect name) `block` bytes at a time, compiling each list.
pub fn compile(text: &str, from: &str, block: usize) -> Outcome {
    let dialect = match crate::stream::ios_dialect(text, from) {
        Some(d) => d,
        None => return Outcome::Whole,
    };
    let mut d = Driver::new(text, true, dialect, false);
    let mut diags = Vec::new();
    let mut builders: Vec<Builder> = Vec::new();
    let mut lines: Vec<Lines> = Vec::new();
    // room for a term per line in the first list (most texts hold one; a list's terms are one
    // run of lines): no doubling of the compiled terms as they come
    let room = text.bytes().filter(|&b| b == b'\n').count() + 1;
    while !d.done(text) {
        let upto = d.offset().saturating_add(block.max(1)).min(text.len());
        d.feed(text, upto, &mut diags);
        if d.revisited() {
            return Outcome::Whole;
        }
        for (i, terms) in d.drain() {
            while builders.len() <= i {
                let n = if builders.is_empty() { room } else { 0 };
                builders.push(Builder::with_capacity(n));
                lines.push(Lines { lines: Vec::with_capacity(n), names: Vec::new() });
            }
            for t in terms {
                builders[i].push(&t);
                lines[i].push(t.name, t.span.line);
            }
        }
    }
    if d.revisited() {
        return Outcome::Whole;
    }
    let heads = d.finish(text);
    fill_excerpts(text, &mut diags);
    if diags.iter().any(|d| d.is_error()) {
        return Outcome::Failed(diags);
    }
    builders.resize_with(heads.len(), Builder::default);
    lines.resize_with(heads.len(), Lines::default);
    Outcome::Done { heads, lines, builders, diags }
}

/// The checkers of the lists `heads` from their builders (in order).
pub fn finish_all(builders: Vec<Builder>, heads: &[Acl]) -> Vec<Compiled> {
    builders.into_iter().zip(heads).map(|(b, h)| b.finish(h)).collect()
}

/// What a text is kept under: its length and hash (not a copy of it).
pub type Key = (usize, u64);

struct Kept {
    key: Key,
    dialect: String,
    compiled: Vec<Option<Compiled>>,
}

thread_local! {
    static KEPT: RefCell<Option<Kept>> = RefCell::new(None);
}

/// The key of a text.
pub fn key(text: &str) -> Key {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    (text.len(), h.finish())
}

/// Keeps the checkers compiled from the text of `key` read as `dialect`, for [`take`] (replacing
/// any kept).
pub fn keep(key: Key, dialect: &str, compiled: Vec<Compiled>) {
    let k = Kept { key, dialect: dialect.to_string(), compiled: compiled.into_iter().map(Some).collect() };
    KEPT.with(|c| *c.borrow_mut() = Some(k));
}

/// Forgets the kept checkers.
pub fn forget() {
    KEPT.with(|c| *c.borrow_mut() = None);
}

/// The checker of list `index` compiled from exactly this text and dialect, if kept (handed out
/// once; the cache is dropped when every checker has been taken).
pub fn take(text: &str, dialect: &str, index: usize) -> Option<Compiled> {
    take_by(key(text), dialect, index)
}

/// A key as text (`LENGTH-HASH`, hexadecimal hash), as `acl_compile_stream` answers it.
pub fn key_name(k: Key) -> String {
    format!("{}-{:016x}", k.0, k.1)
}

/// [`take`] by the key's text ([`key_name`]); `None` for a malformed key.
pub fn take_by_name(name: &str, dialect: &str, index: usize) -> Option<Compiled> {
    let (len, hash) = name.split_once('-')?;
    take_by((len.parse().ok()?, u64::from_str_radix(hash, 16).ok()?), dialect, index)
}

fn take_by(k: Key, dialect: &str, index: usize) -> Option<Compiled> {
    KEPT.with(|c| {
        let mut c = c.borrow_mut();
        let kept = c.as_mut()?;
        if kept.dialect != dialect || kept.compiled.get(index).map_or(true, Option::is_none) || kept.key != k {
            return None;
        }
        let out = kept.compiled[index].take();
        if kept.compiled.iter().all(Option::is_none) {
            *c = None;
        }
        out
    })
}
