//! IOS TCP flag options (`ack`, `syn`, `match-any +syn -ack`, `match-all ...`): read, checked
//! against flows that carry flags, converted to Junos `tcp-flags`, written back, or refused by a
//! writer that cannot express them.

mod common;
use acl_wasm::check::{known, Compiled, Flow};
use acl_wasm::ir::Key;
use common::*;

fn flags_of(text: &str) -> Vec<String> {
    one(text).terms.iter().map(|t| t.cond(Key::TcpFlags).map(|c| c.name_values().join(" ")).unwrap_or_default()).collect()
}

fn tcp(flags: Option<u8>) -> Flow {
    let mut f = Flow { known: known::PROTO | known::DPORT | known::SPORT, proto: 6, sport: 40000, dport: 80, src: 1, dst: 2, ..Default::default() };
    if let Some(b) = flags {
        f.known |= known::FLAGS;
        f.flags = b;
    }
    f
}

const FIN: u8 = 1;
const SYN: u8 = 2;
const RST: u8 = 4;
const ACK: u8 = 16;

#[test]
fn ios_flag_options_are_read() {
    let text = "ip access-list extended F\n permit tcp any any ack\n deny tcp any any syn\n permit tcp any any eq 80 syn fin\n permit tcp any any match-any +syn -ack\n permit tcp any any match-all +syn -ack log\n permit tcp any any eq www ack\n";
    assert_eq!(flags_of(text), vec!["ack", "syn", "fin & syn", "(syn | !ack)", "syn & !ack", "ack"]);
}

#[test]
fn flag_options_need_tcp_and_a_flag() {
    let e = parse_errors("access-list 101 permit udp any any ack\n");
    assert!(e.iter().any(|d| d.code == "ACL005" && d.message.contains("only valid with tcp")), "{:#?}", e);
    let e = parse_errors("access-list 101 permit tcp any any match-any\n");
    assert!(!e.is_empty());
    let e = parse_errors("access-list 101 permit tcp any any match-all +syn +bogus\n");
    assert!(!e.is_empty());
}

#[test]
fn flows_with_flags_are_decided_by_them() {
    let text = "ip access-list extended F\n deny tcp any any match-all +syn -ack\n permit tcp any any ack\n permit tcp any any match-any +rst +fin\n";
    let mut c = Compiled::new(&one(text));
    let mut at = |f: Flow| {
        let v = c.check(&f);
        assert_eq!(v, c.check_linear(&f));
        (v.result, v.term)
    };
    assert_eq!(at(tcp(Some(SYN))), (0, 0));
    assert_eq!(at(tcp(Some(SYN | ACK))), (1, 1));
    assert_eq!(at(tcp(Some(ACK))), (1, 1));
    assert_eq!(at(tcp(Some(RST))), (1, 2));
    assert_eq!(at(tcp(Some(FIN))), (1, 2));
    assert_eq!(at(tcp(Some(0))), (0, -1));
    assert_eq!(at(tcp(None)), (0, 0), "a flow without flags is a SYN");
}

#[test]
fn conversions_keep_or_refuse_the_flags() {
    let text = "ip access-list extended F\n permit tcp any any ack\n permit tcp any any match-any +syn -ack\n deny tcp any any match-all +syn -ack\n permit tcp any any syn fin\n";
    let acl = one(text);
    let j = out(&acl, "junos");
    for want in ["tcp-flags ack;", "tcp-flags \"(syn | !ack)\";", "tcp-flags \"syn & !ack\";", "tcp-flags \"fin & syn\";"] {
        assert!(j.contains(want), "{} missing in\n{}", want, j);
    }
    let back = one(&j);
    let ios = out(&back, "ios-named");
    for want in [" permit tcp any any ack\n", " permit tcp any any match-any +syn -ack\n", " deny tcp any any match-all +syn -ack\n", " permit tcp any any fin syn\n"] {
        assert!(ios.contains(want), "{:?} missing in\n{}", want, ios);
    }
    assert_eq!(flags_of(&ios), flags_of(text), "ios -> junos -> ios keeps every flag option");
    let eos = emit_errors(&acl, "eos");
    let msgs: Vec<_> = eos.iter().filter(|d| d.is_error()).map(|d| d.message.as_str()).collect();
    assert_eq!(msgs, vec!["tcp-flags '(syn | !ack)' cannot be expressed in eos output", "tcp-flags 'syn & !ack' cannot be expressed in eos output"]);
    assert!(eos[0].hint.as_deref().unwrap_or("").contains("must all be set"));
    let only_words = one("ip access-list extended F\n permit tcp any any syn fin\n permit tcp any any established\n");
    assert!(out(&only_words, "eos").contains("permit tcp any any fin syn\n"));
    assert!(out(&only_words, "iosxr").contains("permit tcp any any fin syn\n"));
    let b = emit_errors(&only_words, "brocade");
    assert!(b.iter().any(|d| d.message == "tcp-flags 'fin & syn' cannot be expressed in brocade output"), "{:#?}", b);
}

#[test]
fn junos_tcp_initial_and_expressions_become_ios_forms() {
    let j = "filter f { term a { from { protocol tcp; tcp-initial; } then accept; } term b { from { protocol tcp; tcp-flags \"(ack | rst) & !syn\"; } then accept; } }";
    let acl = one(j);
    let e = emit_errors(&acl, "ios-named");
    assert_eq!(e.iter().filter(|d| d.is_error()).count(), 1, "{:#?}", e);
    assert!(e[0].message.contains("'(ack | rst) & !syn'"), "{:#?}", e);
    let ok = one("filter f { term a { from { protocol tcp; tcp-initial; } then accept; } }");
    assert!(out(&ok, "ios-named").contains("permit tcp any any match-all +syn -ack"));
}
