//! Object groups in output. A condition read from a group carries the group's name
//! ([`crate::ir::Condition::group`]) and its resolved members as values. A format with groups
//! writes the reference (`net-group N`, `addrgroup N`, `object-group N`) and, before the list,
//! the group's definition built from those values; a format without groups (or a group the
//! format cannot express) writes the values, as any other condition.

use super::ios_common::GroupStyle;
use crate::addr::{write_v4, Address};
use crate::ir::{Acl, Key, Values};
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
    }
}

/// The groups `acl` keeps in `style` (name, definition; in order of first use), and the ACL to
/// write: `acl` itself, or a copy in which the references that cannot be kept are dropped (their
/// values are written instead). A name used with different values (a service group spread over
/// several terms, say) is not kept.
pub fn prepare(acl: &Acl, style: GroupStyle) -> (Cow<'_, Acl>, Vec<(String, Def)>) {
    let mut defs: Vec<(String, Option<Def>)> = Vec::new();
    let mut any = false;
    for t in &acl.terms {
        for c in &t.conditions {
            let name = match &c.group {
                Some(n) => n,
                None => continue,
            };
            any = true;
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

/// Writes the definitions of the kept groups (each ends with `exit` where the format has it).
pub fn write_defs(defs: &[(String, Def)], style: GroupStyle, out: &mut String) {
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
            Def::Proto(r) => {
                for &(lo, hi) in r {
                    for p in lo..=hi {
                        let name = if p == 58 { Some("icmp6") } else { tables::names(tables::Vendor::Asa).protocol_name(p, false) };
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
