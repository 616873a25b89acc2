//! Tiny native driver for debugging: `aclc parse|FORMAT [dialect] < file`.

use std::io::Read;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("stdin");
    let what = args.get(1).map(|s| s.as_str()).unwrap_or("parse");
    let dialect = args.get(2).map(|s| s.as_str()).unwrap_or("auto");
    if what == "parse" {
        let (acls, diags) = acl_wasm::parse(&text, dialect);
        println!("{}", serde_json::to_string_pretty(&acls).unwrap());
        println!("{}", serde_json::to_string_pretty(&diags).unwrap());
        return;
    }
    let format = acl_wasm::Format::from_name(what).expect("format");
    let opts = acl_wasm::EmitOptions { format, ..Default::default() };
    match acl_wasm::convert(&text, dialect, &opts) {
        Ok((s, w)) => {
            print!("{}", s);
            for d in w {
                eprintln!("warning: {} {} line {}", d.code, d.message, d.span.line);
            }
        }
        Err(ds) => {
            for d in ds {
                eprintln!("{:?} {} {} at {}:{} term {:?} | {}", d.severity, d.code, d.message, d.span.line, d.span.column, d.term, d.excerpt);
            }
        }
    }
}
