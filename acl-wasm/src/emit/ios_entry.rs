//! The single-entry fast path of IOS-family rendering: a term whose fields all hold one value
//! prints as one entry, written straight into the output (no per-field strings). It produces
//! exactly `ios_common::entries(t, f)[0]` (tests/emit_entry.rs compares both); terms that expand
//! to several entries (or none) are left to `entries`.

use super::ios_common::{ttl_spec, Flavor};
use crate::addr::{write_u32, write_v4, Address};
use crate::ir::{ActionKind, Condition, Key, Term};
use crate::put::put;

/// The one value of a range list that holds exactly one value.
fn one(r: &[(u32, u32)]) -> Option<u32> {
    match r {
        [(lo, hi)] if lo == hi => Some(*lo),
        _ => None,
    }
}

fn addr(a: &Address, f: Flavor, out: &mut String) {
    let max = a.net.max_len();
    if a.wildcard.is_none() && a.net.len == 0 {
        put(out, "any");
    } else if a.wildcard.is_none() && a.net.len == max {
        put(out, "host ");
        a.net.write_addr(out);
    } else if a.net.v6 || (f.slash && a.wildcard.is_none()) {
        a.net.write_addr(out);
        out.push('/');
        write_u32(out, a.net.len as u32);
    } else {
        a.net.write_addr(out);
        out.push(' ');
        write_v4(out, a.ios_wildcard());
    }
}

/// ` eq P`, ` lt P`, ... for one port range; nothing for all ports.
fn port(lo: u32, hi: u32, out: &mut String) {
    if lo == hi {
        put(out, " eq ");
        write_u32(out, lo);
    } else if lo == 0 && hi == 65535 {
    } else if lo == 0 {
        put(out, " lt ");
        write_u32(out, hi + 1);
    } else if hi == 65535 {
        put(out, " gt ");
        write_u32(out, lo - 1);
    } else {
        put(out, " range ");
        write_u32(out, lo);
        out.push(' ');
        write_u32(out, hi);
    }
}

/// Writes the single entry of `t` (without prefix or newline) and returns `true`; returns `false`
/// and writes nothing when `t` renders as several entries or none.
pub fn write_one(t: &Term, f: Flavor, out: &mut String) -> bool {
    let mut by_key: [Option<&Condition>; 22] = [None; 22];
    let mut flags: Vec<String> = Vec::new();
    for c in &t.conditions {
        if c.key == Key::TcpFlags {
            if c.named.as_deref() == Some("tcp-established") {
                flags.push("established".to_string());
            } else {
                match c.name_values().first().and_then(|e| crate::check::flags::ios_text(e, f.flags)) {
                    Some(text) => flags.push(text),
                    None => return false,
                }
            }
        }
        if !c.except && by_key[c.key as usize].is_none() {
            by_key[c.key as usize] = Some(c);
        }
    }
    let get = |k: Key| by_key[k as usize];
    let single_addr = |k: Key| get(k).map(|c| c.addr_values().len() == 1).unwrap_or(true);
    let single_range = |k: Key| get(k).map(|c| c.range_values().len() == 1).unwrap_or(true);
    let single_value = |k: Key| get(k).map(|c| one(c.range_values()).is_some()).unwrap_or(true);
    let ok = if f.standard {
        single_addr(Key::SourceAddress)
    } else {
        single_value(Key::Protocol)
            && single_addr(Key::SourceAddress)
            && single_addr(Key::DestinationAddress)
            && single_range(Key::SourcePort)
            && single_range(Key::DestinationPort)
            && [Key::IcmpType, Key::IcmpCode, Key::Dscp, Key::Precedence].iter().all(|&k| single_value(k))
    };
    if !ok {
        return false;
    }
    put(out, if t.action.kind == ActionKind::Accept { "permit" } else { "deny" });
    if !f.standard {
        out.push(' ');
        match get(Key::Protocol).and_then(|c| one(c.range_values())) {
            None => put(out, f.any_proto),
            Some(p) => match f.names.protocol_name(p, f.v6) {
                Some(n) => put(out, n),
                None => write_u32(out, p),
            },
        }
    }
    out.push(' ');
    match get(Key::SourceAddress) {
        None => put(out, "any"),
        Some(c) => addr(&c.addr_values()[0], f, out),
    }
    if !f.standard {
        if let Some(c) = get(Key::SourcePort) {
            let (lo, hi) = c.range_values()[0];
            port(lo, hi, out);
        }
        out.push(' ');
        match get(Key::DestinationAddress) {
            None => put(out, "any"),
            Some(c) => addr(&c.addr_values()[0], f, out),
        }
        if let Some(c) = get(Key::DestinationPort) {
            let (lo, hi) = c.range_values()[0];
            port(lo, hi, out);
        }
        let ty = get(Key::IcmpType).and_then(|c| one(c.range_values()));
        let code = get(Key::IcmpCode).and_then(|c| one(c.range_values()));
        if let Some(ty) = ty {
            out.push(' ');
            match (f.names.icmp_name(ty, code, f.v6), code) {
                (Some(n), _) => put(out, n),
                (None, Some(c)) => {
                    write_u32(out, ty);
                    out.push(' ');
                    write_u32(out, c);
                }
                (None, None) => write_u32(out, ty),
            }
        }
        for x in &flags {
            out.push(' ');
            put(out, x);
        }
        for (k, word) in [(Key::Dscp, " dscp "), (Key::Precedence, " precedence ")] {
            if let Some(v) = get(k).and_then(|c| one(c.range_values())) {
                put(out, word);
                write_u32(out, v);
            }
        }
        if let Some(c) = get(Key::Ttl) {
            let s = ttl_spec(c.range_values());
            if !s.is_empty() {
                out.push(' ');
                put(out, &s);
            }
        }
        if get(Key::FragmentOffset).is_some() {
            put(out, " fragments");
        }
    }
    if t.modifiers.log_input {
        put(out, " log-input");
    } else if t.modifiers.syslog {
        put(out, " log");
    }
    true
}
