//! IOS pass 1: the pest parser, run line by line, and the statement driver that builds ACLs.
//! Errors resynchronise at the next line.

use super::groups::{self, Groups, Kind};
use super::lower::{self, LineCtx};
use crate::diag::Diagnostic;
use crate::ir::{Acl, Comment, CommentStyle, Source};
use crate::tables::{self, Vendor};
use pest::iterators::Pair;
use pest::Parser;
#[allow(missing_docs)]
mod grammar {
    use pest_derive::Parser;

    /// The IOS grammar (`grammar.pest`); `Rule` has one variant per rule.
    #[derive(Parser)]
    #[grammar = "dialects/ios/grammar.pest"]
    pub struct IosParser;
}
pub use grammar::{IosParser, Rule};

/// The IOS-family dialect being read: it decides the sources of the lists, how masks in
/// object groups are read, and (ASA) the line grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Cisco IOS / IOS-XE (and, read as IOS, the EOS / IOS-XR / NX-OS forms it always accepted).
    Ios,
    /// Cisco NX-OS.
    Nxos,
    /// Arista EOS.
    Eos,
    /// Cisco IOS-XR.
    Iosxr,
    /// Cisco ASA.
    Asa,
}

impl Dialect {
    /// The dialect's name tables.
    pub fn names(self) -> tables::Names {
        tables::names(match self {
            Dialect::Ios => Vendor::Ios,
            Dialect::Nxos => Vendor::Nxos,
            Dialect::Eos => Vendor::Eos,
            Dialect::Iosxr => Vendor::Iosxr,
            Dialect::Asa => Vendor::Asa,
        })
    }

    /// The source of a named extended list read in this dialect.
    fn named_source(self) -> Source {
        match self {
            Dialect::Ios => Source::IosNamed,
            Dialect::Nxos => Source::Nxos,
            Dialect::Eos => Source::Eos,
            Dialect::Iosxr => Source::Iosxr,
            Dialect::Asa => Source::Asa,
        }
    }
}

/// After this many diagnostics the IOS parser stops (one more says so).
pub const MAX_DIAGNOSTICS: usize = 1000;

/// Standard ACL numbers (1–99, 1300–1999).
pub fn is_standard_number(n: u32) -> bool {
    (1..=99).contains(&n) || (1300..=1999).contains(&n)
}

struct State {
    acls: Vec<Acl>,
    cur: Option<usize>,
    pending: Vec<Comment>,
    /// Lines of the text: the first ACL reserves room for that many terms (most texts hold one
    /// ACL; the spare room is given back at the end).
    lines: usize,
    /// Per ACL: its header is EOS / NX-OS `ip access-list NAME` (no `standard|extended`), so its
    /// names are Arista's (`kerberos` 88, `radius` 1812: names NX-OS does not have).
    eos: Vec<bool>,
    /// Per ACL: terms handed out by [`Driver::drain`] so far (reset when the list is cleared).
    drained: Vec<usize>,
    /// Per ACL: the span of its first term and the end of its last one, among the drained terms.
    drained_span: Vec<Option<(crate::ir::Span, u32)>>,
    /// A statement went back to an ACL before the newest one (`no access-list N`, `clear
    /// configure access-list`, an ASA list continued, a rebind, a list entered again, an entry
    /// numbered below an earlier one): its terms are not in one run.
    revisited: bool,
    /// Per ACL: the sequence numbers of its entries so far, ascending (an entry without one is
    /// numbered 10 past the highest, as IOS numbers it), to find a number used twice.
    seqs: Vec<Vec<u32>>,
    /// Per ACL: an entry came numbered below an earlier one; [`Driver::finish`] puts the terms in
    /// sequence order, as the device does.
    unordered: Vec<bool>,
}

impl State {
    fn start(&mut self, name: Option<String>, source: Source, replace: bool) -> usize {
        let mut a = Acl::new(name, source);
        if self.acls.is_empty() {
            a.terms.reserve(self.lines);
        }
        a.replace = replace;
        a.comments = std::mem::take(&mut self.pending);
        self.acls.push(a);
        self.eos.push(false);
        self.drained.push(0);
        self.drained_span.push(None);
        self.seqs.push(Vec::new());
        self.unordered.push(false);
        self.cur = Some(self.acls.len() - 1);
        self.acls.len() - 1
    }

    fn find(&mut self, name: &str) -> Option<usize> {
        let i = self.acls.iter().rposition(|a| a.name.as_deref() == Some(name));
        self.revisited |= i.is_some();
        i
    }

    /// The IPv4 (`v6` false) or IPv6 list named `name` read before, made the current one: IOS
    /// appends to a list whose number or name comes again (`access-list 100` lines between
    /// another list's, `ip access-list extended A` entered twice). IPv4 and IPv6 names are apart.
    fn again(&mut self, name: &str, v6: bool) -> Option<usize> {
        let i = self.acls.iter().rposition(|a| {
            a.name.as_deref() == Some(name) && (a.family == Some(crate::ir::Family::Inet6)) == v6
        })?;
        if self.cur != Some(i) {
            self.revisited = true;
        }
        self.cur = Some(i);
        Some(i)
    }

    /// The numbered list `n`: the one read before (its lines continue it), or a new one.
    fn numbered(&mut self, n: &str, source: Source) -> usize {
        match self.cur {
            Some(c) if self.acls[c].name.as_deref() == Some(n) => c,
            _ => match self.again(n, false) {
                Some(i) => i,
                None => self.start(Some(n.to_string()), source, false),
            },
        }
    }

    /// Files the sequence number of an entry of ACL `i` (`None`: 10 past the highest, as IOS
    /// numbers it). `Err(n)` when the list has an entry `n` already (the device refuses it).
    fn sequence(&mut self, i: usize, seq: Option<u32>) -> Result<(), u32> {
        let s = &mut self.seqs[i];
        match (seq, s.last().copied()) {
            (None, last) => s.push(last.map_or(10, |m| m.saturating_add(10))),
            (Some(n), Some(m)) if n <= m => {
                match s.binary_search(&n) {
                    Ok(_) => return Err(n),
                    Err(at) => s.insert(at, n),
                }
                self.unordered[i] = true;
                self.revisited = true;
            }
            (Some(n), _) => s.push(n),
        }
        Ok(())
    }

    /// Empties ACL `i` (its drained terms included).
    fn clear(&mut self, i: usize) {
        self.acls[i].terms.clear();
        self.drained[i] = 0;
        self.drained_span[i] = None;
        self.seqs[i].clear();
        self.unordered[i] = false;
    }
}

/// The error for an entry numbered as one before it in the same list.
fn duplicate_seq(n: u32, acl: &Acl, span: crate::ir::Span) -> Diagnostic {
    let name = acl.name.as_deref().unwrap_or("(unnamed)");
    Diagnostic::error("ACL003", format!("sequence number {} is used twice in access list {}", n, name), span)
        .with_hint("the device refuses the second entry: give it a number of its own")
}

/// Puts a list's terms in sequence order, as the device keeps them: an entry without a number is
/// numbered 10 past the highest before it; the terms of one entry (one span: an object group's
/// services) stay together; the sort is stable.
fn in_sequence(terms: &mut Vec<crate::ir::Term>) {
    let mut top: Option<u32> = None;
    let mut prev: Option<(u32, u32)> = None;
    let mut keyed: Vec<(u32, crate::ir::Term)> = std::mem::take(terms)
        .into_iter()
        .map(|t| {
            let n = match (t.seq, prev) {
                (Some(n), _) => n,
                (None, Some((start, n))) if start == t.span.start => n,
                (None, _) => top.map_or(10, |m| m.saturating_add(10)),
            };
            top = Some(top.map_or(n, |m| m.max(n)));
            prev = Some((t.span.start, n));
            (n, t)
        })
        .collect();
    keyed.sort_by_key(|(n, _)| *n);
    terms.extend(keyed.into_iter().map(|(_, t)| t));
}

/// Parses IOS text into ACLs. Diagnostics are appended to `diags`.
pub fn parse(text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Acl> {
    parse_with(text, diags, true)
}

/// [`parse`], with the fast path ([`super::fast`]) on or off (off: pest parses every line; the
/// differential tests compare both).
pub fn parse_with(text: &str, diags: &mut Vec<Diagnostic>, fast: bool) -> Vec<Acl> {
    parse_dialect(text, diags, fast, Dialect::Ios)
}

/// Parses text of an IOS-family dialect ([`Dialect`]).
pub fn parse_dialect(text: &str, diags: &mut Vec<Diagnostic>, fast: bool, dialect: Dialect) -> Vec<Acl> {
    let mut d = Driver::new(text, fast, dialect, true);
    d.feed(text, text.len(), diags);
    d.finish(text)
}

/// The IOS-family line driver, resumable: [`Driver::feed`] reads the text a run of lines at a
/// time, [`Driver::drain`] hands out the terms read so far (a streaming reader keeps only one
/// run of them), and [`Driver::finish`] gives the ACLs. [`parse_dialect`] is one feed of the whole
/// text; feeding it in pieces reads the same ACLs and diagnostics.
pub struct Driver {
    dialect: Dialect,
    fast: bool,
    groups: Groups,
    /// The group whose members the indented lines are: (name, kind).
    in_group: Option<(String, Kind)>,
    st: State,
    /// Lines read so far.
    lines_read: u32,
    /// Where the next line starts (past the end: the text is read).
    offset: usize,
}

impl Driver {
    /// A driver for `text`; `reserve`: the first ACL reserves room for the terms of the whole text
    /// (off for a streaming reader, which drains them).
    pub fn new(text: &str, fast: bool, dialect: Dialect, reserve: bool) -> Driver {
        let fast = fast && dialect != Dialect::Asa;
        // room for the terms, guessed from the size (IOS entries run ~40-100 bytes): counting the
        // lines would cost a pass over the text; the guess is trimmed below when it was generous
        let lines = if reserve { text.len() / 48 + 16 } else { 0 };
        let st = State { acls: Vec::new(), cur: None, pending: Vec::new(), lines, eos: Vec::new(), drained: Vec::new(), drained_span: Vec::new(), revisited: false, seqs: Vec::new(), unordered: Vec::new() };
        Driver { dialect, fast, groups: Groups::new(), in_group: None, st, lines_read: 0, offset: 0 }
    }

    /// Whether the whole text has been read.
    pub fn done(&self, text: &str) -> bool {
        self.offset > text.len()
    }

    /// Where the next line starts.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Whether a statement went back to an ACL before the newest one (then an ACL's terms are not
    /// one run at the end of the list: a streaming writer must read the whole text instead).
    pub fn revisited(&self) -> bool {
        self.st.revisited
    }

    /// The ACLs read so far (their terms since the last [`Driver::drain`]).
    pub fn acls(&self) -> &[Acl] {
        &self.st.acls
    }

    /// Terms of ACL `i` read so far, drained ones included.
    pub fn term_count(&self, i: usize) -> usize {
        self.st.drained[i] + self.st.acls[i].terms.len()
    }

    /// Hands out the terms read since the last drain: per ACL (in order), its index and terms.
    pub fn drain(&mut self) -> Vec<(usize, Vec<crate::ir::Term>)> {
        let mut out = Vec::new();
        for (i, a) in self.st.acls.iter_mut().enumerate() {
            if a.terms.is_empty() {
                continue;
            }
            let first = a.terms[0].span;
            let end = a.terms[a.terms.len() - 1].span.end;
            let sp = &mut self.st.drained_span[i];
            *sp = Some((sp.map(|x| x.0).unwrap_or(first), end));
            self.st.drained[i] += a.terms.len();
            // the list being read gets room for as many terms in its next run (not an empty vector
            // that grows by doubling, copying its terms at each step: ~12% of a streaming check's
            // time went to `memmove`); the others are done (or revisited) and get none
            let room = if self.st.cur == Some(i) { a.terms.len() } else { 0 };
            out.push((i, std::mem::replace(&mut a.terms, Vec::with_capacity(room))));
        }
        out
    }

    /// Reads the lines that start before byte `upto` (whole lines; all of them when `upto` is the
    /// text's length). Diagnostics are appended to `diags`.
    #[inline(never)]
    pub fn feed(&mut self, text: &str, upto: usize, diags: &mut Vec<Diagnostic>) {
        let dialect = self.dialect;
        let fast = self.fast;
        let st = &mut self.st;
        let groups = &mut self.groups;
        let in_group = &mut self.in_group;
        while self.offset <= text.len() && (self.offset < upto || upto >= text.len()) {
            let this_off = self.offset;
            let raw = match text[this_off..].find('\n') {
                Some(n) => &text[this_off..this_off + n],
                None => &text[this_off..],
            };
            self.offset += raw.len() + 1;
            self.lines_read += 1;
            let line_no = self.lines_read;
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() {
                continue;
            }
            if diags.len() >= MAX_DIAGNOSTICS {
                let sp = crate::ir::Span { line: line_no, column: 1, start: this_off as u32, end: this_off as u32 };
                let msg = format!("too many errors (more than {}): parsing stopped here", MAX_DIAGNOSTICS);
                diags.push(Diagnostic::error("ACL001", msg, sp));
                self.offset = text.len() + 1;
                break;
            }
            if in_group.is_some() && group_member(dialect, groups, in_group, line, line_no, this_off, diags) {
                continue;
            }
            let (std_mode, v6) = match st.cur.map(|c| (st.acls[c].source, st.acls[c].family)) {
                Some((Source::IosNamedStandard, _)) => (true, false),
                Some((_, Some(crate::ir::Family::Inet6))) => (false, true),
                _ => (false, false),
            };
            let eos = st.cur.map(|c| st.eos[c]).unwrap_or(false);
            if fast && !std_mode && !v6 && !eos {
                if let Some((kind, mut t)) = super::fast::line(line, line_no, this_off) {
                    let idx = match (kind, st.cur) {
                        (super::fast::Line::Numbered(n), _) => st.numbered(n, Source::Ios),
                        (super::fast::Line::Entry(_), Some(c)) => c,
                        (super::fast::Line::Entry(_), None) => st.start(None, Source::Ios, false),
                    };
                    if let super::fast::Line::Entry(seq) = kind {
                        t.seq = seq;
                    }
                    if let Err(n) = st.sequence(idx, t.seq) {
                        let indent = line.len() - line.trim_start().len();
                        let sp = crate::ir::Span { line: line_no, column: indent as u32 + 1, start: (this_off + indent) as u32, end: (this_off + line.len()) as u32 };
                        diags.push(duplicate_seq(n, &st.acls[idx], sp));
                        continue;
                    }
                    t.comments = std::mem::take(&mut st.pending);
                    st.acls[idx].terms.push(t);
                    continue;
                }
            }
            pest_line(st, groups, in_group, dialect, (line, line_no, this_off), (std_mode, v6, eos), diags);
        }
    }

    /// The ACLs read (the terms not drained; each ACL's span covers its drained terms too).
    pub fn finish(mut self, text: &str) -> Vec<Acl> {
        let st = &mut self.st;
        for (a, unordered) in st.acls.iter_mut().zip(&st.unordered) {
            if *unordered {
                in_sequence(&mut a.terms);
            }
        }
        let pending = std::mem::take(&mut st.pending);
        if !pending.is_empty() {
            match st.cur {
                Some(c) => st.acls[c].trailing_comments.extend(pending),
                None => {
                    let mut a = Acl::new(None, Source::Ios);
                    a.trailing_comments = pending;
                    st.acls.push(a);
                }
            }
        }
        let total = text.len() as u32;
        if let Some(a) = st.acls.first_mut() {
            if a.terms.capacity() > a.terms.len() + a.terms.len() / 8 + 64 {
                a.terms.shrink_to_fit();
            }
        }
        for (i, a) in st.acls.iter_mut().enumerate() {
            let drained = st.drained_span.get(i).copied().flatten();
            let first = drained.map(|d| d.0).or(a.terms.first().map(|t| t.span));
            let end = a.terms.last().map(|t| t.span.end).or(drained.map(|d| d.1));
            if let (Some(f), Some(end)) = (first, end) {
                a.span = crate::ir::Span { line: f.line, column: 1, start: f.start, end: end.min(total) };
            }
        }
        std::mem::take(&mut st.acls)
    }
}

/// A line of an object group's block (`in_group` is set): its member, or the end of the block
/// (`exit`, or a line that is not indented: then `in_group` is cleared and `false` returned, the
/// line read as any other). Kept out of [`Driver::feed`]'s loop (as [`pest_line`]) so that the
/// loop stays small: V8 compiles a hot function with its optimising compiler in the background
/// and a large one (everything inlined) took longer than a whole cold check.
#[inline(never)]
fn group_member(dialect: Dialect, groups: &mut Groups, in_group: &mut Option<(String, Kind)>, line: &str, line_no: u32, this_off: usize, diags: &mut Vec<Diagnostic>) -> bool {
    let (gname, kind) = match &*in_group {
        Some(g) => g,
        None => return false,
    };
    let trimmed = line.trim();
    if trimmed.eq_ignore_ascii_case("exit") {
        *in_group = None;
        return true;
    }
    if line.starts_with(|c: char| c == ' ' || c == '\t') {
        let mut ctx = LineCtx { text: line, line: line_no, offset: this_off, v6: false, names: dialect.names(), diags, groups: &Groups::new(), dialect, expand: None };
        match IosParser::parse(groups::member_rule(*kind), line) {
            Ok(mut pairs) => {
                let top = pairs.next().expect("line");
                groups::member(&mut ctx, groups, gname, dialect, top);
            }
            Err(e) => ctx.diags.push(syntax_error(line, line_no, this_off, e)),
        }
        return true;
    }
    *in_group = None;
    false
}

/// A line the fast path did not read ([`super::fast::line`]), parsed by the grammar: `at` is
/// the line, its number and offset; `mode` the current list's standard, IPv6 and EOS flags.
#[inline(never)]
fn pest_line(st: &mut State, groups: &mut Groups, in_group: &mut Option<(String, Kind)>, dialect: Dialect, at: (&str, u32, usize), mode: (bool, bool, bool), diags: &mut Vec<Diagnostic>) {
    let (line, line_no, this_off) = at;
    let (std_mode, v6, eos) = mode;
    let rule = if dialect == Dialect::Asa {
        Rule::line_asa
    } else if std_mode {
        Rule::line_std
    } else {
        Rule::line_ext
    };
    let parsed = IosParser::parse(rule, line);
    // a group header starts a block (the groups are changed, so it is lowered here)
    if let Ok(pairs) = &parsed {
        let top = pairs.clone().next().expect("line");
        if let Some(h) = top.clone().into_inner().find(|x| x.as_rule() == Rule::og_header) {
            let mut ctx = LineCtx { text: line, line: line_no, offset: this_off, v6, names: dialect.names(), diags, groups: &Groups::new(), dialect, expand: None };
            *in_group = groups::header(&mut ctx, groups, h);
            if let Some(b) = top.into_inner().find(|x| x.as_rule() == Rule::bang) {
                st.pending.push(comment(&ctx, &b, CommentStyle::Bang));
            }
            return;
        }
    }
    let mut ctx = LineCtx { text: line, line: line_no, offset: this_off, v6, names: if eos && dialect == Dialect::Ios { tables::names(Vendor::Eos) } else { dialect.names() }, diags, groups: &*groups, dialect, expand: None };
    match parsed {
        Ok(mut pairs) => {
            let top = pairs.next().expect("line");
            statement(st, &mut ctx, top);
        }
        Err(e) => ctx.diags.push(syntax_error(line, line_no, this_off, e)),
    }
}

fn comment(ctx: &LineCtx, p: &Pair<Rule>, style: CommentStyle) -> Comment {
    let text = p.clone().into_inner().find(|x| x.as_rule() == Rule::rest).map(|x| x.as_str()).unwrap_or("");
    Comment { text: text.trim().to_string(), style, span: ctx.span(p) }
}

fn statement(st: &mut State, ctx: &mut LineCtx, top: Pair<Rule>) {
    let mut inline_bang: Option<Comment> = None;
    let mut new_term: Option<usize> = None;
    for p in top.into_inner() {
        match p.as_rule() {
            Rule::bang => inline_bang = Some(comment(ctx, &p, CommentStyle::Bang)),
            Rule::stats => match st.cur {
                Some(c) => st.acls[c].statistics_per_entry = true,
                None => ctx.err("ACL007", "'statistics per-entry' outside an access list".into(), &p, Some("write it after 'ip access-list NAME'")),
            },
            Rule::asa_clear => {
                let name = p.clone().into_inner().last().map(|n| n.as_str().to_string()).unwrap_or_default();
                match st.find(&name) {
                    Some(i) => {
                        st.clear(i);
                        st.acls[i].replace = true;
                        st.cur = Some(i);
                    }
                    None => {
                        st.start(Some(name), Source::Asa, true);
                    }
                }
            }
            Rule::asa_acl => {
                let mut it = p.clone().into_inner().skip(1);
                let name = match it.next() {
                    Some(n) => n.as_str().to_string(),
                    None => continue,
                };
                let idx = match st.cur {
                    Some(c) if st.acls[c].name.as_deref() == Some(name.as_str()) => c,
                    _ => match st.find(&name) {
                        Some(i) => {
                            st.cur = Some(i);
                            i
                        }
                        None => st.start(Some(name), Source::Asa, false),
                    },
                };
                let mut seq = None;
                let mut x = match it.next() {
                    Some(x) => x,
                    None => continue,
                };
                if x.as_rule() == Rule::asa_lineno {
                    seq = x.clone().into_inner().last().and_then(|n| n.as_str().parse::<u32>().ok());
                    x = match it.next() {
                        Some(x) => x,
                        None => continue,
                    };
                }
                if x.as_rule() == Rule::remark {
                    let c = comment(ctx, &x, CommentStyle::Remark);
                    st.pending.push(c);
                    continue;
                }
                let action = match it.next() {
                    Some(a) => a,
                    None => continue,
                };
                let body = match it.next() {
                    Some(b) => b,
                    None => continue,
                };
                let ts = entry_terms(st, ctx, &p, action, body, seq);
                if !ts.is_empty() {
                    st.acls[idx].terms.extend(ts);
                    new_term = Some(idx);
                }
            }
            Rule::end_kw | Rule::EOI => {}
            Rule::numbered => {
                let mut it = p.clone().into_inner();
                let _k = it.next();
                let num = match it.next() {
                    Some(n) => n,
                    None => continue,
                };
                let name = num.as_str().to_string();
                let n: u32 = name.parse().unwrap_or(0);
                let idx = st.numbered(&name, if is_standard_number(n) { Source::IosStandard } else { Source::Ios });
                let x = match it.next() {
                    Some(x) => x,
                    None => continue,
                };
                if x.as_rule() == Rule::remark {
                    let c = comment(ctx, &x, CommentStyle::Remark);
                    st.pending.push(c);
                    continue;
                }
                let body = match it.next() {
                    Some(b) => b,
                    None => continue,
                };
                let std_body = body.as_rule() == Rule::std_body;
                if std_body != is_standard_number(n) && (std_body || (1..=99).contains(&n) || (1300..=1999).contains(&n)) {
                    let msg = if std_body {
                        format!("access list {} is an extended list: expected a protocol, source and destination after '{}'", n, x.as_str())
                    } else {
                        format!("access list {} is a standard list (1-99, 1300-1999): expected only a source address", n)
                    };
                    ctx.err("ACL006", msg, &body, Some("extended lists are numbered 100-199 or 2000-2699"));
                    continue;
                }
                let ts = entry_terms(st, ctx, &p, x, body, None);
                if !ts.is_empty() {
                    st.acls[idx].terms.extend(ts);
                    new_term = Some(idx);
                }
            }
            Rule::no_acl => {
                let name = no_target(&p);
                let header = p.clone().into_inner().find(|x| x.as_rule() == Rule::header);
                let src = match &header {
                    Some(h) => match header_source(h).0 {
                        Source::IosNamed => ctx.dialect.named_source(),
                        s => s,
                    },
                    None => {
                        let n: u32 = name.parse().unwrap_or(0);
                        if is_standard_number(n) {
                            Source::IosStandard
                        } else {
                            Source::Ios
                        }
                    }
                };
                match st.find(&name) {
                    Some(i) => {
                        st.clear(i);
                        st.acls[i].replace = true;
                        st.cur = Some(i);
                    }
                    None => {
                        st.start(Some(name), src, true);
                    }
                }
            }
            Rule::header => {
                let (mut src, name) = header_source(&p);
                if src == Source::IosNamed || (src == Source::Ipv6 && ctx.dialect != Dialect::Ios) {
                    src = ctx.dialect.named_source();
                }
                let v6_header = p.clone().into_inner().any(|x| x.as_rule() == Rule::hdr_family && x.as_str().eq_ignore_ascii_case("ipv6"));
                match st.cur {
                    Some(c) if st.acls[c].name.as_deref() == Some(name.as_str()) && st.acls[c].terms.is_empty() && st.drained[c] == 0 => {
                        let pend = std::mem::take(&mut st.pending);
                        let a = &mut st.acls[c];
                        a.source = src;
                        a.comments.extend(pend);
                    }
                    // a list entered again continues (IOS appends to it); one of another kind
                    // (standard and extended) is read as a list of its own
                    _ => match st.acls.iter().rposition(|a| a.name.as_deref() == Some(name.as_str()) && (a.family == Some(crate::ir::Family::Inet6)) == v6_header) {
                        Some(i) if st.acls[i].source == src => {
                            st.again(&name, v6_header);
                        }
                        _ => {
                            st.start(Some(name), src, false);
                        }
                    },
                }
                if let Some(c) = st.cur {
                    st.eos[c] = kindless_ip(&p);
                }
                if v6_header {
                    let c = st.cur.unwrap_or(0);
                    st.acls[c].family = Some(crate::ir::Family::Inet6);
                }
            }
            Rule::rebind => {
                let mut it = p.clone().into_inner();
                let _ip = it.next();
                let kind = it.next().map(|k| k.as_str().to_ascii_lowercase()).unwrap_or_default();
                let name = it.next().map(|n| n.as_str().to_string()).unwrap_or_default();
                let i = match st.find(&name) {
                    Some(i) => i,
                    None => st.start(Some(name), Source::Brocade, false),
                };
                st.acls[i].source = Source::Brocade;
                st.acls[i].receive_acl = kind.contains("receive");
            }
            Rule::entry_ext | Rule::entry_std => {
                let idx = match st.cur {
                    Some(c) => c,
                    None => st.start(None, Source::Ios, false),
                };
                let mut it = p.clone().into_inner();
                let mut first = match it.next() {
                    Some(f) => f,
                    None => continue,
                };
                let mut seq = None;
                if first.as_rule() == Rule::seq {
                    let n = first.clone().into_inner().last().map(|n| n.as_str()).unwrap_or("0");
                    seq = n.parse::<u32>().ok();
                    if seq.is_none() {
                        ctx.err("ACL003", format!("sequence number {} is out of range", n), &first, None);
                        continue;
                    }
                    first = match it.next() {
                        Some(f) => f,
                        None => continue,
                    };
                }
                if first.as_rule() == Rule::remark {
                    let c = comment(ctx, &first, CommentStyle::Remark);
                    st.pending.push(c);
                    continue;
                }
                let body = match it.next() {
                    Some(b) => b,
                    None => continue,
                };
                let ts = entry_terms(st, ctx, &p, first, body, seq);
                if !ts.is_empty() {
                    if let Err(n) = st.sequence(idx, seq) {
                        let sp = ctx.span(&p);
                        ctx.diags.push(duplicate_seq(n, &st.acls[idx], sp));
                        // the remarks before the refused entry go to the next one (as the fast path)
                        st.pending = ts.into_iter().next().map(|t| t.comments).unwrap_or_default();
                        continue;
                    }
                    st.acls[idx].terms.extend(ts);
                    new_term = Some(idx);
                }
            }
            _ => {}
        }
    }
    if let Some(c) = inline_bang {
        match new_term {
            Some(i) => {
                if let Some(t) = st.acls[i].terms.last_mut() {
                    t.comments.push(c);
                }
            }
            None => st.pending.push(c),
        }
    }
}

/// The term(s) of an entry: one, or one per service of a service group in the protocol's place.
fn entry_terms(st: &mut State, ctx: &mut LineCtx, whole: &Pair<Rule>, action: Pair<Rule>, body: Pair<Rule>, seq: Option<u32>) -> Vec<crate::ir::Term> {
    let mut t = match lower::entry(ctx, action, body) {
        Some(t) => t,
        None => return Vec::new(),
    };
    t.seq = seq;
    let s = whole.as_span();
    t.span = ctx.span_at(s.start(), s.end());
    t.span.column = 1;
    t.span.start = ctx.offset as u32;
    t.comments = std::mem::take(&mut st.pending);
    match ctx.expand.take() {
        None => vec![t],
        Some((name, services)) => expand_services(ctx, whole, t, &name, &services),
    }
}

/// One term per service of group `name`: the service's protocol, ports and ICMP message join
/// the entry's own conditions (each marked with the group).
fn expand_services(ctx: &mut LineCtx, whole: &Pair<Rule>, t: crate::ir::Term, name: &str, services: &[groups::Service]) -> Vec<crate::ir::Term> {
    use crate::ir::{Condition, Key};
    let mut out = Vec::with_capacity(services.len());
    for s in services {
        let mut x = t.clone();
        if !out.is_empty() {
            x.comments.clear();
        }
        let sp = t.span;
        let add = |key: Key, r: Vec<(u32, u32)>, x: &mut crate::ir::Term| {
            let mut c = Condition::ranges(key, r, sp);
            c.group = Some(name.to_string());
            x.conditions.push(c);
        };
        if !s.protocols.is_empty() {
            let mut r: Vec<(u32, u32)> = s.protocols.iter().map(|&p| (p, p)).collect();
            crate::ir::normalize_ranges(&mut r);
            add(Key::Protocol, r, &mut x);
            let n = x.conditions.len() - 1;
            x.conditions[..=n].rotate_right(1);
        }
        for (key, r) in [(Key::SourcePort, &s.sports), (Key::DestinationPort, &s.dports)] {
            if let Some(r) = r {
                if x.cond(key).is_some() {
                    let msg = format!("the entry and service group '{}' both give the {}", name, key.as_str());
                    ctx.err("ACL005", msg, whole, None);
                    return Vec::new();
                }
                add(key, r.clone(), &mut x);
            }
        }
        if let Some((ty, code)) = s.icmp {
            add(Key::IcmpType, vec![(ty, ty)], &mut x);
            if let Some(c) = code {
                add(Key::IcmpCode, vec![(c, c)], &mut x);
            }
        }
        let ports = x.conditions.iter().any(|c| matches!(c.key, Key::SourcePort | Key::DestinationPort));
        let tcpudp = s.protocols.iter().all(|p| matches!(p, 6 | 17 | 132)) && !s.protocols.is_empty();
        if ports && !tcpudp {
            let msg = format!("service group '{}' has a member that is not tcp or udp, and the entry gives ports", name);
            ctx.err("ACL005", msg, whole, None);
            return Vec::new();
        }
        out.push(x);
    }
    if out.is_empty() {
        let msg = format!("service group '{}' is empty", name);
        ctx.err("ACL005", msg, whole, None);
    }
    out
}

fn no_target(p: &Pair<Rule>) -> String {
    for x in p.clone().into_inner() {
        match x.as_rule() {
            Rule::acl_num => return x.as_str().to_string(),
            Rule::header => return header_source(&x).1,
            _ => {}
        }
    }
    String::new()
}

/// `ip access-list NAME`: the EOS / NX-OS header (IOS needs `standard` or `extended`).
fn kindless_ip(p: &Pair<Rule>) -> bool {
    let inner: Vec<_> = p.clone().into_inner().collect();
    inner.iter().any(|x| x.as_rule() == Rule::hdr_family && x.as_str().eq_ignore_ascii_case("ip")) && !inner.iter().any(|x| x.as_rule() == Rule::acl_kind)
}

fn header_source(p: &Pair<Rule>) -> (Source, String) {
    let mut fam = String::new();
    let mut kind = String::new();
    let mut name = String::new();
    for x in p.clone().into_inner() {
        match x.as_rule() {
            Rule::hdr_family => fam = x.as_str().to_ascii_lowercase(),
            Rule::acl_kind => kind = x.as_str().to_ascii_lowercase(),
            Rule::name => name = x.as_str().to_string(),
            _ => {}
        }
    }
    let src = if fam == "ipv6" {
        Source::Ipv6
    } else if kind == "standard" {
        Source::IosNamedStandard
    } else {
        Source::IosNamed
    };
    (src, name)
}

fn human(r: &Rule) -> &'static str {
    match r {
        Rule::action => "'permit' or 'deny'",
        Rule::remark => "'remark'",
        Rule::protocol => "a protocol (name or number)",
        Rule::addr | Rule::std_addr | Rule::any | Rule::host | Rule::prefix | Rule::wild | Rule::bare | Rule::k_host => {
            "an address ('any', 'host A', 'A/LEN' or 'A WILDCARD')"
        }
        Rule::ip | Rule::ipv4 | Rule::ip_chars => "an IP address",
        Rule::ports | Rule::port_op | Rule::range_op | Rule::port_grp | Rule::port_grp_kw | Rule::port_member | Rule::k_port_object => "a port operator (eq, neq, lt, gt, range, port-group)",
        Rule::grp_ref | Rule::grp_kw | Rule::any_fam | Rule::obj_ref | Rule::k_object => "an address ('any', 'host A', 'A/LEN', 'A MASK' or a group)",
        Rule::net_member | Rule::k_network_object | Rule::addr_range | Rule::subnet | Rule::k_subnet => "a group member ('host A', 'A/LEN', 'A MASK', 'range A B')",
        Rule::svc_member | Rule::svc_spec | Rule::k_service_object | Rule::k_service => "a service ('tcp eq 80', 'udp range 1 2', 'icmp echo')",
        Rule::group_object | Rule::k_group_object | Rule::description => "'group-object NAME' or 'description'",
        Rule::proto_member | Rule::k_protocol_object => "'protocol-object PROTO'",
        Rule::icmp_member | Rule::k_icmp_object => "'icmp-object TYPE'",
        Rule::k_extended | Rule::k_standard | Rule::asa_lineno | Rule::k_line => "'extended', 'standard', 'line N' or 'remark'",
        Rule::og_kind | Rule::og_fam | Rule::og_nxkind | Rule::obj_kind | Rule::k_network => "a group kind (network, service, port, protocol, icmp-type; ip address, ip port)",
        Rule::asa_log | Rule::inactive | Rule::log_level | Rule::k_log | Rule::k_interval | Rule::k_disable => "an option (log, log LEVEL, interval N, inactive, an ICMP message)",
        Rule::port => "a port",
        Rule::acl_num => "an access-list number",
        Rule::name => "an access-list name",
        Rule::EOI => "end of line",
        Rule::bang => "'!'",
        Rule::seq | Rule::seq_num => "a sequence number",
        Rule::k_acl => "'access-list'",
        Rule::plen => "a prefix length",
        Rule::num | Rule::word => "a value",
        Rule::flag_sign | Rule::flag_name => "a signed TCP flag (+syn, -ack, ...)",
        Rule::established | Rule::tcp_flag | Rule::flag_match | Rule::k_match | Rule::log | Rule::log_input | Rule::fragments | Rule::dscp | Rule::precedence | Rule::ttl | Rule::icmp | Rule::tos | Rule::time_range | Rule::k_dscp | Rule::k_precedence | Rule::k_tos | Rule::k_ttl | Rule::k_time_range => {
            "an option (log, log-input, established, TCP flags, fragments, dscp, precedence, ttl, an ICMP message)"
        }
        Rule::asa_acl | Rule::asa_clear | Rule::line_asa | Rule::k_clear => "a statement ('access-list NAME extended|remark', 'clear configure access-list', 'object-group', 'object', '!')",
        _ => "a statement ('access-list', 'ip access-list', 'permit', 'deny', 'remark', 'object-group', '!')",
    }
}

fn syntax_error(line: &str, line_no: u32, off: usize, e: pest::error::Error<Rule>) -> Diagnostic {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let mut want: Vec<&'static str> = Vec::new();
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &e.variant {
        let has_action = positives.contains(&Rule::action);
        for r in positives {
            if has_action && *r == Rule::remark {
                continue;
            }
            let h = human(r);
            if !want.contains(&h) {
                want.push(h);
            }
        }
    }
    if want.is_empty() {
        want.push(human(&Rule::line_ext));
    }
    let exp = match want.len() {
        1 => want[0].to_string(),
        n => format!("{} or {}", want[..n - 1].join(", "), want[n - 1]),
    };
    let before = line[..pos].trim_end();
    let prev = before.rsplit(|c: char| c == ' ' || c == '\t').next().unwrap_or("");
    let after = if !prev.is_empty() && prev.bytes().all(|c| c.is_ascii_digit()) && before.trim_start() == prev {
        " after sequence number".to_string()
    } else if !prev.is_empty() {
        format!(" after '{}'", prev)
    } else {
        String::new()
    };
    let found = line[pos..].split_whitespace().next().unwrap_or("");
    let found = if found.is_empty() { "end of line".to_string() } else { format!("'{}'", found) };
    let end = (pos + line[pos..].find(char::is_whitespace).unwrap_or(line.len() - pos)).max(pos);
    let mut d = Diagnostic::error(
        "ACL001",
        format!("expected {}{}, found {}", exp, after, found),
        crate::ir::Span { line: line_no, column: pos as u32 + 1, start: (off + pos) as u32, end: (off + end) as u32 },
    );
    d.excerpt = crate::diag::clip(line);
    d
}
