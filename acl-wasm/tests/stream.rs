//! Streaming conversion and check (`acl_stream_*`, `src/stream.rs`): the text read a run of lines
//! at a time gives byte for byte what the whole conversion (`acl_convert`) and the lazy parse
//! (`acl_parse` with `lazy`) give: output, warnings, errors, heads and term counts.

use acl_wasm::abi::{convert_impl, parse_impl, stream_open_impl};
use acl_wasm::stream::Status;

/// Runs a stream to its end: (status, output pieces joined, warnings JSON, whether it was whole,
/// steps, restarts). A restart (one pass) voids the pieces given before it.
fn run_counting(opts: &str, text: &str) -> (Status, Vec<u8>, String, bool, usize, usize) {
    let mut st = stream_open_impl(opts.as_bytes(), text.as_bytes().to_vec()).expect("open");
    let mut all = Vec::new();
    let mut piece = Vec::new();
    let mut steps = 0;
    let mut restarts = 0;
    loop {
        let r = st.step(&mut piece);
        steps += 1;
        if r == Status::Failed {
            return (r, piece, String::new(), st.whole(), steps, restarts);
        }
        if r == Status::Restart {
            assert!(piece.is_empty(), "a restart gives no piece");
            restarts += 1;
            all.clear();
        }
        all.extend_from_slice(&piece);
        if r == Status::Done {
            let w = String::from_utf8(acl_wasm::abi::diag_json(st.warnings())).unwrap();
            return (r, all, w, st.whole(), steps, restarts);
        }
        assert!(steps < 10_000_000, "the stream does not end");
    }
}

/// [`run_counting`] without the restarts.
fn run(opts: &str, text: &str) -> (Status, Vec<u8>, String, bool, usize) {
    let (status, out, warn, whole, steps, _) = run_counting(opts, text);
    (status, out, warn, whole, steps)
}

/// Compares a streamed conversion with `acl_convert` on the same options, in two passes and in
/// one (`onePass`); returns whether the stream wrote runs (not the whole conversion).
fn same_conversion(text: &str, opts: &str, block: usize, what: &str) -> bool {
    let (streamed, _) = same_conversion_counting(text, opts, block, what);
    streamed
}

/// [`same_conversion`], also returning whether the one-pass stream restarted.
fn same_conversion_counting(text: &str, opts: &str, block: usize, what: &str) -> (bool, bool) {
    let (want_status, want_out, want_warn) = convert_impl(opts.as_bytes(), text.as_bytes());
    let mut result = (false, false);
    for one_pass in [false, true] {
        let sopts = format!("{},\"block\":{},\"onePass\":{}}}", opts.trim_end_matches('}'), block, one_pass);
        let (status, out, warn, whole, _, restarts) = run_counting(&sopts, text);
        let what = format!("{}: {}", what, sopts);
        assert!(restarts <= usize::from(one_pass), "{}: {} restarts", what, restarts);
        if want_status == 0 {
            assert_eq!(status, Status::Done, "{}: {}", what, String::from_utf8_lossy(&out));
            assert!(out == want_out, "{}: output differs\n--- stream\n{}\n--- convert\n{}", what, String::from_utf8_lossy(&out), String::from_utf8_lossy(&want_out));
            assert_eq!(warn, String::from_utf8(want_warn.clone()).unwrap(), "{}: warnings", what);
        } else {
            assert_eq!(status, Status::Failed, "{}", what);
            assert_eq!(String::from_utf8(out).unwrap(), String::from_utf8(want_out.clone()).unwrap(), "{}: errors", what);
        }
        result = (!whole, restarts > 0);
    }
    result
}

fn same_check(text: &str, from: &str, block: usize, what: &str) {
    let (want_status, want) = parse_impl(format!(r#"{{"dialect":"{}","lazy":true}}"#, from).as_bytes(), text.as_bytes());
    let (status, out, _, _, _) = run(&format!(r#"{{"check":true,"from":"{}","block":{}}}"#, from, block), text);
    if want_status == 0 {
        assert_eq!(status, Status::Done, "{}: block {}", what, block);
        let a: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let b: serde_json::Value = serde_json::from_slice(&want).unwrap();
        assert_eq!(a, b, "{}: block {}: heads", what, block);
    } else {
        assert_eq!(status, Status::Failed, "{}: block {}", what, block);
        assert_eq!(String::from_utf8(out).unwrap(), String::from_utf8(want).unwrap(), "{}: block {}: errors", what, block);
    }
}

const FORMATS: [&str; 8] = ["junos", "ios", "ios-named", "iosxr", "brocade", "eos", "nxos", "asa"];

fn option_sets(format: &str) -> Vec<String> {
    let mut v = vec![
        format!(r#"{{"to":"{}"}}"#, format),
        format!(r#"{{"to":"{}","replace":true,"name":"150"}}"#, format),
        format!(r#"{{"to":"{}","dropModifiers":true,"from":"auto"}}"#, format),
    ];
    if format == "junos" {
        v.push(r#"{"to":"junos","nameTerms":true,"countTerms":true,"replace":true}"#.into());
        v.push(r#"{"to":"junos","family":"inet6"}"#.into());
    }
    v
}

fn golden_inputs() -> Vec<(String, String)> {
    let mut v = Vec::new();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/acl/golden");
    for d in std::fs::read_dir(root).unwrap() {
        let d = d.unwrap().path();
        if !d.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&d).unwrap() {
            let f = f.unwrap().path();
            if f.extension().map_or(false, |e| e == "acl") {
                v.push((f.display().to_string(), std::fs::read_to_string(&f).unwrap()));
            }
        }
    }
    v.push(("realworld".into(), include_str!("data/realworld.acl").into()));
    v.sort();
    assert!(v.len() > 50, "golden inputs not found");
    v
}

#[test]
fn golden_inputs_convert_as_a_whole_in_every_format() {
    for (name, text) in golden_inputs() {
        for f in FORMATS {
            for o in option_sets(f) {
                for block in [1, 53, 1 << 20] {
                    same_conversion(&text, &o, block, &name);
                }
            }
        }
    }
}

#[test]
fn golden_inputs_check_as_the_lazy_parse() {
    for (name, text) in golden_inputs() {
        for from in ["auto", "ios", "junos", "nxos", "asa"] {
            for block in [1, 97, 1 << 20] {
                same_check(&text, from, block, &name);
            }
        }
    }
}

/// Several lists (numbered, named, standard, IPv6, remarks, sequence numbers, comments between
/// and after them) of `n` entries each.
fn generated(n: usize) -> String {
    let mut s = String::from("! generated\n");
    for k in 0..n {
        s.push_str(&format!("access-list 101 permit tcp 10.{}.{}.0 0.0.0.255 host 192.0.2.{} eq {}\n", k / 250 % 250, k % 250, k % 200 + 1, 1000 + k % 5000));
        if k % 17 == 0 {
            s.push_str("access-list 101 remark every seventeenth\n");
        }
    }
    s.push_str("ip access-list extended EDGE\n");
    for k in 0..n {
        s.push_str(&format!(" permit udp any 172.16.{}.0 0.0.0.255 range {} {}\n", k % 250, 2000 + k % 100, 3000 + k % 100));
        if k % 29 == 0 {
            s.push_str(" deny ip any any log\n");
        }
    }
    s.push_str("ip access-list standard SRC\n permit 10.0.0.0 0.255.255.255\n deny any\n");
    s.push_str("ipv6 access-list V6\n");
    for k in 0..n {
        s.push_str(&format!(" permit tcp 2001:db8:{:x}::/48 any eq {}\n", k, 22 + k % 3));
    }
    s.push_str("! trailing\n");
    s
}

#[test]
fn generated_lists_stream_in_runs_and_match_the_whole_conversion() {
    let text = generated(400);
    for f in ["junos", "ios-named", "iosxr", "eos", "nxos", "asa"] {
        for block in [1, 300, 4096, 1 << 20] {
            let o = format!(r#"{{"to":"{}"}}"#, f);
            let streamed = same_conversion(&text, &o, block, "generated");
            assert!(streamed, "{} should stream in runs", f);
        }
    }
    // numbered IOS and Brocade: the IPv6 list cannot be written there, an error either way
    for f in ["ios", "brocade"] {
        same_conversion(&text, &format!(r#"{{"to":"{}"}}"#, f), 500, "generated");
    }
    let o = r#"{"to":"junos","nameTerms":true,"countTerms":true,"replace":true}"#;
    assert!(same_conversion(&text, o, 777, "generated, Trigger's Junos"));
    for block in [1, 500, 1 << 20] {
        same_check(&text, "auto", block, "generated");
    }
}

#[test]
fn an_error_in_a_late_run_is_reported_before_any_output() {
    let mut text = generated(300);
    text.push_str("access-list 150 permit tcp any any eq 99999\n");
    let (status, out, _, _, steps) = run(r#"{"to":"junos","block":2000}"#, &text);
    assert_eq!(status, Status::Failed);
    assert!(steps > 10, "the error comes after many steps ({})", steps);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["span"]["line"].as_u64().unwrap() as usize, text.lines().count());
    assert_eq!(d["span"]["column"], 39);
    same_conversion(&text, r#"{"to":"junos"}"#, 2000, "late error");
    // a term the format refuses, late: the whole conversion's errors
    let mut text = generated(300);
    text.push_str("ip access-list extended LATE\n permit tcp any any eq 22 log\n");
    same_conversion(&text, r#"{"to":"asa"}"#, 2000, "late refusal");
}

#[test]
fn junos_input_and_revisited_lists_are_converted_whole() {
    let junos = "firewall {\n  filter a { term t { from { protocol tcp; } then accept; } }\n  filter b { term u { then discard; } term v { then accept; } }\n}\n";
    for f in FORMATS {
        assert!(!same_conversion(junos, &format!(r#"{{"to":"{}"}}"#, f), 10, "junos"));
    }
    same_check(junos, "auto", 10, "junos");
    let back = "access-list 101 permit ip any any\naccess-list 102 deny ip any any\nno access-list 101\naccess-list 101 permit tcp any any\n";
    assert!(!same_conversion(back, r#"{"to":"junos"}"#, 1, "revisited"));
    same_check(back, "auto", 1, "revisited");
}

#[test]
fn bad_options_and_utf8_are_refused_when_opening() {
    assert!(stream_open_impl(br#"{"from":"nope"}"#, b"x".to_vec()).is_err());
    assert!(stream_open_impl(br#"{"to":"nope"}"#, b"x".to_vec()).is_err());
    assert!(stream_open_impl(b"{}", vec![0xff, 0xfe]).is_err());
}

#[test]
fn empty_lists_comments_and_empty_texts_match_the_whole_conversion() {
    let cases = [
        "",
        "\n\n",
        "! only a comment\n",
        "ip access-list extended A\nip access-list extended B\n permit ip any any\nip access-list extended C\n",
        "ip access-list extended A\n remark first\n permit tcp any any eq 22\n! trailing\n",
        "access-list 101 permit ip any any\naccess-list 102 permit ip any any\naccess-list 103 deny ip any any\n",
        "ip access-list standard S\n permit 10.0.0.0 0.255.255.255\nip access-list extended E\n deny ip any any log\n",
        "ipv4 access-list X\n 10 permit tcp any any eq 22\n 15 permit udp any any eq 53\n permit icmp any any\n",
    ];
    for text in cases {
        for f in FORMATS {
            for o in option_sets(f) {
                for block in [1, 16, 1 << 20] {
                    same_conversion(text, &o, block, text);
                }
            }
        }
        for block in [1, 16, 1 << 20] {
            same_check(text, "auto", block, text);
        }
    }
}

#[test]
fn auto_on_a_text_dialects_write_alike_streams_as_the_parse_decides() {
    // EOS and NX-OS write `ip access-list NAME` alike and read `kerberos` apart: ACL009 in both
    // routes; with numbers they agree and the stream answers as the parse (read whole)
    let amb = "ip access-list f\n deny udp any any range kerberos 20088\n permit ip any any\n";
    let agree = "ip access-list f\n deny udp any any range 88 20088\n permit ip any any\n";
    for block in [1, 97, 1 << 20] {
        same_check(amb, "auto", block, "ambiguous");
        same_check(agree, "auto", block, "agreeing");
        assert!(!same_conversion(amb, r#"{"from":"auto","to":"junos"}"#, block, "ambiguous"));
        same_conversion(agree, r#"{"from":"auto","to":"junos"}"#, block, "agreeing");
    }
    let (status, out, _, _, _) = run(r#"{"check":true,"from":"auto","block":64}"#, amb);
    assert_eq!(status, Status::Failed);
    assert!(String::from_utf8(out).unwrap().contains("ACL009"));
}

#[test]
fn one_pass_writes_while_checking_and_restarts_where_the_end_changes_the_reading() {
    // lists that stream: written in the check pass, no restart, the same bytes as two passes
    let text = generated(400);
    for f in ["junos", "ios-named", "iosxr", "eos", "nxos", "asa"] {
        for block in [1, 300, 1 << 20] {
            let (streamed, restarted) = same_conversion_counting(&text, &format!(r#"{{"to":"{}"}}"#, f), block, "generated");
            assert!(streamed && !restarted, "{} block {}: streamed in one pass", f, block);
        }
    }
    let o = r#"{"to":"junos","nameTerms":true,"countTerms":true,"replace":true}"#;
    assert_eq!(same_conversion_counting(&text, o, 777, "generated, Trigger's Junos"), (true, false));
    // NX-OS `statistics per-entry` after a list's first entries changes the head its first run
    // was written with: the end restarts (pass 2 writes the list from the final head)
    let mut stats = String::from("ip access-list M\n");
    for k in 0..50 {
        stats.push_str(&format!(" {} permit tcp host 192.0.2.{} any eq 22\n", 10 * (k + 1), k + 1));
    }
    stats.push_str(" statistics per-entry\n 1000 deny ip any any\n");
    for f in ["nxos", "junos"] {
        let o = format!(r#"{{"from":"nxos","to":"{}"}}"#, f);
        assert_eq!(same_conversion_counting(&stats, &o, 100, "late statistics"), (true, true), "{}", f);
        assert_eq!(same_conversion_counting(&stats, &o, 1 << 20, "late statistics, one step"), (true, false), "{}", f);
    }
    // read whole (object groups, a revisited list, a refusal): the end restarts into pass 2
    let back = "access-list 101 permit ip any any\naccess-list 102 deny ip any any\nno access-list 101\naccess-list 101 permit tcp any any\n";
    assert_eq!(same_conversion_counting(back, r#"{"to":"junos"}"#, 1, "revisited"), (false, true));
    let mut late = generated(300);
    late.push_str("ip access-list extended LATE\n permit tcp any any eq 22 log\n");
    same_conversion(&late, r#"{"to":"asa"}"#, 2000, "late refusal");
    // a syntax error after provisional pieces: only the diagnostics
    let mut bad = generated(300);
    bad.push_str("access-list 150 permit tcp any any eq 99999\n");
    let (status, out, _, _, steps, _) = run_counting(r#"{"to":"junos","block":2000,"onePass":true}"#, &bad);
    assert_eq!(status, Status::Failed);
    assert!(steps > 10);
    assert!(String::from_utf8(out).unwrap().starts_with(r#"{"diagnostics":["#));
    // object groups are written whole: known from the first run using one, and said then
    let mut groups = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/acl/golden/ios/object_groups.acl")).unwrap();
    groups.push_str(&generated(300));
    let mut st = stream_open_impl(br#"{"to":"junos","block":2000,"onePass":true}"#, groups.clone().into_bytes()).unwrap();
    let mut piece = Vec::new();
    let first = (1..20).find(|_| st.step(&mut piece) == Status::Restart);
    assert!(matches!(first, Some(k) if k < 5), "restart said at step {:?}", first);
    assert_eq!(same_conversion_counting(&groups, r#"{"to":"junos"}"#, 2000, "groups"), (false, true));
    // a check ignores onePass
    same_check(&text, "auto", 500, "check");
}
