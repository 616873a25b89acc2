//! Robustness: random bytes and mutated valid ACLs never panic (fixed seed, bounded).

mod common;
use common::*;

const SEEDS: [&str; 3] = [
    "ip access-list extended E\n 10 permit tcp 10.0.0.0 0.0.0.255 any eq www log\n remark x\n deny icmp any any echo\n",
    "filter f { term a { from { source-address { 10/8; 1.2.3.4/32 except; } protocol [ tcp udp ]; destination-port 1-1024; tcp-flags \"syn & !ack\"; } then { reject tcp-reset; count c; } } }",
    "firewall { family inet6 { replace: filter v6 { /* c */ term t { from { next-header tcp; } then accept; } } } policer p { if-exceeding { bandwidth-limit 1m; } then discard; } }",
];

const TOKENS: [&str; 16] = ["{", "}", ";", "[", "]", "\"", "/*", "*/", "#", "\n", " any ", " 999999 ", "/", "-", "!", "inactive:"];

fn exercise(text: &str) {
    let (acls, _) = acl_wasm::parse(text, "auto");
    for a in &acls {
        for f in acl_wasm::Format::ALL {
            let _ = acl_wasm::emit(a, &acl_wasm::EmitOptions { format: f, ..Default::default() });
        }
        let mut c = acl_wasm::Compiled::new(a);
        let _ = c.check(&acl_wasm::Flow::default());
    }
    let _ = acl_wasm::parse(text, "ios");
    let _ = acl_wasm::parse(text, "junos");
}

#[test]
fn random_bytes_never_panic() {
    let mut r = Rng(1);
    for _ in 0..2000 {
        let n = r.below(200) as usize;
        let bytes: Vec<u8> = (0..n).map(|_| r.below(128) as u8).collect();
        let _ = acl_wasm::abi::parse_impl(b"{}", &bytes);
        let _ = acl_wasm::abi::convert_impl(br#"{"to":"ios"}"#, &bytes);
        let _ = acl_wasm::abi::emit_impl(br#"{"format":"junos"}"#, &bytes);
        let _ = acl_wasm::abi::compile_impl(b"", &bytes);
        if let Ok(s) = std::str::from_utf8(&bytes) {
            exercise(s);
        }
    }
}

#[test]
fn mutated_acls_never_panic() {
    let mut r = Rng(2);
    for _ in 0..3000 {
        let mut s: Vec<u8> = r.pick(&SEEDS).as_bytes().to_vec();
        for _ in 0..(1 + r.below(4)) {
            let pos = r.below(s.len() as u64 + 1) as usize;
            match r.below(3) {
                0 if !s.is_empty() => {
                    let end = (pos + r.below(8) as usize).min(s.len());
                    s.drain(pos.min(s.len())..end);
                }
                1 => {
                    let t = r.pick(&TOKENS).as_bytes();
                    for (k, b) in t.iter().enumerate() {
                        s.insert(pos + k, *b);
                    }
                }
                _ => {
                    if pos < s.len() {
                        s[pos] = b"09az.:/-{};!"[r.below(12) as usize];
                    }
                }
            }
        }
        exercise(&String::from_utf8_lossy(&s));
    }
}
