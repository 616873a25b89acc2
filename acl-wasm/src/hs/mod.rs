//! Header-space analysis: ACLs as exact sets of packets.
//!
//! A packet is a point of a space per address family (`space`): protocol, addresses, ports,
//! ICMP type and code, TCP flags, DSCP, fragment, length, TTL, plus one boolean per condition the
//! engine cannot resolve (a prefix list). Sets of packets are binary decision diagrams (`bdd`);
//! each term's set follows the checker's semantics (`term`). On top (`region`): which term decides
//! each part of a region (first match wins), where two ACLs decide differently, and which terms
//! no packet reaches. `boxes` writes sets out as boxes of prefixes and ranges with an example
//! packet. ABI.md §4 describes the `acl_hs` export (`abi`).

pub mod abi;
pub mod bdd;
pub mod boxes;
pub mod region;
pub mod space;
pub mod term;

use crate::addr::{parse_prefix, Address};
use crate::ir::Acl;
use boxes::{Example, HsBox};
use serde::{Deserialize, Serialize};
use space::{Field, Space};
use term::{BBox, HsAcl};

/// The family an ACL applies to in comparisons: its own (Junos `family`, `ipv6 access-list`),
/// else IPv6 when every address is IPv6, else IPv4.
pub fn applies_v6(acl: &Acl) -> bool {
    if term::other_family(acl, false) {
        return true;
    }
    if term::other_family(acl, true) {
        return false;
    }
    acl.is_ipv6()
}

/// Output limits.
#[derive(Deserialize, Clone, Copy, Debug)]
#[serde(default, rename_all = "camelCase")]
pub struct Limits {
    /// Most regions (differences, parts) listed.
    pub regions: usize,
    /// Most boxes per region.
    pub boxes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { regions: 100, boxes: 16 }
    }
}

/// One ACL's decision in a region.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Index in `Acl.terms`, or -1 for the implicit deny (or an ACL of the other family).
    pub term: i32,
    /// Permitted?
    pub permitted: bool,
}

/// A set written out: its family, boxes and an example packet.
#[derive(Serialize, Clone, Debug)]
pub struct Region {
    /// 4 or 6.
    pub family: u8,
    /// The boxes (their union is the set, unless `truncated`).
    pub boxes: Vec<HsBox>,
    /// Some boxes were left out (see `Limits::boxes`).
    pub truncated: bool,
    /// One packet of the set.
    pub example: Example,
}

fn region(s: &Space, n: bdd::Node, lim: &Limits) -> Option<Region> {
    let example = boxes::example(s, n)?;
    let (b, truncated) = boxes::boxes(s, n, lim.boxes.max(1));
    Some(Region { family: if s.v6 { 6 } else { 4 }, boxes: b, truncated, example })
}

/// Where two ACLs decide differently.
#[derive(Serialize, Clone, Debug)]
pub struct Difference {
    /// The old ACL's decision.
    pub old: Decision,
    /// The new ACL's decision.
    pub new: Decision,
    /// The packets.
    #[serde(flatten)]
    pub region: Region,
}

/// The result of [`compare`].
#[derive(Serialize, Clone, Debug)]
pub struct Comparison {
    /// No packet is decided differently.
    pub equivalent: bool,
    /// The differences, by deciding terms.
    pub differences: Vec<Difference>,
    /// More differences exist than listed.
    pub truncated: bool,
}

/// The exact difference of two ACLs, each in the family it applies to ([`applies_v6`]); in the
/// other family an ACL denies every packet.
pub fn compare(old: &Acl, new: &Acl, lim: &Limits) -> Result<Comparison, String> {
    let (fo, fnew) = (applies_v6(old), applies_v6(new));
    let mut out = Comparison { equivalent: true, differences: Vec::new(), truncated: false };
    for v6 in [false, true] {
        if fo != v6 && fnew != v6 {
            continue;
        }
        let mut s = Space::new(v6);
        let mut a = HsAcl::new(&mut s, old, fo == v6)?;
        let mut b = HsAcl::new(&mut s, new, fnew == v6)?;
        for d in region::diff(&mut s, &mut a, &mut b)? {
            out.equivalent = false;
            if out.differences.len() >= lim.regions {
                out.truncated = true;
                break;
            }
            if let Some(r) = region(&s, d.set, lim) {
                out.differences.push(Difference {
                    old: Decision { term: d.old.term, permitted: d.old.permit },
                    new: Decision { term: d.new.term, permitted: d.new.permit },
                    region: r,
                });
            }
        }
    }
    Ok(out)
}

/// A region of packets to check (JSON; every field optional, absent = any value).
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Query {
    /// 4 or 6; by default the family of the addresses given, or both.
    pub family: Option<u8>,
    /// Source prefixes or addresses.
    pub src: Option<Vec<String>>,
    /// Destination prefixes or addresses.
    pub dst: Option<Vec<String>>,
    /// Protocol ranges.
    pub protocol: Option<Vec<(u32, u32)>>,
    /// Source port ranges.
    pub sport: Option<Vec<(u32, u32)>>,
    /// Destination port ranges.
    pub dport: Option<Vec<(u32, u32)>>,
    /// ICMP type ranges.
    pub icmp_type: Option<Vec<(u32, u32)>>,
    /// ICMP code ranges.
    pub icmp_code: Option<Vec<(u32, u32)>>,
    /// TCP flag values (0-63).
    pub tcp_flags: Option<Vec<(u32, u32)>>,
    /// DSCP ranges.
    pub dscp: Option<Vec<(u32, u32)>>,
    /// Fragment values (offset * 2 + more-fragments).
    pub fragment: Option<Vec<(u32, u32)>>,
    /// Packet length ranges.
    pub packet_length: Option<Vec<(u32, u32)>>,
    /// TTL ranges.
    pub ttl: Option<Vec<(u32, u32)>>,
}

fn prefixes(list: &Option<Vec<String>>, what: &str) -> Result<Option<Vec<Address>>, String> {
    let list = match list {
        Some(l) => l,
        None => return Ok(None),
    };
    let mut out = Vec::new();
    for p in list {
        let net = parse_prefix(p).map_err(|e| format!("{}: {}", what, e))?;
        out.push(Address::plain(net));
    }
    Ok(Some(out))
}

impl Query {
    /// The families the query covers.
    fn families(&self) -> Result<Vec<bool>, String> {
        let mut fams: Vec<bool> = Vec::new();
        for p in self.src.iter().chain(self.dst.iter()).flatten() {
            let v6 = p.contains(':');
            if !fams.contains(&v6) {
                fams.push(v6);
            }
        }
        match self.family {
            Some(4) | Some(6) => {
                let v6 = self.family == Some(6);
                if fams.iter().any(|&f| f != v6) {
                    return Err(format!("the addresses are not all IPv{}", if v6 { 6 } else { 4 }));
                }
                Ok(vec![v6])
            }
            Some(f) => Err(format!("family {} is not 4 or 6", f)),
            None if fams.is_empty() => Ok(vec![false, true]),
            None if fams.len() == 2 => Err("the source and destination are of different families".into()),
            None => Ok(fams),
        }
    }

    /// The set and its bounding box in one family.
    fn set(&self, s: &mut Space) -> Result<(bdd::Node, BBox), String> {
        let mut acc = bdd::TRUE;
        let mut bbox = BBox::full(s);
        for (f, list) in [(Field::Src, prefixes(&self.src, "src")?), (Field::Dst, prefixes(&self.dst, "dst")?)] {
            if let Some(l) = list {
                let x = term::addr_set(s, f, &l);
                acc = s.bdd.and(acc, x);
                let full = s.full(f);
                let lo = l.iter().map(|a| a.net.addr).min().unwrap_or(1);
                let hi = l.iter().map(|a| a.net.addr | (!crate::addr::mask(s.v6, a.net.len) & full)).max().unwrap_or(0);
                bbox.narrow(f, lo, hi);
            }
        }
        let nums = [
            (Field::Proto, &self.protocol),
            (Field::SPort, &self.sport),
            (Field::DPort, &self.dport),
            (Field::IcmpType, &self.icmp_type),
            (Field::IcmpCode, &self.icmp_code),
            (Field::Flags, &self.tcp_flags),
            (Field::Dscp, &self.dscp),
            (Field::Frag, &self.fragment),
            (Field::Length, &self.packet_length),
            (Field::Ttl, &self.ttl),
        ];
        for (f, r) in nums {
            if let Some(r) = r {
                let max = s.full(f) as u32;
                if let Some(&(lo, hi)) = r.iter().find(|&&(lo, hi)| lo > hi || hi > max) {
                    return Err(format!("{} range {}-{} is outside 0-{}", f.name(), lo, hi, max));
                }
                let x = s.ranges(f, r);
                acc = s.bdd.and(acc, x);
                if let (Some(lo), Some(hi)) = (r.iter().map(|x| x.0).min(), r.iter().map(|x| x.1).max()) {
                    bbox.narrow(f, lo as u128, hi as u128);
                }
            }
        }
        Ok((acc, bbox))
    }
}

/// One part of a queried region and the term deciding it.
#[derive(Serialize, Clone, Debug)]
pub struct QueryPart {
    /// The decision.
    #[serde(flatten)]
    pub decision: Decision,
    /// The packets.
    #[serde(flatten)]
    pub region: Region,
}

/// The result of [`query`].
#[derive(Serialize, Clone, Debug)]
pub struct QueryResult {
    /// `all`, `none`, `part`, or `empty` when the region holds no packet.
    pub permitted: &'static str,
    /// The parts in term order (implicit deny last).
    pub parts: Vec<QueryPart>,
    /// More parts exist than listed.
    pub truncated: bool,
}

/// Which terms decide which parts of a region (the checker's family rule: an ACL tied to the
/// other family denies the packets of this one).
pub fn query(acl: &Acl, q: &Query, lim: &Limits) -> Result<QueryResult, String> {
    let mut out = QueryResult { permitted: "empty", parts: Vec::new(), truncated: false };
    let (mut some_permit, mut some_deny) = (false, false);
    for v6 in q.families()? {
        let mut s = Space::new(v6);
        let (set, bbox) = q.set(&mut s)?;
        let mut h = HsAcl::new(&mut s, acl, !term::other_family(acl, v6))?;
        for p in region::decide(&mut s, &mut h, set, &bbox)? {
            if p.permit {
                some_permit = true;
            } else {
                some_deny = true;
            }
            if out.parts.len() >= lim.regions {
                out.truncated = true;
                continue;
            }
            if let Some(r) = region(&s, p.set, lim) {
                out.parts.push(QueryPart { decision: Decision { term: p.term, permitted: p.permit }, region: r });
            }
        }
    }
    out.permitted = match (some_permit, some_deny) {
        (true, true) => "part",
        (true, false) => "all",
        (false, true) => "none",
        (false, false) => "empty",
    };
    Ok(out)
}

/// A term no packet reaches, and the earlier terms that take its packets.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct UnreachableTerm {
    /// Index in `Acl.terms`.
    pub term: i32,
    /// The shadowing terms, in order; empty when the term matches no packet at all.
    pub shadowed_by: Vec<i32>,
}

/// Every active term no packet of the ACL's family ([`applies_v6`]) reaches.
pub fn unreachable(acl: &Acl) -> Result<Vec<UnreachableTerm>, String> {
    let v6 = applies_v6(acl);
    let mut s = Space::new(v6);
    let mut h = HsAcl::new(&mut s, acl, true)?;
    let mut out = Vec::new();
    for k in 0..h.terms.len() {
        if let Some(by) = region::reach(&mut s, &mut h, k)? {
            out.push(UnreachableTerm { term: h.terms[k].idx, shadowed_by: by });
        }
    }
    Ok(out)
}
