//! Differential tests of the IOS fast path (`src/dialects/ios/fast.rs`): with and without it, the
//! parser returns the same ACLs (spans included) and the same diagnostics, on every golden input
//! and on thousands of random lines (valid, near-valid and broken).

mod common;
use acl_wasm::dialects::ios::parse::parse_with;
use common::Rng;

fn both(text: &str) -> (String, String) {
    common::both_routes(text, parse_with)
}

#[test]
fn fast_path_equals_pest_on_golden_inputs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    common::acl_files(&root.join("../tests/acl/golden"), &mut paths);
    common::acl_files(&root.join("tests/data"), &mut paths);
    assert!(paths.len() > 5, "{:?}", paths);
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let (a, b) = both(&text);
        assert!(a == b, "{}: fast path differs", p.display());
    }
}

const PROTOS: &[&str] = &["tcp", "udp", "icmp", "ip", "ipv4", "6", "17", "1", "47", "gre", "esp", "256", "TCP", "sctp", "foo", "ipv6"];
const ADDRS: &[&str] = &[
    "any",
    "host 10.1.2.3",
    "host 10.1.2.300",
    "10.0.0.0 0.0.0.255",
    "10.1.2.3 0.0.255.0",
    "10.0.0.0/8",
    "10.0.0.0/33",
    "10/8",
    "host 2001:db8::1",
    "2001:db8::/32",
    "10.0.0.0 0.0.0.256",
    "1..2.3 0.0.0.0",
    "Any",
    "host",
];
const PORTS: &[&str] = &[
    "", "", "", "eq 80", "eq www", "eq 443 8080", "neq 0", "neq 65535", "lt 1024", "gt 1023", "le 5", "ge 6", "range 1000 2000",
    "range www 8080", "eq 080", "eq domain", "eq 22 23", "eq 70000", "lt 0", "gt 65535", "range 2000 1000", "eq frob", "eq 1 2 3 4 5 6 7 8 9 10 11",
];
const OPTS: &[&str] = &[
    "", "", "log", "log-input", "", "established", "echo", "echo-reply", "unreachable", "8", "3 1", "fragments", "dscp ef", "precedence 5",
    "ttl eq 3", "time-range x", "log log", "echo echo", "frob", "! comment", "established log", "port-unreachable", "300",
];

fn pick(r: &mut Rng, v: &[&'static str], valid: usize, noisy: bool) -> &'static str {
    if noisy {
        *r.pick(v)
    } else {
        *r.pick(&v[..valid])
    }
}

fn random_line(r: &mut Rng, numbered: bool) -> String {
    let noisy = r.below(3) == 0;
    let mut parts: Vec<String> = Vec::new();
    if numbered {
        parts.push("access-list".into());
        parts.push(pick(r, &["101", "150", "2000", "5000", "10", "1300", "x"], 4, noisy).to_string());
    } else if r.below(3) == 0 {
        parts.push(pick(r, &["10", "20", "4294967296", "sequence 30"], 2, noisy).to_string());
    }
    parts.push(pick(r, &["permit", "deny", "remark", "Permit", "frob"], 2, noisy).to_string());
    let proto = pick(r, PROTOS, 11, noisy);
    parts.push(proto.to_string());
    let ports = matches!(proto, "tcp" | "udp" | "6" | "17" | "sctp") || noisy;
    for _ in 0..2 {
        parts.push(pick(r, ADDRS, 6, noisy).to_string());
        if ports {
            parts.push(pick(r, PORTS, 17, noisy).to_string());
        }
    }
    let opts = match proto {
        _ if noisy => OPTS.len(),
        "tcp" | "6" => 6,
        "icmp" | "1" => 11,
        _ => 5,
    };
    let o = *r.pick(&OPTS[..opts]);
    parts.push(if !noisy && (proto != "tcp" && proto != "6") && o == "established" { "" } else { o }.to_string());
    if r.below(4) == 0 {
        parts.push(pick(r, OPTS, 5, noisy).to_string());
    }
    let sep = if r.below(10) == 0 { "  " } else if r.below(30) == 0 { "\t" } else { " " };
    let mut line = parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(sep);
    if !numbered {
        line.insert(0, ' ');
    }
    match r.below(40) {
        0 => line.push(' '),
        1 => line.push('\r'),
        2 => line.insert(0, ' '),
        _ => {}
    }
    line
}

#[test]
fn fast_path_equals_pest_on_odd_spacing() {
    for text in [
        "access-list 100 permit tcp any any eq 22  log\n",
        "access-list 100 permit tcp any eq 22  any\n",
        " access-list  access-list 100 deny tcp any any\n",
        "access-list 100 permit tcp any any eq 22 \n",
        "access-list 100 permit tcp any any eq\n",
        "access-list 100 permit tcp any any range 1\n",
        "access-list 100 permit tcp any host\n",
        "access-list 100 permit\n",
    ] {
        let (a, b) = both(text);
        assert!(a == b, "fast path differs on {:?}", text);
    }
}

#[test]
fn fast_path_equals_pest_on_random_lines() {
    let mut r = Rng(0x5eed);
    let (mut accepted, mut fast) = (0, 0);
    for round in 0..400 {
        let mut text = String::new();
        if round % 2 == 1 {
            let hs: [&str; 5] = ["ip access-list extended E\n", "ip access-list E\n", "ipv4 access-list X\n", "ip access-list standard S\n", "ipv6 access-list V\n"];
            text.push_str(*r.pick(&hs));
        }
        for _ in 0..20 {
            let l = random_line(&mut r, round % 2 == 0);
            fast += acl_wasm::dialects::ios::fast::line(&l, 1, 0).is_some() as usize;
            text.push_str(&l);
            text.push('\n');
        }
        let (a, b) = both(&text);
        assert!(a == b, "fast path differs on:\n{}\n--- fast:\n{}\n--- pest:\n{}", text, a, b);
        let mut d = Vec::new();
        accepted += parse_with(&text, &mut d, true).iter().map(|a| a.terms.len()).sum::<usize>();
    }
    assert!(accepted > 2000, "too few valid lines generated: {}", accepted);
    assert!(fast > 1500, "the fast path took only {} lines", fast);
}
