//! Shared IOS-family entry rendering: one term → one or more `permit|deny ...` entries (the cross
//! product of multi-valued fields), used by ios, ios-named, iosxr, brocade and eos.

use super::caps::Checker;
use crate::addr::{write_v4, Address};
use crate::diag::Diagnostic;
use crate::ir::{Acl, ActionKind, Comment, CommentStyle, Condition, Key, Source, Term};
use crate::tables;

/// Rendering flavour.
#[derive(Clone, Copy)]
pub struct Flavor {
    /// IPv6 list.
    pub v6: bool,
    /// Print contiguous IPv4 prefixes as `A/len` (EOS).
    pub slash: bool,
    /// Standard list (source address only).
    pub standard: bool,
    /// Name of "any protocol" (`ip`, `ipv4`, `ipv6`).
    pub any_proto: &'static str,
    /// How object-group references are written (conditions whose group is kept; see
    /// [`super::groups::prepare`]).
    pub groups: GroupStyle,
    /// ASA: netmasks, `any4` / `any6` for prefixes of length 0, `icmp6`.
    pub asa: bool,
    /// Any address (a missing address condition): `any` (ASA: `any4` / `any6` in a list tied to
    /// one family).
    pub any: &'static str,
    /// Whose names to write (protocols, ICMP messages).
    pub names: tables::Names,
    /// Which tcp-flags forms to write (the caps check has refused the others).
    pub flags: crate::check::flags::FlagForms,
}

/// The object-group syntax of a format.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GroupStyle {
    /// No groups: their members are written.
    None,
    /// IOS-XR (and Capirca's form): `net-group N`, `port-group N`.
    Xr,
    /// NX-OS: `addrgroup N`, `portgroup N`.
    Nxos,
    /// IOS-XE: `object-group N` for IPv4 network groups.
    IosXe,
    /// ASA: `object-group N` for network, port and protocol groups.
    Asa,
}

impl Flavor {
    /// The keyword of a network-group reference.
    pub fn net_ref(self) -> &'static str {
        match self.groups {
            GroupStyle::Xr => "net-group",
            GroupStyle::Nxos => "addrgroup",
            _ => "object-group",
        }
    }

    /// The keyword of a port-group reference.
    pub fn port_ref(self) -> &'static str {
        match self.groups {
            GroupStyle::Xr => "port-group",
            GroupStyle::Nxos => "portgroup",
            _ => "object-group",
        }
    }
}

/// Standard numbered lists.
pub fn is_standard_number(n: &str) -> bool {
    n.parse::<u32>().map(crate::dialects::ios::parse::is_standard_number).unwrap_or(false)
}

/// Does this ACL print as a standard list (source or number)?
pub fn is_standard(acl: &Acl, name: &str, numbered: bool) -> bool {
    if numbered {
        is_standard_number(name)
    } else {
        matches!(acl.source, Source::IosStandard | Source::IosNamedStandard)
    }
}

/// Errors for a standard list that has more than source addresses.
pub fn standard_check(acl: &Acl, format: &str, diags: &mut Vec<Diagnostic>) {
    for (i, t) in acl.terms.iter().enumerate() {
        for c in &t.conditions {
            if c.key != Key::SourceAddress {
                let d = Diagnostic::error("ACL020", format!("match '{}' cannot be expressed in a standard {} access list", c.key.as_str(), format), c.span)
                    .with_hint("use an extended list (100-199, 2000-2699) or a named extended list")
                    .with_term(Some(t.name.clone().unwrap_or_else(|| format!("#{}", i + 1))));
                diags.push(d);
            }
        }
    }
}

fn addr_text(a: Option<&Address>, f: Flavor, out: &mut String) {
    let a = match a {
        None => {
            out.push_str("any");
            return;
        }
        Some(a) => a,
    };
    let max = a.net.max_len();
    if f.asa && a.wildcard.is_none() && a.net.len == 0 {
        out.push_str(if a.net.v6 { "any6" } else { "any4" });
    } else if f.asa && !a.net.v6 && a.net.len != max {
        a.net.write_addr(out);
        out.push(' ');
        write_v4(out, !a.ios_wildcard());
    } else if a.wildcard.is_none() && a.net.len == 0 {
        out.push_str("any");
    } else if a.wildcard.is_none() && a.net.len == max {
        out.push_str("host ");
        a.net.write_addr(out);
    } else if a.net.v6 || (f.slash && a.wildcard.is_none()) {
        a.net.write_addr(out);
        out.push('/');
        out.push_str(&a.net.len.to_string());
    } else {
        a.net.write_addr(out);
        out.push(' ');
        write_v4(out, a.ios_wildcard());
    }
}

/// `eq`/`lt`/`gt`/`range` for one port range (`None` = all ports).
fn port_spec(lo: u32, hi: u32) -> Option<String> {
    Some(if lo == hi {
        format!("eq {}", lo)
    } else if lo == 0 && hi == 65535 {
        return None;
    } else if lo == 0 {
        format!("lt {}", hi + 1)
    } else if hi == 65535 {
        format!("gt {}", lo - 1)
    } else {
        format!("range {} {}", lo, hi)
    })
}

/// Every value of the ranges (IOS has no protocol, ICMP, DSCP or precedence ranges: one entry per
/// value). The capability check bounds the values first ([`max_value`], [`entry_count`]), so
/// nothing is ever dropped here.
fn expand(r: &[(u32, u32)]) -> Vec<u32> {
    let mut v = Vec::with_capacity(values(r) as usize);
    for &(lo, hi) in r {
        v.extend(lo..=hi);
    }
    v
}

fn values(r: &[(u32, u32)]) -> u64 {
    r.iter().map(|&(lo, hi)| (hi as u64 + 1).saturating_sub(lo as u64)).sum()
}

/// Most entries one term may expand to in IOS-family output (beyond this: an error, ACL020).
pub const MAX_ENTRIES: u64 = 65_536;

/// Largest value IOS-family output can print for a range key (`None`: not a range key).
pub fn max_value(k: Key) -> Option<u32> {
    Some(match k {
        Key::Protocol | Key::IcmpType | Key::IcmpCode | Key::Ttl => 255,
        Key::SourcePort | Key::DestinationPort => 65535,
        Key::Dscp => 63,
        Key::Precedence => 7,
        _ => return None,
    })
}

/// How many entries [`entries`] renders for a term (the cross product of multi-valued fields).
pub fn entry_count(t: &Term, standard: bool) -> u64 {
    let n = |k: Key, expanded: bool| -> u64 {
        match t.cond(k) {
            None => 1,
            Some(c) if expanded => values(c.range_values()).max(1),
            Some(c) => (c.range_values().len().max(c.addr_values().len())).max(1) as u64,
        }
    };
    if standard {
        return n(Key::SourceAddress, false);
    }
    let mut total = n(Key::Protocol, true);
    for (k, e) in [
        (Key::SourceAddress, false),
        (Key::SourcePort, false),
        (Key::DestinationAddress, false),
        (Key::DestinationPort, false),
        (Key::IcmpType, true),
        (Key::IcmpCode, true),
        (Key::Dscp, true),
        (Key::Precedence, true),
    ] {
        total = total.saturating_mul(n(k, e));
    }
    total
}

/// `ttl eq N`, `ttl range A B`, ... (empty for no ranges).
pub fn ttl_spec(r: &[(u32, u32)]) -> String {
    match r {
        [(a, b)] if a == b => format!("ttl eq {}", a),
        [(0, b)] => format!("ttl lt {}", b + 1),
        [(a, 255)] => format!("ttl gt {}", a - 1),
        [(0, a), (b, 255)] if *b == a + 2 => format!("ttl neq {}", a + 1),
        [(a, b), ..] => format!("ttl range {} {}", a, b),
        [] => String::new(),
    }
}

/// Renders the entries of a term (without sequence numbers or prefixes).
pub fn entries(t: &Term, f: Flavor) -> Vec<String> {
    let mut slots: Vec<Vec<String>> = Vec::with_capacity(8);
    let action = match t.action.kind {
        ActionKind::Accept => "permit",
        _ => "deny",
    };
    let single = |s: String| vec![s];
    let protos: Vec<String> = match t.cond(Key::Protocol) {
        None => single(f.any_proto.to_string()),
        Some(c) if c.group.is_some() && f.groups == GroupStyle::Asa => single(format!("object-group {}", c.group.as_deref().unwrap_or(""))),
        Some(c) => expand(c.range_values())
            .into_iter()
            .map(|p| {
                if f.asa && p == 58 {
                    "icmp6".to_string()
                } else {
                    f.names.protocol_name(p, f.v6).map(|s| s.to_string()).unwrap_or_else(|| p.to_string())
                }
            })
            .collect(),
    };
    if !f.standard {
        slots.push(protos);
    }
    let addrs = |k: Key| -> Vec<String> {
        match t.cond(k) {
            None => single(if f.standard { String::new() } else { f.any.into() }),
            Some(Condition { group: Some(g), .. }) if f.groups != GroupStyle::None => single(format!("{} {}", f.net_ref(), g)),
            Some(c) => c
                .addr_values()
                .iter()
                .map(|a| {
                    let mut s = String::with_capacity(32);
                    addr_text(Some(a), f, &mut s);
                    s
                })
                .collect(),
        }
    };
    let ports = |k: Key| -> Vec<String> {
        match t.cond(k) {
            None => single(String::new()),
            Some(Condition { group: Some(g), .. }) if f.groups != GroupStyle::None => single(format!("{} {}", f.port_ref(), g)),
            Some(c) => c.range_values().iter().map(|&(lo, hi)| port_spec(lo, hi).unwrap_or_default()).collect(),
        }
    };
    slots.push(if f.standard && t.cond(Key::SourceAddress).is_none() { single(f.any.into()) } else { addrs(Key::SourceAddress) });
    if !f.standard {
        slots.push(ports(Key::SourcePort));
        slots.push(addrs(Key::DestinationAddress));
        slots.push(ports(Key::DestinationPort));
        let types: Vec<Option<u32>> = t.cond(Key::IcmpType).map(|c| expand(c.range_values()).into_iter().map(Some).collect()).unwrap_or_else(|| vec![None]);
        let codes: Vec<Option<u32>> = t.cond(Key::IcmpCode).map(|c| expand(c.range_values()).into_iter().map(Some).collect()).unwrap_or_else(|| vec![None]);
        let mut icmp = Vec::new();
        for ty in &types {
            for co in &codes {
                icmp.push(match (ty, co) {
                    (None, _) => String::new(),
                    (Some(ty), co) => {
                        let name = if f.asa && co.is_some() { None } else { f.names.icmp_name(*ty, *co, f.v6) };
                        match (name, co) {
                            (Some(n), _) => n.to_string(),
                            (None, Some(c)) => format!("{} {}", ty, c),
                            (None, None) => ty.to_string(),
                        }
                    }
                });
            }
        }
        slots.push(icmp);
        for c in t.conditions.iter().filter(|c| c.key == Key::TcpFlags) {
            if c.named.as_deref() == Some("tcp-established") {
                slots.push(single("established".into()));
            } else if let Some(text) = c.name_values().first().and_then(|e| crate::check::flags::ios_text(e, f.flags)) {
                slots.push(single(text));
            }
        }
        for (k, word) in [(Key::Dscp, "dscp"), (Key::Precedence, "precedence")] {
            if let Some(c) = t.cond(k) {
                slots.push(expand(c.range_values()).into_iter().map(|v| format!("{} {}", word, v)).collect());
            }
        }
        if let Some(c) = t.cond(Key::Ttl) {
            slots.push(single(ttl_spec(c.range_values())));
        }
        if t.cond(Key::FragmentOffset).is_some() {
            slots.push(single("fragments".into()));
        }
    }
    if t.modifiers.log_input {
        slots.push(single("log-input".into()));
    } else if t.modifiers.syslog {
        slots.push(single("log".into()));
    }
    let mut out = vec![String::from(action)];
    for slot in slots {
        if slot.len() == 1 {
            let s = &slot[0];
            if !s.is_empty() {
                for o in out.iter_mut() {
                    o.push(' ');
                    o.push_str(s);
                }
            }
            continue;
        }
        let mut next = Vec::with_capacity(out.len() * slot.len());
        for o in &out {
            for s in &slot {
                let mut x = o.clone();
                if !s.is_empty() {
                    x.push(' ');
                    x.push_str(s);
                }
                next.push(x);
            }
        }
        out = next;
    }
    out
}

/// Writes a comment line in IOS style. `remark_prefix` is e.g. `access-list 10 ` or ` `.
pub fn comment(c: &Comment, remark_prefix: &str, out: &mut String) {
    for line in c.text.split('\n') {
        let line = line.trim();
        if c.style == CommentStyle::Remark || (remark_prefix.starts_with(' ') && c.style != CommentStyle::Bang) {
            out.push_str(remark_prefix);
            out.push_str("remark ");
        } else {
            out.push_str("! ");
        }
        out.push_str(line);
        if out.ends_with(' ') {
            out.pop();
        }
        out.push('\n');
    }
}

/// Writes `! text` lines.
pub fn bang(cs: &[Comment], out: &mut String) {
    for c in cs {
        for line in c.text.split('\n') {
            out.push_str("! ");
            out.push_str(line.trim());
            if out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
        }
    }
}

/// Writes a named list's head: its comments as `!` lines, `no HEAD NAME` when replacing, and
/// `HEAD NAME` (`HEAD` is e.g. `ip access-list extended `).
pub fn named_head(acl: &Acl, head: &str, name: &str, replace: bool, out: &mut String) {
    bang(&acl.comments, out);
    if replace {
        out.push_str("no ");
        out.push_str(head);
        out.push_str(name);
        out.push('\n');
    }
    out.push_str(head);
    out.push_str(name);
    out.push('\n');
}

/// Writes named-list entries with sequence numbers (XR, EOS, NX-OS: every entry) or with the
/// terms' own (IOS named). `last` follows the number the device gives each entry (an entry
/// without one is 10 past the highest), so that every number written is above it: the device
/// keeps the entries in the IR's order. A term's own number is written when it is above `last`;
/// the second and later entries of a term written as several (a port group expanded), and a term
/// whose number is not above `last`, take the next multiple of 10 (in IOS named too: unwritten,
/// the device would number it 10 past the highest, perhaps as a later term's own number).
pub fn named_body(acl: &Acl, f: Flavor, numbered_seq: bool, chk: &mut Checker, part: &mut super::Part, out: &mut String) {
    let mut last: u32 = part.seq;
    for (i, t) in acl.terms.iter().enumerate() {
        if !chk.term(i, t) {
            return; // the caller drops the output and reports every error
        }
        for c in &t.comments {
            comment(c, " ", out);
        }
        let explicit = t.seq.or_else(|| t.name.as_deref().and_then(|n| n.parse::<u32>().ok()));
        let (mark, last0) = (out.len(), last);
        out.push(' ');
        if numbered_seq {
            last = match explicit {
                Some(s) if s > last => s,
                _ => (last / 10 + 1) * 10,
            };
            crate::addr::write_u32(out, last);
            out.push(' ');
        } else if let Some(s) = t.seq {
            last = if s > last { s } else { (last / 10 + 1) * 10 };
            crate::addr::write_u32(out, last);
            out.push(' ');
        } else {
            last = last.saturating_add(10);
        }
        if (f.groups == GroupStyle::None || t.conditions.iter().all(|c| c.group.is_none())) && super::ios_entry::write_one(t, f, out) {
            out.push('\n');
            continue;
        }
        out.truncate(mark);
        last = last0;
        for (k, e) in entries(t, f).into_iter().enumerate() {
            out.push(' ');
            if numbered_seq {
                let s = match explicit {
                    Some(s) if k == 0 && s > last => s,
                    _ => (last / 10 + 1) * 10,
                };
                last = s;
                out.push_str(&s.to_string());
                out.push(' ');
            } else if let Some(s) = t.seq {
                last = match k {
                    0 if s > last => s,
                    _ => (last / 10 + 1) * 10,
                };
                crate::addr::write_u32(out, last);
                out.push(' ');
            } else {
                last = last.saturating_add(10);
            }
            out.push_str(&e);
            out.push('\n');
        }
    }
    part.seq = last;
    if part.tail {
        for c in &acl.trailing_comments {
            comment(c, " ", out);
        }
    }
}
