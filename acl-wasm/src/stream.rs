//! Streaming conversion and checking (`acl_stream_*`, ABI.md §3): a large IOS-family text is read
//! a run of lines at a time and its terms are dropped after each run, so that the engine never
//! holds the IR of the whole text (a term costs ~9 bytes of memory per byte of its text).
//!
//! A stream makes two passes over the text, each in steps (one export call per step, so that the
//! caller writes each step's output before the next, and the engine's code warms up between
//! calls):
//!
//! 1. **Check**: the lines are read, every diagnostic is collected, and the terms of each run are
//!    checked against the output format (conversion only) and dropped; the ACL heads stay. A
//!    syntax error anywhere ends the stream with every diagnostic, before any output.
//! 2. **Write** (conversion only): the lines are read again and each run of terms is written
//!    ([`crate::emit::emit_part`]) between its list's head (with the first run) and tail.
//!
//! **One pass** ([`Stream::one_pass`], a conversion only): pass 1 also writes each run as it is
//! checked, from the heads read so far, so that the text is read once. Its pieces are provisional
//! until the stream ends: a syntax error anywhere still fails the stream ([`Status::Failed`], the
//! caller discards every piece), and when a list must be written otherwise (a case read whole,
//! below, as soon as a run shows it; or a head or IPv6 reading that later lines changed, at the
//! end), [`Status::Restart`] tells the caller to discard every piece so far, and the stream goes
//! on (the check, then pass 2 or the whole conversion) from the beginning of the output. A caller that withholds the
//! output until the end (a temporary file) so avoids the second reading of the text.
//!
//! The output is byte for byte [`crate::convert`]'s, warnings and errors included. Where a list
//! cannot be written in runs (Junos input, object groups, a statement going back to an earlier
//! list, named and unnamed terms in one list, or any error the format reports), the conversion is
//! done whole in the first step of pass 2 ([`crate::convert`]), with its memory. So is `auto` on
//! a text that several dialects write alike ([`crate::dialects::ambiguous`]: it is read in each).

use crate::dialects::ios::parse::{Dialect, Driver};
use crate::diag::{fill_excerpts, Diagnostic};
use crate::emit::{self, caps, EmitOptions, Format, Part};
use crate::ir::{Acl, Family, Term};

/// What a step left: more to come, done, or errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The step's output is a piece of the result; call again.
    More = 0,
    /// The step's output is the last piece (conversion) or the heads JSON (check).
    Done = 1,
    /// The output holds `{"diagnostics": [...]}`: the text does not parse or convert.
    Failed = 2,
    /// One pass only: every piece given so far is void (the output is empty); the next steps give
    /// the output from its beginning.
    Restart = 3,
}

/// What a list's runs told the check pass.
#[derive(Clone, Copy, Default, Debug)]
struct Facts {
    v4: bool,
    v6: bool,
    named: bool,
    unnamed: bool,
    groups: bool,
    /// The format refused a term (the whole conversion reports it).
    refused: bool,
}

enum Phase {
    Check(Driver),
    Write(Driver),
    /// The conversion is done whole in the next step.
    Whole,
    Finished,
}

/// One streaming conversion or check over a text.
pub struct Stream {
    text: String,
    from: String,
    dialect: Dialect,
    /// Convert with these options (`None`: check only).
    opts: Option<EmitOptions>,
    /// Bytes of text per step.
    block: usize,
    phase: Phase,
    diags: Vec<Diagnostic>,
    heads: Vec<Acl>,
    counts: Vec<usize>,
    facts: Vec<Facts>,
    // the write pass
    /// The next list not begun.
    next: usize,
    /// The list whose head is written and whose tail is not.
    open: Option<usize>,
    /// The open list's part (its next run's position and sequence number).
    part: Part,
    /// Bytes written so far.
    written: usize,
    warnings: Vec<Diagnostic>,
    whole: bool,
    /// One pass: pass 1 writes too ([`Stream::one_pass`]).
    one_pass: Option<Speculation>,
}

/// What the provisional pieces of a one-pass conversion were written from: each list's head as
/// it was read and its IPv6 reading, checked against the final ones at the end.
#[derive(Default)]
struct Speculation {
    /// Still writing: no case that is written otherwise has been seen.
    on: bool,
    /// The caller was told (status 3) that the pieces are void, as soon as writing stopped.
    signalled: bool,
    /// Per list written: the IPv6 reading of every piece of it (`None`: not written yet).
    v6: Vec<Option<bool>>,
    /// The warnings of the provisional pieces (after the check's own diagnostics at the end).
    warnings: Vec<Diagnostic>,
}

/// The IOS-family dialect a text is read in, or `None` (Junos, or an unknown name).
fn ios_family(name: &str) -> Option<Dialect> {
    Some(match name {
        "ios" => Dialect::Ios,
        "nxos" => Dialect::Nxos,
        "eos" => Dialect::Eos,
        "iosxr" => Dialect::Iosxr,
        "asa" => Dialect::Asa,
        _ => return None,
    })
}

impl Stream {
    /// A stream over `text` read as `from` (`auto` or a dialect name), converting with `opts`
    /// (`None`: checking only), `block` bytes of text per step (whole lines, at least one).
    pub fn new(text: String, from: &str, opts: Option<EmitOptions>, block: usize) -> Stream {
        let (dialect, phase) = match ios_dialect(&text, from) {
            Some(d) => (d, Phase::Check(Driver::new(&text, true, d, false))),
            None => (Dialect::Ios, Phase::Whole),
        };
        let whole = matches!(phase, Phase::Whole);
        Stream {
            text,
            from: from.to_string(),
            dialect,
            opts,
            block: block.max(1),
            phase,
            diags: Vec::new(),
            heads: Vec::new(),
            counts: Vec::new(),
            facts: Vec::new(),
            next: 0,
            open: None,
            part: Part::WHOLE,
            written: 0,
            warnings: Vec::new(),
            whole,
            one_pass: None,
        }
    }

    /// Makes a conversion stream write in its first pass (module documentation, "One pass"); no
    /// effect on a check, or on a text converted whole.
    pub fn one_pass(mut self) -> Stream {
        if self.opts.is_some() && matches!(self.phase, Phase::Check(_)) {
            self.one_pass = Some(Speculation { on: true, ..Speculation::default() });
        }
        self
    }

    /// Runs one step, writing its output into `out` (emptied first). Each phase is a function of
    /// its own (never inlined here): V8 runs a WebAssembly function's optimised code from its next
    /// call, and one large `step` holding every phase took longer to optimise (~220 ms in the
    /// background) than a whole cold check, which then ran in baseline code throughout.
    pub fn step(&mut self, out: &mut Vec<u8>) -> Status {
        out.clear();
        match std::mem::replace(&mut self.phase, Phase::Finished) {
            Phase::Check(d) => self.check_step(d, out),
            Phase::Write(d) => self.write_step(d, out),
            Phase::Whole => self.run_whole(out),
            Phase::Finished => {
                out.extend_from_slice(&crate::abi::diag_json(&[Diagnostic::error("ACL030", "the stream is finished".into(), Default::default())]));
                Status::Failed
            }
        }
    }

    /// Whether the conversion was (or will be) done whole instead of in runs (the cases listed in
    /// the module's documentation).
    pub fn whole(&self) -> bool {
        self.whole
    }

    /// The warnings of a finished conversion (those of [`crate::convert`]).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    fn upto(&self, d: &Driver) -> usize {
        d.offset().saturating_add(self.block).min(self.text.len())
    }

    #[inline(never)]
    fn check_step(&mut self, mut d: Driver, out: &mut Vec<u8>) -> Status {
        let upto = self.upto(&d);
        d.feed(&self.text, upto, &mut self.diags);
        let runs = d.drain();
        let mut s = String::new();
        for (i, mut terms) in runs {
            if self.opts.is_none() {
                // a check: the facts only decide how a conversion is written
                continue;
            }
            if self.facts.len() <= i {
                self.facts.resize(i + 1, Facts::default());
            }
            let mut f = self.facts[i];
            for t in &terms {
                let mut fam = (false, false);
                t.add_families(&mut fam);
                f.v4 |= fam.0;
                f.v6 |= fam.1;
                f.named |= t.name.is_some();
                f.unnamed |= t.name.is_none();
                f.groups |= t.conditions.iter().any(|c| c.group.is_some());
            }
            if let Some(o) = &self.opts {
                if !f.refused {
                    let base = d.term_count(i) - terms.len();
                    f.refused = refuses(&d.acls()[i], &mut terms, base, o);
                }
            }
            self.facts[i] = f;
            if self.one_pass.as_ref().map_or(false, |p| p.on) {
                self.write_provisional(&d, i, terms, f, &mut s);
            }
        }
        if let Some(spec) = self.one_pass.as_mut() {
            out.extend_from_slice(s.as_bytes());
            self.written += s.len();
            if !spec.on && !spec.signalled && !d.done(&self.text) {
                // written otherwise: say so now (a caller may start again cheaply), check on
                spec.signalled = true;
                self.void_pieces(out);
                self.phase = Phase::Check(d);
                return Status::Restart;
            }
        }
        if !d.done(&self.text) {
            self.phase = Phase::Check(d);
            return Status::More;
        }
        let n = d.acls().len();
        self.counts = (0..n).map(|i| d.term_count(i)).collect();
        let revisited = d.revisited();
        let read = std::mem::replace(&mut self.heads, d.finish(&self.text));
        // an ACL made at the end (trailing comments only) has no count or facts
        self.counts.resize(self.heads.len(), 0);
        self.facts.resize(self.heads.len(), Facts::default());
        fill_excerpts(&self.text, &mut self.diags);
        if self.diags.iter().any(|d| d.is_error()) {
            // (one pass: this step's provisional piece is void too)
            out.clear();
            out.extend_from_slice(&crate::abi::diag_json(&self.diags));
            self.phase = Phase::Finished;
            return Status::Failed;
        }
        let opts = match &self.opts {
            None => {
                self.heads_json(out);
                self.phase = Phase::Finished;
                return Status::Done;
            }
            Some(o) => o,
        };
        let whole = revisited || self.heads.iter().zip(&self.facts).any(|(h, f)| f.refused || f.groups || (f.named && f.unnamed) || !self.head_ok(h, f, opts));
        self.whole = whole;
        if let Some(spec) = self.one_pass.take() {
            if !whole && self.provisional_holds(&spec, &read) {
                return self.finish_one_pass(spec, out);
            }
            // the pieces given are void: pass 2 writes the output from its beginning
            self.void_pieces(out);
            self.phase = if whole { Phase::Whole } else { Phase::Write(Driver::new(&self.text, true, self.dialect, false)) };
            self.warnings = std::mem::take(&mut self.diags);
            return if spec.signalled { Status::More } else { Status::Restart };
        }
        self.phase = if whole { Phase::Whole } else { Phase::Write(Driver::new(&self.text, true, self.dialect, false)) };
        self.warnings = std::mem::take(&mut self.diags);
        Status::More
    }

    /// One pass: forgets the provisional pieces (the writer's state, this step's piece).
    fn void_pieces(&mut self, out: &mut Vec<u8>) {
        self.open = None;
        self.next = 0;
        self.part = Part::WHOLE;
        self.written = 0;
        out.clear();
    }

    /// One pass: writes a run of list `i` (read by `d`, checked with facts `f`) from the heads
    /// read so far, or stops writing when the list is one written otherwise.
    #[inline(never)]
    fn write_provisional(&mut self, d: &Driver, i: usize, terms: Vec<Term>, f: Facts, s: &mut String) {
        if f.refused || f.groups || (f.named && f.unnamed) || d.revisited() {
            // the whole conversion writes (or refuses) this text: stop writing
            if let Some(p) = self.one_pass.as_mut() {
                p.on = false;
            }
            return;
        }
        // the heads of the lists read so far, as read (checked against the final ones at the end)
        for a in &d.acls()[self.heads.len()..] {
            self.heads.push(Acl { terms: Vec::new(), ..a.clone() });
        }
        let opts = self.opts.clone().unwrap_or_default();
        self.advance_to(i, &opts, s);
        self.write_run(i, terms, &opts, s);
    }

    /// Whether the provisional pieces stand: every list was written from its final head (`read`:
    /// the heads as read, in the order of the final ones) and its final IPv6 reading. The list
    /// still open gets its trailing comments at the end ([`Driver::finish`]): its tail is written
    /// from the final head, and its head did not depend on them when it had header comments (the
    /// comment finding names the first) or the format writes comments (no finding).
    fn provisional_holds(&self, spec: &Speculation, read: &[Acl]) -> bool {
        if !spec.on || read.len() > self.heads.len() {
            return false;
        }
        let comments_kept = self.opts.as_ref().map_or(false, |o| format_caps(o).comments == caps::Support::Yes);
        read.iter().zip(&self.heads).zip(&self.facts).enumerate().all(|(k, ((r, h), f))| {
            let late_trailing = self.open == Some(k) && (comments_kept || !r.comments.is_empty());
            let trailing = if late_trailing { h.trailing_comments.clone() } else { r.trailing_comments.clone() };
            // (the final head has no terms left: each run was drained)
            let at = Acl { span: h.span, trailing_comments: trailing, ..r.clone() };
            let v6 = spec.v6.get(k).copied().flatten();
            *h == at && v6.map_or(true, |v| v == is_v6(h, f))
        })
    }

    /// One pass, at the end of the text: the lists after the last run (and the open list's tail),
    /// with the final heads; the warnings as pass 2 gives them.
    fn finish_one_pass(&mut self, spec: Speculation, out: &mut Vec<u8>) -> Status {
        let opts = self.opts.clone().unwrap_or_default();
        self.warnings = std::mem::take(&mut self.diags);
        self.warnings.extend(spec.warnings);
        let mut s = String::from_utf8(std::mem::take(out)).unwrap_or_default();
        self.advance_to(self.heads.len(), &opts, &mut s);
        fill_excerpts(&self.text, &mut self.warnings);
        self.written += s.len();
        *out = s.into_bytes();
        self.phase = Phase::Finished;
        Status::Done
    }

    /// Whether the list-level checks of the format pass on `h` (name, IPv6, policers, comments,
    /// mixed families).
    fn head_ok(&self, h: &Acl, f: &Facts, o: &EmitOptions) -> bool {
        let caps = format_caps(o);
        let name = o.name.clone().or_else(|| h.name.clone());
        let v6 = is_v6(h, f);
        let chk = caps::Checker::part(h, &caps, name.as_deref(), true, v6, true, 0);
        if chk.failed() {
            return false;
        }
        caps.format == "junos" || caps.format == "asa" || !(f.v4 && f.v6)
    }

    fn heads_json(&self, out: &mut Vec<u8>) {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            acls: Vec<crate::lazy::Head<'a>>,
            diagnostics: &'a [Diagnostic],
        }
        let acls = self.heads.iter().zip(&self.counts).map(|(h, &n)| crate::lazy::Head::of(h).with_count(n)).collect();
        if let Ok(v) = serde_json::to_vec(&Out { acls, diagnostics: &self.diags }) {
            out.extend_from_slice(&v);
        }
    }

    #[inline(never)]
    fn run_whole(&mut self, out: &mut Vec<u8>) -> Status {
        self.phase = Phase::Finished;
        let opts = match &self.opts {
            Some(o) => o,
            None => {
                // a text in a dialect read whole (Junos): parse it and answer the heads
                let (acls, diags) = crate::parse(&self.text, &self.from);
                self.diags = diags;
                if self.diags.iter().any(|d| d.is_error()) {
                    out.extend_from_slice(&crate::abi::diag_json(&self.diags));
                    return Status::Failed;
                }
                self.counts = acls.iter().map(|a| a.terms.len()).collect();
                self.heads = acls;
                self.heads_json(out);
                return Status::Done;
            }
        };
        match crate::convert(&self.text, &self.from, opts) {
            Ok((s, w)) => {
                out.extend_from_slice(s.as_bytes());
                self.warnings = w;
                Status::Done
            }
            Err(e) => {
                out.extend_from_slice(&crate::abi::diag_json(&e));
                Status::Failed
            }
        }
    }

    #[inline(never)]
    fn write_step(&mut self, mut d: Driver, out: &mut Vec<u8>) -> Status {
        let opts = self.opts.clone().unwrap_or_default();
        let mut s = String::from_utf8(std::mem::take(out)).unwrap_or_default();
        let upto = self.upto(&d);
        let mut ignored = Vec::new();
        d.feed(&self.text, upto, &mut ignored);
        for (i, terms) in d.drain() {
            self.advance_to(i, &opts, &mut s);
            self.write_run(i, terms, &opts, &mut s);
        }
        let done = d.done(&self.text);
        if done {
            self.advance_to(self.heads.len(), &opts, &mut s);
            fill_excerpts(&self.text, &mut self.warnings);
        } else {
            self.phase = Phase::Write(d);
        }
        self.written += s.len();
        *out = s.into_bytes();
        if done {
            Status::Done
        } else {
            Status::More
        }
    }

    /// Closes the open list (its tail) and writes the lists before `i` that have no terms (head
    /// and tail).
    fn advance_to(&mut self, i: usize, opts: &EmitOptions, s: &mut String) {
        if let Some(k) = self.open {
            if k == i {
                return;
            }
            let mut p = Part { head: false, tail: true, ..self.part };
            self.emit(k, Vec::new(), &mut p, opts, s);
            self.open = None;
        }
        while self.next < i.min(self.heads.len()) {
            let k = self.next;
            self.separate(opts, s);
            self.emit(k, Vec::new(), &mut Part::WHOLE.clone(), opts, s);
            self.next += 1;
        }
    }

    fn separate(&self, opts: &EmitOptions, s: &mut String) {
        if opts.format == Format::Junos && self.written + s.len() > 0 {
            s.push('\n');
        }
    }

    /// Writes a run of list `i`'s terms (its head first when the list is not open yet).
    fn write_run(&mut self, i: usize, mut terms: Vec<Term>, opts: &EmitOptions, s: &mut String) {
        let head = self.open != Some(i);
        if head {
            self.separate(opts, s);
            self.open = Some(i);
            self.next = i + 1;
            self.part = Part::WHOLE;
        }
        let base = if head { 0 } else { self.part.base };
        if opts.name_terms || opts.count_terms {
            for (k, t) in terms.iter_mut().enumerate() {
                if opts.name_terms && t.name.is_none() {
                    t.name = Some(format!("T{}", base + k + 1));
                }
                if opts.count_terms && t.modifiers.count.as_deref().map_or(true, str::is_empty) {
                    t.modifiers.count = t.name.clone();
                }
            }
        }
        let n = terms.len();
        let mut p = Part { head, tail: false, base, seq: if head { 0 } else { self.part.seq } };
        self.emit(i, terms, &mut p, opts, s);
        self.part = Part { head: false, tail: false, base: base + n, seq: p.seq };
    }

    fn emit(&mut self, i: usize, terms: Vec<Term>, p: &mut Part, opts: &EmitOptions, s: &mut String) {
        let v6 = is_v6(&self.heads[i], &self.facts[i]);
        let h = &mut self.heads[i];
        h.terms = terms;
        let r = emit::emit_part(h, opts, p, v6, s);
        h.terms = Vec::new();
        let warnings = match self.one_pass.as_mut() {
            Some(spec) => {
                // provisional: an error here makes the end restart (the check finds it too)
                if spec.v6.len() <= i {
                    spec.v6.resize(i + 1, None);
                }
                if spec.v6[i].map_or(false, |w| w != v6) || r.is_err() {
                    spec.on = false;
                }
                spec.v6[i] = Some(v6);
                &mut spec.warnings
            }
            None => &mut self.warnings,
        };
        match r {
            Ok(w) => warnings.extend(w),
            Err(e) => warnings.extend(e), // not reached in pass 2: the check pass found no error
        }
    }
}

/// [`Acl::is_ipv6`] of a list from its head and facts.
fn is_v6(h: &Acl, f: &Facts) -> bool {
    h.family == Some(Family::Inet6) || (!f.v4 && f.v6)
}

/// The format's capabilities, relaxed by `dropModifiers`.
fn format_caps(o: &EmitOptions) -> caps::Caps {
    let c = match o.format {
        Format::Junos => &emit::junos::CAPS,
        Format::Ios => &emit::ios::CAPS,
        Format::IosNamed => &emit::ios_named::CAPS,
        Format::Iosxr => &emit::iosxr::CAPS,
        Format::Brocade => &emit::brocade::CAPS,
        Format::Eos => &emit::eos::CAPS,
        Format::Nxos => &emit::nxos::CAPS,
        Format::Asa => &emit::asa::CAPS,
    };
    if o.drop_modifiers {
        caps::drop_modifiers(c)
    } else {
        *c
    }
}

/// Whether the format refuses one of `terms` (a run of list `h` starting at `base`): an error
/// of the capability check, of a standard list, or of ASA's masks. The terms are left as given.
fn refuses(h: &Acl, terms: &mut Vec<Term>, base: usize, o: &EmitOptions) -> bool {
    let caps = format_caps(o);
    let mut shell = Acl::new(h.name.clone(), h.source);
    shell.family = h.family;
    shell.terms = std::mem::take(terms);
    let refused = refuses_shell(&shell, base, o, &caps);
    *terms = shell.terms;
    refused
}

/// [`refuses`] on a list holding the run (`shell`).
fn refuses_shell(shell: &Acl, base: usize, o: &EmitOptions, caps: &caps::Caps) -> bool {
    let name = o.name.clone().or_else(|| shell.name.clone());
    let mut chk = caps::Checker::part(shell, caps, name.as_deref(), true, false, false, base);
    for (k, t) in shell.terms.iter().enumerate() {
        chk.term(k, t);
    }
    let n = name.as_deref().unwrap_or("");
    let mut diags = chk.finish(shell);
    let standard = match o.format {
        Format::Ios | Format::Brocade => emit::ios_common::is_standard(shell, n, true),
        Format::IosNamed | Format::Eos => emit::ios_common::is_standard(shell, n, false),
        _ => false,
    };
    if standard {
        emit::ios_common::standard_check(shell, o.format.as_str(), &mut diags);
    }
    if o.format == Format::Asa {
        emit::asa::extra_check(shell, &mut diags);
    }
    diags.iter().any(|d| d.is_error())
}

/// The IOS-family dialect a stream reads `text` in when given `from` (`auto` or a dialect name),
/// or `None` when it is read whole (Junos, an unknown name, or `auto` on a text several dialects
/// write alike), as [`Stream::new`] decides it.
pub fn ios_dialect(text: &str, from: &str) -> Option<Dialect> {
    let resolved = match from {
        "auto" => match crate::dialects::detect(text) {
            "ios" if !crate::dialects::ambiguous(text).is_empty() => return None,
            d => d,
        },
        d => d,
    };
    ios_family(resolved)
}
