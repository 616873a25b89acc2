//! Sets written out for people: a set as a short list of boxes (per field, a list of address
//! prefixes or of number ranges; a field that is not listed takes any value), and one example
//! packet of a set.
//!
//! The boxes come from the field structure of the diagram: at each field, the values leading to
//! the same rest of the diagram form one entry, so `tcp dport 1024-65535` is one box, not the
//! six prefixes the diagram's paths spell.

use super::bdd::{Node, FALSE, TRUE};
use super::space::{Field, Space};
use serde::Serialize;
use std::collections::BTreeMap;
use std::net::Ipv6Addr;

/// One field's values in a box.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(untagged)]
pub enum Values {
    /// Prefixes (`10.0.0.0/8`) or address/mask patterns (`10.0.0.1/255.0.255.255`).
    Addrs(Vec<String>),
    /// Inclusive ranges.
    Ranges(Vec<(u128, u128)>),
}

/// A box: the product of its fields' values.
#[derive(Serialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct HsBox {
    /// Constrained fields (JSON names; absent = any value).
    #[serde(flatten)]
    pub fields: BTreeMap<&'static str, Values>,
    /// Conditions the engine cannot resolve, with the value they take in this box.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub conditions: BTreeMap<String, bool>,
}

/// The boxes of a set (at most `limit`; the flag says whether some were left out).
pub fn boxes(s: &Space, n: Node, limit: usize) -> (Vec<HsBox>, bool) {
    let mut out = Vec::new();
    let mut truncated = false;
    rec(s, n, 0, &mut HsBox::default(), &mut out, limit, &mut truncated);
    (out, truncated)
}

/// Most patterns listed for one field of one box.
const MAX_PATTERNS: usize = 256;

fn rec(s: &Space, n: Node, fi: usize, cur: &mut HsBox, out: &mut Vec<HsBox>, limit: usize, truncated: &mut bool) {
    if n == FALSE {
        return;
    }
    if out.len() >= limit {
        *truncated = true;
        return;
    }
    if fi == Field::ALL.len() {
        let mut paths = Vec::new();
        opaque_paths(s, n, &mut Vec::new(), &mut paths);
        for p in paths {
            if out.len() >= limit {
                *truncated = true;
                return;
            }
            let mut b = cur.clone();
            for (v, bit) in p {
                let name = s.opaque_names[(v - s.field_vars()) as usize].clone();
                b.conditions.insert(name, bit);
            }
            out.push(b);
        }
        return;
    }
    let f = Field::ALL[fi];
    let vars = s.vars(f);
    let (first, last) = (vars[0], vars[vars.len() - 1]);
    // exits of this field, in first-seen order, each with the patterns leading there
    let mut exits: Vec<(Node, Vec<(u128, u128)>)> = Vec::new();
    let mut stack = vec![(n, 0u128, 0u128)];
    let w = f.width(s.v6);
    while let Some((x, value, care)) = stack.pop() {
        let v = s.bdd.var(x);
        if x <= TRUE || v > last {
            if x == FALSE {
                continue;
            }
            match exits.iter_mut().find(|e| e.0 == x) {
                Some(e) => {
                    if e.1.len() < MAX_PATTERNS {
                        e.1.push((value, care));
                    } else {
                        *truncated = true;
                    }
                }
                None => exits.push((x, vec![(value, care)])),
            }
            continue;
        }
        debug_assert!(v >= first);
        let bit = 1u128 << (w - 1 - (v - first));
        let (lo, hi) = s.bdd.children(x);
        stack.push((hi, value | bit, care | bit));
        stack.push((lo, value, care | bit));
    }
    for (e, pats) in exits {
        if out.len() >= limit {
            *truncated = true;
            return;
        }
        let key = f.name();
        let full = pats.iter().any(|p| p.1 == 0);
        if !full {
            cur.fields.insert(key, values(s, f, &pats, truncated));
        }
        rec(s, e, fi + 1, cur, out, limit, truncated);
        cur.fields.remove(key);
    }
}

fn opaque_paths(s: &Space, n: Node, cur: &mut Vec<(u32, bool)>, out: &mut Vec<Vec<(u32, bool)>>) {
    if n == FALSE || out.len() >= 64 {
        return;
    }
    if n == TRUE {
        out.push(cur.clone());
        return;
    }
    let v = s.bdd.var(n);
    let (lo, hi) = s.bdd.children(n);
    cur.push((v, false));
    opaque_paths(s, lo, cur, out);
    cur.pop();
    cur.push((v, true));
    opaque_paths(s, hi, cur, out);
    cur.pop();
}

fn values(s: &Space, f: Field, pats: &[(u128, u128)], truncated: &mut bool) -> Values {
    let full = s.full(f);
    if matches!(f, Field::Src | Field::Dst) {
        let mut v: Vec<(u128, u128)> = pats.to_vec();
        v.sort_unstable();
        return Values::Addrs(v.iter().map(|&(value, care)| addr_text(s.v6, value, care, full)).collect());
    }
    let mut r: Vec<(u128, u128)> = Vec::new();
    for &(value, care) in pats {
        let free = !care & full;
        // the free bits above the lowest cared-for bit are enumerated; those below form a range
        let low = if care == 0 { full } else { (care & care.wrapping_neg()) - 1 };
        let high_free = free & !low;
        let mut sub = high_free;
        loop {
            let base = (value & care) | sub;
            r.push((base, base | low));
            if r.len() > MAX_PATTERNS * 4 {
                *truncated = true;
                break;
            }
            if sub == 0 {
                break;
            }
            sub = (sub - 1) & high_free;
        }
    }
    r.sort_unstable();
    let mut merged: Vec<(u128, u128)> = Vec::new();
    for (lo, hi) in r {
        match merged.last_mut() {
            Some(m) if lo <= m.1.saturating_add(1) => m.1 = m.1.max(hi),
            _ => merged.push((lo, hi)),
        }
    }
    Values::Ranges(merged)
}

fn addr(v6: bool, a: u128) -> String {
    if v6 {
        Ipv6Addr::from(a).to_string()
    } else {
        let mut s = String::new();
        crate::addr::write_v4(&mut s, a as u32);
        s
    }
}

/// `10.0.0.0/8` when the cared-for bits are leading ones, else `10.0.0.1/255.0.255.255`.
pub fn addr_text(v6: bool, value: u128, care: u128, full: u128) -> String {
    let len = care.count_ones();
    let w = full.count_ones();
    let m = if len == 0 { 0 } else { (full << (w - len)) & full };
    if care == m {
        format!("{}/{}", addr(v6, value & care), len)
    } else {
        format!("{}/{}", addr(v6, value & care), addr(v6, care))
    }
}

/// An example packet.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    /// 4 or 6.
    pub family: u8,
    /// Source address.
    pub src: String,
    /// Destination address.
    pub dst: String,
    /// Protocol number.
    pub protocol: u32,
    /// Source port (tcp, udp, sctp).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sport: Option<u32>,
    /// Destination port (tcp, udp, sctp).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dport: Option<u32>,
    /// ICMP type (ICMP, ICMPv6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icmp_type: Option<u32>,
    /// ICMP code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icmp_code: Option<u32>,
    /// TCP flags (tcp).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tcp_flags: Option<u32>,
    /// DSCP, when the set depends on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dscp: Option<u32>,
    /// Fragment offset * 2 + more-fragments, when the set depends on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fragment: Option<u32>,
    /// Packet length, when the set depends on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packet_length: Option<u32>,
    /// TTL, when the set depends on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u32>,
    /// Unresolved conditions the set depends on, with their value for this packet.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub conditions: BTreeMap<String, bool>,
}

fn preferred(f: Field) -> u128 {
    match f {
        Field::Proto => 6,
        Field::Src | Field::Dst => 1,
        Field::SPort => 49152,
        Field::DPort => 443,
        Field::IcmpType => 8,
        Field::Flags => 2,
        Field::Length => 64,
        Field::Ttl => 64,
        _ => 0,
    }
}

/// One packet of a non-empty set: the unfragmented SYN of the lowest addresses (ending in .1),
/// tcp, source port 49152 and destination port 443 where the set allows, else the nearest.
pub fn example(s: &Space, n: Node) -> Option<Example> {
    let prefer = |v: u32| match s.field_of(v) {
        Some((f, bit)) => (preferred(f) >> bit) & 1 == 1,
        None => true,
    };
    let path = s.bdd.pick(n, prefer)?;
    let mut vals = [0u128; 12];
    for f in Field::ALL {
        vals[f as usize] = preferred(f) & s.full(f);
    }
    let mut conditions = BTreeMap::new();
    for (v, bit) in path {
        match s.field_of(v) {
            Some((f, w)) => {
                let x = &mut vals[f as usize];
                *x = (*x & !(1u128 << w)) | ((bit as u128) << w);
            }
            None => {
                conditions.insert(s.opaque_names[(v - s.field_vars()) as usize].clone(), bit);
            }
        }
    }
    let support = s.bdd.support(n);
    let depends = |f: Field| support.iter().any(|&v| s.field_of(v).map(|x| x.0) == Some(f));
    let get = |f: Field| vals[f as usize] as u32;
    let proto = get(Field::Proto);
    let ports = matches!(proto, 6 | 17 | 132);
    let icmp = matches!(proto, 1 | 58);
    let opt = |f: Field, when: bool| if when { Some(get(f)) } else { None };
    Some(Example {
        family: if s.v6 { 6 } else { 4 },
        src: addr(s.v6, vals[Field::Src as usize]),
        dst: addr(s.v6, vals[Field::Dst as usize]),
        protocol: proto,
        sport: opt(Field::SPort, ports),
        dport: opt(Field::DPort, ports),
        icmp_type: opt(Field::IcmpType, icmp),
        icmp_code: opt(Field::IcmpCode, icmp),
        tcp_flags: opt(Field::Flags, proto == 6),
        dscp: opt(Field::Dscp, depends(Field::Dscp)),
        fragment: opt(Field::Frag, depends(Field::Frag)),
        packet_length: opt(Field::Length, depends(Field::Length)),
        ttl: opt(Field::Ttl, depends(Field::Ttl)),
        conditions,
    })
}
