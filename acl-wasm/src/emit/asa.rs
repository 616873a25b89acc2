//! `asa`: Cisco ASA `access-list NAME extended permit|deny ...` lines with netmasks, `any4` /
//! `any6` for the prefixes of length 0, `icmp6`, `inactive`, remarks as `access-list NAME remark
//! ...`, `clear configure access-list NAME` for replace, and object groups kept (`object-group
//! network`, `object-group service NAME tcp-udp` with `port-object`, `object-group protocol`).
//!
//! An ASA list holds IPv4 and IPv6 entries together. A term without an address writes `any`
//! (both families), or `any4` / `any6` when the list is tied to one family (Junos `family
//! inet|inet6`, `ipv6 access-list`), so that the list decides every flow as its source did.
//!
//! Caps: ASA extended lists match protocol, addresses, ports and ICMP type/code only (dscp,
//! precedence, ttl, fragments and `established` are errors); `log-input` prints as `log`;
//! inactive terms print with `inactive`; non-contiguous wildcards are errors.

use super::caps::{Caps, Checker, Support, IOS_BASE};
use super::ios_common::{comment, entries, Flavor, GroupStyle};
use crate::diag::Diagnostic;
use super::groups::{run_end, Def};
use crate::ir::{Acl, Family, Key, Term};
use std::borrow::Cow;
use crate::tables;

/// Keys ASA extended lists can express.
pub const ASA_KEYS: &[Key] = &[Key::Protocol, Key::SourceAddress, Key::DestinationAddress, Key::SourcePort, Key::DestinationPort, Key::IcmpType, Key::IcmpCode];

/// Capabilities.
pub const CAPS: Caps = Caps { format: "asa", ipv6: true, keys: ASA_KEYS, inactive: Support::Yes, ..IOS_BASE };

/// Errors for what the ASA syntax cannot write although the key is supported: non-contiguous
/// wildcard masks (ASA masks are netmasks).
pub fn extra_check(acl: &Acl, diags: &mut Vec<Diagnostic>) {
    for (i, t) in acl.terms.iter().enumerate() {
        for c in &t.conditions {
            if let Some(a) = c.addr_values().iter().find(|a| a.wildcard.is_some()) {
                let d = Diagnostic::error("ACL020", format!("the non-contiguous wildcard '{}' cannot be expressed in asa output", a.prefix_text()), c.span)
                    .with_hint("ASA masks are netmasks: split the wildcard into prefixes")
                    .with_term(Some(t.name.clone().unwrap_or_else(|| format!("#{}", i + 1))));
                diags.push(d);
            }
        }
    }
}

/// Emits ASA; `chk` checks each term before it is written. `defs`: the groups kept
/// ([`super::groups::prepare`]); the terms of one entry with a kept service group are written as
/// that one entry (`permit object-group SVC ...`).
pub fn emit(acl: &Acl, name: &str, replace: bool, defs: &[(String, Def)], chk: &mut Checker, part: &mut super::Part, out: &mut String) {
    let prefix = format!("access-list {} ", name);
    let remark = |cs: &[crate::ir::Comment], out: &mut String| {
        for c in cs {
            let mut c = c.clone();
            c.style = crate::ir::CommentStyle::Remark;
            comment(&c, &prefix, out);
        }
    };
    if replace && part.head {
        out.push_str("clear configure access-list ");
        out.push_str(name);
        out.push('\n');
    }
    if part.head {
        remark(&acl.comments, out);
    }
    let any = match acl.family {
        Some(Family::Inet6) => "any6",
        Some(Family::Inet) => "any4",
        _ if acl.source == crate::ir::Source::Ipv6 => "any6",
        _ => "any",
    };
    let f = Flavor { v6: any == "any6", slash: false, standard: false, any_proto: "ip", groups: GroupStyle::Asa, asa: true, any, names: tables::names(tables::Vendor::Asa), flags: CAPS.tcp_flag_forms };
    let mut skip_to = 0;
    for (i, t) in acl.terms.iter().enumerate() {
        if !chk.term(i, t) {
            return; // the caller drops the output and reports every error
        }
        if i < skip_to {
            continue;
        }
        let svc = t.cond(Key::Protocol).and_then(|c| c.group.as_deref()).filter(|g| defs.iter().any(|(n, d)| n == g && matches!(d, Def::Service(_))));
        let t: Cow<Term> = match svc {
            Some(g) => {
                skip_to = run_end(&acl.terms, i, g);
                let mut x = t.clone();
                x.conditions.retain(|c| c.key == Key::Protocol || c.group.as_deref() != Some(g));
                Cow::Owned(x)
            }
            None => Cow::Borrowed(t),
        };
        remark(&t.comments, out);
        for e in entries(&t, f) {
            out.push_str(&prefix);
            out.push_str("extended ");
            out.push_str(e.strip_suffix(" log-input").map(|s| format!("{} log", s)).as_deref().unwrap_or(&e));
            if t.inactive {
                out.push_str(" inactive");
            }
            out.push('\n');
        }
    }
    if part.tail {
        remark(&acl.trailing_comments, out);
    }
}
