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

pub mod compact;
pub mod index;
pub mod sets;
pub mod terms;

use crate::emit::Format;
use crate::ir::{Acl, ActionKind, Key, Ranges, Source, Term};
use compact::{CTerm, Recipe, Sigs};
use index::{GrowingIndex, Relation, TermIndex};
use std::collections::HashMap;
use terms::{contains, is_deny, is_terminal, may_overlap, modifiers_sig, protocols};

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

/// A removed term: its input index, the shadowing term's (`None`: it repeated the implicit deny)
/// and its modifiers (an index into [`Report::modifiers`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Removed {
    /// Input index.
    pub index: u32,
    /// The shadowing term's input index, or `None` for `implicit-deny`.
    pub by: Option<u32>,
    /// Its modifiers' text, in [`Report::modifiers`] (0: none).
    pub modifiers: u32,
}

/// Input terms merged into one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The merged term's input index (the first term's).
    pub into: u32,
    /// Every input term merged into it, in order.
    pub terms: Vec<u32>,
    /// The condition keys whose values were unioned.
    pub keys: Vec<Key>,
}

/// What the optimizer did, by input index (written out by [`Report::write_json`] as
/// `OptimizeReport` of `lib/acl/tools/optimizer.ts`, or as its summary lines by
/// [`Report::write_summary`]): a few numbers per removed term, however many there are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Terms before.
    pub before: usize,
    /// Terms after.
    pub after: usize,
    /// Removed terms, in input order.
    pub removed: Vec<Removed>,
    /// Merges, in output order.
    pub merged: Vec<Merged>,
    /// Redundant terms kept (input index) and why.
    pub kept: Vec<(u32, String)>,
    /// The modifier texts removed terms had (`count=c1;syslog=true`); the first is `""`.
    pub modifiers: Vec<String>,
    /// Each input term's name and line.
    pub refs: Vec<(Option<String>, u32)>,
}

impl Report {
    fn modifiers_id(&mut self, text: String) -> u32 {
        if text.is_empty() {
            return 0;
        }
        match self.modifiers.iter().position(|m| *m == text) {
            Some(i) => i as u32,
            None => {
                self.modifiers.push(text);
                self.modifiers.len() as u32 - 1
            }
        }
    }

    fn write_name(&self, index: u32, out: &mut Vec<u8>) {
        match &self.refs[index as usize].0 {
            Some(n) => out.extend_from_slice(n.as_bytes()),
            None => out.extend_from_slice(format!("#{}", index + 1).as_bytes()),
        }
    }

    fn write_ref_json(&self, index: u32, out: &mut Vec<u8>) {
        out.extend_from_slice(b"\"term\":");
        match &self.refs[index as usize].0 {
            Some(n) => out.extend_from_slice(&serde_json::to_vec(n).unwrap_or_default()),
            None => out.extend_from_slice(format!("\"#{}\"", index + 1).as_bytes()),
        }
        out.extend_from_slice(format!(",\"index\":{},\"line\":{}", index, self.refs[index as usize].1).as_bytes());
    }

    /// Writes the report as JSON, as `JSON.stringify` writes `OptimizeReport`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("{{\"before\":{},\"after\":{},\"removed\":[", self.before, self.after).as_bytes());
        for (k, r) in self.removed.iter().enumerate() {
            out.extend_from_slice(if k > 0 { b",{" } else { b"{" });
            self.write_ref_json(r.index, out);
            match r.by {
                Some(by) => {
                    out.extend_from_slice(b",\"reason\":\"shadowed\",\"by\":{");
                    self.write_ref_json(by, out);
                    out.push(b'}');
                }
                None => out.extend_from_slice(b",\"reason\":\"implicit-deny\",\"by\":null"),
            }
            out.extend_from_slice(b",\"modifiers\":");
            out.extend_from_slice(&serde_json::to_vec(&self.modifiers[r.modifiers as usize]).unwrap_or_default());
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"merged\":[");
        for (k, m) in self.merged.iter().enumerate() {
            out.extend_from_slice(if k > 0 { b",{\"into\":{" } else { b"{\"into\":{" });
            self.write_ref_json(m.into, out);
            out.extend_from_slice(b"},\"terms\":[");
            for (k, &t) in m.terms.iter().enumerate() {
                out.extend_from_slice(if k > 0 { b",{" } else { b"{" });
                self.write_ref_json(t, out);
                out.push(b'}');
            }
            let keys: Vec<&str> = m.keys.iter().map(|k| k.as_str()).collect();
            out.extend_from_slice(b"],\"keys\":");
            out.extend_from_slice(&serde_json::to_vec(&keys).unwrap_or_default());
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"kept\":[");
        for (k, (index, why)) in self.kept.iter().enumerate() {
            out.extend_from_slice(if k > 0 { b",{" } else { b"{" });
            self.write_ref_json(*index, out);
            out.extend_from_slice(b",\"why\":");
            out.extend_from_slice(&serde_json::to_vec(why).unwrap_or_default());
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
    }

    fn write_label(&self, index: u32, out: &mut Vec<u8>) {
        out.extend_from_slice(b"term ");
        self.write_name(index, out);
        out.extend_from_slice(format!(" (line {})", self.refs[index as usize].1).as_bytes());
    }

    /// Writes the report as lines for people (`summarizeOptimization` in
    /// `lib/acl/tools/optimizer.ts`), each ending with a newline.
    pub fn write_summary(&self, out: &mut Vec<u8>) {
        let n = |x: usize| format!("{} term{}", x, if x == 1 { "" } else { "s" });
        out.extend_from_slice(format!("{} \u{2192} {}\n", n(self.before), n(self.after)).as_bytes());
        for r in &self.removed {
            out.extend_from_slice(b"removed ");
            self.write_label(r.index, out);
            match r.by {
                Some(by) => {
                    out.extend_from_slice(b": shadowed by ");
                    self.write_label(by, out);
                    let m = readable(&self.modifiers[r.modifiers as usize]);
                    if !m.is_empty() {
                        out.extend_from_slice(format!(" (its {} would never apply)", m).as_bytes());
                    }
                }
                None => out.extend_from_slice(b": repeats the implicit deny at the end"),
            }
            out.push(b'\n');
        }
        for m in &self.merged {
            let others: Vec<u32> = m.terms.iter().copied().filter(|&t| t != m.into).collect();
            if others.is_empty() {
                continue;
            }
            out.extend_from_slice(b"merged ");
            for (k, &t) in others.iter().enumerate() {
                if k > 0 {
                    out.extend_from_slice(b", ");
                }
                self.write_label(t, out);
            }
            out.extend_from_slice(b" into ");
            self.write_label(m.into, out);
            if !m.keys.is_empty() {
                let keys: Vec<&str> = m.keys.iter().map(|k| k.as_str()).collect();
                out.extend_from_slice(format!(" ({})", keys.join(", ")).as_bytes());
            }
            out.push(b'\n');
        }
        for (index, why) in &self.kept {
            out.extend_from_slice(b"kept ");
            self.write_label(*index, out);
            out.extend_from_slice(format!(": {}\n", why).as_bytes());
        }
    }
}

/// A modifiers text as people read it (`count c1, syslog`).
fn readable(sig: &str) -> String {
    sig.replace("=true", "").replace('=', " ").replace(';', ", ")
}

/// A term of the result being made: `s` is where its (possibly merged) term is stored, the place
/// of its first input term; `members` (store places) and `keys` only once it is a merge.
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

/// The terms being optimized in compact form (the ones the first shadow pass kept; merged terms
/// replace their first term's), their protocols and input indices, how the merged ones are made
/// (by store place), and the actions-with-modifiers they have.
struct Store {
    terms: Vec<CTerm>,
    protocols: Vec<Ranges>,
    input: Vec<u32>,
    recipes: HashMap<u32, Recipe>,
    sigs: Sigs,
}

impl Store {
    /// How the term at store place `s` is made from the input's terms.
    fn recipe(&self, s: usize) -> Recipe {
        match self.recipes.get(&(s as u32)) {
            Some(r) => r.clone(),
            None => Recipe { conds_from: self.input[s], unions: Vec::new() },
        }
    }
}

/// Is the term the implicit deny itself (IOS deny, Junos discard), with no modifiers?
fn is_implicit_deny(t: &CTerm, source: Source) -> bool {
    if t.inactive || t.modifiers {
        return false;
    }
    if source == Source::Junos {
        return t.kind == ActionKind::Discard;
    }
    is_deny(t.kind) && !t.code
}

fn shadow_pass(items: Vec<Item>, st: &Store, report: &mut Report) -> Vec<Item> {
    let terms: Vec<&CTerm> = items.iter().map(|it| &st.terms[it.s as usize]).collect();
    let protos: Vec<&Ranges> = items.iter().map(|it| &st.protocols[it.s as usize]).collect();
    // the kept, active, terminal items so far: the only ones that can shadow a later one
    let mut index = GrowingIndex::new();
    let mut kept = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        let t = terms[i];
        let mut by = None;
        if !t.inactive {
            index.for_each(t, protos[i], |k| {
                if !contains(terms[k], t, protos[i]) {
                    return true;
                }
                by = Some(k);
                false
            });
        }
        match by {
            None => {
                kept.push(i);
                if !t.inactive && is_terminal(t.kind) {
                    index.push(i as u32, &terms, &protos);
                }
            }
            Some(k) => {
                let modifiers = report.modifiers_id(modifiers_sig(st.sigs.modifiers(t.sig)));
                for &m in it.members().iter() {
                    report.removed.push(Removed { index: st.input[m as usize], by: Some(st.input[items[k].s as usize]), modifiers });
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
                                terms::Merge::Union(k, _) => Some(*k),
                            };
                            let merged = terms::merged_term(ta, tb, &m);
                            let recipe = match m {
                                terms::Merge::Wider { second: true, .. } => st.recipe(sb),
                                terms::Merge::Union(k, v) => {
                                    let mut r = st.recipe(sa);
                                    r.unions.retain(|(x, _)| *x != k);
                                    r.unions.push((k, v));
                                    r
                                }
                                _ => st.recipe(sa),
                            };
                            st.recipes.remove(&(sb as u32));
                            st.recipes.insert(sa as u32, recipe);
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
    let terms: Vec<&CTerm> = items.iter().map(|it| &st.terms[it.s as usize]).collect();
    let protos: Vec<&Ranges> = items.iter().map(|it| &st.protocols[it.s as usize]).collect();
    let plain: Vec<bool> = terms.iter().map(|t| is_implicit_deny(t, source)).collect();
    let ids = (0..terms.len() as u32).filter(|&i| !terms[i as usize].inactive && !plain[i as usize]).collect();
    let mut index = TermIndex::new(Relation::Overlap, &terms, &protos, ids);
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
                report.removed.push(Removed { index: st.input[m as usize], by: None, modifiers: 0 });
            }
            continue;
        }
        keep[i] = true;
        if !t.inactive && is_deny(t.kind) && t.modifiers && only_denies_after(i) {
            let m = readable(&modifiers_sig(st.sigs.modifiers(t.sig)));
            report.kept.push((st.input[items[i].s as usize], format!("repeats the implicit deny but has {}", m)));
        }
    }
    items.into_iter().zip(keep).filter(|(_, k)| *k).map(|(it, _)| it).collect()
}

/// The optimizer fed one term at a time, in order (from a whole parse, or as a streaming reader
/// reads them): the first shadow pass runs as the terms come, so a shadowed term is dropped at
/// once and only the kept ones are held, in compact form ([`compact`]). [`Reader::finish`] runs
/// the rest and answers a [`Builder`], which makes the IR of the terms written from the input's
/// terms given again (a second read of the text, or the parsed list).
pub struct Reader {
    report: Report,
    st: Store,
    index: GrowingIndex,
}

impl Reader {
    /// A reader with no term yet.
    pub fn new() -> Reader {
        let report = Report { modifiers: vec![String::new()], ..Report::default() };
        let st = Store { terms: Vec::new(), protocols: Vec::new(), input: Vec::new(), recipes: HashMap::new(), sigs: Sigs::default() };
        Reader { report, st, index: GrowingIndex::new() }
    }

    /// Takes the next input term: dropped (and reported) when an earlier kept, active, terminal
    /// term contains it, else kept (its compact form). Returns whether it was kept.
    pub fn push(&mut self, t: &Term) -> bool {
        let input = self.report.refs.len() as u32;
        self.report.refs.push((t.name.clone(), t.span.line));
        let ct = CTerm::of(t, &mut self.st.sigs);
        let tp = protocols(&ct);
        let mut by = None;
        if !ct.inactive {
            let st = &self.st;
            self.index.for_each(&ct, &tp, |k| {
                if !contains(&st.terms[k], &ct, &tp) {
                    return true;
                }
                by = Some(k);
                false
            });
        }
        if let Some(k) = by {
            let modifiers = self.report.modifiers_id(modifiers_sig(&t.modifiers));
            self.report.removed.push(Removed { index: input, by: Some(self.st.input[k]), modifiers });
            return false;
        }
        let pos = self.st.terms.len() as u32;
        let indexed = !ct.inactive && is_terminal(ct.kind);
        self.st.terms.push(ct);
        self.st.protocols.push(tp);
        self.st.input.push(input);
        if indexed {
            self.index.push(pos, &self.st.terms, &self.st.protocols);
        }
        true
    }

    /// Runs the rest of the optimizer (merges, further shadow passes, the deny pass) on the terms
    /// of a list read as `source`: the report, and the [`Builder`] of the optimized terms.
    pub fn finish(self, source: Source, opts: &Options) -> (Report, Builder) {
        let Reader { mut report, mut st, index } = self;
        drop(index);
        report.before = report.refs.len();
        let mut items: Vec<Item> = (0..st.terms.len() as u32).map(|s| Item { s, members: None, keys: None }).collect();
        // the first shadow pass ran as the terms came
        for pass in 0..100 {
            if pass > 0 {
                items = shadow_pass(items, &st, &mut report);
            }
            // without a merge the items are the ones this shadow pass kept, each already
            // compared with the kept items before it: another pass would change nothing
            if !merge_pass(&mut items, &mut st, opts.format, opts.window) {
                break;
            }
        }
        if !opts.keep_denies {
            items = deny_pass(items, &st, source, &mut report);
        }
        report.removed.sort_by_key(|r| r.index);
        let mut removed = vec![false; report.refs.len()];
        for r in &report.removed {
            removed[r.index as usize] = true;
        }
        for it in &items {
            if let Some(members) = &it.members {
                report.merged.push(Merged {
                    into: st.input[it.s as usize],
                    terms: members.iter().map(|&m| st.input[m as usize]).filter(|&m| !removed[m as usize]).collect(),
                    keys: it.keys.clone().unwrap_or_default(),
                });
            }
        }
        report.after = items.len();
        let builder = Builder::new(&items, &mut st, report.refs.len());
        (report, builder)
    }
}

impl Default for Reader {
    fn default() -> Self {
        Reader::new()
    }
}

/// Not written.
const NONE: u32 = u32::MAX;

/// How a merged term is made: its first input term, every input term merged into it (in order),
/// how ([`Recipe`]), and how many of them are still to come.
struct Plan {
    head: u32,
    members: Box<[u32]>,
    recipe: Recipe,
    left: u32,
}

/// Makes the IR of the optimized terms from the input's terms, given again in input order
/// ([`Builder::take`]), and hands them out in output order as soon as they and every term before
/// them are made ([`Builder::ready`]): an unmerged term is the input term as it is; a merged one
/// is made ([`Recipe`]) once its last member has come, the members held until then. So only the
/// terms made out of order wait (a merge moves a term at most the merge window), never the list.
pub struct Builder {
    /// Each input term's optimized term (`NONE`: removed).
    at: Vec<u32>,
    /// The merged terms' plans, by position.
    plans: HashMap<u32, Plan>,
    /// Members of merges not made yet, by input index.
    pending: HashMap<u32, Term>,
    /// Terms made and not handed out yet, by position.
    made: HashMap<u32, Term>,
    /// The next position to hand out.
    cursor: u32,
    /// How many terms there are.
    count: u32,
    /// The next input index [`Builder::take`] expects.
    next: u32,
    families: (bool, bool),
}

impl Builder {
    fn new(items: &[Item], st: &mut Store, inputs: usize) -> Builder {
        let mut at = vec![NONE; inputs];
        let mut plans = HashMap::new();
        let mut families = (false, false);
        for (k, it) in items.iter().enumerate() {
            let head = st.input[it.s as usize];
            for c in st.terms[it.s as usize].conds.iter() {
                match &c.vals {
                    compact::Vals::V4(..) => families.0 = true,
                    compact::Vals::Full(v) => {
                        if let crate::ir::Values::Addrs(a) = &**v {
                            for x in a.iter() {
                                if x.net.v6 {
                                    families.1 = true;
                                } else {
                                    families.0 = true;
                                }
                            }
                        }
                    }
                    compact::Vals::R1(_) => {}
                }
            }
            match &it.members {
                None => at[head as usize] = k as u32,
                Some(members) => {
                    let members: Box<[u32]> = members.iter().map(|&m| st.input[m as usize]).collect();
                    for &m in members.iter() {
                        at[m as usize] = k as u32;
                    }
                    let recipe = st.recipes.remove(&it.s).unwrap_or(Recipe { conds_from: head, unions: Vec::new() });
                    let left = members.len() as u32;
                    plans.insert(k as u32, Plan { head, members, recipe, left });
                }
            }
        }
        Builder { at, plans, pending: HashMap::new(), made: HashMap::new(), cursor: 0, count: items.len() as u32, next: 0, families }
    }

    /// Whether the optimized terms hold IPv4 and IPv6 addresses (`(has_v4, has_v6)`, as
    /// [`Term::add_families`] over them answers).
    pub fn families(&self) -> (bool, bool) {
        self.families
    }

    /// Takes the next input term (input order; each once).
    pub fn take(&mut self, t: Term) {
        self.take_at(self.next, t);
    }

    /// Takes input term `input` (ascending; every term [`Reader::push`] kept, the others may be
    /// left out).
    pub fn take_at(&mut self, input: u32, t: Term) {
        self.next = input + 1;
        let k = match self.at.get(input as usize) {
            Some(&k) if k != NONE => k,
            _ => return,
        };
        let plan = match self.plans.get_mut(&k) {
            None => {
                self.made.insert(k, t);
                return;
            }
            Some(p) => p,
        };
        plan.left -= 1;
        if plan.left > 0 {
            self.pending.insert(input, t);
            return;
        }
        let Plan { head, members, recipe, .. } = match self.plans.remove(&k) {
            Some(p) => p,
            None => return,
        };
        let mut got: Vec<(u32, Term)> = Vec::with_capacity(members.len());
        let mut last = Some(t);
        for &m in members.iter() {
            let term = if m == input { last.take() } else { self.pending.remove(&m) };
            if let Some(term) = term {
                got.push((m, term));
            }
        }
        let from = if recipe.conds_from != head { got.iter().find(|(m, _)| *m == recipe.conds_from).map(|(_, t)| t.conditions.clone()) } else { None };
        let mut comments = Vec::new();
        for (_, t) in got.iter_mut() {
            comments.append(&mut t.comments);
        }
        if let Some(pos) = got.iter().position(|(m, _)| *m == head) {
            let mut t = got.swap_remove(pos).1;
            recipe.apply(&mut t, from);
            t.comments = comments;
            self.made.insert(k, t);
        }
    }

    /// Moves the terms that are ready (made, and every term before them handed out) into `into`,
    /// in order.
    pub fn ready(&mut self, into: &mut Vec<Term>) {
        while let Some(t) = self.made.remove(&self.cursor) {
            into.push(t);
            self.cursor += 1;
        }
    }

    /// Whether every optimized term was handed out.
    pub fn done(&self) -> bool {
        self.cursor == self.count
    }

    /// The optimized terms not handed out yet, in order, once every input term was taken.
    pub fn finish(mut self) -> Vec<Term> {
        let mut out = Vec::with_capacity(self.made.len());
        self.ready(&mut out);
        out
    }
}

/// Optimizes `acl`'s terms without changing the answer for any packet (first-match semantics,
/// implicit deny at the end). Returns the report.
pub fn optimize(acl: &mut Acl, opts: &Options) -> Report {
    let mut reader = Reader::new();
    let terms = std::mem::take(&mut acl.terms);
    for t in &terms {
        reader.push(t);
    }
    let (report, mut builder) = reader.finish(acl.source, opts);
    for t in terms {
        builder.take(t);
    }
    acl.terms = builder.finish();
    report
}

