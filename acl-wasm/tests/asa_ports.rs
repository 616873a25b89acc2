//! ASA: after a source port operator, the destination `any4` / `any6` / `object-group` is an
//! address, not a second port name (`eq P1 P2 ...` reads extra words as ports). The ASA writer
//! writes `permit tcp any4 gt 0 any4`; found by tests/acl_peers/conversion_property_test.ts
//! (reading back the asa conversion of a Junos family inet filter failed).

mod common;

#[test]
fn any4_any6_and_groups_after_a_source_port_are_the_destination() {
    for line in [
        "permit tcp any4 gt 0 any4",
        "permit tcp any4 eq 80 any4",
        "permit tcp host 10.0.0.1 eq 80 any4",
        "permit tcp any6 eq 80 any6",
        "permit tcp any4 eq 80 object-group DST",
    ] {
        let text = format!("object-group network DST\n network-object host 192.0.2.1\naccess-list F extended {}\n", line);
        let (acls, diags) = acl_wasm::parse(&text, "asa");
        assert!(diags.iter().all(|d| !d.is_error()), "{}: {:#?}", line, diags);
        let t = &acls[0].terms[0];
        let keys: Vec<String> = t.conditions.iter().map(|c| format!("{:?}", c.key)).collect();
        assert!(keys.iter().any(|k| k == "SourcePort"), "{}: {:?}", line, keys);
        assert!(!keys.iter().any(|k| k == "DestinationPort"), "{}: {:?}", line, keys);
    }
}

/// ASA's `icmp6` entries in a list of both families take ICMPv6 message names, as the asa writer
/// writes them (found by the same property test: `neighbor-solicitation` was refused).
#[test]
fn icmp6_entries_take_icmpv6_names() {
    let (acls, diags) = acl_wasm::parse("access-list F extended permit icmp6 any6 any6 neighbor-solicitation\n", "asa");
    assert!(diags.iter().all(|d| !d.is_error()), "{:#?}", diags);
    let c = acls[0].terms[0].conditions.iter().find(|c| format!("{:?}", c.key) == "IcmpType").expect("an icmp type");
    assert_eq!(format!("{:?}", c.values), format!("{:?}", acl_wasm::ir::Condition::ranges(acl_wasm::ir::Key::IcmpType, vec![(135, 135)], Default::default()).values));
}

/// EOS reads its own port names on every path (the IOS fast path knew Cisco's only: EOS
/// `eq kerberos` was read as 750, Capirca's arista output means 88). Found by
/// tests/acl_peers/capirca_diff_test.ts.
#[test]
fn eos_reads_eos_port_names() {
    let (acls, diags) = acl_wasm::parse("ip access-list f\n deny udp any any range kerberos 1646\n", "eos");
    assert!(diags.iter().all(|d| !d.is_error()), "{:#?}", diags);
    let c = acls[0].terms[0].conditions.iter().find(|c| format!("{:?}", c.key) == "DestinationPort").expect("a port");
    assert_eq!(format!("{:?}", c.values), format!("{:?}", acl_wasm::ir::Condition::ranges(acl_wasm::ir::Key::DestinationPort, vec![(88, 1646)], Default::default()).values));
}
