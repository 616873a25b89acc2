//! `iosxr`: `ipv4|ipv6 access-list NAME` with sequence-numbered entries. Sequence numbers from
//! the input (or numeric term names) are kept; others continue in steps of 10.
//!
//! Caps: as `ios-named`; standard lists print as extended (`ipv4 SRC any`).

use super::caps::{Caps, Checker, IOS_BASE};
use super::ios_common::{named_body, named_head, Flavor, GroupStyle};
use crate::ir::Acl;
use crate::tables;

/// Capabilities.
pub const CAPS: Caps = Caps { format: "iosxr", ipv6: true, ..IOS_BASE };

/// Emits IOS XR.
///
/// `v6`: the list is IPv6 ([`crate::ir::Acl::is_ipv6`]); `chk` checks each term before it is
/// written.
pub fn emit(acl: &Acl, name: &str, replace: bool, v6: bool, chk: &mut Checker, part: &mut super::Part, out: &mut String) {
    let head = if v6 { "ipv6 access-list " } else { "ipv4 access-list " };
    if part.head {
        named_head(acl, head, name, replace, out);
    }
    let f = Flavor { v6, slash: false, standard: false, any_proto: if v6 { "ipv6" } else { "ipv4" }, groups: GroupStyle::Xr, asa: false, any: "any", names: tables::names(tables::Vendor::Iosxr), flags: CAPS.tcp_flag_forms };
    named_body(acl, f, true, chk, part, out);
}
