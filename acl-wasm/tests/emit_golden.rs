//! Exact emitter outputs: Trigger's §5.1 "Output" and "IOS parse/output" cases and more.

mod common;
use acl_wasm::ir::*;
use common::*;

const NINE: [&str; 9] = [
    "tcp 192.0.2.0 0.0.0.255 any gt 65530",
    "udp any host 192.0.2.99 eq 80",
    "16 any host 192.0.2.99",
    "tcp any host 192.0.2.99 range 1 4 established",
    "icmp any any 13 37",
    "icmp any any unreachable",
    "icmp any any echo-reply",
    "tcp 192.0.2.96 0.0.0.31 any eq 80",
    "ip any any",
];

fn trigger_acl(name: &str, named_terms: bool) -> Acl {
    let junos = format!(
        "filter {} {{ term p99 {{ from {{ protocol 99; }} then accept; }} term windows {{ from {{ protocol tcp; source-address {{ 192.0.2.0/24; }} destination-port [ 135-138 445 ]; }} then {{ reject; syslog; }} }} }}",
        name
    );
    let mut a = one(&junos);
    if !named_terms {
        for t in a.terms.iter_mut() {
            t.name = None;
        }
    }
    a
}

#[test]
fn trigger_output_junos() {
    let mut a = trigger_acl("100j", true);
    a.terms[0].modifiers.count = Some("p99".into());
    let want = "filter 100j {\n    term p99 {\n        from {\n            protocol 99;\n        }\n        then {\n            accept;\n            count p99;\n        }\n    }\n    term windows {\n        from {\n            source-address {\n                192.0.2.0/24;\n            }\n            protocol tcp;\n            destination-port [ 135-138 445 ];\n        }\n        then {\n            reject;\n            syslog;\n        }\n    }\n}\n";
    assert_eq!(out(&a, "junos"), want);
}

#[test]
fn trigger_output_ios_named_xr() {
    let a = trigger_acl("100", true);
    assert_eq!(
        out(&a, "ios"),
        "access-list 100 permit 99 any any\naccess-list 100 deny tcp 192.0.2.0 0.0.0.255 any range 135 138 log\naccess-list 100 deny tcp 192.0.2.0 0.0.0.255 any eq 445 log\n"
    );
    let a = trigger_acl("BLAHBLAH", true);
    assert_eq!(
        out(&a, "ios-named"),
        "ip access-list extended BLAHBLAH\n permit 99 any any\n deny tcp 192.0.2.0 0.0.0.255 any range 135 138 log\n deny tcp 192.0.2.0 0.0.0.255 any eq 445 log\n"
    );
    let a = trigger_acl("BLAHBLAH", false);
    assert_eq!(
        out(&a, "iosxr"),
        "ipv4 access-list BLAHBLAH\n 10 permit 99 any any\n 20 deny tcp 192.0.2.0 0.0.0.255 any range 135 138 log\n 30 deny tcp 192.0.2.0 0.0.0.255 any eq 445 log\n"
    );
    assert_eq!(
        out(&a, "eos"),
        "ip access-list BLAHBLAH\n 10 permit ip any any\n".replace("ip any any", "99 any any")
            + " 20 deny tcp 192.0.2.0/24 any range 135 138 log\n 30 deny tcp 192.0.2.0/24 any eq 445 log\n"
    );
}

#[test]
fn bad_ios_names_and_missing_junos_name() {
    let mut a = trigger_acl("x", true);
    for bad in ["blah", "500", "131dj", "0"] {
        a.name = Some(bad.into());
        let d = emit_errors(&a, "ios");
        assert_eq!(d[0].code, "ACL022", "{}", bad);
    }
    a.name = None;
    assert_eq!(emit_errors(&a, "junos")[0].code, "ACL022");
}

#[test]
fn nine_clauses_round_trip_numbered_and_named() {
    let text: String = NINE.iter().map(|m| format!("access-list 100 permit {}\n", m)).collect();
    let a = one(&text);
    assert_eq!(a.source, Source::Ios);
    assert_eq!(out(&a, "ios"), text);
    let named = format!("ip access-list extended foo\n{}", NINE.iter().map(|m| format!(" permit {}\n", m)).collect::<String>());
    let b = one(&named);
    assert_eq!(b.source, Source::IosNamed);
    assert_eq!(out(&b, "ios-named"), named);
}

#[test]
fn ios_non_canonical_forms() {
    let cases = [
        ("access-list 100 permit icmp any any log echo", "access-list 100 permit icmp any any echo log\n"),
        ("access-list 100 permit tcp any any eq ftp-data", "access-list 100 permit tcp any any eq 20\n"),
        ("access-list 100 permit ip any 192.0.2.99 0.0.0.0", "access-list 100 permit ip any host 192.0.2.99\n"),
        ("access-list 100 permit icmp 172.16.0.0 0.15.255.255 any 8", "access-list 100 permit icmp 172.16.0.0 0.15.255.255 any echo\n"),
        ("access-list 100 permit icmp any any echo-request", "access-list 100 permit icmp any any echo\n"),
        ("ACCESS-LIST 100 PERMIT TCP ANY ANY EQ WWW", "access-list 100 permit tcp any any eq 80\n"),
        ("access-list 100 permit tcp any any neq 80", "access-list 100 permit tcp any any lt 80\naccess-list 100 permit tcp any any gt 80\n"),
        ("access-list 100 permit tcp any any le 1023", "access-list 100 permit tcp any any lt 1024\n"),
        ("access-list 100 permit tcp any any ge 1024", "access-list 100 permit tcp any any gt 1023\n"),
        ("access-list 100 permit ip 10.0.0.0 0.0.255.0 any", "access-list 100 permit ip 10.0.0.0 0.0.255.0 any\n"),
        ("access-list 100 permit tcp any any eq 22 log-input", "access-list 100 permit tcp any any eq 22 log-input\n"),
        ("access-list 100 deny ip any any fragments", "access-list 100 deny ip any any fragments\n"),
        ("access-list 100 permit ip any any dscp ef", "access-list 100 permit ip any any dscp 46\n"),
        ("access-list 100 permit ip any any precedence critical", "access-list 100 permit ip any any precedence 5\n"),
        ("access-list 100 permit icmp any any port-unreachable", "access-list 100 permit icmp any any port-unreachable\n"),
    ];
    for (i, o) in cases {
        assert_eq!(out(&one(i), "ios"), o, "{}", i);
    }
}

#[test]
fn remarks_comments_and_end() {
    let x = "ip access-list extended foo\n permit 94 any any\n remark Need more NOS!\n permit 94 any any\n";
    assert_eq!(out(&one(x), "ios-named"), x.replace("94", "nos"));
    let a = one("\n! comment\n\naccess-list 100 permit udp any any log ! ok\nend\n");
    assert_eq!(a.comments.len(), 1);
    assert_eq!(out(&a, "ios"), "! comment\n! ok\naccess-list 100 permit udp any any log\n");
    let a = one("access-list 100 remark web\naccess-list 100 permit tcp any any eq 80\n! tail\n");
    assert_eq!(a.terms[0].comments[0].style, CommentStyle::Remark);
    assert_eq!(a.trailing_comments[0].text, "tail");
    assert_eq!(out(&a, "ios"), "access-list 100 remark web\naccess-list 100 permit tcp any any eq 80\n! tail\n");
    assert!(out(&a, "junos").contains("        /* web */\n"));
}

#[test]
fn no_access_list_resets_and_replace() {
    let a = one("access-list 100 permit udp any any\nno access-list 100\naccess-list 100 permit tcp any any\n");
    assert!(a.replace);
    assert_eq!(out(&a, "ios"), "no access-list 100\naccess-list 100 permit tcp any any\n");
}

#[test]
fn junos_trigger_cases() {
    let x = "filter x {\n    term y {\n        from {\n            is-fragment;\n            tcp-established;\n        }\n        then {\n            accept;\n        }\n    }\n}\n";
    assert_eq!(out(&one(x), "junos"), x);
    let x = "filter 100 {\n    term t1 {\n        then {\n            reject;\n        }\n    }\n    inactive: term t2 {\n        then {\n            accept;\n        }\n    }\n    term t3 {\n        then {\n            accept;\n        }\n    }\n}\n";
    let a = one(x);
    assert_eq!(out(&a, "junos"), x);
    let d = emit_errors(&a, "ios");
    assert!(d.iter().any(|d| d.message.contains("inactive term") && d.term.as_deref() == Some("t2")));
    let x = "filter test {\n    term \"awkward term name\" {\n        then {\n            accept;\n            count \"awkward term name\";\n        }\n    }\n}\n";
    let a = one(x);
    assert_eq!(a.terms[0].name.as_deref(), Some("awkward term name"));
    assert_eq!(out(&a, "junos"), x);
    let a = one("filter x { term y { then { count z; } } }");
    assert_eq!(a.terms[0].action.kind, ActionKind::Accept);
    let a = one("filter x { term y { from { address { 10/8; } } } }");
    assert_eq!(a.terms[0].conditions[0].addr_values()[0].prefix_text(), "10.0.0.0/8");
    let a = one("filter f { term t { then { next term; } } }");
    assert_eq!(a.terms[0].action.kind, ActionKind::NextTerm);
    let a = one("filter 115j { term ICMP { from { protocol tcp-17; icmp-type [ echo-reply 10-11 ]; } then { accept; count ICMP; } } }");
    assert_eq!(a.terms[0].conditions[0].range_values(), &[(6, 17)]);
    assert_eq!(a.terms[0].conditions[1].range_values(), &[(0, 0), (10, 11)]);
}

#[test]
fn junos_replace_wrappers_and_policers() {
    let mut a = Acl::new(Some("test".into()), Source::Junos);
    let opts = acl_wasm::EmitOptions { format: acl_wasm::Format::Junos, replace: true, ..Default::default() };
    assert_eq!(acl_wasm::emit(&a, &opts).unwrap().0, "firewall {\nreplace:\n    filter test {\n    }\n}\n");
    a.family = Some(Family::Inet6);
    assert_eq!(acl_wasm::emit(&a, &opts).unwrap().0, "firewall {\n    family inet6 {\n        replace:\n        filter test {\n        }\n    }\n}\n");
    let x = "firewall {\nreplace:\n    policer test {\n        if-exceeding {\n            bandwidth-limit 32000;\n            burst-size-limit 32000;\n        }\n        then {\n            discard;\n        }\n    }\n    policer test2 {\n        if-exceeding {\n            bandwidth-limit 32000;\n            burst-size-limit 32000;\n        }\n        then {\n            discard;\n        }\n    }\n}\n";
    let p = one(x);
    assert_eq!(p.policers.len(), 2);
    assert_eq!(acl_wasm::emit(&p, &opts).unwrap().0, x);
    let p = one("filter f { policer p1 { if-exceeding { bandwidth-limit 10m; burst-size-limit 15k; } then discard; } term t { then { policer p1; accept; } } }");
    assert_eq!(p.policers[0].if_exceeding.bandwidth_limit, Some(10_000_000));
    assert_eq!(p.policers[0].if_exceeding.burst_size_limit, Some(15_000));
    let d = emit_errors(&p, "ios");
    assert!(d.iter().any(|d| d.message.contains("policer 'p1'")));
    assert!(d.iter().any(|d| d.message.contains("modifier 'policer'")));
}

#[test]
fn ios_cannot_express_lists_every_construct() {
    let a = one("filter f {\n term a { from { protocol tcp; source-address { 10.0.0.0/8 except; 0.0.0.0/0; } } then next term; }\n term b { from { source-prefix-list { pl; } packet-length 100-200; tcp-flags \"(syn | ack) & !rst\"; protocol tcp; } then { reject tcp-reset; sample; } }\n term c { then routing-instance ri; }\n term d { then { count x; accept; } }\n}\n");
    let d = emit_errors(&a, "ios");
    let msgs: Vec<String> = d.iter().map(|d| format!("{}|{}|{:?}", d.code, d.message, d.term)).collect();
    let want = ["next term", "except", "source-prefix-list", "packet-length", "tcp-flags", "reject code 'tcp-reset'", "sample", "routing-instance", "counter 'x'"];
    for w in want {
        assert!(msgs.iter().any(|m| m.contains(w)), "missing {} in {:#?}", w, msgs);
    }
    assert!(d.iter().any(|d| d.message.contains("counter") && !d.is_error()));
    assert!(d.iter().all(|d| d.span.line >= 1 && d.term.is_some() || d.code == "ACL022"));
}

#[test]
fn count_is_a_warning_for_ios() {
    let a = one("filter 100 { term a { from { protocol tcp; destination-port 22; } then { accept; count c; } } }");
    let opts = acl_wasm::EmitOptions { format: acl_wasm::Format::Ios, ..Default::default() };
    let (s, w) = acl_wasm::emit(&a, &opts).unwrap();
    assert_eq!(s, "access-list 100 permit tcp any any eq 22\n");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, "ACL021");
}

#[test]
fn ipv6_outputs() {
    let a = one("ipv6 access-list V6\n permit tcp 2001:db8::/32 any eq 443\n permit icmp any host 2001:db8::1\n deny ipv6 any any log\n");
    assert_eq!(a.family, Some(Family::Inet6));
    assert_eq!(out(&a, "ios-named"), "ipv6 access-list V6\n permit tcp 2001:db8::/32 any eq 443\n permit icmp any host 2001:db8::1\n deny ipv6 any any log\n");
    assert_eq!(out(&a, "eos"), "ipv6 access-list V6\n 10 permit tcp 2001:db8::/32 any eq 443\n 20 permit icmp any host 2001:db8::1\n 30 deny ipv6 any any log\n");
    assert!(out(&a, "iosxr").starts_with("ipv6 access-list V6\n 10 permit tcp"));
    assert!(out(&a, "junos").starts_with("firewall {\n    family inet6 {\n        filter V6 {\n"));
    assert!(out(&a, "junos").contains("next-header icmp6;"));
    assert_eq!(emit_errors(&a, "ios").iter().filter(|d| d.message.contains("IPv6")).count(), 1);
}

#[test]
fn xr_keeps_sequence_numbers_and_brocade_rebind() {
    let a = one("ip access-list extended E\n 15 permit tcp any any eq 22\n 40 deny ip any any\n permit udp any any\n");
    assert_eq!(out(&a, "iosxr"), "ipv4 access-list E\n 15 permit tcp any any eq 22\n 40 deny ipv4 any any\n 50 permit udp any any\n");
    assert_eq!(out(&a, "ios-named"), "ip access-list extended E\n 15 permit tcp any any eq 22\n 40 deny ip any any\n permit udp any any\n");
    let b = one("access-list 101 permit tcp any any eq 80\nip rebind-receive-acl 101\n");
    assert_eq!(b.source, Source::Brocade);
    assert!(b.receive_acl);
    assert_eq!(out(&b, "brocade"), "access-list 101 permit tcp any any eq 80\nip rebind-receive-acl 101\n");
}

#[test]
fn standard_lists() {
    let a = one("access-list 10 permit host 1.2.3.4\naccess-list 10 deny 10.0.0.0 0.255.255.255\naccess-list 10 permit 192.0.2.7\naccess-list 10 permit any\n");
    assert_eq!(a.source, Source::IosStandard);
    assert_eq!(out(&a, "ios"), "access-list 10 permit host 1.2.3.4\naccess-list 10 deny 10.0.0.0 0.255.255.255\naccess-list 10 permit host 192.0.2.7\naccess-list 10 permit any\n");
    let mut b = a.clone();
    b.name = Some("100".into());
    assert!(out(&b, "ios").contains("access-list 100 permit ip host 1.2.3.4 any\n"));
    let n = one("ip access-list standard MGMT\n 10 permit 10.1.1.0 0.0.0.255\n deny any log\n");
    assert_eq!(n.source, Source::IosNamedStandard);
    assert_eq!(out(&n, "ios-named"), "ip access-list standard MGMT\n 10 permit 10.1.1.0 0.0.0.255\n deny any log\n");
    let j = one("filter 10 { term a { from { protocol tcp; } then accept; } }");
    assert!(emit_errors(&j, "ios")[0].message.contains("standard"));
}

#[test]
fn real_world_acl_round_trips() {
    let text = include_str!("data/realworld.acl");
    let a = one(text);
    assert_eq!(a.terms.len(), text.lines().count() - 1);
    assert_eq!(out(&a, "ios"), text);
    let j = out(&a, "junos");
    let back = one(&j);
    assert_eq!(normalize(back.clone()).terms.len(), a.terms.len());
    let mut b = normalize(back);
    b.name = a.name.clone();
    assert!(b.replace);
    assert_eq!(out(&b, "ios"), text);
}
