//! Relations between terms under first-match semantics (ABI.md, "Check semantics"): does one term
//! match every packet another matches, can two terms match a common packet, are two conditions
//! identical, and the merge of two terms that differ in one condition. Every answer errs on the
//! safe side: [`contains`] may say `false` when it cannot tell, [`may_overlap`] may say `true`.
//! They read the terms' compact form ([`super::compact`]).

use super::compact::{CCond, CTerm, Vals};
use super::sets::{self, AddrSet};
use crate::emit::Format;
use crate::ir::{ActionKind, Key, Modifiers, Ranges, Values};

fn is_address(k: Key) -> bool {
    matches!(k, Key::SourceAddress | Key::DestinationAddress | Key::Address)
}

fn is_port(k: Key) -> bool {
    matches!(k, Key::SourcePort | Key::DestinationPort | Key::Port)
}

fn is_icmp(k: Key) -> bool {
    matches!(k, Key::IcmpType | Key::IcmpCode)
}

/// Keys whose values are numbers compared as range sets.
fn is_range(k: Key) -> bool {
    matches!(
        k,
        Key::Protocol
            | Key::SourcePort
            | Key::DestinationPort
            | Key::Port
            | Key::IcmpType
            | Key::IcmpCode
            | Key::FragmentOffset
            | Key::PacketLength
            | Key::Dscp
            | Key::Precedence
            | Key::IpOptions
            | Key::Ttl
    )
}

const PORT_PROTOCOLS: [(u32, u32); 3] = [(6, 6), (17, 17), (132, 132)];
const ICMP_PROTOCOLS: [(u32, u32); 2] = [(1, 1), (58, 58)];
const TCP: [(u32, u32); 1] = [(6, 6)];
/// Every protocol.
pub const ALL_PROTOCOLS: [(u32, u32); 1] = [(0, 255)];

/// The normalised ranges of a numeric condition.
pub fn ranges_of(c: &CCond) -> Ranges {
    sets::ranges_of(c.range_values())
}

/// The address set of an address condition.
pub fn addresses_of(c: &CCond) -> AddrSet {
    match c.vals {
        Vals::V4(lo, hi) => AddrSet::V4(lo, hi),
        _ => sets::addr_set(&c.addr_values()),
    }
}

/// What a `protocol` condition allows.
pub fn protocol_allowed(c: &CCond) -> Ranges {
    let r = ranges_of(c);
    if c.except {
        sets::complement(&r, 255)
    } else {
        r
    }
}

/// The protocols a term can match: its `protocol` conditions, narrowed by port, ICMP and flag
/// conditions.
pub fn protocols(t: &CTerm) -> Ranges {
    let mut set: Ranges = ALL_PROTOCOLS.iter().copied().collect();
    for c in t.conds.iter() {
        if c.key == Key::Protocol {
            set = sets::intersect(&set, &protocol_allowed(c));
        } else if !c.except && is_port(c.key) {
            set = sets::intersect(&set, &PORT_PROTOCOLS);
        } else if !c.except && is_icmp(c.key) {
            set = sets::intersect(&set, &ICMP_PROTOCOLS);
        } else if !c.except && c.key == Key::TcpFlags {
            set = sets::intersect(&set, &TCP);
        }
    }
    set
}

fn multiset<T: Ord + Clone>(a: &[T], b: &[T]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut x = a.to_vec();
    let mut y = b.to_vec();
    x.sort();
    y.sort();
    x == y
}

/// Do two conditions match the same packets by identity (same key, negation and values, in any
/// order; numeric values as normalised range sets)?
pub fn same_condition(a: &CCond, b: &CCond) -> bool {
    if a.key != b.key || a.except != b.except {
        return false;
    }
    if is_address(a.key) {
        if let (Vals::V4(x, y), Vals::V4(p, q)) = (&a.vals, &b.vals) {
            return x == p && y == q;
        }
        let (x, y) = (a.addr_values(), b.addr_values());
        if x.len() == 1 && y.len() == 1 {
            return x[0] == y[0];
        }
        return sets::addr_sig(&x) == sets::addr_sig(&y);
    }
    if is_range(a.key) {
        return ranges_of(a) == ranges_of(b);
    }
    match (&*a.values(), &*b.values()) {
        (Values::Names(x), Values::Names(y)) => multiset(x, y),
        (Values::Ranges(x), Values::Ranges(y)) => multiset(x, y),
        (Values::Addrs(x), Values::Addrs(y)) => sets::addr_sig(x) == sets::addr_sig(y),
        _ => a.values_empty() && b.values_empty(),
    }
}

/// Does condition `inner` (of a later term) imply condition `outer` (of an earlier one)?
fn implies(inner: &CCond, outer: &CCond) -> bool {
    let exact = is_address(outer.key) || is_port(outer.key) || is_icmp(outer.key);
    if inner.except || outer.except || !exact {
        return same_condition(inner, outer);
    }
    if is_address(outer.key) && is_address(inner.key) {
        // `address` (either side) is implied by any one side; a side is implied only by itself
        let key_ok = outer.key == Key::Address || inner.key == outer.key;
        return key_ok && sets::addr_contains(&addresses_of(outer), &addresses_of(inner));
    }
    if is_port(outer.key) && is_port(inner.key) {
        let key_ok = outer.key == Key::Port || inner.key == outer.key;
        return key_ok && sets::contain(&ranges_of(outer), &ranges_of(inner));
    }
    if is_icmp(outer.key) && inner.key == outer.key {
        return sets::contain(&ranges_of(outer), &ranges_of(inner));
    }
    false
}

/// Does `outer` match every packet `inner` matches? `inner_protocols` is [`protocols`] of
/// `inner`. Every condition of `outer` must be implied by some condition of `inner` (prefix lists,
/// tcp-flags, `except` keys and unknown fields only by an identical condition).
pub fn contains(outer: &CTerm, inner: &CTerm, inner_protocols: &[(u32, u32)]) -> bool {
    for c in outer.conds.iter() {
        if c.key == Key::Protocol {
            if !sets::contain(&protocol_allowed(c), inner_protocols) {
                return false;
            }
            continue;
        }
        if !inner.conds.iter().any(|d| implies(d, c)) {
            return false;
        }
    }
    true
}

fn disjoint(a: &CCond, b: &CCond) -> bool {
    if a.key != b.key || a.except || b.except {
        return false;
    }
    match a.key {
        Key::SourceAddress | Key::DestinationAddress => !sets::addr_overlap(&addresses_of(a), &addresses_of(b)),
        Key::SourcePort | Key::DestinationPort | Key::IcmpType | Key::IcmpCode => !sets::overlap(&ranges_of(a), &ranges_of(b)),
        _ => false,
    }
}

/// Can some packet match both terms (their [`protocols`] given)? `true` when unsure.
pub fn may_overlap(a: &CTerm, pa: &[(u32, u32)], b: &CTerm, pb: &[(u32, u32)]) -> bool {
    if !sets::overlap(pa, pb) {
        return false;
    }
    !a.conds.iter().any(|c| b.conds.iter().any(|d| disjoint(c, d)))
}

/// Does the action end the walk (accept, discard, reject, routing-instance)?
pub fn is_terminal(k: ActionKind) -> bool {
    k != ActionKind::NextTerm
}

/// Does the action deny (discard, reject)?
pub fn is_deny(k: ActionKind) -> bool {
    matches!(k, ActionKind::Discard | ActionKind::Reject)
}

/// The modifiers that are set, as a canonical text (`count=c1;syslog=true`, `""` when none): the
/// IR JSON's field names and values, sorted.
pub fn modifiers_sig(m: &Modifiers) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut text = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            parts.push(format!("{}={}", k, v));
        }
    };
    text("count", &m.count);
    text("policer", &m.policer);
    text("forwardingClass", &m.forwarding_class);
    text("lossPriority", &m.loss_priority);
    text("ipsecSa", &m.ipsec_sa);
    for (k, on) in [("log", m.log), ("logInput", m.log_input), ("syslog", m.syslog), ("sample", m.sample), ("portMirror", m.port_mirror)] {
        if on {
            parts.push(format!("{}=true", k));
        }
    }
    parts.sort();
    parts.join(";")
}

/// Has the term any modifier set?
pub fn has_modifiers(m: &Modifiers) -> bool {
    m.count.is_some() || m.policer.is_some() || m.forwarding_class.is_some() || m.loss_priority.is_some() || m.ipsec_sa.is_some() || m.log || m.log_input || m.syslog || m.sample || m.port_mirror
}

/// Can the term merge at all (active, terminal, no key repeated)?
pub fn mergeable(t: &CTerm) -> bool {
    if t.inactive || !is_terminal(t.kind) {
        return false;
    }
    let c = &t.conds;
    !(1..c.len()).any(|i| c[..i].iter().any(|d| d.key == c[i].key))
}

/// Do two mergeable terms share what a merge needs: action and modifiers?
pub fn same_merge_sig(a: &CTerm, b: &CTerm) -> bool {
    a.sig == b.sig
}

fn by_key(t: &CTerm, key: Key) -> Option<&CCond> {
    t.conds.iter().find(|c| c.key == key)
}

fn union_addresses(a: &CCond, b: &CCond) -> Option<crate::ir::Addrs> {
    let all: Vec<crate::addr::Address> = a.addr_values().iter().chain(b.addr_values().iter()).cloned().collect();
    if let Some(agg) = sets::aggregate(&all) {
        return Some(agg.into_iter().collect());
    }
    if all.iter().any(|x| x.except || x.inactive) {
        return None; // the union of except lists is not a list union
    }
    let mut out = crate::ir::Addrs::new();
    for x in all {
        if !out.iter().any(|y: &crate::addr::Address| y.net == x.net && y.wildcard == x.wildcard) {
            out.push(x);
        }
    }
    Some(out)
}

/// The values of the union of two conditions of one key (those of `a`'s key and negation).
fn union_condition(a: &CCond, b: &CCond, format: Format) -> Option<Values> {
    if a.except || b.except {
        return None;
    }
    let single = format != Format::Junos;
    if is_address(a.key) && is_address(b.key) {
        let values = union_addresses(a, b)?;
        if single && values.len() != 1 {
            return None;
        }
        return Some(Values::Addrs(values));
    }
    let range_merge = matches!(a.key, Key::Protocol | Key::SourcePort | Key::DestinationPort | Key::Port | Key::IcmpType | Key::IcmpCode);
    if range_merge && a.key == b.key {
        let all: Vec<(u32, u32)> = a.range_values().iter().chain(b.range_values()).copied().collect();
        let values = sets::norm(&all);
        if single && values.len() != 1 {
            return None;
        }
        if single && matches!(a.key, Key::Protocol | Key::IcmpType | Key::IcmpCode) && values[0].0 != values[0].1 {
            return None;
        }
        return Some(Values::Ranges(values));
    }
    None
}

/// How two terms merge: what replaces the first term's conditions, and the unioned key.
pub enum Merge {
    /// One term's conditions already cover the other's: the first stays as it is.
    Same,
    /// The first term lacks a condition the second has (or the reverse): the wider term's
    /// conditions are the union's.
    Wider {
        /// Take the second term's conditions (else the first's).
        second: bool,
        /// The key one of them lacks.
        key: Key,
    },
    /// The values of the condition of this key are replaced by the union's.
    Union(Key, Values),
}

/// Merges `a` and `b` (both [`mergeable`], with the same merge signature) when they differ in
/// exactly one condition whose union the output format can write (IOS-family formats print one
/// value per line, so only merges that keep one value are made).
pub fn merge(a: &CTerm, b: &CTerm, format: Format) -> Option<Merge> {
    if (a.conds.len() as isize - b.conds.len() as isize).abs() > 1 {
        return None;
    }
    let mut differing: Option<Key> = None;
    for c in a.conds.iter() {
        if let Some(d) = by_key(b, c.key) {
            if same_condition(d, c) {
                continue;
            }
        }
        if differing.is_some() {
            return None;
        }
        differing = Some(c.key);
    }
    for d in b.conds.iter() {
        if by_key(a, d.key).is_some() {
            continue;
        }
        if differing.is_some() {
            return None;
        }
        differing = Some(d.key);
    }
    let key = match differing {
        None => return Some(Merge::Same),
        Some(k) => k,
    };
    match (by_key(a, key), by_key(b, key)) {
        (Some(ca), Some(cb)) => union_condition(ca, cb, format).map(|v| Merge::Union(key, v)),
        // one term lacks the condition (its other conditions are the other's): it matches a
        // superset, so the union is that term
        (ca, _) => Some(Merge::Wider { second: ca.is_some(), key }),
    }
}

/// The merged term's compact form: `a` with the conditions [`merge`] decided.
pub fn merged_term(a: &CTerm, b: &CTerm, m: &Merge) -> CTerm {
    let mut t = a.clone();
    match m {
        Merge::Same => {}
        Merge::Wider { second, .. } => {
            if *second {
                t.conds = b.conds.clone();
            }
        }
        Merge::Union(key, values) => {
            if let Some(c) = t.conds.iter_mut().find(|c| c.key == *key) {
                *c = CCond::from_values(c.key, c.except, values);
            }
        }
    }
    t
}
