//! IP protocol names, one row per (name, number) with the vendors that use it in IPv4 (or
//! family-less) lists and in IPv6 lists: Cisco IOS / NX-OS / IOS-XR / EOS (`permit ?`; in their
//! IPv6 lists `icmp` is ICMPv6), ASA (one list for both families: `icmp6`), Junos (`protocol`,
//! `next-header`: `icmp` is ICMPv4 in both families). The first row of a number for a vendor is
//! the name written. `ip` / `ipv4` / `ipv6` ("any protocol") are the readers' business.
//! `TRIGGER` marks the original Trigger's names and common aliases, read by the `ios` and
//! `junos` readers after the vendor's own, never written.

use super::{ProtoName, ASA, EOS, IOS, JUNOS, NXOS, TRIGGER, XR};

/// Every protocol name: (name, number, IPv4 vendors, IPv6 vendors).
pub static PROTOCOLS: &[ProtoName] = &[
    ("hop-by-hop", 0, JUNOS, JUNOS),
    ("icmp", 1, IOS | NXOS | ASA | EOS | XR | JUNOS | TRIGGER, ASA | JUNOS | TRIGGER),
    ("igmp", 2, IOS | NXOS | ASA | EOS | XR | JUNOS | TRIGGER, ASA | JUNOS | TRIGGER),
    ("ipinip", 4, IOS | ASA | XR | TRIGGER, ASA | TRIGGER),
    ("ipip", 4, JUNOS | TRIGGER, JUNOS | TRIGGER),
    ("tcp", 6, IOS | NXOS | ASA | EOS | XR | JUNOS | TRIGGER, IOS | NXOS | ASA | EOS | XR | JUNOS | TRIGGER),
    ("egp", 8, JUNOS | TRIGGER, JUNOS | TRIGGER),
    ("igrp", 9, ASA | XR, ASA),
    ("udp", 17, IOS | NXOS | ASA | EOS | XR | JUNOS | TRIGGER, IOS | NXOS | ASA | EOS | XR | JUNOS | TRIGGER),
    ("ipv6", 41, JUNOS | TRIGGER, JUNOS | TRIGGER),
    ("routing", 43, JUNOS, JUNOS),
    ("fragment", 44, JUNOS, JUNOS),
    ("rsvp", 46, JUNOS | TRIGGER, JUNOS | TRIGGER),
    ("gre", 47, IOS | NXOS | ASA | EOS | XR | JUNOS | TRIGGER, ASA | XR | JUNOS | TRIGGER),
    ("pptp", 47, ASA, ASA),
    ("esp", 50, IOS | NXOS | ASA | XR | JUNOS | TRIGGER, IOS | NXOS | ASA | XR | JUNOS | TRIGGER),
    ("ipsec", 50, ASA, ASA),
    ("ahp", 51, IOS | NXOS | EOS | XR | TRIGGER, IOS | NXOS | XR | TRIGGER),
    ("ah", 51, ASA | JUNOS | TRIGGER, ASA | JUNOS | TRIGGER),
    ("icmp6", 58, ASA | JUNOS | TRIGGER, ASA | JUNOS | TRIGGER),
    ("icmp", 58, 0, IOS | NXOS | EOS | XR),
    ("icmpv6", 58, TRIGGER, EOS | XR | TRIGGER),
    ("ipv6-icmp", 58, TRIGGER, TRIGGER),
    ("no-next-header", 59, JUNOS, JUNOS),
    ("dstopts", 60, JUNOS, JUNOS),
    ("eigrp", 88, IOS | NXOS | ASA | XR | TRIGGER, ASA | TRIGGER),
    ("ospf", 89, IOS | NXOS | ASA | EOS | XR | JUNOS | TRIGGER, ASA | EOS | XR | JUNOS | TRIGGER),
    ("nos", 94, IOS | NXOS | ASA | XR | TRIGGER, ASA | TRIGGER),
    ("pim", 103, IOS | NXOS | ASA | EOS | XR | JUNOS | TRIGGER, ASA | EOS | JUNOS | TRIGGER),
    ("pcp", 108, IOS | NXOS | ASA | XR | TRIGGER, IOS | NXOS | ASA | XR | TRIGGER),
    ("snp", 109, ASA, ASA),
    ("vrrp", 112, EOS | JUNOS | TRIGGER, EOS | JUNOS | TRIGGER),
    ("sctp", 132, ASA | XR | JUNOS | TRIGGER, IOS | NXOS | ASA | XR | JUNOS | TRIGGER),
];
