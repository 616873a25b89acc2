//! Per-flow fields (DSCP, fragment, packet length, TCP flags, ICMP type/code): a term testing a
//! field the flow gives is decided by it; a field the flow lacks makes the result undetermined
//! and names the field. And conversions decide every flow like their source (random flows over
//! ACLs using these fields, ICMPv6 and the IOS TCP flag options).

mod common;
use acl_wasm::check::{extra, known, missing, Compiled, Flow, Verdict};
use common::*;

fn v4(s: &str) -> u128 {
    acl_wasm::addr::parse_v4(s).unwrap() as u128
}

fn base() -> Flow {
    Flow { known: known::PROTO | known::SPORT | known::DPORT, proto: 6, sport: 40000, dport: 80, src: v4("10.0.0.1"), dst: v4("192.0.2.1"), ..Default::default() }
}

fn check(acl: &str, f: &Flow) -> Verdict {
    let mut c = Compiled::new(&one(acl));
    let v = c.check(f);
    assert_eq!(v, c.check_linear(f), "index and linear scan disagree");
    v
}

#[test]
fn dscp_and_precedence_are_decided_by_the_flow() {
    let acl = "ip access-list extended Q\n permit tcp any any dscp ef\n deny tcp any any precedence 5\n permit ip any any\n";
    let v = check(acl, &base());
    assert_eq!((v.result, v.term, v.missing), (2, 1, missing::DSCP), "no dscp: undetermined (the deny term could change it), naming dscp");
    let mut f = base();
    f.known2 = extra::DSCP;
    f.dscp = 46;
    assert_eq!((check(acl, &f).result, check(acl, &f).term), (1, 0));
    f.dscp = 40; // cs5: precedence 5
    assert_eq!((check(acl, &f).result, check(acl, &f).term), (0, 1));
    f.dscp = 0;
    assert_eq!((check(acl, &f).result, check(acl, &f).term), (1, 2));
}

#[test]
fn packet_length_and_unknowable_fields_are_named() {
    let j = "filter f { term small { from { packet-length 0-100; } then accept; } term pl { from { source-prefix-list { corp; } } then accept; } term rest { then discard; } }";
    let v = check(j, &base());
    assert_eq!((v.result, v.term, v.missing), (2, 0, missing::LENGTH));
    let mut f = base();
    f.known2 = extra::LENGTH;
    f.length = 64;
    assert_eq!(check(j, &f).result, 1);
    f.length = 1500;
    let v = check(j, &f);
    assert_eq!((v.result, v.term, v.missing), (2, 1, missing::PREFIX_LIST), "a prefix list is never known");
    let v = check("access-list 101 permit tcp any any eq 80\naccess-list 101 deny ip any any\n", &Flow { known: known::PROTO, ..base() });
    assert_eq!((v.result, v.missing), (2, missing::DPORT));
    let v = check("access-list 101 permit tcp any any eq 80\n", &Flow { known: 0, ..base() });
    assert_eq!((v.result, v.missing), (2, missing::PROTO | missing::DPORT));
}

fn frag(offset: u16, more: bool) -> Flow {
    let mut f = base();
    f.known2 = extra::FRAGMENT;
    f.frag = offset | if more { 0x2000 } else { 0 };
    f
}

#[test]
fn fragments_ios_means_non_initial_junos_is_fragment_means_any() {
    let ios = "access-list 101 deny ip any any fragments\naccess-list 101 permit ip any any\n";
    assert_eq!(check(ios, &base()).result, 1, "no fragment field: not a fragment");
    assert_eq!(check(ios, &frag(0, false)).result, 1);
    assert_eq!(check(ios, &frag(0, true)).result, 1, "a first fragment is not matched by IOS 'fragments'");
    assert_eq!(check(ios, &frag(185, false)).result, 0);
    let junos = out(&one(ios), "junos");
    assert!(junos.contains("fragment-offset 1-8191;"), "{}", junos);
    let j = "filter f { term a { from { is-fragment; } then discard; } term b { from { first-fragment; } then discard; } term c { from { fragment-flags \"dont-fragment\"; } then discard; } term d { then accept; } }";
    assert_eq!(check(j, &frag(0, true)).term, 0);
    assert_eq!(check(j, &frag(185, false)).term, 0);
    assert_eq!(check(j, &frag(0, false)).term, 3);
    let mut df = frag(0, false);
    df.frag |= 0x4000;
    assert_eq!(check(j, &df).term, 2);
    let e = emit_errors(&one(j), "ios-named");
    assert!(e.iter().any(|d| d.message == "match 'is-fragment' cannot be expressed in ios-named output"), "{:#?}", e);
    let e = emit_errors(&one("filter f { term a { from { fragment-offset 0-10; } then accept; } }"), "ios");
    assert!(e.iter().any(|d| d.message.starts_with("fragment-offset '0-10' cannot be expressed")), "{:#?}", e);
}

/// Random flows of every shape these ACLs test.
fn random_flow(r: &mut Rng, v6: bool) -> Flow {
    let protos = [6u8, 17, 1, 58, 47];
    let mut f = Flow { v6, ..Default::default() };
    if r.below(8) > 0 {
        f.known |= known::PROTO;
        f.proto = *r.pick(&protos);
    }
    for (bit, slot) in [(known::SPORT, 0), (known::DPORT, 1)] {
        if r.below(6) > 0 {
            f.known |= bit;
            let p = *r.pick(&[22u16, 80, 443, 53, 1645, 1812, 750, 88, 195, 40000]);
            if slot == 0 {
                f.sport = p;
            } else {
                f.dport = p;
            }
        }
    }
    if r.below(4) > 0 {
        f.known |= known::ICMP_TYPE;
        f.icmp_type = *r.pick(&[0u8, 1, 2, 3, 4, 8, 11, 128, 129, 133, 134, 135, 136]);
    }
    if r.below(3) > 0 {
        f.known |= known::ICMP_CODE;
        f.icmp_code = r.below(5) as u8;
    }
    if r.below(4) > 0 {
        f.known |= known::FLAGS;
        f.flags = r.below(64) as u8;
    }
    if r.below(3) > 0 {
        f.known2 |= extra::DSCP;
        f.dscp = *r.pick(&[0u8, 10, 40, 46, 48]);
    }
    if r.below(3) > 0 {
        f.known2 |= extra::FRAGMENT;
        f.frag = *r.pick(&[0u16, 0x2000, 185, 0x2000 | 185, 0x4000]);
    }
    let pick_addr = |r: &mut Rng| -> u128 {
        if v6 {
            acl_wasm::addr::parse_prefix(*r.pick(&["2001:db8::1", "2001:db8:1::5", "fe80::1"])).unwrap().addr
        } else {
            v4(*r.pick(&["10.0.0.1", "10.200.0.9", "192.0.2.1", "198.51.100.7"]))
        }
    };
    f.src = pick_addr(r);
    f.dst = pick_addr(r);
    f
}

const IOS_V4: &str = "ip access-list extended P
 deny tcp any any match-all +syn -ack
 permit tcp 10.0.0.0 0.255.255.255 any eq www ack
 permit tcp any host 192.0.2.1 eq 443 syn fin
 permit tcp any any match-any +rst +fin
 deny ip any any fragments
 permit udp any any eq radius
 permit udp any any eq dnsix
 permit icmp any any echo
 permit icmp any any port-unreachable
 permit tcp any any established
 permit udp any any dscp ef
 deny ip any any precedence 5
 permit ip 198.51.100.0 0.0.0.255 any
";

const IOS_V6: &str = "ipv6 access-list P6
 permit icmp any any echo-request
 permit icmp any any nd-ns
 permit icmp any any packet-too-big
 permit icmp any any 1 4
 deny icmp 2001:db8:1::/48 any
 permit tcp any any ack
 permit tcp any 2001:db8::/32 eq 22 match-all +syn -ack
 deny ipv6 any any fragments
 permit udp any any dscp af11
 permit ipv6 fe80::/10 any
";

const JUNOS_V6: &str = "firewall { family inet6 { filter J6 {
 term nd { from { next-header icmp6; icmp-type [ neighbor-solicit neighbor-advertisement router-solicit ]; } then accept; }
 term err { from { next-header icmp6; icmp-type destination-unreachable; icmp-code port-unreachable; } then accept; }
 term ping { from { next-header icmp6; icmp-type echo-request; } then accept; }
 term big { from { next-header icmp6; icmp-type packet-too-big; } then accept; }
 term web { from { next-header tcp; destination-port [ 80 443 ]; tcp-flags \"syn | rst | !ack\"; } then discard; }
 term rest { from { next-header tcp; tcp-established; } then accept; }
} } }";

#[test]
fn conversions_decide_every_flow_like_the_source() {
    let mut r = Rng(0x5eed_f10c);
    let cases: &[(&str, bool, &[&str])] = &[
        (IOS_V4, false, &["junos", "ios-named"]),
        (IOS_V6, true, &["junos", "ios-named"]),
        (JUNOS_V6, true, &["ios-named"]),
    ];
    let mut compared = 0;
    for &(text, v6, formats) in cases {
        let src = one(text);
        let mut a = Compiled::new(&src);
        for &fmt in formats {
            let text2 = out(&src, fmt);
            let mut b = Compiled::new(&one(&text2));
            for _ in 0..4000 {
                let f = random_flow(&mut r, v6);
                let (x, y) = (a.check(&f), b.check(&f));
                assert_eq!(x.result, y.result, "{} -> {}: {:?} decided {:?} vs {:?}\n{}", src.name.as_deref().unwrap_or(""), fmt, f, x, y, text2);
                assert_eq!(x.missing, y.missing, "{}: {:?}", fmt, f);
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 4000 * 5);
}
