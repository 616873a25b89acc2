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
