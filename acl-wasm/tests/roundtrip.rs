//! Round-trip property: parse(emit(ir)) == ir (modulo spans, names/sequence numbers the format
//! assigns, and the dialect tag) for several formats, on pseudo-random ACLs (fixed seeds).

mod common;
use acl_wasm::ir::Acl;
use common::*;

fn ios_text(r: &mut Rng, v6: bool) -> String {
    let mut t = if v6 { "ipv6 access-list R\n".to_string() } else { "ip access-list extended R\n".to_string() };
    for _ in 0..(1 + r.below(25)) {
        let act = *r.pick(&["permit", "deny"]);
        let p = *r.pick(&["tcp", "udp", "icmp", "ip", "ospf", "47"]);
        let addr = |r: &mut Rng| -> String {
            if v6 {
                return match r.below(3) {
                    0 => "any".into(),
                    1 => format!("host 2001:db8::{:x}", 1 + r.below(500)),
                    _ => format!("2001:db8:{:x}::/48", r.below(100)),
                };
            }
            match r.below(4) {
                0 => "any".into(),
                1 => format!("host 192.0.2.{}", r.below(256)),
                2 => format!("10.{}.0.0 0.0.255.255", r.below(256)),
                _ => format!("10.0.{}.1 0.255.0.254", r.below(256)),
            }
        };
        let port = |r: &mut Rng| -> String {
            match r.below(5) {
                0 | 1 => String::new(),
                2 => format!(" eq {}", r.below(65536)),
                3 => format!(" range {} {}", 1 + r.below(1000), 1001 + r.below(1000)),
                _ => format!(" {} {}", r.pick(&["lt", "gt"]), 1 + r.below(60000)),
            }
        };
        let mut line = format!(" {} {} {}", act, if v6 && p == "ip" { "ipv6" } else { p }, addr(r));
        let tu = p == "tcp" || p == "udp";
        if tu {
            line.push_str(&port(r));
        }
        line.push(' ');
        line.push_str(&addr(r));
        if tu {
            line.push_str(&port(r));
        }
        if p == "tcp" && r.below(4) == 0 {
            line.push_str(" established");
        }
        if p == "icmp" && !v6 && r.below(2) == 0 {
            line.push_str(&format!(" {}", r.pick(&["echo", "echo-reply", "unreachable", "port-unreachable", "13 37", "3 1"])));
        }
        if !v6 && r.below(6) == 0 {
            line.push_str(&format!(" dscp {}", r.below(64)));
        }
        if r.below(4) == 0 {
            line.push_str(" log");
        }
        if r.below(8) == 0 {
            t.push_str(" remark some words\n");
        }
        t.push_str(&line);
        t.push('\n');
    }
    t
}

fn terms_only(mut a: Acl) -> Acl {
    a = normalize(a);
    for t in a.terms.iter_mut() {
        t.name = None;
        t.seq = None;
        for c in t.comments.iter_mut() {
            c.style = acl_wasm::ir::CommentStyle::Remark;
        }
    }
    a.name = None;
    a.source = acl_wasm::ir::Source::Ios;
    a.family = None;
    a
}

#[test]
fn ios_family_and_junos_round_trip() {
    let mut r = Rng(42);
    for i in 0..200 {
        let v6 = i % 4 == 3;
        let text = ios_text(&mut r, v6);
        let a = one(&text);
        let formats: &[&str] = if v6 { &["ios-named", "eos", "iosxr", "junos"] } else { &["ios-named", "eos", "iosxr", "junos", "ios", "brocade"] };
        for f in formats {
            let mut src = a.clone();
            if matches!(*f, "ios" | "brocade") {
                src.name = Some("150".into());
            }
            let emitted = out(&src, f);
            let mut back = terms_only(one(&emitted));
            let mut want = terms_only(a.clone());
            if *f == "brocade" {
                for t in back.terms.iter_mut().chain(want.terms.iter_mut()) {
                    t.comments.clear();
                }
            }
            assert_eq!(back, want, "format {}\n{}\n---\n{}", f, text, emitted);
        }
    }
}

fn junos_text(r: &mut Rng) -> String {
    let mut t = String::from("filter J {\n");
    if r.below(3) == 0 {
        t.push_str("    interface-specific;\n");
    }
    for k in 0..(1 + r.below(12)) {
        let inactive = if r.below(8) == 0 { "inactive: " } else { "" };
        t.push_str(&format!("    {}term t{} {{\n        from {{\n", inactive, k));
        if r.below(2) == 0 {
            t.push_str(&format!("            source-address {{ 10.{}.0.0/16; {} }}\n", r.below(256), if r.below(3) == 0 { "10.0.1.0/24 except;" } else { "" }));
        }
        if r.below(2) == 0 {
            t.push_str(&format!("            destination-address {{ 2001:db8:{:x}::/48; }}\n", r.below(4096)));
        }
        if r.below(3) == 0 {
            t.push_str("            destination-prefix-list { PL-A; PL-B; }\n");
        }
        let p = *r.pick(&["tcp", "udp", "icmp", "[ tcp udp ]"]);
        t.push_str(&format!("            protocol {};\n", p));
        if p != "icmp" && r.below(2) == 0 {
            t.push_str(&format!("            destination-port [ {} {}-{} ];\n", r.below(1000), 2000 + r.below(100), 3000 + r.below(100)));
        }
        if p == "icmp" && r.below(2) == 0 {
            t.push_str("            icmp-type [ echo-request echo-reply ];\n");
        }
        if p == "tcp" && r.below(3) == 0 {
            t.push_str(*r.pick(&["            tcp-established;\n", "            tcp-initial;\n", "            tcp-flags \"syn & !ack\";\n"]));
        }
        if r.below(5) == 0 {
            t.push_str("            packet-length 40-1500;\n            dscp-except [ 10 46 ];\n");
        }
        t.push_str("        }\n        then {\n");
        t.push_str(*r.pick(&["            accept;\n", "            discard;\n", "            reject tcp-reset;\n", "            next term;\n", "            routing-instance RI;\n"]));
        if r.below(2) == 0 {
            t.push_str(&format!("            count c{};\n", k));
        }
        if r.below(3) == 0 {
            t.push_str("            syslog;\n            sample;\n            loss-priority high;\n");
        }
        t.push_str("        }\n    }\n");
    }
    t.push_str("}\n");
    t
}

#[test]
fn junos_round_trip_exact() {
    let mut r = Rng(7);
    for _ in 0..200 {
        let text = junos_text(&mut r);
        let mut a = one(&text);
        if a.is_ipv6() {
            // IPv6 filters are emitted inside `family inet6`, which sets the family.
            a.family = Some(acl_wasm::ir::Family::Inet6);
        }
        let emitted = out(&a, "junos");
        let back = one(&emitted);
        assert_eq!(normalize(back.clone()), normalize(a), "{}\n---\n{}", text, emitted);
        assert_eq!(out(&back, "junos"), emitted, "idempotent");
    }
}

#[test]
fn ir_json_round_trip() {
    let mut r = Rng(9);
    for _ in 0..50 {
        let a = one(&junos_text(&mut r));
        let j = serde_json::to_string(&a).unwrap();
        let b: Acl = serde_json::from_str(&j).unwrap();
        assert_eq!(a, b);
    }
    let a = one("access-list 101 permit tcp 10.0.0.1 0.255.0.0 any eq 80\n");
    let j = serde_json::to_string(&a).unwrap();
    assert!(j.contains(r#""values":[{"prefix":"10.0.0.1/32","wildcard":"0.255.0.0"}]"#), "{}", j);
    assert!(j.contains(r#""values":[[80,80]]"#), "{}", j);
    let (code, text, _) = acl_wasm::abi::emit_impl(br#"{"format":"ios"}"#, j.as_bytes());
    assert_eq!(code, 0);
    assert_eq!(String::from_utf8(text).unwrap(), "access-list 101 permit tcp 10.0.0.1 0.255.0.0 any eq 80\n");
}
