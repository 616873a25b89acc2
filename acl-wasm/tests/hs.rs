//! Header-space analysis: the regions are exact against the per-flow checker on random ACLs
//! and random flows (seeded), the comparison finds exactly the flows decided differently, the
//! unreachable terms are exactly those, and the boxes read as people write them.

mod common;
use acl_wasm::addr::{from_wildcard, Address, Net};
use acl_wasm::check::{known, Compiled, Flow};
use acl_wasm::hs::bdd::{Node, FALSE, TRUE};
use acl_wasm::hs::region;
use acl_wasm::hs::space::{Field, Space};
use acl_wasm::hs::term::{other_family, HsAcl, Outcome};
use acl_wasm::hs::{self, Limits, Query};
use acl_wasm::ir::{Acl, ActionKind, Condition, Family, Key, Source, Term, Values};
use common::*;

const V4_BASES: [u32; 3] = [0x0a00_0000, 0xc000_0200, 0xac10_0000];

fn v4_addr(r: &mut Rng) -> u32 {
    let base = *r.pick(&V4_BASES);
    base | (r.below(4) as u32) << 8 | r.below(8) as u32
}

fn v6_addr(r: &mut Rng) -> u128 {
    (0x2001_0db8u128 << 96) | (r.below(4) as u128) << 64 | r.below(8) as u128
}

fn rand_addr(r: &mut Rng, v6: bool) -> Address {
    if v6 {
        let len = *r.pick(&[32u8, 64, 126, 128, 0]);
        return Address::plain(Net::new(true, v6_addr(r), len));
    }
    match r.below(5) {
        0 => from_wildcard(v4_addr(r), *r.pick(&[0x0000_ff00u32, 0x0000_0005, 0x00ff_00ff])),
        _ => Address::plain(Net::new(false, v4_addr(r) as u128, *r.pick(&[8u8, 16, 24, 29, 32, 0]))),
    }
}

fn ranges(r: &mut Rng, pool: &[u32]) -> Values {
    let mut v = Vec::new();
    for _ in 0..1 + r.below(2) {
        let a = *r.pick(pool);
        let b = if r.below(3) == 0 { a + r.below(600) as u32 } else { a };
        v.push((a, b));
    }
    Values::Ranges(v.into())
}

const PORTS: [u32; 7] = [22, 53, 80, 443, 1024, 5000, 0];

fn rand_cond(r: &mut Rng, v6: bool) -> Condition {
    let key = *r.pick(&[
        Key::Protocol,
        Key::Protocol,
        Key::SourceAddress,
        Key::DestinationAddress,
        Key::DestinationAddress,
        Key::Address,
        Key::SourcePort,
        Key::DestinationPort,
        Key::DestinationPort,
        Key::Port,
        Key::IcmpType,
        Key::IcmpCode,
        Key::TcpFlags,
        Key::IsFragment,
        Key::FragmentOffset,
    ]);
    let values = match key {
        Key::Protocol => ranges(r, &[1, 6, 17, 58, 132, 47]),
        Key::SourceAddress | Key::DestinationAddress | Key::Address => {
            let mut v: Vec<Address> = Vec::new();
            for _ in 0..1 + r.below(3) {
                let other = r.below(8) == 0;
                v.push(rand_addr(r, v6 ^ other));
            }
            if r.below(3) == 0 {
                let mut e = rand_addr(r, v6);
                if e.wildcard.is_none() {
                    e.except = true;
                    v.push(e);
                }
            }
            if r.below(10) == 0 {
                v[0].inactive = true;
            }
            Values::Addrs(v.into())
        }
        Key::SourcePort | Key::DestinationPort | Key::Port => ranges(r, &PORTS),
        Key::IcmpType | Key::IcmpCode => ranges(r, &[0, 3, 8, 128, 11]),
        Key::TcpFlags => Values::Names(vec![r.pick(&["syn & !ack", "ack | rst", "!fin", "(syn | fin) & !rst"]).to_string()]),
        Key::IsFragment => Values::Ranges(Default::default()),
        _ => ranges(r, &[0, 1, 5]),
    };
    let except = key != Key::IsFragment && r.below(8) == 0;
    Condition { key, except, values, named: None, group: None, span: Default::default() }
}

fn rand_acl(r: &mut Rng, n: usize) -> Acl {
    let mut acl = Acl::new(Some("F".into()), Source::Junos);
    acl.family = match r.below(4) {
        0 => Some(Family::Inet),
        1 => Some(Family::Inet6),
        _ => None,
    };
    let v6 = acl.family == Some(Family::Inet6);
    for _ in 0..n {
        let kind = *r.pick(&[
            ActionKind::Accept,
            ActionKind::Accept,
            ActionKind::Discard,
            ActionKind::Reject,
            ActionKind::NextTerm,
            ActionKind::RoutingInstance,
        ]);
        let mut t = Term::new(kind);
        t.inactive = r.below(15) == 0;
        for _ in 0..r.below(4) {
            let fam = if acl.family.is_none() { r.below(4) == 0 } else { v6 };
            t.conditions.push(rand_cond(r, fam));
        }
        acl.terms.push(t);
    }
    acl
}

fn rand_flow(r: &mut Rng, v6: bool) -> Flow {
    let proto = *r.pick(&[1u8, 6, 6, 17, 58, 132, 47]);
    let port = |r: &mut Rng| if r.below(3) == 0 { r.below(65536) as u16 } else { *r.pick(&PORTS) as u16 + r.below(2) as u16 };
    let addr = |r: &mut Rng| if v6 { v6_addr(r) } else { v4_addr(r) as u128 };
    Flow {
        v6,
        known: known::PROTO | known::SPORT | known::DPORT | known::ICMP_TYPE | known::ICMP_CODE | known::FLAGS,
        proto,
        flags: r.below(64) as u8,
        sport: port(r),
        dport: port(r),
        icmp_type: *r.pick(&[0u8, 3, 8, 128, 11, 12]),
        icmp_code: r.below(6) as u8,
        // not given (known2 0): the values contains() assigns to the fields a flow lacks
        known2: 0,
        dscp: 46,
        length: 1500,
        frag: 0,
        src: addr(r),
        dst: addr(r),
    }
}

/// The assignment of a flow: every field the checker knows, an unfragmented packet, and the
/// given values for the fields it does not know.
fn contains(s: &Space, n: Node, f: &Flow) -> bool {
    let value = |field: Field| -> u128 {
        match field {
            Field::Proto => f.proto as u128,
            Field::Src => f.src,
            Field::Dst => f.dst,
            Field::SPort => f.sport as u128,
            Field::DPort => f.dport as u128,
            Field::IcmpType => f.icmp_type as u128,
            Field::IcmpCode => f.icmp_code as u128,
            Field::Flags => f.flags as u128,
            Field::Frag => 0,
            Field::Dscp => 46,
            Field::Length => 1500,
            Field::Ttl => 64,
        }
    };
    s.bdd.contains(n, |v| match s.field_of(v) {
        Some((field, bit)) => (value(field) >> bit) & 1 == 1,
        None => false,
    })
}

#[test]
fn regions_are_exact_against_the_checker() {
    let mut r = Rng(0x45a_2026);
    let mut checked = 0;
    for round in 0..300 {
        let acl = { let n = 1 + r.below(12) as usize; rand_acl(&mut r, n) };
        let c = Compiled::new(&acl);
        for v6 in [false, true] {
            let mut s = Space::new(v6);
            let mut h = HsAcl::new(&mut s, &acl, !other_family(&acl, v6)).unwrap();
            let full = acl_wasm::hs::term::BBox::full(&s);
            let parts = region::decide(&mut s, &mut h, TRUE, &full).unwrap();
            // the parts partition the space
            let mut union = FALSE;
            for p in &parts {
                assert_eq!(s.bdd.and(union, p.set), FALSE, "round {}: parts overlap", round);
                union = s.bdd.or(union, p.set);
            }
            assert_eq!(union, TRUE, "round {}: parts do not cover the space", round);
            for _ in 0..60 {
                let f = rand_flow(&mut r, v6);
                let v = c.check_linear(&f);
                assert_ne!(v.result, 2, "fully known flow undetermined");
                let hit: Vec<_> = parts.iter().filter(|p| contains(&s, p.set, &f)).collect();
                assert_eq!(hit.len(), 1, "round {}: flow {:?} in {} parts", round, f, hit.len());
                assert_eq!((hit[0].permit as u8, hit[0].term), (v.result, v.term), "round {}: {:?}\n{:#?}", round, f, acl.terms);
                checked += 1;
            }
        }
    }
    assert!(checked > 30_000);
}

#[test]
fn query_regions_split_by_deciding_term() {
    let acl = one("access-list 101 deny tcp any host 10.1.2.3 eq 443\naccess-list 101 permit tcp 10.1.0.0 0.0.255.255 any eq 443\naccess-list 101 permit tcp any any established\n");
    let q = Query { src: Some(vec!["10.1.0.0/16".into()]), protocol: Some(vec![(6, 6)]), dport: Some(vec![(443, 443)]), tcp_flags: Some(vec![(2, 2)]), ..Default::default() };
    let res = hs::query(&acl, &q, &Limits::default()).unwrap();
    assert_eq!(res.permitted, "part");
    let terms: Vec<(i32, bool)> = res.parts.iter().map(|p| (p.decision.term, p.decision.permitted)).collect();
    assert_eq!(terms, vec![(0, false), (1, true)]);
    assert_eq!(res.parts[0].region.example.dst, "10.1.2.3");
    assert_eq!(res.parts[1].region.example.src, "10.1.0.1");
    assert_eq!(res.parts[1].region.example.dport, Some(443));
    // the permitted part: all of 10.1/16 to everything but 10.1.2.3, written as prefixes
    let json = serde_json::to_string(&res.parts[1].region.boxes).unwrap();
    assert!(json.contains("\"src\":[\"10.1.0.0/16\"]"), "{}", json);
    assert!(json.contains("\"10.1.2.2/32\""), "{}", json);
    // a packet that is not a SYN takes the established term too
    let q = Query { src: Some(vec!["10.9.0.0/16".into()]), protocol: Some(vec![(6, 6)]), dport: Some(vec![(443, 443)]), ..Default::default() };
    let res = hs::query(&acl, &q, &Limits::default()).unwrap();
    let terms: Vec<i32> = res.parts.iter().map(|p| p.decision.term).collect();
    assert_eq!(terms, vec![0, 2, -1]);
}

#[test]
fn a_range_is_one_box() {
    let acl = one("access-list 101 permit tcp any any range 1024 65535\n");
    let q = Query { family: Some(4), ..Default::default() };
    let res = hs::query(&acl, &q, &Limits::default()).unwrap();
    let permit = &res.parts[0];
    assert_eq!(permit.region.boxes.len(), 1);
    assert_eq!(serde_json::to_string(&permit.region.boxes[0]).unwrap(), r#"{"dport":[[1024,65535]],"protocol":[[6,6]]}"#);
}

fn mutate(r: &mut Rng, acl: &Acl) -> Acl {
    let mut b = acl.clone();
    let n = b.terms.len();
    match r.below(5) {
        0 if n > 1 => {
            b.terms.remove(r.below(n as u64) as usize);
        }
        1 if n > 1 => {
            let i = r.below(n as u64 - 1) as usize;
            b.terms.swap(i, i + 1);
        }
        2 => {
            let i = r.below(n as u64) as usize;
            b.terms[i].action.kind = if b.terms[i].action.kind == ActionKind::Accept { ActionKind::Discard } else { ActionKind::Accept };
        }
        3 => {
            let i = r.below(n as u64) as usize;
            let v6 = acl.family == Some(Family::Inet6);
            b.terms[i].conditions.push(rand_cond(r, v6));
        }
        _ => {
            let mut t = rand_acl(r, 1).terms.remove(0);
            t.inactive = false;
            b.terms.insert(r.below(n as u64 + 1) as usize, t);
        }
    }
    b
}

#[test]
fn compare_finds_exactly_the_flows_decided_differently() {
    let mut r = Rng(0xd1ff);
    let mut differing = 0;
    for round in 0..300 {
        let a = { let n = 1 + r.below(10) as usize; rand_acl(&mut r, n) };
        let b = if round % 7 == 0 { a.clone() } else { mutate(&mut r, &a) };
        let (ca, cb) = (Compiled::new(&a), Compiled::new(&b));
        let v6 = hs::applies_v6(&a);
        if hs::applies_v6(&b) != v6 {
            continue;
        }
        let mut s = Space::new(v6);
        let mut ha = HsAcl::new(&mut s, &a, true).unwrap();
        let mut hb = HsAcl::new(&mut s, &b, true).unwrap();
        let diffs = region::diff(&mut s, &mut ha, &mut hb).unwrap();
        let apply = |c: &Compiled, acl: &Acl, f: &Flow| if other_family(acl, v6) { (0, -1) } else { let v = c.check_linear(f); (v.result, v.term) };
        for _ in 0..80 {
            let f = rand_flow(&mut r, v6);
            let (va, vb) = (apply(&ca, &a, &f), apply(&cb, &b, &f));
            let hit: Vec<_> = diffs.iter().filter(|d| contains(&s, d.set, &f)).collect();
            if va.0 == vb.0 {
                assert!(hit.is_empty(), "round {}: same decision, yet in a difference", round);
            } else {
                differing += 1;
                assert_eq!(hit.len(), 1, "round {}: {:?} decided {:?} / {:?}", round, f, va, vb);
                assert_eq!((hit[0].old.term, hit[0].new.term), (va.1, vb.1));
            }
        }
        // the JSON answer agrees, and each example packet really is decided differently
        let cmp = hs::compare(&a, &b, &Limits::default()).unwrap();
        assert_eq!(cmp.equivalent, diffs.is_empty());
        for d in &cmp.differences {
            let f = flow_of(&d.region.example);
            if d.region.example.fragment.is_none() {
                assert_eq!((apply(&ca, &a, &f), apply(&cb, &b, &f)), ((d.old.permitted as u8, d.old.term), (d.new.permitted as u8, d.new.term)), "round {}", round);
            }
        }
    }
    assert!(differing > 500, "only {} differing flows", differing);
}

#[test]
fn unreachable_terms_are_exact() {
    let mut r = Rng(0x5ad0);
    for round in 0..200 {
        let acl = { let n = 1 + r.below(10) as usize; rand_acl(&mut r, n) };
        let c = Compiled::new(&acl);
        let v6 = hs::applies_v6(&acl);
        let mut s = Space::new(v6);
        let mut h = HsAcl::new(&mut s, &acl, true).unwrap();
        for k in 0..h.terms.len() {
            let m = h.set(&mut s, k).unwrap();
            let b = h.terms[k].bbox;
            let (_, left) = region::walk(&mut s, &mut h, m, &b, k).unwrap();
            let reach = region::reach(&mut s, &mut h, k).unwrap();
            assert_eq!(reach.is_none(), left != FALSE);
            // a packet reaching a deciding term is decided by it (checked on an example packet)
            if left != FALSE && h.terms[k].outcome != Outcome::Next {
                let ex = acl_wasm::hs::boxes::example(&s, left).unwrap();
                if ex.fragment.is_none() {
                    let f = flow_of(&ex);
                    if !other_family(&acl, v6) {
                        assert_eq!(c.check_linear(&f).term, h.terms[k].idx, "round {}: {:?}", round, ex);
                    }
                }
            }
            if let Some(by) = reach {
                // every shadowing term comes before and decides some of the term's packets
                assert!(by.iter().all(|&j| j < h.terms[k].idx));
            }
        }
    }
}

fn flow_of(ex: &acl_wasm::hs::boxes::Example) -> Flow {
    let addr = |a: &str| -> u128 {
        if ex.family == 6 {
            u128::from(a.parse::<std::net::Ipv6Addr>().unwrap())
        } else {
            acl_wasm::addr::parse_v4(a).unwrap() as u128
        }
    };
    Flow {
        v6: ex.family == 6,
        known: known::PROTO | known::SPORT | known::DPORT | known::ICMP_TYPE | known::ICMP_CODE | known::FLAGS,
        proto: ex.protocol as u8,
        flags: ex.tcp_flags.unwrap_or(2) as u8,
        sport: ex.sport.unwrap_or(0) as u16,
        dport: ex.dport.unwrap_or(0) as u16,
        icmp_type: ex.icmp_type.unwrap_or(0) as u8,
        icmp_code: ex.icmp_code.unwrap_or(0) as u8,
        known2: 0,
        dscp: 46,
        length: 1500,
        frag: 0,
        src: addr(&ex.src),
        dst: addr(&ex.dst),
    }
}

#[test]
fn shadowed_lines_name_their_shadows() {
    let acl = one("access-list 101 permit tcp 10.0.0.0 0.255.255.255 any\naccess-list 101 deny tcp 10.0.0.0 0.0.255.255 any eq 22\naccess-list 101 permit udp any any\naccess-list 101 deny udp host 10.0.0.1 any eq 53\naccess-list 101 permit tcp 10.1.0.0 0.0.255.255 any eq 80\naccess-list 101 permit icmp any any echo\n");
    let u = hs::unreachable(&acl).unwrap();
    let got: Vec<(i32, Vec<i32>)> = u.into_iter().map(|x| (x.term, x.shadowed_by)).collect();
    assert_eq!(got, vec![(1, vec![0]), (3, vec![2]), (4, vec![0])]);
    let j = one("filter f { term a { from { source-address { 10.0.0.0/8; 10.1.0.0/16 except; } } then accept; } term b { from { source-address 10.1.2.0/24; } then discard; } term c { from { source-address 10.2.0.0/16; } then discard; } term d { from { protocol tcp; protocol-except tcp; } then accept; } }");
    let got: Vec<(i32, Vec<i32>)> = hs::unreachable(&j).unwrap().into_iter().map(|x| (x.term, x.shadowed_by)).collect();
    assert_eq!(got, vec![(2, vec![0]), (3, vec![])]);
}

#[test]
fn an_ios_acl_and_its_junos_conversion_are_equivalent() {
    let ios = "access-list 150 permit tcp any host 192.0.2.10 eq 443\naccess-list 150 permit tcp 10.0.0.0 0.255.255.255 any range 1024 65535 established\naccess-list 150 deny udp any 10.1.0.5 0.0.255.0 eq 53\naccess-list 150 permit icmp any any echo\naccess-list 150 permit ip any any\n";
    let a = one(ios);
    let b = one(&out(&a, "junos").replace("filter 150", "filter 150"));
    let c = hs::compare(&a, &b, &Limits::default()).unwrap();
    assert!(c.equivalent, "{:?}", c);
    let mut changed = b.clone();
    changed.terms.remove(2);
    let c = hs::compare(&a, &changed, &Limits::default()).unwrap();
    assert!(!c.equivalent);
    assert_eq!(c.differences.len(), 1);
    let d = &c.differences[0];
    assert_eq!((d.old.term, d.old.permitted, d.new.term, d.new.permitted), (2, false, 3, true));
    assert_eq!((d.region.example.protocol, d.region.example.dport, d.region.example.dst.as_str()), (17, Some(53), "10.1.0.5"));
}

#[test]
fn unresolved_conditions_are_variables() {
    let j = "filter f { term a { from { source-prefix-list EDGE; protocol tcp; } then accept; } term b { from { protocol tcp; } then discard; } }";
    let acl = one(j);
    let q = Query { family: Some(4), protocol: Some(vec![(6, 6)]), ..Default::default() };
    let res = hs::query(&acl, &q, &Limits::default()).unwrap();
    assert_eq!(res.permitted, "part");
    assert_eq!(res.parts[0].region.example.conditions.get("source-prefix-list EDGE"), Some(&true));
    assert_eq!(res.parts[1].region.example.conditions.get("source-prefix-list EDGE"), Some(&false));
}

#[test]
fn abi_reports_bad_requests() {
    let (st, out) = acl_wasm::hs::abi::hs_impl(br#"{"op":"nope"}"#, br#"{"acls":[]}"#);
    assert_eq!(st, 1);
    assert!(String::from_utf8(out).unwrap().contains("unknown op 'nope'"));
    let (st, out) = acl_wasm::hs::abi::hs_impl(br#"{"op":"query","query":{"src":["10.0.0.0/33"]}}"#, br#"{"acls":[{"text":"access-list 1 permit any\n"}]}"#);
    assert_eq!(st, 1, "{}", String::from_utf8_lossy(&out));
    assert!(String::from_utf8(out).unwrap().contains("src: prefix length"));
    let (st, out) = acl_wasm::hs::abi::hs_impl(br#"{"op":"unreachable"}"#, br#"{"acls":[{"text":"access-list 1 permit any\naccess-list 1 deny host 1.2.3.4\n","dialect":"ios"}]}"#);
    assert_eq!(st, 0);
    assert_eq!(String::from_utf8(out).unwrap(), r#"{"unreachable":[{"term":1,"shadowedBy":[0]}]}"#);
}

/// Like `bench/_gen_acl.ts`: hosts, /8-/28 wildcards and `any`, tcp/udp ports, icmp, ip.
fn bench_acl(n: usize, r: &mut Rng) -> String {
    let ip = |r: &mut Rng| format!("{}.{}.{}.{}", r.below(256), r.below(256), r.below(256), r.below(256));
    let addr = |r: &mut Rng| match r.below(10) {
        0 | 1 => "any".to_string(),
        2..=4 => format!("host {}", ip(r)),
        _ => {
            let (len, w) = *r.pick(&[(8u32, "0.255.255.255"), (16, "0.0.255.255"), (24, "0.0.0.255"), (28, "0.0.0.15")]);
            let a = acl_wasm::addr::parse_v4(&ip(r)).unwrap() & (u32::MAX << (32 - len));
            format!("{}.{}.{}.{} {}", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255, w)
        }
    };
    let mut s = String::new();
    for _ in 0..n - 1 {
        let act = if r.below(10) < 8 { "permit" } else { "deny" };
        let ace = match r.below(10) {
            0..=4 => {
                let p = if r.below(10) < 7 { format!(" eq {}", r.pick(&[22, 25, 53, 80, 123, 443, 8080])) } else { format!(" range 1024 {}", 1024 + r.below(60000)) };
                format!("tcp {} {}{}", addr(r), addr(r), p)
            }
            5..=7 => format!("udp {} {} eq {}", addr(r), addr(r), r.pick(&[53, 123, 161])),
            8 => format!("icmp {} {} {}", addr(r), addr(r), r.pick(&["echo", "echo-reply", "unreachable"])),
            _ => format!("ip {} {}", addr(r), addr(r)),
        };
        s.push_str(&format!("access-list 150 {} {}\n", act, ace));
    }
    s.push_str("access-list 150 deny ip any any\n");
    s
}

/// Native timing of the analyses on two 10,000-term ACLs (not asserted):
/// `bash acl-wasm/build.sh test --release --test hs -- --ignored --nocapture`.
#[test]
#[ignore]
fn hs_throughput() {
    use std::time::Instant;
    let mut r = Rng(7);
    let text = bench_acl(10_000, &mut r);
    let a = one(&text);
    let junos = one(&out(&a, "junos"));
    let t = Instant::now();
    let c = hs::compare(&a, &junos, &Limits::default()).unwrap();
    println!("compare 10k IOS vs its Junos conversion: {:.1} ms (equivalent: {})", t.elapsed().as_secs_f64() * 1e3, c.equivalent);
    let mut b = a.clone();
    for i in 0..10 {
        let k = 500 + i * 900;
        b.terms[k].action.kind = if b.terms[k].action.kind == ActionKind::Accept { ActionKind::Reject } else { ActionKind::Accept };
    }
    let t = Instant::now();
    let c = hs::compare(&a, &b, &Limits::default()).unwrap();
    println!("compare 10k vs 10 actions flipped: {:.1} ms ({} differences)", t.elapsed().as_secs_f64() * 1e3, c.differences.len());
    let t = Instant::now();
    let u = hs::unreachable(&a).unwrap();
    println!("unreachable on 10k: {:.1} ms ({} unreachable)", t.elapsed().as_secs_f64() * 1e3, u.len());
    let mut s = Space::new(false);
    let mut h = HsAcl::new(&mut s, &a, true).unwrap();
    let t = Instant::now();
    let mut s2 = Space::new(false);
    let _h1 = HsAcl::new(&mut s2, &a, true).unwrap();
    let _h2 = HsAcl::new(&mut s2, &junos, true).unwrap();
    println!("keys of 2x10k: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    for k in 0..h.terms.len() {
        h.set(&mut s, k).unwrap();
    }
    println!("building 10k term sets: {:.1} ms ({} nodes)", t.elapsed().as_secs_f64() * 1e3, s.bdd.len());
}
