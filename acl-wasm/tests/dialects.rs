//! The IOS-family dialects of their own (nxos, eos, iosxr, asa) and object groups: each dialect
//! round-trips to itself on pseudo-random lists with groups (fixed seeds), checks resolve groups,
//! conversions decide every flow like their source, undefined groups are errors with positions,
//! and auto-detection tells the dialects apart.

mod common;
use acl_wasm::check::known;
use acl_wasm::ir::Acl;
use acl_wasm::{Compiled, EmitOptions, Flow, Format};
use common::*;

fn parse_in(text: &str, dialect: &str) -> Vec<Acl> {
    let (acls, diags) = acl_wasm::parse(text, dialect);
    assert!(diags.iter().all(|d| !d.is_error()), "{} errors: {:#?}\n{}", dialect, diags, text);
    acls
}

fn emit_as(acl: &Acl, format: &str) -> Option<String> {
    let opts = EmitOptions { format: Format::from_name(format).unwrap(), name: Some(if matches!(format, "ios" | "brocade") { "150".into() } else { "R".into() }), ..Default::default() };
    acl_wasm::emit(acl, &opts).ok().map(|(s, _)| s)
}

/// The dialect that reads a format back.
fn reader(format: &str) -> &'static str {
    match format {
        "junos" => "junos",
        "nxos" => "nxos",
        "eos" => "eos",
        "iosxr" => "iosxr",
        "asa" => "asa",
        _ => "ios",
    }
}

fn v4(s: &str) -> u128 {
    acl_wasm::addr::parse_v4(s).unwrap() as u128
}

fn tcp(src: &str, dst: &str, sport: u16, dport: u16) -> Flow {
    Flow { known: known::PROTO | known::DPORT | known::SPORT, proto: 6, sport, dport, src: v4(src), dst: v4(dst), ..Default::default() }
}

fn verdict(acl: &Acl, f: &Flow) -> (u8, i32) {
    let v = Compiled::new(acl).check(f);
    (v.result, v.term)
}

/// A random IPv4 list in `dialect` with network and port groups (ASA: also service and
/// protocol groups), and the groups defined first.
fn text(r: &mut Rng, dialect: &str) -> String {
    let mut t = String::new();
    let net = |r: &mut Rng, k: u64| -> String {
        match (dialect, r.below(3)) {
            ("asa", 0) => format!(" network-object host 10.{}.0.{}\n", k, 1 + r.below(200)),
            ("asa", _) => format!(" network-object 10.{}.{}.0 255.255.255.0\n", k, r.below(256)),
            ("nxos", 0) => format!(" {} host 10.{}.0.{}\n", 10 * (1 + r.below(9)), k, 1 + r.below(200)),
            ("nxos", _) => format!(" 10.{}.{}.0/24\n", k, r.below(256)),
            (_, 0) => format!(" host 10.{}.0.{}\n", k, 1 + r.below(200)),
            (_, 1) => format!(" range 10.{}.1.{} 10.{}.1.{}\n", k, 1 + r.below(100), k, 100 + r.below(100)),
            (_, _) => format!(" 10.{}.{}.0 255.255.255.0\n", k, r.below(256)),
        }
    };
    for k in 0..3 {
        t.push_str(&match dialect {
            "asa" | "ios" => format!("object-group network N{}\n", k),
            "nxos" => format!("object-group ip address N{}\n", k),
            _ => format!("object-group network ipv4 N{}\n", k),
        });
        for _ in 0..(1 + r.below(3)) {
            t.push_str(&net(r, k));
        }
        if dialect != "asa" {
            t.push_str("exit\n");
        }
    }
    if dialect != "ios" {
        t.push_str(match dialect {
            "asa" => "object-group service P0 tcp-udp\n",
            "nxos" => "object-group ip port P0\n",
            _ => "object-group port P0\n",
        });
        let pre = if dialect == "asa" { " port-object" } else { "" };
        t.push_str(&format!("{} eq {}\n{} range {} {}\n", pre, r.below(1000), pre, 2000 + r.below(100), 3000 + r.below(100)));
        if dialect != "asa" {
            t.push_str("exit\n");
        }
    }
    if dialect == "asa" {
        t.push_str("object-group service S0\n service-object tcp destination eq 22\n service-object udp destination range 161 162\n service-object icmp echo\n");
        t.push_str("object-group protocol PR\n protocol-object tcp\n protocol-object udp\n");
    }
    let head = match dialect {
        "asa" => String::new(),
        "iosxr" => "ipv4 access-list R\n".into(),
        "ios" => "ip access-list extended R\n".into(),
        _ => "ip access-list R\n".into(),
    };
    t.push_str(&head);
    let (nref, pref) = match dialect {
        "asa" | "ios" => ("object-group", "object-group"),
        "nxos" => ("addrgroup", "portgroup"),
        _ => ("net-group", "port-group"),
    };
    for i in 0..(1 + r.below(12)) {
        let act = *r.pick(&["permit", "deny"]);
        let proto = match (dialect, r.below(6)) {
            ("asa", 0) => "object-group S0",
            ("asa", 1) => "object-group PR",
            (_, 2) => "udp",
            (_, 3) => "ip",
            _ => "tcp",
        };
        let addr = |r: &mut Rng| -> String {
            match r.below(3) {
                0 => "any".into(),
                1 => format!("{} N{}", nref, r.below(3)),
                _ => format!("host 192.0.2.{}", r.below(256)),
            }
        };
        let ports = proto == "tcp" || proto == "udp" || proto == "object-group PR";
        let mut line = format!("{} {} {}", act, proto, addr(r));
        line.push(' ');
        line.push_str(&addr(r));
        if ports {
            match (dialect, r.below(3)) {
                ("ios", 0) | (_, 1) => line.push_str(&format!(" eq {}", r.below(1000))),
                (_, 0) => line.push_str(&format!(" {} P0", pref)),
                _ => {}
            }
        }
        if r.below(4) == 0 {
            line.push_str(" log");
        }
        t.push_str(&match dialect {
            "asa" => format!("access-list R extended {}\n", line),
            "ios" => format!(" {}\n", line),
            _ => format!(" {} {}\n", 10 * (i + 1), line),
        });
    }
    t
}

/// Spans, sequence numbers and the names of groups written as members dropped.
fn plain(a: &Acl) -> Acl {
    let mut a = normalize(a.clone());
    a.name = None;
    for t in a.terms.iter_mut() {
        t.seq = None;
        for c in t.conditions.iter_mut() {
            c.group = None;
        }
    }
    a
}

fn random_flow(r: &mut Rng) -> Flow {
    let proto = *r.pick(&[6u8, 17, 1, 47]);
    let addr = |r: &mut Rng| -> u128 {
        match r.below(3) {
            0 => v4(&format!("10.{}.{}.{}", r.below(3), r.below(256), r.below(256))),
            1 => v4(&format!("10.{}.1.{}", r.below(3), r.below(256))),
            _ => v4(&format!("192.0.2.{}", r.below(256))),
        }
    };
    let (src, dst) = (addr(r), addr(r));
    let dport = match r.below(3) {
        0 => r.below(1000) as u16,
        1 => 2000 + r.below(1200) as u16,
        _ => *r.pick(&[22u16, 161, 162, 53]),
    };
    let mut f = Flow { known: known::PROTO, proto, src, dst, ..Default::default() };
    if proto == 6 || proto == 17 {
        f.known |= known::SPORT | known::DPORT;
        f.sport = 40000;
        f.dport = dport;
    }
    if proto == 1 {
        f.known |= known::ICMP_TYPE | known::ICMP_CODE;
        f.icmp_type = *r.pick(&[0u8, 8]);
    }
    f
}

#[test]
fn each_dialect_round_trips_to_itself_with_groups() {
    let mut r = Rng(1313);
    for dialect in ["nxos", "eos", "iosxr", "asa"] {
        for _ in 0..60 {
            let src = text(&mut r, dialect);
            let acls = parse_in(&src, dialect);
            assert_eq!(acls.len(), 1, "{}", src);
            let a = &acls[0];
            let written = emit_as(a, dialect).unwrap_or_else(|| panic!("{} cannot write\n{}", dialect, src));
            let back = parse_in(&written, dialect);
            assert_eq!(back.len(), 1, "{}", written);
            assert_eq!(plain(&back[0]), plain(a), "{}:\n{}\n---\n{}", dialect, src, written);
            assert_eq!(emit_as(&back[0], dialect).as_deref(), Some(written.as_str()), "stable");
            // the dialect's own format keeps every group (ASA service groups included)
            let groups = |x: &Acl| x.terms.iter().flat_map(|t| t.conditions.iter().map(|c| c.group.clone())).collect::<Vec<_>>();
            assert_eq!(groups(&back[0]), groups(a), "{}\n{}", src, written);
        }
    }
}

#[test]
fn conversions_decide_every_flow_like_the_source() {
    let mut r = Rng(77);
    let formats = ["junos", "ios", "ios-named", "iosxr", "brocade", "eos", "nxos", "asa"];
    for dialect in ["ios", "nxos", "eos", "iosxr", "asa"] {
        for _ in 0..25 {
            let src = text(&mut r, dialect);
            let a = parse_in(&src, dialect).remove(0);
            let flows: Vec<Flow> = (0..200).map(|_| random_flow(&mut r)).collect();
            let mut c = Compiled::new(&a);
            let want: Vec<u8> = flows.iter().map(|f| c.check(f).result).collect();
            for format in formats {
                let written = match emit_as(&a, format) {
                    Some(w) => w,
                    None => continue,
                };
                let back = parse_in(&written, reader(format));
                let mut c = Compiled::new(&back[0]);
                let got: Vec<u8> = flows.iter().map(|f| c.check(f).result).collect();
                assert_eq!(got, want, "{} -> {}\n{}\n---\n{}", dialect, format, src, written);
            }
        }
    }
}

#[test]
fn checks_resolve_groups() {
    let asa = "object network LAB\n subnet 10.20.0.0 255.255.0.0\nobject-group network WEB\n network-object host 192.0.2.10\n network-object 198.51.100.0 255.255.255.0\n\
object-group network INSIDE\n network-object object LAB\n group-object WEB\nobject-group service WEB-PORTS tcp\n port-object eq www\n port-object range 8000 8080\n\
object-group service MGMT\n service-object tcp destination eq ssh\n service-object icmp echo\n\
access-list IN extended permit tcp object-group INSIDE object-group WEB object-group WEB-PORTS\n\
access-list IN extended permit object-group MGMT object LAB any\n\
access-list IN extended deny ip any any\n";
    let a = parse_in(asa, "asa").remove(0);
    assert_eq!(a.terms.len(), 4, "the service group stands for two terms");
    assert_eq!(verdict(&a, &tcp("10.20.3.4", "198.51.100.7", 40000, 8080)), (1, 0));
    assert_eq!(verdict(&a, &tcp("192.0.2.10", "192.0.2.10", 40000, 80)), (1, 0), "nested group-object");
    assert_eq!(verdict(&a, &tcp("10.20.3.4", "198.51.100.7", 40000, 9000)), (0, 3));
    assert_eq!(verdict(&a, &tcp("10.20.3.4", "203.0.113.1", 40000, 22)), (1, 1));
    let echo = Flow { known: known::PROTO | known::ICMP_TYPE | known::ICMP_CODE, proto: 1, icmp_type: 8, src: v4("10.20.0.1"), dst: v4("203.0.113.1"), ..Default::default() };
    assert_eq!(verdict(&a, &echo), (1, 2));
    let ios = "object-group network SERVERS\n 192.0.2.0 255.255.255.128\n range 198.51.100.1 198.51.100.6\nip access-list extended IN\n permit tcp any object-group SERVERS eq 443\n";
    let a = parse_in(ios, "ios").remove(0);
    assert_eq!(verdict(&a, &tcp("10.0.0.1", "198.51.100.6", 1, 443)).0, 1);
    assert_eq!(verdict(&a, &tcp("10.0.0.1", "198.51.100.7", 1, 443)).0, 0, "range end is inclusive, no further");
    let nx = "object-group ip address W\n 10 10.1.0.0 0.0.255.0\nobject-group ip port P\n 10 gt 1023\nip access-list X\n 10 permit tcp addrgroup W portgroup P any\n";
    let a = parse_in(nx, "nxos").remove(0);
    assert_eq!(verdict(&a, &tcp("10.1.7.9", "192.0.2.1", 2000, 80)).0, 0, "NX-OS group masks are wildcards: 10.1.x.0 only");
    assert_eq!(verdict(&a, &tcp("10.1.7.0", "192.0.2.1", 2000, 80)).0, 1);
    assert_eq!(verdict(&a, &tcp("10.1.7.0", "192.0.2.1", 1000, 80)).0, 0);
}

#[test]
fn undefined_and_mismatched_groups_are_errors_with_positions() {
    let text = "object-group port P\n eq 80\nexit\nipv4 access-list X\n 10 permit tcp net-group NOPE any\n 20 permit tcp net-group P any\n 30 permit tcp any any port-group MISSING\n";
    let (_, diags) = acl_wasm::parse(text, "iosxr");
    let errs: Vec<(u32, u32, &str)> = diags.iter().map(|d| (d.span.line, d.span.column, d.message.as_str())).collect();
    assert_eq!(
        errs,
        vec![
            (5, 26, "object-group 'NOPE' is not defined"),
            (6, 26, "object-group 'P' is a port group, expected a network group here"),
            (7, 35, "object-group 'MISSING' is not defined"),
        ]
    );
    assert!(diags.iter().all(|d| d.excerpt.starts_with(" ") && d.hint.is_some() == d.message.contains("not defined")));
    let (_, d) = acl_wasm::parse("object-group network A\n group-object B\n", "ios");
    assert_eq!((d[0].span.line, d[0].span.column, d[0].message.as_str()), (2, 15, "object-group 'B' is not defined"));
    let (_, d) = acl_wasm::parse("object-group network A\n host 10.0.0.1\nobject-group port A\n", "iosxr");
    assert_eq!(d[0].message, "object-group 'A' is already defined as a network group (line 1)");
    let (_, d) = acl_wasm::parse("access-list IN extended permit tcp any any eq 80 frob\n", "asa");
    assert_eq!((d[0].span.column, d[0].code.as_str()), (50, "ACL001"), "{:?}", d);
}

#[test]
fn auto_detection_tells_the_dialects_apart() {
    let cases = [
        ("access-list OUT extended permit ip any any\n", "asa"),
        ("clear configure access-list OUT\n", "asa"),
        ("object network H\n host 10.0.0.1\n", "asa"),
        ("ipv4 access-list X\n 10 permit ipv4 any any\n", "iosxr"),
        ("ip access-list X\n  statistics per-entry\n  10 permit ip any any\n", "nxos"),
        ("object-group ip address A\n 10 host 10.0.0.1\n", "nxos"),
        ("ip access-list X\n 10 permit ip addrgroup A any\n", "nxos"),
        ("access-list 101 permit ip any any\n", "ios"),
        ("ip access-list extended X\n permit ip any any\n", "ios"),
        ("filter F { term t { then accept; } }\n", "junos"),
    ];
    for (text, want) in cases {
        assert_eq!(acl_wasm::dialects::detect(text), want, "{}", text);
    }
    let a = one("ip access-list X\n  statistics per-entry\n  10 permit tcp any any eq 22\n");
    assert_eq!(a.source, acl_wasm::ir::Source::Nxos);
    assert!(a.statistics_per_entry);
    assert_eq!(out(&a, "nxos"), "ip access-list X\n statistics per-entry\n 10 permit tcp any any eq 22\n");
}

#[test]
fn auto_reads_a_text_several_dialects_write_alike_by_each_and_refuses_a_different_meaning() {
    // Capirca's arista rendering: `ip access-list NAME` (EOS and NX-OS alike); EOS reads
    // `kerberos` as 88, NX-OS does not (acl-names' tables): auto must not pick one silently
    let text = "ip access-list f\n deny udp any any range kerberos 20088\n";
    let (acls, d) = acl_wasm::parse(text, "auto");
    assert!(acls.is_empty());
    assert_eq!((d.len(), d[0].code.as_str(), d[0].span.line), (1, "ACL009", 2), "{:?}", d);
    assert!(d[0].message.contains("Arista EOS") && d[0].message.contains("NX-OS"), "{}", d[0].message);
    assert_eq!(d[0].hint.as_deref(), Some("name the dialect: eos or nxos"));
    assert_eq!(d[0].excerpt, " deny udp any any range kerberos 20088");
    // given, each reads its own way
    let port = |d: &str| acl_wasm::parse(text, d).0[0].terms[0].cond(acl_wasm::ir::Key::DestinationPort).unwrap().range_values()[0].0;
    assert_eq!(port("eos"), 88);
    // where they agree (numbers), auto reads it, as EOS, the first of the two
    let (acls, d) = acl_wasm::parse("ip access-list f\n deny udp any any range 88 20088\n permit ip 10.0.0.0/8 any\n", "auto");
    assert!(d.is_empty(), "{:?}", d);
    assert_eq!(acls[0].source, acl_wasm::ir::Source::Eos);
    // a reader that refuses the text is left out: NX-OS has no IPv4 'esp' name in Capirca's
    // cisconx rendering, EOS has (auto read it as EOS and refused it before)
    let (acls, d) = acl_wasm::parse("ip access-list f\n deny esp any any\n", "auto");
    assert!(d.iter().all(|x| !x.is_error()), "{:?}", d);
    assert_eq!(acls[0].terms.len(), 1);
    // IPv6-only lists: IOS, EOS, NX-OS and IOS-XR write them alike; Arista's kerberos again
    let (_, d) = acl_wasm::parse("ipv6 access-list f\n deny udp any any range kerberos 20088\n", "auto");
    assert_eq!(d[0].code, "ACL009", "{:?}", d);
    assert!(d[0].message.contains("IOS and Arista EOS both write it"), "{}", d[0].message);
    // an IOS marker elsewhere in the text settles it: IOS, no second reading
    let (acls, d) = acl_wasm::parse("ip access-list extended A\n permit ip any any\nipv6 access-list f\n deny udp any any range kerberos 20088\n", "auto");
    assert!(d.is_empty(), "{:?}", d);
    assert_eq!(acls[1].terms[0].cond(acl_wasm::ir::Key::DestinationPort).unwrap().range_values()[0].0, 750);
}

#[test]
fn asa_writes_netmasks_families_and_refuses_what_it_cannot_say() {
    let a = one("ipv6 access-list V6\n permit tcp any 2001:db8::/32 eq 443\n");
    assert_eq!(emit_as(&a, "asa").unwrap(), "access-list R extended permit tcp any6 2001:db8::/32 eq 443\n");
    let a = one("access-list 150 permit tcp 10.0.0.0 0.255.255.255 any eq 22 established\n");
    let errs = emit_errors(&a, "asa");
    assert_eq!(errs.len(), 1, "{:?}", errs);
    assert!(errs[0].message.contains("tcp-flags"), "{}", errs[0].message);
    let a = one("access-list 150 permit ip 10.0.0.1 0.255.0.0 any\n");
    let errs = emit_errors(&a, "asa");
    assert!(errs[0].message.contains("non-contiguous wildcard"), "{}", errs[0].message);
    let a = one("access-list 150 permit udp 10.0.0.0 0.0.0.255 any range 100 200 log-input\n");
    assert_eq!(out(&a, "asa"), "access-list 150 extended permit udp 10.0.0.0 255.255.255.0 any range 100 200 log\n");
}
