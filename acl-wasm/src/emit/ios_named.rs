//! `ios-named`: `ip access-list extended|standard NAME` (or `ipv6 access-list NAME`) with
//! indented entries; sequence numbers are kept when the input had them.
//!
//! Caps: as `ios` but any name and IPv6.

use super::caps::{Caps, Checker, FlagForms, IOS_BASE};
use super::ios_common::{is_standard, named_body, named_head, Flavor, GroupStyle};
use crate::ir::Acl;
use crate::tables;

/// Capabilities.
pub const CAPS: Caps = Caps { format: "ios-named", ipv6: true, tcp_flag_forms: FlagForms::Match, ..IOS_BASE };

/// Emits named IOS.
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
        "ip access-list extended "
    };
    if part.head {
        named_head(acl, head, name, replace, out);
    }
    let f = Flavor { v6, slash: false, standard, any_proto: if v6 { "ipv6" } else { "ip" }, groups: GroupStyle::IosXe, asa: false, any: "any", names: tables::names(tables::Vendor::Ios), flags: CAPS.tcp_flag_forms };
    named_body(acl, f, false, chk, part, out);
}
