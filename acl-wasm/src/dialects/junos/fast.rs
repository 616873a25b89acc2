//! Junos fast path: a hand-written reader of `grammar.pest` (a byte scanner, no pest, no regex).
//!
//! It reads the same tree the grammar does (`firewall` / `family` / `filter` / `term` / `from` /
//! `then` / `policer`, generic statements with `[ lists ]` and `{ blocks }`, `/* */` and `#`
//! comments, `inactive:` and `replace:`) and hands each statement to the same lowering as the pest
//! route (`lower.rs`, through [`Stmt`]), so both build one IR. The walk above the statements
//! (which filter a comment belongs to, the family, `replace:`, policers) repeats `parse.rs`.
//!
//! It never reports anything: on text the grammar would not accept, or would read as a generic
//! statement where this reader expects a structure, it gives up (`None`); and when the lowering
//! reports any diagnostic it gives up too. Then the pest route reads the whole text again and
//! reports what is wrong, so every diagnostic keeps coming from pest and its lowering.
//! `tests/junos_fast.rs` holds the two routes to the same IR and diagnostics.

use super::lower::{self, Stmt};
use super::parse::{self, unquote, Walk};
use crate::diag::LineIndex;
use crate::ir::{Acl, ActionKind, Comment, CommentStyle, Family, Policer, Source, Span, Term};
use smallvec::SmallVec;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many texts the fast path has read whole since the process started (never decreases): the
/// tests read it to prove that the path is taken.
pub static READS: AtomicUsize = AtomicUsize::new(0);

/// Deepest nesting of generic `{ ... }` blocks read here (a filter needs 2); deeper text goes to
/// pest, which also guards against inputs nested too deep for the stack.
const MAX_NEST: usize = 8;

/// Bytes that end a bare word (`bare` in the grammar; `/*` is checked apart).
const fn stops() -> [bool; 256] {
    let mut t = [false; 256];
    let s = b";{}[]\" \t\r\n#";
    let mut i = 0;
    while i < s.len() {
        t[s[i] as usize] = true;
        i += 1;
    }
    t
}
static STOP: [bool; 256] = stops();

/// What the first word of an item is, as the grammar's keywords see it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Head {
    Firewall,
    Family,
    Filter,
    Term,
    From,
    Then,
    Policer,
    Inactive,
    Replace,
    Other,
}

/// `wc` of the grammar: a keyword must not be followed by one of these.
fn word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':')
}

/// The keyword a word is. `None` when the grammar would split it (a keyword followed by a byte
/// that is not a word character, `term/x`; `inactive:x`): left to pest.
fn head(t: &str) -> Option<Head> {
    const KEYWORDS: [(&str, Head); 7] = [
        ("firewall", Head::Firewall),
        ("family", Head::Family),
        ("filter", Head::Filter),
        ("term", Head::Term),
        ("from", Head::From),
        ("then", Head::Then),
        ("policer", Head::Policer),
    ];
    for (k, h) in KEYWORDS {
        if let Some(rest) = t.strip_prefix(k) {
            match rest.as_bytes().first() {
                None => return Some(h),
                Some(&c) if !word_char(c) => return None,
                _ => {}
            }
        }
    }
    for (k, h) in [("inactive:", Head::Inactive), ("replace:", Head::Replace)] {
        if let Some(rest) = t.strip_prefix(k) {
            return if rest.is_empty() { Some(h) } else { None };
        }
    }
    Some(Head::Other)
}

/// The cursor over the text.
struct Cur<'t> {
    s: &'t str,
    b: &'t [u8],
    pos: usize,
    depth: usize,
}

impl<'t> Cur<'t> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// Consumes `c` or gives up.
    fn expect(&mut self, c: u8) -> Option<()> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Some(())
        } else {
            None
        }
    }

    /// The grammar's implicit skip: blanks and comments, the comments pushed to `sink` (as
    /// `Walk::comment` makes them). `None` on an unclosed `/*`.
    fn skip(&mut self, idx: &LineIndex, sink: &mut Vec<Comment>) -> Option<()> {
        let b = self.b;
        loop {
            match b.get(self.pos) {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'#') => {
                    let start = self.pos;
                    let end = b[start..].iter().position(|&c| c == b'\n').map(|i| start + i).unwrap_or(b.len());
                    let text = self.s[start + 1..end].trim().to_string();
                    sink.push(Comment { text, style: CommentStyle::Hash, span: idx.span(start, end) });
                    self.pos = end;
                }
                Some(b'/') if b.get(self.pos + 1) == Some(&b'*') => {
                    let start = self.pos;
                    let close = start + 2 + b[start + 2..].windows(2).position(|w| w == b"*/")?;
                    let text = self.s[start + 2..close].trim().to_string();
                    sink.push(Comment { text, style: CommentStyle::Block, span: idx.span(start, close + 2) });
                    self.pos = close + 2;
                }
                _ => return Some(()),
            }
        }
    }

    /// A word (`tok`: quoted, quotes kept, or bare) and its start; `None` when none starts here.
    fn tok(&mut self) -> Option<(&'t str, usize)> {
        let b = self.b;
        let start = self.pos;
        let first = *b.get(start)?;
        if first == b'"' {
            let close = start + 1 + b[start + 1..].iter().position(|&c| c == b'"')?;
            self.pos = close + 1;
            return Some((&self.s[start..=close], start));
        }
        let mut i = start;
        while i < b.len() && !STOP[b[i] as usize] && !(b[i] == b'/' && b.get(i + 1) == Some(&b'*')) {
            i += 1;
        }
        if i == start {
            return None;
        }
        self.pos = i;
        Some((&self.s[start..i], start))
    }

    /// A word with its span.
    fn word(&mut self, idx: &LineIndex) -> Option<(&'t str, Span)> {
        let (t, at) = self.tok()?;
        Some((t, idx.span(at, at + t.len())))
    }

    /// `stmt`: `[inactive:] WORD (WORD | [ WORDS ])* (; | { STMTS })`, its comments (outside a
    /// nested block) pushed to `sink`.
    fn stmt(&mut self, idx: &LineIndex, sink: &mut Vec<Comment>) -> Option<Stmt<'t>> {
        let start = self.pos;
        let mut s = Stmt { inactive: false, words: SmallVec::new(), listed: false, block: None, span: Span::default(), split_line: None };
        let (mut first, mut sp) = self.word(idx)?;
        match head(first)? {
            Head::Inactive => {
                s.inactive = true;
                self.skip(idx, sink)?;
                let w = self.word(idx)?;
                first = w.0;
                sp = w.1;
            }
            _ => {}
        }
        s.word(first, sp);
        loop {
            self.skip(idx, sink)?;
            match self.peek()? {
                b';' => {
                    self.pos += 1;
                    break;
                }
                b'{' => {
                    s.block = Some(self.block(idx)?);
                    break;
                }
                b'[' => {
                    self.pos += 1;
                    s.listed = true;
                    loop {
                        self.skip(idx, sink)?;
                        if self.peek() == Some(b']') {
                            self.pos += 1;
                            break;
                        }
                        let w = self.word(idx)?;
                        s.words.push(w);
                    }
                }
                _ => {
                    let (w, sp) = self.word(idx)?;
                    s.word(w, sp);
                }
            }
        }
        s.span = idx.span(start, self.pos);
        Some(s)
    }

    /// `block`: `{ STMTS }` (at the `{`); its comments are not kept (as in the pest route).
    fn block(&mut self, idx: &LineIndex) -> Option<Vec<Stmt<'t>>> {
        self.depth += 1;
        if self.depth > MAX_NEST {
            return None;
        }
        self.expect(b'{')?;
        let (mut v, mut dropped) = (Vec::new(), Vec::new());
        loop {
            self.skip(idx, &mut dropped)?;
            if self.peek()? == b'}' {
                self.pos += 1;
                break;
            }
            v.push(self.stmt(idx, &mut dropped)?);
        }
        self.depth -= 1;
        Some(v)
    }
}

/// The reader: the cursor and the walk state the lowering uses.
struct Reader<'t, 'w> {
    c: Cur<'t>,
    w: Walk<'w>,
}

impl<'t, 'w> Reader<'t, 'w> {
    /// Skip where the grammar's comments are waiting for the next term or filter.
    fn skip_pending(&mut self) -> Option<()> {
        self.c.skip(&self.w.idx, &mut self.w.pending)
    }

    /// The first word of the next item, with its start, after a skip; `Ok(None)` at `}`.
    fn item(&mut self) -> Option<Option<(&'t str, usize, Head)>> {
        self.skip_pending()?;
        if self.c.peek()? == b'}' {
            self.c.pos += 1;
            return Some(None);
        }
        let (t, at) = self.c.tok()?;
        Some(Some((t, at, head(t)?)))
    }

    /// `file`: firewall, filter and policer items (as `parse::parse`).
    fn file(&mut self) -> Option<Vec<Acl>> {
        let mut out = Vec::new();
        loop {
            self.skip_pending()?;
            if self.c.peek().is_none() {
                break;
            }
            let (t, at) = self.c.tok()?;
            match head(t)? {
                Head::Firewall => self.firewall(&mut out)?,
                Head::Filter | Head::Inactive | Head::Replace => {
                    let a = self.filter(at, t, None, false)?;
                    out.push(a);
                }
                Head::Policer => {
                    let mut a = Acl::new(None, Source::Junos);
                    a.policers.push(self.policer(at)?);
                    out.push(a);
                }
                _ => return None,
            }
        }
        parse::trailing(&mut out, std::mem::take(&mut self.w.pending));
        Some(out)
    }

    /// `firewall { ... }` after its keyword (as `parse::firewall`).
    fn firewall(&mut self, out: &mut Vec<Acl>) -> Option<()> {
        let first = out.len();
        let mut policers = Vec::new();
        let mut replace = false;
        self.skip_pending()?;
        self.c.expect(b'{')?;
        while let Some((t, at, h)) = self.item()? {
            match h {
                Head::Replace => replace = true,
                Head::Filter | Head::Inactive => {
                    out.push(self.filter(at, t, None, replace)?);
                    replace = false;
                }
                Head::Policer => {
                    policers.push(self.policer(at)?);
                    replace = false;
                }
                Head::Family => self.family(out, &mut policers)?,
                _ => return None,
            }
        }
        parse::firewall_policers(out, first, policers, replace);
        Some(())
    }

    /// `family F { ... }` after its keyword.
    fn family(&mut self, out: &mut Vec<Acl>, policers: &mut Vec<Policer>) -> Option<()> {
        self.skip_pending()?;
        let fam = match self.c.tok()?.0 {
            "inet" => Family::Inet,
            "inet6" => Family::Inet6,
            "ethernet-switching" => Family::EthernetSwitching,
            _ => return None,
        };
        self.skip_pending()?;
        self.c.expect(b'{')?;
        let mut replace = false;
        while let Some((t, at, h)) = self.item()? {
            match h {
                Head::Replace => replace = true,
                Head::Filter | Head::Inactive => {
                    out.push(self.filter(at, t, Some(fam), replace)?);
                    replace = false;
                }
                Head::Policer => policers.push(self.policer(at)?),
                _ => return None,
            }
        }
        Some(())
    }

    /// `[inactive:|replace:] filter NAME { ... }` from its first word `first` at `start` (as
    /// `parse::filter`).
    fn filter(&mut self, start: usize, first: &str, family: Option<Family>, replace: bool) -> Option<Acl> {
        let mut a = Acl::new(None, Source::Junos);
        a.family = family;
        a.replace = replace;
        self.w.v6 = family == Some(Family::Inet6);
        a.comments = std::mem::take(&mut self.w.pending);
        if first != "filter" {
            a.replace |= first == "replace:";
            self.skip_pending()?;
            if head(self.c.tok()?.0)? != Head::Filter {
                return None;
            }
        }
        self.skip_pending()?;
        a.name = Some(unquote(self.c.tok()?.0).to_string());
        self.skip_pending()?;
        self.c.expect(b'{')?;
        while let Some((t, at, h)) = self.item()? {
            match h {
                Head::Term | Head::Inactive => {
                    let term = self.term(at, t)?;
                    a.terms.push(term);
                }
                Head::Policer => {
                    let p = self.policer(at)?;
                    a.policers.push(p);
                }
                Head::Other if t == "interface-specific" => {
                    self.c.pos = at;
                    self.c.stmt(&self.w.idx, &mut Vec::new())?;
                    a.interface_specific = true;
                }
                _ => return None,
            }
        }
        a.span = self.w.idx.span(start, self.c.pos);
        a.trailing_comments = std::mem::take(&mut self.w.pending);
        Some(a)
    }

    /// `[inactive:] term NAME { from {...} then ... }` from its first word (as `parse::term`).
    fn term(&mut self, start: usize, first: &str) -> Option<Term> {
        let mut t = Term::new(ActionKind::Accept);
        t.comments = std::mem::take(&mut self.w.pending);
        let idx = &self.w.idx;
        if first == "inactive:" {
            t.inactive = true;
            self.c.skip(idx, &mut t.comments)?;
            if head(self.c.tok()?.0)? != Head::Term {
                return None;
            }
        }
        self.c.skip(idx, &mut t.comments)?;
        t.name = Some(unquote(self.c.tok()?.0).to_string());
        self.c.skip(idx, &mut t.comments)?;
        self.c.expect(b'{')?;
        let mut has_action = false;
        let mut stmts: SmallVec<[Stmt; 6]> = SmallVec::new();
        loop {
            self.c.skip(&self.w.idx, &mut t.comments)?;
            if self.c.peek()? == b'}' {
                self.c.pos += 1;
                break;
            }
            let h = head(self.c.tok()?.0)?;
            if !matches!(h, Head::From | Head::Then) {
                return None;
            }
            self.c.skip(&self.w.idx, &mut t.comments)?;
            if h == Head::Then && self.c.peek() != Some(b'{') {
                stmts.push(self.c.stmt(&self.w.idx, &mut t.comments)?);
            } else {
                self.c.expect(b'{')?;
                loop {
                    self.c.skip(&self.w.idx, &mut t.comments)?;
                    if self.c.peek()? == b'}' {
                        self.c.pos += 1;
                        break;
                    }
                    stmts.push(self.c.stmt(&self.w.idx, &mut t.comments)?);
                }
            }
            if h == Head::From {
                lower::from_stmts(&mut self.w, stmts.drain(..), &mut t);
            } else {
                lower::then_stmts(&mut self.w, stmts.drain(..), &mut t, &mut has_action);
            }
        }
        t.span = self.w.idx.span(start, self.c.pos);
        Some(t)
    }

    /// `policer NAME { ... }` after its keyword at `start`; its comments are not kept (as in the
    /// pest route).
    fn policer(&mut self, start: usize) -> Option<Policer> {
        let mut dropped = Vec::new();
        self.c.skip(&self.w.idx, &mut dropped)?;
        let name = self.c.tok()?.0;
        self.c.skip(&self.w.idx, &mut dropped)?;
        if self.c.peek()? != b'{' {
            return None;
        }
        let stmts = self.c.block(&self.w.idx)?;
        let span = self.w.idx.span(start, self.c.pos);
        Some(lower::policer_stmts(&mut self.w, name, span, stmts))
    }
}

/// Reads a Junos text without pest: the filters, exactly as `parse::parse`'s pest route reads
/// them, or `None` when the text is not read whole here or anything in it would be reported (then
/// the pest route reads it and reports).
pub fn read(text: &str) -> Option<Vec<Acl>> {
    let mut diags = Vec::new();
    let out = {
        let w = Walk { idx: LineIndex::new(text), diags: &mut diags, pending: Vec::new(), v6: false };
        let mut r = Reader { c: Cur { s: text, b: text.as_bytes(), pos: 0, depth: 0 }, w };
        r.file()?
    };
    if !diags.is_empty() {
        return None;
    }
    READS.fetch_add(1, Ordering::Relaxed);
    Some(out)
}
