//! Trigger for Deno: the ACL engine. Parses Cisco IOS-like and Juniper Junos access lists into
//! one IR (`ir`), emits six output formats (`emit`), and checks flows against compiled ACLs
//! (`check`). `abi` exports the C ABI used by the WebAssembly module (see `ABI.md`).

#![warn(missing_docs)]

pub mod abi;
pub mod addr;
pub mod check;
pub mod diag;
pub mod dialects;
pub mod emit;
pub mod ir;
pub mod lazy;
pub mod put;
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
pub fn convert(text: &str, from: &str, opts: &EmitOptions) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (acls, diags) = parse(text, from);
    if diags.iter().any(|d| d.is_error()) {
        return Err(diags);
    }
    let mut out = String::with_capacity(acls.iter().map(|a| emit::size_hint(a, opts.format)).sum());
    let mut warnings = diags;
    let mut errors = Vec::new();
    for a in &acls {
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
