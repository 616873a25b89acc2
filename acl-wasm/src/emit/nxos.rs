//! `nxos`: Cisco NX-OS `ip access-list NAME` (or `ipv6 access-list NAME`) with sequence-numbered
//! entries, `A.B.C.D/LEN` prefixes, ` statistics per-entry` when the input had it, and object
//! groups kept (`object-group ip address|port NAME`, `addrgroup` / `portgroup` in entries).
//!
//! Caps: as `ios-named`; NX-OS has no standard lists (a standard list prints as extended,
//! `permit ip SRC any`).

use super::caps::{Caps, Checker, IOS_BASE};
use super::ios_common::{named_body, named_head, Flavor, GroupStyle};
use crate::ir::Acl;
use crate::tables;

/// Capabilities.
pub const CAPS: Caps = Caps { format: "nxos", ipv6: true, ..IOS_BASE };

/// Emits NX-OS.
///
/// `v6`: the list is IPv6 ([`crate::ir::Acl::is_ipv6`]); `chk` checks each term before it is
/// written.
pub fn emit(acl: &Acl, name: &str, replace: bool, v6: bool, chk: &mut Checker, part: &mut super::Part, out: &mut String) {
    let head = if v6 { "ipv6 access-list " } else { "ip access-list " };
    if part.head {
        named_head(acl, head, name, replace, out);
        if acl.statistics_per_entry {
            out.push_str(" statistics per-entry\n");
        }
    }
    let f = Flavor { v6, slash: true, standard: false, any_proto: if v6 { "ipv6" } else { "ip" }, groups: GroupStyle::Nxos, asa: false, any: "any", names: tables::names(tables::Vendor::Nxos), flags: CAPS.tcp_flag_forms };
    named_body(acl, f, true, chk, part, out);
}
