//! Flow lines read and checked in the engine (`check-access --flows`, ABI.md §3 "Flow lines"):
//! the JSON lines of a flows file are read straight from its bytes and checked against the IPv4
//! filter, one record per non-blank line.
//!
//! Only the plain case is read here, exactly as `lib/acl/_flow_scan.ts` reads it: an object of the
//! fields `src`, `dst`, `protocol`, `sport`, `dport`, `icmpType`, `icmpCode` with IPv4 addresses,
//! unsigned integers and strings without escapes. Any other line (IPv6, other fields, escapes,
//! errors) is deferred to the caller, which reads it with `JSON.parse` and `encodeFlow` (the one
//! definition of a flow, with its error messages). Protocol and port names are resolved by the
//! caller too: the first time a name is met the run stops and asks for it ([`Run::Name`]); the
//! answer is remembered, and the run resumes at the same line.

use super::{known, Compiled, Flow};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: names are a few bytes, looked up once or more per line (SipHash cost more than the
/// rest of reading a line).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Names kept in [`Lines::few`].
const FEW: usize = 16;

/// Record status: the line was checked (0 denied, 1 permitted, 2 undetermined, as verdicts).
pub const DEFERRED: u32 = 3;
/// Record status: the line is an IPv4 flow and no filter answers IPv4 flows.
pub const NO_FILTER: u32 = 4;

/// Why [`Lines::run`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run {
    /// Every line was read.
    Done,
    /// `max` lines were read; more remain.
    More,
    /// A name must be resolved first ([`Lines::resolve`]).
    Name {
        /// 0 protocol, 1 sport, 2 dport.
        field: u8,
        /// The protocol the name is read with (256: unknown).
        proto: u16,
        /// Where the name starts in the data.
        start: usize,
        /// Where it ends.
        end: usize,
    },
}

/// A flows file being read: its bytes, where the next line starts, the names resolved so far,
/// and the records of the lines read.
#[derive(Default)]
pub struct Lines {
    data: Vec<u8>,
    pos: usize,
    line: u32,
    /// The first names resolved (a flows file names a few protocols and ports: compared in
    /// place, without a key to hash), then [`Lines::names`].
    few: Vec<(Vec<u8>, i32)>,
    names: HashMap<Vec<u8>, i32, BuildHasherDefault<Fnv>>,
    key: Vec<u8>,
    pending: Option<Vec<u8>>,
    /// Three words per non-blank line: its line number (1-based); its status (bits 0..3: the
    /// verdict, [`DEFERRED`] or [`NO_FILTER`]) with the missing-field bits of an undetermined
    /// result in bits 16..32; the deciding term's index (-1: none), or for a deferred line the
    /// offset where its text starts (after leading blanks).
    pub records: Vec<u32>,
}

/// What [`scan`] found on a line.
enum Scan {
    Flow(Flow),
    Defer,
    Name(u8, u16, usize, usize),
}

impl Lines {
    /// Starts reading `data`.
    pub fn new(data: Vec<u8>) -> Lines {
        Lines { data, ..Default::default() }
    }

    /// Remembers the value of the name [`Run::Name`] asked for: 0..65535 (256 for a protocol
    /// that means "unknown", such as `ip`), or -1 when the name is refused (its lines are then
    /// deferred, so that the caller reports them).
    pub fn resolve(&mut self, value: i32) {
        if let Some(k) = self.pending.take() {
            if self.few.len() < FEW {
                self.few.push((k, value));
            } else {
                self.names.insert(k, value);
            }
        }
    }

    /// Reads and checks up to `max` lines with `acl` (`None`: no filter answers IPv4 flows),
    /// appending their records.
    pub fn run(&mut self, mut acl: Option<&mut Compiled>, max: usize) -> Run {
        let data = std::mem::take(&mut self.data);
        let r = (|| {
            let mut read = 0;
            while self.pos < data.len() {
                if read == max {
                    return Run::More;
                }
                let start = self.pos;
                // eight bytes at a time (`crate::scan`), not byte by byte
                let end = crate::scan::find(&data[start..], b'\n').map_or(data.len(), |i| start + i);
                let mut e = end;
                if e > start && data[e - 1] == b'\r' {
                    e -= 1;
                }
                let mut s = start;
                while s < e && (data[s] == b' ' || data[s] == b'\t') {
                    s += 1;
                }
                if s == e {
                    self.pos = end + 1;
                    self.line += 1;
                    continue;
                }
                let (status, term) = match self.scan(&data, s, e) {
                    Scan::Name(field, proto, ns, ne) => {
                        let mut k = Vec::new();
                        name_key(&mut k, field, proto, &data[ns..ne]);
                        self.pending = Some(k);
                        return Run::Name { field, proto, start: ns, end: ne };
                    }
                    Scan::Defer => (DEFERRED, s as u32),
                    Scan::Flow(f) => match acl.as_deref_mut() {
                        None => (NO_FILTER, 0),
                        Some(c) => {
                            let v = c.check(&f);
                            (v.result as u32 | (v.missing as u32) << 16, v.term as u32)
                        }
                    },
                };
                self.pos = end + 1;
                self.line += 1;
                self.records.extend_from_slice(&[self.line, status, term]);
                read += 1;
            }
            Run::Done
        })();
        self.data = data;
        r
    }

    /// The value of a name already resolved, if any.
    fn lookup(&mut self, field: u8, proto: u16, name: &[u8]) -> Option<i32> {
        let p = proto.to_le_bytes();
        for (k, v) in &self.few {
            if k.len() == name.len() + 3 && k[0] == field && k[1..3] == p && &k[3..] == name {
                return Some(*v);
            }
        }
        if self.names.is_empty() {
            return None;
        }
        let mut k = std::mem::take(&mut self.key);
        let v = self.names.get(name_key(&mut k, field, proto, name).as_slice()).copied();
        self.key = k;
        v
    }

    /// Reads the flow on `buf[start..end)` (one line without its newline), as
    /// `FlowScanner.scan` does. Never inlined into [`Lines::run`] (nor is the check): V8 runs a
    /// WebAssembly function's optimised code from its next call, so the per-line work is kept in
    /// functions called per line, each small enough to be optimised within milliseconds.
    #[inline(never)]
    fn scan(&mut self, buf: &[u8], start: usize, end: usize) -> Scan {
        let p = match parse(buf, start, end) {
            Some(p) => p,
            None => return Scan::Defer,
        };
        let mut f = p.flow;
        if let Some((s, e)) = p.proto_name {
            match self.lookup(0, 256, &buf[s..e]) {
                None => return Scan::Name(0, 256, s, e),
                Some(v) if v < 0 => return Scan::Defer,
                Some(v) if v < 256 => {
                    f.proto = v as u8;
                    f.known |= known::PROTO;
                }
                Some(_) => {}
            }
        }
        let proto = if f.known & known::PROTO != 0 { f.proto as u16 } else { 256 };
        for (field, name) in [(1u8, p.sport_name), (2, p.dport_name)] {
            if let Some((s, e)) = name {
                match self.lookup(field, proto, &buf[s..e]) {
                    None => return Scan::Name(field, proto, s, e),
                    Some(v) if !(0..=65535).contains(&v) => return Scan::Defer,
                    Some(v) if field == 1 => f.sport = v as u16,
                    Some(v) => f.dport = v as u16,
                }
            }
        }
        Scan::Flow(f)
    }
}

fn name_key<'a>(k: &'a mut Vec<u8>, field: u8, proto: u16, name: &[u8]) -> &'a mut Vec<u8> {
    k.clear();
    k.push(field);
    k.extend_from_slice(&proto.to_le_bytes());
    k.extend_from_slice(name);
    k
}

/// A line read up to its names.
struct Parsed {
    flow: Flow,
    proto_name: Option<(usize, usize)>,
    sport_name: Option<(usize, usize)>,
    dport_name: Option<(usize, usize)>,
}

const SRC: u8 = 1;
const DST: u8 = 2;
const PROTOCOL: u8 = 4;
const SPORT: u8 = 8;
const DPORT: u8 = 16;
const ICMP_TYPE: u8 = 32;
const ICMP_CODE: u8 = 64;

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn key_id(k: &[u8]) -> u8 {
    match k {
        b"src" => SRC,
        b"dst" => DST,
        b"dport" => DPORT,
        b"sport" => SPORT,
        b"protocol" => PROTOCOL,
        b"icmpType" => ICMP_TYPE,
        b"icmpCode" => ICMP_CODE,
        _ => 0,
    }
}

/// An IPv4 address (optionally `/32`) as in `ipv4Bytes` of `lib/acl/_flow_bytes.ts`: four
/// decimal parts of 1 to 3 digits, no leading zero, each at most 255.
fn ipv4(b: &[u8]) -> Option<u32> {
    let b = b.strip_suffix(b"/32").filter(|r| !r.is_empty()).unwrap_or(b);
    let (mut part, mut digits, mut n, mut v) = (0, 0, 0u32, 0u32);
    for &c in b {
        match c {
            b'0'..=b'9' => {
                if digits > 0 && n == 0 {
                    return None;
                }
                n = n * 10 + (c - b'0') as u32;
                digits += 1;
                if n > 255 || digits > 3 {
                    return None;
                }
            }
            b'.' => {
                if digits == 0 || part == 3 {
                    return None;
                }
                v = v << 8 | n;
                part += 1;
                n = 0;
                digits = 0;
            }
            _ => return None,
        }
    }
    if digits == 0 || part != 3 {
        return None;
    }
    Some(v << 8 | n)
}

/// Reads a plain flow object on `buf[start..end)`; `None` when the line needs the general reader.
fn parse(buf: &[u8], start: usize, end: usize) -> Option<Parsed> {
    let at = |i: usize| if i < end { buf[i] } else { 0 };
    let mut i = start;
    while i < end && is_space(buf[i]) {
        i += 1;
    }
    if at(i) != b'{' {
        return None;
    }
    i += 1;
    let mut seen = 0u8;
    let mut p = Parsed { flow: Flow::default(), proto_name: None, sport_name: None, dport_name: None };
    let f = &mut p.flow;
    loop {
        while i < end && is_space(buf[i]) {
            i += 1;
        }
        if at(i) == b'}' && seen == 0 {
            break;
        }
        if at(i) != b'"' {
            return None;
        }
        i += 1;
        let ks = i;
        while i < end && buf[i] != b'"' {
            if buf[i] == b'\\' {
                return None;
            }
            i += 1;
        }
        if i >= end {
            return None;
        }
        let id = key_id(&buf[ks..i]);
        if id == 0 || seen & id != 0 {
            return None;
        }
        seen |= id;
        i += 1;
        while i < end && is_space(buf[i]) {
            i += 1;
        }
        if at(i) != b':' {
            return None;
        }
        i += 1;
        while i < end && is_space(buf[i]) {
            i += 1;
        }
        // the value: a string without escapes, or an unsigned integer
        let quoted = at(i) == b'"';
        let (vs, ve);
        let mut num: i64 = -1;
        if quoted {
            i += 1;
            vs = i;
            while i < end && buf[i] != b'"' {
                let c = buf[i];
                if c == b'\\' || !(0x20..=0x7e).contains(&c) {
                    return None;
                }
                i += 1;
            }
            if i >= end {
                return None;
            }
            ve = i;
            i += 1;
            // a string of digits is read as that number (as encodeFlow does)
            if ve > vs && ve - vs <= 5 && buf[vs..ve].iter().all(u8::is_ascii_digit) {
                num = buf[vs..ve].iter().fold(0, |n, &c| n * 10 + (c - b'0') as i64);
            }
        } else {
            vs = i;
            let mut n = 0i64;
            while i < end && buf[i].is_ascii_digit() {
                n = n * 10 + (buf[i] - b'0') as i64;
                i += 1;
            }
            ve = i;
            if ve == vs || ve - vs > 5 || (buf[vs] == b'0' && ve - vs > 1) {
                return None;
            }
            num = n;
        }
        match id {
            SRC | DST => {
                if !quoted {
                    return None;
                }
                let a = ipv4(&buf[vs..ve])? as u128;
                if id == SRC {
                    f.src = a;
                } else {
                    f.dst = a;
                }
            }
            PROTOCOL => {
                if num >= 0 {
                    if num > 255 {
                        return None;
                    }
                    f.proto = num as u8;
                    f.known |= known::PROTO;
                } else {
                    p.proto_name = Some((vs, ve));
                }
            }
            SPORT | DPORT => {
                if num > 65535 {
                    return None;
                }
                let name = if id == SPORT { &mut p.sport_name } else { &mut p.dport_name };
                if num >= 0 {
                    if id == SPORT {
                        f.sport = num as u16;
                    } else {
                        f.dport = num as u16;
                    }
                } else {
                    *name = Some((vs, ve));
                }
                f.known |= if id == SPORT { known::SPORT } else { known::DPORT };
            }
            _ => {
                if !(0..=255).contains(&num) {
                    return None;
                }
                if id == ICMP_TYPE {
                    f.icmp_type = num as u8;
                    f.known |= known::ICMP_TYPE;
                } else {
                    f.icmp_code = num as u8;
                    f.known |= known::ICMP_CODE;
                }
            }
        }
        while i < end && is_space(buf[i]) {
            i += 1;
        }
        if at(i) == b',' {
            i += 1;
            continue;
        }
        if at(i) == b'}' {
            break;
        }
        return None;
    }
    i += 1;
    while i < end && is_space(buf[i]) {
        i += 1;
    }
    if i != end || seen & (SRC | DST) != SRC | DST {
        return None;
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolved_beyond_the_few_are_remembered() {
        let mut text = String::new();
        for k in 0..40 {
            text.push_str(&format!("{{\"src\":\"10.0.0.1\",\"dst\":\"10.0.0.2\",\"protocol\":\"p{}\"}}\n", k));
        }
        text.push_str(&text.clone());
        let mut l = Lines::new(text.clone().into_bytes());
        let mut asked = 0;
        loop {
            match l.run(None, usize::MAX) {
                Run::Name { start, end, .. } => {
                    asked += 1;
                    let n: i32 = text[start + 1..end].parse().unwrap();
                    l.resolve(if n % 2 == 0 { n } else { -1 });
                }
                Run::More => continue,
                Run::Done => break,
            }
        }
        assert_eq!(asked, 40, "each name is asked for once");
        let status: Vec<u32> = l.records.chunks(3).map(|r| r[1]).collect();
        let want: Vec<u32> = (0..80).map(|k| if k % 2 == 0 { NO_FILTER } else { DEFERRED }).collect();
        assert_eq!(status, want);
    }
}
