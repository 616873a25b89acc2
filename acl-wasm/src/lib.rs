//! Trigger for Deno: the ACL engine. Parses Cisco IOS-like and Juniper Junos access lists into
//! one IR (`ir`), emits six output formats (`emit`), and checks flows against compiled ACLs
//! (`check`). `abi` exports the C ABI used by the WebAssembly module (see `ABI.md`).

#![warn(missing_docs)]

pub mod abi;
pub mod arena;
pub mod addr;
pub mod check;
pub mod diag;
pub mod dialects;
pub mod hs;
pub mod emit;
pub mod ir;
pub mod lazy;
pub mod opt;
pub mod put;
pub mod scan;
pub mod stream;
pub mod tables;

pub use check::{Compiled, Flow, Verdict};
pub use diag::Diagnostic;
pub use emit::{emit, EmitOptions, Format};
pub use ir::Acl;

/// Parses text (`dialect`: `auto`, `ios`, `junos`) into ACLs and diagnostics.
pub fn parse(text: &str, dialect: &str) -> (Vec<Acl>, Vec<Diagnostic>) {
    dialects::parse(text, dialect).unwrap_or_else(|| {
        (Vec::new(), vec![Diagnostic::error("ACL030", format!("unknown dialect '{}': expected auto, ios or junos", dialect), ir::Span::default())])
    })
}

/// Parses and emits every ACL of the text, without JSON in between. Texts of several ACLs are
/// concatenated. `Err` holds every error (and warnings).
///
/// The IR lives only inside this call: in WebAssembly it is built in a scoped arena
/// ([`arena`]) and forgotten at the end instead of freed term by term; the output text and the
/// diagnostics are made outside the arena.
pub fn convert(text: &str, from: &str, opts: &EmitOptions) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    convert_in_arena(text, from, None, opts)
}

/// [`convert`] of the ACL at position `index` of the text only (as `acl_parse` numbers them).
/// When the last lazy parse ([`lazy`]) of exactly this text and dialect still keeps that ACL, its
/// IR is written without parsing again: borrowed (it stays kept), or taken when the term options
/// (`nameTerms`, `countTerms`) change it. An `index` past the last ACL is an ACL030 error.
pub fn convert_at(text: &str, from: &str, index: usize, opts: &EmitOptions) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let one = |acl: &Acl, diags: Vec<Diagnostic>| convert_parsed(text, std::slice::from_ref(acl), diags, opts);
    match lazy::with_kept(text, from, index, |acl, _| emit::needs_terms(acl, opts)) {
        Some(false) => {
            if let Some(r) = lazy::with_kept(text, from, index, |acl, diags| one(acl, diags.to_vec())) {
                return r;
            }
        }
        Some(true) => {
            if let Some((mut acl, diags)) = lazy::take(text, from, index) {
                emit::prepare_terms(&mut acl, opts);
                return one(&acl, diags);
            }
        }
        None => {}
    }
    convert_in_arena(text, from, Some(index), opts)
}

/// [`convert`] (`only`: of the ACL at that position only), the IR in a scoped arena.
fn convert_in_arena(text: &str, from: &str, only: Option<usize>, opts: &EmitOptions) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let dialect = if from == "auto" { dialects::detect(text) } else { from };
    let per_byte = if dialect == "junos" { 16 } else { 10 };
    // the first arena chunk, from the IR size measured in WebAssembly: ~9 bytes per byte of
    // IOS text (~80-byte lines), ~13-17 per byte of Junos text (short lines)
    arena::scope(text.len().saturating_mul(per_byte), || {
        let (mut acls, diags) = parse(text, from);
        let found = acls.len();
        let picked = match only {
            None => Some(&mut acls[..]),
            Some(i) => acls.get_mut(i..=i),
        };
        let r = match picked {
            Some(picked) => {
                for a in picked.iter_mut() {
                    emit::prepare_terms(a, opts);
                }
                convert_parsed(text, picked, diags, opts)
            }
            None if diags.iter().any(|d| d.is_error()) => Err(diags),
            None => {
                let at = only.unwrap_or_default();
                Err(vec![Diagnostic::error("ACL030", format!("no access list at position {} in the input ({} found)", at, found), ir::Span::default())])
            }
        };
        let r = arena::outside(|| match r {
            Ok((out, w)) => Ok((out, w.clone())),
            Err(e) => Err(e.clone()),
        });
        if arena::forgettable() {
            std::mem::forget(acls);
        }
        r
    })
}

/// [`convert`] after parsing. The output string is allocated outside the arena.
fn convert_parsed(text: &str, acls: &[Acl], diags: Vec<Diagnostic>, opts: &EmitOptions) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    if diags.iter().any(|d| d.is_error()) {
        return Err(diags);
    }
    let hint = acls.iter().map(|a| emit::size_hint(a, opts.format)).sum();
    let mut out = arena::outside(|| String::with_capacity(hint));
    let mut warnings = diags;
    let mut errors = Vec::new();
    for a in acls {
        let mark = out.len();
        if !out.is_empty() && opts.format == Format::Junos {
            out.push('\n');
        }
        match emit::emit_into(a, opts, &mut out) {
            Ok(w) => warnings.extend(w),
            Err(e) => {
                out.truncate(mark);
                errors.extend(e);
            }
        }
    }
    if !errors.is_empty() {
        diag::fill_excerpts(text, &mut errors);
        return Err(errors);
    }
    diag::fill_excerpts(text, &mut warnings);
    Ok((out, warnings))
}
