//! Input dialects: one folder per dialect (`grammar.pest`, `parse.rs`, `lower.rs`), registered in
//! the table below.

pub mod asa;
pub mod eos;
pub mod ios;
pub mod iosxr;
pub mod junos;
pub mod nxos;

use crate::diag::{fill_excerpts, Diagnostic};
use crate::ir::{Acl, Span};

/// A dialect's parse entry point.
pub type ParseFn = fn(&str, &mut Vec<Diagnostic>) -> Vec<Acl>;

/// The registered dialects: (name, parser).
pub const DIALECTS: &[(&str, ParseFn)] = &[
    ("ios", ios::parse::parse),
    ("junos", junos::parse::parse),
    ("nxos", nxos::parse),
    ("eos", eos::parse),
    ("iosxr", iosxr::parse),
    ("asa", asa::parse),
];

/// Guesses the dialect: Junos when the first significant character starts a Junos block;
/// otherwise from the IOS-family lines ([`detect_ios_family`]).
pub fn detect(text: &str) -> &'static str {
    let mut rest = text.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("/*") {
            rest = r.find("*/").map(|i| r[i + 2..].trim_start()).unwrap_or("");
        } else if rest.starts_with('#') {
            rest = rest.find('\n').map(|i| rest[i..].trim_start()).unwrap_or("");
        } else {
            break;
        }
    }
    for kw in ["firewall", "filter", "policer", "replace:", "inactive:"] {
        if rest.starts_with(kw) {
            return "junos";
        }
    }
    detect_ios_family(text)
}

/// The IOS-family dialect of a text, from the first line that only one dialect writes (within
/// the first 64 KiB): ASA (`access-list NAME extended|remark` with a non-numeric name, `clear
/// configure access-list`, `object network|service`, `object-group ... NAME tcp|udp`,
/// `network-object` / `port-object` / `service-object`), IOS-XR (`ipv4 access-list`), NX-OS
/// (`statistics per-entry`, `object-group ip|ipv6 address|port`, `addrgroup` / `portgroup`).
/// Anything else is `ios` (which also reads EOS `ip access-list NAME` lists).
pub fn detect_ios_family(text: &str) -> &'static str {
    let head = match text.char_indices().nth(65536) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    for line in head.lines() {
        let l = line.trim().to_ascii_lowercase();
        let mut w = l.split_whitespace();
        let (a, b, c) = (w.next().unwrap_or(""), w.next().unwrap_or(""), w.next().unwrap_or(""));
        match (a, b, c) {
            ("clear", "configure", "access-list") | ("object", "network", _) | ("object", "service", _) => return "asa",
            ("access-list", name, "extended" | "remark" | "line") if !name.bytes().all(|c| c.is_ascii_digit()) => return "asa",
            ("network-object" | "port-object" | "service-object" | "protocol-object" | "icmp-object", _, _) => return "asa",
            ("ipv4", "access-list", _) => return "iosxr",
            ("statistics", "per-entry", _) => return "nxos",
            ("object-group", "ip" | "ipv6", "address" | "port") => return "nxos",
            _ => {}
        }
        if l.contains(" addrgroup ") || l.contains(" portgroup ") {
            return "nxos";
        }
    }
    "ios"
}

/// The dialects that write the same IOS-family text when no line names one ([`detect`] found
/// no marker), in order of preference; empty when the text is IOS's own. `ip access-list NAME`
/// with no `standard`/`extended` is EOS's and NX-OS's header (IOS needs the keyword); a text
/// of `ipv6 access-list` lists only (no numbered or `ip access-list extended|standard` IOS
/// list) is written alike by IOS, EOS, NX-OS and IOS-XR. Their readers differ in names (EOS's
/// `kerberos` is 88, IOS's 750; NX-OS has no IPv4 `ah`), so such a text is read by each.
pub fn ambiguous(text: &str) -> &'static [&'static str] {
    let head = match text.char_indices().nth(65536) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let (mut ios, mut eos_nx, mut v6) = (false, false, false);
    for line in head.lines() {
        let mut w = line.split_whitespace();
        let (a, b, c) = (w.next().unwrap_or(""), w.next().unwrap_or(""), w.next().unwrap_or(""));
        let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
        match (a.as_str(), b.as_str()) {
            ("access-list", n) if n.bytes().all(|c| c.is_ascii_digit()) && !n.is_empty() => ios = true,
            ("ip", "access-list") => match c.to_ascii_lowercase().as_str() {
                "standard" | "extended" | "resequence" | "logging" | "log-update" | "role-based" => ios = true,
                "" => {}
                _ => eos_nx = true,
            },
            ("ipv6", "access-list") => v6 = true,
            _ => {}
        }
    }
    if eos_nx {
        &["eos", "nxos"]
    } else if v6 && !ios {
        &["ios", "eos", "nxos", "iosxr"]
    } else {
        &[]
    }
}

/// Whether two readings of one text decide alike: the same lists, each with the same terms
/// (action, conditions, modifiers), whatever the reader's name for its dialect.
fn same_meaning(a: &[Acl], b: &[Acl]) -> Option<Span> {
    for (x, y) in a.iter().zip(b) {
        for (s, t) in x.terms.iter().zip(&y.terms) {
            if s.action != t.action || s.conditions != t.conditions || s.modifiers != t.modifiers || s.inactive != t.inactive {
                return Some(s.span);
            }
        }
        if x.terms.len() != y.terms.len() || x.name != y.name || x.family != y.family {
            return Some(x.span);
        }
    }
    (a.len() != b.len()).then(Span::default)
}

/// Reads a text in one dialect of [`DIALECTS`] (`None`: not registered).
fn read(text: &str, dialect: &str) -> Option<(Vec<Acl>, Vec<Diagnostic>)> {
    let f = DIALECTS.iter().find(|(n, _)| *n == dialect)?.1;
    let mut diags = Vec::new();
    let acls = f(text, &mut diags);
    Some((acls, diags))
}

/// `auto` for a text several dialects write alike ([`ambiguous`]): the first reading without
/// errors, when every other error-free reading decides alike; an `ACL009` error naming the
/// two dialects and the first line they read differently otherwise (the user gives the
/// dialect). When no reading is free of errors, the first candidate's errors.
fn read_ambiguous(text: &str, candidates: &[&'static str]) -> (Vec<Acl>, Vec<Diagnostic>) {
    let mut first: Option<(&str, (Vec<Acl>, Vec<Diagnostic>))> = None;
    let mut fallback = None;
    for &d in candidates {
        let r = match read(text, d) {
            Some(r) => r,
            None => continue,
        };
        if r.1.iter().any(|x| x.is_error()) {
            fallback.get_or_insert(r);
            continue;
        }
        match &first {
            None => first = Some((d, r)),
            Some((d0, r0)) => {
                if let Some(span) = same_meaning(&r0.0, &r.0) {
                    let hint = format!("name the dialect: {} or {}", d0, d);
                    let msg = format!(
                        "the dialect cannot be told from the text: {} and {} both write it, and read this term differently (a port, protocol or ICMP name is another number in each); {}",
                        name(d0), name(d), hint
                    );
                    let diag = Diagnostic::error("ACL009", msg, span).with_hint(&hint);
                    return (Vec::new(), vec![diag]);
                }
            }
        }
    }
    first.map(|(_, r)| r).or(fallback).unwrap_or_default()
}

/// The name users know a dialect by.
fn name(d: &str) -> &str {
    match d {
        "ios" => "IOS",
        "eos" => "Arista EOS",
        "nxos" => "NX-OS",
        "iosxr" => "IOS-XR",
        other => other,
    }
}

/// Parses text in a dialect (`auto`, or a name of [`DIALECTS`]). Unknown dialect → `None`.
/// `auto` reads by [`detect`]; a text that several IOS-family dialects write alike is read by
/// each of them and must mean the same in all that accept it ([`read_ambiguous`]).
pub fn parse(text: &str, dialect: &str) -> Option<(Vec<Acl>, Vec<Diagnostic>)> {
    let (acls, mut diags) = match dialect {
        "auto" => match detect(text) {
            "ios" if !ambiguous(text).is_empty() => read_ambiguous(text, ambiguous(text)),
            d => read(text, d)?,
        },
        d => read(text, d)?,
    };
    fill_excerpts(text, &mut diags);
    Some((acls, diags))
}
