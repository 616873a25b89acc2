//! The capability check runs inside the writers, term by term: errors found half-way through a
//! list still report every problem of the list, in order, and leave the output untouched.

mod common;
use acl_wasm::emit::caps::check;
use acl_wasm::emit::{emit_into, ios, EmitOptions, Format};
use acl_wasm::ir::*;
use common::*;

/// A Junos filter of `n` plain terms with `bad` (a term IOS cannot express) at the given indices.
fn filter(n: usize, bad: &[usize]) -> Acl {
    let mut text = String::from("filter f {\n");
    for i in 0..n {
        if bad.contains(&i) {
            text.push_str(&format!("term t{i} {{ from {{ protocol tcp; packet-length 100; }} then next term; }}\n"));
        } else {
            text.push_str(&format!("term t{i} {{ from {{ source-address {{ 10.0.{i}.0/24; }} protocol udp; }} then accept; }}\n"));
        }
    }
    text.push('}');
    one(&text)
}

#[test]
fn an_error_in_the_middle_reports_every_term_and_writes_nothing() {
    let acl = filter(50, &[20, 35]);
    for format in [Format::Ios, Format::IosNamed, Format::Iosxr, Format::Eos, Format::Brocade] {
        let opts = EmitOptions { format, name: Some("120".into()), ..Default::default() };
        let mut out = String::from("kept\n");
        let errs = emit_into(&acl, &opts, &mut out).expect_err("errors");
        assert_eq!(out, "kept\n", "{:?}: nothing written on errors", format);
        let terms: Vec<_> = errs.iter().filter_map(|d| d.term.clone()).collect();
        assert!(terms.contains(&"t20".to_string()) && terms.contains(&"t35".to_string()), "{:?}: {:?}", format, terms);
        // the same list, in the same order, as the stand-alone check gives
        let caps = match format {
            Format::Ios => &ios::CAPS,
            Format::IosNamed => &acl_wasm::emit::ios_named::CAPS,
            Format::Iosxr => &acl_wasm::emit::iosxr::CAPS,
            Format::Eos => &acl_wasm::emit::eos::CAPS,
            _ => &acl_wasm::emit::brocade::CAPS,
        };
        let alone = check(&acl, caps, Some("120"));
        assert_eq!(serde_json::to_string(&errs).unwrap(), serde_json::to_string(&alone).unwrap(), "{:?}", format);
    }
}

#[test]
fn a_late_ipv6_address_makes_a_mixed_list_error_in_its_place() {
    let mut acl = filter(30, &[]);
    let v6 = one("filter g { term x { from { source-address { 2001:db8::/32; } } then accept; } }");
    acl.terms[25].conditions = v6.terms[0].conditions.clone();
    acl.comments.clear();
    let errs = emit_errors(&acl, "ios-named");
    assert!(errs[0].message.contains("mixing IPv4 and IPv6"), "{:#?}", errs);
    // IPv6 first, IPv4 later: also refused before anything is written
    let mut acl = filter(30, &[]);
    acl.terms[0].conditions = v6.terms[0].conditions.clone();
    let errs = emit_errors(&acl, "eos");
    assert!(errs.iter().any(|d| d.message.contains("mixing IPv4 and IPv6")), "{:#?}", errs);
    // Junos writes mixed filters
    assert!(out(&acl, "junos").contains("2001:db8::/32;"));
}

#[test]
fn a_named_term_after_unnamed_ones_restarts_the_names() {
    let mut acl = filter(4, &[]);
    for t in acl.terms.iter_mut() {
        t.name = None;
    }
    acl.terms[2].name = Some("T1".into());
    let s = out(&acl, "junos");
    let names: Vec<&str> = s.lines().filter_map(|l| l.trim().strip_prefix("term ")).map(|l| l.trim_end_matches(" {")).collect();
    assert_eq!(names, ["T2", "T3", "T1", "T4"], "names skip the taken T1:\n{}", s);
}
