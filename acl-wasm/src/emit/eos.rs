//! `eos`: Arista `ip access-list NAME` (or `ipv6 access-list NAME`, `ip access-list standard
//! NAME`) with sequence-numbered entries and `A.B.C.D/len` prefixes.
//!
//! Object groups are kept in the form Capirca writes for EOS (`object-group network ipv4 N`,
//! `object-group port N`, `net-group` / `port-group` in entries).
//!
//! Caps: as `ios-named`.

use super::caps::{Caps, Checker, IOS_BASE};
use super::ios_common::{is_standard, named_body, named_head, Flavor, GroupStyle};
use crate::ir::Acl;
use crate::tables;

/// Capabilities.
pub const CAPS: Caps = Caps { format: "eos", ipv6: true, ..IOS_BASE };

/// Emits EOS.
///
/// `v6`: the list is IPv6 ([`crate::ir::Acl::is_ipv6`]); `chk` checks each term before it is
/// written.
pub fn emit(acl: &Acl, name: &str, replace: bool, v6: bool, chk: &mut Checker, part: &mut super::Part, out: &mut String) {
    let standard = !v6 && is_standard(acl, name, false);
    let head = if v6 {
        "ipv6 access-list "
    } else if standard {
        "ip access-list standard "
    } else {
        "ip access-list "
    };
    if part.head {
        named_head(acl, head, name, replace, out);
    }
    let f = Flavor { v6, slash: true, standard, any_proto: if v6 { "ipv6" } else { "ip" }, groups: GroupStyle::Xr, asa: false, any: "any", names: tables::names(tables::Vendor::Eos), flags: CAPS.tcp_flag_forms };
    named_body(acl, f, true, chk, part, out);
}
