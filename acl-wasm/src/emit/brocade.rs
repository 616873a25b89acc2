//! `brocade`: numbered IOS lines followed by `ip rebind-acl N` (or `ip rebind-receive-acl N`).
//!
//! Caps: as `ios`, and comments are dropped with a warning (Brocade loaders reject them).

use super::caps::{Caps, Checker, FlagForms, Support, IOS_BASE};
use crate::diag::Diagnostic;
use crate::ir::Acl;

/// Capabilities.
pub const CAPS: Caps = Caps {
    format: "brocade",
    name_ok: Some(super::ios::valid_number),
    name_hint: "numbered access lists are 1-199 or 1300-2699",
    comments: Support::Warn,
    tcp_flag_forms: FlagForms::None,
    ..IOS_BASE
};

/// Emits Brocade.
pub fn emit(acl: &Acl, name: &str, replace: bool, chk: &mut Checker, part: &mut super::Part, out: &mut String, _diags: &mut Vec<Diagnostic>) {
    super::ios::body(acl, name, replace, false, chk, part, out);
    if !part.tail {
        return;
    }
    out.push_str(if acl.receive_acl { "ip rebind-receive-acl " } else { "ip rebind-acl " });
    out.push_str(name);
    out.push('\n');
}
