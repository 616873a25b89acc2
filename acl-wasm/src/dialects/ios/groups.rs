//! Object groups of the IOS family: IOS / IOS-XE `object-group network|service`, the IOS-XR,
//! NX-OS and EOS forms (`object-group network ipv4 NAME`, `object-group port NAME`, `object-group
//! ip address|port NAME`), and ASA's `object-group network|service|protocol|icmp-type` and
//! `object network|service`.
//!
//! A group is resolved while it is read: members are lowered to addresses, port ranges,
//! protocols or services, and a nested group (`group-object X`) is replaced by X's members. A
//! group is therefore defined before it is used (as on the devices); a reference to a group that
//! is not defined (yet) is an error at the reference.

use super::lower::{self, LineCtx};
use super::parse::{Dialect, Rule};
use crate::addr::{self, Address};
use crate::ir::Span;
use pest::iterators::Pair;
use std::collections::HashMap;

/// What a group holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Addresses (`object-group network`, `object network`, NX-OS `ip address`).
    Network,
    /// Ports (`object-group port`, NX-OS `ip port`, ASA `object-group service NAME tcp`).
    Port,
    /// Protocols with their ports or ICMP messages (`object-group service`, `object service`).
    Service,
    /// Protocols (ASA `object-group protocol`).
    Protocol,
    /// ICMP messages (ASA `object-group icmp-type`).
    Icmp,
}

impl Kind {
    /// How the kind is named in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Network => "network",
            Kind::Port => "port",
            Kind::Service => "service",
            Kind::Protocol => "protocol",
            Kind::Icmp => "icmp-type",
        }
    }
}

/// One service: a protocol (none: any IP protocol), its ports or its ICMP message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    /// Protocol numbers (`tcp-udp`: 6 and 17).
    pub protocols: Vec<u32>,
    /// Source ports.
    pub sports: Option<Vec<(u32, u32)>>,
    /// Destination ports.
    pub dports: Option<Vec<(u32, u32)>>,
    /// ICMP type and code.
    pub icmp: Option<(u32, Option<u32>)>,
}

/// A group, its members resolved.
#[derive(Clone, Debug)]
pub struct Group {
    /// What it holds.
    pub kind: Kind,
    /// Network members.
    pub addrs: Vec<Address>,
    /// Port members.
    pub ports: Vec<(u32, u32)>,
    /// Service members.
    pub services: Vec<Service>,
    /// Protocol members.
    pub protocols: Vec<u32>,
    /// ICMP members.
    pub icmp: Vec<(u32, Option<u32>)>,
    /// Where it was defined.
    pub span: Span,
}

/// The groups defined so far, by name.
pub type Groups = HashMap<String, Group>;

/// The member rule of a kind.
pub fn member_rule(k: Kind) -> Rule {
    match k {
        Kind::Network => Rule::line_mem_net,
        Kind::Port => Rule::line_mem_port,
        Kind::Service => Rule::line_mem_svc,
        Kind::Protocol => Rule::line_mem_proto,
        Kind::Icmp => Rule::line_mem_icmp,
    }
}

/// Lowers an `og_header`: the group's name and kind. A group defined again is replaced (as a
/// device does when it is configured anew) only when the kind matches; otherwise an error.
pub fn header(ctx: &mut LineCtx, groups: &mut Groups, p: Pair<Rule>) -> Option<(String, Kind)> {
    let sp = ctx.span(&p);
    let mut kind = None;
    let mut name = None;
    let mut name_pair = None;
    for x in p.clone().into_inner().flat_map(|x| {
        if matches!(x.as_rule(), Rule::og_nx | Rule::og_xr | Rule::og_simple) {
            x.into_inner().collect::<Vec<_>>()
        } else {
            vec![x]
        }
    }) {
        match x.as_rule() {
            Rule::og_nxkind => kind = Some(if x.as_str().eq_ignore_ascii_case("port") { Kind::Port } else { Kind::Network }),
            Rule::k_network => kind = Some(Kind::Network),
            Rule::og_kind | Rule::obj_kind => {
                kind = Some(match x.as_str().to_ascii_lowercase().as_str() {
                    "network" => Kind::Network,
                    "service" => Kind::Service,
                    "port" => Kind::Port,
                    "protocol" => Kind::Protocol,
                    _ => Kind::Icmp,
                })
            }
            // ASA `object-group service NAME tcp|udp|tcp-udp`: a group of ports
            Rule::og_proto => kind = Some(Kind::Port),
            Rule::name => {
                name = Some(x.as_str().to_string());
                name_pair = Some(x);
            }
            _ => {}
        }
    }
    let (name, kind, np) = (name?, kind?, name_pair?);
    if let Some(g) = groups.get(&name) {
        if g.kind != kind {
            let msg = format!("object-group '{}' is already defined as a {} group (line {})", name, g.kind.as_str(), g.span.line);
            ctx.err("ACL007", msg, &np, Some("use another name"));
            return None;
        }
    }
    let g = Group { kind, addrs: Vec::new(), ports: Vec::new(), services: Vec::new(), protocols: Vec::new(), icmp: Vec::new(), span: sp };
    groups.insert(name.clone(), g);
    Some((name, kind))
}

/// Looks a group up for a reference, with errors for an undefined group or a wrong kind.
pub fn lookup<'g>(ctx: &mut LineCtx, groups: &'g Groups, name: &Pair<Rule>, want: &[Kind]) -> Option<&'g Group> {
    match groups.get(name.as_str()) {
        None => {
            let msg = format!("object-group '{}' is not defined", name.as_str());
            ctx.err("ACL002", msg, name, Some("define the group (object-group ...) before the access list that uses it"));
            None
        }
        Some(g) if !want.contains(&g.kind) => {
            let wants: Vec<&str> = want.iter().map(|k| k.as_str()).collect();
            let article = if g.kind == Kind::Icmp { "an" } else { "a" };
            let msg = format!("object-group '{}' is {} {} group, expected a {} group here", name.as_str(), article, g.kind.as_str(), wants.join(" or "));
            ctx.err("ACL005", msg, name, None);
            None
        }
        Some(g) => Some(g),
    }
}

/// A member's address with a mask that is a netmask (IOS, ASA, IOS-XR groups) or a wildcard
/// (NX-OS). An unambiguous mask is read as what it can only be.
fn masked(ctx: &mut LineCtx, a: &Pair<Rule>, m: &Pair<Rule>, dialect: Dialect) -> Option<Address> {
    let base = match addr::parse_v4(a.as_str()) {
        Some(b) => b,
        None => {
            ctx.err("ACL004", format!("'{}' is not a valid IPv4 address", a.as_str()), a, None);
            return None;
        }
    };
    let mask = match addr::parse_v4(m.as_str()) {
        Some(b) => b,
        None => {
            ctx.err("ACL004", format!("'{}' is not a valid IPv4 mask", m.as_str()), m, None);
            return None;
        }
    };
    let as_netmask = addr::from_netmask(base, mask);
    let wildcard_ok = (!mask).leading_ones() + (!mask).trailing_zeros() == 32 || mask == u32::MAX;
    match (as_netmask, dialect) {
        (Some(a), _) if !wildcard_ok || dialect != Dialect::Nxos => Some(a),
        _ if wildcard_ok || dialect == Dialect::Nxos => Some(addr::from_wildcard(base, mask)),
        _ => {
            ctx.err("ACL004", format!("'{}' is not a contiguous netmask", m.as_str()), m, Some("a netmask is like 255.255.255.0"));
            None
        }
    }
}

fn ip_value(ctx: &mut LineCtx, p: &Pair<Rule>) -> Option<addr::Net> {
    match addr::parse_prefix(p.as_str()) {
        Ok(n) => Some(n),
        Err(e) => {
            ctx.err("ACL004", e, p, None);
            None
        }
    }
}

/// Lowers one member line into group `name` (already in `groups`).
pub fn member(ctx: &mut LineCtx, groups: &mut Groups, name: &str, dialect: Dialect, line: Pair<Rule>) {
    let before = ctx.diags.len();
    let mut add = Group { kind: Kind::Network, addrs: Vec::new(), ports: Vec::new(), services: Vec::new(), protocols: Vec::new(), icmp: Vec::new(), span: Span::default() };
    for p in line.into_inner() {
        match p.as_rule() {
            Rule::group_object => {
                let n = match p.into_inner().last() {
                    Some(n) => n,
                    None => continue,
                };
                if n.as_str() == name {
                    ctx.err("ACL005", format!("object-group '{}' includes itself", name), &n, None);
                    continue;
                }
                let kind = groups.get(name).map(|g| g.kind).unwrap_or(Kind::Network);
                if let Some(g) = lookup(ctx, groups, &n, &[kind]) {
                    add.addrs.extend(g.addrs.iter().cloned());
                    add.ports.extend(g.ports.iter().copied());
                    add.services.extend(g.services.iter().cloned());
                    add.protocols.extend(g.protocols.iter().copied());
                    add.icmp.extend(g.icmp.iter().copied());
                }
            }
            Rule::net_member => net_member(ctx, groups, dialect, p, &mut add),
            Rule::port_member => {
                if let Some(ports) = p.into_inner().find(|x| x.as_rule() == Rule::ports) {
                    if let Some(r) = lower::port_ranges(ctx, ports) {
                        add.ports.extend(r);
                    }
                }
            }
            Rule::svc_member => {
                for x in p.into_inner() {
                    match x.as_rule() {
                        Rule::obj_ref => {
                            if let Some(n) = x.into_inner().last() {
                                if let Some(g) = lookup(ctx, groups, &n, &[Kind::Service]) {
                                    add.services.extend(g.services.iter().cloned());
                                }
                            }
                        }
                        Rule::svc_spec => {
                            if let Some(s) = service(ctx, x) {
                                add.services.push(s);
                            }
                        }
                        _ => {}
                    }
                }
            }
            Rule::proto_member => {
                if let Some(x) = p.into_inner().last() {
                    if let Some(ps) = protocols(ctx, &x) {
                        add.protocols.extend(ps);
                    }
                }
            }
            Rule::icmp_member => {
                if let Some(x) = p.into_inner().last() {
                    if let Some(m) = icmp(ctx, x) {
                        add.icmp.push(m);
                    }
                }
            }
            _ => {}
        }
    }
    if ctx.diags[before..].iter().any(|d| d.is_error()) {
        return;
    }
    if let Some(g) = groups.get_mut(name) {
        g.addrs.extend(add.addrs);
        g.ports.extend(add.ports);
        crate::ir::normalize_ranges(&mut g.ports);
        g.services.extend(add.services);
        g.protocols.extend(add.protocols);
        g.icmp.extend(add.icmp);
    }
}

fn net_member(ctx: &mut LineCtx, groups: &Groups, dialect: Dialect, p: Pair<Rule>, add: &mut Group) {
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::obj_ref => {
                if let Some(n) = x.into_inner().last() {
                    if let Some(g) = lookup(ctx, groups, &n, &[Kind::Network]) {
                        add.addrs.extend(g.addrs.iter().cloned());
                    }
                }
            }
            Rule::addr_range => {
                let ips: Vec<Pair<Rule>> = x.clone().into_inner().filter(|y| y.as_rule() == Rule::ip).collect();
                if ips.len() != 2 {
                    continue;
                }
                let (a, b) = match (ip_value(ctx, &ips[0]), ip_value(ctx, &ips[1])) {
                    (Some(a), Some(b)) => (a, b),
                    _ => continue,
                };
                if a.v6 != b.v6 || a.len != a.max_len() || b.len != b.max_len() || a.addr > b.addr {
                    ctx.err("ACL004", "an address range is two addresses of one family, the lower first".into(), &x, None);
                    continue;
                }
                add.addrs.extend(addr::range_prefixes(a.v6, a.addr, b.addr).into_iter().map(Address::plain));
            }
            Rule::subnet => {
                let inner: Vec<Pair<Rule>> = x.clone().into_inner().filter(|y| y.as_rule() != Rule::k_subnet).collect();
                match inner.as_slice() {
                    [pf] => {
                        if let Some(n) = ip_value(ctx, pf) {
                            add.addrs.push(Address::plain(n));
                        }
                    }
                    [a, m] => {
                        if let Some(v) = masked(ctx, a, m, Dialect::Asa) {
                            add.addrs.push(v);
                        }
                    }
                    _ => {}
                }
            }
            Rule::host => {
                if let Some(ip) = x.into_inner().last() {
                    if let Some(n) = ip_value(ctx, &ip) {
                        add.addrs.push(Address::plain(n));
                    }
                }
            }
            Rule::prefix => {
                if let Some(n) = ip_value(ctx, &x) {
                    add.addrs.push(Address::plain(n));
                }
            }
            Rule::bare => {
                if let Some(n) = ip_value(ctx, &x) {
                    add.addrs.push(Address::plain(n));
                }
            }
            Rule::wild => {
                let mut it = x.into_inner();
                if let (Some(a), Some(m)) = (it.next(), it.next()) {
                    if let Some(v) = masked(ctx, &a, &m, dialect) {
                        add.addrs.push(v);
                    }
                }
            }
            Rule::any => {
                add.addrs.push(Address::plain(addr::Net::any4()));
                if dialect == Dialect::Asa {
                    add.addrs.push(Address::plain(addr::Net::new(true, 0, 0)));
                }
            }
            _ => {}
        }
    }
}

/// Protocols of a name: `tcp-udp` is both, `ip` is none (any protocol: an empty list).
fn protocols(ctx: &mut LineCtx, p: &Pair<Rule>) -> Option<Vec<u32>> {
    let l = p.as_str().to_ascii_lowercase();
    if l == "tcp-udp" {
        return Some(vec![6, 17]);
    }
    lower::protocol(ctx, p).map(|v| v.into_iter().collect())
}

fn icmp(ctx: &mut LineCtx, p: Pair<Rule>) -> Option<(u32, Option<u32>)> {
    let mut it = p.into_inner();
    let first = it.next()?;
    if first.as_rule() == Rule::num {
        let ty = lower::number(ctx, &first, "icmp type", 255)?;
        let code = match it.next() {
            Some(c) => Some(lower::number(ctx, &c, "icmp code", 255)?),
            None => None,
        };
        return Some((ty, code));
    }
    let l = first.as_str().to_ascii_lowercase();
    match ctx.names.icmp(&l, ctx.v6) {
        Some(v) => Some(v),
        None => {
            ctx.err("ACL002", format!("unknown ICMP message '{}'", first.as_str()), &first, Some("use an ICMP name like echo, echo-reply, unreachable, or a type number"));
            None
        }
    }
}

/// `PROTO [source PORTS] [[destination] PORTS] [ICMP]`.
fn service(ctx: &mut LineCtx, p: Pair<Rule>) -> Option<Service> {
    let mut s = Service { protocols: Vec::new(), sports: None, dports: None, icmp: None };
    let mut source_next = false;
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::protocol => s.protocols = protocols(ctx, &x)?,
            Rule::k_source => source_next = true,
            Rule::ports => {
                if !s.protocols.iter().all(|p| matches!(p, 6 | 17 | 132)) || s.protocols.is_empty() {
                    ctx.err("ACL005", "port operators are only valid with tcp, udp, tcp-udp or sctp".into(), &x, None);
                    return None;
                }
                let r = lower::port_ranges(ctx, x)?;
                if std::mem::take(&mut source_next) {
                    s.sports = Some(r);
                } else {
                    s.dports = Some(r);
                }
            }
            Rule::icmp => {
                if !matches!(s.protocols.as_slice(), [1] | [58]) {
                    ctx.err("ACL005", format!("ICMP message '{}' is only valid with protocol icmp", x.as_str()), &x, None);
                    return None;
                }
                s.icmp = Some(icmp(ctx, x)?);
            }
            _ => {}
        }
    }
    Some(s)
}
