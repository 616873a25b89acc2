//! Times the optimizer's steps natively on a file: `cargo run --release --example opt_prof FILE`
//! (`KD=1`: keep the denies; `W=n`: merge window, default 64).

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: opt_prof FILE");
    let text = std::fs::read_to_string(&path).expect("readable file");
    let t0 = Instant::now();
    let (mut acls, _) = acl_wasm::parse(&text, "auto");
    let t1 = Instant::now();
    let mut acl = acls.swap_remove(0);
    let format = acl_wasm::opt::default_format(acl.source);
    let report = acl_wasm::opt::optimize(&mut acl, &acl_wasm::opt::Options { format, keep_denies: std::env::var("KD").is_ok(), window: std::env::var("W").map(|w| w.parse().unwrap()).unwrap_or(64) });
    let t2 = Instant::now();
    let (out, _) = acl_wasm::emit(&acl, &acl_wasm::EmitOptions { format, ..Default::default() }).expect("written");
    let t3 = Instant::now();
    println!(
        "{} terms -> {}: parse {:?}, optimize {:?}, emit {:?} ({} bytes)",
        report.before,
        report.after,
        t1 - t0,
        t2 - t1,
        t3 - t2,
        out.len()
    );
}
