//! Shared test helpers.
#![allow(dead_code)]

use acl_wasm::ir::{Acl, Span};
use acl_wasm::{EmitOptions, Format};

/// Parses, asserting no errors, returning the single ACL.
pub fn one(text: &str) -> Acl {
    let (mut acls, diags) = acl_wasm::parse(text, "auto");
    assert!(diags.iter().all(|d| !d.is_error()), "unexpected errors: {:#?}", diags);
    assert_eq!(acls.len(), 1, "expected one ACL, got {:#?}", acls);
    acls.remove(0)
}

/// Emits, asserting success.
pub fn out(acl: &Acl, format: &str) -> String {
    let opts = EmitOptions { format: Format::from_name(format).unwrap(), ..Default::default() };
    match acl_wasm::emit(acl, &opts) {
        Ok((s, _)) => s,
        Err(d) => panic!("emit {} failed: {:#?}", format, d),
    }
}

/// Emit errors.
pub fn emit_errors(acl: &Acl, format: &str) -> Vec<acl_wasm::Diagnostic> {
    let opts = EmitOptions { format: Format::from_name(format).unwrap(), ..Default::default() };
    match acl_wasm::emit(acl, &opts) {
        Ok((s, _)) => panic!("expected errors, got {}", s),
        Err(d) => d,
    }
}

/// Parse errors.
pub fn parse_errors(text: &str) -> Vec<acl_wasm::Diagnostic> {
    let (_, d) = acl_wasm::parse(text, "auto");
    d.into_iter().filter(|d| d.is_error()).collect()
}

/// Removes spans (and sorts conditions by key) so IRs of different texts compare.
pub fn normalize(mut a: Acl) -> Acl {
    let z = Span::default();
    a.span = z;
    for c in a.comments.iter_mut().chain(a.trailing_comments.iter_mut()) {
        c.span = z;
    }
    for p in a.policers.iter_mut() {
        p.span = z;
    }
    for t in a.terms.iter_mut() {
        t.span = z;
        for c in t.comments.iter_mut() {
            c.span = z;
        }
        for c in t.conditions.iter_mut() {
            c.span = z;
        }
        t.conditions.sort_by_key(|c| (c.key, c.except));
    }
    a
}

/// A parser with its fast path on or off (`dialects::ios::parse::parse_with`,
/// `dialects::junos::parse::parse_with`).
pub type ParseWith = fn(&str, &mut Vec<acl_wasm::Diagnostic>, bool) -> Vec<Acl>;

/// The ACLs and diagnostics of `text` as JSON, read with the fast path on and off.
pub fn both_routes(text: &str, parse_with: ParseWith) -> (String, String) {
    let run = |fast: bool| {
        let mut d = Vec::new();
        let acls = parse_with(text, &mut d, fast);
        acl_wasm::diag::fill_excerpts(text, &mut d);
        format!("{}\n{}", serde_json::to_string_pretty(&acls).unwrap(), serde_json::to_string_pretty(&d).unwrap())
    };
    (run(true), run(false))
}

/// The `.acl` files below `dir`, appended to `out`.
pub fn acl_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            acl_files(&p, out);
        } else if p.extension().map(|x| x == "acl").unwrap_or(false) {
            out.push(p);
        }
    }
}

/// A small deterministic PRNG (xorshift64*).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
}
