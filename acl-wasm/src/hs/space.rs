//! The header space of one address family: which packet field each BDD variable is a bit of.
//!
//! Variables are ordered field by field (most significant bit first): protocol, source address,
//! destination address, source port, destination port, ICMP type, ICMP code, TCP flags, DSCP,
//! fragment, packet length, TTL; then one variable per condition the engine cannot resolve (a
//! prefix list, `ip-options`, ...), so that answers stay exact "given that the list matches".
//!
//! The fragment field is `offset * 2 + more-fragments`: 0 an unfragmented packet, 1 a first
//! fragment, 2 and up a later fragment.

use super::bdd::{Bdd, Node};
use std::collections::HashMap;

/// A packet field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// IP protocol (next header).
    Proto,
    /// Source address.
    Src,
    /// Destination address.
    Dst,
    /// Source port.
    SPort,
    /// Destination port.
    DPort,
    /// ICMP type.
    IcmpType,
    /// ICMP code.
    IcmpCode,
    /// TCP flags (fin 1, syn 2, rst 4, psh 8, ack 16, urg 32).
    Flags,
    /// DSCP (precedence is its top three bits).
    Dscp,
    /// Fragment offset * 2 + more-fragments flag.
    Frag,
    /// Packet length.
    Length,
    /// Time to live / hop limit.
    Ttl,
}

impl Field {
    /// Every field, in variable order.
    pub const ALL: [Field; 12] = [
        Field::Proto,
        Field::Src,
        Field::Dst,
        Field::SPort,
        Field::DPort,
        Field::IcmpType,
        Field::IcmpCode,
        Field::Flags,
        Field::Dscp,
        Field::Frag,
        Field::Length,
        Field::Ttl,
    ];

    /// Width in bits.
    pub fn width(self, v6: bool) -> u32 {
        match self {
            Field::Proto | Field::IcmpType | Field::IcmpCode | Field::Ttl => 8,
            Field::Src | Field::Dst => {
                if v6 {
                    128
                } else {
                    32
                }
            }
            Field::SPort | Field::DPort | Field::Length => 16,
            Field::Flags | Field::Dscp => 6,
            Field::Frag => 14,
        }
    }

    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Field::Proto => "protocol",
            Field::Src => "src",
            Field::Dst => "dst",
            Field::SPort => "sport",
            Field::DPort => "dport",
            Field::IcmpType => "icmpType",
            Field::IcmpCode => "icmpCode",
            Field::Flags => "tcpFlags",
            Field::Dscp => "dscp",
            Field::Frag => "fragment",
            Field::Length => "packetLength",
            Field::Ttl => "ttl",
        }
    }
}

/// One family's header space: the BDD store and the variable layout.
pub struct Space {
    /// IPv6?
    pub v6: bool,
    /// The node store.
    pub bdd: Bdd,
    start: [u32; 12],
    vars: Vec<u32>,
    /// Conditions without a field (prefix lists, ...): their text → variable.
    pub opaque: HashMap<String, u32>,
    /// Variable → opaque condition text, in creation order.
    pub opaque_names: Vec<String>,
}

/// Most opaque conditions one analysis accepts.
pub const MAX_OPAQUE: usize = 256;

impl Space {
    /// An empty space for one family.
    pub fn new(v6: bool) -> Space {
        let mut start = [0u32; 12];
        let mut at = 0;
        for (i, f) in Field::ALL.iter().enumerate() {
            start[i] = at;
            at += f.width(v6);
        }
        Space { v6, bdd: Bdd::new(), start, vars: (0..at).collect(), opaque: HashMap::new(), opaque_names: Vec::new() }
    }

    /// The variables of a field, most significant first.
    pub fn vars(&self, f: Field) -> &[u32] {
        let s = self.start[f as usize] as usize;
        &self.vars[s..s + f.width(self.v6) as usize]
    }

    /// The number of field variables (opaque ones come after).
    pub fn field_vars(&self) -> u32 {
        self.vars.len() as u32
    }

    /// The field a variable belongs to, and the bit's weight (`width - 1 - position`).
    pub fn field_of(&self, var: u32) -> Option<(Field, u32)> {
        if var >= self.field_vars() {
            return None;
        }
        let i = match self.start.binary_search(&var) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let f = Field::ALL[i];
        Some((f, f.width(self.v6) - 1 - (var - self.start[i])))
    }

    /// `field` in `[lo, hi]`.
    pub fn range(&mut self, f: Field, lo: u128, hi: u128) -> Node {
        let s = self.start[f as usize] as usize;
        let w = f.width(self.v6) as usize;
        let vars: Vec<u32> = self.vars[s..s + w].to_vec();
        self.bdd.range(&vars, lo, hi)
    }

    /// `field` in any of the ranges.
    pub fn ranges(&mut self, f: Field, r: &[(u32, u32)]) -> Node {
        let mut acc = super::bdd::FALSE;
        for &(lo, hi) in r {
            let x = self.range(f, lo as u128, hi as u128);
            acc = self.bdd.or(acc, x);
        }
        acc
    }

    /// `field & care == value & care`.
    pub fn pattern(&mut self, f: Field, value: u128, care: u128) -> Node {
        let s = self.start[f as usize] as usize;
        let w = f.width(self.v6) as usize;
        let vars: Vec<u32> = self.vars[s..s + w].to_vec();
        self.bdd.pattern(&vars, value, care)
    }

    /// The variable standing for an opaque condition (`None` past [`MAX_OPAQUE`]).
    pub fn opaque_var(&mut self, text: &str) -> Option<u32> {
        if let Some(&v) = self.opaque.get(text) {
            return Some(v);
        }
        if self.opaque_names.len() >= MAX_OPAQUE {
            return None;
        }
        let v = self.field_vars() + self.opaque_names.len() as u32;
        self.opaque.insert(text.to_string(), v);
        self.opaque_names.push(text.to_string());
        Some(v)
    }

    /// The mask of a field's full width.
    pub fn full(&self, f: Field) -> u128 {
        let w = f.width(self.v6);
        if w >= 128 {
            u128::MAX
        } else {
            (1u128 << w) - 1
        }
    }
}
