//! Input dialects: one folder per dialect (`grammar.pest`, `parse.rs`, `lower.rs`), registered in
//! the table below.

pub mod ios;
pub mod junos;

use crate::diag::{fill_excerpts, Diagnostic};
use crate::ir::Acl;

/// A dialect's parse entry point.
pub type ParseFn = fn(&str, &mut Vec<Diagnostic>) -> Vec<Acl>;

/// The registered dialects: (name, parser).
pub const DIALECTS: &[(&str, ParseFn)] = &[("ios", ios::parse::parse), ("junos", junos::parse::parse)];

/// Guesses the dialect: Junos when the first significant character starts a Junos block.
pub fn detect(text: &str) -> &'static str {
    let mut rest = text.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("/*") {
            rest = r.find("*/").map(|i| r[i + 2..].trim_start()).unwrap_or("");
        } else if rest.starts_with('#') {
            rest = rest.find('\n').map(|i| rest[i..].trim_start()).unwrap_or("");
        } else {
            break;
        }
    }
    for kw in ["firewall", "filter", "policer", "replace:", "inactive:"] {
        if rest.starts_with(kw) {
            return "junos";
        }
    }
    "ios"
}

/// Parses text in a dialect (`auto`, `ios`, `junos`). Unknown dialect → `None`.
pub fn parse(text: &str, dialect: &str) -> Option<(Vec<Acl>, Vec<Diagnostic>)> {
    let d = if dialect == "auto" { detect(text) } else { dialect };
    let f = DIALECTS.iter().find(|(n, _)| *n == d)?.1;
    let mut diags = Vec::new();
    let acls = f(text, &mut diags);
    fill_excerpts(text, &mut diags);
    Some((acls, diags))
}
