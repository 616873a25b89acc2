//! The access checker: an ACL compiled into flat per-term matchers plus a candidate index
//! (see `check/index.rs`), evaluated with three-valued logic (ABI.md "Check semantics").
//!
//! Assumptions, documented for users:
//! - a flow without fragment fields is not a fragment: `is-fragment`/`first-fragment`/IOS
//!   `fragments` do not match it, `fragment-offset` matches it when its ranges contain 0;
//! - a flow without tcp flags is a SYN (so `established` does not match it);
//! - port conditions only match tcp, udp and sctp flows; ICMP conditions only ICMP/ICMPv6 flows;
//! - dscp, precedence (the top 3 bits of the DSCP), packet-length and fragment-flags match the
//!   flow's fields when it gives them; without them, and always for prefix lists, ttl and
//!   ip-options, the condition is a possible match, and an undetermined result names the fields
//!   ([`missing`] bits) the deciding term needed;
//! - a family-specific ACL (Junos `family inet|inet6`, IOS `ipv6 access-list`) denies flows of the
//!   other family at the implicit end (term -1).

pub mod answers;
pub mod flags;
pub mod index;
pub mod lines;
pub mod stream;

use crate::addr::Address;
use crate::ir::{Acl, ActionKind, Condition, Family, Key, Source, Values};

/// A flow (the 48-byte layout, decoded).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    /// IPv6?
    pub v6: bool,
    /// Known-field bits: 1 protocol, 2 sport, 4 dport, 8 icmpType, 16 icmpCode, 32 tcpFlags.
    pub known: u8,
    /// Protocol.
    pub proto: u8,
    /// TCP flags.
    pub flags: u8,
    /// Source port.
    pub sport: u16,
    /// Destination port.
    pub dport: u16,
    /// ICMP type.
    pub icmp_type: u8,
    /// ICMP code.
    pub icmp_code: u8,
    /// More known-field bits ([`extra`]): dscp, fragment, packet length.
    pub known2: u8,
    /// DSCP (0..63).
    pub dscp: u8,
    /// Packet length in bytes.
    pub length: u16,
    /// The IP fragment field: offset in 8-byte units (low 13 bits), 0x2000 more-fragments,
    /// 0x4000 dont-fragment, 0x8000 reserved.
    pub frag: u16,
    /// Source address (IPv4 in the low 32 bits).
    pub src: u128,
    /// Destination address.
    pub dst: u128,
}

/// Known-field bits.
pub mod known {
    /// Protocol.
    pub const PROTO: u8 = 1;
    /// Source port.
    pub const SPORT: u8 = 2;
    /// Destination port.
    pub const DPORT: u8 = 4;
    /// ICMP type.
    pub const ICMP_TYPE: u8 = 8;
    /// ICMP code.
    pub const ICMP_CODE: u8 = 16;
    /// TCP flags.
    pub const FLAGS: u8 = 32;
}

/// Known-field bits of byte 10 (`Flow::known2`).
pub mod extra {
    /// DSCP (and so precedence).
    pub const DSCP: u8 = 1;
    /// The fragment field (offset and flags).
    pub const FRAGMENT: u8 = 2;
    /// Packet length.
    pub const LENGTH: u8 = 4;
}

/// Bits of the fields an undetermined result lacked (result bytes 2..4, ABI.md).
pub mod missing {
    /// Protocol.
    pub const PROTO: u16 = 1;
    /// Source port.
    pub const SPORT: u16 = 2;
    /// Destination port.
    pub const DPORT: u16 = 4;
    /// ICMP type.
    pub const ICMP_TYPE: u16 = 8;
    /// ICMP code.
    pub const ICMP_CODE: u16 = 16;
    /// TCP flags.
    pub const FLAGS: u16 = 32;
    /// DSCP / precedence.
    pub const DSCP: u16 = 64;
    /// Fragment offset and flags.
    pub const FRAGMENT: u16 = 128;
    /// Packet length.
    pub const LENGTH: u16 = 256;
    /// TTL (a flow never gives it).
    pub const TTL: u16 = 512;
    /// IP options (never given).
    pub const IP_OPTIONS: u16 = 1024;
    /// Prefix lists (unresolved names: never known).
    pub const PREFIX_LIST: u16 = 2048;
}

impl Flow {
    /// Decodes the 48-byte layout.
    pub fn decode(b: &[u8]) -> Flow {
        let v6 = b[0] == 6;
        let addr = |o: usize| -> u128 {
            if v6 {
                let mut a = [0u8; 16];
                a.copy_from_slice(&b[o..o + 16]);
                u128::from_be_bytes(a)
            } else {
                u32::from_be_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]]) as u128
            }
        };
        Flow {
            v6,
            known: b[1],
            proto: b[2],
            flags: b[3],
            sport: u16::from_le_bytes([b[4], b[5]]),
            dport: u16::from_le_bytes([b[6], b[7]]),
            icmp_type: b[8],
            icmp_code: b[9],
            known2: b[10],
            dscp: b[11],
            length: u16::from_le_bytes([b[12], b[13]]),
            frag: u16::from_le_bytes([b[14], b[15]]),
            src: addr(16),
            dst: addr(32),
        }
    }

    /// Encodes into the 48-byte layout.
    pub fn encode(&self) -> [u8; 48] {
        let mut b = [0u8; 48];
        b[0] = if self.v6 { 6 } else { 4 };
        b[1] = self.known;
        b[2] = self.proto;
        b[3] = self.flags;
        b[4..6].copy_from_slice(&self.sport.to_le_bytes());
        b[6..8].copy_from_slice(&self.dport.to_le_bytes());
        b[8] = self.icmp_type;
        b[9] = self.icmp_code;
        b[10] = self.known2;
        b[11] = self.dscp;
        b[12..14].copy_from_slice(&self.length.to_le_bytes());
        b[14..16].copy_from_slice(&self.frag.to_le_bytes());
        if self.v6 {
            b[16..32].copy_from_slice(&self.src.to_be_bytes());
            b[32..48].copy_from_slice(&self.dst.to_be_bytes());
        } else {
            b[16..20].copy_from_slice(&(self.src as u32).to_be_bytes());
            b[32..36].copy_from_slice(&(self.dst as u32).to_be_bytes());
        }
        b
    }
}

/// Three-valued match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tri {
    /// Does not match.
    No,
    /// Might match (a field is unknown).
    Maybe,
    /// Matches.
    Yes,
}

/// The result of a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// 0 denied, 1 permitted, 2 undetermined.
    pub result: u8,
    /// Deciding term, or -1.
    pub term: i32,
    /// For undetermined results: the [`missing`] fields that term needed.
    pub missing: u16,
}

/// What a term leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Permitted.
    Permit,
    /// Denied.
    Deny,
    /// Continue.
    Next,
}

/// A compiled condition.
#[derive(Clone, Debug)]
pub enum CCond {
    /// Protocol ranges.
    Proto(Vec<(u32, u32)>),
    /// Source addresses.
    Src(Vec<Address>),
    /// Destination addresses.
    Dst(Vec<Address>),
    /// Either address.
    Either(Vec<Address>),
    /// Source port.
    SPort(Vec<(u32, u32)>),
    /// Destination port.
    DPort(Vec<(u32, u32)>),
    /// Either port.
    Port(Vec<(u32, u32)>),
    /// ICMP type.
    IcmpType(Vec<(u32, u32)>),
    /// ICMP code.
    IcmpCode(Vec<(u32, u32)>),
    /// TCP flags truth table.
    Flags(u64),
    /// DSCP.
    Dscp(Vec<(u32, u32)>),
    /// Precedence (DSCP >> 3).
    Precedence(Vec<(u32, u32)>),
    /// Packet length.
    Length(Vec<(u32, u32)>),
    /// Fragment offset (a flow without fragment fields has offset 0).
    FragOffset(Vec<(u32, u32)>),
    /// A fragment: offset > 0 or more-fragments (not one without fragment fields).
    IsFragment,
    /// A first fragment: offset 0 and more-fragments.
    FirstFragment,
    /// Fragment flags truth table over more-fragments 1, dont-fragment 2, reserved 4.
    FragFlags(u64),
    /// A field a flow never gives ([`missing`] bit): a possible match.
    Unknown(u16),
}

/// A compiled term.
#[derive(Clone, Debug)]
pub struct CTerm {
    /// Index in `Acl.terms`.
    pub idx: i32,
    /// Outcome when it matches.
    pub outcome: Outcome,
    /// Conditions with their negation.
    pub conds: Vec<(CCond, bool)>,
}

#[inline]
fn in_ranges(r: &[(u32, u32)], v: u32) -> bool {
    r.iter().any(|&(lo, hi)| lo <= v && v <= hi)
}

/// Address list semantics: the longest matching active entry decides; `except` entries negate.
fn addr_match(list: &[Address], v6: bool, a: u128) -> bool {
    if !list.iter().any(|x| x.except) {
        return list.iter().any(|e| !e.inactive && e.matches(v6, a));
    }
    let mut best: Option<(u32, bool)> = None;
    for e in list {
        if e.inactive || !e.matches(v6, a) {
            continue;
        }
        let len = match e.wildcard {
            Some(w) => 32 - w.count_ones(),
            None => e.net.len as u32,
        };
        if best.map(|(l, _)| len > l || (len == l && e.except)).unwrap_or(true) {
            best = Some((len, e.except));
        }
    }
    matches!(best, Some((_, false)))
}

const PORT_PROTOS: [u8; 3] = [6, 17, 132];

impl CCond {
    /// Evaluates against a flow.
    #[inline]
    pub fn eval(&self, f: &Flow) -> Tri {
        let pk = f.known & known::PROTO != 0;
        let b = |x: bool| if x { Tri::Yes } else { Tri::No };
        match self {
            CCond::Proto(r) => {
                if !pk {
                    Tri::Maybe
                } else {
                    b(in_ranges(r, f.proto as u32))
                }
            }
            CCond::Src(l) => b(addr_match(l, f.v6, f.src)),
            CCond::Dst(l) => b(addr_match(l, f.v6, f.dst)),
            CCond::Either(l) => b(addr_match(l, f.v6, f.src) || addr_match(l, f.v6, f.dst)),
            CCond::SPort(r) | CCond::DPort(r) | CCond::Port(r) => {
                if pk && !PORT_PROTOS.contains(&f.proto) {
                    return Tri::No;
                }
                let s = f.known & known::SPORT != 0;
                let d = f.known & known::DPORT != 0;
                let (m, unknown) = match self {
                    CCond::SPort(_) => (s && in_ranges(r, f.sport as u32), !s),
                    CCond::DPort(_) => (d && in_ranges(r, f.dport as u32), !d),
                    _ => ((s && in_ranges(r, f.sport as u32)) || (d && in_ranges(r, f.dport as u32)), !s || !d),
                };
                if m {
                    if pk {
                        Tri::Yes
                    } else {
                        Tri::Maybe
                    }
                } else if unknown {
                    Tri::Maybe
                } else {
                    Tri::No
                }
            }
            CCond::IcmpType(r) | CCond::IcmpCode(r) => {
                if pk && f.proto != 1 && f.proto != 58 {
                    return Tri::No;
                }
                let (bit, v) = match self {
                    CCond::IcmpType(_) => (known::ICMP_TYPE, f.icmp_type),
                    _ => (known::ICMP_CODE, f.icmp_code),
                };
                if f.known & bit == 0 {
                    Tri::Maybe
                } else if !in_ranges(r, v as u32) {
                    Tri::No
                } else if pk {
                    Tri::Yes
                } else {
                    Tri::Maybe
                }
            }
            CCond::Flags(t) => {
                if pk && f.proto != 6 {
                    return Tri::No;
                }
                let fl = if f.known & known::FLAGS != 0 { f.flags } else { 2 };
                match (flags::eval(*t, fl), pk) {
                    (false, _) => Tri::No,
                    (true, true) => Tri::Yes,
                    (true, false) => Tri::Maybe,
                }
            }
            CCond::Dscp(r) | CCond::Precedence(r) => {
                if f.known2 & extra::DSCP == 0 {
                    return Tri::Maybe;
                }
                let v = if matches!(self, CCond::Dscp(_)) { f.dscp } else { f.dscp >> 3 };
                b(in_ranges(r, v as u32))
            }
            CCond::Length(r) => {
                if f.known2 & extra::LENGTH == 0 {
                    Tri::Maybe
                } else {
                    b(in_ranges(r, f.length as u32))
                }
            }
            CCond::FragOffset(r) => b(in_ranges(r, (f.frag & 0x1fff) as u32)),
            CCond::IsFragment => b(f.frag & 0x3fff != 0),
            CCond::FirstFragment => b(f.frag & 0x3fff == 0x2000),
            CCond::FragFlags(t) => {
                if f.known2 & extra::FRAGMENT == 0 {
                    Tri::Maybe
                } else {
                    b(flags::eval(*t, ((f.frag >> 13) & 7) as u8))
                }
            }
            CCond::Unknown(_) => Tri::Maybe,
        }
    }

    /// The [`missing`] fields that make this condition a possible match for `f` (0 when it
    /// evaluates to yes or no).
    pub fn missing(&self, f: &Flow) -> u16 {
        if self.eval(f) != Tri::Maybe {
            return 0;
        }
        let pk = f.known & known::PROTO != 0;
        let proto = if pk { 0 } else { missing::PROTO };
        let bit = |k: u8, m: u16| if f.known & k == 0 { m } else { 0 };
        match self {
            CCond::Proto(_) => missing::PROTO,
            CCond::SPort(_) => proto | bit(known::SPORT, missing::SPORT),
            CCond::DPort(_) => proto | bit(known::DPORT, missing::DPORT),
            CCond::Port(_) => proto | bit(known::SPORT, missing::SPORT) | bit(known::DPORT, missing::DPORT),
            CCond::IcmpType(_) => proto | bit(known::ICMP_TYPE, missing::ICMP_TYPE),
            CCond::IcmpCode(_) => proto | bit(known::ICMP_CODE, missing::ICMP_CODE),
            CCond::Flags(_) => proto,
            CCond::Dscp(_) | CCond::Precedence(_) => missing::DSCP,
            CCond::Length(_) => missing::LENGTH,
            CCond::FragFlags(_) => missing::FRAGMENT,
            CCond::Unknown(m) => *m,
            _ => 0,
        }
    }
}

impl CTerm {
    /// Evaluates all conditions (AND).
    #[inline]
    pub fn eval(&self, f: &Flow) -> Tri {
        let mut out = Tri::Yes;
        for (c, neg) in &self.conds {
            let mut r = c.eval(f);
            if *neg {
                r = match r {
                    Tri::Yes => Tri::No,
                    Tri::No => Tri::Yes,
                    Tri::Maybe => Tri::Maybe,
                };
            }
            match r {
                Tri::No => return Tri::No,
                Tri::Maybe => out = Tri::Maybe,
                Tri::Yes => {}
            }
        }
        out
    }
}

fn compile_cond(c: &Condition) -> CCond {
    let r = || c.range_values().to_vec();
    let a = || match &c.values {
        Values::Addrs(a) => a.to_vec(),
        _ => Vec::new(),
    };
    match c.key {
        Key::Protocol => CCond::Proto(r()),
        Key::SourceAddress => CCond::Src(a()),
        Key::DestinationAddress => CCond::Dst(a()),
        Key::Address => CCond::Either(a()),
        Key::SourcePort => CCond::SPort(r()),
        Key::DestinationPort => CCond::DPort(r()),
        Key::Port => CCond::Port(r()),
        Key::IcmpType => CCond::IcmpType(r()),
        Key::IcmpCode => CCond::IcmpCode(r()),
        Key::TcpFlags => match c.name_values().first().map(|e| flags::parse(e)) {
            Some(Ok(t)) => CCond::Flags(t),
            _ => CCond::Unknown(missing::FLAGS),
        },
        Key::IsFragment => CCond::IsFragment,
        Key::FirstFragment => CCond::FirstFragment,
        Key::FragmentOffset => CCond::FragOffset(r()),
        Key::FragmentFlags => match c.name_values().first().map(|e| flags::parse_fragment(e)) {
            Some(Ok(t)) => CCond::FragFlags(t),
            _ => CCond::Unknown(missing::FRAGMENT),
        },
        Key::Dscp => CCond::Dscp(r()),
        Key::Precedence => CCond::Precedence(r()),
        Key::PacketLength => CCond::Length(r()),
        Key::Ttl => CCond::Unknown(missing::TTL),
        Key::IpOptions => CCond::Unknown(missing::IP_OPTIONS),
        Key::SourcePrefixList | Key::DestinationPrefixList | Key::PrefixList => CCond::Unknown(missing::PREFIX_LIST),
    }
}

/// Compiles one term (`None` for an inactive one).
fn compile_term(i: usize, t: &crate::ir::Term) -> Option<CTerm> {
    if t.inactive {
        return None;
    }
    let outcome = match t.action.kind {
        ActionKind::Accept => Outcome::Permit,
        ActionKind::Discard | ActionKind::Reject => Outcome::Deny,
        ActionKind::NextTerm => Outcome::Next,
        // routing-instance forwards the packet: treat as permitted.
        ActionKind::RoutingInstance => Outcome::Permit,
    };
    let conds = t.conditions.iter().map(|c| (compile_cond(c), c.except)).collect();
    Some(CTerm { idx: i as i32, outcome, conds })
}

/// How many terms a flow can reach: up to the first one that matches every flow (no condition,
/// such as IOS `permit ip any any`, and an outcome other than next-term), which decides every
/// flow that gets to it; all of them when there is none. Only these are indexed: on a rule base
/// with such a term early, building the index for the rest cost most of a cold compile.
fn reachable(terms: &[CTerm]) -> usize {
    terms.iter().position(|t| t.conds.is_empty() && t.outcome != Outcome::Next).map_or(terms.len(), |k| k + 1)
}

/// A compiled ACL.
pub struct Compiled {
    /// Terms (active ones only), in order.
    pub terms: Vec<CTerm>,
    /// `Some(v6)` when the ACL only applies to one family.
    pub family_v6: Option<bool>,
    index: index::Index,
}

impl Compiled {
    /// Compiles an ACL.
    pub fn new(acl: &Acl) -> Compiled {
        let terms = acl.terms.iter().enumerate().filter_map(|(i, t)| compile_term(i, t)).collect();
        Compiled::finish(terms, acl.family, acl.source)
    }

    /// Compiles an ACL it takes: each term's IR is freed once compiled, so the IR and the
    /// compiled terms are not both whole at once (a 50 MB ACL: hundreds of MB less at the peak).
    pub fn from_acl(mut acl: Acl) -> Compiled {
        let list = std::mem::take(&mut acl.terms);
        let (family, source) = (acl.family, acl.source);
        drop(acl);
        let mut terms = Vec::with_capacity(list.len());
        for (i, t) in list.into_iter().enumerate() {
            terms.extend(compile_term(i, &t));
        }
        Compiled::finish(terms, family, source)
    }

    fn finish(terms: Vec<CTerm>, family: Option<Family>, source: Source) -> Compiled {
        let family_v6 = match (family, source) {
            (Some(Family::Inet6), _) | (_, Source::Ipv6) => Some(true),
            (Some(Family::Inet), _) => Some(false),
            _ => None,
        };
        let index = index::Index::build(&terms[..reachable(&terms)]);
        Compiled { terms, family_v6, index }
    }

    /// Checks one flow by a linear scan (the reference semantics).
    pub fn check_linear(&self, f: &Flow) -> Verdict {
        let mut walk = Walker::default();
        if self.family_v6.map(|v| v != f.v6).unwrap_or(false) {
            return Verdict { result: 0, term: -1, missing: 0 };
        }
        for t in &self.terms {
            if walk.step(t, f) {
                break;
            }
        }
        self.with_missing(walk.finish(), f)
    }

    /// Checks one flow using the index (never inlined: see `check::lines::Lines::scan`).
    #[inline(never)]
    pub fn check(&mut self, f: &Flow) -> Verdict {
        if self.family_v6.map(|v| v != f.v6).unwrap_or(false) {
            return Verdict { result: 0, term: -1, missing: 0 };
        }
        let terms = &self.terms;
        let mut walk = Walker::default();
        self.index.scan(f, |i| walk.step(&terms[i], f));
        self.with_missing(walk.finish(), f)
    }

    /// Fills `missing` of an undetermined verdict from its term's conditions.
    fn with_missing(&self, mut v: Verdict, f: &Flow) -> Verdict {
        if v.result == 2 {
            // terms are in increasing `idx` order (inactive ones are left out)
            if let Ok(k) = self.terms.binary_search_by_key(&v.term, |t| t.idx) {
                let t = &self.terms[k];
                v.missing = t.conds.iter().fold(0, |m, (c, _)| m | c.missing(f));
            }
        }
        v
    }
}

/// The first-match walk with possible matches.
#[derive(Default)]
struct Walker {
    decided: Option<(Outcome, i32)>,
    maybe_permit: Option<i32>,
    maybe_deny: Option<i32>,
}

impl Walker {
    /// Feeds one term; returns true when decided.
    #[inline]
    fn step(&mut self, t: &CTerm, f: &Flow) -> bool {
        match t.eval(f) {
            Tri::No => false,
            Tri::Yes => {
                if t.outcome == Outcome::Next {
                    return false;
                }
                self.decided = Some((t.outcome, t.idx));
                true
            }
            Tri::Maybe => {
                match t.outcome {
                    Outcome::Permit if self.maybe_permit.is_none() => self.maybe_permit = Some(t.idx),
                    Outcome::Deny if self.maybe_deny.is_none() => self.maybe_deny = Some(t.idx),
                    _ => {}
                }
                false
            }
        }
    }

    fn finish(&self) -> Verdict {
        let (o, idx) = self.decided.unwrap_or((Outcome::Deny, -1));
        let other = if o == Outcome::Permit { self.maybe_deny } else { self.maybe_permit };
        match other {
            Some(i) => Verdict { result: 2, term: i, missing: 0 },
            None => Verdict { result: if o == Outcome::Permit { 1 } else { 0 }, term: idx, missing: 0 },
        }
    }
}
