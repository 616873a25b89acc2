//! `junos`: `filter NAME { term ... }`, four-space indentation, `then { action; modifiers
//! sorted; }`, optional `firewall { [family F {] replace: ... }` wrapper.
//!
//! Caps: everything in the IR; IOS `log-input` becomes `syslog` with a warning.

use super::caps::{Caps, Support, IOS_BASE};
use super::term_names;
use crate::ir::{Acl, ActionKind, Comment, CommentStyle, Condition, Family, Key, Policer, Term, Values};
use crate::tables;

/// Every key Junos output prints, in Trigger's order (`ttl`, `dscp`, `precedence` added).
const ORDER: &[Key] = &[
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
    if s.is_empty() || s.bytes().any(|c| !(c.is_ascii_alphanumeric() || b"-_./:".contains(&c))) {
        format!("\"{}\"", s)
    } else {
        s.to_string()
    }
}

fn pad(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
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

fn value(key: Key, v: (u32, u32), v6: bool) -> String {
    let one = |x: u32| -> String {
        if key == Key::Protocol && !(v6 && x == 58) {
            if let Some(n) = tables::protocol_name(x) {
                return n.to_string();
            }
        }
        if key == Key::Protocol && v6 && x == 58 {
            return "icmp6".to_string();
        }
        x.to_string()
    };
    if v.0 == v.1 {
        one(v.0)
    } else {
        format!("{}-{}", v.0, v.1)
    }
}

fn condition(out: &mut String, ind: usize, c: &Condition, v6: bool) {
    let mut key = c.key.as_str().to_string();
    if c.key == Key::Protocol && v6 {
        key = "next-header".to_string();
    }
    if c.named.is_some() && c.key == Key::TcpFlags && !c.except {
        line(out, ind, &format!("{};", c.named.as_deref().unwrap_or("")));
        return;
    }
    if c.except {
        key.push_str("-except");
    }
    match &c.values {
        Values::Addrs(a) => {
            line(out, ind, &format!("{} {{", key));
            for x in a {
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
        Values::Ranges(r) if r.len() == 1 => line(out, ind, &format!("{} {};", key, value(c.key, r[0], v6))),
        Values::Ranges(r) => {
            let vals: Vec<String> = r.iter().map(|&x| value(c.key, x, v6)).collect();
            line(out, ind, &format!("{} [ {} ];", key, vals.join(" ")));
        }
    }
}

fn term(out: &mut String, ind: usize, t: &Term, name: &str, v6: bool) {
    pad(out, ind);
    if t.inactive {
        out.push_str("inactive: ");
    }
    out.push_str("term ");
    out.push_str(&quote(name));
    out.push_str(" {\n");
    comments(out, ind + 4, &t.comments);
    if !t.conditions.is_empty() {
        line(out, ind + 4, "from {");
        for k in ORDER {
            for c in t.conditions.iter().filter(|c| c.key == *k && !c.except) {
                condition(out, ind + 8, c, v6);
            }
            for c in t.conditions.iter().filter(|c| c.key == *k && c.except) {
                condition(out, ind + 8, c, v6);
            }
        }
        line(out, ind + 4, "}");
    }
    line(out, ind + 4, "then {");
    let a = &t.action;
    let act = match a.kind {
        ActionKind::Accept => "accept".to_string(),
        ActionKind::Discard => "discard".to_string(),
        ActionKind::Reject => match &a.code {
            Some(c) => format!("reject {}", c),
            None => "reject".to_string(),
        },
        ActionKind::NextTerm => "next term".to_string(),
        ActionKind::RoutingInstance => format!("routing-instance {}", quote(a.target.as_deref().unwrap_or(""))),
    };
    line(out, ind + 8, &format!("{};", act));
    let m = &t.modifiers;
    let opt = |k: &str, v: &Option<String>| v.as_ref().map(|v| format!("{} {};", k, quote(v)));
    let flag = |k: &str, v: bool| if v { Some(format!("{};", k)) } else { None };
    let mods = [
        opt("count", &m.count),
        opt("forwarding-class", &m.forwarding_class),
        opt("ipsec-sa", &m.ipsec_sa),
        flag("log", m.log),
        opt("loss-priority", &m.loss_priority),
        opt("policer", &m.policer),
        flag("port-mirror", m.port_mirror),
        flag("sample", m.sample),
        flag("syslog", m.syslog || m.log_input),
    ];
    for s in mods.iter().flatten() {
        line(out, ind + 8, s);
    }
    line(out, ind + 4, "}");
    line(out, ind, "}");
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

/// Emits Junos.
pub fn emit(acl: &Acl, name: &str, replace: bool, family: Option<Family>, out: &mut String) {
    let v6 = acl.is_ipv6();
    let family = family.or(acl.family).or(if v6 { Some(Family::Inet6) } else { None });
    let policers_only = acl.terms.is_empty() && !acl.policers.is_empty() && name.is_empty();
    let mut ind = 0;
    let wrapped = replace || family.is_some();
    if wrapped {
        line(out, 0, "firewall {");
        ind = 4;
        if let Some(f) = family {
            line(out, 4, &format!("family {} {{", f.as_str()));
            ind = 8;
        }
        if replace {
            line(out, if family.is_some() { 8 } else { 0 }, "replace:");
        }
    }
    comments(out, ind, &acl.comments);
    if policers_only {
        for p in &acl.policers {
            policer(out, ind, p);
        }
    } else {
        line(out, ind, &format!("filter {} {{", quote(name)));
        if acl.interface_specific {
            line(out, ind + 4, "interface-specific;");
        }
        for p in &acl.policers {
            policer(out, ind + 4, p);
        }
        let names = term_names(acl);
        for (t, n) in acl.terms.iter().zip(names.iter()) {
            term(out, ind + 4, t, n, v6);
        }
        comments(out, ind + 4, &acl.trailing_comments);
        line(out, ind, "}");
    }
    if wrapped {
        if family.is_some() {
            line(out, 4, "}");
        }
        line(out, 0, "}");
    }
}
