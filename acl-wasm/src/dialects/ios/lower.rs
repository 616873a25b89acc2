//! IOS pass 2: one access-list entry (pest pairs) → an IR [`Term`], collecting diagnostics.

use super::groups::{self, Groups, Kind, Service};
use super::parse::{Dialect, Rule};
use crate::addr::{self, Address};
use crate::diag::Diagnostic;
use crate::ir::{ActionKind, Condition, Key, Span, Term, Values};
use crate::check::flags as tcp_flags;
use crate::tables::{self, Names};
use pest::iterators::Pair;

/// Where the current line sits in the whole input.
pub struct LineCtx<'a> {
    /// The line text.
    pub text: &'a str,
    /// 1-based line number.
    pub line: u32,
    /// Byte offset of the line start.
    pub offset: usize,
    /// Inside an `ipv6 access-list`.
    pub v6: bool,
    /// Whose names the text uses.
    pub names: Names,
    /// Diagnostics sink.
    pub diags: &'a mut Vec<Diagnostic>,
    /// The object groups defined so far.
    pub groups: &'a Groups,
    /// The dialect being read.
    pub dialect: Dialect,
    /// Set by [`entry`] when the protocol is a service group: the group's name and services (the
    /// entry stands for one term per service).
    pub expand: Option<(String, Vec<Service>)>,
}

impl<'a> LineCtx<'a> {
    /// Span of a pair of this line.
    pub fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        self.span_at(s.start(), s.end())
    }

    /// Span of a byte range of this line.
    pub fn span_at(&self, start: usize, end: usize) -> Span {
        Span {
            line: self.line,
            column: start as u32 + 1,
            start: (self.offset + start) as u32,
            end: (self.offset + end) as u32,
        }
    }

    /// Records an error at a pair.
    pub fn err(&mut self, code: &str, msg: String, p: &Pair<Rule>, hint: Option<&str>) {
        let mut d = Diagnostic::error(code, msg, self.span(p));
        d.excerpt = crate::diag::clip(self.text.trim_end_matches('\r'));
        d.hint = hint.map(|h| h.to_string());
        self.diags.push(d);
    }
}

fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// Parses an unsigned number with an upper bound, reporting errors.
pub fn number(ctx: &mut LineCtx, p: &Pair<Rule>, what: &str, max: u32) -> Option<u32> {
    let s = p.as_str();
    match s.parse::<u64>() {
        Ok(v) if v <= max as u64 => Some(v as u32),
        _ => {
            ctx.err("ACL003", format!("{} {} is out of range 0-{}", what, s, max), p, None);
            None
        }
    }
}

/// A port: number or service name.
pub fn port(ctx: &mut LineCtx, p: &Pair<Rule>) -> Option<u32> {
    let s = p.as_str();
    if s.as_bytes()[0].is_ascii_digit() {
        return number(ctx, p, "port", 65535);
    }
    let l = lower(s);
    match ctx.names.port(&l) {
        Some(v) => Some(v),
        None => {
            ctx.err("ACL002", format!("unknown port name '{}'", s), p, Some("use a number 0-65535 or a service name like www, ssh, domain"));
            None
        }
    }
}

/// A protocol: number or name. `None` inside `Some` = `ip` (no condition).
pub fn protocol(ctx: &mut LineCtx, p: &Pair<Rule>) -> Option<Option<u32>> {
    let s = p.as_str();
    if s.as_bytes()[0].is_ascii_digit() {
        return number(ctx, p, "protocol", 255).map(Some);
    }
    let l = lower(s);
    if l == "ip" || l == "ipv4" || (ctx.v6 && l == "ipv6") {
        return Some(None);
    }
    match ctx.names.protocol(&l, ctx.v6) {
        Some(v) => Some(Some(v)),
        None => {
            ctx.err("ACL002", format!("unknown protocol '{}'", s), p, Some("use a number 0-255 or a name like tcp, udp, icmp, ospf"));
            None
        }
    }
}

/// An address (`any` → `None`).
pub fn address(ctx: &mut LineCtx, p: Pair<Rule>) -> Result<Option<Address>, ()> {
    let inner = match p.clone().into_inner().next() {
        Some(i) => i,
        None => return Err(()),
    };
    let a = match inner.as_rule() {
        Rule::any => return Ok(None),
        Rule::any_fam if ctx.dialect == Dialect::Asa => {
            let v6 = inner.as_str().ends_with('6');
            return Ok(Some(Address::plain(addr::Net::new(v6, 0, 0))));
        }
        Rule::any_fam => {
            ctx.err("ACL001", format!("'{}' is ASA syntax: use 'any'", inner.as_str()), &inner, None);
            return Err(());
        }
        Rule::host | Rule::bare => {
            let ip = inner.clone().into_inner().last().ok_or(())?;
            match addr::parse_prefix(ip.as_str()) {
                Ok(n) => Address::plain(n),
                Err(e) => {
                    ctx.err("ACL004", e, &ip, None);
                    return Err(());
                }
            }
        }
        Rule::prefix => match addr::parse_prefix(inner.as_str()) {
            Ok(n) => Address::plain(n),
            Err(e) => {
                ctx.err("ACL004", e, &inner, None);
                return Err(());
            }
        },
        Rule::wild if ctx.dialect == Dialect::Asa => {
            let mut it = inner.clone().into_inner();
            let (b, m) = (it.next().ok_or(())?, it.next().ok_or(())?);
            match (addr::parse_v4(b.as_str()), addr::parse_v4(m.as_str()).and_then(|m| addr::parse_v4(b.as_str()).and_then(|b| addr::from_netmask(b, m)))) {
                (Some(_), Some(a)) => a,
                (None, _) => {
                    ctx.err("ACL004", format!("'{}' is not a valid IPv4 address", b.as_str()), &b, None);
                    return Err(());
                }
                (_, None) => {
                    ctx.err("ACL004", format!("netmask '{}' is not a valid IPv4 netmask", m.as_str()), &m, Some("ASA masks are netmasks like 255.255.255.0"));
                    return Err(());
                }
            }
        }
        Rule::wild => {
            let mut it = inner.clone().into_inner();
            let (b, w) = (it.next().ok_or(())?, it.next().ok_or(())?);
            let base = addr::parse_v4(b.as_str());
            let wild = addr::parse_v4(w.as_str());
            match (base, wild) {
                (Some(base), Some(wild)) => addr::from_wildcard(base, wild),
                (None, _) => {
                    ctx.err("ACL004", format!("'{}' is not a valid IPv4 address", b.as_str()), &b, None);
                    return Err(());
                }
                (_, None) => {
                    ctx.err("ACL004", format!("wildcard mask '{}' is not a valid IPv4 mask", w.as_str()), &w, Some("a wildcard mask is an inverse mask like 0.0.0.255"));
                    return Err(());
                }
            }
        }
        _ => return Err(()),
    };
    if a.net.v6 != ctx.v6 && ctx.dialect != Dialect::Asa {
        let msg = if ctx.v6 {
            "expected an IPv6 address in an ipv6 access-list"
        } else {
            "IPv6 address in an IPv4 access list"
        };
        ctx.err("ACL004", msg.to_string(), &inner, Some("use 'ipv6 access-list NAME' for IPv6"));
        return Err(());
    }
    Ok(Some(a))
}

/// The ranges of a `ports` pair (`eq P [P ...]`, `neq P`, `lt P`, `gt P`, `range P Q`).
pub fn port_ranges(ctx: &mut LineCtx, p: Pair<Rule>) -> Option<Vec<(u32, u32)>> {
    let mut it = p.into_inner();
    let op = it.next()?;
    let opname = lower(op.as_str());
    let a = it.next()?;
    let va = port(ctx, &a)?;
    let r = match opname.as_str() {
        "eq" => {
            let mut v = vec![(va, va)];
            for (k, x) in it.enumerate() {
                if k == 9 {
                    ctx.err("ACL003", "at most 10 ports may follow 'eq'".into(), &x, Some("split the entry in two"));
                    return None;
                }
                let s = x.as_str();
                if !s.as_bytes()[0].is_ascii_digit() && ctx.names.port(s).is_none() {
                    let msg = format!("unexpected '{}': expected a port, log, log-input, established, fragments, dscp, precedence or ttl", s);
                    ctx.err("ACL001", msg, &x, None);
                    return None;
                }
                let p = port(ctx, &x)?;
                v.push((p, p));
            }
            crate::ir::normalize_ranges(&mut v);
            v
        }
        _ if opname != "range" && it.clone().next().is_some() => {
            let extra = it.next()?;
            ctx.err("ACL001", format!("several ports are only allowed after 'eq', not after '{}'", opname), &extra, None);
            return None;
        }
        "neq" => {
            let mut v = Vec::new();
            if va > 0 {
                v.push((0, va - 1));
            }
            if va < 65535 {
                v.push((va + 1, 65535));
            }
            v
        }
        "lt" | "gt" if (opname == "lt" && va == 0) || (opname == "gt" && va == 65535) => {
            ctx.err("ACL003", format!("'{} {}' matches no port", opname, va), &op, None);
            return None;
        }
        "lt" => vec![(0, va - 1)],
        "le" => vec![(0, va)],
        "gt" => vec![(va + 1, 65535)],
        "ge" => vec![(va, 65535)],
        _ => {
            let b = it.next()?;
            let vb = port(ctx, &b)?;
            if vb < va {
                ctx.err("ACL003", format!("port range {} {} is reversed", va, vb), &b, Some("write the lower port first"));
                return None;
            }
            vec![(va, vb)]
        }
    };
    Some(r)
}

fn range_word(ctx: &mut LineCtx, p: &Pair<Rule>, table: &[(&str, u32)], what: &str, max: u32) -> Option<u32> {
    let s = p.as_str();
    if s.as_bytes()[0].is_ascii_digit() {
        return number(ctx, p, what, max);
    }
    match tables::lookup(table, &lower(s)) {
        Some(v) => Some(v),
        None => {
            ctx.err("ACL002", format!("unknown {} '{}'", what, s), p, None);
            None
        }
    }
}

/// Lowers `action ~ (ext_body | std_body)` into a term. Returns `None` when errors were found.
pub fn entry(ctx: &mut LineCtx, action: Pair<Rule>, body: Pair<Rule>) -> Option<Term> {
    let kind = if action.as_str().as_bytes()[0].to_ascii_lowercase() == b'p' {
        ActionKind::Accept
    } else {
        ActionKind::Reject
    };
    let mut t = Term::new(kind);
    let before = ctx.diags.len();
    let standard = body.as_rule() == Rule::std_body;
    let mut proto: Option<u32> = None;
    let mut addrs = 0;
    let mut icmp_seen = false;
    let mut services = false;
    let mut flag_words: Vec<String> = Vec::new();
    let mut flag_matches: Vec<(bool, Vec<String>)> = Vec::new();
    let mut flags_span = None;
    let items: Vec<Pair<Rule>> = body.into_inner().collect();
    // ASA: `object-group X` after the source address is a port group when X holds ports
    let addr_items = items.iter().filter(|p| p.as_rule() == Rule::addr).count();
    for (i, p) in items.into_iter().enumerate() {
        let sp = ctx.span(&p);
        match p.as_rule() {
            Rule::grp_ref if i == 0 => {
                let name = p.clone().into_inner().last()?;
                let gs = ctx.groups;
                let g = groups::lookup(ctx, gs, &name, &[Kind::Protocol, Kind::Service])?;
                let gname = name.as_str().to_string();
                if g.kind == Kind::Protocol {
                    let mut r: Vec<(u32, u32)> = g.protocols.iter().map(|&v| (v, v)).collect();
                    crate::ir::normalize_ranges(&mut r);
                    proto = match r.as_slice() {
                        [(a, b)] if a == b => Some(*a),
                        _ if g.protocols.iter().all(|p| matches!(p, 6 | 17 | 132)) => Some(6),
                        _ => Some(256),
                    };
                    let mut c = Condition::ranges(Key::Protocol, r, sp);
                    c.group = Some(gname);
                    t.conditions.push(c);
                } else {
                    services = true;
                    ctx.expand = Some((gname, g.services.clone()));
                }
            }
            Rule::addr if p.clone().into_inner().next().map(|x| x.as_rule()) == Some(Rule::grp_ref) => {
                let name = p.clone().into_inner().next()?.into_inner().last()?;
                let kinds: &[Kind] = if addr_items == 3 && addrs >= 1 { &[Kind::Network, Kind::Port] } else { &[Kind::Network] };
                let gs = ctx.groups;
                let g = groups::lookup(ctx, gs, &name, kinds)?;
                let mut c = if g.kind == Kind::Port {
                    if !(matches!(proto, Some(6) | Some(17) | Some(132)) || services) {
                        ctx.err("ACL005", "port operators are only valid with tcp, udp or sctp".into(), &p, None);
                        continue;
                    }
                    Condition::ranges(if addrs == 1 { Key::SourcePort } else { Key::DestinationPort }, g.ports.clone(), sp)
                } else {
                    let key = if addrs == 0 { Key::SourceAddress } else { Key::DestinationAddress };
                    addrs += 1;
                    if addrs > 2 {
                        ctx.err("ACL001", format!("unexpected '{}': the source and destination are given already", p.as_str()), &p, None);
                        continue;
                    }
                    let v6 = ctx.v6;
                    if ctx.dialect != Dialect::Asa && g.addrs.iter().any(|a| a.net.v6 != v6) {
                        let msg = format!("object-group '{}' holds {} addresses, used in an {} access list", name.as_str(), if v6 { "IPv4" } else { "IPv6" }, if v6 { "IPv6" } else { "IPv4" });
                        ctx.err("ACL004", msg, &name, None);
                        continue;
                    }
                    Condition { key, except: false, values: Values::Addrs(g.addrs.iter().cloned().collect()), named: None, group: None, span: sp }
                };
                c.group = Some(name.as_str().to_string());
                t.conditions.push(c);
            }
            Rule::port_grp => {
                let name = p.clone().into_inner().last()?;
                let gs = ctx.groups;
                let g = groups::lookup(ctx, gs, &name, &[Kind::Port])?;
                if !(matches!(proto, Some(6) | Some(17) | Some(132)) || services) {
                    ctx.err("ACL005", "port operators are only valid with tcp, udp or sctp".into(), &p, None);
                    continue;
                }
                let key = if addrs == 1 { Key::SourcePort } else { Key::DestinationPort };
                let mut c = Condition::ranges(key, g.ports.clone(), sp);
                c.group = Some(name.as_str().to_string());
                t.conditions.push(c);
            }
            Rule::asa_log => {
                if p.clone().into_inner().any(|x| x.as_rule() == Rule::k_disable) {
                    continue;
                }
                t.modifiers.syslog = true;
            }
            Rule::inactive => t.inactive = true,
            Rule::protocol => {
                if let Some(Some(v)) = protocol(ctx, &p) {
                    proto = Some(v);
                    t.conditions.push(Condition::ranges(Key::Protocol, vec![(v, v)], sp));
                }
            }
            Rule::addr | Rule::std_addr => {
                let key = if addrs == 0 { Key::SourceAddress } else { Key::DestinationAddress };
                addrs += 1;
                if addrs > 2 {
                    ctx.err("ACL001", format!("unexpected '{}': the source and destination are given already", p.as_str()), &p, None);
                    continue;
                }
                if let Ok(Some(a)) = address(ctx, p) {
                    t.conditions.push(Condition { key, except: false, values: Values::Addrs(smallvec::smallvec![a]), named: None, group: None, span: sp });
                }
            }
            Rule::ports => {
                if !(matches!(proto, Some(6) | Some(17) | Some(132)) || services) {
                    ctx.err("ACL005", "port operators are only valid with tcp, udp or sctp".into(), &p, None);
                    continue;
                }
                let key = if addrs == 1 { Key::SourcePort } else { Key::DestinationPort };
                if let Some(r) = port_ranges(ctx, p) {
                    t.conditions.push(Condition::ranges(key, r, sp));
                }
            }
            Rule::established => {
                if proto != Some(6) {
                    ctx.err("ACL005", "'established' is only valid with tcp".into(), &p, None);
                    continue;
                }
                t.conditions.push(Condition {
                    key: Key::TcpFlags,
                    except: false,
                    values: Values::Names(vec!["ack | rst".to_string()]),
                    named: Some("tcp-established".to_string()),
                group: None,
                    span: sp,
                });
            }
            Rule::tcp_flag | Rule::flag_match => {
                if proto != Some(6) {
                    ctx.err("ACL005", format!("TCP flags ('{}') are only valid with tcp", p.as_str()), &p, None);
                    continue;
                }
                flags_span.get_or_insert(sp);
                if p.as_rule() == Rule::tcp_flag {
                    flag_words.push(lower(p.as_str()));
                } else {
                    let mut it = p.clone().into_inner();
                    let any = it.next().map(|k| lower(k.as_str()) == "match-any").unwrap_or(false);
                    flag_matches.push((any, it.map(|x| lower(x.as_str())).collect()));
                }
            }
            Rule::log => t.modifiers.syslog = true,
            Rule::log_input => t.modifiers.log_input = true,
            // IOS `fragments`: the non-initial fragments (offset > 0), not Junos' `is-fragment`
            Rule::fragments => t.conditions.push(Condition::ranges(Key::FragmentOffset, vec![(1, 8191)], sp)),
            Rule::dscp | Rule::precedence => {
                let w = p.clone().into_inner().last()?;
                let (key, table, max) = if p.as_rule() == Rule::dscp {
                    (Key::Dscp, tables::DSCP, 63)
                } else {
                    (Key::Precedence, tables::PRECEDENCE, 7)
                };
                if let Some(v) = range_word(ctx, &w, table, key.as_str(), max) {
                    t.conditions.push(Condition::ranges(key, vec![(v, v)], sp));
                }
            }
            Rule::ttl => {
                let mut it = p.clone().into_inner().skip(1);
                let op = it.next()?;
                let vals: Vec<Option<u32>> = it.map(|w| number(ctx, &w, "ttl", 255)).collect();
                let a = vals.first().copied().flatten();
                let b = vals.get(1).copied().flatten();
                let r = match (lower(op.as_str()).as_str(), a, b) {
                    ("eq", Some(a), _) => vec![(a, a)],
                    ("neq", Some(a), _) => [(0, a.wrapping_sub(1)), (a + 1, 255)].iter().copied().filter(|&(l, h)| l <= h && h <= 255).collect(),
                    ("lt", Some(a), _) if a > 0 => vec![(0, a - 1)],
                    ("le", Some(a), _) => vec![(0, a)],
                    ("gt", Some(a), _) if a < 255 => vec![(a + 1, 255)],
                    ("ge", Some(a), _) => vec![(a, 255)],
                    ("range", Some(a), Some(b)) if a <= b => vec![(a, b)],
                    _ => {
                        ctx.err("ACL003", "invalid ttl match".into(), &p, None);
                        continue;
                    }
                };
                t.conditions.push(Condition::ranges(Key::Ttl, r, sp));
            }
            Rule::tos | Rule::time_range => {
                let what = if p.as_rule() == Rule::tos { "tos" } else { "time-range" };
                ctx.err("ACL008", format!("'{}' is not supported", what), &p, Some("use dscp instead of tos; time ranges cannot be converted"));
            }
            Rule::icmp => {
                if icmp_seen {
                    ctx.err("ACL001", format!("unexpected '{}'", p.as_str()), &p, None);
                    continue;
                }
                icmp_seen = true;
                if standard || !matches!(proto, Some(1) | Some(58)) {
                    let msg = if p.as_str().as_bytes()[0].is_ascii_digit() || ctx.names.icmp(p.as_str(), ctx.v6).is_some() {
                        format!("ICMP message '{}' is only valid with protocol icmp", p.as_str())
                    } else {
                        format!("unexpected '{}': expected log, log-input, established, fragments, dscp, precedence or ttl", p.as_str())
                    };
                    ctx.err("ACL005", msg, &p, None);
                    continue;
                }
                let mut it = p.clone().into_inner();
                let first = it.next()?;
                if first.as_rule() == Rule::num {
                    let ty = number(ctx, &first, "icmp type", 255);
                    let code = it.next().map(|c| number(ctx, &c, "icmp code", 255));
                    if let Some(ty) = ty {
                        t.conditions.push(Condition::ranges(Key::IcmpType, vec![(ty, ty)], sp));
                    }
                    if let Some(Some(c)) = code {
                        t.conditions.push(Condition::ranges(Key::IcmpCode, vec![(c, c)], sp));
                    }
                } else {
                    let l = lower(first.as_str());
                    let found = ctx.names.icmp(&l, ctx.v6);
                    match found {
                        Some((ty, code)) => {
                            t.conditions.push(Condition::ranges(Key::IcmpType, vec![(ty, ty)], sp));
                            if let Some(c) = code {
                                t.conditions.push(Condition::ranges(Key::IcmpCode, vec![(c, c)], sp));
                            }
                        }
                        None if ctx.v6 => ctx.err("ACL002", format!("unknown ICMPv6 message '{}'", first.as_str()), &first, Some("use an IPv6 ICMP name like echo-request, echo-reply, packet-too-big, nd-ns, or a type number")),
                        None => ctx.err("ACL002", format!("unknown ICMP message '{}'", first.as_str()), &first, Some("use an IOS ICMP name like echo, echo-reply, unreachable, or a type number")),
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(sp) = flags_span {
        let e = tcp_flags::from_ios(&flag_words, &flag_matches);
        t.conditions.push(Condition { key: Key::TcpFlags, except: false, values: Values::Names(vec![e]), named: None, group: None, span: sp });
    }
    if ctx.diags[before..].iter().any(|d| d.is_error()) {
        return None;
    }
    Some(t)
}
