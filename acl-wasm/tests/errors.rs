//! Parse diagnostics: every error collected, with code, line, column, excerpt and a message
//! saying what was expected.

mod common;
use common::*;

#[test]
fn ios_collects_every_error_with_positions() {
    let text = "ip access-list extended E\n 10 frobnicate tcp any any\n permit tcp any any eq wwww\n permit tcp any any eq 70000\n permit tcp any any;\n permit ip 10.0.0.300 0.0.0.255 any\n permit tcp any any eq 80\n permit udp any any established\n";
    let d = parse_errors(text);
    assert_eq!(d.len(), 6, "{:#?}", d);
    assert_eq!(d[0].code, "ACL001");
    assert_eq!(d[0].message, "expected 'permit' or 'deny' after sequence number, found 'frobnicate'");
    assert_eq!((d[0].span.line, d[0].span.column), (2, 5));
    assert_eq!(d[0].excerpt, " 10 frobnicate tcp any any");
    assert_eq!(d[1].message, "unknown port name 'wwww'");
    assert_eq!((d[1].span.line, d[1].span.column, d[1].code.as_str()), (3, 24, "ACL002"));
    assert!(d[1].hint.is_some());
    assert_eq!(d[2].message, "port 70000 is out of range 0-65535");
    assert_eq!(d[2].code, "ACL003");
    assert_eq!(d[3].span.line, 5);
    assert!(d[3].message.contains("found ';'"), "{}", d[3].message);
    assert_eq!(d[4].code, "ACL004");
    assert_eq!(d[5].message, "'established' is only valid with tcp");
    // the good line in between still parsed
    let (acls, _) = acl_wasm::parse(text, "ios");
    assert_eq!(acls[0].terms.len(), 1);
}

#[test]
fn ios_misc_errors() {
    assert!(parse_errors("access-list 10 permit tcp any any eq 80\n")[0].message.contains("standard list"));
    assert!(parse_errors("access-list 101 permit host 1.2.3.4\n")[0].message.contains("extended list"));
    assert!(parse_errors("access-list 101 permit tcp any any eq 80 frob\n")[0].message.contains("unexpected 'frob'"));
    assert!(parse_errors("access-list 101 permit icmp any any nonsense\n")[0].message.contains("unknown ICMP message 'nonsense'"));
    assert!(parse_errors("access-list 101 permit foo any any\n")[0].message.contains("unknown protocol 'foo'"));
    assert!(parse_errors("access-list 101 permit ip 1.2.3.4 1.2.3.400 any\n")[0].message.contains("wildcard mask"));
    assert!(parse_errors("ipv6 access-list V\n permit ip 10.0.0.0 0.0.0.255 any\n")[0].message.contains("IPv6"));
    assert!(parse_errors("access-list 101 permit tcp any any range 90 80\n")[0].message.contains("reversed"));
}

#[test]
fn junos_collects_every_error() {
    let text = "filter f {\n    term a {\n        from {\n            protocol tcp\n            destination-port 80;\n            source-port wwww;\n            destination-port 70000;\n            bogus 1;\n        }\n        then {\n            accept;\n            discard;\n            frobnicate;\n        }\n        what;\n    }\n}\n";
    let d = parse_errors(text);
    let m: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(d.len(), 7, "{:#?}", m);
    assert!(m[6].contains("unknown statement 'what'"));
    assert_eq!(m[0], "missing ';' at the end of line 4");
    assert_eq!((d[0].span.line, d[0].span.column), (4, 25));
    assert_eq!(m[1], "unknown port name 'wwww'");
    assert_eq!((d[1].span.line, d[1].span.column), (6, 25));
    assert_eq!(m[2], "port 70000 is out of range 0-65535");
    assert!(m[3].contains("'bogus'"));
    assert!(m[4].contains("more than one action"));
    assert!(m[5].contains("'frobnicate'"));
    assert!(d.iter().all(|d| d.term.as_deref() == Some("a")));
    assert_eq!(d[1].excerpt, "            source-port wwww;");
}

#[test]
fn junos_structural_errors() {
    let d = parse_errors("filter f {\n    term a {\n        from {\n            protocol tcp\n        }\n    }\n}\n");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "ACL007");
    assert_eq!((d[0].span.line, d[0].span.column), (4, 25));
    let d = parse_errors("filter f {\n    term a {\n    /* open\n");
    assert!(d[0].message.contains("'*/'"), "{:?}", d);
    let d = parse_errors("filter f { term a { then accept; }");
    assert!(d[0].message.contains("unbalanced"), "{:?}", d);
    let d = parse_errors("filter f { term a { then { reject because; } } }");
    assert!(d[0].message.contains("unknown reject code 'because'"));
}

#[test]
fn a_huge_token_is_quoted_short() {
    // Issue 12 item 14: an error on a 1 MB token repeated it whole in the message.
    let token = "x".repeat(1_000_000);
    for text in [
        format!("ip access-list extended X\n permit tcp any any eq 80 {}\n", token),
        format!("access-list 101 permit {} any any\n", token),
        format!("access-list 101 permit tcp any any eq {}\n", token),
        format!("filter f {{ term t {{ from {{ {} 1; }} then accept; }} }}\n", token),
    ] {
        let d = parse_errors(&text);
        assert!(!d.is_empty());
        for d in &d {
            assert!(d.message.len() <= 200, "{} bytes: {}", d.message.len(), &d.message[..100]);
            assert!(d.message.contains("xxx...'"), "{}", d.message);
            assert!(d.excerpt.len() <= acl_wasm::diag::EXCERPT_MAX + 3);
        }
    }
    // Short quotes are kept whole.
    assert_eq!(parse_errors("access-list 101 permit foo any any\n")[0].message, "unknown protocol 'foo'");
}
