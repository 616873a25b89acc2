//! Differential tests of the emit shortcuts: the single-entry IOS-family writer
//! (`src/emit/ios_entry.rs`) against the general `entries`, and the quick capability pre-test
//! against the full check, on every golden input and on random IOS lines.

mod common;
use acl_wasm::emit::caps::{self, check_with};
use acl_wasm::emit::ios_common::{entries, Flavor, GroupStyle};
use acl_wasm::emit::ios_entry::write_one;
use acl_wasm::emit::{brocade, eos, ios, ios_named, iosxr, junos};
use acl_wasm::ir::Acl;
use acl_wasm::tables::{names, Vendor};
use common::Rng;

fn inputs() -> Vec<String> {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().map(|x| x == "acl" || x == "txt" || x == "conf").unwrap_or(false) {
                out.push(p);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("../tests/acl/golden"), &mut paths);
    files(&root.join("tests/data"), &mut paths);
    assert!(paths.len() > 5);
    let mut v: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    let mut r = Rng(11);
    for _ in 0..40 {
        let mut s = String::new();
        for _ in 0..50 {
            s.push_str(&random_line(&mut r));
            s.push('\n');
        }
        v.push(s);
    }
    v
}

fn random_line(r: &mut Rng) -> String {
    let proto = *r.pick(&["tcp", "udp", "icmp", "ip", "6", "47", "sctp"]);
    let addr = ["any", "host 10.1.2.3", "10.0.0.0 0.0.0.255", "10.1.2.3 0.0.255.0", "10.0.0.0/8", "0.0.0.0 255.255.255.255"];
    let ports = ["", "", "eq 80", "neq 22", "lt 1024", "gt 1023", "range 1000 2000", "range 0 65535", "eq 22 23", "ge 0"];
    let mut s = format!("access-list {} {} {} {}", *r.pick(&["101", "10", "2000"]), *r.pick(&["permit", "deny"]), proto, r.pick(&addr));
    let tcpudp = matches!(proto, "tcp" | "udp" | "6" | "sctp");
    if tcpudp {
        s.push(' ');
        s.push_str(*r.pick(&ports));
    }
    s.push(' ');
    s.push_str(*r.pick(&addr));
    if tcpudp {
        s.push(' ');
        s.push_str(*r.pick(&ports));
    }
    let extra = ["", "log", "log-input", "dscp ef", "precedence 5", "ttl eq 3", "ttl range 2 9", "fragments"];
    match proto {
        "icmp" => s.push_str(*r.pick(&["", " echo", " 3 1", " 8", " port-unreachable"])),
        "tcp" | "6" => s.push_str(*r.pick(&["", " established"])),
        _ => {}
    }
    s.push(' ');
    s.push_str(*r.pick(&extra));
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parsed() -> Vec<Acl> {
    inputs().iter().flat_map(|t| acl_wasm::parse(t, "auto").0).collect()
}

#[test]
fn single_entry_writer_equals_entries() {
    let mut checked = 0;
    for acl in parsed() {
        for t in &acl.terms {
            for bits in 0..32u8 {
                let vendor = [Vendor::Ios, Vendor::Eos, Vendor::Iosxr, Vendor::Ios][(bits >> 3) as usize];
                let f = Flavor { v6: bits & 1 != 0, slash: bits & 2 != 0, standard: bits & 4 != 0, any_proto: if bits & 1 != 0 { "ipv6" } else { "ip" }, groups: GroupStyle::None, asa: false, any: "any", names: names(vendor), flags: acl_wasm::check::flags::FlagForms::Match };
                let all = entries(t, f);
                let mut one = String::new();
                let ok = write_one(t, f, &mut one);
                if ok {
                    assert_eq!(all, vec![one], "term {:?}", t);
                    checked += 1;
                } else {
                    assert!(one.is_empty());
                    assert!(all.len() != 1 || t.conditions.iter().any(|c| c.except), "writer refused a one-entry term {:?}: {:?}", t, all);
                }
            }
        }
    }
    assert!(checked > 1000, "{}", checked);
}

#[test]
fn quick_caps_check_equals_full_check() {
    let all: [&caps::Caps; 6] = [&junos::CAPS, &ios::CAPS, &ios_named::CAPS, &iosxr::CAPS, &brocade::CAPS, &eos::CAPS];
    for acl in parsed() {
        for c in all {
            for name in [None, Some("101"), Some("X")] {
                let a = serde_json::to_string(&check_with(&acl, c, name, true)).unwrap();
                let b = serde_json::to_string(&check_with(&acl, c, name, false)).unwrap();
                assert_eq!(a, b, "{} {:?}", c.format, acl.name);
            }
            assert_eq!(acl.is_ipv6(), {
                let (v4, v6) = acl.address_families();
                acl.family == Some(acl_wasm::ir::Family::Inet6) || (v6 && !v4)
            });
        }
    }
}

#[test]
fn range_merging_matches_a_naive_union() {
    let mut r = Rng(5);
    for _ in 0..2000 {
        let mut v: Vec<(u32, u32)> = (0..r.below(6)).map(|_| {
            let lo = r.below(40) as u32;
            (lo, lo + r.below(8) as u32)
        }).collect();
        if r.below(10) == 0 {
            v.push((u32::MAX - 1, u32::MAX));
        }
        let covered = |v: &[(u32, u32)], x: u32| v.iter().any(|&(lo, hi)| lo <= x && x <= hi);
        let mut merged = v.clone();
        acl_wasm::ir::normalize_ranges(&mut merged);
        let mut inline: acl_wasm::ir::Ranges = v.iter().copied().collect();
        acl_wasm::ir::normalize_inline(&mut inline);
        assert_eq!(&merged[..], &inline[..]);
        for w in merged.windows(2) {
            assert!(w[0].1.saturating_add(1) < w[1].0, "{:?}", merged);
        }
        for x in (0..60).chain([u32::MAX - 1, u32::MAX]) {
            assert_eq!(covered(&v, x), covered(&merged, x), "{:?} {:?}", v, merged);
        }
    }
}
