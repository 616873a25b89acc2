//! Lazy parsing (`acl_parse` with `lazy`, ABI.md §3): the ACL heads it returns, and the IR of the
//! last lazy parse, kept so that decoding its ACLs one by one (`index`) does not parse the text
//! again. Each kept ACL is handed out once; the whole cache is replaced by the next lazy parse and
//! dropped when every ACL has been taken.

use crate::diag::Diagnostic;
use crate::ir::{Acl, Family, Source, Span};
use std::cell::RefCell;

/// An ACL without its terms, comments and policers.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Head<'a> {
    name: &'a Option<String>,
    source: Source,
    family: Option<Family>,
    replace: bool,
    interface_specific: bool,
    receive_acl: bool,
    span: Span,
    term_count: usize,
    /// With the `termLines` option: each term's name (or null) and line, so that answers can name
    /// a deciding term without decoding the IR.
    #[serde(skip_serializing_if = "Option::is_none")]
    term_lines: Option<Vec<(Option<&'a str>, u32)>>,
}

impl<'a> Head<'a> {
    /// The head of an ACL, with its terms' names and lines when `lines`.
    pub fn with_lines(a: &'a Acl, lines: bool) -> Head<'a> {
        let mut h = Head::of(a);
        if lines {
            h.term_lines = Some(a.terms.iter().map(|t| (t.name.as_deref(), t.span.line)).collect());
        }
        h
    }

    /// The head with `n` as its term count (a streaming check drops the terms as it goes).
    pub fn with_count(mut self, n: usize) -> Head<'a> {
        self.term_count = n;
        self
    }

    /// The head of an ACL.
    pub fn of(a: &'a Acl) -> Head<'a> {
        Head {
            name: &a.name,
            source: a.source,
            family: a.family,
            replace: a.replace,
            interface_specific: a.interface_specific,
            receive_acl: a.receive_acl,
            span: a.span,
            term_count: a.terms.len(),
            term_lines: None,
        }
    }
}

struct Last {
    text: String,
    dialect: String,
    acls: Vec<Option<Acl>>,
    diags: Vec<Diagnostic>,
}

thread_local! {
    static LAST: RefCell<Option<Last>> = RefCell::new(None);
}

/// Forgets the IR kept from the last lazy parse (and its copy of the text).
pub fn forget() {
    LAST.with(|l| *l.borrow_mut() = None);
}

/// Keeps the IR of a lazy parse.
pub fn store(text: &str, dialect: &str, acls: Vec<Acl>, diags: Vec<Diagnostic>) {
    let last = Last { text: text.to_string(), dialect: dialect.to_string(), acls: acls.into_iter().map(Some).collect(), diags };
    LAST.with(|l| *l.borrow_mut() = Some(last));
}

/// Runs `f` on the ACL at `index` of the last lazy parse of exactly this text and dialect (and the
/// parse's diagnostics), if still kept, leaving it kept.
pub fn with_kept<R>(text: &str, dialect: &str, index: usize, f: impl FnOnce(&Acl, &[Diagnostic]) -> R) -> Option<R> {
    LAST.with(|l| {
        let l = l.borrow();
        let last = l.as_ref()?;
        if last.dialect != dialect || last.text != text {
            return None;
        }
        let acl = last.acls.get(index)?.as_ref()?;
        Some(f(acl, &last.diags))
    })
}

/// The ACL at `index` of the last lazy parse of exactly this text and dialect, if still kept.
pub fn take(text: &str, dialect: &str, index: usize) -> Option<(Acl, Vec<Diagnostic>)> {
    LAST.with(|l| {
        let mut l = l.borrow_mut();
        let last = l.as_mut()?;
        if last.dialect != dialect || last.text != text {
            return None;
        }
        let acl = last.acls.get_mut(index)?.take()?;
        let diags = last.diags.clone();
        if last.acls.iter().all(|a| a.is_none()) {
            *l = None;
        }
        Some((acl, diags))
    })
}
