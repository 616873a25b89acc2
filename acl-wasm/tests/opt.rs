//! The optimizer's set algebra at its edges, and its candidate indexes: every term a relation
//! holds for is offered (the index only narrows; the exact test decides).

use acl_wasm::addr::{parse_prefix, Address};
use acl_wasm::ir::Ranges;
use acl_wasm::opt::compact::{CTerm, Sigs};
use acl_wasm::opt::index::{GrowingIndex, Relation, TermIndex};
use acl_wasm::opt::sets::aggregate;
use acl_wasm::opt::terms::{contains, is_terminal, may_overlap, protocols};

fn plain(p: &str) -> Address {
    Address::plain(parse_prefix(p).expect("prefix"))
}

fn texts(a: &[Address]) -> Vec<String> {
    a.iter().map(|x| x.prefix_text()).collect()
}

#[test]
fn aggregate_joins_halves_and_the_whole_ipv6_space() {
    let v4 = aggregate(&[plain("10.0.0.128/25"), plain("10.0.0.0/25"), plain("10.0.0.7/32")]).expect("plain");
    assert_eq!(texts(&v4), ["10.0.0.0/24"]);
    let all6 = aggregate(&[plain("::/1"), plain("8000::/1")]).expect("plain");
    assert_eq!(texts(&all6), ["::/0"]);
    let all4 = aggregate(&[plain("0.0.0.0/1"), plain("128.0.0.0/1"), plain("2001:db8::/32")]).expect("plain");
    assert_eq!(texts(&all4), ["0.0.0.0/0", "2001:db8::/32"]);
    let apart = aggregate(&[plain("10.0.0.1/32"), plain("10.0.0.2/32")]).expect("plain");
    assert_eq!(texts(&apart), ["10.0.0.1/32", "10.0.0.2/32"]);
}

/// A numbered IOS list of `n` random entries (a small linear congruential generator).
fn generated(n: usize, mut seed: u64) -> String {
    let mut next = move |m: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    let addr = |next: &mut dyn FnMut(u64) -> u64| match next(6) {
        0 => "any".to_string(),
        1 => format!("10.{}.0.0 0.0.255.255", next(4)),
        2 => format!("10.{}.{}.0 0.0.0.255", next(4), next(4)),
        3 => format!("10.{}.{}.{} 0.0.{}.255", next(4), next(4), next(4), next(2) * 2),
        _ => format!("host 10.{}.{}.{}", next(4), next(4), next(8)),
    };
    let mut out = String::new();
    for _ in 0..n {
        let action = if next(4) == 0 { "deny" } else { "permit" };
        let proto = ["ip", "tcp", "udp", "icmp"][next(4) as usize];
        let src = addr(&mut next);
        let dst = addr(&mut next);
        let port = match (proto, next(3)) {
            ("tcp" | "udp", 0) => format!(" eq {}", 20 + next(6)),
            ("tcp" | "udp", 1) => format!(" range {} {}", 20 + next(3), 23 + next(3)),
            _ => String::new(),
        };
        out.push_str(&format!("access-list 101 {} {} {} {}{}\n", action, proto, src, dst, port));
    }
    out
}

#[test]
fn indexes_offer_every_term_a_relation_holds_for() {
    for seed in 1..6 {
        let (acls, diags) = acl_wasm::parse(&generated(400, seed), "ios");
        assert!(diags.iter().all(|d| !d.is_error()), "{:?}", diags);
        let mut sigs = Sigs::default();
        let compact: Vec<CTerm> = acls[0].terms.iter().map(|t| CTerm::of(t, &mut sigs)).collect();
        let terms: Vec<&CTerm> = compact.iter().collect();
        let protos: Vec<Ranges> = terms.iter().map(|t| protocols(t)).collect();
        let p: Vec<&Ranges> = protos.iter().collect();
        let all: Vec<u32> = (0..terms.len() as u32).collect();
        let mut containment = TermIndex::new(Relation::Containment, &terms, &p, all.clone());
        let mut overlap = TermIndex::new(Relation::Overlap, &terms, &p, all);
        let mut growing = GrowingIndex::new();
        let (mut offered, mut holds) = (0, 0);
        for (i, t) in terms.iter().enumerate() {
            let mut before = Vec::new();
            containment.for_each(t, &protos[i], 0, i as u32, |k| {
                before.push(k);
                true
            });
            let mut grown = Vec::new();
            growing.for_each(t, &protos[i], |k| {
                grown.push(k);
                true
            });
            let mut after = Vec::new();
            overlap.for_each(t, &protos[i], i as u32 + 1, terms.len() as u32, |k| {
                after.push(k);
                true
            });
            assert!(before.windows(2).all(|w| w[0] < w[1]) && after.windows(2).all(|w| w[0] < w[1]), "ascending");
            for k in 0..terms.len() {
                if k < i && contains(terms[k], t, &protos[i]) {
                    holds += 1;
                    assert!(before.contains(&k) && grown.contains(&k), "seed {} term {}: containing term {} not offered", seed, i, k);
                }
                if k > i && may_overlap(terms[k], &protos[k], t, &protos[i]) {
                    assert!(after.contains(&k), "seed {} term {}: overlapping term {} not offered", seed, i, k);
                }
            }
            assert!(before.iter().all(|&k| k < i) && after.iter().all(|&k| k > i), "only ids in the span");
            offered += before.len();
            if is_terminal(t.kind) {
                growing.push(i as u32, &terms, &p);
            }
        }
        // the index narrows: far fewer than the i earlier terms are offered
        let pairs = terms.len() * (terms.len() - 1) / 2;
        assert!(holds > 0 && offered < pairs / 2, "seed {}: offered {} of {} ({} hold)", seed, offered, pairs, holds);
    }
}

/// A named IOS list of `n` mostly distinct entries with remarks, one in five followed by its
/// sibling host (merged into a /31, the remarks of both kept).
fn kept_base(n: usize) -> String {
    let mut out = String::from("ip access-list extended KEPT\n");
    for i in 0..n {
        if i % 7 == 0 {
            out.push_str(&format!(" remark rule {}\n", i));
        }
        let (a, b, c) = ((i / 200) % 250, (i / 3) % 250, (i * 2) % 250);
        out.push_str(&format!(" permit tcp host 10.{}.{}.{} host 192.0.2.{} eq {}\n", a, b, c, i % 200, 20 + i % 9));
        if i % 5 == 0 {
            out.push_str(&format!(" permit tcp host 10.{}.{}.{} host 192.0.2.{} eq {}\n", a, b, c + 1, i % 200, 20 + i % 9));
        }
    }
    out.push_str(" deny ip any any\n");
    out
}

#[test]
fn the_streamed_optimizer_answers_what_the_whole_one_does() {
    use acl_wasm::emit::{emit_into, prepare_terms, EmitOptions, Format};
    // ~7,000 terms, mostly kept: the text is read again and written in runs of 4,096 terms
    let text = kept_base(6000);
    for (opts, format, name_terms) in [(r#"{"report":"summary"}"#, Format::IosNamed, false), (r#"{"report":"json","format":"junos","nameTerms":true}"#, Format::Junos, true)] {
        let (status, out) = acl_wasm::abi::optimize_impl(opts.as_bytes(), text.as_bytes());
        assert_eq!(status, 0);
        let (mut acls, diags) = acl_wasm::parse(&text, "auto");
        assert!(diags.iter().all(|d| !d.is_error()));
        let mut acl = acls.swap_remove(0);
        let report = acl_wasm::opt::optimize(&mut acl, &acl_wasm::opt::Options { format, keep_denies: false, window: 64 });
        assert!(report.merged.len() > 100 && report.after > 5000, "{} merges, {} terms", report.merged.len(), report.after);
        let mut want = Vec::new();
        if format == Format::Junos {
            report.write_json(&mut want);
        } else {
            report.write_summary(&mut want);
        }
        let mut head = format!("{:010} {:010}\n", want.len(), 0).into_bytes();
        head.extend(want);
        let eo = EmitOptions { format, name_terms, ..EmitOptions::default() };
        prepare_terms(&mut acl, &eo);
        let mut s = String::new();
        emit_into(&acl, &eo, &mut s).expect("written");
        assert!(s.contains("remark rule 7") || s.contains("rule 7"), "the remarks are written");
        head.extend(s.into_bytes());
        assert!(out == head, "the streamed answer differs ({} and {} bytes)", out.len(), head.len());
    }
}
