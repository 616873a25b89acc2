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
pub mod put;
pub mod scan;
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
    let dialect = if from == "auto" { dialects::detect(text) } else { from };
    let per_byte = if dialect == "junos" { 16 } else { 10 };
    // the first arena chunk, from the IR size measured in WebAssembly: ~9 bytes per byte of
    // IOS text (~80-byte lines), ~13-17 per byte of Junos text (short lines)
    arena::scope(text.len().saturating_mul(per_byte), || {
        let (acls, diags) = parse(text, from);
        let r = convert_parsed(text, &acls, diags, opts);
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
