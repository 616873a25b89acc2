//! Cisco ASA: `access-list NAME [line N] extended permit|deny ...` with netmasks, `any4` /
//! `any6`, `object` / `object-group` references (network, service, protocol, icmp-type groups;
//! an `object-group` after the source address may be a port group), `log [LEVEL] [interval N]`,
//! `inactive`, `access-list NAME remark ...`, `clear configure access-list NAME`, and the
//! `object network|service` / `object-group ...` definitions.
//!
//! ASA lists hold IPv4 and IPv6 entries together. The line grammar is `line_asa` in the
//! IOS-family grammar (`dialects/ios/grammar.pest`); lowering is shared ([`Dialect::Asa`]: masks
//! are netmasks, lists are `asa`).

use crate::diag::Diagnostic;
use crate::dialects::ios::parse::{parse_dialect, Dialect};
use crate::ir::Acl;

/// Parses ASA text.
pub fn parse(text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Acl> {
    parse_dialect(text, diags, false, Dialect::Asa)
}
