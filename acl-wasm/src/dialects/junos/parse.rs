//! Junos pass 1: the pest parser and the structural walk (firewall / family / filter / term).
//! Match and action statements are lowered in `lower.rs`.

use super::lower;
use crate::diag::{Diagnostic, LineIndex};
use crate::ir::{Acl, Comment, CommentStyle, Family, Policer, Source, Span, Term};
use pest::iterators::Pair;
use pest::Parser;
#[allow(missing_docs)]
mod grammar {
    use pest_derive::Parser;

    /// The Junos grammar (`grammar.pest`); `Rule` has one variant per rule.
    #[derive(Parser)]
    #[grammar = "dialects/junos/grammar.pest"]
    pub struct JunosParser;
}
pub use grammar::{JunosParser, Rule};

/// Walk state shared by the passes.
pub struct Walk<'a> {
    /// Line index of the input.
    pub idx: LineIndex<'a>,
    /// Diagnostics sink.
    pub diags: &'a mut Vec<Diagnostic>,
    /// Comments waiting for the next term / filter.
    pub pending: Vec<Comment>,
    /// Inside a `family inet6` filter: ICMP and protocol names are ICMPv6's / IPv6's.
    pub v6: bool,
}

impl<'a> Walk<'a> {
    /// Span of a pair.
    pub fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        self.idx.span(s.start(), s.end())
    }

    /// Records an error.
    pub fn err(&mut self, code: &str, msg: String, span: Span, hint: Option<&str>, term: Option<&str>) {
        let mut d = Diagnostic::error(code, msg, span);
        d.excerpt = self.idx.excerpt(span);
        d.hint = hint.map(|h| h.to_string());
        d.term = term.map(|t| t.to_string());
        self.diags.push(d);
    }

    /// Turns a COMMENT pair into a comment.
    pub fn comment(&self, p: &Pair<Rule>) -> Comment {
        let span = self.span(p);
        let inner = p.clone().into_inner().next();
        let (style, text) = match inner {
            Some(i) if i.as_rule() == Rule::hash_comment => {
                (CommentStyle::Hash, i.into_inner().next().map(|x| x.as_str()).unwrap_or(""))
            }
            Some(i) => (CommentStyle::Block, i.into_inner().next().map(|x| x.as_str()).unwrap_or("")),
            None => (CommentStyle::Block, ""),
        };
        Comment { text: text.trim().to_string(), style, span }
    }
}

/// Removes surrounding double quotes.
pub fn unquote(s: &str) -> &str {
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// Deepest `{`/`[` nesting accepted: the pest parser recurses once per level, and the wasm stack
/// is small, so deeper inputs get a diagnostic instead of a trap.
pub const MAX_DEPTH: usize = 64;

/// Byte offset of the first `{` or `[` nested deeper than [`MAX_DEPTH`] (outside quoted strings
/// and comments), if any.
pub fn too_deep(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let (mut i, mut depth) = (0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => i += b[i + 1..].iter().position(|&c| c == b'"').map(|p| p + 1).unwrap_or(b.len()),
            b'#' => i += b[i..].iter().position(|&c| c == b'\n').unwrap_or(b.len()),
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2 + b[i + 2..].windows(2).position(|w| w == b"*/").map(|p| p + 1).unwrap_or(b.len());
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Parses Junos text into filters: the fast path ([`super::fast`]) when it reads the whole text
/// without a diagnostic, the pest grammar otherwise (and for every diagnostic).
pub fn parse(text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Acl> {
    parse_with(text, diags, true)
}

/// [`parse`], with the fast path on or off (off: pest reads every text; the differential tests
/// compare the two).
pub fn parse_with(text: &str, diags: &mut Vec<Diagnostic>, fast: bool) -> Vec<Acl> {
    if fast {
        if let Some(acls) = super::fast::read(text) {
            return acls;
        }
    }
    let mut w = Walk { idx: LineIndex::new(text), diags, pending: Vec::new(), v6: false };
    if let Some(pos) = too_deep(text) {
        let span = w.idx.span(pos, pos + 1);
        let msg = format!("blocks nested deeper than {} levels", MAX_DEPTH);
        w.err("ACL001", msg, span, Some("a firewall filter needs about 7 levels; check for unclosed '{'"), None);
        return Vec::new();
    }
    let file = match JunosParser::parse(Rule::file, text) {
        Ok(mut p) => p.next().expect("file"),
        Err(e) => {
            let d = syntax_error(&w.idx, text, e);
            w.diags.push(d);
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for p in file.into_inner() {
        match p.as_rule() {
            Rule::COMMENT => {
                let c = w.comment(&p);
                w.pending.push(c);
            }
            Rule::firewall => firewall(&mut w, p, &mut out),
            Rule::filter => {
                let a = filter(&mut w, p, None, false);
                out.push(a);
            }
            Rule::policer => {
                let pol = lower::policer(&mut w, p);
                let mut a = Acl::new(None, Source::Junos);
                a.policers.push(pol);
                out.push(a);
            }
            _ => {}
        }
    }
    trailing(&mut out, std::mem::take(&mut w.pending));
    out
}

/// Comments after the last item of a text: the last filter's trailing comments (a filter of
/// their own when there is none).
pub fn trailing(out: &mut Vec<Acl>, pending: Vec<Comment>) {
    if pending.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(a) => a.trailing_comments.extend(pending),
        None => {
            let mut a = Acl::new(None, Source::Junos);
            a.trailing_comments = pending;
            out.push(a);
        }
    }
}

fn firewall(w: &mut Walk, p: Pair<Rule>, out: &mut Vec<Acl>) {
    let first = out.len();
    let mut policers = Vec::new();
    let mut replace = false;
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::COMMENT => {
                let c = w.comment(&x);
                w.pending.push(c);
            }
            Rule::replace => replace = true,
            Rule::filter => {
                out.push(filter(w, x, None, replace));
                replace = false;
            }
            Rule::policer => {
                policers.push(lower::policer(w, x));
                replace = false;
            }
            Rule::family => {
                let mut fam: Option<Family> = None;
                let mut rep = false;
                for y in x.into_inner() {
                    match y.as_rule() {
                        Rule::tok => {
                            let s = y.as_str();
                            fam = match s {
                                "inet" => Some(Family::Inet),
                                "inet6" => Some(Family::Inet6),
                                "ethernet-switching" => Some(Family::EthernetSwitching),
                                _ => {
                                    let sp = w.span(&y);
                                    w.err("ACL008", format!("unknown family '{}': expected inet, inet6 or ethernet-switching", s), sp, None, None);
                                    None
                                }
                            };
                        }
                        Rule::COMMENT => {
                            let c = w.comment(&y);
                            w.pending.push(c);
                        }
                        Rule::replace => rep = true,
                        Rule::filter => {
                            out.push(filter(w, y, fam, rep));
                            rep = false;
                        }
                        Rule::policer => policers.push(lower::policer(w, y)),
                        Rule::stmt => unknown(w, &y, "family"),
                        _ => {}
                    }
                }
            }
            Rule::stmt => unknown(w, &x, "firewall"),
            _ => {}
        }
    }
    firewall_policers(out, first, policers, replace);
}

/// The policers of a `firewall { ... }` block go ahead of those of its first filter (`first`: its
/// index in `out`); without a filter they make one of their own (`replace`: a `replace:` was last).
pub fn firewall_policers(out: &mut Vec<Acl>, first: usize, mut policers: Vec<Policer>, replace: bool) {
    if policers.is_empty() {
        return;
    }
    if out.len() > first {
        let a = &mut out[first];
        policers.extend(std::mem::take(&mut a.policers));
        a.policers = policers;
    } else {
        let mut a = Acl::new(None, Source::Junos);
        a.replace = replace;
        a.policers = policers;
        out.push(a);
    }
}

fn unknown(w: &mut Walk, p: &Pair<Rule>, inside: &str) {
    let word = p.clone().into_inner().find(|x| x.as_rule() == Rule::tok).map(|x| x.as_str().to_string()).unwrap_or_default();
    let sp = w.span(p);
    let sp = Span { end: sp.start + word.len() as u32, ..sp };
    let hint = match inside {
        "filter" => Some("a filter holds 'term NAME { ... }', 'policer NAME { ... }' and 'interface-specific;'"),
        "term" => Some("a term holds 'from { ... }' and 'then { ... }'"),
        _ => None,
    };
    w.err("ACL008", format!("unknown statement '{}' in {}", word, inside), sp, hint, None);
}

fn filter(w: &mut Walk, p: Pair<Rule>, family: Option<Family>, replace: bool) -> Acl {
    let span = w.span(&p);
    let mut a = Acl::new(None, Source::Junos);
    a.family = family;
    a.replace = replace;
    a.span = span;
    w.v6 = family == Some(Family::Inet6);
    a.comments = std::mem::take(&mut w.pending);
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::replace => a.replace = true,
            Rule::tok => a.name = Some(unquote(x.as_str()).to_string()),
            Rule::COMMENT => {
                let c = w.comment(&x);
                w.pending.push(c);
            }
            Rule::policer => a.policers.push(lower::policer(w, x)),
            Rule::term => {
                let t = term(w, x);
                a.terms.push(t);
            }
            Rule::stmt => {
                let first = x.clone().into_inner().find(|y| y.as_rule() == Rule::tok).map(|y| y.as_str().to_string()).unwrap_or_default();
                if first == "interface-specific" {
                    a.interface_specific = true;
                } else {
                    unknown(w, &x, "filter");
                }
            }
            _ => {}
        }
    }
    a.trailing_comments = std::mem::take(&mut w.pending);
    a
}

fn term(w: &mut Walk, p: Pair<Rule>) -> Term {
    let mut t = Term::new(crate::ir::ActionKind::Accept);
    t.span = w.span(&p);
    t.comments = std::mem::take(&mut w.pending);
    let mut has_action = false;
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::inactive => t.inactive = true,
            Rule::tok => t.name = Some(unquote(x.as_str()).to_string()),
            Rule::COMMENT => {
                let c = w.comment(&x);
                t.comments.push(c);
            }
            Rule::from => lower::from(w, x, &mut t),
            Rule::then => lower::then(w, x, &mut t, &mut has_action),
            Rule::stmt => {
                let name = t.name.clone();
                let before = w.diags.len();
                unknown(w, &x, "term");
                for d in w.diags[before..].iter_mut() {
                    d.term = name.clone();
                }
            }
            _ => {}
        }
    }
    t
}

fn syntax_error(idx: &LineIndex, text: &str, e: pest::error::Error<Rule>) -> Diagnostic {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let mut msg = String::from("syntax error");
    let mut hint = None;
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &e.variant {
        if positives.contains(&Rule::semi) {
            msg = "missing ';'".to_string();
            hint = Some("every Junos statement ends with ';' or a '{ ... }' block");
        } else if positives.iter().any(|r| matches!(r, Rule::stmt | Rule::term | Rule::from | Rule::then)) {
            msg = "expected a statement or '}'".to_string();
        } else if positives.contains(&Rule::EOI) || positives.iter().any(|r| matches!(r, Rule::firewall | Rule::filter | Rule::policer)) {
            msg = "expected 'firewall {', 'filter NAME {' or 'policer NAME {'".to_string();
        } else if positives.contains(&Rule::tok) {
            msg = "expected a name".to_string();
        }
    }
    let mut pos = pos.min(text.len());
    if msg == "missing ';'" {
        pos = text[..pos].trim_end().len();
    }
    let rest = &text[pos..];
    if rest.starts_with("/*") && !rest.contains("*/") {
        msg = "comment missing '*/'".to_string();
        hint = Some("close every '/*' comment with '*/'");
    } else if msg == "missing ';'" {
        msg = format!("missing ';' at the end of line {}", idx.span(pos, pos).line);
    } else if rest.is_empty() {
        msg = format!("{}: unexpected end of input (unbalanced '{{')", msg);
    } else {
        let found: String = rest.chars().take_while(|c| !c.is_whitespace()).take(20).collect();
        if !found.is_empty() {
            msg = format!("{}, found '{}'", msg, found);
        }
    }
    let span = idx.span(pos, pos + 1.min(rest.len()));
    let mut d = Diagnostic::error(if msg.starts_with("missing ';'") { "ACL007" } else { "ACL001" }, msg, span);
    d.excerpt = idx.excerpt(span);
    d.hint = hint.map(|h| h.to_string());
    d
}
