//! Cisco IOS-XR: `ipv4|ipv6 access-list NAME` with sequence-numbered entries (`permit ipv4 ...`),
//! and object groups (`object-group network ipv4|ipv6 NAME`, `object-group port NAME`, nested
//! `object-group NAME`; `net-group` / `port-group` in entries).
//!
//! Read with the IOS-family grammar and lowering ([`Dialect::Iosxr`]: lists are `iosxr`).

use crate::diag::Diagnostic;
use crate::dialects::ios::parse::{parse_dialect, Dialect};
use crate::ir::Acl;

/// Parses IOS-XR text.
pub fn parse(text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Acl> {
    parse_dialect(text, diags, true, Dialect::Iosxr)
}
