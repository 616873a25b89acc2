//! The ACL optimizer (`trigger optimizer`, `optimize()` in `lib/acl/tools`): drops terms that can
//! never decide (shadowed by an earlier term, or denies the implicit deny already makes) and
//! merges terms that differ in one condition, keeping the first-match answer of every packet.
//!
//! - A shadow pass removes each term an earlier kept, active, terminal term contains (the first
//!   such term is reported), comparing it only with the candidates of an index ([`index`]).
//! - A merge pass joins terms at most `window` apart that have the same action and modifiers and
//!   differ in one condition (ranges coalesced, prefixes aggregated exactly), when no term between
//!   them can match the packets that move; IOS-family formats only get merges that keep one value
//!   per line. The two passes repeat until nothing merges.
//! - Unless `keep_denies`, a deny pass removes plain denies the implicit deny repeats, and reports
//!   the denies that would repeat it but log or count.
//!
//! Inactive terms and `next-term` terms are never removed as shadowers or merged; prefix lists,
//! tcp-flags, `except` keys and unknown fields are compared by identity only.

pub mod index;
pub mod sets;
pub mod terms;

use crate::emit::Format;
use crate::ir::{Acl, ActionKind, Key, Ranges, Source, Term};
use index::{Relation, TermIndex};
use serde::Serialize;
use terms::{contains, has_modifiers, is_deny, is_terminal, may_overlap, modifiers_sig, protocols};

/// What to optimize for.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The format the result will be written in (IOS-family formats: one value per line).
    pub format: Format,
    /// Keep deny terms that only repeat the implicit deny.
    pub keep_denies: bool,
    /// How many terms apart two terms may be to be merged.
    pub window: usize,
}

/// The format an ACL is written in when none is asked for: its own.
pub fn default_format(source: Source) -> Format {
    match source {
        Source::Ios | Source::IosStandard => Format::Ios,
        Source::IosNamed | Source::IosNamedStandard | Source::Ipv6 => Format::IosNamed,
        Source::Brocade => Format::Brocade,
        Source::Junos => Format::Junos,
        Source::Nxos => Format::Nxos,
        Source::Eos => Format::Eos,
        Source::Iosxr => Format::Iosxr,
        Source::Asa => Format::Asa,
    }
}

/// A term of the input, by name (or `#N`), index and line.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct TermRef {
    /// `NAME`, or `#N` (1-based position) for unnamed entries.
    pub term: String,
    /// Index in the input's terms.
    pub index: usize,
    /// Line in the input.
    pub line: u32,
}

/// A removed term.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Removed {
    /// The term.
    #[serde(flatten)]
    pub at: TermRef,
    /// `shadowed` or `implicit-deny`.
    pub reason: &'static str,
    /// The shadowing term, for `shadowed`.
    pub by: Option<TermRef>,
    /// Its modifiers (`count=c1;syslog=true`), `""` when none.
    pub modifiers: String,
}

/// Terms merged into one.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Merged {
    /// The merged term (the first term's name and place).
    pub into: TermRef,
    /// Every input term merged into it, in order.
    pub terms: Vec<TermRef>,
    /// The condition keys whose values were unioned.
    pub keys: Vec<&'static str>,
}

/// A redundant term kept, and why.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Kept {
    /// The term.
    #[serde(flatten)]
    pub at: TermRef,
    /// Why (its logging or counting).
    pub why: String,
}

/// What the optimizer did (the JSON of `OptimizeReport` in `lib/acl/tools/optimizer.ts`).
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Terms before.
    pub before: usize,
    /// Terms after.
    pub after: usize,
    /// Removed terms, in input order.
    pub removed: Vec<Removed>,
    /// Merges, in output order.
    pub merged: Vec<Merged>,
    /// Redundant terms kept.
    pub kept: Vec<Kept>,
}

/// A term of the result being made: `s` is the input index of its first term, where its
/// (possibly merged) term is stored; `members` and `keys` only once it is a merge.
struct Item {
    s: u32,
    members: Option<Vec<u32>>,
    keys: Option<Vec<Key>>,
}

impl Item {
    fn members(&self) -> std::borrow::Cow<'_, [u32]> {
        match &self.members {
            Some(m) => std::borrow::Cow::Borrowed(m),
            None => std::borrow::Cow::Owned(vec![self.s]),
        }
    }
}

/// The terms being optimized (merged terms replace their first term's) and their protocols.
struct Store {
    terms: Vec<Term>,
    protocols: Vec<Ranges>,
}

impl Store {
    fn term_ref(&self, index: u32) -> TermRef {
        let t = &self.terms[index as usize];
        let term = match &t.name {
            Some(n) => n.clone(),
            None => format!("#{}", index + 1),
        };
        TermRef { term, index: index as usize, line: t.span.line }
    }
}

/// Is the term the implicit deny itself (IOS deny, Junos discard), with no modifiers?
fn is_implicit_deny(t: &Term, source: Source) -> bool {
    if t.inactive || has_modifiers(&t.modifiers) {
        return false;
    }
    if source == Source::Junos {
        return t.action.kind == ActionKind::Discard;
    }
    is_deny(&t.action) && t.action.code.is_none()
}

fn shadow_pass(items: Vec<Item>, st: &Store, report: &mut Report) -> Vec<Item> {
    let terms: Vec<&Term> = items.iter().map(|it| &st.terms[it.s as usize]).collect();
    let protos: Vec<&Ranges> = items.iter().map(|it| &st.protocols[it.s as usize]).collect();
    let mut index = TermIndex::new(Relation::Containment, &terms, &protos, |i| !terms[i].inactive && is_terminal(&terms[i].action));
    let mut removed = vec![false; items.len()];
    let mut kept = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        let t = terms[i];
        let mut by = None;
        if !t.inactive {
            index.for_each(t, protos[i], 0, i as u32, |k| {
                if removed[k] || !contains(terms[k], t, protos[i]) {
                    return true;
                }
                by = Some(k);
                false
            });
        }
        match by {
            None => kept.push(i),
            Some(k) => {
                removed[i] = true;
                let by = st.term_ref(items[k].s);
                let modifiers = modifiers_sig(&t.modifiers);
                for &m in it.members().iter() {
                    report.removed.push(Removed { at: st.term_ref(m), reason: "shadowed", by: Some(by.clone()), modifiers: modifiers.clone() });
                }
            }
        }
    }
    drop(index);
    let mut slots: Vec<Option<Item>> = items.into_iter().map(Some).collect();
    kept.into_iter().filter_map(|i| slots[i].take()).collect()
}

const NIL: usize = usize::MAX;

/// Merges pairs of items at most `window` apart (the merged item takes the place of the one that
/// can move), rescanning from just before each merge. The items form a linked list, so that a
/// merge costs nothing per item. Returns whether anything was merged.
fn merge_pass(items: &mut Vec<Item>, st: &mut Store, format: Format, window: usize) -> bool {
    let n = items.len();
    if n == 0 {
        return false;
    }
    let mut next: Vec<usize> = (1..=n).map(|k| if k == n { NIL } else { k }).collect();
    let mut prev: Vec<usize> = (0..n).map(|k| if k == 0 { NIL } else { k - 1 }).collect();
    let mut head = 0;
    let mut slots: Vec<Option<Item>> = std::mem::take(items).into_iter().map(Some).collect();
    let mergeable: Vec<bool> = slots.iter().map(|s| terms::mergeable(&st.terms[s.as_ref().map_or(0, |it| it.s as usize)])).collect();
    let mut mergeable = mergeable;
    let mut changed = false;
    // can no active item strictly between `from` and `to` match a packet of store term `s`?
    let none_overlap = |slots: &[Option<Item>], next: &[usize], from: usize, to: usize, s: usize, st: &Store| {
        let (t, p) = (&st.terms[s], &st.protocols[s]);
        let mut k = next[from];
        while k != to {
            let u = slots[k].as_ref().map_or(0, |it| it.s as usize);
            if !st.terms[u].inactive && may_overlap(&st.terms[u], &st.protocols[u], t, p) {
                return false;
            }
            k = next[k];
        }
        true
    };
    let mut i = head;
    while i != NIL {
        let mut j = next[i];
        let mut dist = 1;
        let mut restart = None;
        while j != NIL && dist <= window {
            if mergeable[i] && mergeable[j] {
                let (sa, sb) = (slots[i].as_ref().map_or(0, |it| it.s as usize), slots[j].as_ref().map_or(0, |it| it.s as usize));
                let (ta, tb) = (&st.terms[sa], &st.terms[sb]);
                if terms::same_merge_sig(ta, tb) {
                    if let Some(m) = terms::merge(ta, tb, format) {
                        let at = if none_overlap(&slots, &next, i, j, sb, st) {
                            Some(i)
                        } else if none_overlap(&slots, &next, i, j, sa, st) {
                            Some(j)
                        } else {
                            None
                        };
                        if let Some(at) = at {
                            let key = match &m {
                                terms::Merge::Same => None,
                                terms::Merge::Wider { key, .. } => Some(*key),
                                terms::Merge::Union(c) => Some(c.key),
                            };
                            let merged = terms::merged_term(ta, tb, m);
                            let a = slots[i].take().unwrap_or(Item { s: 0, members: None, keys: None });
                            let b = slots[j].take().unwrap_or(Item { s: 0, members: None, keys: None });
                            let mut members = a.members().into_owned();
                            members.extend(b.members().iter());
                            let mut keys: Vec<Key> = a.keys.clone().unwrap_or_default();
                            keys.extend(b.keys.iter().flatten());
                            if let Some(k) = key {
                                keys.push(k);
                                let mut seen = Vec::new();
                                keys.retain(|k| {
                                    let first = !seen.contains(k);
                                    seen.push(*k);
                                    first
                                });
                            }
                            st.protocols[sa] = protocols(&merged);
                            mergeable[at] = terms::mergeable(&merged);
                            st.terms[sa] = merged;
                            slots[at] = Some(Item { s: sa as u32, members: Some(members), keys: Some(keys) });
                            let gone = if at == i { j } else { i };
                            let before_i = prev[i];
                            let (p, q) = (prev[gone], next[gone]);
                            if p != NIL {
                                next[p] = q;
                            } else {
                                head = q;
                            }
                            if q != NIL {
                                prev[q] = p;
                            }
                            changed = true;
                            restart = Some(if before_i != NIL { before_i } else { head });
                            break;
                        }
                    }
                }
            }
            j = next[j];
            dist += 1;
        }
        i = match restart {
            Some(r) => r,
            None => next[i],
        };
    }
    let mut out = Vec::with_capacity(n);
    let mut k = head;
    while k != NIL {
        if let Some(it) = slots[k].take() {
            out.push(it);
        }
        k = next[k];
    }
    *items = out;
    changed
}

fn deny_pass(items: Vec<Item>, st: &Store, source: Source, report: &mut Report) -> Vec<Item> {
    let terms: Vec<&Term> = items.iter().map(|it| &st.terms[it.s as usize]).collect();
    let protos: Vec<&Ranges> = items.iter().map(|it| &st.protocols[it.s as usize]).collect();
    let plain: Vec<bool> = terms.iter().map(|t| is_implicit_deny(t, source)).collect();
    let mut index = TermIndex::new(Relation::Overlap, &terms, &protos, |i| !terms[i].inactive && !plain[i]);
    let n = items.len() as u32;
    let mut only_denies_after = |i: usize| {
        let t = terms[i];
        index.for_each(t, protos[i], i as u32 + 1, n, |o| !may_overlap(terms[o], protos[o], t, protos[i]))
    };
    let mut keep = vec![false; items.len()];
    // backwards (the report lists kept denies last first); a dropped item is a plain deny, which
    // the test ignores: testing against every later item is testing against the kept ones
    for i in (0..items.len()).rev() {
        let t = terms[i];
        if plain[i] && only_denies_after(i) {
            for &m in items[i].members().iter() {
                report.removed.push(Removed { at: st.term_ref(m), reason: "implicit-deny", by: None, modifiers: String::new() });
            }
            continue;
        }
        keep[i] = true;
        if !t.inactive && is_deny(&t.action) && has_modifiers(&t.modifiers) && only_denies_after(i) {
            let m = modifiers_sig(&t.modifiers).replace("=true", "").replace('=', " ").replace(';', ", ");
            report.kept.push(Kept { at: st.term_ref(items[i].s), why: format!("repeats the implicit deny but has {}", m) });
        }
    }
    items.into_iter().zip(keep).filter(|(_, k)| *k).map(|(it, _)| it).collect()
}

/// Optimizes `acl`'s terms without changing the answer for any packet (first-match semantics,
/// implicit deny at the end). Returns the optimized terms and the report.
pub fn optimize(acl: &mut Acl, opts: &Options) -> Report {
    let mut report = Report { before: acl.terms.len(), ..Report::default() };
    let terms = std::mem::take(&mut acl.terms);
    let protocols = terms.iter().map(protocols).collect();
    let mut st = Store { terms, protocols };
    let mut items: Vec<Item> = (0..st.terms.len() as u32).map(|s| Item { s, members: None, keys: None }).collect();
    for _ in 0..100 {
        items = shadow_pass(items, &st, &mut report);
        // without a merge the items are the ones this shadow pass kept, each already compared
        // with the kept items before it: another pass would change nothing
        if !merge_pass(&mut items, &mut st, opts.format, opts.window) {
            break;
        }
    }
    if !opts.keep_denies {
        items = deny_pass(items, &st, acl.source, &mut report);
    }
    report.removed.sort_by_key(|r| r.at.index);
    let mut removed = vec![false; st.terms.len()];
    for r in &report.removed {
        removed[r.at.index] = true;
    }
    for it in &items {
        if let Some(members) = &it.members {
            report.merged.push(Merged {
                into: st.term_ref(it.s),
                terms: members.iter().filter(|&&m| !removed[m as usize]).map(|&m| st.term_ref(m)).collect(),
                keys: it.keys.iter().flatten().map(|k| k.as_str()).collect(),
            });
        }
    }
    report.after = items.len();
    let mut store: Vec<Option<Term>> = st.terms.into_iter().map(Some).collect();
    acl.terms = items.iter().filter_map(|it| store[it.s as usize].take()).collect();
    report
}
