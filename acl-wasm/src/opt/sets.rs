//! Exact set algebra over condition values: normalised range sets and address sets (IPv4 and
//! IPv6 prefixes with Junos `except` entries and non-contiguous IPv4 wildcards), with containment
//! and overlap. A set that cannot be written exactly (wildcards mixed with `except`) is opaque and
//! compared by identity only, so every answer errs on the safe side.

use crate::addr::{Address, Net};
use crate::ir::Ranges;

/// Sorts and coalesces ranges (overlapping and adjacent ones merge).
pub fn norm(values: &[(u32, u32)]) -> Ranges {
    let mut v: Ranges = values.iter().copied().collect();
    crate::ir::normalize_inline(&mut v);
    v
}

/// Are the ranges already normalised (ascending, disjoint, not adjacent)?
fn is_normal(values: &[(u32, u32)]) -> bool {
    values.windows(2).all(|w| {
        let (lo, hi) = w[0];
        let next = w[1].0;
        next > lo && next as u64 > hi as u64 + 1
    })
}

/// The normalised values of a numeric condition (a copy only when they are not already).
pub fn ranges_of(values: &[(u32, u32)]) -> Ranges {
    if is_normal(values) {
        values.iter().copied().collect()
    } else {
        norm(values)
    }
}

/// Is every value of `inner` in `outer`? Both normalised.
pub fn contain(outer: &[(u32, u32)], inner: &[(u32, u32)]) -> bool {
    inner.iter().all(|&(lo, hi)| outer.iter().any(|&(a, b)| a <= lo && hi <= b))
}

/// Do the two normalised sets share a value?
pub fn overlap(a: &[(u32, u32)], b: &[(u32, u32)]) -> bool {
    a.iter().any(|&(lo, hi)| b.iter().any(|&(x, y)| lo <= y && x <= hi))
}

/// The complement of a normalised set within `[0, max]`.
pub fn complement(a: &[(u32, u32)], max: u32) -> Ranges {
    let mut out = Ranges::new();
    let mut next: u64 = 0;
    for &(lo, hi) in a {
        if lo as u64 > next {
            out.push((next as u32, (lo - 1).min(max)));
        }
        next = hi as u64 + 1;
    }
    if next <= max as u64 {
        out.push((next as u32, max));
    }
    out
}

/// The intersection of two normalised sets, without computing it when one holds the other.
pub fn intersect(a: &[(u32, u32)], b: &[(u32, u32)]) -> Ranges {
    if contain(a, b) {
        return b.iter().copied().collect();
    }
    if contain(b, a) {
        return a.iter().copied().collect();
    }
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &(lo, hi) in a {
        for &(x, y) in b {
            let l = lo.max(x);
            let h = hi.min(y);
            if l <= h {
                out.push((l, h));
            }
        }
    }
    norm(&out)
}

/// A point of the combined address space: IPv4 below every IPv6 address.
pub type Pt = (bool, u128);

fn top(v6: bool) -> u128 {
    if v6 {
        u128::MAX
    } else {
        0xffff_ffff
    }
}

/// The low `k` bits set.
fn low(k: u32) -> u128 {
    if k >= 128 {
        u128::MAX
    } else {
        (1u128 << k) - 1
    }
}

/// A bit pattern: the addresses equal to `base` outside the `mask` (wildcard) bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// IPv6?
    pub v6: bool,
    /// Base address, wildcard bits clear.
    pub base: u128,
    /// Wildcard bits (1 = any).
    pub mask: u128,
}

/// An address set: one IPv4 block (the common case), exact intervals, a union of patterns, or
/// opaque (compared by identity only).
#[derive(Clone, Debug)]
pub enum AddrSet {
    /// One IPv4 block, inclusive.
    V4(u32, u32),
    /// Normalised inclusive intervals.
    Ivs(Vec<(Pt, Pt)>),
    /// A union of patterns.
    Pats(Vec<Pattern>),
    /// The values, sorted: equal for equal lists in any order.
    Opaque(Vec<(bool, bool, Net, Option<u32>)>),
}

/// The identity of address values (equal for equal lists in any order).
pub fn addr_sig(values: &[Address]) -> Vec<(bool, bool, Net, Option<u32>)> {
    let mut v: Vec<_> = values.iter().map(|a| (a.inactive, a.except, a.net, a.wildcard)).collect();
    v.sort_unstable();
    v
}

fn norm_ivs(mut ivs: Vec<(Pt, Pt)>) -> Vec<(Pt, Pt)> {
    ivs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(Pt, Pt)> = Vec::with_capacity(ivs.len());
    for (lo, hi) in ivs {
        if let Some(last) = out.last_mut() {
            let adjacent = last.1 .0 == lo.0 && last.1 .1 < top(lo.0) && lo.1 <= last.1 .1 + 1;
            if lo <= last.1 || adjacent {
                if hi > last.1 {
                    last.1 = hi;
                }
                continue;
            }
        }
        out.push((lo, hi));
    }
    out
}

fn host_bits(n: &Net) -> u128 {
    let bits: u32 = if n.v6 { 128 } else { 32 };
    low(bits - n.len as u32)
}

/// The set of addresses a condition's values match (engine semantics: without `except` entries
/// any active entry matches; with them the longest matching active entry decides, `except`
/// winning ties).
pub fn addr_set(values: &[Address]) -> AddrSet {
    if let [only] = values {
        if !only.inactive && !only.except && only.wildcard.is_none() {
            let n = only.net;
            if !n.v6 {
                let lo = n.addr as u32;
                return AddrSet::V4(lo, lo | host_bits(&n) as u32);
            }
            return AddrSet::Ivs(vec![((true, n.addr), (true, n.addr | host_bits(&n)))]);
        }
    }
    let active: Vec<&Address> = values.iter().filter(|a| !a.inactive).collect();
    let has_except = active.iter().any(|a| a.except);
    if active.iter().any(|a| a.wildcard.is_some()) {
        if has_except {
            return AddrSet::Opaque(addr_sig(values));
        }
        return AddrSet::Pats(
            active
                .iter()
                .map(|a| {
                    let mask = match a.wildcard {
                        Some(w) => w as u128,
                        None => host_bits(&a.net),
                    };
                    Pattern { v6: a.net.v6, base: a.net.addr & !mask, mask }
                })
                .collect(),
        );
    }
    // paint from the shortest prefix to the longest (except after positive at equal length)
    let mut parsed = active;
    parsed.sort_by(|a, b| a.net.len.cmp(&b.net.len).then(a.except.cmp(&b.except)));
    let mut segs: Vec<(Pt, Pt, bool)> = Vec::new();
    for p in parsed {
        let lo = (p.net.v6, p.net.addr);
        let hi = (p.net.v6, p.net.addr | host_bits(&p.net));
        let mut next = Vec::with_capacity(segs.len() + 2);
        for s in segs {
            if s.1 < lo || s.0 > hi {
                next.push(s);
            } else {
                if s.0 < lo {
                    next.push((s.0, (lo.0, lo.1 - 1), s.2));
                }
                if s.1 > hi {
                    next.push(((hi.0, hi.1 + 1), s.1, s.2));
                }
            }
        }
        next.push((lo, hi, !p.except));
        segs = next;
    }
    AddrSet::Ivs(norm_ivs(segs.into_iter().filter(|s| s.2).map(|s| (s.0, s.1)).collect()))
}

/// The CIDR blocks covering an interval list exactly, as patterns.
pub fn cidr_patterns(ivs: &[(Pt, Pt)]) -> Vec<Pattern> {
    let mut out = Vec::new();
    for &((v6, from), (_, to)) in ivs {
        let mut lo = from;
        loop {
            // the largest aligned block at `lo` within `to`: 2^k addresses
            let mut k = 0u32;
            while k < 128 && lo & low(k + 1) == 0 && lo.checked_add(low(k + 1)).map_or(false, |e| e <= to) {
                k += 1;
            }
            out.push(Pattern { v6, base: lo, mask: low(k) });
            let end = lo | low(k);
            if end >= to {
                break;
            }
            lo = end + 1;
        }
    }
    out
}

fn wide(s: &AddrSet) -> std::borrow::Cow<'_, AddrSet> {
    match *s {
        AddrSet::V4(lo, hi) => std::borrow::Cow::Owned(AddrSet::Ivs(vec![((false, lo as u128), (false, hi as u128))])),
        _ => std::borrow::Cow::Borrowed(s),
    }
}

fn patterns_of(s: &AddrSet) -> Vec<Pattern> {
    match s {
        AddrSet::Pats(p) => p.clone(),
        AddrSet::Ivs(ivs) => cidr_patterns(ivs),
        _ => Vec::new(),
    }
}

fn pattern_in(p: &Pattern, q: &Pattern) -> bool {
    p.v6 == q.v6 && p.mask & !q.mask == 0 && (p.base ^ q.base) & !q.mask == 0
}

fn patterns_meet(p: &Pattern, q: &Pattern) -> bool {
    p.v6 == q.v6 && (p.base ^ q.base) & !p.mask & !q.mask == 0
}

fn span_of(p: &Pattern) -> (Pt, Pt) {
    ((p.v6, p.base), (p.v6, p.base | p.mask))
}

fn ivs_contain(outer: &[(Pt, Pt)], (lo, hi): (Pt, Pt)) -> bool {
    outer.iter().any(|&(a, b)| a <= lo && hi <= b)
}

/// Is every address of `inner` in `outer`? Exact for prefix sets; for wildcards sound but
/// incomplete (a `false` may be a "cannot tell").
pub fn addr_contains(outer: &AddrSet, inner: &AddrSet) -> bool {
    if let (AddrSet::V4(a, b), AddrSet::V4(lo, hi)) = (outer, inner) {
        return a <= lo && hi <= b;
    }
    let outer = wide(outer);
    let inner = wide(inner);
    match (&*outer, &*inner) {
        (AddrSet::Opaque(x), AddrSet::Opaque(y)) => x == y,
        (AddrSet::Opaque(_), _) | (_, AddrSet::Opaque(_)) => false,
        (AddrSet::Ivs(o), AddrSet::Ivs(i)) => i.iter().all(|&iv| ivs_contain(o, iv)),
        (o, i) => {
            let outer_pats = patterns_of(o);
            patterns_of(i).iter().all(|p| {
                outer_pats.iter().any(|q| pattern_in(p, q)) || matches!(o, AddrSet::Ivs(ivs) if ivs_contain(ivs, span_of(p)))
            })
        }
    }
}

/// Can an address be in both sets? Exact, except for opaque sets (then `true`).
pub fn addr_overlap(a: &AddrSet, b: &AddrSet) -> bool {
    if let (AddrSet::V4(lo, hi), AddrSet::V4(x, y)) = (a, b) {
        return lo <= y && x <= hi;
    }
    let a = wide(a);
    let b = wide(b);
    match (&*a, &*b) {
        (AddrSet::Opaque(_), _) | (_, AddrSet::Opaque(_)) => true,
        (AddrSet::Ivs(x), AddrSet::Ivs(y)) => x.iter().any(|&(lo, hi)| y.iter().any(|&(p, q)| lo <= q && p <= hi)),
        (x, y) => {
            let pb = patterns_of(y);
            patterns_of(x).iter().any(|p| pb.iter().any(|q| patterns_meet(p, q)))
        }
    }
}

/// The set as inclusive intervals of the combined space, exactly; `None` when it cannot be written
/// so (opaque, or a non-contiguous wildcard).
pub fn addr_intervals(s: &AddrSet) -> Option<std::borrow::Cow<'_, [(Pt, Pt)]>> {
    match s {
        AddrSet::V4(lo, hi) => Some(std::borrow::Cow::Owned(vec![((false, *lo as u128), (false, *hi as u128))])),
        AddrSet::Ivs(ivs) => Some(std::borrow::Cow::Borrowed(ivs)),
        AddrSet::Opaque(_) => None,
        AddrSet::Pats(pats) => {
            let mut out = Vec::with_capacity(pats.len());
            for p in pats {
                if p.mask & p.mask.wrapping_add(1) != 0 {
                    return None; // not a block: its span holds other addresses
                }
                out.push(span_of(p));
            }
            Some(std::borrow::Cow::Owned(out))
        }
    }
}

/// Aggregates plain prefixes (no wildcard, `except` or `inactive`) exactly: the CIDR decomposition
/// of their union, sorted. `None` when some value is not a plain prefix.
pub fn aggregate(values: &[Address]) -> Option<Vec<Address>> {
    if values.iter().any(|a| a.wildcard.is_some() || a.except || a.inactive) {
        return None;
    }
    let s = addr_set(values);
    let s = wide(&s);
    match &*s {
        AddrSet::Ivs(ivs) => Some(
            cidr_patterns(ivs)
                .into_iter()
                .map(|p| {
                    let bits: u32 = if p.v6 { 128 } else { 32 };
                    let len = bits - (128 - p.mask.leading_zeros());
                    Address::plain(Net::new(p.v6, p.base, len as u8))
                })
                .collect(),
        ),
        _ => None,
    }
}
