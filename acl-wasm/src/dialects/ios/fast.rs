//! IOS fast path: a hand-written recogniser for the commonest extended-entry shapes
//! (`access-list N permit|deny PROTO SRC [PORTS] DST [PORTS] [established|log|log-input|ICMP]`
//! and indented named entries `[SEQ] permit|deny ...`), single-space separated, lower-case.
//!
//! It never reports anything: whenever a line is not exactly one of these shapes, or a value is
//! out of range or unknown, it returns `None` and the pest grammar (the single source of truth,
//! and of every diagnostic) parses the line. When it succeeds it builds the same [`Term`] as the
//! pest path, spans included; `tests/fast_path.rs` checks this on the golden inputs and on random
//! lines.

use crate::addr::{self, Address};
use crate::ir::{ActionKind, Condition, Key, Ranges, Span, Term, Values};
use smallvec::smallvec;
use crate::tables::{self, Vendor};

/// What a recognised line is.
#[derive(Clone, Copy)]
pub enum Line<'a> {
    /// `access-list N ...` with an extended (or non-standard) number `N`.
    Numbered(&'a str),
    /// An indented entry, with its sequence number.
    Entry(Option<u32>),
}

struct Toks<'a> {
    line: &'a str,
    pos: usize,
}

impl<'a> Toks<'a> {
    /// The next token and its start; single spaces only.
    fn next(&mut self) -> Option<(&'a str, usize)> {
        if self.pos >= self.line.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.line.as_bytes()[start..];
        let len = rest.iter().position(|&c| c == b' ').unwrap_or(rest.len());
        if len == 0 {
            return None;
        }
        self.pos = start + len + 1;
        Some((&self.line[start..start + len], start))
    }

    fn peek(&self) -> Option<&'a str> {
        let rest = &self.line[self.pos.min(self.line.len())..];
        if rest.is_empty() {
            return None;
        }
        Some(&rest[..rest.bytes().position(|c| c == b' ').unwrap_or(rest.len())])
    }
}

fn span(line_no: u32, off: usize, s: usize, e: usize) -> Span {
    Span { line: line_no, column: s as u32 + 1, start: (off + s) as u32, end: (off + e) as u32 }
}

fn num(s: &str, max: u32) -> Option<u32> {
    if s.is_empty() || s.len() > 5 || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse::<u32>().ok().filter(|&v| v <= max)
}

#[inline(never)]
fn port(s: &str) -> Option<u32> {
    if s.as_bytes().first()?.is_ascii_digit() {
        return num(s, 65535);
    }
    tables::names(Vendor::Ios).port(s)
}

/// A protocol name of IOS (IPv4).
#[inline(never)]
fn protocol(s: &str) -> Option<u32> {
    tables::names(Vendor::Ios).protocol(s, false)
}

/// An ICMP message name of IOS: (type, code if the name fixes one).
#[inline(never)]
fn icmp(s: &str) -> Option<(u32, Option<u32>)> {
    tables::names(Vendor::Ios).icmp(s, false)
}

fn is_v4(s: &str) -> bool {
    s.bytes().filter(|&c| c == b'.').count() == 3 && s.bytes().all(|c| c.is_ascii_digit() || c == b'.')
}

/// An address starting at token `t`: `any`, `host A`, `A/LEN`, `A WILD` (IPv4 only).
#[inline(never)]
fn address(t: (&str, usize), toks: &mut Toks) -> Option<(Option<Address>, usize)> {
    let (s, st) = t;
    if s == "any" {
        return Some((None, st + 3));
    }
    if s == "host" {
        let (ip, ist) = toks.next()?;
        let n = addr::Net { v6: false, addr: addr::parse_v4(ip)? as u128, len: 32 };
        return Some((Some(Address::plain(n)), ist + ip.len()));
    }
    if let Some(i) = s.find('/') {
        if !is_v4(&s[..i]) || !s[i + 1..].bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let n = addr::parse_prefix(s).ok()?;
        return Some((Some(Address::plain(n)), st + s.len()));
    }
    let base = addr::parse_v4(s)?;
    let (w, wst) = toks.next()?;
    let a = addr::from_wildcard(base, addr::parse_v4(w)?);
    Some((Some(a), wst + w.len()))
}

/// Port operator at token `op` (already known to be one); returns ranges and the end offset.
#[inline(never)]
fn ports(op: &str, toks: &mut Toks) -> Option<(Ranges, usize)> {
    let (a, ast) = toks.next()?;
    let va = port(a)?;
    let mut end = ast + a.len();
    let r = match op {
        "eq" => smallvec![(va, va)],
        "neq" => {
            let mut v = Ranges::new();
            if va > 0 {
                v.push((0, va - 1));
            }
            if va < 65535 {
                v.push((va + 1, 65535));
            }
            v
        }
        "lt" if va > 0 => smallvec![(0, va - 1)],
        "le" => smallvec![(0, va)],
        "gt" if va < 65535 => smallvec![(va + 1, 65535)],
        "ge" => smallvec![(va, 65535)],
        "range" => {
            let (b, bst) = toks.next()?;
            let vb = port(b)?;
            if vb < va {
                return None;
            }
            end = bst + b.len();
            smallvec![(va, vb)]
        }
        _ => return None,
    };
    Some((r, end))
}

fn is_port_op(s: &str) -> bool {
    matches!(s, "eq" | "neq" | "lt" | "gt" | "le" | "ge" | "range")
}

/// Recognises one IPv4 extended line (already without `\r`). `None`: let pest parse it.
///
/// Never inlined: in WebAssembly V8 replaces a function's baseline code with its optimised code
/// from its next call, so the per-line work is one function of its own (called per line, it runs
/// optimised code soon after the engine is loaded) instead of part of the reader's loop; its
/// parts (the entry after its action, addresses, ports, the name tables) are functions of their
/// own too, so that each is small enough to be optimised within milliseconds (inlined whole,
/// `line` was ~50 KB of wasm, which V8's optimising compiler took 200-350 ms to compile: the
/// whole cold check ran in baseline code meanwhile).
#[inline(never)]
pub fn line<'a>(line: &'a str, line_no: u32, off: usize) -> Option<(Line<'a>, Term)> {
    let body = line.trim_start_matches(' ');
    let lead = line.len() - body.len();
    if body.is_empty() || body.ends_with(' ') || crate::scan::has_control_bang_or_upper(body.as_bytes()) {
        return None;
    }
    let mut toks = Toks { line, pos: lead };
    let (first, _) = toks.next()?;
    let (kind, action) = if first == "access-list" {
        let (n, _) = toks.next()?;
        if n.is_empty() || n.len() > 9 || !n.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if super::parse::is_standard_number(n.parse().ok()?) {
            return None;
        }
        (Line::Numbered(n), toks.next()?.0)
    } else if first.as_bytes()[0].is_ascii_digit() {
        let seq = num(first, u32::MAX).or_else(|| first.parse::<u32>().ok())?;
        (Line::Entry(Some(seq)), toks.next()?.0)
    } else {
        (Line::Entry(None), first)
    };
    let mut t = Term::new(match action {
        "permit" => ActionKind::Accept,
        "deny" => ActionKind::Reject,
        _ => return None,
    });
    // the rest fills `t` in place: a line given up on drops the term here, once, instead of in
    // each of the many ways out of the reader (inlined drop code made `line` ~50 KB of wasm)
    match entry(line, line_no, off, toks, &mut t) {
        Some(()) => Some((kind, t)),
        None => None,
    }
}

/// The rest of an entry after its action (protocol, addresses, ports, options), into `t`; `None`:
/// not a line the fast path reads.
#[inline(never)]
fn entry(line: &str, line_no: u32, off: usize, mut toks: Toks, t: &mut Term) -> Option<()> {
    t.conditions.reserve(5);
    let (p, pst) = toks.next()?;
    let proto = if p.as_bytes()[0].is_ascii_digit() {
        Some(num(p, 255)?)
    } else {
        match p {
            "ip" | "ipv4" => None,
            "tcp" => Some(6),
            "udp" => Some(17),
            "icmp" => Some(1),
            _ => Some(protocol(p)?),
        }
    };
    if let Some(v) = proto {
        t.conditions.push(Condition::ranges(Key::Protocol, smallvec![(v, v)], span(line_no, off, pst, pst + p.len())));
    }
    let has_ports = matches!(proto, Some(6) | Some(17) | Some(132));
    for (key, pkey) in [(Key::SourceAddress, Key::SourcePort), (Key::DestinationAddress, Key::DestinationPort)] {
        let at = toks.next()?;
        let (a, end) = address(at, &mut toks)?;
        if let Some(a) = a {
            let values = Values::Addrs(smallvec![a]);
            t.conditions.push(Condition { key, except: false, values, named: None, group: None, span: span(line_no, off, at.1, end) });
        }
        if toks.peek().map(is_port_op).unwrap_or(false) {
            if !has_ports {
                return None;
            }
            let (op, ost) = toks.next()?;
            let (r, end) = ports(op, &mut toks)?;
            if op == "eq" && toks.peek().map(|n| port(n).is_some()).unwrap_or(false) {
                return None; // several ports: pest decides
            }
            t.conditions.push(Condition::ranges(pkey, r, span(line_no, off, ost, end)));
        }
    }
    let mut icmp_seen = false;
    while let Some((o, ost)) = toks.next() {
        let sp = span(line_no, off, ost, ost + o.len());
        match o {
            "log" => t.modifiers.syslog = true,
            "log-input" => t.modifiers.log_input = true,
            "established" if proto == Some(6) => t.conditions.push(Condition {
                key: Key::TcpFlags,
                except: false,
                values: Values::Names(vec!["ack | rst".to_string()]),
                named: Some("tcp-established".to_string()),
                group: None,
                span: sp,
            }),
            _ if proto == Some(1) && !icmp_seen && !o.as_bytes()[0].is_ascii_digit() => {
                icmp_seen = true;
                if matches!(o, "established" | "fragments" | "dscp" | "precedence" | "tos" | "ttl" | "time-range") {
                    return None;
                }
                let (ty, code) = icmp(o)?;
                t.conditions.push(Condition::ranges(Key::IcmpType, smallvec![(ty, ty)], sp));
                if let Some(c) = code {
                    t.conditions.push(Condition::ranges(Key::IcmpCode, smallvec![(c, c)], sp));
                }
            }
            _ => return None,
        }
    }
    if toks.pos < line.len() {
        return None; // stopped at a double space
    }
    // Most lines have 2-4 conditions: in the conversion arena the list is the newest block, so
    // the rest of the five reserved goes back in place (the IR ~20% smaller). Not with the system
    // allocator: there a shrink costs a realloc per line (lazy parses ~10-25% slower).
    if crate::arena::bumping() {
        t.conditions.shrink_to_fit();
    }
    t.span = Span { line: line_no, column: 1, start: off as u32, end: (off + line.len()) as u32 };
    Some(())
}
