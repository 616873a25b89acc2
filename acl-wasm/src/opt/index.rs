//! A candidate index over terms, so that the optimizer compares a term with the few terms that can
//! relate to it instead of with all of them (the check engine's idea, [`crate::check`], over the
//! optimizer's exact relations).
//!
//! Five dimensions are indexed: protocol, source and destination address, source and destination
//! port. In each, a term is either `always` (no condition there, or one the index cannot place:
//! `except`, several conditions of the key, an opaque or non-contiguous address set) or placed as
//! intervals of numbers (ports and protocols as they are, addresses through an order-keeping map
//! that is exact for IPv4 and coarser for IPv6: intervals that meet still meet). A query is a set
//! of intervals per dimension; the candidates of a dimension are its `always` terms plus the terms
//! whose intervals meet the query's. The query walks the smallest dimension's candidates in term
//! order and keeps those every other dimension admits. The answer is a superset of the terms the
//! relation can hold for, in ascending order, so the caller's exact test decides as a linear scan
//! would.

use super::sets;
use super::compact::{CCond, CTerm};
use super::terms::{addresses_of, protocol_allowed, ranges_of};
use crate::ir::{Key, Ranges};
use std::borrow::Borrow;

type Ivs = Vec<(u64, u64)>;

/// An address of the combined space as a number, keeping order: IPv4 as it is, IPv6 by its top
/// 52 bits above every IPv4 address.
fn address_key((v6, x): sets::Pt) -> u64 {
    if v6 {
        (1u64 << 32) + (x >> 76) as u64
    } else {
        x as u64
    }
}

/// The one condition of `key`, when the term has exactly one and it is not negated.
fn single(t: &CTerm, key: Key) -> Option<&CCond> {
    let mut it = t.conds.iter().filter(|c| c.key == key);
    let c = it.next()?;
    if it.next().is_some() || c.except {
        return None;
    }
    Some(c)
}

fn placed_addresses(t: &CTerm, key: Key) -> Option<Ivs> {
    let set = addresses_of(single(t, key)?);
    if let sets::AddrSet::V4(lo, hi) = set {
        return Some(vec![(lo as u64, hi as u64)]);
    }
    let ivs = sets::addr_intervals(&set)?;
    Some(ivs.iter().map(|&(lo, hi)| (address_key(lo), address_key(hi))).collect())
}

fn placed_ports(t: &CTerm, key: Key) -> Option<Ivs> {
    Some(widen(&ranges_of(single(t, key)?)))
}

fn widen(r: &[(u32, u32)]) -> Ivs {
    r.iter().map(|&(a, b)| (a as u64, b as u64)).collect()
}

/// The intersection of a term's `protocol` conditions (what each allows), `None` without one.
fn protocol_conditions(t: &CTerm) -> Option<Ivs> {
    let mut set: Option<Ranges> = None;
    for c in t.conds.iter().filter(|c| c.key == Key::Protocol) {
        let allowed = protocol_allowed(c);
        set = Some(match set {
            None => allowed,
            Some(s) => sets::intersect(&s, &allowed),
        });
    }
    set.map(|s| widen(&s))
}

fn first_point(ivs: Option<Ivs>) -> Option<Ivs> {
    ivs?.first().map(|&(lo, _)| vec![(lo, lo)])
}

/// The relation an index answers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Which indexed terms may match every packet of a term.
    Containment,
    /// Which indexed terms may share a packet with a term.
    Overlap,
}

#[derive(Clone, Copy)]
enum Dimension {
    Address(Key),
    Port(Key),
    Protocol,
}

const DIMS: [Dimension; 5] = [
    Dimension::Address(Key::DestinationAddress),
    Dimension::Address(Key::SourceAddress),
    Dimension::Port(Key::DestinationPort),
    Dimension::Port(Key::SourcePort),
    Dimension::Protocol,
];

fn is_all(p: &[(u32, u32)]) -> bool {
    p == [(0, 255)]
}

impl Dimension {
    /// The term's intervals, `None` when the dimension never excludes it.
    fn place(self, rel: Relation, t: &CTerm, protocols: &[(u32, u32)]) -> Option<Ivs> {
        match self {
            Dimension::Address(k) => placed_addresses(t, k),
            Dimension::Port(k) => placed_ports(t, k),
            Dimension::Protocol if rel == Relation::Containment => protocol_conditions(t),
            Dimension::Protocol => (!is_all(protocols)).then(|| widen(protocols)),
        }
    }

    /// The query's intervals for term `t`, `None` when the dimension cannot narrow for it.
    fn probe(self, rel: Relation, t: &CTerm, protocols: &[(u32, u32)]) -> Option<Ivs> {
        let p = match (self, rel) {
            (Dimension::Protocol, Relation::Containment) => first_point(Some(widen(protocols))),
            (Dimension::Protocol, Relation::Overlap) => Some(widen(protocols)),
            (d, Relation::Containment) => first_point(d.place(rel, t, protocols)),
            (d, Relation::Overlap) => d.place(rel, t, protocols),
        };
        p.filter(|p| !p.is_empty())
    }
}

/// A static index of intervals: which entries meet a given interval. The entries containing a
/// point are found through a segment tree over the entries' end points (bottom-up, as many leaves
/// as end points; its node lists packed in one array); the entries starting inside an interval,
/// by binary search over the starts.
struct IntervalIndex {
    cuts: Vec<u64>,
    size: usize,
    first: Vec<u32>,
    ids: Vec<u32>,
    starts: Vec<u64>,
    start_ids: Vec<u32>,
}

impl IntervalIndex {
    fn new(entries: &[(u64, u64, u32)]) -> IntervalIndex {
        let mut cuts: Vec<u64> = Vec::with_capacity(entries.len() * 2);
        for &(lo, hi, _) in entries {
            cuts.push(lo);
            cuts.push(hi + 1);
        }
        cuts.sort_unstable();
        cuts.dedup();
        // a bottom-up tree needs no power of two: a range's nodes and a leaf's ancestors are
        // found the same way for any number of leaves
        let size = cuts.len().max(1);
        let rank = |x: u64| cuts.partition_point(|&c| c <= x) as isize - 1;
        let nodes = |lo: u64, hi: u64, f: &mut dyn FnMut(usize)| {
            let mut l = (rank(lo) + size as isize) as usize;
            let mut r = (rank(hi + 1) + size as isize) as usize;
            while l < r {
                if l & 1 == 1 {
                    f(l);
                    l += 1;
                }
                if r & 1 == 1 {
                    r -= 1;
                    f(r);
                }
                l >>= 1;
                r >>= 1;
            }
        };
        // node n's ids are ids[first[n]..first[n + 1]]; one array serves as the counts, the
        // cursors of the fill (each ends at its node's end) and then, moved up one place, the
        // starts
        let mut first = vec![0u32; 2 * size + 1];
        for &(lo, hi, _) in entries {
            nodes(lo, hi, &mut |n| first[n + 1] += 1);
        }
        for k in 1..first.len() {
            first[k] += first[k - 1];
        }
        let mut ids = vec![0u32; *first.last().unwrap_or(&0) as usize];
        for &(lo, hi, id) in entries {
            nodes(lo, hi, &mut |n| {
                ids[first[n] as usize] = id;
                first[n] += 1;
            });
        }
        first.pop();
        first.insert(0, 0);
        let mut order: Vec<&(u64, u64, u32)> = entries.iter().collect();
        order.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
        let starts = order.iter().map(|e| e.0).collect();
        let start_ids = order.iter().map(|e| e.2).collect();
        IntervalIndex { cuts, size, first, ids, starts, start_ids }
    }

    /// Calls `visit` with the ids of the entries meeting `[lo, hi]` (an id once per entry it has);
    /// stops early when `visit` returns `false`.
    fn meet(&self, lo: u64, hi: u64, visit: &mut dyn FnMut(u32) -> bool) -> bool {
        let leaf = self.cuts.partition_point(|&c| c <= lo) as isize - 1;
        if leaf >= 0 && (leaf as usize) + 1 < self.cuts.len() {
            let mut n = leaf as usize + self.size;
            while n >= 1 {
                for &id in &self.ids[self.first[n] as usize..self.first[n + 1] as usize] {
                    if !visit(id) {
                        return false;
                    }
                }
                n >>= 1;
            }
        }
        let from = self.starts.partition_point(|&s| s <= lo);
        let to = self.starts.partition_point(|&s| s <= hi);
        for &id in &self.start_ids[from..to] {
            if !visit(id) {
                return false;
            }
        }
        true
    }
}

/// One dimension built over a term list (ids are positions in [`TermIndex`]'s `ids`).
struct Dim {
    /// Positions the dimension never excludes, ascending.
    always: Vec<u32>,
    placed: IntervalIndex,
    /// Each indexed term's lowest and highest value (0 and `u64::MAX` for `always` terms): terms
    /// whose span misses a query's cannot meet it. Empty when every term is `always`.
    hull: Vec<(u64, u64)>,
}

/// Which terms may relate to a given term, as a superset; see the module's documentation.
pub struct TermIndex {
    rel: Relation,
    dims: Vec<Dim>,
    /// The indexed terms' ids, ascending.
    ids: Vec<u32>,
    marks: Vec<u32>,
    stamp: u32,
}

struct Cands {
    /// Take the always part from every position (else from the dimension's `always`).
    all: bool,
    dim: usize,
    from: usize,
    to: usize,
    found: Vec<u32>,
}

impl TermIndex {
    /// An index of the terms `terms[i]` for each `i` in `ids` (ascending; `protocols[i]` their
    /// protocols) answering `rel`.
    pub fn new<T: Borrow<CTerm>, R: Borrow<Ranges>>(rel: Relation, terms: &[T], protocols: &[R], ids: Vec<u32>) -> TermIndex {
        let dims = DIMS
            .iter()
            .map(|&kind| {
                let mut always = Vec::new();
                let mut hull = vec![(0u64, u64::MAX); ids.len()];
                let mut entries = Vec::new();
                for (pos, &i) in ids.iter().enumerate() {
                    let pos = pos as u32;
                    match kind.place(rel, terms[i as usize].borrow(), protocols[i as usize].borrow()) {
                        None => always.push(pos),
                        Some(ivs) => {
                            hull[pos as usize] = match (ivs.first(), ivs.last()) {
                                (Some(f), Some(l)) => (f.0, l.1),
                                _ => (u64::MAX, 0),
                            };
                            entries.extend(ivs.into_iter().map(|(lo, hi)| (lo, hi, pos)));
                        }
                    }
                }
                if always.len() == ids.len() {
                    hull = Vec::new();
                }
                Dim { always, placed: IntervalIndex::new(&entries), hull }
            })
            .collect();
        let n = ids.len();
        TermIndex { rel, dims, ids, marks: vec![0; n], stamp: 0 }
    }

    /// The ids indexed, ascending.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    fn next_stamp(&mut self) -> u32 {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.marks.iter_mut().for_each(|m| *m = 0);
            self.stamp = 1;
        }
        self.stamp
    }

    /// The candidates of dimension `d` among positions `[lo, hi)` when fewer than `limit`.
    fn candidates(&mut self, d: usize, probe: &[(u64, u64)], lo: u32, hi: u32, limit: usize) -> Option<Cands> {
        let always = &self.dims[d].always;
        let from = always.partition_point(|&x| x < lo);
        let to = always.partition_point(|&x| x < hi);
        let base = to - from;
        if base >= limit {
            return None;
        }
        let stamp = self.next_stamp();
        let marks = &mut self.marks;
        let mut found = Vec::new();
        let mut visit = |id: u32| {
            if id < lo || id >= hi || marks[id as usize] == stamp {
                return true;
            }
            marks[id as usize] = stamp;
            found.push(id);
            base + found.len() < limit
        };
        let placed = &self.dims[d].placed;
        if !probe.iter().all(|&(a, b)| placed.meet(a, b, &mut visit)) {
            return None;
        }
        found.sort_unstable();
        Some(Cands { all: false, dim: d, from, to, found })
    }

    /// Calls `visit` with the candidate ids for `t` (its protocols `tp`) among the indexed ids in
    /// `[lo, hi)`, ascending, until it returns `false`: the indexed terms of the most selective
    /// dimension that can narrow for `t`; without one, every indexed id in the span. Returns
    /// `false` when `visit` stopped the walk.
    pub fn for_each(&mut self, t: &CTerm, tp: &[(u32, u32)], lo: u32, hi: u32, visit: impl FnMut(usize) -> bool) -> bool {
        let probes = Probes::of(self.rel, t, tp);
        self.for_each_probed(&probes, lo, hi, visit)
    }

    /// [`TermIndex::for_each`] with the term's probes made ([`Probes::of`]).
    fn for_each_probed(&mut self, all: &Probes, lo: u32, hi: u32, mut visit: impl FnMut(usize) -> bool) -> bool {
        let lo = self.ids.partition_point(|&x| x < lo) as u32;
        let hi = self.ids.partition_point(|&x| x < hi) as u32;
        if lo >= hi {
            return true;
        }
        let mut best = Cands { all: true, dim: 0, from: lo as usize, to: hi as usize, found: Vec::new() };
        let mut probes: Vec<(usize, u64, u64)> = Vec::new();
        for d in 0..self.dims.len() {
            let probe = match &all.0[d] {
                Some(p) => p,
                None => continue,
            };
            probes.push((d, probe[0].0, probe[probe.len() - 1].1));
            let limit = best.to - best.from + best.found.len();
            if let Some(c) = self.candidates(d, probe, lo, hi, limit) {
                best = c;
            }
        }
        // the other dimensions filter the best one's candidates (the terms in all of them)
        let best_dim = if best.all { usize::MAX } else { best.dim };
        let admits = |pos: u32| {
            probes.iter().all(|&(d, plo, phi)| {
                if d == best_dim {
                    return true;
                }
                match self.dims[d].hull.get(pos as usize) {
                    Some(&(hlo, hhi)) => hlo <= phi && hhi >= plo,
                    None => true,
                }
            })
        };
        let always: &[u32] = if best.all { &[] } else { &self.dims[best.dim].always };
        let (mut i, mut j) = (best.from, 0);
        while i < best.to || j < best.found.len() {
            let pos = if best.all {
                i += 1;
                (i - 1) as u32
            } else if j >= best.found.len() || (i < best.to && always[i] < best.found[j]) {
                i += 1;
                always[i - 1]
            } else {
                j += 1;
                best.found[j - 1]
            };
            if admits(pos) && !visit(self.ids[pos as usize] as usize) {
                return false;
            }
        }
        true
    }
}

/// A term's probes of each dimension.
struct Probes(Vec<Option<Ivs>>);

impl Probes {
    fn of(rel: Relation, t: &CTerm, tp: &[(u32, u32)]) -> Probes {
        Probes(DIMS.iter().map(|d| d.probe(rel, t, tp)).collect())
    }
}

/// A containment index that grows as terms are added in ascending id order (the shadow pass adds
/// each term it keeps): blocks of static indexes whose sizes halve from the oldest to the newest
/// (two blocks of similar size are rebuilt as one), and the newest terms scanned as they are. A
/// query walks the blocks oldest first, so candidates still come in ascending order.
pub struct GrowingIndex {
    blocks: Vec<TermIndex>,
    pending: Vec<u32>,
}

/// Terms scanned as they are before they are indexed.
const PENDING: usize = 16;

impl GrowingIndex {
    /// An empty index.
    pub fn new() -> GrowingIndex {
        GrowingIndex { blocks: Vec::new(), pending: Vec::new() }
    }

    /// Adds term `id` (above every id added before).
    pub fn push<T: Borrow<CTerm>, R: Borrow<Ranges>>(&mut self, id: u32, terms: &[T], protocols: &[R]) {
        self.pending.push(id);
        if self.pending.len() < PENDING {
            return;
        }
        let mut ids = std::mem::take(&mut self.pending);
        while let Some(last) = self.blocks.last() {
            if last.ids().len() > ids.len() * 2 {
                break;
            }
            let mut older = self.blocks.pop().map(|b| b.ids).unwrap_or_default();
            older.extend_from_slice(&ids);
            ids = older;
        }
        self.blocks.push(TermIndex::new(Relation::Containment, terms, protocols, ids));
    }

    /// [`TermIndex::for_each`] over every id added (the pending ones checked one by one).
    pub fn for_each(&mut self, t: &CTerm, tp: &[(u32, u32)], mut visit: impl FnMut(usize) -> bool) -> bool {
        if self.blocks.is_empty() {
            return self.pending.iter().all(|&id| visit(id as usize));
        }
        let probes = Probes::of(Relation::Containment, t, tp);
        for b in self.blocks.iter_mut() {
            if !b.for_each_probed(&probes, 0, u32::MAX, &mut visit) {
                return false;
            }
        }
        self.pending.iter().all(|&id| visit(id as usize))
    }
}

impl Default for GrowingIndex {
    fn default() -> Self {
        GrowingIndex::new()
    }
}
