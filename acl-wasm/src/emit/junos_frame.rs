//! Junos term output pieces: the constant (indented) lines of a term, built once per filter,
//! and the common condition shapes written from them (one append per piece).

use super::junos::{pad, value};
use crate::ir::{Condition, Key, Values};
use crate::put::put;

/// The constant lines of a term at one indentation, built once per filter (one append each).
pub(super) struct Frame {
    pub(super) ind: usize,
    pub(super) open: String,
    pub(super) from_open: String,
    pub(super) block_close: String,
    pub(super) then_open: String,
    pub(super) act: String,
    pub(super) close: String,
    /// Per key: the indented key of a condition line (`            protocol`).
    pub(super) keys: Vec<String>,
    /// The indentation of an address inside a condition block.
    pub(super) item: String,
    /// The closing line of a condition block.
    pub(super) cond_close: String,
}

impl Frame {
    /// The pieces for terms indented by `ind`.
    pub(super) fn new(ind: usize) -> Frame {
        let at = |n: usize, s: &str| {
            let mut o = String::with_capacity(n + s.len() + 1);
            pad(&mut o, n);
            o.push_str(s);
            o
        };
        Frame {
            ind,
            open: at(ind, "term "),
            from_open: at(ind + 4, "from {\n"),
            block_close: at(ind + 4, "}\n"),
            then_open: at(ind + 4, "then {\n"),
            act: at(ind + 8, ""),
            close: at(ind + 4, "}\n") + &at(ind, "}\n"),
            keys: {
                let mut v = vec![String::new(); Key::ALL.len()];
                for k in Key::ALL {
                    v[k as usize] = at(ind + 8, k.as_str());
                }
                v
            },
            item: at(ind + 12, ""),
            cond_close: at(ind + 8, "}\n"),
        }
    }
}

/// `junos::condition` for the common shapes (ranges; addresses without wildcard, `except` or
/// `inactive:`) from the frame's constant pieces; `false` (nothing written) for the others.
pub(super) fn plain_condition(out: &mut String, fr: &Frame, c: &Condition, v6: bool) -> bool {
    if c.except || c.named.is_some() || (c.key == Key::Protocol && v6) {
        return false;
    }
    match &c.values {
        Values::Ranges(r) if r.len() == 1 => {
            put(out, &fr.keys[c.key as usize]);
            out.push(' ');
            value(out, c.key, r[0], v6);
            out.push_str(";\n");
        }
        Values::Addrs(a) if a.iter().all(|x| x.wildcard.is_none() && !x.inactive && !x.except) => {
            put(out, &fr.keys[c.key as usize]);
            out.push_str(" {\n");
            for x in a {
                put(out, &fr.item);
                x.write_prefix(out);
                out.push_str(";\n");
            }
            put(out, &fr.cond_close);
        }
        _ => return false,
    }
    true
}

