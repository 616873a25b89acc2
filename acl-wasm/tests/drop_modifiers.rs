//! `dropModifiers`: a conversion to a format that cannot carry a term's non-decision modifiers
//! is refused by default (ACL023 per modifier; a counter stays a warning, as before); with the option it is written without them, each
//! dropped modifier an ACL021 warning naming its term, and the text equals the conversion of the
//! same filter without those modifiers.

use acl_wasm::{EmitOptions, Format};

const WITH: &str = "filter f {\n term a {\n  from { protocol tcp; destination-port 22; }\n  then { count c1; log; sample; accept; }\n }\n term b {\n  from { source-address { 10.0.0.0/8; } }\n  then { policer p1; forwarding-class fc; discard; }\n }\n term c {\n  then { syslog; reject; }\n }\n}\n";
const WITHOUT: &str = "filter f {\n term a {\n  from { protocol tcp; destination-port 22; }\n  then accept;\n }\n term b {\n  from { source-address { 10.0.0.0/8; } }\n  then discard;\n }\n term c {\n  then { syslog; reject; }\n }\n}\n";

fn convert(text: &str, format: Format, drop: bool) -> Result<(String, Vec<acl_wasm::Diagnostic>), Vec<acl_wasm::Diagnostic>> {
    let opts = EmitOptions { format, drop_modifiers: drop, ..Default::default() };
    acl_wasm::convert(text, "junos", &opts)
}

#[test]
fn refused_by_default_one_error_per_modifier() {
    for format in [Format::Iosxr, Format::IosNamed, Format::Eos] {
        let all = convert(WITH, format, false).unwrap_err();
        // a counter is dropped with a warning even by default (as before this option)
        assert!(all.iter().any(|d| d.code == "ACL021" && d.message.contains("counter 'c1'")), "{:#?}", all);
        let errors: Vec<_> = all.into_iter().filter(|d| d.code != "ACL021").collect();
        let mut what: Vec<(String, Option<String>)> = errors.iter().map(|d| (d.code.to_string(), d.term.clone())).collect();
        what.dedup();
        assert_eq!(what, vec![("ACL023".into(), Some("a".into())), ("ACL023".into(), Some("b".into()))], "{:#?}", errors);
        assert_eq!(errors.len(), 4, "{:#?}", errors);
    }
}

#[test]
fn dropped_with_a_warning_per_modifier_and_term() {
    for format in [Format::Iosxr, Format::IosNamed, Format::Eos] {
        let (text, warnings) = convert(WITH, format, true).unwrap();
        let (plain, _) = convert(WITHOUT, format, false).unwrap();
        assert_eq!(text, plain);
        assert!(text.contains(" log\n"), "syslog is carried as IOS log: {}", text);
        let got: Vec<(String, String)> = warnings.iter().map(|d| (d.term.clone().unwrap_or_default(), d.message.clone())).collect();
        let f = format.as_str();
        assert_eq!(
            got,
            vec![
                ("a".to_string(), format!("counter 'c1' is dropped by {} output", f)),
                ("a".to_string(), format!("modifier 'log' is dropped by {} output", f)),
                ("a".to_string(), format!("modifier 'sample' is dropped by {} output", f)),
                ("b".to_string(), format!("modifier 'policer' is dropped by {} output", f)),
                ("b".to_string(), format!("modifier 'forwarding-class' is dropped by {} output", f)),
            ]
        );
        assert!(warnings.iter().all(|d| d.code == "ACL021"));
    }
}

#[test]
fn never_drops_what_decides() {
    let text = "filter f {\n term a {\n  from { protocol tcp; }\n  then { log; next term; }\n }\n term b { then accept; }\n}\n";
    let errors = convert(text, Format::Iosxr, true).unwrap_err();
    assert!(errors.iter().any(|d| d.code == "ACL020" && d.message.contains("next term")), "{:#?}", errors);
    assert!(errors.iter().all(|d| d.code != "ACL020" || !d.message.contains("'log'")), "{:#?}", errors);
}
