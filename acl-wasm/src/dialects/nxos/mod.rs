//! Cisco NX-OS: `ip access-list NAME` / `ipv6 access-list NAME` with sequence-numbered entries,
//! `statistics per-entry`, `remark`, and object groups (`object-group ip address|port NAME`,
//! `addrgroup` / `portgroup` in entries; Capirca's `net-group` / `port-group` form too).
//!
//! The entry syntax is the IOS family's: the grammar and lowering are the IOS ones
//! (`dialects/ios/grammar.pest`, `lower.rs`, `groups.rs`), read with [`Dialect::Nxos`] (lists are
//! `nxos`; group masks are wildcards).

use crate::diag::Diagnostic;
use crate::dialects::ios::parse::{parse_dialect, Dialect};
use crate::ir::Acl;

/// Parses NX-OS text.
pub fn parse(text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Acl> {
    parse_dialect(text, diags, true, Dialect::Nxos)
}
