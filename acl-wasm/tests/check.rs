//! Access-check semantics, and the index agreeing with a linear scan.

mod common;
use acl_wasm::check::{known, Compiled, Flow};
use common::*;

fn v4(s: &str) -> u128 {
    acl_wasm::addr::parse_v4(s).unwrap() as u128
}

fn tcp(src: &str, dst: &str, dport: u16) -> Flow {
    Flow { known: known::PROTO | known::DPORT | known::SPORT, proto: 6, sport: 40000, dport, src: v4(src), dst: v4(dst), ..Default::default() }
}

fn check(text: &str, f: &Flow) -> (u8, i32) {
    let mut c = Compiled::new(&one(text));
    let lin = c.check_linear(f);
    let v = c.check(f);
    assert_eq!(v, lin, "index disagrees with linear scan");
    (v.result, v.term)
}

#[test]
fn first_match_and_implicit_deny() {
    let acl = "access-list 101 deny tcp any host 192.0.2.1 eq 22\naccess-list 101 permit tcp any 192.0.2.0 0.0.0.255 eq 22\naccess-list 101 permit udp any any\n";
    assert_eq!(check(acl, &tcp("10.0.0.1", "192.0.2.1", 22)), (0, 0));
    assert_eq!(check(acl, &tcp("10.0.0.1", "192.0.2.2", 22)), (1, 1));
    assert_eq!(check(acl, &tcp("10.0.0.1", "192.0.3.2", 22)), (0, -1));
}

#[test]
fn established_needs_ack_or_rst() {
    let acl = "access-list 101 permit tcp any any established\n";
    let mut f = tcp("1.1.1.1", "2.2.2.2", 80);
    assert_eq!(check(acl, &f), (0, -1), "no flags = SYN only");
    f.known |= known::FLAGS;
    f.flags = 16;
    assert_eq!(check(acl, &f), (1, 0));
    let j = "filter f { term a { from { protocol tcp; tcp-flags \"syn & !ack\"; } then accept; } }";
    f.flags = 2;
    assert_eq!(check(j, &f), (1, 0));
    f.flags = 18;
    assert_eq!(check(j, &f), (0, -1));
}

#[test]
fn next_term_inactive_and_wildcards() {
    let j = "filter f { term a { from { protocol tcp; } then next term; } inactive: term b { then discard; } term c { from { destination-address { 10.0.0.0/8; } } then accept; } }";
    assert_eq!(check(j, &tcp("1.1.1.1", "10.1.1.1", 1)), (1, 2));
    let w = "access-list 101 permit ip any 10.0.0.5 0.255.0.0\n";
    assert_eq!(check(w, &tcp("1.1.1.1", "10.7.0.5", 1)), (1, 0));
    assert_eq!(check(w, &tcp("1.1.1.1", "10.7.1.5", 1)), (0, -1));
}

#[test]
fn except_addresses() {
    let j = "filter f { term a { from { source-address { 10.0.0.0/8; 10.1.0.0/16 except; } } then accept; } }";
    assert_eq!(check(j, &tcp("10.2.0.1", "1.1.1.1", 1)).0, 1);
    assert_eq!(check(j, &tcp("10.1.0.1", "1.1.1.1", 1)).0, 0);
    let j = "filter f { term a { from { destination-port-except 22; protocol tcp; } then accept; } }";
    assert_eq!(check(j, &tcp("1.1.1.1", "1.1.1.1", 22)).0, 0);
    assert_eq!(check(j, &tcp("1.1.1.1", "1.1.1.1", 23)).0, 1);
}

#[test]
fn ipv6_and_family() {
    let acl = "ipv6 access-list V\n permit tcp 2001:db8::/32 any eq 443\n";
    let mut f = Flow { v6: true, known: known::PROTO | known::DPORT, proto: 6, dport: 443, ..Default::default() };
    f.src = u128::from("2001:db8::1".parse::<std::net::Ipv6Addr>().unwrap());
    assert_eq!(check(acl, &f), (1, 0));
    f.src = u128::from("2001:db9::1".parse::<std::net::Ipv6Addr>().unwrap());
    assert_eq!(check(acl, &f), (0, -1));
    assert_eq!(check(acl, &tcp("1.1.1.1", "1.1.1.1", 443)), (0, -1));
    let any = "access-list 101 permit ip 10.0.0.0 0.255.255.255 any\n";
    f.src = 0x0a00_0001;
    assert_eq!(check(any, &f), (0, -1), "IPv4 prefix never matches an IPv6 flow");
}

#[test]
fn undetermined_results() {
    let acl = "access-list 101 deny icmp any any echo\naccess-list 101 permit ip any any\n";
    let f = Flow { known: known::PROTO, proto: 1, ..Default::default() };
    assert_eq!(check(acl, &f), (2, 0), "unknown icmp type could be denied");
    let f = Flow { known: 0, ..Default::default() };
    assert_eq!(check("access-list 101 permit tcp any any eq 80\n", &f), (2, 0));
    let j = "filter f { term a { from { source-prefix-list { pl; } } then reject; } term b { then accept; } }";
    assert_eq!(check(j, &tcp("1.1.1.1", "1.1.1.1", 1)), (2, 0));
    let j = "filter f { term a { from { dscp ef; } then accept; } term b { then accept; } }";
    assert_eq!(check(j, &tcp("1.1.1.1", "1.1.1.1", 1)), (1, 1), "same outcome: determined");
    let acl = "access-list 101 deny ip any any fragments\naccess-list 101 permit ip any any\n";
    assert_eq!(check(acl, &tcp("1.1.1.1", "1.1.1.1", 1)), (1, 1), "flows are not fragments");
}

#[test]
fn flow_layout_round_trips() {
    let f = tcp("192.0.2.1", "198.51.100.7", 443);
    let b = f.encode();
    assert_eq!(b[0], 4);
    assert_eq!(&b[16..20], &[192, 0, 2, 1]);
    assert_eq!(u16::from_le_bytes([b[6], b[7]]), 443);
    assert_eq!(Flow::decode(&b), f);
}

#[test]
fn abi_compile_and_check() {
    let text = b"access-list 101 permit tcp any any eq 80\n";
    let mut c = acl_wasm::abi::compile_impl(br#"{"input":"text","dialect":"auto"}"#, text).unwrap();
    let mut flows = Vec::new();
    flows.extend_from_slice(&tcp("1.1.1.1", "2.2.2.2", 80).encode());
    flows.extend_from_slice(&tcp("1.1.1.1", "2.2.2.2", 81).encode());
    let (mut verdicts, mut indices, mut missing) = ([9u8; 2], [9i32; 2], [9u16; 2]);
    acl_wasm::abi::check_impl(&mut c, &flows, &mut verdicts, &mut indices, &mut missing);
    assert_eq!((verdicts, indices, missing), ([1, 0], [0, -1], [0, 0]));
    let e = acl_wasm::abi::compile_impl(br#"{"input":"text"}"#, b"access-list 101 permit foo any any").err().unwrap();
    assert_eq!(e[0].code, "ACL002");
}

#[test]
fn index_agrees_with_linear_on_random_acls() {
    let mut r = Rng(0x5eed);
    let protos = ["tcp", "udp", "icmp", "ip"];
    for round in 0..30 {
        let mut text = String::new();
        for _ in 0..(50 + r.below(200)) {
            let act = if r.below(3) == 0 { "deny" } else { "permit" };
            let p = *r.pick(&protos);
            let addr = |r: &mut Rng| match r.below(4) {
                0 => "any".to_string(),
                1 => format!("host 10.0.{}.{}", r.below(4), r.below(8)),
                2 => format!("10.0.{}.0 0.0.0.255", r.below(4)),
                _ => format!("10.{}.0.{} 0.0.255.0", r.below(2), r.below(8)),
            };
            let (s, d) = (addr(&mut r), addr(&mut r));
            let port = if p == "tcp" || p == "udp" {
                match r.below(4) {
                    0 => String::new(),
                    1 => format!(" eq {}", r.below(10)),
                    2 => format!(" range {} {}", r.below(5), 5 + r.below(5)),
                    _ => format!(" gt {}", r.below(8)),
                }
            } else {
                String::new()
            };
            let est = if p == "tcp" && r.below(5) == 0 { " established" } else { "" };
            let icmp = if p == "icmp" && r.below(2) == 0 { format!(" {}", r.below(4)) } else { String::new() };
            text.push_str(&format!("access-list 101 {} {} {} {}{}{}{}\n", act, p, s, d, port, est, icmp));
        }
        let mut c = Compiled::new(&one(&text));
        for _ in 0..300 {
            let f = Flow {
                known: (r.below(64) as u8) | if r.below(2) == 0 { 0x3f } else { 0 },
                proto: *r.pick(&[1u8, 6, 17, 47]),
                flags: r.below(64) as u8,
                sport: r.below(10) as u16,
                dport: r.below(10) as u16,
                icmp_type: r.below(4) as u8,
                src: v4(&format!("10.{}.{}.{}", r.below(2), r.below(4), r.below(8))),
                dst: v4(&format!("10.{}.{}.{}", r.below(2), r.below(4), r.below(8))),
                ..Default::default()
            };
            assert_eq!(c.check(&f), c.check_linear(&f), "round {} flow {:?}\n{}", round, f, text);
        }
    }
}

/// Nested prefixes of many lengths in both families (the address intervals of the index), Junos
/// address lists with `except`, and flows on prefix boundaries (first, last, last + 1).
#[test]
fn index_agrees_with_linear_on_nested_prefixes() {
    let mut r = Rng(0xadd7);
    for round in 0..20 {
        let mut bases: Vec<(bool, u128, u8)> = Vec::new();
        let mut text = String::from("filter f {\n");
        for t in 0..(20 + r.below(120)) {
            let mut from = String::new();
            for key in ["source-address", "destination-address"] {
                if r.below(4) == 0 {
                    continue;
                }
                from.push_str(&format!("{} {{\n", key));
                for _ in 0..(1 + r.below(3)) {
                    let v6 = r.below(4) == 0;
                    let len = if v6 { *r.pick(&[0u8, 16, 32, 48, 64, 96, 127, 128]) } else { *r.pick(&[0u8, 1, 8, 12, 16, 20, 24, 28, 31, 32]) };
                    let bits = if v6 { 128 } else { 32 };
                    let raw: u128 = if v6 { (0x2001_0db8u128 << 96) | ((r.below(4) as u128) << 80) | r.below(1 << 16) as u128 } else { (10u128 << 24) | ((r.below(4) as u128) << 16) | r.below(1 << 12) as u128 };
                    let a = raw & acl_wasm::addr::mask(v6, len);
                    bases.push((v6, a, len));
                    let text_addr = if v6 { std::net::Ipv6Addr::from(a).to_string() } else { std::net::Ipv4Addr::from(a as u32).to_string() };
                    let except = if r.below(6) == 0 && len > 0 { " except" } else { "" };
                    from.push_str(&format!("{}/{}{};\n", text_addr, len.min(bits), except));
                }
                from.push_str("}\n");
            }
            if r.below(2) == 0 {
                from.push_str(&format!("protocol {};\n", r.pick(&["tcp", "udp", "icmp"])));
            }
            let then = *r.pick(&["accept", "discard", "next term"]);
            text.push_str(&format!("term t{} {{\nfrom {{\n{}}}\nthen {};\n}}\n", t, from, then));
        }
        text.push_str("}\n");
        let (acls, d) = acl_wasm::parse(&text, "junos");
        assert!(d.iter().all(|x| !x.is_error()), "{:?}\n{}", d, text);
        let mut c = Compiled::new(&acls[0]);
        for _ in 0..400 {
            let pick = |r: &mut Rng| -> (bool, u128) {
                let &(v6, a, len) = r.pick(&bases);
                let host = !acl_wasm::addr::mask(v6, len) & if v6 { u128::MAX } else { u32::MAX as u128 };
                let x = match r.below(4) {
                    0 => a,
                    1 => a | host,
                    2 => (a | host).wrapping_add(1) & if v6 { u128::MAX } else { u32::MAX as u128 },
                    _ => a | (r.below(1 << 20) as u128 & host),
                };
                (v6, x)
            };
            let (v6, src) = pick(&mut r);
            let (_, mut dst) = pick(&mut r);
            if !v6 {
                dst &= u32::MAX as u128;
            }
            let f = Flow { v6, known: 0x3f, proto: *r.pick(&[1u8, 6, 17]), flags: 16, sport: 1, dport: 2, src, dst, ..Default::default() };
            assert_eq!(c.check(&f), c.check_linear(&f), "round {} flow {:?}\n{}", round, f, text);
        }
    }
}

/// The index covers the terms up to the first that matches every flow (`permit ip any any`, a
/// Junos term without `from`): every answer, undetermined ones and their missing fields included,
/// is still the linear scan's over all terms, whichever term catches all and wherever it is; a
/// catch-all that only goes to the next term does not end the index.
#[test]
fn index_after_a_catch_all_term_agrees_with_linear() {
    let mut r = Rng(0xca7c);
    let catch_alls = ["permit ip any any", "deny ip any any", "permit ip any any log"];
    for round in 0..40 {
        let mut lines: Vec<String> = Vec::new();
        for _ in 0..(20 + r.below(150)) {
            let act = if r.below(3) == 0 { "deny" } else { "permit" };
            let p = *r.pick(&["tcp", "udp", "icmp", "ip"]);
            let addr = |r: &mut Rng| match r.below(3) {
                0 => "any".to_string(),
                1 => format!("host 10.0.{}.{}", r.below(4), r.below(8)),
                _ => format!("10.0.{}.0 0.0.0.255", r.below(4)),
            };
            let (s, d) = (addr(&mut r), addr(&mut r));
            let tail = match (p, r.below(3)) {
                ("tcp" | "udp", 0) => format!(" eq {}", r.below(10)),
                ("icmp", 0) => " echo".to_string(),
                (_, 1) => " dscp ef".to_string(),
                _ => String::new(),
            };
            lines.push(format!("access-list 101 {} {} {} {}{}", act, p, s, d, tail));
        }
        for _ in 0..=r.below(3) {
            let at = r.below(lines.len() as u64 + 1) as usize;
            lines.insert(at, format!("access-list 101 {}", r.pick(&catch_alls)));
        }
        let text = lines.join("\n") + "\n";
        let mut c = Compiled::new(&one(&text));
        for _ in 0..300 {
            let f = Flow {
                known: r.below(32) as u8,
                proto: *r.pick(&[1u8, 6, 17, 47]),
                dport: r.below(10) as u16,
                icmp_type: *r.pick(&[0u8, 8]),
                src: v4(&format!("10.0.{}.{}", r.below(4), r.below(8))),
                dst: v4(&format!("10.0.{}.{}", r.below(4), r.below(8))),
                ..Default::default()
            };
            assert_eq!(c.check(&f), c.check_linear(&f), "round {} flow {:?}\n{}", round, f, text);
        }
    }
    let j = "filter f { term a { then next term; } term b { from { protocol udp; } then discard; } term c { then accept; } term d { then discard; } }";
    let mut udp = tcp("1.1.1.1", "2.2.2.2", 53);
    udp.proto = 17;
    assert_eq!(check(j, &udp), (0, 1), "a next-term catch-all goes on");
    assert_eq!(check(j, &tcp("1.1.1.1", "2.2.2.2", 53)), (1, 2));
}
