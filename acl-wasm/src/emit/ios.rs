//! `ios`: numbered IOS access lists (`access-list N ...`), standard (1-99, 1300-1999) or
//! extended (100-199, 2000-2699).
//!
//! Caps: IPv4 only; no next term / routing-instance / reject codes / policers / inactive terms /
//! except or inactive addresses / prefix lists / tcp-flags other than established /
//! packet-length / fragment-offset / ip-options / generic address or port / `-except` keys /
//! Junos modifiers (errors); counters are dropped with a warning. Remarks print as
//! `access-list N remark`, other comments as `!`.

use super::caps::{Caps, Checker, FlagForms, IOS_BASE};
use super::ios_common::{bang, comment, entries, is_standard, Flavor, GroupStyle};
use super::Part;
use crate::ir::Acl;
use crate::tables;

/// Valid numbered names.
pub fn valid_number(n: &str) -> bool {
    match n.parse::<u32>() {
        Ok(v) => (1..=199).contains(&v) || (1300..=2699).contains(&v),
        Err(_) => false,
    }
}

/// Capabilities.
pub const CAPS: Caps = Caps { format: "ios", name_ok: Some(valid_number), name_hint: "numbered IOS access lists are 1-199 or 1300-2699 (extended: 100-199, 2000-2699)", tcp_flag_forms: FlagForms::Match, ..IOS_BASE };

/// Writes the numbered lines (shared with brocade).
///
/// `chk` checks each term before it is written; the first error stops the writing.
pub fn body(acl: &Acl, name: &str, replace: bool, comments: bool, chk: &mut Checker, part: &Part, out: &mut String) {
    let f = Flavor { v6: false, slash: false, standard: is_standard(acl, name, true), any_proto: "ip", groups: GroupStyle::None, asa: false, any: "any", names: tables::names(tables::Vendor::Ios), flags: CAPS.tcp_flag_forms };
    let prefix = format!("access-list {} ", name);
    if comments && part.head {
        bang(&acl.comments, out);
    }
    if replace && part.head {
        out.push_str("no access-list ");
        out.push_str(name);
        out.push('\n');
    }
    for (i, t) in acl.terms.iter().enumerate() {
        if !chk.term(i, t) {
            return; // the caller drops the output and reports every error
        }
        if comments {
            for c in &t.comments {
                comment(c, &prefix, out);
            }
        }
        let mark = out.len();
        out.push_str(&prefix);
        if super::ios_entry::write_one(t, f, out) {
            out.push('\n');
            continue;
        }
        out.truncate(mark);
        for e in entries(t, f) {
            out.push_str(&prefix);
            out.push_str(&e);
            out.push('\n');
        }
    }
    if comments && part.tail {
        bang(&acl.trailing_comments, out);
    }
}

/// Emits numbered IOS.
pub fn emit(acl: &Acl, name: &str, replace: bool, chk: &mut Checker, part: &mut Part, out: &mut String) {
    body(acl, name, replace, true, chk, part, out);
}
