//! Name tables, one set per vendor (from each vendor's command reference): port, protocol and
//! ICMP / ICMPv6 names through [`names`]`(`[`Vendor`]`)`, plus the shared keyword tables (DSCP,
//! precedence, reject codes, TCP flags). The engine is the one source of these tables:
//! `lib/acl` reads them through the ABI (`acl_tables`, ABI.md §3), never from a copy.
//!
//! Reading: a dialect resolves names with its vendor's [`Names`] (then the original Trigger's
//! names where the vendor has none, for the `ios` and `junos` readers). Writing: a writer prints
//! a name only when its vendor reads that name back as the same value, else the number.

mod export;
mod icmp;
mod ports;
mod protocols;

pub use export::tables_json;
pub use icmp::{ICMP4, ICMP6};
pub use ports::{PORTS, TCP, TU, UDP};
pub use protocols::PROTOCOLS;

/// Whose names a dialect reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Vendor {
    /// Cisco IOS / IOS-XE (numbered, named, `ipv6 access-list`).
    Ios,
    /// Cisco NX-OS.
    Nxos,
    /// Cisco ASA.
    Asa,
    /// Arista EOS.
    Eos,
    /// Cisco IOS-XR.
    Iosxr,
    /// Juniper Junos.
    Junos,
    /// Brocade (IOS-like: Cisco IOS names).
    Brocade,
}

/// Vendor bits of the table rows.
pub const IOS: u8 = 1;
/// NX-OS.
pub const NXOS: u8 = 2;
/// ASA.
pub const ASA: u8 = 4;
/// EOS.
pub const EOS: u8 = 8;
/// IOS-XR.
pub const XR: u8 = 16;
/// Junos.
pub const JUNOS: u8 = 32;
/// The original Trigger's names (read by the `ios` and `junos` readers only, never written).
pub const TRIGGER: u8 = 128;

impl Vendor {
    /// Every vendor.
    pub const ALL: [Vendor; 7] = [Vendor::Ios, Vendor::Nxos, Vendor::Asa, Vendor::Eos, Vendor::Iosxr, Vendor::Junos, Vendor::Brocade];

    /// The vendor's id (`ios`, `nxos`, `asa`, `eos`, `iosxr`, `junos`, `brocade`).
    pub fn id(self) -> &'static str {
        match self {
            Vendor::Ios => "ios",
            Vendor::Nxos => "nxos",
            Vendor::Asa => "asa",
            Vendor::Eos => "eos",
            Vendor::Iosxr => "iosxr",
            Vendor::Junos => "junos",
            Vendor::Brocade => "brocade",
        }
    }

    /// The vendor of an id, an input dialect or an output format (`ios-named` → IOS).
    pub fn from_id(s: &str) -> Option<Vendor> {
        Some(match s {
            "ios" | "ios-named" | "ios-standard" | "ios-named-standard" | "ipv6" => Vendor::Ios,
            "nxos" => Vendor::Nxos,
            "asa" => Vendor::Asa,
            "eos" => Vendor::Eos,
            "iosxr" => Vendor::Iosxr,
            "junos" => Vendor::Junos,
            "brocade" => Vendor::Brocade,
            _ => return None,
        })
    }

    /// The vendor's bit in the table rows.
    pub fn bit(self) -> u8 {
        match self {
            Vendor::Ios | Vendor::Brocade => IOS,
            Vendor::Nxos => NXOS,
            Vendor::Asa => ASA,
            Vendor::Eos => EOS,
            Vendor::Iosxr => XR,
            Vendor::Junos => JUNOS,
        }
    }
}

/// One service name: the port it stands for, for which protocols ([`TCP`], [`UDP`]) a vendor
/// offers it, and which vendors use it (bits [`IOS`], [`NXOS`], ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortName {
    /// The name, lower case.
    pub name: &'static str,
    /// The port.
    pub port: u16,
    /// [`TCP`], [`UDP`] or [`TU`].
    pub on: u8,
    /// Vendor bits.
    pub vendors: u8,
}

/// (name, IP protocol number, vendor bits in IPv4 lists, vendor bits in IPv6 lists).
pub type ProtoName = (&'static str, u32, u8, u8);

/// (name, ICMP type, ICMP code or -1 for any, vendor bits).
pub type IcmpName = (&'static str, u8, i16, u8);

/// A vendor's view of the name tables: what its dialect reads, what its writer prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Names {
    /// Whose names.
    pub vendor: Vendor,
    bit: u8,
    compat: u8,
}

/// A vendor's name tables.
///
/// ```
/// use acl_wasm::tables::{names, Vendor};
/// assert_eq!(names(Vendor::Eos).port("kerberos"), Some(88));
/// assert_eq!(names(Vendor::Asa).port("kerberos"), Some(750));
/// assert_eq!(names(Vendor::Ios).icmp("echo-request", true), Some((128, None)));
/// assert_eq!(names(Vendor::Junos).protocol_name(58, true), Some("icmp6"));
/// ```
pub fn names(v: Vendor) -> Names {
    let compat = if matches!(v, Vendor::Ios | Vendor::Brocade | Vendor::Junos) { TRIGGER } else { 0 };
    Names { vendor: v, bit: v.bit(), compat }
}

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Finds the first row for `bit`, then for `compat` (never both in one pass: own names win).
fn two_pass<T: Copy>(rows: &'static [T], bit: u8, compat: u8, has: impl Fn(&T, u8) -> bool) -> Option<T> {
    rows.iter().find(|r| has(r, bit)).or_else(|| if compat == 0 { None } else { rows.iter().find(|r| has(r, compat)) }).copied()
}

impl Names {
    /// The port a service name stands for (any case), or `None`.
    pub fn port(&self, name: &str) -> Option<u32> {
        two_pass(PORTS, self.bit, self.compat, |p, b| p.vendors & b != 0 && eq(p.name, name)).map(|p| p.port as u32)
    }

    /// Whether `name` is one of the vendor's own service names (not a compatibility one).
    pub fn is_own_port(&self, name: &str) -> bool {
        PORTS.iter().any(|p| p.vendors & self.bit != 0 && eq(p.name, name))
    }

    /// The name to write for `port` in an entry of protocol `proto` (6 tcp, 17 udp; other
    /// protocols: a name the vendor offers for both), or `None` (write the number). Only a name
    /// that this vendor reads back as `port`.
    pub fn port_name(&self, port: u32, proto: u32) -> Option<&'static str> {
        let need = match proto {
            6 => TCP,
            17 => UDP,
            _ => TU,
        };
        PORTS
            .iter()
            .find(|p| p.vendors & self.bit != 0 && p.port as u32 == port && p.on & need == need && self.port(p.name) == Some(port))
            .map(|p| p.name)
    }

    /// The protocol number of a name in an IPv4 (`v6` false) or IPv6 list. `ip` / `ipv4` /
    /// `ipv6` ("any") are the readers' business.
    pub fn protocol(&self, name: &str, v6: bool) -> Option<u32> {
        let mask = |r: &ProtoName| if v6 { r.3 } else { r.2 };
        two_pass(PROTOCOLS, self.bit, self.compat, |r, b| mask(r) & b != 0 && eq(r.0, name)).map(|r| r.1)
    }

    /// The name to write for protocol `n`, or `None` (write the number).
    pub fn protocol_name(&self, n: u32, v6: bool) -> Option<&'static str> {
        PROTOCOLS.iter().find(|r| (if v6 { r.3 } else { r.2 }) & self.bit != 0 && r.1 == n).map(|r| r.0)
    }

    /// An ICMP (IPv4) or ICMPv6 message name: (type, code if the name fixes one).
    pub fn icmp(&self, name: &str, v6: bool) -> Option<(u32, Option<u32>)> {
        let (rows, compat) = if v6 { (ICMP6, 0) } else { (ICMP4, self.compat) };
        two_pass(rows, self.bit, compat, |r, b| r.3 & b != 0 && eq(r.0, name)).map(|r| (r.1 as u32, if r.2 < 0 { None } else { Some(r.2 as u32) }))
    }

    /// The message name to write for (type, code), or `None` (write the numbers).
    pub fn icmp_name(&self, ty: u32, code: Option<u32>, v6: bool) -> Option<&'static str> {
        let c = code.map(|c| c as i16).unwrap_or(-1);
        let rows = if v6 { ICMP6 } else { ICMP4 };
        rows.iter().find(|r| r.3 & self.bit != 0 && r.1 as u32 == ty && r.2 == c).map(|r| r.0)
    }

    /// An ICMP type name that fixes no code (Junos `icmp-type NAME`).
    pub fn icmp_type(&self, name: &str, v6: bool) -> Option<u32> {
        match self.icmp(name, v6) {
            Some((t, None)) => Some(t),
            _ => None,
        }
    }

    /// An ICMP code name (Junos `icmp-code NAME`; other vendors name codes with their message).
    pub fn icmp_code(&self, name: &str, v6: bool) -> Option<u32> {
        if self.vendor != Vendor::Junos {
            return None;
        }
        let t = if v6 { icmp::JUNOS_CODES_V6 } else { icmp::JUNOS_CODES_V4 };
        t.iter().find(|(n, _)| eq(n, name)).map(|&(_, v)| v)
    }
}

/// Junos reject codes.
pub const REJECT_CODES: &[&str] = &[
    "administratively-prohibited",
    "bad-host-tos",
    "bad-network-tos",
    "host-prohibited",
    "host-unknown",
    "host-unreachable",
    "network-prohibited",
    "network-unknown",
    "network-unreachable",
    "port-unreachable",
    "precedence-cutoff",
    "precedence-violation",
    "protocol-unreachable",
    "source-host-isolated",
    "source-route-failed",
    "tcp-reset",
];

/// DSCP names.
pub const DSCP: &[(&str, u32)] = &[
    ("be", 0),
    ("cs0", 0),
    ("default", 0),
    ("cs1", 8),
    ("af11", 10),
    ("af12", 12),
    ("af13", 14),
    ("cs2", 16),
    ("af21", 18),
    ("af22", 20),
    ("af23", 22),
    ("cs3", 24),
    ("af31", 26),
    ("af32", 28),
    ("af33", 30),
    ("cs4", 32),
    ("af41", 34),
    ("af42", 36),
    ("af43", 38),
    ("cs5", 40),
    ("ef", 46),
    ("cs6", 48),
    ("cs7", 56),
];

/// IP option names.
pub const IP_OPTIONS: &[(&str, u32)] = &[
    ("loose-source-route", 131),
    ("record-route", 7),
    ("router-alert", 148),
    ("strict-source-route", 137),
    ("timestamp", 68),
];

/// Precedence names, as values 0..7.
pub const PRECEDENCE: &[(&str, u32)] = &[
    ("routine", 0),
    ("priority", 1),
    ("immediate", 2),
    ("flash", 3),
    ("flash-override", 4),
    ("critical", 5),
    ("critical-ecp", 5),
    ("internet", 6),
    ("internet-control", 6),
    ("network", 7),
    ("net-control", 7),
];

/// TCP flag words and their bit in the flow layout.
pub const TCP_FLAGS: &[(&str, u8)] = &[("fin", 1), ("syn", 2), ("rst", 4), ("push", 8), ("ack", 16), ("urgent", 32), ("psh", 8), ("urg", 32)];

/// Fragment flag words.
pub const FRAGMENT_FLAGS: &[&str] = &["dont-fragment", "more-fragments", "reserved"];

/// Looks a name up in a table (exact, lower-case).
pub fn lookup(table: &[(&str, u32)], name: &str) -> Option<u32> {
    table.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
}

/// The printed name of a value in a table.
pub fn name_of(table: &'static [(&'static str, u32)], v: u32) -> Option<&'static str> {
    table.iter().find(|(_, x)| *x == v).map(|&(n, _)| n)
}
