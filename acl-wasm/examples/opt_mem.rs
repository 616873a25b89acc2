//! Where the optimizer's memory goes, natively, for a file optimized as `acl_optimize` does it:
//! `cargo run --release --example opt_mem FILE [OPTIONS_JSON]` prints the heap (a counting
//! allocator) before and after, its peak, and the sizes of the IR's types and of the optimizer's
//! compact form (native: 64-bit pointers, so about 1.5x the engine's wasm32 sizes).

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
    use acl_wasm::opt::compact::{CCond, CTerm};
    println!(
        "size_of Term {}, Condition {}, Modifiers {}; compact: CTerm {}, CCond {}",
        std::mem::size_of::<Term>(),
        std::mem::size_of::<Condition>(),
        std::mem::size_of::<Modifiers>(),
        std::mem::size_of::<CTerm>(),
        std::mem::size_of::<CCond>()
    );
    let path = std::env::args().nth(1).expect("usage: opt_mem FILE [OPTIONS_JSON]");
    let opts = std::env::args().nth(2).unwrap_or_else(|| r#"{"report":"summary"}"#.to_string());
    let text = std::fs::read(&path).expect("readable file");
    show("text read");
    // what `trigger optimizer` asks the engine (`acl_optimize`)
    let (status, out) = acl_wasm::abi::optimize_impl(opts.as_bytes(), &text);
    show("optimized and written");
    println!("status {}, answer {} bytes", status, out.len());
}
