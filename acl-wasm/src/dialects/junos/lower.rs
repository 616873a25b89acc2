//! Junos pass 2: generic statements inside `from`, `then` and `policer` → IR.

use super::parse::{unquote, Rule, Walk};
use crate::addr::{self, Address};
use crate::ir::{Action, ActionKind, Comment, Condition, IfExceeding, Key, Policer, Span, Term, Values};
use crate::tables::{self, Vendor};
use pest::iterators::Pair;
use smallvec::SmallVec;

/// `A/len`, shorthand `10/8`, IPv6, or `A/M.M.M.M` (a mask, possibly non-contiguous).
fn parse_junos_addr(s: &str) -> Result<Address, String> {
    if let Some((a, m)) = s.split_once('/') {
        if m.contains('.') {
            let base = addr::parse_v4(a).ok_or_else(|| format!("'{}' is not a valid IPv4 address", a))?;
            let mask = addr::parse_v4(m).ok_or_else(|| format!("'{}' is not a valid IPv4 mask", m))?;
            return Ok(addr::from_wildcard(base, !mask));
        }
    }
    addr::parse_prefix(s).map(Address::plain)
}

/// A generic statement, flattened: what both readers (pest's tree in [`of_pair`], the byte
/// scanner in `fast.rs`) hand to the lowering. Comments inside a nested `{ ... }` block are not
/// kept (no lowering uses them).
pub struct Stmt<'i> {
    /// Written `inactive: ...`.
    pub inactive: bool,
    /// The words, as written (quotes kept), with their spans; items of `[ ... ]` lists included.
    pub words: SmallVec<[(&'i str, Span); 4]>,
    /// Some words came from a `[ ... ]` list.
    pub listed: bool,
    /// The statements of a `{ ... }` block that ends it (none: it ends with `;`).
    pub block: Option<Vec<Stmt<'i>>>,
    /// From the first word (or `inactive:`) to the `;` or `}`.
    pub span: Span,
    /// A direct word sits on a later line than the keyword (a missing `;`): the keyword's span.
    pub split_line: Option<Span>,
}

impl<'i> Stmt<'i> {
    /// An empty statement.
    pub fn new() -> Stmt<'i> {
        Stmt { inactive: false, words: SmallVec::new(), listed: false, block: None, span: Span::default(), split_line: None }
    }

    /// Adds a direct word (not a list item), noting a word on a later line than the first.
    pub fn word(&mut self, word: &'i str, sp: Span) {
        if let Some(&(_, first)) = self.words.first() {
            if sp.line != first.line && self.split_line.is_none() {
                self.split_line = Some(first);
            }
        }
        self.words.push((word, sp));
    }
}

/// A `stmt` pair of the pest tree as a [`Stmt`]; its comments (outside a nested block) go to
/// `comments`.
pub fn of_pair<'i>(w: &mut Walk, p: Pair<'i, Rule>, comments: &mut Vec<Comment>) -> Stmt<'i> {
    let mut s = Stmt { span: w.span(&p), ..Stmt::new() };
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::inactive => s.inactive = true,
            Rule::tok => {
                let sp = w.span(&x);
                s.word(x.as_str(), sp);
            }
            Rule::list => {
                s.listed = true;
                for y in x.into_inner() {
                    match y.as_rule() {
                        Rule::tok => {
                            let sp = w.span(&y);
                            s.words.push((y.as_str(), sp));
                        }
                        Rule::COMMENT => comments.push(w.comment(&y)),
                        _ => {}
                    }
                }
            }
            Rule::block => s.block = Some(block_stmts(w, x, &mut Vec::new())),
            Rule::COMMENT => comments.push(w.comment(&x)),
            _ => {}
        }
    }
    s
}

fn missing_semi(w: &mut Walk, s: &Stmt, term: Option<&str>) -> bool {
    if let Some(first) = s.split_line {
        let line = w.idx.excerpt(first);
        let col = line.trim_end().len() as u32 + 1;
        let at = (first.start + 1).saturating_sub(first.column) + col - 1;
        let sp = Span { line: first.line, column: col, start: at, end: at };
        w.err("ACL007", format!("missing ';' at the end of line {}", first.line), sp, Some("every Junos statement ends with ';'"), term);
        return true;
    }
    false
}

/// The statements of a `block` pair, each flattened; comments between them go to `comments`.
pub fn block_stmts<'i>(w: &mut Walk, b: Pair<'i, Rule>, comments: &mut Vec<Comment>) -> Vec<Stmt<'i>> {
    let mut v = Vec::new();
    for x in b.into_inner() {
        match x.as_rule() {
            Rule::stmt => v.push(of_pair(w, x, comments)),
            Rule::COMMENT => comments.push(w.comment(&x)),
            _ => {}
        }
    }
    v
}

fn table_for(key: Key) -> (&'static [(&'static str, u32)], u32, &'static str) {
    match key {
        Key::Protocol => (&[], 255, "protocol"),
        Key::SourcePort | Key::DestinationPort | Key::Port => (&[], 65535, "port"),
        Key::IcmpType => (&[], 255, "ICMP type"),
        Key::IcmpCode => (&[], 255, "ICMP code"),
        Key::Dscp => (tables::DSCP, 63, "dscp"),
        Key::Precedence => (tables::PRECEDENCE, 7, "precedence"),
        Key::IpOptions => (tables::IP_OPTIONS, 255, "ip option"),
        Key::FragmentOffset => (&[], 8191, "fragment offset"),
        Key::PacketLength => (&[], 65535, "packet length"),
        _ => (&[], 255, "value"),
    }
}

fn one_value(s: &str, key: Key, v6: bool) -> Result<u32, String> {
    let (table, max, what) = table_for(key);
    if s.bytes().all(|c| c.is_ascii_digit()) && !s.is_empty() {
        return match s.parse::<u64>() {
            Ok(v) if v <= max as u64 => Ok(v as u32),
            _ => Err(format!("{} {} is out of range 0-{}", what, s, max)),
        };
    }
    let n = tables::names(Vendor::Junos);
    let found = match key {
        Key::Protocol => n.protocol(s, v6),
        Key::SourcePort | Key::DestinationPort | Key::Port => n.port(s),
        Key::IcmpType => n.icmp_type(s, v6),
        Key::IcmpCode => n.icmp_code(s, v6),
        _ => tables::lookup(table, &s.to_ascii_lowercase()),
    };
    match found {
        Some(v) => Ok(v),
        None if v6 && matches!(key, Key::IcmpType | Key::IcmpCode) => Err(format!("unknown ICMPv6 {} name '{}'", &what[5..], s)),
        None => Err(format!("unknown {} name '{}'", what, s)),
    }
}

/// Resolves `V` or `A-B` (names may contain dashes).
pub fn value_range(s: &str, key: Key, v6: bool) -> Result<(u32, u32), String> {
    let s = unquote(s);
    let first_err = match one_value(s, key, v6) {
        Ok(v) => return Ok((v, v)),
        Err(e) => e,
    };
    for (i, c) in s.char_indices() {
        if c == '-' {
            if let (Ok(a), Ok(b)) = (one_value(&s[..i], key, v6), one_value(&s[i + 1..], key, v6)) {
                if a > b {
                    return Err(format!("range {} is reversed", s));
                }
                return Ok((a, b));
            }
        }
    }
    Err(first_err)
}

fn hint_for(key: Key) -> Option<&'static str> {
    match key {
        Key::SourcePort | Key::DestinationPort | Key::Port => Some("use a number 0-65535, a range like 1024-65535, or a service name like www, ssh, domain"),
        Key::Protocol => Some("use a number 0-255 or a name like tcp, udp, icmp"),
        Key::IcmpType => Some("use a number or a name like echo-request, echo-reply, unreachable (family inet6: destination-unreachable, packet-too-big, neighbor-solicit)"),
        _ => None,
    }
}

/// Lowers a `from { ... }` pair into conditions of `t`.
pub fn from(w: &mut Walk, p: Pair<Rule>, t: &mut Term) {
    let mut comments = Vec::new();
    let mut stmts = Vec::new();
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::COMMENT => comments.push(w.comment(&x)),
            Rule::stmt => stmts.push(of_pair(w, x, &mut comments)),
            _ => {}
        }
    }
    for s in &stmts {
        from_stmt(w, s, t);
    }
    t.comments.extend(comments);
}

/// Lowers one statement of a `from { ... }` block into a condition of `t`.
pub fn from_stmt(w: &mut Walk, s: &Stmt, t: &mut Term) {
    if let Some(c) = condition(w, s, t.name.as_deref()) {
        t.conditions.push(c);
    }
}

fn condition(w: &mut Walk, s: &Stmt, term: Option<&str>) -> Option<Condition> {
    let (kw, kspan) = *s.words.first()?;
    if missing_semi(w, s, term) {
        return None;
    }
    let (base, except) = match kw.strip_suffix("-except") {
        Some(b) => (b, true),
        None => (kw, false),
    };
    let args = &s.words[1..];
    let mut c = Condition { key: Key::Protocol, except, values: Values::Ranges(Default::default()), named: None, group: None, span: s.span };
    let flag = |w: &mut Walk, c: &mut Condition| {
        if !args.is_empty() || s.block.is_some() {
            w.err("ACL001", format!("'{}' takes no value", kw), kspan, None, term);
            return false;
        }
        let _ = c;
        true
    };
    match base {
        "tcp-established" | "tcp-initial" => {
            if !flag(w, &mut c) {
                return None;
            }
            c.key = Key::TcpFlags;
            let e = if base == "tcp-established" { "ack | rst" } else { "syn & !ack" };
            c.values = Values::Names(vec![e.to_string()]);
            c.named = Some(base.to_string());
            return Some(c);
        }
        "is-fragment" | "first-fragment" => {
            if !flag(w, &mut c) {
                return None;
            }
            c.key = if base == "is-fragment" { Key::IsFragment } else { Key::FirstFragment };
            return Some(c);
        }
        _ => {}
    }
    let key = match base {
        "next-header" | "payload-protocol" => Key::Protocol,
        _ => match Key::from_name(base) {
            Some(k) if !matches!(k, Key::IsFragment | Key::FirstFragment | Key::Ttl) => k,
            _ => {
                w.err("ACL008", format!("unknown or unsupported match condition '{}'", kw), kspan, Some("supported: addresses, prefix lists, protocol, ports, icmp-type/code, tcp-flags, tcp-established, tcp-initial, fragments, dscp, precedence, packet-length, ip-options"), term);
                return None;
            }
        },
    };
    c.key = key;
    // the entries of a `{ ... }` block, then the words after the keyword as one more entry
    let block = s.block.as_deref().unwrap_or_default();
    let entries = block.iter().map(|e| (e.inactive, &e.words[..])).chain((!args.is_empty()).then(|| (false, args)));
    match key {
        Key::SourceAddress | Key::DestinationAddress | Key::Address => {
            let mut v = crate::ir::Addrs::new();
            for (inactive, words) in entries {
                let (pfx, sp) = match words.first() {
                    Some(x) => *x,
                    None => continue,
                };
                let mut a = match parse_junos_addr(pfx) {
                    Ok(a) => a,
                    Err(e) => {
                        w.err("ACL004", e, sp, None, term);
                        continue;
                    }
                };
                a.inactive = inactive;
                for &(x, xs) in &words[1..] {
                    if x == "except" {
                        a.except = true;
                    } else {
                        w.err("ACL001", format!("expected 'except' or ';' after the prefix, found '{}'", x), xs, None, term);
                    }
                }
                v.push(a);
            }
            c.values = Values::Addrs(v);
        }
        Key::SourcePrefixList | Key::DestinationPrefixList | Key::PrefixList => {
            let mut v: Vec<String> = args.iter().map(|x| unquote(x.0).to_string()).collect();
            for e in block {
                if let Some(x) = e.words.first() {
                    v.push(unquote(x.0).to_string());
                }
            }
            c.values = Values::Names(v);
        }
        Key::TcpFlags | Key::FragmentFlags => {
            let text: Vec<&str> = args.iter().map(|x| unquote(x.0)).collect();
            let e = text.join(" ");
            if key == Key::TcpFlags {
                if let Err(msg) = crate::check::flags::parse(&e) {
                    w.err("ACL001", format!("invalid tcp-flags expression '{}': {}", e, msg), s.span, Some("use flag words syn, ack, fin, rst, push, urgent with &, |, ! and parentheses"), term);
                    return None;
                }
            }
            c.values = Values::Names(vec![e]);
        }
        _ => {
            if args.is_empty() {
                w.err("ACL001", format!("expected a value after '{}'", kw), kspan, hint_for(key), term);
                return None;
            }
            let mut v = crate::ir::Ranges::new();
            let mut bad = false;
            for &(a, sp) in args {
                match value_range(a, key, w.v6) {
                    Ok(r) => v.push(r),
                    Err(e) => {
                        bad = true;
                        w.err(if e.contains("range 0") { "ACL003" } else { "ACL002" }, e, sp, hint_for(key), term);
                    }
                }
            }
            if bad {
                return None;
            }
            crate::ir::normalize_inline(&mut v);
            c.values = Values::Ranges(v);
        }
    }
    Some(c)
}

/// Lowers a `then ...` pair into the action and modifiers of `t`.
pub fn then(w: &mut Walk, p: Pair<Rule>, t: &mut Term, has_action: &mut bool) {
    let mut comments = Vec::new();
    let mut stmts = Vec::new();
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::block => stmts.extend(block_stmts(w, x, &mut comments)),
            Rule::stmt => stmts.push(of_pair(w, x, &mut comments)),
            Rule::COMMENT => comments.push(w.comment(&x)),
            _ => {}
        }
    }
    for s in &stmts {
        then_stmt(w, s, t, has_action);
    }
    t.comments.extend(comments);
}

/// Lowers one statement of `then ...` into the action or a modifier of `t` (`has_action`: the
/// term has one already).
pub fn then_stmt(w: &mut Walk, s: &Stmt, t: &mut Term, has_action: &mut bool) {
    let term = t.name.as_deref();
    if missing_semi(w, s, term) {
        return;
    }
    let (kw, ksp) = match s.words.first() {
        Some(x) => *x,
        None => return,
    };
    let arg = s.words.get(1).map(|x| unquote(x.0).to_string());
    let need = |w: &mut Walk, arg: &Option<String>| -> Option<String> {
        if arg.is_none() {
            w.err("ACL001", format!("expected a name after '{}'", kw), ksp, None, term);
        }
        arg.clone()
    };
    let mut action: Option<Action> = None;
    match kw {
        "accept" => action = Some(Action::of(ActionKind::Accept)),
        "discard" => action = Some(Action::of(ActionKind::Discard)),
        "reject" => {
            let mut a = Action::of(ActionKind::Reject);
            if let Some(code) = arg.clone() {
                if !tables::REJECT_CODES.contains(&code.as_str()) {
                    w.err("ACL002", format!("unknown reject code '{}'", code), s.words[1].1, Some("e.g. tcp-reset, port-unreachable, administratively-prohibited"), term);
                    return;
                }
                if code != "administratively-prohibited" {
                    a.code = Some(code);
                }
            }
            action = Some(a);
        }
        "next" => {
            if arg.as_deref() != Some("term") {
                w.err("ACL001", "expected 'term' after 'next'".into(), ksp, None, term);
                return;
            }
            action = Some(Action::of(ActionKind::NextTerm));
        }
        "routing-instance" => {
            let mut a = Action::of(ActionKind::RoutingInstance);
            a.target = need(w, &arg);
            action = Some(a);
        }
        "count" => t.modifiers.count = need(w, &arg),
        "policer" => t.modifiers.policer = need(w, &arg),
        "forwarding-class" => t.modifiers.forwarding_class = need(w, &arg),
        "ipsec-sa" => t.modifiers.ipsec_sa = need(w, &arg),
        "loss-priority" => {
            let v = need(w, &arg);
            if let Some(v) = &v {
                if !matches!(v.as_str(), "low" | "high" | "medium-low" | "medium-high") {
                    w.err("ACL002", format!("unknown loss priority '{}': expected low, medium-low, medium-high or high", v), ksp, None, term);
                    return;
                }
            }
            t.modifiers.loss_priority = v;
        }
        "log" => t.modifiers.log = true,
        "syslog" => t.modifiers.syslog = true,
        "sample" => t.modifiers.sample = true,
        "port-mirror" => t.modifiers.port_mirror = true,
        _ => {
            w.err("ACL008", format!("unknown action or modifier '{}'", kw), ksp, Some("actions: accept, discard, reject [code], next term, routing-instance NAME; modifiers: count, log, syslog, sample, port-mirror, policer, forwarding-class, loss-priority, ipsec-sa"), term);
            return;
        }
    }
    if let Some(a) = action {
        if *has_action {
            w.err("ACL001", format!("more than one action in term (second: '{}')", kw), ksp, Some("a term has exactly one of accept, discard, reject, next term, routing-instance"), term);
            return;
        }
        *has_action = true;
        t.action = a;
    }
}

fn scaled(s: &str) -> Option<u64> {
    let (num, mul) = match s.as_bytes().last()? {
        b'k' | b'K' => (&s[..s.len() - 1], 1_000u64),
        b'm' | b'M' => (&s[..s.len() - 1], 1_000_000),
        b'g' | b'G' => (&s[..s.len() - 1], 1_000_000_000),
        _ => (s, 1),
    };
    num.parse::<u64>().ok().and_then(|n| n.checked_mul(mul))
}

/// Lowers a `policer NAME { ... }` pair.
pub fn policer(w: &mut Walk, p: Pair<Rule>) -> Policer {
    let span = w.span(&p);
    let (mut name, mut stmts) = ("", Vec::new());
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::tok => name = x.as_str(),
            Rule::block => stmts = block_stmts(w, x, &mut Vec::new()),
            _ => {}
        }
    }
    policer_stmts(w, name, span, stmts)
}

/// Lowers `policer NAME { STMTS }` (`name` as written, quotes kept).
pub fn policer_stmts(w: &mut Walk, name: &str, span: Span, stmts: Vec<Stmt>) -> Policer {
    let mut pol = Policer { name: unquote(name).to_string(), if_exceeding: IfExceeding::default(), then: Vec::new(), span };
    for s in stmts {
        let kw = s.words.first().map(|x| x.0).unwrap_or("");
        let inner = s.block.unwrap_or_default();
        match kw {
            "if-exceeding" => {
                for e in inner {
                    let (k, ksp) = match e.words.first() {
                        Some(x) => *x,
                        None => continue,
                    };
                    let v = e.words.get(1).and_then(|x| scaled(x.0));
                    let slot = match k {
                        "bandwidth-limit" => &mut pol.if_exceeding.bandwidth_limit,
                        "bandwidth-percent" => &mut pol.if_exceeding.bandwidth_percent,
                        "burst-size-limit" => &mut pol.if_exceeding.burst_size_limit,
                        _ => {
                            w.err("ACL008", format!("unknown policer limit '{}'", k), ksp, Some("bandwidth-limit, bandwidth-percent or burst-size-limit"), None);
                            continue;
                        }
                    };
                    if v.is_none() {
                        w.err("ACL003", format!("expected a number (with optional k/m/g suffix) after '{}'", k), ksp, None, None);
                    }
                    *slot = v;
                }
            }
            "then" => {
                for e in inner {
                    pol.then.push(e.words.iter().map(|x| x.0).collect::<Vec<_>>().join(" "));
                }
                if s.words.len() > 1 {
                    pol.then.push(s.words[1..].iter().map(|x| x.0).collect::<Vec<_>>().join(" "));
                }
            }
            _ => w.err("ACL008", format!("unknown policer statement '{}'", kw), s.span, None, None),
        }
    }
    pol
}
