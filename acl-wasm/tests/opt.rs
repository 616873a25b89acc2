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
