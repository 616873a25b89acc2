//! Keyword and value tables (trigger-inventory.md §4.4), plus a few common IOS extras.

/// IP protocol names. The first entry for a number is the one printed.
pub const PROTOCOLS: &[(&str, u32)] = &[
    ("icmp", 1),
    ("igmp", 2),
    ("ipip", 4),
    ("tcp", 6),
    ("egp", 8),
    ("udp", 17),
    ("ipv6", 41),
    ("gre", 47),
    ("esp", 50),
    ("ah", 51),
    ("ospf", 89),
    ("nos", 94),
    ("pim", 103),
    // input aliases and common IOS / Junos names
    ("ahp", 51),
    ("ipinip", 4),
    ("rsvp", 46),
    ("icmp6", 58),
    ("icmpv6", 58),
    ("ipv6-icmp", 58),
    ("eigrp", 88),
    ("pcp", 108),
    ("vrrp", 112),
    ("sctp", 132),
];

/// Service port names (input only; output is numeric except IOS keeps numbers too).
pub const PORTS: &[(&str, u32)] = &[
    ("echo", 7),
    ("discard", 9),
    ("daytime", 13),
    ("chargen", 19),
    ("ftp-data", 20),
    ("ftp", 21),
    ("ssh", 22),
    ("telnet", 23),
    ("smtp", 25),
    ("time", 37),
    ("nameserver", 42),
    ("whois", 43),
    ("tacacs", 49),
    ("tacacs-ds", 49),
    ("dns", 53),
    ("domain", 53),
    ("bootps", 67),
    ("dhcp", 67),
    ("bootpc", 68),
    ("tftp", 69),
    ("gopher", 70),
    ("finger", 79),
    ("http", 80),
    ("www", 80),
    ("kerberos-sec", 88),
    ("dnsix", 90),
    ("hostname", 101),
    ("pop2", 109),
    ("pop3", 110),
    ("sunrpc", 111),
    ("ident", 113),
    ("nntp", 119),
    ("ntp", 123),
    ("netbios-ns", 137),
    ("netbios-dgm", 138),
    ("netbios-ssn", 139),
    ("imap", 143),
    ("snmp", 161),
    ("snmptrap", 162),
    ("snmp-trap", 162),
    ("xdmcp", 177),
    ("bgp", 179),
    ("irc", 194),
    ("ldap", 389),
    ("mobile-ip", 434),
    ("mobileip-agent", 434),
    ("mobileip-mn", 435),
    ("https", 443),
    ("snpp", 444),
    ("isakmp", 500),
    ("biff", 512),
    ("exec", 512),
    ("login", 513),
    ("who", 513),
    ("cmd", 514),
    ("syslog", 514),
    ("lpd", 515),
    ("printer", 515),
    ("talk", 517),
    ("ntalk", 518),
    ("rip", 520),
    ("timed", 525),
    ("uucp", 540),
    ("klogin", 543),
    ("kshell", 544),
    ("msdp", 639),
    ("ldp", 646),
    ("kpasswd", 761),
    ("socks", 1080),
    ("afs", 1483),
    ("pptp", 1723),
    ("radius", 1812),
    ("radacct", 1813),
    ("nfsd", 2049),
    ("zephyr-clt", 2103),
    ("zephyr-hm", 2104),
    ("eklogin", 2105),
    ("ekshell", 2106),
    ("rkinit", 2108),
    ("cvspserver", 2401),
];

/// Junos ICMP type names (both dialects accept them).
pub const ICMP_TYPES: &[(&str, u32)] = &[
    ("echo-reply", 0),
    ("unreachable", 3),
    ("source-quench", 4),
    ("redirect", 5),
    ("echo-request", 8),
    ("echo", 8),
    ("router-advertisement", 9),
    ("router-solicit", 10),
    ("time-exceeded", 11),
    ("parameter-problem", 12),
    ("timestamp", 13),
    ("timestamp-reply", 14),
    ("info-request", 15),
    ("information-request", 15),
    ("info-reply", 16),
    ("information-reply", 16),
    ("mask-request", 17),
    ("mask-reply", 18),
];

/// Junos ICMP code names.
pub const ICMP_CODES: &[(&str, u32)] = &[
    ("network-unreachable", 0),
    ("ip-header-bad", 0),
    ("redirect-for-network", 0),
    ("ttl-eq-zero-during-transit", 0),
    ("host-unreachable", 1),
    ("required-option-missing", 1),
    ("redirect-for-host", 1),
    ("ttl-eq-zero-during-reassembly", 1),
    ("protocol-unreachable", 2),
    ("redirect-for-tos-and-net", 2),
    ("port-unreachable", 3),
    ("redirect-for-tos-and-host", 3),
    ("fragmentation-needed", 4),
    ("source-route-failed", 5),
    ("destination-network-unknown", 6),
    ("destination-host-unknown", 7),
    ("source-host-isolated", 8),
    ("destination-network-prohibited", 9),
    ("destination-host-prohibited", 10),
    ("network-unreachable-for-tos", 11),
    ("host-unreachable-for-tos", 12),
    ("communication-prohibited-by-filtering", 13),
    ("host-precedence-violation", 14),
    ("precedence-cutoff-in-effect", 15),
];

/// IOS ICMP message names: (name, type, code or -1). The first name for a pair is printed.
pub const IOS_ICMP: &[(&str, u32, i32)] = &[
    ("echo-reply", 0, -1),
    ("unreachable", 3, -1),
    ("net-unreachable", 3, 0),
    ("host-unreachable", 3, 1),
    ("protocol-unreachable", 3, 2),
    ("port-unreachable", 3, 3),
    ("packet-too-big", 3, 4),
    ("source-route-failed", 3, 5),
    ("network-unknown", 3, 6),
    ("host-unknown", 3, 7),
    ("host-isolated", 3, 8),
    ("dod-net-prohibited", 3, 9),
    ("dod-host-prohibited", 3, 10),
    ("net-tos-unreachable", 3, 11),
    ("host-tos-unreachable", 3, 12),
    ("administratively-prohibited", 3, 13),
    ("host-precedence-unreachable", 3, 14),
    ("precedence-unreachable", 3, 14),
    ("source-quench", 4, -1),
    ("redirect", 5, -1),
    ("net-redirect", 5, 0),
    ("host-redirect", 5, 1),
    ("net-tos-redirect", 5, 2),
    ("host-tos-redirect", 5, 3),
    ("alternate-address", 6, -1),
    ("echo", 8, -1),
    ("router-advertisement", 9, -1),
    ("router-solicitation", 10, -1),
    ("time-exceeded", 11, -1),
    ("ttl-exceeded", 11, 0),
    ("reassembly-timeout", 11, 1),
    ("parameter-problem", 12, -1),
    ("general-parameter-problem", 12, 0),
    ("option-missing", 12, 1),
    ("no-room-for-option", 12, 2),
    ("timestamp-request", 13, -1),
    ("timestamp-reply", 14, -1),
    ("information-request", 15, -1),
    ("information-reply", 16, -1),
    ("mask-request", 17, -1),
    ("mask-reply", 18, -1),
    ("traceroute", 30, -1),
    ("conversion-error", 31, -1),
    ("mobile-redirect", 32, -1),
];

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
pub const TCP_FLAGS: &[(&str, u8)] =
    &[("fin", 1), ("syn", 2), ("rst", 4), ("push", 8), ("ack", 16), ("urgent", 32)];

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

/// Protocol name for output (primary table only).
pub fn protocol_name(v: u32) -> Option<&'static str> {
    PROTOCOLS[..13].iter().find(|(_, x)| *x == v).map(|&(n, _)| n)
}

/// IOS ICMP name lookup: (type, code).
pub fn ios_icmp(name: &str) -> Option<(u32, Option<u32>)> {
    IOS_ICMP
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|&(_, t, c)| (t, if c < 0 { None } else { Some(c as u32) }))
}

/// IOS ICMP name for output.
pub fn ios_icmp_name(t: u32, c: Option<u32>) -> Option<&'static str> {
    let c = c.map(|c| c as i32).unwrap_or(-1);
    IOS_ICMP.iter().find(|&&(_, a, b)| a == t && b == c).map(|&(n, _, _)| n)
}
