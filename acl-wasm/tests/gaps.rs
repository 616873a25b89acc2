//! Engine gaps found by users of the engine: IOS-XR and Capirca inputs, deep Junos nesting,
//! numbered standard output, range expansion, several ports after `eq`.

mod common;
use acl_wasm::ir::Key;
use acl_wasm::{EmitOptions, Format};
use common::*;

fn convert(text: &str, format: Format, name: Option<&str>) -> Result<String, Vec<acl_wasm::Diagnostic>> {
    let opts = EmitOptions { format, name: name.map(|s| s.to_string()), ..Default::default() };
    acl_wasm::convert(text, "auto", &opts).map(|(s, _)| s)
}

#[test]
fn iosxr_output_round_trips() {
    let text = "ip access-list extended E\n permit ip any any\n permit tcp any host 1.2.3.4 eq 443\n deny udp 10.0.0.0 0.0.0.255 any range 1000 2000\n";
    let xr = convert(text, Format::Iosxr, None).unwrap();
    assert!(xr.contains(" 10 permit ipv4 any any\n"), "{}", xr);
    let again = one(&xr);
    assert_eq!(again.name.as_deref(), Some("E"));
    assert_eq!(again.terms.iter().map(|t| t.seq).collect::<Vec<_>>(), vec![Some(10), Some(20), Some(30)]);
    let mut a = normalize(one(text));
    let mut b = normalize(again);
    for t in a.terms.iter_mut().chain(b.terms.iter_mut()) {
        t.seq = None;
    }
    a.source = b.source;
    assert_eq!(a.terms, b.terms);
    assert_eq!(convert(&xr, Format::Iosxr, None).unwrap(), xr);
}

#[test]
fn capirca_exit_and_eos_blocks_parse() {
    let text = "no ip access-list extended A\nip access-list extended A\n remark first\n permit tcp any any eq 22\nexit\n\nip access-list B\n 10 permit udp any any eq 53\n 20 deny ip any any\nexit\nend\n";
    let (acls, d) = acl_wasm::parse(text, "auto");
    assert!(d.is_empty(), "{:#?}", d);
    assert_eq!(acls.iter().map(|a| (a.name.clone().unwrap(), a.terms.len())).collect::<Vec<_>>(), vec![("A".into(), 1), ("B".into(), 2)]);
    assert!(acls[0].replace);
}

#[test]
fn deep_junos_nesting_is_a_diagnostic() {
    let text = format!("filter f {{ term t {{ {}", "term t { ".repeat(3000));
    let d = parse_errors(&text);
    assert_eq!(d.len(), 1, "{:#?}", d);
    assert!(d[0].message.contains("nested deeper than 64"), "{}", d[0].message);
    let text = format!("filter f {{ term t {{ from {}", "{ x ".repeat(100_000));
    assert!(parse_errors(&text)[0].message.contains("nested deeper"));
    // braces inside comments and quoted strings do not count
    let ok = format!("/* {} */\nfilter f {{ term t {{ then {{ count \"{}\"; accept; }} }} }}\n", "{".repeat(100), "{".repeat(100));
    assert_eq!(one(&ok).terms.len(), 1);
}

#[test]
fn many_errors_on_a_huge_line_stay_small() {
    let text = format!("access-list 101 permit tcp any any {}\n", "eq 1 ".repeat(20_000));
    let d = parse_errors(&text);
    assert!(!d.is_empty());
    assert!(d.iter().all(|d| d.excerpt.len() <= acl_wasm::diag::EXCERPT_MAX + 3));
    let many = "access-list 101 frob\n".repeat(5000);
    let d = parse_errors(&many);
    assert_eq!(d.len(), 1001);
    assert!(d[1000].message.contains("too many errors"));
}

#[test]
fn numbered_standard_output_never_drops_conditions() {
    let junos = "filter 1 { term t { from { protocol tcp; destination-port 80; } then accept; } term u { from { source-address { 10.0.0.0/8; } } then accept; } }\n";
    let d = convert(junos, Format::Ios, None).unwrap_err();
    assert_eq!(d.len(), 2, "{:#?}", d);
    assert!(d.iter().all(|d| d.code == "ACL020" && d.term.as_deref() == Some("t")));
    assert!(convert(junos, Format::Brocade, None).is_err());
    // expressible as standard: fine
    let std = "filter 1 { term u { from { source-address { 10.0.0.0/8; } } then accept; } }\n";
    assert_eq!(convert(std, Format::Ios, None).unwrap(), "access-list 1 permit 10.0.0.0 0.255.255.255\n");
}

#[test]
fn protocol_and_icmp_ranges_expand_fully_or_fail() {
    let all = "filter f { term t { from { protocol 1-255; } then accept; } }\n";
    let s = convert(all, Format::IosNamed, None).unwrap();
    assert_eq!(s.lines().count(), 256);
    assert!(s.ends_with(" permit 255 any any\n"), "{}", s);
    let icmp = "filter f { term t { from { protocol icmp; icmp-type 0-255; icmp-code 0-255; } then accept; } }\n";
    assert_eq!(convert(icmp, Format::IosNamed, None).unwrap().lines().count(), 1 + 65536);
    // out-of-range IR values (from acl_emit JSON) and oversized products are errors, never cut
    let mut acl = one(all);
    acl.terms[0].conditions[0].values = acl_wasm::ir::Values::Ranges(smallvec::smallvec![(1, 1000)]);
    let d = emit_errors(&acl, "ios-named");
    assert!(d[0].message.contains("'protocol' value 1-1000 (outside 0-255)"), "{:#?}", d);
    assert_eq!(d[0].term.as_deref(), Some("t"));
    let big = "filter f { term t { from { protocol [ 1-255 ]; dscp 0-63; precedence 0-7; } then accept; } }\n";
    let d = convert(big, Format::IosNamed, None).unwrap_err();
    assert!(d[0].message.contains("expands to 130560 entries"), "{:#?}", d);
}

#[test]
fn several_ports_after_eq() {
    let acl = one("ip access-list extended E\n permit tcp any host 1.2.3.4 eq www 443 8080\n permit udp any eq 53 123 any\n");
    let dp = acl.terms[0].cond(Key::DestinationPort).unwrap();
    assert_eq!(dp.range_values(), &[(80, 80), (443, 443), (8080, 8080)]);
    assert_eq!(acl.terms[1].cond(Key::SourcePort).unwrap().range_values(), &[(53, 53), (123, 123)]);
    let out = out(&acl, "ios-named");
    assert!(out.contains(" permit tcp any host 1.2.3.4 eq 443\n"), "{}", out);
    let e = parse_errors("access-list 101 permit tcp any any eq 1 2 3 4 5 6 7 8 9 10 11\n");
    assert!(e[0].message.contains("at most 10 ports"), "{:#?}", e);
    let e = parse_errors("access-list 101 permit tcp any any lt 10 20\n");
    assert!(e[0].message.contains("only allowed after 'eq'"), "{:#?}", e);
    let e = parse_errors("access-list 101 permit tcp any host 1.2.3.4 eq www 443 frob\n");
    assert!(e[0].message.contains("unexpected 'frob'"), "{:#?}", e);
}
