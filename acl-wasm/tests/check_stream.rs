//! Checkers compiled from a stream (`check::stream`) answer as `Compiled::new` on the whole parse:
//! on every IOS-family golden input, read a few bytes at a time, with random flows.

mod common;
use acl_wasm::check::stream::{compile, finish_all, Outcome};
use acl_wasm::check::{Compiled, Flow};
use common::*;

fn random_flow(r: &mut Rng, addrs: &[u128]) -> Flow {
    let v6 = r.below(4) == 0;
    let addr = |r: &mut Rng| -> u128 {
        let base = if addrs.is_empty() || r.below(3) == 0 { r.next() as u128 } else { *r.pick(addrs) };
        let a = base ^ (r.below(4) as u128);
        if v6 {
            a | (0x2001_0db8u128 << 96)
        } else {
            a & 0xffff_ffff
        }
    };
    Flow {
        v6,
        known: (r.below(256) as u8) | if r.below(2) == 0 { 0x3f } else { 0 },
        proto: *r.pick(&[1u8, 6, 17, 47, 58]),
        flags: r.below(64) as u8,
        sport: *r.pick(&[0u16, 22, 53, 80, 443, 1024, 40000]),
        dport: *r.pick(&[0u16, 22, 23, 53, 80, 443, 8080, 65535]),
        icmp_type: r.below(12) as u8,
        src: addr(r),
        dst: addr(r),
        ..Default::default()
    }
}

/// Every address a text writes (dotted quads), as flow addresses near the rules.
fn addresses(text: &str) -> Vec<u128> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.')).filter_map(acl_wasm::addr::parse_v4).map(|a| a as u128).collect()
}

fn golden_texts() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/acl/golden");
    for dialect in ["ios", "nxos", "eos", "iosxr", "asa"] {
        let dir = format!("{}/{}", root, dialect);
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().map_or(false, |x| x == "acl")).collect();
        files.sort();
        for p in files {
            out.push((dialect.to_string(), p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
        }
    }
    out
}

#[test]
fn stream_compile_answers_as_the_whole_parse_on_golden_inputs() {
    let mut r = Rng(0xc0ffee);
    let mut streamed = 0;
    for (dialect, path, text) in golden_texts() {
        let (acls, diags) = acl_wasm::parse(&text, &dialect);
        for block in [1, 7, 64, 1 << 18] {
            match compile(&text, &dialect, block) {
                Outcome::Whole => continue,
                Outcome::Failed(d) => {
                    assert!(diags.iter().any(|x| x.is_error()), "{}: streamed errors the parse has not: {:?}", path, d);
                    let codes = |v: &[acl_wasm::Diagnostic]| v.iter().map(|x| (x.code.clone(), x.message.clone(), x.span.line, x.span.column)).collect::<Vec<_>>();
                    assert_eq!(codes(&d), codes(&diags), "{}", path);
                }
                Outcome::Done { heads, lines, builders, .. } => {
                    let mut compiled = finish_all(builders, &heads);
                    streamed += 1;
                    assert!(!diags.iter().any(|x| x.is_error()), "{}", path);
                    assert_eq!(heads.len(), acls.len(), "{}", path);
                    let addrs = addresses(&text);
                    for (k, a) in acls.iter().enumerate() {
                        let want: Vec<_> = a.terms.iter().map(|t| (t.name.as_deref(), t.span.line)).collect();
                        assert_eq!(lines[k].pairs(), want, "{} list {} block {}", path, k, block);
                        let mut json = Vec::new();
                        lines[k].write_json(&mut json);
                        assert_eq!(String::from_utf8(json).unwrap(), serde_json::to_string(&want).unwrap(), "{}", path);
                        let mut whole = Compiled::new(a);
                        let c = &mut compiled[k];
                        assert_eq!(c.family_v6, whole.family_v6, "{}", path);
                        for _ in 0..200 {
                            let f = random_flow(&mut r, &addrs);
                            assert_eq!(c.check(&f), whole.check(&f), "{} list {} block {} flow {:?}", path, k, block, f);
                            assert_eq!(c.check_linear(&f), whole.check_linear(&f), "{}", path);
                        }
                    }
                }
            }
        }
    }
    assert!(streamed > 50, "only {} golden inputs streamed", streamed);
}

#[test]
fn junos_and_revisited_lists_are_compiled_whole() {
    assert!(matches!(compile("filter f { term a { then accept; } }", "auto", 8), Outcome::Whole));
    // an ASA list continued after another: its terms are not one run at the end
    let back = "access-list A extended permit ip any any\naccess-list B extended deny ip any any\naccess-list A extended deny tcp any any\n";
    match compile(back, "asa", 8) {
        Outcome::Whole => {}
        Outcome::Failed(d) => panic!("failed: {:?}", d),
        Outcome::Done { heads, lines, .. } => panic!("done: {:?} {:?}", heads.iter().map(|h| &h.name).collect::<Vec<_>>(), lines),
    }
}
