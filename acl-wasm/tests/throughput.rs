//! Native throughput (not asserted): `bash acl-wasm/build.sh bench`.

mod common;
use acl_wasm::check::{known, Flow};
use common::Rng;
use std::time::Instant;

/// A realistic numbered ACL of `n` lines.
pub fn ios_acl(n: usize, r: &mut Rng) -> String {
    let mut s = String::with_capacity(n * 60);
    for i in 0..n {
        let p = *r.pick(&["tcp", "udp", "icmp", "ip"]);
        let act = if i % 5 == 0 { "deny" } else { "permit" };
        let src = format!("10.{}.{}.0 0.0.0.255", r.below(256), r.below(256));
        let dst = if r.below(2) == 0 { format!("host 192.{}.{}.{}", r.below(256), r.below(256), r.below(256)) } else { "any".into() };
        let tail = match p {
            "tcp" => format!(" eq {}", r.below(1024)),
            "udp" => format!(" range {} {}", 1024 + r.below(100), 2000 + r.below(100)),
            "icmp" => " echo-reply".to_string(),
            _ => String::new(),
        };
        s.push_str(&format!("access-list 101 {} {} {} {}{}\n", act, p, src, dst, tail));
    }
    s
}

#[test]
#[ignore]
fn throughput() {
    let mut r = Rng(3);
    let text = ios_acl(100_000, &mut r);
    let lines = text.lines().count() as f64;
    let t = Instant::now();
    let (acls, _) = acl_wasm::parse(&text, "ios");
    let dt = t.elapsed().as_secs_f64();
    println!("ios parse only: {:.0} lines/s", lines / dt);
    let t = Instant::now();
    let _ = acl_wasm::emit(&acls[0], &acl_wasm::EmitOptions { format: acl_wasm::Format::Junos, ..Default::default() });
    println!("junos emit only: {:.0} lines/s", lines / t.elapsed().as_secs_f64());
    let opts = acl_wasm::EmitOptions { format: acl_wasm::Format::Junos, ..Default::default() };
    let t = Instant::now();
    let (junos, _) = acl_wasm::convert(&text, "ios", &opts).unwrap();
    let dt = t.elapsed().as_secs_f64();
    println!("ios -> junos: {:.0} lines/s ({} lines in {:.3}s)", lines / dt, lines, dt);
    let jl = junos.lines().count() as f64;
    let opts = acl_wasm::EmitOptions { format: acl_wasm::Format::IosNamed, name: Some("X".into()), ..Default::default() };
    let t = Instant::now();
    let _ = acl_wasm::convert(&junos, "junos", &opts).unwrap();
    let dt = t.elapsed().as_secs_f64();
    println!("junos -> ios-named: {:.0} lines/s ({} lines in {:.3}s)", jl / dt, jl, dt);

    let acl_text = ios_acl(10_000, &mut r);
    let (acls, _) = acl_wasm::parse(&acl_text, "ios");
    let t = Instant::now();
    let mut c = acl_wasm::Compiled::new(&acls[0]);
    println!("compile 10k terms: {:.3}s", t.elapsed().as_secs_f64());
    let flows: Vec<Flow> = (0..100_000)
        .map(|_| Flow {
            known: known::PROTO | known::SPORT | known::DPORT | known::FLAGS,
            proto: *r.pick(&[6u8, 17, 1]),
            flags: 16,
            sport: r.below(65536) as u16,
            dport: r.below(1100) as u16,
            src: (10u128 << 24) | r.below(1 << 16) as u128,
            dst: (192u128 << 24) | r.below(1 << 24) as u128,
            ..Default::default()
        })
        .collect();
    let t = Instant::now();
    let mut permitted = 0;
    for f in &flows {
        permitted += (c.check(f).result == 1) as u32;
    }
    let dt = t.elapsed().as_secs_f64();
    println!("check vs 10k terms (index): {:.0} flows/s ({} permitted)", flows.len() as f64 / dt, permitted);
    let t = Instant::now();
    for f in flows.iter().take(10_000) {
        permitted += (c.check_linear(f).result == 1) as u32;
    }
    let dt = t.elapsed().as_secs_f64();
    println!("check vs 10k terms (linear scan, reference): {:.0} flows/s", 10_000.0 / dt);
}
