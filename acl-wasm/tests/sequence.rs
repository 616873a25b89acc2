//! IOS-family lists as the device keeps them: entries in sequence-number order whatever order the
//! text gives them in (an entry without a number is numbered 10 past the highest), a number used
//! twice in a list is an error, and a list whose number or name comes again is continued
//! (`access-list 100` lines between another list's, `ip access-list extended A` entered twice),
//! IPv4 and IPv6 names apart. The streaming conversion reads such texts whole and writes what
//! the whole conversion writes.

use acl_wasm::abi::{convert_impl, stream_open_impl};
use acl_wasm::dialects::ios::parse::{parse_dialect, Dialect};
use acl_wasm::ir::Acl;
use acl_wasm::stream::Status;

fn read(text: &str, dialect: Dialect) -> (Vec<Acl>, Vec<acl_wasm::diag::Diagnostic>) {
    let mut diags = Vec::new();
    let acls = parse_dialect(text, &mut diags, true, dialect);
    let mut slow = Vec::new();
    let pest = parse_dialect(text, &mut slow, false, dialect);
    // the fast line reader and pest agree on every case here
    assert_eq!(format!("{:?}", acls), format!("{:?}", pest), "fast and pest differ on\n{}", text);
    assert_eq!(format!("{:?}", diags), format!("{:?}", slow), "fast and pest diagnostics differ on\n{}", text);
    (acls, diags)
}

/// Each list's name and its terms' lines, in the list's order.
fn lines(acls: &[Acl]) -> Vec<(String, Vec<u32>)> {
    acls.iter().map(|a| (a.name.clone().unwrap_or_default(), a.terms.iter().map(|t| t.span.line).collect())).collect()
}

fn converted(text: &str, to: &str) -> String {
    let (status, out, _) = convert_impl(format!(r#"{{"to":"{}"}}"#, to).as_bytes(), text.as_bytes());
    assert_eq!(status, 0, "{}", String::from_utf8_lossy(&out));
    String::from_utf8(out).unwrap()
}

/// The streamed conversion (runs of one line) gives the whole conversion's text.
fn streams_alike(text: &str, to: &str) {
    let opts = format!(r#"{{"to":"{}","block":1}}"#, to);
    let mut st = stream_open_impl(opts.as_bytes(), text.as_bytes().to_vec()).expect("open");
    let mut all = Vec::new();
    let mut piece = Vec::new();
    loop {
        match st.step(&mut piece) {
            Status::Failed => panic!("stream failed: {}", String::from_utf8_lossy(&piece)),
            Status::Done => {
                all.extend_from_slice(&piece);
                break;
            }
            _ => all.extend_from_slice(&piece),
        }
    }
    assert_eq!(String::from_utf8(all).unwrap(), converted(text, to), "stream vs whole on\n{}", text);
}

#[test]
fn entries_are_kept_in_sequence_order() {
    for d in [Dialect::Ios, Dialect::Nxos, Dialect::Eos, Dialect::Iosxr] {
        let header = if d == Dialect::Iosxr { "ipv4 access-list S" } else if d == Dialect::Ios { "ip access-list extended S" } else { "ip access-list S" };
        let text = format!("{}\n 20 permit tcp any any eq 22\n 10 deny tcp any any eq 22\n 30 permit udp any any\n 15 deny udp any any eq 53\n", header);
        let (acls, diags) = read(&text, d);
        assert!(diags.is_empty(), "{:?}: {:?}", d, diags);
        assert_eq!(lines(&acls), vec![("S".to_string(), vec![3, 5, 2, 4])], "{:?}", d);
        assert_eq!(acls[0].terms.iter().map(|t| t.seq).collect::<Vec<_>>(), vec![Some(10), Some(15), Some(20), Some(30)]);
    }
}

#[test]
fn an_entry_without_a_number_goes_10_past_the_highest() {
    // 20, 10, (30), 25: the unnumbered entry is 30, so 25 goes before it
    let text = "ip access-list extended S\n 20 permit tcp any any eq 22\n 10 deny tcp any any eq 22\n permit udp any any\n 25 deny udp any any eq 53\n";
    let (acls, diags) = read(text, Dialect::Ios);
    assert!(diags.is_empty(), "{:?}", diags);
    assert_eq!(lines(&acls), vec![("S".to_string(), vec![3, 2, 5, 4])]);
    // written back in that order (the numbers as given)
    assert_eq!(
        converted(text, "ios-named"),
        "ip access-list extended S\n 10 deny tcp any any eq 22\n 20 permit tcp any any eq 22\n 25 deny udp any any eq 53\n permit udp any any\n"
    );
    streams_alike(text, "junos");
    streams_alike(text, "ios-named");
}

#[test]
fn a_number_used_twice_is_an_error_at_the_second_entry() {
    let text = "ip access-list extended S\n 10 permit tcp any any eq 22\n 20 permit ip any any\n  10 deny tcp any any eq 22\n";
    let (_, diags) = read(text, Dialect::Ios);
    assert_eq!(diags.len(), 1, "{:?}", diags);
    let d = &diags[0];
    assert!(d.is_error());
    assert_eq!(d.code, "ACL003");
    assert_eq!((d.span.line, d.span.column), (4, 3));
    assert_eq!(d.message, "sequence number 10 is used twice in access list S");
    // in order, a repeat of the last number is the same error
    let (_, diags) = read("ip access-list extended S\n 10 permit ip any any\n 10 deny ip any any\n", Dialect::Ios);
    assert_eq!(diags.iter().map(|d| (d.code.as_str(), d.span.line)).collect::<Vec<_>>(), vec![("ACL003", 3)]);
}

#[test]
fn a_list_whose_number_or_name_comes_again_is_continued() {
    let numbered = "access-list 100 permit tcp any any eq 22\naccess-list 101 permit tcp any any eq 23\naccess-list 100 deny tcp any any eq 25\n";
    let (acls, diags) = read(numbered, Dialect::Ios);
    assert!(diags.is_empty(), "{:?}", diags);
    assert_eq!(lines(&acls), vec![("100".to_string(), vec![1, 3]), ("101".to_string(), vec![2])]);
    streams_alike(numbered, "junos");

    let named = "ip access-list extended A\n permit tcp any any eq 22\nip access-list extended B\n deny ip any any\nip access-list extended A\n deny tcp any any eq 25\n";
    let (acls, _) = read(named, Dialect::Ios);
    assert_eq!(lines(&acls), vec![("A".to_string(), vec![2, 6]), ("B".to_string(), vec![4])]);
    streams_alike(named, "ios-named");

    // entered again right after itself, with numbers continuing and going back
    let again = "ip access-list extended A\n 10 permit tcp any any eq 22\n 30 permit ip any any\nip access-list extended A\n 20 deny tcp any any eq 25\n";
    let (acls, _) = read(again, Dialect::Ios);
    assert_eq!(lines(&acls), vec![("A".to_string(), vec![2, 5, 3])]);
}

#[test]
fn ipv4_and_ipv6_names_and_list_kinds_stay_apart() {
    let text = "ip access-list extended A\n permit tcp any any eq 22\nipv6 access-list A\n permit tcp any any eq 22\nip access-list extended A\n deny ip any any\n";
    let (acls, _) = read(text, Dialect::Ios);
    assert_eq!(lines(&acls), vec![("A".to_string(), vec![2, 6]), ("A".to_string(), vec![4])]);
    assert_eq!(acls[1].family, Some(acl_wasm::ir::Family::Inet6));
    // a standard list and an extended one of one name (the device refuses the second): two lists
    let kinds = "ip access-list standard A\n permit 10.0.0.0 0.0.0.255\nip access-list extended A\n deny ip any any\n";
    let (acls, _) = read(kinds, Dialect::Ios);
    assert_eq!(acls.len(), 2);
}

#[test]
fn ios_named_output_numbers_every_entry_after_an_expanded_one() {
    // NX-OS port group written as IOS (no port groups in its entries): 90 becomes two entries; the
    // second unnumbered would be 100 on the device, the next entry's own number (refused)
    let nxos = "object-group ip port P0\n eq 22\n range 2000 3000\nexit\nip access-list R\n 90 deny tcp any any portgroup P0\n 100 permit ip any any\n";
    let (status, out, _) = convert_impl(br#"{"to":"ios-named","from":"nxos"}"#, nxos.as_bytes());
    assert_eq!(status, 0, "{}", String::from_utf8_lossy(&out));
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out, "ip access-list extended R\n 90 deny tcp any any eq 22\n 100 deny tcp any any range 2000 3000\n 110 permit ip any any\n");
    let (back, diags) = read(&out, Dialect::Ios);
    assert!(diags.is_empty(), "{:?}", diags);
    assert_eq!(back[0].terms.len(), 3);
}
