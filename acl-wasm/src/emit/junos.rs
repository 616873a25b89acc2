//! `junos`: `filter NAME { term ... }`, four-space indentation, `then { action; modifiers
//! sorted; }`, optional `firewall { [family F {] replace: ... }` wrapper.
//!
//! Caps: everything in the IR; IOS `log-input` becomes `syslog` with a warning.

use super::caps::{Caps, Checker, Support, IOS_BASE};
use super::junos_frame::{plain_condition, Frame};
use super::term_names;
use crate::ir::{Acl, ActionKind, Comment, CommentStyle, Condition, Family, Key, Policer, Term, Values};
use crate::put::put;
use crate::tables;

/// Every key Junos output prints, in Trigger's order (`ttl`, `dscp`, `precedence` added).
const ORDER: &[Key] = &ORDER_ARRAY;
const ORDER_ARRAY: [Key; 22] = [
    Key::PacketLength,
    Key::FragmentFlags,
    Key::FragmentOffset,
    Key::FirstFragment,
    Key::IsFragment,
    Key::PrefixList,
    Key::Address,
    Key::SourcePrefixList,
    Key::SourceAddress,
    Key::DestinationPrefixList,
    Key::DestinationAddress,
    Key::Dscp,
    Key::Precedence,
    Key::IpOptions,
    Key::Ttl,
    Key::Protocol,
    Key::TcpFlags,
    Key::Port,
    Key::SourcePort,
    Key::DestinationPort,
    Key::IcmpCode,
    Key::IcmpType,
];

/// Capabilities.
pub const CAPS: Caps = Caps {
    format: "junos",
    ipv6: true,
    name_ok: None,
    name_hint: "",
    junos_actions: Support::Yes,
    inactive: Support::Yes,
    policers: Support::Yes,
    keys: ORDER,
    negated_keys: Support::Yes,
    except_addr: Support::Yes,
    tcp_flags_any: Support::Yes,
    junos_mods: Support::Yes,
    count: Support::Yes,
    log_input: Support::Warn,
    comments: Support::Yes,
    ..IOS_BASE
};

/// Quotes a name when Junos needs it.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_quoted(&mut out, s);
    out
}

/// Writes [`quote`]`(s)` into `out`.
fn push_quoted(out: &mut String, s: &str) {
    if s.is_empty() || s.bytes().any(|c| !(c.is_ascii_alphanumeric() || b"-_./:".contains(&c))) {
        out.push('"');
        put(out, s);
        out.push('"');
    } else {
        put(out, s);
    }
}

/// Writes `n` spaces.
pub(super) fn pad(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut n = n;
    while n > 0 {
        let k = n.min(SPACES.len());
        put(out, &SPACES[..k]);
        n -= k;
    }
}

fn line(out: &mut String, ind: usize, s: &str) {
    pad(out, ind);
    out.push_str(s);
    out.push('\n');
}

fn comments(out: &mut String, ind: usize, cs: &[Comment]) {
    for c in cs {
        pad(out, ind);
        if c.style == CommentStyle::Hash {
            out.push_str("# ");
            out.push_str(&c.text.replace('\n', " "));
        } else {
            out.push_str("/* ");
            out.push_str(&c.text.replace("*/", "* /"));
            out.push_str(" */");
        }
        out.push('\n');
    }
}

/// Writes one range value (protocol names for `protocol`).
pub(super) fn value(out: &mut String, key: Key, v: (u32, u32), v6: bool) {
    if v.0 != v.1 {
        crate::addr::write_u32(out, v.0);
        out.push('-');
        crate::addr::write_u32(out, v.1);
        return;
    }
    let x = v.0;
    if key == Key::Protocol {
        if let Some(n) = tables::names(tables::Vendor::Junos).protocol_name(x, v6) {
            out.push_str(n);
            return;
        }
    }
    crate::addr::write_u32(out, x);
}

fn condition(out: &mut String, ind: usize, c: &Condition, v6: bool) {
    let base = if c.key == Key::Protocol && v6 { "next-header" } else { c.key.as_str() };
    if c.named.is_some() && c.key == Key::TcpFlags && !c.except {
        line(out, ind, &format!("{};", c.named.as_deref().unwrap_or("")));
        return;
    }
    let key_buf;
    let key = if c.except {
        key_buf = format!("{}-except", base);
        key_buf.as_str()
    } else {
        base
    };
    match &c.values {
        Values::Addrs(a) => {
            pad(out, ind);
            out.push_str(key);
            out.push_str(" {\n");
            for x in a {
                if x.wildcard.is_none() {
                    pad(out, ind + 4);
                    if x.inactive {
                        out.push_str("inactive: ");
                    }
                    x.write_prefix(out);
                    out.push_str(if x.except { " except;\n" } else { ";\n" });
                    continue;
                }
                let mut s = String::new();
                if x.inactive {
                    s.push_str("inactive: ");
                }
                s.push_str(&x.prefix_text());
                if let Some(w) = x.wildcard {
                    // Junos has no wildcard masks: print the exact base/mask form it accepts.
                    s.clear();
                    if x.inactive {
                        s.push_str("inactive: ");
                    }
                    x.net.write_addr(&mut s);
                    s.push('/');
                    crate::addr::write_v4(&mut s, !w);
                }
                if x.except {
                    s.push_str(" except");
                }
                s.push(';');
                line(out, ind + 4, &s);
            }
            line(out, ind, "}");
        }
        Values::Names(n) if matches!(c.key, Key::TcpFlags | Key::FragmentFlags) => {
            let e = n.join(" ");
            line(out, ind, &format!("{} {};", key, quote(&e)));
        }
        Values::Names(n) => {
            line(out, ind, &format!("{} {{", key));
            for x in n {
                line(out, ind + 4, &format!("{};", quote(x)));
            }
            line(out, ind, "}");
        }
        Values::Ranges(r) if r.is_empty() => line(out, ind, &format!("{};", key)),
        Values::Ranges(r) => {
            pad(out, ind);
            out.push_str(key);
            out.push_str(if r.len() == 1 { " " } else { " [ " });
            for (i, &x) in r.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                value(out, c.key, x, v6);
            }
            out.push_str(if r.len() == 1 { ";\n" } else { " ];\n" });
        }
    }
}

fn term(out: &mut String, fr: &Frame, t: &Term, name: &str, v6: bool) {
    let ind = fr.ind;
    if t.inactive {
        pad(out, ind);
        out.push_str("inactive: term ");
    } else {
        put(out, &fr.open);
    }
    push_quoted(out, name);
    out.push_str(" {\n");
    comments(out, ind + 4, &t.comments);
    if !t.conditions.is_empty() {
        put(out, &fr.from_open);
        if let Some(slots) = one_per_key(&t.conditions) {
            // One condition per key and none negated (the common case): written in output order
            // (IOS lists the protocol first), without a search per key.
            for &i in slots.iter().filter(|&&i| i != u8::MAX) {
                let c = &t.conditions[i as usize];
                if !plain_condition(out, fr, c, v6) {
                    condition(out, ind + 8, c, v6);
                }
            }
        } else {
            for k in ORDER {
                if !t.conditions.iter().any(|c| c.key == *k) {
                    continue;
                }
                for c in t.conditions.iter().filter(|c| c.key == *k && !c.except) {
                    condition(out, ind + 8, c, v6);
                }
                for c in t.conditions.iter().filter(|c| c.key == *k && c.except) {
                    condition(out, ind + 8, c, v6);
                }
            }
        }
        put(out, &fr.block_close);
    }
    put(out, &fr.then_open);
    let a = &t.action;
    put(out, &fr.act);
    match a.kind {
        ActionKind::Accept => out.push_str("accept"),
        ActionKind::Discard => out.push_str("discard"),
        ActionKind::Reject => {
            out.push_str("reject");
            if let Some(c) = &a.code {
                out.push(' ');
                out.push_str(c);
            }
        }
        ActionKind::NextTerm => out.push_str("next term"),
        ActionKind::RoutingInstance => {
            out.push_str("routing-instance ");
            push_quoted(out, a.target.as_deref().unwrap_or(""));
        }
    }
    out.push_str(";\n");
    let m = &t.modifiers;
    let mods: [(&str, Option<&str>, bool); 9] = [
        ("count", m.count.as_deref(), false),
        ("forwarding-class", m.forwarding_class.as_deref(), false),
        ("ipsec-sa", m.ipsec_sa.as_deref(), false),
        ("log", None, m.log),
        ("loss-priority", m.loss_priority.as_deref(), false),
        ("policer", m.policer.as_deref(), false),
        ("port-mirror", None, m.port_mirror),
        ("sample", None, m.sample),
        ("syslog", None, m.syslog || m.log_input),
    ];
    for (k, v, on) in mods {
        if v.is_none() && !on {
            continue;
        }
        put(out, &fr.act);
        out.push_str(k);
        if let Some(v) = v {
            out.push(' ');
            push_quoted(out, v);
        }
        out.push_str(";\n");
    }
    put(out, &fr.close);
}

/// Each condition's index at its key's position in [`ORDER`] (`u8::MAX`: none), when every key
/// appears at most once and no condition is negated; `None` otherwise.
fn one_per_key(cs: &[Condition]) -> Option<[u8; ORDER_ARRAY.len()]> {
    let mut slots = [u8::MAX; ORDER_ARRAY.len()];
    if cs.len() >= u8::MAX as usize {
        return None;
    }
    for (i, c) in cs.iter().enumerate() {
        let r = rank(c.key);
        if c.except || slots[r] != u8::MAX {
            return None;
        }
        slots[r] = i as u8;
    }
    Some(slots)
}

/// Position of a key in [`ORDER`].
fn rank(k: Key) -> usize {
    const RANK: [u8; 22] = {
        let mut r = [0u8; 22];
        let mut i = 0;
        while i < ORDER_ARRAY.len() {
            r[ORDER_ARRAY[i] as usize] = i as u8;
            i += 1;
        }
        r
    };
    RANK[k as usize] as usize
}

fn policer(out: &mut String, ind: usize, p: &Policer) {
    line(out, ind, &format!("policer {} {{", quote(&p.name)));
    let e = &p.if_exceeding;
    if e.bandwidth_limit.is_some() || e.bandwidth_percent.is_some() || e.burst_size_limit.is_some() {
        line(out, ind + 4, "if-exceeding {");
        for (k, v) in [("bandwidth-limit", e.bandwidth_limit), ("bandwidth-percent", e.bandwidth_percent), ("burst-size-limit", e.burst_size_limit)] {
            if let Some(v) = v {
                line(out, ind + 8, &format!("{} {};", k, v));
            }
        }
        line(out, ind + 4, "}");
    }
    if !p.then.is_empty() {
        line(out, ind + 4, "then {");
        for x in &p.then {
            line(out, ind + 8, &format!("{};", x));
        }
        line(out, ind + 4, "}");
    }
    line(out, ind, "}");
}

/// Emits Junos. `v6`: the list is IPv6 ([`Acl::is_ipv6`]); `chk` checks each term before it is
/// written, and the first error stops the writing. `part`: the run of terms `acl` holds (its
/// head with the first run, its tail with the last; [`super::Part`]).
#[allow(clippy::too_many_arguments)]
pub fn emit(acl: &Acl, name: &str, replace: bool, family: Option<Family>, v6: bool, chk: &mut Checker, part: &mut super::Part, out: &mut String) {
    let family = family.or(acl.family).or(if v6 { Some(Family::Inet6) } else { None });
    let policers_only = acl.terms.is_empty() && !acl.policers.is_empty() && name.is_empty();
    let mut ind = 0;
    let wrapped = replace || family.is_some();
    if wrapped {
        ind = 4;
        if family.is_some() {
            ind = 8;
        }
    }
    if wrapped && part.head {
        line(out, 0, "firewall {");
        if let Some(f) = family {
            line(out, 4, &format!("family {} {{", f.as_str()));
        }
        if replace {
            line(out, if family.is_some() { 8 } else { 0 }, "replace:");
        }
    }
    if part.head {
        comments(out, ind, &acl.comments);
    }
    if policers_only {
        for p in &acl.policers {
            policer(out, ind, p);
        }
    } else {
        if part.head {
            line(out, ind, &format!("filter {} {{", quote(name)));
            if acl.interface_specific {
                line(out, ind + 4, "interface-specific;");
            }
            for p in &acl.policers {
                policer(out, ind + 4, p);
            }
        }
        let frame = Frame::new(ind + 4);
        // Unnamed terms are T1, T2, ... (what term_names gives), without a String each, until a
        // named term shows up: then the names must skip the ones taken, so the terms start over.
        let first = out.len();
        let mut n = String::with_capacity(12);
        let mut named = false;
        for (i, t) in acl.terms.iter().enumerate() {
            if t.name.is_some() {
                named = true;
                break;
            }
            if !chk.term(i, t) {
                return; // the caller drops the output and reports every error
            }
            n.clear();
            n.push('T');
            crate::addr::write_u32(&mut n, (part.base + i) as u32 + 1);
            term(out, &frame, t, &n, v6);
        }
        if named {
            out.truncate(first);
            // every term named (e.g. after the `nameTerms` option): their own names, no copies
            let names = if acl.terms.iter().all(|t| t.name.is_some()) { Vec::new() } else { term_names(acl) };
            for (i, t) in acl.terms.iter().enumerate() {
                if !chk.term(i, t) {
                    return;
                }
                let n = names.get(i).map(String::as_str).or(t.name.as_deref()).unwrap_or("");
                term(out, &frame, t, n, v6);
            }
        }
        if !part.tail {
            return;
        }
        comments(out, ind + 4, &acl.trailing_comments);
        line(out, ind, "}");
    }
    if wrapped && part.tail {
        if family.is_some() {
            line(out, 4, "}");
        }
        line(out, 0, "}");
    }
}
