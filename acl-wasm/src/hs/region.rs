//! The analyses: which term decides each part of a region (first match wins), the flows on
//! which two ACLs decide differently, and the terms no flow reaches.
//!
//! All three rest on one walk: start from a region, and give each term in order the part of what
//! is left that it matches. Terms whose bounding box misses the region are skipped without
//! building their sets, so a walk over a small region costs little even in a long ACL.

use super::bdd::{Node, FALSE};
use super::space::Space;
use super::term::{BBox, HsAcl, Outcome};

/// A part of a region and the term deciding it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// Index in `Acl.terms`, or -1 for the implicit deny at the end.
    pub term: i32,
    /// Permitted?
    pub permit: bool,
    /// The packets.
    pub set: Node,
}

fn budget(s: &Space) -> Result<(), String> {
    if s.bdd.over_budget() {
        return Err(format!("the analysis needs more than {} decision-diagram nodes", s.bdd.budget));
    }
    Ok(())
}

/// Walks the deciding terms before position `upto` over `domain`: the parts they decide, in
/// term order, and what is left.
pub fn walk(s: &mut Space, acl: &mut HsAcl, domain: Node, dbox: &BBox, upto: usize) -> Result<(Vec<Part>, Node), String> {
    let mut parts = Vec::new();
    let mut left = domain;
    for k in 0..upto.min(acl.terms.len()) {
        if left == FALSE {
            break;
        }
        let t = &acl.terms[k];
        if t.outcome == Outcome::Next || !t.bbox.meets(dbox) {
            continue;
        }
        let (idx, permit) = (t.idx, t.outcome == Outcome::Permit);
        if t.is_box && t.bbox.holds(dbox) {
            // the term is a box holding the whole region: it takes what is left
            parts.push(Part { term: idx, permit, set: left });
            left = FALSE;
            break;
        }
        let m = acl.set(s, k)?;
        let hit = s.bdd.and(left, m);
        if hit != FALSE {
            parts.push(Part { term: idx, permit, set: hit });
            left = s.bdd.diff(left, m);
            budget(s)?;
        }
    }
    Ok((parts, left))
}

/// Every part of `domain` with its deciding term; the implicit deny last (term -1).
pub fn decide(s: &mut Space, acl: &mut HsAcl, domain: Node, dbox: &BBox) -> Result<Vec<Part>, String> {
    let n = acl.terms.len();
    let (mut parts, left) = walk(s, acl, domain, dbox, n)?;
    if left != FALSE {
        parts.push(Part { term: -1, permit: false, set: left });
    }
    Ok(parts)
}

/// Packets two ACLs decide differently, with the deciding term on each side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Difference {
    /// The old ACL's decision.
    pub old: Part,
    /// The new ACL's decision.
    pub new: Part,
    /// The packets.
    pub set: Node,
}

fn same_term(s: &mut Space, a: &mut HsAcl, i: usize, b: &mut HsAcl, j: usize) -> Result<bool, String> {
    if a.terms[i].outcome != b.terms[j].outcome {
        return Ok(false);
    }
    if a.terms[i].key == b.terms[j].key {
        return Ok(true);
    }
    Ok(a.set(s, i)? == b.set(s, j)?)
}

/// The exact set of packets on which `old` and `new` differ, split by deciding terms.
///
/// Terms equal on both sides at the start and at the end (same set, same decision) are aligned
/// first: a packet can only be decided differently if it matches one of the terms in between, so
/// the walk runs over the union of those only.
pub fn diff(s: &mut Space, old: &mut HsAcl, new: &mut HsAcl) -> Result<Vec<Difference>, String> {
    let da: Vec<usize> = (0..old.terms.len()).filter(|&k| old.terms[k].outcome != Outcome::Next).collect();
    let db: Vec<usize> = (0..new.terms.len()).filter(|&k| new.terms[k].outcome != Outcome::Next).collect();
    let mut p = 0;
    while p < da.len() && p < db.len() && same_term(s, old, da[p], new, db[p])? {
        p += 1;
    }
    let mut q = 0;
    while q < da.len() - p && q < db.len() - p && same_term(s, old, da[da.len() - 1 - q], new, db[db.len() - 1 - q])? {
        q += 1;
    }
    let middle_a = &da[p..da.len() - q];
    let middle_b = &db[p..db.len() - q];
    if middle_a.is_empty() && middle_b.is_empty() {
        return Ok(Vec::new());
    }
    let mut domain = FALSE;
    let mut dbox: Option<BBox> = None;
    for &k in middle_a {
        let m = old.set(s, k)?;
        domain = s.bdd.or(domain, m);
        let b = old.terms[k].bbox;
        dbox = Some(dbox.map(|d| d.hull(&b)).unwrap_or(b));
    }
    for &k in middle_b {
        let m = new.set(s, k)?;
        domain = s.bdd.or(domain, m);
        let b = new.terms[k].bbox;
        dbox = Some(dbox.map(|d| d.hull(&b)).unwrap_or(b));
    }
    budget(s)?;
    let dbox = dbox.unwrap_or_else(|| BBox::full(s));
    let mut out = Vec::new();
    for pa in decide(s, old, domain, &dbox)? {
        for pb in decide(s, new, pa.set, &dbox)? {
            if pa.permit != pb.permit {
                out.push(Difference { old: pa, new: pb, set: pb.set });
            }
        }
    }
    Ok(out)
}

/// A term no packet reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreachable {
    /// Index in `Acl.terms`.
    pub term: i32,
    /// The earlier terms that take every packet it matches, in order (empty: it matches none).
    pub shadowed_by: Vec<i32>,
}

/// For active term `k`: `None` when some packet reaches it, else the terms shadowing it: the
/// first earlier term that alone holds all its packets (a box holding its box), or else every
/// earlier term taking some of its packets, in order.
pub fn reach(s: &mut Space, acl: &mut HsAcl, k: usize) -> Result<Option<Vec<i32>>, String> {
    let m = acl.set(s, k)?;
    if m == FALSE {
        return Ok(Some(Vec::new()));
    }
    let b = acl.terms[k].bbox;
    // one earlier deciding term that is a box holding this term's box shadows it alone
    if let Some(t) = acl.terms[..k].iter().find(|t| t.outcome != Outcome::Next && t.is_box && t.bbox.holds(&b)) {
        return Ok(Some(vec![t.idx]));
    }
    let (parts, left) = walk(s, acl, m, &b, k)?;
    if left != FALSE {
        return Ok(None);
    }
    Ok(Some(parts.iter().map(|p| p.term).collect()))
}
