//! Arista EOS: `ip access-list [standard] NAME` / `ipv6 access-list NAME` with sequence-numbered
//! entries and `A.B.C.D/LEN` prefixes, and the object-group form Capirca writes for EOS
//! (`object-group network ipv4 NAME`, `object-group port NAME`, `net-group` / `port-group`).
//!
//! Read with the IOS-family grammar and lowering ([`Dialect::Eos`]: lists are `eos`).

use crate::diag::Diagnostic;
use crate::dialects::ios::parse::{parse_dialect, Dialect};
use crate::ir::Acl;

/// Parses EOS text.
pub fn parse(text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Acl> {
    parse_dialect(text, diags, true, Dialect::Eos)
}
