//! The WebAssembly exports (ABI.md §3), as `#[wasm_bindgen]` functions: wasm-bindgen generates
//! their JavaScript bindings (`lib/acl_bindgen.js` and its `.d.ts`, by `build.sh`). Each export is
//! a thin shim over a safe `*_impl` function taking byte slices, which native tests call directly.
//!
//! Text calls (`acl_parse`, `acl_emit`, `acl_convert`, `acl_compile`) share one shape,
//! `fn(opts: &str, len: usize) -> i32`: the options JSON crosses as a generated string argument,
//! the (large) input text is written by the caller straight into the buffer [`acl_input`] reserved,
//! and the output stays in the engine ([`acl_output_ptr`], [`acl_output_len`]) for the caller to
//! read in place. `lib/acl/_wasm.ts` calls every export of that shape the same way, so a new text
//! call is one function here (see README.md, "How to add an export").

use crate::check::{Compiled, Flow};
use crate::diag::{Diagnostic, Severity};
use crate::emit::{EmitOptions, Format};
use crate::ir::{Acl, Span};
use serde::Deserialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = RefCell::new(Vec::new());
    static OUT: RefCell<Vec<u8>> = RefCell::new(Vec::new());
    static WARN: RefCell<Vec<u8>> = RefCell::new(Vec::new());
    static HANDLES: RefCell<Vec<Option<Box<Compiled>>>> = RefCell::new(Vec::new());
}

/// Sets the output of the current call (read through `acl_output_ptr` / `acl_output_len`).
pub(crate) fn set_out(v: Vec<u8>) {
    OUT.with(|o| *o.borrow_mut() = v);
}

fn set_warn(v: Vec<u8>) {
    WARN.with(|o| *o.borrow_mut() = v);
}

/// `{"diagnostics": [...]}`.
pub fn diag_json(d: &[Diagnostic]) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct D<'a> {
        diagnostics: &'a [Diagnostic],
    }
    serde_json::to_vec(&D { diagnostics: d }).unwrap_or_default()
}

fn bad(msg: String) -> Vec<Diagnostic> {
    vec![Diagnostic::error("ACL030", msg, Span::default())]
}

fn text_of(b: &[u8]) -> Result<&str, Vec<Diagnostic>> {
    std::str::from_utf8(b).map_err(|e| bad(format!("input is not valid UTF-8 at byte {}", e.valid_up_to())))
}

fn opts<'a, T: Deserialize<'a> + Default>(b: &'a [u8]) -> Result<T, Vec<Diagnostic>> {
    if b.iter().all(|c| c.is_ascii_whitespace()) {
        return Ok(T::default());
    }
    serde_json::from_slice(b).map_err(|e| bad(format!("invalid options JSON: {}", e)))
}

#[derive(Deserialize)]
#[serde(default)]
struct ParseOpts {
    dialect: String,
    /// Only the ACL at this position (`acls` then holds it alone, or nothing).
    index: Option<usize>,
    /// Heads only: each ACL without `terms`, `comments`, `trailingComments` and `policers`, with
    /// `termCount` (the wrapper decodes the rest when it is first used).
    lazy: bool,
    /// With `lazy`: each head also lists its terms' names and lines (`termLines`).
    #[serde(rename = "termLines")]
    term_lines: bool,
}

impl Default for ParseOpts {
    fn default() -> Self {
        ParseOpts { dialect: "auto".into(), index: None, lazy: false, term_lines: false }
    }
}

/// `acl_parse` on slices: (status, output).
pub fn parse_impl(o: &[u8], text: &[u8]) -> (i32, Vec<u8>) {
    let r = (|| {
        let o: ParseOpts = opts(o)?;
        let text = text_of(text)?;
        let pick = |(mut acls, diags): (Vec<Acl>, Vec<Diagnostic>), i: usize| {
            (if i < acls.len() { vec![acls.swap_remove(i)] } else { Vec::new() }, diags)
        };
        let (acls, diags) = match (o.index, o.lazy) {
            // Decoding one ACL of the last lazy parse: reuse its IR when the text is the same.
            (Some(i), false) => match crate::lazy::take(text, &o.dialect, i) {
                Some((acl, diags)) => (vec![acl], diags),
                None => pick(crate::parse(text, &o.dialect), i),
            },
            (Some(i), true) => pick(crate::parse(text, &o.dialect), i),
            (None, _) => crate::parse(text, &o.dialect),
        };
        if diags.iter().any(|d| d.severity == Severity::Error) {
            return Err(diags);
        }
        #[derive(serde::Serialize)]
        struct Out<'a, T> {
            acls: &'a [T],
            diagnostics: &'a [Diagnostic],
        }
        if o.lazy {
            let heads: Vec<crate::lazy::Head> = acls.iter().map(|a| crate::lazy::Head::with_lines(a, o.term_lines)).collect();
            let out = serde_json::to_vec(&Out { acls: &heads, diagnostics: &diags }).unwrap_or_default();
            if o.index.is_none() {
                crate::lazy::store(text, &o.dialect, acls, diags);
            }
            return Ok(out);
        }
        Ok(serde_json::to_vec(&Out { acls: &acls, diagnostics: &diags }).unwrap_or_default())
    })();
    match r {
        Ok(v) => (0, v),
        Err(d) => (1, diag_json(&d)),
    }
}

/// `acl_emit` on slices: (status, output, warnings JSON).
pub fn emit_impl(o: &[u8], ir: &[u8]) -> (i32, Vec<u8>, Vec<u8>) {
    let r = (|| {
        let o: EmitOptions = opts(o)?;
        let mut acl: Acl = serde_json::from_slice(ir).map_err(|e| bad(format!("invalid IR JSON: {}", e)))?;
        crate::emit::prepare_terms(&mut acl, &o);
        crate::emit(&acl, &o)
    })();
    match r {
        Ok((s, w)) => (0, s.into_bytes(), diag_json(&w)),
        Err(d) => (1, diag_json(&d), diag_json(&[])),
    }
}

#[derive(Deserialize)]
#[serde(default)]
struct ConvertOpts {
    from: String,
    to: Format,
    replace: bool,
    name: Option<String>,
    family: Option<crate::ir::Family>,
    #[serde(rename = "dropModifiers")]
    drop_modifiers: bool,
    /// Only the ACL at this position ([`crate::convert_at`]: the IR of the last lazy parse of the
    /// same text is written without parsing again).
    index: Option<usize>,
    #[serde(rename = "nameTerms")]
    name_terms: bool,
    #[serde(rename = "countTerms")]
    count_terms: bool,
}

impl Default for ConvertOpts {
    fn default() -> Self {
        ConvertOpts {
            from: "auto".into(),
            to: Format::Junos,
            replace: false,
            name: None,
            family: None,
            drop_modifiers: false,
            index: None,
            name_terms: false,
            count_terms: false,
        }
    }
}

impl ConvertOpts {
    /// The emit options of the conversion.
    fn emit(&self) -> EmitOptions {
        EmitOptions {
            format: self.to,
            replace: self.replace,
            name: self.name.clone(),
            family: self.family,
            drop_modifiers: self.drop_modifiers,
            name_terms: self.name_terms,
            count_terms: self.count_terms,
        }
    }
}

/// `acl_convert` on slices: (status, output, warnings JSON).
pub fn convert_impl(o: &[u8], text: &[u8]) -> (i32, Vec<u8>, Vec<u8>) {
    let r = (|| {
        let o: ConvertOpts = opts(o)?;
        let text = text_of(text)?;
        let eo = o.emit();
        match o.index {
            Some(i) => crate::convert_at(text, &o.from, i, &eo),
            None => crate::convert(text, &o.from, &eo),
        }
    })();
    match r {
        Ok((s, w)) => (0, s.into_bytes(), diag_json(&w)),
        Err(d) => (1, diag_json(&d), diag_json(&[])),
    }
}

#[derive(Deserialize)]
#[serde(default)]
struct CompileOpts {
    input: String,
    dialect: String,
    /// For `input: "text"` and `"kept"`: which ACL of the text (default the first).
    index: usize,
    /// For `input: "kept"`: the `kept` key `acl_compile_stream` answered.
    kept: String,
}

impl Default for CompileOpts {
    fn default() -> Self {
        CompileOpts { input: "ir".into(), dialect: "auto".into(), index: 0, kept: String::new() }
    }
}

/// Compiles an ACL from options and input bytes.
pub fn compile_impl(o: &[u8], input: &[u8]) -> Result<Compiled, Vec<Diagnostic>> {
    let o: CompileOpts = opts(o)?;
    if o.input == "kept" {
        // the checker `acl_compile_stream` kept, by its key: the text is not sent again
        return crate::check::stream::take_by_name(&o.kept, &o.dialect, o.index)
            .ok_or_else(|| bad(format!("no checker kept for '{}' at position {}", o.kept, o.index)));
    }
    let acl: Acl = if o.input == "text" {
        let text = text_of(input)?;
        // the checker a streaming compile of this text kept (`acl_compile_stream`)
        if let Some(c) = crate::check::stream::take(text, &o.dialect, o.index) {
            return Ok(c);
        }
        // the IR the last lazy parse of this text kept (check-access: heads first, then checks),
        // taken and freed term by term as it is compiled
        if let Some((acl, _)) = crate::lazy::take(text, &o.dialect, o.index) {
            return Ok(Compiled::from_acl(acl));
        }
        let (mut acls, diags) = crate::parse(text, &o.dialect);
        if diags.iter().any(|d| d.is_error()) {
            return Err(diags);
        }
        if o.index >= acls.len() {
            return Err(bad(format!("no access list at position {} in the input ({} found)", o.index, acls.len())));
        }
        return Ok(Compiled::from_acl(acls.swap_remove(o.index)));
    } else {
        serde_json::from_slice(input).map_err(|e| bad(format!("invalid IR JSON: {}", e)))?
    };
    Ok(Compiled::from_acl(acl))
}

/// Checks flows (48 bytes each, ABI.md "Flow layout"): per flow, the verdict (0 denied,
/// 1 permitted, 2 undetermined) into `verdicts`, the deciding term (-1: none) into `indices`, and
/// for undetermined results the bits of the fields that term tests and the flow lacks into
/// `missing` (ABI.md "Results"), as far as all three reach.
pub fn check_impl(c: &mut Compiled, flows: &[u8], verdicts: &mut [u8], indices: &mut [i32], missing: &mut [u16]) {
    let outs = verdicts.iter_mut().zip(indices.iter_mut()).zip(missing.iter_mut());
    for (chunk, ((v, i), m)) in flows.chunks_exact(48).zip(outs) {
        let r = c.check(&Flow::decode(chunk));
        *v = r.result;
        *i = r.term;
        *m = r.missing;
    }
}

/// Stores a compiled ACL and returns its handle.
fn add_handle(c: Compiled) -> i32 {
    HANDLES.with(|h| {
        let mut h = h.borrow_mut();
        let b = Some(Box::new(c));
        match h.iter().position(|x| x.is_none()) {
            Some(i) => {
                h[i] = b;
                i as i32
            }
            None => {
                h.push(b);
                h.len() as i32 - 1
            }
        }
    })
}

/// Reserves the input buffer of the next text call: room for `len` bytes in the engine's memory,
/// returned as a pointer. The caller writes the input there (UTF-8, as many bytes as it passes to
/// the call as `len`, at most this `len`); the call takes the buffer and frees it.
#[wasm_bindgen]
pub fn acl_input(len: usize) -> *mut u8 {
    INPUT.with(|i| {
        let mut i = i.borrow_mut();
        *i = Vec::with_capacity(len);
        i.as_mut_ptr()
    })
}

/// Runs `f` on the first `len` bytes of the input buffer (written by the caller after
/// [`acl_input`]; at most its capacity), then frees the buffer.
pub(crate) fn with_input<R>(len: usize, f: impl FnOnce(&[u8]) -> R) -> R {
    f(&take_input(len))
}

/// The first `len` bytes of the input buffer (as [`with_input`]), taken as they are (no copy).
fn take_input(len: usize) -> Vec<u8> {
    let mut input = INPUT.with(|i| std::mem::take(&mut *i.borrow_mut()));
    // SAFETY: the bytes lie within the allocation, and the caller wrote them (the engine's memory
    // is written from outside, as with every input of the module before wasm-bindgen).
    unsafe { input.set_len(len.min(input.capacity())) };
    input
}

/// The name tables as JSON (ports, protocols, ICMP and ICMPv6 messages per vendor, TCP flags,
/// DSCP): `lib/acl` reads them from here. Options and input are ignored; returns 0.
#[wasm_bindgen]
pub fn acl_tables(_opts: &str, len: usize) -> i32 {
    with_input(len, |_| ());
    set_out(crate::tables::tables_json());
    0
}

/// Parses the input text into IR JSON: `acl_parse(opts, len)` (ABI.md §3).
#[wasm_bindgen]
pub fn acl_parse(opts: &str, len: usize) -> i32 {
    let (r, v) = with_input(len, |text| parse_impl(opts.as_bytes(), text));
    set_out(v);
    r
}

/// Emits the input IR JSON (one ACL) as text: `acl_emit(opts, len)` (ABI.md §3).
#[wasm_bindgen]
pub fn acl_emit(opts: &str, len: usize) -> i32 {
    let (r, v, w) = with_input(len, |ir| emit_impl(opts.as_bytes(), ir));
    set_out(v);
    set_warn(w);
    r
}

/// Parses the input text and emits it in one call: `acl_convert(opts, len)` (ABI.md §3).
#[wasm_bindgen]
pub fn acl_convert(opts: &str, len: usize) -> i32 {
    let (r, v, w) = with_input(len, |text| convert_impl(opts.as_bytes(), text));
    set_out(v);
    set_warn(w);
    r
}

/// Compiles the input (IR JSON or text) for checks; returns a handle, or -1 (the output then holds
/// the diagnostics): `acl_compile(opts, len)` (ABI.md §3).
#[wasm_bindgen]
pub fn acl_compile(opts: &str, len: usize) -> i32 {
    match with_input(len, |input| compile_impl(opts.as_bytes(), input)) {
        Ok(c) => {
            set_out(Vec::new());
            add_handle(c)
        }
        Err(d) => {
            set_out(diag_json(&d));
            -1
        }
    }
}

/// Where the output of the last call starts in the engine's memory (valid until the next call).
#[wasm_bindgen]
pub fn acl_output_ptr() -> *const u8 {
    OUT.with(|o| o.borrow().as_ptr())
}

/// The length in bytes of the output of the last call.
#[wasm_bindgen]
pub fn acl_output_len() -> usize {
    OUT.with(|o| o.borrow().len())
}

/// The warnings JSON of the last `acl_emit` / `acl_convert` that returned 0:
/// `{"diagnostics": [...]}`.
#[wasm_bindgen]
pub fn acl_warnings() -> String {
    WARN.with(|o| String::from_utf8_lossy(&o.borrow()).into_owned())
}

/// Checks the flows (48 bytes each) into `verdicts`, `indices` and `missing` ([`check_impl`]);
/// returns 0, or -1 for a bad handle.
#[wasm_bindgen]
pub fn acl_check(handle: i32, flows: &[u8], verdicts: &mut [u8], indices: &mut [i32], missing: &mut [u16]) -> i32 {
    HANDLES.with(|h| {
        let mut h = h.borrow_mut();
        match h.get_mut(handle.max(0) as usize).and_then(|x| x.as_mut()) {
            Some(c) if handle >= 0 => {
                check_impl(c, flows, verdicts, indices, missing);
                0
            }
            _ => -1,
        }
    })
}

/// Frees the IR (and the copy of the text) kept from the last lazy parse (ABI.md §3), for a caller
/// that will not decode those ACLs' terms; they still decode afterwards, by parsing their text again.
#[wasm_bindgen]
pub fn acl_forget() {
    crate::lazy::forget();
}

/// Frees a compiled ACL.
#[wasm_bindgen]
pub fn acl_release(handle: i32) {
    HANDLES.with(|h| {
        let mut h = h.borrow_mut();
        if handle >= 0 {
            if let Some(x) = h.get_mut(handle as usize) {
                *x = None;
            }
        }
    })
}

// --- flows ---
// `check-access --flows`: flow lines read and checked in the engine (ABI.md §3 "Flow lines";
// `crate::check::lines`). Text calls, so that `lib/acl/_wasm.ts` runs them as every other.

thread_local! {
    static FLOWS: RefCell<Option<crate::check::lines::Lines>> = RefCell::new(None);
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FlowsOpts {
    /// The compiled IPv4 filter (`acl_compile`), or -1 when no filter answers IPv4 flows.
    handle: i32,
    /// Most lines read by this call (0: all).
    max: usize,
    /// `acl_flows_name`: the name's value.
    value: i32,
}

/// `acl_flows_run` on the loaded flows file: (status, output). Status 0: every line was read; 1:
/// `max` lines were read and more remain; 2: a name must be resolved first (`acl_flows_name`);
/// -1: bad options, a bad handle or nothing loaded (output: diagnostics). Output: four
/// little-endian u32 (for status 2 the name's field, protocol, start and end offsets, else
/// zeros), then three per line read (`Lines::records`).
pub fn flows_run_impl(o: &[u8]) -> (i32, Vec<u8>) {
    use crate::check::lines::Run;
    let o: FlowsOpts = match opts(o) {
        Ok(o) => o,
        Err(d) => return (-1, diag_json(&d)),
    };
    let run = |c: Option<&mut Compiled>| {
        FLOWS.with(|l| {
            let mut l = l.borrow_mut();
            let lines = l.as_mut()?;
            let from = lines.records.len();
            let max = if o.max == 0 { usize::MAX } else { o.max };
            let r = lines.run(c, max);
            let head = match r {
                Run::Name { field, proto, start, end } => [field as u32, proto as u32, start as u32, end as u32],
                _ => [0; 4],
            };
            let mut out = Vec::with_capacity(16 + (lines.records.len() - from) * 4);
            for w in head.iter().chain(&lines.records[from..]) {
                out.extend_from_slice(&w.to_le_bytes());
            }
            lines.records.clear();
            let status = match r {
                Run::Done => {
                    *l = None;
                    0
                }
                Run::More => 1,
                Run::Name { .. } => 2,
            };
            Some((status, out))
        })
    };
    let r = if o.handle < 0 {
        run(None)
    } else {
        HANDLES.with(|h| {
            let mut h = h.borrow_mut();
            h.get_mut(o.handle as usize).and_then(|x| x.as_deref_mut()).map(|c| run(Some(c)))
        })
        .flatten()
    };
    r.unwrap_or_else(|| (-1, diag_json(&bad("no flows loaded, or a bad handle".into()))))
}

/// Takes the input (the bytes of a flows file, JSON lines) for `acl_flows_run`; returns 0.
#[wasm_bindgen]
pub fn acl_flows_load(_opts: &str, len: usize) -> i32 {
    let data = take_input(len);
    FLOWS.with(|l| *l.borrow_mut() = Some(crate::check::lines::Lines::new(data)));
    set_out(Vec::new());
    0
}

/// Reads and checks the next lines of the loaded flows file: `acl_flows_run(opts, len)` with
/// options `{"handle": h, "max": n}` ([`flows_run_impl`], ABI.md §3).
#[wasm_bindgen]
pub fn acl_flows_run(opts: &str, len: usize) -> i32 {
    with_input(len, |_| ());
    let (r, v) = flows_run_impl(opts.as_bytes());
    set_out(v);
    r
}

/// Gives the value of the name the last `acl_flows_run` stopped at: options `{"value": v}`
/// (-1: refused); returns 0.
#[wasm_bindgen]
pub fn acl_flows_name(opts: &str, len: usize) -> i32 {
    with_input(len, |_| ());
    let o: FlowsOpts = match self::opts(opts.as_bytes()) {
        Ok(o) => o,
        Err(d) => {
            set_out(diag_json(&d));
            return -1;
        }
    };
    FLOWS.with(|l| {
        if let Some(lines) = l.borrow_mut().as_mut() {
            lines.resolve(o.value);
        }
    });
    set_out(Vec::new());
    0
}
// --- end flows ---

// --- streaming ---

thread_local! {
    static STREAM: RefCell<Option<crate::stream::Stream>> = RefCell::new(None);
}

/// `acl_stream_open` options: `acl_convert`'s (`index` excepted), or `check`, and the step size.
#[derive(Deserialize)]
#[serde(default)]
struct StreamOpts {
    #[serde(flatten)]
    convert: ConvertOpts,
    /// Check only (answering the heads), not convert.
    check: bool,
    /// Bytes of text read per step.
    block: usize,
    /// A conversion writes in its first pass (`Stream::one_pass`; status 3 voids the pieces).
    #[serde(rename = "onePass")]
    one_pass: bool,
}

impl Default for StreamOpts {
    fn default() -> Self {
        StreamOpts { convert: ConvertOpts::default(), check: false, block: 1 << 18, one_pass: false }
    }
}

/// Opens a stream ([`crate::stream`]) over `text` with options JSON `o`.
pub fn stream_open_impl(o: &[u8], text: Vec<u8>) -> Result<crate::stream::Stream, Vec<Diagnostic>> {
    let o: StreamOpts = opts(o)?;
    let from = &o.convert.from;
    if crate::dialects::DIALECTS.iter().all(|(n, _)| n != from) && from != "auto" {
        return Err(bad(format!("unknown dialect '{}'", from)));
    }
    let text = String::from_utf8(text).map_err(|e| bad(format!("input is not valid UTF-8 at byte {}", e.utf8_error().valid_up_to())))?;
    let eo = if o.check { None } else { Some(o.convert.emit()) };
    let st = crate::stream::Stream::new(text, from, eo, o.block);
    Ok(if o.one_pass { st.one_pass() } else { st })
}

/// Opens a streaming conversion or check of the input text (kept by the stream, not copied):
/// `acl_stream_open(opts, len)` (ABI.md §3); returns 0, or 1 with the diagnostics in the output.
/// A stream opened before is closed.
#[wasm_bindgen]
pub fn acl_stream_open(opts: &str, len: usize) -> i32 {
    let input = take_input(len);
    STREAM.with(|s| *s.borrow_mut() = None);
    match stream_open_impl(opts.as_bytes(), input) {
        Ok(st) => {
            STREAM.with(|s| *s.borrow_mut() = Some(st));
            set_out(Vec::new());
            0
        }
        Err(d) => {
            set_out(diag_json(&d));
            1
        }
    }
}

/// Runs the next step of the open stream: returns 0 (the output holds the next piece of the
/// converted text; call again), 1 (the last piece, or for a check the heads JSON; the stream is
/// finished, warnings in `acl_warnings`), 2 (the output holds `{"diagnostics": [...]}`), 3 (with
/// `onePass` only: every piece so far is void; the next steps give the output from its beginning)
/// or -1 (no stream is open). The output is read in place and is valid until the next call.
#[wasm_bindgen]
pub fn acl_stream_step() -> i32 {
    STREAM.with(|s| {
        let mut s = s.borrow_mut();
        let st = match s.as_mut() {
            Some(st) => st,
            None => return -1,
        };
        let r = OUT.with(|o| st.step(&mut o.borrow_mut()));
        if r == crate::stream::Status::Done {
            set_warn(diag_json(st.warnings()));
        }
        r as i32
    })
}

/// Closes the open stream and frees its text and state.
#[wasm_bindgen]
pub fn acl_stream_close() {
    STREAM.with(|s| *s.borrow_mut() = None);
}

// --- check stream ---

/// `acl_compile_stream` options: the dialect (`auto` or a name) and the bytes of text read per run.
#[derive(Deserialize)]
#[serde(default)]
struct CompileStreamOpts {
    dialect: String,
    block: usize,
}

impl Default for CompileStreamOpts {
    fn default() -> Self {
        CompileStreamOpts { dialect: "auto".into(), block: 1 << 18 }
    }
}

/// `acl_compile_stream` on its options and input text (freed before the candidate indexes are
/// built): (status, output) as the export answers them.
pub fn compile_stream_impl(o: &[u8], text: Vec<u8>) -> (i32, Vec<u8>) {
    let r = (|| {
        let o: CompileStreamOpts = opts(o)?;
        if crate::dialects::DIALECTS.iter().all(|(n, _)| *n != o.dialect) && o.dialect != "auto" {
            return Err(bad(format!("unknown dialect '{}'", o.dialect)));
        }
        let text = String::from_utf8(text).map_err(|e| bad(format!("input is not valid UTF-8 at byte {}", e.utf8_error().valid_up_to())))?;
        Ok((text, o))
    })();
    let (text, o) = match r {
        Ok(x) => x,
        Err(d) => return (1, diag_json(&d)),
    };
    crate::check::stream::forget();
    match crate::check::stream::compile(&text, &o.dialect, o.block) {
        crate::check::stream::Outcome::Whole => (2, Vec::new()),
        crate::check::stream::Outcome::Failed(d) => (1, diag_json(&d)),
        crate::check::stream::Outcome::Done { heads, lines, builders, diags } => {
            let key = crate::check::stream::key(&text);
            drop(text);
            let compiled = crate::check::stream::finish_all(builders, &heads);
            // `{"acls": [head + "termLines"], "diagnostics": [...]}`, written straight into one
            // buffer sized for it (term lines are most of it)
            let terms: usize = lines.iter().map(|l| l.lines.len()).sum();
            let mut out = Vec::with_capacity(terms * 16 + 1024);
            out.extend_from_slice(b"{\"acls\":[");
            for (k, (h, l)) in heads.iter().zip(&lines).enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                let head = serde_json::to_vec(&crate::lazy::Head::of(h).with_count(l.lines.len())).unwrap_or_default();
                // the head object, its closing brace replaced by the term lines
                out.extend_from_slice(&head[..head.len().saturating_sub(1)]);
                out.extend_from_slice(b",\"termLines\":");
                l.write_json(&mut out);
                out.push(b'}');
            }
            out.extend_from_slice(b"],\"diagnostics\":");
            out.extend_from_slice(&serde_json::to_vec(&diags).unwrap_or_default());
            // the key `acl_compile` takes the checkers by (`input: "kept"`), without the text again
            out.extend_from_slice(format!(",\"kept\":\"{}\"}}", crate::check::stream::key_name(key)).as_bytes());
            drop(lines);
            crate::check::stream::keep(key, &o.dialect, compiled);
            (0, out)
        }
    }
}

/// Compiles the checker of every list of an IOS-family text read a run of lines at a time, so
/// that the IR of the whole text never exists: `acl_compile_stream(opts, len)` (ABI.md §3).
/// Returns 0 with the heads JSON (`acl_parse` with `lazy` and `termLines`; the checkers are kept
/// for `acl_compile` on the same text and dialect), 1 with the diagnostics, or 2 when the text is
/// read whole (Junos, a text several dialects write alike, a statement going back to an earlier
/// list: compile it through `acl_parse` and `acl_compile`).
#[wasm_bindgen]
pub fn acl_compile_stream(opts: &str, len: usize) -> i32 {
    let (status, out) = compile_stream_impl(opts.as_bytes(), take_input(len));
    set_out(out);
    status
}

// --- end check stream ---

// --- optimizer ---
// `trigger optimizer` and `optimize()` (`lib/acl/tools/optimizer.ts`): the optimizer of
// `crate::opt` over the engine's IR, from text or from IR JSON, so that no term is decoded in
// JavaScript.

/// `acl_optimize` options.
#[derive(Deserialize)]
#[serde(default)]
struct OptimizeOpts {
    /// `text` (the input is ACL text, read as `acl_parse` reads it) or `ir` (one ACL's IR JSON).
    input: String,
    /// For text: `auto` or a dialect name.
    dialect: String,
    /// For text: which ACL of the text; `None`: the text must hold exactly one.
    index: Option<usize>,
    /// The format the result is written in; `None`: the ACL's own.
    format: Option<Format>,
    #[serde(rename = "keepDenies")]
    keep_denies: bool,
    window: usize,
    /// Answer the optimized ACL written in `format`.
    text: bool,
    /// Answer the optimized ACL's IR JSON.
    ir: bool,
    /// Name the unnamed terms of the written text `T1`, `T2`, ... (`acl_emit`'s option).
    #[serde(rename = "nameTerms")]
    name_terms: bool,
    /// The report as `json` (`OptimizeReport`) or as the `summary` lines for people.
    report: String,
}

impl Default for OptimizeOpts {
    fn default() -> Self {
        OptimizeOpts {
            input: "text".into(),
            dialect: "auto".into(),
            index: None,
            format: None,
            keep_denies: false,
            window: 64,
            text: true,
            ir: false,
            name_terms: false,
            report: "json".into(),
        }
    }
}

/// `acl_optimize` on slices: (status, output). Status 0: the output is a line `R I` (decimal byte
/// lengths, ten digits each), then the report (R bytes: JSON, or the summary lines), the IR JSON (I bytes, none
/// unless asked for) and the written text (the rest, none unless asked for); 1: syntax errors or bad options (`{"diagnostics": [...]}`); 3: the format cannot write
/// the result (`{"diagnostics": [...], "format": F}`); 4: the text does not hold exactly one ACL
/// (`{"count": N}`).
pub fn optimize_impl(o: &[u8], input: &[u8]) -> (i32, Vec<u8>) {
    let o: OptimizeOpts = match opts(o) {
        Ok(o) => o,
        Err(d) => return (1, diag_json(&d)),
    };
    if o.input != "text" {
        return match serde_json::from_slice(input) {
            Ok(acl) => optimize_acl(acl, &o, None),
            Err(e) => (1, diag_json(&bad(format!("invalid IR JSON: {}", e)))),
        };
    }
    let text = match text_of(input) {
        Ok(t) => t,
        Err(d) => return (1, diag_json(&d)),
    };
    if let Some(i) = o.index {
        // the IR the last lazy parse of this text kept (`parse()`, then `optimize()`)
        if let Some((acl, _)) = crate::lazy::take(text, &o.dialect, i) {
            return optimize_acl(acl, &o, Some(text));
        }
    }
    if let Some(r) = optimize_streamed(text, &o) {
        return r;
    }
    let (mut acls, diags) = crate::parse(text, &o.dialect);
    if diags.iter().any(|d| d.is_error()) {
        return (1, diag_json(&diags));
    }
    let i = match o.index {
        Some(i) if i < acls.len() => i,
        Some(i) => return (1, diag_json(&bad(format!("no access list at position {} in the input ({} found)", i, acls.len())))),
        None if acls.len() == 1 => 0,
        None => return (4, format!("{{\"count\":{}}}", acls.len()).into_bytes()),
    };
    let acl = acls.swap_remove(i);
    drop(acls);
    optimize_acl(acl, &o, Some(text))
}

/// [`optimize_impl`] of an IOS-family text read a run of lines at a time (as `acl_stream_*`
/// reads it), each term handed to the optimizer as it is read ([`crate::opt::Reader`]: a
/// shadowed term is dropped at once, a kept one held in compact form), so that the IR of the
/// whole text never exists. The text is then read again to make the IR of the terms written
/// ([`crate::opt::Builder`]), written a run at a time where the format allows it
/// ([`write_streamed`]). `None` when the text is read whole instead (Junos, a text several
/// dialects write alike, a statement going back to an earlier list).
fn optimize_streamed(text: &str, o: &OptimizeOpts) -> Option<(i32, Vec<u8>)> {
    use crate::dialects::ios::parse::Driver;
    let dialect = crate::stream::ios_dialect(text, &o.dialect)?;
    let mut d = Driver::new(text, true, dialect, false);
    let mut diags = Vec::new();
    let mut reader = crate::opt::Reader::new();
    let want = o.index.unwrap_or(0);
    // what the list's terms say about writing them in runs
    let (mut groups, mut named, mut unnamed) = (false, false, false);
    let mut note = |t: &crate::ir::Term| {
        groups |= t.conditions.iter().any(|c| c.group.is_some());
        named |= t.name.is_some();
        unnamed |= t.name.is_none();
    };
    // the IR of the kept terms is held while it is small (a list whose terms are mostly
    // shadowed is then not read twice): at most about the text's size (~10 bytes of IR per byte
    // of a term's text), else the text is read again at the end
    let mut held: Option<Vec<(u32, crate::ir::Term)>> = Some(Vec::new());
    let mut held_bytes = 0usize;
    let mut input = 0u32;
    let mut hold = |t: crate::ir::Term, kept: bool, held: &mut Option<Vec<(u32, crate::ir::Term)>>| {
        if let (true, Some(h)) = (kept, held.as_mut()) {
            held_bytes += 10 * (t.span.end.saturating_sub(t.span.start) as usize + 16);
            h.push((input, t));
            if held_bytes > text.len() {
                *held = None;
            }
        }
        input += 1;
    };
    while !d.done(text) {
        let upto = d.offset().saturating_add(1 << 18).min(text.len());
        d.feed(text, upto, &mut diags);
        if d.revisited() {
            return None;
        }
        // the terms of the other lists are dropped as they come (the answer is an error then,
        // or they are not asked for)
        for (i, terms) in d.drain() {
            if i == want {
                for t in terms {
                    note(&t);
                    let kept = reader.push(&t);
                    hold(t, kept, &mut held);
                }
            }
        }
    }
    if d.revisited() {
        return None;
    }
    let mut heads = d.finish(text);
    crate::diag::fill_excerpts(text, &mut diags);
    if diags.iter().any(|d| d.is_error()) {
        return Some((1, diag_json(&diags)));
    }
    match o.index {
        Some(i) if i >= heads.len() => return Some((1, diag_json(&bad(format!("no access list at position {} in the input ({} found)", i, heads.len()))))),
        None if heads.len() != 1 => return Some((4, format!("{{\"count\":{}}}", heads.len()).into_bytes())),
        _ => {}
    }
    let mut acl = heads.swap_remove(want);
    drop(heads);
    // the terms not drained yet (none: every feed is drained)
    for t in std::mem::take(&mut acl.terms) {
        note(&t);
        let kept = reader.push(&t);
        hold(t, kept, &mut held);
    }
    drop(hold);
    let format = o.format.unwrap_or_else(|| crate::opt::default_format(acl.source));
    let (report, mut builder) = reader.finish(acl.source, &crate::opt::Options { format, keep_denies: o.keep_denies, window: o.window });
    if !o.text && !o.ir {
        return Some(write_optimized(acl, report, format, o, Some(text)));
    }
    let fam = builder.families();
    let runs = o.text && !o.ir && !groups && !(named && unnamed) && !(fam.0 && fam.1);
    // the IR of the terms written, from a second read of the text: each run written as it is
    // made (`runs`), else the whole list written at the end
    let mut w = if runs { Some(RunWriter::new(&acl, &report, fam, format, o)) } else { None };
    let mut made = Vec::new();
    if let Some(held) = held {
        let mut terms = Vec::with_capacity(held.len());
        for (input, t) in held {
            builder.take_at(input, t);
        }
        builder.ready(&mut terms);
        match &mut w {
            Some(w) => w.write(&mut acl, terms, true),
            None => acl.terms = terms,
        }
        return Some(match w {
            None => write_optimized(acl, report, format, o, Some(text)),
            Some(w) => match w.finish() {
                Some(out) => (0, out),
                None => whole_again(text, o, want),
            },
        });
    }
    let mut d = Driver::new(text, true, dialect, false);
    let mut ignored = Vec::new();
    let mut feed = |terms: Vec<crate::ir::Term>, builder: &mut crate::opt::Builder, acl: &mut Acl, last: bool| {
        terms.into_iter().for_each(|t| builder.take(t));
        builder.ready(&mut made);
        match &mut w {
            Some(w) if made.len() >= RUN || last => w.write(acl, std::mem::take(&mut made), last),
            Some(_) => {}
            None => acl.terms.append(&mut made),
        }
    };
    while !d.done(text) {
        let upto = d.offset().saturating_add(1 << 18).min(text.len());
        d.feed(text, upto, &mut ignored);
        for (i, terms) in d.drain() {
            if i == want {
                feed(terms, &mut builder, &mut acl, false);
            }
        }
    }
    let mut again = d.finish(text);
    let rest = if want < again.len() { std::mem::take(&mut again[want].terms) } else { Vec::new() };
    drop(again);
    feed(rest, &mut builder, &mut acl, true);
    drop(feed);
    match w {
        None => Some(write_optimized(acl, report, format, o, Some(text))),
        Some(w) => match w.finish() {
            Some(out) => Some((0, out)),
            None => Some(whole_again(text, o, want)),
        },
    }
}

/// [`optimize_streamed`]'s answer when the format refused a run: the whole list is parsed and
/// optimized again and written whole, for every diagnostic.
fn whole_again(text: &str, o: &OptimizeOpts, want: usize) -> (i32, Vec<u8>) {
    let (mut acls, _) = crate::parse(text, &o.dialect);
    let acl = acls.swap_remove(want);
    drop(acls);
    optimize_acl(acl, o, Some(text))
}

/// Terms written per run by [`RunWriter`].
const RUN: usize = 4096;

/// Writes the optimized list a run of terms at a time ([`crate::emit::emit_part`]) after the
/// answer's header and report, as [`write_optimized`] writes it whole: for a list without object
/// groups, whose terms are all named or all unnamed and whose addresses are of one family.
struct RunWriter {
    out: String,
    eo: EmitOptions,
    part: crate::emit::Part,
    v6: bool,
    warnings: Vec<Diagnostic>,
    failed: bool,
}

impl RunWriter {
    fn new(acl: &Acl, report: &crate::opt::Report, families: (bool, bool), format: Format, o: &OptimizeOpts) -> RunWriter {
        let mut out = vec![b' '; 22];
        if o.report == "summary" {
            report.write_summary(&mut out);
        } else {
            report.write_json(&mut out);
        }
        let rep = out.len() - 22;
        out[..22].copy_from_slice(format!("{:010} {:010}\n", rep, 0).as_bytes());
        let out = String::from_utf8(out).unwrap_or_default();
        let eo = EmitOptions { format, name_terms: o.name_terms, ..EmitOptions::default() };
        // `Acl::is_ipv6` of the optimized list
        let v6 = acl.family == Some(crate::ir::Family::Inet6) || (!families.0 && families.1);
        RunWriter { out, eo, part: crate::emit::Part { head: true, tail: false, base: 0, seq: 0 }, v6, warnings: Vec::new(), failed: false }
    }

    /// Writes a run of terms of `acl` (its head fields; its terms are set to the run's and
    /// emptied again), the list's tail too when it is the `last`.
    fn write(&mut self, acl: &mut Acl, mut terms: Vec<crate::ir::Term>, last: bool) {
        if self.failed {
            return;
        }
        let base = self.part.base;
        if self.eo.name_terms {
            for (k, t) in terms.iter_mut().enumerate() {
                if t.name.is_none() {
                    t.name = Some(format!("T{}", base + k + 1));
                }
            }
        }
        let n = terms.len();
        acl.terms = terms;
        self.part.tail = last;
        match crate::emit::emit_part(acl, &self.eo, &mut self.part, self.v6, &mut self.out) {
            Ok(w) => self.warnings.extend(w),
            Err(_) => self.failed = true,
        }
        acl.terms = Vec::new();
        self.part = crate::emit::Part { head: false, tail: false, base: base + n, seq: self.part.seq };
    }

    /// The answer, or `None` when the format refused a run.
    fn finish(self) -> Option<Vec<u8>> {
        if self.failed {
            return None;
        }
        set_warn(diag_json(&self.warnings));
        Some(self.out.into_bytes())
    }
}

/// [`optimize_impl`] once the ACL is read (`text`: the text it was read from, for excerpts).
fn optimize_acl(mut acl: Acl, o: &OptimizeOpts, text: Option<&str>) -> (i32, Vec<u8>) {
    let format = o.format.unwrap_or_else(|| crate::opt::default_format(acl.source));
    let report = crate::opt::optimize(&mut acl, &crate::opt::Options { format, keep_denies: o.keep_denies, window: o.window });
    write_optimized(acl, report, format, o, text)
}

/// The answer of [`optimize_impl`] (status 0 or 3) for the optimized `acl` and its report.
fn write_optimized(mut acl: Acl, report: crate::opt::Report, format: Format, o: &OptimizeOpts, text: Option<&str>) -> (i32, Vec<u8>) {
    // a header of fixed width, filled in once the lengths are known: the report and the IR are
    // written straight after it, without copies
    const HEAD: usize = 22;
    let mut out = vec![b' '; HEAD];
    if o.report == "summary" {
        report.write_summary(&mut out);
    } else {
        report.write_json(&mut out);
    }
    drop(report);
    let rep = out.len() - HEAD;
    if o.ir {
        let _ = serde_json::to_writer(&mut out, &acl);
    }
    let ir = out.len() - HEAD - rep;
    out[..HEAD].copy_from_slice(format!("{:010} {:010}\n", rep, ir).as_bytes());
    // the report and the IR are UTF-8 (JSON, and lines of names and numbers)
    let mut out = String::from_utf8(out).unwrap_or_default();
    set_warn(diag_json(&[]));
    if o.text {
        let eo = EmitOptions { format, name_terms: o.name_terms, ..EmitOptions::default() };
        crate::emit::prepare_terms(&mut acl, &eo);
        out.reserve(crate::emit::size_hint(&acl, format));
        match crate::emit::emit_into(&acl, &eo, &mut out) {
            Ok(w) => set_warn(diag_json(&w)),
            Err(mut d) => {
                if let Some(text) = text {
                    crate::diag::fill_excerpts(text, &mut d);
                }
                // the diagnostics, and the format that refused them (the caller may not know it)
                let mut out = diag_json(&d);
                out.pop();
                out.extend_from_slice(format!(",\"format\":\"{}\"}}", format.as_str()).as_bytes());
                return (3, out);
            }
        }
    }
    (0, out.into_bytes())
}

/// Optimizes one ACL (text or IR JSON) and writes the result: `acl_optimize(opts, len)`
/// ([`optimize_impl`], ABI.md §3).
#[wasm_bindgen]
pub fn acl_optimize(opts: &str, len: usize) -> i32 {
    let (status, out) = optimize_impl(opts.as_bytes(), &take_input(len));
    set_out(out);
    status
}

// --- end optimizer ---

// --- access speed ---
// `check-access --flows`: the answer lines written in the engine (ABI.md §3 "Flow answers";
// `crate::check::answers`).

thread_local! {
    static ANSWERS: RefCell<Option<crate::check::answers::Answers>> = RefCell::new(None);
}

/// `acl_flows_answers` options.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AnswersOpts {
    /// What a numbered line starts with (`FILE:`).
    prefix: String,
}

/// Takes the answer table of `acl_flows_write` from the input (`Answers::read`): options
/// `{"prefix": "FILE:"}`. Returns 0, or -1 for bad options or a malformed table (output:
/// diagnostics). The table is kept until the next call.
#[wasm_bindgen]
pub fn acl_flows_answers(opts: &str, len: usize) -> i32 {
    let table = take_input(len);
    let o: AnswersOpts = match self::opts(opts.as_bytes()) {
        Ok(o) => o,
        Err(d) => {
            set_out(diag_json(&d));
            return -1;
        }
    };
    let read = crate::check::answers::Answers::read(o.prefix.into_bytes(), &table);
    let status = if read.is_some() { 0 } else { -1 };
    if read.is_none() {
        set_out(diag_json(&bad("malformed answer table".into())));
    } else {
        set_out(Vec::new());
    }
    ANSWERS.with(|a| *a.borrow_mut() = read);
    status
}

/// Writes the answer line of each record of the input (pairs of little-endian u32: line number,
/// code; `Answers::write`) with the table of the last `acl_flows_answers`. Returns 0 (output: the
/// lines), or -1 when there is no table or a record names no answer (output: diagnostics).
#[wasm_bindgen]
pub fn acl_flows_write(_opts: &str, len: usize) -> i32 {
    let records = take_input(len);
    // the last call's lines are written out: free them before making the next
    set_out(Vec::new());
    let mut out = Vec::new();
    let r = ANSWERS.with(|a| a.borrow().as_ref().map(|a| a.write(&records, &mut out)));
    let why = match r {
        Some(Ok(())) => {
            set_out(out);
            return 0;
        }
        Some(Err(k)) => format!("record {} names no answer", k),
        None => "no answer table (acl_flows_answers)".to_string(),
    };
    set_out(diag_json(&bad(why)));
    -1
}
// --- end access speed ---
