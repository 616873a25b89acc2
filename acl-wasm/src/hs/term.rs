//! Terms as header-space sets: each active term of an ACL compiled, per family, into the exact
//! set of packets it matches (a BDD, built on first use), a bounding box to skip terms that
//! cannot meet a region, and a canonical key that recognises the same term in another ACL (or
//! another dialect) without building its set.
//!
//! The sets follow the checker's semantics (ABI.md "Check semantics"): port conditions match
//! tcp, udp and sctp packets only, ICMP conditions ICMP and ICMPv6 packets, tcp-flags tcp
//! packets; address lists with `except` entries are decided by the longest matching active entry;
//! addresses of the other family never match. Fields the checker cannot know (dscp, precedence,
//! packet length, ttl, fragments) are fields of the space here.

use super::bdd::{Node, FALSE, TRUE};
use super::space::{Field, Space};
use crate::addr::{mask, Address};
use crate::check::flags;
use crate::ir::{Acl, ActionKind, Condition, Family, Key, Source, Term, Values};
use smallvec::SmallVec;

/// What a matching term does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Permitted (accept, routing-instance).
    Permit,
    /// Denied (discard, reject).
    Deny,
    /// Continue with the next term.
    Next,
}

/// Inclusive per-field bounds; a term's set lies inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BBox(pub [(u128, u128); 12]);

impl BBox {
    /// The whole space.
    pub fn full(s: &Space) -> BBox {
        let mut b = [(0u128, 0u128); 12];
        for f in Field::ALL {
            b[f as usize] = (0, s.full(f));
        }
        BBox(b)
    }

    /// Narrows one field.
    pub fn narrow(&mut self, f: Field, lo: u128, hi: u128) {
        let x = &mut self.0[f as usize];
        x.0 = x.0.max(lo);
        x.1 = x.1.min(hi);
    }

    /// Does any field have no value?
    pub fn is_empty(&self) -> bool {
        self.0.iter().any(|&(lo, hi)| lo > hi)
    }

    /// Does this box hold all of `o`?
    #[inline]
    pub fn holds(&self, o: &BBox) -> bool {
        self.0.iter().zip(o.0.iter()).all(|(a, b)| a.0 <= b.0 && b.1 <= a.1)
    }

    /// Do the boxes meet?
    #[inline]
    pub fn meets(&self, o: &BBox) -> bool {
        self.0.iter().zip(o.0.iter()).all(|(a, b)| a.0 <= b.1 && b.0 <= a.1)
    }

    /// The smallest box holding both.
    pub fn hull(&self, o: &BBox) -> BBox {
        let mut b = *self;
        for (x, y) in b.0.iter_mut().zip(o.0.iter()) {
            if y.0 > y.1 {
                continue;
            }
            if x.0 > x.1 {
                *x = *y;
            } else {
                *x = (x.0.min(y.0), x.1.max(y.1));
            }
        }
        b
    }
}

/// One active term of an ACL in one family's space.
#[derive(Clone, Debug)]
pub struct HsTerm {
    /// Index in `Acl.terms`.
    pub idx: i32,
    /// What it does.
    pub outcome: Outcome,
    /// Canonical form: equal keys (same space, same outcome) match the same packets.
    pub key: Vec<u64>,
    /// Bounds of its set.
    pub bbox: BBox,
    /// Its set, once built.
    pub set: Option<Node>,
    /// Its set is exactly its bounding box.
    pub is_box: bool,
}

/// An ACL in one family's space.
pub struct HsAcl<'a> {
    /// The IR.
    pub acl: &'a Acl,
    /// Active terms, in order (`next-term` ones included).
    pub terms: Vec<HsTerm>,
}

const PORT_PROTOS: [(u32, u32); 3] = [(6, 6), (17, 17), (132, 132)];
const ICMP_PROTOS: [(u32, u32); 2] = [(1, 1), (58, 58)];

/// The outcome of an action.
pub fn outcome(kind: ActionKind) -> Outcome {
    match kind {
        ActionKind::Accept | ActionKind::RoutingInstance => Outcome::Permit,
        ActionKind::Discard | ActionKind::Reject => Outcome::Deny,
        ActionKind::NextTerm => Outcome::Next,
    }
}

/// Is the ACL tied to the other family (it then denies every packet of this one)?
pub fn other_family(acl: &Acl, v6: bool) -> bool {
    let fam = match (acl.family, acl.source) {
        (Some(Family::Inet6), _) | (_, Source::Ipv6) => Some(true),
        (Some(Family::Inet), _) => Some(false),
        _ => None,
    };
    fam.map(|f| f != v6).unwrap_or(false)
}

impl<'a> HsAcl<'a> {
    /// Prepares the active terms (keys and boxes; sets are built on demand). An ACL that does
    /// not `apply` to the space's family has no terms there (it denies every packet).
    pub fn new(s: &mut Space, acl: &'a Acl, apply: bool) -> Result<HsAcl<'a>, String> {
        let mut terms = Vec::new();
        if apply {
            // reserved whole: a term with its box is ~450 bytes, and growing the list by doubling
            // copied it over and over (WebAssembly's memcpy is a loop)
            terms.reserve_exact(acl.terms.len());
            let mut scratch = Scratch::default();
            for (i, t) in acl.terms.iter().enumerate() {
                if t.inactive {
                    continue;
                }
                let (key, bbox, is_box) = shape(s, t, &mut scratch).map_err(|e| term_error(acl, i, &e))?;
                terms.push(HsTerm { idx: i as i32, outcome: outcome(t.action.kind), key, bbox, set: None, is_box });
            }
        }
        Ok(HsAcl { acl, terms })
    }

    /// The set of active term `k` (built once).
    pub fn set(&mut self, s: &mut Space, k: usize) -> Result<Node, String> {
        if let Some(n) = self.terms[k].set {
            return Ok(n);
        }
        let i = self.terms[k].idx as usize;
        let n = term_set(s, &self.acl.terms[i]).map_err(|e| term_error(self.acl, i, &e))?;
        self.terms[k].set = Some(n);
        Ok(n)
    }
}

fn term_error(acl: &Acl, i: usize, e: &str) -> String {
    let t = &acl.terms[i];
    match &t.name {
        Some(n) => format!("term '{}' (line {}): {}", n, t.span.line, e),
        None => format!("term #{} (line {}): {}", i + 1, t.span.line, e),
    }
}

/// The packets a term matches.
pub fn term_set(s: &mut Space, t: &Term) -> Result<Node, String> {
    if let Some(n) = separable_set(s, t) {
        return Ok(n);
    }
    let mut acc = TRUE;
    for c in &t.conditions {
        let mut x = cond_set(s, c)?;
        if c.except {
            x = s.bdd.not(x);
        }
        acc = s.bdd.and(acc, x);
        if acc == FALSE {
            break;
        }
    }
    Ok(acc)
}

/// The set of a term whose conditions each test one field (or a port/ICMP field and the
/// protocol): per-field sets intersected, then stacked in variable order (no node is built that
/// the result does not hold). `None` for other terms.
fn separable_set(s: &mut Space, t: &Term) -> Option<Node> {
    let mut per = [TRUE; 12];
    for c in &t.conditions {
        let r = c.range_values();
        let (f, x) = match c.key {
            Key::Protocol => (Field::Proto, s.ranges(Field::Proto, &clamp(r, 255))),
            Key::SourceAddress => (Field::Src, addr_set(s, Field::Src, c.addr_values())),
            Key::DestinationAddress => (Field::Dst, addr_set(s, Field::Dst, c.addr_values())),
            Key::SourcePort | Key::DestinationPort | Key::IcmpType | Key::IcmpCode if !c.except => {
                let (f, protos, max) = match c.key {
                    Key::SourcePort => (Field::SPort, &PORT_PROTOS[..], 65535),
                    Key::DestinationPort => (Field::DPort, &PORT_PROTOS[..], 65535),
                    Key::IcmpType => (Field::IcmpType, &ICMP_PROTOS[..], 255),
                    _ => (Field::IcmpCode, &ICMP_PROTOS[..], 255),
                };
                let p = s.ranges(Field::Proto, protos);
                per[Field::Proto as usize] = s.bdd.and(per[Field::Proto as usize], p);
                (f, s.ranges(f, &clamp(r, max)))
            }
            Key::PacketLength | Key::Dscp | Key::Ttl | Key::IsFragment | Key::FirstFragment | Key::FragmentOffset | Key::Precedence => {
                let f = match c.key {
                    Key::PacketLength => Field::Length,
                    Key::Ttl => Field::Ttl,
                    Key::Dscp | Key::Precedence => Field::Dscp,
                    _ => Field::Frag,
                };
                (f, cond_set(s, c).ok()?)
            }
            _ => return None,
        };
        let x = if c.except { s.bdd.not(x) } else { x };
        per[f as usize] = s.bdd.and(per[f as usize], x);
    }
    let mut acc = TRUE;
    for f in Field::ALL.iter().rev() {
        let x = per[*f as usize];
        if x == FALSE {
            return Some(FALSE);
        }
        acc = s.bdd.stack(x, acc);
    }
    Some(acc)
}

fn clamp(r: &[(u32, u32)], max: u32) -> Vec<(u32, u32)> {
    r.iter().filter(|&&(lo, _)| lo <= max).map(|&(lo, hi)| (lo, hi.min(max))).collect()
}

/// The set of one condition (before its `except`).
pub fn cond_set(s: &mut Space, c: &Condition) -> Result<Node, String> {
    let r = c.range_values();
    Ok(match c.key {
        Key::Protocol => s.ranges(Field::Proto, &clamp(r, 255)),
        Key::SourceAddress => addr_set(s, Field::Src, c.addr_values()),
        Key::DestinationAddress => addr_set(s, Field::Dst, c.addr_values()),
        Key::Address => {
            let a = addr_set(s, Field::Src, c.addr_values());
            let b = addr_set(s, Field::Dst, c.addr_values());
            s.bdd.or(a, b)
        }
        Key::SourcePort | Key::DestinationPort | Key::Port => {
            let p = s.ranges(Field::Proto, &PORT_PROTOS);
            let r = clamp(r, 65535);
            let v = match c.key {
                Key::SourcePort => s.ranges(Field::SPort, &r),
                Key::DestinationPort => s.ranges(Field::DPort, &r),
                _ => {
                    let a = s.ranges(Field::SPort, &r);
                    let b = s.ranges(Field::DPort, &r);
                    s.bdd.or(a, b)
                }
            };
            s.bdd.and(p, v)
        }
        Key::IcmpType | Key::IcmpCode => {
            let p = s.ranges(Field::Proto, &ICMP_PROTOS);
            let f = if c.key == Key::IcmpType { Field::IcmpType } else { Field::IcmpCode };
            let v = s.ranges(f, &clamp(r, 255));
            s.bdd.and(p, v)
        }
        Key::TcpFlags => match c.name_values().first().map(|e| flags::parse(e)) {
            Some(Ok(table)) => {
                let p = s.range(Field::Proto, 6, 6);
                let mut v = FALSE;
                for bits in 0..64u32 {
                    if table >> bits & 1 == 1 {
                        let x = s.range(Field::Flags, bits as u128, bits as u128);
                        v = s.bdd.or(v, x);
                    }
                }
                s.bdd.and(p, v)
            }
            _ => opaque(s, c)?,
        },
        Key::IsFragment => s.range(Field::Frag, 2, u128::MAX),
        Key::FirstFragment => s.range(Field::Frag, 1, 1),
        Key::FragmentOffset => {
            let r: Vec<(u32, u32)> = clamp(r, 8191).iter().map(|&(lo, hi)| (lo * 2, hi * 2 + 1)).collect();
            s.ranges(Field::Frag, &r)
        }
        Key::PacketLength => s.ranges(Field::Length, &clamp(r, 65535)),
        Key::Dscp => s.ranges(Field::Dscp, &clamp(r, 63)),
        Key::Precedence => {
            let r: Vec<(u32, u32)> = clamp(r, 7).iter().map(|&(lo, hi)| (lo * 8, hi * 8 + 7)).collect();
            s.ranges(Field::Dscp, &r)
        }
        Key::Ttl => s.ranges(Field::Ttl, &clamp(r, 255)),
        Key::SourcePrefixList | Key::DestinationPrefixList | Key::PrefixList | Key::IpOptions | Key::FragmentFlags => {
            opaque(s, c)?
        }
    })
}

/// The text an opaque condition is known by (`source-prefix-list EDGE`).
pub fn opaque_text(c: &Condition) -> String {
    let mut t = c.key.as_str().to_string();
    match &c.values {
        Values::Names(n) => {
            for x in n {
                t.push(' ');
                t.push_str(x);
            }
        }
        Values::Ranges(r) => {
            for (lo, hi) in r.iter() {
                if lo == hi {
                    t.push_str(&format!(" {}", lo));
                } else {
                    t.push_str(&format!(" {}-{}", lo, hi));
                }
            }
        }
        Values::Addrs(_) => {}
    }
    t
}

fn opaque(s: &mut Space, c: &Condition) -> Result<Node, String> {
    let text = opaque_text(c);
    match s.opaque_var(&text) {
        Some(v) => Ok(s.bdd.mk(v, FALSE, TRUE)),
        None => Err(format!("more than {} conditions the engine cannot resolve ('{}')", super::space::MAX_OPAQUE, text)),
    }
}

/// `(value, care)` of an address entry, and its length for longest-match order.
fn entry_pattern(s: &Space, a: &Address) -> (u128, u128, u32) {
    match a.wildcard {
        Some(w) => {
            let care = !(w as u128) & 0xffff_ffff;
            (a.net.addr & care, care, 32 - w.count_ones())
        }
        None => (a.net.addr, mask(s.v6, a.net.len), a.net.len as u32),
    }
}

/// An address list: any active entry of this family; with `except` entries, the longest matching
/// entry decides (an `except` entry wins a tie).
pub fn addr_set(s: &mut Space, f: Field, list: &[Address]) -> Node {
    let mut entries: Vec<(u32, bool, u128, u128)> = list
        .iter()
        .filter(|a| !a.inactive && a.net.v6 == s.v6)
        .map(|a| {
            let (v, c, l) = entry_pattern(s, a);
            (l, a.except, v, c)
        })
        .collect();
    entries.sort_by_key(|e| (e.0, e.1));
    let mut acc = FALSE;
    for (_, except, v, c) in entries {
        let p = s.pattern(f, v, c);
        acc = if except { s.bdd.diff(acc, p) } else { s.bdd.or(acc, p) };
    }
    acc
}

/// Buffers [`shape`] reuses from term to term (a key is built with one allocation, its own).
#[derive(Default)]
struct Scratch {
    /// The encodings of a term's conditions, one after the other.
    buf: Vec<u64>,
    /// Where each condition's encoding lies in `buf`.
    conds: Vec<(usize, usize)>,
    /// A condition's ranges, clamped and merged.
    ranges: Vec<(u32, u32)>,
}

/// The canonical key (a condition's encoding starts with its key id, negation and length), the
/// bounding box, and whether the set is exactly that box (single prefixes and ranges, ports and
/// ICMP fields with one protocol of their kind).
fn shape(s: &mut Space, t: &Term, x: &mut Scratch) -> Result<(Vec<u64>, BBox, bool), String> {
    let mut bbox = BBox::full(s);
    x.buf.clear();
    x.conds.clear();
    let mut empty = false;
    let mut is_box = true;
    let mut needs: Option<&[(u32, u32)]> = None;
    for c in &t.conditions {
        let single = !c.except && c.range_values().len() == 1;
        is_box &= match c.key {
            Key::Protocol | Key::Dscp | Key::PacketLength | Key::Ttl => single,
            Key::SourcePort | Key::DestinationPort => {
                needs = Some(&PORT_PROTOS);
                single
            }
            Key::IcmpType | Key::IcmpCode => {
                needs = Some(&ICMP_PROTOS);
                single
            }
            Key::SourceAddress | Key::DestinationAddress => {
                let mut es = c.addr_values().iter().filter(|a| !a.inactive && a.net.v6 == s.v6);
                !c.except && matches!((es.next(), es.next()), (Some(a), None) if a.wildcard.is_none() && !a.except)
            }
            _ => false,
        };
        let start = x.buf.len();
        x.buf.extend_from_slice(&[c.key as u64, c.except as u64]);
        match c.key {
            Key::SourceAddress | Key::DestinationAddress | Key::Address => {
                let mut es: SmallVec<[(u128, u128, u32, bool); 4]> = c
                    .addr_values()
                    .iter()
                    .filter(|a| !a.inactive && a.net.v6 == s.v6)
                    .map(|a| {
                        let (v, m, l) = entry_pattern(s, a);
                        (v, m, l, a.except)
                    })
                    .collect();
                es.sort_unstable();
                es.dedup();
                let plain = es.iter().all(|e| !e.3);
                if es.is_empty() {
                    // no entry of this family: the condition never holds (or always, negated)
                    if c.except {
                        x.buf.truncate(start);
                        continue;
                    }
                    empty = true;
                    break;
                }
                if plain && !c.except && es.iter().any(|e| e.1 == 0) {
                    x.buf.truncate(start);
                    continue; // holds for every address
                }
                if !c.except && c.key != Key::Address {
                    let f = if c.key == Key::SourceAddress { Field::Src } else { Field::Dst };
                    let lo = es.iter().filter(|e| !e.3).map(|e| e.0 & e.1).min().unwrap_or(1);
                    let hi = es.iter().filter(|e| !e.3).map(|e| e.0 | (!e.1 & s.full(f))).max().unwrap_or(0);
                    bbox.narrow(f, lo, hi);
                }
                for (v, m, _, e) in es {
                    x.buf.extend_from_slice(&[(v >> 64) as u64, v as u64, (m >> 64) as u64, m as u64, e as u64]);
                }
            }
            Key::TcpFlags => match c.name_values().first().map(|e| flags::parse(e)) {
                Some(Ok(table)) => {
                    x.buf.push(table);
                    if !c.except {
                        bbox.narrow(Field::Proto, 6, 6);
                    }
                }
                _ => {
                    let v = opaque(s, c)?;
                    x.buf.extend_from_slice(&[u64::MAX, v as u64]);
                }
            },
            Key::SourcePrefixList | Key::DestinationPrefixList | Key::PrefixList | Key::IpOptions | Key::FragmentFlags => {
                let v = opaque(s, c)?;
                x.buf.push(v as u64);
            }
            _ => {
                let (f, max) = match c.key {
                    Key::Protocol => (Some(Field::Proto), 255),
                    Key::SourcePort => (Some(Field::SPort), 65535),
                    Key::DestinationPort => (Some(Field::DPort), 65535),
                    Key::IcmpType => (Some(Field::IcmpType), 255),
                    Key::IcmpCode => (Some(Field::IcmpCode), 255),
                    Key::PacketLength => (Some(Field::Length), 65535),
                    Key::Dscp => (Some(Field::Dscp), 63),
                    Key::Ttl => (Some(Field::Ttl), 255),
                    Key::FragmentOffset => (None, 8191),
                    Key::Precedence => (None, 7),
                    _ => (None, 65535),
                };
                let r = &mut x.ranges;
                r.clear();
                r.extend(c.range_values().iter().filter(|&&(lo, _)| lo <= max).map(|&(lo, hi)| (lo, hi.min(max))));
                crate::ir::normalize_ranges(r);
                if c.key == Key::Protocol && !c.except && r[..] == [(0, 255)] {
                    x.buf.truncate(start);
                    continue;
                }
                if !c.except {
                    if let (Some(f), Some(lo), Some(hi)) = (f, r.first(), r.last()) {
                        bbox.narrow(f, lo.0 as u128, hi.1 as u128);
                    }
                    if r.is_empty() && c.key != Key::IsFragment && c.key != Key::FirstFragment {
                        empty = true;
                    }
                    match c.key {
                        Key::SourcePort | Key::DestinationPort | Key::Port => bbox.narrow(Field::Proto, 6, 132),
                        Key::IcmpType | Key::IcmpCode => bbox.narrow(Field::Proto, 1, 58),
                        _ => {}
                    }
                }
                x.buf.extend(r.iter().map(|&(lo, hi)| ((lo as u64) << 32) | hi as u64));
            }
        }
        // the encoding's length (without this word) goes third
        let len = x.buf.len() - start;
        x.buf.insert(start + 2, len as u64);
        x.conds.push((start, x.buf.len()));
    }
    if empty || bbox.is_empty() {
        return Ok((vec![u64::MAX], bbox, false));
    }
    if let Some(protos) = needs {
        let p = bbox.0[Field::Proto as usize];
        is_box &= p.0 == p.1 && protos.iter().any(|x| x.0 as u128 == p.0);
    }
    // the conditions in a canonical order, each once
    let buf = &x.buf;
    x.conds.sort_unstable_by(|a, b| buf[a.0..a.1].cmp(&buf[b.0..b.1]));
    x.conds.dedup_by(|a, b| buf[a.0..a.1] == buf[b.0..b.1]);
    let mut key = Vec::with_capacity(x.conds.iter().map(|c| c.1 - c.0).sum());
    for &(a, b) in &x.conds {
        key.extend_from_slice(&buf[a..b]);
    }
    Ok((key, bbox, is_box))
}
