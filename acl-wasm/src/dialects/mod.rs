//! Input dialects: one folder per dialect (`grammar.pest`, `parse.rs`, `lower.rs`), registered in
//! the table below.

pub mod asa;
pub mod eos;
pub mod ios;
pub mod iosxr;
pub mod junos;
pub mod nxos;

use crate::diag::{fill_excerpts, Diagnostic};
use crate::ir::Acl;

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

/// Parses text in a dialect (`auto`, or a name of [`DIALECTS`]). Unknown dialect → `None`.
pub fn parse(text: &str, dialect: &str) -> Option<(Vec<Acl>, Vec<Diagnostic>)> {
    let d = if dialect == "auto" { detect(text) } else { dialect };
    let f = DIALECTS.iter().find(|(n, _)| *n == d)?.1;
    let mut diags = Vec::new();
    let acls = f(text, &mut diags);
    fill_excerpts(text, &mut diags);
    Some((acls, diags))
}
