//! The C ABI exported by the WebAssembly module (ABI.md §3). Each export is a thin unsafe shim
//! over a safe `*_impl` function taking byte slices, which native tests call directly.

use crate::check::{Compiled, Flow};
use crate::diag::{Diagnostic, Severity};
use crate::emit::{EmitOptions, Format};
use crate::ir::{Acl, Span};
use serde::Deserialize;
use std::cell::RefCell;

thread_local! {
    static OUT: RefCell<Vec<u8>> = RefCell::new(Vec::new());
    static WARN: RefCell<Vec<u8>> = RefCell::new(Vec::new());
    static HANDLES: RefCell<Vec<Option<Box<Compiled>>>> = RefCell::new(Vec::new());
}

/// Sets the output buffer (`acl_out_ptr` / `acl_out_len`).
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
        let acl: Acl = serde_json::from_slice(ir).map_err(|e| bad(format!("invalid IR JSON: {}", e)))?;
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
}

impl Default for ConvertOpts {
    fn default() -> Self {
        ConvertOpts { from: "auto".into(), to: Format::Junos, replace: false, name: None, family: None, drop_modifiers: false }
    }
}

/// `acl_convert` on slices: (status, output, warnings JSON).
pub fn convert_impl(o: &[u8], text: &[u8]) -> (i32, Vec<u8>, Vec<u8>) {
    let r = (|| {
        let o: ConvertOpts = opts(o)?;
        let text = text_of(text)?;
        let eo = EmitOptions { format: o.to, replace: o.replace, name: o.name, family: o.family, drop_modifiers: o.drop_modifiers };
        crate::convert(text, &o.from, &eo)
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
    /// For `input: "text"`: which ACL of the text (default the first).
    index: usize,
}

impl Default for CompileOpts {
    fn default() -> Self {
        CompileOpts { input: "ir".into(), dialect: "auto".into(), index: 0 }
    }
}

/// Compiles an ACL from options and input bytes.
pub fn compile_impl(o: &[u8], input: &[u8]) -> Result<Compiled, Vec<Diagnostic>> {
    let o: CompileOpts = opts(o)?;
    let acl: Acl = if o.input == "text" {
        let text = text_of(input)?;
        let (mut acls, diags) = crate::parse(text, &o.dialect);
        if diags.iter().any(|d| d.is_error()) {
            return Err(diags);
        }
        if o.index >= acls.len() {
            return Err(bad(format!("no access list at position {} in the input ({} found)", o.index, acls.len())));
        }
        acls.swap_remove(o.index)
    } else {
        serde_json::from_slice(input).map_err(|e| bad(format!("invalid IR JSON: {}", e)))?
    };
    Ok(Compiled::new(&acl))
}

/// Checks `count` flows (48 bytes each) and returns the 8-byte results.
pub fn check_impl(c: &mut Compiled, flows: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.reserve(flows.len() / 6);
    for chunk in flows.chunks_exact(48) {
        let v = c.check(&Flow::decode(chunk));
        let m = v.missing.to_le_bytes();
        out.extend_from_slice(&[v.result, 0, m[0], m[1]]);
        out.extend_from_slice(&v.term.to_le_bytes());
    }
}

/// The bytes at `p`, `n` long.
///
/// # Safety
/// `p` must address `n` valid bytes.
pub(crate) unsafe fn slice<'a>(p: u32, n: u32) -> &'a [u8] {
    if n == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(p as usize as *const u8, n as usize)
    }
}

/// Allocates `len` bytes for an input buffer.
#[no_mangle]
pub extern "C" fn acl_alloc(len: u32) -> u32 {
    let mut v: Vec<u8> = Vec::with_capacity(len.max(1) as usize);
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p as usize as u32
}

/// Frees a buffer from `acl_alloc`.
///
/// # Safety
/// `ptr`/`len` must come from `acl_alloc`.
#[no_mangle]
pub unsafe extern "C" fn acl_free(ptr: u32, len: u32) {
    drop(Vec::from_raw_parts(ptr as usize as *mut u8, 0, len.max(1) as usize));
}

/// Pointer to the last call's output.
#[no_mangle]
pub extern "C" fn acl_out_ptr() -> u32 {
    OUT.with(|o| o.borrow().as_ptr() as usize as u32)
}

/// Length of the last call's output.
#[no_mangle]
pub extern "C" fn acl_out_len() -> u32 {
    OUT.with(|o| o.borrow().len() as u32)
}

/// Pointer to the warnings JSON of the last `acl_emit` / `acl_convert`.
#[no_mangle]
pub extern "C" fn acl_warnings_ptr() -> u32 {
    WARN.with(|o| o.borrow().as_ptr() as usize as u32)
}

/// Length of the warnings JSON of the last `acl_emit` / `acl_convert`.
#[no_mangle]
pub extern "C" fn acl_warnings_len() -> u32 {
    WARN.with(|o| o.borrow().len() as u32)
}

/// The name tables as JSON (ports, protocols, ICMP and ICMPv6 messages per vendor, TCP flags,
/// DSCP): `lib/acl` reads them from here. Options and input are ignored; returns 0.
///
/// # Safety
/// Pointers must address valid memory of the given lengths.
#[no_mangle]
pub unsafe extern "C" fn acl_tables(_o: u32, _ol: u32, _t: u32, _tl: u32) -> i32 {
    set_out(crate::tables::tables_json());
    0
}

/// Parses text into IR JSON.
///
/// # Safety
/// Pointers must address valid memory of the given lengths.
#[no_mangle]
pub unsafe extern "C" fn acl_parse(o: u32, ol: u32, t: u32, tl: u32) -> i32 {
    let (r, v) = parse_impl(slice(o, ol), slice(t, tl));
    set_out(v);
    r
}

/// Emits one IR ACL as text.
///
/// # Safety
/// Pointers must address valid memory of the given lengths.
#[no_mangle]
pub unsafe extern "C" fn acl_emit(o: u32, ol: u32, t: u32, tl: u32) -> i32 {
    let (r, v, w) = emit_impl(slice(o, ol), slice(t, tl));
    set_out(v);
    set_warn(w);
    r
}

/// Parses and emits in one call.
///
/// # Safety
/// Pointers must address valid memory of the given lengths.
#[no_mangle]
pub unsafe extern "C" fn acl_convert(o: u32, ol: u32, t: u32, tl: u32) -> i32 {
    let (r, v, w) = convert_impl(slice(o, ol), slice(t, tl));
    set_out(v);
    set_warn(w);
    r
}

/// Compiles an ACL for checks; returns a handle or -1.
///
/// # Safety
/// Pointers must address valid memory of the given lengths.
#[no_mangle]
pub unsafe extern "C" fn acl_compile(o: u32, ol: u32, t: u32, tl: u32) -> i32 {
    match compile_impl(slice(o, ol), slice(t, tl)) {
        Ok(c) => {
            set_out(Vec::new());
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
        Err(d) => {
            set_out(diag_json(&d));
            -1
        }
    }
}

/// Checks `count` flows at `flows`; results (8 bytes each) go to the output buffer.
///
/// # Safety
/// `flows` must address `count * 48` valid bytes.
#[no_mangle]
pub unsafe extern "C" fn acl_check(handle: i32, flows: u32, count: u32) -> i32 {
    let data = slice(flows, count.saturating_mul(48));
    HANDLES.with(|h| {
        let mut h = h.borrow_mut();
        match h.get_mut(handle.max(0) as usize).and_then(|x| x.as_mut()) {
            Some(c) if handle >= 0 => OUT.with(|o| {
                check_impl(c, data, &mut o.borrow_mut());
                0
            }),
            _ => -1,
        }
    })
}

/// Frees a compiled ACL.
#[no_mangle]
pub extern "C" fn acl_release(handle: i32) {
    HANDLES.with(|h| {
        let mut h = h.borrow_mut();
        if handle >= 0 {
            if let Some(x) = h.get_mut(handle as usize) {
                *x = None;
            }
        }
    })
}
