//! Where the optimizer's memory goes, natively, for an IOS-family file read as `acl_optimize`
//! reads it: `cargo run --release --example opt_mem FILE` prints the heap (a counting allocator)
//! after each step and its peak, and the sizes of the IR's types (native: 64-bit pointers, so
//! about 1.5x the engine's wasm32 sizes).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let n = NOW.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(n, Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        NOW.fetch_sub(l.size(), Relaxed);
        System.dealloc(p, l)
    }
}

#[global_allocator]
static A: Counting = Counting;

fn show(step: &str) {
    let mb = |x: usize| x as f64 / (1 << 20) as f64;
    println!(
        "{:<28} now {:7.1} MiB  peak {:7.1} MiB",
        step,
        mb(NOW.load(Relaxed)),
        mb(PEAK.load(Relaxed))
    );
}

fn main() {
    use acl_wasm::ir::{Condition, Modifiers, Term};
    println!(
        "size_of Term {}, Condition {}, Modifiers {}",
        std::mem::size_of::<Term>(),
        std::mem::size_of::<Condition>(),
        std::mem::size_of::<Modifiers>()
    );
    let path = std::env::args().nth(1).expect("usage: opt_mem FILE");
    let text = std::fs::read_to_string(&path).expect("readable file");
    show("text read");
    let dialect = acl_wasm::stream::ios_dialect(&text, "auto").expect("an IOS-family text");
    let mut d = acl_wasm::dialects::ios::parse::Driver::new(&text, true, dialect, false);
    let mut diags = Vec::new();
    let mut reader = acl_wasm::opt::Reader::new();
    while !d.done(&text) {
        let upto = d.offset().saturating_add(1 << 18).min(text.len());
        d.feed(&text, upto, &mut diags);
        for (i, terms) in d.drain() {
            if i == 0 {
                terms.into_iter().for_each(|t| reader.push(t));
            }
        }
    }
    show("read (kept terms held)");
    let mut acl = d.finish(&text).swap_remove(0);
    let format = acl_wasm::opt::default_format(acl.source);
    let report = reader.finish(
        &mut acl,
        &acl_wasm::opt::Options {
            format,
            keep_denies: false,
            window: 64,
        },
    );
    show("optimized");
    let mut out = Vec::new();
    report.write_summary(&mut out);
    show("report written");
    let eo = acl_wasm::EmitOptions {
        format,
        ..Default::default()
    };
    let mut s = String::with_capacity(acl_wasm::emit::size_hint(&acl, format));
    acl_wasm::emit::prepare_terms(&mut acl, &eo);
    acl_wasm::emit::emit_into(&acl, &eo, &mut s).expect("written");
    show("text written");
    println!(
        "{} terms -> {}, report {} bytes, text {} bytes",
        report.before,
        report.after,
        out.len(),
        s.len()
    );
}
