//! Family-typed object groups: Capirca's IOS-XR / NX-OS / EOS / IOS object-group output defines a
//! network group once per family under one name (`object-group network ipv4 NET` and
//! `object-group network ipv6 NET`); each access list means the group of its own family. Found by
//! tests/acl_peers/capirca_diff_test.ts (the IPv4 list was refused: "holds IPv6 addresses").

mod common;
use acl_wasm::check::{known, Compiled, Flow};
use acl_wasm::ir::Acl;

const TEXT: &str = "object-group network ipv4 NET\n 10.0.0.0/8\nexit\n\
object-group network ipv6 NET\n 2001:db8::/32\nexit\n\
object-group network ipv4 OUTER\n group-object NET\nexit\n\
object-group network ipv6 OUTER\n group-object NET\nexit\n\
ipv4 access-list f4\n 10 permit ip net-group OUTER any\nexit\n\
ipv6 access-list f6\n 10 permit ipv6 net-group OUTER any\nexit\n";

fn acls() -> Vec<Acl> {
    let (acls, diags) = acl_wasm::parse(TEXT, "auto");
    assert!(diags.iter().all(|d| !d.is_error()), "unexpected errors: {:#?}", diags);
    assert_eq!(acls.len(), 2);
    acls
}

fn flow(v6: bool, src: u128) -> Flow {
    Flow { v6, known: known::PROTO, proto: 47, src, dst: 1, ..Default::default() }
}

#[test]
fn each_access_list_means_the_group_of_its_family() {
    let acls = acls();
    let v4 = |s: &str| acl_wasm::addr::parse_v4(s).unwrap() as u128;
    let v6 = 0x2001_0db8u128 << 96 | 5;
    let mut c4 = Compiled::new(&acls[0]);
    assert_eq!(c4.check(&flow(false, v4("10.1.2.3"))).result, 1);
    assert_eq!(c4.check(&flow(false, v4("11.1.2.3"))).result, 0);
    let mut c6 = Compiled::new(&acls[1]);
    assert_eq!(c6.check(&flow(true, v6)).result, 1);
    assert_eq!(c6.check(&flow(true, v6 ^ (1u128 << 100))).result, 0);
}

#[test]
fn an_untyped_group_of_the_other_family_is_still_refused() {
    let text = "object-group network ipv6 ONLY6\n 2001:db8::/32\nexit\nipv4 access-list f\n 10 permit ip net-group ONLY6 any\n";
    let errs = common::parse_errors(text);
    assert!(errs.iter().any(|d| d.message.contains("holds IPv6 addresses")), "{:#?}", errs);
}
