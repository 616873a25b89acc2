//! Differential tests of the Junos fast path (`src/dialects/junos/fast.rs`): with and without it,
//! the Junos parser returns the same filters (terms, names, spans, comments, modifiers, families)
//! and the same diagnostics — on every Junos golden input, on the Junos writer's output of every
//! golden input of every dialect, on generated filters, and on single-character mutations of
//! valid texts (where the fast path must either read exactly what pest reads or leave the text,
//! with its error, to pest). Each test also counts the texts the fast path read, so that it fails
//! if the path were never taken.

mod common;
use acl_wasm::dialects::junos::fast;
use acl_wasm::dialects::junos::parse::parse_with;
use common::Rng;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

/// Asserts that both routes agree on `text`; true when the fast path read it.
fn same(text: &str, what: &str) -> bool {
    let (a, b) = common::both_routes(text, parse_with);
    assert!(a == b, "{}: the fast path differs on:\n{}\n--- fast:\n{}\n--- pest:\n{}", what, text, a, b);
    fast::read(text).is_some()
}

/// Every golden input of the repository (all dialects), with its text.
fn golden() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    common::acl_files(&root.join("../tests/acl/golden"), &mut paths);
    common::acl_files(&root.join("tests/data"), &mut paths);
    paths.sort();
    paths.into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap())).collect()
}

/// The Junos golden inputs (those `auto` reads as Junos).
fn junos_golden() -> Vec<(PathBuf, String)> {
    golden().into_iter().filter(|(_, t)| acl_wasm::dialects::detect(t) == "junos").collect()
}

/// The Junos writer's output for every filter of every golden input it can write.
fn written() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (p, text) in golden() {
        let (acls, _) = acl_wasm::parse(&text, "auto");
        for (i, acl) in acls.iter().enumerate() {
            let opts = acl_wasm::EmitOptions { format: acl_wasm::Format::from_name("junos").unwrap(), ..Default::default() };
            if let Ok((s, _)) = acl_wasm::emit(acl, &opts) {
                out.push((format!("{} #{} as Junos", p.display(), i), s));
            }
        }
    }
    out
}

#[test]
fn fast_path_equals_pest_on_junos_golden_inputs() {
    let inputs = junos_golden();
    assert!(inputs.len() >= 12, "{} Junos golden inputs", inputs.len());
    let mut read = 0;
    for (p, text) in &inputs {
        read += same(text, &p.display().to_string()) as usize;
    }
    // all but the error cases (missing ';', a comment in an address block is kept by neither)
    assert!(read + 2 >= inputs.len(), "the fast path read only {} of {} Junos golden inputs", read, inputs.len());
}

#[test]
fn fast_path_reads_all_junos_writer_output() {
    let outs = written();
    assert!(outs.len() > 40, "{} written filters", outs.len());
    for (what, text) in &outs {
        assert!(same(text, what), "{}: the fast path did not read the writer's output:\n{}", what, text);
    }
}

#[test]
fn fast_path_is_taken_by_the_dialect_parser() {
    let text = "filter f {\n    term t {\n        from {\n            protocol tcp;\n        }\n        then accept;\n    }\n}\n";
    let before = fast::READS.load(Ordering::Relaxed);
    let (acls, diags) = acl_wasm::parse(text, "junos");
    assert!(diags.is_empty() && acls.len() == 1 && acls[0].terms.len() == 1);
    assert!(fast::READS.load(Ordering::Relaxed) > before, "acl_wasm::parse did not take the Junos fast path");
    // a text with an error is left to pest, which reports it
    let bad = text.replace("tcp", "tcpx");
    assert!(fast::read(&bad).is_none());
    let (_, diags) = acl_wasm::parse(&bad, "junos");
    assert_eq!(diags.len(), 1, "{:?}", diags);
    assert!(diags[0].message.contains("'tcpx'"), "{:?}", diags);
}

#[test]
fn fast_path_equals_pest_on_odd_layouts() {
    let cases = [
        // keywords glued to other bytes, as the grammar splits them
        "filter f { term/x { then accept; } }",
        "filter f { term t{then{accept;}} }",
        "filter f{term t{from{protocol tcp;}then accept;}}",
        "replace:filter f { term t { then accept; } }",
        "firewall { replace:filter f { term t { then accept; } } }",
        "filter f { inactive:term t { then accept; } }",
        "filter f { term t { from { source-address { inactive:10.0.0.0/8; } } then accept; } }",
        "filter f { terms t { then accept; } }",
        "filter f { term t { then-x accept; } }",
        "filter f { term t { fromx { } then accept; } }",
        "filter f { term \"from\" { from { protocol \"tcp\"; } then \"accept\"; } }",
        // comments everywhere
        "/* a */ filter /* b */ f /* c */ { /* d */ term /* e */ t /* f */ { /* g */ from /* h */ { /* i */ protocol /* j */ tcp /* k */ ; /* l */ } /* m */ then /* n */ accept /* o */ ; /* p */ } /* q */ } /* r */",
        "# a\nfilter f { # b\n term t { # c\n from { # d\n source-address { # e\n 10.0.0.0/8; # f\n } # g\n } then { # h\n accept; # i\n } } } # j",
        "filter f { term t { from { protocol [ /* x */ tcp # y\n udp ]; } then accept; } }",
        "filter f { term t { from { protocol tcp#x\n; } then accept; } }",
        "filter f { term t { from { source-address 10.0.0.0/*x*/8; } then accept; } }",
        "/**/#\nfilter f { term t { then accept; } /***/ }",
        "/* only a comment */",
        "",
        "   \n\t\r\n",
        "filter f { term t { then accept; } } /* unclosed",
        "filter f { term t { then accept; } \"unclosed }",
        // statements split over lines (missing ';')
        "filter f { term t { from { protocol\n tcp; } then accept; } }",
        "filter f { term t { from { protocol [ tcp\n udp ]; } then accept; } }",
        "filter f { term t { then {\n accept\n count x; } } }",
        // interface-specific, policers, families, replace
        "filter f { interface-specific; term t { then accept; } }",
        "filter f { interface-specific /* c */ ; term t { then accept; } }",
        "filter f { inactive: interface-specific; term t { then accept; } }",
        "firewall { policer p { if-exceeding { bandwidth-limit 1m; burst-size-limit 15k; } then discard; } family inet { replace: filter f { policer q { then discard; } term t { then { policer p; accept; } } } } }",
        "firewall { family inet6 { filter f { term t { from { next-header icmp6; icmp-type [ packet-too-big neighbor-solicit ]; } then accept; } } } family inet { filter g { term t { from { protocol icmp; icmp-type echo-request; } then accept; } } } }",
        "firewall { family ethernet-switching { filter f { term t { then accept; } } } }",
        "firewall { family inet6 { filter f { term t { from { icmp-type echo; } then accept; } } } }",
        "firewall { family bridge { filter f { term t { then accept; } } } }",
        "firewall { family inet; }",
        "firewall { replace: }",
        "firewall { replace: filter f { term t { then accept; } } filter g { term t { then accept; } } }",
        "firewall { family inet { replace: filter f { term t { then accept; } } filter g { term t { then accept; } } } }",
        "firewall { family inet { replace: policer p { then discard; } filter f { term t { then accept; } } } }",
        "firewall { replace: policer p { then discard; } filter f { term t { then accept; } } }",
        "firewall { replace: policer p { then discard; } }",
        "firewall { replace: family inet { filter f { term t { then accept; } } } filter g { term t { then accept; } } }",
        "firewall { policer p { then discard; } } firewall { policer q { then discard; } filter f { policer r { then discard; } } }",
        "firewall { policer p { then discard; } }",
        "policer p { if-exceeding { bandwidth-limit 10k; } then discard; }",
        "inactive: filter f { term t { then accept; } }",
        "firewall { inactive: filter f { term t { then accept; } } }",
        "firewall { inactive: replace: filter f { term t { then accept; } } }",
        "filter f { term t { from { protocol tcp; } then { accept; discard; } } }",
        "filter f { term t { from { protocol tcp; } then accept; then count c; } }",
        "filter f { term t { from { protocol tcp; } from { destination-port 22; } then accept; } }",
        "filter f { term t { then { count c { x; } accept; } } }",
        "filter f { term t { from { source-address { 10.0.0.0/8 { } } } then accept; } }",
        "filter f { term t { from { source-address { 10.0.0.0/8 [ except ]; } } then accept; } }",
        "filter f { term t { from { source-address 10.0.0.0/8 except; } then accept; } }",
        "filter f { term t { from { address { 10.0.0.0/255.0.255.0; } } then accept; } }",
        "filter f { term t { from { protocol tcp; tcp-flags \"(syn | ack) & !rst\"; } then accept; } }",
        "filter f { term t { from { { } } then accept; } }",
        "filter f { term t { } } filter g { } firewall { } firewall { family inet { } }",
        "filter f { term t { then accept; } }\u{feff}",
        "filter f\u{a0}{ term t { then accept; } }",
        "filter f { term t { then accept; } }}",
        "filter f { term t { then accept; }",
        "filter f { term t { from { a { b { c { d { e { f { g { h { i; } } } } } } } } } } }",
    ];
    for text in cases {
        same(text, "odd layout");
    }
    for text in cases {
        same(&text.replace(' ', "\t").replace('{', "{\r\n"), "odd layout, tabs and CRLF");
    }
}

/// Random words for generated filters: (text, valid).
const V4: &[&str] = &["10.0.0.0/8", "192.0.2.1/32", "198.51.100.0/24", "0.0.0.0/0", "172.16.0.0/12", "10/8", "10.1.2.3", "10.0.0.0/255.0.255.0"];
const V6: &[&str] = &["2001:db8::/32", "::/0", "2001:db8::1/128", "fe80::/10", "2001:db8:1::"];
const BAD_ADDR: &[&str] = &["10.0.0.0/33", "300.1.1.1/32", "2001:db8::/129", "x"];
const PROTOS: &[&str] = &["tcp", "udp", "icmp", "6", "17", "47", "gre", "esp", "ospf", "0-5", "tcp-udp", "[ tcp udp ]", "[ 6 17 50-51 ]"];
const PROTOS6: &[&str] = &["tcp", "udp", "icmp6", "icmpv6", "58", "[ tcp 58 ]", "ipv6"];
const PORTS: &[&str] = &["22", "80", "www", "ssh", "domain", "bgp", "1024-65535", "[ 20-21 23 ]", "[ www https ]", "0", "65535", "ntp", "snmp"];
const ICMP4: &[&str] = &["echo-request", "echo-reply", "unreachable", "time-exceeded", "[ 0 8 ]", "3", "redirect"];
const ICMP6: &[&str] = &["echo-request", "packet-too-big", "neighbor-solicit", "destination-unreachable", "[ 128 129 ]", "time-exceeded"];
const BAD_VALUE: &[&str] = &["70000", "frob", "5-1", "[ ]", "-", "256"];
const ACTIONS: &[&str] = &["accept", "discard", "reject", "reject tcp-reset", "reject port-unreachable", "next term", "routing-instance blue"];
const MODIFIERS: &[&str] = &["count c1", "log", "syslog", "sample", "port-mirror", "policer p1", "forwarding-class fc", "loss-priority high", "ipsec-sa sa"];
const COMMENTS: &[&str] = &["/* note */", "/* multi\n   line */", "# hash note\n", "/**/", "#\n", "/* \"quoted\" { } ; */"];

struct Gen<'a> {
    r: &'a mut Rng,
    noisy: bool,
    out: String,
}

impl<'a> Gen<'a> {
    /// Separator between two words: mostly one space, sometimes odd blanks, line breaks (a line
    /// break inside a statement is a missing ';') or a comment.
    fn sep(&mut self, inside_stmt: bool) {
        let breaks = !inside_stmt || self.noisy;
        match self.r.below(60) {
            0 => self.out.push('\t'),
            1 => self.out.push_str("  "),
            2 if breaks => self.out.push('\n'),
            3 if breaks => self.out.push_str("\r\n"),
            4 => self.out.push_str(" \t "),
            5 | 6 => {
                let c = *self.r.pick(COMMENTS);
                let c = if c.contains('\n') && !breaks { "/* c */" } else { c };
                self.out.push(' ');
                self.out.push_str(c);
                if !c.ends_with('\n') {
                    self.out.push(' ');
                }
            }
            _ => self.out.push(' '),
        }
    }

    fn nl(&mut self, indent: usize) {
        if self.r.below(25) == 0 {
            self.out.push(' ');
            let c = *self.r.pick(COMMENTS);
            self.out.push_str(c);
        }
        self.out.push('\n');
        for _ in 0..indent {
            self.out.push_str(if self.r.below(40) == 0 { "\t" } else { "    " });
        }
    }

    fn words(&mut self, ws: &[&str]) {
        for (i, w) in ws.iter().enumerate() {
            if i > 0 {
                self.sep(true);
            }
            self.out.push_str(w);
        }
    }

    fn value(&mut self, good: &[&'static str]) -> &'static str {
        if self.noisy && self.r.below(8) == 0 {
            BAD_VALUE[self.r.below(BAD_VALUE.len() as u64) as usize]
        } else {
            good[self.r.below(good.len() as u64) as usize]
        }
    }

    fn addresses(&mut self, key: &str, v6: bool, indent: usize) {
        let pool = if v6 { V6 } else { V4 };
        let n = 1 + self.r.below(3);
        if n == 1 && self.r.below(3) == 0 {
            let a = *self.r.pick(pool);
            self.words(&[key, a]);
            self.out.push(';');
            return;
        }
        self.out.push_str(key);
        self.out.push_str(" {");
        for _ in 0..n {
            self.nl(indent + 1);
            if self.r.below(8) == 0 {
                self.out.push_str("inactive: ");
            }
            let a = if self.noisy && self.r.below(6) == 0 { *self.r.pick(BAD_ADDR) } else { *self.r.pick(pool) };
            self.out.push_str(a);
            if self.r.below(5) == 0 {
                self.out.push_str(" except");
            }
            self.out.push(';');
        }
        self.nl(indent);
        self.out.push('}');
    }

    fn condition(&mut self, v6: bool, indent: usize) {
        match self.r.below(12) {
            0 | 1 => {
                let key = *self.r.pick(&["source-address", "destination-address", "address"]);
                self.addresses(key, v6, indent)
            }
            2 => {
                let key = if v6 { *self.r.pick(&["next-header", "payload-protocol", "protocol"]) } else { "protocol" };
                let v = self.value(if v6 { PROTOS6 } else { PROTOS });
                self.words(&[key, v]);
                self.out.push(';');
            }
            3 | 4 => {
                let key = *self.r.pick(&["source-port", "destination-port", "port", "source-port-except", "destination-port-except"]);
                let v = self.value(PORTS);
                self.words(&[key, v]);
                self.out.push(';');
            }
            5 => {
                let v = self.value(if v6 { ICMP6 } else { ICMP4 });
                self.words(&["icmp-type", v]);
                self.out.push(';');
            }
            6 => self.out.push_str(*self.r.pick(&["tcp-established;", "tcp-initial;", "is-fragment;", "first-fragment;"])),
            7 => self.out.push_str(*self.r.pick(&["tcp-flags \"syn & !ack\";", "tcp-flags syn;", "tcp-flags \"(rst | fin)\";"])),
            8 => {
                let key = *self.r.pick(&["source-prefix-list", "destination-prefix-list", "prefix-list"]);
                if self.r.below(2) == 0 {
                    self.words(&[key, "pl-one"]);
                    self.out.push(';');
                } else {
                    self.out.push_str(key);
                    self.out.push_str(" { pl-a; pl-b; }");
                }
            }
            9 => self.out.push_str(*self.r.pick(&["dscp [ ef af41 ];", "precedence 5;", "packet-length 40-1500;", "fragment-offset 1-8191;", "icmp-code [ port-unreachable 13 ];"])),
            10 if self.noisy => self.out.push_str(*self.r.pick(&["frobnicate;", "ttl 5;", "tcp-established x;", "source-address;", "protocol;"])),
            _ => {
                let v = self.value(PORTS);
                self.words(&["destination-port", v]);
                self.out.push(';');
            }
        }
    }

    fn term(&mut self, i: usize, v6: bool, indent: usize) {
        if self.r.below(10) == 0 {
            self.out.push_str(*self.r.pick(COMMENTS));
            self.nl(indent);
        }
        if self.r.below(12) == 0 {
            self.out.push_str("inactive: ");
        }
        let name = match self.r.below(10) {
            0 => format!("\"term {}\"", i),
            1 => format!("t-{}.x_y:z", i),
            _ => format!("T{}", i),
        };
        self.words(&["term", &name]);
        self.out.push_str(" {");
        if self.r.below(6) != 0 {
            self.nl(indent + 1);
            self.out.push_str("from {");
            for _ in 0..1 + self.r.below(4) {
                self.nl(indent + 2);
                self.condition(v6, indent + 2);
            }
            self.nl(indent + 1);
            self.out.push('}');
        }
        self.nl(indent + 1);
        let action = *self.r.pick(ACTIONS);
        let nmods = self.r.below(4);
        if nmods == 0 && self.r.below(2) == 0 {
            self.words(&["then", action]);
            self.out.push(';');
        } else {
            self.out.push_str("then {");
            let mut stmts: Vec<&str> = (0..nmods).map(|_| *self.r.pick(MODIFIERS)).collect();
            let at = self.r.below(stmts.len() as u64 + 1) as usize;
            if !(self.noisy && self.r.below(5) == 0) || stmts.is_empty() {
                stmts.insert(at, action);
            }
            if self.noisy && self.r.below(6) == 0 {
                stmts.push(*self.r.pick(&["frob", "loss-priority extreme", "count", "reject frob"]));
            }
            for s in stmts {
                self.nl(indent + 2);
                let ws: Vec<&str> = s.split(' ').collect();
                self.words(&ws);
                self.out.push(';');
            }
            self.nl(indent + 1);
            self.out.push('}');
        }
        self.nl(indent);
        self.out.push('}');
    }

    fn filter(&mut self, v6: bool, indent: usize) {
        let name = if self.r.below(8) == 0 { "\"my filter\"".to_string() } else { format!("f{}", self.r.below(1000)) };
        self.words(&["filter", &name]);
        self.out.push_str(" {");
        if self.r.below(10) == 0 {
            self.nl(indent + 1);
            self.out.push_str("interface-specific;");
        }
        if self.r.below(12) == 0 {
            self.nl(indent + 1);
            self.policer(indent + 1);
        }
        for i in 0..1 + self.r.below(5) as usize {
            self.nl(indent + 1);
            self.term(i, v6, indent + 1);
        }
        if self.r.below(8) == 0 {
            self.nl(indent + 1);
            self.out.push_str("/* trailing */");
        }
        self.nl(indent);
        self.out.push('}');
    }
}

impl<'a> Gen<'a> {
    fn policer(&mut self, indent: usize) {
        let name = format!("p{}", self.r.below(100));
        self.words(&["policer", &name]);
        self.out.push_str(" {");
        self.nl(indent + 1);
        self.out.push_str("if-exceeding {");
        self.nl(indent + 2);
        let limit = if self.noisy && self.r.below(4) == 0 { "bandwidth-limit fast;" } else { "bandwidth-limit 1m;" };
        self.out.push_str(limit);
        self.nl(indent + 2);
        self.out.push_str("burst-size-limit 15k;");
        self.nl(indent + 1);
        self.out.push('}');
        self.nl(indent + 1);
        self.out.push_str(if self.r.below(2) == 0 { "then discard;" } else { "then { discard; }" });
        self.nl(indent);
        self.out.push('}');
    }

    /// Items of a `firewall` or `family` block: filters (some after `replace:`) and policers.
    fn items(&mut self, v6: bool, indent: usize, families: bool) {
        for _ in 0..1 + self.r.below(3) {
            self.nl(indent);
            match self.r.below(8) {
                0 => self.policer(indent),
                1 | 2 if families => {
                    let v6 = self.r.below(2) == 0;
                    self.out.push_str(if v6 { "family inet6 {" } else { "family inet {" });
                    self.items(v6, indent + 1, false);
                    self.nl(indent);
                    self.out.push('}');
                }
                _ => {
                    if self.r.below(3) == 0 {
                        self.out.push_str("replace:");
                        self.sep(false);
                    }
                    self.filter(v6, indent);
                }
            }
        }
    }
}

/// A random Junos text: bare filters (some after `replace:`), policers, or `firewall { ... }`
/// with filters, policers and `family inet|inet6 { ... }` blocks.
fn random_text(r: &mut Rng, noisy: bool) -> String {
    let mut g = Gen { r, noisy, out: String::new() };
    if g.r.below(6) == 0 {
        g.out.push_str(*g.r.pick(COMMENTS));
        g.out.push('\n');
    }
    if g.r.below(3) == 0 {
        for _ in 0..1 + g.r.below(2) {
            match g.r.below(8) {
                0 => g.policer(0),
                1 => {
                    g.out.push_str("replace: ");
                    g.filter(false, 0);
                }
                _ => g.filter(false, 0),
            }
            g.out.push('\n');
        }
    } else {
        g.out.push_str("firewall {");
        g.items(false, 1, true);
        g.nl(0);
        g.out.push_str("}\n");
    }
    if g.r.below(6) == 0 {
        g.out.push_str(*g.r.pick(COMMENTS));
    }
    g.out
}

#[test]
fn fast_path_equals_pest_on_generated_filters() {
    let mut r = Rng(0x6a05_f457);
    let (mut n, mut read, mut terms) = (0, 0, 0);
    for round in 0..600 {
        let noisy = round % 3 == 2;
        let text = random_text(&mut r, noisy);
        let fast_read = same(&text, "generated filter");
        if fast_read {
            terms += fast::read(&text).unwrap().iter().map(|a| a.terms.len()).sum::<usize>();
        }
        read += fast_read as usize;
        n += 1;
    }
    eprintln!("{} generated texts: {} read by the fast path ({} terms)", n, read, terms);
    assert!(read * 2 > n, "the fast path read only {} of {} generated texts", read, n);
    assert!(read < n, "no generated text was left to pest: the generator makes no errors");
    assert!(terms > 600, "{} terms read by the fast path", terms);
}

/// Bytes a mutation inserts or puts in place of another.
const MUTANTS: &[u8] = b";{}[]\" \t\n\r#/*:-.ax0";

#[test]
fn mutations_give_pest_result_or_pest_error() {
    let mut r = Rng(0x0d1f_f00d);
    let mut texts: Vec<String> = junos_golden().into_iter().map(|(_, t)| t).collect();
    texts.extend(written().into_iter().map(|(_, t)| t).step_by(12));
    for _ in 0..20 {
        let t = random_text(&mut r, false);
        texts.push(t);
    }
    let (mut n, mut read, mut refused) = (0, 0, 0);
    for text in &texts {
        let b = text.as_bytes();
        if b.is_empty() || !text.is_ascii() {
            continue;
        }
        // every deletion on short texts, a sample on long ones; insertions and replacements sampled
        let step = (b.len() / 100).max(1);
        let mut cases: Vec<Vec<u8>> = Vec::new();
        let mut i = r.below(step as u64) as usize;
        while i < b.len() {
            let mut m = b.to_vec();
            m.remove(i);
            cases.push(m);
            i += step;
        }
        for _ in 0..100 {
            let at = r.below(b.len() as u64 + 1) as usize;
            let c = *r.pick(MUTANTS);
            let mut m = b.to_vec();
            if r.below(2) == 0 || at == b.len() {
                m.insert(at, c);
            } else {
                m[at] = c;
            }
            cases.push(m);
        }
        for m in cases {
            let m = String::from_utf8(m).unwrap();
            let fast_read = same(&m, "mutation");
            read += fast_read as usize;
            if !fast_read {
                let mut d = Vec::new();
                parse_with(&m, &mut d, false);
                refused += d.iter().any(|x| x.is_error()) as usize;
            }
            n += 1;
        }
    }
    eprintln!("{} mutations: {} read by the fast path, {} refused by pest", n, read, refused);
    assert!(n > 8_000, "{} mutations", n);
    assert!(read > n / 5, "the fast path read only {} of {} mutations", read, n);
    assert!(refused > n / 5, "only {} of {} mutations were errors", refused, n);
}
