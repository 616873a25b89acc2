//! The per-vendor name tables: vendor facts, readers using their own vendor's names, writers
//! printing a name only where it reads back as the same value, and ICMPv6 in IPv6 filters.

mod common;
use acl_wasm::check::{known, Compiled, Flow};
use acl_wasm::ir::Key;
use acl_wasm::tables::{names, Vendor, ICMP4, ICMP6, PORTS, PROTOCOLS, TCP, UDP};
use common::*;

#[test]
fn port_names_are_the_vendors() {
    let (ios, asa, eos, junos) = (names(Vendor::Ios), names(Vendor::Asa), names(Vendor::Eos), names(Vendor::Junos));
    assert_eq!(eos.port("kerberos"), Some(88));
    assert_eq!(ios.port("kerberos"), Some(750));
    assert_eq!(asa.port("kerberos"), Some(750));
    assert_eq!(ios.port("dnsix"), Some(195), "Cisco's dnsix is 195, not IANA's 90");
    assert_eq!(ios.port("radius"), Some(1645));
    assert_eq!(asa.port("radius-acct"), Some(1646));
    assert_eq!(eos.port("radius"), Some(1812));
    assert_eq!(eos.port("radius-acct"), Some(1813));
    assert_eq!(junos.port("radius"), Some(1812));
    for n in ["ldaps", "nfs", "pim-auto-rp"] {
        assert!(eos.port(n).is_some(), "EOS {}", n);
    }
    assert_eq!(eos.port("ldaps"), Some(636));
    assert_eq!(eos.port("nfs"), Some(2049));
    assert_eq!(eos.port("pim-auto-rp"), Some(496));
    assert_eq!(junos.port("tacacs-ds"), Some(65));
    assert_eq!(eos.port("KERBEROS"), Some(88), "names are case-insensitive");
    assert_eq!(names(Vendor::Nxos).port("dns"), None, "no Trigger extras in the new dialects");
}

#[test]
fn writers_name_a_port_only_where_the_vendor_offers_it() {
    let ios = names(Vendor::Ios);
    assert_eq!(ios.port_name(514, 6), Some("cmd"));
    assert_eq!(ios.port_name(514, 17), Some("syslog"));
    assert_eq!(ios.port_name(88, 17), None, "88 has no Cisco name");
    assert_eq!(names(Vendor::Eos).port_name(88, 17), Some("kerberos"));
    for v in Vendor::ALL {
        let n = names(v);
        for p in PORTS.iter().filter(|p| p.vendors & v.bit() != 0) {
            assert!(p.on & (TCP | UDP) != 0, "{} {} offered for nothing", v.id(), p.name);
            assert_eq!(n.port(p.name), Some(p.port as u32), "{} reads its own {}", v.id(), p.name);
            for proto in [6, 17] {
                if let Some(name) = n.port_name(p.port as u32, proto) {
                    assert_eq!(n.port(name), Some(p.port as u32), "{} writes {} for {}", v.id(), name, p.port);
                }
            }
        }
        for &(name, num, m4, m6) in PROTOCOLS {
            for (v6, m) in [(false, m4), (true, m6)] {
                if m & v.bit() != 0 {
                    let w = n.protocol_name(num, v6).unwrap();
                    assert_eq!(n.protocol(w, v6), Some(num), "{} protocol {} ({})", v.id(), name, w);
                    assert_eq!(n.protocol(name, v6), Some(num), "{} reads its own protocol {}", v.id(), name);
                }
            }
        }
        for (v6, rows) in [(false, ICMP4), (true, ICMP6)] {
            for &(name, t, c, m) in rows.iter().filter(|r| r.3 & v.bit() != 0) {
                let code = if c < 0 { None } else { Some(c as u32) };
                let w = n.icmp_name(t as u32, code, v6).unwrap();
                assert_eq!(n.icmp(w, v6), Some((t as u32, code)), "{} icmp {} ({}, {})", v.id(), name, w, m);
                assert_eq!(n.icmp(name, v6), Some((t as u32, code)), "{} reads its own icmp {}", v.id(), name);
            }
        }
        assert_eq!(Vendor::from_id(v.id()), Some(v));
    }
}

#[test]
fn icmpv6_names_are_icmpv6s() {
    let ios = names(Vendor::Ios);
    assert_eq!(ios.icmp("echo-request", true), Some((128, None)));
    assert_eq!(ios.icmp("echo-reply", true), Some((129, None)));
    assert_eq!(ios.icmp("echo-reply", false), Some((0, None)));
    assert_eq!(ios.icmp("nd-ns", true), Some((135, None)));
    assert_eq!(ios.icmp("packet-too-big", true), Some((2, None)));
    assert_eq!(ios.icmp("packet-too-big", false), Some((3, Some(4))));
    assert_eq!(ios.protocol("icmp", true), Some(58));
    assert_eq!(ios.protocol("icmp", false), Some(1));
    let j = names(Vendor::Junos);
    assert_eq!(j.icmp_type("neighbor-solicit", true), Some(135));
    assert_eq!(j.icmp_type("destination-unreachable", true), Some(1));
    assert_eq!(j.icmp_type("echo-request", true), Some(128));
    assert_eq!(j.icmp_type("echo-request", false), Some(8));
    assert_eq!(j.protocol("icmp", true), Some(1), "Junos next-header icmp is ICMPv4");
    assert_eq!(j.protocol_name(58, true), Some("icmp6"));
    assert_eq!(names(Vendor::Asa).icmp("echo", true), Some((128, None)));
}

fn v6(s: &str) -> u128 {
    acl_wasm::addr::parse_prefix(s).unwrap().addr
}

fn icmp6(ty: u8) -> Flow {
    Flow { v6: true, known: known::PROTO | known::ICMP_TYPE, proto: 58, icmp_type: ty, src: v6("2001:db8::1"), dst: v6("2001:db8::2"), ..Default::default() }
}

fn decide(text: &str, f: &Flow) -> u8 {
    Compiled::new(&one(text)).check(f).result
}

#[test]
fn ios_ipv6_echo_request_is_icmpv6_128() {
    let ios = "ipv6 access-list T\n permit icmp any any echo-request\n permit icmp any any nd-na\n deny ipv6 any any\n";
    let acl = one(ios);
    let c = acl.terms[0].cond(Key::IcmpType).unwrap();
    assert_eq!(c.range_values(), &[(128, 128)]);
    assert_eq!(decide(ios, &icmp6(128)), 1);
    assert_eq!(decide(ios, &icmp6(8)), 0);
    assert_eq!(decide(ios, &icmp6(136)), 1);
    let junos = out(&acl, "junos");
    assert!(junos.contains("next-header icmp6;") && junos.contains("icmp-type 128;"), "{}", junos);
    assert!(!junos.contains("icmp-type 8;"), "{}", junos);
    let back = out(&acl, "ios-named");
    assert!(back.contains("permit icmp any any echo-request") && back.contains("permit icmp any any nd-na"), "{}", back);
}

#[test]
fn junos_inet6_reads_icmpv6_names() {
    let j = "firewall { family inet6 { filter F { term a { from { next-header icmp6; icmp-type [ destination-unreachable packet-too-big neighbor-solicit echo-request ]; } then accept; } term b { then discard; } } } }";
    let acl = one(j);
    let c = acl.terms[0].cond(Key::IcmpType).unwrap();
    assert_eq!(c.range_values(), &[(1, 2), (128, 128), (135, 135)]);
    assert_eq!(decide(j, &icmp6(135)), 1);
    assert_eq!(decide(j, &icmp6(3)), 0);
    let ios = out(&acl, "ios-named");
    for want in ["permit icmp any any unreachable", "permit icmp any any packet-too-big", "permit icmp any any nd-ns", "permit icmp any any echo-request"] {
        assert!(ios.contains(want), "{} missing in\n{}", want, ios);
    }
    let errs = parse_errors("firewall { family inet6 { filter F { term a { from { icmp-type source-quench; } then accept; } } } }");
    assert!(errs.iter().any(|d| d.message.contains("unknown ICMPv6 type name 'source-quench'")), "{:#?}", errs);
}

#[test]
fn ios_reads_cisco_port_names() {
    let acl = one("access-list 101 permit udp any any eq dnsix\naccess-list 101 permit udp any any eq radius\naccess-list 101 permit tcp any any eq kerberos\n");
    let ports: Vec<_> = acl.terms.iter().map(|t| t.cond(Key::DestinationPort).unwrap().range_values()[0].0).collect();
    assert_eq!(ports, vec![195, 1645, 750]);
}

#[test]
fn protocols_are_written_in_the_targets_words() {
    let acl = one("ip access-list extended X\n permit 4 any any\n permit 51 any any\n permit 8 any any\n");
    let ios = out(&acl, "ios-named");
    assert!(ios.contains("permit ipinip any any") && ios.contains("permit ahp any any") && ios.contains("permit 8 any any"), "{}", ios);
    let junos = out(&acl, "junos");
    assert!(junos.contains("protocol ipip;") && junos.contains("protocol ah;") && junos.contains("protocol egp;"), "{}", junos);
}

#[test]
fn eos_headers_read_arista_names() {
    // Capirca's arista output: `ip access-list NAME` (EOS and NX-OS; IOS needs `extended`)
    // (read as EOS: auto refuses this text, NX-OS reads its names otherwise; dialects.rs)
    let (mut acls, diags) = acl_wasm::parse("no ip access-list E\nip access-list E\n permit udp any any eq kerberos\n permit udp any any eq radius\n permit tcp any any eq kerberos\n", "eos");
    assert!(diags.is_empty(), "{:?}", diags);
    let eos = acls.remove(0);
    let ports: Vec<_> = eos.terms.iter().map(|t| t.cond(Key::DestinationPort).unwrap().range_values()[0].0).collect();
    assert_eq!(ports, vec![88, 1812, 88]);
    let ios = one("ip access-list extended E\n permit udp any any eq kerberos\n permit udp any any eq radius\n");
    let ports: Vec<_> = ios.terms.iter().map(|t| t.cond(Key::DestinationPort).unwrap().range_values()[0].0).collect();
    assert_eq!(ports, vec![750, 1645]);
}
