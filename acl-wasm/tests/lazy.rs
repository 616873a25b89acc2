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
