//! Candidate index for first-match checks over large ACLs.
//!
//! Five dimensions are indexed: protocol, source address, destination address, source port and
//! destination port. For each dimension every term is either in the dimension's `always` bitset
//! (no condition there, a negated one, or one that cannot be indexed such as a non-contiguous
//! wildcard or a generic `address`/`port`) or in posting lists keyed by the values it matches
//! (protocol numbers; address prefixes per prefix length, binary-searched; single ports,
//! binary-searched; port ranges, scanned). For a flow, each dimension whose field is known yields
//! a candidate set `always | postings(value)`; the sets are intersected word by word in term
//! order, and candidates are handed to the exact (three-valued) evaluation lowest index first,
//! stopping at the first deciding term. The result is a superset of the terms that can match, so
//! the outcome equals a linear scan.

use super::{known, CCond, CTerm, Flow};
use std::collections::BTreeMap;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Proto,
    Src,
    Dst,
    SPort,
    DPort,
}

/// A posting list: sparse term ids, or a bitset when long.
enum Posting {
    Sparse(Vec<u32>),
    Dense(Vec<u64>),
}

impl Default for Posting {
    fn default() -> Self {
        Posting::Sparse(Vec::new())
    }
}

impl Posting {
    fn new(list: Vec<u32>, words: usize) -> Posting {
        if list.len() > words {
            let mut b = vec![0u64; words];
            for &t in &list {
                set(&mut b, t as usize);
            }
            Posting::Dense(b)
        } else {
            Posting::Sparse(list)
        }
    }
}

/// One posting list as a lane reads it.
#[derive(Clone, Copy)]
enum Part<'a> {
    None,
    Dense(&'a [u64]),
    Sparse(&'a [u32]),
}

impl<'a> Part<'a> {
    fn of(p: &'a Posting) -> Part<'a> {
        match p {
            Posting::Dense(b) => Part::Dense(b),
            Posting::Sparse(l) => Part::Sparse(l),
        }
    }
}

/// A dimension's candidates for one flow, read word by word in increasing order.
#[derive(Clone, Copy)]
struct Lane<'a> {
    always: &'a [u64],
    parts: [Part<'a>; 2],
    cursors: [usize; 2],
}

impl Default for Lane<'_> {
    fn default() -> Self {
        Lane { always: &[], parts: [Part::None; 2], cursors: [0; 2] }
    }
}

impl<'a> Lane<'a> {
    fn new(always: &'a [u64], a: Part<'a>, b: Part<'a>) -> Lane<'a> {
        Lane { always, parts: [a, b], cursors: [0; 2] }
    }

    /// The candidate bits of word `w` (words are asked for in increasing order; a sparse list's
    /// ids below word `w` are skipped).
    #[inline]
    fn word(&mut self, w: usize) -> u64 {
        let mut x = self.always[w];
        for (p, c) in self.parts.iter().zip(self.cursors.iter_mut()) {
            match *p {
                Part::None => {}
                Part::Dense(b) => x |= b[w],
                Part::Sparse(l) => {
                    while let Some(&t) = l.get(*c) {
                        let tw = (t >> 6) as usize;
                        if tw > w {
                            break;
                        }
                        if tw == w {
                            x |= 1u64 << (t & 63);
                        }
                        *c += 1;
                    }
                }
            }
        }
        x
    }
}

struct Dim {
    kind: Kind,
    always: Vec<u64>,
    proto: Vec<Posting>,
    /// (v6, len, sorted (addr, terms)).
    addrs: Vec<(bool, u8, Vec<(u128, Posting)>)>,
    singles: Vec<(u32, Posting)>,
    ranges: Vec<(u32, u32, Posting)>,
    /// Elementary intervals of the port ranges: (first port, terms whose range covers it up to
    /// the next start). Empty when too large to build; then `ranges` is scanned.
    rint: Vec<(u32, Posting)>,
    /// Elementary intervals of the address prefixes, per family (0: IPv4, 1: IPv6): the sorted
    /// cut points and, for each interval, the terms whose prefixes cover it. Empty when too large
    /// to build; then `addrs` is searched per prefix length.
    aint: [(Vec<u128>, Vec<Posting>); 2],
    /// The IPv4 cut points of `aint` as u32, and where each /12 starts among them (4,097
    /// entries, 16 KB: stays in cache): a flow's interval is found by a short search inside its
    /// /12 (a search over all the u128 cuts was most of a check's time).
    v4cuts: Vec<u32>,
    v4top: Vec<u32>,
    scratch: Vec<u64>,
    dirty: Vec<u32>,
    all_dirty: bool,
    /// Every term is in `always`: the dimension never narrows, so it is skipped.
    trivial: bool,
}

/// The index.
pub struct Index {
    n: usize,
    words: usize,
    dims: Vec<Dim>,
}

fn set(bits: &mut [u64], i: usize) {
    bits[i >> 6] |= 1u64 << (i & 63);
}

impl Dim {
    fn new(kind: Kind, words: usize) -> Dim {
        Dim {
            kind,
            always: vec![0; words],
            proto: Vec::new(),
            addrs: Vec::new(),
            singles: Vec::new(),
            ranges: Vec::new(),
            rint: Vec::new(),
            aint: Default::default(),
            v4cuts: Vec::new(),
            v4top: Vec::new(),
            scratch: vec![0; words],
            dirty: Vec::new(),
            all_dirty: false,
            trivial: false,
        }
    }

    fn post(&mut self, p: &Posting) {
        let list = match p {
            Posting::Dense(b) => {
                for (w, x) in self.scratch.iter_mut().zip(b.iter()) {
                    *w |= *x;
                }
                self.all_dirty = true;
                return;
            }
            Posting::Sparse(l) => l,
        };
        for &t in list {
            let w = (t >> 6) as usize;
            if self.scratch[w] == 0 {
                self.dirty.push(w as u32);
            }
            self.scratch[w] |= 1u64 << (t & 63);
        }
    }

    fn fill(&mut self, f: &Flow) {
        match self.kind {
            Kind::Proto => {
                let l = std::mem::take(&mut self.proto[f.proto as usize]);
                self.post(&l);
                self.proto[f.proto as usize] = l;
            }
            Kind::Src | Kind::Dst => {
                let a = if self.kind == Kind::Src { f.src } else { f.dst };
                let fam = f.v6 as usize;
                if !self.aint[fam].0.is_empty() {
                    let i = self.aint[fam].0.partition_point(|&c| c <= a);
                    if i > 0 {
                        let p = std::mem::take(&mut self.aint[fam].1[i - 1]);
                        self.post(&p);
                        self.aint[fam].1[i - 1] = p;
                    }
                    return;
                }
                let addrs = std::mem::take(&mut self.addrs);
                for (v6, len, table) in &addrs {
                    if *v6 != f.v6 {
                        continue;
                    }
                    let key = a & crate::addr::mask(*v6, *len);
                    if let Ok(i) = table.binary_search_by(|e| e.0.cmp(&key)) {
                        self.post(&table[i].1);
                    }
                }
                self.addrs = addrs;
            }
            Kind::SPort | Kind::DPort => {
                let p = if self.kind == Kind::SPort { f.sport } else { f.dport } as u32;
                let singles = std::mem::take(&mut self.singles);
                if let Ok(i) = singles.binary_search_by(|e| e.0.cmp(&p)) {
                    self.post(&singles[i].1);
                }
                self.singles = singles;
                if !self.rint.is_empty() {
                    let i = self.rint.partition_point(|e| e.0 <= p);
                    if i > 0 {
                        let rint = std::mem::take(&mut self.rint);
                        self.post(&rint[i - 1].1);
                        self.rint = rint;
                    }
                    return;
                }
                let ranges = std::mem::take(&mut self.ranges);
                for (lo, hi, l) in &ranges {
                    if *lo <= p && p <= *hi {
                        self.post(l);
                    }
                }
                self.ranges = ranges;
            }
        }
    }

    /// Whether a flow's candidates here are at most two posting lists ([`Dim::lane`]), read in
    /// place; otherwise [`Dim::fill`] gathers them into the scratch bitset.
    fn direct(&self) -> bool {
        match self.kind {
            Kind::Proto => true,
            Kind::Src | Kind::Dst => !self.aint[0].0.is_empty() || !self.aint[1].0.is_empty() || self.addrs.is_empty(),
            Kind::SPort | Kind::DPort => !self.rint.is_empty() || self.ranges.is_empty(),
        }
    }

    /// The lane of a [`Dim::direct`] dimension for `f`.
    fn lane(&self, f: &Flow) -> Lane<'_> {
        let none = Part::None;
        match self.kind {
            Kind::Proto => Lane::new(&self.always, Part::of(&self.proto[f.proto as usize]), none),
            Kind::Src | Kind::Dst => {
                let a = if self.kind == Kind::Src { f.src } else { f.dst };
                let (cuts, lists) = &self.aint[f.v6 as usize];
                let i = if !f.v6 && !self.v4top.is_empty() {
                    let a = a as u32;
                    let b = (a >> V4_SHIFT) as usize;
                    let (lo, hi) = (self.v4top[b] as usize, self.v4top[b + 1] as usize);
                    lo + self.v4cuts[lo..hi].partition_point(|&c| c <= a)
                } else {
                    cuts.partition_point(|&c| c <= a)
                };
                let p = if i > 0 { Part::of(&lists[i - 1]) } else { none };
                Lane::new(&self.always, p, none)
            }
            Kind::SPort | Kind::DPort => {
                let p = if self.kind == Kind::SPort { f.sport } else { f.dport } as u32;
                let single = match self.singles.binary_search_by(|e| e.0.cmp(&p)) {
                    Ok(i) => Part::of(&self.singles[i].1),
                    Err(_) => none,
                };
                let i = self.rint.partition_point(|e| e.0 <= p);
                let range = if i > 0 { Part::of(&self.rint[i - 1].1) } else { none };
                Lane::new(&self.always, single, range)
            }
        }
    }

    fn clear(&mut self) {
        if self.all_dirty {
            self.scratch.iter_mut().for_each(|w| *w = 0);
            self.all_dirty = false;
        }
        for &w in &self.dirty {
            self.scratch[w as usize] = 0;
        }
        self.dirty.clear();
    }

    fn known(&self, f: &Flow) -> bool {
        match self.kind {
            Kind::Proto => f.known & known::PROTO != 0,
            Kind::Src | Kind::Dst => true,
            Kind::SPort => f.known & known::SPORT != 0,
            Kind::DPort => f.known & known::DPORT != 0,
        }
    }
}

/// IPv4 cut points are bucketed by the address's top 32 - `V4_SHIFT` bits.
const V4_SHIFT: u32 = 20;

/// Most (interval, term) pairs [`intervals`] builds (beyond: the ranges are scanned per flow).
const MAX_INTERVAL_POSTINGS: usize = 8_000_000;

/// Cuts the port line at every range start and end + 1; each elementary interval gets the terms
/// whose ranges cover it, so a flow's port finds them with one binary search.
fn intervals(ranges: &BTreeMap<(u32, u32), Vec<u32>>, words: usize) -> Vec<(u32, Posting)> {
    if ranges.len() < 8 {
        return Vec::new();
    }
    let mut cuts: Vec<u32> = ranges.keys().flat_map(|&(lo, hi)| [lo, hi + 1]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut items: Vec<(u32, usize, usize)> = Vec::new();
    let mut total = 0usize;
    for (&(lo, hi), ids) in ranges {
        let a = cuts.partition_point(|&c| c < lo);
        let b = cuts.partition_point(|&c| c <= hi);
        total += (b - a) * ids.len();
        if total > MAX_INTERVAL_POSTINGS {
            return Vec::new();
        }
        items.extend(ids.iter().map(|&id| (id, a, b)));
    }
    let lists = fill_sorted(items, cuts.len());
    cuts.into_iter().zip(lists).map(|(c, l)| (c, Posting::new(l, words))).collect()
}

/// Most (interval, term) pairs [`address_intervals`] builds per dimension and family.
const MAX_ADDRESS_POSTINGS: usize = 4_000_000;

/// Cuts one family's address line at every prefix start and end + 1; each elementary interval
/// gets the terms whose prefixes cover it (one binary search per flow instead of one per prefix
/// length). `None` when over [`MAX_ADDRESS_POSTINGS`].
fn address_intervals(addrs: &BTreeMap<(bool, u8), BTreeMap<u128, Vec<u32>>>, v6: bool, words: usize) -> Option<(Vec<u128>, Vec<Posting>)> {
    let full: u128 = if v6 { u128::MAX } else { u32::MAX as u128 };
    let mut spans: Vec<(u128, u128, &[u32])> = Vec::new();
    for (&(fam, len), table) in addrs {
        if fam != v6 {
            continue;
        }
        let host = !crate::addr::mask(v6, len) & full;
        spans.extend(table.iter().map(|(&a, ids)| (a, a | host, ids.as_slice())));
    }
    if spans.is_empty() {
        return Some((Vec::new(), Vec::new()));
    }
    let mut cuts: Vec<u128> = spans.iter().flat_map(|&(lo, hi, _)| [Some(lo), hi.checked_add(1)]).flatten().collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut items: Vec<(u32, usize, usize)> = Vec::new();
    let mut total = 0usize;
    for &(lo, hi, ids) in &spans {
        let a = cuts.partition_point(|&c| c < lo);
        let b = cuts.partition_point(|&c| c <= hi);
        total += (b - a) * ids.len();
        if total > MAX_ADDRESS_POSTINGS {
            return None;
        }
        items.extend(ids.iter().map(|&id| (id, a, b)));
    }
    let lists = fill_sorted(items, cuts.len());
    Some((cuts, lists.into_iter().map(|l| Posting::new(l, words)).collect()))
}

/// A dimension's values while its index is built: the terms under each value.
#[derive(Default)]
struct Bins {
    proto: Vec<Vec<u32>>,
    addrs: BTreeMap<(bool, u8), BTreeMap<u128, Vec<u32>>>,
    singles: BTreeMap<u32, Vec<u32>>,
    ranges: BTreeMap<(u32, u32), Vec<u32>>,
}

/// Files term `i`'s condition of `kind` (the first one not negated) under its values, or the term
/// among those that match any value (`always`). A function of its own, called per term: V8 runs a
/// WebAssembly function's optimised code from its next call, and [`Index::build`], called once
/// per list, ran its whole loop in baseline code when this was inlined in it.
#[inline(never)]
fn place(kind: Kind, i: usize, t: &CTerm, d: &mut Dim, bins: &mut Bins) {
    let id = i as u32;
    let cond = t.conds.iter().find(|(c, neg)| {
        !neg && matches!(
            (kind, c),
            (Kind::Proto, CCond::Proto(_))
                | (Kind::Src, CCond::Src(_))
                | (Kind::Dst, CCond::Dst(_))
                | (Kind::SPort, CCond::SPort(_))
                | (Kind::DPort, CCond::DPort(_))
        )
    });
    let cond = match cond {
        Some((c, _)) => c,
        None => {
            set(&mut d.always, i);
            return;
        }
    };
    match cond {
        CCond::Proto(r) => {
            for &(lo, hi) in r {
                for v in lo..=hi.min(255) {
                    bins.proto[v as usize].push(id);
                }
            }
        }
        CCond::Src(l) | CCond::Dst(l) => {
            if l.iter().any(|a| a.wildcard.is_some() && !a.inactive) {
                set(&mut d.always, i);
                return;
            }
            for a in l.iter().filter(|a| !a.inactive && !a.except) {
                let e = bins.addrs.entry((a.net.v6, a.net.len)).or_default().entry(a.net.addr).or_default();
                if e.last() != Some(&id) {
                    e.push(id);
                }
            }
        }
        CCond::SPort(r) | CCond::DPort(r) => {
            for &(lo, hi) in r {
                if lo == hi {
                    bins.singles.entry(lo).or_default().push(id);
                } else {
                    bins.ranges.entry((lo, hi)).or_default().push(id);
                }
            }
        }
        _ => set(&mut d.always, i),
    }
}

/// Interval lists from (term, first interval, end interval) items: taking the items in term
/// order leaves every list sorted and duplicates adjacent (no sort per list).
fn fill_sorted(mut items: Vec<(u32, usize, usize)>, n: usize) -> Vec<Vec<u32>> {
    items.sort_unstable();
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (id, a, b) in items {
        for l in &mut lists[a..b] {
            if l.last() != Some(&id) {
                l.push(id);
            }
        }
    }
    lists
}

impl Index {
    /// Builds the index for compiled terms.
    pub fn build(terms: &[CTerm]) -> Index {
        let n = terms.len();
        let words = (n + 63) / 64;
        let kinds = [Kind::Proto, Kind::Src, Kind::Dst, Kind::SPort, Kind::DPort];
        let mut dims = Vec::new();
        for kind in kinds {
            let mut d = Dim::new(kind, words);
            let mut bins = Bins { proto: vec![Vec::new(); if kind == Kind::Proto { 256 } else { 0 }], ..Bins::default() };
            for (i, t) in terms.iter().enumerate() {
                place(kind, i, t, &mut d, &mut bins);
            }
            let Bins { proto, mut addrs, singles, ranges } = bins;
            d.proto = proto.into_iter().map(|l| Posting::new(l, words)).collect();
            let ints = [address_intervals(&addrs, false, words), address_intervals(&addrs, true, words)];
            if let [Some(v4), Some(v6)] = ints {
                d.aint = [v4, v6];
                addrs.clear();
                if !d.aint[0].0.is_empty() {
                    // a cut at 2^32 (after 255.255.255.255) is last, and no address reaches it
                    d.v4cuts = d.aint[0].0.iter().take_while(|&&c| c <= u32::MAX as u128).map(|&c| c as u32).collect();
                    let cuts = &d.v4cuts;
                    d.v4top = (0..=1u64 << (32 - V4_SHIFT)).map(|b| cuts.partition_point(|&c| (c as u64) < b << V4_SHIFT) as u32).collect();
                }
            }
            d.addrs = addrs.into_iter().map(|((v6, len), m)| (v6, len, m.into_iter().map(|(a, l)| (a, Posting::new(l, words))).collect())).collect();
            d.singles = singles.into_iter().map(|(p, l)| (p, Posting::new(l, words))).collect();
            d.rint = intervals(&ranges, words);
            d.ranges = ranges.into_iter().map(|((lo, hi), l)| (lo, hi, Posting::new(l, words))).collect();
            d.trivial = d.always.iter().map(|w| w.count_ones() as usize).sum::<usize>() == n;
            dims.push(d);
        }
        Index { n, words, dims }
    }

    /// Visits candidate term positions in increasing order until `visit` returns true.
    ///
    /// Each narrowing dimension becomes a lane read word by word: its `always` bits plus at most
    /// two posting lists (a bitset read in place, or sparse term ids read through a cursor), so a
    /// flow decided by an early term reads only the first words of each list. A dimension whose
    /// candidates are many lists (addresses per prefix length, port ranges scanned) is gathered
    /// into its scratch bitset first, as one dense list.
    pub fn scan(&mut self, f: &Flow, mut visit: impl FnMut(usize) -> bool) {
        let mut gathered = [false; 5];
        for (k, d) in self.dims.iter_mut().enumerate() {
            if !d.trivial && d.known(f) && !d.direct() {
                d.fill(f);
                gathered[k] = true;
            }
        }
        let mut lanes: [Lane<'_>; 5] = Default::default();
        let mut nl = 0;
        for (k, d) in self.dims.iter().enumerate() {
            if d.trivial || !d.known(f) {
                continue;
            }
            lanes[nl] = if gathered[k] { Lane::new(&d.always, Part::Dense(&d.scratch), Part::None) } else { d.lane(f) };
            nl += 1;
        }
        let lanes = &mut lanes[..nl];
        'outer: for w in 0..self.words {
            let mut x = !0u64;
            for l in lanes.iter_mut() {
                x &= l.word(w);
                if x == 0 {
                    break;
                }
            }
            while x != 0 {
                let i = (w << 6) + x.trailing_zeros() as usize;
                if i >= self.n {
                    break 'outer;
                }
                if visit(i) {
                    break 'outer;
                }
                x &= x - 1;
            }
        }
        for (k, d) in self.dims.iter_mut().enumerate() {
            if gathered[k] {
                d.clear();
            }
        }
    }
}
