//! The `acl_hs` export (ABI.md §4): one call per analysis, JSON in and out.
//!
//! Options: `{"op": "compare" | "query" | "unreachable", "query": Query, "limits": Limits}`.
//! Input: `{"acls": [Source, ...]}` where a Source is `{"text", "dialect", "index"}` (parsed here)
//! or `{"ir": Acl}`; `compare` takes two, the others one.

use crate::diag::{Diagnostic, Severity};
use crate::ir::{Acl, Span};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Opts {
    op: String,
    query: super::Query,
    limits: super::Limits,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Source {
    Ir { ir: Box<Acl> },
    Text { text: String, #[serde(default = "auto")] dialect: String, #[serde(default)] index: usize },
}

fn auto() -> String {
    "auto".into()
}

#[derive(Deserialize)]
struct Input {
    acls: Vec<Source>,
}

fn bad(code: &str, msg: String) -> Vec<Diagnostic> {
    vec![Diagnostic::error(code, msg, Span::default())]
}

fn load(src: Source, which: &str) -> Result<Acl, Vec<Diagnostic>> {
    match src {
        Source::Ir { ir } => Ok(*ir),
        Source::Text { text, dialect, index } => {
            let (mut acls, mut diags) = crate::parse(&text, &dialect);
            if diags.iter().any(|d| d.severity == Severity::Error) {
                diags.retain(|d| d.severity == Severity::Error);
                return Err(diags);
            }
            if index >= acls.len() {
                return Err(bad("ACL030", format!("{}: no access list at position {} ({} found)", which, index, acls.len())));
            }
            Ok(acls.swap_remove(index))
        }
    }
}

/// `acl_hs` on slices: (status, output JSON).
pub fn hs_impl(o: &[u8], input: &[u8]) -> (i32, Vec<u8>) {
    let r = (|| -> Result<Vec<u8>, Vec<Diagnostic>> {
        let o: Opts = if o.iter().all(|c| c.is_ascii_whitespace()) {
            Opts::default()
        } else {
            serde_json::from_slice(o).map_err(|e| bad("ACL030", format!("invalid options JSON: {}", e)))?
        };
        let inp: Input = serde_json::from_slice(input).map_err(|e| bad("ACL030", format!("invalid input JSON: {}", e)))?;
        let want = if o.op == "compare" { 2 } else { 1 };
        if !matches!(o.op.as_str(), "compare" | "query" | "unreachable") {
            return Err(bad("ACL030", format!("unknown op '{}': expected compare, query or unreachable", o.op)));
        }
        if inp.acls.len() != want {
            return Err(bad("ACL030", format!("{} takes {} ACL(s), got {}", o.op, want, inp.acls.len())));
        }
        let mut acls = Vec::new();
        for (i, s) in inp.acls.into_iter().enumerate() {
            acls.push(load(s, if i == 0 { "first ACL" } else { "second ACL" })?);
        }
        let fail = |e: String| bad("ACL031", e);
        let out = match o.op.as_str() {
            "compare" => serde_json::to_vec(&super::compare(&acls[0], &acls[1], &o.limits).map_err(fail)?),
            "query" => serde_json::to_vec(&super::query(&acls[0], &o.query, &o.limits).map_err(fail)?),
            _ => {
                #[derive(serde::Serialize)]
                struct U {
                    unreachable: Vec<super::UnreachableTerm>,
                }
                serde_json::to_vec(&U { unreachable: super::unreachable(&acls[0]).map_err(fail)? })
            }
        };
        out.map_err(|e| bad("ACL031", format!("cannot write the result: {}", e)))
    })();
    match r {
        Ok(v) => (0, v),
        Err(d) => (1, crate::abi::diag_json(&d)),
    }
}

/// Runs one header-space analysis; output JSON (0) or `{"diagnostics": [...]}` (1).
///
/// # Safety
/// Pointers must address valid memory of the given lengths.
#[no_mangle]
pub unsafe extern "C" fn acl_hs(o: u32, ol: u32, t: u32, tl: u32) -> i32 {
    let (r, v) = hs_impl(crate::abi::slice(o, ol), crate::abi::slice(t, tl));
    crate::abi::set_out(v);
    r
}
