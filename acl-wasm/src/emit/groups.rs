//! Object groups in output. A condition read from a group carries the group's name
//! ([`crate::ir::Condition::group`]) and its resolved members as values. A format with groups
//! writes the reference (`net-group N`, `addrgroup N`, `object-group N`) and, before the list,
//! the group's definition built from those values; a format without groups (or a group the
//! format cannot express) writes the values, as any other condition.

use super::ios_common::GroupStyle;
use crate::addr::{write_v4, Address};
use crate::ir::{Acl, Key, Term, Values};
use crate::tables;
use std::borrow::Cow;

/// What a kept group holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Def {
    /// Addresses.
    Net(Vec<Address>),
    /// Port ranges.
    Port(Vec<(u32, u32)>),
    /// Protocol numbers (ASA `object-group protocol`).
    Proto(Vec<(u32, u32)>),
    /// Services (ASA `object-group service` with `service-object`s): an entry read with a
    /// service group stands for one term per service (consecutive terms of one span).
    Service(Vec<Svc>),
}

/// One service of a kept service group.
#[derive(Clone, Debug, PartialEq)]
pub struct Svc {
    /// Protocols.
    pub protocols: Vec<(u32, u32)>,
    /// Source ports (one range).
    pub sports: Option<(u32, u32)>,
    /// Destination ports (one range).
    pub dports: Option<(u32, u32)>,
    /// ICMP type and code.
    pub icmp: Option<(u32, Option<u32>)>,
}

fn proto_group(t: &Term) -> Option<&str> {
    t.cond(Key::Protocol).and_then(|c| c.group.as_deref())
}

/// The terms of a run of service group `name` that starts at `i` (one entry's terms: the same
/// span, the protocol marked with the group): `i..end`.
pub fn run_end(terms: &[Term], i: usize, name: &str) -> usize {
    let mut j = i + 1;
    while j < terms.len() && proto_group(&terms[j]) == Some(name) && terms[j].span == terms[i].span {
        j += 1;
    }
    j
}

fn svc_of(t: &Term, name: &str) -> Option<Svc> {
    let mut s = Svc { protocols: Vec::new(), sports: None, dports: None, icmp: None };
    let mut code = None;
    for c in t.conditions.iter().filter(|c| c.group.as_deref() == Some(name)) {
        let r = c.range_values();
        match (c.key, r) {
            (Key::Protocol, _) => s.protocols = r.to_vec(),
            (Key::SourcePort, [x]) => s.sports = Some(*x),
            (Key::DestinationPort, [x]) => s.dports = Some(*x),
            (Key::IcmpType, [(a, b)]) if a == b => s.icmp = Some((*a, None)),
            (Key::IcmpCode, [(a, b)]) if a == b => code = Some(*a),
            _ => return None,
        }
    }
    if let (Some((ty, _)), Some(c)) = (s.icmp, code) {
        s.icmp = Some((ty, Some(c)));
    }
    // one service-object: one protocol, or tcp-udp
    match s.protocols.as_slice() {
        [(a, b)] if a == b => Some(s),
        [(6, 6), (17, 17)] => Some(s),
        _ => None,
    }
}

/// The services of group `name` when every entry using it expands to the same services (and
/// the group is more than a protocol list); `None` otherwise.
fn services(acl: &Acl, name: &str) -> Option<Vec<Svc>> {
    let terms = &acl.terms;
    let mut found: Option<Vec<Svc>> = None;
    let mut more_than_protocols = false;
    let mut i = 0;
    while i < terms.len() {
        if proto_group(&terms[i]) != Some(name) {
            if terms[i].conditions.iter().any(|c| c.group.as_deref() == Some(name)) {
                return None;
            }
            i += 1;
            continue;
        }
        let end = run_end(terms, i, name);
        let rest = |t: &Term| -> (Vec<crate::ir::Condition>, bool, crate::ir::Action, crate::ir::Modifiers) {
            (t.conditions.iter().filter(|c| c.group.as_deref() != Some(name)).cloned().collect(), t.inactive, t.action.clone(), t.modifiers.clone())
        };
        let first = rest(&terms[i]);
        let mut svcs = Vec::with_capacity(end - i);
        for t in &terms[i..end] {
            if rest(t) != first {
                return None;
            }
            more_than_protocols |= t.conditions.iter().any(|c| c.key != Key::Protocol && c.group.as_deref() == Some(name));
            svcs.push(svc_of(t, name)?);
        }
        more_than_protocols |= end - i > 1;
        if found.as_ref().map(|f| *f != svcs).unwrap_or(false) {
            return None;
        }
        found = Some(svcs);
        i = end;
    }
    found.filter(|_| more_than_protocols)
}

/// Can this style write this definition?
fn expressible(style: GroupStyle, d: &Def) -> bool {
    match (style, d) {
        (GroupStyle::None, _) => false,
        (_, Def::Net(a)) if a.is_empty() => false,
        (GroupStyle::Nxos, Def::Net(a)) | (GroupStyle::Xr, Def::Net(a)) => a.iter().all(|x| x.net.v6 == a[0].net.v6 && !x.except && !x.inactive) && (style == GroupStyle::Nxos || a.iter().all(|x| x.wildcard.is_none())),
        (GroupStyle::IosXe, Def::Net(a)) => a.iter().all(|x| !x.net.v6 && x.wildcard.is_none() && !x.except && !x.inactive),
        (GroupStyle::Asa, Def::Net(a)) => a.iter().all(|x| x.wildcard.is_none() && !x.except && !x.inactive),
        (GroupStyle::IosXe, _) => false,
        (_, Def::Port(r)) => !r.is_empty(),
        (GroupStyle::Asa, Def::Proto(r)) => !r.is_empty(),
        (_, Def::Proto(_)) => false,
        (GroupStyle::Asa, Def::Service(v)) => !v.is_empty(),
        (_, Def::Service(_)) => false,
    }
}

/// The groups `acl` keeps in `style` (name, definition; in order of first use), and the ACL to
/// write: `acl` itself, or a copy in which the references that cannot be kept are dropped (their
/// values are written instead). A name used with different values (a service group spread over
/// several terms, say) is not kept.
pub fn prepare(acl: &Acl, style: GroupStyle) -> (Cow<'_, Acl>, Vec<(String, Def)>) {
    let mut defs: Vec<(String, Option<Def>)> = Vec::new();
    let mut any = false;
    let mut svc_names: Vec<String> = Vec::new();
    for t in &acl.terms {
        for c in &t.conditions {
            let name = match &c.group {
                Some(n) => n,
                None => continue,
            };
            any = true;
            if style == GroupStyle::Asa && c.key == Key::Protocol && !svc_names.contains(name) && !defs.iter().any(|(n, _)| n == name) {
                if let Some(v) = services(acl, name) {
                    svc_names.push(name.clone());
                    defs.push((name.clone(), Some(Def::Service(v))));
                }
            }
            if svc_names.contains(name) {
                continue;
            }
            let d = match (c.key, &c.values) {
                (Key::SourceAddress | Key::DestinationAddress, Values::Addrs(a)) => Some(Def::Net(a.to_vec())),
                (Key::SourcePort | Key::DestinationPort, Values::Ranges(r)) => Some(Def::Port(r.to_vec())),
                (Key::Protocol, Values::Ranges(r)) => Some(Def::Proto(r.to_vec())),
                _ => None,
            };
            let d = d.filter(|d| !c.except && expressible(style, d));
            match defs.iter_mut().find(|(n, _)| n == name) {
                Some((_, old)) => {
                    if *old != d {
                        *old = None;
                    }
                }
                None => defs.push((name.clone(), d)),
            }
        }
    }
    if !any {
        return (Cow::Borrowed(acl), Vec::new());
    }
    let kept: Vec<(String, Def)> = defs.into_iter().filter_map(|(n, d)| d.map(|d| (n, d))).collect();
    let all_kept = acl.terms.iter().flat_map(|t| &t.conditions).all(|c| c.group.as_ref().map(|g| kept.iter().any(|(n, _)| n == g)).unwrap_or(true));
    if all_kept {
        return (Cow::Borrowed(acl), kept);
    }
    let mut copy = acl.clone();
    for t in copy.terms.iter_mut() {
        for c in t.conditions.iter_mut() {
            if c.group.as_ref().map(|g| !kept.iter().any(|(n, _)| n == g)).unwrap_or(false) {
                c.group = None;
            }
        }
    }
    (Cow::Owned(copy), kept)
}

fn net_member(a: &Address, style: GroupStyle, out: &mut String) {
    let max = a.net.max_len();
    if a.net.len == max && a.wildcard.is_none() {
        out.push_str("host ");
        a.net.write_addr(out);
    } else if let (Some(w), GroupStyle::Nxos) = (a.wildcard, style) {
        a.net.write_addr(out);
        out.push(' ');
        write_v4(out, w);
    } else if !a.net.v6 && matches!(style, GroupStyle::IosXe | GroupStyle::Asa) {
        a.net.write_addr(out);
        out.push(' ');
        write_v4(out, !a.ios_wildcard());
    } else {
        a.net.write_addr(out);
        out.push('/');
        out.push_str(&a.net.len.to_string());
    }
}

fn port_member(lo: u32, hi: u32, out: &mut String) {
    if lo == hi {
        out.push_str(&format!("eq {}", lo));
    } else {
        out.push_str(&format!("range {} {}", lo, hi));
    }
}

fn svc_member(s: &Svc, names: &tables::Names, out: &mut String) {
    let ps: Vec<u32> = s.protocols.iter().flat_map(|&(lo, hi)| lo..=hi).collect();
    match ps.as_slice() {
        [6, 17] => out.push_str("tcp-udp"),
        [58] => out.push_str("icmp6"),
        [p] => out.push_str(&names.protocol_name(*p, false).map(|n| n.to_string()).unwrap_or_else(|| p.to_string())),
        _ => out.push_str("ip"),
    }
    for (word, r) in [(" source ", s.sports), (" destination ", s.dports)] {
        if let Some((lo, hi)) = r {
            out.push_str(word);
            if lo == 0 && hi < 65535 {
                out.push_str(&format!("lt {}", hi + 1));
            } else if hi == 65535 && lo > 0 {
                out.push_str(&format!("gt {}", lo - 1));
            } else {
                port_member(lo, hi, out);
            }
        }
    }
    if let Some((ty, code)) = s.icmp {
        out.push(' ');
        out.push_str(&ty.to_string());
        if let Some(c) = code {
            out.push(' ');
            out.push_str(&c.to_string());
        }
    }
}

/// Writes the definitions of the kept groups (each ends with `exit` where the format has it).
pub fn write_defs(defs: &[(String, Def)], style: GroupStyle, out: &mut String) {
    let names = tables::names(match style {
        GroupStyle::Asa => tables::Vendor::Asa,
        GroupStyle::Nxos => tables::Vendor::Nxos,
        _ => tables::Vendor::Iosxr,
    });
    for (name, d) in defs {
        let (head, member_prefix, numbered) = match (style, d) {
            (GroupStyle::Xr, Def::Net(a)) => (format!("object-group network {} {}", if a[0].net.v6 { "ipv6" } else { "ipv4" }, name), "", false),
            (GroupStyle::Xr, _) => (format!("object-group port {}", name), "", false),
            (GroupStyle::Nxos, Def::Net(a)) => (format!("object-group {} address {}", if a[0].net.v6 { "ipv6" } else { "ip" }, name), "", true),
            (GroupStyle::Nxos, _) => (format!("object-group ip port {}", name), "", true),
            (GroupStyle::IosXe, _) => (format!("object-group network {}", name), "", false),
            (GroupStyle::Asa, Def::Net(_)) => (format!("object-group network {}", name), "network-object ", false),
            (GroupStyle::Asa, Def::Port(_)) => (format!("object-group service {} tcp-udp", name), "port-object ", false),
            (GroupStyle::Asa, Def::Proto(_)) => (format!("object-group protocol {}", name), "protocol-object ", false),
            (GroupStyle::Asa, Def::Service(_)) => (format!("object-group service {}", name), "service-object ", false),
            (GroupStyle::None, _) => continue,
        };
        out.push_str(&head);
        out.push('\n');
        let mut seq = 0;
        let mut line = |out: &mut String, f: &dyn Fn(&mut String)| {
            out.push(' ');
            if numbered {
                seq += 10;
                out.push_str(&seq.to_string());
                out.push(' ');
            }
            out.push_str(member_prefix);
            f(out);
            out.push('\n');
        };
        match d {
            Def::Net(a) => a.iter().for_each(|x| line(out, &|o| net_member(x, style, o))),
            Def::Port(r) => r.iter().for_each(|&(lo, hi)| line(out, &|o| port_member(lo, hi, o))),
            Def::Service(v) => v.iter().for_each(|x| line(out, &|o| svc_member(x, &names, o))),
            Def::Proto(r) => {
                for &(lo, hi) in r {
                    for p in lo..=hi {
                        let name = if p == 58 { Some("icmp6") } else { names.protocol_name(p, false) };
                        line(out, &|o| o.push_str(&name.map(|s| s.to_string()).unwrap_or_else(|| p.to_string())));
                    }
                }
            }
        }
        if style != GroupStyle::Asa {
            out.push_str("exit\n");
        }
    }
}
