//! `acl_parse` with `lazy` and `index` (ABI.md §3): heads, one ACL, and the kept IR of the last
//! lazy parse giving the same output as a fresh parse.

use acl_wasm::abi::parse_impl;

const TWO: &str = "firewall {\n  filter a { term t { from { protocol tcp; } then accept; } }\n  filter b { term u { then discard; } term v { then accept; } }\n}\n";

fn json(o: &str, text: &str) -> serde_json::Value {
    let (st, out) = parse_impl(o.as_bytes(), text.as_bytes());
    assert_eq!(st, 0);
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn heads_and_single_acls() {
    let full = json(r#"{"dialect":"junos"}"#, TWO);
    let heads = json(r#"{"dialect":"junos","lazy":true}"#, TWO);
    let h = heads["acls"].as_array().unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[1]["name"], "b");
    assert_eq!(h[1]["termCount"], 2);
    assert!(h[1].get("terms").is_none());
    // Each index twice: the first from the kept IR, the second parsed again; both as a fresh parse.
    for _ in 0..2 {
        for i in [1usize, 0] {
            let one = json(&format!(r#"{{"dialect":"junos","index":{}}}"#, i), TWO);
            assert_eq!(one["acls"][0], full["acls"][i]);
            assert_eq!(one["acls"].as_array().unwrap().len(), 1);
        }
    }
    let none = json(r#"{"dialect":"junos","index":5}"#, TWO);
    assert_eq!(none["acls"].as_array().unwrap().len(), 0);
}

#[test]
fn kept_ir_is_only_used_for_the_same_text_and_dialect() {
    let other = TWO.replace("discard", "reject");
    json(r#"{"dialect":"junos","lazy":true}"#, TWO);
    let fresh = json(r#"{"dialect":"junos"}"#, &other);
    let one = json(r#"{"dialect":"junos","index":1}"#, &other);
    assert_eq!(one["acls"][0], fresh["acls"][1]);
    json(r#"{"dialect":"auto","lazy":true}"#, TWO);
    let one = json(r#"{"dialect":"junos","index":1}"#, TWO);
    assert_eq!(one["acls"][0], json(r#"{"dialect":"junos"}"#, TWO)["acls"][1]);
}

#[test]
fn heads_with_term_lines() {
    let heads = json(r#"{"dialect":"junos","lazy":true,"termLines":true}"#, TWO);
    let h = heads["acls"].as_array().unwrap();
    assert_eq!(h[0]["termLines"], serde_json::json!([["t", 2]]));
    assert_eq!(h[1]["termLines"], serde_json::json!([["u", 3], ["v", 3]]));
    let plain = json(r#"{"dialect":"junos","lazy":true}"#, TWO);
    assert!(plain["acls"][0].get("termLines").is_none());
    let ios = json(r#"{"dialect":"ios","lazy":true,"termLines":true}"#, "access-list 101 permit ip any any\n\naccess-list 101 deny ip any any\n");
    assert_eq!(ios["acls"][0]["termLines"], serde_json::json!([[null, 1], [null, 3]]));
}

/// `acl_convert` output (status 0 asserted) for options `o`.
fn converted(o: &str, text: &str) -> String {
    let (st, out, _) = acl_wasm::abi::convert_impl(o.as_bytes(), text.as_bytes());
    assert_eq!(st, 0, "{}", String::from_utf8_lossy(&out));
    String::from_utf8(out).unwrap()
}

#[test]
fn convert_index_writes_the_kept_ir_as_a_fresh_parse() {
    // Junos terms are all named; IOS entries are not: two lists of unnamed entries
    let ios = "ip access-list extended A\n permit tcp any any eq 22\n deny ip any any\nip access-list extended B\n permit udp any any eq 53\n";
    for (text, dialect) in [(TWO, "junos"), (ios, "ios")] {
        for opts in [r#""nameTerms":true,"countTerms":true"#, r#""dropModifiers":true"#] {
            let o = |i: usize| format!(r#"{{"from":"{}","to":"junos","index":{},{}}}"#, dialect, i, opts);
            // parsed again, in the arena (no lazy parse of this text kept)
            json(r#"{"dialect":"ios","lazy":true}"#, "access-list 1 permit any\n");
            let fresh: Vec<String> = (0..2).map(|i| converted(&o(i), text)).collect();
            // from the kept IR (borrowed, or taken with the term options), then parsed again
            json(&format!(r#"{{"dialect":"{}","lazy":true}}"#, dialect), text);
            for _ in 0..2 {
                for i in [1usize, 0] {
                    assert_eq!(converted(&o(i), text), fresh[i]);
                }
            }
        }
    }
    let named = converted(r#"{"from":"ios","to":"junos","index":1,"nameTerms":true,"countTerms":true}"#, ios);
    assert!(named.contains("term T1 {") && named.contains("count T1;"), "{}", named);
    let (st, out, _) = acl_wasm::abi::convert_impl(br#"{"from":"junos","to":"ios","index":2}"#, TWO.as_bytes());
    assert_eq!(st, 1);
    assert!(String::from_utf8_lossy(&out).contains("no access list at position 2 in the input (2 found)"));
}

#[test]
fn name_terms_counts_unnamed_terms_only_and_skips_taken_names() {
    let text = "ip access-list extended A\n permit tcp any any eq 22\n deny ip any any\n permit udp any any\n";
    let (mut acls, _) = acl_wasm::parse(text, "ios");
    let acl = &mut acls[0];
    acl.terms[1].name = Some("T1".into());
    acl.terms[2].modifiers.count = Some("kept".into());
    let opts = acl_wasm::EmitOptions { name_terms: true, count_terms: true, ..Default::default() };
    acl_wasm::emit::prepare_terms(acl, &opts);
    let names: Vec<_> = acl.terms.iter().map(|t| t.name.clone().unwrap()).collect();
    assert_eq!(names, ["T2", "T1", "T3"]);
    let counts: Vec<_> = acl.terms.iter().map(|t| t.modifiers.count.clone().unwrap()).collect();
    assert_eq!(counts, ["T2", "T1", "kept"]);
}

#[test]
fn forget_drops_the_kept_ir_and_acls_still_decode() {
    let full = json(r#"{"dialect":"junos"}"#, TWO);
    json(r#"{"dialect":"junos","lazy":true}"#, TWO);
    assert!(acl_wasm::lazy::with_kept(TWO, "junos", 0, |_, _| ()).is_some());
    acl_wasm::abi::acl_forget();
    assert!(acl_wasm::lazy::with_kept(TWO, "junos", 0, |_, _| ()).is_none());
    let one = json(r#"{"dialect":"junos","index":1}"#, TWO);
    assert_eq!(one["acls"][0], full["acls"][1]);
}
