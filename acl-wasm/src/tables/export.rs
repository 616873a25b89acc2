//! The tables as JSON for `acl_tables` (ABI.md §3): `lib/acl` reads its flow names from here, so
//! the engine is their one source.

use super::{icmp, Vendor, DSCP, ICMP4, ICMP6, PORTS, PRECEDENCE, PROTOCOLS, TCP_FLAGS, TRIGGER};
use serde_json::{json, Value};

/// `{"vendors": {"ios": 1, ...}, "ports": [[name, port, on, vendors]], "protocols": [[name, n,
/// v4 vendors, v6 vendors]], "icmp" / "icmp6": [[name, type, code or -1, vendors]],
/// "icmpCodes" / "icmp6Codes": [[name, code]] (Junos), "tcpFlags", "dscp", "precedence":
/// [[name, value]]}`.
pub fn tables_json() -> Vec<u8> {
    let mut vendors = serde_json::Map::new();
    for v in Vendor::ALL {
        vendors.insert(v.id().to_string(), json!(v.bit()));
    }
    vendors.insert("trigger".to_string(), json!(TRIGGER));
    let pairs = |t: &[(&str, u32)]| -> Value { t.iter().map(|(n, v)| json!([n, v])).collect() };
    let icmp_rows = |t: &[super::IcmpName]| -> Value { t.iter().map(|r| json!([r.0, r.1, r.2, r.3])).collect() };
    let v = json!({
        "vendors": vendors,
        "ports": PORTS.iter().map(|p| json!([p.name, p.port, p.on, p.vendors])).collect::<Value>(),
        "protocols": PROTOCOLS.iter().map(|r| json!([r.0, r.1, r.2, r.3])).collect::<Value>(),
        "icmp": icmp_rows(ICMP4),
        "icmp6": icmp_rows(ICMP6),
        "icmpCodes": pairs(icmp::JUNOS_CODES_V4),
        "icmp6Codes": pairs(icmp::JUNOS_CODES_V6),
        "tcpFlags": TCP_FLAGS.iter().map(|(n, b)| json!([n, b])).collect::<Value>(),
        "dscp": pairs(DSCP),
        "precedence": pairs(PRECEDENCE),
    });
    serde_json::to_vec(&v).unwrap_or_default()
}
