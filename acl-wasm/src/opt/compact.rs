//! The optimizer's compact form of a term: what its relations and merges read (action kind,
//! `inactive`, an interned action-and-modifiers id, and each condition's key, negation and
//! values), ~16 bytes a condition where the IR's `Condition` takes ~100. The common values (one
//! range, one plain IPv4 prefix) are held inline; any other value list is held as it is. The
//! optimizer keeps only this form of the terms it keeps, and the IR of the terms it writes is
//! rebuilt afterwards from the input's own terms ([`Recipe`], `super::Builder`).

use crate::addr::{Address, Net};
use crate::ir::{Action, ActionKind, Condition, Key, Modifiers, Term, Values};
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// A condition's values: one range, one plain IPv4 prefix (as its first and last address), or
/// the values as the IR holds them.
#[derive(Clone, Debug, PartialEq)]
pub enum Vals {
    /// `Values::Ranges` of one range.
    R1([(u32, u32); 1]),
    /// `Values::Addrs` of one plain IPv4 prefix: its first and last address.
    V4(u32, u32),
    /// Any other values.
    Full(Box<Values>),
}

/// A condition in compact form.
#[derive(Clone, Debug, PartialEq)]
pub struct CCond {
    /// Key.
    pub key: Key,
    /// Negated.
    pub except: bool,
    /// Values.
    pub vals: Vals,
}

fn plain_v4(a: &Address) -> Option<(u32, u32)> {
    if a.net.v6 || a.wildcard.is_some() || a.except || a.inactive {
        return None;
    }
    let lo = a.net.addr as u32;
    let host = if a.net.len >= 32 { 0 } else { u32::MAX >> a.net.len };
    Some((lo, lo | host))
}

impl CCond {
    /// The compact form of a condition.
    pub fn of(c: &Condition) -> CCond {
        CCond::from_values(c.key, c.except, &c.values)
    }

    /// The compact form of a condition of `key` with these values.
    pub fn from_values(key: Key, except: bool, v: &Values) -> CCond {
        let vals = match v {
            Values::Ranges(r) if r.len() == 1 => Vals::R1([r[0]]),
            Values::Addrs(a) if a.len() == 1 => match plain_v4(&a[0]) {
                Some((lo, hi)) => Vals::V4(lo, hi),
                None => Vals::Full(Box::new(v.clone())),
            },
            _ => Vals::Full(Box::new(v.clone())),
        };
        CCond { key, except, vals }
    }

    /// The ranges, or an empty slice.
    pub fn range_values(&self) -> &[(u32, u32)] {
        match &self.vals {
            Vals::R1(r) => r,
            Vals::Full(v) => match &**v {
                Values::Ranges(r) => r,
                _ => &[],
            },
            Vals::V4(..) => &[],
        }
    }

    /// The addresses, or none.
    pub fn addr_values(&self) -> Cow<'_, [Address]> {
        match &self.vals {
            Vals::V4(lo, hi) => Cow::Owned(vec![Address::plain(v4_net(*lo, *hi))]),
            Vals::Full(v) => match &**v {
                Values::Addrs(a) => Cow::Borrowed(a),
                _ => Cow::Borrowed(&[]),
            },
            Vals::R1(_) => Cow::Borrowed(&[]),
        }
    }

    /// The values as the IR holds them.
    pub fn values(&self) -> Cow<'_, Values> {
        match &self.vals {
            Vals::R1(r) => Cow::Owned(Values::Ranges(r.iter().copied().collect())),
            Vals::V4(lo, hi) => Cow::Owned(Values::Addrs(std::iter::once(Address::plain(v4_net(*lo, *hi))).collect())),
            Vals::Full(v) => Cow::Borrowed(v),
        }
    }

    /// Has the condition no values?
    pub fn values_empty(&self) -> bool {
        match &self.vals {
            Vals::Full(v) => match &**v {
                Values::Ranges(r) => r.is_empty(),
                Values::Addrs(r) => r.is_empty(),
                Values::Names(r) => r.is_empty(),
            },
            _ => false,
        }
    }
}

/// The prefix of an IPv4 block given by its first and last address.
fn v4_net(lo: u32, hi: u32) -> Net {
    Net::new(false, lo as u128, (32 - (hi - lo).count_ones()) as u8)
}

/// A term in compact form.
#[derive(Clone, Debug, PartialEq)]
pub struct CTerm {
    /// Its action and modifiers, interned ([`Sigs`]): equal ids, equal actions and modifiers.
    pub sig: u32,
    /// The action's kind.
    pub kind: ActionKind,
    /// `inactive:`.
    pub inactive: bool,
    /// Has it any modifier set?
    pub modifiers: bool,
    /// Has its action a (Junos reject) code?
    pub code: bool,
    /// Conditions (AND).
    pub conds: Box<[CCond]>,
}

impl CTerm {
    /// The compact form of `t`, its action and modifiers interned in `sigs`.
    pub fn of(t: &Term, sigs: &mut Sigs) -> CTerm {
        CTerm {
            sig: sigs.id(&t.action, &t.modifiers),
            kind: t.action.kind,
            inactive: t.inactive,
            modifiers: super::terms::has_modifiers(&t.modifiers),
            code: t.action.code.is_some(),
            conds: t.conditions.iter().map(CCond::of).collect(),
        }
    }
}

/// The distinct actions-with-modifiers of the terms seen, each once.
#[derive(Default)]
pub struct Sigs {
    all: Vec<(Action, Modifiers)>,
    by_hash: HashMap<u64, Vec<u32>>,
    /// The last id answered: consecutive terms mostly share it, and are not hashed.
    last: Option<u32>,
}

fn sig_hash(a: &Action, m: &Modifiers) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (a.kind as u8, &a.code, &a.target).hash(&mut h);
    (&m.count, m.log, m.log_input, m.syslog, m.sample, m.port_mirror, &m.policer, &m.forwarding_class, &m.loss_priority, &m.ipsec_sa).hash(&mut h);
    h.finish()
}

impl Sigs {
    /// The id of an action and modifiers (added when new).
    pub fn id(&mut self, a: &Action, m: &Modifiers) -> u32 {
        if let Some(id) = self.last {
            let (x, y) = &self.all[id as usize];
            if x == a && y == m {
                return id;
            }
        }
        let ids = self.by_hash.entry(sig_hash(a, m)).or_default();
        let mut found = None;
        for &id in ids.iter() {
            let (x, y) = &self.all[id as usize];
            if x == a && y == m {
                found = Some(id);
                break;
            }
        }
        let id = match found {
            Some(id) => id,
            None => {
                let id = self.all.len() as u32;
                self.all.push((a.clone(), m.clone()));
                ids.push(id);
                id
            }
        };
        self.last = Some(id);
        id
    }

    /// The modifiers of an id.
    pub fn modifiers(&self, id: u32) -> &Modifiers {
        &self.all[id as usize].1
    }
}

/// How the IR of a merged term is made from the input's terms: the first member's term with the
/// conditions of input term `conds_from`, the values of some keys replaced by their unions, and
/// every member's comments in order (what merging the IR terms one pair at a time gives).
#[derive(Clone, Debug, PartialEq)]
pub struct Recipe {
    /// The input term whose conditions the merged term has.
    pub conds_from: u32,
    /// Keys whose values are replaced (the unions), in the order they were made.
    pub unions: Vec<(Key, Values)>,
}

impl Recipe {
    /// The merged term: `head` (the first member's term) with the conditions `from` (those of
    /// `conds_from`; `None`: its own) and the unions applied.
    pub fn apply(&self, head: &mut Term, from: Option<Vec<Condition>>) {
        if let Some(f) = from {
            head.conditions = f;
        }
        for (k, v) in &self.unions {
            if let Some(c) = head.conditions.iter_mut().find(|c| c.key == *k) {
                c.values = v.clone();
            }
        }
    }
}
