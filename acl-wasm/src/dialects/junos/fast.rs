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
    if !matches!(t.as_bytes().first(), Some(b'f' | b't' | b'p' | b'i' | b'r')) {
        return Some(Head::Other);
    }
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

/// The cursor over the text, with the line and column of where it is (the spans are made here,
/// as `LineIndex::span` makes them for the pest route).
struct Cur<'t> {
    s: &'t str,
    b: &'t [u8],
    pos: usize,
    /// 1-based line of `pos`.
    line: u32,
    /// Byte offset where that line starts.
    line_start: usize,
    depth: usize,
}

/// A place in the text: byte offset, line and column.
#[derive(Clone, Copy)]
struct At {
    pos: usize,
    line: u32,
    column: u32,
}

impl At {
    fn span(self, end: usize) -> Span {
        Span { line: self.line, column: self.column, start: self.pos as u32, end: end as u32 }
    }
}

impl<'t> Cur<'t> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self) -> At {
        At { pos: self.pos, line: self.line, column: (self.pos - self.line_start) as u32 + 1 }
    }

    /// Moves to `end`, counting the line breaks passed.
    fn advance(&mut self, end: usize) {
        for (i, &c) in self.b[self.pos..end].iter().enumerate() {
            if c == b'\n' {
                self.line += 1;
                self.line_start = self.pos + i + 1;
            }
        }
        self.pos = end;
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
    fn skip(&mut self, sink: &mut Vec<Comment>) -> Option<()> {
        let b = self.b;
        loop {
            // indentation: eight spaces at a time
            while let Some(w) = b.get(self.pos..self.pos + 8) {
                if w != b"        " {
                    break;
                }
                self.pos += 8;
            }
            match b.get(self.pos) {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                Some(b'#') => {
                    let at = self.at();
                    let end = b[at.pos..].iter().position(|&c| c == b'\n').map(|i| at.pos + i).unwrap_or(b.len());
                    let text = self.s[at.pos + 1..end].trim().to_string();
                    sink.push(Comment { text, style: CommentStyle::Hash, span: at.span(end) });
                    self.pos = end;
                }
                Some(b'/') if b.get(self.pos + 1) == Some(&b'*') => {
                    let at = self.at();
                    let close = at.pos + 2 + b[at.pos + 2..].windows(2).position(|w| w == b"*/")?;
                    let text = self.s[at.pos + 2..close].trim().to_string();
                    sink.push(Comment { text, style: CommentStyle::Block, span: at.span(close + 2) });
                    self.advance(close + 2);
                }
                _ => return Some(()),
            }
        }
    }

    /// A word (`tok`: quoted, quotes kept, or bare) and where it starts; `None` when none starts
    /// here.
    fn tok(&mut self) -> Option<(&'t str, At)> {
        let b = self.b;
        let at = self.at();
        let first = *b.get(at.pos)?;
        if first == b'"' {
            let close = at.pos + 1 + b[at.pos + 1..].iter().position(|&c| c == b'"')?;
            self.advance(close + 1);
            return Some((&self.s[at.pos..=close], at));
        }
        let mut i = at.pos;
        while i < b.len() && !STOP[b[i] as usize] && !(b[i] == b'/' && b.get(i + 1) == Some(&b'*')) {
            i += 1;
        }
        if i == at.pos {
            return None;
        }
        self.pos = i;
        Some((&self.s[at.pos..i], at))
    }

    /// A word with its span.
    fn word(&mut self) -> Option<(&'t str, Span)> {
        let (t, at) = self.tok()?;
        Some((t, at.span(at.pos + t.len())))
    }

    /// `stmt` into `s` (cleared first): `[inactive:] WORD (WORD | [ WORDS ])* (; | { STMTS })`,
    /// its comments (outside a nested block) pushed to `sink`.
    fn stmt(&mut self, sink: &mut Vec<Comment>, s: &mut Stmt<'t>) -> Option<()> {
        let start = self.at();
        s.inactive = false;
        s.words.clear();
        s.listed = false;
        s.block = None;
        s.split_line = None;
        let (mut first, mut sp) = self.word()?;
        // the grammar tries no keyword here but `inactive:` (which a word may continue)
        if let Some(rest) = first.strip_prefix("inactive:") {
            if !rest.is_empty() {
                return None;
            }
            s.inactive = true;
            self.skip(sink)?;
            let w = self.word()?;
            first = w.0;
            sp = w.1;
        }
        s.word(first, sp);
        loop {
            self.skip(sink)?;
            match self.peek()? {
                b';' => {
                    self.pos += 1;
                    break;
                }
                b'{' => {
                    s.block = Some(self.block()?);
                    break;
                }
                b'[' => {
                    self.pos += 1;
                    s.listed = true;
                    loop {
                        self.skip(sink)?;
                        if self.peek() == Some(b']') {
                            self.pos += 1;
                            break;
                        }
                        let w = self.word()?;
                        s.words.push(w);
                    }
                }
                _ => {
                    let (w, sp) = self.word()?;
                    s.word(w, sp);
                }
            }
        }
        s.span = start.span(self.pos);
        Some(())
    }

    /// `block`: `{ STMTS }` (at the `{`); its comments are not kept (as in the pest route).
    fn block(&mut self) -> Option<Vec<Stmt<'t>>> {
        self.depth += 1;
        if self.depth > MAX_NEST {
            return None;
        }
        self.expect(b'{')?;
        let (mut v, mut dropped) = (Vec::new(), Vec::new());
        loop {
            self.skip(&mut dropped)?;
            if self.peek()? == b'}' {
                self.pos += 1;
                break;
            }
            let mut s = Stmt::new();
            self.stmt(&mut dropped, &mut s)?;
            v.push(s);
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
        self.c.skip(&mut self.w.pending)
    }

    /// The first word of the next item, with its start, after a skip; `Ok(None)` at `}`.
    fn item(&mut self) -> Option<Option<(&'t str, At, Head)>> {
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
    fn filter(&mut self, start: At, first: &str, family: Option<Family>, replace: bool) -> Option<Acl> {
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
        let mut scratch = Stmt::new();
        while let Some((t, at, h)) = self.item()? {
            match h {
                Head::Term | Head::Inactive => {
                    // built in place: a term is large, and moving it costs (WebAssembly has no
                    // fast memcpy without bulk memory)
                    a.terms.push(Term::new(ActionKind::Accept));
                    let term = a.terms.last_mut()?;
                    self.term(term, at, t, &mut scratch)?;
                }
                Head::Policer => {
                    let p = self.policer(at)?;
                    a.policers.push(p);
                }
                Head::Other if t == "interface-specific" => {
                    self.c.pos = at.pos;
                    self.c.stmt(&mut Vec::new(), &mut scratch)?;
                    a.interface_specific = true;
                }
                _ => return None,
            }
        }
        a.span = start.span(self.c.pos);
        a.trailing_comments = std::mem::take(&mut self.w.pending);
        Some(a)
    }

    /// `[inactive:] term NAME { from {...} then ... }` into `t` (new) from its first word (as
    /// `parse::term`); each statement is read into `s` and lowered at once.
    fn term(&mut self, t: &mut Term, start: At, first: &str, s: &mut Stmt<'t>) -> Option<()> {
        t.comments = std::mem::take(&mut self.w.pending);
        if first == "inactive:" {
            t.inactive = true;
            self.c.skip(&mut t.comments)?;
            if head(self.c.tok()?.0)? != Head::Term {
                return None;
            }
        }
        self.c.skip(&mut t.comments)?;
        t.name = Some(unquote(self.c.tok()?.0).to_string());
        self.c.skip(&mut t.comments)?;
        self.c.expect(b'{')?;
        let mut has_action = false;
        loop {
            self.c.skip(&mut t.comments)?;
            if self.c.peek()? == b'}' {
                self.c.pos += 1;
                break;
            }
            let h = head(self.c.tok()?.0)?;
            if !matches!(h, Head::From | Head::Then) {
                return None;
            }
            self.c.skip(&mut t.comments)?;
            let block = h == Head::From || self.c.peek() == Some(b'{');
            if block {
                self.c.expect(b'{')?;
            }
            loop {
                if block {
                    self.c.skip(&mut t.comments)?;
                    if self.c.peek()? == b'}' {
                        self.c.pos += 1;
                        break;
                    }
                }
                self.c.stmt(&mut t.comments, s)?;
                if h == Head::From {
                    lower::from_stmt(&mut self.w, s, t);
                } else {
                    lower::then_stmt(&mut self.w, s, t, &mut has_action);
                }
                if !block {
                    break;
                }
            }
        }
        t.span = start.span(self.c.pos);
        Some(())
    }

    /// `policer NAME { ... }` after its keyword at `start`; its comments are not kept (as in the
    /// pest route).
    fn policer(&mut self, start: At) -> Option<Policer> {
        let mut dropped = Vec::new();
        self.c.skip(&mut dropped)?;
        let name = self.c.tok()?.0;
        self.c.skip(&mut dropped)?;
        if self.c.peek()? != b'{' {
            return None;
        }
        let stmts = self.c.block()?;
        let span = start.span(self.c.pos);
        Some(lower::policer_stmts(&mut self.w, name, span, stmts))
    }
}

/// Reads a Junos text without pest: the filters, exactly as `parse::parse`'s pest route reads
/// them, or `None` when the text is not read whole here or anything in it would be reported (then
/// the pest route reads it and reports).
pub fn read(text: &str) -> Option<Vec<Acl>> {
    let mut diags = Vec::new();
    let out = {
        // no line index: the spans are made by the cursor, and a diagnostic of the lowering is
        // never kept (the text then goes to pest), so its excerpt does not matter
        let w = Walk { idx: LineIndex::new(""), diags: &mut diags, pending: Vec::new(), v6: false };
        let mut r = Reader { c: Cur { s: text, b: text.as_bytes(), pos: 0, line: 1, line_start: 0, depth: 0 }, w };
        r.file()?
    };
    if !diags.is_empty() {
        return None;
    }
    READS.fetch_add(1, Ordering::Relaxed);
    Some(out)
}
