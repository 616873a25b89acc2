//! Junos words (`bare` in `dialects/junos/grammar.pest`) are every run of characters up to a blank,
//! `; { } [ ] "`, `#` or a `/*` comment: the grammar tests them as character ranges, and this
//! holds it to that definition on every ASCII character and on `/`.

use acl_wasm::parse;

/// The name of the only filter of `text`.
fn name(text: &str) -> Option<String> {
    let (acls, diags) = parse(text, "junos");
    assert!(diags.iter().all(|d| !d.is_error()), "{}: {:?}", text, diags);
    acls.into_iter().next().and_then(|a| a.name)
}

#[test]
fn a_word_takes_every_character_but_the_delimiters() {
    let delimiters = [b' ', b'\t', b'\r', b'\n', b';', b'{', b'}', b'[', b']', b'"', b'#'];
    for c in 0u8..0x80 {
        let ch = c as char;
        let text = format!("filter a{}b {{ term t {{ then accept; }} }}", ch);
        if delimiters.contains(&c) {
            continue;
        }
        assert_eq!(name(&text).as_deref(), Some(format!("a{}b", ch).as_str()), "character {:#x}", c);
    }
    assert_eq!(name("filter é/ü { term t { then accept; } }").as_deref(), Some("é/ü"));
}

#[test]
fn a_slash_ends_a_word_only_when_it_opens_a_comment() {
    assert_eq!(name("filter a/b/ { term t { then accept; } }").as_deref(), Some("a/b/"));
    assert_eq!(name("filter a/*c*/ { term t { then accept; } }").as_deref(), Some("a"));
    assert_eq!(name("filter a#c\n { term t { then accept; } }").as_deref(), Some("a"));
}
