//! Native profiling driver (not a test): `prof MODE FILE [REPEAT]` with MODE one of `parse-ios`,
//! `parse-junos`, `ios-junos`, `ios-xr`, `junos-ios`, `junos-junos`, `parse-json`, or
//! `check FLOWS.bin` or `check-lines FLOWS.jsonl` (the ACL FILE is IOS text), `stream-check`,
//! `stream-junos` (the streaming check and conversion, `acl_stream_*`, 256 KiB steps),
//! `onepass-junos` (the conversion read once, `onePass`), or
//! `hs-compare FILE2` (`acl-diff`'s engine work, per step). Prints the rate.

use std::time::Instant;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let mode = a.get(1).expect("mode").as_str();
    let text = std::fs::read_to_string(a.get(2).expect("file")).expect("read");
    let lines = text.lines().count() as f64;
    if mode == "check-lines" {
        // the ACL FILE and a JSON-lines flows file, as `check-access --flows` reads them
        let data = std::fs::read(a.get(3).expect("flows")).expect("read flows");
        let rep: usize = a.get(4).map(|s| s.parse().unwrap()).unwrap_or(5);
        let mut c = acl_wasm::abi::compile_impl(br#"{"input":"text","dialect":"ios"}"#, text.as_bytes()).ok().expect("compile");
        for _ in 0..rep {
            let t = Instant::now();
            let mut l = acl_wasm::check::lines::Lines::new(data.clone());
            let mut n = 0;
            loop {
                // the names the generated flows use; any other name is refused (its lines deferred)
                match l.run(Some(&mut c), usize::MAX) {
                    acl_wasm::check::lines::Run::Name { field: 0, start, end, .. } => l.resolve(match &data[start..end] {
                        b"tcp" => 6,
                        b"udp" => 17,
                        b"icmp" => 1,
                        _ => -1,
                    }),
                    acl_wasm::check::lines::Run::Name { .. } => l.resolve(-1),
                    _ => break,
                }
                n += 1;
            }
            println!("check-lines: {:.0} lines/s ({} names)", (l.records.len() / 3) as f64 / t.elapsed().as_secs_f64(), n);
        }
        return;
    }
    if mode == "hs-compare" {
        // `hs-compare OLD NEW [REP]`: `acl-diff`'s engine work (`acl_hs` compare: both texts parsed
        // in their detected dialects, then compared), timed per step
        let other = std::fs::read_to_string(a.get(3).expect("second file")).expect("read second file");
        let rep: usize = a.get(4).map(|s| s.parse().unwrap()).unwrap_or(5);
        for _ in 0..rep {
            let t = Instant::now();
            let (x, _) = acl_wasm::parse(&text, "auto");
            let t1 = t.elapsed().as_secs_f64() * 1000.0;
            let (y, _) = acl_wasm::parse(&other, "auto");
            let t2 = t.elapsed().as_secs_f64() * 1000.0;
            let r = acl_wasm::hs::compare(&x[0], &y[0], &Default::default()).expect("compare");
            let t3 = t.elapsed().as_secs_f64() * 1000.0;
            println!("hs-compare: parse {:.1} + {:.1} ms, compare {:.1} ms, total {:.1} ms ({} differences)", t1, t2 - t1, t3 - t2, t3, r.differences.len());
        }
        // the same through `acl_hs` as `compareAcls` calls it (the texts inside the input JSON)
        let input = serde_json::json!({ "acls": [{ "text": text, "dialect": "auto" }, { "text": other, "dialect": "auto" }] }).to_string();
        for _ in 0..rep {
            let t = Instant::now();
            let (st, out) = acl_wasm::hs::abi::hs_impl(br#"{"op":"compare"}"#, input.as_bytes());
            println!("acl_hs compare: {:.1} ms (status {}, {} bytes out)", t.elapsed().as_secs_f64() * 1000.0, st, out.len());
        }
        return;
    }
    if mode == "check" {
        let flows = std::fs::read(a.get(3).expect("flows")).expect("read flows");
        let rep: usize = a.get(4).map(|s| s.parse().unwrap()).unwrap_or(5);
        let (acls, _) = acl_wasm::parse(&text, "ios");
        for _ in 0..3 {
            let t = Instant::now();
            let c = acl_wasm::Compiled::new(&acls[0]);
            println!("compile: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
            drop(c);
        }
        let mut c = acl_wasm::abi::compile_impl(br#"{"input":"text","dialect":"ios"}"#, text.as_bytes()).ok().expect("compile");
        let n = flows.len() / 48;
        let (mut verdicts, mut indices, mut missing) = (vec![0u8; n], vec![0i32; n], vec![0u16; n]);
        for _ in 0..rep {
            let t = Instant::now();
            acl_wasm::abi::check_impl(&mut c, &flows, &mut verdicts, &mut indices, &mut missing);
            println!("check: {:.0} checks/s", n as f64 / t.elapsed().as_secs_f64());
        }
        return;
    }
    let rep: usize = a.get(3).map(|s| s.parse().unwrap()).unwrap_or(5);
    // stream-FORMAT: two passes; onepass-FORMAT: the check pass writes too (`onePass`)
    let stream = mode.strip_prefix("stream-").map(|w| (w, false)).or_else(|| mode.strip_prefix("onepass-").map(|w| (w, true)));
    if let Some((what, one)) = stream {
        let opts = if what == "check" { r#"{"check":true}"#.to_string() } else { format!(r#"{{"to":"{}","onePass":{}}}"#, what, one) };
        for _ in 0..rep {
            let t = Instant::now();
            let mut st = acl_wasm::abi::stream_open_impl(opts.as_bytes(), text.as_bytes().to_vec()).ok().expect("open");
            let (mut out, mut n, mut first) = (Vec::new(), 0, None);
            loop {
                let r = st.step(&mut out);
                n += out.len();
                if first.is_none() && !out.is_empty() {
                    first = Some(t.elapsed().as_secs_f64() * 1000.0);
                }
                if r != acl_wasm::stream::Status::More && r != acl_wasm::stream::Status::Restart {
                    break;
                }
            }
            println!("{}: {:.0} lines/s, check pass {:.0} ms, {} bytes", mode, lines / t.elapsed().as_secs_f64(), first.unwrap_or(0.0), n);
        }
        return;
    }
    let (from, to) = match mode {
        "ios-junos" => ("ios", "junos"),
        "ios-xr" => ("ios", "iosxr"),
        "junos-ios" => ("junos", "ios-named"),
        "junos-junos" => ("junos", "junos"),
        "parse-ios" | "json-ios" => ("ios", ""),
        _ => ("junos", ""),
    };
    let mut sink = 0;
    for _ in 0..rep {
        let t = Instant::now();
        if to.is_empty() {
            let opts = format!(r#"{{"dialect":"{}"}}"#, from);
            if mode.starts_with("json") {
                let (_, out) = acl_wasm::abi::parse_impl(opts.as_bytes(), text.as_bytes());
                sink += out.len();
            } else {
                sink += acl_wasm::parse(&text, from).0.len();
            }
        } else {
            let opts = format!(r#"{{"from":"{}","to":"{}","name":"X"}}"#, from, to);
            sink += acl_wasm::abi::convert_impl(opts.as_bytes(), text.as_bytes()).1.len();
        }
        println!("{}: {:.0} lines/s", mode, lines / t.elapsed().as_secs_f64());
    }
    println!("({} bytes)", sink);
}
