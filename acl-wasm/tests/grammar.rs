//! Grammar tests per construct, in pest's `parses_to!` / `fails_with!` style.

use acl_wasm::dialects::ios::parse::{IosParser, Rule as R};
use acl_wasm::dialects::junos::parse::{JunosParser, Rule as J};
use pest::{consumes_to, fails_with, parses_to};

#[test]
fn ios_address_forms() {
    parses_to! { parser: IosParser, input: "any", rule: R::addr, tokens: [addr(0, 3, [any(0, 3)])] };
    parses_to! { parser: IosParser, input: "host 1.2.3.4", rule: R::addr,
        tokens: [addr(0, 12, [host(0, 12, [k_host(0, 4), ip(5, 12)])])] };
    parses_to! { parser: IosParser, input: "10.0.0.0 0.255.255.255", rule: R::addr,
        tokens: [addr(0, 22, [wild(0, 22, [ipv4(0, 8), ipv4(9, 22)])])] };
    parses_to! { parser: IosParser, input: "2001:db8::/32", rule: R::addr,
        tokens: [addr(0, 13, [prefix(0, 13, [ip_chars(0, 10), plen(11, 13)])])] };
}

#[test]
fn ios_ports_and_options() {
    parses_to! { parser: IosParser, input: "eq www", rule: R::ports, tokens: [ports(0, 6, [port_op(0, 2), port(3, 6)])] };
    parses_to! { parser: IosParser, input: "range 1 4", rule: R::ports,
        tokens: [ports(0, 9, [range_op(0, 5), port(6, 7), port(8, 9)])] };
    parses_to! { parser: IosParser, input: "dscp ef", rule: R::dscp, tokens: [dscp(0, 7, [k_dscp(0, 4), word(5, 7)])] };
    parses_to! { parser: IosParser, input: "13 37", rule: R::icmp, tokens: [icmp(0, 5, [num(0, 2), num(3, 5)])] };
    parses_to! { parser: IosParser, input: "log-input", rule: R::log_input, tokens: [log_input(0, 9)] };
}

#[test]
fn ios_statements() {
    parses_to! { parser: IosParser, input: "no access-list 10", rule: R::no_acl,
        tokens: [no_acl(0, 17, [k_no(0, 2), k_acl(3, 14), acl_num(15, 17)])] };
    parses_to! { parser: IosParser, input: "ip access-list extended E", rule: R::header,
        tokens: [header(0, 25, [hdr_family(0, 2), k_acl(3, 14), acl_kind(15, 23), name(24, 25)])] };
    parses_to! { parser: IosParser, input: "ip rebind-acl 10", rule: R::rebind,
        tokens: [rebind(0, 16, [k_ip(0, 2), rebind_kind(3, 13), name(14, 16)])] };
    parses_to! { parser: IosParser, input: "10 permit ip any any", rule: R::entry_ext,
        tokens: [entry_ext(0, 20, [seq(0, 2, [seq_num(0, 2)]), action(3, 9),
            ext_body(10, 20, [protocol(10, 12), addr(13, 16, [any(13, 16)]), addr(17, 20, [any(17, 20)])])])] };
}

#[test]
fn ios_failures() {
    fails_with! { parser: IosParser, input: "10 frobnicate ip any any", rule: R::entry_ext,
        positives: vec![R::remark, R::action], negatives: vec![], pos: 3 };
    fails_with! { parser: IosParser, input: "permit tcp any any;", rule: R::line_ext,
        positives: vec![R::EOI, R::bang, R::port_grp_kw, R::ports, R::established, R::tcp_flag, R::k_match, R::log_input, R::log, R::fragments, R::icmp, R::k_dscp, R::k_precedence, R::k_tos, R::k_ttl, R::k_time_range], negatives: vec![], pos: 18 };
}

#[test]
fn junos_structure() {
    parses_to! { parser: JunosParser, input: "then accept;", rule: J::then,
        tokens: [then(0, 12, [k_then(0, 4), stmt(5, 12, [tok(5, 11), semi(11, 12)])])] };
    parses_to! { parser: JunosParser, input: "destination-port [ 80 443 ];", rule: J::stmt,
        tokens: [stmt(0, 28, [tok(0, 16), list(17, 27, [tok(19, 21), tok(22, 25)]), semi(27, 28)])] };
    parses_to! { parser: JunosParser, input: "inactive: term t { }", rule: J::term,
        tokens: [term(0, 20, [inactive(0, 9), k_term(10, 14), tok(15, 16)])] };
    parses_to! { parser: JunosParser, input: "a /* c */ ;", rule: J::stmt,
        tokens: [stmt(0, 11, [tok(0, 1), COMMENT(2, 9, [block_comment(2, 9, [block_text(4, 7)])]), semi(10, 11)])] };
}

#[test]
fn junos_failures() {
    fails_with! { parser: JunosParser, input: "protocol tcp }", rule: J::stmt,
        positives: vec![J::COMMENT, J::block, J::list, J::semi, J::tok], negatives: vec![], pos: 13 };
}
